/* frontmatter.c - a story's headline parts, written as YAML between two
 * `---` lines at the top of the story file. */
#include "load_internal.h"

#include <string.h>

static const char *const frontmatter_keys[] = {"kicker", "title", "subtitle", "byline", "dateline", "jump", NULL};

/* ① … ⑳ (U+2460 … U+2473). */
static bool is_circled_number(const char *s)
{
    uint32_t cp;
    size_t n = strlen(s);
    int k = bs_utf8_decode(s, n, &cp);
    return k > 0 && (size_t)k == n && cp >= 0x2460 && cp <= 0x2473;
}

/* "A02①" -> page "A02", mark "①"; "A03" -> mark "". */
static bool split_jump(bs_arena *arena, bs_story *story)
{
    const char *s = story->jump.text;
    bool id = s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
    if (!id || (s[3] && !is_circled_number(s + 3))) return false;
    story->jump_page = bs_arena_strndup(arena, s, 3);
    story->jump_mark = bs_arena_strdup(arena, s + 3);
    return true;
}

static void read_field(bs_yaml *y, const bs_ymap *map, const char *key, bs_field *field)
{
    bs_yval v = bs_yaml_get(y, map, key);
    if (v.node && bs_yaml_text(y, &v, &field->text)) field->loc = v.loc;
}

void bs_frontmatter_read(bs_ctx *ctx, bs_arena *arena, bs_story *story, const char *text, size_t len)
{
    bs_yaml y;
    /* The YAML starts on the story file's second line. */
    if (bs_yaml_parse(&y, ctx, arena, story->path, text, len, 1)) {
        bs_yval root = bs_yaml_root(&y);
        root.name = "the front matter";
        bs_ymap map;
        if (root.node && bs_yaml_map(&y, &root, "front matter", frontmatter_keys, &map)) {
            read_field(&y, &map, "kicker", &story->kicker);
            read_field(&y, &map, "title", &story->title);
            read_field(&y, &map, "subtitle", &story->subtitle);
            read_field(&y, &map, "byline", &story->byline);
            read_field(&y, &map, "dateline", &story->dateline);
            read_field(&y, &map, "jump", &story->jump);
            if (story->jump.text && !split_jump(arena, story))
                bs_fail(ctx, story->jump.loc,
                        "jump '%s' must be a page id and an optional circled number, such as A02① or A03",
                        story->jump.text);
        }
    }
    bs_yaml_close(&y);
}
