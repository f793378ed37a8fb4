/*
 * bs_text.h - the text room: fonts, shaping and Chinese line composition.
 *
 * Fonts come only from the fontconfig file the template names (fonts.conf),
 * loaded by the engine itself; Pango itemizes and picks fonts, HarfBuzz
 * shapes. Lines are not made by PangoLayout: the composer finds break
 * opportunities with ICU (locale zh), tailors them with the Chinese rules
 * (docs/composition.md), and breaks whole paragraphs at once (total fit)
 * with punctuation compression and inter-character justification.
 *
 * Contract
 * - Sizes are points; Pango is set to 72 dpi so that a 9 pt style gives
 *   9 pt glyphs, and metrics are unhinted so that advances are exact.
 * - A composed paragraph's memory lives in the arena the caller passes.
 * - Positions in a composed line are relative to the line's origin: the
 *   left edge of its measure, on the baseline.
 */
#ifndef BS_TEXT_H
#define BS_TEXT_H

#include "bs_load.h"

typedef struct _PangoFont PangoFont;
typedef struct _PangoContext PangoContext;

/* ------------------------------------------------------------------ fonts */

typedef struct bs_fonts bs_fonts;

/* Load fonts.conf (an absolute or relative path) and make the font map.
 * Returns NULL after reporting why. */
bs_fonts *bs_fonts_open(bs_ctx *ctx, const char *fonts_conf);
void bs_fonts_close(bs_fonts *fonts);

/* How a style's font resolves through fonts.conf. */
typedef struct bs_font_match {
    char requested[128];      /* the family the style asked for, after aliases */
    char family[128];         /* the family of the face fontconfig chose */
    char file[1024];
    int index;                /* face index within a collection (.ttc) */
    int weight;               /* CSS weight of the face (100..900) */
    bool same_family;         /* false: fontconfig substituted another family */
} bs_font_match;

bool bs_fonts_resolve(bs_fonts *fonts, const bs_style *style, bs_font_match *out);

/* The font a style is set in (owned by `fonts`). Reports an error naming
 * the style and its font when the font does not resolve to the family
 * asked for, and returns NULL. */
PangoFont *bs_fonts_get(bs_fonts *fonts, bs_ctx *ctx, const bs_style *style);

/* Check that every style's font (and Latin font) resolves to the family
 * asked for; reports each one that does not, at the style. */
bool bs_fonts_check_styles(bs_fonts *fonts, bs_ctx *ctx, const bs_style *styles, size_t nstyles);

/* The Pango context (72 dpi, zh-Hans, unhinted metrics) for shaping. */
PangoContext *bs_fonts_context(bs_fonts *fonts);

/* Vertical metrics of a style's font, in pt: the ideographic em box's top
 * above the baseline and bottom below it (for a 9 pt CJK face, about 7.92
 * and 1.08). */
void bs_fonts_embox(bs_fonts *fonts, PangoFont *font, double size, double *above, double *below);

/* ------------------------------------------------------------ composition */

typedef struct bs_composer bs_composer;

bs_composer *bs_composer_new(bs_ctx *ctx, bs_fonts *fonts);
void bs_composer_free(bs_composer *composer);

/* How many characters the composer found no glyph for (each was warned
 * about once, where its paragraph was written). */
size_t bs_composer_missing_glyphs(const bs_composer *composer);

/* A stretch of a paragraph's text set in one style: bytes [start, end). */
typedef struct bs_text_span {
    size_t start, end;
    const bs_style *style;
    bool keep_together;       /* no line break inside (a dateline, a jump line) */
} bs_text_span;

/* A U+3000 separates the clauses of a headline. */
typedef enum {
    BS_CLAUSES_PLAIN,     /* an ordinary break opportunity */
    BS_CLAUSES_KEEP,      /* one line asked for: break there only if nothing else fits */
    BS_CLAUSES_PREFER,    /* several lines asked for: break there first */
} bs_clause_breaks;

typedef struct bs_para_spec {
    const char *text;
    size_t len;
    const bs_text_span *spans;   /* cover [0, len) in order */
    size_t nspans;
    const bs_style *style;       /* the paragraph's style: indent, align */
    bool no_indent;              /* ignore the style's first-line indent */
    bool on_grid;                /* body text on the character grid: Latin runs
                                    take whole cells, cuts keep characters on cells */
    bs_clause_breaks clauses;    /* breaking at a U+3000 between headline clauses */
    int target_lines;            /* > 0: break into exactly this many lines, or
                                    none if it cannot be done (to move a 寡行) */
    bs_loc loc;                  /* where the text was written, for a character
                                    no font has (file NULL: unknown) */
} bs_para_spec;

/* The width available to line `line` (0-based within the paragraph), pt. */
typedef double (*bs_width_fn)(void *user, int line);

/* A run of glyphs in one font within a line. */
typedef struct bs_line_run {
    PangoFont *font;
    const bs_style *style;
    size_t start, end;           /* bytes of the paragraph text */
    uint32_t *glyphs;
    double *x;                   /* glyph origins, relative to the line origin */
    double *y;                   /* baseline shifts (0 for ordinary text) */
    size_t nglyphs;
    int *cluster_bytes;          /* per cluster: bytes of text … */
    int *cluster_glyphs;         /* … and glyphs it maps to */
    size_t nclusters;
} bs_line_run;

typedef struct bs_line {
    size_t start, end;           /* bytes of the paragraph text */
    double measure;              /* the width the line was set to, pt */
    double width;                /* set width: from the origin to the end of the last box */
    double natural;              /* width before justification */
    double adjust_em;            /* + stretched / − shrunk, em of the body style */
    bool last;                   /* the paragraph's last line */
    bs_line_run *runs;
    size_t nruns;
} bs_line;

typedef struct bs_para_layout {
    bs_line *lines;
    size_t nlines;
    double size;                 /* the paragraph style's size, pt */
    int compressions;            /* punctuation pairs compressed */
    int push_ins;                /* lines that took in a mark by compressing others (挤进) */
    int push_outs;               /* lines spread out because a character went down (推出) */
    double max_stretch_em;       /* the most a line was spread, em */
    double max_shrink_em;        /* the most a line was compressed, em */
    int loose_lines;             /* lines stretched beyond the comfortable limit */
    bool orphan;                 /* the last line holds a single character (孤字) */
    bool orphan_avoided;         /* … and it would have, but for the breaker's care */
    int forced_breaks;           /* lines ended where there is no break opportunity,
                                    as a word was longer than the line */
} bs_para_layout;

/* Compose a paragraph into lines. Returns NULL after reporting an error
 * (a font that does not resolve); an empty paragraph gives zero lines, and
 * so does a target_lines that cannot be met. */
bs_para_layout *bs_compose(bs_composer *composer, bs_arena *arena, const bs_para_spec *spec,
                           bs_width_fn width, void *width_user);

/* ------------------------------------------------------------- line rules */

/* The classes the composer gives characters (exposed for tests). */
typedef enum {
    BS_CH_HAN,        /* ideographs, kana, fullwidth letters */
    BS_CH_OPEN,       /* opening brackets and quotes: blank on the left */
    BS_CH_CLOSE,      /* closing brackets and quotes, 、，。．: blank on the right */
    BS_CH_COLON,      /* ：；  (blank on the right, never at line start) */
    BS_CH_STOP,       /* ！？  (never at line start, not compressed) */
    BS_CH_MIDDLE,     /* · 间隔号: ½ em, centred, never at line start */
    BS_CH_DASH,       /* —— 破折号 and ⸺: 2 em, never split */
    BS_CH_ELLIPSIS,   /* …… 省略号: 2 em, never split */
    BS_CH_CONNECTOR,  /* ～ and a single —: never at line start */
    BS_CH_SOLIDUS,    /* ／ /: neither starts nor ends a line */
    BS_CH_LATIN,      /* letters and digits of proportional scripts */
    BS_CH_SPACE,      /* U+0020 and other word spaces */
    BS_CH_IDSPACE,    /* U+3000 */
    BS_CH_OTHER,
} bs_char_class;

bs_char_class bs_char_classify(uint32_t cp);
bool bs_char_not_at_line_start(uint32_t cp);
bool bs_char_not_at_line_end(uint32_t cp);

/* Lunar date of a Gregorian date by ICU's Chinese calendar, e.g.
 * 2023-01-31 -> "癸卯年正月初十"; and the weekday, "星期二". Written into
 * out (at least 64 bytes). */
bool bs_lunar_date(bs_ctx *ctx, int year, int month, int day, char *out, size_t out_size);
bool bs_weekday(bs_ctx *ctx, int year, int month, int day, char *out, size_t out_size);

#endif /* BS_TEXT_H */
