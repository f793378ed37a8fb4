/* punct.c - punctuation widths and compression (全角式, GB/T 15834 §5.1):
 * every mark sits in a full box except 间隔号 (½ em, centred), 破折号 and
 * 省略号 (exactly 2 em, centred); the blank half of a mark can be taken out
 * where two marks meet, at a line's edges and when a line must shrink.
 * Also the space between Han and Latin text and the word spaces. */
#include "text_internal.h"

/* Word spaces shrink to ¼ em and grow to ½ em. */
#define SPACE_MIN_EM 0.25
#define SPACE_MAX_EM 0.5

typedef struct ink_span {
    double left, right;   /* ink extent from the glyph origin, pt */
} ink_span;

static ink_span atom_ink(const bs_para *p, const bs_atom *a)
{
    ink_span ink = {0, 0};
    double x = 0;
    bool any = false;
    for (size_t g = a->g0; g < a->g1; g++) {
        PangoRectangle r;
        pango_font_get_glyph_extents(a->font, p->glyph_id[g], &r, NULL);
        if (r.width > 0) {
            double l = x + p->glyph_x_offset[g] + r.x / (double)PANGO_SCALE;
            double rr = l + r.width / (double)PANGO_SCALE;
            if (!any || l < ink.left) ink.left = l;
            if (!any || rr > ink.right) ink.right = rr;
            any = true;
        }
        x += p->glyph_advance[g];
    }
    return ink;
}

static bs_adj_level mark_level(uint32_t cp, bs_char_class cls)
{
    if (cls == BS_CH_OPEN) return BS_ADJ_BRACKET;
    if (cls == BS_CH_STOP || cp == 0x3002 || cp == 0xFF0E) return BS_ADJ_STOP;
    if (cls == BS_CH_COLON || cp == 0xFF0C || cp == 0x3001) return BS_ADJ_PAUSE;
    return BS_ADJ_BRACKET;
}

/* The blank half of a full-width mark, told from where its ink sits: Song
 * and Hei faces set ，。 in the left half (½ em blank on the right), a Kai
 * face may centre them (¼ em on each side). */
static void mark_blanks(const bs_para *p, bs_atom *a)
{
    if (a->advance < 0.9 * a->em) return;   /* not a full-width glyph */
    ink_span ink = atom_ink(p, a);
    double em = a->em;
    double right_blank = a->advance - ink.right;
    if (a->cls == BS_CH_OPEN) {
        if (ink.left >= 0.45 * em) a->blank_l = 0.5 * em;
        else if (ink.left >= 0.2 * em) a->blank_l = 0.25 * em;
    } else {
        if (right_blank >= 0.45 * em) a->blank_r = 0.5 * em;
        else if (right_blank >= 0.2 * em) a->blank_r = 0.25 * em;
    }
    a->level = mark_level(a->cp, a->cls);
    /* 半角式 sets every mark in half a cell, 开明式 all but the full stops */
    bs_punct_style style = a->style->punctuation;
    bool stop = a->cp == 0x3002 || a->cp == 0xFF0E || a->cls == BS_CH_STOP;
    if (style == BS_PUNCT_BANJIAO || (style == BS_PUNCT_KAIMING && !stop)) {
        a->box -= a->blank_l + a->blank_r;
        a->glyph_dx -= a->blank_l;
        a->blank_l = a->blank_r = 0;
    }
}

/* Put the atom's glyphs in the middle of a box `box` wide. */
static void centre_in_box(const bs_para *p, bs_atom *a, double box)
{
    ink_span ink = atom_ink(p, a);
    a->box = box;
    if (ink.right > ink.left) a->glyph_dx = box / 2 - (ink.left + ink.right) / 2;
    else a->glyph_dx = (box - a->advance) / 2;
}

static void set_box(const bs_para *p, bs_atom *a)
{
    a->box = a->advance;
    switch (a->cls) {
    case BS_CH_OPEN:
    case BS_CH_CLOSE:
    case BS_CH_COLON:
    case BS_CH_STOP:
        mark_blanks(p, a);
        break;
    case BS_CH_MIDDLE:
        centre_in_box(p, a, 0.5 * a->em);
        break;
    case BS_CH_DASH:
    case BS_CH_ELLIPSIS:
        /* Noto sets —— at 1.69 em; GB/T 15834 wants exactly 2 em. */
        centre_in_box(p, a, 2.0 * a->em * (a->nchars >= 2 || a->cp == 0x2E3A ? 1.0 : 0.5));
        break;
    case BS_CH_CONNECTOR:
        if (a->cp != 0x2013 && a->advance < a->em) centre_in_box(p, a, a->em);
        break;
    case BS_CH_SPACE:
        /* A word space lives as glue after its atom, so that it vanishes at
         * the edges of a line. */
        a->glue = a->advance;
        a->glue_shrink = a->advance > SPACE_MIN_EM * a->em ? a->advance - SPACE_MIN_EM * a->em : 0;
        a->glue_stretch = SPACE_MAX_EM * a->em > a->advance ? SPACE_MAX_EM * a->em - a->advance : 0;
        a->box = 0;
        break;
    default:
        break;
    }
}

static bool is_mark(bs_char_class cls)
{
    return cls == BS_CH_OPEN || cls == BS_CH_CLOSE || cls == BS_CH_COLON || cls == BS_CH_STOP;
}

/* Two marks side by side take at most 1.5 em (clreq): the closing side of
 * the first gives up its blank, or, between two opening marks, the second. */
static bool compress_pair(bs_atom *a, bs_atom *b)
{
    if (!is_mark(a->cls) || !is_mark(b->cls)) return false;
    if (a->blank_r > 0 && (b->blank_l > 0 || b->cls != BS_CH_OPEN)) {
        a->box -= a->blank_r;
        a->blank_r = 0;
        return true;
    }
    if (a->cls == BS_CH_OPEN && b->cls == BS_CH_OPEN && b->blank_l > 0) {
        b->box -= b->blank_l;
        b->glyph_dx -= b->blank_l;
        b->blank_l = 0;
        return true;
    }
    return false;
}

/* Western text: letters and digits, and the signs that go with them in a
 * word or a number (2234.8, 6.6%, U.S.). */
static bool is_western(const bs_atom *a)
{
    if (a->cls == BS_CH_LATIN) return true;
    return a->cls == BS_CH_OTHER && a->cp > 0x20 && a->cp < 0x250;
}

static bool han_latin_pair(const bs_atom *a, const bs_atom *b)
{
    return (a->cls == BS_CH_HAN && is_western(b)) || (is_western(a) && b->cls == BS_CH_HAN);
}

/* May the space between a and b grow when a line is justified? Not inside
 * a Latin word or number, not beside a word space (it has its own glue),
 * and not beside connectors and solidi (clreq). */
static bool gap_may_stretch(const bs_atom *a, const bs_atom *b)
{
    if (is_western(a) && is_western(b)) return false;
    if (a->cls == BS_CH_SPACE || b->cls == BS_CH_SPACE) return false;
    if (a->cls == BS_CH_CONNECTOR || b->cls == BS_CH_CONNECTOR) return false;
    if (a->cls == BS_CH_SOLIDUS || b->cls == BS_CH_SOLIDUS) return false;
    return true;
}

/* On the character grid a Latin run takes a whole number of cells (clreq:
 * "Latin runs can take flexible padding … so they occupy a whole number of
 * cells"). Figures are half-width there (shape.c), so the padding is 0 or
 * ½ em, shared by the sides that touch Han characters; it does not shrink
 * or stretch. Returns the index of the run's last atom. */
static size_t pad_latin_run(bs_para *p, size_t first)
{
    size_t last = first;
    double width = p->atoms[first].box;
    while (last + 1 < p->natoms && is_western(&p->atoms[last + 1])) width += p->atoms[++last].box;
    bs_atom *before = first > 0 ? &p->atoms[first - 1] : NULL;
    bs_atom *run_end = &p->atoms[last];
    bool left = before && before->cls == BS_CH_HAN && before->style->latin_spacing > 0;
    bool right = last + 1 < p->natoms && p->atoms[last + 1].cls == BS_CH_HAN &&
                 p->atoms[last + 1].style->latin_spacing > 0;
    if (!left && !right) return last;
    double em = run_end->em;
    double cells = em * (double)(long)(width / em + 1 - 1e-6);
    double pad = (cells - width) / ((left ? 1 : 0) + (right ? 1 : 0));
    if (left) before->glue = pad, before->glue_shrink = before->glue_stretch = 0;
    if (right) run_end->glue = pad, run_end->glue_shrink = run_end->glue_stretch = 0;
    return last;
}

void bs_para_punctuation(bs_para *p)
{
    for (size_t i = 0; i < p->natoms; i++) set_box(p, &p->atoms[i]);
    for (size_t i = 0; i + 1 < p->natoms; i++) {
        bs_atom *a = &p->atoms[i], *b = &p->atoms[i + 1];
        if (compress_pair(a, b)) p->compressions++;
        if (han_latin_pair(a, b)) {
            /* the style's Han–Latin space (¼ em by default) shrinks to half
             * and grows by a third (clreq: ⅛ to ⅓ em) */
            double space = (a->cls == BS_CH_HAN ? a : b)->style->latin_spacing;
            a->glue = space;
            a->glue_shrink = space / 2;
            a->glue_stretch = space / 3;
        }
        a->gap_stretch = gap_may_stretch(a, b);
    }
    if (!p->spec->on_grid) return;
    for (size_t i = 0; i < p->natoms; i++)
        if (is_western(&p->atoms[i])) i = pad_latin_run(p, i);
}
