/*
 * test_arp.c - the ARP table parser on English (UTF-16LE), French (CP850)
 * and Japanese (CP932) `arp -a` output.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char en[] =
    "\r\nInterface: 10.0.0.11 --- 0x6\r\n"
    "  Internet Address      Physical Address      Type\r\n"
    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\r\n"
    "  224.0.0.22            01-00-5e-00-00-16     static\r\n"
    "\r\nInterface: 192.168.56.3 --- 0xb\r\n"
    "  Internet Address      Physical Address      Type\r\n"
    "  192.168.56.1          0a-00-27-00-00-0b     dynamic\r\n";

/* French: "Interface : ..." and "Adresse Internet  Adresse physique  Type" */
static const char fr_cp850[] =
    "\r\nInterface : 10.0.0.12 --- 0x7\r\n"
    "  Adresse Internet      Adresse physique      Type\r\n"
    "  10.0.0.1              12-34-56-78-9a-bc     dynamique\r\n"
    "  10.0.0.255            ff-ff-ff-ff-ff-ff     statique\r\n";

/* Japanese in CP932: "インターフェイス: 10.0.0.13 --- 0x5", type 動的 */
static const char ja_cp932[] =
    "\r\n\x83\x43\x83\x93\x83\x5e\x81\x5b\x83\x74\x83\x46\x83\x43\x83\x58"
    ": 10.0.0.13 --- 0x5\r\n"
    "  \x83\x43\x83\x93\x83\x5e\x81\x5b\x83\x6c\x83\x62\x83\x67 "
    "\x83\x41\x83\x68\x83\x8c\x83\x58    \x95\xa8\x97\x9d\x83\x41\x83\x68"
    "\x83\x8c\x83\x58     \x8e\xed\x97\xde\r\n"
    "  10.0.0.1              12-34-56-78-9a-bc     \x93\xae\x93\x49\r\n";

START_TEST(test_arp_en_utf16)
{
	size_t len;
	void *data = ipk_test_utf16le(en, &len);
	struct ipk_tset *s = ipk_test_parse_text("Network connections/Arp.txt",
	    data, len, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 3);
	r = ipk_tset_find(s, "arp", "ip", "192.168.56.1");
	ck_assert_field(r, "interface", "192.168.56.3");
	ck_assert_field(r, "interface_index", "0xb");
	ck_assert_field(r, "mac", "0a-00-27-00-00-0b");
	ck_assert_field(r, "type", "dynamic");
	ck_assert_uint_eq(r->line, 9);
	r = ipk_tset_find(s, "member", "artifact", "arp");
	ck_assert_field(r, "encoding", "utf-16le");
	ck_assert_field(r, "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_arp_fr_ja)
{
	struct ipk_tset *s = ipk_test_parse_text("Arp.txt", fr_cp850,
	    sizeof(fr_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	r = ipk_tset_find(s, "arp", "ip", "10.0.0.255");
	ck_assert_field(r, "type", "statique");
	ck_assert_field(r, "interface", "10.0.0.12");
	ipk_tset_free(s);

	s = ipk_test_parse_text("Arp.txt", ja_cp932, sizeof(ja_cp932) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 1);
	r = ipk_tset_nth(s, "arp", 0);
	ck_assert_field(r, "type", "\xe5\x8b\x95\xe7\x9a\x84"); /* 動的 */
	ck_assert_field(r, "interface_index", "0x5");
	r = ipk_tset_find(s, "member", "artifact", "arp");
	ck_assert_field(r, "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_arp_garbage_row)
{
	static const char bad[] =
	    "Interface: 10.0.0.11 --- 0x6\n"
	    "  Internet Address      Physical Address      Type\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\n"
	    "  this is not a row\n"
	    "  10.0.0.2              12-34-56-78-9a-bd     dynamic\n";
	struct ipk_tset *s = ipk_test_parse_text("Arp.txt", bad, sizeof(bad) - 1,
	    NULL);

	/* The bad row is reported with its line; the rows around it stay. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert(ipk_tset_has_diag(s, "|Arp.txt|4|not an ARP table row"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "arp"), "status",
	    "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

static Suite *
arp_suite(void)
{
	Suite *s = suite_create("arp");
	TCase *tc = tcase_create("arp");

	tcase_add_test(tc, test_arp_en_utf16);
	tcase_add_test(tc, test_arp_fr_ja);
	tcase_add_test(tc, test_arp_garbage_row);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(arp_suite)
