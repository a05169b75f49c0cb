/*
 * lzxpress.h - a portable decompressor for LZXPRESS Huffman, the
 * "LZ77+Huffman" format of [MS-XCA] section 2.1/2.2 (Windows
 * COMPRESSION_FORMAT_XPRESS_HUFF, 4).  Windows 10 and 11 store their
 * Prefetch files in it, behind an 8-byte "MAM\x04" header.
 *
 * The compressed data is a run of blocks.  Each block opens with 256 bytes
 * holding the 4-bit code lengths of 512 symbols (0-255 literals, 256-511
 * matches), then a bit stream of 16-bit little-endian words read most
 * significant bit first, and yields 65536 bytes of output (the last block
 * fewer).  Matches may reach back into earlier blocks.
 *
 * The input is hostile: every read is bounded by the input, every write by
 * the declared output size, and each decoded symbol writes at least one
 * byte, so decompression ends after at most out_len symbols.  No Windows
 * API is used.
 */
#ifndef IPK_LZXPRESS_H
#define IPK_LZXPRESS_H

#include <stddef.h>

#include "cm_limits.h"       /* IPK_LZXH_MAX_OUTPUT: largest output */

/* How a decompression ended. */
enum ipk_lzxh_status {
	IPK_LZXH_OK = 0,       /* exactly out_len bytes were produced */
	IPK_LZXH_TOO_LARGE,    /* out_len is above IPK_LZXH_MAX_OUTPUT */
	IPK_LZXH_TRUNCATED,    /* the input ends before the output is full */
	IPK_LZXH_BAD_TABLE,    /* code lengths that form no prefix code */
	IPK_LZXH_BAD_SYMBOL,   /* bits that match no code of the table */
	IPK_LZXH_BAD_LENGTH,   /* a long match length escape under 15 */
	IPK_LZXH_BAD_OFFSET,   /* a match reaching before the output start */
	IPK_LZXH_OVERFLOW,     /* a match running past the declared size */
	IPK_LZXH_NOMEM         /* the decoding table could not be allocated */
};

/* Where a decompression stopped (filled on success and on error). */
struct ipk_lzxh_result {
	int status;            /* enum ipk_lzxh_status */
	size_t in_pos;         /* input bytes consumed (where it failed) */
	size_t out_pos;        /* output bytes written */
	size_t blocks;         /* blocks (Huffman tables) read */
};

/*
 * Decompresses in[0..in_len) into out[0..out_len), which must be exactly
 * filled.  res may be NULL.  Returns IPK_LZXH_OK or another status; on
 * error out holds res->out_pos valid bytes.
 */
int ipk_lzxh_decompress(const unsigned char *in, size_t in_len,
    unsigned char *out, size_t out_len, struct ipk_lzxh_result *res);

/* A short English text for a status ("bad Huffman table"...). */
const char *ipk_lzxh_strerror(int status);

#endif
