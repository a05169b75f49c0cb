/*
 * manifest.c - the SHA-256 manifest our collector writes at the top of its
 * package (Manifest.sha256), in sha256sum's format: one member per line,
 * the digest, two blanks (or a blank and '*', binary mode), the member path
 * with '/' separators, UTF-8.
 *
 *   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  Processes/Processes.csv
 *
 * Like sha256sum, a line that starts with '\' has its path escaped ("\\"
 * for a backslash, "\n" for a newline).  The BSD form "SHA256 (path) =
 * digest" is read too.  Records: sha256 (lower case) and path; checking the
 * digests against the members is done elsewhere.
 */
#include "ipk_private.h"

#include <string.h>

static const char *const fields[] = { "sha256", "path", NULL };

static int
hex64(const char *s, size_t n)
{
	size_t i;

	if (n < 64)
		return 0;
	for (i = 0; i < 64; i++) {
		char ch = s[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		    (ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return n == 64 || !((s[64] >= '0' && s[64] <= '9') ||
	    (s[64] >= 'a' && s[64] <= 'f') || (s[64] >= 'A' && s[64] <= 'F'));
}

/*
 * Splits a manifest line.  Returns 1 with the digest and the (still
 * escaped) path, 0 if the line is not a manifest line.
 */
static int
split(const char *s, size_t n, const char **hex, const char **path,
    size_t *pathn, int *escaped)
{
	*escaped = 0;
	if (n > 0 && s[0] == '\\') {
		*escaped = 1;
		s++;
		n--;
	}
	if (hex64(s, n)) {
		if (n < 67 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*'))
			return 0;
		*hex = s;
		*path = s + 66;
		*pathn = n - 66;
		return *pathn > 0;
	}
	/* "SHA256 (path) = digest" */
	if (n > 6 + 2 + 4 + 64 && memcmp(s, "SHA256 (", 8) == 0 &&
	    hex64(s + n - 64, 64) && n >= 8 + 4 + 64 &&
	    memcmp(s + n - 64 - 4, ") = ", 4) == 0) {
		*hex = s + n - 64;
		*path = s + 8;
		*pathn = n - 64 - 4 - 8;
		return *pathn > 0;
	}
	return 0;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *hex, *path;
	size_t n, pathn, good = 0, bad = 0;
	int esc;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && good + bad < 200) {
		if (n == 0)
			continue;
		if (split(line, n, &hex, &path, &pathn, &esc))
			good++;
		else
			bad++;
	}
	if (good > 0 && bad == 0)
		return 90;
	if (good > bad)
		return 60;
	if (good > 0 && good * 4 >= good + bad)
		return 30;       /* damaged: ours by name only */
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *hex, *path;
	size_t n, pathn, i;
	int rc = CM_OK, esc;
	char lower[64];
	struct cm_buf un;

	cm_buf_init(&un, CM_MAX_PATH + 1);
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		if (!split(line, n, &hex, &path, &pathn, &esc)) {
			rc = cm_rc_worst(rc, ipk_warn(c, l.lineno, "not a "
			    "'<sha256>  <path>' line: '%.*s'",
			    (int)(n > 60 ? 60 : n), line));
			continue;
		}
		if (pathn > CM_MAX_PATH) {
			rc = cm_rc_worst(rc, ipk_warn(c, l.lineno, "path longer "
			    "than %d bytes (CM_MAX_PATH)", CM_MAX_PATH));
			continue;
		}
		for (i = 0; i < 64; i++) {
			char ch = hex[i];

			lower[i] = ch >= 'A' && ch <= 'F' ?
			    (char)(ch + ('a' - 'A')) : ch;
		}
		cm_buf_reset(&un);
		if (esc) {
			int ok = 1;

			for (i = 0; i < pathn && ok; i++) {
				char ch = path[i];

				if (ch == '\\') {
					if (i + 1 >= pathn)
						ok = 0;
					else if (path[i + 1] == '\\')
						ch = '\\';
					else if (path[i + 1] == 'n')
						ch = '\n';
					else if (path[i + 1] == 'r')
						ch = '\r';
					else
						ok = 0;
					i++;
				}
				if (ok)
					cm_buf_addc(&un, ch);
			}
			if (!ok) {
				rc = cm_rc_worst(rc, ipk_warn(c, l.lineno,
				    "bad escape in path"));
				continue;
			}
		} else {
			cm_buf_add(&un, path, pathn);
		}
		ipk_rec_begin(c, l.lineno);
		ipk_rec_str(c, "sha256", lower, 64);
		ipk_rec_str(c, "path", cm_buf_str(&un), un.len);
		if (ipk_rec_emit(c) == CM_FATAL) {
			cm_buf_free(&un);
			return CM_FATAL;
		}
	}
	cm_buf_free(&un);
	return rc;
}

const struct ipk_parser ipk_parser_manifest = {
	.name = "manifest",
	.kind = "manifest",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
