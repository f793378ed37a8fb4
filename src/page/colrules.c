/* colrules.c - 栏线: a thin rule in each gutter, on the grid lines where
 * there is body text on both sides and no block (a headline, a photo, a
 * box) spans across the gutter. */
#include "page_internal.h"

#include <stdlib.h>

void bs_mark_text_cells(bs_pagectx *pc, double x, double w, int first_line, int nlines)
{
    const bs_template *tpl = pc->tpl;
    if (first_line <= 0 || !pc->text_cells) return;
    for (int c = 1; c <= tpl->columns; c++) {
        double cx = bs_template_column_x(tpl, c);
        if (cx < x - 0.5 || cx + tpl->column_w > x + w + 0.5) continue;
        for (int l = first_line - 1; l < first_line - 1 + nlines && l < tpl->lines; l++)
            pc->text_cells[(size_t)l * (size_t)tpl->columns + (size_t)(c - 1)] = 1;
    }
}

/* Does a rectangle (not a story's body frame) cross gutter g (after
 * column g, 1-based) on grid line l (0-based)? */
static bool crossed(const bs_template *tpl, const bs_rect *r, int g, int l)
{
    double mid = bs_template_column_x(tpl, g) + tpl->column_w + tpl->gutter / 2;
    double top = bs_template_line_top(tpl, l + 1);
    return r->x < mid && r->x + r->w > mid && r->y < top + tpl->hang - 0.01 && r->y + r->h > top + 0.01;
}

static bool gutter_blocked(const bs_page *page, const bs_template *tpl, int g, int l)
{
    for (size_t i = 0; i < page->nblocks; i++) {
        const bs_block *b = &page->blocks[i];
        if (b->kind == BS_BLOCK_STORY) {
            if (b->has_headline && crossed(tpl, &b->headline.rect, g, l)) return true;
            continue;
        }
        if (crossed(tpl, &b->place.rect, g, l)) return true;
    }
    return false;
}

void bs_compose_column_rules(bs_pagectx *pc)
{
    const bs_template *tpl = pc->tpl;
    if (tpl->rule_weight <= 0 || !pc->text_cells) return;
    pc->block = -1;
    for (int g = 1; g < tpl->columns; g++) {
        int run_start = -1;
        for (int l = 0; l <= tpl->lines; l++) {
            bool on = l < tpl->lines &&
                      pc->text_cells[(size_t)l * (size_t)tpl->columns + (size_t)(g - 1)] &&
                      pc->text_cells[(size_t)l * (size_t)tpl->columns + (size_t)g] &&
                      !gutter_blocked(pc->page, tpl, g, l);
            if (on && run_start < 0) run_start = l;
            if (!on && run_start >= 0) {
                double x = bs_template_column_x(tpl, g) + tpl->column_w + tpl->gutter / 2;
                double y0 = bs_template_line_top(tpl, run_start + 1);
                double y1 = bs_template_line_top(tpl, l) + tpl->zi;
                bs_draw_line(pc, x, y0, x, y1, tpl->rule_weight, tpl->rule_color, "column-rule");
                run_start = -1;
            }
        }
    }
}
