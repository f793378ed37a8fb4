/* dlist.c - building the display list. */
#include "bs_display.h"

#include <pango/pango.h>
#include <string.h>

bs_dlist *bs_dlist_new(double width, double height)
{
    bs_dlist *dl = bs_xcalloc(1, sizeof *dl);
    dl->width = width;
    dl->height = height;
    dl->arena = bs_arena_new();
    return dl;
}

void bs_dlist_free(bs_dlist *dl)
{
    if (!dl) return;
    for (size_t i = 0; i < dl->nfonts; i++) g_object_unref(dl->fonts[i]);
    free(dl->fonts);
    free(dl->items);
    bs_arena_free(dl->arena);
    free(dl);
}

bs_dl_item *bs_dlist_add(bs_dlist *dl, bs_dl_kind kind)
{
    BS_VEC_RESERVE(dl->items, dl->cap, dl->nitems + 1);
    bs_dl_item *item = &dl->items[dl->nitems++];
    memset(item, 0, sizeof *item);
    item->kind = kind;
    item->origin = (bs_dl_origin){.role = NULL, .block = -1, .para = -1, .line = -1, .column = -1};
    return item;
}

void bs_dlist_hold_font(bs_dlist *dl, PangoFont *font)
{
    for (size_t i = 0; i < dl->nfonts; i++)
        if (dl->fonts[i] == font) return;
    BS_VEC_RESERVE(dl->fonts, dl->fonts_cap, dl->nfonts + 1);
    dl->fonts[dl->nfonts++] = g_object_ref(font);
}

void *bs_dlist_alloc(bs_dlist *dl, size_t size) { return bs_arena_alloc(dl->arena, size); }
