/*
 * cm_error.c - graded result codes and error messages (see cm_error.h).
 */
#include "cm_error.h"

#include <stdio.h>
#include <string.h>

void
cm_error_clear(struct cm_error *err)
{
	if (err == NULL)
		return;
	err->rc = CM_OK;
	err->msg[0] = '\0';
}

int
cm_rc_worst(int a, int b)
{
	if (a == CM_EOF)
		a = CM_OK;
	if (b == CM_EOF)
		b = CM_OK;
	return a < b ? a : b;
}

int
cm_error_vset(struct cm_error *err, int rc, const char *fmt, va_list ap)
{
	if (err == NULL)
		return rc;
	/* Keep the first message of the worst grade seen so far. */
	if (err->msg[0] != '\0' && rc >= err->rc)
		return rc;
	err->rc = rc;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return rc;
}

int
cm_error_set(struct cm_error *err, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = cm_error_vset(err, rc, fmt, ap);
	va_end(ap);
	return rc;
}

void
cm_error_prefix(struct cm_error *err, const char *ctx)
{
	char tmp[CM_ERROR_MSG_MAX];

	if (err == NULL || ctx == NULL)
		return;
	snprintf(tmp, sizeof(tmp), "%s: %s", ctx, err->msg);
	memcpy(err->msg, tmp, sizeof(tmp));
}

const char *
cm_rc_name(int rc)
{
	switch (rc) {
	case CM_OK: return "ok";
	case CM_EOF: return "eof";
	case CM_WARN: return "warning";
	case CM_FAILED: return "failed";
	case CM_FATAL: return "fatal";
	default: return "unknown";
	}
}
