/* entry.c - the libFuzzer entry points of one target, named by
 * BS_FUZZ_TARGET (bs_fuzz_template, bs_fuzz_page, …). libFuzzer gives its
 * callback no user pointer, so the bs_fuzz lives in this file's one
 * variable, for the life of the process. */
#include "bs_fuzz.h"

#include <stdlib.h>

static bs_fuzz *fuzz;

static void done(void) { bs_fuzz_free(fuzz); }

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz = bs_fuzz_new(BS_SOURCE_DIR);
    atexit(done);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BS_FUZZ_TARGET(fuzz, data, size);
    return 0;
}
