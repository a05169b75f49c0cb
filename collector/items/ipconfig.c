/*
 * ipconfig.c - data point "ipconfig": host and adapter configuration from
 * GetNetworkParams and GetAdaptersAddresses, written like `ipconfig /all`
 * into "Network connections/IpConfig.txt":
 *
 *   Windows IP Configuration
 *
 *      Host Name . . . . . . . . . . . . : DESKTOP-1
 *      ...
 *   Ethernet adapter Ethernet:
 *
 *      Description . . . . . . . . . . . : Intel(R) Ethernet Connection
 *      Physical Address. . . . . . . . . : 00-15-5D-01-02-03
 *      IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred)
 *      Subnet Mask . . . . . . . . . . . : 255.255.255.0
 *      Default Gateway . . . . . . . . . : 10.0.0.1
 *      DNS Servers . . . . . . . . . . . : 10.0.0.2
 *
 * Unlike ipconfig, the loopback interface is listed too.  DHCP lease times
 * are not shown (GetAdaptersAddresses does not give them).
 */
#include "../col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 33

static void
kv(struct col_out *o, const char *label, const char *value)
{
	col_label(o, 3, label, W);
	col_puts(o, value);
	col_nl(o);
}

static void
more(struct col_out *o, const char *value)
{
	/* Continuation lines line up under the first value. */
	col_printf(o, "%39s%s\r\n", "", value);
}

static const char *
adapter_kind(IFTYPE t)
{
	switch (t) {
	case IF_TYPE_ETHERNET_CSMACD: return "Ethernet adapter";
	case IF_TYPE_IEEE80211: return "Wireless LAN adapter";
	case IF_TYPE_PPP: return "PPP adapter";
	case IF_TYPE_TUNNEL: return "Tunnel adapter";
	case IF_TYPE_SOFTWARE_LOOPBACK: return "Loopback adapter";
	default: return "Unknown adapter";
	}
}

static void
mask_of(ULONG bits, char *out, size_t outsz)
{
	DWORD m = bits == 0 ? 0 : bits >= 32 ? 0xFFFFFFFFUL :
	    ~((1UL << (32 - bits)) - 1);

	snprintf(out, outsz, "%lu.%lu.%lu.%lu", (m >> 24) & 255,
	    (m >> 16) & 255, (m >> 8) & 255, m & 255);
}

int
col_ipconfig(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	IP_ADAPTER_ADDRESSES *aa = NULL, *a;
	FIXED_INFO *fi = NULL;
	ULONG sz = 64 * 1024, fsz = 0;
	DWORD rc = ERROR_NOT_ENOUGH_MEMORY;
	char buf[512], addr[80];
	int tries;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	col_puts(o, "\r\nWindows IP Configuration\r\n\r\n");
	if (GetNetworkParams(NULL, &fsz) == ERROR_BUFFER_OVERFLOW &&
	    fsz < 1024 * 1024 && (fi = malloc(fsz)) != NULL &&
	    GetNetworkParams(fi, &fsz) == NO_ERROR) {
		static const char *const nodes[] = { "", "Broadcast",
		    "Peer-Peer", "", "Mixed", "", "", "", "Hybrid" };

		kv(o, "Host Name", fi->HostName);
		kv(o, "Primary Dns Suffix", fi->DomainName);
		kv(o, "Node Type", fi->NodeType < 9 ? nodes[fi->NodeType] : "");
		kv(o, "IP Routing Enabled", fi->EnableRouting ? "Yes" : "No");
		kv(o, "WINS Proxy Enabled", fi->EnableProxy ? "Yes" : "No");
	} else {
		kv(o, "Host Name", j->opt->host);
	}
	free(fi);
	for (tries = 0; tries < 3; tries++) {
		aa = malloc(sz);
		if (aa == NULL)
			break;
		rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX |
		    GAA_FLAG_INCLUDE_GATEWAYS | GAA_FLAG_SKIP_ANYCAST |
		    GAA_FLAG_SKIP_MULTICAST, NULL, aa, &sz);
		if (rc == NO_ERROR)
			break;
		free(aa);
		aa = NULL;
		if (rc != ERROR_BUFFER_OVERFLOW)
			break;
	}
	if (aa == NULL) {
		char msg[256];

		col_errtext(rc, msg, sizeof(msg));
		snprintf(buf, sizeof(buf), "GetAdaptersAddresses failed with "
		    "error %lu: %s", (unsigned long)rc, msg);
		col_put_reason(o, buf);
		return col_fail(j, col_classify(rc), rc, "%s", buf);
	}
	for (a = aa; a != NULL && !o->full; a = a->Next) {
		IP_ADAPTER_UNICAST_ADDRESS *u;
		IP_ADAPTER_GATEWAY_ADDRESS_LH *g;
		IP_ADAPTER_DNS_SERVER_ADDRESS *d;
		char *name = col_u8(a->FriendlyName, -1), *s;
		ULONG k;
		size_t m = 0;
		int first;

		col_printf(o, "\r\n%s %s:\r\n\r\n", adapter_kind(a->IfType),
		    name != NULL ? name : "");
		free(name);
		j->rows++;
		if (a->OperStatus != IfOperStatusUp)
			kv(o, "Media State", "Media disconnected");
		s = col_u8(a->DnsSuffix, -1);
		kv(o, "Connection-specific DNS Suffix", s != NULL ? s : "");
		free(s);
		s = col_u8(a->Description, -1);
		kv(o, "Description", s != NULL ? s : "");
		free(s);
		buf[0] = '\0';
		for (k = 0; k < a->PhysicalAddressLength && k < 8; k++)
			m += (size_t)snprintf(buf + m, sizeof(buf) - m,
			    "%s%02X", k ? "-" : "", a->PhysicalAddress[k]);
		kv(o, "Physical Address", buf);
		kv(o, "DHCP Enabled", (a->Flags & IP_ADAPTER_DHCP_ENABLED) ?
		    "Yes" : "No");
		kv(o, "Autoconfiguration Enabled", "Yes");
		for (u = a->FirstUnicastAddress; u != NULL; u = u->Next) {
			SOCKADDR *sa = u->Address.lpSockaddr;
			const char *pref = u->DadState == IpDadStatePreferred ?
			    "(Preferred)" : u->DadState == IpDadStateDeprecated ?
			    "(Deprecated)" : "";

			if (sa == NULL)
				continue;
			col_sockaddr(sa, addr, sizeof(addr));
			snprintf(buf, sizeof(buf), "%s%s", addr, pref);
			if (sa->sa_family == AF_INET6) {
				const BYTE *b = ((SOCKADDR_IN6 *)sa)->
				    sin6_addr.s6_addr;

				kv(o, b[0] == 0xfe && (b[1] & 0xc0) == 0x80 ?
				    "Link-local IPv6 Address" :
				    u->SuffixOrigin == IpSuffixOriginRandom ?
				    "Temporary IPv6 Address" : "IPv6 Address",
				    buf);
			} else if (sa->sa_family == AF_INET) {
				kv(o, "IPv4 Address", buf);
				mask_of(u->OnLinkPrefixLength, addr,
				    sizeof(addr));
				kv(o, "Subnet Mask", addr);
			}
		}
		first = 1;
		for (g = a->FirstGatewayAddress; g != NULL; g = g->Next) {
			col_sockaddr(g->Address.lpSockaddr, addr, sizeof(addr));
			if (first)
				kv(o, "Default Gateway", addr);
			else
				more(o, addr);
			first = 0;
		}
		if (first)
			kv(o, "Default Gateway", "");
		if ((a->Flags & IP_ADAPTER_DHCP_ENABLED) &&
		    a->Dhcpv4Server.lpSockaddr != NULL) {
			col_sockaddr(a->Dhcpv4Server.lpSockaddr, addr,
			    sizeof(addr));
			kv(o, "DHCP Server", addr);
		}
		first = 1;
		for (d = a->FirstDnsServerAddress; d != NULL; d = d->Next) {
			col_sockaddr(d->Address.lpSockaddr, addr, sizeof(addr));
			if (first)
				kv(o, "DNS Servers", addr);
			else
				more(o, addr);
			first = 0;
		}
		kv(o, "NetBIOS over Tcpip", (a->Flags &
		    IP_ADAPTER_NETBIOS_OVER_TCPIP_ENABLED) ? "Enabled" :
		    "Disabled");
	}
	free(aa);
	return COL_OK;
}
