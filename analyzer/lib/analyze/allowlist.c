/*
 * allowlist.c - loading and matching allowlists (see allowlist.h).
 * YAML is read with libyaml's document API; a regex is compiled once with
 * PCRE2 (JIT where available), case-insensitive, with a match limit so a
 * hostile value cannot make it backtrack for ever.
 */
#include "allowlist.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <yaml.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *reason;          /* why (required) */
	char *rule;            /* glob on rule id or title, or NULL */
	char *host;            /* glob on host, or NULL */
	char *artifact;        /* record kind, or NULL */
	char *field;           /* field name, or NULL */
	char *value;           /* glob on the field, or NULL */
	pcre2_code *re;        /* regex on the field, or NULL */
};

struct ipk_allowlist {
	struct entry *e;       /* entries */
	size_t n;              /* used */
	size_t cap;            /* allocated */
	pcre2_match_data *md;  /* scratch for regex matches */
	pcre2_match_context *mc; /* match limit */
};

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int
ipk_glob_ci(const char *pat, const char *s)
{
	const char *star = NULL, *mark = NULL;

	while (*s != '\0') {
		if (*pat == '*') {
			star = pat++;
			mark = s;
		} else if (*pat == '?' || (*pat != '\0' &&
		    lc((unsigned char)*pat) == lc((unsigned char)*s))) {
			pat++;
			s++;
		} else if (star != NULL) {
			pat = star + 1;
			s = ++mark;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

struct ipk_allowlist *
ipk_allowlist_new(void)
{
	struct ipk_allowlist *al = calloc(1, sizeof(*al));

	if (al == NULL)
		return NULL;
	al->md = pcre2_match_data_create(16, NULL);
	al->mc = pcre2_match_context_create(NULL);
	if (al->md == NULL || al->mc == NULL) {
		ipk_allowlist_free(&al);
		return NULL;
	}
	pcre2_set_match_limit(al->mc, 1000000);
	return al;
}

static void
entry_free(struct entry *e)
{
	free(e->reason);
	free(e->rule);
	free(e->host);
	free(e->artifact);
	free(e->field);
	free(e->value);
	if (e->re != NULL)
		pcre2_code_free(e->re);
}

void
ipk_allowlist_free(struct ipk_allowlist **pal)
{
	struct ipk_allowlist *al;
	size_t i;

	if (pal == NULL || *pal == NULL)
		return;
	al = *pal;
	for (i = 0; i < al->n; i++)
		entry_free(&al->e[i]);
	free(al->e);
	if (al->md != NULL)
		pcre2_match_data_free(al->md);
	if (al->mc != NULL)
		pcre2_match_context_free(al->mc);
	free(al);
	*pal = NULL;
}

size_t
ipk_allowlist_count(const struct ipk_allowlist *al)
{
	return al->n;
}

static char *
scalar(yaml_document_t *doc, yaml_node_t *n)
{
	char *s;

	(void)doc;
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	s = malloc(n->data.scalar.length + 1);
	if (s != NULL) {
		memcpy(s, n->data.scalar.value, n->data.scalar.length);
		s[n->data.scalar.length] = '\0';
	}
	return s;
}

/* Parses one list item; returns NULL on success or an error text. */
static const char *
parse_entry(yaml_document_t *doc, yaml_node_t *map, struct entry *e,
    char *rebuf, size_t rebufsz)
{
	yaml_node_pair_t *p;
	char *regex = NULL;

	memset(e, 0, sizeof(*e));
	if (map->type != YAML_MAPPING_NODE)
		return "an entry must be a map of keys";
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		char *key = scalar(doc, k), *val = scalar(doc, v), **slot = NULL;

		if (key == NULL || val == NULL) {
			free(key);
			free(val);
			free(regex);
			return "keys and values must be plain text";
		}
		if (strcmp(key, "reason") == 0)
			slot = &e->reason;
		else if (strcmp(key, "rule") == 0)
			slot = &e->rule;
		else if (strcmp(key, "host") == 0)
			slot = &e->host;
		else if (strcmp(key, "artifact") == 0)
			slot = &e->artifact;
		else if (strcmp(key, "field") == 0)
			slot = &e->field;
		else if (strcmp(key, "value") == 0)
			slot = &e->value;
		else if (strcmp(key, "regex") == 0)
			slot = &regex;
		if (slot == NULL) {
			snprintf(rebuf, rebufsz, "unknown key '%s'", key);
			free(key);
			free(val);
			free(regex);
			return rebuf;
		}
		free(*slot);
		*slot = val;
		free(key);
	}
	if (e->reason == NULL || e->reason[0] == '\0') {
		free(regex);
		return "an entry needs a reason";
	}
	if ((e->value != NULL || regex != NULL) && e->field == NULL) {
		free(regex);
		return "value and regex need a field";
	}
	if (e->field != NULL && e->value == NULL && regex == NULL) {
		free(regex);
		return "field needs a value or a regex";
	}
	if (e->rule == NULL && e->host == NULL && e->artifact == NULL &&
	    e->field == NULL) {
		free(regex);
		return "an entry must say what it suppresses (rule, host, "
		    "artifact or field)";
	}
	if (regex != NULL) {
		int errcode;
		PCRE2_SIZE erroff;

		e->re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
		    PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
		    &errcode, &erroff, NULL);
		if (e->re == NULL) {
			PCRE2_UCHAR msg[120];

			pcre2_get_error_message(errcode, msg, sizeof(msg));
			snprintf(rebuf, rebufsz, "bad regex at offset %zu: %s",
			    (size_t)erroff, (char *)msg);
			free(regex);
			return rebuf;
		}
		pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE);
		free(regex);
	}
	return NULL;
}

int
ipk_allowlist_load(struct ipk_allowlist *al, const char *buf, size_t len,
    const char *name, struct cm_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_item_t *it;
	int rc = CM_OK;

	if (len > IPK_MAX_ALLOW_FILE)
		return cm_error_set(err, CM_FAILED, "%s: larger than %d bytes",
		    name, IPK_MAX_ALLOW_FILE);
	if (!yaml_parser_initialize(&parser))
		return cm_error_set(err, CM_FAILED, "%s: out of memory", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = cm_error_set(err, CM_FAILED, "%s:%lu: %s", name,
		    (unsigned long)parser.problem_mark.line + 1,
		    parser.problem ? parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		return rc;
	}
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {                      /* an empty file */
		yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
		return CM_OK;
	}
	if (root->type != YAML_SEQUENCE_NODE) {
		rc = cm_error_set(err, CM_FAILED, "%s:%lu: an allowlist is a "
		    "YAML list of entries", name,
		    (unsigned long)root->start_mark.line + 1);
		goto out;
	}
	for (it = root->data.sequence.items.start;
	    it < root->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(&doc, *it);
		struct entry e;
		char tmp[200];
		const char *msg;

		if (n == NULL)
			continue;
		if (al->n >= IPK_MAX_ALLOW_ENTRIES) {
			rc = cm_error_set(err, CM_WARN, "%s: more than %d entries; "
			    "the rest are ignored", name, IPK_MAX_ALLOW_ENTRIES);
			break;
		}
		msg = parse_entry(&doc, n, &e, tmp, sizeof(tmp));
		if (msg != NULL) {
			entry_free(&e);
			cm_error_set(err, CM_WARN, "%s:%lu: %s; entry skipped", name,
			    (unsigned long)n->start_mark.line + 1, msg);
			rc = CM_WARN;
			continue;
		}
		if (al->n == al->cap) {
			size_t ncap = al->cap ? al->cap * 2 : 16;
			struct entry *ne = realloc(al->e, ncap * sizeof(*ne));

			if (ne == NULL) {
				entry_free(&e);
				rc = cm_error_set(err, CM_FAILED, "out of memory");
				break;
			}
			al->e = ne;
			al->cap = ncap;
		}
		al->e[al->n++] = e;
	}
out:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

int
ipk_allowlist_load_file(struct ipk_allowlist *al, const char *path,
    struct cm_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;
	int rc;

	if (fp == NULL)
		return cm_error_set(err, CM_FAILED, "%s: cannot open", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	if (n < 0 || n > IPK_MAX_ALLOW_FILE) {
		fclose(fp);
		return cm_error_set(err, CM_FAILED, "%s: larger than %d bytes",
		    path, IPK_MAX_ALLOW_FILE);
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return cm_error_set(err, CM_FAILED, "%s: cannot read", path);
	}
	fclose(fp);
	rc = ipk_allowlist_load(al, buf, (size_t)n, path, err);
	free(buf);
	return rc;
}

static int
field_matches(const struct ipk_allowlist *al, const struct entry *e,
    const struct ipk_field *f)
{
	const char *p = f->value;
	size_t i, n = f->type == IPK_V_LIST ? f->nitems : 1;

	for (i = 0; i < n; i++) {
		size_t len = f->type == IPK_V_LIST ? strlen(p) : f->len;

		if (e->value != NULL && ipk_glob_ci(e->value, p))
			return 1;
		if (e->re != NULL && pcre2_match(e->re, (PCRE2_SPTR)p, len, 0, 0,
		    al->md, al->mc) >= 0)
			return 1;
		p += len + 1;
	}
	return 0;
}

const char *
ipk_allowlist_match(const struct ipk_allowlist *al, const char *rule_id,
    const char *rule_title, const char *host, const struct ipk_record *rec)
{
	size_t i;

	for (i = 0; i < al->n; i++) {
		const struct entry *e = &al->e[i];

		if (e->rule != NULL && !((rule_id != NULL &&
		    ipk_glob_ci(e->rule, rule_id)) || (rule_title != NULL &&
		    ipk_glob_ci(e->rule, rule_title))))
			continue;
		if (e->host != NULL && (host == NULL ||
		    !ipk_glob_ci(e->host, host)))
			continue;
		if (e->artifact != NULL && (rec == NULL ||
		    strcmp(e->artifact, rec->kind) != 0))
			continue;
		if (e->field != NULL) {
			const struct ipk_field *f = rec != NULL ?
			    ipk_record_field(rec, e->field) : NULL;

			if (f == NULL || !field_matches(al, e, f))
				continue;
		}
		return e->reason;
	}
	return NULL;
}
