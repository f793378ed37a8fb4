/* End to end, a page whose photo block shows an SVG logo, as a user runs
 * it: `broadsheet render` writes the print PDF, which `broadsheet
 * preflight` passes and in which poppler's pdfimages finds the logo as a
 * CMYK picture at 600 ppi; `--screen --png` writes the screen PDF (the logo
 * as vectors: no picture in it) and the PNG, where the logo's colours are
 * where the composer placed its block, in the PNG and in poppler's
 * rendering of the screen PDF alike. A broken SVG is an error at the
 * page's `image` key. */
#include "bs_test.h"

#include "bs_page.h"
#include "bs_text.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

#define DPI 50.0

/* Red left half, blue right half, 200 × 100 px. */
#define LOGO "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">\n" \
             "  <rect width=\"100\" height=\"100\" fill=\"#d01010\"/>\n" \
             "  <rect x=\"100\" width=\"100\" height=\"100\" fill=\"#1040c0\"/>\n" \
             "</svg>\n"

/* A page of the sample's template with one photo block showing `image`. */
static const char *page_with(const char *name, const char *image)
{
    char text[2048];
    snprintf(text, sizeof text,
             "page: S01\ntemplate: %s/layouts/duikai-8col.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
             "blocks:\n"
             "  - type: photo\n    column: 3\n    span: 4\n    line: 21\n    lines: 27\n"
             "    image: %s\n    caption: 标志\n",
             BS_SOURCE_DIR, image);
    return bs_test_write(name, text);
}

static char page_path[1024];

static void render(const char *args)
{
    int status = -1;
    char *out = bs_test_runf(&status, "'%s' render '%s' %s 2>&1", BS_CLI, page_path, args);
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    free(out);
}

/* The page, and its print PDF, screen PDF and PNG. */
static int render_page(void **state)
{
    (void)state;
    bs_test_write("svg-logo.svg", LOGO);
    snprintf(page_path, sizeof page_path, "%s", page_with("svg-page.yaml", "svg-logo.svg"));
    char args[3072];
    snprintf(args, sizeof args, "-o '%s' --report '%s' --strict", bs_test_out("svg-print.pdf"),
             bs_test_out("svg-print.json"));
    render(args);
    snprintf(args, sizeof args, "--screen -o '%s' --png '%s' --dpi %g", bs_test_out("svg-screen.pdf"),
             bs_test_out("svg-screen.png"), DPI);
    render(args);
    return 0;
}

/* Where the composer placed the picture, in points from the trim's top
 * left. */
static bs_rect picture_rect(void)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_page *page = bs_page_load(ctx, page_path);
    assert_non_null(page);
    bs_fonts *fonts = bs_fonts_open(ctx, page->template_->fonts_conf);
    bs_page_report report = {0};
    bs_dlist *dl = bs_page_compose(ctx, fonts, page, &report);
    assert_non_null(dl);
    bs_rect r = {0};
    int found = 0;
    for (size_t i = 0; i < dl->nitems; i++)
        if (dl->items[i].kind == BS_DL_IMAGE) {
            assert_int_equal(dl->items[i].u.image.type, BS_IMAGE_SVG);
            r = dl->items[i].u.image.r;
            found++;
        }
    assert_int_equal(found, 1);
    bs_page_report_free(&report);
    bs_dlist_free(dl);
    bs_fonts_close(fonts);
    bs_page_free(page);
    bs_ctx_free(ctx);
    return r;
}

/* ------------------------------------------------------------- print */

/* --strict: the render's own preflight passed; and `broadsheet preflight`
 * says the same of the file. */
static void test_print_pdf_passes_preflight(void **state)
{
    (void)state;
    const char *pdf = bs_test_out("svg-print.pdf");
    int status = -1;
    char *out = bs_test_runf(&status, "'%s' preflight '%s'", BS_CLI, pdf);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, " passed, 0 failed, 0 warnings"));
    assert_true(bs_test_contains(out, "PASS images: 1 images painted, all CMYK or Gray"));
    free(out);
    /* nothing but CMYK painted (and Registration for the marks) */
    out = bs_test_runf(&status, "mutool trace '%s' | grep -o 'colorspace=\"[^\"]*\"' | sort -u", pdf);
    assert_string_equal(out, "colorspace=\"DeviceCMYK\"\ncolorspace=\"Separation(DeviceCMYK,All)\"\n");
    free(out);
    /* the report gives the resolution the logo prints at */
    out = bs_test_runf(&status, "cat '%s'", bs_test_out("svg-print.json"));
    const char *ppi = strstr(out, "svg-logo.svg\", \"ppi\": ");
    assert_non_null(ppi);
    double at = atof(ppi + strlen("svg-logo.svg\", \"ppi\": "));
    assert_true(at > 599 && at <= 600);
    free(out);
}

/* The logo reaches the plate as one CMYK JPEG of the placed size at
 * 600 ppi (within a pixel), its aspect kept. */
static void test_print_pdf_has_cmyk_picture(void **state)
{
    (void)state;
    int status = -1;
    char *list = bs_test_runf(&status, "pdfimages -list '%s' | tail -n +3", bs_test_out("svg-print.pdf"));
    assert_int_equal(status, 0);
    int w = 0, h = 0, comps = 0, bpc = 0, xppi = 0, yppi = 0;
    char color[16] = "", enc[16] = "";
    assert_int_equal(sscanf(list, " 1 0 image %d %d %15s %d %d %15s %*s %*d %*d %d %d", &w, &h, color, &comps, &bpc,
                            enc, &xppi, &yppi),
                     8);
    assert_null(strchr(strchr(list, '\n') + 1, '\n'));   /* one picture */
    assert_string_equal(color, "cmyk");
    assert_int_equal(comps, 4);
    assert_string_equal(enc, "jpeg");
    assert_true(xppi >= 599 && xppi <= 600 && yppi >= 599 && yppi <= 601);
    bs_rect r = picture_rect();
    assert_int_equal(w, (int)(r.w / 72 * 600));
    assert_int_equal(h, (int)(r.h / 72 * 600));
    assert_true(abs(w - 2 * h) <= 1);
    free(list);
}

/* ------------------------------------------------------------ screens */

static void assert_pixel(cairo_surface_t *png, double x_pt, double y_pt, int r, int g, int b)
{
    int x = (int)(x_pt / 72 * DPI), y = (int)(y_pt / 72 * DPI);
    assert_true(x >= 0 && x < cairo_image_surface_get_width(png) && y >= 0 && y < cairo_image_surface_get_height(png));
    cairo_surface_flush(png);
    const unsigned char *row = cairo_image_surface_get_data(png) + (size_t)y * (size_t)cairo_image_surface_get_stride(png);
    uint32_t p;
    memcpy(&p, row + 4 * x, 4);
    int got[3] = {(int)(p >> 16 & 255), (int)(p >> 8 & 255), (int)(p & 255)};
    if (abs(got[0] - r) > 2 || abs(got[1] - g) > 2 || abs(got[2] - b) > 2)
        fail_msg("pixel at %g,%g pt is %d,%d,%d; expected %d,%d,%d", x_pt, y_pt, got[0], got[1], got[2], r, g, b);
}

/* The logo's two colours inside its rectangle, paper just outside it. */
static void assert_logo_at(const char *png_path, bs_rect r)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(png_path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    double mid_y = r.y + r.h / 2;
    assert_pixel(png, r.x + r.w * 0.25, mid_y, 0xd0, 0x10, 0x10);
    assert_pixel(png, r.x + 3, r.y + 3, 0xd0, 0x10, 0x10);
    assert_pixel(png, r.x + r.w * 0.75, mid_y, 0x10, 0x40, 0xc0);
    assert_pixel(png, r.x + r.w - 3, r.y + r.h - 3, 0x10, 0x40, 0xc0);
    assert_pixel(png, r.x - 4, mid_y, 255, 255, 255);
    assert_pixel(png, r.x + r.w + 4, mid_y, 255, 255, 255);
    cairo_surface_destroy(png);
}

static void test_screen_pdf_and_png(void **state)
{
    (void)state;
    const char *pdf = bs_test_out("svg-screen.pdf"), *png = bs_test_out("svg-screen.png");
    bs_rect r = picture_rect();
    /* the block spans columns 3-6: the logo fills its width */
    assert_true(r.w > 200 && r.h > 100);
    assert_logo_at(png, r);

    /* vectors: the screen PDF holds no picture */
    int status = -1;
    char *list = bs_test_runf(&status, "pdfimages -list '%s' | tail -n +3", pdf);
    assert_int_equal(status, 0);
    assert_string_equal(list, "");
    free(list);
    char *out = bs_test_runf(&status, "pdftoppm -r %g -png -singlefile '%s' '%s'", DPI, pdf, bs_test_out("svg-screen-poppler"));
    assert_int_equal(status, 0);
    free(out);
    assert_logo_at(bs_test_out("svg-screen-poppler.png"), r);
}

/* ------------------------------------------------------------- errors */

static void test_broken_svg_is_an_error_at_its_key(void **state)
{
    (void)state;
    bs_test_write("svg-cut.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\"><rect wid");
    bs_test_write("svg-no-size.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"9\" height=\"9\"/></svg>");
    static const struct {
        const char *file, *why;
    } cases[] = {
        {"svg-cut.svg", "corrupt SVG file: XML parse error: "},
        {"svg-no-size.svg", "the SVG has no size: its <svg> element needs a width and a height, or a viewBox"},
        {"svg-none.svg", "cannot open image 'svg-none.svg': No such file or directory"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *page = page_with("svg-broken.yaml", cases[i].file);
        int status = -1;
        char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' 2>&1", BS_CLI, page, bs_test_out("svg-broken.pdf"));
        assert_int_equal(status, 1);
        assert_true(bs_test_contains(out, "svg-broken.yaml:10:12: error: "));
        if (!bs_test_contains(out, cases[i].why)) fail_msg("%s: got %s", cases[i].file, out);
        free(out);
    }
}

int main(void)
{
    /* separations are kept in the test's own cache, not the user's */
    setenv("BROADSHEET_CACHE", bs_test_out("cache"), 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print_pdf_passes_preflight),
        cmocka_unit_test(test_print_pdf_has_cmyk_picture),
        cmocka_unit_test(test_screen_pdf_and_png),
        cmocka_unit_test(test_broken_svg_is_an_error_at_its_key),
    };
    return cmocka_run_group_tests(tests, render_page, NULL);
}
