/* colour.c - the one place display-list colours become device colours.
 * A later step replaces the naive RGB with exact DeviceCMYK in the PDF;
 * keeping the conversion here keeps that change small. */
#include "bs_render.h"

static double unit(float percent)
{
    if (!(percent > 0)) return 0;  /* also NaN */
    if (percent > 100) return 1;
    return percent / 100.0;
}

void bs_render_cmyk_to_rgb(bs_cmyk cmyk, double rgb[3])
{
    double k = 1 - unit(cmyk.k);
    rgb[0] = (1 - unit(cmyk.c)) * k;
    rgb[1] = (1 - unit(cmyk.m)) * k;
    rgb[2] = (1 - unit(cmyk.y)) * k;
}
