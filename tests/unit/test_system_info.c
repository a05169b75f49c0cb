/*
 * test_system_info.c - the systeminfo parser on English (CP437 and
 * UTF-16LE), French (CP850) and Japanese (CP932) output, its garbage
 * handling, and the localized-date and display-column helpers it shares
 * with the dir and query user parsers.
 */
#include "ipk_test.h"
#include "parsers/system_info.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The UTF-8 text s in charset cs ("CP850", "UTF-16LE" gets a BOM). */
static char *
enc(const char *s, const char *cs, size_t *len)
{
	size_t inleft = strlen(s), cap = inleft * 4 + 4, outleft = cap - 2;
	char *out = malloc(cap), *in = (char *)s, *o = out;
	iconv_t cd = iconv_open(cs, "UTF-8");
	int bom = strcmp(cs, "UTF-16LE") == 0;

	ck_assert_ptr_nonnull(out);
	ck_assert(cd != (iconv_t)-1);
	if (bom) {
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

static const char en[] =
    "\r\n"
    "Host Name:                 CORP-FIN-03\r\n"
    "OS Name:                   Microsoft Windows 11 Enterprise\r\n"
    "OS Version:                10.0.26200 N/A Build 26200\r\n"
    "OS Manufacturer:           Microsoft Corporation\r\n"
    "OS Configuration:          Member Workstation\r\n"
    "OS Build Type:             Multiprocessor Free\r\n"
    "Registered Owner:          bob\r\n"
    "Registered Organization:   \r\n"
    "Product ID:                00330-80000-00000-AA123\r\n"
    "Original Install Date:     3/14/2026, 10:11:12 AM\r\n"
    "System Boot Time:          9/7/2026, 10:02:33 PM\r\n"
    "System Manufacturer:       VMware, Inc.\r\n"
    "System Model:              VMware7,1\r\n"
    "System Type:               x64-based PC\r\n"
    "Processor(s):              1 Processor(s) Installed.\r\n"
    "                           [01]: Intel64 Family 6 Model 85 Stepping 7 "
    "GenuineIntel ~2594 Mhz\r\n"
    "BIOS Version:              VMware, Inc. VMW71.00V.21100432.B64, "
    "1/11/2023\r\n"
    "Windows Directory:         C:\\Windows\r\n"
    "System Directory:          C:\\Windows\\system32\r\n"
    "Boot Device:               \\Device\\HarddiskVolume1\r\n"
    "System Locale:             en-us;English (United States)\r\n"
    "Input Locale:              en-us;English (United States)\r\n"
    "Time Zone:                 (UTC-05:00) Eastern Time (US & Canada)\r\n"
    "Total Physical Memory:     16,265 MB\r\n"
    "Available Physical Memory: 10,833 MB\r\n"
    "Virtual Memory: Max Size:  32,528 MB\r\n"
    "Virtual Memory: Available: 26,395 MB\r\n"
    "Virtual Memory: In Use:    6,133 MB\r\n"
    "Page File Location(s):     C:\\pagefile.sys\r\n"
    "Domain:                    corp.example\r\n"
    "Logon Server:              \\\\CORP-DC01\r\n"
    "Hotfix(s):                 3 Hotfix(s) Installed.\r\n"
    "                           [01]: KB5031356\r\n"
    "                           [02]: KB5032007\r\n"
    "                           [03]: KB5034441\r\n"
    "Network Card(s):           2 NIC(s) Installed.\r\n"
    "                           [01]: Intel(R) 82574L Gigabit Network "
    "Connection\r\n"
    "                                 Connection Name: Ethernet0\r\n"
    "                                 DHCP Enabled:    Yes\r\n"
    "                                 DHCP Server:     10.0.0.1\r\n"
    "                                 IP address(es)\r\n"
    "                                 [01]: 10.0.0.11\r\n"
    "                                 [02]: fe80::1c2d:3e4f:5a6b:7c8d\r\n"
    "                           [02]: Bluetooth Device (Personal Area "
    "Network)\r\n"
    "                                 Connection Name: Bluetooth Network "
    "Connection\r\n"
    "                                 Status:          Media disconnected\r\n"
    "Hyper-V Requirements:      VM Monitor Mode Extensions: Yes\r\n"
    "                           Virtualization Enabled In Firmware: Yes\r\n";

START_TEST(test_sysinfo_en_cp437)
{
	struct ipk_tset *s = parse_as("System Information/SystemInformation.txt",
	    en, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_field(r, "host_name", "CORP-FIN-03");
	ck_assert_field(r, "os_name", "Microsoft Windows 11 Enterprise");
	ck_assert_field(r, "os_version", "10.0.26200 N/A Build 26200");
	ck_assert_field(r, "os_build", "26200");
	ck_assert_field(r, "os_configuration", "Member Workstation");
	ck_assert_field(r, "registered_owner", "bob");
	ck_assert_ptr_null(ipk_trec_get(r, "registered_organization"));
	ck_assert_field(r, "product_id", "00330-80000-00000-AA123");
	ck_assert_field(r, "install_date_raw", "3/14/2026, 10:11:12 AM");
	ck_assert_field(r, "install_date", "2026-03-14T10:11:12");
	ck_assert_field(r, "boot_time_raw", "9/7/2026, 10:02:33 PM");
	ck_assert_field(r, "boot_time", "2026-09-07T22:02:33");
	ck_assert_field(r, "system_model", "VMware7,1");
	ck_assert_field(r, "processors", "Intel64 Family 6 Model 85 Stepping 7 "
	    "GenuineIntel ~2594 Mhz");
	ck_assert_field(r, "bios_version",
	    "VMware, Inc. VMW71.00V.21100432.B64, 1/11/2023");
	ck_assert_field(r, "time_zone", "(UTC-05:00) Eastern Time (US & Canada)");
	ck_assert_field(r, "total_memory", "16,265 MB");
	ck_assert_field(r, "total_memory_mb", "16265");
	/* Labels with a colon of their own. */
	ck_assert_field(r, "virtual_memory_max", "32,528 MB");
	ck_assert_field(r, "virtual_memory_available", "26,395 MB");
	ck_assert_field(r, "virtual_memory_in_use", "6,133 MB");
	ck_assert_field(r, "domain", "corp.example");
	ck_assert_field(r, "logon_server", "\\\\CORP-DC01");
	ck_assert_field(r, "hotfixes", "KB5031356\nKB5032007\nKB5034441");
	ck_assert_field(r, "network_cards",
	    "Intel(R) 82574L Gigabit Network Connection (Connection Name: "
	    "Ethernet0; DHCP Enabled: Yes; DHCP Server: 10.0.0.1; "
	    "IP address(es): 10.0.0.11, fe80::1c2d:3e4f:5a6b:7c8d)\n"
	    "Bluetooth Device (Personal Area Network) (Connection Name: "
	    "Bluetooth Network Connection; Status: Media disconnected)");
	ck_assert_field(r, "ip_addresses", "10.0.0.11\nfe80::1c2d:3e4f:5a6b:7c8d");
	ck_assert_field(r, "hyperv_requirements", "VM Monitor Mode Extensions: "
	    "Yes; Virtualization Enabled In Firmware: Yes");
	ck_assert_ptr_null(ipk_trec_get(r, "other"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "system_info"),
	    "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* The layout of a real French Windows Server 2019 systeminfo. */
static const char fr[] =
    "\r\n"
    "Nom de l'hôte:                              DC-ANALYSIS\r\n"
    "Nom du système d'exploitation:              Microsoft Windows Server "
    "2019 Standard\r\n"
    "Version du système:                         10.0.17763 N/A version "
    "17763\r\n"
    "Fabricant du système d'exploitation:        Microsoft Corporation\r\n"
    "Configuration du système d'exploitation:    Contrôleur principal de "
    "domaine\r\n"
    "Type de version du système d'exploitation:  Multiprocessor Free\r\n"
    "Propriétaire enregistré:                    Utilisateur Windows\r\n"
    "Organisation enregistrée:\r\n"
    "Identificateur de produit:                  00429-00521-62775-AA748\r\n"
    "Date d'installation originale:              07/05/2023, 20:43:36\r\n"
    "Heure de démarrage du système:              21/01/2024, 14:07:58\r\n"
    "Fabricant du système:                       VMware, Inc.\r\n"
    "Modèle du système:                          VMware7,1\r\n"
    "Type du système:                            x64-based PC\r\n"
    "Processeur(s):                              2 processeur(s) "
    "installé(s).\r\n"
    "                                            [01]: Intel64 Family 6 "
    "Model 85 Stepping 7 GenuineIntel ~2295 MHz\r\n"
    "                                            [02]: Intel64 Family 6 "
    "Model 85 Stepping 7 GenuineIntel ~2295 MHz\r\n"
    "Répertoire Windows:                         C:\\Windows\r\n"
    "Option régionale du système:                fr;Français (France)\r\n"
    "Fuseau horaire:                             (UTC+01:00) Bruxelles, "
    "Copenhague, Madrid, Paris\r\n"
    "Mémoire physique totale:                    4\xc2\xa0" "095 Mo\r\n"
    "Mémoire virtuelle: taille maximale:         4\xc2\xa0" "799 Mo\r\n"
    "Mémoire virtuelle: en cours d'utilisation: 2\xc2\xa0" "128 Mo\r\n"
    "Domaine:                                    analysis.htb\r\n"
    "Serveur d'ouverture de session:             N/A\r\n"
    "Correctif(s):                               N/A\r\n"
    "Carte(s) réseau:                            1 carte(s) réseau "
    "installée(s).\r\n"
    "                                            [01]: Adaptateur Ethernet "
    "vmxnet3\r\n"
    "                                                  Nom de la connexion: "
    "Ethernet0 2\r\n"
    "                                                  DHCP activé:         "
    "Oui\r\n"
    "                                                  Adresse(s) IP\r\n"
    "                                                  [01]: 10.129.40.43\r\n"
    "Configuration requise pour Hyper-V:         Un hyperviseur a été "
    "détecté.\r\n";

START_TEST(test_sysinfo_fr_cp850)
{
	struct ipk_tset *s = parse_as("SystemInformation.txt", fr, "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "DC-ANALYSIS");
	ck_assert_field(r, "os_name", "Microsoft Windows Server 2019 Standard");
	ck_assert_field(r, "os_build", "17763");
	ck_assert_field(r, "os_configuration",
	    "Contr\xc3\xb4leur principal de domaine");
	ck_assert_field(r, "registered_owner", "Utilisateur Windows");
	/* Day first: 21/01 proves it, 07/05 follows. */
	ck_assert_field(r, "install_date_raw", "07/05/2023, 20:43:36");
	ck_assert_field(r, "install_date", "2023-05-07T20:43:36");
	ck_assert_field(r, "boot_time", "2024-01-21T14:07:58");
	ck_assert_field(r, "system_type", "x64-based PC");
	ck_assert_field(r, "processors", "Intel64 Family 6 Model 85 Stepping 7 "
	    "GenuineIntel ~2295 MHz\nIntel64 Family 6 Model 85 Stepping 7 "
	    "GenuineIntel ~2295 MHz");
	ck_assert_field(r, "windows_directory", "C:\\Windows");
	ck_assert_field(r, "system_locale", "fr;Fran\xc3\xa7" "ais (France)");
	ck_assert_field(r, "time_zone", "(UTC+01:00) Bruxelles, Copenhague, "
	    "Madrid, Paris");
	ck_assert_field(r, "total_memory", "4\xc2\xa0" "095 Mo");
	ck_assert_field(r, "total_memory_mb", "4095");
	ck_assert_field(r, "virtual_memory_max", "4\xc2\xa0" "799 Mo");
	/* The longest label leaves one blank before its value. */
	ck_assert_field(r, "virtual_memory_in_use", "2\xc2\xa0" "128 Mo");
	ck_assert_field(r, "domain", "analysis.htb");
	ck_assert_field(r, "logon_server", "N/A");
	ck_assert_field(r, "hotfixes", "");
	ck_assert_field(r, "network_cards", "Adaptateur Ethernet vmxnet3 (Nom de "
	    "la connexion: Ethernet0 2; DHCP activ\xc3\xa9: Oui; Adresse(s) IP: "
	    "10.129.40.43)");
	ck_assert_field(r, "ip_addresses", "10.129.40.43");
	ck_assert_field(r, "hyperv_requirements",
	    "Un hyperviseur a \xc3\xa9t\xc3\xa9 d\xc3\xa9tect\xc3\xa9.");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "system_info"),
	    "encoding", "cp850");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Japanese: 24-cell column in CP932 (two cells per kanji). */
static const char ja[] =
    "\r\n"
    "ホスト名:               MYCOWIN7\r\n"
    "OS 名:                  Microsoft Windows 7 Professional \r\n"
    "OS バージョン:          6.1.7601 Service Pack 1 ビルド 7601\r\n"
    "OS 製造元:              Microsoft Corporation\r\n"
    "OS 構成:                スタンドアロン ワークステーション\r\n"
    "登録されている所有者:   mycom\r\n"
    "登録されている組織:     \r\n"
    "プロダクト ID:          00821-OEM-8993981-00496\r\n"
    "最初のインストール日付: 2014/05/15, 14:44:59\r\n"
    "システム起動時間:       2015/06/01, 12:37:13\r\n"
    "システム製造元:         Dell Inc.\r\n"
    "システム モデル:        OptiPlex 990\r\n"
    "システムの種類:         x64-based PC\r\n"
    "プロセッサ:             1 プロセッサインストール済みです。\r\n"
    "                        [01]: Intel64 Family 6 Model 42 Stepping 7 "
    "GenuineIntel ~2574 Mhz\r\n"
    "システム ロケール:      ja;日本語\r\n"
    "タイム ゾーン:          (UTC+09:00) 大阪、札幌、東京\r\n"
    "物理メモリの合計:       16,265 MB\r\n"
    "仮想メモリ: 最大サイズ: 32,528 MB\r\n"
    "仮想メモリ: 使用中:     6,133 MB\r\n"
    "ドメイン:               WORKGROUP\r\n"
    "ログオン サーバー:      \\\\MYCOWIN7\r\n"
    "ホットフィックス:       2 ホットフィックスがインストールされています。\r\n"
    "                        [01]: KB2849697\r\n"
    "                        [02]: KB3020369\r\n"
    "ネットワーク カード:    1 NIC(s) インストール済みです。\r\n"
    "                        [01]: Intel(R) 82579LM Gigabit Network "
    "Connection\r\n"
    "                              接続名:\t\tローカル エリア接続\r\n"
    "                              IP アドレス\r\n"
    "                              [01]: 192.168.1.101\r\n";

START_TEST(test_sysinfo_ja_cp932)
{
	struct ipk_tset *s = parse_as("System Information/SystemInformation.txt",
	    ja, "CP932");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "MYCOWIN7");
	ck_assert_field(r, "os_name", "Microsoft Windows 7 Professional");
	ck_assert_field(r, "os_build", "7601");
	ck_assert_field(r, "os_configuration",
	    "スタンドアロン ワークステーション");
	ck_assert_field(r, "install_date_raw", "2014/05/15, 14:44:59");
	ck_assert_field(r, "install_date", "2014-05-15T14:44:59");
	ck_assert_field(r, "boot_time", "2015-06-01T12:37:13");
	ck_assert_field(r, "system_model", "OptiPlex 990");
	ck_assert_field(r, "time_zone", "(UTC+09:00) 大阪、札幌、東京");
	ck_assert_field(r, "total_memory_mb", "16265");
	ck_assert_field(r, "virtual_memory_max", "32,528 MB");
	ck_assert_field(r, "virtual_memory_in_use", "6,133 MB");
	ck_assert_field(r, "domain", "WORKGROUP");
	ck_assert_field(r, "hotfixes", "KB2849697\nKB3020369");
	ck_assert_field(r, "network_cards", "Intel(R) 82579LM Gigabit Network "
	    "Connection (接続名: ローカル エリア接続; IP アドレス: "
	    "192.168.1.101)");
	ck_assert_field(r, "ip_addresses", "192.168.1.101");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "system_info"),
	    "encoding", "cp932");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/*
 * UTF-16LE; ambiguous dates read in the order of the system locale:
 * en-gb writes the day first.
 */
START_TEST(test_sysinfo_utf16_locale_order)
{
	static const char gb[] =
	    "Host Name:                 LON-WS-07\r\n"
	    "System Boot Time:          07/09/2026, 10:02:33\r\n"
	    "Original Install Date:     03/02/2025, 09:00:00\r\n"
	    "System Locale:             en-gb;English (United Kingdom)\r\n"
	    "Unknown Label:             kept\r\n";
	static const char noloc[] =
	    "Host Name:                 LON-WS-08\r\n"
	    "OS Name:                   Microsoft Windows 10 Pro\r\n"
	    "System Boot Time:          07/09/2026, 10:02:33\r\n";
	struct ipk_tset *s = parse_as("SystemInformation.txt", gb, "UTF-16LE");
	const struct ipk_trec *r = ipk_tset_nth(s, "system_info", 0);

	ck_assert_field(r, "boot_time", "2026-09-07T10:02:33");
	ck_assert_field(r, "install_date", "2025-02-03T09:00:00");
	ck_assert_field(r, "other", "Unknown Label: kept");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "system_info"),
	    "encoding", "utf-16le");
	ipk_tset_free(s);

	/* Without a locale an ambiguous date gets no ISO value. */
	s = parse_as("SystemInformation.txt", noloc, "UTF-8");
	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "boot_time_raw", "07/09/2026, 10:02:33");
	ck_assert_ptr_null(ipk_trec_get(r, "boot_time"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_sysinfo_garbage)
{
	static const char bad[] =
	    "Host Name:                 CORP-FIN-03\r\n"
	    "OS Name:                   Microsoft Windows 11 Pro\r\n"
	    "\x01\x02 this line is garbage\r\n"
	    "OS Version:                10.0.22631 N/A Build 22631\r\n"
	    "Host Name:                 OTHER-HOST\r\n"
	    "Domain:                    WORKGROUP\r\n";
	struct ipk_tset *s = ipk_test_parse_text("SystemInformation.txt", bad,
	    sizeof(bad) - 1, NULL);
	const struct ipk_trec *r = ipk_tset_nth(s, "system_info", 0);

	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
	ck_assert_field(r, "host_name", "CORP-FIN-03");
	ck_assert_field(r, "os_build", "22631");
	ck_assert_field(r, "domain", "WORKGROUP");
	ck_assert(ipk_tset_has_diag(s, "|SystemInformation.txt|3|not a "
	    "'Label: value' line"));
	ck_assert(ipk_tset_has_diag(s, "|SystemInformation.txt|5|label 'Host "
	    "Name' seen twice"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "system_info"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* The parser is picked by content under any name, and claims nothing else. */
START_TEST(test_sysinfo_probe)
{
	static const char arp[] =
	    "Interface: 10.0.0.11 --- 0x6\r\n"
	    "  Internet Address      Physical Address      Type\r\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\r\n";
	static const char ipcfg[] =
	    "Windows IP Configuration\r\n\r\n"
	    "   Host Name . . . . . . . . . . . . : CORP-FIN-03\r\n"
	    "   Primary Dns Suffix  . . . . . . . : corp.example\r\n";
	struct ipk_tset *s = parse_as("notes/whatever.txt", en, "UTF-8");

	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
	ipk_tset_free(s);
	s = ipk_test_parse_text("System Information/SystemInformation.txt", arp,
	    sizeof(arp) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 1);
	ipk_tset_free(s);
	s = ipk_test_parse_text("other/misc.txt", ipcfg, sizeof(ipcfg) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 0);
	ipk_tset_free(s);
	/* A failed step's error text is a gap. */
	s = ipk_test_parse_text("System Information/SystemInformation.txt",
	    "Access is denied.\r\n", 19, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 0);
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "artifact", "system_info");
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "status", "not_collected");
	ipk_tset_free(s);
}
END_TEST

static const char *
iso(const char *s, int order)
{
	static char out[24];
	struct ipk_dt dt;
	size_t n = ipk_dt_scan(s, strlen(s), &dt);

	if (n == 0 || !ipk_dt_iso(&dt, order, out, sizeof(out)))
		return "-";
	return out;
}

START_TEST(test_localized_dates)
{
	struct ipk_dt dt;

	ck_assert_str_eq(iso("9/7/2026, 10:02:33 PM", IPK_DO_MDY),
	    "2026-09-07T22:02:33");
	ck_assert_str_eq(iso("9/7/2026, 10:02:33 PM", IPK_DO_DMY),
	    "2026-07-09T22:02:33");
	ck_assert_str_eq(iso("12/7/2026 12:05 AM", IPK_DO_MDY),
	    "2026-12-07T00:05");
	ck_assert_str_eq(iso("25/12/2026 12:05 PM", IPK_DO_MDY),
	    "2026-12-25T12:05");
	ck_assert_str_eq(iso("07.09.2026 22:02", IPK_DO_UNKNOWN), "-");
	ck_assert_str_eq(iso("07.09.2026 22:02", IPK_DO_DMY),
	    "2026-09-07T22:02");
	ck_assert_str_eq(iso("2026/09/07  22:02", IPK_DO_UNKNOWN),
	    "2026-09-07T22:02");
	ck_assert_str_eq(iso("2026/09/07 \xe5\x8d\x88\xe5\xbe\x8c 10:02",
	    IPK_DO_UNKNOWN), "2026-09-07T22:02");      /* 午後 */
	ck_assert_str_eq(iso("2026-08-14T19:25:24Z", IPK_DO_UNKNOWN),
	    "2026-08-14T19:25:24");
	ck_assert_str_eq(iso("09/07/2026  10:02p", IPK_DO_MDY),
	    "2026-09-07T22:02");
	ck_assert_str_eq(iso("13/13/2026", IPK_DO_DMY), "-");
	ck_assert_str_eq(iso("31/04/2026", IPK_DO_DMY), "-");
	ck_assert_str_eq(iso("9/7/26", IPK_DO_MDY), "2026-09-07");
	ck_assert_str_eq(iso("9/7/2026 25:00", IPK_DO_MDY), "-");
	ck_assert_uint_eq(ipk_dt_scan("1,234,567", 9, &dt), 0);
	ck_assert_uint_eq(ipk_dt_scan("10.0.26200", 10, &dt), 0);
	ck_assert_uint_eq(ipk_dt_scan("123/4/2026", 10, &dt), 0);
	ck_assert_int_eq(ipk_locale_order("en-us;English (United States)", 29),
	    IPK_DO_MDY);
	ck_assert_int_eq(ipk_locale_order("fr;Fran\xc3\xa7" "ais (France)", 19),
	    IPK_DO_DMY);
	ck_assert_int_eq(ipk_locale_order("garbage", 7), IPK_DO_UNKNOWN);
	/* Cells: two per CJK character, one per Latin letter. */
	ck_assert_uint_eq(ipk_cells("ホスト名:", strlen("ホスト名:")), 9);
	ck_assert_uint_eq(ipk_cells("h\xc3\xb4te", 5), 4);
	ck_assert_uint_eq(ipk_cells_offset("ホスト名:", strlen("ホスト名:"),
	    3, NULL), 6);
}
END_TEST

/*
 * The sample packages (samples/, built into the build folder): every member
 * our parsers take is read without a skipped line, a failure or a refusal.
 */
START_TEST(test_samples_read_cleanly)
{
	static const char *const pkgs[] = { "clean-en.zip", "compromised-en.zip",
	    "compromised-fr.zip", "clean-ja", NULL };
	static const char *const kinds[] = { "system_info", "temp_files",
	    "local_groups", "logged_on_users", "defender_log",
	    "collection_summary", "manifest", NULL };
	size_t p, i, k, seen = 0;

	for (p = 0; pkgs[p] != NULL; p++) {
		char rel[64];
		struct ipk_tset *s;

		snprintf(rel, sizeof(rel), "samples/%s", pkgs[p]);
		s = ipk_test_parse(ipk_test_path(ipk_test_builddir(), rel), NULL);
		if (s->rc == CM_FATAL && s->n == 0) {
			ipk_tset_free(s);      /* samples not built here */
			continue;
		}
		for (i = 0; i < s->n; i++) {
			const struct ipk_trec *r = &s->r[i];
			const char *art = ipk_trec_get(r, "artifact");

			if (strcmp(r->kind, "member") != 0 || art == NULL)
				continue;
			for (k = 0; kinds[k] != NULL; k++)
				if (strcmp(art, kinds[k]) == 0)
					break;
			if (kinds[k] == NULL)
				continue;
			seen++;
			ck_assert_msg(strcmp(ipk_trec_get(r, "status"), "ok") == 0 ||
			    strcmp(ipk_trec_get(r, "status"), "gap") == 0,
			    "%s: %s: %s", pkgs[p], ipk_trec_get(r, "path"),
			    ipk_trec_get(r, "status"));
		}
		/* Every sample has one systeminfo, read into one record. */
		ck_assert_uint_eq(ipk_tset_count(s, "system_info"), 1);
		ck_assert_ptr_nonnull(ipk_trec_get(ipk_tset_nth(s, "system_info",
		    0), "host_name"));
		ipk_tset_free(s);
	}
	if (seen > 0)
		ck_assert_uint_ge(seen, 20);
}
END_TEST

static Suite *
system_info_suite(void)
{
	Suite *s = suite_create("system_info");
	TCase *tc = tcase_create("system_info");

	tcase_add_test(tc, test_sysinfo_en_cp437);
	tcase_add_test(tc, test_sysinfo_fr_cp850);
	tcase_add_test(tc, test_sysinfo_ja_cp932);
	tcase_add_test(tc, test_sysinfo_utf16_locale_order);
	tcase_add_test(tc, test_sysinfo_garbage);
	tcase_add_test(tc, test_sysinfo_probe);
	tcase_add_test(tc, test_localized_dates);
	tcase_add_test(tc, test_samples_read_cleanly);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(system_info_suite)
