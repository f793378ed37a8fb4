/* preflight_doc.c - the checks on the document rather than its content:
 * structure, PDF version, encryption, the PDF/X Info keys, the trailer ID,
 * the output intent, the page boxes and annotations (PDF/X-1a:2001,
 * ISO 15930-1; prepress.md §1.1 and §4). */
#include "preflight_internal.h"

#include <lcms2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM_PER_PT (25.4 / 72.0)
/* Box edges closer than this are the same edge (writers round). */
#define BOX_TOLERANCE_PT 0.01
#define TRIM_TOLERANCE_MM 0.5

/* ------------------------------------------------------------ structure */

void bs_pf_check_structure(bs_pf_doc *doc, int npages, int qpdf_warnings, const char *first_warning,
                           bs_preflight_report *r)
{
    char qpdf_part[140] = "", content_part[130] = "";
    if (qpdf_warnings) snprintf(qpdf_part, sizeof qpdf_part, " (first: %.120s)", first_warning);
    if (doc->content_errors) snprintf(content_part, sizeof content_part, " (first: %.110s)", doc->content_error);
    bool ok = qpdf_warnings == 0 && doc->content_errors == 0 && npages > 0;
    bs_pf_add_check(r, "structure", ok ? BS_CHECK_PASS : BS_CHECK_FAIL,
                    "%d pages; qpdf: %d warnings%s; content: %d errors%s", npages, qpdf_warnings, qpdf_part,
                    doc->content_errors, content_part);
}

/* ----------------------------------------------------- version, crypto */

static bool parse_version(const char *text, int *major, int *minor)
{
    return text && sscanf(text, "%d.%d", major, minor) == 2;
}

static void check_version(bs_pf_doc *doc, bs_preflight_report *r)
{
    int major = 0, minor = 0;
    char version[32];
    snprintf(version, sizeof version, "%s", qpdf_get_pdf_version(doc->q));
    bool ok = parse_version(version, &major, &minor);
    /* The catalog's /Version overrides the header when it is later. */
    qpdf_oh root = qpdf_get_root(doc->q);
    qpdf_oh v = qpdf_oh_get_key_if_dict(doc->q, root, "/Version");
    int cmajor, cminor;
    const char *catalog = qpdf_oh_is_name(doc->q, v) ? qpdf_oh_get_name(doc->q, v) + 1 : NULL;
    if (ok && parse_version(catalog, &cmajor, &cminor) && (cmajor > major || (cmajor == major && cminor > minor))) {
        major = cmajor, minor = cminor;
        snprintf(version, sizeof version, "%d.%d (catalog)", major, minor);
    }
    qpdf_oh_release(doc->q, v);
    qpdf_oh_release(doc->q, root);
    bool pass = ok && (major < 1 || (major == 1 && minor <= 3));
    bs_pf_add_check(r, "pdf-version", pass ? BS_CHECK_PASS : BS_CHECK_FAIL, "%s%s", ok ? version : "unknown",
                    pass ? "" : "; PDF/X-1a:2001 wants 1.3 or earlier");
}

static void check_encryption(bs_pf_doc *doc, bs_preflight_report *r)
{
    bool encrypted = qpdf_is_encrypted(doc->q);
    bs_pf_add_check(r, "encryption", encrypted ? BS_CHECK_FAIL : BS_CHECK_PASS, "%s",
                    encrypted ? "encrypted; PDF/X forbids it" : "none");
}

/* ----------------------------------------------------------- Info, ID */

static void add_problem(char *list, size_t size, const char *what)
{
    size_t n = strlen(list);
    if (n + strlen(what) + 3 < size) snprintf(list + n, size - n, "%s%s", n ? ", " : "", what);
}

/* The string value of key in dict copied to out; false if not a string. */
static bool string_value(qpdf_data q, qpdf_oh dict, const char *key, char *out, size_t size)
{
    qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
    bool is = qpdf_oh_is_string(q, v);
    snprintf(out, size, "%s", is ? qpdf_oh_get_utf8_value(q, v) : "");
    qpdf_oh_release(q, v);
    return is;
}

static void expect_string(qpdf_data q, qpdf_oh info, const char *key, const char *want, char *problems, size_t size)
{
    char value[128], what[160];
    if (!string_value(q, info, key, value, sizeof value)) {
        snprintf(what, sizeof what, "no %s", key + 1);
        add_problem(problems, size, what);
    } else if (strcmp(value, want) != 0) {
        snprintf(what, sizeof what, "%s is (%.40s), not (%s)", key + 1, value, want);
        add_problem(problems, size, what);
    }
}

/* A PDF date: "D:" and at least the year (§7.9.4). */
static void expect_date(qpdf_data q, qpdf_oh info, const char *key, char *problems, size_t size)
{
    char value[64], what[96];
    bool present = string_value(q, info, key, value, sizeof value);
    const char *digits = strncmp(value, "D:", 2) == 0 ? value + 2 : value;
    bool dated = strlen(digits) >= 4 && strspn(digits, "0123456789") >= 4;
    if (!present || !dated) {
        snprintf(what, sizeof what, present ? "%s is not a date" : "no %s", key + 1);
        add_problem(problems, size, what);
    }
}

static void check_info(bs_pf_doc *doc, bs_preflight_report *r)
{
    qpdf_data q = doc->q;
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdf_oh_get_key_if_dict(q, trailer, "/Info");
    char problems[300] = "", title[80] = "";
    if (!qpdf_oh_is_dictionary(q, info)) {
        add_problem(problems, sizeof problems, "no Info dictionary");
    } else {
        expect_string(q, info, "/GTS_PDFXVersion", "PDF/X-1:2001", problems, sizeof problems);
        expect_string(q, info, "/GTS_PDFXConformance", "PDF/X-1a:2001", problems, sizeof problems);
        if (!string_value(q, info, "/Title", title, sizeof title) || !*title)
            add_problem(problems, sizeof problems, "no Title");
        expect_date(q, info, "/CreationDate", problems, sizeof problems);
        expect_date(q, info, "/ModDate", problems, sizeof problems);
        qpdf_oh trapped = qpdf_oh_get_key_if_dict(q, info, "/Trapped");
        if (!qpdf_oh_is_name_and_equals(q, trapped, "/True") && !qpdf_oh_is_name_and_equals(q, trapped, "/False"))
            add_problem(problems, sizeof problems, "Trapped is not /True or /False");
        qpdf_oh_release(q, trapped);
    }
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);
    if (*problems) bs_pf_add_check(r, "info-keys", BS_CHECK_FAIL, "%s", problems);
    else bs_pf_add_check(r, "info-keys", BS_CHECK_PASS, "PDF/X-1a:2001, Title (%s), dates and Trapped set", title);
}

static void check_id(bs_pf_doc *doc, bs_preflight_report *r)
{
    qpdf_data q = doc->q;
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh id = qpdf_oh_get_key_if_dict(q, trailer, "/ID");
    bool ok = qpdf_oh_is_array(q, id) && qpdf_oh_get_array_n_items(q, id) == 2;
    size_t len = 0;
    for (int i = 0; ok && i < 2; i++) {
        qpdf_oh part = qpdf_oh_get_array_item(q, id, i);
        ok = qpdf_oh_is_string(q, part);
        if (ok) qpdf_oh_get_binary_string_value(q, part, &len);
        qpdf_oh_release(q, part);
    }
    qpdf_oh_release(q, id);
    qpdf_oh_release(q, trailer);
    if (ok) bs_pf_add_check(r, "trailer-id", BS_CHECK_PASS, "two strings of %zu bytes", len);
    else bs_pf_add_check(r, "trailer-id", BS_CHECK_FAIL, "no /ID of two strings in the trailer");
}

/* ------------------------------------------------------- output intent */

/* The profile's header (ICC.1 §7.2: class at byte 12, colour space at 16)
 * and, from lcms2, its description. */
static bool check_profile(qpdf_data q, qpdf_oh stream, char *detail, size_t size)
{
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if ((qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &data, &len) & QPDF_ERRORS) ||
        !filtered || len < 128) {
        if (qpdf_has_error(q)) qpdf_get_error(q);
        free(data);
        snprintf(detail, size, "the DestOutputProfile cannot be read");
        return false;
    }
    char cls[5], space[5];
    memcpy(cls, data + 12, 4), cls[4] = '\0';
    memcpy(space, data + 16, 4), space[4] = '\0';
    char desc[96] = "";
    cmsContext lcms = cmsCreateContext(NULL, NULL);
    cmsHPROFILE profile = cmsOpenProfileFromMemTHR(lcms, data, (cmsUInt32Number)len);
    if (profile) {
        cmsGetProfileInfoASCII(profile, cmsInfoDescription, "en", "US", desc, sizeof desc);
        cmsCloseProfile(profile);
    }
    cmsDeleteContext(lcms);
    free(data);
    bool ok = profile && strcmp(cls, "prtr") == 0 && strcmp(space, "CMYK") == 0;
    snprintf(detail, size, "profile (%.95s): class %s, colour space %s, %zu bytes%s", profile ? desc : "?", cls, space,
             len, profile ? "" : ", lcms2 cannot open it");
    return ok;
}

static int count_pdfx_intents(qpdf_data q, qpdf_oh intents, qpdf_oh *found)
{
    int n = qpdf_oh_is_array(q, intents) ? qpdf_oh_get_array_n_items(q, intents) : 0, count = 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh intent = qpdf_oh_get_array_item(q, intents, i);
        qpdf_oh s = qpdf_oh_get_key_if_dict(q, intent, "/S");
        bool pdfx = qpdf_oh_is_name_and_equals(q, s, "/GTS_PDFX");
        qpdf_oh_release(q, s);
        if (pdfx && count++ == 0) *found = intent;
        else qpdf_oh_release(q, intent);
    }
    return count;
}

static void check_output_intent(bs_pf_doc *doc, bs_preflight_report *r)
{
    qpdf_data q = doc->q;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh intents = qpdf_oh_get_key_if_dict(q, root, "/OutputIntents");
    qpdf_oh intent = 0;
    int count = count_pdfx_intents(q, intents, &intent);
    if (count != 1) {
        bs_pf_add_check(r, "output-intent", BS_CHECK_FAIL, "%d GTS_PDFX output intents; PDF/X wants exactly one", count);
    } else {
        char id[80], detail[200] = "no DestOutputProfile";
        bool has_id = string_value(q, intent, "/OutputConditionIdentifier", id, sizeof id) && *id;
        qpdf_oh profile = qpdf_oh_get_key_if_dict(q, intent, "/DestOutputProfile");
        bool ok = qpdf_oh_is_stream(q, profile) && check_profile(q, profile, detail, sizeof detail);
        qpdf_oh_release(q, profile);
        bs_pf_add_check(r, "output-intent", ok && has_id ? BS_CHECK_PASS : BS_CHECK_FAIL, "GTS_PDFX (%.60s); %s",
                        has_id ? id : "no OutputConditionIdentifier", detail);
    }
    qpdf_oh_release(q, intent);
    qpdf_oh_release(q, intents);
    qpdf_oh_release(q, root);
}

void bs_pf_check_document(bs_pf_doc *doc, bs_preflight_report *r)
{
    check_version(doc, r);
    check_encryption(doc, r);
    check_info(doc, r);
    check_id(doc, r);
    check_output_intent(doc, r);
}

/* --------------------------------------------------------------- boxes */

bool bs_pf_page_box(qpdf_data q, qpdf_oh page, const char *key, bs_pf_box *out)
{
    qpdf_oh a = qpdf_oh_get_key_if_dict(q, page, key);
    bool ok = bs_pf_box_from_array(q, a, out);
    qpdf_oh_release(q, a);
    return ok;
}

bs_pf_box bs_pf_page_bleed(qpdf_data q, qpdf_oh page)
{
    static const char *const keys[] = {"/BleedBox", "/CropBox", "/MediaBox"};
    bs_pf_box b;
    for (size_t i = 0; i < 3; i++)
        if (bs_pf_page_box(q, page, keys[i], &b)) return b;
    return (bs_pf_box){-INFINITY, -INFINITY, INFINITY, INFINITY};   /* no box: everything is printed */
}

typedef struct box_summary {
    int pages, faults;
    char first[120];
    double trim_w, trim_h;       /* mm, of the first page */
    double bleed[4];             /* least on any page, mm: left, bottom, right, top */
    bool no_bleedbox;
} box_summary;

static void box_fault(box_summary *s, int page, const char *what)
{
    if (s->faults++ == 0) snprintf(s->first, sizeof s->first, "page %d: %s", page, what);
}

static void check_page_boxes(bs_pf_doc *doc, qpdf_oh page, int pageno, box_summary *s)
{
    bs_pf_box media, trim, bleed;
    if (!bs_pf_page_box(doc->q, page, "/MediaBox", &media)) {
        box_fault(s, pageno, "no MediaBox");
        return;
    }
    if (!bs_pf_page_box(doc->q, page, "/TrimBox", &trim)) {
        box_fault(s, pageno, "no TrimBox");
        return;
    }
    if (!bs_pf_page_box(doc->q, page, "/BleedBox", &bleed)) {
        s->no_bleedbox = true;
        bleed = bs_pf_page_bleed(doc->q, page);
    }
    if (!bs_pf_box_contains(&media, &bleed, BOX_TOLERANCE_PT)) box_fault(s, pageno, "BleedBox outside the MediaBox");
    if (!bs_pf_box_contains(&bleed, &trim, BOX_TOLERANCE_PT)) box_fault(s, pageno, "TrimBox outside the BleedBox");
    double w = (trim.x1 - trim.x0) * MM_PER_PT, h = (trim.y1 - trim.y0) * MM_PER_PT;
    if (s->pages++ == 0) s->trim_w = w, s->trim_h = h;
    const bs_preflight_opts *o = doc->opts;
    if ((o->trim_w_mm > 0 && fabs(w - o->trim_w_mm) > TRIM_TOLERANCE_MM) ||
        (o->trim_h_mm > 0 && fabs(h - o->trim_h_mm) > TRIM_TOLERANCE_MM)) {
        char what[96];
        snprintf(what, sizeof what, "trim %.1f x %.1f mm, not %.1f x %.1f mm", w, h, o->trim_w_mm, o->trim_h_mm);
        box_fault(s, pageno, what);
    }
    double sides[4] = {trim.x0 - bleed.x0, trim.y0 - bleed.y0, bleed.x1 - trim.x1, bleed.y1 - trim.y1};
    for (int i = 0; i < 4; i++)
        if (s->pages == 1 || sides[i] * MM_PER_PT < s->bleed[i]) s->bleed[i] = sides[i] * MM_PER_PT;
}

void bs_pf_check_boxes(bs_pf_doc *doc, bs_preflight_report *r)
{
    box_summary s = {0};
    int n = qpdf_get_num_pages(doc->q);
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(doc->q, (size_t)i);
        check_page_boxes(doc, page, i + 1, &s);
        qpdf_oh_release(doc->q, page);
    }
    char sizes[160] = "no page with a TrimBox";
    if (s.pages)
        snprintf(sizes, sizeof sizes, "trim %.1f x %.1f mm, bleed %.1f/%.1f/%.1f/%.1f mm (left/bottom/right/top)%s",
                 s.trim_w, s.trim_h, s.bleed[0], s.bleed[1], s.bleed[2], s.bleed[3],
                 s.no_bleedbox ? ", no BleedBox: bleed to the CropBox or MediaBox" : "");
    if (s.faults || n <= 0)
        bs_pf_add_check(r, "boxes", BS_CHECK_FAIL, "%d faults (first: %s); %s", s.faults, s.first, sizes);
    else
        bs_pf_add_check(r, "boxes", BS_CHECK_PASS, "%s", sizes);
}

/* --------------------------------------------------------- annotations */

static bool printer_annotation(qpdf_data q, qpdf_oh annot)
{
    qpdf_oh subtype = qpdf_oh_get_key_if_dict(q, annot, "/Subtype");
    bool is = qpdf_oh_is_name_and_equals(q, subtype, "/PrinterMark") || qpdf_oh_is_name_and_equals(q, subtype, "/TrapNet");
    qpdf_oh_release(q, subtype);
    return is;
}

static void page_annotations(bs_pf_doc *doc, qpdf_oh page, int pageno, int *inside, int *total, char *first,
                             size_t size)
{
    qpdf_data q = doc->q;
    bs_pf_box bleed = bs_pf_page_bleed(q, page), rect;
    qpdf_oh annots = qpdf_oh_get_key_if_dict(q, page, "/Annots");
    int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh annot = qpdf_oh_get_array_item(q, annots, i);
        (*total)++;
        /* an annotation without a usable /Rect cannot be shown to lie outside */
        bool in = !printer_annotation(q, annot) &&
                  (!bs_pf_page_box(q, annot, "/Rect", &rect) || bs_pf_box_intersect(&rect, &bleed, NULL));
        if (in && (*inside)++ == 0) {
            qpdf_oh subtype = qpdf_oh_get_key_if_dict(q, annot, "/Subtype");
            snprintf(first, size, "%s on page %d",
                     qpdf_oh_is_name(q, subtype) ? qpdf_oh_get_name(q, subtype) + 1 : "annotation", pageno);
            qpdf_oh_release(q, subtype);
        }
        qpdf_oh_release(q, annot);
    }
    qpdf_oh_release(q, annots);
}

void bs_pf_check_annotations(bs_pf_doc *doc, bs_preflight_report *r)
{
    int inside = 0, total = 0, n = qpdf_get_num_pages(doc->q);
    char first[80] = "";
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(doc->q, (size_t)i);
        page_annotations(doc, page, i + 1, &inside, &total, first, sizeof first);
        qpdf_oh_release(doc->q, page);
    }
    if (inside)
        bs_pf_add_check(r, "annotations", BS_CHECK_FAIL, "%d of %d annotations inside the BleedBox (first: %s)", inside,
                        total, first);
    else
        bs_pf_add_check(r, "annotations", BS_CHECK_PASS, "none inside the BleedBox (%d in all)", total);
}
