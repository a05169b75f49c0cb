/*
 * test_smb.c - inbound SMB sessions: `net session` in English (CP437),
 * French (CP850) and Japanese (CP932), the 2025-26 "SMB Session/
 * Summary.txt" as a Get-SmbSession table (UTF-16LE) or list (UTF-8), the
 * "no sessions" texts that become gap records, and a bad row.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char en[] =
    "\r\n"
    "Computer               User name            Client Type       Opens Idle time\r\n"
    "\r\n"
    "-------------------------------------------------------------------------------\r\n"
    "\\\\10.0.0.5             admin                                      1 00:00:04\r\n"
    "\\\\192.168.56.20        SVC_BACKUP           Windows 2000 2195     3 01:12:40\r\n"
    "\\\\10.0.0.9                                  Windows 2000 2195     0 12:00:00\r\n"
    "\\\\fe80::1c2d:3e4f                                                 2 00:05:00\r\n"
    "The command completed successfully.\r\n"
    "\r\n";

/* French (CP850); "josé.martin", "La commande s'est terminée...". */
static const char fr_cp850[] =
    "\r\n"
    "Ordinateur             Nom d'utilisateur    Type de client    Ouvertures Inactivit\x82\r\n"
    "\r\n"
    "-------------------------------------------------------------------------------\r\n"
    "\\\\10.20.0.14           jos\x82.martin                                2 00:03:12\r\n"
    "La commande s'est termin\x82""e correctement.\r\n";

/*
 * Japanese (CP932): user "管理者" alone in the middle, then a client type
 * alone; "コマンドは正常に終了しました。".
 */
static const char ja_cp932[] =
    "\r\n"
    "\x83R\x83\x93\x83s\x83\x85\x81[\x83^\x81[         \x83\x86\x81[\x83U"
    "\x81[\x96\xbc           \x83N\x83\x89\x83""C\x83""A\x83\x93\x83g\x82"
    "\xcc\x8e\xed\x97\xde \x83I\x81[\x83v\x83\x93 \x83""A\x83""C\x83h\x83"
    "\x8b\x8e\x9e\x8a\xd4\r\n"
    "\r\n"
    "-------------------------------------------------------------------------------\r\n"
    "\\\\10.0.0.7             \x8a\xc7\x97\x9d\x8e\xd2                                     4 00:10:00\r\n"
    "\\\\10.0.0.8                                  Windows 2000 2195     1 00:00:30\r\n"
    "\x83R\x83}\x83\x93\x83h\x82\xcd\x90\xb3\x8f\xed\x82\xc9\x8fI\x97\xb9\x82"
    "\xb5\x82\xdc\x82\xb5\x82\xbd\x81""B\r\n";

/* Get-SmbSession | Out-File (UTF-16LE): a table. */
static const char ps_table[] =
    "\r\n"
    "    SessionId ClientComputerName ClientUserName    NumOpens\r\n"
    "    --------- ------------------ --------------    --------\r\n"
    "8813272891461 10.0.0.5           CORP\\admin               1\r\n"
    "8813272891469 [fe80::5]          CORP\\svc_sql             3\r\n"
    "\r\n"
    "\r\n";

/* Get-SmbSession | Format-List (UTF-8). */
static const char ps_list[] =
    "\n"
    "SessionId          : 8813272891461\n"
    "ClientComputerName : 10.0.0.5\n"
    "ClientUserName     : CORP\\admin\n"
    "NumOpens           : 1\n"
    "Dialect            : 3.1.1\n"
    "SecondsIdle        : 42\n"
    "\n"
    "SessionId          : 8813272891469\n"
    "ClientComputerName : 203.0.113.77\n"
    "ClientUserName     : WORKGROUP\\guest\n"
    "NumOpens           : 0\n";

START_TEST(test_smb_en)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Windows Server Message Block (SMB) sessions/SMBInboundSessions",
	    en, sizeof(en) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 4);
	r = ipk_tset_nth(s, "smb_inbound", 0);
	ck_assert_uint_eq(r->line, 5);
	ck_assert_field(r, "client", "10.0.0.5");
	ck_assert_field(r, "client_scope", "private");
	ck_assert_field(r, "user", "admin");
	ck_assert_ptr_null(ipk_trec_get(r, "client_type"));
	ck_assert_field(r, "opens", "1");
	ck_assert_field(r, "idle_time", "00:00:04");

	r = ipk_tset_nth(s, "smb_inbound", 1);
	ck_assert_field(r, "client", "192.168.56.20");
	ck_assert_field(r, "user", "SVC_BACKUP");
	ck_assert_field(r, "client_type", "Windows 2000 2195");
	ck_assert_field(r, "opens", "3");
	ck_assert_field(r, "idle_time", "01:12:40");

	/* A lone middle cell under "Client Type" is the client type. */
	r = ipk_tset_nth(s, "smb_inbound", 2);
	ck_assert_ptr_null(ipk_trec_get(r, "user"));
	ck_assert_field(r, "client_type", "Windows 2000 2195");
	ck_assert_field(r, "opens", "0");

	r = ipk_tset_nth(s, "smb_inbound", 3);
	ck_assert_field(r, "client", "fe80::1c2d:3e4f");
	ck_assert_field(r, "client_scope", "link-local");
	ck_assert_ptr_null(ipk_trec_get(r, "user"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "smb_inbound"),
	    "status", "ok");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_fr_ja)
{
	struct ipk_tset *s = ipk_test_parse_text("SMBInboundSessions.txt",
	    fr_cp850, sizeof(fr_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 1);
	r = ipk_tset_nth(s, "smb_inbound", 0);
	ck_assert_field(r, "client", "10.20.0.14");
	ck_assert_field(r, "user", "jos\xc3\xa9.martin");
	ck_assert_field(r, "opens", "2");
	ck_assert_field(r, "idle_time", "00:03:12");
	ipk_tset_free(s);

	s = ipk_test_parse_text("SMBInboundSessions.txt", ja_cp932,
	    sizeof(ja_cp932) - 1, NULL);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 2);
	r = ipk_tset_nth(s, "smb_inbound", 0);
	ck_assert_field(r, "client", "10.0.0.7");
	ck_assert_field(r, "user", "\xe7\xae\xa1\xe7\x90\x86\xe8\x80\x85");
	ck_assert_ptr_null(ipk_trec_get(r, "client_type"));
	ck_assert_field(r, "opens", "4");
	r = ipk_tset_nth(s, "smb_inbound", 1);
	ck_assert_ptr_null(ipk_trec_get(r, "user"));
	ck_assert_field(r, "client_type", "Windows 2000 2195");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "smb_inbound"),
	    "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_powershell)
{
	size_t len;
	void *data = ipk_test_utf16le(ps_table, &len);
	struct ipk_tset *s = ipk_test_parse_text("SMB Session/Summary.txt",
	    data, len, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 2);
	r = ipk_tset_nth(s, "smb_inbound", 0);
	ck_assert_uint_eq(r->line, 4);
	ck_assert_field(r, "session_id", "8813272891461");
	ck_assert_field(r, "client", "10.0.0.5");
	ck_assert_field(r, "user", "CORP\\admin");
	ck_assert_field(r, "opens", "1");
	r = ipk_tset_nth(s, "smb_inbound", 1);
	ck_assert_field(r, "client", "fe80::5");
	ck_assert_field(r, "client_scope", "link-local");
	ck_assert_field(r, "opens", "3");
	free(data);
	ipk_tset_free(s);

	s = ipk_test_parse_text("SMB Session/Summary.txt", ps_list,
	    sizeof(ps_list) - 1, NULL);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 2);
	r = ipk_tset_nth(s, "smb_inbound", 0);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_field(r, "client", "10.0.0.5");
	ck_assert_field(r, "user", "CORP\\admin");
	ck_assert_field(r, "dialect", "3.1.1");
	ck_assert_field(r, "idle_seconds", "42");
	r = ipk_tset_nth(s, "smb_inbound", 1);
	ck_assert_field(r, "client", "203.0.113.77");
	ck_assert_field(r, "client_scope", "public");
	ck_assert_field(r, "user", "WORKGROUP\\guest");
	ck_assert_field(r, "opens", "0");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_gaps)
{
	static const char none_en[] = "There are no entries in the list.\r\n\r\n";
	static const char none_new[] = "There are no active SMB sessions.\r\n";
	/* French, CP850: "Il n'y a pas d'entrées dans la liste." */
	static const char none_fr[] =
	    "Il n'y a pas d'entr\x82""es dans la liste.\r\n";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	s = ipk_test_parse_text("Windows Server Message Block (SMB) sessions/"
	    "SMBInboundSessions", none_en, sizeof(none_en) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 0);
	r = ipk_tset_find(s, "gap", "artifact", "smb_inbound");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "There are no entries in the list.");
	ipk_tset_free(s);

	s = ipk_test_parse_text("SMB Session/Summary.txt", none_new,
	    sizeof(none_new) - 1, NULL);
	r = ipk_tset_find(s, "gap", "artifact", "smb_inbound");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "There are no active SMB sessions.");
	ipk_tset_free(s);

	s = ipk_test_parse_text("SMBInboundSessions.txt", none_fr,
	    sizeof(none_fr) - 1, NULL);
	r = ipk_tset_find(s, "gap", "artifact", "smb_inbound");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason",
	    "Il n'y a pas d'entr\xc3\xa9" "es dans la liste.");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_garbage)
{
	static const char bad[] =
	    "Computer               User name            Client Type       Opens Idle time\n"
	    "\n"
	    "-------------------------------------------------------------------------------\n"
	    "\\\\10.0.0.5             admin                                      1 00:00:04\n"
	    "\\\\10.0.0.6             bob                                        x 00:00:04\n"
	    "%%% garbage %%%\n"
	    "\\\\10.0.0.7             carol                                      2 00:01:00\n"
	    "The command completed successfully.\n";
	struct ipk_tset *s = ipk_test_parse_text("SMBInboundSessions.txt", bad,
	    sizeof(bad) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 2);
	ck_assert(ipk_tset_has_diag(s, "|SMBInboundSessions.txt|5|not a net "
	    "session row"));
	ck_assert(ipk_tset_has_diag(s, "|SMBInboundSessions.txt|6|not a net "
	    "session row: '%%% garbage %%%'"));
	ck_assert_ptr_nonnull(ipk_tset_find(s, "smb_inbound", "user", "carol"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "smb_inbound"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_not_localgroup)
{
	static const char lg[] =
	    "Alias name     Administrators\r\n"
	    "Comment        Administrators have complete and unrestricted access\r\n"
	    "\r\n"
	    "Members\r\n"
	    "\r\n"
	    "-------------------------------------------------------------------------------\r\n"
	    "Administrator\r\n"
	    "CORP\\Domain Admins\r\n"
	    "The command completed successfully.\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Other/Unknown.txt", lg,
	    sizeof(lg) - 1, NULL);

	/* net localgroup output is not claimed as SMB sessions. */
	ck_assert_uint_eq(ipk_tset_count(s, "smb_inbound"), 0);
	ipk_tset_free(s);
}
END_TEST

static Suite *
smb_suite(void)
{
	Suite *s = suite_create("smb");
	TCase *tc = tcase_create("smb");

	tcase_add_test(tc, test_smb_en);
	tcase_add_test(tc, test_smb_fr_ja);
	tcase_add_test(tc, test_smb_powershell);
	tcase_add_test(tc, test_smb_gaps);
	tcase_add_test(tc, test_smb_garbage);
	tcase_add_test(tc, test_smb_not_localgroup);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(smb_suite)
