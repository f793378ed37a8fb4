/* page_internal.h - what the page room's files share.
 *
 *   page.c      the order of work: blocks in page order, then column rules
 *   textset.c   setting paragraphs in a box and emitting lines to the list
 *   story.c     threading a story through its frames on the grid
 *   headline.c  引题, 主题, 副题 as one unit in the headline area
 *   masthead.c  报头: title, dates (ICU), issue data, imprint
 *   boxes.c     ear, teaser box, free text, rules
 *   photo.c     picture, photo headline, caption, credit
 *   qr.c        QR blocks and the strip of cells
 *   colrules.c  栏线 in the gutters between columns of text
 *   proof.c     proof marks: baseline grid, frames, frame links, overset
 */
#ifndef BS_PAGE_INTERNAL_H
#define BS_PAGE_INTERNAL_H

#include "bs_page.h"

typedef struct bs_pagectx {
    bs_ctx *ctx;
    bs_fonts *fonts;
    bs_composer *composer;
    const bs_page *page;
    const bs_page_opts *opts; /* never NULL inside the room */
    const bs_template *tpl;
    bs_dlist *dl;
    bs_page_report *report;
    bs_arena *scratch;        /* composed lines: freed with the page */
    int block;                /* index of the block being composed */
    bs_loc where;             /* where the text being set was written (the block,
                                 a story's paragraph): for a character no font has */
    /* grid cells covered by body text, [line][column], for the rules */
    unsigned char *text_cells;
} bs_pagectx;

/* A style the page needs; reports where it was needed if the template
 * lacks it. */
const bs_style *bs_need_style(bs_pagectx *pc, const char *name, bs_loc where);

/* ---- textset.c */

/* A paragraph ready to compose: its text and spans live in pc->scratch. */
typedef struct bs_para_text {
    char *text;
    size_t len;
    bs_text_span *spans;
    size_t nspans;
    size_t cap;
    const bs_style *style;
} bs_para_text;

void bs_para_text_init(bs_para_text *pt, const bs_style *style);
void bs_para_text_add(bs_para_text *pt, const char *s, size_t n, const bs_style *style, bool keep_together);

/* Drop the first `offset` bytes (a paragraph that goes on from another
 * page starts where that page's text stopped). */
void bs_para_text_drop_front(bs_para_text *pt, size_t offset);

void bs_para_text_free(bs_para_text *pt);

/* Compose with a fixed measure. */
bs_para_layout *bs_compose_fixed(bs_pagectx *pc, const bs_para_spec *spec, double width);
bs_para_layout *bs_set_fixed(bs_pagectx *pc, const bs_para_text *pt, double width, bool no_indent);

/* Emit one composed line at (x, baseline). */
void bs_emit_line(bs_pagectx *pc, const char *text, const bs_line *line, double x, double baseline,
                  const char *role, int para, int line_index, int column);

/* Set one paragraph of `style` in the box [x, x+width] from `top`,
 * lines `style->leading` apart. Returns the height of the stack (lines ×
 * leading; the last line's em box ends leading − size above that). On a
 * composition error sets *ok to false (after reporting). With emit false,
 * only measures. */
double bs_set_block_text(bs_pagectx *pc, const char *text, const bs_style *style, double x, double top,
                         double width, const char *role, bool emit, bool *ok);

/* Set and emit one headline part, breaking at its clauses as asked. */
bool bs_set_headline_part(bs_pagectx *pc, const char *text, const bs_style *style, bs_clause_breaks clauses,
                          double x, double top, double width, const char *role);

/* Distance from a line's top to its baseline for a style (the em box). */
double bs_style_ascent(bs_pagectx *pc, const bs_style *style);

/* Height one set line of the style takes in a stack. */
static inline double bs_style_pitch(const bs_style *style) { return style->leading > 0 ? style->leading : style->size * 1.2; }

/* ---- the blocks */
bool bs_compose_story(bs_pagectx *pc, const bs_block *block);
bool bs_compose_headline(bs_pagectx *pc, const bs_block *block, const bs_story *story, bs_story_report *rep);
bool bs_compose_masthead(bs_pagectx *pc, const bs_block *block);
bool bs_compose_content(bs_pagectx *pc, const bs_block *block, const bs_rect *box, bool emit, double *used);
bool bs_compose_boxed(bs_pagectx *pc, const bs_block *block);
bool bs_compose_rule(bs_pagectx *pc, const bs_block *block);
bool bs_compose_photo(bs_pagectx *pc, const bs_block *block);
bool bs_compose_qr(bs_pagectx *pc, const bs_block *block, const bs_rect *box);
bool bs_compose_strip(bs_pagectx *pc, const bs_block *block);
void bs_compose_column_rules(bs_pagectx *pc);

/* The proof marks (role "proof"), after everything else: the baseline
 * grid, each story's frames outlined and linked in order, and a mark with
 * the count at the end of an overset story. Needs the stories' reports. */
bool bs_compose_proof(bs_pagectx *pc);

/* Mark grid cells covered by body text (for the column rules). */
void bs_mark_text_cells(bs_pagectx *pc, double x, double w, int first_line, int nlines);

/* Display-list helpers. */
void bs_draw_rect(bs_pagectx *pc, bs_rect r, double stroke, bs_cmyk color, const char *role);
void bs_draw_line(bs_pagectx *pc, double x0, double y0, double x1, double y1, double weight, bs_cmyk color,
                  const char *role);

#endif
