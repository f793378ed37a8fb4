/* cli.h - the broadsheet command: one file per subcommand. */
#ifndef BS_CLI_H
#define BS_CLI_H

#include "bs_core.h"

/* Exit statuses for scripts and the nightly batch. */
enum {
    BS_EXIT_OK = 0,
    BS_EXIT_INPUT = 1,    /* bad input, bad usage, or an output that could not be written */
    BS_EXIT_STRICT = 2,   /* the page was made but fails a --strict check (overset) */
};

int bs_cmd_render(int argc, char **argv);
int bs_cmd_fonts(int argc, char **argv);
int bs_cmd_preflight(int argc, char **argv);

/* "broadsheet: error: …" for usage problems; returns BS_EXIT_INPUT. */
int bs_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The fonts.conf used when no template names one: the one installed
 * beside the program's sources. */
const char *bs_default_fonts_conf(void);

#endif
