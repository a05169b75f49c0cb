/*
 * test_hostile.c - packages shaped by an attacker (docs/security.md): zip
 * bombs (ratio and absolute size), nested archives, millions of tiny rows,
 * deeply broken UTF-16, and "nothing is written outside the output path"
 * for the CLI on every sample package.  Each case must give a clear
 * message, leave the rest of the package read, and stay bounded in time
 * and memory.  Other hostile cases are tested next to their code:
 * test_package.c (truncated zip, duplicate, climbing and absolute names,
 * symbolic links, encrypted members, lying members, long lines, a lone
 * surrogate), test_evtx.c (test_evtx_bad_offsets: template offsets
 * pointing out of the chunk and at the record's own header, a template
 * holding itself; test_evtx_bad_chunk, test_evtx_truncated),
 * test_prefetch.c (test_pf_damaged, test_pf_bad_mam, test_pf_every_cut:
 * lying sizes, offsets and counts).
 */
#include "ipk_test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char arp_txt[] =
    "\r\nInterface: 10.0.0.11 --- 0x6\r\n"
    "  Internet Address      Physical Address      Type\r\n"
    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\r\n"
    "  10.0.0.2              12-34-56-78-9a-bd     dynamic\r\n";

/* --- a hand-made zip (libarchive writes only deflate and store) --------- */

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

struct zmem {
	const char *name;
	int method;             /* 0 store, 12 bzip2 */
	const unsigned char *data;
	size_t len;             /* bytes stored */
	uint32_t usize;         /* uncompressed size */
	uint32_t crc;
};

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

/* Writes a zip of the members; returns its size, or 0. */
static size_t
write_zip(const char *path, const struct zmem *m, size_t n)
{
	unsigned char hdr[64], *cd = calloc(n, 46 + 256);
	size_t i, cdlen = 0, off = 0;
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || cd == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		size_t nl = strlen(m[i].name);
		unsigned char *c = cd + cdlen;

		memset(hdr, 0, 30);
		put32(hdr, 0x04034b50);
		put16(hdr + 4, m[i].method == 12 ? 46 : 20);
		put16(hdr + 8, (unsigned)m[i].method);
		put32(hdr + 14, m[i].crc);
		put32(hdr + 18, (uint32_t)m[i].len);
		put32(hdr + 22, m[i].usize);
		put16(hdr + 26, (unsigned)nl);
		fwrite(hdr, 1, 30, fp);
		fwrite(m[i].name, 1, nl, fp);
		fwrite(m[i].data, 1, m[i].len, fp);
		memset(c, 0, 46);
		put32(c, 0x02014b50);
		put16(c + 4, 20);
		memcpy(c + 6, hdr + 4, 26);     /* version needed .. name length */
		put32(c + 42, (uint32_t)off);
		memcpy(c + 46, m[i].name, nl);
		cdlen += 46 + nl;
		off += 30 + nl + m[i].len;
	}
	fwrite(cd, 1, cdlen, fp);
	memset(hdr, 0, 22);
	put32(hdr, 0x06054b50);
	put16(hdr + 8, (unsigned)n);
	put16(hdr + 10, (unsigned)n);
	put32(hdr + 12, (uint32_t)cdlen);
	put32(hdr + 16, (uint32_t)off);
	fwrite(hdr, 1, 22, fp);
	free(cd);
	if (fclose(fp) != 0)
		return 0;
	return off + cdlen + 22;
}

/* bzip2 -9 of 256 MiB of 'A' (211 bytes; CRC-32 of the text 0x3ec11a37). */
static const unsigned char bomb_bz2[] =
    "\x42\x5a\x68\x39\x31\x41\x59\x26\x53\x59\x79\x46\xad\x93\x01\x5f\x8e"
    "\x04\x00\xa0\x00\x00\x08\x20\x00\x30\x80\x4d\x46\x42\xa0\x25\xa9\x0a"
    "\x80\x97\x31\x41\x59\x26\x53\x59\x79\x46\xad\x93\x01\x5f\x8e\x04\x00"
    "\xa0\x00\x00\x08\x20\x00\x30\x80\x4d\x46\x42\xa0\x25\xa9\x0a\x80\x97"
    "\x31\x41\x59\x26\x53\x59\x79\x46\xad\x93\x01\x5f\x8e\x04\x00\xa0\x00"
    "\x00\x08\x20\x00\x30\x80\x4d\x46\x42\xa0\x25\xa9\x0a\x80\x97\x31\x41"
    "\x59\x26\x53\x59\x79\x46\xad\x93\x01\x5f\x8e\x04\x00\xa0\x00\x00\x08"
    "\x20\x00\x30\x80\x4d\x46\x42\xa0\x25\xa9\x0a\x80\x97\x31\x41\x59\x26"
    "\x53\x59\x79\x46\xad\x93\x01\x5f\x8e\x04\x00\xa0\x00\x00\x08\x20\x00"
    "\x30\x80\x4d\x46\x42\xa0\x25\xa9\x0a\x80\x97\x31\x41\x59\x26\x53\x59"
    "\xb9\x15\x37\x9b\x01\x2a\x41\xc4\x00\x80\x04\x20\x00\x00\x08\x20\x00"
    "\x30\xcc\x09\xaa\x69\xd5\x80\x54\x92\xb6\xa0\x15\x24\xaf\x17\x72\x45"
    "\x38\x50\x90\xd8\x08\xdd\x33";

/*
 * AddressSanitizer keeps freed memory in quarantine (256 MiB by default)
 * and pads every block, and runs a few times slower: a sanitized build
 * gets that much more room and time.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_SLACK_KIB (320L * 1024)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_SLACK_KIB (320L * 1024)
#endif
#endif
#ifndef SANITIZER_SLACK_KIB
#define SANITIZER_SLACK_KIB 0L
#define SANITIZER_SLOWDOWN 1.0
#else
#define SANITIZER_SLOWDOWN 6.0
#endif

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_zip_bomb_ratio)
{
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	const struct zmem m[] = {
		{ "Temp Directories/bob_TempDirFiles.txt", 12, bomb_bz2,
		  sizeof(bomb_bz2) - 1, 256u << 20, 0x3ec11a37u },
		{ "Network connections/Arp.txt", 0,
		  (const unsigned char *)arp_txt, sizeof(arp_txt) - 1,
		  sizeof(arp_txt) - 1, 0 },
	};
	struct zmem mm[2];
	struct ipk_tset *s;
	size_t size;
	double t0;

	memcpy(mm, m, sizeof(m));
	mm[1].crc = crc32_of(mm[1].data, mm[1].len);
	snprintf(zip, sizeof(zip), "%s/bomb.zip", dir);
	size = write_zip(zip, mm, 2);
	ck_assert_uint_gt(size, 0);
	ck_assert_uint_lt(size, 1024);
	/* 256 MiB from a 600-byte zip: stopped past 1 MiB (ratio > 1000). */
	t0 = now();
	s = ipk_test_parse(zip, NULL);
	ck_assert_double_lt(now() - t0, 10.0 * SANITIZER_SLOWDOWN);
	ck_assert(ipk_tset_has_diag(s, "|Temp Directories/bob_TempDirFiles.txt|"
	    "0|member inflates more than 1000 times its compressed size "
	    "(CM_MAX_RATIO): a zip bomb? the rest is not read"));
	ck_assert(!ipk_tset_has_diag(s, "CM_MAX_TEXT_MEMBER"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "Temp Directories/bob_TempDirFiles.txt"), "status", "truncated");
	/* The member after the bomb is still read. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert_field(ipk_tset_nth(s, "arp", 1), "ip", "10.0.0.2");
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 2);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_text_too_large)
{
	const char *dir = ipk_test_tmpdir();
	char path[512];
	const size_t big = 70u << 20, line = 64;
	char *buf = malloc(big);
	struct ipk_tset *s;
	const struct ipk_trec *r;
	size_t i;
	FILE *fp;

	/* 70 MiB of listing lines: past CM_MAX_TEXT_MEMBER (64 MiB). */
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i + line <= big; i += line) {
		memset(buf + i, 'x', line - 2);
		buf[i + line - 2] = '\r';
		buf[i + line - 1] = '\n';
	}
	snprintf(path, sizeof(path), "%s/Temp Directories", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/Network connections", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/Temp Directories/bob_TempDirFiles.txt",
	    dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, big, fp), big);
	ck_assert_int_eq(fclose(fp), 0);
	free(buf);
	snprintf(path, sizeof(path), "%s/Network connections/Arp.txt", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	fputs(arp_txt, fp);
	ck_assert_int_eq(fclose(fp), 0);

	s = ipk_test_parse(dir, NULL);
	ck_assert(ipk_tset_has_diag(s, "|Temp Directories/bob_TempDirFiles.txt|"
	    "0|text member larger than 67108864 bytes (CM_MAX_TEXT_MEMBER); "
	    "not parsed"));
	r = ipk_tset_find(s, "member", "path",
	    "Temp Directories/bob_TempDirFiles.txt");
	ck_assert_field(r, "status", "too_large");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ipk_tset_free(s);
	snprintf(path, sizeof(path), "%s/Temp Directories/bob_TempDirFiles.txt",
	    dir);
	unlink(path);
}
END_TEST

START_TEST(test_nested_archive)
{
	const char *dir = ipk_test_tmpdir();
	char inner[256], outer[256];
	const struct ipk_zent in[] = {
		{ "Network connections/Arp.txt", arp_txt, (size_t)-1, 0 },
	};
	struct ipk_zent out[2] = {
		{ "Network connections/Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "Misc/more.zip", NULL, 0, 0 },
	};
	struct ipk_tset *s;
	char *data;
	size_t len;

	snprintf(inner, sizeof(inner), "%s/inner.zip", dir);
	snprintf(outer, sizeof(outer), "%s/outer.zip", dir);
	ck_assert_int_eq(ipk_test_zip(inner, in, 1, NULL, NULL), 0);
	ck_assert_ptr_nonnull(data = ipk_test_slurp(inner, &len));
	out[1].data = data;
	out[1].len = len;
	ck_assert_int_eq(ipk_test_zip(outer, out, 2, NULL, NULL), 0);
	s = ipk_test_parse(outer, NULL);
	/* Listed and hashed with a note; its own ARP table is not read. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 2);
	ck_assert_field(ipk_tset_find(s, "member", "path", "Misc/more.zip"),
	    "status", "binary_not_parsed");
	ck_assert(ipk_tset_has_diag(s, "|Misc/more.zip|0|holds a zip archive; "
	    "nested archives are listed, not opened"));
	ipk_tset_free(s);
	free(data);
}
END_TEST

static int
count_rec(void *user, const struct ipk_record *rec)
{
	unsigned long *n = user;

	if (strcmp(rec->kind, "prefetch_list") == 0)
		n[0]++;
	else
		n[1]++;
	return 0;
}

START_TEST(test_millions_of_rows)
{
	const unsigned long rows = 2000000;
	size_t len = rows * 19, off = 0;
	char *buf = malloc(len + 32);
	struct ipk_package *pkg = NULL;
	struct rusage ru0, ru1;
	unsigned long n[2] = { 0, 0 };
	unsigned long i;
	double t0, dt;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < rows; i++)
		off += (size_t)sprintf(buf + off, "A.EXE-%08lX.pf\r\n", i);
	ck_assert_uint_eq(off, len);
	getrusage(RUSAGE_SELF, &ru0);
	t0 = now();
	ck_assert_int_eq(ipk_package_open_memory(&pkg,
	    "Prefetch files/PrefetchFilesList.txt", buf, len, NULL, NULL), CM_OK);
	ck_assert_int_eq(ipk_package_parse(pkg, count_rec, NULL, n), CM_OK);
	ipk_package_free(&pkg);
	dt = now() - t0;
	getrusage(RUSAGE_SELF, &ru1);
	/* Every row is read, in bounded time and memory (the text is held
	 * twice at most: raw and decoded; records are streamed). */
	printf("millions of rows: %lu rows of %zu bytes in %.2f s, peak RSS "
	    "+%ld KiB\n", n[0], len, dt, ru1.ru_maxrss - ru0.ru_maxrss);
	ck_assert_uint_eq(n[0], rows);
	ck_assert_double_lt(dt, 10.0 * SANITIZER_SLOWDOWN);
	ck_assert_int_lt(ru1.ru_maxrss - ru0.ru_maxrss, 3 * (long)len / 1024 +
	    32768 + SANITIZER_SLACK_KIB);
	free(buf);
}
END_TEST

START_TEST(test_broken_utf16)
{
	/* UTF-16LE with a BOM, then 50000 lone low surrogates, 50000 high
	 * surrogates each followed by a letter, NULs, and an odd last byte. */
	const size_t pairs = 50000;
	size_t len = 2 + 4 * pairs + 4 * pairs + 64, off = 2, i;
	unsigned char *p = malloc(len);
	struct ipk_tset *s;
	const struct ipk_trec *r;

	p[0] = 0xFF;
	p[1] = 0xFE;
	for (i = 0; i < pairs; i++) {
		p[off++] = 0x00; p[off++] = 0xDC;     /* lone low */
		p[off++] = 'a'; p[off++] = 0;
	}
	for (i = 0; i < pairs; i++) {
		p[off++] = 0x00; p[off++] = 0xD8;     /* high, not followed */
		p[off++] = i % 64 == 0 ? '\n' : 'b'; p[off++] = 0;
	}
	p[off++] = 0; p[off++] = 0;                   /* NUL */
	p[off++] = '\n'; p[off++] = 0;
	p[off++] = 'z';                               /* odd last byte */
	s = ipk_test_parse_text("Users and Groups/LocalGroups.txt", p, off,
	    NULL);
	r = ipk_tset_nth(s, "member", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(ipk_trec_get(r, "encoding"), "utf-16le");
	/* 50000 + 50000 surrogates, the NUL and the odd byte; the text is
	 * then nobody's artifact and is listed as such. */
	ck_assert(ipk_tset_has_diag(s, "|0|100002 invalid utf-16le sequence(s) "
	    "replaced by U+FFFD, first at byte 2"));
	ck_assert_field(r, "status", "unrecognized");
	ck_assert_field(r, "size", "400007");
	ipk_tset_free(s);
	free(p);
}
END_TEST

/* --- the CLI writes only its output -------------------------------------- */

/* Appends every path under root (relative) to list, one per line. */
static void
walk(const char *root, const char *rel, char *list, size_t max)
{
	char path[2048];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char sub[1024];
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (strlen(list) + strlen(sub) + 2 < max) {
			strcat(list, sub);
			strcat(list, "\n");
		}
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(root, sub, list, max);
	}
	closedir(d);
}

/* Runs invpkg with args in cwd; returns its exit status. */
static int
run_cli(const char *cwd, char *const argv[])
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(cwd) != 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(test_cli_writes_only_output)
{
	const char *invpkg = getenv("IPK_INVPKG");
	const char *samples = ipk_test_path(ipk_test_builddir(), "samples");
	const char *w = ipk_test_tmpdir();
	static const char *const pkgs[] = {
		"hostile/odd-names.zip", "hostile/truncated.zip",
		"hostile/type-lie.zip", "hostile/long-line.zip",
		"hostile/bad-utf16.zip", "hostile/ragged-csv.zip",
		"compromised-en.zip",
	};
	char cwd[512], out[512], pkg[1024], list[8192], want[2048];
	size_t i;

	ck_assert_ptr_nonnull(invpkg);
	/* The CLI runs in W/a/b: a name "../../evil/Arp.txt" extracted
	 * relative to it would land in W/evil, inside the watched tree. */
	snprintf(cwd, sizeof(cwd), "%s/a", w);
	ck_assert_int_eq(mkdir(cwd, 0700), 0);
	snprintf(cwd, sizeof(cwd), "%s/a/b", w);
	ck_assert_int_eq(mkdir(cwd, 0700), 0);
	snprintf(out, sizeof(out), "%s/out", w);
	ck_assert_int_eq(mkdir(out, 0700), 0);
	for (i = 0; i < sizeof(pkgs) / sizeof(pkgs[0]); i++) {
		char jsonl[600], csvdir[600];
		char *a1[] = { (char *)invpkg, "parse", pkg, "-q", "-o", jsonl,
		    NULL };
		char *a2[] = { (char *)invpkg, "parse", pkg, "-q", "--format",
		    "csv", "-o", csvdir, NULL };
		char *a3[] = { (char *)invpkg, "analyze", pkg, "--format", "json",
		    "-o", jsonl, NULL };
		int rc;

		snprintf(pkg, sizeof(pkg), "%s/%s", samples, pkgs[i]);
		ck_assert_int_eq(access(pkg, R_OK), 0);
		snprintf(jsonl, sizeof(jsonl), "%s/r.jsonl", out);
		snprintf(csvdir, sizeof(csvdir), "%s/csv", out);
		/* parse: done, maybe with warnings (exit 0 or 1); analyze: 0
		 * or 10 + the threat level; never a crash nor a fatal error. */
		rc = run_cli(cwd, a1);
		ck_assert_msg(rc <= 1, "parse %s: exit %d", pkgs[i], rc);
		rc = run_cli(cwd, a2);
		ck_assert_msg(rc <= 1, "parse csv %s: exit %d", pkgs[i], rc);
		rc = run_cli(cwd, a3);
		ck_assert_msg(rc == 0 || (rc > 10 && rc <= 14),
		    "analyze %s: exit %d", pkgs[i], rc);
	}
	/* Only the outputs exist under W: nothing in the working folder,
	 * no "evil" or "abs" folder, no member written anywhere. */
	list[0] = '\0';
	walk(w, "", list, sizeof(list));
	ck_assert_ptr_null(strstr(list, "evil"));
	ck_assert_ptr_null(strstr(list, "abs"));
	ck_assert_ptr_null(strstr(list, "Arp.txt"));
	ck_assert_ptr_nonnull(strstr(list, "out/r.jsonl\n"));
	ck_assert_ptr_nonnull(strstr(list, "out/csv\n"));
	snprintf(want, sizeof(want), "a/b\n");
	ck_assert_ptr_nonnull(strstr(list, want));
	{
		/* Every entry is a/, a/b, out/, out/r.jsonl or out/csv/<kind>.csv */
		char *line, *save = NULL;

		for (line = strtok_r(list, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			int ok = strcmp(line, "a") == 0 ||
			    strcmp(line, "a/b") == 0 ||
			    strcmp(line, "out") == 0 ||
			    strcmp(line, "out/r.jsonl") == 0 ||
			    strcmp(line, "out/csv") == 0 ||
			    (strncmp(line, "out/csv/", 8) == 0 &&
			     strchr(line + 8, '/') == NULL &&
			     strlen(line) > 12 &&
			     strcmp(line + strlen(line) - 4, ".csv") == 0);

			ck_assert_msg(ok, "unexpected file %s", line);
		}
	}
	/* Nor next to the watched tree. */
	snprintf(pkg, sizeof(pkg), "%s/../evil", w);
	ck_assert_int_ne(access(pkg, F_OK), 0);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *size = tcase_create("size");     /* bombs and big inputs */
	TCase *shape = tcase_create("shape");   /* odd content, the CLI */

	tcase_set_timeout(size, 300);
	tcase_add_test(size, test_zip_bomb_ratio);
	tcase_add_test(size, test_text_too_large);
	tcase_add_test(size, test_millions_of_rows);
	suite_add_tcase(s, size);
	tcase_set_timeout(shape, 300);
	tcase_add_test(shape, test_nested_archive);
	tcase_add_test(shape, test_broken_utf16);
	tcase_add_test(shape, test_cli_writes_only_output);
	suite_add_tcase(s, shape);
	return s;
}

IPK_TEST_MAIN(hostile_suite)
