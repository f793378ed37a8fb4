/* preflight_geom.c - matrices and boxes in PDF user space. */
#include "preflight_internal.h"

#include <math.h>

const bs_pf_matrix bs_pf_identity = {1, 0, 0, 1, 0, 0};

bs_pf_matrix bs_pf_mul(bs_pf_matrix m, bs_pf_matrix n)
{
    bs_pf_matrix r = {
        m.a * n.a + m.b * n.c,       m.a * n.b + m.b * n.d,
        m.c * n.a + m.d * n.c,       m.c * n.b + m.d * n.d,
        m.e * n.a + m.f * n.c + n.e, m.e * n.b + m.f * n.d + n.f,
    };
    return r;
}

void bs_pf_apply(const bs_pf_matrix *m, double x, double y, double *ox, double *oy)
{
    *ox = m->a * x + m->c * y + m->e;
    *oy = m->b * x + m->d * y + m->f;
}

/* The singular values of the linear part: how much the matrix stretches a
 * length at least and at most, whatever its direction. */
static void singular_values(const bs_pf_matrix *m, double *lo, double *hi)
{
    double p = m->a * m->a + m->b * m->b + m->c * m->c + m->d * m->d;
    double det = fabs(m->a * m->d - m->b * m->c);
    double root = sqrt(fmax(0, p * p - 4 * det * det));
    *hi = sqrt((p + root) / 2);
    *lo = sqrt(fmax(0, (p - root) / 2));
}

double bs_pf_scale_min(const bs_pf_matrix *m)
{
    double lo, hi;
    singular_values(m, &lo, &hi);
    return lo;
}

double bs_pf_scale_max(const bs_pf_matrix *m)
{
    double lo, hi;
    singular_values(m, &lo, &hi);
    return hi;
}

bs_pf_box bs_pf_box_empty(void)
{
    bs_pf_box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    return b;
}

bool bs_pf_box_is_empty(const bs_pf_box *b)
{
    return !(b->x0 <= b->x1 && b->y0 <= b->y1);
}

void bs_pf_box_add(bs_pf_box *b, double x, double y)
{
    if (!isfinite(x) || !isfinite(y)) return;
    b->x0 = fmin(b->x0, x);
    b->y0 = fmin(b->y0, y);
    b->x1 = fmax(b->x1, x);
    b->y1 = fmax(b->y1, y);
}

void bs_pf_box_add_rect(bs_pf_box *b, const bs_pf_matrix *m, double x0, double y0, double x1, double y1)
{
    double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x, y;
            bs_pf_apply(m, xs[i], ys[j], &x, &y);
            bs_pf_box_add(b, x, y);
        }
}

bool bs_pf_box_intersect(const bs_pf_box *a, const bs_pf_box *b, bs_pf_box *out)
{
    bs_pf_box r = {fmax(a->x0, b->x0), fmax(a->y0, b->y0), fmin(a->x1, b->x1), fmin(a->y1, b->y1)};
    if (out) *out = r;
    /* Touching edges do not overlap: nothing is painted on both. */
    return r.x0 < r.x1 && r.y0 < r.y1;
}

bool bs_pf_box_contains(const bs_pf_box *outer, const bs_pf_box *inner, double tolerance)
{
    return inner->x0 >= outer->x0 - tolerance && inner->y0 >= outer->y0 - tolerance &&
           inner->x1 <= outer->x1 + tolerance && inner->y1 <= outer->y1 + tolerance;
}

double bs_pf_clamp(double v, double lo, double hi)
{
    if (!(v >= lo)) return lo;
    return v > hi ? hi : v;
}

bool bs_pf_box_from_array(qpdf_data q, qpdf_oh array, bs_pf_box *out)
{
    if (!qpdf_oh_is_array(q, array) || qpdf_oh_get_array_n_items(q, array) != 4) return false;
    double v[4];
    for (int i = 0; i < 4; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, array, i);
        bool ok = qpdf_oh_get_value_as_number(q, item, &v[i]);
        qpdf_oh_release(q, item);
        if (!ok) return false;
    }
    *out = (bs_pf_box){fmin(v[0], v[2]), fmin(v[1], v[3]), fmax(v[0], v[2]), fmax(v[1], v[3])};
    return true;
}
