/*
 * job.c - the outputs of a data point's job and its status (see col.h).
 *
 * Items append text to memory outputs with col_puts()/col_printf(), e.g.
 * col_printf(o, "    %s    REG_SZ    %s\r\n", name, data), or name a file for
 * the runner to stream into the zip with col_file().  A memory output is
 * capped at --max-bytes (and at CM_MAX_COLLECT_MEM): an append past the cap
 * is dropped and marks the output full, which the runner reports as
 * "truncated".
 */
#include "col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_error.h"
#include "cm_limits.h"

static const char *const status_names[] = {
	"ok", "empty", "truncated", "partial", "unsupported", "failed",
	"timeout", "excluded", "skipped"
};

const char *
col_status_name(int st)
{
	if (st < 0 || (size_t)st >= sizeof(status_names) / sizeof(*status_names))
		return "failed";
	return status_names[st];
}

int
col_status_bad(int st)
{
	return st != COL_OK && st != COL_EMPTY && st != COL_EXCLUDED;
}

struct col_out *
col_text(struct col_job *j, const char *path)
{
	struct col_out *o = calloc(1, sizeof(*o));
	unsigned long long cap = j->opt->max_bytes;

	if (o == NULL)
		return NULL;
	o->path = strdup(path);
	if (o->path == NULL) {
		free(o);
		return NULL;
	}
	if (cap > CM_MAX_COLLECT_MEM)
		cap = CM_MAX_COLLECT_MEM;
	cm_buf_init(&o->buf, (size_t)cap);
	*j->tail = o;
	j->tail = &o->next;
	return o;
}

int
col_file(struct col_job *j, const char *path, const wchar_t *src,
    int delete_after)
{
	struct col_out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return -1;
	o->path = strdup(path);
	o->src = col_wdup(src);
	if (o->path == NULL || o->src == NULL) {
		free(o->path);
		free(o->src);
		free(o);
		return -1;
	}
	o->src_delete = delete_after;
	cm_buf_init(&o->buf, 1);
	*j->tail = o;
	j->tail = &o->next;
	return 0;
}

void
col_putn(struct col_out *o, const char *s, size_t n)
{
	if (o == NULL || o->full)
		return;
	if (cm_buf_add(&o->buf, s, n) != CM_OK)
		o->full = 1;
}

void
col_puts(struct col_out *o, const char *s)
{
	col_putn(o, s, strlen(s));
}

void
col_vprintf(struct col_out *o, const char *fmt, va_list ap)
{
	char small[1024], *big;
	va_list aq;
	int n;

	if (o == NULL || o->full)
		return;
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		col_putn(o, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		o->full = 1;
		return;
	}
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	col_putn(o, big, (size_t)n);
	free(big);
}

void
col_printf(struct col_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	col_vprintf(o, fmt, ap);
	va_end(ap);
}

void
col_putw(struct col_out *o, const wchar_t *w, int n)
{
	char *s;

	if (o == NULL || o->full || w == NULL)
		return;
	s = col_u8(w, n);
	col_puts(o, s);
	free(s);
}

void
col_nl(struct col_out *o)
{
	col_putn(o, "\r\n", 2);
}

void
col_csv(struct col_out *o, const char *s, int quote, int last)
{
	const char *p;

	if (s == NULL)
		s = "";
	if (!quote && strpbrk(s, ",\"\r\n") != NULL)
		quote = 1;
	if (quote) {
		col_putn(o, "\"", 1);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				col_putn(o, "\"\"", 2);
			else
				col_putn(o, p, 1);
		}
		col_putn(o, "\"", 1);
	} else {
		col_puts(o, s);
	}
	if (last)
		col_nl(o);
	else
		col_putn(o, ",", 1);
}

int
col_fail(struct col_job *j, int status, unsigned long code,
    const char *fmt, ...)
{
	va_list ap;

	/* The worst status wins; the first reason at it is kept. */
	if (status > j->status || (status == j->status && j->reason[0] == '\0')) {
		j->status = status;
		j->code = code;
		va_start(ap, fmt);
		vsnprintf(j->reason, sizeof(j->reason), fmt, ap);
		va_end(ap);
	}
	return j->status;
}

int
col_classify(unsigned long code)
{
	switch (code) {
	case ERROR_CALL_NOT_IMPLEMENTED:
	case ERROR_NOT_SUPPORTED:
	case ERROR_INVALID_FUNCTION:
	case ERROR_INVALID_LEVEL:
	case ERROR_PROC_NOT_FOUND:
	case ERROR_NO_NETWORK:
	case (unsigned long)E_NOTIMPL:
	case 0x8004100EUL:         /* WBEM_E_INVALID_NAMESPACE */
	case 0x80041010UL:         /* WBEM_E_INVALID_CLASS */
	case (unsigned long)REGDB_E_CLASSNOTREG:
		return COL_UNSUPPORTED;
	default:
		return COL_FAILED;
	}
}

void
col_put_reason(struct col_out *o, const char *reason)
{
	col_printf(o, "invpkg-collect: not collected: %s\r\n", reason);
}
