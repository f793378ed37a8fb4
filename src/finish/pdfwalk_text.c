/* pdfwalk_text.c - text objects (PDF 32000-1 §9.3, §9.4): the text state,
 * and each text-showing operator painted as one run whose box is measured
 * with the font's widths. */
#include "pdfwalk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Glyphs of a font that cannot be read are taken as this wide. */
#define FALLBACK_WIDTH 500.0

static int octal(char c)
{
    return c >= '0' && c <= '7' ? c - '0' : -1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* An escape in a literal string (§7.3.4.2) at s[*i] (just after the
 * backslash): returns the byte, or -1 for a line continuation. */
static int escape(const char *s, size_t end, size_t *i)
{
    char c = s[(*i)++];
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'f': return '\f';
    case '\r':
        if (*i < end && s[*i] == '\n') (*i)++;
        return -1;
    case '\n': return -1;
    default: break;
    }
    if (octal(c) < 0) return (unsigned char)c;
    int v = octal(c);
    for (int k = 0; k < 2 && *i < end && octal(s[*i]) >= 0; k++) v = v * 8 + octal(s[(*i)++]);
    return v & 0xFF;
}

/* The bytes of a string token; out has room for t->len bytes. */
static size_t string_bytes(const bs_token *t, unsigned char *out)
{
    size_t n = 0;
    if (t->kind == BS_TOK_HEXSTRING) {
        int high = -1;
        for (size_t i = 1; i + 1 < t->len; i++) {
            int d = hex_digit(t->start[i]);
            if (d < 0) continue;
            if (high < 0) high = d;
            else out[n++] = (unsigned char)(high * 16 + d), high = -1;
        }
        if (high >= 0) out[n++] = (unsigned char)(high * 16);   /* a missing last digit is 0 */
        return n;
    }
    size_t end = t->len - 1;
    for (size_t i = 1; i < end;) {
        char c = t->start[i++];
        if (c != '\\') {
            out[n++] = (unsigned char)c;
        } else if (i < end) {
            int b = escape(t->start, end, &i);
            if (b >= 0) out[n++] = (unsigned char)b;
        }
    }
    return n;
}

/* ------------------------------------------------------------- showing */

typedef struct run {
    double x, y;              /* pen, in unscaled text space */
    double xmin, xmax, ymin, ymax;
    bool any;
} run;

static void run_mark(run *r)
{
    r->xmin = fmin(r->xmin, r->x);
    r->xmax = fmax(r->xmax, r->x);
    r->ymin = fmin(r->ymin, r->y);
    r->ymax = fmax(r->ymax, r->y);
}

/* Advance the pen over the glyphs of one string (§9.4.4). */
static void show_bytes(bs_pf_walk *w, run *r, const unsigned char *s, size_t n)
{
    const bs_pf_gstate *gs = &w->gs;
    const bs_pf_font *f = gs->font;
    bool two = f && f->two_byte;
    run_mark(r);
    for (size_t i = 0; i < n; i += two ? 2 : 1) {
        unsigned code = two ? (unsigned)s[i] << 8 | (i + 1 < n ? s[i + 1] : 0) : s[i];
        double width = f ? bs_pf_font_width(f, code) : FALLBACK_WIDTH;
        double space = (!two && code == 32) ? gs->word_spacing : 0;
        if (f && f->vertical)
            r->y -= gs->font_size + gs->char_spacing + space;   /* DW2's default advance, 1 em down */
        else
            r->x += (width / 1000 * gs->font_size + gs->char_spacing + space) * gs->hscale;
        r->any = true;
        run_mark(r);
    }
}

/* A number in a TJ array moves the pen back by thousandths of an em. */
static void show_adjust(bs_pf_walk *w, run *r, double adjust)
{
    const bs_pf_gstate *gs = &w->gs;
    if (gs->font && gs->font->vertical) r->y -= adjust / 1000 * gs->font_size;
    else r->x -= adjust / 1000 * gs->font_size * gs->hscale;
}

static void paint_run(bs_pf_walk *w, const run *r)
{
    const bs_pf_gstate *gs = &w->gs;
    int mode = gs->render_mode;
    bool fill = mode == 0 || mode == 2 || mode == 4 || mode == 6;
    bool stroke = mode == 1 || mode == 2 || mode == 5 || mode == 6;
    if (!r->any || (!fill && !stroke)) return;
    const bs_pf_font *f = gs->font;
    double asc = f ? f->ascent : 800, desc = f ? f->descent : -200;
    bs_pf_matrix m = bs_pf_mul(w->tm, gs->ctm);
    double x0 = r->xmin, x1 = r->xmax;
    double y0 = r->ymin + gs->rise + desc / 1000 * gs->font_size;
    double y1 = r->ymax + gs->rise + asc / 1000 * gs->font_size;
    if (f && f->vertical) x0 -= gs->font_size / 2, x1 += gs->font_size / 2;
    bs_pf_box box = bs_pf_box_empty();
    bs_pf_box_add_rect(&box, &m, x0, y0, x1, y1);
    /* The size of the type as printed: the em's height through Tm and CTM. */
    double size = fabs(gs->font_size) * hypot(m.c, m.d);
    bs_pf_paint p = {.kind = BS_PF_TEXT, .box = box, .opm = gs->opm, .size = size, .what = "text"};
    if (fill) {
        p.space = &gs->fill.space, p.colour = &gs->fill, p.overprint = gs->op_fill;
        bs_pf_paint_event(w->doc, &p);
    }
    if (stroke) {
        double half = gs->line_width * bs_pf_scale_max(&gs->ctm) / 2;
        p.box = (bs_pf_box){box.x0 - half, box.y0 - half, box.x1 + half, box.y1 + half};
        p.stroke = true, p.space = &gs->stroke.space, p.colour = &gs->stroke, p.overprint = gs->op_stroke;
        bs_pf_paint_event(w->doc, &p);
    }
}

/* Show the strings (and TJ adjustments) among tokens[0..n), paint them as
 * one run, and move the text matrix past them. */
static void show(bs_pf_walk *w, const bs_token *tokens, size_t n)
{
    run r = {0, 0, INFINITY, -INFINITY, INFINITY, -INFINITY, false};
    for (size_t i = 0; i < n; i++) {
        const bs_token *t = &tokens[i];
        if (t->kind == BS_TOK_NUMBER) {
            show_adjust(w, &r, t->number);
        } else if (t->kind == BS_TOK_STRING || t->kind == BS_TOK_HEXSTRING) {
            unsigned char *bytes = bs_xmalloc(t->len + 1);
            size_t nb = string_bytes(t, bytes);
            show_bytes(w, &r, bytes, nb);
            free(bytes);
        }
    }
    paint_run(w, &r);
    bs_pf_matrix move = {1, 0, 0, 1, r.x, r.y};
    w->tm = bs_pf_mul(move, w->tm);
}

static bool last_is_string(const bs_pf_walk *w)
{
    if (w->nops == 0) return false;
    bs_tok_kind k = w->ops[w->nops - 1].kind;
    return k == BS_TOK_STRING || k == BS_TOK_HEXSTRING;
}

static void op_TJ(bs_pf_walk *w)
{
    /* the operand is the array ending with the last token */
    if (w->nops < 2 || w->ops[w->nops - 1].kind != BS_TOK_ARRAY_CLOSE) {
        bs_pf_note_content_error(w->doc, "TJ without an array");
        return;
    }
    size_t open = w->nops - 1;
    while (open > 0 && w->ops[open - 1].kind != BS_TOK_ARRAY_OPEN) open--;
    if (open == 0) {
        bs_pf_note_content_error(w->doc, "TJ without an array");
        return;
    }
    show(w, &w->ops[open], w->nops - 1 - open);
}

/* ------------------------------------------------------------ positioning */

static void move_line(bs_pf_walk *w, double tx, double ty)
{
    bs_pf_matrix move = {1, 0, 0, 1, tx, ty};
    w->tlm = bs_pf_mul(move, w->tlm);
    w->tm = w->tlm;
}

static void next_line(bs_pf_walk *w)
{
    move_line(w, 0, -w->gs.leading);
}

static void op_Tf(bs_pf_walk *w)
{
    double size;
    if (w->nops < 2 || w->ops[w->nops - 2].kind != BS_TOK_NAME || !bs_pf_walk_numbers(w, 1, &size)) {
        bs_pf_note_content_error(w->doc, "Tf without a font and a size");
        return;
    }
    qpdf_oh font = bs_pf_walk_resource(w, "/Font", &w->ops[w->nops - 2]);
    const bs_pf_font *f = bs_pf_font_use(w->doc, font);
    qpdf_oh_release(w->q, font);
    if (!f) bs_pf_note_content_error(w->doc, "Tf names no font in the resources");
    w->gs.font = f;
    w->gs.font_size = size;
}

static bool set_number(bs_pf_walk *w, double *field)
{
    return bs_pf_walk_numbers(w, 1, field);
}

static bool text_state_operator(bs_pf_walk *w, const bs_token *t)
{
    bs_pf_gstate *gs = &w->gs;
    double v[6];
    if (bs_token_is(t, "Tc")) set_number(w, &gs->char_spacing);
    else if (bs_token_is(t, "Tw")) set_number(w, &gs->word_spacing);
    else if (bs_token_is(t, "TL")) set_number(w, &gs->leading);
    else if (bs_token_is(t, "Ts")) set_number(w, &gs->rise);
    else if (bs_token_is(t, "Tz")) {
        if (bs_pf_walk_numbers(w, 1, v)) gs->hscale = v[0] / 100;
    } else if (bs_token_is(t, "Tr")) {
        if (bs_pf_walk_numbers(w, 1, v)) gs->render_mode = (int)bs_pf_clamp(v[0], 0, 7);
    } else if (bs_token_is(t, "Tf")) op_Tf(w);
    else return false;
    return true;
}

/* " takes the word and character spacing before its string. */
static void set_spacing(bs_pf_walk *w)
{
    const bs_token *ops = w->ops + w->nops;
    if (w->nops < 3 || ops[-3].kind != BS_TOK_NUMBER || ops[-2].kind != BS_TOK_NUMBER) {
        bs_pf_note_content_error(w->doc, "\" without its spacings");
        return;
    }
    w->gs.word_spacing = ops[-3].number;
    w->gs.char_spacing = ops[-2].number;
}

bool bs_pf_text_operator(bs_pf_walk *w, const bs_token *t)
{
    double v[6];
    if (text_state_operator(w, t)) return true;
    if (bs_token_is(t, "BT")) w->tm = w->tlm = bs_pf_identity;
    else if (bs_token_is(t, "ET")) return true;
    else if (bs_token_is(t, "Tm")) {
        if (bs_pf_walk_numbers(w, 6, v)) w->tm = w->tlm = (bs_pf_matrix){v[0], v[1], v[2], v[3], v[4], v[5]};
    } else if (bs_token_is(t, "Td")) {
        if (bs_pf_walk_numbers(w, 2, v)) move_line(w, v[0], v[1]);
    } else if (bs_token_is(t, "TD")) {
        if (bs_pf_walk_numbers(w, 2, v)) w->gs.leading = -v[1], move_line(w, v[0], v[1]);
    } else if (bs_token_is(t, "T*")) next_line(w);
    else if (bs_token_is(t, "Tj") || bs_token_is(t, "'") || bs_token_is(t, "\"")) {
        if (!last_is_string(w)) {
            bs_pf_note_content_error(w->doc, "a text operator without its string");
            return true;
        }
        if (bs_token_is(t, "\"")) set_spacing(w);
        if (!bs_token_is(t, "Tj")) next_line(w);
        show(w, &w->ops[w->nops - 1], 1);
    } else if (bs_token_is(t, "TJ")) op_TJ(w);
    else return false;
    return true;
}
