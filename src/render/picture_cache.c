/* picture_cache.c - separated pictures kept between runs. Separating a
 * news photo takes longer than drawing the rest of the page, and the
 * evening's A01 is rendered again and again with the same photos; so each
 * separation is kept in the user's cache, under a digest of everything it
 * depends on: the picture's bytes, the profile's bytes and the recipe (and,
 * for an SVG, the size it is rasterised to and what rasterises it). */
#include "render_images.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Changed whenever bs_separate_picture would give other bytes for the
 * same picture and profile, so that old entries are never used. */
#define SEPARATION_RECIPE "broadsheet separation 1: lcms2 perceptual, black point compensation; JPEG q92 Adobe"

/* $BROADSHEET_CACHE, else $XDG_CACHE_HOME/broadsheet, else
 * ~/.cache/broadsheet; "off" or no home: no cache. */
static char *cache_dir(void)
{
    const char *own = getenv("BROADSHEET_CACHE");
    if (own && *own) return strcmp(own, "off") == 0 ? NULL : g_strdup(own);
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/') return g_build_filename(xdg, "broadsheet", NULL);
    const char *home = getenv("HOME");
    if (home && *home == '/') return g_build_filename(home, ".cache", "broadsheet", NULL);
    return NULL;
}

static bool digest_file(struct sha256_ctx *sum, const char *path)
{
    gchar *bytes = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &bytes, &len, NULL)) return false;
    sha256_update(sum, len, (const uint8_t *)bytes);
    g_free(bytes);
    return true;
}

void bs_render_sha256_hex(struct sha256_ctx *sum, char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(sum, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

char *bs_picture_cache_file(const char *profile_path, const char *variant, const unsigned char *picture,
                            size_t len)
{
    char *dir = cache_dir();
    if (!dir) return NULL;
    /* nettle's SHA-256, four times as fast as GLib's on a news photo */
    struct sha256_ctx sum;
    sha256_init(&sum);
    sha256_update(&sum, strlen(SEPARATION_RECIPE), (const uint8_t *)SEPARATION_RECIPE);
    bool ok = digest_file(&sum, profile_path);
    /* a photo's entry is named as it was before variants were added */
    if (variant) sha256_update(&sum, strlen(variant) + 1, (const uint8_t *)variant);
    sha256_update(&sum, len, picture);
    char *file = NULL;
    if (ok) {
        char hex[65], name[80];
        bs_render_sha256_hex(&sum, hex);
        snprintf(name, sizeof name, "%s.jpg", hex);
        char *path = g_build_filename(dir, "separated", name, NULL);
        file = bs_xstrdup(path);
        g_free(path);
    }
    g_free(dir);
    return file;
}

/* A whole JPEG: starts with SOI and ends with EOI (a write cut short by a
 * full disk is never taken for a picture). */
static bool whole_jpeg(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    return len > 4 && p[0] == 0xFF && p[1] == 0xD8 && p[len - 2] == 0xFF && p[len - 1] == 0xD9;
}

bool bs_picture_cache_read(const char *file, bs_buf *out)
{
    gchar *bytes = NULL;
    gsize len = 0;
    if (!g_file_get_contents(file, &bytes, &len, NULL)) return false;
    bool ok = whole_jpeg(bytes, len);
    if (ok) bs_buf_add(out, bytes, len);
    g_free(bytes);
    return ok;
}

void bs_picture_cache_write(const char *file, const bs_buf *picture)
{
    /* the cache only saves time: a failure here changes nothing else */
    char *dir = g_path_get_dirname(file);
    if (g_mkdir_with_parents(dir, 0755) == 0) g_file_set_contents(file, picture->data, (gssize)picture->len, NULL);
    g_free(dir);
}
