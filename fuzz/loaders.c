/* loaders.c - targets (a) to (c) and (e): the loaders, each given the fuzzer's
 * bytes as its file. A loader must report bad input and return NULL, never
 * crash, leak or hang; what it returns is freed again at once. */
#include "fuzz_internal.h"

#include <stdlib.h>
#include <string.h>

void bs_fuzz_template(bs_fuzz *fz, const uint8_t *data, size_t size)
{
    const char *path = bs_fuzz_write_input(fz, "template.yaml", data, size);
    bs_template_free(bs_template_load(fz->ctx, path));
    bs_ctx_reset_counts(fz->ctx);
}

void bs_fuzz_page(bs_fuzz *fz, const uint8_t *data, size_t size)
{
    const char *path = bs_fuzz_write_input(fz, "page.yaml", data, size);
    bs_page_free(bs_page_load_in(fz->ctx, path, NULL));
    bs_page_free(bs_page_load_in(fz->ctx, path, &fz->edition));
    bs_edition_free(bs_edition_load(fz->ctx, path));
    bs_ctx_reset_counts(fz->ctx);
}

void bs_fuzz_story(bs_fuzz *fz, const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, not NUL-terminated, whoever calls:
     * a read past the end is a finding. */
    char *text = bs_xmalloc(size ? size : 1);
    if (size) memcpy(text, data, size);
    bs_arena *arena = bs_arena_new();
    bs_story_parse(fz->ctx, arena, "story.md", text, size);
    bs_arena_free(arena);
    free(text);
    bs_ctx_reset_counts(fz->ctx);
}

void bs_fuzz_image(bs_fuzz *fz, const uint8_t *data, size_t size)
{
    const char *path = bs_fuzz_write_input(fz, "picture", data, size);
    bs_image_info info;
    bs_image_probe(fz->ctx, path, &info);
    bs_ctx_reset_counts(fz->ctx);
}
