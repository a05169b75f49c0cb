/*
 * fuzz_lzxpress.c - the LZXPRESS Huffman decompressor of Prefetch files
 * (analyzer/lib/parsers/lzxpress.c), directly.  Input: a 4-byte
 * little-endian output size (taken modulo 4 MiB, as a "MAM\x04" header
 * declares it), then the compressed stream (256 bytes of code lengths per
 * 64 KiB block, then the bit stream).  The decompressor must stay inside
 * both buffers, report where it stopped, and fill the output exactly when
 * it says OK.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/lzxpress.h"

#define OUT_MOD (4u * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_lzxh_result res;
	unsigned char *out;
	size_t out_len;
	int st;

	if (size < 4)
		return 0;
	out_len = ((size_t)data[0] | (size_t)data[1] << 8 |
	    (size_t)data[2] << 16 | (size_t)data[3] << 24) % OUT_MOD;
	/* malloc(0) may be NULL: keep one byte so the buffer is real. */
	if ((out = malloc(out_len + 1)) == NULL)
		return 0;
	memset(&res, 0xa5, sizeof(res));
	st = ipk_lzxh_decompress(data + 4, size - 4, out, out_len, &res);
	if (st != res.status || res.out_pos > out_len ||
	    res.in_pos > size - 4 || ipk_lzxh_strerror(st) == NULL)
		abort();
	if (st == IPK_LZXH_OK && res.out_pos != out_len)
		abort();
	free(out);
	return 0;
}
