/* preflight_images.c - images as painted: their format (PDF/X-1a: CMYK or
 * Gray, at most 8 bits, no JPX or JBIG2), their effective resolution at the
 * placed size, and the most ink their pixels carry. */
#include "preflight_internal.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* Effective resolution below which line art (1 bit) is warned, as plants
 * ask (prepress.md §1.2). */
#define LINE_ART_PPI 600.0
/* Wider or taller images than this are taken as this size (no real one is). */
#define MAX_SIDE 1e7

struct bs_pf_image_entry {
    int objid, gen;
    bool known;              /* the pixels could be measured */
    bool inverted_no_decode; /* an Adobe CMYK JPEG without /Decode */
    double sub[16];
    double max_u, max_v;     /* where the most ink is, in image space (0..1) */
};

/* ----------------------------------------------------- the image's dict */

typedef struct image_info {
    long long w, h;
    int bpc;
    bool mask;               /* an image mask: painted with the fill colour */
    bool jpx, jbig2, dct, other_filter;
    bool smask;
    bs_pf_space space;
    int ndecode;
    double decode[8];
} image_info;

/* The value of `key`, or of its inline-image abbreviation. */
static qpdf_oh key2(qpdf_data q, qpdf_oh dict, const char *key, const char *abbrev)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    if (qpdf_oh_is_null(q, v) && abbrev) {
        qpdf_oh_release(q, v);
        v = qpdf_oh_get_key_if_dict(q, dict, abbrev);
    }
    return v;
}

static double number2(qpdf_data q, qpdf_oh dict, const char *key, const char *abbrev, double fallback)
{
    qpdf_oh v = key2(q, dict, key, abbrev);
    double d = fallback;
    qpdf_oh_get_value_as_number(q, v, &d);
    qpdf_oh_release(q, v);
    return d;
}

static void note_filter(image_info *info, const char *name)
{
    if (strcmp(name, "/JPXDecode") == 0) info->jpx = true;
    else if (strcmp(name, "/JBIG2Decode") == 0) info->jbig2 = true;
    else if (strcmp(name, "/DCTDecode") == 0 || strcmp(name, "/DCT") == 0) info->dct = true;
    else info->other_filter = true;
}

static void read_filters(qpdf_data q, qpdf_oh dict, image_info *info)
{
    qpdf_oh f = key2(q, dict, "/Filter", "/F");
    if (qpdf_oh_is_name(q, f)) {
        note_filter(info, qpdf_oh_get_name(q, f));
    } else if (qpdf_oh_is_array(q, f)) {
        int n = qpdf_oh_get_array_n_items(q, f);
        for (int i = 0; i < n; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, f, i);
            if (qpdf_oh_is_name(q, item)) note_filter(info, qpdf_oh_get_name(q, item));
            qpdf_oh_release(q, item);
        }
    }
    qpdf_oh_release(q, f);
}

static void read_decode(qpdf_data q, qpdf_oh dict, image_info *info)
{
    qpdf_oh d = key2(q, dict, "/Decode", "/D");
    int n = qpdf_oh_is_array(q, d) ? qpdf_oh_get_array_n_items(q, d) : 0;
    for (int i = 0; i < n && i < 8; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, d, i);
        if (qpdf_oh_get_value_as_number(q, item, &info->decode[i])) info->ndecode = i + 1;
        qpdf_oh_release(q, item);
    }
    qpdf_oh_release(q, d);
}

static void read_info(qpdf_data q, const bs_pf_image_use *use, image_info *info)
{
    bool inl = use->stream == 0;
    memset(info, 0, sizeof *info);
    info->w = (long long)bs_pf_clamp(number2(q, use->dict, "/Width", inl ? "/W" : NULL, 0), 0, MAX_SIDE);
    info->h = (long long)bs_pf_clamp(number2(q, use->dict, "/Height", inl ? "/H" : NULL, 0), 0, MAX_SIDE);
    qpdf_oh im = key2(q, use->dict, "/ImageMask", inl ? "/IM" : NULL);
    QPDF_BOOL mask = QPDF_FALSE;
    qpdf_oh_get_value_as_bool(q, im, &mask);
    info->mask = mask;
    qpdf_oh_release(q, im);
    info->bpc = (int)bs_pf_clamp(number2(q, use->dict, "/BitsPerComponent", inl ? "/BPC" : NULL, info->mask ? 1 : 0),
                                 0, 64);
    read_filters(q, use->dict, info);
    read_decode(q, use->dict, info);
    qpdf_oh smask = qpdf_oh_get_key_if_dict(q, use->dict, "/SMask");
    info->smask = qpdf_oh_is_stream(q, smask);
    qpdf_oh_release(q, smask);
    double in_data = number2(q, use->dict, "/SMaskInData", NULL, 0);
    if (in_data != 0) info->smask = true;
    if (info->mask) {
        info->space = use->fill->space;
        return;
    }
    qpdf_oh cs = key2(q, use->dict, "/ColorSpace", inl ? "/CS" : NULL);
    if (qpdf_oh_is_null(q, cs) && info->jpx) {
        info->space = (bs_pf_space){BS_PF_OTHER, 0, 0, "JPX (in the codestream)"};
    } else {
        bs_pf_space_resolve(q, cs, use->resources, inl, &info->space);
    }
    qpdf_oh_release(q, cs);
}

/* ------------------------------------------------------------ measuring */

/* Ink per pixel: a table from sample value to ink for each component, and
 * the running maxima. */
typedef struct ink_meter {
    int comps;               /* 1 (K) or 4 (CMYK) */
    int bpc;
    long long w, h;
    double table[4][256];
    double sub[16];
    long long max_x, max_y;
    bool any;
} ink_meter;

static bool meter_init(ink_meter *m, const image_info *info, bool invert_by_default)
{
    memset(m, 0, sizeof *m);
    bs_pf_space_kind kind = info->space.kind;
    if (kind == BS_PF_ICC && info->space.icc_n == 1) kind = BS_PF_GRAY;
    if (kind == BS_PF_ICC && info->space.icc_n == 4) kind = BS_PF_CMYK;
    if ((kind != BS_PF_GRAY && kind != BS_PF_CMYK) || info->bpc < 1 || info->bpc > 8 || (8 % info->bpc) != 0)
        return false;
    m->comps = kind == BS_PF_GRAY ? 1 : 4;
    m->bpc = info->bpc;
    m->w = info->w;
    m->h = info->h;
    int levels = (1 << m->bpc) - 1;
    for (int c = 0; c < m->comps; c++) {
        double d0 = invert_by_default ? 1 : 0, d1 = invert_by_default ? 0 : 1;
        if (info->ndecode >= 2 * (c + 1)) d0 = info->decode[2 * c], d1 = info->decode[2 * c + 1];
        for (int v = 0; v <= levels; v++) {
            double x = d0 + v * (d1 - d0) / levels;
            x = x < 0 ? 0 : x > 1 ? 1 : x;
            m->table[c][v] = m->comps == 1 ? 1 - x : x;   /* grey is light, ink is dark */
        }
    }
    return true;
}

static unsigned sample(const unsigned char *row, long long index, int bpc)
{
    if (bpc == 8) return row[index];
    long long bit = index * bpc;
    unsigned byte = row[bit / 8];
    int shift = 8 - bpc - (int)(bit % 8);
    return (byte >> shift) & ((1u << bpc) - 1);
}

static void meter_row(ink_meter *m, const unsigned char *row, long long y)
{
    for (long long x = 0; x < m->w; x++) {
        double cmyk[4] = {0, 0, 0, 0};
        if (m->comps == 1) cmyk[3] = m->table[0][sample(row, x, m->bpc)];
        else
            for (int c = 0; c < 4; c++) cmyk[c] = m->table[c][sample(row, x * 4 + c, m->bpc)];
        double total = cmyk[0] + cmyk[1] + cmyk[2] + cmyk[3];
        if (!m->any || total > m->sub[BS_PF_ALL_PLATES]) m->max_x = x, m->max_y = y;
        double s[16];
        bs_pf_ink_subsets(cmyk, s);
        for (int i = 0; i < 16; i++) m->sub[i] = fmax(m->sub[i], s[i]);
        m->any = true;
    }
}

static size_t row_bytes(const ink_meter *m)
{
    return (size_t)((m->w * m->comps * m->bpc + 7) / 8);
}

/* Samples as the stream holds them once decoded (no filter, or filters
 * qpdf undoes losslessly). */
static bool meter_samples(ink_meter *m, const unsigned char *data, size_t len)
{
    size_t stride = row_bytes(m);
    if (stride == 0) return false;
    long long rows = (long long)(len / stride);
    if (rows > m->h) rows = m->h;
    for (long long y = 0; y < rows; y++) meter_row(m, data + (size_t)y * stride, y);
    return m->any;
}

/* libjpeg's default error handler exits the process; this one jumps back,
 * and warnings (corrupt data) stay quiet: the image is only measured. */
typedef struct jpeg_failure {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
} jpeg_failure;

static void jpeg_on_error(j_common_ptr cinfo)
{
    longjmp(((jpeg_failure *)cinfo->err)->jump, 1);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    (void)cinfo;
    (void)level;
}

/* Decode a JPEG of 1 or 4 components row by row into the meter; Adobe CMYK
 * JPEGs are stored inverted, so without /Decode they are read that way. */
static bool meter_jpeg(ink_meter *m, const image_info *info, const unsigned char *data, size_t len,
                       bool *adobe_no_decode)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_failure failure;
    JSAMPLE *volatile row = NULL;
    volatile bool ok = false;
    cinfo.err = jpeg_std_error(&failure.mgr);
    failure.mgr.error_exit = jpeg_on_error;
    failure.mgr.emit_message = jpeg_on_message;
    jpeg_create_decompress(&cinfo);
    if (setjmp(failure.jump) == 0) {
        jpeg_mem_src(&cinfo, data, (unsigned long)len);
        jpeg_read_header(&cinfo, TRUE);
        int comps = cinfo.num_components;
        bool adobe = cinfo.saw_Adobe_marker && comps == 4;
        *adobe_no_decode = adobe && info->ndecode == 0;
        image_info as_read = *info;
        as_read.bpc = 8;
        if ((comps == 1 || comps == 4) && meter_init(m, &as_read, adobe) && m->comps == comps &&
            (long long)cinfo.image_width == info->w) {
            cinfo.out_color_space = comps == 4 ? JCS_CMYK : JCS_GRAYSCALE;
            jpeg_start_decompress(&cinfo);
            row = bs_xmalloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
            while (cinfo.output_scanline < cinfo.output_height) {
                JSAMPROW rows[1] = {row};
                long long y = cinfo.output_scanline;
                jpeg_read_scanlines(&cinfo, rows, 1);
                meter_row(m, row, y);
            }
            jpeg_finish_decompress(&cinfo);
            ok = m->any;
        }
    }
    jpeg_destroy_decompress(&cinfo);
    free(row);
    return ok;
}

static bool measure_stream(qpdf_data q, qpdf_oh stream, const image_info *info, ink_meter *m, bool *adobe_no_decode)
{
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    bool ok = false;
    if (info->dct && !info->other_filter) {
        if (!(qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS))
            ok = meter_jpeg(m, info, data, len, adobe_no_decode);
    } else if (!info->dct && meter_init(m, info, false)) {
        if (!(qpdf_oh_get_stream_data(q, stream, qpdf_dl_specialized, &filtered, &data, &len) & QPDF_ERRORS) &&
            filtered)
            ok = meter_samples(m, data, len);
    }
    if (qpdf_has_error(q)) qpdf_get_error(q);
    free(data);
    return ok;
}

static bool measure_inline(const bs_pf_image_use *use, const image_info *info, ink_meter *m, bool *adobe_no_decode)
{
    if (info->dct && !info->other_filter) return meter_jpeg(m, info, use->data, use->len, adobe_no_decode);
    if (info->dct || info->other_filter || !meter_init(m, info, false)) return false;
    return meter_samples(m, use->data, use->len);
}

static void entry_from_meter(bs_pf_image_entry *e, const ink_meter *m, bool known)
{
    e->known = known;
    if (!known) return;
    memcpy(e->sub, m->sub, sizeof e->sub);
    e->max_u = (m->max_x + 0.5) / (double)m->w;
    e->max_v = 1 - (m->max_y + 0.5) / (double)m->h;   /* image rows run top down */
}

/* The measured ink of an image XObject, once per object. */
static const bs_pf_image_entry *measured(bs_pf_doc *doc, const bs_pf_image_use *use, const image_info *info,
                                         bs_pf_image_entry *scratch)
{
    int id = qpdf_oh_get_object_id(doc->q, use->stream), gen = qpdf_oh_get_generation(doc->q, use->stream);
    for (size_t i = 0; id && i < doc->nimages; i++)
        if (doc->images[i].objid == id && doc->images[i].gen == gen) return &doc->images[i];
    ink_meter m;
    bs_pf_image_entry e = {.objid = id, .gen = gen};
    bool known = use->stream ? measure_stream(doc->q, use->stream, info, &m, &e.inverted_no_decode)
                             : measure_inline(use, info, &m, &e.inverted_no_decode);
    entry_from_meter(&e, &m, known);
    if (e.inverted_no_decode) doc->inverted_no_decode++;
    if (!id) {
        *scratch = e;
        return scratch;
    }
    BS_VEC_RESERVE(doc->images, doc->capimages, doc->nimages + 1);
    doc->images[doc->nimages] = e;
    return &doc->images[doc->nimages++];
}

/* -------------------------------------------------------------- checks */

static void note_bad(bs_pf_doc *doc, const bs_pf_image_use *use, const char *what)
{
    if (doc->first_bad_image[0]) return;
    snprintf(doc->first_bad_image, sizeof doc->first_bad_image, "page %d image %.40s: %.40s", doc->page, use->label,
             what);
}

static void check_format(bs_pf_doc *doc, const bs_pf_image_use *use, const image_info *info)
{
    bs_pf_space_kind k = info->space.kind;
    if (!info->mask && k != BS_PF_GRAY && k != BS_PF_CMYK) doc->bad_image_space++, note_bad(doc, use, info->space.name);
    if (info->bpc > 8) doc->deep_images++, note_bad(doc, use, "more than 8 bits");
    if (info->jpx || info->jbig2) doc->jpx_jbig2++, note_bad(doc, use, info->jpx ? "JPXDecode" : "JBIG2Decode");
    if (info->smask) {
        char what[80];
        snprintf(what, sizeof what, "soft mask on image %.40s", use->label);
        bs_pf_note_transparency(doc, what);
    }
}

static void check_resolution(bs_pf_doc *doc, const bs_pf_image_use *use, const image_info *info,
                             const bs_pf_box *box)
{
    const bs_pf_matrix *m = &use->ctm;
    double wide = hypot(m->a, m->b), high = hypot(m->c, m->d);   /* placed size, pt */
    if (wide <= 0 || high <= 0 || info->w <= 0 || info->h <= 0) return;
    double ppi = fmin(info->w * 72.0 / wide, info->h * 72.0 / high);
    bool line_art = info->mask || info->bpc == 1;
    if (ppi < doc->opts->fail_ppi) doc->low_ppi_fail++;
    else if (ppi < (line_art ? fmax(LINE_ART_PPI, doc->opts->min_ppi) : doc->opts->min_ppi)) doc->low_ppi_warn++;
    if (doc->min_ppi == 0 || ppi < doc->min_ppi) {
        doc->min_ppi = ppi;
        doc->min_ppi_at = (bs_pf_where){doc->page, (box->x0 + box->x1) / 2, (box->y0 + box->y1) / 2, ""};
        snprintf(doc->min_ppi_at.what, sizeof doc->min_ppi_at.what, "%.20s %lldx%lld px", use->label, info->w, info->h);
    }
}

void bs_pf_image_paint(bs_pf_doc *doc, const bs_pf_image_use *use)
{
    image_info info;
    read_info(doc->q, use, &info);
    doc->nimage_uses++;
    check_format(doc, use, &info);
    bs_pf_box box = bs_pf_box_empty();
    bs_pf_box_add_rect(&box, &use->ctm, 0, 0, 1, 1);
    if (bs_pf_box_intersect(&box, &doc->area, NULL)) check_resolution(doc, use, &info, &box);

    char what[64];
    snprintf(what, sizeof what, "image %.40s", use->label);
    const bs_pf_matrix *m = &use->ctm;
    bs_pf_paint p = {
        .kind = BS_PF_IMAGE, .space = &info.space, .box = box, .overprint = use->overprint, .opm = use->opm,
        .covers_box = !info.mask && ((m->b == 0 && m->c == 0) || (m->a == 0 && m->d == 0)), .what = what,
    };
    bs_pf_image_entry scratch;   /* an inline image's measure: p.sub points into it */
    if (info.mask) {
        p.colour = use->fill;   /* a stencil painted in the fill colour */
    } else {
        const bs_pf_image_entry *e = measured(doc, use, &info, &scratch);
        if (e->known) {
            p.sub = e->sub;
            p.at_max = true;
            bs_pf_apply(m, e->max_u, e->max_v, &p.max_x, &p.max_y);
        }
    }
    bs_pf_paint_event(doc, &p);
}

void bs_pf_images_free(bs_pf_doc *doc)
{
    free(doc->images);
}

/* ---------------------------------------------------------- the report */

void bs_pf_check_images(bs_pf_doc *doc, bs_preflight_report *r)
{
    int bad = doc->bad_image_space + doc->deep_images + doc->jpx_jbig2;
    if (bad)
        bs_pf_add_check(r, "images", BS_CHECK_FAIL,
                        "%d images painted: %d not CMYK or Gray, %d over 8 bits, %d JPX or JBIG2 (first: %s)",
                        doc->nimage_uses, doc->bad_image_space, doc->deep_images, doc->jpx_jbig2,
                        doc->first_bad_image);
    else if (doc->inverted_no_decode)
        bs_pf_add_check(r, "images", BS_CHECK_WARN,
                        "%d images painted, CMYK or Gray, 8 bits or fewer; %d Adobe CMYK JPEGs without /Decode "
                        "[1 0 1 0 1 0 1 0] (Ghostscript, poppler and mupdf show them as negatives)",
                        doc->nimage_uses, doc->inverted_no_decode);
    else
        bs_pf_add_check(r, "images", BS_CHECK_PASS, "%d images painted, all CMYK or Gray, 8 bits or fewer",
                        doc->nimage_uses);

    char where[128];
    bs_pf_where_text(&doc->min_ppi_at, where, sizeof where);
    const bs_preflight_opts *o = doc->opts;
    if (doc->min_ppi == 0)
        bs_pf_add_check(r, "image-resolution", BS_CHECK_PASS, "no images in the BleedBox");
    else
        bs_pf_add_check(r, "image-resolution",
                        doc->low_ppi_fail ? BS_CHECK_FAIL : doc->low_ppi_warn ? BS_CHECK_WARN : BS_CHECK_PASS,
                        "lowest effective resolution %.0f ppi (%s); %d below %.0f ppi, %d more below %.0f ppi "
                        "(line art %.0f ppi)",
                        doc->min_ppi, where, doc->low_ppi_fail, o->fail_ppi, doc->low_ppi_warn, o->min_ppi,
                        fmax(LINE_ART_PPI, o->min_ppi));
}
