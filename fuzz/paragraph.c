/* paragraph.c - a paragraph for the composer, made from the fuzzer's bytes.
 *
 * Random bytes as UTF-8 would be mostly invalid, and valid text would be
 * mostly one script, so the bytes are read as a little program instead:
 *
 *   byte 0     bit 0 on the grid; bit 1 no indent; bits 2-3 clause breaks
 *              (plain, keep, prefer); bit 4 raw text (below); bits 5-7
 *              the alignment (justify, start, center, end, distribute; 5-7
 *              the body style's own)
 *   byte 1     bits 0-1 punctuation (quanjiao, kaiming, banjiao; 3 the
 *              style's); bit 2 the other edge-marks; bits 3-7 t: target
 *              lines t - 23 when t >= 24, else none
 *   bytes 2-7  three widths, 16 bits little-endian each, (v mod 16384 -
 *              1024) / 16 pt: -64 to 960 pt; line k is set at width
 *              min(k, 2). Narrow and negative widths are real: a box
 *              narrower than its padding, a frame split into many columns.
 *   the rest   raw text: UTF-8, invalid bytes and NUL left out; else
 *              tokens of two bytes (kind, value), kind's low nibble saying
 *              what to add:
 *              0-2 a CJK ideograph; 3-4 a mark of GB/T 15834; 5 ASCII;
 *              6 a digit; 7 a space; 8 emoji and their joiners, modifiers
 *              and selectors; 9 a combining mark; 10 right-to-left letters
 *              and bidi controls; 11 control and format characters; 12 any
 *              code point (a third byte); 13 a new span in another style,
 *              kept together or not; 14 the last character again, up to 63
 *              times; 15 kana, hangul, fullwidth forms, CJK outside the
 *              BMP, circled numbers and other East Asian letters.
 *
 * Spans are built as the page room builds them (textset.c): never empty,
 * one per change of style.
 */
#include "fuzz_internal.h"

#include <stdlib.h>
#include <string.h>

/* GB/T 15834 marks in their full-width and Western forms, and the signs
 * that sit among them in news text. */
static const uint32_t marks[] = {
    0x3002, 0xFF1F, 0xFF01, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0x201C, 0x201D, 0x2018, 0x2019, 0xFF08,
    0xFF09, 0xFF3B, 0xFF3D, 0x3014, 0x3015, 0x3010, 0x3011, 0xFF5B, 0xFF5D, 0x2014, 0x2026, 0x00B7,
    0x300A, 0x300B, 0x3008, 0x3009, 0x300C, 0x300D, 0x300E, 0x300F, 0xFF5E, 0xFF0F, 0x002F, 0xFF0E,
    0x2015, 0x2E3A, 0x2E3B, 0x2013, 0x30FB, 0x2027, 0x3016, 0x3017, 0x301D, 0x301E, 0xFE4F, 0x2016,
    0xFF3F, '.',    ',',    ';',    ':',    '!',    '?',    '(',    ')',    '"',    '\'',   '-',
    0x2012, 0x2022, 0x25CF, 0x203B, 0x00A7, 0x2116, 0x2103, 0x00B0, 0x2030, 0xFF05, 0xFF03, 0x00D7,
    0x2192, 0x25B6, 0x300C, 0xFE30, 0xFE31, 0xFE19,
};

static const uint32_t spaces[] = {0x0020, 0x3000, 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                                  0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x1680, '\t'};

static const uint32_t emoji[] = {
    0x1F600, 0x1F44D, 0x2764,  0x1F1E8, 0x1F1F3, 0x1F3FB, 0x1F3FF, 0x200D,  0xFE0F,  0xFE0E,
    0x20E3,  0x1F468, 0x1F469, 0x1F467, 0x1F9D1, 0x1F3F3, 0x1F308, 0x2B50,  0x263A,  0x1F004,
    0x1F170, 0x1F3F4, 0xE0067, 0xE0062, 0xE007F, 0x1F9E7, 0x1FAF6, 0x1F46E, 0x2640,  0x2642,
};

static const uint32_t rtl[] = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                               0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0x05BE, 0x060C};

static const uint32_t controls[] = {
    0x0085, 0x2028, 0x2029, 0xFEFF, 0x200B, 0x200C, 0x200D, 0x00AD, 0xFFFC, 0xFFFD, 0x2060,
    0xFFFE, 0xFFFF, 0x1D173, 0xE0001, 0x034F, 0x180E, 0x115F, 0x3164, 0xFFF9, 0xFFFB, 0x2061,
};

/* The composer is handed this character for a token (0: none). */
static uint32_t token_char(unsigned kind, unsigned hi, unsigned v)
{
#define PICK(table) (table)[v % (sizeof(table) / sizeof *(table))]
    switch (kind) {
    case 0: case 1: case 2: return 0x4E00 + (((hi << 8) | v) * 5 + kind) % 0x51A6;
    case 3: case 4: return marks[((hi << 8) | v) % (sizeof marks / sizeof *marks)];
    case 5: return 0x21 + v % 94;
    case 6: return '0' + v % 10;
    case 7: return PICK(spaces);
    case 8: return PICK(emoji);
    case 9:
        switch (hi % 6) {
        case 0: return 0x0300 + v % 0x70;
        case 1: return 0x20D0 + v % 0x21;
        case 2: return 0x3099 + v % 2;
        case 3: return 0x302A + v % 6;
        case 4: return 0xFE20 + v % 16;
        default: return 0x0900 + v % 0x80;   /* Devanagari: viramas, matras */
        }
    case 10:
        switch (hi % 4) {
        case 0: return 0x05D0 + v % 27;
        case 1: return 0x0620 + v % 0x2B;
        case 2: return 0x064B + v % 0x15;
        default: return PICK(rtl);
        }
    case 11:
        if (hi % 3 == 0) return 1 + v % 31;   /* C0, with tab, line feed, return */
        if (hi % 3 == 1) return 0x7F + v % 33;  /* DEL and C1 */
        return PICK(controls);
    case 15:
        switch (hi % 8) {
        case 0: return 0x3041 + v % 86;
        case 1: return 0x30A1 + v % 90;
        case 2: return 0xAC00 + v * 43;
        case 3: return 0xFF01 + v % 94;
        case 4: return 0x20000 + v * 131;
        case 5: return 0x2460 + v % 60;
        case 6: return 0x3105 + v % 37;
        default: return 0x1100 + v % 0x5A;   /* conjoining jamo */
        }
    default: return 0;
    }
#undef PICK
}

/* The styles a paragraph's spans may take: the body's, and the inline and
 * headline-part styles set at its size. */
static const char *const span_styles[] = {"lead-in", "emphasis", "dateline", "jump", "byline"};

typedef struct maker {
    bs_fuzz_para *para;
    const bs_style *styles[6];
    size_t nstyles;
    const bs_style *style;     /* of the text added next */
    bool keep;
    bool fresh;                /* a span token came: a kept span starts anew */
} maker;

static void add_char(maker *m, uint32_t cp)
{
    if (cp == 0) return;
    char utf8[4];
    int n = bs_utf8_encode(cp, utf8);
    bs_fuzz_para *p = m->para;
    size_t at = p->text.len;
    bs_buf_add(&p->text, utf8, (size_t)n);
    bs_text_span *last = p->nspans ? &p->spans[p->nspans - 1] : NULL;
    /* a kept span takes its characters until the next span token */
    bool same = last && last->style == m->style && last->keep_together == m->keep;
    if (same && (!m->keep || !m->fresh)) {
        last->end = p->text.len;
    } else {
        BS_VEC_RESERVE(p->spans, p->cap, p->nspans + 1);
        p->spans[p->nspans++] = (bs_text_span){at, p->text.len, m->style, m->keep};
    }
    m->fresh = false;
}

static void read_tokens(maker *m, const uint8_t *data, size_t size)
{
    uint32_t last = 0;
    for (size_t i = 0; i + 1 < size;) {
        unsigned kind = data[i] & 15, hi = data[i] >> 4, v = data[i + 1];
        i += 2;
        if (kind == 12) {
            if (i >= size) break;
            uint32_t cp = ((hi << 16) | (v << 8) | data[i++]) % 0x110000;
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            add_char(m, cp);
            last = cp;
        } else if (kind == 13) {
            m->style = m->styles[v % m->nstyles];
            m->keep = hi & 1;
            m->fresh = true;
        } else if (kind == 14) {
            for (unsigned k = 0; k < v % 64; k++) add_char(m, last);
        } else {
            uint32_t cp = token_char(kind, hi, v);
            add_char(m, cp);
            if (cp) last = cp;
        }
    }
}

static void read_raw(maker *m, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size;) {
        uint32_t cp;
        int k = bs_utf8_decode((const char *)data + i, size - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        add_char(m, cp);
        i += (size_t)k;
    }
}

static unsigned byte_at(const uint8_t *data, size_t size, size_t i) { return i < size ? data[i] : 0; }

void bs_fuzz_para_make(bs_fuzz_para *para, const bs_template *tpl, const uint8_t *data, size_t size)
{
    memset(para, 0, sizeof *para);
    const bs_style *body = bs_template_style(tpl, "body");
    if (!body) bs_fuzz_die("the template has no body style");
    unsigned flags = byte_at(data, size, 0), more = byte_at(data, size, 1);

    para->style = *body;
    if ((flags >> 5) < 5) para->style.align = (bs_align)(flags >> 5);
    if ((more & 3) < 3) para->style.punctuation = (bs_punct_style)(more & 3);
    if (more & 4) para->style.edge_marks = body->edge_marks == BS_EDGE_HALF ? BS_EDGE_KEEP_CELL : BS_EDGE_HALF;
    for (int k = 0; k < 3; k++) {
        unsigned v = byte_at(data, size, 2 + 2 * (size_t)k) | byte_at(data, size, 3 + 2 * (size_t)k) << 8;
        para->widths[k] = ((double)(v % 16384) - 1024) / 16;
    }

    maker m = {.para = para, .style = &para->style};
    m.styles[m.nstyles++] = &para->style;
    for (size_t i = 0; i < sizeof span_styles / sizeof *span_styles; i++) {
        const bs_style *s = bs_template_style(tpl, span_styles[i]);
        if (s) m.styles[m.nstyles++] = s;
    }
    bs_buf_adds(&para->text, "");
    if (size > 8) {
        if (flags & 16) read_raw(&m, data + 8, size - 8);
        else read_tokens(&m, data + 8, size - 8);
    }

    unsigned t = more >> 3;
    para->spec = (bs_para_spec){
        .text = para->text.data,
        .len = para->text.len,
        .spans = para->spans,
        .nspans = para->nspans,
        .style = &para->style,
        .no_indent = flags & 2,
        .on_grid = flags & 1,
        .clauses = ((flags >> 2) & 3) == 3 ? BS_CLAUSES_PLAIN : (bs_clause_breaks)((flags >> 2) & 3),
        .target_lines = t >= 24 ? (int)t - 23 : 0,
    };
}

void bs_fuzz_para_free(bs_fuzz_para *para)
{
    bs_buf_free(&para->text);
    free(para->spans);
    memset(para, 0, sizeof *para);
}
