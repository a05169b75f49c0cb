/*
 * prefetch.c - Windows Prefetch files ("Prefetch files/NAME-HASH.pf"), one
 * "prefetch" record per file: which program ran, how often, when it last
 * ran (up to 8 times), from which volumes and which files it loaded.
 *
 *   00000000: 1e00 0000 5343 4341 1100 0000 e8ba 0000  ....SCCA........
 *   00000010: 4300 4100 4c00 4300 2e00 4500 5800 4500  C.A.L.C...E.X.E.
 *             version 30, "SCCA", file size, executable name (UTF-16LE)
 *
 * Versions: 17 (XP, 2003), 23 (Vista, 7), 26 (8, 8.1, 2012), 30 (10, 11)
 * and 31 (11 24H2+, laid out as 30).  Windows 10 and later store the file
 * compressed: "MAM\x04", the uncompressed size (32-bit), then LZXPRESS
 * Huffman data (lzxpress.c).  Version 30 has two layouts of the file
 * information, told apart (as libscca does) by the metrics array offset:
 * 0x130 (run count at 0xD0) or 0x128 (run count at 0xC8).  The layout
 * follows J. Metz, "Windows Prefetch File (PF) format" (libscca).
 *
 * The member is read whole (at most CM_MAX_SMALL_BINARY bytes).  Every
 * offset, size and count in it is checked against the buffer before use; a
 * file that is not Prefetch, or whose header or tables point outside it,
 * fails with a message naming the field, and the package goes on.
 */
#include "ipk_private.h"
#include "lzxpress.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"executable", "path", "prefetch_hash", "version", "run_count",
	"last_run", "volumes", "volume_serials", "volume_created", "files",
	NULL
};

#define HEADER_SIZE 84           /* version .. flags, before file info */
#define MAM_HEADER_SIZE 8        /* "MAM\x04" and the uncompressed size */
#define EXE_NAME_OFF 16          /* executable name, 30 UTF-16 units */
#define EXE_NAME_UNITS 30
#define HASH_OFF 76
#define MAX_LAST_RUN 8

/* Where the fields of the file information sit, per version. */
struct pf_layout {
	uint32_t info_size;      /* bytes of file information after header */
	uint32_t last_run;       /* offset of the last run times in it */
	unsigned nlast;          /* number of last run times */
	uint32_t run_count;      /* offset of the run count in it */
	uint32_t vol_entry;      /* bytes of one volume information entry */
};

static const struct pf_layout layout_v17 = { 68, 36, 1, 60, 40 };
static const struct pf_layout layout_v23 = { 156, 44, 1, 68, 104 };
static const struct pf_layout layout_v26 = { 220, 44, 8, 124, 104 };
static const struct pf_layout layout_v30_1 = { 220, 44, 8, 124, 96 };
static const struct pf_layout layout_v30_2 = { 212, 44, 8, 116, 96 };

/* One volume information entry, checked. */
struct pf_volume {
	const unsigned char *path;   /* device path, UTF-16LE */
	size_t path_units;           /* its length in UTF-16 units */
	uint64_t created;            /* FILETIME */
	uint32_t serial;             /* volume serial number */
};

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
known_version(uint32_t v)
{
	return v == 17 || v == 23 || v == 26 || v == 30 || v == 31;
}

static int
upper_alpha(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * 100 for "MAM\x04" and for "SCCA" with a known version.  50 for near
 * misses (MAM with another Windows compression format, an unknown version,
 * a signature of four capitals after a known version), so that such a file is read here and
 * fails with a message saying what is wrong instead of being listed only.
 */
static int
probe_bin(const unsigned char *h, size_t n)
{
	if (n >= 4 && memcmp(h, "MAM\x04", 4) == 0)
		return 100;
	if (n >= 8 && memcmp(h + 4, "SCCA", 4) == 0)
		return known_version(le32(h)) ? 100 : 50;
	/* MAM with LZNT1 (2) or plain XPRESS (3), which Windows does not use. */
	if (n >= 4 && memcmp(h, "MAM", 3) == 0 && (h[3] == 2 || h[3] == 3))
		return 50;
	if (n >= 8 && known_version(le32(h)) && upper_alpha(h[4]) &&
	    upper_alpha(h[5]) && upper_alpha(h[6]) && upper_alpha(h[7]))
		return 50;
	return 0;
}

/* Units of the UTF-16LE string at p, up to NUL or max units. */
static size_t
utf16_len(const unsigned char *p, size_t max)
{
	size_t i;

	for (i = 0; i < max; i++)
		if (p[2 * i] == 0 && p[2 * i + 1] == 0)
			break;
	return i;
}

/*
 * A FILETIME as ISO 8601 UTC with all seven fractional digits,
 * "2016-01-11T22:08:20.9853304Z".  Returns 0 if ft is 0 or after 9999.
 */
static int
filetime_iso(uint64_t ft, char out[32])
{
	uint64_t secs = ft / 10000000, frac = ft % 10000000;
	int64_t days = (int64_t)(secs / 86400), z, era, doe, yoe, y, doy, mp;
	unsigned sod = (unsigned)(secs % 86400), m, d;

	if (ft == 0)
		return 0;
	/* Days since 1970-03-01, then H. Hinnant's civil_from_days. */
	z = days - 134774 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	if (m <= 2)
		y++;
	if (y > 9999)
		return 0;
	snprintf(out, 32, "%04d-%02u-%02uT%02u:%02u:%02u.%07uZ", (int)y, m, d,
	    sod / 3600, sod / 60 % 60, sod % 60, (unsigned)frac);
	return 1;
}

/* Iterates the NUL-separated UTF-16LE strings of the file name table. */
struct pf_strings {
	const unsigned char *p;      /* table start */
	size_t n;                    /* table bytes */
	size_t pos;                  /* next string */
};

/*
 * Next string: *s and *units (without the NUL).  As libscca does, a table
 * is cut at each NUL unit and a last string without NUL is kept.  Returns
 * 0 at the end.
 */
static int
pf_strings_next(struct pf_strings *it, const unsigned char **s, size_t *units)
{
	size_t k;

	if (it->n < 2 || it->pos >= it->n - 1)
		return 0;
	k = utf16_len(it->p + it->pos, (it->n - it->pos) / 2);
	*s = it->p + it->pos;
	*units = k;
	it->pos += 2 * k + 2;
	return 1;
}

/* 1 if the UTF-8 text a (n bytes) equals b, ASCII case-insensitively. */
static int
same_name(const char *a, size_t n, const char *b, size_t bn, int prefix)
{
	size_t i;

	if (prefix ? n < bn : n != bn)
		return 0;
	for (i = 0; i < bn; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'a' && x <= 'z')
			x = (unsigned char)(x - 32);
		if (y >= 'a' && y <= 'z')
			y = (unsigned char)(y - 32);
		if (x != y)
			return 0;
	}
	return 1;
}

/*
 * The referenced file that is the executable itself: the first name whose
 * last component is the executable name (which Windows cuts to 29
 * characters, so a 29-character name matches as a prefix).  Returns 1
 * and leaves the name in out, or 0.
 */
static int
find_path(struct pf_strings it, const char *exe, size_t exelen,
    size_t exe_units, struct cm_buf *tmp, struct cm_buf *out)
{
	const unsigned char *s;
	size_t units;

	if (exelen == 0)
		return 0;
	while (pf_strings_next(&it, &s, &units)) {
		const char *base, *t;

		cm_buf_reset(tmp);
		if (cm_utf16le_append(tmp, s, units) != CM_OK)
			continue;
		t = cm_buf_str(tmp);
		base = strrchr(t, '\\');
		base = base != NULL ? base + 1 : t;
		if (same_name(base, tmp->len - (size_t)(base - t), exe, exelen,
		    exe_units >= 29)) {
			cm_buf_reset(out);
			return cm_buf_add(out, t, tmp->len) == CM_OK;
		}
	}
	return 0;
}

/* Notes a member name "NAME-XXXXXXXX.pf" whose hash is not the header's. */
static void
check_name_hash(struct ipk_pctx *c, uint32_t hash)
{
	const char *m = ipk_ctx_member(c), *base, *dot;
	char want[9];

	if (m == NULL)
		return;
	base = m + strlen(m);
	while (base > m && base[-1] != '/' && base[-1] != '\\')
		base--;
	dot = strrchr(base, '.');
	if (dot == NULL || dot - base < 9 || dot[-9] != '-')
		return;
	snprintf(want, sizeof(want), "%08X", (unsigned)hash);
	if (!same_name(dot - 8, 8, want, 8, 0))
		ipk_note(c, 0, "file name gives prefetch hash %.8s but the "
		    "header holds %s", dot - 8, want);
}

/* Checks that [off, off+size) lies after the header and inside the file. */
static int
check_section(struct ipk_pctx *c, const char *what, uint32_t off,
    uint32_t size, size_t start, size_t n)
{
	if (off > n)
		return ipk_fail(c, 0, "%s offset 0x%x beyond end of file "
		    "(0x%zx bytes)", what, (unsigned)off, n);
	if (size > n - off)
		return ipk_fail(c, 0, "%s (0x%x bytes at offset 0x%x) runs "
		    "past end of file (0x%zx bytes)", what, (unsigned)size,
		    (unsigned)off, n);
	if (size > 0 && off < start)
		return ipk_fail(c, 0, "%s offset 0x%x lies inside the header "
		    "(0x%zx bytes)", what, (unsigned)off, start);
	return CM_OK;
}

/* Emits the list of last run times, newest first, zeros left out. */
static void
emit_last_run(struct ipk_pctx *c, const unsigned char *p, unsigned nlast)
{
	uint64_t t[MAX_LAST_RUN], v;
	unsigned i, j, k = 0;
	char iso[32];

	for (i = 0; i < nlast && i < MAX_LAST_RUN; i++) {
		v = le64(p + 8 * i);
		if (v == 0)
			continue;
		if (!filetime_iso(v, iso)) {
			ipk_note(c, 0, "last run time %u (FILETIME 0x%016llx) "
			    "is out of range; left out", i + 1,
			    (unsigned long long)v);
			continue;
		}
		/* Insertion, newest first (as Windows nearly keeps them). */
		for (j = k; j > 0 && t[j - 1] < v; j--)
			t[j] = t[j - 1];
		t[j] = v;
		k++;
	}
	ipk_rec_list_begin(c, "last_run");
	for (i = 0; i < k; i++) {
		filetime_iso(t[i], iso);
		ipk_rec_list_add(c, iso, (size_t)-1);
	}
	ipk_rec_list_end(c);
}

/*
 * Reads the volume entries into vols (nvol of them, each esz bytes, at
 * vinfo, vsize bytes of volumes information).  A damaged entry is
 * reported and left out.  Returns the number kept.
 */
static size_t
read_volumes(struct ipk_pctx *c, const unsigned char *vinfo, uint32_t vsize,
    uint32_t nvol, uint32_t esz, struct pf_volume *vols)
{
	size_t i, k = 0;

	for (i = 0; i < nvol; i++) {
		const unsigned char *e = vinfo + i * esz;
		uint32_t off = le32(e), chars = le32(e + 4);

		if (off > vsize || chars > (vsize - off) / 2) {
			ipk_warn(c, 0, "volume %zu: device path (%u characters "
			    "at offset 0x%x) outside the volumes information "
			    "(0x%x bytes); volume left out", i + 1,
			    (unsigned)chars, (unsigned)off, (unsigned)vsize);
			continue;
		}
		vols[k].path = vinfo + off;
		vols[k].path_units = utf16_len(vinfo + off, chars);
		vols[k].created = le64(e + 8);
		vols[k].serial = le32(e + 16);
		k++;
	}
	return k;
}

/* Parses an uncompressed Prefetch file p[0..n) and emits its record. */
static int
parse_scca(struct ipk_pctx *c, const unsigned char *p, size_t n)
{
	const struct pf_layout *lay;
	const unsigned char *info;
	struct pf_volume *vols = NULL;
	struct pf_strings strs;
	struct cm_buf tmp, exe, path;
	uint32_t version, hash, str_off, str_size, vol_off, nvol, vol_size;
	size_t nvols = 0, i, exe_units, start;
	const unsigned char *s;
	size_t units;
	char sig[24], iso[32], hex[16];
	int rc = CM_OK;

	if (n >= 8 && memcmp(p + 4, "SCCA", 4) != 0) {
		for (i = 0, units = 0; i < 4; i++) {
			/* Printable bytes as is, others as \xHH. */
			if (p[4 + i] >= 0x20 && p[4 + i] < 0x7F &&
			    p[4 + i] != '"' && p[4 + i] != '\\')
				sig[units++] = (char)p[4 + i];
			else
				units += (size_t)snprintf(sig + units, 5,
				    "\\x%02x", p[4 + i]);
		}
		sig[units] = '\0';
		return ipk_fail(c, 0, "signature \"%s\" at offset 4 is not "
		    "\"SCCA\": not a Prefetch file", sig);
	}
	if (n < HEADER_SIZE)
		return ipk_fail(c, 0, "%zu bytes: too short for a Prefetch "
		    "header (84 bytes)", n);
	version = le32(p);
	if (!known_version(version))
		return ipk_fail(c, 0, "Prefetch format version %u is not "
		    "supported (17, 23, 26, 30, 31)", (unsigned)version);
	switch (version) {
	case 17:
		lay = &layout_v17;
		break;
	case 23:
		lay = &layout_v23;
		break;
	case 26:
		lay = &layout_v26;
		break;
	default:
		/* 30 and 31: the metrics array offset tells the variant. */
		lay = n >= HEADER_SIZE + 4 && le32(p + HEADER_SIZE) == 0x128 ?
		    &layout_v30_2 : &layout_v30_1;
		break;
	}
	start = HEADER_SIZE + lay->info_size;
	if (n < start)
		return ipk_fail(c, 0, "file information of version %u (%u "
		    "bytes at offset 0x54) runs past end of file (0x%zx bytes)",
		    (unsigned)version, (unsigned)lay->info_size, n);
	if (le32(p + 12) != n)
		ipk_note(c, 0, "header gives a file size of %u bytes, the file "
		    "has %zu", (unsigned)le32(p + 12), n);
	info = p + HEADER_SIZE;
	str_off = le32(info + 16);
	str_size = le32(info + 20);
	vol_off = le32(info + 24);
	nvol = le32(info + 28);
	vol_size = le32(info + 32);
	if (check_section(c, "file name string table", str_off, str_size,
	    start, n) != CM_OK)
		return CM_FAILED;
	if (nvol > 0) {
		if (check_section(c, "volumes information", vol_off, vol_size,
		    start, n) != CM_OK)
			return CM_FAILED;
		if (nvol > vol_size / lay->vol_entry)
			return ipk_fail(c, 0, "%u volumes of %u bytes do not "
			    "fit in the volumes information (0x%x bytes)",
			    (unsigned)nvol, (unsigned)lay->vol_entry,
			    (unsigned)vol_size);
		vols = malloc(nvol * sizeof(*vols));
		if (vols == NULL)
			return ipk_fail(c, 0, "out of memory for %u volumes",
			    (unsigned)nvol);
		nvols = read_volumes(c, p + vol_off, vol_size, nvol,
		    lay->vol_entry, vols);
	}

	cm_buf_init(&tmp, CM_MAX_FIELD);
	cm_buf_init(&exe, 256);
	cm_buf_init(&path, CM_MAX_FIELD);
	hash = le32(p + HASH_OFF);
	check_name_hash(c, hash);
	exe_units = utf16_len(p + EXE_NAME_OFF, EXE_NAME_UNITS);
	cm_utf16le_append(&exe, p + EXE_NAME_OFF, exe_units);
	strs.p = p + str_off;
	strs.n = str_size;
	strs.pos = 0;

	ipk_rec_begin(c, 1);
	ipk_rec_str(c, "executable", cm_buf_str(&exe), exe.len);
	if (find_path(strs, cm_buf_str(&exe), exe.len, exe_units, &tmp, &path))
		ipk_rec_str(c, "path", cm_buf_str(&path), path.len);
	snprintf(hex, sizeof(hex), "%08X", (unsigned)hash);
	ipk_rec_str(c, "prefetch_hash", hex, 8);
	ipk_rec_int(c, "version", version);
	ipk_rec_int(c, "run_count", le32(info + lay->run_count));
	emit_last_run(c, info + lay->last_run, lay->nlast);

	ipk_rec_list_begin(c, "volumes");
	for (i = 0; i < nvols; i++) {
		cm_buf_reset(&tmp);
		cm_utf16le_append(&tmp, vols[i].path, vols[i].path_units);
		ipk_rec_list_add(c, cm_buf_str(&tmp), tmp.len);
	}
	ipk_rec_list_end(c);
	ipk_rec_list_begin(c, "volume_serials");
	for (i = 0; i < nvols; i++) {
		snprintf(hex, sizeof(hex), "%08X", (unsigned)vols[i].serial);
		ipk_rec_list_add(c, hex, 8);
	}
	ipk_rec_list_end(c);
	ipk_rec_list_begin(c, "volume_created");
	for (i = 0; i < nvols; i++) {
		if (!filetime_iso(vols[i].created, iso))
			iso[0] = '\0';
		ipk_rec_list_add(c, iso, (size_t)-1);
	}
	ipk_rec_list_end(c);
	ipk_rec_list_begin(c, "files");
	while (pf_strings_next(&strs, &s, &units)) {
		cm_buf_reset(&tmp);
		cm_utf16le_append(&tmp, s, units);
		ipk_rec_list_add(c, cm_buf_str(&tmp), tmp.len);
	}
	ipk_rec_list_end(c);
	if (ipk_rec_emit(c) == CM_FATAL)
		rc = CM_FATAL;
	free(vols);
	cm_buf_free(&tmp);
	cm_buf_free(&exe);
	cm_buf_free(&path);
	return rc;
}

/* "MAM\x04", uncompressed size, LZXPRESS Huffman data: decompress, parse. */
static int
parse_mam(struct ipk_pctx *c, const unsigned char *p, size_t n)
{
	struct ipk_lzxh_result res;
	unsigned char *out;
	uint32_t size;
	int st, rc;

	if (n < MAM_HEADER_SIZE)
		return ipk_fail(c, 0, "compressed Prefetch header cut short: "
		    "%zu bytes, need 8", n);
	if (p[3] != 0x04)
		return ipk_fail(c, 0, "MAM compression format 0x%02x is not "
		    "supported (only 0x04, LZXPRESS Huffman)", p[3]);
	size = le32(p + 4);
	if (size < HEADER_SIZE)
		return ipk_fail(c, 0, "MAM header declares %u uncompressed "
		    "bytes, fewer than a Prefetch header (84)", (unsigned)size);
	if (size > CM_MAX_SMALL_BINARY)
		return ipk_fail(c, 0, "MAM header declares %u uncompressed "
		    "bytes, more than CM_MAX_SMALL_BINARY (%d)", (unsigned)size,
		    (int)CM_MAX_SMALL_BINARY);
	out = malloc(size);
	if (out == NULL)
		return ipk_fail(c, 0, "out of memory for %u bytes",
		    (unsigned)size);
	st = ipk_lzxh_decompress(p + MAM_HEADER_SIZE, n - MAM_HEADER_SIZE, out,
	    size, &res);
	if (st != IPK_LZXH_OK)
		rc = ipk_fail(c, 0, "compressed data damaged: %s (at file "
		    "offset 0x%zx, block %zu, %zu of %u bytes decompressed)",
		    ipk_lzxh_strerror(st), res.in_pos + MAM_HEADER_SIZE,
		    res.blocks, res.out_pos, (unsigned)size);
	else
		rc = parse_scca(c, out, size);
	free(out);
	return rc;
}

static int
parse_stream(struct ipk_pctx *c, struct ipk_stream *in)
{
	struct cm_buf raw;
	int rc;

	cm_buf_init(&raw, CM_MAX_SMALL_BINARY);
	if (ipk_stream_read_all(in, CM_MAX_SMALL_BINARY, &raw) != CM_OK) {
		char one;

		cm_buf_free(&raw);
		/* A read error is already reported; otherwise it is the cap. */
		if (ipk_stream_read(in, &one, 1) < 0)
			return CM_FAILED;
		return ipk_fail(c, 0, "larger than %d bytes "
		    "(CM_MAX_SMALL_BINARY): not a Prefetch file",
		    (int)CM_MAX_SMALL_BINARY);
	}
	if (raw.len >= 3 && memcmp(raw.p, "MAM", 3) == 0)
		rc = parse_mam(c, (const unsigned char *)raw.p, raw.len);
	else
		rc = parse_scca(c, (const unsigned char *)cm_buf_str(&raw),
		    raw.len);
	cm_buf_free(&raw);
	return rc;
}

const struct ipk_parser ipk_parser_prefetch = {
	.name = "prefetch",
	.kind = "prefetch",
	.fields = fields,
	.probe_bin = probe_bin,
	.parse_stream = parse_stream,
};
