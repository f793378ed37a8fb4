/*
 * bs_fuzz.h - the fuzz targets' bodies (docs/fuzzing.md). Each takes one
 * input the way the fuzzer hands it over and puts it through one part of
 * the engine; a crash, a sanitizer report or a broken invariant (abort) is
 * a finding. The same bodies serve the libFuzzer binaries (entry.c) and the
 * regression test that replays the findings in the normal suite.
 *
 * A bs_fuzz holds what outlives one input: a context whose diagnostics are
 * dropped (printed with BS_FUZZ_VERBOSE=1), a scratch folder beside which
 * the sample's templates, stories and photos are found, and, for the
 * composer, the sample template and its fonts.
 */
#ifndef BS_FUZZ_H
#define BS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

typedef struct bs_fuzz bs_fuzz;

/* source_dir: the project's folder (layouts/, samples/, fonts.conf). The
 * scratch folder is made under $TMPDIR (else /tmp). Aborts on failure: a
 * fuzzer without its setting would find nothing. */
bs_fuzz *bs_fuzz_new(const char *source_dir);
void bs_fuzz_free(bs_fuzz *fz);

/* (a) a template file (bs_template_load) */
void bs_fuzz_template(bs_fuzz *fz, const uint8_t *data, size_t size);
/* (b) a page file, alone and as a page of the sample edition
 * (bs_page_load_in), and the same bytes as an edition file (bs_edition_load) */
void bs_fuzz_page(bs_fuzz *fz, const uint8_t *data, size_t size);
/* (c) a story from memory (bs_story_parse) */
void bs_fuzz_story(bs_fuzz *fz, const uint8_t *data, size_t size);
/* (d) a paragraph made from the bytes (paragraph.c), composed with the
 * sample template's body style at the widths the bytes give (bs_compose) */
void bs_fuzz_compose(bs_fuzz *fz, const uint8_t *data, size_t size);
/* (e) a picture file (bs_image_probe): JPEG, PNG or SVG, told by content,
 * checked whole (an SVG is also drawn once, small) */
void bs_fuzz_image(bs_fuzz *fz, const uint8_t *data, size_t size);

#endif /* BS_FUZZ_H */
