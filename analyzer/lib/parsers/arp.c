/*
 * arp.c - the ARP table, `arp -a` output (Network connections/Arp.txt).
 *
 *   Interface: 10.0.0.11 --- 0x6
 *     Internet Address      Physical Address      Type
 *     10.0.0.1              12-34-56-78-9a-bc     dynamic
 *
 * Labels are localized ("Interface :", "Adresse Internet"), so rows are
 * recognised by shape: an IPv4 address, a MAC address, a word.  The type
 * word is kept as printed ("dynamic", "dynamique", "動的").
 */
#include "ipk_private.h"

#include <string.h>

static const char *const fields[] = {
	"interface", "interface_index", "ip", "mac", "type", NULL
};

static int
is_ipv4(const char *s, size_t n)
{
	size_t i, dots = 0, digits = 0;

	if (n < 7 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (digits == 0)
				return 0;
			dots++;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (++digits > 3)
				return 0;
		} else {
			return 0;
		}
	}
	return dots == 3 && digits > 0;
}

static int
is_mac(const char *s, size_t n)
{
	size_t i;

	if (n != 17)
		return 0;
	for (i = 0; i < n; i++) {
		if (i % 3 == 2) {
			if (s[i] != '-' && s[i] != ':')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

/* "Interface: 10.0.0.11 --- 0x6": a word, ':', an IPv4, "---", a hex index. */
static int
interface_line(const char *s, size_t n, const char **ip, size_t *ipn,
    const char **idx, size_t *idxn)
{
	const char *cols[8];
	size_t lens[8], k, i;

	k = ipk_split_ws(s, n, 1, cols, lens, 8);
	for (i = 0; i + 2 < k; i++) {
		if (is_ipv4(cols[i], lens[i]) && lens[i + 1] == 3 &&
		    memcmp(cols[i + 1], "---", 3) == 0) {
			*ip = cols[i];
			*ipn = lens[i];
			*idx = cols[i + 2];
			*idxn = lens[i + 2];
			return 1;
		}
	}
	return 0;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *a, *b;
	size_t n, an, bn, rows = 0, ifaces = 0, seen = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 200) {
		const char *cols[4];
		size_t lens[4], k;

		if (ipk_blank(line, n))
			continue;
		seen++;
		if (interface_line(line, n, &a, &an, &b, &bn)) {
			ifaces++;
			continue;
		}
		k = ipk_split_ws(line, n, 1, cols, lens, 4);
		if (k == 3 && is_ipv4(cols[0], lens[0]) &&
		    is_mac(cols[1], lens[1]))
			rows++;
	}
	if (ifaces > 0 && rows > 0)
		return 90;
	if (ifaces > 0)
		return 60;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *ifip = NULL, *ifidx = NULL;
	size_t n, ifipn = 0, ifidxn = 0;
	int rc = CM_OK, in_table = 0;

	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *cols[4];
		size_t lens[4], k;

		if (ipk_blank(line, n))
			continue;
		if (interface_line(line, n, &ifip, &ifipn, &ifidx, &ifidxn)) {
			in_table = 0;
			continue;
		}
		k = ipk_split_ws(line, n, 1, cols, lens, 4);
		if (k == 3 && is_ipv4(cols[0], lens[0]) &&
		    is_mac(cols[1], lens[1])) {
			in_table = 1;
			ipk_rec_begin(c, l.lineno);
			ipk_rec_str(c, "interface", ifip, ifipn);
			ipk_rec_str(c, "interface_index", ifidx, ifidxn);
			ipk_rec_str(c, "ip", cols[0], lens[0]);
			ipk_rec_str(c, "mac", cols[1], lens[1]);
			ipk_rec_str(c, "type", cols[2], lens[2]);
			if (ipk_rec_emit(c) == CM_FATAL)
				return CM_FATAL;
			continue;
		}
		if (ifip != NULL && !in_table)
			continue;     /* the localized column header line */
		rc = ipk_warn(c, l.lineno, "not an ARP table row: '%.*s'",
		    (int)(n > 60 ? 60 : n), line);
	}
	return rc;
}

const struct ipk_parser ipk_parser_arp = {
	.name = "arp",
	.kind = "arp",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
