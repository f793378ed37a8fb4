/* The preflight, on PDFs made here: a plain cairo PDF (what cairo alone
 * gives: not PDF/X), one built to pass every check (the cairo PDF's font,
 * hand-written CMYK content and the PDF/X structure put in with libqpdf),
 * and variations that each break one rule. Numbers are cross-checked with
 * tools we did not write: total ink with a CMYK render by Ghostscript,
 * colour spaces with mupdf's trace, image resolution with poppler. */
#include "bs_test.h"

#include "bs_finish.h"
#include "bs_text.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <lcms2.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>

#define PAGE_W 420.0
#define PAGE_H 297.0
#define PT_PER_MM (72.0 / 25.4)
/* The trim: 130 x 90 mm at (20, 20) pt, with 3 mm of bleed round it. */
#define TRIM_W_MM 130.0
#define TRIM_H_MM 90.0
#define TRIM_X 20.0
#define TRIM_Y 20.0
#define BLEED_MM 3.0

/* ------------------------------------------------------------ making PDFs */

/* A page as cairo writes it: black CJK text through Pango (RGB, a page
 * transparency group, an embedded CID font) and a 0.1 pt rule. */
static void make_cairo_pdf(const char *path)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_fonts *fonts = bs_fonts_open(ctx, BS_SOURCE_DIR "/fonts.conf");
    assert_non_null(fonts);
    bs_style style = {.name = "body", .font = "宋体", .weight = 400, .size = 9};
    PangoFont *font = bs_fonts_get(fonts, ctx, &style);
    assert_non_null(font);

    cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    PangoLayout *layout = pango_layout_new(bs_fonts_context(fonts));
    PangoFontDescription *desc = pango_font_describe(font);
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_text(layout, "中文排版的检查", -1);
    cairo_move_to(cr, 40, 40);
    pango_cairo_show_layout(cr, layout);
    cairo_set_line_width(cr, 0.1);
    cairo_move_to(cr, 40, 100);
    cairo_line_to(cr, 300, 100);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    assert_int_equal(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);

    pango_font_description_free(desc);
    g_object_unref(layout);
    bs_fonts_close(fonts);
    bs_test_ctx_free(ctx, &diags);
}

/* What to put in the page that replaces the cairo page's content. */
typedef struct spec {
    const char *content;            /* /F0 is the cairo PDF's font; /OP and /KO overprint or not */
    size_t content_len;             /* 0: strlen(content) (inline images may hold NULs) */
    const unsigned char *image_ink; /* if set, /Im1: a 64 x 64 CMYK JPEG of this ink (0..255 each) */
    bool image_without_decode;      /* leave /Decode out (it is an Adobe, inverted, JPEG) */
    bool not_pdfx;                  /* leave the Info keys, boxes and output intent out */
    const char *profile;            /* the output profile; NULL = the newsprint profile */
    const char *annots;             /* the page's /Annots, as PDF text */
    const char *extgstate;          /* more ExtGState entries, as PDF text */
    const char *colorspace;         /* the page's /ColorSpace resources, as PDF text */
    const char *form_dict;          /* if set, /Fm1: a Form XObject with this dictionary … */
    const char *form_content;       /* … and this content */
    bool self_form;                 /* /Fm2: a form that paints itself */
    const char *shading;            /* if set, /Sh1 (and /P1, a shading pattern of it) */
} spec;

static void ok(qpdf_data q)
{
    if (qpdf_has_error(q)) fail_msg("qpdf: %s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
}

static qpdf_oh new_stream(qpdf_data q, const unsigned char *data, size_t len, const char *dict, const char *filter)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh f = filter ? qpdf_oh_new_name(q, filter) : qpdf_oh_new_null(q);
    qpdf_oh none = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, s, data, len, f, none);
    if (dict) {
        qpdf_oh d = qpdf_oh_get_dict(q, s), extra = qpdf_oh_parse(q, dict);
        qpdf_oh_begin_dict_key_iter(q, extra);
        while (qpdf_oh_dict_more_keys(q)) {
            char key[64];
            snprintf(key, sizeof key, "%s", qpdf_oh_dict_next_key(q));
            qpdf_oh_replace_key(q, d, key, qpdf_oh_get_key(q, extra, key));
        }
    }
    ok(q);
    return s;
}

static qpdf_oh file_stream(qpdf_data q, const char *path, const char *dict, const char *filter)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    size_t len = 0;
    char *data = bs_read_file(ctx, path, &len);
    assert_non_null(data);
    qpdf_oh s = new_stream(q, (const unsigned char *)data, len, dict, filter);
    free(data);
    bs_test_ctx_free(ctx, &diags);
    return s;
}

static void set(qpdf_data q, qpdf_oh dict, const char *key, const char *pdf_text)
{
    qpdf_oh_replace_key(q, dict, key, qpdf_oh_parse(q, pdf_text));
    ok(q);
}

static void set_xobjects(qpdf_data q, qpdf_oh res, const spec *s);

/* The cairo font as /F0, the ExtGStates, colour spaces, XObjects, shadings. */
static void set_resources(qpdf_data q, qpdf_oh page, const spec *s)
{
    qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
    qpdf_oh fonts = qpdf_oh_get_key(q, res, "/Font");
    qpdf_oh_begin_dict_key_iter(q, fonts);
    assert_true(qpdf_oh_dict_more_keys(q));
    char first[64];
    snprintf(first, sizeof first, "%s", qpdf_oh_dict_next_key(q));
    qpdf_oh f0 = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, f0, "/F0", qpdf_oh_get_key(q, fonts, first));
    qpdf_oh_replace_key(q, res, "/Font", f0);
    char gs[512];
    snprintf(gs, sizeof gs,
             "<< /OP << /Type /ExtGState /OP true /op true /OPM 1 >> /KO << /Type /ExtGState /OP false /op false >> "
             "%s >>", s->extgstate ? s->extgstate : "");
    set(q, res, "/ExtGState", gs);
    if (s->colorspace) set(q, res, "/ColorSpace", s->colorspace);
    if (s->form_dict || s->self_form || s->image_ink) set_xobjects(q, res, s);
    if (s->shading) {
        qpdf_oh sh = qpdf_make_indirect_object(q, qpdf_oh_parse(q, s->shading));
        qpdf_oh shadings = qpdf_oh_new_dictionary(q), patterns = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, shadings, "/Sh1", sh);
        qpdf_oh pattern = qpdf_oh_parse(q, "<< /Type /Pattern /PatternType 2 >>");
        qpdf_oh_replace_key(q, pattern, "/Shading", sh);
        qpdf_oh_replace_key(q, patterns, "/P1", pattern);
        qpdf_oh_replace_key(q, res, "/Shading", shadings);
        qpdf_oh_replace_key(q, res, "/Pattern", patterns);
    }
    ok(q);
}

/* /Im1, /Fm1 and /Fm2 as the spec asks. */
static void set_xobjects(qpdf_data q, qpdf_oh res, const spec *s)
{
    qpdf_oh xobjects = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, res, "/XObject", xobjects);
    if (s->form_dict) {
        qpdf_oh form = new_stream(q, (const unsigned char *)s->form_content, strlen(s->form_content),
                                  s->form_dict, NULL);
        qpdf_oh_replace_key(q, xobjects, "/Fm1", form);
    }
    if (s->self_form) {
        const char *paint_me = "/Fm2 Do";
        qpdf_oh form = new_stream(q, (const unsigned char *)paint_me, strlen(paint_me),
                                  "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] >>", NULL);
        qpdf_oh inner = qpdf_oh_new_dictionary(q), form_res = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, inner, "/Fm2", form);
        qpdf_oh_replace_key(q, form_res, "/XObject", inner);
        qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, form), "/Resources", form_res);
        qpdf_oh_replace_key(q, xobjects, "/Fm2", form);
    }
    if (s->image_ink) {
        unsigned char stored[4];
        /* an Adobe CMYK JPEG keeps 255 - ink */
        for (int i = 0; i < 4; i++) stored[i] = (unsigned char)(255 - s->image_ink[i]);
        const char *jpeg = bs_test_write_jpeg("preflight-cmyk.jpg", 64, 64, 4, stored);
        qpdf_oh im = file_stream(q, jpeg,
                                 s->image_without_decode
                                     ? "<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceCMYK "
                                       "/BitsPerComponent 8 >>"
                                     : "<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceCMYK "
                                       "/BitsPerComponent 8 /Decode [1 0 1 0 1 0 1 0] >>",
                                 "/DCTDecode");
        qpdf_oh_replace_key(q, xobjects, "/Im1", im);
    }
    ok(q);
}

static void set_boxes(qpdf_data q, qpdf_oh page)
{
    double w = TRIM_W_MM * PT_PER_MM, h = TRIM_H_MM * PT_PER_MM, b = BLEED_MM * PT_PER_MM;
    char box[128];
    snprintf(box, sizeof box, "[%.4f %.4f %.4f %.4f]", TRIM_X, TRIM_Y, TRIM_X + w, TRIM_Y + h);
    set(q, page, "/TrimBox", box);
    snprintf(box, sizeof box, "[%.4f %.4f %.4f %.4f]", TRIM_X - b, TRIM_Y - b, TRIM_X + w + b, TRIM_Y + h + b);
    set(q, page, "/BleedBox", box);
}

static void set_pdfx(qpdf_data q, qpdf_oh page, const spec *s)
{
    set_boxes(q, page);
    qpdf_oh info = qpdf_make_indirect_object(
        q, qpdf_oh_parse(q, "<< /Title (Preflight test page) /GTS_PDFXVersion (PDF/X-1:2001) "
                            "/GTS_PDFXConformance (PDF/X-1a:2001) /CreationDate (D:20240102030405Z) "
                            "/ModDate (D:20240102030405Z) /Trapped /False >>"));
    qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
    qpdf_oh profile = file_stream(q, s->profile ? s->profile : BS_PROFILE_DIR "/newsprint-tac240.icc", "<< /N 4 >>",
                                  NULL);
    qpdf_oh intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (CGATS TR 002) "
                                      "/Info (Coldset newsprint) >>");
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    qpdf_oh intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, intent);
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
    ok(q);
}

/* The cairo PDF `base` with its page's content replaced as `s` says. */
static const char *build_pdf(const char *base, const char *name, const spec *s)
{
    const char *out = bs_test_out(name);
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    assert_false(qpdf_read(q, base, NULL) & QPDF_ERRORS);
    qpdf_oh page = qpdf_get_page_n(q, 0);
    size_t len = s->content_len ? s->content_len : strlen(s->content);
    qpdf_oh content = new_stream(q, (const unsigned char *)s->content, len, NULL, NULL);
    qpdf_oh_replace_key(q, page, "/Contents", content);
    qpdf_oh_remove_key(q, page, "/Group");
    set_resources(q, page, s);
    if (s->annots) set(q, page, "/Annots", s->annots);
    if (!s->not_pdfx) set_pdfx(q, page, s);
    assert_false(qpdf_init_write(q, out) & QPDF_ERRORS);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_disable);
    qpdf_force_pdf_version(q, "1.3");
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    qpdf_cleanup(&q);
    return out;
}

/* ------------------------------------------------------------ checking */

typedef struct fixture {
    char base[1024];
} fixture;

static int setup(void **state)
{
    fixture *f = bs_xcalloc(1, sizeof *f);
    snprintf(f->base, sizeof f->base, "%s", bs_test_out("preflight-cairo.pdf"));
    make_cairo_pdf(f->base);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static bs_preflight_opts test_opts(void)
{
    bs_preflight_opts o = bs_preflight_defaults();
    o.trim_w_mm = TRIM_W_MM;
    o.trim_h_mm = TRIM_H_MM;
    return o;
}

static void run(const char *path, bs_preflight_report *r)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_preflight_opts o = test_opts();
    assert_true(bs_preflight(ctx, path, &o, r));
    assert_string_equal(diags.text.data, "");
    bs_test_ctx_free(ctx, &diags);
}

static const bs_check *find(const bs_preflight_report *r, const char *name)
{
    for (size_t i = 0; i < r->nchecks; i++)
        if (strcmp(r->checks[i].name, name) == 0) return &r->checks[i];
    fail_msg("no check named %s", name);
    return NULL;
}

/* The check has this result and its detail says `part`. */
static void expect(const bs_preflight_report *r, const char *name, bs_check_result result, const char *part)
{
    const bs_check *c = find(r, name);
    if (c->result != result || (part && !strstr(c->detail, part)))
        fail_msg("%s: got %d (%s), wanted %d with \"%s\"", name, c->result, c->detail, result, part ? part : "");
}

/* A percentage the detail gives after `label`, e.g. "max " in total-ink. */
static double number_after(const bs_preflight_report *r, const char *name, const char *label)
{
    const char *at = strstr(find(r, name)->detail, label);
    assert_non_null(at);
    return strtod(at + strlen(label), NULL);
}

/* --------------------------------------------------------- cross-check */

/* The most ink on any pixel of Ghostscript's CMYK render of the BleedBox,
 * in percent (Ghostscript simulates overprint on this device). */
static double ghostscript_max_ink(const char *pdf)
{
    char cmd[2400];
    const char *pam = bs_test_out("preflight-gs.pam");
    snprintf(cmd, sizeof cmd,
             "gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pamcmyk32 -r144 -dUseBleedBox -o '%s' '%s' 2>&1", pam, pdf);
    int status = -1;
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    free(out);
    FILE *f = fopen(pam, "rb");
    assert_non_null(f);
    int w = 0, h = 0;
    char line[128];
    while (fgets(line, sizeof line, f) && strncmp(line, "ENDHDR", 6) != 0) {
        sscanf(line, "WIDTH %d", &w);
        sscanf(line, "HEIGHT %d", &h);
    }
    assert_true(w > 0 && h > 0);
    int most = 0;
    unsigned char px[4];
    for (long i = 0; i < (long)w * h && fread(px, 1, 4, f) == 4; i++) {
        int sum = px[0] + px[1] + px[2] + px[3];
        if (sum > most) most = sum;
    }
    fclose(f);
    return most * 100.0 / 255;
}

/* ---------------------------------------------------------------- tests */

static void test_cairo_pdf_is_not_pdfx(void **state)
{
    fixture *f = *state;
    bs_preflight_report r;
    run(f->base, &r);
    expect(&r, "structure", BS_CHECK_PASS, "1 pages; qpdf: 0 warnings; content: 0 errors");
    expect(&r, "pdf-version", BS_CHECK_FAIL, "1.");
    expect(&r, "encryption", BS_CHECK_PASS, "none");
    expect(&r, "info-keys", BS_CHECK_FAIL, "no GTS_PDFXVersion");
    expect(&r, "trailer-id", BS_CHECK_FAIL, NULL);
    expect(&r, "output-intent", BS_CHECK_FAIL, "0 GTS_PDFX output intents");
    expect(&r, "boxes", BS_CHECK_FAIL, "no TrimBox");
    expect(&r, "fonts", BS_CHECK_PASS, "1 fonts, all embedded");
    expect(&r, "colour-spaces", BS_CHECK_FAIL, "not allowed: DeviceRGB 2");
    expect(&r, "black-text", BS_CHECK_FAIL, "1 of 1 dark text runs are not black ink alone");
    expect(&r, "transparency", BS_CHECK_FAIL, "transparency group on the page (page 1)");
    expect(&r, "line-weight", BS_CHECK_FAIL, "thinnest stroke 0.10 pt");
    expect(&r, "total-ink", BS_CHECK_WARN, "2 objects in other colour spaces not counted");
    expect(&r, "annotations", BS_CHECK_PASS, NULL);
    bs_preflight_free(&r);
}

/* 140 % box with 9 pt white type on it, 10 pt K100 text and a 0.3 pt K100
 * rule overprinting, a 64 px CMYK JPEG (100 % ink) at 20 pt: 230 ppi. */
#define PASSING_CONTENT                                                                 \
    "q /KO gs 0.2 0.3 0.4 0.5 k 40 40 120 80 re f\n"                                   \
    "0 0 0 0 k BT /F0 9 Tf 1 0 0 1 50 60 Tm <0001> Tj ET\n"                            \
    "/OP gs 0 0 0 1 k BT /F0 10 Tf 1 0 0 1 200 200 Tm [<0001> -120 <0002>] TJ ET\n"   \
    "0 0 0 1 K 0.3 w 200 100 m 380 100 l S\n"                                          \
    "/KO gs q 20 0 0 20 300 40 cm /Im1 Do Q Q\n"

static const unsigned char ink_100[4] = {25, 51, 76, 102};   /* 10 20 30 40 % */

static void test_passing_pdf(void **state)
{
    fixture *f = *state;
    spec s = {.content = PASSING_CONTENT, .image_ink = ink_100};
    const char *pdf = build_pdf(f->base, "preflight-pass.pdf", &s);
    bs_preflight_report r;
    run(pdf, &r);
    expect(&r, "structure", BS_CHECK_PASS, "1 pages; qpdf: 0 warnings; content: 0 errors");
    expect(&r, "pdf-version", BS_CHECK_PASS, "1.3");
    expect(&r, "encryption", BS_CHECK_PASS, "none");
    expect(&r, "info-keys", BS_CHECK_PASS, "Title (Preflight test page)");
    expect(&r, "trailer-id", BS_CHECK_PASS, "two strings of 16 bytes");
    expect(&r, "output-intent", BS_CHECK_PASS, "GTS_PDFX (CGATS TR 002); profile (CGATS TR 002 coldset newsprint");
    expect(&r, "output-intent", BS_CHECK_PASS, "class prtr, colour space CMYK");
    expect(&r, "boxes", BS_CHECK_PASS, "trim 130.0 x 90.0 mm, bleed 3.0/3.0/3.0/3.0 mm");
    expect(&r, "fonts", BS_CHECK_PASS, "1 fonts, all embedded");
    expect(&r, "colour-spaces", BS_CHECK_PASS, "DeviceCMYK 5");
    expect(&r, "black-text", BS_CHECK_PASS, "1 dark text runs, all black ink alone");
    expect(&r, "overprint", BS_CHECK_PASS, "K100 text runs 1 (0 knock out), K100 strokes 1 (0 knock out, 0 with OPM 0)");
    expect(&r, "transparency", BS_CHECK_PASS, "none");
    expect(&r, "images", BS_CHECK_PASS, "1 images painted");
    expect(&r, "image-resolution", BS_CHECK_PASS, "lowest effective resolution 230 ppi");
    expect(&r, "line-weight", BS_CHECK_PASS, "thinnest stroke 0.30 pt");
    expect(&r, "reverse-type", BS_CHECK_PASS, "smallest white text 9.0 pt");
    expect(&r, "total-ink", BS_CHECK_PASS, "max 140.0% (fill on page 1 at (100.0, 80.0) pt)");
    expect(&r, "annotations", BS_CHECK_PASS, "none inside the BleedBox");
    assert_int_equal(r.nchecks, 18);
    assert_int_equal(r.failures, 0);
    assert_int_equal(r.warnings, 0);

    /* Ghostscript's render agrees on the most ink (to its 8-bit rounding) */
    double gs = ghostscript_max_ink(pdf);
    assert_true(fabs(gs - 140.0) < 1.0);
    /* and mupdf's trace of every paint on the colour spaces */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mutool trace '%s' 2>/dev/null | grep -o 'colorspace=\"[^\"]*\"' | sort | uniq -c", pdf);
    int status = -1;
    char *spaces = bs_test_run(cmd, &status);
    assert_string_equal(spaces, "      5 colorspace=\"DeviceCMYK\"\n");
    free(spaces);

    /* and the printed report has a line per check and the sum */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    bs_preflight_print(&r, mem);
    fclose(mem);
    assert_true(bs_test_contains(text, "PASS total-ink: max 140.0%"));
    assert_true(bs_test_contains(text, "\n18 passed, 0 failed, 0 warnings\n"));
    free(text);
    bs_preflight_free(&r);
}

static void test_image_ink_and_resolution(void **state)
{
    fixture *f = *state;
    static const unsigned char ink_180[4] = {76, 102, 127, 153};   /* 30 40 50 60 % */
    bs_preflight_report r;

    /* 64 px over 100 pt: 46 ppi, failed; the pixels' ink read through /Decode */
    spec low = {.content = "q 100 0 0 100 100 100 cm /Im1 Do Q", .image_ink = ink_180};
    run(build_pdf(f->base, "preflight-low-ppi.pdf", &low), &r);
    expect(&r, "image-resolution", BS_CHECK_FAIL, "lowest effective resolution 46 ppi (/Im1 64x64 px");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | awk 'NR > 2 { print $13, $14 }'",
             bs_test_out("preflight-low-ppi.pdf"));
    int status = -1;
    char *ppi = bs_test_run(cmd, &status);
    assert_string_equal(ppi, "46 46\n");   /* poppler's x-ppi and y-ppi */
    free(ppi);
    double ink = number_after(&r, "total-ink", "max ");
    assert_true(fabs(ink - 180) < 1.5);
    expect(&r, "total-ink", BS_CHECK_PASS, "(image /Im1 on page 1");
    expect(&r, "images", BS_CHECK_PASS, NULL);
    bs_preflight_free(&r);

    /* 64 px over 27 pt: 171 ppi, warned */
    spec mid = {.content = "q 27 0 0 27 100 100 cm /Im1 Do Q", .image_ink = ink_180};
    run(build_pdf(f->base, "preflight-mid-ppi.pdf", &mid), &r);
    expect(&r, "image-resolution", BS_CHECK_WARN, "lowest effective resolution 171 ppi");
    bs_preflight_free(&r);

    /* an Adobe JPEG without /Decode is read inverted, as its marker says,
     * and warned: renderers would show a negative */
    spec raw = {.content = "q 20 0 0 20 100 100 cm /Im1 Do Q", .image_ink = ink_180, .image_without_decode = true};
    run(build_pdf(f->base, "preflight-no-decode.pdf", &raw), &r);
    expect(&r, "images", BS_CHECK_WARN, "1 Adobe CMYK JPEGs without /Decode");
    assert_true(fabs(number_after(&r, "total-ink", "max ") - 180) < 1.5);
    bs_preflight_free(&r);
}

static void test_type_and_rules(void **state)
{
    fixture *f = *state;
    bs_preflight_report r;
    /* white 6 pt type on a box, a rich black text run, a 0.1 pt rule and a
     * hairline */
    spec s = {.content = "/KO gs 0 0 1 0 k 40 40 120 80 re f\n"
                         "0 0 0 0 k BT /F0 6 Tf 1 0 0 1 50 60 Tm <0001> Tj ET\n"
                         "/OP gs 0.6 0.5 0.5 1 k BT /F0 10 Tf 1 0 0 1 200 200 Tm <0001> Tj ET\n"
                         "0 0 0 1 K 0.1 w 200 100 m 380 100 l S 0 w 200 150 m 380 150 l S\n"};
    run(build_pdf(f->base, "preflight-type-rules.pdf", &s), &r);
    expect(&r, "reverse-type", BS_CHECK_FAIL, "smallest white text 6.0 pt");
    expect(&r, "black-text", BS_CHECK_FAIL, "1 of 1 dark text runs are not black ink alone (first: DeviceCMYK 0.6 0.5 0.5 1");
    expect(&r, "line-weight", BS_CHECK_FAIL, "thinnest stroke 0.00 pt");
    expect(&r, "line-weight", BS_CHECK_FAIL, "2 strokes, 1 of width 0");
    expect(&r, "overprint", BS_CHECK_PASS, "K100 strokes 2 (0 knock out");
    bs_preflight_free(&r);

    spec thin = {.content = "/OP gs 0 0 0 1 K 0.1 w 200 100 m 380 100 l S\n"};
    run(build_pdf(f->base, "preflight-thin.pdf", &thin), &r);
    expect(&r, "line-weight", BS_CHECK_FAIL, "thinnest stroke 0.10 pt");
    bs_preflight_free(&r);

    /* the CTM scales the pen and the type: 0.5 w at 0.5 is 0.25 pt, passing;
     * 12 pt white type at 0.5 is 6 pt */
    spec scaled = {.content = "/OP gs 0.5 0 0 0.5 0 0 cm 0 0 0 1 K 0.5 w 400 200 m 700 200 l S\n"
                              "/KO gs 0 0 0 0 k BT /F0 12 Tf 1 0 0 1 300 300 Tm <0001> Tj ET\n"};
    run(build_pdf(f->base, "preflight-scaled.pdf", &scaled), &r);
    expect(&r, "line-weight", BS_CHECK_PASS, "thinnest stroke 0.25 pt");
    expect(&r, "reverse-type", BS_CHECK_FAIL, "smallest white text 6.0 pt");
    bs_preflight_free(&r);
}

static void test_overprint(void **state)
{
    fixture *f = *state;
    bs_preflight_report r;
    /* K100 text overprinting a 140 % box keeps the box's C, M and Y under
     * its black: 90 + 100 = 190 %, as Ghostscript renders it */
    spec sum = {.content = "/KO gs 0.2 0.3 0.4 0.5 k 40 40 200 120 re f\n"
                           "/OP gs 0 0 0 1 k BT /F0 60 Tf 1 0 0 1 60 80 Tm <00010002> Tj ET\n"};
    const char *pdf = build_pdf(f->base, "preflight-overprint-sum.pdf", &sum);
    run(pdf, &r);
    expect(&r, "total-ink", BS_CHECK_PASS, "max 190.0% (text overprinting on page 1");
    expect(&r, "overprint", BS_CHECK_PASS, "K100 text runs 1 (0 knock out)");
    assert_true(fabs(ghostscript_max_ink(pdf) - 190.0) < 1.0);
    bs_preflight_free(&r);

    /* K100 text knocking out, and OPM 0; white text overprinting */
    spec bad = {.content = "/KO gs 0 0 0 1 k BT /F0 10 Tf 1 0 0 1 60 80 Tm <0001> Tj ET\n"
                           "/OP0 gs 0 0 0 1 k BT /F0 10 Tf 1 0 0 1 60 120 Tm <0001> Tj ET\n"
                           "/OP gs 0 0 0 0 k BT /F0 10 Tf 1 0 0 1 60 160 Tm <0001> Tj ET\n",
                .extgstate = "/OP0 << /OP true /op true /OPM 0 >>"};
    run(build_pdf(f->base, "preflight-knockout.pdf", &bad), &r);
    expect(&r, "overprint", BS_CHECK_FAIL, "K100 text runs 2 (2 knock out)");
    expect(&r, "overprint", BS_CHECK_FAIL, "white objects overprinting 1");
    bs_preflight_free(&r);
}

static void test_colour_and_transparency(void **state)
{
    fixture *f = *state;
    bs_preflight_report r;
    spec s = {.content = "/KO gs 0.8 0.7 0.7 0.9 k 40 40 50 50 re f 1 0 0 rg 100 40 50 50 re f\n"
                         "/All cs 1 sc 160 40 50 50 re f 0.5 g 220 40 50 50 re f\n"
                         "/Spot cs 1 sc 280 40 50 50 re f /Half gs 0 0 0 1 k 340 40 20 20 re f\n",
              .extgstate = "/Half << /ca 0.5 /BM /Multiply >>",
              .colorspace = "<< /All [/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
                            "/C1 [1 1 1 1] /N 1 >>] /Spot [/Separation /PANTONE#20185#20C /DeviceCMYK "
                            "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0.9 0.8 0] /N 1 >>] >>"};
    run(build_pdf(f->base, "preflight-colours.pdf", &s), &r);
    expect(&r, "colour-spaces", BS_CHECK_FAIL, "not allowed: DeviceRGB 1, Separation(PANTONE 185 C) 1");
    expect(&r, "colour-spaces", BS_CHECK_FAIL, "(allowed: DeviceCMYK 2, Separation(All) 1, DeviceGray 1)");
    expect(&r, "transparency", BS_CHECK_FAIL, "2 uses of transparency (first: fill alpha ca < 1 in ExtGState /Half");
    /* registration is 400 % where it is painted inside the bleed */
    expect(&r, "total-ink", BS_CHECK_FAIL, "max 400.0% (fill on page 1 at (185.0, 65.0) pt); limit 240%, 2 objects");
    expect(&r, "total-ink", BS_CHECK_FAIL, "2 objects in other colour spaces not counted");
    bs_preflight_free(&r);
}

/* What the interpreter follows: a scaled form with a transparency group, a
 * form that paints itself, a shading painted by sh and as a pattern, and
 * an inline image whose data holds NULs and an "EI". */
static void test_forms_patterns_inline(void **state)
{
    fixture *f = *state;
    static const char content[] = "q /Fm1 Do Q /Fm2 Do\n"
                                  "q 100 0 0 100 40 150 cm /Sh1 sh Q\n"
                                  "/Pattern cs /P1 scn 200 150 50 50 re f\n"
                                  "q 20 0 0 10 300 150 cm BI /W 3 /H 1 /BPC 8 /CS /CMYK ID "
                                  "\xff\xff\xff\x00 EI \x80\x80\x80\x80\nEI Q\n";
    spec s = {.content = content,
              .content_len = sizeof content - 1,
              .form_dict = "<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [0.5 0 0 0.5 0 0] "
                           "/Group << /S /Transparency >> >>",
              .form_content = "0 0 0 1 K 0.4 w 100 100 m 500 100 l S",
              .self_form = true,
              .shading = "<< /ShadingType 2 /ColorSpace /DeviceCMYK /Coords [0 0 1 0] /Function << /FunctionType 2 "
                         "/Domain [0 1] /C0 [0 0 0 0] /C1 [0.5 0.5 0.5 0.5] /N 1 >> >>"};
    bs_preflight_report r;
    run(build_pdf(f->base, "preflight-forms.pdf", &s), &r);
    expect(&r, "structure", BS_CHECK_FAIL, "content: 1 errors (first: a form that paints itself on page 1)");
    expect(&r, "line-weight", BS_CHECK_FAIL, "thinnest stroke 0.20 pt (page 1 at (150.0, 50.0) pt)");
    expect(&r, "transparency", BS_CHECK_FAIL, "1 uses of transparency (first: transparency group on form /Fm1");
    expect(&r, "colour-spaces", BS_CHECK_PASS, "DeviceCMYK 4");
    expect(&r, "images", BS_CHECK_PASS, "1 images painted");
    expect(&r, "image-resolution", BS_CHECK_FAIL, "lowest effective resolution 7 ppi (inline image 3x1 px");
    /* the inline image's first pixel, cyan, magenta and yellow; its second
     * is the bytes " EI " */
    expect(&r, "total-ink", BS_CHECK_FAIL, "max 300.0% (image inline image on page 1 at (303.3, 155.0) pt)");
    bs_preflight_free(&r);

    /* without the image: the shading's darker end is the most ink */
    static const char shaded[] = "q 100 0 0 100 40 150 cm /Sh1 sh Q /Pattern cs /P1 scn 200 150 50 50 re f\n";
    spec s2 = {.content = shaded, .shading = s.shading};
    run(build_pdf(f->base, "preflight-shading.pdf", &s2), &r);
    expect(&r, "total-ink", BS_CHECK_PASS, "max 200.0% (shading on page 1");
    expect(&r, "colour-spaces", BS_CHECK_PASS, "DeviceCMYK 2");
    bs_preflight_free(&r);
}

static void test_annotations_and_profile(void **state)
{
    fixture *f = *state;
    bs_preflight_report r;
    /* an sRGB profile is a display profile, not a CMYK printer's */
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsUInt32Number n = 0;
    assert_true(cmsSaveProfileToMem(srgb, NULL, &n));
    unsigned char *bytes = bs_xmalloc(n);
    assert_true(cmsSaveProfileToMem(srgb, bytes, &n));
    cmsCloseProfile(srgb);
    const char *profile = bs_test_out("preflight-srgb.icc");
    FILE *out = fopen(profile, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, n, out), n);
    fclose(out);
    free(bytes);

    spec s = {.content = "0 0 0 1 k 40 40 10 10 re f",
              .profile = profile,
              .annots = "[<< /Type /Annot /Subtype /Link /Rect [50 50 100 60] >> "
                        "<< /Type /Annot /Subtype /PrinterMark /Rect [50 50 100 60] >> "
                        "<< /Type /Annot /Subtype /Text /Rect [0 0 5 5] >>]"};
    run(build_pdf(f->base, "preflight-annots.pdf", &s), &r);
    expect(&r, "annotations", BS_CHECK_FAIL, "1 of 3 annotations inside the BleedBox (first: Link on page 1)");
    expect(&r, "output-intent", BS_CHECK_FAIL, "class mntr, colour space RGB");
    bs_preflight_free(&r);
}

static void test_unreadable(void **state)
{
    (void)state;
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    const char *path = bs_test_write("preflight-not.pdf", "this is not a PDF\n");
    bs_preflight_report r;
    bs_preflight_opts o = bs_preflight_defaults();
    assert_false(bs_preflight(ctx, path, &o, &r));
    assert_int_equal(r.nchecks, 0);
    assert_true(bs_test_contains(diags.text.data, "preflight-not.pdf: error: cannot be read as a PDF"));
    bs_preflight_free(&r);
    bs_test_ctx_free(ctx, &diags);
}

/* The command prints the report and exits 1 when a check fails. */
static void test_command(void **state)
{
    fixture *f = *state;
    spec s = {.content = PASSING_CONTENT, .image_ink = ink_100};
    const char *pdf = build_pdf(f->base, "preflight-cli.pdf", &s);
    char cmd[2200];
    int status = -1;
    snprintf(cmd, sizeof cmd, "'%s' preflight '%s' --trim 130x90mm", BS_CLI, pdf);
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "PASS boxes: trim 130.0 x 90.0 mm"));
    assert_true(bs_test_contains(out, "18 passed, 0 failed, 0 warnings"));
    free(out);

    snprintf(cmd, sizeof cmd, "'%s' preflight '%s' --tac 120 --trim 130x91mm", BS_CLI, pdf);
    out = bs_test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "FAIL total-ink: max 140.0%"));
    assert_true(bs_test_contains(out, "FAIL boxes: 1 faults (first: page 1: trim 130.0 x 90.0 mm, not 130.0 x 91.0 mm)"));
    free(out);

    snprintf(cmd, sizeof cmd, "'%s' preflight '%s/nothing.pdf' 2>&1", BS_CLI, BS_TEST_OUT);
    out = bs_test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "nothing.pdf: error: cannot be read as a PDF"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cairo_pdf_is_not_pdfx),
        cmocka_unit_test(test_passing_pdf),
        cmocka_unit_test(test_image_ink_and_resolution),
        cmocka_unit_test(test_type_and_rules),
        cmocka_unit_test(test_overprint),
        cmocka_unit_test(test_colour_and_transparency),
        cmocka_unit_test(test_forms_patterns_inline),
        cmocka_unit_test(test_annotations_and_profile),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_command),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
