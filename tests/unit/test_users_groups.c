/*
 * test_users_groups.c - the local group parser (`net localgroup`) and the
 * session parser (`query user`) on English (CP437), French (CP850),
 * Japanese (CP932) and UTF-16LE output, batch prompt lines, garbage and
 * the "nothing collected" texts.
 */
#include "ipk_test.h"

#include <iconv.h>
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

#define DASHES "-------------------------------------------------------------" \
    "------------------\r\n"

/* LocalGroups.txt: a batch loop with echo on runs net localgroup per group. */
static const char groups_en[] =
    "\r\n"
    "C:\\Windows\\system32>net localgroup \"Administrators\" \r\n"
    "Alias name     Administrators\r\n"
    "Comment        Administrators have complete and unrestricted access to "
    "the computer/domain\r\n"
    "\r\n"
    "Members\r\n"
    "\r\n"
    DASHES
    "Administrator\r\n"
    "CORP\\Domain Admins\r\n"
    "svc_backup\r\n"
    "The command completed successfully.\r\n"
    "\r\n"
    "\r\n"
    "C:\\Windows\\system32>net localgroup \"Remote Desktop Users\" \r\n"
    "Alias name     Remote Desktop Users\r\n"
    "Comment        Members in this group are granted the right to logon "
    "remotely\r\n"
    "\r\n"
    "Members\r\n"
    "\r\n"
    DASHES
    "The command completed successfully.\r\n"
    "\r\n";

START_TEST(test_groups_en_cp437)
{
	struct ipk_tset *s = parse_as("Users and Groups/LocalGroups.txt",
	    groups_en, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 4);
	r = ipk_tset_find(s, "local_groups", "member", "CORP\\Domain Admins");
	ck_assert_field(r, "group", "Administrators");
	ck_assert_field(r, "comment", "Administrators have complete and "
	    "unrestricted access to the computer/domain");
	ck_assert_uint_eq(r->line, 10);
	ck_assert_field(ipk_tset_find(s, "local_groups", "member", "svc_backup"),
	    "group", "Administrators");
	/* A group without members: one record without "member". */
	r = ipk_tset_find(s, "local_groups", "group", "Remote Desktop Users");
	ck_assert_ptr_null(ipk_trec_get(r, "member"));
	ck_assert_field(r, "comment", "Members in this group are granted the "
	    "right to logon remotely");
	ck_assert_uint_eq(r->line, 16);
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "local_groups"),
	    "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_groups_fr_ja)
{
	static const char fr[] =
	    "Nom d'alias    Administrateurs\r\n"
	    "Commentaire    Les membres du groupe Administrateurs disposent d'un "
	    "accès complet et illimité à l'ordinateur et au domaine\r\n"
	    "\r\n"
	    "Membres\r\n"
	    "\r\n"
	    DASHES
	    "Administrateur\r\n"
	    "AUTORITE NT\\Utilisateurs authentifiés\r\n"
	    "La commande s'est terminée correctement.\r\n"
	    "\r\n"
	    "Nom alias      Utilisateurs du Bureau à distance\r\n"
	    "Commentaire    Les membres de ce groupe disposent des droits pour "
	    "ouvrir une session à distance\r\n"
	    "\r\n"
	    "Membres\r\n"
	    "\r\n"
	    DASHES
	    "CORP\\admin\r\n"
	    "La commande s'est terminée correctement.\r\n";
	static const char ja[] =
	    "エイリアス名     Administrators\r\n"
	    "コメント         コンピューター/ドメインに完全なアクセス権があります\r\n"
	    "\r\n"
	    "メンバー\r\n"
	    "\r\n"
	    DASHES
	    "Administrator\r\n"
	    "CORP\\山田\r\n"
	    "コマンドは正常に終了しました。\r\n";
	struct ipk_tset *s = parse_as("Users and Groups/LocalGroups.txt", fr,
	    "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 3);
	r = ipk_tset_find(s, "local_groups", "member",
	    "AUTORITE NT\\Utilisateurs authentifi\xc3\xa9s");
	ck_assert_field(r, "group", "Administrateurs");
	ck_assert_field(r, "comment", "Les membres du groupe Administrateurs "
	    "disposent d'un acc\xc3\xa8s complet et illimit\xc3\xa9 \xc3\xa0 "
	    "l'ordinateur et au domaine");
	r = ipk_tset_find(s, "local_groups", "member", "CORP\\admin");
	ck_assert_field(r, "group", "Utilisateurs du Bureau \xc3\xa0 distance");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "local_groups"),
	    "encoding", "cp850");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);

	/* The documented layout: one file per group. */
	s = parse_as("Users and Groups/Administrators.txt", ja, "CP932");
	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 2);
	r = ipk_tset_find(s, "local_groups", "member", "CORP\\山田");
	ck_assert_field(r, "group", "Administrators");
	ck_assert_field(r, "comment",
	    "コンピューター/ドメインに完全なアクセス権があります");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "local_groups"),
	    "encoding", "cp932");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* The plain list, then one group's block: no duplicate for it. */
START_TEST(test_groups_list_utf16)
{
	static const char list[] =
	    "\r\n"
	    "Aliases for \\\\CORP-FIN-03\r\n"
	    "\r\n"
	    DASHES
	    "*Administrators\r\n"
	    "*Backup Operators\r\n"
	    "*Remote Desktop Users\r\n"
	    "The command completed successfully.\r\n"
	    "\r\n"
	    "Alias name     Administrators\r\n"
	    "Comment        Administrators have complete access\r\n"
	    "\r\n"
	    "Members\r\n"
	    "\r\n"
	    DASHES
	    "Administrator\r\n"
	    "The command completed successfully.\r\n";
	struct ipk_tset *s = parse_as("LocalGroups.txt", list, "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 3);
	r = ipk_tset_find(s, "local_groups", "group", "Backup Operators");
	ck_assert_ptr_null(ipk_trec_get(r, "member"));
	ck_assert_ptr_null(ipk_trec_get(r, "comment"));
	ck_assert_uint_eq(r->line, 6);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "local_groups", "group",
	    "Remote Desktop Users"));
	r = ipk_tset_find(s, "local_groups", "group", "Administrators");
	ck_assert_field(r, "member", "Administrator");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "local_groups"),
	    "encoding", "utf-16le");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_groups_garbage)
{
	static const char bad[] =
	    "Alias name     Administrators\r\n"
	    "Comment        Admins\r\n"
	    "\r\n"
	    "Members\r\n"
	    "\r\n"
	    DASHES
	    "Administrator\r\n"
	    "The command completed successfully.\r\n"
	    "random junk between blocks\r\n"
	    "System error 1376 has occurred.\r\n"
	    "\r\n"
	    "Alias name     Users\r\n"
	    "Comment        Users\r\n"
	    "\r\n"
	    "Members\r\n"
	    "\r\n"
	    DASHES
	    "NT AUTHORITY\\INTERACTIVE\r\n"
	    "The command completed successfully.\r\n";
	struct ipk_tset *s = ipk_test_parse_text("LocalGroups.txt", bad,
	    sizeof(bad) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 2);
	ck_assert_field(ipk_tset_find(s, "local_groups", "group", "Users"),
	    "member", "NT AUTHORITY\\INTERACTIVE");
	ck_assert(ipk_tset_has_diag(s, "|LocalGroups.txt|9|not a net "
	    "localgroup line: 'random junk between blocks'"));
	ck_assert(ipk_tset_has_diag(s, "|LocalGroups.txt|10|net localgroup "
	    "says: System error 1376"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "local_groups"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

static const char quser_en[] =
    " USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  "
    "LOGON TIME\r\n"
    ">bob                   console             1  Active      none   "
    "9/7/2026 10:05 PM\r\n"
    " alice                                     2  Disc            3  "
    "9/6/2026 8:00 AM\r\n"
    " john smith            rdp-tcp#13         13  Active    5+02:09  "
    "8/25/2026 1:23 AM\r\n";

START_TEST(test_quser_en_cp437)
{
	struct ipk_tset *s = parse_as("Users and Groups/QueryUser.txt",
	    quser_en, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 3);
	r = ipk_tset_find(s, "logged_on_users", "user", "bob");
	ck_assert_field(r, "session_name", "console");
	ck_assert_field(r, "id", "1");
	ck_assert_field(r, "state", "Active");
	ck_assert_field(r, "state_norm", "active");
	ck_assert_field(r, "idle_time", "none");
	ck_assert_field(r, "logon_time_raw", "9/7/2026 10:05 PM");
	ck_assert_field(r, "logon_time", "2026-09-07T22:05");
	ck_assert_field(r, "current", "true");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "logged_on_users", "user", "alice");
	ck_assert_ptr_null(ipk_trec_get(r, "session_name"));
	ck_assert_field(r, "state_norm", "disconnected");
	ck_assert_field(r, "idle_time", "3");
	ck_assert_field(r, "logon_time", "2026-09-06T08:00");
	ck_assert_field(r, "current", "false");
	/* A user name with a blank; 25 proves month first. */
	r = ipk_tset_find(s, "logged_on_users", "user", "john smith");
	ck_assert_field(r, "session_name", "rdp-tcp#13");
	ck_assert_field(r, "id", "13");
	ck_assert_field(r, "idle_time", "5+02:09");
	ck_assert_field(r, "logon_time", "2026-08-25T01:23");
	ck_assert_field(ipk_tset_find(s, "member", "artifact",
	    "logged_on_users"), "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_quser_fr_ja)
{
	static const char fr[] =
	    " UTILISATEUR           SESSION            ID  ÉTAT    TEMPS INACT  "
	    "TEMPS SESSION\r\n"
	    ">admin                 console             1  Actif      aucun   "
	    "07/09/2026 22:05\r\n"
	    " marie                                     3  Déco           12  "
	    "30/08/2026 08:00\r\n";
	static const char ja[] =
	    " ユーザー名            セッション名       ID  状態    アイドル時間 "
	    "  ログオン時刻\r\n"
	    ">tanaka                console             1  アクティブ      なし  "
	    "2026/09/07 22:05\r\n"
	    " suzuki                                    2  切断             7  "
	    "2026/09/06 9:10\r\n";
	struct ipk_tset *s = parse_as("Users and Groups/QueryUser.txt", fr,
	    "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 2);
	r = ipk_tset_find(s, "logged_on_users", "user", "admin");
	ck_assert_field(r, "state", "Actif");
	ck_assert_field(r, "state_norm", "active");
	ck_assert_field(r, "idle_time", "aucun");
	/* 30/08 proves day first for 07/09 too. */
	ck_assert_field(r, "logon_time", "2026-09-07T22:05");
	ck_assert_field(r, "current", "true");
	r = ipk_tset_find(s, "logged_on_users", "user", "marie");
	ck_assert_field(r, "state", "D\xc3\xa9" "co");
	ck_assert_field(r, "state_norm", "disconnected");
	ck_assert_field(r, "id", "3");
	ck_assert_ptr_null(ipk_trec_get(r, "session_name"));
	ipk_tset_free(s);

	s = parse_as("Users and Groups/QueryUser.txt", ja, "CP932");
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 2);
	r = ipk_tset_find(s, "logged_on_users", "user", "tanaka");
	ck_assert_field(r, "session_name", "console");
	ck_assert_field(r, "state", "アクティブ");
	ck_assert_field(r, "state_norm", "active");
	ck_assert_field(r, "idle_time", "なし");
	ck_assert_field(r, "logon_time", "2026-09-07T22:05");
	r = ipk_tset_find(s, "logged_on_users", "user", "suzuki");
	ck_assert_field(r, "state_norm", "disconnected");
	ck_assert_field(r, "logon_time", "2026-09-06T09:10");
	ck_assert_field(ipk_tset_find(s, "member", "artifact",
	    "logged_on_users"), "encoding", "cp932");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_quser_gap_garbage)
{
	static const char bad[] =
	    " USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  "
	    "LOGON TIME\r\n"
	    ">bob                   console             1  Active      none   "
	    "9/7/2026 10:05 PM\r\n"
	    " garbage garbage\r\n"
	    " eve                   rdp-tcp#2           x  Active      none   "
	    "9/7/2026 10:06 PM\r\n"
	    " carol                 rdp-tcp#4           4  Active         1   "
	    "9/7/2026 10:07 PM\r\n";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	s = parse_as("Users and Groups/QueryUser.txt", "No User exists for *\r\n",
	    "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 0);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "logged_on_users");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "No User exists for *");
	ipk_tset_free(s);

	s = ipk_test_parse_text("QueryUser.txt", bad, sizeof(bad) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 2);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "logged_on_users", "user",
	    "carol"));
	ck_assert(ipk_tset_has_diag(s, "|QueryUser.txt|3|not a query user "
	    "row (too few columns)"));
	ck_assert(ipk_tset_has_diag(s, "|QueryUser.txt|4|not a query user "
	    "row (no numeric session id)"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Content decides: neither parser takes the other's output. */
START_TEST(test_users_groups_probe)
{
	struct ipk_tset *s = parse_as("misc/a.txt", quser_en, "CP437");

	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 3);
	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 0);
	ipk_tset_free(s);
	s = parse_as("misc/b.txt", groups_en, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "local_groups"), 4);
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 0);
	ipk_tset_free(s);
	/* QueryUser.txt in the groups' folder is read as sessions. */
	s = parse_as("Users and Groups/QueryUser.txt", quser_en, "UTF-16LE");
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 3);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

static Suite *
users_groups_suite(void)
{
	Suite *s = suite_create("users_groups");
	TCase *tc = tcase_create("users_groups");

	tcase_add_test(tc, test_groups_en_cp437);
	tcase_add_test(tc, test_groups_fr_ja);
	tcase_add_test(tc, test_groups_list_utf16);
	tcase_add_test(tc, test_groups_garbage);
	tcase_add_test(tc, test_quser_en_cp437);
	tcase_add_test(tc, test_quser_fr_ja);
	tcase_add_test(tc, test_quser_gap_garbage);
	tcase_add_test(tc, test_users_groups_probe);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(users_groups_suite)
