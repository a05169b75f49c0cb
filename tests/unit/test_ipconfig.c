/*
 * test_ipconfig.c - the `ipconfig /all` parser: English (CP437 and
 * UTF-16LE), French (CP850), Japanese (CP932, with an English adapter
 * header as Japanese Windows prints for Wi-Fi), unknown labels, bad lines.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char en[] =
    "\r\n"
    "Windows IP Configuration\r\n"
    "\r\n"
    "   Host Name . . . . . . . . . . . . : WS-017\r\n"
    "   Primary Dns Suffix  . . . . . . . : corp.example\r\n"
    "   Node Type . . . . . . . . . . . . : Hybrid\r\n"
    "   IP Routing Enabled. . . . . . . . : No\r\n"
    "   WINS Proxy Enabled. . . . . . . . : No\r\n"
    "   DNS Suffix Search List. . . . . . : corp.example\r\n"
    "                                       example\r\n"
    "\r\n"
    "Ethernet adapter Ethernet0:\r\n"
    "\r\n"
    "   Connection-specific DNS Suffix  . : corp.example\r\n"
    "   Description . . . . . . . . . . . : Intel(R) 82574L Gigabit Network Connection\r\n"
    "   Physical Address. . . . . . . . . : 00-0C-29-3A-4B-5C\r\n"
    "   DHCP Enabled. . . . . . . . . . . : Yes\r\n"
    "   Autoconfiguration Enabled . . . . : Yes\r\n"
    "   Link-local IPv6 Address . . . . . : fe80::1c2d:3e4f:5a6b:7c8d%12(Preferred)\r\n"
    "   IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred)\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   IPv4 Address. . . . . . . . . . . : 10.0.0.12(Duplicate)\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Lease Obtained. . . . . . . . . . : Sunday, September 7, 2026 9:58:01 PM\r\n"
    "   Lease Expires . . . . . . . . . . : Monday, September 8, 2026 9:58:01 PM\r\n"
    "   Default Gateway . . . . . . . . . : fe80::1%12\r\n"
    "                                       10.0.0.1\r\n"
    "   DHCP Server . . . . . . . . . . . : 10.0.0.1\r\n"
    "   DHCPv6 IAID . . . . . . . . . . . : 100666409\r\n"
    "   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-2A-3B-4C-5D-00-0C-29-3A-4B-5C\r\n"
    "   DNS Servers . . . . . . . . . . . : 10.0.0.2\r\n"
    "                                       10.0.0.3\r\n"
    "   NetBIOS over Tcpip. . . . . . . . : Enabled\r\n"
    "\r\n"
    "Tunnel adapter isatap.{1A2B3C4D-0000-1111-2222-333344445555}:\r\n"
    "\r\n"
    "   Media State . . . . . . . . . . . : Media disconnected\r\n"
    "   Connection-specific DNS Suffix  . :\r\n"
    "   Description . . . . . . . . . . . : Microsoft ISATAP Adapter\r\n"
    "   Physical Address. . . . . . . . . : 00-00-00-00-00-00-00-E0\r\n"
    "   DHCP Enabled. . . . . . . . . . . : No\r\n"
    "   Autoconfiguration Enabled . . . . : Yes\r\n";

/* French (CP850), from a real ipconfig /all layout. */
static const char fr_cp850[] =
    "\r\n"
    "Configuration IP de Windows\r\n"
    "\r\n"
    "   Nom de l'h\x93te . . . . . . . . . . : PC-COMPTA-02\r\n"
    "   Suffixe DNS principal . . . . . . : corp.exemple\r\n"
    "   Type de noeud. . . . . . . . . .  : Hybride\r\n"
    "   Routage IP activ\x82 . . . . . . . . : Non\r\n"
    "   Proxy WINS activ\x82 . . . . . . . . : Non\r\n"
    "\r\n"
    "Carte r\x82seau sans fil Wi-Fi :\r\n"
    "\r\n"
    "   Suffixe DNS propre \x85 la connexion. . . :\r\n"
    "   Description. . . . . . . . . . . . . . : MediaTek Wi-Fi 6E MT7922 (RZ616) 160MHz Wireless LAN Card\r\n"
    "   Adresse physique . . . . . . . . . . . : 58-CD-C9-60-E5-FB\r\n"
    "   DHCP activ\x82. . . . . . . . . . . . . . : Non\r\n"
    "   Configuration automatique activ\x82""e. . . : Oui\r\n"
    "   Adresse IPv6. . . . . . . . . . . . . .: 2a02:8440:6440:373b:da14:2cec:2218:38d7(pr\x82""f\x82r\x82)\r\n"
    "   Adresse IPv6 temporaire . . . . . . . .: 2a02:8440:6440:373b:597:5505:b11e:54b7(pr\x82""f\x82r\x82)\r\n"
    "   Adresse IPv6 de liaison locale. . . . .: fe80::7a2d:2097:3849:2e56%13(pr\x82""f\x82r\x82)\r\n"
    "   Adresse IPv4. . . . . . . . . . . . . .: 192.168.11.13(pr\x82""f\x82r\x82)\r\n"
    "   Masque de sous-r\x82seau. . . . . . . . . : 255.255.255.0\r\n"
    "   Passerelle par d\x82""faut. . . . . . . . . : fe80::9424:c9ff:fe47:eedc%13\r\n"
    "                                       192.168.11.46\r\n"
    "   IAID DHCPv6 . . . . . . . . . . . : 140037577\r\n"
    "   DUID de client DHCPv6. . . . . . . . : 00-01-00-01-2E-0B-BE-3F-00-FD-6B-09-14-AA\r\n"
    "   Serveurs DNS. . .  . . . . . . . . . . : 192.168.11.46\r\n"
    "   NetBIOS sur Tcpip. . . . . . . . . . . : Activ\x82\r\n"
    "\r\n"
    "Carte Ethernet Ethernet :\r\n"
    "\r\n"
    "   Statut du m\x82""dia. . . . . . . . . . . . : M\x82""dia d\x82""connect\x82\r\n"
    "   Suffixe DNS propre \x85 la connexion. . . :\r\n";

/* Japanese (CP932): "Windows IP 構成", "イーサネット アダプター vbox0:"... */
static const char ja_cp932[] =
    "\r\n"
    "Windows IP \x8d\\\x90\xac\r\n"
    "\r\n"
    "   \x83z\x83X\x83g\x96\xbc. . . . . . . . . . . . . . .: DESKTOP-C3DRR4I\r\n"
    "   \x83v\x83\x89\x83""C\x83}\x83\x8a DNS \x83T\x83t\x83""B\x83""b\x83N\x83X . . . . .:\r\n"
    "   \x83m\x81[\x83h \x83^\x83""C\x83v . . . . . . . . . . . .: \x83n\x83""C\x83u\x83\x8a\x83""b\x83h\r\n"
    "   IP \x83\x8b\x81[\x83""e\x83""B\x83\x93\x83O\x97L\x8c\xf8 . . . . . . . . .: \x82\xa2\x82\xa2\x82\xa6\r\n"
    "   WINS \x83v\x83\x8d\x83L\x83V\x97L\x8c\xf8 . . . . . . . . . .: \x82\xa2\x82\xa2\x82\xa6\r\n"
    "\r\n"
    "\x83""C\x81[\x83T\x83l\x83""b\x83g \x83""A\x83_\x83v\x83^\x81[ vbox0:\r\n"
    "\r\n"
    "   \x90\xda\x91\xb1\x8c\xc5\x97L\x82\xcc DNS \x83T\x83t\x83""B\x83""b\x83N\x83X . . . . .:\r\n"
    "   \x90\xe0\x96\xbe. . . . . . . . . . . . . . . . .: VirtualBox Host-Only Ethernet Adapter\r\n"
    "   \x95\xa8\x97\x9d\x83""A\x83h\x83\x8c\x83X. . . . . . . . . . . . .: 0A-00-27-00-00-11\r\n"
    "   DHCP \x97L\x8c\xf8 . . . . . . . . . . . . . .: \x82\xa2\x82\xa2\x82\xa6\r\n"
    "   \x8e\xa9\x93\xae\x8d\\\x90\xac\x97L\x8c\xf8. . . . . . . . . . . . .: \x82\xcd\x82\xa2\r\n"
    "   \x83\x8a\x83\x93\x83N\x83\x8d\x81[\x83J\x83\x8b IPv6 \x83""A\x83h\x83\x8c\x83X. . . . .: fe80::c152:dc1a:a4c3:8fea%17(\x97""D\x90\xe6)\r\n"
    "   IPv4 \x83""A\x83h\x83\x8c\x83X . . . . . . . . . . . .: 10.161.204.246(\x97""D\x90\xe6)\r\n"
    "   \x83T\x83u\x83l\x83""b\x83g \x83}\x83X\x83N . . . . . . . . . .: 255.255.255.0\r\n"
    "   \x83""f\x83t\x83H\x83\x8b\x83g \x83Q\x81[\x83g\x83""E\x83""F\x83""C . . . . . . .:\r\n"
    "   DHCPv6 IAID . . . . . . . . . . . . .: 688521255\r\n"
    "   DHCPv6 \x83N\x83\x89\x83""C\x83""A\x83\x93\x83g DUID. . . . . . .: 00-01-00-01-2F-9D-DF-77-64-4E-D7-24-18-A7\r\n"
    "   DNS \x83T\x81[\x83o\x81[. . . . . . . . . . . . .: fec0:0:0:ffff::1%1\r\n"
    "                                          fec0:0:0:ffff::2%1\r\n"
    "                                          fec0:0:0:ffff::3%1\r\n"
    "   NetBIOS over TCP/IP . . . . . . . . .: \x97L\x8c\xf8\r\n"
    "\r\n"
    "Wireless LAN adapter Wi-Fi:\r\n"
    "\r\n"
    "   \x83\x81\x83""f\x83""B\x83""A\x82\xcc\x8f\xf3\x91\xd4. . . . . . . . . . . .: \x83\x81\x83""f\x83""B\x83""A\x82\xcd\x90\xda\x91\xb1\x82\xb3\x82\xea\x82\xc4\x82\xa2\x82\xdc\x82\xb9\x82\xf1\r\n"
    "   \x90\xda\x91\xb1\x8c\xc5\x97L\x82\xcc DNS \x83T\x83t\x83""B\x83""b\x83N\x83X . . . . .:\r\n"
    "   \x90\xe0\x96\xbe. . . . . . . . . . . . . . . . .: Realtek 8852CE WiFi 6E PCI-E NIC\r\n"
    "   \x95\xa8\x97\x9d\x83""A\x83h\x83\x8c\x83X. . . . . . . . . . . . .: 40-1A-58-78-44-D0\r\n"
    "   DHCP \x97L\x8c\xf8 . . . . . . . . . . . . . .: \x82\xcd\x82\xa2\r\n"
    "   \x8e\xa9\x93\xae\x8d\\\x90\xac\x97L\x8c\xf8. . . . . . . . . . . . .: \x82\xcd\x82\xa2\r\n";

static void
check_en(struct ipk_tset *s)
{
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 3);
	r = ipk_tset_find(s, "ipconfig", "section", "host");
	ck_assert_uint_eq(r->line, 4);
	ck_assert_field(r, "host_name", "WS-017");
	ck_assert_field(r, "primary_dns_suffix", "corp.example");
	ck_assert_field(r, "node_type", "Hybrid");
	ck_assert_field(r, "ip_routing_enabled", "No");
	ck_assert_field(r, "wins_proxy_enabled", "No");
	ck_assert_field(r, "dns_suffix_search_list", "corp.example\nexample");
	ck_assert_ptr_null(ipk_trec_get(r, "adapter"));

	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Ethernet0");
	ck_assert_uint_eq(r->line, 12);
	ck_assert_field(r, "section", "adapter");
	ck_assert_field(r, "adapter", "Ethernet adapter Ethernet0");
	ck_assert_field(r, "connection_dns_suffix", "corp.example");
	ck_assert_field(r, "description",
	    "Intel(R) 82574L Gigabit Network Connection");
	ck_assert_field(r, "physical_address", "00-0C-29-3A-4B-5C");
	ck_assert_field(r, "dhcp_enabled", "Yes");
	ck_assert_field(r, "autoconfiguration_enabled", "Yes");
	ck_assert_field(r, "link_local_ipv6_address",
	    "fe80::1c2d:3e4f:5a6b:7c8d%12");
	ck_assert_field(r, "ipv4_address", "10.0.0.11\n10.0.0.12");
	ck_assert_field(r, "subnet_mask", "255.255.255.0\n255.255.255.0");
	ck_assert_field(r, "lease_obtained",
	    "Sunday, September 7, 2026 9:58:01 PM");
	ck_assert_field(r, "lease_expires",
	    "Monday, September 8, 2026 9:58:01 PM");
	ck_assert_field(r, "default_gateway", "fe80::1%12\n10.0.0.1");
	ck_assert_field(r, "dhcp_server", "10.0.0.1");
	ck_assert_field(r, "dhcpv6_iaid", "100666409");
	ck_assert_field(r, "dhcpv6_client_duid",
	    "00-01-00-01-2A-3B-4C-5D-00-0C-29-3A-4B-5C");
	ck_assert_field(r, "dns_servers", "10.0.0.2\n10.0.0.3");
	ck_assert_field(r, "netbios_over_tcpip", "Enabled");
	ck_assert_ptr_null(ipk_trec_get(r, "other"));

	r = ipk_tset_find(s, "ipconfig", "adapter_name",
	    "isatap.{1A2B3C4D-0000-1111-2222-333344445555}");
	ck_assert_field(r, "media_state", "Media disconnected");
	ck_assert_field(r, "description", "Microsoft ISATAP Adapter");
	ck_assert_ptr_null(ipk_trec_get(r, "connection_dns_suffix"));
	ck_assert_ptr_null(ipk_trec_get(r, "ipv4_address"));
}

START_TEST(test_ipconfig_en)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Network connections/IpConfig.txt", en, sizeof(en) - 1, NULL);

	check_en(s);
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "ipconfig"),
	    "status", "ok");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_en_utf16)
{
	size_t len;
	void *data = ipk_test_utf16le(en, &len);
	struct ipk_tset *s = ipk_test_parse_text("Ipconfig.txt", data, len,
	    NULL);

	check_en(s);
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "ipconfig"),
	    "encoding", "utf-16le");
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_fr_cp850)
{
	struct ipk_tset *s = ipk_test_parse_text("IpConfig.txt", fr_cp850,
	    sizeof(fr_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 3);
	r = ipk_tset_find(s, "ipconfig", "section", "host");
	ck_assert_field(r, "host_name", "PC-COMPTA-02");
	ck_assert_field(r, "primary_dns_suffix", "corp.exemple");
	ck_assert_field(r, "node_type", "Hybride");
	ck_assert_field(r, "ip_routing_enabled", "Non");

	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Wi-Fi");
	ck_assert_field(r, "adapter", "Carte r\xc3\xa9seau sans fil Wi-Fi");
	ck_assert_field(r, "physical_address", "58-CD-C9-60-E5-FB");
	ck_assert_field(r, "dhcp_enabled", "Non");
	ck_assert_field(r, "autoconfiguration_enabled", "Oui");
	ck_assert_field(r, "ipv6_address",
	    "2a02:8440:6440:373b:da14:2cec:2218:38d7");
	ck_assert_field(r, "temporary_ipv6_address",
	    "2a02:8440:6440:373b:597:5505:b11e:54b7");
	ck_assert_field(r, "link_local_ipv6_address",
	    "fe80::7a2d:2097:3849:2e56%13");
	ck_assert_field(r, "ipv4_address", "192.168.11.13");
	ck_assert_field(r, "subnet_mask", "255.255.255.0");
	ck_assert_field(r, "default_gateway",
	    "fe80::9424:c9ff:fe47:eedc%13\n192.168.11.46");
	ck_assert_field(r, "dhcpv6_iaid", "140037577");
	ck_assert_field(r, "dns_servers", "192.168.11.46");
	ck_assert_field(r, "netbios_over_tcpip", "Activ\xc3\xa9");

	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Ethernet");
	ck_assert_field(r, "adapter", "Carte Ethernet Ethernet");
	ck_assert_field(r, "media_state",
	    "M\xc3\xa9" "dia d\xc3\xa9" "connect\xc3\xa9");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "ipconfig"),
	    "encoding", "cp850");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_ja_cp932)
{
	struct ipk_tset *s = ipk_test_parse_text("IpConfig.txt", ja_cp932,
	    sizeof(ja_cp932) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 3);
	r = ipk_tset_find(s, "ipconfig", "section", "host");
	ck_assert_field(r, "host_name", "DESKTOP-C3DRR4I");
	ck_assert_ptr_null(ipk_trec_get(r, "primary_dns_suffix"));
	/* ハイブリッド */
	ck_assert_field(r, "node_type", "\xe3\x83\x8f\xe3\x82\xa4\xe3\x83\x96"
	    "\xe3\x83\xaa\xe3\x83\x83\xe3\x83\x89");

	r = ipk_tset_find(s, "ipconfig", "adapter_name", "vbox0");
	/* イーサネット アダプター vbox0 */
	ck_assert_field(r, "adapter", "\xe3\x82\xa4\xe3\x83\xbc\xe3\x82\xb5"
	    "\xe3\x83\x8d\xe3\x83\x83\xe3\x83\x88 \xe3\x82\xa2\xe3\x83\x80"
	    "\xe3\x83\x97\xe3\x82\xbf\xe3\x83\xbc vbox0");
	ck_assert_field(r, "description",
	    "VirtualBox Host-Only Ethernet Adapter");
	ck_assert_field(r, "physical_address", "0A-00-27-00-00-11");
	ck_assert_field(r, "link_local_ipv6_address",
	    "fe80::c152:dc1a:a4c3:8fea%17");
	ck_assert_field(r, "ipv4_address", "10.161.204.246");
	ck_assert_field(r, "subnet_mask", "255.255.255.0");
	ck_assert_ptr_null(ipk_trec_get(r, "default_gateway"));
	ck_assert_field(r, "dhcpv6_client_duid",
	    "00-01-00-01-2F-9D-DF-77-64-4E-D7-24-18-A7");
	ck_assert_field(r, "dns_servers",
	    "fec0:0:0:ffff::1%1\nfec0:0:0:ffff::2%1\nfec0:0:0:ffff::3%1");
	ck_assert_field(r, "netbios_over_tcpip", "\xe6\x9c\x89\xe5\x8a\xb9");

	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Wi-Fi");
	ck_assert_field(r, "adapter", "Wireless LAN adapter Wi-Fi");
	ck_assert_field(r, "physical_address", "40-1A-58-78-44-D0");
	ck_assert_field(r, "dhcp_enabled", "\xe3\x81\xaf\xe3\x81\x84");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "ipconfig"),
	    "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_unknown_labels)
{
	/* German labels are not in aliases.tsv: kept in "other". */
	static const char de[] =
	    "Windows-IP-Konfiguration\n"
	    "\n"
	    "Ethernet-Adapter Ethernet:\n"
	    "\n"
	    "   Verbindungsspezifisches DNS-Suffix: fritz.box\n"
	    "   IPv4-Adresse  . . . . . . . . . . : 192.168.178.20\n"
	    "   Subnetzmaske  . . . . . . . . . . : 255.255.255.0\n"
	    "   Standardgateway . . . . . . . . . : 192.168.178.1\n"
	    "                                       fd00::1\n";
	struct ipk_tset *s = ipk_test_parse_text("IpConfig.txt", de,
	    sizeof(de) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 1);
	r = ipk_tset_nth(s, "ipconfig", 0);
	ck_assert_field(r, "adapter", "Ethernet-Adapter Ethernet");
	ck_assert_field(r, "adapter_name", "Ethernet");
	ck_assert_field(r, "other",
	    "Verbindungsspezifisches DNS-Suffix: fritz.box\n"
	    "IPv4-Adresse: 192.168.178.20\n"
	    "Subnetzmaske: 255.255.255.0\n"
	    "Standardgateway: 192.168.178.1\n"
	    "Standardgateway: fd00::1");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_garbage)
{
	static const char bad[] =
	    "Windows IP Configuration\n"
	    "\n"
	    "   Host Name . . . . . . . . . . . . : WS-017\n"
	    "\n"
	    "Ethernet adapter Ethernet0:\n"
	    "\n"
	    "   Physical Address. . . . . . . . . : 00-0C-29-3A-4B-5C\n"
	    "   ~~~ not a label ~~~\n"
	    "   IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred)\n"
	    "garbage at the margin\n"
	    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n";
	struct ipk_tset *s = ipk_test_parse_text("IpConfig.txt", bad,
	    sizeof(bad) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 2);
	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Ethernet0");
	ck_assert_field(r, "ipv4_address", "10.0.0.11");
	ck_assert_field(r, "subnet_mask", "255.255.255.0");
	ck_assert(ipk_tset_has_diag(s, "|IpConfig.txt|8|not an ipconfig "
	    "line: '   ~~~ not a label ~~~'"));
	ck_assert(ipk_tset_has_diag(s, "|IpConfig.txt|10|not an ipconfig "
	    "line: 'garbage at the margin'"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "ipconfig"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ipconfig_not_systeminfo)
{
	static const char si[] =
	    "\r\nHost Name:                 WS-017\r\n"
	    "OS Name:                   Microsoft Windows 11 Pro\r\n"
	    "DHCP Enabled:              Yes\r\n"
	    "DHCP Server:               10.0.0.1\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Other/Unknown.txt", si,
	    sizeof(si) - 1, NULL);

	/* systeminfo labels have no dot leader: not ipconfig. */
	ck_assert_uint_eq(ipk_tset_count(s, "ipconfig"), 0);
	ipk_tset_free(s);
}
END_TEST

static Suite *
ipconfig_suite(void)
{
	Suite *s = suite_create("ipconfig");
	TCase *tc = tcase_create("ipconfig");

	tcase_add_test(tc, test_ipconfig_en);
	tcase_add_test(tc, test_ipconfig_en_utf16);
	tcase_add_test(tc, test_ipconfig_fr_cp850);
	tcase_add_test(tc, test_ipconfig_ja_cp932);
	tcase_add_test(tc, test_ipconfig_unknown_labels);
	tcase_add_test(tc, test_ipconfig_garbage);
	tcase_add_test(tc, test_ipconfig_not_systeminfo);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(ipconfig_suite)
