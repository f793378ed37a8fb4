/* fuzz.c - what the fuzz targets keep from one input to the next. */
#include "fuzz_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void bs_fuzz_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bs_fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* Bad input is what the fuzzer makes; its messages would drown the
 * findings. They are still formatted (bs_diag), so formatting is tested. */
static void sink(void *user, bs_severity severity, const char *text)
{
    (void)severity;
    const bs_fuzz *fz = user;
    if (fz->verbose) fprintf(stderr, "%s\n", text);
}

bs_fuzz *bs_fuzz_new(const char *source_dir)
{
    bs_fuzz *fz = bs_xcalloc(1, sizeof *fz);
    fz->source_dir = bs_xstrdup(source_dir);
    const char *verbose = getenv("BS_FUZZ_VERBOSE");
    fz->verbose = verbose && strcmp(verbose, "1") == 0;
    fz->ctx = bs_ctx_new();
    bs_ctx_set_sink(fz->ctx, sink, fz);
    fz->scratch = bs_fuzz_scratch_new(source_dir, &fz->input_dir);
    /* samples/jzrb-2023-01-31/edition.yaml */
    fz->edition = (bs_edition){.paper = "焦作日报", .year = 2023, .month = 1, .day = 31, .issue = 13900, .pages = 12};
    return fz;
}

void bs_fuzz_free(bs_fuzz *fz)
{
    if (!fz) return;
    bs_composer_free(fz->composer);
    bs_fonts_close(fz->fonts);
    bs_template_free(fz->tpl);
    bs_fuzz_scratch_free(fz->scratch);
    free(fz->scratch);
    free(fz->input_dir);
    bs_buf_free(&fz->input_path);
    bs_ctx_free(fz->ctx);
    free(fz->source_dir);
    free(fz);
}
