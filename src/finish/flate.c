/* flate.c - the streams the finish writes, compressed by us. libqpdf would
 * compress them at zlib's default level, which costs the print finish more
 * time than everything else it does; the fastest level gives content
 * streams and profiles nearly the same size. */
#include "finish_internal.h"

#include <limits.h>
#include <zlib.h>

static bool deflate_fast(const char *data, size_t len, bs_buf *out)
{
    if (len > UINT_MAX) return false;
    uLong bound = compressBound((uLong)len);
    out->len = 0;
    bs_buf_add(out, "", 0);
    BS_VEC_RESERVE(out->data, out->cap, (size_t)bound + 1);
    uLongf written = bound;
    if (compress2((Bytef *)out->data, &written, (const Bytef *)data, (uLong)len, Z_BEST_SPEED) != Z_OK) return false;
    out->len = written;
    out->data[written] = '\0';
    return true;
}

bool bs_pdf_set_stream(bs_pdfjob *job, qpdf_oh stream, const char *data, size_t len)
{
    qpdf_data q = job->q;
    bs_buf packed = {0};
    if (deflate_fast(data, len, &packed))
        qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)packed.data, packed.len,
                                    qpdf_oh_new_name(q, "/FlateDecode"), qpdf_oh_new_null(q));
    else   /* left to libqpdf to compress */
        qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)data, len, qpdf_oh_new_null(q),
                                    qpdf_oh_new_null(q));
    bs_buf_free(&packed);
    return bs_pdfjob_ok(job, "writing a stream");
}
