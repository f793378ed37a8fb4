/* linebreak.c - whole-paragraph line breaking (total fit, after Knuth and
 * Plass) with Chinese glue. Every way of breaking the paragraph at its
 * allowed opportunities is weighed at once, and the one with the least
 * total cost wins:
 *   - compressing punctuation (push-in, 挤进) is cheap;
 *   - spreading characters apart (push-out, 推出) costs more, and grows
 *     fast past ¼ em per gap (a loose line);
 *   - a paragraph whose last line holds one character (孤字) costs a lot;
 *   - a line that cannot be made to fit at all is the last resort. */
#include "text_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define LINE_PENALTY 10.0
/* On the grid: the badness of each character a line's adjustment moves
 * off its cell. */
#define GRID_CHAR_BADNESS 40.0
#define ORPHAN_DEMERITS 1.0e6
#define OVERFULL_BADNESS 1.0e6
#define LOOSE_BADNESS 1.0e4
#define UNDERFULL_BADNESS 1.0e5
#define EPSILON 0.01
/* Lines longer than this many atoms are not weighed once a shorter one has
 * been found: no real line holds so many (zero-width characters are joined
 * to the atom before them, shape.c), and the breaker's time grows with the
 * square of a line's length. */
#define MAX_LINE_ATOMS 1000

void bs_para_sum(bs_para *p)
{
    size_t n = p->natoms + 1;
    struct bs_para_sums *s = &p->sums;
    enum { FIXED = 5, ARRAYS = FIXED + 2 * BS_ADJ_LEVELS };
    s->block = bs_xcalloc(n * ARRAYS, sizeof(double));
    double **fixed[FIXED] = {&s->box, &s->glue, &s->glue_shrink, &s->glue_stretch, &s->gaps};
    for (int k = 0; k < FIXED; k++) *fixed[k] = s->block + (size_t)k * n;
    for (int l = 0; l < BS_ADJ_LEVELS; l++) {
        s->blank_l[l] = s->block + (size_t)(FIXED + 2 * l) * n;
        s->blank_r[l] = s->block + (size_t)(FIXED + 2 * l + 1) * n;
    }
    for (size_t i = 0; i < p->natoms; i++) {
        const bs_atom *a = &p->atoms[i];
        s->box[i + 1] = s->box[i] + a->box;
        s->glue[i + 1] = s->glue[i] + a->glue;
        s->glue_shrink[i + 1] = s->glue_shrink[i] + a->glue_shrink;
        s->glue_stretch[i + 1] = s->glue_stretch[i] + a->glue_stretch;
        s->gaps[i + 1] = s->gaps[i] + (a->gap_stretch ? 1 : 0);
        for (int l = 0; l < BS_ADJ_LEVELS; l++) {
            s->blank_l[l][i + 1] = s->blank_l[l][i] + ((int)a->level == l ? a->blank_l : 0);
            s->blank_r[l][i + 1] = s->blank_r[l][i] + ((int)a->level == l ? a->blank_r : 0);
        }
    }
}

bool bs_line_measure(const bs_para *p, size_t a, size_t b, double indent, bs_line_fit *fit)
{
    while (a < b && p->atoms[a].cls == BS_CH_SPACE) a++;
    while (b > a && p->atoms[b - 1].cls == BS_CH_SPACE) b--;
    *fit = (bs_line_fit){0};
    if (a >= b) return false;
    const struct bs_para_sums *s = &p->sums;
    size_t last = b - 1;
    fit->first = a;
    fit->last = last;
    /* boxes of [a, b); glue, blanks on the right and gaps of [a, last);
     * blanks on the left of (a, b) */
    double natural = indent + s->box[b] - s->box[a] + s->glue[last] - s->glue[a];
    for (int l = 0; l < BS_ADJ_LEVELS; l++)
        fit->shrink[l] = s->blank_l[l][b] - s->blank_l[l][a + 1] + s->blank_r[l][last] - s->blank_r[l][a];
    fit->shrink[BS_ADJ_SPACE] += s->glue_shrink[last] - s->glue_shrink[a];
    fit->stretch_glue = s->glue_stretch[last] - s->glue_stretch[a];
    fit->gaps = (int)(s->gaps[last] - s->gaps[a] + 0.5);
    /* An opening mark loses its leading blank at the start of a line, and
     * a mark at the end of a line is set half-width (GB/T 15834 §5.1.10). */
    fit->start_cut = p->atoms[a].blank_l;
    fit->end_cut = p->atoms[last].blank_r;
    fit->natural = natural - fit->start_cut - fit->end_cut;
    for (int l = 0; l < BS_ADJ_LEVELS; l++) fit->shrink_total += fit->shrink[l];
    return true;
}

/* How bad a line is when set to `measure`. `last` lines are not
 * stretched; `ragged` ones (centred, flush start or end) never are, and
 * only prefer lines of even length. */
static double line_badness(const bs_line_fit *fit, double measure, double em, bool last, bool ragged,
                           bool keep_cells, bool *loose)
{
    double delta = measure - fit->natural;
    *loose = false;
    if (fabs(delta) < EPSILON) return 0;
    if (delta < 0) {
        double need = -delta;
        if (need > fit->shrink_total + EPSILON) return OVERFULL_BADNESS * (1 + need / em);
        double r = fit->shrink_total > 0 ? need / fit->shrink_total : 1;
        return 1 + 3 * r * r;
    }
    if (last) return 0;
    if (ragged) return (delta / em) * (delta / em);
    /* With edge-marks: keep-cell, a line with room gives the marks at its
     * edges back the blanks cut there: they keep their full cells, the line
     * is flush by their boxes, and every character stays on the grid. */
    if (keep_cells) {
        delta -= delta < fit->start_cut ? delta : fit->start_cut;
        delta -= delta < fit->end_cut ? delta : fit->end_cut;
        if (delta < EPSILON) return 0;
    }
    double rest = delta - fit->stretch_glue;
    if (rest <= EPSILON) return 2;
    if (fit->gaps == 0) return UNDERFULL_BADNESS;
    double r = rest / fit->gaps / (BS_GAP_STRETCH_EM * em);
    *loose = r > 1;
    /* a loose line is a fault, not just a cost: worse than any grid loss */
    double bad = 5 + 100 * r * r * r + (*loose ? LOOSE_BADNESS : 0);
    /* past this, every loose line is as bad as an empty one: one such line
     * is better than two */
    return bad < UNDERFULL_BADNESS ? bad : UNDERFULL_BADNESS;
}

/* Characters (not marks or spaces) on the line [a, b). */
static int line_characters(const bs_para *p, size_t a, size_t b)
{
    int n = 0;
    for (size_t i = a; i < b; i++) {
        bs_char_class cls = p->atoms[i].cls;
        if (cls == BS_CH_HAN || cls == BS_CH_LATIN || cls == BS_CH_OTHER) n++;
    }
    return n;
}

typedef struct node {
    double demerits;
    size_t prev;
    int lines;
    bool reachable;
} node;

static bool may_end_line_before(const bs_para *p, size_t j)
{
    return j == 0 || j == p->natoms || p->atoms[j - 1].can_break;
}

/* What every candidate line is weighed with. */
typedef struct breaker {
    const bs_para *p;
    bs_width_fn width;
    void *user;
    double indent, em;
    bool distribute, ragged, keep_cells, on_grid;
} breaker;

typedef struct candidate {
    double demerits;           /* of the line alone, without the 孤字 penalty */
    bool overfull;             /* no setting makes it fit */
    bool orphan;               /* a paragraph's last line of one character */
    bool complete;             /* the grid's cost is in the demerits (or has no part) */
} candidate;

/* Weigh atoms [i, j) as line number `line`. The grid's cost, which only
 * adds, is worked out only while the line could still beat `beat`. Returns
 * false if [i, j) holds nothing but spaces. */
static bool weigh_line(const breaker *b, size_t i, size_t j, int line, double beat, candidate *c)
{
    const bs_para *p = b->p;
    bool last = j == p->natoms;
    double measure = b->width(b->user, line);
    double indent = i == 0 ? b->indent : 0;
    bs_line_fit fit;
    if (!bs_line_measure(p, i, j, indent, &fit)) return false;
    bool loose;
    double bad = line_badness(&fit, measure, b->em, last && !b->distribute, b->ragged, b->keep_cells, &loose);
    c->overfull = fit.natural - fit.shrink_total > measure + EPSILON;
    c->orphan = last && i > 0 && line_characters(p, i, j) <= 1;
    double extra = p->atoms[j - 1].penalty;
    c->demerits = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + extra;
    bool gridded = b->on_grid && !b->ragged && bad < OVERFULL_BADNESS;
    c->complete = !gridded;
    if (gridded && (c->demerits < beat || last)) {
        bad += GRID_CHAR_BADNESS * bs_line_grid_cost(p, &fit, measure, last, indent);
        c->demerits = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + extra;
        c->complete = true;
    }
    return true;
}

static breaker breaker_for(const bs_para *p, bs_width_fn width, void *user)
{
    const bs_para_spec *spec = p->spec;
    bs_align align = spec->style->align;
    return (breaker){
        .p = p,
        .width = width,
        .user = user,
        .indent = spec->no_indent ? 0 : spec->style->indent,
        .em = spec->style->size,
        .distribute = align == BS_ALIGN_DISTRIBUTE,
        .ragged = align == BS_ALIGN_START || align == BS_ALIGN_CENTER || align == BS_ALIGN_END,
        .keep_cells = spec->style->edge_marks == BS_EDGE_KEEP_CELL,
        .on_grid = spec->on_grid,
    };
}

/* Walk the chosen breaks back from the paragraph's end; `prev` gives the
 * break before the one at j that ends line `lines`. */
static void finish(const bs_para *p, size_t nlines, bs_breaking *out, size_t (*prev)(const void *, size_t, size_t),
                   const void *state)
{
    size_t n = p->natoms;
    out->nlines = nlines;
    out->ends = bs_xmalloc((nlines ? nlines : 1) * sizeof *out->ends);
    size_t k = nlines, j = n;
    while (k > 0) {
        out->ends[--k] = j;
        j = prev(state, j, k + 1);
    }
    size_t last_start = nlines > 1 ? out->ends[nlines - 2] : 0;
    out->orphan = nlines > 1 && line_characters(p, last_start, n) <= 1;
}

static size_t best_prev(const void *state, size_t j, size_t lines)
{
    (void)lines;
    return ((const node *)state)[j].prev;
}

/* The best breaking, whatever its number of lines. */
static void break_best(const breaker *b, bs_breaking *out)
{
    const bs_para *p = b->p;
    size_t n = p->natoms;
    node *nodes = bs_xcalloc(n + 1, sizeof *nodes);
    nodes[0].reachable = true;
    /* the best last line without the 孤字 penalty ("reachable" holds
     * whether it is one): it tells whether the penalty changed anything */
    node careless = {DBL_MAX, 0, 0, false};
    for (size_t j = 1; j <= n; j++) {
        nodes[j].demerits = DBL_MAX;
        if (!may_end_line_before(p, j)) continue;
        bool found = false;
        for (size_t i = j; i-- > 0;) {
            if (!nodes[i].reachable || !may_end_line_before(p, i)) continue;
            candidate c;
            if (!weigh_line(b, i, j, nodes[i].lines, nodes[j].demerits - nodes[i].demerits, &c)) continue;
            if ((c.overfull || j - i > MAX_LINE_ATOMS) && found) break;
            double total = nodes[i].demerits + c.demerits;
            if (j == n && total < careless.demerits) careless = (node){total, i, nodes[i].lines + 1, c.orphan};
            if (c.orphan) total += ORPHAN_DEMERITS;
            if (total < nodes[j].demerits) nodes[j] = (node){total, i, nodes[i].lines + 1, true};
            found = true;
            if (c.overfull) break;   /* going further back only makes it worse */
        }
    }
    finish(p, (size_t)nodes[n].lines, out, best_prev, nodes);
    out->orphan_avoided = !out->orphan && careless.reachable && careless.lines > 1;
    free(nodes);
}

typedef struct counted {
    node *nodes;               /* [position][lines] */
    size_t stride;
} counted;

static size_t counted_prev(const void *state, size_t j, size_t lines)
{
    const counted *c = state;
    return c->nodes[j * c->stride + lines].prev;
}

/* The best breaking into exactly `target` lines (to move a 寡行); zero lines
 * if there is none. Rarely asked for: the table is position × lines. */
static void break_into(const breaker *b, size_t target, bs_breaking *out)
{
    const bs_para *p = b->p;
    size_t n = p->natoms, stride = target + 1;
    counted c = {bs_xcalloc((n + 1) * stride, sizeof(node)), stride};
    c.nodes[0].reachable = true;
    for (size_t j = 1; j <= n; j++) {
        if (!may_end_line_before(p, j)) continue;
        for (size_t i = j; i-- > 0;) {
            if (!may_end_line_before(p, i)) continue;
            bool any = false, overfull = false;
            /* [i, j) weighs the same as any line number of the same
             * measure: once weighed in full, it is not weighed again
             * (frames mostly have one measure) */
            candidate cand, full;
            bool have_full = false;
            double full_at = 0;
            for (size_t k = 0; k < target; k++) {
                node *from = &c.nodes[i * stride + k], *to = &c.nodes[j * stride + k + 1];
                if (!from->reachable) continue;
                double measure = b->width(b->user, (int)k);
                if (have_full && measure == full_at) {
                    cand = full;
                } else {
                    if (!weigh_line(b, i, j, (int)k, to->reachable ? to->demerits - from->demerits : DBL_MAX, &cand))
                        break;
                    if (cand.complete) {
                        full = cand;
                        full_at = measure;
                        have_full = true;
                    }
                }
                any = true;
                overfull = cand.overfull;
                double total = from->demerits + cand.demerits + (cand.orphan ? ORPHAN_DEMERITS : 0);
                if (!to->reachable || total < to->demerits) *to = (node){total, i, (int)k + 1, true};
            }
            if (any && (overfull || j - i > MAX_LINE_ATOMS)) break;
        }
    }
    if (c.nodes[n * stride + target].reachable) finish(p, target, out, counted_prev, &c);
    free(c.nodes);
}

bool bs_para_break_lines(const bs_para *p, bs_width_fn width, void *user, bs_breaking *out)
{
    *out = (bs_breaking){0};
    if (p->natoms == 0) return true;
    breaker b = breaker_for(p, width, user);
    if (p->spec->target_lines > 0) break_into(&b, (size_t)p->spec->target_lines, out);
    else break_best(&b, out);
    return true;
}
