/* cmd_render.c - broadsheet render: page file in, PDF (and PNG) out. */
#include "cli.h"

#include "bs_finish.h"
#include "bs_page.h"
#include "bs_render.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char render_usage[] =
    "usage: broadsheet render PAGE.yaml -o OUT.pdf [--screen] [--png OUT.png] [--dpi N] [--proof]\n"
    "                         [--report FILE.json] [--strict] [--allow-outside]\n"
    "                         [--output-profile FILE.icc --output-condition NAME]\n"
    "                         [--edition EDITION.yaml]\n"
    "\n"
    "  -o, --output OUT.pdf   the PDF to write (replaced only when the page is made): by\n"
    "                         default the print PDF (PDF/X-1a:2001, CMYK, trim and bleed\n"
    "                         boxes, crop marks and slug unless the template has marks: false)\n"
    "      --screen           write the RGB PDF for screens and e-paper instead\n"
    "      --png OUT.png      also write a PNG preview\n"
    "      --dpi N            the preview's resolution (default 100)\n"
    "      --proof            draw the proof marks (baseline grid, story frames and their\n"
    "                         links, overset) on the PNG and the screen PDF; never on the\n"
    "                         print PDF\n"
    "      --report FILE.json write what happened to each story (lines, overset), each\n"
    "                         picture's resolution and the print PDF's preflight as JSON\n"
    "      --strict           exit 2 if any story is overset, a character has no font, a\n"
    "                         picture is under 150 ppi or the print PDF fails preflight\n"
    "      --output-profile FILE.icc    the plant's CMYK output profile (ICC version 2);\n"
    "                         pictures are separated through it and it is embedded as the\n"
    "                         output intent. Default: the CGATS TR 002 newsprint profile\n"
    "      --output-condition NAME      the plant's printing condition, as its\n"
    "                         registry names it (needed with --output-profile)\n"
    "      --edition EDITION.yaml       render the page as a page of its edition: stories\n"
    "                         that jump to it resume where the earlier page left off\n"
    BS_ALLOW_OUTSIDE_USAGE
    "\n"
    "SOURCE_DATE_EPOCH, if set, is the PDF's creation date; otherwise the page's date is.\n";


typedef struct render_args {
    const char *page;
    const char *pdf;
    const char *png;
    const char *report;
    double dpi;
    bool strict;
    bool screen;
    bool proof;
    const char *output_profile;
    const char *output_condition;
    const char *edition;
    bool allow_outside;
} render_args;

static int parse_args(int argc, char **argv, render_args *a)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'}, {"png", required_argument, NULL, 'p'},
        {"dpi", required_argument, NULL, 'd'},    {"report", required_argument, NULL, 'r'},
        {"strict", no_argument, NULL, 's'},       {"help", no_argument, NULL, 'h'},
        {"screen", no_argument, NULL, 'S'},       {"output-profile", required_argument, NULL, 'P'},
        {"output-condition", required_argument, NULL, 'C'},
        {"edition", required_argument, NULL, 'E'},
        {"proof", no_argument, NULL, 'F'},
        {"allow-outside", no_argument, NULL, 'A'},
        {NULL, 0, NULL, 0},
    };
    *a = (render_args){.dpi = 100};
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'o': a->pdf = optarg; break;
        case 'p': a->png = optarg; break;
        case 'r': a->report = optarg; break;
        case 's': a->strict = true; break;
        case 'S': a->screen = true; break;
        case 'P': a->output_profile = optarg; break;
        case 'C': a->output_condition = optarg; break;
        case 'E': a->edition = optarg; break;
        case 'F': a->proof = true; break;
        case 'A': a->allow_outside = true; break;
        case 'd':
            if (!bs_parse_dpi(optarg, &a->dpi)) return BS_EXIT_INPUT;
            break;
        case 'h': fputs(render_usage, stdout); return -1;
        case ':': return bs_usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return bs_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    int status = bs_check_page_args("render", argc, argv, &a->page, a->pdf, a->proof, a->screen || a->png);
    if (status != 0) return status;
    if (a->screen && (a->output_profile || a->output_condition))
        return bs_usage_error("--output-profile and --output-condition are for the print PDF, not --screen");
    if (!a->output_profile != !a->output_condition)
        return bs_usage_error("--output-profile and --output-condition go together: the profile and the name of "
                              "the printing condition it describes");
    return 0;
}

/* The page alone, or as a page of its edition: then the pages it takes
 * stories from are composed first, so that its jumps resume in place. */
static int render_in_edition(bs_ctx *ctx, const render_args *args, const bs_render_request *req)
{
    bs_edition_set *set = bs_edition_open(ctx, args->edition, args->allow_outside);
    if (!set) return BS_EXIT_INPUT;
    int i = bs_edition_find(set, args->page);
    int status = BS_EXIT_INPUT;
    if (i < 0) {
        bs_fail(ctx, bs_loc_file(args->page), "this page is not one of the pages of %s", args->edition);
    } else {
        bs_fonts *fonts = bs_fonts_open(ctx, set->pages[i]->template_->fonts_conf);
        if (fonts && bs_edition_prepare(ctx, fonts, set, (size_t)i)) {
            bs_page_opts opts = bs_edition_opts(set, (size_t)i, args->proof);
            bs_page_report report = {0};
            status = bs_render_page(ctx, fonts, set->pages[i], &opts, req, &report);
            bs_page_report_free(&report);
        }
        bs_fonts_close(fonts);
    }
    bs_edition_close(set);
    return status;
}

static int render_alone(bs_ctx *ctx, const render_args *args, const bs_render_request *req)
{
    bs_arena *arena = bs_arena_new();
    bs_page_source source = bs_page_source_for(arena, args->page, args->allow_outside);
    bs_page *page = bs_page_load_from(ctx, args->page, &source);
    bs_arena_free(arena);
    if (!page) return BS_EXIT_INPUT;
    int status = BS_EXIT_INPUT;
    bs_fonts *fonts = bs_fonts_open(ctx, page->template_->fonts_conf);
    if (fonts) {
        bs_page_report report = {0};
        bs_page_opts opts = {.proof = args->proof};
        status = bs_render_page(ctx, fonts, page, &opts, req, &report);
        bs_page_report_free(&report);
    }
    bs_fonts_close(fonts);
    bs_page_free(page);
    return status;
}

int bs_cmd_render(int argc, char **argv)
{
    render_args args;
    int status = parse_args(argc, argv, &args);
    if (status != 0) return status < 0 ? BS_EXIT_OK : status;
    bs_render_request req = {args.pdf,    args.png,         args.report,         args.dpi,
                             args.strict, args.screen,      args.output_profile, args.output_condition};
    bs_ctx *ctx = bs_ctx_new();
    /* a wrong profile is refused before anything is composed */
    if (!bs_render_check_profile(ctx, &req)) status = BS_EXIT_INPUT;
    else status = args.edition ? render_in_edition(ctx, &args, &req) : render_alone(ctx, &args, &req);
    if (status != BS_EXIT_INPUT) {
        printf("%s\n", args.pdf);
        if (args.png) printf("%s\n", args.png);
    }
    bs_ctx_free(ctx);
    return status;
}
