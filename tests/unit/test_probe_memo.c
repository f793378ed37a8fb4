/* Pictures checked once for an edition's pages: the memo answers for the
 * same file, and a picture changed on disk is checked again. */
#include "bs_test.h"
#include "bs_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *page_with(const char *name, const char *image)
{
    char text[2048];
    snprintf(text, sizeof text,
             "page: A01\ntemplate: %s/layouts/duikai-8col.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
             "blocks:\n  - type: photo\n    column: 1\n    span: 4\n    line: 1\n    lines: 27\n    image: %s\n",
             BS_SOURCE_DIR, image);
    return bs_test_write(name, text);
}

static void test_memo(void **state)
{
    (void)state;
    char image[1024];
    snprintf(image, sizeof image, "%s", bs_test_write_jpeg("memo.jpg", 300, 200, 3, NULL));
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s", page_with("memo-a.yaml", image));
    snprintf(b, sizeof b, "%s", page_with("memo-b.yaml", image));
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_probe_memo *memo = bs_probe_memo_new();
    bs_page *pa = bs_page_load_shared(ctx, a, NULL, memo), *pb = bs_page_load_shared(ctx, b, NULL, memo);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_int_equal(pa->blocks[0].image_info.px_w, 300);
    assert_int_equal(pb->blocks[0].image_info.px_h, 200);
    bs_page_free(pb);

    /* the picture cut short on disk: checked again, and refused */
    FILE *f = fopen(image, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(image, size / 2), 0);
    pb = bs_page_load_shared(ctx, b, NULL, memo);
    assert_null(pb);
    assert_true(bs_test_contains(diags.text.data, "memo-b.yaml:10:12: error: image"));
    bs_page_free(pa);
    bs_probe_memo_free(memo);
    bs_test_ctx_free(ctx, &diags);
}

/* An SVG is remembered the same way, and checked again once cut short. */
static void test_memo_svg(void **state)
{
    (void)state;
    char image[1024];
    snprintf(image, sizeof image, "%s",
             bs_test_write("memo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"100\">"
                                       "<rect width=\"300\" height=\"100\" fill=\"#1040c0\"/></svg>\n"));
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s", page_with("memo-svg-a.yaml", image));
    snprintf(b, sizeof b, "%s", page_with("memo-svg-b.yaml", image));
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_probe_memo *memo = bs_probe_memo_new();
    bs_page *pa = bs_page_load_shared(ctx, a, NULL, memo), *pb = bs_page_load_shared(ctx, b, NULL, memo);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_int_equal(pa->blocks[0].image_info.type, BS_IMAGE_SVG);
    assert_int_equal(pb->blocks[0].image_info.px_w, 300);
    assert_int_equal(pb->blocks[0].image_info.px_h, 100);
    bs_page_free(pb);

    assert_int_equal(truncate(image, 60), 0);
    pb = bs_page_load_shared(ctx, b, NULL, memo);
    assert_null(pb);
    assert_true(bs_test_contains(diags.text.data, "memo-svg-b.yaml:10:12: error: image"));
    assert_true(bs_test_contains(diags.text.data, "corrupt SVG file: "));
    bs_page_free(pa);
    bs_probe_memo_free(memo);
    bs_test_ctx_free(ctx, &diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_memo), cmocka_unit_test(test_memo_svg)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
