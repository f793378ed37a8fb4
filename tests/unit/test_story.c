/* Stories: front matter, paragraphs and their runs, line joining, and every
 * kind of bad input located in the story file. */
#include "bs_test.h"
#include "bs_load.h"

static void assert_run(const bs_paragraph *p, size_t i, size_t start, size_t end, bs_run_kind kind)
{
    assert_true(i < p->nruns);
    if (p->runs[i].start != start || p->runs[i].end != end || p->runs[i].kind != kind)
        fail_msg("run %zu is [%zu, %zu) kind %d, want [%zu, %zu) kind %d", i, p->runs[i].start,
                 p->runs[i].end, p->runs[i].kind, start, end, kind);
}

/* Runs must cover the text in order, without gaps, empty runs or two
 * neighbours of the same kind. */
static void assert_runs_well_formed(const bs_paragraph *p)
{
    size_t at = 0;
    for (size_t i = 0; i < p->nruns; i++) {
        assert_int_equal(p->runs[i].start, at);
        assert_true(p->runs[i].end > p->runs[i].start);
        if (i > 0) assert_int_not_equal(p->runs[i].kind, p->runs[i - 1].kind);
        at = p->runs[i].end;
    }
    assert_int_equal(at, p->len);
    assert_int_equal(strlen(p->text), p->len);
}

static void assert_loc(bs_loc loc, const char *file, int line, int col)
{
    assert_string_equal(loc.file, file);
    if (loc.line != line || loc.col != col) fail_msg("at %d:%d, want %d:%d", loc.line, loc.col, line, col);
}

/* Parse `text` as story file `name`; it must fail with exactly `want`
 * (each line prefixed with the story's path). */
static void assert_story_errors(const char *name, const char *text, const char *want)
{
    const char *path = bs_test_write(name, text);
    assert_non_null(path);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    if (bs_story_load(ctx, path)) fail_msg("%s loaded without errors", name);
    bs_test_expect_diags(d.text.data, path, want);
    bs_test_ctx_free(ctx, &d);
}

static void test_story_front_matter(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    const char *path = bs_test_data("load/stories/lead.md");
    bs_story *s = bs_story_load(ctx, path);
    assert_string_equal(d.text.data, "");
    assert_non_null(s);
    assert_non_null(s->arena);
    assert_string_equal(s->path, path);
    assert_string_equal(s->kicker.text, "市政府第三次常务会议召开");
    assert_loc(s->kicker.loc, path, 2, 9);
    assert_string_equal(s->title.text, "纲举目张拼经济　全力夺取开门红");
    assert_loc(s->title.loc, path, 3, 8);
    assert_string_equal(s->subtitle.text, "——我市“项目为王”样本观察");
    assert_string_equal(s->byline.text, "本报记者　孙国利");
    assert_string_equal(s->dateline.text, "本报讯（记者翟倩倩）");
    assert_loc(s->dateline.loc, path, 6, 11);
    assert_string_equal(s->jump.text, "A02①");
    assert_string_equal(s->jump_page, "A02");
    assert_string_equal(s->jump_mark, "①");
    bs_story_free(s);
    bs_test_ctx_free(ctx, &d);
}

static void test_story_paragraphs(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    const char *path = bs_test_data("load/stories/lead.md");
    bs_story *s = bs_story_load(ctx, path);
    assert_non_null(s);
    assert_int_equal(s->nparas, 4);
    for (size_t i = 0; i < s->nparas; i++) assert_runs_well_formed(&s->paras[i]);

    /* A line break between Chinese characters joins with nothing. */
    const bs_paragraph *p = &s->paras[0];
    assert_int_equal(p->kind, BS_PARA_BODY);
    assert_string_equal(p->text, "昨日下午，市长李亦博主持召开市政府第3次常务会议。");
    assert_int_equal(p->nruns, 1);
    assert_run(p, 0, 0, p->len, BS_RUN_PLAIN);
    assert_loc(p->loc, path, 9, 1);   /* lines of the file, after the front matter */

    /* Lead-in and emphasis runs; Latin lines join with a space. */
    p = &s->paras[1];
    assert_string_equal(p->text, "会议强调，要切实把握思想和行动。The GDP grew by 3.3% in 2022.");
    assert_loc(p->loc, path, 12, 1);
    assert_int_equal(p->nruns, 4);
    size_t lead = strlen("会议强调");
    size_t em_start = strlen("会议强调，要切实把握");
    size_t em_end = em_start + strlen("思想");
    assert_run(p, 0, 0, lead, BS_RUN_STRONG);
    assert_run(p, 1, lead, em_start, BS_RUN_PLAIN);
    assert_run(p, 2, em_start, em_end, BS_RUN_EMPH);
    assert_run(p, 3, em_end, p->len, BS_RUN_PLAIN);

    p = &s->paras[2];
    assert_int_equal(p->kind, BS_PARA_SUBHEAD);
    assert_string_equal(p->text, "小标题");
    assert_loc(p->loc, path, 17, 1);

    /* Code spans and links are their text; 文 + break + text joins tight. */
    p = &s->paras[3];
    assert_int_equal(p->kind, BS_PARA_BODY);
    assert_string_equal(p->text, "Mixed 中文text and code with a link here.");
    assert_int_equal(p->nruns, 1);
    bs_story_free(s);
    bs_test_ctx_free(ctx, &d);
}

static const bs_story *parse(bs_ctx *ctx, bs_arena *arena, const char *text)
{
    return bs_story_parse(ctx, arena, "mem.md", text, strlen(text));
}

static void test_story_runs_and_breaks(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_arena *arena = bs_arena_new();
    const bs_story *s = parse(ctx, arena,
                              "plain ***both*** *a **b** c*\n"
                              "**强\n调**，再说\n"
                              "\n"
                              "hard  \nbreak and\\\nback\n"
                              "\n"
                              "（全文\n完）——\nEnd\n");
    assert_string_equal(d.text.data, "");
    assert_non_null(s);
    assert_null(s->arena);                 /* lives in the caller's arena */
    assert_null(s->title.text);
    assert_null(s->jump_page);
    assert_int_equal(s->nparas, 3);
    for (size_t i = 0; i < s->nparas; i++) assert_runs_well_formed(&s->paras[i]);

    /* strong wins when nested; the break before 强 is Chinese on one side */
    const bs_paragraph *p = &s->paras[0];
    assert_string_equal(p->text, "plain both a b c强调，再说");
    assert_loc(p->loc, "mem.md", 1, 1);
    assert_int_equal(p->nruns, 8);
    assert_run(p, 0, 0, 6, BS_RUN_PLAIN);
    assert_run(p, 1, 6, 10, BS_RUN_STRONG);
    assert_run(p, 2, 10, 11, BS_RUN_PLAIN);
    assert_run(p, 3, 11, 13, BS_RUN_EMPH);
    assert_run(p, 4, 13, 14, BS_RUN_STRONG);
    assert_run(p, 5, 14, 16, BS_RUN_EMPH);
    assert_run(p, 6, 16, 22, BS_RUN_STRONG);   /* 强调, joined inside the strong run */
    assert_run(p, 7, 22, p->len, BS_RUN_PLAIN);

    /* hard breaks join like soft ones */
    p = &s->paras[1];
    assert_string_equal(p->text, "hard break and back");
    assert_loc(p->loc, "mem.md", 5, 1);

    /* fullwidth punctuation and the dash on one side is enough */
    p = &s->paras[2];
    assert_string_equal(p->text, "（全文完）——End");
    assert_loc(p->loc, "mem.md", 9, 1);

    bs_story_free((bs_story *)s);           /* must not free the caller's arena */
    bs_arena_free(arena);
    bs_test_ctx_free(ctx, &d);
}

static void test_story_columns_and_line_endings(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_arena *arena = bs_arena_new();
    const bs_story *s = parse(ctx, arena,
                              "---\r\ntitle: 标题\r\njump: B12\r\n---\r\n"
                              "第一段\r\n\r\n   中文缩进\r\n");
    assert_string_equal(d.text.data, "");
    assert_non_null(s);
    assert_string_equal(s->title.text, "标题");
    assert_string_equal(s->jump_page, "B12");
    assert_string_equal(s->jump_mark, "");
    assert_int_equal(s->nparas, 2);
    assert_string_equal(s->paras[0].text, "第一段");
    assert_loc(s->paras[0].loc, "mem.md", 5, 1);
    assert_string_equal(s->paras[1].text, "中文缩进");
    assert_loc(s->paras[1].loc, "mem.md", 7, 4);
    bs_arena_free(arena);
    bs_test_ctx_free(ctx, &d);
}

static void test_story_bad_text(void **state)
{
    (void)state;
    assert_story_errors("bad-utf8.md", "第一行\n中文\xff\xfe\n", ":2:3: error: not valid UTF-8 (save the story as UTF-8)");
    assert_story_errors("control.md", "---\ntitle: 标题\n---\n第一段\n中\x01文\n",
                        ":5:2: error: control character U+0001 is not allowed in a story");
    assert_story_errors("escape.md", "正文\x1b[1m\n", ":1:3: error: control character U+001B is not allowed in a story");
}

static void test_story_markdown_it_has_not(void **state)
{
    (void)state;
    assert_story_errors("list.md", "---\ntitle: 标题\n---\n第一段\n\n- 一\n- 二\n", ":6:1: error: a story has no lists");
    assert_story_errors("numbered.md", "第一段\n\n1. 一\n", ":3:1: error: a story has no lists");
    assert_story_errors("quote.md", "第一段\n\n> 引文\n", ":3:1: error: a story has no block quotes");
    assert_story_errors("fence.md", "第一段\n\n```\ncode\n```\n", ":3:1: error: a story has no code blocks");
    assert_story_errors("html.md", "第一段\n\n<div>x</div>\n", ":3:1: error: a story has no HTML");
    assert_story_errors("rule.md", "第一段\n\n***\n", ":3:1: error: a story has no thematic breaks");
    assert_story_errors("inline-html.md", "第一段<b>粗</b>\n",
                        ":1:4: error: a story has no HTML\n:1:8: error: a story has no HTML");
    assert_story_errors("image.md", "---\ntitle: 标题\n---\n\n看图 ![图](a.png)\n", ":5:4: error: a story has no images");
    /* every problem is reported, not just the first */
    assert_story_errors("two.md", "- 一\n\n> 二\n", ":1:1: error: a story has no lists\n:3:1: error: a story has no block quotes");
}

static void test_story_empty(void **state)
{
    (void)state;
    assert_story_errors("empty.md", "", ":1:1: error: the story has no paragraphs");
    assert_story_errors("only-front.md", "---\ntitle: 标题\n---\n\n\n", ":4:1: error: the story has no paragraphs");
}

static void test_story_bad_front_matter(void **state)
{
    (void)state;
    assert_story_errors("jump.md", "---\njump: A2\n---\n正文\n",
                        ":2:7: error: jump 'A2' must be a page id and an optional circled number, such as A02① or A03");
    assert_story_errors("jump2.md", "---\ntitle: 标题\njump: A02①②\n---\n正文\n",
                        ":3:7: error: jump 'A02①②' must be a page id and an optional circled number, such as A02① or A03");
    assert_story_errors("jump3.md", "---\njump: a02\n---\n正文\n",
                        ":2:7: error: jump 'a02' must be a page id and an optional circled number, such as A02① or A03");
    assert_story_errors("jump4.md", "---\njump: A02(1)\n---\n正文\n",
                        ":2:7: error: jump 'A02(1)' must be a page id and an optional circled number, such as A02① or A03");
    assert_story_errors("key.md", "---\ntitle: 标题\ntitel: 标题\n---\n正文\n",
                        ":3:1: error: unknown key 'titel' in front matter; did you mean 'title'?");
    assert_story_errors("far-key.md", "---\nauthor: 某\n---\n正文\n",
                        ":2:1: error: unknown key 'author' in front matter "
                        "(allowed: kicker, title, subtitle, byline, dateline or jump)");
    assert_story_errors("yaml.md", "---\ntitle: 标题\nkicker: [引题\nbyline: x\n---\n正文\n",
                        ":5:1: error: flow sequence without a closing bracket");
    assert_story_errors("list-title.md", "---\ntitle: [一, 二]\n---\n正文\n",
                        ":2:8: error: 'title' must be a text, not a list");
    assert_story_errors("unclosed.md", "---\ntitle: 标题\n正文\n",
                        ":1:1: error: the front matter is not closed by a line '---'");
}

static void test_story_missing_file(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    const char *path = bs_test_out("no-such-story.md");
    assert_null(bs_story_load(ctx, path));
    char want[1100];
    snprintf(want, sizeof want, "%s: error: cannot open: No such file or directory\n", path);
    assert_string_equal(d.text.data, want);
    bs_story_free(NULL);
    bs_test_ctx_free(ctx, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_front_matter),
        cmocka_unit_test(test_story_paragraphs),
        cmocka_unit_test(test_story_runs_and_breaks),
        cmocka_unit_test(test_story_columns_and_line_endings),
        cmocka_unit_test(test_story_bad_text),
        cmocka_unit_test(test_story_markdown_it_has_not),
        cmocka_unit_test(test_story_empty),
        cmocka_unit_test(test_story_bad_front_matter),
        cmocka_unit_test(test_story_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
