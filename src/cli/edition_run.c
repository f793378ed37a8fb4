/* edition_run.c - the pages of an edition made by N worker processes.
 *
 * Workers are forked before anything opens a font (the parent has only read
 * YAML), so each starts clean and keeps its fonts open for every page it
 * makes. The parent hands out pages as they become ready (a page that takes
 * a story from another waits for it), collects each page's exit status and
 * time, and writes the edition report. A page whose source page could not be
 * made is not made either, and says why. */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS 64

typedef enum { PAGE_WAITING, PAGE_RUNNING, PAGE_DONE, PAGE_FAILED } page_state;

typedef struct page_job_state {
    page_state state;
    int status;            /* exit status of its job */
    double seconds;
    const char *why;       /* why it was not made, or NULL */
} page_job_state;

typedef struct worker {
    pid_t pid;
    int to;                /* page indices, one per line */
    int from;              /* "index status seconds" lines */
    int page;              /* the page it is making, or -1 */
    bs_buf input;          /* what it sent that has no newline yet */
} worker;

/* ----------------------------------------------------------------- worker */

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static void worker_loop(bs_edition_set *set, const bs_edition_run_opts *opts, int in, int out)
{
    bs_open_fonts fonts = {0};
    FILE *orders = fdopen(in, "r");
    char line[64];
    while (orders && fgets(line, sizeof line, orders)) {
        int i = atoi(line);
        if (i < 0 || (size_t)i >= set->npages) continue;
        double t0 = bs_now_seconds();
        int status = bs_edition_page_job(set, &fonts, (size_t)i, opts->out, opts->req);
        char result[96];
        int n = snprintf(result, sizeof result, "%d %d %.3f\n", i, status, bs_now_seconds() - t0);
        fflush(stdout);
        fflush(stderr);
        if (!write_all(out, result, (size_t)n)) break;
    }
    if (orders) fclose(orders);
    bs_open_fonts_close(&fonts);
}

static bool start_worker(bs_ctx *ctx, bs_edition_set *set, const bs_edition_run_opts *opts, worker *w,
                         worker *all, size_t nstarted)
{
    int down[2], up[2];
    if (pipe(down) != 0) return bs_fail(ctx, bs_loc_file(opts->out), "cannot start a worker: %s", strerror(errno));
    if (pipe(up) != 0) {
        close(down[0]);
        close(down[1]);
        return bs_fail(ctx, bs_loc_file(opts->out), "cannot start a worker: %s", strerror(errno));
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(down[0]), close(down[1]), close(up[0]), close(up[1]);
        return bs_fail(ctx, bs_loc_file(opts->out), "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        /* the other workers' pipes are not this one's to hold open */
        for (size_t k = 0; k < nstarted; k++) close(all[k].to), close(all[k].from);
        close(down[1]);
        close(up[0]);
        worker_loop(set, opts, down[0], up[1]);
        close(up[1]);
        bs_edition_close(set);
        bs_ctx_free(ctx);
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    *w = (worker){pid, down[1], up[0], -1, {0}};
    return true;
}

/* ------------------------------------------------------------ scheduling */

/* A page is ready when every page it takes a story from is made; it will
 * never be if one of them failed. */
static page_state readiness(const bs_edition_set *set, const page_job_state *jobs, size_t i, const char **why)
{
    for (size_t k = 0; k < set->jumps[i].nin; k++) {
        int from = bs_edition_page_index(set->pages, set->npages, set->jumps[i].in[k].from_page);
        if (from < 0) continue;
        if (jobs[from].state == PAGE_FAILED) {
            *why = set->pages[from]->id;
            return PAGE_FAILED;
        }
        if (jobs[from].state != PAGE_DONE) return PAGE_WAITING;
    }
    return PAGE_RUNNING;
}

static void give_out(bs_edition_set *set, page_job_state *jobs, worker *workers, size_t nworkers)
{
    for (size_t i = 0; i < set->npages; i++) {
        if (jobs[i].state != PAGE_WAITING) continue;
        const char *failed_source = NULL;
        page_state r = readiness(set, jobs, i, &failed_source);
        if (r == PAGE_FAILED) {
            jobs[i].state = PAGE_FAILED;
            jobs[i].status = BS_EXIT_INPUT;
            jobs[i].why = failed_source;
            fprintf(stderr, "broadsheet: error: page %s not made: it continues stories from page %s, which was not made\n",
                    set->pages[i]->id, failed_source);
            i = (size_t)-1;   /* a failure may block pages listed earlier: look again */
            continue;
        }
        if (r != PAGE_RUNNING) continue;
        for (size_t w = 0; w < nworkers; w++) {
            if (workers[w].pid <= 0 || workers[w].page >= 0) continue;
            char order[32];
            int n = snprintf(order, sizeof order, "%zu\n", i);
            if (!write_all(workers[w].to, order, (size_t)n)) continue;
            workers[w].page = (int)i;
            jobs[i].state = PAGE_RUNNING;
            break;
        }
    }
}

static void finish_page(page_job_state *job, int status, double seconds)
{
    job->status = status;
    job->seconds = seconds;
    job->state = status == BS_EXIT_INPUT ? PAGE_FAILED : PAGE_DONE;
}

/* Read what a worker says; false when it has gone. */
static bool hear(worker *w, page_job_state *jobs, size_t npages)
{
    char chunk[512];
    ssize_t n = read(w->from, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) return false;
    bs_buf_add(&w->input, chunk, (size_t)n);
    char *line = w->input.data, *nl;
    while ((nl = strchr(line, '\n'))) {
        int i = -1, status = BS_EXIT_INPUT;
        double seconds = 0;
        if (sscanf(line, "%d %d %lf", &i, &status, &seconds) == 3 && i >= 0 && (size_t)i < npages) {
            finish_page(&jobs[i], status, seconds);
            if (w->page == i) w->page = -1;
        }
        line = nl + 1;
    }
    size_t rest = strlen(line);
    memmove(w->input.data, line, rest + 1);
    w->input.len = rest;
    return true;
}

/* A worker that died while making a page: that page failed. */
static void lost(worker *w, page_job_state *jobs, const bs_edition_set *set)
{
    int wstatus = 0;
    waitpid(w->pid, &wstatus, 0);
    if (w->page >= 0) {
        fprintf(stderr, "broadsheet: error: page %s not made: its worker stopped (%s %d)\n", set->pages[w->page]->id,
                WIFSIGNALED(wstatus) ? "signal" : "status",
                WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
        finish_page(&jobs[w->page], BS_EXIT_INPUT, 0);
        jobs[w->page].why = "worker";
    }
    close(w->to);
    close(w->from);
    bs_buf_free(&w->input);
    w->pid = 0;
    w->page = -1;
}

static bool anything_running(const page_job_state *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (jobs[i].state == PAGE_RUNNING) return true;
    return false;
}

static void listen_to(worker *workers, size_t nworkers, page_job_state *jobs, const bs_edition_set *set)
{
    struct pollfd fds[MAX_WORKERS];
    size_t map[MAX_WORKERS], n = 0;
    for (size_t w = 0; w < nworkers; w++)
        if (workers[w].pid > 0) {
            fds[n] = (struct pollfd){.fd = workers[w].from, .events = POLLIN};
            map[n++] = w;
        }
    if (n == 0 || poll(fds, n, -1) < 0) return;
    for (size_t k = 0; k < n; k++)
        if (fds[k].revents && !hear(&workers[map[k]], jobs, set->npages)) lost(&workers[map[k]], jobs, set);
}

/* ---------------------------------------------------------------- report */


typedef struct report_job {
    const bs_edition_set *set;
    const page_job_state *jobs;
    const bs_edition_run_opts *opts;
    double seconds;
} report_job;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    bs_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) bs_buf_add(&b, chunk, n);
    fclose(f);
    if (!b.data) bs_buf_add(&b, "", 0);
    return b.data;
}

static void page_messages(FILE *f, const char *log)
{
    fputc('[', f);
    bool first = true;
    for (const char *line = log; log && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *one = bs_xstrndup(line, len);
        fputs(first ? "" : ", ", f);
        bs_json_string(f, one);
        free(one);
        first = false;
        line += len + (nl ? 1 : 0);
    }
    fputc(']', f);
}

static const char *status_word(const page_job_state *job)
{
    if (job->state != PAGE_DONE && job->state != PAGE_FAILED) return "not made";
    if (job->why) return "not made";
    return job->status == BS_EXIT_OK ? "made" : job->status == BS_EXIT_STRICT ? "strict" : "error";
}

static bool write_report(void *user, FILE *f)
{
    const report_job *r = user;
    const bs_edition_set *set = r->set;
    const bs_edition *ed = &set->file->edition;
    fprintf(f, "{\n  \"edition\": ");
    bs_json_string(f, set->file->path);
    fprintf(f, ",\n  \"paper\": ");
    bs_json_string(f, ed->paper);
    fprintf(f, ",\n  \"date\": \"%04d-%02d-%02d\",\n  \"issue\": %d,\n  \"count\": %d,\n", ed->year, ed->month, ed->day,
            ed->issue, ed->pages);
    fprintf(f, "  \"jobs\": %d,\n  \"seconds\": %.3f,\n  \"pages\": [", r->opts->jobs, r->seconds);
    for (size_t i = 0; i < set->npages; i++) {
        const page_job_state *job = &r->jobs[i];
        const char *id = set->pages[i]->id;
        fprintf(f, "%s\n    {\"page\": ", i ? "," : "");
        bs_json_string(f, id);
        fprintf(f, ", \"file\": ");
        bs_json_string(f, set->pages[i]->path);
        fprintf(f, ", \"pdf\": \"%s/%s.pdf\", \"status\": \"%s\", \"seconds\": %.3f", r->opts->out, id,
                status_word(job), job->seconds);
        if (job->why && strcmp(job->why, "worker") != 0) {
            fprintf(f, ", \"waits_for\": ");
            bs_json_string(f, job->why);
        }
        char *log_path = bs_job_file(r->opts->out, id, "log"), *json_path = bs_job_file(r->opts->out, id, "json");
        char *log = job->why ? NULL : slurp(log_path), *report = job->why ? NULL : slurp(json_path);
        fprintf(f, ", \"messages\": ");
        page_messages(f, log);
        fprintf(f, ", \"report\": %s}", report && *report ? report : "null");
        free(log);
        free(report);
        free(log_path);
        free(json_path);
    }
    fprintf(f, "\n  ]\n}\n");
    return !ferror(f);
}

/* ------------------------------------------------------------------ run */

int bs_edition_run(bs_ctx *ctx, bs_edition_set *set, const bs_edition_run_opts *opts)
{
    double t0 = bs_now_seconds();
    if (!bs_job_dirs(ctx, opts->out)) return BS_EXIT_INPUT;
    /* job files of an earlier run must not feed this one */
    for (size_t i = 0; i < set->npages; i++) {
        char *flow = bs_job_file(opts->out, set->pages[i]->id, "flow");
        remove(flow);
        free(flow);
    }
    size_t nworkers = (size_t)opts->jobs < set->npages ? (size_t)opts->jobs : set->npages;
    if (nworkers > MAX_WORKERS) nworkers = MAX_WORKERS;
    worker workers[MAX_WORKERS] = {{0}};
    page_job_state *jobs = bs_xcalloc(set->npages, sizeof *jobs);
    /* a worker that dies must not take the parent with it */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, before;
    sigaction(SIGPIPE, &ignore, &before);
    size_t started = 0;
    while (started < nworkers && start_worker(ctx, set, opts, &workers[started], workers, started)) started++;
    if (started == 0) {
        free(jobs);
        sigaction(SIGPIPE, &before, NULL);
        return BS_EXIT_INPUT;
    }
    for (;;) {
        give_out(set, jobs, workers, started);
        if (!anything_running(jobs, set->npages)) break;
        listen_to(workers, started, jobs, set);
    }
    for (size_t w = 0; w < started; w++) {
        if (workers[w].pid <= 0) continue;
        close(workers[w].to);
        close(workers[w].from);
        waitpid(workers[w].pid, NULL, 0);
        bs_buf_free(&workers[w].input);
    }
    sigaction(SIGPIPE, &before, NULL);

    int status = BS_EXIT_OK;
    for (size_t i = 0; i < set->npages; i++) {
        if (jobs[i].state == PAGE_WAITING) {   /* no worker was left to make it */
            jobs[i].state = PAGE_FAILED;
            jobs[i].status = BS_EXIT_INPUT;
        }
        if (jobs[i].status == BS_EXIT_INPUT) status = BS_EXIT_INPUT;
        else if (jobs[i].status == BS_EXIT_STRICT && status == BS_EXIT_OK) status = BS_EXIT_STRICT;
        if (jobs[i].state == PAGE_DONE) printf("%s/%s.pdf\n", opts->out, set->pages[i]->id);
    }
    if (opts->report) {
        report_job r = {set, jobs, opts, bs_now_seconds() - t0};
        if (!bs_write_atomic(ctx, opts->report, write_report, &r)) status = BS_EXIT_INPUT;
    }
    free(jobs);
    return status;
}
