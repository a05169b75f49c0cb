/*
 * local_groups.c - local groups and their members, `net localgroup
 * "<group>"` outputs (Users and Groups/LocalGroups.txt, all groups one
 * after the other, or one file per group in the documented layout).
 *
 *   Alias name     Administrators
 *   Comment        Administrators have complete and unrestricted access
 *
 *   Members
 *
 *   -------------------------------------------------------------------------
 *   Administrator
 *   CORP\Domain Admins
 *   The command completed successfully.
 *
 * The plain `net localgroup` list is read too ("Aliases for \\HOST", dashes,
 * "*Administrators" lines).  Labels and the closing sentence are localized
 * ("Nom d'alias", "Membres", "La commande s'est terminée correctement.";
 * "エイリアス名", "メンバー") and come from aliases.tsv (table
 * "local_groups").  One record per member; a group without members, and a
 * group only named by the plain list, gets one record without "member".
 */
#include "ipk_private.h"
#include "system_info.h"

#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"group", "comment", "member", NULL
};

enum state {
	ST_NONE,        /* between blocks */
	ST_HEADER,      /* after "Alias name", before "Members" */
	ST_MEMBERS_LBL, /* after "Members", before the dashes */
	ST_MEMBERS,     /* member lines */
	ST_LIST_HDR,    /* after "Aliases for \\HOST" */
	ST_LIST         /* "*Group" lines */
};

struct lg {
	struct ipk_pctx *c;
	enum state st;
	const char *group;       /* group of the open block */
	size_t groupn;
	const char *comment;
	size_t commentn;
	unsigned long group_line;
	size_t members;          /* members emitted for the open block */
	const char **named;      /* groups with a block of their own */
	size_t *namedn;
	size_t nnamed;
};

static int
dashes(const char *s, size_t n)
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

/*
 * "Label<2+ blanks>value" or a label alone: the canonical label name
 * (aliases.tsv) and the value.  NULL if the line is no known label.
 */
static const char *
label(const char *s, size_t n, const char **val, size_t *valn)
{
	const char *canon;
	size_t i, run = 0;

	ipk_trim(&s, &n);
	*val = NULL;
	*valn = 0;
	canon = ipk_alias("local_groups", s, n);
	if (canon != NULL)
		return canon;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			run++;
			continue;
		}
		if (run >= 2 || (run >= 1 && s[i - 1] == '\t'))
			break;
		run = 0;
	}
	if (i >= n)
		return NULL;
	canon = ipk_alias("local_groups", s, i - run);
	if (canon == NULL)
		return NULL;
	*val = s + i;
	*valn = n - i;
	ipk_trim(val, valn);
	return canon;
}

/* "Aliases for \\HOST" / "\\HOST のエイリアス": 1 if so. */
static int
list_header(const char *s, size_t n)
{
	size_t i, j;
	const char *canon;

	ipk_trim(&s, &n);
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '\\' && s[i + 1] == '\\')
			break;
	if (i + 1 >= n)
		return 0;
	/* The words before the host name, or after it. */
	if (i > 0) {
		canon = ipk_alias("local_groups", s, i);
		return canon != NULL && strcmp(canon, "aliases_for") == 0;
	}
	for (j = i; j < n && s[j] != ' '; j++)
		;
	if (j >= n)
		return 0;
	canon = ipk_alias("local_groups", s + j, n - j);
	return canon != NULL && strcmp(canon, "aliases_for") == 0;
}

static int
emit(struct lg *g, unsigned long line, const char *member, size_t membern)
{
	struct ipk_pctx *c = g->c;

	ipk_rec_begin(c, line);
	ipk_rec_str(c, "group", g->group, g->groupn);
	if (g->comment != NULL)
		ipk_rec_trim(c, "comment", g->comment, g->commentn);
	if (member != NULL)
		ipk_rec_str(c, "member", member, membern);
	return ipk_rec_emit(c);
}

/* Closes the open block: a group without members still gets a record. */
static int
close_group(struct lg *g)
{
	int rc = CM_OK;

	if (g->group != NULL && g->members == 0)
		rc = emit(g, g->group_line, NULL, 0);
	g->group = NULL;
	g->comment = NULL;
	g->members = 0;
	return rc;
}

/* ASCII case-insensitive comparison of two n-byte strings. */
static int
same_ci(const char *a, const char *b, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		char x = a[k], y = b[k];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x + ('a' - 'A'));
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + ('a' - 'A'));
		if (x != y)
			return 0;
	}
	return 1;
}

static int
named(const struct lg *g, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < g->nnamed; i++)
		if (g->namedn[i] == n && same_ci(g->named[i], s, n))
			return 1;
	return 0;
}

/* First pass: the groups that have a block of their own. */
static int
collect_named(struct lg *g, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *val;
	size_t n, valn;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *canon = label(line, n, &val, &valn);

		if (canon == NULL || strcmp(canon, "group") != 0 || valn == 0)
			continue;
		if (g->nnamed >= CM_MAX_LOCAL_GROUPS_NAMED)
			break;
		if ((g->nnamed & 63) == 0) {
			const char **nn = realloc(g->named,
			    (g->nnamed + 64) * sizeof(*nn));
			size_t *nl;

			if (nn == NULL)
				return CM_FAILED;
			g->named = nn;
			nl = realloc(g->namedn, (g->nnamed + 64) * sizeof(*nl));
			if (nl == NULL)
				return CM_FAILED;
			g->namedn = nl;
		}
		g->named[g->nnamed] = val;
		g->namedn[g->nnamed] = valn;
		g->nnamed++;
	}
	return CM_OK;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *val;
	size_t n, valn, groups = 0, members = 0, dash = 0, lists = 0,
	    stars = 0, seen = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 400) {
		const char *canon;

		if (ipk_blank(line, n))
			continue;
		seen++;
		if (dashes(line, n)) {
			dash++;
			continue;
		}
		if (list_header(line, n)) {
			lists++;
			continue;
		}
		if (line[0] == '*' && n > 1)
			stars++;
		canon = label(line, n, &val, &valn);
		if (canon == NULL)
			continue;
		if (strcmp(canon, "group") == 0 && valn > 0)
			groups++;
		else if (strcmp(canon, "members") == 0)
			members++;
	}
	if (groups > 0 && members > 0 && dash > 0)
		return 95;
	if (lists > 0 && dash > 0 && stars > 0)
		return 80;
	if (groups > 0 && (members > 0 || dash > 0))
		return 50;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct lg g;
	struct ipk_lines l;
	const char *line;
	size_t n;
	int rc = CM_OK, r;

	memset(&g, 0, sizeof(g));
	g.c = c;
	if (collect_named(&g, text, len) != CM_OK) {
		free(g.named);
		free(g.namedn);
		return ipk_fail(c, 0, "out of memory");
	}
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *canon, *val, *t = line, *phrase;
		size_t valn, tn = n;

		if (ipk_blank(line, n) || ipk_prompt_line(line, n))
			continue;
		ipk_trim(&t, &tn);
		if (dashes(line, n)) {
			if (g.st == ST_MEMBERS_LBL)
				g.st = ST_MEMBERS;
			else if (g.st == ST_LIST_HDR)
				g.st = ST_LIST;
			else
				rc = cm_rc_worst(rc, ipk_warn(c, l.lineno,
				    "dashes out of place"));
			continue;
		}
		canon = label(line, n, &val, &valn);
		if (canon != NULL && strcmp(canon, "completed") == 0) {
			r = close_group(&g);
			if (r == CM_FATAL)
				goto fatal;
			g.st = ST_NONE;
			continue;
		}
		if (canon != NULL && strcmp(canon, "group") == 0 && valn > 0) {
			if (close_group(&g) == CM_FATAL)
				goto fatal;
			g.group = val;
			g.groupn = valn;
			g.group_line = l.lineno;
			g.st = ST_HEADER;
			continue;
		}
		if (g.st == ST_MEMBERS) {
			r = emit(&g, l.lineno, t, tn);
			if (r == CM_FATAL)
				goto fatal;
			g.members++;
			continue;
		}
		if (canon != NULL && strcmp(canon, "comment") == 0 &&
		    g.st == ST_HEADER) {
			g.comment = val;
			g.commentn = valn;
			continue;
		}
		if (canon != NULL && strcmp(canon, "members") == 0 &&
		    g.st == ST_HEADER) {
			g.st = ST_MEMBERS_LBL;
			continue;
		}
		if (list_header(line, n)) {
			if (close_group(&g) == CM_FATAL)
				goto fatal;
			g.st = ST_LIST_HDR;
			continue;
		}
		if (g.st == ST_LIST && t[0] == '*' && tn > 1) {
			const char *name = t + 1;
			size_t namen = tn - 1;

			ipk_trim(&name, &namen);
			if (namen == 0 || named(&g, name, namen))
				continue;
			ipk_rec_begin(c, l.lineno);
			ipk_rec_str(c, "group", name, namen);
			if (ipk_rec_emit(c) == CM_FATAL)
				goto fatal;
			continue;
		}
		if (ipk_gap_phrase(line, n, &phrase) != NULL) {
			/* "System error 1376 has occurred." for one group */
			ipk_note(c, l.lineno, "net localgroup says: %.*s",
			    (int)(tn > 100 ? 100 : tn), t);
			continue;
		}
		rc = cm_rc_worst(rc, ipk_warn(c, l.lineno, "not a net localgroup "
		    "line: '%.*s'", (int)(tn > 60 ? 60 : tn), t));
	}
	if (close_group(&g) == CM_FATAL)
		goto fatal;
	free(g.named);
	free(g.namedn);
	return rc;
fatal:
	free(g.named);
	free(g.namedn);
	return CM_FATAL;
}

const struct ipk_parser ipk_parser_local_groups = {
	.name = "local_groups",
	.kind = "local_groups",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
