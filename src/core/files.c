/* files.c - reading inputs and writing outputs without ever leaving a
 * half-written file behind. */
#include "bs_core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "1.5 MB", "64 KB" */
static void format_size(char *out, size_t outlen, double bytes)
{
    if (bytes >= 1024 * 1024) snprintf(out, outlen, "%.1f MB", bytes / (1024 * 1024));
    else snprintf(out, outlen, "%.0f KB", bytes / 1024);
}

char *bs_read_input(bs_ctx *ctx, const char *path, const char *what, size_t max_bytes, size_t *len)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        char size[32], max[32];
        format_size(size, sizeof size, (double)st.st_size);
        format_size(max, sizeof max, (double)max_bytes);
        bs_fail(ctx, bs_loc_file(path), "this %s is %s; a %s may be at most %s (is it the right file?)", what,
                size, what, max);
        return NULL;
    }
    char *text = bs_read_file(ctx, path, len);
    /* grown since it was looked at */
    if (text && *len > max_bytes) {
        bs_fail(ctx, bs_loc_file(path), "this %s grew past %zu bytes while it was read", what, max_bytes);
        free(text);
        return NULL;
    }
    return text;
}

char *bs_read_file(bs_ctx *ctx, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        bs_fail(ctx, bs_loc_file(path), "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        bs_fail(ctx, bs_loc_file(path), "not a regular file");
        fclose(f);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *data = bs_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) data = bs_xrealloc(data, cap *= 2);
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        bs_fail(ctx, bs_loc_file(path), "read error");
        free(data);
        return NULL;
    }
    data[n] = '\0';
    if (len) *len = n;
    return data;
}

char *bs_path_join_dir(bs_arena *arena, const char *base_file, const char *rel)
{
    if (rel[0] == '/' || !base_file) return bs_arena_strdup(arena, rel);
    const char *slash = strrchr(base_file, '/');
    if (!slash) return bs_arena_strdup(arena, rel);
    return bs_arena_printf(arena, "%.*s/%s", (int)(slash - base_file), base_file, rel);
}

bool bs_write_atomic(bs_ctx *ctx, const char *path, bs_write_fn write, void *user)
{
    bs_buf tmp = {0};
    bs_buf_printf(&tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        bool ok = bs_fail(ctx, bs_loc_file(path), "cannot create a temporary file beside it: %s",
                          strerror(errno));
        bs_buf_free(&tmp);
        return ok;
    }
    /* mkstemp makes the file 0600; outputs are ordinary documents. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);

    FILE *out = fdopen(fd, "wb");
    bool ok = out != NULL;
    if (!out) close(fd);
    if (ok) ok = write(user, out);
    if (ok && fflush(out) != 0) ok = bs_fail(ctx, bs_loc_file(path), "write error: %s", strerror(errno));
    if (ok && fsync(fileno(out)) != 0 && errno != EINVAL)
        ok = bs_fail(ctx, bs_loc_file(path), "cannot flush to disk: %s", strerror(errno));
    if (out && fclose(out) != 0 && ok) ok = bs_fail(ctx, bs_loc_file(path), "write error: %s", strerror(errno));
    if (ok && rename(tmp.data, path) != 0)
        ok = bs_fail(ctx, bs_loc_file(path), "cannot replace: %s", strerror(errno));
    if (!ok) unlink(tmp.data);
    bs_buf_free(&tmp);
    return ok;
}
