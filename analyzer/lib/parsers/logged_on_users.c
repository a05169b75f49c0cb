/*
 * logged_on_users.c - sessions on the host, `query user` output (Users and
 * Groups/QueryUser.txt).
 *
 *    USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME
 *   >bob                   console             1  Active      none   9/7/2026 10:05 PM
 *    alice                                     2  Disc            3  9/6/2026 8:00 AM
 *
 * The header, the states and the idle words are localized ("UTILISATEUR",
 * "Actif", "Déco", "aucun"; "ユーザー名", "アクティブ", "切断", "なし"), so
 * rows are read from the right: the logon time (a localized date and time),
 * the idle time, the state, the numeric session id; what is left is the
 * user name and the session name, which starts at the header's second
 * column (23 cells when there is no header).  A disconnected session has
 * no session name.  '>' in the first column marks the session that ran
 * the command.  "No User exists for *" (nobody logged on) is a gap.
 */
#include "ipk_private.h"
#include "system_info.h"

#include <string.h>

static const char *const fields[] = {
	"user", "session_name", "id", "state", "state_norm", "idle_time",
	"logon_time_raw", "logon_time", "current", NULL
};

struct qrow {
	int current;              /* '>' */
	const char *user;
	size_t usern;
	const char *session;
	size_t sessionn;
	long long id;
	const char *state;
	size_t staten;
	const char *idle;
	size_t idlen;
	const char *logon;
	size_t logonn;
	struct ipk_dt dt;
};

static int
is_bl(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Tokens separated by blanks: starts and lengths.  Returns the count. */
static size_t
tokens(const char *s, size_t n, const char **t, size_t *tl, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n && k < max) {
		size_t st;

		while (i < n && is_bl(s[i]))
			i++;
		if (i >= n)
			break;
		st = i;
		while (i < n && !is_bl(s[i]))
			i++;
		t[k] = s + st;
		tl[k] = i - st;
		k++;
	}
	return k;
}

/* A header line: the column of its second heading (cells), or 0. */
static size_t
header(const char *s, size_t n)
{
	const char *t[CM_MAX_LOGGED_ON_USERS_TOKENS];
	size_t tl[CM_MAX_LOGGED_ON_USERS_TOKENS], k, i, run = 0;
	int has_id = 0;

	k = tokens(s, n, t, tl, CM_MAX_LOGGED_ON_USERS_TOKENS);
	if (k < 4)
		return 0;
	for (i = 0; i < k; i++)
		if (tl[i] == 2 && memcmp(t[i], "ID", 2) == 0)
			has_id = 1;
	if (!has_id)
		return 0;
	/* The second heading starts after the first run of 2+ blanks. */
	for (i = (size_t)(t[0] - s); i < n; i++) {
		if (is_bl(s[i])) {
			run++;
			continue;
		}
		if (run >= 2)
			return ipk_cells(s, i);
		run = 0;
	}
	return 0;
}

/*
 * Reads a session row.  scol is the session name column (cells).
 * Returns 1, or 0 with *why set if the line is not a row.
 */
static int
read_row(const char *s, size_t n, size_t scol, struct qrow *r,
    const char **why)
{
	const char *t[CM_MAX_LOGGED_ON_USERS_TOKENS];
	size_t tl[CM_MAX_LOGGED_ON_USERS_TOKENS], k, i, d, nu, first_sess;
	const char *end = s + n;

	memset(r, 0, sizeof(*r));
	*why = "too few columns";
	if (n < 2)
		return 0;
	r->current = s[0] == '>';
	k = tokens(s + 1, n - 1, t, tl, CM_MAX_LOGGED_ON_USERS_TOKENS);
	if (k < 5)
		return 0;
	/* The logon time: the rightmost token from which a date runs to the end. */
	*why = "no logon time";
	for (d = k; d-- > 0;) {
		const char *e = end;
		size_t len = (size_t)(e - t[d]), got;

		while (len > 0 && is_bl(t[d][len - 1]))
			len--;
		got = ipk_dt_scan(t[d], len, &r->dt);
		if (got > 0 && got == len)
			break;
	}
	if (d == (size_t)-1 || d < 4)
		return 0;
	r->logon = t[d];
	r->logonn = (size_t)(end - t[d]);
	while (r->logonn > 0 && is_bl(r->logon[r->logonn - 1]))
		r->logonn--;
	r->idle = t[d - 1];
	r->idlen = tl[d - 1];
	r->state = t[d - 2];
	r->staten = tl[d - 2];
	*why = "no numeric session id";
	if (!ipk_parse_ll(t[d - 3], tl[d - 3], &r->id) || r->id < 0)
		return 0;
	nu = d - 3;              /* tokens of user and session name */
	*why = "no user name";
	if (nu == 0)
		return 0;
	first_sess = nu;
	if (nu >= 2) {
		for (i = 1; i < nu; i++) {
			size_t col = ipk_cells(s, (size_t)(t[i] - s));

			if (col + 1 >= scol) {
				first_sess = i;
				break;
			}
		}
		/* A session name is one word: the rest is the user's. */
		if (first_sess < nu - 1)
			first_sess = nu - 1;
	}
	r->user = t[0];
	r->usern = (size_t)(t[first_sess - 1] + tl[first_sess - 1] - t[0]);
	if (first_sess < nu) {
		r->session = t[first_sess];
		r->sessionn = tl[first_sess];
	}
	return 1;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *why;
	size_t n, hdr = 0, rows = 0, other = 0, seen = 0;
	struct qrow r;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 100) {
		if (ipk_blank(line, n) || ipk_prompt_line(line, n))
			continue;
		seen++;
		if (hdr == 0 && header(line, n) > 0)
			hdr = 1;
		else if (read_row(line, n, 23, &r, &why))
			rows++;
		else
			other++;
	}
	if (hdr && rows > 0 && other == 0)
		return 95;
	if (hdr && rows > 0)
		return 70;
	if (rows > 0 && other == 0)
		return 55;
	if (hdr)
		return 30;
	return 0;
}

/* The date order the header's language suggests. */
static int
header_order(const char *s, size_t n)
{
	const char *t[2];
	size_t tl[2];

	if (tokens(s, n, t, tl, 1) == 1 && ipk_eq_ci(t[0], tl[0], "USERNAME"))
		return IPK_DO_MDY;
	return IPK_DO_DMY;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *why;
	size_t n, scol = 23;
	int rc = CM_OK, order = IPK_DO_UNKNOWN, hint = IPK_DO_UNKNOWN;
	int seen_mdy = 0, seen_dmy = 0, have_header = 0;
	struct qrow r;

	/* First pass: the header and the date order the rows prove. */
	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		size_t h;

		if (!have_header && (h = header(line, n)) > 0) {
			have_header = 1;
			if (h >= 10 && h <= 40)
				scol = h;
			hint = header_order(line, n);
			continue;
		}
		if (read_row(line, n, scol, &r, &why)) {
			int o = ipk_dt_order(&r.dt);

			seen_mdy |= o == IPK_DO_MDY;
			seen_dmy |= o == IPK_DO_DMY;
		}
	}
	order = seen_mdy && !seen_dmy ? IPK_DO_MDY :
	    seen_dmy && !seen_mdy ? IPK_DO_DMY :
	    !seen_mdy && !seen_dmy ? hint : IPK_DO_UNKNOWN;

	have_header = 0;
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *canon, *phrase;
		char iso[24];

		if (ipk_blank(line, n) || ipk_prompt_line(line, n))
			continue;
		if (!have_header && header(line, n) > 0) {
			have_header = 1;
			continue;
		}
		if (!read_row(line, n, scol, &r, &why)) {
			if (ipk_gap_phrase(line, n, &phrase) != NULL) {
				ipk_note(c, l.lineno, "query user says: %.*s",
				    (int)(n > 100 ? 100 : n), line);
				continue;
			}
			rc = cm_rc_worst(rc, ipk_warn(c, l.lineno, "not a "
			    "query user row (%s): '%.*s'", why,
			    (int)(n > 60 ? 60 : n), line));
			continue;
		}
		ipk_rec_begin(c, l.lineno);
		ipk_rec_str(c, "user", r.user, r.usern);
		if (r.session != NULL)
			ipk_rec_str(c, "session_name", r.session, r.sessionn);
		ipk_rec_int(c, "id", r.id);
		ipk_rec_str(c, "state", r.state, r.staten);
		canon = ipk_alias("logged_on_users", r.state, r.staten);
		if (canon != NULL && strncmp(canon, "state_", 6) == 0)
			ipk_rec_str(c, "state_norm", canon + 6, (size_t)-1);
		ipk_rec_str(c, "idle_time", r.idle, r.idlen);
		ipk_rec_str(c, "logon_time_raw", r.logon, r.logonn);
		if (ipk_dt_iso(&r.dt, order, iso, sizeof(iso)))
			ipk_rec_str(c, "logon_time", iso, (size_t)-1);
		ipk_rec_str(c, "current", r.current ? "true" : "false",
		    (size_t)-1);
		if (ipk_rec_emit(c) == CM_FATAL)
			return CM_FATAL;
	}
	return rc;
}

const struct ipk_parser ipk_parser_logged_on_users = {
	.name = "logged_on_users",
	.kind = "logged_on_users",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
