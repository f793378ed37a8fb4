/* fonts.c - the engine's own fontconfig setup and the fonts styles use. */
#include "text_internal.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

/* Fonts are cached by what selects them, not by style pointer: styles made
 * for one page (a headline fitted to its space) come and go. */
typedef struct font_entry {
    char *family;
    int weight;
    double size;
    PangoFont *font;
} font_entry;

struct bs_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    font_entry *cache;
    size_t ncache, cache_cap;
    PangoFont **kept;          /* every font handed out, one reference each */
    size_t nkept, kept_cap;
};

bs_fonts *bs_fonts_open(bs_ctx *ctx, const char *fonts_conf)
{
    /* fontconfig resolves a relative file name against its own config
     * folder, not the working directory: hand it an absolute path. */
    char *abs = realpath(fonts_conf, NULL);
    if (!abs) {
        bs_fail(ctx, bs_loc_file(fonts_conf), "cannot find the font configuration");
        return NULL;
    }
    FcConfig *config = FcConfigCreate();
    if (!FcConfigParseAndLoad(config, (const FcChar8 *)abs, FcTrue)) {
        bs_fail(ctx, bs_loc_file(fonts_conf), "fontconfig could not load this file");
        FcConfigDestroy(config);
        free(abs);
        return NULL;
    }
    free(abs);
    if (!FcConfigBuildFonts(config)) {
        bs_fail(ctx, bs_loc_file(fonts_conf), "fontconfig could not read the font folders it lists");
        FcConfigDestroy(config);
        return NULL;
    }

    bs_fonts *fonts = bs_xcalloc(1, sizeof *fonts);
    fonts->config = config;
    /* The first Pango font map of a process starts a thread that loads
     * fontconfig's default setup (the machine's /etc/fonts and every font
     * folder it names), and Pango waits for it before listing fonts, though
     * this map never uses it. With ours the default, that load has nothing
     * to do: 7 ms and 1.5 MiB of a cold render. Fontconfig keeps a
     * reference until another config takes its place. */
    FcConfigSetCurrent(config);
    fonts->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), config);
    /* Pango's default of 96 dpi would set 9 pt as 12 pt. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fonts->map), 72.0);

    fonts->context = pango_font_map_create_context(fonts->map);
    /* Exact advances: hinted metrics round Latin widths to whole points. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(fonts->context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(fonts->context, FALSE);
    pango_context_set_language(fonts->context, pango_language_from_string("zh-hans"));
    return fonts;
}

void bs_fonts_close(bs_fonts *fonts)
{
    if (!fonts) return;
    for (size_t i = 0; i < fonts->ncache; i++) {
        g_object_unref(fonts->cache[i].font);
        free(fonts->cache[i].family);
    }
    free(fonts->cache);
    for (size_t i = 0; i < fonts->nkept; i++) g_object_unref(fonts->kept[i]);
    free(fonts->kept);
    g_object_unref(fonts->context);
    /* Pango 1.50 keeps its reference on the config when the map is
     * finalized; handing the config back first lets it go. */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), NULL);
    g_object_unref(fonts->map);
    FcConfigDestroy(fonts->config);
    free(fonts);
}

PangoContext *bs_fonts_context(bs_fonts *fonts) { return fonts->context; }

void bs_fonts_retain(bs_fonts *fonts, PangoFont *font)
{
    /* A paragraph uses a handful of fonts: scan from the most recent. */
    for (size_t i = fonts->nkept; i-- > 0;)
        if (fonts->kept[i] == font) return;
    BS_VEC_RESERVE(fonts->kept, fonts->kept_cap, fonts->nkept + 1);
    fonts->kept[fonts->nkept++] = g_object_ref(font);
}

static PangoFontDescription *style_description(const bs_style *style)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, style->font);
    pango_font_description_set_weight(desc, (PangoWeight)style->weight);
    pango_font_description_set_absolute_size(desc, style->size * PANGO_SCALE);
    return desc;
}

/* fontconfig weights (0..215) to CSS weights (100..900). */
static int css_weight(int fc_weight)
{
    return (int)(FcWeightToOpenType(fc_weight));
}

bool bs_fonts_resolve(bs_fonts *fonts, const bs_style *style, bs_font_match *out)
{
    memset(out, 0, sizeof *out);
    FcPattern *pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)style->font);
    FcPatternAddInteger(pattern, FC_WEIGHT, FcWeightFromOpenType(style->weight));
    FcPatternAddDouble(pattern, FC_SIZE, style->size);
    FcPatternAddString(pattern, FC_LANG, (const FcChar8 *)"zh-cn");
    FcConfigSubstitute(fonts->config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);

    FcChar8 *requested = NULL;
    if (FcPatternGetString(pattern, FC_FAMILY, 0, &requested) == FcResultMatch)
        snprintf(out->requested, sizeof out->requested, "%s", (const char *)requested);

    FcResult result;
    FcPattern *match = FcFontMatch(fonts->config, pattern, &result);
    bool found = match != NULL;
    if (match) {
        FcChar8 *s = NULL;
        if (FcPatternGetString(match, FC_FILE, 0, &s) == FcResultMatch)
            snprintf(out->file, sizeof out->file, "%s", (const char *)s);
        FcPatternGetInteger(match, FC_INDEX, 0, &out->index);
        int w = 0;
        if (FcPatternGetInteger(match, FC_WEIGHT, 0, &w) == FcResultMatch) out->weight = css_weight(w);
        if (FcPatternGetString(match, FC_FAMILY, 0, &s) == FcResultMatch)
            snprintf(out->family, sizeof out->family, "%s", (const char *)s);
        /* A face lists several family names (e.g. "Noto Serif CJK SC" and
         * "Noto Serif CJK SC Black"); any of them answers the request. */
        for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &s) == FcResultMatch; i++) {
            if (FcStrCmpIgnoreCase(s, (const FcChar8 *)out->requested) == 0) {
                out->same_family = true;
                snprintf(out->family, sizeof out->family, "%s", (const char *)s);
                break;
            }
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return found;
}

static bool check_style_font(bs_fonts *fonts, bs_ctx *ctx, const bs_style *style, const char *font)
{
    bs_style probe = *style;
    probe.font = font;
    bs_font_match match;
    if (!bs_fonts_resolve(fonts, &probe, &match))
        return bs_fail(ctx, style->loc, "style '%s': font '%s' is not available through fonts.conf", style->name,
                       font);
    if (!match.same_family)
        return bs_fail(ctx, style->loc,
                       "style '%s': font '%s' resolves to '%s' (%s), not to the family asked for; "
                       "install the font or add an alias to fonts.conf",
                       style->name, font, match.family, match.file);
    return true;
}

bool bs_fonts_check_styles(bs_fonts *fonts, bs_ctx *ctx, const bs_style *styles, size_t nstyles)
{
    bool ok = true;
    for (size_t i = 0; i < nstyles; i++) {
        if (!check_style_font(fonts, ctx, &styles[i], styles[i].font)) ok = false;
        if (styles[i].latin_font && !check_style_font(fonts, ctx, &styles[i], styles[i].latin_font)) ok = false;
    }
    return ok;
}

PangoFont *bs_fonts_get(bs_fonts *fonts, bs_ctx *ctx, const bs_style *style)
{
    for (size_t i = 0; i < fonts->ncache; i++) {
        const font_entry *e = &fonts->cache[i];
        if (e->weight == style->weight && e->size == style->size && strcmp(e->family, style->font) == 0)
            return e->font;
    }

    if (!check_style_font(fonts, ctx, style, style->font)) return NULL;
    PangoFontDescription *desc = style_description(style);
    PangoFont *font = pango_font_map_load_font(fonts->map, fonts->context, desc);
    pango_font_description_free(desc);
    if (!font) {
        bs_fail(ctx, style->loc, "style '%s': Pango could not load font '%s'", style->name, style->font);
        return NULL;
    }
    BS_VEC_RESERVE(fonts->cache, fonts->cache_cap, fonts->ncache + 1);
    fonts->cache[fonts->ncache++] = (font_entry){bs_xstrdup(style->font), style->weight, style->size, font};
    return font;
}

void bs_fonts_embox(bs_fonts *fonts, PangoFont *font, double size, double *above, double *below)
{
    (void)fonts;
    (void)font;
    /* CJK faces put the ideographic em box from 0.88 em above the baseline
     * to 0.12 em below it (the OpenType BASE 'ideo' baseline at -120/1000
     * in Noto CJK; AR PL faces follow the same convention). */
    *above = 0.88 * size;
    *below = 0.12 * size;
}
