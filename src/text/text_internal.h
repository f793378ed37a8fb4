/* text_internal.h - what the text room's files share: the paragraph as a
 * row of atoms (one per shaped cluster) and the stages that work on it.
 *
 *   shape.c      text + spans  -> atoms with glyphs and natural widths
 *   punct.c      atoms         -> punctuation boxes, blanks, pair compression
 *   breaks.c     atoms         -> break opportunities (ICU zh + Chinese rules)
 *   linebreak.c  atoms         -> the best set of breaks for the paragraph
 *   setline.c    atoms, breaks -> justified lines with glyph positions
 */
#ifndef BS_TEXT_INTERNAL_H
#define BS_TEXT_INTERNAL_H

#include "bs_text.h"

#include <pango/pango.h>
#include <unicode/ubrk.h>

/* Kinds of adjustable space, in the order clreq shrinks them. */
typedef enum {
    BS_ADJ_SPACE,      /* word spaces, Han–Latin spacing */
    BS_ADJ_BRACKET,    /* the outer blank of brackets and quotes */
    BS_ADJ_PAUSE,      /* ，、；： */
    BS_ADJ_STOP,       /* 。？！ */
    BS_ADJ_LEVELS
} bs_adj_level;

typedef struct bs_atom {
    size_t start, end;         /* bytes of the paragraph text */
    uint32_t cp;               /* first code point */
    int nchars;
    bs_char_class cls;
    const bs_style *style;
    bool keep;                 /* inside a keep_together span */
    PangoFont *font;
    double em;                 /* the atom's type size, pt */

    size_t g0, g1;             /* glyphs [g0, g1) in the paragraph's glyph arrays */
    double advance;            /* shaped advance of the glyphs, pt */

    double box;                /* width of the atom's box before compression */
    double glyph_dx;           /* where the glyphs start inside the box */
    double blank_l, blank_r;   /* compressible blank on each side, pt */
    bs_adj_level level;        /* which clreq level its blanks belong to */

    /* What lies between this atom and the next. */
    bool can_break;            /* a line may end after this atom */
    bool forced;               /* … only because nothing else fits (breaks.c) */
    double penalty;            /* cost of breaking here */
    double glue;               /* natural space after (word space, Han–Latin) */
    double glue_shrink, glue_stretch;
    bool gap_stretch;          /* inter-character spacing may grow here */
} bs_atom;

typedef struct bs_para {
    const char *text;
    size_t len;
    const bs_para_spec *spec;
    bs_atom *atoms;
    size_t natoms, atoms_cap;
    /* the paragraph's glyphs */
    uint32_t *glyph_id;
    double *glyph_x_offset;    /* pt, from shaping (marks, kerning) */
    double *glyph_y_offset;
    double *glyph_advance;
    size_t nglyphs, glyphs_cap;
    int compressions;
    /* Prefix sums over the atoms (index k: the sum over atoms [0, k)), so
     * that a candidate line is measured in constant time. */
    struct bs_para_sums {
        double *box, *glue, *glue_shrink, *glue_stretch, *gaps;
        double *blank_l[BS_ADJ_LEVELS], *blank_r[BS_ADJ_LEVELS];
        double *block;             /* one allocation for all of them */
    } sums;
} bs_para;

struct bs_composer {
    bs_ctx *ctx;
    bs_fonts *fonts;
    UBreakIterator *breaker;   /* ICU line breaks, locale zh */
    /* characters already reported as having no glyph (shape.c): each is
     * reported once, however often its paragraph is set again */
    uint32_t *missing;
    size_t nmissing, missing_cap;
};

/* fonts.c: keep a reference on a font until the font system closes. */
void bs_fonts_retain(bs_fonts *fonts, PangoFont *font);

/* shape.c */
bool bs_para_shape(bs_composer *c, bs_para *p);
void bs_para_release(bs_para *p);

/* punct.c */
void bs_para_punctuation(bs_para *p);

/* linebreak.c: fill p->sums once the atoms' widths are final. */
void bs_para_sum(bs_para *p);

/* breaks.c */
bool bs_para_breaks(bs_composer *c, bs_para *p);

/* linebreak.c: returns the number of lines; ends[k] is the index one past
 * the last atom of line k (allocated with malloc). */
typedef struct bs_breaking {
    size_t *ends;
    size_t nlines;
    bool orphan;
    bool orphan_avoided;       /* without the 孤字 penalty the last line would be one */
} bs_breaking;

bool bs_para_break_lines(const bs_para *p, bs_width_fn width, void *user, bs_breaking *out);

/* Line geometry shared by the breaker and the setter. */
typedef struct bs_line_fit {
    size_t first, last;        /* atoms [first, last] after trimming edge spaces */
    double natural;            /* pt, with line-edge compression applied */
    double shrink[BS_ADJ_LEVELS];
    double shrink_total;
    double stretch_glue;       /* spaces and Han–Latin glue */
    int gaps;                  /* inter-character gaps that may grow */
    double start_cut;          /* blank removed before the first atom */
    double end_cut;            /* blank removed after the last atom */
} bs_line_fit;

/* Measure atoms [a, b) as one line. `indent` is added to the natural width.
 * Returns false if the range holds nothing but spaces. */
bool bs_line_measure(const bs_para *p, size_t a, size_t b, double indent, bs_line_fit *fit);

/* The most a gap between two characters may grow before a line counts as
 * loose, in em. */
#define BS_GAP_STRETCH_EM 0.2

/* On the grid, a character is on its cell when it starts within this much
 * of a whole em from the line's origin. */
#define BS_GRID_TOLERANCE_EM 0.1

/* setline.c */
/* How many Han characters of the line would start off the character grid
 * if it were set to `measure` (the breaker weighs this for grid text). */
int bs_line_grid_cost(const bs_para *p, const bs_line_fit *fit, double measure, bool last, double indent);
bool bs_para_set_lines(const bs_para *p, bs_arena *arena, const bs_breaking *breaking,
                       bs_width_fn width, void *user, bs_para_layout *layout);

#endif
