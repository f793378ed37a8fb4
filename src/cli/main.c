/* main.c - broadsheet: typesetting for Chinese broadsheet newspapers. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: broadsheet <command> [options]\n"
    "\n"
    "commands:\n"
    "  render PAGE.yaml -o OUT.pdf [--screen] [--png OUT.png] [--dpi N] [--proof]\n"
    "                      [--report FILE.json] [--strict]\n"
    "                      [--output-profile FILE.icc --output-condition NAME] [--allow-outside]\n"
    "                      compose a page and write its print PDF (PDF/X-1a; --screen: the\n"
    "                      RGB PDF for screens) and a PNG preview\n"
    "  edition EDITION.yaml -o DIR [-j N] [--png] [--strict] [--report FILE.json] [--plan]\n"
    "                      make every page of the day's edition, N at a time\n"
    "  watch PAGE.yaml -o OUT.pdf [--png OUT.png] [--dpi N] [--proof] [--screen]\n"
    "                      render the page, then again on every save of one of its files\n"
    "  fonts [TEMPLATE]    show how each style's font resolves through fonts.conf\n"
    "  preflight FILE.pdf [--tac N] [--min-ppi N] [--trim WxHmm]\n"
    "                      check a PDF against the prepress checklist (PDF/X-1a, ink, type)\n"
    "\n"
    "options:\n"
    "  -h, --help          show this help (also: broadsheet <command> --help)\n"
    "  -V, --version       show the version\n"
    "\n"
    "Errors are printed as file:line:col: error: message. Exit status: 0 success,\n"
    "1 bad input or output error, 2 page made but failing a --strict check.\n";

int bs_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("broadsheet: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(run 'broadsheet --help' for usage)\n", stderr);
    va_end(ap);
    return BS_EXIT_INPUT;
}

const char *bs_default_fonts_conf(void) { return BS_SOURCE_DIR "/fonts.conf"; }

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return BS_EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return BS_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("broadsheet %s\n", BS_VERSION);
        return BS_EXIT_OK;
    }
    if (strcmp(cmd, "render") == 0) return bs_cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "watch") == 0) return bs_cmd_watch(argc - 1, argv + 1);
    if (strcmp(cmd, "fonts") == 0) return bs_cmd_fonts(argc - 1, argv + 1);
    if (strcmp(cmd, "edition") == 0) return bs_cmd_edition(argc - 1, argv + 1);
    if (strcmp(cmd, "preflight") == 0) return bs_cmd_preflight(argc - 1, argv + 1);
    return bs_usage_error("unknown command '%s'", cmd);
}
