/*
 * text.c - small helpers for parsers of console-tool text: a bounded line
 * iterator and cursor-style splitting (see ipk_private.h).
 */
#include "ipk_private.h"

#include <stdlib.h>
#include <string.h>

void
ipk_lines_init(struct ipk_lines *l, const char *text, size_t len,
    struct ipk_pctx *ctx)
{
	l->p = text;
	l->end = text + len;
	l->lineno = 0;
	l->ctx = ctx;
}

int
ipk_lines_next(struct ipk_lines *l, const char **line, size_t *len)
{
	for (;;) {
		const char *s = l->p, *e;
		size_t n;

		if (s >= l->end)
			return 0;
		e = s;
		while (e < l->end && *e != '\n' && *e != '\r')
			e++;
		n = (size_t)(e - s);
		if (e < l->end) {
			if (*e == '\r' && e + 1 < l->end && e[1] == '\n')
				e++;
			e++;
		}
		l->p = e;
		l->lineno++;
		if (n > CM_MAX_LINE) {
			if (l->ctx != NULL)
				ipk_warn(l->ctx, l->lineno, "line of %zu bytes is "
				    "longer than %d (CM_MAX_LINE); skipped", n,
				    CM_MAX_LINE);
			continue;
		}
		*line = s;
		*len = n;
		return 1;
	}
}

static int
is_blank_at(const char *s, size_t n, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v') {
		*w = 1;
		return 1;
	}
	/* U+00A0 NO-BREAK SPACE: French number and date formats use it. */
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2;
		return 1;
	}
	/* U+202F NARROW NO-BREAK SPACE (French thousands separator). */
	if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xAF) {
		*w = 3;
		return 1;
	}
	/* U+3000 IDEOGRAPHIC SPACE. */
	if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x80) {
		*w = 3;
		return 1;
	}
	return 0;
}

void
ipk_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n, w;

	while (len > 0 && is_blank_at(p, len, 0, &w)) {
		p += w;
		len -= w;
	}
	for (;;) {
		size_t k;
		int found = 0;

		if (len == 0)
			break;
		/* Try the widths a blank can have, ending at len. */
		for (k = 1; k <= 3 && k <= len; k++) {
			if (is_blank_at(p, len, len - k, &w) && w == k) {
				len -= k;
				found = 1;
				break;
			}
		}
		if (!found)
			break;
	}
	*s = p;
	*n = len;
}

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
ipk_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (i >= n || lc((unsigned char)s[i]) !=
		    lc((unsigned char)prefix[i]))
			return 0;
	return 1;
}

int
ipk_eq_ci(const char *s, size_t n, const char *t)
{
	return strlen(t) == n && ipk_prefix_ci(s, n, t);
}

int
ipk_contains_ci(const char *s, size_t n, const char *t)
{
	size_t m = strlen(t), i;

	if (m == 0)
		return 1;
	for (i = 0; i + m <= n; i++)
		if (ipk_prefix_ci(s + i, n - i, t))
			return 1;
	return 0;
}

int
ipk_blank(const char *s, size_t n)
{
	ipk_trim(&s, &n);
	return n == 0;
}

size_t
ipk_split_ws(const char *s, size_t n, size_t minsp, const char **cols,
    size_t *lens, size_t max)
{
	size_t i = 0, nc = 0, w;

	while (i < n && nc < max) {
		size_t start, end, run;

		while (i < n && is_blank_at(s, n, i, &w))
			i += w;
		if (i >= n)
			break;
		start = i;
		end = i;
		for (;;) {
			if (i >= n) {
				end = i;
				break;
			}
			if (!is_blank_at(s, n, i, &w)) {
				i++;
				continue;
			}
			/* Count the run of blanks. */
			end = i;
			run = 0;
			while (i < n && is_blank_at(s, n, i, &w)) {
				run += s[i] == '\t' ? minsp : 1;
				i += w;
			}
			if (run >= minsp || i >= n)
				break;
		}
		cols[nc] = s + start;
		lens[nc] = end - start;
		nc++;
	}
	return nc;
}

int
ipk_label_value(const char *s, size_t n, const char **label,
    size_t *label_len, const char **value, size_t *value_len)
{
	size_t i, ll;
	const char *v;
	size_t vn;

	for (i = 0; i < n; i++) {
		/* Full-width colon U+FF1A in Japanese output. */
		if (s[i] == ':' || (i + 2 < n && (unsigned char)s[i] == 0xEF &&
		    (unsigned char)s[i + 1] == 0xBC &&
		    (unsigned char)s[i + 2] == 0x9A))
			break;
	}
	if (i >= n || i == 0)
		return 0;
	ll = i;
	/* "Host Name . . . . :" and "Nom de l'hôte :" */
	while (ll > 0 && (s[ll - 1] == ' ' || s[ll - 1] == '.' ||
	    s[ll - 1] == '\t'))
		ll--;
	if (ll == 0)
		return 0;
	v = s + i + (s[i] == ':' ? 1 : 3);
	vn = n - (size_t)(v - s);
	*label = s;
	*label_len = ll;
	{
		const char *lb = s;
		size_t lbn = ll;

		ipk_trim(&lb, &lbn);
		*label = lb;
		*label_len = lbn;
	}
	ipk_trim(&v, &vn);
	*value = v;
	*value_len = vn;
	return *label_len > 0;
}

int
ipk_parse_ll(const char *s, size_t n, long long *out)
{
	long long v = 0;
	size_t i = 0;
	int neg = 0;

	ipk_trim(&s, &n);
	if (n == 0)
		return 0;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
	}
	if (i >= n)
		return 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (v > (9223372036854775807LL - (s[i] - '0')) / 10)
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return 1;
}
