/* style.c - a template's named styles. `em` means the style's own size;
 * 字 and 行 come from the grid, which is read first. */
#include "load_internal.h"

#include <math.h>
#include <string.h>

static const char *const style_keys[] = {"font",     "latin-font", "weight",      "size",          "min-size",
                                         "leading",  "indent",     "tracking",    "align",         "punctuation",
                                         "latin-spacing", "edge-marks", "color", NULL};
static const char *const weight_names[] = {"light", "regular", "medium", "bold", "black", NULL};
static const int weight_values[] = {300, 400, 500, 700, 900};
/* In the order of bs_align. */
static const char *const align_names[] = {"justify", "start", "center", "end", "distribute", NULL};
/* In the order of bs_punct_style, by their Latin and Chinese names. */
/* In the order of bs_edge_marks. */
static const char *const edge_mark_names[] = {"half", "keep-cell", NULL};
static const char *const punctuation_names[] = {"quanjiao", "kaiming", "banjiao", "全角式", "开明式", "半角式", NULL};

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void read_weight(bs_yaml *y, const bs_yval *v, int *weight)
{
    const char *text = NULL;
    if (!v->node || !bs_yaml_text(y, v, &text)) return;
    if (all_digits(text)) {
        int n = 0;
        if (strlen(text) <= 3 && bs_yaml_count(y, v, &n) && n >= 100 && n <= 900) *weight = n;
        else bs_fail(y->ctx, v->loc, "weight '%s' is not between 100 and 900", text);
        return;
    }
    for (int i = 0; weight_names[i]; i++) {
        if (strcmp(text, weight_names[i]) == 0) {
            *weight = weight_values[i];
            return;
        }
    }
    const char *near = bs_yaml_suggest(text, weight_names);
    if (near) bs_fail(y->ctx, v->loc, "unknown weight '%s'; did you mean '%s'?", text, near);
    else bs_fail(y->ctx, v->loc, "unknown weight '%s' (use light, regular, medium, bold, black or a number from 100 to 900)", text);
}

static void read_style(bs_yaml *y, const bs_template *t, const bs_yval *v, bs_style *st)
{
    bs_ymap map;
    const char *what = bs_arena_printf(y->arena, "style '%s'", st->name);
    if (!bs_yaml_map(y, v, what, style_keys, &map)) return;
    bs_yval f;
    if (bs_yaml_need(y, &map, "font", &f)) bs_yaml_text(y, &f, &st->font);
    f = bs_yaml_get(y, &map, "latin-font");
    if (f.node) bs_yaml_text(y, &f, &st->latin_font);
    st->weight = 400;
    f = bs_yaml_get(y, &map, "weight");
    read_weight(y, &f, &st->weight);
    bs_unit_basis basis = {0, t->zi, t->hang};
    if (bs_yaml_need(y, &map, "size", &f)) bs_yaml_length(y, &f, &basis, BS_YLEN_POSITIVE, &st->size);
    /* A style at the grid's size sets on the grid. */
    st->leading = fabs(st->size - t->zi) < 1e-9 ? t->hang : 1.2 * st->size;
    basis.em_pt = st->size;
    st->min_size = st->size;
    f = bs_yaml_get(y, &map, "min-size");
    bs_yaml_length(y, &f, &basis, BS_YLEN_POSITIVE, &st->min_size);
    if (st->min_size > st->size)
        bs_fail(y->ctx, f.loc, "min-size %.1f pt is larger than the style's size %.1f pt", st->min_size, st->size);
    st->latin_spacing = 0.25 * st->size;
    f = bs_yaml_get(y, &map, "latin-spacing");
    bs_yaml_length(y, &f, &basis, BS_YLEN_NONNEG, &st->latin_spacing);
    f = bs_yaml_get(y, &map, "leading");
    bs_yaml_length(y, &f, &basis, BS_YLEN_POSITIVE, &st->leading);
    f = bs_yaml_get(y, &map, "indent");
    bs_yaml_length(y, &f, &basis, BS_YLEN_ANY, &st->indent);
    f = bs_yaml_get(y, &map, "tracking");
    bs_yaml_length(y, &f, &basis, BS_YLEN_ANY, &st->tracking);
    int align = BS_ALIGN_JUSTIFY;
    f = bs_yaml_get(y, &map, "align");
    bs_yaml_choice(y, &f, "align", align_names, &align);
    st->align = (bs_align)align;
    int punctuation = BS_PUNCT_QUANJIAO;
    f = bs_yaml_get(y, &map, "punctuation");
    bs_yaml_choice(y, &f, "punctuation style", punctuation_names, &punctuation);
    st->punctuation = (bs_punct_style)(punctuation % 3);
    int edges = BS_EDGE_HALF;
    f = bs_yaml_get(y, &map, "edge-marks");
    bs_yaml_choice(y, &f, "edge-marks", edge_mark_names, &edges);
    st->edge_marks = (bs_edge_marks)edges;
    st->color = BS_CMYK_BLACK;
    f = bs_yaml_get(y, &map, "color");
    bs_yaml_cmyk(y, &f, &st->color);
}

void bs_styles_read(bs_yaml *y, bs_template *t, const bs_ymap *root)
{
    bs_yval v;
    bs_ymap styles;
    if (!bs_yaml_need(y, root, "styles", &v) || !bs_yaml_map(y, &v, "styles", NULL, &styles)) return;
    size_t cap = (size_t)fy_node_mapping_item_count(styles.node);
    t->styles = BS_ARENA_ARRAY(t->arena, bs_style, cap);
    void *iter = NULL;
    const char *name;
    bs_yval value;
    while (t->nstyles < cap && bs_yaml_next_pair(y, &styles, &iter, &name, &value)) {
        bs_style *st = &t->styles[t->nstyles++];
        st->name = name;
        st->loc = value.key_loc;
        read_style(y, t, &value, st);
    }
    if (!bs_template_style(t, "body"))
        bs_fail(y->ctx, styles.loc, "no 'body' style; every template needs one (story paragraphs are set in it)");
}
