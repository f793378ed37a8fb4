/* load_internal.h - what the load room's files share (private to src/load).
 *
 *   yaml.c, values.c   libfyaml documents and checked values (load_yaml.h)
 *   color.c, image.c   colours; the image probe (load_image.h)
 *   template.c         the template, its paper and grid
 *   style.c            the template's styles
 *   page.c             the page, its edition data and its list of blocks
 *   edition.c          the edition file: the day's data and its pages
 *   probe_memo.c       pictures checked once for all an edition's pages
 *   block.c            one block of each type
 *   place.c            placements on the grid and the overlap check
 *   story.c            story files: front matter and the CommonMark body
 *   frontmatter.c      the story's YAML front matter
 */
#ifndef BS_LOAD_INTERNAL_H
#define BS_LOAD_INTERNAL_H

#include "load_yaml.h"

/* style.c: read `styles` of a template whose grid is known. */
void bs_styles_read(bs_yaml *y, bs_template *tpl, const bs_ymap *root);

/* A rectangle a block claims on the page, for the overlap check. */
typedef struct bs_claim {
    bs_rect rect;
    bs_loc loc;
    const char *what;         /* "box", "story frame 2" */
} bs_claim;

/* The state of one page being loaded. */
typedef struct bs_pageload {
    bs_ctx *ctx;
    bs_yaml *y;
    bs_page *page;
    const bs_edition *edition; /* the edition the page is loaded for, or NULL */
    bs_probe_memo *memo;      /* pictures checked for earlier pages, or NULL */
    const bs_page_source *source;
    const bs_template *tpl;   /* NULL when the template could not be loaded */
    bs_claim *claims;
    size_t nclaims, claims_cap;
} bs_pageload;

/* page.c: a path value resolved against the page, checked to be readable
 * (an error at the value otherwise). */
bool bs_pageload_file(bs_pageload *pl, const bs_yval *v, const char *what, const char **path);

/* The same for a story or a picture, which must also be inside the
 * edition folder (bs_page_source). */
bool bs_pageload_input(bs_pageload *pl, const bs_yval *v, const char *what, const char **path);

/* page.c: paper, date and issue of an `edition` mapping (a page's or the
 * edition file's); false after reporting. */
bool bs_edition_read(bs_yaml *y, const bs_ymap *map, bs_edition *ed);

/* block.c: one item of `blocks`. */
void bs_block_read(bs_pageload *pl, const bs_yval *v, bs_block *out);

/* place.c: the placement keys, for mappings that hold nothing else. */
extern const char *const bs_place_keys[];

/* place.c: read a placement from a mapping whose keys were checked, check
 * it lies in the type area, and claim its rectangle (an overlap with an
 * earlier claim is an error here). False if there is no template or the
 * placement is wrong (reported). */
bool bs_place_read(bs_pageload *pl, const bs_ymap *map, const char *what, bs_place *out);

/* A length on a page: 字 and 行 come from the template. Does nothing
 * (true) without a template, which was reported already. */
bool bs_page_length(bs_pageload *pl, const bs_yval *v, bs_ylen kind, double *out);

/* frontmatter.c: parse the YAML between the `---` lines into the story. */
void bs_frontmatter_read(bs_ctx *ctx, bs_arena *arena, bs_story *story,
                         const char *text, size_t len);

#endif /* BS_LOAD_INTERNAL_H */
