/* edition_job.c - one page of an edition made as a job of its own: the
 * resume points of the stories that jump to it are read from the job files
 * of the pages they leave, and its own are written for the pages after it.
 * The edition command's workers, and schedulers running its --plan, make
 * pages through here.
 *
 * Job files, in OUT/.jobs/: A01.flow (where A01's stories resume; one line
 * per story it sends on: "resume PARA OFFSET HAS_REST STORY-FILE"),
 * A01.json (the page's report) and A01.log (its messages). */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *bs_job_file(const char *out_dir, const char *page_id, const char *ext)
{
    size_t n = strlen(out_dir) + strlen(page_id) + strlen(ext) + 16;
    char *path = bs_xmalloc(n);
    snprintf(path, n, "%s/.jobs/%s.%s", out_dir, page_id, ext);
    return path;
}

bool bs_job_dirs(bs_ctx *ctx, const char *out_dir)
{
    char jobs[4096];
    snprintf(jobs, sizeof jobs, "%s/.jobs", out_dir);
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
        return bs_fail(ctx, bs_loc_file(out_dir), "cannot make the output folder: %s", strerror(errno));
    if (mkdir(jobs, 0777) != 0 && errno != EEXIST)
        return bs_fail(ctx, bs_loc_file(jobs), "cannot make the folder for job files: %s", strerror(errno));
    return true;
}

typedef struct flow_out {
    const bs_page_report *report;
} flow_out;

static bool write_flow(void *user, FILE *f)
{
    const bs_page_report *r = ((const flow_out *)user)->report;
    for (size_t i = 0; i < r->nstories; i++) {
        const bs_story_report *s = &r->stories[i];
        if (!s->jump_to) continue;
        fprintf(f, "resume %d %zu %d %s\n", s->has_rest ? s->rest_para : 0, s->has_rest ? s->rest_offset : 0,
                s->has_rest ? 1 : 0, s->file);
    }
    return !ferror(f);
}

/* The resume points of the stories page `from` sends on, into the jumps. */
static bool read_flow(bs_ctx *ctx, bs_edition_set *set, const char *out_dir, const char *from)
{
    char *path = bs_job_file(out_dir, from, "flow");
    FILE *f = fopen(path, "r");
    if (!f) {
        bs_fail(ctx, bs_loc_file(path), "page %s has not been made yet (its job must run before this one): %s", from,
                strerror(errno));
        free(path);
        return false;
    }
    char line[4200];
    bool ok = true;
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        int para = 0, has = 0, used = 0;
        size_t offset = 0;
        n++;
        if (sscanf(line, "resume %d %zu %d %n", &para, &offset, &has, &used) != 3 || used == 0) {
            ok = bs_fail(ctx, (bs_loc){path, n, 1}, "not a resume line");
            continue;
        }
        char *story = line + used;
        story[strcspn(story, "\n")] = '\0';
        for (size_t p = 0; p < set->npages; p++)
            for (size_t k = 0; k < set->jumps[p].nin; k++) {
                bs_jump_in *in = &set->jumps[p].in[k];
                if (strcmp(in->from_page, from) != 0 || strcmp(in->from_story, story) != 0) continue;
                in->para = has ? para : INT_MAX;
                in->offset = has ? offset : 0;
            }
    }
    fclose(f);
    free(path);
    return ok;
}

typedef struct messages {
    bs_buf text;
} messages;

/* Messages go to standard error as always, and to the page's log. */
static void tee(void *user, bs_severity severity, const char *text)
{
    (void)severity;
    messages *m = user;
    fprintf(stderr, "%s\n", text);
    bs_buf_adds(&m->text, text);
    bs_buf_adds(&m->text, "\n");
}

static bool write_text(void *user, FILE *f)
{
    const bs_buf *b = user;
    return fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
}

bs_fonts *bs_open_fonts_for(bs_open_fonts *of, bs_ctx *ctx, const char *conf)
{
    if (of->fonts && strcmp(of->conf, conf) == 0) return of->fonts;
    bs_open_fonts_close(of);
    of->fonts = bs_fonts_open(ctx, conf);
    if (of->fonts) of->conf = bs_xstrdup(conf);
    return of->fonts;
}

void bs_open_fonts_close(bs_open_fonts *of)
{
    bs_fonts_close(of->fonts);
    free(of->conf);
    of->fonts = NULL;
    of->conf = NULL;
}

int bs_edition_page_job(bs_edition_set *set, bs_open_fonts *fonts, size_t i, const char *out_dir,
                        const bs_render_request *base)
{
    const bs_page *page = set->pages[i];
    bs_ctx *ctx = bs_ctx_new();
    messages log = {0};
    bs_buf_add(&log.text, "", 0);
    bs_ctx_set_sink(ctx, tee, &log);
    bool ok = bs_job_dirs(ctx, out_dir);
    for (size_t k = 0; ok && k < set->jumps[i].nin; k++) ok = read_flow(ctx, set, out_dir, set->jumps[i].in[k].from_page);
    /* pages of one edition usually share a fonts.conf: open it once */
    bs_fonts *open = ok ? bs_open_fonts_for(fonts, ctx, page->template_->fonts_conf) : NULL;
    ok = open != NULL;
    char *pdf = NULL, *png = NULL, *report_path = bs_job_file(out_dir, page->id, "json");
    size_t n = strlen(out_dir) + 16;
    pdf = bs_xmalloc(n);
    snprintf(pdf, n, "%s/%s.pdf", out_dir, page->id);
    if (base->png) {
        png = bs_xmalloc(n);
        snprintf(png, n, "%s/%s.png", out_dir, page->id);
    }
    bs_render_request req = *base;
    req.pdf = pdf;
    req.png = png;
    req.report = base->report ? report_path : NULL;
    int status = BS_EXIT_INPUT;
    bs_page_report report = {0};
    if (ok) {
        bs_page_opts opts = bs_edition_opts(set, i, false);
        status = bs_render_page(ctx, open, page, &opts, &req, &report);
    }
    if (status != BS_EXIT_INPUT) {
        char *flow = bs_job_file(out_dir, page->id, "flow");
        flow_out fo = {&report};
        if (!bs_write_atomic(ctx, flow, write_flow, &fo)) status = BS_EXIT_INPUT;
        free(flow);
    }
    bs_page_report_free(&report);
    char *log_path = bs_job_file(out_dir, page->id, "log");
    bs_ctx_set_sink(ctx, NULL, NULL);
    bs_write_atomic(ctx, log_path, write_text, &log.text);
    free(log_path);
    bs_buf_free(&log.text);
    free(pdf);
    free(png);
    free(report_path);
    bs_ctx_free(ctx);
    return status;
}
