/* pdfx.c - the print finish: cairo's PDF becomes PDF/X-1a:2001. The
 * colours are rewritten by recolour.c; here the document gets its boxes,
 * its PDF/X Info keys, its output intent and PDF 1.3 form. */
#include "finish_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool bs_pdfjob_ok(bs_pdfjob *job, const char *doing)
{
    if (!qpdf_has_error(job->q)) return true;
    qpdf_error e = qpdf_get_error(job->q);
    const char *detail = e ? qpdf_get_error_message_detail(job->q, e) : "unknown error";
    return bs_fail(job->ctx, bs_loc_file(job->name), "%s: %s", doing, detail);
}

static qpdf_oh rect_array(qpdf_data q, bs_rect r)
{
    char text[160];
    snprintf(text, sizeof text, "[%.4f %.4f %.4f %.4f]", r.x, r.y, r.x + r.w, r.y + r.h);
    return qpdf_oh_parse(q, text);
}

/* The plant cuts at the TrimBox and keeps ink up to the BleedBox. */
static bool set_boxes(bs_pdfjob *job, const bs_finish_opts *opts)
{
    int npages = qpdf_get_num_pages(job->q);
    for (int i = 0; i < npages; i++) {
        qpdf_oh page = qpdf_get_page_n(job->q, (size_t)i);
        qpdf_oh_replace_key(job->q, page, "/TrimBox", rect_array(job->q, opts->trim));
        qpdf_oh_replace_key(job->q, page, "/BleedBox", rect_array(job->q, opts->bleed));
        /* no CropBox: viewers and RIPs then show the whole MediaBox */
        qpdf_oh_remove_key(job->q, page, "/CropBox");
    }
    return bs_pdfjob_ok(job, "setting the page boxes");
}

/* D:YYYYMMDDHHmmSS+00'00' (PDF 32000-1 §7.9.4), in UTC. */
static void pdf_date(long long seconds, char *out, size_t size)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) memset(&tm, 0, sizeof tm);
    snprintf(out, size, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
}

static bool set_info(bs_pdfjob *job, const bs_finish_opts *opts)
{
    qpdf_data q = job->q;
    char date[40];
    pdf_date(opts->date, date, sizeof date);
    qpdf_oh info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, info, "/Title", qpdf_oh_new_unicode_string(q, opts->title ? opts->title : ""));
    qpdf_oh_replace_key(q, info, "/Creator", qpdf_oh_new_string(q, "broadsheet " BS_VERSION));
    qpdf_oh_replace_key(q, info, "/Producer", qpdf_oh_new_string(q, "broadsheet " BS_VERSION " (cairo, libqpdf)"));
    qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, date));
    qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, date));
    /* the plant traps, if it traps at all */
    qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
    qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", qpdf_oh_new_string(q, "PDF/X-1:2001"));
    qpdf_oh_replace_key(q, info, "/GTS_PDFXConformance", qpdf_oh_new_string(q, "PDF/X-1a:2001"));
    qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
    /* XMP metadata would have to agree with Info; cairo 1.16 writes none */
    qpdf_oh_remove_key(q, qpdf_get_root(q), "/Metadata");
    return bs_pdfjob_ok(job, "writing the document information");
}

/* An ICC output profile for PDF 1.3: a CMYK printer profile, version 2. */
static bool check_profile(bs_ctx *ctx, const char *path, const unsigned char *icc, size_t len)
{
    bs_loc loc = bs_loc_file(path);
    if (len < 128 || memcmp(icc + 36, "acsp", 4) != 0) return bs_fail(ctx, loc, "not an ICC profile");
    if (memcmp(icc + 12, "prtr", 4) != 0 || memcmp(icc + 16, "CMYK", 4) != 0)
        return bs_fail(ctx, loc, "not a CMYK printer (output) profile: its class is '%.4s' and its colour space '%.4s'",
                       (const char *)icc + 12, (const char *)icc + 16);
    if (icc[8] != 2)
        return bs_fail(ctx, loc,
                       "an ICC version %d profile; PDF/X-1a:2001 (PDF 1.3) can only embed version 2 profiles",
                       icc[8]);
    return true;
}

bool bs_finish_check_profile(bs_ctx *ctx, const char *path)
{
    size_t len = 0;
    char *icc = bs_read_file(ctx, path, &len);
    bool ok = icc && check_profile(ctx, path, (const unsigned char *)icc, len);
    free(icc);
    return ok;
}

/* The printing condition the page was made for, with its profile. */
static bool set_output_intent(bs_pdfjob *job, const bs_finish_opts *opts)
{
    qpdf_data q = job->q;
    if (!opts->profile_path) return bs_fail(job->ctx, bs_loc_file(job->name), "no output profile given");
    size_t len = 0;
    char *icc = bs_read_file(job->ctx, opts->profile_path, &len);
    if (!icc) return false;
    bool ok = check_profile(job->ctx, opts->profile_path, (const unsigned char *)icc, len);
    if (ok) {
        qpdf_oh profile = qpdf_oh_new_stream(q);
        ok = bs_pdf_set_stream(job, profile, icc, len);
        qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 4));
        qpdf_oh intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX /RegistryName (http://www.color.org) >>");
        const char *condition = opts->output_condition ? opts->output_condition : "";
        const char *info = opts->output_info ? opts->output_info : condition;
        qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier", qpdf_oh_new_string(q, condition));
        qpdf_oh_replace_key(q, intent, "/OutputCondition", qpdf_oh_new_string(q, info));
        qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, info));
        qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
        qpdf_oh intents = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
        qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
    }
    free(icc);
    return ok && bs_pdfjob_ok(job, "embedding the output profile");
}

/* PDF 1.3: no object or cross-reference streams. The trailer /ID is a
 * digest of the content, so the same page gives the same bytes. */
static bool write_pdf(bs_pdfjob *job, bs_buf *out)
{
    qpdf_data q = job->q;
    if (qpdf_init_write_memory(q) & QPDF_ERRORS) return bs_pdfjob_ok(job, "writing");
    qpdf_force_pdf_version(q, "1.3");
    qpdf_set_object_stream_mode(q, qpdf_o_disable);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_suppress_original_object_IDs(q, QPDF_TRUE);
    if (qpdf_write(q) & QPDF_ERRORS) return bs_pdfjob_ok(job, "writing");
    bs_buf_add(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    return true;
}

bool bs_finish_pdfx(bs_ctx *ctx, const char *pdf, size_t len, const bs_finish_opts *opts, bs_buf *out)
{
    bs_pdfjob job = {ctx, qpdf_init(), "print PDF"};
    qpdf_silence_errors(job.q);
    qpdf_set_suppress_warnings(job.q, QPDF_TRUE);
    qpdf_read_memory(job.q, job.name, pdf, (unsigned long long)len, NULL);
    bool ok = bs_pdfjob_ok(&job, "reading cairo's PDF");
    ok = ok && bs_recolour(&job, opts->palette);
    ok = ok && set_boxes(&job, opts);
    ok = ok && set_info(&job, opts);
    ok = ok && set_output_intent(&job, opts);
    ok = ok && write_pdf(&job, out);
    qpdf_cleanup(&job.q);
    return ok;
}
