/* floor_input.c - the floor's input for a page or a whole edition: each
 * page composed here with the library (as `broadsheet render` and
 * `broadsheet edition` compose it), its text written out by floor_text.c,
 * so that broadsheet-floor's timed run does nothing but set it. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

static bool write_page(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const bs_page_opts *opts, FILE *out,
                       bench_floor_input *in, bs_page_report *report)
{
    bs_dlist *dl = bs_page_compose_with(ctx, fonts, page, opts, report);
    if (!dl) return false;
    in->chars += bench_floor_text(out, page, dl);
    BS_VEC_RESERVE(in->pages, in->pages_cap, in->npages + 1);
    in->pages[in->npages++] = bs_xstrdup(page->id);
    if (!in->fonts_conf) in->fonts_conf = bs_xstrdup(page->template_->fonts_conf);
    bs_dlist_free(dl);
    return true;
}

bool bench_floor_input_page(const char *page_path, FILE *out, bench_floor_input *in)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_page *page = bs_page_load(ctx, page_path);
    bs_fonts *fonts = page ? bs_fonts_open(ctx, page->template_->fonts_conf) : NULL;
    bs_page_report report = {0};
    bool ok = fonts && write_page(ctx, fonts, page, NULL, out, in, &report);
    bs_page_report_free(&report);
    bs_fonts_close(fonts);
    bs_page_free(page);
    bs_ctx_free(ctx);
    return ok;
}

/* The pages in edition order, each told where the stories it takes over
 * resume on the pages before it (jumps only go forward). One font setup
 * for them all: the pages of one edition share a template here. */
bool bench_floor_input_edition(const char *edition_path, FILE *out, bench_floor_input *in)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_edition_file *file = bs_edition_load(ctx, edition_path);
    bs_arena *arena = bs_arena_new();
    size_t n = file ? file->npages : 0, loaded = 0;
    bs_page **pages = bs_xcalloc(n ? n : 1, sizeof *pages);
    bool ok = file != NULL;
    for (size_t i = 0; ok && i < n; i++) ok = (pages[loaded++] = bs_page_load_in(ctx, file->pages[i], &file->edition));
    bs_page_jumps *jumps = BS_ARENA_ARRAY(arena, bs_page_jumps, n ? n : 1);
    if (ok) ok = bs_edition_jumps(ctx, pages, n, arena, jumps);
    bs_fonts *fonts = ok && n > 0 ? bs_fonts_open(ctx, pages[0]->template_->fonts_conf) : NULL;
    for (size_t i = 0; fonts && ok && i < n; i++) {
        bs_page_opts opts = {jumps[i].out, jumps[i].nout, jumps[i].in, jumps[i].nin, false};
        bs_page_report report = {0};
        ok = write_page(ctx, fonts, pages[i], &opts, out, in, &report);
        if (ok) bs_jumps_take_rest(ctx, pages[i], &report, jumps, n);
        bs_page_report_free(&report);
    }
    ok = ok && fonts != NULL;
    bs_fonts_close(fonts);
    for (size_t i = 0; i < loaded; i++) bs_page_free(pages[i]);
    free(pages);
    bs_arena_free(arena);
    bs_edition_free(file);
    bs_ctx_free(ctx);
    return ok;
}

void bench_floor_input_free(bench_floor_input *in)
{
    for (size_t i = 0; i < in->npages; i++) free(in->pages[i]);
    free(in->pages);
    free(in->fonts_conf);
    *in = (bench_floor_input){0};
}
