/* Colours as editors write them. */
#include "bs_test.h"
#include "bs_load.h"

static void parse_ok(const char *text, float c, float m, float y, float k)
{
    bs_cmyk out = {-1, -1, -1, -1};
    const char *why = NULL;
    if (!bs_cmyk_parse(text, &out, &why)) fail_msg("'%s': %s", text, why);
    assert_true(out.c == c && out.m == m && out.y == y && out.k == k);
}

static void parse_bad(const char *text, const char *why_want)
{
    bs_cmyk out = {1, 2, 3, 4};
    const char *why = NULL;
    assert_false(bs_cmyk_parse(text, &out, &why));
    assert_string_equal(why, why_want);
    assert_true(out.c == 1 && out.m == 2 && out.y == 3 && out.k == 4);   /* untouched */
}

static void test_color_parse(void **state)
{
    (void)state;
    parse_ok("K100", 0, 0, 0, 100);
    parse_ok("K30", 0, 0, 0, 30);
    parse_ok("C100 M0 Y0 K0", 100, 0, 0, 0);
    parse_ok("M100 Y100", 0, 100, 100, 0);
    parse_ok("  Y50  C12.5 ", 12.5f, 0, 50, 0);
    parse_ok("K0", 0, 0, 0, 0);
    parse_ok("white", 0, 0, 0, 0);
}

static void test_color_bad(void **state)
{
    (void)state;
    parse_bad("", "empty colour");
    parse_bad("   ", "empty colour");
    parse_bad("K120", "a percentage is at most 100");
    parse_bad("K100 K50", "each of C, M, Y and K may be given once");
    parse_bad("K", "expected a percentage after each of C, M, Y and K");
    parse_bad("K-5", "expected a percentage after each of C, M, Y and K");
    parse_bad("K1.2.3", "expected a percentage after each of C, M, Y and K");
    parse_bad("red", "expected C, M, Y or K followed by a percentage (K100, M100 Y100), or 'white'");
    parse_bad("R100", "expected C, M, Y or K followed by a percentage (K100, M100 Y100), or 'white'");
    parse_bad("100", "expected C, M, Y or K followed by a percentage (K100, M100 Y100), or 'white'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_color_parse),
        cmocka_unit_test(test_color_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
