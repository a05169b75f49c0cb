/*
 * test_defender_logs.c - the Defender support files: MpCmdRunLog.txt
 * (UTF-16LE without a byte order mark, as Defender writes it, and UTF-8)
 * and the file table of MPSupportFiles.cab, built here byte by byte, with
 * cabinets whose header lies about offsets, counts and sizes.
 */
#include "ipk_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* UTF-8 (ASCII and U+200E only) to UTF-16LE without a BOM. */
static char *
utf16_nobom(const char *s, size_t *len)
{
	size_t n = strlen(s), i, o = 0;
	unsigned char *p = malloc(2 * n + 2);

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n; i++) {
		unsigned cp = (unsigned char)s[i];

		if (cp == 0xE2 && i + 2 < n) {       /* U+200E LRM */
			cp = ((cp & 0x0F) << 12) | (((unsigned char)s[i + 1] &
			    0x3F) << 6) | ((unsigned char)s[i + 2] & 0x3F);
			i += 2;
		}
		p[o++] = (unsigned char)(cp & 0xFF);
		p[o++] = (unsigned char)(cp >> 8);
	}
	*len = o;
	return (char *)p;
}

#define LRM "\xe2\x80\x8e"

static const char mplog[] =
    "-------------------------------------------------------------------"
    "------------------\r\n"
    "MpCmdRun: Command Line: \"C:\\ProgramData\\Microsoft\\Windows Defender\\"
    "Platform\\4.18.25070.5-0\\MpCmdRun.exe\" -GetFiles\r\n"
    " Start Time: " LRM "Mon " LRM "Sep " LRM "07 " LRM "2026 " LRM
    "22:10:02\r\n"
    "\r\n"
    "MpEnsureProcessMitigationPolicy: hr = 0x1\r\n"
    "Start: MpGetFiles\r\n"
    "2026-09-07T22:10:12.345Z DETECTION_ADD Trojan:Win32/Wacatac.B!ml "
    "file:C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe\r\n"
    "See https://go.microsoft.com/fwlink/?linkid=2000 for help\r\n"
    "Threat Name: HackTool:Win64/Mimikatz.A, severity: High\r\n"
    "End: MpGetFiles\r\n"
    "MpCmdRun: End Time: " LRM "Mon " LRM "Sep " LRM "07 " LRM "2026 " LRM
    "22:10:31\r\n"
    "-------------------------------------------------------------------"
    "------------------\r\n";

START_TEST(test_mpcmdrun_utf16_nobom)
{
	size_t len;
	char *data = utf16_nobom(mplog, &len);
	struct ipk_tset *s = ipk_test_parse_text("WdSupportLogs/MpCmdRunLog.txt",
	    data, len, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 9);
	r = ipk_tset_nth(s, "defender_log", 0);
	ck_assert_field(r, "source", "log");
	ck_assert_ptr_null(ipk_trec_get(r, "time_raw"));
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_nth(s, "defender_log", 1);
	ck_assert_field(r, "text", "Start Time: Mon Sep 07 2026 22:10:02");
	ck_assert_field(r, "time_raw", "Mon Sep 07 2026 22:10:02");
	ck_assert_field(r, "time", "2026-09-07T22:10:02");
	/* Lines of the run carry its start time. */
	r = ipk_tset_find(s, "defender_log", "text", "Start: MpGetFiles");
	ck_assert_field(r, "time", "2026-09-07T22:10:02");
	r = ipk_tset_find(s, "defender_log", "threat",
	    "Trojan:Win32/Wacatac.B!ml");
	ck_assert_field(r, "time_raw", "2026-09-07T22:10:12.345Z");
	ck_assert_field(r, "time", "2026-09-07T22:10:12Z");
	ck_assert_field(r, "text", "DETECTION_ADD Trojan:Win32/Wacatac.B!ml "
	    "file:C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe");
	r = ipk_tset_find(s, "defender_log", "threat", "HackTool:Win64/Mimikatz.A");
	ck_assert_field(r, "text", "Threat Name: HackTool:Win64/Mimikatz.A, "
	    "severity: High");
	r = ipk_tset_find(s, "defender_log", "text", "See https://go.microsoft."
	    "com/fwlink/?linkid=2000 for help");
	ck_assert_ptr_null(ipk_trec_get(r, "threat"));
	r = ipk_tset_nth(s, "defender_log", 8);
	ck_assert_field(r, "time", "2026-09-07T22:10:31");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "defender_log"),
	    "encoding", "utf-16le");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "defender_log"),
	    "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_mpcmdrun_utf8_content)
{
	static const char missing[] = "'MpCmdRun.exe' is not recognized as an "
	    "internal or external command,\r\noperable program or batch "
	    "file.\r\n";
	static const char missing_fr[] = "'MpCmdRun.exe' n\xe2\x80\x99" "est pas "
	    "reconnu en tant que commande interne\r\nou externe, un programme "
	    "ex\xc3\xa9" "cutable ou un fichier de commandes.\r\n";
	static const char missing_ja[] = "'MpCmdRun.exe' は、内部コマンドまたは"
	    "外部コマンド、\r\n操作可能なプログラムまたはバッチ ファイルとして"
	    "認識されていません。\r\n";
	/* By content under another name; other text is not claimed. */
	struct ipk_tset *s = ipk_test_parse_text("logs/run.log", mplog,
	    sizeof(mplog) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 9);
	ipk_tset_free(s);
	s = ipk_test_parse_text("notes.txt", "Just some notes\r\nabout "
	    "MpCmdRun\r\n", 33, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ipk_tset_free(s);
	/* Defender missing: cmd's error text is a gap. */
	s = ipk_test_parse_text("WdSupportLogs/MpCmdRunLog.txt", missing,
	    sizeof(missing) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "status", "not_collected");
	ipk_tset_free(s);
	s = ipk_test_parse_text("WdSupportLogs/MpCmdRunLog.txt", missing_fr,
	    sizeof(missing_fr) - 1, NULL);
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "artifact", "defender_logs");
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ipk_tset_free(s);
	s = ipk_test_parse_text("WdSupportLogs/MpCmdRunLog.txt", missing_ja,
	    sizeof(missing_ja) - 1, NULL);
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "status", "not_collected");
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* cabinets                                                               */

struct bb {
	unsigned char p[8192];
	size_t n;
};

static void
b8(struct bb *b, unsigned v)
{
	b->p[b->n++] = (unsigned char)v;
}

static void
b16(struct bb *b, unsigned v)
{
	b8(b, v & 0xFF);
	b8(b, (v >> 8) & 0xFF);
}

static void
b32(struct bb *b, uint32_t v)
{
	b16(b, v & 0xFFFF);
	b16(b, v >> 16);
}

static void
bstr(struct bb *b, const char *s)
{
	size_t k = strlen(s) + 1;

	memcpy(b->p + b->n, s, k);
	b->n += k;
}

static void
put32(struct bb *b, size_t at, uint32_t v)
{
	b->p[at] = (unsigned char)v;
	b->p[at + 1] = (unsigned char)(v >> 8);
	b->p[at + 2] = (unsigned char)(v >> 16);
	b->p[at + 3] = (unsigned char)(v >> 24);
}

#define DOS_DATE ((46u << 9) | (9u << 5) | 7u)       /* 2026-09-07 */
#define DOS_TIME ((22u << 11) | (10u << 5) | 1u)     /* 22:10:02 */

/*
 * A cabinet as makecab writes it: header, one CFFOLDER, the CFFILE table,
 * then one CFDATA block (its content does not matter here).  reserve adds
 * a reserved area of 20 bytes.
 */
static void
make_cab(struct bb *b, int reserve)
{
	size_t coff_at;

	memset(b, 0, sizeof(*b));
	bstr(b, "MSCF");
	b->n--;                   /* no NUL after the signature */
	b32(b, 0);                /* reserved1 */
	b32(b, 0);                /* cbCabinet, set below */
	b32(b, 0);                /* reserved2 */
	coff_at = b->n;
	b32(b, 0);                /* coffFiles, set below */
	b32(b, 0);                /* reserved3 */
	b8(b, 3);                 /* versionMinor */
	b8(b, 1);                 /* versionMajor */
	b16(b, 1);                /* cFolders */
	b16(b, 4);                /* cFiles */
	b16(b, reserve ? 4 : 0);  /* flags */
	b16(b, 0x1234);           /* setID */
	b16(b, 0);                /* iCabinet */
	if (reserve) {
		b16(b, 20);       /* cbCFHeader */
		b8(b, 0);         /* cbCFFolder */
		b8(b, 0);         /* cbCFData */
		b->n += 20;
	}
	b32(b, 0);                /* CFFOLDER: coffCabStart (not followed) */
	b16(b, 1);                /* cCFData */
	b16(b, 1);                /* typeCompress: MSZIP */
	put32(b, coff_at, (uint32_t)b->n);
	b32(b, 1048576);          /* MPLog */
	b32(b, 0);
	b16(b, 0);
	b16(b, DOS_DATE);
	b16(b, DOS_TIME);
	b16(b, 0x20);
	bstr(b, "MPLog-20260907-221002.log");
	b32(b, 4096);             /* MPDetection */
	b32(b, 1048576);
	b16(b, 0);
	b16(b, DOS_DATE);
	b16(b, DOS_TIME);
	b16(b, 0x20);
	bstr(b, "MPDetection-20260907-221002.log");
	b32(b, 65000);            /* MPRegistry, continued from a previous cab */
	b32(b, 1052672);
	b16(b, 0xFFFD);
	b16(b, DOS_DATE);
	b16(b, DOS_TIME);
	b16(b, 0x20);
	bstr(b, "MPRegistry.txt");
	b32(b, 12);               /* a UTF-8 name */
	b32(b, 1117672);
	b16(b, 0);
	b16(b, DOS_DATE);
	b16(b, 0);
	b16(b, 0x20 | 0x80);
	bstr(b, "Support\\r\xc3\xa9sum\xc3\xa9.txt");
	b32(b, 0);                /* CFDATA: checksum */
	b16(b, 8);
	b16(b, 8);
	memcpy(b->p + b->n, "CK\x03\x00\x00\x00\x00\x00", 8);
	b->n += 8;
	put32(b, 8, (uint32_t)b->n);
}

START_TEST(test_cab_file_table)
{
	struct bb b;
	struct ipk_tset *s;
	const struct ipk_trec *r;
	int reserve;

	for (reserve = 0; reserve <= 1; reserve++) {
		make_cab(&b, reserve);
		s = ipk_test_parse_text("WdSupportLogs/MPSupportFiles.cab", b.p,
		    b.n, NULL);
		ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 4);
		r = ipk_tset_find(s, "defender_log", "cab_member",
		    "MPLog-20260907-221002.log");
		ck_assert_field(r, "source", "cab");
		ck_assert_field(r, "size", "1048576");
		ck_assert_field(r, "modified", "2026-09-07T22:10:02");
		ck_assert_uint_eq(r->line, 1);
		r = ipk_tset_find(s, "defender_log", "cab_member",
		    "MPDetection-20260907-221002.log");
		ck_assert_field(r, "size", "4096");
		ck_assert_ptr_nonnull(ipk_tset_find(s, "defender_log",
		    "cab_member", "MPRegistry.txt"));
		r = ipk_tset_find(s, "defender_log", "cab_member",
		    "Support\\r\xc3\xa9sum\xc3\xa9.txt");
		ck_assert_field(r, "modified", "2026-09-07T00:00:00");
		r = ipk_tset_find(s, "member", "artifact", "defender_log");
		ck_assert_field(r, "status", "ok");
		ck_assert_field(r, "records", "4");
		ck_assert_int_eq(s->rc, CM_OK);
		ipk_tset_free(s);
	}
	/* Any name: the MSCF signature decides. */
	make_cab(&b, 0);
	s = ipk_test_parse_text("upload/blob.bin", b.p, b.n, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 4);
	ipk_tset_free(s);
}
END_TEST

/* Parses a damaged cabinet: it fails cleanly with a message. */
static struct ipk_tset *
parse_cab(const struct bb *b)
{
	return ipk_test_parse_text("WdSupportLogs/MPSupportFiles.cab", b->p,
	    b->n, NULL);
}

START_TEST(test_cab_hostile)
{
	struct bb b;
	struct ipk_tset *s;
	size_t cut, i;

	/* The file table lies past the cabinet's end. */
	make_cab(&b, 0);
	put32(&b, 16, 0x7FFFFFF0u);
	s = parse_cab(&b);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ck_assert(ipk_tset_has_diag(s, "cabinet header lies: file table at "
	    "2147483632"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "WdSupportLogs/MPSupportFiles.cab"), "status", "failed");
	ipk_tset_free(s);

	/* 65535 folders cannot fit before the file table. */
	make_cab(&b, 0);
	b.p[26] = 0xFF;
	b.p[27] = 0xFF;
	s = parse_cab(&b);
	ck_assert(ipk_tset_has_diag(s, "65535 folders do not fit"));
	ipk_tset_free(s);

	/* The reserved area claims more than there is. */
	make_cab(&b, 1);
	b.p[36] = 0xFF;
	b.p[37] = 0xFF;
	s = parse_cab(&b);
	ck_assert(ipk_tset_has_diag(s, "reserved area runs past"));
	ipk_tset_free(s);

	/* 40000 files claimed, 4 present: the 4 are read, then a failure. */
	make_cab(&b, 0);
	b.p[28] = 0x40;
	b.p[29] = 0x9C;
	put32(&b, 8, 0x7FFFFFF0u);
	s = parse_cab(&b);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 4);
	ck_assert(ipk_tset_has_diag(s, "name unterminated or truncated") ||
	    ipk_tset_has_diag(s, "cabinet truncated in file entry"));
	ipk_tset_free(s);

	/* A folder index out of range skips that entry only. */
	make_cab(&b, 0);
	{
		size_t coff = (size_t)b.p[16] | ((size_t)b.p[17] << 8);

		b.p[coff + 8] = 7;
	}
	s = parse_cab(&b);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 3);
	ck_assert(ipk_tset_has_diag(s, "|1|file entry 1 names folder 7 of 1; "
	    "skipped"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);

	/* A name that never ends. */
	make_cab(&b, 0);
	{
		size_t coff = (size_t)b.p[16] | ((size_t)b.p[17] << 8);

		memset(b.p + coff + 16, 'A', 300);
		b.n = coff + 16 + 300;
		put32(&b, 8, (uint32_t)b.n);
	}
	s = parse_cab(&b);
	ck_assert_uint_eq(ipk_tset_count(s, "defender_log"), 0);
	ck_assert(ipk_tset_has_diag(s, "file entry 1: name unterminated"));
	ipk_tset_free(s);

	/* Every truncation of a good cabinet, and flipped bytes: no crash. */
	make_cab(&b, 0);
	for (cut = 0; cut < b.n; cut += 13) {
		struct bb t = b;

		t.n = cut;
		s = parse_cab(&t);
		ck_assert(ipk_tset_count(s, "defender_log") <= 4);
		ipk_tset_free(s);
	}
	srand(7);
	for (i = 0; i < 30; i++) {
		struct bb t = b;
		int k;

		for (k = 0; k < 4; k++)
			t.p[4 + (size_t)rand() % (t.n - 4)] = (unsigned char)rand();
		s = parse_cab(&t);
		ck_assert(ipk_tset_count(s, "defender_log") <= 4);
		ipk_tset_free(s);
	}
}
END_TEST

static Suite *
defender_logs_suite(void)
{
	Suite *s = suite_create("defender_logs");
	TCase *tc = tcase_create("defender_logs");

	tcase_add_test(tc, test_mpcmdrun_utf16_nobom);
	tcase_add_test(tc, test_mpcmdrun_utf8_content);
	tcase_add_test(tc, test_cab_file_table);
	tcase_add_test(tc, test_cab_hostile);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(defender_logs_suite)
