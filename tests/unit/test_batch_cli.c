/*
 * test_batch_cli.c - the batch commands as a user runs them: `invpkg scan`
 * (table, JSON, exit statuses 14 / 3 / 2, the rescan that analyses
 * nothing), `hosts --format json`, `ioc` (0 found, 1 not), `graph`, and
 * `merge` of two shards giving the hosts of a single run.
 */
#include "ipk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *
invpkg(void)
{
	const char *p = getenv("IPK_INVPKG");

	return p != NULL ? p : "build/analyzer/invpkg";
}

static const char *
sample(const char *name)
{
	return ipk_test_path(ipk_test_path(ipk_test_builddir(), "samples"),
	    name);
}

/*
 * Runs "cd dir && invpkg args"; returns the exit status, standard output
 * in *out and standard error in *err (either may be NULL).
 */
static int
run(const char *dir, const char *args, char **out, char **err)
{
	char cmd[8192], errfile[4200];
	size_t n = 0, cap = 4096, len;
	char *buf = malloc(cap);
	FILE *fp;
	int st;

	snprintf(errfile, sizeof(errfile), "%s/stderr.txt", dir);
	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s 2>'%s'", dir, invpkg(),
	    args, errfile);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	for (;;) {
		size_t k;

		if (n + 1024 > cap)
			buf = realloc(buf, cap *= 2);
		k = fread(buf + n, 1, cap - n - 1, fp);
		if (k == 0)
			break;
		n += k;
	}
	buf[n] = '\0';
	st = pclose(fp);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	if (err != NULL) {
		*err = ipk_test_slurp(errfile, &len);
		ck_assert_ptr_nonnull(*err);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *
workdir(void)
{
	char *d = strdup("/tmp/ipkbatchcliXXXXXX"), path[4200];

	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(path, sizeof(path), "%s/pk", d);
	ck_assert_int_eq(mkdir(path, 0777), 0);
	return d;
}

static void
add_sample(const char *dir, const char *name)
{
	char to[4200];

	snprintf(to, sizeof(to), "%s/pk/%s", dir, name);
	ck_assert_int_eq(symlink(sample(name), to), 0);
}

static void
cleanup(char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

static char *
four_samples(void)
{
	char *d = workdir();

	add_sample(d, "compromised-en.zip");
	add_sample(d, "compromised-fr.zip");
	add_sample(d, "clean-en.zip");
	add_sample(d, "clean-ja");
	return d;
}

START_TEST(t_scan_table_and_status)
{
	char *d = four_samples(), *out, *err;
	struct stat st;
	char path[4200];

	/* Default store in the working folder; level 4 → exit 14. */
	ck_assert_int_eq(run(d, "scan pk --jobs 2", &out, &err), 14);
	snprintf(path, sizeof(path), "%s/invpkg.db", d);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_ptr_nonnull(strstr(out, "HOST         LEVEL  COLLECTED"));
	ck_assert_ptr_nonnull(strstr(out, "\nCORP-FIN-03      4  "
	    "2026-09-07T22:09:05Z  Lateral movement: SMB session from "
	    "CORP-FIN-03 (10.0.0.23) to SRV-FR-02; Service 'MsDiagSync' also "
	    "on SRV-FR-02;"));
	ck_assert_ptr_nonnull(strstr(out, "\nSRV-FR-02        4  -"));
	ck_assert_ptr_nonnull(strstr(out, "\nTKY-WS-05        1  "
	    "2026-09-07T23:45:03Z  -\n"));
	ck_assert_ptr_nonnull(strstr(err, "invpkg: scan: 4 package(s): 4 "
	    "analysed, 0 unchanged, 0 duplicate(s), 0 failed, in "));
	/* Not a terminal: no progress bar. */
	ck_assert_ptr_null(strstr(err, "pkg/s"));
	free(out);
	free(err);

	/* The rescan skips everything and says the same. */
	ck_assert_int_eq(run(d, "scan pk --format json", &out, &err), 14);
	ck_assert_ptr_nonnull(strstr(err, ": 0 analysed, 4 unchanged, 0 "
	    "duplicate(s), 0 failed, in "));
	ck_assert_ptr_nonnull(strstr(out, "{\"host\":\"SRV-FR-02\","
	    "\"threat_level\":4,\"collected\":\"\",\"package\":"
	    "\"pk/compromised-fr.zip\""));
	free(out);
	free(err);

	/* hosts --format json: one object per host, highest level first. */
	ck_assert_int_eq(run(d, "hosts --db invpkg.db --format json", &out,
	    NULL), 0);
	ck_assert_int_eq(strncmp(out, "[\n{\"host\":\"CORP-FIN-03\","
	    "\"threat_level\":4,", 38), 0);
	ck_assert_ptr_nonnull(strstr(out, "{\"host\":\"WS-CLEAN-01\","
	    "\"threat_level\":1,\"collected\":\"\",\"package\":"
	    "\"pk/clean-en.zip\""));
	free(out);

	ck_assert_int_eq(run(d, "ioc MsDiagSync", &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out, "CORP-FIN-03 (level 4, "
	    "2026-09-07T22:09:05Z): service MsDiagSync as service, "));
	ck_assert_ptr_nonnull(strstr(err, "2 sighting(s) of MsDiagSync"));
	free(out);
	free(err);
	ck_assert_int_eq(run(d, "ioc 192.0.2.200 --format json", &out, NULL),
	    1);
	ck_assert_str_eq(out, "[]\n");
	free(out);

	ck_assert_int_eq(run(d, "graph --format dot -o g.dot", NULL, NULL), 0);
	snprintf(path, sizeof(path), "%s/g.dot", d);
	out = ipk_test_slurp(path, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "digraph invpkg {"));
	ck_assert_ptr_nonnull(strstr(out, "\"h:CORP-FIN-03\" -> "
	    "\"h:SRV-FR-02\""));
	free(out);
	ck_assert_int_eq(run(d, "graph --format html", &out, NULL), 0);
	ck_assert_int_eq(strncmp(out, "<!DOCTYPE html>", 15), 0);
	free(out);
	cleanup(d);
}
END_TEST

START_TEST(t_failures_and_usage)
{
	char *d = workdir(), *out, *err, path[4200];
	FILE *fp;

	add_sample(d, "clean-en.zip");
	snprintf(path, sizeof(path), "%s/pk/bad.zip", d);
	fp = fopen(path, "wb");
	fputs("not a zip", fp);
	fclose(fp);
	/* A broken package: reported, the others analysed, exit 3. */
	ck_assert_int_eq(run(d, "scan pk --db s.db", &out, &err), 3);
	ck_assert_ptr_nonnull(strstr(err, "invpkg: failed: pk/bad.zip: not a "
	    "zip archive\n"));
	ck_assert_ptr_nonnull(strstr(err, "1 analysed"));
	ck_assert_ptr_nonnull(strstr(err, "1 failed"));
	ck_assert_ptr_nonnull(strstr(out, "WS-CLEAN-01"));
	free(out);
	free(err);
	/* Only the clean host: exit 0. */
	ck_assert_int_eq(run(d, "scan pk/clean-en.zip --db s.db", NULL, NULL),
	    0);
	ck_assert_int_eq(run(d, "scan", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "scan pk --shard 3/2", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "scan pk --shard 0/2", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "scan pk --shard x", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "scan pk --jobs 0", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "scan pk --format xml", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "hosts --db missing.db", NULL, &err), 3);
	ck_assert_ptr_nonnull(strstr(err, "missing.db: no store here"));
	free(err);
	ck_assert_int_eq(run(d, "hosts --db pk/clean-en.zip", NULL, &err), 3);
	ck_assert_ptr_nonnull(strstr(err, "not an invpkg store"));
	free(err);
	ck_assert_int_eq(run(d, "graph --db s.db --format png", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "merge only.db", NULL, NULL), 2);
	ck_assert_int_eq(run(d, "merge s.db s.db", NULL, NULL), 2);
	cleanup(d);
}
END_TEST

START_TEST(t_shards_merge)
{
	char *d = four_samples(), *one, *merged, *err;

	ck_assert_int_eq(run(d, "scan pk --db single.db -q", NULL, NULL), 14);
	ck_assert_int_ne(run(d, "scan pk --db 1.db --shard 1/2 -q", NULL,
	    NULL), 3);
	ck_assert_int_ne(run(d, "scan pk --db 2.db --shard 2/2", NULL, &err),
	    3);
	ck_assert_ptr_nonnull(strstr(err, "in shard 2/2 (of 4 found)"));
	free(err);
	ck_assert_int_eq(run(d, "merge all.db 1.db 2.db", NULL, &err), 0);
	ck_assert_ptr_nonnull(strstr(err, "invpkg: merge: 2 store(s) into "
	    "all.db: 4 host(s)"));
	free(err);
	ck_assert_int_eq(run(d, "hosts --db single.db --format json", &one,
	    NULL), 0);
	ck_assert_int_eq(run(d, "hosts --db all.db --format json", &merged,
	    NULL), 0);
	ck_assert_str_eq(one, merged);
	ck_assert_ptr_nonnull(strstr(one, "\"host\":\"SRV-FR-02\","
	    "\"threat_level\":4"));
	free(one);
	free(merged);
	cleanup(d);
}
END_TEST

static Suite *
batch_cli_suite(void)
{
	Suite *s = suite_create("batch_cli");
	TCase *tc = tcase_create("batch_cli");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, t_scan_table_and_status);
	tcase_add_test(tc, t_failures_and_usage);
	tcase_add_test(tc, t_shards_merge);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(batch_cli_suite)
