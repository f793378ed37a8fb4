/* edition_set.c - an edition's pages loaded together, with the jumps that
 * carry stories from one page to another, and the composing of the pages a
 * page takes stories from (so that it knows where each one resumes). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

bs_edition_set *bs_edition_open(bs_ctx *ctx, const char *path, bool allow_outside)
{
    bs_edition_file *file = bs_edition_load(ctx, path);
    if (!file) return NULL;
    bs_edition_set *set = bs_xcalloc(1, sizeof *set);
    set->file = file;
    set->arena = bs_arena_new();
    set->pages = BS_ARENA_ARRAY(set->arena, bs_page *, file->npages);
    set->jumps = BS_ARENA_ARRAY(set->arena, bs_page_jumps, file->npages);
    bool ok = true;
    bs_page_source source = bs_page_source_for(set->arena, path, allow_outside);
    source.edition = &file->edition;
    source.memo = bs_probe_memo_new();
    for (size_t i = 0; i < file->npages; i++) {
        set->pages[set->npages] = bs_page_load_from(ctx, file->pages[i], &source);
        if (set->pages[set->npages]) set->npages++;
        else ok = false;
    }
    bs_probe_memo_free(source.memo);
    if (ok) ok = bs_edition_jumps(ctx, set->pages, set->npages, set->arena, set->jumps);
    if (!ok) {
        bs_edition_close(set);
        return NULL;
    }
    return set;
}

void bs_edition_close(bs_edition_set *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->npages; i++) bs_page_free(set->pages[i]);
    bs_arena_free(set->arena);
    bs_edition_free(set->file);
    free(set);
}

int bs_edition_find(const bs_edition_set *set, const char *path)
{
    char *want = realpath(path, NULL);
    int found = -1;
    for (size_t i = 0; want && found < 0 && i < set->npages; i++) {
        char *have = realpath(set->pages[i]->path, NULL);
        if (have && strcmp(have, want) == 0) found = (int)i;
        free(have);
    }
    free(want);
    return found;
}

bs_page_opts bs_edition_opts(const bs_edition_set *set, size_t i, bool proof)
{
    const bs_page_jumps *j = &set->jumps[i];
    return (bs_page_opts){j->out, j->nout, j->in, j->nin, proof};
}

static bool prepare(bs_ctx *ctx, bs_fonts *fonts, bs_edition_set *set, size_t i, bool *composed)
{
    for (size_t k = 0; k < set->jumps[i].nin; k++) {
        int from = bs_edition_page_index(set->pages, set->npages, set->jumps[i].in[k].from_page);
        if (from < 0 || composed[from]) continue;
        if (!prepare(ctx, fonts, set, (size_t)from, composed)) return false;
        bs_page_opts opts = bs_edition_opts(set, (size_t)from, false);
        bs_page_report report = {0};
        bs_dlist *dl = bs_page_compose_with(ctx, fonts, set->pages[from], &opts, &report);
        if (dl) bs_jumps_take_rest(ctx, set->pages[from], &report, set->jumps, set->npages);
        bs_page_report_free(&report);
        bs_dlist_free(dl);
        if (!dl) return false;
        composed[from] = true;
    }
    return true;
}

bool bs_edition_prepare(bs_ctx *ctx, bs_fonts *fonts, bs_edition_set *set, size_t i)
{
    bool *composed = bs_xcalloc(set->npages, sizeof *composed);
    bool ok = prepare(ctx, fonts, set, i, composed);
    free(composed);
    return ok;
}
