/*
 * evtx_chunk.c - the fixed structures of an EVTX file: the file header,
 * the chunk header with its two CRC-32 checksums, and the walk over the
 * event records of a chunk.
 *
 *   file header   "ElfFile\0" first/last chunk, next record id, 128,
 *                 version 3.1, 4096, chunk count, flags @120, CRC @124
 *   chunk header  "ElfChnk\0" first/last record number and id, 128,
 *                 last record offset @44, free space offset @48,
 *                 records CRC @52, header CRC @124 (of bytes 0-120 and
 *                 128-512), then 64 string and 32 template offsets
 *   record        "\x2a\x2a\0\0" size @4, id @8, written FILETIME @16,
 *                 binary XML @24, copy of size in the last 4 bytes
 *
 * Checksums are checked as libevtx does: a mismatch is reported but the
 * records are still read.
 */
#include "evtx.h"

#include <pthread.h>

static uint32_t crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void
crc_init(void)
{
	uint32_t c;
	int i, j;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_tab[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc_tab[0][i];
		for (j = 1; j < 8; j++) {
			c = crc_tab[0][c & 0xFF] ^ (c >> 8);
			crc_tab[j][i] = c;
		}
	}
}

/* Slicing-by-8. */
static uint32_t
crc32_table(uint32_t crc, const unsigned char *p, size_t n)
{
	while (n >= 8) {
		uint32_t a = evtx_u32(p) ^ crc, b = evtx_u32(p + 4);

		crc = crc_tab[7][a & 0xFF] ^ crc_tab[6][(a >> 8) & 0xFF] ^
		    crc_tab[5][(a >> 16) & 0xFF] ^ crc_tab[4][a >> 24] ^
		    crc_tab[3][b & 0xFF] ^ crc_tab[2][(b >> 8) & 0xFF] ^
		    crc_tab[1][(b >> 16) & 0xFF] ^ crc_tab[0][b >> 24];
		p += 8;
		n -= 8;
	}
	while (n-- > 0)
		crc = crc_tab[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

static int have_clmul;

/*
 * Carry-less multiplication folding (Intel, "Fast CRC Computation for
 * Generic Polynomials Using PCLMULQDQ Instruction", 2009), for the
 * bit-reflected CRC-32: four 128-bit lanes are folded 64 bytes at a time,
 * then into one lane, then reduced to 32 bits (Barrett).  The constants are
 * x^(k) mod P(x) for the fold distances, and P(x) and floor(x^64 / P(x)).
 * crc is the running register (already inverted); n >= 64, n % 16 == 0.
 */
__attribute__((target("pclmul,sse4.1")))
static uint32_t
crc32_clmul(uint32_t crc, const unsigned char *p, size_t n)
{
	const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
	const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
	const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124LL);
	const __m128i pmu = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
	const __m128i lo32 = _mm_setr_epi32(-1, 0, -1, 0);
	__m128i a, b, c, d, t;

	a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p),
	    _mm_cvtsi32_si128((int)crc));
	b = _mm_loadu_si128((const __m128i *)(p + 16));
	c = _mm_loadu_si128((const __m128i *)(p + 32));
	d = _mm_loadu_si128((const __m128i *)(p + 48));
	p += 64;
	n -= 64;
	while (n >= 64) {
#define FOLD(x, k, data) \
	_mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128((x), (k), 0x00), \
	    _mm_clmulepi64_si128((x), (k), 0x11)), (data))
		a = FOLD(a, k1k2, _mm_loadu_si128((const __m128i *)p));
		b = FOLD(b, k1k2, _mm_loadu_si128((const __m128i *)(p + 16)));
		c = FOLD(c, k1k2, _mm_loadu_si128((const __m128i *)(p + 32)));
		d = FOLD(d, k1k2, _mm_loadu_si128((const __m128i *)(p + 48)));
		p += 64;
		n -= 64;
	}
	a = FOLD(a, k3k4, b);
	a = FOLD(a, k3k4, c);
	a = FOLD(a, k3k4, d);
	while (n >= 16) {
		a = FOLD(a, k3k4, _mm_loadu_si128((const __m128i *)p));
		p += 16;
		n -= 16;
	}
#undef FOLD
	/* 128 bits to 64. */
	t = _mm_clmulepi64_si128(a, k3k4, 0x10);
	a = _mm_xor_si128(_mm_srli_si128(a, 8), t);
	/* 64 bits to 32 (plus the shift). */
	t = _mm_srli_si128(a, 4);
	a = _mm_clmulepi64_si128(_mm_and_si128(a, lo32), k5, 0x00);
	a = _mm_xor_si128(a, t);
	/* Barrett reduction. */
	t = _mm_clmulepi64_si128(_mm_and_si128(a, lo32), pmu, 0x10);
	t = _mm_clmulepi64_si128(_mm_and_si128(t, lo32), pmu, 0x00);
	a = _mm_xor_si128(a, t);
	return (uint32_t)_mm_extract_epi32(a, 1);
}
#endif

static void
crc_setup(void)
{
	crc_init();
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	have_clmul = __builtin_cpu_supports("pclmul") &&
	    __builtin_cpu_supports("sse4.1");
#endif
}

/* The records CRC covers most of every chunk: it has to be fast. */
uint32_t
evtx_crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	pthread_once(&crc_once, crc_setup);
	crc = ~crc;
#if defined(__x86_64__) && defined(__GNUC__)
	if (have_clmul && n >= 64) {
		size_t k = n & ~(size_t)15;

		crc = crc32_clmul(crc, p, k);
		p += k;
		n -= k;
	}
#endif
	return ~crc32_table(crc, p, n);
}

int
evtx_file_header_read(const unsigned char *p, size_t n,
    struct evtx_file_header *h)
{
	if (n < 128 || memcmp(p, "ElfFile\0", 8) != 0)
		return 0;
	h->first_chunk = evtx_u64(p + 8);
	h->last_chunk = evtx_u64(p + 16);
	h->next_record = evtx_u64(p + 24);
	h->header_size = evtx_u32(p + 32);
	h->minor = evtx_u16(p + 36);
	h->major = evtx_u16(p + 38);
	h->block_size = evtx_u16(p + 40);
	h->nchunks = evtx_u16(p + 42);
	h->flags = evtx_u32(p + 120);
	h->crc_ok = evtx_crc32(0, p, 120) == evtx_u32(p + 124);
	return 1;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

int
evtx_chunk_header_read(const unsigned char *c, size_t n,
    struct evtx_chunk_header *h)
{
	uint32_t crc, end;

	memset(h, 0, sizeof(*h));
	if (n < EVTX_CHUNK_HEADER_SIZE)
		return all_zero(c, n) ? EVTX_CHUNK_EMPTY : EVTX_CHUNK_SHORT;
	if (memcmp(c, "ElfChnk\0", 8) != 0)
		return all_zero(c, n) ? EVTX_CHUNK_EMPTY : EVTX_CHUNK_BAD_MAGIC;
	h->first_number = evtx_u64(c + 8);
	h->last_number = evtx_u64(c + 16);
	h->first_id = evtx_u64(c + 24);
	h->last_id = evtx_u64(c + 32);
	h->header_size = evtx_u32(c + 40);
	h->last_record_off = evtx_u32(c + 44);
	h->free_off = evtx_u32(c + 48);
	crc = evtx_crc32(0, c, 120);
	crc = evtx_crc32(crc, c + 128, EVTX_CHUNK_HEADER_SIZE - 128);
	h->header_crc_ok = crc == evtx_u32(c + 124);
	h->free_off_ok = h->free_off >= EVTX_CHUNK_HEADER_SIZE &&
	    h->free_off <= EVTX_CHUNK_SIZE;
	/* A cut chunk cannot match its records checksum. */
	end = h->free_off_ok ? h->free_off : (uint32_t)n;
	h->data_crc_ok = h->free_off_ok && end <= n &&
	    evtx_crc32(0, c + EVTX_CHUNK_HEADER_SIZE,
	    end - EVTX_CHUNK_HEADER_SIZE) == evtx_u32(c + 52);
	return EVTX_CHUNK_OK;
}

int
evtx_record_next(const unsigned char *c, size_t n, uint32_t last_off,
    uint32_t *off, struct evtx_record *r, const char **why)
{
	const unsigned char *p;
	uint32_t o = *off, size;

	if (o > last_off || o >= n)
		return 0;
	if (n - o < EVTX_RECORD_HEADER_SIZE + 4) {
		*why = "record header runs past the end of the chunk";
		return -1;
	}
	p = c + o;
	if (all_zero(p, EVTX_RECORD_HEADER_SIZE))
		return 0;
	if (memcmp(p, "\x2a\x2a\0\0", 4) != 0) {
		*why = "no record signature";
		return -1;
	}
	size = evtx_u32(p + 4);
	if (size < EVTX_RECORD_HEADER_SIZE + 4 || size > n - o) {
		*why = "record size out of bounds";
		return -1;
	}
	if (evtx_u32(p + size - 4) != size) {
		*why = "record size and its copy differ";
		return -1;
	}
	r->off = o;
	r->size = size;
	r->id = evtx_u64(p + 8);
	r->written = evtx_u64(p + 16);
	r->xml_off = o + EVTX_RECORD_HEADER_SIZE;
	r->xml_len = size - EVTX_RECORD_HEADER_SIZE - 4;
	*off = o + size;
	return 1;
}

int
evtx_record_resync(const unsigned char *c, size_t n, uint32_t last_off,
    uint32_t *off)
{
	uint32_t o;

	for (o = *off + 1; o <= last_off && n - o >= EVTX_RECORD_HEADER_SIZE +
	    4 && o < n; o++) {
		const unsigned char *p = c + o;
		uint32_t size;

		if (p[0] != 0x2a || p[1] != 0x2a || p[2] != 0 || p[3] != 0)
			continue;
		size = evtx_u32(p + 4);
		if (size >= EVTX_RECORD_HEADER_SIZE + 4 && size <= n - o &&
		    evtx_u32(p + size - 4) == size) {
			*off = o;
			return 1;
		}
	}
	return 0;
}
