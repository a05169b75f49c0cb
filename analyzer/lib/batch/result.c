/*
 * result.c - the compact result of one package that a scan worker hands
 * to the store's writer: verdict, findings (with their evidence as one
 * JSON object, as `invpkg parse` writes a record, e.g.
 * {"kind":"services","member":"Services/Services.csv","line":8,
 * "name":"MsDiagSync",...}) and observables.  The analysis itself is freed
 * by the worker as soon as this is filled, so what waits in the queue is
 * small.
 */
#include "batch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Arena blocks: 64 KiB, or one string's size if larger. */
#define BT_BLOCK 65536

struct bt_block {
	struct bt_block *next;     /* older block */
	size_t used;               /* bytes used of data */
	size_t cap;                /* bytes of data */
	char data[];               /* the strings */
};

char *
bt_strdup(struct bt_arena *a, const char *s, size_t n)
{
	struct bt_block *b = a->head;
	char *p;

	if (s == NULL)
		return NULL;
	if (n == (size_t)-1)
		n = strlen(s);
	if (b == NULL || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > BT_BLOCK ? n + 1 : BT_BLOCK;

		b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
		a->bytes += cap;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

char *
bt_printf(struct bt_arena *a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	return bt_strdup(a, buf, (size_t)n < sizeof(buf) ? (size_t)n :
	    sizeof(buf) - 1);
}

void
bt_arena_free(struct bt_arena *a)
{
	struct bt_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->bytes = 0;
}

void
bt_result_free(struct bt_result *r)
{
	if (r == NULL)
		return;
	bt_arena_free(&r->arena);
	free(r->findings);
	free(r->obs);
	free(r);
}

void
bt_host_key(const char *host, char *out, size_t outsz)
{
	size_t i = 0;

	if (outsz == 0)
		return;
	while (*host == '\\')
		host++;
	for (; host[i] != '\0' && host[i] != '.' && i + 1 < outsz; i++)
		out[i] = (host[i] >= 'a' && host[i] <= 'z') ?
		    (char)(host[i] - 'a' + 'A') : host[i];
	out[i] = '\0';
}

static int
level_rank(const char *level)
{
	static const char *const names[] = {
		"informational", "low", "medium", "high", "critical"
	};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(level, names[i]) == 0)
			return i;
	return 0;
}

/* The record as one JSON object, without its newline, in the arena. */
static const char *
record_json(struct bt_arena *a, const struct ipk_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	const char *out = NULL;

	if (mem == NULL)
		return NULL;
	ipk_write_jsonl(mem, rec);
	if (fclose(mem) == 0 && buf != NULL) {
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		out = bt_strdup(a, buf, len);
	}
	free(buf);
	return out;
}

/* Findings of a rule kept so far: rule ids hashed by address. */
struct rule_count {
	const char *id;            /* the rule's id (its meta string) */
	unsigned long n;           /* findings kept */
};

static unsigned long *
rule_slot(struct rule_count *t, size_t nslots, const char *id)
{
	size_t k = ((uintptr_t)id >> 3) & (nslots - 1);

	while (t[k].id != NULL && t[k].id != id && strcmp(t[k].id, id) != 0)
		k = (k + 1) & (nslots - 1);
	t[k].id = id;
	return &t[k].n;
}

static int
copy_findings(struct bt_result *r, const struct ipk_analysis *a)
{
	const struct ipk_finding *f;
	struct bt_arena *ar = &r->arena;
	struct rule_count *counts;
	size_t nf, i, k, nslots = 64;

	f = ipk_analysis_findings(a, &nf);
	for (i = 0; i < nf; i++)
		if (f[i].suppressed == NULL)
			r->findings_total++;
	if (nf == 0)
		return 0;
	/* At most one slot in two used: the rule ids are far fewer. */
	while (nslots < 2 * nf && nslots < 65536)
		nslots *= 2;
	counts = calloc(nslots, sizeof(*counts));
	r->findings = calloc(nf < IPK_BATCH_MAX_FINDINGS ? nf :
	    IPK_BATCH_MAX_FINDINGS, sizeof(*r->findings));
	if (counts == NULL || r->findings == NULL) {
		free(counts);
		return -1;
	}
	for (i = 0; i < nf; i++) {
		struct bt_finding *o;
		unsigned long *kept = rule_slot(counts, nslots, f[i].rule_id);
		char tags[1024];
		size_t used = 0;

		if (*kept >= IPK_BATCH_MAX_FINDINGS_PER_RULE ||
		    r->nfindings >= IPK_BATCH_MAX_FINDINGS) {
			r->findings_dropped++;
			continue;
		}
		(*kept)++;
		o = &r->findings[r->nfindings++];
		tags[0] = '\0';
		for (k = 0; k < f[i].ntags; k++) {
			int n = snprintf(tags + used, sizeof(tags) - used, "%s%s",
			    k > 0 ? " " : "", f[i].tags[k]);

			if (n < 0 || (size_t)n >= sizeof(tags) - used)
				break;
			used += (size_t)n;
		}
		o->rule_id = bt_strdup(ar, f[i].rule_id, (size_t)-1);
		o->title = bt_strdup(ar, f[i].title, (size_t)-1);
		o->level = f[i].level;  /* static names */
		o->rank = level_rank(f[i].level);
		o->tactic = ipk_finding_tactic(&f[i]);
		o->tags = bt_strdup(ar, tags, used);
		o->artifact = bt_strdup(ar, f[i].record->kind, (size_t)-1);
		o->member = bt_strdup(ar, f[i].record->member, (size_t)-1);
		o->line = f[i].record->line;
		o->time = bt_strdup(ar, f[i].time, (size_t)-1);
		o->suppressed = bt_strdup(ar, f[i].suppressed, (size_t)-1);
		o->evidence = record_json(ar, f[i].record);
		if (o->rule_id == NULL || o->title == NULL || o->tags == NULL ||
		    o->artifact == NULL || o->member == NULL ||
		    o->evidence == NULL) {
			free(counts);
			return -1;
		}
	}
	free(counts);
	return 0;
}

int
bt_result_fill(struct bt_result *r, const struct ipk_analysis *a)
{
	const struct ipk_verdict *v = ipk_analysis_verdict(a);
	char key[256];
	size_t nrec;

	r->host = bt_strdup(&r->arena, v->host, (size_t)-1);
	r->os = bt_strdup(&r->arena, v->os, (size_t)-1);
	r->collected = bt_strdup(&r->arena, v->collected, (size_t)-1);
	r->reason = bt_strdup(&r->arena, v->reason, (size_t)-1);
	bt_host_key(v->host, key, sizeof(key));
	if (key[0] == '\0')
		/* Unknown host: the package stands alone. */
		snprintf(key, sizeof(key), "package:%.16s", r->sha256);
	r->host_key = bt_strdup(&r->arena, key, (size_t)-1);
	r->level = v->threat_level;
	ipk_analysis_records(a, &nrec);
	r->records = (unsigned long)nrec;
	if (r->host == NULL || r->os == NULL || r->collected == NULL ||
	    r->reason == NULL || r->host_key == NULL)
		return -1;
	if (copy_findings(r, a) != 0)
		return -1;
	return bt_observables(r, a);
}
