/* The image probe: JPEG and PNG told by content, and every broken file
 * refused with its reason. JPEGs are made here with libjpeg. */
#include "bs_test.h"
#include "bs_load.h"

#include <cairo.h>
#include <fcntl.h>
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
    assert_probe_fails(bs_test_write("text.jpg", "this is not a picture\n"), "not a JPEG or PNG file");
    assert_probe_fails(bs_test_write("gif.png", "GIF89a\x01\x00\x01\x00"), "not a JPEG or PNG file");

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

/* libjpeg prints warnings and errors to stderr unless told otherwise. */
static void test_image_silent(void **state)
{
    (void)state;
    const char *whole = bs_test_write_jpeg("silent.jpg", 64, 64, 3, NULL);
    const char *half = write_cut(whole, "silent-half.jpg", 600);
    const char *captured = bs_test_out("image.stderr");
    const char *garbage = bs_test_write("silent-garbage.jpg", "\xFF\xD8\xFF\xE0xx");
    int saved = bs_test_stderr_to(captured);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_image_info info;
    bool half_ok = bs_image_probe(ctx, half, &info);
    bool garbage_ok = bs_image_probe(ctx, garbage, &info);
    long printed = bs_test_stderr_restore(saved, captured);
    assert_false(half_ok);
    assert_false(garbage_ok);
    assert_int_equal(printed, 0);
    assert_int_equal(bs_ctx_errors(ctx), 2);
    bs_test_ctx_free(ctx, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_jpeg),
        cmocka_unit_test(test_image_png),
        cmocka_unit_test(test_image_broken),
        cmocka_unit_test(test_image_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
