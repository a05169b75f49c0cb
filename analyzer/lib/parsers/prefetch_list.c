/*
 * prefetch_list.c - the list of Prefetch files the package holds
 * (Prefetch files/PrefetchFilesList.txt).  Its exact producer is not known:
 * bare names, `dir` output, robocopy or xcopy logs all occur, so any token
 * shaped like a Prefetch file name is taken, wherever it is in a line:
 *
 *   NOTEPAD.EXE-D8414F97.pf
 *   09/07/2026  10:02 PM            12,345 CMD.EXE-0BD30981.pf
 *   	    New File  		   23456	C:\Windows\Prefetch\RUNDLL32.EXE-1C4E1A2B.pf
 *   C:\Windows\Prefetch\XCOPY.EXE-33E7A0D0.pf -> C:\...\XCOPY.EXE-33E7A0D0.pf
 *
 * A name is "<executable>-<8 hex digits>.pf" (case-insensitive).  With a
 * full path ("C:\...\X.pf", "\\server\...") the path is kept too.  Lines
 * with no name are the copy tool's own chatter and are skipped; a line that
 * mentions ".pf" without a valid name is reported.
 */
#include "ipk_private.h"

#include <string.h>

static const char *const fields[] = {
	"file_name", "executable", "prefetch_hash", "path", NULL
};

/* One name found in a line. */
struct pfname {
	const char *name;      /* "NOTEPAD.EXE-D8414F97.pf" */
	size_t namen;
	const char *path;      /* full path, or NULL */
	size_t pathn;
	size_t end;            /* offset after the name in the line */
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
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Characters that end a name: separators and quoting around it. */
static int
name_stop(int c)
{
	return c == '\\' || c == '/' || c == '"' || c == '\'' || c == '\t' ||
	    c == '|' || c == '<' || c == '>';
}

/* 1 if s[from..to) holds a tab or a run of two blanks (table columns). */
/* Offset of the first non-blank byte. */
static size_t
lead_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

static int
has_columns(const char *s, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (s[i] == '\t' ||
		    (s[i] == ' ' && i + 1 < to && s[i + 1] == ' '))
			return 1;
	return 0;
}

/*
 * Finds the next Prefetch file name in s[0..n) at or after offset from;
 * lead is the offset of the line's first non-blank byte.  Returns 1 and
 * fills p, or 0.  Looks back at most CM_MAX_PREFETCH_LIST_NAME bytes for
 * the name and CM_MAX_PREFETCH_LIST_PATH_BACK for its path, so a hostile
 * line costs linear time.
 */
static int
next_name(const char *s, size_t n, size_t from, size_t lead,
    struct pfname *p)
{
	size_t i, dash, start, k, floor;

	for (i = from; i + 3 <= n; i++) {
		if (s[i] != '.' || (s[i + 1] != 'p' && s[i + 1] != 'P') ||
		    (s[i + 2] != 'f' && s[i + 2] != 'F'))
			continue;
		/* ".pf" must end the token. */
		if (i + 3 < n && !is_blank((unsigned char)s[i + 3]) &&
		    !name_stop((unsigned char)s[i + 3]) && s[i + 3] != ',' &&
		    s[i + 3] != ';' && s[i + 3] != ')')
			continue;
		if (i < 10 || s[i - 9] != '-')
			continue;
		for (k = i - 8; k < i; k++)
			if (!is_hex((unsigned char)s[k]))
				break;
		if (k < i)
			continue;
		dash = i - 9;
		/* Back to a separator; a name may hold single spaces. */
		floor = dash > CM_MAX_PREFETCH_LIST_NAME ?
		    dash - CM_MAX_PREFETCH_LIST_NAME : 0;
		start = dash;
		while (start > floor && !name_stop((unsigned char)s[start - 1]))
			start--;
		if (start == floor && floor > 0)
			continue;       /* longer than any file name */
		memset(p, 0, sizeof(*p));
		if (memchr(s + start, ' ', dash - start) != NULL) {
			size_t b = start, tail = n;
			/* After a path separator or a tab column. */
			int sep = start > 0 && (s[start - 1] == '\\' ||
			    s[start - 1] == '/' || s[start - 1] == '\t');

			while (b < dash && s[b] == ' ')
				b++;
			while (tail > i + 3 &&
			    is_blank((unsigned char)s[tail - 1]))
				tail--;
			/*
			 * Keep the spaces inside a path ("...\A B.EXE-..pf"),
			 * a tab-separated column (robocopy) and a line that is
			 * just the name; elsewhere a blank separates columns
			 * ("12,345 X.EXE-..pf").
			 */
			if (has_columns(s, b, dash) || (!sep &&
			    (b != start || tail != i + 3 || start > lead))) {
				start = dash;
				while (start > 0 && s[start - 1] != ' ')
					start--;
			} else {
				start = b;
			}
		}
		if (start == dash)
			continue;       /* "-0123ABCD.pf": no executable */
		p->name = s + start;
		p->namen = i + 3 - start;
		p->end = i + 3;
		if (start > 0 &&
		    (s[start - 1] == '\\' || s[start - 1] == '/')) {
			/* A path: back to "X:\" or "\\" at its start. */
			size_t q = start - 1;
			size_t qfloor = q > CM_MAX_PREFETCH_LIST_PATH_BACK ?
			    q - CM_MAX_PREFETCH_LIST_PATH_BACK : 0;

			while (q > qfloor) {
				if (q >= 1 && s[q] == ':' && q + 1 < n &&
				    (s[q + 1] == '\\' || s[q + 1] == '/') &&
				    ((s[q - 1] >= 'A' && s[q - 1] <= 'Z') ||
				    (s[q - 1] >= 'a' && s[q - 1] <= 'z')) &&
				    (q == 1 || !((s[q - 2] >= 'A' &&
				    s[q - 2] <= 'Z') || (s[q - 2] >= 'a' &&
				    s[q - 2] <= 'z')))) {
					p->path = s + q - 1;
					break;
				}
				if (s[q] == '\\' && s[q - 1] == '\\' &&
				    (q == 1 || is_blank((unsigned char)s[q - 2]) ||
				    s[q - 2] == '"')) {
					p->path = s + q - 1;
					break;
				}
				if (s[q] == '\t' || s[q] == '"')
					break;
				q--;
			}
			if (p->path != NULL)
				p->pathn = (size_t)(s + i + 3 - p->path);
		}
		return 1;
	}
	return 0;
}

/*
 * 1 if the line names a ".pf" file (a token ending in ".pf"), not a
 * wildcard such as robocopy's "Files : *.pf".
 */
static int
mentions_pf(const char *s, size_t n)
{
	size_t i, b;

	for (i = 0; i + 3 <= n; i++) {
		if (s[i] != '.' || (s[i + 1] != 'p' && s[i + 1] != 'P') ||
		    (s[i + 2] != 'f' && s[i + 2] != 'F') ||
		    (i + 3 < n && !is_blank((unsigned char)s[i + 3]) &&
		    !name_stop((unsigned char)s[i + 3])))
			continue;
		for (b = i; b > 0 && !is_blank((unsigned char)s[b - 1]) &&
		    !name_stop((unsigned char)s[b - 1]); b--)
			if (s[b - 1] == '*' || s[b - 1] == '?')
				break;
		if (b > 0 && (s[b - 1] == '*' || s[b - 1] == '?'))
			continue;
		return 1;
	}
	return 0;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, seen = 0, hits = 0;
	struct pfname p;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 400) {
		if (ipk_blank(line, n))
			continue;
		seen++;
		if (next_name(line, n, 0, lead_of(line, n), &p))
			hits++;
	}
	if (hits >= 3 && hits * 3 >= seen)
		return 80;
	if (hits > 0)
		return 40;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n;
	int rc = CM_OK;

	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		struct pfname p, first;
		size_t from = 0, lead = lead_of(line, n);
		int found = 0;

		while (next_name(line, n, from, lead, &p)) {
			from = p.end;
			/* xcopy "src -> dst" names the file twice. */
			if (found && p.namen == first.namen &&
			    memcmp(p.name, first.name, p.namen) == 0)
				continue;
			if (!found)
				first = p;
			found = 1;
			ipk_rec_begin(c, l.lineno);
			ipk_rec_str(c, "file_name", p.name, p.namen);
			ipk_rec_str(c, "executable", p.name, p.namen - 12);
			ipk_rec_str(c, "prefetch_hash",
			    p.name + p.namen - 11, 8);
			if (p.path != NULL)
				ipk_rec_str(c, "path", p.path, p.pathn);
			if (ipk_rec_emit(c) == CM_FATAL)
				return CM_FATAL;
		}
		if (!found && mentions_pf(line, n))
			rc = ipk_warn(c, l.lineno, "not a Prefetch file name "
			    "(NAME-XXXXXXXX.pf): '%.*s'", shown(line, n), line);
	}
	return rc;
}

const struct ipk_parser ipk_parser_prefetch_list = {
	.name = "prefetch_list",
	.kind = "prefetch_list",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
