/* Paths as the page loader judges them (bs_core.h): made absolute from
 * their text alone, and whether one lies inside the edition folder. */
#include "bs_test.h"

#include <stdlib.h>
#include <unistd.h>

static void test_absolute(void **state)
{
    (void)state;
    bs_arena *arena = bs_arena_new();
    assert_string_equal(bs_path_absolute(arena, "/a/b/../c/./d//e"), "/a/c/d/e");
    assert_string_equal(bs_path_absolute(arena, "/../../x"), "/x");
    assert_string_equal(bs_path_absolute(arena, "/"), "/");
    assert_string_equal(bs_path_absolute(arena, "/a/.."), "/");
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    char want[4096];
    snprintf(want, sizeof want, "%s/x/y", strcmp(cwd, "/") == 0 ? "" : cwd);
    assert_string_equal(bs_path_absolute(arena, "x/./z/../y"), want);
    free(cwd);
    bs_arena_free(arena);
}

static void test_inside(void **state)
{
    (void)state;
    bs_arena *arena = bs_arena_new();
    assert_true(bs_path_inside(arena, "/ed/stories/a.md", "/ed"));
    assert_true(bs_path_inside(arena, "/ed/pages/../stories/a.md", "/ed"));
    assert_true(bs_path_inside(arena, "/ed", "/ed/"));
    assert_false(bs_path_inside(arena, "/ed/../other/a.md", "/ed"));
    assert_false(bs_path_inside(arena, "/edition2/a.md", "/ed"));   /* a name that only starts the same */
    assert_false(bs_path_inside(arena, "/etc/passwd", "/ed"));
    assert_true(bs_path_inside(arena, "stories/a.md", "."));
    assert_false(bs_path_inside(arena, "../a.md", "."));
    assert_true(bs_path_inside(arena, "/anything", "/"));
    bs_arena_free(arena);
}

static void test_folder(void **state)
{
    (void)state;
    bs_arena *arena = bs_arena_new();
    assert_string_equal(bs_path_folder(arena, "A01.yaml"), ".");
    assert_string_equal(bs_path_folder(arena, "edition/A01.yaml"), "edition");
    assert_string_equal(bs_path_folder(arena, "/A01.yaml"), "/");
    bs_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_inside),
        cmocka_unit_test(test_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
