/* broadsheet-floor - the floor the engine is measured against.
 *
 *   broadsheet-floor FONTS.conf TEXT.floor OUT.pdf [OUT2.pdf ...]
 *
 * Sets a page's text with nothing but PangoLayout and pangocairo and writes
 * it as a PDF with cairo, so that the same faces are subset and embedded:
 * what any cairo/Pango program must pay for that text in those fonts. It
 * does nothing else: no grid, no Chinese line rules, no rules, pictures or
 * QR codes, no PDF/X finish.
 *
 * TEXT.floor is written by `broadsheet-bench cold` from the composed page,
 * so that the text-getting is not timed here. One record a line:
 *
 *   page W H                      a page, pt: written to the next OUT.pdf
 *   layout WIDTH                  a PangoLayout of this width (pt), wrapped by char
 *   slot X Y H                    where its lines go: a column's top left and height
 *   run FAMILY<TAB>WEIGHT<TAB>SIZE<TAB>TEXT
 *                                 text in one face (\n: a new paragraph, \\: \)
 *   end                           draw the layout, its lines flowing slot to slot
 *
 * Fonts come from the engine's fonts.conf through an FcConfig of its own, as
 * the engine loads them, at 72 dpi. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    double x, y, h;
} slot;

typedef struct layout_spec {
    double width;
    slot *slots;
    size_t nslots;
    GString *text;
    PangoAttrList *attrs;
} layout_spec;

static void unescape_into(GString *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' && s[1] == 'n') {
            g_string_append_c(out, '\n');
            s++;
        } else if (*s == '\\' && s[1] == '\\') {
            g_string_append_c(out, '\\');
            s++;
        } else {
            g_string_append_c(out, *s);
        }
    }
}

static bool add_run(layout_spec *l, char *fields)
{
    char *family = strtok(fields, "\t"), *weight = strtok(NULL, "\t"), *size = strtok(NULL, "\t");
    char *text = strtok(NULL, "\n");
    if (!family || !weight || !size || !text) return false;
    size_t start = l->text->len;
    unescape_into(l->text, text);
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, family);
    pango_font_description_set_weight(desc, (PangoWeight)atoi(weight));
    pango_font_description_set_absolute_size(desc, strtod(size, NULL) * PANGO_SCALE);
    PangoAttribute *a = pango_attr_font_desc_new(desc);
    pango_font_description_free(desc);
    a->start_index = (guint)start;
    a->end_index = (guint)l->text->len;
    pango_attr_list_insert(l->attrs, a);
    return true;
}

/* The layout's lines, column after column: a line that would reach below
 * its slot starts the next one (the last slot takes what is left). */
static void draw_layout(cairo_t *cr, PangoContext *context, const layout_spec *l)
{
    PangoLayout *layout = pango_layout_new(context);
    pango_layout_set_width(layout, (int)(l->width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_CHAR);
    pango_layout_set_text(layout, l->text->str, (int)l->text->len);
    pango_layout_set_attributes(layout, l->attrs);

    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    size_t s = 0;
    double top = 0;   /* where the current slot starts, in layout units (pt) */
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(iter, &y0, &y1);
        if (l->nslots > s + 1 && (y1 / (double)PANGO_SCALE) - top > l->slots[s].h) {
            s++;
            top = y0 / (double)PANGO_SCALE;
        }
        double baseline = pango_layout_iter_get_baseline(iter) / (double)PANGO_SCALE;
        cairo_move_to(cr, l->slots[s].x, l->slots[s].y + baseline - top);
        pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    g_object_unref(layout);
}

static void reset(layout_spec *l)
{
    free(l->slots);
    if (l->text) g_string_free(l->text, TRUE);
    if (l->attrs) pango_attr_list_unref(l->attrs);
    *l = (layout_spec){0};
}

static PangoContext *make_context(PangoFontMap *map)
{
    PangoContext *context = pango_font_map_create_context(map);
    /* the engine's settings: unhinted, unrounded, Simplified Chinese */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_context_set_language(context, pango_language_from_string("zh-hans"));
    return context;
}

static int finish_pdf(cairo_surface_t *surface, cairo_t *cr, const char *out)
{
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int status = 0;
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "broadsheet-floor: %s: %s\n", out, cairo_status_to_string(cairo_surface_status(surface)));
        status = 1;
    }
    cairo_surface_destroy(surface);
    return status;
}

/* Each page of the input to the next of outs[0..nouts). */
static int set_pages(FILE *in, PangoContext *context, char **outs, int nouts)
{
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    int page = -1;
    layout_spec l = {0};
    char *line = NULL;
    size_t cap = 0;
    int status = 0;
    while (status == 0 && getline(&line, &cap, in) > 0) {
        double a, b, c;
        if (sscanf(line, "page %lf %lf", &a, &b) == 2) {
            if (cr) status = finish_pdf(surface, cr, outs[page]);
            cr = NULL;
            if (++page >= nouts) {
                fprintf(stderr, "broadsheet-floor: more pages than PDFs to write\n");
                status = 1;
                break;
            }
            surface = cairo_pdf_surface_create(outs[page], a, b);
            cr = cairo_create(surface);
        } else if (sscanf(line, "layout %lf", &a) == 1) {
            reset(&l);
            l.width = a;
            l.text = g_string_new(NULL);
            l.attrs = pango_attr_list_new();
        } else if (sscanf(line, "slot %lf %lf %lf", &a, &b, &c) == 3 && l.text) {
            l.slots = realloc(l.slots, (l.nslots + 1) * sizeof *l.slots);
            l.slots[l.nslots++] = (slot){a, b, c};
        } else if (strncmp(line, "run ", 4) == 0 && l.text) {
            if (!add_run(&l, line + 4)) status = 1;
        } else if (strncmp(line, "end", 3) == 0 && l.text && cr) {
            if (l.nslots > 0) draw_layout(cr, context, &l);
            reset(&l);
        } else if (line[0] != '#' && line[0] != '\n') {
            status = 1;
        }
        if (status && line[0]) fprintf(stderr, "broadsheet-floor: cannot read the line: %s", line);
    }
    free(line);
    reset(&l);
    if (cr) {
        int last = finish_pdf(surface, cr, outs[page]);
        if (!status) status = last;
    }
    if (page + 1 != nouts && !status) {
        fprintf(stderr, "broadsheet-floor: %d pages for %d PDFs\n", page + 1, nouts);
        status = 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: broadsheet-floor FONTS.conf TEXT.floor OUT.pdf [OUT2.pdf ...]\n");
        return 1;
    }
    char *conf = realpath(argv[1], NULL);
    FcConfig *config = FcConfigCreate();
    if (!conf || !FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue) || !FcConfigBuildFonts(config)) {
        fprintf(stderr, "broadsheet-floor: %s: cannot load the font configuration\n", argv[1]);
        return 1;
    }
    free(conf);
    FILE *in = fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
    PangoContext *context = make_context(map);
    int status = set_pages(in, context, argv + 3, argc - 3);
    fclose(in);
    g_object_unref(context);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), NULL);
    g_object_unref(map);
    FcConfigDestroy(config);
    return status;
}
