/*
 * temp_files.c - listings of a profile's Temp folder, `dir /a /q /s
 * <profile>\AppData\Local\Temp` output (Temp Directories/
 * <user>_TempDirFiles.txt).
 *
 *    Volume in drive C has no label.
 *    Directory of C:\Users\bob\AppData\Local\Temp
 *
 *   09/07/2026  10:02 PM    <DIR>          NT AUTHORITY\SYSTEM    .
 *   09/07/2026  09:58 PM         1,234,567 CORP\bob               rclone.exe
 *                  1 File(s)      1,234,567 bytes
 *
 * Rows are recognised by shape: a localized date and time at the start of
 * the line ("09/07/2026  10:02 PM", "07/09/2026  22:02", "2026/09/07
 * 22:02"), then "<DIR>" (or "<REP>", "<JUNCTION>"...) or a size with any
 * thousands separator (',', '.', NBSP, U+202F).  What follows starts at one
 * column for the whole listing (measured on the "<DIR>" rows): with /q, an
 * owner column of 23 character cells (longer owners are cut, unknown ones
 * print "..."), then the name.  Directory headers are the indented lines
 * holding a path ("Directory of C:\...", "Répertoire de C:\...",
 * "C:\... のディレクトリ").  Summary lines are indented too and skipped.
 *
 * `dir` prints local time without a zone: "modified" is an ISO 8601 local
 * time without offset, to the minute.  The day/month order comes from the
 * listing's own dates (a day above 12 settles it), else from the header's
 * language (English: month first).
 */
#include "ipk_private.h"
#include "system_info.h"

#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"user", "directory", "name", "path", "size", "is_dir", "entry_type",
	"owner", "modified_raw", "modified", "extension", "link_target", NULL
};

/* Width of the owner column of `dir /q`, in character cells. */
#define OWNER_CELLS 23

/* Localized ends of the "Directory of" line, after the path. */
static const char *const dir_suffixes[] = {
	" \xe3\x81\xae\xe3\x83\x87\xe3\x82\xa3\xe3\x83\xac\xe3\x82\xaf\xe3\x83"
	"\x88\xe3\x83\xaa",                       /* " のディレクトリ" */
	" \xe7\x9a\x84\xe7\x9b\xae\xe5\xbd\x95",  /* " 的目录" */
	" \xe7\x9a\x84\xe7\x9b\xae\xe9\x8c\x84",  /* " 的目錄" */
	" \xeb\x94\x94\xeb\xa0\x89\xed\x84\xb0\xeb\xa6\xac", /* " 디렉터리" */
	NULL
};

struct row {
	struct ipk_dt dt;      /* date and time */
	size_t dt_len;         /* bytes of the date and time */
	const char *tag;       /* "<DIR>" token without brackets, or NULL */
	size_t tagn;
	const char *size;      /* size text, or NULL */
	size_t sizen;
	size_t rest;           /* byte offset of the owner/name column */
};

static int
is_blank_byte(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Width of a blank at s[i] (ASCII, NBSP, U+202F), or 0. */
static size_t
blank_w(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;

	if (i >= n)
		return 0;
	if (is_blank_byte(s[i]))
		return 1;
	if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0xA0)
		return 2;
	if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0xAF)
		return 3;
	return 0;
}

static size_t
skip_bl(const char *s, size_t n, size_t i)
{
	size_t w;

	while ((w = blank_w(s, n, i)) > 0)
		i += w;
	return i;
}

/*
 * Reads the date, time and "<DIR>"/size of a row.  col is the owner/name
 * column in cells (0 if not known yet).  Returns 1 if line is a row.
 */
static int
read_row(const char *s, size_t n, size_t col, struct row *r)
{
	size_t i, j;

	memset(r, 0, sizeof(*r));
	r->dt_len = ipk_dt_scan(s, n, &r->dt);
	if (r->dt_len == 0 || !r->dt.has_time)
		return 0;
	i = skip_bl(s, n, r->dt_len);
	if (i == r->dt_len || i >= n)
		return 0;
	if (s[i] == '<') {
		j = i + 1;
		while (j < n && j - i < 24 && s[j] != '>' && s[j] != ' ')
			j++;
		if (j >= n || s[j] != '>' || j == i + 1)
			return 0;
		r->tag = s + i + 1;
		r->tagn = j - i - 1;
		r->rest = skip_bl(s, n, j + 1);
		return 1;
	}
	if (!(s[i] >= '0' && s[i] <= '9'))
		return 0;
	if (col > 0) {
		size_t got, off = ipk_cells_offset(s, n, col, &got);
		const char *f = s + i;
		size_t fn, k;

		/* The size fills the cells before the column. */
		if (got == col && off > i && off < n &&
		    blank_w(s, n, off - 1) > 0 && blank_w(s, n, off) == 0) {
			fn = off - i;
			ipk_trim(&f, &fn);
			for (k = 0; k < fn; k++)
				if (!(f[k] >= '0' && f[k] <= '9') && f[k] != ',' &&
				    f[k] != '.' && f[k] != '\'' &&
				    blank_w(f, fn, k) == 0 &&
				    (unsigned char)f[k] < 0x80)
					break;
			if (k == fn && fn > 0) {
				r->size = f;
				r->sizen = fn;
				r->rest = off;
				return 1;
			}
		}
	}
	/* Digits with ',', '.', '\'', NBSP or U+202F separators. */
	j = i;
	for (;;) {
		size_t w;

		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		w = 0;
		if (j < n && (s[j] == ',' || s[j] == '.' || s[j] == '\''))
			w = 1;
		else if (j < n && !is_blank_byte(s[j]))
			w = blank_w(s, n, j);
		if (w == 0 || j + w + 3 > n)
			break;
		if (!(s[j + w] >= '0' && s[j + w] <= '9' &&
		    s[j + w + 1] >= '0' && s[j + w + 1] <= '9' &&
		    s[j + w + 2] >= '0' && s[j + w + 2] <= '9'))
			break;
		j += w;
	}
	if (j >= n || !is_blank_byte(s[j]))
		return 0;
	r->size = s + i;
	r->sizen = j - i;
	r->rest = skip_bl(s, n, j);
	return 1;
}

/* The size as a number: every digit, separators dropped. */
static int
size_value(const char *s, size_t n, long long *out)
{
	long long v = 0;
	size_t i, nd = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (v > 922337203685477579LL)
				return 0;
			v = v * 10 + (s[i] - '0');
			nd++;
		}
	}
	*out = v;
	return nd > 0;
}

/* A directory header: the path it holds, or 0. */
static int
dir_header(const char *s, size_t n, const char **path, size_t *pathn)
{
	size_t i, k;

	if (n == 0 || blank_w(s, n, 0) == 0)
		return 0;
	for (i = 0; i + 2 < n; i++) {
		int drive = ((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z')) && s[i + 1] == ':' &&
		    s[i + 2] == '\\' && (i == 0 || blank_w(s, n, i - 1) > 0);
		int unc = s[i] == '\\' && s[i + 1] == '\\' && i > 0 &&
		    blank_w(s, n, i - 1) > 0;

		if (drive || unc)
			break;
	}
	if (i + 2 >= n)
		return 0;
	*path = s + i;
	*pathn = n - i;
	ipk_trim(path, pathn);
	for (k = 0; dir_suffixes[k] != NULL; k++) {
		size_t sl = strlen(dir_suffixes[k]);

		if (*pathn > sl && memcmp(*path + *pathn - sl, dir_suffixes[k],
		    sl) == 0) {
			*pathn -= sl;
			break;
		}
	}
	/* "C:\Temp\." never; but drop a trailing separator of a root "C:\". */
	return *pathn >= 3;
}

/*
 * An indented line holding a volume serial number ("Volume Serial Number
 * is 2C4E-8A10", "ボリューム シリアル番号は 2C4E-8A10 です"): 1 if so.
 */
static int
volume_line(const char *s, size_t n)
{
	size_t i, k;

	if (n < 10 || blank_w(s, n, 0) == 0)
		return 0;
	for (i = 1; i + 9 <= n; i++) {
		if (s[i - 1] != ' ')
			continue;
		for (k = 0; k < 9; k++) {
			char ch = s[i + k];

			if (k == 4 ? ch != '-' : !((ch >= '0' && ch <= '9') ||
			    (ch >= 'A' && ch <= 'F')))
				break;
		}
		if (k == 9 && (i + 9 == n || s[i + 9] == ' ' || s[i + 9] == '\r'))
			return 1;
	}
	return 0;
}

/* The date order a header's language suggests. */
static int
header_order(const char *s, size_t n)
{
	const char *t = s;
	size_t tn = n;

	ipk_trim(&t, &tn);
	if (ipk_prefix_ci(t, tn, "Directory of "))
		return IPK_DO_MDY;
	if (ipk_prefix_ci(t, tn, "R\xc3\xa9pertoire de ") ||
	    ipk_prefix_ci(t, tn, "Verzeichnis von ") ||
	    ipk_prefix_ci(t, tn, "Directorio de ") ||
	    ipk_prefix_ci(t, tn, "Directory di ") ||
	    ipk_prefix_ci(t, tn, "Pasta de "))
		return IPK_DO_DMY;
	return IPK_DO_UNKNOWN;
}

/* The profile user from the member name "<user>_TempDirFiles.txt". */
static int
user_from_member(const char *member, const char **u, size_t *un)
{
	const char *base = member, *p;
	static const char tag[] = "_tempdirfiles";

	for (p = member; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (p = base; *p != '\0'; p++) {
		if (p > base && ipk_prefix_ci(p, strlen(p), tag)) {
			*u = base;
			*un = (size_t)(p - base);
			return 1;
		}
	}
	return 0;
}

/* The profile user from a path "...\Users\<user>\...". */
static int
user_from_path(const char *s, size_t n, const char **u, size_t *un)
{
	size_t i, j;

	for (i = 0; i + 7 <= n; i++) {
		if (s[i] != '\\' || !ipk_prefix_ci(s + i, n - i, "\\users\\"))
			continue;
		i += 7;
		for (j = i; j < n && s[j] != '\\'; j++)
			;
		if (j > i) {
			*u = s + i;
			*un = j - i;
			return 1;
		}
	}
	return 0;
}

/* The file name without its directory or extension. */
static void
member_stem(const char *member, const char **u, size_t *un)
{
	const char *base = member, *p, *dot = NULL;

	for (p = member; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
		else if (*p == '.')
			dot = p;
	}
	*u = base;
	*un = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
}

struct tstate {
	struct ipk_pctx *c;
	const char *muser;     /* user from the member name, or NULL */
	size_t muser_n;
	const char *dir;       /* current directory */
	size_t dirn;
	size_t col;            /* owner/name column in cells, 0 if unknown */
	int qmode;             /* 1 if the listing has the /q owner column */
	int order;             /* date order for ambiguous dates */
	unsigned long records; /* rows emitted */
};

static const char *
entry_type(const char *tag, size_t n)
{
	const char *t;

	if (tag == NULL)
		return "file";
	t = ipk_alias("temp_files", tag, n);
	if (t != NULL && strncmp(t, "type_", 5) == 0)
		return t + 5;
	return NULL;
}

static int
emit_row(struct tstate *st, unsigned long lineno, const char *line,
    size_t n, const struct row *r)
{
	struct ipk_pctx *c = st->c;
	const char *rest = line + r->rest, *owner = NULL, *name, *target = NULL;
	size_t restn = n - r->rest, ownern = 0, namen, targetn = 0;
	const char *type, *u;
	size_t un;
	long long size = 0;
	char iso[24];
	int isdir;

	if (st->qmode) {
		size_t got, off = ipk_cells_offset(rest, restn, OWNER_CELLS,
		    &got);

		if (off >= restn)
			return ipk_warn(c, lineno, "row too short for an owner "
			    "and a name: '%.*s'", (int)(n > 80 ? 80 : n), line);
		owner = rest;
		ownern = off;
		ipk_trim(&owner, &ownern);
		name = rest + off;
		namen = restn - off;
	} else {
		name = rest;
		namen = restn;
	}
	/* Names do not end in blanks; dir pads nothing after them. */
	while (namen > 0 && is_blank_byte(name[namen - 1]))
		namen--;
	if (namen == 0)
		return ipk_warn(c, lineno, "row without a name: '%.*s'",
		    (int)(n > 80 ? 80 : n), line);
	if ((namen == 1 && name[0] == '.') ||
	    (namen == 2 && name[0] == '.' && name[1] == '.'))
		return CM_OK;
	type = entry_type(r->tag, r->tagn);
	if (type == NULL) {
		return ipk_warn(c, lineno, "unknown entry type <%.*s>",
		    (int)(r->tagn > 20 ? 20 : r->tagn), r->tag);
	}
	isdir = strcmp(type, "dir") == 0 || strcmp(type, "junction") == 0 ||
	    strcmp(type, "symlinkd") == 0;
	/* Links print their target: "name [C:\target]". */
	if (r->tag != NULL && strcmp(type, "dir") != 0 && namen > 3 &&
	    name[namen - 1] == ']') {
		size_t k;

		for (k = namen - 1; k > 0; k--) {
			if (name[k] == '[' && name[k - 1] == ' ') {
				target = name + k + 1;
				targetn = namen - k - 2;
				namen = k - 1;
				break;
			}
		}
	}
	if (r->size != NULL && !size_value(r->size, r->sizen, &size))
		return ipk_warn(c, lineno, "bad size '%.*s'",
		    (int)(r->sizen > 30 ? 30 : r->sizen), r->size);

	ipk_rec_begin(c, lineno);
	if (st->muser != NULL)
		ipk_rec_str(c, "user", st->muser, st->muser_n);
	else if (st->dir != NULL && user_from_path(st->dir, st->dirn, &u, &un))
		ipk_rec_str(c, "user", u, un);
	else {
		member_stem(ipk_ctx_member(c), &u, &un);
		ipk_rec_str(c, "user", u, un);
	}
	if (st->dir != NULL) {
		ipk_rec_str(c, "directory", st->dir, st->dirn);
		ipk_rec_str(c, "name", name, namen);
		ipk_rec_strf(c, "path", "%.*s%s%.*s", (int)st->dirn, st->dir,
		    st->dirn > 0 && st->dir[st->dirn - 1] == '\\' ? "" : "\\",
		    (int)namen, name);
	} else {
		ipk_rec_str(c, "name", name, namen);
	}
	if (r->size != NULL)
		ipk_rec_int(c, "size", size);
	ipk_rec_str(c, "is_dir", isdir ? "true" : "false", (size_t)-1);
	ipk_rec_str(c, "entry_type", type, (size_t)-1);
	if (owner != NULL)
		ipk_rec_str(c, "owner", owner, ownern);
	ipk_rec_trim(c, "modified_raw", line, r->dt_len);
	if (ipk_dt_iso(&r->dt, st->order, iso, sizeof(iso)))
		ipk_rec_str(c, "modified", iso, (size_t)-1);
	if (!isdir) {
		size_t k = namen;

		while (k > 0 && name[k - 1] != '.' && name[k - 1] != '\\')
			k--;
		if (k > 1 && name[k - 1] == '.' && k < namen) {
			char ext[64];
			size_t e, en = namen - k;

			if (en < sizeof(ext)) {
				for (e = 0; e < en; e++) {
					char ch = name[k + e];

					ext[e] = ch >= 'A' && ch <= 'Z' ?
					    (char)(ch + ('a' - 'A')) : ch;
				}
				ipk_rec_str(c, "extension", ext, en);
			}
		}
	}
	if (target != NULL)
		ipk_rec_str(c, "link_target", target, targetn);
	st->records++;
	return ipk_rec_emit(c);
}

/* First pass: the column, the /q mode and the date order. */
static void
survey(struct tstate *st, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, rows = 0, owners = 0;
	int seen_mdy = 0, seen_dmy = 0, hint = IPK_DO_UNKNOWN;
	struct row r;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *p;
		size_t pn;

		if (dir_header(line, n, &p, &pn)) {
			if (hint == IPK_DO_UNKNOWN)
				hint = header_order(line, n);
			continue;
		}
		if (!read_row(line, n, 0, &r))
			continue;
		if (r.tag != NULL && st->col == 0 && r.rest < n)
			st->col = ipk_cells(line, r.rest);
		switch (ipk_dt_order(&r.dt)) {
		case IPK_DO_MDY:
			seen_mdy = 1;
			break;
		case IPK_DO_DMY:
			seen_dmy = 1;
			break;
		}
	}
	/* Second look, with the column: is there an owner column? */
	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *rest;
		size_t restn, got, off;

		if (!read_row(line, n, st->col, &r))
			continue;
		rows++;
		rest = line + r.rest;
		restn = n - r.rest;
		off = ipk_cells_offset(rest, restn, OWNER_CELLS, &got);
		if (off < restn && (blank_w(rest, restn,
		    ipk_cells_offset(rest, restn, OWNER_CELLS - 1, NULL)) > 0 ||
		    memchr(rest, '\\', off) != NULL ||
		    ipk_prefix_ci(rest, restn, "...")))
			owners++;
	}
	st->qmode = rows > 0 && owners * 2 > rows;
	if (seen_mdy && !seen_dmy)
		st->order = IPK_DO_MDY;
	else if (seen_dmy && !seen_mdy)
		st->order = IPK_DO_DMY;
	else if (!seen_mdy && !seen_dmy)
		st->order = hint;
	else
		st->order = IPK_DO_UNKNOWN;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *p;
	size_t n, pn, rows = 0, headers = 0, pf = 0, seen = 0, volumes = 0;
	struct row r;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 300) {
		if (ipk_blank(line, n))
			continue;
		seen++;
		if (dir_header(line, n, &p, &pn)) {
			headers++;
			if (pn >= 9 && ipk_eq_ci(p + pn - 9, 9, "\\prefetch"))
				pf++;
			continue;
		}
		if (read_row(line, n, 0, &r))
			rows++;
		else if (volume_line(line, n))
			volumes++;
	}
	if (pf > 0 && pf == headers)
		return rows > 0 ? 30 : 0;   /* a listing of Prefetch */
	if (headers > 0 && rows > 0)
		return 90;
	if (rows >= 3)
		return 50;
	if (headers > 0 || volumes > 0)
		return 25;       /* an empty listing: ours by name only */
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct tstate st;
	struct ipk_lines l;
	const char *line, *gap = NULL;
	size_t n, gapn = 0;
	unsigned long gapline = 0;
	int rc = CM_OK;

	memset(&st, 0, sizeof(st));
	st.c = c;
	if (user_from_member(ipk_ctx_member(c), &st.muser, &st.muser_n) == 0)
		st.muser = NULL;
	survey(&st, text, len);

	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		struct row r;
		const char *p, *phrase;
		size_t pn;
		int rr;

		if (ipk_blank(line, n))
			continue;
		if (dir_header(line, n, &p, &pn)) {
			st.dir = p;
			st.dirn = pn;
			continue;
		}
		if (read_row(line, n, st.col, &r)) {
			rr = emit_row(&st, l.lineno, line, n, &r);
			if (rr == CM_FATAL)
				return CM_FATAL;
			rc = cm_rc_worst(rc, rr);
			continue;
		}
		if (blank_w(line, n, 0) > 0 || ipk_prompt_line(line, n))
			continue;      /* volume, summary, total and prompt lines */
		if (ipk_gap_phrase(line, n, &phrase) != NULL) {
			/* "File Not Found", "Access is denied." in a listing */
			if (gap == NULL) {
				gap = line;
				gapn = n;
				gapline = l.lineno;
			}
			continue;
		}
		rc = cm_rc_worst(rc, ipk_warn(c, l.lineno, "not a dir row: "
		    "'%.*s'", (int)(n > 60 ? 60 : n), line));
	}
	if (gap != NULL) {
		if (st.records == 0) {
			if (ipk_gap(c, gapline, "empty", gap, gapn) == CM_FATAL)
				return CM_FATAL;
		} else {
			ipk_note(c, gapline, "the listing says: %.*s",
			    (int)(gapn > 100 ? 100 : gapn), gap);
		}
	}
	return rc;
}

const struct ipk_parser ipk_parser_temp_files = {
	.name = "temp_files",
	.kind = "temp_files",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
