/*
 * cm_enc.c - encoding detection and conversion to UTF-8 (see cm_enc.h).
 */
#include "cm_enc.h"
#include "cm_error.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(HAVE_ICONV)
#include <errno.h>
#include <iconv.h>
#endif

#define REPLACEMENT 0xFFFDul

/* How many bytes detection looks at: enough for any real file's habits. */
#define DETECT_WINDOW (256 * 1024)

int
cm_utf8_put(struct cm_buf *out, unsigned long cp)
{
	unsigned char s[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = REPLACEMENT;
	if (cp < 0x80) {
		s[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (unsigned char)(0xC0 | (cp >> 6));
		s[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (unsigned char)(0xE0 | (cp >> 12));
		s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (unsigned char)(0xF0 | (cp >> 18));
		s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return cm_buf_add(out, s, n);
}

int
cm_utf16le_append(struct cm_buf *out, const unsigned char *p, size_t units)
{
	size_t i = 0;
	int fast;

	/* Room for the worst case (3 bytes a unit) once, if the limit allows. */
	fast = units <= ((size_t)-1) / 3 &&
	    cm_buf_reserve(out, units * 3) == CM_OK;
	while (i < units) {
		unsigned long u = (unsigned long)p[2 * i] |
		    (unsigned long)p[2 * i + 1] << 8;

		if (fast && u != 0 && u < 0x80) {
			/* The common case, ASCII, without a call. */
			out->p[out->len++] = (char)u;
			i++;
			continue;
		}
		i++;
		if (u >= 0xD800 && u <= 0xDBFF && i < units) {
			unsigned long lo = (unsigned long)p[2 * i] |
			    (unsigned long)p[2 * i + 1] << 8;

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				i++;
			}
		}
		/* A lone surrogate becomes U+FFFD in cm_utf8_put. */
		if (cm_utf8_put(out, u) != CM_OK)
			return CM_FAILED;
	}
	if (out->p != NULL)
		out->p[out->len] = '\0';
	return CM_OK;
}

size_t
cm_utf8_get(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Counts bytes that are not part of a valid UTF-8 sequence. */
static size_t
utf8_invalid_count(const unsigned char *p, size_t n, size_t *high)
{
	size_t i = 0, bad = 0, hi = 0, k;
	unsigned long cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = cm_utf8_get(p + i, n - i, &cp);
		if (k == 0) {
			/* A sequence cut by the detection window is fine. */
			if (n - i < 4 && i + 4 > n && n == DETECT_WINDOW)
				break;
			bad++;
			i++;
		} else {
			hi++;
			i += k;
		}
	}
	if (high != NULL)
		*high = hi;
	return bad;
}

/* --- single-byte scoring --------------------------------------------- */

enum cclass { C_OTHER, C_LOWER, C_UPPER, C_BAD };

static enum cclass
classify(unsigned long u)
{
	if (u < 0x80) {
		if (u >= 'a' && u <= 'z')
			return C_LOWER;
		if (u >= 'A' && u <= 'Z')
			return C_UPPER;
		return C_OTHER;
	}
	if (u < 0xA0)
		return C_BAD;                         /* C1 controls */
	if (u >= 0xDF && u <= 0xFF && u != 0xF7)
		return C_LOWER;
	if (u >= 0xC0 && u <= 0xDE && u != 0xD7)
		return C_UPPER;
	if (u >= 0x100 && u <= 0x17F)
		return (u & 1) ? C_LOWER : C_UPPER;   /* close enough */
	if (u == 0x192)
		return C_LOWER;
	if (u >= 0x2500 && u <= 0x25FF)
		return C_BAD;                         /* box drawing, blocks */
	return C_OTHER;
}

static unsigned long
sb_map(const unsigned short *tab, unsigned char b)
{
	return b < 0x80 ? b : tab[b - 0x80];
}

/*
 * Scores how much the high bytes read like letters of words under a
 * single-byte table: a letter whose case agrees with a neighbouring ASCII
 * letter scores, a box-drawing character or control in the middle of text
 * costs.  Words in the wrong code page come out as capitals between small
 * letters, punctuation inside words, or line drawing.
 */
static long
sb_score(const unsigned char *p, size_t n, const unsigned short *tab)
{
	long score = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		enum cclass c, a, b;

		if (p[i] < 0x80)
			continue;
		c = classify(sb_map(tab, p[i]));
		a = i > 0 ? classify(sb_map(tab, p[i - 1])) : C_OTHER;
		b = i + 1 < n ? classify(sb_map(tab, p[i + 1])) : C_OTHER;
		switch (c) {
		case C_BAD:
			score -= 3;
			break;
		case C_LOWER:
			if (a == C_LOWER || b == C_LOWER)
				score += 2;
			else if (a == C_UPPER || b == C_UPPER)
				score += 1;
			break;
		case C_UPPER:
			if (a == C_UPPER || b == C_UPPER)
				score += 2;
			else if (b == C_LOWER && a != C_LOWER)
				score += 2;           /* a word's capital */
			else if (a == C_LOWER)
				score -= 1;
			break;
		default:
			if (a == C_LOWER && b == C_LOWER)
				score -= 1;           /* punctuation inside a word */
			break;
		}
	}
	return score;
}

/*
 * Shift-JIS structure: returns 1 if every high byte belongs to a valid
 * CP932 character and enough of the pairs are kana (Japanese running text
 * is full of hiragana particles; Western text read as Shift-JIS is not).
 */
static int
looks_sjis(const unsigned char *p, size_t n)
{
	size_t i = 0, pairs = 0, kana = 0, kanji = 0, punct = 0, bad = 0;

	while (i < n) {
		unsigned char b = p[i], t;

		if (b < 0x80) {
			i++;
			continue;
		}
		if (b >= 0xA1 && b <= 0xDF) {        /* half-width katakana */
			kana++;
			i++;
			continue;
		}
		if (!((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) ||
		    i + 1 >= n) {
			if (i + 1 >= n && n == DETECT_WINDOW)
				break;
			bad++;
			i++;
			continue;
		}
		t = p[i + 1];
		if (t < 0x40 || t == 0x7F || t > 0xFC) {
			bad++;
			i++;
			continue;
		}
		pairs++;
		if ((b == 0x82 && t >= 0x9F && t <= 0xF1) ||
		    (b == 0x83 && t >= 0x40 && t <= 0x96))
			kana++;
		else if (b == 0x81)
			punct++;  /* Japanese punctuation: 、。「」 (and CP850 ü) */
		else if ((b >= 0x88 && b <= 0x9F) || (b >= 0xE0 && b <= 0xEA))
			kanji++;
		else if (b >= 0x85 && b <= 0x87)
			bad++;    /* unassigned rows in JIS X 0208 */
		i += 2;
	}
	if (pairs == 0 || bad * 50 > pairs)
		return 0;
	/* Real kana pairs are needed: 0x81 starts Japanese punctuation but is
	 * also CP850's "ü", so German text pairs up into it. */
	return kana > 0 && kana * 10 >= pairs && kana + kanji + punct >= pairs / 2;
}

int
cm_enc_detect(const unsigned char *p, size_t n, size_t *bom)
{
	size_t i, m, zodd = 0, zeven = 0, high = 0;
	long s437, s850, s1252;

	if (bom != NULL)
		*bom = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		if (bom != NULL)
			*bom = 3;
		return CM_CP_UTF8;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		if (bom != NULL)
			*bom = 2;
		return CM_CP_1200;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		if (bom != NULL)
			*bom = 2;
		return CM_CP_1201;
	}
	m = n < DETECT_WINDOW ? n : DETECT_WINDOW;
	for (i = 0; i + 1 < m; i += 2) {
		zeven += p[i] == 0;
		zodd += p[i + 1] == 0;
	}
	/* About 40% of the code units of Latin UTF-16 text have a zero byte. */
	if (m >= 2 && zodd * 10 >= (m / 2) * 4 && zodd > zeven * 4)
		return CM_CP_1200;
	if (m >= 2 && zeven * 10 >= (m / 2) * 4 && zeven > zodd * 4)
		return CM_CP_1201;
	if (utf8_invalid_count(p, m, &high) == 0)
		return CM_CP_UTF8;
	if (looks_sjis(p, m))
		return CM_CP_932;
	s437 = sb_score(p, m, cm_cp437_high);
	s850 = sb_score(p, m, cm_cp850_high);
	s1252 = sb_score(p, m, cm_cp1252_high);
	if (s1252 > s850 && s1252 > s437)
		return CM_CP_1252;
	if (s437 > s850)
		return CM_CP_437;
	return CM_CP_850;
}

static void
note_invalid(struct cm_enc_info *info, size_t off)
{
	if (info->invalid++ == 0)
		info->first_invalid = off;
}

static int
put_checked(struct cm_buf *out, unsigned long cp, struct cm_enc_info *info,
    size_t off)
{
	if (cp == 0) {
		note_invalid(info, off);
		cp = REPLACEMENT;
	}
	return cm_utf8_put(out, cp);
}

static int
decode_utf16(const unsigned char *p, size_t n, int be, struct cm_buf *out,
    struct cm_enc_info *info)
{
	size_t i = 0;

	while (i + 1 < n) {
		unsigned long u = be ? (unsigned long)(p[i] << 8 | p[i + 1]) :
		    (unsigned long)(p[i + 1] << 8 | p[i]);
		size_t at = i;

		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned long lo = 0;

			if (i + 1 < n)
				lo = be ? (unsigned long)(p[i] << 8 | p[i + 1]) :
				    (unsigned long)(p[i + 1] << 8 | p[i]);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				note_invalid(info, at);
				u = REPLACEMENT;
			}
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			note_invalid(info, at);
			u = REPLACEMENT;
		}
		if (put_checked(out, u, info, at) != CM_OK)
			return CM_FAILED;
	}
	if (i < n) {               /* odd trailing byte */
		note_invalid(info, i);
		if (cm_utf8_put(out, REPLACEMENT) != CM_OK)
			return CM_FAILED;
	}
	return CM_OK;
}

static int
decode_utf8(const unsigned char *p, size_t n, struct cm_buf *out,
    struct cm_enc_info *info)
{
	size_t i = 0, start;
	unsigned long cp;

	while (i < n) {
		/* Copy runs of valid ASCII in one go: the common case. */
		start = i;
		while (i < n && p[i] < 0x80 && p[i] != 0)
			i++;
		if (i > start && cm_buf_add(out, p + start, i - start) != CM_OK)
			return CM_FAILED;
		if (i >= n)
			break;
		if (p[i] == 0) {
			note_invalid(info, i);
			if (cm_utf8_put(out, REPLACEMENT) != CM_OK)
				return CM_FAILED;
			i++;
			continue;
		}
		start = cm_utf8_get(p + i, n - i, &cp);
		if (start == 0) {
			note_invalid(info, i);
			cp = REPLACEMENT;
			start = 1;
		}
		if (cm_utf8_put(out, cp) != CM_OK)
			return CM_FAILED;
		i += start;
	}
	return CM_OK;
}

static int
decode_sb(const unsigned char *p, size_t n, const unsigned short *tab,
    struct cm_buf *out, struct cm_enc_info *info)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (put_checked(out, sb_map(tab, p[i]), info, i) != CM_OK)
			return CM_FAILED;
	}
	return CM_OK;
}

#if defined(HAVE_ICONV)
static int
decode_iconv(const unsigned char *p, size_t n, int codepage,
    struct cm_buf *out, struct cm_enc_info *info)
{
	char name[32];
	iconv_t cd;
	char tmp[4096];
	char *in = (char *)(uintptr_t)p;
	size_t inleft = n;
	int rc = CM_OK;

	snprintf(name, sizeof(name), "CP%d", codepage);
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return CM_FAILED;
	while (inleft > 0) {
		char *o = tmp;
		size_t oleft = sizeof(tmp), r;

		r = iconv(cd, &in, &inleft, &o, &oleft);
		/* Scrub NULs from what was converted. */
		if (decode_utf8((unsigned char *)tmp, sizeof(tmp) - oleft, out,
		    info) != CM_OK) {
			rc = CM_FAILED;
			break;
		}
		if (r == (size_t)-1 && errno != E2BIG) {
			/* EILSEQ or EINVAL: replace one byte and go on. */
			note_invalid(info, n - inleft);
			if (cm_utf8_put(out, REPLACEMENT) != CM_OK) {
				rc = CM_FAILED;
				break;
			}
			in++;
			inleft--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	iconv_close(cd);
	return rc;
}
#endif

int
cm_enc_decode(const unsigned char *p, size_t n, int codepage,
    struct cm_buf *out, struct cm_enc_info *info)
{
	struct cm_enc_info local;
	size_t bom = 0;
	int rc;

	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (codepage == CM_CP_DETECT) {
		codepage = cm_enc_detect(p, n, &bom);
		info->detected = 1;
	} else {
		/* A forced code page still drops its own BOM. */
		size_t b2 = 0;
		int seen = cm_enc_detect(p, n < 4 ? n : 4, &b2);

		if (b2 != 0 && seen == codepage)
			bom = b2;
	}
	info->codepage = codepage;
	info->bom = bom != 0;
	p += bom;
	n -= bom;
	switch (codepage) {
	case CM_CP_UTF8:
		rc = decode_utf8(p, n, out, info);
		break;
	case CM_CP_1200:
		rc = decode_utf16(p, n, 0, out, info);
		break;
	case CM_CP_1201:
		rc = decode_utf16(p, n, 1, out, info);
		break;
	case CM_CP_437:
		rc = decode_sb(p, n, cm_cp437_high, out, info);
		break;
	case CM_CP_850:
		rc = decode_sb(p, n, cm_cp850_high, out, info);
		break;
	case CM_CP_1252:
		rc = decode_sb(p, n, cm_cp1252_high, out, info);
		break;
	default:
#if defined(HAVE_ICONV)
		rc = decode_iconv(p, n, codepage, out, info);
#else
		rc = CM_FAILED;
#endif
		break;
	}
	if (info->invalid > 0)
		info->first_invalid += bom;
	if (rc != CM_OK)
		return CM_FAILED;
	return info->invalid > 0 ? CM_WARN : CM_OK;
}

const char *
cm_cp_format(int codepage, char out[16])
{
	switch (codepage) {
	case CM_CP_UTF8: return "utf-8";
	case CM_CP_1200: return "utf-16le";
	case CM_CP_1201: return "utf-16be";
	case CM_CP_932: return "cp932";
	case CM_CP_437: return "cp437";
	case CM_CP_850: return "cp850";
	case CM_CP_1252: return "cp1252";
	default:
		snprintf(out, 16, "cp%d", codepage);
		return out;
	}
}

int
cm_cp_parse(const char *s)
{
	static const struct { const char *name; int cp; } names[] = {
		{ "utf-8", CM_CP_UTF8 }, { "utf8", CM_CP_UTF8 },
		{ "utf-16le", CM_CP_1200 }, { "utf16le", CM_CP_1200 },
		{ "utf-16", CM_CP_1200 }, { "ucs-2", CM_CP_1200 },
		{ "utf-16be", CM_CP_1201 }, { "utf16be", CM_CP_1201 },
		{ "shift-jis", CM_CP_932 }, { "shift_jis", CM_CP_932 },
		{ "sjis", CM_CP_932 }, { "windows-31j", CM_CP_932 },
		{ "windows-1252", CM_CP_1252 }, { "latin1", CM_CP_1252 },
		{ "ibm437", CM_CP_437 }, { "ibm850", CM_CP_850 },
		{ "auto", CM_CP_DETECT }, { "detect", CM_CP_DETECT },
	};
	size_t i;
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].cp;
	if (strncasecmp(s, "cp", 2) == 0)
		s += 2;
	else if (strncasecmp(s, "windows-", 8) == 0)
		s += 8;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v <= 0 || v > 65535)
		return -1;
	return (int)v;
}
