/* load_image.h - the image probe without a context (private to src/load),
 * so that a page can report an image's problem at its `image` key. */
#ifndef BS_LOAD_IMAGE_H
#define BS_LOAD_IMAGE_H

#include "bs_load.h"

/* As bs_image_probe, but on failure the reason is written to `why`
 * ("truncated JPEG file (premature end of data)") and nothing is reported.
 * *info is written only on success. */
bool bs_image_check(const char *path, bs_image_info *info, char *why, size_t whylen);

/* The same, remembered in `memo` (NULL: not remembered) for the next page
 * that shows the same file (probe_memo.c). */
bool bs_image_check_memo(bs_probe_memo *memo, const char *path, bs_image_info *info, char *why, size_t whylen);

#endif /* BS_LOAD_IMAGE_H */
