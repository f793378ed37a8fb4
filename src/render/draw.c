/* draw.c - the one drawing path: a display list onto a cairo context. */
#include "bs_render.h"
#include "render_faces.h"
#include "render_images.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

typedef struct drawing {
    bs_ctx *ctx;
    cairo_t *cr;
    bool vector;                 /* the target embeds JPEG bytes (PDF, PS, SVG) */
    bs_render_images *images;
    bs_render_faces *faces;      /* vector targets: the faces cut to the page's glyphs */
    const bs_draw_opts *opts;
    bool ok;                     /* false once an error was reported */
} drawing;

static const char *kind_name(bs_dl_kind kind)
{
    switch (kind) {
    case BS_DL_TEXT: return "text";
    case BS_DL_RECT: return "rect";
    case BS_DL_LINE: return "line";
    case BS_DL_RECTS: return "rects";
    case BS_DL_IMAGE: return "image";
    }
    return "unknown";
}

static bool item_failed(bs_ctx *ctx, size_t index, const bs_dl_item *item, const char *why)
{
    return bs_fail(ctx, (bs_loc){0}, "display item %zu (%s, %s): %s", index, kind_name(item->kind),
                   item->origin.role ? item->origin.role : "no role", why);
}

/* For print, a colour is drawn as its palette stand-in (the finish room
 * turns it back into exact CMYK); for screens, as its RGB look. */
static void set_colour(const drawing *d, bs_cmyk colour)
{
    double rgb[3];
    if (d->opts->palette) bs_palette_rgb(bs_palette_add(d->opts->palette, colour), rgb);
    else bs_render_cmyk_to_rgb(colour, rgb);
    cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
}

/* ------------------------------------------------------------------ text */

/* The clusters must cover the text and the glyphs exactly; cairo checks
 * too, but its error would not say which item is wrong. */
static bool clusters_match(const bs_dl_text *t)
{
    size_t bytes = 0, glyphs = 0;
    for (size_t i = 0; i < t->nclusters; i++) {
        if (t->clusters[i].bytes < 0 || t->clusters[i].glyphs < 0) return false;
        bytes += (size_t)t->clusters[i].bytes;
        glyphs += (size_t)t->clusters[i].glyphs;
    }
    return t->nclusters == 0 || (bytes == t->len && glyphs == t->nglyphs);
}

/* Pango's empty glyph has no outline (cairo would fail on its id); a glyph
 * the font lacks is drawn as .notdef, a visible box for the proofreader.
 * `map` takes the id into a cut face (NULL: the font's own ids). */
static bool copy_glyph(const bs_dl_glyph *in, const hb_map_t *map, cairo_glyph_t *out, size_t *n)
{
    if (in->id == PANGO_GLYPH_EMPTY) return false;
    unsigned long index = (in->id & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : in->id;
    if (map && index != 0) {
        hb_codepoint_t cut = hb_map_get(map, (hb_codepoint_t)index);
        index = cut == HB_MAP_VALUE_INVALID ? 0 : cut;
    }
    out[(*n)++] = (cairo_glyph_t){index, in->x, in->y};
    return true;
}

/* Copies glyphs and clusters for cairo, leaving out empty glyphs: their
 * cluster keeps its text and loses the glyph. Returns the glyph count. */
static size_t cairo_glyphs(const bs_dl_text *t, const hb_map_t *map, cairo_glyph_t *glyphs,
                           cairo_text_cluster_t *clusters, size_t *nclusters)
{
    size_t in = 0, out = 0, nc = 0;
    for (size_t c = 0; c < t->nclusters; c++) {
        int kept = 0;
        for (int k = 0; k < t->clusters[c].glyphs; k++) kept += copy_glyph(&t->glyphs[in++], map, glyphs, &out);
        if (t->clusters[c].bytes > 0 || kept > 0)
            clusters[nc++] = (cairo_text_cluster_t){t->clusters[c].bytes, kept};
    }
    for (; in < t->nglyphs; in++) copy_glyph(&t->glyphs[in], map, glyphs, &out);  /* no clusters */
    *nclusters = nc;
    return out;
}

static void draw_text(drawing *d, size_t index, const bs_dl_item *item)
{
    const bs_dl_text *t = &item->u.text;
    if (t->nglyphs == 0) return;
    if (!t->font) {
        d->ok = item_failed(d->ctx, index, item, "text without a font");
        return;
    }
    if (!clusters_match(t)) {
        d->ok = item_failed(d->ctx, index, item, "its clusters do not cover its text and glyphs");
        return;
    }
    const hb_map_t *map = NULL;
    cairo_scaled_font_t *font = bs_render_faces_font(d->faces, t->font, &map);
    if (!font) {
        d->ok = item_failed(d->ctx, index, item, "its font has no cairo font");
        return;
    }
    cairo_glyph_t *glyphs = bs_xmalloc(t->nglyphs * sizeof *glyphs);
    cairo_text_cluster_t *clusters = bs_xmalloc((t->nclusters + 1) * sizeof *clusters);
    size_t nclusters = 0;
    size_t nglyphs = cairo_glyphs(t, map, glyphs, clusters, &nclusters);

    cairo_set_scaled_font(d->cr, font);
    set_colour(d, t->color);
    if (nclusters > 0)
        cairo_show_text_glyphs(d->cr, t->text, (int)t->len, glyphs, (int)nglyphs, clusters,
                               (int)nclusters, 0);
    else
        cairo_show_glyphs(d->cr, glyphs, (int)nglyphs);
    free(clusters);
    free(glyphs);
}

/* ---------------------------------------------------------------- shapes */

static void draw_rect(const drawing *d, const bs_dl_rect *r)
{
    cairo_t *cr = d->cr;
    cairo_rectangle(cr, r->r.x, r->r.y, r->r.w, r->r.h);
    if (r->fill) {
        set_colour(d, r->fill_color);
        cairo_fill_preserve(cr);
    }
    if (r->stroke > 0) {
        set_colour(d, r->stroke_color);
        cairo_set_line_width(cr, r->stroke);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

static void draw_line(const drawing *d, const bs_dl_line *l)
{
    cairo_t *cr = d->cr;
    if (!(l->weight > 0)) return;
    cairo_move_to(cr, l->x0, l->y0);
    cairo_line_to(cr, l->x1, l->y1);
    set_colour(d, l->color);
    cairo_set_line_width(cr, l->weight);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
}

/* One path, one fill: adjacent QR modules merge without hairline seams. */
static void draw_rects(const drawing *d, const bs_dl_rects *r)
{
    cairo_t *cr = d->cr;
    if (r->nrects == 0) return;
    for (size_t i = 0; i < r->nrects; i++)
        cairo_rectangle(cr, r->rects[i].x, r->rects[i].y, r->rects[i].w, r->rects[i].h);
    set_colour(d, r->color);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
}

/* ---------------------------------------------------------------- images */

static int device_pixels(cairo_t *cr, double dx, double dy)
{
    cairo_user_to_device_distance(cr, &dx, &dy);
    double px = ceil(hypot(dx, dy));
    return px < 1 ? 1 : px > 65535 ? 65535 : (int)px;
}

/* On screens an SVG is drawn by librsvg as it is, vectors in a PDF. What it
 * leaves transparent shows white paper, as a PNG's alpha and the print's
 * pixels of it do. */
static void draw_svg(drawing *d, const bs_dl_image *img)
{
    RsvgHandle *svg = bs_render_svg(d->images, d->ctx, img);
    if (!svg) {
        d->ok = false;
        return;
    }
    cairo_t *cr = d->cr;
    cairo_rectangle(cr, img->clip.x, img->clip.y, img->clip.w, img->clip.h);
    cairo_clip(cr);
    cairo_rectangle(cr, img->r.x, img->r.y, img->r.w, img->r.h);
    cairo_clip_preserve(cr);
    set_colour(d, BS_CMYK_WHITE);
    cairo_fill(cr);
    if (!bs_svg_draw(d->ctx, img->path, svg, cr, img->r)) d->ok = false;
}

static void draw_image(drawing *d, const bs_dl_image *img)
{
    cairo_t *cr = d->cr;
    if (!(img->r.w > 0 && img->r.h > 0 && img->clip.w > 0 && img->clip.h > 0)) return;
    bool print = d->opts->palette != NULL;
    if (img->type == BS_IMAGE_SVG && !print) {
        draw_svg(d, img);
        return;
    }
    int need_w = device_pixels(cr, img->r.w, 0), need_h = device_pixels(cr, 0, img->r.h);
    /* print takes every colour as CMYK: an SVG goes as pixels fine enough
     * for line art, separated as a PNG is */
    if (img->type == BS_IMAGE_SVG) bs_svg_print_pixels(img->r.w, img->r.h, &need_w, &need_h);
    cairo_surface_t *picture = bs_render_image(d->images, d->ctx, img, need_w, need_h);
    if (!picture) {
        d->ok = false;
        return;
    }
    cairo_rectangle(cr, img->clip.x, img->clip.y, img->clip.w, img->clip.h);
    cairo_clip(cr);
    if (!d->vector) {
        /* Padding keeps the picture's edges sharp when it is resampled;
         * the clip to its own rectangle stops the padding there. */
        cairo_rectangle(cr, img->r.x, img->r.y, img->r.w, img->r.h);
        cairo_clip(cr);
    }
    cairo_translate(cr, img->r.x, img->r.y);
    cairo_scale(cr, img->r.w / cairo_image_surface_get_width(picture),
                img->r.h / cairo_image_surface_get_height(picture));
    cairo_set_source_surface(cr, picture, 0, 0);
    cairo_pattern_t *pattern = cairo_get_source(cr);
    if (d->vector) {
        /* The RIP resamples for the plate; PDF/X wants /Interpolate false,
         * which is what cairo writes for the fast filter. Padding would
         * make cairo decode a JPEG to pad it, so it stays off. */
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_FAST);
    } else {
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD);
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_GOOD);
    }
    cairo_paint(cr);
}

/* ------------------------------------------------------------------ list */

static bool item_drawn(const bs_dl_item *item, const void *user)
{
    const bs_draw_opts *opts = user;
    /* the slug line lies outside the trim: only the print page has room */
    bool slug = item->origin.role && strcmp(item->origin.role, "slug") == 0;
    if (slug && !opts->slug) return false;
    /* Proof marks are for the editor's eyes: whatever is drawn in palette
     * stand-ins goes to plates, so they never are. */
    bool proof = item->origin.role && strcmp(item->origin.role, "proof") == 0;
    return !(proof && opts->palette);
}

static void draw_item(drawing *d, size_t index, const bs_dl_item *item)
{
    if (!item_drawn(item, d->opts)) return;
    switch (item->kind) {
    case BS_DL_TEXT: draw_text(d, index, item); return;
    case BS_DL_RECT: draw_rect(d, &item->u.rect); return;
    case BS_DL_LINE: draw_line(d, &item->u.line); return;
    case BS_DL_RECTS: draw_rects(d, &item->u.rects); return;
    case BS_DL_IMAGE: draw_image(d, &item->u.image); return;
    }
    d->ok = item_failed(d->ctx, index, item, "unknown kind of item");
}

static bool embeds_jpeg(cairo_surface_t *target)
{
    switch (cairo_surface_get_type(target)) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
        return true;
    default:
        return false;
    }
}

static const cairo_user_data_key_t images_key;

static void free_images(void *images) { bs_render_images_free(images); }

/* The pictures live as long as the target surface: a PDF surface draws a
 * page only when it is shown, and an image surface released before then
 * would be copied, pixels and all, to keep the page's snapshot of it. */
static bs_render_images *target_images(cairo_surface_t *target, bool vector, const char *separation_profile)
{
    bs_render_images *images = cairo_surface_get_user_data(target, &images_key);
    if (images) return images;
    images = bs_render_images_new(vector);
    if (separation_profile) bs_render_images_set_separation(images, separation_profile);
    if (cairo_surface_set_user_data(target, &images_key, images, free_images) != CAIRO_STATUS_SUCCESS) {
        bs_render_images_free(images);
        return NULL;
    }
    return images;
}

bool bs_render_to_cairo(bs_ctx *ctx, cairo_t *cr, const bs_dlist *dl)
{
    static const bs_draw_opts screen = {0};
    return bs_render_draw(ctx, cr, dl, &screen);
}

bool bs_render_draw(bs_ctx *ctx, cairo_t *cr, const bs_dlist *dl, const bs_draw_opts *opts)
{
    cairo_surface_t *target = cairo_get_target(cr);
    drawing d = {ctx, cr, embeds_jpeg(target), NULL, NULL, opts, true};
    cairo_status_t status = cairo_status(cr);
    if (status == CAIRO_STATUS_SUCCESS) d.images = target_images(target, d.vector, opts->separation_profile);
    if (!d.images) {
        if (status == CAIRO_STATUS_SUCCESS) status = CAIRO_STATUS_NO_MEMORY;
        return bs_fail(ctx, (bs_loc){0}, "cannot draw: cairo: %s", cairo_status_to_string(status));
    }
    /* A target that embeds fonts gets them cut to the page's glyphs; the
     * raster previews draw from Pango's fonts, which read only the glyphs
     * they draw anyway. */
    if (d.vector) d.faces = bs_render_faces_new(dl, item_drawn, opts);
    bool ok = true;
    for (size_t i = 0; ok && i < dl->nitems; i++) {
        cairo_save(cr);
        draw_item(&d, i, &dl->items[i]);
        cairo_restore(cr);
        status = cairo_status(cr);
        if (status != CAIRO_STATUS_SUCCESS) ok = item_failed(ctx, i, &dl->items[i], cairo_status_to_string(status));
    }
    bs_render_faces_free(d.faces);
    return ok && d.ok;
}
