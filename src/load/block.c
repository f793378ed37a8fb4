/* block.c - one block of a page, by type: the keys each type takes, their
 * defaults, and the files (stories, pictures) they name. */
#include "load_internal.h"
#include "load_image.h"

#include <stdlib.h>
#include <string.h>

#define PLACE_KEYS "column", "span", "line", "lines", "x", "width", "y", "height"

/* In the order of bs_block_kind. */
static const char *const type_names[] = {"masthead", "ear", "story", "photo", "box",
                                         "qr",       "strip", "rule", "text", NULL};
static const char *const masthead_keys[] = {"type", PLACE_KEYS, "title", "cn", "imprint", NULL};
static const char *const ear_keys[] = {"type", PLACE_KEYS, "content", "border", NULL};
static const char *const story_keys[] = {"type", "file", "headline", "body", "continues", NULL};
static const char *const photo_keys[] = {"type", PLACE_KEYS, "image", "title", "caption", "credit", NULL};
static const char *const box_keys[] = {"type", PLACE_KEYS, "content", "border", NULL};
static const char *const qr_keys[] = {"type", PLACE_KEYS, "url", "label", "teaser", "footer", "ec", NULL};
static const char *const strip_keys[] = {"type", PLACE_KEYS, "cells", "border", NULL};
static const char *const rule_keys[] = {"type", PLACE_KEYS, "weight", "color", NULL};
static const char *const text_keys[] = {"type", PLACE_KEYS, "content", NULL};
static const char *const *const block_keys[] = {masthead_keys, ear_keys, story_keys, photo_keys, box_keys,
                                               qr_keys,       strip_keys, rule_keys, text_keys};

/* A strip's cells are set side by side by the strip: no placement. */
static const char *const cell_types[] = {"qr", "text", NULL};
static const char *const qr_cell_keys[] = {"type", "url", "label", "teaser", "footer", "ec", NULL};
static const char *const text_cell_keys[] = {"type", "content", NULL};

static const char *const frame_keys[] = {PLACE_KEYS, "columns", NULL};
static const char *const ec_names[] = {"L", "M", "Q", "H", NULL};

#define DEFAULT_BORDER 0.5
#define DEFAULT_RULE 0.5

static void read_text(bs_pageload *pl, const bs_ymap *m, const char *key, const char **out)
{
    bs_yval v = bs_yaml_get(pl->y, m, key);
    bs_yaml_text(pl->y, &v, out);
}

static void read_border(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    b->border = DEFAULT_BORDER;
    bs_yval v = bs_yaml_get(pl->y, m, "border");
    bs_page_length(pl, &v, BS_YLEN_NONNEG, &b->border);
}

/* The template's style names, for did-you-mean. */
static const char *const *style_names(bs_pageload *pl)
{
    const bs_template *t = pl->tpl;
    const char **names = BS_ARENA_ARRAY(pl->page->arena, const char *, t->nstyles + 1);
    for (size_t i = 0; i < t->nstyles; i++) names[i] = t->styles[i].name;
    return names;
}

static void check_style(bs_pageload *pl, const bs_yval *item, const char *style)
{
    if (!pl->tpl || bs_template_style(pl->tpl, style)) return;
    const char *near = bs_yaml_suggest(style, style_names(pl));
    if (near) bs_fail(pl->ctx, item->loc, "no style '%s' in the template; did you mean '%s'?", style, near);
    else bs_fail(pl->ctx, item->loc, "no style '%s' in the template %s", style, pl->tpl->path);
}

static void read_content(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    bs_yval list, item, text;
    size_t count = 0;
    if (!bs_yaml_need(pl->y, m, "content", &list) || !bs_yaml_list(pl->y, &list, &count)) return;
    b->content = BS_ARENA_ARRAY(pl->page->arena, bs_item, count);
    void *iter = NULL;
    while (b->ncontent < count && bs_yaml_next(pl->y, &list, &iter, &item)) {
        bs_item *it = &b->content[b->ncontent++];
        it->loc = item.loc;
        if (!bs_yaml_only_pair(pl->y, &item, &it->style, &text)) continue;
        bs_yaml_text(pl->y, &text, &it->text);
        check_style(pl, &item, it->style);
    }
    if (count == 0) bs_fail(pl->ctx, list.loc, "'content' is empty; give one item per paragraph");
}

static void read_masthead(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    /* The masthead names the paper unless it is told otherwise. */
    b->title = pl->page->edition.paper;
    read_text(pl, m, "title", &b->title);
    read_text(pl, m, "cn", &b->cn);
    bs_yval list = bs_yaml_get(pl->y, m, "imprint"), item;
    size_t count = 0;
    if (!list.node || !bs_yaml_list(pl->y, &list, &count)) return;
    b->imprint = BS_ARENA_ARRAY(pl->page->arena, const char *, count);
    void *iter = NULL;
    while (b->nimprint < count && bs_yaml_next(pl->y, &list, &iter, &item))
        bs_yaml_text(pl->y, &item, &b->imprint[b->nimprint++]);
}

static void read_photo(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    bs_yval v;
    if (bs_yaml_need(pl->y, m, "image", &v) && bs_pageload_input(pl, &v, "image", &b->image)) {
        char why[256];
        const char *rel = "";
        bs_yaml_text(pl->y, &v, &rel);
        if (!bs_image_check_memo(pl->memo, b->image, &b->image_info, why, sizeof why))
            bs_fail(pl->ctx, v.loc, "image '%s': %s", rel, why);
    }
    read_text(pl, m, "title", &b->title);
    read_text(pl, m, "caption", &b->caption);
    read_text(pl, m, "credit", &b->credit);
}

static void read_qr(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    bs_yval v;
    if (bs_yaml_need(pl->y, m, "url", &v)) bs_yaml_text(pl->y, &v, &b->url);
    read_text(pl, m, "label", &b->label);
    read_text(pl, m, "teaser", &b->teaser);
    b->footer = "扫码更精彩";
    read_text(pl, m, "footer", &b->footer);
    int ec = 1;
    v = bs_yaml_get(pl->y, m, "ec");
    bs_yaml_choice(pl->y, &v, "error correction level", ec_names, &ec);
    b->ec = ec_names[ec][0];
}

static void read_rule(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    b->weight = DEFAULT_RULE;
    bs_yval v = bs_yaml_get(pl->y, m, "weight");
    bs_page_length(pl, &v, BS_YLEN_POSITIVE, &b->weight);
    b->color = BS_CMYK_BLACK;
    v = bs_yaml_get(pl->y, m, "color");
    bs_yaml_cmyk(pl->y, &v, &b->color);
}

static void read_cell(bs_pageload *pl, const bs_yval *v, bs_block *cell)
{
    bs_ymap m;
    bs_yval t;
    int kind = 0;
    cell->loc = v->loc;
    if (!bs_yaml_map(pl->y, v, "cell", NULL, &m)) return;
    if (!bs_yaml_need(pl->y, &m, "type", &t) || !bs_yaml_choice(pl->y, &t, "cell type", cell_types, &kind))
        return;
    cell->kind = kind == 0 ? BS_BLOCK_QR : BS_BLOCK_TEXT;
    bs_yaml_keys(pl->y, &m, kind == 0 ? qr_cell_keys : text_cell_keys);
    if (cell->kind == BS_BLOCK_QR) read_qr(pl, &m, cell);
    else read_content(pl, &m, cell);
}

static void read_strip(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    read_border(pl, m, b);
    bs_yval list, item;
    size_t count = 0;
    if (!bs_yaml_need(pl->y, m, "cells", &list) || !bs_yaml_list(pl->y, &list, &count)) return;
    if (count == 0) bs_fail(pl->ctx, list.loc, "'cells' is empty");
    b->cells = BS_ARENA_ARRAY(pl->page->arena, bs_block, count);
    void *iter = NULL;
    while (b->ncells < count && bs_yaml_next(pl->y, &list, &iter, &item))
        read_cell(pl, &item, &b->cells[b->ncells++]);
}

/* A story file is parsed into the page's arena; its errors are located in
 * the story file. */
static void load_story(bs_pageload *pl, const bs_yval *v, bs_block *b)
{
    if (!bs_pageload_input(pl, v, "story", &b->file)) return;
    size_t len = 0;
    char *text = bs_read_input(pl->ctx, b->file, "story", BS_MAX_STORY_BYTES, &len);
    if (!text) return;
    b->story = bs_story_parse(pl->ctx, pl->page->arena, b->file, text, len);
    free(text);
}

static void read_frames(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    bs_yval list, item;
    size_t count = 0;
    if (!bs_yaml_need(pl->y, m, "body", &list) || !bs_yaml_list(pl->y, &list, &count)) return;
    if (count == 0) bs_fail(pl->ctx, list.loc, "'body' is empty; give the frames the story flows through");
    b->frames = BS_ARENA_ARRAY(pl->page->arena, bs_place, count);
    void *iter = NULL;
    while (b->nframes < count && bs_yaml_next(pl->y, &list, &iter, &item)) {
        bs_place *f = &b->frames[b->nframes++];
        bs_ymap fm;
        f->loc = item.loc;
        if (!bs_yaml_map(pl->y, &item, "frame", frame_keys, &fm)) continue;
        const char *what = bs_arena_printf(pl->page->arena, "story frame %zu", b->nframes);
        bs_place_read(pl, &fm, what, f);
        bs_yval split = bs_yaml_get(pl->y, &fm, "columns");
        bs_yaml_count(pl->y, &split, &f->split);
    }
}

/* The story block's own place is the box around its headline and frames. */
static void story_bounds(bs_block *b)
{
    bool any = false;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (size_t i = 0; i <= b->nframes; i++) {
        const bs_place *p = i < b->nframes ? &b->frames[i] : b->has_headline ? &b->headline : NULL;
        if (!p || p->rect.w <= 0) continue;
        const bs_rect *r = &p->rect;
        if (!any || r->x < x0) x0 = r->x;
        if (!any || r->y < y0) y0 = r->y;
        if (!any || r->x + r->w > x1) x1 = r->x + r->w;
        if (!any || r->y + r->h > y1) y1 = r->y + r->h;
        any = true;
    }
    b->place.rect = (bs_rect){x0, y0, x1 - x0, y1 - y0};
    b->place.loc = b->loc;
}

static void read_story(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    bs_yval v;
    if (bs_yaml_need(pl->y, m, "file", &v)) load_story(pl, &v, b);
    v = bs_yaml_get(pl->y, m, "headline");
    bs_ymap hm;
    static const char *const headline_keys[] = {"column", "span", "line",   "lines",       "x",
                                                "width",  "y",    "height", "title-lines", NULL};
    b->title_lines = 1;
    if (v.node && bs_yaml_map(pl->y, &v, "headline", headline_keys, &hm)) {
        b->headline.loc = hm.loc;
        b->has_headline = bs_place_read(pl, &hm, "story headline", &b->headline);
        bs_yval lines = bs_yaml_get(pl->y, &hm, "title-lines");
        if (lines.node) bs_yaml_count(pl->y, &lines, &b->title_lines);
    }
    read_frames(pl, m, b);
    story_bounds(b);
    v = bs_yaml_get(pl->y, m, "continues");
    if (v.node && bs_yaml_text(pl->y, &v, &b->continues)) {
        b->continues_loc = v.loc;
        if (!bs_is_page_id(b->continues))
            bs_fail(pl->ctx, v.loc, "continues: '%s' is not a page id such as A01", b->continues);
        else if (b->has_headline)
            bs_fail(pl->ctx, v.loc, "a story that continues from %s has no headline here (its headline is on %s)",
                    b->continues, b->continues);
    }
}

static void read_kind(bs_pageload *pl, const bs_ymap *m, bs_block *b)
{
    switch (b->kind) {
    case BS_BLOCK_MASTHEAD: read_masthead(pl, m, b); break;
    case BS_BLOCK_EAR:
    case BS_BLOCK_BOX:
        read_content(pl, m, b);
        read_border(pl, m, b);
        break;
    case BS_BLOCK_STORY: read_story(pl, m, b); break;
    case BS_BLOCK_PHOTO: read_photo(pl, m, b); break;
    case BS_BLOCK_QR: read_qr(pl, m, b); break;
    case BS_BLOCK_STRIP: read_strip(pl, m, b); break;
    case BS_BLOCK_RULE: read_rule(pl, m, b); break;
    case BS_BLOCK_TEXT: read_content(pl, m, b); break;
    }
}

void bs_block_read(bs_pageload *pl, const bs_yval *v, bs_block *b)
{
    bs_ymap m;
    bs_yval t;
    int kind = 0;
    b->loc = v->loc;
    if (!bs_yaml_map(pl->y, v, "block", NULL, &m)) return;
    if (!bs_yaml_need(pl->y, &m, "type", &t) || !bs_yaml_choice(pl->y, &t, "block type", type_names, &kind))
        return;
    b->kind = (bs_block_kind)kind;
    b->place.loc = m.loc;
    bs_yaml_keys(pl->y, &m, block_keys[kind]);
    if (b->kind != BS_BLOCK_STORY) bs_place_read(pl, &m, type_names[kind], &b->place);
    read_kind(pl, &m, b);
}
