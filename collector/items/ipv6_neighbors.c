/*
 * ipv6_neighbors.c - data point "ipv6_neighbors" (beyond Microsoft's
 * package, whose Arp.txt is IPv4 only): the IPv6 neighbour table from
 * GetIpNetTable2(AF_INET6), written like `netsh interface ipv6 show
 * neighbors` into "Network connections/Ipv6Neighbors.txt":
 *
 *   Interface 6: Ethernet
 *
 *
 *   Internet Address                              Physical Address   Type
 *   --------------------------------------------  -----------------  -----------
 *   fe80::1                                       12-34-56-78-9a-bc  Reachable
 *
 * (wine 8.0 does not implement the IPv6 table: the status is recorded.)
 */
#include "../col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const states[] = {
	"Unreachable", "Incomplete", "Probe", "Delay", "Stale", "Reachable",
	"Permanent"
};

static char *
if_name(IP_ADAPTER_ADDRESSES *aa, NET_IFINDEX idx)
{
	for (; aa != NULL; aa = aa->Next)
		if (aa->Ipv6IfIndex == idx || aa->IfIndex == idx)
			return col_u8(aa->FriendlyName, -1);
	return NULL;
}

int
col_ipv6_neighbors(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	MIB_IPNET_TABLE2 *t = NULL;
	IP_ADAPTER_ADDRESSES *aa = NULL;
	ULONG asz = 32 * 1024, i, k;
	NET_IFINDEX last = 0;
	int first = 1, tries;
	DWORD rc;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	rc = GetIpNetTable2(AF_INET6, &t);
	if (rc != NO_ERROR) {
		char msg[256], line[400];

		col_errtext(rc, msg, sizeof(msg));
		snprintf(line, sizeof(line), "GetIpNetTable2(AF_INET6) failed "
		    "with error %lu: %s", (unsigned long)rc, msg);
		col_put_reason(o, line);
		return col_fail(j, col_classify(rc), rc, "%s", line);
	}
	for (tries = 0; tries < 3; tries++) {
		aa = malloc(asz);
		if (aa == NULL)
			break;
		rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST |
		    GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER |
		    GAA_FLAG_SKIP_UNICAST, NULL, aa, &asz);
		if (rc == NO_ERROR)
			break;
		free(aa);
		aa = NULL;
		if (rc != ERROR_BUFFER_OVERFLOW)
			break;
	}
	for (;;) {
		NET_IFINDEX next = (NET_IFINDEX)-1;
		char *name;

		for (i = 0; i < t->NumEntries; i++) {
			NET_IFINDEX x = t->Table[i].InterfaceIndex;

			if ((first || x > last) && x < next)
				next = x;
		}
		if (next == (NET_IFINDEX)-1)
			break;
		first = 0;
		last = next;
		name = if_name(aa, next);
		col_printf(o, "\r\nInterface %lu: %s\r\n\r\n\r\n",
		    (unsigned long)next, name != NULL ? name : "");
		free(name);
		col_puts(o, "Internet Address                              "
		    "Physical Address   Type\r\n"
		    "--------------------------------------------  "
		    "-----------------  -----------\r\n");
		for (i = 0; i < t->NumEntries; i++) {
			MIB_IPNET_ROW2 *r = &t->Table[i];
			char ip[64], mac[64];
			size_t m = 0;

			if (r->InterfaceIndex != next)
				continue;
			col_sockaddr(&r->Address, ip, sizeof(ip));
			mac[0] = '\0';
			for (k = 0; k < r->PhysicalAddressLength && k < 8; k++)
				m += (size_t)snprintf(mac + m, sizeof(mac) - m,
				    "%s%02x", k ? "-" : "",
				    r->PhysicalAddress[k]);
			col_printf(o, "%-44s  %-17s  %s\r\n", ip, mac,
			    (unsigned)r->State < 7 ? states[r->State] :
			    "Unknown");
			j->rows++;
		}
	}
	free(aa);
	FreeMibTable(t);
	return COL_OK;
}
