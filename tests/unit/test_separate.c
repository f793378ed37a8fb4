/* Pictures separated to the newsprint condition's CMYK: the profiles the
 * build makes from CGATS TR 002, the separation read back with libjpeg, and
 * the PDF that carries it read with poppler's pdfimages. */
#include "bs_test.h"

#include "bs_render.h"
#include "render_images.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <lcms2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

#define PICTURE_PROFILE BS_PROFILE_DIR "/newsprint-tac230.icc"
#define INTENT_PROFILE BS_PROFILE_DIR "/newsprint-tac240.icc"
#define TAC_LIMIT 240
#define SAMPLE_PHOTO BS_SOURCE_DIR "/samples/jzrb-2023-01-31/photos/nasa-factory-hall-workers.jpg"

/* ------------------------------------------------------------- fixtures */

/* An RGB JPEG of w × h pixels coloured by `pixel`, with `icc` embedded
 * when given. */
static const char *write_rgb_jpeg(const char *name, int w, int h, bs_test_pixel_fn pixel,
                                  const unsigned char *icc, unsigned int icc_len)
{
    return bs_test_write_jpeg_with(name, w, h, 3, pixel, NULL, icc, icc_len);
}

/* Every hue across, from black through the full colour to white down:
 * the darkest, most saturated colours are where a separation puts the
 * most ink. */
static void hue_sweep(int x, int y, int w, int h, unsigned char *rgb, const void *user)
{
    (void)user;
    double hue = 6.0 * x / w, light = (double)y / (h - 1);
    double full[3] = {fabs(hue - 3) - 1, 2 - fabs(hue - 2), 2 - fabs(hue - 4)};
    for (int i = 0; i < 3; i++) {
        double c = fmin(fmax(full[i], 0), 1);
        double v = light < 0.5 ? c * 2 * light : c + (1 - c) * (2 * light - 1);
        rgb[i] = (unsigned char)lround(v * 255);
    }
}

/* Black and deep colours in stripes 5 pixels wide, so that the edges fall
 * inside JPEG blocks, where quantisation rings. */
static void dark_stripes(int x, int y, int w, int h, unsigned char *rgb, const void *user)
{
    (void)user;
    static const unsigned char colours[][3] = {
        {0, 0, 0}, {255, 255, 255}, {0, 0, 96}, {96, 0, 0}, {0, 64, 0}, {40, 0, 60}};
    const unsigned char *c = colours[(x / 5 + y / 16) % 6];
    memcpy(rgb, c, 3);
}

static void mid_grey(int x, int y, int w, int h, unsigned char *rgb, const void *user)
{
    (void)user;
    memset(rgb, 128, 3);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    char *data = bs_read_file(ctx, path, len);
    bs_test_ctx_free(ctx, &diags);
    assert_non_null(data);
    return (unsigned char *)data;
}

/* ------------------------------------------------------------- read back */

/* A separated JPEG's ink, four bytes a pixel, 255 = solid, with the
 * Adobe inversion undone. */
typedef struct inks {
    int w, h;
    unsigned char *cmyk;
} inks;

static inks read_inks(const bs_buf *jpeg)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *)jpeg->data, (unsigned long)jpeg->len);
    jpeg_read_header(&cinfo, TRUE);
    assert_int_equal(cinfo.jpeg_color_space, JCS_CMYK);
    assert_int_equal(cinfo.num_components, 4);
    assert_true(cinfo.saw_Adobe_marker);
    cinfo.out_color_space = JCS_CMYK;
    jpeg_start_decompress(&cinfo);
    inks out = {(int)cinfo.output_width, (int)cinfo.output_height, NULL};
    size_t row_len = (size_t)out.w * 4;
    out.cmyk = bs_xmalloc(row_len * (size_t)out.h);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out.cmyk + row_len * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    for (size_t i = 0; i < row_len * (size_t)out.h; i++) out.cmyk[i] = (unsigned char)(255 - out.cmyk[i]);
    return out;
}

static const unsigned char *ink_at(const inks *in, int x, int y)
{
    return in->cmyk + ((size_t)y * (size_t)in->w + (size_t)x) * 4;
}

static double percent(int value) { return value * 100.0 / 255.0; }

/* The largest total of the four inks, in percent. */
static double max_tac(const inks *in)
{
    int most = 0;
    for (size_t i = 0; i < (size_t)in->w * (size_t)in->h; i++) {
        const unsigned char *p = in->cmyk + i * 4;
        int tac = p[0] + p[1] + p[2] + p[3];
        if (tac > most) most = tac;
    }
    return percent(most);
}

/* Separate the file at `path` through `profile` into `out` (4 components),
 * expecting exactly the diagnostics `want_diags` ("" for none). */
static void separate_path(const char *path, const char *profile, const char *want_diags, bs_buf *out)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    int components = 0;
    assert_true(bs_separate_picture(ctx, path, data, len, profile, out, &components));
    bs_test_expect_diags(diags.text.data, path, want_diags);
    assert_int_equal(components, 4);
    free(data);
    bs_test_ctx_free(ctx, &diags);
}

/* Separate the file at `path` through `profile`, expecting no diagnostics. */
static inks separate_file(const char *path, const char *profile)
{
    bs_buf out = {0};
    separate_path(path, profile, "", &out);
    inks result = read_inks(&out);
    bs_buf_free(&out);
    return result;
}

/* ----------------------------------------------------------------- tests */

static void assert_newsprint_profile(const char *path, const char *limit)
{
    cmsHPROFILE profile = cmsOpenProfileFromFile(path, "r");
    assert_non_null(profile);
    assert_int_equal(cmsGetColorSpace(profile), cmsSigCmykData);
    assert_int_equal(cmsGetDeviceClass(profile), cmsSigOutputClass);
    char text[512];
    cmsGetProfileInfoASCII(profile, cmsInfoDescription, "en", "US", text, sizeof text);
    assert_true(bs_test_contains(text, "CGATS TR 002"));
    assert_true(bs_test_contains(text, limit));
    /* the data's licence: TR 002 named as the source */
    cmsGetProfileInfoASCII(profile, cmsInfoCopyright, "en", "US", text, sizeof text);
    assert_true(bs_test_contains(text, "TR 002-2007"));
    assert_true(bs_test_contains(text, "must be identified as the source"));
    cmsCloseProfile(profile);
}

static void test_separate_profiles(void **state)
{
    assert_newsprint_profile(INTENT_PROFILE, "total ink limit 240%");
    assert_newsprint_profile(PICTURE_PROFILE, "total ink limit 230%");
}

static void test_separate_total_ink(void **state)
{
    const char *sweep = write_rgb_jpeg("separate-sweep.jpg", 360, 128, hue_sweep, NULL, 0);
    inks in = separate_file(sweep, PICTURE_PROFILE);
    assert_int_equal(in.w, 360);
    assert_int_equal(in.h, 128);
    double tac = max_tac(&in);
    print_message("hue sweep separated: max total ink %.1f%%\n", tac);
    assert_true(tac <= TAC_LIMIT);
    free(in.cmyk);

    const char *stripes = write_rgb_jpeg("separate-stripes.jpg", 120, 96, dark_stripes, NULL, 0);
    in = separate_file(stripes, PICTURE_PROFILE);
    tac = max_tac(&in);
    print_message("dark stripes separated: max total ink %.1f%%\n", tac);
    assert_true(tac <= TAC_LIMIT);
    free(in.cmyk);

    in = separate_file(SAMPLE_PHOTO, PICTURE_PROFILE);
    tac = max_tac(&in);
    print_message("sample photo separated: max total ink %.1f%%\n", tac);
    assert_true(tac <= TAC_LIMIT);
    free(in.cmyk);
}

static void test_separate_black_and_white(void **state)
{
    /* sRGB black is the paper's rich black: mostly K, under the limit */
    static const unsigned char black[3] = {0, 0, 0}, white[3] = {255, 255, 255};
    inks in = separate_file(bs_test_write_jpeg("separate-black.jpg", 16, 16, 3, black), PICTURE_PROFILE);
    const unsigned char *p = ink_at(&in, 8, 8);
    print_message("sRGB black: C %.1f M %.1f Y %.1f K %.1f\n", percent(p[0]), percent(p[1]),
                  percent(p[2]), percent(p[3]));
    assert_true(percent(p[3]) >= 85);
    assert_true(p[0] > 0 && p[1] > 0 && p[2] > 0);
    assert_true(max_tac(&in) <= TAC_LIMIT);
    free(in.cmyk);

    /* white is the paper: no ink at all */
    in = separate_file(bs_test_write_jpeg("separate-white.jpg", 16, 16, 3, white), PICTURE_PROFILE);
    assert_true(max_tac(&in) == 0);
    free(in.cmyk);
}

static void assert_unchanged(const char *path, int components)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    bs_buf out = {0};
    int got = 0;
    assert_true(bs_separate_picture(ctx, path, data, len, PICTURE_PROFILE, &out, &got));
    assert_string_equal(diags.text.data, "");
    assert_int_equal(got, components);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, data, len);
    bs_buf_free(&out);
    free(data);
    bs_test_ctx_free(ctx, &diags);
}

static void test_separate_unchanged(void **state)
{
    assert_unchanged(bs_test_write_jpeg("separate-grey.jpg", 24, 16, 1, NULL), 1);
    assert_unchanged(bs_test_write_jpeg("separate-cmyk.jpg", 24, 16, 4, NULL), 4);
}

/* Total ink of the middle pixel. */
static int middle_ink(const bs_buf *jpeg)
{
    inks in = read_inks(jpeg);
    const unsigned char *p = ink_at(&in, in.w / 2, in.h / 2);
    int total = p[0] + p[1] + p[2] + p[3];
    free(in.cmyk);
    return total;
}

static int separated_ink(const char *path, const char *want_diags)
{
    bs_buf out = {0};
    separate_path(path, PICTURE_PROFILE, want_diags, &out);
    int ink = middle_ink(&out);
    bs_buf_free(&out);
    return ink;
}

static void test_separate_embedded_profile(void **state)
{
    /* RGB 128 in linear light is much lighter than in sRGB: the picture's
     * own profile must be the one used. */
    cmsToneCurve *linear = cmsBuildGamma(NULL, 1.0);
    cmsToneCurve *curves[3] = {linear, linear, linear};
    cmsCIExyY d65 = {0.3127, 0.3290, 1.0};
    cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1}, {0.30, 0.60, 1}, {0.15, 0.06, 1}};
    cmsHPROFILE profile = cmsCreateRGBProfile(&d65, &primaries, curves);
    cmsFreeToneCurve(linear);
    cmsUInt32Number icc_len = 0;
    assert_true(cmsSaveProfileToMem(profile, NULL, &icc_len));
    unsigned char *icc = bs_xmalloc(icc_len);
    assert_true(cmsSaveProfileToMem(profile, icc, &icc_len));
    cmsCloseProfile(profile);

    int srgb = separated_ink(write_rgb_jpeg("separate-grey-srgb.jpg", 16, 16, mid_grey, NULL, 0), "");
    int own = separated_ink(write_rgb_jpeg("separate-grey-linear.jpg", 16, 16, mid_grey, icc, icc_len), "");
    free(icc);
    print_message("RGB 128: total ink %.1f%% as sRGB, %.1f%% in linear light\n", percent(srgb),
                  percent(own));
    assert_true(own < srgb - 50);

    /* a profile that cannot be read is named, and sRGB is used */
    static const unsigned char junk[] = "not an ICC profile at all, but long enough to look like one";
    const char *broken = write_rgb_jpeg("separate-grey-junk.jpg", 16, 16, mid_grey, junk, sizeof junk);
    assert_int_equal(separated_ink(broken, ": warning: the embedded ICC profile is not a usable RGB "
                                           "profile; the picture is taken as sRGB"),
                     srgb);
}

static void test_separate_png(void **state)
{
    /* left half opaque black, right half transparent: paper */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 32, 16);
    cairo_t *cr = cairo_create(s);
    cairo_rectangle(cr, 0, 0, 16, 16);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    cairo_destroy(cr);
    const char *path = bs_test_out("separate-alpha.png");
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);

    inks in = separate_file(path, PICTURE_PROFILE);
    assert_int_equal(in.w, 32);
    assert_int_equal(in.h, 16);
    assert_true(percent(ink_at(&in, 4, 8)[3]) >= 85);
    const unsigned char *paper = ink_at(&in, 28, 8);
    assert_int_equal(paper[0] + paper[1] + paper[2] + paper[3], 0);
    assert_true(max_tac(&in) <= TAC_LIMIT);
    free(in.cmyk);
}

/* Separating `path` fails, writing nothing: what it reported. */
static char *separate_fails(const char *path, const char *profile)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    bs_buf out = {0};
    int components = 0;
    assert_false(bs_separate_picture(ctx, path, data, len, profile, &out, &components));
    assert_int_equal(out.len, 0);
    char *reported = bs_xstrdup(diags.text.data);
    free(data);
    bs_test_ctx_free(ctx, &diags);
    return reported;
}

static void assert_separate_fails(const char *path, const char *profile, const char *want)
{
    char *reported = separate_fails(path, profile);
    bs_test_expect_diags(reported, path, want);
    free(reported);
}

static void test_separate_errors(void **state)
{
    assert_separate_fails(bs_test_write("separate-corrupt.jpg", "not a picture"), PICTURE_PROFILE,
                          ": error: cannot read the JPEG: Not a JPEG file: starts with 0x6e 0x6f");
    /* (cairo 1.16 calls most damage in a PNG "out of memory") */
    const char *png = bs_test_write("separate-corrupt.png", "\x89PNG\r\n\x1a\n and no more");
    char *reported = separate_fails(png, PICTURE_PROFILE);
    assert_true(bs_test_contains(reported, "separate-corrupt.png: error: cannot read the PNG: "));
    free(reported);

    static const unsigned char red[3] = {200, 0, 0};
    const char *rgb = bs_test_write_jpeg("separate-red.jpg", 8, 8, 3, red);
    const char *missing = bs_test_out("no-such-profile.icc");
    char want[1024];
    snprintf(want, sizeof want, ": error: cannot separate: the ICC profile %s cannot be read: "
             "File '%s' not found", missing, missing);
    assert_separate_fails(rgb, missing, want);

    /* an RGB profile cannot print */
    const char *srgb_icc = bs_test_out("separate-srgb.icc");
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    assert_true(cmsSaveProfileToFile(srgb, srgb_icc));
    cmsCloseProfile(srgb);
    snprintf(want, sizeof want, ": error: cannot separate: %s is not a CMYK output profile", srgb_icc);
    assert_separate_fails(rgb, srgb_icc, want);
}

/* A JPEG cut short is separated as far as it goes, with a warning. */
static void test_separate_truncated(void **state)
{
    const char *sweep = write_rgb_jpeg("separate-sweep-full.jpg", 360, 128, hue_sweep, NULL, 0);
    size_t len = 0;
    unsigned char *data = slurp(sweep, &len);
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_buf out = {0};
    int components = 0;
    assert_true(bs_separate_picture(ctx, "cut.jpg", data, len / 2, PICTURE_PROFILE, &out, &components));
    bs_test_expect_diags(diags.text.data, "cut.jpg",
                         ": warning: damaged JPEG data (Premature end of JPEG file); what could be "
                         "decoded was separated");
    assert_int_equal(components, 4);
    inks in = read_inks(&out);
    assert_int_equal(in.w, 360);
    free(in.cmyk);
    bs_buf_free(&out);
    free(data);
    bs_test_ctx_free(ctx, &diags);
}

/* ------------------------------------------------------------------ PDF */

/* One picture drawn onto a PDF page through the render room's images, as
 * a drawing pass does; pdfimages says what the PDF holds. */
static char *pdf_image_list(const char *pdf, const char *picture, const char *profile)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    cairo_surface_t *page = cairo_pdf_surface_create(pdf, 200, 100);
    bs_render_images *images = bs_render_images_new(true);
    bs_render_images_set_separation(images, profile);
    bs_dl_image item = {.path = picture, .type = BS_IMAGE_JPEG};
    cairo_surface_t *surface = bs_render_image(images, ctx, &item, 0, 0);
    assert_non_null(surface);
    /* asked again, it is the same surface: separated once a pass */
    assert_ptr_equal(bs_render_image(images, ctx, &item, 0, 0), surface);
    cairo_t *cr = cairo_create(page);
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_paint(cr);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(page);
    assert_int_equal(cairo_surface_status(page), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(page);
    bs_render_images_free(images);
    assert_string_equal(diags.text.data, "");
    bs_test_ctx_free(ctx, &diags);

    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdfimages -list '%s'", pdf);
    int status = -1;
    char *list = bs_test_run(cmd, &status);
    assert_non_null(list);
    assert_int_equal(status, 0);
    return list;
}

static void test_separate_pdf(void **state)
{
    static const unsigned char red[3] = {200, 30, 20};
    char picture[1024];
    snprintf(picture, sizeof picture, "%s", bs_test_write_jpeg("separate-pdf.jpg", 40, 20, 3, red));

    /* switched on: the RGB JPEG reaches the PDF as a CMYK JPEG */
    char *list = pdf_image_list(bs_test_out("separate-on.pdf"), picture, PICTURE_PROFILE);
    assert_true(bs_test_contains(list, "   40    20  cmyk    4   8  jpeg "));
    free(list);

    /* off: passed through as it is */
    list = pdf_image_list(bs_test_out("separate-off.pdf"), picture, NULL);
    assert_true(bs_test_contains(list, "   40    20  rgb     3   8  jpeg "));
    free(list);
}

/* ---------------------------------------------------------------- cache */

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* A separation is kept under a digest of picture, profile and recipe, and
 * used instead of separating again; a damaged entry is never used. */
static void test_separation_cache(void **state)
{
    (void)state;
    static const unsigned char green[3] = {30, 160, 60};
    char picture[1024];
    snprintf(picture, sizeof picture, "%s", bs_test_write_jpeg("separate-cache.jpg", 40, 20, 3, green));
    size_t len = 0;
    unsigned char *bytes = slurp(picture, &len);
    char *entry = bs_picture_cache_file(PICTURE_PROFILE, NULL, bytes, len);
    assert_non_null(entry);
    assert_true(strncmp(entry, bs_test_out("cache/separated/"), strlen(bs_test_out("cache/separated/"))) == 0);
    remove(entry);
    bs_buf got = {0};
    assert_false(bs_picture_cache_read(entry, &got));

    /* a drawing pass separates it and keeps the separation */
    char *list = pdf_image_list(bs_test_out("separate-cache.pdf"), picture, PICTURE_PROFILE);
    assert_true(bs_test_contains(list, "   40    20  cmyk    4   8  jpeg "));
    free(list);
    assert_true(bs_picture_cache_read(entry, &got));
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_buf fresh = {0};
    int components = 0;
    assert_true(bs_separate_picture(ctx, picture, bytes, len, PICTURE_PROFILE, &fresh, &components));
    assert_int_equal(got.len, fresh.len);
    assert_memory_equal(got.data, fresh.data, got.len);

    /* another profile is another entry */
    char *other = bs_picture_cache_file(INTENT_PROFILE, NULL, bytes, len);
    assert_string_not_equal(other, entry);
    free(other);

    /* a damaged entry (cut short) is not used, and is replaced */
    FILE *f = fopen(entry, "wb");
    assert_non_null(f);
    fwrite(fresh.data, 1, fresh.len / 2, f);
    fclose(f);
    bs_buf cut = {0};
    assert_false(bs_picture_cache_read(entry, &cut));
    list = pdf_image_list(bs_test_out("separate-cache.pdf"), picture, PICTURE_PROFILE);
    free(list);
    assert_true(bs_picture_cache_read(entry, &cut));
    assert_int_equal(cut.len, fresh.len);

    /* BROADSHEET_CACHE=off: no cache at all */
    setenv("BROADSHEET_CACHE", "off", 1);
    assert_null(bs_picture_cache_file(PICTURE_PROFILE, NULL, bytes, len));
    remove(entry);
    list = pdf_image_list(bs_test_out("separate-cache.pdf"), picture, PICTURE_PROFILE);
    free(list);
    assert_false(file_exists(entry));
    setenv("BROADSHEET_CACHE", bs_test_out("cache"), 1);

    bs_buf_free(&cut);
    bs_buf_free(&fresh);
    bs_buf_free(&got);
    bs_test_ctx_free(ctx, &diags);
    free(entry);
    free(bytes);
}

/* ------------------------------------------------------------------ SVG */

/* Half black, half nothing: where it is transparent the plate gets paper. */
#define SVG_LOGO "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\">" \
                 "<rect width=\"60\" height=\"60\" fill=\"#000\"/></svg>\n"

static void add_svg(bs_dlist *dl, const char *path, bs_rect r)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_IMAGE);
    item->u.image = (bs_dl_image){.path = bs_arena_strdup(dl->arena, path), .type = BS_IMAGE_SVG, .r = r, .clip = r};
}

/* The cache's entry for an SVG drawn w × h: the separation, read back. */
static inks svg_cache_entry(const char *svg, int w, int h)
{
    size_t len = 0;
    unsigned char *bytes = slurp(svg, &len);
    char variant[160];
    bs_svg_raster_variant(w, h, variant, sizeof variant);
    char *entry = bs_picture_cache_file(PICTURE_PROFILE, variant, bytes, len);
    assert_non_null(entry);
    /* not the entry the same bytes would have as a photo */
    char *as_photo = bs_picture_cache_file(PICTURE_PROFILE, NULL, bytes, len);
    assert_string_not_equal(entry, as_photo);
    bs_buf got = {0};
    assert_true(bs_picture_cache_read(entry, &got));
    inks in = read_inks(&got);
    bs_buf_free(&got);
    free(as_photo);
    free(entry);
    free(bytes);
    return in;
}

/* For print an SVG is drawn as pixels, 600 to the inch of its placed size,
 * on white paper, and separated as a PNG is: poppler finds CMYK JPEGs, one
 * for each size it is placed at, and the cache holds each. */
static void test_separate_svg(void **state)
{
    char svg[1024];
    snprintf(svg, sizeof svg, "%s", bs_test_write("separate-logo.svg", SVG_LOGO));
    bs_dlist *dl = bs_dlist_new(200, 100);
    add_svg(dl, svg, (bs_rect){10, 10, 72, 36});
    add_svg(dl, svg, (bs_rect){100, 10, 72, 36});
    add_svg(dl, svg, (bs_rect){10, 60, 36, 18});
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_palette palette = {0};
    bs_buf drawn = {0};
    bs_print_geometry g;
    bs_print_opts print = {0, false, PICTURE_PROFILE};
    assert_true(bs_render_print_pdf(ctx, dl, &print, &palette, &drawn, &g));
    assert_string_equal(diags.text.data, "");
    const char *pdf = bs_test_out("separate-svg.pdf");
    FILE *f = fopen(pdf, "wb");
    assert_non_null(f);
    fwrite(drawn.data, 1, drawn.len, f);
    fclose(f);

    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | tail -n +3 | awk '{print $4, $5, $6, $9, $11, $13, $14}'", pdf);
    int status = -1;
    char *list = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    /* width, height, colour, encoding, object, ppi across and down; the
     * object numbers are cairo's: one picture for two placements at one
     * size, another for the other size */
    int first = 0, second = 0, third = 0;
    assert_int_equal(sscanf(list, "%*d %*d %*s %*s %d %*d %*d\n%*d %*d %*s %*s %d %*d %*d\n%*d %*d %*s %*s %d",
                            &first, &second, &third), 3);
    assert_int_equal(first, second);
    assert_int_not_equal(first, third);
    char want[256];
    snprintf(want, sizeof want,
             "600 300 cmyk jpeg %d 600 600\n600 300 cmyk jpeg %d 600 600\n300 150 cmyk jpeg %d 600 600\n", first,
             second, third);
    assert_string_equal(list, want);
    free(list);

    /* the separation: black as the profile's black, paper where it is
     * transparent, within the ink limit */
    inks in = svg_cache_entry(svg, 600, 300);
    assert_int_equal(in.w, 600);
    assert_int_equal(in.h, 300);
    assert_true(percent(ink_at(&in, 150, 150)[3]) >= 85);
    const unsigned char *paper = ink_at(&in, 450, 150);
    assert_int_equal(paper[0] + paper[1] + paper[2] + paper[3], 0);
    assert_true(max_tac(&in) <= TAC_LIMIT);
    free(in.cmyk);
    in = svg_cache_entry(svg, 300, 150);
    assert_int_equal(in.w, 300);
    free(in.cmyk);

    bs_buf_free(&drawn);
    bs_palette_free(&palette);
    bs_dlist_free(dl);
    bs_test_ctx_free(ctx, &diags);
}

int main(void)
{
    /* separations are kept in the test's own cache, not the user's */
    setenv("BROADSHEET_CACHE", bs_test_out("cache"), 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separate_profiles),
        cmocka_unit_test(test_separate_total_ink),
        cmocka_unit_test(test_separate_black_and_white),
        cmocka_unit_test(test_separate_unchanged),
        cmocka_unit_test(test_separate_embedded_profile),
        cmocka_unit_test(test_separate_png),
        cmocka_unit_test(test_separate_errors),
        cmocka_unit_test(test_separate_truncated),
        cmocka_unit_test(test_separate_pdf),
        cmocka_unit_test(test_separation_cache),
        cmocka_unit_test(test_separate_svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
