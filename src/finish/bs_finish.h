/*
 * bs_finish.h - the finish room: the PDF cairo wrote becomes the PDF a
 * newspaper plant sends to plate (PDF/X-1a:2001), and any PDF can be
 * checked the way the plant's prepress desk checks it (preflight).
 *
 * cairo 1.16 writes every colour as RGB, gives each page a transparency
 * group and writes no TrimBox, BleedBox, output intent or trailer ID. The
 * render room therefore draws each colour of the page with a unique RGB
 * stand-in from a palette (bs_display.h), and the finish rewrites those
 * stand-ins into exact DeviceCMYK with libqpdf.
 *
 * Contract
 * - bs_finish_pdfx takes the PDF as bytes and gives the finished PDF as
 *   bytes; the caller writes it (atomically).
 * - Colours: a palette stand-in becomes its CMYK colour; 0/0/0/100 fills
 *   and strokes overprint (op true, OPM 1), everything else knocks out;
 *   C100 M100 Y100 K100 (BS_CMYK_REGISTRATION) becomes /Separation /All;
 *   images are painted with overprint off. An RGB colour that is not in the
 *   palette is an error (it would reach the plate as RGB).
 * - Structure: PDF 1.3; TrimBox and BleedBox on every page; no page group
 *   and no CA/ca; CMYK JPEGs with an Adobe marker get /Decode [1 0 1 0 1 0
 *   1 0]; Info with GTS_PDFXVersion, GTS_PDFXConformance, Title,
 *   CreationDate, ModDate (both from `date`) and Trapped /False; one
 *   GTS_PDFX output intent embedding the output profile; a trailer /ID
 *   derived from the content, so the same input gives the same bytes.
 * - Errors are reported through the context and make the call return false.
 */
#ifndef BS_FINISH_H
#define BS_FINISH_H

#include "bs_display.h"

typedef struct bs_finish_opts {
    /* Page geometry in PDF user space (points, origin at the bottom left of
     * the MediaBox), the same for every page. */
    bs_rect trim;
    bs_rect bleed;
    const char *title;
    long long date;                 /* seconds since the epoch, UTC */
    const char *profile_path;       /* the output (printing) condition's ICC profile */
    const char *output_condition;   /* OutputConditionIdentifier, e.g. "CGATS TR 002" */
    const char *output_info;        /* a human description of the condition */
    const bs_palette *palette;      /* the stand-ins the page was drawn with */
} bs_finish_opts;

bool bs_finish_pdfx(bs_ctx *ctx, const char *pdf, size_t len, const bs_finish_opts *opts, bs_buf *out);

/* Is the file an output profile the finish can embed: an ICC version 2 CMYK
 * printer profile? Otherwise reports "path: error: …" and returns false, so
 * a command can refuse a wrong profile before it composes anything. */
bool bs_finish_check_profile(bs_ctx *ctx, const char *path);

/* ---------------------------------------------------------------- preflight */

typedef enum { BS_CHECK_PASS, BS_CHECK_WARN, BS_CHECK_FAIL } bs_check_result;

typedef struct bs_check {
    const char *name;               /* short and stable, e.g. "pdf-version" */
    bs_check_result result;
    char detail[320];               /* what was found, with numbers */
} bs_check;

typedef struct bs_preflight_opts {
    double tac_limit;               /* % total ink, default 240 */
    double min_ppi;                 /* effective image resolution warned below, default 200 */
    double fail_ppi;                /* … failed below, default 150 */
    double min_line_pt;             /* thinnest rule, default 0.25 */
    double min_reverse_pt;          /* smallest white (reverse) type, default 8 */
    double trim_w_mm, trim_h_mm;    /* expected trim size; 0 = not checked */
} bs_preflight_opts;

typedef struct bs_preflight_report {
    bs_check *checks;
    size_t nchecks;
    int failures;
    int warnings;
} bs_preflight_report;

/* Defaults as above. */
bs_preflight_opts bs_preflight_defaults(void);

/* Check a PDF file against the prepress checklist. Returns false only if
 * the file cannot be read as a PDF (reported); a PDF that fails checks
 * returns true with failures counted in the report. */
bool bs_preflight(bs_ctx *ctx, const char *path, const bs_preflight_opts *opts, bs_preflight_report *report);
void bs_preflight_free(bs_preflight_report *report);

/* One line per check ("PASS pdf-version: 1.3") and a summary line. */
void bs_preflight_print(const bs_preflight_report *report, FILE *out);

#endif /* BS_FINISH_H */
