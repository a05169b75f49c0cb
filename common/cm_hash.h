/*
 * cm_hash.h - FNV-1a, the one small non-cryptographic hash the project
 * uses for its hash tables (names, member paths, content hashes) and for
 * shard assignment.  Shard numbers depend on cm_fnv1a64: it must not change.
 */
#ifndef CM_HASH_H
#define CM_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 32-bit FNV-1a of n bytes at p. */
static inline uint32_t
cm_fnv1a32(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* 64-bit FNV-1a of the NUL-terminated string s. */
static inline uint64_t
cm_fnv1a64(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
