/*
 * evtx_values.c - the text of EVTX substitution values, and the bounded
 * string builder the EVTX parser renders into.
 *
 * Each value type is shown as Windows' event rendering shows it, the form
 * Sigma rules are written against, and where that is not known, as
 * libevtx's evtxexport prints it:
 *
 *   UTF-16 string     "C:\Windows\System32\cmd.exe"  (up to a NUL)
 *   ints              "4624", "-5" (evtxexport 20181227 shows signed
 *                     ints wrongly, e.g. -5 as -123)
 *   HexInt32/64       "0x3e7" (lower case, no leading zeros)
 *   SizeT             "140697251479552" (decimal, as libevtx)
 *   bool              "true", "false"
 *   GUID              "{54849625-5478-4994-A5BA-3E3B0328C30D}"
 *   SID               "S-1-5-21-308926384-506822093-3341789130-500"
 *   FILETIME          "2020-09-16T09:31:19.1332724Z" (UTC, 100 ns)
 *   SYSTEMTIME        "2020-09-16T09:31:19.133Z"
 *   binary            "0A1B2C" (upper case hex)
 *   float             "1.500000e+000" (as libevtx and the MS C runtime)
 *
 * Arrays are walked item by item with evtx_array_next().
 */
#include "evtx.h"

#include <stdio.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void
evtx_sb_init(struct evtx_sb *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

void
evtx_sb_free(struct evtx_sb *sb)
{
	free(sb->p);
	memset(sb, 0, sizeof(*sb));
}

int
evtx_sb_grow(struct evtx_sb *sb, size_t n)
{
	size_t ncap;
	char *np;

	if (sb->overflow || sb->nomem)
		return 0;
	if (n > sb->max || sb->len > sb->max - n) {
		sb->overflow = 1;
		return 0;
	}
	if (sb->cap - sb->len >= n)
		return 1;
	ncap = sb->cap ? sb->cap : 4096;
	while (ncap - sb->len < n)
		ncap *= 2;
	if (ncap > sb->max)
		ncap = sb->max;
	np = realloc(sb->p, ncap);
	if (np == NULL) {
		sb->nomem = 1;
		return 0;
	}
	sb->p = np;
	sb->cap = ncap;
	return 1;
}

void
evtx_sb_utf8(struct evtx_sb *sb, uint32_t cp)
{
	char *o;

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (!evtx_sb_room(sb, 4))
		return;
	o = sb->p + sb->len;
	if (cp < 0x80) {
		o[0] = (char)cp;
		sb->len += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		sb->len += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		sb->len += 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		sb->len += 4;
	}
}

void
evtx_utf16_append(struct evtx_sb *sb, const unsigned char *p, size_t nchars)
{
	size_t i = 0;

	if (sb->overflow || sb->nomem)
		return;
	/* At most 3 UTF-8 bytes per unit (a pair gives 4 for 2 units). */
	if (nchars * 3 > sb->max - sb->len) {
		/* Maybe too long for what is left: go unit by unit. */
		while (i < nchars && !sb->overflow && !sb->nomem) {
			uint32_t u = evtx_u16(p + 2 * i);

			if (u == 0)
				return;
			i++;
			if (u >= 0xD800 && u < 0xDC00 && i < nchars) {
				uint32_t l = evtx_u16(p + 2 * i);

				if (l >= 0xDC00 && l < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) +
					    (l - 0xDC00);
					i++;
				}
			}
			evtx_sb_utf8(sb, u);
		}
		return;
	}
	if (!evtx_sb_room(sb, nchars * 3))
		return;
	while (i < nchars) {
		char *o = sb->p + sb->len;
		size_t k = 0;
		uint32_t u;

		/* The common case: a run of ASCII, 8 or 4 units at a time. */
#if defined(__SSE2__)
		while (nchars - i >= 8) {
			const __m128i zero = _mm_setzero_si128();
			__m128i v = _mm_loadu_si128((const __m128i *)(p + 2 * i));
			__m128i ascii = _mm_cmpeq_epi16(_mm_and_si128(v,
			    _mm_set1_epi16((short)0xFF80)), zero);
			__m128i ok = _mm_andnot_si128(_mm_cmpeq_epi16(v, zero),
			    ascii);

			if (_mm_movemask_epi8(ok) != 0xFFFF)
				break;
			_mm_storel_epi64((__m128i *)(o + k),
			    _mm_packus_epi16(v, v));
			k += 8;
			i += 8;
		}
#endif
		while (nchars - i >= 4) {
			uint64_t w = evtx_u64(p + 2 * i);

			/* Each unit below 0x80 and none zero. */
			if ((w & 0xFF80FF80FF80FF80ULL) != 0 ||
			    ((w - 0x0001000100010001ULL) & ~w &
			    0x8000800080008000ULL) != 0)
				break;
			o[k] = (char)w;
			o[k + 1] = (char)(w >> 16);
			o[k + 2] = (char)(w >> 32);
			o[k + 3] = (char)(w >> 48);
			k += 4;
			i += 4;
		}
		while (i < nchars && p[2 * i + 1] == 0 && p[2 * i] != 0 &&
		    p[2 * i] < 0x80)
			o[k++] = (char)p[2 * i++];
		sb->len += k;
		if (i >= nchars)
			break;
		u = evtx_u16(p + 2 * i);
		if (u == 0)
			break;
		i++;
		o = sb->p + sb->len;
		if (u < 0x800) {
			o[0] = (char)(0xC0 | (u >> 6));
			o[1] = (char)(0x80 | (u & 0x3F));
			sb->len += 2;
		} else if (u < 0xD800 || u >= 0xE000) {
			o[0] = (char)(0xE0 | (u >> 12));
			o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
			o[2] = (char)(0x80 | (u & 0x3F));
			sb->len += 3;
		} else if (u < 0xDC00 && i < nchars &&
		    evtx_u16(p + 2 * i) >= 0xDC00 &&
		    evtx_u16(p + 2 * i) < 0xE000) {
			uint32_t cp = 0x10000 + ((u - 0xD800) << 10) +
			    (evtx_u16(p + 2 * i) - 0xDC00);

			i++;
			o[0] = (char)(0xF0 | (cp >> 18));
			o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
			o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
			o[3] = (char)(0x80 | (cp & 0x3F));
			sb->len += 4;
		} else {
			/* Unpaired surrogate. */
			o[0] = (char)0xEF;
			o[1] = (char)0xBF;
			o[2] = (char)0xBD;
			sb->len += 3;
		}
	}
}

/* Code page 1252 bytes 0x80-0x9F; the rest is Latin-1. */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

static void
ansi_append(struct evtx_sb *sb, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i] != 0; i++) {
		if (p[i] < 0x80)
			evtx_sb_addc(sb, (char)p[i]);
		else if (p[i] < 0xA0)
			evtx_sb_utf8(sb, cp1252_hi[p[i] - 0x80]);
		else
			evtx_sb_utf8(sb, p[i]);
	}
}

static void
add_u64(struct evtx_sb *sb, uint64_t v)
{
	char tmp[24];
	size_t k = sizeof(tmp);

	do {
		tmp[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	evtx_sb_add(sb, tmp + k, sizeof(tmp) - k);
}

static void
add_i64(struct evtx_sb *sb, int64_t v)
{
	if (v < 0) {
		evtx_sb_addc(sb, '-');
		add_u64(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		add_u64(sb, (uint64_t)v);
	}
}

static void
add_hex(struct evtx_sb *sb, uint64_t v)
{
	static const char hx[] = "0123456789abcdef";
	char tmp[18];
	size_t k = sizeof(tmp);

	do {
		tmp[--k] = hx[v & 15];
		v >>= 4;
	} while (v != 0);
	tmp[--k] = 'x';
	tmp[--k] = '0';
	evtx_sb_add(sb, tmp + k, sizeof(tmp) - k);
}

/* Fixed-width decimal into o. */
static void
put_dec(char *o, unsigned v, int width)
{
	while (width-- > 0) {
		o[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void
civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

int
evtx_filetime_text(uint64_t ft, char out[32])
{
	uint64_t secs = ft / 10000000u;
	unsigned frac = (unsigned)(ft % 10000000u), m, d;
	int64_t days = (int64_t)(secs / 86400u) - 134774, y;
	unsigned sod = (unsigned)(secs % 86400u);

	civil(days, &y, &m, &d);
	if (y > 9999)
		return 0;
	put_dec(out, (unsigned)y, 4);
	out[4] = '-';
	put_dec(out + 5, m, 2);
	out[7] = '-';
	put_dec(out + 8, d, 2);
	out[10] = 'T';
	put_dec(out + 11, sod / 3600, 2);
	out[13] = ':';
	put_dec(out + 14, sod / 60 % 60, 2);
	out[16] = ':';
	put_dec(out + 17, sod % 60, 2);
	out[19] = '.';
	put_dec(out + 20, frac, 7);
	out[27] = 'Z';
	out[28] = '\0';
	return 1;
}

static void
add_guid(struct evtx_sb *sb, const unsigned char *p)
{
	static const char hx[] = "0123456789ABCDEF";
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
	    8, 9, 10, 11, 12, 13, 14, 15 };
	char o[38];
	int i, k = 0;

	o[k++] = '{';
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			o[k++] = '-';
		o[k++] = hx[p[order[i]] >> 4];
		o[k++] = hx[p[order[i]] & 15];
	}
	o[k++] = '}';
	evtx_sb_add(sb, o, (size_t)k);
}

static int
add_sid(struct evtx_sb *sb, const unsigned char *p, size_t n)
{
	uint64_t auth = 0;
	unsigned i, count;

	if (n < 8)
		return 0;
	count = p[1];
	if (n < 8 + 4 * (size_t)count)
		return 0;
	for (i = 0; i < 6; i++)
		auth = (auth << 8) | p[2 + i];
	evtx_sb_add(sb, "S-", 2);
	add_u64(sb, p[0]);
	evtx_sb_addc(sb, '-');
	/* Windows shows an authority past 32 bits in hex. */
	if (auth >> 32)
		add_hex(sb, auth);
	else
		add_u64(sb, auth);
	for (i = 0; i < count; i++) {
		evtx_sb_addc(sb, '-');
		add_u64(sb, evtx_u32(p + 8 + 4 * i));
	}
	return 1;
}

static void
add_binary(struct evtx_sb *sb, const unsigned char *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;
	char *o;

	if (sb->overflow || sb->nomem)
		return;
	if (2 * n > sb->max - sb->len) {
		/* Cut at the cap, on a whole byte. */
		for (i = 0; i < n && evtx_sb_room(sb, 2); i++) {
			sb->p[sb->len++] = hx[p[i] >> 4];
			sb->p[sb->len++] = hx[p[i] & 15];
		}
		return;
	}
	if (!evtx_sb_room(sb, 2 * n))
		return;
	o = sb->p + sb->len;
	for (i = 0; i < n; i++) {
		o[2 * i] = hx[p[i] >> 4];
		o[2 * i + 1] = hx[p[i] & 15];
	}
	sb->len += 2 * n;
}

/*
 * Floats as libevtx prints them, after Windows' C runtime: "%e" with a
 * 3-digit exponent, "1.500000e+000".
 */
static void
add_double(struct evtx_sb *sb, double v)
{
	char tmp[48];
	int k;
	char *e;

	if (v != v) {
		evtx_sb_add(sb, "-1.#IND", 7);
		return;
	}
	if (v > 1.7976931348623157e308 || v < -1.7976931348623157e308) {
		if (v < 0)
			evtx_sb_add(sb, "-1.#INF", 7);
		else
			evtx_sb_add(sb, "1.#INF", 6);
		return;
	}
	k = snprintf(tmp, sizeof(tmp), "%e", v);
	if (k <= 0 || (size_t)k >= sizeof(tmp))
		return;
	e = strchr(tmp, 'e');
	if (e != NULL && strlen(e) == 4) {
		/* "e+07" -> "e+007" */
		memmove(e + 3, e + 2, 3);
		e[2] = '0';
		k++;
	}
	evtx_sb_add(sb, tmp, (size_t)k);
}

static void
add_systemtime(struct evtx_sb *sb, const unsigned char *p)
{
	char o[24];

	put_dec(o, evtx_u16(p) % 10000, 4);
	o[4] = '-';
	put_dec(o + 5, evtx_u16(p + 2) % 100, 2);
	o[7] = '-';
	put_dec(o + 8, evtx_u16(p + 6) % 100, 2);
	o[10] = 'T';
	put_dec(o + 11, evtx_u16(p + 8) % 100, 2);
	o[13] = ':';
	put_dec(o + 14, evtx_u16(p + 10) % 100, 2);
	o[16] = ':';
	put_dec(o + 17, evtx_u16(p + 12) % 100, 2);
	o[19] = '.';
	put_dec(o + 20, evtx_u16(p + 14) % 1000, 3);
	o[23] = 'Z';
	evtx_sb_add(sb, o, 24);
}

int
evtx_value_text(struct evtx_sb *sb, unsigned type, const unsigned char *p,
    size_t n)
{
	switch (type) {
	case EVTX_V_NULL:
		return 1;
	case EVTX_V_STRING:
		evtx_utf16_append(sb, p, n / 2);
		return 1;
	case EVTX_V_ANSI:
		ansi_append(sb, p, n);
		return 1;
	case EVTX_V_INT8:
		if (n < 1)
			return 0;
		add_i64(sb, (int8_t)p[0]);
		return 1;
	case EVTX_V_UINT8:
		if (n < 1)
			return 0;
		add_u64(sb, p[0]);
		return 1;
	case EVTX_V_INT16:
		if (n < 2)
			return 0;
		add_i64(sb, (int16_t)evtx_u16(p));
		return 1;
	case EVTX_V_UINT16:
		if (n < 2)
			return 0;
		add_u64(sb, evtx_u16(p));
		return 1;
	case EVTX_V_INT32:
		if (n < 4)
			return 0;
		add_i64(sb, (int32_t)evtx_u32(p));
		return 1;
	case EVTX_V_UINT32:
		if (n < 4)
			return 0;
		add_u64(sb, evtx_u32(p));
		return 1;
	case EVTX_V_INT64:
		if (n < 8)
			return 0;
		add_i64(sb, (int64_t)evtx_u64(p));
		return 1;
	case EVTX_V_UINT64:
		if (n < 8)
			return 0;
		add_u64(sb, evtx_u64(p));
		return 1;
	case EVTX_V_REAL32: {
		uint32_t u;
		float f;

		if (n < 4)
			return 0;
		u = evtx_u32(p);
		memcpy(&f, &u, 4);
		add_double(sb, f);
		return 1;
	}
	case EVTX_V_REAL64: {
		uint64_t u;
		double d;

		if (n < 8)
			return 0;
		u = evtx_u64(p);
		memcpy(&d, &u, 8);
		add_double(sb, d);
		return 1;
	}
	case EVTX_V_BOOL:
		if (n < 4)
			return 0;
		if (evtx_u32(p) != 0)
			evtx_sb_add(sb, "true", 4);
		else
			evtx_sb_add(sb, "false", 5);
		return 1;
	case EVTX_V_BINARY:
	case EVTX_V_EVTHANDLE:
	case EVTX_V_EVTXML:
		add_binary(sb, p, n);
		return 1;
	case EVTX_V_GUID:
		if (n < 16)
			return 0;
		add_guid(sb, p);
		return 1;
	case EVTX_V_SIZET:
		/* Decimal, as libevtx prints it. */
		if (n >= 8)
			add_u64(sb, evtx_u64(p));
		else if (n >= 4)
			add_u64(sb, evtx_u32(p));
		else
			return 0;
		return 1;
	case EVTX_V_HEX32:
	case EVTX_V_HEX64:
		if (n >= 8)
			add_hex(sb, evtx_u64(p));
		else if (n >= 4)
			add_hex(sb, evtx_u32(p));
		else
			return 0;
		return 1;
	case EVTX_V_FILETIME: {
		char t[32];

		if (n < 8)
			return 0;
		if (evtx_filetime_text(evtx_u64(p), t))
			evtx_sb_add(sb, t, 28);
		else
			add_u64(sb, evtx_u64(p));
		return 1;
	}
	case EVTX_V_SYSTEMTIME:
		if (n < 16)
			return 0;
		add_systemtime(sb, p);
		return 1;
	case EVTX_V_SID:
		return add_sid(sb, p, n);
	default:
		return 0;
	}
}

/* Bytes of one item of a fixed-size array type, 0 for variable ones. */
static size_t
item_size(unsigned type, size_t n)
{
	switch (type) {
	case EVTX_V_INT8: case EVTX_V_UINT8:
		return 1;
	case EVTX_V_INT16: case EVTX_V_UINT16:
		return 2;
	case EVTX_V_INT32: case EVTX_V_UINT32: case EVTX_V_REAL32:
	case EVTX_V_BOOL: case EVTX_V_HEX32:
		return 4;
	case EVTX_V_INT64: case EVTX_V_UINT64: case EVTX_V_REAL64:
	case EVTX_V_FILETIME: case EVTX_V_HEX64:
		return 8;
	case EVTX_V_GUID: case EVTX_V_SYSTEMTIME:
		return 16;
	case EVTX_V_SIZET:
		return n % 8 == 0 ? 8 : 4;
	default:
		return 0;
	}
}

int
evtx_array_next(unsigned type, const unsigned char *p, size_t n,
    size_t *pos, const unsigned char **ip, size_t *in)
{
	size_t i = *pos, k;

	if (i >= n)
		return 0;
	if (type == EVTX_V_STRING) {
		/* NUL-separated UTF-16 strings. */
		for (k = i; k + 1 < n; k += 2)
			if (p[k] == 0 && p[k + 1] == 0)
				break;
		*ip = p + i;
		*in = (k + 1 < n ? k : n) - i;
		*pos = k + 2;
		return 1;
	}
	if (type == EVTX_V_ANSI) {
		for (k = i; k < n && p[k] != 0; k++)
			;
		*ip = p + i;
		*in = k - i;
		*pos = k + 1;
		return 1;
	}
	if (type == EVTX_V_SID) {
		size_t sz;

		if (n - i < 8)
			return 0;
		sz = 8 + 4 * (size_t)p[i + 1];
		if (sz > n - i)
			return 0;
		*ip = p + i;
		*in = sz;
		*pos = i + sz;
		return 1;
	}
	k = item_size(type, n);
	if (k == 0 || n - i < k)
		return 0;
	*ip = p + i;
	*in = k;
	*pos = i + k;
	return 1;
}
