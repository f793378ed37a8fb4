/* cli.h - the broadsheet command: one file per subcommand. */
#ifndef BS_CLI_H
#define BS_CLI_H

#include "bs_core.h"
#include "bs_page.h"

/* Exit statuses for scripts and the nightly batch. */
enum {
    BS_EXIT_OK = 0,
    BS_EXIT_INPUT = 1,    /* bad input, bad usage, or an output that could not be written */
    BS_EXIT_STRICT = 2,   /* the page was made but fails a --strict check (overset) */
};

int bs_cmd_render(int argc, char **argv);
int bs_cmd_fonts(int argc, char **argv);
int bs_cmd_preflight(int argc, char **argv);
int bs_cmd_watch(int argc, char **argv);
int bs_cmd_edition(int argc, char **argv);

/* ---- render_page.c: one page written as `render` writes it */

typedef struct bs_render_request {
    const char *pdf;                 /* the print PDF, or with `screen` the RGB PDF */
    const char *png;                 /* a preview, or NULL */
    const char *report;              /* the JSON report, or NULL */
    double dpi;                      /* the preview's */
    bool strict;                     /* overset, pictures under 150 ppi, a failed preflight: exit 2 */
    bool screen;
    const char *output_profile;      /* the plant's, or NULL for the newsprint default */
    const char *output_condition;
} bs_render_request;

/* Refuse an output profile the finish cannot embed, before composing. */
bool bs_render_check_profile(bs_ctx *ctx, const bs_render_request *req);

/* Compose the page (its jumps and proof marks in opts, which may be NULL)
 * and write what req asks for, each file only when it is made whole. The
 * report is filled (release it with bs_page_report_free). Returns
 * BS_EXIT_OK, BS_EXIT_INPUT (reported) or BS_EXIT_STRICT. */
int bs_render_page(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const bs_page_opts *opts,
                   const bs_render_request *req, bs_page_report *report);

/* True (reported) if `out` is one of the page's own input files. */
bool bs_output_is_an_input(bs_ctx *ctx, const bs_page *page, const char *out);

double bs_now_seconds(void);

/* ---- json.c */

/* `s` as a JSON string, quotes and control characters escaped (NULL: ""). */
void bs_json_string(FILE *f, const char *s);

/* ---- edition_set.c: an edition's pages and their jumps */

typedef struct bs_edition_set {
    bs_edition_file *file;
    bs_page **pages;                 /* in edition order */
    size_t npages;
    bs_page_jumps *jumps;            /* jumps[i] for pages[i] */
    bs_arena *arena;
} bs_edition_set;

/* Load the edition file, every page it lists (with the edition's data)
 * and the jumps between them. NULL after reporting. */
bs_edition_set *bs_edition_open(bs_ctx *ctx, const char *path, bool allow_outside);
void bs_edition_close(bs_edition_set *set);

/* The index of the page whose file is `path` (any spelling), or -1. */
int bs_edition_find(const bs_edition_set *set, const char *path);

/* Compose (without writing) the pages page i takes stories from, in edition
 * order and recursively, so that page i's jumps know where to resume. */
bool bs_edition_prepare(bs_ctx *ctx, bs_fonts *fonts, bs_edition_set *set, size_t i);

/* page i's opts for bs_page_compose_with. */
bs_page_opts bs_edition_opts(const bs_edition_set *set, size_t i, bool proof);

/* ---- edition_job.c: one page of an edition made as a job */

/* Fonts kept open across the pages one process makes. */
typedef struct bs_open_fonts {
    bs_fonts *fonts;
    char *conf;
} bs_open_fonts;

bs_fonts *bs_open_fonts_for(bs_open_fonts *of, bs_ctx *ctx, const char *conf);
void bs_open_fonts_close(bs_open_fonts *of);

/* OUT/.jobs/<page>.<ext> (malloc'd), and making OUT and OUT/.jobs. */
char *bs_job_file(const char *out_dir, const char *page_id, const char *ext);
bool bs_job_dirs(bs_ctx *ctx, const char *out_dir);

/* Make page i into OUT/<id>.pdf (and .png when base->png is set, and its
 * report OUT/.jobs/<id>.json when base->report is): read
 * where its incoming stories resume from the job files of the pages they
 * leave (an error if one has not been made), write the page, its
 * messages (OUT/.jobs/<id>.log) and where its outgoing
 * stories resume (.flow). Returns the page's exit status. */
int bs_edition_page_job(bs_edition_set *set, bs_open_fonts *fonts, size_t i, const char *out_dir,
                        const bs_render_request *base);

/* ---- edition_run.c: every page, by worker processes */

typedef struct bs_edition_run_opts {
    const char *out;                 /* the output folder */
    const char *report;              /* the edition report, or NULL */
    int jobs;                        /* worker processes */
    const bs_render_request *req;    /* as for each page (png non-NULL: write previews) */
} bs_edition_run_opts;

/* Make every page, `jobs` at a time, each after the pages it takes stories
 * from; print each PDF made; write the report. Returns BS_EXIT_INPUT if a
 * page could not be made, else BS_EXIT_STRICT if one failed --strict. */
int bs_edition_run(bs_ctx *ctx, bs_edition_set *set, const bs_edition_run_opts *opts);

/* ---- watch_files.c: the files a page is made from, watched for saves
 * (inotify on their folders, events matched by name, so that a save that
 * renames a new file over the old one is seen) */

typedef struct bs_watch bs_watch;

bs_watch *bs_watch_new(bs_ctx *ctx);
void bs_watch_free(bs_watch *w);

/* The descriptor to poll: readable when something happened. */
int bs_watch_fd(const bs_watch *w);

/* Watch `path` too (warned, and false, if its folder cannot be watched);
 * `flags` come back from bs_watch_read when it changes. */
bool bs_watch_add(bs_watch *w, bs_ctx *ctx, const char *path, unsigned flags);

/* Every input of the page: the page file, its template, the template's
 * fonts.conf (with `fonts_conf_flags`), each story file and picture. */
void bs_watch_page(bs_watch *w, bs_ctx *ctx, const bs_page *page, unsigned fonts_conf_flags);

/* Forget the files watched so far (before watching a page anew). */
void bs_watch_clear(bs_watch *w);
size_t bs_watch_count(const bs_watch *w);

/* Read what happened without waiting: the number of events that touched a
 * watched file (saved, renamed into place, created or removed); their
 * flags are or'ed into *flags. Lost events count as every file changed. */
int bs_watch_read(bs_watch *w, unsigned *flags);

/* ---- args.c */

/* --dpi's value, 10 to 1200; a usage error (printed) otherwise. */
bool bs_parse_dpi(const char *arg, double *dpi);

/* Where a page's stories and pictures may come from: the folder of `file`
 * (the edition file, or the page rendered alone), or anywhere with
 * --allow-outside. The folder's name lives in `arena`. */
bs_page_source bs_page_source_for(bs_arena *arena, const char *file, bool allow_outside);

/* The help text of --allow-outside, for each command's usage. */
#define BS_ALLOW_OUTSIDE_USAGE \
    "      --allow-outside    let pages take stories and pictures from outside the\n" \
    "                         edition folder (the folder of the edition file, or of the\n" \
    "                         page rendered alone)\n"

/* What render and watch ask of their arguments once getopt has read the
 * options: one page file (into *page), -o OUT.pdf, and with --proof an
 * output the marks may go on (`markable`: a PNG or the screen PDF).
 * 0, or the status of the usage error printed. */
int bs_check_page_args(const char *command, int argc, char **argv, const char **page, const char *pdf, bool proof,
                       bool markable);

/* "broadsheet: error: …" for usage problems; returns BS_EXIT_INPUT. */
int bs_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The fonts.conf used when no template names one: the one installed
 * beside the program's sources. */
const char *bs_default_fonts_conf(void);

#endif
