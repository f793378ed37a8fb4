/* place.c - where a block sits: on the grid (columns and lines) or in
 * lengths from the type area's corner, one axis each; inside the type
 * area, and clear of every block placed before it. */
#include "load_internal.h"

#include <string.h>

const char *const bs_place_keys[] = {"column", "span", "line", "lines", "x", "width", "y", "height", NULL};

/* Lengths that add up in different units may miss by a hair. */
#define PLACE_TOLERANCE 0.01

/* One axis of the grid, as an editor names it. */
typedef struct axis {
    const char *cell, *count, *pos, *size;   /* keys */
    const char *count_fmt;                   /* "span %d", "%d lines" */
    const char *start_edge, *end_edge;       /* "left", "right" */
    const char *direction;                   /* "horizontal" */
    int default_count;                       /* 0: the count is required */
    int total;                               /* columns or lines */
    double origin, extent;                   /* the type area on this axis, pt */
    double cell_w, gap;                      /* one cell and the space between two */
} axis;

typedef struct span {
    int first, count;                        /* grid cells; 0 when in lengths */
    double pos, size;                        /* pt from the trim */
} span;

static axis horizontal(const bs_template *t)
{
    axis a = {"column", "span", "x", "width", "span %d", "left", "right", "horizontal", 1,
              t->columns, t->area_x, t->area_w, t->column_w, t->gutter};
    return a;
}

static axis vertical(const bs_template *t)
{
    axis a = {"line", "lines", "y", "height", "%d lines", "top", "bottom", "vertical", 0,
              t->lines, t->area_y, t->area_h, t->hang, 0};
    return a;
}

static bool grid_span(bs_pageload *pl, const bs_ymap *map, const axis *a, const bs_yval *cell,
                      const bs_yval *count, span *out)
{
    bs_yaml *y = pl->y;
    if (!cell->node)
        return bs_fail(pl->ctx, count->key_loc, "'%s' needs '%s'", a->count, a->cell);
    int first = 0, n = a->default_count;
    bool ok = bs_yaml_count(y, cell, &first);
    if (count->node) ok = bs_yaml_count(y, count, &n) && ok;
    else if (n == 0) return bs_fail(pl->ctx, map->loc, "missing key '%s' in %s", a->count, map->what);
    if (!ok) return false;
    if (first > a->total)
        return bs_fail(pl->ctx, cell->loc, "%s %d is past the last %s (%d)", a->cell, first, a->cell, a->total);
    if (first + n - 1 > a->total) {
        char count_text[32];
        snprintf(count_text, sizeof count_text, a->count_fmt, n);
        return bs_fail(pl->ctx, count->node ? count->loc : cell->loc, "%s %d with %s ends past %s %d",
                       a->cell, first, count_text, a->cell, a->total);
    }
    out->first = first;
    out->count = n;
    out->pos = a->origin + (first - 1) * (a->cell_w + a->gap);
    out->size = n * a->cell_w + (n - 1) * a->gap;
    return true;
}

static const char *written(bs_pageload *pl, const bs_yval *v)
{
    const char *text = "";
    bs_yaml_text(pl->y, v, &text);
    return text;
}

static bool length_span(bs_pageload *pl, const bs_ymap *map, const axis *a, const bs_yval *pos,
                        const bs_yval *size, span *out)
{
    if (!pos->node || !size->node)
        return bs_fail(pl->ctx, map->loc, "missing key '%s' in %s", pos->node ? a->size : a->pos, map->what);
    double p = 0, s = 0;
    bool ok = bs_page_length(pl, pos, BS_YLEN_ANY, &p);
    ok = bs_page_length(pl, size, BS_YLEN_POSITIVE, &s) && ok;
    if (!ok) return false;
    if (p < -PLACE_TOLERANCE)
        return bs_fail(pl->ctx, pos->loc, "%s %s starts %.2fpt before the %s edge of the type area",
                       a->pos, written(pl, pos), -p, a->start_edge);
    if (p + s > a->extent + PLACE_TOLERANCE)
        return bs_fail(pl->ctx, size->loc, "%s %s with %s %s ends %.2fpt past the %s edge of the type area",
                       a->pos, written(pl, pos), a->size, written(pl, size), p + s - a->extent, a->end_edge);
    out->pos = a->origin + p;
    out->size = s;
    return true;
}

static bool read_axis(bs_pageload *pl, const bs_ymap *map, const axis *a, span *out)
{
    bs_yval cell = bs_yaml_get(pl->y, map, a->cell), count = bs_yaml_get(pl->y, map, a->count);
    bs_yval pos = bs_yaml_get(pl->y, map, a->pos), size = bs_yaml_get(pl->y, map, a->size);
    bool grid = cell.node || count.node, lengths = pos.node || size.node;
    if (grid && lengths) {
        const bs_yval *g = cell.node ? &cell : &count, *l = pos.node ? &pos : &size;
        return bs_fail(pl->ctx, l->key_loc, "'%s' and '%s' both give the %s place; use %s and %s, or %s and %s",
                       g == &cell ? a->cell : a->count, l == &pos ? a->pos : a->size, a->direction,
                       a->cell, a->count, a->pos, a->size);
    }
    if (!grid && !lengths)
        return bs_fail(pl->ctx, map->loc, "no %s place in %s: give '%s' and '%s', or '%s' and '%s'",
                       a->direction, map->what, a->cell, a->count, a->pos, a->size);
    memset(out, 0, sizeof *out);
    return grid ? grid_span(pl, map, a, &cell, &count, out) : length_span(pl, map, a, &pos, &size, out);
}

static bool overlaps(const bs_rect *a, const bs_rect *b)
{
    double w = (a->x + a->w < b->x + b->w ? a->x + a->w : b->x + b->w) - (a->x > b->x ? a->x : b->x);
    double h = (a->y + a->h < b->y + b->h ? a->y + a->h : b->y + b->h) - (a->y > b->y ? a->y : b->y);
    return w > PLACE_TOLERANCE && h > PLACE_TOLERANCE;
}

/* Report at the later block, naming where the earlier one is. */
static void claim(bs_pageload *pl, const bs_place *place, const char *what)
{
    for (size_t i = 0; i < pl->nclaims; i++) {
        const bs_claim *c = &pl->claims[i];
        if (overlaps(&c->rect, &place->rect))
            bs_fail(pl->ctx, place->loc, "%s overlaps %s at %s:%d:%d", what, c->what, c->loc.file,
                    c->loc.line, c->loc.col);
    }
    BS_VEC_RESERVE(pl->claims, pl->claims_cap, pl->nclaims + 1);
    pl->claims[pl->nclaims++] = (bs_claim){place->rect, place->loc, what};
}

bool bs_place_read(bs_pageload *pl, const bs_ymap *map, const char *what, bs_place *out)
{
    if (!pl->tpl) return false;
    axis ax = horizontal(pl->tpl), ay = vertical(pl->tpl);
    span sx, sy;
    bool ok = read_axis(pl, map, &ax, &sx);
    ok = read_axis(pl, map, &ay, &sy) && ok;
    if (!ok) return false;
    out->rect = (bs_rect){sx.pos, sy.pos, sx.size, sy.size};
    out->column = sx.first;
    out->span = sx.count;
    out->line = sy.first;
    out->lines = sy.count;
    out->loc = map->loc;
    claim(pl, out, what);
    return true;
}

bool bs_page_length(bs_pageload *pl, const bs_yval *v, bs_ylen kind, double *out)
{
    if (!pl->tpl) return true;
    bs_unit_basis basis = {0, pl->tpl->zi, pl->tpl->hang};
    return bs_yaml_length(pl->y, v, &basis, kind, out);
}
