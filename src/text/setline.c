/* setline.c - set each broken line to its measure: take the shrink from
 * punctuation in clreq's order (word spaces and Han–Latin spacing, then the
 * outer blank of brackets, then ，、；：, then 。？！), or add stretch to
 * word spaces and Han–Latin spacing first and then evenly between all
 * characters; and place every glyph. */
#include "text_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct adjustment {
    double offset;                     /* where the first box starts */
    double start_restore;              /* blank given back to a line-start mark */
    double end_restore;                /* blank given back to a line-end mark */
    double glue_shrink_ratio;          /* share of word-space and Han–Latin shrink used */
    double *cut;                       /* per atom of the line: blank taken out */
    double glue_ratio;                 /* share of the glue stretch used */
    double per_gap;                    /* added to each stretchable gap */
} adjustment;

/* Proportional shrink, level by level in clreq's order. */
static void shrink_by_level(const bs_para *p, const bs_line_fit *fit, double need, adjustment *adj)
{
    double ratio[BS_ADJ_LEVELS] = {0};
    for (int l = BS_ADJ_BRACKET; l < BS_ADJ_LEVELS && need > 0; l++) {
        if (fit->shrink[l] <= 0) continue;
        double take = need < fit->shrink[l] ? need : fit->shrink[l];
        ratio[l] = take / fit->shrink[l];
        need -= take;
    }
    for (size_t i = fit->first + 1; i < fit->last; i++) {
        const bs_atom *a = &p->atoms[i];
        adj->cut[i - fit->first] = (a->blank_l + a->blank_r) * ratio[a->level];
    }
}

/* On the character grid, which marks give up their blank matters: every
 * character after a cut moves. Choose the `k` marks (of those allowed)
 * that leave the most Han characters on whole cells; each cut moves the
 * rest of the line by `unit` (½ em, or ¼ em for a face that centres its
 * marks), and a line whose start was cut begins `start_units` off. */
typedef struct grid_choice {
    const bs_para *p;
    const bs_line_fit *fit;
    size_t *cand;                      /* candidate atoms, in line order */
    size_t ncand;
    int modulus;                       /* cuts that make one whole cell */
    int start_units;
} grid_choice;

static int han_between(const bs_para *p, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to; i++) n += p->atoms[i].cls == BS_CH_HAN;
    return n;
}

/* Returns the number of Han characters left off the grid (plus a little
 * for the levels of the marks cut), or a huge value if `k` cuts cannot be
 * made. */
static double choose_grid_cuts(const grid_choice *g, int k, bool *chosen)
{
    size_t m_count = g->ncand;
    const double off = 1e18;
    if (k < 0 || (size_t)k > m_count) return off;
    double *dp = bs_xmalloc((m_count + 1) * (size_t)(k + 1) * sizeof *dp);
    bool *took = bs_xcalloc((m_count + 1) * (size_t)(k + 1), sizeof *took);
#define DP(m, c) dp[(m) * (size_t)(k + 1) + (size_t)(c)]
    for (size_t m = 0; m <= m_count; m++)
        for (int c = 0; c <= k; c++) DP(m, c) = off;
    /* segment 0: from the line's start to the first candidate */
    DP(0, 0) = (g->start_units % g->modulus) ? han_between(g->p, g->fit->first, g->cand[0]) : 0;
    for (size_t m = 1; m <= m_count; m++) {
        size_t seg_end = m < m_count ? g->cand[m] : g->fit->last + 1;
        int han = han_between(g->p, g->cand[m - 1] + 1, seg_end);
        double level = g->p->atoms[g->cand[m - 1]].level;
        for (int c = 0; c <= k; c++) {
            double keep = DP(m - 1, c);
            double cut = c > 0 ? DP(m - 1, c - 1) + 1e-3 * level : off;
            bool take = cut < keep;
            double best = take ? cut : keep;
            if (best >= off) continue;
            DP(m, c) = best + (((g->start_units + c) % g->modulus) ? han : 0);
            took[m * (size_t)(k + 1) + (size_t)c] = take;
        }
    }
    double cost = DP(m_count, k);
    for (size_t m = m_count, c = (size_t)k; cost < off && m > 0; m--) {
        chosen[m - 1] = took[m * (size_t)(k + 1) + c];
        if (chosen[m - 1]) c--;
    }
#undef DP
    free(dp);
    free(took);
    return cost;
}

/* Does the edge mark's cut equal one mark's blank? */
static bool one_unit(double cut, double unit) { return cut > 0 && cut - unit < 0.01 && unit - cut < 0.01; }

/* On the grid, `k` whole cuts among the candidates. A mark at the line's
 * edge whose blank was cut (edge-marks: keep-cell) may keep its cell
 * instead, for one more cut inside the line: cutting two marks moves the
 * characters after the second by a whole cell, back onto the grid, where
 * one cut and the edge leave them all half a cell off (设。对此，市委… keeps
 * 市委… on the grid by cutting 。 and ， rather than ， and the line end).
 * Of the four ways, the one leaving the fewest characters off the grid;
 * on a tie, the fewest edges given back. */
static bool cut_on_grid(grid_choice *g, int k, double unit, adjustment *adj)
{
    const bs_line_fit *fit = g->fit;
    bool *chosen = bs_xcalloc(g->ncand, sizeof *chosen), *best_chosen = bs_xcalloc(g->ncand, sizeof *best_chosen);
    double best = 1e17;
    int best_way = -1;
    for (int way = 0; way < 4; way++) {
        bool start = way & 1, end = way & 2;
        if ((start && !one_unit(fit->start_cut, unit)) || (end && !one_unit(fit->end_cut, unit))) continue;
        g->start_units = start ? 0 : (int)(fit->start_cut / unit + 0.5);
        memset(chosen, 0, g->ncand * sizeof *chosen);
        double cost = choose_grid_cuts(g, k + start + end, chosen);
        if (cost < best - 0.5) {
            best = cost;
            best_way = way;
            memcpy(best_chosen, chosen, g->ncand * sizeof *chosen);
        }
    }
    if (best_way >= 0) {
        adj->start_restore = best_way & 1 ? fit->start_cut : 0;
        adj->end_restore = best_way & 2 ? fit->end_cut : 0;
        for (size_t c = 0; c < g->ncand; c++)
            if (best_chosen[c]) adj->cut[g->cand[c] - fit->first] = unit;
    }
    free(chosen);
    free(best_chosen);
    return best_way >= 0;
}

/* Take `need` from the marks: on the grid by choosing whole marks when the
 * need is a whole number of equal blanks, else proportionally. */
static void shrink_marks(const bs_para *p, const bs_line_fit *fit, double need, bool on_grid, adjustment *adj)
{
    /* clreq takes the levels in order; on the grid every mark may give its
     * blank, the lower levels winning only ties (grid_choice) */
    int top = BS_ADJ_BRACKET;
    double have = 0;
    while (top < BS_ADJ_LEVELS - 1 && (have += fit->shrink[top]) < need - 0.01) top++;
    if (on_grid) top = BS_ADJ_LEVELS - 1;
    size_t n = fit->last - fit->first + 1;
    size_t *cand = bs_xmalloc(n * sizeof *cand);
    size_t ncand = 0;
    double unit = 0;
    bool equal = true;
    for (size_t i = fit->first + 1; i < fit->last; i++) {
        const bs_atom *a = &p->atoms[i];
        double blank = a->blank_l + a->blank_r;
        if (blank <= 0 || (int)a->level > top) continue;
        if (unit == 0) unit = blank;
        equal = equal && blank == unit;
        cand[ncand++] = i;
    }
    double k = unit > 0 ? need / unit : 0;
    /* k is compared before it is rounded: a line far too long for its
     * measure needs more cuts than an int holds */
    bool whole = ncand > 0 && equal && k < (double)ncand + 1 && k - (int)(k + 0.5) < 0.01 &&
                 (int)(k + 0.5) - k < 0.01 && (int)(k + 0.5) <= (int)ncand;
    double em = p->spec->style->size;
    /* no candidates, no unit: nothing to choose on the grid */
    grid_choice g = {p, fit, cand, ncand, unit > 0 ? (int)(em / unit + 0.5) : 0, 0};
    if (whole && on_grid && g.modulus > 0 && cut_on_grid(&g, (int)(k + 0.5), unit, adj)) {
        /* set */
    } else {
        shrink_by_level(p, fit, need, adj);
    }
    free(cand);
}

static void plan_shrink(const bs_para *p, const bs_line_fit *fit, double need, adjustment *adj)
{
    double glue = fit->shrink[BS_ADJ_SPACE];
    if (glue > 0) {
        double take = need < glue ? need : glue;
        adj->glue_shrink_ratio = take / glue;
        need -= take;
    }
    if (need > 0.001) shrink_marks(p, fit, need, p->spec->on_grid, adj);
}

static void plan_stretch(const bs_line_fit *fit, double extra, adjustment *adj)
{
    double glue = extra < fit->stretch_glue ? extra : fit->stretch_glue;
    if (fit->stretch_glue > 0) adj->glue_ratio = glue / fit->stretch_glue;
    if (fit->gaps > 0) adj->per_gap = (extra - glue) / fit->gaps;
}

/* edge-marks: keep-cell. A line with room first gives back the blanks cut
 * at its edges: the opening mark at its start (which puts the whole line
 * back on the grid), then the mark at its end (flush by its box). */
static double restore_edges(const bs_line_fit *fit, double delta, adjustment *adj)
{
    adj->start_restore = delta < fit->start_cut ? delta : fit->start_cut;
    delta -= adj->start_restore;
    adj->end_restore = delta < fit->end_cut ? delta : fit->end_cut;
    return delta - adj->end_restore;
}

/* On the grid, a centred or end-aligned line starts on a whole cell. */
static double grid_offset(const bs_para *p, double offset)
{
    if (!p->spec->on_grid) return offset;
    double em = p->spec->style->size;
    return em * (double)(long)(offset / em + 0.5);
}

static void plan_line(const bs_para *p, const bs_line_fit *fit, double measure, bool last, adjustment *adj)
{
    bs_align align = p->spec->style->align;
    double delta = measure - fit->natural;
    if (delta < 0) {
        plan_shrink(p, fit, -delta, adj);
        return;
    }
    bool stretches = align == BS_ALIGN_DISTRIBUTE || (align == BS_ALIGN_JUSTIFY && !last);
    bool keep_cells = p->spec->style->edge_marks == BS_EDGE_KEEP_CELL;
    if (keep_cells && (stretches || align != BS_ALIGN_JUSTIFY)) {
        delta = restore_edges(fit, delta, adj);
    } else if (keep_cells && p->spec->on_grid && align == BS_ALIGN_JUSTIFY) {
        /* a paragraph's last line on the grid: an opening mark at its start
         * keeps its cell, so the line's characters stay on theirs */
        adj->start_restore = delta < fit->start_cut ? delta : fit->start_cut;
    }
    switch (align) {
    case BS_ALIGN_JUSTIFY:
        if (!last) plan_stretch(fit, delta, adj);
        break;
    case BS_ALIGN_DISTRIBUTE:
        if (fit->gaps > 0 || fit->stretch_glue > 0) plan_stretch(fit, delta, adj);
        else adj->offset = grid_offset(p, delta / 2);
        break;
    case BS_ALIGN_CENTER: adj->offset = grid_offset(p, delta / 2); break;
    case BS_ALIGN_END: adj->offset = grid_offset(p, delta); break;
    case BS_ALIGN_START: break;
    }
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

/* What the adjustment takes from atom i's sides. An interior mark's cut
 * comes off the side its blank is on. */
static void atom_cuts(const bs_para *p, const bs_line_fit *fit, const adjustment *adj, size_t i, double *left,
                      double *right)
{
    const bs_atom *a = &p->atoms[i];
    double cut = i == fit->first || i == fit->last ? 0 : adj->cut[i - fit->first];
    *left = i == fit->first ? fit->start_cut - adj->start_restore : a->blank_l > 0 ? cut : 0;
    *right = i == fit->last ? fit->end_cut - adj->end_restore : a->blank_l > 0 ? 0 : cut;
}

/* The space between atom i and the next. */
static double space_after(const bs_atom *a, const adjustment *adj)
{
    double x = a->glue - a->glue_shrink * adj->glue_shrink_ratio + a->glue_stretch * adj->glue_ratio;
    return a->gap_stretch ? x + adj->per_gap : x;
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
        double left_cut, right_cut;
        atom_cuts(p, fit, adj, i, &left_cut, &right_cut);
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
        if (i < fit->last) x += space_after(a, adj);
    }
    line->width = x;
}

/* Han characters of the line whose cell does not start on a whole em. */
static int count_off_grid(const bs_para *p, const bs_line_fit *fit, const adjustment *adj, double start_x)
{
    double em = p->spec->style->size;
    double x = start_x;
    int off = 0;
    for (size_t i = fit->first; i <= fit->last; i++) {
        const bs_atom *a = &p->atoms[i];
        double left_cut, right_cut;
        atom_cuts(p, fit, adj, i, &left_cut, &right_cut);
        if (a->cls == BS_CH_HAN) {
            double cells = x / em;
            double miss = cells - (double)(long)(cells + 0.5);
            if (miss > BS_GRID_TOLERANCE_EM || miss < -BS_GRID_TOLERANCE_EM) off++;
        }
        x += a->box - left_cut - right_cut;
        if (i < fit->last) x += space_after(a, adj);
    }
    return off;
}

int bs_line_grid_cost(const bs_para *p, const bs_line_fit *fit, double measure, bool last, double indent)
{
    double stack[64];
    size_t n = fit->last - fit->first + 1;
    adjustment adj = {0};
    adj.cut = n <= 64 ? stack : bs_xmalloc(n * sizeof *adj.cut);
    memset(adj.cut, 0, n * sizeof *adj.cut);
    plan_line(p, fit, measure, last, &adj);
    int off = count_off_grid(p, fit, &adj, adj.offset + indent);
    if (adj.cut != stack) free(adj.cut);
    return off;
}

/* What the report says of a line's adjustment: a line that had to shrink
 * took in a mark (挤进); one that had to spread by half a character or more
 * let one go down (推出). */
static void count_adjustment(bs_para_layout *layout, const bs_line *line)
{
    if (line->adjust_em < -0.01) {
        layout->push_ins++;
        if (-line->adjust_em > layout->max_shrink_em) layout->max_shrink_em = -line->adjust_em;
    } else if (line->adjust_em > 0.01) {
        if (line->adjust_em >= 0.5 - 0.01) layout->push_outs++;
        if (line->adjust_em > layout->max_stretch_em) layout->max_stretch_em = line->adjust_em;
    }
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
        adjustment adj = {0};
        adj.cut = bs_xcalloc(fit.last - fit.first + 1, sizeof *adj.cut);
        plan_line(p, &fit, line->measure, line->last, &adj);
        place_atoms(p, arena, &fit, &adj, adj.offset + line_indent, line);
        free(adj.cut);
        line->start = p->atoms[fit.first].start;
        line->end = p->atoms[fit.last].end;
        line->natural = fit.natural;
        line->adjust_em =
            (line->width - adj.offset - adj.start_restore - adj.end_restore - fit.natural) / spec->style->size;
        if (adj.per_gap > BS_GAP_STRETCH_EM * spec->style->size + 0.01) layout->loose_lines++;
        count_adjustment(layout, line);
        layout->nlines++;
        start = end;
    }
    return true;
}
