/* Inputs the fuzz targets found a bug with (docs/fuzzing.md), kept in
 * tests/data/fuzz-regressions/TARGET/ and replayed through the targets' own
 * bodies (fuzz/): each must run to the end, its invariants holding. On the
 * sanitizer build (scripts/check) that also means no sanitizer report and
 * no leak. The seeds of fuzz/seeds/ are replayed too, so that a target's
 * body is known to work before anyone fuzzes with it. */
#include "bs_test.h"
#include "bs_fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*target_fn)(bs_fuzz *fz, const uint8_t *data, size_t size);

/* Each file of `dir` through `run`, read into a buffer of its exact size
 * (as libFuzzer hands it over, so a read past the end is caught). Returns
 * how many files there were. */
static int replay_dir(bs_fuzz *fz, const char *dir, target_fn run)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        rewind(f);
        uint8_t *data = bs_xmalloc(size > 0 ? (size_t)size : 1);
        assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
        fclose(f);
        print_message("%s\n", path);
        run(fz, data, (size_t)size);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void replay(const char *target, target_fn run)
{
    bs_fuzz *fz = bs_fuzz_new(BS_SOURCE_DIR);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/fuzz-regressions/%s", BS_TEST_DATA, target);
    replay_dir(fz, dir, run);
    snprintf(dir, sizeof dir, "%s/fuzz/seeds/%s", BS_SOURCE_DIR, target);
    replay_dir(fz, dir, run);
    bs_fuzz_free(fz);
}

static void test_template(void **state)
{
    (void)state;
    replay("template", bs_fuzz_template);
}

static void test_page(void **state)
{
    (void)state;
    replay("page", bs_fuzz_page);
}

static void test_story(void **state)
{
    (void)state;
    replay("story", bs_fuzz_story);
}

static void test_compose(void **state)
{
    (void)state;
    replay("compose", bs_fuzz_compose);
}

static void test_image(void **state)
{
    (void)state;
    replay("image", bs_fuzz_image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_story),
        cmocka_unit_test(test_compose),
        cmocka_unit_test(test_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
