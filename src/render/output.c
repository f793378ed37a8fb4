/* output.c - the two outputs, PDF and PNG, each a surface that the one
 * drawing path draws on, written through bs_write_atomic. */
#include "bs_render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

/* cairo writes through this into bs_write_atomic's temporary file. */
typedef struct file_sink {
    FILE *out;
    int error;                   /* errno of a failed write */
} file_sink;

static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int length)
{
    file_sink *sink = closure;
    if (fwrite(data, 1, length, sink->out) == length) return CAIRO_STATUS_SUCCESS;
    sink->error = errno;
    return CAIRO_STATUS_WRITE_ERROR;
}

static bool cairo_ok(bs_ctx *ctx, const char *path, cairo_status_t status, const file_sink *sink)
{
    if (status == CAIRO_STATUS_SUCCESS) return true;
    if (status == CAIRO_STATUS_WRITE_ERROR && sink && sink->error)
        return bs_fail(ctx, bs_loc_file(path), "write error: %s", strerror(sink->error));
    return bs_fail(ctx, bs_loc_file(path), "cairo: %s", cairo_status_to_string(status));
}

static bool page_size_ok(bs_ctx *ctx, const bs_dlist *dl, const char *path)
{
    if (isfinite(dl->width) && isfinite(dl->height) && dl->width > 0 && dl->height > 0) return true;
    return bs_fail(ctx, bs_loc_file(path), "cannot draw a page of %g × %g pt", dl->width, dl->height);
}

/* ------------------------------------------------------------------- PDF */

/* cairo 1.16 takes dates as ISO 8601 ("2024-01-02T03:04:05Z") and reads
 * exactly four digits of year; other years are left out. */
static bool iso_date(long long seconds, char *out, size_t size)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if ((long long)t != seconds || !gmtime_r(&t, &tm)) return false;
    if (tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999) return false;
    return strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

static void set_info(cairo_surface_t *surface, const bs_dlist *dl)
{
    if (dl->title) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, dl->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "broadsheet " BS_VERSION);
    char date[32];
    if (iso_date(dl->date, date, sizeof date)) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
}

typedef struct pdf_job {
    bs_ctx *ctx;
    const bs_dlist *dl;
    const char *path;
} pdf_job;

static bool write_pdf(void *user, FILE *out)
{
    const pdf_job *job = user;
    file_sink sink = {out, 0};
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(write_to_file, &sink, job->dl->width, job->dl->height);
    set_info(surface, job->dl);
    cairo_t *cr = cairo_create(surface);
    bool drawn = bs_render_to_cairo(job->ctx, cr, job->dl);
    cairo_show_page(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    /* Finishing writes the page, its fonts and pictures, and the trailer. */
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!drawn) return false;  /* reported while drawing */
    return cairo_ok(job->ctx, job->path, status, &sink);
}

bool bs_render_pdf(bs_ctx *ctx, const bs_dlist *dl, const char *path)
{
    if (!page_size_ok(ctx, dl, path)) return false;
    pdf_job job = {ctx, dl, path};
    return bs_write_atomic(ctx, path, write_pdf, &job);
}

/* ------------------------------------------------------------------- PNG */

typedef struct png_job {
    bs_ctx *ctx;
    const char *path;
    cairo_surface_t *surface;
} png_job;

static bool write_png(void *user, FILE *out)
{
    const png_job *job = user;
    file_sink sink = {out, 0};
    cairo_status_t status = cairo_surface_write_to_png_stream(job->surface, write_to_file, &sink);
    return cairo_ok(job->ctx, job->path, status, &sink);
}

/* cairo's image surfaces hold at most 32767 pixels a side. */
static bool preview_pixels(bs_ctx *ctx, const char *path, double pt, double dpi, int *px)
{
    double n = round(pt / 72.0 * dpi);
    if (n >= 1 && n <= 32767) {
        *px = (int)n;
        return true;
    }
    return bs_fail(ctx, bs_loc_file(path), "a preview at %g dpi would be %.0f pixels wide or high; "
                   "it must be 1 to 32767", dpi, n);
}

/* Draws the page onto white paper; the caller destroys the surface. */
static cairo_surface_t *draw_preview(bs_ctx *ctx, const bs_dlist *dl, const char *path, double dpi,
                                     int w, int h)
{
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    bool ok = bs_render_to_cairo(ctx, cr, dl);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (ok) ok = cairo_ok(ctx, path, status, NULL);
    if (ok) ok = cairo_ok(ctx, path, cairo_surface_status(surface), NULL);
    if (ok) return surface;
    cairo_surface_destroy(surface);
    return NULL;
}

bool bs_render_png(bs_ctx *ctx, const bs_dlist *dl, const char *path, double dpi)
{
    if (!page_size_ok(ctx, dl, path)) return false;
    int w = 0, h = 0;
    if (!(isfinite(dpi) && dpi > 0))
        return bs_fail(ctx, bs_loc_file(path), "cannot draw a preview at %g dpi", dpi);
    if (!preview_pixels(ctx, path, dl->width, dpi, &w) || !preview_pixels(ctx, path, dl->height, dpi, &h))
        return false;
    cairo_surface_t *surface = draw_preview(ctx, dl, path, dpi, w, h);
    if (!surface) return false;
    png_job job = {ctx, path, surface};
    bool ok = bs_write_atomic(ctx, path, write_png, &job);
    cairo_surface_destroy(surface);
    return ok;
}

/* ----------------------------------------------------------------- print */

/* cairo writes the print PDF into memory: the finish room takes it from
 * there. */
static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    bs_buf_add(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

#define MARK_GAP_MM 1.0        /* between the bleed and a mark */
#define MARK_LENGTH_MM 5.0
#define MARK_WEIGHT_PT 0.25
#define TARGET_RADIUS_MM 2.0

/* Crop marks at the trim's corners and registration targets at the middle
 * of its sides, all outside the bleed, in Registration (every plate). */
static void draw_marks(cairo_t *cr, const bs_dlist *dl, double margin, bs_palette *palette)
{
    double rgb[3];
    bs_palette_rgb(bs_palette_add(palette, BS_CMYK_REGISTRATION), rgb);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(cr, MARK_WEIGHT_PT);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    double gap = dl->bleed + MARK_GAP_MM * BS_PT_PER_MM;
    double len = MARK_LENGTH_MM * BS_PT_PER_MM;
    if (gap + len > margin) len = margin - gap;
    if (len <= 0) return;
    double x[2] = {margin, margin + dl->width}, y[2] = {margin, margin + dl->height};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double sx = i ? 1 : -1, sy = j ? 1 : -1;
            cairo_move_to(cr, x[i] + sx * gap, y[j]);   /* horizontal, on the trim line */
            cairo_line_to(cr, x[i] + sx * (gap + len), y[j]);
            cairo_move_to(cr, x[i], y[j] + sy * gap);   /* vertical */
            cairo_line_to(cr, x[i], y[j] + sy * (gap + len));
        }
    cairo_stroke(cr);
    double r = TARGET_RADIUS_MM * BS_PT_PER_MM;
    if (gap + 2 * r > margin) return;
    double cx[4] = {margin + dl->width / 2, margin + dl->width / 2, margin - gap - r, margin + dl->width + gap + r};
    double cy[4] = {margin - gap - r, margin + dl->height + gap + r, margin + dl->height / 2, margin + dl->height / 2};
    for (int k = 0; k < 4; k++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, cx[k], cy[k], r * 0.6, 0, 2 * M_PI);
        cairo_move_to(cr, cx[k] - r, cy[k]);
        cairo_line_to(cr, cx[k] + r, cy[k]);
        cairo_move_to(cr, cx[k], cy[k] - r);
        cairo_line_to(cr, cx[k], cy[k] + r);
    }
    cairo_stroke(cr);
}

static void print_geometry(const bs_dlist *dl, double margin, bs_print_geometry *g)
{
    g->page_w = dl->width + 2 * margin;
    g->page_h = dl->height + 2 * margin;
    /* PDF user space has its origin at the bottom left */
    g->trim = (bs_rect){margin, margin, dl->width, dl->height};
    double b = margin > 0 ? dl->bleed : 0;
    if (b > margin) b = margin;
    g->bleed = (bs_rect){margin - b, margin - b, dl->width + 2 * b, dl->height + 2 * b};
}

bool bs_render_print_pdf(bs_ctx *ctx, const bs_dlist *dl, const bs_print_opts *opts, bs_palette *palette,
                         bs_buf *out, bs_print_geometry *geometry)
{
    if (!page_size_ok(ctx, dl, "print PDF")) return false;
    print_geometry(dl, opts->margin, geometry);
    bs_buf_add(out, "", 0);
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(write_to_buf, out, geometry->page_w, geometry->page_h);
    set_info(surface, dl);
    cairo_t *cr = cairo_create(surface);
    cairo_save(cr);
    cairo_translate(cr, opts->margin, opts->margin);
    bs_draw_opts draw = {palette, opts->separation_profile, opts->margin > 0};
    bool drawn = bs_render_draw(ctx, cr, dl, &draw);
    cairo_restore(cr);
    if (opts->marks && opts->margin > 0) draw_marks(cr, dl, opts->margin, palette);
    cairo_show_page(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!drawn) return false;
    return cairo_ok(ctx, "print PDF", status, NULL);
}
