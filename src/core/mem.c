/* mem.c - checked allocation, arenas and growable string buffers. */
#include "bs_core.h"

#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "broadsheet: error: out of memory (asked for %zu bytes)\n", size);
    abort();
}

void *bs_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) out_of_memory(size);
    return p;
}

void *bs_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory(count * size);
    return p;
}

void *bs_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p) out_of_memory(size);
    return p;
}

char *bs_xstrdup(const char *s) { return bs_xstrndup(s, strlen(s)); }

char *bs_xstrndup(const char *s, size_t n)
{
    char *p = bs_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Arena: a chain of blocks; big requests get a block of their own. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char data[];
} arena_block;

struct bs_arena {
    arena_block *head;
};

enum { ARENA_BLOCK = 64 * 1024 };

bs_arena *bs_arena_new(void) { return bs_xcalloc(1, sizeof(bs_arena)); }

void bs_arena_free(bs_arena *arena)
{
    if (!arena) return;
    arena_block *b = arena->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *bs_arena_alloc(bs_arena *arena, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        arena_block *nb = bs_xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->size = cap;
        if (b && cap == size) {
            /* keep the current block in front: it still has room */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *bs_arena_memdup(bs_arena *arena, const void *p, size_t n)
{
    void *q = bs_arena_alloc(arena, n);
    if (n) memcpy(q, p, n);
    return q;
}

char *bs_arena_strndup(bs_arena *arena, const char *s, size_t n)
{
    char *p = bs_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bs_arena_strdup(bs_arena *arena, const char *s)
{
    return s ? bs_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *bs_arena_printf(bs_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = bs_arena_alloc(arena, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    return p;
}

void bs_buf_add(bs_buf *buf, const char *s, size_t n)
{
    BS_VEC_RESERVE(buf->data, buf->cap, buf->len + n + 1);
    if (n) memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
}

void bs_buf_adds(bs_buf *buf, const char *s) { bs_buf_add(buf, s, strlen(s)); }

void bs_buf_printf(bs_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        bs_buf_add(buf, "", 0);
        return;
    }
    BS_VEC_RESERVE(buf->data, buf->cap, buf->len + (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

void bs_buf_free(bs_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
