/*
 * test_lzxpress.c - the LZXPRESS Huffman decompressor (parsers/lzxpress.c).
 *
 * 1. The Windows 10 fixtures (the .pf files of
 *    ../shared/fixtures/prefetch/Win10, "MAM\x04" + size + data)
 *    decompress to exactly their declared size and to a Prefetch file
 *    whose header agrees with the file name (CALC.EXE-3FBEF7FD.pf:
 *    version 30, "SCCA", "CALC.EXE", 0x3FBEF7FD).
 * 2. Streams written by a small encoder below (every symbol gets a 9-bit
 *    code, so the code of symbol s is s) check literals, overlapping
 *    matches, the three length escapes, matches across blocks, several
 *    blocks.
 * 3. Damaged streams (cut, bad tables, holes in the code, offsets before
 *    the start, matches past the end, bad escapes, random damage) end with
 *    an error and never write past the declared size.
 */
#include "ipk_test.h"
#include "parsers/lzxpress.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- a test encoder ------------------------------------------------- */

/* A token: a literal byte, or a match of len bytes at distance off. */
struct tok {
	int match;          /* 0 literal, 1 match */
	unsigned lit;       /* literal byte */
	size_t len;         /* match length (>= 3) */
	size_t off;         /* match distance (>= 1) */
};

struct enc {
	unsigned char *bits;   /* one byte per bit of the block's bit stream */
	size_t nbits;
	size_t cap;
	unsigned char *xb;     /* escape bytes, in order */
	size_t *xw;            /* the word count each escape byte follows */
	size_t nx;
	size_t xcap;
};

static void
put_bits(struct enc *e, uint32_t v, unsigned n)
{
	while (n-- > 0) {
		if (e->nbits == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 4096;
			e->bits = realloc(e->bits, e->cap);
			ck_assert_ptr_nonnull(e->bits);
		}
		e->bits[e->nbits++] = (unsigned char)(v >> n & 1);
	}
}

/* Words the decoder has read once it consumed nbits bits. */
static size_t
words_read(size_t nbits)
{
	size_t w = (nbits + 15) / 16 + 1;

	return w < 2 ? 2 : w;
}

static void
put_escape(struct enc *e, unsigned char b)
{
	if (e->nx == e->xcap) {
		e->xcap = e->xcap ? 2 * e->xcap : 64;
		e->xb = realloc(e->xb, e->xcap);
		e->xw = realloc(e->xw, e->xcap * sizeof(size_t));
		ck_assert(e->xb != NULL && e->xw != NULL);
	}
	e->xb[e->nx] = b;
	e->xw[e->nx++] = words_read(e->nbits);
}

/*
 * Appends one block (table + bit stream + escape bytes) for the tokens to
 * out at *olen.  All 512 symbols have length 9 (table bytes 0x99).
 */
static void
enc_block(const struct tok *t, size_t nt, unsigned char *out, size_t *olen,
    size_t cap)
{
	struct enc e;
	size_t i, w, nw, x = 0, o = *olen;

	memset(&e, 0, sizeof(e));
	for (i = 0; i < nt; i++) {
		size_t len, off, l3;
		unsigned ob = 0, nib;

		if (!t[i].match) {
			put_bits(&e, t[i].lit, 9);
			continue;
		}
		len = t[i].len;
		off = t[i].off;
		while ((off >> (ob + 1)) != 0)
			ob++;
		ck_assert_uint_le(ob, 15);     /* offsets below 65536 */
		l3 = len - 3;
		nib = l3 < 15 ? (unsigned)l3 : 15;
		put_bits(&e, 256 + (ob << 4) + nib, 9);
		if (nib == 15) {
			if (l3 - 15 < 255) {
				put_escape(&e, (unsigned char)(l3 - 15));
			} else if (l3 <= 0xFFFF) {
				put_escape(&e, 255);
				put_escape(&e, (unsigned char)(l3 & 0xFF));
				put_escape(&e, (unsigned char)(l3 >> 8));
			} else {
				put_escape(&e, 255);
				put_escape(&e, 0);
				put_escape(&e, 0);
				put_escape(&e, (unsigned char)(l3 & 0xFF));
				put_escape(&e, (unsigned char)(l3 >> 8 & 0xFF));
				put_escape(&e, (unsigned char)(l3 >> 16 & 0xFF));
				put_escape(&e, (unsigned char)(l3 >> 24 & 0xFF));
			}
		}
		put_bits(&e, (uint32_t)(off - ((size_t)1 << ob)), ob);
	}
	nw = words_read(e.nbits);
	ck_assert_uint_le(o + 256 + 2 * nw + e.nx, cap);
	memset(out + o, 0x99, 256);
	o += 256;
	for (w = 0; w < nw; w++) {
		unsigned v = 0, b;

		for (b = 0; b < 16; b++) {
			size_t k = 16 * w + b;

			v = v << 1 | (k < e.nbits ? e.bits[k] : 0);
		}
		out[o++] = (unsigned char)(v & 0xFF);
		out[o++] = (unsigned char)(v >> 8);
		/* Escape bytes read when w + 1 words had been read. */
		while (x < e.nx && e.xw[x] == w + 1)
			out[o++] = e.xb[x++];
	}
	ck_assert_uint_eq(x, e.nx);
	*olen = o;
	free(e.bits);
	free(e.xb);
	free(e.xw);
}

/* Literal-only compression of data, block by block. */
static unsigned char *
enc_literals(const unsigned char *data, size_t n, size_t *olen)
{
	size_t cap = n * 2 + 1024, o = 0, i, k;
	unsigned char *out = malloc(cap);
	struct tok *t = malloc(65536 * sizeof(*t));

	ck_assert(out != NULL && t != NULL);
	for (i = 0; i < n; i += 65536) {
		size_t m = n - i < 65536 ? n - i : 65536;

		for (k = 0; k < m; k++) {
			t[k].match = 0;
			t[k].lit = data[i + k];
		}
		enc_block(t, m, out, &o, cap);
	}
	free(t);
	*olen = o;
	return out;
}

static struct tok
L(unsigned c)
{
	struct tok t = { 0, c, 0, 0 };

	return t;
}

static struct tok
M(size_t len, size_t off)
{
	struct tok t = { 1, 0, len, off };

	return t;
}

/* Decompresses into a buffer with 64 canary bytes after out_len. */
static int
run(const unsigned char *in, size_t in_len, size_t out_len,
    unsigned char **outp, struct ipk_lzxh_result *res)
{
	unsigned char *out = malloc(out_len + 64);
	size_t i;
	int st;

	ck_assert_ptr_nonnull(out);
	memset(out + out_len, 0xA5, 64);
	st = ipk_lzxh_decompress(in, in_len, out, out_len, res);
	for (i = 0; i < 64; i++)
		ck_assert_uint_eq(out[out_len + i], 0xA5);
	ck_assert_int_eq(res->status, st);
	ck_assert_uint_le(res->out_pos, out_len);
	ck_assert_uint_le(res->in_pos, in_len);
	if (st == IPK_LZXH_OK)
		ck_assert_uint_eq(res->out_pos, out_len);
	if (outp != NULL)
		*outp = out;
	else
		free(out);
	return st;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static unsigned char *
fixture(const char *rel, size_t *n)
{
	char *p = ipk_test_slurp(ipk_test_path(ipk_test_shared(), rel), n);

	ck_assert_msg(p != NULL, "fixture %s missing", rel);
	return (unsigned char *)p;
}

/* --- 1. the Windows 10 fixtures ---------------------------------------- */

static const struct {
	const char *file;     /* below fixtures/prefetch/Win10 */
	const char *exe;      /* executable name in the header */
	uint32_t hash;        /* prefetch hash of the file name */
	uint32_t size;        /* declared uncompressed size */
} win10[] = {
	{ "CALC.EXE-3FBEF7FD.pf", "CALC.EXE", 0x3FBEF7FD, 0xBAE8 },
	{ "CALCULATOR.EXE-6940BD5C.pf", "CALCULATOR.EXE", 0x6940BD5C, 0x1837A },
	{ "CHROME.EXE-B3BA7868.pf", "CHROME.EXE", 0xB3BA7868, 0x1C54A },
	{ "CMD.EXE-D269B812.pf", "CMD.EXE", 0xD269B812, 0x6232 },
	{ "DCODEDCODEDCODEDCODEDCODEDCOD-E65B9FE8.pf",
	  "DCODEDCODEDCODEDCODEDCODEDCOD", 0xE65B9FE8, 0x8346 },
	{ "DEVENV.EXE-854D7862.pf", "DEVENV.EXE", 0x854D7862, 0x5CF12 },
};

START_TEST(test_lzxh_win10_fixtures)
{
	char rel[256], name[64];
	unsigned char *in, *out;
	struct ipk_lzxh_result res;
	size_t n, i;

	snprintf(rel, sizeof(rel), "fixtures/prefetch/Win10/%s",
	    win10[_i].file);
	in = fixture(rel, &n);
	ck_assert_int_eq(memcmp(in, "MAM\x04", 4), 0);
	ck_assert_uint_eq(le32(in + 4), win10[_i].size);
	ck_assert_int_eq(run(in + 8, n - 8, win10[_i].size, &out, &res),
	    IPK_LZXH_OK);
	/* One 256-byte table per 64 KiB of output. */
	ck_assert_uint_eq(res.blocks, (win10[_i].size + 65535) / 65536);
	ck_assert_uint_le(res.in_pos, n - 8);
	ck_assert_uint_ge(res.in_pos + 8, n - 8);
	ck_assert_uint_eq(le32(out), 30);
	ck_assert_int_eq(memcmp(out + 4, "SCCA", 4), 0);
	ck_assert_uint_eq(le32(out + 12), win10[_i].size);
	ck_assert_uint_eq(le32(out + 76), win10[_i].hash);
	for (i = 0; i < 30 && (out[16 + 2 * i] || out[17 + 2 * i]); i++) {
		ck_assert_uint_eq(out[17 + 2 * i], 0);
		name[i] = (char)out[16 + 2 * i];
	}
	name[i] = '\0';
	ck_assert_str_eq(name, win10[_i].exe);
	/* The file name string table holds UTF-16 paths ending in .DLL etc. */
	ck_assert_uint_lt(le32(out + 84 + 16), win10[_i].size);
	free(out);
	free(in);
}
END_TEST

/* A declared size below the real one: exactly that many bytes, a prefix. */
START_TEST(test_lzxh_short_declared)
{
	unsigned char *in, *full, *part;
	struct ipk_lzxh_result res;
	size_t n, cut;
	int st;

	in = fixture("fixtures/prefetch/Win10/DEVENV.EXE-854D7862.pf", &n);
	ck_assert_int_eq(run(in + 8, n - 8, le32(in + 4), &full, &res),
	    IPK_LZXH_OK);
	for (cut = 1; cut < le32(in + 4); cut = cut * 3 + 7) {
		st = run(in + 8, n - 8, cut, &part, &res);
		/* A match across the cut is refused, else the prefix is exact. */
		ck_assert(st == IPK_LZXH_OK || st == IPK_LZXH_OVERFLOW);
		ck_assert_int_eq(memcmp(part, full, res.out_pos), 0);
		free(part);
	}
	/* More than the data holds: an error, not an endless loop. */
	st = run(in + 8, n - 8, le32(in + 4) + 4096, &part, &res);
	ck_assert_int_ne(st, IPK_LZXH_OK);
	ck_assert_int_eq(memcmp(part, full, le32(in + 4)), 0);
	free(part);
	free(full);
	free(in);
}
END_TEST

/* --- 2. encoder round trips --------------------------------------------- */

START_TEST(test_lzxh_literals_blocks)
{
	size_t n = 150000, clen, i;
	unsigned char *data = malloc(n), *comp, *out;
	struct ipk_lzxh_result res;
	uint32_t x = 12345;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		data[i] = (unsigned char)(x >> 16);
	}
	comp = enc_literals(data, n, &clen);
	ck_assert_int_eq(run(comp, clen, n, &out, &res), IPK_LZXH_OK);
	ck_assert_uint_eq(res.blocks, 3);
	ck_assert_int_eq(memcmp(out, data, n), 0);
	free(out);
	free(comp);
	free(data);
}
END_TEST

START_TEST(test_lzxh_matches)
{
	/*
	 * "ab", a run of 100 'b' (offset 1), "abb" from the start, lengths
	 * with a byte escape (300), 16-bit escapes (1000, 40000) and a 32-bit
	 * one (70000) at the farthest offset (32768, 15 offset bits).
	 */
	struct tok t[] = {
		L('a'), L('b'), M(100, 1), L('c'), M(3, 103), M(300, 2),
		M(1000, 406), M(40000, 1406), M(70000, 32768),
	};
	unsigned char comp[4096], *out, *want;
	struct ipk_lzxh_result res;
	size_t clen = 0, n = 0, i, k;

	want = malloc(120000);
	ck_assert_ptr_nonnull(want);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!t[i].match) {
			want[n++] = (unsigned char)t[i].lit;
			continue;
		}
		for (k = 0; k < t[i].len; k++, n++)
			want[n] = want[n - t[i].off];
	}
	ck_assert_uint_eq(n, 111406);
	enc_block(t, sizeof(t) / sizeof(t[0]), comp, &clen, sizeof(comp));
	/* The 70000-byte match crosses the end of the 64 KiB block. */
	ck_assert_int_eq(run(comp, clen, n, &out, &res), IPK_LZXH_OK);
	ck_assert_uint_eq(res.blocks, 1);
	ck_assert_int_eq(memcmp(out, want, n), 0);
	ck_assert_uint_eq(out[2], 'b');
	ck_assert_uint_eq(out[101], 'b');
	ck_assert_uint_eq(out[102], 'c');
	ck_assert_int_eq(memcmp(out + 103, "abb", 3), 0);
	free(out);
	free(want);
}
END_TEST

/* A second block whose matches reach into the first. */
START_TEST(test_lzxh_match_into_previous_block)
{
	static struct tok b1[65536];
	struct tok b2[] = { M(10, 65535), L('!'), M(5, 60000) };
	unsigned char *comp, *out;
	struct ipk_lzxh_result res;
	size_t clen = 0, cap = 200000, i;

	comp = malloc(cap);
	ck_assert_ptr_nonnull(comp);
	for (i = 0; i < 65536; i++)
		b1[i] = L((unsigned)(i * 7 % 251));
	enc_block(b1, 65536, comp, &clen, cap);
	enc_block(b2, 3, comp, &clen, cap);
	ck_assert_int_eq(run(comp, clen, 65536 + 16, &out, &res), IPK_LZXH_OK);
	ck_assert_uint_eq(res.blocks, 2);
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(out[65536 + i], out[1 + i]);
	ck_assert_uint_eq(out[65546], '!');
	for (i = 0; i < 5; i++)
		ck_assert_uint_eq(out[65547 + i], out[65547 - 60000 + i]);
	free(out);
	free(comp);
}
END_TEST

/* --- 3. damaged streams -------------------------------------------------- */

START_TEST(test_lzxh_bad_streams)
{
	unsigned char buf[1024], *out;
	struct ipk_lzxh_result res;
	struct tok t1[] = { L('a'), M(3, 5) };
	struct tok t2[] = { L('a'), L('b'), M(50, 2) };
	size_t clen;

	memset(buf, 0, sizeof(buf));
	/* Nothing, or less than a table. */
	ck_assert_int_eq(run(buf, 0, 10, NULL, &res), IPK_LZXH_TRUNCATED);
	memset(buf, 0x99, 200);
	ck_assert_int_eq(run(buf, 200, 10, NULL, &res), IPK_LZXH_TRUNCATED);
	/* Zero output needs no input. */
	ck_assert_int_eq(run(buf, 0, 0, NULL, &res), IPK_LZXH_OK);
	/* Past the hard limit. */
	ck_assert_int_eq(ipk_lzxh_decompress(buf, 300, buf,
	    (size_t)IPK_LZXH_MAX_OUTPUT + 1, &res), IPK_LZXH_TOO_LARGE);

	/* All lengths zero: no code at all. */
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(run(buf, 300, 10, NULL, &res), IPK_LZXH_BAD_TABLE);
	ck_assert_uint_eq(res.out_pos, 0);
	/* 512 codes of one bit: over-subscribed. */
	memset(buf, 0x11, 256);
	ck_assert_int_eq(run(buf, 300, 10, NULL, &res), IPK_LZXH_BAD_TABLE);
	/* Only 'A' has a code (0, one bit): a 1 bit decodes to nothing. */
	memset(buf, 0, sizeof(buf));
	buf['A' / 2] = 0x10;       /* 'A' = 65 is odd: high nibble */
	buf[256] = 0x00;           /* first word 0x3F00: 0, 0, then 1s */
	buf[257] = 0x3F;
	ck_assert_int_eq(run(buf, 300, 10, &out, &res), IPK_LZXH_BAD_SYMBOL);
	ck_assert_uint_eq(res.out_pos, 2);
	ck_assert_int_eq(memcmp(out, "AA", 2), 0);
	free(out);

	/* A match before the start of the output. */
	clen = 0;
	enc_block(t1, 2, buf, &clen, sizeof(buf));
	ck_assert_int_eq(run(buf, clen, 4, NULL, &res), IPK_LZXH_BAD_OFFSET);
	ck_assert_uint_eq(res.out_pos, 1);
	/* A match past the declared size. */
	clen = 0;
	enc_block(t2, 3, buf, &clen, sizeof(buf));
	ck_assert_int_eq(run(buf, clen, 52, NULL, &res), IPK_LZXH_OK);
	ck_assert_int_eq(run(buf, clen, 20, NULL, &res), IPK_LZXH_OVERFLOW);
	ck_assert_uint_eq(res.out_pos, 2);
	/* The same stream cut inside the bit words. */
	ck_assert_int_ne(run(buf, 257, 52, NULL, &res), IPK_LZXH_OK);
	/* Ends before the declared size: the decoder stops, never spins. */
	ck_assert_int_eq(run(buf, clen, 5000, NULL, &res), IPK_LZXH_TRUNCATED);
	ck_assert_uint_lt(res.out_pos, 5000);
}
END_TEST

/* A 16-bit length escape under 15 is invalid. */
START_TEST(test_lzxh_bad_length_escape)
{
	struct tok t[] = { L('x'), M(1000, 1) };
	unsigned char buf[1024];
	struct ipk_lzxh_result res;
	size_t clen = 0, i;

	enc_block(t, 2, buf, &clen, sizeof(buf));
	/* Find the escape: 255 then 1000 - 3 = 997 (0xE5 0x03). */
	for (i = 256; i + 2 < clen; i++)
		if (buf[i] == 255 && buf[i + 1] == 0xE5 && buf[i + 2] == 0x03)
			break;
	ck_assert_uint_lt(i + 2, clen);
	ck_assert_int_eq(run(buf, clen, 1001, NULL, &res), IPK_LZXH_OK);
	buf[i + 1] = 14;
	buf[i + 2] = 0;
	ck_assert_int_eq(run(buf, clen, 1001, NULL, &res), IPK_LZXH_BAD_LENGTH);
	/* The escape cut off by the end of the input. */
	ck_assert_int_eq(run(buf, i + 1, 1001, NULL, &res), IPK_LZXH_TRUNCATED);
}
END_TEST

/* Every prefix of a real file fails cleanly, never past the output. */
START_TEST(test_lzxh_truncated_fixture)
{
	unsigned char *in;
	struct ipk_lzxh_result res;
	size_t n, cut;
	uint32_t size;
	int st;

	in = fixture("fixtures/prefetch/Win10/CALC.EXE-3FBEF7FD.pf", &n);
	size = le32(in + 4);
	for (cut = 0; cut + 8 < n - 16; cut += 97) {
		st = run(in + 8, cut, size, NULL, &res);
		ck_assert_int_ne(st, IPK_LZXH_OK);
		ck_assert_uint_lt(res.out_pos, size);
	}
	free(in);
}
END_TEST

/* Random damage: any status, but bounded and no stray writes. */
START_TEST(test_lzxh_random_damage)
{
	unsigned char *in, *copy;
	struct ipk_lzxh_result res;
	size_t n, trial, k;
	uint32_t x = 2024, size;
	int failed = 0;

	in = fixture("fixtures/prefetch/Win10/CMD.EXE-D269B812.pf", &n);
	size = le32(in + 4);
	copy = malloc(n);
	ck_assert_ptr_nonnull(copy);
	for (trial = 0; trial < 300; trial++) {
		memcpy(copy, in, n);
		for (k = 0; k < 1 + trial % 8; k++) {
			x = x * 1103515245 + 12345;
			copy[8 + (x >> 8) % (n - 8)] ^=
			    (unsigned char)(1 + (x >> 3 & 0x7F));
		}
		if (run(copy + 8, n - 8, size, NULL, &res) != IPK_LZXH_OK)
			failed++;
	}
	/* Most damage is caught (a flip in trailing bits may go unseen). */
	ck_assert_int_gt(failed, 150);
	free(copy);
	free(in);
}
END_TEST

START_TEST(test_lzxh_strerror)
{
	ck_assert_str_eq(ipk_lzxh_strerror(IPK_LZXH_OK), "ok");
	ck_assert_str_eq(ipk_lzxh_strerror(IPK_LZXH_TRUNCATED),
	    "compressed data ends before the declared size");
	ck_assert_str_eq(ipk_lzxh_strerror(999), "unknown error");
}
END_TEST

static Suite *
lzxpress_suite(void)
{
	Suite *s = suite_create("lzxpress");
	TCase *tc = tcase_create("lzxpress");

	tcase_add_loop_test(tc, test_lzxh_win10_fixtures, 0,
	    (int)(sizeof(win10) / sizeof(win10[0])));
	tcase_add_test(tc, test_lzxh_short_declared);
	tcase_add_test(tc, test_lzxh_literals_blocks);
	tcase_add_test(tc, test_lzxh_matches);
	tcase_add_test(tc, test_lzxh_match_into_previous_block);
	tcase_add_test(tc, test_lzxh_bad_streams);
	tcase_add_test(tc, test_lzxh_bad_length_escape);
	tcase_add_test(tc, test_lzxh_truncated_fixture);
	tcase_add_test(tc, test_lzxh_random_damage);
	tcase_add_test(tc, test_lzxh_strerror);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(lzxpress_suite)
