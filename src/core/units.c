/* units.c - lengths as editors write them: mm, cm, pt, em, 字, 行 and the
 * named Chinese type sizes. */
#include "bs_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The 号 system as Chinese word processors and print shops use it today
 * (六号 = 7.5 pt as the design names it). */
static const struct {
    const char *name;
    double pt;
} named_sizes[] = {
    {"初号", 42.0}, {"小初", 36.0}, {"一号", 26.0}, {"小一", 24.0},
    {"二号", 22.0}, {"小二", 18.0}, {"三号", 16.0}, {"小三", 15.0},
    {"四号", 14.0}, {"小四", 12.0}, {"五号", 10.5}, {"小五", 9.0},
    {"六号", 7.5},  {"小六", 6.5},  {"七号", 5.5},  {"八号", 5.0},
};

double bs_named_size_pt(const char *name)
{
    for (size_t i = 0; i < sizeof named_sizes / sizeof named_sizes[0]; i++)
        if (strcmp(name, named_sizes[i].name) == 0) return named_sizes[i].pt;
    return 0.0;
}

static const struct {
    const char *suffix;
    bs_unit unit;
} unit_names[] = {
    {"pt", BS_UNIT_PT}, {"mm", BS_UNIT_MM}, {"cm", BS_UNIT_CM},
    {"em", BS_UNIT_EM}, {"字", BS_UNIT_ZI}, {"行", BS_UNIT_HANG},
};

const char *bs_unit_name(bs_unit unit)
{
    for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
        if (unit_names[i].unit == unit) return unit_names[i].suffix;
    return "(none)";
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

bool bs_length_parse(const char *text, bs_length *out, const char **why)
{
    const char *s = skip_spaces(text);
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len == 0) {
        *why = "empty length";
        return false;
    }
    char word[64];
    if (len < sizeof word) {
        memcpy(word, s, len);
        word[len] = '\0';
        double named = bs_named_size_pt(word);
        if (named > 0) {
            out->value = named;
            out->unit = BS_UNIT_PT;
            return true;
        }
    }
    /* strtod accepts hex, inf and nan; a length is a plain decimal. */
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))) {
        *why = "expected a number followed by a unit (mm, cm, pt, em, 字, 行) or a size name such as 小五";
        return false;
    }
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {}
    char *end = NULL;
    double v = strtod(s, &end);
    if (end != p || !isfinite(v)) {
        *why = "malformed number";
        return false;
    }
    const char *u = skip_spaces(p);
    size_t ulen = (size_t)(s + len - u);
    if (ulen == 0) {
        out->value = v;
        out->unit = BS_UNIT_NONE;
        return true;
    }
    for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++) {
        if (strlen(unit_names[i].suffix) == ulen && memcmp(u, unit_names[i].suffix, ulen) == 0) {
            out->value = v;
            out->unit = unit_names[i].unit;
            return true;
        }
    }
    *why = "unknown unit (use mm, cm, pt, em, 字 or 行)";
    return false;
}

bool bs_length_to_pt(bs_length len, const bs_unit_basis *basis, double *out_pt, const char **why)
{
    double scale = 0;
    switch (len.unit) {
    case BS_UNIT_NONE:
        if (len.value == 0) break;   /* zero is zero in any unit */
        *why = "missing unit (use mm, cm, pt, em, 字 or 行)";
        return false;
    case BS_UNIT_PT: scale = 1.0; break;
    case BS_UNIT_MM: scale = BS_PT_PER_MM; break;
    case BS_UNIT_CM: scale = 10.0 * BS_PT_PER_MM; break;
    case BS_UNIT_EM:
        scale = basis ? basis->em_pt : 0;
        if (scale <= 0) { *why = "'em' has no meaning here (no type size)"; return false; }
        break;
    case BS_UNIT_ZI:
        scale = basis ? basis->zi_pt : 0;
        if (scale <= 0) { *why = "'字' has no meaning here (no body size yet)"; return false; }
        break;
    case BS_UNIT_HANG:
        scale = basis ? basis->hang_pt : 0;
        if (scale <= 0) { *why = "'行' has no meaning here (no line pitch yet)"; return false; }
        break;
    }
    *out_pt = len.value * scale;
    return true;
}
