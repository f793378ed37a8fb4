/* shape.c - itemize a paragraph with Pango (fonts and fallback through
 * fontconfig), shape it with HarfBuzz (through pango_shape), and cut the
 * result into atoms: one per cluster, the unit the composer moves. */
#include "text_internal.h"

#include <stdlib.h>
#include <string.h>

static void add_font_attribute(PangoAttrList *attrs, const bs_style *st, const char *family, size_t start,
                               size_t end)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, family);
    pango_font_description_set_weight(desc, (PangoWeight)st->weight);
    pango_font_description_set_absolute_size(desc, st->size * PANGO_SCALE);
    PangoAttribute *a = pango_attr_font_desc_new(desc);
    pango_font_description_free(desc);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
}

/* Western text: Latin letters, digits and signs (not the Chinese marks). */
static bool is_western(uint32_t cp)
{
    return (cp >= 0x21 && cp <= 0x7E) || (cp >= 0xC0 && cp <= 0x24F);
}

/* The maximal runs of text[from, to) whose code points all pass `test`:
 * *start and *end receive the next one after *at; false when none is left. */
static bool next_run(const char *text, size_t to, bool (*test)(uint32_t), size_t *at, size_t *start,
                     size_t *end)
{
    size_t i = *at, run = SIZE_MAX;
    while (i <= to) {
        uint32_t cp = 0;
        int n = i < to ? bs_utf8_decode(text + i, to - i, &cp) : 1;
        bool in = i < to && test(cp);
        if (in && run == SIZE_MAX) run = i;
        if (!in && run != SIZE_MAX) {
            *start = run;
            *end = i;
            *at = i;
            return true;
        }
        i += n > 0 ? (size_t)n : 1;
    }
    *at = i;
    return false;
}

/* Figures, capitals and the signs of numbers: on the grid they are set
 * half-width (OpenType hwid), two to a cell, as Chinese newspapers set them. */
static bool is_grid_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || cp == '.' || cp == ',' || cp == '%' ||
           cp == ':' || cp == '/' || cp == '+' || cp == '-';
}

/* A style with a Latin font (西文字体) sets its Western runs in that face. */
static void add_latin_runs(PangoAttrList *attrs, const bs_para *p, const bs_text_span *span)
{
    size_t at = span->start, start, end;
    while (next_run(p->text, span->end, is_western, &at, &start, &end))
        add_font_attribute(attrs, span->style, span->style->latin_font, start, end);
}

static void add_half_width_runs(PangoAttrList *attrs, const bs_para *p)
{
    size_t at = 0, start, end;
    while (next_run(p->text, p->len, is_grid_latin, &at, &start, &end)) {
        PangoAttribute *a = pango_attr_font_features_new("hwid");
        a->start_index = (guint)start;
        a->end_index = (guint)end;
        pango_attr_list_insert(attrs, a);
    }
}

static PangoAttrList *span_attributes(const bs_para *p)
{
    PangoAttrList *attrs = pango_attr_list_new();
    for (size_t i = 0; i < p->spec->nspans; i++) {
        const bs_text_span *span = &p->spec->spans[i];
        add_font_attribute(attrs, span->style, span->style->font, span->start, span->end);
        if (span->style->latin_font) add_latin_runs(attrs, p, span);
    }
    if (p->spec->on_grid) add_half_width_runs(attrs, p);
    /* zh-Hans selects the Simplified Chinese glyph forms (locl): full-width
     * quotes and a 1-em —. */
    PangoAttribute *lang = pango_attr_language_new(pango_language_from_string("zh-hans"));
    pango_attr_list_insert(attrs, lang);
    return attrs;
}

static const bs_text_span *span_at(const bs_para *p, size_t offset)
{
    for (size_t i = 0; i < p->spec->nspans; i++)
        if (offset >= p->spec->spans[i].start && offset < p->spec->spans[i].end) return &p->spec->spans[i];
    return &p->spec->spans[p->spec->nspans - 1];
}

static void add_glyph(bs_para *p, const PangoGlyphInfo *g)
{
    if (p->nglyphs == p->glyphs_cap) {
        p->glyphs_cap = p->glyphs_cap ? p->glyphs_cap * 2 : 256;
        p->glyph_id = bs_xrealloc(p->glyph_id, p->glyphs_cap * sizeof *p->glyph_id);
        p->glyph_x_offset = bs_xrealloc(p->glyph_x_offset, p->glyphs_cap * sizeof(double));
        p->glyph_y_offset = bs_xrealloc(p->glyph_y_offset, p->glyphs_cap * sizeof(double));
        p->glyph_advance = bs_xrealloc(p->glyph_advance, p->glyphs_cap * sizeof(double));
    }
    size_t k = p->nglyphs++;
    p->glyph_id[k] = g->glyph;
    p->glyph_x_offset[k] = g->geometry.x_offset / (double)PANGO_SCALE;
    p->glyph_y_offset[k] = g->geometry.y_offset / (double)PANGO_SCALE;
    p->glyph_advance[k] = g->geometry.width / (double)PANGO_SCALE;
}

static bs_atom *new_atom(bs_para *p)
{
    BS_VEC_RESERVE(p->atoms, p->atoms_cap, p->natoms + 1);
    bs_atom *a = &p->atoms[p->natoms++];
    memset(a, 0, sizeof *a);
    return a;
}

/* Cut one shaped item into atoms at its cluster boundaries. */
static void item_atoms(bs_para *p, const PangoItem *item, const PangoGlyphString *gs)
{
    size_t base_glyph = p->nglyphs;
    for (int i = 0; i < gs->num_glyphs; i++) add_glyph(p, &gs->glyphs[i]);

    int i = 0;
    while (i < gs->num_glyphs) {
        int cluster = gs->log_clusters[i];
        int j = i + 1;
        while (j < gs->num_glyphs && gs->log_clusters[j] == cluster) j++;
        size_t start = (size_t)item->offset + (size_t)cluster;
        size_t end = j < gs->num_glyphs ? (size_t)item->offset + (size_t)gs->log_clusters[j]
                                        : (size_t)(item->offset + item->length);
        bs_atom *a = new_atom(p);
        a->start = start;
        a->end = end;
        bs_utf8_decode(p->text + start, end - start, &a->cp);
        a->nchars = (int)bs_utf8_count(p->text + start, end - start);
        a->cls = bs_char_classify(a->cp);
        /* A space with a combining mark shows the mark: a character, not a
         * space the breaker may drop at a line's edge. */
        if (a->cls == BS_CH_SPACE && a->nchars > 1) a->cls = BS_CH_OTHER;
        /* A lone U+2014 is the 一字线 connector; two make the 破折号. */
        if (a->cls == BS_CH_DASH && a->nchars == 1 && a->cp != 0x2E3A) a->cls = BS_CH_CONNECTOR;
        const bs_text_span *span = span_at(p, start);
        a->style = span->style;
        a->keep = span->keep_together;
        a->font = item->analysis.font;
        a->em = span->style->size;
        a->g0 = base_glyph + (size_t)i;
        a->g1 = base_glyph + (size_t)j;
        for (size_t g = a->g0; g < a->g1; g++) a->advance += p->glyph_advance[g];
        a->box = a->advance;
        i = j;
    }
}

/* How many characters without a glyph one warning lists. */
#define MISSING_LISTED 8

static bool already_reported(bs_composer *c, uint32_t cp)
{
    for (size_t i = 0; i < c->nmissing; i++)
        if (c->missing[i] == cp) return true;
    BS_VEC_RESERVE(c->missing, c->missing_cap, c->nmissing + 1);
    c->missing[c->nmissing++] = cp;
    return false;
}

/* Characters no font has would print as empty boxes (tofu): Pango marks
 * their glyphs unknown. Collect those of one item not yet reported into
 * `list` ("'😀' U+1F600, …"), counting them in *count. */
static void collect_missing_glyphs(bs_composer *c, const bs_para *p, const PangoItem *item,
                                   const PangoGlyphString *gs, bs_buf *list, int *count)
{
    for (int i = 0; i < gs->num_glyphs; i++) {
        if (!(gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
        size_t at = (size_t)item->offset + (size_t)gs->log_clusters[i];
        uint32_t cp = 0;
        int n = bs_utf8_decode(p->text + at, p->len - at, &cp);
        if (n <= 0 || already_reported(c, cp)) continue;
        if (++*count <= MISSING_LISTED)
            bs_buf_printf(list, "%s'%.*s' U+%04X", *count > 1 ? ", " : "", n, p->text + at, (unsigned)cp);
    }
}

/* One warning for a paragraph's characters without a glyph, where the
 * paragraph was written. */
static void report_missing_glyphs(bs_composer *c, const bs_para *p, const bs_buf *list, int count)
{
    const bs_style *style = p->spec->style;
    bs_warn(c->ctx, p->spec->loc,
            "no font has %s%s (style '%s', font '%s'): %s; put a font that has %s in fonts/, or write the text "
            "without %s",
            list->data, count > MISSING_LISTED ? " and more" : "", style->name, style->font,
            count > 1 ? "they would print as empty boxes" : "it would print as an empty box", count > 1 ? "them" : "it",
            count > 1 ? "them" : "it");
}

/* Two U+2014 (or two U+2026) shaped as two glyphs are still one mark:
 * merge them into one atom so nothing can come between them. */
static void merge_doubled_marks(bs_para *p)
{
    size_t out = 0;
    for (size_t i = 0; i < p->natoms; i++) {
        bs_atom *a = &p->atoms[i];
        if (out > 0) {
            bs_atom *prev = &p->atoms[out - 1];
            bool dash = a->cp == 0x2014 && prev->cp == 0x2014 && prev->nchars == 1 && a->nchars == 1;
            bool dots = a->cls == BS_CH_ELLIPSIS && prev->cls == BS_CH_ELLIPSIS && prev->nchars == 1 &&
                        a->nchars == 1 && a->cp == prev->cp;
            if ((dash || dots) && prev->end == a->start && prev->g1 == a->g0 && prev->font == a->font) {
                prev->end = a->end;
                prev->nchars = 2;
                prev->g1 = a->g1;
                prev->advance += a->advance;
                prev->box = prev->advance;
                prev->cls = dash ? BS_CH_DASH : BS_CH_ELLIPSIS;
                continue;
            }
        }
        p->atoms[out++] = *a;
    }
    p->natoms = out;
}

/* A character that takes no room (a variation selector, a joiner, a bidi
 * control left over) joins the atom before it, as a combining mark does
 * in its cluster: it can neither end a line nor take a cell, and a run of
 * thousands of them (a hostile paragraph) would otherwise make lines of
 * thousands of atoms, which the breaker weighs in time growing with the
 * square of their number. Only within one font, style and kept span, and
 * never onto a word space, which a line's edge may drop. */
static void merge_zero_width(bs_para *p)
{
    size_t out = 0;
    for (size_t i = 0; i < p->natoms; i++) {
        bs_atom *a = &p->atoms[i];
        if (out > 0 && a->advance == 0) {
            bs_atom *prev = &p->atoms[out - 1];
            bool joinable = prev->end == a->start && prev->g1 == a->g0 && prev->font == a->font &&
                            prev->style == a->style && prev->keep == a->keep && prev->cls != BS_CH_SPACE &&
                            prev->cls != BS_CH_IDSPACE;
            if (joinable) {
                prev->end = a->end;
                prev->nchars += a->nchars;
                prev->g1 = a->g1;
                continue;
            }
        }
        p->atoms[out++] = *a;
    }
    p->natoms = out;
}

bool bs_para_shape(bs_composer *c, bs_para *p)
{
    PangoContext *context = bs_fonts_context(c->fonts);
    /* Make sure every style's own font resolves (and report it if not)
     * before Pango's fallback could quietly pick another family. */
    for (size_t i = 0; i < p->spec->nspans; i++) {
        const bs_style *st = p->spec->spans[i].style;
        if (!bs_fonts_get(c->fonts, c->ctx, st)) return false;
        if (st->latin_font) {
            bs_style latin = *st;
            latin.font = st->latin_font;
            if (!bs_fonts_get(c->fonts, c->ctx, &latin)) return false;
        }
    }

    PangoAttrList *attrs = span_attributes(p);
    GList *items = pango_itemize(context, p->text, 0, (int)p->len, attrs, NULL);
    PangoGlyphString *gs = pango_glyph_string_new();
    bs_buf missing = {0};
    int nmissing = 0;
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        /* Lines are set left to right, atom after atom in the text's order.
         * A right-to-left run (Hebrew, Arabic) would come back in visual
         * order, its clusters falling and its atoms out of the text's
         * order, so it is shaped left to right: in logical order. */
        item->analysis.level = 0;
        pango_shape_full(p->text + item->offset, item->length, p->text, (int)p->len, &item->analysis, gs);
        collect_missing_glyphs(c, p, item, gs, &missing, &nmissing);
        item_atoms(p, item, gs);
    }
    if (nmissing > 0) report_missing_glyphs(c, p, &missing, nmissing);
    bs_buf_free(&missing);
    pango_glyph_string_free(gs);
    /* Composed lines point at these fonts long after the items are gone:
     * the font system keeps every font it has handed out. */
    for (size_t i = 0; i < p->natoms; i++) bs_fonts_retain(c->fonts, p->atoms[i].font);
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    pango_attr_list_unref(attrs);
    merge_doubled_marks(p);
    merge_zero_width(p);
    return true;
}

void bs_para_release(bs_para *p)
{
    free(p->sums.block);
    free(p->atoms);
    free(p->glyph_id);
    free(p->glyph_x_offset);
    free(p->glyph_y_offset);
    free(p->glyph_advance);
}
