/* boxes.c - blocks made of a list of styled paragraphs: the ear (报眼), the
 * teaser box (导读), free text; and plain rules. */
#include "page_internal.h"

/* Stack the block's content items in `box`; with emit false only measure.
 * *used receives the height from the first em box's top to the last's
 * bottom. */
bool bs_compose_content(bs_pagectx *pc, const bs_block *block, const bs_rect *box, bool emit, double *used)
{
    double top = box->y, end = box->y;
    bool ok = true;
    for (size_t i = 0; i < block->ncontent && ok; i++) {
        const bs_item *item = &block->content[i];
        const bs_style *style = bs_need_style(pc, item->style, item->loc);
        if (!style) return false;
        if (i > 0) top += 0.25 * style->size;
        double h = bs_set_block_text(pc, item->text, style, box->x, top, box->w, item->style, emit, &ok);
        if (h > 0) end = top + h - (bs_style_pitch(style) - style->size);
        top += h;
    }
    *used = end - box->y;
    return ok;
}

static bs_rect inset(bs_rect r, double dx, double dy)
{
    return (bs_rect){r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
}

/* Ear, box and text: a border (if any) and the content centred in it. */
bool bs_compose_boxed(bs_pagectx *pc, const bs_block *block)
{
    bs_rect r = block->place.rect;
    bool framed = block->kind != BS_BLOCK_TEXT && block->border > 0;
    if (framed) bs_draw_rect(pc, inset(r, block->border / 2, block->border / 2), block->border, BS_CMYK_BLACK,
                             block->kind == BS_BLOCK_EAR ? "ear-border" : "box-border");
    double pad = framed ? pc->tpl->zi : 0;
    bs_rect content = inset(r, pad, pad / 2);
    double used = 0;
    if (!bs_compose_content(pc, block, &content, false, &used)) return false;
    if (used > content.h + 0.01)
        bs_warn(pc->ctx, block->loc, "the text of this block is %.1f mm taller than the block",
                (used - content.h) / BS_PT_PER_MM);
    if (block->kind != BS_BLOCK_TEXT && used < content.h) content.y += (content.h - used) / 2;
    return bs_compose_content(pc, block, &content, true, &used);
}

bool bs_compose_rule(bs_pagectx *pc, const bs_block *block)
{
    bs_rect r = block->place.rect;
    if (r.w >= r.h)
        bs_draw_line(pc, r.x, r.y + r.h / 2, r.x + r.w, r.y + r.h / 2, block->weight, block->color, "rule");
    else
        bs_draw_line(pc, r.x + r.w / 2, r.y, r.x + r.w / 2, r.y + r.h, block->weight, block->color, "rule");
    return true;
}
