/* images.c - pictures for the render room: a JPEG's own bytes handed to the
 * PDF, or the JPEG decoded by libjpeg for a preview; PNGs read by cairo;
 * SVGs read by librsvg, kept for drawing as vectors or drawn as pixels for
 * print (svg.c). */
#include "render_images.h"
#include "bs_render.h"

#include <glib-object.h>
#include <glib.h>
#include <nettle/sha2.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* libjpeg-turbo decodes straight into cairo's pixel layout (native-endian
 * 0x00RRGGBB words), which saves a conversion pass per row. */
#ifndef JCS_EXTENSIONS
#error "the render room needs libjpeg-turbo's extended colour spaces"
#endif
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define CAIRO_RGB24_SPACE JCS_EXT_BGRX
#else
#define CAIRO_RGB24_SPACE JCS_EXT_XRGB
#endif

typedef struct image_entry {
    const char *path;            /* the display list's string */
    int need_w, need_h;          /* 0 in passthrough mode */
    cairo_surface_t *surface;    /* NULL: could not be read (reported once) */
} image_entry;

typedef struct svg_entry {
    const char *path;            /* the display list's string */
    RsvgHandle *svg;             /* NULL: could not be read (reported once) */
} svg_entry;

struct bs_render_images {
    bool passthrough;
    char *separation;            /* the printing profile, or NULL */
    image_entry *entries;
    size_t n, cap;
    svg_entry *svgs;
    size_t nsvgs, svgs_cap;
};

bs_render_images *bs_render_images_new(bool passthrough)
{
    bs_render_images *images = bs_xcalloc(1, sizeof *images);
    images->passthrough = passthrough;
    return images;
}

void bs_render_images_free(bs_render_images *images)
{
    if (!images) return;
    for (size_t i = 0; i < images->n; i++)
        if (images->entries[i].surface) cairo_surface_destroy(images->entries[i].surface);
    free(images->entries);
    for (size_t i = 0; i < images->nsvgs; i++)
        if (images->svgs[i].svg) g_object_unref(images->svgs[i].svg);
    free(images->svgs);
    free(images->separation);
    free(images);
}

void bs_render_images_set_separation(bs_render_images *images, const char *profile_path)
{
    free(images->separation);
    images->separation = profile_path ? bs_xstrdup(profile_path) : NULL;
}

/* ------------------------------------------------------------ libjpeg */

/* libjpeg's default error handler exits the process; ours jumps back to
 * the caller, and keeps warnings for the report instead of printing them. */
typedef struct jpeg_failure {
    struct jpeg_error_mgr mgr;   /* first: libjpeg hands back a pointer to it */
    jmp_buf jump;
    char warning[JMSG_LENGTH_MAX];
} jpeg_failure;

static void jpeg_on_error(j_common_ptr cinfo)
{
    longjmp(((jpeg_failure *)cinfo->err)->jump, 1);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    if (level >= 0) return;  /* trace output */
    jpeg_failure *failure = (jpeg_failure *)cinfo->err;
    if (failure->mgr.num_warnings++ == 0) failure->mgr.format_message(cinfo, failure->warning);
}

static void jpeg_prepare(struct jpeg_decompress_struct *cinfo, jpeg_failure *failure)
{
    /* Zeroed first, so that destroying it is safe even if creating it failed. */
    memset(cinfo, 0, sizeof *cinfo);
    memset(failure, 0, sizeof *failure);
    cinfo->err = jpeg_std_error(&failure->mgr);
    failure->mgr.error_exit = jpeg_on_error;
    failure->mgr.emit_message = jpeg_on_message;
}

static void jpeg_report(bs_ctx *ctx, const char *path, struct jpeg_decompress_struct *cinfo)
{
    char message[JMSG_LENGTH_MAX];
    cinfo->err->format_message((j_common_ptr)cinfo, message);
    jpeg_destroy_decompress(cinfo);
    bs_fail(ctx, bs_loc_file(path), "cannot read the JPEG: %s", message);
}

/* The pixel size from the JPEG's header, without decoding anything. */
static bool jpeg_size(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len, int *w,
                      int *h)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_failure failure;
    jpeg_prepare(&cinfo, &failure);
    if (setjmp(failure.jump)) {
        jpeg_report(ctx, path, &cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    *w = (int)cinfo.image_width;
    *h = (int)cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    return true;
}

/* libjpeg scales by n/8 inside the inverse DCT, which costs a fraction of
 * decoding every pixel and scaling afterwards. */
static void jpeg_choose_scale(struct jpeg_decompress_struct *cinfo, int need_w, int need_h)
{
    cinfo->scale_denom = 8;
    for (unsigned num = 1; num <= 8; num++) {
        cinfo->scale_num = num;
        jpeg_calc_output_dimensions(cinfo);
        if ((int)cinfo->output_width >= need_w && (int)cinfo->output_height >= need_h) return;
    }
}

static float ink_percent(JSAMPLE value, bool inverted)
{
    return (float)(inverted ? 255 - value : value) * (100.0f / 255.0f);
}

static uint32_t rgb24_pixel(const double rgb[3])
{
    uint32_t pixel = 0;
    for (int i = 0; i < 3; i++) pixel = pixel << 8 | (uint32_t)(rgb[i] * 255.0 + 0.5);
    return pixel;
}

/* CMYK pixels take the same conversion as the page's colours. */
static void cmyk_row(const JSAMPLE *src, uint32_t *dst, JDIMENSION width, bool inverted)
{
    for (JDIMENSION x = 0; x < width; x++, src += 4) {
        bs_cmyk ink = {ink_percent(src[0], inverted), ink_percent(src[1], inverted),
                       ink_percent(src[2], inverted), ink_percent(src[3], inverted)};
        double rgb[3];
        bs_render_cmyk_to_rgb(ink, rgb);
        dst[x] = rgb24_pixel(rgb);
    }
}

static void jpeg_read_rows(struct jpeg_decompress_struct *cinfo, cairo_surface_t *surface, bool cmyk)
{
    unsigned char *pixels = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    /* Adobe's applications write CMYK inverted, and say so with their marker. */
    bool inverted = cinfo->saw_Adobe_marker;
    JSAMPARRAY cmyk_buf = NULL;
    if (cmyk)  /* freed by libjpeg with the decompressor, even on error */
        cmyk_buf = cinfo->mem->alloc_sarray((j_common_ptr)cinfo, JPOOL_IMAGE,
                                            cinfo->output_width * 4, 1);
    while (cinfo->output_scanline < cinfo->output_height) {
        unsigned char *row = pixels + (size_t)cinfo->output_scanline * (size_t)stride;
        JSAMPROW target = cmyk ? cmyk_buf[0] : row;
        jpeg_read_scanlines(cinfo, &target, 1);
        if (cmyk) cmyk_row(cmyk_buf[0], (uint32_t *)row, cinfo->output_width, inverted);
    }
}

cairo_surface_t *bs_render_jpeg_decode(bs_ctx *ctx, const char *path, const unsigned char *data,
                                       size_t len, int need_w, int need_h)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_failure failure;
    cairo_surface_t *volatile surface = NULL;
    jpeg_prepare(&cinfo, &failure);
    if (setjmp(failure.jump)) {
        if (surface) cairo_surface_destroy(surface);
        jpeg_report(ctx, path, &cinfo);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    /* Grey, YCbCr and RGB all convert to cairo's layout inside libjpeg. */
    cinfo.out_color_space = cmyk ? JCS_CMYK : CAIRO_RGB24_SPACE;
    jpeg_choose_scale(&cinfo, need_w, need_h);
    jpeg_start_decompress(&cinfo);

    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)cinfo.output_width,
                                         (int)cinfo.output_height);
    cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        bs_fail(ctx, bs_loc_file(path), "cannot hold the decoded picture (%u × %u pixels): %s",
                cinfo.output_width, cinfo.output_height, cairo_status_to_string(status));
        cairo_surface_destroy(surface);
        jpeg_destroy_decompress(&cinfo);
        return NULL;
    }
    cairo_surface_flush(surface);
    jpeg_read_rows(&cinfo, surface, cmyk);
    cairo_surface_mark_dirty(surface);
    jpeg_finish_decompress(&cinfo);
    if (failure.mgr.num_warnings > 0)
        bs_warn(ctx, bs_loc_file(path), "damaged JPEG data (%s); the preview shows what could be decoded",
                failure.warning);
    jpeg_destroy_decompress(&cinfo);
    return surface;
}

/* -------------------------------------------------------------- sources */

/* Named by content, so that one picture placed twice, or found at two
 * paths, is embedded in the PDF once; `variant` (NULL: none) tells apart
 * pictures made from the same bytes, as an SVG drawn at two sizes. */
static cairo_status_t set_unique_id(cairo_surface_t *surface, const unsigned char *data, size_t len,
                                    const char *variant)
{
    struct sha256_ctx sum;
    sha256_init(&sum);
    if (variant) sha256_update(&sum, strlen(variant) + 1, (const uint8_t *)variant);
    sha256_update(&sum, len, data);
    char *id = bs_xmalloc(65);
    bs_render_sha256_hex(&sum, id);
    cairo_status_t status = cairo_surface_set_mime_data(
        surface, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)id, strlen(id), free, id);
    if (status != CAIRO_STATUS_SUCCESS) free(id);
    return status;
}

static cairo_surface_t *surface_failed(bs_ctx *ctx, const char *path, cairo_surface_t *surface,
                                       cairo_status_t status)
{
    bs_fail(ctx, bs_loc_file(path), "cairo: %s", cairo_status_to_string(status));
    cairo_surface_destroy(surface);
    return NULL;
}

/* A JPEG for the PDF: cairo takes the picture's size and colour space from
 * the bytes and copies them into the file. The image surface only carries
 * them; its pixels are never drawn, so they are never decoded (and stay
 * untouched, lazily zeroed memory). Takes ownership of data. */
static cairo_surface_t *jpeg_passthrough(bs_ctx *ctx, const char *path, unsigned char *data,
                                         size_t len)
{
    int w = 0, h = 0;
    if (!jpeg_size(ctx, path, data, len, &w, &h)) {
        free(data);
        return NULL;
    }
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_status_t status = cairo_surface_status(surface);
    if (status == CAIRO_STATUS_SUCCESS) status = set_unique_id(surface, data, len, NULL);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, data, len, free, data);
    if (status != CAIRO_STATUS_SUCCESS) {
        free(data);
        return surface_failed(ctx, path, surface, status);
    }
    return surface;
}

/* An SVG drawn as w × h pixels on white paper; NULL after reporting. */
static cairo_surface_t *svg_pixels(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len, int w,
                                   int h)
{
    RsvgHandle *svg = bs_svg_open(ctx, path, data, len);
    if (!svg) return NULL;
    cairo_surface_t *pixels = bs_svg_rasterise(ctx, path, svg, w, h);
    g_object_unref(svg);
    return pixels;
}

/* A photo separated from its bytes; an SVG drawn as w × h pixels first,
 * which are then separated as a PNG's are. */
static bool separate(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image, const unsigned char *data,
                     size_t len, int w, int h, bs_buf *out)
{
    if (image->type != BS_IMAGE_SVG) {
        int components = 0;
        return bs_separate_picture(ctx, image->path, data, len, images->separation, out, &components);
    }
    cairo_surface_t *pixels = svg_pixels(ctx, image->path, data, len, w, h);
    bool ok = pixels && bs_separate_pixels(ctx, image->path, pixels, images->separation, out);
    if (pixels) cairo_surface_destroy(pixels);
    return ok;
}

/* A picture for the printing plant: separated to the printing condition's
 * CMYK (or taken from the cache of separations) and handed to the PDF as
 * JPEG bytes like any other. An SVG's entry is for its size (w × h) and
 * rasteriser too. Takes ownership of data. */
static cairo_surface_t *separated_passthrough(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image,
                                              unsigned char *data, size_t len, int w, int h)
{
    char variant[160];
    bool svg = image->type == BS_IMAGE_SVG;
    if (svg) bs_svg_raster_variant(w, h, variant, sizeof variant);
    bs_buf separated = {0};
    char *cached = bs_picture_cache_file(images->separation, svg ? variant : NULL, data, len);
    bool ok = cached && bs_picture_cache_read(cached, &separated);
    if (!ok) {
        ok = separate(images, ctx, image, data, len, w, h, &separated);
        if (ok && cached) bs_picture_cache_write(cached, &separated);
    }
    free(cached);
    free(data);
    if (!ok) {
        bs_buf_free(&separated);
        return NULL;
    }
    return jpeg_passthrough(ctx, image->path, (unsigned char *)separated.data, separated.len);
}

/* An SVG as pixels without separating them (a print drawing without a
 * profile), named by its bytes and size for the PDF. */
static cairo_surface_t *svg_surface(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len, int w,
                                    int h)
{
    cairo_surface_t *pixels = svg_pixels(ctx, path, data, len, w, h);
    if (!pixels) return NULL;
    char variant[160];
    bs_svg_raster_variant(w, h, variant, sizeof variant);
    cairo_status_t status = set_unique_id(pixels, data, len, variant);
    if (status != CAIRO_STATUS_SUCCESS) return surface_failed(ctx, path, pixels, status);
    return pixels;
}

typedef struct png_bytes {
    const unsigned char *data;
    size_t len, pos;
} png_bytes;

static cairo_status_t read_png_bytes(void *closure, unsigned char *out, unsigned int length)
{
    png_bytes *in = closure;
    if (length > in->len - in->pos) return CAIRO_STATUS_READ_ERROR;
    memcpy(out, in->data + in->pos, length);
    in->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

/* No alpha may reach the page: a PNG with an alpha channel is composited
 * onto white paper once, here. Takes ownership of png; the caller checks
 * *status and destroys the result either way. */
static cairo_surface_t *flatten_on_white(cairo_surface_t *png, cairo_status_t *status)
{
    cairo_surface_t *flat = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                       cairo_image_surface_get_width(png),
                                                       cairo_image_surface_get_height(png));
    cairo_t *cr = cairo_create(flat);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    *status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    if (*status == CAIRO_STATUS_SUCCESS) *status = cairo_surface_status(flat);
    return flat;
}

static cairo_surface_t *png_surface(bs_ctx *ctx, const char *path, const unsigned char *data,
                                    size_t len, bool unique_id)
{
    png_bytes in = {data, len, 0};
    cairo_surface_t *surface = cairo_image_surface_create_from_png_stream(read_png_bytes, &in);
    cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        bs_fail(ctx, bs_loc_file(path), "cannot read the PNG: %s", cairo_status_to_string(status));
        cairo_surface_destroy(surface);
        return NULL;
    }
    if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24)
        surface = flatten_on_white(surface, &status);
    if (status == CAIRO_STATUS_SUCCESS && unique_id) status = set_unique_id(surface, data, len, NULL);
    if (status != CAIRO_STATUS_SUCCESS) return surface_failed(ctx, path, surface, status);
    return surface;
}

/* An SVG is read within its limit, as the probe read it. */
static unsigned char *read_picture(bs_ctx *ctx, const bs_dl_image *image, size_t *len)
{
    if (image->type == BS_IMAGE_SVG)
        return (unsigned char *)bs_read_input(ctx, image->path, "SVG picture", BS_MAX_SVG_BYTES, len);
    return (unsigned char *)bs_read_file(ctx, image->path, len);
}

static cairo_surface_t *load_image(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image,
                                   int need_w, int need_h)
{
    if (image->type != BS_IMAGE_JPEG && image->type != BS_IMAGE_PNG && image->type != BS_IMAGE_SVG) {
        bs_fail(ctx, bs_loc_file(image->path), "unknown image type %d", (int)image->type);
        return NULL;
    }
    size_t len = 0;
    unsigned char *data = read_picture(ctx, image, &len);
    if (!data) return NULL;
    if (images->passthrough && images->separation)
        return separated_passthrough(images, ctx, image, data, len, need_w, need_h);
    if (image->type == BS_IMAGE_JPEG && images->passthrough)
        return jpeg_passthrough(ctx, image->path, data, len);
    cairo_surface_t *surface =
        image->type == BS_IMAGE_JPEG  ? bs_render_jpeg_decode(ctx, image->path, data, len, need_w, need_h)
        : image->type == BS_IMAGE_SVG ? svg_surface(ctx, image->path, data, len, need_w, need_h)
                                      : png_surface(ctx, image->path, data, len, images->passthrough);
    free(data);
    return surface;
}

cairo_surface_t *bs_render_image(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image,
                                 int need_w, int need_h)
{
    /* a PDF takes a photo's own pixels; an SVG's are made at the size asked */
    if (images->passthrough && image->type != BS_IMAGE_SVG) need_w = need_h = 0;
    for (size_t i = 0; i < images->n; i++) {
        const image_entry *e = &images->entries[i];
        if (e->need_w == need_w && e->need_h == need_h && strcmp(e->path, image->path) == 0)
            return e->surface;
    }
    cairo_surface_t *surface = load_image(images, ctx, image, need_w, need_h);
    BS_VEC_RESERVE(images->entries, images->cap, images->n + 1);
    images->entries[images->n++] = (image_entry){image->path, need_w, need_h, surface};
    return surface;
}

RsvgHandle *bs_render_svg(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image)
{
    for (size_t i = 0; i < images->nsvgs; i++)
        if (strcmp(images->svgs[i].path, image->path) == 0) return images->svgs[i].svg;
    size_t len = 0;
    unsigned char *data = read_picture(ctx, image, &len);
    RsvgHandle *svg = data ? bs_svg_open(ctx, image->path, data, len) : NULL;
    free(data);
    BS_VEC_RESERVE(images->svgs, images->svgs_cap, images->nsvgs + 1);
    images->svgs[images->nsvgs++] = (svg_entry){image->path, svg};
    return svg;
}
