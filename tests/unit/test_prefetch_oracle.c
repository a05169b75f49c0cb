/*
 * test_prefetch_oracle.c - the Prefetch parser against libscca.
 *
 * For every .pf under ../shared/fixtures/prefetch/ (recursively), and for
 * the uncompressed forms of the Windows 10 files (both version 30
 * layouts), runs `sccainfo FILE` (Debian libscca-utils) and compares what
 * it prints with our record:
 *
 *   Executable filename    : CALC.EXE          -> executable
 *   Prefetch hash          : 0x3fbef7fd        -> prefetch_hash 3FBEF7FD
 *   Format version         : 30                -> version
 *   Run count              : 2                 -> run_count
 *   Last run time: 1       : Jan 11, 2016 22:08:20.985330400 UTC
 *                              -> last_run 2016-01-11T22:08:20.9853304Z
 *   Filename: 1            : \VOLUME{...}\...  -> files, same order
 *   Device path / Serial number / Creation time -> volumes, volume_serials,
 *                                                 volume_created
 *
 * Last run times are compared newest first (we sort them; sccainfo prints
 * the slots in file order).  Where libscca cannot read a file, we must not
 * emit a record either; the Bad/ file must fail with a clear message.  The
 * counts are printed.  The test fails if sccainfo is missing.
 */
#include "ipk_test.h"
#include "parsers/lzxpress.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* What sccainfo printed, lists joined by '\n' as in struct ipk_trec. */
struct scca {
	int ok;                    /* sccainfo exit status 0 */
	char exe[256];
	char hash[16];
	char version[16];
	char run_count[16];
	char *last_run;            /* in our format, file order */
	char *files;
	char *volumes;
	char *serials;
	char *created;
	size_t nlast, nfiles, nvol, nserials, ncreated;   /* items */
};

static void
append(char **list, size_t *n, const char *item)
{
	size_t old = *list != NULL ? strlen(*list) : 0, k = strlen(item);
	char *p = realloc(*list, old + k + 2);

	ck_assert_ptr_nonnull(p);
	if (*n > 0)
		p[old++] = '\n';
	memcpy(p + old, item, k + 1);
	*list = p;
	(*n)++;
}

/* "Jan 11, 2016 22:08:20.985330400 UTC" -> "2016-01-11T22:08:20.9853304Z". */
static int
scca_time(const char *v, char *out, size_t outsz)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], frac[16];
	const char *m;
	int d, y, hh, mm, ss;

	if (strncmp(v, "Not set", 7) == 0) {
		out[0] = '\0';
		return 1;
	}
	if (sscanf(v, "%3s %d, %d %d:%d:%d.%15[0-9] UTC", mon, &d, &y, &hh,
	    &mm, &ss, frac) != 7 || strlen(frac) != 9 ||
	    strcmp(frac + 7, "00") != 0)
		return 0;
	m = strstr(months, mon);
	if (m == NULL || (m - months) % 3 != 0)
		return 0;
	frac[7] = '\0';
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d.%sZ", y,
	    (int)(m - months) / 3 + 1, d, hh, mm, ss, frac);
	return 1;
}

static void
scca_free(struct scca *s)
{
	free(s->last_run);
	free(s->files);
	free(s->volumes);
	free(s->serials);
	free(s->created);
	memset(s, 0, sizeof(*s));
}

/* Runs sccainfo on path and reads what it prints. */
static void
run_sccainfo(const char *path, struct scca *s)
{
	char cmd[4200], line[8192], conv[64];
	FILE *fp;
	int st;

	memset(s, 0, sizeof(*s));
	ck_assert_ptr_null(strchr(path, '\''));
	snprintf(cmd, sizeof(cmd), "sccainfo '%s' 2>/dev/null", path);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *key = line, *v, *e;

		line[strcspn(line, "\r\n")] = '\0';
		v = strstr(line, "\t: ");
		if (v == NULL)
			continue;
		*v = '\0';
		v += 3;
		while (*key == '\t' || *key == ' ')
			key++;
		e = key + strlen(key);
		while (e > key && (e[-1] == '\t' || e[-1] == ' '))
			*--e = '\0';
		if (strcmp(key, "Executable filename") == 0) {
			snprintf(s->exe, sizeof(s->exe), "%s", v);
		} else if (strcmp(key, "Prefetch hash") == 0) {
			unsigned long h = strtoul(v, NULL, 16);

			snprintf(s->hash, sizeof(s->hash), "%08lX", h);
		} else if (strcmp(key, "Format version") == 0) {
			snprintf(s->version, sizeof(s->version), "%s", v);
		} else if (strcmp(key, "Run count") == 0) {
			snprintf(s->run_count, sizeof(s->run_count), "%s", v);
		} else if (strncmp(key, "Last run time", 13) == 0) {
			ck_assert_msg(scca_time(v, conv, sizeof(conv)),
			    "%s: time '%s'", path, v);
			if (conv[0] != '\0')
				append(&s->last_run, &s->nlast, conv);
		} else if (strncmp(key, "Filename:", 9) == 0) {
			append(&s->files, &s->nfiles, v);
		} else if (strcmp(key, "Device path") == 0) {
			append(&s->volumes, &s->nvol, v);
		} else if (strcmp(key, "Creation time") == 0) {
			ck_assert_msg(scca_time(v, conv, sizeof(conv)),
			    "%s: time '%s'", path, v);
			append(&s->created, &s->ncreated, conv);
		} else if (strcmp(key, "Serial number") == 0) {
			snprintf(conv, sizeof(conv), "%08lX",
			    strtoul(v, NULL, 16));
			append(&s->serials, &s->nserials, conv);
		}
	}
	st = pclose(fp);
	s->ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int
cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* The '\n'-joined list sorted in descending order (ISO times: newest first). */
static char *
sorted_desc(const char *list, int *was_sorted)
{
	char *copy, *p, *items[64], *out;
	size_t n = 0, i, len;

	*was_sorted = 1;
	if (list == NULL)
		return strdup("");
	copy = strdup(list);
	ck_assert_ptr_nonnull(copy);
	for (p = strtok(copy, "\n"); p != NULL && n < 64; p = strtok(NULL, "\n"))
		items[n++] = p;
	for (i = 1; i < n; i++)
		if (strcmp(items[i - 1], items[i]) < 0)
			*was_sorted = 0;
	qsort(items, n, sizeof(items[0]), cmp_desc);
	len = strlen(list) + 1;
	out = malloc(len);
	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, "\n");
		strcat(out, items[i]);
	}
	free(copy);
	return out;
}

/* Compares two values; records the first difference in why. */
static int
same(const char *field, const char *ours, const char *theirs, char *why,
    size_t whysz)
{
	if (ours == NULL)
		ours = "";
	if (theirs == NULL)
		theirs = "";
	if (strcmp(ours, theirs) == 0)
		return 1;
	if (why[0] == '\0')
		snprintf(why, whysz, "%s: ours '%.200s' libscca '%.200s'", field,
		    ours, theirs);
	return 0;
}

struct tally {
	size_t files;              /* .pf files compared */
	size_t agreed;             /* all values equal */
	size_t scca_failed;        /* libscca could not read */
	size_t unsorted;           /* last run slots not newest first */
	size_t lists;              /* file names compared */
	char first_diff[1024];     /* the first disagreement */
};

/* Compares one file; returns 1 if everything agrees. */
static int
compare(const char *path, struct tally *t)
{
	struct scca s;
	struct ipk_tset *set;
	const struct ipk_trec *r;
	char why[900] = "", *last;
	int ok = 1, was_sorted;

	run_sccainfo(path, &s);
	set = ipk_test_parse(path, NULL);
	t->files++;
	if (!s.ok) {
		t->scca_failed++;
		/* libscca refuses it: we must not make up a record. */
		ck_assert_msg(ipk_tset_count(set, "prefetch") == 0,
		    "%s: libscca cannot read it but we emitted a record", path);
		ck_assert_msg(set->ndiags > 0, "%s: no diagnostic", path);
		ipk_tset_free(set);
		scca_free(&s);
		return 0;
	}
	r = ipk_tset_nth(set, "prefetch", 0);
	if (r == NULL) {
		snprintf(why, sizeof(why), "no record (%s)",
		    set->ndiags ? set->diags[0] : "no diagnostic");
		ok = 0;
	} else {
		last = sorted_desc(s.last_run, &was_sorted);
		if (!was_sorted)
			t->unsorted++;
		ok &= same("executable", ipk_trec_get(r, "executable"), s.exe,
		    why, sizeof(why));
		ok &= same("prefetch_hash", ipk_trec_get(r, "prefetch_hash"),
		    s.hash, why, sizeof(why));
		ok &= same("version", ipk_trec_get(r, "version"), s.version,
		    why, sizeof(why));
		ok &= same("run_count", ipk_trec_get(r, "run_count"),
		    s.run_count, why, sizeof(why));
		ok &= same("last_run", ipk_trec_get(r, "last_run"), last, why,
		    sizeof(why));
		ok &= same("files", ipk_trec_get(r, "files"), s.files, why,
		    sizeof(why));
		ok &= same("volumes", ipk_trec_get(r, "volumes"), s.volumes,
		    why, sizeof(why));
		ok &= same("volume_serials", ipk_trec_get(r, "volume_serials"),
		    s.serials, why, sizeof(why));
		ok &= same("volume_created", ipk_trec_get(r, "volume_created"),
		    s.created, why, sizeof(why));
		t->lists += s.nfiles;
		free(last);
	}
	if (ok)
		t->agreed++;
	else if (t->first_diff[0] == '\0')
		snprintf(t->first_diff, sizeof(t->first_diff), "%s: %s", path,
		    why);
	ipk_tset_free(set);
	scca_free(&s);
	return ok;
}

/* Every .pf below the fixtures folder, sorted. */
static char **found;
static size_t nfound;

static void
collect(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	ck_assert_int_lt(depth, 16);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect(path, depth + 1);
		} else if (S_ISREG(st.st_mode) && n > 3 &&
		    strcmp(e->d_name + n - 3, ".pf") == 0) {
			found = realloc(found, (nfound + 1) * sizeof(*found));
			ck_assert_ptr_nonnull(found);
			found[nfound] = strdup(path);
			ck_assert_ptr_nonnull(found[nfound]);
			nfound++;
		}
	}
	closedir(d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_sccainfo_present)
{
	int st = system("sccainfo -V >/dev/null 2>&1");

	ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "sccainfo (Debian package libscca-utils) is needed by this test");
}
END_TEST

START_TEST(test_oracle_fixtures)
{
	struct tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	collect(ipk_test_path(ipk_test_shared(), "fixtures/prefetch"), 0);
	qsort(found, nfound, sizeof(*found), cmp_str);
	for (i = 0; i < nfound; i++) {
		compare(found[i], &t);
		free(found[i]);
	}
	free(found);
	found = NULL;
	nfound = 0;
	printf("prefetch oracle: %zu files, %zu agreed with libscca, %zu "
	    "libscca failed to read; %zu file names compared; %zu files hold "
	    "their last run times out of order\n", t.files, t.agreed,
	    t.scca_failed, t.lists, t.unsorted);
	fflush(stdout);
	ck_assert_msg(t.agreed + t.scca_failed == t.files, "%s", t.first_diff);
	/* What ../shared holds: 55 files, the one in Bad/ unreadable. */
	ck_assert_uint_eq(t.files, 55);
	ck_assert_uint_eq(t.scca_failed, 1);
	ck_assert_uint_ge(t.lists, 3000);
}
END_TEST

/* The Bad/ file: libscca refuses it, and so do we, saying why. */
START_TEST(test_oracle_bad)
{
	const char *path = ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/Bad/notAPrefetch.pf");
	struct scca s;
	struct ipk_tset *set;

	run_sccainfo(path, &s);
	ck_assert_int_eq(s.ok, 0);
	scca_free(&s);
	set = ipk_test_parse(path, NULL);
	ck_assert_uint_eq(ipk_tset_count(set, "prefetch"), 0);
	ck_assert(ipk_tset_has_diag(set, "failed|notAPrefetch.pf|0|signature "
	    "\"SDCA\" at offset 4 is not \"SCCA\": not a Prefetch file"));
	ck_assert_int_eq(set->rc, CM_WARN);
	ipk_tset_free(set);
}
END_TEST

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void
write_file(const char *path, const unsigned char *d, size_t n)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(d, 1, n, fp), n);
	fclose(fp);
}

/*
 * The Windows 10 files uncompressed (layout 1, metrics at 0x130), and
 * rewritten into layout 2 (metrics at 0x128, file information 8 bytes
 * shorter, run count at 0xC8, a distinct run count of 1000 + the original
 * so that reading the wrong offset shows), both read by libscca.
 */
START_TEST(test_oracle_uncompressed_v30)
{
	static const char *const names[] = {
		"CALC.EXE-3FBEF7FD.pf", "CALCULATOR.EXE-6940BD5C.pf",
		"CHROME.EXE-B3BA7868.pf", "CMD.EXE-D269B812.pf",
		"DCODEDCODEDCODEDCODEDCODEDCOD-E65B9FE8.pf",
		"DEVENV.EXE-854D7862.pf",
	};
	const char *dir = ipk_test_tmpdir();
	struct tally t;
	char rel[256], path[512], cmd[600];
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct ipk_lzxh_result res;
		unsigned char *mam, *u, *v2;
		size_t n, un, m;

		snprintf(rel, sizeof(rel), "fixtures/prefetch/Win10/%s",
		    names[i]);
		mam = (unsigned char *)ipk_test_slurp(ipk_test_path(
		    ipk_test_shared(), rel), &n);
		ck_assert_ptr_nonnull(mam);
		un = le32(mam + 4);
		u = malloc(un);
		v2 = malloc(un);
		ck_assert(u != NULL && v2 != NULL);
		ck_assert_int_eq(ipk_lzxh_decompress(mam + 8, n - 8, u, un,
		    &res), IPK_LZXH_OK);
		snprintf(path, sizeof(path), "%s/U1-%s", dir, names[i]);
		write_file(path, u, un);
		compare(path, &t);

		ck_assert_uint_eq(le32(u + 84), 0x130);
		memcpy(v2, u, 84 + 116);
		memcpy(v2 + 84 + 116, u + 84 + 124, 96);
		memcpy(v2 + 0x128, u + 0x130, un - 0x130);
		m = un - 8;
		put32(v2 + 12, (uint32_t)m);
		put32(v2 + 84, 0x128);
		put32(v2 + 84 + 8, le32(v2 + 84 + 8) - 8);
		put32(v2 + 84 + 16, le32(v2 + 84 + 16) - 8);
		put32(v2 + 84 + 24, le32(v2 + 84 + 24) - 8);
		put32(v2 + 84 + 116, le32(v2 + 84 + 116) + 1000);
		snprintf(path, sizeof(path), "%s/U2-%s", dir, names[i]);
		write_file(path, v2, m);
		compare(path, &t);
		free(mam);
		free(u);
		free(v2);
	}
	printf("prefetch oracle, uncompressed version 30: %zu files, %zu "
	    "agreed with libscca, %zu libscca failed to read\n", t.files,
	    t.agreed, t.scca_failed);
	fflush(stdout);
	ck_assert_msg(t.agreed == t.files, "%s", t.first_diff);
	ck_assert_uint_eq(t.files, 12);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
oracle_suite(void)
{
	Suite *s = suite_create("prefetch_oracle");
	TCase *tc = tcase_create("prefetch_oracle");

	tcase_add_test(tc, test_sccainfo_present);
	tcase_add_test(tc, test_oracle_fixtures);
	tcase_add_test(tc, test_oracle_bad);
	tcase_add_test(tc, test_oracle_uncompressed_v30);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(oracle_suite)
