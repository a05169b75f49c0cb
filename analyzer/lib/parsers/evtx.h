/*
 * evtx.h - what the files of the EVTX parser share (internal).
 *
 * A Windows XML Event Log (.evtx) is a 4096-byte file header ("ElfFile\0")
 * followed by 64 KiB chunks ("ElfChnk\0").  Each chunk holds event records
 * ("\x2a\x2a\0\0", size, record identifier, written time, binary XML, size
 * copy).  The binary XML of a record is nearly always a template instance:
 * a reference to a template definition stored once in the chunk plus the
 * values to substitute.  Names, templates and every offset are relative to
 * the chunk, so a chunk is read on its own and nothing outlives it.
 *
 *   event_log.c      the parser descriptor: header, chunk loop, records
 *   evtx_chunk.c     file and chunk headers, CRC-32, the record walk
 *   evtx_binxml.c    binary XML: templates compiled to field programs
 *   evtx_values.c    substitution values rendered as text
 *
 * Byte layouts follow libevtx's "Windows XML Event Log (EVTX) format"; the
 * text of each value type follows what Windows' own rendering shows (see
 * docs/records/event_log.md).
 */
#ifndef EVTX_H
#define EVTX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EVTX_FILE_HEADER_SIZE 4096
#define EVTX_CHUNK_SIZE 65536
#define EVTX_CHUNK_HEADER_SIZE 512
#define EVTX_RECORD_HEADER_SIZE 24

static inline uint16_t
evtx_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
evtx_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

static inline uint64_t
evtx_u64(const unsigned char *p)
{
	return (uint64_t)evtx_u32(p) | ((uint64_t)evtx_u32(p + 4) << 32);
}

/* --- evtx_chunk.c ------------------------------------------------------- */

/* CRC-32 (IEEE, as zlib's crc32()), continued from crc (0 to start). */
uint32_t evtx_crc32(uint32_t crc, const unsigned char *p, size_t n);

struct evtx_file_header {
	uint64_t first_chunk;     /* oldest chunk number */
	uint64_t last_chunk;      /* current chunk number */
	uint64_t next_record;     /* next record identifier */
	uint32_t header_size;     /* 128 */
	uint16_t minor;           /* format version, 3.1 or 3.2 */
	uint16_t major;
	uint16_t block_size;      /* 4096: where the first chunk starts */
	uint16_t nchunks;         /* chunks in use */
	uint32_t flags;           /* EVTX_FILE_DIRTY, EVTX_FILE_FULL */
	int crc_ok;               /* the header CRC-32 matches */
};

#define EVTX_FILE_DIRTY 0x1       /* not closed cleanly: counts may be stale */
#define EVTX_FILE_FULL 0x2

/* 1 and *h filled if p (n >= 128 bytes) starts with "ElfFile\0", else 0. */
int evtx_file_header_read(const unsigned char *p, size_t n,
    struct evtx_file_header *h);

struct evtx_chunk_header {
	uint64_t first_number;    /* first event record number */
	uint64_t last_number;     /* last event record number */
	uint64_t first_id;        /* first event record identifier */
	uint64_t last_id;         /* last event record identifier */
	uint32_t header_size;     /* 128 */
	uint32_t last_record_off; /* offset of the last record */
	uint32_t free_off;        /* offset of the free space */
	int header_crc_ok;        /* CRC of bytes 0-120 and 128-512 matches */
	int data_crc_ok;          /* CRC of the records area matches */
	int free_off_ok;          /* 512 <= free_off <= chunk size */
};

enum evtx_chunk_state {
	EVTX_CHUNK_OK = 0,        /* a chunk header (checksums in the struct) */
	EVTX_CHUNK_EMPTY,         /* all zero: preallocated, unused */
	EVTX_CHUNK_BAD_MAGIC,     /* neither zero nor "ElfChnk\0" */
	EVTX_CHUNK_SHORT          /* fewer bytes than a chunk header */
};

/*
 * Reads the header of the chunk in c[0..n) (n is 65536 but for a cut last
 * chunk) and checks its checksums.  Returns an evtx_chunk_state.
 */
int evtx_chunk_header_read(const unsigned char *c, size_t n,
    struct evtx_chunk_header *h);

struct evtx_record {
	uint32_t off;             /* offset of the record in the chunk */
	uint32_t size;            /* bytes, header and size copy included */
	uint64_t id;              /* record identifier ("Event number") */
	uint64_t written;         /* FILETIME the record was written */
	uint32_t xml_off;         /* offset of the binary XML */
	uint32_t xml_len;         /* bytes of binary XML */
};

/*
 * Reads the record header at *off in c[0..n).  Returns 1 with *r filled
 * and *off moved past the record, 0 at the end (past last_off, or a zero
 * header), or -1 with why set to the problem (the rest of the chunk
 * cannot be walked).
 */
int evtx_record_next(const unsigned char *c, size_t n, uint32_t last_off,
    uint32_t *off, struct evtx_record *r, const char **why);

/*
 * After a record header that does not hold together at *off: looks for the
 * next one that does (signature, size within the chunk, matching size
 * copy) before last_off.  Returns 1 with *off moved there, or 0.
 */
int evtx_record_resync(const unsigned char *c, size_t n, uint32_t last_off,
    uint32_t *off);

/* --- evtx_values.c: bounded string builder and value text -------------- */

/*
 * A string builder with a cap.  Appends past max are dropped and set
 * overflow; the content stays valid UTF-8 up to where it was cut.
 */
struct evtx_sb {
	char *p;                  /* content (not NUL-terminated) */
	size_t len;               /* bytes used */
	size_t cap;               /* bytes allocated */
	size_t max;               /* most bytes len may reach */
	int overflow;             /* an append was dropped */
	int nomem;                /* an allocation failed */
};

void evtx_sb_init(struct evtx_sb *sb, size_t max);
void evtx_sb_free(struct evtx_sb *sb);
/* Makes room for n more bytes; 0 if it cannot (overflow or nomem set). */
int evtx_sb_grow(struct evtx_sb *sb, size_t n);

static inline int
evtx_sb_room(struct evtx_sb *sb, size_t n)
{
	if (sb->cap - sb->len >= n)
		return 1;
	return evtx_sb_grow(sb, n);
}

static inline void
evtx_sb_add(struct evtx_sb *sb, const void *s, size_t n)
{
	if (n > 0 && evtx_sb_room(sb, n)) {
		memcpy(sb->p + sb->len, s, n);
		sb->len += n;
	}
}

static inline void
evtx_sb_addc(struct evtx_sb *sb, char ch)
{
	if (evtx_sb_room(sb, 1))
		sb->p[sb->len++] = ch;
}

/* Appends code point cp as UTF-8 (surrogates and > U+10FFFF as U+FFFD). */
void evtx_sb_utf8(struct evtx_sb *sb, uint32_t cp);

/*
 * Appends nchars UTF-16LE units from p as UTF-8, stopping at a NUL unit.
 * Unpaired surrogates become U+FFFD.
 */
void evtx_utf16_append(struct evtx_sb *sb, const unsigned char *p,
    size_t nchars);

/* Value types of binary XML substitutions. */
enum evtx_vtype {
	EVTX_V_NULL = 0x00,
	EVTX_V_STRING = 0x01,     /* UTF-16LE */
	EVTX_V_ANSI = 0x02,       /* code page 1252 bytes */
	EVTX_V_INT8 = 0x03,
	EVTX_V_UINT8 = 0x04,
	EVTX_V_INT16 = 0x05,
	EVTX_V_UINT16 = 0x06,
	EVTX_V_INT32 = 0x07,
	EVTX_V_UINT32 = 0x08,
	EVTX_V_INT64 = 0x09,
	EVTX_V_UINT64 = 0x0a,
	EVTX_V_REAL32 = 0x0b,
	EVTX_V_REAL64 = 0x0c,
	EVTX_V_BOOL = 0x0d,       /* 32-bit */
	EVTX_V_BINARY = 0x0e,
	EVTX_V_GUID = 0x0f,
	EVTX_V_SIZET = 0x10,      /* 32 or 64-bit, shown in hex */
	EVTX_V_FILETIME = 0x11,
	EVTX_V_SYSTEMTIME = 0x12,
	EVTX_V_SID = 0x13,
	EVTX_V_HEX32 = 0x14,
	EVTX_V_HEX64 = 0x15,
	EVTX_V_EVTHANDLE = 0x20,
	EVTX_V_BINXML = 0x21,     /* nested binary XML (not rendered here) */
	EVTX_V_EVTXML = 0x23,
	EVTX_V_ARRAY = 0x80       /* flag: an array of the type in the low bits */
};

/*
 * Appends the text of one value of scalar type `type` (no array flag) from
 * p[0..n).  Returns 1, or 0 if the bytes do not fit the type (nothing is
 * appended then).
 */
int evtx_value_text(struct evtx_sb *sb, unsigned type, const unsigned char *p,
    size_t n);

/*
 * Iterates the items of an array value of item type `type` in p[0..n):
 * sets *ip and *in to the next item and returns 1, or returns 0 at the end.
 * *pos starts at 0.  String items are NUL-terminated in the data.
 */
int evtx_array_next(unsigned type, const unsigned char *p, size_t n,
    size_t *pos, const unsigned char **ip, size_t *in);

/* "2020-09-16T09:31:19.1332724Z": 28 bytes; 0 if ft is past year 9999. */
int evtx_filetime_text(uint64_t ft, char out[32]);

/* --- evtx_binxml.c: records to fields ---------------------------------- */

/* System fields, in the order records carry them. */
enum evtx_sys {
	EVTX_SYS_NONE = 0,
	EVTX_SYS_EVENTID,
	EVTX_SYS_TIMECREATED,
	EVTX_SYS_RECORDID,
	EVTX_SYS_CHANNEL,
	EVTX_SYS_COMPUTER,
	EVTX_SYS_PROVIDER,
	EVTX_SYS_LEVEL,
	EVTX_SYS_TASK,
	EVTX_SYS_OPCODE,
	EVTX_SYS_KEYWORDS,
	EVTX_SYS_PROCESSID,
	EVTX_SYS_THREADID,
	EVTX_SYS_USERID,
	EVTX_SYS_COUNT
};

/* Field names of the system fields, indexed by enum evtx_sys. */
extern const char *const evtx_sys_names[EVTX_SYS_COUNT];

/*
 * One field of an event.  A name is either a string that lives as long as
 * the chunk (name) or a NUL-terminated string in the event's text
 * (name == NULL, at name_off); values are always in the text.
 */
struct evtx_field {
	const char *name;         /* static or per-chunk name, or NULL */
	uint32_t name_off;        /* offset of the name in text if name NULL */
	uint32_t name_len;        /* bytes of the name */
	uint32_t value;           /* offset of the value in text */
	uint32_t value_len;       /* bytes (lists: all items, each NUL-ended) */
	uint32_t nitems;          /* list items, 0 for a plain value */
	uint32_t hash;            /* FNV-1a of the name, to find repeats */
};

/* The fields of one record, rebuilt for every record. */
struct evtx_event {
	struct evtx_sb text;      /* names and values */
	struct evtx_field sys[EVTX_SYS_COUNT]; /* system fields */
	unsigned char has_sys[EVTX_SYS_COUNT]; /* which are set */
	struct evtx_field *data;  /* EventData/UserData fields, in order */
	size_t ndata;             /* used */
	size_t data_cap;          /* allocated */
	uint64_t names[4];        /* 256-bit filter of the names in use */
	uint32_t *dup_hash;       /* repeated names seen: hash of the name */
	uint32_t *dup_next;       /* and the next suffix to try */
	size_t ndup;              /* used */
	size_t dup_cap;           /* allocated */
	int cut;                  /* fields were dropped (CM_MAX_FIELDS) */
};

struct evtx_bx;

/* A binary XML reader, with the per-chunk caches it keeps. */
struct evtx_bx *evtx_bx_new(void);
void evtx_bx_free(struct evtx_bx **bx);

/*
 * Starts a new chunk c[0..n): forgets every name and template of the
 * previous one (memory is kept for reuse).
 */
void evtx_bx_chunk(struct evtx_bx *bx, const unsigned char *c, size_t n);

/*
 * Renders the binary XML of record r of the current chunk into ev.
 * Returns 0, or -1 with a message in err (the record is to be skipped).
 */
int evtx_bx_record(struct evtx_bx *bx, const struct evtx_record *r,
    struct evtx_event *ev, char *err, size_t errlen);

void evtx_event_init(struct evtx_event *ev, size_t max_text);
void evtx_event_free(struct evtx_event *ev);

#endif
