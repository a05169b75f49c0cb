/*
 * test_scan_limits.c - invpkg scan at IPK_BATCH_MAX_DIR_ENTRIES.  A real
 * bound is a million entries; this program compiles the scanner itself
 * with a bound of 3 (the definitions here take the place of the library's
 * scan.o), so a folder of 5 packages shows what happens past it: the
 * folder is reported, the first 3 names are scanned, the scan says a path
 * failed; and a folder package too large to list is not hashed in part.
 */
#define IPK_BATCH_MAX_DIR_ENTRIES 3
#include "batch/scan.c"

#include "ipk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct seen {
	unsigned long analysed;
	char diag[1024];
};

static void
on_diag(void *user, const struct ipk_diag *d)
{
	struct seen *s = user;

	if (strstr(d->message, "IPK_BATCH_MAX_DIR_ENTRIES") != NULL)
		snprintf(s->diag, sizeof(s->diag), "%s: %s", d->package,
		    d->message);
}

static int
run(const char *db, const char *path, struct ipk_scan_summary *sum,
    struct seen *seen)
{
	struct ipk_store *st = NULL;
	struct ipk_scan_options o;
	struct cm_error err;
	const char *paths[1];
	int rc;

	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, db, 1, &err), CM_OK);
	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	o.diag = on_diag;
	o.user = seen;
	paths[0] = path;
	rc = ipk_scan(st, paths, 1, &o, sum, &err);
	ck_assert_msg(rc != CM_FATAL, "%s", err.msg);
	ipk_store_close(&st);
	return rc;
}

START_TEST(test_folder_bound)
{
	char root[] = "/tmp/ipkscanlimXXXXXX", dir[256], link[512], db[256];
	const char *clean = ipk_test_path(ipk_test_path(ipk_test_builddir(),
	    "samples"), "clean-en.zip");
	struct ipk_scan_summary sum;
	struct seen seen;
	char cmd[1024];
	int i;

	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(dir, sizeof(dir), "%s/in", root);
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	/* Five names, two of them distinct packages among the first three. */
	for (i = 0; i < 5; i++) {
		snprintf(link, sizeof(link), "%s/p%d.zip", dir, i);
		ck_assert_int_eq(symlink(i % 2 ? ipk_test_path(
		    ipk_test_path(ipk_test_builddir(), "samples"),
		    "compromised-en.zip") : clean, link), 0);
	}
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(run(db, dir, &sum, &seen), CM_WARN);
	ck_assert_msg(strstr(seen.diag, "/in: more entries than "
	    "IPK_BATCH_MAX_DIR_ENTRIES") != NULL, "%s", seen.diag);
	/* p0, p1, p2 listed (p2 is p0 again), p3 and p4 not. */
	ck_assert_uint_eq(sum.found, 3);
	ck_assert_uint_eq(sum.analyzed, 2);
	ck_assert_uint_eq(sum.duplicates, 1);
	ck_assert_uint_eq(sum.failed, 1);

	/* A folder package of more files than the bound: not hashed in part. */
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/big/Processes' && cd "
	    "'%s/big/Processes' && touch a.csv b.csv c.csv d.csv", root, root);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(dir, sizeof(dir), "%s/big", root);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(run(db, dir, &sum, &seen), CM_WARN);
	ck_assert_uint_eq(sum.analyzed, 0);
	ck_assert_uint_eq(sum.failed, 1);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
scan_limits_suite(void)
{
	Suite *s = suite_create("scan_limits");
	TCase *tc = tcase_create("scan_limits");

	tcase_add_test(tc, test_folder_bound);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(scan_limits_suite)
