/*
 * lzxpress.c - LZXPRESS Huffman decompression ([MS-XCA] 2.2, "LZ77+Huffman"),
 * written from the specification for Windows 10/11 Prefetch files:
 *
 *   4d 41 4d 04  e8 ba 00 00  a5 b7 a6 c8 ...   "MAM\x04", 47848 bytes,
 *                             ^ 256 bytes of code lengths, then the bits
 *
 * (the MAM header is read by prefetch.c; this file sees the bytes after
 * it).  See lzxpress.h for the format and the guarantees.
 *
 * Decoding: the 512 code lengths of a block give a canonical prefix code
 * (codes assigned in order of length, then symbol).  Codes are at most 15
 * bits, so one table of 2^15 entries, indexed by the next 15 bits of the
 * stream, gives symbol and length in one look-up.  A literal symbol (< 256)
 * is output as is; a match symbol 256 + (offset_bits << 4 | length) is
 * followed by an optional length escape (1, 3 or 7 bytes, read from the
 * byte stream between the bit words) and offset_bits raw bits.
 */
#include "lzxpress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSYMS 512            /* 256 literals + 256 match headers */
#define TABLE_BITS 15        /* longest code */
#define BLOCK_OUT 65536      /* output bytes per block */
#define TABLE_BYTES 256      /* packed code lengths per block */
#define MAX_OVERRUN 4        /* bit words read past the input end */

/* The bit stream: a 32-bit window on 16-bit little-endian words. */
struct bits {
	const unsigned char *in;   /* compressed data */
	size_t len;                /* its size */
	size_t pos;                /* next byte to read (may pass len) */
	uint32_t win;              /* next bits, most significant first */
	int extra;                 /* valid bits in win beyond 16 */
	int overrun;               /* words read past the end (as zeros) */
};

/*
 * Reads the next 16-bit word.  Past the end of the input it gives zeros
 * and counts the overrun: a valid stream may end a little before the last
 * refill, a stream that keeps reading is truncated.
 */
static uint32_t
read16(struct bits *b)
{
	uint32_t v = 0;

	if (b->pos < b->len && b->len - b->pos >= 2)
		v = (uint32_t)b->in[b->pos] | (uint32_t)b->in[b->pos + 1] << 8;
	else
		b->overrun++;
	b->pos += 2;
	return v;
}

/* Drops n (<= 16) bits from the window and refills it if needed. */
static void
consume(struct bits *b, unsigned n)
{
	b->win <<= n;
	b->extra -= (int)n;
	if (b->extra < 0) {
		b->win |= read16(b) << (unsigned)(-b->extra);
		b->extra += 16;
	}
}

/*
 * Builds the look-up table from the 256 bytes of packed lengths (low
 * nibble: even symbol, high nibble: odd symbol).  Entries are
 * symbol << 4 | length, 0 where no code starts.  Returns 0, or -1 if the
 * lengths are all zero or over-subscribe the code space.
 */
static int
build_table(const unsigned char *packed, uint16_t *table)
{
	unsigned char lens[NSYMS];
	unsigned count[TABLE_BITS + 1];
	uint32_t pos = 0, space = 0, len;
	unsigned s, i;

	memset(count, 0, sizeof(count));
	for (i = 0; i < TABLE_BYTES; i++) {
		lens[2 * i] = packed[i] & 0x0F;
		lens[2 * i + 1] = packed[i] >> 4;
		count[lens[2 * i]]++;
		count[lens[2 * i + 1]]++;
	}
	for (len = 1; len <= TABLE_BITS; len++)
		space += (uint32_t)count[len] << (TABLE_BITS - len);
	if (space == 0 || space > (1U << TABLE_BITS))
		return -1;
	/*
	 * Canonical codes in (length, symbol) order are increasing when left
	 * aligned to 15 bits, so each code fills the next 2^(15-len) slots.
	 */
	for (len = 1; len <= TABLE_BITS; len++) {
		uint32_t span = 1U << (TABLE_BITS - len);

		if (count[len] == 0)
			continue;
		for (s = 0; s < NSYMS; s++) {
			if (lens[s] != len)
				continue;
			for (i = 0; i < span; i++)
				table[pos + i] = (uint16_t)(s << 4 | len);
			pos += span;
		}
	}
	/* An incomplete code leaves holes: bits that decode to nothing. */
	if (pos < (1U << TABLE_BITS))
		memset(table + pos, 0,
		    ((1U << TABLE_BITS) - pos) * sizeof(*table));
	return 0;
}

static int
finish(struct ipk_lzxh_result *res, int status, const struct bits *b,
    size_t out_pos, size_t blocks)
{
	if (res != NULL) {
		res->status = status;
		res->in_pos = b->pos < b->len ? b->pos : b->len;
		res->out_pos = out_pos;
		res->blocks = blocks;
	}
	return status;
}

/* Decodes one block into out[*op..) until block_end or out_len. */
static int
decode_block(struct bits *b, const uint16_t *table, unsigned char *out,
    size_t *op, size_t out_len)
{
	size_t o = *op, block_end;
	int rc = IPK_LZXH_OK;

	block_end = out_len - o > BLOCK_OUT ? o + BLOCK_OUT : out_len;
	while (o < block_end) {
		uint32_t e, sym, obits;
		size_t mlen, off, k;

		if (b->overrun > MAX_OVERRUN) {
			rc = IPK_LZXH_TRUNCATED;
			break;
		}
		e = table[b->win >> (32 - TABLE_BITS)];
		if (e == 0) {
			rc = IPK_LZXH_BAD_SYMBOL;
			break;
		}
		consume(b, e & 15);
		sym = e >> 4;
		if (sym < 256) {
			out[o++] = (unsigned char)sym;
			continue;
		}
		sym -= 256;
		mlen = sym & 15;
		obits = sym >> 4;
		if (mlen == 15) {
			/* Length escapes sit in the byte stream. */
			if (b->pos >= b->len) {
				rc = IPK_LZXH_TRUNCATED;
				break;
			}
			mlen = b->in[b->pos++];
			if (mlen == 255) {
				if (b->pos >= b->len || b->len - b->pos < 2) {
					rc = IPK_LZXH_TRUNCATED;
					break;
				}
				mlen = (size_t)b->in[b->pos] |
				    (size_t)b->in[b->pos + 1] << 8;
				b->pos += 2;
				if (mlen == 0) {
					/* Newer [MS-XCA]: a 32-bit length. */
					if (b->pos >= b->len ||
					    b->len - b->pos < 4) {
						rc = IPK_LZXH_TRUNCATED;
						break;
					}
					mlen = (size_t)b->in[b->pos] |
					    (size_t)b->in[b->pos + 1] << 8 |
					    (size_t)b->in[b->pos + 2] << 16 |
					    (size_t)b->in[b->pos + 3] << 24;
					b->pos += 4;
				}
				if (mlen < 15) {
					rc = IPK_LZXH_BAD_LENGTH;
					break;
				}
				mlen -= 15;
			}
			mlen += 15;
		}
		mlen += 3;
		off = (size_t)1 << obits;
		if (obits > 0) {
			off += b->win >> (32 - obits);
			consume(b, obits);
		}
		if (off > o) {
			rc = IPK_LZXH_BAD_OFFSET;
			break;
		}
		if (mlen > out_len - o) {
			rc = IPK_LZXH_OVERFLOW;
			break;
		}
		/* Byte by byte: the source may overlap the destination. */
		for (k = 0; k < mlen; k++, o++)
			out[o] = out[o - off];
	}
	*op = o;
	return rc;
}

int
ipk_lzxh_decompress(const unsigned char *in, size_t in_len,
    unsigned char *out, size_t out_len, struct ipk_lzxh_result *res)
{
	struct bits b;
	uint16_t *table;
	size_t o = 0, blocks = 0;
	int rc = IPK_LZXH_OK;

	memset(&b, 0, sizeof(b));
	b.in = in;
	b.len = in != NULL ? in_len : 0;
	if (out_len > IPK_LZXH_MAX_OUTPUT)
		return finish(res, IPK_LZXH_TOO_LARGE, &b, 0, 0);
	if (out_len == 0)
		return finish(res, IPK_LZXH_OK, &b, 0, 0);
	if (out == NULL)
		return finish(res, IPK_LZXH_OVERFLOW, &b, 0, 0);
	table = malloc(sizeof(*table) << TABLE_BITS);
	if (table == NULL)
		return finish(res, IPK_LZXH_NOMEM, &b, 0, 0);
	while (o < out_len) {
		/* A block: the table where the previous bit stream stopped. */
		if (b.pos >= b.len || b.len - b.pos < TABLE_BYTES) {
			rc = IPK_LZXH_TRUNCATED;
			break;
		}
		if (build_table(b.in + b.pos, table) != 0) {
			rc = IPK_LZXH_BAD_TABLE;
			break;
		}
		blocks++;
		b.pos += TABLE_BYTES;
		b.overrun = 0;
		b.win = read16(&b) << 16;
		b.win |= read16(&b);
		b.extra = 16;
		rc = decode_block(&b, table, out, &o, out_len);
		if (rc != IPK_LZXH_OK)
			break;
	}
	free(table);
	return finish(res, rc, &b, o, blocks);
}

const char *
ipk_lzxh_strerror(int status)
{
	switch (status) {
	case IPK_LZXH_OK:
		return "ok";
	case IPK_LZXH_TOO_LARGE:
		return "declared size above the decompressor limit";
	case IPK_LZXH_TRUNCATED:
		return "compressed data ends before the declared size";
	case IPK_LZXH_BAD_TABLE:
		return "bad Huffman table (code lengths form no prefix code)";
	case IPK_LZXH_BAD_SYMBOL:
		return "bits that match no Huffman code";
	case IPK_LZXH_BAD_LENGTH:
		return "bad match length escape";
	case IPK_LZXH_BAD_OFFSET:
		return "match offset before the start of the data";
	case IPK_LZXH_OVERFLOW:
		return "match runs past the declared size";
	case IPK_LZXH_NOMEM:
		return "out of memory";
	}
	return "unknown error";
}
