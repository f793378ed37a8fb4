/* image.c - probe a picture before a page uses it: JPEG (libjpeg) or PNG
 * (cairo), told by content. The whole file is decoded, so a truncated
 * upload is caught at load time and not as a grey box in the PDF. */
#include "load_image.h"

#include <cairo.h>
#include <errno.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <string.h>

/* libjpeg calls exit() and prints on errors unless told otherwise. */
typedef struct jpeg_guard {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    bool truncated;
    char message[JMSG_LENGTH_MAX];
} jpeg_guard;

static void jpeg_on_error(j_common_ptr cinfo)
{
    jpeg_guard *g = (jpeg_guard *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, g->message);
    longjmp(g->jump, 1);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    jpeg_guard *g = (jpeg_guard *)cinfo->err;
    /* A short file is only a warning to libjpeg (it pads the data). */
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) g->truncated = true;
}

static void jpeg_silent(j_common_ptr cinfo) { (void)cinfo; }

/* Decode at 1/8 scale: enough to see every scan, an eighth of the work. */
static void jpeg_decode_all(struct jpeg_decompress_struct *cinfo)
{
    cinfo->scale_num = 1;
    cinfo->scale_denom = 8;
    jpeg_start_decompress(cinfo);
    JSAMPARRAY row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE,
                                                 cinfo->output_width * (JDIMENSION)cinfo->output_components, 1);
    while (cinfo->output_scanline < cinfo->output_height) jpeg_read_scanlines(cinfo, row, 1);
    jpeg_finish_decompress(cinfo);
}

/* Pictures beyond the limits (bs_core.h) are refused before they are
 * decoded: a corrupt header can claim billions of pixels. */
static bool size_allowed(long w, long h, char *why, size_t whylen)
{
    if (w > BS_MAX_IMAGE_SIDE || h > BS_MAX_IMAGE_SIDE || (double)w * (double)h > BS_MAX_IMAGE_PIXELS) {
        snprintf(why, whylen, "the picture is %ld × %ld pixels; at most %d on a side and %d million in all",
                 w, h, BS_MAX_IMAGE_SIDE, BS_MAX_IMAGE_PIXELS / 1000000);
        return false;
    }
    return true;
}

static bool probe_jpeg(FILE *f, bs_image_info *info, char *why, size_t whylen)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_guard g;
    memset(&g, 0, sizeof g);
    cinfo.err = jpeg_std_error(&g.pub);
    g.pub.error_exit = jpeg_on_error;
    g.pub.emit_message = jpeg_on_message;
    g.pub.output_message = jpeg_silent;
    if (setjmp(g.jump)) {
        jpeg_destroy_decompress(&cinfo);
        if (g.truncated) snprintf(why, whylen, "truncated JPEG file (premature end of data)");
        else snprintf(why, whylen, "corrupt JPEG file: %s", g.message);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    info->type = BS_IMAGE_JPEG;
    info->px_w = (int)cinfo.image_width;
    info->px_h = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    if (!size_allowed((long)cinfo.image_width, (long)cinfo.image_height, why, whylen)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_decode_all(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (g.truncated) {
        snprintf(why, whylen, "truncated JPEG file (premature end of data)");
        return false;
    }
    return true;
}

/* A PNG's size is in its first chunk, IHDR: bytes 16-23, big-endian. */
static bool png_size_allowed(const unsigned char *head, size_t n, char *why, size_t whylen)
{
    if (n < 24 || memcmp(head + 12, "IHDR", 4) != 0) {
        snprintf(why, whylen, "truncated or corrupt PNG file (no IHDR chunk)");
        return false;
    }
    unsigned long w = (unsigned long)head[16] << 24 | (unsigned long)head[17] << 16 | head[18] << 8 | head[19];
    unsigned long h = (unsigned long)head[20] << 24 | (unsigned long)head[21] << 16 | head[22] << 8 | head[23];
    return size_allowed((long)w, (long)h, why, whylen);
}

static bool probe_png(const char *path, bs_image_info *info, char *why, size_t whylen)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cairo_status_t status = cairo_surface_status(s);
    bool ok = status == CAIRO_STATUS_SUCCESS;
    if (ok) {
        info->type = BS_IMAGE_PNG;
        info->px_w = cairo_image_surface_get_width(s);
        info->px_h = cairo_image_surface_get_height(s);
        info->components = cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24 ? 3 : 4;
    } else if (status == CAIRO_STATUS_READ_ERROR || status == CAIRO_STATUS_NO_MEMORY) {
        /* libpng's errors on a broken file reach cairo as either */
        snprintf(why, whylen, "truncated or corrupt PNG file");
    } else {
        snprintf(why, whylen, "cannot read PNG file: %s", cairo_status_to_string(status));
    }
    cairo_surface_destroy(s);
    return ok;
}

static const unsigned char jpeg_magic[3] = {0xFF, 0xD8, 0xFF};
static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

bool bs_image_check(const char *path, bs_image_info *info, char *why, size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return false;
    }
    unsigned char head[24] = {0};
    size_t n = fread(head, 1, sizeof head, f);
    bs_image_info found;
    memset(&found, 0, sizeof found);
    bool ok = false;
    if (n >= sizeof jpeg_magic && memcmp(head, jpeg_magic, sizeof jpeg_magic) == 0) {
        rewind(f);
        ok = probe_jpeg(f, &found, why, whylen);
    } else if (n >= sizeof png_magic && memcmp(head, png_magic, sizeof png_magic) == 0) {
        ok = png_size_allowed(head, n, why, whylen) && probe_png(path, &found, why, whylen);
    } else if (n == 0) {
        snprintf(why, whylen, ferror(f) ? "read error" : "empty file, not an image");
    } else {
        snprintf(why, whylen, "not a JPEG or PNG file");
    }
    fclose(f);
    if (ok) *info = found;
    return ok;
}

bool bs_image_probe(bs_ctx *ctx, const char *path, bs_image_info *info)
{
    char why[JMSG_LENGTH_MAX + 64];
    if (!bs_image_check(path, info, why, sizeof why))
        return bs_fail(ctx, bs_loc_file(path), "%s", why);
    return true;
}
