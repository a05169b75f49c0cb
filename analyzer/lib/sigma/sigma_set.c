/*
 * sigma_set.c - a set of compiled Sigma rules: loading (a file, a folder
 * walked recursively, embedded blobs), log source buckets, and matching
 * one record against the rules of its log sources.
 *
 *   set = ipk_sigma_set_new();
 *   ipk_sigma_set_load_path(set, "rules/", on_diag, ctx);
 *   for each record: ipk_sigma_set_match(set, rec, on_match, ctx);
 *
 * Made for millions of records: rules are bucketed by (category, service)
 * so a record meets only rules of its log sources; every field name any
 * rule uses is interned once, and a record's fields are indexed by those
 * ids in one pass (no name compares while matching); values are lowered at
 * most once per record.
 */
#include "sigma_int.h"
#include "ipk_private.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint32_t
hash_cs(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

struct ipk_sigma_set *
ipk_sigma_set_new(void)
{
	struct ipk_sigma_set *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	cm_buf_init(&s->arena, (size_t)2 * CM_MAX_RECORD + CM_MAX_FIELDS);
	s->md = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (s->md == NULL || s->mctx == NULL) {
		ipk_sigma_set_free(&s);
		return NULL;
	}
	pcre2_set_match_limit(s->mctx, IPK_SIGMA_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, IPK_SIGMA_RE_MATCH_LIMIT / 10);
	if (s->jit != NULL)
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	s->gen = 1;
	s->prefilter = 1;
	return s;
}

void
ipk_sigma_set_free(struct ipk_sigma_set **sp)
{
	struct ipk_sigma_set *s;
	size_t i;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	sg_prefilter_free(s);
	for (i = 0; i < s->nrules; i++)
		ipk_sigma_rule_free(&s->rules[i]);
	free(s->rules);
	for (i = 0; i < s->nbuckets; i++) {
		free(s->buckets[i].key);
		free(s->buckets[i].idx);
	}
	free(s->buckets);
	free(s->btab);
	for (i = 0; i < s->nnames; i++)
		free(s->names[i].name);
	free(s->names);
	free(s->ftab);
	free(s->fstamp);
	free(s->fslot);
	free(s->hits);
	free(s->rebuf);
	cm_buf_free(&s->arena);
	if (s->md != NULL)
		pcre2_match_data_free(s->md);
	if (s->mctx != NULL)
		pcre2_match_context_free(s->mctx);
	if (s->jit != NULL)
		pcre2_jit_stack_free(s->jit);
	free(s);
	*sp = NULL;
}

/* --- interned field names ---------------------------------------------------- */

static int
name_find(const struct ipk_sigma_set *s, const char *name, size_t n,
    uint32_t h)
{
	size_t i;

	if (s->ftabcap == 0)
		return -1;
	for (i = h & (s->ftabcap - 1);; i = (i + 1) & (s->ftabcap - 1)) {
		int32_t k = s->ftab[i];

		if (k < 0)
			return -1;
		if (s->names[k].hash == h && strlen(s->names[k].name) == n &&
		    memcmp(s->names[k].name, name, n) == 0)
			return k;
	}
}

static int
ftab_grow(struct ipk_sigma_set *s)
{
	size_t cap = s->ftabcap ? s->ftabcap * 2 : 256, i, j;
	int32_t *t = malloc(cap * sizeof(*t));

	if (t == NULL)
		return -1;
	for (i = 0; i < cap; i++)
		t[i] = -1;
	for (i = 0; i < s->nnames; i++) {
		for (j = s->names[i].hash & (cap - 1); t[j] >= 0;
		    j = (j + 1) & (cap - 1))
			;
		t[j] = (int32_t)i;
	}
	free(s->ftab);
	s->ftab = t;
	s->ftabcap = cap;
	return 0;
}

/* The id of a field name, interned on first use; -1 when out of memory. */
int
sg_set_intern(struct ipk_sigma_set *s, const char *name)
{
	size_t n = strlen(name), j;
	uint32_t h = hash_cs(name, n);
	int k = name_find(s, name, n, h), v;
	struct sg_fname *fn;

	if (k >= 0)
		return k;
	if ((s->nnames + 1) * 2 > s->ftabcap && ftab_grow(s) < 0)
		return -1;
	if (s->nnames == s->capnames) {
		size_t nc = s->capnames ? s->capnames * 2 : 64;
		struct sg_fname *p = realloc(s->names, nc * sizeof(*p));
		uint32_t *st;
		int32_t *sl;

		if (p == NULL)
			return -1;
		s->names = p;
		st = realloc(s->fstamp, nc * sizeof(*st));
		if (st == NULL)
			return -1;
		s->fstamp = st;
		sl = realloc(s->fslot, nc * sizeof(*sl));
		if (sl == NULL)
			return -1;
		s->fslot = sl;
		s->capnames = nc;
	}
	fn = &s->names[s->nnames];
	fn->name = malloc(n + 1);
	if (fn->name == NULL)
		return -1;
	memcpy(fn->name, name, n + 1);
	fn->hash = h;
	for (v = 0; v < SG_NVIEWS; v++) {
		fn->alias[v] = -1;
		fn->first[v] = 0;
	}
	s->fstamp[s->nnames] = 0;
	s->fslot[s->nnames] = -1;
	k = (int)s->nnames++;
	for (j = h & (s->ftabcap - 1); s->ftab[j] >= 0;
	    j = (j + 1) & (s->ftabcap - 1))
		;
	s->ftab[j] = k;
	for (v = 0; v < SG_NVIEWS; v++) {
		int first, t;
		const char *a = sg_view_alias(v, name, &first);

		if (a == NULL)
			continue;
		t = sg_set_intern(s, a);
		if (t < 0)
			return -1;
		s->names[k].alias[v] = t;
		s->names[k].first[v] = (unsigned char)first;
	}
	return k;
}

/* --- buckets ------------------------------------------------------------------ */

static int
bucket_key(char *out, size_t max, const char *cat, const char *svc)
{
	int n = snprintf(out, max, "%s\x1f%s", cat ? cat : "", svc ? svc : "");

	return (n < 0 || (size_t)n >= max) ? -1 : n;
}

static struct sg_bucket *
bucket_find(const struct ipk_sigma_set *s, const char *key, size_t n,
    uint32_t h)
{
	size_t i;

	if (s->btabcap == 0)
		return NULL;
	for (i = h & (s->btabcap - 1);; i = (i + 1) & (s->btabcap - 1)) {
		int32_t k = s->btab[i];

		if (k < 0)
			return NULL;
		if (s->buckets[k].hash == h && strlen(s->buckets[k].key) == n &&
		    memcmp(s->buckets[k].key, key, n) == 0)
			return &s->buckets[k];
	}
}

static struct sg_bucket *
bucket_get(struct ipk_sigma_set *s, const char *key)
{
	size_t n = strlen(key), i, j;
	uint32_t h = hash_cs(key, n);
	struct sg_bucket *b = bucket_find(s, key, n, h);

	if (b != NULL)
		return b;
	if ((s->nbuckets + 1) * 2 > s->btabcap) {
		size_t cap = s->btabcap ? s->btabcap * 2 : 64;
		int32_t *t = malloc(cap * sizeof(*t));

		if (t == NULL)
			return NULL;
		for (i = 0; i < cap; i++)
			t[i] = -1;
		for (i = 0; i < s->nbuckets; i++) {
			for (j = s->buckets[i].hash & (cap - 1); t[j] >= 0;
			    j = (j + 1) & (cap - 1))
				;
			t[j] = (int32_t)i;
		}
		free(s->btab);
		s->btab = t;
		s->btabcap = cap;
	}
	if (s->nbuckets == s->capbuckets) {
		size_t nc = s->capbuckets ? s->capbuckets * 2 : 16;
		struct sg_bucket *p = realloc(s->buckets, nc * sizeof(*p));

		if (p == NULL)
			return NULL;
		s->buckets = p;
		s->capbuckets = nc;
	}
	b = &s->buckets[s->nbuckets];
	memset(b, 0, sizeof(*b));
	b->key = malloc(n + 1);
	if (b->key == NULL)
		return NULL;
	memcpy(b->key, key, n + 1);
	b->hash = h;
	for (j = h & (s->btabcap - 1); s->btab[j] >= 0;
	    j = (j + 1) & (s->btabcap - 1))
		;
	s->btab[j] = (int32_t)s->nbuckets++;
	return b;
}

int
ipk_sigma_set_add(struct ipk_sigma_set *s, struct ipk_sigma_rule *r)
{
	size_t i, g, k, v;
	char key[256];
	struct sg_bucket *b;
	size_t *hits;

	if (r == NULL)
		return CM_FAILED;
	if (s->nrules >= IPK_SIGMA_MAX_RULES)
		goto fail;
	/* intern every field the rule names */
	for (i = 0; i < r->ndet; i++)
		for (g = 0; g < r->det[i].ng; g++)
			for (k = 0; k < r->det[i].g[g].n; k++) {
				struct sg_item *it = &r->det[i].g[g].it[k];

				if (it->field != NULL &&
				    (it->fid = sg_set_intern(s, it->field)) < 0)
					goto fail;
				for (v = 0; v < it->nv; v++)
					if (it->v[v].kind == SG_V_FIELDREF &&
					    (it->v[v].ref_fid =
					    sg_set_intern(s, it->v[v].s)) < 0)
						goto fail;
			}
	if (s->nrules == s->caprules) {
		size_t nc = s->caprules ? s->caprules * 2 : 64;
		struct ipk_sigma_rule **p = realloc(s->rules, nc * sizeof(*p));

		if (p == NULL)
			goto fail;
		s->rules = p;
		hits = realloc(s->hits, nc * sizeof(*hits));
		if (hits == NULL)
			goto fail;
		s->hits = hits;
		s->caprules = nc;
	}
	if (!r->dead) {
		if (bucket_key(key, sizeof(key), r->meta.category,
		    r->meta.service) < 0) {
			r->dead = 1;
		} else {
			b = bucket_get(s, key);
			if (b == NULL)
				goto fail;
			if (b->n == b->cap) {
				size_t nc = b->cap ? b->cap * 2 : 16;
				size_t *p = realloc(b->idx, nc * sizeof(*p));

				if (p == NULL)
					goto fail;
				b->idx = p;
				b->cap = nc;
			}
			b->idx[b->n++] = s->nrules;
		}
	}
	if (r->dead)
		s->st.dead++;
	else if (sg_rule_anchors(r) < 0)
		goto fail;
	s->rules[s->nrules++] = r;
	s->dirty = 1;
	s->st.loaded++;
	return CM_OK;
fail:
	ipk_sigma_rule_free(&r);
	s->st.errors++;
	return CM_FAILED;
}

void
ipk_sigma_set_prefilter(struct ipk_sigma_set *s, int on)
{
	s->prefilter = on != 0;
	s->dirty = 1;
}

size_t
ipk_sigma_set_count(const struct ipk_sigma_set *s)
{
	return s->nrules;
}

const struct ipk_sigma_rule *
ipk_sigma_set_rule(const struct ipk_sigma_set *s, size_t i)
{
	return i < s->nrules ? s->rules[i] : NULL;
}

void
ipk_sigma_set_stats(const struct ipk_sigma_set *s, struct ipk_sigma_stats *o)
{
	*o = s->st;
}

/* --- loading ------------------------------------------------------------------- */

static void
report(ipk_sigma_diag_fn fn, void *user, int level, const char *file,
    unsigned long line, const char *reason, const char *msg)
{
	struct ipk_sigma_diag d;

	if (fn == NULL)
		return;
	d.level = level;
	d.file = file;
	d.line = line;
	d.reason = reason;
	d.message = msg;
	fn(user, &d);
}

int
ipk_sigma_set_load_buffer(struct ipk_sigma_set *s, const char *buf,
    size_t len, const char *file, ipk_sigma_diag_fn diag, void *user)
{
	struct ipk_sigma_rule *r;
	struct ipk_sigma_error err;
	int rc = ipk_sigma_rule_load(&r, buf, len, file, &err);

	if (rc == CM_WARN) {
		s->st.unsupported++;
		report(diag, user, CM_WARN, file, err.line, err.reason, err.msg);
		return CM_WARN;
	}
	if (rc != CM_OK) {
		char where[CM_ERROR_MSG_MAX];
		const char *msg = err.msg;
		int k;

		/*
		 * The rule's message starts "file:line: " for callers of
		 * ipk_sigma_rule_load; the diagnostic carries both apart.
		 */
		k = snprintf(where, sizeof(where), "%s:%lu: ", file, err.line);
		if (k > 0 && (size_t)k < sizeof(where) &&
		    strncmp(msg, where, (size_t)k) == 0)
			msg += k;
		s->st.errors++;
		report(diag, user, CM_FAILED, file, err.line, err.reason, msg);
		return CM_WARN;
	}
	if (r->dead) {
		char msg[CM_ERROR_MSG_MAX];

		snprintf(msg, sizeof(msg), "logsource product=%s category=%s "
		    "service=%s matches no record invpkg reads: the rule can "
		    "never match", r->meta.product ? r->meta.product : "-",
		    r->meta.category ? r->meta.category : "-",
		    r->meta.service ? r->meta.service : "-");
		report(diag, user, CM_WARN, file, 0, "logsource", msg);
	}
	if (ipk_sigma_set_add(s, r) != CM_OK) {
		report(diag, user, CM_FAILED, file, 0, "memory",
		    "out of memory or too many rules");
		return CM_WARN;
	}
	return CM_OK;
}

static int
load_file(struct ipk_sigma_set *s, const char *path, ipk_sigma_diag_fn diag,
    void *user)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, msg[CM_ERROR_MSG_MAX];
	size_t n = 0, cap = 0, got;
	int rc;

	if (fp == NULL) {
		snprintf(msg, sizeof(msg), "%s: cannot open", path);
		goto fail;
	}
	for (;;) {
		if (n == cap) {
			char *p;

			if (cap > IPK_SIGMA_MAX_RULE_FILE) {
				snprintf(msg, sizeof(msg), "%s: larger than %d "
				    "bytes", path, IPK_SIGMA_MAX_RULE_FILE);
				goto fail;
			}
			cap = cap ? cap * 2 : 16384;
			p = realloc(buf, cap + 1);
			if (p == NULL) {
				snprintf(msg, sizeof(msg), "%s: out of memory",
				    path);
				goto fail;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		snprintf(msg, sizeof(msg), "%s: read error", path);
		goto fail;
	}
	fclose(fp);
	rc = ipk_sigma_set_load_buffer(s, buf, n, path, diag, user);
	free(buf);
	return rc;
fail:
	if (fp != NULL)
		fclose(fp);
	free(buf);
	s->st.errors++;
	report(diag, user, CM_FAILED, path, 0, "io", msg);
	return CM_FAILED;
}

static int
is_rule_name(const char *n)
{
	size_t l = strlen(n);

	return (l > 4 && strcmp(n + l - 4, ".yml") == 0) ||
	    (l > 5 && strcmp(n + l - 5, ".yaml") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(struct ipk_sigma_set *s, const char *dir, int depth,
    ipk_sigma_diag_fn diag, void *user, size_t *files)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, msg[CM_ERROR_MSG_MAX];
	size_t n = 0, cap = 0, i;
	int rc = CM_OK;

	if (depth > CM_MAX_DIR_DEPTH) {
		snprintf(msg, sizeof(msg), "%s: folders nested deeper than %d",
		    dir, CM_MAX_DIR_DEPTH);
		report(diag, user, CM_FAILED, dir, 0, "io", msg);
		s->st.errors++;
		return CM_WARN;
	}
	d = opendir(dir);
	if (d == NULL) {
		snprintf(msg, sizeof(msg), "%s: cannot open folder", dir);
		report(diag, user, CM_FAILED, dir, 0, "io", msg);
		s->st.errors++;
		return CM_WARN;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **p = realloc(names, nc * sizeof(*p));

			if (p == NULL)
				break;
			names = p;
			cap = nc;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t l = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(l);
		struct stat st;

		if (path == NULL)
			break;
		snprintf(path, l, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = cm_rc_worst(rc, walk(s, path, depth + 1, diag, user,
			    files));
		} else if (is_rule_name(names[i]) && *files < IPK_SIGMA_MAX_RULES) {
			(*files)++;
			/* one unreadable file among others is a warning */
			rc = cm_rc_worst(rc, load_file(s, path, diag, user) ==
			    CM_OK ? CM_OK : CM_WARN);
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
ipk_sigma_set_load_path(struct ipk_sigma_set *s, const char *path,
    ipk_sigma_diag_fn diag, void *user)
{
	struct stat st;
	char msg[CM_ERROR_MSG_MAX];
	size_t files = 0;

	if (stat(path, &st) != 0) {
		snprintf(msg, sizeof(msg), "%s: no such file or folder", path);
		report(diag, user, CM_FAILED, path, 0, "io", msg);
		s->st.errors++;
		return CM_FAILED;
	}
	if (S_ISDIR(st.st_mode))
		return walk(s, path, 0, diag, user, &files);
	return load_file(s, path, diag, user);
}

int
ipk_sigma_set_load_blobs(struct ipk_sigma_set *s, const struct ipk_blob *b,
    ipk_sigma_diag_fn diag, void *user)
{
	int rc = CM_OK;

	for (; b != NULL && b->name != NULL; b++)
		if (is_rule_name(b->name))
			rc = cm_rc_worst(rc, ipk_sigma_set_load_buffer(s,
			    (const char *)b->data, b->len, b->name, diag, user));
	return rc;
}

/* --- matching ------------------------------------------------------------------- */

static void
index_record(struct ipk_sigma_set *s, const struct ipk_record *rec)
{
	size_t i, n = rec->nfields, total = 0;

	if (++s->gen == 0) {
		/* wrapped: forget every stamp */
		memset(s->lstamp, 0, sizeof(s->lstamp));
		for (i = 0; i < s->nnames; i++)
			s->fstamp[i] = 0;
		for (i = 0; i < s->nac; i++)
			s->scan_gen[i] = 0;
		s->gen = 1;
	}
	cm_buf_reset(&s->arena);
	if (n > CM_MAX_FIELDS)
		n = CM_MAX_FIELDS;
	for (i = 0; i < n; i++)
		total += rec->fields[i].len + 1;
	/* all lowered copies of this record fit without a realloc; a record
	 * past the cap (the reader never makes one) matches cased only */
	(void)cm_buf_reserve(&s->arena, total);
	for (i = 0; i < n; i++) {
		const char *name = rec->fields[i].name;
		size_t l;
		int k;

		if (name == NULL)
			continue;
		l = strlen(name);
		k = name_find(s, name, l, hash_cs(name, l));
		if (k >= 0 && s->fstamp[k] != s->gen) {
			s->fstamp[k] = s->gen;
			s->fslot[k] = (int32_t)i;
		}
	}
}

static size_t
run_bucket(struct ipk_sigma_set *s, const struct ipk_record *rec,
    const char *cat, const char *svc, int view, size_t nh)
{
	char key[256];
	int n = bucket_key(key, sizeof(key), cat, svc);
	struct sg_bucket *b;
	struct sg_rec r;
	size_t i;
	uint32_t vt = 0;

	if (n < 0)
		return nh;
	b = bucket_find(s, key, (size_t)n, hash_cs(key, (size_t)n));
	if (b == NULL)
		return nh;
	r.set = s;
	r.rec = rec;
	r.view = view;
	if (s->ac != NULL && b->anch != NULL)
		vt = sg_prefilter_visit(&r, b);
	for (i = 0; i < b->n; i++) {
		if (vt != 0 && b->anch[i] && b->seen[i] != vt) {
			s->st.skipped++;
			continue;
		}
		s->st.evaluated++;
		if (sg_rule_eval(&r, s->rules[b->idx[i]]))
			s->hits[nh++] = b->idx[i];
	}
	return nh;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
ipk_sigma_set_match(struct ipk_sigma_set *s, const struct ipk_record *rec,
    ipk_sigma_match_fn on_match, void *user)
{
	struct sg_ls ls;
	size_t nh = 0, i;
	int base;

	if (s->nbuckets == 0 || rec == NULL)
		return 0;
	if (s->dirty)
		(void)sg_prefilter_build(s);   /* failure: no prefilter */
	index_record(s, rec);
	sg_logsource_classify(rec, &ls);
	base = ls.is_event ? SG_VIEW_EVENT : SG_VIEW_PLAIN;
	nh = run_bucket(s, rec, NULL, NULL, base, nh);
	if (ls.service != NULL)
		nh = run_bucket(s, rec, NULL, ls.service, base, nh);
	for (i = 0; i < ls.ncat; i++) {
		nh = run_bucket(s, rec, ls.cat[i], NULL, ls.catview[i], nh);
		if (ls.service != NULL)
			nh = run_bucket(s, rec, ls.cat[i], ls.service,
			    ls.catview[i], nh);
	}
	if (nh > 1)
		qsort(s->hits, nh, sizeof(*s->hits), cmp_size);
	for (i = 0; i < nh; i++)
		if (on_match != NULL &&
		    on_match(user, s->rules[s->hits[i]], rec) != 0)
			return CM_FATAL;
	return (int)nh;
}
