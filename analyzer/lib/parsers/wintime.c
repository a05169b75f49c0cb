/*
 * wintime.c - Windows date and time texts to ISO 8601 (see wintime.h).
 *
 *   20260907220233.123456+000  ->  2026-09-07T22:02:33.123456Z
 *   9/7/2026 10:02:33 PM       ->  2026-09-07T22:02:33
 *   07/09/2026 22:02:33        ->  2026-09-07T22:02:33
 *   2026/09/07 22:02:33        ->  2026-09-07T22:02:33
 *   20230115                   ->  2023-01-15
 *
 * Every number is range-checked (a 31 February is not a date), so a
 * hostile or garbled value yields "not a date", never a wrong one.
 */
#include "ipk_private.h"
#include "wintime.h"

#include <stdio.h>
#include <string.h>

/* A cursor over the text being read. */
struct cur {
	const char *p;
	const char *e;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Skips ASCII blanks, NBSP (U+00A0) and NNBSP (U+202F). */
static void
skip_blanks(struct cur *c)
{
	while (c->p < c->e) {
		unsigned char b = (unsigned char)*c->p;

		if (b == ' ' || b == '\t') {
			c->p++;
		} else if (b == 0xC2 && c->e - c->p >= 2 &&
		    (unsigned char)c->p[1] == 0xA0) {
			c->p += 2;
		} else if (b == 0xE2 && c->e - c->p >= 3 &&
		    (unsigned char)c->p[1] == 0x80 &&
		    (unsigned char)c->p[2] == 0xAF) {
			c->p += 3;
		} else {
			break;
		}
	}
}

/* Reads 1..max digits; returns the count read (0: none). */
static int
read_num(struct cur *c, int max, long *v)
{
	int k = 0;
	long x = 0;

	while (c->p < c->e && is_digit((unsigned char)*c->p) && k < max) {
		x = x * 10 + (*c->p - '0');
		c->p++;
		k++;
	}
	if (k > 0 && c->p < c->e && is_digit((unsigned char)*c->p))
		return 0;   /* more digits than allowed */
	*v = x;
	return k;
}

static long
fixed_num(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid_date(long y, long m, long d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (y < 1601 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

static int
valid_time(long h, long mi, long s)
{
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long long
days_from_civil(long y, long m, long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, long *y, long *m, long *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (long)(doy - (153 * mp + 2) / 5 + 1);
	*m = (long)(mp < 10 ? mp + 3 : mp - 9);
	*y = (long)(yoe + era * 400 + (*m <= 2));
}

/*
 * Writes the ISO text.  frac/fracn: fraction digits (may be 0);
 * offset_min: minutes east of UTC to subtract, or INT_MIN-like sentinel
 * `have_off` == 0 for local time.
 */
static int
write_iso(char *out, size_t outsz, long y, long mo, long d, long h, long mi,
    long s, const char *frac, size_t fracn, int have_off, long off_min)
{
	char fbuf[16];
	size_t i, keep = 0;

	if (have_off && off_min != 0) {
		long long t = days_from_civil(y, mo, d) * 86400LL +
		    h * 3600LL + mi * 60LL + s - off_min * 60LL;
		long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
		long long rem = t - days * 86400;

		civil_from_days(days, &y, &mo, &d);
		h = (long)(rem / 3600);
		mi = (long)(rem % 3600 / 60);
		s = (long)(rem % 60);
		if (y < 1601 || y > 9999)
			return IPK_TIME_NONE;
	}
	/* Keep the fraction unless it is all zeros. */
	for (i = 0; i < fracn && i < 9; i++)
		if (frac[i] != '0')
			keep = fracn < 9 ? fracn : 9;
	fbuf[0] = '\0';
	if (keep > 0) {
		fbuf[0] = '.';
		memcpy(fbuf + 1, frac, keep);
		fbuf[keep + 1] = '\0';
	}
	snprintf(out, outsz, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld%s%s", y, mo,
	    d, h, mi, s, fbuf, have_off ? "Z" : "");
	return have_off ? IPK_TIME_UTC : IPK_TIME_LOCAL;
}

int
ipk_wmi_time(const char *s, size_t n, char *out, size_t outsz)
{
	long y, mo, d, h, mi, sec, off = 0;
	const char *frac = NULL;
	size_t fracn = 0;
	int have_off = 0;

	if (outsz > 0)
		out[0] = '\0';
	ipk_trim(&s, &n);
	/* yyyymmddHHMMSS.mmmmmmsUUU: 25 characters. */
	if (n < 14)
		return IPK_TIME_NONE;
	y = fixed_num(s, 4);
	mo = fixed_num(s + 4, 2);
	d = fixed_num(s + 6, 2);
	h = fixed_num(s + 8, 2);
	mi = fixed_num(s + 10, 2);
	sec = fixed_num(s + 12, 2);
	if (!valid_date(y, mo, d) || !valid_time(h, mi, sec))
		return IPK_TIME_NONE;
	if (n > 14) {
		if (n != 25 || s[14] != '.')
			return IPK_TIME_NONE;
		frac = s + 15;
		fracn = 6;
		if (fixed_num(frac, 6) < 0) {
			if (memcmp(frac, "******", 6) != 0)
				return IPK_TIME_NONE;
			fracn = 0;
		}
		if (s[21] != '+' && s[21] != '-')
			return IPK_TIME_NONE;
		if (memcmp(s + 22, "***", 3) != 0) {
			off = fixed_num(s + 22, 3);
			if (off < 0 || off > 14 * 60)
				return IPK_TIME_NONE;
			if (s[21] == '-')
				off = -off;
			have_off = 1;
		}
	}
	return write_iso(out, outsz, y, mo, d, h, mi, sec, frac, fracn,
	    have_off, off);
}

/* AM/PM markers: returns 1 (AM), 2 (PM) and advances, or 0. */
static int
read_ampm(struct cur *c)
{
	static const struct {
		const char *text;
		int pm;
	} marks[] = {
		{ "a.m.", 1 }, { "p.m.", 2 }, { "am", 1 }, { "pm", 2 },
		{ "\xe5\x8d\x88\xe5\x89\x8d", 1 },   /* 午前 */
		{ "\xe5\x8d\x88\xe5\xbe\x8c", 2 },   /* 午後 */
		{ "\xec\x98\xa4\xec\xa0\x84", 1 },   /* 오전 */
		{ "\xec\x98\xa4\xed\x9b\x84", 2 },   /* 오후 */
		{ "\xe4\xb8\x8a\xe5\x8d\x88", 1 },   /* 上午 */
		{ "\xe4\xb8\x8b\xe5\x8d\x88", 2 },   /* 下午 */
	};
	size_t i, n = (size_t)(c->e - c->p);

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t k = strlen(marks[i].text);

		if (n >= k && ipk_prefix_ci(c->p, n, marks[i].text)) {
			/* "am" must not be the start of a word. */
			if (n > k && ((c->p[k] >= 'a' && c->p[k] <= 'z') ||
			    (c->p[k] >= 'A' && c->p[k] <= 'Z')))
				continue;
			c->p += k;
			return marks[i].pm;
		}
	}
	return 0;
}

/* "HH:MM[:SS][.fff]"; returns 1 if read. */
static int
read_clock(struct cur *c, long *h, long *mi, long *s, const char **frac,
    size_t *fracn)
{
	struct cur save = *c;

	*s = 0;
	*frac = NULL;
	*fracn = 0;
	if (read_num(c, 2, h) == 0 || c->p >= c->e || *c->p != ':')
		goto no;
	c->p++;
	if (read_num(c, 2, mi) != 2)
		goto no;
	if (c->p < c->e && *c->p == ':') {
		c->p++;
		if (read_num(c, 2, s) != 2)
			goto no;
		if (c->p < c->e && (*c->p == '.' || *c->p == ',') &&
		    c->e - c->p >= 2 && is_digit((unsigned char)c->p[1])) {
			c->p++;
			*frac = c->p;
			while (c->p < c->e && is_digit((unsigned char)*c->p))
				c->p++;
			*fracn = (size_t)(c->p - *frac);
		}
	}
	return 1;
no:
	*c = save;
	return 0;
}

/* "Z", "+hh:mm", "+hhmm", "-hh"; returns 1 and the offset in minutes. */
static int
read_zone(struct cur *c, long *off)
{
	long hh, mm = 0;
	int sign;

	if (c->p >= c->e)
		return 0;
	if (*c->p == 'Z' || *c->p == 'z') {
		c->p++;
		*off = 0;
		return 1;
	}
	if (*c->p != '+' && *c->p != '-')
		return 0;
	sign = *c->p == '-' ? -1 : 1;
	c->p++;
	if (read_num(c, 2, &hh) != 2)
		return -1;
	if (c->p < c->e && *c->p == ':')
		c->p++;
	if (c->p < c->e && is_digit((unsigned char)*c->p) &&
	    read_num(c, 2, &mm) != 2)
		return -1;
	if (hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 60 + mm);
	return 1;
}

int
ipk_time_iso(const char *s, size_t n, int order, char *out, size_t outsz)
{
	struct cur c;
	long a, b, y3, y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	int ka, kb, k3, ampm = 0, have_time = 0, have_off = 0, ymd, z;
	char sep;
	const char *frac = NULL;
	size_t fracn = 0, i;

	if (outsz > 0)
		out[0] = '\0';
	ipk_trim(&s, &n);
	if (n == 0 || n > 64)
		return IPK_TIME_NONE;
	/* Digits only: yyyymmdd, or a WMI datetime. */
	for (i = 0; i < n && is_digit((unsigned char)s[i]); i++)
		;
	if (i == 8 && n == 8) {
		y = fixed_num(s, 4);
		mo = fixed_num(s + 4, 2);
		d = fixed_num(s + 6, 2);
		if (!valid_date(y, mo, d))
			return IPK_TIME_NONE;
		snprintf(out, outsz, "%04ld-%02ld-%02ld", y, mo, d);
		return IPK_TIME_DATE;
	}
	if (i == 14)
		return ipk_wmi_time(s, n, out, outsz);

	c.p = s;
	c.e = s + n;
	/* The date: a/b/c with one separator (/ . -). */
	ka = read_num(&c, 4, &a);
	if (ka == 0 || c.p >= c.e)
		return IPK_TIME_NONE;
	sep = *c.p;
	if (sep != '/' && sep != '.' && sep != '-')
		return IPK_TIME_NONE;
	c.p++;
	kb = read_num(&c, 2, &b);
	if (kb == 0 || c.p >= c.e || *c.p != sep)
		return IPK_TIME_NONE;
	c.p++;
	k3 = read_num(&c, 4, &y3);
	if (k3 == 0)
		return IPK_TIME_NONE;
	if (sep == '.' && c.p < c.e && *c.p == '.')
		c.p++;     /* "07.09.2026." */
	ymd = ka == 4;
	if (ymd) {
		y = a;
		mo = b;
		d = y3;
		if (k3 > 2)
			return IPK_TIME_NONE;
	} else {
		if (ka > 2 || (k3 != 4 && k3 != 2))
			return IPK_TIME_NONE;
		y = k3 == 2 ? (y3 < 70 ? 2000 + y3 : 1900 + y3) : y3;
		d = a;      /* decided below */
		mo = b;
	}

	/* Separator between date and time: 'T', ',', blanks. */
	if (c.p < c.e && (*c.p == 'T' || *c.p == 't') && ymd)
		c.p++;
	if (c.p < c.e && *c.p == ',')
		c.p++;
	skip_blanks(&c);
	if (c.p < c.e) {
		ampm = read_ampm(&c);
		skip_blanks(&c);
		if (!read_clock(&c, &h, &mi, &sec, &frac, &fracn))
			return IPK_TIME_NONE;
		have_time = 1;
		skip_blanks(&c);
		if (ampm == 0)
			ampm = read_ampm(&c);
		skip_blanks(&c);
		z = read_zone(&c, &off);
		if (z < 0)
			return IPK_TIME_NONE;
		have_off = z == 1;
		skip_blanks(&c);
		if (c.p != c.e)
			return IPK_TIME_NONE;
	}
	if (ampm != 0) {
		if (h < 1 || h > 12)
			return IPK_TIME_NONE;
		if (ampm == 1 && h == 12)
			h = 0;
		else if (ampm == 2 && h != 12)
			h += 12;
	}

	if (!ymd) {
		int dmy;

		if (a > 12)
			dmy = 1;
		else if (b > 12)
			dmy = 0;
		else if (order == IPK_ORDER_DMY)
			dmy = 1;
		else if (order == IPK_ORDER_MDY)
			dmy = 0;
		else
			dmy = !(ampm != 0 && sep == '/');
		if (sep == '.')
			dmy = a > 12 || b <= 12 ? 1 : 0;
		d = dmy ? a : b;
		mo = dmy ? b : a;
	}
	if (!valid_date(y, mo, d))
		return IPK_TIME_NONE;
	if (!have_time) {
		snprintf(out, outsz, "%04ld-%02ld-%02ld", y, mo, d);
		return IPK_TIME_DATE;
	}
	if (!valid_time(h, mi, sec))
		return IPK_TIME_NONE;
	return write_iso(out, outsz, y, mo, d, h, mi, sec, frac, fracn,
	    have_off, off);
}

int
ipk_date_order_scan(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		long a = 0, b = 0;
		size_t j = i, k;
		int ka = 0, kb = 0, ky = 0;

		if (!is_digit((unsigned char)text[i]) ||
		    (i > 0 && is_digit((unsigned char)text[i - 1]))) {
			i++;
			continue;
		}
		while (j < len && is_digit((unsigned char)text[j]) && ka < 3) {
			a = a * 10 + (text[j] - '0');
			j++;
			ka++;
		}
		if (ka > 2 || j >= len || (text[j] != '/' && text[j] != '.')) {
			i = j > i ? j : i + 1;
			continue;
		}
		k = j + 1;
		while (k < len && is_digit((unsigned char)text[k]) && kb < 3) {
			b = b * 10 + (text[k] - '0');
			k++;
			kb++;
		}
		if (kb == 0 || kb > 2 || k >= len || text[k] != text[j]) {
			i = k;
			continue;
		}
		k++;
		while (k < len && is_digit((unsigned char)text[k]) && ky < 5) {
			k++;
			ky++;
		}
		if (ky == 4 && a >= 1 && b >= 1) {
			if (a > 12 && a <= 31 && b <= 12)
				return IPK_ORDER_DMY;
			if (b > 12 && b <= 31 && a <= 12)
				return IPK_ORDER_MDY;
		}
		i = k;
	}
	return IPK_ORDER_AUTO;
}

int
ipk_rec_time(struct ipk_pctx *c, const char *name, const char *raw_name,
    const char *s, size_t n, int order)
{
	char iso[IPK_ISO_MAX];
	int kind;

	if (s == NULL)
		return IPK_TIME_NONE;
	if (n == (size_t)-1)
		n = strlen(s);
	ipk_trim(&s, &n);
	if (n == 0)
		return IPK_TIME_NONE;
	kind = ipk_time_iso(s, n, order, iso, sizeof(iso));
	if (kind != IPK_TIME_NONE)
		ipk_rec_str(c, name, iso, (size_t)-1);
	if (raw_name != NULL)
		ipk_rec_str(c, raw_name, s, n);
	return kind;
}
