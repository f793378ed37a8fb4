/* ctx.c - the context and its diagnostics. */
#include "bs_core.h"

#include <stdlib.h>
#include <string.h>

struct bs_ctx {
    bs_diag_sink sink;
    void *sink_user;
    int errors;
    int warnings;
    char *last_error;
};

static void default_sink(void *user, bs_severity severity, const char *text)
{
    (void)user;
    (void)severity;
    fprintf(stderr, "%s\n", text);
}

bs_ctx *bs_ctx_new(void)
{
    bs_ctx *ctx = bs_xcalloc(1, sizeof *ctx);
    ctx->sink = default_sink;
    return ctx;
}

void bs_ctx_free(bs_ctx *ctx)
{
    if (!ctx) return;
    free(ctx->last_error);
    free(ctx);
}

void bs_ctx_set_sink(bs_ctx *ctx, bs_diag_sink sink, void *user)
{
    ctx->sink = sink ? sink : default_sink;
    ctx->sink_user = sink ? user : NULL;
}

int bs_ctx_errors(const bs_ctx *ctx) { return ctx->errors; }
int bs_ctx_warnings(const bs_ctx *ctx) { return ctx->warnings; }

void bs_ctx_reset_counts(bs_ctx *ctx)
{
    ctx->errors = 0;
    ctx->warnings = 0;
}

const char *bs_ctx_last_error(const bs_ctx *ctx)
{
    return ctx->last_error ? ctx->last_error : "";
}

static const char *severity_word(bs_severity severity)
{
    switch (severity) {
    case BS_NOTE: return "note";
    case BS_WARNING: return "warning";
    case BS_ERROR: break;
    }
    return "error";
}

void bs_diagv(bs_ctx *ctx, bs_severity severity, bs_loc loc, const char *fmt, va_list ap)
{
    bs_buf text = {0};
    if (loc.file && loc.line > 0 && loc.col > 0)
        bs_buf_printf(&text, "%s:%d:%d: ", loc.file, loc.line, loc.col);
    else if (loc.file && loc.line > 0)
        bs_buf_printf(&text, "%s:%d: ", loc.file, loc.line);
    else if (loc.file)
        bs_buf_printf(&text, "%s: ", loc.file);
    else
        bs_buf_adds(&text, "broadsheet: ");
    bs_buf_printf(&text, "%s: ", severity_word(severity));

    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        char *msg = bs_xmalloc((size_t)n + 1);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        bs_buf_add(&text, msg, (size_t)n);
        free(msg);
    }

    if (severity == BS_ERROR) {
        ctx->errors++;
        free(ctx->last_error);
        ctx->last_error = bs_xstrdup(text.data);
    } else if (severity == BS_WARNING) {
        ctx->warnings++;
    }
    ctx->sink(ctx->sink_user, severity, text.data);
    bs_buf_free(&text);
}

void bs_diag(bs_ctx *ctx, bs_severity severity, bs_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bs_diagv(ctx, severity, loc, fmt, ap);
    va_end(ap);
}

bool bs_fail(bs_ctx *ctx, bs_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bs_diagv(ctx, BS_ERROR, loc, fmt, ap);
    va_end(ap);
    return false;
}

void bs_warn(bs_ctx *ctx, bs_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bs_diagv(ctx, BS_WARNING, loc, fmt, ap);
    va_end(ap);
}
