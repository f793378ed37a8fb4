/*
 * bs_page.h - the page room: a loaded page becomes a display list. Stories
 * are threaded through their frames column by column on the page's
 * baseline grid; headlines, the masthead, photos, boxes, QR blocks, strips
 * and column rules are placed in their blocks.
 *
 * Contract
 * - The display list holds the blocks in the order the page file lists
 *   them, and each story's lines in reading order, so the PDF's text
 *   extracts story by story.
 * - Body lines sit on the grid: line k of a frame has its em box's top at
 *   the top of grid line k.
 * - Text that does not fit its frames is overset: it is counted in the
 *   report and warned about, never dropped silently.
 */
#ifndef BS_PAGE_H
#define BS_PAGE_H

#include "bs_display.h"
#include "bs_text.h"

/* What happened to one story. */
typedef struct bs_story_report {
    const char *file;
    bs_loc loc;               /* the story block in the page file */
    int paragraphs;
    int lines;                /* body lines set */
    int capacity;             /* body lines its frames hold */
    size_t chars;             /* characters of body text set */
    size_t overset_chars;     /* characters that did not fit */
    int compressions;         /* punctuation pairs compressed */
    int push_ins;             /* lines that took in a mark by compressing others (挤进) */
    int push_outs;            /* lines spread because a character went down (推出) */
    double max_stretch_em;    /* the most any line was spread, em */
    double max_shrink_em;     /* the most any line was compressed, em */
    int loose_lines;
    int orphans;              /* 孤字 left: a paragraph's last line of one character */
    int orphans_avoided;      /* 孤字 the breaker set otherwise */
    int widows_avoided;       /* 寡行 moved by setting a paragraph tighter or looser */
    int widows_left;          /* 寡行 no clean setting could move */
    double title_size;        /* pt, as fitted */
} bs_story_report;

/* A photo's effective resolution as placed. */
typedef struct bs_image_report {
    const char *file;
    bs_loc loc;
    double ppi;
} bs_image_report;

typedef struct bs_page_report {
    bs_story_report *stories;
    size_t nstories;
    bs_image_report *images;
    size_t nimages;
    bs_arena *arena;
} bs_page_report;

/* Compose the page. Returns NULL after reporting errors (a style the page
 * needs is missing, a font does not resolve, a QR payload too long …).
 * `report` may be NULL; otherwise it is filled and must be released with
 * bs_page_report_free. */
bs_dlist *bs_page_compose(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, bs_page_report *report);

void bs_page_report_free(bs_page_report *report);

#endif /* BS_PAGE_H */
