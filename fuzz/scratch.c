/* scratch.c - the scratch folder the loaders read their inputs from.
 *
 * The template and page loaders read files and resolve the paths they name
 * against the file's folder, so an input is written to a file, in a folder
 * made to look like the project from where the samples' pages stand: the
 * sample A01 (stories/…, photos/…, ../../layouts/…) and the edition's pages
 * (../stories/…, ../photos/…, ../../../layouts/…) find what they name, and
 * so do the test pages (eight.yaml, photo.png). The photos are small JPEGs
 * under the sample photos' names: probing the sample's 460 KB photo would
 * take most of each run.
 *
 *   SCRATCH/fonts.conf, layouts        -> the project's
 *   SCRATCH/s/layouts                  -> the project's layouts
 *   SCRATCH/s/d/stories/               links to every sample's and test story
 *   SCRATCH/s/d/photos/                small JPEGs
 *   SCRATCH/s/d/e/                     the input; stories, photos, eight.yaml,
 *                                      photo.png, fonts.conf beside it
 */
#include "fuzz_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <jpeglib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *a, const char *b)
{
    bs_buf buf = {0};
    bs_buf_printf(&buf, "%s/%s", a, b);
    return buf.data;
}

static void make_dir(const char *dir, const char *rel)
{
    char *path = join(dir, rel);
    if (mkdir(path, 0755) != 0) bs_fuzz_die("cannot make %s", path);
    free(path);
}

static void link_to(const char *target, const char *dir, const char *rel)
{
    char *path = join(dir, rel);
    if (symlink(target, path) != 0) bs_fuzz_die("cannot link %s to %s", path, target);
    free(path);
}

static void link_source(const char *source_dir, const char *src_rel, const char *dir, const char *rel)
{
    char *target = join(source_dir, src_rel);
    link_to(target, dir, rel);
    free(target);
}

/* An 8×8 RGB JPEG: decodes in microseconds. */
static void write_small_jpeg(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) bs_fuzz_die("cannot write %s", path);
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = 8;
    cinfo.image_height = 8;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    unsigned char row[8 * 3];
    for (int x = 0; x < 8 * 3; x++) row[x] = (unsigned char)(x * 10);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    fclose(f);
}

/* For each file in source_dir/src_rel (if it exists): a link to it in
 * `dir`, or with `jpeg`, a small JPEG under its name. */
static void mirror_files(const char *source_dir, const char *src_rel, const char *dir, bool jpeg)
{
    char *from = join(source_dir, src_rel);
    DIR *d = opendir(from);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *target = join(from, e->d_name), *path = join(dir, e->d_name);
        if (jpeg) write_small_jpeg(path);
        else if (access(path, F_OK) != 0) link_to(target, dir, e->d_name);   /* the first of a name wins */
        free(target);
        free(path);
    }
    if (d) closedir(d);
    free(from);
}

/* Every sample's stories and photos (samples/NAME/stories, …/photos). */
static void mirror_samples(const char *source_dir, const char *stories, const char *photos)
{
    char *samples = join(source_dir, "samples");
    DIR *d = opendir(samples);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        bs_buf rel = {0};
        bs_buf_printf(&rel, "samples/%s/stories", e->d_name);
        mirror_files(source_dir, rel.data, stories, false);
        rel.len = 0;
        bs_buf_printf(&rel, "samples/%s/photos", e->d_name);
        mirror_files(source_dir, rel.data, photos, true);
        bs_buf_free(&rel);
    }
    if (d) closedir(d);
    free(samples);
}

char *bs_fuzz_scratch_new(const char *source_dir, char **input_dir)
{
    const char *tmp = getenv("TMPDIR");
    char *scratch = join(tmp && *tmp ? tmp : "/tmp", "broadsheet-fuzz-XXXXXX");
    if (!mkdtemp(scratch)) bs_fuzz_die("cannot make a scratch folder %s", scratch);
    link_source(source_dir, "fonts.conf", scratch, "fonts.conf");
    link_source(source_dir, "layouts", scratch, "layouts");
    make_dir(scratch, "s");
    link_source(source_dir, "layouts", scratch, "s/layouts");
    make_dir(scratch, "s/d");
    make_dir(scratch, "s/d/stories");
    make_dir(scratch, "s/d/photos");
    make_dir(scratch, "s/d/e");
    char *stories = join(scratch, "s/d/stories"), *photos = join(scratch, "s/d/photos");
    mirror_samples(source_dir, stories, photos);
    mirror_files(source_dir, "tests/data/load/stories", stories, false);
    free(stories);
    free(photos);
    *input_dir = join(scratch, "s/d/e");
    link_to("../stories", *input_dir, "stories");
    link_to("../photos", *input_dir, "photos");
    link_source(source_dir, "fonts.conf", *input_dir, "fonts.conf");
    link_source(source_dir, "tests/data/load/eight.yaml", *input_dir, "eight.yaml");
    link_source(source_dir, "tests/data/load/photo.png", *input_dir, "photo.png");
    return scratch;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    remove(path);
    return 0;
}

void bs_fuzz_scratch_free(const char *scratch)
{
    /* depth first, and links removed, never followed */
    if (scratch) nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *bs_fuzz_write_input(bs_fuzz *fz, const char *name, const uint8_t *data, size_t size)
{
    fz->input_path.len = 0;
    bs_buf_printf(&fz->input_path, "%s/%s", fz->input_dir, name);
    int fd = open(fz->input_path.data, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) bs_fuzz_die("cannot write %s", fz->input_path.data);
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) bs_fuzz_die("cannot write %s", fz->input_path.data);
        done += (size_t)n;
    }
    close(fd);
    return fz->input_path.data;
}
