/*
 * analyze.c - from a package to findings and a threat level.
 *
 *   1. Rules: the built-in pack (analyzer/rules, embedded) and --rules
 *      files are compiled once into a Sigma rule set.
 *   2. The package is read.  Event records are matched as they stream by
 *      (an EVTX can hold millions); only those that match, and those the
 *      timeline needs (logons, service installs, log clearing...), are
 *      kept.  Every other record is kept in an arena store.
 *   3. Snapshot records are enriched across artifacts (enrich.c), then
 *      matched.
 *   4. Findings that an allowlist names are suppressed (kept, flagged).
 *   5. The threat level is decided (docs/analyze.md):
 *        3  a high or critical finding;
 *        2  a medium finding, or 3 or more low findings in the
 *           persistence, lateral movement or exfiltration tactics;
 *        1  otherwise.
 *      Level 4 (spreading) is set by batch correlation across hosts.
 */
#include "analysis.h"
#include "allowlist.h"
#include "../sigma/sigma.h"
#include "../ipk_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct ipk_blob ipk_rule_blobs[];

static const char *const level_names[5] = {
	"informational", "low", "medium", "high", "critical"
};

static int
level_index(const char *level)
{
	int i;

	for (i = 0; level != NULL && i < 5; i++)
		if (strcmp(level, level_names[i]) == 0)
			return i;
	return 0;
}

/* Event IDs kept for the timeline even when no rule matched them. */
static int
event_matters(const struct ipk_record *rec)
{
	static const char *const ids[] = {
		"104", "1102", "4624", "4625", "4648", "4672", "4688", "4697",
		"4698", "4720", "4728", "4732", "4756", "4778", "5140", "5145",
		"7045", NULL
	};
	const char *id = ipk_record_get(rec, "EventID");
	size_t i;

	if (id == NULL)
		return 0;
	for (i = 0; ids[i] != NULL; i++)
		if (strcmp(id, ids[i]) == 0)
			return 1;
	return 0;
}

struct run {
	struct ipk_analysis *a;        /* the analysis */
	ipk_diag_fn diag;              /* caller's diagnostics */
	void *user;                    /* caller's data */
	const char *rules_origin;      /* what is being loaded, for messages */
};

static void
rule_diag(void *user, const struct ipk_sigma_diag *d)
{
	struct run *run = user;
	struct ipk_diag out;
	char msg[1024];

	if (run->diag == NULL)
		return;
	snprintf(msg, sizeof(msg), "%s%s", d->level == CM_WARN ?
	    "rule not used: " : "", d->message);
	out.level = d->level == CM_FAILED ? CM_WARN : d->level;
	out.package = d->file != NULL ? d->file : run->rules_origin;
	out.member = NULL;
	out.line = d->line;
	out.message = msg;
	run->diag(run->user, &out);
}

/* A reading problem, handed on to the caller with the caller's pointer. */
static void
run_diag(void *user, const struct ipk_diag *d)
{
	struct run *run = user;

	run->diag(run->user, d);
}

/* The time a finding happened, from its record. */
static const char *
record_time(const struct ipk_record *r)
{
	static const char *const fields[] = {
		"TimeCreated", "last_run", "created", "modified", "start_time",
		"last_run_time", NULL
	};
	size_t i;

	for (i = 0; fields[i] != NULL; i++) {
		const char *v = ipk_record_get(r, fields[i]);

		/* Only ISO 8601 values order well on a timeline. */
		if (v != NULL && strlen(v) >= 19 && v[4] == '-' && v[10] == 'T')
			return v;
	}
	return NULL;
}

static int
add_finding(struct ipk_analysis *a, const struct ipk_sigma_rule *rule,
    size_t index)
{
	const struct ipk_sigma_meta *m = ipk_sigma_rule_meta(rule);
	struct ipk_finding *f;

	if (a->nfindings >= IPK_MAX_FINDINGS) {
		a->findings_dropped++;
		return 0;
	}
	if (a->nfindings == a->findings_cap) {
		size_t ncap = a->findings_cap ? a->findings_cap * 2 : 64;
		struct ipk_finding *nf = realloc(a->findings,
		    ncap * sizeof(*nf));
		size_t *ni;

		if (nf == NULL)
			return -1;
		a->findings = nf;
		ni = realloc(a->findex, ncap * sizeof(*ni));
		if (ni == NULL)
			return -1;
		a->findex = ni;
		a->findings_cap = ncap;
	}
	a->findex[a->nfindings] = index;
	f = &a->findings[a->nfindings++];
	memset(f, 0, sizeof(*f));
	f->rule_id = m->id != NULL ? m->id : m->file;
	f->title = m->title != NULL ? m->title : f->rule_id;
	f->level = level_names[level_index(m->level)];
	f->description = m->description;
	f->tags = m->tags;
	f->ntags = m->ntags;
	f->record = NULL;     /* set from findex once the store is complete */
	return 0;
}

static int
on_event_match(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct ipk_analysis *a = user;

	/* One copy of the event however many rules match it. */
	if (a->last_event_src != rec || a->last_event_copy == 0) {
		a->last_event_src = rec;
		a->last_event_copy = ipk_recstore_add(&a->store, rec) != NULL ?
		    a->store.n : 0;
	}
	if (a->last_event_copy == 0)
		return 0;
	return add_finding(a, rule, a->last_event_copy - 1) == 0 ? 0 : 1;
}

static int
on_stored_match(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct ipk_analysis *a = user;

	/* Stored records are matched in place: rec is in the store. */
	return add_finding(a, rule, (size_t)(rec - a->store.recs)) == 0 ? 0 : 1;
}

static int
on_record(void *user, const struct ipk_record *rec)
{
	struct run *run = user;
	struct ipk_analysis *a = run->a;

	if (strcmp(rec->kind, "event") == 0) {
		a->events++;
		a->last_event_src = NULL;
		a->last_event_copy = 0;
		if (ipk_sigma_set_match(a->rules->set, rec, on_event_match, a) ==
		    CM_FATAL)
			return 1;
		if (a->last_event_copy == 0 && event_matters(rec))
			ipk_recstore_add(&a->store, rec);
		return 0;
	}
	ipk_recstore_add(&a->store, rec);
	return 0;
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct ipk_finding *x = pa, *y = pb;
	int lx = level_index(x->level), ly = level_index(y->level), c;

	if ((x->suppressed != NULL) != (y->suppressed != NULL))
		return x->suppressed != NULL ? 1 : -1;
	if (lx != ly)
		return ly - lx;
	c = strcmp(x->time != NULL ? x->time : "", y->time != NULL ? y->time :
	    "");
	if (c != 0)
		return c;
	c = strcmp(x->rule_id, y->rule_id);
	if (c != 0)
		return c;
	c = strcmp(x->record->member, y->record->member);
	return c != 0 ? c : (x->record->line < y->record->line ? -1 :
	    x->record->line > y->record->line);
}

const char *
ipk_finding_tactic(const struct ipk_finding *f)
{
	/* ATT&CK tactics in the order of the matrix. */
	static const char *const tactics[] = {
		"reconnaissance", "resource_development", "initial_access",
		"execution", "persistence", "privilege_escalation",
		"defense_evasion", "credential_access", "discovery",
		"lateral_movement", "collection", "command_and_control",
		"exfiltration", "impact", NULL
	};
	size_t i, j;

	/* The tactic the rule pack lists first wins. */
	for (i = 0; i < f->ntags; i++) {
		if (strncmp(f->tags[i], "attack.", 7) != 0)
			continue;
		for (j = 0; tactics[j] != NULL; j++)
			if (strcmp(f->tags[i] + 7, tactics[j]) == 0)
				return tactics[j];
	}
	return "other";
}

static void
find_host(struct ipk_analysis *a)
{
	struct ipk_verdict *v = &a->verdict;
	struct ipk_recstore *st = &a->store;
	const char *host = NULL, *os = NULL, *ver = NULL, *coll = NULL;
	size_t i;

	for (i = 0; i < st->n; i++) {
		const struct ipk_record *r = &st->recs[i];
		const char *t;

		if (strcmp(r->kind, "system_info") == 0) {
			if (host == NULL)
				host = ipk_record_get(r, "host_name");
			if (os == NULL)
				os = ipk_record_get(r, "os_name");
			if (ver == NULL)
				ver = ipk_record_get(r, "os_version");
		} else if (host == NULL && strcmp(r->kind, "ipconfig") == 0) {
			host = ipk_record_get(r, "host_name");
		} else if (strcmp(r->kind, "collection_summary") == 0) {
			t = ipk_record_get(r, "start_time");
			if (t != NULL && strlen(t) >= 19 && t[4] == '-' &&
			    (coll == NULL || strcmp(t, coll) < 0))
				coll = t;
		}
	}
	for (i = 0; host == NULL && i < st->n; i++)
		if (strcmp(st->recs[i].kind, "event") == 0)
			host = ipk_record_get(&st->recs[i], "Computer");
	v->host = host != NULL ? host : "";
	if (os != NULL && ver != NULL) {
		size_t n = strlen(os) + strlen(ver) + 3;
		char *p = ipk_arena_alloc(st, n);

		if (p != NULL)
			snprintf(p, n, "%s %s", os, ver);
		v->os = p != NULL ? p : os;
	} else {
		v->os = os != NULL ? os : "";
	}
	v->collected = coll != NULL ? coll : "";
}

static void
decide(struct ipk_analysis *a)
{
	struct ipk_verdict *v = &a->verdict;
	unsigned long low_attack = 0;
	const struct ipk_finding *worst = NULL;
	char buf[512];
	size_t i;

	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];
		const char *t;

		if (f->suppressed != NULL) {
			v->suppressed++;
			continue;
		}
		v->by_level[level_index(f->level)]++;
		if (worst == NULL || level_index(f->level) >
		    level_index(worst->level))
			worst = f;
		t = ipk_finding_tactic(f);
		if (strcmp(f->level, "low") == 0 &&
		    (strcmp(t, "persistence") == 0 ||
		    strcmp(t, "lateral_movement") == 0 ||
		    strcmp(t, "exfiltration") == 0))
			low_attack++;
	}
	if (v->by_level[4] + v->by_level[3] > 0) {
		v->threat_level = IPK_THREAT_COMPROMISED;
		snprintf(buf, sizeof(buf), "%lu critical and %lu high finding(s), "
		    "the worst: %s", v->by_level[4], v->by_level[3], worst->title);
	} else if (v->by_level[2] > 0) {
		v->threat_level = IPK_THREAT_UNSURE;
		snprintf(buf, sizeof(buf), "%lu medium finding(s), the first: %s",
		    v->by_level[2], worst->title);
	} else if (low_attack >= 3) {
		v->threat_level = IPK_THREAT_UNSURE;
		snprintf(buf, sizeof(buf), "%lu low findings in persistence, "
		    "lateral movement or exfiltration", low_attack);
	} else {
		v->threat_level = IPK_THREAT_NONE;
		snprintf(buf, sizeof(buf), "no finding above low%s",
		    v->gaps > 0 ? " (some data points were not collected)" : "");
	}
	v->reason = ipk_arena_strdup(&a->store, buf, (size_t)-1);
	if (v->reason == NULL)
		v->reason = "";
}

int
ipk_ruleset_new(struct ipk_ruleset **out, int builtin,
    const char *const *paths, ipk_diag_fn diag, void *user,
    struct cm_error *err)
{
	struct ipk_ruleset *rs;
	struct ipk_sigma_stats stats;
	struct run run;
	size_t i;

	*out = NULL;
	rs = calloc(1, sizeof(*rs));
	if (rs == NULL || (rs->set = ipk_sigma_set_new()) == NULL) {
		free(rs);
		return cm_error_set(err, CM_FATAL, "out of memory");
	}
	memset(&run, 0, sizeof(run));
	run.diag = diag;
	run.user = user;
	if (builtin) {
		run.rules_origin = "built-in rules";
		ipk_sigma_set_load_blobs(rs->set, ipk_rule_blobs, rule_diag, &run);
	}
	for (i = 0; paths != NULL && paths[i] != NULL; i++) {
		run.rules_origin = paths[i];
		if (ipk_sigma_set_load_path(rs->set, paths[i], rule_diag, &run) ==
		    CM_FAILED) {
			ipk_ruleset_free(&rs);
			return cm_error_set(err, CM_FATAL, "%s: cannot read rules",
			    paths[i]);
		}
	}
	ipk_sigma_set_stats(rs->set, &stats);
	rs->loaded = stats.loaded;
	rs->unsupported = stats.unsupported;
	*out = rs;
	return CM_OK;
}

void
ipk_ruleset_counts(const struct ipk_ruleset *rs, unsigned long *loaded,
    unsigned long *unsupported)
{
	*loaded = rs->loaded;
	*unsupported = rs->unsupported;
}

void
ipk_ruleset_free(struct ipk_ruleset **prs)
{
	if (prs == NULL || *prs == NULL)
		return;
	ipk_sigma_set_free(&(*prs)->set);
	free(*prs);
	*prs = NULL;
}

static int
load_rules(struct ipk_analysis *a, const struct ipk_analyze_options *opt,
    struct run *run, struct cm_error *err)
{
	if (opt->ruleset != NULL) {
		a->rules = opt->ruleset;
	} else {
		if (ipk_ruleset_new(&a->rules, !opt->no_builtin_rules,
		    opt->rules, run->diag, run->user, err) != CM_OK)
			return CM_FATAL;
		a->own_rules = 1;
	}
	a->verdict.rules_loaded = a->rules->loaded;
	a->verdict.rules_unsupported = a->rules->unsupported;
	return CM_OK;
}

static const struct ipk_blob *
data_blob(const char *name)
{
	const struct ipk_blob *b;

	for (b = ipk_data_blobs; b->name != NULL; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

static int
load_allowlists(struct ipk_analysis *a, const struct ipk_analyze_options *opt,
    struct run *run, struct cm_error *err)
{
	const struct ipk_blob *b;
	struct cm_error e;
	size_t i;

	a->allow = ipk_allowlist_new();
	a->noise = ipk_allowlist_new();
	if (a->allow == NULL || a->noise == NULL)
		return cm_error_set(err, CM_FATAL, "out of memory");
	if (!opt->keep_self_noise && (b = data_blob("self-noise.yml")) != NULL) {
		cm_error_clear(&e);
		ipk_allowlist_load(a->noise, (const char *)b->data, b->len,
		    "self-noise.yml", &e);
	}
	for (i = 0; opt->allowlists != NULL && opt->allowlists[i] != NULL; i++) {
		cm_error_clear(&e);
		if (ipk_allowlist_load_file(a->allow, opt->allowlists[i], &e) ==
		    CM_FAILED)
			return cm_error_set(err, CM_FATAL, "allowlist %s",
			    e.msg);
		if (e.rc == CM_WARN && run->diag != NULL) {
			struct ipk_diag d = { CM_WARN, opt->allowlists[i], NULL, 0,
			    e.msg };

			run->diag(run->user, &d);
		}
	}
	return CM_OK;
}

int
ipk_analyze(struct ipk_analysis **out, const char *path,
    const struct ipk_analyze_options *opt, ipk_diag_fn diag, void *user,
    struct cm_error *err)
{
	static const struct ipk_analyze_options dflt;
	struct ipk_analysis *a;
	struct ipk_package *pkg = NULL;
	struct run run;
	const struct ipk_tally *t;
	size_t i, nstored, n;
	int rc;

	*out = NULL;
	if (opt == NULL)
		opt = &dflt;
	a = calloc(1, sizeof(*a));
	if (a == NULL || (a->package = strdup(path)) == NULL) {
		free(a);
		return cm_error_set(err, CM_FATAL, "out of memory");
	}
	ipk_recstore_init(&a->store);
	run.a = a;
	run.diag = diag;
	run.user = user;
	run.rules_origin = "";
	if (load_rules(a, opt, &run, err) != CM_OK ||
	    load_allowlists(a, opt, &run, err) != CM_OK ||
	    ipk_package_open(&pkg, path, &opt->parse, err) != CM_OK) {
		ipk_analysis_free(&a);
		return CM_FATAL;
	}
	/* One user pointer serves both callbacks: diagnostics go through
	 * run to reach the caller's own user pointer. */
	rc = ipk_package_parse(pkg, on_record, diag != NULL ? run_diag : NULL,
	    &run);
	t = ipk_package_tally(pkg, &n);
	a->tally = malloc((n + 1) * sizeof(*a->tally));
	if (a->tally != NULL) {
		/* Kinds in the tally point at parser strings: static. */
		memcpy(a->tally, t, n * sizeof(*t));
		a->ntally = n;
	}
	ipk_package_free(&pkg);
	if (rc == CM_FATAL) {
		cm_error_set(err, CM_FATAL, "%s: the package could not be read "
		    "to its end", path);
		ipk_analysis_free(&a);
		return CM_FATAL;
	}
	ipk_enrich(a);
	/* Events were matched while streaming; now the snapshots. */
	nstored = a->store.n;
	for (i = 0; i < nstored; i++) {
		const struct ipk_record *r = &a->store.recs[i];

		if (strcmp(r->kind, "gap") == 0)
			a->verdict.gaps++;
		if (strcmp(r->kind, "event") == 0 ||
		    strcmp(r->kind, "member") == 0 || strcmp(r->kind, "gap") == 0)
			continue;
		ipk_sigma_set_match(a->rules->set, r, on_stored_match, a);
	}
	find_host(a);
	for (i = 0; i < a->nfindings; i++) {
		struct ipk_finding *f = &a->findings[i];
		const char *why;

		f->record = &a->store.recs[a->findex[i]];
		f->time = record_time(f->record);
		why = ipk_allowlist_match(a->noise, f->rule_id,
		    f->title, a->verdict.host, f->record);

		if (why == NULL)
			why = ipk_allowlist_match(a->allow, f->rule_id, f->title,
			    a->verdict.host, f->record);
		f->suppressed = why;
	}
	if (a->nfindings > 1)
		qsort(a->findings, a->nfindings, sizeof(*a->findings),
		    finding_cmp);
	decide(a);
	if (a->store.dropped > 0 && diag != NULL) {
		char msg[200];
		struct ipk_diag d = { CM_WARN, path, NULL, 0, msg };

		snprintf(msg, sizeof(msg), "%lu records not kept for analysis "
		    "(IPK_MAX_STORED_RECORDS/BYTES); rules still saw the events",
		    a->store.dropped);
		diag(user, &d);
	}
	*out = a;
	return rc == CM_OK ? CM_OK : CM_WARN;
}

const struct ipk_finding *
ipk_analysis_findings(const struct ipk_analysis *a, size_t *count)
{
	*count = a->nfindings;
	return a->findings;
}

const struct ipk_verdict *
ipk_analysis_verdict(const struct ipk_analysis *a)
{
	return &a->verdict;
}

const struct ipk_record *
ipk_analysis_records(const struct ipk_analysis *a, size_t *count)
{
	*count = a->store.n;
	return a->store.recs;
}

const struct ipk_tally *
ipk_analysis_tally(const struct ipk_analysis *a, size_t *count)
{
	*count = a->ntally;
	return a->tally;
}

const char *
ipk_analysis_package(const struct ipk_analysis *a)
{
	return a->package;
}

void
ipk_analysis_free(struct ipk_analysis **pa)
{
	struct ipk_analysis *a;

	if (pa == NULL || *pa == NULL)
		return;
	a = *pa;
	if (a->own_rules)
		ipk_ruleset_free(&a->rules);
	ipk_allowlist_free(&a->allow);
	ipk_allowlist_free(&a->noise);
	ipk_recstore_free(&a->store);
	free(a->findings);
	free(a->findex);
	free(a->timeline);
	free(a->tally);
	free(a->package);
	free(a);
	*pa = NULL;
}
