/*
 * wintable.c - CSV tables of Windows tools, read by header name (see
 * wintable.h).  Three ways of splitting rows:
 *
 *   plain (WMIC /format:csv)   Node,Caption,CommandLine,...
 *                              HOST,chrome.exe,"C:\...\chrome.exe" --a=1,2,...
 *   raw quotes (schtasks)      "HOST","\Task","cmd /c "x" y",...
 *   RFC 4180 (PowerShell)      "HOST","\Task","cmd /c ""x"" y",...
 *
 * Plain and raw-quoted rows are split on the delimiter (`,` or `","`) and,
 * when that yields more cells than the header, rejoined by a small dynamic
 * program that gives the surplus to the free-text columns where the other
 * columns' cells fit their shapes best.  RFC rows go through libcsv
 * (ipk_csv_parse), which also handles cells spanning lines.
 */
#include "ipk_private.h"
#include "wintable.h"
#include "wintime.h"

#include <stdlib.h>
#include <string.h>

enum { MODE_RFC, MODE_RAW, MODE_PLAIN };

/* Scores of the row-rejoining program. */
#define SC_NEG        (-1000000000L)
#define SC_TYPED_OK   30    /* a typed cell that fits its column */
#define SC_EMPTY_OK   10    /* an empty cell in a typed column */
#define SC_TYPED_BAD  (-50) /* a typed cell that does not fit */
#define SC_LEAD_BLANK 20    /* ", " inside free text, or a cell starting so */

struct wt {
	struct ipk_pctx *c;                /* for records and reports */
	const struct ipk_wt_spec *spec;    /* the table */
	ipk_wt_row_fn fn;                  /* consumer */
	void *user;                        /* its data */
	int mode;                          /* MODE_* */
	char delim;                        /* ',', ';' or '\t' */
	int have_header;                   /* a header row was read */
	size_t ncols;                      /* its width */
	char **hcells;                     /* header cell copies */
	const char **canon;                /* canonical name per column */
	enum ipk_wt_type *types;           /* shape per column */
	int *rank;                         /* free-text preference per column */
	const char **cells;                /* scratch: cells of a row */
	size_t *lens;                      /* their lengths */
	const char **out;                  /* scratch: rejoined cells */
	size_t *outlens;                   /* their lengths */
	long *score;                       /* rejoining: scores, reused */
	unsigned short *span;              /* rejoining: spans, reused */
	long *bonus;                       /* rejoining: bonuses, reused */
	size_t dp_cap;                     /* entries score and span hold */
	size_t bonus_cap;                  /* entries bonus holds */
};

/* --- small helpers ------------------------------------------------------ */

static int
get_delim(const char *s, size_t n)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int inq = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq && s[i] == ',')
			comma++;
		else if (!inq && s[i] == ';')
			semi++;
		else if (!inq && s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* Splits s on the single character d.  Returns the count (max at most). */
static size_t
split_plain(const char *s, size_t n, char d, const char **cells,
    size_t *lens, size_t max, int *toomany)
{
	size_t k = 0, start = 0, i;

	*toomany = 0;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == d) {
			if (k == max) {
				*toomany = 1;
				return k;
			}
			cells[k] = s + start;
			lens[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	return k;
}

/* Splits a raw-quoted row "a","b","c" on `"<d>"`. */
static size_t
split_raw(const char *s, size_t n, char d, const char **cells, size_t *lens,
    size_t max, int *toomany)
{
	size_t k = 0, start, i;

	*toomany = 0;
	if (n > 0 && s[0] == '"') {
		s++;
		n--;
	}
	if (n > 0 && s[n - 1] == '"')
		n--;
	start = 0;
	for (i = 0; i <= n; i++) {
		int end = i == n || (i + 2 < n && s[i] == '"' &&
		    s[i + 1] == d && s[i + 2] == '"');

		if (!end)
			continue;
		if (k == max) {
			*toomany = 1;
			return k;
		}
		cells[k] = s + start;
		lens[k] = i - start;
		k++;
		if (i == n)
			break;
		start = i + 3;
		i += 2;
	}
	return k;
}

/* Counts the cells split_raw would give. */
static size_t
count_raw(const char *s, size_t n, char d)
{
	size_t i, k = 1;

	for (i = 0; i + 2 < n; i++)
		if (s[i] == '"' && s[i + 1] == d && s[i + 2] == '"')
			k++;
	return k;
}

/*
 * 1 if every quote of text could be RFC 4180: odd runs of quotes only next
 * to a delimiter or a line end, and an even count in all.  schtasks'
 * `"cmd /c "x""` is not; nor is a file with a quote that never closes,
 * which RFC reading would let swallow every row after it.
 */
static int
rfc_consistent(const char *text, size_t len, char d)
{
	struct ipk_lines l;
	const char *s;
	size_t n, i, j, total = 0;

	for (i = 0; i < len; i++)
		total += text[i] == '"';
	if (total % 2 != 0)
		return 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &s, &n)) {
		for (i = 0; i < n; ) {
			int boundary;

			if (s[i] != '"') {
				i++;
				continue;
			}
			j = i;
			while (i < n && s[i] == '"')
				i++;
			boundary = j == 0 || s[j - 1] == d || i == n ||
			    s[i] == d;
			if (!boundary && (i - j) % 2 == 1)
				return 0;
		}
	}
	return 1;
}

static void
trim_cell(const char **s, size_t *n)
{
	ipk_trim(s, n);
}

static int
is_int(const char *s, size_t n)
{
	size_t i = 0;

	if (n > 0 && s[0] == '-')
		i = 1;
	if (i >= n)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
ipk_wt_is_guid(const char *s, size_t n)
{
	size_t i;

	if (n != 38 || s[0] != '{' || s[37] != '}')
		return 0;
	for (i = 1; i < 37; i++) {
		char ch = s[i];

		if (i == 9 || i == 14 || i == 19 || i == 24) {
			if (ch != '-')
				return 0;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' &&
		    ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

/* How well one cell fits a column of shape t. */
static long
cell_score(enum ipk_wt_type t, const char *s, size_t n)
{
	const char *v = s;
	size_t vn = n, i;
	char iso[IPK_ISO_MAX];

	trim_cell(&v, &vn);
	switch (t) {
	case IPK_WT_ANY:
	case IPK_WT_TEXT:
		return n > 0 && s[0] == ' ' ? -SC_LEAD_BLANK : 0;
	case IPK_WT_INT:
		if (vn == 0)
			return SC_EMPTY_OK;
		return is_int(v, vn) ? SC_TYPED_OK : SC_TYPED_BAD;
	case IPK_WT_WORD:
		if (vn == 0)
			return SC_EMPTY_OK;
		for (i = 0; i < n; i++)
			if (s[i] == ' ')
				return SC_TYPED_BAD;
		return SC_TYPED_OK;
	case IPK_WT_TIME:
		if (vn == 0)
			return SC_EMPTY_OK;
		return ipk_time_iso(v, vn, IPK_ORDER_AUTO, iso, sizeof(iso)) !=
		    IPK_TIME_NONE ? SC_TYPED_OK : SC_TYPED_BAD;
	case IPK_WT_BOOL:
		if (vn == 0)
			return SC_EMPTY_OK;
		return ipk_eq_ci(v, vn, "TRUE") || ipk_eq_ci(v, vn, "FALSE") ?
		    SC_TYPED_OK : SC_TYPED_BAD;
	case IPK_WT_GUID:
		if (vn == 0)
			return SC_EMPTY_OK;
		return ipk_wt_is_guid(v, vn) ? SC_TYPED_OK : SC_TYPED_BAD;
	}
	return 0;
}

/* 1 if cell p starts with a blank: ", " inside prose split it there. */
static int
lead_blank(const struct wt *st, size_t p)
{
	return st->lens[p] > 0 && st->cells[p][0] == ' ';
}

/*
 * Rejoins m > ncols cells into ncols (see the file comment).  The cells
 * must lie in one buffer, separated by the delimiter, so a rejoined cell is
 * the span from its first piece to its last.  Returns 1 and fills
 * st->out/st->outlens, or 0 if no assignment exists.
 *
 * score[j][i]: best score of the first j columns over the first i cells.
 * A shaped column takes one cell.  A free-text column takes cells i..t-1:
 * each piece after the first that starts with a blank earns SC_LEAD_BLANK,
 * each piece after the first costs the column's rank + 1 (so surplus goes
 * to the preferred column when nothing else decides), and a first piece
 * starting with a blank costs SC_LEAD_BLANK.  With B[x] the bonus of the
 * pieces before x, a span scores (B[t] - B[i+1]) - r(t - i - 1): the part
 * depending on i is maximised by a running maximum, so a column costs
 * O(surplus), not O(surplus^2), and a hostile row stays cheap.
 */
static int
repair(struct wt *st, size_t m)
{
	size_t k = st->ncols, extra = m - k, j, i, t, w = m + 1;
	long *score, *bonus;
	unsigned short *span;
	int have_free = 0;

	if (m <= k || extra > CM_MAX_WINTABLE_EXTRA)
		return 0;
	for (j = 0; j < k; j++)
		have_free |= st->types[j] == IPK_WT_TEXT;
	if (!have_free)
		return 0;
	/* The tables are kept between rows: WMIC files repair many. */
	if ((k + 1) * w > st->dp_cap) {
		free(st->score);
		free(st->span);
		st->dp_cap = (k + 1) * w;
		st->score = malloc(st->dp_cap * sizeof(*st->score));
		st->span = malloc(st->dp_cap * sizeof(*st->span));
		if (st->score == NULL || st->span == NULL) {
			st->dp_cap = 0;
			return 0;
		}
	}
	if (m + 1 > st->bonus_cap) {
		free(st->bonus);
		st->bonus_cap = m + 1;
		st->bonus = malloc(st->bonus_cap * sizeof(*st->bonus));
		if (st->bonus == NULL) {
			st->bonus_cap = 0;
			return 0;
		}
	}
	score = st->score;
	span = st->span;
	bonus = st->bonus;
	bonus[0] = 0;
	for (i = 0; i < m; i++)
		bonus[i + 1] = bonus[i] +
		    (lead_blank(st, i) ? SC_LEAD_BLANK : 0);
	for (i = 0; i < (k + 1) * w; i++)
		score[i] = SC_NEG;
	score[0] = 0;
	for (j = 0; j < k; j++) {
		long r = st->rank[j] + 1, best = SC_NEG;
		size_t besti = 0;

		if (st->types[j] != IPK_WT_TEXT) {
			for (i = j; i <= j + extra && i < m; i++) {
				long base = score[j * w + i], v;

				if (base == SC_NEG)
					continue;
				v = base + cell_score(st->types[j],
				    st->cells[i], st->lens[i]);
				if (v > score[(j + 1) * w + i + 1]) {
					score[(j + 1) * w + i + 1] = v;
					span[(j + 1) * w + i + 1] = 1;
				}
			}
			continue;
		}
		for (t = j + 1; t <= j + 1 + extra && t <= m; t++) {
			long base;

			/* The span may start at i = t - 1 from now on. */
			i = t - 1;
			base = score[j * w + i];
			if (base != SC_NEG) {
				long v = base - bonus[i + 1] + r * (long)i;

				if (lead_blank(st, i))
					v -= SC_LEAD_BLANK;

				if (best == SC_NEG || v > best) {
					best = v;
					besti = i;
				}
			}
			if (best == SC_NEG)
				continue;
			score[(j + 1) * w + t] = best + bonus[t] -
			    r * (long)t + r;
			span[(j + 1) * w + t] = (unsigned short)(t - besti);
		}
	}
	if (score[k * w + m] == SC_NEG)
		return 0;
	/* Walk back from the end. */
	i = m;
	for (j = k; j > 0; j--) {
		size_t sp = span[j * w + i], first = i - sp;

		st->out[j - 1] = st->cells[first];
		st->outlens[j - 1] = (size_t)(st->cells[i - 1] +
		    st->lens[i - 1] - st->cells[first]);
		i = first;
	}
	return i == 0;
}

/* --- header ---------------------------------------------------------- */

static void
free_header(struct wt *st)
{
	size_t i;

	for (i = 0; i < st->ncols; i++)
		free(st->hcells[i]);
	free(st->hcells);
	free(st->canon);
	free(st->types);
	free(st->rank);
	st->hcells = NULL;
	st->canon = NULL;
	st->types = NULL;
	st->rank = NULL;
	st->ncols = 0;
	st->have_header = 0;
}

static const char *
map_cell(const struct ipk_wt_spec *spec, const char *s, size_t n)
{
	trim_cell(&s, &n);
	if (n == 0)
		return NULL;
	return ipk_alias(spec->table, s, n);
}

/* 1 if a header of m cells may be read by column position. */
static int
positional_ok(const struct ipk_wt_spec *spec, size_t m,
    const char *const *cells, const size_t *lens)
{
	const char *canon;

	if (spec->positional == NULL || m != spec->npositional)
		return 0;
	if (spec->anchor == NULL)
		return 1;
	if (spec->anchor_at >= m)
		return 0;
	canon = map_cell(spec, cells[spec->anchor_at], lens[spec->anchor_at]);
	return canon != NULL && strcmp(canon, spec->anchor) == 0;
}

static size_t
count_known(const struct ipk_wt_spec *spec, size_t m,
    const char *const *cells, const size_t *lens, size_t *nonempty)
{
	size_t i, k = 0, ne = 0;

	for (i = 0; i < m; i++) {
		const char *s = cells[i];
		size_t n = lens[i];

		trim_cell(&s, &n);
		if (n == 0)
			continue;
		ne++;
		if (map_cell(spec, s, n) != NULL)
			k++;
	}
	if (nonempty != NULL)
		*nonempty = ne;
	return k;
}

static int
set_header(struct wt *st, size_t m, const char *const *cells,
    const size_t *lens)
{
	const struct ipk_wt_spec *spec = st->spec;
	size_t i, nfree = 0;
	int positional;

	free_header(st);
	st->hcells = calloc(m, sizeof(*st->hcells));
	st->canon = calloc(m, sizeof(*st->canon));
	st->types = calloc(m, sizeof(*st->types));
	st->rank = calloc(m, sizeof(*st->rank));
	if (st->hcells == NULL || st->canon == NULL || st->types == NULL ||
	    st->rank == NULL) {
		st->ncols = 0;
		free_header(st);
		return CM_FAILED;
	}
	st->ncols = m;
	positional = positional_ok(spec, m, cells, lens);
	for (i = 0; i < m; i++) {
		const char *s = cells[i];
		size_t n = lens[i];
		const struct ipk_wt_col *col;

		trim_cell(&s, &n);
		st->hcells[i] = malloc(n + 1);
		if (st->hcells[i] == NULL) {
			free_header(st);
			return CM_FAILED;
		}
		memcpy(st->hcells[i], s, n);
		st->hcells[i][n] = '\0';
		st->canon[i] = map_cell(spec, s, n);
		if (st->canon[i] == NULL && positional)
			st->canon[i] = spec->positional[i];
		st->types[i] = IPK_WT_ANY;
		if (st->canon[i] == NULL || spec->cols == NULL)
			continue;
		nfree = 0;
		for (col = spec->cols; col->canon != NULL; col++) {
			if (strcmp(col->canon, st->canon[i]) == 0) {
				st->types[i] = col->type;
				st->rank[i] = (int)nfree;
				break;
			}
			if (col->type == IPK_WT_TEXT)
				nfree++;
		}
	}
	st->have_header = 1;
	return CM_OK;
}

static int
is_repeat(const struct wt *st, size_t m, const char *const *cells,
    const size_t *lens)
{
	size_t i;

	if (m != st->ncols)
		return 0;
	for (i = 0; i < m; i++) {
		const char *s = cells[i];
		size_t n = lens[i];

		trim_cell(&s, &n);
		if (!ipk_eq_ci(s, n, st->hcells[i]))
			return 0;
	}
	return 1;
}

/* --- rows ------------------------------------------------------------ */

static int
all_empty(const char *const *cells, const size_t *lens, size_t from,
    size_t m)
{
	size_t i;

	for (i = from; i < m; i++) {
		const char *s = cells[i];
		size_t n = lens[i];

		trim_cell(&s, &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

int
ipk_excerpt_len(const char *s, size_t n, size_t max)
{
	size_t k = n > max ? max : n;

	while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

static int
excerpt_len(const char *s, size_t n)
{
	return ipk_excerpt_len(s, n, 60);
}

/* A row of m cells (st->cells/lens); seplen > 0 allows rejoining. */
static int
process_row(struct wt *st, unsigned long line, size_t m, size_t seplen)
{
	const struct ipk_wt_spec *spec = st->spec;
	const char *const *cells = st->cells;
	const size_t *lens = st->lens;
	struct ipk_wt_row row;
	size_t known, nonempty;

	if (m == 0 || all_empty(cells, lens, 0, m))
		return CM_OK;
	if (m == 1) {
		const char *s = cells[0];
		size_t n = lens[0];

		trim_cell(&s, &n);
		/* PowerShell's "#TYPE ..." line; schtasks' INFO lines. */
		if ((!st->have_header && n > 0 && s[0] == '#') ||
		    ipk_gap_phrase(s, n, NULL) != NULL)
			return CM_OK;
	}
	if (!st->have_header) {
		known = count_known(spec, m, cells, lens, &nonempty);
		if (known >= spec->min_known || (st->mode != MODE_PLAIN &&
		    positional_ok(spec, m, cells, lens)))
			return set_header(st, m, cells, lens) == CM_OK ? CM_OK :
			    ipk_fail(st->c, line, "out of memory");
		return ipk_warn(st->c, line, "not a %s table row (no header "
		    "yet): '%.*s'", spec->table, excerpt_len(cells[0], lens[0]),
		    cells[0]);
	}
	if (is_repeat(st, m, cells, lens))
		return CM_OK;
	/*
	 * Another header (a concatenated table, another language): only rows
	 * whose first cell is a column name are looked at closely.
	 */
	if (m >= 2 && map_cell(spec, cells[0], lens[0]) != NULL) {
		known = count_known(spec, m, cells, lens, &nonempty);
		if (known == nonempty && known >= spec->min_known &&
		    known * 2 >= m)
			return set_header(st, m, cells, lens) == CM_OK ? CM_OK :
			    ipk_fail(st->c, line, "out of memory");
	}

	row.repaired = 0;
	row.cell = cells;
	row.len = lens;
	if (m != st->ncols) {
		if (m > st->ncols && all_empty(cells, lens, st->ncols, m)) {
			m = st->ncols;
		} else if (m > st->ncols && seplen > 0 && repair(st, m)) {
			row.cell = st->out;
			row.len = st->outlens;
			row.repaired = 1;
		} else {
			if (m == 1)
				return ipk_warn(st->c, line, "not a %s table "
				    "row: '%.*s'", spec->table,
				    excerpt_len(cells[0], lens[0]), cells[0]);
			return ipk_warn(st->c, line, "row has %zu cells, the "
			    "header %zu; skipped", m, st->ncols);
		}
	}
	row.line = line;
	row.n = st->ncols;
	row.canon = st->canon;
	row.header = (const char *const *)st->hcells;
	return st->fn(st->user, &row);
}

/* libcsv rows (RFC mode). */
static int
csv_row(void *user, unsigned long line, size_t ncells, char *const *cells,
    const size_t *lens)
{
	struct wt *st = user;
	size_t i;

	for (i = 0; i < ncells && i < CM_MAX_FIELDS; i++) {
		st->cells[i] = cells[i];
		st->lens[i] = lens[i];
	}
	return process_row(st, line, i, 0);
}

static int
emit_split(struct wt *st, unsigned long line, const char *s, size_t n,
    int raw)
{
	size_t m;
	int toomany;

	if (raw)
		m = split_raw(s, n, st->delim, st->cells, st->lens,
		    CM_MAX_FIELDS, &toomany);
	else
		m = split_plain(s, n, st->delim, st->cells, st->lens,
		    CM_MAX_FIELDS, &toomany);
	if (toomany)
		return ipk_warn(st->c, line, "row has more than %d cells "
		    "(CM_MAX_FIELDS); skipped", CM_MAX_FIELDS);
	return process_row(st, line, m, raw ? 3 : 1);
}

static int
parse_plain(struct wt *st, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *s;
	size_t n;
	int r, rc = CM_OK;

	ipk_lines_init(&l, text, len, st->c);
	while (ipk_lines_next(&l, &s, &n)) {
		if (ipk_blank(s, n))
			continue;
		r = emit_split(st, l.lineno, s, n, 0);
		if (r == CM_FATAL)
			return CM_FATAL;
		rc = cm_rc_worst(rc, r);
	}
	return rc;
}

/* 1 if a raw-quoted line is a whole row by itself. */
static int
raw_complete(const struct wt *st, const char *s, size_t n)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return 0;
	return !st->have_header || count_raw(s, n, st->delim) >= st->ncols;
}

/*
 * Joins to the raw-quoted row in `row` the lines that complete it (a cell
 * holding line breaks, like a task's comment).  The join is kept only if it
 * ends a whole row; otherwise the iterator goes back and the row stands
 * alone, so a broken row cannot swallow the lines after it.  Returns 0, or
 * -1 if the row passed its cap (reported by the caller).
 */
static int
join_raw(struct wt *st, struct ipk_lines *l, struct cm_buf *row)
{
	struct ipk_lines start = *l;
	size_t first_len = row->len, joined = 1;

	while (joined < CM_MAX_WINTABLE_JOIN) {
		struct ipk_lines save = *l;
		const char *s2;
		size_t n2;

		if (!ipk_lines_next(l, &s2, &n2))
			break;
		/* The next line is a row of its own: the join failed. */
		if (n2 > 0 && s2[0] == '"' && raw_complete(st, s2, n2)) {
			*l = save;
			break;
		}
		if (cm_buf_addc(row, '\n') != CM_OK ||
		    cm_buf_add(row, s2, n2) != CM_OK)
			return -1;
		joined++;
		if (raw_complete(st, row->p, row->len))
			return 0;
	}
	*l = start;
	cm_buf_truncate(row, first_len);
	return 0;
}

static int
parse_raw(struct wt *st, const char *text, size_t len)
{
	struct ipk_lines l;
	struct cm_buf row;
	const char *s;
	size_t n;
	int r, rc = CM_OK;

	cm_buf_init(&row, 4 * (size_t)CM_MAX_LINE);
	ipk_lines_init(&l, text, len, st->c);
	while (ipk_lines_next(&l, &s, &n)) {
		unsigned long first = l.lineno;
		int cut = 0;

		if (ipk_blank(s, n))
			continue;
		if (s[0] != '"') {
			r = emit_split(st, first, s, n, 0);
			if (r == CM_FATAL)
				goto fatal;
			rc = cm_rc_worst(rc, r);
			continue;
		}
		cm_buf_reset(&row);
		if (cm_buf_add(&row, s, n) != CM_OK ||
		    (!raw_complete(st, row.p, row.len) &&
		    join_raw(st, &l, &row) != 0))
			cut = 1;
		if (cut) {
			r = ipk_warn(st->c, first, "row longer than %d bytes; "
			    "skipped", 4 * CM_MAX_LINE);
		} else {
			if (row.len < 2 || row.p[row.len - 1] != '"')
				ipk_note(st->c, first, "row ends inside a "
				    "quoted cell (no closing quote)");
			r = emit_split(st, first, row.p, row.len, 1);
		}
		if (r == CM_FATAL)
			goto fatal;
		rc = cm_rc_worst(rc, r);
	}
	cm_buf_free(&row);
	return rc;
fatal:
	cm_buf_free(&row);
	return CM_FATAL;
}

int
ipk_wt_parse(struct ipk_pctx *c, const char *text, size_t len,
    const struct ipk_wt_spec *spec, ipk_wt_row_fn fn, void *user)
{
	struct ipk_wt_head h;
	struct wt st;
	int rc;

	memset(&st, 0, sizeof(st));
	st.c = c;
	st.spec = spec;
	st.fn = fn;
	st.user = user;
	if (!ipk_wt_head(text, len, spec, &h))
		return ipk_fail(c, 0, "no %s table header in the first lines",
		    spec->table);
	st.delim = h.delim;
	if (h.quoted)
		st.mode = spec->raw_quotes || !rfc_consistent(text, len,
		    st.delim) ? MODE_RAW : MODE_RFC;
	else
		st.mode = h.wmic ? MODE_PLAIN : MODE_RFC;
	st.cells = malloc(CM_MAX_FIELDS * sizeof(*st.cells));
	st.lens = malloc(CM_MAX_FIELDS * sizeof(*st.lens));
	st.out = malloc(CM_MAX_FIELDS * sizeof(*st.out));
	st.outlens = malloc(CM_MAX_FIELDS * sizeof(*st.outlens));
	if (st.cells == NULL || st.lens == NULL || st.out == NULL ||
	    st.outlens == NULL) {
		rc = ipk_fail(c, 0, "out of memory");
		goto out;
	}
	switch (st.mode) {
	case MODE_PLAIN:
		rc = parse_plain(&st, text, len);
		break;
	case MODE_RAW:
		rc = parse_raw(&st, text, len);
		break;
	default:
		rc = ipk_csv_parse(c, text, len, (unsigned char)st.delim,
		    csv_row, &st);
		break;
	}
	if (rc != CM_FATAL && !st.have_header)
		rc = ipk_fail(c, 0, "no %s table header found", spec->table);
out:
	free_header(&st);
	free(st.cells);
	free(st.lens);
	free(st.out);
	free(st.outlens);
	free(st.score);
	free(st.span);
	free(st.bonus);
	return rc;
}

int
ipk_wt_get(const struct ipk_wt_row *r, const char *canon, const char **v,
    size_t *n)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const char *s;
		size_t k;

		if (r->canon[i] == NULL || strcmp(r->canon[i], canon) != 0)
			continue;
		s = r->cell[i];
		k = r->len[i];
		trim_cell(&s, &k);
		if (k == 0)
			continue;
		*v = s;
		*n = k;
		return 1;
	}
	return 0;
}

int
ipk_wt_has_col(const struct ipk_wt_row *r, const char *canon)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->canon[i] != NULL && strcmp(r->canon[i], canon) == 0)
			return 1;
	return 0;
}

/* --- probing ----------------------------------------------------------- */

int
ipk_wt_head(const char *text, size_t len, const struct ipk_wt_spec *spec,
    struct ipk_wt_head *h)
{
	struct ipk_lines l;
	const char *s, *cells[IPK_WT_HEAD_MAX * 2];
	size_t n, lens[IPK_WT_HEAD_MAX * 2], m, i, j, tried = 0;

	memset(h, 0, sizeof(*h));
	ipk_lines_init(&l, text, len, NULL);
	while (tried < 8 && l.lineno < 40 && ipk_lines_next(&l, &s, &n)) {
		int quoted, toomany, positional;
		char d;

		if (ipk_blank(s, n) || s[0] == '#' ||
		    ipk_gap_phrase(s, n, NULL) != NULL)
			continue;
		tried++;
		ipk_trim(&s, &n);
		quoted = s[0] == '"';
		d = (char)get_delim(s, n);
		if (quoted)
			m = split_raw(s, n, d, cells, lens,
			    IPK_WT_HEAD_MAX * 2, &toomany);
		else
			m = split_plain(s, n, d, cells, lens,
			    IPK_WT_HEAD_MAX * 2, &toomany);
		h->nknown = 0;
		positional = !toomany && positional_ok(spec, m, cells, lens);
		for (i = 0; i < m; i++) {
			const char *canon = map_cell(spec, cells[i], lens[i]);

			if (canon == NULL && positional)
				canon = spec->positional[i];
			if (canon == NULL || canon[0] == '@')
				continue;
			for (j = 0; j < h->nknown; j++)
				if (strcmp(h->known[j], canon) == 0)
					break;
			if (j == h->nknown && h->nknown < IPK_WT_HEAD_MAX)
				h->known[h->nknown++] = canon;
		}
		if (h->nknown > 0 || (quoted && positional)) {
			const char *c0 = cells[0];
			size_t c0n = lens[0];

			trim_cell(&c0, &c0n);
			h->ncells = toomany ? IPK_WT_HEAD_MAX * 2 : m;
			h->quoted = quoted;
			h->delim = d;
			h->wmic = !quoted && ipk_eq_ci(c0, c0n, "Node");
			return 1;
		}
	}
	memset(h, 0, sizeof(*h));
	return 0;
}

int
ipk_wt_head_has(const struct ipk_wt_head *h, const char *canon)
{
	size_t i;

	for (i = 0; i < h->nknown; i++)
		if (strcmp(h->known[i], canon) == 0)
			return 1;
	return 0;
}

/* --- command lines ------------------------------------------------------- */

void
ipk_cmd_image(const char *s, size_t n, const char **img, size_t *imgn)
{
	static const char *const exts[] = {
		".exe", ".com", ".bat", ".cmd", ".scr", ".dll", ".sys", ".ps1",
		".vbs", ".vbe", ".js", ".jse", ".wsf", ".hta", ".msi", ".cpl",
		".pif", NULL
	};
	size_t i, best = (size_t)-1;
	const char *const *e;

	*img = s;
	*imgn = 0;
	if (s == NULL)
		return;
	ipk_trim(&s, &n);
	*img = s;
	if (n == 0)
		return;
	if (s[0] == '"') {
		for (i = 1; i < n && s[i] != '"'; i++)
			;
		*img = s + 1;
		*imgn = i - 1;
		return;
	}
	for (e = exts; *e != NULL; e++) {
		size_t k = strlen(*e);

		for (i = 1; i + k <= n && i < best; i++) {
			if (ipk_prefix_ci(s + i, n - i, *e) && (i + k == n ||
			    s[i + k] == ' ' || s[i + k] == '\t' ||
			    s[i + k] == ',')) {
				best = i + k;
				break;
			}
		}
	}
	if (best != (size_t)-1) {
		*imgn = best;
		return;
	}
	for (i = 0; i < n && s[i] != ' ' && s[i] != '\t'; i++)
		;
	*imgn = i;
}
