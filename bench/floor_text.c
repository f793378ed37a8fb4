/* floor_text.c - a composed page's text, as broadsheet-floor sets it.
 *
 * The floor gets exactly the characters our display list sets, each in the
 * face and size we set it in, so that it pays for the same glyphs in the
 * same fonts; how it breaks and places them is its own (PangoLayout). */
#include "bench.h"

#include <pango/pango.h>
#include <string.h>

/* A layout being gathered: one story's body, or one part of a block. */
typedef struct group {
    int block;
    const char *role;            /* NULL: a story body (items in columns) */
    int para;                    /* of the last item added … */
    double baseline;             /* … and its baseline */
    double x0, y0, x1;           /* the part's extent (not for bodies) */
    double size;                 /* the largest size in it */
    struct column {
        double x, top, bottom;
    } columns[32];
    int ncolumns;
    GString *runs;
    PangoFont *font;             /* of the run being written */
    GString *run;
} group;

static void escape_into(GString *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\') g_string_append(out, "\\\\");
        else if (s[i] == '\n') g_string_append(out, "\\n");
        else if (s[i] == '\t') g_string_append_c(out, ' ');
        else g_string_append_c(out, s[i]);
    }
}

static void end_run(group *g)
{
    if (!g->font || g->run->len == 0) return;
    PangoFontDescription *desc = pango_font_describe(g->font);
    g_string_append_printf(g->runs, "run %s\t%d\t", pango_font_description_get_family(desc),
                           (int)pango_font_description_get_weight(desc));
    pango_font_description_free(desc);
    g_string_append(g->runs, g->run->str);
    g_string_append_c(g->runs, '\n');
    g_string_truncate(g->run, 0);
}

static void write_group(FILE *out, group *g, double column_w)
{
    end_run(g);
    if (g->runs->len == 0) return;
    if (!g->role) {
        fprintf(out, "layout %.2f\n", column_w);
        for (int c = 0; c < g->ncolumns; c++)
            fprintf(out, "slot %.2f %.2f %.2f\n", g->columns[c].x, g->columns[c].top,
                    g->columns[c].bottom - g->columns[c].top);
    } else {
        /* a line of a headline as wide as we set it, and an em to spare */
        fprintf(out, "layout %.2f\nslot %.2f %.2f 100000\n", g->x1 - g->x0 + g->size, g->x0, g->y0);
    }
    fputs(g->runs->str, out);
    fputs("end\n", out);
    g_string_truncate(g->runs, 0);
}

static void add_item(group *g, const bs_dl_item *item)
{
    const bs_dl_text *t = &item->u.text;
    double top = t->y - t->size, right = t->x + t->width;
    if (g->runs->len == 0 && g->run->len == 0) {
        g->x0 = t->x, g->y0 = top, g->x1 = right, g->size = t->size;
        g->ncolumns = 0;
        g->font = NULL;
    }
    if (t->x < g->x0) g->x0 = t->x;
    if (top < g->y0) g->y0 = top;
    if (right > g->x1) g->x1 = right;
    if (t->size > g->size) g->size = t->size;
    if (!g->role) {
        int c = item->origin.column;
        if (c >= 0 && c < 32) {
            while (g->ncolumns <= c) g->columns[g->ncolumns++] = (struct column){t->x, top, t->y};
            struct column *col = &g->columns[c];
            if (t->x < col->x) col->x = t->x;
            if (top < col->top) col->top = top;
            if (t->y + t->size * 0.2 > col->bottom) col->bottom = t->y + t->size * 0.2;
        }
    }
    /* a body breaks at its paragraphs; a part at each of our lines */
    bool new_para = g->font && (g->role ? t->y != g->baseline : item->origin.para != g->para);
    if (t->font != g->font) {
        end_run(g);
        g->font = t->font;
        g_string_append_printf(g->run, "%.2f\t", t->size);
    }
    if (new_para) g_string_append(g->run, "\\n");
    g->para = item->origin.para;
    g->baseline = t->y;
    escape_into(g->run, t->text, t->len);
}

size_t bench_floor_text(FILE *out, const bs_page *page, const bs_dlist *dl)
{
    fprintf(out, "# the text of page %s for broadsheet-floor\npage %.2f %.2f\n", page->id, dl->width, dl->height);
    group g = {.block = -2, .runs = g_string_new(NULL), .run = g_string_new(NULL)};
    size_t chars = 0;
    for (size_t i = 0; i < dl->nitems; i++) {
        const bs_dl_item *item = &dl->items[i];
        if (item->kind != BS_DL_TEXT || item->u.text.len == 0 || !item->u.text.font) continue;
        /* body lines carry their column slot; everything else is a part */
        const char *role = item->origin.column >= 0 ? NULL : item->origin.role ? item->origin.role : "";
        bool same = item->origin.block == g.block && (role == g.role || (role && g.role && !strcmp(role, g.role)));
        if (!same) {
            write_group(out, &g, page->template_->column_w);
            g.block = item->origin.block;
            g.role = role;
        }
        add_item(&g, item);
        chars += bs_utf8_count(item->u.text.text, item->u.text.len);
    }
    write_group(out, &g, page->template_->column_w);
    g_string_free(g.runs, TRUE);
    g_string_free(g.run, TRUE);
    return chars;
}
