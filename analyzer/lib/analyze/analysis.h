/*
 * analysis.h - the state of one analysis (analyze.c) shared with the
 * enrichment pass (enrich.c) and the report writers (report_*.c).
 * Internal.
 */
#ifndef IPK_ANALYSIS_H
#define IPK_ANALYSIS_H

#include "invpkg.h"
#include "cm_limits.h"
#include "recstore.h"

struct ipk_sigma_set;
struct ipk_allowlist;

struct ipk_analysis {
	char *package;                 /* path given */
	struct ipk_recstore store;     /* records kept */
	struct ipk_finding *findings;  /* findings */
	size_t *findex;                /* store index of each finding's record
	                                  (the store moves while it grows) */
	size_t nfindings;              /* used */
	size_t findings_cap;           /* allocated */
	struct ipk_verdict verdict;    /* the outcome */
	struct ipk_tally *tally;       /* copy of the parse tally */
	size_t ntally;                 /* entries */
	struct ipk_ruleset *rules;     /* compiled rules */
	int own_rules;                 /* 1: rules are ours to free */
	struct ipk_allowlist *allow;   /* user allowlists */
	struct ipk_allowlist *noise;   /* the collection's own noise */
	const struct ipk_record *last_event_src; /* event being matched */
	size_t last_event_copy;        /* its stored copy's index + 1, or 0 */
	unsigned long events;          /* event records seen */
	unsigned long findings_dropped;/* findings past IPK_MAX_FINDINGS */
	struct ipk_tl_entry *timeline; /* built on demand (timeline.c) */
	size_t ntimeline;              /* entries */
};

struct ipk_ruleset {
	struct ipk_sigma_set *set;     /* the Sigma rules */
	unsigned long loaded;          /* rules loaded */
	unsigned long unsupported;     /* rules refused */
};

/* enrich.c: adds cross-artifact fields to the stored snapshot records. */
void ipk_enrich(struct ipk_analysis *a);

/* The value of a field of a record, or NULL (lists: the first item). */
const char *ipk_rec_value(const struct ipk_record *r, const char *name);

#endif
