/* preflight.c - check a PDF the way a newspaper plant's prepress desk does
 * (prepress.md §4): open it with libqpdf, walk every page's content, and
 * report one line per check. */
#include "preflight_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bs_preflight_opts bs_preflight_defaults(void)
{
    bs_preflight_opts o = {
        .tac_limit = 240,
        .min_ppi = 200,
        .fail_ppi = 150,
        .min_line_pt = 0.25,
        .min_reverse_pt = 8,
    };
    return o;
}

void bs_pf_add_check(bs_preflight_report *r, const char *name, bs_check_result result, const char *fmt, ...)
{
    r->checks = bs_xrealloc(r->checks, (r->nchecks + 1) * sizeof *r->checks);
    bs_check *c = &r->checks[r->nchecks++];
    c->name = name;
    c->result = result;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
    if (result == BS_CHECK_FAIL) r->failures++;
    if (result == BS_CHECK_WARN) r->warnings++;
}

/* qpdf's own check (it writes the whole file, decoding every stream) and
 * the warnings it gathered while reading. */
static int qpdf_warnings(qpdf_data q, char *first, size_t size)
{
    qpdf_check_pdf(q);
    int n = 0;
    if (qpdf_has_error(q)) {
        snprintf(first, size, "%s", qpdf_get_error_message_detail(q, qpdf_get_error(q)));
        n++;
    }
    while (qpdf_more_warnings(q)) {
        qpdf_error w = qpdf_next_warning(q);
        if (n++ == 0) snprintf(first, size, "%s", qpdf_get_error_message_detail(q, w));
    }
    return n;
}

static void walk_pages(bs_pf_doc *doc, int npages)
{
    for (int i = 0; i < npages; i++) {
        qpdf_oh page = qpdf_get_page_n(doc->q, (size_t)i);
        doc->page = i + 1;
        doc->area = bs_pf_page_bleed(doc->q, page);
        bs_pf_marks_reset(doc);
        bs_pf_walk_page(doc, page);
        qpdf_oh_release(doc->q, page);
    }
}

static void report(bs_pf_doc *doc, int npages, int warnings, const char *first_warning, bs_preflight_report *r)
{
    bs_pf_check_structure(doc, npages, warnings, first_warning, r);
    bs_pf_check_document(doc, r);
    bs_pf_check_boxes(doc, r);
    bs_pf_check_fonts(doc, r);
    bs_pf_check_paint(doc, r);
    bs_pf_check_images(doc, r);
    bs_pf_check_lines(doc, r);
    bs_pf_check_ink(doc, r);
    bs_pf_check_annotations(doc, r);
}

bool bs_preflight(bs_ctx *ctx, const char *path, const bs_preflight_opts *opts, bs_preflight_report *r)
{
    memset(r, 0, sizeof *r);
    bs_preflight_opts defaults = bs_preflight_defaults();
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        bs_fail(ctx, bs_loc_file(path), "cannot be read as a PDF: %s", e ? qpdf_get_error_message_detail(q, e) : "?");
        qpdf_cleanup(&q);
        return false;
    }
    char first_warning[160] = "";
    int warnings = qpdf_warnings(q, first_warning, sizeof first_warning);
    /* Resources and boxes inherited from the page tree, put on each page. */
    qpdf_push_inherited_attributes_to_page(q);
    int npages = qpdf_get_num_pages(q);
    if (qpdf_has_error(q)) qpdf_get_error(q);
    if (npages < 0) npages = 0;   /* a page tree qpdf cannot read: structure fails */

    bs_pf_doc doc = {.q = q, .opts = opts ? opts : &defaults};
    walk_pages(&doc, npages);
    report(&doc, npages, warnings, first_warning, r);

    bs_pf_paint_free(&doc);
    bs_pf_fonts_free(&doc);
    bs_pf_images_free(&doc);
    qpdf_cleanup(&q);
    return true;
}

void bs_preflight_free(bs_preflight_report *report)
{
    if (!report) return;
    free(report->checks);
    memset(report, 0, sizeof *report);
}

void bs_preflight_print(const bs_preflight_report *report, FILE *out)
{
    static const char *const words[] = {"PASS", "WARN", "FAIL"};
    for (size_t i = 0; i < report->nchecks; i++) {
        const bs_check *c = &report->checks[i];
        fprintf(out, "%s %s: %s\n", words[c->result], c->name, c->detail);
    }
    fprintf(out, "%zu passed, %d failed, %d warnings\n",
            report->nchecks - (size_t)report->failures - (size_t)report->warnings, report->failures,
            report->warnings);
}
