/* proof.c - the proof marks an editor lays a page out with: the baseline
 * grid, each story's frames and the links between them, and a mark where a
 * story is overset. They are display items of role "proof", drawn on the
 * PNG and the screen PDF and never on the print PDF (the render room leaves
 * them out of anything drawn for plates). */
#include "page_internal.h"

#include <math.h>
#include <string.h>

/* Light enough that the text stays readable over them; the overset mark is
 * the one thing meant to shout. */
#define PROOF_GRID ((bs_cmyk){40, 0, 0, 0})       /* light cyan */
#define PROOF_FRAME ((bs_cmyk){50, 70, 0, 0})     /* violet */
#define PROOF_OVERSET ((bs_cmyk){0, 100, 100, 0}) /* red */

#define GRID_WEIGHT 0.4
#define FRAME_WEIGHT 0.5
#define MARK_WEIGHT 1.0
/* The overset mark's circle, as straight segments: display lines are what
 * every output draws, and at a few points across 32 of them read as round. */
#define MARK_SEGMENTS 32

static const char proof_role[] = "proof";

/* One line across the type area at each grid line's baseline, where body
 * text sits (a body line's em box starts at the top of its grid line). */
static void grid_lines(bs_pagectx *pc)
{
    const bs_template *tpl = pc->tpl;
    double above, below;
    bs_fonts_embox(pc->fonts, NULL, tpl->zi, &above, &below);
    pc->block = -1;
    for (int k = 1; k <= tpl->lines; k++) {
        double y = bs_template_line_top(tpl, k) + above;
        bs_draw_line(pc, tpl->area_x, y, tpl->area_x + tpl->area_w, y, GRID_WEIGHT, PROOF_GRID, proof_role);
        pc->dl->items[pc->dl->nitems - 1].origin.line = k;
    }
}

/* Each frame outlined, and a line from where a frame's text ends (its
 * bottom right, the foot of its last column) to where the next frame's
 * begins (its top left). origin.column is the frame's index. */
static void frames_and_links(bs_pagectx *pc, const bs_block *block)
{
    for (size_t i = 0; i < block->nframes; i++) {
        bs_rect r = block->frames[i].rect;
        bs_draw_rect(pc, r, FRAME_WEIGHT, PROOF_FRAME, proof_role);
        pc->dl->items[pc->dl->nitems - 1].origin.column = (int)i;
        if (i + 1 == block->nframes) break;
        bs_rect next = block->frames[i + 1].rect;
        bs_draw_line(pc, r.x + r.w, r.y + r.h, next.x, next.y, FRAME_WEIGHT, PROOF_FRAME, proof_role);
        pc->dl->items[pc->dl->nitems - 1].origin.column = (int)i;
    }
}

/* The story's report: reports are made in block order, and each carries
 * its block's place in the page file. */
static const bs_story_report *story_report(const bs_pagectx *pc, const bs_block *block)
{
    for (size_t i = 0; i < pc->report->nstories; i++) {
        const bs_story_report *rep = &pc->report->stories[i];
        if (rep->loc.line == block->loc.line && rep->loc.col == block->loc.col && rep->loc.file &&
            block->loc.file && strcmp(rep->loc.file, block->loc.file) == 0)
            return rep;
    }
    return NULL;
}

/* ⊕ centred on the bottom right corner of the story's last frame, where
 * its text ran out of room, and "+N字" (the characters overset) set below
 * the frame up to the mark. */
static bool overset_mark(bs_pagectx *pc, const bs_block *block, size_t overset)
{
    const bs_template *tpl = pc->tpl;
    bs_rect last = block->frames[block->nframes - 1].rect;
    double cx = last.x + last.w, cy = last.y + last.h, r = 0.6 * tpl->zi;
    for (int i = 0; i < MARK_SEGMENTS; i++) {
        double a0 = 2 * M_PI * i / MARK_SEGMENTS, a1 = 2 * M_PI * (i + 1) / MARK_SEGMENTS;
        bs_draw_line(pc, cx + r * cos(a0), cy + r * sin(a0), cx + r * cos(a1), cy + r * sin(a1), MARK_WEIGHT,
                     PROOF_OVERSET, proof_role);
    }
    bs_draw_line(pc, cx - r, cy, cx + r, cy, MARK_WEIGHT, PROOF_OVERSET, proof_role);
    bs_draw_line(pc, cx, cy - r, cx, cy + r, MARK_WEIGHT, PROOF_OVERSET, proof_role);

    const bs_style *body = bs_need_style(pc, "body", block->loc);
    if (!body) return false;
    bs_style *style = BS_ARENA_NEW(pc->scratch, bs_style);
    *style = *body;
    style->color = PROOF_OVERSET;
    style->align = BS_ALIGN_END;
    style->indent = 0;
    char *label = bs_arena_printf(pc->scratch, "+%zu字", overset);
    double width = last.w > 8 * tpl->zi ? 8 * tpl->zi : last.w;
    bool ok = true;
    bs_set_block_text(pc, label, style, cx - r - width, cy + 0.5 * r, width, proof_role, true, &ok);
    return ok;
}

bool bs_compose_proof(bs_pagectx *pc)
{
    grid_lines(pc);
    bool ok = true;
    for (size_t b = 0; b < pc->page->nblocks; b++) {
        const bs_block *block = &pc->page->blocks[b];
        if (block->kind != BS_BLOCK_STORY || block->nframes == 0) continue;
        pc->block = (int)b;
        frames_and_links(pc, block);
        const bs_story_report *rep = story_report(pc, block);
        if (rep && rep->overset_chars > 0 && !overset_mark(pc, block, rep->overset_chars)) ok = false;
    }
    pc->block = -1;
    return ok;
}
