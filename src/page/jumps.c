/* jumps.c - stories that go on from one page of an edition to another
 * (转版): which block continues which, the circled numbers, and where the
 * text resumes once the page it leaves is composed. */
#include "page_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int bs_edition_page_index(bs_page *const *pages, size_t npages, const char *id)
{
    for (size_t i = 0; i < npages; i++)
        if (pages[i]->id && strcmp(pages[i]->id, id) == 0) return (int)i;
    return -1;
}

/* Two pages may name one story file by different relative paths. */
static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return true;
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* The story block on `page` for this file; NULL if none, and an error if
 * the page has it twice. */
static const bs_block *story_block(bs_ctx *ctx, const bs_page *page, const char *file, bs_loc where, bool *ok)
{
    const bs_block *found = NULL;
    for (size_t i = 0; i < page->nblocks; i++) {
        const bs_block *b = &page->blocks[i];
        if (b->kind != BS_BLOCK_STORY || !b->file || !same_file(b->file, file)) continue;
        if (found) {
            *ok = bs_fail(ctx, where, "page %s sets story %s twice; a jump cannot tell which one goes on", page->id,
                          file);
            return NULL;
        }
        found = b;
    }
    return found;
}

static bool check_pages(bs_ctx *ctx, bs_page *const *pages, size_t npages)
{
    bool ok = true;
    for (size_t i = 0; i < npages; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(pages[i]->id, pages[j]->id) == 0)
                ok = bs_fail(ctx, bs_loc_file(pages[i]->path), "page %s is in the edition twice (also %s)",
                             pages[i]->id, pages[j]->path);
    return ok;
}

/* One `continues` block of page `to`: its source, checked. */
static bool resolve(bs_ctx *ctx, bs_page *const *pages, size_t npages, size_t to, const bs_block *b, int mark,
                    bs_arena *arena, bs_page_jumps *jumps)
{
    int from = bs_edition_page_index(pages, npages, b->continues);
    if (from < 0)
        return bs_fail(ctx, b->continues_loc, "story %s continues from page %s, which is not in the edition", b->file,
                       b->continues);
    if ((size_t)from >= to)
        return bs_fail(ctx, b->continues_loc, "story %s continues from page %s, which comes after %s in the edition",
                       b->file, b->continues, pages[to]->id);
    bool ok = true;
    const bs_block *source = story_block(ctx, pages[from], b->file, b->continues_loc, &ok);
    if (!ok) return false;
    if (!source)
        return bs_fail(ctx, b->continues_loc, "story %s continues from page %s, which does not set it", b->file,
                       b->continues);
    bs_page_jumps *src = &jumps[from];
    for (size_t k = 0; k < src->nout; k++)
        if (same_file(src->out[k].story, source->file))
            return bs_fail(ctx, b->continues_loc, "story %s already goes on from %s to %s", b->file, b->continues,
                           src->out[k].to_page);
    bs_jump_out *out = BS_ARENA_ARRAY(arena, bs_jump_out, src->nout + 1);
    if (src->nout) memcpy(out, src->out, src->nout * sizeof *out);
    out[src->nout++] = (bs_jump_out){source->file, pages[to]->id, mark};
    src->out = out;
    bs_page_jumps *dst = &jumps[to];
    bs_jump_in *in = BS_ARENA_ARRAY(arena, bs_jump_in, dst->nin + 1);
    if (dst->nin) memcpy(in, dst->in, dst->nin * sizeof *in);
    /* nothing to resume until the page it leaves is composed */
    in[dst->nin++] = (bs_jump_in){b->file, pages[from]->id, source->file, mark, INT_MAX, 0};
    dst->in = in;
    return true;
}

bool bs_edition_jumps(bs_ctx *ctx, bs_page *const *pages, size_t npages, bs_arena *arena, bs_page_jumps *jumps)
{
    memset(jumps, 0, npages * sizeof *jumps);
    if (!check_pages(ctx, pages, npages)) return false;
    bool ok = true;
    for (size_t to = 0; to < npages; to++) {
        int mark = 0;
        for (size_t i = 0; i < pages[to]->nblocks; i++) {
            const bs_block *b = &pages[to]->blocks[i];
            if (b->kind != BS_BLOCK_STORY || !b->continues) continue;
            if (!resolve(ctx, pages, npages, to, b, ++mark, arena, jumps)) ok = false;
        }
    }
    return ok;
}

void bs_jumps_take_rest(bs_ctx *ctx, const bs_page *from, const bs_page_report *report, bs_page_jumps *jumps,
                        size_t npages)
{
    for (size_t p = 0; p < npages; p++)
        for (size_t k = 0; k < jumps[p].nin; k++) {
            bs_jump_in *in = &jumps[p].in[k];
            if (strcmp(in->from_page, from->id) != 0) continue;
            const bs_story_report *rep = NULL;
            for (size_t s = 0; s < report->nstories; s++)
                if (report->stories[s].file && strcmp(report->stories[s].file, in->from_story) == 0)
                    rep = &report->stories[s];
            if (rep && rep->has_rest) {
                in->para = rep->rest_para;
                in->offset = rep->rest_offset;
            } else {
                bs_warn(ctx, rep ? rep->loc : bs_loc_file(from->path),
                        "story %s fits on page %s: nothing is left to go on with on the page that continues it",
                        in->from_story, from->id);
            }
        }
}
