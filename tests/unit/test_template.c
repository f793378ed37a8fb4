/* Templates: the grid's arithmetic, style defaults, and every kind of bad
 * input reported at its file:line:col. */
#include "bs_test.h"
#include "bs_load.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MM (72.0 / 25.4)

static void assert_near(double got, double want)
{
    if (fabs(got - want) > 1e-6) fail_msg("got %.9f, want %.9f", got, want);
}

/* Load `text` as a template file in the test output folder; it must fail
 * with exactly the diagnostics `want` (each prefixed by the file's path). */
static void assert_template_errors(const char *name, const char *text, const char *want)
{
    const char *path = bs_test_write(name, text);
    assert_non_null(path);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    if (bs_template_load(ctx, path)) fail_msg("%s loaded without errors", name);
    bs_test_expect_diags(d.text.data, path, want);
    bs_test_ctx_free(ctx, &d);
}

/* The test output folder gets its own fonts.conf, so that templates
 * written there find one wherever the build folder is. */
static int write_fonts_conf(void **state)
{
    (void)state;
    return bs_test_write("fonts.conf", "<fontconfig></fontconfig>\n") ? 0 : -1;
}

static void test_template_values(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_template *t = bs_template_load(ctx, bs_test_data("load/eight.yaml"));
    assert_string_equal(d.text.data, "");
    assert_non_null(t);

    assert_string_equal(t->name, "对开八栏");
    char *dir = realpath(bs_test_data("load"), NULL);
    char want_conf[2048];
    snprintf(want_conf, sizeof want_conf, "%s/fonts.conf", dir);
    free(dir);
    assert_string_equal(t->fonts_conf, want_conf);

    assert_near(t->trim_w, 390 * MM);
    assert_near(t->trim_h, 540 * MM);
    assert_near(t->bleed, 3 * MM);   /* the default */
    assert_near(t->zi, 9);
    assert_near(t->hang, 13.5);
    assert_int_equal(t->columns, 8);
    assert_near(t->column_w, 117);   /* 13字 */
    assert_near(t->gutter, 9);
    assert_int_equal(t->lines, 102);
    assert_near(t->area_w, 999);     /* 8 × 117 + 7 × 9 */
    assert_near(t->area_h, 1377);    /* 102 × 13.5 */
    assert_near(t->area_x, (390 * MM - 999) / 2);   /* no grid.left: centred */
    assert_near(t->area_y, 27 * MM);
    assert_near(t->rule_weight, 0.3);
    assert_true(t->rule_color.k == 60 && t->rule_color.c == 0);

    assert_near(bs_template_column_x(t, 1), t->area_x);
    assert_near(bs_template_column_x(t, 3), t->area_x + 2 * 126);
    assert_near(bs_template_column_x(t, 8), t->area_x + 999 - 117);
    assert_near(bs_template_line_top(t, 1), t->area_y);
    assert_near(bs_template_line_top(t, 11), t->area_y + 135);

    bs_template_free(t);
    bs_test_ctx_free(ctx, &d);
}

static void test_template_styles(void **state)
{
    (void)state;
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_template *t = bs_template_load(ctx, bs_test_data("load/eight.yaml"));
    assert_non_null(t);
    assert_int_equal(t->nstyles, 6);

    const bs_style *body = bs_template_style(t, "body");
    assert_non_null(body);
    assert_string_equal(body->font, "宋体");
    assert_int_equal(body->weight, 400);
    assert_near(body->size, 9);
    assert_near(body->leading, 13.5);   /* the grid's size: the grid's pitch */
    assert_near(body->indent, 18);      /* 2字 */
    assert_near(body->tracking, 0);
    assert_int_equal(body->align, BS_ALIGN_JUSTIFY);
    assert_true(body->color.k == 100 && body->color.c == 0 && body->color.m == 0 && body->color.y == 0);
    assert_string_equal(body->loc.file, t->path);
    assert_int_equal(body->loc.line, 17);
    assert_int_equal(body->loc.col, 3);

    const bs_style *title = bs_template_style(t, "title");
    assert_int_equal(title->weight, 900);
    assert_near(title->size, 36);       /* 小初 */
    assert_near(title->leading, 43.2);  /* 1.2em */
    assert_int_equal(title->align, BS_ALIGN_CENTER);

    assert_int_equal(bs_template_style(t, "lead-in")->weight, 500);

    const bs_style *caption = bs_template_style(t, "caption");
    assert_near(caption->size, 7.5);
    assert_near(caption->leading, 11.25);   /* 1.5em of 六号 */
    assert_near(caption->tracking, 0.5);
    assert_true(caption->color.k == 80);

    const bs_style *box_title = bs_template_style(t, "box-title");
    assert_int_equal(box_title->weight, 700);
    assert_near(box_title->indent, 14);     /* 1em of 四号 */
    assert_true(box_title->color.m == 100 && box_title->color.y == 100 && box_title->color.k == 0);

    const bs_style *box_text = bs_template_style(t, "box-text");
    assert_near(box_text->leading, 27);     /* 2行 */
    assert_int_equal(box_text->align, BS_ALIGN_DISTRIBUTE);

    assert_null(bs_template_style(t, "subhead"));
    bs_template_free(t);
    bs_test_ctx_free(ctx, &d);
}

#define PAPER "paper: {width: 390mm, height: 540mm}\n"
#define GRID "grid: {size: 小五, pitch: 13.5pt, columns: 8, column-width: 13字, lines: 102}\n"
#define STYLES "styles:\n  body: {font: 宋体, size: 小五}\n"

static void test_template_centred_and_explicit_fonts_conf(void **state)
{
    (void)state;
    bs_test_write("my-fonts.conf", "<fontconfig></fontconfig>\n");
    const char *path = bs_test_write("centred.yaml", "name: t\nfonts-conf: my-fonts.conf\n"
                                                     "paper: {width: 390mm, height: 540mm, bleed: 5mm}\n" GRID
                                                     STYLES);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    bs_template *t = bs_template_load(ctx, path);
    assert_string_equal(d.text.data, "");
    assert_non_null(t);
    assert_string_equal(t->fonts_conf, bs_test_out("my-fonts.conf"));
    assert_near(t->bleed, 5 * MM);
    assert_near(t->area_y, (540 * MM - 1377) / 2);
    assert_near(t->gutter, 9);                 /* the default: 1字 */
    assert_near(t->rule_weight, 0);            /* no column rules */
    assert_true(t->rule_color.k == 100);
    bs_template_free(t);
    bs_test_ctx_free(ctx, &d);
}

static void test_template_malformed_yaml(void **state)
{
    (void)state;
    assert_template_errors("bad-yaml.yaml", "name: t\n" PAPER GRID "styles: {body: [1, 2}\n",
                           ":4:21: error: mismatched flow mapping end");
    assert_template_errors("bad-quote.yaml", "name: \"对开\n" PAPER GRID STYLES,
                           ":1:7: error: wrongly indented double-quoted scalar");
    assert_template_errors("bad-yaml2.yaml", "name: t\nname: u\n" PAPER GRID STYLES,
                           ":2:1: error: duplicate key");
    assert_template_errors("bad-utf8.yaml", "name: 对\xff\n" PAPER GRID STYLES,
                           ":1:8: error: not valid UTF-8 (save the file as UTF-8)");
    assert_template_errors("empty.yaml", "# nothing\n", ":1:1: error: the template is empty");
    assert_template_errors("list.yaml", "- name\n", ":1:1: error: the file must be a mapping, not a list");
}

/* libfyaml has its own diagnostics; none of them may reach stderr. */
static void test_template_yaml_errors_not_printed(void **state)
{
    (void)state;
    const char *path = bs_test_write("quiet.yaml", "name: t\nstyles: {body: [1, 2}\n");
    const char *captured = bs_test_out("quiet.stderr");
    int saved = bs_test_stderr_to(captured);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    assert_null(bs_template_load(ctx, path));
    long printed = bs_test_stderr_restore(saved, captured);
    assert_true(bs_test_contains(d.text.data, "quiet.yaml:2:21: error: mismatched flow mapping end\n"));
    assert_int_equal(printed, 0);
    bs_test_ctx_free(ctx, &d);
}

static void test_template_unknown_keys(void **state)
{
    (void)state;
    assert_template_errors("near-key.yaml",
                           "name: t\npaper: {width: 390mm, height: 540mm, bleeed: 3mm}\n" GRID STYLES,
                           ":2:38: error: unknown key 'bleeed' in paper; did you mean 'bleed'?");
    assert_template_errors("far-key.yaml", "name: t\ncolour: K100\n" PAPER GRID STYLES,
                           ":2:1: error: unknown key 'colour' in template "
                           "(allowed: name, fonts-conf, paper, grid or styles)");
    assert_template_errors("style-key.yaml", "name: t\n" PAPER GRID "styles:\n  body: {font: 宋体, size: 小五, algin: center}\n",
                           ":5:30: error: unknown key 'algin' in style 'body'; did you mean 'align'?");
}

static void test_template_missing_keys(void **state)
{
    (void)state;
    assert_template_errors("no-name.yaml", PAPER GRID STYLES, ":1:1: error: missing key 'name' in template");
    assert_template_errors("no-pitch.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, columns: 8, column-width: 13字, lines: 102}\n" STYLES,
                           ":3:7: error: missing key 'pitch' in grid");
    assert_template_errors("no-font.yaml", "name: t\n" PAPER GRID "styles:\n  body: {size: 小五}\n",
                           ":5:9: error: missing key 'font' in style 'body'");
    assert_template_errors("no-body.yaml", "name: t\n" PAPER GRID "styles:\n  title: {font: 标宋, size: 小初}\n",
                           ":5:3: error: no 'body' style; every template needs one (story paragraphs are set in it)");
}

static void test_template_bad_values(void **state)
{
    (void)state;
    assert_template_errors("no-unit.yaml", "name: t\npaper: {width: 390, height: 540mm}\n" GRID STYLES,
                           ":2:16: error: bad length '390' for 'width': missing unit (use mm, cm, pt, em, 字 or 行)");
    assert_template_errors("bad-unit.yaml", "name: t\npaper: {width: 390 furlongs, height: 540mm}\n" GRID STYLES,
                           ":2:16: error: bad length '390 furlongs' for 'width': unknown unit (use mm, cm, pt, em, 字 or 行)");
    assert_template_errors("em-size.yaml", "name: t\n" PAPER GRID "styles:\n  body: {font: 宋体, size: 2em}\n",
                           ":5:26: error: bad length '2em' for 'size': 'em' has no meaning here (no type size)");
    assert_template_errors("bad-colour.yaml", "name: t\n" PAPER GRID STYLES "  red: {font: 黑体, size: 小五, color: K120}\n",
                           ":6:36: error: bad colour 'K120' for 'color': a percentage is at most 100");
    assert_template_errors("bad-rule-colour.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, pitch: 13.5pt, columns: 8, column-width: 13字, "
                           "lines: 102, rule-color: Q10}\n" STYLES,
                           ":3:88: error: bad colour 'Q10' for 'rule-color': expected C, M, Y or K followed by "
                           "a percentage (K100, M100 Y100), or 'white'");
    assert_template_errors("bad-weight.yaml", "name: t\n" PAPER GRID "styles:\n  body: {font: 宋体, size: 小五, weight: heavy}\n",
                           ":5:38: error: unknown weight 'heavy' (use light, regular, medium, bold, black or a number from 100 to 900)");
    assert_template_errors("bad-weight-number.yaml", "name: t\n" PAPER GRID "styles:\n  body: {font: 宋体, size: 小五, weight: 950}\n",
                           ":5:38: error: weight '950' is not between 100 and 900");
    assert_template_errors("bad-align.yaml", "name: t\n" PAPER GRID "styles:\n  body: {font: 宋体, size: 小五, align: centre}\n",
                           ":5:37: error: unknown align 'centre'; did you mean 'center'?");
    assert_template_errors("bad-columns.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, pitch: 13.5pt, columns: 8.5, column-width: 13字, lines: 102}\n" STYLES,
                           ":3:42: error: 'columns' must be a whole number greater than zero, not '8.5'");
    assert_template_errors("zero-lines.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, pitch: 13.5pt, columns: 8, column-width: 13字, lines: 0}\n" STYLES,
                           ":3:71: error: 'lines' must be a whole number greater than zero, not '0'");
    assert_template_errors("negative-pitch.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, pitch: -1pt, columns: 8, column-width: 13字, lines: 102}\n" STYLES,
                           ":3:25: error: 'pitch' must be greater than zero, not '-1pt'");
    assert_template_errors("list-style.yaml", "name: t\n" PAPER GRID STYLES "  title: [标宋, 小初]\n",
                           ":6:10: error: 'title' must be a mapping, not a list");
    assert_template_errors("empty-name.yaml", "name:\n" PAPER GRID STYLES,
                           ":1:1: error: 'name' has no value; expected a text");
}

static void test_template_type_area_must_fit(void **state)
{
    (void)state;
    assert_template_errors("too-wide.yaml", "name: t\npaper: {width: 300mm, height: 540mm}\n" GRID STYLES,
                           ":3:7: error: the type area (352.42mm wide) does not fit in the trim (300.00mm wide)");
    assert_template_errors("too-low.yaml",
                           "name: t\n" PAPER "grid: {size: 小五, pitch: 13.5pt, columns: 8, column-width: 13字, "
                           "lines: 103, top: 60mm}\n",
                           ":3:81: error: the type area, 490.54mm high from top 60.00mm, ends past the trim (540.00mm high)\n"
                           ":1:1: error: missing key 'styles' in template");
}

static void test_template_fonts_conf(void **state)
{
    (void)state;
    assert_template_errors("no-conf.yaml", "name: t\nfonts-conf: missing.conf\n" PAPER GRID STYLES,
                           ":2:13: error: cannot read fonts-conf 'missing.conf': No such file or directory");

    /* Nowhere to find one: a fresh folder outside the project. */
    if (access("/tmp/fonts.conf", F_OK) == 0 || access("/fonts.conf", F_OK) == 0) skip();
    char dir[] = "/tmp/bs-load-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/t.yaml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("name: t\n" PAPER GRID STYLES, f);
    fclose(f);
    bs_test_diags d;
    bs_ctx *ctx = bs_test_ctx(&d);
    assert_null(bs_template_load(ctx, path));
    char want[256];
    snprintf(want, sizeof want,
             "%s:1:1: error: no fonts.conf in the template's folder or a folder above it; name one with 'fonts-conf'\n",
             path);
    assert_string_equal(d.text.data, want);
    bs_test_ctx_free(ctx, &d);
    unlink(path);
    rmdir(dir);
}

/* One pass shows every problem, in file order where it can. */
static void test_template_keeps_going(void **state)
{
    (void)state;
    assert_template_errors("many.yaml",
                           "name: t\n"
                           "paper: {width: 390, height: 540mm}\n"
                           "grid: {size: 小五, pitch: 13.5pt, columns: 8, colum-width: 13字, lines: 102}\n"
                           "styles:\n"
                           "  body: {font: 宋体, size: 小五, align: left}\n"
                           "  title: {font: 标宋, size: 小初, color: red}\n",
                           ":3:45: error: unknown key 'colum-width' in grid; did you mean 'column-width'?\n"
                           ":3:7: error: missing key 'column-width' in grid\n"
                           ":2:16: error: bad length '390' for 'width': missing unit (use mm, cm, pt, em, 字 or 行)\n"
                           ":5:37: error: unknown align 'left' (use justify, start, center, end or distribute)\n"
                           ":6:38: error: bad colour 'red' for 'color': expected C, M, Y or K followed by "
                           "a percentage (K100, M100 Y100), or 'white'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_values),
        cmocka_unit_test(test_template_styles),
        cmocka_unit_test(test_template_centred_and_explicit_fonts_conf),
        cmocka_unit_test(test_template_malformed_yaml),
        cmocka_unit_test(test_template_yaml_errors_not_printed),
        cmocka_unit_test(test_template_unknown_keys),
        cmocka_unit_test(test_template_missing_keys),
        cmocka_unit_test(test_template_bad_values),
        cmocka_unit_test(test_template_type_area_must_fit),
        cmocka_unit_test(test_template_fonts_conf),
        cmocka_unit_test(test_template_keeps_going),
    };
    return cmocka_run_group_tests(tests, write_fonts_conf, NULL);
}
