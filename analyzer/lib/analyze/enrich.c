/*
 * enrich.c - cross-artifact enrichment before rules are matched, so a rule
 * about one artifact can use what another one knows:
 *   connections  + process_image, process_command_line (by pid)
 *   processes    + parent_name, parent_image, parent_command_line (by ppid)
 *                + prefetch_run_count, prefetch_last_run, in_prefetch
 *                  (by executable name in Prefetch files and the list)
 *   autoruns, services, scheduled_tasks
 *                + target_path, target_file (the program a value, service
 *                  or task starts), target_in_temp (that file name is in a
 *                  Temp listing), target_in_prefetch (it ran)
 * Names are compared case-insensitively; indexes are sorted arrays, so the
 * pass is O(n log n) in the number of records.
 */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
ipk_rec_value(const struct ipk_record *r, const char *name)
{
	return ipk_record_get(r, name);
}

struct idx {
	const char *key;               /* upper-cased key (arena) */
	const struct ipk_record *rec;  /* the record */
};

static int
idx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idx *)a)->key, ((const struct idx *)b)->key);
}

static const struct ipk_record *
idx_find(const struct idx *v, size_t n, const char *key)
{
	struct idx k = { key, NULL };
	const struct idx *hit;

	if (n == 0)
		return NULL;
	hit = bsearch(&k, v, n, sizeof(*v), idx_cmp);
	return hit != NULL ? hit->rec : NULL;
}

static char *
upper(struct ipk_recstore *st, const char *s, size_t n)
{
	char *p = ipk_arena_strdup(st, s, n);
	size_t i;

	if (p == NULL)
		return NULL;
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 32);
	return p;
}

/* The last path component of s (after '\' or '/'). */
static const char *
base_name(const char *s)
{
	const char *b = s, *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	return b;
}

/*
 * The program a command line starts: "C:\x y\a.exe" -a → C:\x y\a.exe;
 * C:\x\a.exe -a → C:\x\a.exe; rundll32.exe x.dll,e → rundll32.exe.
 * Environment variables are kept as written.  Writes into out.
 */
static void
command_program(const char *cmd, char *out, size_t outsz)
{
	const char *s = cmd, *e;
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '"') {
		s++;
		e = strchr(s, '"');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
	} else {
		/* Up to the first ".exe" or ".com"/".bat"/".dll" followed by a
		 * blank or the end, else up to the first blank. */
		const char *p, *stop = NULL;

		for (p = s; *p != '\0'; p++) {
			if (*p == '.' && (strncasecmp(p, ".exe", 4) == 0 ||
			    strncasecmp(p, ".com", 4) == 0 ||
			    strncasecmp(p, ".bat", 4) == 0 ||
			    strncasecmp(p, ".cmd", 4) == 0 ||
			    strncasecmp(p, ".dll", 4) == 0 ||
			    strncasecmp(p, ".ps1", 4) == 0 ||
			    strncasecmp(p, ".vbs", 4) == 0) &&
			    (p[4] == '\0' || p[4] == ' ' || p[4] == ',' ||
			    p[4] == '\t')) {
				stop = p + 4;
				break;
			}
		}
		if (stop == NULL) {
			stop = s;
			while (*stop != '\0' && *stop != ' ' && *stop != '\t')
				stop++;
		}
		n = (size_t)(stop - s);
	}
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static struct idx *
build_index(struct ipk_analysis *a, const char *kind, const char *field,
    int basename, size_t *count)
{
	struct ipk_recstore *st = &a->store;
	struct idx *v = NULL;
	size_t i, n = 0, cap = 0;

	for (i = 0; i < st->n; i++) {
		const struct ipk_record *r = &st->recs[i];
		const char *val;
		struct idx *nv;

		if (strcmp(r->kind, kind) != 0)
			continue;
		val = ipk_rec_value(r, field);
		if (val == NULL || *val == '\0')
			continue;
		if (basename)
			val = base_name(val);
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL)
				break;
			v = nv;
		}
		v[n].key = upper(st, val, (size_t)-1);
		v[n].rec = r;
		if (v[n].key != NULL)
			n++;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), idx_cmp);
	*count = n;
	return v;
}

/* Prefetch entries are named after the executable: "RCLONE.EXE". */
static const struct ipk_record *
prefetch_of(struct idx *pf, size_t npf, struct idx *pl, size_t npl,
    const char *exe, int *listed)
{
	char key[512];
	size_t i;
	const struct ipk_record *r;

	snprintf(key, sizeof(key), "%s", base_name(exe));
	for (i = 0; key[i] != '\0'; i++)
		if (key[i] >= 'a' && key[i] <= 'z')
			key[i] = (char)(key[i] - 32);
	r = idx_find(pf, npf, key);
	*listed = r != NULL || idx_find(pl, npl, key) != NULL;
	return r;
}

void
ipk_enrich(struct ipk_analysis *a)
{
	struct ipk_recstore *st = &a->store;
	struct idx *procs, *pf, *pl, *temp;
	size_t nprocs, npf, npl, ntemp, i;

	procs = build_index(a, "processes", "pid", 0, &nprocs);
	pf = build_index(a, "prefetch", "executable", 0, &npf);
	pl = build_index(a, "prefetch_list", "executable", 0, &npl);
	temp = build_index(a, "temp_files", "name", 0, &ntemp);
	for (i = 0; i < st->n; i++) {
		struct ipk_record *r = &st->recs[i];
		const char *v;
		char prog[1024];
		int listed;

		if (strcmp(r->kind, "connections") == 0) {
			const struct ipk_record *p;

			v = ipk_rec_value(r, "pid");
			if (v == NULL || (p = idx_find(procs, nprocs, v)) == NULL)
				continue;
			if ((v = ipk_rec_value(p, "image")) != NULL)
				ipk_recstore_set(st, r, "process_image", v);
			if ((v = ipk_rec_value(p, "command_line")) != NULL)
				ipk_recstore_set(st, r, "process_command_line", v);
			if (ipk_rec_value(r, "process") == NULL &&
			    (v = ipk_rec_value(p, "name")) != NULL)
				ipk_recstore_set(st, r, "process", v);
		} else if (strcmp(r->kind, "processes") == 0) {
			const struct ipk_record *p;

			v = ipk_rec_value(r, "ppid");
			if (v != NULL && strcmp(v, "0") != 0 &&
			    (p = idx_find(procs, nprocs, v)) != NULL && p != r) {
				const char *pv;

				if ((pv = ipk_rec_value(p, "name")) != NULL)
					ipk_recstore_set(st, r, "parent_name", pv);
				if ((pv = ipk_rec_value(p, "image")) != NULL)
					ipk_recstore_set(st, r, "parent_image", pv);
				if ((pv = ipk_rec_value(p, "command_line")) != NULL)
					ipk_recstore_set(st, r, "parent_command_line",
					    pv);
			}

			v = ipk_rec_value(r, "name");
			if (v == NULL)
				v = ipk_rec_value(r, "image");
			if (v == NULL)
				continue;
			p = prefetch_of(pf, npf, pl, npl, v, &listed);
			ipk_recstore_set(st, r, "in_prefetch", listed ? "true" :
			    "false");
			if (p != NULL) {
				if ((v = ipk_rec_value(p, "run_count")) != NULL)
					ipk_recstore_set(st, r, "prefetch_run_count", v);
				if ((v = ipk_rec_value(p, "last_run")) != NULL)
					ipk_recstore_set(st, r, "prefetch_last_run", v);
			}
		} else {
			const char *field = NULL;

			if (strcmp(r->kind, "autoruns") == 0)
				field = "data";
			else if (strcmp(r->kind, "services") == 0)
				field = "image_path";
			else if (strcmp(r->kind, "scheduled_tasks") == 0)
				field = "task_to_run";
			if (field == NULL || (v = ipk_rec_value(r, field)) == NULL ||
			    *v == '\0')
				continue;
			command_program(v, prog, sizeof(prog));
			if (prog[0] == '\0')
				continue;
			ipk_recstore_set(st, r, "target_path", prog);
			ipk_recstore_set(st, r, "target_file", base_name(prog));
			{
				char key[512];
				size_t k;

				snprintf(key, sizeof(key), "%s", base_name(prog));
				for (k = 0; key[k] != '\0'; k++)
					if (key[k] >= 'a' && key[k] <= 'z')
						key[k] = (char)(key[k] - 32);
				ipk_recstore_set(st, r, "target_in_temp",
				    idx_find(temp, ntemp, key) != NULL ? "true" :
				    "false");
			}
			prefetch_of(pf, npf, pl, npl, prog, &listed);
			ipk_recstore_set(st, r, "target_in_prefetch", listed ?
			    "true" : "false");
		}
	}
	free(procs);
	free(pf);
	free(pl);
	free(temp);
}
