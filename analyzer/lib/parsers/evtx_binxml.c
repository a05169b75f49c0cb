/*
 * evtx_binxml.c - EVTX binary XML to event fields.
 *
 * A record's binary XML is a fragment holding a template instance:
 *
 *   0f 01 01 00                       fragment header
 *   0c 01 <id:4> <def offset:4>       template instance
 *     [<next:4> <guid:16> <size:4> <fragment>]   definition, if inline
 *     <count:4> {<size:2> <type:1> 00}*count <value bytes...>
 *   00                                end of file
 *
 * The definition is XML with substitution tokens (0d/0e <index:2>
 * <type:1>) where the values go.  We never build the XML: each template
 * definition is compiled once per chunk into a small program of field
 * operations ("field EventID = value 3", "field <Name attr> = value 12",
 * "value 18 is nested binary XML read as EventData"), cached by its offset,
 * and run against the values of every record that uses it.  Only what the
 * records carry is extracted: the System fields, EventData children and
 * the leaf elements of UserData.
 *
 * Hostile input: every offset is checked against the chunk, element depth
 * and nesting of template instances are bounded, and each record has a work
 * budget, so a definition that refers to itself ends with an error for that
 * record instead of a loop.
 */
#include "evtx.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm_hash.h"
#include "cm_limits.h"

#define NAME_SLOTS 4096           /* name cache entries per chunk */
#define PROG_SLOTS 1024           /* compiled templates per chunk */
#define ARENA_BLOCK (64 * 1024)

/* Where the children of an element stand. */
enum ctx {
	C_ROOT = 0,                  /* the record: expects <Event> */
	C_EVENT,                     /* children of <Event> */
	C_SYSTEM,                    /* children of <System> */
	C_EVENTDATA,                 /* children of <EventData>: fields */
	C_USERDATA,                  /* children of <UserData>: a wrapper */
	C_UD,                        /* below the wrapper: leaves are fields */
	C_IGNORE,                    /* nothing of interest below */
	C_COUNT
};

/* What a name means to us. */
enum role {
	R_NONE = 0, R_EVENT, R_SYSTEM, R_EVENTDATA, R_USERDATA, R_DATA, R_NAME,
	R_PROVIDER, R_EVENTID, R_LEVEL, R_TASK, R_OPCODE, R_KEYWORDS,
	R_TIMECREATED, R_SYSTEMTIME, R_EVENTRECORDID, R_EXECUTION,
	R_PROCESSID, R_THREADID, R_CHANNEL, R_COMPUTER, R_SECURITY, R_USERID
};

static const struct {
	const char *s;
	unsigned char role;
} roles[] = {
	{ "Event", R_EVENT }, { "System", R_SYSTEM },
	{ "EventData", R_EVENTDATA }, { "UserData", R_USERDATA },
	{ "Data", R_DATA }, { "Name", R_NAME }, { "Provider", R_PROVIDER },
	{ "EventID", R_EVENTID }, { "Level", R_LEVEL }, { "Task", R_TASK },
	{ "Opcode", R_OPCODE }, { "Keywords", R_KEYWORDS },
	{ "TimeCreated", R_TIMECREATED }, { "SystemTime", R_SYSTEMTIME },
	{ "EventRecordID", R_EVENTRECORDID }, { "Execution", R_EXECUTION },
	{ "ProcessID", R_PROCESSID }, { "ThreadID", R_THREADID },
	{ "Channel", R_CHANNEL }, { "Computer", R_COMPUTER },
	{ "Security", R_SECURITY }, { "UserID", R_USERID },
};

const char *const evtx_sys_names[EVTX_SYS_COUNT] = {
	"", "EventID", "TimeCreated", "EventRecordID", "Channel", "Computer",
	"Provider", "Level", "Task", "Opcode", "Keywords", "ProcessID",
	"ThreadID", "UserID"
};

/* A name of the chunk, decoded once. */
struct name {
	const char *s;               /* UTF-8, NUL-terminated */
	uint32_t len;                /* bytes */
	uint32_t hash;               /* FNV-1a of s */
	unsigned char role;          /* enum role */
};

/* A piece of a field's text. */
enum { P_TEXT, P_SUBST };
struct part {
	unsigned char kind;          /* P_TEXT or P_SUBST */
	unsigned char optional;      /* optional substitution (0e) */
	uint16_t idx;                /* P_SUBST: value index */
	uint32_t len;                /* P_TEXT: bytes */
	const char *text;            /* P_TEXT */
};

/* One operation of a compiled template. */
enum { O_FIELD, O_NESTED, O_NESTED_AT };
#define F_ATTR 1                 /* from an attribute: absent when empty */
#define F_LEAF 2                 /* a UserData leaf: dropped if not a leaf */
struct op {
	unsigned char kind;          /* O_FIELD, O_NESTED, O_NESTED_AT */
	unsigned char sys;           /* O_FIELD: enum evtx_sys, 0 for data */
	unsigned char ctx;           /* where nested content stands */
	unsigned char flags;         /* F_ATTR, F_LEAF */
	uint16_t idx;                /* O_NESTED: value index */
	uint16_t nname;              /* O_FIELD: name parts (Name="...") */
	uint32_t nval;               /* O_FIELD: value parts */
	uint32_t part0;              /* first part (name parts, then value) */
	const struct name *name;     /* O_FIELD: static name, or NULL */
	uint32_t at_off;             /* O_NESTED_AT: instance in the chunk */
	uint32_t at_len;             /* O_NESTED_AT: its bytes */
};

struct prog {
	const struct op *ops;        /* operations */
	uint32_t nops;
	const struct part *parts;    /* parts the field operations use */
	const char *err;             /* compile error, or NULL */
};

/* A bump allocator made of blocks, reset without freeing. */
struct arena_blk {
	struct arena_blk *next;      /* next block */
	size_t cap;                  /* bytes of data */
	size_t used;                 /* bytes handed out */
	/* data follows */
};

struct arena {
	struct arena_blk *first;     /* all blocks */
	struct arena_blk *cur;       /* block being filled */
	size_t total;                /* bytes handed out since the reset */
};

struct name_slot {
	uint32_t gen;                /* chunk generation it belongs to */
	uint32_t off;                /* name offset in the chunk */
	const struct name *name;
};

struct prog_slot {
	uint32_t gen;                /* chunk generation it belongs to */
	uint32_t key;                /* definition offset << 3 | ctx */
	const struct prog *prog;
};

/* A substitution value of an instance. */
struct val {
	uint32_t off;                /* offset of the bytes in the chunk */
	uint16_t size;               /* bytes */
	unsigned char type;          /* enum evtx_vtype */
};

/* An open element while compiling. */
struct frame {
	unsigned char child_ctx;     /* context of its children */
	unsigned char capturing;     /* its content is a field */
	unsigned char sys;           /* enum evtx_sys of that field */
	unsigned char leaf;          /* UserData leaf candidate */
	unsigned char data_like;     /* a <Data>: Name="..." names it */
	unsigned char parent_ctx;    /* context it stands in */
	unsigned char role;          /* role of its name */
	const struct name *name;     /* its name */
	uint32_t np0;                /* first name part */
	uint32_t nn;                 /* name parts */
	uint32_t vp0;                /* first value part */
};

struct evtx_bx {
	const unsigned char *c;      /* current chunk */
	size_t n;                    /* its bytes */
	uint32_t gen;                /* chunk generation, never 0 */
	struct arena chunk;          /* names and programs of the chunk */
	struct arena scratch;        /* per record */
	struct name_slot names[NAME_SLOTS];
	struct prog_slot progs[PROG_SLOTS];
	/* compile output, copied to an arena when done */
	struct op *ops;
	size_t nops, ops_cap;
	struct part *parts;
	size_t nparts, parts_cap;
	/* per record */
	struct evtx_event *ev;       /* fields being built */
	uint32_t budget;             /* operations left for the record */
	uint32_t chunk_budget;       /* operations left for the chunk */
	const char *err;             /* why the record failed */
	char errbuf[160];            /* room for a formatted err */
};

/* --- arena ------------------------------------------------------------ */

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_blk *b;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > CM_MAX_EVTX_ARENA || a->total + n > CM_MAX_EVTX_ARENA)
		return NULL;
	b = a->cur;
	while (b != NULL && b->cap - b->used < n) {
		b = b->next;
		if (b != NULL)
			b->used = 0;
	}
	if (b == NULL) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		/* Keep the list order: new blocks go after the current one. */
		if (a->cur != NULL) {
			b->next = a->cur->next;
			a->cur->next = b;
		} else {
			b->next = a->first;
			a->first = b;
		}
	}
	a->cur = b;
	p = (char *)(b + 1) + b->used;
	b->used += n;
	a->total += n;
	return p;
}

static void
arena_reset(struct arena *a)
{
	a->cur = a->first;
	if (a->cur != NULL)
		a->cur->used = 0;
	a->total = 0;
}

static void
arena_free(struct arena *a)
{
	struct arena_blk *b = a->first, *nb;

	while (b != NULL) {
		nb = b->next;
		free(b);
		b = nb;
	}
	memset(a, 0, sizeof(*a));
}

/* --- names ------------------------------------------------------------- */

/*
 * Decodes nchars UTF-16 units at p into a NUL-terminated UTF-8 string in
 * the arena.  NULL when out of room.
 */
static char *
arena_utf16(struct arena *a, const unsigned char *p, size_t nchars,
    uint32_t *len)
{
	struct evtx_sb sb;
	char *s;

	/* A small builder on the stack is not worth it: names are short. */
	evtx_sb_init(&sb, nchars * 3 + 1);
	evtx_utf16_append(&sb, p, nchars);
	if (sb.nomem) {
		evtx_sb_free(&sb);
		return NULL;
	}
	s = arena_alloc(a, sb.len + 1);
	if (s != NULL) {
		if (sb.len > 0)
			memcpy(s, sb.p, sb.len);
		s[sb.len] = '\0';
		*len = (uint32_t)sb.len;
	}
	evtx_sb_free(&sb);
	return s;
}

/* Bytes of the name structure at off, or 0 if it does not fit. */
static size_t
name_size(const struct evtx_bx *bx, size_t off)
{
	size_t nchars;

	if (off > bx->n || bx->n - off < 8)
		return 0;
	nchars = evtx_u16(bx->c + off + 6);
	if (bx->n - off - 8 < 2 * nchars + 2)
		return 0;
	return 8 + 2 * nchars + 2;
}

static const struct name *
get_name(struct evtx_bx *bx, uint32_t off)
{
	struct name_slot *slot;
	struct name *nm;
	uint32_t h = (off * 2654435761u) >> 20, i;
	size_t j;

	for (i = 0; i < 8; i++) {
		slot = &bx->names[(h + i) & (NAME_SLOTS - 1)];
		if (slot->gen != bx->gen)
			break;
		if (slot->off == off)
			return slot->name;
	}
	if (name_size(bx, off) == 0) {
		bx->err = "name offset out of the chunk";
		return NULL;
	}
	nm = arena_alloc(&bx->chunk, sizeof(*nm));
	if (nm == NULL || (nm->s = arena_utf16(&bx->chunk, bx->c + off + 8,
	    evtx_u16(bx->c + off + 6), &nm->len)) == NULL) {
		bx->err = "out of memory for names";
		return NULL;
	}
	nm->hash = cm_fnv1a32(nm->s, nm->len);
	nm->role = R_NONE;
	for (j = 0; j < sizeof(roles) / sizeof(roles[0]); j++) {
		if (strcmp(roles[j].s, nm->s) == 0) {
			nm->role = roles[j].role;
			break;
		}
	}
	/* Cache it if a slot of the probe window is free (else just use it). */
	if (i < 8) {
		slot->gen = bx->gen;
		slot->off = off;
		slot->name = nm;
	}
	return nm;
}

/* --- compiling a fragment into a program -------------------------------- */

struct comp {
	struct evtx_bx *bx;
	struct arena *ar;            /* where texts and the program go */
	const unsigned char *c;      /* chunk */
	size_t pos;                  /* next token */
	size_t end;                  /* end of the fragment */
	int dep;                     /* element starts carry a dependency id */
	int depth;                   /* open elements */
	/* fr[0] is the fragment itself */
	struct frame fr[CM_MAX_EVTX_ELEM_DEPTH + 1];
	int attr_capture;            /* 0, or the sys field of this attribute */
	int attr_name;               /* capturing a Name="..." attribute */
	uint32_t ap0;                /* first part of the attribute */
};

static int
fail(struct comp *cp, const char *why)
{
	if (cp->bx->err == NULL)
		cp->bx->err = why;
	return -1;
}

static int
failf(struct evtx_bx *bx, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int
failf(struct evtx_bx *bx, const char *fmt, ...)
{
	va_list ap;

	if (bx->err != NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(bx->errbuf, sizeof(bx->errbuf), fmt, ap);
	va_end(ap);
	bx->err = bx->errbuf;
	return -1;
}

static struct op *
new_op(struct comp *cp)
{
	struct evtx_bx *bx = cp->bx;

	if (bx->nops == bx->ops_cap) {
		size_t ncap = bx->ops_cap ? bx->ops_cap * 2 : 256;
		struct op *n;

		if (ncap > CM_MAX_EVTX_COMPILE)
			return NULL;
		n = realloc(bx->ops, ncap * sizeof(*n));
		if (n == NULL)
			return NULL;
		bx->ops = n;
		bx->ops_cap = ncap;
	}
	memset(&bx->ops[bx->nops], 0, sizeof(struct op));
	return &bx->ops[bx->nops++];
}

static struct part *
new_part(struct comp *cp)
{
	struct evtx_bx *bx = cp->bx;

	if (bx->nparts == bx->parts_cap) {
		size_t ncap = bx->parts_cap ? bx->parts_cap * 2 : 256;
		struct part *n;

		if (ncap > CM_MAX_EVTX_COMPILE)
			return NULL;
		n = realloc(bx->parts, ncap * sizeof(*n));
		if (n == NULL)
			return NULL;
		bx->parts = n;
		bx->parts_cap = ncap;
	}
	return &bx->parts[bx->nparts++];
}

/* 1 if text or substitutions met now belong to a field. */
static int
capturing(const struct comp *cp)
{
	return cp->attr_capture || cp->attr_name ||
	    (cp->depth > 0 && cp->fr[cp->depth].capturing);
}

static int
add_text(struct comp *cp, const char *s, uint32_t len)
{
	struct part *p;

	if (len == 0)
		return 0;
	p = new_part(cp);
	if (p == NULL)
		return fail(cp, "template too large");
	p->kind = P_TEXT;
	p->optional = 0;
	p->idx = 0;
	p->len = len;
	p->text = s;
	return 0;
}

static int
need(struct comp *cp, size_t k)
{
	if (cp->pos > cp->end || cp->end - cp->pos < k)
		return fail(cp, "binary XML runs past its end");
	return 0;
}

/* Skips a name stored inline at the current position (offset == pos). */
static int
inline_name(struct comp *cp, uint32_t off)
{
	size_t sz;

	if (off != cp->pos)
		return 0;
	sz = name_size(cp->bx, off);
	if (sz == 0 || cp->end - cp->pos < sz)
		return fail(cp, "name runs past the end");
	cp->pos += sz;
	return 0;
}

/* The extent of the template instance at p (token 0c), within [p, end). */
static int
instance_extent(struct evtx_bx *bx, size_t p, size_t end, size_t *out)
{
	const unsigned char *c = bx->c;
	size_t q = p + 10, count, i, data = 0;
	uint32_t def;

	if (end < p || end - p < 10)
		return -1;
	def = evtx_u32(c + p + 6);
	if (def == q) {
		if (end - q < 24 || end - q - 24 < evtx_u32(c + q + 20))
			return -1;
		q += 24 + evtx_u32(c + q + 20);
	}
	if (end - q < 4)
		return -1;
	count = evtx_u32(c + q);
	q += 4;
	if (count > (end - q) / 4)
		return -1;
	for (i = 0; i < count; i++)
		data += evtx_u16(c + q + 4 * i);
	q += 4 * count;
	if (data > end - q)
		return -1;
	*out = q + data - p;
	return 0;
}

/*
 * A value-carrying token (text, substitution, references, CDATA) at pos,
 * in an attribute or in content.
 */
static int
value_token(struct comp *cp, int in_attr)
{
	const unsigned char *c = cp->c;
	unsigned t = c[cp->pos] & 0xBF;
	int cap = capturing(cp);

	switch (t) {
	case 0x05: {                 /* value text */
		size_t nchars;
		uint32_t len;
		char *s;

		if (need(cp, 4) != 0)
			return -1;
		if (c[cp->pos + 1] != EVTX_V_STRING)
			return failf(cp->bx, "value text of type 0x%02x at "
			    "offset %zu", c[cp->pos + 1], cp->pos);
		nchars = evtx_u16(c + cp->pos + 2);
		if (need(cp, 4 + 2 * nchars) != 0)
			return -1;
		if (cap) {
			s = arena_utf16(cp->ar, c + cp->pos + 4, nchars, &len);
			if (s == NULL)
				return fail(cp, "out of memory for texts");
			if (add_text(cp, s, len) != 0)
				return -1;
		}
		cp->pos += 4 + 2 * nchars;
		return 0;
	}
	case 0x07: {                 /* CDATA */
		size_t nchars;
		uint32_t len;
		char *s;

		if (need(cp, 3) != 0)
			return -1;
		nchars = evtx_u16(c + cp->pos + 1);
		if (need(cp, 3 + 2 * nchars) != 0)
			return -1;
		if (cap) {
			s = arena_utf16(cp->ar, c + cp->pos + 3, nchars, &len);
			if (s == NULL)
				return fail(cp, "out of memory for texts");
			if (add_text(cp, s, len) != 0)
				return -1;
		}
		cp->pos += 3 + 2 * nchars;
		return 0;
	}
	case 0x08: {                 /* character reference */
		struct evtx_sb sb;
		char *s;

		if (need(cp, 3) != 0)
			return -1;
		if (cap) {
			char tmp[8];

			sb.p = tmp;
			sb.len = 0;
			sb.cap = sizeof(tmp);
			sb.max = sizeof(tmp);
			sb.overflow = sb.nomem = 0;
			evtx_sb_utf8(&sb, evtx_u16(c + cp->pos + 1));
			s = arena_alloc(cp->ar, sb.len);
			if (s == NULL)
				return fail(cp, "out of memory for texts");
			memcpy(s, tmp, sb.len);
			if (add_text(cp, s, (uint32_t)sb.len) != 0)
				return -1;
		}
		cp->pos += 3;
		return 0;
	}
	case 0x09: {                 /* entity reference */
		static const struct {
			const char *name, *text;
		} ents[] = {
			{ "amp", "&" }, { "lt", "<" }, { "gt", ">" },
			{ "quot", "\"" }, { "apos", "'" },
		};
		const struct name *nm;
		uint32_t off;
		size_t i;

		if (need(cp, 5) != 0)
			return -1;
		off = evtx_u32(c + cp->pos + 1);
		cp->pos += 5;
		if (inline_name(cp, off) != 0 ||
		    (nm = get_name(cp->bx, off)) == NULL)
			return -1;
		if (!cap)
			return 0;
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
			if (strcmp(nm->s, ents[i].name) == 0)
				return add_text(cp, ents[i].text,
				    (uint32_t)strlen(ents[i].text));
		/* Unknown entity: keep it as written. */
		if (add_text(cp, "&", 1) != 0 ||
		    add_text(cp, nm->s, nm->len) != 0)
			return -1;
		return add_text(cp, ";", 1);
	}
	case 0x0d:
	case 0x0e: {                 /* substitution */
		uint16_t idx;

		if (need(cp, 4) != 0)
			return -1;
		idx = evtx_u16(c + cp->pos + 1);
		cp->pos += 4;
		if (cap) {
			struct part *p = new_part(cp);

			if (p == NULL)
				return fail(cp, "template too large");
			p->kind = P_SUBST;
			p->optional = t == 0x0e;
			p->idx = idx;
			p->len = 0;
			p->text = NULL;
			return 0;
		}
		if (!in_attr) {
			unsigned char ctx = cp->fr[cp->depth].child_ctx;

			/* Content of an uncaptured element may be nested XML. */
			if (ctx != C_IGNORE && ctx != C_SYSTEM) {
				struct op *o = new_op(cp);

				if (o == NULL)
					return fail(cp, "template too large");
				o->kind = O_NESTED;
				o->ctx = ctx;
				o->idx = idx;
			}
		}
		return 0;
	}
	default:
		return failf(cp->bx, "unexpected token 0x%02x at offset %zu",
		    c[cp->pos], cp->pos);
	}
}

static unsigned char
sys_text_role(unsigned char role)
{
	switch (role) {
	case R_EVENTID: return EVTX_SYS_EVENTID;
	case R_LEVEL: return EVTX_SYS_LEVEL;
	case R_TASK: return EVTX_SYS_TASK;
	case R_OPCODE: return EVTX_SYS_OPCODE;
	case R_KEYWORDS: return EVTX_SYS_KEYWORDS;
	case R_EVENTRECORDID: return EVTX_SYS_RECORDID;
	case R_CHANNEL: return EVTX_SYS_CHANNEL;
	case R_COMPUTER: return EVTX_SYS_COMPUTER;
	default: return EVTX_SYS_NONE;
	}
}

static unsigned char
sys_attr_role(unsigned char elem, unsigned char attr)
{
	if (elem == R_PROVIDER && attr == R_NAME)
		return EVTX_SYS_PROVIDER;
	if (elem == R_TIMECREATED && attr == R_SYSTEMTIME)
		return EVTX_SYS_TIMECREATED;
	if (elem == R_EXECUTION && attr == R_PROCESSID)
		return EVTX_SYS_PROCESSID;
	if (elem == R_EXECUTION && attr == R_THREADID)
		return EVTX_SYS_THREADID;
	if (elem == R_SECURITY && attr == R_USERID)
		return EVTX_SYS_USERID;
	return EVTX_SYS_NONE;
}

/* Opens an element frame for name nm below the current top. */
static int
push_element(struct comp *cp, const struct name *nm)
{
	struct frame *p = &cp->fr[cp->depth], *f;
	unsigned char pc = p->child_ctx;

	if (cp->depth >= CM_MAX_EVTX_ELEM_DEPTH)
		return fail(cp, "elements nested too deep");
	/* A leaf candidate with a child is no leaf. */
	if (p->capturing && p->leaf)
		p->capturing = 0;
	f = &cp->fr[++cp->depth];
	memset(f, 0, sizeof(*f));
	f->parent_ctx = pc;
	f->role = nm->role;
	f->name = nm;
	f->child_ctx = C_IGNORE;
	switch (pc) {
	case C_ROOT:
		if (nm->role == R_EVENT)
			f->child_ctx = C_EVENT;
		break;
	case C_EVENT:
		if (nm->role == R_SYSTEM)
			f->child_ctx = C_SYSTEM;
		else if (nm->role == R_EVENTDATA)
			f->child_ctx = C_EVENTDATA;
		else if (nm->role == R_USERDATA)
			f->child_ctx = C_USERDATA;
		break;
	case C_SYSTEM:
		f->sys = sys_text_role(nm->role);
		f->capturing = f->sys != EVTX_SYS_NONE;
		break;
	case C_EVENTDATA:
		f->capturing = 1;
		f->data_like = nm->role == R_DATA;
		break;
	case C_USERDATA:
		f->child_ctx = C_UD;
		break;
	case C_UD:
		f->child_ctx = C_UD;
		f->capturing = 1;
		f->leaf = 1;
		f->data_like = nm->role == R_DATA;
		break;
	default:
		break;
	}
	return 0;
}

/* Closes the top element, emitting its field. */
static int
pop_element(struct comp *cp)
{
	struct frame *f = &cp->fr[cp->depth];

	if (f->capturing) {
		struct op *o = new_op(cp);

		if (o == NULL)
			return fail(cp, "template too large");
		o->kind = O_FIELD;
		o->sys = f->sys;
		o->ctx = f->child_ctx;
		o->flags = f->leaf ? F_LEAF : 0;
		o->nname = (uint16_t)f->nn;
		o->part0 = f->nn > 0 ? f->np0 : f->vp0;
		if (f->nn > 0 && f->np0 + f->nn != f->vp0) {
			/* Name and value parts must be adjacent. */
			return fail(cp, "malformed Data element");
		}
		o->nval = (uint32_t)(cp->bx->nparts - f->vp0);
		o->name = f->data_like ? NULL : f->name;
		if (f->nn == 1 && cp->bx->parts[f->np0].kind == P_TEXT) {
			/* Name="Static": resolve it now, not per record. */
			const struct part *np = &cp->bx->parts[f->np0];
			struct name *nm = arena_alloc(cp->ar, sizeof(*nm));
			char *t = arena_alloc(cp->ar, np->len + 1);

			if (nm == NULL || t == NULL)
				return fail(cp, "out of memory for names");
			memcpy(t, np->text, np->len);
			t[np->len] = '\0';
			nm->s = t;
			nm->len = np->len;
			nm->hash = cm_fnv1a32(t, np->len);
			nm->role = R_NONE;
			o->name = nm;
			o->nname = 0;
			o->part0 = f->vp0;
		}
	}
	cp->depth--;
	return 0;
}

static int
attribute(struct comp *cp)
{
	const unsigned char *c = cp->c;
	struct frame *f = &cp->fr[cp->depth];
	const struct name *nm;
	uint32_t off;
	unsigned char sys;

	if (need(cp, 5) != 0)
		return -1;
	off = evtx_u32(c + cp->pos + 1);
	cp->pos += 5;
	if (inline_name(cp, off) != 0 || (nm = get_name(cp->bx, off)) == NULL)
		return -1;
	cp->attr_capture = 0;
	cp->attr_name = 0;
	sys = f->parent_ctx == C_SYSTEM ? sys_attr_role(f->role, nm->role) :
	    EVTX_SYS_NONE;
	cp->ap0 = (uint32_t)cp->bx->nparts;
	if (sys != EVTX_SYS_NONE)
		cp->attr_capture = sys;
	else if (f->capturing && f->data_like && nm->role == R_NAME &&
	    f->nn == 0)
		cp->attr_name = 1;
	while (cp->pos < cp->end) {
		unsigned t = c[cp->pos] & 0xBF;

		if (t != 0x05 && t != 0x08 && t != 0x09 && t != 0x0d &&
		    t != 0x0e)
			break;
		if (value_token(cp, 1) != 0)
			return -1;
	}
	if (cp->attr_capture) {
		struct op *o = new_op(cp);

		if (o == NULL)
			return fail(cp, "template too large");
		o->kind = O_FIELD;
		o->sys = (unsigned char)cp->attr_capture;
		o->flags = F_ATTR;
		o->part0 = cp->ap0;
		o->nval = (uint32_t)(cp->bx->nparts - cp->ap0);
	} else if (cp->attr_name) {
		f->np0 = cp->ap0;
		f->nn = (uint32_t)(cp->bx->nparts - cp->ap0);
		if (f->nn > 0xFFFF)
			return fail(cp, "Name attribute too long");
	}
	cp->attr_capture = 0;
	cp->attr_name = 0;
	return 0;
}

static int
element_start(struct comp *cp)
{
	const unsigned char *c = cp->c;
	unsigned t = c[cp->pos];
	const struct name *nm;
	uint32_t off;
	size_t hdr = cp->dep ? 11 : 9;

	if (need(cp, hdr) != 0)
		return -1;
	off = evtx_u32(c + cp->pos + hdr - 4);
	cp->pos += hdr;
	if (inline_name(cp, off) != 0 || (nm = get_name(cp->bx, off)) == NULL)
		return -1;
	if (t & 0x40) {
		if (need(cp, 4) != 0)
			return -1;
		cp->pos += 4;       /* attribute list size */
	}
	if (push_element(cp, nm) != 0)
		return -1;
	while (cp->pos < cp->end && (c[cp->pos] & 0xBF) == 0x06)
		if (attribute(cp) != 0)
			return -1;
	if (need(cp, 1) != 0)
		return -1;
	cp->fr[cp->depth].vp0 = (uint32_t)cp->bx->nparts;
	if (c[cp->pos] == 0x02) {
		cp->pos++;
		return 0;
	}
	if (c[cp->pos] == 0x03) {
		cp->pos++;
		return pop_element(cp);
	}
	return failf(cp->bx, "token 0x%02x where an element start ends, "
	    "offset %zu", c[cp->pos], cp->pos);
}

/*
 * Compiles the fragment c[pos..end) read in context ctx.  Returns the
 * program (in arena ar), or NULL with bx->err set.
 */
static struct prog *
compile(struct evtx_bx *bx, struct arena *ar, size_t pos, size_t end,
    unsigned char ctx, int dep)
{
	struct comp cp;
	struct prog *pg;
	struct op *ops;
	struct part *parts;

	bx->nops = 0;
	bx->nparts = 0;
	memset(&cp, 0, sizeof(cp));
	cp.bx = bx;
	cp.ar = ar;
	cp.c = bx->c;
	cp.pos = pos;
	cp.end = end;
	cp.dep = dep;
	cp.fr[0].child_ctx = ctx;
	cp.fr[0].parent_ctx = ctx;
	while (cp.pos < cp.end) {
		unsigned t = cp.c[cp.pos];

		switch (t & 0xBF) {
		case 0x00:
			if (cp.depth != 0)
				return fail(&cp, "end of fragment inside an "
				    "element"), NULL;
			cp.pos = cp.end;
			break;
		case 0x0f:
			if (need(&cp, 4) != 0)
				return NULL;
			cp.pos += 4;
			break;
		case 0x01:
			if (element_start(&cp) != 0)
				return NULL;
			break;
		case 0x04:
			if (cp.depth == 0)
				return fail(&cp, "end of an element never "
				    "opened"), NULL;
			cp.pos++;
			if (pop_element(&cp) != 0)
				return NULL;
			break;
		case 0x0a:                  /* PI target */
			if (need(&cp, 5) != 0)
				return NULL;
			cp.pos += 5;
			if (inline_name(&cp, evtx_u32(cp.c + cp.pos - 4)) != 0)
				return NULL;
			break;
		case 0x0b:                  /* PI data */
			if (need(&cp, 3) != 0 ||
			    need(&cp, 3 + 2 * (size_t)evtx_u16(cp.c + cp.pos + 1))
			    != 0)
				return NULL;
			cp.pos += 3 + 2 * (size_t)evtx_u16(cp.c + cp.pos + 1);
			break;
		case 0x0c: {                /* an instance inside: static values */
			size_t len;
			unsigned char cc = cp.fr[cp.depth].child_ctx;

			if (instance_extent(bx, cp.pos, cp.end, &len) != 0)
				return fail(&cp, "template instance runs past "
				    "its end"), NULL;
			if (cc != C_IGNORE && cc != C_SYSTEM) {
				struct op *o = new_op(&cp);

				if (o == NULL)
					return fail(&cp, "template too large"),
					    NULL;
				o->kind = O_NESTED_AT;
				o->ctx = cc;
				o->at_off = (uint32_t)cp.pos;
				o->at_len = (uint32_t)len;
			}
			cp.pos += len;
			break;
		}
		default:
			if (value_token(&cp, 0) != 0)
				return NULL;
			break;
		}
	}
	if (cp.depth != 0)
		return fail(&cp, "element not closed at the end of the "
		    "fragment"), NULL;
	pg = arena_alloc(ar, sizeof(*pg));
	ops = arena_alloc(ar, bx->nops * sizeof(*ops) + 1);
	parts = arena_alloc(ar, bx->nparts * sizeof(*parts) + 1);
	if (pg == NULL || ops == NULL || parts == NULL)
		return fail(&cp, "out of memory for templates"), NULL;
	if (bx->nops > 0)
		memcpy(ops, bx->ops, bx->nops * sizeof(*ops));
	if (bx->nparts > 0)
		memcpy(parts, bx->parts, bx->nparts * sizeof(*parts));
	pg->ops = ops;
	pg->nops = (uint32_t)bx->nops;
	pg->parts = parts;
	pg->err = NULL;
	return pg;
}

/* The program of the template definition at def, read in context ctx. */
static const struct prog *
get_prog(struct evtx_bx *bx, uint32_t def, unsigned char ctx)
{
	uint32_t key = (def << 3) | ctx, h = (key * 2654435761u) >> 22, i;
	struct prog_slot *slot = NULL;
	const struct prog *pg;
	size_t size;

	for (i = 0; i < 8; i++) {
		slot = &bx->progs[(h + i) & (PROG_SLOTS - 1)];
		if (slot->gen != bx->gen)
			break;
		if (slot->key == key) {
			if (slot->prog->err != NULL) {
				bx->err = slot->prog->err;
				return NULL;
			}
			return slot->prog;
		}
	}
	if ((size_t)def > bx->n || bx->n - def < 24)
		return (void)failf(bx, "template definition offset %u out of "
		    "the chunk", (unsigned)def), NULL;
	size = evtx_u32(bx->c + def + 20);
	if (size > bx->n - def - 24)
		return (void)failf(bx, "template definition at offset %u "
		    "runs past the chunk", (unsigned)def), NULL;
	pg = compile(bx, &bx->chunk, def + 24, def + 24 + size, ctx, 1);
	if (i < 8) {
		struct prog *bad;

		if (pg == NULL) {
			/* Remember the failure: later records fail fast. */
			bad = arena_alloc(&bx->chunk, sizeof(*bad));
			if (bad == NULL)
				return NULL;
			memset(bad, 0, sizeof(*bad));
			bad->err = bx->err;
			/* A formatted message lives in errbuf: copy it. */
			if (bx->err == bx->errbuf) {
				char *s = arena_alloc(&bx->chunk,
				    strlen(bx->errbuf) + 1);

				if (s != NULL) {
					strcpy(s, bx->errbuf);
					bad->err = s;
				} else {
					bad->err = "bad template definition";
				}
			}
			pg = bad;
		}
		slot->gen = bx->gen;
		slot->key = key;
		slot->prog = pg;
		if (pg->err != NULL)
			return NULL;
	}
	return pg;
}

/* --- running a program ------------------------------------------------ */

static int eval_fragment(struct evtx_bx *bx, size_t off, size_t len,
    unsigned char ctx, int depth, int dep);

static int
spend(struct evtx_bx *bx, uint32_t n)
{
	if (bx->budget < n) {
		if (bx->err == NULL)
			bx->err = bx->chunk_budget <= CM_EVTX_RECORD_BUDGET ?
			    "the chunk needs too much work (templates that "
			    "fan out?)" : "record needs too much work (a "
			    "template loop?)";
		return -1;
	}
	bx->budget -= n;
	return 0;
}

/* Appends one value's text; arrays are joined with ", ". */
static void
value_append(struct evtx_bx *bx, const struct val *v)
{
	struct evtx_sb *sb = &bx->ev->text;
	const unsigned char *p = bx->c + v->off;

	if (v->type & EVTX_V_ARRAY) {
		const unsigned char *ip;
		size_t pos = 0, in;
		int first = 1;

		while (evtx_array_next(v->type & 0x7F, p, v->size, &pos, &ip,
		    &in)) {
			if (!first)
				evtx_sb_add(sb, ", ", 2);
			first = 0;
			evtx_value_text(sb, v->type & 0x7F, ip, in);
		}
		return;
	}
	evtx_value_text(sb, v->type, p, v->size);
}

static uint32_t sys_hash[EVTX_SYS_COUNT];     /* FNV-1a of the names */
static uint32_t sys_len[EVTX_SYS_COUNT];      /* their lengths */
static uint64_t sys_names_filter[4];          /* their filter bits */
static uint32_t data_hash;                    /* FNV-1a of "Data" */
static pthread_once_t sys_once = PTHREAD_ONCE_INIT;

static void
sys_init(void)
{
	size_t i;

	data_hash = cm_fnv1a32("Data", 4);
	for (i = 1; i < EVTX_SYS_COUNT; i++) {
		sys_len[i] = (uint32_t)strlen(evtx_sys_names[i]);
		sys_hash[i] = cm_fnv1a32(evtx_sys_names[i], sys_len[i]);
		sys_names_filter[(sys_hash[i] & 255) >> 6] |=
		    (uint64_t)1 << (sys_hash[i] & 63);
	}
}

/* 1 if a field of that name is already in the event. */
static int
name_taken(const struct evtx_event *ev, const char *s, size_t n, uint32_t h)
{
	size_t i;

	/* Most names are new: the filter says so without a look. */
	if (!(ev->names[(h & 255) >> 6] & ((uint64_t)1 << (h & 63))))
		return 0;
	for (i = 1; i < EVTX_SYS_COUNT; i++)
		if (sys_hash[i] == h && strlen(evtx_sys_names[i]) == n &&
		    memcmp(evtx_sys_names[i], s, n) == 0)
			return 1;
	for (i = 0; i < ev->ndata; i++) {
		const struct evtx_field *f = &ev->data[i];
		const char *fs = f->name != NULL ? f->name :
		    ev->text.p + f->name_off;

		if (f->hash == h && f->name_len == n && memcmp(fs, s, n) == 0)
			return 1;
	}
	return 0;
}

/* Adds the data field being built in the free slot f. */
static int
add_data_field(struct evtx_bx *bx, struct evtx_field *f)
{
	struct evtx_event *ev = bx->ev;
	const char *s = f->name != NULL ? f->name : ev->text.p + f->name_off;
	size_t n = f->name_len;

	if (ev->ndata >= CM_MAX_FIELDS - EVTX_SYS_COUNT) {
		ev->cut = 1;
		return 0;
	}
	if (name_taken(ev, s, n, f->hash)) {
		/*
		 * A repeated name: Name_2, Name_3...  The next suffix to try
		 * is remembered per name, so a record of many repeats does
		 * not search from _2 each time.
		 */
		char tmp[16];
		unsigned k;
		size_t start = ev->text.len, t = 0, d;

		for (d = 0; d < ev->ndup; d++)
			if (ev->dup_hash[d] == f->hash)
				break;
		if (d == ev->ndup) {
			if (ev->ndup == ev->dup_cap) {
				size_t ncap = ev->dup_cap ? ev->dup_cap * 2 : 16;
				uint32_t *nh = realloc(ev->dup_hash,
				    ncap * sizeof(*nh));
				uint32_t *nn;

				if (nh == NULL) {
					ev->cut = 1;
					return 0;
				}
				ev->dup_hash = nh;
				nn = realloc(ev->dup_next, ncap * sizeof(*nn));
				if (nn == NULL) {
					ev->cut = 1;
					return 0;
				}
				ev->dup_next = nn;
				ev->dup_cap = ncap;
			}
			ev->dup_hash[d] = f->hash;
			ev->dup_next[d] = 2;
			ev->ndup++;
		}
		/* Room first: the name may live in the text being grown. */
		if (!evtx_sb_room(&ev->text, n + sizeof(tmp)))
			return 0;
		s = f->name != NULL ? f->name : ev->text.p + f->name_off;
		for (k = ev->dup_next[d]; k < 100000; k++) {
			t = (size_t)snprintf(tmp, sizeof(tmp), "_%u", k);
			ev->text.len = start;
			evtx_sb_add(&ev->text, s, n);
			evtx_sb_add(&ev->text, tmp, t);
			if (!name_taken(ev, ev->text.p + start, n + t,
			    cm_fnv1a32(ev->text.p + start, n + t)))
				break;
		}
		ev->dup_next[d] = k + 1;
		evtx_sb_addc(&ev->text, '\0');
		if (ev->text.overflow || ev->text.nomem)
			return 0;
		f->name = NULL;
		f->name_off = (uint32_t)start;
		f->name_len = (uint32_t)(n + t);
		f->hash = cm_fnv1a32(ev->text.p + start, n + t);
	}
	/* f is the free slot at ev->data[ev->ndata]: take it. */
	ev->ndata++;
	ev->names[(f->hash & 255) >> 6] |= (uint64_t)1 << (f->hash & 63);
	return 0;
}

/* The next free data field slot (filled in place), or NULL. */
static struct evtx_field *
data_slot(struct evtx_event *ev)
{
	if (ev->ndata == ev->data_cap) {
		size_t ncap = ev->data_cap ? ev->data_cap * 2 : 64;
		struct evtx_field *nd = realloc(ev->data, ncap * sizeof(*nd));

		if (nd == NULL)
			return NULL;
		ev->data = nd;
		ev->data_cap = ncap;
	}
	return &ev->data[ev->ndata];
}

static int
run_field(struct evtx_bx *bx, const struct prog *pg, const struct op *o,
    const struct val *vals, uint32_t nvals, int depth)
{
	struct evtx_event *ev = bx->ev;
	struct evtx_sb *sb = &ev->text;
	const struct part *pp = pg->parts + o->part0;
	const struct part *vp = pp + o->nname;
	struct evtx_field *f;
	size_t mark = sb->len, vstart;
	uint32_t i, nitems = 0;
	int drop = 0;

	if (spend(bx, 1 + o->nname + o->nval) != 0)
		return -1;
	/*
	 * The field is built in place (in its System slot, or the next data
	 * slot), not on the stack and copied: that copy was a store-forwarding
	 * stall on the hot path.
	 */
	if (o->sys != EVTX_SYS_NONE) {
		if (ev->has_sys[o->sys])
			return 0;   /* the first one counts */
		f = &ev->sys[o->sys];
		f->name = evtx_sys_names[o->sys];
		f->name_len = sys_len[o->sys];
		f->name_off = 0;
		f->hash = sys_hash[o->sys];
	} else if ((f = data_slot(ev)) == NULL) {
		ev->cut = 1;
		return 0;
	} else if (o->name != NULL) {
		f->name = o->name->s;
		f->name_len = o->name->len;
		f->hash = o->name->hash;
	} else if (o->nname > 0) {
		for (i = 0; i < o->nname; i++) {
			if (pp[i].kind == P_TEXT)
				evtx_sb_add(sb, pp[i].text, pp[i].len);
			else if (pp[i].idx < nvals &&
			    vals[pp[i].idx].type != EVTX_V_BINXML)
				value_append(bx, &vals[pp[i].idx]);
		}
		f->name_off = (uint32_t)mark;
		f->name_len = (uint32_t)(sb->len - mark);
		if (f->name_len == 0) {
			f->name = "Data";
			f->name_len = 4;
			f->hash = data_hash;
		} else {
			f->name = NULL;            /* in the text */
			f->hash = cm_fnv1a32(sb->p + mark, f->name_len);
			evtx_sb_addc(sb, '\0');   /* names are C strings */
		}
	} else {
		f->name = "Data";
		f->name_len = 4;
		f->hash = data_hash;
	}
	/* The value. */
	vstart = sb->len;
	if (o->nval == 1 && vp[0].kind == P_SUBST && vp[0].idx < nvals &&
	    (vals[vp[0].idx].type & EVTX_V_ARRAY) && o->sys == EVTX_SYS_NONE &&
	    (vals[vp[0].idx].type & 0x7F) != EVTX_V_BINXML) {
		/* An array alone in a field: a list. */
		const struct val *v = &vals[vp[0].idx];
		const unsigned char *ip;
		size_t pos = 0, in;

		while (evtx_array_next(v->type & 0x7F, bx->c + v->off, v->size,
		    &pos, &ip, &in)) {
			evtx_value_text(sb, v->type & 0x7F, ip, in);
			evtx_sb_addc(sb, '\0');
			nitems++;
		}
		/* An empty array is an empty field, not an empty list. */
	} else {
		for (i = 0; i < o->nval; i++) {
			const struct val *v;

			if (vp[i].kind == P_TEXT) {
				evtx_sb_add(sb, vp[i].text, vp[i].len);
				continue;
			}
			/*
			 * An optional substitution without a value: the
			 * element is not created (Windows and libevtx).
			 */
			if (vp[i].optional && (vp[i].idx >= nvals ||
			    vals[vp[i].idx].type == EVTX_V_NULL))
				drop = 1;
			if (vp[i].idx >= nvals)
				continue;
			v = &vals[vp[i].idx];
			if (v->type == EVTX_V_BINXML) {
				/*
				 * Elements inside: no leaf; read them.  They may
				 * add data fields, in the slot this one is
				 * built in: keep it aside meanwhile.
				 */
				struct evtx_field keep = *f;

				if (o->flags & F_LEAF)
					drop = 1;
				if (eval_fragment(bx, v->off, v->size, o->ctx,
				    depth + 1, 0) != 0)
					return -1;
				if (o->sys == EVTX_SYS_NONE &&
				    (f = data_slot(ev)) == NULL) {
					ev->cut = 1;
					return 0;
				}
				*f = keep;
				continue;
			}
			value_append(bx, v);
		}
	}
	if (sb->overflow || sb->nomem) {
		ev->cut = 1;
		return 0;
	}
	if (drop || ((o->flags & F_ATTR) && sb->len == vstart)) {
		sb->len = mark;
		return 0;
	}
	f->value = (uint32_t)vstart;
	f->value_len = (uint32_t)(sb->len - vstart);
	f->nitems = nitems;
	if (o->sys != EVTX_SYS_NONE) {
		ev->has_sys[o->sys] = 1;
		return 0;
	}
	return add_data_field(bx, f);
}

static int
run(struct evtx_bx *bx, const struct prog *pg, const struct val *vals,
    uint32_t nvals, int depth)
{
	uint32_t i;

	for (i = 0; i < pg->nops; i++) {
		const struct op *o = &pg->ops[i];

		switch (o->kind) {
		case O_FIELD:
			if (run_field(bx, pg, o, vals, nvals, depth) != 0)
				return -1;
			break;
		case O_NESTED:
			if (spend(bx, 1) != 0)
				return -1;
			if (o->idx < nvals && vals[o->idx].type == EVTX_V_BINXML &&
			    eval_fragment(bx, vals[o->idx].off,
			    vals[o->idx].size, o->ctx, depth + 1, 0) != 0)
				return -1;
			break;
		case O_NESTED_AT:
			if (spend(bx, 1) != 0 ||
			    eval_fragment(bx, o->at_off, o->at_len, o->ctx,
			    depth + 1, 1) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

/* Reads the template instance at p (token 0c) ending by end and runs it. */
static int
eval_instance(struct evtx_bx *bx, size_t p, size_t end, unsigned char ctx,
    int depth)
{
	const unsigned char *c = bx->c;
	const struct prog *pg;
	struct val *vals;
	size_t q = p + 10, count, i, data;
	uint32_t def;

	if (end - p < 10)
		return failf(bx, "template instance cut at offset %zu", p);
	def = evtx_u32(c + p + 6);
	if (def == q) {
		if (end - q < 24 || end - q - 24 < evtx_u32(c + q + 20))
			return failf(bx, "inline template definition runs past "
			    "the record (offset %zu)", q);
		q += 24 + evtx_u32(c + q + 20);
	}
	pg = get_prog(bx, def, ctx);
	if (pg == NULL)
		return -1;
	if (end - q < 4)
		return failf(bx, "template values cut at offset %zu", q);
	count = evtx_u32(c + q);
	q += 4;
	if (count > (end - q) / 4)
		return failf(bx, "%zu template values do not fit the record "
		    "(offset %zu)", count, q);
	if (spend(bx, (uint32_t)count) != 0)
		return -1;
	vals = arena_alloc(&bx->scratch, count * sizeof(*vals) + 1);
	if (vals == NULL)
		return failf(bx, "out of memory for %zu values", count);
	data = q + 4 * count;
	for (i = 0; i < count; i++) {
		uint16_t size = evtx_u16(c + q + 4 * i);

		if (size > end - data)
			return failf(bx, "template value %zu runs past the record "
			    "(offset %zu)", i, data);
		vals[i].off = (uint32_t)data;
		vals[i].size = size;
		vals[i].type = c[q + 4 * i + 2];
		data += size;
	}
	return run(bx, pg, vals, (uint32_t)count, depth);
}

/*
 * Reads the binary XML c[off..off+len) in context ctx: a fragment holding
 * a template instance or elements.  dep: element starts carry a
 * dependency identifier (not so in nested binary XML values).
 */
static int
eval_fragment(struct evtx_bx *bx, size_t off, size_t len, unsigned char ctx,
    int depth, int dep)
{
	size_t end = off + len, p = off;

	if (depth > CM_MAX_EVTX_NEST)
		return failf(bx, "binary XML nested more than %d deep (offset "
		    "%zu): a template loop?", CM_MAX_EVTX_NEST, off);
	if (off > bx->n || len > bx->n - off)
		return failf(bx, "binary XML out of the chunk (%u bytes at "
		    "offset %zu)", (unsigned)len, off);
	if (spend(bx, 1) != 0)
		return -1;
	while (p < end && bx->c[p] == 0x0f) {
		if (end - p < 4)
			return failf(bx, "fragment header cut at offset %zu",
			    p);
		p += 4;
	}
	if (p >= end || bx->c[p] == 0x00)
		return 0;
	if (bx->c[p] == 0x0c)
		return eval_instance(bx, p, end, ctx, depth);
	if ((bx->c[p] & 0xBF) == 0x01) {
		const struct prog *pg = compile(bx, &bx->scratch, p, end, ctx,
		    dep);

		if (pg == NULL)
			return -1;
		return run(bx, pg, NULL, 0, depth);
	}
	return failf(bx, "binary XML starts with token 0x%02x (offset %zu)",
	    bx->c[p], p);
}

/* --- public ------------------------------------------------------------ */

struct evtx_bx *
evtx_bx_new(void)
{
	pthread_once(&sys_once, sys_init);
	return calloc(1, sizeof(struct evtx_bx));
}

void
evtx_bx_free(struct evtx_bx **pbx)
{
	struct evtx_bx *bx;

	if (pbx == NULL || *pbx == NULL)
		return;
	bx = *pbx;
	arena_free(&bx->chunk);
	arena_free(&bx->scratch);
	free(bx->ops);
	free(bx->parts);
	free(bx);
	*pbx = NULL;
}

void
evtx_bx_chunk(struct evtx_bx *bx, const unsigned char *c, size_t n)
{
	bx->c = c;
	bx->n = n;
	if (++bx->gen == 0) {
		/* Wrapped: old stamps could look current; clear them. */
		memset(bx->names, 0, sizeof(bx->names));
		memset(bx->progs, 0, sizeof(bx->progs));
		bx->gen = 1;
	}
	arena_reset(&bx->chunk);
	bx->chunk_budget = CM_EVTX_CHUNK_BUDGET;
}

void
evtx_event_init(struct evtx_event *ev, size_t max_text)
{
	memset(ev, 0, sizeof(*ev));
	evtx_sb_init(&ev->text, max_text);
}

void
evtx_event_free(struct evtx_event *ev)
{
	evtx_sb_free(&ev->text);
	free(ev->data);
	free(ev->dup_hash);
	free(ev->dup_next);
	memset(ev, 0, sizeof(*ev));
}

int
evtx_bx_record(struct evtx_bx *bx, const struct evtx_record *r,
    struct evtx_event *ev, char *err, size_t errlen)
{
	uint32_t start;
	int rc;

	ev->text.len = 0;
	ev->text.overflow = 0;
	ev->text.nomem = 0;
	ev->ndata = 0;
	ev->ndup = 0;
	ev->cut = 0;
	memset(ev->has_sys, 0, sizeof(ev->has_sys));
	memcpy(ev->names, sys_names_filter, sizeof(ev->names));
	bx->ev = ev;
	/*
	 * Work is bounded per record and per chunk, so that templates that
	 * fan out into each other cost a hostile file no more than about a
	 * second per chunk.
	 */
	bx->budget = bx->chunk_budget < CM_EVTX_RECORD_BUDGET ?
	    bx->chunk_budget : CM_EVTX_RECORD_BUDGET;
	start = bx->budget;
	bx->err = NULL;
	arena_reset(&bx->scratch);
	rc = eval_fragment(bx, r->xml_off, r->xml_len, C_ROOT, 0, 1);
	bx->chunk_budget -= start - bx->budget;
	if (rc != 0) {
		snprintf(err, errlen, "%s", bx->err != NULL ? bx->err :
		    "unreadable binary XML");
		return -1;
	}
	if (ev->text.nomem) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
