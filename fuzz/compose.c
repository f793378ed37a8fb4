/* compose.c - target (d): a paragraph made from the bytes (paragraph.c),
 * composed with the sample template's body style, and what every composed
 * paragraph must hold, checked: lines in order within the text, no text
 * lost but spaces at breaks, positions finite, and each run's clusters
 * covering its text and glyphs exactly (cairo refuses a run whose clusters
 * do not, and the page would fail to render). */
#include "fuzz_internal.h"

#include <math.h>
#include <stdlib.h>

static void set_up(bs_fuzz *fz)
{
    bs_buf path = {0};
    bs_buf_printf(&path, "%s/layouts/duikai-8col.yaml", fz->source_dir);
    fz->tpl = bs_template_load(fz->ctx, path.data);
    bs_buf_free(&path);
    if (!fz->tpl) bs_fuzz_die("cannot load the sample template: %s", bs_ctx_last_error(fz->ctx));
    fz->fonts = bs_fonts_open(fz->ctx, fz->tpl->fonts_conf);
    if (!fz->fonts) bs_fuzz_die("cannot open the fonts: %s", bs_ctx_last_error(fz->ctx));
    fz->composer = bs_composer_new(fz->ctx, fz->fonts);
    if (!fz->composer) bs_fuzz_die("cannot make the composer: %s", bs_ctx_last_error(fz->ctx));
}

static double line_width(void *user, int line)
{
    const bs_fuzz_para *para = user;
    if (line < 0) bs_fuzz_die("the composer asked for the width of line %d", line);
    return para->widths[line < 2 ? line : 2];
}

/* Text the composer may leave out: word spaces at a line's edges
 * (linebreak.c trims them). */
static void expect_spaces(const bs_fuzz_para *para, size_t from, size_t to, const char *where)
{
    for (size_t i = from; i < to;) {
        uint32_t cp;
        int k = bs_utf8_decode(para->spec.text + i, to - i, &cp);
        if (bs_char_classify(cp) != BS_CH_SPACE)
            bs_fuzz_die("U+%04X at byte %zu (%s) is in no line", (unsigned)cp, i, where);
        i += k > 0 ? (size_t)k : 1;
    }
}

static void check_run(const bs_line *line, const bs_line_run *run, size_t r)
{
    if (run->start > run->end || run->start < line->start || run->end > line->end)
        bs_fuzz_die("run %zu [%zu, %zu) is outside its line [%zu, %zu)", r, run->start, run->end, line->start,
                    line->end);
    for (size_t g = 0; g < run->nglyphs; g++)
        if (!isfinite(run->x[g]) || !isfinite(run->y[g]))
            bs_fuzz_die("run %zu: glyph %zu is at (%g, %g)", r, g, run->x[g], run->y[g]);
    if (run->nclusters == 0) return;
    size_t bytes = 0, glyphs = 0;
    for (size_t c = 0; c < run->nclusters; c++) {
        if (run->cluster_bytes[c] < 0 || run->cluster_glyphs[c] < 0)
            bs_fuzz_die("run %zu: cluster %zu has %d bytes and %d glyphs", r, c, run->cluster_bytes[c],
                        run->cluster_glyphs[c]);
        bytes += (size_t)run->cluster_bytes[c];
        glyphs += (size_t)run->cluster_glyphs[c];
    }
    if (bytes != run->end - run->start || glyphs != run->nglyphs)
        bs_fuzz_die("run %zu: clusters cover %zu bytes and %zu glyphs of %zu and %zu", r, bytes, glyphs,
                    run->end - run->start, run->nglyphs);
}

static void check_layout(const bs_fuzz_para *para, const bs_para_layout *layout)
{
    size_t len = para->spec.len, at = 0;
    for (size_t k = 0; k < layout->nlines; k++) {
        const bs_line *line = &layout->lines[k];
        if (line->start > line->end || line->end > len || line->start < at)
            bs_fuzz_die("line %zu [%zu, %zu) is out of order in %zu bytes", k, line->start, line->end, len);
        if (!isfinite(line->width) || !isfinite(line->natural) || !isfinite(line->adjust_em))
            bs_fuzz_die("line %zu: width %g, natural %g, adjustment %g em", k, line->width, line->natural,
                        line->adjust_em);
        if (para->spec.target_lines == 0) expect_spaces(para, at, line->start, "before a line");
        size_t run_at = line->start;
        for (size_t r = 0; r < line->nruns; r++) {
            if (line->runs[r].start < run_at) bs_fuzz_die("line %zu: run %zu is out of order", k, r);
            check_run(line, &line->runs[r], r);
            run_at = line->runs[r].end;
        }
        at = line->end;
    }
    /* with target lines that cannot be met, no lines is the answer */
    if (para->spec.target_lines == 0) expect_spaces(para, at, len, "at the end");
}

/* BS_FUZZ_VERBOSE=1: what was composed, to read a finding by. */
static void dump(const bs_fuzz_para *para, const bs_para_layout *layout)
{
    fprintf(stderr, "paragraph of %zu bytes at %g, %g, %g pt, %zu spans:", para->spec.len, para->widths[0],
            para->widths[1], para->widths[2], para->spec.nspans);
    for (size_t i = 0; i < para->spec.len;) {
        uint32_t cp;
        int k = bs_utf8_decode(para->spec.text + i, para->spec.len - i, &cp);
        fprintf(stderr, " %zu:U+%04X", i, (unsigned)cp);
        i += k > 0 ? (size_t)k : 1;
    }
    fputc('\n', stderr);
    for (size_t k = 0; layout && k < layout->nlines; k++)
        fprintf(stderr, "line %zu: [%zu, %zu) measure %g width %g\n", k, layout->lines[k].start, layout->lines[k].end,
                layout->lines[k].measure, layout->lines[k].width);
}

void bs_fuzz_compose(bs_fuzz *fz, const uint8_t *data, size_t size)
{
    if (!fz->composer) set_up(fz);
    bs_fuzz_para para;
    bs_fuzz_para_make(&para, fz->tpl, data, size);
    bs_arena *arena = bs_arena_new();
    bs_para_layout *layout = bs_compose(fz->composer, arena, &para.spec, line_width, &para);
    if (fz->verbose) dump(&para, layout);
    /* the template's fonts resolve, so nothing here may fail */
    if (!layout) bs_fuzz_die("bs_compose failed: %s", bs_ctx_last_error(fz->ctx));
    check_layout(&para, layout);
    bs_arena_free(arena);
    bs_fuzz_para_free(&para);
    bs_ctx_reset_counts(fz->ctx);
}
