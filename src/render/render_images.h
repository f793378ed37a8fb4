/*
 * render_images.h - inside the render room (not a public header): the
 * pictures one drawing pass needs, each read once.
 */
#ifndef BS_RENDER_IMAGES_H
#define BS_RENDER_IMAGES_H

#include "bs_display.h"

#include <cairo.h>

typedef struct bs_render_images bs_render_images;

/* passthrough: give JPEGs as undecoded surfaces carrying their bytes
 * (for PDF); otherwise decode them. */
bs_render_images *bs_render_images_new(bool passthrough);
void bs_render_images_free(bs_render_images *images);

/* Separate the pictures of passthrough mode to CMYK through the printing
 * condition's profile (see bs_separate_picture); NULL, the default, passes
 * them through as they are. The path is copied. Ignored when decoding.
 * Set it before the first picture is asked for: those already read are
 * kept as they are. */
void bs_render_images_set_separation(bs_render_images *images, const char *profile_path);

/* The picture of an image item, to be drawn scaled to need_w × need_h
 * device pixels (ignored in passthrough mode, but for an SVG: it is drawn
 * as that many pixels, on white paper, and in passthrough mode with a
 * separation profile separated like a PNG). Borrowed: it lives as long as
 * `images`. NULL after reporting "path: error: …". */
cairo_surface_t *bs_render_image(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image,
                                 int need_w, int need_h);

typedef struct _RsvgHandle RsvgHandle;

/* The SVG of an image item, read once, for drawing as vectors. Borrowed:
 * it lives as long as `images`. NULL after reporting "path: error: …". */
RsvgHandle *bs_render_svg(bs_render_images *images, bs_ctx *ctx, const bs_dl_image *image);

/* SVG pictures (svg.c). An SVG is read from its bytes alone: files it
 * links to are not read. bs_svg_open parses it (NULL after reporting; the
 * caller releases it with g_object_unref). */
RsvgHandle *bs_svg_open(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len);

/* Draw it on cr fitted into r (its aspect kept, centred, as librsvg fits a
 * document to a viewport). Reports and returns false on failure. */
bool bs_svg_draw(bs_ctx *ctx, const char *path, RsvgHandle *svg, cairo_t *cr, bs_rect r);

/* It drawn onto white paper as w × h opaque RGB pixels (RGB24), or NULL
 * after reporting. */
cairo_surface_t *bs_svg_rasterise(bs_ctx *ctx, const char *path, RsvgHandle *svg, int w, int h);

/* What such pixels depend on besides the SVG's bytes (their size, and the
 * versions of librsvg and cairo), for naming them by content. */
void bs_svg_raster_variant(int w, int h, char *out, size_t size);

/* Decode a JPEG held in memory into an RGB24 surface at the smallest DCT
 * scale (n/8) that still gives at least need_w × need_h pixels, or at full
 * size. `path` is for messages. NULL after reporting why. */
cairo_surface_t *bs_render_jpeg_decode(bs_ctx *ctx, const char *path, const unsigned char *data,
                                       size_t len, int need_w, int need_h);

/* Separate a picture (RGB or grey JPEG, or PNG) to CMYK through the
 * printing condition's profile with lcms2: perceptual intent, black
 * point compensation; the source is the JPEG's embedded ICC profile (APP2)
 * when it has one, else sRGB. The result is a CMYK JPEG (quality 92, Adobe
 * marker, inverted as Photoshop writes it) in `out`. A CMYK JPEG is
 * returned unchanged; a grey JPEG too (DeviceGray prints on the K plate).
 * A PNG is taken as sRGB, any alpha flattened onto white paper.
 * Reports "path: error: …" and returns false on failure.
 * The bytes are appended to `out` only on success; *components is the
 * result's number of components (4, or 1 for grey). */
bool bs_separate_picture(bs_ctx *ctx, const char *path, const unsigned char *data, size_t len,
                         const char *profile_path, bs_buf *out, int *components);

/* The hex SHA-256 (64 digits and a NUL) of what went into `sum` (nettle),
 * the digest naming pictures by content: cache entries and PDF images. */
struct sha256_ctx;
void bs_render_sha256_hex(struct sha256_ctx *sum, char hex[65]);

/* Separate opaque RGB pixels (an RGB24 image surface, taken as sRGB) as
 * bs_separate_picture separates a PNG's: a CMYK JPEG appended to `out`.
 * `path` is for messages. Reports and returns false on failure. */
bool bs_separate_pixels(bs_ctx *ctx, const char *path, cairo_surface_t *rgb24, const char *profile_path,
                        bs_buf *out);

/* The cache of separated pictures (picture_cache.c). The file an entry for
 * this picture and profile lives in (malloc'd), or NULL when there is no
 * cache: BROADSHEET_CACHE=off, or no home, or the profile unreadable.
 * `variant` names whatever else the separation depends on (an SVG's raster
 * size and rasteriser), NULL for none. The cache is $BROADSHEET_CACHE,
 * else $XDG_CACHE_HOME/broadsheet, else ~/.cache/broadsheet. */
char *bs_picture_cache_file(const char *profile_path, const char *variant, const unsigned char *picture,
                            size_t len);
/* The entry's bytes appended to out; false if there is no whole entry. */
bool bs_picture_cache_read(const char *file, bs_buf *out);
/* Keep an entry (written whole or not at all; failures are silent). */
void bs_picture_cache_write(const char *file, const bs_buf *picture);

#endif /* BS_RENDER_IMAGES_H */
