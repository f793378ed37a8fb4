/* pdfwalk.c - a content-stream interpreter for the preflight: it keeps the
 * graphics state (PDF 32000-1 §8.4), dispatches the operators, and follows
 * Form XObjects (and, from pdfwalk_paint.c, tiling patterns) into their own
 * content; images go to preflight_images.c. Clipping is not tracked: a
 * painted object is taken to cover its whole bounding box. */
#include "pdfwalk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper q nesting than this is taken as malformed (the spec's limit is 28). */
#define MAX_GSTATE_DEPTH 4096

static void walk_stream(bs_pf_walk *w, const char *data, size_t len);

/* ------------------------------------------------------------ operands */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void bs_pf_name_text(const bs_token *t, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < t->len && o + 1 < size; i++) {
        char c = t->start[i];
        if (c == '#' && i + 2 < t->len && hex_value(t->start[i + 1]) >= 0 && hex_value(t->start[i + 2]) >= 0) {
            c = (char)(hex_value(t->start[i + 1]) * 16 + hex_value(t->start[i + 2]));
            i += 2;
        }
        out[o++] = c;
    }
    out[o] = '\0';
}

bool bs_pf_walk_numbers(bs_pf_walk *w, size_t n, double *out)
{
    if (w->nops < n) {
        bs_pf_note_content_error(w->doc, "an operator without its operands");
        return false;
    }
    const bs_token *first = w->ops + w->nops - n;
    for (size_t i = 0; i < n; i++) {
        if (first[i].kind != BS_TOK_NUMBER) {
            bs_pf_note_content_error(w->doc, "an operand that should be a number");
            return false;
        }
        out[i] = first[i].number;
    }
    return true;
}

/* The last operand if it is a name, else NULL. */
const bs_token *bs_pf_walk_name(bs_pf_walk *w)
{
    if (w->nops == 0 || w->ops[w->nops - 1].kind != BS_TOK_NAME) {
        bs_pf_note_content_error(w->doc, "an operator without its name operand");
        return NULL;
    }
    return &w->ops[w->nops - 1];
}

qpdf_oh bs_pf_walk_resource(bs_pf_walk *w, const char *category, const bs_token *name)
{
    char key[128];
    bs_pf_name_text(name, key, sizeof key);
    qpdf_oh cat = qpdf_oh_get_key_if_dict(w->q, w->resources, category);
    qpdf_oh r = qpdf_oh_get_key_if_dict(w->q, cat, key);
    qpdf_oh_release(w->q, cat);
    return r;
}

bool bs_pf_dict_number(qpdf_data q, qpdf_oh dict, const char *key, double *out)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    bool ok = qpdf_oh_get_value_as_number(q, v, out);
    qpdf_oh_release(q, v);
    return ok;
}

bool bs_pf_dict_bool(qpdf_data q, qpdf_oh dict, const char *key, bool *out)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    QPDF_BOOL b = QPDF_FALSE;
    bool ok = qpdf_oh_get_value_as_bool(q, v, &b);
    qpdf_oh_release(q, v);
    if (ok) *out = b;
    return ok;
}

bool bs_pf_dict_name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    bool is = qpdf_oh_is_name_and_equals(q, v, name);
    qpdf_oh_release(q, v);
    return is;
}

bs_pf_matrix bs_pf_dict_matrix(qpdf_data q, qpdf_oh dict, const char *key)
{
    bs_pf_matrix m = bs_pf_identity;
    qpdf_oh a = qpdf_oh_get_key_if_dict(q, dict, key);
    if (qpdf_oh_is_array(q, a) && qpdf_oh_get_array_n_items(q, a) == 6) {
        double v[6];
        bool ok = true;
        for (int i = 0; i < 6 && ok; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, a, i);
            ok = qpdf_oh_get_value_as_number(q, item, &v[i]);
            qpdf_oh_release(q, item);
        }
        if (ok) m = (bs_pf_matrix){v[0], v[1], v[2], v[3], v[4], v[5]};
    }
    qpdf_oh_release(q, a);
    return m;
}

/* A transparency group on a page or a form (PDF/X-1a forbids them). */
static void check_group(bs_pf_walk *w, qpdf_oh dict, const char *where)
{
    qpdf_oh group = qpdf_oh_get_key_if_dict(w->q, dict, "/Group");
    if (bs_pf_dict_name_is(w->q, group, "/S", "/Transparency")) {
        char what[96];
        snprintf(what, sizeof what, "transparency group on %s", where);
        bs_pf_note_transparency(w->doc, what);
    }
    qpdf_oh_release(w->q, group);
}

/* ------------------------------------------------------ graphics state */

static void op_q(bs_pf_walk *w)
{
    if (w->depth >= MAX_GSTATE_DEPTH) {
        bs_pf_note_content_error(w->doc, "q nested too deeply");
        return;
    }
    BS_VEC_RESERVE(w->stack, w->cap, w->depth + 1);
    w->stack[w->depth++] = w->gs;
}

static void op_Q(bs_pf_walk *w, size_t floor)
{
    /* A Q without its q, or one that would pop the state of whoever painted
     * this form, is ignored as readers do. */
    if (w->depth > floor) w->gs = w->stack[--w->depth];
}

static void op_cm(bs_pf_walk *w)
{
    double v[6];
    if (!bs_pf_walk_numbers(w, 6, v)) return;
    bs_pf_matrix m = {v[0], v[1], v[2], v[3], v[4], v[5]};
    w->gs.ctm = bs_pf_mul(m, w->gs.ctm);
}

static void note_gs_transparency(bs_pf_walk *w, const char *res, const char *what)
{
    char text[96];
    snprintf(text, sizeof text, "%.40s in ExtGState %.40s", what, res);
    bs_pf_note_transparency(w->doc, text);
}

static void blend_mode(bs_pf_walk *w, qpdf_oh dict, const char *res)
{
    qpdf_oh bm = qpdf_oh_get_key_if_dict(w->q, dict, "/BM");
    qpdf_oh first = qpdf_oh_is_array(w->q, bm) ? qpdf_oh_get_array_item(w->q, bm, 0) : qpdf_oh_new_object(w->q, bm);
    if (qpdf_oh_is_name(w->q, first) && !qpdf_oh_is_name_and_equals(w->q, first, "/Normal") &&
        !qpdf_oh_is_name_and_equals(w->q, first, "/Compatible")) {
        char what[64];
        snprintf(what, sizeof what, "blend mode %.40s", qpdf_oh_get_name(w->q, first));
        note_gs_transparency(w, res, what);
    }
    qpdf_oh_release(w->q, first);
    qpdf_oh_release(w->q, bm);
}

static void extgstate_font(bs_pf_walk *w, qpdf_oh dict)
{
    qpdf_oh font = qpdf_oh_get_key_if_dict(w->q, dict, "/Font");
    if (qpdf_oh_is_array(w->q, font) && qpdf_oh_get_array_n_items(w->q, font) == 2) {
        qpdf_oh f = qpdf_oh_get_array_item(w->q, font, 0);
        qpdf_oh size = qpdf_oh_get_array_item(w->q, font, 1);
        double s;
        if (qpdf_oh_get_value_as_number(w->q, size, &s)) {
            w->gs.font = bs_pf_font_use(w->doc, f);
            w->gs.font_size = s;
        }
        qpdf_oh_release(w->q, size);
        qpdf_oh_release(w->q, f);
    }
    qpdf_oh_release(w->q, font);
}

static void op_gs(bs_pf_walk *w)
{
    const bs_token *name = bs_pf_walk_name(w);
    if (!name) return;
    char res[64];
    bs_pf_name_text(name, res, sizeof res);
    qpdf_oh dict = bs_pf_walk_resource(w, "/ExtGState", name);
    if (!qpdf_oh_is_dictionary(w->q, dict)) {
        bs_pf_note_content_error(w->doc, "gs names no ExtGState");
        qpdf_oh_release(w->q, dict);
        return;
    }
    bool b;
    double v;
    /* /OP sets both; /op, when present, then sets fills apart (§8.6.7). */
    if (bs_pf_dict_bool(w->q, dict, "/OP", &b)) w->gs.op_stroke = w->gs.op_fill = b;
    if (bs_pf_dict_bool(w->q, dict, "/op", &b)) w->gs.op_fill = b;
    if (bs_pf_dict_number(w->q, dict, "/OPM", &v)) w->gs.opm = (int)bs_pf_clamp(v, 0, 1);
    if (bs_pf_dict_number(w->q, dict, "/LW", &v)) w->gs.line_width = v;
    if (bs_pf_dict_number(w->q, dict, "/CA", &v) && v < 1) note_gs_transparency(w, res, "stroke alpha CA < 1");
    if (bs_pf_dict_number(w->q, dict, "/ca", &v) && v < 1) note_gs_transparency(w, res, "fill alpha ca < 1");
    qpdf_oh smask = qpdf_oh_get_key_if_dict(w->q, dict, "/SMask");
    if (!qpdf_oh_is_null(w->q, smask) && !qpdf_oh_is_name_and_equals(w->q, smask, "/None"))
        note_gs_transparency(w, res, "soft mask");
    qpdf_oh_release(w->q, smask);
    blend_mode(w, dict, res);
    extgstate_font(w, dict);
    qpdf_oh_release(w->q, dict);
}

/* --------------------------------------------------------------- colour */

static void set_device(bs_pf_walk *w, bool stroke, bs_pf_space_kind kind, size_t n, const char *name)
{
    double v[4];
    if (!bs_pf_walk_numbers(w, n, v)) return;
    bs_pf_colour *c = stroke ? &w->gs.stroke : &w->gs.fill;
    bs_pf_space s = {kind, (int)n, 0, ""};
    snprintf(s.name, sizeof s.name, "%s", name);
    bs_pf_colour_initial(c, &s);
    memcpy(c->v, v, n * sizeof *v);
}

static void op_cs(bs_pf_walk *w, bool stroke)
{
    const bs_token *name = bs_pf_walk_name(w);
    if (!name) return;
    char key[128];
    bs_pf_name_text(name, key, sizeof key);
    qpdf_oh oh = qpdf_oh_new_name(w->q, key);
    bs_pf_space s;
    bs_pf_space_resolve(w->q, oh, w->resources, false, &s);
    qpdf_oh_release(w->q, oh);
    bs_pf_colour_initial(stroke ? &w->gs.stroke : &w->gs.fill, &s);
}

/* sc, scn: as many numbers as given (up to 8), and a pattern name. */
static void op_sc(bs_pf_walk *w, bool stroke)
{
    bs_pf_colour *c = stroke ? &w->gs.stroke : &w->gs.fill;
    size_t end = w->nops;
    if (end > 0 && w->ops[end - 1].kind == BS_TOK_NAME) {
        bs_pf_name_text(&w->ops[end - 1], c->pattern, sizeof c->pattern);
        end--;
    }
    size_t start = end;
    while (start > 0 && end - start < 8 && w->ops[start - 1].kind == BS_TOK_NUMBER) start--;
    for (size_t i = start; i < end; i++) c->v[i - start] = w->ops[i].number;
}

/* -------------------------------------------------------------- XObjects */

void bs_pf_walk_form(bs_pf_walk *w, qpdf_oh stream, const char *label, bs_pf_matrix ctm)
{
    qpdf_data q = w->q;
    int id = qpdf_oh_get_object_id(q, stream);
    for (int i = 0; i < w->nforms; i++)
        if (id != 0 && w->forms[i] == id) {
            bs_pf_note_content_error(w->doc, "a form that paints itself");
            return;
        }
    if (w->nforms >= BS_PF_MAX_FORM_DEPTH) {
        bs_pf_note_content_error(w->doc, "forms nested too deeply");
        return;
    }
    if (++w->form_walks > BS_PF_MAX_FORM_WALKS) {
        if (w->form_walks == BS_PF_MAX_FORM_WALKS + 1) bs_pf_note_content_error(w->doc, "forms painted too many times");
        return;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if ((qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &data, &len) & QPDF_ERRORS) || !filtered) {
        qpdf_get_error(q);
        free(data);
        bs_pf_note_content_error(w->doc, "a form's content cannot be decoded");
        return;
    }
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    char where[80];
    snprintf(where, sizeof where, "form %.60s", label);
    check_group(w, dict, where);

    qpdf_oh res = qpdf_oh_get_key_if_dict(q, dict, "/Resources");
    qpdf_oh saved_res = w->resources;
    if (qpdf_oh_is_dictionary(q, res)) w->resources = res;
    /* The form runs in a state of its own (§8.10.1): whatever it leaves on
     * the stack or in the state is dropped when it ends. */
    bs_pf_gstate saved = w->gs;
    bs_pf_matrix saved_tm = w->tm, saved_tlm = w->tlm, saved_base = w->base_ctm;
    size_t saved_depth = w->depth;
    w->gs.ctm = w->base_ctm = ctm;
    w->forms[w->nforms++] = id;
    walk_stream(w, (const char *)data, len);
    w->nforms--;
    w->depth = saved_depth;
    w->gs = saved;
    w->tm = saved_tm;
    w->tlm = saved_tlm;
    w->base_ctm = saved_base;
    w->resources = saved_res;
    qpdf_oh_release(q, res);
    qpdf_oh_release(q, dict);
    free(data);
}

static void op_Do(bs_pf_walk *w)
{
    const bs_token *name = bs_pf_walk_name(w);
    if (!name) return;
    char label[48];
    bs_pf_name_text(name, label, sizeof label);
    qpdf_oh xobj = bs_pf_walk_resource(w, "/XObject", name);
    qpdf_oh dict = qpdf_oh_is_stream(w->q, xobj) ? qpdf_oh_get_dict(w->q, xobj) : qpdf_oh_new_null(w->q);
    if (bs_pf_dict_name_is(w->q, dict, "/Subtype", "/Image")) {
        bs_pf_image_use use = {
            .dict = dict, .stream = xobj, .ctm = w->gs.ctm, .fill = &w->gs.fill,
            .overprint = w->gs.op_fill, .opm = w->gs.opm, .resources = w->resources,
        };
        snprintf(use.label, sizeof use.label, "%s", label);
        bs_pf_image_paint(w->doc, &use);
    } else if (bs_pf_dict_name_is(w->q, dict, "/Subtype", "/Form")) {
        bs_pf_walk_form(w, xobj, label, bs_pf_mul(bs_pf_dict_matrix(w->q, dict, "/Matrix"), w->gs.ctm));
    } else if (!qpdf_oh_is_stream(w->q, xobj)) {
        bs_pf_note_content_error(w->doc, "Do names no XObject");
    }
    qpdf_oh_release(w->q, dict);
    qpdf_oh_release(w->q, xobj);
}

/* BI … ID: the dictionary's tokens were collected as operands; qpdf parses
 * their text, then the lexer hands over the data up to EI. */
static void op_ID(bs_pf_walk *w, bs_lexer *lx)
{
    w->in_inline_dict = false;
    bs_token data = bs_lexer_next(lx);
    if (data.kind != BS_TOK_INLINE_DATA) {
        bs_pf_note_content_error(w->doc, "an inline image without its data");
        return;
    }
    bs_buf text = {0};
    bs_buf_adds(&text, "<< ");
    if (w->nops > 0) {
        const bs_token *first = &w->ops[0], *last = &w->ops[w->nops - 1];
        bs_buf_add(&text, first->start, (size_t)(last->start + last->len - first->start));
    }
    bs_buf_adds(&text, " >>");
    qpdf_oh dict = qpdf_oh_parse(w->q, text.data);
    bs_buf_free(&text);
    if (qpdf_has_error(w->q) || !qpdf_oh_is_dictionary(w->q, dict)) {
        qpdf_get_error(w->q);
        bs_pf_note_content_error(w->doc, "an inline image's dictionary does not parse");
    } else {
        bs_pf_image_use use = {
            .dict = dict, .data = (const unsigned char *)data.start, .len = data.len, .label = "inline image",
            .ctm = w->gs.ctm, .fill = &w->gs.fill, .overprint = w->gs.op_fill, .opm = w->gs.opm,
            .resources = w->resources,
        };
        bs_pf_image_paint(w->doc, &use);
    }
    qpdf_oh_release(w->q, dict);
    bs_token ei = bs_lexer_next(lx);
    if (!bs_token_is(&ei, "EI")) bs_pf_note_content_error(w->doc, "an inline image without EI");
}

/* ------------------------------------------------------------ dispatch */

static bool operand_keyword(const bs_token *t)
{
    return bs_token_is(t, "true") || bs_token_is(t, "false") || bs_token_is(t, "null");
}

static bool colour_operator(bs_pf_walk *w, const bs_token *t)
{
    if (bs_token_is(t, "g")) set_device(w, false, BS_PF_GRAY, 1, "DeviceGray");
    else if (bs_token_is(t, "G")) set_device(w, true, BS_PF_GRAY, 1, "DeviceGray");
    else if (bs_token_is(t, "rg")) set_device(w, false, BS_PF_RGB, 3, "DeviceRGB");
    else if (bs_token_is(t, "RG")) set_device(w, true, BS_PF_RGB, 3, "DeviceRGB");
    else if (bs_token_is(t, "k")) set_device(w, false, BS_PF_CMYK, 4, "DeviceCMYK");
    else if (bs_token_is(t, "K")) set_device(w, true, BS_PF_CMYK, 4, "DeviceCMYK");
    else if (bs_token_is(t, "cs")) op_cs(w, false);
    else if (bs_token_is(t, "CS")) op_cs(w, true);
    else if (bs_token_is(t, "sc") || bs_token_is(t, "scn")) op_sc(w, false);
    else if (bs_token_is(t, "SC") || bs_token_is(t, "SCN")) op_sc(w, true);
    else return false;
    return true;
}

static void operator(bs_pf_walk *w, const bs_token *t, bs_lexer *lx, size_t floor)
{
    if (w->in_inline_dict && !bs_token_is(t, "ID")) return;   /* a keyword inside BI … ID */
    if (bs_pf_path_operator(w, t) || colour_operator(w, t) || bs_pf_text_operator(w, t)) return;
    if (bs_token_is(t, "q")) op_q(w);
    else if (bs_token_is(t, "Q")) op_Q(w, floor);
    else if (bs_token_is(t, "cm")) op_cm(w);
    else if (bs_token_is(t, "gs")) op_gs(w);
    else if (bs_token_is(t, "w")) {
        double v;
        if (bs_pf_walk_numbers(w, 1, &v)) w->gs.line_width = v;
    } else if (bs_token_is(t, "Do")) op_Do(w);
    else if (bs_token_is(t, "sh")) bs_pf_op_sh(w);
    else if (bs_token_is(t, "BI")) w->in_inline_dict = true;
    else if (bs_token_is(t, "ID")) op_ID(w, lx);
    /* everything else (dashes, joins, marked content, compatibility
     * sections, Type 3 glyph metrics) does not matter to the checks */
}

static void walk_stream(bs_pf_walk *w, const char *data, size_t len)
{
    bs_lexer lx;
    bs_lexer_init(&lx, data, len);
    size_t floor = w->depth;
    w->nops = 0;
    w->in_inline_dict = false;
    bs_pf_path_reset(w);
    for (;;) {
        bs_token t = bs_lexer_next(&lx);
        if (t.kind == BS_TOK_END) break;
        if (t.kind == BS_TOK_ERROR) {
            char what[64];
            snprintf(what, sizeof what, "a malformed token at byte %zu", (size_t)(t.start - data));
            bs_pf_note_content_error(w->doc, what);
            break;
        }
        if (t.kind == BS_TOK_KEYWORD && !operand_keyword(&t)) {
            bool in_dict = w->in_inline_dict;
            operator(w, &t, &lx, floor);
            if (!(in_dict && w->in_inline_dict)) w->nops = 0;
            continue;
        }
        BS_VEC_RESERVE(w->ops, w->capops, w->nops + 1);
        w->ops[w->nops++] = t;
    }
}

/* ---------------------------------------------------------------- pages */

static void gstate_initial(bs_pf_gstate *gs)
{
    memset(gs, 0, sizeof *gs);
    gs->ctm = bs_pf_identity;
    bs_pf_space gray = {BS_PF_GRAY, 1, 0, "DeviceGray"};
    bs_pf_colour_initial(&gs->fill, &gray);
    bs_pf_colour_initial(&gs->stroke, &gray);
    gs->line_width = 1;
    gs->hscale = 1;
}

void bs_pf_walk_page(bs_pf_doc *doc, qpdf_oh page)
{
    qpdf_data q = doc->q;
    bs_pf_walk w = {.doc = doc, .q = q};
    gstate_initial(&w.gs);
    w.tm = w.tlm = w.base_ctm = bs_pf_identity;
    check_group(&w, page, "the page");

    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS) {
        qpdf_get_error(q);
        bs_pf_note_content_error(doc, "a page's content cannot be read");
    } else {
        w.resources = qpdf_oh_get_key_if_dict(q, page, "/Resources");
        walk_stream(&w, (const char *)data, len);
        qpdf_oh_release(q, w.resources);
    }
    free(data);
    free(w.stack);
    free(w.ops);
    free(w.subpaths);
}
