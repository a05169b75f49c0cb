/*
 * test_dns_cache.c - the `ipconfig /displaydns` parser: English (CP437 and
 * UTF-16LE), French (CP850), Japanese (CP932), labels of a language we do
 * not know (read by position), negative entries, the empty cache, and bad
 * lines.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char en[] =
    "\r\n"
    "Windows IP Configuration\r\n"
    "\r\n"
    "    raw.githubusercontent.com\r\n"
    "    ----------------------------------------\r\n"
    "    Record Name . . . . . : raw.githubusercontent.com\r\n"
    "    Record Type . . . . . : 1\r\n"
    "    Time To Live  . . . . : 1234\r\n"
    "    Data Length . . . . . : 4\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    A (Host) Record . . . : 185.199.108.133\r\n"
    "\r\n"
    "\r\n"
    "    Record Name . . . . . : raw.githubusercontent.com\r\n"
    "    Record Type . . . . . : 1\r\n"
    "    Time To Live  . . . . : 1234\r\n"
    "    Data Length . . . . . : 4\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    A (Host) Record . . . : 185.199.109.133\r\n"
    "\r\n"
    "\r\n"
    "    www.github.com\r\n"
    "    ----------------------------------------\r\n"
    "    Record Name . . . . . : www.github.com\r\n"
    "    Record Type . . . . . : 5\r\n"
    "    Time To Live  . . . . : 3600\r\n"
    "    Data Length . . . . . : 8\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    CNAME Record  . . . . : github.com\r\n"
    "\r\n"
    "\r\n"
    "    Record Name . . . . . : github.com\r\n"
    "    Record Type . . . . . : 1\r\n"
    "    Time To Live  . . . . : 60\r\n"
    "    Data Length . . . . . : 4\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    A (Host) Record . . . : 140.82.121.4\r\n"
    "\r\n"
    "\r\n"
    "    www.github.com\r\n"
    "    ----------------------------------------\r\n"
    "    No records of type AAAA\r\n"
    "\r\n"
    "\r\n"
    "    update.evil-c2.example\r\n"
    "    ----------------------------------------\r\n"
    "    Name does not exist.\r\n"
    "\r\n"
    "\r\n"
    "    1.0.0.127.in-addr.arpa\r\n"
    "    ----------------------------------------\r\n"
    "    Record Name . . . . . : 1.0.0.127.in-addr.arpa.\r\n"
    "    Record Type . . . . . : 12\r\n"
    "    Time To Live  . . . . : 604800\r\n"
    "    Data Length . . . . . : 8\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    PTR Record  . . . . . : localhost\r\n"
    "\r\n"
    "\r\n"
    "    ipv6.msftconnecttest.com\r\n"
    "    ----------------------------------------\r\n"
    "    Record Name . . . . . : ipv6.msftconnecttest.com\r\n"
    "    Record Type . . . . . : 28\r\n"
    "    Time To Live  . . . . : 27\r\n"
    "    Data Length . . . . . : 16\r\n"
    "    Section . . . . . . . : Answer\r\n"
    "    AAAA Record . . . . . : 2a01:111:2003::52\r\n"
    "\r\n";

/* French (CP850): "Durée de vie", "Réponse", "Enregistrement A (hôte)". */
static const char fr_cp850[] =
    "\r\n"
    "Configuration IP de Windows\r\n"
    "\r\n"
    "    www.google.fr\r\n"
    "    ----------------------------------------\r\n"
    "    Nom d'enregistrement . : www.google.fr\r\n"
    "    Type d'enregistrement  : 1\r\n"
    "    Dur\x82""e de vie . . . . . : 187\r\n"
    "    Longueur des donn\x82""es . : 4\r\n"
    "    Section. . . . . . . . : R\x82ponse\r\n"
    "    Enregistrement A (h\x93te) : 142.250.179.67\r\n"
    "\r\n"
    "\r\n"
    "    www.google.fr\r\n"
    "    ----------------------------------------\r\n"
    "    Aucun enregistrement de type AAAA\r\n"
    "\r\n";

/* Japanese (CP932): "Windows IP 構成", "レコード名", "セクション: 回答"... */
static const char ja_cp932[] =
    "\r\n"
    "Windows IP \x8d\\\x90\xac\r\n"
    "\r\n"
    "    login.microsoftonline.com\r\n"
    "    ----------------------------------------\r\n"
    "    \x83\x8c\x83R\x81[\x83h\x96\xbc . . . . . . : login.microsoftonline.com\r\n"
    "    \x83\x8c\x83R\x81[\x83h\x82\xcc\x8e\xed\x97\xde . . . . : 5\r\n"
    "    Time To Live . . . . . : 12\r\n"
    "    \x83""f\x81[\x83^\x82\xcc\x92\xb7\x82\xb3 . . . . . : 8\r\n"
    "    \x83Z\x83N\x83V\x83\x87\x83\x93 . . . . . . : \x89\xf1\x93\x9a\r\n"
    "    CNAME \x83\x8c\x83R\x81[\x83h . . . . : login.mso.msidentity.com\r\n"
    "\r\n"
    "\r\n"
    "    \x83\x8c\x83R\x81[\x83h\x96\xbc . . . . . . : www.tm.a.prd.aadg.akadns.net\r\n"
    "    \x83\x8c\x83R\x81[\x83h\x82\xcc\x8e\xed\x97\xde . . . . : 1\r\n"
    "    Time To Live . . . . . : 12\r\n"
    "    \x83""f\x81[\x83^\x82\xcc\x92\xb7\x82\xb3 . . . . . : 4\r\n"
    "    \x83Z\x83N\x83V\x83\x87\x83\x93 . . . . . . : \x89\xf1\x93\x9a\r\n"
    "    A (\x83z\x83X\x83g) \x83\x8c\x83R\x81[\x83h . . : 20.190.141.32\r\n"
    "\r\n";

/* Spanish labels are not in aliases.tsv: read by their position. */
static const char es_utf8[] =
    "Configuraci\xc3\xb3n IP de Windows\n"
    "\n"
    "    contoso.sharepoint.com\n"
    "    ----------------------------------------\n"
    "    Nombre de registro. . : contoso.sharepoint.com\n"
    "    Tipo de registro. . . : 1\n"
    "    Tiempo de vida. . . . : 30\n"
    "    Longitud de datos . . : 4\n"
    "    Secci\xc3\xb3n. . . . . . . : Respuesta\n"
    "    Registro A (Host) . . : 13.107.136.10\n";

static void
check_en(struct ipk_tset *s)
{
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 8);
	r = ipk_tset_nth(s, "dns_cache", 0);
	ck_assert_uint_eq(r->line, 6);
	ck_assert_field(r, "query_name", "raw.githubusercontent.com");
	ck_assert_field(r, "record_name", "raw.githubusercontent.com");
	ck_assert_field(r, "record_type", "1");
	ck_assert_field(r, "data_type", "A");
	ck_assert_field(r, "ttl", "1234");
	ck_assert_field(r, "data_length", "4");
	ck_assert_field(r, "section", "Answer");
	ck_assert_field(r, "data", "185.199.108.133");
	r = ipk_tset_nth(s, "dns_cache", 1);
	ck_assert_uint_eq(r->line, 14);
	ck_assert_field(r, "data", "185.199.109.133");

	r = ipk_tset_find(s, "dns_cache", "data", "github.com");
	ck_assert_field(r, "query_name", "www.github.com");
	ck_assert_field(r, "data_type", "CNAME");
	ck_assert_field(r, "ttl", "3600");
	r = ipk_tset_find(s, "dns_cache", "data", "140.82.121.4");
	ck_assert_field(r, "query_name", "www.github.com");
	ck_assert_field(r, "record_name", "github.com");

	/* Negative entries. */
	r = ipk_tset_find(s, "dns_cache", "negative", "No records of type AAAA");
	ck_assert_field(r, "query_name", "www.github.com");
	ck_assert_field(r, "data_type", "AAAA");
	ck_assert_uint_eq(r->line, 42);
	ck_assert_ptr_null(ipk_trec_get(r, "record_type"));
	r = ipk_tset_find(s, "dns_cache", "negative", "Name does not exist.");
	ck_assert_field(r, "query_name", "update.evil-c2.example");
	ck_assert_ptr_null(ipk_trec_get(r, "data_type"));

	r = ipk_tset_find(s, "dns_cache", "record_type", "12");
	ck_assert_field(r, "record_name", "1.0.0.127.in-addr.arpa.");
	ck_assert_field(r, "data_type", "PTR");
	ck_assert_field(r, "data", "localhost");
	ck_assert_field(r, "ttl", "604800");
	r = ipk_tset_find(s, "dns_cache", "record_type", "28");
	ck_assert_field(r, "data_type", "AAAA");
	ck_assert_field(r, "data", "2a01:111:2003::52");
	ck_assert_field(r, "data_length", "16");
	r = ipk_tset_find(s, "member", "artifact", "dns_cache");
	ck_assert_field(r, "status", "ok");
}

START_TEST(test_dns_en)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/DnsCache.txt", en, sizeof(en) - 1, NULL);

	check_en(s);
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "dns_cache"),
	    "encoding", "utf-8");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_en_utf16)
{
	size_t len;
	void *data = ipk_test_utf16le(en, &len);
	struct ipk_tset *s = ipk_test_parse_text("Dnscache.txt", data, len,
	    NULL);

	check_en(s);
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "dns_cache"),
	    "encoding", "utf-16le");
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_fr_cp850)
{
	struct ipk_tset *s = ipk_test_parse_text("DnsCache.txt", fr_cp850,
	    sizeof(fr_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 2);
	r = ipk_tset_nth(s, "dns_cache", 0);
	ck_assert_field(r, "query_name", "www.google.fr");
	ck_assert_field(r, "record_name", "www.google.fr");
	ck_assert_field(r, "record_type", "1");
	ck_assert_field(r, "data_type", "A");
	ck_assert_field(r, "ttl", "187");
	ck_assert_field(r, "data_length", "4");
	ck_assert_field(r, "section", "R\xc3\xa9ponse");
	ck_assert_field(r, "data", "142.250.179.67");
	r = ipk_tset_nth(s, "dns_cache", 1);
	ck_assert_field(r, "negative", "Aucun enregistrement de type AAAA");
	ck_assert_field(r, "data_type", "AAAA");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "dns_cache"),
	    "encoding", "cp850");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_ja_cp932)
{
	struct ipk_tset *s = ipk_test_parse_text("DnsCache.txt", ja_cp932,
	    sizeof(ja_cp932) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 2);
	r = ipk_tset_nth(s, "dns_cache", 0);
	ck_assert_field(r, "query_name", "login.microsoftonline.com");
	ck_assert_field(r, "record_type", "5");
	ck_assert_field(r, "data_type", "CNAME");
	ck_assert_field(r, "ttl", "12");
	ck_assert_field(r, "data_length", "8");
	ck_assert_field(r, "section", "\xe5\x9b\x9e\xe7\xad\x94"); /* 回答 */
	ck_assert_field(r, "data", "login.mso.msidentity.com");
	r = ipk_tset_nth(s, "dns_cache", 1);
	ck_assert_uint_eq(r->line, 14);
	ck_assert_field(r, "query_name", "login.microsoftonline.com");
	ck_assert_field(r, "record_name", "www.tm.a.prd.aadg.akadns.net");
	ck_assert_field(r, "data_type", "A");
	ck_assert_field(r, "data", "20.190.141.32");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "dns_cache"),
	    "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_by_position)
{
	struct ipk_tset *s = ipk_test_parse_text("DnsCache.txt", es_utf8,
	    sizeof(es_utf8) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 1);
	r = ipk_tset_nth(s, "dns_cache", 0);
	ck_assert_field(r, "record_name", "contoso.sharepoint.com");
	ck_assert_field(r, "record_type", "1");
	ck_assert_field(r, "ttl", "30");
	ck_assert_field(r, "data_length", "4");
	ck_assert_field(r, "section", "Respuesta");
	ck_assert_field(r, "data", "13.107.136.10");
	ck_assert_field(r, "data_type", "A");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_empty_cache)
{
	static const char empty[] =
	    "\r\nWindows IP Configuration\r\n\r\n"
	    "Could not display the DNS Resolver Cache.\r\n";
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/DnsCache.txt", empty, sizeof(empty) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 0);
	r = ipk_tset_find(s, "gap", "artifact", "dns_cache");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "Could not display the DNS Resolver Cache.");
	ck_assert_uint_eq(r->line, 4);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_garbage)
{
	static const char bad[] =
	    "Windows IP Configuration\n"
	    "\n"
	    "    a.example\n"
	    "    ----------------------------------------\n"
	    "    Record Name . . . . . : a.example\n"
	    "    Record Type . . . . . : one\n"
	    "    Time To Live  . . . . : 10\n"
	    "    Data Length . . . . . : 4\n"
	    "    Section . . . . . . . : Answer\n"
	    "    A (Host) Record . . . : 192.0.2.1\n"
	    "\n"
	    "    Record Name . . . . . : a.example\n"
	    "    Record Type . . . . . : 1\n"
	    "    #### garbage ####\n"
	    "    Time To Live  . . . . : 10\n"
	    "    Data Length . . . . . : 4\n"
	    "    Section . . . . . . . : Answer\n"
	    "    A (Host) Record . . . : 192.0.2.2\n";
	struct ipk_tset *s = ipk_test_parse_text("DnsCache.txt", bad,
	    sizeof(bad) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 1);
	r = ipk_tset_nth(s, "dns_cache", 0);
	ck_assert_field(r, "data", "192.0.2.2");
	ck_assert_field(r, "ttl", "10");
	ck_assert(ipk_tset_has_diag(s, "|DnsCache.txt|5|Record Type is not a "
	    "number: 'one'; record skipped"));
	ck_assert(ipk_tset_has_diag(s, "|DnsCache.txt|14|not a DNS cache "
	    "line: '    #### garbage ####'"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "dns_cache"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_dns_not_ipconfig_all)
{
	static const char all[] =
	    "\r\nWindows IP Configuration\r\n\r\n"
	    "   Host Name . . . . . . . . . . . . : WS-017\r\n"
	    "   Primary Dns Suffix  . . . . . . . : corp.example\r\n"
	    "   Node Type . . . . . . . . . . . . : Hybrid\r\n"
	    "\r\nEthernet adapter Ethernet0:\r\n\r\n"
	    "   Description . . . . . . . . . . . : Intel(R) 82574L\r\n"
	    "   IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred)\r\n";
	struct ipk_tset *s;

	/* ipconfig /all under the DNS cache name is read as ipconfig. */
	s = ipk_test_parse_text("Network connections/DnsCache.txt", all,
	    sizeof(all) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 2);
	ipk_tset_free(s);
}
END_TEST

static Suite *
dns_suite(void)
{
	Suite *s = suite_create("dns_cache");
	TCase *tc = tcase_create("dns_cache");

	tcase_add_test(tc, test_dns_en);
	tcase_add_test(tc, test_dns_en_utf16);
	tcase_add_test(tc, test_dns_fr_cp850);
	tcase_add_test(tc, test_dns_ja_cp932);
	tcase_add_test(tc, test_dns_by_position);
	tcase_add_test(tc, test_dns_empty_cache);
	tcase_add_test(tc, test_dns_garbage);
	tcase_add_test(tc, test_dns_not_ipconfig_all);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(dns_suite)
