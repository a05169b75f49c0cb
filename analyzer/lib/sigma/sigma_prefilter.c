/*
 * sigma_prefilter.c - skips rules that cannot match a record without
 * evaluating them: each rule gets "anchors", literals one of which must
 * occur in its field for the rule to be true, and one Aho-Corasick pass per
 * field and record tells which literals occur.
 *
 *   selection:                       anchors of the rule:
 *       Image|endswith: '\x.exe'       Image: "\x.exe"
 *       CommandLine|contains: ' -e'    (one item of an AND is enough)
 *   condition: selection and not filter
 *
 * Anchors follow the condition: `a and b` needs the anchors of a or of b
 * (the better), `a or b` the anchors of both, `not a` has none (the rule is
 * then always evaluated), a selection needs one item of each of its maps.
 * An item is anchorable when every value is a literal (EQ, prefix, suffix,
 * contains, or a glob's longest literal); with |all one value is enough.
 * null, exists, |neq, |re, |cidr, numbers and keywords are not anchorable.
 * The filter is exact: a rule it skips is one that cannot match, because
 * every matcher the anchor stands for needs its literal (lowered) to occur
 * in the (lowered) value.
 */
#include "sigma_int.h"

#include <stdlib.h>
#include <string.h>

struct aset {
	struct sg_anchor *a;
	size_t n, cap;
	size_t minlen;
	int ok;
};

static void
needle(const struct sg_value *v, const char **s, size_t *n)
{
	if (v->mode == SG_GLOB) {
		*s = v->s + v->pre_off;
		*n = v->pre_len;
	} else {
		*s = v->s;
		*n = v->n;
	}
}

static int
value_anchorable(const struct sg_value *v)
{
	const char *s;
	size_t n;

	if (v->kind != SG_V_STR || v->has_num)
		return 0;
	needle(v, &s, &n);
	return n > 0;
}

static int
aset_add(struct aset *s, int fid, const struct sg_value *v)
{
	const char *p;
	size_t n;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		struct sg_anchor *q;

		if (nc > IPK_SIGMA_MAX_ANCHORS)
			return -1;
		q = realloc(s->a, nc * sizeof(*q));
		if (q == NULL)
			return -1;
		s->a = q;
		s->cap = nc;
	}
	s->a[s->n].fid = fid;
	s->a[s->n].v = v;
	s->n++;
	needle(v, &p, &n);
	if (s->n == 1 || n < s->minlen)
		s->minlen = n;
	return 0;
}

static void
aset_fail(struct aset *s)
{
	free(s->a);
	memset(s, 0, sizeof(*s));
}

/* a better than b: longer shortest literal, then fewer literals */
static int
better(const struct aset *a, const struct aset *b)
{
	if (!b->ok)
		return a->ok;
	if (!a->ok)
		return 0;
	if (a->minlen != b->minlen)
		return a->minlen > b->minlen;
	return a->n < b->n;
}

static void
aset_union(struct aset *into, struct aset *from)
{
	size_t i;

	if (!into->ok || !from->ok) {
		aset_fail(into);
		aset_fail(from);
		return;
	}
	for (i = 0; i < from->n; i++)
		if (aset_add(into, from->a[i].fid, from->a[i].v) < 0) {
			aset_fail(into);
			break;
		}
	aset_fail(from);
}

static struct aset
item_anchors(const struct sg_item *it)
{
	struct aset s;
	size_t i, best = (size_t)-1, bestlen = 0;

	memset(&s, 0, sizeof(s));
	if (it->field == NULL || it->fid < 0 || it->neq || it->nv == 0)
		return s;
	if (it->all) {
		for (i = 0; i < it->nv; i++) {
			const char *p;
			size_t n;

			if (!value_anchorable(&it->v[i]))
				continue;
			needle(&it->v[i], &p, &n);
			if (best == (size_t)-1 || n > bestlen) {
				best = i;
				bestlen = n;
			}
		}
		if (best == (size_t)-1 || aset_add(&s, it->fid, &it->v[best]) < 0)
			aset_fail(&s);
		else
			s.ok = 1;
		return s;
	}
	for (i = 0; i < it->nv; i++)
		if (!value_anchorable(&it->v[i]) ||
		    aset_add(&s, it->fid, &it->v[i]) < 0) {
			aset_fail(&s);
			return s;
		}
	s.ok = 1;
	return s;
}

static struct aset
det_anchors(const struct sg_det *d)
{
	struct aset all;
	size_t g, i;

	memset(&all, 0, sizeof(all));
	all.ok = 1;
	for (g = 0; g < d->ng; g++) {
		struct aset best;

		memset(&best, 0, sizeof(best));
		for (i = 0; i < d->g[g].n; i++) {
			struct aset s = item_anchors(&d->g[g].it[i]);

			if (better(&s, &best)) {
				aset_fail(&best);
				best = s;
			} else {
				aset_fail(&s);
			}
		}
		aset_union(&all, &best);
		if (!all.ok)
			break;
	}
	if (d->ng == 0)
		all.ok = 0;
	return all;
}

static struct aset
cond_anchors(const struct ipk_sigma_rule *r, int n, int depth)
{
	const struct sg_cnode *c = &r->cn[n];
	struct aset a, b;

	memset(&a, 0, sizeof(a));
	if (depth > 4 * IPK_SIGMA_MAX_COND_DEPTH + IPK_SIGMA_MAX_DETECTIONS)
		return a;
	switch (c->op) {
	case SG_C_REF:
		return det_anchors(&r->det[c->a]);
	case SG_C_AND:
		a = cond_anchors(r, c->a, depth + 1);
		b = cond_anchors(r, c->b, depth + 1);
		if (better(&b, &a)) {
			aset_fail(&a);
			return b;
		}
		aset_fail(&b);
		return a;
	case SG_C_OR:
		a = cond_anchors(r, c->a, depth + 1);
		if (!a.ok)
			return a;
		b = cond_anchors(r, c->b, depth + 1);
		aset_union(&a, &b);
		return a;
	default:
		return a;       /* not: none */
	}
}

/* Computes rule->anc (after the set gave items their field ids). */
int
sg_rule_anchors(struct ipk_sigma_rule *r)
{
	struct aset s;

	free(r->anc);
	r->anc = NULL;
	r->nanc = 0;
	if (r->root < 0)
		return 0;
	s = cond_anchors(r, r->root, 0);
	if (!s.ok || s.n == 0) {
		aset_fail(&s);
		return 0;
	}
	r->anc = s.a;
	r->nanc = s.n;
	return 0;
}

/* --- Aho-Corasick ------------------------------------------------------------ */

/* build-time trie: children as lists */
struct btrie {
	int32_t *child, *sib;
	unsigned char *byte, *isout;
	size_t n, cap;
};

static unsigned char
lc(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int32_t
bt_new(struct btrie *t, unsigned char b)
{
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 256;
		int32_t *c = realloc(t->child, nc * sizeof(*c));

		if (c == NULL)
			return -1;
		t->child = c;
		if ((c = realloc(t->sib, nc * sizeof(*c))) == NULL)
			return -1;
		t->sib = c;
		if ((t->byte = realloc(t->byte, nc)) == NULL ||
		    (t->isout = realloc(t->isout, nc)) == NULL)
			return -1;
		t->cap = nc;
	}
	t->child[t->n] = -1;
	t->sib[t->n] = -1;
	t->byte[t->n] = b;
	t->isout[t->n] = 0;
	return (int32_t)t->n++;
}

static int32_t
bt_find(const struct btrie *t, int32_t node, unsigned char b)
{
	int32_t c;

	for (c = t->child[node]; c >= 0; c = t->sib[c])
		if (t->byte[c] == b)
			return c;
	return -1;
}

/* Inserts the lowered literal; returns its end node or -1. */
static int32_t
bt_insert(struct btrie *t, const char *s, size_t n)
{
	int32_t node = 0, c;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char b = lc((unsigned char)s[i]);

		c = bt_find(t, node, b);
		if (c < 0) {
			if ((c = bt_new(t, b)) < 0)
				return -1;
			t->sib[c] = t->child[node];
			t->child[node] = c;
		}
		node = c;
	}
	t->isout[node] = 1;
	return node;
}

static void
bt_free(struct btrie *t)
{
	free(t->child);
	free(t->sib);
	free(t->byte);
	free(t->isout);
	memset(t, 0, sizeof(*t));
}

static void
ac_free(struct sg_ac *a)
{
	if (a == NULL)
		return;
	free(a->fail);
	free(a->dict);
	free(a->estart);
	free(a->ecount);
	free(a->isout);
	free(a->ebyte);
	free(a->eto);
	free(a->tok);
	free(a);
}

static int
cmp_edge(const void *x, const void *y)
{
	const int32_t *a = x, *b = y;

	return a[0] - b[0];
}

/* Freezes the trie into an automaton (fail links by breadth-first walk). */
static struct sg_ac *
ac_make(struct btrie *t)
{
	struct sg_ac *a = calloc(1, sizeof(*a));
	int32_t *queue = NULL, (*tmp)[2] = NULL;
	size_t n = t->n, qh = 0, qt = 0, e = 0, i;

	if (a == NULL)
		return NULL;
	a->nnodes = n;
	a->fail = calloc(n, sizeof(*a->fail));
	a->dict = malloc(n * sizeof(*a->dict));
	a->estart = calloc(n, sizeof(*a->estart));
	a->ecount = calloc(n, sizeof(*a->ecount));
	a->isout = malloc(n);
	a->ebyte = malloc(n);
	a->eto = malloc(n * sizeof(*a->eto));
	a->tok = calloc(n, sizeof(*a->tok));
	queue = malloc(n * sizeof(*queue));
	tmp = malloc(256 * sizeof(*tmp));
	if (a->fail == NULL || a->dict == NULL || a->estart == NULL ||
	    a->ecount == NULL || a->isout == NULL || a->ebyte == NULL ||
	    a->eto == NULL || a->tok == NULL || queue == NULL || tmp == NULL)
		goto fail;
	memcpy(a->isout, t->isout, n);
	/* edges, sorted by byte per node */
	for (i = 0; i < n; i++) {
		int32_t c;
		size_t k = 0, j;

		for (c = t->child[i]; c >= 0; c = t->sib[c]) {
			tmp[k][0] = t->byte[c];
			tmp[k][1] = c;
			k++;
		}
		qsort(tmp, k, sizeof(*tmp), cmp_edge);
		a->estart[i] = (uint32_t)e;
		a->ecount[i] = (uint16_t)k;
		for (j = 0; j < k; j++, e++) {
			a->ebyte[e] = (unsigned char)tmp[j][0];
			a->eto[e] = tmp[j][1];
		}
	}
	for (i = 0; i < 256; i++)
		a->root[i] = 0;
	a->dict[0] = -1;
	for (i = 0; i < a->ecount[0]; i++) {
		int32_t c = a->eto[a->estart[0] + i];

		a->root[a->ebyte[a->estart[0] + i]] = c;
		a->fail[c] = 0;
		a->dict[c] = -1;
		queue[qt++] = c;
	}
	while (qh < qt) {
		int32_t u = queue[qh++];

		for (i = 0; i < a->ecount[u]; i++) {
			int32_t c = a->eto[a->estart[u] + i], f = a->fail[u], g;
			unsigned char b = a->ebyte[a->estart[u] + i];

			for (;;) {
				g = f == 0 ? a->root[b] : bt_find(t, f, b);
				if (g >= 0 && g != 0)
					break;
				if (f == 0) {
					g = 0;
					break;
				}
				f = a->fail[f];
			}
			a->fail[c] = g;
			a->dict[c] = a->isout[g] ? g : a->dict[g];
			queue[qt++] = c;
		}
	}
	free(queue);
	free(tmp);
	return a;
fail:
	free(queue);
	free(tmp);
	ac_free(a);
	return NULL;
}

static int32_t
ac_step(const struct sg_ac *a, int32_t s, unsigned char b)
{
	for (;;) {
		uint32_t lo, hi;

		if (s == 0)
			return a->root[b];
		lo = a->estart[s];
		hi = lo + a->ecount[s];
		if (hi - lo <= 8) {
			for (; lo < hi; lo++)
				if (a->ebyte[lo] == b)
					return a->eto[lo];
		} else {
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;

				if (a->ebyte[mid] == b)
					return a->eto[mid];
				if (a->ebyte[mid] < b)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
		s = a->fail[s];
	}
}

/* Marks with tok every literal occurring in s (lowered bytes) and lists
 * each once in hits (room for every node). */
static void
ac_scan(struct sg_ac *a, const unsigned char *s, size_t n, uint32_t tok,
    int32_t *hits, size_t *nhits)
{
	int32_t st = 0, o;
	size_t i;

	for (i = 0; i < n; i++) {
		st = ac_step(a, st, s[i]);
		for (o = a->isout[st] ? st : a->dict[st];
		    o >= 0 && a->tok[o] != tok; o = a->dict[o]) {
			a->tok[o] = tok;
			hits[(*nhits)++] = o;
		}
	}
}

/* --- set level ------------------------------------------------------------------ */

/* Every value of a rule, to set or clear acnode. */
static void
each_value(const struct ipk_sigma_rule *r,
    void (*fn)(struct sg_item *, struct sg_value *, void *), void *arg)
{
	size_t d, g, i, v;

	for (d = 0; d < r->ndet; d++)
		for (g = 0; g < r->det[d].ng; g++)
			for (i = 0; i < r->det[d].g[g].n; i++) {
				struct sg_item *it = &r->det[d].g[g].it[i];

				for (v = 0; v < it->nv; v++)
					fn(it, &it->v[v], arg);
			}
}

static void
clear_node(struct sg_item *it, struct sg_value *v, void *arg)
{
	(void)it;
	(void)arg;
	v->acnode = -1;
}

struct cn_arg {
	struct btrie *tr;
	int failed;
};

static void
set_node(struct sg_item *it, struct sg_value *v, void *arg)
{
	struct cn_arg *a = arg;
	struct btrie *t;

	if (a->failed || it->field == NULL || it->fid < 0 ||
	    v->kind != SG_V_STR || v->mode != SG_CONTAINS || v->cased ||
	    v->n == 0)
		return;
	t = &a->tr[it->fid];
	if ((t->n == 0 && bt_new(t, 0) < 0) ||
	    (v->acnode = bt_insert(t, v->s, v->n)) < 0) {
		v->acnode = -1;
		a->failed = 1;
	}
}

/* Puts every case-insensitive contains literal of a rule in its field's
 * automaton: the scan then answers them all at once. */
static int
contains_nodes(const struct ipk_sigma_rule *r, struct btrie *tr)
{
	struct cn_arg a;

	a.tr = tr;
	a.failed = 0;
	each_value(r, set_node, &a);
	return a.failed ? -1 : 0;
}

void
sg_prefilter_free(struct ipk_sigma_set *s)
{
	size_t i;

	for (i = 0; i < s->nrules; i++)
		each_value(s->rules[i], clear_node, NULL);

	for (i = 0; i < s->nac; i++)
		ac_free(s->ac[i]);
	free(s->ac);
	free(s->scan_tok);
	free(s->scan_gen);
	free(s->scan_fi);
	if (s->hitn != NULL)
		for (i = 0; i < s->nac; i++)
			free(s->hitn[i]);
	free(s->hitn);
	free(s->hitc);
	s->hitn = NULL;
	s->hitc = NULL;
	s->ac = NULL;
	s->scan_tok = s->scan_gen = NULL;
	s->scan_fi = NULL;
	s->nac = 0;
	for (i = 0; i < s->nbuckets; i++) {
		struct sg_bucket *b = &s->buckets[i];
		size_t k;

		for (k = 0; k < b->nbf; k++)
			free(b->bf[k].p);
		free(b->bf);
		free(b->anch);
		free(b->seen);
		b->bf = NULL;
		b->nbf = 0;
		b->anch = NULL;
		b->seen = NULL;
	}
}

static int
cmp_pair(const void *x, const void *y)
{
	const struct sg_pair *a = x, *b = y;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return a->ri < b->ri ? -1 : a->ri > b->ri;
}

/* The per-field (node, rule) tables of one bucket. */
static int
bucket_build(struct ipk_sigma_set *s, struct sg_bucket *b, int32_t **nodes)
{
	size_t j, k, f;

	b->anch = calloc(b->n ? b->n : 1, 1);
	b->seen = calloc(b->n ? b->n : 1, sizeof(*b->seen));
	if (b->anch == NULL || b->seen == NULL)
		return -1;
	for (j = 0; j < b->n; j++) {
		const struct ipk_sigma_rule *r = s->rules[b->idx[j]];

		b->anch[j] = r->nanc > 0;
		for (k = 0; k < r->nanc; k++) {
			struct sg_bfid *bf = NULL;

			for (f = 0; f < b->nbf; f++)
				if (b->bf[f].fid == r->anc[k].fid)
					bf = &b->bf[f];
			if (bf == NULL) {
				struct sg_bfid *p = realloc(b->bf,
				    (b->nbf + 1) * sizeof(*p));

				if (p == NULL)
					return -1;
				b->bf = p;
				bf = &b->bf[b->nbf++];
				memset(bf, 0, sizeof(*bf));
				bf->fid = r->anc[k].fid;
			}
			if ((bf->np & (bf->np - 1)) == 0) {
				/* grow at powers of two */
				struct sg_pair *p = realloc(bf->p,
				    (bf->np ? bf->np * 2 : 8) * sizeof(*p));

				if (p == NULL)
					return -1;
				bf->p = p;
			}
			bf->p[bf->np].node = nodes[b->idx[j]][k];
			bf->p[bf->np].ri = (uint32_t)j;
			bf->np++;
		}
	}
	for (f = 0; f < b->nbf; f++)
		qsort(b->bf[f].p, b->bf[f].np, sizeof(*b->bf[f].p), cmp_pair);
	return 0;
}

/*
 * Builds one automaton per field from the anchors of every rule, and each
 * bucket's anchor table.  On failure (memory) the prefilter is left off:
 * every rule is then evaluated, with the same results.
 */
int
sg_prefilter_build(struct ipk_sigma_set *s)
{
	struct btrie *tr = NULL;
	int32_t **nodes = NULL;     /* per rule: node per anchor */
	size_t i, k;
	int rc = CM_FAILED;

	sg_prefilter_free(s);
	s->dirty = 0;
	if (!s->prefilter || s->nnames == 0)
		return CM_OK;
	s->nac = s->nnames;
	s->ac = calloc(s->nac, sizeof(*s->ac));
	s->scan_tok = calloc(s->nac, sizeof(*s->scan_tok));
	s->scan_gen = calloc(s->nac, sizeof(*s->scan_gen));
	s->scan_fi = calloc(s->nac, sizeof(*s->scan_fi));
	s->hitn = calloc(s->nac, sizeof(*s->hitn));
	s->hitc = calloc(s->nac, sizeof(*s->hitc));
	tr = calloc(s->nac, sizeof(*tr));
	nodes = calloc(s->nrules ? s->nrules : 1, sizeof(*nodes));
	if (s->ac == NULL || s->scan_tok == NULL || s->scan_gen == NULL ||
	    s->scan_fi == NULL || s->hitn == NULL || s->hitc == NULL ||
	    tr == NULL || nodes == NULL)
		goto out;
	for (i = 0; i < s->nrules; i++) {
		const struct ipk_sigma_rule *r = s->rules[i];

		if (!r->dead && contains_nodes(r, tr) < 0)
			goto out;
		if (r->nanc == 0)
			continue;
		if ((nodes[i] = malloc(r->nanc * sizeof(int32_t))) == NULL)
			goto out;
		for (k = 0; k < r->nanc; k++) {
			struct btrie *t = &tr[r->anc[k].fid];
			const char *p;
			size_t n;

			if (t->n == 0 && bt_new(t, 0) < 0)
				goto out;
			needle(r->anc[k].v, &p, &n);
			if ((nodes[i][k] = bt_insert(t, p, n)) < 0)
				goto out;
		}
	}
	for (i = 0; i < s->nac; i++) {
		if (tr[i].n == 0)
			continue;
		if ((s->ac[i] = ac_make(&tr[i])) == NULL ||
		    (s->hitn[i] = malloc(tr[i].n * sizeof(int32_t))) == NULL)
			goto out;
	}
	for (i = 0; i < s->nbuckets; i++)
		if (bucket_build(s, &s->buckets[i], nodes) < 0)
			goto out;
	rc = CM_OK;
out:
	if (tr != NULL)
		for (i = 0; i < s->nac; i++)
			bt_free(&tr[i]);
	free(tr);
	if (nodes != NULL)
		for (i = 0; i < s->nrules; i++)
			free(nodes[i]);
	free(nodes);
	if (rc != CM_OK)
		sg_prefilter_free(s);
	return rc;
}

/* Scans field fid of the record (in r's view) unless already done;
 * s->hitn[fid] then lists the literal nodes found. */
static void
scan(struct sg_rec *r, int fid)
{
	struct ipk_sigma_set *s = r->set;
	struct sg_ac *a = s->ac[fid];
	int fi = sg_field_index(r, fid);
	const struct ipk_field *f;
	const char *low;
	size_t off, k;

	if (s->scan_gen[fid] == s->gen && s->scan_fi[fid] == fi &&
	    s->scan_tok[fid] != 0)
		return;
	if (++s->tok == 0) {
		/* wrapped: forget every mark */
		for (k = 0; k < s->nac; k++) {
			if (s->ac[k] != NULL)
				memset(s->ac[k]->tok, 0,
				    s->ac[k]->nnodes * sizeof(uint32_t));
			s->scan_tok[k] = 0;
		}
		s->tok = 1;
	}
	s->scan_gen[fid] = s->gen;
	s->scan_fi[fid] = fi;
	s->scan_tok[fid] = s->tok;
	s->hitc[fid] = 0;
	if (fi < 0)
		return;
	f = &r->rec->fields[fi];
	low = sg_field_bytes(r, (size_t)fi, 1);
	if (low == NULL) {
		/* no lowered copy (oversized record): every literal counts
		 * as seen, so nothing is skipped wrongly */
		for (k = 1; k < a->nnodes; k++)
			if (a->isout[k])
				s->hitn[fid][s->hitc[fid]++] = (int32_t)k;
		return;
	}
	if (f->type != IPK_V_LIST) {
		ac_scan(a, (const unsigned char *)low, f->len, s->tok,
		    s->hitn[fid], &s->hitc[fid]);
		return;
	}
	for (k = 0, off = 0; k < f->nitems && off < f->len; k++) {
		size_t n = strnlen(low + off, f->len - off);

		ac_scan(a, (const unsigned char *)low + off, n, s->tok,
		    s->hitn[fid], &s->hitc[fid]);
		off += n + 1;
	}
}

int
sg_prefilter_hit(struct sg_rec *r, int fid, int32_t node)
{
	struct ipk_sigma_set *s = r->set;

	scan(r, fid);
	return s->ac[fid]->tok[node] == s->scan_tok[fid];
}

uint32_t
sg_prefilter_visit(struct sg_rec *r, struct sg_bucket *b)
{
	struct ipk_sigma_set *s = r->set;
	size_t f, h;

	if (++s->vtok == 0) {
		size_t i;

		for (i = 0; i < s->nbuckets; i++)
			if (s->buckets[i].seen != NULL)
				memset(s->buckets[i].seen, 0,
				    s->buckets[i].n * sizeof(uint32_t));
		s->vtok = 1;
	}
	for (f = 0; f < b->nbf; f++) {
		const struct sg_bfid *bf = &b->bf[f];
		int fid = bf->fid;

		scan(r, fid);
		for (h = 0; h < s->hitc[fid]; h++) {
			int32_t node = s->hitn[fid][h];
			size_t lo = 0, hi = bf->np;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (bf->p[mid].node < node)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < bf->np && bf->p[lo].node == node; lo++)
				b->seen[bf->p[lo].ri] = s->vtok;
		}
	}
	return s->vtok;
}
