/*
 * event_log.c - Windows XML Event Logs (.evtx), e.g. Security.evtx of an
 * investigation package: one "event" record per event record.
 *
 *   ElfFile\0 ... (4096-byte header), then 64 KiB chunks "ElfChnk\0" ...
 *
 * becomes, for each event,
 *
 *   {"kind":"event","line":1,"EventID":4720,
 *    "TimeCreated":"2020-09-16T09:31:19.1332724Z","EventRecordID":769629,
 *    "Channel":"Security","Computer":"dc01.example.com",
 *    "Provider":"Microsoft-Windows-Security-Auditing","Level":0,...,
 *    "TargetUserName":"$","TargetDomainName":"3B",...}
 *
 * The member is streamed one chunk at a time (memory does not grow with the
 * file); templates and names live in their chunk only.  Damage is handled
 * per chunk or per record: a chunk without its signature, a record whose
 * header or binary XML does not hold together, is reported with the chunk
 * number and the record identifier and skipped; the rest is still read.
 * Checksum mismatches are reported but, as libevtx does, the records are
 * still read.  The format helpers are in evtx_*.c (see evtx.h).
 */
#include "ipk_private.h"
#include "evtx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"EventID", "TimeCreated", "EventRecordID", "Channel", "Computer",
	"Provider", "Level", "Task", "Opcode", "Keywords", "ProcessID",
	"ThreadID", "UserID", NULL
};

/* System fields written as JSON numbers when they are decimal. */
static const unsigned char sys_is_int[EVTX_SYS_COUNT] = {
	[EVTX_SYS_EVENTID] = 1, [EVTX_SYS_RECORDID] = 1, [EVTX_SYS_LEVEL] = 1,
	[EVTX_SYS_TASK] = 1, [EVTX_SYS_OPCODE] = 1, [EVTX_SYS_PROCESSID] = 1,
	[EVTX_SYS_THREADID] = 1,
};

struct evtx_state {
	struct ipk_pctx *ctx;        /* where records and warnings go */
	struct evtx_bx *bx;          /* binary XML reader and its caches */
	struct evtx_event ev;        /* fields of the record at hand */
	struct evtx_file_header fh;  /* the file header */
	unsigned char *chunk;        /* the chunk at hand */
	int told_past_count;         /* reported chunks past the count */
	int rc;                      /* CM_OK or CM_WARN */
};

static int
probe_bin(const unsigned char *head, size_t n)
{
	return n >= 8 && memcmp(head, "ElfFile\0", 8) == 0 ? 100 : 0;
}

/* A decimal number that fits a long long: 1 and *out. */
static int
decimal(const char *s, size_t n, long long *out)
{
	long long v = 0;
	size_t i;

	if (n == 0 || n > 18)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* 1 if the record gave at least one field. */
static int
has_fields(const struct evtx_event *ev)
{
	size_t i;

	if (ev->ndata > 0)
		return 1;
	for (i = 1; i < EVTX_SYS_COUNT; i++)
		if (ev->has_sys[i])
			return 1;
	return 0;
}

static int
emit(struct evtx_state *st, const struct evtx_record *r, unsigned chunk_no)
{
	struct ipk_pctx *c = st->ctx;
	const struct evtx_event *ev = &st->ev;
	const char *text = ev->text.p;
	size_t i;

	ipk_rec_begin(c, (unsigned long)r->id);
	for (i = 1; i < EVTX_SYS_COUNT; i++) {
		const struct evtx_field *f = &ev->sys[i];
		long long v;

		const char *val;

		if (!ev->has_sys[i])
			continue;
		val = f->value_len > 0 ? text + f->value : "";
		if (sys_is_int[i] && decimal(val, f->value_len, &v))
			ipk_rec_int(c, evtx_sys_names[i], v);
		else
			ipk_rec_str(c, evtx_sys_names[i], val, f->value_len);
	}
	/* EventData names may live in the record's text: the builder copies. */
	for (i = 0; i < ev->ndata; i++) {
		const struct evtx_field *f = &ev->data[i];
		const char *name = f->name != NULL ? f->name :
		    text + f->name_off;

		if (f->nitems > 0) {
			const char *p = text + f->value;
			uint32_t k;

			ipk_rec_list_begin(c, name);
			for (k = 0; k < f->nitems; k++) {
				size_t n = strlen(p);

				ipk_rec_list_add(c, p, n);
				p += n + 1;
			}
			ipk_rec_list_end(c);
		} else {
			ipk_rec_str(c, name, f->value_len > 0 ?
			    text + f->value : "", f->value_len);
		}
	}
	if (ev->cut)
		ipk_note(c, (unsigned long)r->id, "chunk %u, record %llu: more "
		    "fields or text than a record holds (CM_MAX_FIELDS, "
		    "CM_MAX_RECORD); the rest is cut", chunk_no,
		    (unsigned long long)r->id);
	return ipk_rec_emit(c);
}

static int
warn(struct evtx_state *st, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int
warn(struct evtx_state *st, unsigned long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	st->rc = CM_WARN;
	return ipk_warn(st->ctx, line, "%s", msg);
}

/* Reads the records of chunk number no, n bytes at st->chunk. */
static int
read_chunk(struct evtx_state *st, unsigned no, size_t n)
{
	struct ipk_pctx *c = st->ctx;
	const unsigned char *buf = st->chunk;
	struct evtx_chunk_header h;
	struct evtx_record r;
	const char *why = NULL;
	char err[200];
	uint32_t off = EVTX_CHUNK_HEADER_SIZE;
	int rc;

	switch (evtx_chunk_header_read(buf, n, &h)) {
	case EVTX_CHUNK_EMPTY:
		return CM_OK;       /* preallocated and never used */
	case EVTX_CHUNK_SHORT:
		warn(st, 0, "chunk %u: only %zu bytes, the file is cut; "
		    "skipped", no, n);
		return CM_OK;
	case EVTX_CHUNK_BAD_MAGIC:
		warn(st, 0, "chunk %u: no chunk signature (ElfChnk); skipped",
		    no);
		return CM_OK;
	default:
		break;
	}
	if (n < EVTX_CHUNK_SIZE)
		warn(st, 0, "chunk %u: cut after %zu of %d bytes; the records "
		    "it still holds are read", no, n, EVTX_CHUNK_SIZE);
	if (no >= st->fh.nchunks && !(st->fh.flags & EVTX_FILE_DIRTY) &&
	    !st->told_past_count) {
		st->told_past_count = 1;
		ipk_note(c, 0, "chunk %u and later are past the %u chunks the "
		    "file header counts; they are read too", no,
		    (unsigned)st->fh.nchunks);
	}
	if (!h.header_crc_ok)
		ipk_note(c, 0, "chunk %u: header checksum mismatch; its records "
		    "are read anyway", no);
	if (h.header_size != 128)
		ipk_note(c, 0, "chunk %u: header size %u, not 128", no,
		    (unsigned)h.header_size);
	if (!h.free_off_ok)
		ipk_note(c, 0, "chunk %u: free space offset %u out of bounds",
		    no, (unsigned)h.free_off);
	else if (!h.data_crc_ok && n == EVTX_CHUNK_SIZE)
		ipk_note(c, 0, "chunk %u: records checksum mismatch; the "
		    "records are read anyway", no);
	if (h.last_record_off < EVTX_CHUNK_HEADER_SIZE && h.free_off_ok &&
	    h.free_off > EVTX_CHUNK_HEADER_SIZE)
		warn(st, 0, "chunk %u: last record offset %u is before the "
		    "first record; no record read", no,
		    (unsigned)h.last_record_off);
	evtx_bx_chunk(st->bx, buf, n);
	for (;;) {
		uint32_t bad;

		rc = evtx_record_next(buf, n, h.last_record_off, &off, &r, &why);
		if (rc == 0)
			break;
		if (rc < 0) {
			/* Go on at the next record that holds together. */
			bad = off;
			if (evtx_record_resync(buf, n, h.last_record_off, &off)) {
				warn(st, 0, "chunk %u, offset %u: %s; skipped to "
				    "the next record, at offset %u", no,
				    (unsigned)bad, why, (unsigned)off);
				continue;
			}
			warn(st, 0, "chunk %u, offset %u: %s; the rest of the "
			    "chunk is skipped", no, (unsigned)bad, why);
			break;
		}
		if (evtx_bx_record(st->bx, &r, &st->ev, err, sizeof(err)) != 0) {
			warn(st, (unsigned long)r.id, "chunk %u, record %llu: %s; "
			    "skipped", no, (unsigned long long)r.id, err);
			continue;
		}
		if (!has_fields(&st->ev)) {
			warn(st, (unsigned long)r.id, "chunk %u, record %llu: no "
			    "event in its binary XML; skipped", no,
			    (unsigned long long)r.id);
			continue;
		}
		if (emit(st, &r, no) == CM_FATAL)
			return CM_FATAL;
	}
	return CM_OK;
}

/* Reads up to n bytes; the count, or -1 on a read error. */
static ssize_t
read_upto(struct ipk_stream *in, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = ipk_stream_read(in, buf + got, n - got);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
parse_stream(struct ipk_pctx *c, struct ipk_stream *in)
{
	struct evtx_state st;
	unsigned char hdr[EVTX_FILE_HEADER_SIZE];
	ssize_t n;
	unsigned no;
	int rc = CM_OK;

	memset(&st, 0, sizeof(st));
	st.ctx = c;
	n = read_upto(in, hdr, sizeof(hdr));
	if (n < 0)
		return CM_FAILED;
	if ((size_t)n < sizeof(hdr) || !evtx_file_header_read(hdr, (size_t)n,
	    &st.fh))
		return ipk_fail(c, 0, "not an EVTX file, or cut within its "
		    "%d-byte header", EVTX_FILE_HEADER_SIZE);
	if (!st.fh.crc_ok)
		ipk_note(c, 0, "file header checksum mismatch; the chunks are "
		    "read anyway");
	if (st.fh.major != 3)
		ipk_note(c, 0, "format version %u.%u, not 3.x; read as 3.x",
		    (unsigned)st.fh.major, (unsigned)st.fh.minor);
	if (st.fh.block_size != EVTX_FILE_HEADER_SIZE)
		ipk_note(c, 0, "header block size %u, not %d; chunks are read "
		    "from offset %d", (unsigned)st.fh.block_size,
		    EVTX_FILE_HEADER_SIZE, EVTX_FILE_HEADER_SIZE);
	st.chunk = malloc(EVTX_CHUNK_SIZE);
	st.bx = evtx_bx_new();
	evtx_event_init(&st.ev, CM_MAX_RECORD);
	if (st.chunk == NULL || st.bx == NULL) {
		rc = ipk_fail(c, 0, "out of memory");
		goto out;
	}
	for (no = 0;; no++) {
		n = read_upto(in, st.chunk, EVTX_CHUNK_SIZE);
		if (n < 0) {
			rc = CM_FAILED;
			break;
		}
		if (n == 0)
			break;
		if (read_chunk(&st, no, (size_t)n) == CM_FATAL) {
			rc = CM_FATAL;
			break;
		}
		if (n < EVTX_CHUNK_SIZE)
			break;
	}
	if (rc == CM_OK)
		rc = st.rc;
out:
	evtx_event_free(&st.ev);
	evtx_bx_free(&st.bx);
	free(st.chunk);
	return rc;
}

const struct ipk_parser ipk_parser_event_log = {
	.name = "event_log",
	.kind = "event",
	.fields = fields,
	.probe_bin = probe_bin,
	.parse_stream = parse_stream,
};
