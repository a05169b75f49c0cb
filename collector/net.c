/*
 * net.c - network address text and PID names for the network data points.
 *
 * Addresses are formatted here rather than with InetNtop so the text is the
 * same on every Windows version: IPv4 dotted ("10.0.0.1"), IPv6 in RFC 5952
 * form with the longest run of zero groups as "::" and an optional
 * "%scope" ("fe80::1%12"), as netstat and ipconfig print them.
 */
#include "col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
col_ip4(DWORD addr, char out[16])
{
	const BYTE *b = (const BYTE *)&addr;

	snprintf(out, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

void
col_ip6(const BYTE a[16], DWORD scope, char out[64])
{
	unsigned g[8];
	int i, best = -1, bestlen = 0, run = -1, len = 0;
	size_t o = 0;

	for (i = 0; i < 8; i++)
		g[i] = ((unsigned)a[2 * i] << 8) | a[2 * i + 1];
	for (i = 0; i <= 8; i++) {
		if (i < 8 && g[i] == 0) {
			if (run < 0) {
				run = i;
				len = 0;
			}
			len++;
		} else if (run >= 0) {
			if (len > bestlen && len >= 2) {
				best = run;
				bestlen = len;
			}
			run = -1;
		}
	}
	/* IPv4-mapped ::ffff:a.b.c.d */
	if (best == 0 && bestlen == 5 && g[5] == 0xffff) {
		o = (size_t)snprintf(out, 64, "::ffff:%u.%u.%u.%u", a[12], a[13],
		    a[14], a[15]);
	} else {
		for (i = 0; i < 8; i++) {
			if (i == best) {
				o += (size_t)snprintf(out + o, 64 - o, "::");
				i += bestlen - 1;
				continue;
			}
			if (o > 0 && out[o - 1] != ':')
				o += (size_t)snprintf(out + o, 64 - o, ":");
			o += (size_t)snprintf(out + o, 64 - o, "%x", g[i]);
		}
		if (o == 0)
			o = (size_t)snprintf(out, 64, "::");
	}
	if (scope != 0 && o < 50)
		snprintf(out + o, 64 - o, "%%%lu", (unsigned long)scope);
}

void
col_sockaddr(const void *sa, char *out, size_t outsz)
{
	const SOCKADDR *s = sa;
	char b[64];

	out[0] = '\0';
	if (s == NULL)
		return;
	if (s->sa_family == AF_INET) {
		col_ip4(((const SOCKADDR_IN *)sa)->sin_addr.s_addr, b);
		snprintf(out, outsz, "%s", b);
	} else if (s->sa_family == AF_INET6) {
		const SOCKADDR_IN6 *s6 = sa;

		col_ip6(s6->sin6_addr.s6_addr, s6->sin6_scope_id, b);
		snprintf(out, outsz, "%s", b);
	}
}

void
col_label(struct col_out *o, int indent, const char *label, int width)
{
	char buf[128];
	int n = 0, rel;

	while (n < indent && n < 16)
		buf[n++] = ' ';
	for (rel = 0; label[rel] != '\0' && n < 100; rel++)
		buf[n++] = label[rel];
	for (; rel < width && n < 120; rel++)
		buf[n++] = (rel % 2 == 0) ? '.' : ' ';
	buf[n] = '\0';
	col_puts(o, buf);
	col_puts(o, buf[n - 1] == ' ' ? ": " : " : ");
}

struct pidname {
	DWORD pid;
	char *image;
	char *service;      /* NULL, or the one service of the process */
	int nservices;
};

struct col_pidnames {
	struct pidname *v;
	size_t n;
};

static struct pidname *
find(struct col_pidnames *p, DWORD pid)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].pid == pid)
			return &p->v[i];
	return NULL;
}

struct col_pidnames *
col_pidnames_new(void)
{
	struct col_pidnames *p = calloc(1, sizeof(*p));
	PROCESSENTRY32W pe;
	HANDLE snap;
	SC_HANDLE scm;

	if (p == NULL)
		return NULL;
	snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
	if (snap != INVALID_HANDLE_VALUE) {
		pe.dwSize = sizeof(pe);
		if (Process32FirstW(snap, &pe)) {
			do {
				struct pidname *nv = realloc(p->v,
				    (p->n + 1) * sizeof(*nv));

				if (nv == NULL)
					break;
				p->v = nv;
				memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
				p->v[p->n].pid = pe.th32ProcessID;
				p->v[p->n].image = col_u8(pe.szExeFile, -1);
				p->n++;
			} while (Process32NextW(snap, &pe));
		}
		CloseHandle(snap);
	}
	scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
	if (scm != NULL) {
		DWORD need = 0, count = 0, resume = 0, i;
		BYTE *buf = NULL;

		EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
		    SERVICE_ACTIVE, NULL, 0, &need, &count, &resume, NULL);
		if (need > 0 && need < 16 * 1024 * 1024)
			buf = malloc(need);
		resume = 0;
		if (buf != NULL && EnumServicesStatusExW(scm,
		    SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE, buf,
		    need, &need, &count, &resume, NULL)) {
			ENUM_SERVICE_STATUS_PROCESSW *s = (void *)buf;

			for (i = 0; i < count; i++) {
				struct pidname *pn = find(p,
				    s[i].ServiceStatusProcess.dwProcessId);

				if (pn == NULL ||
				    s[i].ServiceStatusProcess.dwProcessId == 0)
					continue;
				pn->nservices++;
				free(pn->service);
				pn->service = pn->nservices == 1 ?
				    col_u8(s[i].lpServiceName, -1) : NULL;
			}
		}
		free(buf);
		CloseServiceHandle(scm);
	}
	return p;
}

const char *
col_pid_image(struct col_pidnames *p, DWORD pid)
{
	struct pidname *pn = p != NULL && pid != 0 ? find(p, pid) : NULL;

	return pn != NULL ? pn->image : NULL;
}

const char *
col_pid_service(struct col_pidnames *p, DWORD pid)
{
	struct pidname *pn = p != NULL && pid != 0 ? find(p, pid) : NULL;

	return pn != NULL ? pn->service : NULL;
}

void
col_pidnames_free(struct col_pidnames *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].image);
		free(p->v[i].service);
	}
	free(p->v);
	free(p);
}
