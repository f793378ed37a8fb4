/* cmd_edition.c - broadsheet edition: every page of the day's edition,
 * made in parallel by worker processes, with an edition report; or the
 * plan of page jobs for another scheduler; or one page job of that plan. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char edition_usage[] =
    "usage: broadsheet edition EDITION.yaml -o DIR [-j N] [--png] [--dpi N] [--screen] [--strict]\n"
    "                          [--report FILE.json] [--output-profile FILE.icc --output-condition NAME]\n"
    "                          [--allow-outside]\n"
    "       broadsheet edition EDITION.yaml -o DIR --plan [--format json|make]\n"
    "       broadsheet edition EDITION.yaml -o DIR --page ID [...]\n"
    "\n"
    "  -o, --output DIR       write DIR/<page>.pdf for every page (DIR/.jobs holds the jobs' files)\n"
    "  -j, --jobs N           make N pages at a time (default 2); a page that takes a story from\n"
    "                         another is made after it\n"
    "      --png              also write DIR/<page>.png previews (--dpi N, default 100)\n"
    "      --screen           the RGB PDFs for screens instead of the print PDFs\n"
    "      --strict           exit 2 if a story is overset, a character has no font, a\n"
    "                         picture is under 150 ppi or a print PDF fails preflight\n"
    "      --report FILE.json per page and per story: overset, messages, preflight, seconds\n"
    "      --plan             print the page jobs and what each depends on, for make -j, GNU\n"
    "                         Parallel or a cluster scheduler (--format make: a makefile)\n"
    "      --page ID          make one page, as a job of the plan does\n"
    BS_ALLOW_OUTSIDE_USAGE
    "\n"
    "Exit status: 0 every page made; 1 an input error (a page file that does not load\n"
    "stops the edition before any page is made; a page that fails to compose or write\n"
    "is reported, and the pages that do not depend on it are made); 2 a --strict check\n"
    "failed.\n";

#define DEFAULT_JOBS 2
#define MAX_JOBS 64

typedef struct edition_args {
    const char *edition;
    const char *out;
    const char *report;
    const char *page;
    int jobs;
    bool plan;
    bool make;
    bool allow_outside;
    bs_render_request req;
} edition_args;

static int parse_number(const char *text, int lo, int hi, int *out)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (!end || end == text || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

static int parse_args(int argc, char **argv, edition_args *a)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},  {"jobs", required_argument, NULL, 'j'},
        {"png", no_argument, NULL, 'p'},           {"dpi", required_argument, NULL, 'd'},
        {"screen", no_argument, NULL, 'S'},        {"strict", no_argument, NULL, 's'},
        {"report", required_argument, NULL, 'r'},  {"plan", no_argument, NULL, 'P'},
        {"format", required_argument, NULL, 'f'},  {"page", required_argument, NULL, 'g'},
        {"output-profile", required_argument, NULL, 'O'},
        {"output-condition", required_argument, NULL, 'C'},
        {"allow-outside", no_argument, NULL, 'A'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    *a = (edition_args){.jobs = DEFAULT_JOBS, .req = {.dpi = 100}};
    optind = 1;
    opterr = 0;
    int opt;
    const char *format = NULL;
    while ((opt = getopt_long(argc, argv, ":o:j:h", options, NULL)) != -1) {
        switch (opt) {
        case 'o': a->out = optarg; break;
        case 'j':
            if (parse_number(optarg, 1, MAX_JOBS, &a->jobs) != 0)
                return bs_usage_error("-j wants a number of jobs from 1 to %d, not '%s'", MAX_JOBS, optarg);
            break;
        case 'p': a->req.png = "yes"; break;   /* each page's own path is made by its job */
        case 'd': {
            char *end = NULL;
            a->req.dpi = strtod(optarg, &end);
            if (!end || *end || !(a->req.dpi >= 10 && a->req.dpi <= 1200))
                return bs_usage_error("--dpi wants a number from 10 to 1200, not '%s'", optarg);
            break;
        }
        case 'S': a->req.screen = true; break;
        case 's': a->req.strict = true; break;
        case 'r': a->report = optarg; break;
        case 'P': a->plan = true; break;
        case 'f': format = optarg; break;
        case 'g': a->page = optarg; break;
        case 'A': a->allow_outside = true; break;
        case 'O': a->req.output_profile = optarg; break;
        case 'C': a->req.output_condition = optarg; break;
        case 'h': fputs(edition_usage, stdout); return -1;
        case ':': return bs_usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return bs_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) return bs_usage_error("edition needs an edition file");
    if (optind + 1 < argc) return bs_usage_error("edition takes one edition file, not '%s' too", argv[optind + 1]);
    a->edition = argv[optind];
    if (!a->out) return bs_usage_error("edition needs -o DIR");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "make") != 0)
        return bs_usage_error("--format is json or make, not '%s'", format);
    if (format && !a->plan) return bs_usage_error("--format goes with --plan");
    a->make = format && strcmp(format, "make") == 0;
    /* each page's report (and its preflight) only when the edition report wants it */
    a->req.report = a->report ? "yes" : NULL;
    if (a->plan && a->page) return bs_usage_error("--plan and --page do not go together");
    if (!a->req.output_profile != !a->req.output_condition)
        return bs_usage_error("--output-profile and --output-condition go together");
    return 0;
}

/* ------------------------------------------------------------------ plan */

/* The pages page i takes stories from (each once), as indices. */
static size_t sources(const bs_edition_set *set, size_t i, int *out)
{
    size_t n = 0;
    for (size_t k = 0; k < set->jumps[i].nin; k++) {
        int from = bs_edition_page_index(set->pages, set->npages, set->jumps[i].in[k].from_page);
        bool seen = false;
        for (size_t m = 0; m < n; m++) seen = seen || out[m] == from;
        if (from >= 0 && !seen) out[n++] = from;
    }
    return n;
}


/* The page job's command, each word quoted for a POSIX shell. */
static void shell_word(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'') fputs("'\\''", f);
        else fputc(*s, f);
    }
    fputc('\'', f);
}

static void job_command(FILE *f, const char *self, const edition_args *a, const char *id)
{
    shell_word(f, self);
    fputs(" edition ", f);
    shell_word(f, a->edition);
    fputs(" -o ", f);
    shell_word(f, a->out);
    fputs(" --page ", f);
    shell_word(f, id);
    if (a->req.png) fputs(" --png", f);
    if (a->req.png && a->req.dpi != 100) fprintf(f, " --dpi %g", a->req.dpi);
    if (a->req.screen) fputs(" --screen", f);
    if (a->req.strict) fputs(" --strict", f);
    if (a->allow_outside) fputs(" --allow-outside", f);
    if (a->req.output_profile) {
        /* the plant's profile, wherever the job runs */
        char *profile = realpath(a->req.output_profile, NULL);
        fputs(" --output-profile ", f);
        shell_word(f, profile ? profile : a->req.output_profile);
        fputs(" --output-condition ", f);
        shell_word(f, a->req.output_condition);
        free(profile);
    }
}

static void plan_json(FILE *f, const bs_edition_set *set, const edition_args *a, const char *self, int *src)
{
    fprintf(f, "{\n  \"edition\": ");
    bs_json_string(f, a->edition);
    fprintf(f, ",\n  \"jobs\": [");
    for (size_t i = 0; i < set->npages; i++) {
        const char *id = set->pages[i]->id;
        fprintf(f, "%s\n    {\"page\": ", i ? "," : "");
        bs_json_string(f, id);
        fprintf(f, ", \"file\": ");
        char *file = realpath(set->pages[i]->path, NULL);
        bs_json_string(f, file ? file : set->pages[i]->path);
        free(file);
        fprintf(f, ", \"output\": \"%s/%s.pdf\", \"depends\": [", a->out, id);
        size_t n = sources(set, i, src);
        for (size_t k = 0; k < n; k++) {
            fputs(k ? ", " : "", f);
            bs_json_string(f, set->pages[src[k]]->id);
        }
        fprintf(f, "], \"command\": ");
        /* the shell command, as a JSON string */
        char *cmd = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&cmd, &len);
        job_command(mem, self, a, id);
        fclose(mem);
        bs_json_string(f, cmd);
        free(cmd);
        fprintf(f, "}");
    }
    fprintf(f, "\n  ]\n}\n");
}

/* A makefile: each page's PDF depends on the PDFs of the pages it takes
 * stories from (whose jobs write the resume points it reads). */
static void plan_make(FILE *f, const bs_edition_set *set, const edition_args *a, const char *self, int *src)
{
    fprintf(f, "# The page jobs of %s; run with: make -j N -f THIS-FILE\n", a->edition);
    fprintf(f, ".PHONY: all\nall:");
    for (size_t i = 0; i < set->npages; i++) fprintf(f, " %s/%s.pdf", a->out, set->pages[i]->id);
    fprintf(f, "\n");
    for (size_t i = 0; i < set->npages; i++) {
        const char *id = set->pages[i]->id;
        fprintf(f, "\n%s/%s.pdf:", a->out, id);
        size_t n = sources(set, i, src);
        for (size_t k = 0; k < n; k++) fprintf(f, " %s/%s.pdf", a->out, set->pages[src[k]]->id);
        fprintf(f, "\n\t");
        job_command(f, self, a, id);
        fprintf(f, "\n");
    }
}

/* The program's own path, for the commands the plan prints. */
static const char *self_path(const char *argv0, char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) return argv0;
    buf[n] = '\0';
    return buf;
}

/* The output folder may not exist yet, so realpath cannot be used. */
static char *absolute(const char *path)
{
    if (path[0] == '/') return bs_xstrdup(path);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return bs_xstrdup(path);
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *abs = bs_xmalloc(n);
    snprintf(abs, n, "%s/%s", cwd, path);
    return abs;
}

/* ------------------------------------------------------------- the command */

int bs_cmd_edition(int argc, char **argv)
{
    edition_args args;
    int status = parse_args(argc, argv, &args);
    if (status != 0) return status < 0 ? BS_EXIT_OK : status;
    bs_ctx *ctx = bs_ctx_new();
    bs_edition_set *set = NULL;
    if (args.plan || bs_render_check_profile(ctx, &args.req)) set = bs_edition_open(ctx, args.edition, args.allow_outside);
    if (!set) {
        bs_ctx_free(ctx);
        return BS_EXIT_INPUT;
    }
    if (args.plan) {
        /* a scheduler may run the jobs from anywhere: absolute paths */
        char *edition = realpath(args.edition, NULL), *out = absolute(args.out);
        if (edition) args.edition = edition;
        args.out = out;
        char self[4096];
        int *src = bs_xcalloc(set->npages + 1, sizeof *src);
        if (args.make) plan_make(stdout, set, &args, self_path(argv[0], self, sizeof self), src);
        else plan_json(stdout, set, &args, self_path(argv[0], self, sizeof self), src);
        free(src);
        free(edition);
        free(out);
        status = BS_EXIT_OK;
    } else if (args.page) {
        int i = bs_edition_page_index(set->pages, set->npages, args.page);
        if (i < 0) {
            status = bs_usage_error("page %s is not in %s", args.page, args.edition);
        } else {
            bs_open_fonts fonts = {0};
            status = bs_edition_page_job(set, &fonts, (size_t)i, args.out, &args.req);
            bs_open_fonts_close(&fonts);
            if (status != BS_EXIT_INPUT) printf("%s/%s.pdf\n", args.out, args.page);
        }
    } else {
        bs_edition_run_opts run = {args.out, args.report, args.jobs, &args.req};
        status = bs_edition_run(ctx, set, &run);
    }
    bs_edition_close(set);
    bs_ctx_free(ctx);
    return status;
}
