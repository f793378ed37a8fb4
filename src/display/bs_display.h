/*
 * bs_display.h - the display list: everything a page shows, positioned,
 * with its text. It is the seam between composing a page and drawing it:
 * every output (PDF, PNG) is drawn from it, and tests assert on it without
 * reading a PDF.
 *
 * Contract
 * - Coordinates are points from the top-left corner of the trim, y down.
 *   A text item's glyph positions are absolute; y is the baseline.
 * - Items are kept in the order they were added, which is the order they
 *   are drawn and therefore the order text appears in the PDF's content
 *   stream: the page composer adds each story's lines in reading order.
 * - Everything an item points to belongs to the list (its arena); fonts are
 *   referenced and released with the list.
 */
#ifndef BS_DISPLAY_H
#define BS_DISPLAY_H

#include "bs_load.h"

typedef struct _PangoFont PangoFont;

typedef enum {
    BS_DL_TEXT,    /* a run of glyphs in one font, with its text */
    BS_DL_RECT,    /* a rectangle, filled and/or stroked */
    BS_DL_LINE,    /* a straight rule */
    BS_DL_RECTS,   /* many rectangles filled as one path (QR modules) */
    BS_DL_IMAGE,   /* a raster image file placed in a rectangle */
} bs_dl_kind;

typedef struct bs_dl_glyph {
    uint32_t id;
    double x, y;
} bs_dl_glyph;

/* A cluster maps `bytes` bytes of text to `glyphs` glyphs, in order; it is
 * what lets a PDF reader extract the right text (cairo_show_text_glyphs). */
typedef struct bs_dl_cluster {
    int bytes;
    int glyphs;
} bs_dl_cluster;

typedef struct bs_dl_text {
    PangoFont *font;
    double size;              /* pt */
    bs_cmyk color;
    double x, y;              /* origin: the run's start on its baseline */
    double width;             /* advance width as set (after compression/justification) */
    const char *text;
    size_t len;
    bs_dl_glyph *glyphs;
    size_t nglyphs;
    bs_dl_cluster *clusters;
    size_t nclusters;
} bs_dl_text;

typedef struct bs_dl_rect {
    bs_rect r;
    bool fill;
    bs_cmyk fill_color;
    double stroke;            /* line weight, pt; 0 = no stroke */
    bs_cmyk stroke_color;
} bs_dl_rect;

typedef struct bs_dl_line {
    double x0, y0, x1, y1;
    double weight;
    bs_cmyk color;
} bs_dl_line;

typedef struct bs_dl_rects {
    bs_rect *rects;
    size_t nrects;
    bs_cmyk color;
    const char *payload;      /* for a QR code: the text it encodes */
} bs_dl_rects;

typedef struct bs_dl_image {
    const char *path;
    bs_image_type type;
    int px_w, px_h;           /* pixel size */
    bs_rect r;                /* placed here, the picture's aspect kept by the composer */
    bs_rect clip;             /* visible part (the block's picture area) */
} bs_dl_image;

/* Where an item came from, for tests and reports. */
typedef struct bs_dl_origin {
    const char *role;         /* style or part name: "body", "title", "qr", "column-rule" … */
    int block;                /* index of the page block, -1 if none */
    int para;                 /* paragraph index within a story, -1 if none */
    int line;                 /* line index within the paragraph, -1 if none */
    int column;               /* column slot index within the story's frames, -1 if none */
} bs_dl_origin;

typedef struct bs_dl_item {
    bs_dl_kind kind;
    bs_dl_origin origin;
    union {
        bs_dl_text text;
        bs_dl_rect rect;
        bs_dl_line line;
        bs_dl_rects rects;
        bs_dl_image image;
    } u;
} bs_dl_item;

typedef struct bs_dlist {
    double width, height;     /* the trim, pt */
    double bleed;             /* pt */
    const char *page_id;
    const char *title;        /* document title for the PDF's Info */
    long long date;           /* seconds since the epoch (UTC) for the PDF's dates */
    bs_dl_item *items;
    size_t nitems;
    size_t cap;
    PangoFont **fonts;        /* distinct fonts referenced, in first-use order */
    size_t nfonts;
    size_t fonts_cap;
    bs_arena *arena;
} bs_dlist;

/* ---------------------------------------------------------------- palette */

/* The colours a print PDF is drawn with. cairo can only write RGB, so each
 * CMYK colour gets a unique RGB stand-in (its key), which the finish room
 * turns back into the exact CMYK colour. Keys are 1/255 steps of a 24-bit
 * counter: colour i is drawn as ((i+1) >> 16, (i+1) >> 8, i+1) & 255 / 255. */
typedef struct bs_palette {
    bs_cmyk *colors;
    size_t ncolors;
    size_t cap;
} bs_palette;

/* The colour's index, added if new (first use gives the lowest index, so a
 * page's palette is the same every time it is drawn). */
size_t bs_palette_add(bs_palette *palette, bs_cmyk color);

/* The stand-in of colour `index`, each channel 0..1. */
void bs_palette_rgb(size_t index, double rgb[3]);

/* The colour a stand-in stands for (channels as written in the PDF,
 * 0..1); false if it is not a key of this palette. */
bool bs_palette_lookup(const bs_palette *palette, double r, double g, double b, bs_cmyk *out);

void bs_palette_free(bs_palette *palette);

bool bs_cmyk_equal(bs_cmyk a, bs_cmyk b);

/* ------------------------------------------------------------ display list */

bs_dlist *bs_dlist_new(double width, double height);
void bs_dlist_free(bs_dlist *dl);

/* Append an item (zeroed, with origin fields set to -1 and role NULL).
 * The pointer is valid until the next append. */
bs_dl_item *bs_dlist_add(bs_dlist *dl, bs_dl_kind kind);

/* Take a reference on a font for the list's lifetime (idempotent). */
void bs_dlist_hold_font(bs_dlist *dl, PangoFont *font);

/* Copy memory into the list's arena. */
void *bs_dlist_alloc(bs_dlist *dl, size_t size);

#endif /* BS_DISPLAY_H */
