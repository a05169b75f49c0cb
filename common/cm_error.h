/*
 * cm_error.h - graded result codes and the one error record shared by the
 * analyzer library, the collector and the tests.
 *
 * Results are graded the way libarchive grades them: a bad row is CM_WARN
 * (skip it, count it, go on), a bad member or file is CM_FAILED (go to the
 * next one), and only CM_FATAL stops a run.  The site that fails writes the
 * message; callers may prefix context with cm_error_prefix().
 */
#ifndef CM_ERROR_H
#define CM_ERROR_H

#include <stdarg.h>

enum cm_rc {
	CM_OK = 0,       /* success */
	CM_EOF = 1,      /* no more data; not an error */
	CM_WARN = -20,   /* partial success: something was skipped */
	CM_FAILED = -25, /* this operation cannot complete; others can */
	CM_FATAL = -30   /* no more operations are possible */
};

#define CM_ERROR_MSG_MAX 512

struct cm_error {
	int rc;                     /* worst code recorded, CM_OK when none */
	char msg[CM_ERROR_MSG_MAX]; /* first message at that grade, UTF-8 */
};

/* Resets err to CM_OK with an empty message. */
void cm_error_clear(struct cm_error *err);

/*
 * Records rc and a printf-style message.  A message already recorded at the
 * same or a worse grade is kept (the first cause is the useful one).
 * Returns rc so call sites can write `return cm_error_set(err, ...)`.
 * err may be NULL, then only rc is returned.
 */
int cm_error_set(struct cm_error *err, int rc, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
int cm_error_vset(struct cm_error *err, int rc, const char *fmt, va_list ap);

/* Prepends "ctx: " to the current message (context from the caller). */
void cm_error_prefix(struct cm_error *err, const char *ctx);

/* "ok", "eof", "warning", "failed", "fatal" */
const char *cm_rc_name(int rc);

/* Returns the worse (more negative) of two codes; CM_EOF counts as CM_OK. */
int cm_rc_worst(int a, int b);

#endif
