/* svg.c - SVG pictures, drawn by librsvg: as vectors on screens, and as
 * opaque pixels for print, where they are separated like a PNG. */
#include "render_images.h"

#include <librsvg/rsvg.h>
#include <string.h>

/* librsvg's message, its first line only (libxml2's end in a newline). */
static bool svg_failed(bs_ctx *ctx, const char *path, const char *what, GError *error)
{
    bs_fail(ctx, bs_loc_file(path), "%s: %.*s", what, (int)strcspn(error->message, "\n"), error->message);
    g_error_free(error);
    return false;
}

RsvgHandle *bs_svg_open(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len)
{
    GError *error = NULL;
    /* from its bytes, without a base file: it cannot reach other files */
    RsvgHandle *svg = rsvg_handle_new_from_data(data, len, &error);
    if (!svg) {
        svg_failed(ctx, path, "cannot read the SVG", error);
        return NULL;
    }
    rsvg_handle_set_dpi(svg, 96.0);   /* CSS px, as the probe measured it */
    return svg;
}

bool bs_svg_draw(bs_ctx *ctx, const char *path, RsvgHandle *svg, cairo_t *cr, bs_rect r)
{
    RsvgRectangle viewport = {r.x, r.y, r.w, r.h};
    GError *error = NULL;
    if (!rsvg_handle_render_document(svg, cr, &viewport, &error))
        return svg_failed(ctx, path, "cannot draw the SVG", error);
    return true;
}

cairo_surface_t *bs_svg_rasterise(bs_ctx *ctx, const char *path, RsvgHandle *svg, int w, int h)
{
    cairo_surface_t *raster = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_status_t status = cairo_surface_status(raster);
    if (status != CAIRO_STATUS_SUCCESS) {
        bs_fail(ctx, bs_loc_file(path), "cannot hold the SVG drawn for print (%d × %d pixels): %s", w, h,
                cairo_status_to_string(status));
        cairo_surface_destroy(raster);
        return NULL;
    }
    cairo_t *cr = cairo_create(raster);
    /* white paper under it: no alpha may reach the plate */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    bool ok = bs_svg_draw(ctx, path, svg, cr, (bs_rect){0, 0, w, h});
    cairo_destroy(cr);
    cairo_surface_flush(raster);
    if (ok) return raster;
    cairo_surface_destroy(raster);
    return NULL;
}

void bs_svg_raster_variant(int w, int h, char *out, size_t size)
{
    snprintf(out, size, "SVG drawn %d x %d on white by librsvg %u.%u.%u, cairo %s", w, h, rsvg_major_version,
             rsvg_minor_version, rsvg_micro_version, cairo_version_string());
}
