/*
 * cm_buf.h - a growable byte buffer with a size cap (after curl's dynbuf).
 *
 * Every buffer that grows with input has a cap, given at init.  An append
 * that would pass the cap fails with CM_FAILED and leaves the buffer as it
 * was, so a hostile input cannot make one buffer grow without bound.
 * The content is always NUL-terminated (the NUL is not counted in len).
 *
 * Ownership: the buffer owns its memory until cm_buf_free() or
 * cm_buf_detach(); pointers into it are invalidated by any append.
 */
#ifndef CM_BUF_H
#define CM_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct cm_buf {
	char *p;      /* content, NUL-terminated; NULL until the first append */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
	size_t max;   /* most bytes len may reach */
};

void cm_buf_init(struct cm_buf *b, size_t max);
void cm_buf_free(struct cm_buf *b);
/* Empties the buffer but keeps its memory. */
void cm_buf_reset(struct cm_buf *b);
/* Returns CM_OK, or CM_FAILED when the cap or memory is exhausted. */
int cm_buf_add(struct cm_buf *b, const void *data, size_t n);
int cm_buf_addc(struct cm_buf *b, char c);
int cm_buf_adds(struct cm_buf *b, const char *s);
int cm_buf_addf(struct cm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Makes room for n more bytes; returns CM_OK or CM_FAILED. */
int cm_buf_reserve(struct cm_buf *b, size_t n);
/* Returns the content (caller frees with free()) and empties the buffer. */
char *cm_buf_detach(struct cm_buf *b, size_t *len);
/* Shortens the content to n bytes (n <= len). */
void cm_buf_truncate(struct cm_buf *b, size_t n);
/* The content, or "" for an empty buffer: never NULL. */
const char *cm_buf_str(const struct cm_buf *b);

#endif
