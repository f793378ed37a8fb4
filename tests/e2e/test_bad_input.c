/* End to end, as an editor at 11 pm or the unattended batch meets it: every
 * kind of bad input given to `broadsheet render`. Each must be refused
 * with a located message (file:line:col for YAML and Markdown, the path
 * and the reason for other files), exit status 1, no crash, no hang, and
 * the PDF and PNG a earlier render left must be untouched. Input that can
 * be set (scripts without a font, a word longer than its column) is set,
 * with a warning that says what happened. */
#include "bs_test.h"

#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#define SAMPLE BS_SOURCE_DIR "/samples/jzrb-2023-01-31"
#define GOOD_PDF "%PDF-1.4 the page an earlier render made\n"
#define GOOD_PNG "\x89PNG the preview an earlier render made\n"
/* every render is bounded: a hang fails the test (timeout exits 124) */
#define RENDER_SECONDS 60

static const char *page_head =
    "page: A01\n"
    "template: " BS_SOURCE_DIR "/layouts/duikai-8col.yaml\n"
    "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
    "blocks:\n";

/* The folder the test's pages, stories and pictures are written to: the
 * edition folder of every page rendered here. */
static const char *dir(void) { return bs_test_out("bad-input"); }

static const char *in_dir(const char *name)
{
    static char path[4][1024];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", dir(), name);
    return path[slot];
}

static void write_bytes(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(in_dir(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void write_text(const char *name, const char *text) { write_bytes(name, text, strlen(text)); }

static char *read_all(const char *path, size_t *len)
{
    bs_ctx *ctx = bs_ctx_new();
    char *data = bs_read_file(ctx, path, len);
    bs_ctx_free(ctx);
    return data;
}

/* The first `cut` bytes of the sample photo, or all of it with bytes
 * `garble_from`..`garble_from + 256` overwritten (a file damaged in
 * transfer). */
static void write_photo_damaged(const char *name, size_t cut, size_t garble_from)
{
    size_t len = 0;
    char *photo = read_all(SAMPLE "/photos/nasa-factory-hall-workers.jpg", &len);
    assert_non_null(photo);
    if (garble_from > 0)
        for (size_t i = garble_from; i < garble_from + 256 && i < len; i++) photo[i] = (char)(i * 37 + 11);
    write_bytes(name, photo, cut > 0 && cut < len ? cut : len);
    free(photo);
}

/* A w × h PNG, through cairo. */
static void write_png(const char *name, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
    cairo_paint(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, in_dir(name)), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static void put_be32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void add_png_chunk(bs_buf *png, const char *type, const unsigned char *data, size_t n)
{
    unsigned char word[4];
    put_be32(word, n);
    bs_buf_add(png, (const char *)word, 4);
    size_t start = png->len;
    bs_buf_add(png, type, 4);
    if (n) bs_buf_add(png, (const char *)data, n);
    put_be32(word, crc32(0, (const unsigned char *)png->data + start, (uInt)(n + 4)));
    bs_buf_add(png, (const char *)word, 4);
}

/* A valid w × h black RGB PNG made with zlib, for sizes cairo cannot make
 * (its surfaces stop at 32 767 pixels). */
static void write_big_png(const char *name, unsigned long w, unsigned long h)
{
    bs_buf png = {0};
    bs_buf_add(&png, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0};
    put_be32(ihdr, w);
    put_be32(ihdr + 4, h);
    ihdr[8] = 8;   /* bits per sample */
    ihdr[9] = 2;   /* RGB */
    add_png_chunk(&png, "IHDR", ihdr, sizeof ihdr);
    uLong raw_len = (uLong)(h * (1 + 3 * w));
    unsigned char *raw = bs_xcalloc(raw_len, 1);   /* filter 0, black */
    uLongf packed_len = compressBound(raw_len);
    unsigned char *packed = bs_xmalloc(packed_len);
    assert_int_equal(compress(packed, &packed_len, raw, raw_len), Z_OK);
    add_png_chunk(&png, "IDAT", packed, packed_len);
    add_png_chunk(&png, "IEND", NULL, 0);
    write_bytes(name, png.data, png.len);
    free(raw);
    free(packed);
    bs_buf_free(&png);
}

typedef struct outcome {
    int status;
    char *messages;   /* stderr */
} outcome;

/* Write `name` (the page head, then `blocks`), leave a good PDF and PNG
 * where the render writes, render, and check that a failed render left
 * them as they were. */
static outcome render(const char *name, const char *blocks, const char *options)
{
    bs_buf page = {0};
    bs_buf_printf(&page, "%s%s", page_head, blocks);
    write_text(name, page.data);
    bs_buf_free(&page);
    write_text("out.pdf", GOOD_PDF);
    write_text("out.png", GOOD_PNG);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && rm -rf cache && BROADSHEET_CACHE='%s' timeout %d '%s' render '%s' -o out.pdf --png out.png "
             "--dpi 20 %s 2>&1 >/dev/null",
             dir(), in_dir("cache"), RENDER_SECONDS, BS_CLI, name, options ? options : "");
    outcome o;
    o.messages = bs_test_run(cmd, &o.status);
    assert_non_null(o.messages);
    print_message("%s", o.messages);
    if (o.status == 1) {   /* (2: made, but failing --strict) */
        size_t len = 0;
        char *pdf = read_all(in_dir("out.pdf"), &len);
        assert_string_equal(pdf, GOOD_PDF);
        free(pdf);
        char *png = read_all(in_dir("out.png"), &len);
        assert_string_equal(png, GOOD_PNG);
        free(png);
    }
    return o;
}

/* Refused: exit status 1 (not a crash, not a timeout) and `want` among
 * the messages. */
static void refused(const char *name, const char *blocks, const char *want)
{
    outcome o = render(name, blocks, NULL);
    if (o.status != 1 || !bs_test_contains(o.messages, want))
        fail_msg("%s: exit %d; wanted exit 1 and '%s', got:\n%s", name, o.status, want, o.messages);
    free(o.messages);
}

static char *story_block(const char *story)
{
    static char block[512];
    snprintf(block, sizeof block,
             "  - {type: story, file: %s, body: [{column: 1, span: 4, line: 1, lines: 60}]}\n", story);
    return block;
}

static char *photo_block(const char *image)
{
    static char block[512];
    snprintf(block, sizeof block, "  - {type: photo, column: 1, span: 4, line: 1, lines: 30, image: %s}\n", image);
    return block;
}

static int make_dir(void **state)
{
    (void)state;
    if (mkdir(dir(), 0777) != 0 && errno != EEXIST) return -1;
    return 0;
}

static void test_malformed_yaml(void **state)
{
    (void)state;
    refused("malformed.yaml", "  - {type: rule, column: 1, line: 1\n    lines: 3\n",
            "malformed.yaml:6:10: error: missing comma");
    refused("tabs.yaml", "  - type: rule\n\tcolumn: 1\n",
            "tabs.yaml:6:1: error: a tab in the indentation; YAML indents with spaces");
    /* a tab between a key and its value separates like a space */
    refused("tab-value.yaml", "  - {type:\trule, colum: 1, line: 1, lines: 1}\n",
            "tab-value.yaml:5:18: error: unknown key 'colum'");
    refused("control.yaml", "  - {type: rule, column: 1,\x0b line: 1, lines: 1}\n",
            "control.yaml:5:28: error: control character U+000B is not allowed in a YAML file");
}

static void test_unknown_key_with_a_suggestion(void **state)
{
    (void)state;
    refused("key.yaml", "  - {type: rule, colum: 1, line: 1, lines: 1}\n",
            "key.yaml:5:18: error: unknown key 'colum' in block; did you mean 'column'?");
    refused("type.yaml", "  - {type: stroy, column: 1, line: 1, lines: 1}\n", "type.yaml:5:12: error: unknown block type 'stroy'; did you mean 'story'?");
}

static void test_wrong_or_missing_units(void **state)
{
    (void)state;
    refused("no-unit.yaml", "  - {type: rule, x: 10, y: 10mm, width: 1mm, height: 50mm}\n",
            "no-unit.yaml:5:21: error: bad length '10' for 'x': missing unit");
    refused("bad-unit.yaml", "  - {type: rule, x: 10furlong, y: 10mm, width: 1mm, height: 50mm}\n",
            "bad-unit.yaml:5:21: error: bad length '10furlong' for 'x': unknown unit");
}

static void test_off_the_grid_or_overlapping(void **state)
{
    (void)state;
    refused("off-grid.yaml", "  - {type: rule, column: 9, line: 1, lines: 1}\n",
            "off-grid.yaml:5:26: error: column 9 is past the last column (8)");
    refused("overlap.yaml",
            "  - {type: rule, column: 1, line: 1, lines: 3}\n  - {type: rule, column: 1, line: 2, lines: 3}\n",
            "overlap.yaml:6:5: error: rule overlaps rule at overlap.yaml:5:5");
}

static void test_story_missing_empty_or_not_utf8(void **state)
{
    (void)state;
    refused("missing.yaml", story_block("none.md"),
            "missing.yaml:5:25: error: cannot open story 'none.md': No such file or directory");
    write_text("empty.md", "");
    refused("empty.yaml", story_block("empty.md"), "empty.md:1:1: error: the story has no paragraphs");
    write_text("latin1.md", "正文\n\xe9t\xe9\n");
    refused("latin1.yaml", story_block("latin1.md"), "latin1.md:2:1: error: not valid UTF-8");
}

static void test_control_characters(void **state)
{
    (void)state;
    write_text("controls.md", "正文\n中\x01文\n");
    refused("controls.yaml", story_block("controls.md"),
            "controls.md:2:2: error: control character U+0001 is not allowed in a story");
}

/* 5 MB of story: refused before it is read, in well under the timeout. */
static void test_a_five_megabyte_story(void **state)
{
    (void)state;
    size_t n = 5u << 20;
    char *text = bs_xmalloc(n + 1);
    static const char sentence[] = "这是一段测试用的正文。\n\n";
    for (size_t i = 0; i < n; i++) text[i] = sentence[i % (sizeof sentence - 1)];
    text[n] = '\0';
    write_bytes("huge.md", text, n);
    free(text);
    refused("huge.yaml", story_block("huge.md"), "huge.md: error: this story is 5.0 MB; a story may be at most 1.0 MB");
}

/* JPEG, PNG and SVG. */
static void test_pictures_missing_truncated_or_corrupt(void **state)
{
    (void)state;
    refused("no-photo.yaml", photo_block("none.jpg"),
            "no-photo.yaml:5:66: error: cannot open image 'none.jpg': No such file or directory");
    write_photo_damaged("cut.jpg", 3000, 0);
    refused("cut-jpeg.yaml", photo_block("cut.jpg"),
            "cut-jpeg.yaml:5:66: error: image 'cut.jpg': truncated JPEG file");
    write_photo_damaged("garbled.jpg", 0, 230000);   /* in the scan */
    refused("bad-jpeg.yaml", photo_block("garbled.jpg"),
            "bad-jpeg.yaml:5:66: error: image 'garbled.jpg': corrupt JPEG file");
    /* a damaged colour profile: the picture is taken as sRGB, and said so */
    write_photo_damaged("bad-profile.jpg", 0, 300);
    outcome o = render("bad-profile.yaml", photo_block("bad-profile.jpg"), NULL);
    assert_int_equal(o.status, 0);
    assert_true(bs_test_contains(o.messages, "bad-profile.jpg: warning: the embedded ICC profile is damaged"));
    free(o.messages);
    write_png("good.png", 40, 30);
    size_t len = 0;
    char *png = read_all(in_dir("good.png"), &len);
    assert_non_null(png);
    write_bytes("cut.png", png, len / 2);
    for (size_t i = 33; i < len; i++) png[i] = (char)(i * 7);   /* past IHDR */
    write_bytes("garbled.png", png, len);
    free(png);
    refused("cut-png.yaml", photo_block("cut.png"),
            "cut-png.yaml:5:66: error: image 'cut.png': truncated or corrupt PNG file");
    refused("bad-png.yaml", photo_block("garbled.png"),
            "bad-png.yaml:5:66: error: image 'garbled.png': truncated or corrupt PNG file");
    write_text("cut.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"4");
    refused("cut-svg.yaml", photo_block("cut.svg"), "cut-svg.yaml:5:66: error: image 'cut.svg': corrupt SVG file");
    write_text("sizeless.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>\n");
    refused("sizeless-svg.yaml", photo_block("sizeless.svg"),
            "sizeless-svg.yaml:5:66: error: image 'sizeless.svg': the SVG has no size");
    refused("no-svg.yaml", photo_block("none.svg"),
            "no-svg.yaml:5:66: error: cannot open image 'none.svg': No such file or directory");
    write_text("words.jpg", "not a picture at all\n");
    refused("not-picture.yaml", photo_block("words.jpg"),
            "not-picture.yaml:5:66: error: image 'words.jpg': not a JPEG, PNG or SVG file");
}

/* A style whose font fontconfig resolves to another family. */
static void test_a_font_that_does_not_resolve(void **state)
{
    (void)state;
    size_t len = 0;
    char *tpl = read_all(BS_SOURCE_DIR "/layouts/duikai-8col.yaml", &len);
    assert_non_null(tpl);
    char *body = strstr(tpl, "body:          { font: 宋体");
    assert_non_null(body);
    bs_buf changed = {0};
    bs_buf_add(&changed, tpl, (size_t)(body - tpl));
    bs_buf_printf(&changed, "body:          { font: 宋休%s", body + strlen("body:          { font: 宋体"));
    bs_buf_printf(&changed, "fonts-conf: %s/fonts.conf\n", BS_SOURCE_DIR);
    write_text("bad-font-template.yaml", changed.data);
    bs_buf_free(&changed);
    free(tpl);
    write_text("short.md", "正文一段。\n");
    char page[1024];
    snprintf(page, sizeof page, "page: A01\ntemplate: bad-font-template.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\nblocks:\n%s",
             story_block("short.md"));
    write_text("bad-font.yaml", page);
    write_text("out.pdf", GOOD_PDF);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout %d '%s' render bad-font.yaml -o out.pdf 2>&1 >/dev/null", dir(),
             RENDER_SECONDS, BS_CLI);
    int status;
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "bad-font-template.yaml:27:3: error: style 'body': font '宋休' resolves to"));
    free(out);
    char *pdf = read_all(in_dir("out.pdf"), &len);
    assert_string_equal(pdf, GOOD_PDF);
    free(pdf);
}

static void test_qr_payload_too_long(void **state)
{
    (void)state;
    char blocks[8192];
    char url[6000];
    memset(url, 'a', sizeof url - 1);
    url[sizeof url - 1] = '\0';
    snprintf(blocks, sizeof blocks, "  - {type: qr, column: 1, line: 1, lines: 12, url: \"https://www.jzrb.com/%s\"}\n",
             url);
    refused("qr-huge.yaml", blocks, "qr-huge.yaml:5:5: error: the QR payload is too long for a QR code");
    url[1000] = '\0';   /* a QR code can hold it, a one-column block cannot */
    snprintf(blocks, sizeof blocks, "  - {type: qr, column: 1, line: 1, lines: 12, url: \"https://www.jzrb.com/%s\"}\n",
             url);
    refused("qr-long.yaml", blocks, "qr-long.yaml:5:5: error: the QR payload (1021 bytes) is too long for its block");
}

/* Emoji, Hebrew and Arabic have no glyph in the fonts fonts.conf names:
 * set, but never as silent empty boxes; combining marks the fonts have
 * are set without a word. */
static void test_scripts_without_a_font(void **state)
{
    (void)state;
    write_text("scripts.md", "正文😀里有表情👍🏽。\n\nשלום עולם 和 مرحبا 混排。\n\n组合字符：e\xcc\x81 a\xcc\x88 以及。\n");
    outcome o = render("scripts.yaml", story_block("scripts.md"), NULL);
    assert_int_equal(o.status, 0);
    assert_true(bs_test_contains(o.messages, "scripts.md:1:1: warning: no font has '😀' U+1F600, '👍' U+1F44D"));
    assert_true(bs_test_contains(o.messages, "scripts.md:3:1: warning: no font has 'ש' U+05E9"));
    assert_false(bs_test_contains(o.messages, "U+0301"));
    assert_false(bs_test_contains(o.messages, "scripts.md:5:"));
    free(o.messages);
    int status;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", in_dir("out.pdf"));
    char *text = bs_test_run(cmd, &status);
    assert_true(bs_test_contains(text, "组合字符"));
    free(text);
    /* and --strict fails the page for it */
    o = render("scripts.yaml", story_block("scripts.md"), "--strict");
    assert_int_equal(o.status, 2);
    free(o.messages);
}

/* Hostile sizes: each refused with a clear error, in bounded time. */
static void test_limits(void **state)
{
    (void)state;
    /* a 1 MB paragraph without a break opportunity */
    size_t n = 1000000;
    char *word = bs_xmalloc(n + 2);
    memset(word, 'x', n);
    word[n] = '\n';
    write_bytes("no-break.md", word, n + 1);
    free(word);
    refused("no-break.yaml", story_block("no-break.md"),
            "no-break.md:1:1: error: a paragraph of 1000000 bytes; one may be at most 65536");
    /* ten thousand blocks */
    bs_buf blocks = {0};
    for (int i = 0; i < 10000; i++) bs_buf_printf(&blocks, "  - {type: rule, column: %d, line: %d, lines: 1}\n", i % 8 + 1, i % 100 + 1);
    refused("10k-blocks.yaml", blocks.data, "10k-blocks.yaml:5:3: error: 10000 blocks; a page may have at most 1000");
    bs_buf_free(&blocks);
    /* a file of 150 000 values */
    bs_buf values = {0};
    bs_buf_printf(&values, "  - {type: rule, column: 1, line: 1, lines: 1}\nx-values: [");
    for (int i = 0; i < 150000; i++) bs_buf_printf(&values, "%s1", i ? "," : "");
    bs_buf_printf(&values, "]\n");
    refused("values.yaml", values.data, "values.yaml:1:1: error: this file holds more than 100000 values");
    bs_buf_free(&values);
    bs_buf few = {0};
    for (int i = 0; i < 1001; i++) bs_buf_printf(&few, "  - {type: rule, x: 1mm, y: 1mm, width: 1mm, height: 1mm}\n");
    refused("1001-blocks.yaml", few.data, "1001-blocks.yaml:5:3: error: 1001 blocks; a page may have at most 1000");
    bs_buf_free(&few);
    /* 20 000 characters that take no room, in one paragraph: set, quickly */
    bs_buf zero = {0};
    bs_buf_printf(&zero, "表情😀");
    for (int i = 0; i < 20000; i++) bs_buf_printf(&zero, "\xef\xb8\x8f");   /* U+FE0F */
    bs_buf_printf(&zero, "。\n");
    write_text("zero-width.md", zero.data);
    bs_buf_free(&zero);
    outcome o = render("zero-width.yaml", story_block("zero-width.md"), NULL);
    assert_int_equal(o.status, 0);
    free(o.messages);
    /* a 50 000-pixel picture */
    write_big_png("wide.png", 50000, 2);
    refused("wide.yaml", photo_block("wide.png"),
            "wide.yaml:5:66: error: image 'wide.png': the picture is 50000 × 2 pixels; at most 20000 on a side");
    /* nine lines of nested aliases expand to 9^9 values */
    refused("laughs.yaml",
            "  - {type: rule, column: 1, line: 1, lines: 1}\n"
            "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
            "x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            "x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
            "x-h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
            "error: with its aliases (*name) expanded this file would hold more than 100000 values");
    /* nesting deeper than YAML's limit */
    bs_buf deep = {0};
    bs_buf_printf(&deep, "  - ");
    for (int i = 0; i < 200; i++) bs_buf_add(&deep, "[", 1);
    for (int i = 0; i < 200; i++) bs_buf_add(&deep, "]", 1);
    bs_buf_add(&deep, "\n", 1);
    refused("deep.yaml", deep.data, "deep.yaml:5:");
    bs_buf_free(&deep);
}

/* A word longer than the column is broken where nothing else fits, and
 * said so; the page is made. */
static void test_a_word_longer_than_its_column(void **state)
{
    (void)state;
    bs_buf text = {0};
    bs_buf_printf(&text, "网址：https://www.jzrb.com/");
    for (int i = 0; i < 30; i++) bs_buf_printf(&text, "abcdefghij");
    bs_buf_printf(&text, "。\n");
    write_text("long-word.md", text.data);
    bs_buf_free(&text);
    outcome o = render("long-word.yaml", story_block("long-word.md"), NULL);
    assert_int_equal(o.status, 0);
    assert_true(bs_test_contains(o.messages, "long-word.md:1:1: warning: a word longer than the column was broken"));
    free(o.messages);
}

/* Stories and pictures come from inside the edition folder. */
static void test_paths_outside_the_edition_folder(void **state)
{
    (void)state;
    write_text("inside.md", "正文一段。\n");
    refused("escape.yaml", story_block("../bad-input/../outside.md"),
            "escape.yaml:5:25: error: story '../bad-input/../outside.md' is outside the edition folder");
    refused("absolute.yaml", story_block(SAMPLE "/stories/lead.md"), "is outside the edition folder");
    refused("photo-outside.yaml", photo_block(SAMPLE "/photos/nasa-factory-hall-workers.jpg"),
            "error: image '" SAMPLE "/photos/nasa-factory-hall-workers.jpg' is outside the edition folder");
    /* inside, however it is written */
    outcome o = render("inside.yaml", story_block("../bad-input/./inside.md"), NULL);
    assert_int_equal(o.status, 0);
    free(o.messages);
    /* and the option that allows it */
    o = render("absolute.yaml", story_block(SAMPLE "/stories/lead.md"), "--allow-outside");
    assert_int_equal(o.status, 0);
    free(o.messages);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_malformed_yaml),
        cmocka_unit_test(test_unknown_key_with_a_suggestion),
        cmocka_unit_test(test_wrong_or_missing_units),
        cmocka_unit_test(test_off_the_grid_or_overlapping),
        cmocka_unit_test(test_story_missing_empty_or_not_utf8),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_a_five_megabyte_story),
        cmocka_unit_test(test_pictures_missing_truncated_or_corrupt),
        cmocka_unit_test(test_a_font_that_does_not_resolve),
        cmocka_unit_test(test_qr_payload_too_long),
        cmocka_unit_test(test_scripts_without_a_font),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_a_word_longer_than_its_column),
        cmocka_unit_test(test_paths_outside_the_edition_folder),
    };
    return cmocka_run_group_tests(tests, make_dir, NULL);
}
