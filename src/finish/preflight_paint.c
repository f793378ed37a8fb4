/* preflight_paint.c - the checks on what the content paints: colour
 * spaces, black text, overprint, transparency, line weight, reverse type
 * and total ink. Colour spaces and transparency are counted everywhere
 * (the file must conform); the others only for objects that reach into the
 * BleedBox, since marks and the slug outside it are trimmed off. */
#include "preflight_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Below this a plate value is taken as no ink (PDF writers round to 3-4
 * decimals). */
#define NO_INK 1e-6
/* Objects kept per page for overprint sums (each overprinting object is
 * compared with all of them); a broadsheet page paints a few thousand. */
#define MAX_MARKS 50000

/* An inked object already on the page, for the overprint sums. */
struct bs_pf_mark {
    bs_pf_box box;
    double sub[16];
};

void bs_pf_where_text(const bs_pf_where *w, char *out, size_t size)
{
    if (w->page == 0) snprintf(out, size, "nowhere");
    else if (w->what[0]) snprintf(out, size, "%s on page %d at (%.1f, %.1f) pt", w->what, w->page, w->x, w->y);
    else snprintf(out, size, "page %d at (%.1f, %.1f) pt", w->page, w->x, w->y);
}

static bs_pf_where where_box(const bs_pf_doc *doc, const bs_pf_box *box, const char *what)
{
    bs_pf_box b;
    if (!bs_pf_box_intersect(box, &doc->area, &b)) b = *box;
    bs_pf_where w = {doc->page, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, ""};
    snprintf(w.what, sizeof w.what, "%s", what);
    return w;
}

static void colour_text(const bs_pf_colour *c, char *out, size_t size)
{
    int n = snprintf(out, size, "%s", c->space.name);
    for (int i = 0; i < c->space.ncomps && i < 8 && n > 0 && (size_t)n < size; i++)
        n += snprintf(out + n, size - (size_t)n, " %g", c->v[i]);
}

void bs_pf_note_transparency(bs_pf_doc *doc, const char *what)
{
    if (doc->transparency++ == 0)
        snprintf(doc->first_transparency, sizeof doc->first_transparency, "%s (page %d)", what, doc->page);
}

void bs_pf_note_content_error(bs_pf_doc *doc, const char *what)
{
    if (doc->content_errors++ == 0)
        snprintf(doc->content_error, sizeof doc->content_error, "%s on page %d", what, doc->page);
}

/* ----------------------------------------------------------- per paint */

static void count_space(bs_pf_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->nspaces; i++)
        if (strcmp(doc->spaces[i].name, name) == 0) {
            doc->spaces[i].count++;
            return;
        }
    BS_VEC_RESERVE(doc->spaces, doc->capspaces, doc->nspaces + 1);
    bs_pf_count *c = &doc->spaces[doc->nspaces++];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->count = 1;
}

static bool is_rgb_like(const bs_pf_colour *c)
{
    return c->space.kind == BS_PF_RGB || (c->space.kind == BS_PF_ICC && c->space.ncomps == 3);
}

/* No ink at all: knocks out to paper white. */
static bool is_white(const bs_pf_colour *c, bool known, const double cmyk[4])
{
    if (known) return cmyk[0] + cmyk[1] + cmyk[2] + cmyk[3] < NO_INK;
    return is_rgb_like(c) && c->v[0] >= 1 && c->v[1] >= 1 && c->v[2] >= 1;
}

static bool is_k100(const bs_pf_colour *c, bool known, const double cmyk[4])
{
    return known && c->space.kind != BS_PF_ALL && cmyk[0] < NO_INK && cmyk[1] < NO_INK && cmyk[2] < NO_INK &&
           cmyk[3] > 1 - 1e-4;
}

/* Dark text that is not black ink alone: CMY under K, registration, or an
 * RGB colour that a conversion would make rich black. */
static void check_black_text(bs_pf_doc *doc, const bs_pf_paint *p, bool known, const double cmyk[4])
{
    const bs_pf_colour *c = p->colour;
    bool dark, k_only;
    if (known) {
        dark = cmyk[3] >= 0.5;
        k_only = c->space.kind != BS_PF_ALL && cmyk[0] < NO_INK && cmyk[1] < NO_INK && cmyk[2] < NO_INK;
    } else if (is_rgb_like(c)) {
        dark = 0.30 * c->v[0] + 0.59 * c->v[1] + 0.11 * c->v[2] <= 0.5;
        k_only = false;
    } else {
        return;
    }
    if (!dark) return;
    doc->dark_text++;
    if (k_only) return;
    if (doc->rich_text++ == 0) {
        char what[64];
        colour_text(c, what, sizeof what);
        doc->first_rich = where_box(doc, &p->box, what);
    }
}

static void overprint_fault(bs_pf_doc *doc, const bs_pf_paint *p, const char *what)
{
    if (doc->first_overprint_fault.page == 0) doc->first_overprint_fault = where_box(doc, &p->box, what);
}

/* K100 text and strokes overprint (fills need OPM 1 in DeviceCMYK, or
 * their zero C, M, Y still knock out); white never does. */
static void check_overprint(bs_pf_doc *doc, const bs_pf_paint *p, bool known, const double cmyk[4])
{
    const bs_pf_colour *c = p->colour;
    if (is_white(c, known, cmyk)) {
        if (p->overprint) doc->white_overprint++, overprint_fault(doc, p, "white overprinting");
        return;
    }
    if (!is_k100(c, known, cmyk)) return;
    bool cmyk_space = c->space.kind != BS_PF_GRAY && !(c->space.kind == BS_PF_ICC && c->space.ncomps == 1);
    if (p->stroke) {
        doc->k100_strokes++;
        if (!p->overprint) doc->k100_strokes_knockout++, overprint_fault(doc, p, "K100 stroke knocking out");
        else if (cmyk_space && p->opm != 1) doc->k100_strokes_opm0++;
    } else if (p->kind == BS_PF_TEXT) {
        doc->k100_text++;
        if (!p->overprint || (cmyk_space && p->opm != 1))
            doc->k100_text_knockout++, overprint_fault(doc, p, "K100 text knocking out");
    }
}

static void check_line(bs_pf_doc *doc, const bs_pf_paint *p)
{
    doc->strokes++;
    if (p->size <= 0) doc->hairlines++;
    if (doc->thinnest_at.page == 0 || p->size < doc->thinnest) {
        doc->thinnest = p->size;
        doc->thinnest_at = where_box(doc, &p->box, "");
    }
}

static void check_reverse(bs_pf_doc *doc, const bs_pf_paint *p, bool known, const double cmyk[4])
{
    if (!is_white(p->colour, known, cmyk)) return;
    doc->white_text++;
    if (doc->smallest_white_at.page == 0 || p->size < doc->smallest_white) {
        doc->smallest_white = p->size;
        doc->smallest_white_at = where_box(doc, &p->box, "");
    }
}

/* ------------------------------------------------------------ total ink */

/* The plates an overprinting object paints; the others keep what is under
 * it (PDF 32000-1 §8.6.7). DeviceGray is taken to paint K alone, which
 * counts the most ink under it. */
static int painted_plates(const bs_pf_paint *p, const double cmyk[4])
{
    bs_pf_space_kind k = p->space->kind;
    if (k == BS_PF_GRAY || (k == BS_PF_ICC && p->space->ncomps == 1)) return 8;
    if (p->colour && p->opm == 1 && (k == BS_PF_CMYK || k == BS_PF_ICC)) {
        int mask = 0;
        for (int i = 0; i < 4; i++)
            if (cmyk[i] >= NO_INK) mask |= 1 << i;
        return mask;
    }
    return BS_PF_ALL_PLATES;
}

static void ink_candidate(bs_pf_doc *doc, double total, bs_pf_where where)
{
    double percent = total * 100;
    if (percent > doc->opts->tac_limit + 1e-6) doc->over_limit++;
    if (doc->max_ink_at.page == 0 || percent > doc->max_ink) {
        doc->max_ink = percent;
        doc->max_ink_at = where;
    }
}

static void overprint_sums(bs_pf_doc *doc, const bs_pf_paint *p, const double sub[16], int plates)
{
    for (size_t i = 0; i < doc->nmarks; i++) {
        bs_pf_box both;
        if (!bs_pf_box_intersect(&p->box, &doc->marks[i].box, &both)) continue;
        double total = sub[plates] + doc->marks[i].sub[BS_PF_ALL_PLATES & ~plates];
        if (total <= sub[BS_PF_ALL_PLATES]) continue;
        char what[64];
        snprintf(what, sizeof what, "%.40s overprinting", p->what);
        ink_candidate(doc, total, where_box(doc, &both, what));
    }
}

/* An opaque object hides what it covers entirely: those no longer add up
 * with later overprints. */
static void drop_covered(bs_pf_doc *doc, const bs_pf_box *box)
{
    size_t kept = 0;
    for (size_t i = 0; i < doc->nmarks; i++)
        if (!bs_pf_box_contains(box, &doc->marks[i].box, 0)) doc->marks[kept++] = doc->marks[i];
    doc->nmarks = kept;
}

static void add_mark(bs_pf_doc *doc, const bs_pf_box *box, const double sub[16])
{
    if (doc->nmarks >= MAX_MARKS) {
        doc->unmarked++;
        return;
    }
    BS_VEC_RESERVE(doc->marks, doc->capmarks, doc->nmarks + 1);
    bs_pf_mark *m = &doc->marks[doc->nmarks++];
    m->box = *box;
    memcpy(m->sub, sub, sizeof m->sub);
}

static void count_ink(bs_pf_doc *doc, const bs_pf_paint *p, const double *sub, const double cmyk[4])
{
    if (!sub) {
        doc->unmeasured++;
        return;
    }
    bs_pf_where where = where_box(doc, &p->box, p->what);
    if (p->at_max) where.x = p->max_x, where.y = p->max_y;
    ink_candidate(doc, sub[BS_PF_ALL_PLATES], where);
    if (p->overprint) overprint_sums(doc, p, sub, painted_plates(p, cmyk));
    else if (p->covers_box) drop_covered(doc, &p->box);
    if (sub[BS_PF_ALL_PLATES] >= NO_INK) add_mark(doc, &p->box, sub);
}

void bs_pf_paint_event(bs_pf_doc *doc, const bs_pf_paint *p)
{
    count_space(doc, p->space->name);
    if (p->outside || bs_pf_box_is_empty(&p->box) || !bs_pf_box_intersect(&p->box, &doc->area, NULL)) return;
    double cmyk[4] = {0, 0, 0, 0}, flat[16];
    bool known = false;
    const double *sub = p->sub;
    if (p->colour) {
        known = bs_pf_colour_ink(p->colour, cmyk);
        if (known) bs_pf_ink_subsets(cmyk, flat);
        sub = known ? flat : NULL;
        check_overprint(doc, p, known, cmyk);
        if (p->kind == BS_PF_TEXT) {
            check_black_text(doc, p, known, cmyk);
            check_reverse(doc, p, known, cmyk);
        }
    }
    if (p->kind == BS_PF_PATH && p->stroke) check_line(doc, p);
    count_ink(doc, p, sub, cmyk);
}

/* ----------------------------------------------------------- the report */

static bool allowed_space(const char *name)
{
    return strcmp(name, "DeviceCMYK") == 0 || strcmp(name, "DeviceGray") == 0 || strcmp(name, "Separation(All)") == 0;
}

static void check_spaces(bs_pf_doc *doc, bs_preflight_report *r)
{
    char bad[200] = "", good[120] = "";
    int nbad = 0;
    for (size_t i = 0; i < doc->nspaces; i++) {
        const bs_pf_count *c = &doc->spaces[i];
        bool ok = allowed_space(c->name);
        char *list = ok ? good : bad;
        size_t size = ok ? sizeof good : sizeof bad, n = strlen(list);
        if (!ok) nbad++;
        if (n + strlen(c->name) + 16 < size) snprintf(list + n, size - n, "%s%s %d", n ? ", " : "", c->name, c->count);
    }
    if (nbad)
        bs_pf_add_check(r, "colour-spaces", BS_CHECK_FAIL, "not allowed: %s (allowed: %s)", bad, *good ? good : "none");
    else
        bs_pf_add_check(r, "colour-spaces", BS_CHECK_PASS, "%s", *good ? good : "nothing painted");
}

static void check_black(bs_pf_doc *doc, bs_preflight_report *r)
{
    char where[160];
    bs_pf_where_text(&doc->first_rich, where, sizeof where);
    if (doc->rich_text)
        bs_pf_add_check(r, "black-text", BS_CHECK_FAIL, "%d of %d dark text runs are not black ink alone (first: %s)",
                        doc->rich_text, doc->dark_text, where);
    else
        bs_pf_add_check(r, "black-text", BS_CHECK_PASS, "%d dark text runs, all black ink alone", doc->dark_text);
}

static void check_overprints(bs_pf_doc *doc, bs_preflight_report *r)
{
    char where[160];
    bs_pf_where_text(&doc->first_overprint_fault, where, sizeof where);
    int faults = doc->k100_text_knockout + doc->k100_strokes_knockout + doc->white_overprint;
    bs_check_result result = faults ? BS_CHECK_FAIL : doc->k100_strokes_opm0 ? BS_CHECK_WARN : BS_CHECK_PASS;
    bs_pf_add_check(r, "overprint", result,
                    "K100 text runs %d (%d knock out), K100 strokes %d (%d knock out, %d with OPM 0), "
                    "white objects overprinting %d%s%s",
                    doc->k100_text, doc->k100_text_knockout, doc->k100_strokes, doc->k100_strokes_knockout,
                    doc->k100_strokes_opm0, doc->white_overprint, faults ? "; first: " : "", faults ? where : "");
}

static void check_transparency(bs_pf_doc *doc, bs_preflight_report *r)
{
    if (doc->transparency)
        bs_pf_add_check(r, "transparency", BS_CHECK_FAIL, "%d uses of transparency (first: %s)", doc->transparency,
                        doc->first_transparency);
    else
        bs_pf_add_check(r, "transparency", BS_CHECK_PASS, "none");
}

void bs_pf_check_paint(bs_pf_doc *doc, bs_preflight_report *r)
{
    check_spaces(doc, r);
    check_black(doc, r);
    check_overprints(doc, r);
    check_transparency(doc, r);
}

void bs_pf_check_lines(bs_pf_doc *doc, bs_preflight_report *r)
{
    char where[160];
    const bs_preflight_opts *o = doc->opts;
    bs_pf_where_text(&doc->thinnest_at, where, sizeof where);
    if (doc->strokes == 0)
        bs_pf_add_check(r, "line-weight", BS_CHECK_PASS, "no strokes in the BleedBox");
    else
        bs_pf_add_check(r, "line-weight", doc->hairlines || doc->thinnest < o->min_line_pt ? BS_CHECK_FAIL : BS_CHECK_PASS,
                        "thinnest stroke %.2f pt (%s), %d strokes, %d of width 0; limit %.2f pt", doc->thinnest,
                        where, doc->strokes, doc->hairlines, o->min_line_pt);

    bs_pf_where_text(&doc->smallest_white_at, where, sizeof where);
    if (doc->white_text == 0)
        bs_pf_add_check(r, "reverse-type", BS_CHECK_PASS, "no white text in the BleedBox");
    else
        bs_pf_add_check(r, "reverse-type", doc->smallest_white < o->min_reverse_pt ? BS_CHECK_FAIL : BS_CHECK_PASS,
                        "smallest white text %.1f pt (%s), %d white text runs; limit %.1f pt", doc->smallest_white,
                        where, doc->white_text, o->min_reverse_pt);
}

/* Objects whose ink is not known (RGB, spot colours, sampled shadings)
 * make the result a warning: the maximum may be higher. */
void bs_pf_check_ink(bs_pf_doc *doc, bs_preflight_report *r)
{
    char where[160], unmeasured[128] = "";
    bs_pf_where_text(&doc->max_ink_at, where, sizeof where);
    if (doc->unmeasured)
        snprintf(unmeasured, sizeof unmeasured, "; %d objects in other colour spaces not counted", doc->unmeasured);
    if (doc->unmarked)
        snprintf(unmeasured + strlen(unmeasured), sizeof unmeasured - strlen(unmeasured),
                 "; %d objects not under overprint sums", doc->unmarked);
    bs_check_result result = doc->over_limit ? BS_CHECK_FAIL : doc->unmeasured ? BS_CHECK_WARN : BS_CHECK_PASS;
    if (doc->max_ink_at.page == 0)
        bs_pf_add_check(r, "total-ink", result, "no ink in the BleedBox%s", unmeasured);
    else
        bs_pf_add_check(r, "total-ink", result, "max %.1f%% (%s); limit %.0f%%, %d objects or overlaps over it%s",
                        doc->max_ink, where, doc->opts->tac_limit, doc->over_limit, unmeasured);
}

void bs_pf_marks_reset(bs_pf_doc *doc)
{
    doc->nmarks = 0;
}

void bs_pf_paint_free(bs_pf_doc *doc)
{
    free(doc->marks);
    free(doc->spaces);
}
