/* End to end, as the plant's prepress desk receives it: `broadsheet render`
 * writes the sample A01 page's print PDF, and it is read back with tools we
 * did not write, as prepress.md §4 checks a page: qpdf --check, pdfinfo
 * -box, pdffonts, mutool trace (colour spaces, overprint), Ghostscript's
 * tiffsep (the cyan, magenta and yellow plates carry no ink where the body
 * text is) and pamcmyk32 (maximum total ink inside the BleedBox). */
#include "bs_test.h"

#include "bs_page.h"
#include "bs_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SAMPLE BS_SOURCE_DIR "/samples/jzrb-2023-01-31/A01.yaml"
#define TRIM_W_MM 390.0
#define TRIM_H_MM 540.0
#define BLEED_MM 3.0
#define TAC_LIMIT 240.0
#define SEP_DPI 50.0

static const char *pdf_path(void) { return bs_test_out("e2e-print-A01.pdf"); }

static int render_print(void **state)
{
    (void)state;
    int status = -1;
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --report '%s' 2>&1", BS_CLI, SAMPLE, pdf_path(),
                    bs_test_out("e2e-print-A01.json"));
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    free(out);
    return 0;
}

static void test_qpdf_check(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "qpdf --check '%s' 2>&1", pdf_path());
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "No syntax or stream encoding errors found"));
    assert_true(bs_test_contains(out, "PDF Version: 1.3"));
    free(out);
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static box read_box(const char *info, const char *name)
{
    box b = {0};
    const char *at = strstr(info, name);
    assert_non_null(at);
    assert_int_equal(sscanf(at + strlen(name), ": %lf %lf %lf %lf", &b.x0, &b.y0, &b.x1, &b.y1), 4);
    return b;
}

static void test_boxes(void **state)
{
    (void)state;
    int status;
    char *info = bs_test_runf(&status, "pdfinfo -box '%s'", pdf_path());
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(info, "PDF version:     1.3"));
    assert_true(bs_test_contains(info, "Encrypted:       no"));
    assert_true(bs_test_contains(info, "Title:           焦作日报 2023-01-31 A01"));
    box media = read_box(info, "MediaBox"), bleed = read_box(info, "BleedBox"), trim = read_box(info, "TrimBox");
    /* the trim is the template's 390 × 540 mm */
    assert_true(fabs((trim.x1 - trim.x0) / BS_PT_PER_MM - TRIM_W_MM) < 0.5);
    assert_true(fabs((trim.y1 - trim.y0) / BS_PT_PER_MM - TRIM_H_MM) < 0.5);
    /* the bleed 3 mm around it, the media around that with room for marks */
    double b = BLEED_MM * BS_PT_PER_MM;
    assert_true(fabs(trim.x0 - bleed.x0 - b) < 0.01 && fabs(bleed.x1 - trim.x1 - b) < 0.01);
    assert_true(fabs(trim.y0 - bleed.y0 - b) < 0.01 && fabs(bleed.y1 - trim.y1 - b) < 0.01);
    assert_true(media.x0 <= bleed.x0 - 5 * BS_PT_PER_MM && media.x1 >= bleed.x1 + 5 * BS_PT_PER_MM);
    assert_true(media.y0 <= bleed.y0 - 5 * BS_PT_PER_MM && media.y1 >= bleed.y1 + 5 * BS_PT_PER_MM);
    free(info);
}

/* Fonts stay embedded fonts (the CJK ones CID-keyed): no outlines, no
 * Type 3. */
static void test_fonts(void **state)
{
    (void)state;
    int status;
    char *fonts = bs_test_runf(&status, "pdffonts '%s' | tail -n +3", pdf_path());
    assert_int_equal(status, 0);
    int rows = 0, cid = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        assert_false(bs_test_contains(line, "Type 3"));
        assert_true(bs_test_contains(line, " yes yes yes "));
        if (bs_test_contains(line, "CID Type 0C") || bs_test_contains(line, "CID TrueType")) cid++;
        rows++;
    }
    assert_true(rows >= 4);
    assert_true(cid >= 4);
    free(fonts);
}

/* Only DeviceCMYK and Registration are painted, black text is K only and
 * overprints, and nothing else overprints. */
static void test_colour_spaces_and_overprint(void **state)
{
    (void)state;
    int status;
    char *spaces = bs_test_runf(&status, "mutool trace '%s' | grep -o 'colorspace=\"[^\"]*\"' | sort -u", pdf_path());
    assert_int_equal(status, 0);
    assert_string_equal(spaces, "colorspace=\"DeviceCMYK\"\ncolorspace=\"Separation(DeviceCMYK,All)\"\n");
    free(spaces);
    char *texts = bs_test_runf(&status,
                      "mutool trace '%s' | grep '<fill_text' | grep -o 'color=\"[^\"]*\".* op=\"[01]\"' | "
                      "sed -E 's/ ri=.* op=/ op=/' | sort | uniq -c",
                      pdf_path());
    assert_int_equal(status, 0);
    /* the body and most furniture in K100, overprinting */
    assert_true(bs_test_contains(texts, "color=\"0 0 0 1\" op=\"1\""));
    assert_false(bs_test_contains(texts, "color=\"0 0 0 1\" op=\"0\""));
    /* anything that is not K100 knocks out */
    for (char *line = strtok(texts, "\n"); line; line = strtok(NULL, "\n"))
        if (!bs_test_contains(line, "color=\"0 0 0 1\"")) assert_true(bs_test_contains(line, "op=\"0\""));
    free(texts);
    char *images = bs_test_runf(&status, "mutool trace '%s' | grep '<fill_image' | grep -o 'op=\"[01]\"' | sort -u", pdf_path());
    assert_string_equal(images, "op=\"0\"\n");
    free(images);
}

/* The photo reaches the plate separated, as a CMYK JPEG, at a resolution
 * newsprint needs (poppler's pdfimages computes it at the placed size). */
static void test_images(void **state)
{
    (void)state;
    int status;
    char *list = bs_test_runf(&status, "pdfimages -list '%s' | tail -n +3", pdf_path());
    assert_int_equal(status, 0);
    int w = 0, h = 0, comps = 0, bpc = 0, xppi = 0, yppi = 0;
    char color[16] = "", enc[16] = "";
    assert_int_equal(sscanf(list, " 1 0 image %d %d %15s %d %d %15s %*s %*d %*d %d %d", &w, &h, color, &comps, &bpc,
                            enc, &xppi, &yppi),
                     8);
    assert_string_equal(color, "cmyk");
    assert_string_equal(enc, "jpeg");
    assert_int_equal(bpc, 8);
    assert_true(xppi >= 200 && yppi >= 200);
    free(list);
}

/* No transparency anywhere (prepress.md's check on the uncompressed file),
 * and the PDF/X keys in the Info dictionary as qpdf shows them. */
static void test_no_transparency_and_info_keys(void **state)
{
    (void)state;
    int status;
    const char *qdf = bs_test_out("e2e-print-qdf.pdf");
    char *out = bs_test_runf(&status, "qpdf --qdf --object-streams=disable '%s' '%s' && "
                             "grep -a -c -E '/SMask [0-9]|/(CA|ca) 0\\.|/BM /[^N]|/S /Transparency' '%s'",
                    pdf_path(), qdf, qdf);
    assert_string_equal(out, "0\n");
    free(out);
    out = bs_test_runf(&status, "qpdf --show-object=$(qpdf --show-object=trailer '%s' | grep -o '/Info [0-9]*' | cut -d' ' -f2) '%s'",
              pdf_path(), pdf_path());
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "/GTS_PDFXVersion (PDF/X-1:2001)"));
    assert_true(bs_test_contains(out, "/GTS_PDFXConformance (PDF/X-1a:2001)"));
    assert_true(bs_test_contains(out, "/Trapped /False"));
    assert_true(bs_test_contains(out, "/CreationDate (D:20230131000000+00'00')"));
    free(out);
    out = bs_test_runf(&status, "qpdf --show-object=trailer '%s'", pdf_path());
    assert_true(bs_test_contains(out, "/ID ["));
    free(out);
}

/* Every rule at least 0.25 pt (mutool's line widths, in user space). */
static void test_line_weights(void **state)
{
    (void)state;
    int status;
    char *widths = bs_test_runf(&status, "mutool trace '%s' | grep -o '<stroke_path linewidth=\"[^\"]*\"' | "
                                "sed -E 's/.*=\"(.*)\"/\\1/' | sort -n | head -1", pdf_path());
    assert_int_equal(status, 0);
    double thinnest = atof(widths);
    assert_true(thinnest >= 0.25);
    free(widths);
}

/* ------------------------------------------------------------ rasters */

static unsigned read_u16(const unsigned char *p, bool le) { return le ? p[0] | p[1] << 8 : p[0] << 8 | p[1]; }

static unsigned long read_u32(const unsigned char *p, bool le)
{
    return le ? (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24
              : (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* One plate as Ghostscript's tiffsep writes it (-sCompression=none, one
 * 8-bit sample per pixel, in strips): the ink per pixel, 0..255. */
static unsigned char *read_plate(const char *path, int *w, int *h)
{
    size_t len = 0;
    bs_ctx *ctx = bs_ctx_new();
    unsigned char *tif = (unsigned char *)bs_read_file(ctx, path, &len);
    bs_ctx_free(ctx);
    assert_non_null(tif);
    assert_true(len > 8 && (memcmp(tif, "II*", 3) == 0 || memcmp(tif, "MM\0*", 4) == 0));
    bool le = tif[0] == 'I';
    size_t ifd = read_u32(tif + 4, le);
    assert_true(ifd + 2 <= len);
    unsigned n = read_u16(tif + ifd, le), photometric = 1;
    unsigned long width = 0, height = 0, rows_per_strip = 0, offsets_at = 0, nstrips = 0;
    bool long_offsets = false;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = tif + ifd + 2 + 12 * i;
        assert_true((size_t)(e + 12 - tif) <= len);
        unsigned tag = read_u16(e, le), type = read_u16(e + 2, le);
        unsigned long count = read_u32(e + 4, le);
        unsigned long value = type == 3 ? read_u16(e + 8, le) : read_u32(e + 8, le);
        switch (tag) {
        case 256: width = value; break;
        case 257: height = value; break;
        case 258: assert_int_equal(value, 8); break;
        case 259: assert_int_equal(value, 1); break;   /* uncompressed */
        case 262: photometric = (unsigned)value; break;
        case 277: assert_int_equal(value, 1); break;   /* one sample per pixel */
        case 273:
            nstrips = count;
            long_offsets = type == 4;
            offsets_at = count == 1 ? (size_t)(e + 8 - tif) : read_u32(e + 8, le);
            break;
        case 278: rows_per_strip = value; break;
        default: break;
        }
    }
    assert_true(width > 0 && height > 0 && nstrips > 0);
    if (rows_per_strip == 0) rows_per_strip = height;
    unsigned char *ink = bs_xmalloc(width * height);
    for (unsigned long s = 0; s < nstrips; s++) {
        const unsigned char *o = tif + offsets_at + s * (long_offsets ? 4 : 2);
        unsigned long offset = long_offsets ? read_u32(o, le) : read_u16(o, le);
        unsigned long first = s * rows_per_strip, rows = rows_per_strip;
        if (first + rows > height) rows = height - first;
        assert_true(offset + rows * width <= len);
        memcpy(ink + first * width, tif + offset, rows * width);
    }
    /* tiffsep writes paper as white: 255 is no ink */
    if (photometric == 1)
        for (unsigned long i = 0; i < width * height; i++) ink[i] = (unsigned char)(255 - ink[i]);
    free(tif);
    *w = (int)width;
    *h = (int)height;
    return ink;
}

/* The body text's lines, from the composer, in the print PDF's pixels. */
typedef struct region {
    int x0, y0, x1, y1;
} region;

static region *body_regions(size_t *n, double margin_pt)
{
    bs_ctx *ctx = bs_ctx_new();
    bs_page *page = bs_page_load(ctx, SAMPLE);
    assert_non_null(page);
    bs_fonts *fonts = bs_fonts_open(ctx, page->template_->fonts_conf);
    bs_page_report report = {0};
    bs_dlist *dl = bs_page_compose(ctx, fonts, page, &report);
    assert_non_null(dl);
    region *r = bs_xcalloc(dl->nitems, sizeof *r);
    *n = 0;
    double s = SEP_DPI / 72.0;
    for (size_t i = 0; i < dl->nitems; i++) {
        const bs_dl_item *it = &dl->items[i];
        if (it->kind != BS_DL_TEXT || !it->origin.role || strcmp(it->origin.role, "body") != 0) continue;
        const bs_dl_text *t = &it->u.text;
        r[(*n)++] = (region){(int)((t->x + margin_pt) * s), (int)((t->y - t->size * 0.88 + margin_pt) * s),
                             (int)ceil((t->x + t->width + margin_pt) * s), (int)ceil((t->y + t->size * 0.12 + margin_pt) * s)};
    }
    bs_page_report_free(&report);
    bs_dlist_free(dl);
    bs_fonts_close(fonts);
    bs_page_free(page);
    bs_ctx_free(ctx);
    return r;
}

static long ink_in(const unsigned char *plate, int w, int h, const region *regions, size_t n, int *max_ink)
{
    long inked = 0;
    for (size_t k = 0; k < n; k++)
        for (int y = regions[k].y0; y < regions[k].y1 && y < h; y++)
            for (int x = regions[k].x0; x < regions[k].x1 && x < w; x++) {
                unsigned char v = plate[(size_t)y * (size_t)w + (size_t)x];
                if (v > 0) inked++;
                if (v > *max_ink) *max_ink = v;
            }
    return inked;
}

static void test_body_text_only_on_the_black_plate(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiffsep -r%g -sCompression=none -o '%s' '%s' 2>&1",
                    SEP_DPI, bs_test_out("e2e-sep.tif"), pdf_path());
    assert_int_equal(status, 0);
    free(out);
    char *info = bs_test_runf(&status, "pdfinfo -box '%s'", pdf_path());
    double margin = read_box(info, "TrimBox").x0;
    free(info);
    size_t n = 0;
    region *regions = body_regions(&n, margin);
    assert_true(n > 300);
    static const char *const plates[] = {"Cyan", "Magenta", "Yellow", "Black"};
    for (int p = 0; p < 4; p++) {
        char name[64];
        snprintf(name, sizeof name, "e2e-sep(%s).tif", plates[p]);
        int w, h, max_ink = 0;
        unsigned char *plate = read_plate(bs_test_out(name), &w, &h);
        /* the plate covers the MediaBox */
        assert_true(w > TRIM_W_MM / 25.4 * SEP_DPI && h > TRIM_H_MM / 25.4 * SEP_DPI);
        long inked = ink_in(plate, w, h, regions, n, &max_ink);
        if (p < 3) {
            if (inked) fail_msg("%ld pixels of the body text carry %s ink (up to %d/255)", inked, plates[p], max_ink);
        } else {
            assert_true(inked > 10000);   /* the text is there, on black */
            assert_int_equal(max_ink, 255);
        }
        free(plate);
    }
    free(regions);
}

/* Total ink: gs renders the BleedBox to CMYK with overprint, as the press
 * lays the inks down. Every pixel stays within the plant's limit. */
static void test_total_ink_limit(void **state)
{
    (void)state;
    int status;
    const char *pam = bs_test_out("e2e-tac.pam");
    char *out = bs_test_runf(&status, "gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pamcmyk32 -r72 -dUseBleedBox -o '%s' '%s' 2>&1",
                    pam, pdf_path());
    assert_int_equal(status, 0);
    free(out);
    size_t len = 0;
    bs_ctx *ctx = bs_ctx_new();
    unsigned char *data = (unsigned char *)bs_read_file(ctx, pam, &len);
    bs_ctx_free(ctx);
    assert_non_null(data);
    int w = 0, h = 0, depth = 0, maxval = 0;
    assert_int_equal(sscanf((char *)data, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\n", &w, &h, &depth, &maxval), 4);
    assert_int_equal(depth, 4);
    assert_int_equal(maxval, 255);
    const char *end = strstr((char *)data, "ENDHDR\n");
    assert_non_null(end);
    const unsigned char *px = (const unsigned char *)end + 7;
    assert_true((size_t)(px - data) + (size_t)w * (size_t)h * 4 <= len);
    int max_tac = 0;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        int tac = px[4 * i] + px[4 * i + 1] + px[4 * i + 2] + px[4 * i + 3];
        if (tac > max_tac) max_tac = tac;
    }
    double percent = max_tac * 100.0 / 255.0;
    print_message("maximum total ink %.1f %%\n", percent);
    assert_true(percent <= TAC_LIMIT);
    /* and the page is not blank: the photo and the masthead carry colour */
    assert_true(percent > 100);
    free(data);
}

static void test_same_input_same_bytes(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' >/dev/null && cmp '%s' '%s' && echo same", BS_CLI, SAMPLE,
                    bs_test_out("e2e-print-again.pdf"), pdf_path(), bs_test_out("e2e-print-again.pdf"));
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "same"));
    free(out);
}

/* The slug line is on the sheet the plant receives, under the bleed. */
static void test_slug_line(void **state)
{
    (void)state;
    int status;
    char *info = bs_test_runf(&status, "pdfinfo -box '%s'", pdf_path());
    box bleed = read_box(info, "BleedBox");
    box media = read_box(info, "MediaBox");
    free(info);
    /* pdftotext's region is in points from the top left */
    char *text = bs_test_runf(&status, "pdftotext -x 0 -y %d -W %d -H %d '%s' -", (int)ceil(media.y1 - bleed.y0),
                     (int)media.x1, (int)floor(bleed.y0), pdf_path());
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(text, "焦作日报"));
    assert_true(bs_test_contains(text, "2023-01-31"));
    assert_true(bs_test_contains(text, "A01"));
    assert_true(bs_test_contains(text, "总第 13900 期"));
    free(text);
}

static void test_output_profile_options(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --output-profile /nonexistent.icc 2>&1", BS_CLI, SAMPLE,
                    bs_test_out("e2e-print-x.pdf"));
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "--output-profile and --output-condition go together"));
    free(out);
    out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --output-profile '%s' --output-condition 'Plant X' 2>&1", BS_CLI, SAMPLE,
              bs_test_out("e2e-print-x.pdf"), bs_test_write("e2e-not.icc", "nope\n"));
    assert_int_equal(status, 1);
    assert_true(bs_test_contains(out, "e2e-not.icc: error: not an ICC profile"));
    free(out);
    /* the plant's own profile and condition name are embedded */
    out = bs_test_runf(&status,
              "'%s' render '%s' -o '%s' --output-profile '%s' --output-condition 'Plant X' >/dev/null 2>&1 && "
              "qpdf --show-object=trailer --filtered-stream-data '%s' >/dev/null && "
              "qpdf --qdf --object-streams=disable '%s' - | grep -a -o 'OutputConditionIdentifier (Plant X)'",
              BS_CLI, SAMPLE, bs_test_out("e2e-print-x.pdf"), BS_PROFILE_DIR "/newsprint-tac230.icc",
              bs_test_out("e2e-print-x.pdf"), bs_test_out("e2e-print-x.pdf"));
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "OutputConditionIdentifier (Plant X)"));
    free(out);
}

/* The sample template with `find` replaced by `replace`, and a page setting
 * one of the sample's stories on it; returns the page's path. */
static const char *variant_page(const char *name, const char *find, const char *replace)
{
    size_t len = 0;
    bs_ctx *ctx = bs_ctx_new();
    char *tpl = bs_read_file(ctx, BS_SOURCE_DIR "/layouts/duikai-8col.yaml", &len);
    bs_ctx_free(ctx);
    assert_non_null(tpl);
    char *at = strstr(tpl, find);
    assert_non_null(at);
    /* the copy lives elsewhere: it names the project's fonts.conf */
    bs_buf text = {0};
    bs_buf_adds(&text, "fonts-conf: " BS_SOURCE_DIR "/fonts.conf\n");
    bs_buf_add(&text, tpl, (size_t)(at - tpl));
    bs_buf_adds(&text, replace);
    bs_buf_adds(&text, at + strlen(find));
    char file[128];
    snprintf(file, sizeof file, "%s-template.yaml", name);
    const char *tpl_path = bs_test_write(file, text.data);
    bs_buf_free(&text);
    free(tpl);
    char page[1024];
    snprintf(page, sizeof page,
             "page: T01\ntemplate: %s\nedition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\n"
             "blocks:\n  - type: story\n    file: %s/samples/jzrb-2023-01-31/stories/trade.md\n"
             "    headline: { column: 5, span: 4, line: 85, lines: 6 }\n"
             "    body:\n      - { column: 5, span: 4, line: 91, lines: 13 }\n",
             tpl_path, BS_SOURCE_DIR);
    snprintf(file, sizeof file, "%s-page.yaml", name);
    return bs_test_write(file, page);
}

/* For a plant that imposes pages itself: marks: false gives the trim only,
 * without marks or slug, and still PDF/X-1a. */
static void test_trim_only_page(void **state)
{
    (void)state;
    const char *page_path = variant_page("e2e-trim-only", "paper:\n", "paper:\n  marks: false\n");
    const char *pdf = bs_test_out("e2e-trim-only.pdf");
    int status;
    /* the variant's stories are the sample's, outside the test's folder */
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --allow-outside 2>&1", BS_CLI, page_path, pdf);
    if (status != 0) fprintf(stderr, "%s", out);
    assert_int_equal(status, 0);
    free(out);
    char *info = bs_test_runf(&status, "pdfinfo -box '%s'", pdf);
    box media = read_box(info, "MediaBox"), bleed = read_box(info, "BleedBox"), trim = read_box(info, "TrimBox");
    assert_true(fabs(trim.x0) < 0.01 && fabs(trim.y0) < 0.01);
    assert_true(fabs((trim.x1 - trim.x0) / BS_PT_PER_MM - TRIM_W_MM) < 0.5);
    assert_true(fabs(media.x1 - trim.x1) < 0.01 && fabs(media.y1 - trim.y1) < 0.01);
    assert_true(fabs(bleed.x1 - trim.x1) < 0.01 && fabs(bleed.y0 - trim.y0) < 0.01);
    assert_true(bs_test_contains(info, "PDF version:     1.3"));
    free(info);
    /* no Registration anywhere: no marks, no slug */
    char *spaces = bs_test_runf(&status, "mutool trace '%s' | grep -o 'colorspace=\"[^\"]*\"' | sort -u", pdf);
    assert_string_equal(spaces, "colorspace=\"DeviceCMYK\"\n");
    free(spaces);
}

/* The report carries the preflight of the PDF written; the sample passes
 * every check, so --strict exits 0. */
static void test_report_has_preflight(void **state)
{
    (void)state;
    int status;
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --report '%s' --strict 2>&1", BS_CLI, SAMPLE,
                    bs_test_out("e2e-print-strict.pdf"), bs_test_out("e2e-print-strict.json"));
    assert_int_equal(status, 0);
    free(out);
    size_t len = 0;
    bs_ctx *ctx = bs_ctx_new();
    char *json = bs_read_file(ctx, bs_test_out("e2e-print-strict.json"), &len);
    bs_ctx_free(ctx);
    assert_non_null(json);
    assert_true(bs_test_contains(json, "\"preflight\": {\"passed\": 18, \"failed\": 0, \"warnings\": 0"));
    assert_true(bs_test_contains(json, "{\"name\": \"total-ink\", \"result\": \"pass\""));
    assert_true(bs_test_contains(json, "{\"name\": \"boxes\", \"result\": \"pass\", \"detail\": \"trim 390.0 x 540.0 mm"));
    free(json);
    /* and `broadsheet preflight` says the same of the file */
    out = bs_test_runf(&status, "'%s' preflight '%s'", BS_CLI, bs_test_out("e2e-print-strict.pdf"));
    assert_int_equal(status, 0);
    assert_true(bs_test_contains(out, "18 passed, 0 failed, 0 warnings"));
    free(out);
}

/* Body text in 300 % ink: the page is written, the preflight fails total
 * ink, and --strict says so with exit status 2. */
static void test_strict_fails_a_failed_preflight(void **state)
{
    (void)state;
    const char *page_path = variant_page("e2e-rich", "body:          { font: 宋体, size: 小五,",
                                         "body:          { font: 宋体, size: 小五, color: C100 M100 Y100,");
    const char *pdf = bs_test_out("e2e-rich.pdf");
    int status;
    char *out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --strict --allow-outside 2>&1", BS_CLI, page_path, pdf);
    assert_int_equal(status, 2);
    assert_true(bs_test_contains(out, "e2e-rich.pdf: error: preflight total-ink: max "));
    assert_true(bs_test_contains(out, "limit 240%"));
    free(out);
    /* without --strict the same page is made and exits 0 */
    out = bs_test_runf(&status, "'%s' render '%s' -o '%s' --allow-outside 2>&1", BS_CLI, page_path, pdf);
    assert_int_equal(status, 0);
    free(out);
}

int main(void)
{
    /* separated photos are kept in the test's own cache, not the user's */
    setenv("BROADSHEET_CACHE", bs_test_out("cache"), 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_check),
        cmocka_unit_test(test_boxes),
        cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_colour_spaces_and_overprint),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_no_transparency_and_info_keys),
        cmocka_unit_test(test_line_weights),
        cmocka_unit_test(test_body_text_only_on_the_black_plate),
        cmocka_unit_test(test_total_ink_limit),
        cmocka_unit_test(test_same_input_same_bytes),
        cmocka_unit_test(test_slug_line),
        cmocka_unit_test(test_output_profile_options),
        cmocka_unit_test(test_trim_only_page),
        cmocka_unit_test(test_report_has_preflight),
        cmocka_unit_test(test_strict_fails_a_failed_preflight),
    };
    return cmocka_run_group_tests(tests, render_print, NULL);
}
