/*
 * defender_logs.c - the Defender support files of WdSupportLogs/:
 *
 * MpCmdRunLog.txt, the log of `MpCmdRun.exe -GetFiles` (UTF-16LE, often
 * without a BOM; decoded before it gets here), one record per meaningful
 * line:
 *
 *   MpCmdRun: Command Line: "C:\Program Files\Windows Defender\MpCmdRun.exe" -GetFiles
 *    Start Time: <LRM>Mon <LRM>Sep <LRM>07 <LRM>2026 22:10:11
 *   2026-09-07T22:10:12.345Z DETECTION Trojan:Win32/Wacatac.B!ml file:C:\x.exe
 *
 * A line's time is its own leading timestamp, or else the "Start Time" of
 * the MpCmdRun run it belongs to.  Threat names ("Trojan:Win32/Wacatac.B!ml")
 * are picked out of any line.  The invisible U+200E marks are dropped.
 *
 * MPSupportFiles.cab, a Microsoft cabinet: its CFFILE table names every
 * file (MPLog-*.log, MPDetection-*.log, MPRegistry.txt...) with size and
 * DOS time, in plain bytes, so nothing is decompressed.  One record per
 * file.  Every offset and count of the header is checked against the
 * cabinet's own size and CM_MAX_SMALL_BINARY before it is followed.
 */
#include "ipk_private.h"

#include <stdio.h>
#include <string.h>

static const char *const fields[] = {
	"source", "time_raw", "time", "text", "threat", "cab_member", "size",
	"modified", NULL
};

/* ---------------------------------------------------------------------- */
/* MpCmdRunLog.txt                                                        */

/* Copies s without U+200E/U+200F marks and trims it. */
static void
clean(struct cm_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	const char *t;
	size_t tn;

	cm_buf_reset(b);
	while (i < n) {
		if (i + 2 < n && (unsigned char)s[i] == 0xE2 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x8E ||
		    (unsigned char)s[i + 2] == 0x8F)) {
			i += 3;
			continue;
		}
		cm_buf_addc(b, s[i]);
		i++;
	}
	t = cm_buf_str(b);
	tn = b->len;
	ipk_trim(&t, &tn);
	if (t != b->p && b->p != NULL)
		memmove(b->p, t, tn);
	cm_buf_truncate(b, tn);
}

static int
alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/*
 * A Defender threat name "Category:Platform/Family.Variant!Suffix" in s.
 * Returns 1 and the name.
 */
static int
find_threat(const char *s, size_t n, const char **t, size_t *tn)
{
	static const char *const schemes[] = { "http", "https", "ftp",
	    "file", "urn", "mailto", "ldap", NULL };
	size_t i, j, k, e, p;

	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z')) || (i > 0 && alnum(s[i - 1])))
			continue;
		for (j = i; j < n && j - i <= 40 && ((s[j] >= 'A' &&
		    s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z')); j++)
			;
		if (j - i < 2 || j >= n || s[j] != ':')
			continue;
		for (k = 0; schemes[k] != NULL; k++)
			if (ipk_eq_ci(s + i, j - i, schemes[k]))
				break;
		if (schemes[k] != NULL)
			continue;
		p = j + 1;
		if (p >= n || !((s[p] >= 'A' && s[p] <= 'Z') ||
		    (s[p] >= 'a' && s[p] <= 'z')))
			continue;
		for (e = p; e < n && e - p <= 20 && alnum(s[e]); e++)
			;
		if (e - p < 2 || e >= n || s[e] != '/')
			continue;
		e++;
		k = e;
		while (e < n && s[e] != ' ' && s[e] != '\t' && s[e] != ',' &&
		    s[e] != ';' && s[e] != '"' && s[e] != '\'' && s[e] != ')' &&
		    s[e] != ']' && s[e] != '>' && e - i < 200)
			e++;
		while (e > k && s[e - 1] == '.')
			e--;
		if (e - k < 2)
			continue;
		*t = s + i;
		*tn = e - i;
		return 1;
	}
	return 0;
}

/* A leading ISO 8601 timestamp "2026-09-07T22:10:12.345Z": its length. */
static size_t
iso_stamp(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	if (n < sizeof(shape) - 1)
		return 0;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    (shape[i] == 'T' ? (s[i] != 'T' && s[i] != ' ') :
		    s[i] != shape[i]))
			return 0;
	}
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i < n && s[i] == 'Z')
		i++;
	return i;
}

/* "Mon Sep 07 2026 22:10:11" (MpCmdRun's Start/End Time) as ISO. */
static int
mp_time(const char *s, size_t n, char *out, size_t outsz)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wd[8], mon[8];
	int d, y, h, mi, se, m;
	char tmp[64];

	if (n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (sscanf(tmp, "%3s %3s %d %d %d:%d:%d", wd, mon, &d, &y, &h, &mi,
	    &se) != 7)
		return 0;
	for (m = 0; m < 12; m++)
		if (ipk_eq_ci(mon, strlen(mon), (char[4]){ months[3 * m],
		    months[3 * m + 1], months[3 * m + 2], 0 }))
			break;
	if (m == 12 || d < 1 || d > 31 || y < 1601 || y > 9999 || h > 23 ||
	    mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
		return 0;
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d", y, m + 1, d, h,
	    mi, se);
	return 1;
}

/* "Start Time: ..." or "MpCmdRun: End Time: ...": the time text. */
static int
run_time(const char *s, size_t n, const char **v, size_t *vn, int *start)
{
	size_t i;

	if (ipk_prefix_ci(s, n, "MpCmdRun: "))
		s += 10, n -= 10;
	if (ipk_prefix_ci(s, n, "Start Time:"))
		*start = 1, i = 11;
	else if (ipk_prefix_ci(s, n, "End Time:"))
		*start = 0, i = 9;
	else
		return 0;
	*v = s + i;
	*vn = n - i;
	ipk_trim(v, vn);
	return *vn > 0;
}

static int
dashes(const char *s, size_t n)
{
	size_t i;

	if (n < 5)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != '-' && s[i] != '=' && s[i] != '*')
			return 0;
	return 1;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, mp = 0, stamps = 0, seen = 0, runs = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 200) {
		const char *t = line, *v;
		size_t tn = n, vn;
		int st;

		ipk_trim(&t, &tn);
		if (tn == 0)
			continue;
		seen++;
		if (ipk_prefix_ci(t, tn, "MpCmdRun:"))
			mp++;
		else if (run_time(t, tn, &v, &vn, &st))
			runs++;
		else if (iso_stamp(t, tn) > 0)
			stamps++;
	}
	if (mp > 0 && runs > 0)
		return 95;
	if (mp > 0)
		return 70;
	if (ipk_contains_ci(text, len > 65536 ? 65536 : len, "MpCmdRun") ||
	    ipk_contains_ci(text, len > 65536 ? 65536 : len, "MpSupportFiles"))
		return 40;
	if (runs > 0 || (stamps > 0 && stamps * 2 >= seen))
		return 25;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n;
	struct cm_buf b, run_raw;
	char run_iso[24] = "";
	int rc = CM_OK;

	cm_buf_init(&b, CM_MAX_LINE + 1);
	cm_buf_init(&run_raw, 256);
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *t, *v, *th, *body;
		size_t tn, vn, thn, st_len, bodyn;
		char iso[24] = "";
		int start;

		clean(&b, line, n);
		t = cm_buf_str(&b);
		tn = b.len;
		if (tn == 0 || dashes(t, tn))
			continue;
		ipk_rec_begin(c, l.lineno);
		ipk_rec_str(c, "source", "log", 3);
		body = t;
		bodyn = tn;
		if (run_time(t, tn, &v, &vn, &start)) {
			if (start) {
				cm_buf_reset(&run_raw);
				cm_buf_add(&run_raw, v, vn > 200 ? 200 : vn);
				if (!mp_time(v, vn, run_iso, sizeof(run_iso)))
					run_iso[0] = '\0';
			}
			ipk_rec_str(c, "time_raw", v, vn);
			if (mp_time(v, vn, iso, sizeof(iso)))
				ipk_rec_str(c, "time", iso, (size_t)-1);
		} else if ((st_len = iso_stamp(t, tn)) > 0) {
			ipk_rec_str(c, "time_raw", t, st_len);
			/* UTC stamps keep their Z; MpCmdRun's own are local. */
			snprintf(iso, sizeof(iso), "%.19s%s", t,
			    t[st_len - 1] == 'Z' ? "Z" : "");
			iso[10] = 'T';
			ipk_rec_str(c, "time", iso, (size_t)-1);
			body = t + st_len;
			bodyn = tn - st_len;
			ipk_trim(&body, &bodyn);
		} else if (run_raw.len > 0) {
			ipk_rec_str(c, "time_raw", run_raw.p, run_raw.len);
			if (run_iso[0] != '\0')
				ipk_rec_str(c, "time", run_iso, (size_t)-1);
		}
		ipk_rec_str(c, "text", body, bodyn);
		if (find_threat(body, bodyn, &th, &thn))
			ipk_rec_str(c, "threat", th, thn);
		if (ipk_rec_emit(c) == CM_FATAL) {
			rc = CM_FATAL;
			break;
		}
		if (run_time(t, tn, &v, &vn, &start) && !start) {
			cm_buf_reset(&run_raw);
			run_iso[0] = '\0';
		}
	}
	cm_buf_free(&b);
	cm_buf_free(&run_raw);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* MPSupportFiles.cab                                                     */

#define CAB_HDR 36
#define CAB_RESERVE_PRESENT 0x0004
#define CAB_PREV 0x0001
#define CAB_NEXT 0x0002
#define CAB_NAME_IS_UTF 0x80

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

static unsigned long
le32(const unsigned char *p)
{
	return (unsigned long)p[0] | ((unsigned long)p[1] << 8) |
	    ((unsigned long)p[2] << 16) | ((unsigned long)p[3] << 24);
}

static int
probe_bin(const unsigned char *h, size_t n)
{
	if (n < 4 || memcmp(h, "MSCF", 4) != 0)
		return 0;
	if (n >= CAB_HDR && le32(h + 4) == 0 && h[25] == 1 && h[24] == 3)
		return 90;
	return 60;
}

/* Skips n bytes of the stream; 1 done, 0 if it ended first. */
static int
skip(struct ipk_stream *in, unsigned long n)
{
	unsigned char tmp[4096];

	while (n > 0) {
		size_t k = n > sizeof(tmp) ? sizeof(tmp) : n;

		if (ipk_stream_read_full(in, tmp, k) != 1)
			return 0;
		n -= (unsigned long)k;
	}
	return 1;
}

/* Reads a NUL-terminated string of at most max bytes; its length or -1. */
static long
read_cstr(struct ipk_stream *in, unsigned char *buf, size_t max)
{
	size_t i;

	for (i = 0; i < max; i++) {
		if (ipk_stream_read_full(in, buf + i, 1) != 1)
			return -1;
		if (buf[i] == '\0')
			return (long)i;
	}
	return -1;
}

static void
dos_time(unsigned date, unsigned time, char *out, size_t outsz)
{
	int y = 1980 + (int)(date >> 9), m = (int)((date >> 5) & 15),
	    d = (int)(date & 31), h = (int)(time >> 11),
	    mi = (int)((time >> 5) & 63), s = (int)((time & 31) * 2);

	out[0] = '\0';
	if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || s > 59)
		return;
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h, mi,
	    s);
}

static int
parse_stream(struct ipk_pctx *c, struct ipk_stream *in)
{
	unsigned char h[CAB_HDR], e[16], name[257];
	unsigned long cb_cab, coff_files, pos, i;
	unsigned n_folders, n_files, flags, cb_folder = 0, iv;
	struct cm_buf nm;
	int rc = CM_OK;

	if (ipk_stream_read_full(in, h, CAB_HDR) != 1)
		return ipk_fail(c, 0, "cabinet header truncated");
	if (memcmp(h, "MSCF", 4) != 0)
		return ipk_fail(c, 0, "not a cabinet (no MSCF signature)");
	cb_cab = le32(h + 8);
	coff_files = le32(h + 16);
	n_folders = le16(h + 26);
	n_files = le16(h + 28);
	flags = le16(h + 30);
	if (h[25] != 1)
		return ipk_fail(c, 0, "cabinet version %u.%u not supported",
		    h[25], h[24]);
	if (cb_cab < CAB_HDR || coff_files < CAB_HDR || coff_files >= cb_cab)
		return ipk_fail(c, 0, "cabinet header lies: file table at %lu "
		    "in a cabinet of %lu bytes", coff_files, cb_cab);
	if (coff_files > CM_MAX_SMALL_BINARY)
		return ipk_fail(c, 0, "cabinet file table at %lu, past %d "
		    "bytes (CM_MAX_SMALL_BINARY)", coff_files,
		    CM_MAX_SMALL_BINARY);
	pos = CAB_HDR;
	if (flags & CAB_RESERVE_PRESENT) {
		unsigned char r[4];

		if (ipk_stream_read_full(in, r, 4) != 1)
			return ipk_fail(c, 0, "cabinet header truncated");
		cb_folder = r[2];
		pos += 4 + le16(r);
		if (pos > coff_files || !skip(in, le16(r)))
			return ipk_fail(c, 0, "cabinet reserved area runs past "
			    "the file table");
	}
	for (iv = 0; iv < 2; iv++) {
		if (!(flags & (iv == 0 ? CAB_PREV : CAB_NEXT)))
			continue;
		/* Name and disk of the previous/next cabinet of a set. */
		for (i = 0; i < 2; i++) {
			long k = read_cstr(in, name, 256);

			if (k < 0)
				return ipk_fail(c, 0, "cabinet set name unterminated");
			pos += (unsigned long)k + 1;
		}
	}
	/* CFFOLDER entries, then whatever lies before the file table. */
	pos += (unsigned long)n_folders * (8 + cb_folder);
	if (pos > coff_files)
		return ipk_fail(c, 0, "cabinet header lies: %u folders do not "
		    "fit before the file table at %lu", n_folders, coff_files);
	if (!skip(in, (unsigned long)n_folders * (8 + cb_folder) +
	    (coff_files - pos)))
		return ipk_fail(c, 0, "cabinet truncated before its file table");
	pos = coff_files;
	if (n_files == 0)
		return ipk_gap(c, 0, "empty", "the cabinet holds no files",
		    (size_t)-1) == CM_FATAL ? CM_FATAL : CM_OK;

	cm_buf_init(&nm, 1024);
	for (i = 0; i < n_files; i++) {
		unsigned long size;
		unsigned folder, attr;
		long k;
		char iso[24];

		if (ipk_stream_read_full(in, e, 16) != 1) {
			rc = ipk_fail(c, i + 1, "cabinet truncated in file entry "
			    "%lu of %u", i + 1, n_files);
			break;
		}
		k = read_cstr(in, name, 256);
		if (k <= 0) {
			rc = ipk_fail(c, i + 1, "file entry %lu: name %s", i + 1,
			    k == 0 ? "empty" : "unterminated or truncated");
			break;
		}
		pos += 16 + (unsigned long)k + 1;
		if (pos > cb_cab) {
			rc = ipk_fail(c, i + 1, "file entry %lu lies past the "
			    "cabinet's end (%lu bytes)", i + 1, cb_cab);
			break;
		}
		size = le32(e);
		folder = le16(e + 8);
		attr = le16(e + 14);
		if (folder >= n_folders && folder < 0xFFFD) {
			rc = cm_rc_worst(rc, ipk_warn(c, i + 1, "file entry %lu "
			    "names folder %u of %u; skipped", i + 1, folder,
			    n_folders));
			continue;
		}
		cm_buf_reset(&nm);
		if (attr & CAB_NAME_IS_UTF)
			cm_enc_decode(name, (size_t)k, CM_CP_UTF8, &nm, NULL);
		else
			cm_enc_decode(name, (size_t)k, CM_CP_1252, &nm, NULL);
		ipk_rec_begin(c, i + 1);
		ipk_rec_str(c, "source", "cab", 3);
		ipk_rec_str(c, "cab_member", cm_buf_str(&nm), nm.len);
		ipk_rec_int(c, "size", (long long)size);
		dos_time(le16(e + 10), le16(e + 12), iso, sizeof(iso));
		if (iso[0] != '\0')
			ipk_rec_str(c, "modified", iso, (size_t)-1);
		if (ipk_rec_emit(c) == CM_FATAL) {
			rc = CM_FATAL;
			break;
		}
	}
	cm_buf_free(&nm);
	return rc;
}

const struct ipk_parser ipk_parser_defender_logs = {
	.name = "defender_logs",
	.kind = "defender_log",
	.fields = fields,
	.probe = probe,
	.parse = parse,
	.probe_bin = probe_bin,
	.parse_stream = parse_stream,
};
