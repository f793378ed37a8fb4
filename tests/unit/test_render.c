/* The render room: a display list built by hand, drawn to PDF and PNG, and
 * read back with tools we did not write (poppler, cairo's PNG reader). */
#include "bs_test.h"

#include "bs_render.h"
#include "bs_text.h"
#include "render_images.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include <jpeglib.h>

#define PAGE_W 420.0
#define PAGE_H 297.0
#define DATE_2024_01_02_030405 1704164645LL
#define LINE_ONE "第一行：中文排版——测试，“引号”。"
#define LINE_TWO "第二行在上面"
#define HEADING "黑体标题"
#define BYLINE "本报记者 楷体"

typedef struct fixture {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_fonts *fonts;
    bs_style style, heading, kai;
    PangoFont *font, *heading_font, *kai_font;
} fixture;

static int setup(void **state)
{
    fixture *f = bs_xcalloc(1, sizeof *f);
    f->ctx = bs_test_ctx(&f->diags);
    f->fonts = bs_fonts_open(f->ctx, BS_SOURCE_DIR "/fonts.conf");
    assert_non_null(f->fonts);
    f->style = (bs_style){.name = "body", .font = "宋体", .weight = 400, .size = 9};
    f->font = bs_fonts_get(f->fonts, f->ctx, &f->style);
    assert_non_null(f->font);
    /* a bold Sans face and a TrueType one, to see each embedded */
    f->heading = (bs_style){.name = "heading", .font = "黑体", .weight = 700, .size = 14};
    f->heading_font = bs_fonts_get(f->fonts, f->ctx, &f->heading);
    assert_non_null(f->heading_font);
    f->kai = (bs_style){.name = "byline", .font = "楷体", .weight = 400, .size = 9};
    f->kai_font = bs_fonts_get(f->fonts, f->ctx, &f->kai);
    assert_non_null(f->kai_font);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_fonts_close(f->fonts);
    bs_test_ctx_free(f->ctx, &f->diags);
    free(f);
    return 0;
}

/* ------------------------------------------------------------ test data */

/* Shape `text` in the style's font with Pango, as the composer would, and
 * add it with absolute glyph positions starting at (x, y). */
static bs_dl_text *add_text_in(bs_dlist *dl, fixture *f, PangoFont *font, const char *text, double x,
                               double y)
{
    size_t len = strlen(text);
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_TEXT);
    item->origin.role = "body";
    bs_dl_text *t = &item->u.text;
    PangoFontDescription *desc = pango_font_describe(font);
    double size = pango_font_description_get_size(desc) / (double)PANGO_SCALE;
    *t = (bs_dl_text){.font = font, .size = size, .color = BS_CMYK_BLACK, .x = x, .y = y};
    t->text = bs_arena_strdup(dl->arena, text);
    t->len = len;
    t->glyphs = bs_dlist_alloc(dl, len * sizeof *t->glyphs);
    t->clusters = bs_dlist_alloc(dl, len * sizeof *t->clusters);
    size_t *starts = bs_xmalloc(len * sizeof *starts);
    bs_dlist_hold_font(dl, font);

    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    pango_font_description_free(desc);
    GList *items = pango_itemize(bs_fonts_context(f->fonts), text, 0, (int)len, attrs, NULL);
    double pen = x;
    for (GList *l = items; l; l = l->next) {
        PangoItem *pi = l->data;
        PangoAnalysis analysis = pi->analysis;
        analysis.font = font;  /* the style's font, as the composer uses it */
        PangoGlyphString *gs = pango_glyph_string_new();
        pango_shape_full(text + pi->offset, pi->length, text, (int)len, &analysis, gs);
        for (int g = 0; g < gs->num_glyphs; g++) {
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            t->glyphs[t->nglyphs++] = (bs_dl_glyph){gi->glyph, pen + gi->geometry.x_offset / (double)PANGO_SCALE,
                                                    y + gi->geometry.y_offset / (double)PANGO_SCALE};
            pen += gi->geometry.width / (double)PANGO_SCALE;
            if (g > 0 && gs->log_clusters[g] == gs->log_clusters[g - 1]) {
                t->clusters[t->nclusters - 1].glyphs++;
            } else {
                starts[t->nclusters] = (size_t)(pi->offset + gs->log_clusters[g]);
                t->clusters[t->nclusters++] = (bs_dl_cluster){0, 1};
            }
        }
        pango_glyph_string_free(gs);
    }
    for (size_t c = 0; c < t->nclusters; c++)
        t->clusters[c].bytes = (int)((c + 1 < t->nclusters ? starts[c + 1] : len) - starts[c]);
    t->width = pen - x;
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    pango_attr_list_unref(attrs);
    free(starts);
    return t;
}

static bs_dl_text *add_text(bs_dlist *dl, fixture *f, const char *text, double x, double y)
{
    return add_text_in(dl, f, f->font, text, x, y);
}

/* Noto CJK sets "——" as one 2-em glyph (a ligature): one cluster of two
 * characters and one glyph, which the PDF must still extract as "——". */
static void assert_dash_ligature(const bs_dl_text *t)
{
    const char *dash = strstr(t->text, "——");
    assert_non_null(dash);
    size_t off = (size_t)(dash - t->text), start = 0, k = 0;
    for (; k < t->nclusters && start < off; k++) start += (size_t)t->clusters[k].bytes;
    assert_int_equal(start, off);
    assert_int_equal(t->clusters[k].bytes, 6);
    assert_int_equal(t->clusters[k].glyphs, 1);
}


static const char *rgb_jpeg(void)
{
    static const JSAMPLE green[] = {0, 128, 0};
    return bs_test_write_jpeg("render-green.jpg", 80, 60, 3, green);
}

static const char *cmyk_jpeg(void)
{
    static const JSAMPLE red_inverted[] = {255, 0, 0, 255};  /* C0 M100 Y100 K0 */
    return bs_test_write_jpeg("render-red-cmyk.jpg", 80, 60, 4, red_inverted);
}

/* A PNG whose left half is opaque blue and right half fully transparent. */
static const char *alpha_png(void)
{
    const char *path = bs_test_out("render-alpha.png");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 30);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 1);
    cairo_rectangle(cr, 0, 0, 20, 30);
    cairo_fill(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return path;
}

static void add_image(bs_dlist *dl, const char *path, bs_image_type type, bs_rect r, bs_rect clip)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_IMAGE);
    item->u.image = (bs_dl_image){.path = bs_arena_strdup(dl->arena, path), .type = type, .r = r, .clip = clip};
}

static void add_rect(bs_dlist *dl, bs_rect r, bool fill, double stroke)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_RECT);
    item->u.rect = (bs_dl_rect){r, fill, BS_CMYK_BLACK, stroke, BS_CMYK_BLACK};
}

/* A 5 × 5 checkerboard of 4 pt modules with a solid top row, so that some
 * modules touch along an edge and others at a corner. */
static void add_modules(bs_dlist *dl, double x, double y)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_RECTS);
    item->origin.role = "qr";
    bs_dl_rects *q = &item->u.rects;
    q->rects = bs_dlist_alloc(dl, 25 * sizeof *q->rects);
    q->color = BS_CMYK_BLACK;
    q->payload = "test";
    for (int row = 0; row < 5; row++)
        for (int col = 0; col < 5; col++)
            if (row == 0 || (row + col) % 2 == 0)
                q->rects[q->nrects++] = (bs_rect){x + col * 4, y + row * 4, 4, 4};
}

/* The test page: two lines of text added in reading order but placed
 * upside down, a rule, boxes, modules, and pictures. */
static bs_dlist *test_page(fixture *f)
{
    bs_dlist *dl = bs_dlist_new(PAGE_W, PAGE_H);
    dl->title = "测试版面 render";
    dl->date = DATE_2024_01_02_030405;
    assert_dash_ligature(add_text(dl, f, LINE_ONE, 20, 60));
    add_text(dl, f, LINE_TWO, 20, 30);
    add_text_in(dl, f, f->heading_font, HEADING, 200, 30);
    add_text_in(dl, f, f->kai_font, BYLINE, 300, 60);
    bs_dl_item *rule = bs_dlist_add(dl, BS_DL_LINE);
    rule->u.line = (bs_dl_line){20, 70, 400, 70, 0.5, BS_CMYK_BLACK};
    add_rect(dl, (bs_rect){20, 80, 100, 60}, false, 1);
    add_rect(dl, (bs_rect){140, 80, 100, 60}, true, 0);
    add_modules(dl, 260, 80);
    const char *green = rgb_jpeg();
    add_image(dl, green, BS_IMAGE_JPEG, (bs_rect){20, 160, 80, 60}, (bs_rect){20, 160, 80, 60});
    add_image(dl, green, BS_IMAGE_JPEG, (bs_rect){110, 160, 80, 60}, (bs_rect){110, 160, 40, 60});
    add_image(dl, cmyk_jpeg(), BS_IMAGE_JPEG, (bs_rect){200, 160, 80, 60}, (bs_rect){200, 160, 80, 60});
    add_image(dl, alpha_png(), BS_IMAGE_PNG, (bs_rect){290, 160, 80, 60}, (bs_rect){290, 160, 80, 60});
    return dl;
}

/* ------------------------------------------------------------- read back */

static char *run(const char *fmt, const char *path)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, path);
    int status = -1;
    char *out = bs_test_run(cmd, &status);
    assert_non_null(out);
    if (status != 0) fail_msg("%s exited with %d:\n%s", cmd, status, out);
    return out;
}

static char *slurp(const char *path, size_t *len)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    char *data = bs_read_file(ctx, path, len);
    bs_test_ctx_free(ctx, &diags);
    assert_non_null(data);
    return data;
}

static bool same_bytes(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *da = slurp(a, &na), *db = slurp(b, &nb);
    bool same = na == nb && memcmp(da, db, na) == 0;
    free(da);
    free(db);
    return same;
}

typedef struct png_image {
    cairo_surface_t *surface;
    int w, h;
} png_image;

static png_image png_open(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return (png_image){s, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
}

/* The pixel under a point of the page (pt) at `dpi`. */
static void png_pixel(png_image img, double x_pt, double y_pt, double dpi, int rgb[3])
{
    int x = (int)(x_pt / 72 * dpi), y = (int)(y_pt / 72 * dpi);
    assert_true(x >= 0 && x < img.w && y >= 0 && y < img.h);
    cairo_surface_flush(img.surface);
    const unsigned char *row = cairo_image_surface_get_data(img.surface) +
                               (size_t)y * (size_t)cairo_image_surface_get_stride(img.surface);
    uint32_t p;
    memcpy(&p, row + 4 * x, 4);
    rgb[0] = (int)(p >> 16 & 255);
    rgb[1] = (int)(p >> 8 & 255);
    rgb[2] = (int)(p & 255);
}

static void assert_colour(png_image img, double x, double y, double dpi, int r, int g, int b, int tolerance)
{
    int rgb[3];
    png_pixel(img, x, y, dpi, rgb);
    if (abs(rgb[0] - r) > tolerance || abs(rgb[1] - g) > tolerance || abs(rgb[2] - b) > tolerance)
        fail_msg("pixel at %g,%g pt is %d,%d,%d; expected %d,%d,%d", x, y, rgb[0], rgb[1], rgb[2], r, g, b);
}

/* What every rendering of the test page shows, wherever it came from.
 * adobe_cmyk: whether the renderer undoes Photoshop's inverted CMYK. */
static void assert_test_page(png_image img, double dpi, bool adobe_cmyk)
{
    assert_colour(img, 190, 110, dpi, 0, 0, 0, 0);          /* filled black box */
    assert_colour(img, 410, 20, dpi, 255, 255, 255, 0);     /* paper */
    assert_colour(img, 70, 110, dpi, 255, 255, 255, 0);     /* inside the stroked box */
    assert_colour(img, 261, 81, dpi, 0, 0, 0, 0);           /* a module */
    assert_colour(img, 262, 86, dpi, 255, 255, 255, 0);     /* a light module */
    assert_colour(img, 60, 190, dpi, 0, 128, 0, 6);         /* RGB JPEG */
    assert_colour(img, 125, 190, dpi, 0, 128, 0, 6);        /* … placed again, clipped */
    assert_colour(img, 170, 190, dpi, 255, 255, 255, 0);    /* … outside its clip */
    if (adobe_cmyk) assert_colour(img, 240, 190, dpi, 255, 0, 0, 6);  /* CMYK JPEG */
    assert_colour(img, 300, 190, dpi, 0, 0, 255, 0);        /* PNG, opaque half */
    assert_colour(img, 360, 190, dpi, 255, 255, 255, 0);    /* PNG, transparent half on paper */
}

/* No soft mask, and every alpha constant is 1. (cairo 1.16 still writes
 * an ExtGState of /CA 1 /ca 1 and gives the page a transparency group;
 * neither makes anything transparent.) */
static void assert_no_alpha(const char *path)
{
    size_t len = 0;
    char *pdf = slurp(path, &len);
    for (size_t i = 0; i + 6 < len; i++) {
        if (memcmp(pdf + i, "/SMask", 6) == 0) fail_msg("%s has a soft mask", path);
        if (memcmp(pdf + i, "/ca ", 4) != 0 && memcmp(pdf + i, "/CA ", 4) != 0) continue;
        if (pdf[i + 4] != '1' || strchr("0123456789.", pdf[i + 5]))
            fail_msg("%s has alpha %.8s", path, pdf + i);
    }
    free(pdf);
}

/* pdfinfo prints "Key:" at the start of a line and pads the value. */
static void assert_info(const char *info, const char *key, const char *value)
{
    size_t klen = strlen(key);
    for (const char *line = info; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, key, klen) != 0 || line[klen] != ':') continue;
        const char *at = line + klen + 1;
        at += strspn(at, " ");
        size_t n = strcspn(at, "\n");
        if (n != strlen(value) || strncmp(at, value, n) != 0)
            fail_msg("pdfinfo %s: '%.*s', expected '%s'", key, (int)n, at, value);
        return;
    }
    fail_msg("pdfinfo has no %s:\n%s", key, info);
}

/* A row of `pdfimages -list`. */
typedef struct pdf_image {
    char type[16], color[16], enc[16], interp[8];
    int w, h, object;
} pdf_image;

static size_t pdf_images(const char *list, pdf_image *rows, size_t max)
{
    size_t n = 0;
    for (const char *line = list; line && *line && n < max; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        pdf_image r;
        int page, num, comp, bpc, gen;
        if (sscanf(line, "%d %d %15s %d %d %15s %d %d %15s %7s %d %d", &page, &num, r.type, &r.w, &r.h,
                   r.color, &comp, &bpc, r.enc, r.interp, &r.object, &gen) == 12)
            rows[n++] = r;
    }
    return n;
}

static void assert_pdf_image(const pdf_image *image, int w, int h, const char *color, const char *enc)
{
    assert_int_equal(image->w, w);
    assert_int_equal(image->h, h);
    assert_string_equal(image->color, color);
    assert_string_equal(image->enc, enc);
}

static size_t count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = bs_xstrndup(line, len);
        n += strstr(copy, needle) != NULL;
        free(copy);
        line = end ? end + 1 : NULL;
    }
    return n;
}

/* ----------------------------------------------------------------- tests */

static void test_render_colour(void **state)
{
    (void)state;
    double rgb[3];
    bs_render_cmyk_to_rgb(BS_CMYK_BLACK, rgb);
    assert_true(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 0);
    bs_render_cmyk_to_rgb((bs_cmyk){60, 40, 40, 100}, rgb);  /* rich black */
    assert_true(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 0);
    bs_render_cmyk_to_rgb(BS_CMYK_WHITE, rgb);
    assert_true(rgb[0] == 1 && rgb[1] == 1 && rgb[2] == 1);
    bs_render_cmyk_to_rgb((bs_cmyk){100, 0, 50, 20}, rgb);
    assert_true(rgb[0] == 0 && fabs(rgb[1] - 0.8) < 1e-6 && fabs(rgb[2] - 0.4) < 1e-6);
    bs_render_cmyk_to_rgb((bs_cmyk){-5, 120, 0, 0}, rgb);  /* clamped */
    assert_true(rgb[0] == 1 && rgb[1] == 0 && rgb[2] == 1);
}

static void test_render_pdf(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = test_page(f);
    const char *pdf = bs_test_out("render-page.pdf");
    assert_true(bs_render_pdf(f->ctx, dl, pdf));
    assert_int_equal(bs_ctx_errors(f->ctx), 0);

    char *info = run("pdfinfo -isodates '%s'", pdf);
    assert_info(info, "Pages", "1");
    assert_info(info, "Page size", "420 x 297 pts");
    assert_info(info, "Title", "测试版面 render");
    assert_info(info, "Creator", "broadsheet " BS_VERSION);
    assert_info(info, "CreationDate", "2024-01-02T03:04:05Z");
    assert_info(info, "ModDate", "2024-01-02T03:04:05Z");
    free(info);

    /* Content-stream order, which is list order, not the page's top-down. */
    char *text = run("pdftotext -raw '%s' -", pdf);
    const char *one = strstr(text, LINE_ONE), *two = strstr(text, LINE_TWO);
    const char *heading = strstr(text, HEADING), *byline = strstr(text, BYLINE);
    if (!one || !two || !heading || !byline) fail_msg("pdftotext gave:\n%s", text);
    assert_true(one < two && two < heading && heading < byline);
    free(text);

    /* Every font an embedded subset: the two Noto (CFF) faces as CID Type
     * 0C, AR PL UKai as CID TrueType, plus the simple TrueType subset cairo
     * makes for a TrueType face's WinAnsi characters (the byline's space).
     * No Type 3 anywhere. */
    char *fonts = run("pdffonts '%s'", pdf);
    const char *rows = strstr(fonts, "\n---");
    assert_non_null(rows);
    rows = strchr(rows + 1, '\n') + 1;
    assert_int_equal(count_lines_with(rows, "+"), 4);  /* a subset's name carries a tag */
    assert_int_equal(count_lines_with(rows, "+NotoSerifCJKsc-Regular "), 1);
    assert_int_equal(count_lines_with(rows, "+NotoSansCJKsc-Bold "), 1);
    assert_int_equal(count_lines_with(rows, "CID Type 0C       Identity-H"), 2);
    assert_int_equal(count_lines_with(rows, "CID TrueType      Identity-H"), 1);
    assert_int_equal(count_lines_with(rows, " yes yes yes "), 4);
    assert_false(bs_test_contains(fonts, "Type 3"));
    free(fonts);

    /* The JPEGs' own bytes, the green one stored once for its two
     * placements; the PNG re-encoded without a soft mask; no picture of
     * the modules. */
    char *list = run("pdfimages -list '%s'", pdf);
    pdf_image images[8];
    size_t nimages = pdf_images(list, images, 8);
    free(list);
    assert_int_equal(nimages, 4);
    for (size_t i = 0; i < nimages; i++) {
        assert_string_equal(images[i].type, "image");
        assert_string_equal(images[i].interp, "no");
    }
    assert_pdf_image(&images[0], 80, 60, "rgb", "jpeg");
    assert_pdf_image(&images[1], 80, 60, "rgb", "jpeg");
    assert_int_equal(images[0].object, images[1].object);
    assert_pdf_image(&images[2], 80, 60, "cmyk", "jpeg");
    assert_pdf_image(&images[3], 40, 30, "rgb", "image");
    assert_int_not_equal(images[2].object, images[0].object);

    assert_no_alpha(pdf);

    /* What the press sees: poppler's rendering of the page. */
    char *ppm = run("pdftoppm -r 72 -png -singlefile '%s' " BS_TEST_OUT "/render-page-poppler", pdf);
    free(ppm);
    png_image img = png_open(bs_test_out("render-page-poppler.png"));
    assert_int_equal(img.w, 420);
    assert_int_equal(img.h, 297);
    /* cairo 1.16 embeds an Adobe CMYK JPEG without the /Decode [1 0 1 0
     * 1 0 1 0] that undoes its inversion (its fix was reverted upstream),
     * so poppler shows that picture inverted: the PDF finishing step has
     * to add the Decode array. */
    assert_test_page(img, 72, false);
    cairo_surface_destroy(img.surface);

    /* Same list, same bytes. */
    const char *again = bs_test_out("render-page-again.pdf");
    assert_true(bs_render_pdf(f->ctx, dl, again));
    assert_true(same_bytes(pdf, again));
    bs_dlist_free(dl);
}

static void test_render_png(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = test_page(f);
    const char *png = bs_test_out("render-page.png");
    assert_true(bs_render_png(f->ctx, dl, png, 144));
    assert_int_equal(bs_ctx_errors(f->ctx), 0);
    assert_int_equal(bs_ctx_warnings(f->ctx), 0);
    png_image img = png_open(png);
    assert_int_equal(img.w, 840);
    assert_int_equal(img.h, 594);
    assert_int_equal(cairo_image_surface_get_format(img.surface), CAIRO_FORMAT_RGB24);
    assert_test_page(img, 144, true);
    /* the text is drawn: some ink in the first line's box */
    int dark = 0, rgb[3];
    for (double x = 20; x < 120; x += 0.5) {
        png_pixel(img, x, 57, 144, rgb);
        dark += rgb[0] < 128;
    }
    assert_true(dark > 10);
    cairo_surface_destroy(img.surface);

    const char *again = bs_test_out("render-page-again.png");
    assert_true(bs_render_png(f->ctx, dl, again, 144));
    assert_true(same_bytes(png, again));

    /* Sizes are rounded: 420 pt at 100 dpi is 583.3 pixels. */
    const char *small = bs_test_out("render-page-100.png");
    assert_true(bs_render_png(f->ctx, dl, small, 100));
    img = png_open(small);
    assert_int_equal(img.w, 583);
    assert_int_equal(img.h, 413);
    cairo_surface_destroy(img.surface);
    bs_dlist_free(dl);
}

static void assert_decoded_size(bs_ctx *ctx, const char *path, int need_w, int need_h, int w, int h)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    cairo_surface_t *s = bs_render_jpeg_decode(ctx, path, (unsigned char *)data, len, need_w, need_h);
    free(data);
    assert_non_null(s);
    assert_int_equal(cairo_image_surface_get_width(s), w);
    assert_int_equal(cairo_image_surface_get_height(s), h);
    cairo_surface_destroy(s);
}

static void test_render_jpeg_decode(void **state)
{
    fixture *f = *state;
    static const JSAMPLE grey[] = {200};
    static const JSAMPLE rgb[] = {10, 20, 200};
    const char *big = bs_test_write_jpeg("render-big.jpg", 800, 600, 3, rgb);
    /* the smallest n/8 scale that still covers the placed size */
    assert_decoded_size(f->ctx, big, 100, 75, 100, 75);
    assert_decoded_size(f->ctx, big, 101, 75, 200, 150);
    assert_decoded_size(f->ctx, big, 90, 140, 200, 150);
    assert_decoded_size(f->ctx, big, 700, 10, 700, 525);
    assert_decoded_size(f->ctx, big, 2000, 1500, 800, 600);

    /* grey and CMYK come out as RGB24 */
    const char *paths[] = {bs_test_write_jpeg("render-grey.jpg", 16, 16, 1, grey), cmyk_jpeg()};
    const int want[][3] = {{200, 200, 200}, {255, 0, 0}};
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        char *data = slurp(paths[i], &len);
        cairo_surface_t *s = bs_render_jpeg_decode(f->ctx, paths[i], (unsigned char *)data, len, 8, 8);
        free(data);
        assert_non_null(s);
        png_image img = {s, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
        int got[3];
        png_pixel(img, 3, 3, 72, got);
        for (int c = 0; c < 3; c++) assert_true(abs(got[c] - want[i][c]) <= 3);
        cairo_surface_destroy(s);
    }
    assert_int_equal(bs_ctx_errors(f->ctx), 0);
}

static bs_dlist *picture_page(const char *path, bs_image_type type)
{
    bs_dlist *dl = bs_dlist_new(200, 100);
    add_rect(dl, (bs_rect){10, 10, 50, 30}, true, 0);
    add_image(dl, path, type, (bs_rect){100, 10, 80, 60}, (bs_rect){100, 10, 80, 60});
    return dl;
}

static void test_render_errors(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = picture_page(rgb_jpeg(), BS_IMAGE_JPEG);

    /* a folder that does not exist: the message names the output */
    const char *nowhere = bs_test_out("no-such-folder/page.pdf");
    assert_false(bs_render_pdf(f->ctx, dl, nowhere));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), nowhere));
    assert_false(bs_render_png(f->ctx, dl, bs_test_out("no-such-folder/page.png"), 72));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "no-such-folder/page.png: error:"));

    /* a good page first, then a failing one: the good file stays */
    const char *keep_pdf = bs_test_out("render-keep.pdf"), *keep_png = bs_test_out("render-keep.png");
    assert_true(bs_render_pdf(f->ctx, dl, keep_pdf));
    assert_true(bs_render_png(f->ctx, dl, keep_png, 72));
    size_t pdf_len = 0, png_len = 0;
    char *pdf_before = slurp(keep_pdf, &pdf_len), *png_before = slurp(keep_png, &png_len);
    bs_dlist_free(dl);

    const char *missing = bs_test_out("render-missing.jpg");
    dl = picture_page(missing, BS_IMAGE_JPEG);
    add_image(dl, missing, BS_IMAGE_JPEG, (bs_rect){0, 0, 10, 10}, (bs_rect){0, 0, 10, 10});
    bs_ctx_reset_counts(f->ctx);
    assert_false(bs_render_pdf(f->ctx, dl, keep_pdf));
    assert_int_equal(bs_ctx_errors(f->ctx), 1);  /* reported once for two placements */
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-missing.jpg: error: cannot open"));
    assert_false(bs_render_png(f->ctx, dl, keep_png, 72));
    size_t len = 0;
    char *after = slurp(keep_pdf, &len);
    assert_true(len == pdf_len && memcmp(after, pdf_before, len) == 0);
    free(after);
    after = slurp(keep_png, &len);
    assert_true(len == png_len && memcmp(after, png_before, len) == 0);
    free(after);
    free(pdf_before);
    free(png_before);
    bs_dlist_free(dl);

    /* not a JPEG, not a PNG */
    const char *junk = bs_test_write("render-junk.jpg", "this is not a picture\n");
    dl = picture_page(junk, BS_IMAGE_JPEG);
    assert_false(bs_render_pdf(f->ctx, dl, bs_test_out("render-junk.pdf")));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-junk.jpg: error: cannot read the JPEG: Not a JPEG file"));
    assert_false(bs_render_png(f->ctx, dl, bs_test_out("render-junk.png"), 72));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-junk.jpg: error: cannot read the JPEG"));
    bs_dlist_free(dl);
    dl = picture_page(junk, BS_IMAGE_PNG);
    assert_false(bs_render_pdf(f->ctx, dl, bs_test_out("render-junk.pdf")));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-junk.jpg: error: cannot read the PNG"));
    bs_dlist_free(dl);

    /* a JPEG cut short in its scan: the preview warns and draws what it could */
    size_t full = 0;
    char *bytes = slurp(bs_test_out("render-big.jpg"), &full);
    size_t sos = 0;
    for (size_t i = 0; i + 1 < full; i++)
        if ((unsigned char)bytes[i] == 0xFF && (unsigned char)bytes[i + 1] == 0xDA) sos = i;
    assert_true(sos > 0 && sos + 40 < full);
    FILE *cut = fopen(bs_test_out("render-cut.jpg"), "wb");
    assert_non_null(cut);
    fwrite(bytes, 1, sos + 40, cut);
    fclose(cut);
    free(bytes);
    dl = picture_page(bs_test_out("render-cut.jpg"), BS_IMAGE_JPEG);
    bs_ctx_reset_counts(f->ctx);
    assert_true(bs_render_png(f->ctx, dl, bs_test_out("render-cut.png"), 72));
    assert_int_equal(bs_ctx_warnings(f->ctx), 1);
    assert_true(bs_test_contains(f->diags.text.data, "render-cut.jpg: warning: damaged JPEG data"));

    /* sizes that cannot be drawn */
    assert_false(bs_render_png(f->ctx, dl, bs_test_out("render-bad.png"), 0));
    assert_false(bs_render_png(f->ctx, dl, bs_test_out("render-bad.png"), 1e6));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "1 to 32767"));
    bs_dlist_free(dl);

    /* a text item whose clusters do not add up */
    dl = bs_dlist_new(200, 100);
    bs_dl_text *t = add_text(dl, f, "测试", 10, 50);
    t->clusters[0].bytes = 2;
    assert_false(bs_render_pdf(f->ctx, dl, bs_test_out("render-clusters.pdf")));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "display item 0 (text, body): its clusters"));
    bs_dlist_free(dl);
}

/* ------------------------------------------------------------------ SVG */

/* A logo of two halves, red and blue, 120 × 60 px; the blue one is 40 px
 * high, the rest of its half transparent. */
#define SVG_HALVES "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\">" \
                   "<rect width=\"60\" height=\"60\" fill=\"#d01010\"/>" \
                   "<rect x=\"60\" width=\"60\" height=\"40\" fill=\"#1040c0\"/></svg>\n"

/* The logo at its size, and again small with its right half clipped away,
 * on a black box that its placement covers. */
static bs_dlist *svg_page(const char *svg)
{
    bs_dlist *dl = bs_dlist_new(200, 100);
    add_rect(dl, (bs_rect){20, 10, 120, 60}, true, 0);
    add_image(dl, svg, BS_IMAGE_SVG, (bs_rect){20, 10, 120, 60}, (bs_rect){20, 10, 120, 60});
    add_image(dl, svg, BS_IMAGE_SVG, (bs_rect){150, 10, 40, 20}, (bs_rect){150, 10, 20, 20});
    return dl;
}

static void assert_svg_page(png_image img, double dpi)
{
    assert_colour(img, 50, 40, dpi, 0xd0, 0x10, 0x10, 2);    /* red half */
    assert_colour(img, 110, 30, dpi, 0x10, 0x40, 0xc0, 2);   /* blue half */
    assert_colour(img, 110, 60, dpi, 255, 255, 255, 0);      /* transparent: paper, not the box under it */
    assert_colour(img, 10, 40, dpi, 255, 255, 255, 0);       /* paper beside it */
    assert_colour(img, 80, 85, dpi, 255, 255, 255, 0);       /* paper below it */
    assert_colour(img, 158, 20, dpi, 0xd0, 0x10, 0x10, 2);   /* small, red half */
    assert_colour(img, 182, 20, dpi, 255, 255, 255, 0);      /* … its blue half clipped away */
}

/* On screens an SVG is drawn by librsvg into its rectangle: vectors in the
 * PDF (no picture in it), the same pixels in the PNG and in poppler's
 * rendering of the PDF. */
static void test_render_svg(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = svg_page(bs_test_write("render-logo.svg", SVG_HALVES));
    const char *pdf = bs_test_out("render-svg.pdf"), *png = bs_test_out("render-svg.png");
    assert_true(bs_render_pdf(f->ctx, dl, pdf));
    assert_true(bs_render_png(f->ctx, dl, png, 144));
    assert_int_equal(bs_ctx_errors(f->ctx), 0);
    assert_string_equal(f->diags.text.data, "");

    png_image img = png_open(png);
    assert_svg_page(img, 144);
    cairo_surface_destroy(img.surface);

    char *list = run("pdfimages -list '%s'", pdf);
    pdf_image images[4];
    assert_int_equal(pdf_images(list, images, 4), 0);
    free(list);
    assert_no_alpha(pdf);
    free(run("pdftoppm -r 144 -png -singlefile '%s' " BS_TEST_OUT "/render-svg-poppler", pdf));
    img = png_open(bs_test_out("render-svg-poppler.png"));
    assert_svg_page(img, 144);
    cairo_surface_destroy(img.surface);

    /* same list, same bytes */
    const char *again = bs_test_out("render-svg-again.pdf");
    assert_true(bs_render_pdf(f->ctx, dl, again));
    assert_true(same_bytes(pdf, again));
    bs_dlist_free(dl);
}

/* An SVG that went missing or bad after the page was loaded: reported
 * once for its two placements, on screens and for print. */
static void test_render_svg_errors(void **state)
{
    fixture *f = *state;
    const char *missing = bs_test_out("render-missing.svg");
    bs_dlist *dl = svg_page(missing);
    bs_ctx_reset_counts(f->ctx);
    assert_false(bs_render_png(f->ctx, dl, bs_test_out("render-svg-missing.png"), 72));
    assert_int_equal(bs_ctx_errors(f->ctx), 1);
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-missing.svg: error: cannot open"));
    bs_dlist_free(dl);

    const char *cut = bs_test_write("render-cut.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1");
    dl = svg_page(cut);
    bs_ctx_reset_counts(f->ctx);
    assert_false(bs_render_pdf(f->ctx, dl, bs_test_out("render-svg-cut.pdf")));
    assert_int_equal(bs_ctx_errors(f->ctx), 1);
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx),
                                 "render-cut.svg: error: cannot read the SVG: XML parse error: "));
    setenv("BROADSHEET_CACHE", "off", 1);   /* nothing of the test in the user's cache */
    bs_palette palette = {0};
    bs_buf out = {0};
    bs_print_geometry g;
    bs_print_opts print = {0, false, BS_PROFILE_DIR "/newsprint-tac230.icc"};
    assert_false(bs_render_print_pdf(f->ctx, dl, &print, &palette, &out, &g));
    assert_true(bs_test_contains(bs_ctx_last_error(f->ctx), "render-cut.svg: error: cannot read the SVG: "));
    bs_buf_free(&out);
    bs_palette_free(&palette);
    bs_dlist_free(dl);
}

/* Pango's empty glyph is left out (its cluster keeps its text); a glyph
 * the font lacks is drawn as .notdef. Neither may break the page. */
static void test_render_odd_glyphs(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = bs_dlist_new(200, 100);
    bs_dl_text *t = add_text(dl, f, "测试文字", 10, 50);
    assert_int_equal(t->nglyphs, 4);
    memmove(&t->glyphs[2], &t->glyphs[1], 3 * sizeof *t->glyphs);
    t->glyphs[1] = (bs_dl_glyph){PANGO_GLYPH_EMPTY, t->glyphs[0].x, 50};
    t->nglyphs = 5;
    t->clusters[0].glyphs = 2;
    t->glyphs[4].id = PANGO_GLYPH_UNKNOWN_FLAG | 0x5B57;
    const char *pdf = bs_test_out("render-odd-glyphs.pdf");
    assert_true(bs_render_pdf(f->ctx, dl, pdf));
    assert_true(bs_render_png(f->ctx, dl, bs_test_out("render-odd-glyphs.png"), 72));
    char *text = run("pdftotext -raw '%s' -", pdf);
    assert_true(bs_test_contains(text, "测试文字"));
    free(text);
    bs_dlist_free(dl);
}

/* The same text drawn straight from Pango's fonts: cairo embeds each whole
 * face's subset itself. */
static void pdf_through_pango(const bs_dlist *dl, const char *path)
{
    cairo_surface_t *surface = cairo_pdf_surface_create(path, dl->width, dl->height);
    cairo_t *cr = cairo_create(surface);
    for (size_t i = 0; i < dl->nitems; i++) {
        const bs_dl_text *t = &dl->items[i].u.text;
        cairo_glyph_t *glyphs = bs_xmalloc(t->nglyphs * sizeof *glyphs);
        cairo_text_cluster_t *clusters = bs_xmalloc((t->nclusters + 1) * sizeof *clusters);
        for (size_t g = 0; g < t->nglyphs; g++) glyphs[g] = (cairo_glyph_t){t->glyphs[g].id, t->glyphs[g].x, t->glyphs[g].y};
        for (size_t c = 0; c < t->nclusters; c++)
            clusters[c] = (cairo_text_cluster_t){t->clusters[c].bytes, t->clusters[c].glyphs};
        cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(t->font)));
        if (t->nclusters > 0)
            cairo_show_text_glyphs(cr, t->text, (int)t->len, glyphs, (int)t->nglyphs, clusters, (int)t->nclusters, 0);
        else
            cairo_show_glyphs(cr, glyphs, (int)t->nglyphs);
        free(clusters);
        free(glyphs);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}

/* pdffonts' rows without the subset tags and object numbers. */
static char *font_kinds(const char *pdf)
{
    char *fonts = run("pdffonts '%s' | tail -n +3 | sed 's/^[A-Z]*+//; s/ *[0-9]*  *0$//' | sort", pdf);
    return fonts;
}

/* A PDF's faces are cut to the page's glyphs before cairo embeds them
 * (faces.c): the page must look exactly as when cairo embeds the whole
 * faces, name the same fonts, give readers the same text (ligatures such
 * as Noto's one-glyph "——" and "……", and text-less glyphs, whose text
 * cairo takes from the face's cmap), and be smaller. */
static void test_render_cut_faces(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = bs_dlist_new(PAGE_W, PAGE_H);
    assert_dash_ligature(add_text(dl, f, LINE_ONE, 20, 60));
    add_text(dl, f, "ABC abc 123，“中文”……一⼀", 20, 90);
    add_text_in(dl, f, f->heading_font, HEADING "Latin 2024——", 20, 130);
    add_text_in(dl, f, f->kai_font, BYLINE "“楷”——A1", 20, 170);
    bs_dl_text *bare = add_text(dl, f, "无字符簇——", 20, 200);
    bare->nclusters = 0;
    bs_dl_text *bare_kai = add_text_in(dl, f, f->kai_font, "楷书—A", 20, 230);
    bare_kai->nclusters = 0;
    const char *cut = bs_test_out("render-cut.pdf"), *whole = bs_test_out("render-whole.pdf");
    assert_true(bs_render_pdf(f->ctx, dl, cut));
    pdf_through_pango(dl, whole);

    char *a = font_kinds(cut), *b = font_kinds(whole);
    assert_string_equal(a, b);
    assert_true(bs_test_contains(a, "NotoSerifCJKsc-Regular"));
    free(a);
    free(b);
    free(run("pdftoppm -r 300 -gray -singlefile '%s' " BS_TEST_OUT "/render-cut", cut));
    free(run("pdftoppm -r 300 -gray -singlefile '%s' " BS_TEST_OUT "/render-whole", whole));
    assert_true(same_bytes(bs_test_out("render-cut.pgm"), bs_test_out("render-whole.pgm")));
    a = run("pdftotext -raw '%s' -", cut);
    b = run("pdftotext -raw '%s' -", whole);
    assert_string_equal(a, b);
    free(a);
    free(b);
    a = run("mutool draw -q -F stext -o - '%s' | grep -o ' c=\"[^\"]*\"'", cut);
    b = run("mutool draw -q -F stext -o - '%s' | grep -o ' c=\"[^\"]*\"'", whole);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* the ToUnicode maps and ActualText spans themselves */
    static const char maps[] = "qpdf --qdf --object-streams=disable '%s' - | "
                               "sed -n '/begincmap/,/endcmap/p; /ActualText/p' | grep -av CMapName";
    a = run(maps, cut);
    b = run(maps, whole);
    assert_true(bs_test_contains(a, "ActualText"));
    assert_string_equal(a, b);
    free(a);
    free(b);
    struct stat sc, sw;
    assert_int_equal(stat(cut, &sc), 0);
    assert_int_equal(stat(whole, &sw), 0);
    assert_true(sc.st_size < sw.st_size);
    bs_dlist_free(dl);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Not a benchmark with a threshold: numbers for the report. */
static void test_render_timing(void **state)
{
    fixture *f = *state;
    bs_dlist *dl = bs_dlist_new(PAGE_W, PAGE_H);
    size_t glyphs = 0;
    for (int line = 0; line < 20; line++) {
        bs_dl_text *t = add_text(dl, f, "北京时间今日上午，新一期报纸排版系统测试在编辑部进行。", 20, 30 + 12 * line);
        glyphs += t->nglyphs;
    }
    const char *pdf = bs_test_out("render-timing.pdf");
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_true(bs_render_pdf(f->ctx, dl, pdf));
    double pdf_s = seconds_since(&start);
    struct stat st;
    assert_int_equal(stat(pdf, &st), 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_true(bs_render_png(f->ctx, dl, bs_test_out("render-timing.png"), 150));
    double png_s = seconds_since(&start);
    print_message("%zu glyphs: PDF %.1f ms, %lld bytes; PNG at 150 dpi %.1f ms\n", glyphs, pdf_s * 1e3,
                  (long long)st.st_size, png_s * 1e3);
    assert_true(glyphs > 300);
    bs_dlist_free(dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_colour),
        cmocka_unit_test_setup_teardown(test_render_pdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_jpeg_decode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_svg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_svg_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_odd_glyphs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_cut_faces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_timing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
