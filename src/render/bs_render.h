/*
 * bs_render.h - the render room: draws a display list with cairo, as the
 * one-page PDF that goes to press or as a PNG preview.
 *
 * Contract
 * - One drawing path, bs_render_to_cairo, serves every output; the PDF and
 *   the PNG differ only in the surface they draw on.
 * - Items are drawn in list order, so the PDF's content stream holds the
 *   text in the order the page composer added it (the reading order).
 * - Text is drawn with the font's own cairo scaled font and
 *   cairo_show_text_glyphs, so that PDF readers extract the item's text
 *   through its clusters (one glyph may stand for several characters, as
 *   Noto CJK's single 2-em glyph for "——"); an item without clusters is
 *   drawn without its text. Glyph positions are used as given; the item's
 *   `size` is informational (the font carries its size). Pango's empty
 *   glyphs are left out; a glyph the font lacks is drawn as .notdef, a
 *   visible box, rather than dropped. In the PDF, CJK faces are embedded
 *   as CID-keyed CFF subsets: each face is first cut by HarfBuzz to the
 *   glyphs the page draws (outlines, hints, metrics and names as in the
 *   file), so that cairo subsets a small face instead of reading the whole
 *   of a 17 MB CFF table; the PNG preview draws from Pango's own fonts.
 * - A rectangle is filled, then stroked centred on its edge (mitred
 *   corners). A rule has butt caps. A BS_DL_RECTS item is one path of all
 *   its rectangles and one fill (non-zero winding), so QR modules stay
 *   vector squares without seams.
 * - An image is clipped to `clip` and the whole picture is scaled into `r`.
 *   On PDF (and PS, SVG) surfaces a JPEG's own bytes are embedded,
 *   undecoded, once per distinct file content; on raster surfaces it is
 *   decoded with libjpeg's DCT scaling to no more pixels than the placed
 *   size needs. Grey, RGB and CMYK JPEGs are read (CMYK as Adobe writes it,
 *   inverted, when the file has an Adobe marker). A PNG is read by cairo;
 *   any alpha it has is flattened onto white paper.
 * - An SVG is read by librsvg from its bytes alone (files it links to are
 *   not read) and fitted into `r` as librsvg fits a document to a viewport
 *   (its aspect kept, centred), on white paper: what it leaves transparent
 *   shows white, as a PNG's alpha does. On screens (PDF and PNG) it is
 *   drawn as vectors. A drawing for print (one with a palette) draws it as
 *   pixels instead, bs_svg_print_pixels of its placed size (600 ppi, less
 *   within the picture limits), which are separated as a PNG's are and
 *   kept in the cache of separations under the SVG's bytes and that size.
 * - Items of role "proof" (the proof marks: baseline grid, frames, overset)
 *   are drawn on screens and previews only: a drawing for print (one with a
 *   palette, bs_render_print_pdf) leaves them out, whatever the list holds.
 * - Colours: the display list keeps CMYK; for now they are drawn as RGB
 *   through bs_render_cmyk_to_rgb (the only place colours are converted).
 * - Nothing is drawn with alpha: the PDF has no soft masks and no alpha
 *   below 1; the PNG is opaque RGB on white. The one exception is an SVG's
 *   own transparency (opacity, masks) on screens, which librsvg draws as
 *   it is; for print it is flattened into the SVG's pixels.
 * - The same display list gives the same bytes, PDF and PNG alike.
 * - Errors are reported through the context ("path: error: …") and make
 *   the call return false; an unreadable image is reported and the other
 *   items are still drawn, so that every missing picture is named at once.
 *   Output files are written with bs_write_atomic: a failed call leaves an
 *   existing file untouched.
 *
 * What cairo 1.16 writes that the PDF finishing step has to mend
 * - An Adobe CMYK JPEG is embedded without /Decode [1 0 1 0 1 0 1 0], so
 *   every PDF reader shows it inverted (cairo's fix was reverted upstream).
 *   The finishing step must add that Decode array to DCT images with four
 *   components whose bytes carry an Adobe APP14 marker.
 * - The page has a /Group << /S /Transparency >> and the content uses an
 *   ExtGState << /CA 1 /ca 1 >>: nothing is transparent, but PDF/X-1a
 *   checkers object to the group.
 * - Dates are written as (20240102030405Z), without the "D:" prefix.
 * - An image surface that a PDF page used is copied, pixels and all, when
 *   it is destroyed; for a JPEG passed through that is a transient copy of
 *   its (never decoded, zero) pixels: width × height × 4 bytes.
 */
#ifndef BS_RENDER_H
#define BS_RENDER_H

#include "bs_display.h"

typedef struct _cairo cairo_t;

/* Draw the display list as a one-page PDF of the trim size (dl->width ×
 * dl->height pt), with the Info dictionary's Title from dl->title, Creator
 * "broadsheet <version>", and CreationDate and ModDate from dl->date. */
bool bs_render_pdf(bs_ctx *ctx, const bs_dlist *dl, const char *path);

/* Draw it as a PNG preview at `dpi`: dl->width / 72 × dpi by dl->height /
 * 72 × dpi pixels (rounded), white paper, no alpha channel. */
bool bs_render_png(bs_ctx *ctx, const bs_dlist *dl, const char *path, double dpi);

/* Draw the display list onto `cr` in its current user space, taken as
 * points from the trim's top-left corner, y down. How images are supplied
 * depends on cr's target surface (JPEG bytes for PDF/PS/SVG, decoded
 * pixels otherwise). Pictures are read once per target surface and kept
 * with it (as cairo user data) until it is destroyed: a PDF surface draws
 * a page only when the page is shown. cr's state is left as it was found;
 * on a cairo error cr stays in that error state. */
bool bs_render_to_cairo(bs_ctx *ctx, cairo_t *cr, const bs_dlist *dl);

/* How a drawing pass differs for print. */
typedef struct bs_draw_opts {
    bs_palette *palette;             /* print: colours drawn as this palette's stand-ins, no proof marks */
    const char *separation_profile;  /* print: RGB pictures separated to CMYK through it */
    bool slug;                       /* draw the slug line (role "slug", outside the trim) */
} bs_draw_opts;

/* bs_render_to_cairo with options (it draws for screens: RGB, no slug). */
bool bs_render_draw(bs_ctx *ctx, cairo_t *cr, const bs_dlist *dl, const bs_draw_opts *opts);

/* The page for the printing plant, as PDF bytes for the finish room: the
 * trim drawn `margin` pt inside the page on every side, colours as palette
 * stand-ins (`palette` receives them), RGB pictures separated, and, when
 * `marks`, crop and registration marks in Registration outside the bleed.
 * geometry receives the trim and bleed boxes in PDF user space. */
typedef struct bs_print_opts {
    double margin;                   /* pt of paper around the trim; 0: the trim only */
    bool marks;
    const char *separation_profile;
} bs_print_opts;

typedef struct bs_print_geometry {
    double page_w, page_h;           /* the MediaBox */
    bs_rect trim, bleed;             /* PDF user space: origin bottom left */
} bs_print_geometry;

bool bs_render_print_pdf(bs_ctx *ctx, const bs_dlist *dl, const bs_print_opts *opts, bs_palette *palette,
                         bs_buf *out, bs_print_geometry *geometry);

/* The device colour a CMYK colour (percent) is drawn in, each channel
 * 0..1: r = (1-c)(1-k), g = (1-m)(1-k), b = (1-y)(1-k); out-of-range
 * percentages are clamped. K100 gives exactly 0, 0, 0. */
void bs_render_cmyk_to_rgb(bs_cmyk cmyk, double rgb[3]);

#endif /* BS_RENDER_H */
