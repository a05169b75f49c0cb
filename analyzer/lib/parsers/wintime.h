/*
 * wintime.h - turning the date and time texts Windows tools print into
 * ISO 8601, for any parser.
 *
 * Three shapes are read:
 *   - WMI CIM_DATETIME, as WMIC prints it: `20260907220233.123456+000`
 *     (local time, then the offset from UTC in minutes), which gives a UTC
 *     time: `2026-09-07T22:02:33.123456Z`;
 *   - ISO 8601 and the short `yyyymmdd` of Win32_Product.InstallDate;
 *   - localized date strings of the host's locale: `9/7/2026 10:02:33 PM`
 *     (en-US), `07/09/2026 22:02:33` (fr-FR), `2026/09/07 22:02:33`
 *     (ja-JP), `07.09.2026 22:02:33` (de-DE), with `, ` between date and
 *     time (systeminfo) and AM/PM markers in English, Japanese (午前/午後),
 *     Korean and Chinese.  These carry no zone: the result is the host's
 *     local time, written without a zone (`2026-09-07T22:02:33`).
 *
 * Day/month order: a four-digit first number is a year (Y/M/D); otherwise
 * a number above 12 decides; otherwise the caller's order (from
 * ipk_date_order_scan() over the whole member); otherwise AM/PM means
 * M/D/Y (en-US) and 24-hour time D/M/Y.
 *
 * Parsers keep the raw text next to the ISO value (ipk_rec_time()), so
 * nothing is lost when a guess is wrong.
 */
#ifndef IPK_WINTIME_H
#define IPK_WINTIME_H

#include <stddef.h>

struct ipk_pctx;

/* What a conversion produced. */
#define IPK_TIME_NONE   0   /* not a date */
#define IPK_TIME_UTC    1   /* "2026-09-07T22:02:33Z" */
#define IPK_TIME_LOCAL  2   /* "2026-09-07T22:02:33", host local time */
#define IPK_TIME_DATE   3   /* "2026-09-07" */

/* Day/month order of localized dates. */
#define IPK_ORDER_AUTO  0   /* decide per value (see above) */
#define IPK_ORDER_DMY   1   /* 07/09/2026 is 7 September */
#define IPK_ORDER_MDY   2   /* 9/7/2026 is 7 September */

/* Bytes an ISO result needs, with its NUL. */
#define IPK_ISO_MAX 40

/*
 * WMI CIM_DATETIME `yyyymmddHHMMSS.mmmmmmsUUU` to ISO 8601: UTC when the
 * offset is given, local when it is `***`.  A zero fraction is left out.
 * Returns IPK_TIME_UTC, IPK_TIME_LOCAL or IPK_TIME_NONE.
 */
int ipk_wmi_time(const char *s, size_t n, char *out, size_t outsz);

/*
 * Any of the shapes above to ISO 8601 (order: IPK_ORDER_*).  Returns the
 * IPK_TIME_* kind of out, IPK_TIME_NONE if s is not a date (out is then
 * "").  outsz should be at least IPK_ISO_MAX.
 */
int ipk_time_iso(const char *s, size_t n, int order, char *out,
    size_t outsz);

/*
 * Looks at every date-like `a/b/yyyy` in text and returns IPK_ORDER_DMY if
 * some a is above 12, IPK_ORDER_MDY if some b is (the first evidence
 * wins), else IPK_ORDER_AUTO.  Cheap: one pass, no allocation.
 */
int ipk_date_order_scan(const char *text, size_t len);

/*
 * Adds a time to the record being built: `name` gets the ISO 8601 value
 * when s parses, `raw_name` (may be NULL) always gets the trimmed raw
 * text.  Blank s adds nothing.  Returns the IPK_TIME_* kind.
 */
int ipk_rec_time(struct ipk_pctx *c, const char *name, const char *raw_name,
    const char *s, size_t n, int order);

#endif
