/* End to end, as the nightly batch runs it: `broadsheet edition` on the
 * sample edition (A01 and A02, three stories jumping from one to the
 * other), the PDFs read back with poppler (pdftotext), the edition report,
 * the plan run by make -j, one page job alone, and the exit statuses. */
#include "bs_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define EDITION BS_SOURCE_DIR "/samples/jzrb-2023-01-31/edition.yaml"

static const char *out_dir(void) { return bs_test_out("e2e-edition"); }

static int make_edition(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "rm -rf '%s' && '%s' edition '%s' -o '%s' -j 2 --png --report '%s' --strict 2>&1",
                    out_dir(), BS_CLI, EDITION, out_dir(), bs_test_out("e2e-edition.json"));
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "e2e-edition/A01.pdf\n"));
    assert_true(bs_test_contains(out, "e2e-edition/A02.pdf\n"));
    free(out);
    return 0;
}

static char *page_text(const char *dir, const char *page)
{
    int status;
    char *text = bs_test_runf(&status, "pdftotext '%s/%s.pdf' - | tr -d ' \\n'", dir, page);
    assert_int_equal(status, 0);
    return text;
}

/* The jump lines in the PDFs, both ways, and the continued text in place. */
static void test_jumps_in_the_pdfs(void **state)
{
    (void)state;
    char *a01 = page_text(out_dir(), "A01"), *a02 = page_text(out_dir(), "A02");
    assert_true(bs_test_contains(a01, "（下转A02版①）"));
    assert_true(bs_test_contains(a01, "（下转A02版②）"));
    assert_true(bs_test_contains(a01, "（下转A02版③）"));
    assert_true(bs_test_contains(a02, "（上接A01版①）"));
    assert_true(bs_test_contains(a02, "（上接A01版②）"));
    assert_true(bs_test_contains(a02, "（上接A01版③）"));
    /* the lead's last words are on A02, not A01 */
    assert_true(bs_test_contains(a02, "一般公共预算收入169.6亿元"));
    assert_false(bs_test_contains(a01, "一般公共预算收入169.6亿元"));
    /* the edition's data: 总第13900期 今日12版 on the masthead */
    assert_true(bs_test_contains(a01, "今日12版"));
    free(a01);
    free(a02);
    struct stat st;
    assert_int_equal(stat(bs_test_out("e2e-edition/A02.png"), &st), 0);
}

static void test_edition_report(void **state)
{
    (void)state;
    size_t len = 0;
    bs_ctx *ctx = bs_ctx_new();
    char *json = bs_read_file(ctx, bs_test_out("e2e-edition.json"), &len);
    bs_ctx_free(ctx);
    assert_non_null(json);
    assert_true(bs_test_contains(json, "\"count\": 12"));
    assert_true(bs_test_contains(json, "\"page\": \"A01\""));
    assert_true(bs_test_contains(json, "\"status\": \"made\""));
    assert_false(bs_test_contains(json, "\"status\": \"error\""));
    assert_true(bs_test_contains(json, "\"jumps_to\": \"A02\", \"jumped_chars\": "));
    assert_true(bs_test_contains(json, "\"continues_from\": \"A01\""));
    assert_true(bs_test_contains(json, "\"preflight\": {\"passed\": 18, \"failed\": 0"));
    free(json);
}

/* The plan: A02 depends on A01; as a makefile it runs under make -j and
 * gives the same pages. */
static void test_plan(void **state)
{
    (void)state;
    int status;
    char *plan = bs_test_runf(&status, "'%s' edition '%s' -o '%s' --plan", BS_CLI, EDITION, bs_test_out("e2e-plan"));
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(plan, "\"page\": \"A01\""));
    assert_true(bs_test_contains(plan, "\"depends\": []"));
    assert_true(bs_test_contains(plan, "\"depends\": [\"A02\"]") == false);
    assert_true(bs_test_contains(plan, "e2e-plan/A02.pdf\", \"depends\": [\"A01\"]"));
    free(plan);
    /* each job makes its page as the whole edition would: the options go along */
    plan = bs_test_runf(&status, "cd '%s' && '%s' edition samples/jzrb-2023-01-31/edition.yaml -o '%s' --plan --png --dpi 50 "
               "--strict --output-profile '%s' --output-condition 'Plant X'",
               BS_SOURCE_DIR, BS_CLI, bs_test_out("e2e-plan"), BS_PROFILE_DIR "/newsprint-tac230.icc");
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(plan, "--page 'A02' --png --dpi 50 --strict --output-profile '" BS_PROFILE_DIR
                                       "/newsprint-tac230.icc' --output-condition 'Plant X'"));
    /* the pages' files absolute too, for a job that runs elsewhere */
    assert_true(bs_test_contains(plan, "\"file\": \"/"));
    assert_false(bs_test_contains(plan, "\"file\": \"samples/"));
    free(plan);
    char *out = bs_test_runf(&status,
                    "rm -rf '%s' && '%s' edition '%s' -o '%s' --plan --format make > '%s' && "
                    "cd / && make -j 2 -f '%s' 2>&1",
                    bs_test_out("e2e-plan"), BS_CLI, EDITION, bs_test_out("e2e-plan"), bs_test_out("e2e-plan.mk"),
                    bs_test_out("e2e-plan.mk"));
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    free(out);
    char *a = page_text(bs_test_out("e2e-plan"), "A02"), *b = page_text(out_dir(), "A02");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A page job whose source page has not been made says so. */
static void test_page_job_needs_its_source(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "rm -rf '%s' && '%s' edition '%s' -o '%s' --page A02 2>&1", bs_test_out("e2e-job"), BS_CLI,
                    EDITION, bs_test_out("e2e-job"));
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "page A01 has not been made yet"));
    free(out);
    out = bs_test_runf(&status, "'%s' edition '%s' -o '%s' --page A01 && '%s' edition '%s' -o '%s' --page A02 2>&1", BS_CLI,
              EDITION, bs_test_out("e2e-job"), BS_CLI, EDITION, bs_test_out("e2e-job"));
    assert_int_equal(status, 0);
    free(out);
}

/* A bad page file: a located message, exit 1, and the PDFs already in the
 * output folder are left as they were (nothing is made from an edition
 * whose pages do not all load). */
static void test_a_bad_page(void **state)
{
    (void)state;
    char edition[3072], a01[1024];
    snprintf(a01, sizeof a01,
             "page: A01\ntemplate: %s/layouts/duikai-8col.yaml\nblocks:\n  - type: story\n"
             "    file: %s/samples/jzrb-2023-01-31/stories/lead.md\n    colum: 1\n"
             "    body:\n      - { column: 1, span: 2, line: 1, lines: 20 }\n",
             BS_SOURCE_DIR, BS_SOURCE_DIR);
    const char *bad = bs_test_write("e2e-bad-A01.yaml", a01);
    char bad_copy[1024];
    snprintf(bad_copy, sizeof bad_copy, "%s", bad);
    snprintf(edition, sizeof edition, "paper: 焦作日报\ndate: 2023-01-31\nissue: 13900\npages: [%s, %s]\n", bad_copy,
             BS_SOURCE_DIR "/samples/jzrb-2023-01-31/edition/A02.yaml");
    const char *ed = bs_test_write("e2e-bad-edition.yaml", edition);
    int status;
    char *out = bs_test_runf(&status, "'%s' edition '%s' -o '%s' --allow-outside 2>&1", BS_CLI, ed, out_dir());
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "e2e-bad-A01.yaml:6:5: error: unknown key 'colum'"));
    free(out);
    char *kept = page_text(out_dir(), "A01");
    assert_true(bs_test_contains(kept, "（下转A02版①）"));
    free(kept);
    /* a usage error */
    out = bs_test_runf(&status, "'%s' edition '%s' 2>&1", BS_CLI, EDITION);
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "edition needs -o DIR"));
    free(out);
}

int main(void)
{
    setenv("BROADSHEET_CACHE", bs_test_out("cache"), 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jumps_in_the_pdfs),
        cmocka_unit_test(test_edition_report),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_page_job_needs_its_source),
        cmocka_unit_test(test_a_bad_page),
    };
    return cmocka_run_group_tests(tests, make_edition, NULL);
}
