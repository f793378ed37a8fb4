/* edition_bench.c - broadsheet-bench edition: whole editions made as the
 * nightly batch makes them, against the sample A01 made alone.
 *
 *   broadsheet-bench edition --broadsheet PATH [--runs N] [--jobs N]
 *
 * Editions of 10, 12 and 100 pages are generated in a temporary folder: the
 * sample edition's A01 and A02 (three stories jumping between them), then
 * copies of the sample A01, a full front page each. Each is made with
 * `broadsheet edition -j N` in a new process, like the sample A01 with
 * `broadsheet render`; wall time, time per page and peak memory (the
 * largest process) are reported, and the ratios the edition must keep: 12
 * pages at most 6x one page, 100 pages at most 10x 10 pages. */
#define _DEFAULT_SOURCE
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_RUNS 9

/* Run argv in a new process, its output to /dev/null: wall seconds and the
 * peak RSS of it and the workers it waited for (KiB). */
static bool run(char *const argv[], double *wall, long *rss)
{
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) return false;
    *wall = bench_now() - t0;
    *rss = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "broadsheet-bench: %s %s failed (status %d)\n", argv[0], argv[1], status);
        return false;
    }
    return true;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct timing {
    double best, median;
    long rss_kib;
} timing;

static bool measure(char *const argv[], int runs, timing *t)
{
    double wall[MAX_RUNS], w;
    long rss = 0, r;
    if (!run(argv, &w, &r)) return false;   /* warm the file cache and the cache of separations */
    for (int k = 0; k < runs; k++) {
        if (!run(argv, &wall[k], &r)) return false;
        if (r > rss) rss = r;
    }
    qsort(wall, (size_t)runs, sizeof wall[0], by_double);
    *t = (timing){wall[0], wall[runs / 2], rss};
    return true;
}

static void page_id(int k, char out[4])
{
    snprintf(out, 4, "%c%02d", 'A' + (k - 1) / 99, (k - 1) % 99 + 1);
}

/* A copy of the sample A01 as page `id` of a generated edition: the
 * edition gives the date and numbers, paths are made absolute. */
static bool write_copy(const char *dir, const char *id)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "sed -e '/^edition:/,/^$/d' -e 's/^page: .*/page: %s/' -e 's|^template: ../../|template: %s/|' "
             "-e 's|file: stories/|file: %s/stories/|' -e 's|image: photos/|image: %s/photos/|' "
             "'%s/A01.yaml' > '%s/%s.yaml'",
             id, BS_SOURCE_DIR, SAMPLE, SAMPLE, SAMPLE, dir, id);
    return system(cmd) == 0;
}

static bool write_edition(const char *dir, int pages, char *edition, size_t size)
{
    snprintf(edition, size, "%s/edition-%d.yaml", dir, pages);
    FILE *f = fopen(edition, "w");
    if (!f) return false;
    fprintf(f, "paper: 焦作日报\ndate: 2023-01-31\nissue: 13900\npages:\n");
    fprintf(f, "  - %s/edition/A01.yaml\n  - %s/edition/A02.yaml\n", SAMPLE, SAMPLE);
    bool ok = true;
    for (int k = 3; k <= pages; k++) {
        char id[4];
        page_id(k, id);
        ok = ok && write_copy(dir, id);
        fprintf(f, "  - %s.yaml\n", id);
    }
    return fclose(f) == 0 && ok;
}

int bench_edition(int argc, char **argv)
{
    static const struct option options[] = {
        {"broadsheet", required_argument, NULL, 'b'}, {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},       {NULL, 0, NULL, 0},
    };
    const char *bin = NULL;
    int runs = 3, jobs = 2, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'b') bin = optarg;
        else if (opt == 'r') runs = atoi(optarg);
        else if (opt == 'j') jobs = atoi(optarg);
        else return 1;
    }
    if (!bin || runs < 1 || runs > MAX_RUNS || jobs < 1) {
        fprintf(stderr, "usage: broadsheet-bench edition --broadsheet PATH [--runs 1-%d] [--jobs N]\n", MAX_RUNS);
        return 1;
    }
    char dir[] = "/tmp/broadsheet-bench-edition-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char out[4200], pdf[4200], jobs_arg[16];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(pdf, sizeof pdf, "%s/A01.pdf", dir);
    snprintf(jobs_arg, sizeof jobs_arg, "%d", jobs);
    timing alone;
    char *render[] = {(char *)bin, "render", SAMPLE "/A01.yaml", "-o", pdf, NULL};
    bool ok = measure(render, runs, &alone);
    static const int sizes[] = {10, 12, 100};
    timing ed[3];
    for (int s = 0; ok && s < 3; s++) {
        char edition[4200];
        ok = write_edition(dir, sizes[s], edition, sizeof edition);
        char *argv_ed[] = {(char *)bin, "edition", edition, "-o", out, "-j", jobs_arg, "--allow-outside", NULL};
        ok = ok && measure(argv_ed, sizes[s] == 100 ? 1 : runs, &ed[s]);
    }
    if (ok) {
        printf("edition: new processes, best of %d (100 pages: 1 run), -j %d\n", runs, jobs);
        printf("%-28s %9s %9s %12s %10s\n", "", "wall s", "median s", "ms per page", "peak MiB");
        printf("%-28s %9.3f %9.3f %12.1f %10.1f\n", "A01 alone (render)", alone.best, alone.median, alone.best * 1000,
               alone.rss_kib / 1024.0);
        for (int s = 0; s < 3; s++) {
            char name[64];
            snprintf(name, sizeof name, "edition of %d pages", sizes[s]);
            printf("%-28s %9.3f %9.3f %12.1f %10.1f\n", name, ed[s].best, ed[s].median, ed[s].best * 1000 / sizes[s],
                   ed[s].rss_kib / 1024.0);
        }
        printf("edition: 12 pages / A01 alone = %.2f (at most 6); 100 pages / 10 pages = %.2f (at most 10)\n",
               ed[1].best / alone.best, ed[2].best / ed[0].best);
    }
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "broadsheet-bench: could not remove %s\n", dir);
    return ok ? 0 : 1;
}
