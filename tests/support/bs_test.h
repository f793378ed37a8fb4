/* bs_test.h - small helpers shared by the tests (cmocka is the framework). */
#ifndef BS_TEST_H
#define BS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include "bs_core.h"

/* A context whose diagnostics are collected instead of printed. */
typedef struct bs_test_diags {
    bs_buf text;   /* every diagnostic, one per line */
} bs_test_diags;

bs_ctx *bs_test_ctx(bs_test_diags *diags);
void bs_test_ctx_free(bs_ctx *ctx, bs_test_diags *diags);

/* Write `text` to a fresh file under the test output folder and return its
 * path (static storage, valid until the next call with the same slot). */
const char *bs_test_write(const char *name, const char *text);

/* Path of a file in tests/data, or in the build's test output folder. */
const char *bs_test_data(const char *rel);
const char *bs_test_out(const char *rel);

/* Run a shell command and return its standard output (malloc'd; NULL on
 * failure to start). *status receives the exit status. */
char *bs_test_run(const char *cmd, int *status);

/* The same with the command made printf-style; fails the test if the
 * command cannot be started. */
char *bs_test_runf(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True if haystack contains needle. */
bool bs_test_contains(const char *haystack, const char *needle);

/* Assert that `got` is exactly the lines of `want`, each prefixed with
 * `path` (so `want` reads ":3:4: error: …"). */
void bs_test_expect_diags(const char *got, const char *path, const char *want);

/* Write a w×h baseline JPEG under the test output folder and return its
 * path. components: 1 grey, 3 RGB, 4 CMYK (libjpeg writes the Adobe marker
 * and the inverted values Photoshop does). `colour` gives every pixel that
 * colour (`components` bytes); NULL draws a gradient instead. */
const char *bs_test_write_jpeg(const char *name, int w, int h, int components, const unsigned char *colour);

/* The same with each pixel's `components` bytes from `pixel`, and `icc`
 * embedded when given. */
typedef void (*bs_test_pixel_fn)(int x, int y, int w, int h, unsigned char *px, const void *user);
const char *bs_test_write_jpeg_with(const char *name, int w, int h, int components, bs_test_pixel_fn pixel,
                                    const void *user, const unsigned char *icc, unsigned int icc_len);

/* Send stderr to a file while something runs, to prove it prints nothing:
 * returns the saved descriptor for bs_test_stderr_restore, which returns
 * how many bytes were printed. */
int bs_test_stderr_to(const char *path);
long bs_test_stderr_restore(int saved, const char *path);

#endif
