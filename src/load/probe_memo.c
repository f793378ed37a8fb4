/* probe_memo.c - pictures checked once for all the pages that show them.
 * Checking a JPEG means decoding it (a truncated one must not reach a
 * plate), which costs more than reading the rest of a page; an edition
 * whose pages share a photo checks it once. An entry holds while the file
 * is the same file, of the same size and modification time. */
#include "load_internal.h"
#include "load_image.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct memo_entry {
    char *path;
    struct stat st;
    bool ok;
    bs_image_info info;
    char why[256];
} memo_entry;

struct bs_probe_memo {
    memo_entry *entries;
    size_t n, cap;
};

bs_probe_memo *bs_probe_memo_new(void) { return bs_xcalloc(1, sizeof(bs_probe_memo)); }

void bs_probe_memo_free(bs_probe_memo *memo)
{
    if (!memo) return;
    for (size_t i = 0; i < memo->n; i++) free(memo->entries[i].path);
    free(memo->entries);
    free(memo);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

bool bs_image_check_memo(bs_probe_memo *memo, const char *path, bs_image_info *info, char *why, size_t whylen)
{
    struct stat st;
    if (!memo || stat(path, &st) != 0) return bs_image_check(path, info, why, whylen);
    for (size_t i = 0; i < memo->n; i++) {
        memo_entry *e = &memo->entries[i];
        if (strcmp(e->path, path) != 0 || !same_file(&e->st, &st)) continue;
        if (e->ok) *info = e->info;
        else snprintf(why, whylen, "%s", e->why);
        return e->ok;
    }
    BS_VEC_RESERVE(memo->entries, memo->cap, memo->n + 1);
    memo_entry *e = &memo->entries[memo->n++];
    *e = (memo_entry){.path = bs_xstrdup(path), .st = st};
    e->ok = bs_image_check(path, &e->info, e->why, sizeof e->why);
    if (e->ok) *info = e->info;
    else snprintf(why, whylen, "%s", e->why);
    return e->ok;
}
