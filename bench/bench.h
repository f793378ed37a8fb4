/* bench.h - what the benchmark's files share. */
#ifndef BS_BENCH_H
#define BS_BENCH_H

#include "bs_page.h"

#include <stdio.h>

#define SAMPLE BS_SOURCE_DIR "/samples/jzrb-2023-01-31"

double bench_now(void);

/* floor_text.c: the text of a composed page as broadsheet-floor's input
 * (bench/floor.c describes it): one layout per story body, in columns of
 * the template's width, and one per headline part and piece of furniture,
 * each run in the face and size the page sets it in. Returns the number of
 * characters written. */
size_t bench_floor_text(FILE *out, const bs_page *page, const bs_dlist *dl);

/* floor_input.c: the floor's input for a page or an edition, composed
 * with the library and written to `out`; `in` receives the characters,
 * the page ids in order (one PDF each) and the fonts.conf. */
typedef struct bench_floor_input {
    size_t chars;
    char **pages;
    size_t npages, pages_cap;
    char *fonts_conf;
} bench_floor_input;

bool bench_floor_input_page(const char *page_path, FILE *out, bench_floor_input *in);
bool bench_floor_input_edition(const char *edition_path, FILE *out, bench_floor_input *in);
void bench_floor_input_free(bench_floor_input *in);

/* cold.c: broadsheet-bench cold, and floor-text (the floor's input on
 * standard output, to run the floor by hand) */
int bench_cold(int argc, char **argv);
int bench_floor_text_cmd(int argc, char **argv);

/* edition_bench.c: broadsheet-bench edition */
int bench_edition(int argc, char **argv);

#endif /* BS_BENCH_H */
