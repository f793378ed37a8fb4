/* watch_files.c - the files a page is made from, watched with inotify.
 *
 * Editors save in different ways: some write the file in place, many
 * (vim, most GUI editors) write a temporary file and rename it over the
 * old one, which replaces the file's inode. A watch on the file itself
 * would die with the old inode, so the folders are watched and events are
 * matched by folder and name. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

/* A save ends in one of these for the file's name: written and closed,
 * renamed into place, or created, removed or renamed away (a save that
 * goes wrong, or the first step of one, is worth a render that says so). */
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)

typedef struct watched {
    int wd;                   /* the folder's watch */
    char *name;               /* the file's name in it */
    unsigned flags;           /* the caller's, returned when it changes */
} watched;

struct bs_watch {
    int fd;
    watched *files;
    size_t nfiles, cap;
};

bs_watch *bs_watch_new(bs_ctx *ctx)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        bs_fail(ctx, (bs_loc){0}, "cannot watch files: inotify: %s", strerror(errno));
        return NULL;
    }
    bs_watch *w = bs_xcalloc(1, sizeof *w);
    w->fd = fd;
    return w;
}

void bs_watch_clear(bs_watch *w)
{
    for (size_t i = 0; i < w->nfiles; i++) free(w->files[i].name);
    w->nfiles = 0;
}

void bs_watch_free(bs_watch *w)
{
    if (!w) return;
    bs_watch_clear(w);
    free(w->files);
    close(w->fd);
    free(w);
}

int bs_watch_fd(const bs_watch *w) { return w->fd; }

size_t bs_watch_count(const bs_watch *w) { return w->nfiles; }

/* A folder's watch, once made, is kept until the end: inotify hands back
 * the same watch for the same folder, and a page names few folders. */
bool bs_watch_add(bs_watch *w, bs_ctx *ctx, const char *path, unsigned flags)
{
    char *dir_copy = bs_xstrdup(path), *name_copy = bs_xstrdup(path);
    const char *dir = dirname(dir_copy), *name = basename(name_copy);
    int wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS);
    bool ok = wd >= 0;
    if (!ok) {
        bs_warn(ctx, bs_loc_file(path), "changes will not be seen: cannot watch its folder: %s", strerror(errno));
    } else {
        watched *same = NULL;
        for (size_t i = 0; i < w->nfiles && !same; i++)
            if (w->files[i].wd == wd && strcmp(w->files[i].name, name) == 0) same = &w->files[i];
        if (same) {
            same->flags |= flags;
        } else {
            BS_VEC_RESERVE(w->files, w->cap, w->nfiles + 1);
            w->files[w->nfiles++] = (watched){wd, bs_xstrdup(name), flags};
        }
    }
    free(dir_copy);
    free(name_copy);
    return ok;
}

void bs_watch_page(bs_watch *w, bs_ctx *ctx, const bs_page *page, unsigned fonts_conf_flag)
{
    bs_watch_add(w, ctx, page->path, 0);
    bs_watch_add(w, ctx, page->template_->path, 0);
    if (page->template_->fonts_conf) bs_watch_add(w, ctx, page->template_->fonts_conf, fonts_conf_flag);
    for (size_t i = 0; i < page->nblocks; i++) {
        if (page->blocks[i].file) bs_watch_add(w, ctx, page->blocks[i].file, 0);
        if (page->blocks[i].image) bs_watch_add(w, ctx, page->blocks[i].image, 0);
    }
}

static const watched *find(const bs_watch *w, int wd, const char *name)
{
    for (size_t i = 0; i < w->nfiles; i++)
        if (w->files[i].wd == wd && strcmp(w->files[i].name, name) == 0) return &w->files[i];
    return NULL;
}

int bs_watch_read(bs_watch *w, unsigned *flags)
{
    /* aligned as the kernel writes the events */
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int changes = 0;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0) break;   /* EAGAIN: all read */
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                /* events were lost: any file may have changed */
                changes++;
                *flags |= ~0u;
                continue;
            }
            const watched *file = ev->len > 0 ? find(w, ev->wd, ev->name) : NULL;
            if (!file) continue;
            changes++;
            *flags |= file->flags;
        }
    }
    return changes;
}
