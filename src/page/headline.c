/* headline.c - 引题, 主题 and 副题 set as one unit in the headline area:
 * stacked, centred vertically, and the title made smaller, step by step,
 * until the whole unit fits the area. */
#include "page_internal.h"

#include <string.h>

/* The title is tried at its style's size and then smaller, down to this
 * share of it. */
#define TITLE_MIN_SCALE 0.6
#define TITLE_SCALE_STEP 0.04

typedef struct part {
    const char *text;
    const bs_style *style;
    const char *role;
    int lines;
    double width;        /* the widest line */
} part;

static bool measure_part(bs_pagectx *pc, part *p, double width)
{
    bs_para_text pt;
    bs_para_text_init(&pt, p->style);
    bs_para_text_add(&pt, p->text, strlen(p->text), p->style, false);
    bs_para_layout *layout = bs_set_fixed(pc, &pt, width, true);
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

static bs_style *scaled_style(bs_pagectx *pc, const bs_style *style, double scale)
{
    bs_style *s = BS_ARENA_NEW(pc->scratch, bs_style);
    *s = *style;
    s->size = style->size * scale;
    s->leading = style->leading * scale;
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

    const bs_style *title_style = title < n ? parts[title].style : NULL;
    double gap = 0.3 * pc->tpl->zi * 2;
    double scale = 1.0;
    for (;;) {
        for (size_t i = 0; i < n; i++)
            if (!measure_part(pc, &parts[i], area.w)) return false;
        bool fits = stack_height(parts, n, gap) <= area.h + 0.01;
        for (size_t i = 0; i < n; i++)
            if (parts[i].width > area.w + 0.01) fits = false;
        if (fits || title_style == NULL || scale - TITLE_SCALE_STEP < TITLE_MIN_SCALE - 1e-9) {
            if (!fits)
                bs_warn(pc->ctx, block->headline.loc,
                        "the headline of %s does not fit its area even with the title at %.1f pt",
                        block->file, parts[title < n ? title : 0].style->size);
            break;
        }
        scale -= TITLE_SCALE_STEP;
        parts[title].style = scaled_style(pc, title_style, scale);
    }
    if (title < n) rep->title_size = parts[title].style->size;

    double top = area.y + (area.h - stack_height(parts, n, gap)) / 2;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) top += gap;
        bs_set_block_text(pc, parts[i].text, parts[i].style, area.x, top, area.w, parts[i].role, true, &ok);
        top += (parts[i].lines - 1) * bs_style_pitch(parts[i].style) + parts[i].style->size;
    }
    return ok;
}
