/*
 * firewall_copy.c - the output of the step that copies the firewall log
 * (Network connections/FirewallExecutionLog.txt): `netsh advfirewall show
 * currentprofile | findstr FileName`, then `xcopy /F /Y /Q`.
 *
 *   FileName                              %systemroot%\system32\LogFiles\Firewall\pfirewall.log
 *   C:\Windows\System32\LogFiles\Firewall\pfirewall.log -> C:\...\pfirewall.log
 *   1 File(s) copied
 *
 * or, when firewall logging is off:
 *
 *   File not found - pfirewall.log
 *   0 File(s) copied
 *
 * One record per meaningful line, with what it says (status) and the text.
 * A file made only of failure lines is turned into a "gap" record by the
 * reader before this parser runs (gaps.tsv); when failures come with other
 * lines (the netsh line), this parser adds the gap record itself.
 */
#include "ipk_private.h"

#include <string.h>

static const char *const fields[] = {
	"status", "count", "source", "destination", "file", "text", NULL
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

/* A line with control characters or U+FFFD: not text a tool printed. */
static int
garbled(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 && ch != '\t')
			return 1;
		if (ch == 0xEF && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0xBF &&
		    (unsigned char)s[i + 2] == 0xBD)
			return 1;
	}
	return 0;
}

/* Finds needle in s[0..n); returns its offset or n. */
static size_t
find(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return i;
	return n;
}

/* "X:\..." or "\\server\...": a full path. */
static int
is_path(const char *s, size_t n)
{
	if (n >= 3 && ((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' && s[2] == '\\')
		return 1;
	return n >= 3 && s[0] == '\\' && s[1] == '\\';
}

/* What a line says, and its parts. */
struct what {
	const char *status;
	long long count;
	int has_count;
	const char *src, *dst, *file;
	size_t srcn, dstn, filen;
};

/* Classifies a trimmed line; returns 0 for lines to skip ("Ok."). */
static int
classify(const char *s, size_t n, struct what *w)
{
	const char *st, *phrase, *canon, *lc;
	const char *cols[4];
	size_t lens[4], k, at;

	memset(w, 0, sizeof(*w));
	w->status = "other";
	lc = ipk_alias("firewall_copy", s, n);
	if (lc != NULL && strcmp(lc, "ok") == 0)
		return 0;
	at = find(s, n, " -> ");
	if (at < n) {
		w->status = "copied";
		w->src = s;
		w->srcn = at;
		w->dst = s + at + 4;
		w->dstn = n - at - 4;
		ipk_trim(&w->src, &w->srcn);
		ipk_trim(&w->dst, &w->dstn);
		return 1;
	}
	/* Counts first: "10 File(s) copied" contains "0 File(s) copied". */
	k = ipk_split_ws(s, n, 1, cols, lens, 2);
	if (k == 2 && ipk_parse_ll(cols[0], lens[0], &w->count)) {
		const char *rest = cols[1];
		size_t restn = n - (size_t)(cols[1] - s);

		canon = ipk_alias("firewall_copy", rest, restn);
		if (canon != NULL && strcmp(canon, "files_copied") == 0) {
			w->has_count = 1;
			w->status = w->count > 0 ? "copied" : "not_copied";
			return 1;
		}
	}
	st = ipk_gap_phrase(s, n, &phrase);
	if (st != NULL) {
		if (strncmp(phrase, "File not found", 14) == 0 ||
		    strncmp(phrase, "File Not Found", 14) == 0 ||
		    strstr(phrase, "cannot find") != NULL) {
			w->status = "not_found";
			at = find(s, n, " - ");
			if (at < n) {
				w->file = s + at + 3;
				w->filen = n - at - 3;
				ipk_trim(&w->file, &w->filen);
			}
		} else if (strstr(phrase, "denied") != NULL) {
			w->status = "denied";
		} else if (strstr(phrase, "copied") != NULL) {
			w->status = "not_copied";
			w->count = 0;
			w->has_count = 1;
		}
		return 1;
	}
	if (lc != NULL && strcmp(lc, "copy_error") == 0) {
		w->status = "error";
		return 1;
	}
	k = ipk_split_ws(s, n, 2, cols, lens, 2);
	canon = k == 2 ? ipk_alias("firewall_copy", cols[0], lens[0]) : NULL;
	if (canon != NULL && strcmp(canon, "log_file_name") == 0) {
		/* netsh: "FileName    %systemroot%\...\pfirewall.log" */
		w->status = "setting";
		w->src = cols[1];
		w->srcn = n - (size_t)(cols[1] - s);
		ipk_trim(&w->src, &w->srcn);
		return 1;
	}
	if (is_path(s, n)) {
		/* xcopy without /F prints the source alone. */
		w->status = "copied";
		w->src = s;
		w->srcn = n;
	}
	return 1;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, seen = 0, copy = 0, pf = 0;
	int firewall = 0;
	struct what w;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 50) {
		ipk_trim(&line, &n);
		if (n == 0)
			continue;
		seen++;
		if (line[0] == '#')
			return 0;       /* the log itself (W3C headers) */
		if (ipk_contains_ci(line, n, "pfirewall"))
			firewall = 1;
		if (ipk_contains_ci(line, n, ".pf"))
			pf++;
		/* Evidence of xcopy: "a -> b", counts, "File not found". */
		if (classify(line, n, &w) && (w.dst != NULL || w.has_count ||
		    w.file != NULL || strcmp(w.status, "setting") == 0))
			copy++;
	}
	if (seen > 20 || pf > 0)
		return 0;       /* a longer copy log: not this step */
	if (firewall && copy > 0)
		return 80;
	if (copy > 0)
		return 25;      /* enough for a member with this step's name */
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *fail = NULL;
	size_t n, failn = 0;
	unsigned long failline = 0;
	int rc = CM_OK, copied = 0;
	struct what w;

	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		ipk_trim(&line, &n);
		if (n == 0)
			continue;
		if (garbled(line, n)) {
			rc = ipk_warn(c, l.lineno, "not text of the copy step: "
			    "'%.*s'", shown(line, n), line);
			continue;
		}
		if (!classify(line, n, &w))
			continue;
		if (strcmp(w.status, "copied") == 0)
			copied = 1;
		if (fail == NULL && (strcmp(w.status, "not_found") == 0 ||
		    strcmp(w.status, "not_copied") == 0 ||
		    strcmp(w.status, "denied") == 0 ||
		    strcmp(w.status, "error") == 0)) {
			fail = line;
			failn = n;
			failline = l.lineno;
		}
		ipk_rec_begin(c, l.lineno);
		ipk_rec_str(c, "status", w.status, (size_t)-1);
		if (w.has_count)
			ipk_rec_int(c, "count", w.count);
		if (w.srcn > 0)
			ipk_rec_str(c, "source", w.src, w.srcn);
		if (w.dstn > 0)
			ipk_rec_str(c, "destination", w.dst, w.dstn);
		if (w.filen > 0)
			ipk_rec_str(c, "file", w.file, w.filen);
		ipk_rec_str(c, "text", line, n);
		if (ipk_rec_emit(c) == CM_FATAL)
			return CM_FATAL;
	}
	if (!copied && fail != NULL &&
	    ipk_gap(c, failline, "not_collected", fail, failn) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

const struct ipk_parser ipk_parser_firewall_copy = {
	.name = "firewall_copy",
	.kind = "firewall_copy",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
