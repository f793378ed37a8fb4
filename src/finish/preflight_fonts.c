/* preflight_fonts.c - the fonts the content uses: whether each is embedded
 * (PDF/X-1a), and its widths and height, which the interpreter needs to
 * know where a run of text ends. */
#include "preflight_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool get_number(qpdf_data q, qpdf_oh dict, const char *key, double *out)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    bool ok = qpdf_oh_get_value_as_number(q, v, out);
    qpdf_oh_release(q, v);
    return ok;
}

static void copy_name(qpdf_data q, qpdf_oh dict, const char *key, char *out, size_t size)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    const char *n = qpdf_oh_is_name(q, v) ? qpdf_oh_get_name(q, v) : "";
    snprintf(out, size, "%s", n[0] == '/' ? n + 1 : n);
    qpdf_oh_release(q, v);
}

/* Codes and CIDs beyond this are not read (CIDs stop at 65535). */
#define MAX_CODE 0xFFFFFF

static void add_range(bs_pf_font *f, size_t *cap, double first, double last, double width)
{
    if (!(first >= 0 && last >= first && last <= MAX_CODE)) return;
    BS_VEC_RESERVE(f->widths, *cap, f->nwidths + 1);
    f->widths[f->nwidths++] = (bs_pf_width_range){(unsigned)first, (unsigned)last, width};
}

static double item_number(qpdf_data q, qpdf_oh array, int i, bool *ok)
{
    double v = 0;
    qpdf_oh item = qpdf_oh_get_array_item(q, array, i);
    if (!qpdf_oh_get_value_as_number(q, item, &v)) *ok = false;
    qpdf_oh_release(q, item);
    return v;
}

/* /FirstChar and /Widths of a simple font; Type 3 widths are in glyph
 * space, scaled to thousandths of an em by the FontMatrix. */
static void simple_widths(qpdf_data q, qpdf_oh font, bs_pf_font *f, double scale)
{
    double first = 0;
    get_number(q, font, "/FirstChar", &first);
    qpdf_oh widths = qpdf_oh_get_key_if_dict(q, font, "/Widths");
    int n = qpdf_oh_is_array(q, widths) ? qpdf_oh_get_array_n_items(q, widths) : 0;
    size_t cap = 0;
    for (int i = 0; i < n; i++) {
        bool ok = true;
        double w = item_number(q, widths, i, &ok);
        if (ok) add_range(f, &cap, first + i, first + i, w * scale);
    }
    qpdf_oh_release(q, widths);
}

/* /W of a CID font (§9.7.4.3): "c [w1 w2 …]" and "c_first c_last w". */
static void cid_widths(qpdf_data q, qpdf_oh cidfont, bs_pf_font *f)
{
    qpdf_oh w = qpdf_oh_get_key_if_dict(q, cidfont, "/W");
    int n = qpdf_oh_is_array(q, w) ? qpdf_oh_get_array_n_items(q, w) : 0;
    size_t cap = 0;
    for (int i = 0; i + 1 < n;) {
        bool ok = true;
        double c = item_number(q, w, i, &ok);
        qpdf_oh next = qpdf_oh_get_array_item(q, w, i + 1);
        if (qpdf_oh_is_array(q, next)) {
            int m = qpdf_oh_get_array_n_items(q, next);
            for (int j = 0; j < m && ok; j++) {
                double width = item_number(q, next, j, &ok);
                if (ok) add_range(f, &cap, c + j, c + j, width);
            }
            i += 2;
        } else {
            double last = item_number(q, w, i + 1, &ok);
            double width = i + 2 < n ? item_number(q, w, i + 2, &ok) : 0;
            if (ok) add_range(f, &cap, c, last, width);
            i += 3;
        }
        qpdf_oh_release(q, next);
        if (!ok) break;
    }
    qpdf_oh_release(q, w);
}

static int by_first(const void *a, const void *b)
{
    const bs_pf_width_range *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static bool has_font_file(qpdf_data q, qpdf_oh descriptor)
{
    static const char *const keys[] = {"/FontFile", "/FontFile2", "/FontFile3"};
    for (size_t i = 0; i < 3; i++) {
        qpdf_oh file = qpdf_oh_get_key_if_dict(q, descriptor, keys[i]);
        bool is = qpdf_oh_is_stream(q, file);
        qpdf_oh_release(q, file);
        if (is) return true;
    }
    return false;
}

static void read_descriptor(qpdf_data q, qpdf_oh font, bs_pf_font *f)
{
    qpdf_oh fd = qpdf_oh_get_key_if_dict(q, font, "/FontDescriptor");
    f->embedded = has_font_file(q, fd);
    double v;
    if (get_number(q, fd, "/Ascent", &v) && v > 0) f->ascent = v;
    if (get_number(q, fd, "/Descent", &v) && v < 0) f->descent = v;
    if (get_number(q, fd, "/MissingWidth", &v)) f->default_width = v;
    qpdf_oh_release(q, fd);
}

/* A Type 0 font: its one descendant CID font holds the descriptor and the
 * widths; the encoding (a CMap) says how codes are read. */
static void read_type0(qpdf_data q, qpdf_oh font, bs_pf_font *f)
{
    qpdf_oh kids = qpdf_oh_get_key_if_dict(q, font, "/DescendantFonts");
    qpdf_oh cid = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_item(q, kids, 0) : qpdf_oh_new_null(q);
    f->default_width = 1000;
    read_descriptor(q, cid, f);
    double dw;
    if (get_number(q, cid, "/DW", &dw)) f->default_width = dw;
    cid_widths(q, cid, f);
    qpdf_oh enc = qpdf_oh_get_key_if_dict(q, font, "/Encoding");
    /* Identity and the predefined CJK CMaps read two bytes a code; an
     * embedded CMap is taken to do so too. */
    f->two_byte = true;
    if (qpdf_oh_is_name(q, enc)) {
        const char *n = qpdf_oh_get_name(q, enc);
        size_t len = strlen(n);
        f->vertical = len > 2 && strcmp(n + len - 2, "-V") == 0;
    } else if (qpdf_oh_is_stream(q, enc)) {
        qpdf_oh d = qpdf_oh_get_dict(q, enc);
        double wmode = 0;
        get_number(q, d, "/WMode", &wmode);
        f->vertical = wmode == 1;
        qpdf_oh_release(q, d);
    }
    qpdf_oh_release(q, enc);
    qpdf_oh_release(q, cid);
    qpdf_oh_release(q, kids);
}

static void read_font(qpdf_data q, qpdf_oh font, bs_pf_font *f)
{
    f->ascent = 800;
    f->descent = -200;
    copy_name(q, font, "/BaseFont", f->name, sizeof f->name);
    copy_name(q, font, "/Subtype", f->subtype, sizeof f->subtype);
    if (strcmp(f->subtype, "Type0") == 0) {
        read_type0(q, font, f);
    } else if (strcmp(f->subtype, "Type3") == 0) {
        qpdf_oh fm = qpdf_oh_get_key_if_dict(q, font, "/FontMatrix");
        bool ok = qpdf_oh_is_array(q, fm);
        double scale = ok ? item_number(q, fm, 0, &ok) * 1000 : 1;
        qpdf_oh_release(q, fm);
        f->embedded = true;   /* its glyphs are procedures in the file; failed as Type 3 */
        simple_widths(q, font, f, ok ? scale : 1);
        if (!*f->name) snprintf(f->name, sizeof f->name, "(Type 3)");
    } else {
        read_descriptor(q, font, f);
        simple_widths(q, font, f, 1);
    }
    qsort(f->widths, f->nwidths, sizeof *f->widths, by_first);
}

static bs_pf_font *find(bs_pf_doc *doc, int id, int gen, const char *direct_name)
{
    for (size_t i = 0; i < doc->nfonts; i++) {
        bs_pf_font *f = doc->fonts[i];
        if (id ? (f->objid == id && f->gen == gen) : (f->objid == 0 && strcmp(f->name, direct_name) == 0)) return f;
    }
    return NULL;
}

const bs_pf_font *bs_pf_font_use(bs_pf_doc *doc, qpdf_oh font)
{
    qpdf_data q = doc->q;
    if (!qpdf_oh_is_dictionary(q, font)) return NULL;
    int id = qpdf_oh_get_object_id(q, font), gen = qpdf_oh_get_generation(q, font);
    char direct_name[64] = "";
    if (!id) copy_name(q, font, "/BaseFont", direct_name, sizeof direct_name);
    bs_pf_font *f = find(doc, id, gen, direct_name);
    if (f) return f;
    f = bs_xcalloc(1, sizeof *f);
    f->objid = id;
    f->gen = gen;
    read_font(q, font, f);
    BS_VEC_RESERVE(doc->fonts, doc->capfonts, doc->nfonts + 1);
    doc->fonts[doc->nfonts++] = f;
    return f;
}

double bs_pf_font_width(const bs_pf_font *f, unsigned code)
{
    size_t lo = 0, hi = f->nwidths;
    while (lo < hi) {   /* the last range starting at or before code */
        size_t mid = (lo + hi) / 2;
        if (f->widths[mid].first <= code) lo = mid + 1;
        else hi = mid;
    }
    if (lo > 0 && code <= f->widths[lo - 1].last) return f->widths[lo - 1].width;
    return f->default_width;
}

void bs_pf_fonts_free(bs_pf_doc *doc)
{
    for (size_t i = 0; i < doc->nfonts; i++) {
        free(doc->fonts[i]->widths);
        free(doc->fonts[i]);
    }
    free(doc->fonts);
}

/* A list of names for the report, as many as fit. */
static void add_name(char *list, size_t size, const char *name)
{
    size_t n = strlen(list);
    if (n + strlen(name) + 8 >= size) {
        if (!strstr(list, "…")) snprintf(list + n, size - n, ", …");
        return;
    }
    snprintf(list + n, size - n, "%s%s", n ? ", " : "", *name ? name : "(unnamed)");
}

void bs_pf_check_fonts(bs_pf_doc *doc, bs_preflight_report *r)
{
    char missing[160] = "", type3[100] = "";
    int nmissing = 0, ntype3 = 0;
    for (size_t i = 0; i < doc->nfonts; i++) {
        const bs_pf_font *f = doc->fonts[i];
        if (strcmp(f->subtype, "Type3") == 0) ntype3++, add_name(type3, sizeof type3, f->name);
        else if (!f->embedded) nmissing++, add_name(missing, sizeof missing, f->name);
    }
    if (nmissing == 0 && ntype3 == 0)
        bs_pf_add_check(r, "fonts", BS_CHECK_PASS, "%zu fonts, all embedded", doc->nfonts);
    else if (ntype3 == 0)
        bs_pf_add_check(r, "fonts", BS_CHECK_FAIL, "%d of %zu fonts not embedded: %s", nmissing, doc->nfonts, missing);
    else
        bs_pf_add_check(r, "fonts", BS_CHECK_FAIL, "%d of %zu fonts not embedded%s%s; %d Type 3: %s", nmissing,
                        doc->nfonts, nmissing ? ": " : "", missing, ntype3, type3);
}
