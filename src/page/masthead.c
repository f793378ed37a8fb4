/* masthead.c - 报头: the paper's name large on the left; on the right the
 * date, the weekday and the lunar date (from ICU's Chinese calendar), the
 * issue number (总第N期) and the page count (今日N版); under a rule, the
 * imprint lines, the first ending with the CN number (GB/T 9999: "CN", a
 * half-em space, NN-NNNN). */
#include "page_internal.h"

#include <ctype.h>
#include <string.h>

#define TITLE_SHARE 0.58   /* of the masthead's width, for the paper's name */

/* "CN 41-0007" -> "CN<U+2002>41-0007"; false if it is not a CN number. */
static bool format_cn(const char *cn, char *out, size_t size)
{
    const char *p = cn;
    if (strncmp(p, "CN", 2) != 0) return false;
    p += 2;
    while (*p == ' ') p++;
    for (int i = 0; i < 7; i++)
        if (i == 2 ? p[i] != '-' : !isdigit((unsigned char)p[i])) return false;
    if (p[7] != '\0' && p[7] != '/') return false;
    snprintf(out, size, "CN\xe2\x80\x82%s", p);
    return true;
}

/* Set `text` in one line, made smaller until it is no wider than `width`.
 * Returns the style used. */
static const bs_style *fit_one_line(bs_pagectx *pc, const char *text, const bs_style *style, double width,
                                    double height)
{
    const bs_style *use = style;
    for (double scale = 1.0; scale > 0.3; scale -= 0.05) {
        bs_style *s = BS_ARENA_NEW(pc->scratch, bs_style);
        *s = *style;
        s->size = style->size * scale;
        s->leading = style->leading * scale;
        s->align = BS_ALIGN_CENTER;
        use = s;
        bs_para_text pt;
        bs_para_text_init(&pt, s);
        bs_para_text_add(&pt, text, strlen(text), s, false);
        bs_para_layout *layout = bs_set_fixed(pc, &pt, width * 4, true);
        bool fits = layout && layout->nlines == 1 && layout->lines[0].natural <= width && s->size <= height;
        bs_para_text_free(&pt);
        if (!layout || fits) break;
    }
    return use;
}

typedef struct info_line {
    char text[160];
    const bs_style *style;
} info_line;

static bool info_lines(bs_pagectx *pc, const bs_block *block, info_line *lines, size_t *n)
{
    const bs_edition *ed = &pc->page->edition;
    const bs_style *date = bs_need_style(pc, "masthead-date", block->loc);
    const bs_style *info = bs_need_style(pc, "masthead-info", block->loc);
    if (!date || !info) return false;
    char weekday[64], lunar[64];
    if (!bs_weekday(pc->ctx, ed->year, ed->month, ed->day, weekday, sizeof weekday) ||
        !bs_lunar_date(pc->ctx, ed->year, ed->month, ed->day, lunar, sizeof lunar))
        return false;
    *n = 0;
    snprintf(lines[*n].text, sizeof lines[0].text, "%d年%d月%d日", ed->year, ed->month, ed->day);
    lines[(*n)++].style = date;
    snprintf(lines[*n].text, sizeof lines[0].text, "%s", weekday);
    lines[(*n)++].style = date;
    snprintf(lines[*n].text, sizeof lines[0].text, "农历%s", lunar);
    lines[(*n)++].style = info;
    snprintf(lines[*n].text, sizeof lines[0].text, "总第%d期　今日%d版", ed->issue, ed->pages);
    lines[(*n)++].style = info;
    return true;
}

static bool imprint(bs_pagectx *pc, const bs_block *block, bs_rect r, double *height, bool emit)
{
    const bs_style *style = bs_need_style(pc, "masthead-imprint", block->loc);
    if (!style) return false;
    char cn[64] = "";
    if (block->cn && !format_cn(block->cn, cn, sizeof cn))
        return bs_fail(pc->ctx, block->loc, "'%s' is not a CN number (write it like CN 41-0007)", block->cn);
    double top = r.y + r.h - *height;
    double h = 0;
    bool ok = true;
    for (size_t i = 0; i < block->nimprint || (i == 0 && cn[0]); i++) {
        const char *text = i < block->nimprint ? block->imprint[i] : "";
        if (i == 0 && cn[0]) text = bs_arena_printf(pc->scratch, "%s%s国内统一连续出版物号：%s", text,
                                                    text[0] ? "　" : "", cn);
        h += bs_set_block_text(pc, text, style, r.x, top + h, r.w, "masthead-imprint", emit, &ok);
    }
    *height = h;
    return ok;
}

bool bs_compose_masthead(bs_pagectx *pc, const bs_block *block)
{
    bs_rect r = block->place.rect;
    const bs_style *title = bs_need_style(pc, "masthead-title", block->loc);
    info_line lines[6];
    size_t nlines = 0;
    if (!title || !info_lines(pc, block, lines, &nlines)) return false;

    /* the imprint at the bottom, under a rule */
    double imprint_h = 0;
    if (!imprint(pc, block, r, &imprint_h, false)) return false;
    if (!imprint(pc, block, r, &imprint_h, true)) return false;
    double rule_y = r.y + r.h - imprint_h - 0.25 * pc->tpl->hang;
    if (imprint_h > 0) bs_draw_line(pc, r.x, rule_y, r.x + r.w, rule_y, 0.75, BS_CMYK_BLACK, "masthead-rule");
    double upper = rule_y - r.y - 0.25 * pc->tpl->hang;

    /* the paper's name */
    bool ok = true;
    if (block->title) {
        double tw = r.w * TITLE_SHARE;
        const bs_style *s = fit_one_line(pc, block->title, title, tw, upper);
        double top = r.y + (upper - s->size) / 2;
        bs_set_block_text(pc, block->title, s, r.x, top, tw, "masthead-title", true, &ok);
    }

    /* dates and issue data on the right, centred in the upper part */
    double x = r.x + r.w * TITLE_SHARE, w = r.w - r.w * TITLE_SHARE;
    double h = 0;
    for (size_t i = 0; i < nlines; i++) h += bs_style_pitch(lines[i].style);
    double top = r.y + (upper - h) / 2;
    for (size_t i = 0; i < nlines && ok; i++) {
        bs_style *centred = BS_ARENA_NEW(pc->scratch, bs_style);
        *centred = *lines[i].style;
        centred->align = BS_ALIGN_CENTER;
        top += bs_set_block_text(pc, lines[i].text, centred, x, top, w, "masthead-info", true, &ok);
    }
    return ok;
}
