/* values.c - YAML scalars converted to the model's values: lengths, counts,
 * colours and named choices, each error at the value. */
#include "load_yaml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_MAX_CPS = 64 };

static size_t decode_all(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < cap; n++) {
        int k = bs_utf8_decode(s + i, len - i, &out[n]);
        i += k > 0 ? (size_t)k : 1;
    }
    return n;
}

/* Levenshtein distance in code points (keys may be Chinese style names). */
static size_t edit_distance(const char *a, const char *b)
{
    uint32_t ca[NAME_MAX_CPS], cb[NAME_MAX_CPS];
    size_t na = decode_all(a, ca, NAME_MAX_CPS), nb = decode_all(b, cb, NAME_MAX_CPS);
    size_t row[NAME_MAX_CPS + 1];
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *bs_yaml_suggest(const char *word, const char *const *names)
{
    /* Within two edits, and no more than half the word: 'X' is not a
     * misspelt 'L', nor 'foo' a misspelt 'top'. */
    uint32_t cps[NAME_MAX_CPS];
    size_t n = decode_all(word, cps, NAME_MAX_CPS);
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; names[i]; i++) {
        size_t d = edit_distance(word, names[i]);
        if (d < best_d && 2 * d <= n) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}

void bs_yaml_add_names(bs_buf *buf, const char *const *names)
{
    bs_buf_adds(buf, "");
    for (size_t i = 0; names[i]; i++) {
        if (i > 0) bs_buf_adds(buf, names[i + 1] ? ", " : " or ");
        bs_buf_adds(buf, names[i]);
    }
}

static bool scalar_text(bs_yaml *y, const bs_yval *v, const char **out)
{
    *out = NULL;
    return bs_yaml_text(y, v, out);
}

bool bs_yaml_length(bs_yaml *y, const bs_yval *v, const bs_unit_basis *basis,
                    bs_ylen kind, double *out)
{
    const char *text;
    if (!v->node) return true;
    if (!scalar_text(y, v, &text)) return false;
    bs_length len;
    const char *why = NULL;
    double pt = 0;
    if (!bs_length_parse(text, &len, &why) || !bs_length_to_pt(len, basis, &pt, &why))
        return bs_fail(y->ctx, v->loc, "bad length '%s' for %s: %s", text, v->name, why);
    if (kind == BS_YLEN_POSITIVE && pt <= 0)
        return bs_fail(y->ctx, v->loc, "%s must be greater than zero, not '%s'", v->name, text);
    if (kind == BS_YLEN_NONNEG && pt < 0)
        return bs_fail(y->ctx, v->loc, "%s must not be negative, not '%s'", v->name, text);
    *out = pt;
    return true;
}

static bool parse_count(const char *text, int *out)
{
    long value = 0;
    if (!*text) return false;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        value = value * 10 + (*p - '0');
        if (value > INT_MAX) return false;
    }
    *out = (int)value;
    return value > 0;
}

bool bs_yaml_count(bs_yaml *y, const bs_yval *v, int *out)
{
    const char *text;
    if (!v->node) return true;
    if (!scalar_text(y, v, &text)) return false;
    if (!parse_count(text, out))
        return bs_fail(y->ctx, v->loc, "%s must be a whole number greater than zero, not '%s'",
                       v->name, text);
    return true;
}

bool bs_yaml_cmyk(bs_yaml *y, const bs_yval *v, bs_cmyk *out)
{
    const char *text;
    if (!v->node) return true;
    if (!scalar_text(y, v, &text)) return false;
    const char *why = NULL;
    if (!bs_cmyk_parse(text, out, &why))
        return bs_fail(y->ctx, v->loc, "bad colour '%s' for %s: %s", text, v->name, why);
    return true;
}

bool bs_yaml_choice(bs_yaml *y, const bs_yval *v, const char *what,
                    const char *const *names, int *index)
{
    const char *text;
    if (!v->node) return true;
    if (!scalar_text(y, v, &text)) return false;
    for (int i = 0; names[i]; i++) {
        if (strcmp(text, names[i]) == 0) {
            *index = i;
            return true;
        }
    }
    const char *near = bs_yaml_suggest(text, names);
    if (near) return bs_fail(y->ctx, v->loc, "unknown %s '%s'; did you mean '%s'?", what, text, near);
    bs_buf list = {0};
    bs_yaml_add_names(&list, names);
    bs_fail(y->ctx, v->loc, "unknown %s '%s' (use %s)", what, text, list.data);
    bs_buf_free(&list);
    return false;
}

bool bs_yaml_bool(bs_yaml *y, const bs_yval *v, bool *out)
{
    static const char *const names[] = {"false", "true", NULL};
    int index = *out ? 1 : 0;
    if (!bs_yaml_choice(y, v, "value (true or false)", names, &index)) return false;
    *out = index == 1;
    return true;
}
