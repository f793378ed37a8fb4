/* cmd_fonts.c - broadsheet fonts: how each style's font resolves through
 * fonts.conf (family, file, face index), so that a missing face is found
 * before the night's pages are made. */
#include "cli.h"

#include "bs_load.h"
#include "bs_text.h"

#include <stdio.h>
#include <string.h>

static const char fonts_usage[] =
    "usage: broadsheet fonts [TEMPLATE.yaml]\n"
    "\n"
    "Without a template, shows the Chinese generic names fonts.conf defines.\n"
    "Exit status 1 if any style's font resolves to another family.\n";

static bool show(bs_fonts *fonts, const bs_style *style)
{
    bs_font_match m;
    bool found = bs_fonts_resolve(fonts, style, &m);
    bool ok = found && m.same_family;
    printf("%s: %s %d -> %s%s (%s, index %d, weight %d)\n", style->name, style->font, style->weight,
           ok ? "" : "NOT FOUND, fontconfig would use ", found ? m.family : "(nothing)", found ? m.file : "-",
           m.index, m.weight);
    return ok;
}

int bs_cmd_fonts(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(fonts_usage, stdout);
        return BS_EXIT_OK;
    }
    if (argc > 2) return bs_usage_error("fonts takes at most one template");
    bs_ctx *ctx = bs_ctx_new();
    bs_template *tpl = NULL;
    const char *conf = bs_default_fonts_conf();
    if (argc == 2) {
        tpl = bs_template_load(ctx, argv[1]);
        if (!tpl) {
            bs_ctx_free(ctx);
            return BS_EXIT_INPUT;
        }
        conf = tpl->fonts_conf;
    }
    bs_fonts *fonts = bs_fonts_open(ctx, conf);
    bool ok = fonts != NULL;
    if (ok) {
        printf("fonts.conf: %s\n", conf);
        if (tpl) {
            printf("template:   %s (%s)\n\n", tpl->path, tpl->name);
            for (size_t i = 0; i < tpl->nstyles; i++) ok = show(fonts, &tpl->styles[i]) && ok;
        } else {
            static const char *generic[] = {"宋体", "书宋", "报宋", "黑体", "楷体", "标宋", "明体"};
            printf("\n");
            for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
                bs_style s = {.name = generic[i], .font = generic[i], .weight = 400, .size = 9};
                ok = show(fonts, &s) && ok;
            }
        }
    }
    bs_fonts_close(fonts);
    bs_template_free(tpl);
    bs_ctx_free(ctx);
    return ok ? BS_EXIT_OK : BS_EXIT_INPUT;
}
