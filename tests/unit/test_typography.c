/* The Chinese layout rules, one test per rule 1–25 of the typography
 * checklist (clreq, GB/T 15834): each sets the rule's test string on a
 * page, in a frame of the rule's width, and asserts on the display list:
 * the text of each set line, positions and widths in em.
 *
 * The test template's body style is plain 宋体 小五 with no indent and the
 * defaults (全角式, edge marks half-width, ¼-em Han–Latin spacing); a test
 * that needs more says so in `body_extra`. */
#include "bs_test.h"
#include "bs_page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define EM 9.0
#define PITCH 12.0

/* A template with the given extra keys on the body style. */
static const char *template_with(const char *body_extra)
{
    static int serial;
    char name[64], text[2048];
    snprintf(name, sizeof name, "rules-template-%d.yaml", ++serial);
    snprintf(text, sizeof text,
             "name: 规则\nfonts-conf: %s/fonts.conf\npaper: {width: 390mm, height: 540mm}\n"
             "grid: {size: 小五, pitch: 12pt, columns: 8, column-width: 13字, lines: 115}\n"
             "styles:\n"
             "  body: {font: 宋体, size: 小五%s%s}\n"
             "  probe: {font: 宋体, size: 小五, leading: 12pt}\n"
             "  flat: {font: 宋体, size: 小五, leading: 12pt, latin-spacing: 0}\n"
             "  lead-in: {font: 黑体, size: 小五}\n"
             "  dateline: {font: 黑体, size: 小五}\n"
             "  byline: {font: 楷体, latin-font: 宋体, size: 小五, align: start}\n"
             "  jump: {font: 楷体, latin-font: 宋体, size: 小五}\n"
             "  title: {font: 标宋, size: 小初, min-size: 小二, align: center}\n",
             BS_SOURCE_DIR, body_extra ? ", " : "", body_extra ? body_extra : "");
    static char path[1024];
    snprintf(path, sizeof path, "%s", bs_test_write(name, text));
    return path;
}

/* A line as set: its text, and where each cluster's glyph is drawn. */
typedef struct set_line {
    bs_buf text;
    const char *role;
    double x1;                /* end of the line's last run, em from the frame's left */
    double y;                 /* baseline, pt */
    double size;
    int column;               /* slot within the story's frames */
    int para;
    double *at;               /* glyph origin of each cluster, em from the frame's left */
    size_t nat;
} set_line;

typedef struct page {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_page *page;
    bs_fonts *fonts;
    bs_dlist *dl;
    bs_page_report report;
    set_line *lines;
    size_t nlines;
} page;

static bool text_role(const char *role)
{
    static const char *const roles[] = {"body", "byline", "subhead", "title", "probe", "flat"};
    for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(role, roles[i]) == 0) return true;
    return false;
}

static void collect_lines(page *p)
{
    double frame_x = p->page->template_->area_x;
    size_t cap = 0;
    for (size_t i = 0; i < p->dl->nitems; i++) {
        const bs_dl_item *it = &p->dl->items[i];
        if (it->kind != BS_DL_TEXT || !text_role(it->origin.role)) continue;
        const bs_dl_text *t = &it->u.text;
        set_line *last = p->nlines ? &p->lines[p->nlines - 1] : NULL;
        if (!last || fabs(last->y - t->y) > 0.01 || last->column != it->origin.column) {
            BS_VEC_RESERVE(p->lines, cap, p->nlines + 1);
            last = &p->lines[p->nlines++];
            memset(last, 0, sizeof *last);
            last->y = t->y;
            last->size = t->size;
            last->role = it->origin.role;
            last->column = it->origin.column;
            last->para = it->origin.para;
            bs_buf_add(&last->text, "", 0);
        }
        bs_buf_add(&last->text, t->text, t->len);
        last->x1 = (t->x + t->width - frame_x) / EM;
        size_t g = 0;
        for (size_t c = 0; c < t->nclusters; c++) {
            last->at = bs_xrealloc(last->at, (last->nat + 1) * sizeof *last->at);
            last->at[last->nat++] = (t->glyphs[g].x - frame_x) / EM;
            g += (size_t)t->clusters[c].glyphs;
        }
    }
}

static void dump(const page *p)
{
    for (size_t i = 0; i < p->nlines; i++)
        fprintf(stderr, "  [%zu] %-8s col %d end %.3f  %s\n", i, p->lines[i].role, p->lines[i].column,
                p->lines[i].x1, p->lines[i].text.data);
}

/* Compose a page of one block (`block_yaml`, indented as a list item) with
 * a story of `front` matter and `text`. */
static page *set_page(const char *front, const char *text, const char *block_yaml, const char *body_extra)
{
    static int serial;
    char story[64], name[64];
    snprintf(story, sizeof story, "rule-%d.md", ++serial);
    snprintf(name, sizeof name, "rule-%d.yaml", serial);
    bs_buf src = {0};
    bs_buf_printf(&src, "---\n%s\n---\n%s\n", front ? front : "title: 规则", text);
    bs_test_write(story, src.data);
    bs_buf_free(&src);
    bs_buf_printf(&src,
                  "page: A01\ntemplate: %s\nedition: {paper: 焦作日报, date: 2023-01-31, issue: 1, pages: 1}\n"
                  "blocks:\n",
                  template_with(body_extra));
    bs_buf_printf(&src, block_yaml, story);
    page *p = bs_xcalloc(1, sizeof *p);
    p->ctx = bs_test_ctx(&p->diags);
    p->page = bs_page_load(p->ctx, bs_test_write(name, src.data));
    bs_buf_free(&src);
    if (!p->page) fprintf(stderr, "%s", p->diags.text.data);
    assert_non_null(p->page);
    p->fonts = bs_fonts_open(p->ctx, p->page->template_->fonts_conf);
    p->dl = bs_page_compose(p->ctx, p->fonts, p->page, &p->report);
    if (!p->dl) fprintf(stderr, "%s", p->diags.text.data);
    assert_non_null(p->dl);
    collect_lines(p);
    if (getenv("BS_TEST_DUMP")) dump(p);
    return p;
}

/* `text` as a story body in a frame `chars` 字 wide, `lines` lines deep. */
static page *set_story(const char *text, double chars, int lines, const char *body_extra)
{
    char block[512];
    snprintf(block, sizeof block,
             "  - type: story\n    file: %%s\n    body: [{x: 0mm, width: %g字, line: 1, lines: %d}]\n", chars, lines);
    return set_page(NULL, text, block, body_extra);
}

static void free_page(page *p)
{
    for (size_t i = 0; i < p->nlines; i++) {
        bs_buf_free(&p->lines[i].text);
        free(p->lines[i].at);
    }
    free(p->lines);
    bs_page_report_free(&p->report);
    bs_dlist_free(p->dl);
    bs_fonts_close(p->fonts);
    bs_page_free(p->page);
    bs_test_ctx_free(p->ctx, &p->diags);
    free(p);
}


static uint32_t first_cp(const char *s)
{
    uint32_t cp = 0;
    bs_utf8_decode(s, strlen(s), &cp);
    return cp;
}

static uint32_t last_cp(const char *s)
{
    uint32_t cp = 0;
    for (size_t i = 0, n = strlen(s); i < n;) {
        int k = bs_utf8_decode(s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
    }
    return cp;
}

static bool last_of_para(const page *p, size_t i)
{
    return i + 1 == p->nlines || p->lines[i + 1].para != p->lines[i].para;
}

/* No line starts with a mark kept off line starts; none ends with one kept
 * off line ends. */
static void assert_kinsoku(const page *p)
{
    for (size_t i = 0; i < p->nlines; i++) {
        const char *t = p->lines[i].text.data;
        bool first = i == 0 || p->lines[i - 1].para != p->lines[i].para;
        if (!first && bs_char_not_at_line_start(first_cp(t))) {
            dump(p);
            fail_msg("line %zu starts with a prohibited mark", i);
        }
        if (!last_of_para(p, i) && bs_char_not_at_line_end(last_cp(t))) {
            dump(p);
            fail_msg("line %zu ends with a prohibited mark", i);
        }
    }
}

/* Is there a line break inside `piece`? */
static bool split_inside(const page *p, const char *piece)
{
    bs_buf all = {0};
    bs_buf_add(&all, "", 0);
    size_t *ends = bs_xcalloc(p->nlines + 1, sizeof *ends);
    for (size_t i = 0; i < p->nlines; i++) {
        bs_buf_adds(&all, p->lines[i].text.data);
        ends[i] = all.len;
    }
    const char *at = strstr(all.data, piece);
    if (!at) {
        dump(p);
        fail_msg("'%s' is not on the page", piece);
    }
    size_t s = (size_t)(at - all.data), e = s + strlen(piece);
    bool split = false;
    for (size_t i = 0; i + 1 < p->nlines; i++)
        if (ends[i] > s && ends[i] < e) split = true;
    free(ends);
    bs_buf_free(&all);
    return split;
}

/* Where the first cluster of `piece` is drawn (em from the frame), and its
 * line. Clusters here are one code point each (—— and …… aside, which the
 * tests look up by what precedes them). */
static double origin_of(const page *p, const char *piece, size_t *line)
{
    for (size_t i = 0; i < p->nlines; i++) {
        const char *t = p->lines[i].text.data;
        const char *at = strstr(t, piece);
        if (!at) continue;
        size_t clusters = 0;
        for (const char *q = t; q < at;) {
            uint32_t cp;
            int k = bs_utf8_decode(q, strlen(q), &cp);
            /* a doubled dash or ellipsis is one cluster */
            if ((cp == 0x2014 || cp == 0x2026) && strncmp(q, q + k, (size_t)k) == 0) q += k;
            q += k > 0 ? k : 1;
            clusters++;
        }
        if (line) *line = i;
        return p->lines[i].at[clusters];
    }
    dump(p);
    fail_msg("'%s' is not on the page", piece);
    return 0;
}

static bool near(double a, double b) { return fabs(a - b) < 0.01; }

/* 1. Stops and commas never start a line; a comma is pushed in (the line
 * compressed) before a character is pushed out. */
static void test_rule01_stops_never_start_a_line(void **state)
{
    (void)state;
    page *p = set_story("一二三四五，六七", 5, 10, NULL);
    assert_kinsoku(p);
    assert_string_equal(p->lines[0].text.data, "一二三四");   /* nothing to compress: 五 goes down */
    free_page(p);
    p = set_story("一二，三四五六，七八", 7, 10, NULL);
    assert_kinsoku(p);
    assert_string_equal(p->lines[0].text.data, "一二，三四五六，");   /* the first comma makes room */
    assert_true(near(p->lines[0].x1, 7));
    assert_true(near(origin_of(p, "三", NULL), 2.5));
    free_page(p);
}

/* 2. Closing marks never start a line. */
static void test_rule02_closing_marks(void **state)
{
    (void)state;
    page *p = set_story("我说“好的”。走吧我们走吧", 4, 10, NULL);
    assert_kinsoku(p);
    free_page(p);
}

/* 3. Opening marks never end a line. */
static void test_rule03_opening_marks(void **state)
{
    (void)state;
    page *p = set_story("一二三四《人民日报》五六七八", 5, 10, NULL);
    assert_kinsoku(p);
    for (size_t i = 0; i < p->nlines; i++) assert_int_not_equal(last_cp(p->lines[i].text.data), 0x300A);
    free_page(p);
}

/* 4. 间隔号 and 连接号 never start a line. */
static void test_rule04_interpunct_and_connector(void **state)
{
    (void)state;
    const char *texts[] = {"马克思·恩格斯的著作", "北京～上海的列车"};
    for (size_t k = 0; k < 2; k++) {
        page *p = set_story(texts[k], 3, 10, NULL);
        assert_kinsoku(p);
        free_page(p);
    }
    /* the 间隔号 sits in ½ em */
    page *p = set_story("马克思·恩格斯", 13, 10, NULL);
    assert_true(near(origin_of(p, "恩", NULL), 3.5));
    free_page(p);
}

/* 5. 分隔号 neither starts nor ends a line. */
static void test_rule05_solidus(void **state)
{
    (void)state;
    page *p = set_story("甲乙/丙丁戊己庚辛", 3, 10, NULL);
    for (size_t i = 0; i < p->nlines; i++) {
        assert_int_not_equal(first_cp(p->lines[i].text.data), '/');
        assert_int_not_equal(last_cp(p->lines[i].text.data), '/');
    }
    free_page(p);
}

/* 6. 破折号 is never split and takes exactly 2 em. */
static void test_rule06_dash(void **state)
{
    (void)state;
    for (double n = 3; n <= 8; n++) {
        page *p = set_story("他说——这是真的，我们都知道", n, 10, NULL);
        assert_false(split_inside(p, "——"));
        free_page(p);
    }
    page *p = set_story("他说——这是真的", 13, 10, NULL);
    size_t l1, l2;
    double dash = origin_of(p, "——", &l1), after = origin_of(p, "这", &l2);
    assert_int_equal(l1, l2);
    assert_true(near(dash, 2));
    assert_true(near(after, 4));
    free_page(p);
}

/* 7. 省略号 is never split, never starts a line, and takes 2 em. */
static void test_rule07_ellipsis(void **state)
{
    (void)state;
    for (double n = 3; n <= 8; n++) {
        page *p = set_story("一批批新兴产业蓄势待发……时下焦作正探索", n, 10, NULL);
        assert_false(split_inside(p, "……"));
        for (size_t i = 0; i < p->nlines; i++) assert_int_not_equal(first_cp(p->lines[i].text.data), 0x2026);
        free_page(p);
    }
    page *p = set_story("蓄势待发……时下", 13, 10, NULL);
    assert_true(near(origin_of(p, "……", NULL), 4));
    assert_true(near(origin_of(p, "时", NULL), 6));
    free_page(p);
}

/* 8. Numbers stay whole with their units, including before %. */
static void test_rule08_numbers_and_units(void **state)
{
    (void)state;
    for (double n = 6; n <= 13; n++) {
        page *p = set_story("总值2234.8亿元，增长6.6%、12.9%、1.1%，居全省第13位", n, 20, NULL);
        const char *pieces[] = {"2234.8亿元", "6.6%", "12.9%", "1.1%", "13位"};
        for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
            if (split_inside(p, pieces[i])) {
                dump(p);
                fail_msg("'%s' split at %.0f em", pieces[i], n);
            }
        assert_kinsoku(p);
        free_page(p);
    }
}

/* 9. Latin words do not break. */
static void test_rule09_latin_words(void **state)
{
    (void)state;
    for (double n = 5; n <= 10; n++) {
        page *p = set_story("人均GDP超过12000美元，使用Apple Watch的用户", n, 20, NULL);
        const char *words[] = {"GDP", "12000", "Apple", "Watch"};
        for (size_t i = 0; i < 4; i++)
            if (split_inside(p, words[i])) {
                dump(p);
                fail_msg("'%s' split at %.0f em", words[i], n);
            }
        free_page(p);
    }
}

/* 10. A full-width mark at the end of a line takes ½ em, its box ending at
 * the column's edge. */
static void test_rule10_line_end_half_em(void **state)
{
    (void)state;
    /* 12 characters and a comma, in 13 em: the comma's ½-em box ends at
     * 12.5, and the line is spread to 13 */
    page *p = set_story("一二三四五六七八九十一二，三四", 13, 10, NULL);
    assert_string_equal(p->lines[0].text.data, "一二三四五六七八九十一二，");
    double comma = origin_of(p, "，", NULL);
    assert_true(near(p->lines[0].x1, 13));
    assert_true(near(p->lines[0].x1 - comma, 0.5));
    free_page(p);
    /* with edge-marks: keep-cell a line with room leaves the comma its cell,
     * every character on the grid, the line flush by the comma's box */
    p = set_story("一二三四五六七八九十一二，三四", 13, 10, "edge-marks: keep-cell");
    assert_true(near(origin_of(p, "，", NULL), 12));
    assert_true(near(p->lines[0].x1, 13));
    free_page(p);
}

/* 11. Two adjacent marks take at most 1.5 em. */
static void test_rule11_adjacent_marks(void **state)
{
    (void)state;
    page *p = set_story("扛稳“项目为王”。之后同比增长5.5%，（下转A02版①）", 20, 10, NULL);
    assert_true(origin_of(p, "之", NULL) - origin_of(p, "”", NULL) <= 1.5 + 0.01);
    assert_true(origin_of(p, "下", NULL) - origin_of(p, "，", NULL) <= 1.5 + 0.01);
    free_page(p);
}

/* 12. An opening bracket at the start of a line loses its leading ½ em,
 * on an indented first line too. */
static void test_rule12_opening_bracket_at_line_start(void **state)
{
    (void)state;
    page *p = set_story("（记者）一二三四五六七八九十一二三四五六七八九十", 13, 10, "indent: 2字");
    double bracket = origin_of(p, "（", NULL), reporter = origin_of(p, "记", NULL);
    assert_true(bracket <= 1.5 + 0.01);             /* pulled ½ em into the indent */
    assert_true(reporter - bracket < 1.0 + 0.1);    /* its blank gone: ½ em box */
    free_page(p);
}

/* 13. Justification takes the slack in clreq's order and never all of it in
 * a single word space (Pango's way). */
static void test_rule13_justification_order(void **state)
{
    (void)state;
    int spaces = 0;
    for (double n = 9; n <= 16; n++) {
        page *p = set_story("使用macOS系统的Apple Watch用户越来越多了大家都很喜欢这款产品", n, 10, NULL);
        for (size_t i = 0; i + 1 < p->nlines; i++) {
            const char *t = p->lines[i].text.data;
            const char *space = strstr(t, " ");
            assert_true(near(p->lines[i].x1, n));
            if (!space || space == t || !space[1]) continue;
            size_t k = bs_utf8_count(t, (size_t)(space - t));
            double from_e = p->lines[i].at[k - 1], to_w = p->lines[i].at[k + 1];
            assert_true(to_w - from_e < 1.5);   /* "e W": the e, at most ½ em of space, the W */
            spaces++;
        }
        free_page(p);
    }
    assert_true(spaces >= 1);
}

/* 14. Han–Latin spacing: ¼ em by default, none at a line's edges (off the
 * grid: a block that does not start on a column). */
static void test_rule14_han_latin_spacing(void **state)
{
    (void)state;
    /* off the grid (a text block): the same line with and without the
     * spacing differs by ¼ em at each of the two Han–Latin boundaries
     * inside it, and by nothing at its edges */
    const char *block = "  - type: text\n    x: 1mm\n    width: 20字\n    line: 1\n    lines: 10\n"
                        "    content:\n      - probe: 2022年我市GDP\n      - flat: 2022年我市GDP\n";
    page *both = set_page(NULL, "正文。", block, NULL);
    assert_int_equal(both->nlines, 2);
    const set_line *a = &both->lines[0], *b = &both->lines[1];   /* ¼ em and no spacing */
    assert_true(near(a->at[0], b->at[0]));                           /* none at the start */
    assert_true(near(a->at[4] - b->at[4], 0.25));                    /* 2022|年 */
    assert_true(near(a->at[7] - b->at[7], 0.5));                     /* 市|GDP */
    assert_true(near(a->x1 - a->at[9], b->x1 - b->at[9]));          /* none at the end */
    free_page(both);
    /* on the grid, figures are half-width and Latin runs take whole cells */
    page *p = set_story("2022年我市GDP", 13, 10, NULL);
    assert_true(near(origin_of(p, "年", NULL), 2));
    /* 年我市 fill cells 2–4; GDP is 1.5 em in 2 cells, and at the
     * paragraph's end the ½ em all goes on its Han side */
    assert_true(near(origin_of(p, "GDP", NULL), 5.5));
    free_page(p);
}

/* 15. Every line but a paragraph's last is flush at both edges. */
static void test_rule15_flush_lines(void **state)
{
    (void)state;
    page *p = set_story("疫情要防住，经济要稳住，发展要安全。我市高效统筹疫情防控和经济社会发展，加快落实稳经济一揽子"
                        "政策，主要经济指标实现整体跃升，增速高于全省平均水平，总量持续扩大，质量稳步提高。初步核算，"
                        "2022年我市地区生产总值2234.8亿元，居全省第13位，同比增长3.3%，高于全省增速0.2个百分点。",
                        13, 20, "indent: 2字");
    assert_true(p->nlines >= 8);
    for (size_t i = 0; i + 1 < p->nlines; i++)
        if (!near(p->lines[i].x1, 13)) {
            dump(p);
            fail_msg("line %zu ends at %.3f em", i, p->lines[i].x1);
        }
    free_page(p);
}

/* 16. The first line is indented exactly 2 em; no space between
 * paragraphs. */
static void test_rule16_indent_and_no_paragraph_space(void **state)
{
    (void)state;
    page *p = set_story("项目建设是经济发展的基石。\n\n寒风凛冽，行走在怀川大地。", 13, 10, "indent: 2字");
    size_t second = 0;
    while (second < p->nlines && p->lines[second].para == 0) second++;
    assert_true(second > 0 && second < p->nlines);
    assert_true(near(p->lines[0].at[0], 2));
    assert_true(near(p->lines[second].at[0], 2));
    assert_true(near(p->lines[second].y - p->lines[second - 1].y, PITCH));
    free_page(p);
}

/* 17. No 孤字: a paragraph whose natural last line is 的。 is set otherwise. */
static void test_rule17_no_orphan(void **state)
{
    (void)state;
    /* 26 characters and 的。: the natural last line would be 的。 alone */
    page *p = set_story("一二三四五六七八九十一二三四五六七八九十一二三四五六的。", 13, 10, NULL);
    const set_line *last = &p->lines[p->nlines - 1];
    assert_true(bs_utf8_count(last->text.data, strlen(last->text.data)) >= 3);
    assert_int_equal(p->report.stories[0].orphans, 0);
    assert_int_equal(p->report.stories[0].orphans_avoided, 1);
    free_page(p);
}

/* 18. No 寡行: a paragraph ending one line into the next column is set one
 * line tighter, so its last line does not stand alone at the column's top. */
static void test_rule18_no_widow(void **state)
{
    (void)state;
    page *p = set_page(NULL,
                       "一二三四五六，七八九十一二，三四五六七八，九十一二三四，五六七八九十，一二三四五六，七八九十一二，"
                       "三四五六七八，九十一二三四，五六。",
                       "  - type: story\n    file: %s\n    body: [{column: 1, span: 2, line: 1, lines: 5}]\n",
                       "indent: 2字");
    int in_second = 0;
    for (size_t i = 0; i < p->nlines; i++) in_second += p->lines[i].column == 1;
    assert_int_not_equal(in_second, 1);
    assert_int_equal(p->report.stories[0].widows_avoided, 1);
    assert_int_equal(p->report.stories[0].widows_left, 0);
    free_page(p);
}

/* 19. Quotation marks: a break may come before “ and after ”; “ never ends
 * a line and ” never starts one. */
static void test_rule19_quotation_marks(void **state)
{
    (void)state;
    bool before_open = false, after_close = false;
    for (double n = 2; n <= 8; n++) {
        page *p = set_story("扛稳“经济大省要勇挑大梁”的政治责任", n, 20, NULL);
        assert_kinsoku(p);
        for (size_t i = 0; i + 1 < p->nlines; i++) {
            before_open = before_open || first_cp(p->lines[i + 1].text.data) == 0x201C;
            after_close = after_close || last_cp(p->lines[i].text.data) == 0x201D;
        }
        free_page(p);
    }
    assert_true(before_open);   /* 扛稳|“经济… at 2 em */
    assert_true(after_close);
}

/* 20. Runs are tagged zh-Hans: U+2014 takes 1 em, not 0.89. */
static void test_rule20_language_tag(void **state)
{
    (void)state;
    page *p = set_story("甲—“乙”丙", 13, 10, NULL);
    assert_true(near(origin_of(p, "“", NULL) - origin_of(p, "—", NULL), 1));
    free_page(p);
}

/* 21. The jump line stays whole and ends the story. */
static void test_rule21_jump_line(void **state)
{
    (void)state;
    /* （下转A02版①） is 7½ em: from 8 em up it fits a line, and stays whole */
    for (double n = 8; n <= 13; n++) {
        char block[256];
        snprintf(block, sizeof block,
                 "  - type: story\n    file: %%s\n    body: [{x: 0mm, width: %g字, line: 1, lines: 20}]\n", n);
        page *p = set_page("title: 规则\njump: A02①", "全市一般公共预算收入169.6亿元，同比增长5.5%，", block, NULL);
        assert_false(split_inside(p, "（下转A02版①）"));
        const char *last = p->lines[p->nlines - 1].text.data;
        assert_true(strlen(last) >= strlen("（下转A02版①）"));
        assert_string_equal(last + strlen(last) - strlen("（下转A02版①）"), "（下转A02版①）");
        assert_kinsoku(p);
        free_page(p);
    }
}

/* 22. A byline's padded names stay whole: 韩　森 takes 3 em. */
static void test_rule22_byline_names(void **state)
{
    (void)state;
    for (double n = 4; n <= 9; n++) {
        char block[256];
        snprintf(block, sizeof block,
                 "  - type: story\n    file: %%s\n    body: [{x: 0mm, width: %g字, line: 1, lines: 10}]\n", n);
        page *p = set_page("title: 规则\nbyline: 本报记者　孙国利　韩　森", "正文。", block, NULL);
        assert_false(split_inside(p, "韩　森"));
        size_t l1, l2;
        double han = origin_of(p, "韩", &l1), sen = origin_of(p, "森", &l2);
        assert_int_equal(l1, l2);
        assert_true(near(sen - han, 2));
        free_page(p);
    }
}

/* 23. The dateline is set inline at the head of the first paragraph and
 * not split at （. */
static void test_rule23_dateline(void **state)
{
    (void)state;
    page *p = set_page("title: 规则\ndateline: 本报讯（记者孙国利）", "疫情要防住，经济要稳住，发展要安全。",
                       "  - type: story\n    file: %s\n    body: [{x: 0mm, width: 13字, line: 1, lines: 10}]\n",
                       "indent: 2字");
    assert_true(strncmp(p->lines[0].text.data, "本报讯（记者孙国利）疫", strlen("本报讯（记者孙国利）疫")) == 0);
    assert_false(split_inside(p, "本报讯（记者孙国利）"));
    free_page(p);
}

/* 24. A headline's clauses are separated by U+3000, and the title is sized
 * to fit its span in one line rather than wrapped there; asked for two
 * lines, it breaks at the U+3000. */
static void test_rule24_headline_fits_by_size(void **state)
{
    (void)state;
    const char *front = "title: 我市经济实现整体跃升　高质量发展拔节起势";
    const char *one = "  - type: story\n    file: %s\n    headline: {column: 1, span: 4, line: 1, lines: 5}\n"
                      "    body: [{column: 1, span: 4, line: 6, lines: 5}]\n";
    page *p = set_page(front, "正文。", one, NULL);
    int title_lines = 0;
    for (size_t i = 0; i < p->nlines; i++)
        if (strcmp(p->lines[i].role, "title") == 0) {
            title_lines++;
            assert_true(p->lines[i].size < 36 && p->lines[i].size >= 18);
            assert_true(p->lines[i].x1 <= 55 + 0.01);
        }
    assert_int_equal(title_lines, 1);
    free_page(p);
    const char *two = "  - type: story\n    file: %s\n    headline: {column: 1, span: 4, line: 1, lines: 8, title-lines: 2}\n"
                      "    body: [{column: 1, span: 4, line: 9, lines: 5}]\n";
    p = set_page(front, "正文。", two, NULL);
    assert_true(strncmp(p->lines[0].text.data, "我市经济实现整体跃升", strlen("我市经济实现整体跃升")) == 0);
    assert_true(strncmp(p->lines[1].text.data, "高质量发展拔节起势", strlen("高质量发展拔节起势")) == 0);
    assert_true(p->lines[0].size > 30);
    free_page(p);
}

/* 25. Body lines sit on the page's baseline grid in every column: column
 * 1's baselines are column 8's. */
static void test_rule25_baseline_grid_across_columns(void **state)
{
    (void)state;
    bs_buf text = {0};
    for (int i = 0; i < 12; i++)
        bs_buf_adds(&text, "项目建设是经济发展的基石。之于志存高远的焦作来说，抓项目就是抓发展，谋项目就是谋未来。\n\n");
    page *p = set_page(NULL, text.data,
                       "  - type: story\n    file: %s\n    body: [{column: 1, span: 8, line: 1, lines: 6}]\n",
                       "indent: 2字");
    bs_buf_free(&text);
    double first[6], last[6];
    int n1 = 0, n8 = 0;
    for (size_t i = 0; i < p->nlines; i++) {
        if (p->lines[i].column == 0 && n1 < 6) first[n1++] = p->lines[i].y;
        if (p->lines[i].column == 7 && n8 < 6) last[n8++] = p->lines[i].y;
    }
    assert_int_equal(n1, 6);
    assert_true(n8 >= 2);
    for (int i = 0; i < n8; i++) assert_true(near(first[i], last[i]));
    for (int i = 1; i < n1; i++) assert_true(near(first[i] - first[i - 1], PITCH));
    free_page(p);
}

/* The house styles of punctuation: 全角式 (default) keeps each mark's cell,
 * 开明式 halves all but 。？！, 半角式 halves them all. */
static void test_punctuation_styles(void **state)
{
    (void)state;
    const char *text = "一二，三四。五六";
    page *p = set_story(text, 20, 5, NULL);
    assert_true(near(origin_of(p, "三", NULL), 3));
    assert_true(near(origin_of(p, "五", NULL), 6));
    free_page(p);
    p = set_story(text, 20, 5, "punctuation: 开明式");
    assert_true(near(origin_of(p, "三", NULL), 2.5));
    assert_true(near(origin_of(p, "五", NULL), 5.5));
    free_page(p);
    p = set_story(text, 20, 5, "punctuation: banjiao");
    assert_true(near(origin_of(p, "三", NULL), 2.5));
    assert_true(near(origin_of(p, "五", NULL), 5));
    free_page(p);
}

/* A word longer than the column (a URL) is broken where nothing else fits:
 * every line stays within the measure, all of its text is set in order,
 * and the editor is told. A number with its unit, which is short, is
 * never broken (rule 8). */
static void test_a_word_longer_than_the_column(void **state)
{
    (void)state;
    const char *url = "https://www.jzrb.com/content/2023-01/31/content_0123456789abcdef.html";
    bs_buf text = {0};
    bs_buf_printf(&text, "详见%s。", url);
    page *p = set_story(text.data, 13, 20, NULL);
    assert_true(p->nlines >= 4);
    bs_buf joined = {0};
    for (size_t i = 0; i < p->nlines; i++) {
        if (p->lines[i].x1 > 13.0 + 0.01) {
            dump(p);
            fail_msg("line %zu ends at %.3f em, past the 13-em measure", i, p->lines[i].x1);
        }
        bs_buf_add(&joined, p->lines[i].text.data, p->lines[i].text.len);
    }
    assert_string_equal(joined.data, text.data);
    assert_true(bs_test_contains(p->diags.text.data, "warning: a word longer than the column was broken"));
    bs_buf_free(&joined);
    bs_buf_free(&text);
    free_page(p);
}

/* A character no font has is warned about once, at its paragraph. */
static void test_a_character_without_a_glyph(void **state)
{
    (void)state;
    page *p = set_story("表情😀一个。\n\n又是😀一个。", 13, 20, NULL);
    const char *diags = p->diags.text.data;
    assert_non_null(diags);
    assert_true(bs_test_contains(diags, ".md:4:1: warning: no font has '😀' U+1F600 (style 'body'"));
    assert_int_equal(p->report.missing_glyphs, 1);
    /* once: the second paragraph's is not reported again */
    assert_null(strstr(strstr(diags, "U+1F600") + 1, "U+1F600"));
    free_page(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule01_stops_never_start_a_line),
        cmocka_unit_test(test_rule02_closing_marks),
        cmocka_unit_test(test_rule03_opening_marks),
        cmocka_unit_test(test_rule04_interpunct_and_connector),
        cmocka_unit_test(test_rule05_solidus),
        cmocka_unit_test(test_rule06_dash),
        cmocka_unit_test(test_rule07_ellipsis),
        cmocka_unit_test(test_rule08_numbers_and_units),
        cmocka_unit_test(test_rule09_latin_words),
        cmocka_unit_test(test_rule10_line_end_half_em),
        cmocka_unit_test(test_rule11_adjacent_marks),
        cmocka_unit_test(test_rule12_opening_bracket_at_line_start),
        cmocka_unit_test(test_rule13_justification_order),
        cmocka_unit_test(test_rule14_han_latin_spacing),
        cmocka_unit_test(test_rule15_flush_lines),
        cmocka_unit_test(test_rule16_indent_and_no_paragraph_space),
        cmocka_unit_test(test_rule17_no_orphan),
        cmocka_unit_test(test_rule18_no_widow),
        cmocka_unit_test(test_rule19_quotation_marks),
        cmocka_unit_test(test_rule20_language_tag),
        cmocka_unit_test(test_rule21_jump_line),
        cmocka_unit_test(test_rule22_byline_names),
        cmocka_unit_test(test_rule23_dateline),
        cmocka_unit_test(test_rule24_headline_fits_by_size),
        cmocka_unit_test(test_rule25_baseline_grid_across_columns),
        cmocka_unit_test(test_punctuation_styles),
        cmocka_unit_test(test_a_word_longer_than_the_column),
        cmocka_unit_test(test_a_character_without_a_glyph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
