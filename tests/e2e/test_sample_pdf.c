/* End to end, as a user runs it: `broadsheet render --screen` on the
 * sample A01 page (the RGB PDF for screens and e-paper: the page is the
 * trim; the print PDF has its own test), and the PDF read back with tools we did not write: pdfinfo (page
 * size), pdffonts (every font embedded, no Type 3), pdftotext (all the
 * sample's text, each story in order, no line starting with a mark that may
 * not start one), pdftoppm + zbarimg (the five QR codes decode to the page
 * file's payloads). Rendering twice gives the same bytes; bad input leaves a
 * good output untouched. */
#include "bs_test.h"
#include "bs_text.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define SAMPLE_DIR BS_SOURCE_DIR "/samples/jzrb-2023-01-31"
#define SAMPLE SAMPLE_DIR "/A01.yaml"

static char *run(const char *fmt, const char *arg, int *status)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, fmt, arg, arg, arg);
    return bs_test_run(cmd, status);
}

static const char *pdf_path(void) { return bs_test_out("e2e-A01.pdf"); }

static int render_sample(void **state)
{
    (void)state;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' render --screen '%s' -o '%s' --png '%s' --dpi 50 2>&1", BS_CLI, SAMPLE, pdf_path(),
             bs_test_out("e2e-A01.png"));
    int status = -1;
    char *out = bs_test_run(cmd, &status);
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    /* the command prints the paths it wrote */
    assert_true(bs_test_contains(out, "e2e-A01.pdf"));
    assert_true(bs_test_contains(out, "e2e-A01.png"));
    free(out);
    return 0;
}

static void test_page_size_and_pages(void **state)
{
    (void)state;
    int status;
    char *info = run("pdfinfo '%s'", pdf_path(), &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(info, "Pages:           1"));
    double w = 0, h = 0;
    const char *size = strstr(info, "Page size:");
    assert_non_null(size);
    assert_int_equal(sscanf(size, "Page size: %lf x %lf pts", &w, &h), 2);
    /* 390 × 540 mm */
    assert_true(fabs(w - 390 * BS_PT_PER_MM) < 0.1);
    assert_true(fabs(h - 540 * BS_PT_PER_MM) < 0.1);
    assert_true(bs_test_contains(info, "Title:           焦作日报 2023-01-31 A01"));
    free(info);
}

static void test_fonts_embedded(void **state)
{
    (void)state;
    int status;
    char *fonts = run("pdffonts '%s'", pdf_path(), &status);
    assert_int_equal(status, 0);
    assert_false(bs_test_contains(fonts, "Type 3"));
    int rows = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0) continue;
        char name[256], emb[8], sub[8], uni[8];
        /* the columns: name type... encoding emb sub uni object ID */
        assert_int_equal(sscanf(line, "%255s", name), 1);
        char *tail = line + strlen(line);
        int fields = 0;
        while (tail > line && fields < 5) {   /* walk back over "emb sub uni obj gen" */
            while (tail > line && tail[-1] == ' ') tail--;
            while (tail > line && tail[-1] != ' ') tail--;
            fields++;
        }
        assert_int_equal(sscanf(tail, "%7s %7s %7s", emb, sub, uni), 3);
        if (strcmp(emb, "yes") != 0) fail_msg("font %s is not embedded", name);
        assert_string_equal(sub, "yes");   /* a subset */
        assert_string_equal(uni, "yes");   /* with a ToUnicode map */
        rows++;
    }
    assert_true(rows >= 3);
    free(fonts);
}

/* The page's text with all whitespace removed. */
static char *squeezed(const char *text)
{
    char *out = bs_xmalloc(strlen(text) + 1), *o = out;
    for (const char *p = text; *p;) {
        uint32_t cp;
        int n = bs_utf8_decode(p, strlen(p), &cp);
        if (n <= 0) n = 1;
        bool space = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\f' || cp == '\r' || cp == 0x3000 ||
                     (cp >= 0x2000 && cp <= 0x200A);
        if (!space) {
            memcpy(o, p, (size_t)n);
            o += n;
        }
        p += n;
    }
    *o = '\0';
    return out;
}

static char *pdf_text(void)
{
    int status;
    char *text = run("pdftotext -raw -enc UTF-8 '%s' -", pdf_path(), &status);
    assert_int_equal(status, 0);
    return text;
}

/* Every paragraph of every story, the headline parts, dateline and jump
 * line, in each story's order, as the PDF's text layer gives them. */
static void test_all_story_text_in_order(void **state)
{
    (void)state;
    char *raw = pdf_text();
    char *text = squeezed(raw);
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_page *page = bs_page_load(ctx, SAMPLE);
    assert_non_null(page);
    size_t stories = 0, paragraphs = 0;
    for (size_t b = 0; b < page->nblocks; b++) {
        const bs_story *s = page->blocks[b].story;
        if (!s) continue;
        stories++;
        const bs_field *parts[] = {&s->kicker, &s->title, &s->subtitle, &s->byline, &s->dateline};
        const char *at = text;
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            if (!parts[i]->text) continue;
            char *want = squeezed(parts[i]->text);
            const char *found = strstr(at, want);
            if (!found) fail_msg("%s: '%s' is missing", page->blocks[b].file, parts[i]->text);
            at = found + strlen(want);
            free(want);
        }
        for (size_t p = 0; p < s->nparas; p++) {
            char *want = squeezed(s->paras[p].text);
            const char *found = strstr(at, want);
            if (!found) fail_msg("%s: paragraph %zu is missing or out of order in the PDF's text", page->blocks[b].file, p + 1);
            at = found + strlen(want);
            free(want);
            paragraphs++;
        }
        if (s->jump_page) {
            char jump[64];
            snprintf(jump, sizeof jump, "（下转%s版%s）", s->jump_page, s->jump_mark);
            assert_true(strncmp(at, jump, strlen(jump)) == 0);
        }
    }
    assert_int_equal(stories, 6);
    assert_int_equal(paragraphs, 31);
    bs_page_free(page);
    bs_test_ctx_free(ctx, &diags);
    free(text);
    free(raw);
}

/* The rest of the page: masthead, ear, photo caption, teaser box, strip. */
static void test_furniture_text(void **state)
{
    (void)state;
    char *raw = pdf_text();
    char *text = squeezed(raw);
    const char *expected[] = {
        "焦作日报", "2023年1月31日", "星期二", "农历癸卯年正月初十", "总第13900期", "今日12版",
        "国内统一连续出版物号：CN41-0007", "中共焦作市委主管主办焦作日报社出版",
        "河南省一级报纸焦作网：www.jzrb.com社长：王爱军总编辑：王静锋",
        "电话：17538216666", "地址：焦作火车站北广场", "丁字口西北角",
        "节后赶订单企业生产忙",
        "新春伊始，各地企业开足马力加紧生产赶订单，力争开门红。1月30日，在河南省焦作市博爱县一家香料生产企业，工人在记录生物发酵数据。",
        "程全摄（新华社发）",
        "学习楷模宣传楷模关爱楷模担当楷模", "——首届“焦作楷模”风采", "郭爱萍：上车如回家平凡融大爱",
        "▶▶▶详见今日本报A02版",
        "最新通报", "全国整体疫情已进入低流行水平。", "福利量大", "焦作新年新春第二期政府消费券即将发放。",
        "春晚归来", "歌手“卡友之声”组合参加博爱爱老乡亲见面。", "重磅提醒",
        "教育部：所有竞赛结果均不得作为招生入学依据和高考加分项目。", "人气爆棚", "焦作电影市场喜迎开门红。",
        "扫码更精彩",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(text, expected[i])) fail_msg("'%s' is missing from the PDF's text", expected[i]);
    free(text);
    free(raw);
}

/* No set line starts with a mark GB/T 15834 keeps off the start of a
 * line. poppler's word boxes (pdftotext -raw -bbox) in content-stream order
 * tell where a line starts: the baseline moves, or x goes back left. (A
 * compressed mark makes poppler start a new *word*, so its text output
 * alone cannot tell.) */
static void test_no_line_starts_with_a_prohibited_mark(void **state)
{
    (void)state;
    int status;
    char *xhtml = run("pdftotext -raw -bbox -enc UTF-8 '%s' -", pdf_path(), &status);
    assert_int_equal(status, 0);
    double prev_x = 1e9, prev_y = -1e9;
    int starts = 0;
    for (char *w = strstr(xhtml, "<word "); w; w = strstr(w + 1, "<word ")) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1), 4);
        const char *text = strchr(w, '>') + 1;
        bool line_start = fabs(y1 - prev_y) > 1.0 || x0 < prev_x;
        if (line_start) {
            uint32_t cp;
            bs_utf8_decode(text, strlen(text), &cp);
            if (bs_char_not_at_line_start(cp)) fail_msg("a line starts with a prohibited mark: %.40s", text);
            starts++;
        }
        prev_x = x0;
        prev_y = y1;
    }
    assert_true(starts > 400);
    free(xhtml);
}

/* A few of the typography rules, read back from the PDF's text layer:
 * —— and …… are one glyph each but extract as their two characters
 * (rules 6, 7, 20), each jump line is whole on one set line (rule 21), the
 * datelines run into their paragraphs (rule 23). */
static void test_rules_in_text_layer(void **state)
{
    (void)state;
    char *raw = pdf_text();
    assert_true(bs_test_contains(raw, "——我市“项目为王”样本观察"));
    assert_true(bs_test_contains(raw, "蓄势待发……"));
    const char *jumps[] = {"（下转A02版①）", "（下转A03版）", "（下转A02版②）", "（下转A02版③）"};
    for (size_t i = 0; i < 4; i++) {
        /* pdftotext -raw writes a set line per line: the jump must not be
         * cut by a newline (spaces from Han–Latin spacing aside) */
        char *text = squeezed(raw);
        assert_true(bs_test_contains(text, jumps[i]));
        free(text);
        bool whole = false;
        char *copy = bs_xstrdup(raw);
        for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
            char *sq = squeezed(line);
            whole = whole || bs_test_contains(sq, jumps[i]);
            free(sq);
        }
        free(copy);
        if (!whole) fail_msg("%s is broken across lines", jumps[i]);
    }
    char *text = squeezed(raw);
    assert_true(bs_test_contains(text, "本报讯（记者孙国利）疫情要防住"));
    assert_true(bs_test_contains(text, "本报讯（记者李秋通讯员张亚奇）面对国际环境"));
    free(text);
    free(raw);
}

/* pdftoppm at 300 dpi and zbarimg read the five codes back. */
static void test_qr_codes_decode(void **state)
{
    (void)state;
    int status;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "pdftoppm -r 300 -png -singlefile '%s' '%s' && zbarimg --raw -q '%s.png' 2>/dev/null", pdf_path(),
             bs_test_out("e2e-A01-300"), bs_test_out("e2e-A01-300"));
    char *decoded = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    const char *urls[] = {
        "https://www.jzrb.com/2023-01/31/a01/zuixin-tongbao.html",
        "https://www.jzrb.com/2023-01/31/a01/xiaofeiquan.html",
        "https://www.jzrb.com/2023-01/31/a01/kayouzhisheng.html",
        "https://www.jzrb.com/2023-01/31/a01/jingsai-tixing.html",
        "https://www.jzrb.com/2023-01/31/a01/dianying-kaimenhong.html",
    };
    int found = 0;
    for (char *line = strtok(decoded, "\n"); line; line = strtok(NULL, "\n")) {
        bool known = false;
        for (size_t i = 0; i < 5; i++) known = known || strcmp(line, urls[i]) == 0;
        if (!known) fail_msg("zbarimg decoded an unexpected payload: %s", line);
        found++;
    }
    assert_int_equal(found, 5);
    /* and they are the page file's payloads */
    bs_ctx *ctx = bs_ctx_new();
    char *page = bs_read_file(ctx, SAMPLE, NULL);
    assert_non_null(page);
    for (size_t i = 0; i < 5; i++) assert_true(bs_test_contains(page, urls[i]));
    free(page);
    bs_ctx_free(ctx);
    free(decoded);
}

static void test_png_preview(void **state)
{
    (void)state;
    cairo_surface_t *png = cairo_image_surface_create_from_png(bs_test_out("e2e-A01.png"));
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    /* 390 × 540 mm at 50 dpi */
    assert_int_equal(cairo_image_surface_get_width(png), (int)lround(390 / 25.4 * 50));
    assert_int_equal(cairo_image_surface_get_height(png), (int)lround(540 / 25.4 * 50));
    cairo_surface_destroy(png);
}

static void test_same_input_same_bytes(void **state)
{
    (void)state;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' render --screen '%s' -o '%s' >/dev/null && cmp '%s' '%s' && echo same", BS_CLI, SAMPLE,
             bs_test_out("e2e-A01-again.pdf"), pdf_path(), bs_test_out("e2e-A01-again.pdf"));
    int status;
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "same"));
    free(out);
}

/* A page with an error: a located message, exit 1, and the good PDF
 * already at the output path is left as it was. */
static void test_bad_input_keeps_good_output(void **state)
{
    (void)state;
    char page[2048];
    snprintf(page, sizeof page,
             "page: A01\ntemplate: %s/layouts/duikai-8col.yaml\nedition: {paper: 焦作日报, date: 2023-01-31, "
             "issue: 13900, pages: 12}\nblocks:\n  - type: rule\n    colum: 1\n    line: 1\n    lines: 1\n",
             BS_SOURCE_DIR);
    const char *bad = bs_test_write("e2e-bad.yaml", page);
    struct stat before, after;
    assert_int_equal(stat(pdf_path(), &before), 0);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' render --screen '%s' -o '%s' 2>&1", BS_CLI, bad, pdf_path());
    int status;
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "e2e-bad.yaml:6:5: error: unknown key 'colum'"));
    assert_true(bs_test_contains(out, "did you mean 'column'?"));
    assert_int_equal(stat(pdf_path(), &after), 0);
    assert_int_equal(before.st_size, after.st_size);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    free(out);

    /* and an output path that is one of the inputs is refused */
    snprintf(cmd, sizeof cmd, "'%s' render '%s' -o '%s' 2>&1", BS_CLI, SAMPLE, SAMPLE);
    out = bs_test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "refusing to write over an input"));
    free(out);
}

static void test_cli_basics(void **state)
{
    (void)state;
    int status;
    char *out = run("'%s' --version", BS_CLI, &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "broadsheet "));
    free(out);
    out = run("'%s' --help", BS_CLI, &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "render PAGE.yaml -o OUT.pdf"));
    free(out);
    out = run("'%s' render 2>&1", BS_CLI, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "render needs a page file"));
    free(out);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' fonts '%s/layouts/duikai-8col.yaml'", BS_CLI, BS_SOURCE_DIR);
    out = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "body: 宋体 400 -> Noto Serif CJK SC"));
    assert_true(bs_test_contains(out, "title: 标宋 400 -> Noto Serif CJK SC"));
    assert_true(bs_test_contains(out, "NotoSerifCJK-Black.ttc"));
    assert_true(bs_test_contains(out, "-> AR PL UKai CN"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_size_and_pages),
        cmocka_unit_test(test_fonts_embedded),
        cmocka_unit_test(test_all_story_text_in_order),
        cmocka_unit_test(test_furniture_text),
        cmocka_unit_test(test_no_line_starts_with_a_prohibited_mark),
        cmocka_unit_test(test_rules_in_text_layer),
        cmocka_unit_test(test_qr_codes_decode),
        cmocka_unit_test(test_png_preview),
        cmocka_unit_test(test_same_input_same_bytes),
        cmocka_unit_test(test_bad_input_keeps_good_output),
        cmocka_unit_test(test_cli_basics),
    };
    return cmocka_run_group_tests(tests, render_sample, NULL);
}
