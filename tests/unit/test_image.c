/* The image probe: JPEG, PNG and SVG told by content, and every broken
 * file refused with its reason. JPEGs are made here with libjpeg, SVGs
 * written as text. */
#include "bs_test.h"
#include "bs_load.h"

#include <cairo.h>
#include <fcntl.h>
#include <math.h>
#include <jpeglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>


/* The first `keep` bytes of `src` as a new file (keep <= 0: all but -keep). */
static const char *write_cut(const char *src, const char *name, long keep)
{
    FILE *in = fopen(src, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    if (keep <= 0) keep += size;
    char *data = malloc((size_t)size);
    assert_int_equal(fread(data, 1, (size_t)size, in), (size_t)size);
    fclose(in);
    const char *path = bs_test_out(name);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    fwrite(data, 1, (size_t)keep, out);
    fclose(out);
    free(data);
    return path;
}

/* A copy of a JPEG whose frame header claims 7-bit samples. */
static const char *corrupt_precision(const char *src, const char *name)
{
    const char *path = write_cut(src, name, 0);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    unsigned char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    size_t i = 0;
    while (i + 4 < n && !(buf[i] == 0xFF && buf[i + 1] == 0xC0)) i++;
    assert_true(i + 4 < n);
    fseek(f, (long)(i + 4), SEEK_SET);   /* after the marker and its length */
    fputc(7, f);
    fclose(f);
    return path;
}

static void assert_probe_fails(const char *path, const char *reason)
{
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_image_info info = {BS_IMAGE_PNG, -1, -1, -1};
    assert_false(bs_image_probe(ctx, path, &info));
    assert_int_equal(info.px_w, -1);   /* untouched */
    char want[2048];
    snprintf(want, sizeof want, "%s: error: %s\n", path, reason);
    assert_string_equal(d.text.data, want);
    bs_test_ctx_free(ctx, &d);
}

static void assert_probe(const char *path, bs_image_type type, int w, int h, int components)
{
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_image_info info;
    assert_true(bs_image_probe(ctx, path, &info));
    assert_string_equal(d.text.data, "");
    assert_int_equal(info.type, type);
    assert_int_equal(info.px_w, w);
    assert_int_equal(info.px_h, h);
    assert_int_equal(info.components, components);
    bs_test_ctx_free(ctx, &d);
}

static void test_image_jpeg(void **state)
{
    (void)state;
    assert_probe(bs_test_write_jpeg("rgb.jpg", 200, 120, 3, NULL), BS_IMAGE_JPEG, 200, 120, 3);
    assert_probe(bs_test_write_jpeg("grey.jpg", 33, 17, 1, NULL), BS_IMAGE_JPEG, 33, 17, 1);
    /* told by content, not by name */
    assert_probe(bs_test_write_jpeg("photo.png", 16, 16, 3, NULL), BS_IMAGE_JPEG, 16, 16, 3);
}

static void test_image_png(void **state)
{
    (void)state;
    assert_probe(bs_test_data("load/photo.png"), BS_IMAGE_PNG, 4, 3, 3);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 20);
    const char *path = bs_test_out("alpha.png");
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    assert_probe(path, BS_IMAGE_PNG, 10, 20, 4);
}

static void test_image_broken(void **state)
{
    (void)state;
    assert_probe_fails(bs_test_out("no-such.jpg"), "cannot open: No such file or directory");
    assert_probe_fails(bs_test_write("empty.jpg", ""), "empty file, not an image");
    assert_probe_fails(bs_test_write("text.jpg", "this is not a picture\n"), "not a JPEG, PNG or SVG file");
    assert_probe_fails(bs_test_write("gif.png", "GIF89a\x01\x00\x01\x00"), "not a JPEG, PNG or SVG file");

    /* half a JPEG: libjpeg only warns (and pads), the probe refuses */
    char whole[1024];   /* bs_test_out's slots are reused */
    snprintf(whole, sizeof whole, "%s", bs_test_write_jpeg("whole.jpg", 256, 256, 3, NULL));
    assert_probe_fails(write_cut(whole, "half.jpg", 3000), "truncated JPEG file (premature end of data)");
    assert_probe_fails(write_cut(whole, "head.jpg", 200), "truncated JPEG file (premature end of data)");
    /* the magic and then nonsense */
    assert_probe_fails(bs_test_write("no-image.jpg", "\xFF\xD8\xFF\xD9"),
                       "corrupt JPEG file: JPEG datastream contains no image");
    assert_probe_fails(corrupt_precision(whole, "precision.jpg"),
                       "corrupt JPEG file: Unsupported JPEG data precision 7");
    /* a segment longer than the file is a short file too */
    assert_probe_fails(bs_test_write("long-segment.jpg", "\xFF\xD8\xFF\xE0 garbage"),
                       "truncated JPEG file (premature end of data)");

    char png[1024];
    snprintf(png, sizeof png, "%s", bs_test_data("load/photo.png"));
    assert_probe_fails(write_cut(png, "cut.png", 40), "truncated or corrupt PNG file");
    assert_probe_fails(write_cut(png, "no-end.png", -12), "truncated or corrupt PNG file");
}

/* ------------------------------------------------------------------ SVG */

#define SVG_NS "xmlns=\"http://www.w3.org/2000/svg\""
#define LOGO "<svg " SVG_NS " width=\"120\" height=\"60\">" \
             "<rect width=\"60\" height=\"60\" fill=\"#d01010\"/><rect x=\"60\" width=\"60\" height=\"60\" fill=\"#1040c0\"/>" \
             "</svg>\n"

static void test_image_svg(void **state)
{
    (void)state;
    assert_probe(bs_test_write("logo.svg", LOGO), BS_IMAGE_SVG, 120, 60, 4);
    /* told by content, not by name; past a BOM, the XML declaration, a
     * comment and a DOCTYPE, as editors write them */
    assert_probe(bs_test_write("logo.png", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<!-- Generator: a drawing program -->\n"
                                           "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                                           "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n" LOGO),
                 BS_IMAGE_SVG, 120, 60, 4);
    /* physical units at 96 px to the inch, rounded */
    assert_probe(bs_test_write("mm.svg", "<svg " SVG_NS " width=\"10.5mm\" height=\"3mm\"/>"), BS_IMAGE_SVG, 40, 11, 4);
    /* no width and height: the viewBox gives the size */
    assert_probe(bs_test_write("viewbox.svg", "<svg " SVG_NS " viewBox=\"0 0 300 100\"><circle r=\"50\"/></svg>"),
                 BS_IMAGE_SVG, 300, 100, 4);
    /* no namespace: librsvg draws it all the same */
    assert_probe(bs_test_write("plain.svg", "<svg width=\"8\" height=\"4\"></svg>"), BS_IMAGE_SVG, 8, 4, 4);
}

static void test_image_svg_broken(void **state)
{
    (void)state;
    assert_probe_fails(bs_test_out("no-such.svg"), "cannot open: No such file or directory");
    assert_probe_fails(bs_test_write("empty.svg", ""), "empty file, not an image");
    assert_probe_fails(bs_test_write("blank.svg", " \n\n"), "not a JPEG, PNG or SVG file");
    /* cut short in the middle of an element, as a failed upload leaves it */
    char whole[1024];
    snprintf(whole, sizeof whole, "%s", bs_test_write("whole.svg", LOGO));
    assert_probe_fails(write_cut(whole, "cut.svg", 100),
                       "corrupt SVG file: XML parse error: Error domain 1 code 77 on line 1 column 101 of data: "
                       "Premature end of data in tag svg line 1");
    assert_probe_fails(bs_test_write("malformed.svg", "<svg " SVG_NS " width=\"8\" height=\"4\"><rect x=1/></svg>"),
                       "corrupt SVG file: XML parse error: Error domain 1 code 73 on line 1 column 70 of data: "
                       "Couldn't find end of Start Tag rect line 1");
    assert_probe_fails(bs_test_write("no-size.svg", "<svg " SVG_NS "><rect width=\"10\" height=\"10\"/></svg>"),
                       "the SVG has no size: its <svg> element needs a width and a height, or a viewBox");
    assert_probe_fails(bs_test_write("zero.svg", "<svg " SVG_NS " width=\"0\" height=\"10\"/>"),
                       "the SVG's size is 0 × 10 px; it must be more than 0 each way");
    assert_probe_fails(bs_test_write("huge.svg", "<svg " SVG_NS " width=\"30000\" height=\"10\"/>"),
                       "the picture is 30000 × 10 pixels; at most 20000 on a side and 100 million in all");
    /* XML, but not an SVG; markup, but not XML */
    assert_probe_fails(bs_test_write("page.svg", "<?xml version=\"1.0\"?>\n<html><body/></html>\n"),
                       "not a JPEG, PNG or SVG file");
    assert_probe_fails(bs_test_write("page.html", "<!DOCTYPE html>\n<html><body/></html>\n"),
                       "not a JPEG, PNG or SVG file");
    /* a DOCTYPE of its own declarations is for librsvg to judge */
    assert_probe_fails(bs_test_write("doc.svg", "<?xml version=\"1.0\"?>\n<!DOCTYPE html [ <!ENTITY a \"b\"> ]>\n"
                                                "<html>&a;</html>\n"),
                       "corrupt SVG file: XML does not have <svg> root");
    /* entities that expand a billion times ("billion laughs") */
    bs_buf laughs = {0};
    bs_buf_adds(&laughs, "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n <!ENTITY l0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        bs_buf_printf(&laughs, " <!ENTITY l%d \"", i);
        for (int k = 0; k < 10; k++) bs_buf_printf(&laughs, "&l%d;", i - 1);
        bs_buf_adds(&laughs, "\">\n");
    }
    bs_buf_adds(&laughs, "]>\n<svg " SVG_NS " width=\"8\" height=\"8\"><text>&l9;</text></svg>\n");
    assert_probe_fails(bs_test_write("laughs.svg", laughs.data),
                       "corrupt SVG file: XML parse error: Error domain 1 code 89 on line 14 column 72 of data: "
                       "Detected an entity reference loop");
    bs_buf_free(&laughs);
    /* elements that use elements a million times over: found only by
     * drawing it, and refused by librsvg's limit. Under AddressSanitizer
     * the half a million allocations librsvg makes first take minutes with
     * the slow unwinder the suppressions need; the failure is reported as
     * any other is. */
#ifndef __SANITIZE_ADDRESS__
    bs_buf uses = {0};
    bs_buf_adds(&uses, "<svg " SVG_NS " xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"8\" height=\"8\">"
                       "<defs><rect id=\"u0\" width=\"1\" height=\"1\"/>\n");
    for (int i = 1; i <= 6; i++) {
        bs_buf_printf(&uses, "<g id=\"u%d\">", i);
        for (int k = 0; k < 10; k++) bs_buf_printf(&uses, "<use xlink:href=\"#u%d\"/>", i - 1);
        bs_buf_adds(&uses, "</g>\n");
    }
    bs_buf_adds(&uses, "</defs><use xlink:href=\"#u6\"/></svg>\n");
    assert_probe_fails(bs_test_write("uses.svg", uses.data),
                       "cannot draw the SVG: exceeded more than 500000 referenced elements");
    bs_buf_free(&uses);
#endif
}

/* An SVG file is read whole: over BS_MAX_SVG_BYTES it is refused unread. */
static void test_image_svg_too_long(void **state)
{
    (void)state;
    const char *path = bs_test_write("long.svg", "<svg " SVG_NS " width=\"8\" height=\"8\">");
    assert_int_equal(truncate(path, (off_t)BS_MAX_SVG_BYTES + 1), 0);
    assert_probe_fails(path, "the SVG file is over 16 MB, the most an SVG picture may be");
    assert_int_equal(truncate(path, 0), 0);
}

/* For print an SVG is rasterised at 600 ppi, less when the picture limits
 * demand it. */
static void test_svg_print_pixels(void **state)
{
    (void)state;
    int w = 0, h = 0;
    assert_true(fabs(bs_svg_print_pixels(72, 36, &w, &h) - 600) < 1e-9);
    assert_int_equal(w, 600);
    assert_int_equal(h, 300);
    /* a whole broadsheet page, 390 × 540 mm: within 100 million pixels */
    double ppi = bs_svg_print_pixels(390 * BS_PT_PER_MM, 540 * BS_PT_PER_MM, &w, &h);
    assert_true((double)w * h <= BS_MAX_IMAGE_PIXELS);
    assert_true(ppi > 500 && ppi < 600);
    assert_true(fabs((double)w / h - 390.0 / 540.0) < 0.001);
    /* a banner 3 m wide: within 20 000 pixels a side */
    bs_svg_print_pixels(3000 * BS_PT_PER_MM, 10 * BS_PT_PER_MM, &w, &h);
    assert_int_equal(w, BS_MAX_IMAGE_SIDE);
    assert_true(h >= 1);
    /* nothing placed: a pixel */
    bs_svg_print_pixels(0, 10, &w, &h);
    assert_int_equal(w, 1);
    assert_int_equal(h, 1);
}

/* libjpeg prints warnings and errors to stderr unless told otherwise. */
static void test_image_silent(void **state)
{
    (void)state;
    const char *whole = bs_test_write_jpeg("silent.jpg", 64, 64, 3, NULL);
    const char *half = write_cut(whole, "silent-half.jpg", 600);
    const char *captured = bs_test_out("image.stderr");
    const char *garbage = bs_test_write("silent-garbage.jpg", "\xFF\xD8\xFF\xE0xx");
    const char *svg = bs_test_write("silent-cut.svg", "<svg " SVG_NS " width=\"8\" height=\"8\"><rect wi");
    int saved = bs_test_stderr_to(captured);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_image_info info;
    bool half_ok = bs_image_probe(ctx, half, &info);
    bool garbage_ok = bs_image_probe(ctx, garbage, &info);
    bool svg_ok = bs_image_probe(ctx, svg, &info);
    long printed = bs_test_stderr_restore(saved, captured);
    assert_false(half_ok);
    assert_false(garbage_ok);
    assert_false(svg_ok);
    assert_int_equal(printed, 0);
    assert_int_equal(bs_ctx_errors(ctx), 3);
    bs_test_ctx_free(ctx, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_jpeg),
        cmocka_unit_test(test_image_png),
        cmocka_unit_test(test_image_broken),
        cmocka_unit_test(test_image_svg),
        cmocka_unit_test(test_image_svg_broken),
        cmocka_unit_test(test_image_svg_too_long),
        cmocka_unit_test(test_svg_print_pixels),
        cmocka_unit_test(test_image_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
