/* finish_internal.h - what the finish room's files share: a lexer for PDF
 * content streams (PDF 32000-1 §7.2, §7.8.2, §8.9.7 inline images). libqpdf
 * parses documents and objects but its C API does not tokenize content
 * streams, and both the colour rewrite and the preflight read them.
 *
 *   content.c    the lexer
 *   flate.c      streams compressed for the finish
 *   recolour.c   the print finish's colours: stand-ins to CMYK, overprint,
 *                no transparency, pictures CMYK
 *   pdfx.c       the print finish's structure: boxes, Info, output intent,
 *                PDF 1.3
 *   preflight.c  the prepress checks
 */
#ifndef BS_FINISH_INTERNAL_H
#define BS_FINISH_INTERNAL_H

#include "bs_finish.h"

#include <qpdf/qpdf-c.h>

/* One PDF being finished: libqpdf's handle and where errors go. */
typedef struct bs_pdfjob {
    bs_ctx *ctx;
    qpdf_data q;
    const char *name;      /* what the messages call the document */
} bs_pdfjob;

/* False, with libqpdf's message reported, if libqpdf has failed since the
 * last call; `doing` says what was being done. */
bool bs_pdfjob_ok(bs_pdfjob *job, const char *doing);

/* Replace a stream's data with `data`, Flate-compressed (flate.c). */
bool bs_pdf_set_stream(bs_pdfjob *job, qpdf_oh stream, const char *data, size_t len);

/* Rewrite every page's colours for the plate (the contract in bs_finish.h:
 * stand-ins to DeviceCMYK, K100 overprinting, Registration as
 * /Separation /All, no transparency, pictures CMYK or grey). Reports and
 * returns false on anything that would reach the plate wrong. */
bool bs_recolour(bs_pdfjob *job, const bs_palette *palette);

typedef enum {
    BS_TOK_END,            /* end of the stream */
    BS_TOK_NUMBER,         /* value in `number` */
    BS_TOK_NAME,           /* /Name, the text includes the slash */
    BS_TOK_STRING,         /* (literal), the text includes the parentheses */
    BS_TOK_HEXSTRING,      /* <hex>, the text includes the angle brackets */
    BS_TOK_ARRAY_OPEN,     /* [ */
    BS_TOK_ARRAY_CLOSE,    /* ] */
    BS_TOK_DICT_OPEN,      /* << */
    BS_TOK_DICT_CLOSE,     /* >> */
    BS_TOK_KEYWORD,        /* an operator, or true/false/null */
    BS_TOK_INLINE_DATA,    /* the bytes of an inline image, after ID and before EI */
    BS_TOK_ERROR,          /* malformed input at `start` */
} bs_tok_kind;

typedef struct bs_token {
    bs_tok_kind kind;
    const char *start;     /* into the stream */
    size_t len;
    double number;
} bs_token;

typedef struct bs_lexer {
    const char *data;
    size_t len;
    size_t pos;
    bool after_id;         /* the last keyword was ID: inline image data follows */
} bs_lexer;

void bs_lexer_init(bs_lexer *lx, const char *data, size_t len);

/* The next token; BS_TOK_END at the end, BS_TOK_ERROR (and no further
 * progress) on malformed input. */
bs_token bs_lexer_next(bs_lexer *lx);

/* True if the token is the keyword `word`. */
bool bs_token_is(const bs_token *t, const char *word);

#endif
