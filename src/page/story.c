/* story.c - a story's body threaded through its frames: each frame is cut
 * into column slots (the grid's columns, or N equal ones for a split
 * frame), and paragraphs are broken whole, line after line, down one slot
 * and on into the next, every line on the page's baseline grid. */
#include "page_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    double x, w, top;
    int nlines;          /* grid lines */
    int grid_line;       /* the slot's first grid line (1-based), 0 if off grid */
} slot;

typedef struct flow {
    bs_pagectx *pc;
    slot *slots;
    size_t nslots;
    int capacity;        /* grid lines in all slots */
    int next;            /* the next free grid line, counted through all slots */
    int step;            /* grid lines per text line of the paragraph at hand */
    int start;           /* first grid line of the paragraph at hand */
} flow;

static void add_slots(flow *f, const bs_place *frame, bs_arena *arena, size_t *cap)
{
    const bs_template *tpl = f->pc->tpl;
    int n = frame->split > 0 ? frame->split : (frame->span > 0 ? frame->span : 1);
    double w = frame->split > 0 || frame->span == 0 ? (frame->rect.w - (n - 1) * tpl->gutter) / n : tpl->column_w;
    int lines = (int)floor(frame->rect.h / tpl->hang + 1e-6);
    for (int i = 0; i < n; i++) {
        if (f->nslots == *cap) {
            slot *grown = BS_ARENA_ARRAY(arena, slot, *cap ? *cap * 2 : 8);
            if (f->nslots) memcpy(grown, f->slots, f->nslots * sizeof *grown);
            f->slots = grown;
            *cap = *cap ? *cap * 2 : 8;
        }
        slot *s = &f->slots[f->nslots++];
        s->x = frame->rect.x + i * (w + tpl->gutter);
        s->w = w;
        s->top = frame->rect.y;
        s->nlines = lines;
        s->grid_line = frame->line;
        f->capacity += lines;
        bs_mark_text_cells(f->pc, s->x, s->w, frame->line, lines);
    }
}

/* The slot holding grid line g of the flow, and the row within it. */
static const slot *locate(const flow *f, int g, int *row)
{
    *row = -1;
    for (size_t i = 0; i < f->nslots; i++) {
        if (g < f->slots[i].nlines) {
            *row = g;
            return &f->slots[i];
        }
        g -= f->slots[i].nlines;
    }
    return NULL;
}

static double line_width(void *user, int line)
{
    const flow *f = user;
    int row;
    const slot *s = locate(f, f->start + line * f->step, &row);
    if (!s) s = &f->slots[f->nslots - 1];   /* overset: keep breaking at the last width */
    return s->w;
}

/* Grid lines a line of this style takes. */
static int grid_step(const bs_template *tpl, const bs_style *style)
{
    int step = (int)ceil(bs_style_pitch(style) / tpl->hang - 0.01);
    return step < 1 ? 1 : step;
}

/* Move `next` so that a text line of `step` grid lines does not straddle
 * two slots. */
static int fit_in_slot(const flow *f, int g, int step)
{
    int row;
    const slot *s = locate(f, g, &row);
    if (s && row + step > s->nlines) return g + (s->nlines - row);
    return g;
}

/* The grid line each line of the layout lands on (-1 when overset). */
static void land_lines(const flow *f, const bs_para_layout *layout, int *grid)
{
    int next = f->start;
    for (size_t k = 0; k < layout->nlines; k++) {
        int row;
        int g = fit_in_slot(f, next, f->step);
        grid[k] = locate(f, g, &row) ? g : -1;
        next = g + f->step;
    }
}

/* 寡行: the paragraph's last line alone at the top of a column, the rest of
 * the paragraph in the column before. */
static bool widowed(const flow *f, const bs_para_layout *layout, int *grid)
{
    if (layout->nlines < 2) return false;
    land_lines(f, layout, grid);
    int last = grid[layout->nlines - 1], before = grid[layout->nlines - 2];
    if (last < 0 || before < 0) return false;
    int row_last, row_before;
    const slot *s_last = locate(f, last, &row_last), *s_before = locate(f, before, &row_before);
    return s_last != s_before && row_last == 0;
}

/* A setting that moves a 寡行 must be as clean as the one it replaces:
 * no line loose or too long, no 孤字. */
static bool clean(const bs_para_layout *layout)
{
    if (!layout || layout->loose_lines > 0 || layout->orphan) return false;
    for (size_t k = 0; k < layout->nlines; k++)
        if (layout->lines[k].width > layout->lines[k].measure + 0.01) return false;
    return true;
}

/* The paragraph set again in exactly `lines` lines, if that is clean and
 * moves the 寡行; NULL otherwise. */
static bs_para_layout *set_in(flow *f, bs_para_spec *spec, size_t lines, int *grid)
{
    bs_pagectx *pc = f->pc;
    if (lines < 1) return NULL;
    spec->target_lines = (int)lines;
    bs_para_layout *other = bs_compose(pc->composer, pc->scratch, spec, line_width, f);
    spec->target_lines = 0;
    if (!other || other->nlines != lines) return NULL;
    return clean(other) && !widowed(f, other, grid) ? other : NULL;
}

/* First pull the last line back (one line fewer), then give it company
 * (one more); else leave it and say so. */
static bs_para_layout *without_widow(flow *f, bs_para_spec *spec, bs_para_layout *layout, int *grid,
                                     bs_story_report *rep)
{
    if (!widowed(f, layout, grid)) return layout;
    bs_para_layout *other = set_in(f, spec, layout->nlines - 1, grid);
    if (!other) other = set_in(f, spec, layout->nlines + 1, grid);
    if (!other) {
        rep->widows_left++;
        return layout;
    }
    rep->widows_avoided++;
    return other;
}

/* Compose one paragraph into the flow and emit the lines that fit. */
static bool flow_paragraph(flow *f, const bs_para_text *pt, bool no_indent, const char *role, int para,
                           bs_story_report *rep)
{
    bs_pagectx *pc = f->pc;
    const bs_template *tpl = pc->tpl;
    f->step = grid_step(tpl, pt->style);
    f->next = fit_in_slot(f, f->next, f->step);
    f->start = f->next;
    bs_para_spec spec = {.text = pt->text, .len = pt->len, .spans = pt->spans, .nspans = pt->nspans,
                         .style = pt->style, .no_indent = no_indent,
                         .on_grid = fabs(pt->style->size - tpl->zi) < 0.01, .loc = pc->where};
    bs_para_layout *layout = bs_compose(pc->composer, pc->scratch, &spec, line_width, f);
    if (!layout) return false;
    if (layout->forced_breaks > 0)
        bs_warn(pc->ctx, spec.loc, "a word longer than the column was broken where it has no break opportunity "
                "(%d %s): check the text, or widen the frame", layout->forced_breaks,
                layout->forced_breaks == 1 ? "time" : "times");
    int *grid = bs_xmalloc((layout->nlines + 2) * sizeof *grid);
    layout = without_widow(f, &spec, layout, grid, rep);
    free(grid);
    double ascent = bs_style_ascent(pc, pt->style);
    for (size_t k = 0; k < layout->nlines; k++) {
        const bs_line *line = &layout->lines[k];
        size_t chars = bs_utf8_count(pt->text + line->start, line->end - line->start);
        int row;
        int g = fit_in_slot(f, f->next, f->step);
        const slot *s = locate(f, g, &row);
        if (!s) {
            if (!rep->has_rest) {   /* where another page goes on */
                rep->has_rest = true;
                rep->rest_para = para;
                rep->rest_offset = line->start;
            }
            rep->overset_chars += chars;
            f->next = f->capacity;
            continue;
        }
        /* a line taller than one grid line is centred in the lines it takes */
        double region = f->step * tpl->hang - (tpl->hang - tpl->zi);
        double top = s->top + row * tpl->hang + (region - pt->style->size) / 2;
        bs_emit_line(pc, pt->text, line, s->x, top + ascent, role, para, (int)k, (int)(s - f->slots));
        f->next = g + f->step;
        rep->lines++;
        rep->chars += chars;
    }
    rep->compressions += layout->compressions;
    rep->push_ins += layout->push_ins;
    rep->push_outs += layout->push_outs;
    if (layout->max_stretch_em > rep->max_stretch_em) rep->max_stretch_em = layout->max_stretch_em;
    if (layout->max_shrink_em > rep->max_shrink_em) rep->max_shrink_em = layout->max_shrink_em;
    rep->loose_lines += layout->loose_lines;
    if (layout->orphan) rep->orphans++;
    if (layout->orphan_avoided) rep->orphans_avoided++;
    return true;
}

static void add_runs(bs_pagectx *pc, bs_para_text *pt, const bs_paragraph *para, const bs_style *plain,
                     const bs_style *strong, const bs_style *emph)
{
    for (size_t r = 0; r < para->nruns; r++) {
        const bs_run *run = &para->runs[r];
        const bs_style *style = run->kind == BS_RUN_STRONG ? strong : run->kind == BS_RUN_EMPH ? emph : plain;
        bs_para_text_add(pt, para->text + run->start, run->end - run->start, style, false);
    }
}

typedef struct story_styles {
    const bs_style *body, *lead_in, *emphasis, *subhead, *dateline, *byline, *jump;
} story_styles;

static bool find_styles(bs_pagectx *pc, const bs_block *block, const bs_story *story, bool jumps, story_styles *st)
{
    memset(st, 0, sizeof *st);
    st->body = bs_need_style(pc, "body", block->loc);
    if (!st->body) return false;
    st->lead_in = st->emphasis = st->subhead = st->body;
    bool ok = true;
    for (size_t i = 0; i < story->nparas; i++) {
        const bs_paragraph *p = &story->paras[i];
        if (p->kind == BS_PARA_SUBHEAD && !(st->subhead = bs_need_style(pc, "subhead", p->loc))) ok = false;
        for (size_t r = 0; r < p->nruns; r++) {
            if (p->runs[r].kind == BS_RUN_STRONG && !(st->lead_in = bs_need_style(pc, "lead-in", p->loc))) ok = false;
            if (p->runs[r].kind == BS_RUN_EMPH && !(st->emphasis = bs_need_style(pc, "emphasis", p->loc))) ok = false;
        }
    }
    if (story->dateline.text && !(st->dateline = bs_need_style(pc, "dateline", story->dateline.loc))) ok = false;
    if (story->byline.text && !(st->byline = bs_need_style(pc, "byline", story->byline.loc))) ok = false;
    if (story->jump_page && !(st->jump = bs_need_style(pc, "jump", story->jump.loc))) ok = false;
    if (jumps && !st->jump && !(st->jump = bs_need_style(pc, "jump", block->loc))) ok = false;
    return ok && st->lead_in && st->emphasis && st->subhead;
}

static bs_story_report *new_report(bs_pagectx *pc, const bs_block *block)
{
    bs_page_report *r = pc->report;
    bs_story_report *grown = BS_ARENA_ARRAY(r->arena, bs_story_report, r->nstories + 1);
    if (r->nstories) memcpy(grown, r->stories, r->nstories * sizeof *grown);
    r->stories = grown;
    bs_story_report *rep = &r->stories[r->nstories++];
    rep->file = block->file;
    rep->loc = block->loc;
    return rep;
}

/* The story's paragraph i as set: the dateline before the first, the
 * front matter's jump line after the last when the story does not go on
 * in the edition. */
static void assemble_paragraph(bs_pagectx *pc, const bs_story *story, const story_styles *st, size_t i,
                               bool jump_line, bs_para_text *pt)
{
    const bs_paragraph *para = &story->paras[i];
    bool subhead = para->kind == BS_PARA_SUBHEAD;
    const bs_style *style = subhead ? st->subhead : st->body;
    bs_para_text_init(pt, style);
    if (i == 0 && story->dateline.text)
        bs_para_text_add(pt, story->dateline.text, strlen(story->dateline.text), st->dateline, true);
    add_runs(pc, pt, para, style, subhead ? style : st->lead_in, subhead ? style : st->emphasis);
    if (jump_line && i + 1 == story->nparas && story->jump_page) {
        char *jump = bs_arena_printf(pc->scratch, "（下转%s版%s）", story->jump_page, story->jump_mark);
        bs_para_text_add(pt, jump, strlen(jump), st->jump, true);
    }
}

/* A line of its own in the jump style: （上接A01版①） or （下转A02版①）. */
static bool flow_jump_line(flow *f, const bs_style *jump, bs_align align, const char *text, bs_story_report *rep)
{
    bs_style *style = BS_ARENA_NEW(f->pc->scratch, bs_style);
    *style = *jump;
    style->align = align;
    bs_para_text pt;
    bs_para_text_init(&pt, style);
    bs_para_text_add(&pt, text, strlen(text), style, true);
    bool ok = flow_paragraph(f, &pt, true, "jump", -1, rep);
    bs_para_text_free(&pt);
    return ok;
}

/* The body from paragraph `from` (-1: the byline first), the first one
 * from byte `offset` on. */
static bool flow_body(bs_pagectx *pc, flow *f, const bs_story *story, const story_styles *st, int from,
                      size_t offset, bool jump_line, bs_story_report *rep)
{
    bool ok = true;
    if (from < 0 && story->byline.text) {
        bs_para_text pt;
        bs_para_text_init(&pt, st->byline);
        bs_para_text_add(&pt, story->byline.text, strlen(story->byline.text), st->byline, false);
        bs_para_text_drop_front(&pt, offset);
        pc->where = story->byline.loc;
        ok = flow_paragraph(f, &pt, true, "byline", -1, rep);
        bs_para_text_free(&pt);
        offset = 0;
    }
    for (size_t i = from < 0 ? 0 : (size_t)from; ok && i < story->nparas; i++) {
        bs_para_text pt;
        assemble_paragraph(pc, story, st, i, jump_line, &pt);
        bool resumed = (int)i == from && offset > 0;
        if (resumed) bs_para_text_drop_front(&pt, offset);
        bool subhead = story->paras[i].kind == BS_PARA_SUBHEAD;
        pc->where = story->paras[i].loc;
        ok = flow_paragraph(f, &pt, resumed, subhead ? "subhead" : "body", (int)i, rep);
        bs_para_text_free(&pt);
        rep->paragraphs++;
    }
    return ok;
}

static const bs_jump_out *jump_out(const bs_pagectx *pc, const bs_block *block)
{
    for (size_t i = 0; i < pc->opts->nout; i++)
        if (strcmp(pc->opts->out[i].story, block->file) == 0) return &pc->opts->out[i];
    return NULL;
}

static const bs_jump_in *jump_in(const bs_pagectx *pc, const bs_block *block)
{
    if (!block->continues) return NULL;
    for (size_t i = 0; i < pc->opts->nin; i++)
        if (strcmp(pc->opts->in[i].story, block->file) == 0 && strcmp(pc->opts->in[i].from_page, block->continues) == 0)
            return &pc->opts->in[i];
    return NULL;
}

static const char *circled(int mark)
{
    static const char *const numbers[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
                                          "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
    return mark >= 1 && mark <= 20 ? numbers[mark - 1] : "";
}

/* A story that goes on on another page keeps the last line of its last
 * frame for （下转A02版①）, and only when it does not fit here: set it
 * once with every line, and again with one line fewer if it overflows. */
static bool flow_leaving(bs_pagectx *pc, flow *f, const bs_story *story, const story_styles *st, int from,
                         size_t offset, const bs_jump_out *out, bs_story_report *rep)
{
    size_t items = pc->dl->nitems;
    int start = f->next;
    bs_story_report before = *rep;
    if (!flow_body(pc, f, story, st, from, offset, false, rep)) return false;
    if (!rep->has_rest) return true;
    pc->dl->nitems = items;
    *rep = before;
    slot *last = &f->slots[f->nslots - 1];
    last->nlines--;
    f->capacity--;
    f->next = start;
    bool ok = flow_body(pc, f, story, st, from, offset, false, rep);
    last->nlines++;
    f->capacity++;
    if (!ok) return false;
    /* what does not fit here goes on on the other page: not overset */
    rep->jump_to = out->to_page;
    rep->jumped_chars = rep->overset_chars;
    rep->overset_chars = 0;
    f->next = f->capacity - 1;
    char *text = bs_arena_printf(pc->scratch, "（下转%s版%s）", out->to_page, circled(out->mark));
    return flow_jump_line(f, st->jump, BS_ALIGN_END, text, rep);
}

/* Where the story starts on this page: at its beginning, or where the
 * page it continues from left off (after a （上接A01版①） line). */
static bool start_here(bs_pagectx *pc, const bs_block *block, flow *f, const story_styles *st, int *from,
                       size_t *offset, bs_story_report *rep)
{
    *from = -1;
    *offset = 0;
    if (!block->continues) return true;
    const bs_jump_in *in = jump_in(pc, block);
    if (!in)
        return bs_fail(pc->ctx, block->continues_loc,
                       "story %s continues from page %s: render it with its edition (broadsheet edition, or "
                       "render --edition) so that the text goes on where %s left off",
                       block->file, block->continues, block->continues);
    rep->jump_from = in->from_page;
    *from = in->para;
    *offset = in->offset;
    char *text = bs_arena_printf(pc->scratch, "（上接%s版%s）", in->from_page, circled(in->mark));
    return flow_jump_line(f, st->jump, BS_ALIGN_START, text, rep);
}

bool bs_compose_story(bs_pagectx *pc, const bs_block *block)
{
    const bs_story *story = block->story;
    story_styles st;
    const bs_jump_out *out = story ? jump_out(pc, block) : NULL;
    if (!story || !find_styles(pc, block, story, out != NULL || block->continues != NULL, &st)) return false;
    bs_story_report *rep = new_report(pc, block);
    if (block->has_headline && !bs_compose_headline(pc, block, story, rep)) return false;

    flow f = {.pc = pc};
    size_t cap = 0;
    for (size_t i = 0; i < block->nframes; i++) add_slots(&f, &block->frames[i], pc->scratch, &cap);
    rep->capacity = f.capacity;
    if (f.nslots == 0) return bs_fail(pc->ctx, block->loc, "story %s has no body frames", block->file);

    int from;
    size_t offset;
    if (!start_here(pc, block, &f, &st, &from, &offset, rep)) return false;
    /* the front matter's jump line is for a page set on its own */
    bool own_jump_line = !out && !block->continues;
    bool ok = out ? flow_leaving(pc, &f, story, &st, from, offset, out, rep)
                  : flow_body(pc, &f, story, &st, from, offset, own_jump_line, rep);
    if (!ok) return false;
    if (rep->overset_chars > 0)
        bs_warn(pc->ctx, block->loc, "story %s is overset: %zu characters do not fit its frames (%d lines)",
                block->file, rep->overset_chars, f.capacity);
    return true;
}
