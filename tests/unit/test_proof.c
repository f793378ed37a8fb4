/* Proof marks (bs_page_opts.proof): the baseline grid, a frame outline per
 * frame, a link between consecutive frames of a story, and an overset mark
 * exactly where a story is overset, all of role "proof"; none without the
 * option; and never in the print PDF, even when the list has them, while
 * the PNG shows them. */
#include "bs_test.h"
#include "bs_page.h"
#include "bs_render.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct fixture {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_page *page;
    bs_fonts *fonts;
    bs_dlist *plain;          /* composed without proof marks */
    bs_dlist *proof;          /* with them */
    bs_page_report report;    /* of the proof composition */
} fixture;

/* Story 0 runs through two frames and is overset; story 1 fits its one
 * frame. */
static int setup(void **state)
{
    char story[4096] = "---\ntitle: 溢出\n---\n";
    for (int i = 0; i < 10; i++)
        strcat(story, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十。\n\n");
    bs_test_write("proof-long.md", story);
    bs_test_write("proof-short.md", "---\ntitle: 短稿\n---\n一二三四五六七八九十。\n");
    char page[2048];
    snprintf(page, sizeof page,
             "page: A02\ntemplate: %s/layouts/duikai-8col.yaml\n"
             "edition: {paper: 焦作日报, date: 2023-01-31, issue: 13900, pages: 12}\nblocks:\n"
             "  - type: story\n    file: proof-long.md\n    headline: {column: 1, span: 2, line: 1, lines: 4}\n"
             "    body:\n      - {column: 1, span: 2, line: 5, lines: 10}\n"
             "      - {column: 4, span: 1, line: 1, lines: 12}\n"
             "  - type: story\n    file: proof-short.md\n    body: [{column: 6, span: 2, line: 1, lines: 10}]\n",
             BS_SOURCE_DIR);
    fixture *f = bs_xcalloc(1, sizeof *f);
    f->ctx = bs_test_ctx(&f->diags);
    f->page = bs_page_load(f->ctx, bs_test_write("proof.yaml", page));
    if (!f->page) fprintf(stderr, "%s", f->diags.text.data);
    assert_non_null(f->page);
    f->fonts = bs_fonts_open(f->ctx, f->page->template_->fonts_conf);
    assert_non_null(f->fonts);
    bs_page_report plain_report = {0};
    f->plain = bs_page_compose(f->ctx, f->fonts, f->page, &plain_report);
    bs_page_report_free(&plain_report);
    bs_page_opts opts = {.proof = true};
    f->proof = bs_page_compose_with(f->ctx, f->fonts, f->page, &opts, &f->report);
    assert_non_null(f->plain);
    assert_non_null(f->proof);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_page_report_free(&f->report);
    bs_dlist_free(f->plain);
    bs_dlist_free(f->proof);
    bs_fonts_close(f->fonts);
    bs_page_free(f->page);
    bs_test_ctx_free(f->ctx, &f->diags);
    free(f);
    return 0;
}

static bool is_proof(const bs_dl_item *it) { return it->origin.role && strcmp(it->origin.role, "proof") == 0; }

static bool near(double a, double b) { return fabs(a - b) < 1e-6; }

static size_t count_proof(const bs_dlist *dl)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->nitems; i++) n += is_proof(&dl->items[i]);
    return n;
}

/* One cyan hairline across the type area on each grid line's baseline:
 * the top of the grid line plus the body's em box above the baseline. */
static void test_grid_lines(void **state)
{
    fixture *f = *state;
    const bs_template *tpl = f->page->template_;
    int seen = 0;
    for (size_t i = 0; i < f->proof->nitems; i++) {
        const bs_dl_item *it = &f->proof->items[i];
        if (!is_proof(it) || it->kind != BS_DL_LINE || it->origin.block != -1) continue;
        const bs_dl_line *l = &it->u.line;
        seen++;
        assert_int_equal(it->origin.line, seen);   /* top to bottom, numbered as editors count */
        double baseline = bs_template_line_top(tpl, seen) + 0.88 * tpl->zi;
        assert_true(near(l->y0, baseline) && near(l->y1, baseline));
        assert_true(near(l->x0, tpl->area_x) && near(l->x1, tpl->area_x + tpl->area_w));
        assert_true(l->weight > 0 && l->weight <= 0.5);
        assert_true(l->color.c > 0 && l->color.m == 0 && l->color.y == 0 && l->color.k == 0);
    }
    assert_int_equal(seen, tpl->lines);
}

static bool same_rect(bs_rect a, bs_rect b) { return near(a.x, b.x) && near(a.y, b.y) && near(a.w, b.w) && near(a.h, b.h); }

/* Every frame of every story outlined once, in its block, and nothing else
 * outlined. */
static void test_frame_outlines(void **state)
{
    fixture *f = *state;
    size_t outlines = 0, frames = 0;
    for (size_t b = 0; b < f->page->nblocks; b++) {
        const bs_block *block = &f->page->blocks[b];
        frames += block->nframes;
        for (size_t k = 0; k < block->nframes; k++) {
            int found = 0;
            for (size_t i = 0; i < f->proof->nitems; i++) {
                const bs_dl_item *it = &f->proof->items[i];
                if (!is_proof(it) || it->kind != BS_DL_RECT || it->origin.block != (int)b) continue;
                if (!same_rect(it->u.rect.r, block->frames[k].rect)) continue;
                assert_false(it->u.rect.fill);
                assert_true(it->u.rect.stroke > 0 && it->u.rect.stroke <= 1);
                assert_int_equal(it->origin.column, (int)k);
                found++;
            }
            assert_int_equal(found, 1);
        }
    }
    for (size_t i = 0; i < f->proof->nitems; i++)
        outlines += is_proof(&f->proof->items[i]) && f->proof->items[i].kind == BS_DL_RECT;
    assert_int_equal(frames, 3);
    assert_int_equal(outlines, frames);
}

/* A story's frames are linked end to start: from the bottom right of frame
 * k (the foot of its last column) to the top left of frame k + 1. */
static size_t links_of(const fixture *f, size_t b)
{
    const bs_block *block = &f->page->blocks[b];
    size_t links = 0;
    for (size_t i = 0; i < f->proof->nitems; i++) {
        const bs_dl_item *it = &f->proof->items[i];
        if (!is_proof(it) || it->kind != BS_DL_LINE || it->origin.block != (int)b) continue;
        for (size_t k = 0; k + 1 < block->nframes; k++) {
            bs_rect from = block->frames[k].rect, to = block->frames[k + 1].rect;
            const bs_dl_line *l = &it->u.line;
            if (near(l->x0, from.x + from.w) && near(l->y0, from.y + from.h) && near(l->x1, to.x) && near(l->y1, to.y))
                links++;
        }
    }
    return links;
}

static void test_frame_links(void **state)
{
    fixture *f = *state;
    assert_int_equal(links_of(f, 0), 1);
    assert_int_equal(links_of(f, 1), 0);
}

/* The overset mark: red strokes around the end of the last frame and a
 * label with the count, for the overset story and for no other. */
static void test_overset_mark(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->report.nstories, 2);
    size_t overset = f->report.stories[0].overset_chars;
    assert_true(overset > 0);
    assert_int_equal(f->report.stories[1].overset_chars, 0);

    char want[64];
    snprintf(want, sizeof want, "+%zu字", overset);
    for (size_t b = 0; b < 2; b++) {
        const bs_block *block = &f->page->blocks[b];
        bs_rect last = block->frames[block->nframes - 1].rect;
        double cx = last.x + last.w, cy = last.y + last.h;
        size_t red = 0;
        bs_buf label = {0};
        bs_buf_adds(&label, "");
        for (size_t i = 0; i < f->proof->nitems; i++) {
            const bs_dl_item *it = &f->proof->items[i];
            if (!is_proof(it) || it->origin.block != (int)b) continue;
            if (it->kind == BS_DL_TEXT) {
                bs_buf_add(&label, it->u.text.text, it->u.text.len);
                assert_true(it->u.text.color.m == 100 && it->u.text.color.y == 100);
            }
            if (it->kind == BS_DL_LINE && it->u.line.color.m == 100 && it->u.line.color.y == 100) {
                const bs_dl_line *l = &it->u.line;
                /* within a character of the frame's end */
                double zi = f->page->template_->zi;
                assert_true(hypot(l->x0 - cx, l->y0 - cy) <= zi && hypot(l->x1 - cx, l->y1 - cy) <= zi);
                red++;
            }
        }
        if (b == 0) {
            assert_true(red >= 10);           /* a circle and a cross */
            assert_string_equal(label.data, want);
        } else {
            assert_int_equal(red, 0);
            assert_string_equal(label.data, "");
        }
        bs_buf_free(&label);
    }
}

/* Without the option the list has no proof item, and the option adds
 * nothing but proof items, after everything else. */
static void test_absent_without_proof(void **state)
{
    fixture *f = *state;
    assert_int_equal(count_proof(f->plain), 0);
    size_t marks = count_proof(f->proof);
    assert_true(marks > 0);
    assert_int_equal(f->proof->nitems, f->plain->nitems + marks);
    for (size_t i = 0; i < f->plain->nitems; i++) {
        assert_int_equal(f->proof->items[i].kind, f->plain->items[i].kind);
        assert_false(is_proof(&f->proof->items[i]));
    }
}

/* ------------------------------------------------------------ rendering */

static bs_buf print_pdf(const bs_dlist *dl, bs_palette *palette)
{
    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    bs_print_opts opts = {.margin = 12 * BS_PT_PER_MM, .marks = true};
    bs_buf out = {0};
    bs_print_geometry geometry;
    bool ok = bs_render_print_pdf(ctx, dl, &opts, palette, &out, &geometry);
    if (!ok) fprintf(stderr, "%s", diags.text.data);
    assert_true(ok);
    bs_test_ctx_free(ctx, &diags);
    return out;
}

/* The print PDF of the page with proof marks is byte for byte the one
 * without: nothing of them is drawn, and no colour of theirs is asked of
 * the finish. */
static void test_print_pdf_has_no_proof_marks(void **state)
{
    fixture *f = *state;
    bs_palette with = {0}, without = {0};
    bs_buf a = print_pdf(f->proof, &with), b = print_pdf(f->plain, &without);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_int_equal(with.ncolors, without.ncolors);
    for (size_t i = 0; i < with.ncolors; i++) assert_true(bs_cmyk_equal(with.colors[i], without.colors[i]));
    bs_buf_free(&a);
    bs_buf_free(&b);
    bs_palette_free(&with);
    bs_palette_free(&without);
}

/* A list made by hand: a black rule and a proof rectangle in a colour of
 * its own. The preview shows the rectangle; the print palette never gets
 * its colour. */
static void test_proof_items_drawn_for_screens_only(void **state)
{
    (void)state;
    const bs_cmyk proof_colour = {0, 100, 100, 0};
    bs_dlist *dl = bs_dlist_new(200, 100);
    bs_dl_item *rule = bs_dlist_add(dl, BS_DL_LINE);
    rule->origin.role = "rule";
    rule->u.line = (bs_dl_line){10, 90, 190, 90, 1, BS_CMYK_BLACK};
    bs_dl_item *mark = bs_dlist_add(dl, BS_DL_RECT);
    mark->origin.role = "proof";
    mark->u.rect = (bs_dl_rect){.r = {50, 20, 100, 40}, .fill = true, .fill_color = proof_colour};

    bs_palette palette = {0};
    bs_buf pdf = print_pdf(dl, &palette);
    for (size_t i = 0; i < palette.ncolors; i++) assert_false(bs_cmyk_equal(palette.colors[i], proof_colour));
    bs_buf_free(&pdf);
    bs_palette_free(&palette);

    bs_test_diags diags;
    bs_ctx *ctx = bs_test_ctx(&diags);
    const char *png = bs_test_out("proof-screen.png");
    assert_true(bs_render_png(ctx, dl, png, 72));
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    const unsigned char *px = cairo_image_surface_get_data(s) + 40 * cairo_image_surface_get_stride(s) + 100 * 4;
    uint32_t argb = *(const uint32_t *)px;
    assert_int_equal(argb & 0xFFFFFF, 0xFF0000);   /* red in the middle of the rectangle */
    cairo_surface_destroy(s);
    bs_test_ctx_free(ctx, &diags);
    bs_dlist_free(dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_lines),
        cmocka_unit_test(test_frame_outlines),
        cmocka_unit_test(test_frame_links),
        cmocka_unit_test(test_overset_mark),
        cmocka_unit_test(test_absent_without_proof),
        cmocka_unit_test(test_print_pdf_has_no_proof_marks),
        cmocka_unit_test(test_proof_items_drawn_for_screens_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
