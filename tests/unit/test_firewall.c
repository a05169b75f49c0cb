/*
 * test_firewall.c - the Windows Firewall log (pfirewall.log, W3C, read by
 * its #Fields line) and the output of the step that copies it
 * (FirewallExecutionLog.txt: netsh + xcopy, English CP437, French CP850,
 * Japanese CP932, UTF-16LE), including the "not collected" gap cases.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char log_pid[] =
    "#Version: 1.5\r\n"
    "#Software: Microsoft Windows Firewall\r\n"
    "#Time Format: Local\r\n"
    "#Fields: date time action protocol src-ip dst-ip src-port dst-port "
    "size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\r\n"
    "\r\n"
    "2026-09-07 22:01:02 ALLOW TCP 10.0.0.11 52.96.1.2 49712 443 0 - 0 0 0 "
    "- - - SEND 4321\r\n"
    "2026-09-07 22:01:05 DROP TCP 185.220.101.4 10.0.0.11 51515 3389 52 S "
    "3115262386 0 64240 - - - RECEIVE 0\r\n"
    "2026-09-07 22:01:09 ALLOW UDP fe80::1c2d:3e4f:5a6b:7c8d ff02::fb 5353 "
    "5353 0 - - - - - - - SEND 2210\r\n"
    "2026-09-07 22:02:00 DROP ICMP 203.0.113.50 10.0.0.11 - - 60 - - - - 8 "
    "0 - RECEIVE 0\r\n";

/* The 1.5 columns without pid, plus one we do not know ("rule"). */
static const char log_extra[] =
    "#Version: 1.5\n"
    "#Software: Microsoft Windows Firewall\n"
    "#Time Format: Local\n"
    "#Fields: date time action protocol src-ip dst-ip src-port dst-port "
    "size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path rule\n"
    "2026-09-08 07:00:00 ALLOW TCP 127.0.0.1 127.0.0.1 50000 8080 0 - 0 0 "
    "0 - - - SEND Core-Networking\n";

static const char copy_ok_en[] =
    "FileName                              %systemroot%\\system32\\LogFiles"
    "\\Firewall\\pfirewall.log\r\n"
    "C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log -> "
    "C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection"
    "\\Temp\\CollectedData\\pfirewall.log\r\n"
    "1 File(s) copied\r\n";

/* French, CP850: the netsh line, then xcopy fails. */
static const char copy_fail_fr_cp850[] =
    "FileName                              %systemroot%\\system32\\LogFiles"
    "\\Firewall\\pfirewall.log\r\n"
    "Fichier introuvable - pfirewall.log\r\n"
    "0 fichier(s) copi\x82(s)\r\n";

/* Japanese, CP932: "ファイルが見つかりません - pfirewall.log" only. */
static const char copy_fail_ja_cp932[] =
    "\x83t\x83@\x83""C\x83\x8b\x82\xaa\x8c\xa9\x82\xc2\x82\xa9\x82\xe8\x82"
    "\xdc\x82\xb9\x82\xf1 - pfirewall.log\r\n"
    "0 \x8c\xc2\x82\xcc\x83t\x83@\x83""C\x83\x8b\x82\xf0\x83R\x83s\x81[\x82"
    "\xb5\x82\xdc\x82\xb5\x82\xbd\r\n";

/* Japanese, CP932: copied ("1 個のファイルをコピーしました"). */
static const char copy_ok_ja_cp932[] =
    "C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log -> "
    "C:\\ProgramData\\CollectedData\\pfirewall.log\r\n"
    "1 \x8c\xc2\x82\xcc\x83t\x83@\x83""C\x83\x8b\x82\xf0\x83R\x83s\x81[\x82"
    "\xb5\x82\xdc\x82\xb5\x82\xbd\r\n";

START_TEST(test_firewall_log)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/pfirewall.log", log_pid, sizeof(log_pid) - 1,
	    NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 4);
	r = ipk_tset_nth(s, "firewall_log", 0);
	ck_assert_uint_eq(r->line, 6);
	ck_assert_field(r, "date", "2026-09-07");
	ck_assert_field(r, "time", "22:01:02");
	ck_assert_field(r, "timestamp", "2026-09-07T22:01:02");
	ck_assert_field(r, "action", "ALLOW");
	ck_assert_field(r, "protocol", "TCP");
	ck_assert_field(r, "src_ip", "10.0.0.11");
	ck_assert_field(r, "dst_ip", "52.96.1.2");
	ck_assert_field(r, "src_port", "49712");
	ck_assert_field(r, "dst_port", "443");
	ck_assert_field(r, "size", "0");
	ck_assert_ptr_null(ipk_trec_get(r, "tcpflags"));
	ck_assert_field(r, "tcpsyn", "0");
	ck_assert_field(r, "path", "SEND");
	ck_assert_field(r, "pid", "4321");
	ck_assert_field(r, "src_scope", "private");
	ck_assert_field(r, "dst_scope", "public");

	r = ipk_tset_find(s, "firewall_log", "dst_port", "3389");
	ck_assert_field(r, "action", "DROP");
	ck_assert_field(r, "tcpflags", "S");
	ck_assert_field(r, "tcpsyn", "3115262386");
	ck_assert_field(r, "tcpwin", "64240");
	ck_assert_field(r, "path", "RECEIVE");
	ck_assert_field(r, "src_scope", "public");

	r = ipk_tset_find(s, "firewall_log", "protocol", "UDP");
	ck_assert_field(r, "src_ip", "fe80::1c2d:3e4f:5a6b:7c8d");
	ck_assert_field(r, "src_scope", "link-local");
	ck_assert_field(r, "dst_scope", "multicast");
	ck_assert_ptr_null(ipk_trec_get(r, "tcpsyn"));

	r = ipk_tset_find(s, "firewall_log", "protocol", "ICMP");
	ck_assert_ptr_null(ipk_trec_get(r, "src_port"));
	ck_assert_field(r, "icmptype", "8");
	ck_assert_field(r, "icmpcode", "0");
	ck_assert_field(r, "size", "60");
	r = ipk_tset_find(s, "member", "artifact", "firewall_log");
	ck_assert_field(r, "status", "ok");
	ipk_tset_free(s);
}
END_TEST

/*
 * Numbers at the edges of a long long (a forged log): written back exactly,
 * sign and all; one past the edge is not a number: that row is skipped
 * with a warning naming its line.
 */
START_TEST(test_firewall_log_number_edges)
{
	static const char log[] =
	    "#Fields: date time action protocol src-ip dst-ip src-port "
	    "dst-port size tcpsyn tcpack tcpwin path pid\r\n"
	    "2026-09-07 22:01:02 ALLOW TCP 10.0.0.11 52.96.1.2 49712 443 "
	    "-9223372036854775807 9223372036854775807 -0 -10 SEND +7\r\n"
	    "2026-09-07 22:01:03 ALLOW TCP 10.0.0.11 52.96.1.2 49713 443 "
	    "9223372036854775808 0 0 0 SEND 8\r\n";
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/pfirewall.log", log, sizeof(log) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 1);
	ck_assert(ipk_tset_has_diag(s, "|3|size is not a number: "
	    "'9223372036854775808'"));
	r = ipk_tset_find(s, "firewall_log", "src_port", "49712");
	ck_assert_field(r, "size", "-9223372036854775807");
	ck_assert_field(r, "tcpsyn", "9223372036854775807");
	ck_assert_field(r, "tcpack", "0");
	ck_assert_field(r, "tcpwin", "-10");
	ck_assert_field(r, "pid", "7");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_log_columns)
{
	size_t len;
	void *data = ipk_test_utf16le(log_extra, &len);
	struct ipk_tset *s = ipk_test_parse_text("pfirewall.log", data, len,
	    NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 1);
	r = ipk_tset_nth(s, "firewall_log", 0);
	ck_assert_field(r, "dst_port", "8080");
	ck_assert_field(r, "src_scope", "loopback");
	ck_assert_ptr_null(ipk_trec_get(r, "pid"));
	ck_assert_field(r, "other", "rule=Core-Networking");
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_log_bad_rows)
{
	static const char bad[] =
	    "#Version: 1.5\n"
	    "#Software: Microsoft Windows Firewall\n"
	    "#Fields: date time action protocol src-ip dst-ip src-port "
	    "dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode "
	    "info path\n"
	    "2026-09-07 22:01:02 ALLOW TCP 10.0.0.11 52.96.1.2 49712 443 0 - 0 "
	    "0 0 - - - SEND\n"
	    "2026-09-07 22:01:03 ALLOW TCP 10.0.0.11\n"
	    "2026-09-07 22:01:04 ALLOW TCP 10.0.0.11 52.96.1.2 http 443 0 - 0 "
	    "0 0 - - - SEND\n"
	    "2026-09-07 22:01:05 ALLOW TCP 10.0.0.11 52.96.1.2 49713 443 0 - 0 "
	    "0 0 - - - SEND\n";
	struct ipk_tset *s = ipk_test_parse_text("pfirewall.log", bad,
	    sizeof(bad) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 2);
	ck_assert(ipk_tset_has_diag(s, "|pfirewall.log|5|5 values for 17 "
	    "#Fields columns"));
	ck_assert(ipk_tset_has_diag(s, "|pfirewall.log|6|src-port is not a "
	    "number: 'http'"));
	ck_assert_ptr_nonnull(ipk_tset_find(s, "firewall_log", "src_port",
	    "49713"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "firewall_log"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_log_empty_and_headless)
{
	static const char empty[] =
	    "#Version: 1.5\r\n#Software: Microsoft Windows Firewall\r\n"
	    "#Time Format: Local\r\n#Fields: date time action protocol src-ip "
	    "dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin "
	    "icmptype icmpcode info path\r\n\r\n";
	static const char headless[] =
	    "2026-09-07 22:01:02 ALLOW TCP 10.0.0.11 52.96.1.2 49712 443 0 - 0 "
	    "0 0 - - - SEND\n";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	s = ipk_test_parse_text("Network connections/pfirewall.log", empty,
	    sizeof(empty) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 0);
	r = ipk_tset_find(s, "gap", "artifact", "firewall_log");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "the firewall log holds no entries");
	ipk_tset_free(s);

	/* A log that lost its header: the 1.5 columns, with a remark. */
	s = ipk_test_parse_text("pfirewall.log", headless,
	    sizeof(headless) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 1);
	r = ipk_tset_nth(s, "firewall_log", 0);
	ck_assert_field(r, "path", "SEND");
	ck_assert_field(r, "dst_ip", "52.96.1.2");
	ck_assert(ipk_tset_has_diag(s, "|pfirewall.log|1|no #Fields line"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_copy_ok)
{
	size_t len;
	void *data = ipk_test_utf16le(copy_ok_en, &len);
	struct ipk_tset *s;
	const struct ipk_trec *r;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		/* CP437 (plain ASCII), then UTF-16LE. */
		s = pass == 0 ? ipk_test_parse_text(
		    "Network connections/FirewallExecutionLog.txt", copy_ok_en,
		    sizeof(copy_ok_en) - 1, NULL) : ipk_test_parse_text(
		    "Network connections/FirewallExecutionLog.txt", data, len,
		    NULL);
		ck_assert_int_eq(s->rc, CM_OK);
		ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 3);
		ck_assert_uint_eq(ipk_tset_count(s, "gap"), 0);
		r = ipk_tset_nth(s, "firewall_copy", 0);
		ck_assert_field(r, "status", "setting");
		ck_assert_field(r, "source", "%systemroot%\\system32\\LogFiles"
		    "\\Firewall\\pfirewall.log");
		r = ipk_tset_nth(s, "firewall_copy", 1);
		ck_assert_uint_eq(r->line, 2);
		ck_assert_field(r, "status", "copied");
		ck_assert_field(r, "source", "C:\\Windows\\System32\\LogFiles"
		    "\\Firewall\\pfirewall.log");
		ck_assert_field(r, "destination", "C:\\ProgramData\\Microsoft"
		    "\\Windows Defender Advanced Threat Protection\\Temp"
		    "\\CollectedData\\pfirewall.log");
		r = ipk_tset_nth(s, "firewall_copy", 2);
		ck_assert_field(r, "status", "copied");
		ck_assert_field(r, "count", "1");
		ck_assert_field(r, "text", "1 File(s) copied");
		ipk_tset_free(s);
	}
	free(data);
}
END_TEST

START_TEST(test_firewall_copy_whole_gap)
{
	static const char en[] =
	    "File not found - pfirewall.log\r\n0 File(s) copied\r\n";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	/* Nothing but failure lines: the reader's whole-file gap. */
	s = ipk_test_parse_text("Network connections/FirewallExecutionLog.txt",
	    en, sizeof(en) - 1, NULL);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 1);
	r = ipk_tset_find(s, "gap", "artifact", "firewall_copy");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "File not found - pfirewall.log");
	ck_assert_uint_eq(r->line, 1);
	r = ipk_tset_find(s, "member", "artifact", "firewall_copy");
	ck_assert_field(r, "status", "gap");
	ipk_tset_free(s);

	s = ipk_test_parse_text("Network connections/FirewallExecutionLog.txt",
	    copy_fail_ja_cp932, sizeof(copy_fail_ja_cp932) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 0);
	r = ipk_tset_find(s, "gap", "artifact", "firewall_copy");
	ck_assert_field(r, "status", "not_collected");
	/* ファイルが見つかりません - pfirewall.log */
	ck_assert_field(r, "reason", "\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4"
	    "\xe3\x83\xab\xe3\x81\x8c\xe8\xa6\x8b\xe3\x81\xa4\xe3\x81\x8b\xe3"
	    "\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93 - pfirewall.log");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_copy_fr_mixed)
{
	struct ipk_tset *s = ipk_test_parse_text("FirewallExecutionLog.txt",
	    copy_fail_fr_cp850, sizeof(copy_fail_fr_cp850) - 1, NULL);
	const struct ipk_trec *r;

	/* The netsh line keeps it from being a whole-file gap. */
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 3);
	r = ipk_tset_nth(s, "firewall_copy", 1);
	ck_assert_field(r, "status", "not_found");
	ck_assert_field(r, "file", "pfirewall.log");
	ck_assert_field(r, "text", "Fichier introuvable - pfirewall.log");
	r = ipk_tset_nth(s, "firewall_copy", 2);
	ck_assert_field(r, "status", "not_copied");
	ck_assert_field(r, "count", "0");
	ck_assert_field(r, "text", "0 fichier(s) copi\xc3\xa9(s)");
	/* ...so the parser reports the gap itself. */
	r = ipk_tset_find(s, "gap", "artifact", "firewall_copy");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "Fichier introuvable - pfirewall.log");
	ck_assert_uint_eq(r->line, 2);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_copy_ja_ok)
{
	struct ipk_tset *s = ipk_test_parse_text("FirewallExecutionLog.txt",
	    copy_ok_ja_cp932, sizeof(copy_ok_ja_cp932) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 0);
	r = ipk_tset_nth(s, "firewall_copy", 1);
	ck_assert_field(r, "status", "copied");
	ck_assert_field(r, "count", "1");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_firewall_copy_garbage)
{
	static const char bad[] =
	    "C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log -> "
	    "C:\\Temp\\pfirewall.log\n"
	    "\x01 binary junk\n"
	    "12 File(s) copied\n";
	struct ipk_tset *s = ipk_test_parse_text("FirewallExecutionLog.txt",
	    bad, sizeof(bad) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "firewall_copy"), 2);
	ck_assert(ipk_tset_has_diag(s, "|FirewallExecutionLog.txt|2|not text "
	    "of the copy step"));
	/* "12 File(s) copied" is a count, not the "0 File(s) copied" gap. */
	r = ipk_tset_nth(s, "firewall_copy", 1);
	ck_assert_field(r, "status", "copied");
	ck_assert_field(r, "count", "12");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

static Suite *
firewall_suite(void)
{
	Suite *s = suite_create("firewall");
	TCase *tc = tcase_create("firewall");

	tcase_add_test(tc, test_firewall_log);
	tcase_add_test(tc, test_firewall_log_columns);
	tcase_add_test(tc, test_firewall_log_number_edges);
	tcase_add_test(tc, test_firewall_log_bad_rows);
	tcase_add_test(tc, test_firewall_log_empty_and_headless);
	tcase_add_test(tc, test_firewall_copy_ok);
	tcase_add_test(tc, test_firewall_copy_whole_gap);
	tcase_add_test(tc, test_firewall_copy_fr_mixed);
	tcase_add_test(tc, test_firewall_copy_ja_ok);
	tcase_add_test(tc, test_firewall_copy_garbage);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(firewall_suite)
