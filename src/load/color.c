/* color.c - process colours as editors write them: "K100", "M100 Y100",
 * "C100 M0 Y0 K0", "white". */
#include "bs_load.h"

#include <stdlib.h>
#include <string.h>

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* 0..3 for C, M, Y, K; -1 for anything else. */
static int channel(char letter)
{
    static const char letters[] = "CMYKcmyk";
    const char *p = letter ? strchr(letters, letter) : NULL;
    return p ? (int)(p - letters) % 4 : -1;
}

/* A percentage: digits with an optional decimal point, no sign. */
static const char *parse_percent(const char *s, double *out, const char **why)
{
    const char *p = s;
    while ((*p >= '0' && *p <= '9') || *p == '.') p++;
    char *end = NULL;
    double v = p > s ? strtod(s, &end) : 0;
    if (p == s || end != p) {
        *why = "expected a percentage after each of C, M, Y and K";
        return NULL;
    }
    if (v > 100) {
        *why = "a percentage is at most 100";
        return NULL;
    }
    *out = v;
    return p;
}

bool bs_cmyk_parse(const char *text, bs_cmyk *out, const char **why)
{
    const char *s = skip_blanks(text);
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len == 0) {
        *why = "empty colour";
        return false;
    }
    if (len == 5 && strncmp(s, "white", 5) == 0) {
        *out = BS_CMYK_WHITE;
        return true;
    }
    bs_cmyk c = {0, 0, 0, 0};
    float *slot[4] = {&c.c, &c.m, &c.y, &c.k};
    unsigned seen = 0;
    const char *end = s + len;
    while (s < end) {
        int i = channel(*s);
        if (i < 0) {
            *why = "expected C, M, Y or K followed by a percentage (K100, M100 Y100), or 'white'";
            return false;
        }
        if (seen & (1u << i)) {
            *why = "each of C, M, Y and K may be given once";
            return false;
        }
        seen |= 1u << i;
        double v;
        s = parse_percent(skip_blanks(s + 1), &v, why);
        if (!s) return false;
        *slot[i] = (float)v;
        s = skip_blanks(s);
    }
    *out = c;
    return true;
}
