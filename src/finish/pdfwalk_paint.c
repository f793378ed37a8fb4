/* pdfwalk_paint.c - paths and what paints them (PDF 32000-1 §8.5), and
 * shadings (§8.7.4.5): each painting operator becomes one bs_pf_paint. */
#include "pdfwalk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Half the width of the thinnest line a device paints (1/1440 in). */
#define HAIRLINE_HALF_PT 0.025

/* ----------------------------------------------------------------- paths */

void bs_pf_path_reset(bs_pf_walk *w)
{
    w->nsubpaths = 0;
    w->subpath_open = false;
    w->path_rects = w->path_segments = 0;
}

static bs_pf_box *subpath_new(bs_pf_walk *w)
{
    BS_VEC_RESERVE(w->subpaths, w->capsubpaths, w->nsubpaths + 1);
    bs_pf_box *b = &w->subpaths[w->nsubpaths++];
    *b = bs_pf_box_empty();
    return b;
}

static void path_point(bs_pf_walk *w, bs_pf_box *b, double x, double y)
{
    double px, py;
    bs_pf_apply(&w->gs.ctm, x, y, &px, &py);
    bs_pf_box_add(b, px, py);
}

/* m starts a subpath; l, c, v, y continue the open one (a segment after re
 * or without m starts one of its own). */
static void op_path(bs_pf_walk *w, size_t npoints, bool move)
{
    double v[6];
    if (!bs_pf_walk_numbers(w, npoints * 2, v)) return;
    bs_pf_box *b = (move || !w->subpath_open) ? subpath_new(w) : &w->subpaths[w->nsubpaths - 1];
    for (size_t i = 0; i < npoints; i++) path_point(w, b, v[2 * i], v[2 * i + 1]);
    w->subpath_open = true;
    if (!move) w->path_segments++;
}

static void op_re(bs_pf_walk *w)
{
    double v[4];
    if (!bs_pf_walk_numbers(w, 4, v)) return;
    bs_pf_box_add_rect(subpath_new(w), &w->gs.ctm, v[0], v[1], v[0] + v[2], v[1] + v[3]);
    w->subpath_open = false;
    const bs_pf_matrix *m = &w->gs.ctm;
    w->path_axis_aligned = (m->b == 0 && m->c == 0) || (m->a == 0 && m->d == 0);
    w->path_rects++;
}

/* The box of what the path paints, grown by `half` a pen: the subpaths
 * that reach into the printed area, or all of them (and *outside set) if
 * none does. */
static bs_pf_box path_box(const bs_pf_walk *w, double half, bool *outside)
{
    bs_pf_box inside = bs_pf_box_empty(), all = bs_pf_box_empty();
    for (size_t i = 0; i < w->nsubpaths; i++) {
        const bs_pf_box *s = &w->subpaths[i];
        if (bs_pf_box_is_empty(s)) continue;
        bs_pf_box b = {s->x0 - half, s->y0 - half, s->x1 + half, s->y1 + half};
        bs_pf_box_add(&all, b.x0, b.y0);
        bs_pf_box_add(&all, b.x1, b.y1);
        if (!bs_pf_box_intersect(&b, &w->doc->area, NULL)) continue;
        bs_pf_box_add(&inside, b.x0, b.y0);
        bs_pf_box_add(&inside, b.x1, b.y1);
    }
    *outside = bs_pf_box_is_empty(&inside);
    return *outside ? all : inside;
}

static void paint_shading(bs_pf_walk *w, qpdf_oh shading, const bs_pf_box *box, bool overprint);

/* Fill or stroke with a pattern: a shading pattern paints the path's box;
 * a tiling pattern's cell is walked once, like a form. */
static void paint_pattern(bs_pf_walk *w, const bs_pf_colour *c, const bs_pf_box *box, bool overprint)
{
    bs_token name = {BS_TOK_NAME, c->pattern, strlen(c->pattern), 0};
    qpdf_oh pattern = bs_pf_walk_resource(w, "/Pattern", &name);
    qpdf_oh dict = qpdf_oh_is_stream(w->q, pattern) ? qpdf_oh_get_dict(w->q, pattern) : qpdf_oh_new_object(w->q, pattern);
    double type = 0;
    bs_pf_dict_number(w->q, dict, "/PatternType", &type);
    if (type == 2) {
        qpdf_oh shading = qpdf_oh_get_key_if_dict(w->q, dict, "/Shading");
        paint_shading(w, shading, box, overprint);
        qpdf_oh_release(w->q, shading);
    } else if (type == 1 && qpdf_oh_is_stream(w->q, pattern)) {
        /* pattern space is the default space of the content it is used in */
        bs_pf_walk_form(w, pattern, c->pattern, bs_pf_mul(bs_pf_dict_matrix(w->q, dict, "/Matrix"), w->base_ctm));
    } else {
        bs_pf_note_content_error(w->doc, "a pattern that is not in the resources");
    }
    qpdf_oh_release(w->q, dict);
    qpdf_oh_release(w->q, pattern);
}

static void paint_fill(bs_pf_walk *w)
{
    bool outside;
    bs_pf_box box = path_box(w, 0, &outside);
    if (w->gs.fill.space.kind == BS_PF_PATTERN) {
        paint_pattern(w, &w->gs.fill, &box, w->gs.op_fill);
        return;
    }
    bs_pf_paint p = {
        .kind = BS_PF_PATH,
        .space = &w->gs.fill.space,
        .colour = &w->gs.fill,
        .box = box,
        .outside = outside,
        .covers_box = w->path_rects == 1 && w->path_segments == 0 && w->path_axis_aligned,
        .overprint = w->gs.op_fill,
        .opm = w->gs.opm,
        .what = "fill",
    };
    bs_pf_paint_event(w->doc, &p);
}

static void paint_stroke(bs_pf_walk *w)
{
    /* The box grows by half the widest the pen can be. */
    /* a pen of width 0 still paints a device pixel: give it some extent */
    double half = fmax(w->gs.line_width * bs_pf_scale_max(&w->gs.ctm) / 2, HAIRLINE_HALF_PT);
    bool outside;
    bs_pf_box box = path_box(w, half, &outside);
    if (w->gs.stroke.space.kind == BS_PF_PATTERN) {
        paint_pattern(w, &w->gs.stroke, &box, w->gs.op_stroke);
        return;
    }
    bs_pf_paint p = {
        .kind = BS_PF_PATH,
        .stroke = true,
        .space = &w->gs.stroke.space,
        .colour = &w->gs.stroke,
        .box = box,
        .outside = outside,
        .overprint = w->gs.op_stroke,
        .opm = w->gs.opm,
        .size = w->gs.line_width * bs_pf_scale_min(&w->gs.ctm),
        .what = "stroke",
    };
    bs_pf_paint_event(w->doc, &p);
}

static void op_paint(bs_pf_walk *w, bool fill, bool stroke)
{
    if (w->nsubpaths > 0) {
        if (fill) paint_fill(w);
        if (stroke) paint_stroke(w);
    }
    bs_pf_path_reset(w);
}

/* -------------------------------------------------------------- shadings */

static bool colour_from_array(qpdf_data q, qpdf_oh array, const bs_pf_space *space, double fallback,
                              bs_pf_colour *out)
{
    bs_pf_colour_initial(out, space);
    int n = qpdf_oh_is_array(q, array) ? qpdf_oh_get_array_n_items(q, array) : 0;
    for (int i = 0; i < space->ncomps && i < 8; i++) {
        out->v[i] = fallback;
        if (i < n) {
            qpdf_oh item = qpdf_oh_get_array_item(q, array, i);
            qpdf_oh_get_value_as_number(q, item, &out->v[i]);
            qpdf_oh_release(q, item);
        }
    }
    return true;
}

static void ink_max(double sub[16], const bs_pf_colour *c, bool *known)
{
    double cmyk[4], s[16];
    if (!bs_pf_colour_ink(c, cmyk)) {
        *known = false;
        return;
    }
    bs_pf_ink_subsets(cmyk, s);
    for (int i = 0; i < 16; i++) sub[i] = fmax(sub[i], s[i]);
}

/* The ink at the ends of exponential functions (type 2), alone or stitched
 * (type 3): colour is monotonic along each, so the ends hold the most. */
static void function_ink(qpdf_data q, qpdf_oh fn, const bs_pf_space *space, int depth, double sub[16], bool *known)
{
    double type = -1;
    qpdf_oh dict = qpdf_oh_is_stream(q, fn) ? qpdf_oh_get_dict(q, fn) : qpdf_oh_new_object(q, fn);
    bs_pf_dict_number(q, dict, "/FunctionType", &type);
    if (type == 2) {
        bs_pf_colour c;
        qpdf_oh c0 = qpdf_oh_get_key_if_dict(q, dict, "/C0"), c1 = qpdf_oh_get_key_if_dict(q, dict, "/C1");
        colour_from_array(q, c0, space, 0, &c);
        ink_max(sub, &c, known);
        colour_from_array(q, c1, space, 1, &c);
        ink_max(sub, &c, known);
        qpdf_oh_release(q, c0);
        qpdf_oh_release(q, c1);
    } else if (type == 3 && depth < 4) {
        qpdf_oh fns = qpdf_oh_get_key_if_dict(q, dict, "/Functions");
        int n = qpdf_oh_is_array(q, fns) ? qpdf_oh_get_array_n_items(q, fns) : 0;
        for (int i = 0; i < n; i++) {
            qpdf_oh f = qpdf_oh_get_array_item(q, fns, i);
            function_ink(q, f, space, depth + 1, sub, known);
            qpdf_oh_release(q, f);
        }
        if (n == 0) *known = false;
        qpdf_oh_release(q, fns);
    } else {
        *known = false;   /* sampled and PostScript functions are not evaluated */
    }
    qpdf_oh_release(q, dict);
}

static void paint_shading(bs_pf_walk *w, qpdf_oh shading, const bs_pf_box *box, bool overprint)
{
    qpdf_data q = w->q;
    qpdf_oh dict = qpdf_oh_is_stream(q, shading) ? qpdf_oh_get_dict(q, shading) : qpdf_oh_new_object(q, shading);
    if (!qpdf_oh_is_dictionary(q, dict)) {
        bs_pf_note_content_error(w->doc, "a shading that is not in the resources");
        qpdf_oh_release(q, dict);
        return;
    }
    qpdf_oh cs = qpdf_oh_get_key_if_dict(q, dict, "/ColorSpace");
    bs_pf_space space;
    bs_pf_space_resolve(q, cs, w->resources, false, &space);
    qpdf_oh_release(q, cs);
    double sub[16] = {0};
    bool known = true;
    qpdf_oh fn = qpdf_oh_get_key_if_dict(q, dict, "/Function");
    if (qpdf_oh_is_array(q, fn)) known = false;   /* one function per component: not evaluated */
    else if (qpdf_oh_is_null(q, fn)) known = false;   /* mesh shadings carry colours per vertex */
    else function_ink(q, fn, &space, 0, sub, &known);
    qpdf_oh_release(q, fn);
    qpdf_oh_release(q, dict);
    bs_pf_paint p = {
        .kind = BS_PF_SHADING,
        .space = &space,
        .sub = known ? sub : NULL,
        .box = *box,
        .overprint = overprint,
        .opm = w->gs.opm,
        .what = "shading",
    };
    bs_pf_paint_event(w->doc, &p);
}

/* sh fills the clip; without clipping tracked, the shading's own BBox or
 * else the printed area stands for it. */
void bs_pf_op_sh(bs_pf_walk *w)
{
    const bs_token *name = bs_pf_walk_name(w);
    if (!name) return;
    qpdf_oh shading = bs_pf_walk_resource(w, "/Shading", name);
    qpdf_oh dict = qpdf_oh_is_stream(w->q, shading) ? qpdf_oh_get_dict(w->q, shading) : qpdf_oh_new_object(w->q, shading);
    qpdf_oh bbox_oh = qpdf_oh_get_key_if_dict(w->q, dict, "/BBox");
    bs_pf_box b, box = w->doc->area;
    if (bs_pf_box_from_array(w->q, bbox_oh, &b)) {
        box = bs_pf_box_empty();
        bs_pf_box_add_rect(&box, &w->gs.ctm, b.x0, b.y0, b.x1, b.y1);
    }
    qpdf_oh_release(w->q, bbox_oh);
    qpdf_oh_release(w->q, dict);
    paint_shading(w, shading, &box, w->gs.op_fill);
    qpdf_oh_release(w->q, shading);
}

bool bs_pf_path_operator(bs_pf_walk *w, const bs_token *t)
{
    if (bs_token_is(t, "m")) op_path(w, 1, true);
    else if (bs_token_is(t, "l")) op_path(w, 1, false);
    else if (bs_token_is(t, "c")) op_path(w, 3, false);
    else if (bs_token_is(t, "v") || bs_token_is(t, "y")) op_path(w, 2, false);
    else if (bs_token_is(t, "re")) op_re(w);
    else if (bs_token_is(t, "h") || bs_token_is(t, "W") || bs_token_is(t, "W*")) return true;
    else if (bs_token_is(t, "f") || bs_token_is(t, "F") || bs_token_is(t, "f*")) op_paint(w, true, false);
    else if (bs_token_is(t, "S") || bs_token_is(t, "s")) op_paint(w, false, true);
    else if (bs_token_is(t, "B") || bs_token_is(t, "B*") || bs_token_is(t, "b") || bs_token_is(t, "b*"))
        op_paint(w, true, true);
    else if (bs_token_is(t, "n")) op_paint(w, false, false);
    else return false;
    return true;
}
