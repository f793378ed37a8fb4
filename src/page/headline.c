/* headline.c - 引题, 主题 and 副题 set as one unit in the headline area,
 * stacked and centred vertically. The title takes the largest size in its
 * style's range (min-size … size) at which it fits the number of lines the
 * page asks for (title-lines, default 1) and the whole unit fits the area;
 * the U+3000 between its clauses is a break only when two or more lines are
 * asked for. */
#include "page_internal.h"

#include <string.h>

/* Sizes are tried from the style's size down in these steps. */
#define TITLE_SIZE_STEP 0.5

typedef struct part {
    const char *text;
    const bs_style *style;
    const char *role;
    bs_clause_breaks clauses;
    int lines;
    double width;        /* the widest line */
} part;

static bool measure_part(bs_pagectx *pc, part *p, double width)
{
    bs_para_text pt;
    bs_para_text_init(&pt, p->style);
    bs_para_text_add(&pt, p->text, strlen(p->text), p->style, false);
    bs_para_spec spec = {.text = pt.text, .len = pt.len, .spans = pt.spans, .nspans = pt.nspans,
                         .style = p->style, .no_indent = true, .clauses = p->clauses};
    bs_para_layout *layout = bs_compose_fixed(pc, &spec, width);
    bool ok = layout != NULL;
    if (ok) {
        p->lines = (int)layout->nlines;
        p->width = 0;
        for (size_t k = 0; k < layout->nlines; k++)
            if (layout->lines[k].natural > p->width) p->width = layout->lines[k].natural;
    }
    bs_para_text_free(&pt);
    return ok;
}

/* Height of the stacked parts, from the first em box's top to the last's
 * bottom. */
static double stack_height(const part *parts, size_t n, double gap)
{
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) h += gap;
        h += (parts[i].lines - 1) * bs_style_pitch(parts[i].style) + parts[i].style->size;
    }
    return h;
}

static bs_style *sized_style(bs_pagectx *pc, const bs_style *style, double size)
{
    bs_style *s = BS_ARENA_NEW(pc->scratch, bs_style);
    *s = *style;
    s->leading = style->leading * size / style->size;
    s->size = size;
    return s;
}

static bool collect_parts(bs_pagectx *pc, const bs_story *story, part *parts, size_t *n)
{
    const bs_field *fields[3] = {&story->kicker, &story->title, &story->subtitle};
    const char *roles[3] = {"kicker", "title", "subtitle"};
    *n = 0;
    bool ok = true;
    for (int i = 0; i < 3; i++) {
        if (!fields[i]->text) continue;
        const bs_style *style = bs_need_style(pc, roles[i], fields[i]->loc);
        if (!style) {
            ok = false;
            continue;
        }
        parts[(*n)++] = (part){.text = fields[i]->text, .style = style, .role = roles[i]};
    }
    return ok;
}

typedef enum { FITS, TOO_MANY_LINES, TOO_WIDE, TOO_TALL } fit_result;

static bool try_size(bs_pagectx *pc, part *parts, size_t n, size_t title, int title_lines, const bs_rect *area,
                     double gap, fit_result *result)
{
    for (size_t i = 0; i < n; i++)
        if (!measure_part(pc, &parts[i], area->w)) return false;
    *result = FITS;
    if (title < n && parts[title].lines > title_lines) *result = TOO_MANY_LINES;
    for (size_t i = 0; i < n; i++)
        if (parts[i].width > area->w + 0.01) *result = TOO_WIDE;
    if (*result == FITS && stack_height(parts, n, gap) > area->h + 0.01) *result = TOO_TALL;
    return true;
}

static const char *fit_problem(fit_result r)
{
    switch (r) {
    case TOO_MANY_LINES: return "more lines than title-lines asks for";
    case TOO_WIDE: return "a line wider than the area";
    case TOO_TALL: return "more height than the area has";
    case FITS: break;
    }
    return "";
}

bool bs_compose_headline(bs_pagectx *pc, const bs_block *block, const bs_story *story, bs_story_report *rep)
{
    part parts[3];
    size_t n;
    if (!collect_parts(pc, story, parts, &n)) return false;
    if (n == 0) return true;
    const bs_rect area = block->headline.rect;
    size_t title = n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].role, "title") == 0) title = i;
    int title_lines = block->title_lines > 0 ? block->title_lines : 1;
    if (title < n) parts[title].clauses = title_lines == 1 ? BS_CLAUSES_KEEP : BS_CLAUSES_PREFER;

    double gap = 0.6 * pc->tpl->zi;
    const bs_style *title_style = title < n ? parts[title].style : NULL;
    fit_result result;
    for (double size = title_style ? title_style->size : 0;; size -= TITLE_SIZE_STEP) {
        if (title_style) parts[title].style = sized_style(pc, title_style, size);
        if (!try_size(pc, parts, n, title, title_lines, &area, gap, &result)) return false;
        if (result == FITS || !title_style || size - TITLE_SIZE_STEP < title_style->min_size - 1e-9) break;
    }
    if (result != FITS)
        bs_warn(pc->ctx, block->headline.loc, "the headline of %s does not fit its area: %s%s", block->file,
                fit_problem(result), title_style ? " even at the title style's min-size" : "");
    if (title < n) rep->title_size = parts[title].style->size;

    double top = area.y + (area.h - stack_height(parts, n, gap)) / 2;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (i > 0) top += gap;
        ok = bs_set_headline_part(pc, parts[i].text, parts[i].style, parts[i].clauses, area.x, top, area.w,
                                  parts[i].role);
        top += (parts[i].lines - 1) * bs_style_pitch(parts[i].style) + parts[i].style->size;
    }
    return ok;
}
