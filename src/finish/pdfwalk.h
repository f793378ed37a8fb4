/* pdfwalk.h - the content interpreter's state, shared by pdfwalk.c and
 * pdfwalk_text.c. */
#ifndef BS_PDFWALK_H
#define BS_PDFWALK_H

#include "preflight_internal.h"

/* What PDF 32000-1 §8.4 puts in the graphics state, as far as the checks
 * need it, with the text state parameters (§9.3) that q/Q save too. */
typedef struct bs_pf_gstate {
    bs_pf_matrix ctm;
    bs_pf_colour fill, stroke;
    bool op_fill, op_stroke;
    int opm;
    double line_width;
    double char_spacing, word_spacing, hscale, leading, rise;
    int render_mode;
    double font_size;
    const bs_pf_font *font;
} bs_pf_gstate;

#define BS_PF_MAX_FORM_DEPTH 16
/* Forms painting forms many times each multiply; past this many walks a
 * file is taken as malformed rather than walked for ever. */
#define BS_PF_MAX_FORM_WALKS 100000

typedef struct bs_pf_walk {
    bs_pf_doc *doc;
    qpdf_data q;
    bs_pf_gstate gs;
    bs_pf_gstate *stack;
    size_t depth, cap;

    /* the text object */
    bs_pf_matrix tm, tlm;

    /* the path being built, in page space: a box per subpath, so that
     * marks drawn as one path round the page stay outside the BleedBox */
    bs_pf_box *subpaths;
    size_t nsubpaths, capsubpaths;
    bool subpath_open;         /* the next segment continues the last subpath */
    int path_rects, path_segments;
    bool path_axis_aligned;

    /* operands of the next operator */
    bs_token *ops;
    size_t nops, capops;
    bool in_inline_dict;       /* between BI and ID */

    /* the content stream being walked */
    qpdf_oh resources;
    bs_pf_matrix base_ctm;     /* its default space: where its patterns live */
    int forms[BS_PF_MAX_FORM_DEPTH];   /* object ids of the forms being walked, against loops */
    int nforms;
    long form_walks;
} bs_pf_walk;

/* Text operators (pdfwalk_text.c); true if `op` was one of them. */
bool bs_pf_text_operator(bs_pf_walk *w, const bs_token *op);

/* Path construction and painting operators (pdfwalk_paint.c); true if `op`
 * was one of them. sh paints a shading; a new content stream starts with
 * no path. */
bool bs_pf_path_operator(bs_pf_walk *w, const bs_token *op);
void bs_pf_op_sh(bs_pf_walk *w);
void bs_pf_path_reset(bs_pf_walk *w);

/* Walk a Form XObject or a tiling pattern's cell, its space mapped to the
 * page by `ctm`, in a graphics state of its own. */
void bs_pf_walk_form(bs_pf_walk *w, qpdf_oh stream, const char *label, bs_pf_matrix ctm);

/* The last n operands as numbers; false (and a content error) if they are
 * not there. */
bool bs_pf_walk_numbers(bs_pf_walk *w, size_t n, double *out);
/* The last operand if it is a name; NULL (and a content error) if not. */
const bs_token *bs_pf_walk_name(bs_pf_walk *w);

/* Entries of a dictionary (false or the identity when missing or of
 * another type). */
bool bs_pf_dict_number(qpdf_data q, qpdf_oh dict, const char *key, double *out);
bool bs_pf_dict_bool(qpdf_data q, qpdf_oh dict, const char *key, bool *out);
bool bs_pf_dict_name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name);
bs_pf_matrix bs_pf_dict_matrix(qpdf_data q, qpdf_oh dict, const char *key);

/* The resource `name` of `category` ("/Font", "/XObject", …) of the content
 * being walked: a new handle, null if there is none. */
qpdf_oh bs_pf_walk_resource(bs_pf_walk *w, const char *category, const bs_token *name);

#endif
