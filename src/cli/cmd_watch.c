/* cmd_watch.c - broadsheet watch: render a page as `render` does, then
 * again each time one of its files is saved, until Ctrl-C or SIGTERM. The
 * layout editor keeps the PNG or the screen PDF open beside the editor and
 * sees each save on the page. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

static const char watch_usage[] =
    "usage: broadsheet watch PAGE.yaml -o OUT.pdf [--png OUT.png] [--dpi N] [--proof] [--screen]\n"
    "                       [--allow-outside]\n"
    "\n"
    "Renders the page as render does, then again each time the page file, its template,\n"
    "the template's fonts.conf, or a story or picture the page names is saved, until\n"
    "Ctrl-C. After each render it prints every story that is overset, or ok. A save that\n"
    "breaks the page prints its errors and leaves the last good files as they were.\n"
    "\n"
    "  -o, --output OUT.pdf   the PDF to write: the print PDF, or with --screen the RGB PDF\n"
    "      --screen           write the RGB PDF for screens instead (quicker to make)\n"
    "      --png OUT.png      also write a PNG preview\n"
    "      --dpi N            the preview's resolution (default 100)\n"
    "      --proof            draw the proof marks (baseline grid, story frames and their\n"
    "                         links, overset) on the PNG and the screen PDF\n"
    BS_ALLOW_OUTSIDE_USAGE;

/* An editor's save is a burst of events (write a temporary file, rename
 * it, sometimes a backup first): render once the files have been quiet this
 * long, and during a stream of saves that never pauses, at least this
 * often. */
#define QUIET_MS 100.0
#define LONGEST_WAIT_MS 1000.0

/* The watch flag of fonts.conf: the fonts are opened again after it
 * changes (they are kept open between renders otherwise). */
#define FONTS_CONF_CHANGED 1u

typedef struct watch_args {
    const char *page;
    bs_render_request req;
    bool proof;
    bool allow_outside;
} watch_args;

static int parse_args(int argc, char **argv, watch_args *a)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'}, {"png", required_argument, NULL, 'p'},
        {"dpi", required_argument, NULL, 'd'},    {"screen", no_argument, NULL, 'S'},
        {"proof", no_argument, NULL, 'F'},        {"help", no_argument, NULL, 'h'},
        {"allow-outside", no_argument, NULL, 'A'}, {NULL, 0, NULL, 0},
    };
    *a = (watch_args){.req = {.dpi = 100}};
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'o': a->req.pdf = optarg; break;
        case 'p': a->req.png = optarg; break;
        case 'S': a->req.screen = true; break;
        case 'F': a->proof = true; break;
        case 'A': a->allow_outside = true; break;
        case 'd':
            if (!bs_parse_dpi(optarg, &a->req.dpi)) return BS_EXIT_INPUT;
            break;
        case 'h': fputs(watch_usage, stdout); return -1;
        case ':': return bs_usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return bs_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    return bs_check_page_args("watch", argc, argv, &a->page, a->req.pdf, a->proof, a->req.screen || a->req.png);
}

static double now_ms(void) { return bs_now_seconds() * 1000.0; }

/* ------------------------------------------------------------ one render */

typedef struct watcher {
    const watch_args *args;
    bs_watch *files;
    bs_open_fonts fonts;      /* kept open from one render to the next */
} watcher;

/* Diagnostics are printed as usual; the files errors name are noted, so
 * that a page that cannot be loaded (a broken story) is rendered again
 * when that file is fixed. */
typedef struct noted {
    char **files;
    size_t n, cap;
} noted;

static void print_and_note(void *user, bs_severity severity, const char *text)
{
    fprintf(stderr, "%s\n", text);
    const char *at = severity == BS_ERROR ? strstr(text, ": error: ") : NULL;
    if (!at) return;
    /* "file:line:col: error: …", "file: error: …" or "broadsheet: error: …" */
    size_t len = (size_t)(at - text);
    for (int field = 0; field < 2; field++) {
        size_t digits = 0;
        while (digits < len && text[len - 1 - digits] >= '0' && text[len - 1 - digits] <= '9') digits++;
        if (digits == 0 || digits == len || text[len - 1 - digits] != ':') break;
        len -= digits + 1;
    }
    if (len == 0 || (len == 10 && strncmp(text, "broadsheet", 10) == 0)) return;
    noted *n = user;
    BS_VEC_RESERVE(n->files, n->cap, n->n + 1);
    n->files[n->n++] = bs_xstrndup(text, len);
}

static void print_outcome(const watcher *w, const bs_page *page, const bs_page_report *report, int errors,
                          double ms)
{
    char clock[16] = "";
    time_t t = time(NULL);
    struct tm tm;
    if (localtime_r(&t, &tm)) strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    const bs_render_request *req = &w->args->req;
    if (errors > 0 || !page) {
        printf("%s %s not rendered: %d error%s; %s%s%s kept as %s\n", clock, w->args->page, errors,
               errors == 1 ? "" : "s", req->pdf, req->png ? " and " : "", req->png ? req->png : "",
               req->png ? "they were" : "it was");
    } else {
        printf("%s rendered %s in %.0f ms\n", clock, page->id, ms);
        bool overset = false;
        for (size_t i = 0; i < report->nstories; i++)
            if (report->stories[i].overset_chars > 0) {
                printf("%s: %zu characters overset\n", report->stories[i].file, report->stories[i].overset_chars);
                overset = true;
            }
        if (!overset) printf("ok\n");
    }
    fflush(stdout);
}

static void render_once(watcher *w)
{
    double t0 = now_ms();
    bs_ctx *ctx = bs_ctx_new();
    noted named = {0};
    bs_ctx_set_sink(ctx, print_and_note, &named);
    bs_arena *arena = bs_arena_new();
    bs_page_source source = bs_page_source_for(arena, w->args->page, w->args->allow_outside);
    bs_page *page = bs_page_load_from(ctx, w->args->page, &source);
    bs_arena_free(arena);
    bs_page_report report = {0};
    if (page) {
        /* the page may name other files now */
        bs_watch_clear(w->files);
        bs_watch_page(w->files, ctx, page, FONTS_CONF_CHANGED);
        bs_fonts *fonts = bs_open_fonts_for(&w->fonts, ctx, page->template_->fonts_conf);
        bs_page_opts opts = {.proof = w->args->proof};
        if (fonts) bs_render_page(ctx, fonts, page, &opts, &w->args->req, &report);
    }
    double ms = now_ms() - t0;
    for (size_t i = 0; i < named.n; i++) {
        bs_watch_add(w->files, ctx, named.files[i], 0);
        free(named.files[i]);
    }
    free(named.files);
    print_outcome(w, page, &report, bs_ctx_errors(ctx), ms);
    bs_page_report_free(&report);
    bs_page_free(page);
    bs_ctx_free(ctx);
}

/* ------------------------------------------------------------- the loop */

/* SIGINT and SIGTERM are read from a descriptor beside the watch, so that
 * they end the loop between renders, never in the middle of writing. They
 * stay blocked to the end: a second Ctrl-C does not cut the clean-up short. */
static int open_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

static int watch_loop(watcher *w, int signals)
{
    struct pollfd fds[2] = {{bs_watch_fd(w->files), POLLIN, 0}, {signals, POLLIN, 0}};
    double first = 0, last = 0;   /* the first and the latest change not rendered yet; 0: none */
    for (;;) {
        double due = fmin(last + QUIET_MS, first + LONGEST_WAIT_MS);
        int timeout = last > 0 ? (int)fmax(0, ceil(due - now_ms())) : -1;
        if (poll(fds, 2, timeout) < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "broadsheet: error: cannot wait for changes: %s\n", strerror(errno));
            return BS_EXIT_INPUT;
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(signals, &si, sizeof si) == sizeof si)
                printf("stopped watching (%s)\n", si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
            return BS_EXIT_OK;
        }
        if (fds[0].revents & POLLIN) {
            unsigned flags = 0;
            if (bs_watch_read(w->files, &flags) > 0) {
                last = now_ms();
                if (first == 0) first = last;
                if (flags & FONTS_CONF_CHANGED) bs_open_fonts_close(&w->fonts);
            }
        }
        if (last > 0 && now_ms() >= fmin(last + QUIET_MS, first + LONGEST_WAIT_MS)) {
            first = last = 0;
            render_once(w);
        }
    }
}

int bs_cmd_watch(int argc, char **argv)
{
    watch_args args;
    int status = parse_args(argc, argv, &args);
    if (status != 0) return status < 0 ? BS_EXIT_OK : status;
    bs_ctx *ctx = bs_ctx_new();
    watcher w = {.args = &args};
    int signals = -1;
    status = BS_EXIT_INPUT;
    if (bs_render_check_profile(ctx, &args.req) && (w.files = bs_watch_new(ctx)) != NULL) {
        signals = open_signals();
        if (signals < 0) bs_fail(ctx, (bs_loc){0}, "cannot take SIGINT and SIGTERM: %s", strerror(errno));
    }
    if (signals >= 0 && bs_watch_add(w.files, ctx, args.page, 0)) {
        render_once(&w);
        printf("watching %zu files; Ctrl-C stops\n", bs_watch_count(w.files));
        fflush(stdout);
        status = watch_loop(&w, signals);
    }
    if (signals >= 0) close(signals);
    bs_open_fonts_close(&w.fonts);
    bs_watch_free(w.files);
    bs_ctx_free(ctx);
    return status;
}
