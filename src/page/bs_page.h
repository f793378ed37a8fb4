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
    /* Where the text not set on this page starts, for a story that jumps
     * to another page (bs_jump_in.para and .offset on that page). */
    bool has_rest;
    int rest_para;            /* -1: the byline */
    size_t rest_offset;
    size_t jumped_chars;      /* characters that go on on the page jumped to (not overset) */
    const char *jump_to;      /* the page it jumps to, or NULL */
    const char *jump_from;    /* the page it came from, or NULL */
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
    size_t missing_glyphs;    /* characters no font has (each warned about once) */
    bs_arena *arena;
} bs_page_report;

/* ------------------------------------------------------------------ jumps */

/* A story that leaves this page and goes on on another (转版): its text
 * fills this page's frames less one line, which says （下转A02版①）. */
typedef struct bs_jump_out {
    const char *story;        /* the story file, as loaded (bs_block.file) */
    const char *to_page;      /* page id */
    int mark;                 /* 1 for ①: its number among the jumps the target page receives */
} bs_jump_out;

/* A story arriving on this page from another: its frames start with
 * （上接A01版①） and go on where the other page's text stopped. */
typedef struct bs_jump_in {
    const char *story;
    const char *from_page;
    const char *from_story;   /* the story file as the page it leaves names it */
    int mark;
    int para;                 /* bs_story_report.rest_para of the page it left */
    size_t offset;            /* bs_story_report.rest_offset */
} bs_jump_in;

typedef struct bs_page_opts {
    const bs_jump_out *out;
    size_t nout;
    const bs_jump_in *in;
    size_t nin;
    bool proof;               /* also draw the proof marks (grid, frames, links, overset; role "proof") */
} bs_page_opts;

/* The jumps of one page of an edition. */
typedef struct bs_page_jumps {
    bs_jump_out *out;
    size_t nout;
    bs_jump_in *in;
    size_t nin;
} bs_page_jumps;

/* The jumps between an edition's pages (in edition order), from their
 * page files: a story block with `continues: A01` takes over the story of
 * the same file on A01. Checked: A01 is in the edition, comes earlier, and
 * has that story once; no story leaves one page for two. Marks are
 * numbered ①, ② … per receiving page in the order of its blocks.
 * jumps[i] (allocated in arena) is for pages[i]; the resume points of the
 * `in` jumps are filled by bs_jumps_take_rest. False after reporting. */
bool bs_edition_jumps(bs_ctx *ctx, bs_page *const *pages, size_t npages, bs_arena *arena, bs_page_jumps *jumps);

/* Once page `from` is composed: where each story it sends on resumes, put
 * into the `in` jumps of the pages receiving it. A story that fitted on
 * `from` after all leaves nothing to go on with (warned). */
void bs_jumps_take_rest(bs_ctx *ctx, const bs_page *from, const bs_page_report *report, bs_page_jumps *jumps,
                        size_t npages);

/* Index of the page with this id, or -1. */
int bs_edition_page_index(bs_page *const *pages, size_t npages, const char *id);

/* Compose the page. Returns NULL after reporting errors (a style the page
 * needs is missing, a font does not resolve, a QR payload too long …).
 * `report` may be NULL; otherwise it is filled and must be released with
 * bs_page_report_free. */
bs_dlist *bs_page_compose(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, bs_page_report *report);

/* The same, with the page's jumps to and from other pages of the edition
 * and the proof marks as asked; opts may be NULL (bs_page_compose). */
bs_dlist *bs_page_compose_with(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const bs_page_opts *opts,
                               bs_page_report *report);

void bs_page_report_free(bs_page_report *report);

#endif /* BS_PAGE_H */
