/* The page composer, asserted on the display list of the sample A01 page
 * and of small pages made for one point each: body lines on one baseline
 * grid across the page, justified columns, stories in reading order,
 * nothing overlapping, the masthead's computed dates, the QR payloads,
 * overset counted and never dropped. */
#include "bs_test.h"
#include "bs_page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SAMPLE BS_SOURCE_DIR "/samples/jzrb-2023-01-31/A01.yaml"

typedef struct fixture {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_page *page;
    bs_fonts *fonts;
    bs_dlist *dl;
    bs_page_report report;
} fixture;

static fixture *compose_page(const char *path)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = bs_test_ctx(&f->diags);
    f->page = bs_page_load(f->ctx, path);
    if (!f->page) fprintf(stderr, "%s", f->diags.text.data);
    assert_non_null(f->page);
    f->fonts = bs_fonts_open(f->ctx, f->page->template_->fonts_conf);
    assert_non_null(f->fonts);
    f->dl = bs_page_compose(f->ctx, f->fonts, f->page, &f->report);
    return f;
}

static void free_page(fixture *f)
{
    bs_page_report_free(&f->report);
    bs_dlist_free(f->dl);
    bs_fonts_close(f->fonts);
    bs_page_free(f->page);
    bs_test_ctx_free(f->ctx, &f->diags);
    free(f);
}

static int setup_sample(void **state)
{
    fixture *f = compose_page(SAMPLE);
    if (!f->dl) fprintf(stderr, "%s", f->diags.text.data);
    assert_non_null(f->dl);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free_page(*state);
    return 0;
}

static bool is_role(const bs_dl_item *it, const char *role)
{
    return it->origin.role && strcmp(it->origin.role, role) == 0;
}

/* Every body line's em box starts at the top of a grid line, and the
 * baselines of the leftmost and rightmost columns come from the same grid. */
static void test_body_lines_on_one_grid(void **state)
{
    fixture *f = *state;
    const bs_template *tpl = f->page->template_;
    double ascent = 0.88 * tpl->zi;
    int lines = 0;
    bool seen_first_column = false, seen_last_column = false;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || !is_role(it, "body")) continue;
        double k = (it->u.text.y - ascent - tpl->area_y) / tpl->hang;
        if (fabs(k - round(k)) > 1e-6) fail_msg("a body line is off the grid: line %.4f", k + 1);
        double x = it->u.text.glyphs[0].x;
        if (x < bs_template_column_x(tpl, 2)) seen_first_column = true;
        if (x >= bs_template_column_x(tpl, tpl->columns)) seen_last_column = true;
        lines++;
    }
    assert_true(lines > 300);
    assert_true(seen_first_column && seen_last_column);
}

/* Lines of a story: (block, para, line) -> the text and the set width. */
typedef struct set_line {
    int block, para, line;
    double x, y, width, end;
    bs_buf text;
} set_line;

static size_t collect_lines(const fixture *f, set_line **out)
{
    size_t n = 0, cap = 0;
    set_line *lines = NULL;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || !is_role(it, "body")) continue;
        set_line *last = n ? &lines[n - 1] : NULL;
        if (!last || last->block != it->origin.block || last->para != it->origin.para ||
            last->line != it->origin.line) {
            BS_VEC_RESERVE(lines, cap, n + 1);
            last = &lines[n++];
            memset(last, 0, sizeof *last);
            last->block = it->origin.block;
            last->para = it->origin.para;
            last->line = it->origin.line;
            last->x = it->u.text.x;
            last->y = it->u.text.y;
        }
        bs_buf_add(&last->text, it->u.text.text, it->u.text.len);
        last->end = it->u.text.x + it->u.text.width;
    }
    *out = lines;
    return n;
}

static void free_lines(set_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) bs_buf_free(&lines[i].text);
    free(lines);
}

/* Every line that is not a paragraph's last ends flush with its column:
 * 13 字 from the column's left edge. */
static void test_columns_are_justified(void **state)
{
    fixture *f = *state;
    const bs_template *tpl = f->page->template_;
    set_line *lines;
    size_t n = collect_lines(f, &lines);
    int flush = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        bool last_of_para = lines[i + 1].para != lines[i].para || lines[i + 1].block != lines[i].block;
        if (last_of_para) continue;
        /* the column's left edge: the nearest grid column at or left of x
         * (an opening mark at line start has its glyph ½ em left of it) */
        int c = 1;
        while (c < tpl->columns && bs_template_column_x(tpl, c + 1) <= lines[i].x + 0.5 * tpl->zi + 0.01) c++;
        double right = bs_template_column_x(tpl, c) + tpl->column_w;
        if (fabs(lines[i].end - right) > 0.05)
            fail_msg("line '%s' ends %.2f pt from its column's edge", lines[i].text.data, lines[i].end - right);
        flush++;
    }
    assert_true(flush > 250);
    free_lines(lines, n);
}

/* The text of each story, read from the display list in order, holds each
 * of its paragraphs whole and in order, with the dateline first and the jump
 * line last. */
static void test_stories_in_reading_order(void **state)
{
    fixture *f = *state;
    for (size_t b = 0; b < f->page->nblocks; b++) {
        const bs_block *block = &f->page->blocks[b];
        if (block->kind != BS_BLOCK_STORY) continue;
        bs_buf text = {0};
        bs_buf_add(&text, "", 0);
        for (size_t i = 0; i < f->dl->nitems; i++) {
            const bs_dl_item *it = &f->dl->items[i];
            if (it->kind == BS_DL_TEXT && it->origin.block == (int)b)
                bs_buf_add(&text, it->u.text.text, it->u.text.len);
        }
        const bs_story *s = block->story;
        const char *at = strstr(text.data, s->title.text);
        assert_non_null(at);
        if (s->dateline.text) {
            at = strstr(at, s->dateline.text);
            assert_non_null(at);
        }
        for (size_t p = 0; p < s->nparas; p++) {
            const char *next = strstr(at, s->paras[p].text);
            if (!next) fail_msg("%s: paragraph %zu is missing or out of order", block->file, p + 1);
            at = next + s->paras[p].len;
        }
        if (s->jump_page) {
            char jump[64];
            snprintf(jump, sizeof jump, "（下转%s版%s）", s->jump_page, s->jump_mark);
            assert_true(strncmp(at, jump, strlen(jump)) == 0);
        }
        bs_buf_free(&text);
    }
}

typedef struct box {
    double x0, y0, x1, y1;
    int block;
} box;

static box text_box(const bs_dl_item *it)
{
    const bs_dl_text *t = &it->u.text;
    return (box){t->x, t->y - 0.88 * t->size, t->x + t->width, t->y + 0.12 * t->size, it->origin.block};
}

/* No two text runs of different blocks overlap, no text leaves the type
 * area except the folio, and nothing leaves the trim. */
static void test_nothing_overlaps(void **state)
{
    fixture *f = *state;
    const bs_template *tpl = f->page->template_;
    size_t n = 0;
    box *boxes = calloc(f->dl->nitems, sizeof *boxes);
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || is_role(it, "slug")) continue;
        box b = text_box(it);
        assert_true(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= f->dl->width && b.y1 <= f->dl->height);
        if (!is_role(it, "folio")) {
            assert_true(b.x0 >= tpl->area_x - 0.01 && b.x1 <= tpl->area_x + tpl->area_w + 0.01);
            assert_true(b.y0 >= tpl->area_y - 0.01 && b.y1 <= tpl->area_y + tpl->area_h + 0.01);
        }
        boxes[n++] = b;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (boxes[i].block == boxes[j].block) continue;
            bool overlap = boxes[i].x0 < boxes[j].x1 - 0.01 && boxes[j].x0 < boxes[i].x1 - 0.01 &&
                           boxes[i].y0 < boxes[j].y1 - 0.01 && boxes[j].y0 < boxes[i].y1 - 0.01;
            if (overlap) fail_msg("text of blocks %d and %d overlaps", boxes[i].block, boxes[j].block);
        }
    free(boxes);
}

/* The slug line is for the plate room: under the bleed, off the page a
 * reader holds, and in Registration so every plate carries it. */
static void test_slug_below_the_bleed(void **state)
{
    fixture *f = *state;
    int nslug = 0;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || !is_role(it, "slug")) continue;
        box b = text_box(it);
        assert_true(b.y0 >= f->dl->height + f->dl->bleed);
        assert_true(bs_cmyk_equal(it->u.text.color, BS_CMYK_REGISTRATION));
        nslug++;
    }
    assert_int_equal(nslug, 1);
}

static bool dl_has_text(const fixture *f, const char *role, const char *needle)
{
    bs_buf all = {0};
    bs_buf_add(&all, "", 0);
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind == BS_DL_TEXT && (!role || is_role(it, role))) bs_buf_add(&all, it->u.text.text, it->u.text.len);
    }
    bool found = strstr(all.data, needle) != NULL;
    bs_buf_free(&all);
    return found;
}

static void test_masthead(void **state)
{
    fixture *f = *state;
    assert_true(dl_has_text(f, "masthead-title", "焦作日报"));
    assert_true(dl_has_text(f, "masthead-info", "2023年1月31日"));
    assert_true(dl_has_text(f, "masthead-info", "星期二"));
    assert_true(dl_has_text(f, "masthead-info", "农历癸卯年正月初十"));
    assert_true(dl_has_text(f, "masthead-info", "总第13900期"));
    assert_true(dl_has_text(f, "masthead-info", "今日12版"));
    /* GB/T 9999: CN, a half-em space (U+2002), NN-NNNN */
    assert_true(dl_has_text(f, "masthead-imprint", "国内统一连续出版物号：CN\xe2\x80\x82" "41-0007"));
    assert_true(dl_has_text(f, "folio", "A01"));
    /* the paper's name is the largest text on the page */
    double title = 0, largest_other = 0;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT) continue;
        if (is_role(it, "masthead-title")) title = it->u.text.size;
        else if (it->u.text.size > largest_other) largest_other = it->u.text.size;
    }
    assert_true(title > largest_other);
}

static void test_qr_payloads(void **state)
{
    fixture *f = *state;
    const bs_block *strip = NULL;
    for (size_t b = 0; b < f->page->nblocks; b++)
        if (f->page->blocks[b].kind == BS_BLOCK_STRIP) strip = &f->page->blocks[b];
    assert_non_null(strip);
    size_t codes = 0;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_RECTS) continue;
        bool known = false;
        for (size_t c = 0; c < strip->ncells; c++)
            if (strip->cells[c].url && strcmp(strip->cells[c].url, it->u.rects.payload) == 0) known = true;
        assert_true(known);
        /* square modules, at least 0.3 mm */
        assert_true(it->u.rects.rects[0].h >= 0.3 * BS_PT_PER_MM);
        codes++;
    }
    assert_int_equal(codes, 5);
}

static void test_lead_headline_one_line(void **state)
{
    fixture *f = *state;
    int title_runs = 0;
    double y = -1;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || !is_role(it, "title") || it->origin.block != 2) continue;
        if (y < 0) y = it->u.text.y;
        assert_true(fabs(it->u.text.y - y) < 0.01);   /* one line */
        assert_true(fabs(it->u.text.size - 36.0) < 0.01);
        title_runs++;
    }
    assert_true(title_runs >= 1);
    assert_true(dl_has_text(f, "title", "我市经济实现整体跃升　高质量发展拔节起势"));
}

static void test_sample_report(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->report.nstories, 6);
    for (size_t i = 0; i < f->report.nstories; i++) {
        assert_int_equal(f->report.stories[i].overset_chars, 0);
        assert_true(f->report.stories[i].lines > 0);
        assert_true(f->report.stories[i].lines <= f->report.stories[i].capacity);
    }
    assert_int_equal(f->report.nimages, 1);
    assert_true(f->report.images[0].ppi >= 200);
}

/* A story longer than its frame is overset: counted and warned about. */
static void test_overset_is_reported(void **state)
{
    (void)state;
    const char *tpl_path = BS_SOURCE_DIR "/layouts/duikai-8col.yaml";
    char story_src[4096] = "---\ntitle: 测试\n---\n";
    for (int i = 0; i < 6; i++)
        strcat(story_src, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十。\n\n");
    bs_test_write("overset-story.md", story_src);
    char page_src[1024];
    snprintf(page_src, sizeof page_src,
             "page: A02\ntemplate: %s\nedition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
             "blocks:\n  - type: story\n    file: overset-story.md\n"
             "    body:\n      - { column: 1, span: 1, line: 1, lines: 10 }\n",
             tpl_path);
    fixture *f = compose_page(bs_test_write("overset.yaml", page_src));
    assert_non_null(f->dl);
    assert_int_equal(f->report.nstories, 1);
    const bs_story_report *r = &f->report.stories[0];
    assert_int_equal(r->lines, 10);
    assert_int_equal(r->capacity, 10);
    /* 6 × 41 characters, 10 lines of 13 less two indents set */
    assert_int_equal(r->chars + r->overset_chars, 6 * 41);
    assert_true(r->overset_chars > 100);
    assert_true(bs_test_contains(f->diags.text.data, "overset.yaml:5:5: warning: story"));
    assert_true(bs_test_contains(f->diags.text.data, "characters do not fit its frames"));
    free_page(f);
}

/* Lines of a story's paragraph set in each column slot. */
static void lines_per_slot(const fixture *f, int block, int para, int *counts, int nslots)
{
    memset(counts, 0, (size_t)nslots * sizeof *counts);
    int last_line = -1, last_slot = -1;
    for (size_t i = 0; i < f->dl->nitems; i++) {
        const bs_dl_item *it = &f->dl->items[i];
        if (it->kind != BS_DL_TEXT || it->origin.block != block || it->origin.para != para) continue;
        if (it->origin.line == last_line && it->origin.column == last_slot) continue;   /* same line, next run */
        last_line = it->origin.line;
        last_slot = it->origin.column;
        if (it->origin.column >= 0 && it->origin.column < nslots) counts[it->origin.column]++;
    }
}

/* 寡行: a paragraph whose last line would sit alone at the top of the next
 * column is set one line tighter (here, by compressing its commas) or one
 * line looser (when nothing can be compressed), so that it does not. */
static void test_widows_are_moved(void **state)
{
    (void)state;
    /* both set naturally in 6 lines of 13 字, 5 full and one more */
    bs_test_write("widow-commas.md",
                  "一二三四五六，七八九十一二，三四五六七八，九十一二三四，五六七八九十，一二三四五六，七八九十一二，"
                  "三四五六七八，九十一二三四，五六。\n");
    bs_test_write("widow-plain.md", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三。\n");
    char src[1024];
    snprintf(src, sizeof src,
             "page: A02\ntemplate: %s/layouts/duikai-8col.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\nblocks:\n"
             "  - type: story\n    file: widow-commas.md\n    body: [{column: 1, span: 2, line: 1, lines: 5}]\n"
             "  - type: story\n    file: widow-plain.md\n    body: [{column: 4, span: 2, line: 1, lines: 5}]\n",
             BS_SOURCE_DIR);
    fixture *f = compose_page(bs_test_write("widows.yaml", src));
    assert_non_null(f->dl);
    assert_int_equal(f->report.nstories, 2);
    int counts[2];
    /* with commas: pulled back into the first column, 5 lines */
    lines_per_slot(f, 0, 0, counts, 2);
    assert_int_equal(counts[0], 5);
    assert_int_equal(counts[1], 0);
    assert_int_equal(f->report.stories[0].widows_avoided, 1);
    assert_true(f->report.stories[0].push_ins > 0);
    /* without (and a long last line): 7 lines, so two go to the second
     * column */
    lines_per_slot(f, 1, 0, counts, 2);
    assert_int_equal(counts[0], 5);
    assert_int_equal(counts[1], 2);
    assert_int_equal(f->report.stories[1].widows_avoided, 1);
    assert_int_equal(f->report.stories[1].loose_lines, 0);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(f->report.stories[i].widows_left, 0);
        assert_int_equal(f->report.stories[i].overset_chars, 0);
    }
    free_page(f);
}

/* A template style whose font does not resolve stops the page, with one
 * message naming the style and the font, even if no block uses it. */
static void test_unresolved_font_is_an_error(void **state)
{
    (void)state;
    char tpl[2048];
    snprintf(tpl, sizeof tpl,
             "name: test\nfonts-conf: %s/fonts.conf\npaper: {width: 390mm, height: 540mm}\n"
             "grid: {size: 小五, pitch: 12pt, columns: 8, column-width: 13字, lines: 115}\n"
             "styles:\n  body: {font: 宋体, size: 小五}\n  unused: {font: 方正报宋, size: 小初}\n",
             BS_SOURCE_DIR);
    bs_test_write("badfont-tpl.yaml", tpl);
    bs_test_write("badfont-story.md", "正文。\n");
    const char *page = bs_test_write(
        "badfont.yaml",
        "page: A01\ntemplate: badfont-tpl.yaml\nedition: {paper: 焦作日报, date: 2023-01-31, issue: 1, pages: 1}\n"
        "blocks:\n  - type: story\n    file: badfont-story.md\n    body: [{column: 1, line: 1, lines: 5}]\n");
    fixture *f = compose_page(page);
    assert_null(f->dl);
    const char *msg = "badfont-tpl.yaml:7:3: error: style 'unused': font '方正报宋' resolves to";
    const char *first = strstr(f->diags.text.data, msg);
    assert_non_null(first);
    assert_null(strstr(first + 1, msg));
    free_page(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_body_lines_on_one_grid, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_columns_are_justified, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_stories_in_reading_order, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_overlaps, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_slug_below_the_bleed, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_masthead, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_qr_payloads, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_lead_headline_one_line, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_sample_report, setup_sample, teardown),
        cmocka_unit_test(test_overset_is_reported),
        cmocka_unit_test(test_unresolved_font_is_an_error),
        cmocka_unit_test(test_widows_are_moved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
