/*
 * test_collection_summary.c - the collection summary in every container
 * it may come in: our collector's CSV, "Forensics Collection Summary.csv"
 * with unknown columns and a preamble, French ';' CSV, Japanese UTF-16LE
 * TSV, HTML and SpreadsheetML 2003 "xls", a real BIFF8 .xls written by
 * xlwt and a real .xlsx written by libxlsxwriter (tests/data/
 * collection_summary, see make_inputs.py there), BIFF8-in-OLE2 files built
 * here record by record (regular and mini streams, SST CONTINUE), and
 * damaged workbooks whose offsets, sizes and chains lie.
 */
#include "ipk_test.h"

#include <archive.h>
#include <archive_entry.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *
enc(const char *s, const char *cs, size_t *len)
{
	size_t inleft = strlen(s), cap = inleft * 4 + 4, outleft = cap - 2;
	char *out = malloc(cap), *in = (char *)s, *o = out;
	iconv_t cd = iconv_open(cs, "UTF-8");

	ck_assert_ptr_nonnull(out);
	ck_assert(cd != (iconv_t)-1);
	if (strcmp(cs, "UTF-16LE") == 0) {
		*o++ = (char)0xFF;
		*o++ = (char)0xFE;
	}
	ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static struct ipk_tset *
parse_as(const char *member, const char *utf8, const char *cs)
{
	size_t len;
	char *data = enc(utf8, cs, &len);
	struct ipk_tset *s = ipk_test_parse_text(member, data, len, NULL);

	free(data);
	return s;
}

/* ---------------------------------------------------------------------- */
/* delimited text                                                         */

START_TEST(test_summary_collector_csv)
{
	static const char csv[] =
	    "DataPoint,Command,StartTimeUtc,EndTimeUtc,Status,ErrorCode,"
	    "OutputFile,Rows,Bytes\r\n"
	    "Processes,\"wmic process get /format:csv\",2026-08-14T19:25:24Z,"
	    "2026-08-14T19:25:26Z,Succeeded,0,Processes\\Processes.csv,212,"
	    "1048576\r\n"
	    "Security event log,\"wevtutil epl Security \"\"Security.evtx\"\"\","
	    "2026-08-14T19:25:27Z,2026-08-14T19:25:35Z,Failed,0x80070005,"
	    "Security Event Log\\Security.evtx,,\r\n";
	struct ipk_tset *s = parse_as("Forensics Collection Summary.csv", csv,
	    "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Processes");
	ck_assert_field(r, "command", "wmic process get /format:csv");
	ck_assert_field(r, "start_time", "2026-08-14T19:25:24Z");
	ck_assert_field(r, "end_time", "2026-08-14T19:25:26Z");
	ck_assert_field(r, "status", "Succeeded");
	ck_assert_field(r, "error_code", "0");
	ck_assert_field(r, "output_file", "Processes\\Processes.csv");
	ck_assert_field(r, "rows", "212");
	ck_assert_field(r, "bytes", "1048576");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Security event log");
	ck_assert_field(r, "command", "wevtutil epl Security \"Security.evtx\"");
	ck_assert_field(r, "error_code", "0x80070005");
	ck_assert_ptr_null(ipk_trec_get(r, "rows"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact",
	    "collection_summary"), "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Unknown header: a preamble with the GUID, extra and repeated columns. */
START_TEST(test_summary_forensics_csv)
{
	static const char csv[] =
	    "Forensics Collection Summary\r\n"
	    "Collection GUID,dc15e549-6a81-45ca-8394-7395aa41de7a\r\n"
	    "\r\n"
	    "Data Point,Command,Timestamp,Result,Machine Name,Duration (ms)\r\n"
	    "Autoruns,reg query,2026-08-14T19:25:24Z,Success,CORP-FIN-03,812,"
	    "extra\r\n"
	    "Data Point,Command,Timestamp,Result,Machine Name,Duration (ms)\r\n"
	    "Prefetch,robocopy,2026-08-14T19:25:30Z,Success,CORP-FIN-03,91\r\n";
	struct ipk_tset *s = parse_as("Forensics Collection Summary.csv", csv,
	    "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 4);
	r = ipk_tset_nth(s, "collection_summary", 0);
	ck_assert_field(r, "preamble", "Forensics Collection Summary");
	r = ipk_tset_nth(s, "collection_summary", 1);
	ck_assert_field(r, "preamble", "Collection GUID | "
	    "dc15e549-6a81-45ca-8394-7395aa41de7a");
	r = ipk_tset_find(s, "collection_summary", "data_point", "Autoruns");
	ck_assert_field(r, "command", "reg query");
	ck_assert_field(r, "start_time", "2026-08-14T19:25:24Z");
	ck_assert_field(r, "status", "Success");
	ck_assert_field(r, "collection_id",
	    "dc15e549-6a81-45ca-8394-7395aa41de7a");
	ck_assert_field(r, "machine_name", "CORP-FIN-03");
	ck_assert_field(r, "duration_ms", "812");
	ck_assert_field(r, "column_7", "extra");
	ck_assert_uint_eq(r->line, 5);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Prefetch");
	ck_assert_field(r, "duration_ms", "91");
	ck_assert_uint_eq(r->line, 7);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_summary_fr_ja_text)
{
	static const char fr[] =
	    "\xef\xbb\xbfPoint de données;Commande;Statut;Code d'erreur;Heure de "
	    "début\r\n"
	    "Réseau;netstat -anob;Terminé;;07/09/2026 22:09\r\n"
	    "Journal de sécurité;wevtutil epl Security;Échec;0x80070070;"
	    "07/09/2026 22:09\r\n";
	static const char ja[] =
	    "データ ポイント\tコマンド\t実行状態\tエラー コード\r\n"
	    "プロセス\twmic process get\t完了\t\r\n"
	    "セキュリティ イベント ログ\twevtutil epl Security\t失敗\t5\r\n";
	struct ipk_tset *s = parse_as("CollectionSummaryReport.xls", fr, "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "error_code", "0x80070070");
	ck_assert_field(r, "data_point", "Journal de s\xc3\xa9" "curit\xc3\xa9");
	ck_assert_field(r, "status", "\xc3\x89" "chec");
	ck_assert_field(r, "start_time", "07/09/2026 22:09");
	ipk_tset_free(s);

	s = parse_as("CollectionSummaryReport.xls", ja, "UTF-16LE");
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "data_point", "プロセス");
	ck_assert_field(r, "command", "wmic process get");
	ck_assert_field(r, "status", "完了");
	ck_assert_ptr_null(ipk_trec_get(r, "error_code"));
	r = ipk_tset_find(s, "collection_summary", "status", "失敗");
	ck_assert_field(r, "error_code", "5");
	ck_assert_field(ipk_tset_find(s, "member", "artifact",
	    "collection_summary"), "encoding", "utf-16le");
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* markup                                                                 */

START_TEST(test_summary_html)
{
	static const char html[] =
	    "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\r\n"
	    "<head><style>td { color: red; }</style>"
	    "<script>var s = '<tr><td>no</td></tr>';</script></head>\r\n"
	    "<body><table border=1>\r\n"
	    "<tr><th>Data point</th><th>Command used</th><th>Execution status"
	    "</th><th>Error code</th></tr>\r\n"
	    "<!-- <tr><td>commented out</td></tr> -->\r\n"
	    "<TR><TD>SMB sessions</TD><TD>net session; reg query HKU\\&lt;SID&gt;"
	    "\\Network /s</TD><TD>Completed</TD><TD></TD></TR>\r\n"
	    "<tr><td>Prefetch\r\n   files</td><td colspan=2>dir&nbsp;/b</td>"
	    "<td>0x00000002</td>\r\n"
	    "<tr><td>Caf&#233; &#x65E5;</td><td><b>bold</b><br>text</td>"
	    "<td>Failed</td><td>1</td></tr>\r\n"
	    "</table></body></html>\r\n";
	struct ipk_tset *s = parse_as("CollectionSummaryReport.xls", html,
	    "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 3);
	r = ipk_tset_find(s, "collection_summary", "data_point", "SMB sessions");
	ck_assert_field(r, "command", "net session; reg query HKU\\<SID>\\Network "
	    "/s");
	ck_assert_field(r, "status", "Completed");
	ck_assert_ptr_null(ipk_trec_get(r, "error_code"));
	ck_assert_uint_eq(r->line, 6);
	/* A row without its </tr>; colspan moves the next cell along. */
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Prefetch files");
	ck_assert_field(r, "command", "dir /b");
	ck_assert_ptr_null(ipk_trec_get(r, "status"));
	ck_assert_field(r, "error_code", "0x00000002");
	r = ipk_tset_find(s, "collection_summary", "status", "Failed");
	ck_assert_field(r, "data_point", "Caf\xc3\xa9 \xe6\x97\xa5");
	ck_assert_field(r, "command", "bold text");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_summary_spreadsheetml)
{
	static const char xml[] =
	    "<?xml version=\"1.0\"?>\r\n"
	    "<?mso-application progid=\"Excel.Sheet\"?>\r\n"
	    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\r\n"
	    " xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\r\n"
	    " <Worksheet ss:Name=\"Summary\">\r\n"
	    "  <Table>\r\n"
	    "   <Row>\r\n"
	    "    <Cell><Data ss:Type=\"String\">DataPoint</Data></Cell>\r\n"
	    "    <Cell><Data ss:Type=\"String\">Command</Data></Cell>\r\n"
	    "    <Cell><Data ss:Type=\"String\">StartTimeUtc</Data></Cell>\r\n"
	    "    <Cell ss:Index=\"5\"><Data ss:Type=\"String\">Status</Data>"
	    "</Cell>\r\n"
	    "   </Row>\r\n"
	    "   <Row>\r\n"
	    "    <Cell><ss:Data ss:Type=\"String\">Services &amp; drivers"
	    "</ss:Data></Cell>\r\n"
	    "    <Cell><Data ss:Type=\"String\"><![CDATA[sc query <all>]]>"
	    "</Data></Cell>\r\n"
	    "    <Cell><Data ss:Type=\"DateTime\">2026-09-07T22:09:29.000</Data>"
	    "</Cell>\r\n"
	    "    <Cell ss:Index=\"5\"><Data ss:Type=\"String\">Succeeded</Data>"
	    "</Cell>\r\n"
	    "   </Row>\r\n"
	    "   <Row><Cell><Data ss:Type=\"String\">Arp</Data></Cell><Cell/>"
	    "<Cell><Data ss:Type=\"Number\">46272.923032407405</Data></Cell>"
	    "</Row>\r\n"
	    "  </Table>\r\n"
	    " </Worksheet>\r\n"
	    " <Worksheet ss:Name=\"Second\"><Table><Row><Cell><Data "
	    "ss:Type=\"String\">not read</Data></Cell></Row></Table></Worksheet>\r\n"
	    "</Workbook>\r\n";
	struct ipk_tset *s = parse_as("CollectionSummaryReport.xls", xml,
	    "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Services & drivers");
	ck_assert_field(r, "command", "sc query <all>");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:29.000");
	ck_assert_field(r, "status", "Succeeded");
	ck_assert_uint_eq(r->line, 13);
	/* An Excel date serial in a time column becomes ISO 8601. */
	r = ipk_tset_find(s, "collection_summary", "data_point", "Arp");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:10");
	ck_assert_ptr_null(ipk_trec_get(r, "command"));
	ck_assert_ptr_null(ipk_tset_find(s, "collection_summary", "data_point",
	    "not read"));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* real workbooks from third-party writers                                */

static struct ipk_tset *
parse_file(const char *rel, const char *member)
{
	size_t len;
	char *data = ipk_test_slurp(ipk_test_path(ipk_test_srcdir(), rel), &len);
	struct ipk_tset *s;

	ck_assert_ptr_nonnull(data);
	s = ipk_test_parse_text(member, data, len, NULL);
	free(data);
	return s;
}

START_TEST(test_summary_xlwt_biff8)
{
	struct ipk_tset *s = parse_file(
	    "tests/data/collection_summary/report-xlwt.xls",
	    "CollectionSummaryReport.xls");
	const struct ipk_trec *r;
	const char *cmd;
	size_t i;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 4);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Autoruns");
	ck_assert_field(r, "command", "reg query <ASEP key>");
	ck_assert_field(r, "status", "Completed");
	ck_assert_ptr_null(ipk_trec_get(r, "error_code"));
	ck_assert_field(r, "start_time", "2026-09-07T22:09:05");
	ck_assert_field(r, "collector_host", "SRV-FR-02");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "R\xc3\xa9seau");
	ck_assert_field(r, "error_code", "0");
	r = ipk_tset_find(s, "collection_summary", "data_point", "プロセス");
	ck_assert_field(r, "error_code", "2147942512");
	ck_assert_field(r, "status", "Failed");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:15");
	/* 3000 'x' then 3000 "日本語", split across CONTINUE records. */
	r = ipk_tset_find(s, "collection_summary", "data_point", "Long");
	ck_assert_field(r, "error_code", "1.5");
	cmd = ipk_trec_get(r, "command");
	ck_assert_ptr_nonnull(cmd);
	ck_assert_uint_eq(strlen(cmd), 3000 + 3000 * 9);
	for (i = 0; i < 3000; i++)
		ck_assert_int_eq(cmd[i], 'x');
	for (i = 0; i < 3000; i++)
		ck_assert(memcmp(cmd + 3000 + 9 * i, "日本語", 9) == 0);
	ck_assert_field(ipk_tset_find(s, "member", "artifact",
	    "collection_summary"), "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_summary_xlsxwriter)
{
	struct ipk_tset *s = parse_file("tests/data/collection_summary/report.xlsx",
	    "CollectionSummaryReport.xls");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Processes");
	ck_assert_field(r, "command", "wmic process get /format:csv");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:15Z");
	ck_assert_field(r, "end_time", "2026-09-07T22:09:17Z");
	ck_assert_field(r, "status", "Succeeded");
	ck_assert_field(r, "error_code", "0");
	ck_assert_field(r, "output_file", "Processes\\Processes.csv");
	ck_assert_field(r, "rows", "212");
	ck_assert_field(r, "bytes", "1048576");
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Services & drivers <all>");
	ck_assert_field(r, "command", "sc query \"x\"");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:31");
	ck_assert_field(r, "status", "\xe5\xa4\xb1\xe6\x95\x97");
	ck_assert_field(r, "error_code", "-2147024891");
	ck_assert_field(r, "rows", "TRUE");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* BIFF8 in OLE2, built here                                              */

struct bb {
	unsigned char *p;
	size_t n, cap;
};

static void
bput(struct bb *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void
b8(struct bb *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	bput(b, &c, 1);
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
set32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void
rec(struct bb *b, unsigned type, const struct bb *d)
{
	b16(b, type);
	b16(b, (unsigned)d->n);
	if (d->n > 0)
		bput(b, d->p, d->n);
}

/* An 8-bit (compressed) XLUnicodeRichExtendedString. */
static void
str8(struct bb *d, const char *s)
{
	b16(d, (unsigned)strlen(s));
	b8(d, 0);
	bput(d, s, strlen(s));
}

static void
cell_hdr(struct bb *d, unsigned row, unsigned col)
{
	b16(d, row);
	b16(d, col);
	b16(d, 15);            /* ixfe */
}

static void
labelsst(struct bb *out, unsigned row, unsigned col, uint32_t k)
{
	struct bb d = { 0 };

	cell_hdr(&d, row, col);
	b32(&d, k);
	rec(out, 0x00FD, &d);
	free(d.p);
}

static void
number(struct bb *out, unsigned row, unsigned col, double v)
{
	struct bb d = { 0 };
	uint64_t u;
	int i;

	memcpy(&u, &v, 8);
	cell_hdr(&d, row, col);
	for (i = 0; i < 8; i++)
		b8(&d, (unsigned)(u >> (8 * i)) & 0xFF);
	rec(out, 0x0203, &d);
	free(d.p);
}

/* Options of the workbook builder, for the damaged variants. */
struct wbopt {
	uint32_t sst_index;    /* LABELSST of A2 (3: "Processes") */
	uint32_t sheet_off;    /* 0: the real offset */
	unsigned bof_version;  /* 0x0600 */
	size_t pad;            /* zero bytes appended to reach a size */
};

/*
 * The Workbook stream: globals (BOF, BOUNDSHEET, SST split by a CONTINUE in
 * the middle of a string whose rest is 16-bit, EOF) and one sheet:
 *   row 0  Data point | Command | Execution status | Error code (LABEL)
 *   row 1  Processes | abc日本 | Completed | 2147942512 (NUMBER) | 212 (RK)
 *   row 2  Réseau | netstat -anob (FORMULA+STRING) | Failed | 5, 1.5 (MULRK)
 *   row 3  Rich (rich string) | プロセス (16-bit LABEL) | TRUE (BOOLERR)
 */
static void
workbook(struct bb *w, const struct wbopt *o)
{
	struct bb d = { 0 };
	size_t bs_at, sheet_at;

	memset(w, 0, sizeof(*w));
	b16(&d, o->bof_version);
	b16(&d, 0x0005);
	b16(&d, 0x0DBB);
	b16(&d, 0x07CC);
	b32(&d, 0);
	b32(&d, 6);
	rec(w, 0x0809, &d);
	d.n = 0;
	b32(&d, 0);            /* lbPlyPos, set below */
	b8(&d, 0);
	b8(&d, 0);
	b8(&d, 7);
	b8(&d, 0);
	bput(&d, "Summary", 7);
	bs_at = w->n + 4;
	rec(w, 0x0085, &d);
	/* SST: 9 strings; string 5 is split by the CONTINUE. */
	d.n = 0;
	b32(&d, 9);
	b32(&d, 9);
	str8(&d, "Data point");
	str8(&d, "Command");
	str8(&d, "Execution status");
	str8(&d, "Processes");
	str8(&d, "R\xe9seau");            /* Latin-1 é */
	b16(&d, 5);                        /* "abc日本": 5 characters */
	b8(&d, 0);
	bput(&d, "abc", 3);
	rec(w, 0x00FC, &d);
	d.n = 0;
	b8(&d, 1);                         /* the rest is 16-bit */
	b16(&d, 0x65E5);
	b16(&d, 0x672C);
	b16(&d, 4);                        /* "Rich", one formatting run */
	b8(&d, 0x08);
	b16(&d, 1);
	bput(&d, "Rich", 4);
	b32(&d, 0x00050000);
	str8(&d, "Failed");
	str8(&d, "Completed");
	rec(w, 0x003C, &d);
	d.n = 0;
	rec(w, 0x000A, &d);

	sheet_at = w->n;
	set32(w->p + bs_at, o->sheet_off ? o->sheet_off : (uint32_t)sheet_at);
	d.n = 0;
	b16(&d, 0x0600);
	b16(&d, 0x0010);
	b16(&d, 0x0DBB);
	b16(&d, 0x07CC);
	b32(&d, 0);
	b32(&d, 6);
	rec(w, 0x0809, &d);
	labelsst(w, 0, 0, 0);
	labelsst(w, 0, 1, 1);
	labelsst(w, 0, 2, 2);
	d.n = 0;                           /* LABEL "Error code" */
	cell_hdr(&d, 0, 3);
	b16(&d, 10);
	b8(&d, 0);
	bput(&d, "Error code", 10);
	rec(w, 0x0204, &d);
	labelsst(w, 1, 0, o->sst_index);
	labelsst(w, 1, 1, 5);
	labelsst(w, 1, 2, 8);
	number(w, 1, 3, 2147942512.0);
	d.n = 0;                           /* RK 212 */
	cell_hdr(&d, 1, 4);
	b32(&d, (212u << 2) | 2u);
	rec(w, 0x027E, &d);
	labelsst(w, 2, 0, 4);
	d.n = 0;                           /* FORMULA with a string result */
	cell_hdr(&d, 2, 1);
	b8(&d, 0);
	b8(&d, 0);
	b16(&d, 0);
	b16(&d, 0);
	b16(&d, 0xFFFF);
	b16(&d, 0);
	b32(&d, 0);
	b16(&d, 0);
	rec(w, 0x0006, &d);
	d.n = 0;
	str8(&d, "netstat -anob");
	rec(w, 0x0207, &d);
	labelsst(w, 2, 2, 7);
	d.n = 0;                           /* MULRK D3:E3 = 5, 1.5 */
	b16(&d, 2);
	b16(&d, 3);
	b16(&d, 15);
	b32(&d, (5u << 2) | 2u);
	b16(&d, 15);
	b32(&d, 0x3FF80000u);
	b16(&d, 4);
	rec(w, 0x00BD, &d);
	labelsst(w, 3, 0, 6);
	d.n = 0;                           /* LABEL, 16-bit: プロセス */
	cell_hdr(&d, 3, 1);
	b16(&d, 4);
	b8(&d, 1);
	b16(&d, 0x30D7);
	b16(&d, 0x30ED);
	b16(&d, 0x30BB);
	b16(&d, 0x30B9);
	rec(w, 0x0204, &d);
	d.n = 0;                           /* BOOLERR TRUE */
	cell_hdr(&d, 3, 2);
	b8(&d, 1);
	b8(&d, 0);
	rec(w, 0x0205, &d);
	d.n = 0;
	rec(w, 0x000A, &d);
	free(d.p);
	while (w->n < o->pad)
		b8(w, 0);
}

#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT   0xFFFFFFFFu

static void
dir_entry(struct bb *f, const char *name, unsigned type, uint32_t child,
    uint32_t start, uint32_t size)
{
	unsigned char e[128];
	size_t i, k = strlen(name);

	memset(e, 0, sizeof(e));
	for (i = 0; i < k; i++)
		e[2 * i] = (unsigned char)name[i];
	e[64] = (unsigned char)(k ? 2 * (k + 1) : 0);
	e[66] = (unsigned char)type;
	e[67] = 1;
	set32(e + 68, FREESECT);
	set32(e + 72, FREESECT);
	set32(e + 76, child);
	set32(e + 116, start);
	set32(e + 120, size);
	bput(f, e, sizeof(e));
}

/*
 * An OLE2 file (512-byte sectors) holding the stream as "Workbook":
 * sector 0 the FAT, 1 the directory, then (mini) the mini FAT and the
 * mini stream, or (regular) the stream's own sectors.  *fat_at receives
 * the file offset of the FAT, for damaging it.
 */
static void
ole2(struct bb *f, const struct bb *w, size_t *fat_at)
{
	int mini = w->n < 4096;
	uint32_t nsec = (uint32_t)((w->n + 511) / 512), i, next = 2;
	uint32_t fat[128];
	unsigned char sec[512];

	memset(f, 0, sizeof(*f));
	memset(sec, 0, sizeof(sec));
	/* Header. */
	bput(f, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	bput(f, sec, 16);
	b16(f, 0x3E);
	b16(f, 3);
	b16(f, 0xFFFE);
	b16(f, 9);
	b16(f, 6);
	bput(f, sec, 6);
	b32(f, 0);             /* csectDir */
	b32(f, 1);             /* csectFat */
	b32(f, 1);             /* sectDirStart */
	b32(f, 0);
	b32(f, 4096);
	b32(f, mini ? 2 : ENDOFCHAIN);
	b32(f, mini ? 1 : 0);
	b32(f, ENDOFCHAIN);
	b32(f, 0);
	b32(f, 0);             /* DIFAT[0] = sector 0 */
	for (i = 1; i < 109; i++)
		b32(f, FREESECT);
	/* FAT. */
	for (i = 0; i < 128; i++)
		fat[i] = FREESECT;
	fat[0] = 0xFFFFFFFDu;
	fat[1] = ENDOFCHAIN;
	if (mini) {
		fat[2] = ENDOFCHAIN;          /* mini FAT */
		next = 3;
	}
	for (i = 0; i < nsec; i++)
		fat[next + i] = i + 1 < nsec ? next + i + 1 : ENDOFCHAIN;
	*fat_at = f->n;
	for (i = 0; i < 128; i++)
		b32(f, fat[i]);
	/* Directory. */
	if (mini)
		dir_entry(f, "Root Entry", 5, 1, next,
		    (uint32_t)(((w->n + 63) / 64) * 64));
	else
		dir_entry(f, "Root Entry", 5, 1, ENDOFCHAIN, 0);
	dir_entry(f, "Workbook", 2, FREESECT, mini ? 0 : next, (uint32_t)w->n);
	dir_entry(f, "", 0, FREESECT, 0, 0);
	dir_entry(f, "", 0, FREESECT, 0, 0);
	if (mini) {
		uint32_t nmini = (uint32_t)((w->n + 63) / 64);

		for (i = 0; i < 128; i++)
			b32(f, i + 1 < nmini ? i + 1 : i < nmini ? ENDOFCHAIN :
			    FREESECT);
	}
	bput(f, w->p, w->n);
	while (f->n % 512 != 0)
		b8(f, 0);
}

static struct ipk_tset *
parse_bytes(const struct bb *f)
{
	return ipk_test_parse_text("CollectionSummaryReport.xls", f->p, f->n,
	    NULL);
}

static const struct wbopt good = { 3, 0, 0x0600, 0 };

static void
check_built(struct ipk_tset *s)
{
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 3);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Processes");
	ck_assert_field(r, "command", "abc日本");
	ck_assert_field(r, "status", "Completed");
	ck_assert_field(r, "error_code", "2147942512");
	ck_assert_field(r, "column_5", "212");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "R\xc3\xa9seau");
	ck_assert_field(r, "command", "netstat -anob");
	ck_assert_field(r, "status", "Failed");
	ck_assert_field(r, "error_code", "5");
	ck_assert_field(r, "column_5", "1.5");
	r = ipk_tset_find(s, "collection_summary", "data_point", "Rich");
	ck_assert_field(r, "command", "プロセス");
	ck_assert_field(r, "status", "TRUE");
}

START_TEST(test_summary_built_biff8)
{
	struct bb w, f;
	struct wbopt big = good;
	struct ipk_tset *s;
	size_t fat_at;

	/* A Workbook stream under 4096 bytes lives in the mini stream. */
	workbook(&w, &good);
	ck_assert_uint_lt(w.n, 4096);
	ole2(&f, &w, &fat_at);
	s = parse_bytes(&f);
	check_built(s);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
	free(f.p);
	free(w.p);

	/* Padded to 5000 bytes: regular sectors. */
	big.pad = 5000;
	workbook(&w, &big);
	ole2(&f, &w, &fat_at);
	s = parse_bytes(&f);
	check_built(s);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
	/* By content under any name. */
	s = ipk_test_parse_text("misc/book.bin", f.p, f.n, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 3);
	ipk_tset_free(s);
	free(f.p);
	free(w.p);
}
END_TEST

/* A damaged file: no crash, a failure naming what lies, a failed member. */
static void
expect_fail(struct bb *f, const char *needle)
{
	struct ipk_tset *s = parse_bytes(f);

	if (!ipk_tset_has_diag(s, needle))
		ipk_tset_dump(s);
	ck_assert_msg(ipk_tset_has_diag(s, needle), "no diagnostic \"%s\"", needle);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 0);
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "CollectionSummaryReport.xls"), "status", "failed");
	ipk_tset_free(s);
}

START_TEST(test_summary_hostile_ole2)
{
	struct bb w, f;
	struct wbopt o = good;
	struct ipk_tset *s;
	size_t fat_at, i, cut;

	o.pad = 5000;
	workbook(&w, &o);

	ole2(&f, &w, &fat_at);
	set32(f.p + 44, 1000000);            /* csectFat */
	expect_fail(&f, "FAT of 1000000 sectors");
	free(f.p);

	ole2(&f, &w, &fat_at);
	set32(f.p + 76, 9999);               /* DIFAT[0] */
	expect_fail(&f, "FAT sector 9999 lies past the end");
	free(f.p);

	ole2(&f, &w, &fat_at);
	set32(f.p + 48, 7777);               /* directory start */
	expect_fail(&f, "directory chain leaves the file at sector 7777");
	free(f.p);

	ole2(&f, &w, &fat_at);
	set32(f.p + fat_at + 4, 1);          /* directory chain: 1 -> 1 */
	expect_fail(&f, "directory chain loops");
	free(f.p);

	ole2(&f, &w, &fat_at);
	set32(f.p + 512 + 512 + 128 + 120, 50000000);   /* stream size */
	expect_fail(&f, "stream 'Workbook' claims 50000000 bytes");
	free(f.p);

	ole2(&f, &w, &fat_at);
	set32(f.p + fat_at + 8, 2);          /* stream chain loops */
	expect_fail(&f, "stream chain loops");
	free(f.p);

	/* A workbook-like name but no "Workbook" stream. */
	ole2(&f, &w, &fat_at);
	{
		static const char nm[] = "XWorkbook";
		size_t k;

		for (k = 0; k < 9; k++) {
			f.p[512 + 512 + 128 + 2 * k] = (unsigned char)nm[k];
			f.p[512 + 512 + 128 + 2 * k + 1] = 0;
		}
		f.p[512 + 512 + 128 + 64] = 20;
	}
	expect_fail(&f, "OLE2 file without a Workbook stream");
	free(f.p);
	/* No workbook at all: an OLE2 file is listed, not parsed. */
	ole2(&f, &w, &fat_at);
	memset(f.p + 512 + 512 + 128, 'Z', 16);
	s = parse_bytes(&f);
	ck_assert(ipk_tset_has_diag(s, "holds OLE2 compound file; listed only"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "CollectionSummaryReport.xls"), "status", "binary_not_parsed");
	ipk_tset_free(s);
	free(f.p);
	free(w.p);

	/* Mini stream: a mini FAT that loops. */
	workbook(&w, &good);
	ole2(&f, &w, &fat_at);
	set32(f.p + 512 * 3, 0);             /* mini sector 0 -> 0 */
	expect_fail(&f, "mini chain of stream 'Workbook' broken");
	free(f.p);
	free(w.p);

	/* BIFF: not BIFF8; a sheet offset past the stream. */
	o = good;
	o.bof_version = 0x0500;
	workbook(&w, &o);
	ole2(&f, &w, &fat_at);
	expect_fail(&f, "BIFF version 0500 is not BIFF8");
	free(f.p);
	free(w.p);
	o = good;
	o.sheet_off = 0x00FFFFFF;
	workbook(&w, &o);
	ole2(&f, &w, &fat_at);
	expect_fail(&f, "worksheet offset 16777215 lies past the stream");
	free(f.p);
	free(w.p);

	/* A shared string index out of range: that cell only is lost. */
	o = good;
	o.sst_index = 9999;
	workbook(&w, &o);
	ole2(&f, &w, &fat_at);
	s = parse_bytes(&f);
	ck_assert(ipk_tset_has_diag(s, "|2|cell 1,0 names shared string 9999 "
	    "of 9"));
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 3);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "collection_summary", "command",
	    "abc日本"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);

	/* Truncations and flipped bytes: no crash, bounded output. */
	for (cut = 0; cut < f.n; cut += 211) {
		struct bb t = f;

		t.n = cut;
		s = parse_bytes(&t);
		ck_assert(ipk_tset_count(s, "collection_summary") <= 3);
		ipk_tset_free(s);
	}
	srand(11);
	for (i = 0; i < 40; i++) {
		struct bb t;
		int k;

		t.n = f.n;
		t.p = malloc(f.n);
		ck_assert_ptr_nonnull(t.p);
		memcpy(t.p, f.p, f.n);
		for (k = 0; k < 6; k++)
			t.p[8 + (size_t)rand() % (t.n - 8)] = (unsigned char)rand();
		s = parse_bytes(&t);
		ck_assert(ipk_tset_count(s, "collection_summary") <= 4);
		ipk_tset_free(s);
		free(t.p);
	}
	free(f.p);
	free(w.p);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* .xlsx built here                                                       */

struct part {
	const char *name;
	const char *data;
	size_t len;            /* 0: strlen(data) */
};

/* A zip of the parts, in memory. */
static void
zip(struct bb *out, const struct part *parts, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t used = 0, i;

	out->cap = 1 << 20;
	out->p = malloc(out->cap);
	ck_assert_ptr_nonnull(out->p);
	ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, out->p, out->cap, &used),
	    ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);

		e = archive_entry_new();
		archive_entry_set_pathname(e, parts[i].name);
		archive_entry_set_size(e, (la_int64_t)len);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_data(a, parts[i].data, len),
		    (la_ssize_t)len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	out->n = used;
}

static const char ctypes[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"/>";

START_TEST(test_summary_xlsx_built)
{
	static const char shared[] =
	    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
	    "main\" count=\"5\" uniqueCount=\"5\">"
	    "<si><t>DataPoint</t></si><si><t>Command</t></si>"
	    "<si><t>Status</t></si>"
	    "<si><r><t>Pre</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">"
	    "fetch</t></r><rPh sb=\"0\" eb=\"1\"><t>ヨミ</t></rPh></si>"
	    "<si><t>line_x000D_break</t></si></sst>";
	static const char sheet[] =
	    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
	    "2006/main\"><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\">"
	    "<v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c>"
	    "<c r=\"B3\" t=\"inlineStr\"><is><t>robocopy &amp; co</t></is></c>"
	    "<c r=\"C3\" t=\"s\"><v>4</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>77</v></c><c r=\"C4\" "
	    "t=\"str\"><f>A1</f><v>formula text</v></c></row>"
	    "</sheetData></worksheet>";
	struct part parts[] = {
		{ "[Content_Types].xml", ctypes, 0 },
		{ "xl/workbook.xml", "<workbook/>", 0 },
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
		{ "xl/sharedStrings.xml", shared, 0 },
	};
	struct bb z;
	struct ipk_tset *s;
	const struct ipk_trec *r;

	zip(&z, parts, 4);
	s = ipk_test_parse_text("CollectionSummaryReport.xls", z.p, z.n, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 2);
	r = ipk_tset_find(s, "collection_summary", "data_point", "Prefetch");
	ck_assert_field(r, "command", "robocopy & co");
	ck_assert_field(r, "status", "line\rbreak");
	ck_assert_uint_eq(r->line, 3);
	/* A shared string index out of range: reported, the row stays. */
	r = ipk_tset_find(s, "collection_summary", "status", "formula text");
	ck_assert_ptr_null(ipk_trec_get(r, "data_point"));
	ck_assert(ipk_tset_has_diag(s, "|4|cell names shared string '77' of 5"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	free(z.p);
}
END_TEST

START_TEST(test_summary_xlsx_hostile)
{
	static const char sheet[] =
	    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>DataPoint</t>"
	    "</is></c><c t=\"inlineStr\"><is><t>Command</t></is></c></row>"
	    "</sheetData></worksheet>";
	struct part noworksheet[] = {
		{ "[Content_Types].xml", ctypes, 0 },
		{ "xl/workbook.xml", "<workbook/>", 0 },
	};
	struct part bomb[] = {
		{ "[Content_Types].xml", ctypes, 0 },
		{ "xl/worksheets/sheet1.xml", NULL, 40u * 1024 * 1024 },
	};
	struct part unclosed[] = {
		{ "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c "
		    "t=\"inlineStr\"><is><t>DataPoint</t></is></c><c t=\"s\"><v>", 0 },
	};
	struct part ok[] = {
		{ "[Content_Types].xml", ctypes, 0 },
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
	};
	struct bb z;
	struct ipk_tset *s;
	char *zeros;
	size_t cut, i;

	zip(&z, noworksheet, 2);
	s = ipk_test_parse_text("CollectionSummaryReport.xls", z.p, z.n, NULL);
	ck_assert(ipk_tset_has_diag(s, "the workbook has no worksheet"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "CollectionSummaryReport.xls"), "status", "failed");
	ipk_tset_free(s);
	free(z.p);

	/* 40 MiB of zeros deflate to a few KiB: the part is capped. */
	zeros = calloc(1, bomb[1].len);
	ck_assert_ptr_nonnull(zeros);
	bomb[1].data = zeros;
	zip(&z, bomb, 2);
	free(zeros);
	ck_assert_uint_lt(z.n, 1 << 20);
	s = ipk_test_parse_text("CollectionSummaryReport.xls", z.p, z.n, NULL);
	ck_assert(ipk_tset_has_diag(s, "cannot read xl/worksheets/sheet1.xml"));
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 0);
	ipk_tset_free(s);
	free(z.p);

	/* XML cut in the middle: what was read is kept, nothing breaks. */
	zip(&z, unclosed, 1);
	s = ipk_test_parse_text("CollectionSummaryReport.xls", z.p, z.n, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 1);
	ck_assert_field(ipk_tset_nth(s, "collection_summary", 0), "preamble",
	    "DataPoint");
	ipk_tset_free(s);
	free(z.p);

	/* Truncated and damaged zips. */
	zip(&z, ok, 2);
	for (cut = 4; cut < z.n; cut += 41) {
		struct bb t = z;

		t.n = cut;
		s = ipk_test_parse_text("CollectionSummaryReport.xls", t.p, t.n,
		    NULL);
		ck_assert(ipk_tset_count(s, "collection_summary") <= 1);
		ipk_tset_free(s);
	}
	srand(5);
	for (i = 0; i < 30; i++) {
		struct bb t;
		int k;

		t.n = z.n;
		t.p = malloc(z.n);
		ck_assert_ptr_nonnull(t.p);
		memcpy(t.p, z.p, z.n);
		for (k = 0; k < 4; k++)
			t.p[4 + (size_t)rand() % (t.n - 4)] = (unsigned char)rand();
		s = ipk_test_parse_text("CollectionSummaryReport.xls", t.p, t.n,
		    NULL);
		ck_assert(ipk_tset_count(s, "collection_summary") <= 1);
		ipk_tset_free(s);
		free(t.p);
	}
	free(z.p);
}
END_TEST

/* The parser does not take other tables, and other parsers not its own. */
START_TEST(test_summary_probe)
{
	static const char services[] =
	    "Node,Name,PathName,ProcessId,StartMode,State,Status\r\n"
	    "WS1,Spooler,C:\\Windows\\System32\\spoolsv.exe,1234,Auto,Running,OK\r\n";
	static const char ours[] =
	    "DataPoint,Command,StartTimeUtc,EndTimeUtc,Status,ErrorCode,"
	    "OutputFile\r\n"
	    "Arp,arp -a,2026-08-14T19:25:24Z,2026-08-14T19:25:24Z,Succeeded,0,"
	    "Network connections\\Arp.txt\r\n";
	struct ipk_tset *s;

	s = ipk_test_parse_text("misc/table.csv", services, sizeof(services) - 1,
	    NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 0);
	ipk_tset_free(s);
	s = ipk_test_parse_text("misc/summary.csv", ours, sizeof(ours) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 1);
	ck_assert_field(ipk_tset_nth(s, "collection_summary", 0), "output_file",
	    "Network connections\\Arp.txt");
	ipk_tset_free(s);
}
END_TEST

static Suite *
collection_summary_suite(void)
{
	Suite *s = suite_create("collection_summary");
	TCase *tc = tcase_create("collection_summary");

	tcase_add_test(tc, test_summary_collector_csv);
	tcase_add_test(tc, test_summary_forensics_csv);
	tcase_add_test(tc, test_summary_fr_ja_text);
	tcase_add_test(tc, test_summary_html);
	tcase_add_test(tc, test_summary_spreadsheetml);
	tcase_add_test(tc, test_summary_xlwt_biff8);
	tcase_add_test(tc, test_summary_xlsxwriter);
	tcase_add_test(tc, test_summary_built_biff8);
	tcase_add_test(tc, test_summary_hostile_ole2);
	tcase_add_test(tc, test_summary_xlsx_built);
	tcase_add_test(tc, test_summary_xlsx_hostile);
	tcase_add_test(tc, test_summary_probe);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(collection_summary_suite)
