/* fuzz_internal.h - what the fuzz targets' files share.
 *
 *   fuzz.c        the bs_fuzz: context, scratch folder, the composer's setting
 *   scratch.c     the scratch folder the loaders read their input from
 *   loaders.c     targets (a), (b), (c), (e): template, page and edition, story, picture
 *   compose.c     target (d): the composer, and what a composed line must hold
 *   paragraph.c   a paragraph made from the fuzzer's bytes
 *   entry.c       the libFuzzer entry points
 */
#ifndef BS_FUZZ_INTERNAL_H
#define BS_FUZZ_INTERNAL_H

#include "bs_fuzz.h"
#include "bs_text.h"

struct bs_fuzz {
    char *source_dir;
    bs_ctx *ctx;
    bool verbose;             /* BS_FUZZ_VERBOSE=1: print the diagnostics */
    char *scratch;            /* the scratch folder */
    char *input_dir;          /* where an input is written (scratch.c says why there) */
    bs_buf input_path;        /* the last input written */
    bs_edition edition;       /* the sample edition's data, for pages of an edition */
    /* the composer's setting, made on its first input */
    bs_template *tpl;
    bs_fonts *fonts;
    bs_composer *composer;
};

/* fuzz.c: print, then abort (a fuzzer finding). */
_Noreturn void bs_fuzz_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* scratch.c: make the scratch folder (see there), return it and set
 * *input_dir; remove it again. */
char *bs_fuzz_scratch_new(const char *source_dir, char **input_dir);
void bs_fuzz_scratch_free(const char *scratch);

/* scratch.c: write the input as `name` in the input folder; returns its
 * path (valid until the next write). */
const char *bs_fuzz_write_input(bs_fuzz *fz, const char *name, const uint8_t *data, size_t size);

/* paragraph.c: a paragraph for the composer, made from the bytes. */
typedef struct bs_fuzz_para {
    bs_buf text;
    bs_text_span *spans;
    size_t nspans, cap;
    bs_style style;           /* the paragraph's: the body style, varied by the bytes */
    bs_para_spec spec;        /* ready to compose: points into the above */
    double widths[3];         /* line k is set at widths[min(k, 2)], pt */
} bs_fuzz_para;

void bs_fuzz_para_make(bs_fuzz_para *para, const bs_template *tpl, const uint8_t *data, size_t size);
void bs_fuzz_para_free(bs_fuzz_para *para);

#endif /* BS_FUZZ_INTERNAL_H */
