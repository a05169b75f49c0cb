/*
 * arp.c - data point "arp": the IPv4 neighbour (ARP) table from
 * GetIpNetTable2(AF_INET), written like `arp -a` into
 * "Network connections/Arp.txt":
 *
 *   Interface: 10.0.0.11 --- 0x6
 *     Internet Address      Physical Address      Type
 *     10.0.0.1              12-34-56-78-9a-bc     dynamic
 *
 * GetIpNetTable2 is called per family: AF_UNSPEC fails under wine 8.0.
 * Permanent entries are "static", unreachable or incomplete ones "invalid",
 * the others "dynamic".
 */
#include "../col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stdio.h>
#include <stdlib.h>

/* First IPv4 address of interface idx, "0.0.0.0" if none. */
static void
if_addr(IP_ADAPTER_ADDRESSES *aa, NET_IFINDEX idx, char *out, size_t outsz)
{
	IP_ADAPTER_ADDRESSES *a;
	IP_ADAPTER_UNICAST_ADDRESS *u;

	snprintf(out, outsz, "0.0.0.0");
	for (a = aa; a != NULL; a = a->Next) {
		if (a->IfIndex != idx)
			continue;
		for (u = a->FirstUnicastAddress; u != NULL; u = u->Next) {
			if (u->Address.lpSockaddr != NULL &&
			    u->Address.lpSockaddr->sa_family == AF_INET) {
				col_sockaddr(u->Address.lpSockaddr, out, outsz);
				return;
			}
		}
	}
}

int
col_arp(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	MIB_IPNET_TABLE2 *t = NULL;
	IP_ADAPTER_ADDRESSES *aa = NULL;
	ULONG asz = 32 * 1024, i, k;
	NET_IFINDEX last = (NET_IFINDEX)-1;
	DWORD rc;
	int tries;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	rc = GetIpNetTable2(AF_INET, &t);
	if (rc != NO_ERROR) {
		char msg[256], line[400];

		col_errtext(rc, msg, sizeof(msg));
		snprintf(line, sizeof(line), "GetIpNetTable2(AF_INET) failed "
		    "with error %lu: %s", (unsigned long)rc, msg);
		col_put_reason(o, line);
		return col_fail(j, col_classify(rc), rc, "%s", line);
	}
	for (tries = 0; tries < 3; tries++) {
		aa = malloc(asz);
		if (aa == NULL)
			break;
		rc = GetAdaptersAddresses(AF_INET, GAA_FLAG_SKIP_ANYCAST |
		    GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER, NULL, aa,
		    &asz);
		if (rc == NO_ERROR)
			break;
		free(aa);
		aa = NULL;
		if (rc != ERROR_BUFFER_OVERFLOW)
			break;
	}
	/* Group by interface, in interface order. */
	for (;;) {
		NET_IFINDEX next = (NET_IFINDEX)-1;
		char ifa[64];

		for (i = 0; i < t->NumEntries; i++) {
			NET_IFINDEX x = t->Table[i].InterfaceIndex;

			if ((last == (NET_IFINDEX)-1 || x > last) && x < next)
				next = x;
		}
		if (next == (NET_IFINDEX)-1)
			break;
		last = next;
		if_addr(aa, next, ifa, sizeof(ifa));
		col_printf(o, "\r\nInterface: %s --- 0x%lx\r\n", ifa,
		    (unsigned long)next);
		col_puts(o, "  Internet Address      Physical Address      "
		    "Type\r\n");
		for (i = 0; i < t->NumEntries; i++) {
			MIB_IPNET_ROW2 *r = &t->Table[i];
			char ip[64], mac[64];
			const char *type;
			size_t m = 0;

			if (r->InterfaceIndex != next)
				continue;
			col_sockaddr(&r->Address, ip, sizeof(ip));
			mac[0] = '\0';
			for (k = 0; k < r->PhysicalAddressLength && k < 8; k++)
				m += (size_t)snprintf(mac + m, sizeof(mac) - m,
				    "%s%02x", k ? "-" : "",
				    r->PhysicalAddress[k]);
			if (r->State == NlnsPermanent)
				type = "static";
			else if (r->State == NlnsUnreachable ||
			    r->State == NlnsIncomplete)
				type = "invalid";
			else
				type = "dynamic";
			if (mac[0] == '\0')
				snprintf(mac, sizeof(mac), "00-00-00-00-00-00");
			col_printf(o, "  %-21s %-21s %s\r\n", ip, mac, type);
			j->rows++;
		}
	}
	if (j->rows == 0)
		col_puts(o, "No ARP Entries Found.\r\n");
	free(aa);
	FreeMibTable(t);
	return COL_OK;
}
