/* Units and lengths: what editors write in templates and pages. */
#include "bs_test.h"

#include <math.h>

static void parse_ok(const char *text, double value, bs_unit unit)
{
    bs_length len;
    const char *why = NULL;
    assert_true(bs_length_parse(text, &len, &why));
    assert_true(fabs(len.value - value) < 1e-9);
    assert_int_equal(len.unit, unit);
}

static void parse_bad(const char *text, const char *why_part)
{
    bs_length len;
    const char *why = NULL;
    assert_false(bs_length_parse(text, &len, &why));
    assert_non_null(why);
    assert_true(bs_test_contains(why, why_part));
}

static void test_units_parse(void **state)
{
    (void)state;
    parse_ok("3mm", 3, BS_UNIT_MM);
    parse_ok(" 1.5 cm ", 1.5, BS_UNIT_CM);
    parse_ok("13.5pt", 13.5, BS_UNIT_PT);
    parse_ok("2em", 2, BS_UNIT_EM);
    parse_ok("13字", 13, BS_UNIT_ZI);
    parse_ok("-2行", -2, BS_UNIT_HANG);
    parse_ok(".5mm", 0.5, BS_UNIT_MM);
    parse_ok("7", 7, BS_UNIT_NONE);
    parse_ok("小五", 9, BS_UNIT_PT);
    parse_ok("初号", 42, BS_UNIT_PT);
    parse_ok("六号", 7.5, BS_UNIT_PT);
    parse_bad("", "empty");
    parse_bad("mm", "expected a number");
    parse_bad("3 furlongs", "unknown unit");
    parse_bad("0x10mm", "malformed");
    parse_bad("小七", "expected a number");
}

static void test_units_resolve(void **state)
{
    (void)state;
    bs_unit_basis basis = {.em_pt = 10, .zi_pt = 9, .hang_pt = 13.5};
    double pt = 0;
    const char *why = NULL;
    assert_true(bs_length_to_pt((bs_length){25.4, BS_UNIT_MM}, &basis, &pt, &why));
    assert_true(fabs(pt - 72) < 1e-9);
    assert_true(bs_length_to_pt((bs_length){1, BS_UNIT_CM}, &basis, &pt, &why));
    assert_true(fabs(pt - 72 / 2.54) < 1e-9);
    assert_true(bs_length_to_pt((bs_length){13, BS_UNIT_ZI}, &basis, &pt, &why));
    assert_true(fabs(pt - 117) < 1e-9);
    assert_true(bs_length_to_pt((bs_length){2, BS_UNIT_HANG}, &basis, &pt, &why));
    assert_true(fabs(pt - 27) < 1e-9);
    assert_true(bs_length_to_pt((bs_length){2, BS_UNIT_EM}, &basis, &pt, &why));
    assert_true(fabs(pt - 20) < 1e-9);
    assert_false(bs_length_to_pt((bs_length){2, BS_UNIT_NONE}, &basis, &pt, &why));
    assert_true(bs_test_contains(why, "missing unit"));
    assert_true(bs_length_to_pt((bs_length){0, BS_UNIT_NONE}, &basis, &pt, &why));   /* 0 needs none */
    assert_true(pt == 0);
    bs_unit_basis none = {0};
    assert_false(bs_length_to_pt((bs_length){2, BS_UNIT_ZI}, &none, &pt, &why));
    assert_true(bs_test_contains(why, "字"));
}

/* The grid arithmetic of the 对开 broadsheet: 8 columns of 13 字 of 小五 with
 * 1-字 gutters make the 111-字 type area the design names (about 352 mm). */
static void test_units_grid_width(void **state)
{
    (void)state;
    double zi = bs_named_size_pt("小五");
    double width = 8 * 13 * zi + 7 * zi;
    assert_true(fabs(width - 999.0) < 1e-9);
    assert_true(fabs(width / BS_PT_PER_MM - 352.425) < 1e-3);
}

static void test_utf8(void **state)
{
    (void)state;
    const char *s = "中a，";
    uint32_t cp;
    assert_int_equal(bs_utf8_decode(s, 3, &cp), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(bs_utf8_count(s, strlen(s)), 3);
    char enc[4];
    assert_int_equal(bs_utf8_encode(0xFF0C, enc), 3);
    assert_memory_equal(enc, "，", 3);
    size_t bad = 0;
    assert_true(bs_utf8_valid(s, strlen(s), &bad));
    assert_false(bs_utf8_valid("ab\xe4\xb8", 4, &bad));
    assert_int_equal(bad, 2);
    assert_false(bs_utf8_valid("\xed\xa0\x80", 3, &bad)); /* a surrogate */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_parse),
        cmocka_unit_test(test_units_resolve),
        cmocka_unit_test(test_units_grid_width),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
