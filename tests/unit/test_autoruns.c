/*
 * test_autoruns.c - the reg query readers: autoruns (ASEP keys, one key per
 * file or concatenated) and smb_outbound (mapped drives from
 * HKU\<SID>\Network, or `net use`), on English, French and Japanese output
 * in the encodings reg.exe and net.exe write (OEM code pages CP437, CP850,
 * CP932) and in UTF-16LE.  Inputs are written here in UTF-8 and converted
 * with iconv to the bytes a real host would have produced.
 */
#include "ipk_test.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* One key per file (the documented layout), English, CP437. */
static const char en_run[] =
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    "    SecurityHealth    REG_EXPAND_SZ    %windir%\\system32\\SecurityHealthSystray.exe\r\n"
    "    VMware User Process    REG_SZ    \"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe\" -n vmusr\r\n"
    "    (Default)    REG_SZ    \r\n"
    "    Pending    REG_MULTI_SZ    first\\0second item\\0third\r\n"
    "    Delay    REG_DWORD    0x1e\r\n"
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\AutorunsDisabled\r\n"
    "    OldTool    REG_SZ    C:\\old\\tool.exe\r\n"
    "\r\n";

START_TEST(test_autoruns_en_cp437)
{
	struct ipk_tset *s = ipk_test_parse_enc("Autoruns/Run.txt", en_run, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 6);
	r = ipk_tset_find(s, "autoruns", "value_name", "VMware User Process");
	ck_assert_field(r, "hive", "HKLM");
	ck_assert_field(r, "key",
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run");
	ck_assert_field(r, "view", "64");
	ck_assert_field(r, "type", "REG_SZ");
	ck_assert_field(r, "data", "\"C:\\Program Files\\VMware\\VMware Tools\\"
	    "vmtoolsd.exe\" -n vmusr");
	ck_assert_ptr_null(ipk_trec_get(r, "user_sid"));
	ck_assert_uint_eq(r->line, 4);

	r = ipk_tset_find(s, "autoruns", "value_name", "(Default)");
	ck_assert_field(r, "data", "");
	ck_assert_field(r, "type", "REG_SZ");
	ck_assert_uint_eq(r->line, 5);

	r = ipk_tset_find(s, "autoruns", "value_name", "Pending");
	ck_assert_field(r, "type", "REG_MULTI_SZ");
	ck_assert_field(r, "data", "first\\0second item\\0third");
	ck_assert_field(r, "data_list", "first\nsecond item\nthird");

	r = ipk_tset_find(s, "autoruns", "value_name", "Delay");
	ck_assert_field(r, "type", "REG_DWORD");
	ck_assert_field(r, "data", "0x1e");

	r = ipk_tset_find(s, "autoruns", "value_name", "OldTool");
	ck_assert_field(r, "key", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
	    "Windows\\CurrentVersion\\Run\\AutorunsDisabled");
	ck_assert_uint_eq(r->line, 10);

	r = ipk_tset_find(s, "member", "artifact", "autoruns");
	ck_assert_field(r, "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* All keys in one Autoruns.txt, French, CP850: gaps inside, a stray line. */
static const char fr_all[] =
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    "    SecurityHealth    REG_EXPAND_SZ    %windir%\\system32\\SecurityHealthSystray.exe\r\n"
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    "    Mise à jour    REG_SZ    \"C:\\Program Files (x86)\\Société\\màj.exe\" /silent\r\n"
    "\r\n"
    "HKEY_USERS\\S-1-5-21-1111111111-2222222222-3333333333-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    "    (par défaut)    REG_SZ    C:\\Users\\Élodie\\AppData\\Roaming\\évent.exe\r\n"
    "\r\n"
    "ERREUR : Impossible de trouver la clé ou la valeur de Registre spécifiée.\r\n"
    "\r\n"
    "reg query \"HKU\\S-1-5-21-1111111111-2222222222-3333333333-1002\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce\" /s\r\n"
    "ERREUR : Impossible de trouver la clé ou la valeur de Registre spécifiée.\r\n"
    "\r\n"
    "ceci n'est pas une ligne de reg.exe\r\n"
    "\r\n"
    "HKEY_USERS\\S-1-5-21-1111111111-2222222222-3333333333-1001_Classes\\Software\\Run\r\n"
    "    Outil    REG_SZ    C:\\outil.exe\r\n";

START_TEST(test_autoruns_fr_cp850_concatenated)
{
	struct ipk_tset *s = ipk_test_parse_enc("Autoruns/Autoruns.txt", fr_all, "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 4);
	r = ipk_tset_find(s, "autoruns", "value_name", "Mise à jour");
	ck_assert_field(r, "view", "32");
	ck_assert_field(r, "hive", "HKLM");
	ck_assert_field(r, "data",
	    "\"C:\\Program Files (x86)\\Société\\màj.exe\" /silent");
	ck_assert_uint_eq(r->line, 6);

	r = ipk_tset_find(s, "autoruns", "value_name", "(Default)");
	ck_assert_field(r, "hive", "HKU");
	ck_assert_field(r, "user_sid",
	    "S-1-5-21-1111111111-2222222222-3333333333-1001");
	ck_assert_field(r, "view", "64");
	ck_assert_field(r, "data",
	    "C:\\Users\\Élodie\\AppData\\Roaming\\évent.exe");

	/* HKU\<SID>_Classes is the same user. */
	r = ipk_tset_find(s, "autoruns", "value_name", "Outil");
	ck_assert_field(r, "user_sid",
	    "S-1-5-21-1111111111-2222222222-3333333333-1001");
	ck_assert_uint_eq(r->line, 19);

	/* Two keys could not be read: two gaps, the second names its key. */
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 2);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_uint_eq(r->line, 11);
	ck_assert_field(r, "artifact", "autoruns");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "ERREUR : Impossible de trouver la clé ou "
	    "la valeur de Registre spécifiée.");
	ck_assert_ptr_null(ipk_trec_get(r, "key"));
	r = ipk_tset_nth(s, "gap", 1);
	ck_assert_uint_eq(r->line, 14);
	ck_assert_field(r, "key", "HKU\\S-1-5-21-1111111111-2222222222-"
	    "3333333333-1002\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce");

	/* The stray line is reported with its line; the rest is read. */
	ck_assert(ipk_tset_has_diag(s,
	    "|Autoruns/Autoruns.txt|16|not a reg query line"));
	r = ipk_tset_find(s, "member", "artifact", "autoruns");
	ck_assert_field(r, "status", "partial");
	ck_assert_field(r, "skipped", "1");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Japanese, CP932: "(既定)", 0x5C as a second byte (表, ソ), an error. */
static const char ja_run[] =
    "\r\n"
    "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    "    (既定)    REG_SZ    \r\n"
    "    表示ソフト    REG_SZ    C:\\ツール\\起動.exe /最小化\r\n"
    "\r\n"
    "エラー: 指定されたレジストリ キーまたは値が見つかりませんでした。\r\n";

START_TEST(test_autoruns_ja_cp932)
{
	struct ipk_tset *s = ipk_test_parse_enc("Autoruns/Autoruns.txt", ja_run, "CP932");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 2);
	r = ipk_tset_find(s, "autoruns", "value_name", "(Default)");
	ck_assert_field(r, "hive", "HKCU");
	ck_assert_field(r, "data", "");
	r = ipk_tset_find(s, "autoruns", "value_name", "表示ソフト");
	ck_assert_field(r, "data", "C:\\ツール\\起動.exe /最小化");
	ck_assert_field(r, "type", "REG_SZ");
	ck_assert_uint_eq(r->line, 4);
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 1);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_uint_eq(r->line, 6);
	ck_assert_field(r, "status", "not_collected");
	r = ipk_tset_find(s, "member", "artifact", "autoruns");
	ck_assert_field(r, "encoding", "cp932");
	ck_assert_field(r, "status", "ok");
	ipk_tset_free(s);
}
END_TEST

/* UTF-16LE (a collector that writes through PowerShell), multi-line data. */
START_TEST(test_autoruns_utf16_continuation)
{
	static const char text[] =
	    "\r\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\r\n"
	    "    Userinit    REG_SZ    C:\\Windows\\system32\\userinit.exe,C:\\ProgramData\\x.exe,\r\n"
	    "    LegalNoticeText    REG_SZ    Authorised use only.\r\n"
	    "Violators will be prosecuted.\r\n"
	    "    Shell    REG_SZ    explorer.exe\r\n"
	    "\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Autoruns/Winlogon.txt", text,
	    "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 3);
	r = ipk_tset_find(s, "autoruns", "value_name", "Userinit");
	ck_assert_field(r, "data",
	    "C:\\Windows\\system32\\userinit.exe,C:\\ProgramData\\x.exe,");
	r = ipk_tset_find(s, "autoruns", "value_name", "LegalNoticeText");
	ck_assert_field(r, "data",
	    "Authorised use only.\r\nViolators will be prosecuted.");
	ck_assert_uint_eq(r->line, 4);
	r = ipk_tset_find(s, "autoruns", "value_name", "Shell");
	ck_assert_uint_eq(r->line, 6);
	r = ipk_tset_find(s, "member", "artifact", "autoruns");
	ck_assert_field(r, "encoding", "utf-16le");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* A whole file of the reg.exe error is a gap, not a parse error. */
START_TEST(test_autoruns_whole_file_gap)
{
	static const char text[] =
	    "ERROR: The system was unable to find the specified registry key "
	    "or value.\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Autoruns/RunOnceEx.txt", text,
	    sizeof(text) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 0);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "autoruns");
	ck_assert_field(r, "status", "not_collected");
	r = ipk_tset_find(s, "member", "artifact", "autoruns");
	ck_assert_field(r, "status", "gap");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Content decides: a misnamed dump is still read, mapped drives are not ours. */
START_TEST(test_autoruns_probe)
{
	static const char drives[] =
	    "\r\nHKEY_USERS\\S-1-5-21-1-2-3-1001\\Network\\Z\r\n"
	    "    RemotePath    REG_SZ    \\\\fs\\x\r\n\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Misc/registry.txt", en_run,
	    sizeof(en_run) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 6);
	ipk_tset_free(s);

	s = ipk_test_parse_text("Processes/Processes.csv", en_run,
	    sizeof(en_run) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 6);
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 0);
	ck_assert(ipk_tset_has_diag(s, "named like processes but its content "
	    "is autoruns"));
	ipk_tset_free(s);

	s = ipk_test_parse_text("Misc/drives.txt", drives, sizeof(drives) - 1,
	    NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 1);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_autoruns_hostile)
{
	static const char text[] =
	    "    Orphan    REG_SZ    before any key\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Run\n"
	    "    NoData    REG_SZ\n"
	    "        REG_SZ    empty name\n"
	    "    weird    REG_    x\n"
	    "\n"
	    "HKEY_LOCAL_MACHINE\n"
	    "    Top    REG_DWORD    0x0\n";
	struct ipk_tset *s = ipk_test_parse_text("Autoruns/Autoruns.txt", text,
	    sizeof(text) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert(ipk_tset_has_diag(s, "|Autoruns/Autoruns.txt|1|registry "
	    "value before any key line"));
	ck_assert(ipk_tset_has_diag(s, "|Autoruns/Autoruns.txt|5|not a reg "
	    "query line"));
	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 3);
	r = ipk_tset_find(s, "autoruns", "value_name", "NoData");
	ck_assert_field(r, "data", "");
	r = ipk_tset_find(s, "autoruns", "data", "empty name");
	ck_assert_field(r, "value_name", "");
	r = ipk_tset_find(s, "autoruns", "value_name", "Top");
	ck_assert_field(r, "key", "HKEY_LOCAL_MACHINE");
	ck_assert_field(r, "hive", "HKLM");
	ipk_tset_free(s);
}
END_TEST

/* --- smb_outbound -------------------------------------------------------- */

static const char smb_reg[] =
    "\r\n"
    "HKEY_USERS\\S-1-5-21-1111111111-2222222222-3333333333-1001\\Network\\Z\r\n"
    "    RemotePath    REG_SZ    \\\\fileserver\\finance\r\n"
    "    UserName    REG_SZ    \r\n"
    "    ProviderName    REG_SZ    Microsoft Windows Network\r\n"
    "    ProviderType    REG_DWORD    0x20000\r\n"
    "    ConnectionType    REG_DWORD    0x1\r\n"
    "    DeferFlags    REG_DWORD    0x4\r\n"
    "\r\n"
    "HKEY_USERS\\S-1-5-21-1111111111-2222222222-3333333333-1001\\Network\\y\r\n"
    "    RemotePath    REG_SZ    \\\\10.0.0.5\\c$\r\n"
    "    UserName    REG_SZ    CORP\\svc_backup\r\n"
    "    ProviderName    REG_SZ    Microsoft Windows Network\r\n"
    "\r\n"
    "ERROR: The system was unable to find the specified registry key or value.\r\n";

START_TEST(test_smb_registry)
{
	struct ipk_tset *s = ipk_test_parse_enc(
	    "Windows Server Message Block (SMB) sessions/SMBOutboundSession",
	    smb_reg, "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 2);
	r = ipk_tset_find(s, "smb_outbound", "drive", "Z:");
	ck_assert_field(r, "remote_path", "\\\\fileserver\\finance");
	ck_assert_ptr_null(ipk_trec_get(r, "user_name"));
	ck_assert_field(r, "provider", "Microsoft Windows Network");
	ck_assert_field(r, "provider_type", "0x20000");
	ck_assert_field(r, "connection_type", "0x1");
	ck_assert_field(r, "defer_flags", "0x4");
	ck_assert_field(r, "user_sid",
	    "S-1-5-21-1111111111-2222222222-3333333333-1001");
	ck_assert_field(r, "source", "registry");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "smb_outbound", "drive", "Y:");
	ck_assert_field(r, "remote_path", "\\\\10.0.0.5\\c$");
	ck_assert_field(r, "user_name", "CORP\\svc_backup");
	ck_assert_field(r, "key", "HKEY_USERS\\S-1-5-21-1111111111-2222222222-"
	    "3333333333-1001\\Network\\y");
	/* Another user's hive had no Network key. */
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "smb_outbound");
	ck_assert_uint_eq(r->line, 15);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_net_use_en)
{
	static const char text[] =
	    "New connections will be remembered.\r\n"
	    "\r\n"
	    "\r\n"
	    "Status       Local     Remote                    Network\r\n"
	    "\r\n"
	    "-------------------------------------------------------------------------------\r\n"
	    "OK           Z:        \\\\fileserver\\finance      Microsoft Windows Network\r\n"
	    "Unavailable  Y:        \\\\old-nas\\archive          Microsoft Windows Network\r\n"
	    "OK                     \\\\10.0.0.5\\IPC$            Microsoft Windows Network\r\n"
	    "Disconnected X:        \\\\very-long-server-name.corp.example.com\\department-share\r\n"
	    "                                                Microsoft Windows Network\r\n"
	    "The command completed successfully.\r\n"
	    "\r\n";
	struct ipk_tset *s = ipk_test_parse_enc(
	    "Windows Server Message Block (SMB) sessions/SMBOutboundSession",
	    text, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 4);
	r = ipk_tset_find(s, "smb_outbound", "drive", "Z:");
	ck_assert_field(r, "status", "OK");
	ck_assert_field(r, "remote_path", "\\\\fileserver\\finance");
	ck_assert_field(r, "provider", "Microsoft Windows Network");
	ck_assert_field(r, "source", "net_use");
	ck_assert_uint_eq(r->line, 7);
	r = ipk_tset_find(s, "smb_outbound", "drive", "Y:");
	ck_assert_field(r, "status", "Unavailable");
	r = ipk_tset_find(s, "smb_outbound", "remote_path",
	    "\\\\10.0.0.5\\IPC$");
	ck_assert_ptr_null(ipk_trec_get(r, "drive"));
	ck_assert_field(r, "status", "OK");
	r = ipk_tset_find(s, "smb_outbound", "drive", "X:");
	ck_assert_field(r, "remote_path",
	    "\\\\very-long-server-name.corp.example.com\\department-share");
	ck_assert_field(r, "provider", "Microsoft Windows Network");
	ck_assert_field(r, "status", "Disconnected");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_net_use_fr_ja)
{
	static const char fr[] =
	    "Les nouvelles connexions seront mémorisées.\r\n"
	    "\r\n"
	    "\r\n"
	    "État         Local     Distant                   Réseau\r\n"
	    "\r\n"
	    "-------------------------------------------------------------------------------\r\n"
	    "OK           Z:        \\\\serveur\\comptabilité   Microsoft Windows Network\r\n"
	    "Non disponible Y:      \\\\nas\\archives           Microsoft Windows Network\r\n"
	    "ligne inattendue\r\n"
	    "La commande s'est terminée correctement.\r\n";
	static const char ja[] =
	    "新しい接続は記憶されます。\r\n"
	    "\r\n"
	    "\r\n"
	    "ステータス  ローカル名 リモート名                ネットワーク名\r\n"
	    "\r\n"
	    "-------------------------------------------------------------------------------\r\n"
	    "OK           Z:        \\\\ファイル鯖\\共有表       Microsoft Windows Network\r\n"
	    "コマンドは正常に終了しました。\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("SMB sessions/SMBOutboundSession.txt", fr,
	    "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 2);
	r = ipk_tset_find(s, "smb_outbound", "drive", "Z:");
	ck_assert_field(r, "remote_path", "\\\\serveur\\comptabilité");
	r = ipk_tset_find(s, "smb_outbound", "drive", "Y:");
	ck_assert_field(r, "status", "Non disponible");
	ck_assert_field(r, "remote_path", "\\\\nas\\archives");
	ck_assert(ipk_tset_has_diag(s, "SMBOutboundSession.txt|9|not a net use "
	    "line"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);

	s = ipk_test_parse_enc("SMB sessions/SMBOutboundSession.txt", ja, "CP932");
	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 1);
	r = ipk_tset_nth(s, "smb_outbound", 0);
	ck_assert_field(r, "drive", "Z:");
	ck_assert_field(r, "remote_path", "\\\\ファイル鯖\\共有表");
	ck_assert_field(r, "provider", "Microsoft Windows Network");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_smb_net_use_empty)
{
	static const char text[] =
	    "New connections will be remembered.\r\n"
	    "\r\n"
	    "There are no entries in the list.\r\n"
	    "\r\n";
	struct ipk_tset *s = ipk_test_parse_text(
	    "Windows Server Message Block (SMB) sessions/SMBOutboundSession",
	    text, sizeof(text) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "smb_outbound"), 0);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "smb_outbound");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "There are no entries in the list.");
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "member", "artifact", "smb_outbound");
	ck_assert_field(r, "status", "ok");
	ipk_tset_free(s);
}
END_TEST

static Suite *
autoruns_suite(void)
{
	Suite *s = suite_create("autoruns");
	TCase *tc = tcase_create("autoruns");
	TCase *smb = tcase_create("smb_outbound");

	tcase_add_test(tc, test_autoruns_en_cp437);
	tcase_add_test(tc, test_autoruns_fr_cp850_concatenated);
	tcase_add_test(tc, test_autoruns_ja_cp932);
	tcase_add_test(tc, test_autoruns_utf16_continuation);
	tcase_add_test(tc, test_autoruns_whole_file_gap);
	tcase_add_test(tc, test_autoruns_probe);
	tcase_add_test(tc, test_autoruns_hostile);
	tcase_add_test(smb, test_smb_registry);
	tcase_add_test(smb, test_smb_net_use_en);
	tcase_add_test(smb, test_smb_net_use_fr_ja);
	tcase_add_test(smb, test_smb_net_use_empty);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, smb);
	return s;
}

IPK_TEST_MAIN(autoruns_suite)
