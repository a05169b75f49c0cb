/*
 * ipconfig.c - adapter configuration, `ipconfig /all` output
 * (Network connections/IpConfig.txt).
 *
 *   Windows IP Configuration
 *
 *      Host Name . . . . . . . . . . . . : WS-017
 *      Primary Dns Suffix  . . . . . . . : corp.example
 *
 *   Ethernet adapter Ethernet0:
 *
 *      Description . . . . . . . . . . . : Intel(R) 82574L Gigabit Network
 *      Physical Address. . . . . . . . . : 00-0C-29-3A-4B-5C
 *      IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred)
 *      DNS Servers . . . . . . . . . . . : 10.0.0.2
 *                                          10.0.0.3
 *
 * One record for the host part ("Windows IP Configuration", section
 * "host") and one per adapter (section "adapter").  Adapter headers are
 * found by shape (a line at the margin ending in ':'), labels through
 * aliases.tsv (table ipconfig; English, French, Japanese).  A deeply
 * indented line without a label continues the field above (several DNS
 * servers, an IPv6 and an IPv4 gateway).  Labels we do not know are kept
 * in "other" as "Label: value", so nothing is lost on other languages.
 * Address states such as "(Preferred)", "(préféré)", "(優先)" are removed.
 */
#include "ipk_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields, in schema order; lists may repeat or continue. */
static const struct {
	const char *name;
	int list;       /* 1: a LIST field */
	int addr;       /* 1: strip "(Preferred)" and the like */
} spec[] = {
	{ "section", 0, 0 },
	{ "adapter", 0, 0 },
	{ "adapter_name", 0, 0 },
	{ "host_name", 0, 0 },
	{ "primary_dns_suffix", 0, 0 },
	{ "node_type", 0, 0 },
	{ "ip_routing_enabled", 0, 0 },
	{ "wins_proxy_enabled", 0, 0 },
	{ "dns_suffix_search_list", 1, 0 },
	{ "media_state", 0, 0 },
	{ "connection_dns_suffix", 0, 0 },
	{ "description", 0, 0 },
	{ "physical_address", 0, 0 },
	{ "dhcp_enabled", 0, 0 },
	{ "autoconfiguration_enabled", 0, 0 },
	{ "ipv6_address", 1, 1 },
	{ "temporary_ipv6_address", 1, 1 },
	{ "link_local_ipv6_address", 1, 1 },
	{ "ipv4_address", 1, 1 },
	{ "autoconfiguration_ipv4_address", 1, 1 },
	{ "subnet_mask", 1, 0 },
	{ "lease_obtained", 0, 0 },
	{ "lease_expires", 0, 0 },
	{ "default_gateway", 1, 1 },
	{ "dhcp_server", 0, 0 },
	{ "dhcpv6_iaid", 0, 0 },
	{ "dhcpv6_client_duid", 0, 0 },
	{ "dns_servers", 1, 0 },
	{ "primary_wins_server", 0, 0 },
	{ "secondary_wins_server", 1, 0 },
	{ "netbios_over_tcpip", 0, 0 },
	{ "other", 1, 0 },
	{ NULL, 0, 0 }
};

#define NSPEC (sizeof(spec) / sizeof(spec[0]) - 1)
#define F_SECTION 0
#define F_ADAPTER 1
#define F_ADAPTER_NAME 2
#define F_OTHER (NSPEC - 1)

static const char *const fields[NSPEC + 1] = {
	"section", "adapter", "adapter_name", "host_name",
	"primary_dns_suffix", "node_type", "ip_routing_enabled",
	"wins_proxy_enabled", "dns_suffix_search_list", "media_state",
	"connection_dns_suffix", "description", "physical_address",
	"dhcp_enabled", "autoconfiguration_enabled", "ipv6_address",
	"temporary_ipv6_address", "link_local_ipv6_address", "ipv4_address",
	"autoconfiguration_ipv4_address", "subnet_mask", "lease_obtained",
	"lease_expires", "default_gateway", "dhcp_server", "dhcpv6_iaid",
	"dhcpv6_client_duid", "dns_servers", "primary_wins_server",
	"secondary_wins_server", "netbios_over_tcpip", "other", NULL
};

/* A value: a span of the text, or for "other" a label and a value. */
struct val {
	const char *p;         /* value */
	size_t n;
	const char *label;     /* "other" only: the label */
	size_t labeln;
};

/* One block: the host part or an adapter. */
struct block {
	int active;                    /* 1 once something is in it */
	int adapter;                   /* 0: host part, 1: adapter */
	unsigned long line;            /* first line */
	size_t nv[NSPEC];              /* values per field */
	struct val v[NSPEC][CM_MAX_IPCONFIG_VALUES];
	int last;                      /* field of the last label, or -1 */
	const char *last_label;        /* that label (for "other") */
	size_t last_labeln;
	int dropped;                   /* values over CM_MAX_IPCONFIG_VALUES */
};

static int
shown(const char *s, size_t n)
{
	if (n <= 60)
		return (int)n;
	n = 60;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static int
all_dashes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '-')
			return 0;
	return 1;
}

static int
field_index(const char *name)
{
	size_t i;

	for (i = 0; i < NSPEC; i++)
		if (strcmp(spec[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Columns of leading blanks (a tab counts 8). */
static size_t
indent(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		w += s[i] == '\t' ? 8 : 1;
	return w;
}

/* "Label . . . : value": a label with a dot leader. */
static int
dot_leader(const char *s, size_t n)
{
	return ipk_contains_ci(s, n, ". .") || ipk_contains_ci(s, n, "..:") ||
	    ipk_contains_ci(s, n, ". :");
}

/*
 * An adapter header: at the margin, ending in ':' (French " :", or the
 * full-width U+FF1A), no dot leader.  Sets the header without the colon.
 */
static int
adapter_header(const char *s, size_t n, const char **h, size_t *hn)
{
	if (n == 0 || s[0] == ' ' || s[0] == '\t' || dot_leader(s, n))
		return 0;
	ipk_trim(&s, &n);
	if (n >= 2 && s[n - 1] == ':')
		n--;
	else if (n >= 4 && (unsigned char)s[n - 3] == 0xEF &&
	    (unsigned char)s[n - 2] == 0xBC && (unsigned char)s[n - 1] == 0x9A)
		n -= 3;
	else
		return 0;
	ipk_trim(&s, &n);
	if (n == 0)
		return 0;
	*h = s;
	*hn = n;
	return 1;
}

/* The name in an adapter header ("Ethernet adapter Ethernet0": "Ethernet0"). */
static void
adapter_name(const char *h, size_t hn, const char **name, size_t *nn)
{
	static const char *const seps[] = {
		" adapter ", "-adapter ", "\xe3\x82\xa2\xe3\x83\x80\xe3\x83\x97"
		"\xe3\x82\xbf\xe3\x83\xbc ",           /* "アダプター " */
		NULL
	};
	static const char *const fr[] = {
		"Carte Ethernet ", "Carte r\xc3\xa9seau sans fil ",
		"Carte Tunnel ", "Carte PPP ", "Carte inconnue ", NULL
	};
	size_t i, k;

	*name = NULL;
	*nn = 0;
	for (i = 0; seps[i] != NULL; i++) {
		size_t m = strlen(seps[i]);

		for (k = 0; k + m <= hn; k++) {
			if (ipk_prefix_ci(h + k, hn - k, seps[i])) {
				*name = h + k + m;
				*nn = hn - k - m;
				ipk_trim(name, nn);
				return;
			}
		}
	}
	for (i = 0; fr[i] != NULL; i++) {
		size_t m = strlen(fr[i]);

		if (hn > m && ipk_prefix_ci(h, hn, fr[i])) {
			*name = h + m;
			*nn = hn - m;
			ipk_trim(name, nn);
			return;
		}
	}
}

/* Removes a trailing "(Preferred)" from an address value. */
static void
strip_state(const char **v, size_t *n)
{
	size_t k;

	if (*n < 3 || (*v)[*n - 1] != ')')
		return;
	for (k = *n - 1; k > 0 && (*v)[k] != '('; k--)
		;
	if (k == 0)
		return;
	*n = k;
	ipk_trim(v, n);
}

static void
add_value(struct ipk_pctx *c, struct block *b, int f, const char *v,
    size_t n, const char *label, size_t labeln, unsigned long line)
{
	ipk_trim(&v, &n);
	if (n == 0)
		return;
	if (spec[f].addr)
		strip_state(&v, &n);
	if (b->nv[f] >= (spec[f].list ? CM_MAX_IPCONFIG_VALUES : 1)) {
		if (spec[f].list && !b->dropped)
			ipk_note(c, line, "more than %d values for %s; the "
			    "rest are not kept", CM_MAX_IPCONFIG_VALUES,
			    spec[f].name);
		b->dropped = spec[f].list;
		if (!spec[f].list && f != F_OTHER && b->nv[F_OTHER] <
		    CM_MAX_IPCONFIG_VALUES) {
			/* A label seen twice: keep the second in "other". */
			struct val *o = &b->v[F_OTHER][b->nv[F_OTHER]++];

			o->p = v;
			o->n = n;
			o->label = label;
			o->labeln = labeln;
		}
		return;
	}
	b->v[f][b->nv[f]].p = v;
	b->v[f][b->nv[f]].n = n;
	b->v[f][b->nv[f]].label = label;
	b->v[f][b->nv[f]].labeln = labeln;
	b->nv[f]++;
	b->active = 1;
}

static int
emit(struct ipk_pctx *c, struct block *b)
{
	size_t f, i;
	char tmp[1024];

	if (!b->active)
		return CM_OK;
	ipk_rec_begin(c, b->line);
	ipk_rec_str(c, "section", b->adapter ? "adapter" : "host", (size_t)-1);
	for (f = 1; f < NSPEC; f++) {
		if (b->nv[f] == 0)
			continue;
		if (!spec[f].list) {
			ipk_rec_str(c, spec[f].name, b->v[f][0].p,
			    b->v[f][0].n);
			continue;
		}
		ipk_rec_list_begin(c, spec[f].name);
		for (i = 0; i < b->nv[f]; i++) {
			const struct val *x = &b->v[f][i];

			if (f == F_OTHER) {
				int k = snprintf(tmp, sizeof(tmp), "%.*s: %.*s",
				    (int)x->labeln, x->label, (int)x->n, x->p);

				if (k < 0)
					continue;
				if ((size_t)k >= sizeof(tmp))
					k = (int)sizeof(tmp) - 1;
				ipk_rec_list_add(c, tmp, (size_t)k);
			} else {
				ipk_rec_list_add(c, x->p, x->n);
			}
		}
		ipk_rec_list_end(c);
	}
	return ipk_rec_emit(c);
}

static void
block_start(struct block *b, int adapter, unsigned long line)
{
	memset(b->nv, 0, sizeof(b->nv));
	b->active = 0;
	b->adapter = adapter;
	b->line = line;
	b->last = -1;
	b->last_label = NULL;
	b->last_labeln = 0;
	b->dropped = 0;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *lb, *v, *h;
	size_t n, lbn, vn, hn, seen = 0, headers = 0, leaders = 0, known = 0;
	size_t dashes = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 300) {
		const char *t = line;
		size_t tn = n;

		if (ipk_blank(line, n))
			continue;
		seen++;
		ipk_trim(&t, &tn);
		if (tn >= 10 && all_dashes(t, tn))
			dashes++;
		if (adapter_header(line, n, &h, &hn)) {
			headers++;
		} else if (dot_leader(line, n) &&
		    ipk_label_value(line, n, &lb, &lbn, &v, &vn)) {
			const char *canon = ipk_alias("ipconfig", lb, lbn);

			leaders++;
			if (canon != NULL && field_index(canon) > 0)
				known++;
		}
	}
	if (dashes > 0)
		return 0;       /* ipconfig /displaydns, not /all */
	if (known >= 3 && headers > 0)
		return 90;
	if (leaders >= 3 && headers > 0)
		return 60;
	if (known >= 3)
		return 50;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *lb, *v, *h;
	size_t n, lbn, vn, hn;
	struct block *b;
	int rc = CM_OK, labels_seen = 0;

	b = malloc(sizeof(*b));
	if (b == NULL)
		return ipk_fail(c, 0, "out of memory");
	block_start(b, 0, 0);
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		if (adapter_header(line, n, &h, &hn)) {
			const char *an;
			size_t ann;

			if (emit(c, b) == CM_FATAL)
				goto fatal;
			block_start(b, 1, l.lineno);
			add_value(c, b, F_ADAPTER, h, hn, NULL, 0, l.lineno);
			adapter_name(h, hn, &an, &ann);
			if (an != NULL)
				add_value(c, b, F_ADAPTER_NAME, an, ann, NULL,
				    0, l.lineno);
			continue;
		}
		if (indent(line, n) >= 8 && b->last >= 0 &&
		    !dot_leader(line, n)) {
			/* A continuation of the last field. */
			int f = b->last;

			if (!spec[f].list)
				f = (int)F_OTHER;
			add_value(c, b, f, line, n, b->last_label,
			    b->last_labeln, l.lineno);
			continue;
		}
		if (ipk_label_value(line, n, &lb, &lbn, &v, &vn) &&
		    (dot_leader(line, n) || indent(line, n) > 0)) {
			const char *canon = ipk_alias("ipconfig", lb, lbn);
			int f = canon != NULL ? field_index(canon) : -1;

			if (f <= F_ADAPTER_NAME)
				f = (int)F_OTHER;
			if (b->line == 0)
				b->line = l.lineno;
			add_value(c, b, f, v, vn, lb, lbn, l.lineno);
			b->last = f;
			b->last_label = lb;
			b->last_labeln = lbn;
			labels_seen = 1;
			continue;
		}
		/* The title, "Windows IP Configuration" (again if appended). */
		if (indent(line, n) == 0 && (!labels_seen ||
		    ipk_alias("ipconfig", line, n) != NULL))
			continue;
		rc = ipk_warn(c, l.lineno, "not an ipconfig line: '%.*s'",
		    shown(line, n), line);
	}
	if (emit(c, b) == CM_FATAL)
		goto fatal;
	free(b);
	return rc;
fatal:
	free(b);
	return CM_FATAL;
}

const struct ipk_parser ipk_parser_ipconfig = {
	.name = "ipconfig",
	.kind = "ipconfig",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
