/*
 * sigma_cond.c - the Sigma condition: parsed into a tree of and/or/not over
 * the rule's search identifiers.
 *
 *   condition: selection and not 1 of filter_* and (a or all of sel_x*)
 *
 * Grammar (least to most binding: or, and, not, "x of", parentheses):
 *
 *   expr    := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | primary
 *   primary := '(' expr ')' | ('1' | 'all') 'of' (pattern | 'them') | name
 *
 * Operators are case-insensitive; names and patterns are not (a pattern
 * has `*` wildcards; `them` means every identifier not starting with `_`).
 * Aggregations (`| count() > 5`), `near` and "x of" with x other than 1
 * are reported as unsupported, never evaluated approximately.
 */
#include "sigma_int.h"

#include <stdlib.h>
#include <string.h>

enum { T_END, T_LP, T_RP, T_PIPE, T_WORD };

struct cparse {
	struct ipk_sigma_rule *rule;
	const char *p, *end;
	int tok;                 /* current token */
	const char *w;           /* T_WORD: its bytes */
	size_t wn;
	int depth;
	struct ipk_sigma_error *err;
};

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '(' ||
	    c == ')' || c == '|';
}

static void
next(struct cparse *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\r' || *c->p == '\n'))
		c->p++;
	if (c->p >= c->end) {
		c->tok = T_END;
		return;
	}
	switch (*c->p) {
	case '(':
		c->tok = T_LP;
		c->p++;
		return;
	case ')':
		c->tok = T_RP;
		c->p++;
		return;
	case '|':
		c->tok = T_PIPE;
		c->p++;
		return;
	default:
		break;
	}
	c->w = c->p;
	while (c->p < c->end && !is_sep(*c->p))
		c->p++;
	c->wn = (size_t)(c->p - c->w);
	c->tok = T_WORD;
}

static int
word_is(const struct cparse *c, const char *kw)
{
	size_t i, n = strlen(kw);

	if (c->tok != T_WORD || c->wn != n)
		return 0;
	for (i = 0; i < n; i++) {
		char a = c->w[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != kw[i])
			return 0;
	}
	return 1;
}

static int
add_node(struct cparse *c, int op, int a, int b)
{
	struct ipk_sigma_rule *r = c->rule;

	if (r->ncn == r->capcn) {
		size_t nc = r->capcn ? r->capcn * 2 : 16;
		struct sg_cnode *p;

		if (nc > 4 * IPK_SIGMA_MAX_CONDITION) {
			sg_err(c->err, CM_FAILED, 0, "condition",
			    "condition too complex");
			return -1;
		}
		p = realloc(r->cn, nc * sizeof(*p));
		if (p == NULL) {
			sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
			return -1;
		}
		r->cn = p;
		r->capcn = nc;
	}
	r->cn[r->ncn].op = (unsigned char)op;
	r->cn[r->ncn].a = a;
	r->cn[r->ncn].b = b;
	return (int)r->ncn++;
}

/* `*` glob over identifier names, case-sensitive. */
static int
glob_match(const char *pat, size_t pn, const char *s)
{
	size_t pi = 0, si = 0, sn = strlen(s), star = (size_t)-1, mark = 0;

	while (si < sn) {
		if (pi < pn && pat[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (pi < pn && pat[pi] == s[si]) {
			pi++;
			si++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else {
			return 0;
		}
	}
	while (pi < pn && pat[pi] == '*')
		pi++;
	return pi == pn;
}

static int find_det(const struct ipk_sigma_rule *r, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < r->ndet; i++)
		if (strlen(r->det[i].name) == n &&
		    memcmp(r->det[i].name, w, n) == 0)
			return (int)i;
	return -1;
}

static int parse_expr(struct cparse *c);

/* "1 of x" / "all of x": current token is the word after "of". */
static int
parse_of(struct cparse *c, int all)
{
	struct ipk_sigma_rule *r = c->rule;
	int them, node = -1;
	size_t i, hits = 0;

	if (c->tok != T_WORD)
		return sg_err(c->err, CM_FAILED, 0, "condition",
		    "condition: expected a name or 'them' after 'of'"), -1;
	them = word_is(c, "them");
	for (i = 0; i < r->ndet; i++) {
		int ok, ref;

		if (them)
			ok = r->det[i].name[0] != '_';
		else
			ok = glob_match(c->w, c->wn, r->det[i].name);
		if (!ok)
			continue;
		hits++;
		ref = add_node(c, SG_C_REF, (int)i, -1);
		if (ref < 0)
			return -1;
		if (node < 0)
			node = ref;
		else if ((node = add_node(c, all ? SG_C_AND : SG_C_OR, node,
		    ref)) < 0)
			return -1;
	}
	if (hits == 0)
		return sg_err(c->err, CM_FAILED, 0, "condition",
		    "condition: '%.*s' matches no search identifier",
		    (int)(c->wn > 64 ? 64 : c->wn), c->w), -1;
	next(c);
	return node;
}

static int
parse_primary(struct cparse *c)
{
	int n;

	if (c->tok == T_LP) {
		if (++c->depth > IPK_SIGMA_MAX_COND_DEPTH)
			return sg_err(c->err, CM_FAILED, 0, "condition",
			    "condition nested too deeply"), -1;
		next(c);
		n = parse_expr(c);
		if (n < 0)
			return -1;
		if (c->tok != T_RP)
			return sg_err(c->err, CM_FAILED, 0, "condition",
			    "condition: missing ')'"), -1;
		c->depth--;
		next(c);
		return n;
	}
	if (c->tok == T_PIPE)
		return sg_err(c->err, CM_WARN, 0, "aggregation",
		    "aggregation ('| count()' and the like) is not supported"),
		    -1;
	if (c->tok != T_WORD)
		return sg_err(c->err, CM_FAILED, 0, "condition",
		    "condition: expected a search identifier"), -1;
	if (word_is(c, "1") || word_is(c, "all")) {
		int all = word_is(c, "all");
		struct cparse save = *c;

		next(c);
		if (word_is(c, "of")) {
			next(c);
			return parse_of(c, all);
		}
		*c = save;     /* an identifier named "all" */
	}
	if (c->wn > 0 && c->w[0] >= '0' && c->w[0] <= '9') {
		size_t i;

		for (i = 0; i < c->wn && c->w[i] >= '0' && c->w[i] <= '9'; i++)
			;
		if (i == c->wn) {
			struct cparse save = *c;

			next(c);
			if (word_is(c, "of"))
				return sg_err(c->err, CM_WARN, 0, "x-of",
				    "'%.*s of' (only '1 of' and 'all of' are "
				    "supported)", (int)(save.wn > 16 ? 16 :
				    save.wn), save.w), -1;
			*c = save;
		}
	}
	if (word_is(c, "near"))
		return sg_err(c->err, CM_WARN, 0, "near",
		    "'near' (temporal proximity) is not supported"), -1;
	if (word_is(c, "and") || word_is(c, "or") || word_is(c, "of") ||
	    word_is(c, "them"))
		return sg_err(c->err, CM_FAILED, 0, "condition",
		    "condition: unexpected '%.*s'", (int)c->wn, c->w), -1;
	n = find_det(c->rule, c->w, c->wn);
	if (n < 0) {
		if (memchr(c->w, '*', c->wn) != NULL)
			return sg_err(c->err, CM_FAILED, 0, "condition",
			    "condition: pattern '%.*s' needs '1 of' or 'all of'",
			    (int)(c->wn > 64 ? 64 : c->wn), c->w), -1;
		return sg_err(c->err, CM_FAILED, 0, "condition",
		    "condition: unknown search identifier '%.*s'",
		    (int)(c->wn > 64 ? 64 : c->wn), c->w), -1;
	}
	next(c);
	return add_node(c, SG_C_REF, n, -1);
}

static int
parse_not(struct cparse *c)
{
	int n;

	if (word_is(c, "not")) {
		if (++c->depth > IPK_SIGMA_MAX_COND_DEPTH)
			return sg_err(c->err, CM_FAILED, 0, "condition",
			    "condition nested too deeply"), -1;
		next(c);
		n = parse_not(c);
		c->depth--;
		if (n < 0)
			return -1;
		return add_node(c, SG_C_NOT, n, -1);
	}
	return parse_primary(c);
}

static int
parse_and(struct cparse *c)
{
	int l = parse_not(c), r;

	while (l >= 0 && word_is(c, "and")) {
		next(c);
		if ((r = parse_not(c)) < 0)
			return -1;
		l = add_node(c, SG_C_AND, l, r);
	}
	return l;
}

static int
parse_expr(struct cparse *c)
{
	int l = parse_and(c), r;

	while (l >= 0 && word_is(c, "or")) {
		next(c);
		if ((r = parse_and(c)) < 0)
			return -1;
		l = add_node(c, SG_C_OR, l, r);
	}
	return l;
}

/*
 * Parses text into rule->cn; a rule with several conditions calls this
 * once per condition, and the roots are or-ed.  Returns CM_OK, CM_WARN
 * (unsupported) or CM_FAILED.
 */
int
sg_cond_parse(struct ipk_sigma_rule *rule, const char *text, size_t n,
    struct ipk_sigma_error *err)
{
	struct cparse c;
	int root;

	if (n > IPK_SIGMA_MAX_CONDITION)
		return sg_err(err, CM_FAILED, 0, "condition",
		    "condition longer than %d bytes", IPK_SIGMA_MAX_CONDITION);
	memset(&c, 0, sizeof(c));
	c.rule = rule;
	c.p = text;
	c.end = text + n;
	c.err = err;
	next(&c);
	if (c.tok == T_END)
		return sg_err(err, CM_FAILED, 0, "condition", "empty condition");
	root = parse_expr(&c);
	if (root < 0)
		return err->rc;
	if (c.tok == T_PIPE)
		return sg_err(err, CM_WARN, 0, "aggregation",
		    "aggregation ('| count()' and the like) is not supported");
	if (word_is(&c, "near"))
		return sg_err(err, CM_WARN, 0, "near",
		    "'near' (temporal proximity) is not supported");
	if (c.tok != T_END)
		return sg_err(err, CM_FAILED, 0, "condition",
		    "condition: unexpected '%.*s' after the expression",
		    c.tok == T_WORD ? (int)(c.wn > 64 ? 64 : c.wn) : 1,
		    c.tok == T_WORD ? c.w : ")");
	if (rule->root >= 0) {
		root = add_node(&c, SG_C_OR, rule->root, root);
		if (root < 0)
			return err->rc;
	}
	rule->root = root;
	return CM_OK;
}
