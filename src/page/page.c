/* page.c - composing a page: the folio, every block in the order the page
 * file lists them, then the column rules. */
#define _DEFAULT_SOURCE 1 /* timegm */
#include "page_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long page_date_epoch(const bs_edition *ed)
{
    struct tm tm = {0};
    tm.tm_year = ed->year - 1900;
    tm.tm_mon = ed->month - 1;
    tm.tm_mday = ed->day;
    return (long long)timegm(&tm);
}

/* 版序 and date above the type area (a page header every page carries). */
static bool compose_folio(bs_pagectx *pc)
{
    const bs_style *style = bs_template_style(pc->tpl, "folio");
    if (!style) return true;
    const bs_template *tpl = pc->tpl;
    const bs_edition *ed = &pc->page->edition;
    char weekday[64];
    if (!bs_weekday(pc->ctx, ed->year, ed->month, ed->day, weekday, sizeof weekday)) return false;
    char *text = bs_arena_printf(pc->scratch, "%s　%s　%d年%d月%d日　%s", pc->page->id, ed->paper, ed->year,
                                 ed->month, ed->day, weekday);
    double top = tpl->area_y - 1.5 * style->size - 0.5 * tpl->zi;
    bool ok = true;
    pc->block = -1;
    bs_set_block_text(pc, text, style, tpl->area_x, top, tpl->area_w, "folio", true, &ok);
    return ok;
}

/* The slug line under the bleed, for the plate room: paper, date, page,
 * issue. It is set in Registration so every plate carries it; only the
 * print PDF, whose page is larger than the trim, shows it. */
static bool compose_slug(bs_pagectx *pc)
{
    const bs_template *tpl = pc->tpl;
    const bs_style *base = bs_template_style(tpl, "slug");
    if (!base) base = bs_template_style(tpl, "folio");
    if (!base || !tpl->marks) return true;
    bs_style *style = BS_ARENA_NEW(pc->scratch, bs_style);
    *style = *base;
    style->color = BS_CMYK_REGISTRATION;
    style->align = BS_ALIGN_START;
    const bs_edition *ed = &pc->page->edition;
    char *text = bs_arena_printf(pc->scratch, "%s　%04d-%02d-%02d　%s　总第%d期　今日%d版", ed->paper, ed->year,
                                 ed->month, ed->day, pc->page->id, ed->issue, ed->pages);
    double top = tpl->trim_h + tpl->bleed + 2 * BS_PT_PER_MM;
    bool ok = true;
    pc->block = -1;
    bs_set_block_text(pc, text, style, tpl->area_x, top, tpl->area_w, "slug", true, &ok);
    return ok;
}

static bool compose_block(bs_pagectx *pc, const bs_block *block)
{
    switch (block->kind) {
    case BS_BLOCK_MASTHEAD: return bs_compose_masthead(pc, block);
    case BS_BLOCK_STORY: return bs_compose_story(pc, block);
    case BS_BLOCK_PHOTO: return bs_compose_photo(pc, block);
    case BS_BLOCK_EAR:
    case BS_BLOCK_BOX:
    case BS_BLOCK_TEXT: return bs_compose_boxed(pc, block);
    case BS_BLOCK_QR: return bs_compose_qr(pc, block, &block->place.rect);
    case BS_BLOCK_STRIP: return bs_compose_strip(pc, block);
    case BS_BLOCK_RULE: return bs_compose_rule(pc, block);
    }
    return bs_fail(pc->ctx, block->loc, "internal: unknown block kind");
}

bs_dlist *bs_page_compose(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, bs_page_report *report)
{
    return bs_page_compose_with(ctx, fonts, page, NULL, report);
}

bs_dlist *bs_page_compose_with(bs_ctx *ctx, bs_fonts *fonts, const bs_page *page, const bs_page_opts *opts,
                               bs_page_report *report)
{
    static const bs_page_opts no_opts = {0};
    bs_page_report own = {0};
    if (!report) report = &own;
    memset(report, 0, sizeof *report);
    report->arena = bs_arena_new();

    const bs_template *tpl = page->template_;
    bs_pagectx pc = {.ctx = ctx, .fonts = fonts, .page = page, .opts = opts ? opts : &no_opts, .tpl = tpl,
                     .report = report, .where = bs_loc_file(page->path)};
    pc.composer = bs_composer_new(ctx, fonts);
    if (!pc.composer) {
        bs_page_report_free(&own);
        return NULL;
    }
    pc.scratch = bs_arena_new();
    pc.text_cells = bs_xcalloc((size_t)tpl->lines * (size_t)tpl->columns, 1);
    pc.dl = bs_dlist_new(tpl->trim_w, tpl->trim_h);
    pc.dl->bleed = tpl->bleed;
    pc.dl->page_id = bs_arena_strdup(pc.dl->arena, page->id);
    pc.dl->title = bs_arena_printf(pc.dl->arena, "%s %04d-%02d-%02d %s", page->edition.paper, page->edition.year,
                                   page->edition.month, page->edition.day, page->id);
    pc.dl->date = page_date_epoch(&page->edition);

    int errors = bs_ctx_errors(ctx);
    /* Every style's font first: one message per style, not one per use. */
    bool fonts_ok = bs_fonts_check_styles(fonts, ctx, tpl->styles, tpl->nstyles);
    bool ok = fonts_ok && compose_folio(&pc) && compose_slug(&pc);
    for (size_t i = 0; fonts_ok && i < page->nblocks; i++) {
        pc.block = (int)i;
        pc.where = page->blocks[i].loc;
        if (!compose_block(&pc, &page->blocks[i])) ok = false;
    }
    if (ok) bs_compose_column_rules(&pc);
    if (ok && pc.opts->proof && !bs_compose_proof(&pc)) ok = false;
    if (bs_ctx_errors(ctx) > errors) ok = false;
    report->missing_glyphs = bs_composer_missing_glyphs(pc.composer);

    free(pc.text_cells);
    bs_arena_free(pc.scratch);
    bs_composer_free(pc.composer);
    bs_page_report_free(&own);
    if (!ok) {
        bs_dlist_free(pc.dl);
        return NULL;
    }
    return pc.dl;
}

void bs_page_report_free(bs_page_report *report)
{
    if (!report) return;
    bs_arena_free(report->arena);
    memset(report, 0, sizeof *report);
}
