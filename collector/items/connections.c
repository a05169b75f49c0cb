/*
 * connections.c - data point "connections": TCP and UDP endpoints (IPv4 and
 * IPv6) with their owning process, written like `netstat -anob` into
 * "Network connections/ActiveNetConnections.txt":
 *
 *   Active Connections
 *
 *     Proto  Local Address          Foreign Address        State           PID
 *     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       740
 *     RpcSs
 *    [svchost.exe]
 *     UDP    [::]:500               *:*                                    3372
 *    Can not obtain ownership information
 *
 * The -b lines name the service when the process hosts exactly one, and the
 * image name from a process snapshot.  (wine 8.0 reports PID 0 for every
 * endpoint, so there every row says "Can not obtain ownership information".)
 */
#include "../col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const tcp_states[] = {
	"UNKNOWN", "CLOSED", "LISTENING", "SYN_SENT", "SYN_RECEIVED",
	"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",
	"LAST_ACK", "TIME_WAIT", "DELETE_TCB"
};

static void
row(struct col_out *o, struct col_pidnames *pn, const char *proto,
    const char *local, const char *remote, const char *state, DWORD pid)
{
	const char *img = col_pid_image(pn, pid), *svc = col_pid_service(pn, pid);

	col_printf(o, "  %-5s  %-22s %-22s %-15s %lu\r\n", proto, local, remote,
	    state, (unsigned long)pid);
	if (img == NULL) {
		col_puts(o, " Can not obtain ownership information\r\n");
		return;
	}
	if (svc != NULL)
		col_printf(o, "  %s\r\n", svc);
	col_printf(o, " [%s]\r\n", img);
}

/* Calls a Get*Table function until the buffer is big enough. */
#define GET_TABLE(call, buf, size, rc) do {                               \
	int tries_;                                                       \
	for (tries_ = 0; tries_ < 4; tries_++) {                          \
		rc = call;                                                \
		if (rc != ERROR_INSUFFICIENT_BUFFER)                      \
			break;                                            \
		free(buf);                                                \
		size += 4096;                                             \
		buf = malloc(size);                                       \
		if (buf == NULL) {                                        \
			rc = ERROR_NOT_ENOUGH_MEMORY;                     \
			break;                                            \
		}                                                         \
	}                                                                 \
} while (0)

int
col_connections(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_pidnames *pn = col_pidnames_new();
	char l[80], r[80], a[64];
	void *buf = NULL;
	DWORD size, rc, i;
	int ok = 0, fails = 0;
	DWORD firsterr = 0;
	const char *firstwhat = "";

	if (o == NULL) {
		col_pidnames_free(pn);
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	}
	col_puts(o, "\r\nActive Connections\r\n\r\n  Proto  Local Address"
	    "          Foreign Address        State           PID\r\n");

	size = 0;
	GET_TABLE(GetExtendedTcpTable(buf, &size, TRUE, AF_INET,
	    TCP_TABLE_OWNER_PID_ALL, 0), buf, size, rc);
	if (rc == NO_ERROR && buf != NULL) {
		MIB_TCPTABLE_OWNER_PID *t = buf;

		ok++;
		for (i = 0; i < t->dwNumEntries; i++) {
			MIB_TCPROW_OWNER_PID *e = &t->table[i];
			DWORD st = e->dwState < 13 ? e->dwState : 0;

			col_ip4(e->dwLocalAddr, a);
			snprintf(l, sizeof(l), "%s:%u", a,
			    ntohs((u_short)e->dwLocalPort));
			col_ip4(e->dwRemoteAddr, a);
			snprintf(r, sizeof(r), "%s:%u", a, st == 2 ? 0 :
			    ntohs((u_short)e->dwRemotePort));
			row(o, pn, "TCP", l, r, tcp_states[st], e->dwOwningPid);
			j->rows++;
		}
	} else {
		fails++;
		firsterr = rc;
		firstwhat = "GetExtendedTcpTable(AF_INET)";
	}
	free(buf);
	buf = NULL;
	size = 0;
	GET_TABLE(GetExtendedTcpTable(buf, &size, TRUE, AF_INET6,
	    TCP_TABLE_OWNER_PID_ALL, 0), buf, size, rc);
	if (rc == NO_ERROR && buf != NULL) {
		MIB_TCP6TABLE_OWNER_PID *t = buf;

		ok++;
		for (i = 0; i < t->dwNumEntries; i++) {
			MIB_TCP6ROW_OWNER_PID *e = &t->table[i];
			DWORD st = e->dwState < 13 ? e->dwState : 0;

			col_ip6(e->ucLocalAddr, e->dwLocalScopeId, a);
			snprintf(l, sizeof(l), "[%s]:%u", a,
			    ntohs((u_short)e->dwLocalPort));
			col_ip6(e->ucRemoteAddr, e->dwRemoteScopeId, a);
			snprintf(r, sizeof(r), "[%s]:%u", a, st == 2 ? 0 :
			    ntohs((u_short)e->dwRemotePort));
			row(o, pn, "TCP", l, r, tcp_states[st], e->dwOwningPid);
			j->rows++;
		}
	} else if (fails++ == 0) {
		firsterr = rc;
		firstwhat = "GetExtendedTcpTable(AF_INET6)";
	}
	free(buf);
	buf = NULL;
	size = 0;
	GET_TABLE(GetExtendedUdpTable(buf, &size, TRUE, AF_INET,
	    UDP_TABLE_OWNER_PID, 0), buf, size, rc);
	if (rc == NO_ERROR && buf != NULL) {
		MIB_UDPTABLE_OWNER_PID *t = buf;

		ok++;
		for (i = 0; i < t->dwNumEntries; i++) {
			col_ip4(t->table[i].dwLocalAddr, a);
			snprintf(l, sizeof(l), "%s:%u", a,
			    ntohs((u_short)t->table[i].dwLocalPort));
			row(o, pn, "UDP", l, "*:*", "", t->table[i].dwOwningPid);
			j->rows++;
		}
	} else if (fails++ == 0) {
		firsterr = rc;
		firstwhat = "GetExtendedUdpTable(AF_INET)";
	}
	free(buf);
	buf = NULL;
	size = 0;
	GET_TABLE(GetExtendedUdpTable(buf, &size, TRUE, AF_INET6,
	    UDP_TABLE_OWNER_PID, 0), buf, size, rc);
	if (rc == NO_ERROR && buf != NULL) {
		MIB_UDP6TABLE_OWNER_PID *t = buf;

		ok++;
		for (i = 0; i < t->dwNumEntries; i++) {
			col_ip6(t->table[i].ucLocalAddr,
			    t->table[i].dwLocalScopeId, a);
			snprintf(l, sizeof(l), "[%s]:%u", a,
			    ntohs((u_short)t->table[i].dwLocalPort));
			row(o, pn, "UDP", l, "*:*", "", t->table[i].dwOwningPid);
			j->rows++;
		}
	} else if (fails++ == 0) {
		firsterr = rc;
		firstwhat = "GetExtendedUdpTable(AF_INET6)";
	}
	free(buf);
	col_pidnames_free(pn);
	if (ok == 0)
		return col_fail(j, col_classify(firsterr), firsterr,
		    "%s failed (error %lu)", firstwhat,
		    (unsigned long)firsterr);
	if (fails > 0)
		return col_fail(j, COL_PARTIAL, firsterr, "%s failed (error "
		    "%lu)", firstwhat, (unsigned long)firsterr);
	return COL_OK;
}
