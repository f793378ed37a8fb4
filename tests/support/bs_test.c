/* bs_test.c - test helpers. */
#include "bs_test.h"

#include <fcntl.h>
#include <jpeglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

char *bs_test_runf(int *status, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char *out = bs_test_run(cmd, status);
    assert_non_null(out);
    return out;
}

bool bs_test_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

void bs_test_expect_diags(const char *got, const char *path, const char *want)
{
    bs_buf expected = {0};
    bs_buf_adds(&expected, "");
    for (const char *line = want; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        bs_buf_printf(&expected, "%s%.*s\n", path, (int)n, line);
        line += n + (end ? 1 : 0);
    }
    assert_string_equal(got, expected.data);
    bs_buf_free(&expected);
}

const char *bs_test_write_jpeg_with(const char *name, int w, int h, int components, bs_test_pixel_fn pixel,
                                    const void *user, const unsigned char *icc, unsigned int icc_len)
{
    const char *path = bs_test_out(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = (JDIMENSION)w;
    cinfo.image_height = (JDIMENSION)h;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 90, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    if (icc) jpeg_write_icc_profile(&cinfo, icc, icc_len);
    unsigned char *row = bs_xmalloc((size_t)w * (size_t)components);
    while (cinfo.next_scanline < cinfo.image_height) {
        for (int x = 0; x < w; x++) pixel(x, (int)cinfo.next_scanline, w, h, row + x * components, user);
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    fclose(f);
    return path;
}

typedef struct plain_fill {
    int components;
    const unsigned char *colour;   /* NULL: a gradient */
} plain_fill;

static void plain_pixel(int x, int y, int w, int h, unsigned char *px, const void *user)
{
    (void)w;
    (void)h;
    const plain_fill *fill = user;
    for (int c = 0; c < fill->components; c++) {
        int i = x * fill->components + c;
        px[c] = fill->colour ? fill->colour[c] : (unsigned char)((i * 7 + y * 3) & 0xFF);
    }
}

const char *bs_test_write_jpeg(const char *name, int w, int h, int components, const unsigned char *colour)
{
    plain_fill fill = {components, colour};
    return bs_test_write_jpeg_with(name, w, h, components, plain_pixel, &fill, NULL, 0);
}

int bs_test_stderr_to(const char *path)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    return saved;
}

long bs_test_stderr_restore(int saved, const char *path)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long printed = ftell(f);
    fclose(f);
    return printed;
}
