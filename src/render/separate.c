/* separate.c - pictures separated to the printing condition's CMYK: libjpeg
 * (or cairo, for a PNG; librsvg has drawn an SVG's) reads the pixels, lcms2
 * converts them a row at a time, libjpeg writes them. Everything, lcms2's context included, is made
 * for one call and released before it returns. */
#include "render_images.h"

#include <glib.h>
#include <lcms2.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

enum { SEPARATED_QUALITY = 92, DEST_CHUNK = 16384 };

/* cairo's RGB24 pixels are native-endian 0x00RRGGBB words. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define CAIRO_RGB24_LCMS TYPE_BGRA_8
#else
#define CAIRO_RGB24_LCMS TYPE_ARGB_8
#endif

/* libjpeg jumps back here on an error; one manager serves the reader and
 * the writer, and remembers which of them failed. */
typedef struct sep_failure {
    struct jpeg_error_mgr mgr;   /* first: libjpeg hands back a pointer to it */
    jmp_buf jump;
    bool reading;
    bool warned;                 /* the reader's first warning is kept */
    char message[JMSG_LENGTH_MAX];
    char warning[JMSG_LENGTH_MAX];
} sep_failure;

/* The separated JPEG is collected in a bs_buf: libjpeg's own memory
 * destination loses its buffer when compression stops half-way. */
typedef struct buf_dest {
    struct jpeg_destination_mgr pub;   /* first: libjpeg hands back a pointer to it */
    bs_buf *buf;
    JOCTET chunk[DEST_CHUNK];
} buf_dest;

typedef struct separation separation;
/* The next row of source pixels, in the transform's input format. */
typedef const void *(*next_row_fn)(separation *s);

struct separation {
    bs_ctx *ctx;
    const char *path;
    sep_failure failure;
    struct jpeg_decompress_struct in;
    struct jpeg_compress_struct out;
    buf_dest dest;
    bs_buf encoded;
    JOCTET *icc;                 /* the JPEG's embedded profile (malloc'd by libjpeg) */
    unsigned int icc_len;
    cairo_surface_t *pixels;     /* a PNG's or an SVG's pixels, on white paper */
    int pixel_row;
    JSAMPARRAY rgb_row;          /* a JPEG's decoded row */
    char cms_message[256];       /* lcms2's first error since it was cleared */
};

/* ---------------------------------------------------------- libjpeg glue */

static void on_jpeg_error(j_common_ptr cinfo)
{
    sep_failure *failure = (sep_failure *)cinfo->err;
    failure->reading = cinfo->is_decompressor;
    cinfo->err->format_message(cinfo, failure->message);
    longjmp(failure->jump, 1);
}

static void on_jpeg_message(j_common_ptr cinfo, int level)
{
    if (level >= 0) return;  /* trace output */
    sep_failure *failure = (sep_failure *)cinfo->err;
    failure->mgr.num_warnings++;
    /* not num_warnings: starting the writer resets the shared count */
    if (cinfo->is_decompressor && !failure->warned) {
        failure->warned = true;
        failure->mgr.format_message(cinfo, failure->warning);
    }
}

static void dest_init(j_compress_ptr cinfo)
{
    buf_dest *dest = (buf_dest *)cinfo->dest;
    dest->pub.next_output_byte = dest->chunk;
    dest->pub.free_in_buffer = DEST_CHUNK;
}

static boolean dest_empty(j_compress_ptr cinfo)
{
    buf_dest *dest = (buf_dest *)cinfo->dest;
    bs_buf_add(dest->buf, (const char *)dest->chunk, DEST_CHUNK);
    dest_init(cinfo);
    return TRUE;
}

static void dest_term(j_compress_ptr cinfo)
{
    buf_dest *dest = (buf_dest *)cinfo->dest;
    bs_buf_add(dest->buf, (const char *)dest->chunk, DEST_CHUNK - dest->pub.free_in_buffer);
}

static void separation_start(separation *s, bs_ctx *ctx, const char *path)
{
    /* Zeroed first, so that destroying the libjpeg objects is safe even if
     * they were never made. */
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->path = path;
    s->in.err = s->out.err = jpeg_std_error(&s->failure.mgr);
    s->failure.mgr.error_exit = on_jpeg_error;
    s->failure.mgr.emit_message = on_jpeg_message;
    s->dest.pub.init_destination = dest_init;
    s->dest.pub.empty_output_buffer = dest_empty;
    s->dest.pub.term_destination = dest_term;
    s->dest.buf = &s->encoded;
}

static void separation_end(separation *s)
{
    jpeg_destroy_decompress(&s->in);
    jpeg_destroy_compress(&s->out);
    free(s->icc);
    if (s->pixels) cairo_surface_destroy(s->pixels);
    bs_buf_free(&s->encoded);
}

static bool jpeg_failed(separation *s)
{
    return bs_fail(s->ctx, bs_loc_file(s->path), "%s: %s",
                   s->failure.reading ? "cannot read the JPEG" : "cannot write the separated JPEG",
                   s->failure.message);
}

/* ---------------------------------------------------------------- lcms2 */

static void on_cms_error(cmsContext cms, cmsUInt32Number code, const char *text)
{
    separation *s = cmsGetContextUserData(cms);
    if (!s->cms_message[0]) snprintf(s->cms_message, sizeof s->cms_message, "%s", text);
}

/* What lcms2 said about the step that just failed. */
static const char *cms_reason(const separation *s)
{
    return s->cms_message[0] ? s->cms_message : "lcms2 gives no reason";
}

static cmsHPROFILE open_press_profile(separation *s, cmsContext cms, const char *profile_path)
{
    s->cms_message[0] = '\0';
    cmsHPROFILE profile = cmsOpenProfileFromFileTHR(cms, profile_path, "r");
    if (!profile) {
        bs_fail(s->ctx, bs_loc_file(s->path), "cannot separate: the ICC profile %s cannot be read: %s",
                profile_path, cms_reason(s));
        return NULL;
    }
    if (cmsGetColorSpace(profile) != cmsSigCmykData || cmsGetDeviceClass(profile) != cmsSigOutputClass) {
        bs_fail(s->ctx, bs_loc_file(s->path), "cannot separate: %s is not a CMYK output profile",
                profile_path);
        cmsCloseProfile(profile);
        return NULL;
    }
    return profile;
}

/* The picture's own profile when it carries a usable RGB one; otherwise
 * sRGB, what cameras and the web assume. */
static cmsHPROFILE source_profile(separation *s, cmsContext cms)
{
    if (s->icc) {
        cmsHPROFILE own = cmsOpenProfileFromMemTHR(cms, s->icc, s->icc_len);
        if (own && cmsGetColorSpace(own) == cmsSigRgbData) return own;
        if (own) cmsCloseProfile(own);
        bs_warn(s->ctx, bs_loc_file(s->path),
                "the embedded ICC profile is not a usable RGB profile; the picture is taken as sRGB");
    }
    return cmsCreate_sRGBProfileTHR(cms);
}

/* Perceptual with black point compensation: the picture's shadows land on
 * the paper's darkest printable black instead of being clipped. lcms2
 * writes the CMYK inverted, as Adobe's applications do. */
static cmsHTRANSFORM make_transform(separation *s, cmsContext cms, const char *profile_path,
                                    cmsUInt32Number input_format)
{
    cmsHPROFILE press = open_press_profile(s, cms, profile_path);
    if (!press) return NULL;
    cmsHPROFILE source = source_profile(s, cms);
    cmsHTRANSFORM transform = NULL;
    s->cms_message[0] = '\0';
    if (source)
        transform = cmsCreateTransformTHR(cms, source, input_format, press, TYPE_CMYK_8_REV,
                                          INTENT_PERCEPTUAL, cmsFLAGS_BLACKPOINTCOMPENSATION);
    /* an embedded profile that opens but does not link is damaged (a file
     * cut or garbled in transfer): take the picture as sRGB, as above */
    if (!transform && source && s->icc) {
        bs_warn(s->ctx, bs_loc_file(s->path), "the embedded ICC profile is damaged (%s); the picture is taken as sRGB",
                cms_reason(s));
        cmsCloseProfile(source);
        source = cmsCreate_sRGBProfileTHR(cms);
        s->cms_message[0] = '\0';
        if (source)
            transform = cmsCreateTransformTHR(cms, source, input_format, press, TYPE_CMYK_8_REV,
                                              INTENT_PERCEPTUAL, cmsFLAGS_BLACKPOINTCOMPENSATION);
    }
    if (!transform)
        bs_fail(s->ctx, bs_loc_file(s->path), "cannot separate through %s: %s", profile_path,
                cms_reason(s));
    if (source) cmsCloseProfile(source);
    cmsCloseProfile(press);
    return transform;
}

/* ----------------------------------------------------------- separating */

static const void *next_jpeg_row(separation *s)
{
    jpeg_read_scanlines(&s->in, s->rgb_row, 1);
    return s->rgb_row[0];
}

static const void *next_pixel_row(separation *s)
{
    return cairo_image_surface_get_data(s->pixels) +
           (size_t)s->pixel_row++ * (size_t)cairo_image_surface_get_stride(s->pixels);
}

static void start_writer(separation *s, JDIMENSION width, JDIMENSION height)
{
    jpeg_create_compress(&s->out);
    s->out.dest = &s->dest.pub;
    s->out.image_width = width;
    s->out.image_height = height;
    s->out.input_components = 4;
    s->out.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&s->out);  /* CMYK, with the Adobe marker */
    jpeg_set_quality(&s->out, SEPARATED_QUALITY, TRUE);
    /* optimal Huffman tables would save 3 % of the bytes of the sample
     * photo and cost 40 % of the time of separating it */
    s->out.optimize_coding = FALSE;
    jpeg_start_compress(&s->out, TRUE);
}

/* Every row through the transform and into the writer. On a libjpeg error
 * (reading or writing) it reports and returns false. */
static bool write_separated(separation *s, cmsHTRANSFORM transform, JDIMENSION width,
                            JDIMENSION height, next_row_fn next_row)
{
    if (setjmp(s->failure.jump)) return jpeg_failed(s);
    start_writer(s, width, height);
    JSAMPARRAY cmyk = s->out.mem->alloc_sarray((j_common_ptr)&s->out, JPOOL_IMAGE, width * 4, 1);
    while (s->out.next_scanline < height) {
        cmsDoTransform(transform, next_row(s), cmyk[0], width);
        jpeg_write_scanlines(&s->out, cmyk, 1);
    }
    jpeg_finish_compress(&s->out);
    return true;
}

static bool separate_pixels(separation *s, const char *profile_path, cmsUInt32Number input_format,
                            JDIMENSION width, JDIMENSION height, next_row_fn next_row)
{
    cmsContext cms = cmsCreateContext(NULL, s);
    if (!cms) return bs_fail(s->ctx, bs_loc_file(s->path), "cannot separate: lcms2 has no memory");
    cmsSetLogErrorHandlerTHR(cms, on_cms_error);
    cmsHTRANSFORM transform = make_transform(s, cms, profile_path, input_format);
    bool ok = transform && write_separated(s, transform, width, height, next_row);
    if (transform) cmsDeleteTransform(transform);
    cmsDeleteContext(cms);
    return ok;
}

/* The header, and the embedded ICC profile if there is one. */
static bool read_jpeg_header(separation *s, const unsigned char *data, size_t len)
{
    if (setjmp(s->failure.jump)) return jpeg_failed(s);
    jpeg_create_decompress(&s->in);
    jpeg_mem_src(&s->in, data, (unsigned long)len);
    jpeg_save_markers(&s->in, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&s->in, TRUE);
    if (!jpeg_read_icc_profile(&s->in, &s->icc, &s->icc_len)) s->icc = NULL;
    return true;
}

static bool start_jpeg_reader(separation *s)
{
    if (setjmp(s->failure.jump)) return jpeg_failed(s);
    s->in.out_color_space = JCS_RGB;
    jpeg_start_decompress(&s->in);
    s->rgb_row = s->in.mem->alloc_sarray((j_common_ptr)&s->in, JPOOL_IMAGE,
                                         s->in.output_width * 3, 1);
    return true;
}

static bool finish_jpeg_reader(separation *s)
{
    if (setjmp(s->failure.jump)) return jpeg_failed(s);
    jpeg_finish_decompress(&s->in);
    if (s->failure.warned)
        bs_warn(s->ctx, bs_loc_file(s->path),
                "damaged JPEG data (%s); what could be decoded was separated", s->failure.warning);
    return true;
}

static bool separate_jpeg(separation *s, const unsigned char *data, size_t len,
                          const char *profile_path, bs_buf *out, int *components)
{
    if (!read_jpeg_header(s, data, len)) return false;
    *components = s->in.num_components;
    switch (s->in.jpeg_color_space) {
    case JCS_GRAYSCALE:  /* DeviceGray prints on the K plate as it is */
    case JCS_CMYK:
    case JCS_YCCK:       /* already separated */
        bs_buf_add(out, (const char *)data, len);
        return true;
    case JCS_RGB:
    case JCS_YCbCr:
        break;
    default:
        return bs_fail(s->ctx, bs_loc_file(s->path),
                       "cannot separate a JPEG of %d components in an unknown colour space",
                       s->in.num_components);
    }
    if (!start_jpeg_reader(s) ||
        !separate_pixels(s, profile_path, TYPE_RGB_8, s->in.output_width, s->in.output_height,
                         next_jpeg_row) ||
        !finish_jpeg_reader(s))
        return false;
    bs_buf_add(out, s->encoded.data, s->encoded.len);
    *components = 4;
    return true;
}

/* ------------------------------------------------------------------ PNG */

typedef struct png_reader {
    const unsigned char *data;
    size_t len, pos;
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *to, unsigned int length)
{
    png_reader *in = closure;
    if (length > in->len - in->pos) return CAIRO_STATUS_READ_ERROR;
    memcpy(to, in->data + in->pos, length);
    in->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

/* Read by cairo and painted onto white paper, so that any alpha is gone
 * before the inks are computed. */
static bool read_png_on_white(separation *s, const unsigned char *data, size_t len)
{
    png_reader in = {data, len, 0};
    cairo_surface_t *png = cairo_image_surface_create_from_png_stream(read_png, &in);
    cairo_status_t status = cairo_surface_status(png);
    if (status == CAIRO_STATUS_SUCCESS) {
        s->pixels = cairo_image_surface_create(CAIRO_FORMAT_RGB24, cairo_image_surface_get_width(png),
                                               cairo_image_surface_get_height(png));
        cairo_t *cr = cairo_create(s->pixels);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_set_source_surface(cr, png, 0, 0);
        cairo_paint(cr);
        status = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_flush(s->pixels);
    }
    cairo_surface_destroy(png);
    if (status != CAIRO_STATUS_SUCCESS)
        return bs_fail(s->ctx, bs_loc_file(s->path), "cannot read the PNG: %s",
                       cairo_status_to_string(status));
    return true;
}

/* s->pixels, taken as sRGB, into a CMYK JPEG in out. */
static bool separate_surface(separation *s, const char *profile_path, bs_buf *out, int *components)
{
    if (!separate_pixels(s, profile_path, CAIRO_RGB24_LCMS, (JDIMENSION)cairo_image_surface_get_width(s->pixels),
                         (JDIMENSION)cairo_image_surface_get_height(s->pixels), next_pixel_row))
        return false;
    bs_buf_add(out, s->encoded.data, s->encoded.len);
    *components = 4;
    return true;
}

static bool separate_png(separation *s, const unsigned char *data, size_t len,
                         const char *profile_path, bs_buf *out, int *components)
{
    return read_png_on_white(s, data, len) && separate_surface(s, profile_path, out, components);
}

static bool is_png(const unsigned char *data, size_t len)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return len >= sizeof signature && memcmp(data, signature, sizeof signature) == 0;
}

bool bs_separate_picture(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len,
                         const char *profile_path, bs_buf *out, int *components)
{
    separation s;
    separation_start(&s, ctx, path);
    bool ok = is_png(data, len) ? separate_png(&s, data, len, profile_path, out, components)
                                : separate_jpeg(&s, data, len, profile_path, out, components);
    separation_end(&s);
    return ok;
}

bool bs_separate_pixels(bs_ctx *ctx, const char *path, cairo_surface_t *rgb24, const char *profile_path,
                        bs_buf *out)
{
    if (cairo_image_surface_get_format(rgb24) != CAIRO_FORMAT_RGB24)
        return bs_fail(ctx, bs_loc_file(path), "cannot separate: the pixels are not opaque RGB");
    separation s;
    separation_start(&s, ctx, path);
    s.pixels = cairo_surface_reference(rgb24);
    cairo_surface_flush(rgb24);
    int components = 0;
    bool ok = separate_surface(&s, profile_path, out, &components);
    separation_end(&s);
    return ok;
}
