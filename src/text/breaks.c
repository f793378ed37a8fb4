/* breaks.c - where a line may end. ICU's line breaker with locale zh gives
 * the opportunities (it already breaks before “ and after ” in Chinese);
 * the Chinese rules then take away the ones GB/T 15834 and GB/T 15835
 * forbid (typography reference §4.3):
 *   - marks that may not start or end a line (classes.c);
 *   - a number and the unit that follows it (2234.8亿元, 6.6%, 12000美元);
 *   - a name padded with U+3000 (韩　森);
 *   - spans the caller keeps together (a dateline, a jump line), unless
 *     the span is longer than a line. */
#include "text_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

/* Demerits for breaking inside a span kept together. */
#define KEEP_PENALTY 1.0e11
/* Where there is no break opportunity but nothing else fits (a long URL
 * or number in a narrow column): worse than breaking a kept span, better
 * than a line that runs out of its column (an overfull line costs at
 * least 1e12). */
#define FORCED_PENALTY 5.0e11
/* … and only in a run of at least this many characters without a break
 * opportunity: a number with its unit (12000美元，) in a column too narrow
 * for it runs out of the column rather than be cut. */
#define FORCED_MIN_RUN 16

/* Characters that, after a number, belong to it (units, measure words). */
static const char *const number_units[] = {
    "亿", "万", "千", "百", "元", "角", "分", "个", "位", "名", "家", "户", "人", "年", "月", "日",
    "时", "秒", "号", "次", "期", "版", "吨", "公", "斤", "里", "米", "顷", "亩", "升", "度", "倍",
    "成", "项", "条", "批", "件", "台", "辆", "所", "座", "届", "美", "欧", "港", "镑", "％",
    "%", "‰", "℃", "°",
};
/* Of those, the ones that ask for another unit after them: magnitudes and
 * the first halves of currencies and measures (亿元, 万吨, 公斤, 美元). */
static const char *const unit_prefixes[] = {"亿", "万", "千", "百", "公", "美", "欧", "港"};

static bool is_one_of(const bs_para *p, const bs_atom *a, const char *const *list, size_t n)
{
    size_t len = a->end - a->start;
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(p->text + a->start, list[i], len) == 0) return true;
    return false;
}

static bool is_number_unit(const bs_para *p, const bs_atom *a)
{
    return is_one_of(p, a, number_units, sizeof number_units / sizeof number_units[0]);
}

static bool is_unit_prefix(const bs_para *p, const bs_atom *a)
{
    return is_one_of(p, a, unit_prefixes, sizeof unit_prefixes / sizeof unit_prefixes[0]);
}

static bool is_digit_atom(const bs_atom *a)
{
    return (a->cp >= '0' && a->cp <= '9') || (a->cp >= 0xFF10 && a->cp <= 0xFF19);
}

/* Mark the byte offsets at which ICU allows a break. */
static bool icu_boundaries(bs_composer *c, const bs_para *p, bool *at)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, p->text, (int32_t)p->len, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
    status = U_ZERO_ERROR;
    UChar *u = bs_xmalloc(((size_t)ulen + 1) * sizeof *u);
    u_strFromUTF8(u, ulen + 1, NULL, p->text, (int32_t)p->len, &status);

    /* UTF-16 index -> byte offset */
    size_t *byte_at = bs_xmalloc(((size_t)ulen + 1) * sizeof *byte_at);
    size_t b = 0;
    int32_t k = 0;
    while (b < p->len && k < ulen) {
        uint32_t cp;
        int n = bs_utf8_decode(p->text + b, p->len - b, &cp);
        if (n <= 0) n = 1;
        byte_at[k++] = b;
        if (cp > 0xFFFF && k < ulen) byte_at[k++] = b;
        b += (size_t)n;
    }
    while (k <= ulen) byte_at[k++] = p->len;

    ubrk_setText(c->breaker, u, ulen, &status);
    bool ok = U_SUCCESS(status);
    if (ok) {
        for (int32_t pos = ubrk_first(c->breaker); pos != UBRK_DONE; pos = ubrk_next(c->breaker))
            at[byte_at[pos]] = true;
    }
    free(byte_at);
    free(u);
    return ok;
}

static bool padded_name_space(const bs_para *p, size_t i)
{
    const bs_atom *a = p->atoms;
    if (a[i].cls != BS_CH_IDSPACE || i == 0 || i + 1 >= p->natoms) return false;
    if (a[i - 1].cls != BS_CH_HAN || a[i + 1].cls != BS_CH_HAN) return false;
    bool alone_before = i < 2 || a[i - 2].cls == BS_CH_IDSPACE || a[i - 2].cls == BS_CH_SPACE;
    bool alone_after = i + 2 >= p->natoms || a[i + 2].cls == BS_CH_IDSPACE || a[i + 2].cls == BS_CH_SPACE;
    return alone_before && alone_after;
}

static bool same_keep_span(const bs_para *p, const bs_atom *a, const bs_atom *b)
{
    if (!a->keep || !b->keep) return false;
    for (size_t s = 0; s < p->spec->nspans; s++) {
        const bs_text_span *span = &p->spec->spans[s];
        if (a->start >= span->start && a->start < span->end) return b->start < span->end;
    }
    return false;
}

static uint32_t last_code_point(const bs_para *p, const bs_atom *a)
{
    uint32_t cp = a->cp;
    for (size_t off = a->start; off < a->end;) {
        int n = bs_utf8_decode(p->text + off, a->end - off, &cp);
        off += n > 0 ? (size_t)n : 1;
    }
    return cp;
}

/* Demerits for breaking after the U+3000 between headline clauses. */
static double clause_penalty(bs_clause_breaks clauses)
{
    switch (clauses) {
    case BS_CLAUSES_KEEP: return 1.0e6;
    case BS_CLAUSES_PREFER: return -2000.0;
    case BS_CLAUSES_PLAIN: break;
    }
    return 0;
}

/* Inside a long run without a break opportunity (a URL, a string of
 * digits), the places marked `forced` become breaks of last resort. */
static void allow_forced_breaks(bs_para *p)
{
    size_t run_start = 0;
    for (size_t i = 0; i < p->natoms; i++) {
        bool run_ends = i + 1 == p->natoms || p->atoms[i].can_break;
        if (!run_ends) continue;
        bool long_run = i + 1 - run_start >= FORCED_MIN_RUN;
        for (size_t k = run_start; k < i; k++) {
            bs_atom *a = &p->atoms[k];
            if (!long_run || !a->forced) {
                a->forced = false;
                continue;
            }
            a->can_break = true;
            a->penalty = FORCED_PENALTY;
        }
        run_start = i + 1;
    }
}

bool bs_para_breaks(bs_composer *c, bs_para *p)
{
    bool *at = bs_xcalloc(p->len + 1, sizeof *at);
    if (!icu_boundaries(c, p, at)) {
        free(at);
        return bs_fail(c->ctx, (bs_loc){0}, "ICU could not find line breaks in a paragraph");
    }
    bool after_number = false;
    for (size_t i = 0; i < p->natoms; i++) {
        bs_atom *a = &p->atoms[i];
        a->can_break = a->forced = false;
        a->penalty = 0;
        if (i + 1 >= p->natoms) break;   /* the paragraph's end is always a break */
        bs_atom *b = &p->atoms[i + 1];

        /* a number holds its unit: 6.6%, 2234.8亿元, 20.9亿公斤, but
         * 4.5个|百分点 (个 completes the unit) */
        after_number = is_digit_atom(a) || (after_number && (a->cp == '.' || is_unit_prefix(p, a)));
        bool ok = at[a->end];
        /* clreq GB-style: marks that may not start or end a line */
        bool kinsoku = bs_char_not_at_line_start(b->cp) || bs_char_not_at_line_end(last_code_point(p, a));
        if (kinsoku) ok = false;
        /* ICU (zh) keeps “ with what follows; an opening mark after a
         * character or a closing mark is a break opportunity before it */
        else if (b->cls == BS_CH_OPEN && a->cls != BS_CH_OPEN && a->cls != BS_CH_LATIN) ok = true;
        if (after_number && is_number_unit(p, b)) ok = false;
        if (padded_name_space(p, i) || padded_name_space(p, i + 1)) ok = false;
        a->can_break = ok;
        /* a last resort, between two characters the line rules allow apart */
        a->forced = !ok && !kinsoku && !same_keep_span(p, a, b) && a->cls != BS_CH_SPACE && b->cls != BS_CH_SPACE;
        /* A kept span breaks only if it cannot fit a line at all (a long
         * dateline in a narrow column). */
        if (ok && same_keep_span(p, a, b)) a->penalty = KEEP_PENALTY;
        if (ok && a->cls == BS_CH_IDSPACE) a->penalty += clause_penalty(p->spec->clauses);
    }
    free(at);
    allow_forced_breaks(p);
    return true;
}
