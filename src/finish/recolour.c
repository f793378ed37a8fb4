/* recolour.c - the print PDF's colours. cairo wrote every colour as an RGB
 * stand-in from the page's palette; here each becomes the exact CMYK
 * colour it stands for, 100 % black overprints, Registration goes on every
 * plate, and whatever the plate cannot take (RGB, transparency) is removed
 * or reported. */
#include "finish_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Resource names the rewrite adds; cairo's own start with lower case. */
#define OVERPRINT_GS_FORMAT "/BSop%d%d"   /* fill op, stroke OP */
#define REGISTRATION_CS "/BSAll"
#define MAX_SAVE_DEPTH 256                /* q nesting; cairo uses a handful */

typedef struct overprint {
    bool fill, stroke;
} overprint;

/* What the whole document's rewrite shares. */
typedef struct recolour {
    bs_pdfjob *job;
    const bs_palette *palette;
    qpdf_oh overprint_gs[2][2];   /* [fill][stroke], made on first use */
    qpdf_oh registration_cs;      /* made on first use */
    int *done_forms;              /* object numbers of forms already rewritten */
    size_t ndone, done_cap;
    bool ok;
} recolour;

/* One content stream's rewrite. */
typedef struct rewrite {
    recolour *rc;
    const char *owner;            /* "page 1", "form 12 0 R": for messages */
    const char *data;
    size_t len;
    bs_buf out;
    size_t copied;                /* data[0 .. copied) has been written to out */
    overprint now;
    overprint saved[MAX_SAVE_DEPTH];
    int depth;
    bool used_gs[2][2];
    bool used_registration;
} rewrite;

static bool rewrite_failed(rewrite *rw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "<document>: page 1: <what went wrong>" */
static bool rewrite_failed(rewrite *rw, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    rw->rc->ok = false;
    return bs_fail(rw->rc->job->ctx, bs_loc_file(rw->rc->job->name), "%s: %s", rw->owner, what);
}

/* ------------------------------------------------------------ the stream */

/* Write data[copied .. upto) unchanged. */
static void copy_through(rewrite *rw, size_t upto)
{
    if (upto > rw->copied) bs_buf_add(&rw->out, rw->data + rw->copied, upto - rw->copied);
    if (upto > rw->copied) rw->copied = upto;
}

static void set_overprint(rewrite *rw, overprint want)
{
    if (want.fill == rw->now.fill && want.stroke == rw->now.stroke) return;
    bs_buf_printf(&rw->out, " " OVERPRINT_GS_FORMAT " gs ", want.fill, want.stroke);
    rw->used_gs[want.fill][want.stroke] = true;
    rw->now = want;
}

static bool is_solid_black(bs_cmyk c)
{
    return c.c == 0 && c.m == 0 && c.y == 0 && c.k == 100;
}

/* The CMYK colour in place of a stand-in: K100 overprints (so type and
 * rules never leave a white gap when the plates are out of register),
 * everything else knocks out. */
static void write_colour(rewrite *rw, bs_cmyk c, bool stroke)
{
    if (bs_cmyk_equal(c, BS_CMYK_REGISTRATION)) {
        bs_buf_printf(&rw->out, REGISTRATION_CS " %s 1 %s", stroke ? "CS" : "cs", stroke ? "SC" : "sc");
        rw->used_registration = true;
    } else {
        bs_buf_printf(&rw->out, "%.4g %.4g %.4g %.4g %s", c.c / 100.0, c.m / 100.0, c.y / 100.0, c.k / 100.0,
                      stroke ? "K" : "k");
    }
    overprint want = rw->now;
    if (stroke) want.stroke = is_solid_black(c);
    else want.fill = is_solid_black(c);
    set_overprint(rw, want);
}

/* "r g b rg" or "RG" with its operands starting at `from`. */
static bool replace_rgb(rewrite *rw, size_t from, const double rgb[3], int noperands, bool stroke)
{
    const char *op = stroke ? "RG" : "rg";
    if (noperands != 3) return rewrite_failed(rw, "malformed colour operator '%s'", op);
    bs_cmyk c;
    if (!bs_palette_lookup(rw->rc->palette, rgb[0], rgb[1], rgb[2], &c))
        return rewrite_failed(rw, "the colour '%g %g %g %s' is not one of the page's colours; it would reach the "
                                  "plate as RGB",
                              rgb[0], rgb[1], rgb[2], op);
    copy_through(rw, from);
    write_colour(rw, c, stroke);
    return true;
}

/* Pictures are painted knocking out: overprinting a picture would let what
 * lies under it show through its light parts. */
static void before_painting_picture(rewrite *rw, size_t from)
{
    if (!rw->now.fill) return;
    copy_through(rw, from);
    set_overprint(rw, (overprint){false, rw->now.stroke});
}

static bool is_operand(const bs_token *t)
{
    if (t->kind != BS_TOK_KEYWORD) return true;
    return bs_token_is(t, "true") || bs_token_is(t, "false") || bs_token_is(t, "null");
}

static bool check_colour_space(rewrite *rw, const bs_token *operand)
{
    char name[64];
    size_t n = operand->len < sizeof name - 1 ? operand->len : sizeof name - 1;
    memcpy(name, operand->start, n);
    name[n] = '\0';
    if (strcmp(name, REGISTRATION_CS) == 0 || strcmp(name, "/DeviceCMYK") == 0 || strcmp(name, "/DeviceGray") == 0)
        return true;
    return rewrite_failed(rw, "colour space %s in the page; only the page's CMYK colours can go to plate", name);
}

static bool handle_operator(rewrite *rw, const bs_token *op, size_t operands_start, const bs_token *last,
                            const double *numbers, int noperands)
{
    bool stroke = bs_token_is(op, "RG");
    if (stroke || bs_token_is(op, "rg")) {
        if (!replace_rgb(rw, operands_start, numbers, noperands, stroke)) return false;
        rw->copied = (size_t)(op->start - rw->data) + op->len;   /* the stand-in is consumed whole */
        return true;
    }
    if (bs_token_is(op, "q")) {
        if (rw->depth < MAX_SAVE_DEPTH) rw->saved[rw->depth] = rw->now;
        rw->depth++;
    } else if (bs_token_is(op, "Q")) {
        if (rw->depth > 0 && --rw->depth < MAX_SAVE_DEPTH) rw->now = rw->saved[rw->depth];
    } else if (bs_token_is(op, "Do") || bs_token_is(op, "sh")) {
        before_painting_picture(rw, operands_start);
    } else if (bs_token_is(op, "BI")) {
        before_painting_picture(rw, (size_t)(op->start - rw->data));
    } else if (bs_token_is(op, "cs") || bs_token_is(op, "CS")) {
        if (noperands == 1 && last->kind == BS_TOK_NAME) return check_colour_space(rw, last);
    }
    return true;
}

/* Inline images carry their colour space in the BI dictionary. */
static bool check_inline_image(rewrite *rw, const bs_token *t)
{
    static const char *const rgb_names[] = {"/RGB", "/DeviceRGB", "/CalRGB", "/ICCBased", "/Lab", NULL};
    if (t->kind != BS_TOK_NAME) return true;
    for (size_t i = 0; rgb_names[i]; i++)
        if (t->len == strlen(rgb_names[i]) && memcmp(t->start, rgb_names[i], t->len) == 0)
            return rewrite_failed(rw, "an inline picture in %s; pictures must be CMYK or grey", rgb_names[i]);
    return true;
}

/* The stream with its colours rewritten, into rw->out. */
static bool rewrite_stream(rewrite *rw)
{
    bs_lexer lx;
    bs_lexer_init(&lx, rw->data, rw->len);
    size_t operands_start = 0;
    int noperands = 0;
    double numbers[3] = {0, 0, 0};
    bs_token last = {0};
    bool in_inline_image = false;
    bs_buf_add(&rw->out, "", 0);
    for (;;) {
        bs_token t = bs_lexer_next(&lx);
        if (t.kind == BS_TOK_END) break;
        if (t.kind == BS_TOK_ERROR)
            return rewrite_failed(rw, "the content stream cannot be read at byte %zu", (size_t)(t.start - rw->data));
        if (in_inline_image && !check_inline_image(rw, &t)) return false;
        if (is_operand(&t) || t.kind == BS_TOK_INLINE_DATA) {
            if (noperands == 0) operands_start = (size_t)(t.start - rw->data);
            if (noperands < 3) numbers[noperands] = t.number;
            noperands++;
            last = t;
            continue;
        }
        if (bs_token_is(&t, "BI")) in_inline_image = true;
        if (bs_token_is(&t, "ID")) in_inline_image = false;
        if (noperands == 0) operands_start = (size_t)(t.start - rw->data);
        if (!handle_operator(rw, &t, operands_start, &last, numbers, noperands)) return false;
        noperands = 0;
    }
    copy_through(rw, rw->len);
    return true;
}

/* ------------------------------------------------------------- resources */

static qpdf_oh dict_in(qpdf_data q, qpdf_oh parent, const char *key)
{
    qpdf_oh d = qpdf_oh_get_key(q, parent, key);
    if (qpdf_oh_is_dictionary(q, d)) return d;
    d = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, parent, key, d);
    return qpdf_oh_get_key(q, parent, key);
}

static qpdf_oh overprint_state(recolour *rc, int fill, int stroke)
{
    qpdf_data q = rc->job->q;
    if (!rc->overprint_gs[fill][stroke]) {
        char text[96];
        snprintf(text, sizeof text, "<< /Type /ExtGState /op %s /OP %s /OPM 1 >>", fill ? "true" : "false",
                 stroke ? "true" : "false");
        rc->overprint_gs[fill][stroke] = qpdf_make_indirect_object(q, qpdf_oh_parse(q, text));
    }
    return rc->overprint_gs[fill][stroke];
}

/* Registration: a separation every device paints on all its plates. */
static qpdf_oh registration_space(recolour *rc)
{
    qpdf_data q = rc->job->q;
    if (!rc->registration_cs)
        rc->registration_cs = qpdf_make_indirect_object(
            q, qpdf_oh_parse(q, "[/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] "
                                "/C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]"));
    return rc->registration_cs;
}

static void add_used_resources(rewrite *rw, qpdf_oh resources)
{
    qpdf_data q = rw->rc->job->q;
    for (int f = 0; f < 2; f++)
        for (int s = 0; s < 2; s++) {
            if (!rw->used_gs[f][s]) continue;
            char name[32];
            snprintf(name, sizeof name, OVERPRINT_GS_FORMAT, f, s);
            qpdf_oh_replace_key(q, dict_in(q, resources, "/ExtGState"), name, overprint_state(rw->rc, f, s));
        }
    if (rw->used_registration)
        qpdf_oh_replace_key(q, dict_in(q, resources, "/ColorSpace"), REGISTRATION_CS, registration_space(rw->rc));
}

static bool number_is(qpdf_data q, qpdf_oh v, double want)
{
    return qpdf_oh_is_number(q, v) && qpdf_oh_get_numeric_value(q, v) == want;
}

/* cairo gives every drawing state /CA 1 /ca 1: opaque, but PDF/X-1a
 * forbids the keys. Anything really transparent is an error. */
static bool clean_graphics_state(recolour *rc, const char *owner, const char *name, qpdf_oh gs)
{
    qpdf_data q = rc->job->q;
    static const char *const alpha_keys[] = {"/CA", "/ca", NULL};
    for (size_t i = 0; alpha_keys[i]; i++) {
        if (!qpdf_oh_has_key(q, gs, alpha_keys[i])) continue;
        if (!number_is(q, qpdf_oh_get_key(q, gs, alpha_keys[i]), 1))
            return bs_fail(rc->job->ctx, bs_loc_file(rc->job->name),
                           "%s: drawing state %s is transparent; the plate cannot print transparency", owner, name);
        qpdf_oh_remove_key(q, gs, alpha_keys[i]);
    }
    qpdf_oh smask = qpdf_oh_get_key(q, gs, "/SMask");
    if (qpdf_oh_has_key(q, gs, "/SMask") && !qpdf_oh_is_name_and_equals(q, smask, "/None"))
        return bs_fail(rc->job->ctx, bs_loc_file(rc->job->name), "%s: drawing state %s has a soft mask", owner, name);
    qpdf_oh_remove_key(q, gs, "/SMask");
    qpdf_oh bm = qpdf_oh_get_key(q, gs, "/BM");
    if (qpdf_oh_has_key(q, gs, "/BM") && !qpdf_oh_is_name_and_equals(q, bm, "/Normal") &&
        !qpdf_oh_is_name_and_equals(q, bm, "/Compatible"))
        return bs_fail(rc->job->ctx, bs_loc_file(rc->job->name), "%s: drawing state %s blends", owner, name);
    qpdf_oh_remove_key(q, gs, "/BM");
    return true;
}

/* ----------------------------------------------------------------- images */

/* Does a JPEG carry Adobe's APP14 marker? Adobe-convention CMYK JPEGs hold
 * inverted ink values, which a PDF must undo with /Decode. */
static bool jpeg_has_adobe_marker(const unsigned char *p, size_t n)
{
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return false;
    size_t i = 2;
    while (i + 4 <= n && p[i] == 0xFF) {
        unsigned marker = p[i + 1];
        size_t seglen = ((size_t)p[i + 2] << 8) | p[i + 3];
        if (marker == 0xDA || seglen < 2) return false;   /* start of scan: no more markers */
        if (marker == 0xEE && seglen >= 7 && i + 9 <= n && memcmp(p + i + 4, "Adobe", 5) == 0) return true;
        i += 2 + seglen;
    }
    return false;
}

static bool filter_is(qpdf_data q, qpdf_oh dict, const char *name)
{
    return qpdf_oh_is_or_has_name(q, qpdf_oh_get_key(q, dict, "/Filter"), name);
}

static bool finish_image(recolour *rc, const char *owner, const char *name, qpdf_oh image)
{
    qpdf_data q = rc->job->q;
    bs_ctx *ctx = rc->job->ctx;
    bs_loc loc = bs_loc_file(rc->job->name);
    qpdf_oh dict = qpdf_oh_get_dict(q, image);
    if (qpdf_oh_has_key(q, dict, "/SMask"))
        return bs_fail(ctx, loc, "%s: picture %s has a soft mask (transparency)", owner, name);
    if (filter_is(q, dict, "/JPXDecode") || filter_is(q, dict, "/JBIG2Decode"))
        return bs_fail(ctx, loc, "%s: picture %s is JPEG 2000 or JBIG2, which PDF 1.3 has not", owner, name);
    QPDF_BOOL mask = QPDF_FALSE;
    qpdf_oh_get_value_as_bool(q, qpdf_oh_get_key(q, dict, "/ImageMask"), &mask);
    if (mask) return true;   /* a stencil: painted in the fill colour */
    qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
    if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceGray")) return true;
    if (!qpdf_oh_is_name_and_equals(q, cs, "/DeviceCMYK"))
        return bs_fail(ctx, loc, "%s: picture %s is in %s, not CMYK; it must be separated for the plate", owner,
                       name, qpdf_oh_unparse(q, cs));
    if (!filter_is(q, dict, "/DCTDecode") || qpdf_oh_has_key(q, dict, "/Decode")) return true;
    unsigned char *jpeg = NULL;
    size_t len = 0;
    qpdf_oh_get_stream_data(q, image, qpdf_dl_none, NULL, &jpeg, &len);
    if (jpeg_has_adobe_marker(jpeg, len))
        qpdf_oh_replace_key(q, dict, "/Decode", qpdf_oh_parse(q, "[1 0 1 0 1 0 1 0]"));
    free(jpeg);
    return true;
}

/* ------------------------------------------------------------- owners */

static bool finish_owner(recolour *rc, const char *owner, qpdf_oh resources, const char *data, size_t len,
                         bs_buf *out);

static bool form_done(recolour *rc, int objid)
{
    for (size_t i = 0; i < rc->ndone; i++)
        if (rc->done_forms[i] == objid) return true;
    BS_VEC_RESERVE(rc->done_forms, rc->done_cap, rc->ndone + 1);
    rc->done_forms[rc->ndone++] = objid;
    return false;
}

/* A form XObject (cairo makes them for groups): its stream, its
 * resources and its own forms, once however often it is used. */
static bool finish_form(recolour *rc, qpdf_oh form, qpdf_oh inherited)
{
    qpdf_data q = rc->job->q;
    int objid = qpdf_oh_get_object_id(q, form);
    if (objid > 0 && form_done(rc, objid)) return true;
    char owner[48];
    snprintf(owner, sizeof owner, "form %d 0 R", objid);
    qpdf_oh dict = qpdf_oh_get_dict(q, form);
    qpdf_oh_remove_key(q, dict, "/Group");
    qpdf_oh resources = qpdf_oh_get_key(q, dict, "/Resources");
    if (!qpdf_oh_is_dictionary(q, resources)) resources = inherited;
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &data, &len) != QPDF_SUCCESS)
        return bs_pdfjob_ok(rc->job, owner);
    bs_buf out = {0};
    bool ok = finish_owner(rc, owner, resources, (const char *)data, len, &out);
    free(data);
    if (ok) ok = bs_pdf_set_stream(rc->job, form, out.data, out.len);
    bs_buf_free(&out);
    return ok && bs_pdfjob_ok(rc->job, owner);
}

/* A dictionary's keys, NULL-ended, to free with free_keys. libqpdf has one
 * key iterator per document, so nested walks must collect keys first. */
static char **dict_keys(qpdf_data q, qpdf_oh dict)
{
    char **keys = NULL;
    size_t n = 0, cap = 0;
    BS_VEC_RESERVE(keys, cap, 1);
    if (qpdf_oh_is_dictionary(q, dict)) {
        qpdf_oh_begin_dict_key_iter(q, dict);
        while (qpdf_oh_dict_more_keys(q)) {
            BS_VEC_RESERVE(keys, cap, n + 2);
            keys[n++] = bs_xstrdup(qpdf_oh_dict_next_key(q));
        }
    }
    keys[n] = NULL;
    return keys;
}

static void free_keys(char **keys)
{
    for (size_t i = 0; keys[i]; i++) free(keys[i]);
    free(keys);
}

static bool finish_resources(recolour *rc, const char *owner, qpdf_oh resources)
{
    qpdf_data q = rc->job->q;
    bool ok = true;
    qpdf_oh states = qpdf_oh_get_key(q, resources, "/ExtGState");
    char **names = dict_keys(q, states);
    for (size_t i = 0; names[i]; i++)
        if (strncmp(names[i], "/BSop", 5) != 0)
            ok = clean_graphics_state(rc, owner, names[i], qpdf_oh_get_key(q, states, names[i])) && ok;
    free_keys(names);
    qpdf_oh objects = qpdf_oh_get_key(q, resources, "/XObject");
    names = dict_keys(q, objects);
    for (size_t i = 0; names[i]; i++) {
        qpdf_oh x = qpdf_oh_get_key(q, objects, names[i]);
        qpdf_oh subtype = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, x), "/Subtype");
        if (qpdf_oh_is_name_and_equals(q, subtype, "/Image")) ok = finish_image(rc, owner, names[i], x) && ok;
        else if (qpdf_oh_is_name_and_equals(q, subtype, "/Form")) ok = finish_form(rc, x, resources) && ok;
    }
    free_keys(names);
    return ok;
}

/* A page's or a form's content and resources. */
static bool finish_owner(recolour *rc, const char *owner, qpdf_oh resources, const char *data, size_t len,
                         bs_buf *out)
{
    rewrite rw = {.rc = rc, .owner = owner, .data = data, .len = len};
    bool ok = rewrite_stream(&rw);
    if (ok && qpdf_oh_is_dictionary(rc->job->q, resources)) {
        add_used_resources(&rw, resources);
        ok = finish_resources(rc, owner, resources);
    } else if (ok && (rw.used_registration || rw.used_gs[0][1] || rw.used_gs[1][0] || rw.used_gs[1][1])) {
        ok = rewrite_failed(&rw, "the content has no resource dictionary");
    }
    if (ok) *out = rw.out;
    else bs_buf_free(&rw.out);
    return ok;
}

static bool finish_page(recolour *rc, int index, qpdf_oh page)
{
    qpdf_data q = rc->job->q;
    char owner[32];
    snprintf(owner, sizeof owner, "page %d", index + 1);
    /* cairo gives every page a transparency group; PDF/X-1a has none */
    qpdf_oh_remove_key(q, page, "/Group");
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(q, page, &data, &len) != QPDF_SUCCESS) return bs_pdfjob_ok(rc->job, owner);
    qpdf_oh resources = qpdf_oh_get_key(q, page, "/Resources");
    bs_buf out = {0};
    bool ok = finish_owner(rc, owner, resources, (const char *)data, len, &out);
    free(data);
    if (ok) {
        qpdf_oh contents = qpdf_oh_new_stream(q);
        ok = bs_pdf_set_stream(rc->job, contents, out.data, out.len);
        qpdf_oh_replace_key(q, page, "/Contents", contents);
    }
    bs_buf_free(&out);
    return ok && bs_pdfjob_ok(rc->job, owner);
}

bool bs_recolour(bs_pdfjob *job, const bs_palette *palette)
{
    recolour rc = {.job = job, .palette = palette, .ok = true};
    int npages = qpdf_get_num_pages(job->q);
    if (npages < 0) return bs_pdfjob_ok(job, "reading the pages");
    bool ok = true;
    for (int i = 0; i < npages; i++)
        if (!finish_page(&rc, i, qpdf_get_page_n(job->q, (size_t)i))) ok = false;
    free(rc.done_forms);
    return ok && rc.ok;
}
