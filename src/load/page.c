/* page.c - a page: its id, template, edition data and blocks. The page
 * owns its template and every story it names. */
#include "load_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const page_keys[] = {"page", "template", "edition", "blocks", NULL};
static const char *const edition_keys[] = {"paper", "date", "issue", "pages", NULL};

/* 版序: one capital letter and two digits, "A01". */
bool bs_is_page_id(const char *s)
{
    return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
           s[3] == '\0';
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static bool digits(const char *s, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        *out = *out * 10 + (s[i] - '0');
    }
    return true;
}

/* YYYY-MM-DD, and a day the calendar has. */
static bool parse_date(const char *s, bs_edition *ed)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
    ed->year = y;
    ed->month = m;
    ed->day = d;
    return true;
}

bool bs_pageload_file(bs_pageload *pl, const bs_yval *v, const char *what, const char **path)
{
    const char *rel = NULL;
    if (!bs_yaml_text(pl->y, v, &rel) || !rel) return false;
    *path = bs_path_join_dir(pl->page->arena, pl->page->path, rel);
    FILE *f = fopen(*path, "rb");
    if (!f) return bs_fail(pl->ctx, v->loc, "cannot open %s '%s': %s", what, rel, strerror(errno));
    fclose(f);
    return true;
}

bool bs_pageload_input(bs_pageload *pl, const bs_yval *v, const char *what, const char **path)
{
    const bs_page_source *src = pl->source;
    if (src && src->folder) {
        const char *rel = NULL;
        if (!bs_yaml_text(pl->y, v, &rel) || !rel) return false;
        const char *resolved = bs_path_join_dir(pl->page->arena, pl->page->path, rel);
        if (!bs_path_inside(pl->page->arena, resolved, src->folder)) {
            const char *hint = src->allow_hint ? bs_arena_printf(pl->page->arena, " (%s)", src->allow_hint) : "";
            return bs_fail(pl->ctx, v->loc,
                           "%s '%s' is outside the edition folder '%s': a page takes its stories and pictures "
                           "from inside it%s", what, rel, src->folder, hint);
        }
    }
    return bs_pageload_file(pl, v, what, path);
}

static void read_id(bs_pageload *pl, const bs_ymap *root)
{
    bs_yval v;
    const char *id = NULL;
    if (!bs_yaml_need(pl->y, root, "page", &v) || !bs_yaml_text(pl->y, &v, &id)) return;
    if (!bs_is_page_id(id))
        bs_fail(pl->ctx, v.loc, "page id '%s' must be one capital letter and two digits, such as A01", id);
    pl->page->id = id;
}

static void read_template(bs_pageload *pl, const bs_ymap *root)
{
    bs_yval v;
    const char *path = NULL;
    if (!bs_yaml_need(pl->y, root, "template", &v) || !bs_pageload_file(pl, &v, "template", &path)) return;
    pl->page->template_ = bs_template_load(pl->ctx, path);
    pl->tpl = pl->page->template_;
}

bool bs_edition_read(bs_yaml *y, const bs_ymap *map, bs_edition *ed)
{
    int before = bs_ctx_errors(y->ctx);
    bs_yval v;
    if (bs_yaml_need(y, map, "paper", &v)) bs_yaml_text(y, &v, &ed->paper);
    const char *date = NULL;
    if (bs_yaml_need(y, map, "date", &v) && bs_yaml_text(y, &v, &date) && !parse_date(date, ed))
        bs_fail(y->ctx, v.loc, "date '%s' is not a calendar date written YYYY-MM-DD", date);
    if (bs_yaml_need(y, map, "issue", &v)) bs_yaml_count(y, &v, &ed->issue);
    return bs_ctx_errors(y->ctx) == before;
}

static bool same_edition(const bs_edition *a, const bs_edition *b)
{
    return a->paper && b->paper && strcmp(a->paper, b->paper) == 0 && a->year == b->year && a->month == b->month &&
           a->day == b->day && a->issue == b->issue && a->pages == b->pages;
}

/* A page of an edition takes the edition's data; on its own, its own. */
static void read_edition(bs_pageload *pl, const bs_ymap *root)
{
    bs_yaml *y = pl->y;
    bs_edition *ed = &pl->page->edition;
    bs_yval v;
    bs_ymap map;
    if (pl->edition) {
        *ed = *pl->edition;
        v = bs_yaml_get(y, root, "edition");
        bs_edition own = {0};
        if (v.node && bs_yaml_map(y, &v, "edition", edition_keys, &map) && bs_edition_read(y, &map, &own)) {
            bs_yval n = bs_yaml_get(y, &map, "pages");
            if (n.node) bs_yaml_count(y, &n, &own.pages);
            if (!n.node) own.pages = ed->pages;
            if (!same_edition(&own, ed))
                bs_warn(pl->ctx, v.loc, "the page's edition data differs from the edition's; the edition's is used");
        }
        return;
    }
    v = bs_yaml_get(y, root, "edition");
    if (!v.node) {
        bs_fail(pl->ctx, root->loc,
                "the page has no 'edition' (paper, date, issue, pages): add it, or render the page with "
                "--edition EDITION.yaml, whose data it then takes");
        return;
    }
    if (!bs_yaml_map(y, &v, "edition", edition_keys, &map)) return;
    bs_edition_read(y, &map, ed);
    if (bs_yaml_need(y, &map, "pages", &v)) bs_yaml_count(y, &v, &ed->pages);
}

static void read_blocks(bs_pageload *pl, const bs_ymap *root)
{
    bs_yval list, item;
    size_t count = 0;
    if (!bs_yaml_need(pl->y, root, "blocks", &list) || !bs_yaml_list(pl->y, &list, &count)) return;
    if (count > BS_MAX_BLOCKS) {
        bs_fail(pl->ctx, list.loc, "%zu blocks; a page may have at most %d", count, BS_MAX_BLOCKS);
        return;
    }
    bs_page *page = pl->page;
    page->blocks = BS_ARENA_ARRAY(page->arena, bs_block, count);
    void *iter = NULL;
    while (page->nblocks < count && bs_yaml_next(pl->y, &list, &iter, &item))
        bs_block_read(pl, &item, &page->blocks[page->nblocks++]);
}

static void read_page(bs_pageload *pl)
{
    bs_yval root = bs_yaml_root(pl->y);
    bs_ymap map;
    if (!root.node) {
        bs_fail(pl->ctx, root.loc, "the page is empty");
        return;
    }
    if (!bs_yaml_map(pl->y, &root, "page", page_keys, &map)) return;
    read_id(pl, &map);
    read_template(pl, &map);
    read_edition(pl, &map);
    read_blocks(pl, &map);
}

typedef struct page_job {
    bs_page *page;
    const bs_page_source *source;
} page_job;

static void read_page_document(bs_yaml *y, void *user)
{
    page_job *job = user;
    job->page->path = y->path;
    bs_pageload pl = {.ctx = y->ctx, .y = y, .page = job->page, .edition = job->source->edition,
                      .memo = job->source->memo, .source = job->source};
    read_page(&pl);
    free(pl.claims);
}

bs_page *bs_page_load_in(bs_ctx *ctx, const char *path, const bs_edition *edition)
{
    return bs_page_load_shared(ctx, path, edition, NULL);
}

bs_page *bs_page_load_shared(bs_ctx *ctx, const char *path, const bs_edition *edition, bs_probe_memo *memo)
{
    bs_page_source source = {.edition = edition, .memo = memo};
    return bs_page_load_from(ctx, path, &source);
}

bs_page *bs_page_load_from(bs_ctx *ctx, const char *path, const bs_page_source *source)
{
    bs_arena *arena = bs_arena_new();
    bs_page *page = BS_ARENA_NEW(arena, bs_page);
    page->arena = arena;
    page_job job = {page, source};
    if (!bs_yaml_load_file(ctx, arena, path, read_page_document, &job)) {
        bs_page_free(page);
        return NULL;
    }
    return page;
}

bs_page *bs_page_load(bs_ctx *ctx, const char *path) { return bs_page_load_in(ctx, path, NULL); }

void bs_page_free(bs_page *page)
{
    if (!page) return;
    bs_template_free(page->template_);
    bs_arena_free(page->arena);
}
