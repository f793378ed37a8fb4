/*
 * render_faces.h - inside the render room (not a public header): the faces
 * a PDF embeds, cut down to the glyphs the page draws before cairo sees
 * them.
 *
 * cairo 1.16 reads a face's whole CFF table to subset it, and once more to
 * learn whether it is CID-keyed, and a 46 KB cmap table for every glyph it
 * embeds: for the sample's three Noto CJK faces (CFF tables of 15 to 23 MB,
 * 65,535 charstrings each) and its AR PL face that was 65 ms and 65 MiB of
 * a cold render, for the thousand glyphs a page uses. HarfBuzz's subsetter
 * reads only those glyphs from the mapped file, so cairo gets a face of a
 * few hundred kilobytes holding the same outlines, hints, metrics and
 * names, and embeds it as it would have embedded the whole: the PDF's
 * pages render pixel for pixel alike and its text maps are the same.
 */
#ifndef BS_RENDER_FACES_H
#define BS_RENDER_FACES_H

#include "bs_display.h"

#include <cairo.h>
#include <harfbuzz/hb.h>

typedef struct bs_render_faces bs_render_faces;

/* Whether a drawing pass draws an item (the print page leaves out proof
 * marks, the screen the slug). */
typedef bool (*bs_render_drawn_fn)(const bs_dl_item *item, const void *user);

/* The faces of the display list's text, each cut down to the glyphs of
 * the items `drawn` says are drawn (a glyph more would change the PDF's
 * bytes). A face that cannot be cut (not an sfnt, a synthetic bold or
 * slant, a subsetter failure) is drawn through Pango's own cairo font, as
 * it is. */
bs_render_faces *bs_render_faces_new(const bs_dlist *dl, bs_render_drawn_fn drawn, const void *user);

/* Releases the faces; cairo keeps what a surface still needs. */
void bs_render_faces_free(bs_render_faces *faces);

/* The cairo font to draw a run set in `font` with, and in *map the glyph
 * ids of `font` to that font's ids (NULL: the same ids). Borrowed: valid
 * until bs_render_faces_free. */
cairo_scaled_font_t *bs_render_faces_font(bs_render_faces *faces, PangoFont *font, const hb_map_t **map);

/* cmap.c: the cmap of a cut face. cairo takes the text of a glyph it
 * meets without one character of its own (a ligature, a glyph of a
 * cluster of several, a glyph drawn without text) from the embedded face's
 * cmap, read backwards; `asked` are those glyphs (ids of `whole`). The
 * result maps each from the code point cairo would read back for it from
 * the whole face, and nothing else: a cmap table for the subsetter, an
 * empty blob when no glyph is asked about, or NULL when two glyphs would
 * read back to one character (then the whole cmap must go with the face). */
hb_blob_t *bs_render_cut_cmap(hb_face_t *whole, PangoFont *font, const hb_set_t *asked);

#endif /* BS_RENDER_FACES_H */
