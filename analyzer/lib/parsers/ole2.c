/*
 * ole2.c - a minimal OLE2 compound file reader (see ole2.h).
 *
 * Layout ([MS-CFB]): a 512-byte header (signature, sector size 512 or 4096,
 * the first 109 FAT sector numbers, the starts of the directory, mini FAT
 * and DIFAT chains), then sectors; sector i lies at (i + 1) * sector size.
 * The FAT links each sector to the next of its chain.  The directory is a
 * chain of 128-byte entries (UTF-16 name, type, start sector, size); entry
 * 0 is the root, whose chain is the mini stream holding every stream
 * smaller than 4096 bytes in 64-byte mini sectors linked by the mini FAT.
 * The directory's red-black tree is not walked: entries are scanned in
 * order, which reads the same names and cannot loop.
 */
#include "ole2.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT   0xFFFFFFFFu
#define MINI_SECT  64
#define DIR_ENTRY  128
#define MINI_MAX_STEPS (4096 / MINI_SECT)

struct ipk_ole2 {
	const unsigned char *p;  /* the file */
	size_t n;                /* its size */
	size_t ssz;              /* sector size */
	uint32_t nsect;          /* sectors the file holds (some may be short) */
	uint32_t *fat;           /* next sector of each sector, nsect entries */
	uint32_t *minifat;       /* next mini sector, nmini entries */
	uint32_t nmini;
	unsigned char *dir;      /* the directory stream */
	size_t dirlen;
	unsigned char *ministream; /* the root's stream */
	size_t ministream_len;
	uint32_t mini_cutoff;    /* streams below this size are mini streams */
};

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

int
ipk_ole2_sniff(const unsigned char *p, size_t n)
{
	return n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* Copies sector s (zero-filling past the end of the file); 0 if absent. */
static int
sector(const struct ipk_ole2 *o, uint32_t s, unsigned char *buf)
{
	size_t off, k;

	if (s >= o->nsect)
		return 0;
	off = ((size_t)s + 1) * o->ssz;
	if (off >= o->n)
		return 0;
	k = o->n - off < o->ssz ? o->n - off : o->ssz;
	memcpy(buf, o->p + off, k);
	if (k < o->ssz)
		memset(buf + k, 0, o->ssz - k);
	return 1;
}

/*
 * Follows a FAT chain from start, appending each sector to out (at most
 * max bytes).  Returns CM_OK or CM_FAILED with err set.
 */
static int
read_chain(const struct ipk_ole2 *o, uint32_t start, size_t max,
    unsigned char **out, size_t *outlen, const char *what,
    struct cm_error *err)
{
	unsigned char *buf = NULL, *seen;
	size_t len = 0, cap = 0;
	uint32_t s = start;

	*out = NULL;
	*outlen = 0;
	/* A sector met twice is a loop, however long the stream claims. */
	seen = calloc((size_t)o->nsect / 8 + 1, 1);
	if (seen == NULL)
		return cm_error_set(err, CM_FAILED, "out of memory");
	while (s != ENDOFCHAIN && len < max) {
		if (s >= o->nsect || (seen[s / 8] & (1u << (s % 8)))) {
			free(buf);
			free(seen);
			return cm_error_set(err, CM_FAILED, "%s chain %s at "
			    "sector %lu", what, s >= o->nsect ? "leaves the file" :
			    "loops", (unsigned long)s);
		}
		seen[s / 8] |= (unsigned char)(1u << (s % 8));
		if (len + o->ssz > cap) {
			size_t ncap = cap ? cap * 2 : 8 * o->ssz;
			unsigned char *nb = realloc(buf, ncap);

			if (nb == NULL) {
				free(buf);
				free(seen);
				return cm_error_set(err, CM_FAILED, "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		if (!sector(o, s, buf + len)) {
			free(buf);
			free(seen);
			return cm_error_set(err, CM_FAILED, "%s sector %lu lies "
			    "past the end of the file", what, (unsigned long)s);
		}
		len += o->ssz;
		s = o->fat[s];
	}
	free(seen);
	*out = buf;
	*outlen = len;
	return CM_OK;
}

static int
load_fat(struct ipk_ole2 *o, const unsigned char *h, struct cm_error *err)
{
	uint32_t nfat = le32(h + 44), dif = le32(h + 68), ndif = le32(h + 72);
	uint32_t per = (uint32_t)(o->ssz / 4), i, k = 0, steps = 0;
	uint32_t *ids;
	unsigned char *sec;

	if (nfat == 0 || nfat > o->nsect)
		return cm_error_set(err, CM_FAILED, "FAT of %lu sectors in a "
		    "file of %lu", (unsigned long)nfat, (unsigned long)o->nsect);
	ids = malloc((size_t)nfat * sizeof(*ids));
	sec = malloc(o->ssz);
	o->fat = malloc((size_t)o->nsect * sizeof(*o->fat));
	if (ids == NULL || sec == NULL || o->fat == NULL) {
		free(ids);
		free(sec);
		return cm_error_set(err, CM_FAILED, "out of memory");
	}
	for (i = 0; i < 109 && k < nfat; i++)
		ids[k++] = le32(h + 76 + 4 * i);
	/* The DIFAT chain holds the rest of the FAT sector numbers. */
	while (k < nfat && dif != ENDOFCHAIN && dif != FREESECT) {
		if (++steps > ndif || !sector(o, dif, sec)) {
			free(ids);
			free(sec);
			return cm_error_set(err, CM_FAILED, "DIFAT chain broken at "
			    "sector %lu", (unsigned long)dif);
		}
		for (i = 0; i + 1 < per && k < nfat; i++)
			ids[k++] = le32(sec + 4 * i);
		dif = le32(sec + 4 * (per - 1));
	}
	if (k < nfat) {
		free(ids);
		free(sec);
		return cm_error_set(err, CM_FAILED, "FAT lists %lu sectors but "
		    "only %lu are named", (unsigned long)nfat, (unsigned long)k);
	}
	for (i = 0; i < o->nsect; i++)
		o->fat[i] = ENDOFCHAIN;
	for (k = 0; k < nfat; k++) {
		if (!sector(o, ids[k], sec)) {
			unsigned long bad = ids[k];

			free(ids);
			free(sec);
			return cm_error_set(err, CM_FAILED, "FAT sector %lu lies "
			    "past the end of the file", bad);
		}
		for (i = 0; i < per; i++) {
			size_t at = (size_t)k * per + i;

			if (at < o->nsect)
				o->fat[at] = le32(sec + 4 * i);
		}
	}
	free(ids);
	free(sec);
	return CM_OK;
}

int
ipk_ole2_open(struct ipk_ole2 **out, const unsigned char *p, size_t n,
    struct cm_error *err)
{
	struct ipk_ole2 *o;
	unsigned shift;
	int rc;

	*out = NULL;
	if (n < 512 || !ipk_ole2_sniff(p, n))
		return cm_error_set(err, CM_FAILED, "not an OLE2 compound file");
	shift = le16(p + 30);
	if ((shift != 9 && shift != 12) || le16(p + 28) != 0xFFFE ||
	    le16(p + 32) != 6)
		return cm_error_set(err, CM_FAILED, "OLE2 header: sector shift "
		    "%u, byte order %04x, mini shift %u not supported", shift,
		    le16(p + 28), le16(p + 32));
	o = calloc(1, sizeof(*o));
	if (o == NULL)
		return cm_error_set(err, CM_FAILED, "out of memory");
	o->p = p;
	o->n = n;
	o->ssz = (size_t)1 << shift;
	o->nsect = n > o->ssz ? (uint32_t)((n - o->ssz + o->ssz - 1) / o->ssz)
	    : 0;
	o->mini_cutoff = le32(p + 56);
	if (o->mini_cutoff != 4096) {
		ipk_ole2_free(&o);
		return cm_error_set(err, CM_FAILED, "OLE2 mini stream cutoff %lu "
		    "(not 4096)", (unsigned long)le32(p + 56));
	}
	rc = load_fat(o, p, err);
	if (rc == CM_OK)
		rc = read_chain(o, le32(p + 48), n, &o->dir, &o->dirlen,
		    "directory", err);
	if (rc == CM_OK && o->dirlen < DIR_ENTRY)
		rc = cm_error_set(err, CM_FAILED, "OLE2 directory is empty");
	if (rc == CM_OK && o->dir[66] != 5)
		rc = cm_error_set(err, CM_FAILED, "OLE2 directory has no root "
		    "entry");
	if (rc == CM_OK) {
		/* The mini FAT, and the root's stream holding mini sectors. */
		uint32_t mfstart = le32(p + 60), nmf = le32(p + 64);
		unsigned char *mf = NULL;
		size_t mflen = 0, i;
		uint64_t rootsz = le32(o->dir + 120);

		if (nmf > 0 && mfstart != ENDOFCHAIN) {
			if (nmf > o->nsect)
				rc = cm_error_set(err, CM_FAILED, "mini FAT of %lu "
				    "sectors in a file of %lu", (unsigned long)nmf,
				    (unsigned long)o->nsect);
			else
				rc = read_chain(o, mfstart, (size_t)nmf * o->ssz,
				    &mf, &mflen, "mini FAT", err);
		}
		if (rc == CM_OK && mflen > 0) {
			o->nmini = (uint32_t)(mflen / 4);
			o->minifat = malloc((size_t)o->nmini * 4);
			if (o->minifat == NULL)
				rc = cm_error_set(err, CM_FAILED, "out of memory");
			for (i = 0; rc == CM_OK && i < o->nmini; i++)
				o->minifat[i] = le32(mf + 4 * i);
		}
		free(mf);
		if (rc == CM_OK && rootsz > 0 && o->nmini > 0) {
			if (rootsz > n)
				rc = cm_error_set(err, CM_FAILED, "mini stream of "
				    "%llu bytes in a file of %zu",
				    (unsigned long long)rootsz, n);
			else
				rc = read_chain(o, le32(o->dir + 116),
				    (size_t)rootsz, &o->ministream,
				    &o->ministream_len, "mini stream", err);
			if (rc == CM_OK && o->ministream_len > rootsz)
				o->ministream_len = (size_t)rootsz;
		}
	}
	if (rc != CM_OK) {
		ipk_ole2_free(&o);
		return rc;
	}
	*out = o;
	return CM_OK;
}

/* 1 if the entry's UTF-16 name equals the ASCII name, ignoring case. */
static int
name_is(const unsigned char *e, const char *name)
{
	unsigned nlen = le16(e + 64), i, k = (unsigned)strlen(name);

	if (nlen < 2 || nlen > 64 || nlen % 2 != 0 || nlen / 2 - 1 != k)
		return 0;
	for (i = 0; i < k; i++) {
		unsigned ch = le16(e + 2 * i);
		unsigned want = (unsigned char)name[i];

		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if (want >= 'A' && want <= 'Z')
			want += 'a' - 'A';
		if (ch != want)
			return 0;
	}
	return 1;
}

int
ipk_ole2_stream(struct ipk_ole2 *o, const char *name, struct cm_buf *out,
    struct cm_error *err)
{
	size_t i, size;
	const unsigned char *e = NULL;
	uint32_t start;

	for (i = 0; i + DIR_ENTRY <= o->dirlen; i += DIR_ENTRY) {
		if (o->dir[i + 66] == 2 && name_is(o->dir + i, name)) {
			e = o->dir + i;
			break;
		}
	}
	if (e == NULL)
		return CM_EOF;
	start = le32(e + 116);
	size = le32(e + 120);
	if (o->ssz == 4096 && le32(e + 124) != 0)
		return cm_error_set(err, CM_FAILED, "stream '%s' claims more "
		    "than 4 GiB", name);
	if (size > o->n)
		return cm_error_set(err, CM_FAILED, "stream '%s' claims %zu "
		    "bytes in a file of %zu", name, size, o->n);
	if (size > out->max - out->len)
		return cm_error_set(err, CM_FAILED, "stream '%s' of %zu bytes "
		    "is larger than allowed", name, size);
	if (size < o->mini_cutoff) {
		uint32_t s = start, steps = 0, met[MINI_MAX_STEPS];
		size_t got = 0, j;

		/* At most 64 mini sectors (4096 bytes): a short list finds loops. */
		while (got < size) {
			size_t off, k;

			for (j = 0; j < steps && met[j] != s; j++)
				;
			if (s >= o->nmini || j < steps || steps >= MINI_MAX_STEPS)
				return cm_error_set(err, CM_FAILED, "mini chain of "
				    "stream '%s' broken at %lu", name,
				    (unsigned long)s);
			met[steps++] = s;
			off = (size_t)s * MINI_SECT;
			k = size - got < MINI_SECT ? size - got : MINI_SECT;
			if (off + k > o->ministream_len)
				return cm_error_set(err, CM_FAILED, "mini sector "
				    "%lu of stream '%s' lies past the mini stream",
				    (unsigned long)s, name);
			if (cm_buf_add(out, o->ministream + off, k) != CM_OK)
				return cm_error_set(err, CM_FAILED, "out of "
				    "memory");
			got += k;
			s = o->minifat[s];
		}
		return CM_OK;
	} else {
		unsigned char *buf;
		size_t len;
		int rc = read_chain(o, start, size, &buf, &len, "stream", err);

		if (rc != CM_OK)
			return rc;
		if (len < size) {
			free(buf);
			return cm_error_set(err, CM_FAILED, "stream '%s' claims "
			    "%zu bytes but its chain holds %zu", name, size, len);
		}
		rc = cm_buf_add(out, buf, size) == CM_OK ? CM_OK :
		    cm_error_set(err, CM_FAILED, "out of memory");
		free(buf);
		return rc;
	}
}

void
ipk_ole2_free(struct ipk_ole2 **po)
{
	struct ipk_ole2 *o = *po;

	if (o == NULL)
		return;
	free(o->fat);
	free(o->minifat);
	free(o->dir);
	free(o->ministream);
	free(o);
	*po = NULL;
}
