/* cold.c - broadsheet-bench cold: a page rendered as a user renders it, a
 * new process each time, against the floor (bench/floor.c) setting the
 * same text in the same fonts.
 *
 *   broadsheet-bench cold --broadsheet PATH --floor PATH [--runs N] [PAGE.yaml]
 *
 * Each command is run once to warm the file cache and the cache of
 * separated photos (as for a page rendered again), then N times, the
 * commands taking turns; wall time is taken around fork and wait4, peak
 * memory is the child's ru_maxrss. */
/* wait4, for the child's rusage */
#define _DEFAULT_SOURCE
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_RUNS 99

typedef struct job {
    const char *name;
    char *argv[10];
    const char *output;
    double wall[MAX_RUNS];
    long rss_kib[MAX_RUNS];
} job;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static bool run_once(job *j, int k)
{
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, STDOUT_FILENO);
        execv(j->argv[0], j->argv);
        fprintf(stderr, "broadsheet-bench: cannot run %s: %s\n", j->argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) return false;
    double t = bench_now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "broadsheet-bench: %s failed (status %d)\n", j->name, status);
        return false;
    }
    if (k >= 0) {
        j->wall[k] = t;
        j->rss_kib[k] = ru.ru_maxrss;
    }
    return true;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int by_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

typedef struct summary {
    double best, median;         /* s */
    double rss_mib;              /* median peak RSS */
    long bytes;                  /* the output's size */
} summary;

static summary summarise(job *j, int runs)
{
    qsort(j->wall, (size_t)runs, sizeof j->wall[0], by_double);
    qsort(j->rss_kib, (size_t)runs, sizeof j->rss_kib[0], by_long);
    struct stat st;
    summary s = {j->wall[0], j->wall[runs / 2], j->rss_kib[runs / 2] / 1024.0, 0};
    if (stat(j->output, &st) == 0) s.bytes = (long)st.st_size;
    return s;
}

/* The page composed once here, to give the floor the same text. */
static bool floor_text(const char *page_path, const char *out, size_t *chars, char **fonts_conf, char **page_id)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_page *page = bs_page_load(ctx, page_path);
    bs_fonts *fonts = page ? bs_fonts_open(ctx, page->template_->fonts_conf) : NULL;
    bs_dlist *dl = fonts ? bs_page_compose(ctx, fonts, page, NULL) : NULL;
    FILE *f = dl ? fopen(out, "w") : NULL;
    if (f) {
        *chars = bench_floor_text(f, page, dl);
        *fonts_conf = bs_xstrdup(page->template_->fonts_conf);
        *page_id = bs_xstrdup(page->id);
        if (fclose(f) != 0) f = NULL;
    }
    bs_dlist_free(dl);
    bs_fonts_close(fonts);
    bs_page_free(page);
    bs_ctx_free(ctx);
    return f != NULL;
}

int bench_floor_text_cmd(int argc, char **argv)
{
    char *fonts_conf = NULL, *page_id = NULL;
    size_t chars = 0;
    bool ok = floor_text(argc > 0 ? argv[0] : SAMPLE "/A01.yaml", "/dev/stdout", &chars, &fonts_conf, &page_id);
    if (ok) fprintf(stderr, "%s: %zu characters; fonts: %s\n", page_id, chars, fonts_conf);
    free(fonts_conf);
    free(page_id);
    return ok ? 0 : 1;
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = bs_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void print_table(const char *page_id, job *jobs, int njobs, int runs, size_t chars)
{
    summary s[8];
    for (int i = 0; i < njobs; i++) s[i] = summarise(&jobs[i], runs);
    printf("cold %s: a new process per run, %d runs each after one to warm the caches; %zu characters set\n\n",
           page_id, runs, chars);
    printf("| %-26s | best ms | median ms | peak RSS MiB | wall / floor | RSS / floor | chars/s | PDF KiB |\n",
           "command");
    printf("|%s|--------:|----------:|-------------:|-------------:|------------:|--------:|--------:|\n",
           "----------------------------");
    for (int i = 0; i < njobs; i++)
        printf("| %-26s | %7.1f | %9.1f | %12.1f | %11.2f× | %10.2f× | %7.0f | %7.0f |\n", jobs[i].name,
               s[i].best * 1000, s[i].median * 1000, s[i].rss_mib, s[i].median / s[0].median,
               s[i].rss_mib / s[0].rss_mib, (double)chars / s[i].median, s[i].bytes / 1024.0);
}

int bench_cold(int argc, char **argv)
{
    static const struct option options[] = {
        {"broadsheet", required_argument, NULL, 'b'},
        {"floor", required_argument, NULL, 'f'},
        {"runs", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *broadsheet = NULL, *floor_bin = NULL;
    int runs = 11, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'b') broadsheet = optarg;
        else if (opt == 'f') floor_bin = optarg;
        else if (opt == 'n') runs = atoi(optarg);
        else return 1;
    }
    if (!broadsheet || !floor_bin || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: broadsheet-bench cold --broadsheet PATH --floor PATH [--runs 1..%d] [PAGE.yaml]\n",
                MAX_RUNS);
        return 1;
    }
    char *page = realpath(optind < argc ? argv[optind] : SAMPLE "/A01.yaml", NULL);
    char dir[] = "/tmp/broadsheet-bench-XXXXXX";
    if (!page || !mkdtemp(dir)) {
        perror("broadsheet-bench");
        return 1;
    }
    char *text = path_in(dir, "page.floor"), *cache = path_in(dir, "cache");
    char *floor_pdf = path_in(dir, "floor.pdf"), *print_pdf = path_in(dir, "print.pdf");
    char *screen_pdf = path_in(dir, "screen.pdf");
    char *fonts_conf = NULL, *page_id = NULL;
    size_t chars = 0;
    int status = 1;
    /* the photos' separations are kept here, not in the user's cache */
    setenv("BROADSHEET_CACHE", cache, 1);
    if (floor_text(page, text, &chars, &fonts_conf, &page_id)) {
        char *bs = (char *)broadsheet;
        job jobs[] = {
            {"floor (PangoLayout, cairo)", {(char *)floor_bin, fonts_conf, text, floor_pdf}, floor_pdf, {0}, {0}},
            {"render (print PDF/X-1a)", {bs, "render", page, "-o", print_pdf}, print_pdf, {0}, {0}},
            {"render --screen", {bs, "render", page, "--screen", "-o", screen_pdf}, screen_pdf, {0}, {0}},
        };
        int njobs = (int)(sizeof jobs / sizeof jobs[0]);
        bool ok = true;
        for (int i = 0; ok && i < njobs; i++) ok = run_once(&jobs[i], -1);
        for (int k = 0; ok && k < runs; k++)
            for (int i = 0; ok && i < njobs; i++) ok = run_once(&jobs[i], k);
        if (ok) {
            print_table(page_id, jobs, njobs, runs, chars);
            status = 0;
        }
    }
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(text), free(cache), free(floor_pdf), free(print_pdf), free(screen_pdf);
    free(fonts_conf), free(page_id), free(page);
    return status;
}
