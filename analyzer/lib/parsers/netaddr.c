/*
 * netaddr.c - IP address and "address:port" tokens, and address scopes
 * (see netaddr.h).
 *
 *   10.0.0.5:49712   [::]:445   [fe80::1%12]:139   *:*   LAPTOP-01:0
 *
 * Strict on shape (a token either is an address or is not), bounded
 * (no token longer than an address can be is looked at), no allocation.
 */
#include "netaddr.h"

#include <string.h>

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ipk_ipv4_parse(const char *s, size_t n, unsigned char out[4])
{
	size_t i = 0, part = 0;

	if (n < 7 || n > 15)
		return 0;
	while (part < 4) {
		unsigned v = 0, digits = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(s[i] - '0');
			digits++;
			i++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return 0;
		out[part++] = (unsigned char)v;
		if (part < 4) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n;
}

int
ipk_ipv6_parse(const char *s, size_t n, unsigned char out[16])
{
	unsigned g[8];
	size_t i = 0, k, ng = 0, j;
	long dc = -1;          /* group index where "::" stands, or -1 */

	/* A zone index: "%12", "%eth0"; checked, then ignored. */
	for (k = 0; k < n && s[k] != '%'; k++)
		;
	if (k < n) {
		if (k + 1 >= n || n - k > 32)
			return 0;
		for (j = k + 1; j < n; j++) {
			unsigned char c = (unsigned char)s[j];

			if (!((c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == '_' || c == '.' || c == '-'))
				return 0;
		}
		n = k;
	}
	if (n < 2 || n > 45)
		return 0;
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		dc = 0;
		i = 2;
	}
	while (i < n) {
		size_t st = i;
		unsigned v = 0;

		while (i < n && hexval((unsigned char)s[i]) >= 0)
			i++;
		if (i < n && s[i] == '.') {
			unsigned char v4[4];

			/* An IPv4 tail: the last two groups. */
			if (ng > 6 || !ipk_ipv4_parse(s + st, n - st, v4))
				return 0;
			g[ng++] = (unsigned)v4[0] << 8 | v4[1];
			g[ng++] = (unsigned)v4[2] << 8 | v4[3];
			i = n;
			break;
		}
		if (i == st || i - st > 4 || ng >= 8)
			return 0;
		for (j = st; j < i; j++)
			v = v * 16 + (unsigned)hexval((unsigned char)s[j]);
		g[ng++] = v;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (dc >= 0)
				return 0;
			dc = (long)ng;
			i++;
		} else if (i == n) {
			return 0;       /* a trailing single ':' */
		}
	}
	if (dc < 0 && ng != 8)
		return 0;
	if (dc >= 0 && ng > 7)
		return 0;
	memset(out, 0, 16);
	if (dc < 0) {
		for (j = 0; j < 8; j++) {
			out[2 * j] = (unsigned char)(g[j] >> 8);
			out[2 * j + 1] = (unsigned char)g[j];
		}
	} else {
		size_t head = (size_t)dc, tail = ng - head;

		for (j = 0; j < head; j++) {
			out[2 * j] = (unsigned char)(g[j] >> 8);
			out[2 * j + 1] = (unsigned char)g[j];
		}
		for (j = 0; j < tail; j++) {
			size_t at = 8 - tail + j;

			out[2 * at] = (unsigned char)(g[head + j] >> 8);
			out[2 * at + 1] = (unsigned char)g[head + j];
		}
	}
	return 1;
}

/* Removes one pair of surrounding brackets. */
static void
unbracket(const char **s, size_t *n)
{
	if (*n >= 2 && (*s)[0] == '[' && (*s)[*n - 1] == ']') {
		(*s)++;
		*n -= 2;
	}
}

int
ipk_ip_family(const char *s, size_t n)
{
	unsigned char a[16];

	unbracket(&s, &n);
	if (ipk_ipv4_parse(s, n, a))
		return 4;
	if (ipk_ipv6_parse(s, n, a))
		return 6;
	return 0;
}

static int
parse_port(const char *s, size_t n, struct ipk_endpoint *ep)
{
	long v = 0;
	size_t i;
	int letters = 0;

	ep->port_name = NULL;
	ep->port_name_len = 0;
	if (n == 1 && s[0] == '*') {
		ep->port = -1;
		return 1;
	}
	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '-' || c == '_' || c == '.')
			letters = 1;
		else if (c < '0' || c > '9')
			return 0;
		if (!letters && i < 5)
			v = v * 10 + (c - '0');
	}
	if (letters) {
		/* A service name from %SystemRoot%\...\etc\services. */
		ep->port = -2;
		ep->port_name = s;
		ep->port_name_len = n;
		return 1;
	}
	if (n > 5 || v > 65535)
		return 0;
	ep->port = v;
	return 1;
}

int
ipk_endpoint_parse(const char *s, size_t n, struct ipk_endpoint *ep)
{
	unsigned char a[16];
	size_t i, colon;

	if (n < 3 || n > 300)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return 0;
	if (s[0] == '[') {
		for (i = 1; i < n && s[i] != ']'; i++)
			;
		if (i >= n || i + 1 >= n || s[i + 1] != ':')
			return 0;
		if (!ipk_ipv6_parse(s + 1, i - 1, a))
			return 0;
		if (!parse_port(s + i + 2, n - i - 2, ep))
			return 0;
		ep->host = s + 1;
		ep->host_len = i - 1;
		ep->family = 6;
		return 1;
	}
	for (colon = n; colon > 0 && s[colon - 1] != ':'; colon--)
		;
	if (colon <= 1)
		return 0;
	colon--;               /* index of the last ':' */
	for (i = 0; i < colon; i++)
		if (s[i] == ':' || s[i] == '[' || s[i] == ']')
			return 0;
	if (!parse_port(s + colon + 1, n - colon - 1, ep))
		return 0;
	ep->host = s;
	ep->host_len = colon;
	if (colon == 1 && s[0] == '*')
		ep->family = 0;
	else if (ipk_ipv4_parse(s, colon, a))
		ep->family = 4;
	else
		ep->family = 0;
	return 1;
}

static const char *
scope4(const unsigned char a[4])
{
	if (a[0] == 0)
		return (a[1] | a[2] | a[3]) == 0 ? "any" : "reserved";
	if (a[0] == 127)
		return "loopback";
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
	    (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 100 && (a[1] & 0xC0) == 64))
		return "private";
	if (a[0] == 169 && a[1] == 254)
		return "link-local";
	if ((a[0] & 0xF0) == 224)
		return "multicast";
	if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
		return "broadcast";
	if ((a[0] & 0xF0) == 240)
		return "reserved";
	return "public";
}

static const char *
scope6(const unsigned char a[16])
{
	static const unsigned char zero[16];
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF
	};

	if (memcmp(a, zero, 16) == 0)
		return "any";
	if (memcmp(a, zero, 15) == 0 && a[15] == 1)
		return "loopback";
	if (memcmp(a, mapped, 12) == 0)
		return scope4(a + 12);
	if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80)
		return "link-local";
	if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0)
		return "private";
	if ((a[0] & 0xFE) == 0xFC)
		return "private";
	if (a[0] == 0xFF)
		return "multicast";
	return "public";
}

const char *
ipk_addr_scope(const char *s, size_t n)
{
	unsigned char a[16];

	unbracket(&s, &n);
	if (n == 1 && s[0] == '*')
		return "any";
	if (ipk_ipv4_parse(s, n, a))
		return scope4(a);
	if (ipk_ipv6_parse(s, n, a))
		return scope6(a);
	return NULL;
}
