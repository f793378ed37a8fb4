/* template.c - a paper's template: the trim, the grid and the type area
 * (版心), and where its fonts.conf is. Styles are read by style.c. */
#include "load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const template_keys[] = {"name", "fonts-conf", "paper", "grid", "styles", NULL};
static const char *const paper_keys[] = {"width", "height", "bleed", "marks", NULL};
static const char *const grid_keys[] = {"size",   "pitch", "columns", "column-width", "gutter",
                                        "lines",  "top",   "left",    "rule",         "rule-color",
                                        NULL};

/* A little slack for lengths that add up in different units. */
#define FIT_TOLERANCE 0.01

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The nearest fonts.conf in the template's folder or a folder above it. */
static const char *find_fonts_conf(bs_arena *arena, const char *tpl_path)
{
    char *dir = realpath(tpl_path, NULL);
    if (!dir) return NULL;
    const char *found = NULL;
    bs_buf cand = {0};
    char *slash;
    while (!found && (slash = strrchr(dir, '/')) != NULL) {
        *slash = '\0';
        cand.len = 0;
        bs_buf_printf(&cand, "%s/fonts.conf", dir);
        if (is_file(cand.data)) found = bs_arena_strdup(arena, cand.data);
    }
    bs_buf_free(&cand);
    free(dir);
    return found;
}

static void read_fonts_conf(bs_yaml *y, bs_template *t, const bs_ymap *root)
{
    bs_yval v = bs_yaml_get(y, root, "fonts-conf");
    if (v.node) {
        const char *rel = NULL;
        if (!bs_yaml_text(y, &v, &rel)) return;
        t->fonts_conf = bs_path_join_dir(t->arena, t->path, rel);
        errno = 0;
        if (!is_file(t->fonts_conf))
            bs_fail(y->ctx, v.loc, "cannot read fonts-conf '%s': %s", rel,
                    errno ? strerror(errno) : "not a file");
        return;
    }
    t->fonts_conf = find_fonts_conf(t->arena, t->path);
    if (!t->fonts_conf)
        bs_fail(y->ctx, root->loc,
                "no fonts.conf in the template's folder or a folder above it; name one with 'fonts-conf'");
}

/* Read the grid except its place (top, left), which needs the paper. */
static bool read_grid(bs_yaml *y, bs_template *t, const bs_ymap *root, bs_ymap *grid)
{
    bs_yval v;
    if (!bs_yaml_need(y, root, "grid", &v) || !bs_yaml_map(y, &v, "grid", grid_keys, grid)) return false;
    int before = bs_ctx_errors(y->ctx);
    if (bs_yaml_need(y, grid, "size", &v)) bs_yaml_length(y, &v, NULL, BS_YLEN_POSITIVE, &t->zi);
    bs_unit_basis pitch_basis = {0, t->zi, 0};
    if (bs_yaml_need(y, grid, "pitch", &v)) bs_yaml_length(y, &v, &pitch_basis, BS_YLEN_POSITIVE, &t->hang);
    bs_unit_basis basis = {0, t->zi, t->hang};
    if (bs_yaml_need(y, grid, "columns", &v)) bs_yaml_count(y, &v, &t->columns);
    if (bs_yaml_need(y, grid, "column-width", &v))
        bs_yaml_length(y, &v, &basis, BS_YLEN_POSITIVE, &t->column_w);
    t->gutter = t->zi;
    v = bs_yaml_get(y, grid, "gutter");
    bs_yaml_length(y, &v, &basis, BS_YLEN_NONNEG, &t->gutter);
    if (bs_yaml_need(y, grid, "lines", &v)) bs_yaml_count(y, &v, &t->lines);
    v = bs_yaml_get(y, grid, "rule");
    bs_yaml_length(y, &v, &basis, BS_YLEN_NONNEG, &t->rule_weight);
    t->rule_color = BS_CMYK_BLACK;
    v = bs_yaml_get(y, grid, "rule-color");
    bs_yaml_cmyk(y, &v, &t->rule_color);
    return bs_ctx_errors(y->ctx) == before;
}

static bool read_paper(bs_yaml *y, bs_template *t, const bs_ymap *root)
{
    bs_yval v;
    bs_ymap paper;
    if (!bs_yaml_need(y, root, "paper", &v) || !bs_yaml_map(y, &v, "paper", paper_keys, &paper))
        return false;
    int before = bs_ctx_errors(y->ctx);
    bs_unit_basis basis = {0, t->zi, t->hang};
    if (bs_yaml_need(y, &paper, "width", &v)) bs_yaml_length(y, &v, &basis, BS_YLEN_POSITIVE, &t->trim_w);
    if (bs_yaml_need(y, &paper, "height", &v)) bs_yaml_length(y, &v, &basis, BS_YLEN_POSITIVE, &t->trim_h);
    t->bleed = 3 * BS_PT_PER_MM;
    v = bs_yaml_get(y, &paper, "bleed");
    bs_yaml_length(y, &v, &basis, BS_YLEN_NONNEG, &t->bleed);
    t->marks = true;
    v = bs_yaml_get(y, &paper, "marks");
    if (v.node) bs_yaml_bool(y, &v, &t->marks);
    return bs_ctx_errors(y->ctx) == before;
}

/* Place the type area on one axis: at the given offset, else centred. */
static void place_axis(bs_yaml *y, const bs_template *t, const bs_ymap *grid, const char *key,
                       double area, double trim, const char *dimension, double *origin)
{
    bs_unit_basis basis = {0, t->zi, t->hang};
    bs_yval v = bs_yaml_get(y, grid, key);
    *origin = (trim - area) / 2;
    if (!bs_yaml_length(y, &v, &basis, BS_YLEN_NONNEG, origin)) return;
    if (*origin + area <= trim + FIT_TOLERANCE) return;
    if (v.node)
        bs_fail(y->ctx, v.loc, "the type area, %.2fmm %s from %s %.2fmm, ends past the trim (%.2fmm %s)",
                area / BS_PT_PER_MM, dimension, key, *origin / BS_PT_PER_MM, trim / BS_PT_PER_MM, dimension);
    else
        bs_fail(y->ctx, grid->loc, "the type area (%.2fmm %s) does not fit in the trim (%.2fmm %s)",
                area / BS_PT_PER_MM, dimension, trim / BS_PT_PER_MM, dimension);
}

static void place_type_area(bs_yaml *y, bs_template *t, const bs_ymap *grid)
{
    t->area_w = t->columns * t->column_w + (t->columns - 1) * t->gutter;
    t->area_h = t->lines * t->hang;
    place_axis(y, t, grid, "left", t->area_w, t->trim_w, "wide", &t->area_x);
    place_axis(y, t, grid, "top", t->area_h, t->trim_h, "high", &t->area_y);
}

static void read_template(bs_yaml *y, bs_template *t)
{
    bs_yval root = bs_yaml_root(y);
    bs_ymap map;
    if (!root.node) {
        bs_fail(y->ctx, root.loc, "the template is empty");
        return;
    }
    if (!bs_yaml_map(y, &root, "template", template_keys, &map)) return;
    bs_yval v;
    if (bs_yaml_need(y, &map, "name", &v)) bs_yaml_text(y, &v, &t->name);
    read_fonts_conf(y, t, &map);
    bs_ymap grid;
    bool grid_ok = read_grid(y, t, &map, &grid);
    bool paper_ok = read_paper(y, t, &map);
    if (grid_ok && paper_ok) place_type_area(y, t, &grid);
    bs_styles_read(y, t, &map);
}

static void read_template_document(bs_yaml *y, void *user)
{
    bs_template *t = user;
    t->path = y->path;
    read_template(y, t);
}

bs_template *bs_template_load(bs_ctx *ctx, const char *path)
{
    bs_arena *arena = bs_arena_new();
    bs_template *t = BS_ARENA_NEW(arena, bs_template);
    t->arena = arena;
    if (!bs_yaml_load_file(ctx, arena, path, read_template_document, t)) {
        bs_arena_free(arena);
        return NULL;
    }
    return t;
}

void bs_template_free(bs_template *tpl)
{
    if (tpl) bs_arena_free(tpl->arena);
}

const bs_style *bs_template_style(const bs_template *tpl, const char *name)
{
    for (size_t i = 0; i < tpl->nstyles; i++)
        if (strcmp(tpl->styles[i].name, name) == 0) return &tpl->styles[i];
    return NULL;
}

double bs_template_column_x(const bs_template *tpl, int column)
{
    return tpl->area_x + (column - 1) * (tpl->column_w + tpl->gutter);
}

double bs_template_line_top(const bs_template *tpl, int line)
{
    return tpl->area_y + (line - 1) * tpl->hang;
}
