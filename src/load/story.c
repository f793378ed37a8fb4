/* story.c - a story file: optional front matter, then a CommonMark body
 * (cmark) of paragraphs and subheads, each a text with runs of plain,
 * lead-in (strong) and emphasis. Everything else Markdown can say is an
 * error: a newspaper story has none of it. */
#include "load_internal.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* The body being read. */
typedef struct body {
    bs_ctx *ctx;
    bs_arena *arena;
    bs_story *story;
    const char *text;         /* the body, after the front matter */
    size_t len;
    int line_offset;          /* file lines before the body */
    size_t *line_start;       /* byte offset of each body line */
    size_t nlines;
    bs_paragraph *paras;
    size_t cap;
    int refused;              /* blocks and inlines reported as errors */
} body;

/* A paragraph being assembled from cmark's inlines. */
typedef struct para_builder {
    bs_buf text;
    bs_run *runs;
    size_t nruns, cap;
    int strong, emph;         /* nesting depth */
    bool pending_break;       /* a line break waits for the next text */
    bs_run_kind break_kind;
} para_builder;

/* ------------------------------------------------------------ the file */

static bool is_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}

static bool check_text(bs_ctx *ctx, const char *path, const char *text, size_t len)
{
    size_t bad;
    if (!bs_utf8_valid(text, len, &bad))
        return bs_fail(ctx, bs_text_loc(path, text, bad, 0), "not valid UTF-8 (save the story as UTF-8)");
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = bs_utf8_decode(text + i, len - i, &cp);
        if (is_control(cp))
            return bs_fail(ctx, bs_text_loc(path, text, i, 0),
                           "control character U+%04X is not allowed in a story", (unsigned)cp);
        i += (size_t)k;
    }
    return true;
}

static size_t line_end(const char *text, size_t len, size_t pos)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    return nl ? (size_t)(nl - text) : len;
}

static bool is_fence(const char *text, size_t start, size_t end)
{
    if (end > start && text[end - 1] == '\r') end--;
    return end - start == 3 && memcmp(text + start, "---", 3) == 0;
}

/* Finds the front matter; *body_start and *body_line say where the body
 * begins (a byte offset and the number of file lines before it). */
static bool split_front_matter(bs_ctx *ctx, bs_arena *arena, bs_story *story, const char *text,
                               size_t len, size_t *body_start, int *body_line)
{
    *body_start = 0;
    *body_line = 0;
    size_t end = line_end(text, len, 0);
    if (!is_fence(text, 0, end)) return true;
    size_t yaml_start = end < len ? end + 1 : len;
    int line = 1;
    for (size_t pos = yaml_start; pos < len;) {
        size_t e = line_end(text, len, pos);
        line++;
        if (is_fence(text, pos, e)) {
            bs_frontmatter_read(ctx, arena, story, text + yaml_start, pos - yaml_start);
            *body_start = e < len ? e + 1 : len;
            *body_line = line;
            return true;
        }
        pos = e + 1;
    }
    bs_loc start = {story->path, 1, 1};
    return bs_fail(ctx, start, "the front matter is not closed by a line '---'");
}

/* ------------------------------------------------------------ locations */

static void index_lines(body *b)
{
    size_t cap = 0;
    b->line_start = NULL;
    b->nlines = 0;
    for (size_t pos = 0;;) {
        BS_VEC_RESERVE(b->line_start, cap, b->nlines + 1);
        b->line_start[b->nlines++] = pos;
        size_t e = line_end(b->text, b->len, pos);
        if (e >= b->len) break;
        pos = e + 1;
    }
}

/* cmark counts body lines from 1 and columns in bytes. */
static bs_loc node_loc(const body *b, cmark_node *node, bs_loc fallback)
{
    int line = cmark_node_get_start_line(node), col = cmark_node_get_start_column(node);
    if (line <= 0 || (size_t)line > b->nlines || col <= 0) return fallback;
    size_t start = b->line_start[line - 1];
    size_t end = line_end(b->text, b->len, start);
    size_t bytes = (size_t)col - 1 < end - start ? (size_t)col - 1 : end - start;
    bs_loc loc = {b->story->path, line + b->line_offset, (int)bs_utf8_count(b->text + start, bytes) + 1};
    return loc;
}

/* ------------------------------------------------------------ text */

/* Chinese, Japanese and Korean text takes no space at a line break. */
static bool is_cjk(uint32_t cp)
{
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
    /* Marks of GB/T 15834 that Unicode files under General Punctuation
     * (—— …… “” ‘’ ·): in a Chinese story they are Chinese. */
    switch (cp) {
    case 0x00B7: case 0x2014: case 0x2015: case 0x2018: case 0x2019:
    case 0x201C: case 0x201D: case 0x2026: return true;
    default: break;
    }
    int width = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return width == U_EA_WIDE || width == U_EA_FULLWIDTH;
}

static uint32_t last_char(const bs_buf *buf)
{
    size_t i = buf->len;
    while (i > 0 && ((unsigned char)buf->data[i - 1] & 0xC0) == 0x80) i--;
    uint32_t cp = 0;
    if (i > 0) bs_utf8_decode(buf->data + i - 1, buf->len - (i - 1), &cp);
    return cp;
}

static void add_run(para_builder *pb, bs_run_kind kind, const char *s, size_t n)
{
    size_t start = pb->text.len;
    bs_buf_add(&pb->text, s, n);
    if (pb->nruns && pb->runs[pb->nruns - 1].kind == kind) {
        pb->runs[pb->nruns - 1].end = pb->text.len;
        return;
    }
    BS_VEC_RESERVE(pb->runs, pb->cap, pb->nruns + 1);
    pb->runs[pb->nruns++] = (bs_run){start, pb->text.len, kind};
}

static bs_run_kind current_kind(const para_builder *pb)
{
    return pb->strong ? BS_RUN_STRONG : pb->emph ? BS_RUN_EMPH : BS_RUN_PLAIN;
}

static void add_text(para_builder *pb, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0) return;
    if (pb->pending_break && pb->text.len > 0) {
        uint32_t next = 0;
        bs_utf8_decode(s, n, &next);
        if (!is_cjk(last_char(&pb->text)) && !is_cjk(next)) add_run(pb, pb->break_kind, " ", 1);
    }
    pb->pending_break = false;
    add_run(pb, current_kind(pb), s, n);
}

/* ------------------------------------------------------------ the body */

static void refuse(body *b, cmark_node *node, bs_loc fallback, const char *what)
{
    bs_fail(b->ctx, node_loc(b, node, fallback), "a story has no %s", what);
    b->refused++;
}

static void add_inline(body *b, para_builder *pb, cmark_node *node, bool enter, bs_loc para_loc)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: add_text(pb, cmark_node_get_literal(node)); break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
        pb->pending_break = true;
        pb->break_kind = current_kind(pb);
        break;
    case CMARK_NODE_STRONG: pb->strong += enter ? 1 : -1; break;
    case CMARK_NODE_EMPH: pb->emph += enter ? 1 : -1; break;
    case CMARK_NODE_HTML_INLINE: refuse(b, node, para_loc, "HTML"); break;
    case CMARK_NODE_IMAGE:
        if (enter) refuse(b, node, para_loc, "images");
        break;
    default: break;   /* links: their text is the story's */
    }
}

static void keep_paragraph(body *b, para_builder *pb, bs_para_kind kind, bs_loc loc)
{
    BS_VEC_RESERVE(b->paras, b->cap, b->story->nparas + 1);
    bs_paragraph *p = &b->paras[b->story->nparas++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->text = bs_arena_strndup(b->arena, pb->text.data, pb->text.len);
    p->len = pb->text.len;
    p->runs = bs_arena_memdup(b->arena, pb->runs, pb->nruns * sizeof *pb->runs);
    p->nruns = pb->nruns;
    p->loc = loc;
}

static void add_paragraph(body *b, cmark_node *node, bs_para_kind kind)
{
    bs_loc fallback = {b->story->path, b->line_offset + 1, 1};
    bs_loc loc = node_loc(b, node, fallback);
    para_builder pb;
    memset(&pb, 0, sizeof pb);
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (n != node) add_inline(b, &pb, n, ev == CMARK_EVENT_ENTER, loc);
    }
    cmark_iter_free(it);
    if (pb.text.len > BS_MAX_PARAGRAPH_BYTES) {
        b->refused++;
        bs_fail(b->ctx, loc, "a paragraph of %zu bytes; one may be at most %u (about %u characters): "
                "break it into paragraphs", pb.text.len, BS_MAX_PARAGRAPH_BYTES, BS_MAX_PARAGRAPH_BYTES / 3);
    } else if (pb.text.len > 0)
        keep_paragraph(b, &pb, kind, loc);   /* an empty heading sets nothing */
    bs_buf_free(&pb.text);
    free(pb.runs);
}

static const char *block_name(cmark_node_type type)
{
    switch (type) {
    case CMARK_NODE_LIST: return "lists";
    case CMARK_NODE_BLOCK_QUOTE: return "block quotes";
    case CMARK_NODE_CODE_BLOCK: return "code blocks";
    case CMARK_NODE_HTML_BLOCK: return "HTML";
    case CMARK_NODE_THEMATIC_BREAK: return "thematic breaks";
    default: break;
    }
    return "such blocks";
}

static void read_blocks(body *b, cmark_node *doc)
{
    bs_loc fallback = {b->story->path, b->line_offset + 1, 1};
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_PARAGRAPH) add_paragraph(b, n, BS_PARA_BODY);
        else if (type == CMARK_NODE_HEADING) add_paragraph(b, n, BS_PARA_SUBHEAD);
        else refuse(b, n, fallback, block_name(type));
    }
}

static void read_body(bs_ctx *ctx, bs_arena *arena, bs_story *story, const char *text, size_t len,
                      int line_offset)
{
    body b = {.ctx = ctx, .arena = arena, .story = story, .text = text, .len = len, .line_offset = line_offset};
    index_lines(&b);
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_SOURCEPOS);
    read_blocks(&b, doc);
    cmark_node_free(doc);
    story->paras = bs_arena_memdup(arena, b.paras, story->nparas * sizeof *b.paras);
    free(b.paras);
    free(b.line_start);
    if (story->nparas == 0 && b.refused == 0) {
        bs_loc start = {story->path, line_offset + 1, 1};
        bs_fail(ctx, start, "the story has no paragraphs");
    }
}

/* ------------------------------------------------------------ public */

bs_story *bs_story_parse(bs_ctx *ctx, bs_arena *arena, const char *path, const char *text, size_t len)
{
    int before = bs_ctx_errors(ctx);
    bs_story *story = BS_ARENA_NEW(arena, bs_story);
    story->path = bs_arena_strdup(arena, path);
    if (len > BS_MAX_STORY_BYTES) {
        bs_fail(ctx, bs_loc_file(story->path), "a story of %zu bytes; one may be at most %u (is it the right file?)",
                len, BS_MAX_STORY_BYTES);
        return NULL;
    }
    if (!check_text(ctx, story->path, text, len)) return NULL;
    /* A byte order mark is not part of the text (and not a column). */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t body_start;
    int body_line;
    if (!split_front_matter(ctx, arena, story, text, len, &body_start, &body_line)) return NULL;
    read_body(ctx, arena, story, text + body_start, len - body_start, body_line);
    return bs_ctx_errors(ctx) > before ? NULL : story;
}

bs_story *bs_story_load(bs_ctx *ctx, const char *path)
{
    size_t len = 0;
    char *text = bs_read_input(ctx, path, "story", BS_MAX_STORY_BYTES, &len);
    if (!text) return NULL;
    bs_arena *arena = bs_arena_new();
    bs_story *story = bs_story_parse(ctx, arena, path, text, len);
    free(text);
    if (!story) {
        bs_arena_free(arena);
        return NULL;
    }
    story->arena = arena;
    return story;
}

void bs_story_free(bs_story *story)
{
    /* A story in a page's arena goes with the page. */
    if (story && story->arena) bs_arena_free(story->arena);
}
