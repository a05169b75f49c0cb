/*
 * fuzz_enc.c - text decoding (common/cm_enc.c).  Input: one byte choosing
 * detection or a forced code page, then the bytes to decode.  Checks the
 * promise of cm_enc.h: the output is valid UTF-8 with no NUL byte, always.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm_enc.h"
#include "cm_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int cps[] = { 0, 437, 850, 932, 1200, 1201, 1252, 65001 };
	struct cm_buf out;
	size_t i, k;
	unsigned long cp;

	if (size < 1)
		return 0;
	cm_buf_init(&out, 16 * size + 64);
	cm_enc_decode(data + 1, size - 1, cps[data[0] % 8], &out, NULL);
	for (i = 0; i < out.len; i += k) {
		k = cm_utf8_get((const unsigned char *)out.p + i, out.len - i,
		    &cp);
		if (k == 0 || cp == 0)
			abort();
	}
	cm_buf_free(&out);
	return 0;
}
