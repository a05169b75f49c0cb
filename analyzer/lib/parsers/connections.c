/*
 * connections.c - active connections and listening ports, `netstat -anob`
 * output (Network connections/ActiveNetConnections.txt); -ano, -an and
 * -abo (host names instead of addresses) are read too.
 *
 *   Active Connections
 *
 *     Proto  Local Address          Foreign Address        State           PID
 *     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       740
 *     RpcEptMapper
 *    [svchost.exe]
 *     TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4
 *    Can not obtain ownership information
 *     UDP    [::]:5353              *:*                                    2210
 *    [chrome.exe]
 *
 * Rows are recognised by shape (a protocol word, then two address:port
 * tokens), not by the localized title and header.  With -b, the lines after
 * a row name the service (one word), the process ("[name.exe]"), or say
 * that the owner is unknown (a localized sentence, listed in aliases.tsv).
 * The state is kept as printed (German netstat translates it: "ABHÖREN")
 * and also given in English as state_norm.
 */
#include "ipk_private.h"
#include "netaddr.h"

#include <string.h>

static const char *const fields[] = {
	"protocol", "local_address", "local_port", "local_port_name",
	"local_scope", "remote_address", "remote_port", "remote_port_name",
	"remote_scope", "state", "state_norm",
	"pid", "process", "service", "owner_note", NULL
};

/* The canonical states (the English words of MIB_TCP_STATE). */
static const char *const states[] = {
	"CLOSED", "LISTENING", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT", "DELETE_TCB", "BOUND", NULL
};

/* One netstat row and the -b lines that follow it. */
struct row {
	unsigned long line;          /* source line of the row */
	const char *proto;           /* "TCP", "UDP"... */
	size_t proton;
	struct ipk_endpoint local;   /* local address and port */
	struct ipk_endpoint remote;  /* foreign address and port */
	const char *state;           /* as printed, or NULL (UDP) */
	size_t staten;
	long long pid;               /* owning process id */
	int has_pid;                 /* 0 without -o */
	const char *process;         /* from " [svchost.exe]", or NULL */
	size_t processn;
	const char *service;         /* from "  RpcEptMapper", or NULL */
	size_t servicen;
	const char *note;            /* "Can not obtain...", or NULL */
	size_t noten;
};

/* Bytes of s[0..n) to show in a message: at most 60, on a UTF-8 boundary. */
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
is_proto(const char *s, size_t n)
{
	return ipk_eq_ci(s, n, "TCP") || ipk_eq_ci(s, n, "UDP") ||
	    ipk_eq_ci(s, n, "TCPv6") || ipk_eq_ci(s, n, "UDPv6");
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 10)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Reads a netstat row; 1 if the line is one. */
static int
parse_row(const char *s, size_t n, struct row *r)
{
	const char *cols[10];
	size_t lens[10], k, last;

	k = ipk_split_ws(s, n, 1, cols, lens, 10);
	if (k < 3 || k >= 10 || !is_proto(cols[0], lens[0]))
		return 0;
	memset(r, 0, sizeof(*r));
	if (!ipk_endpoint_parse(cols[1], lens[1], &r->local) ||
	    r->local.port == -1)
		return 0;
	if (!ipk_endpoint_parse(cols[2], lens[2], &r->remote))
		return 0;
	r->proto = cols[0];
	r->proton = lens[0];
	last = k;
	if (k > 3 && all_digits(cols[k - 1], lens[k - 1]) &&
	    ipk_parse_ll(cols[k - 1], lens[k - 1], &r->pid)) {
		r->has_pid = 1;
		last = k - 1;
	}
	if (last > 3) {
		/* The state, as one span (a translation may hold a space). */
		r->state = cols[3];
		r->staten = (size_t)(cols[last - 1] + lens[last - 1] - cols[3]);
	}
	return 1;
}

static const char *
state_norm(const char *s, size_t n)
{
	const char *canon = ipk_alias("connections", s, n);
	size_t i;

	if (canon == NULL)
		return NULL;
	for (i = 0; states[i] != NULL; i++)
		if (strcmp(states[i], canon) == 0)
			return states[i];
	return NULL;
}

/* The title ("Active Connections") or the column header ("Proto ..."). */
static int
is_chrome(const char *s, size_t n)
{
	const char *cols[8], *canon;
	size_t lens[8], k;

	k = ipk_split_ws(s, n, 2, cols, lens, 8);
	if (k == 0)
		return 0;
	canon = ipk_alias("connections", cols[0], lens[0]);
	return canon != NULL && (strcmp(canon, "title") == 0 ||
	    strcmp(canon, "protocol") == 0);
}

static int
emit(struct ipk_pctx *c, const struct row *r)
{
	const char *scope;

	ipk_rec_begin(c, r->line);
	ipk_rec_str(c, "protocol", r->proto, r->proton);
	ipk_rec_str(c, "local_address", r->local.host, r->local.host_len);
	if (r->local.port >= 0)
		ipk_rec_int(c, "local_port", r->local.port);
	if (r->local.port_name != NULL)
		ipk_rec_str(c, "local_port_name", r->local.port_name,
		    r->local.port_name_len);
	scope = ipk_addr_scope(r->local.host, r->local.host_len);
	if (scope != NULL)
		ipk_rec_str(c, "local_scope", scope, (size_t)-1);
	ipk_rec_str(c, "remote_address", r->remote.host, r->remote.host_len);
	if (r->remote.port >= 0)
		ipk_rec_int(c, "remote_port", r->remote.port);
	if (r->remote.port_name != NULL)
		ipk_rec_str(c, "remote_port_name", r->remote.port_name,
		    r->remote.port_name_len);
	scope = ipk_addr_scope(r->remote.host, r->remote.host_len);
	if (scope != NULL)
		ipk_rec_str(c, "remote_scope", scope, (size_t)-1);
	if (r->state != NULL) {
		const char *norm = state_norm(r->state, r->staten);

		ipk_rec_str(c, "state", r->state, r->staten);
		if (norm != NULL)
			ipk_rec_str(c, "state_norm", norm, (size_t)-1);
	}
	if (r->has_pid)
		ipk_rec_int(c, "pid", r->pid);
	if (r->process != NULL)
		ipk_rec_str(c, "process", r->process, r->processn);
	if (r->service != NULL)
		ipk_rec_str(c, "service", r->service, r->servicen);
	if (r->note != NULL)
		ipk_rec_str(c, "owner_note", r->note, r->noten);
	return ipk_rec_emit(c);
}

/*
 * A -b line after row r: " [svchost.exe]", "  RpcEptMapper", or the
 * localized "Can not obtain ownership information".  Returns 1 if it is
 * one (recorded in r), 0 if the line is something else.
 */
static int
owner_line(const char *s, size_t n, struct row *r)
{
	const char *canon;
	size_t i;

	ipk_trim(&s, &n);
	if (n >= 3 && s[0] == '[' && s[n - 1] == ']') {
		if (r->process == NULL) {
			r->process = s + 1;
			r->processn = n - 2;
			ipk_trim(&r->process, &r->processn);
		}
		return 1;
	}
	canon = ipk_alias("connections", s, n);
	if (canon != NULL && strcmp(canon, "owner_unavailable") == 0) {
		if (r->note == NULL) {
			r->note = s;
			r->noten = n;
		}
		return 1;
	}
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return 0;
	if (r->service == NULL) {
		r->service = s;
		r->servicen = n;
	}
	return 1;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, seen = 0, rows = 0, chrome = 0;
	struct row r;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 200) {
		if (ipk_blank(line, n))
			continue;
		seen++;
		if (parse_row(line, n, &r))
			rows++;
		else if (is_chrome(line, n))
			chrome++;
	}
	if (rows == 0)
		return 0;
	if (rows >= 3 || chrome > 0)
		return 90;
	return 60;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n;
	struct row pending, r;
	int have = 0, rc = CM_OK;

	memset(&pending, 0, sizeof(pending));
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		if (parse_row(line, n, &r)) {
			if (have && emit(c, &pending) == CM_FATAL)
				return CM_FATAL;
			r.line = l.lineno;
			pending = r;
			have = 1;
			continue;
		}
		if (is_chrome(line, n))
			continue;
		if (!have)
			continue;       /* text before the first row */
		if (owner_line(line, n, &pending))
			continue;
		rc = ipk_warn(c, l.lineno, "not a netstat row or -b owner "
		    "line: '%.*s'", shown(line, n), line);
	}
	if (have && emit(c, &pending) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

const struct ipk_parser ipk_parser_connections = {
	.name = "connections",
	.kind = "connections",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
