/*
 * cm_sha256.h - SHA-256 (FIPS 180-4), portable and streaming.
 *
 * Used by the analyzer to hash every member it reads and by the collector
 * for its manifest, so both sides compute the digest the same way.
 */
#ifndef CM_SHA256_H
#define CM_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct cm_sha256 {
	uint32_t h[8];        /* chaining state */
	uint64_t nbytes;      /* message length so far */
	unsigned char blk[64];/* partial block */
	size_t nblk;          /* bytes in blk */
	int shani;            /* 1: the x86 SHA instructions are used */
};

void cm_sha256_init(struct cm_sha256 *s);
void cm_sha256_update(struct cm_sha256 *s, const void *data, size_t n);
/* Uses the portable code even where SHA-NI exists (tests compare both). */
void cm_sha256_portable(struct cm_sha256 *s);
/* Writes the 32-byte digest. */
void cm_sha256_final(struct cm_sha256 *s, unsigned char out[32]);
/* Writes the digest as 64 lower-case hex digits and a NUL. */
void cm_sha256_hex(struct cm_sha256 *s, char out[65]);

#endif
