/* broadsheet-bench - how fast the engine is, measured, not asserted.
 *
 *   broadsheet-bench compose [STORY.md ...]   compose body text in 13-字 columns
 *   broadsheet-bench page [PAGE.yaml]          a whole page: screen PDF and print PDF
 *   broadsheet-bench cold --broadsheet PATH --floor PATH [--runs N] [--page PAGE.yaml]
 *                         [--edition EDITION.yaml | --no-edition]
 *                                              `broadsheet render` and `broadsheet edition`
 *                                              as a user runs them, against the floor (cold.c)
 *   broadsheet-bench floor-text [--edition] [FILE.yaml]
 *                                              the floor's input, to run it by hand
 *
 * compose: composes the stories' paragraphs (by default the sample's lead
 * and feature, repeated until there are at least 10,000 characters) with the
 * body style of the sample template, in a 13-em measure on the grid, and
 * prints characters, lines and time per run (best of several runs, warm).
 *
 * page: composes the page (by default the sample A01) and writes it as the
 * screen PDF (`render --screen`) and as the print PDF (`render`: drawn with
 * stand-ins, photos separated, finished to PDF/X-1a), each the best of
 * several warm runs, and prints both times and their ratio; the print PDF
 * both with the cache of separated photos filled (a page rendered again)
 * and without it (a page with new photos). */
#include "bench.h"
#include "bs_finish.h"
#include "bs_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double width_13(void *user, int line)
{
    (void)line;
    return *(const double *)user;
}

typedef struct corpus {
    bs_story **stories;
    size_t nstories;
    size_t chars;
} corpus;

static bool load_corpus(bs_ctx *ctx, int argc, char **argv, corpus *c)
{
    static const char *defaults[] = {SAMPLE "/stories/lead.md", SAMPLE "/stories/feature.md"};
    int n = argc > 0 ? argc : 2;
    c->stories = calloc((size_t)n, sizeof *c->stories);
    for (int i = 0; i < n; i++) {
        bs_story *s = bs_story_load(ctx, argc > 0 ? argv[i] : defaults[i]);
        if (!s) return false;
        c->stories[c->nstories++] = s;
        for (size_t p = 0; p < s->nparas; p++) c->chars += bs_utf8_count(s->paras[p].text, s->paras[p].len);
    }
    return true;
}

static int bench_compose(int argc, char **argv)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_template *tpl = bs_template_load(ctx, BS_SOURCE_DIR "/layouts/duikai-8col.yaml");
    corpus c = {0};
    if (!tpl || !load_corpus(ctx, argc, argv, &c)) return 1;
    bs_fonts *fonts = bs_fonts_open(ctx, tpl->fonts_conf);
    bs_composer *composer = bs_composer_new(ctx, fonts);
    const bs_style *body = bs_template_style(tpl, "body");
    double width = tpl->column_w;
    int repeat = (int)((10000 + c.chars - 1) / c.chars);

    double best = 1e9;
    size_t lines = 0;
    for (int run = 0; run < 7; run++) {
        bs_arena *arena = bs_arena_new();
        lines = 0;
        double t0 = bench_now();
        for (int r = 0; r < repeat; r++)
            for (size_t s = 0; s < c.nstories; s++)
                for (size_t p = 0; p < c.stories[s]->nparas; p++) {
                    const bs_paragraph *para = &c.stories[s]->paras[p];
                    bs_text_span span = {0, para->len, body, false};
                    bs_para_spec spec = {.text = para->text, .len = para->len, .spans = &span, .nspans = 1,
                                         .style = body, .on_grid = true};
                    bs_para_layout *layout = bs_compose(composer, arena, &spec, width_13, &width);
                    if (layout) lines += layout->nlines;
                }
        double t = bench_now() - t0;
        if (t < best) best = t;
        bs_arena_free(arena);
    }
    size_t chars = c.chars * (size_t)repeat;
    printf("compose: %zu characters, %zu lines, 13-em measure on the grid\n", chars, lines);
    printf("compose: best of 7 runs %.2f ms, %.2f ms per 10,000 characters, %.0f characters per second\n",
           best * 1000, best * 1000 * 10000.0 / (double)chars, (double)chars / best);
    for (size_t s = 0; s < c.nstories; s++) bs_story_free(c.stories[s]);
    free(c.stories);
    bs_composer_free(composer);
    bs_fonts_close(fonts);
    bs_template_free(tpl);
    bs_ctx_free(ctx);
    return 0;
}

#define BENCH_RUNS 7

/* One screen PDF of the page, composed afresh, to `path`. */
static bool page_screen(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const char *path)
{
    bs_page_report report = {0};
    bs_dlist *dl = bs_page_compose(ctx, fonts, page, &report);
    bool ok = dl && bs_render_pdf(ctx, dl, path);
    bs_page_report_free(&report);
    bs_dlist_free(dl);
    return ok;
}

static bool write_buf(void *user, FILE *f)
{
    const bs_buf *b = user;
    return fwrite(b->data, 1, b->len, f) == b->len;
}

/* One print PDF of the page, composed afresh, as `broadsheet render` makes it. */
static bool page_print(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const char *path)
{
    bs_page_report report = {0};
    bs_dlist *dl = bs_page_compose(ctx, fonts, page, &report);
    bs_palette palette = {0};
    bs_buf drawn = {0}, finished = {0};
    bs_print_geometry g;
    bs_print_opts print = {12 * BS_PT_PER_MM, true, BS_PROFILE_DIR "/newsprint-tac230.icc"};
    bool ok = dl && bs_render_print_pdf(ctx, dl, &print, &palette, &drawn, &g);
    if (ok) {
        bs_finish_opts opts = {g.trim, g.bleed, dl->title, dl->date, BS_PROFILE_DIR "/newsprint-tac240.icc",
                               "CGATS TR 002", "newsprint", &palette};
        ok = bs_finish_pdfx(ctx, drawn.data, drawn.len, &opts, &finished) &&
             bs_write_atomic(ctx, path, write_buf, &finished);
    }
    bs_buf_free(&drawn);
    bs_buf_free(&finished);
    bs_palette_free(&palette);
    bs_page_report_free(&report);
    bs_dlist_free(dl);
    return ok;
}

typedef bool (*page_job)(bs_ctx *, bs_fonts *, const bs_page *, const char *);

static double best_of(page_job job, bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const char *path)
{
    double best = 1e9;
    for (int run = 0; run < BENCH_RUNS; run++) {
        double t0 = bench_now();
        if (!job(ctx, fonts, page, path)) return -1;
        double t = bench_now() - t0;
        if (t < best) best = t;
    }
    return best;
}

static int bench_page(int argc, char **argv)
{
    const char *path = argc > 0 ? argv[0] : SAMPLE "/A01.yaml";
    bs_ctx *ctx = bs_ctx_new();
    bs_page *page = bs_page_load(ctx, path);
    bs_fonts *fonts = page ? bs_fonts_open(ctx, page->template_->fonts_conf) : NULL;
    int status = 1;
    if (fonts) {
        char screen_out[] = "/tmp/broadsheet-bench-screen-XXXXXX", print_out[] = "/tmp/broadsheet-bench-print-XXXXXX";
        int fd1 = mkstemp(screen_out), fd2 = mkstemp(print_out);
        double screen = best_of(page_screen, ctx, fonts, page, screen_out);
        /* without the cache of separated pictures: the first render of a new photo */
        setenv("BROADSHEET_CACHE", "off", 1);
        double uncached = best_of(page_print, ctx, fonts, page, print_out);
        unsetenv("BROADSHEET_CACHE");
        page_print(ctx, fonts, page, print_out);   /* fills the cache */
        double print = best_of(page_print, ctx, fonts, page, print_out);
        if (screen > 0 && print > 0 && uncached > 0) {
            printf("page %s: compose and write, best of %d warm runs\n", page->id, BENCH_RUNS);
            printf("page: screen PDF %.1f ms, print PDF/X-1a %.1f ms, ratio %.2f\n", screen * 1000, print * 1000,
                   print / screen);
            printf("page: print PDF/X-1a separating its photos afresh (no picture cache) %.1f ms, ratio %.2f\n",
                   uncached * 1000, uncached / screen);
            status = 0;
        }
        if (fd1 >= 0) close(fd1), unlink(screen_out);
        if (fd2 >= 0) close(fd2), unlink(print_out);
    }
    bs_fonts_close(fonts);
    bs_page_free(page);
    bs_ctx_free(ctx);
    return status;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "compose") == 0) return bench_compose(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "page") == 0) return bench_page(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "cold") == 0) return bench_cold(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "edition") == 0) return bench_edition(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "floor-text") == 0) return bench_floor_text_cmd(argc - 2, argv + 2);
    fprintf(stderr, "usage: broadsheet-bench compose [STORY.md ...]\n       broadsheet-bench page [PAGE.yaml]\n"
                    "       broadsheet-bench cold --broadsheet PATH --floor PATH [--runs N] [--page PAGE.yaml]\n"
                    "                             [--edition EDITION.yaml | --no-edition]\n"
                    "       broadsheet-bench floor-text [--edition] [FILE.yaml]\n");
    return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 1;
}
