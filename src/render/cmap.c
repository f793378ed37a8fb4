/* cmap.c - the cmap a cut face carries (render_faces.h says why).
 *
 * cairo 1.16 reads a face's cmap backwards, for the code point of a glyph
 * it meets without a single character of text of its own: a ligature (a
 * cluster of several characters, such as Noto CJK's one-glyph "——"), a
 * glyph of a cluster of several glyphs, or a glyph of a run drawn without
 * text. That code point goes into the PDF's ToUnicode map and decides
 * whether a TrueType glyph joins cairo's WinAnsi subset. Here it is found
 * as cairo finds it in the whole face, and the cut face gets a cmap
 * mapping each such glyph from that code point alone, so that cairo finds
 * the same one there; every other glyph comes with its one character of
 * text, which cairo takes instead. */
#include "render_faces.h"

#include <cairo-ft.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

static unsigned u16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t u32(const uint8_t *p) { return (uint32_t)u16(p) << 16 | u16(p + 2); }

typedef enum { REVERSE_FOUND, REVERSE_NOT_FOUND, REVERSE_UNSUPPORTED } reverse_result;

/* cairo's _cairo_truetype_reverse_cmap: the format 4 subtable at `off`,
 * searched first in its segments without a glyph array, then in those
 * with one (whose entries it compares without their idDelta). */
static reverse_result reverse_format4(const uint8_t *t, size_t len, size_t off, uint32_t gid, uint32_t *cp)
{
    if (off + 4 > len || u16(t + off) != 4) return REVERSE_UNSUPPORTED;
    size_t size = u16(t + off + 2);
    if (size == 0 || off + size > len) return REVERSE_UNSUPPORTED;
    const uint8_t *map = t + off;
    size_t nseg = u16(map + 6) / 2;
    if (size < (8 + 4 * nseg) * 2) return REVERSE_UNSUPPORTED;
    const uint8_t *end = map + 14, *start = end + 2 * (nseg + 1), *delta = start + 2 * nseg, *range = delta + 2 * nseg;
    for (size_t i = 0; i < nseg; i++) {
        unsigned s = u16(start + 2 * i), e = u16(end + 2 * i);
        if (s == 0xFFFF && e == 0xFFFF) break;
        unsigned c = (gid - u16(delta + 2 * i)) & 0xFFFF;
        if (u16(range + 2 * i) == 0 && c >= s && c <= e) {
            *cp = c;
            return REVERSE_FOUND;
        }
    }
    for (size_t i = 0; i < nseg; i++) {
        unsigned s = u16(start + 2 * i), e = u16(end + 2 * i), ro = u16(range + 2 * i);
        if (s == 0xFFFF && e == 0xFFFF) break;
        if (ro == 0 || e < s) continue;
        const uint8_t *ids = range + 2 * i + 2 * (ro / 2);
        size_t n = e - s + 1;
        if (ids + 2 * n > map + size) return REVERSE_UNSUPPORTED;
        for (size_t j = 0; j < n; j++)
            if (u16(ids + 2 * j) == (gid & 0xFFFF)) {
                *cp = s + (unsigned)j;
                return REVERSE_FOUND;
            }
    }
    return REVERSE_NOT_FOUND;
}

/* cairo's _cairo_truetype_index_to_ucs4: the first (3,1) subtable that is
 * format 4 answers, found or not. */
static bool reverse_cmap(const uint8_t *t, size_t len, uint32_t gid, uint32_t *cp)
{
    if (len < 4 || 4 + 8 * (size_t)u16(t + 2) > len) return false;
    for (size_t i = 0, n = u16(t + 2); i < n; i++) {
        const uint8_t *rec = t + 4 + 8 * i;
        if (u16(rec) != 3 || u16(rec + 2) != 1) continue;
        reverse_result r = reverse_format4(t, len, u32(rec + 4), gid, cp);
        if (r != REVERSE_UNSUPPORTED) return r == REVERSE_FOUND;
    }
    return false;
}

/* cairo's fallback, _cairo_ft_index_to_ucs4: the first character of
 * FreeType's charmap (its best Unicode one) that maps to the glyph; done
 * for all the glyphs left in one pass. */
static void charmap_lowest(PangoFont *font, const hb_set_t *left, hb_map_t *code_of)
{
    cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    FT_Face face = scaled ? cairo_ft_scaled_font_lock_face(scaled) : NULL;
    if (!face) return;
    unsigned missing = hb_set_get_population(left);
    FT_UInt gid = 0;
    for (FT_ULong c = FT_Get_First_Char(face, &gid); gid != 0 && missing > 0; c = FT_Get_Next_Char(face, c, &gid))
        if (hb_set_has(left, gid) && !hb_map_has(code_of, gid)) {
            hb_map_set(code_of, gid, (hb_codepoint_t)c);
            missing--;
        }
    cairo_ft_scaled_font_unlock_face(scaled);
}

static void put16(uint8_t **p, unsigned v)
{
    (*p)[0] = (uint8_t)(v >> 8);
    (*p)[1] = (uint8_t)v;
    *p += 2;
}

static void put32(uint8_t **p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v & 0xFFFF);
}

typedef struct entry {
    uint32_t cp, gid;
} entry;

static int by_code(const void *a, const void *b)
{
    uint32_t x = ((const entry *)a)->cp, y = ((const entry *)b)->cp;
    return (x > y) - (x < y);
}

/* A cmap of a (3,1) format 4 subtable (one segment a character) and a
 * (3,10) format 12 one, with these entries (sorted, code points distinct). */
static hb_blob_t *write_cmap(const entry *e, size_t n)
{
    size_t nbmp = 0;
    while (nbmp < n && e[nbmp].cp <= 0xFFFF) nbmp++;
    size_t nseg = nbmp + 1, len4 = 16 + 8 * nseg, len12 = 16 + 12 * n;
    if (len4 > 0xFFFF) return NULL;
    size_t total = 4 + 2 * 8 + len4 + len12;
    uint8_t *bytes = bs_xmalloc(total), *p = bytes;
    put16(&p, 0);
    put16(&p, 2);
    put16(&p, 3), put16(&p, 1), put32(&p, 20);
    put16(&p, 3), put16(&p, 10), put32(&p, (uint32_t)(20 + len4));
    unsigned range = 2, selector = 0;
    while (range * 2 <= 2 * nseg) range *= 2, selector++;
    put16(&p, 4), put16(&p, (unsigned)len4), put16(&p, 0);
    put16(&p, (unsigned)(2 * nseg)), put16(&p, range), put16(&p, selector),
        put16(&p, (unsigned)(2 * nseg - range));
    for (size_t i = 0; i < nbmp; i++) put16(&p, e[i].cp);
    put16(&p, 0xFFFF);
    put16(&p, 0);                                        /* reservedPad */
    for (size_t i = 0; i < nbmp; i++) put16(&p, e[i].cp);
    put16(&p, 0xFFFF);
    for (size_t i = 0; i < nbmp; i++) put16(&p, (e[i].gid - e[i].cp) & 0xFFFF);
    put16(&p, 1);
    for (size_t i = 0; i < nseg; i++) put16(&p, 0);       /* idRangeOffset */
    put16(&p, 12), put16(&p, 0), put32(&p, (uint32_t)len12), put32(&p, 0), put32(&p, (uint32_t)n);
    for (size_t i = 0; i < n; i++) put32(&p, e[i].cp), put32(&p, e[i].cp), put32(&p, e[i].gid);
    return hb_blob_create((const char *)bytes, (unsigned)total, HB_MEMORY_MODE_WRITABLE, bytes, free);
}

hb_blob_t *bs_render_cut_cmap(hb_face_t *whole, PangoFont *font, const hb_set_t *asked)
{
    if (hb_set_is_empty(asked)) return hb_blob_get_empty();
    hb_blob_t *table = hb_face_reference_table(whole, HB_TAG('c', 'm', 'a', 'p'));
    unsigned int len = 0;
    const uint8_t *t = (const uint8_t *)hb_blob_get_data(table, &len);
    hb_map_t *code_of = hb_map_create();
    hb_set_t *left = hb_set_create();
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(asked, &g);) {
        uint32_t cp = 0;
        if (t && reverse_cmap(t, len, g, &cp)) hb_map_set(code_of, g, cp);
        else hb_set_add(left, g);
    }
    hb_blob_destroy(table);
    if (!hb_set_is_empty(left)) charmap_lowest(font, left, code_of);

    size_t n = 0, cap = hb_map_get_population(code_of);
    entry *e = bs_xmalloc((cap ? cap : 1) * sizeof *e);
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(asked, &g);)
        if (hb_map_has(code_of, g)) e[n++] = (entry){hb_map_get(code_of, g), g};
    qsort(e, n, sizeof *e, by_code);
    bool distinct = true;
    for (size_t i = 1; i < n; i++)
        if (e[i].cp == e[i - 1].cp) distinct = false;  /* two glyphs read back to one character */
    hb_blob_t *cmap = !distinct ? NULL : n == 0 ? hb_blob_get_empty() : write_cmap(e, n);
    free(e);
    hb_set_destroy(left);
    hb_map_destroy(code_of);
    return cmap;
}
