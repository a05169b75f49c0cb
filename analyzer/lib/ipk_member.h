/*
 * ipk_member.h - the state behind one package and one member while it is
 * read (package.c opens sources, member.c dispatches to parsers and holds
 * the record builder).  Internal.
 */
#ifndef IPK_MEMBER_H
#define IPK_MEMBER_H

#include "ipk_private.h"
#include "cm_sha256.h"

struct archive;

/* Where a member's bytes come from. */
struct ipk_source {
	struct archive *ar;       /* zip member: libarchive handle, or NULL */
	FILE *fp;                 /* file member, or NULL */
	const unsigned char *mem; /* memory member, or NULL */
	size_t memlen;            /* its bytes */
	size_t mempos;            /* next byte to read */
	uint64_t declared;        /* size from the zip header/stat, 0 if unknown */
	uint64_t compressed;      /* compressed size if known, 0 otherwise */
};

struct ipk_stream {
	struct ipk_source *src;   /* byte source */
	struct ipk_pctx *ctx;     /* for diagnostics */
	struct cm_sha256 sha;     /* digest of every byte read */
	uint64_t off;             /* bytes delivered to the parser */
	uint64_t nread;           /* bytes read from the source */
	unsigned char *head;      /* bytes read ahead for sniffing */
	size_t head_len;          /* valid bytes in head */
	size_t head_pos;          /* next head byte to deliver */
	int error;                /* a read failed (reported once) */
	int limit_hit;            /* a size or ratio limit stopped reading */
};

struct ipk_fslot {
	size_t name;              /* offset of the name in data */
	size_t value;             /* offset of the value in data */
	size_t len;               /* value bytes */
	enum ipk_vtype type;      /* value type */
	size_t nitems;            /* list items */
};

struct ipk_pctx {
	struct ipk_package *pkg;  /* the package being read */
	const char *member;       /* member path */
	const struct ipk_parser *parser; /* parser at work, or NULL */
	struct ipk_tally *tally;  /* tally of the parser's kind */
	const char *kind;         /* kind of the record being built */
	unsigned long line;       /* line of the record being built */
	struct cm_buf data;       /* names and values of the record */
	struct ipk_fslot *slots;  /* fields of the record */
	size_t nslots;            /* used slots */
	size_t list_slot;         /* open list slot, or (size_t)-1 */
	int overflow;             /* the record passed a limit (reported) */
	unsigned long warnings;   /* diagnostics of this member */
	unsigned long skipped;    /* rows skipped in this member */
	unsigned long records;    /* records emitted from this member */
	int worst;                /* worst grade of this member */
	int stopped;              /* the consumer asked to stop */
	char first_problem[256];  /* first diagnostic of the member */
};

struct ipk_package {
	char *path;               /* as given to ipk_package_open */
	struct ipk_options opt;   /* options */
	int is_dir;               /* a folder */
	int is_zip;               /* a zip */
	uint64_t archive_size;    /* bytes of the zip file */
	int single;               /* a lone artifact file, not a package */
	const unsigned char *mem; /* package in memory (borrowed), or NULL */
	size_t memlen;            /* its bytes */
	ipk_record_fn on_record;  /* consumer */
	ipk_diag_fn on_diag;      /* diagnostics consumer, may be NULL */
	void *user;               /* consumer data */
	struct ipk_tally *tallies;/* one per kind */
	size_t ntallies;          /* used */
	size_t tallies_cap;       /* allocated */
	unsigned long members;    /* members seen */
	uint64_t total_bytes;     /* uncompressed bytes read */
	int worst;                /* worst grade of the parse */
};

/* member.c: reads one member from src and emits its records. */
int ipk_member_read(struct ipk_package *pkg, const char *name,
    struct ipk_source *src);

/*
 * Emits the member record of a member that is listed but not read (a
 * symbolic link, an encrypted member), with status and why.
 */
int ipk_member_listed(struct ipk_package *pkg, const char *name,
    const char *status, const char *why);

/* Reports a diagnostic about the package itself (member may be NULL). */
void ipk_pkg_diag(struct ipk_package *pkg, int level, const char *member,
    unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* The tally of a kind, created on first use (NULL if out of memory). */
struct ipk_tally *ipk_pkg_tally(struct ipk_package *pkg, const char *kind);

#endif
