/*
 * test_prefetch.c - the Prefetch parser (parsers/prefetch.c).
 *
 * Exact values for one fixture of each version (17, 23, 26, 30 in MAM
 * form), all verified with libscca's sccainfo 20200717; the uncompressed
 * forms of version 30 (both file information layouts) and version 31,
 * made here from the Windows 10 fixture; damaged files (cut, lying
 * offsets, sizes and counts, bad compressed data) that fail with a message
 * naming the field while the other files of the package are still read; a
 * .pf inside a zip; and `invpkg parse FILE.pf --format jsonl`.
 */
#include "ipk_test.h"
#include "parsers/lzxpress.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define WIN10_CALC "fixtures/prefetch/Win10/CALC.EXE-3FBEF7FD.pf"
#define V30_VOL "\\VOLUME{01d1217a9c4c6779-8c9f49ec}"

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

static unsigned char *
fixture(const char *rel, size_t *n)
{
	char *p = ipk_test_slurp(ipk_test_path(ipk_test_shared(), rel), n);

	ck_assert_msg(p != NULL, "fixture %s missing", rel);
	return (unsigned char *)p;
}

/* The uncompressed Prefetch file inside a "MAM\x04" file. */
static unsigned char *
unmam(const unsigned char *in, size_t n, size_t *outn)
{
	struct ipk_lzxh_result res;
	unsigned char *out;

	ck_assert_uint_ge(n, 8);
	*outn = le32(in + 4);
	out = malloc(*outn);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(ipk_lzxh_decompress(in + 8, n - 8, out, *outn, &res),
	    IPK_LZXH_OK);
	return out;
}

/*
 * Rewrites a version 30 file of the first layout (metrics at 0x130, run
 * count at 0xD0) into the second (metrics at 0x128, run count at 0xC8):
 * 8 bytes less in the file information, every file offset moved by 8.
 */
static unsigned char *
to_variant2(const unsigned char *v1, size_t n, size_t *outn)
{
	unsigned char *v2 = malloc(n), *fi;
	size_t m;

	ck_assert_ptr_nonnull(v2);
	ck_assert_uint_eq(le32(v1 + 84), 0x130);
	memcpy(v2, v1, 84 + 116);               /* header .. last run times */
	memcpy(v2 + 84 + 116, v1 + 84 + 124, 96); /* run count .. end */
	m = 0x128;
	memcpy(v2 + m, v1 + 0x130, n - 0x130);
	m += n - 0x130;
	put32(v2 + 12, (uint32_t)m);
	fi = v2 + 84;
	put32(fi, 0x128);
	put32(fi + 8, le32(fi + 8) - 8);
	put32(fi + 16, le32(fi + 16) - 8);
	put32(fi + 24, le32(fi + 24) - 8);
	*outn = m;
	return v2;
}

/*
 * "MAM\x04" + size + LZXPRESS Huffman data holding only literals: every
 * symbol has a 9-bit code (table bytes 0x99), so the code of a byte is
 * the byte itself, 9 bits, MSB first in 16-bit little-endian words.
 */
static unsigned char *
mam_literals(const unsigned char *data, size_t n, size_t *outn)
{
	size_t cap = 8 + n * 2 + 1024, o = 8, i;
	unsigned char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	memcpy(out, "MAM\x04", 4);
	put32(out + 4, (uint32_t)n);
	for (i = 0; i < n; i += 65536) {
		size_t m = n - i < 65536 ? n - i : 65536, nbits = 9 * m, k;
		size_t words = (nbits + 15) / 16 + 1;

		memset(out + o, 0x99, 256);
		o += 256;
		for (k = 0; k < words * 16; k += 16) {
			unsigned v = 0, b;

			for (b = 0; b < 16; b++) {
				size_t bit = k + b;

				/* Bit j of byte c's code is bit 8 - j of c. */
				v = v << 1 | (bit < nbits ?
				    (unsigned)(data[i + bit / 9] >> (8 - bit % 9) &
				    1) : 0);
			}
			out[o++] = (unsigned char)v;
			out[o++] = (unsigned char)(v >> 8);
		}
	}
	ck_assert_uint_le(o, cap);
	*outn = o;
	return out;
}

/* Lines of a list value (items joined by '\n'). */
static size_t
nitems(const char *v)
{
	size_t k = 1;

	if (v == NULL || *v == '\0')
		return 0;
	for (; *v != '\0'; v++)
		if (*v == '\n')
			k++;
	return k;
}

/* The i-th item of a list value, in a static buffer. */
static const char *
item(const char *v, size_t i)
{
	static char buf[1024];
	const char *e;

	ck_assert_ptr_nonnull(v);
	while (i-- > 0) {
		v = strchr(v, '\n');
		ck_assert_ptr_nonnull(v);
		v++;
	}
	e = strchr(v, '\n');
	if (e == NULL)
		e = v + strlen(v);
	ck_assert_uint_lt((size_t)(e - v), sizeof(buf));
	memcpy(buf, v, (size_t)(e - v));
	buf[e - v] = '\0';
	return buf;
}

static struct ipk_tset *
parse_bytes(const char *name, const void *data, size_t n)
{
	return ipk_test_parse_text(name, data, n, NULL);
}

/* Writes data as dir/name. */
static void
write_file(const char *dir, const char *name, const void *data, size_t n)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

static void
remove_dir(const char *dir)
{
	char cmd[1100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The values of Win10/CALC.EXE-3FBEF7FD.pf (sccainfo), at any version. */
static void
check_win10_calc(const struct ipk_trec *r, const char *version,
    const char *run_count)
{
	const char *files = ipk_trec_get(r, "files");

	ck_assert_field(r, "executable", "CALC.EXE");
	ck_assert_field(r, "prefetch_hash", "3FBEF7FD");
	ck_assert_field(r, "version", version);
	ck_assert_field(r, "run_count", run_count);
	ck_assert_field(r, "last_run",
	    "2016-01-11T22:08:20.9853304Z\n2016-01-10T02:12:33.8095417Z");
	ck_assert_field(r, "volumes", V30_VOL);
	ck_assert_field(r, "volume_serials", "8C9F49EC");
	ck_assert_field(r, "volume_created", "2015-11-17T20:57:46.2434681Z");
	ck_assert_field(r, "path", V30_VOL "\\WINDOWS\\SYSTEM32\\CALC.EXE");
	ck_assert_uint_eq(nitems(files), 63);
	ck_assert_str_eq(item(files, 0),
	    V30_VOL "\\WINDOWS\\SYSTEM32\\NTDLL.DLL");
	ck_assert_str_eq(item(files, 1),
	    V30_VOL "\\WINDOWS\\SYSTEM32\\CALC.EXE");
	ck_assert_str_eq(item(files, 41), V30_VOL "\\WINDOWS\\WINSXS\\"
	    "AMD64_MICROSOFT.WINDOWS.COMMON-CONTROLS_6595B64144CCF1DF_"
	    "6.0.10586.0_NONE_8C15AE12515E1C22\\COMCTL32.DLL");
	ck_assert_str_eq(item(files, 62), V30_VOL "\\$MFT");
}

/* --- one fixture per version ---------------------------------------------- */

START_TEST(test_pf_v17)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/XPPro/CALC.EXE-02CD573A.pf"), NULL);
	const struct ipk_trec *r = ipk_tset_nth(s, "prefetch", 0);
	const char *files;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 1);
	/* A lone file: no member record. */
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 0);
	ck_assert_str_eq(r->member, "CALC.EXE-02CD573A.pf");
	ck_assert_uint_eq(r->line, 1);
	ck_assert_field(r, "executable", "CALC.EXE");
	ck_assert_field(r, "prefetch_hash", "02CD573A");
	ck_assert_field(r, "version", "17");
	ck_assert_field(r, "run_count", "3");
	ck_assert_field(r, "last_run", "2016-01-13T22:05:51.2812500Z");
	ck_assert_field(r, "volumes", "\\DEVICE\\HARDDISKVOLUME1");
	ck_assert_field(r, "volume_serials", "E0F7E847");
	ck_assert_field(r, "volume_created", "2016-01-13T11:17:18.7187500Z");
	ck_assert_field(r, "path",
	    "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\CALC.EXE");
	files = ipk_trec_get(r, "files");
	ck_assert_uint_eq(nitems(files), 30);
	ck_assert_str_eq(item(files, 0),
	    "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\NTDLL.DLL");
	ck_assert_str_eq(item(files, 13),
	    "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\CALC.EXE");
	ck_assert_str_eq(item(files, 29),
	    "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\WIN32K.SYS");
	ipk_tset_free(s);
}
END_TEST

/* Version 23 with five volumes (a volume and four shadow copies). */
START_TEST(test_pf_v23)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/Win7/WUAUCLT.EXE-830BCC14.pf"), NULL);
	const struct ipk_trec *r = ipk_tset_nth(s, "prefetch", 0);
	const char *files;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_field(r, "executable", "WUAUCLT.EXE");
	ck_assert_field(r, "prefetch_hash", "830BCC14");
	ck_assert_field(r, "version", "23");
	ck_assert_field(r, "run_count", "25");
	ck_assert_field(r, "last_run", "2012-03-15T21:17:39.8079963Z");
	ck_assert_field(r, "volumes", "\\DEVICE\\HARDDISKVOLUME1\n"
	    "\\DEVICE\\HARDDISKVOLUMESHADOWCOPY2\n"
	    "\\DEVICE\\HARDDISKVOLUMESHADOWCOPY4\n"
	    "\\DEVICE\\HARDDISKVOLUMESHADOWCOPY7\n"
	    "\\DEVICE\\HARDDISKVOLUMESHADOWCOPY8");
	ck_assert_field(r, "volume_serials",
	    "AC036525\nAC036525\nAC036525\nAC036525\nAC036525");
	ck_assert_str_eq(item(ipk_trec_get(r, "volume_created"), 4),
	    "2010-11-10T17:37:26.4843750Z");
	ck_assert_field(r, "path",
	    "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\WUAUCLT.EXE");
	files = ipk_trec_get(r, "files");
	ck_assert_uint_eq(nitems(files), 103);
	ck_assert_str_eq(item(files, 102), "\\DEVICE\\HARDDISKVOLUME1\\WINDOWS"
	    "\\WINSXS\\MANIFESTCACHE\\A786A517E28D5687_BLOBS.BIN");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_pf_v26)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/Win8x/CALC.EXE-77FDF17F.pf"), NULL);
	const struct ipk_trec *r = ipk_tset_nth(s, "prefetch", 0);
	const char *files;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_field(r, "executable", "CALC.EXE");
	ck_assert_field(r, "prefetch_hash", "77FDF17F");
	ck_assert_field(r, "version", "26");
	ck_assert_field(r, "run_count", "2");
	ck_assert_field(r, "last_run",
	    "2016-01-16T21:10:26.0583417Z\n2016-01-16T21:09:41.6609313Z");
	ck_assert_field(r, "volumes", "\\DEVICE\\HARDDISKVOLUME2");
	ck_assert_field(r, "volume_serials", "C6EE7444");
	ck_assert_field(r, "volume_created", "2016-01-16T22:04:54.3519546Z");
	files = ipk_trec_get(r, "files");
	ck_assert_uint_eq(nitems(files), 37);
	ck_assert_str_eq(item(files, 36),
	    "\\DEVICE\\HARDDISKVOLUME2\\WINDOWS\\SYSTEM32\\SHCORE.DLL");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_pf_v30_mam)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    WIN10_CALC), NULL);

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 1);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "30", "2");
	ck_assert_uint_eq(s->ndiags, 0);
	ipk_tset_free(s);
}
END_TEST

/*
 * Eight last run times, which this file holds slightly out of order
 * (slots 3/4 and 5/6): the list is newest first.  Two volumes.
 */
START_TEST(test_pf_v30_eight_runs)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/Win10/CMD.EXE-D269B812.pf"), NULL);
	const struct ipk_trec *r = ipk_tset_nth(s, "prefetch", 0);

	ck_assert_field(r, "run_count", "55");
	ck_assert_field(r, "last_run",
	    "2016-01-12T20:07:03.9810694Z\n2016-01-10T02:29:02.7887265Z\n"
	    "2016-01-04T23:27:28.7268912Z\n2016-01-04T23:27:28.4058698Z\n"
	    "2016-01-04T18:38:11.3441634Z\n2016-01-04T18:38:10.9356554Z\n"
	    "2015-12-31T21:42:29.6670183Z\n2015-12-17T22:34:21.5798615Z");
	ck_assert_field(r, "volumes",
	    "\\VOLUME{01d12173f395296c-66f451bc}\n" V30_VOL);
	ck_assert_field(r, "volume_serials", "66F451BC\n8C9F49EC");
	ck_assert_field(r, "volume_created",
	    "2015-11-17T20:10:06.2049644Z\n2015-11-17T20:57:46.2434681Z");
	ck_assert_uint_eq(nitems(ipk_trec_get(r, "files")), 62);
	ipk_tset_free(s);
}
END_TEST

/* The uncompressed forms: version 30 in both layouts, and version 31. */
START_TEST(test_pf_v30_v31_uncompressed)
{
	size_t n, un, v2n, mn;
	unsigned char *mam = fixture(WIN10_CALC, &n), *u, *v2, *m;
	struct ipk_tset *s;

	u = unmam(mam, n, &un);
	ck_assert_uint_eq(un, 0xBAE8);
	s = parse_bytes("Prefetch/CALC.EXE-3FBEF7FD.pf", u, un);
	ck_assert_int_eq(s->rc, CM_OK);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "30", "2");
	ck_assert_field(ipk_tset_nth(s, "member", 0), "status", "ok");
	ipk_tset_free(s);

	/* Layout 2: the run count at 0xC8; 77 proves that offset is read. */
	v2 = to_variant2(u, un, &v2n);
	put32(v2 + 84 + 116, 77);
	ck_assert_uint_eq(le32(v2 + 84 + 124), 0);
	s = parse_bytes("CALC.EXE-3FBEF7FD.pf", v2, v2n);
	ck_assert_int_eq(s->rc, CM_OK);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "30", "77");
	ipk_tset_free(s);

	/* Version 31 (Windows 11 24H2) is laid out as 30, both layouts. */
	put32(u, 31);
	s = parse_bytes("CALC.EXE-3FBEF7FD.pf", u, un);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "31", "2");
	ipk_tset_free(s);
	put32(v2, 31);
	s = parse_bytes("CALC.EXE-3FBEF7FD.pf", v2, v2n);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "31", "77");
	ipk_tset_free(s);

	/* ... and compressed again (literals only). */
	m = mam_literals(u, un, &mn);
	s = parse_bytes("CALC.EXE-3FBEF7FD.pf", m, mn);
	ck_assert_int_eq(s->rc, CM_OK);
	check_win10_calc(ipk_tset_nth(s, "prefetch", 0), "31", "2");
	ipk_tset_free(s);
	free(m);
	free(v2);
	free(u);
	free(mam);
}
END_TEST

/* --- damaged files ---------------------------------------------------------- */

/* A damaged copy of the uncompressed Win10 CALC, and what must be said. */
struct damage {
	const char *what;            /* test label */
	size_t cut;                  /* keep this many bytes (0: all) */
	size_t at;                   /* patch a 32-bit value at this offset */
	uint32_t value;              /* ... to this (at == 0: no patch) */
	const char *msg;             /* expected diagnostic (%x: see fmt) */
	int fails;                   /* 1: CM_FAILED, 0: record with warning */
};

/* File information fields of the uncompressed CALC (file offsets). */
#define FI 84
#define STR_OFF (FI + 16)
#define STR_SIZE (FI + 20)
#define VOL_OFF (FI + 24)
#define NVOL (FI + 28)
#define VOL_SIZE (FI + 32)

START_TEST(test_pf_damaged)
{
	size_t n, un, i;
	unsigned char *mam = fixture(WIN10_CALC, &n), *u, *d;
	uint32_t str_off, str_size, vol_off, vol_size;
	char msg[8][256], sub[1024];
	const char *dir;
	struct ipk_tset *s;

	u = unmam(mam, n, &un);
	str_off = le32(u + STR_OFF);
	str_size = le32(u + STR_SIZE);
	vol_off = le32(u + VOL_OFF);
	vol_size = le32(u + VOL_SIZE);
	snprintf(msg[0], 256, "failed|Prefetch/DAMAGED.EXE-3FBEF7FD.pf|0|file "
	    "name string table (0x%x bytes at offset 0x%x) runs past end of "
	    "file (0x%x bytes)", (unsigned)str_size, (unsigned)str_off,
	    (unsigned)(str_off + 10));
	snprintf(msg[1], 256, "file name string table (0xfffffff0 bytes at "
	    "offset 0x%x) runs past end of file (0xbae8 bytes)",
	    (unsigned)str_off);
	snprintf(msg[2], 256, "4294967295 volumes of 96 bytes do not fit in "
	    "the volumes information (0x%x bytes)", (unsigned)vol_size);
	snprintf(msg[3], 256, "warning|Prefetch/DAMAGED.EXE-3FBEF7FD.pf|0|"
	    "volume 1: device path (34 characters at offset 0xfffffff0) "
	    "outside the volumes information (0x%x bytes); volume left out",
	    (unsigned)vol_size);
	snprintf(msg[4], 256, "volume 1: device path (2147483647 characters "
	    "at offset 0x%x) outside the volumes information (0x%x bytes)",
	    (unsigned)le32(u + vol_off), (unsigned)vol_size);
	snprintf(msg[5], 256, "volumes information (0x%x bytes at offset 0x%x) "
	    "runs past end of file (0x%x bytes)", (unsigned)vol_size,
	    (unsigned)vol_off, (unsigned)(vol_off + 100));
	{
		const struct damage cases[] = {
			{ "short", 60, 0, 0, "failed|Prefetch/DAMAGED.EXE-"
			  "3FBEF7FD.pf|0|60 bytes: too short for a Prefetch "
			  "header (84 bytes)", 1 },
			{ "no file information", 200, 0, 0, "file information "
			  "of version 30 (220 bytes at offset 0x54) runs past "
			  "end of file (0xc8 bytes)", 1 },
			{ "cut string table", str_off + 10, 0, 0, msg[0], 1 },
			{ "string table offset", 0, STR_OFF, 0x7FFFFFFF,
			  "file name string table offset 0x7fffffff beyond end "
			  "of file (0xbae8 bytes)", 1 },
			{ "string table size", 0, STR_SIZE, 0xFFFFFFF0, msg[1],
			  1 },
			{ "string table in header", 0, STR_OFF, 0x10,
			  "file name string table offset 0x10 lies inside the "
			  "header (0x130 bytes)", 1 },
			{ "volume count", 0, NVOL, 0xFFFFFFFF, msg[2], 1 },
			{ "volumes offset", 0, VOL_OFF, 0xFFFFFF00,
			  "volumes information offset 0xffffff00 beyond end of "
			  "file (0xbae8 bytes)", 1 },
			{ "cut volumes", vol_off + 100, 0, 0, msg[5], 1 },
			{ "volume path offset", 0, vol_off, 0xFFFFFFF0, msg[3],
			  0 },
			{ "volume path length", 0, vol_off + 4, 0x7FFFFFFF,
			  msg[4], 0 },
			{ "version", 0, 0, 99, "Prefetch format version 99 is "
			  "not supported (17, 23, 26, 30, 31)", 1 },
			{ "signature", 0, 4, 0x42434353, "signature \"SCCB\" at "
			  "offset 4 is not \"SCCA\": not a Prefetch file", 1 },
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const struct damage *c = &cases[i];
			size_t len = c->cut ? c->cut : un;
			const struct ipk_trec *r;

			d = malloc(un);
			ck_assert_ptr_nonnull(d);
			memcpy(d, u, un);
			if (c->at != 0 || c->value != 0)
				put32(d + c->at, c->value);
			/* A package: the damaged file and two good ones. */
			dir = ipk_test_tmpdir();
			snprintf(sub, sizeof(sub), "%s/Prefetch", dir);
			ck_assert_int_eq(mkdir(sub, 0700), 0);
			write_file(sub, "DAMAGED.EXE-3FBEF7FD.pf", d, len);
			write_file(sub, "CALC.EXE-3FBEF7FD.pf", mam, n);
			write_file(sub, "UNCOMP.EXE-3FBEF7FD.pf", u, un);
			s = ipk_test_parse(dir, NULL);
			ck_assert_msg(ipk_tset_has_diag(s, c->msg),
			    "%s: no diagnostic '%s' (first: %s)", c->what,
			    c->msg, s->ndiags ? s->diags[0] : "none");
			ck_assert_int_eq(s->rc, CM_WARN);
			r = ipk_tset_find(s, "member", "path",
			    "Prefetch/DAMAGED.EXE-3FBEF7FD.pf");
			ck_assert_field(r, "artifact", "prefetch");
			ck_assert_field(r, "status", c->fails ? "failed" :
			    "partial");
			ck_assert_uint_eq(ipk_tset_count(s, "prefetch"),
			    c->fails ? 2 : 3);
			/* The good files around it are read. */
			ck_assert_field(ipk_tset_find(s, "member", "path",
			    "Prefetch/CALC.EXE-3FBEF7FD.pf"), "status", "ok");
			ck_assert_field(ipk_tset_find(s, "member", "path",
			    "Prefetch/UNCOMP.EXE-3FBEF7FD.pf"), "status", "ok");
			if (!c->fails) {
				size_t k;

				for (k = 0; (r = ipk_tset_nth(s, "prefetch", k)) !=
				    NULL; k++)
					if (strcmp(r->member, "Prefetch/DAMAGED."
					    "EXE-3FBEF7FD.pf") == 0)
						break;
				ck_assert_ptr_nonnull(r);
				ck_assert_field(r, "executable", "CALC.EXE");
				ck_assert_field(r, "run_count", "2");
				/* The damaged volume is left out. */
				ck_assert_uint_eq(nitems(ipk_trec_get(r,
				    "volumes")), 0);
				ck_assert_uint_eq(nitems(ipk_trec_get(r,
				    "volume_serials")), 0);
				ck_assert_uint_eq(nitems(ipk_trec_get(r, "files")),
				    63);
			}
			ipk_tset_free(s);
			remove_dir(dir);
			free(d);
		}
	}
	free(u);
	free(mam);
}
END_TEST

/* Damage that is reported while the record is still emitted. */
START_TEST(test_pf_noted)
{
	size_t n, un;
	unsigned char *mam = fixture(WIN10_CALC, &n), *u;
	struct ipk_tset *s;
	const struct ipk_trec *r;
	const char *files;

	u = unmam(mam, n, &un);
	/* A lying file size field. */
	put32(u + 12, 1);
	/* The newest last run time past year 9999. */
	memset(u + FI + 44, 0xFF, 8);
	s = parse_bytes("Prefetch/CALC.EXE-3FBEF7FD.pf", u, un);
	ck_assert(ipk_tset_has_diag(s, "header gives a file size of 1 bytes, "
	    "the file has 47848"));
	ck_assert(ipk_tset_has_diag(s, "last run time 1 (FILETIME "
	    "0xffffffffffffffff) is out of range; left out"));
	r = ipk_tset_nth(s, "prefetch", 0);
	ck_assert_field(r, "last_run", "2016-01-10T02:12:33.8095417Z");
	ipk_tset_free(s);

	/* A string table cut 10 bytes short: "\$MFT" loses NUL and "$MFT". */
	put32(u + STR_SIZE, le32(u + STR_SIZE) - 10);
	/* A file name that disagrees with the header's hash. */
	s = parse_bytes("Prefetch/CALC.EXE-12345678.pf", u, un);
	ck_assert(ipk_tset_has_diag(s, "file name gives prefetch hash 12345678 "
	    "but the header holds 3FBEF7FD"));
	r = ipk_tset_nth(s, "prefetch", 0);
	files = ipk_trec_get(r, "files");
	ck_assert_uint_eq(nitems(files), 63);
	ck_assert_str_eq(item(files, 62), V30_VOL "\\");
	ipk_tset_free(s);
	free(u);
	free(mam);
}
END_TEST

/* Damaged "MAM\x04" files. */
START_TEST(test_pf_bad_mam)
{
	size_t n, i;
	unsigned char *mam = fixture(WIN10_CALC, &n), *d;
	struct ipk_tset *s;
	static const struct {
		const char *what;
		size_t cut;          /* keep this many bytes (0: all) */
		int patch;           /* 1: size field, 2: byte 3, 3: zero table */
		uint32_t value;
		const char *msg;
	} cases[] = {
		{ "header cut", 6, 0, 0, "compressed Prefetch header cut short: "
		  "6 bytes, need 8" },
		{ "huge size", 0, 1, 0xFFFFFFFF, "MAM header declares 4294967295 "
		  "uncompressed bytes, more than CM_MAX_SMALL_BINARY (16777216)" },
		{ "tiny size", 0, 1, 10, "MAM header declares 10 uncompressed "
		  "bytes, fewer than a Prefetch header (84)" },
		{ "format", 0, 2, 0x03, "MAM compression format 0x03 is not "
		  "supported (only 0x04, LZXPRESS Huffman)" },
		{ "zero table", 0, 3, 0, "compressed data damaged: bad Huffman "
		  "table (code lengths form no prefix code) (at file offset "
		  "0x8, block 0, 0 of 47848 bytes decompressed)" },
		{ "cut data", 3000, 0, 0, "compressed data damaged: compressed "
		  "data ends before the declared size (at file offset 0x" },
	};

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d = malloc(n);
		ck_assert_ptr_nonnull(d);
		memcpy(d, mam, n);
		if (cases[i].patch == 1)
			put32(d + 4, cases[i].value);
		else if (cases[i].patch == 2)
			d[3] = (unsigned char)cases[i].value;
		else if (cases[i].patch == 3)
			memset(d + 8, 0, 256);
		s = parse_bytes("Prefetch/CALC.EXE-3FBEF7FD.pf", d,
		    cases[i].cut ? cases[i].cut : n);
		ck_assert_msg(ipk_tset_has_diag(s, cases[i].msg),
		    "%s: no '%s' (first: %s)", cases[i].what, cases[i].msg,
		    s->ndiags ? s->diags[0] : "none");
		ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 0);
		ck_assert_field(ipk_tset_nth(s, "member", 0), "status",
		    "failed");
		ck_assert_field(ipk_tset_nth(s, "member", 0), "artifact",
		    "prefetch");
		ipk_tset_free(s);
		free(d);
	}
	free(mam);
}
END_TEST

/* Every prefix of the compressed and the uncompressed file: no crash. */
START_TEST(test_pf_every_cut)
{
	size_t n, un, cut;
	unsigned char *mam = fixture(WIN10_CALC, &n), *u;
	struct ipk_tset *s;

	u = unmam(mam, n, &un);
	for (cut = 8; cut < n; cut += 211) {
		s = parse_bytes("CALC.EXE-3FBEF7FD.pf", mam, cut);
		ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 0);
		ck_assert_field(ipk_tset_nth(s, "member", 0), "status",
		    "failed");
		ipk_tset_free(s);
	}
	for (cut = 84; cut < un; cut += 1009) {
		s = parse_bytes("CALC.EXE-3FBEF7FD.pf", u, cut);
		/* Cut inside the tables: failed; after them: a record. */
		ck_assert(ipk_tset_count(s, "prefetch") == 1 ||
		    strcmp(ipk_trec_get(ipk_tset_nth(s, "member", 0),
		    "status"), "failed") == 0);
		ipk_tset_free(s);
	}
	free(u);
	free(mam);
}
END_TEST

/* The Bad fixture: "SDCA", 13 bytes. */
START_TEST(test_pf_bad_fixture)
{
	size_t n;
	unsigned char *bad = fixture("fixtures/prefetch/Bad/notAPrefetch.pf",
	    &n);
	struct ipk_tset *s = parse_bytes("Prefetch/notAPrefetch.pf", bad, n);

	ck_assert(ipk_tset_has_diag(s, "failed|Prefetch/notAPrefetch.pf|0|"
	    "signature \"SDCA\" at offset 4 is not \"SCCA\": not a Prefetch "
	    "file"));
	ck_assert_field(ipk_tset_nth(s, "member", 0), "status", "failed");
	ck_assert_field(ipk_tset_nth(s, "member", 0), "size", "13");
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 0);
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	free(bad);
}
END_TEST

/* --- in a zip, and from the command line ---------------------------------- */

START_TEST(test_pf_in_zip)
{
	size_t n10, n17, nbad;
	unsigned char *w10 = fixture(WIN10_CALC, &n10);
	unsigned char *xp = fixture("fixtures/prefetch/XPPro/CMD.EXE-087B4001.pf",
	    &n17);
	unsigned char *bad = fixture("fixtures/prefetch/Bad/notAPrefetch.pf",
	    &nbad);
	struct ipk_zent ents[] = {
		{ "Prefetch files/CALC.EXE-3FBEF7FD.pf", w10, n10, 0 },
		{ "Prefetch files/CMD.EXE-087B4001.pf", xp, n17, 0 },
		{ "Prefetch files/notAPrefetch.pf", bad, nbad, 0 },
	};
	char zip[256];
	const char *dir = ipk_test_tmpdir();
	struct ipk_tset *s;
	const struct ipk_trec *r;

	snprintf(zip, sizeof(zip), "%s/package.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 3, NULL, NULL), 0);
	s = ipk_test_parse(zip, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 2);
	r = ipk_tset_find(s, "prefetch", "prefetch_hash", "3FBEF7FD");
	ck_assert_str_eq(r->member, "Prefetch files/CALC.EXE-3FBEF7FD.pf");
	check_win10_calc(r, "30", "2");
	r = ipk_tset_find(s, "prefetch", "prefetch_hash", "087B4001");
	ck_assert_field(r, "executable", "CMD.EXE");
	ck_assert_field(r, "version", "17");
	r = ipk_tset_find(s, "member", "path",
	    "Prefetch files/CALC.EXE-3FBEF7FD.pf");
	ck_assert_field(r, "status", "ok");
	ck_assert_field(r, "size", "11094");
	ck_assert_field(r, "records", "1");
	r = ipk_tset_find(s, "member", "path", "Prefetch files/notAPrefetch.pf");
	ck_assert_field(r, "status", "failed");
	ck_assert_field(r, "problem", "signature \"SDCA\" at offset 4 is not "
	    "\"SCCA\": not a Prefetch file");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	remove_dir(dir);
	free(w10);
	free(xp);
	free(bad);
}
END_TEST

START_TEST(test_pf_cli)
{
	const char *exe = getenv("IPK_INVPKG");
	char cmd[2048], line[65536];
	const char *want;
	FILE *fp;
	int st;

	ck_assert_ptr_nonnull(exe);
	snprintf(cmd, sizeof(cmd), "'%s' parse '%s' --format jsonl 2>/dev/null",
	    exe, ipk_test_path(ipk_test_shared(), WIN10_CALC));
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_ptr_null(fgets(cmd, sizeof(cmd), fp));   /* one line */
	st = pclose(fp);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	want = "{\"kind\":\"prefetch\",\"member\":"
	    "\"CALC.EXE-3FBEF7FD.pf\",\"line\":1,\"executable\":\"CALC.EXE\","
	    "\"path\":\"\\\\VOLUME{01d1217a9c4c6779-8c9f49ec}\\\\WINDOWS\\\\"
	    "SYSTEM32\\\\CALC.EXE\",\"prefetch_hash\":\"3FBEF7FD\",\"version\":30,"
	    "\"run_count\":2,\"last_run\":[\"2016-01-11T22:08:20.9853304Z\","
	    "\"2016-01-10T02:12:33.8095417Z\"],\"volumes\":[\"\\\\VOLUME{"
	    "01d1217a9c4c6779-8c9f49ec}\"],\"volume_serials\":[\"8C9F49EC\"],"
	    "\"volume_created\":[\"2015-11-17T20:57:46.2434681Z\"],\"files\":["
	    "\"\\\\VOLUME{01d1217a9c4c6779-8c9f49ec}\\\\WINDOWS\\\\SYSTEM32\\\\"
	    "NTDLL.DLL\",";
	ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "got %.600s",
	    line);
	ck_assert(strstr(line, "\"\\\\VOLUME{01d1217a9c4c6779-8c9f49ec}"
	    "\\\\$MFT\"]}") != NULL);

	/* The Bad fixture: exit status 1, the reason on stderr. */
	snprintf(cmd, sizeof(cmd), "'%s' parse '%s' --format jsonl 2>&1 "
	    ">/dev/null", exe, ipk_test_path(ipk_test_shared(),
	    "fixtures/prefetch/Bad/notAPrefetch.pf"));
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	while (fgets(cmd, sizeof(cmd), fp) != NULL)
		;
	st = pclose(fp);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	ck_assert_msg(strstr(line, "failed: ") != NULL && strstr(line,
	    "notAPrefetch.pf: signature \"SDCA\" at offset 4 is not \"SCCA\": "
	    "not a Prefetch file") != NULL, "got %s", line);
}
END_TEST

static Suite *
prefetch_suite(void)
{
	Suite *s = suite_create("prefetch");
	TCase *tc = tcase_create("prefetch");

	tcase_add_test(tc, test_pf_v17);
	tcase_add_test(tc, test_pf_v23);
	tcase_add_test(tc, test_pf_v26);
	tcase_add_test(tc, test_pf_v30_mam);
	tcase_add_test(tc, test_pf_v30_eight_runs);
	tcase_add_test(tc, test_pf_v30_v31_uncompressed);
	tcase_add_test(tc, test_pf_damaged);
	tcase_add_test(tc, test_pf_noted);
	tcase_add_test(tc, test_pf_bad_mam);
	tcase_add_test(tc, test_pf_every_cut);
	tcase_add_test(tc, test_pf_bad_fixture);
	tcase_add_test(tc, test_pf_in_zip);
	tcase_add_test(tc, test_pf_cli);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(prefetch_suite)
