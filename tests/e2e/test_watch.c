/* The editor loop, as a layout editor runs it: `broadsheet watch` in the
 * background on a small page in the test output folder; a story saved the
 * way vim saves (a new file renamed over the old one) is rendered again and
 * its overset printed; a broken save prints its error and leaves the last
 * good PDF and PNG as they were; the next good save renders again; SIGTERM
 * ends it with status 0. And `render --proof`: marks on the screen PDF and
 * the PNG, none on the print PDF. */
#include "bs_test.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Long enough for the sanitizer build on a busy machine; the loops below
 * stop as soon as what they wait for has happened. */
#define TIMEOUT_S 60.0
#define POLL_NS 20000000L

static const char short_story[] = "---\ntitle: 短稿\n---\n一二三四五六七八九十。\n";
static const char broken_story[] = "---\ntitle: 短稿\n---\n一二三四五六七八九十。\n\n- 列表\n";

static char *long_story(void)
{
    bs_buf b = {0};
    bs_buf_adds(&b, "---\ntitle: 长稿\n---\n");
    for (int i = 0; i < 8; i++) bs_buf_adds(&b, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十。\n\n");
    return b.data;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(void)
{
    struct timespec ts = {0, POLL_NS};
    nanosleep(&ts, NULL);
}

/* The page: one story in one 5-line frame of the sample's template. Its
 * path is copied into `page`. */
static void write_page(const char *dir, char *page, size_t size)
{
    char path[1024], text[1024];
    snprintf(path, sizeof path, "%s/%s", BS_TEST_OUT, dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/%s/stories", BS_TEST_OUT, dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/stories/story.md", dir);
    assert_non_null(bs_test_write(path, short_story));
    snprintf(text, sizeof text,
             "page: A03\ntemplate: %s/layouts/duikai-8col.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\nblocks:\n"
             "  - type: story\n    file: stories/story.md\n    body: [{column: 1, span: 1, line: 1, lines: 5}]\n",
             BS_SOURCE_DIR);
    snprintf(path, sizeof path, "%s/page.yaml", dir);
    const char *written = bs_test_write(path, text);
    assert_non_null(written);
    snprintf(page, size, "%s", written);
}

/* Save as vim does: write a new file beside it, then rename it over. */
static void save(const char *rel, const char *text)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.swp-new", rel);
    assert_non_null(bs_test_write(tmp, text));
    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s", bs_test_out(tmp));
    snprintf(to, sizeof to, "%s", bs_test_out(rel));
    assert_int_equal(rename(from, to), 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *data = bs_xmalloc(size > 0 ? (size_t)size + 1 : 1);
    size_t got = size > 0 ? fread(data, 1, (size_t)size, f) : 0;
    data[got] = '\0';
    fclose(f);
    if (len) *len = got;
    return data;
}

static size_t count(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = haystack; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

typedef struct watching {
    pid_t pid;
    char log[1024], pdf[1024], png[1024];
} watching;

/* The log once it holds `n` times `needle`, or a failure naming what the
 * log holds when TIMEOUT_S passes. */
static char *wait_for(const watching *w, const char *needle, size_t n)
{
    double end = now() + TIMEOUT_S;
    for (;;) {
        char *log = slurp(w->log, NULL);
        if (count(log, needle) >= n) return log;
        if (now() > end) fail_msg("no %zu × '%s' in the log of watch:\n%s", n, needle, log ? log : "(none)");
        free(log);
        nap();
    }
}

static void start_watch(watching *w, const char *page)
{
    snprintf(w->log, sizeof w->log, "%s", bs_test_out("watch/watch.log"));
    snprintf(w->pdf, sizeof w->pdf, "%s", bs_test_out("watch/out.pdf"));
    snprintf(w->png, sizeof w->png, "%s", bs_test_out("watch/out.png"));
    /* nothing left from an earlier run may pass for this one's */
    unlink(w->pdf);
    unlink(w->png);
    unlink(w->log);
    fflush(NULL);
    w->pid = fork();
    assert_true(w->pid >= 0);
    if (w->pid == 0) {
        /* never outlive the test, whatever happens to it */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        int fd = open(w->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) _exit(127);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
        execl(BS_CLI, BS_CLI, "watch", page, "-o", w->pdf, "--screen", "--png", w->png, "--dpi", "20", "--proof",
              (char *)NULL);
        _exit(127);
    }
}

static int stop_watch(watching *w)
{
    if (w->pid <= 0) return -1;
    kill(w->pid, SIGTERM);
    double end = now() + TIMEOUT_S;
    int status = 0;
    pid_t done;
    while ((done = waitpid(w->pid, &status, WNOHANG)) == 0 && now() < end) nap();
    if (done == 0) {
        kill(w->pid, SIGKILL);
        waitpid(w->pid, &status, 0);
    }
    w->pid = 0;
    return done == 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int teardown(void **state)
{
    watching *w = *state;
    if (w) stop_watch(w);
    free(w);
    return 0;
}

static bool later(struct timespec a, struct timespec b)
{
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

static void test_watch_renders_each_save(void **state)
{
    char page[1024];
    write_page("watch", page, sizeof page);
    watching *w = bs_xcalloc(1, sizeof *w);
    *state = w;
    start_watch(w, page);

    /* the first render: the story fits */
    free(wait_for(w, "\nok\n", 1));
    struct stat first_pdf, first_png;
    assert_int_equal(stat(w->pdf, &first_pdf), 0);
    assert_int_equal(stat(w->png, &first_png), 0);
    size_t first_len;
    char *first = slurp(w->pdf, &first_len);

    /* a longer story, saved by rename: rendered again, and overset */
    char *text = long_story();
    save("watch/stories/story.md", text);
    free(text);
    char *log = wait_for(w, " rendered A03 in ", 2);
    free(log);
    log = wait_for(w, "stories/story.md: ", 1);
    assert_true(bs_test_contains(log, " characters overset\n"));
    free(log);
    struct stat second_pdf, second_png;
    assert_int_equal(stat(w->pdf, &second_pdf), 0);
    assert_int_equal(stat(w->png, &second_png), 0);
    assert_true(later(second_pdf.st_mtim, first_pdf.st_mtim));
    assert_true(later(second_png.st_mtim, first_png.st_mtim));
    size_t second_len;
    char *second = slurp(w->pdf, &second_len);
    assert_true(second_len != first_len || memcmp(first, second, first_len) != 0);
    size_t second_png_len;
    char *second_png_bytes = slurp(w->png, &second_png_len);

    /* a broken save: its error, located, and the last good files kept */
    save("watch/stories/story.md", broken_story);
    log = wait_for(w, " not rendered: ", 1);
    assert_true(bs_test_contains(log, "stories/story.md:6:1: error: "));
    free(log);
    size_t kept_len, kept_png_len;
    char *kept = slurp(w->pdf, &kept_len);
    char *kept_png = slurp(w->png, &kept_png_len);
    assert_int_equal(kept_len, second_len);
    assert_memory_equal(kept, second, second_len);
    assert_int_equal(kept_png_len, second_png_len);
    assert_memory_equal(kept_png, second_png_bytes, second_png_len);

    /* it carries on: the story fixed is rendered again */
    save("watch/stories/story.md", short_story);
    free(wait_for(w, "\nok\n", 2));

    assert_int_equal(stop_watch(w), 0);
    log = slurp(w->log, NULL);
    assert_true(bs_test_contains(log, "stopped watching (SIGTERM)\n"));
    assert_int_equal(count(log, " rendered A03 in "), 3);
    free(log);
    free(first);
    free(second);
    free(second_png_bytes);
    free(kept);
    free(kept_png);
}

/* ------------------------------------------------------------ --proof */

static int cli(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", BS_CLI, args);
    int status = -1;
    char *out = bs_test_run(cmd, &status);
    if (status != 0) fprintf(stderr, "%s", out);
    free(out);
    return status;
}

static bool same_bytes(const char *a, const char *b)
{
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    bool same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static void test_render_proof(void **state)
{
    (void)state;
    char page[1024];
    write_page("proof", page, sizeof page);
    char args[4096];
    /* the print PDF is the same, byte for byte, with --proof as without */
    snprintf(args, sizeof args, "render '%s' -o '%s' --png '%s' --dpi 20 --proof", page,
             bs_test_out("proof/print-proof.pdf"), bs_test_out("proof/proof.png"));
    assert_int_equal(cli(args), 0);
    snprintf(args, sizeof args, "render '%s' -o '%s' --png '%s' --dpi 20", page, bs_test_out("proof/print.pdf"),
             bs_test_out("proof/plain.png"));
    assert_int_equal(cli(args), 0);
    assert_true(same_bytes(bs_test_out("proof/print-proof.pdf"), bs_test_out("proof/print.pdf")));
    /* the PNG and the screen PDF carry the marks */
    assert_false(same_bytes(bs_test_out("proof/proof.png"), bs_test_out("proof/plain.png")));
    snprintf(args, sizeof args, "render '%s' -o '%s' --screen --proof", page, bs_test_out("proof/screen-proof.pdf"));
    assert_int_equal(cli(args), 0);
    snprintf(args, sizeof args, "render '%s' -o '%s' --screen", page, bs_test_out("proof/screen.pdf"));
    assert_int_equal(cli(args), 0);
    assert_false(same_bytes(bs_test_out("proof/screen-proof.pdf"), bs_test_out("proof/screen.pdf")));
    /* --proof alone would mark nothing */
    snprintf(args, sizeof args, "render '%s' -o '%s' --proof", page, bs_test_out("proof/never.pdf"));
    assert_int_equal(cli(args), 1);
    snprintf(args, sizeof args, "watch '%s' -o '%s' --proof", page, bs_test_out("proof/never.pdf"));
    assert_int_equal(cli(args), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_watch_renders_each_save, teardown),
        cmocka_unit_test(test_render_proof),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
