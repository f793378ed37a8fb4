/* cold.c - broadsheet-bench cold: pages made as a user makes them, a new
 * process each time, against the floor (bench/floor.c) setting the same
 * text in the same fonts.
 *
 *   broadsheet-bench cold --broadsheet PATH --floor PATH [--runs N]
 *                         [--page PAGE.yaml] [--edition EDITION.yaml | --no-edition]
 *
 * The page (by default the sample A01) is rendered as the print PDF and
 * with --screen; the edition (by default the sample's, when the command
 * has `edition`) is made with `broadsheet edition`, print and --screen;
 * the floor sets the page's text, and the edition's pages one PDF each.
 * Each command runs once to warm the file cache and the cache of separated
 * photos (as for a page made again), then N times, the commands taking
 * turns. Wall time is taken around fork and wait4; peak memory is wait4's
 * ru_maxrss: the largest process of the command (the edition's workers
 * included), not their sum. */
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
#define MAX_ARGS 16
#define MAX_OUTPUTS 16

typedef struct job {
    char name[48];
    bool quiet;                  /* a probe: its output and failure are not shown */
    char *argv[MAX_ARGS];
    char *outputs[MAX_OUTPUTS];  /* the PDFs it writes, for their size */
    double wall[MAX_RUNS];
    long rss_kib[MAX_RUNS];
} job;

/* A floor and the commands measured against it. */
typedef struct suite {
    char title[160];
    size_t chars;
    job jobs[3];
    int njobs;
} suite;

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
        if (null >= 0 && j->quiet) dup2(null, STDERR_FILENO);
        execv(j->argv[0], j->argv);
        fprintf(stderr, "broadsheet-bench: cannot run %s: %s\n", j->argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) return false;
    double t = bench_now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (!j->quiet) fprintf(stderr, "broadsheet-bench: %s failed (status %d)\n", j->name, status);
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
    long bytes;                  /* the outputs' size */
} summary;

static summary summarise(job *j, int runs)
{
    qsort(j->wall, (size_t)runs, sizeof j->wall[0], by_double);
    qsort(j->rss_kib, (size_t)runs, sizeof j->rss_kib[0], by_long);
    summary s = {j->wall[0], j->wall[runs / 2], j->rss_kib[runs / 2] / 1024.0, 0};
    struct stat st;
    for (int i = 0; i < MAX_OUTPUTS && j->outputs[i]; i++)
        if (stat(j->outputs[i], &st) == 0) s.bytes += (long)st.st_size;
    return s;
}

static void print_rows(suite *s, int runs)
{
    summary sum[3];
    for (int i = 0; i < s->njobs; i++) sum[i] = summarise(&s->jobs[i], runs);
    for (int i = 0; i < s->njobs; i++)
        printf("| %-30s | %7.1f | %9.1f | %12.1f | %11.2f× | %10.2f× | %7.0f | %7.0f |\n", s->jobs[i].name,
               sum[i].best * 1000, sum[i].median * 1000, sum[i].rss_mib, sum[i].median / sum[0].median,
               sum[i].rss_mib / sum[0].rss_mib, (double)s->chars / sum[i].median, sum[i].bytes / 1024.0);
}

static char *path_in(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = bs_xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

/* Everything a suite's argv and outputs point to, freed at the end. */
typedef struct strings {
    char **s;
    size_t n, cap;
} strings;

static char *keep(strings *all, char *s)
{
    BS_VEC_RESERVE(all->s, all->cap, all->n + 1);
    all->s[all->n++] = s;
    return s;
}

static void set_argv(job *j, const char *name, char *const *argv)
{
    snprintf(j->name, sizeof j->name, "%s", name);
    for (int i = 0; i < MAX_ARGS - 1 && argv[i]; i++) j->argv[i] = argv[i];
}

/* The floor's job for the input just written: one PDF per page. */
static void floor_job(job *j, const char *name, char *floor_bin, char *text, const bench_floor_input *in,
                      const char *dir, const char *prefix, strings *all)
{
    char *argv[MAX_ARGS] = {floor_bin, keep(all, bs_xstrdup(in->fonts_conf)), text};
    for (size_t i = 0; i < in->npages && i < MAX_OUTPUTS && i + 3 < MAX_ARGS - 1; i++) {
        char name_i[64];
        snprintf(name_i, sizeof name_i, "%s-%s", prefix, in->pages[i]);
        argv[3 + i] = j->outputs[i] = keep(all, path_in(dir, name_i, ".pdf"));
    }
    set_argv(j, name, argv);
}

/* The floor and our two commands for a page (`render`, print and
 * --screen) or an edition (`edition`, the same), on the same text. */
static bool make_suite(suite *s, bool edition, char *bs, char *floor_bin, char *src, const char *dir, strings *all)
{
    const char *kind = edition ? "edition" : "page";
    char *text = keep(all, path_in(dir, kind, ".floor"));
    FILE *f = fopen(text, "w");
    bench_floor_input in = {0};
    bool ok = f && (edition ? bench_floor_input_edition(src, f, &in) : bench_floor_input_page(src, f, &in));
    if (f && fclose(f) != 0) ok = false;
    if (ok) {
        if (edition) snprintf(s->title, sizeof s->title, "edition of %zu pages", in.npages);
        else snprintf(s->title, sizeof s->title, "page %s", in.pages[0]);
        s->chars = in.chars;
        floor_job(&s->jobs[0], edition ? "floor, one PDF a page" : "floor (PangoLayout, cairo)", floor_bin, text, &in,
                  dir, kind, all);
        /* render writes OUT.pdf, edition writes DIR/<page>.pdf */
        char *print = keep(all, path_in(dir, edition ? "edition-print" : "print", edition ? "" : ".pdf"));
        char *screen = keep(all, path_in(dir, edition ? "edition-screen" : "screen", edition ? "" : ".pdf"));
        char *cmd = edition ? "edition" : "render";
        set_argv(&s->jobs[1], edition ? "edition (print PDF/X-1a)" : "render (print PDF/X-1a)",
                 (char *[]){bs, cmd, src, "-o", print, NULL});
        set_argv(&s->jobs[2], edition ? "edition --screen" : "render --screen",
                 (char *[]){bs, cmd, src, "--screen", "-o", screen, NULL});
        for (size_t i = 0; i < in.npages && i < MAX_OUTPUTS; i++) {
            s->jobs[1].outputs[i] = edition ? keep(all, path_in(print, in.pages[i], ".pdf")) : print;
            s->jobs[2].outputs[i] = edition ? keep(all, path_in(screen, in.pages[i], ".pdf")) : screen;
        }
        s->njobs = 3;
    }
    bench_floor_input_free(&in);
    return ok;
}

/* Whether this broadsheet has the edition command. */
static bool has_edition(char *bs)
{
    job probe = {.quiet = true, .argv = {bs, "edition", "--help", NULL}};
    snprintf(probe.name, sizeof probe.name, "edition --help");
    return run_once(&probe, -1);
}

int bench_cold(int argc, char **argv)
{
    static const struct option options[] = {
        {"broadsheet", required_argument, NULL, 'b'}, {"floor", required_argument, NULL, 'f'},
        {"runs", required_argument, NULL, 'n'},       {"page", required_argument, NULL, 'p'},
        {"edition", required_argument, NULL, 'e'},    {"no-edition", no_argument, NULL, 'E'},
        {NULL, 0, NULL, 0},
    };
    const char *broadsheet = NULL, *floor_bin = NULL, *page_arg = SAMPLE "/A01.yaml", *edition_arg = NULL;
    bool want_edition = true;
    int runs = 11, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'b') broadsheet = optarg;
        else if (opt == 'f') floor_bin = optarg;
        else if (opt == 'n') runs = atoi(optarg);
        else if (opt == 'p') page_arg = optarg;
        else if (opt == 'e') edition_arg = optarg;
        else if (opt == 'E') want_edition = false;
        else return 1;
    }
    if (!broadsheet || !floor_bin || runs < 1 || runs > MAX_RUNS || optind < argc) {
        fprintf(stderr, "usage: broadsheet-bench cold --broadsheet PATH --floor PATH [--runs 1..%d]\n"
                        "                         [--page PAGE.yaml] [--edition EDITION.yaml | --no-edition]\n",
                MAX_RUNS);
        return 1;
    }
    char dir[] = "/tmp/broadsheet-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("broadsheet-bench");
        return 1;
    }
    strings all = {0};
    char *bs = keep(&all, bs_xstrdup(broadsheet)), *floor_copy = keep(&all, bs_xstrdup(floor_bin));
    char *page = realpath(page_arg, NULL);
    char *edition = want_edition ? realpath(edition_arg ? edition_arg : SAMPLE "/edition.yaml", NULL) : NULL;
    if (page) keep(&all, page);
    if (edition) keep(&all, edition);
    /* the photos' separations are kept here, not in the user's cache */
    keep(&all, path_in(dir, "cache", ""));
    setenv("BROADSHEET_CACHE", all.s[all.n - 1], 1);

    suite suites[2] = {0};
    int nsuites = 0;
    bool ok = page && make_suite(&suites[nsuites++], false, bs, floor_copy, page, dir, &all);
    if (!page) fprintf(stderr, "broadsheet-bench: %s: %s\n", page_arg, strerror(errno));
    if (ok && edition && has_edition(bs)) ok = make_suite(&suites[nsuites++], true, bs, floor_copy, edition, dir, &all);
    for (int s = 0; ok && s < nsuites; s++)
        for (int i = 0; ok && i < suites[s].njobs; i++) ok = run_once(&suites[s].jobs[i], -1);
    for (int k = 0; ok && k < runs; k++)
        for (int s = 0; ok && s < nsuites; s++)
            for (int i = 0; ok && i < suites[s].njobs; i++) ok = run_once(&suites[s].jobs[i], k);
    if (ok) {
        printf("cold runs: a new process per run, %d runs each after one to warm the file cache and the cache\n"
               "of separated photos; ratios of medians to the floor's; peak RSS of the largest process\n\n",
               runs);
        printf("| %-30s | best ms | median ms | peak RSS MiB | wall / floor | RSS / floor | chars/s | PDF KiB |\n",
               "command");
        printf("|--------------------------------|--------:|----------:|-------------:|-------------:|------------:|"
               "--------:|--------:|\n");
        for (int s = 0; s < nsuites; s++) {
            printf("| **%s**, %zu characters | | | | | | | |\n", suites[s].title, suites[s].chars);
            print_rows(&suites[s], runs);
        }
    }
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    for (size_t i = 0; i < all.n; i++) free(all.s[i]);
    free(all.s);
    return ok ? 0 : 1;
}

int bench_floor_text_cmd(int argc, char **argv)
{
    bench_floor_input in = {0};
    bool edition = argc > 0 && strcmp(argv[0], "--edition") == 0;
    if (edition) argc--, argv++;
    const char *path = argc > 0 ? argv[0] : edition ? SAMPLE "/edition.yaml" : SAMPLE "/A01.yaml";
    bool ok = edition ? bench_floor_input_edition(path, stdout, &in) : bench_floor_input_page(path, stdout, &in);
    if (ok) fprintf(stderr, "%zu pages, %zu characters; fonts: %s\n", in.npages, in.chars, in.fonts_conf);
    bench_floor_input_free(&in);
    return ok ? 0 : 1;
}
