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

char *bs_path_absolute(bs_arena *arena, const char *path)
{
    bs_buf whole = {0};
    if (path[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        bs_buf_printf(&whole, "%s/", cwd ? cwd : ".");
        free(cwd);
    }
    bs_buf_printf(&whole, "%s", path);
    /* each name in turn onto a stack of kept names; ".." pops one */
    size_t *kept = bs_xmalloc((whole.len / 2 + 2) * sizeof *kept), nkept = 0;
    char *out = bs_arena_alloc(arena, whole.len + 2);
    size_t len = 0;
    for (char *name = whole.data; *name;) {
        size_t n = strcspn(name, "/");
        if (n == 2 && name[0] == '.' && name[1] == '.') {
            if (nkept > 0) len = kept[--nkept];
        } else if (n > 0 && !(n == 1 && name[0] == '.')) {
            kept[nkept++] = len;
            out[len++] = '/';
            memcpy(out + len, name, n);
            len += n;
        }
        name += n;
        while (*name == '/') name++;
    }
    if (len == 0) out[len++] = '/';
    out[len] = '\0';
    free(kept);
    bs_buf_free(&whole);
    return out;
}

bool bs_path_inside(bs_arena *arena, const char *path, const char *folder)
{
    const char *p = bs_path_absolute(arena, path), *f = bs_path_absolute(arena, folder);
    size_t n = strlen(f);
    if (strcmp(f, "/") == 0) return true;
    return strncmp(p, f, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

char *bs_path_folder(bs_arena *arena, const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash) return bs_arena_strdup(arena, ".");
    if (slash == file) return bs_arena_strdup(arena, "/");
    return bs_arena_strndup(arena, file, (size_t)(slash - file));
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
