/* cmd_preflight.c - broadsheet preflight: check a PDF against the plant's
 * prepress checklist and print one line per check. */
#include "cli.h"

#include "bs_finish.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char preflight_usage[] =
    "usage: broadsheet preflight FILE.pdf [--tac N] [--min-ppi N] [--trim WxHmm]\n"
    "\n"
    "      --tac N        total ink limit in % (default 240)\n"
    "      --min-ppi N    effective image resolution warned below (default 200; failed below 150)\n"
    "      --trim WxHmm   the trim size every page must have, e.g. 390x550mm (within 0.5 mm)\n"
    "\n"
    "Prints PASS, WARN or FAIL and what was found for each check. Exit status: 0 if\n"
    "no check failed, 1 if one did or the file cannot be read as a PDF.\n";

typedef struct preflight_args {
    const char *pdf;
    bs_preflight_opts opts;
} preflight_args;

static bool parse_number(const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (!end || end == text || *end || !(v >= lo && v <= hi)) return false;
    *out = v;
    return true;
}

/* "390x550mm", "390x550" or "390 x 550 mm". */
static bool parse_trim(const char *text, double *w, double *h)
{
    char unit[8] = "";
    int used = 0;
    if (sscanf(text, " %lf x %lf %7s%n", w, h, unit, &used) < 2) return false;
    if (*unit && strcmp(unit, "mm") != 0) return false;
    if (used && text[used] != '\0') return false;
    return *w > 0 && *h > 0 && *w < 10000 && *h < 10000;
}

static int parse_args(int argc, char **argv, preflight_args *a)
{
    static const struct option options[] = {
        {"tac", required_argument, NULL, 't'},
        {"min-ppi", required_argument, NULL, 'p'},
        {"trim", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *a = (preflight_args){.opts = bs_preflight_defaults()};
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 't':
            if (!parse_number(optarg, 1, 400, &a->opts.tac_limit))
                return bs_usage_error("--tac wants a percentage from 1 to 400, not '%s'", optarg);
            break;
        case 'p':
            if (!parse_number(optarg, 1, 10000, &a->opts.min_ppi))
                return bs_usage_error("--min-ppi wants a resolution from 1 to 10000, not '%s'", optarg);
            if (a->opts.fail_ppi > a->opts.min_ppi) a->opts.fail_ppi = a->opts.min_ppi;
            break;
        case 'r':
            if (!parse_trim(optarg, &a->opts.trim_w_mm, &a->opts.trim_h_mm))
                return bs_usage_error("--trim wants a size like 390x550mm, not '%s'", optarg);
            break;
        case 'h': fputs(preflight_usage, stdout); return -1;
        case ':': return bs_usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return bs_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) return bs_usage_error("preflight needs a PDF file");
    if (optind + 1 < argc) return bs_usage_error("preflight takes one PDF file, not '%s' too", argv[optind + 1]);
    a->pdf = argv[optind];
    return 0;
}

int bs_cmd_preflight(int argc, char **argv)
{
    preflight_args args;
    int status = parse_args(argc, argv, &args);
    if (status != 0) return status < 0 ? BS_EXIT_OK : status;

    bs_ctx *ctx = bs_ctx_new();
    bs_preflight_report report;
    bool read = bs_preflight(ctx, args.pdf, &args.opts, &report);
    if (read) bs_preflight_print(&report, stdout);
    int exit_status = read && report.failures == 0 ? BS_EXIT_OK : BS_EXIT_INPUT;
    bs_preflight_free(&report);
    bs_ctx_free(ctx);
    return exit_status;
}
