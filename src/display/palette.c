/* palette.c - the RGB stand-ins a print PDF is drawn with, one per CMYK
 * colour, and the way back. */
#include "bs_display.h"

#include <math.h>
#include <stdlib.h>

bool bs_cmyk_equal(bs_cmyk a, bs_cmyk b)
{
    return a.c == b.c && a.m == b.m && a.y == b.y && a.k == b.k;
}

size_t bs_palette_add(bs_palette *palette, bs_cmyk color)
{
    for (size_t i = 0; i < palette->ncolors; i++)
        if (bs_cmyk_equal(palette->colors[i], color)) return i;
    BS_VEC_RESERVE(palette->colors, palette->cap, palette->ncolors + 1);
    palette->colors[palette->ncolors] = color;
    return palette->ncolors++;
}

void bs_palette_rgb(size_t index, double rgb[3])
{
    unsigned long key = (unsigned long)index + 1;
    rgb[0] = (double)((key >> 16) & 255) / 255.0;
    rgb[1] = (double)((key >> 8) & 255) / 255.0;
    rgb[2] = (double)(key & 255) / 255.0;
}

static bool channel(double v, unsigned long *out)
{
    double scaled = v * 255.0;
    long rounded = lround(scaled);
    if (rounded < 0 || rounded > 255 || fabs(scaled - (double)rounded) > 0.05) return false;
    *out = (unsigned long)rounded;
    return true;
}

bool bs_palette_lookup(const bs_palette *palette, double r, double g, double b, bs_cmyk *out)
{
    unsigned long cr, cg, cb;
    if (!channel(r, &cr) || !channel(g, &cg) || !channel(b, &cb)) return false;
    unsigned long key = (cr << 16) | (cg << 8) | cb;
    if (key == 0 || key > palette->ncolors) return false;
    *out = palette->colors[key - 1];
    return true;
}

void bs_palette_free(bs_palette *palette)
{
    free(palette->colors);
    palette->colors = NULL;
    palette->ncolors = palette->cap = 0;
}
