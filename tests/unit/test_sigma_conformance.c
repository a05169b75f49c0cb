/*
 * test_sigma_conformance.c - the Sigma engine on the public SigmaHQ rules
 * and SigmaHQ's own regression cases (../shared/fixtures/sigma).
 *
 * 1. Every rule under rules/windows loads or is reported unsupported with a
 *    reason; none is an error, none crashes; the share that loads is printed.
 * 2. Every regression case (regression_data/.../info.yml: the rule's id,
 *    an .evtx file, match_count) whose rule is in the fixtures and loads:
 *    the rule runs over the records the EVTX parser reads from the file and
 *    must match match_count events (SigmaHQ's runner: match_count is the
 *    least expected, more is a warning; no match_count means at least one).
 *    Counts of passed, failed, over, unsupported and missing rules are
 *    printed; any failure fails the test.
 * 3. The literal prefilter changes no result: every event of the fixtures
 *    (regression data and the attack samples) meets all rules with and
 *    without it, and the matching rules are the same.
 */
#include "ipk_test.h"
#include "sigma/sigma.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- walking the fixtures ---------------------------------------------------- */

typedef void (*file_fn)(void *user, const char *path, const char *name);

static void
walk(const char *dir, file_fn fn, void *user)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	struct stat st;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, fn, user);
		else
			fn(user, path, e->d_name);
	}
	closedir(d);
}

/* --- 1. every rule loads or is unsupported ------------------------------------ */

struct tally {
	size_t files;
	char reasons[64][48];
	size_t counts[64];
	size_t nreasons;
	size_t crashed_or_error;
	char first_error[1024];
};

static void
count_yml(void *user, const char *path, const char *name)
{
	struct tally *t = user;
	size_t n = strlen(name);

	(void)path;
	if (n > 4 && strcmp(name + n - 4, ".yml") == 0)
		t->files++;
}

static void
on_diag(void *user, const struct ipk_sigma_diag *d)
{
	struct tally *t = user;
	size_t i;
	char key[64];

	snprintf(key, sizeof(key), "%s %s",
	    d->level == CM_WARN ? "warn" : "error", d->reason);
	if (d->level != CM_WARN) {
		t->crashed_or_error++;
		if (t->first_error[0] == 0)
			snprintf(t->first_error, sizeof(t->first_error), "%s",
			    d->message);
	}
	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i], key) == 0)
			break;
	if (i == t->nreasons) {
		if (t->nreasons == 64)
			return;
		snprintf(t->reasons[t->nreasons++], 48, "%s", key);
	}
	t->counts[i]++;
}

START_TEST(test_load_every_windows_rule)
{
	const char *dir = ipk_test_path(ipk_test_shared(),
	    "fixtures/sigma/rules/windows");
	struct ipk_sigma_set *set = ipk_sigma_set_new();
	struct ipk_sigma_stats st;
	struct tally t;
	char dirbuf[4096];
	size_t i;
	int rc;

	memset(&t, 0, sizeof(t));
	snprintf(dirbuf, sizeof(dirbuf), "%s", dir);
	walk(dirbuf, count_yml, &t);
	ck_assert_uint_gt(t.files, 2000);
	rc = ipk_sigma_set_load_path(set, dirbuf, on_diag, &t);
	ipk_sigma_set_stats(set, &st);
	printf("sigma rules/windows: %zu files, %zu loaded (%.1f%%), "
	    "%zu unsupported, %zu errors, %zu loaded but never matching\n",
	    t.files, st.loaded, 100.0 * (double)st.loaded / (double)t.files,
	    st.unsupported, st.errors, st.dead);
	for (i = 0; i < t.nreasons; i++)
		printf("  %-32s %zu\n", t.reasons[i], t.counts[i]);
	if (t.first_error[0])
		printf("  first error: %s\n", t.first_error);
	/* every file accounted for, no invalid rule in SigmaHQ's set */
	ck_assert_uint_eq(st.loaded + st.unsupported + st.errors, t.files);
	ck_assert_uint_eq(st.errors, 0);
	ck_assert_uint_eq(t.crashed_or_error, 0);
	ck_assert_int_ne(rc, CM_FAILED);
	ck_assert_uint_eq(ipk_sigma_set_count(set), st.loaded);
	/* the share that loads: all of SigmaHQ's Windows rules today */
	ck_assert_uint_ge(st.loaded * 100, t.files * 99);
	/* only ETW-based logsources (file_access, file_rename) never match */
	ck_assert_uint_le(st.dead, 10);
	ipk_sigma_set_free(&set);
}
END_TEST

/* --- 2. regression cases -------------------------------------------------------- */

struct rule_ix {
	char **ids;
	char **paths;
	size_t n, cap;
};

static char *
read_id(const char *path)
{
	size_t len;
	char *buf = ipk_test_slurp(path, &len), *p, *e, *id = NULL;

	if (buf == NULL)
		return NULL;
	for (p = buf; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') +
	    1 : NULL) {
		if (strncmp(p, "id:", 3) == 0) {
			p += 3;
			while (*p == ' ')
				p++;
			for (e = p; *e && *e != '\n' && *e != '\r' && *e != ' ';
			    e++)
				;
			id = strndup(p, (size_t)(e - p));
			break;
		}
	}
	free(buf);
	return id;
}

static void
index_rule(void *user, const char *path, const char *name)
{
	struct rule_ix *ix = user;
	size_t n = strlen(name);
	char *id;

	if (n <= 4 || strcmp(name + n - 4, ".yml") != 0)
		return;
	if ((id = read_id(path)) == NULL)
		return;
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 1024;
		ix->ids = realloc(ix->ids, ix->cap * sizeof(char *));
		ix->paths = realloc(ix->paths, ix->cap * sizeof(char *));
	}
	ix->ids[ix->n] = id;
	ix->paths[ix->n++] = strdup(path);
}

static const char *
rule_path(const struct rule_ix *ix, const char *id)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		if (strcmp(ix->ids[i], id) == 0)
			return ix->paths[i];
	return NULL;
}

struct regress {
	const struct rule_ix *ix;
	const char *root;        /* fixtures/sigma */
	size_t cases, pass, fail, over, unsupported, missing, noparse;
	char failures[4096];
};

struct counter {
	struct ipk_sigma_set *set;
	size_t matches;
	size_t events;
};

static int
count_match(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct counter *c = user;

	(void)rule;
	(void)rec;
	c->matches++;
	return 0;
}

static int
on_record(void *user, const struct ipk_record *rec)
{
	struct counter *c = user;

	if (strcmp(rec->kind, "event") == 0)
		c->events++;
	if (ipk_sigma_set_match(c->set, rec, count_match, c) < 0)
		return 1;
	return 0;
}

/* Reads info.yml by lines: rule_metadata's id, then per test its
 * match_count (-1 if absent) and path; commented lines are skipped. */
struct info {
	char rule_id[64];
	int ntests;
	long match_count[8];
	char path[8][1024];
};

static int
parse_info(const char *file, struct info *in)
{
	size_t len;
	char *buf = ipk_test_slurp(file, &len), *line, *save = NULL;
	int in_meta = 0, in_tests = 0;

	memset(in, 0, sizeof(*in));
	if (buf == NULL)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *p = line, *v;

		while (*p == ' ')
			p++;
		if (*p == '#')
			continue;
		if (strncmp(line, "rule_metadata:", 14) == 0) {
			in_meta = 1;
			in_tests = 0;
			continue;
		}
		if (strncmp(line, "regression_tests_info:", 22) == 0) {
			in_meta = 0;
			in_tests = 1;
			continue;
		}
		if (line[0] != ' ' && line[0] != '-') {
			in_meta = in_tests = 0;
			continue;
		}
		if (*p == '-') {
			p++;
			while (*p == ' ')
				p++;
			if (in_tests && in->ntests < 8) {
				in->match_count[in->ntests] = -1;
				in->ntests++;
			}
		}
		if ((v = strchr(p, ':')) == NULL)
			continue;
		*v++ = 0;
		while (*v == ' ')
			v++;
		v[strcspn(v, "\r")] = 0;
		if (in_meta && strcmp(p, "id") == 0 && in->rule_id[0] == 0)
			snprintf(in->rule_id, sizeof(in->rule_id), "%s", v);
		else if (in_tests && in->ntests > 0 &&
		    strcmp(p, "match_count") == 0)
			in->match_count[in->ntests - 1] = atol(v);
		else if (in_tests && in->ntests > 0 && strcmp(p, "path") == 0)
			snprintf(in->path[in->ntests - 1], 1024, "%s", v);
	}
	free(buf);
	return 0;
}

static void
run_case(void *user, const char *file, const char *name)
{
	struct regress *r = user;
	struct info in;
	const char *rp;
	char *buf, evtx[4096];
	size_t len;
	struct ipk_sigma_rule *rule;
	struct ipk_sigma_error err;
	int t;

	if (strcmp(name, "info.yml") != 0)
		return;
	if (parse_info(file, &in) != 0 || in.rule_id[0] == 0) {
		r->noparse++;
		return;
	}
	for (t = 0; t < in.ntests; t++) {
		struct ipk_package *pkg;
		struct cm_error cerr;
		struct counter c;
		int prc;

		if (in.path[t][0] == 0 || strstr(in.path[t], ".evtx") == NULL)
			continue;
		r->cases++;
		rp = rule_path(r->ix, in.rule_id);
		if (rp == NULL) {
			r->missing++;     /* rule outside rules/windows */
			continue;
		}
		buf = ipk_test_slurp(rp, &len);
		ck_assert_ptr_nonnull(buf);
		if (ipk_sigma_rule_load(&rule, buf, len, rp, &err) != CM_OK) {
			free(buf);
			ck_assert_int_eq(err.rc, CM_WARN);   /* never an error */
			r->unsupported++;
			continue;
		}
		free(buf);
		memset(&c, 0, sizeof(c));
		c.set = ipk_sigma_set_new();
		ck_assert_int_eq(ipk_sigma_set_add(c.set, rule), CM_OK);
		snprintf(evtx, sizeof(evtx), "%s/%s", r->root, in.path[t]);
		ck_assert_int_eq(ipk_package_open(&pkg, evtx, NULL, &cerr),
		    CM_OK);
		prc = ipk_package_parse(pkg, on_record, NULL, &c);
		ipk_package_free(&pkg);
		ipk_sigma_set_free(&c.set);
		ck_assert_int_ne(prc, CM_FATAL);
		ck_assert_uint_gt(c.events, 0);
		if ((in.match_count[t] < 0 && c.matches > 0) ||
		    (long)c.matches == in.match_count[t]) {
			r->pass++;
		} else if (in.match_count[t] >= 0 &&
		    (long)c.matches > in.match_count[t]) {
			r->over++;
			printf("  over: %s: %zu matches, %ld expected\n", rp,
			    c.matches, in.match_count[t]);
		} else {
			size_t l = strlen(r->failures);

			r->fail++;
			snprintf(r->failures + l, sizeof(r->failures) - l,
			    "  FAIL: %s: %zu matches in %zu events, %ld "
			    "expected\n", rp, c.matches, c.events,
			    in.match_count[t]);
		}
	}
}

START_TEST(test_regression_cases)
{
	char root[4096], rules[4096], data[4096];
	struct rule_ix ix;
	struct regress r;
	size_t i;

	snprintf(root, sizeof(root), "%s",
	    ipk_test_path(ipk_test_shared(), "fixtures/sigma"));
	snprintf(rules, sizeof(rules), "%s/rules", root);
	snprintf(data, sizeof(data), "%s/regression_data", root);
	memset(&ix, 0, sizeof(ix));
	walk(rules, index_rule, &ix);
	ck_assert_uint_gt(ix.n, 2000);
	memset(&r, 0, sizeof(r));
	r.ix = &ix;
	r.root = root;
	walk(data, run_case, &r);
	printf("sigma regression: %zu evtx cases: %zu pass, %zu fail, "
	    "%zu over (more matches than match_count), %zu unsupported, "
	    "%zu rule not in fixtures, %zu unreadable info.yml\n", r.cases,
	    r.pass, r.fail, r.over, r.unsupported, r.missing, r.noparse);
	if (r.failures[0])
		printf("%s", r.failures);
	ck_assert_uint_gt(r.cases, 100);
	ck_assert_uint_eq(r.noparse, 0);
	ck_assert_uint_eq(r.fail, 0);
	ck_assert_uint_gt(r.pass, 100);
	for (i = 0; i < ix.n; i++) {
		free(ix.ids[i]);
		free(ix.paths[i]);
	}
	free(ix.ids);
	free(ix.paths);
}
END_TEST

/* --- 3. the prefilter changes nothing ------------------------------------------ */

struct twin {
	struct ipk_sigma_set *fast, *slow;
	size_t ids_fast[4096], ids_slow[4096];
	size_t nfast, nslow;
	size_t records, matches, differ;
	char first_diff[512];
};

static int
note_fast(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct twin *t = user;

	(void)rec;
	if (t->nfast < 4096)
		t->ids_fast[t->nfast++] = (size_t)rule;
	return 0;
}

static int
note_slow(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct twin *t = user;
	size_t i;

	(void)rec;
	/* the same rule object in the other set: compare by file name */
	for (i = 0; i < ipk_sigma_set_count(t->fast); i++)
		if (strcmp(ipk_sigma_rule_meta(ipk_sigma_set_rule(t->fast,
		    i))->file, ipk_sigma_rule_meta(rule)->file) == 0)
			break;
	if (t->nslow < 4096)
		t->ids_slow[t->nslow++] =
		    (size_t)ipk_sigma_set_rule(t->fast, i);
	return 0;
}

static int
twin_record(void *user, const struct ipk_record *rec)
{
	struct twin *t = user;
	int a, b;

	t->nfast = t->nslow = 0;
	a = ipk_sigma_set_match(t->fast, rec, note_fast, t);
	b = ipk_sigma_set_match(t->slow, rec, note_slow, t);
	t->records++;
	t->matches += (size_t)(a > 0 ? a : 0);
	if (a != b || t->nfast != t->nslow ||
	    memcmp(t->ids_fast, t->ids_slow, t->nfast * sizeof(size_t)) != 0) {
		if (t->differ++ == 0)
			snprintf(t->first_diff, sizeof(t->first_diff),
			    "%s line %lu: %d matches with the prefilter, %d "
			    "without", rec->member, rec->line, a, b);
	}
	return 0;
}

static void
twin_file(void *user, const char *path, const char *name)
{
	struct ipk_package *pkg;
	struct cm_error err;
	size_t n = strlen(name);

	if (n < 5 || strcmp(name + n - 5, ".evtx") != 0)
		return;
	if (ipk_package_open(&pkg, path, NULL, &err) != CM_OK)
		return;
	ipk_package_parse(pkg, twin_record, NULL, user);
	ipk_package_free(&pkg);
}

START_TEST(test_prefilter_same_results)
{
	struct twin *t = calloc(1, sizeof(*t));
	char rules[4096], dir[4096];
	struct ipk_sigma_stats st;

	snprintf(rules, sizeof(rules), "%s",
	    ipk_test_path(ipk_test_shared(), "fixtures/sigma/rules/windows"));
	t->fast = ipk_sigma_set_new();
	t->slow = ipk_sigma_set_new();
	ipk_sigma_set_prefilter(t->slow, 0);
	ipk_sigma_set_load_path(t->fast, rules, NULL, NULL);
	ipk_sigma_set_load_path(t->slow, rules, NULL, NULL);
	ck_assert_uint_eq(ipk_sigma_set_count(t->fast),
	    ipk_sigma_set_count(t->slow));
	snprintf(dir, sizeof(dir), "%s",
	    ipk_test_path(ipk_test_shared(), "fixtures/sigma/regression_data"));
	walk(dir, twin_file, t);
	snprintf(dir, sizeof(dir), "%s",
	    ipk_test_path(ipk_test_shared(), "fixtures/evtx-attack-samples"));
	walk(dir, twin_file, t);
	ipk_sigma_set_stats(t->fast, &st);
	printf("prefilter: %zu records, %zu matches, %llu rule evaluations, "
	    "%llu skipped; %zu records differ\n", t->records, t->matches,
	    st.evaluated, st.skipped, t->differ);
	if (t->differ)
		printf("  first: %s\n", t->first_diff);
	ck_assert_uint_gt(t->records, 3000);
	ck_assert_uint_gt(t->matches, 500);
	ck_assert_uint_gt(st.skipped, st.evaluated);
	ck_assert_uint_eq(t->differ, 0);
	ipk_sigma_set_stats(t->slow, &st);
	ck_assert_uint_eq(st.skipped, 0);
	ipk_sigma_set_free(&t->fast);
	ipk_sigma_set_free(&t->slow);
	free(t);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sigma_conformance");
	TCase *tc = tcase_create("sigmahq");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_load_every_windows_rule);
	tcase_add_test(tc, test_regression_cases);
	tcase_add_test(tc, test_prefilter_same_results);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(suite)
