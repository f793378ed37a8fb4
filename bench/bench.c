/* broadsheet-bench - how fast the engine is, measured, not asserted.
 *
 *   broadsheet-bench compose [STORY.md ...]   compose body text in 13-字 columns
 *
 * Composes the stories' paragraphs (by default the sample's lead and
 * feature, repeated until there are at least 10,000 characters) with the
 * body style of the sample template, in a 13-em measure on the grid, and
 * prints characters, lines and time per run (best of several runs, warm). */
#include "bs_load.h"
#include "bs_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLE BS_SOURCE_DIR "/samples/jzrb-2023-01-31"

static double now(void)
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
        double t0 = now();
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
        double t = now() - t0;
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

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "compose") == 0) return bench_compose(argc - 2, argv + 2);
    fprintf(stderr, "usage: broadsheet-bench compose [STORY.md ...]\n");
    return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 1;
}
