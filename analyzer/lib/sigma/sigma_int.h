/*
 * sigma_int.h - what the files of the Sigma engine share: the compiled form
 * of a rule (search identifiers -> groups -> items -> values), the condition
 * tree, the set with its per-record scratch, and the log source views.
 *
 * A compiled rule mirrors the YAML:
 *
 *   detection:
 *       selection:                  <- struct sg_det (OR of its groups)
 *           Image|endswith: '\x.exe'  <- struct sg_item in a struct sg_group
 *           CommandLine|contains:     (a map is one group: AND of items)
 *               - ' -a'             <- struct sg_value (OR, or AND with |all)
 *               - ' -b'
 *       condition: selection        <- struct sg_cnode tree
 */
#ifndef IPK_SIGMA_INT_H
#define IPK_SIGMA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "sigma.h"
#include "cm_buf.h"
#include "cm_limits.h"

/* --- values -------------------------------------------------------------- */

enum sg_vkind {
	SG_V_STR,        /* string pattern, see enum sg_smode */
	SG_V_RE,         /* |re: PCRE2 */
	SG_V_CIDR,       /* |cidr */
	SG_V_NUM,        /* |gt |gte |lt |lte */
	SG_V_NULL,       /* null: field absent or empty */
	SG_V_EXISTS,     /* |exists: true / false */
	SG_V_FIELDREF    /* |fieldref: compare with another field */
};

enum sg_smode { SG_EQ, SG_PREFIX, SG_SUFFIX, SG_CONTAINS, SG_GLOB };

/* A glob token: literal bytes, `?` (one character), `*`, or a windash
 * position (one of - / en-dash em-dash horizontal-bar). */
enum sg_tok { SG_T_LIT, SG_T_ONE, SG_T_STAR, SG_T_DASH };

struct sg_gtok {
	unsigned char type;  /* enum sg_tok */
	uint32_t off;        /* SG_T_LIT: bytes at value->s + off */
	uint32_t len;
};

struct sg_value {
	unsigned char kind;      /* enum sg_vkind */
	unsigned char mode;      /* enum sg_smode (STR and FIELDREF) */
	unsigned char cased;     /* 1: case-sensitive */
	unsigned char numop;     /* NUM: '<' lt, 'l' lte, '>' gt, 'g' gte */
	unsigned char has_num;   /* STR EQ of a YAML number: also numeric eq */
	unsigned char exists;    /* EXISTS: wanted presence */
	char *s;                 /* literal bytes, lowered unless cased;
	                            FIELDREF: the other field's name */
	size_t n;
	struct sg_gtok *tok;     /* GLOB tokens */
	size_t ntok;
	size_t pre_off, pre_len; /* GLOB: longest literal, checked first */
	double num;              /* NUM, and STR with has_num */
	pcre2_code *re;
	unsigned char net[16];   /* CIDR network, IPv4 in the first 4 bytes */
	int bits;                /* CIDR prefix length */
	int v4;                  /* CIDR: 1 for IPv4 */
	int ref_fid;             /* FIELDREF: set field id of s */
	int32_t acnode;          /* CONTAINS: its node in the field's
	                            automaton (answered by the scan), -1 */
};

struct sg_item {
	char *field;             /* NULL: keyword search over all fields */
	int fid;                 /* set field id, -1 until added to a set */
	unsigned char all;       /* |all: every value must match */
	unsigned char neq;       /* |neq: no value may match */
	struct sg_value *v;
	size_t nv;
	unsigned long line;
};

struct sg_group {                /* AND of items */
	struct sg_item *it;
	size_t n;
};

struct sg_det {                  /* a search identifier: OR of groups */
	char *name;
	struct sg_group *g;
	size_t ng;
};

/* --- conditions ------------------------------------------------------------ */

enum sg_cop { SG_C_REF, SG_C_AND, SG_C_OR, SG_C_NOT };

struct sg_cnode {
	unsigned char op;        /* enum sg_cop */
	int a;                   /* REF: detection index; others: left child */
	int b;                   /* AND/OR: right child */
};

struct ipk_sigma_rule {
	struct ipk_sigma_meta meta;  /* strings owned by the rule */
	char **strs;                 /* every string meta points to */
	size_t nstrs;
	struct sg_det *det;
	size_t ndet;
	struct sg_cnode *cn;
	size_t ncn, capcn;
	int root;                    /* index in cn */
	int dead;                    /* logsource no record has */
	int has_fieldref;
	/* prefilter (sigma_prefilter.c): literals one of which must occur
	 * in its field for the rule to match; nanc 0: always evaluated */
	struct sg_anchor {
		int fid;
		const struct sg_value *v;    /* needle: v->s or its GLOB pre */
	} *anc;
	size_t nanc;
};

/* --- log sources ----------------------------------------------------------- */

/*
 * Field alias views: how Sigma field names are looked up in a record of a
 * log source.  SG_VIEW_EVENT: any event record (Provider_Name -> Provider);
 * SG_VIEW_4688: Security 4688 seen as process_creation (Image ->
 * NewProcessName...).
 */
enum sg_view { SG_VIEW_PLAIN, SG_VIEW_EVENT, SG_VIEW_4688, SG_NVIEWS };

#define SG_MAX_CATS 6

struct sg_ls {
	int is_event;
	const char *service;             /* NULL: none */
	const char *cat[SG_MAX_CATS];    /* categories */
	unsigned char catview[SG_MAX_CATS];
	size_t ncat;
	char catbuf[72];                 /* "invpkg_<kind>" */
};

void sg_logsource_classify(const struct ipk_record *rec, struct sg_ls *out);
/* 1 if some record can have this logsource. */
int sg_logsource_known(const char *product, const char *category,
    const char *service);
/* The alias target of a Sigma field name in a view, or NULL; *first is
 * 1 when the alias is read before the name itself (4688 names), 0 when
 * only if the record lacks the name. */
const char *sg_view_alias(int view, const char *name, int *first);

/* --- matching -------------------------------------------------------------- */

struct sg_fname {
	char *name;
	uint32_t hash;
	int alias[SG_NVIEWS];    /* fid of the alias target, -1 none */
	unsigned char first[SG_NVIEWS]; /* alias read before the name */
};

/* An Aho-Corasick automaton over the lowered anchor literals of one field:
 * finds in one pass which literals occur in a record's value. */
struct sg_ac {
	int32_t *fail;           /* per node */
	int32_t *dict;           /* next output node on the fail chain, -1 */
	uint32_t *estart;        /* per node: first edge */
	uint16_t *ecount;        /* per node: edges, sorted by byte */
	unsigned char *isout;    /* per node: a literal ends here */
	unsigned char *ebyte;    /* per edge */
	int32_t *eto;
	int32_t root[256];       /* dense root transitions (0 = root) */
	uint32_t *tok;           /* per node: scan token when last seen */
	size_t nnodes;
};

struct ipk_sigma_set {
	struct ipk_sigma_rule **rules;
	size_t nrules, caprules;
	/* logsource buckets: key "category\x1fservice" -> rule indexes */
	struct sg_bucket {
		char *key;
		uint32_t hash;
		size_t *idx;
		size_t n, cap;
		/* prefilter: per field, (literal node, rule) pairs sorted by
		 * node; per rule, anchored or not and the visit that saw one
		 * of its literals */
		struct sg_bfid {
			int32_t fid;
			struct sg_pair { int32_t node; uint32_t ri; } *p;
			size_t np;
		} *bf;
		size_t nbf;
		unsigned char *anch;
		uint32_t *seen;
	} *buckets;
	size_t nbuckets, capbuckets;
	int32_t *btab;           /* open addressing over buckets, -1 empty */
	size_t btabcap;
	/* interned field names */
	struct sg_fname *names;
	size_t nnames, capnames;
	int32_t *ftab;           /* open addressing over names, -1 empty */
	size_t ftabcap;
	/* per-record scratch */
	uint32_t gen;
	uint32_t *fstamp;        /* per name: gen when slot is valid */
	int32_t *fslot;          /* per name: record field index */
	uint32_t lstamp[CM_MAX_FIELDS];
	char *lowp[CM_MAX_FIELDS];
	struct cm_buf arena;     /* lowered values of the current record,
	                            reserved whole before matching so
	                            pointers into it stay valid */
	size_t *hits;            /* rule indexes matched by one record */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	char *rebuf;             /* regex subject, zero-padded */
	size_t recap;
	struct ipk_sigma_stats st;
	/* prefilter: one automaton per field id (NULL: none), built on the
	 * first match after rules were added */
	int prefilter;           /* 1: on (default) */
	int dirty;               /* rules added since the last build */
	struct sg_ac **ac;       /* per name */
	uint32_t *scan_tok;      /* per name: token of its last scan */
	uint32_t *scan_gen;      /* per name: record generation of it */
	int32_t *scan_fi;        /* per name: record field scanned */
	int32_t **hitn;          /* per name: literal nodes the last scan
	                            found (first hitc[] of them) */
	size_t *hitc;
	size_t nac;              /* entries in the arrays above */
	uint32_t tok;            /* last scan token */
	uint32_t vtok;           /* last bucket visit token */
};

/* A record being matched, seen through a view. */
struct sg_rec {
	struct ipk_sigma_set *set;
	const struct ipk_record *rec;
	int view;
};

/* sigma_set.c: the id of a field name, interned on first use (-1: memory) */
int sg_set_intern(struct ipk_sigma_set *set, const char *name);

/* sigma_match.c */
/* 1 if the rule's condition holds for the record. */
int sg_rule_eval(struct sg_rec *r, const struct ipk_sigma_rule *rule);
void sg_value_free(struct sg_value *v);
/* The modifiers of one key ("contains|all"), parsed by sg_mods_parse():
 * CM_OK, CM_WARN (unsupported) or CM_FAILED, with err filled. */
struct sg_mods {
	unsigned contains : 1, startswith : 1, endswith : 1, all : 1,
	    windash : 1, base64 : 1, base64offset : 1, re : 1, re_i : 1,
	    re_m : 1, re_s : 1, cidr : 1, exists : 1, cased : 1, fieldref : 1,
	    neq : 1, wide : 1, utf16be : 1, utf16 : 1;
	char numop;              /* 0 or '<' 'l' '>' 'g' */
};
int sg_mods_parse(struct sg_mods *m, const char *mods, size_t n,
    struct ipk_sigma_error *err);
/*
 * Compiles one scalar with its modifiers into values appended to item.
 * type of the scalar: 's' string, 'i' integer, 'f' float, 'b' boolean,
 * 'n' null; keyword: the item has no field; budget: values the rule may
 * still have.  Returns CM_OK, or CM_WARN (unsupported) or CM_FAILED.
 */
int sg_value_compile(struct sg_item *item, const struct sg_mods *m,
    int keyword, char type, const char *s, size_t n, size_t *budget,
    struct ipk_sigma_error *err);

/* sigma_prefilter.c */
int sg_rule_anchors(struct ipk_sigma_rule *rule);
int sg_prefilter_build(struct ipk_sigma_set *set);
/* Marks in b->seen (with the returned token) the rules one of whose
 * literals occurs in the record. */
uint32_t sg_prefilter_visit(struct sg_rec *r, struct sg_bucket *b);
/* Does the literal of node occur in field fid of the record? */
int sg_prefilter_hit(struct sg_rec *r, int fid, int32_t node);
void sg_prefilter_free(struct ipk_sigma_set *set);
/* sigma_match.c: the record field a set field id names in r's view (-1:
 * none), and a field's value bytes, lowered (cached per record) or not. */
int sg_field_index(struct sg_rec *r, int fid);
const char *sg_field_bytes(struct sg_rec *r, size_t i, int lower);

/* sigma_cond.c */
int sg_cond_parse(struct ipk_sigma_rule *rule, const char *text, size_t n,
    struct ipk_sigma_error *err);

/* sigma_load.c: records a problem in err (the first, worst one is kept);
 * returns rc. */
int sg_err(struct ipk_sigma_error *err, int rc, unsigned long line,
    const char *reason, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/*
 * The array p of n size-byte elements with room for one more: p itself
 * while it has room, else p grown by doubling (its capacity is the next
 * power of two from 4 up, so a rule of 50000 values is 15 reallocations,
 * not 50000).  NULL when out of memory (p is unchanged).
 */
void *sg_grow(void *p, size_t n, size_t size);

#endif
