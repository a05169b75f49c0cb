/*
 * cm_buf.c - bounded growable buffer (see cm_buf.h).
 */
#include "cm_buf.h"
#include "cm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cm_buf_init(struct cm_buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
cm_buf_free(struct cm_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
cm_buf_reset(struct cm_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

int
cm_buf_reserve(struct cm_buf *b, size_t n)
{
	size_t need, ncap;
	char *np;

	if (n > b->max || b->len > b->max - n)
		return CM_FAILED;
	need = b->len + n + 1;
	if (need <= b->cap)
		return CM_OK;
	ncap = b->cap != 0 ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	np = realloc(b->p, ncap);
	if (np == NULL)
		return CM_FAILED;
	b->p = np;
	b->cap = ncap;
	return CM_OK;
}

int
cm_buf_add(struct cm_buf *b, const void *data, size_t n)
{
	if (cm_buf_reserve(b, n) != CM_OK)
		return CM_FAILED;
	if (n != 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return CM_OK;
}

int
cm_buf_addc(struct cm_buf *b, char c)
{
	return cm_buf_add(b, &c, 1);
}

int
cm_buf_adds(struct cm_buf *b, const char *s)
{
	return cm_buf_add(b, s, strlen(s));
}

int
cm_buf_addf(struct cm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || cm_buf_reserve(b, (size_t)n) != CM_OK)
		return CM_FAILED;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return CM_OK;
}

char *
cm_buf_detach(struct cm_buf *b, size_t *len)
{
	char *p = b->p;

	if (len != NULL)
		*len = b->len;
	if (p == NULL)
		p = calloc(1, 1);
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
cm_buf_truncate(struct cm_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->p[n] = '\0';
	}
}

const char *
cm_buf_str(const struct cm_buf *b)
{
	return b->p != NULL ? b->p : "";
}
