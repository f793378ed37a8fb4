/* image.c - probe a picture before a page uses it: JPEG (libjpeg), PNG
 * (cairo) or SVG (librsvg), told by content. The whole file is decoded, so
 * a truncated upload is caught at load time and not as a grey box in the
 * PDF. */
#include "load_image.h"

#include <cairo.h>
#include <errno.h>
#include <jpeglib.h>
#include <jerror.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#define NOT_A_PICTURE "not a JPEG, PNG or SVG file"

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
static bool size_allowed(double w, double h, char *why, size_t whylen)
{
    if (w > BS_MAX_IMAGE_SIDE || h > BS_MAX_IMAGE_SIDE || w * h > BS_MAX_IMAGE_PIXELS) {
        snprintf(why, whylen, "the picture is %.0f × %.0f pixels; at most %d on a side and %d million in all",
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
    if (!size_allowed(cinfo.image_width, cinfo.image_height, why, whylen)) {
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
    return size_allowed(w, h, why, whylen);
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

/* ------------------------------------------------------------------ SVG */

static bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Past an optional UTF-8 byte order mark and white space; NULL stays NULL
 * (a construct the prolog left unclosed). */
static const char *skip_bom_and_space(const char *p, const char *end)
{
    if (!p) return NULL;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end && is_xml_space(*p)) p++;
    return p;
}

static bool starts_with(const char *p, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* Just past the first `mark` at or after p, or NULL. */
static const char *past(const char *p, const char *end, const char *mark)
{
    size_t n = strlen(mark);
    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, mark, n) == 0) return p + n;
    return NULL;
}

typedef enum { ROOT_SVG, ROOT_OTHER, ROOT_UNSURE } svg_root;

/* Is the first element an <svg>? Looked for past the prolog: the XML
 * declaration, processing instructions, comments and a DOCTYPE. An XML
 * file whose prolog this does not walk (a DOCTYPE with declarations of its
 * own, a prefixed root, a prolog cut short) is left to librsvg to judge. */
static svg_root find_root(const char *p, const char *end)
{
    bool xml = false;
    for (p = skip_bom_and_space(p, end); p; p = skip_bom_and_space(p, end)) {
        if (starts_with(p, end, "<?")) {
            xml = true;
            p = past(p, end, "?>");
        } else if (starts_with(p, end, "<!--")) {
            p = past(p, end, "-->");
        } else if (starts_with(p, end, "<!DOCTYPE")) {
            xml = true;
            const char *close = past(p, end, ">"), *subset = past(p, end, "[");
            if (subset && (!close || subset < close)) return ROOT_UNSURE;
            p = close;
        } else {
            break;
        }
    }
    if (!p) return xml ? ROOT_UNSURE : ROOT_OTHER;
    if (starts_with(p, end, "<svg") && end - p > 4 && (is_xml_space(p[4]) || p[4] == '>' || p[4] == '/'))
        return ROOT_SVG;
    const char *name_end = p + 1;
    while (name_end < end && !is_xml_space(*name_end) && *name_end != '>' && *name_end != '/' && *name_end != ':')
        name_end++;
    bool prefixed = name_end < end && *name_end == ':';
    return xml && prefixed ? ROOT_UNSURE : ROOT_OTHER;
}

static bool svg_too_long(char *why, size_t whylen)
{
    snprintf(why, whylen, "the SVG file is over %u MB, the most an SVG picture may be", BS_MAX_SVG_BYTES >> 20);
    return false;
}

/* librsvg parses from memory, so an SVG is read whole, within its limit
 * (checked before reading, and again while reading: it may be growing). */
static bool read_svg(FILE *f, bs_buf *svg, char *why, size_t whylen)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (uintmax_t)st.st_size > BS_MAX_SVG_BYTES) return svg_too_long(why, whylen);
    rewind(f);
    char chunk[16384];
    for (size_t got; svg->len <= BS_MAX_SVG_BYTES && (got = fread(chunk, 1, sizeof chunk, f)) > 0;)
        bs_buf_add(svg, chunk, got);
    if (ferror(f)) {
        snprintf(why, whylen, "read error");
        return false;
    }
    return svg->len <= BS_MAX_SVG_BYTES || svg_too_long(why, whylen);
}

/* librsvg's message, its first line only (libxml2's end in a newline). */
static void svg_failed(const char *what, GError *error, char *why, size_t whylen)
{
    snprintf(why, whylen, "%s: %.*s", what, (int)strcspn(error->message, "\n"), error->message);
    g_error_free(error);
}

/* Its width and height in CSS px, else its viewBox's (the aspect is what
 * fitting it needs; its px are user units then). */
static bool svg_size(RsvgHandle *svg, double *w, double *h, char *why, size_t whylen)
{
    if (!rsvg_handle_get_intrinsic_size_in_pixels(svg, w, h)) {
        gboolean has_viewbox = FALSE;
        RsvgRectangle viewbox = {0};
        rsvg_handle_get_intrinsic_dimensions(svg, NULL, NULL, NULL, NULL, &has_viewbox, &viewbox);
        if (!has_viewbox) {
            snprintf(why, whylen, "the SVG has no size: its <svg> element needs a width and a height, or a viewBox");
            return false;
        }
        *w = viewbox.width;
        *h = viewbox.height;
    }
    if (!(isfinite(*w) && isfinite(*h) && *w > 0 && *h > 0)) {
        snprintf(why, whylen, "the SVG's size is %g × %g px; it must be more than 0 each way", *w, *h);
        return false;
    }
    return true;
}

/* Some faults (more references than librsvg's limit allows) show only when
 * librsvg draws; drawing it once, small, finds them at load time. */
static bool svg_draws(RsvgHandle *svg, char *why, size_t whylen)
{
    enum { SIDE = 16 };
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, SIDE, SIDE);
    cairo_t *cr = cairo_create(surface);
    RsvgRectangle viewport = {0, 0, SIDE, SIDE};
    GError *error = NULL;
    bool ok = rsvg_handle_render_document(svg, cr, &viewport, &error);
    if (!ok) svg_failed("cannot draw the SVG", error, why, whylen);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return ok;
}

static bool probe_svg_data(const char *data, size_t len, bs_image_info *info, char *why, size_t whylen)
{
    GError *error = NULL;
    RsvgHandle *svg = rsvg_handle_new_from_data((const guint8 *)data, len, &error);
    if (!svg) {
        svg_failed("corrupt SVG file", error, why, whylen);
        return false;
    }
    rsvg_handle_set_dpi(svg, 96.0);   /* CSS px: what physical units are converted with */
    double w = 0, h = 0;
    bool ok = svg_size(svg, &w, &h, why, whylen) && size_allowed(w, h, why, whylen) && svg_draws(svg, why, whylen);
    if (ok) {
        info->type = BS_IMAGE_SVG;
        info->px_w = w < 1 ? 1 : (int)lround(w);
        info->px_h = h < 1 ? 1 : (int)lround(h);
        info->components = 4;
    }
    g_object_unref(svg);
    return ok;
}

static bool probe_svg(FILE *f, bs_image_info *info, char *why, size_t whylen)
{
    bs_buf svg = {0};
    bs_buf_add(&svg, "", 0);   /* never NULL, even if the file was emptied meanwhile */
    bool ok = read_svg(f, &svg, why, whylen);
    if (ok && find_root(svg.data, svg.data + svg.len) == ROOT_OTHER) {
        snprintf(why, whylen, NOT_A_PICTURE);
        ok = false;
    }
    ok = ok && probe_svg_data(svg.data, svg.len, info, why, whylen);
    bs_buf_free(&svg);
    return ok;
}

double bs_svg_print_pixels(double w_pt, double h_pt, int *px_w, int *px_h)
{
    bool placed = isfinite(w_pt) && isfinite(h_pt) && w_pt > 0 && h_pt > 0;
    double w = placed ? w_pt / 72.0 * BS_SVG_PRINT_PPI : 1, h = placed ? h_pt / 72.0 * BS_SVG_PRINT_PPI : 1;
    double shrink = fmin(1.0, fmin(BS_MAX_IMAGE_SIDE / w, BS_MAX_IMAGE_SIDE / h));
    shrink = fmin(shrink, sqrt(BS_MAX_IMAGE_PIXELS / (w * h)));
    /* rounded down, so that a picture shrunk to the limits stays within them */
    int pw = (int)fmax(1.0, floor(w * shrink + 1e-9)), ph = (int)fmax(1.0, floor(h * shrink + 1e-9));
    if (px_w) *px_w = pw;
    if (px_h) *px_h = ph;
    return placed ? pw / (w_pt / 72.0) : BS_SVG_PRINT_PPI;
}

/* ---------------------------------------------------------------- check */

/* Text that starts with '<' (after a BOM and white space) may be an SVG. */
static bool looks_like_markup(const unsigned char *head, size_t n)
{
    const char *start = (const char *)head, *end = start + n;
    const char *p = skip_bom_and_space(start, end);
    return p < end && *p == '<';
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
    unsigned char head[64] = {0};   /* a PNG's IHDR, or the start of some markup */
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
    } else if (looks_like_markup(head, n)) {
        ok = probe_svg(f, &found, why, whylen);
    } else {
        snprintf(why, whylen, NOT_A_PICTURE);
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
