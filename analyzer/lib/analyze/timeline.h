/*
 * timeline.h - the cross-artifact timeline of an analysis (timeline.c)
 * and the time helpers the report writers share.  Internal.
 */
#ifndef IPK_TIMELINE_H
#define IPK_TIMELINE_H

struct ipk_analysis;
struct ipk_record;

struct ipk_tl_entry {
	const char *time;          /* UTC, "YYYY-MM-DDTHH:MM:SS.fffffffZ" */
	long long secs;            /* the same, seconds since 1970 UTC */
	int local;                 /* 0 carried a zone; 1 host local time
	                              converted with the host's offset; 2 host
	                              local time, offset unknown (taken as UTC) */
	const char *kind;          /* artifact kind of the source record */
	const char *what;          /* what happened, one line */
	const char *member;        /* where */
	unsigned long line;        /* line or record number */
	const struct ipk_record *record; /* the source record */
	const char *level;         /* worst finding on that record, or NULL */
	const char *rule;          /* its rule title, or NULL */
};

/*
 * Builds (or rebuilds) the timeline; entries are owned by the analysis
 * and sorted by time.  Returns CM_OK.
 */
int ipk_analysis_timeline(struct ipk_analysis *a,
    const struct ipk_tl_entry **out, size_t *count);

/*
 * Parses an ISO 8601 time ("2026-09-07", "2026-09-07T22:02",
 * "2026-09-07T22:02:33.1234567Z", "...+02:00").  Sets the seconds since
 * 1970 (UTC if a zone was given), the fraction padded to 7 digits, and
 * whether a zone was given.  Returns 1, or 0 if s is not such a time.
 */
int ipk_time_parse(const char *s, long long *secs, char frac[8],
    int *has_zone);
/* Formats secs shifted to offset_min east of UTC ("Z" when 0). */
void ipk_time_format(long long secs, const char *frac, int offset_min,
    char out[40]);
/* Reads "(UTC+01:00) ..." into minutes east of UTC; 1 if found. */
int ipk_tz_offset(const char *tz, int *minutes);

#endif
