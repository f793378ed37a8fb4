/* pdfwalk_colour.c - colour spaces (PDF 32000-1 §8.6) as the preflight
 * needs them: which space a colour is in, and what ink it puts on the
 * plates. */
#include "preflight_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void set_space(bs_pf_space *s, bs_pf_space_kind kind, int ncomps, const char *name)
{
    s->kind = kind;
    s->ncomps = ncomps;
    s->icc_n = 0;
    snprintf(s->name, sizeof s->name, "%s", name);
}

/* A name object's text without its slash ("" if not a name). */
static const char *name_of(qpdf_data q, qpdf_oh oh)
{
    if (!qpdf_oh_is_name(q, oh)) return "";
    const char *n = qpdf_oh_get_name(q, oh);
    return n[0] == '/' ? n + 1 : n;
}

static bool device_space(const char *name, bool inline_names, bs_pf_space *out)
{
    if (strcmp(name, "DeviceGray") == 0 || (inline_names && strcmp(name, "G") == 0))
        set_space(out, BS_PF_GRAY, 1, "DeviceGray");
    else if (strcmp(name, "DeviceCMYK") == 0 || (inline_names && strcmp(name, "CMYK") == 0))
        set_space(out, BS_PF_CMYK, 4, "DeviceCMYK");
    else if (strcmp(name, "DeviceRGB") == 0 || (inline_names && strcmp(name, "RGB") == 0))
        set_space(out, BS_PF_RGB, 3, "DeviceRGB");
    else if (strcmp(name, "Pattern") == 0)
        set_space(out, BS_PF_PATTERN, 0, "Pattern");
    else
        return false;
    return true;
}

static void resolve(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, int depth, bs_pf_space *out);

static void resolve_separation(qpdf_data q, qpdf_oh cs, bs_pf_space *out)
{
    qpdf_oh colorant = qpdf_oh_get_array_item(q, cs, 1);
    const char *n = name_of(q, colorant);
    if (strcmp(n, "All") == 0) {
        set_space(out, BS_PF_ALL, 1, "Separation(All)");
    } else {
        set_space(out, BS_PF_SPOT, 1, "");
        snprintf(out->name, sizeof out->name, "Separation(%.40s)", n);
    }
    qpdf_oh_release(q, colorant);
}

static void resolve_devicen(qpdf_data q, qpdf_oh cs, bs_pf_space *out)
{
    qpdf_oh names = qpdf_oh_get_array_item(q, cs, 1);
    int n = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names) : 0;
    set_space(out, BS_PF_DEVICEN, n > 8 ? 8 : n, "");
    snprintf(out->name, sizeof out->name, "DeviceN(%d)", n);
    qpdf_oh_release(q, names);
}

static void resolve_icc(qpdf_data q, qpdf_oh cs, bs_pf_space *out)
{
    qpdf_oh stream = qpdf_oh_get_array_item(q, cs, 1);
    qpdf_oh dict = qpdf_oh_is_stream(q, stream) ? qpdf_oh_get_dict(q, stream) : qpdf_oh_new_null(q);
    qpdf_oh n_oh = qpdf_oh_get_key_if_dict(q, dict, "/N");
    int n = 0;
    if (!qpdf_oh_get_value_as_int(q, n_oh, &n) || n < 1 || n > 4) n = 0;
    set_space(out, BS_PF_ICC, n, "");
    out->icc_n = n;
    snprintf(out->name, sizeof out->name, "ICCBased(N=%d)", n);
    qpdf_oh_release(q, n_oh);
    qpdf_oh_release(q, dict);
    qpdf_oh_release(q, stream);
}

static void resolve_indexed(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, int depth,
                            bs_pf_space *out)
{
    qpdf_oh base_oh = qpdf_oh_get_array_item(q, cs, 1);
    bs_pf_space base;
    resolve(q, base_oh, resources, inline_names, depth + 1, &base);
    qpdf_oh_release(q, base_oh);
    set_space(out, BS_PF_INDEXED, 1, "");
    snprintf(out->name, sizeof out->name, "Indexed(%.48s)", base.name);
}

static void resolve_array(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, int depth,
                          bs_pf_space *out)
{
    qpdf_oh family_oh = qpdf_oh_get_array_item(q, cs, 0);
    char family[32];
    snprintf(family, sizeof family, "%s", name_of(q, family_oh));
    qpdf_oh_release(q, family_oh);
    int n = qpdf_oh_get_array_n_items(q, cs);
    if (strcmp(family, "ICCBased") == 0 && n >= 2) resolve_icc(q, cs, out);
    else if (strcmp(family, "Separation") == 0 && n >= 4) resolve_separation(q, cs, out);
    else if (strcmp(family, "DeviceN") == 0 && n >= 4) resolve_devicen(q, cs, out);
    else if ((strcmp(family, "Indexed") == 0 || (inline_names && strcmp(family, "I") == 0)) && n >= 4)
        resolve_indexed(q, cs, resources, inline_names, depth, out);
    else if (strcmp(family, "Lab") == 0) set_space(out, BS_PF_LAB, 3, "Lab");
    else if (strcmp(family, "CalRGB") == 0) set_space(out, BS_PF_OTHER, 3, "CalRGB");
    else if (strcmp(family, "CalGray") == 0) set_space(out, BS_PF_OTHER, 1, "CalGray");
    else if (strcmp(family, "Pattern") == 0) set_space(out, BS_PF_PATTERN, 0, "Pattern");
    else if (n == 1 && device_space(family, inline_names, out)) return;
    else {
        set_space(out, BS_PF_OTHER, 0, "");
        snprintf(out->name, sizeof out->name, "unknown(%.40s)", family);
    }
}

static void resolve(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, int depth, bs_pf_space *out)
{
    if (depth > 4) {
        set_space(out, BS_PF_OTHER, 0, "unresolvable");
        return;
    }
    if (qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) >= 1) {
        resolve_array(q, cs, resources, inline_names, depth, out);
        return;
    }
    char name[64];
    snprintf(name, sizeof name, "%s", name_of(q, cs));   /* qpdf reuses the string */
    if (device_space(name, inline_names, out)) return;
    /* A resource name: look it up in the /ColorSpace dictionary. */
    qpdf_oh spaces = qpdf_oh_get_key_if_dict(q, resources, "/ColorSpace");
    qpdf_oh named = qpdf_oh_is_name(q, cs) ? qpdf_oh_get_key_if_dict(q, spaces, qpdf_oh_get_name(q, cs))
                                           : qpdf_oh_new_null(q);
    if (qpdf_oh_is_null(q, named) || !*name) {
        set_space(out, BS_PF_OTHER, 0, "");
        snprintf(out->name, sizeof out->name, "undefined(%.40s)", name);
    } else {
        resolve(q, named, resources, false, depth + 1, out);
    }
    qpdf_oh_release(q, named);
    qpdf_oh_release(q, spaces);
}

void bs_pf_space_resolve(qpdf_data q, qpdf_oh cs, qpdf_oh resources, bool inline_names, bs_pf_space *out)
{
    resolve(q, cs, resources, inline_names, 0, out);
}

void bs_pf_colour_initial(bs_pf_colour *c, const bs_pf_space *space)
{
    memset(c, 0, sizeof *c);
    c->space = *space;
    switch (space->kind) {
    case BS_PF_CMYK: c->v[3] = 1; break;
    case BS_PF_ALL:
    case BS_PF_SPOT:
    case BS_PF_DEVICEN:
        for (int i = 0; i < space->ncomps; i++) c->v[i] = 1;
        break;
    default: break;
    }
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

bool bs_pf_colour_ink(const bs_pf_colour *c, double cmyk[4])
{
    bs_pf_space_kind kind = c->space.kind;
    int n = c->space.ncomps;
    if (kind == BS_PF_ICC && n == 1) kind = BS_PF_GRAY;
    if (kind == BS_PF_ICC && n == 4) kind = BS_PF_CMYK;
    switch (kind) {
    case BS_PF_GRAY:
        cmyk[0] = cmyk[1] = cmyk[2] = 0;
        cmyk[3] = 1 - clamp01(c->v[0]);
        return true;
    case BS_PF_CMYK:
        for (int i = 0; i < 4; i++) cmyk[i] = clamp01(c->v[i]);
        return true;
    case BS_PF_ALL:
        for (int i = 0; i < 4; i++) cmyk[i] = clamp01(c->v[0]);
        return true;
    default:
        return false;
    }
}

void bs_pf_ink_subsets(const double cmyk[4], double sub[16])
{
    for (int mask = 0; mask < 16; mask++) {
        double s = 0;
        for (int i = 0; i < 4; i++)
            if (mask & (1 << i)) s += cmyk[i];
        sub[mask] = s;
    }
}
