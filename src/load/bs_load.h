/*
 * bs_load.h - the load room: templates, pages and stories read from their
 * files into plain C structs (the model). docs/format.md is the reference
 * for every key; this header is the model it produces.
 *
 * Contract
 * - A loader returns NULL after reporting every problem it found as
 *   "file:line:col: error: …" through the context (it keeps going after the
 *   first error where it safely can, so an editor sees them all at once).
 * - Everything a loaded document points to lives in the document's arena and
 *   is released by its free function. Strings are UTF-8 and NUL-terminated.
 * - Lengths are resolved to points; positions are points from the top-left
 *   corner of the trim (y grows downwards).
 * - Every struct that came from a place in a file carries that place (loc),
 *   so that later stages can report problems where the editor can fix them.
 */
#ifndef BS_LOAD_H
#define BS_LOAD_H

#include "bs_core.h"

/* ---------------------------------------------------------------- colours */

/* Process colour, each channel 0..100 percent. */
typedef struct bs_cmyk {
    float c, m, y, k;
} bs_cmyk;

#define BS_CMYK_BLACK ((bs_cmyk){0, 0, 0, 100})
#define BS_CMYK_WHITE ((bs_cmyk){0, 0, 0, 0})
/* Registration (all plates): 400 % ink is never page content, so this value
 * marks what prints on every plate, the crop and registration marks. */
#define BS_CMYK_REGISTRATION ((bs_cmyk){100, 100, 100, 100})

/* "K100", "C0 M100 Y100 K0", "white". false with *why set on bad input. */
bool bs_cmyk_parse(const char *text, bs_cmyk *out, const char **why);

/* ----------------------------------------------------------------- images */

typedef enum { BS_IMAGE_JPEG, BS_IMAGE_PNG, BS_IMAGE_SVG } bs_image_type;

typedef struct bs_image_info {
    bs_image_type type;
    int px_w, px_h;           /* pixel size; an SVG's intrinsic size in CSS px (96 per inch), rounded */
    int components;           /* 1 grey, 3 RGB, 4 CMYK (JPEG); 3 or 4 for PNG (4 = alpha); 4 for SVG */
} bs_image_info;

/* Read an image file's header (JPEG, PNG or SVG, told by content, not by
 * name) and check that the whole file decodes. Reports "path: error: …" on
 * a missing, truncated or corrupt file. An SVG is parsed and drawn once,
 * small, by librsvg; its size is its width and height, else its viewBox;
 * one without either is refused. SVG files are limited to
 * BS_MAX_SVG_BYTES. */
bool bs_image_probe(bs_ctx *ctx, const char *path, bs_image_info *info);

/* An SVG is drawn as vectors on screens; the print PDF wants every colour
 * in CMYK, so for print it is rasterised and separated like a PNG, at
 * BS_SVG_PRINT_PPI, less if the picture limits (BS_MAX_IMAGE_SIDE,
 * BS_MAX_IMAGE_PIXELS) demand it. The raster's size for a picture placed
 * w_pt × h_pt (each at least 1 pixel); returns its resolution, ppi across. */
#define BS_SVG_PRINT_PPI 600.0   /* line art: what platesetters resolve in a logo's edges */
double bs_svg_print_pixels(double w_pt, double h_pt, int *px_w, int *px_h);

/* ---------------------------------------------------------------- template */

typedef enum {
    BS_ALIGN_JUSTIFY,     /* flush both edges; a paragraph's last line at the start */
    BS_ALIGN_START,
    BS_ALIGN_CENTER,
    BS_ALIGN_END,
    BS_ALIGN_DISTRIBUTE,  /* every line flush, the last one too */
} bs_align;

/* Marks at the edges of a justified line (an opening mark at its start, a
 * closing one at its end). */
typedef enum {
    BS_EDGE_HALF,         /* set half-width, as GB/T 15834 §5.1.10 asks */
    BS_EDGE_KEEP_CELL,    /* half-width only when the line needs the room; else their full cell,
                             so the line's characters stay on the grid */
} bs_edge_marks;

/* How full-width punctuation is set (标点格式). */
typedef enum {
    BS_PUNCT_QUANJIAO,    /* 全角式: every mark a full cell, compressed where marks meet and at line ends */
    BS_PUNCT_KAIMING,     /* 开明式: 。？！ full, every other mark half a cell */
    BS_PUNCT_BANJIAO,     /* 半角式: every mark half a cell */
} bs_punct_style;

typedef struct bs_style {
    const char *name;
    const char *font;     /* as written: a family or a Chinese generic name */
    const char *latin_font; /* 西文字体: for Latin letters, digits and signs; NULL = font */
    int weight;           /* 100..900 (400 regular, 700 bold, 900 black) */
    double size;          /* pt */
    double min_size;      /* pt: the smallest a fitted title may be made (= size: not fitted) */
    double leading;       /* pt, line pitch within this style */
    double indent;        /* pt, first-line indent */
    double tracking;      /* pt, added after each character */
    bs_align align;
    bs_punct_style punctuation;
    bs_edge_marks edge_marks;
    double latin_spacing; /* pt between Han and Latin letters or figures (汉西间距) */
    bs_cmyk color;
    bs_loc loc;           /* where the style is defined */
} bs_style;

typedef struct bs_template {
    const char *path;
    const char *name;
    const char *fonts_conf;   /* resolved path of the fontconfig file */

    double trim_w, trim_h;    /* pt */
    double bleed;             /* pt */
    bool marks;               /* print page with crop marks and slug (else the trim only) */

    double zi;                /* 字: body character size, pt */
    double hang;              /* 行: body line pitch, pt */
    int columns;
    double column_w;          /* pt */
    double gutter;            /* pt */
    int lines;                /* grid lines per column */
    double area_x, area_y;    /* type area's top-left corner, pt from the trim's */
    double area_w, area_h;    /* type area size, pt (derived) */
    double rule_weight;       /* pt; 0 = no column rules */
    bs_cmyk rule_color;

    bs_style *styles;
    size_t nstyles;

    bs_arena *arena;
} bs_template;

/* Load and check a template. */
bs_template *bs_template_load(bs_ctx *ctx, const char *path);
void bs_template_free(bs_template *tpl);

/* The style of that name, or NULL. */
const bs_style *bs_template_style(const bs_template *tpl, const char *name);

/* Geometry helpers (1-based columns and lines, as editors count them). */
double bs_template_column_x(const bs_template *tpl, int column);   /* left edge */
double bs_template_line_top(const bs_template *tpl, int line);     /* top of the line's slot */

/* ------------------------------------------------------------------- page */

typedef struct bs_rect {
    double x, y, w, h;        /* pt, from the trim's top-left corner */
} bs_rect;

/* Where a block sits. The grid fields are 0 when the block was placed in
 * lengths on that axis. */
typedef struct bs_place {
    bs_rect rect;
    int column, span;         /* grid columns, 1-based; 0 if placed with x/width */
    int line, lines;          /* grid lines, 1-based; 0 if placed with y/height */
    int split;                /* a frame's `columns: N` (破栏); 0 = grid columns */
    bs_loc loc;
} bs_place;

/* One paragraph of a content list: a style name and its text. */
typedef struct bs_item {
    const char *style;
    const char *text;
    bs_loc loc;
} bs_item;

typedef enum {
    BS_BLOCK_MASTHEAD,
    BS_BLOCK_EAR,
    BS_BLOCK_STORY,
    BS_BLOCK_PHOTO,
    BS_BLOCK_BOX,
    BS_BLOCK_QR,
    BS_BLOCK_STRIP,
    BS_BLOCK_RULE,
    BS_BLOCK_TEXT,
} bs_block_kind;

typedef struct bs_story bs_story;

typedef struct bs_block {
    bs_block_kind kind;
    bs_place place;           /* unset (all zero) for a strip's cells */
    bs_loc loc;               /* the block's mapping */

    /* masthead */
    const char *title;
    const char *cn;
    const char **imprint;
    size_t nimprint;

    /* ear, box, text */
    bs_item *content;
    size_t ncontent;
    double border;            /* pt; ear, box and strip (0 = none) */

    /* story */
    const char *file;         /* resolved path */
    bs_story *story;          /* loaded with the page */
    bool has_headline;
    bs_place headline;
    int title_lines;          /* lines the title is fitted to (default 1) */
    bs_place *frames;
    size_t nframes;
    /* continues: the page id this block takes the story over from (转版):
     * its frames go on where that page's frames left off. NULL if the
     * story starts here. */
    const char *continues;
    bs_loc continues_loc;

    /* photo (title and caption reuse `title` and these) */
    const char *image;        /* resolved path */
    bs_image_info image_info; /* probed when the page is loaded */
    const char *caption;
    const char *credit;

    /* qr */
    const char *url;
    const char *label;
    const char *teaser;
    const char *footer;
    char ec;                  /* 'L', 'M', 'Q' or 'H' */

    /* strip */
    struct bs_block *cells;
    size_t ncells;

    /* rule */
    double weight;
    bs_cmyk color;
} bs_block;

typedef struct bs_edition {
    const char *paper;
    int year, month, day;
    int issue;
    int pages;
} bs_edition;

typedef struct bs_page {
    const char *path;
    const char *id;           /* "A01" */
    bs_template *template_;   /* owned by the page */
    bs_edition edition;
    bs_block *blocks;
    size_t nblocks;
    bs_arena *arena;
} bs_page;

/* Load a page, its template and every story it names. Checks placements
 * (inside the type area, no two blocks overlapping, frames inside the grid)
 * and that every style a content item names exists in the template. */
bs_page *bs_page_load(bs_ctx *ctx, const char *path);

/* The same for a page of an edition: the edition's data (paper, date,
 * 总第N期, 今日N版) is the page's; the page file may leave out `edition`,
 * and one that differs from the edition is warned about. */
bs_page *bs_page_load_in(bs_ctx *ctx, const char *path, const bs_edition *edition);

/* Pictures checked once for many pages (an edition's): pass the same memo
 * to each page's load. */
typedef struct bs_probe_memo bs_probe_memo;
bs_probe_memo *bs_probe_memo_new(void);
void bs_probe_memo_free(bs_probe_memo *memo);
bs_page *bs_page_load_shared(bs_ctx *ctx, const char *path, const bs_edition *edition, bs_probe_memo *memo);

/* All of the above, and the folder a page's stories and pictures must come
 * from. They are named relative to the page file; one that resolves
 * outside `folder` (by its path's text: a link inside the folder is
 * followed) is an error at its value. The template is the design desk's
 * and may be anywhere. */
typedef struct bs_page_source {
    const bs_edition *edition;  /* the edition's data, or NULL: the page's own */
    bs_probe_memo *memo;        /* pictures checked for earlier pages, or NULL */
    const char *folder;         /* the edition folder; NULL: no limit (tests, tools) */
    const char *allow_hint;     /* how to allow files outside it, for the message
                                   ("run with --allow-outside"); NULL: none */
} bs_page_source;
bs_page *bs_page_load_from(bs_ctx *ctx, const char *path, const bs_page_source *source);
void bs_page_free(bs_page *page);

/* 版序: one capital letter and two digits, "A01". */
bool bs_is_page_id(const char *s);

/* ---------------------------------------------------------------- edition */

/* An edition file: the day's paper and its pages in order.
 *
 *   paper: 焦作日报
 *   date: 2023-01-31
 *   issue: 13900          # 总第13900期
 *   count: 12             # 今日12版; default: the number of pages listed
 *   pages: [A01.yaml, A02.yaml]
 */
typedef struct bs_edition_file {
    const char *path;
    bs_edition edition;
    const char **pages;       /* resolved paths of the page files, in order */
    bs_loc *page_locs;        /* where each is named */
    size_t npages;
    bs_arena *arena;
} bs_edition_file;

bs_edition_file *bs_edition_load(bs_ctx *ctx, const char *path);
void bs_edition_free(bs_edition_file *edition);

/* ------------------------------------------------------------------ story */

typedef enum {
    BS_RUN_PLAIN,             /* the paragraph's own style */
    BS_RUN_STRONG,            /* **…**  -> lead-in */
    BS_RUN_EMPH,              /* *…*    -> emphasis */
} bs_run_kind;

/* A stretch of a paragraph's text in one kind: bytes [start, end). */
typedef struct bs_run {
    size_t start, end;
    bs_run_kind kind;
} bs_run;

typedef enum {
    BS_PARA_BODY,
    BS_PARA_SUBHEAD,          /* ## heading */
} bs_para_kind;

typedef struct bs_paragraph {
    bs_para_kind kind;
    const char *text;         /* the paragraph's text, markup removed */
    size_t len;               /* bytes */
    bs_run *runs;             /* cover [0, len) in order, without gaps */
    size_t nruns;
    bs_loc loc;               /* where the paragraph starts */
} bs_paragraph;

/* A front-matter value and where it was written. text is NULL if absent. */
typedef struct bs_field {
    const char *text;
    bs_loc loc;
} bs_field;

struct bs_story {
    const char *path;
    bs_field kicker, title, subtitle, byline, dateline;
    /* jump: "A02①" -> page "A02", mark "①" (mark "" when none) */
    bs_field jump;
    const char *jump_page;
    const char *jump_mark;
    bs_paragraph *paras;
    size_t nparas;
    bs_arena *arena;          /* NULL when loaded into a page's arena */
};

/* Load a story on its own (tests, tools). */
bs_story *bs_story_load(bs_ctx *ctx, const char *path);
void bs_story_free(bs_story *story);

/* Parse a story from memory into the given arena; `path` is used for
 * locations only. */
bs_story *bs_story_parse(bs_ctx *ctx, bs_arena *arena, const char *path,
                         const char *text, size_t len);

#endif /* BS_LOAD_H */
