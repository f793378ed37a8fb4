/* Stories that jump between the pages of an edition (转版), asserted on the
 * display lists of the sample edition: the jump lines' text, numbers and
 * places, every character set once (none lost, none twice) across the two
 * pages, the jump following the text when a frame changes, and the errors
 * of a wrong `continues`. */
#include "bs_test.h"
#include "bs_page.h"

#include <stdio.h>
#include <stdlib.h>

#define SAMPLE_DIR BS_SOURCE_DIR "/samples/jzrb-2023-01-31"

typedef struct edition {
    bs_test_diags diags;
    bs_ctx *ctx;
    bs_edition_file *file;
    bs_page *pages[4];
    size_t npages;
    bs_arena *arena;
    bs_page_jumps jumps[4];
    bs_fonts *fonts;
    bs_dlist *dl[4];
    bs_page_report report[4];
} edition;

static edition *open_edition(const char *path)
{
    edition *e = calloc(1, sizeof *e);
    e->ctx = bs_test_ctx(&e->diags);
    e->file = bs_edition_load(e->ctx, path);
    assert_non_null(e->file);
    assert_true(e->file->npages <= 4);
    for (size_t i = 0; i < e->file->npages; i++) {
        e->pages[i] = bs_page_load_in(e->ctx, e->file->pages[i], &e->file->edition);
        if (!e->pages[i]) fprintf(stderr, "%s", e->diags.text.data);
        assert_non_null(e->pages[i]);
        e->npages++;
    }
    e->arena = bs_arena_new();
    return e;
}

/* Jumps, then each page composed in order, passing on where stories stop. */
static bool compose_edition(edition *e)
{
    if (!bs_edition_jumps(e->ctx, e->pages, e->npages, e->arena, e->jumps)) return false;
    e->fonts = bs_fonts_open(e->ctx, e->pages[0]->template_->fonts_conf);
    assert_non_null(e->fonts);
    for (size_t i = 0; i < e->npages; i++) {
        bs_page_opts opts = {e->jumps[i].out, e->jumps[i].nout, e->jumps[i].in, e->jumps[i].nin, false};
        e->dl[i] = bs_page_compose_with(e->ctx, e->fonts, e->pages[i], &opts, &e->report[i]);
        if (!e->dl[i]) return false;
        bs_jumps_take_rest(e->ctx, e->pages[i], &e->report[i], e->jumps, e->npages);
    }
    return true;
}

static void close_edition(edition *e)
{
    for (size_t i = 0; i < e->npages; i++) {
        bs_page_report_free(&e->report[i]);
        bs_dlist_free(e->dl[i]);
        bs_page_free(e->pages[i]);
    }
    bs_fonts_close(e->fonts);
    bs_arena_free(e->arena);
    bs_edition_free(e->file);
    bs_test_ctx_free(e->ctx, &e->diags);
    free(e);
}

static int block_of(const bs_page *page, const char *story)
{
    for (size_t i = 0; i < page->nblocks; i++)
        if (page->blocks[i].file && bs_test_contains(page->blocks[i].file, story)) return (int)i;
    return -1;
}

static bool role_is(const bs_dl_item *it, const char *role)
{
    return it->origin.role && strcmp(it->origin.role, role) == 0;
}

/* The block's text items of `role`, in order, spaces dropped. */
static void block_text(const bs_dlist *dl, int block, const char *role, bs_buf *out)
{
    for (size_t i = 0; i < dl->nitems; i++) {
        const bs_dl_item *it = &dl->items[i];
        if (it->kind != BS_DL_TEXT || it->origin.block != block || !role_is(it, role)) continue;
        for (size_t k = 0; k < it->u.text.len; k++) {
            char c = it->u.text.text[k];
            if (c == ' ') continue;
            if (k + 2 < it->u.text.len && memcmp(it->u.text.text + k, "\u3000", 3) == 0) {
                k += 2;
                continue;
            }
            bs_buf_add(out, &c, 1);
        }
    }
    bs_buf_add(out, "", 0);
}

static const bs_dl_item *jump_line(const bs_dlist *dl, int block)
{
    const bs_dl_item *found = NULL;
    for (size_t i = 0; i < dl->nitems; i++)
        if (dl->items[i].kind == BS_DL_TEXT && dl->items[i].origin.block == block && role_is(&dl->items[i], "jump"))
            found = &dl->items[i];
    return found;
}

static const bs_story_report *story_report(const bs_page_report *r, const char *story)
{
    for (size_t i = 0; i < r->nstories; i++)
        if (bs_test_contains(r->stories[i].file, story)) return &r->stories[i];
    return NULL;
}

/* The three stories that leave A01 are numbered ①②③ in the order of A02's
 * blocks, and each jump line says so on both pages. */
static void test_jump_lines(void **state)
{
    (void)state;
    edition *e = open_edition(SAMPLE_DIR "/edition.yaml");
    assert_true(compose_edition(e));
    static const char *const stories[] = {"lead.md", "congress.md", "cppcc.md"};
    static const char *const out[] = {"（下转A02版①）", "（下转A02版②）", "（下转A02版③）"};
    static const char *const in[] = {"（上接A01版①）", "（上接A01版②）", "（上接A01版③）"};
    for (int s = 0; s < 3; s++) {
        int b1 = block_of(e->pages[0], stories[s]), b2 = block_of(e->pages[1], stories[s]);
        assert_true(b1 >= 0 && b2 >= 0);
        bs_buf text = {0};
        block_text(e->dl[0], b1, "jump", &text);
        assert_string_equal(text.data, out[s]);
        bs_buf_free(&text);
        block_text(e->dl[1], b2, "jump", &text);
        assert_string_equal(text.data, in[s]);
        bs_buf_free(&text);

        /* （下转…） on the last line of the last frame, set to its right edge */
        const bs_place *frame = &e->pages[0]->blocks[b1].frames[e->pages[0]->blocks[b1].nframes - 1];
        const bs_dl_item *j = jump_line(e->dl[0], b1);
        double line_top = frame->rect.y + frame->rect.h - e->pages[0]->template_->hang;
        assert_true(j->u.text.y > line_top && j->u.text.y < frame->rect.y + frame->rect.h);
        double column_right = frame->rect.x + frame->rect.w;
        assert_true(j->u.text.x + j->u.text.width <= column_right + 0.01);
        assert_true(j->u.text.x + j->u.text.width > column_right - 0.5 * j->u.text.size);
        /* （上接…） on the first line of the first frame */
        const bs_place *first = &e->pages[1]->blocks[b2].frames[0];
        const bs_dl_item *k = jump_line(e->dl[1], b2);
        assert_true(k->u.text.y > first->rect.y && k->u.text.y < first->rect.y + e->pages[1]->template_->hang);

        const bs_story_report *r1 = story_report(&e->report[0], stories[s]);
        assert_string_equal(r1->jump_to, "A02");
        assert_true(r1->jumped_chars > 0);
        assert_int_equal(r1->overset_chars, 0);
        const bs_story_report *r2 = story_report(&e->report[1], stories[s]);
        assert_string_equal(r2->jump_from, "A01");
        assert_int_equal(r2->overset_chars, 0);
    }
    close_edition(e);
}

/* What A01 sets of a story and what A02 sets of it make the whole story,
 * each character once. */
static void test_nothing_lost_or_twice(void **state)
{
    (void)state;
    edition *e = open_edition(SAMPLE_DIR "/edition.yaml");
    assert_true(compose_edition(e));
    static const char *const stories[] = {"lead.md", "congress.md", "cppcc.md"};
    for (int s = 0; s < 3; s++) {
        int b1 = block_of(e->pages[0], stories[s]), b2 = block_of(e->pages[1], stories[s]);
        const bs_story *story = e->pages[0]->blocks[b1].story;
        bs_buf want = {0}, got = {0};
        if (story->dateline.text) bs_buf_adds(&want, story->dateline.text);
        for (size_t p = 0; p < story->nparas; p++) bs_buf_add(&want, story->paras[p].text, story->paras[p].len);
        bs_buf spaced = want;
        want = (bs_buf){0};
        for (size_t k = 0; k < spaced.len; k++) {
            if (spaced.data[k] == ' ') continue;
            if (k + 2 < spaced.len && memcmp(spaced.data + k, "\u3000", 3) == 0) {
                k += 2;
                continue;
            }
            bs_buf_add(&want, spaced.data + k, 1);
        }
        bs_buf_add(&want, "", 0);
        bs_buf_free(&spaced);
        block_text(e->dl[0], b1, "body", &got);
        size_t on_a01 = got.len;
        got.len = strlen(got.data);
        block_text(e->dl[1], b2, "body", &got);
        assert_true(on_a01 > 0 && got.len > on_a01);
        assert_string_equal(got.data, want.data);
        bs_buf_free(&want);
        bs_buf_free(&got);
    }
    close_edition(e);
}

/* Make the lead's frame on A01 two lines shorter: more of it goes on, and
 * A02 starts that much earlier in the text. */
static void test_jump_follows_the_text(void **state)
{
    (void)state;
    edition *e = open_edition(SAMPLE_DIR "/edition.yaml");
    assert_true(compose_edition(e));
    size_t before = story_report(&e->report[0], "lead.md")->jumped_chars;
    int b = block_of(e->pages[0], "lead.md");
    bs_buf a02_before = {0};
    block_text(e->dl[1], block_of(e->pages[1], "lead.md"), "body", &a02_before);
    for (size_t i = 0; i < e->npages; i++) {
        bs_page_report_free(&e->report[i]);
        bs_dlist_free(e->dl[i]);
        e->dl[i] = NULL;
    }
    bs_fonts_close(e->fonts);
    bs_place *frame = &e->pages[0]->blocks[b].frames[0];
    frame->rect.h -= 2 * e->pages[0]->template_->hang;
    /* and A02's frame has room for what more comes */
    bs_place *a02_frame = &e->pages[1]->blocks[block_of(e->pages[1], "lead.md")].frames[0];
    a02_frame->rect.h += 10 * e->pages[1]->template_->hang;
    assert_true(compose_edition(e));
    size_t after = story_report(&e->report[0], "lead.md")->jumped_chars;
    assert_true(after > before + 13);
    bs_buf a02_after = {0};
    block_text(e->dl[1], block_of(e->pages[1], "lead.md"), "body", &a02_after);
    assert_true(a02_after.len > a02_before.len);
    /* A02 ends the same and begins earlier */
    assert_string_equal(a02_after.data + (a02_after.len - a02_before.len), a02_before.data);
    bs_buf_free(&a02_before);
    bs_buf_free(&a02_after);
    close_edition(e);
}

static const char *write_edition(const char *name, const char *a02_continues, const char *order)
{
    char a02[1024], ed[1024];
    snprintf(a02, sizeof a02,
             "page: A02\ntemplate: %s/layouts/duikai-8col.yaml\nblocks:\n  - type: story\n"
             "    file: %s/samples/jzrb-2023-01-31/stories/lead.md\n    continues: %s\n"
             "    body:\n      - { column: 1, span: 2, line: 1, lines: 20 }\n",
             BS_SOURCE_DIR, BS_SOURCE_DIR, a02_continues);
    char a02_name[128];
    snprintf(a02_name, sizeof a02_name, "%s-A02.yaml", name);
    const char *a02_path = bs_test_write(a02_name, a02);
    char a02_copy[1024];
    snprintf(a02_copy, sizeof a02_copy, "%s", a02_path);
    snprintf(ed, sizeof ed, "paper: 焦作日报\ndate: 2023-01-31\nissue: 13900\npages:\n%s", order);
    char buf[2048];
    snprintf(buf, sizeof buf, ed, SAMPLE_DIR "/edition/A01.yaml", a02_copy);
    char ed_name[128];
    snprintf(ed_name, sizeof ed_name, "%s-edition.yaml", name);
    return bs_test_write(ed_name, buf);
}

static char *jump_errors(const char *path)
{
    edition *e = open_edition(path);
    assert_false(bs_edition_jumps(e->ctx, e->pages, e->npages, e->arena, e->jumps));
    char *text = bs_xstrdup(e->diags.text.data);
    close_edition(e);
    return text;
}

static void test_wrong_continues(void **state)
{
    (void)state;
    char *text = jump_errors(write_edition("jump-missing", "A05", "  - %s\n  - %s\n"));
    assert_true(bs_test_contains(text, ":6:16: error: story"));
    assert_true(bs_test_contains(text, "continues from page A05, which is not in the edition"));
    free(text);
    text = jump_errors(write_edition("jump-later", "A01", "  - %2$s\n  - %1$s\n"));
    assert_true(bs_test_contains(text, "continues from page A01, which comes after A02 in the edition"));
    free(text);
    /* and a page of the edition set on its own cannot know where to resume */
    edition *e = open_edition(SAMPLE_DIR "/edition.yaml");
    bs_fonts *fonts = bs_fonts_open(e->ctx, e->pages[1]->template_->fonts_conf);
    bs_page_report report = {0};
    assert_null(bs_page_compose(e->ctx, fonts, e->pages[1], &report));
    assert_true(bs_test_contains(e->diags.text.data, "continues from page A01: render it with its edition"));
    bs_page_report_free(&report);
    bs_fonts_close(fonts);
    close_edition(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jump_lines),
        cmocka_unit_test(test_nothing_lost_or_twice),
        cmocka_unit_test(test_jump_follows_the_text),
        cmocka_unit_test(test_wrong_continues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
