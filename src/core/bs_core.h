/*
 * bs_core.h - what every room of the engine shares: the context that is
 * passed down the pipeline, diagnostics, memory arenas, lengths and units,
 * and small UTF-8 helpers.
 *
 * Contract
 * - There is no global mutable state. Every function that can fail takes a
 *   bs_ctx and reports through it; the caller sees the failure as a false or
 *   NULL return and may ask bs_ctx_errors() how many errors were reported.
 * - Diagnostics are printed as "file:line:col: error: message" (GNU style),
 *   lines and columns counted from 1, columns in characters (code points).
 *   A location without a line prints "file: error: message"; one without a
 *   file prints "broadsheet: error: message".
 * - Memory that lives as long as a document (a template, a page, a story, a
 *   display list) comes from a bs_arena and is released with it. Allocation
 *   failure aborts the process with a message: a page that cannot get a few
 *   megabytes cannot be rendered either, and every caller stays simple.
 */
#ifndef BS_CORE_H
#define BS_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------- limits */

/* Bounds on input. The batch renders what the newsroom system exports,
 * unattended: a file from the wrong folder or an export gone wrong must
 * get a clear error, not minutes of work or gigabytes of memory. Each
 * bound is far above what a broadsheet page needs (the sample's figure in
 * brackets); docs/format.md lists them for editors. YAML nesting is
 * bounded by libfyaml itself, at 64 levels. */
#define BS_MAX_YAML_BYTES (1u << 20)      /* a template, page or edition file (A01.yaml: 4 KB) */
#define BS_MAX_YAML_NODES 100000          /* values in one YAML file, aliases expanded (A01.yaml: ~400) */
#define BS_MAX_STORY_BYTES (1u << 20)     /* a story file (the longest sample story: 4 KB) */
#define BS_MAX_PARAGRAPH_BYTES (64u << 10) /* a paragraph: ~21 000 characters, more than a page
                                              holds (8 columns × 115 lines × 13: 11 960) */
#define BS_MAX_BLOCKS 1000                /* blocks on a page (A01: 17) */
#define BS_MAX_IMAGE_SIDE 20000           /* pixels across or down a picture (the photo: 1440) */
#define BS_MAX_IMAGE_PIXELS 100000000     /* pixels in a picture: a 100-megapixel camera's */
#define BS_MAX_SVG_BYTES (16u << 20)      /* an SVG picture, read whole (a logo: a few KB; one
                                             with photos embedded as data: a few MB) */

/* ------------------------------------------------------------------ context */

typedef enum { BS_NOTE, BS_WARNING, BS_ERROR } bs_severity;

/* Where something came from in an input file. line and col are 1-based; 0
 * means unknown. file points at a string that outlives the diagnostic (the
 * document's arena keeps it). */
typedef struct bs_loc {
    const char *file;
    int line;
    int col;
} bs_loc;

/* Called for every diagnostic after it has been formatted. The default sink
 * prints the text followed by a newline to stderr. */
typedef void (*bs_diag_sink)(void *user, bs_severity severity, const char *text);

typedef struct bs_ctx bs_ctx;

bs_ctx *bs_ctx_new(void);
void bs_ctx_free(bs_ctx *ctx);

/* Replace the diagnostic sink (NULL restores the default). Tests use this to
 * capture messages. */
void bs_ctx_set_sink(bs_ctx *ctx, bs_diag_sink sink, void *user);

/* Number of errors / warnings reported since the context was made or reset. */
int bs_ctx_errors(const bs_ctx *ctx);
int bs_ctx_warnings(const bs_ctx *ctx);
void bs_ctx_reset_counts(bs_ctx *ctx);

/* The text of the last error reported ("" if none); valid until the next. */
const char *bs_ctx_last_error(const bs_ctx *ctx);

void bs_diag(bs_ctx *ctx, bs_severity severity, bs_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bs_diagv(bs_ctx *ctx, bs_severity severity, bs_loc loc, const char *fmt, va_list ap);

/* Shorthands: report and return false, so that error paths read
 * "return bs_fail(ctx, loc, ...);". */
bool bs_fail(bs_ctx *ctx, bs_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void bs_warn(bs_ctx *ctx, bs_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A location naming only a file. */
static inline bs_loc bs_loc_file(const char *file) { bs_loc l = {file, 0, 0}; return l; }

/* ------------------------------------------------------------------- memory */

void *bs_xmalloc(size_t size);
void *bs_xcalloc(size_t count, size_t size);
void *bs_xrealloc(void *ptr, size_t size);
char *bs_xstrdup(const char *s);
char *bs_xstrndup(const char *s, size_t n);

/* Grow a vector to hold at least `need` items of `item` bytes. */
#define BS_VEC_RESERVE(ptr, cap, need)                                          \
    do {                                                                        \
        if ((size_t)(need) > (cap)) {                                           \
            size_t bs_newcap_ = (cap) ? (cap) * 2 : 8;                          \
            while (bs_newcap_ < (size_t)(need)) bs_newcap_ *= 2;                \
            (ptr) = bs_xrealloc((ptr), bs_newcap_ * sizeof *(ptr));             \
            (cap) = bs_newcap_;                                                 \
        }                                                                       \
    } while (0)

/* An arena hands out memory that is released all at once. */
typedef struct bs_arena bs_arena;

bs_arena *bs_arena_new(void);
void bs_arena_free(bs_arena *arena);
void *bs_arena_alloc(bs_arena *arena, size_t size);  /* zeroed, 16-byte aligned */
char *bs_arena_strdup(bs_arena *arena, const char *s);
char *bs_arena_strndup(bs_arena *arena, const char *s, size_t n);
char *bs_arena_printf(bs_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *bs_arena_memdup(bs_arena *arena, const void *p, size_t n);
#define BS_ARENA_NEW(arena, type) ((type *)bs_arena_alloc((arena), sizeof(type)))
#define BS_ARENA_ARRAY(arena, type, n) ((type *)bs_arena_alloc((arena), sizeof(type) * (size_t)(n)))

/* ------------------------------------------------------------ string buffer */

typedef struct bs_buf {
    char *data;   /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} bs_buf;

void bs_buf_add(bs_buf *buf, const char *s, size_t n);
void bs_buf_adds(bs_buf *buf, const char *s);
void bs_buf_printf(bs_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bs_buf_free(bs_buf *buf);

/* --------------------------------------------------------- lengths and units */

/* The units an editor may write. Named Chinese sizes (初号 … 八号) are
 * parsed to BS_UNIT_PT. */
typedef enum {
    BS_UNIT_NONE,  /* a bare number */
    BS_UNIT_PT,
    BS_UNIT_MM,
    BS_UNIT_CM,
    BS_UNIT_EM,    /* the size of the style it is used in */
    BS_UNIT_ZI,    /* 字: one body character (the grid's character size) */
    BS_UNIT_HANG,  /* 行: one body line pitch */
} bs_unit;

typedef struct bs_length {
    double value;
    bs_unit unit;
} bs_length;

/* What relative units mean where a length is used. A zero field means the
 * unit is not available there, and resolving it is an error. */
typedef struct bs_unit_basis {
    double em_pt;
    double zi_pt;
    double hang_pt;
} bs_unit_basis;

#define BS_PT_PER_MM (72.0 / 25.4)

/* Parse "13字", "3mm", "1.5 em", "小五", "9pt", "-2mm". On failure returns
 * false and sets *why to a static English reason. Whitespace around the
 * number and unit is allowed. */
bool bs_length_parse(const char *text, bs_length *out, const char **why);

/* Convert to points. Returns false (and sets *why) when the unit needs a
 * basis that is zero, or the length has no unit. */
bool bs_length_to_pt(bs_length len, const bs_unit_basis *basis, double *out_pt, const char **why);

/* The named Chinese type size, e.g. "小五" -> 9.0. Returns 0 if unknown. */
double bs_named_size_pt(const char *name);

/* Name of a unit for messages ("mm", "字", …). */
const char *bs_unit_name(bs_unit unit);

/* ---------------------------------------------------------------- UTF-8 */

/* Decode one code point at s (at most n bytes). Returns the number of bytes
 * used (1..4), or 0 on malformed input; *cp is set to U+FFFD then. */
int bs_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Append the UTF-8 encoding of cp to out (room for 4 bytes); returns length. */
int bs_utf8_encode(uint32_t cp, char *out);

/* Length in code points; malformed bytes count one each. */
size_t bs_utf8_count(const char *s, size_t n);

/* True if the n bytes are well-formed UTF-8. On false, *bad_offset is the
 * byte offset of the first malformed sequence. */
bool bs_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* ------------------------------------------------------------------ files */

/* Read a whole file into a new NUL-terminated buffer (free with free()).
 * Reports "path: error: …" on failure. */
char *bs_read_file(bs_ctx *ctx, const char *path, size_t *len);

/* The same for an input with a size limit (BS_MAX_…): a larger file is
 * refused before it is read, naming what it is ("story"). */
char *bs_read_input(bs_ctx *ctx, const char *path, const char *what, size_t max_bytes, size_t *len);

/* `path` as an absolute path without ".", ".." or doubled slashes, worked
 * out from the text alone (links are not followed), relative paths from
 * the working folder. Allocated in the arena. */
char *bs_path_absolute(bs_arena *arena, const char *path);

/* True if `path` names `folder` or something inside it, both taken as
 * bs_path_absolute makes them. */
bool bs_path_inside(bs_arena *arena, const char *path, const char *folder);

/* The folder holding `file` ("." for a bare name), in the arena. */
char *bs_path_folder(bs_arena *arena, const char *file);

/* Resolve `rel` against the folder holding `base_file`. Absolute `rel` is
 * returned as is. Result is allocated in the arena. */
char *bs_path_join_dir(bs_arena *arena, const char *base_file, const char *rel);

/* Write a file so that readers never see a half-written one and a failed
 * run never replaces a good file: write to a temporary file beside the
 * target, flush it to disk, then rename it over the target. */
typedef bool (*bs_write_fn)(void *user, FILE *out);
bool bs_write_atomic(bs_ctx *ctx, const char *path, bs_write_fn write, void *user);

#endif /* BS_CORE_H */
