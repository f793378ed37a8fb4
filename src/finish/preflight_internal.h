/* preflight_internal.h - what the preflight's files share.
 *
 *   preflight.c         opening the file, running the checks, the report
 *   preflight_doc.c     document checks: structure, version, Info, output
 *                       intent, boxes, annotations
 *   preflight_paint.c   checks on what is painted: colour spaces, black
 *                       text, overprint, line weight, reverse type, ink
 *   preflight_fonts.c   fonts: embedding, and widths for placing text
 *   preflight_images.c  images: format, effective resolution, pixel ink
 *   preflight_geom.c    matrices and boxes
 *   pdfwalk.c           the content interpreter: graphics state, colour
 *                       operators, XObjects, inline images
 *   pdfwalk_paint.c     paths, painting, patterns and shadings
 *   pdfwalk_text.c      text state and text showing
 *   pdfwalk_colour.c    colour spaces and colour operators
 *
 * Coordinates are PDF default user space of the page (points), the space
 * the page boxes are given in.
 */
#ifndef BS_PREFLIGHT_INTERNAL_H
#define BS_PREFLIGHT_INTERNAL_H

#include "finish_internal.h"

#include <qpdf/qpdf-c.h>

/* ------------------------------------------------------------- geometry */

typedef struct bs_pf_matrix {
    double a, b, c, d, e, f;   /* x' = a x + c y + e, y' = b x + d y + f */
} bs_pf_matrix;

typedef struct bs_pf_box {
    double x0, y0, x1, y1;     /* x0 > x1 when empty */
} bs_pf_box;

extern const bs_pf_matrix bs_pf_identity;

/* `first` applied, then `then` (PDF's "first × then"). */
bs_pf_matrix bs_pf_mul(bs_pf_matrix first, bs_pf_matrix then);
void bs_pf_apply(const bs_pf_matrix *m, double x, double y, double *ox, double *oy);
/* The smallest and the largest factor by which m scales a length. */
double bs_pf_scale_min(const bs_pf_matrix *m);
double bs_pf_scale_max(const bs_pf_matrix *m);

bs_pf_box bs_pf_box_empty(void);
bool bs_pf_box_is_empty(const bs_pf_box *b);
void bs_pf_box_add(bs_pf_box *b, double x, double y);
/* The box of the rectangle (x0,y0)-(x1,y1) transformed by m, added to b. */
void bs_pf_box_add_rect(bs_pf_box *b, const bs_pf_matrix *m, double x0, double y0, double x1, double y1);
bool bs_pf_box_intersect(const bs_pf_box *a, const bs_pf_box *b, bs_pf_box *out);
bool bs_pf_box_contains(const bs_pf_box *outer, const bs_pf_box *inner, double tolerance);
/* v within [lo, hi] (lo for NaN): numbers from a file before they are
 * converted to integers, which a value out of range would make undefined. */
double bs_pf_clamp(double v, double lo, double hi);

/* A PDF rectangle array, normalised; false if it is not four numbers. */
bool bs_pf_box_from_array(qpdf_data q, qpdf_oh array, bs_pf_box *out);

/* --------------------------------------------------------------- colour */

typedef enum {
    BS_PF_GRAY,
    BS_PF_CMYK,
    BS_PF_ALL,          /* Separation /All: registration, every plate */
    BS_PF_RGB,
    BS_PF_SPOT,         /* Separation other than /All */
    BS_PF_DEVICEN,
    BS_PF_ICC,
    BS_PF_LAB,
    BS_PF_INDEXED,
    BS_PF_PATTERN,
    BS_PF_OTHER,
} bs_pf_space_kind;

typedef struct bs_pf_space {
    bs_pf_space_kind kind;
    int ncomps;         /* components of a colour given in it */
    int icc_n;          /* ICCBased: N, to treat it like the device space */
    char name[64];      /* for the report: "DeviceRGB", "ICCBased(N=3)", "Separation(PANTONE 185 C)" */
} bs_pf_space;

typedef struct bs_pf_colour {
    bs_pf_space space;
    double v[8];
    char pattern[64];   /* Pattern space: the pattern's resource name */
} bs_pf_colour;

/* The space named or described by `cs` (a name or an array), looking
 * names that are not device spaces up in `resources` /ColorSpace.
 * `inline_names` also accepts the abbreviations of inline images. */
void bs_pf_space_resolve(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, bs_pf_space *out);
/* The colour a space starts with when cs/CS selects it. */
void bs_pf_colour_initial(bs_pf_colour *c, const bs_pf_space *space);
/* C, M, Y, K (0..1) the colour puts on the plates; false if that is not
 * known (RGB, Lab, spot colours, patterns). ICCBased counts as the device
 * space with as many components. */
bool bs_pf_colour_ink(const bs_pf_colour *c, double cmyk[4]);

/* Bit i of a channel mask is plate i: C=1, M=2, Y=4, K=8. The ink of an
 * object is kept as sub[mask]: the most it puts, anywhere, on the plates in
 * `mask` together, so that an object overprinting it with plates P adds up
 * to (its own ink on P) + sub[15 & ~P]. */
#define BS_PF_ALL_PLATES 15
void bs_pf_ink_subsets(const double cmyk[4], double sub[16]);

/* ---------------------------------------------------------------- fonts */

typedef struct bs_pf_width_range {
    unsigned first, last;
    double width;       /* 1/1000 em */
} bs_pf_width_range;

typedef struct bs_pf_font {
    int objid, gen;     /* 0 for a direct font dictionary */
    char name[64];      /* BaseFont */
    char subtype[16];
    bool embedded;
    bool two_byte;      /* Type0: codes of two bytes (Identity and the usual CJK CMaps) */
    bool vertical;      /* a -V CMap */
    double default_width;       /* 1/1000 em: MissingWidth, or DW of a CID font */
    bs_pf_width_range *widths;  /* code (simple fonts) or CID ranges */
    size_t nwidths;
    double ascent, descent;     /* 1/1000 em */
} bs_pf_font;

typedef struct bs_pf_doc bs_pf_doc;

/* The font dictionary's metrics, read once per font object; the font is
 * counted as used. NULL if `font` is not a dictionary. */
const bs_pf_font *bs_pf_font_use(bs_pf_doc *doc, qpdf_oh font);
double bs_pf_font_width(const bs_pf_font *f, unsigned code);
void bs_pf_fonts_free(bs_pf_doc *doc);

/* --------------------------------------------------------------- images */

/* An image as the interpreter meets it: an XObject (data NULL, read from
 * the stream when needed), or an inline image with its dictionary parsed
 * by qpdf and the bytes between ID and EI. */
typedef struct bs_pf_image_use {
    qpdf_oh dict;               /* the image dictionary (stream dict or inline) */
    qpdf_oh stream;             /* the XObject stream, 0 for inline images */
    const unsigned char *data;  /* inline image data */
    size_t len;
    char label[48];             /* "/Im1", "inline image" */
    bs_pf_matrix ctm;
    const bs_pf_colour *fill;   /* for image masks */
    bool overprint;
    int opm;
    qpdf_oh resources;          /* for an inline image's named colour space */
} bs_pf_image_use;

void bs_pf_image_paint(bs_pf_doc *doc, const bs_pf_image_use *use);
void bs_pf_images_free(bs_pf_doc *doc);

/* ---------------------------------------------------------------- paint */

typedef enum {
    BS_PF_PATH,
    BS_PF_TEXT,
    BS_PF_IMAGE,
    BS_PF_SHADING,
} bs_pf_paint_kind;

/* One painting operation, as the checks see it. */
typedef struct bs_pf_paint {
    bs_pf_paint_kind kind;
    bool stroke;                 /* stroked (paths, text render modes 1 2 5 6) */
    const bs_pf_space *space;    /* counted for colour-spaces */
    const bs_pf_colour *colour;  /* a flat colour, or NULL */
    const double *sub;           /* images, shadings: measured ink (see above), or NULL if unknown */
    double max_x, max_y;         /* where sub[15] is reached, when `at_max` */
    bool at_max;
    bs_pf_box box;               /* on the page */
    bool outside;                /* known to stay outside the BleedBox, whatever its box */
    bool covers_box;             /* opaque over the whole box: an axis-aligned rectangle or image */
    bool overprint;
    int opm;
    double size;                 /* text: size in pt; strokes: line width in pt */
    const char *what;            /* "fill", "stroke", "text", "image /Im1" */
} bs_pf_paint;

void bs_pf_paint_event(bs_pf_doc *doc, const bs_pf_paint *p);

/* The interpreter met transparency (an SMask, CA/ca < 1, a blend mode, a
 * transparency group): `what` says which, for the report. */
void bs_pf_note_transparency(bs_pf_doc *doc, const char *what);
/* Malformed content: counted under structure. */
void bs_pf_note_content_error(bs_pf_doc *doc, const char *what);

/* ------------------------------------------------------- the document */

/* A place in the document, for the report. */
typedef struct bs_pf_where {
    int page;           /* 1-based; 0 = nowhere yet */
    double x, y;
    char what[64];
} bs_pf_where;

typedef struct bs_pf_count {
    char name[64];
    int count;
} bs_pf_count;

typedef struct bs_pf_mark bs_pf_mark;    /* an inked object on the current page */
typedef struct bs_pf_image_entry bs_pf_image_entry;

struct bs_pf_doc {
    qpdf_data q;
    const bs_preflight_opts *opts;

    /* the page being walked */
    int page;
    bs_pf_box area;              /* its BleedBox: what is printed */
    bs_pf_mark *marks;
    size_t nmarks, capmarks;

    /* caches across pages */
    bs_pf_font **fonts;
    size_t nfonts, capfonts;
    bs_pf_image_entry *images;
    size_t nimages, capimages;

    /* structure */
    int content_errors;
    char content_error[96];

    /* colour-spaces: every paint, by space name */
    bs_pf_count *spaces;
    size_t nspaces, capspaces;

    /* black-text */
    int dark_text, rich_text;
    bs_pf_where first_rich;

    /* overprint */
    int k100_text, k100_text_knockout, k100_strokes, k100_strokes_knockout, k100_strokes_opm0;
    int white_overprint;
    bs_pf_where first_overprint_fault;

    /* transparency */
    int transparency;
    char first_transparency[96];

    /* images */
    int nimage_uses, bad_image_space, deep_images, jpx_jbig2, inverted_no_decode;
    char first_bad_image[96];
    double min_ppi;              /* 0 until an image is placed */
    bs_pf_where min_ppi_at;
    int low_ppi_warn, low_ppi_fail;

    /* line-weight */
    int strokes, hairlines;
    double thinnest;             /* pt; 0 until a stroke is painted */
    bs_pf_where thinnest_at;

    /* reverse-type */
    int white_text;
    double smallest_white;
    bs_pf_where smallest_white_at;

    /* total-ink */
    double max_ink;              /* % */
    bs_pf_where max_ink_at;
    int unmeasured;
    int unmarked;                /* objects past the per-page limit of marks */
    int over_limit;
};

/* Walk the content of a page (doc->page says which) and of everything it
 * paints. */
void bs_pf_walk_page(bs_pf_doc *doc, qpdf_oh page);

/* A name token (with escapes #xx) as qpdf spells names: "/Name". */
void bs_pf_name_text(const bs_token *t, char *out, size_t size);

/* Format "page 1 at (12.3, 45.6) pt" into out. */
void bs_pf_where_text(const bs_pf_where *w, char *out, size_t size);

/* The report's lines, in the order they are printed: structure,
 * pdf-version, encryption, info-keys, trailer-id, output-intent, boxes,
 * fonts, colour-spaces, black-text, overprint, transparency, images,
 * image-resolution, line-weight, reverse-type, total-ink, annotations. */
void bs_pf_add_check(bs_preflight_report *r, const char *name, bs_check_result result, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bs_pf_check_structure(bs_pf_doc *doc, int npages, int qpdf_warnings, const char *first_warning,
                           bs_preflight_report *r);
void bs_pf_check_document(bs_pf_doc *doc, bs_preflight_report *r);   /* pdf-version … output-intent */
void bs_pf_check_boxes(bs_pf_doc *doc, bs_preflight_report *r);
void bs_pf_check_fonts(bs_pf_doc *doc, bs_preflight_report *r);
void bs_pf_check_paint(bs_pf_doc *doc, bs_preflight_report *r);      /* colour-spaces … transparency */
void bs_pf_check_images(bs_pf_doc *doc, bs_preflight_report *r);     /* images, image-resolution */
void bs_pf_check_lines(bs_pf_doc *doc, bs_preflight_report *r);      /* line-weight, reverse-type */
void bs_pf_check_ink(bs_pf_doc *doc, bs_preflight_report *r);
void bs_pf_check_annotations(bs_pf_doc *doc, bs_preflight_report *r);

/* The inked objects of the page are forgotten when the next one starts. */
void bs_pf_marks_reset(bs_pf_doc *doc);
void bs_pf_paint_free(bs_pf_doc *doc);

/* The box of the page a printer prints: BleedBox, else CropBox, else
 * MediaBox (PDF 32000-1 §14.11.2). */
bool bs_pf_page_box(qpdf_data q, qpdf_oh page, const char *key, bs_pf_box *out);
bs_pf_box bs_pf_page_bleed(qpdf_data q, qpdf_oh page);

#endif
