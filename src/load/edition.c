/* edition.c - the edition file: the day's paper, date and issue, and its
 * pages in the order they are printed. */
#include "load_internal.h"

#include <stdlib.h>

static const char *const edition_file_keys[] = {"paper", "date", "issue", "count", "pages", NULL};

typedef struct edition_job {
    bs_edition_file *ed;
} edition_job;

static void read_pages(bs_yaml *y, bs_edition_file *ed, const bs_ymap *root)
{
    bs_yval list, item;
    size_t count = 0;
    if (!bs_yaml_need(y, root, "pages", &list) || !bs_yaml_list(y, &list, &count)) return;
    if (count == 0) {
        bs_fail(y->ctx, list.loc, "the edition lists no pages");
        return;
    }
    ed->pages = BS_ARENA_ARRAY(ed->arena, const char *, count);
    ed->page_locs = BS_ARENA_ARRAY(ed->arena, bs_loc, count);
    void *iter = NULL;
    while (ed->npages < count && bs_yaml_next(y, &list, &iter, &item)) {
        const char *rel = NULL;
        if (!bs_yaml_text(y, &item, &rel) || !rel) continue;
        ed->page_locs[ed->npages] = item.loc;
        ed->pages[ed->npages++] = bs_path_join_dir(ed->arena, ed->path, rel);
    }
}

static void read_edition_document(bs_yaml *y, void *user)
{
    bs_edition_file *ed = ((edition_job *)user)->ed;
    ed->path = y->path;
    bs_yval root = bs_yaml_root(y);
    bs_ymap map;
    if (!root.node) {
        bs_fail(y->ctx, root.loc, "the edition is empty");
        return;
    }
    if (!bs_yaml_map(y, &root, "edition", edition_file_keys, &map)) return;
    bs_edition_read(y, &map, &ed->edition);
    read_pages(y, ed, &map);
    /* 今日N版: the pages printed today, which a partial edition file may
     * list only some of */
    ed->edition.pages = (int)ed->npages;
    bs_yval v = bs_yaml_get(y, &map, "count");
    if (v.node && bs_yaml_count(y, &v, &ed->edition.pages) && ed->edition.pages < (int)ed->npages)
        bs_fail(y->ctx, v.loc, "count %d is less than the %zu pages the edition lists", ed->edition.pages,
                ed->npages);
}

bs_edition_file *bs_edition_load(bs_ctx *ctx, const char *path)
{
    bs_arena *arena = bs_arena_new();
    bs_edition_file *ed = BS_ARENA_NEW(arena, bs_edition_file);
    ed->arena = arena;
    edition_job job = {ed};
    if (!bs_yaml_load_file(ctx, arena, path, read_edition_document, &job)) {
        bs_edition_free(ed);
        return NULL;
    }
    return ed;
}

void bs_edition_free(bs_edition_file *edition)
{
    if (edition) bs_arena_free(edition->arena);
}
