/* textset.c - from paragraphs to positioned lines in the display list. */
#include "page_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const bs_style *bs_need_style(bs_pagectx *pc, const char *name, bs_loc where)
{
    const bs_style *style = bs_template_style(pc->tpl, name);
    if (!style)
        bs_fail(pc->ctx, where, "the template %s has no style '%s', which this block needs", pc->tpl->path, name);
    return style;
}

void bs_para_text_init(bs_para_text *pt, const bs_style *style)
{
    memset(pt, 0, sizeof *pt);
    pt->style = style;
}

void bs_para_text_add(bs_para_text *pt, const char *s, size_t n, const bs_style *style,
                      bool keep_together)
{
    if (n == 0) return;
    bs_para_text grown = *pt;
    char *text = bs_xrealloc(grown.text, grown.len + n + 1);
    memcpy(text + grown.len, s, n);
    text[grown.len + n] = '\0';
    /* extend the last span when nothing about it changes */
    bs_text_span *last = grown.nspans ? &grown.spans[grown.nspans - 1] : NULL;
    if (last && last->style == style && last->keep_together == keep_together && !keep_together) {
        last->end += n;
    } else {
        BS_VEC_RESERVE(grown.spans, grown.cap, grown.nspans + 1);
        grown.spans[grown.nspans++] = (bs_text_span){grown.len, grown.len + n, style, keep_together};
    }
    grown.text = text;
    grown.len += n;
    *pt = grown;
}

void bs_para_text_drop_front(bs_para_text *pt, size_t offset)
{
    if (!pt->text) return;
    if (offset > pt->len) offset = pt->len;
    memmove(pt->text, pt->text + offset, pt->len - offset + 1);
    pt->len -= offset;
    size_t kept = 0;
    for (size_t i = 0; i < pt->nspans; i++) {
        bs_text_span span = pt->spans[i];
        if (span.end <= offset) continue;
        span.start = span.start > offset ? span.start - offset : 0;
        span.end -= offset;
        pt->spans[kept++] = span;
    }
    pt->nspans = kept;
}

void bs_para_text_free(bs_para_text *pt)
{
    free(pt->text);
    free(pt->spans);
    memset(pt, 0, sizeof *pt);
}

static double fixed_width(void *user, int line)
{
    (void)line;
    return *(const double *)user;
}

bs_para_layout *bs_compose_fixed(bs_pagectx *pc, const bs_para_spec *spec, double width)
{
    bs_para_spec located = *spec;
    if (!located.loc.file) located.loc = pc->where;
    return bs_compose(pc->composer, pc->scratch, &located, fixed_width, &width);
}

bs_para_layout *bs_set_fixed(bs_pagectx *pc, const bs_para_text *pt, double width, bool no_indent)
{
    bs_para_spec spec = {
        .text = pt->text ? pt->text : "",
        .len = pt->len,
        .spans = pt->spans,
        .nspans = pt->nspans,
        .style = pt->style,
        .no_indent = no_indent,
    };
    return bs_compose_fixed(pc, &spec, width);
}

void bs_emit_line(bs_pagectx *pc, const char *text, const bs_line *line, double x, double baseline,
                  const char *role, int para, int line_index, int column)
{
    for (size_t r = 0; r < line->nruns; r++) {
        const bs_line_run *run = &line->runs[r];
        bs_dl_item *item = bs_dlist_add(pc->dl, BS_DL_TEXT);
        item->origin.role = role;
        item->origin.block = pc->block;
        item->origin.para = para;
        item->origin.line = line_index;
        item->origin.column = column;
        bs_dl_text *t = &item->u.text;
        bs_dlist_hold_font(pc->dl, run->font);
        t->font = run->font;
        t->size = run->style->size;
        t->color = run->style->color;
        t->x = x + (run->nglyphs ? run->x[0] : 0);
        t->y = baseline;
        t->len = run->end - run->start;
        t->text = bs_arena_strndup(pc->dl->arena, text + run->start, t->len);
        t->nglyphs = run->nglyphs;
        t->glyphs = bs_dlist_alloc(pc->dl, run->nglyphs * sizeof *t->glyphs);
        for (size_t g = 0; g < run->nglyphs; g++)
            t->glyphs[g] = (bs_dl_glyph){run->glyphs[g], x + run->x[g], baseline + run->y[g]};
        t->nclusters = run->nclusters;
        t->clusters = bs_dlist_alloc(pc->dl, run->nclusters * sizeof *t->clusters);
        for (size_t k = 0; k < run->nclusters; k++)
            t->clusters[k] = (bs_dl_cluster){run->cluster_bytes[k], run->cluster_glyphs[k]};
        /* the run ends where the next begins, or at the line's end */
        double end = r + 1 < line->nruns && line->runs[r + 1].nglyphs ? line->runs[r + 1].x[0] : line->width;
        t->width = end - (t->x - x);
    }
}

double bs_style_ascent(bs_pagectx *pc, const bs_style *style)
{
    double above, below;
    bs_fonts_embox(pc->fonts, NULL, style->size, &above, &below);
    return above;
}

static double set_block(bs_pagectx *pc, const char *text, const bs_style *style, bs_clause_breaks clauses,
                        double x, double top, double width, const char *role, bool emit, bool *ok)
{
    bs_para_text pt;
    bs_para_text_init(&pt, style);
    bs_para_text_add(&pt, text, strlen(text), style, false);
    /* text at the grid's size in a block that starts on a column sits on
     * the character grid too (a centred line starts on a whole cell) */
    const bs_template *tpl = pc->tpl;
    double cells = (x - tpl->area_x) / (tpl->column_w + tpl->gutter);
    bool on_column = fabs(cells - (double)(long)(cells + 0.5)) < 1e-6;
    bs_para_spec spec = {.text = pt.text ? pt.text : "", .len = pt.len, .spans = pt.spans, .nspans = pt.nspans,
                         .style = style, .clauses = clauses,
                         .on_grid = on_column && fabs(style->size - tpl->zi) < 0.01};
    bs_para_layout *layout = bs_compose_fixed(pc, &spec, width);
    double height = 0;
    if (!layout) {
        *ok = false;
    } else {
        double ascent = bs_style_ascent(pc, style);
        for (size_t k = 0; k < layout->nlines; k++) {
            if (emit)
                bs_emit_line(pc, pt.text, &layout->lines[k], x, top + ascent + (double)k * bs_style_pitch(style),
                             role, -1, (int)k, -1);
        }
        height = (double)layout->nlines * bs_style_pitch(style);
    }
    bs_para_text_free(&pt);
    return height;
}

double bs_set_block_text(bs_pagectx *pc, const char *text, const bs_style *style, double x, double top,
                         double width, const char *role, bool emit, bool *ok)
{
    return set_block(pc, text, style, BS_CLAUSES_PLAIN, x, top, width, role, emit, ok);
}

bool bs_set_headline_part(bs_pagectx *pc, const char *text, const bs_style *style, bs_clause_breaks clauses,
                          double x, double top, double width, const char *role)
{
    bool ok = true;
    set_block(pc, text, style, clauses, x, top, width, role, true, &ok);
    return ok;
}

void bs_draw_rect(bs_pagectx *pc, bs_rect r, double stroke, bs_cmyk color, const char *role)
{
    bs_dl_item *item = bs_dlist_add(pc->dl, BS_DL_RECT);
    item->origin.role = role;
    item->origin.block = pc->block;
    item->u.rect = (bs_dl_rect){.r = r, .fill = stroke <= 0, .fill_color = color, .stroke = stroke,
                                .stroke_color = color};
}

void bs_draw_line(bs_pagectx *pc, double x0, double y0, double x1, double y1, double weight, bs_cmyk color,
                  const char *role)
{
    bs_dl_item *item = bs_dlist_add(pc->dl, BS_DL_LINE);
    item->origin.role = role;
    item->origin.block = pc->block;
    item->u.line = (bs_dl_line){x0, y0, x1, y1, weight, color};
}
