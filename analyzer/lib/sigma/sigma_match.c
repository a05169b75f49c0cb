/*
 * sigma_match.c - Sigma values: modifiers compiled into matchers, and the
 * evaluation of a rule against one record.
 *
 *   CommandLine|contains|windash: ' -enc '   ->  glob "* <dash>enc *"
 *   CommandLine|base64offset|contains: 'IEX' ->  3 cased substrings
 *   DestinationIp|cidr: '10.0.0.0/8'         ->  prefix compare
 *
 * Values follow the Sigma specification: strings compare case-insensitively
 * (ASCII letters) unless |cased; `*` and `?` are wildcards and `\` escapes
 * them (`\*`, `\?`, `\\`); a backslash before any other character is a
 * plain backslash.  |re is PCRE2 (JIT-compiled), case-sensitive unless the
 * `i` sub-modifier or (?i) is used, and searches anywhere in the value.
 * Lowercase needles are prepared at load time; a record's values are
 * lowered at most once per record, on first use.
 */
#include "sigma_int.h"

#include <stdlib.h>
#include <string.h>

/* --- helpers ---------------------------------------------------------------- */

static unsigned char
lc(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static void *
xmemmem(const void *hay, size_t hn, const void *needle, size_t nn)
{
	const unsigned char *h = hay, *end, *p;
	const unsigned char *nd = needle;

	if (nn == 0)
		return (void *)hay;
	if (hn < nn)
		return NULL;
	end = h + (hn - nn) + 1;
	for (p = h; p < end; p++) {
		p = memchr(p, nd[0], (size_t)(end - p));
		if (p == NULL)
			return NULL;
		if (memcmp(p, nd, nn) == 0)
			return (void *)p;
	}
	return NULL;
}

static int
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Bytes of the UTF-8 character at s (1 for invalid bytes), at most n. */
static size_t
u8len(const unsigned char *s, size_t n)
{
	size_t k = 1;

	if (s[0] >= 0xF0)
		k = 4;
	else if (s[0] >= 0xE0)
		k = 3;
	else if (s[0] >= 0xC0)
		k = 2;
	return k > n ? n : k;
}

/* A decimal number: [+-]digits[.digits].  Returns 1 and sets *out. */
static int
parse_num(const char *s, size_t n, double *out)
{
	size_t i = 0;
	double v = 0, scale = 1;
	int neg = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		}
	}
	if (digits == 0 || i != n || digits > 30)
		return 0;
	*out = neg ? -v : v;
	return 1;
}

/* --- IP addresses ------------------------------------------------------------ */

static int
parse_ipv4(const char *s, size_t n, unsigned char out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0, d = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9' && d < 4) {
			v = v * 10 + (unsigned)(s[i++] - '0');
			d++;
		}
		if (d == 0 || d > 3 || v > 255)
			return 0;
		out[part] = (unsigned char)v;
		if (part < 3) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n;
}

static int
hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
parse_ipv6(const char *s, size_t n, unsigned char out[16])
{
	unsigned char b[16];
	size_t i = 0, k = 0;
	int gap = -1;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	} else if (n >= 1 && s[0] == ':') {
		return 0;
	}
	while (i < n) {
		size_t j = i, d = 0;
		unsigned v = 0;

		if (k >= 16)
			return 0;
		/* an embedded IPv4 tail */
		while (j < n && s[j] != ':' && s[j] != '.')
			j++;
		if (j < n && s[j] == '.') {
			if (k > 12 || !parse_ipv4(s + i, n - i, b + k))
				return 0;
			k += 4;
			i = n;
			break;
		}
		while (i < n && hexv(s[i]) >= 0 && d < 5) {
			v = v * 16 + (unsigned)hexv(s[i++]);
			d++;
		}
		if (d == 0 || d > 4)
			return 0;
		b[k++] = (unsigned char)(v >> 8);
		b[k++] = (unsigned char)v;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0)
				return 0;
			gap = (int)k;
			i++;
		} else if (i == n) {
			return 0;
		}
	}
	if (gap >= 0) {
		size_t tail = k - (size_t)gap;

		if (k > 14)
			return 0;
		memset(out, 0, 16);
		memcpy(out, b, (size_t)gap);
		memcpy(out + 16 - tail, b + gap, tail);
		return 1;
	}
	if (k != 16)
		return 0;
	memcpy(out, b, 16);
	return 1;
}

/* An address of a record: IPv4, IPv6 (zone and brackets dropped), IPv4-mapped
 * IPv6 taken as IPv4.  Returns 4, 6, or 0 when not an address. */
static int
parse_ip(const char *s, size_t n, unsigned char out[16])
{
	const char *pct;

	while (n > 0 && (*s == ' ' || *s == '['))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ']'))
		n--;
	if (n == 0 || n > 64)
		return 0;
	if (parse_ipv4(s, n, out))
		return 4;
	pct = memchr(s, '%', n);
	if (pct != NULL)
		n = (size_t)(pct - s);
	if (!parse_ipv6(s, n, out))
		return 0;
	if (memcmp(out, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memmove(out, out + 12, 4);
		return 4;
	}
	return 6;
}

static int
cidr_match(const struct sg_value *v, const char *s, size_t n)
{
	unsigned char a[16];
	int fam = parse_ip(s, n, a), full, rest;

	if (fam == 0 || (fam == 4) != (v->v4 != 0))
		return 0;
	full = v->bits / 8;
	rest = v->bits % 8;
	if (memcmp(a, v->net, (size_t)full) != 0)
		return 0;
	if (rest != 0) {
		unsigned char m = (unsigned char)(0xFF << (8 - rest));

		if ((a[full] & m) != (v->net[full] & m))
			return 0;
	}
	return 1;
}

/* --- modifiers --------------------------------------------------------------- */

static int
mod_is(const char *m, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(m, name, n) == 0;
}

/*
 * Parses "contains|all" (what follows the first '|' of a key).  The order
 * matters where Sigma applies modifiers in turn: encodings (wide, base64)
 * must come before contains/startswith/endswith, `i`/`m`/`s` after re.
 */
int
sg_mods_parse(struct sg_mods *m, const char *s, size_t n,
    struct ipk_sigma_error *err)
{
	size_t i = 0;
	int nanchor = 0, seen_anchor = 0, nenc = 0;

	memset(m, 0, sizeof(*m));
	while (i <= n) {
		size_t j = i;
		const char *w = s + i;
		size_t wn;

		while (j < n && s[j] != '|')
			j++;
		wn = j - i;
		i = j + 1;
		if (wn == 0)
			return sg_err(err, CM_FAILED, 0, "modifier",
			    "empty modifier in '|%.*s'", (int)n, s);
		if (mod_is(w, wn, "contains") || mod_is(w, wn, "startswith") ||
		    mod_is(w, wn, "endswith")) {
			if (w[0] == 'c')
				m->contains = 1;
			else if (w[0] == 's')
				m->startswith = 1;
			else
				m->endswith = 1;
			nanchor++;
			seen_anchor = 1;
		} else if (mod_is(w, wn, "all")) {
			m->all = 1;
		} else if (mod_is(w, wn, "windash")) {
			m->windash = 1;
		} else if (mod_is(w, wn, "base64") ||
		    mod_is(w, wn, "base64offset")) {
			if (seen_anchor)
				return sg_err(err, CM_FAILED, 0, "modifier",
				    "'%.*s' after contains/startswith/endswith "
				    "would encode wildcards", (int)wn, w);
			if (wn == 6)
				m->base64 = 1;
			else
				m->base64offset = 1;
			nenc++;
		} else if (mod_is(w, wn, "wide") || mod_is(w, wn, "utf16le") ||
		    mod_is(w, wn, "utf16be") || mod_is(w, wn, "utf16")) {
			if (seen_anchor || m->base64 || m->base64offset)
				return sg_err(err, CM_FAILED, 0, "modifier",
				    "'%.*s' must come before base64 and "
				    "contains/startswith/endswith", (int)wn, w);
			if (mod_is(w, wn, "utf16be"))
				m->utf16be = 1;
			else if (mod_is(w, wn, "utf16"))
				m->utf16 = 1;
			else
				m->wide = 1;
		} else if (mod_is(w, wn, "re")) {
			m->re = 1;
		} else if (m->re && mod_is(w, wn, "i")) {
			m->re_i = 1;
		} else if (m->re && mod_is(w, wn, "m")) {
			m->re_m = 1;
		} else if (m->re && mod_is(w, wn, "s")) {
			m->re_s = 1;
		} else if (mod_is(w, wn, "cidr")) {
			m->cidr = 1;
		} else if (mod_is(w, wn, "exists")) {
			m->exists = 1;
		} else if (mod_is(w, wn, "cased")) {
			m->cased = 1;
		} else if (mod_is(w, wn, "fieldref")) {
			m->fieldref = 1;
		} else if (mod_is(w, wn, "neq")) {
			m->neq = 1;
		} else if (mod_is(w, wn, "gt") || mod_is(w, wn, "gte") ||
		    mod_is(w, wn, "lt") || mod_is(w, wn, "lte")) {
			if (m->numop)
				return sg_err(err, CM_FAILED, 0, "modifier",
				    "two comparison modifiers");
			m->numop = w[0] == 'g' ? (wn == 2 ? '>' : 'g') :
			    (wn == 2 ? '<' : 'l');
		} else if (mod_is(w, wn, "expand")) {
			return sg_err(err, CM_WARN, 0, "expand",
			    "placeholders (|expand) need site lists this engine "
			    "does not have");
		} else if (mod_is(w, wn, "minute") || mod_is(w, wn, "hour") ||
		    mod_is(w, wn, "day") || mod_is(w, wn, "week") ||
		    mod_is(w, wn, "month") || mod_is(w, wn, "year")) {
			return sg_err(err, CM_WARN, 0, "time-modifier",
			    "time modifier '%.*s' is not supported", (int)wn, w);
		} else {
			return sg_err(err, CM_WARN, 0, "modifier",
			    "unknown modifier '%.*s'", (int)(wn > 32 ? 32 : wn),
			    w);
		}
	}
	if (nanchor > 1)
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "more than one of contains/startswith/endswith");
	if (nenc > 1)
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "both base64 and base64offset");
	if ((m->wide || m->utf16 || m->utf16be) && nenc == 0)
		return sg_err(err, CM_WARN, 0, "utf16",
		    "UTF-16 encodings only make sense under base64 here "
		    "(record values are UTF-8 text)");
	if (m->re && (nanchor || m->windash || nenc || m->cidr || m->numop ||
	    m->exists || m->fieldref))
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "re cannot be combined with other value modifiers");
	if (m->cidr && (nanchor || m->windash || nenc || m->numop ||
	    m->exists || m->fieldref))
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "cidr cannot be combined with other value modifiers");
	if (m->exists && (nanchor || m->windash || nenc || m->numop ||
	    m->fieldref || m->all || m->neq))
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "exists cannot be combined with other modifiers");
	if (m->numop && (nanchor || m->windash || nenc || m->fieldref))
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "gt/gte/lt/lte cannot be combined with string modifiers");
	if (m->fieldref && (m->windash || nenc))
		return sg_err(err, CM_FAILED, 0, "modifier",
		    "fieldref cannot be combined with windash or encodings");
	if (m->windash && nenc)
		return sg_err(err, CM_WARN, 0, "modifier",
		    "windash together with base64 is not supported");
	return CM_OK;
}

/* --- string values ------------------------------------------------------------ */

/* A Sigma string as tokens: literal bytes in buf, wildcards apart. */
struct sstr {
	struct cm_buf buf;       /* literal bytes */
	struct sg_gtok *tok;
	size_t ntok, cap;
	int wild;                /* has * or ? */
};

static int
sstr_tok(struct sstr *s, int type, size_t off, size_t len)
{
	if (type == SG_T_LIT && s->ntok > 0 &&
	    s->tok[s->ntok - 1].type == SG_T_LIT &&
	    s->tok[s->ntok - 1].off + s->tok[s->ntok - 1].len == off) {
		s->tok[s->ntok - 1].len += (uint32_t)len;
		return 0;
	}
	if (type == SG_T_STAR && s->ntok > 0 &&
	    s->tok[s->ntok - 1].type == SG_T_STAR)
		return 0;
	if (s->ntok == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		struct sg_gtok *p = realloc(s->tok, nc * sizeof(*p));

		if (p == NULL)
			return -1;
		s->tok = p;
		s->cap = nc;
	}
	s->tok[s->ntok].type = (unsigned char)type;
	s->tok[s->ntok].off = (uint32_t)off;
	s->tok[s->ntok].len = (uint32_t)len;
	s->ntok++;
	return 0;
}

static int
sstr_lit(struct sstr *s, const char *p, size_t n)
{
	size_t off = s->buf.len;

	if (n == 0)
		return 0;
	if (cm_buf_add(&s->buf, p, n) != CM_OK)
		return -1;
	return sstr_tok(s, SG_T_LIT, off, n);
}

static void
sstr_free(struct sstr *s)
{
	cm_buf_free(&s->buf);
	free(s->tok);
	memset(s, 0, sizeof(*s));
}

/* Sigma escaping: \* \? \\ are literal; any other backslash is plain. */
static int
sstr_parse(struct sstr *s, const char *v, size_t n, int wildcards)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = v[i];

		if (!wildcards) {
			if (sstr_lit(s, &c, 1) < 0)
				return -1;
		} else if (c == '\\' && i + 1 < n && (v[i + 1] == '*' ||
		    v[i + 1] == '?' || v[i + 1] == '\\')) {
			if (sstr_lit(s, &v[++i], 1) < 0)
				return -1;
		} else if (c == '*' || c == '?') {
			if (sstr_tok(s, c == '*' ? SG_T_STAR : SG_T_ONE, 0, 0) < 0)
				return -1;
			s->wild = 1;
		} else if (sstr_lit(s, &c, 1) < 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * windash: a '-' or '/' with no word character before it (\B) and a word
 * character after it (\b) becomes a dash position, like pySigma's
 * `\B[-/]\b`; wildcards count as non-word, as the ends of a string part.
 */
static int
sstr_windash(struct sstr *s)
{
	struct sstr o;
	size_t t;

	memset(&o, 0, sizeof(o));
	cm_buf_init(&o.buf, s->buf.max);
	o.wild = s->wild;
	for (t = 0; t < s->ntok; t++) {
		const struct sg_gtok *k = &s->tok[t];
		const unsigned char *p = (const unsigned char *)s->buf.p + k->off;
		size_t i, start = 0;

		if (k->type != SG_T_LIT) {
			if (sstr_tok(&o, k->type, 0, 0) < 0)
				goto fail;
			continue;
		}
		for (i = 0; i < k->len; i++) {
			int before = i > 0 && is_word(p[i - 1]);
			int after = i + 1 < k->len && is_word(p[i + 1]);

			if ((p[i] != '-' && p[i] != '/') || before || !after)
				continue;
			if (sstr_lit(&o, (const char *)p + start, i - start) < 0 ||
			    sstr_tok(&o, SG_T_DASH, 0, 0) < 0)
				goto fail;
			o.wild = 1;
			start = i + 1;
		}
		if (sstr_lit(&o, (const char *)p + start, k->len - start) < 0)
			goto fail;
	}
	sstr_free(s);
	*s = o;
	return 0;
fail:
	sstr_free(&o);
	return -1;
}

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
b64(const unsigned char *in, size_t n, size_t *outn)
{
	char *o = malloc((n + 2) / 3 * 4 + 1);
	size_t i, k = 0;

	if (o == NULL)
		return NULL;
	for (i = 0; i + 2 < n; i += 3) {
		o[k++] = b64chars[in[i] >> 2];
		o[k++] = b64chars[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		o[k++] = b64chars[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		o[k++] = b64chars[in[i + 2] & 63];
	}
	if (n - i == 1) {
		o[k++] = b64chars[in[i] >> 2];
		o[k++] = b64chars[(in[i] & 3) << 4];
		o[k++] = '=';
		o[k++] = '=';
	} else if (n - i == 2) {
		o[k++] = b64chars[in[i] >> 2];
		o[k++] = b64chars[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		o[k++] = b64chars[(in[i + 1] & 15) << 2];
		o[k++] = '=';
	}
	o[k] = 0;
	*outn = k;
	return o;
}

/* UTF-8 to UTF-16 (le or be), with a BOM if bom.  NULL on bad UTF-8. */
static unsigned char *
to_utf16(const unsigned char *s, size_t n, int be, int bom, size_t *outn)
{
	unsigned char *o = malloc(4 * n + 2);
	size_t i = 0, k = 0;

	if (o == NULL)
		return NULL;
	if (bom) {
		o[k++] = be ? 0xFE : 0xFF;
		o[k++] = be ? 0xFF : 0xFE;
	}
	while (i < n) {
		uint32_t c = s[i];
		size_t l = u8len(s + i, n - i), j;

		if (c >= 0x80) {
			if (l < 2 || (c & 0xC0) == 0x80) {
				free(o);
				return NULL;
			}
			c &= (0xFF >> (l + 1));
			for (j = 1; j < l; j++)
				c = (c << 6) | (s[i + j] & 0x3F);
		}
		i += l;
		if (c >= 0x10000) {
			uint32_t hi = 0xD800 + ((c - 0x10000) >> 10);
			uint32_t lo = 0xDC00 + ((c - 0x10000) & 0x3FF);

			o[k++] = (unsigned char)(be ? hi >> 8 : hi);
			o[k++] = (unsigned char)(be ? hi : hi >> 8);
			c = lo;
		}
		o[k++] = (unsigned char)(be ? c >> 8 : c);
		o[k++] = (unsigned char)(be ? c : c >> 8);
	}
	*outn = k;
	return o;
}

static struct sg_value *
item_add(struct sg_item *it, size_t *budget, struct ipk_sigma_error *err)
{
	struct sg_value *p;

	if (*budget == 0) {
		sg_err(err, CM_FAILED, 0, "limit",
		    "more than %d values in one rule", IPK_SIGMA_MAX_VALUES);
		return NULL;
	}
	(*budget)--;
	if ((p = sg_grow(it->v, it->nv, sizeof(*p))) == NULL) {
		sg_err(err, CM_FAILED, 0, "memory", "out of memory");
		return NULL;
	}
	it->v = p;
	p = &it->v[it->nv++];
	memset(p, 0, sizeof(*p));
	p->ref_fid = -1;
	p->acnode = -1;
	return p;
}

/* Turns tokens (after anchoring) into a value: plain modes or a glob. */
static int
value_from_sstr(struct sg_value *v, struct sstr *s, int cased)
{
	size_t i, best = 0;
	struct sg_gtok *t = s->tok;
	size_t nt = s->ntok;

	v->kind = SG_V_STR;
	v->cased = (unsigned char)cased;
	v->n = s->buf.len;
	v->s = malloc(v->n + 1);
	if (v->s == NULL)
		return -1;
	if (v->n)
		memcpy(v->s, s->buf.p, v->n);
	v->s[v->n] = 0;
	if (!cased)
		for (i = 0; i < v->n; i++)
			v->s[i] = (char)lc((unsigned char)v->s[i]);
	/* plain shapes: L, *L, L*, *L*, * and "" */
	if (nt == 0) {
		v->mode = SG_EQ;
		return 0;
	}
	if (nt == 1 && t[0].type == SG_T_LIT) {
		v->mode = SG_EQ;
		return 0;
	}
	if (nt == 2 && t[0].type == SG_T_STAR && t[1].type == SG_T_LIT) {
		v->mode = SG_SUFFIX;
		return 0;
	}
	if (nt == 2 && t[0].type == SG_T_LIT && t[1].type == SG_T_STAR) {
		v->mode = SG_PREFIX;
		return 0;
	}
	if (nt == 3 && t[0].type == SG_T_STAR && t[1].type == SG_T_LIT &&
	    t[2].type == SG_T_STAR) {
		v->mode = SG_CONTAINS;
		return 0;
	}
	if (nt == 1 && t[0].type == SG_T_STAR) {
		v->mode = SG_CONTAINS;     /* "" is in every value */
		v->n = 0;
		return 0;
	}
	v->mode = SG_GLOB;
	v->tok = malloc(nt * sizeof(*v->tok));
	if (v->tok == NULL)
		return -1;
	memcpy(v->tok, t, nt * sizeof(*t));
	v->ntok = nt;
	for (i = 0; i < nt; i++)
		if (t[i].type == SG_T_LIT && t[i].len > best) {
			best = t[i].len;
			v->pre_off = t[i].off;
			v->pre_len = t[i].len;
		}
	return 0;
}

static int
anchor(struct sstr *s, const struct sg_mods *m, int keyword)
{
	int head = m->contains || m->endswith, tail = m->contains || m->startswith;

	if (keyword && !m->contains && !m->startswith && !m->endswith)
		head = tail = 1;     /* keywords are searched anywhere */
	if (head && !(s->ntok > 0 && s->tok[0].type == SG_T_STAR)) {
		if (s->ntok == s->cap) {
			size_t nc = s->cap ? s->cap * 2 : 8;
			struct sg_gtok *p = realloc(s->tok, nc * sizeof(*p));

			if (p == NULL)
				return -1;
			s->tok = p;
			s->cap = nc;
		}
		memmove(s->tok + 1, s->tok, s->ntok * sizeof(*s->tok));
		s->tok[0].type = SG_T_STAR;
		s->tok[0].off = s->tok[0].len = 0;
		s->ntok++;
	}
	if (tail && sstr_tok(s, SG_T_STAR, 0, 0) < 0)
		return -1;
	return 0;
}

static int
compile_re(struct sg_value *v, const struct sg_mods *m, const char *s,
    size_t n, struct ipk_sigma_error *err)
{
	int ec;
	PCRE2_SIZE eo;
	uint32_t opt = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;

	if (n > IPK_SIGMA_MAX_RE)
		return sg_err(err, CM_FAILED, 0, "regex",
		    "regular expression longer than %d bytes",
		    IPK_SIGMA_MAX_RE);
	if (m->re_i)
		opt |= PCRE2_CASELESS;
	if (m->re_m)
		opt |= PCRE2_MULTILINE;
	if (m->re_s)
		opt |= PCRE2_DOTALL;
	v->kind = SG_V_RE;
	v->re = pcre2_compile((PCRE2_SPTR)s, n, opt, &ec, &eo, NULL);
	if (v->re == NULL) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		return sg_err(err, CM_FAILED, 0, "regex",
		    "bad regular expression at offset %lu: %s",
		    (unsigned long)eo, (const char *)msg);
	}
	/* JIT is an optimisation: without it (no JIT on this CPU) the
	 * interpreter gives the same results. */
	(void)pcre2_jit_compile(v->re, PCRE2_JIT_COMPLETE);
	return CM_OK;
}

static int
compile_cidr(struct sg_value *v, const char *s, size_t n,
    struct ipk_sigma_error *err)
{
	const char *sl = memchr(s, '/', n);
	size_t an = sl ? (size_t)(sl - s) : n;
	int fam, max, bits;
	double d;

	fam = parse_ip(s, an, v->net);
	if (fam == 0)
		return sg_err(err, CM_FAILED, 0, "cidr", "bad CIDR '%.*s'",
		    (int)(n > 64 ? 64 : n), s);
	max = fam == 4 ? 32 : 128;
	bits = max;
	if (sl != NULL) {
		if (!parse_num(sl + 1, n - an - 1, &d) || d < 0 || d > max ||
		    d != (int)d)
			return sg_err(err, CM_FAILED, 0, "cidr",
			    "bad CIDR prefix in '%.*s'", (int)(n > 64 ? 64 : n),
			    s);
		bits = (int)d;
	}
	v->kind = SG_V_CIDR;
	v->v4 = fam == 4;
	v->bits = bits;
	return CM_OK;
}

/*
 * Compiles one YAML scalar under modifiers m into item.  type: 's' string,
 * 'i' integer, 'f' float, 'b' boolean, 'n' null.  keyword: the item has no
 * field (keyword search).
 */
int
sg_value_compile(struct sg_item *item, const struct sg_mods *m, int keyword,
    char type, const char *s, size_t n, size_t *budget,
    struct ipk_sigma_error *err)
{
	struct sg_value *v;
	struct sstr ss;
	int rc = CM_OK;

	if (m->exists) {
		if (type != 'b')
			return sg_err(err, CM_FAILED, 0, "value",
			    "exists needs true or false");
		if ((v = item_add(item, budget, err)) == NULL)
			return err->rc;
		v->kind = SG_V_EXISTS;
		v->exists = (n == 4 || (n > 0 && (s[0] == 't' || s[0] == 'T')));
		return CM_OK;
	}
	if (type == 'n') {
		if (m->re || m->cidr || m->numop || m->fieldref ||
		    m->base64 || m->base64offset || m->windash)
			return sg_err(err, CM_FAILED, 0, "value",
			    "null cannot take a value modifier");
		if (keyword)
			return sg_err(err, CM_FAILED, 0, "value",
			    "null is not a keyword");
		if ((v = item_add(item, budget, err)) == NULL)
			return err->rc;
		v->kind = SG_V_NULL;
		return CM_OK;
	}
	if (m->numop) {
		if ((v = item_add(item, budget, err)) == NULL)
			return err->rc;
		if (!parse_num(s, n, &v->num))
			return sg_err(err, CM_FAILED, 0, "value",
			    "'%.*s' is not a number", (int)(n > 32 ? 32 : n), s);
		v->kind = SG_V_NUM;
		v->numop = (unsigned char)m->numop;
		return CM_OK;
	}
	if ((v = item_add(item, budget, err)) == NULL)
		return err->rc;
	if (m->re)
		return compile_re(v, m, s, n, err);
	if (m->cidr)
		return compile_cidr(v, s, n, err);
	if (m->fieldref) {
		if (keyword)
			return sg_err(err, CM_FAILED, 0, "value",
			    "fieldref needs a field");
		v->kind = SG_V_FIELDREF;
		v->cased = m->cased;
		v->mode = m->contains ? SG_CONTAINS : m->startswith ?
		    SG_PREFIX : m->endswith ? SG_SUFFIX : SG_EQ;
		v->s = malloc(n + 1);
		if (v->s == NULL)
			return sg_err(err, CM_FAILED, 0, "memory",
			    "out of memory");
		memcpy(v->s, s, n);
		v->s[n] = 0;
		v->n = n;
		return CM_OK;
	}
	memset(&ss, 0, sizeof(ss));
	cm_buf_init(&ss.buf, IPK_SIGMA_MAX_RULE_FILE);
	if (m->base64 || m->base64offset) {
		/* encode the literal value (wildcards cannot be encoded) */
		struct sstr lit;
		unsigned char *bytes = NULL;
		size_t bn = 0, k;

		memset(&lit, 0, sizeof(lit));
		cm_buf_init(&lit.buf, IPK_SIGMA_MAX_RULE_FILE);
		if (sstr_parse(&lit, s, n, 1) < 0) {
			sstr_free(&lit);
			goto nomem;
		}
		if (lit.wild) {
			sstr_free(&lit);
			return sg_err(err, CM_FAILED, 0, "value",
			    "wildcards cannot be base64 encoded");
		}
		if (m->wide || m->utf16 || m->utf16be) {
			bytes = to_utf16((const unsigned char *)cm_buf_str(&lit.buf),
			    lit.buf.len, m->utf16be, m->utf16, &bn);
			if (bytes == NULL) {
				sstr_free(&lit);
				return sg_err(err, CM_FAILED, 0, "value",
				    "value is not valid UTF-8");
			}
		} else {
			bn = lit.buf.len;
			bytes = malloc(bn + 3);
			if (bytes == NULL) {
				sstr_free(&lit);
				goto nomem;
			}
			memcpy(bytes, cm_buf_str(&lit.buf), bn);
		}
		sstr_free(&lit);
		for (k = 0; k < (m->base64offset ? 3u : 1u); k++) {
			/* pySigma: b64(k spaces + v)[start[k] : end[(len+k)%3]] */
			static const size_t start[3] = { 0, 2, 3 };
			static const size_t cut[3] = { 0, 3, 2 };
			unsigned char *pre = malloc(bn + 3);
			char *enc;
			size_t en, from, to;

			if (pre == NULL)
				goto nomem_b;
			memset(pre, ' ', k);
			memcpy(pre + k, bytes, bn);
			enc = b64(pre, bn + k, &en);
			free(pre);
			if (enc == NULL)
				goto nomem_b;
			from = m->base64offset ? start[k] : 0;
			to = m->base64offset ? en - cut[(bn + k) % 3] : en;
			if (k > 0 && (v = item_add(item, budget, err)) == NULL) {
				free(enc);
				free(bytes);
				return err->rc;
			}
			memset(&ss, 0, sizeof(ss));
			cm_buf_init(&ss.buf, IPK_SIGMA_MAX_RULE_FILE);
			if (to < from)
				to = from;
			if (sstr_lit(&ss, enc + from, to - from) < 0 ||
			    anchor(&ss, m, keyword) < 0 ||
			    value_from_sstr(v, &ss, 1) < 0) {
				free(enc);
				sstr_free(&ss);
				goto nomem_b;
			}
			free(enc);
			sstr_free(&ss);
		}
		free(bytes);
		return CM_OK;
nomem_b:
		free(bytes);
		return sg_err(err, CM_FAILED, 0, "memory", "out of memory");
	}
	if (sstr_parse(&ss, s, n, 1) < 0 ||
	    (m->windash && sstr_windash(&ss) < 0) ||
	    anchor(&ss, m, keyword) < 0 ||
	    value_from_sstr(v, &ss, m->cased) < 0) {
		sstr_free(&ss);
		goto nomem;
	}
	sstr_free(&ss);
	if (type == 'i' && v->mode == SG_EQ && !m->cased && n < 20 &&
	    parse_num(s, n, &v->num))
		v->has_num = 1;
	return rc;
nomem:
	return sg_err(err, CM_FAILED, 0, "memory", "out of memory");
}

void
sg_value_free(struct sg_value *v)
{
	free(v->s);
	free(v->tok);
	if (v->re != NULL)
		pcre2_code_free(v->re);
	memset(v, 0, sizeof(*v));
}

/* --- matching ------------------------------------------------------------------ */

/* Length of a dash character at s (- / U+2013 U+2014 U+2015), or 0. */
static size_t
dash_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == '-' || s[0] == '/'))
		return 1;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] == 0x93 || s[2] == 0x94 || s[2] == 0x95))
		return 3;
	return 0;
}

static int
glob_run(const struct sg_value *v, const unsigned char *s, size_t n)
{
	const struct sg_gtok *t = v->tok;
	const unsigned char *lit = (const unsigned char *)v->s;
	size_t nt = v->ntok, ti = 0, si = 0, star_ti = (size_t)-1, star_si = 0;

	for (;;) {
		if (ti < nt) {
			const struct sg_gtok *k = &t[ti];
			size_t used = 0;
			int ok = 0;

			switch (k->type) {
			case SG_T_STAR:
				star_ti = ti++;
				star_si = si;
				continue;
			case SG_T_LIT:
				ok = n - si >= k->len &&
				    memcmp(s + si, lit + k->off, k->len) == 0;
				used = k->len;
				break;
			case SG_T_ONE:
				ok = si < n;
				used = ok ? u8len(s + si, n - si) : 0;
				break;
			case SG_T_DASH:
				used = dash_at(s + si, n - si);
				ok = used > 0;
				break;
			}
			if (ok) {
				si += used;
				ti++;
				continue;
			}
		} else if (si == n) {
			return 1;
		}
		if (star_ti == (size_t)-1 || star_si >= n)
			return 0;
		star_si++;
		if (star_ti + 1 < nt && t[star_ti + 1].type == SG_T_LIT) {
			const struct sg_gtok *k = &t[star_ti + 1];
			const unsigned char *p = xmemmem(s + star_si, n - star_si,
			    lit + k->off, k->len);

			if (p == NULL)
				return 0;
			star_si = (size_t)(p - s);
		}
		si = star_si;
		ti = star_ti + 1;
	}
}

/* s is lowered when v is not cased. */
static int
str_match(const struct sg_value *v, const char *s, size_t n)
{
	switch (v->mode) {
	case SG_EQ:
		if (n == v->n && memcmp(s, v->s, n) == 0)
			return 1;
		if (v->has_num) {
			double d;

			return n < 40 && parse_num(s, n, &d) && d == v->num;
		}
		return 0;
	case SG_PREFIX:
		return n >= v->n && memcmp(s, v->s, v->n) == 0;
	case SG_SUFFIX:
		return n >= v->n && memcmp(s + n - v->n, v->s, v->n) == 0;
	case SG_CONTAINS:
		return xmemmem(s, n, v->s, v->n) != NULL;
	default:
		if (v->pre_len > 0 && xmemmem(s, n, v->s + v->pre_off,
		    v->pre_len) == NULL)
			return 0;
		return glob_run(v, (const unsigned char *)s, n);
	}
}

/*
 * Runs a regex.  The subject is copied into a buffer padded with zeros: the
 * JIT reads ahead of the subject's end in blocks (harmless, but it reads
 * the uninitialised spare room of the reader's buffers, which valgrind
 * reports).  A match stopped by the match limit counts as no match.
 */
static int
re_match(struct ipk_sigma_set *set, const struct sg_value *v, const char *s,
    size_t n)
{
	int rc;

	if (n + 64 > set->recap) {
		size_t cap = n + 64 > 4096 ? n + 64 : 4096;
		char *p = realloc(set->rebuf, cap);

		if (p == NULL) {
			set->st.regex_errors++;
			return 0;
		}
		set->rebuf = p;
		set->recap = cap;
	}
	memcpy(set->rebuf, s, n);
	memset(set->rebuf + n, 0, 64);
	rc = pcre2_match(v->re, (PCRE2_SPTR)set->rebuf, n, 0, 0, set->md,
	    set->mctx);
	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH)
		set->st.regex_errors++;
	return 0;
}

/* The record field a set field id names in the current view, or -1. */
static int
slot_of(struct sg_rec *r, int fid)
{
	struct ipk_sigma_set *set = r->set;

	if (fid < 0 || (size_t)fid >= set->nnames)
		return -1;
	if (set->fstamp[fid] != set->gen)
		return -1;
	return set->fslot[fid];
}

int
sg_field_index(struct sg_rec *r, int fid)
{
	const struct sg_fname *fn;
	int i;

	if (fid < 0)
		return -1;
	fn = &r->set->names[fid];
	if (fn->alias[r->view] < 0)
		return slot_of(r, fid);
	if (fn->first[r->view]) {
		i = slot_of(r, fn->alias[r->view]);
		return i >= 0 ? i : slot_of(r, fid);
	}
	i = slot_of(r, fid);
	return i >= 0 ? i : slot_of(r, fn->alias[r->view]);
}

/* The value bytes of field i, lowered (cached per record) or not. */
const char *
sg_field_bytes(struct sg_rec *r, size_t i, int lower)
{
	struct ipk_sigma_set *set = r->set;
	const struct ipk_field *f = &r->rec->fields[i];
	char *p;
	size_t k;

	if (!lower || f->value == NULL)
		return f->value;
	if (i >= CM_MAX_FIELDS)
		return NULL;
	if (set->lstamp[i] == set->gen)
		return set->lowp[i];
	if (set->arena.p == NULL || set->arena.cap - set->arena.len <
	    f->len + 1)
		return NULL;     /* never realloc: earlier copies stay valid */
	p = set->arena.p + set->arena.len;
	for (k = 0; k < f->len; k++)
		p[k] = (char)lc((unsigned char)f->value[k]);
	p[f->len] = 0;
	set->arena.len += f->len + 1;
	set->lowp[i] = p;
	set->lstamp[i] = set->gen;
	return p;
}

static int
fieldref_match(struct sg_rec *r, const struct sg_value *v, const char *s,
    size_t n)
{
	int j = sg_field_index(r, v->ref_fid);
	const struct ipk_field *g;
	const char *t;
	size_t tn;
	struct sg_value tmp;

	if (j < 0)
		return 0;
	g = &r->rec->fields[j];
	t = sg_field_bytes(r, (size_t)j, !v->cased);
	if (t == NULL)
		return 0;
	tn = g->type == IPK_V_LIST ? strlen(t) : g->len;
	memset(&tmp, 0, sizeof(tmp));
	tmp.mode = v->mode;
	tmp.s = (char *)t;
	tmp.n = tn;
	return str_match(&tmp, s, n);
}

static int
one_match(struct sg_rec *r, const struct sg_value *v, const char *raw,
    const char *low, size_t n)
{
	double d;

	switch (v->kind) {
	case SG_V_STR:
		return str_match(v, v->cased ? raw : low, n);
	case SG_V_RE:
		return re_match(r->set, v, raw, n);
	case SG_V_CIDR:
		return cidr_match(v, raw, n);
	case SG_V_NUM:
		if (!parse_num(raw, n, &d))
			return 0;
		switch (v->numop) {
		case '<':
			return d < v->num;
		case 'l':
			return d <= v->num;
		case '>':
			return d > v->num;
		default:
			return d >= v->num;
		}
	case SG_V_FIELDREF:
		return fieldref_match(r, v, v->cased ? raw : low, n);
	default:
		return 0;
	}
}

static int
needs_lower(const struct sg_value *v)
{
	return (v->kind == SG_V_STR || v->kind == SG_V_FIELDREF) && !v->cased;
}

/* Does value v match field fi of the record (any item of a list)? */
static int
value_matches(struct sg_rec *r, const struct sg_value *v, size_t fi)
{
	const struct ipk_field *f = &r->rec->fields[fi];
	const char *raw = f->value, *low = NULL;
	size_t k, items, off = 0;

	if (raw == NULL)
		return 0;
	if (needs_lower(v) && (low = sg_field_bytes(r, fi, 1)) == NULL)
		return 0;
	if (f->type != IPK_V_LIST)
		return one_match(r, v, raw, low, f->len);
	items = f->nitems;
	for (k = 0; k < items && off < f->len; k++) {
		size_t n = strnlen(raw + off, f->len - off);

		if (one_match(r, v, raw + off, low ? low + off : NULL, n))
			return 1;
		off += n + 1;
	}
	return 0;
}

static int
field_empty(const struct ipk_field *f)
{
	if (f->value == NULL)
		return 1;
	if (f->type == IPK_V_LIST)
		return f->nitems == 0;
	return f->len == 0;
}

static int
item_eval(struct sg_rec *r, const struct sg_item *it)
{
	size_t i, j;
	int fi = -1, any = 0, every = 1;

	if (it->field != NULL)
		fi = sg_field_index(r, it->fid);
	for (i = 0; i < it->nv; i++) {
		const struct sg_value *v = &it->v[i];
		int m = 0;

		if (v->kind == SG_V_EXISTS) {
			m = (fi >= 0) == (v->exists != 0);
		} else if (v->kind == SG_V_NULL) {
			m = fi < 0 || field_empty(&r->rec->fields[fi]);
		} else if (it->field == NULL) {
			for (j = 0; j < r->rec->nfields && !m; j++)
				m = value_matches(r, v, j);
		} else if (v->acnode >= 0) {
			m = fi >= 0 && sg_prefilter_hit(r, it->fid, v->acnode);
		} else if (fi >= 0) {
			m = value_matches(r, v, (size_t)fi);
		}
		if (m) {
			any = 1;
			if (!it->all)
				break;
		} else {
			every = 0;
			if (it->all)
				break;
		}
	}
	if (it->neq)
		return !any;
	return it->all ? (every && it->nv > 0) : any;
}

static int
det_eval(struct sg_rec *r, const struct sg_det *d)
{
	size_t g, i;

	for (g = 0; g < d->ng; g++) {
		const struct sg_group *gr = &d->g[g];

		for (i = 0; i < gr->n; i++)
			if (!item_eval(r, &gr->it[i]))
				break;
		if (i == gr->n)
			return 1;
	}
	return 0;
}

static int
cond_eval(struct sg_rec *r, const struct ipk_sigma_rule *rule, int n,
    signed char *memo)
{
	const struct sg_cnode *c = &rule->cn[n];

	switch (c->op) {
	case SG_C_REF:
		if (memo[c->a] < 0)
			memo[c->a] = (signed char)det_eval(r, &rule->det[c->a]);
		return memo[c->a];
	case SG_C_NOT:
		return !cond_eval(r, rule, c->a, memo);
	case SG_C_AND:
		return cond_eval(r, rule, c->a, memo) &&
		    cond_eval(r, rule, c->b, memo);
	default:
		return cond_eval(r, rule, c->a, memo) ||
		    cond_eval(r, rule, c->b, memo);
	}
}

int
sg_rule_eval(struct sg_rec *r, const struct ipk_sigma_rule *rule)
{
	signed char memo[IPK_SIGMA_MAX_DETECTIONS];

	if (rule->root < 0 || rule->ndet > IPK_SIGMA_MAX_DETECTIONS)
		return 0;
	memset(memo, -1, rule->ndet);
	return cond_eval(r, rule, rule->root, memo);
}
