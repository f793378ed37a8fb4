/* classes.c - what each character is to the composer, and the line-start
 * and line-end prohibitions of GB/T 15834 (clreq's GB-style level).
 * docs/composition.md lists the same code points for editors. */
#include "bs_text.h"

static bool in_list(uint32_t cp, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp) return true;
    return false;
}
#define IN(cp, list) in_list((cp), (list), sizeof(list) / sizeof((list)[0]))

/* Opening marks: blank on the left, never at the end of a line. */
static const uint32_t opening[] = {
    0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x3014, 0x3010, 0x3016,
    0xFF3B, 0xFF5B, 0x300A, 0x3008, 0x3018, 0x301A, 0xFF5F,
};
/* Closing marks and the pause/stop marks set in the lower left of the
 * character frame: blank on the right. */
static const uint32_t closing[] = {
    0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x3015, 0x3011, 0x3017,
    0xFF3D, 0xFF5D, 0x300B, 0x3009, 0x3019, 0x301B, 0xFF60,
    0x3001, 0xFF0C, 0x3002, 0xFF0E,
};
static const uint32_t colons[] = {0xFF1A, 0xFF1B};
static const uint32_t stops[] = {0xFF01, 0xFF1F, 0x203C, 0x2047, 0x2048, 0x2049};
static const uint32_t middles[] = {0x00B7, 0x30FB, 0x2027};
static const uint32_t connectors[] = {0xFF5E, 0x301C, 0x2013};
static const uint32_t solidi[] = {0x002F, 0xFF0F};
/* ASCII and Latin punctuation that must not start a line either. */
static const uint32_t latin_no_start[] = {
    ',', '.', ':', ';', '?', '!', ')', ']', '}', '%', 0x2030, 0x2103, 0x00B0, 0xFF05,
};
static const uint32_t latin_no_end[] = {'(', '[', '{'};

bs_char_class bs_char_classify(uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF) return BS_CH_HAN;   /* most of the text: answer first */
    if (IN(cp, opening)) return BS_CH_OPEN;
    if (IN(cp, closing)) return BS_CH_CLOSE;
    if (IN(cp, colons)) return BS_CH_COLON;
    if (IN(cp, stops)) return BS_CH_STOP;
    if (IN(cp, middles)) return BS_CH_MIDDLE;
    if (cp == 0x2014 || cp == 0x2015 || cp == 0x2E3A) return BS_CH_DASH;
    if (cp == 0x2026 || cp == 0x22EF || cp == 0x2025) return BS_CH_ELLIPSIS;
    if (IN(cp, connectors)) return BS_CH_CONNECTOR;
    if (IN(cp, solidi)) return BS_CH_SOLIDUS;
    if (cp == 0x3000) return BS_CH_IDSPACE;
    if (cp == 0x20 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A)) return BS_CH_SPACE;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3005 && cp <= 0x3007) ||
        (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A) || (cp >= 0x2460 && cp <= 0x24FF) ||
        (cp >= 0x3220 && cp <= 0x32FF) || (cp >= 0x25A0 && cp <= 0x25FF))
        return BS_CH_HAN;
    if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
        (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x400 && cp <= 0x4FF))
        return BS_CH_LATIN;
    return BS_CH_OTHER;
}

bool bs_char_not_at_line_start(uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF) return false;
    switch (bs_char_classify(cp)) {
    case BS_CH_CLOSE:
    case BS_CH_COLON:
    case BS_CH_STOP:
    case BS_CH_MIDDLE:
    case BS_CH_CONNECTOR:
    case BS_CH_SOLIDUS:
        return true;
    default:
        return IN(cp, latin_no_start);
    }
}

bool bs_char_not_at_line_end(uint32_t cp)
{
    bs_char_class cls = bs_char_classify(cp);
    return cls == BS_CH_OPEN || cls == BS_CH_SOLIDUS || IN(cp, latin_no_end);
}
