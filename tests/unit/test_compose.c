/* The line composer's basics, asserted on composed lines (texts, widths and
 * glyph positions in em): breaks follow the Chinese rules, lines are flush,
 * punctuation is sized and compressed as GB/T 15834 asks. */
#include "bs_test.h"
#include "bs_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define EM 9.0

typedef struct fixture {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_fonts *fonts;
    bs_composer *composer;
    bs_style body;
    bs_style bold;
    bs_arena *arena;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = bs_test_ctx(&f->diags);
    f->fonts = bs_fonts_open(f->ctx, BS_SOURCE_DIR "/fonts.conf");
    assert_non_null(f->fonts);
    f->composer = bs_composer_new(f->ctx, f->fonts);
    f->body = (bs_style){.name = "body", .font = "宋体", .weight = 400, .size = EM, .leading = 13.5,
                         .indent = 0, .align = BS_ALIGN_JUSTIFY, .color = BS_CMYK_BLACK};
    f->bold = f->body;
    f->bold.name = "lead-in";
    f->bold.font = "黑体";
    f->arena = bs_arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_arena_free(f->arena);
    bs_composer_free(f->composer);
    bs_fonts_close(f->fonts);
    bs_test_ctx_free(f->ctx, &f->diags);
    free(f);
    return 0;
}

static double fixed_width(void *user, int line)
{
    (void)line;
    return *(double *)user;
}

/* Compose `text` in columns `chars` em wide. */
static bs_para_layout *compose(fixture *f, const char *text, double chars, double indent_em)
{
    static double width;
    width = chars * EM;
    f->body.indent = indent_em * EM;
    bs_text_span span = {0, strlen(text), &f->body, false};
    bs_para_spec spec = {.text = text, .len = strlen(text), .spans = &span, .nspans = 1, .style = &f->body};
    bs_para_layout *layout = bs_compose(f->composer, f->arena, &spec, fixed_width, &width);
    assert_non_null(layout);
    return layout;
}

/* The text of line k, as a new string. */
static char *line_text(const char *text, const bs_para_layout *layout, size_t k)
{
    const bs_line *l = &layout->lines[k];
    return bs_xstrndup(text + l->start, l->end - l->start);
}

static void dump(const char *text, const bs_para_layout *layout)
{
    for (size_t k = 0; k < layout->nlines; k++) {
        char *s = line_text(text, layout, k);
        fprintf(stderr, "  [%zu] %-40s width %.3f em adjust %+.3f em\n", k, s, layout->lines[k].width / EM,
                layout->lines[k].adjust_em);
        free(s);
    }
}

static uint32_t first_cp(const char *text, const bs_line *l)
{
    uint32_t cp;
    bs_utf8_decode(text + l->start, l->end - l->start, &cp);
    return cp;
}

static uint32_t last_cp(const char *text, const bs_line *l)
{
    uint32_t cp = 0;
    for (size_t i = l->start; i < l->end;) {
        int n = bs_utf8_decode(text + i, l->end - i, &cp);
        i += n > 0 ? (size_t)n : 1;
    }
    return cp;
}

/* No line starts with a mark that may not start one, none ends with one
 * that may not end one, and (if `flush`) every line but the last is flush. */
static void assert_kinsoku(const char *text, const bs_para_layout *layout, double chars, bool flush)
{
    for (size_t k = 0; k < layout->nlines; k++) {
        const bs_line *l = &layout->lines[k];
        if (k > 0 && bs_char_not_at_line_start(first_cp(text, l))) {
            dump(text, layout);
            fail_msg("line %zu starts with a prohibited mark", k);
        }
        if (!l->last && bs_char_not_at_line_end(last_cp(text, l))) {
            dump(text, layout);
            fail_msg("line %zu ends with a prohibited mark", k);
        }
        if (flush && !l->last && fabs(l->width - chars * EM) > 0.01) {
            dump(text, layout);
            fail_msg("line %zu is %.3f em, not flush at %.1f em", k, l->width / EM, chars);
        }
        if (flush) assert_true(l->width <= chars * EM + 0.01);
    }
}

static void assert_well_set(const char *text, const bs_para_layout *layout, double chars)
{
    assert_kinsoku(text, layout, chars, true);
}

/* Does any line break fall strictly inside the byte range of `piece`? */
static bool split_inside(const char *text, const bs_para_layout *layout, const char *piece)
{
    const char *at = strstr(text, piece);
    assert_non_null(at);
    size_t s = (size_t)(at - text), e = s + strlen(piece);
    for (size_t k = 0; k + 1 < layout->nlines; k++) {
        size_t brk = layout->lines[k].end;
        if (brk > s && brk < e) return true;
    }
    return false;
}

static void test_stops_never_start_a_line(void **state)
{
    fixture *f = *state;
    /* n = 5: the comma cannot fit on line 1 even at ½ em, so 五 is pushed
     * out to go with it */
    const char *text = "一二三四五，六七";
    bs_para_layout *layout = compose(f, text, 5, 0);
    assert_well_set(text, layout, 5);
    char *first = line_text(text, layout, 0);
    assert_string_equal(first, "一二三四");
    free(first);
    /* n = 7: compressing the first comma makes room, so the second is
     * pushed in (挤进) rather than 六 pushed out (推出) */
    const char *text2 = "一二，三四五六，七八";
    layout = compose(f, text2, 7, 0);
    assert_well_set(text2, layout, 7);
    first = line_text(text2, layout, 0);
    assert_string_equal(first, "一二，三四五六，");
    free(first);
}

static void test_closing_and_opening_marks(void **state)
{
    fixture *f = *state;
    const char *a = "我说“好的”。走吧我们走吧";
    bs_para_layout *la = compose(f, a, 4, 0);
    assert_well_set(a, la, 4);
    const char *b = "一二三四《人民日报》五六七八";
    bs_para_layout *lb = compose(f, b, 5, 0);
    assert_well_set(b, lb, 5);
}

static void test_interpunct_connector_solidus(void **state)
{
    fixture *f = *state;
    const char *texts[] = {"马克思·恩格斯的著作", "北京～上海的列车", "甲乙/丙丁戊己庚辛"};
    for (size_t i = 0; i < 3; i++) {
        bs_para_layout *layout = compose(f, texts[i], 3, 0);
        assert_kinsoku(texts[i], layout, 3, false);
    }
}

static void test_dash_and_ellipsis_whole_and_two_em(void **state)
{
    fixture *f = *state;
    const char *text = "他说——这是真的，一批批新兴产业蓄势待发……时下焦作正探索";
    for (double chars = 4; chars <= 9; chars++) {
        bs_para_layout *layout = compose(f, text, chars, 0);
        assert_well_set(text, layout, chars);
        assert_false(split_inside(text, layout, "——"));
        assert_false(split_inside(text, layout, "……"));
    }
    /* In a line that needs no adjustment the dash's box is exactly 2 em:
     * 他说 + —— + 这是 = 6 em. */
    const char *plain = "他说——这是";
    bs_para_layout *layout = compose(f, plain, 6, 0);
    assert_int_equal(layout->nlines, 1);
    assert_true(fabs(layout->lines[0].width - 6 * EM) < 0.01);
}

static void test_numbers_stay_whole(void **state)
{
    fixture *f = *state;
    const char *text = "总值2234.8亿元，增长6.6%、12.9%、1.1%，人均GDP超过12000美元";
    for (double chars = 6; chars <= 13; chars++) {
        bs_para_layout *layout = compose(f, text, chars, 0);
        /* a 5-em unbreakable number in a narrow column cannot always be
         * flush; here only the breaks are judged */
        assert_kinsoku(text, layout, chars, chars >= 13);
        const char *pieces[] = {"2234.8亿元", "6.6%", "12.9%", "1.1%", "GDP", "12000美元"};
        for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
            if (split_inside(text, layout, pieces[i])) {
                dump(text, layout);
                fail_msg("'%s' split at %.0f em", pieces[i], chars);
            }
    }
}

static void test_line_end_comma_is_half_em(void **state)
{
    fixture *f = *state;
    /* 12 characters and a comma fill 12.5 em: the comma ends the line at ½ em */
    const char *text = "一二三四五六七八九十一二，三四五";
    bs_para_layout *layout = compose(f, text, 12.5, 0);
    char *first = line_text(text, layout, 0);
    assert_string_equal(first, "一二三四五六七八九十一二，");
    free(first);
    assert_true(fabs(layout->lines[0].width - 12.5 * EM) < 0.01);
    assert_true(fabs(layout->lines[0].adjust_em) < 0.01);
}

static void test_adjacent_marks_compress(void **state)
{
    fixture *f = *state;
    /* 为王 + ”。 would be 4 em; the pair takes 1.5 em -> 3.5 em */
    const char *text = "为王”。";
    bs_para_layout *layout = compose(f, text, 13, 0);
    assert_int_equal(layout->compressions, 1);
    /* the last line is not justified: its width is its natural width, and
     * the final 。 at line end is ½ em: 2 + ½ (”) + ½ (。) = 3 em */
    assert_true(fabs(layout->lines[0].width - 3 * EM) < 0.01);
}

static void test_opening_bracket_at_line_start(void **state)
{
    fixture *f = *state;
    /* an indented first line starting with （: the bracket loses ½ em */
    const char *text = "（记者）说";
    bs_para_layout *layout = compose(f, text, 13, 2);
    const bs_line *l = &layout->lines[0];
    /* 2 em indent + （ ½ + 记者 2 + ） 1 + 说 1 = 6.5 em */
    assert_true(fabs(l->width - 6.5 * EM) < 0.01);
    /* the bracket's glyph is drawn ½ em left of where it would be */
    assert_true(fabs(l->runs[0].x[0] - 1.5 * EM) < 0.01);
}

static void test_justified_and_grid(void **state)
{
    fixture *f = *state;
    const char *text =
        "疫情要防住，经济要稳住，发展要安全。我市高效统筹疫情防控和经济社会发展，加快落实稳经济一揽子政策，"
        "主要经济指标实现整体跃升，增速高于全省平均水平，总量持续扩大，质量稳步提高。";
    bs_para_layout *layout = compose(f, text, 13, 2);
    assert_well_set(text, layout, 13);
    assert_true(layout->nlines >= 6);
    /* a line of Han characters only sits on the character grid: glyph k at k em */
    for (size_t k = 0; k < layout->nlines; k++) {
        const bs_line *l = &layout->lines[k];
        if (fabs(l->adjust_em) > 0.001 || l->nruns != 1) continue;
        for (size_t g = 0; g < l->runs[0].nglyphs; g++) {
            double pos = l->runs[0].x[g] / EM;
            assert_true(fabs(pos - round(pos)) < 0.01 || fabs(pos - round(pos) - 0.5) < 0.51);
        }
    }
}

static void test_no_orphan(void **state)
{
    fixture *f = *state;
    /* 13 + 13 + 1 characters: the natural last line would be 的。 */
    const char *text = "一二三四五六七八九十一二三四五六七八九十一二三四五六的。";
    bs_para_layout *layout = compose(f, text, 13, 0);
    assert_false(layout->orphan);
    const bs_line *last = &layout->lines[layout->nlines - 1];
    assert_true(bs_utf8_count(text + last->start, last->end - last->start) >= 3);
}

static void test_padded_name_and_kept_span(void **state)
{
    fixture *f = *state;
    const char *byline = "本报记者　孙国利　韩　森";
    for (double chars = 4; chars <= 9; chars++) {
        bs_para_layout *layout = compose(f, byline, chars, 0);
        assert_false(split_inside(byline, layout, "韩　森"));
    }
    /* a jump line kept together */
    const char *text = "一般公共预算收入169.6亿元，同比增长5.5%，（下转A02版①）";
    const char *jump = strstr(text, "（下转");
    bs_text_span spans[2] = {{0, (size_t)(jump - text), &f->body, false},
                             {(size_t)(jump - text), strlen(text), &f->body, true}};
    static double width = 13 * EM;
    bs_para_spec spec = {.text = text, .len = strlen(text), .spans = spans, .nspans = 2, .style = &f->body};
    bs_para_layout *layout = bs_compose(f->composer, f->arena, &spec, fixed_width, &width);
    assert_non_null(layout);
    assert_false(split_inside(text, layout, "（下转A02版①）"));
    assert_well_set(text, layout, 13);
}

static void test_font_that_does_not_resolve(void **state)
{
    fixture *f = *state;
    bs_style bad = f->body;
    bad.name = "title";
    bad.font = "方正报宋不存在";
    bad.loc = (bs_loc){"layouts/x.yaml", 40, 5};
    const char *text = "标题";
    bs_text_span span = {0, strlen(text), &bad, false};
    static double width = 13 * EM;
    bs_para_spec spec = {.text = text, .len = strlen(text), .spans = &span, .nspans = 1, .style = &bad};
    assert_null(bs_compose(f->composer, f->arena, &spec, fixed_width, &width));
    assert_true(bs_test_contains(f->diags.text.data, "layouts/x.yaml:40:5: error: style 'title': font '方正报宋不存在'"));
}

/* A style's Latin font (西文字体) sets its Western runs: the jump line in
 * Kai with its page id in the Song face. */
static void test_latin_font(void **state)
{
    fixture *f = *state;
    bs_style kai = f->body;
    kai.name = "jump";
    kai.font = "楷体";
    kai.latin_font = "宋体";
    const char *text = "（下转A02版①）";
    bs_text_span span = {0, strlen(text), &kai, false};
    static double width = 13 * EM;
    bs_para_spec spec = {.text = text, .len = strlen(text), .spans = &span, .nspans = 1, .style = &kai};
    bs_para_layout *layout = bs_compose(f->composer, f->arena, &spec, fixed_width, &width);
    assert_non_null(layout);
    assert_int_equal(layout->nlines, 1);
    const bs_line *l = &layout->lines[0];
    assert_int_equal(l->nruns, 3);   /* （下转 | A02 | 版①） */
    assert_memory_equal(text + l->runs[1].start, "A02", 3);
    assert_int_equal(l->runs[1].end - l->runs[1].start, 3);
    assert_true(l->runs[0].font == l->runs[2].font);
    assert_true(l->runs[1].font != l->runs[0].font);
    bs_style song = f->body;
    assert_true(l->runs[1].font == bs_fonts_get(f->fonts, f->ctx, &song));
}

static void test_lunar_date(void **state)
{
    fixture *f = *state;
    char out[64];
    assert_true(bs_lunar_date(f->ctx, 2023, 1, 31, out, sizeof out));
    assert_string_equal(out, "癸卯年正月初十");
    assert_true(bs_weekday(f->ctx, 2023, 1, 31, out, sizeof out));
    assert_string_equal(out, "星期二");
    /* a leap month: 2023-03-22 is 闰二月初一 */
    assert_true(bs_lunar_date(f->ctx, 2023, 3, 22, out, sizeof out));
    assert_string_equal(out, "癸卯年闰二月初一");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stops_never_start_a_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closing_and_opening_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interpunct_connector_solidus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dash_and_ellipsis_whole_and_two_em, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers_stay_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_end_comma_is_half_em, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adjacent_marks_compress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_opening_bracket_at_line_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_justified_and_grid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_orphan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_padded_name_and_kept_span, setup, teardown),
        cmocka_unit_test_setup_teardown(test_font_that_does_not_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin_font, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lunar_date, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
