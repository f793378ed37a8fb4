/* compose.c - a paragraph from text to justified lines: shape, size the
 * punctuation, find the break opportunities, break the whole paragraph,
 * set the lines. */
#include "text_internal.h"

#include <stdlib.h>

bs_composer *bs_composer_new(bs_ctx *ctx, bs_fonts *fonts)
{
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *breaker = ubrk_open(UBRK_LINE, "zh", NULL, 0, &status);
    if (U_FAILURE(status)) {
        bs_fail(ctx, (bs_loc){0}, "ICU has no line-break rules for Chinese: %s", u_errorName(status));
        return NULL;
    }
    bs_composer *c = bs_xcalloc(1, sizeof *c);
    c->ctx = ctx;
    c->fonts = fonts;
    c->breaker = breaker;
    return c;
}

void bs_composer_free(bs_composer *c)
{
    if (!c) return;
    ubrk_close(c->breaker);
    free(c->missing);
    free(c);
}

size_t bs_composer_missing_glyphs(const bs_composer *c) { return c->nmissing; }

static bool spec_is_sound(bs_composer *c, const bs_para_spec *spec)
{
    if (!spec->style || (spec->len > 0 && spec->nspans == 0))
        return bs_fail(c->ctx, (bs_loc){0}, "internal: a paragraph without a style");
    size_t at = 0;
    for (size_t i = 0; i < spec->nspans; i++) {
        if (spec->spans[i].start != at || spec->spans[i].end < at || !spec->spans[i].style)
            return bs_fail(c->ctx, (bs_loc){0}, "internal: paragraph spans do not cover the text");
        at = spec->spans[i].end;
    }
    if (spec->len > 0 && at != spec->len)
        return bs_fail(c->ctx, (bs_loc){0}, "internal: paragraph spans do not cover the text");
    return true;
}

bs_para_layout *bs_compose(bs_composer *c, bs_arena *arena, const bs_para_spec *spec, bs_width_fn width,
                           void *width_user)
{
    if (!spec_is_sound(c, spec)) return NULL;
    bs_para_layout *layout = BS_ARENA_NEW(arena, bs_para_layout);
    layout->size = spec->style->size;
    if (spec->len == 0) return layout;

    bs_para p = {.text = spec->text, .len = spec->len, .spec = spec};
    bs_breaking breaking = {0};
    bool ok = bs_para_shape(c, &p);
    if (ok) {
        bs_para_punctuation(&p);
        bs_para_sum(&p);
        ok = bs_para_breaks(c, &p);
    }
    if (ok) ok = bs_para_break_lines(&p, width, width_user, &breaking);
    if (ok) ok = bs_para_set_lines(&p, arena, &breaking, width, width_user, layout);
    layout->compressions = p.compressions;
    layout->orphan = breaking.orphan;
    layout->orphan_avoided = breaking.orphan_avoided;
    for (size_t k = 0; ok && k + 1 < breaking.nlines; k++)
        if (p.atoms[breaking.ends[k] - 1].forced) layout->forced_breaks++;
    free(breaking.ends);
    bs_para_release(&p);
    return ok ? layout : NULL;
}
