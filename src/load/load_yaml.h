/*
 * load_yaml.h - what the load room's YAML readers share (private to
 * src/load): a parsed document that knows its file, node locations in the
 * editor's terms (1-based lines, columns in characters), key checking with
 * did-you-mean, and checked conversions of values into the model's types.
 *
 * Conventions
 * - A conversion reports a located error and returns false; the output is
 *   left untouched, so callers set the default first and keep going.
 * - A conversion of an absent value (node NULL) does nothing and returns
 *   true: optional keys need no extra branch. bs_yaml_need reports a
 *   missing required key at the mapping.
 * - Strings come out NUL-terminated in the document's arena.
 */
#ifndef BS_LOAD_YAML_H
#define BS_LOAD_YAML_H

#include "bs_load.h"

#include <libfyaml.h>

typedef struct bs_yaml {
    bs_ctx *ctx;
    bs_arena *arena;          /* strings, names and the file name */
    const char *path;         /* the file, for locations */
    int line_offset;          /* file lines before the YAML text (front matter) */
    struct fy_document *fyd;
} bs_yaml;

/* A value: a node and how messages name it. */
typedef struct bs_yval {
    struct fy_node *node;     /* NULL when the key is absent */
    const char *name;         /* "'grid'", "an item of 'blocks'", "the file" */
    bs_loc loc;               /* the value; the key's when the value is empty */
    bs_loc key_loc;           /* the key (the value itself for items and the root) */
} bs_yval;

/* A mapping whose keys have been checked. */
typedef struct bs_ymap {
    struct fy_node *node;
    bs_loc loc;
    const char *what;         /* "grid", "block": for messages */
} bs_ymap;

/* Kinds of length values. */
typedef enum { BS_YLEN_ANY, BS_YLEN_NONNEG, BS_YLEN_POSITIVE } bs_ylen;

/* Parse text (which must outlive the document) as YAML. Every libfyaml
 * error and non-UTF-8 input is reported at its place; false then. */
bool bs_yaml_parse(bs_yaml *y, bs_ctx *ctx, bs_arena *arena, const char *path,
                   const char *text, size_t len, int line_offset);
void bs_yaml_close(bs_yaml *y);

/* Read a YAML file and hand its document to `read`; true if nothing was
 * reported meanwhile. Strings the reader keeps must be copied into `arena`
 * (bs_yaml's helpers do). */
typedef void (*bs_yaml_reader)(bs_yaml *y, void *user);
bool bs_yaml_load_file(bs_ctx *ctx, bs_arena *arena, const char *path, bs_yaml_reader read, void *user);

/* The document's root (node NULL for an empty document), located at 1:1
 * when it has no place of its own. */
bs_yval bs_yaml_root(bs_yaml *y);

/* Where a node starts, or `fallback` if libfyaml kept no place for it. */
bs_loc bs_yaml_loc(const bs_yaml *y, struct fy_node *node, bs_loc fallback);

/* Check that v is a mapping and every key is one of `keys` (NULL-ended).
 * Returns false only if v is not a mapping (or absent): unknown keys are
 * reported but the mapping is still usable. */
bool bs_yaml_map(bs_yaml *y, const bs_yval *v, const char *what,
                 const char *const *keys, bs_ymap *out);

/* Check the keys of an already checked mapping (for mappings whose keys
 * depend on one of their values, such as a block's type). */
void bs_yaml_keys(bs_yaml *y, const bs_ymap *map, const char *const *keys);

/* Iterate a mapping's pairs: the key as text and its value. */
bool bs_yaml_next_pair(bs_yaml *y, const bs_ymap *map, void **iter, const char **key, bs_yval *value);

/* The value of `key` (node NULL when absent). */
bs_yval bs_yaml_get(bs_yaml *y, const bs_ymap *map, const char *key);

/* As bs_yaml_get, but a missing key is an error at the mapping. */
bool bs_yaml_need(bs_yaml *y, const bs_ymap *map, const char *key, bs_yval *out);

/* Iterate a sequence: returns false when v is not one (reported). Then
 * bs_yaml_next yields items until it returns false. */
bool bs_yaml_list(bs_yaml *y, const bs_yval *v, size_t *count);
bool bs_yaml_next(bs_yaml *y, const bs_yval *list, void **iter, bs_yval *item);

/* The first pair of a mapping as a key and a value (content items). */
bool bs_yaml_only_pair(bs_yaml *y, const bs_yval *v, const char **key, bs_yval *value);

/* Conversions. */
bool bs_yaml_text(bs_yaml *y, const bs_yval *v, const char **out);
bool bs_yaml_length(bs_yaml *y, const bs_yval *v, const bs_unit_basis *basis,
                    bs_ylen kind, double *out);
bool bs_yaml_count(bs_yaml *y, const bs_yval *v, int *out);
bool bs_yaml_cmyk(bs_yaml *y, const bs_yval *v, bs_cmyk *out);
/* YAML 1.2 true or false. */
bool bs_yaml_bool(bs_yaml *y, const bs_yval *v, bool *out);
/* One of `names` (NULL-ended): *index is set. `what` names the setting. */
bool bs_yaml_choice(bs_yaml *y, const bs_yval *v, const char *what,
                    const char *const *names, int *index);

/* The name in `names` nearest to `word` within edit distance 2, or NULL. */
const char *bs_yaml_suggest(const char *word, const char *const *names);

/* "a, b or c" */
void bs_yaml_add_names(bs_buf *buf, const char *const *names);

/* The location of byte `offset` of `text` (file lines start after
 * `line_offset` lines); columns in code points. */
bs_loc bs_text_loc(const char *path, const char *text, size_t offset, int line_offset);

#endif /* BS_LOAD_YAML_H */
