/*
 * test_rules.c - every rule of the built-in pack (analyzer/rules) against
 * its cases (tests/rules/<name>.cases): each rule loads as supported Sigma,
 * says its id, title, level and ATT&CK tactic and technique, has at least
 * one case that must hit and one that must miss, and every case comes out
 * as it says.
 *
 * A case line: expect<TAB>kind<TAB>field=value<TAB>...  where expect is
 * "hit" or "miss" and kind the record kind ("services", "event"...).
 */
#include "ipk_test.h"
#include "sigma/sigma.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
count_match(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	(void)rule;
	(void)rec;
	(*(int *)user)++;
	return 0;
}

/* Builds a record from "kind\tf=v\tf=v" (modifies line). */
static void
make_record(char *line, struct ipk_record *rec, struct ipk_field *f,
    size_t max)
{
	char *save = NULL, *tok;
	size_t n = 0;

	rec->kind = strtok_r(line, "\t", &save);
	rec->member = "case";
	rec->line = 1;
	while ((tok = strtok_r(NULL, "\t", &save)) != NULL && n < max) {
		char *eq = strchr(tok, '=');

		ck_assert_msg(eq != NULL, "case field without '=': %s", tok);
		*eq = '\0';
		f[n].name = tok;
		f[n].value = eq + 1;
		f[n].len = strlen(eq + 1);
		f[n].type = IPK_V_STR;
		f[n].nitems = 1;
		n++;
	}
	rec->fields = f;
	rec->nfields = n;
}

static unsigned long total_rules, total_cases;

static void
check_rule(const char *dir, const char *name)
{
	char path[4096], cases[4096], *buf, *line, *save = NULL;
	size_t len;
	struct ipk_sigma_rule *rule = NULL;
	struct ipk_sigma_set *set;
	struct ipk_sigma_error err;
	const struct ipk_sigma_meta *m;
	size_t i;
	int hits = 0, misses = 0, tactic = 0, technique = 0;
	char stem[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = ipk_test_slurp(path, &len);
	ck_assert_ptr_nonnull(buf);
	memset(&err, 0, sizeof(err));
	ck_assert_msg(ipk_sigma_rule_load(&rule, buf, len, path, &err) == CM_OK,
	    "%s does not load: %s", path, err.msg);
	free(buf);
	m = ipk_sigma_rule_meta(rule);
	ck_assert_msg(m->id != NULL && m->title != NULL && m->level != NULL,
	    "%s: id, title and level are required", path);
	for (i = 0; i < m->ntags; i++) {
		if (strncmp(m->tags[i], "attack.t", 8) == 0 &&
		    m->tags[i][8] >= '0' && m->tags[i][8] <= '9')
			technique = 1;
		else if (strncmp(m->tags[i], "attack.", 7) == 0)
			tactic = 1;
	}
	ck_assert_msg(tactic && technique, "%s: needs an ATT&CK tactic and "
	    "technique tag", path);
	set = ipk_sigma_set_new();
	ck_assert_int_eq(ipk_sigma_set_add(set, rule), CM_OK);

	snprintf(stem, sizeof(stem), "%.*s", (int)(strlen(name) - 4), name);
	snprintf(cases, sizeof(cases), "%s/tests/rules/%s.cases",
	    ipk_test_srcdir(), stem);
	buf = ipk_test_slurp(cases, &len);
	ck_assert_msg(buf != NULL, "%s has no cases file %s", path, cases);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		struct ipk_record rec;
		struct ipk_field f[64];
		char *tab = strchr(line, '\t');
		int want, got = 0;

		if (line[0] == '#' || line[0] == '\0')
			continue;
		ck_assert_ptr_nonnull(tab);
		*tab = '\0';
		want = strcmp(line, "hit") == 0;
		ck_assert_msg(want || strcmp(line, "miss") == 0,
		    "%s: expect 'hit' or 'miss', not '%s'", cases, line);
		make_record(tab + 1, &rec, f, 64);
		ck_assert_int_ge(ipk_sigma_set_match(set, &rec, count_match, &got),
		    0);
		ck_assert_msg((got > 0) == want, "%s: a '%s' case %s (%s, %s=%s)",
		    stem, want ? "hit" : "miss", want ? "did not match" :
		    "matched", rec.kind, rec.nfields ? rec.fields[0].name : "",
		    rec.nfields ? rec.fields[0].value : "");
		if (want)
			hits++;
		else
			misses++;
		total_cases++;
	}
	free(buf);
	ck_assert_msg(hits > 0 && misses > 0, "%s: needs at least one hit and "
	    "one miss case (%d, %d)", stem, hits, misses);
	ipk_sigma_set_free(&set);
	total_rules++;
}

static void
walk(const char *dir)
{
	struct dirent **list;
	int n, i;

	n = scandir(dir, &list, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		size_t len = strlen(e);
		char sub[4096];

		if (e[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", dir, e);
			if (len > 4 && strcmp(e + len - 4, ".yml") == 0)
				check_rule(dir, e);
			else if (strchr(e, '.') == NULL)
				walk(sub);
		}
		free(list[i]);
	}
	free(list);
}

START_TEST(test_builtin_rules)
{
	walk(ipk_test_path(ipk_test_srcdir(), "analyzer/rules"));
	printf("built-in rules: %lu rules, %lu cases, all passed\n",
	    total_rules, total_cases);
	ck_assert_uint_ge(total_rules, 40);
}
END_TEST

START_TEST(test_builtin_pack_embedded)
{
	/* The pack compiled into the library has every rule of the folder. */
	struct ipk_ruleset *rs = NULL;
	unsigned long loaded, unsupported;

	ck_assert_int_eq(ipk_ruleset_new(&rs, 1, NULL, NULL, NULL, NULL), CM_OK);
	ipk_ruleset_counts(rs, &loaded, &unsupported);
	total_rules = 0;
	walk(ipk_test_path(ipk_test_srcdir(), "analyzer/rules"));
	ck_assert_uint_eq(loaded, total_rules);
	ck_assert_uint_eq(unsupported, 0);
	ipk_ruleset_free(&rs);
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_builtin_rules);
	tcase_add_test(tc, test_builtin_pack_embedded);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(rules_suite)
