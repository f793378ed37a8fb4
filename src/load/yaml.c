/* yaml.c - libfyaml documents as the loaders read them: parse errors and
 * node places reported in the editor's terms. */
#include "load_yaml.h"

#include <stdlib.h>
#include <string.h>

/* libfyaml would print its own diagnostics; ours go through the bs_ctx. */
static void discard_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

/* How many values the document would hold with its aliases expanded,
 * counting down *budget and stopping when it runs out: nine lines of
 * nested aliases (a "billion laughs") expand to billions of values, which
 * resolving the document would build. *at is the alias being expanded
 * when the budget ran out. Aliases nested deeper than YAML's own nesting
 * limit can only be a loop. */
static void count_expanded(struct fy_node *node, long *budget, int aliases, struct fy_node **at)
{
    if (*budget < 0) return;
    if (fy_node_is_alias(node)) {
        struct fy_node *target = fy_node_resolve_alias(node);
        if (!target) return;   /* an unknown anchor: resolving reports it */
        if (aliases >= 64) *budget = -1;
        else count_expanded(target, budget, aliases + 1, at);
        if (*budget < 0 && !*at) *at = node;
        return;
    }
    if (--*budget < 0) return;
    void *iter = NULL;
    switch (fy_node_get_type(node)) {
    case FYNT_SEQUENCE:
        for (struct fy_node *item; (item = fy_node_sequence_iterate(node, &iter)) != NULL && *budget >= 0;)
            count_expanded(item, budget, aliases, at);
        break;
    case FYNT_MAPPING:
        for (struct fy_node_pair *pair; (pair = fy_node_mapping_iterate(node, &iter)) != NULL && *budget >= 0;) {
            count_expanded(fy_node_pair_key(pair), budget, aliases, at);
            count_expanded(fy_node_pair_value(pair), budget, aliases, at);
        }
        break;
    case FYNT_SCALAR: break;
    }
}

bs_loc bs_text_loc(const char *path, const char *text, size_t offset, int line_offset)
{
    bs_loc loc = {path, line_offset + 1, 1};
    size_t line_start = 0;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            loc.line++;
            line_start = i + 1;
        }
    }
    loc.col = (int)bs_utf8_count(text + line_start, offset - line_start) + 1;
    return loc;
}

static bs_loc mark_loc(const bs_yaml *y, const struct fy_mark *m)
{
    /* libfyaml's marks are 0-based and count columns in characters. */
    bs_loc loc = {y->path, m->line + 1 + y->line_offset, m->column + 1};
    return loc;
}

static void report_parse_errors(bs_yaml *y, struct fy_diag *diag)
{
    void *iter = NULL;
    struct fy_diag_error *err;
    while ((err = fy_diag_errors_iterate(diag, &iter)) != NULL) {
        if (err->type < FYET_ERROR) continue;
        bs_loc loc = {y->path, err->line + y->line_offset, err->column};
        const struct fy_mark *m = err->fyt ? fy_token_start_mark(err->fyt) : NULL;
        if (m) loc = mark_loc(y, m);
        bs_fail(y->ctx, loc, "%s", err->msg ? err->msg : "malformed YAML");
    }
}

static struct fy_diag *quiet_diag(void)
{
    struct fy_diag_cfg cfg;
    fy_diag_cfg_default(&cfg);
    cfg.fp = NULL;
    cfg.output_fn = discard_output;
    cfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&cfg);
    if (diag) fy_diag_set_collect_errors(diag, true);
    return diag;
}

static bool only_blank(const char *text, size_t len)
{
    bool comment = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') comment = false;
        else if (c == '#') comment = true;
        else if (!comment && c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
}

/* Tabs: one in a line's indentation is refused (YAML indents with
 * spaces); elsewhere a tab separates like a space and is given to the
 * parser as one, since libfyaml 0.7 crashes on some tabs after a complex
 * key ("? e:<tab>:", fuzz-regressions/template). A tab inside a quoted
 * value becomes a space too, which sets the same. Returns the text to
 * parse (a copy in the arena if it had tabs), or NULL after reporting. */
static const char *without_tabs(bs_yaml *y, const char *text, size_t len)
{
    const char *tab = memchr(text, '\t', len);
    if (!tab) return text;
    char *copy = bs_arena_strndup(y->arena, text, len);
    bool indent = true;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') indent = true;
        else if (text[i] != ' ' && text[i] != '\t') indent = false;
        if (text[i] != '\t') continue;
        if (indent) {
            bs_fail(y->ctx, bs_text_loc(y->path, text, i, y->line_offset),
                    "a tab in the indentation; YAML indents with spaces");
            return NULL;
        }
        copy[i] = ' ';
    }
    return copy;
}

/* Expand aliases and merge keys (<<), if the result stays within
 * BS_MAX_YAML_NODES; parse errors of resolving are reported by the caller. */
static bool resolve_aliases(bs_yaml *y)
{
    struct fy_node *root = fy_document_root(y->fyd);
    long budget = BS_MAX_YAML_NODES;
    struct fy_node *at = NULL;
    if (root) count_expanded(root, &budget, 0, &at);
    if (budget < 0) {
        bs_loc start = {y->path, y->line_offset + 1, 1};
        if (at)
            bs_fail(y->ctx, bs_yaml_loc(y, at, start),
                    "with its aliases (*name) expanded this file would hold more than %d values; "
                    "write the values out", BS_MAX_YAML_NODES);
        else
            bs_fail(y->ctx, start, "this file holds more than %d values; a page needs a few hundred "
                    "(is it the right file?)", BS_MAX_YAML_NODES);
        fy_document_destroy(y->fyd);
        y->fyd = NULL;
        return false;
    }
    if (fy_document_resolve(y->fyd) != 0) {
        fy_document_destroy(y->fyd);
        y->fyd = NULL;
    }
    return true;
}

bool bs_yaml_parse(bs_yaml *y, bs_ctx *ctx, bs_arena *arena, const char *path,
                   const char *text, size_t len, int line_offset)
{
    memset(y, 0, sizeof *y);
    y->ctx = ctx;
    y->arena = arena;
    y->path = bs_arena_strdup(arena, path);
    y->line_offset = line_offset;

    size_t bad;
    if (!bs_utf8_valid(text, len, &bad))
        return bs_fail(ctx, bs_text_loc(y->path, text, bad, line_offset),
                       "not valid UTF-8 (save the file as UTF-8)");

    /* YAML allows no control characters but tab and line ends; refusing
     * them here also keeps NUL bytes away from libfyaml 0.7, which can
     * crash cleaning up after one (fuzz-regressions/template). */
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F)
            return bs_fail(ctx, bs_text_loc(y->path, text, i, line_offset),
                           "control character U+%04X is not allowed in a YAML file", ch);
    }

    text = without_tabs(y, text, len);
    if (!text) return false;

    struct fy_diag *diag = quiet_diag();
    if (!diag) return bs_fail(ctx, bs_loc_file(y->path), "cannot set up the YAML parser");
    /* Aliases are resolved (below) only once their expansion is known to
     * be of a sane size. */
    struct fy_parse_cfg cfg = {
        .flags = FYPCF_QUIET,
        .diag = diag,
    };
    y->fyd = len ? fy_document_build_from_string(&cfg, text, len) : NULL;
    int before = bs_ctx_errors(ctx);
    if (y->fyd && !resolve_aliases(y)) {
        fy_diag_destroy(diag);
        return false;
    }
    report_parse_errors(y, diag);
    /* The document keeps its own reference to the diagnostics. */
    fy_diag_destroy(diag);
    if (y->fyd) return true;
    if (bs_ctx_errors(ctx) > before) return false;
    if (only_blank(text, len)) return true;   /* an empty document: the caller says what is missing */
    bs_loc start = {y->path, line_offset + 1, 1};
    return bs_fail(ctx, start, "cannot read this as YAML");
}

void bs_yaml_close(bs_yaml *y)
{
    if (y->fyd) fy_document_destroy(y->fyd);
    y->fyd = NULL;
}

bool bs_yaml_load_file(bs_ctx *ctx, bs_arena *arena, const char *path, bs_yaml_reader read, void *user)
{
    size_t len = 0;
    char *text = bs_read_input(ctx, path, "YAML file", BS_MAX_YAML_BYTES, &len);
    if (!text) return false;
    int before = bs_ctx_errors(ctx);
    bs_yaml y;
    if (bs_yaml_parse(&y, ctx, arena, path, text, len, 0)) read(&y, user);
    bs_yaml_close(&y);
    free(text);
    return bs_ctx_errors(ctx) == before;
}

bs_yval bs_yaml_root(bs_yaml *y)
{
    bs_loc start = {y->path, y->line_offset + 1, 1};
    bs_yval v = {y->fyd ? fy_document_root(y->fyd) : NULL, "the file", start, start};
    v.loc = v.key_loc = bs_yaml_loc(y, v.node, start);
    return v;
}

/* A scalar's place is its token's. libfyaml 0.7 keeps no public place for
 * collections, but the first event a document iterator makes for a node
 * carries the node's start token. */
static bool node_mark(struct fy_node *node, struct fy_mark *out)
{
    if (fy_node_is_scalar(node)) {
        struct fy_token *tok = fy_node_get_scalar_token(node);
        const struct fy_mark *m = tok ? fy_token_start_mark(tok) : NULL;
        if (m) *out = *m;
        return m != NULL;
    }
    struct fy_document_iterator *it = fy_document_iterator_create();
    if (!it) return false;
    bool found = false;
    fy_document_iterator_node_start(it, node);
    struct fy_event *ev = fy_document_iterator_body_next(it);
    if (ev) {
        const struct fy_mark *m = fy_event_start_mark(ev);
        if (m) {
            *out = *m;
            found = true;
        }
        fy_document_iterator_event_free(it, ev);
    }
    fy_document_iterator_destroy(it);
    return found;
}

bs_loc bs_yaml_loc(const bs_yaml *y, struct fy_node *node, bs_loc fallback)
{
    struct fy_mark m;
    if (!node || !node_mark(node, &m)) return fallback;
    return mark_loc(y, &m);
}

static const char *kind_name(struct fy_node *node)
{
    switch (fy_node_get_type(node)) {
    case FYNT_SEQUENCE: return "a list";
    case FYNT_MAPPING: return "a mapping";
    case FYNT_SCALAR: break;
    }
    return "a text";
}

/* Empty plain scalars ("key:") are YAML nulls: nothing was written. */
static bool is_empty(struct fy_node *node)
{
    size_t len = 0;
    return fy_node_is_scalar(node) && fy_node_get_style(node) == FYNS_PLAIN &&
           (fy_node_get_scalar(node, &len) == NULL || len == 0);
}

static bool expect(bs_yaml *y, const bs_yval *v, enum fy_node_type type, const char *want)
{
    if (fy_node_get_type(v->node) == type && !(type == FYNT_SCALAR && is_empty(v->node))) return true;
    if (is_empty(v->node)) return bs_fail(y->ctx, v->loc, "%s has no value; expected %s", v->name, want);
    return bs_fail(y->ctx, v->loc, "%s must be %s, not %s", v->name, want, kind_name(v->node));
}

static char *scalar_dup(bs_yaml *y, struct fy_node *node)
{
    size_t len = 0;
    const char *s = fy_node_get_scalar(node, &len);
    return bs_arena_strndup(y->arena, s ? s : "", s ? len : 0);
}

static void report_unknown_key(bs_yaml *y, bs_loc loc, const char *key, const char *what,
                               const char *const *keys)
{
    const char *near = bs_yaml_suggest(key, keys);
    if (near) {
        bs_fail(y->ctx, loc, "unknown key '%s' in %s; did you mean '%s'?", key, what, near);
        return;
    }
    bs_buf allowed = {0};
    bs_yaml_add_names(&allowed, keys);
    bs_fail(y->ctx, loc, "unknown key '%s' in %s (allowed: %s)", key, what, allowed.data);
    bs_buf_free(&allowed);
}

static bool is_listed(const char *word, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(word, names[i]) == 0) return true;
    return false;
}

void bs_yaml_keys(bs_yaml *y, const bs_ymap *map, const char *const *keys)
{
    void *iter = NULL;
    struct fy_node_pair *pair;
    while ((pair = fy_node_mapping_iterate(map->node, &iter)) != NULL) {
        struct fy_node *key = fy_node_pair_key(pair);
        bs_loc loc = bs_yaml_loc(y, key, map->loc);
        if (!key || !fy_node_is_scalar(key) || is_empty(key)) {
            bs_fail(y->ctx, loc, "a key in %s must be a plain name", map->what);
            continue;
        }
        const char *name = scalar_dup(y, key);
        if (!is_listed(name, keys)) report_unknown_key(y, loc, name, map->what, keys);
    }
}

bool bs_yaml_map(bs_yaml *y, const bs_yval *v, const char *what,
                 const char *const *keys, bs_ymap *out)
{
    if (!v->node) return false;
    if (!expect(y, v, FYNT_MAPPING, "a mapping")) return false;
    out->node = v->node;
    out->loc = v->loc;
    out->what = what;
    if (keys) bs_yaml_keys(y, out, keys);
    return true;
}

bool bs_yaml_next_pair(bs_yaml *y, const bs_ymap *map, void **iter, const char **key, bs_yval *value)
{
    struct fy_node_pair *pair;
    while ((pair = fy_node_mapping_iterate(map->node, iter)) != NULL) {
        struct fy_node *k = fy_node_pair_key(pair);
        bs_loc key_loc = bs_yaml_loc(y, k, map->loc);
        if (!k || !fy_node_is_scalar(k) || is_empty(k)) {
            bs_fail(y->ctx, key_loc, "a key in %s must be a plain name", map->what);
            continue;
        }
        *key = scalar_dup(y, k);
        value->node = fy_node_pair_value(pair);
        value->name = bs_arena_printf(y->arena, "'%s'", *key);
        value->key_loc = key_loc;
        value->loc = bs_yaml_loc(y, value->node, key_loc);
        if (value->node) return true;
        bs_fail(y->ctx, key_loc, "%s has no value", value->name);
    }
    return false;
}

bs_yval bs_yaml_get(bs_yaml *y, const bs_ymap *map, const char *key)
{
    bs_yval v = {NULL, bs_arena_printf(y->arena, "'%s'", key), map->loc, map->loc};
    struct fy_node_pair *pair = fy_node_mapping_lookup_pair_by_string(map->node, key, strlen(key));
    if (!pair) return v;
    v.key_loc = bs_yaml_loc(y, fy_node_pair_key(pair), map->loc);
    v.node = fy_node_pair_value(pair);
    v.loc = bs_yaml_loc(y, v.node, v.key_loc);
    /* libfyaml makes "key:" an empty scalar, but a complex key may have
     * no value node at all. */
    if (!v.node) bs_fail(y->ctx, v.key_loc, "%s has no value", v.name);
    return v;
}

bool bs_yaml_need(bs_yaml *y, const bs_ymap *map, const char *key, bs_yval *out)
{
    *out = bs_yaml_get(y, map, key);
    if (out->node) return true;
    /* a key written without a value was reported by bs_yaml_get */
    if (!fy_node_mapping_lookup_pair_by_string(map->node, key, strlen(key)))
        bs_fail(y->ctx, map->loc, "missing key '%s' in %s", key, map->what);
    return false;
}

bool bs_yaml_list(bs_yaml *y, const bs_yval *v, size_t *count)
{
    if (!v->node) return false;
    if (!expect(y, v, FYNT_SEQUENCE, "a list")) return false;
    if (count) *count = (size_t)fy_node_sequence_item_count(v->node);
    return true;
}

bool bs_yaml_next(bs_yaml *y, const bs_yval *list, void **iter, bs_yval *item)
{
    struct fy_node *node = fy_node_sequence_iterate(list->node, iter);
    if (!node) return false;
    item->node = node;
    item->name = bs_arena_printf(y->arena, "an item of %s", list->name);
    item->loc = item->key_loc = bs_yaml_loc(y, node, list->loc);
    return true;
}

bool bs_yaml_only_pair(bs_yaml *y, const bs_yval *v, const char **key, bs_yval *value)
{
    if (!expect(y, v, FYNT_MAPPING, "a mapping of one style to its text")) return false;
    if (fy_node_mapping_item_count(v->node) != 1)
        return bs_fail(y->ctx, v->loc, "%s must map one style to its text, not %d",
                       v->name, fy_node_mapping_item_count(v->node));
    void *iter = NULL;
    struct fy_node_pair *pair = fy_node_mapping_iterate(v->node, &iter);
    struct fy_node *k = fy_node_pair_key(pair);
    bs_yval kv = {k, "a style name", bs_yaml_loc(y, k, v->loc), v->loc};
    if (!k || !expect(y, &kv, FYNT_SCALAR, "a style name")) return false;
    *key = scalar_dup(y, k);
    value->node = fy_node_pair_value(pair);
    value->name = bs_arena_printf(y->arena, "the text of '%s'", *key);
    value->key_loc = kv.loc;
    value->loc = bs_yaml_loc(y, value->node, kv.loc);
    if (!value->node) return bs_fail(y->ctx, kv.loc, "%s has no value", value->name);
    return true;
}

bool bs_yaml_text(bs_yaml *y, const bs_yval *v, const char **out)
{
    if (!v->node) return true;
    if (!expect(y, v, FYNT_SCALAR, "a text")) return false;
    *out = scalar_dup(y, v->node);
    return true;
}
