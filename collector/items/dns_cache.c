/*
 * dns_cache.c - data point "dns_cache": the DNS client cache, written like
 * `ipconfig /displaydns` into "Network connections/DnsCache.txt":
 *
 *   Windows IP Configuration
 *
 *       raw.githubusercontent.com
 *       ----------------------------------------
 *       Record Name . . . . . : raw.githubusercontent.com
 *       Record Type . . . . . : 1
 *       Time To Live  . . . . : 1234
 *       Data Length . . . . . : 4
 *       Section . . . . . . . : Answer
 *       A (Host) Record . . . : 185.199.108.133
 *
 * The cache's names come from DnsGetCacheDataTable (undocumented; loaded
 * from dnsapi.dll at run time), each name's records from DnsQuery_W with
 * DNS_QUERY_NO_WIRE_QUERY, i.e. from the cache only, so collecting sends no
 * DNS query.  wine 8.0 exports a stub that returns FALSE: that is recorded
 * as "unsupported".  The cache list is not freed: dnsapi documents no free
 * function for it, and the process is short-lived.
 */
#include "../col.h"

#include <winsock2.h>
#include <windns.h>
#include <stdio.h>
#include <stdlib.h>

struct cache_entry {
	struct cache_entry *next;
	PWSTR name;
	unsigned short type;
	unsigned short len;
	unsigned long flags;
};

typedef BOOL (WINAPI *get_table_fn)(struct cache_entry **);
typedef DNS_STATUS (WINAPI *query_fn)(PCWSTR, WORD, DWORD, PVOID,
    PDNS_RECORD *, PVOID *);
typedef VOID (WINAPI *free_fn)(PDNS_RECORD, DNS_FREE_TYPE);

static void
label(struct col_out *o, const char *l)
{
	col_label(o, 4, l, 21);
}

static void
put_record(struct col_out *o, DNS_RECORDW *r)
{
	static const char *const sections[] = { "Question", "Answer",
	    "Authority", "Additional" };
	char a[64];

	label(o, "Record Name");
	col_putw(o, r->pName, -1);
	col_nl(o);
	label(o, "Record Type");
	col_printf(o, "%u\r\n", r->wType);
	label(o, "Time To Live");
	col_printf(o, "%lu\r\n", (unsigned long)r->dwTtl);
	label(o, "Data Length");
	col_printf(o, "%u\r\n", r->wDataLength);
	label(o, "Section");
	col_printf(o, "%s\r\n", sections[r->Flags.S.Section & 3]);
	switch (r->wType) {
	case DNS_TYPE_A:
		col_ip4(r->Data.A.IpAddress, a);
		label(o, "A (Host) Record");
		col_printf(o, "%s\r\n", a);
		break;
	case DNS_TYPE_AAAA:
		col_ip6((const BYTE *)r->Data.AAAA.Ip6Address.IP6Byte, 0, a);
		label(o, "AAAA Record");
		col_printf(o, "%s\r\n", a);
		break;
	case DNS_TYPE_CNAME:
		label(o, "CNAME Record");
		col_putw(o, r->Data.CNAME.pNameHost, -1);
		col_nl(o);
		break;
	case DNS_TYPE_PTR:
		label(o, "PTR Record");
		col_putw(o, r->Data.PTR.pNameHost, -1);
		col_nl(o);
		break;
	case DNS_TYPE_NS:
		label(o, "NS Record");
		col_putw(o, r->Data.NS.pNameHost, -1);
		col_nl(o);
		break;
	case DNS_TYPE_MX:
		label(o, "MX Record");
		col_putw(o, r->Data.MX.pNameExchange, -1);
		col_printf(o, " (preference %u)\r\n", r->Data.MX.wPreference);
		break;
	case DNS_TYPE_SRV:
		label(o, "SRV Record");
		col_putw(o, r->Data.SRV.pNameTarget, -1);
		col_printf(o, " (priority %u, weight %u, port %u)\r\n",
		    r->Data.SRV.wPriority, r->Data.SRV.wWeight,
		    r->Data.SRV.wPort);
		break;
	case DNS_TYPE_SOA:
		label(o, "SOA Record");
		col_putw(o, r->Data.SOA.pNamePrimaryServer, -1);
		col_puts(o, " ");
		col_putw(o, r->Data.SOA.pNameAdministrator, -1);
		col_nl(o);
		break;
	case DNS_TYPE_TEXT: {
		DWORD i;

		label(o, "TXT Record");
		for (i = 0; i < r->Data.TXT.dwStringCount && i < 64; i++) {
			if (i > 0)
				col_puts(o, " ");
			col_putw(o, r->Data.TXT.pStringArray[i], -1);
		}
		col_nl(o);
		break;
	}
	default:
		break;
	}
	col_nl(o);
}

int
col_dns_cache(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct cache_entry *list = NULL, *e;
	get_table_fn get_table;
	query_fn query;
	free_fn list_free;
	HMODULE dll;
	DWORD err;
	unsigned n = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	dll = LoadLibraryExW(L"dnsapi.dll", NULL,
	    LOAD_LIBRARY_SEARCH_SYSTEM32);
	if (dll == NULL)
		dll = LoadLibraryW(L"dnsapi.dll");
	if (dll == NULL) {
		err = GetLastError();
		col_put_reason(o, "cannot load dnsapi.dll");
		return col_fail(j, COL_UNSUPPORTED, err, "cannot load "
		    "dnsapi.dll (error %lu)", (unsigned long)err);
	}
	get_table = (get_table_fn)(void (*)(void))GetProcAddress(dll,
	    "DnsGetCacheDataTable");
	query = (query_fn)(void (*)(void))GetProcAddress(dll, "DnsQuery_W");
	list_free = (free_fn)(void (*)(void))GetProcAddress(dll,
	    "DnsRecordListFree");
	if (get_table == NULL || query == NULL || list_free == NULL) {
		col_put_reason(o, "dnsapi.dll has no DnsGetCacheDataTable");
		return col_fail(j, COL_UNSUPPORTED, ERROR_PROC_NOT_FOUND,
		    "dnsapi.dll has no DnsGetCacheDataTable");
	}
	SetLastError(0);
	if (!get_table(&list)) {
		char line[300];

		err = GetLastError();
		snprintf(line, sizeof(line), "DnsGetCacheDataTable returned "
		    "FALSE (error %lu): the DNS client cache cannot be read on "
		    "this system", (unsigned long)err);
		col_put_reason(o, line);
		return col_fail(j, err == 0 ? COL_UNSUPPORTED :
		    col_classify(err), err, "%s", line);
	}
	col_puts(o, "\r\nWindows IP Configuration\r\n\r\n");
	for (e = list; e != NULL && n < 100000 && !o->full; e = e->next, n++) {
		PDNS_RECORD recs = NULL, r;
		DNS_STATUS st;

		col_puts(o, "    ");
		col_putw(o, e->name, -1);
		col_puts(o, "\r\n    ----------------------------------------"
		    "\r\n");
		st = query(e->name, e->type, DNS_QUERY_NO_WIRE_QUERY, NULL,
		    &recs, NULL);
		if (st != 0 || recs == NULL) {
			if (st == DNS_INFO_NO_RECORDS || st == 0)
				col_printf(o, "    No records of type %u\r\n\r\n",
				    e->type);
			else
				col_puts(o, "    Name does not exist.\r\n\r\n");
			continue;
		}
		for (r = recs; r != NULL; r = r->pNext) {
			put_record(o, (DNS_RECORDW *)r);
			j->rows++;
		}
		list_free(recs, DnsFreeRecordList);
	}
	return COL_OK;
}
