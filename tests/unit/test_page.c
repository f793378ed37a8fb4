/* Pages: every block type with its defaults, placements in points from the
 * grid, and every kind of bad input located at its key or value. */
#include "bs_test.h"
#include "bs_load.h"

#include <jpeglib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MM (72.0 / 25.4)

static void assert_near(double got, double want)
{
    if (fabs(got - want) > 1e-6) fail_msg("got %.9f, want %.9f", got, want);
}

static void assert_rect(const bs_rect *r, double x, double y, double w, double h)
{
    assert_near(r->x, x);
    assert_near(r->y, y);
    assert_near(r->w, w);
    assert_near(r->h, h);
}

static void assert_loc(bs_loc loc, const char *file, int line, int col)
{
    assert_string_equal(loc.file, file);
    if (loc.line != line || loc.col != col) fail_msg("at %d:%d, want %d:%d", loc.line, loc.col, line, col);
}

/* The type area of tests/data/load/eight.yaml. */
static const double area_x = (390 * MM - 999) / 2;
static const double area_y = 27 * MM;

static void test_page_values(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    char path[1024], story[1024];
    snprintf(path, sizeof path, "%s", bs_test_data("load/a01.yaml"));
    snprintf(story, sizeof story, "%s", bs_test_data("load/stories/lead.md"));
    bs_page *p = bs_page_load(ctx, path);
    assert_string_equal(d.text.data, "");
    assert_non_null(p);

    assert_string_equal(p->path, path);
    assert_string_equal(p->id, "A01");
    assert_string_equal(p->template_->name, "对开八栏");
    assert_string_equal(p->edition.paper, "焦作日报");
    assert_int_equal(p->edition.year, 2023);
    assert_int_equal(p->edition.month, 1);
    assert_int_equal(p->edition.day, 31);
    assert_int_equal(p->edition.issue, 13900);
    assert_int_equal(p->edition.pages, 12);
    assert_int_equal(p->nblocks, 10);

    const bs_block *b = &p->blocks[0];
    assert_int_equal(b->kind, BS_BLOCK_MASTHEAD);
    assert_loc(b->loc, path, 10, 5);
    assert_rect(&b->place.rect, area_x, area_y, 5 * 117 + 4 * 9, 16 * 13.5);
    assert_int_equal(b->place.column, 1);
    assert_int_equal(b->place.span, 5);
    assert_int_equal(b->place.line, 1);
    assert_int_equal(b->place.lines, 16);
    assert_string_equal(b->title, "焦作日报");   /* the edition's paper */
    assert_string_equal(b->cn, "CN 41-0007");
    assert_int_equal(b->nimprint, 2);
    assert_string_equal(b->imprint[1], "网址：www.jzrb.com");

    b = &p->blocks[1];
    assert_int_equal(b->kind, BS_BLOCK_EAR);
    assert_rect(&b->place.rect, area_x + 5 * 126, area_y, 369, 216);
    assert_near(b->border, 0.5);
    assert_int_equal(b->ncontent, 2);
    assert_string_equal(b->content[0].style, "box-title");
    assert_string_equal(b->content[0].text, "学习楷模");
    assert_string_equal(b->content[1].text, "宣传楷模　关爱楷模");
    assert_loc(b->content[1].loc, path, 24, 9);

    b = &p->blocks[2];
    assert_int_equal(b->kind, BS_BLOCK_STORY);
    assert_string_equal(b->file, story);
    assert_non_null(b->story);
    assert_null(b->story->arena);     /* in the page's arena */
    assert_string_equal(b->story->jump_page, "A02");
    assert_int_equal(b->story->nparas, 4);
    assert_true(b->has_headline);
    assert_rect(&b->headline.rect, area_x, area_y + 16 * 13.5, 621, 6 * 13.5);
    assert_loc(b->headline.loc, path, 27, 15);
    assert_int_equal(b->nframes, 2);
    assert_rect(&b->frames[0].rect, area_x, area_y + 22 * 13.5, 3 * 117 + 2 * 9, 50 * 13.5);
    assert_int_equal(b->frames[0].split, 0);
    assert_rect(&b->frames[1].rect, area_x + 3 * 126, area_y + 22 * 13.5, 243, 675);
    assert_int_equal(b->frames[1].column, 4);
    assert_int_equal(b->frames[1].span, 2);
    assert_int_equal(b->frames[1].split, 3);
    assert_loc(b->frames[1].loc, path, 30, 9);
    /* the block's own place: the box around headline and frames */
    assert_rect(&b->place.rect, area_x, area_y + 16 * 13.5, 621, 56 * 13.5);

    b = &p->blocks[3];
    assert_int_equal(b->kind, BS_BLOCK_PHOTO);
    assert_rect(&b->place.rect, area_x + 630, area_y + 16 * 13.5, 369, 24 * 13.5);   /* x: 70字, width: 41字 */
    assert_int_equal(b->place.column, 0);
    assert_int_equal(b->place.span, 0);
    assert_int_equal(b->place.line, 17);
    assert_int_equal(b->place.lines, 24);
    assert_string_equal(b->image, bs_test_data("load/photo.png"));
    assert_int_equal(b->image_info.type, BS_IMAGE_PNG);
    assert_int_equal(b->image_info.px_w, 4);
    assert_int_equal(b->image_info.px_h, 3);
    assert_string_equal(b->title, "车间");
    assert_string_equal(b->caption, "工人们在车间忙碌。");
    assert_string_equal(b->credit, "新华社发");

    b = &p->blocks[4];
    assert_int_equal(b->kind, BS_BLOCK_BOX);
    assert_near(b->border, 1);

    b = &p->blocks[5];
    assert_int_equal(b->kind, BS_BLOCK_QR);
    assert_rect(&b->place.rect, area_x + 5 * 126, area_y + 60 * 13.5, 117, 12 * 13.5);   /* span 1 */
    assert_string_equal(b->url, "https://www.jzrb.com/");
    assert_string_equal(b->label, "焦作日报");
    assert_null(b->teaser);
    assert_string_equal(b->footer, "扫码更精彩");
    assert_int_equal(b->ec, 'H');

    b = &p->blocks[6];
    assert_int_equal(b->kind, BS_BLOCK_RULE);
    assert_rect(&b->place.rect, area_x, area_y + 72 * 13.5, 621, 13.5);   /* y: 72行, height: 1行 */
    assert_int_equal(b->place.line, 0);
    assert_near(b->weight, 0.5);
    assert_true(b->color.k == 100 && b->color.c == 0);

    b = &p->blocks[7];
    assert_int_equal(b->kind, BS_BLOCK_TEXT);
    assert_int_equal(b->ncontent, 1);
    assert_string_equal(b->content[0].style, "caption");

    b = &p->blocks[8];
    assert_int_equal(b->kind, BS_BLOCK_STRIP);
    assert_rect(&b->place.rect, area_x, area_y + 89 * 13.5, 999, 13 * 13.5);
    assert_near(b->border, 0);
    assert_int_equal(b->ncells, 2);
    assert_int_equal(b->cells[0].kind, BS_BLOCK_QR);
    assert_string_equal(b->cells[0].url, "https://m.jzrb.com/");
    assert_int_equal(b->cells[0].ec, 'M');
    assert_string_equal(b->cells[0].footer, "扫码更精彩");
    assert_rect(&b->cells[0].place.rect, 0, 0, 0, 0);
    assert_int_equal(b->cells[1].kind, BS_BLOCK_TEXT);
    assert_string_equal(b->cells[1].content[0].text, "广告热线");

    b = &p->blocks[9];
    assert_int_equal(b->kind, BS_BLOCK_STORY);
    assert_false(b->has_headline);
    assert_string_equal(b->story->title.text, "市政协召开十五届二次主席会议");
    assert_string_equal(b->story->jump_mark, "");

    bs_page_free(p);
    bs_test_ctx_free(ctx, &d);
}

/* ---------------------------------------------------------------- errors */

/* Page files for the error cases: four header lines, then the blocks from
 * line 6 on (line 5 is "blocks:"). */
static const char *write_page(const char *name, const char *blocks)
{
    bs_buf text = {0};
    bs_buf_printf(&text,
                  "page: A01\n"
                  "template: %s\n"
                  "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
                  "# the blocks\n"
                  "blocks:\n%s",
                  bs_test_data("load/eight.yaml"), blocks);
    const char *path = bs_test_write(name, text.data);
    bs_buf_free(&text);
    return path;
}

/* Each line of `want` is "<where>:line:col: error: …" with <where> the page
 * file, or "@name" to name another file in the output folder; "%P" in a
 * message stands for the page file's path. */
static void assert_errors_at(const char *path, const char *want)
{
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_page *p = bs_page_load(ctx, path);
    if (p) fail_msg("%s loaded without errors", path);
    bs_buf expected = {0};
    bs_buf_adds(&expected, "");
    for (const char *line = want; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (line[0] == '@') {
            size_t name_len = strcspn(line + 1, ":");
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)name_len, line + 1);
            bs_buf_printf(&expected, "%s%.*s\n", bs_test_out(name), (int)(n - 1 - name_len), line + 1 + name_len);
        } else {
            bs_buf_adds(&expected, path);
            for (size_t i = 0; i < n; i++) {
                if (line[i] == '%' && i + 1 < n && line[i + 1] == 'P') {
                    bs_buf_adds(&expected, path);   /* the page, named in a message */
                    i++;
                } else if (line[i] == '%' && i + 1 < n && line[i + 1] == 'T') {
                    bs_buf_adds(&expected, bs_test_data("load/eight.yaml"));
                    i++;
                } else {
                    bs_buf_add(&expected, line + i, 1);
                }
            }
            bs_buf_adds(&expected, "\n");
        }
        line += n + (end ? 1 : 0);
    }
    assert_string_equal(d.text.data, expected.data);
    bs_buf_free(&expected);
    bs_test_ctx_free(ctx, &d);
}

static void assert_page_errors(const char *name, const char *blocks, const char *want)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", write_page(name, blocks));
    assert_errors_at(path, want);
}

static void test_page_malformed(void **state)
{
    (void)state;
    assert_page_errors("p-yaml.yaml", "  - {type: rule, column: 1, line: 1, lines: 1\n",
                       ":7:1: error: missing comma in flow mapping");
    char path[1024];
    snprintf(path, sizeof path, "%s", bs_test_write("p-head.yaml", "page: a1\nedition: {paper: 报, date: 2023-02-29, issue: 0}\n"));
    assert_errors_at(path,
                     ":1:7: error: page id 'a1' must be one capital letter and two digits, such as A01\n"
                     ":1:1: error: missing key 'template' in page\n"
                     ":2:27: error: date '2023-02-29' is not a calendar date written YYYY-MM-DD\n"
                     ":2:46: error: 'issue' must be a whole number greater than zero, not '0'\n"
                     ":2:10: error: missing key 'pages' in edition\n"
                     ":1:1: error: missing key 'blocks' in page");
}

static void test_page_unknown_and_missing_keys(void **state)
{
    (void)state;
    assert_page_errors("p-key.yaml",
                       "  - type: box\n"
                       "    colum: 1\n"
                       "    line: 1\n"
                       "    lines: 4\n"
                       "    content: [{box-title: 标题}]\n",
                       ":7:5: error: unknown key 'colum' in block; did you mean 'column'?\n"
                       ":6:5: error: no horizontal place in block: give 'column' and 'span', or 'x' and 'width'");
    assert_page_errors("p-far-key.yaml", "  - {type: rule, column: 1, line: 1, lines: 1, thickness: 1pt}\n",
                       ":6:48: error: unknown key 'thickness' in block "
                       "(allowed: type, column, span, line, lines, x, width, y, height, weight or color)");
    assert_page_errors("p-no-type.yaml", "  - {column: 1, line: 1, lines: 1}\n",
                       ":6:5: error: missing key 'type' in block");
    assert_page_errors("p-bad-type.yaml", "  - {type: stroy, file: a.md}\n",
                       ":6:12: error: unknown block type 'stroy'; did you mean 'story'?");
    assert_page_errors("p-no-url.yaml", "  - {type: qr, column: 1, line: 1, lines: 8}\n",
                       ":6:5: error: missing key 'url' in block");
    assert_page_errors("p-no-lines.yaml", "  - {type: qr, url: x, column: 1, line: 1}\n",
                       ":6:5: error: missing key 'lines' in block");
}

static void test_page_bad_values(void **state)
{
    (void)state;
    assert_page_errors("p-unit.yaml", "  - {type: rule, x: 10, width: 5字, line: 1, lines: 1}\n",
                       ":6:21: error: bad length '10' for 'x': missing unit (use mm, cm, pt, em, 字 or 行)");
    assert_page_errors("p-colour.yaml", "  - {type: rule, column: 1, line: 1, lines: 1, color: K100 K0}\n",
                       ":6:55: error: bad colour 'K100 K0' for 'color': each of C, M, Y and K may be given once");
    assert_page_errors("p-ec.yaml", "  - {type: qr, url: x, column: 1, line: 1, lines: 8, ec: X}\n",
                       ":6:58: error: unknown error correction level 'X' (use L, M, Q or H)");
    assert_page_errors("p-span.yaml", "  - {type: rule, column: 1, span: 0, line: 1, lines: 1}\n",
                       ":6:35: error: 'span' must be a whole number greater than zero, not '0'");
    assert_page_errors("p-split.yaml", "  - {type: story, file: stories/x.md, body: [{column: 1, line: 1, lines: 5, columns: two}]}\n",
                       ":6:25: error: cannot open story 'stories/x.md': No such file or directory\n"
                       ":6:86: error: 'columns' must be a whole number greater than zero, not 'two'");
    assert_page_errors("p-imprint.yaml", "  - {type: masthead, column: 1, line: 1, lines: 1, imprint: 一行}\n",
                       ":6:61: error: 'imprint' must be a list, not a text");
}

static void test_page_placement_forms(void **state)
{
    (void)state;
    assert_page_errors("p-both.yaml", "  - {type: rule, column: 1, x: 2mm, width: 5mm, line: 1, lines: 1}\n",
                       ":6:29: error: 'column' and 'x' both give the horizontal place; use column and span, or x and width");
    assert_page_errors("p-neither.yaml", "  - {type: rule, column: 2}\n",
                       ":6:5: error: no vertical place in block: give 'line' and 'lines', or 'y' and 'height'");
    assert_page_errors("p-half.yaml", "  - {type: rule, column: 2, y: 3mm, line: 1, lines: 2}\n",
                       ":6:29: error: 'line' and 'y' both give the vertical place; use line and lines, or y and height");
    assert_page_errors("p-no-x.yaml", "  - {type: rule, width: 3mm, line: 1, lines: 2}\n",
                       ":6:5: error: missing key 'x' in block");
    assert_page_errors("p-span-only.yaml", "  - {type: rule, span: 3, line: 1, lines: 2}\n",
                       ":6:18: error: 'span' needs 'column'");
}

static void test_page_outside_type_area(void **state)
{
    (void)state;
    assert_page_errors("p-right.yaml", "  - {type: rule, column: 7, span: 3, line: 1, lines: 1}\n",
                       ":6:35: error: column 7 with span 3 ends past column 8");
    assert_page_errors("p-col.yaml", "  - {type: rule, column: 9, line: 1, lines: 1}\n",
                       ":6:26: error: column 9 is past the last column (8)");
    assert_page_errors("p-bottom.yaml", "  - {type: rule, column: 1, line: 100, lines: 5}\n",
                       ":6:47: error: line 100 with 5 lines ends past line 102");
    assert_page_errors("p-left.yaml", "  - {type: rule, x: -2mm, width: 1mm, line: 1, lines: 1}\n",
                       ":6:21: error: x -2mm starts 5.67pt before the left edge of the type area");
    assert_page_errors("p-wide.yaml", "  - {type: rule, x: 100字, width: 12字, line: 1, lines: 1}\n",
                       ":6:34: error: x 100字 with width 12字 ends 9.00pt past the right edge of the type area");
    assert_page_errors("p-low.yaml", "  - {type: rule, column: 1, y: 100行, height: 3行}\n",
                       ":6:46: error: y 100行 with height 3行 ends 13.50pt past the bottom edge of the type area");
    /* exactly to the edge is inside */
    char path[1024];
    snprintf(path, sizeof path, "%s", write_page("p-edge.yaml", "  - {type: rule, x: 100字, width: 11字, y: 99行, height: 3行}\n"));
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_page *p = bs_page_load(ctx, path);
    assert_string_equal(d.text.data, "");
    assert_non_null(p);
    assert_rect(&p->blocks[0].place.rect, area_x + 900, area_y + 99 * 13.5, 99, 40.5);
    bs_page_free(p);
    bs_test_ctx_free(ctx, &d);
}

static void test_page_overlaps(void **state)
{
    (void)state;
    assert_page_errors("p-overlap.yaml",
                       "  - {type: box, column: 1, span: 2, line: 1, lines: 10, content: [{box-title: 甲}]}\n"
                       "  - {type: rule, column: 3, line: 1, lines: 10}\n"       /* touches: fine */
                       "  - {type: box, column: 2, span: 2, line: 10, lines: 5, content: [{box-title: 乙}]}\n",
                       ":8:5: error: box overlaps box at %P:6:5\n"
                       ":8:5: error: box overlaps rule at %P:7:5");
}

static void test_page_overlaps_story_parts(void **state)
{
    (void)state;
    mkdir(bs_test_out("stories"), 0755);
    bs_test_write("stories/ok.md", "正文。\n");
    assert_page_errors("p-overlap2.yaml",
                       "  - type: story\n"
                       "    file: stories/ok.md\n"
                       "    headline: {column: 1, span: 3, line: 1, lines: 4}\n"
                       "    body:\n"
                       "      - {column: 1, line: 5, lines: 20}\n"
                       "      - {column: 1, span: 2, line: 24, lines: 20}\n"
                       "  - {type: text, x: 2字, width: 3字, y: 1行, height: 1行, content: [{body: 字}]}\n",
                       ":11:9: error: story frame 2 overlaps story frame 1 at %P:10:9\n"
                       ":12:5: error: text overlaps story headline at %P:8:15");
}

static void test_page_content_and_cells(void **state)
{
    (void)state;
    assert_page_errors("p-style.yaml",
                       "  - type: box\n"
                       "    column: 1\n"
                       "    line: 1\n"
                       "    lines: 9\n"
                       "    content:\n"
                       "      - box-titel: 标题\n"
                       "      - nothing: 正文\n"
                       "      - {box-title: 一, body: 二}\n"
                       "      - box-title: [一]\n",
                       ":11:9: error: no style 'box-titel' in the template; did you mean 'box-title'?\n"
                       ":12:9: error: no style 'nothing' in the template %T\n"
                       ":13:9: error: an item of 'content' must map one style to its text, not 2\n"
                       ":14:20: error: the text of 'box-title' must be a text, not a list");
    assert_page_errors("p-cells.yaml",
                       "  - type: strip\n"
                       "    column: 1\n"
                       "    line: 1\n"
                       "    lines: 9\n"
                       "    cells:\n"
                       "      - {type: qr, url: x, column: 1}\n"
                       "      - {type: box, content: [{body: 字}]}\n"
                       "      - {type: text}\n",
                       ":11:28: error: unknown key 'column' in cell (allowed: type, url, label, teaser, footer or ec)\n"
                       ":12:16: error: unknown cell type 'box' (use qr or text)\n"
                       ":13:9: error: missing key 'content' in cell");
}


static void test_page_files(void **state)
{
    (void)state;
    char good[1024];
    snprintf(good, sizeof good, "%s", bs_test_out("good.jpg"));
    bs_test_write_jpeg("good.jpg", 64, 64, 1, NULL);
    FILE *in = fopen(good, "rb");
    assert_non_null(in);
    char head[300];
    assert_int_equal(fread(head, 1, sizeof head, in), sizeof head);
    fclose(in);
    FILE *out = fopen(bs_test_out("cut.jpg"), "wb");
    fwrite(head, 1, sizeof head, out);
    fclose(out);
    bs_test_write("garbage.jpg", "GIF89a, not a JPEG\n");
    mkdir(bs_test_out("stories"), 0755);
    bs_test_write("stories/list.md", "---\ntitle: 标题\n---\n正文\n\n- 一\n");
    assert_page_errors("p-files.yaml",
                       "  - {type: photo, column: 1, line: 1, lines: 9, image: good.jpg}\n"
                       "  - {type: photo, column: 2, line: 1, lines: 9, image: none.jpg}\n"
                       "  - {type: photo, column: 3, line: 1, lines: 9, image: cut.jpg}\n"
                       "  - {type: photo, column: 4, line: 1, lines: 9, image: garbage.jpg}\n"
                       "  - {type: story, file: stories/none.md, body: [{column: 5, line: 1, lines: 9}]}\n"
                       "  - {type: story, file: stories/list.md, body: [{column: 6, line: 1, lines: 9}]}\n",
                       ":7:56: error: cannot open image 'none.jpg': No such file or directory\n"
                       ":8:56: error: image 'cut.jpg': truncated JPEG file (premature end of data)\n"
                       ":9:56: error: image 'garbage.jpg': not a JPEG, PNG or SVG file\n"
                       ":10:25: error: cannot open story 'stories/none.md': No such file or directory\n"
                       "@stories/list.md:6:1: error: a story has no lists");
}

static void test_page_missing_template(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s",
             bs_test_write("p-no-template.yaml",
                           "page: A02\ntemplate: none.yaml\nedition: {paper: 报, date: 2024-02-29, issue: 1, pages: 4}\n"
                           "blocks:\n  - {type: rule, column: 1, line: 1, lines: 1, colour: K100}\n"));
    assert_errors_at(path,
                     ":2:11: error: cannot open template 'none.yaml': No such file or directory\n"
                     ":5:48: error: unknown key 'colour' in block; did you mean 'color'?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_values),
        cmocka_unit_test(test_page_malformed),
        cmocka_unit_test(test_page_unknown_and_missing_keys),
        cmocka_unit_test(test_page_bad_values),
        cmocka_unit_test(test_page_placement_forms),
        cmocka_unit_test(test_page_outside_type_area),
        cmocka_unit_test(test_page_overlaps),
        cmocka_unit_test(test_page_overlaps_story_parts),
        cmocka_unit_test(test_page_content_and_cells),
        cmocka_unit_test(test_page_files),
        cmocka_unit_test(test_page_missing_template),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
