/*
 * sigma_load.c - reads one Sigma rule (YAML, through libyaml's document
 * loader) into its compiled form.
 *
 *   title: Whoami Execution
 *   id: 8c3f1a2b-...
 *   logsource: { product: windows, category: process_creation }
 *   detection:
 *       selection:
 *           Image|endswith: '\whoami.exe'
 *       condition: selection
 *   level: high
 *
 * The metadata kept is what findings need (title, id, level, tags...).
 * Search identifiers are maps (AND of field items), lists of maps (OR),
 * lists of plain values (keywords: OR, searched in every field) or maps
 * with a field-less key like '|all' (keywords with modifiers).  Plain YAML
 * scalars are typed as YAML 1.1 core: null, true/false, integers and
 * floats; quoted scalars are strings.
 *
 * Refused as unsupported (valid Sigma this engine does not evaluate):
 * multi-document rule collections, correlation and filter (meta) rules,
 * aggregations and `near` in conditions, |expand placeholders, time
 * modifiers, UTF-16 without base64.  Everything malformed is an error
 * naming the line.
 */
#include "sigma_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

int
sg_err(struct ipk_sigma_error *err, int rc, unsigned long line,
    const char *reason, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return rc;
	if (err->rc != CM_OK && err->rc <= rc)
		return err->rc;       /* keep the first, worse problem */
	err->rc = rc;
	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s", reason);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

struct lctx {
	yaml_document_t *doc;
	struct ipk_sigma_rule *rule;
	struct ipk_sigma_error *err;
	size_t budget;               /* values left */
};

static unsigned long
line_of(const yaml_node_t *n)
{
	return n != NULL ? (unsigned long)n->start_mark.line + 1 : 0;
}

static yaml_node_t *
node(struct lctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

void *
sg_grow(void *p, size_t n, size_t size)
{
	size_t cap;

	if (n == 0)
		cap = 4;
	else if (n >= 4 && (n & (n - 1)) == 0)
		cap = 2 * n;
	else
		return p;           /* room left */
	if (cap > ((size_t)-1) / size)
		return NULL;
	return realloc(p, cap * size);
}

/* Keeps a copy of s in the rule (freed with it). */
static char *
keep(struct ipk_sigma_rule *r, const char *s, size_t n)
{
	char **p, *d;

	if ((p = sg_grow(r->strs, r->nstrs, sizeof(*p))) == NULL)
		return NULL;
	r->strs = p;
	d = malloc(n + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = 0;
	r->strs[r->nstrs++] = d;
	return d;
}

static int
is_scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE;
}

static const char *
sval(const yaml_node_t *n, size_t *len)
{
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static int
key_is(const yaml_node_t *k, const char *name)
{
	return is_scalar(k) && k->data.scalar.length == strlen(name) &&
	    memcmp(k->data.scalar.value, name, k->data.scalar.length) == 0;
}

static int
all_digits(const char *s, size_t n, size_t from)
{
	size_t i;

	if (from >= n)
		return 0;
	for (i = from; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* YAML 1.1 core typing of a scalar: 's' 'i' 'f' 'b' 'n'. */
static char
scalar_type(const yaml_node_t *n)
{
	size_t len, i = 0, dot = 0, dig = 0;
	const char *s = sval(n, &len);

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 's';
	if (len == 0 || (len == 1 && s[0] == '~') ||
	    (len == 4 && (memcmp(s, "null", 4) == 0 ||
	    memcmp(s, "Null", 4) == 0 || memcmp(s, "NULL", 4) == 0)))
		return 'n';
	if ((len == 4 && (memcmp(s, "true", 4) == 0 ||
	    memcmp(s, "True", 4) == 0 || memcmp(s, "TRUE", 4) == 0)) ||
	    (len == 5 && (memcmp(s, "false", 5) == 0 ||
	    memcmp(s, "False", 5) == 0 || memcmp(s, "FALSE", 5) == 0)))
		return 'b';
	if (s[0] == '-' || s[0] == '+')
		i = 1;
	if (all_digits(s, len, i))
		return 'i';
	for (; i < len; i++) {
		if (s[i] == '.')
			dot++;
		else if (s[i] >= '0' && s[i] <= '9')
			dig++;
		else
			return 's';
	}
	return (dot == 1 && dig > 0) ? 'f' : 's';
}

/* A string metadata field: scalar, kept; NULL if absent or not scalar. */
static const char *
meta_str(struct lctx *c, const yaml_node_t *v)
{
	size_t n;
	const char *s;

	if (!is_scalar(v) || scalar_type(v) == 'n')
		return NULL;
	s = sval(v, &n);
	return keep(c->rule, s, n);
}

/* Registers a malloc'd block to be freed with the rule. */
static int
keep_ptr(struct ipk_sigma_rule *r, void *p)
{
	char **np = sg_grow(r->strs, r->nstrs, sizeof(*np));

	if (np == NULL)
		return -1;
	r->strs = np;
	r->strs[r->nstrs++] = p;
	return 0;
}

/* A list of strings (a lone scalar is a list of one). */
static int
meta_list(struct lctx *c, const yaml_node_t *v, const char *const **out,
    size_t *nout)
{
	yaml_node_item_t *it;
	const char **arr;
	size_t n = 0, cap;

	if (v == NULL || (v->type != YAML_SEQUENCE_NODE && !is_scalar(v)))
		return 0;
	cap = is_scalar(v) ? 1 : (size_t)(v->data.sequence.items.top -
	    v->data.sequence.items.start) + 1;
	arr = calloc(cap, sizeof(*arr));
	if (arr == NULL || keep_ptr(c->rule, arr) < 0) {
		free(arr);
		return -1;
	}
	if (is_scalar(v)) {
		if ((arr[0] = meta_str(c, v)) != NULL)
			n = 1;
	} else {
		for (it = v->data.sequence.items.start;
		    it < v->data.sequence.items.top; it++) {
			const char *s = meta_str(c, node(c, *it));

			if (s != NULL)
				arr[n++] = s;
		}
	}
	*out = arr;
	*nout = n;
	return 0;
}

/* Lowercased logsource value. */
static const char *
meta_lower(struct lctx *c, const yaml_node_t *v)
{
	char *s = (char *)meta_str(c, v);
	size_t i;

	if (s != NULL)
		for (i = 0; s[i]; i++)
			if (s[i] >= 'A' && s[i] <= 'Z')
				s[i] = (char)(s[i] + 32);
	return s;
}

static struct sg_group *
add_group(struct lctx *c, struct sg_det *d)
{
	struct sg_group *g = sg_grow(d->g, d->ng, sizeof(*g));

	if (g == NULL) {
		sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
		return NULL;
	}
	d->g = g;
	g = &d->g[d->ng++];
	memset(g, 0, sizeof(*g));
	return g;
}

static struct sg_item *
add_item(struct lctx *c, struct sg_group *g, unsigned long line)
{
	struct sg_item *it = sg_grow(g->it, g->n, sizeof(*it));

	if (it == NULL) {
		sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
		return NULL;
	}
	g->it = it;
	it = &g->it[g->n++];
	memset(it, 0, sizeof(*it));
	it->fid = -1;
	it->line = line;
	return it;
}

static int
value_one(struct lctx *c, struct sg_item *it, const struct sg_mods *m,
    const yaml_node_t *v)
{
	size_t n;
	const char *s;
	int rc;

	if (!is_scalar(v))
		return sg_err(c->err, CM_FAILED, line_of(v), "value",
		    "a value must be a scalar or a list of scalars");
	s = sval(v, &n);
	rc = sg_value_compile(it, m, it->field == NULL, scalar_type(v), s, n,
	    &c->budget, c->err);
	if (rc != CM_OK && c->err->line == 0)
		c->err->line = line_of(v);
	return rc;
}

/* key: "Field|mod|mod", "|mod" or "Field"; v: scalar or list of scalars. */
static int
field_item(struct lctx *c, struct sg_group *g, const yaml_node_t *k,
    const yaml_node_t *v)
{
	size_t kn, fn;
	const char *ks, *bar;
	struct sg_mods m;
	struct sg_item *it;
	int rc;

	if (!is_scalar(k))
		return sg_err(c->err, CM_FAILED, line_of(k), "detection",
		    "a field name must be a scalar");
	ks = sval(k, &kn);
	bar = memchr(ks, '|', kn);
	fn = bar ? (size_t)(bar - ks) : kn;
	memset(&m, 0, sizeof(m));
	if (bar != NULL && (rc = sg_mods_parse(&m, bar + 1, kn - fn - 1,
	    c->err)) != CM_OK) {
		if (c->err->line == 0)
			c->err->line = line_of(k);
		return rc;
	}
	if ((it = add_item(c, g, line_of(k))) == NULL)
		return c->err->rc;
	if (fn > 0 && (it->field = keep(c->rule, ks, fn)) == NULL)
		return sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
	it->all = m.all;
	it->neq = m.neq;
	if (v != NULL && v->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *p;

		if (v->data.sequence.items.top == v->data.sequence.items.start)
			return sg_err(c->err, CM_FAILED, line_of(v), "value",
			    "empty list of values");
		for (p = v->data.sequence.items.start;
		    p < v->data.sequence.items.top; p++)
			if ((rc = value_one(c, it, &m, node(c, *p))) != CM_OK)
				return rc;
	} else if ((rc = value_one(c, it, &m, v)) != CM_OK) {
		return rc;
	}
	if (it->all && it->nv > 0 && (it->v[0].kind == SG_V_NULL ||
	    it->v[0].kind == SG_V_EXISTS))
		return sg_err(c->err, CM_FAILED, line_of(k), "modifier",
		    "all cannot apply to null or exists");
	return CM_OK;
}

static int
map_group(struct lctx *c, struct sg_det *d, const yaml_node_t *map)
{
	yaml_node_pair_t *p, *q;
	struct sg_group *g = add_group(c, d);
	int rc;

	if (g == NULL)
		return c->err->rc;
	if (map->data.mapping.pairs.top == map->data.mapping.pairs.start)
		return sg_err(c->err, CM_FAILED, line_of(map), "detection",
		    "empty map in search identifier '%s'", d->name);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = node(c, p->key);

		for (q = map->data.mapping.pairs.start; q < p; q++) {
			const yaml_node_t *k2 = node(c, q->key);

			if (is_scalar(k) && is_scalar(k2) &&
			    k->data.scalar.length == k2->data.scalar.length &&
			    memcmp(k->data.scalar.value, k2->data.scalar.value,
			    k->data.scalar.length) == 0)
				return sg_err(c->err, CM_FAILED, line_of(k),
				    "duplicate", "duplicate key '%.*s'",
				    (int)(k->data.scalar.length > 64 ? 64 :
				    k->data.scalar.length),
				    (const char *)k->data.scalar.value);
		}
		if ((rc = field_item(c, g, k, node(c, p->value))) != CM_OK)
			return rc;
	}
	return CM_OK;
}

static int
search_ident(struct lctx *c, const yaml_node_t *k, const yaml_node_t *v)
{
	struct ipk_sigma_rule *r = c->rule;
	struct sg_det *d;
	size_t kn, i;
	const char *ks;
	int rc;

	if (!is_scalar(k))
		return sg_err(c->err, CM_FAILED, line_of(k), "detection",
		    "a search identifier must be a name");
	ks = sval(k, &kn);
	if (kn == 0)
		return sg_err(c->err, CM_FAILED, line_of(k), "detection",
		    "empty search identifier");
	for (i = 0; i < r->ndet; i++)
		if (strlen(r->det[i].name) == kn &&
		    memcmp(r->det[i].name, ks, kn) == 0)
			return sg_err(c->err, CM_FAILED, line_of(k), "duplicate",
			    "duplicate search identifier '%.*s'",
			    (int)(kn > 64 ? 64 : kn), ks);
	if (r->ndet >= IPK_SIGMA_MAX_DETECTIONS)
		return sg_err(c->err, CM_FAILED, line_of(k), "limit",
		    "more than %d search identifiers",
		    IPK_SIGMA_MAX_DETECTIONS);
	d = realloc(r->det, (r->ndet + 1) * sizeof(*d));
	if (d == NULL)
		return sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
	r->det = d;
	d = &r->det[r->ndet++];
	memset(d, 0, sizeof(*d));
	if ((d->name = keep(r, ks, kn)) == NULL)
		return sg_err(c->err, CM_FAILED, 0, "memory", "out of memory");
	if (v == NULL)
		return sg_err(c->err, CM_FAILED, line_of(k), "detection",
		    "search identifier '%s' has no value", d->name);
	if (v->type == YAML_MAPPING_NODE)
		return map_group(c, d, v);
	if (v->type == YAML_SCALAR_NODE) {
		struct sg_group *g = add_group(c, d);
		struct sg_item *it;
		struct sg_mods m;

		if (g == NULL || (it = add_item(c, g, line_of(v))) == NULL)
			return c->err->rc;
		memset(&m, 0, sizeof(m));
		return value_one(c, it, &m, v);
	}
	/* a list: maps are OR-ed groups, plain values one keyword item */
	{
		yaml_node_item_t *p;
		size_t kwg = (size_t)-1;
		struct sg_mods m;

		memset(&m, 0, sizeof(m));
		if (v->data.sequence.items.top == v->data.sequence.items.start)
			return sg_err(c->err, CM_FAILED, line_of(v), "detection",
			    "search identifier '%s' is an empty list", d->name);
		for (p = v->data.sequence.items.start;
		    p < v->data.sequence.items.top; p++) {
			const yaml_node_t *e = node(c, *p);

			if (e != NULL && e->type == YAML_MAPPING_NODE) {
				if ((rc = map_group(c, d, e)) != CM_OK)
					return rc;
				continue;
			}
			if (!is_scalar(e))
				return sg_err(c->err, CM_FAILED, line_of(e),
				    "detection", "nested list in search "
				    "identifier '%s'", d->name);
			if (kwg == (size_t)-1) {
				struct sg_group *g = add_group(c, d);

				if (g == NULL || add_item(c, g, line_of(e)) == NULL)
					return c->err->rc;
				kwg = d->ng - 1;
			}
			if ((rc = value_one(c, &d->g[kwg].it[0], &m, e)) != CM_OK)
				return rc;
		}
	}
	return CM_OK;
}

static int
detection(struct lctx *c, const yaml_node_t *key, const yaml_node_t *det)
{
	yaml_node_pair_t *p;
	const yaml_node_t *cond = NULL;
	int rc;

	if (det == NULL || det->type != YAML_MAPPING_NODE)
		return sg_err(c->err, CM_FAILED, line_of(key), "detection",
		    "detection must be a map");
	for (p = det->data.mapping.pairs.start; p < det->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = node(c, p->key), *v = node(c, p->value);

		if (key_is(k, "condition")) {
			if (cond != NULL)
				return sg_err(c->err, CM_FAILED, line_of(k),
				    "duplicate", "two conditions");
			cond = v;
			continue;
		}
		if (key_is(k, "timeframe"))
			continue;     /* only meaningful with aggregations */
		if ((rc = search_ident(c, k, v)) != CM_OK)
			return rc;
	}
	if (cond == NULL)
		return sg_err(c->err, CM_FAILED, line_of(key), "condition",
		    "detection has no condition");
	if (c->rule->ndet == 0)
		return sg_err(c->err, CM_FAILED, line_of(key), "detection",
		    "detection has no search identifier");
	c->rule->root = -1;
	if (is_scalar(cond)) {
		size_t n;
		const char *s = sval(cond, &n);

		rc = sg_cond_parse(c->rule, s, n, c->err);
		if (rc != CM_OK && c->err->line == 0)
			c->err->line = line_of(cond);
		return rc;
	}
	if (cond != NULL && cond->type == YAML_SEQUENCE_NODE &&
	    cond->data.sequence.items.top > cond->data.sequence.items.start) {
		yaml_node_item_t *it;

		for (it = cond->data.sequence.items.start;
		    it < cond->data.sequence.items.top; it++) {
			const yaml_node_t *e = node(c, *it);
			size_t n;
			const char *s;

			if (!is_scalar(e))
				return sg_err(c->err, CM_FAILED, line_of(e),
				    "condition", "a condition must be text");
			s = sval(e, &n);
			rc = sg_cond_parse(c->rule, s, n, c->err);
			if (rc != CM_OK) {
				if (c->err->line == 0)
					c->err->line = line_of(e);
				return rc;
			}
		}
		return CM_OK;
	}
	return sg_err(c->err, CM_FAILED, line_of(cond), "condition",
	    "a condition must be text or a list of texts");
}

static int
top(struct lctx *c, const yaml_node_t *root)
{
	struct ipk_sigma_rule *r = c->rule;
	struct ipk_sigma_meta *m = &r->meta;
	const yaml_node_t *det = NULL, *ls = NULL, *detk = NULL;
	yaml_node_pair_t *p, *q;

	if (root->type != YAML_MAPPING_NODE)
		return sg_err(c->err, CM_FAILED, line_of(root), "yaml",
		    "a rule must be a YAML map");
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = node(c, p->key), *v = node(c, p->value);

		for (q = root->data.mapping.pairs.start; q < p; q++) {
			const yaml_node_t *k2 = node(c, q->key);

			if (is_scalar(k) && is_scalar(k2) &&
			    k->data.scalar.length == k2->data.scalar.length &&
			    memcmp(k->data.scalar.value, k2->data.scalar.value,
			    k->data.scalar.length) == 0)
				return sg_err(c->err, CM_FAILED, line_of(k),
				    "duplicate", "duplicate key '%.*s'",
				    (int)(k->data.scalar.length > 64 ? 64 :
				    k->data.scalar.length),
				    (const char *)k->data.scalar.value);
		}
		if (key_is(k, "correlation"))
			return sg_err(c->err, CM_WARN, line_of(k), "correlation",
			    "correlation rules are not supported");
		if (key_is(k, "filter"))
			return sg_err(c->err, CM_WARN, line_of(k), "filter",
			    "Sigma filter (meta) rules are not supported");
		if (key_is(k, "action"))
			return sg_err(c->err, CM_WARN, line_of(k), "collection",
			    "rule collections ('action: global') are not "
			    "supported");
		if (key_is(k, "title"))
			m->title = meta_str(c, v);
		else if (key_is(k, "id"))
			m->id = meta_str(c, v);
		else if (key_is(k, "name"))
			m->name = meta_str(c, v);
		else if (key_is(k, "status"))
			m->status = meta_str(c, v);
		else if (key_is(k, "level"))
			m->level = meta_lower(c, v);
		else if (key_is(k, "description"))
			m->description = meta_str(c, v);
		else if (key_is(k, "author"))
			m->author = meta_str(c, v);
		else if (key_is(k, "date"))
			m->date = meta_str(c, v);
		else if (key_is(k, "modified"))
			m->modified = meta_str(c, v);
		else if (key_is(k, "tags"))
			meta_list(c, v, &m->tags, &m->ntags);
		else if (key_is(k, "references"))
			meta_list(c, v, &m->references, &m->nreferences);
		else if (key_is(k, "falsepositives"))
			meta_list(c, v, &m->falsepositives, &m->nfalsepositives);
		else if (key_is(k, "logsource"))
			ls = v;
		else if (key_is(k, "detection")) {
			det = v;
			detk = k;
		}
	}
	if (m->title == NULL)
		return sg_err(c->err, CM_FAILED, line_of(root), "title",
		    "rule has no title");
	if (ls == NULL || ls->type != YAML_MAPPING_NODE)
		return sg_err(c->err, CM_FAILED, line_of(ls ? ls : root),
		    "logsource", "rule has no logsource map");
	for (p = ls->data.mapping.pairs.start; p < ls->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = node(c, p->key), *v = node(c, p->value);

		if (key_is(k, "product"))
			m->product = meta_lower(c, v);
		else if (key_is(k, "category"))
			m->category = meta_lower(c, v);
		else if (key_is(k, "service"))
			m->service = meta_lower(c, v);
	}
	if (det == NULL)
		return sg_err(c->err, CM_FAILED, line_of(root), "detection",
		    "rule has no detection");
	return detection(c, detk, det);
}

int
ipk_sigma_rule_load(struct ipk_sigma_rule **out, const char *buf,
    size_t len, const char *file, struct ipk_sigma_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc, doc2;
	struct lctx c;
	struct ipk_sigma_rule *r;
	yaml_node_t *root;
	int rc = CM_OK, loaded = 0;
	char tmp[CM_ERROR_MSG_MAX];

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if (file == NULL)
		file = "<rule>";
	if (len > IPK_SIGMA_MAX_RULE_FILE) {
		sg_err(err, CM_FAILED, 0, "limit",
		    "rule file larger than %d bytes", IPK_SIGMA_MAX_RULE_FILE);
		goto out_msg;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		sg_err(err, CM_FAILED, 0, "memory", "out of memory");
		goto out_msg;
	}
	r->root = -1;
	if (!yaml_parser_initialize(&parser)) {
		free(r);
		sg_err(err, CM_FAILED, 0, "memory", "out of memory");
		goto out_msg;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		sg_err(err, CM_FAILED, (unsigned long)parser.problem_mark.line + 1,
		    "yaml", "YAML: %s%s%s", parser.problem ? parser.problem :
		    "syntax error", parser.context ? " " : "",
		    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		free(r);
		goto out_msg;
	}
	loaded = 1;
	memset(&c, 0, sizeof(c));
	c.doc = &doc;
	c.rule = r;
	c.err = err;
	c.budget = IPK_SIGMA_MAX_VALUES;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = sg_err(err, CM_FAILED, 0, "yaml", "empty rule file");
	} else {
		/* a second document makes it a rule collection */
		if (yaml_parser_load(&parser, &doc2)) {
			if (yaml_document_get_root_node(&doc2) != NULL)
				rc = sg_err(err, CM_WARN,
				    line_of(yaml_document_get_root_node(&doc2)),
				    "multi-document", "multi-document rule "
				    "collections are not supported");
			yaml_document_delete(&doc2);
		} else {
			rc = sg_err(err, CM_FAILED,
			    (unsigned long)parser.problem_mark.line + 1, "yaml",
			    "YAML: %s", parser.problem ? parser.problem :
			    "syntax error");
		}
		if (rc == CM_OK)
			rc = top(&c, root);
	}
	if (loaded)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc == CM_OK && r->root < 0)
		rc = sg_err(err, CM_FAILED, 0, "condition", "no condition");
	if (rc != CM_OK) {
		ipk_sigma_rule_free(&r);
		goto out_msg;
	}
	r->meta.file = keep(r, file, strlen(file));
	if (r->meta.file == NULL) {
		ipk_sigma_rule_free(&r);
		sg_err(err, CM_FAILED, 0, "memory", "out of memory");
		goto out_msg;
	}
	r->dead = !sg_logsource_known(r->meta.product, r->meta.category,
	    r->meta.service);
	*out = r;
	return CM_OK;
out_msg:
	if (err->rc == CM_WARN)
		snprintf(tmp, sizeof(tmp), "unsupported: %s", err->msg);
	else
		snprintf(tmp, sizeof(tmp), "%s:%lu: %s", file, err->line,
		    err->msg);
	memcpy(err->msg, tmp, sizeof(tmp));
	return err->rc;
}

void
ipk_sigma_rule_free(struct ipk_sigma_rule **rp)
{
	struct ipk_sigma_rule *r;
	size_t i, g, k, v;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	for (i = 0; i < r->ndet; i++) {
		struct sg_det *d = &r->det[i];

		for (g = 0; g < d->ng; g++) {
			for (k = 0; k < d->g[g].n; k++) {
				struct sg_item *it = &d->g[g].it[k];

				for (v = 0; v < it->nv; v++)
					sg_value_free(&it->v[v]);
				free(it->v);
			}
			free(d->g[g].it);
		}
		free(d->g);
	}
	free(r->det);
	free(r->cn);
	free(r->anc);
	for (i = 0; i < r->nstrs; i++)
		free(r->strs[i]);
	free(r->strs);
	free(r);
	*rp = NULL;
}

const struct ipk_sigma_meta *
ipk_sigma_rule_meta(const struct ipk_sigma_rule *rule)
{
	return &rule->meta;
}
