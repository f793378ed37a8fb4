/* render_page.c - one page composed and written as the render command
 * writes it: the print PDF (or the screen PDF), the PNG preview, the
 * preflight and the JSON report, and the exit status --strict asks for.
 * The render, watch and edition commands all write pages through here. */
#include "cli.h"

#include "bs_finish.h"
#include "bs_render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The printing condition when the plant names none: coldset newsprint, as
 * characterised by CGATS TR 002, with profiles made at set-up time. */
#define DEFAULT_CONDITION "CGATS TR 002"
#define DEFAULT_CONDITION_INFO "Coldset offset on newsprint (CGATS TR 002), total ink limit 240 %"
#define DEFAULT_OUTPUT_PROFILE BS_PROFILE_DIR "/newsprint-tac240.icc"
/* Pictures are separated 10 points under the limit: JPEG compression
 * pushes pixels over the limit they were separated to. */
#define DEFAULT_SEPARATION_PROFILE BS_PROFILE_DIR "/newsprint-tac230.icc"
/* Room around the trim for the bleed, the marks and the slug line. */
#define MARKS_MARGIN_MM 12.0

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Never write an output over one of the page's own inputs. */
bool bs_output_is_an_input(bs_ctx *ctx, const bs_page *page, const char *out)
{
    const char *inputs[3] = {page->path, page->template_->path, page->template_->fonts_conf};
    for (size_t i = 0; i < 3; i++)
        if (inputs[i] && same_file(out, inputs[i]))
            return !bs_fail(ctx, bs_loc_file(out), "refusing to write over an input of the page (%s)", inputs[i]);
    for (size_t i = 0; i < page->nblocks; i++) {
        const char *in = page->blocks[i].file ? page->blocks[i].file : page->blocks[i].image;
        if (in && same_file(out, in))
            return !bs_fail(ctx, bs_loc_file(out), "refusing to write over an input of the page (%s)", in);
    }
    return false;
}


typedef struct report_job {
    const bs_page *page;
    const bs_page_report *report;
    const bs_preflight_report *preflight;   /* NULL for the screen PDF */
    double seconds;
} report_job;

static void write_preflight(FILE *f, const bs_preflight_report *p)
{
    static const char *const results[] = {"pass", "warn", "fail"};
    fprintf(f, ",\n  \"preflight\": {\"passed\": %zu, \"failed\": %d, \"warnings\": %d, \"checks\": [",
            p->nchecks - (size_t)p->failures - (size_t)p->warnings, p->failures, p->warnings);
    for (size_t i = 0; i < p->nchecks; i++) {
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        bs_json_string(f, p->checks[i].name);
        fprintf(f, ", \"result\": \"%s\", \"detail\": ", results[p->checks[i].result]);
        bs_json_string(f, p->checks[i].detail);
        fputc('}', f);
    }
    fprintf(f, "\n  ]}");
}

static bool write_report(void *user, FILE *f)
{
    const report_job *job = user;
    const bs_page_report *r = job->report;
    fprintf(f, "{\n  \"page\": ");
    bs_json_string(f, job->page->id);
    fprintf(f, ",\n  \"seconds\": %.3f,\n  \"stories\": [", job->seconds);
    for (size_t i = 0; i < r->nstories; i++) {
        const bs_story_report *s = &r->stories[i];
        fprintf(f, "%s\n    {\"file\": ", i ? "," : "");
        bs_json_string(f, s->file);
        fprintf(f,
                ", \"paragraphs\": %d, \"lines\": %d, \"capacity\": %d, \"chars\": %zu, "
                "\"overset_chars\": %zu, \"max_stretch_em\": %.3f, \"max_shrink_em\": %.3f, "
                "\"compressions\": %d, \"push_ins\": %d, \"push_outs\": %d, \"loose_lines\": %d, "
                "\"orphans_avoided\": %d, \"orphans_left\": %d, \"widows_avoided\": %d, \"widows_left\": %d, "
                "\"title_size\": %.2f",
                s->paragraphs, s->lines, s->capacity, s->chars, s->overset_chars, s->max_stretch_em,
                s->max_shrink_em, s->compressions, s->push_ins, s->push_outs, s->loose_lines, s->orphans_avoided,
                s->orphans, s->widows_avoided, s->widows_left, s->title_size);
        if (s->jump_from) fprintf(f, ", \"continues_from\": \"%s\"", s->jump_from);
        if (s->jump_to) fprintf(f, ", \"jumps_to\": \"%s\", \"jumped_chars\": %zu", s->jump_to, s->jumped_chars);
        fputc('}', f);
    }
    fprintf(f, "\n  ],\n  \"images\": [");
    for (size_t i = 0; i < r->nimages; i++) {
        fprintf(f, "%s\n    {\"file\": ", i ? "," : "");
        bs_json_string(f, r->images[i].file);
        fprintf(f, ", \"ppi\": %.1f}", r->images[i].ppi);
    }
    fprintf(f, "\n  ],\n  \"missing_glyphs\": %zu", r->missing_glyphs);
    if (job->preflight) write_preflight(f, job->preflight);
    fprintf(f, "\n}\n");
    return !ferror(f);
}

static long long source_date(long long fallback)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env) return fallback;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (errno || !end || *end || v < 0) {
        fprintf(stderr, "broadsheet: warning: SOURCE_DATE_EPOCH='%s' is not a number of seconds; using the page's date\n",
                env);
        return fallback;
    }
    return v;
}

static bool write_bytes(void *user, FILE *f)
{
    const bs_buf *bytes = user;
    return fwrite(bytes->data, 1, bytes->len, f) == bytes->len;
}

/* The print PDF: cairo draws the page in palette stand-ins around the trim,
 * the finish room makes it PDF/X-1a, and only then is the file replaced. */
static bool render_print(bs_ctx *ctx, const bs_page *page, const bs_dlist *dl, const bs_render_request *a)
{
    const bs_template *tpl = page->template_;
    const char *profile = a->output_profile ? a->output_profile : DEFAULT_OUTPUT_PROFILE;
    bs_print_opts print = {
        .margin = tpl->marks ? MARKS_MARGIN_MM * BS_PT_PER_MM : 0,
        .marks = tpl->marks,
        .separation_profile = a->output_profile ? a->output_profile : DEFAULT_SEPARATION_PROFILE,
    };
    bs_palette palette = {0};
    bs_buf drawn = {0}, finished = {0};
    bs_print_geometry geometry;
    bool ok = bs_render_print_pdf(ctx, dl, &print, &palette, &drawn, &geometry);
    bs_finish_opts finish = {
        .trim = geometry.trim,
        .bleed = geometry.bleed,
        .title = dl->title,
        .date = dl->date,
        .profile_path = profile,
        .output_condition = a->output_condition ? a->output_condition : DEFAULT_CONDITION,
        .output_info = a->output_condition ? a->output_condition : DEFAULT_CONDITION_INFO,
        .palette = &palette,
    };
    ok = ok && bs_finish_pdfx(ctx, drawn.data, drawn.len, &finish, &finished);
    ok = ok && bs_write_atomic(ctx, a->pdf, write_bytes, &finished);
    bs_buf_free(&drawn);
    bs_buf_free(&finished);
    bs_palette_free(&palette);
    return ok;
}

/* Pictures under this many pixels per inch at their printed size print
 * soft on newsprint (1.5 x a 100 lpi screen): an error under --strict. */
#define STRICT_MIN_PPI 150.0

static bool pictures_too_coarse(const bs_page_report *r)
{
    bool coarse = false;
    for (size_t i = 0; i < r->nimages; i++)
        if (r->images[i].ppi < STRICT_MIN_PPI) {
            fprintf(stderr, "%s: error: %.0f ppi at its printed size; print needs at least %.0f\n", r->images[i].file,
                    r->images[i].ppi, STRICT_MIN_PPI);
            coarse = true;
        }
    return coarse;
}

/* The print PDF as written, checked the way the plant's prepress desk
 * checks it (the same checks as `broadsheet preflight`). */
static bool preflight_written(bs_ctx *ctx, const bs_page *page, const char *pdf, bs_preflight_report *out)
{
    bs_preflight_opts opts = bs_preflight_defaults();
    opts.trim_w_mm = page->template_->trim_w / BS_PT_PER_MM;
    opts.trim_h_mm = page->template_->trim_h / BS_PT_PER_MM;
    return bs_preflight(ctx, pdf, &opts, out);
}

static bool preflight_failed(const char *pdf, const bs_preflight_report *p)
{
    for (size_t i = 0; i < p->nchecks; i++)
        if (p->checks[i].result == BS_CHECK_FAIL)
            fprintf(stderr, "%s: error: preflight %s: %s\n", pdf, p->checks[i].name, p->checks[i].detail);
    return p->failures > 0;
}

static size_t overset_total(const bs_page_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nstories; i++) n += r->stories[i].overset_chars;
    return n;
}

double bs_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}


bool bs_render_check_profile(bs_ctx *ctx, const bs_render_request *req)
{
    return req->screen || bs_finish_check_profile(ctx, req->output_profile ? req->output_profile : DEFAULT_OUTPUT_PROFILE);
}

int bs_render_page(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const bs_page_opts *opts,
                   const bs_render_request *req, bs_page_report *report)
{
    double t0 = bs_now_seconds();
    bs_dlist *dl = NULL;
    bs_preflight_report preflight = {0};
    bool preflighted = false;
    bool ok = !bs_output_is_an_input(ctx, page, req->pdf) && !(req->png && bs_output_is_an_input(ctx, page, req->png));
    if (ok) ok = (dl = bs_page_compose_with(ctx, fonts, page, opts, report)) != NULL;
    if (ok) {
        dl->date = source_date(dl->date);
        ok = req->screen ? bs_render_pdf(ctx, dl, req->pdf) : render_print(ctx, page, dl, req);
    }
    if (ok && req->png) ok = bs_render_png(ctx, dl, req->png, req->dpi);
    if (ok && !req->screen && (req->report || req->strict))
        ok = preflighted = preflight_written(ctx, page, req->pdf, &preflight);
    if (ok && req->report) {
        report_job job = {page, report, preflighted ? &preflight : NULL, bs_now_seconds() - t0};
        ok = bs_write_atomic(ctx, req->report, write_report, &job);
    }
    int status = ok ? BS_EXIT_OK : BS_EXIT_INPUT;
    if (ok && req->strict && overset_total(report) > 0) status = BS_EXIT_STRICT;
    if (ok && req->strict && report->missing_glyphs > 0) status = BS_EXIT_STRICT;
    if (ok && req->strict && pictures_too_coarse(report)) status = BS_EXIT_STRICT;
    if (ok && req->strict && preflighted && preflight_failed(req->pdf, &preflight)) status = BS_EXIT_STRICT;
    bs_preflight_free(&preflight);
    bs_dlist_free(dl);
    return status;
}
