/* qr.c - QR blocks (label, teaser, code, 扫码更精彩) with the code drawn as
 * vector squares from libqrencode's matrix, and the strip that sets a row
 * of cells side by side. */
#include "page_internal.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_MODULES 4          /* ISO/IEC 18004 quiet zone */
#define MIN_MODULE_MM 0.3        /* below this, newsprint fills the modules in */

static QRecLevel ec_level(char ec)
{
    switch (ec) {
    case 'L': return QR_ECLEVEL_L;
    case 'Q': return QR_ECLEVEL_Q;
    case 'H': return QR_ECLEVEL_H;
    default: return QR_ECLEVEL_M;
    }
}

/* The dark modules of each row as runs of rectangles, one path. */
static void draw_code(bs_pagectx *pc, const QRcode *code, double x, double y, double module, const char *payload)
{
    size_t n = 0, cap = 64;
    bs_rect *rects = bs_xmalloc(cap * sizeof *rects);
    for (int row = 0; row < code->width; row++) {
        const unsigned char *line = code->data + (size_t)row * (size_t)code->width;
        for (int col = 0; col < code->width;) {
            if (!(line[col] & 1)) {
                col++;
                continue;
            }
            int end = col;
            while (end < code->width && (line[end] & 1)) end++;
            BS_VEC_RESERVE(rects, cap, n + 1);
            rects[n++] = (bs_rect){x + col * module, y + row * module, (end - col) * module, module};
            col = end;
        }
    }
    bs_dl_item *item = bs_dlist_add(pc->dl, BS_DL_RECTS);
    item->origin.role = "qr";
    item->origin.block = pc->block;
    item->u.rects.rects = bs_arena_memdup(pc->dl->arena, rects, n * sizeof *rects);
    item->u.rects.nrects = n;
    item->u.rects.color = BS_CMYK_BLACK;
    item->u.rects.payload = bs_arena_strdup(pc->dl->arena, payload);
    free(rects);
}

/* Height of a text part of the block, or 0 if it is absent. */
static double part(bs_pagectx *pc, const bs_block *block, const char *text, const char *style_name, double x,
                   double top, double w, bool emit, bool *ok)
{
    if (!text || !*text) return 0;
    const bs_style *style = bs_need_style(pc, style_name, block->loc);
    if (!style) {
        *ok = false;
        return 0;
    }
    return bs_set_block_text(pc, text, style, x, top, w, style_name, emit, ok);
}

bool bs_compose_qr(bs_pagectx *pc, const bs_block *block, const bs_rect *box)
{
    QRcode *code = QRcode_encodeString(block->url, 0, ec_level(block->ec), QR_MODE_8, 1);
    if (!code) {
        if (errno == ERANGE)
            return bs_fail(pc->ctx, block->loc, "the QR payload is too long for a QR code (%zu bytes)",
                           strlen(block->url));
        return bs_fail(pc->ctx, block->loc, "libqrencode could not encode the QR payload");
    }
    double pad = 0.5 * pc->tpl->zi;
    double x = box->x + pad, w = box->w - 2 * pad;
    bool ok = true;
    double top = box->y + pad;
    top += part(pc, block, block->label, "qr-label", x, top, w, true, &ok);
    top += part(pc, block, block->teaser, "qr-teaser", x, top, w, true, &ok);
    double footer_h = part(pc, block, block->footer, "qr-footer", x, 0, w, false, &ok);
    double bottom = box->y + box->h - pad - footer_h;
    double side = bottom - top < w ? bottom - top : w;
    int modules = code->width + 2 * QUIET_MODULES;
    double module = side / modules;
    if (side <= 0 || !ok) {
        QRcode_free(code);
        return ok ? bs_fail(pc->ctx, block->loc, "the QR block has no room left for its code") : false;
    }
    /* a code that cannot be scanned off the paper is not printed */
    if (module / BS_PT_PER_MM < MIN_MODULE_MM) {
        int width = code->width;
        QRcode_free(code);
        return bs_fail(pc->ctx, block->loc,
                       "the QR payload (%zu bytes) is too long for its block: the code's %d modules would be "
                       "%.3f mm, and newsprint needs at least %.1f mm; shorten the address or make the block larger",
                       strlen(block->url), width, module / BS_PT_PER_MM, MIN_MODULE_MM);
    }
    double cx = x + (w - side) / 2 + QUIET_MODULES * module;
    double cy = top + (bottom - top - side) / 2 + QUIET_MODULES * module;
    draw_code(pc, code, cx, cy, module, block->url);
    QRcode_free(code);
    part(pc, block, block->footer, "qr-footer", x, bottom, w, true, &ok);
    return ok;
}

bool bs_compose_strip(bs_pagectx *pc, const bs_block *block)
{
    bs_rect r = block->place.rect;
    if (block->ncells == 0) return bs_fail(pc->ctx, block->loc, "a strip needs at least one cell");
    if (block->border > 0)
        bs_draw_rect(pc, (bs_rect){r.x + block->border / 2, r.y + block->border / 2, r.w - block->border,
                                   r.h - block->border},
                     block->border, BS_CMYK_BLACK, "strip-border");
    double cell_w = r.w / (double)block->ncells;
    bool ok = true;
    for (size_t i = 0; i < block->ncells && ok; i++) {
        const bs_block *cell = &block->cells[i];
        bs_rect box = {r.x + i * cell_w, r.y, cell_w, r.h};
        if (i > 0 && block->border > 0)
            bs_draw_line(pc, box.x, r.y, box.x, r.y + r.h, block->border, BS_CMYK_BLACK, "strip-rule");
        if (cell->kind == BS_BLOCK_QR) {
            ok = bs_compose_qr(pc, cell, &box);
        } else {
            double pad = 0.5 * pc->tpl->zi, used = 0;
            bs_rect inner = {box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad};
            ok = bs_compose_content(pc, cell, &inner, false, &used);
            if (ok && used < inner.h) inner.y += (inner.h - used) / 2;
            if (ok) ok = bs_compose_content(pc, cell, &inner, true, &used);
        }
    }
    return ok;
}
