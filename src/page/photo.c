/* photo.c - a news photo (or a logo drawn as SVG): the picture as large as
 * the block allows above its photo headline, caption and credit (the full
 * width if the height leaves room, else the full height, centred), never
 * cropped; its effective resolution is reported. */
#include "page_internal.h"

#include <string.h>

/* Print shops want at least this many pixels per inch on paper. */
#define MIN_PPI 200.0

typedef struct caption_part {
    const char *text;
    const char *style;
} caption_part;

static double caption_height(bs_pagectx *pc, const caption_part *parts, size_t n, const bs_rect *r, double top,
                             bool emit, bool *ok)
{
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        const bs_style *style = bs_template_style(pc->tpl, parts[i].style);
        h += bs_set_block_text(pc, parts[i].text, style, r->x, top + h, r->w, parts[i].style, emit, ok);
    }
    return h;
}

static void add_image_report(bs_pagectx *pc, const bs_block *block, double ppi)
{
    bs_page_report *rep = pc->report;
    bs_image_report *grown = BS_ARENA_ARRAY(rep->arena, bs_image_report, rep->nimages + 1);
    if (rep->nimages) memcpy(grown, rep->images, rep->nimages * sizeof *grown);
    rep->images = grown;
    rep->images[rep->nimages++] = (bs_image_report){block->image, block->loc, ppi};
}

bool bs_compose_photo(bs_pagectx *pc, const bs_block *block)
{
    bs_rect r = block->place.rect;
    caption_part parts[3];
    size_t n = 0;
    if (block->title) parts[n++] = (caption_part){block->title, "caption-title"};
    if (block->caption) parts[n++] = (caption_part){block->caption, "caption"};
    if (block->credit) parts[n++] = (caption_part){block->credit, "credit"};
    for (size_t i = 0; i < n; i++)
        if (!bs_need_style(pc, parts[i].style, block->loc)) return false;

    bool ok = true;
    double gap = n ? 0.5 * pc->tpl->hang : 0;
    double cap_h = caption_height(pc, parts, n, &r, 0, false, &ok);
    if (!ok) return false;
    bs_rect area = {r.x, r.y, r.w, r.h - cap_h - gap};
    if (area.h < r.h * 0.25)
        return bs_fail(pc->ctx, block->loc, "the caption leaves too little room for the picture (%.0f mm)",
                       area.h / BS_PT_PER_MM);

    const bs_image_info *info = &block->image_info;
    double scale = area.w / info->px_w;
    if (info->px_h * scale > area.h) scale = area.h / info->px_h;
    double w = info->px_w * scale, h = info->px_h * scale;
    bs_dl_item *item = bs_dlist_add(pc->dl, BS_DL_IMAGE);
    item->origin.role = "photo";
    item->origin.block = pc->block;
    item->u.image = (bs_dl_image){
        .path = bs_arena_strdup(pc->dl->arena, block->image),
        .type = info->type,
        .px_w = info->px_w,
        .px_h = info->px_h,
        .r = {area.x + (area.w - w) / 2, area.y, w, h},
        .clip = {area.x + (area.w - w) / 2, area.y, w, h},
    };
    /* an SVG prints at the resolution it is rasterised to for print */
    double ppi = info->type == BS_IMAGE_SVG ? bs_svg_print_pixels(w, h, NULL, NULL) : info->px_w / (w / 72.0);
    add_image_report(pc, block, ppi);
    if (ppi < MIN_PPI)
        bs_warn(pc->ctx, block->loc, "photo %s is %.0f ppi as placed; print needs %.0f", block->image, ppi, MIN_PPI);

    caption_height(pc, parts, n, &r, area.y + h + gap, true, &ok);
    return ok;
}
