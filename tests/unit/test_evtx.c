/*
 * test_evtx.c - the EVTX parser (event_log.c and evtx_*.c).
 *
 * Real fixture files with values read beforehand with libevtx's
 * `evtxexport -f xml` (see each test), the same files damaged in memory
 * (cut, a chunk signature or checksum broken, an offset pointed out of the
 * chunk), an .evtx inside a zip, and a synthetic log built here that holds
 * every value type, a record without a template, UserData, and a template
 * that refers to itself.
 */
#include "ipk_test.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEC_4720 "fixtures/evtx-attack-samples/Defense Evasion/" \
	"DE_Fake_ComputerAccount_4720.evtx"
#define LM_5145 "fixtures/evtx-attack-samples/Lateral Movement/" \
	"LM_5145_Remote_FileCopy.evtx"
#define SYSMON_7 "fixtures/sigma/regression_data/rules-threat-hunting/" \
	"windows/image_load/image_load_win_werfaultsecure_dbgcore_dbghelp_load/" \
	"8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b.evtx"

static char *
fixture(const char *rel, size_t *len)
{
	char *p = ipk_test_slurp(ipk_test_path(ipk_test_shared(), rel), len);

	ck_assert_msg(p != NULL, "cannot read %s", rel);
	return p;
}

/*
 * Parses bytes as the lone file `name`, written to a temporary folder.
 * IPK_EVTX_KEEP=1 keeps the file (to show it to evtxexport).
 */
static struct ipk_tset *
parse_bytes(const char *name, const void *data, size_t len)
{
	char dir[] = "/tmp/ipkevtxXXXXXX";
	char path[4096];
	struct ipk_tset *s;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	fclose(fp);
	s = ipk_test_parse(path, NULL);
	if (getenv("IPK_EVTX_KEEP") == NULL) {
		unlink(path);
		rmdir(dir);
	} else {
		fprintf(stderr, "kept %s\n", path);
	}
	return s;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* --- a synthetic log ------------------------------------------------------- */

/* CRC-32 as zlib's, bit by bit: the builder writes valid checksums. */
static uint32_t
crc32_bits(uint32_t crc, const unsigned char *p, size_t n)
{
	int k;

	crc = ~crc;
	while (n-- > 0) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
	}
	return ~crc;
}

/* A byte buffer; offsets in the chunk are len - base. */
struct bb {
	unsigned char *p;
	size_t len;
	size_t cap;
	size_t base;              /* where the chunk being built starts */
};

static void
b_bytes(struct bb *b, const void *d, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 65536;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void
b_u8(struct bb *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	b_bytes(b, &c, 1);
}

static void
b_u16(struct bb *b, unsigned v)
{
	b_u8(b, v & 0xFF);
	b_u8(b, (v >> 8) & 0xFF);
}

static void
b_u32(struct bb *b, uint32_t v)
{
	b_u16(b, v & 0xFFFF);
	b_u16(b, v >> 16);
}

static void
b_u64(struct bb *b, uint64_t v)
{
	b_u32(b, (uint32_t)v);
	b_u32(b, (uint32_t)(v >> 32));
}

static uint32_t
b_off(const struct bb *b)
{
	return (uint32_t)(b->len - b->base);
}

/* ASCII or UTF-8 BMP text as UTF-16LE units, no count. */
static size_t
b_utf16(struct bb *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	while (*u != 0) {
		unsigned cp = *u++;

		if (cp >= 0xE0) {
			cp = ((cp & 0x0F) << 12) | ((u[0] & 0x3F) << 6) |
			    (u[1] & 0x3F);
			u += 2;
		} else if (cp >= 0xC0) {
			cp = ((cp & 0x1F) << 6) | (u[0] & 0x3F);
			u++;
		}
		b_u16(b, cp);
		n++;
	}
	return n;
}

static size_t
utf16_units(const char *s)
{
	struct bb t = { NULL, 0, 0, 0 };
	size_t n = b_utf16(&t, s);

	free(t.p);
	return n;
}

static void
b_patch32(struct bb *b, size_t pos, uint32_t v)
{
	put32(b->p + pos, v);
}

/* A name stored inline: unknown, hash, count, text, NUL. */
static void
b_name(struct bb *b, const char *s)
{
	b_u32(b, 0);
	b_u16(b, 0);
	b_u16(b, (unsigned)utf16_units(s));
	b_utf16(b, s);
	b_u16(b, 0);
}

/* Element start with its name inline; *apos gets the attribute list size
 * position (if attrs).  Returns the position of the data size. */
static size_t
b_elem(struct bb *b, const char *name, int attrs, size_t *apos, int dep)
{
	size_t sizepos;

	b_u8(b, attrs ? 0x41 : 0x01);
	if (dep)
		b_u16(b, 0xFFFF);
	sizepos = b->len;
	b_u32(b, 0);
	b_u32(b, b_off(b) + 4);
	b_name(b, name);
	if (attrs) {
		*apos = b->len;
		b_u32(b, 0);
	}
	return sizepos;
}

static void
b_attr(struct bb *b, const char *name, int more)
{
	b_u8(b, more ? 0x46 : 0x06);
	b_u32(b, b_off(b) + 4);
	b_name(b, name);
}

static void
b_text(struct bb *b, const char *s)
{
	b_u8(b, 0x05);
	b_u8(b, 0x01);
	b_u16(b, (unsigned)utf16_units(s));
	b_utf16(b, s);
}

static void
b_sub(struct bb *b, unsigned idx, unsigned type, int optional)
{
	b_u8(b, optional ? 0x0e : 0x0d);
	b_u16(b, idx);
	b_u8(b, type);
}

/* Ends an element opened at sizepos with an end tag. */
static void
b_end(struct bb *b, size_t sizepos)
{
	b_u8(b, 0x04);
	b_patch32(b, sizepos, (uint32_t)(b->len - sizepos - 4));
}

/* Closes an attribute list started at apos. */
static void
b_attrs_done(struct bb *b, size_t apos)
{
	b_patch32(b, apos, (uint32_t)(b->len - apos - 4));
}

/* <name>{subst}</name> */
static void
b_simple(struct bb *b, const char *name, unsigned idx, unsigned type, int dep)
{
	size_t sp = b_elem(b, name, 0, NULL, dep);

	b_u8(b, 0x02);
	b_sub(b, idx, type, 0);
	b_end(b, sp);
}

/* <Data Name="name">{subst}</Data> */
static void
b_data(struct bb *b, const char *name, unsigned idx, unsigned type)
{
	size_t ap, sp = b_elem(b, "Data", 1, &ap, 1);

	b_attr(b, "Name", 0);
	b_text(b, name);
	b_attrs_done(b, ap);
	b_u8(b, 0x02);
	b_sub(b, idx, type, 1);
	b_end(b, sp);
}

/* One substitution value. */
struct sval {
	unsigned type;
	const void *data;
	size_t size;
};

/* Template instance values: count, descriptors, data. */
static void
b_values(struct bb *b, const struct sval *v, size_t n)
{
	size_t i;

	b_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		b_u16(b, (unsigned)v[i].size);
		b_u8(b, v[i].type);
		b_u8(b, 0);
	}
	for (i = 0; i < n; i++)
		b_bytes(b, v[i].data, v[i].size);
}

/*
 * Starts a template instance whose definition follows inline; returns the
 * position of its data size.  *def gets the definition's chunk offset.
 */
static size_t
b_template_begin(struct bb *b, uint32_t id, uint32_t *def)
{
	size_t sizepos;
	unsigned char guid[16];

	memset(guid, 0, sizeof(guid));
	memcpy(guid, &id, 4);
	b_u8(b, 0x0c);
	b_u8(b, 0x01);
	b_u32(b, id);
	*def = b_off(b) + 4;
	b_u32(b, *def);
	b_u32(b, 0);
	b_bytes(b, guid, 16);
	sizepos = b->len;
	b_u32(b, 0);
	b_bytes(b, "\x0f\x01\x01\x00", 4);
	return sizepos;
}

static void
b_template_end(struct bb *b, size_t sizepos)
{
	b_u8(b, 0x00);
	b_patch32(b, sizepos, (uint32_t)(b->len - sizepos - 4));
}

/* An instance of the definition at def (stored earlier). */
static void
b_instance(struct bb *b, uint32_t id, uint32_t def)
{
	b_u8(b, 0x0c);
	b_u8(b, 0x01);
	b_u32(b, id);
	b_u32(b, def);
}

/* Starts a record; returns its start.  Binary XML follows. */
static size_t
b_record_begin(struct bb *b, uint64_t id)
{
	size_t start = b->len;

	b_bytes(b, "\x2a\x2a\0\0", 4);
	b_u32(b, 0);
	b_u64(b, id);
	b_u64(b, 132450000000000000ULL);
	b_bytes(b, "\x0f\x01\x01\x00", 4);
	return start;
}

static void
b_record_end(struct bb *b, size_t start)
{
	uint32_t size;

	b_u8(b, 0x00);                      /* end of the document */
	while ((b->len + 4 - start) % 8 != 0)
		b_u8(b, 0);
	size = (uint32_t)(b->len + 4 - start);
	b_patch32(b, start + 4, size);
	b_u32(b, size);
}

/* Finishes the chunk begun at b->base: header, checksums, padding. */
static void
b_chunk_end(struct bb *b, size_t last_rec, uint64_t first, uint64_t last)
{
	unsigned char *c;
	uint32_t free_off = b_off(b), crc;

	while (b_off(b) < 65536)
		b_u8(b, 0);
	c = b->p + b->base;
	memcpy(c, "ElfChnk\0", 8);
	memcpy(c + 8, &first, 8);
	memcpy(c + 16, &last, 8);
	memcpy(c + 24, &first, 8);
	memcpy(c + 32, &last, 8);
	put32(c + 40, 128);
	put32(c + 44, (uint32_t)(last_rec - b->base));
	put32(c + 48, free_off);
	put32(c + 52, crc32_bits(0, c + 512, free_off - 512));
	crc = crc32_bits(0, c, 120);
	put32(c + 124, crc32_bits(crc, c + 128, 384));
}

static void
b_file_header(struct bb *b, unsigned nchunks)
{
	unsigned char h[4096];

	memset(h, 0, sizeof(h));
	memcpy(h, "ElfFile\0", 8);
	h[16] = (unsigned char)(nchunks - 1);
	h[24] = 100;
	h[32] = 128;
	h[36] = 1;
	h[38] = 3;
	h[41] = 0x10;                         /* 4096 */
	h[42] = (unsigned char)nchunks;
	put32(h + 124, crc32_bits(0, h, 120));
	b_bytes(b, h, sizeof(h));
}

/*
 * The synthetic log: one chunk of six records.
 *   1  template T1 (inline): every value type in EventData
 *   2  template T1 again, by offset, other values
 *   3  no template: elements and text only
 *   4  template T3: UserData with nested leaves
 *   5  template T4 whose EventData is a nested binary XML value
 *      (elements without dependency identifiers)
 *   6  template T5 that holds an instance of itself: a loop
 */
static unsigned char *
synthetic(size_t *len)
{
	struct bb b = { NULL, 0, 0, 0 };
	size_t rs, ts, sp, sp2, sp3, ap, last;
	uint32_t t1, t5;
	int8_t i8 = -5;
	int16_t i16 = -300;
	int32_t i32 = -70000;
	int64_t i64 = -5000000000LL;
	uint8_t u8 = 200;
	uint16_t u16 = 65000, eid = 4624, eid2 = 4625;
	uint32_t u32 = 4000000000u, pid = 4, tid = 88, bool1 = 1;
	uint32_t hex32 = 0x1f, u32arr[3] = { 1, 2, 3 }, hexarr[2] = { 0x10, 0xff };
	uint64_t u64 = UINT64_MAX, rid = 1001, rid2 = 1002, hex64 = 0x3e7;
	uint64_t sizet = 0x7ff6a1b20000ULL;
	uint64_t ft = 132597904530738012ULL;   /* 2021-03-09T19:07:33.0738012Z */
	float r32 = 1.5f;
	double r64 = -2.25;
	static const unsigned char bin[3] = { 0x01, 0xAB, 0xFF };
	static const unsigned char guid[16] = {
		0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49,
		0xA5, 0xBA, 0x3E, 0x3B, 0x03, 0x28, 0xC3, 0x0D };
	static const unsigned char st[16] = {   /* 2021-03-09 19:07:33.073 */
		0xE5, 0x07, 3, 0, 2, 0, 9, 0, 19, 0, 7, 0, 33, 0, 73, 0 };
	static const unsigned char sid[24] = {  /* S-1-5-21-1-2-3 */
		1, 4, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0,
		2, 0, 0, 0, 3, 0, 0, 0 };
	static const unsigned char sid500[28] = {
		1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0,
		2, 0, 0, 0, 3, 0, 0, 0, 0xF4, 1, 0, 0 };
	static const char ansi[4] = { 'c', 'a', 'f', (char)0xE9 };
	struct bb t = { NULL, 0, 0, 0 };
	unsigned char *str[8];
	size_t strn[8];
	const char *texts[8] = { "HOST01", "first", "second", "D1", "D2",
	    "DynName", "dynval", "mid" };
	int i;

	for (i = 0; i < 8; i++) {
		t.len = 0;
		b_utf16(&t, texts[i]);
		strn[i] = t.len;
		str[i] = malloc(t.len);
		memcpy(str[i], t.p, t.len);
	}
	t.len = 0;
	b_utf16(&t, "one");
	b_u16(&t, 0);
	b_utf16(&t, "two");
	b_u16(&t, 0);

	b_file_header(&b, 1);
	b.base = b.len;
	{
		unsigned char zero[512];

		memset(zero, 0, sizeof(zero));
		b_bytes(&b, zero, sizeof(zero));
	}

	/* Record 1: T1 inline. */
	rs = b_record_begin(&b, 1);
	ts = b_template_begin(&b, 0x1111, &t1);
	sp = b_elem(&b, "Event", 1, &ap, 1);
	b_attr(&b, "xmlns", 0);
	b_text(&b, "http://schemas.microsoft.com/win/2004/08/events/event");
	b_attrs_done(&b, ap);
	b_u8(&b, 0x02);
	sp2 = b_elem(&b, "System", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp3 = b_elem(&b, "Provider", 1, &ap, 1);
	b_attr(&b, "Name", 0);
	b_text(&b, "Test-Provider");
	b_attrs_done(&b, ap);
	b_u8(&b, 0x03);
	b_patch32(&b, sp3, (uint32_t)(b.len - sp3 - 4));
	b_simple(&b, "EventID", 0, 0x06, 1);
	b_simple(&b, "Level", 1, 0x04, 1);
	sp3 = b_elem(&b, "TimeCreated", 1, &ap, 1);
	b_attr(&b, "SystemTime", 0);
	b_sub(&b, 2, 0x11, 0);
	b_attrs_done(&b, ap);
	b_u8(&b, 0x03);
	b_patch32(&b, sp3, (uint32_t)(b.len - sp3 - 4));
	b_simple(&b, "EventRecordID", 3, 0x0a, 1);
	sp3 = b_elem(&b, "Execution", 1, &ap, 1);
	b_attr(&b, "ProcessID", 1);
	b_sub(&b, 4, 0x08, 0);
	b_attr(&b, "ThreadID", 0);
	b_sub(&b, 5, 0x08, 0);
	b_attrs_done(&b, ap);
	b_u8(&b, 0x03);
	b_patch32(&b, sp3, (uint32_t)(b.len - sp3 - 4));
	sp3 = b_elem(&b, "Channel", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_text(&b, "Application");
	b_end(&b, sp3);
	b_simple(&b, "Computer", 6, 0x01, 1);
	sp3 = b_elem(&b, "Security", 1, &ap, 1);
	b_attr(&b, "UserID", 0);
	b_sub(&b, 7, 0x13, 1);
	b_attrs_done(&b, ap);
	b_u8(&b, 0x03);
	b_patch32(&b, sp3, (uint32_t)(b.len - sp3 - 4));
	b_end(&b, sp2);                       /* </System> */
	sp2 = b_elem(&b, "EventData", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_data(&b, "Int8", 8, 0x03);
	b_data(&b, "Int16", 9, 0x05);
	b_data(&b, "Int32", 10, 0x07);
	b_data(&b, "Int64", 11, 0x09);
	b_data(&b, "UInt8", 12, 0x04);
	b_data(&b, "UInt16", 13, 0x06);
	b_data(&b, "UInt32", 14, 0x08);
	b_data(&b, "UInt64", 15, 0x0a);
	b_data(&b, "Real32", 16, 0x0b);
	b_data(&b, "Real64", 17, 0x0c);
	b_data(&b, "Bool", 18, 0x0d);
	b_data(&b, "Binary", 19, 0x0e);
	b_data(&b, "Guid", 20, 0x0f);
	b_data(&b, "SizeT", 21, 0x10);
	b_data(&b, "FileTime", 22, 0x11);
	b_data(&b, "SystemTime", 23, 0x12);
	b_data(&b, "Sid", 24, 0x13);
	b_data(&b, "Hex32", 25, 0x14);
	b_data(&b, "Hex64", 26, 0x15);
	b_data(&b, "Ansi", 27, 0x02);
	b_data(&b, "StrArray", 28, 0x81);
	b_data(&b, "UInt32Array", 29, 0x88);
	/* <Data Name="Mixed">pre-{30}-post&amp;&#9786;<![CDATA[cd]]></Data> */
	sp3 = b_elem(&b, "Data", 1, &ap, 1);
	b_attr(&b, "Name", 0);
	b_text(&b, "Mixed");
	b_attrs_done(&b, ap);
	b_u8(&b, 0x02);
	b_u8(&b, 0x45);
	b_u8(&b, 0x01);
	b_u16(&b, 4);
	b_utf16(&b, "pre-");
	b_sub(&b, 30, 0x01, 0);
	b_text(&b, "-post");
	b_u8(&b, 0x09);                       /* &amp; */
	b_u32(&b, b_off(&b) + 4);
	b_name(&b, "amp");
	b_u8(&b, 0x08);                       /* &#9786; */
	b_u16(&b, 0x263A);
	b_u8(&b, 0x07);                       /* CDATA */
	b_u16(&b, 2);
	b_utf16(&b, "cd");
	b_end(&b, sp3);
	b_data(&b, "Empty", 31, 0x01);
	b_simple(&b, "Data", 32, 0x01, 1);  /* no Name */
	b_simple(&b, "Data", 33, 0x01, 1);
	b_data(&b, "Dup", 34, 0x01);
	b_data(&b, "Dup", 35, 0x01);
	/* <Data Name="{36}">{37}</Data> */
	sp3 = b_elem(&b, "Data", 1, &ap, 1);
	b_attr(&b, "Name", 0);
	b_sub(&b, 36, 0x01, 0);
	b_attrs_done(&b, ap);
	b_u8(&b, 0x02);
	b_sub(&b, 37, 0x01, 0);
	b_end(&b, sp3);
	b_data(&b, "Hex32Array", 38, 0x94);
	b_data(&b, "EmptyArray", 39, 0x81);
	b_end(&b, sp2);                       /* </EventData> */
	b_end(&b, sp);                        /* </Event> */
	b_template_end(&b, ts);
	{
		struct sval v[40] = {
			{ 0x06, &eid, 2 }, { 0x04, &u8, 1 }, { 0x11, &ft, 8 },
			{ 0x0a, &rid, 8 }, { 0x08, &pid, 4 }, { 0x08, &tid, 4 },
			{ 0x01, str[0], strn[0] }, { 0x13, sid500, 28 },
			{ 0x03, &i8, 1 }, { 0x05, &i16, 2 }, { 0x07, &i32, 4 },
			{ 0x09, &i64, 8 }, { 0x04, &u8, 1 }, { 0x06, &u16, 2 },
			{ 0x08, &u32, 4 }, { 0x0a, &u64, 8 }, { 0x0b, &r32, 4 },
			{ 0x0c, &r64, 8 }, { 0x0d, &bool1, 4 }, { 0x0e, bin, 3 },
			{ 0x0f, guid, 16 }, { 0x10, &sizet, 8 }, { 0x11, &ft, 8 },
			{ 0x12, st, 16 }, { 0x13, sid, 24 }, { 0x14, &hex32, 4 },
			{ 0x15, &hex64, 8 }, { 0x02, ansi, 4 },
			{ 0x81, t.p, t.len }, { 0x88, u32arr, 12 },
			{ 0x01, str[7], strn[7] }, { 0x00, NULL, 0 },
			{ 0x01, str[3], strn[3] }, { 0x01, str[4], strn[4] },
			{ 0x01, str[1], strn[1] }, { 0x01, str[2], strn[2] },
			{ 0x01, str[5], strn[5] }, { 0x01, str[6], strn[6] },
			{ 0x94, hexarr, 8 }, { 0x81, NULL, 0 },
		};

		b_values(&b, v, 40);
	}
	b_record_end(&b, rs);

	/* Record 2: T1 by offset; the optional SID is NULL this time. */
	rs = b_record_begin(&b, 2);
	b_instance(&b, 0x1111, t1);
	{
		struct sval v[40];

		memset(v, 0, sizeof(v));
		v[0] = (struct sval){ 0x06, &eid2, 2 };
		v[3] = (struct sval){ 0x0a, &rid2, 8 };
		v[6] = (struct sval){ 0x01, str[0], strn[0] };
		b_values(&b, v, 40);
	}
	b_record_end(&b, rs);

	/* Record 3: no template. */
	rs = b_record_begin(&b, 3);
	sp = b_elem(&b, "Event", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp2 = b_elem(&b, "System", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp3 = b_elem(&b, "EventID", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_text(&b, "7");
	b_end(&b, sp3);
	sp3 = b_elem(&b, "EventRecordID", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_text(&b, "1003");
	b_end(&b, sp3);
	b_end(&b, sp2);
	sp2 = b_elem(&b, "EventData", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp3 = b_elem(&b, "Data", 1, &ap, 1);
	b_attr(&b, "Name", 0);
	b_text(&b, "Plain");
	b_attrs_done(&b, ap);
	b_u8(&b, 0x02);
	b_text(&b, "text & more");
	b_end(&b, sp3);
	b_end(&b, sp2);
	b_end(&b, sp);
	b_record_end(&b, rs);

	/* Record 4: UserData. */
	rs = b_record_begin(&b, 4);
	ts = b_template_begin(&b, 0x3333, &t5);
	sp = b_elem(&b, "Event", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp2 = b_elem(&b, "System", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_simple(&b, "EventID", 0, 0x06, 1);
	b_end(&b, sp2);
	sp2 = b_elem(&b, "UserData", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp3 = b_elem(&b, "LogFileCleared", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_simple(&b, "SubjectUserSid", 1, 0x13, 1);
	b_simple(&b, "SubjectUserName", 2, 0x01, 1);
	{
		size_t s4 = b_elem(&b, "Nested", 0, NULL, 1);

		b_u8(&b, 0x02);
		b_simple(&b, "Inner", 3, 0x01, 1);
		b_end(&b, s4);
		s4 = b_elem(&b, "Nothing", 0, NULL, 1);
		b_u8(&b, 0x03);
		b_patch32(&b, s4, (uint32_t)(b.len - s4 - 4));
	}
	b_end(&b, sp3);
	b_end(&b, sp2);
	b_end(&b, sp);
	b_template_end(&b, ts);
	{
		uint16_t e = 1102;
		struct sval v[4] = {
			{ 0x06, &e, 2 }, { 0x13, sid500, 28 },
			{ 0x01, str[3], strn[3] }, { 0x01, str[4], strn[4] },
		};

		b_values(&b, v, 4);
	}
	b_record_end(&b, rs);

	/* Record 5: EventData as a nested binary XML value. */
	rs = b_record_begin(&b, 5);
	ts = b_template_begin(&b, 0x4444, &t5);
	sp = b_elem(&b, "Event", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp2 = b_elem(&b, "System", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_simple(&b, "EventID", 0, 0x06, 1);
	b_end(&b, sp2);
	b_sub(&b, 1, 0x21, 0);
	b_end(&b, sp);
	b_template_end(&b, ts);
	{
		struct bb n = { NULL, 0, 0, 0 };
		uint16_t e = 5;
		size_t s1, s2, a2;
		struct sval v[2];

		/* Offsets inside the value are chunk offsets: the value's
		 * data will start after the 4 + 2 * 4 byte value header
		 * and the 2 bytes of value 0. */
		n.base = b.base - (b.len + 4 + 8 + 2);
		s1 = b_elem(&n, "EventData", 0, NULL, 0);
		b_u8(&n, 0x02);
		s2 = b_elem(&n, "Data", 1, &a2, 0);
		b_attr(&n, "Name", 0);
		b_text(&n, "Nested");
		b_attrs_done(&n, a2);
		b_u8(&n, 0x02);
		b_text(&n, "inside");
		b_end(&n, s2);
		b_end(&n, s1);
		b_u8(&n, 0x00);
		v[0] = (struct sval){ 0x06, &e, 2 };
		v[1] = (struct sval){ 0x21, n.p, n.len };
		b_values(&b, v, 2);
		free(n.p);
	}
	b_record_end(&b, rs);

	/* Record 6: T5 = <Event><UserData><W>[instance of T5]</W>... */
	rs = b_record_begin(&b, 6);
	last = rs;
	ts = b_template_begin(&b, 0x5555, &t5);
	sp = b_elem(&b, "Event", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp2 = b_elem(&b, "UserData", 0, NULL, 1);
	b_u8(&b, 0x02);
	sp3 = b_elem(&b, "W", 0, NULL, 1);
	b_u8(&b, 0x02);
	b_instance(&b, 0x5555, t5);
	b_u32(&b, 0);                         /* no values */
	b_end(&b, sp3);
	b_end(&b, sp2);
	b_end(&b, sp);
	b_template_end(&b, ts);
	b_values(&b, NULL, 0);
	b_record_end(&b, rs);

	b_chunk_end(&b, last, 1, 6);
	for (i = 0; i < 8; i++)
		free(str[i]);
	free(t.p);
	*len = b.len;
	return b.p;
}

START_TEST(test_evtx_synthetic_types)
{
	size_t len;
	unsigned char *data = synthetic(&len);
	struct ipk_tset *s = parse_bytes("Synthetic.evtx", data, len);
	const struct ipk_trec *r;

	if (getenv("IPK_EVTX_KEEP") != NULL)
		ipk_tset_dump(s);
	r = ipk_tset_find(s, "event", "EventRecordID", "1001");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->line, 1);
	ck_assert_field(r, "EventID", "4624");
	ck_assert_field(r, "Provider", "Test-Provider");
	ck_assert_field(r, "Level", "200");
	ck_assert_field(r, "TimeCreated", "2021-03-09T19:07:33.0738012Z");
	ck_assert_field(r, "ProcessID", "4");
	ck_assert_field(r, "ThreadID", "88");
	ck_assert_field(r, "Channel", "Application");
	ck_assert_field(r, "Computer", "HOST01");
	ck_assert_field(r, "UserID", "S-1-5-21-1-2-3-500");
	ck_assert_field(r, "Int8", "-5");
	ck_assert_field(r, "Int16", "-300");
	ck_assert_field(r, "Int32", "-70000");
	ck_assert_field(r, "Int64", "-5000000000");
	ck_assert_field(r, "UInt8", "200");
	ck_assert_field(r, "UInt16", "65000");
	ck_assert_field(r, "UInt32", "4000000000");
	ck_assert_field(r, "UInt64", "18446744073709551615");
	/* evtxexport 20181227 prints these the same way (checked). */
	ck_assert_field(r, "Real32", "1.500000e+000");
	ck_assert_field(r, "Real64", "-2.250000e+000");
	ck_assert_field(r, "Bool", "true");
	ck_assert_field(r, "Binary", "01ABFF");
	ck_assert_field(r, "Guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}");
	ck_assert_field(r, "SizeT", "140697251479552");
	ck_assert_field(r, "FileTime", "2021-03-09T19:07:33.0738012Z");
	ck_assert_field(r, "SystemTime", "2021-03-09T19:07:33.073Z");
	ck_assert_field(r, "Sid", "S-1-5-21-1-2-3");
	ck_assert_field(r, "Hex32", "0x1f");
	ck_assert_field(r, "Hex64", "0x3e7");
	ck_assert_field(r, "Ansi", "caf\xc3\xa9");
	/* An array alone in a field is a list (JSON array). */
	ck_assert_field(r, "StrArray", "one\ntwo");
	ck_assert_field(r, "UInt32Array", "1\n2\n3");
	ck_assert_field(r, "Hex32Array", "0x10\n0xff");
	ck_assert_field(r, "EmptyArray", "");
	ck_assert_int_eq(r->types[r->n - 1], IPK_V_STR);
	ck_assert_field(r, "Mixed", "pre-mid-post&\xe2\x98\xba" "cd");
	/* Optional substitution without a value: no element, no field. */
	ck_assert_ptr_null(ipk_trec_get(r, "Empty"));
	ck_assert_field(r, "Data", "D1");
	ck_assert_field(r, "Data_2", "D2");
	ck_assert_field(r, "Dup", "first");
	ck_assert_field(r, "Dup_2", "second");
	ck_assert_field(r, "DynName", "dynval");

	/*
	 * Same template, other values, most of them NULL: a NULL in an
	 * attribute drops the attribute, a NULL for an optional substitution
	 * drops the element, a NULL for a normal one leaves it empty
	 * (evtxexport gives up on the record for those).
	 */
	r = ipk_tset_find(s, "event", "EventRecordID", "1002");
	ck_assert_ptr_nonnull(r);
	ck_assert_field(r, "EventID", "4625");
	ck_assert_ptr_null(ipk_trec_get(r, "UserID"));
	ck_assert_ptr_null(ipk_trec_get(r, "TimeCreated"));
	ck_assert_ptr_null(ipk_trec_get(r, "Int8"));
	ck_assert_ptr_null(ipk_trec_get(r, "Dup"));
	ck_assert_field(r, "Level", "");
	ck_assert_field(r, "Data", "");
	ck_assert_field(r, "Provider", "Test-Provider");

	r = ipk_tset_find(s, "event", "EventRecordID", "1003");
	ck_assert_ptr_nonnull(r);
	ck_assert_field(r, "EventID", "7");
	ck_assert_field(r, "Plain", "text & more");

	r = ipk_tset_find(s, "event", "EventID", "1102");
	ck_assert_ptr_nonnull(r);
	ck_assert_field(r, "SubjectUserSid", "S-1-5-21-1-2-3-500");
	ck_assert_field(r, "SubjectUserName", "D1");
	ck_assert_field(r, "Inner", "D2");
	ck_assert_field(r, "Nothing", "");
	ck_assert_ptr_null(ipk_trec_get(r, "Nested"));
	ck_assert_ptr_null(ipk_trec_get(r, "LogFileCleared"));

	r = ipk_tset_find(s, "event", "EventID", "5");
	ck_assert_ptr_nonnull(r);
	ck_assert_field(r, "Nested", "inside");

	/* The self-referring template: that record only is skipped. */
	ck_assert(ipk_tset_has_diag(s, "|6|chunk 0, record 6: binary XML "
	    "nested more than 16 deep"));
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 5);
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	free(data);
}
END_TEST

/* --- real files ---------------------------------------------------------- */

START_TEST(test_evtx_security_4720)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    SEC_4720), NULL);
	const struct ipk_trec *r;

	/* evtxexport: 2 records, EventRecordID 769629 and 769634. */
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 0);
	r = ipk_tset_find(s, "event", "EventRecordID", "769629");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->line, 1);     /* evtxexport "Event number : 1" */
	ck_assert_field(r, "EventID", "4720");
	ck_assert_field(r, "TimeCreated", "2020-09-16T09:31:19.1332724Z");
	ck_assert_field(r, "Channel", "Security");
	ck_assert_field(r, "Computer", "01566s-win16-ir.threebeesco.com");
	ck_assert_field(r, "Provider", "Microsoft-Windows-Security-Auditing");
	ck_assert_field(r, "Level", "0");
	ck_assert_field(r, "Task", "13824");
	ck_assert_field(r, "Opcode", "0");
	ck_assert_field(r, "Keywords", "0x8020000000000000");
	ck_assert_field(r, "ProcessID", "584");
	ck_assert_field(r, "ThreadID", "752");
	ck_assert_ptr_null(ipk_trec_get(r, "UserID"));   /* <Security/> */
	ck_assert_field(r, "TargetUserName", "$");
	ck_assert_field(r, "TargetSid",
	    "S-1-5-21-308926384-506822093-3341789130-107103");
	ck_assert_field(r, "SubjectUserSid", "S-1-5-18");
	ck_assert_field(r, "SubjectUserName", "01566S-WIN16-IR$");
	/* libevtx: 0x00000000000003e7; Windows and Sigma: 0x3e7. */
	ck_assert_field(r, "SubjectLogonId", "0x3e7");
	ck_assert_field(r, "NewUacValue", "0x15");
	ck_assert_field(r, "UserAccountControl",
	    "\r\n\t\t%%2080\r\n\t\t%%2082\r\n\t\t%%2084");
	ck_assert_field(r, "LogonHours", "%%1793");
	/* Integer fields are JSON numbers, EventData values strings. */
	ck_assert_int_eq(r->types[0], IPK_V_INT);
	ck_assert_str_eq(r->names[0], "EventID");
	ck_assert_str_eq(r->names[12], "TargetUserName");
	ck_assert_int_eq(r->types[12], IPK_V_STR);
	ck_assert_uint_eq(r->n, 12 + 26);     /* 12 System (no UserID) */
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_evtx_sysmon_and_5145)
{
	struct ipk_tset *s = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    LM_5145), NULL);
	const struct ipk_trec *r;

	/* evtxexport: 869 records in 10 chunks (7 more chunks are zeros). */
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 869);
	r = ipk_tset_nth(s, "event", 868);
	ck_assert_uint_eq(r->line, 869);
	ck_assert_field(r, "EventID", "5145");
	ck_assert_field(r, "EventRecordID", "438340");
	ck_assert_field(r, "TimeCreated", "2019-03-18T14:24:10.0636408Z");
	ck_assert_field(r, "Computer", "PC01.example.corp");
	ck_assert_field(r, "Task", "12811");
	ck_assert_field(r, "ProcessID", "536");
	ck_assert_field(r, "ThreadID", "556");
	ck_assert_field(r, "SubjectUserSid",
	    "S-1-5-21-1587066498-1489273250-1035260531-500");
	ck_assert_field(r, "SubjectLogonId", "0xfc635");
	ck_assert_field(r, "IpAddress", "10.0.2.15");
	ck_assert_field(r, "IpPort", "55632");
	ck_assert_field(r, "ShareName", "\\\\*\\C$");
	ck_assert_field(r, "ShareLocalPath", "\\??\\C:\\");
	ck_assert_field(r, "RelativeTargetName", "Windows\\Temp\\wodCmdTerm.exe");
	ck_assert_field(r, "AccessMask", "0x1200a9");      /* HexInt32 */
	ck_assert_field(r, "AccessList", "%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t"
	    "%%4416\r\n\t\t\t\t%%4419\r\n\t\t\t\t%%4421\r\n\t\t\t\t%%4423\r\n"
	    "\t\t\t\t");
	ck_assert_field(r, "AccessReason", "-");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);

	/* A Sysmon event (Sigma regression case), as evtxexport shows it. */
	s = ipk_test_parse(ipk_test_path(ipk_test_shared(), SYSMON_7), NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 1);
	r = ipk_tset_nth(s, "event", 0);
	ck_assert_field(r, "EventID", "7");
	ck_assert_field(r, "EventRecordID", "571146");
	ck_assert_field(r, "TimeCreated", "2025-11-27T07:40:10.1653240Z");
	ck_assert_field(r, "Channel", "Microsoft-Windows-Sysmon/Operational");
	ck_assert_field(r, "Provider", "Microsoft-Windows-Sysmon");
	ck_assert_field(r, "Level", "4");
	ck_assert_field(r, "UserID", "S-1-5-18");
	ck_assert_field(r, "ProcessGuid", "{0197231E-005A-6928-A50B-000000000D00}");
	ck_assert_field(r, "ProcessId", "4460");
	ck_assert_field(r, "Image", "C:\\Windows\\System32\\WerFaultSecure.exe");
	ck_assert_field(r, "ImageLoaded", "C:\\Windows\\System32\\dbgcore.dll");
	ck_assert_field(r, "Product",
	    "Microsoft\xc2\xae Windows\xc2\xae Operating System");
	ck_assert_field(r, "Signed", "true");
	ck_assert_field(r, "User", "swachchhanda\\xodih");
	ipk_tset_free(s);
}
END_TEST

/* `invpkg parse FILE.evtx --format jsonl`: one JSON line per event. */
START_TEST(test_evtx_cli_lines)
{
	const char *exe = getenv("IPK_INVPKG");
	char cmd[8192], line[65536];
	FILE *fp;
	unsigned n = 0;

	ck_assert_msg(exe != NULL, "IPK_INVPKG not set");
	snprintf(cmd, sizeof(cmd), "'%s' parse '%s' --format jsonl -q", exe,
	    ipk_test_path(ipk_test_shared(), LM_5145));
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		static const char head[] = "{\"kind\":\"event\",\"member\":"
		    "\"LM_5145_Remote_FileCopy.evtx\",\"line\":";

		ck_assert(strncmp(line, head, sizeof(head) - 1) == 0);
		ck_assert(line[strlen(line) - 1] == '\n');
		n++;
	}
	ck_assert_int_eq(pclose(fp), 0);
	ck_assert_uint_eq(n, 869);
}
END_TEST

START_TEST(test_evtx_in_zip)
{
	size_t len;
	char *data = fixture(SEC_4720, &len);
	char zpath[] = "/tmp/ipkevtxzipXXXXXX";
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct ipk_tset *s;
	const struct ipk_trec *r;
	int fd = mkstemp(zpath);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, zpath), ARCHIVE_OK);
	archive_entry_set_pathname(e, "EventLogs/Security.evtx");
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_data(a, data, len), (la_ssize_t)len);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	s = ipk_test_parse(zpath, NULL);
	unlink(zpath);
	/* Streamed from the zip member: the same 2 events and a member. */
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 2);
	r = ipk_tset_find(s, "event", "EventRecordID", "769634");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->member, "EventLogs/Security.evtx");
	ck_assert_field(r, "TargetSid",
	    "S-1-5-21-308926384-506822093-3341789130-107104");
	ck_assert_field(r, "TimeCreated", "2020-09-16T09:32:13.6471559Z");
	r = ipk_tset_find(s, "member", "path", "EventLogs/Security.evtx");
	ck_assert_field(r, "artifact", "event");
	ck_assert_field(r, "records", "2");
	ck_assert_field(r, "status", "ok");
	ipk_tset_free(s);
	free(data);
}
END_TEST

/* --- damaged real files -------------------------------------------------- */

START_TEST(test_evtx_truncated)
{
	size_t len;
	char *data = fixture(LM_5145, &len);
	struct ipk_tset *full = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    LM_5145), NULL), *s;
	size_t cut = 4096 + 65536 + 30000, i, n;

	/* Cut in the middle of chunk 1: chunk 0 whole, chunk 1 in part. */
	s = parse_bytes("Security.evtx", data, cut);
	n = ipk_tset_count(s, "event");
	ck_assert_uint_gt(n, 82);           /* chunk 0 holds 82 records */
	ck_assert_uint_lt(n, 869);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(ipk_trec_get(ipk_tset_nth(s, "event", i),
		    "EventRecordID"), ipk_trec_get(ipk_tset_nth(full, "event",
		    i), "EventRecordID"));
	ck_assert(ipk_tset_has_diag(s, "chunk 1: cut after 30000 of 65536 "
	    "bytes"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	/* Cut within the file header: no events, a failure. */
	s = parse_bytes("Security.evtx", data, 1000);
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 0);
	ck_assert(ipk_tset_has_diag(s, "cut within its 4096-byte header"));
	ipk_tset_free(s);
	ipk_tset_free(full);
	free(data);
}
END_TEST

START_TEST(test_evtx_bad_chunk)
{
	size_t len;
	char *data = fixture(LM_5145, &len);
	unsigned char *c1 = (unsigned char *)data + 4096 + 65536;
	unsigned char *c2 = c1 + 65536;
	struct ipk_tset *full = ipk_test_parse(ipk_test_path(ipk_test_shared(),
	    LM_5145), NULL), *s;
	const struct ipk_trec *r;

	/*
	 * Chunk 1 loses its signature: skipped with a warning.  Chunk 2's
	 * header checksum no longer matches (first record number changed):
	 * reported, its records still read, as libevtx does.
	 */
	memcpy(c1, "XXXXXXXX", 8);
	c2[8] ^= 0x55;
	s = parse_bytes("Security.evtx", data, len);
	ck_assert(ipk_tset_has_diag(s, "chunk 1: no chunk signature (ElfChnk); "
	    "skipped"));
	ck_assert(ipk_tset_has_diag(s, "chunk 2: header checksum mismatch; its "
	    "records are read anyway"));
	/* 869 less the 99 records of chunk 1 (evtxexport: 770 too). */
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 869 - 99);
	r = ipk_tset_nth(s, "event", 98);
	ck_assert_field(r, "EventRecordID", ipk_trec_get(ipk_tset_nth(full,
	    "event", 98 + 99), "EventRecordID"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	ipk_tset_free(full);
	free(data);
}
END_TEST

/* Offset of the n-th record (0-based) of the chunk at c. */
static unsigned char *
nth_record(unsigned char *c, unsigned n)
{
	unsigned char *p = c + 512;

	while (n-- > 0)
		p += le32(p + 4);
	ck_assert(memcmp(p, "\x2a\x2a\0\0", 4) == 0);
	return p;
}

/* 1 if an event of record identifier id (its line) was read. */
static int
has_record(const struct ipk_tset *s, unsigned long id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->r[i].kind, "event") == 0 && s->r[i].line == id)
			return 1;
	return 0;
}

START_TEST(test_evtx_bad_offsets)
{
	size_t len;
	char *data = fixture(LM_5145, &len);
	unsigned char *c0 = (unsigned char *)data + 4096;
	unsigned char *r3 = nth_record(c0, 3), *r5 = nth_record(c0, 5);
	unsigned char *r7 = nth_record(c0, 7);
	struct ipk_tset *s;

	/* Record 3 (id 4): template definition offset out of the chunk. */
	ck_assert_int_eq(r3[24 + 4], 0x0c);
	put32(r3 + 24 + 4 + 6, 0xFFFFFF00u);
	/* Record 5 (id 6): the size copy at its end disagrees. */
	put32(r5 + le32(r5 + 4) - 4, 12345);
	/* Record 7 (id 8): its template "definition" is its own header. */
	put32(r7 + 24 + 4 + 6, (uint32_t)(r7 - c0));
	s = parse_bytes("Security.evtx", data, len);
	/*
	 * Each bad record is skipped with a warning naming chunk and record;
	 * after the bad record header the walk resumes at the next record
	 * that holds together.  (libevtx's evtxexport stops the whole export
	 * at record id 4: "Unable to export file", 3 records.)
	 */
	ck_assert(ipk_tset_has_diag(s, "|4|chunk 0, record 4: template "
	    "definition offset 4294967040 out of the chunk; skipped"));
	ck_assert(ipk_tset_has_diag(s, "|0|chunk 0, offset 5416: record size and "
	    "its copy differ; skipped to the next record, at offset 6048"));
	ck_assert(ipk_tset_has_diag(s, "|8|chunk 0, record 8: template "
	    "definition at offset 6608 runs past the chunk; skipped"));
	ck_assert(ipk_tset_has_diag(s, "chunk 0: records checksum mismatch; "
	    "the records are read anyway"));
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 869 - 3);
	ck_assert(!has_record(s, 4));
	ck_assert(has_record(s, 5));
	ck_assert(!has_record(s, 6));
	ck_assert(has_record(s, 7));
	ck_assert(!has_record(s, 8));
	ck_assert(has_record(s, 9));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
	free(data);
}
END_TEST

static Suite *
evtx_suite(void)
{
	Suite *s = suite_create("evtx");
	TCase *tc = tcase_create("evtx");

	tcase_add_test(tc, test_evtx_security_4720);
	tcase_add_test(tc, test_evtx_sysmon_and_5145);
	tcase_add_test(tc, test_evtx_in_zip);
	tcase_add_test(tc, test_evtx_cli_lines);
	tcase_add_test(tc, test_evtx_truncated);
	tcase_add_test(tc, test_evtx_bad_chunk);
	tcase_add_test(tc, test_evtx_bad_offsets);
	tcase_add_test(tc, test_evtx_synthetic_types);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(evtx_suite)
