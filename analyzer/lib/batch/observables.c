/*
 * observables.c - the observables of one analysed package: the addresses,
 * domains, files, service and task names, accounts and host names its
 * records name, for `invpkg ioc` and for correlation across hosts.
 *
 * Each observable has a type, a normalised value (ASCII lower case; IP
 * addresses in their canonical form, IPv4-mapped IPv6 as IPv4; a task's
 * leading '\' dropped; a domain's trailing '.' dropped), the value as the
 * record gave it, and a role saying where it was seen.  For example the
 * services record
 *   {"kind":"services","name":"MsDiagSync","image":"C:\\Users\\Public\\svc.exe",
 *    "image_path":"C:\\Users\\Public\\svc.exe -k netsvcs",...}
 * gives service "msdiagsync" (detail: its command), file
 * "c:\users\public\svc.exe" and file_name "svc.exe", all with role
 * "service".  One package's repeats are counted, not stored twice.
 *
 * An observable is "suspicious" when a record naming it is the evidence
 * of a finding at medium or above that no allowlist suppressed.  Only some
 * are eligible for the shared-observable rule (correlate = 1): service
 * and task names (with their program), files with an absolute path outside
 * the Windows folder and their names, Temp file names, domains, and public
 * addresses seen as remote ends.  Accounts and host names never are; own
 * and inbound addresses serve the lateral movement rule (correlate.c).
 */
#include "batch.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct ex {
	struct bt_result *r;       /* the result being filled */
	size_t cap;                /* allocated observables */
	uint32_t *slots;           /* hash table: observable index + 1, or 0 */
	size_t nslots;             /* a power of two */
	const struct ipk_record *rec; /* record being read */
	int susp;                  /* it is evidence of a finding >= medium */
	int failed;                /* out of memory */
};

static uint32_t
fnv(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xff) * 16777619u;
}

static int
grow_slots(struct ex *x)
{
	size_t n = x->nslots ? x->nslots * 2 : 1024, i;
	uint32_t *s = calloc(n, sizeof(*s));

	if (s == NULL)
		return -1;
	for (i = 0; i < x->r->nobs; i++) {
		const struct bt_obs *o = &x->r->obs[i];
		size_t k = fnv(fnv(fnv(fnv(2166136261u, o->type), o->role),
		    o->value), o->detail) & (n - 1);

		while (s[k] != 0)
			k = (k + 1) & (n - 1);
		s[k] = (uint32_t)(i + 1);
	}
	free(x->slots);
	x->slots = s;
	x->nslots = n;
	return 0;
}

/* Adds (or counts again) one observable; strings are copied. */
static void
add(struct ex *x, const char *type, const char *role, const char *value,
    const char *display, const char *detail, int correlate)
{
	struct bt_result *r = x->r;
	struct bt_obs *o;
	size_t k;
	uint32_t h;

	if (x->failed || value[0] == '\0')
		return;
	if (detail == NULL)
		detail = "";
	if ((r->nobs + 1) * 2 > x->nslots && grow_slots(x) != 0) {
		x->failed = 1;
		return;
	}
	h = fnv(fnv(fnv(fnv(2166136261u, type), role), value), detail);
	for (k = h & (x->nslots - 1); x->slots[k] != 0;
	    k = (k + 1) & (x->nslots - 1)) {
		o = &r->obs[x->slots[k] - 1];
		if (strcmp(o->value, value) == 0 && strcmp(o->type, type) == 0 &&
		    strcmp(o->role, role) == 0 && strcmp(o->detail, detail) == 0) {
			o->count++;
			o->suspicious |= x->susp;
			o->correlate |= correlate;
			return;
		}
	}
	if (r->nobs >= IPK_BATCH_MAX_OBSERVABLES) {
		r->obs_dropped++;
		return;
	}
	if (r->nobs == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 256;
		struct bt_obs *no = realloc(r->obs, ncap * sizeof(*no));

		if (no == NULL) {
			x->failed = 1;
			return;
		}
		r->obs = no;
		x->cap = ncap;
	}
	o = &r->obs[r->nobs];
	memset(o, 0, sizeof(*o));
	o->type = type;            /* static strings */
	o->role = role;
	o->value = bt_strdup(&r->arena, value, (size_t)-1);
	o->display = bt_strdup(&r->arena, display, (size_t)-1);
	o->detail = detail[0] != '\0' ? bt_strdup(&r->arena, detail,
	    (size_t)-1) : "";
	o->artifact = bt_strdup(&r->arena, x->rec->kind, (size_t)-1);
	o->member = bt_strdup(&r->arena, x->rec->member, (size_t)-1);
	if (o->value == NULL || o->display == NULL || o->detail == NULL ||
	    o->artifact == NULL || o->member == NULL) {
		x->failed = 1;
		return;
	}
	o->line = x->rec->line;
	o->count = 1;
	o->suspicious = x->susp;
	o->correlate = correlate;
	x->slots[k] = (uint32_t)(++r->nobs);
}

/* Trims blanks and quotes, lower-cases ASCII; 0 if empty or too long. */
static int
norm_text(const char *s, char *out, size_t outsz)
{
	size_t n, i;

	while (*s == ' ' || *s == '\t' || *s == '"' || *s == '\'')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= outsz)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') :
		    s[i];
	out[n] = '\0';
	return 1;
}

/* Values that mean "none" in Windows outputs. */
static int
is_none(const char *v)
{
	return strcmp(v, "-") == 0 || strcmp(v, "n/a") == 0 ||
	    strcmp(v, "none") == 0 || strcmp(v, "*") == 0 ||
	    strcmp(v, "null") == 0;
}

/*
 * Canonical form of an IP address: brackets, a zone and leading '\\'
 * dropped, IPv4-mapped IPv6 given as IPv4.  0 if s is not an address.
 */
static int
norm_ip(const char *s, char *out, size_t outsz, int *v6, unsigned char b[16])
{
	char buf[INET6_ADDRSTRLEN + 16];
	size_t n;
	char *p;

	while (*s == '\\' || *s == ' ' || *s == '[')
		s++;
	n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	if ((p = strchr(buf, ']')) != NULL)
		*p = '\0';
	if ((p = strchr(buf, '%')) != NULL)
		*p = '\0';
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (inet_pton(AF_INET, buf, b) == 1) {
		*v6 = 0;
		return inet_ntop(AF_INET, b, out, (socklen_t)outsz) != NULL;
	}
	if (inet_pton(AF_INET6, buf, b) != 1)
		return 0;
	if (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memmove(b, b + 12, 4);
		*v6 = 0;
		return inet_ntop(AF_INET, b, out, (socklen_t)outsz) != NULL;
	}
	*v6 = 1;
	return inet_ntop(AF_INET6, b, out, (socklen_t)outsz) != NULL;
}

/* 1 public, 0 private or special (b as norm_ip gives it). */
static int
ip_public(int v6, const unsigned char *b)
{
	static const unsigned char zero[16];

	if (!v6) {
		if (b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224)
			return 0;
		if (b[0] == 100 && (b[1] & 0xc0) == 64)
			return 0;          /* 100.64/10, carrier NAT */
		if ((b[0] == 169 && b[1] == 254) ||
		    (b[0] == 172 && (b[1] & 0xf0) == 16) ||
		    (b[0] == 192 && b[1] == 168))
			return 0;
		return 1;
	}
	if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
		return 0;                  /* :: and ::1 */
	if (b[0] == 0xff || (b[0] & 0xfe) == 0xfc ||
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return 0;                  /* multicast, ULA, link-local */
	return 1;
}

/* Loopback, unspecified or link-local: no host's address to others. */
static int
ip_local(int v6, const unsigned char *b)
{
	static const unsigned char zero[16];

	if (!v6)
		return b[0] == 0 || b[0] == 127 || (b[0] == 169 && b[1] == 254) ||
		    (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255);
	return (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) ||
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

int
bt_ip_public(const char *s)
{
	char out[INET6_ADDRSTRLEN];
	unsigned char b[16];
	int v6;

	if (!norm_ip(s, out, sizeof(out), &v6, b))
		return -1;
	return ip_public(v6, b);
}

static void
add_host(struct ex *x, const char *role, const char *raw)
{
	char v[256];
	size_t i;

	while (*raw == '\\')
		raw++;
	if (!norm_text(raw, v, sizeof(v)) || is_none(v))
		return;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] == '.') {
			v[i] = '\0';  /* the short name identifies a host */
			break;
		}
		if (v[i] == ' ' || v[i] == '\\' || v[i] == '/')
			return;
	}
	if (v[0] == '\0' || strcmp(v, "localhost") == 0)
		return;
	add(x, "host", role, v, raw, NULL, 0);
}

/*
 * An address.  Roles own and inbound_* keep private addresses (lateral
 * movement); remote and dns keep every address but only public ones are
 * eligible for correlation.  A name where an address was expected (net
 * session shows \\HOST) becomes a host observable.
 */
static void
add_ip(struct ex *x, const char *role, const char *raw)
{
	char v[INET6_ADDRSTRLEN];
	unsigned char b[16];
	int v6, pub;

	if (raw == NULL)
		return;
	if (!norm_ip(raw, v, sizeof(v), &v6, b)) {
		if (strncmp(role, "inbound", 7) == 0 ||
		    strncmp(role, "outbound", 8) == 0)
			add_host(x, role, raw);
		return;
	}
	if (ip_local(v6, b))
		return;
	pub = ip_public(v6, b);
	add(x, "ip", role, v, raw, NULL, pub && strcmp(role, "own") != 0);
}

/*
 * A file under the Windows folder (System32, SysWOW64...): the same on
 * every host, so never correlated.  v is normalised (lower case, '\').
 */
static int
under_windows(const char *v)
{
	const char *p = v;

	if (strncmp(p, "\\??\\", 4) == 0 || strncmp(p, "\\\\?\\", 4) == 0)
		p += 4;
	if (strncmp(p, "%systemroot%\\", 13) == 0 ||
	    strncmp(p, "%windir%\\", 9) == 0 ||
	    strncmp(p, "\\systemroot\\", 12) == 0 ||
	    strncmp(p, "system32\\", 9) == 0)
		return 1;
	if (strncmp(p, "\\volume{", 8) == 0 ||
	    strncmp(p, "\\device\\harddiskvolume", 22) == 0) {
		/* Past the volume component: \VOLUME{...}\WINDOWS\... */
		p = strchr(p + 8, '\\');
		return p != NULL && strncmp(p, "\\windows\\", 9) == 0;
	}
	return p[0] != '\0' && p[1] == ':' && strncmp(p + 2, "\\windows\\", 9) ==
	    0;
}

/* An absolute path: drive, UNC, or a Prefetch volume path. */
static int
absolute(const char *v)
{
	return (v[0] != '\0' && v[1] == ':' && v[2] == '\\') ||
	    strncmp(v, "\\\\", 2) == 0 || strncmp(v, "\\volume{", 8) == 0 ||
	    strncmp(v, "\\device\\", 8) == 0 || strncmp(v, "%", 1) == 0;
}

/* Normalised path: lower case, '/' as '\'; 0 if none. */
static int
norm_path(const char *raw, char *v, size_t vsz)
{
	char *p;

	if (raw == NULL || !norm_text(raw, v, vsz) || is_none(v))
		return 0;
	for (p = v; *p != '\0'; p++)
		if (*p == '/')
			*p = '\\';
	return 1;
}

/* A program or file path: file (when absolute) and file_name. */
static void
add_file(struct ex *x, const char *role, const char *raw, int name_eligible)
{
	char v[IPK_BATCH_MAX_VALUE];
	const char *base, *rbase;
	int elig;

	if (!norm_path(raw, v, sizeof(v)))
		return;
	base = strrchr(v, '\\');
	base = base != NULL ? base + 1 : v;
	rbase = strrchr(raw, '\\');
	rbase = rbase != NULL ? rbase + 1 : raw;
	elig = absolute(v) && !under_windows(v);
	if (absolute(v))
		add(x, "file", role, v, raw, NULL, elig);
	if (base[0] != '\0')
		add(x, "file_name", role, base, rbase, NULL, elig ||
		    name_eligible);
}

/* A service, task, account or domain name. */
static void
add_name(struct ex *x, const char *type, const char *role, const char *raw,
    const char *detail_raw, int correlate)
{
	char v[IPK_BATCH_MAX_VALUE], d[IPK_BATCH_MAX_VALUE];
	const char *p = v;
	size_t n;

	if (raw == NULL || !norm_text(raw, v, sizeof(v)) || is_none(v))
		return;
	if (strcmp(type, "task") == 0)
		while (*p == '\\')
			p++;
	if (strcmp(type, "domain") == 0) {
		n = strlen(v);
		while (n > 0 && v[n - 1] == '.')
			v[--n] = '\0';
		if (strchr(v, '.') == NULL || strchr(v, ' ') != NULL)
			return;
	}
	if (detail_raw == NULL || !norm_path(detail_raw, d, sizeof(d)))
		d[0] = '\0';
	add(x, type, role, p, raw, d, correlate);
}

static const char *
get(const struct ipk_record *r, const char *name)
{
	const char *v = ipk_record_get(r, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* Every item of a (list) field. */
static void
each_item(struct ex *x, const char *name, const char *role,
    void (*fn)(struct ex *, const char *, const char *))
{
	const struct ipk_field *f = ipk_record_field(x->rec, name);
	const char *p, *end;
	size_t i;

	if (f == NULL || f->value == NULL)
		return;
	if (f->type != IPK_V_LIST) {
		fn(x, role, f->value);
		return;
	}
	p = f->value;
	end = f->value + f->len;
	for (i = 0; i < f->nitems && p < end; i++) {
		fn(x, role, p);
		p += strlen(p) + 1;
	}
}

/* The role of a connection: inbound_<service> to a known port, or remote. */
static const char *
inbound_role(const char *port)
{
	if (port == NULL)
		return NULL;
	if (strcmp(port, "445") == 0 || strcmp(port, "139") == 0)
		return "inbound_smb";
	if (strcmp(port, "3389") == 0)
		return "inbound_rdp";
	if (strcmp(port, "5985") == 0 || strcmp(port, "5986") == 0)
		return "inbound_winrm";
	return NULL;
}

static void
from_event(struct ex *x)
{
	const struct ipk_record *r = x->rec;
	const char *id = get(r, "EventID"), *lt, *role, *v;

	if (id == NULL)
		return;
	if (strcmp(id, "4624") == 0 || strcmp(id, "4625") == 0) {
		lt = get(r, "LogonType");
		role = strcmp(id, "4625") == 0 ? "failed_logon" :
		    lt != NULL && strcmp(lt, "10") == 0 ? "inbound_rdp" :
		    lt != NULL && strcmp(lt, "3") == 0 ? "inbound_logon" : "logon";
		add_ip(x, role, get(r, "IpAddress"));
		if (strcmp(role, "logon") != 0 && (v = get(r,
		    "WorkstationName")) != NULL)
			add_host(x, role, v);
		add_name(x, "account", "logon", get(r, "TargetUserName"), NULL, 0);
	} else if (strcmp(id, "4778") == 0) {
		add_ip(x, "inbound_rdp", get(r, "ClientAddress"));
		if ((v = get(r, "ClientName")) != NULL)
			add_host(x, "inbound_rdp", v);
	} else if (strcmp(id, "5140") == 0 || strcmp(id, "5145") == 0) {
		add_ip(x, "inbound_smb", get(r, "IpAddress"));
		add_name(x, "account", "inbound_smb", get(r, "SubjectUserName"),
		    NULL, 0);
	} else if (strcmp(id, "7045") == 0 || strcmp(id, "4697") == 0) {
		v = get(r, "ImagePath");
		if (v == NULL)
			v = get(r, "ServiceFileName");
		add_name(x, "service", "service", get(r, "ServiceName"), v, 1);
		add_file(x, "service", v, 0);
	} else if (strcmp(id, "4698") == 0) {
		add_name(x, "task", "task", get(r, "TaskName"), NULL, 1);
	} else if (strcmp(id, "4688") == 0) {
		add_file(x, "process", get(r, "NewProcessName"), 0);
	} else if (strcmp(id, "4720") == 0) {
		add_name(x, "account", "created", get(r, "TargetUserName"), NULL,
		    0);
	}
}

static void
from_record(struct ex *x)
{
	const struct ipk_record *r = x->rec;
	const char *k = r->kind, *v, *role;

	if (strcmp(k, "services") == 0) {
		v = get(r, "image_path");
		add_name(x, "service", "service", get(r, "name"), v != NULL ? v :
		    get(r, "image"), 1);
		add_file(x, "service", (v = get(r, "target_path")) != NULL ? v :
		    get(r, "image"), 0);
		add_name(x, "account", "service", get(r, "account"), NULL, 0);
	} else if (strcmp(k, "scheduled_tasks") == 0) {
		v = get(r, "task_to_run");
		add_name(x, "task", "task", get(r, "task_name"), v != NULL ? v :
		    get(r, "image"), 1);
		add_file(x, "task", (v = get(r, "target_path")) != NULL ? v :
		    get(r, "image"), 0);
		add_name(x, "account", "task", get(r, "run_as_user"), NULL, 0);
	} else if (strcmp(k, "autoruns") == 0) {
		add_file(x, "autorun", get(r, "target_path"), 0);
	} else if (strcmp(k, "processes") == 0) {
		v = get(r, "image");
		add_file(x, "process", v != NULL ? v : get(r, "name"), 0);
	} else if (strcmp(k, "prefetch") == 0) {
		v = get(r, "path");
		add_file(x, "prefetch", v != NULL ? v : get(r, "executable"), 0);
	} else if (strcmp(k, "prefetch_list") == 0) {
		add_file(x, "prefetch", get(r, "executable"), 0);
	} else if (strcmp(k, "temp_files") == 0) {
		v = get(r, "is_dir");
		if (v == NULL || strcmp(v, "true") != 0)
			add_file(x, "temp", (v = get(r, "path")) != NULL ? v :
			    get(r, "name"), 1);
	} else if (strcmp(k, "connections") == 0) {
		v = get(r, "state_norm");
		if (v != NULL && strcmp(v, "LISTENING") == 0)
			return;
		role = inbound_role(get(r, "local_port"));
		add_ip(x, role != NULL ? role : "remote", get(r, "remote_address"));
	} else if (strcmp(k, "dns_cache") == 0) {
		add_name(x, "domain", "dns", get(r, "record_name"), NULL, 1);
		add_name(x, "domain", "dns", get(r, "query_name"), NULL, 1);
		v = get(r, "data_type");
		if (v != NULL && (strcmp(v, "A") == 0 || strcmp(v, "AAAA") == 0))
			add_ip(x, "dns", get(r, "data"));
	} else if (strcmp(k, "firewall_log") == 0) {
		v = get(r, "path");
		if (v != NULL && strcmp(v, "SEND") == 0)
			add_ip(x, "remote", get(r, "dst_ip"));
		else if (v != NULL && strcmp(v, "RECEIVE") == 0 &&
		    (role = inbound_role(get(r, "dst_port"))) != NULL &&
		    (v = get(r, "action")) != NULL && strcmp(v, "ALLOW") == 0)
			add_ip(x, role, get(r, "src_ip"));
	} else if (strcmp(k, "smb_inbound") == 0) {
		add_ip(x, "inbound_smb", get(r, "client"));
		add_name(x, "account", "inbound_smb", get(r, "user"), NULL, 0);
	} else if (strcmp(k, "smb_outbound") == 0) {
		char srv[256];
		const char *p;
		size_t n;

		v = get(r, "remote_path");
		if (v == NULL || strncmp(v, "\\\\", 2) != 0)
			return;
		p = strchr(v + 2, '\\');
		n = p != NULL ? (size_t)(p - v - 2) : strlen(v + 2);
		if (n == 0 || n >= sizeof(srv))
			return;
		memcpy(srv, v + 2, n);
		srv[n] = '\0';
		add_ip(x, "outbound_smb", srv);
	} else if (strcmp(k, "ipconfig") == 0) {
		if ((v = get(r, "host_name")) != NULL)
			add_host(x, "own", v);
		each_item(x, "ipv4_address", "own", add_ip);
		each_item(x, "ipv6_address", "own", add_ip);
	} else if (strcmp(k, "system_info") == 0) {
		if ((v = get(r, "host_name")) != NULL)
			add_host(x, "own", v);
		each_item(x, "ip_addresses", "own", add_ip);
	} else if (strcmp(k, "local_groups") == 0) {
		add_name(x, "account", "local_group", get(r, "field_member"), NULL,
		    0);
	} else if (strcmp(k, "logged_on_users") == 0) {
		add_name(x, "account", "logon", get(r, "user"), NULL, 0);
	} else if (strcmp(k, "event") == 0) {
		from_event(x);
	}
}

int
bt_observables(struct bt_result *r, const struct ipk_analysis *a)
{
	const struct ipk_record *recs;
	const struct ipk_finding *f;
	unsigned char *susp;
	size_t n, nf, i;
	struct ex x;

	memset(&x, 0, sizeof(x));
	x.r = r;
	recs = ipk_analysis_records(a, &n);
	f = ipk_analysis_findings(a, &nf);
	susp = calloc(n + 1, 1);
	if (susp == NULL)
		return -1;
	for (i = 0; i < nf; i++) {
		const char *lv = f[i].level;

		if (f[i].suppressed != NULL || f[i].record < recs ||
		    f[i].record >= recs + n)
			continue;
		if (strcmp(lv, "medium") == 0 || strcmp(lv, "high") == 0 ||
		    strcmp(lv, "critical") == 0)
			susp[f[i].record - recs] = 1;
	}
	/* The verdict's host is the package's own, whatever the records say. */
	if (r->host != NULL && r->host[0] != '\0' && n > 0) {
		struct ipk_record self = recs[0];

		self.kind = "verdict";
		x.rec = &self;
		add_host(&x, "own", r->host);
	}
	for (i = 0; i < n && !x.failed; i++) {
		x.rec = &recs[i];
		x.susp = susp[i];
		from_record(&x);
	}
	free(susp);
	free(x.slots);
	return x.failed ? -1 : 0;
}
