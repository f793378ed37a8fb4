/* faces.c - the faces a PDF embeds, subset by HarfBuzz to the page's
 * glyphs and handed to cairo through FreeType (render_faces.h says why). */
#include "render_faces.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <harfbuzz/hb-ot.h>
#include <harfbuzz/hb-subset.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

/* One face of a font file, as Pango opened it for shaping. */
typedef struct face_entry {
    hb_face_t *source;
    PangoFont *font;             /* one of its sizes */
    hb_set_t *glyphs;            /* the glyphs drawn in it */
    hb_set_t *asked;             /* those cairo will read the cmap for (cmap.c) */
    hb_subset_plan_t *plan;      /* NULL: not cut (draw through Pango) */
    cairo_font_face_t *cut;
} face_entry;

/* One size (or other variation) of a face, as the display list uses it. */
typedef struct font_entry {
    PangoFont *font;
    int face;                    /* index in faces, -1: not cut */
    cairo_scaled_font_t *scaled;
} font_entry;

struct bs_render_faces {
    face_entry *faces;
    size_t nfaces, faces_cap;
    font_entry *fonts;
    size_t nfonts, fonts_cap;
};

/* What a cut face's FreeType face lives on, released when cairo is done
 * with the face (which may be after bs_render_faces_free: cairo keeps
 * fonts while a surface or its caches use them). */
typedef struct cut_holder {
    FT_Library library;          /* its own, so that it can go whenever cairo lets go */
    FT_Face face;
    hb_blob_t *bytes;
} cut_holder;

static const cairo_user_data_key_t holder_key;

static void holder_free(void *data)
{
    cut_holder *h = data;
    FT_Done_Face(h->face);
    hb_blob_destroy(h->bytes);
    FT_Done_FreeType(h->library);
    free(h);
}

/* Faces that Pango does not draw as the file has them are left alone:
 * cutting must not change what is drawn. */
static bool can_cut(PangoFont *font)
{
    if (!PANGO_IS_FC_FONT(font)) return false;
    FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcBool embolden = FcFalse;
    FcMatrix *matrix = NULL;
    FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden);
    bool transformed = FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrix) == FcResultMatch && matrix &&
                       !(matrix->xx == 1 && matrix->yy == 1 && matrix->xy == 0 && matrix->yx == 0);
    return !embolden && !transformed;
}

/* The index of the face, added if new; -1 for a font not to be cut. */
static int face_index(bs_render_faces *faces, PangoFont *font)
{
    hb_font_t *hb = can_cut(font) ? pango_font_get_hb_font(font) : NULL;
    if (!hb) return -1;
    hb_face_t *source = hb_font_get_face(hb);
    /* an instance of a variable font is drawn at its coordinates, which
     * a cut face would not carry */
    if (hb_ot_var_has_data(source)) return -1;
    for (size_t i = 0; i < faces->nfaces; i++)
        if (faces->faces[i].source == source) return (int)i;
    BS_VEC_RESERVE(faces->faces, faces->faces_cap, faces->nfaces + 1);
    faces->faces[faces->nfaces] = (face_entry){hb_face_reference(source), font, hb_set_create(), hb_set_create(), NULL, NULL};
    return (int)faces->nfaces++;
}

static font_entry *font_entry_of(bs_render_faces *faces, PangoFont *font)
{
    for (size_t i = 0; i < faces->nfonts; i++)
        if (faces->fonts[i].font == font) return &faces->fonts[i];
    return NULL;
}

/* Tables cairo never reads from a face it embeds: the layout tables
 * (shaping is done), vertical metrics, bitmap strikes (PDF wants the
 * outlines) and signatures. Leaving them out keeps the subsetter from
 * closing the glyph set over GSUB and from copying them. */
static const char *const dropped_tables[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG",
    "EBDT", "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "DSIG", "LTSH", "VDMX", "hdmx",
};

/* The source face as the subsetter sees it: with the cmap of the cut face
 * (cmap.c) in place of its own. With the whole cmap, the subsetter maps
 * every one of a CJK face's 45,000 code points to find those of the
 * glyphs kept, 3 ms a face; and cairo reads a cmap table from the face it
 * embeds for each glyph (46 KB for Noto CJK's). */
typedef struct cmap_swap {
    hb_face_t *source;
    hb_blob_t *cmap;
} cmap_swap;

static hb_blob_t *table_with_cmap(hb_face_t *face, hb_tag_t tag, void *user)
{
    (void)face;
    const cmap_swap *swap = user;
    if (tag == HB_TAG('c', 'm', 'a', 'p')) return hb_blob_reference(swap->cmap);
    return hb_face_reference_table(swap->source, tag);
}

static void cmap_swap_free(void *user)
{
    cmap_swap *swap = user;
    hb_face_destroy(swap->source);
    hb_blob_destroy(swap->cmap);
    free(swap);
}

static hb_subset_plan_t *plan_cut(face_entry *f)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input) return NULL;
    hb_set_set(hb_subset_input_glyph_set(input), f->glyphs);
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped_tables / sizeof dropped_tables[0]; i++)
        hb_set_add(drop, hb_tag_from_string(dropped_tables[i], -1));
    /* Hints stay, so that the outlines render as before. Subroutines are
     * inlined: for the glyphs of one page that makes the face no larger,
     * and subsetting them took the subsetter three times as long. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DESUBROUTINIZE);
    hb_face_t *source = hb_face_reference(f->source);
    hb_blob_t *cmap = bs_render_cut_cmap(f->source, f->font, f->asked);
    if (cmap) {
        /* no glyph asked about: no cmap at all */
        if (hb_blob_get_length(cmap) == 0) hb_set_add(drop, HB_TAG('c', 'm', 'a', 'p'));
        cmap_swap *swap = bs_xmalloc(sizeof *swap);
        *swap = (cmap_swap){source, cmap};
        source = hb_face_create_for_tables(table_with_cmap, swap, cmap_swap_free);
    }
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(source, input);
    hb_face_destroy(source);
    hb_subset_input_destroy(input);
    return plan;
}

/* Subsets the face and opens the result with FreeType for cairo; on any
 * failure the face is drawn uncut. */
static void cut(face_entry *f)
{
    hb_subset_plan_t *plan = plan_cut(f);
    hb_face_t *subset = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_blob_t *bytes = subset ? hb_face_reference_blob(subset) : NULL;
    hb_face_destroy(subset);
    unsigned int len = 0;
    const char *data = bytes ? hb_blob_get_data(bytes, &len) : NULL;
    FT_Library library = NULL;
    FT_Face face = NULL;
    if (data && len > 0 && FT_Init_FreeType(&library) == 0 &&
        FT_New_Memory_Face(library, (const FT_Byte *)data, (FT_Long)len, 0, &face) != 0) {
        FT_Done_FreeType(library);
        face = NULL;
    }
    if (!face) {
        hb_blob_destroy(bytes);
        hb_subset_plan_destroy(plan);
        return;
    }
    cut_holder *holder = bs_xcalloc(1, sizeof *holder);
    *holder = (cut_holder){library, face, bytes};
    /* outlines only: a bitmap strike would make cairo embed a Type 3 font */
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_BITMAP);
    if (cairo_font_face_set_user_data(cf, &holder_key, holder, holder_free) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        holder_free(holder);
        hb_subset_plan_destroy(plan);
        return;
    }
    f->plan = plan;
    f->cut = cf;
}

static void add_glyph(face_entry *f, uint32_t id, bool asked)
{
    if (id == PANGO_GLYPH_EMPTY || (id & PANGO_GLYPH_UNKNOWN_FLAG)) return;  /* not drawn; .notdef */
    hb_set_add(f->glyphs, id);
    if (asked) hb_set_add(f->asked, id);
}

/* A run's glyphs, and which of them cairo will take the text of from the
 * cmap: those of a cluster that is not one glyph for one character, as
 * draw.c hands cairo the clusters (Pango's empty glyphs left out), and
 * all of a run without clusters. */
static void add_glyphs(face_entry *f, const bs_dl_text *t)
{
    size_t in = 0, off = 0;
    for (size_t c = 0; c < t->nclusters && in < t->nglyphs; c++) {
        size_t bytes = t->clusters[c].bytes > 0 ? (size_t)t->clusters[c].bytes : 0;
        int kept = 0;
        for (int k = 0; k < t->clusters[c].glyphs && in + (size_t)k < t->nglyphs; k++)
            kept += t->glyphs[in + (size_t)k].id != PANGO_GLYPH_EMPTY;
        bool one_for_one = kept == 1 && off + bytes <= t->len && bs_utf8_count(t->text + off, bytes) == 1;
        for (int k = 0; k < t->clusters[c].glyphs && in < t->nglyphs; k++, in++)
            add_glyph(f, t->glyphs[in].id, !one_for_one);
        off += bytes;
    }
    for (; in < t->nglyphs; in++) add_glyph(f, t->glyphs[in].id, true);
}

bs_render_faces *bs_render_faces_new(const bs_dlist *dl, bs_render_drawn_fn drawn, const void *user)
{
    bs_render_faces *faces = bs_xcalloc(1, sizeof *faces);
    for (size_t i = 0; i < dl->nitems; i++) {
        const bs_dl_item *item = &dl->items[i];
        if (item->kind != BS_DL_TEXT || !item->u.text.font || item->u.text.nglyphs == 0) continue;
        if (!drawn(item, user)) continue;
        PangoFont *font = item->u.text.font;
        font_entry *e = font_entry_of(faces, font);
        if (!e) {
            BS_VEC_RESERVE(faces->fonts, faces->fonts_cap, faces->nfonts + 1);
            e = &faces->fonts[faces->nfonts++];
            *e = (font_entry){font, face_index(faces, font), NULL};
        }
        if (e->face >= 0) add_glyphs(&faces->faces[e->face], &item->u.text);
    }
    for (size_t i = 0; i < faces->nfaces; i++) cut(&faces->faces[i]);
    return faces;
}

void bs_render_faces_free(bs_render_faces *faces)
{
    if (!faces) return;
    for (size_t i = 0; i < faces->nfonts; i++)
        if (faces->fonts[i].scaled) cairo_scaled_font_destroy(faces->fonts[i].scaled);
    for (size_t i = 0; i < faces->nfaces; i++) {
        face_entry *f = &faces->faces[i];
        if (f->cut) cairo_font_face_destroy(f->cut);
        hb_subset_plan_destroy(f->plan);
        hb_set_destroy(f->glyphs);
        hb_set_destroy(f->asked);
        hb_face_destroy(f->source);
    }
    free(faces->faces);
    free(faces->fonts);
    free(faces);
}

/* The cut face at the size, matrix and options Pango's own font has, so
 * that glyphs land exactly where they would have. */
static cairo_scaled_font_t *scaled_like(cairo_font_face_t *face, cairo_scaled_font_t *pango)
{
    cairo_matrix_t font_matrix, ctm;
    cairo_scaled_font_get_font_matrix(pango, &font_matrix);
    cairo_scaled_font_get_ctm(pango, &ctm);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_scaled_font_get_font_options(pango, options);
    cairo_scaled_font_t *scaled = cairo_scaled_font_create(face, &font_matrix, &ctm, options);
    cairo_font_options_destroy(options);
    if (cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS) return scaled;
    cairo_scaled_font_destroy(scaled);
    return NULL;
}

cairo_scaled_font_t *bs_render_faces_font(bs_render_faces *faces, PangoFont *font, const hb_map_t **map)
{
    cairo_scaled_font_t *pango = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    *map = NULL;
    font_entry *e = faces ? font_entry_of(faces, font) : NULL;
    face_entry *f = e && e->face >= 0 ? &faces->faces[e->face] : NULL;
    if (!f || !f->cut || !pango) return pango;
    if (!e->scaled) e->scaled = scaled_like(f->cut, pango);
    if (!e->scaled) return pango;
    *map = hb_subset_plan_old_to_new_glyph_mapping(f->plan);
    return e->scaled;
}
