/*
 * smb_outbound.c - outbound SMB connections (Windows Server Message Block
 * (SMB) sessions/SMBOutboundSession): the persistent mapped drives of each
 * loaded user hive, as `reg query HKU\<SID>\Network /s` prints them,
 *
 *   HKEY_USERS\S-1-5-21-1-2-3-1001\Network\Z
 *       RemotePath    REG_SZ    \\fileserver\share
 *       UserName    REG_SZ    CORP\alice
 *       ProviderName    REG_SZ    Microsoft Windows Network
 *
 * or the connections `net use` lists,
 *
 *   Status       Local     Remote                    Network
 *   -------------------------------------------------------------------------------
 *   OK           Z:        \\fileserver\share        Microsoft Windows Network
 *
 * One "smb_outbound" record per drive key or `net use` row.  `net use`
 * labels are localized (aliases.tsv, table smb_outbound: "@header",
 * "@remembered", "@completed"); rows are found by shape (a `\\server`
 * token, an optional `X:` before it).  A long remote path pushes the
 * network name to the next line, which is joined back.
 */
#include "ipk_private.h"
#include "regquery.h"
#include "wintable.h"

#include <string.h>

static const char *const fields[] = {
	"drive", "remote_path", "user_name", "provider", "user_sid",
	"provider_type", "connection_type", "defer_flags", "status", "key",
	"source", NULL
};

/* --- registry dump ----------------------------------------------------- */

/* The drive of a key ...\Network\<drive> (no deeper), or 0. */
static int
drive_key(const char *key, size_t n, const char **drive, size_t *dn)
{
	const char *leaf;
	size_t ln, pn;

	ipk_reg_key_leaf(key, n, &leaf, &ln);
	if (ln == 0 || leaf == key)
		return 0;
	pn = (size_t)(leaf - key) - 1;      /* the parent, without the '\' */
	if (pn < 7 || !ipk_eq_ci(key + pn - 7, 7, "Network") ||
	    (pn > 7 && key[pn - 8] != '\\'))
		return 0;
	*drive = leaf;
	*dn = ln;
	return 1;
}

struct drive {
	const char *k;                   /* key path, NULL: not a drive */
	size_t kn;
	unsigned long line;              /* line of the key */
	const char *v[6];                /* values by index of names[] */
	size_t vn[6];
	int nvalues;                     /* values seen */
};

static const char *const value_names[6] = {
	"RemotePath", "UserName", "ProviderName", "ProviderType",
	"ConnectionType", "DeferFlags"
};
static const char *const value_fields[6] = {
	"remote_path", "user_name", "provider", "provider_type",
	"connection_type", "defer_flags"
};

static int
flush_drive(struct ipk_pctx *c, struct drive *d)
{
	const char *hive, *sid, *dr = NULL;
	size_t sid_len, drn = 0, i;
	int wow32, rc;

	if (d->k == NULL || d->nvalues == 0) {
		d->k = NULL;
		return CM_OK;
	}
	drive_key(d->k, d->kn, &dr, &drn);
	ipk_reg_key_parts(d->k, d->kn, &hive, &sid, &sid_len, &wow32);
	ipk_rec_begin(c, d->line);
	if (drn == 1 && ((dr[0] >= 'A' && dr[0] <= 'Z') ||
	    (dr[0] >= 'a' && dr[0] <= 'z')))
		ipk_rec_strf(c, "drive", "%c:", dr[0] & ~0x20);
	else
		ipk_rec_str(c, "drive", dr, drn);
	for (i = 0; i < 6; i++) {
		if (i == 3) {
			if (sid != NULL)
				ipk_rec_str(c, "user_sid", sid, sid_len);
		}
		if (d->v[i] != NULL)
			ipk_rec_trim(c, value_fields[i], d->v[i], d->vn[i]);
	}
	ipk_rec_str(c, "key", d->k, d->kn);
	ipk_rec_str(c, "source", "registry", (size_t)-1);
	rc = ipk_rec_emit(c);
	memset(d, 0, sizeof(*d));
	return rc;
}

static int
parse_registry(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	struct drive d;
	const char *banner = NULL, *dr;
	size_t banner_len = 0, drn, i;
	int rc = CM_OK;

	memset(&d, 0, sizeof(d));
	ipk_regq_init(&r, text, len, c);
	while (ipk_regq_next(&r, &it)) {
		switch (it.kind) {
		case IPK_REG_KEY:
			if (flush_drive(c, &d) == CM_FATAL)
				return CM_FATAL;
			banner = NULL;
			if (drive_key(it.key, it.key_len, &dr, &drn)) {
				d.k = it.key;
				d.kn = it.key_len;
				d.line = it.line;
			}
			break;
		case IPK_REG_VALUE:
			if (d.k == NULL) {
				rc = ipk_warn(c, it.line, "value outside a "
				    "mapped drive key (...\\Network\\<drive>): "
				    "'%.*s'",
				    ipk_excerpt_len(it.text, it.text_len, 60),
				    it.text);
				break;
			}
			for (i = 0; i < 6; i++) {
				if (ipk_eq_ci(it.name, it.name_len,
				    value_names[i])) {
					d.v[i] = it.data;
					d.vn[i] = it.data_len;
				}
			}
			d.nvalues++;
			break;
		case IPK_REG_GAP:
			if (flush_drive(c, &d) == CM_FATAL)
				return CM_FATAL;
			ipk_rec_begin_kind(c, "gap", it.line);
			ipk_rec_str(c, "artifact", "smb_outbound", (size_t)-1);
			ipk_rec_str(c, "status", it.gap_status, (size_t)-1);
			ipk_rec_str(c, "reason", it.text, it.text_len);
			if (banner != NULL)
				ipk_rec_str(c, "key", banner, banner_len);
			if (ipk_rec_emit(c) == CM_FATAL)
				return CM_FATAL;
			banner = NULL;
			break;
		case IPK_REG_BANNER:
			banner = it.key;
			banner_len = it.key_len;
			break;
		case IPK_REG_SUMMARY:
			break;
		case IPK_REG_OTHER:
			rc = ipk_warn(c, it.line, "not a reg query line: "
			    "'%.*s'",
			    ipk_excerpt_len(it.text, it.text_len, 60), it.text);
			break;
		}
	}
	if (flush_drive(c, &d) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

/* --- net use ------------------------------------------------------------ */

struct use_row {
	unsigned long line;
	const char *status, *drive, *remote, *provider;
	size_t status_n, drive_n, remote_n, provider_n;
	int open;           /* a row is pending */
};

/* Position of the `\\server` token, or n. */
static size_t
unc_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (s[i] == '\\' && s[i + 1] == '\\' && s[i + 2] != '\\' &&
		    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			return i;
	return n;
}

static int
is_drive(const char *s, size_t n)
{
	return n == 2 && s[1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z'));
}

static int
is_dashes(const char *s, size_t n)
{
	size_t i;

	ipk_trim(&s, &n);
	if (n < 10)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != '-')
			return 0;
	return 1;
}

static void
split_use(const char *s, size_t n, size_t p, struct use_row *u)
{
	const char *b = s, *e;
	size_t bn = p, i;

	memset(u, 0, sizeof(*u));
	ipk_trim(&b, &bn);
	/* Before the remote path: [status] [drive]. */
	if (bn >= 2 && is_drive(b + bn - 2, 2) && (bn == 2 ||
	    b[bn - 3] == ' ' || b[bn - 3] == '\t')) {
		u->drive = b + bn - 2;
		u->drive_n = 2;
		bn -= 2;
		ipk_trim(&b, &bn);
	}
	u->status = b;
	u->status_n = bn;
	/* The remote path runs to the first run of two blanks. */
	for (i = p; i < n; i++)
		if ((s[i] == ' ' && i + 1 < n && s[i + 1] == ' ') ||
		    s[i] == '\t')
			break;
	u->remote = s + p;
	u->remote_n = i - p;
	e = s + i;
	u->provider = e;
	u->provider_n = n - i;
	ipk_trim(&u->provider, &u->provider_n);
	u->open = 1;
}

static int
flush_use(struct ipk_pctx *c, struct use_row *u)
{
	int rc;

	if (!u->open)
		return CM_OK;
	ipk_rec_begin(c, u->line);
	ipk_rec_trim(c, "drive", u->drive, u->drive_n);
	ipk_rec_trim(c, "remote_path", u->remote, u->remote_n);
	ipk_rec_trim(c, "provider", u->provider, u->provider_n);
	ipk_rec_trim(c, "status", u->status, u->status_n);
	ipk_rec_str(c, "source", "net_use", (size_t)-1);
	rc = ipk_rec_emit(c);
	u->open = 0;
	return rc;
}

/* The localized fixed lines of `net use`: returns the alias or NULL. */
static const char *
use_label(const char *s, size_t n)
{
	const char *canon = ipk_alias("smb_outbound", s, n);

	if (canon != NULL && canon[0] == '@')
		return canon;
	return NULL;
}

static int
parse_net_use(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	struct use_row u;
	const char *s, *status, *phrase;
	size_t n, p;
	int rc = CM_OK;

	memset(&u, 0, sizeof(u));
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &s, &n)) {
		if (ipk_blank(s, n) || is_dashes(s, n))
			continue;
		p = unc_at(s, n);
		if (p < n) {
			if (flush_use(c, &u) == CM_FATAL)
				return CM_FATAL;
			split_use(s, n, p, &u);
			u.line = l.lineno;
			continue;
		}
		/* The network name, pushed to its own line by a long path. */
		if (u.open && u.provider_n == 0 && (s[0] == ' ' ||
		    s[0] == '\t')) {
			u.provider = s;
			u.provider_n = n;
			ipk_trim(&u.provider, &u.provider_n);
			if (flush_use(c, &u) == CM_FATAL)
				return CM_FATAL;
			continue;
		}
		if (flush_use(c, &u) == CM_FATAL)
			return CM_FATAL;
		if (use_label(s, n) != NULL)
			continue;
		status = ipk_gap_phrase(s, n, &phrase);
		if (status != NULL) {
			if (ipk_gap(c, l.lineno, status, s, n) == CM_FATAL)
				return CM_FATAL;
			continue;
		}
		rc = ipk_warn(c, l.lineno, "not a net use line: '%.*s'",
		    ipk_excerpt_len(s, n, 60), s);
	}
	if (flush_use(c, &u) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

/* --- dispatch ---------------------------------------------------------- */

/* Counts drive keys and `net use` evidence in the first lines. */
static void
survey(const char *text, size_t len, size_t *drives, size_t *netkeys,
    size_t *rows, size_t *labels)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	struct ipk_lines l;
	const char *s, *dr;
	size_t n, seen = 0, drn;
	int in_drive = 0;

	*drives = *netkeys = *rows = *labels = 0;
	ipk_regq_init(&r, text, len, NULL);
	while (seen < 400 && ipk_regq_next(&r, &it)) {
		seen++;
		if (it.kind == IPK_REG_KEY) {
			in_drive = drive_key(it.key, it.key_len, &dr, &drn);
			if (ipk_reg_key_has(it.key, it.key_len, "Network"))
				(*netkeys)++;
		} else if (it.kind == IPK_REG_VALUE && in_drive &&
		    ipk_eq_ci(it.name, it.name_len, "RemotePath")) {
			(*drives)++;
		}
	}
	ipk_lines_init(&l, text, len, NULL);
	seen = 0;
	while (seen < 200 && ipk_lines_next(&l, &s, &n)) {
		size_t p;

		if (ipk_blank(s, n))
			continue;
		seen++;
		if (use_label(s, n) != NULL) {
			(*labels)++;
			continue;
		}
		if (ipk_reg_is_key(s, n))
			continue;
		p = unc_at(s, n);
		if (p < n && p > 0)
			(*rows)++;
	}
}

static int
probe(const char *text, size_t len)
{
	size_t drives, netkeys, rows, labels;

	survey(text, len, &drives, &netkeys, &rows, &labels);
	if (drives > 0)
		return 90;
	if (netkeys > 0)
		return 40;
	if (rows > 0 && labels > 0)
		return 80;
	if (labels > 0)
		return 40;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	size_t drives, netkeys, rows, labels;

	/* `net use` output has UNC rows or its labels and no key lines. */
	survey(text, len, &drives, &netkeys, &rows, &labels);
	if (drives == 0 && netkeys == 0 && (rows > 0 || labels > 0) &&
	    ipk_regq_probe(text, len, NULL, NULL) == 0)
		return parse_net_use(c, text, len);
	return parse_registry(c, text, len);
}

const struct ipk_parser ipk_parser_smb_outbound = {
	.name = "smb_outbound",
	.kind = "smb_outbound",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
