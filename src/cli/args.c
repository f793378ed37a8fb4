/* args.c - option values more than one command takes. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

bool bs_parse_dpi(const char *arg, double *dpi)
{
    char *end = NULL;
    double v = strtod(arg, &end);
    if (!end || *end || !(v >= 10 && v <= 1200)) {
        bs_usage_error("--dpi wants a number from 10 to 1200, not '%s'", arg);
        return false;
    }
    *dpi = v;
    return true;
}

bs_page_source bs_page_source_for(bs_arena *arena, const char *file, bool allow_outside)
{
    bs_page_source source = {0};
    if (!allow_outside) {
        source.folder = bs_path_folder(arena, file);
        source.allow_hint = "run broadsheet with --allow-outside to allow it";
    }
    return source;
}

int bs_check_page_args(const char *command, int argc, char **argv, const char **page, const char *pdf, bool proof,
                       bool markable)
{
    if (optind >= argc) return bs_usage_error("%s needs a page file", command);
    if (optind + 1 < argc) return bs_usage_error("%s takes one page file, not '%s' too", command, argv[optind + 1]);
    *page = argv[optind];
    if (!pdf) return bs_usage_error("%s needs -o OUT.pdf", command);
    if (proof && !markable)
        return bs_usage_error("--proof marks the PNG and the screen PDF, never the print PDF: add --png or --screen");
    return 0;
}
