/*
 * test_connections.c - the netstat parser and the address helpers it uses
 * (netaddr.c): English `netstat -anob` (CP437) and `-ano` (UTF-16LE),
 * French `-abo` (CP850, host and service names instead of numbers),
 * Japanese `-anob` (CP932), German translated states (CP850), a garbage
 * line, and content that belongs to another artifact.
 */
#include "ipk_test.h"
#include "parsers/netaddr.h"

#include <stdlib.h>
#include <string.h>

static const char en_anob[] =
    "\r\n"
    "Active Connections\r\n"
    "\r\n"
    "  Proto  Local Address          Foreign Address        State           PID\r\n"
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       740\r\n"
    "  RpcEptMapper\r\n"
    " [svchost.exe]\r\n"
    "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\r\n"
    " Can not obtain ownership information\r\n"
    "  TCP    10.0.0.11:49712        52.96.1.2:443          ESTABLISHED     4321\r\n"
    " [OUTLOOK.EXE]\r\n"
    "  TCP    [::]:445               [::]:0                 LISTENING       4\r\n"
    " Can not obtain ownership information\r\n"
    "  TCP    [fe80::1c2d:3e4f:5a6b:7c8d%12]:139  [fe80::1%12]:50000  TIME_WAIT       0\r\n"
    "  UDP    0.0.0.0:5353           *:*                                    2210\r\n"
    " [chrome.exe]\r\n"
    "  UDP    [::1]:1900             *:*                                    3344\r\n"
    "  SSDPSRV\r\n"
    " [svchost.exe]\r\n";

static const char en_ano[] =
    "\r\n"
    "Active Connections\r\n"
    "\r\n"
    "  Proto  Local Address          Foreign Address        State           PID\r\n"
    "  TCP    0.0.0.0:3389           0.0.0.0:0              LISTENING       1168\r\n"
    "  TCP    10.0.0.11:3389         185.220.101.4:51515    ESTABLISHED     1168\r\n"
    "  TCP    10.0.0.11:49820        10.0.0.5:445           SYN_SENT        4\r\n"
    "  UDP    0.0.0.0:123            *:*                                    1532\r\n";

/* French netstat -abo: host and service names, CP850 ("État", "é"). */
static const char fr_abo_cp850[] =
    "\r\n"
    "Connexions actives\r\n"
    "\r\n"
    "  Proto  Adresse locale         Adresse distante       \x90tat\r\n"
    "  TCP    0.0.0.0:80             LAPTOP-01:0            LISTENING       4\r\n"
    " Impossible d'obtenir les informations de propri\x82taire\r\n"
    "  TCP    0.0.0.0:135            LAPTOP-01:0            LISTENING       908\r\n"
    "  RpcSs\r\n"
    " [svchost.exe]\r\n"
    "  TCP    192.168.1.16:59844     162.159.136.234:https  ESTABLISHED     7312\r\n"
    " [Discord.exe]\r\n";

/* Japanese netstat -anob in CP932: "アクティブな接続", "プロトコル"... */
static const char ja_anob_cp932[] =
    "\r\n"
    "\x83""A\x83N\x83""e\x83""B\x83u\x82\xc8\x90\xda\x91\xb1\r\n"
    "\r\n"
    "  \x83v\x83\x8d\x83g\x83R\x83\x8b  \x83\x8d\x81[\x83J\x83\x8b \x83""A"
    "\x83h\x83\x8c\x83X      \x8aO\x95\x94\x83""A\x83h\x83\x8c\x83X     "
    "      \x8f\xf3\x91\xd4            PID\r\n"
    "  TCP         0.0.0.0:135            0.0.0.0:0              LISTENING       1880\r\n"
    "  RpcSs\r\n"
    " [svchost.exe]\r\n"
    "  TCP         192.0.2.25:59714       198.51.100.7:80        ESTABLISHED     23160\r\n"
    " [msedge.exe]\r\n"
    "  UDP         [::]:5353              *:*                                    2412\r\n"
    " [chrome.exe]\r\n";

/* German netstat translates the states ("ABHÖREN" in CP850). */
static const char de_ano_cp850[] =
    "\r\n"
    "Aktive Verbindungen\r\n"
    "\r\n"
    "  Proto  Lokale Adresse         Remoteadresse          Status           PID\r\n"
    "  TCP    0.0.0.0:135            0.0.0.0:0              ABH\x99REN         1060\r\n"
    "  TCP    127.0.0.1:9222         127.0.0.1:50123        HERGESTELLT     4321\r\n"
    "  TCP    127.0.0.1:50125        127.0.0.1:9222         SCHLIESSEN_WARTEN  2468\r\n";

START_TEST(test_connections_en_anob)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/ActiveNetConnections.txt", en_anob,
	    sizeof(en_anob) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 7);

	r = ipk_tset_find(s, "connections", "pid", "740");
	ck_assert_uint_eq(r->line, 5);
	ck_assert_field(r, "protocol", "TCP");
	ck_assert_field(r, "local_address", "0.0.0.0");
	ck_assert_field(r, "local_port", "135");
	ck_assert_field(r, "local_scope", "any");
	ck_assert_field(r, "remote_address", "0.0.0.0");
	ck_assert_field(r, "remote_port", "0");
	ck_assert_field(r, "state", "LISTENING");
	ck_assert_field(r, "state_norm", "LISTENING");
	ck_assert_field(r, "service", "RpcEptMapper");
	ck_assert_field(r, "process", "svchost.exe");
	ck_assert_ptr_null(ipk_trec_get(r, "owner_note"));

	r = ipk_tset_nth(s, "connections", 1);
	ck_assert_field(r, "pid", "4");
	ck_assert_field(r, "owner_note", "Can not obtain ownership information");
	ck_assert_ptr_null(ipk_trec_get(r, "process"));

	r = ipk_tset_find(s, "connections", "pid", "4321");
	ck_assert_field(r, "remote_address", "52.96.1.2");
	ck_assert_field(r, "remote_port", "443");
	ck_assert_field(r, "remote_scope", "public");
	ck_assert_field(r, "local_scope", "private");
	ck_assert_field(r, "state_norm", "ESTABLISHED");
	ck_assert_field(r, "process", "OUTLOOK.EXE");

	r = ipk_tset_nth(s, "connections", 3);
	ck_assert_field(r, "local_address", "::");
	ck_assert_field(r, "local_port", "445");
	ck_assert_field(r, "remote_scope", "any");
	ck_assert_field(r, "owner_note", "Can not obtain ownership information");

	r = ipk_tset_find(s, "connections", "state", "TIME_WAIT");
	ck_assert_uint_eq(r->line, 14);
	ck_assert_field(r, "local_address", "fe80::1c2d:3e4f:5a6b:7c8d%12");
	ck_assert_field(r, "local_port", "139");
	ck_assert_field(r, "remote_address", "fe80::1%12");
	ck_assert_field(r, "remote_port", "50000");
	ck_assert_field(r, "remote_scope", "link-local");
	ck_assert_field(r, "pid", "0");

	/* UDP: no state, "*:*" is any address with no port. */
	r = ipk_tset_find(s, "connections", "pid", "2210");
	ck_assert_field(r, "protocol", "UDP");
	ck_assert_field(r, "remote_address", "*");
	ck_assert_field(r, "remote_scope", "any");
	ck_assert_ptr_null(ipk_trec_get(r, "remote_port"));
	ck_assert_ptr_null(ipk_trec_get(r, "state"));
	ck_assert_field(r, "process", "chrome.exe");
	r = ipk_tset_find(s, "connections", "pid", "3344");
	ck_assert_field(r, "local_address", "::1");
	ck_assert_field(r, "local_scope", "loopback");
	ck_assert_field(r, "service", "SSDPSRV");
	ck_assert_field(r, "process", "svchost.exe");

	r = ipk_tset_find(s, "member", "artifact", "connections");
	ck_assert_field(r, "status", "ok");
	ck_assert_field(r, "records", "7");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_en_utf16)
{
	size_t len;
	void *data = ipk_test_utf16le(en_ano, &len);
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network Connections/ActiveNetConnections.txt", data, len, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 4);
	r = ipk_tset_find(s, "connections", "remote_address", "185.220.101.4");
	ck_assert_field(r, "remote_port", "51515");
	ck_assert_field(r, "local_port", "3389");
	ck_assert_field(r, "pid", "1168");
	ck_assert_ptr_null(ipk_trec_get(r, "process"));
	r = ipk_tset_find(s, "connections", "state", "SYN_SENT");
	ck_assert_field(r, "state_norm", "SYN_SENT");
	ck_assert_field(r, "remote_scope", "private");
	r = ipk_tset_find(s, "member", "artifact", "connections");
	ck_assert_field(r, "encoding", "utf-16le");
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_fr_cp850)
{
	struct ipk_tset *s = ipk_test_parse_text("ActiveNetConnections.txt",
	    fr_abo_cp850, sizeof(fr_abo_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 3);
	r = ipk_tset_nth(s, "connections", 0);
	ck_assert_field(r, "remote_address", "LAPTOP-01");
	ck_assert_field(r, "remote_port", "0");
	/* A host name has no scope. */
	ck_assert_ptr_null(ipk_trec_get(r, "remote_scope"));
	ck_assert_field(r, "owner_note", "Impossible d'obtenir les "
	    "informations de propri\xc3\xa9taire");
	r = ipk_tset_find(s, "connections", "pid", "908");
	ck_assert_field(r, "service", "RpcSs");
	ck_assert_field(r, "process", "svchost.exe");
	/* netstat without -n names the port. */
	r = ipk_tset_find(s, "connections", "pid", "7312");
	ck_assert_field(r, "remote_address", "162.159.136.234");
	ck_assert_field(r, "remote_port_name", "https");
	ck_assert_ptr_null(ipk_trec_get(r, "remote_port"));
	ck_assert_field(r, "process", "Discord.exe");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_ja_cp932)
{
	struct ipk_tset *s = ipk_test_parse_text("ActiveNetConnections.txt",
	    ja_anob_cp932, sizeof(ja_anob_cp932) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 3);
	r = ipk_tset_find(s, "connections", "pid", "23160");
	ck_assert_field(r, "remote_address", "198.51.100.7");
	ck_assert_field(r, "remote_port", "80");
	ck_assert_field(r, "process", "msedge.exe");
	ck_assert_uint_eq(r->line, 8);
	r = ipk_tset_find(s, "connections", "protocol", "UDP");
	ck_assert_field(r, "local_address", "::");
	ck_assert_field(r, "local_port", "5353");
	ck_assert_field(r, "process", "chrome.exe");
	r = ipk_tset_find(s, "member", "artifact", "connections");
	ck_assert_field(r, "encoding", "cp932");
	ck_assert_field(r, "status", "ok");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_de_states)
{
	struct ipk_tset *s = ipk_test_parse_text("ActiveNetConnections.txt",
	    de_ano_cp850, sizeof(de_ano_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 3);
	r = ipk_tset_find(s, "connections", "pid", "1060");
	ck_assert_field(r, "state", "ABH\xc3\x96REN");
	ck_assert_field(r, "state_norm", "LISTENING");
	r = ipk_tset_find(s, "connections", "state", "HERGESTELLT");
	ck_assert_field(r, "state_norm", "ESTABLISHED");
	ck_assert_field(r, "remote_scope", "loopback");
	r = ipk_tset_find(s, "connections", "state", "SCHLIESSEN_WARTEN");
	ck_assert_field(r, "state_norm", "CLOSE_WAIT");
	ck_assert_field(r, "pid", "2468");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_garbage)
{
	static const char bad[] =
	    "Active Connections\n"
	    "\n"
	    "  Proto  Local Address          Foreign Address        State           PID\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       740\n"
	    "  this is not a row\n"
	    "  TCP    10.0.0.11:49712        52.96.1.2:443          ESTABLISHED     4321\n"
	    "  TCP    10.0.0.11:99999        52.96.1.2:443          ESTABLISHED     4321\n"
	    "  UDP    0.0.0.0:5353           *:*                                    2210\n";
	struct ipk_tset *s = ipk_test_parse_text("ActiveNetConnections.txt",
	    bad, sizeof(bad) - 1, NULL);

	/* Both bad lines are reported with their line; the rest stay. */
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 3);
	ck_assert(ipk_tset_has_diag(s, "|ActiveNetConnections.txt|5|not a "
	    "netstat row or -b owner line: '  this is not a row'"));
	ck_assert(ipk_tset_has_diag(s, "|ActiveNetConnections.txt|7|not a "
	    "netstat row"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "connections"),
	    "status", "partial");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "connections"),
	    "skipped", "2");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_connections_probe)
{
	static const char arp[] =
	    "Interface: 10.0.0.11 --- 0x6\r\n"
	    "  Internet Address      Physical Address      Type\r\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\r\n";
	struct ipk_tset *s;

	/* ARP output under the netstat name is not read as connections. */
	s = ipk_test_parse_text("Network connections/ActiveNetConnections.txt",
	    arp, sizeof(arp) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 1);
	ipk_tset_free(s);

	/* netstat output under another name is recognised by content. */
	s = ipk_test_parse_text("Network connections/Output.txt", en_ano,
	    sizeof(en_ano) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 4);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_netaddr)
{
	struct ipk_endpoint ep;
	unsigned char a[16];

	ck_assert_int_eq(ipk_endpoint_parse("10.0.0.5:49712", 14, &ep), 1);
	ck_assert_int_eq(ep.family, 4);
	ck_assert_int_eq(ep.port, 49712);
	ck_assert_uint_eq(ep.host_len, 8);
	ck_assert_int_eq(ipk_endpoint_parse("[::]:445", 8, &ep), 1);
	ck_assert_int_eq(ep.family, 6);
	ck_assert_uint_eq(ep.host_len, 2);
	ck_assert_int_eq(ep.port, 445);
	ck_assert_int_eq(ipk_endpoint_parse("[fe80::1%12]:139", 16, &ep), 1);
	ck_assert_int_eq(memcmp(ep.host, "fe80::1%12", ep.host_len), 0);
	ck_assert_int_eq(ep.port, 139);
	ck_assert_int_eq(ipk_endpoint_parse("*:*", 3, &ep), 1);
	ck_assert_int_eq(ep.port, -1);
	ck_assert_int_eq(ep.family, 0);
	ck_assert_int_eq(ipk_endpoint_parse("HOST-1:microsoft-ds", 19, &ep), 1);
	ck_assert_int_eq(ep.port, -2);
	ck_assert_uint_eq(ep.port_name_len, 12);
	/* Not endpoints. */
	ck_assert_int_eq(ipk_endpoint_parse("10.0.0.5:65536", 14, &ep), 0);
	ck_assert_int_eq(ipk_endpoint_parse("fe80::1:445", 11, &ep), 0);
	ck_assert_int_eq(ipk_endpoint_parse("[zz::1]:445", 11, &ep), 0);
	ck_assert_int_eq(ipk_endpoint_parse("10.0.0.5", 8, &ep), 0);
	ck_assert_int_eq(ipk_endpoint_parse("a b:1", 5, &ep), 0);

	ck_assert_int_eq(ipk_ipv6_parse("::ffff:10.1.2.3", 15, a), 1);
	ck_assert_uint_eq(a[10], 0xFF);
	ck_assert_uint_eq(a[15], 3);
	ck_assert_int_eq(ipk_ipv6_parse("2001:db8::8:800:200c:417a", 25, a), 1);
	ck_assert_uint_eq(a[14], 0x41);
	ck_assert_int_eq(ipk_ipv6_parse("1:2:3:4:5:6:7:8", 15, a), 1);
	ck_assert_int_eq(ipk_ipv6_parse("1::2:3:4:5:6:7:8", 16, a), 0);
	ck_assert_int_eq(ipk_ipv6_parse("1:::2", 5, a), 0);
	ck_assert_int_eq(ipk_ipv6_parse("1:2", 3, a), 0);
	ck_assert_int_eq(ipk_ipv6_parse("fe80::1%", 8, a), 0);
	ck_assert_int_eq(ipk_ipv4_parse("256.0.0.1", 9, a), 0);
	ck_assert_int_eq(ipk_ipv4_parse("1.2.3", 5, a), 0);
	ck_assert_int_eq(ipk_ip_family("[::1]", 5), 6);
	ck_assert_int_eq(ipk_ip_family("10.0.0.1", 8), 4);
	ck_assert_int_eq(ipk_ip_family("host", 4), 0);

	ck_assert_str_eq(ipk_addr_scope("172.31.255.1", 12), "private");
	ck_assert_str_eq(ipk_addr_scope("172.32.0.1", 10), "public");
	ck_assert_str_eq(ipk_addr_scope("100.64.0.1", 10), "private");
	ck_assert_str_eq(ipk_addr_scope("169.254.3.4", 11), "link-local");
	ck_assert_str_eq(ipk_addr_scope("224.0.0.251", 11), "multicast");
	ck_assert_str_eq(ipk_addr_scope("255.255.255.255", 15), "broadcast");
	ck_assert_str_eq(ipk_addr_scope("0.1.2.3", 7), "reserved");
	ck_assert_str_eq(ipk_addr_scope("203.0.113.9", 11), "public");
	ck_assert_str_eq(ipk_addr_scope("[fd00::1]", 9), "private");
	ck_assert_str_eq(ipk_addr_scope("fec0:0:0:ffff::1%1", 18), "private");
	ck_assert_str_eq(ipk_addr_scope("ff02::fb", 8), "multicast");
	ck_assert_str_eq(ipk_addr_scope("::ffff:192.168.1.1", 18), "private");
	ck_assert_str_eq(ipk_addr_scope("2606:4700::1111", 15), "public");
	ck_assert_ptr_null(ipk_addr_scope("LAPTOP-01", 9));
}
END_TEST

static Suite *
connections_suite(void)
{
	Suite *s = suite_create("connections");
	TCase *tc = tcase_create("connections");

	tcase_add_test(tc, test_connections_en_anob);
	tcase_add_test(tc, test_connections_en_utf16);
	tcase_add_test(tc, test_connections_fr_cp850);
	tcase_add_test(tc, test_connections_ja_cp932);
	tcase_add_test(tc, test_connections_de_states);
	tcase_add_test(tc, test_connections_garbage);
	tcase_add_test(tc, test_connections_probe);
	tcase_add_test(tc, test_netaddr);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(connections_suite)
