/* calendar.c - the masthead's dates from ICU: the weekday and the lunar
 * date (农历) by ICU's Chinese calendar, never from a hand-made table. */
#include "bs_text.h"

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

static const UChar utc[] = {'U', 'T', 'C', 0};

static bool gregorian_millis(int year, int month, int day, UDate *out)
{
    UErrorCode status = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(utc, -1, "zh_CN", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status)) return false;
    ucal_clear(cal);
    ucal_setDate(cal, year, month - 1, day, &status);
    *out = ucal_getMillis(cal, &status);
    ucal_close(cal);
    return U_SUCCESS(status);
}

/* Format `date` with an ICU pattern in `locale`; when day_numbers is given,
 * the day field uses that numbering system (hanidays: 初一 … 三十). */
static bool format_date(bs_ctx *ctx, UDate date, const char *locale, const char *pattern,
                        const char *day_numbers, char *out, size_t out_size)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar upattern[64];
    u_strFromUTF8(upattern, 64, NULL, pattern, -1, &status);
    UDateFormat *fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1, upattern, -1, &status);
    if (U_SUCCESS(status) && day_numbers) {
        UNumberFormat *nf = unum_open(UNUM_DEFAULT, NULL, 0, day_numbers, NULL, &status);
        static const UChar day_field[] = {'d', 0};
        if (U_SUCCESS(status)) udat_adoptNumberFormatForFields(fmt, day_field, nf, &status);
    }
    UChar buf[64];
    int32_t n = U_SUCCESS(status) ? udat_format(fmt, date, buf, 64, NULL, &status) : 0;
    if (U_SUCCESS(status)) u_strToUTF8(out, (int32_t)out_size, NULL, buf, n, &status);
    if (fmt) udat_close(fmt);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return bs_fail(ctx, (bs_loc){0}, "ICU could not format a date: %s", u_errorName(status));
    return true;
}

bool bs_lunar_date(bs_ctx *ctx, int year, int month, int day, char *out, size_t out_size)
{
    UDate date;
    if (!gregorian_millis(year, month, day, &date))
        return bs_fail(ctx, (bs_loc){0}, "ICU has no Gregorian calendar");
    /* U = the year's name in the sexagenary cycle (癸卯), MMM = the month
     * (正月, 闰二月), d = the day in Chinese day numerals (初十). */
    return format_date(ctx, date, "zh_CN@calendar=chinese", "U年MMMd", "zh@numbers=hanidays", out, out_size);
}

bool bs_weekday(bs_ctx *ctx, int year, int month, int day, char *out, size_t out_size)
{
    UDate date;
    if (!gregorian_millis(year, month, day, &date))
        return bs_fail(ctx, (bs_loc){0}, "ICU has no Gregorian calendar");
    return format_date(ctx, date, "zh_CN", "EEEE", NULL, out, out_size);
}
