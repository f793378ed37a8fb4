/* setline.c - set each broken line to its measure: take the shrink from
 * punctuation in clreq's order (word spaces and Han–Latin spacing, then the
 * outer blank of brackets, then ，、；：, then 。？！), or add stretch to
 * word spaces and Han–Latin spacing first and then evenly between all
 * characters; and place every glyph. */
#include "text_internal.h"

#include <string.h>

typedef struct adjustment {
    double offset;                     /* where the first box starts */
    double shrink_ratio[BS_ADJ_LEVELS];
    double glue_ratio;                 /* share of the glue stretch used */
    double per_gap;                    /* added to each stretchable gap */
} adjustment;

static void plan_shrink(const bs_line_fit *fit, double need, adjustment *adj)
{
    for (int l = 0; l < BS_ADJ_LEVELS && need > 0; l++) {
        if (fit->shrink[l] <= 0) continue;
        double take = need < fit->shrink[l] ? need : fit->shrink[l];
        adj->shrink_ratio[l] = take / fit->shrink[l];
        need -= take;
    }
}

static void plan_stretch(const bs_line_fit *fit, double extra, adjustment *adj)
{
    double glue = extra < fit->stretch_glue ? extra : fit->stretch_glue;
    if (fit->stretch_glue > 0) adj->glue_ratio = glue / fit->stretch_glue;
    if (fit->gaps > 0) adj->per_gap = (extra - glue) / fit->gaps;
}

static adjustment plan_line(const bs_line_fit *fit, double measure, bs_align align, bool last)
{
    adjustment adj;
    memset(&adj, 0, sizeof adj);
    double delta = measure - fit->natural;
    if (delta < 0) {
        plan_shrink(fit, -delta, &adj);
        return adj;
    }
    switch (align) {
    case BS_ALIGN_JUSTIFY:
        if (!last) plan_stretch(fit, delta, &adj);
        break;
    case BS_ALIGN_DISTRIBUTE:
        if (fit->gaps > 0 || fit->stretch_glue > 0) plan_stretch(fit, delta, &adj);
        else adj.offset = delta / 2;
        break;
    case BS_ALIGN_CENTER: adj.offset = delta / 2; break;
    case BS_ALIGN_END: adj.offset = delta; break;
    case BS_ALIGN_START: break;
    }
    return adj;
}

/* Group the line's atoms into runs of one font and style. */
static size_t count_runs(const bs_para *p, const bs_line_fit *fit)
{
    size_t runs = 0;
    for (size_t i = fit->first; i <= fit->last; i++)
        if (i == fit->first || p->atoms[i].font != p->atoms[i - 1].font ||
            p->atoms[i].style != p->atoms[i - 1].style)
            runs++;
    return runs;
}

static void place_atoms(const bs_para *p, bs_arena *arena, const bs_line_fit *fit, const adjustment *adj,
                        double start_x, bs_line *line)
{
    line->nruns = count_runs(p, fit);
    line->runs = BS_ARENA_ARRAY(arena, bs_line_run, line->nruns);
    bs_line_run *run = NULL;
    double x = start_x;
    for (size_t i = fit->first; i <= fit->last; i++) {
        const bs_atom *a = &p->atoms[i];
        if (!run || a->font != run->font || a->style != run->style) {
            run = run ? run + 1 : line->runs;
            run->font = a->font;
            run->style = a->style;
            run->start = a->start;
            /* sized for the whole line; a line has few atoms */
            size_t glyphs = p->atoms[fit->last].g1 - a->g0, clusters = fit->last - i + 1;
            run->glyphs = BS_ARENA_ARRAY(arena, uint32_t, glyphs);
            run->x = BS_ARENA_ARRAY(arena, double, glyphs);
            run->y = BS_ARENA_ARRAY(arena, double, glyphs);
            run->cluster_bytes = BS_ARENA_ARRAY(arena, int, clusters);
            run->cluster_glyphs = BS_ARENA_ARRAY(arena, int, clusters);
        }
        double left_cut = i == fit->first ? fit->start_cut : a->blank_l * adj->shrink_ratio[a->level];
        double right_cut = i == fit->last ? fit->end_cut : a->blank_r * adj->shrink_ratio[a->level];
        double gx = x + a->glyph_dx - left_cut;
        for (size_t g = a->g0; g < a->g1; g++) {
            run->glyphs[run->nglyphs] = p->glyph_id[g];
            run->x[run->nglyphs] = gx + p->glyph_x_offset[g];
            run->y[run->nglyphs] = p->glyph_y_offset[g];
            run->nglyphs++;
            gx += p->glyph_advance[g];
        }
        run->cluster_bytes[run->nclusters] = (int)(a->end - a->start);
        run->cluster_glyphs[run->nclusters] = (int)(a->g1 - a->g0);
        run->nclusters++;
        run->end = a->end;
        x += a->box - left_cut - right_cut;
        if (i < fit->last) {
            x += a->glue - a->glue_shrink * adj->shrink_ratio[BS_ADJ_SPACE] + a->glue_stretch * adj->glue_ratio;
            if (a->gap_stretch) x += adj->per_gap;
        }
    }
    line->width = x;
}

bool bs_para_set_lines(const bs_para *p, bs_arena *arena, const bs_breaking *breaking, bs_width_fn width,
                       void *user, bs_para_layout *layout)
{
    const bs_para_spec *spec = p->spec;
    double indent = spec->no_indent ? 0 : spec->style->indent;
    layout->lines = BS_ARENA_ARRAY(arena, bs_line, breaking->nlines);
    size_t start = 0;
    for (size_t k = 0; k < breaking->nlines; k++) {
        size_t end = breaking->ends[k];
        bs_line *line = &layout->lines[layout->nlines];
        bs_line_fit fit;
        double line_indent = k == 0 ? indent : 0;
        if (!bs_line_measure(p, start, end, line_indent, &fit)) {
            start = end;
            continue;   /* nothing but spaces */
        }
        line->measure = width(user, (int)layout->nlines);
        line->last = k + 1 == breaking->nlines;
        adjustment adj = plan_line(&fit, line->measure, spec->style->align, line->last);
        place_atoms(p, arena, &fit, &adj, adj.offset + line_indent, line);
        line->start = p->atoms[fit.first].start;
        line->end = p->atoms[fit.last].end;
        line->natural = fit.natural;
        line->adjust_em = (line->width - adj.offset - fit.natural) / spec->style->size;
        if (adj.per_gap > BS_GAP_STRETCH_EM * spec->style->size + 0.01) layout->loose_lines++;
        layout->nlines++;
        start = end;
    }
    return true;
}
