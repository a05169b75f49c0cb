/*
 * system_info.h - helpers shared by the parsers of console tables whose
 * layout and dates follow the host's language: systeminfo (system_info.c,
 * where they live), `dir` listings (temp_files.c) and `query user`
 * (logged_on_users.c).
 *
 * Localized dates.  Windows prints a short date and a time in the user's
 * format: "9/7/2026, 10:02:33 PM" (en-US), "07/09/2026, 22:02:33" (fr-FR,
 * en-GB), "2026/09/07, 22:02:33" (ja-JP), "07.09.2026 22:02" (de-DE),
 * "2026-08-07 1:04".  ipk_dt_scan() reads one at the start of a string;
 * ipk_dt_iso() writes it as ISO 8601 local time ("2026-09-07T22:02:33",
 * no zone: the tools print the host's local time).  A date whose year comes
 * last and whose first two numbers are both 12 or less is ambiguous: the
 * caller says which order to assume (from other dates of the same file, or
 * from the host's locale), and gets no ISO value when it cannot tell.
 *
 * Display columns.  Console tools pad columns by character cells: one cell
 * for ASCII and Latin letters, two for CJK characters (a CP932 console
 * counts bytes, which is the same).  After decoding to UTF-8 a column is no
 * longer a byte offset, so column positions are measured in cells.
 */
#ifndef IPK_SYSTEM_INFO_H
#define IPK_SYSTEM_INFO_H

#include <stddef.h>

/* How to read a date of three numbers. */
enum ipk_dorder {
	IPK_DO_UNKNOWN = 0,  /* not known: ambiguous dates get no ISO value */
	IPK_DO_MDY,          /* 9/7/2026 is 7 September (en-US) */
	IPK_DO_DMY,          /* 07/09/2026 is 7 September (fr, de, en-GB) */
	IPK_DO_YMD           /* 2026/09/07 (ja, zh, ko, ISO) */
};

/* A date and time as printed, before its order is decided. */
struct ipk_dt {
	int n[3];            /* the three numbers of the date, as printed */
	int year_first;      /* 1 if n[0] has four digits (Y/M/D) */
	int has_time;        /* 1 if a time followed */
	int hh, mm, ss;      /* the time; ss is -1 when not printed */
	int ampm;            /* 0 none, 1 AM, 2 PM (also 午前/午後) */
};

/*
 * Reads "D/M/Y[,] [AM|PM] h:mm[:ss] [AM|PM]" at the start of s[0..n):
 * separators '/', '.' or '-', the time optional.  Returns the number of
 * bytes read (trailing blanks not included), or 0 if s does not start
 * with a date.
 */
size_t ipk_dt_scan(const char *s, size_t n, struct ipk_dt *dt);

/*
 * The order a date proves by itself: IPK_DO_YMD for a year-first date,
 * IPK_DO_DMY if its first number is above 12, IPK_DO_MDY if its second
 * is, IPK_DO_UNKNOWN otherwise.
 */
int ipk_dt_order(const struct ipk_dt *dt);

/*
 * Writes dt as "YYYY-MM-DD", "YYYY-MM-DDThh:mm" or "YYYY-MM-DDThh:mm:ss"
 * (as precise as printed) to out, which must hold 20 bytes.  order is used
 * when the date does not prove its own order.  Returns 1, or 0 (out = "")
 * when the order is unknown or a number is out of range.
 */
int ipk_dt_iso(const struct ipk_dt *dt, int order, char *out, size_t outsz);

/*
 * The date order of a Windows locale name as systeminfo prints it
 * ("en-us;English (United States)", "fr;Français (France)", "ja;日本語"),
 * or IPK_DO_UNKNOWN.
 */
int ipk_locale_order(const char *s, size_t n);

/*
 * 1 if s[0..n) is a cmd prompt echoed by a batch file running with echo on
 * ("C:\Windows\system32>net localgroup "Administrators" "): such lines
 * sit between the outputs of the commands a script ran.
 */
int ipk_prompt_line(const char *s, size_t n);

/* Character cells of s[0..n) (UTF-8). */
size_t ipk_cells(const char *s, size_t n);
/*
 * The byte offset in s[0..n) at which `cells` character cells have been
 * passed (n if the string is narrower).  *got (if not NULL) receives the
 * cells actually passed: more than asked when a wide character straddles
 * the column.
 */
size_t ipk_cells_offset(const char *s, size_t n, size_t cells, size_t *got);

#endif
