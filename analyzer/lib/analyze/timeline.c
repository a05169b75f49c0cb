/*
 * timeline.c - one time-ordered view across artifacts: Prefetch run times,
 * kept event records, process starts, task last runs, Temp file times,
 * logons, boot and install times, Defender log lines, firewall log lines,
 * program installs, and the collection's start.  Every time is normalised
 * to UTC ("2026-09-07T22:02:33.0000000Z"): values that carry a zone are
 * converted, values in the host's local time (dir, systeminfo, schtasks...)
 * are converted with the offset in System Information's time zone
 * ("(UTC+01:00) Brussels..."), without daylight saving time, and flagged
 * "local" so a reader knows.  Entries of records a rule matched carry the
 * worst finding's level and title.
 */
#include "analysis.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void
civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((long long)yoe + era * 400 + (*m <= 2));
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int
ipk_time_parse(const char *s, long long *secs, char frac[8], int *has_zone)
{
	int y, mo, d, h = 0, mi = 0, se = 0, i;
	const char *p;
	long long t;

	if (s == NULL || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	p = s + 10;
	memcpy(frac, "0000000", 8);
	*has_zone = 0;
	if (*p == 'T' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
			return 0;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &se))
				return 0;
			p += 3;
		}
		if (*p == '.' || *p == ',') {
			p++;
			for (i = 0; *p >= '0' && *p <= '9'; i++, p++)
				if (i < 7)
					frac[i] = *p;
		}
	}
	if (h > 23 || mi > 59 || se > 60)
		return 0;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
	    mi * 60 + se;
	if (*p == 'Z') {
		*has_zone = 1;
	} else if ((*p == '+' || *p == '-') && strlen(p) >= 6 && p[3] == ':') {
		int oh, om;

		if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om))
			return 0;
		t -= (*p == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		*has_zone = 1;
	}
	*secs = t;
	return 1;
}

void
ipk_time_format(long long secs, const char *frac, int offset_min,
    char out[40])
{
	long long days;
	long rem;
	int y;
	unsigned m, d;
	char zone[8];

	secs += (long long)offset_min * 60;
	days = secs / 86400;
	rem = (long)(secs % 86400);
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (offset_min == 0)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02d:%02d", offset_min < 0 ?
		    '-' : '+', abs(offset_min) / 60, abs(offset_min) % 60);
	snprintf(out, 40, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%s%s", y, m, d,
	    rem / 3600, (rem / 60) % 60, rem % 60, frac, zone);
}

/* "(UTC+01:00) Brussels" / "(UTC) Coordinated..." → minutes east, 1 if found. */
int
ipk_tz_offset(const char *tz, int *minutes)
{
	const char *p = tz != NULL ? strstr(tz, "UTC") : NULL;
	int h, m;

	if (p == NULL)
		return 0;
	p += 3;
	if (*p == ')' || *p == ' ' || *p == '\0') {
		*minutes = 0;
		return 1;
	}
	if ((*p != '+' && *p != '-') || !digits(p + 1, 2, &h) || p[3] != ':' ||
	    !digits(p + 4, 2, &m))
		return 0;
	*minutes = (*p == '-' ? -1 : 1) * (h * 60 + m);
	return 1;
}

struct tl {
	struct ipk_analysis *a;       /* the analysis */
	struct ipk_tl_entry *e;       /* entries */
	size_t n;                     /* used */
	size_t cap;                   /* allocated */
	int local_offset;             /* host's UTC offset, minutes */
	int have_offset;              /* it is known */
};

static const char *
worst_finding(struct ipk_analysis *a, const struct ipk_record *r,
    const char **title)
{
	static const char *const order[] = {
		"informational", "low", "medium", "high", "critical"
	};
	const char *best = NULL;
	int bi = -1, k;
	size_t i;

	*title = NULL;
	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];

		if (f->record != r || f->suppressed != NULL)
			continue;
		for (k = 0; k < 5; k++)
			if (strcmp(f->level, order[k]) == 0 && k > bi) {
				bi = k;
				best = f->level;
				*title = f->title;
			}
	}
	return best;
}

static void
add(struct tl *t, const struct ipk_record *r, const char *when,
    const char *what)
{
	struct ipk_recstore *st = &t->a->store;
	struct ipk_tl_entry *e;
	long long secs;
	char frac[8], buf[40];
	int zone, local = 0;

	if (!ipk_time_parse(when, &secs, frac, &zone))
		return;
	if (!zone) {
		local = 1;
		if (t->have_offset)
			secs -= (long long)t->local_offset * 60;
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		struct ipk_tl_entry *ne = realloc(t->e, ncap * sizeof(*ne));

		if (ne == NULL)
			return;
		t->e = ne;
		t->cap = ncap;
	}
	e = &t->e[t->n];
	ipk_time_format(secs, frac, 0, buf);
	e->time = ipk_arena_strdup(st, buf, (size_t)-1);
	e->secs = secs;
	e->local = local && !t->have_offset ? 2 : local;
	e->kind = r->kind;
	e->what = ipk_arena_strdup(st, what, (size_t)-1);
	e->member = r->member;
	e->line = r->line;
	e->record = r;
	e->level = worst_finding(t->a, r, &e->rule);
	if (e->time != NULL && e->what != NULL)
		t->n++;
}

static const char *
get(const struct ipk_record *r, const char *name)
{
	const char *v = ipk_record_get(r, name);

	return v != NULL ? v : "";
}

static void
event_text(const struct ipk_record *r, char *buf, size_t n)
{
	static const char *const keys[] = {
		"TargetUserName", "TargetDomainName", "LogonType", "IpAddress",
		"WorkstationName", "ServiceName", "ImagePath", "ServiceFileName",
		"TaskName", "SubjectUserName", "NewProcessName", "CommandLine",
		"Image", "ShareName", "MemberName", "MemberSid", NULL
	};
	size_t i, o;

	o = (size_t)snprintf(buf, n, "%s %s %s", get(r, "Channel"),
	    get(r, "EventID"), get(r, "Provider"));
	for (i = 0; keys[i] != NULL && o < n; i++) {
		const char *v = ipk_record_get(r, keys[i]);

		if (v != NULL && *v != '\0' && strcmp(v, "-") != 0)
			o += (size_t)snprintf(buf + o, n - o, "; %s=%s", keys[i], v);
	}
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct ipk_tl_entry *x = pa, *y = pb;
	int c = strcmp(x->time, y->time);

	if (c != 0)
		return c;
	c = strcmp(x->member, y->member);
	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

int
ipk_analysis_timeline(struct ipk_analysis *a, const struct ipk_tl_entry **out,
    size_t *count)
{
	struct tl t;
	size_t i;
	char buf[2048];
	const char *coll = NULL;
	const struct ipk_record *collrec = NULL;

	memset(&t, 0, sizeof(t));
	t.a = a;
	for (i = 0; i < a->store.n; i++)
		if (strcmp(a->store.recs[i].kind, "system_info") == 0 &&
		    ipk_tz_offset(ipk_record_get(&a->store.recs[i], "time_zone"),
		    &t.local_offset)) {
			t.have_offset = 1;
			break;
		}
	for (i = 0; i < a->store.n; i++) {
		const struct ipk_record *r = &a->store.recs[i];
		const char *k = r->kind, *v;

		if (strcmp(k, "prefetch") == 0) {
			const struct ipk_field *f = ipk_record_field(r, "last_run");
			const char *p;
			size_t j;

			if (f == NULL || f->type != IPK_V_LIST)
				continue;
			p = f->value;
			for (j = 0; j < f->nitems; j++) {
				snprintf(buf, sizeof(buf), "%s ran (run count %s)",
				    get(r, "executable"), get(r, "run_count"));
				add(&t, r, p, buf);
				p += strlen(p) + 1;
			}
		} else if (strcmp(k, "event") == 0) {
			event_text(r, buf, sizeof(buf));
			add(&t, r, get(r, "TimeCreated"), buf);
		} else if (strcmp(k, "processes") == 0) {
			snprintf(buf, sizeof(buf), "process %s (pid %s) started: %s",
			    get(r, "name"), get(r, "pid"), get(r, "command_line"));
			add(&t, r, get(r, "created"), buf);
		} else if (strcmp(k, "scheduled_tasks") == 0) {
			snprintf(buf, sizeof(buf), "task %s last ran: %s",
			    get(r, "task_name"), get(r, "task_to_run"));
			add(&t, r, get(r, "last_run"), buf);
		} else if (strcmp(k, "temp_files") == 0) {
			if (strcmp(get(r, "is_dir"), "true") == 0)
				continue;
			snprintf(buf, sizeof(buf), "Temp file %s written (%s bytes, "
			    "owner %s)", get(r, "path"), get(r, "size"),
			    get(r, "owner"));
			add(&t, r, get(r, "modified"), buf);
		} else if (strcmp(k, "system_info") == 0) {
			add(&t, r, get(r, "boot_time"), "system booted");
			add(&t, r, get(r, "install_date"), "Windows installed");
		} else if (strcmp(k, "logged_on_users") == 0) {
			snprintf(buf, sizeof(buf), "%s logged on (%s, %s)",
			    get(r, "user"), get(r, "session_name"), get(r, "state"));
			add(&t, r, get(r, "logon_time"), buf);
		} else if (strcmp(k, "installed_programs") == 0) {
			snprintf(buf, sizeof(buf), "program installed: %s %s",
			    get(r, "name"), get(r, "version"));
			add(&t, r, get(r, "install_date"), buf);
		} else if (strcmp(k, "defender_log") == 0) {
			add(&t, r, get(r, "time"), get(r, "text"));
		} else if (strcmp(k, "firewall_log") == 0) {
			snprintf(buf, sizeof(buf), "firewall %s %s %s:%s -> %s:%s",
			    get(r, "action"), get(r, "protocol"), get(r, "src_ip"),
			    get(r, "src_port"), get(r, "dst_ip"), get(r, "dst_port"));
			add(&t, r, get(r, "timestamp"), buf);
		} else if (strcmp(k, "collection_summary") == 0) {
			v = ipk_record_get(r, "start_time");
			if (v != NULL && (coll == NULL || strcmp(v, coll) < 0)) {
				coll = v;
				collrec = r;
			}
		}
	}
	if (collrec != NULL)
		add(&t, collrec, coll, "investigation package collection started");
	if (t.n > 1)
		qsort(t.e, t.n, sizeof(*t.e), entry_cmp);
	free(a->timeline);
	a->timeline = t.e;
	a->ntimeline = t.n;
	*out = t.e;
	*count = t.n;
	return CM_OK;
}
