/* content.c - a lexer for PDF content streams: numbers, names, strings,
 * arrays, dictionaries, keywords (operators) and inline image data. */
#include "finish_internal.h"

#include <stdlib.h>
#include <string.h>

void bs_lexer_init(bs_lexer *lx, const char *data, size_t len)
{
    lx->data = data;
    lx->len = len;
    lx->pos = 0;
    lx->after_id = false;
}

static bool is_white(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delimiter(char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '/' || c == '%';
}

static void skip_white_and_comments(bs_lexer *lx)
{
    while (lx->pos < lx->len) {
        char c = lx->data[lx->pos];
        if (is_white(c)) {
            lx->pos++;
        } else if (c == '%') {
            while (lx->pos < lx->len && lx->data[lx->pos] != '\n' && lx->data[lx->pos] != '\r') lx->pos++;
        } else {
            break;
        }
    }
}

static bs_token token(bs_lexer *lx, bs_tok_kind kind, size_t start)
{
    bs_token t = {kind, lx->data + start, lx->pos - start, 0};
    return t;
}

static bs_token error_at(bs_lexer *lx, size_t start)
{
    lx->pos = lx->len;   /* no further progress */
    bs_token t = {BS_TOK_ERROR, lx->data + start, 0, 0};
    return t;
}

/* (literal string) with balanced parentheses and backslash escapes. */
static bs_token literal_string(bs_lexer *lx, size_t start)
{
    int depth = 0;
    while (lx->pos < lx->len) {
        char c = lx->data[lx->pos++];
        if (c == '\\') {
            if (lx->pos < lx->len) lx->pos++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return token(lx, BS_TOK_STRING, start);
        }
    }
    return error_at(lx, start);
}

/* <hex digits and white space>; anything else inside is malformed. */
static bs_token hex_string(bs_lexer *lx, size_t start)
{
    while (lx->pos < lx->len && lx->data[lx->pos] != '>') {
        char c = lx->data[lx->pos];
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex && !is_white(c)) return error_at(lx, start);
        lx->pos++;
    }
    if (lx->pos >= lx->len) return error_at(lx, start);
    lx->pos++;
    return token(lx, BS_TOK_HEXSTRING, start);
}

static bs_token regular(bs_lexer *lx, size_t start, bs_tok_kind kind)
{
    while (lx->pos < lx->len && !is_white(lx->data[lx->pos]) && !is_delimiter(lx->data[lx->pos])) lx->pos++;
    return token(lx, kind, start);
}

static bool looks_numeric(const char *s, size_t n)
{
    if (n == 0) return false;
    size_t i = 0, digits = 0, dots = 0;
    if (s[0] == '+' || s[0] == '-') i++;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        else if (s[i] == '.') dots++;
        else return false;
    }
    return digits > 0 && dots <= 1;
}

/* True if the bytes after an EI candidate look like content again: text,
 * not more binary image data. */
static bool content_follows(const bs_lexer *lx, size_t after)
{
    size_t end = after + 16 < lx->len ? after + 16 : lx->len;
    for (size_t i = after; i < end; i++) {
        unsigned char c = (unsigned char)lx->data[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c > 0x7E) return false;
    }
    return true;
}

/* Inline image data runs from after ID (and one white-space byte) up to an
 * EI that stands alone between white space. Binary data may hold such an
 * "EI" too, so the first one followed by content is taken, or failing
 * that the first one. */
static bs_token inline_data(bs_lexer *lx)
{
    size_t start = lx->pos;
    if (start < lx->len && is_white(lx->data[start])) start++;
    size_t first = lx->len;
    for (size_t i = start; i + 2 <= lx->len; i++) {
        bool before = i == start || is_white(lx->data[i - 1]);
        bool after = i + 2 == lx->len || is_white(lx->data[i + 2]);
        if (!(before && after && lx->data[i] == 'E' && lx->data[i + 1] == 'I')) continue;
        if (first == lx->len) first = i;
        if (content_follows(lx, i + 2)) {
            first = i;
            break;
        }
    }
    if (first == lx->len) return error_at(lx, start);
    size_t end = first;
    if (end > start && is_white(lx->data[end - 1])) end--;
    lx->pos = first;
    bs_token t = {BS_TOK_INLINE_DATA, lx->data + start, end - start, 0};
    return t;
}

bs_token bs_lexer_next(bs_lexer *lx)
{
    if (lx->after_id) {
        lx->after_id = false;
        return inline_data(lx);
    }
    skip_white_and_comments(lx);
    size_t start = lx->pos;
    if (lx->pos >= lx->len) return token(lx, BS_TOK_END, start);
    char c = lx->data[lx->pos++];
    switch (c) {
    case '/': return regular(lx, start, BS_TOK_NAME);
    case '(': lx->pos--; return literal_string(lx, start);
    case '[': return token(lx, BS_TOK_ARRAY_OPEN, start);
    case ']': return token(lx, BS_TOK_ARRAY_CLOSE, start);
    case '<':
        if (lx->pos < lx->len && lx->data[lx->pos] == '<') {
            lx->pos++;
            return token(lx, BS_TOK_DICT_OPEN, start);
        }
        return hex_string(lx, start);
    case '>':
        if (lx->pos < lx->len && lx->data[lx->pos] == '>') {
            lx->pos++;
            return token(lx, BS_TOK_DICT_CLOSE, start);
        }
        return error_at(lx, start);
    case ')':
    case '{':
    case '}':
        return error_at(lx, start);
    default: break;
    }
    bs_token t = regular(lx, start, BS_TOK_KEYWORD);
    if (looks_numeric(t.start, t.len)) {
        char buf[64];
        size_t n = t.len < sizeof buf - 1 ? t.len : sizeof buf - 1;
        memcpy(buf, t.start, n);
        buf[n] = '\0';
        t.kind = BS_TOK_NUMBER;
        t.number = strtod(buf, NULL);
    } else if (bs_token_is(&t, "ID")) {
        lx->after_id = true;
    }
    return t;
}

bool bs_token_is(const bs_token *t, const char *word)
{
    size_t n = strlen(word);
    return t->kind == BS_TOK_KEYWORD && t->len == n && memcmp(t->start, word, n) == 0;
}
