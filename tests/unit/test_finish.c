/* The finish room: a display list drawn for print by the render room,
 * finished to PDF/X-1a, and read back with tools we did not write: libqpdf
 * (structure, boxes, Info, output intent) and `mutool trace` (the colour
 * space, colour and overprint of every paint operation). */
#include "bs_test.h"

#include "bs_finish.h"
#include "bs_render.h"

#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>

#define PAGE_W 300.0
#define PAGE_H 200.0
#define MARGIN 34.0
#define DATE_2023_01_31 1675123200LL
#define OUTPUT_PROFILE BS_PROFILE_DIR "/newsprint-tac240.icc"

typedef struct finished {
    bs_buf pdf;
    bs_test_diags diags;
    bool ok;
} finished;

static void add_rect(bs_dlist *dl, bs_rect r, bs_cmyk fill)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_RECT);
    item->u.rect = (bs_dl_rect){r, true, fill, 0, BS_CMYK_BLACK};
}

static void add_line(bs_dlist *dl, double y, double weight, bs_cmyk color)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_LINE);
    item->u.line = (bs_dl_line){20, y, 280, y, weight, color};
}

static void add_jpeg(bs_dlist *dl, const char *path, int w, int h, bs_rect r)
{
    bs_dl_item *item = bs_dlist_add(dl, BS_DL_IMAGE);
    item->u.image = (bs_dl_image){.path = bs_arena_strdup(dl->arena, path), .type = BS_IMAGE_JPEG, .px_w = w,
                                  .px_h = h, .r = r, .clip = r};
}

/* A page of each kind of colour: K100, a red, a grey tint, white, and a
 * CMYK picture with Adobe's marker. */
static bs_dlist *sample_page(void)
{
    static const unsigned char cmyk[4] = {20, 40, 60, 10};
    const char *jpeg = bs_test_write_jpeg("finish-cmyk.jpg", 40, 30, 4, cmyk);
    bs_dlist *dl = bs_dlist_new(PAGE_W, PAGE_H);
    dl->bleed = 8.5;
    dl->title = "测试 A01";
    dl->date = DATE_2023_01_31;
    add_rect(dl, (bs_rect){20, 20, 100, 40}, (bs_cmyk){0, 100, 100, 0});
    add_rect(dl, (bs_rect){30, 30, 20, 20}, BS_CMYK_WHITE);
    add_line(dl, 80, 0.5, BS_CMYK_BLACK);
    add_line(dl, 90, 1, (bs_cmyk){0, 0, 0, 30});
    add_jpeg(dl, jpeg, 40, 30, (bs_rect){150, 100, 80, 60});
    return dl;
}

/* Draw for print and finish: the way `broadsheet render` makes the print
 * PDF. `palette_override` replaces the palette the page was drawn with. */
static finished finish_page(const bs_dlist *dl, const char *profile, const bs_palette *palette_override)
{
    finished out = {0};
    bs_ctx *ctx = bs_test_ctx(&out.diags);
    bs_palette palette = {0};
    bs_buf drawn = {0};
    bs_print_geometry g;
    bs_print_opts print = {MARGIN, true, NULL};
    assert_true(bs_render_print_pdf(ctx, dl, &print, &palette, &drawn, &g));
    bs_finish_opts opts = {g.trim,         g.bleed,        dl->title,
                           dl->date,       profile,        "CGATS TR 002",
                           "newsprint",    palette_override ? palette_override : &palette};
    out.ok = bs_finish_pdfx(ctx, drawn.data, drawn.len, &opts, &out.pdf);
    bs_buf_free(&drawn);
    bs_palette_free(&palette);
    bs_ctx_free(ctx);
    return out;
}

static void finished_free(finished *f)
{
    bs_buf_free(&f->pdf);
    bs_buf_free(&f->diags.text);
}

static const char *save(const finished *f, const char *name)
{
    const char *path = bs_test_out(name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(f->pdf.data, 1, f->pdf.len, file), f->pdf.len);
    fclose(file);
    return path;
}

/* `mutool trace`, each paint operation reduced to "op colorspace color op=N". */
static char *paints(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "mutool trace '%s' | grep -E '<(fill_path|stroke_path|fill_image|fill_text)' | "
             "sed -E 's/^<([a-z_]+) .*colorspace=\"([^\"]*)\"( color=\"([^\"]*)\")?.* op=\"([01])\".*/\\1 \\2 \\4 "
             "op=\\5/' | sort | uniq",
             path);
    int status;
    char *out = bs_test_run(cmd, &status);
    assert_int_equal(status, 0);
    return out;
}

static void test_colours_become_exact_cmyk(void **state)
{
    (void)state;
    bs_dlist *dl = sample_page();
    finished f = finish_page(dl, OUTPUT_PROFILE, NULL);
    assert_true(f.ok);
    char *got = paints(save(&f, "finish-sample.pdf"));
    /* K100 overprints; red, the tint and white knock out; the picture is
     * painted knocking out; the marks are on every plate (/All) */
    assert_string_equal(got, "fill_image DeviceCMYK  op=0\n"
                             "fill_path DeviceCMYK 0 0 0 0 op=0\n"
                             "fill_path DeviceCMYK 0 1 1 0 op=0\n"
                             "stroke_path DeviceCMYK 0 0 0 .3 op=0\n"
                             "stroke_path DeviceCMYK 0 0 0 1 op=1\n"
                             "stroke_path Separation(DeviceCMYK,All) 1 op=0\n");
    free(got);
    finished_free(&f);
    bs_dlist_free(dl);
}

typedef struct readback {
    qpdf_data q;
    qpdf_oh page;
} readback;

static readback read_back(const finished *f)
{
    readback r = {qpdf_init(), 0};
    qpdf_silence_errors(r.q);
    assert_int_equal(qpdf_read_memory(r.q, "finished", f->pdf.data, f->pdf.len, NULL) & QPDF_ERRORS, 0);
    assert_int_equal(qpdf_get_num_pages(r.q), 1);
    r.page = qpdf_get_page_n(r.q, 0);
    return r;
}

static double box_value(readback *r, const char *box, int i)
{
    return qpdf_oh_get_numeric_value(r->q, qpdf_oh_get_array_item(r->q, qpdf_oh_get_key(r->q, r->page, box), i));
}

static void test_pdfx_structure(void **state)
{
    (void)state;
    bs_dlist *dl = sample_page();
    finished f = finish_page(dl, OUTPUT_PROFILE, NULL);
    assert_true(f.ok);
    readback r = read_back(&f);
    qpdf_data q = r.q;
    assert_string_equal(qpdf_get_pdf_version(q), "1.3");
    /* boxes: the trim MARGIN inside the MediaBox, the bleed around it */
    assert_true(fabs(box_value(&r, "/MediaBox", 2) - (PAGE_W + 2 * MARGIN)) < 0.01);
    assert_true(fabs(box_value(&r, "/TrimBox", 0) - MARGIN) < 0.01);
    assert_true(fabs(box_value(&r, "/TrimBox", 3) - (MARGIN + PAGE_H)) < 0.01);
    assert_true(fabs(box_value(&r, "/BleedBox", 0) - (MARGIN - 8.5)) < 0.01);
    assert_true(fabs(box_value(&r, "/BleedBox", 2) - (MARGIN + PAGE_W + 8.5)) < 0.01);
    /* no transparency group */
    assert_false(qpdf_oh_has_key(q, r.page, "/Group"));
    /* PDF/X Info */
    assert_string_equal(qpdf_get_info_key(q, "/GTS_PDFXVersion"), "PDF/X-1:2001");
    assert_string_equal(qpdf_get_info_key(q, "/GTS_PDFXConformance"), "PDF/X-1a:2001");
    assert_string_equal(qpdf_get_info_key(q, "/CreationDate"), "D:20230131000000+00'00'");
    assert_string_equal(qpdf_get_info_key(q, "/ModDate"), "D:20230131000000+00'00'");
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/Title")), "测试 A01");
    assert_true(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, info, "/Trapped"), "/False"));
    assert_true(qpdf_oh_has_key(q, qpdf_get_trailer(q), "/ID"));
    /* one GTS_PDFX output intent, with the CMYK printer profile embedded */
    qpdf_oh intents = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
    assert_int_equal(qpdf_oh_get_array_n_items(q, intents), 1);
    qpdf_oh intent = qpdf_oh_get_array_item(q, intents, 0);
    assert_true(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, intent, "/S"), "/GTS_PDFX"));
    assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, intent, "/OutputConditionIdentifier")),
                        "CGATS TR 002");
    qpdf_oh profile = qpdf_oh_get_key(q, intent, "/DestOutputProfile");
    assert_int_equal(qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, profile), "/N")), 4);
    unsigned char *icc = NULL;
    size_t len = 0;
    assert_int_equal(qpdf_oh_get_stream_data(q, profile, qpdf_dl_generalized, NULL, &icc, &len), QPDF_SUCCESS);
    assert_true(len > 128 && memcmp(icc + 12, "prtrCMYK", 8) == 0);
    free(icc);
    /* the Adobe-marked CMYK JPEG is decoded the Adobe way round */
    qpdf_oh xobjects = qpdf_oh_get_key(q, qpdf_oh_get_key(q, r.page, "/Resources"), "/XObject");
    qpdf_oh_begin_dict_key_iter(q, xobjects);
    assert_true(qpdf_oh_dict_more_keys(q));
    qpdf_oh image = qpdf_oh_get_key(q, xobjects, qpdf_oh_dict_next_key(q));
    assert_string_equal(qpdf_oh_unparse(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, image), "/Decode")),
                        "[ 1 0 1 0 1 0 1 0 ]");
    /* nothing is transparent: no CA/ca left in any drawing state */
    assert_null(strstr(qpdf_oh_unparse_resolved(q, qpdf_oh_get_key(q, r.page, "/Resources")), "/CA "));
    assert_false(qpdf_has_error(q));
    qpdf_cleanup(&q);
    finished_free(&f);
    bs_dlist_free(dl);
}

static void test_same_page_same_bytes(void **state)
{
    (void)state;
    bs_dlist *dl = sample_page();
    finished a = finish_page(dl, OUTPUT_PROFILE, NULL);
    finished b = finish_page(dl, OUTPUT_PROFILE, NULL);
    assert_true(a.ok && b.ok);
    assert_int_equal(a.pdf.len, b.pdf.len);
    assert_memory_equal(a.pdf.data, b.pdf.data, a.pdf.len);
    finished_free(&a);
    finished_free(&b);
    bs_dlist_free(dl);
}

/* A colour the palette does not know would reach the plate as RGB. */
static void test_unknown_colour_is_an_error(void **state)
{
    (void)state;
    bs_dlist *dl = sample_page();
    bs_palette empty = {0};
    finished f = finish_page(dl, OUTPUT_PROFILE, &empty);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "print PDF: error: page 1: the colour '0 0 0.00392157 rg' is "
                                                    "not one of the page's colours; it would reach the plate as RGB"));
    finished_free(&f);
    bs_dlist_free(dl);
}

/* An RGB picture that was not separated cannot go to plate. */
static void test_rgb_picture_is_an_error(void **state)
{
    (void)state;
    static const unsigned char rgb[3] = {200, 40, 40};
    bs_dlist *dl = bs_dlist_new(PAGE_W, PAGE_H);
    add_jpeg(dl, bs_test_write_jpeg("finish-rgb.jpg", 20, 20, 3, rgb), 20, 20, (bs_rect){10, 10, 50, 50});
    finished f = finish_page(dl, OUTPUT_PROFILE, NULL);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "is in /DeviceRGB, not CMYK; it must be separated"));
    finished_free(&f);
    bs_dlist_free(dl);
}

static void test_bad_output_profiles(void **state)
{
    (void)state;
    bs_dlist *dl = sample_page();
    /* not a profile at all */
    const char *junk = bs_test_write("finish-junk.icc", "this is not a profile\n");
    finished f = finish_page(dl, junk, NULL);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "finish-junk.icc: error: not an ICC profile"));
    finished_free(&f);
    /* an RGB display profile, and a version 4 one: headers written by hand */
    char header[132] = {0};
    memcpy(header + 12, "mntrRGB XYZ ", 12);
    memcpy(header + 36, "acsp", 4);
    header[8] = 2;
    header[128] = '\n';
    FILE *file = fopen(bs_test_out("finish-rgb.icc"), "wb");
    assert_non_null(file);
    fwrite(header, 1, sizeof header, file);
    fclose(file);
    f = finish_page(dl, bs_test_out("finish-rgb.icc"), NULL);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "not a CMYK printer (output) profile: its class is 'mntr'"));
    finished_free(&f);
    memcpy(header + 12, "prtrCMYK", 8);
    header[8] = 4;
    file = fopen(bs_test_out("finish-v4.icc"), "wb");
    assert_non_null(file);
    fwrite(header, 1, sizeof header, file);
    fclose(file);
    f = finish_page(dl, bs_test_out("finish-v4.icc"), NULL);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "an ICC version 4 profile; PDF/X-1a:2001"));
    finished_free(&f);
    /* a missing file */
    f = finish_page(dl, bs_test_out("no-such.icc"), NULL);
    assert_false(f.ok);
    assert_true(bs_test_contains(f.diags.text.data, "no-such.icc: error:"));
    finished_free(&f);
    bs_dlist_free(dl);
}

/* Garbage in place of cairo's PDF: a message, not a crash. */
static void test_unreadable_input(void **state)
{
    (void)state;
    bs_test_diags diags = {0};
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_palette palette = {0};
    bs_finish_opts opts = {.profile_path = OUTPUT_PROFILE, .palette = &palette};
    bs_buf out = {0};
    assert_false(bs_finish_pdfx(ctx, "%PDF-1.4\nnot really\n", 20, &opts, &out));
    assert_true(bs_test_contains(diags.text.data, "print PDF: error: reading cairo's PDF"));
    bs_buf_free(&out);
    bs_test_ctx_free(ctx, &diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colours_become_exact_cmyk),
        cmocka_unit_test(test_pdfx_structure),
        cmocka_unit_test(test_same_page_same_bytes),
        cmocka_unit_test(test_unknown_colour_is_an_error),
        cmocka_unit_test(test_rgb_picture_is_an_error),
        cmocka_unit_test(test_bad_output_profiles),
        cmocka_unit_test(test_unreadable_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
