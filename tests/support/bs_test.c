/* bs_test.c - test helpers. */
#include "bs_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static void collect(void *user, bs_severity severity, const char *text)
{
    (void)severity;
    bs_test_diags *d = user;
    bs_buf_adds(&d->text, text);
    bs_buf_adds(&d->text, "\n");
}

bs_ctx *bs_test_ctx(bs_test_diags *diags)
{
    memset(diags, 0, sizeof *diags);
    bs_buf_adds(&diags->text, "");
    bs_ctx *ctx = bs_ctx_new();
    bs_ctx_set_sink(ctx, collect, diags);
    return ctx;
}

void bs_test_ctx_free(bs_ctx *ctx, bs_test_diags *diags)
{
    bs_ctx_free(ctx);
    bs_buf_free(&diags->text);
}

const char *bs_test_out(const char *rel)
{
    static char path[4][1024];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", BS_TEST_OUT, rel);
    return path[slot];
}

const char *bs_test_data(const char *rel)
{
    static char path[4][1024];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", BS_TEST_DATA, rel);
    return path[slot];
}

const char *bs_test_write(const char *name, const char *text)
{
    const char *path = bs_test_out(name);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

char *bs_test_run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    bs_buf out = {0};
    bs_buf_add(&out, "", 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) bs_buf_add(&out, chunk, n);
    int st = pclose(p);
    if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out.data;
}

bool bs_test_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}
