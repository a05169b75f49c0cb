/*
 * ipk_test.h - support for the Check test programs: where the fixtures
 * are, parsing a package or a piece of text into an in-memory record set,
 * and looking records up for assertions.
 */
#ifndef IPK_TEST_H
#define IPK_TEST_H

#include <check.h>
#include <stddef.h>

#include "invpkg.h"

/* ../shared (IPK_SHARED), the source tree (IPK_SRCDIR), the build tree. */
const char *ipk_test_shared(void);
const char *ipk_test_srcdir(void);
const char *ipk_test_builddir(void);
/* A path below one of those roots, in a static rotating buffer. */
const char *ipk_test_path(const char *root, const char *rel);

/* A record copied out of the callback: list items joined by '\n'. */
struct ipk_trec {
	char *kind;
	char *member;
	unsigned long line;
	size_t n;           /* fields */
	char **names;
	char **values;
	int *types;         /* enum ipk_vtype */
};

struct ipk_tset {
	struct ipk_trec *r; /* records in emission order */
	size_t n;
	size_t cap;
	char **diags;       /* "level|member|line|message" */
	size_t ndiags;
	size_t diags_cap;
	int rc;             /* ipk_package_parse() result, or the open error */
};

/* Parses a package path; never NULL (rc tells how it went). */
struct ipk_tset *ipk_test_parse(const char *path, const struct ipk_options *opt);
/*
 * Writes data to a fresh temporary folder as member `name` (which may
 * contain '/'), parses that folder, removes it.
 */
struct ipk_tset *ipk_test_parse_text(const char *name, const void *data,
    size_t len, const struct ipk_options *opt);
void ipk_tset_free(struct ipk_tset *set);

/* Number of records of a kind. */
size_t ipk_tset_count(const struct ipk_tset *set, const char *kind);
/* The i-th record of a kind (0-based), or NULL. */
const struct ipk_trec *ipk_tset_nth(const struct ipk_tset *set,
    const char *kind, size_t i);
/* The first record of kind whose field equals value, or NULL. */
const struct ipk_trec *ipk_tset_find(const struct ipk_tset *set,
    const char *kind, const char *field, const char *value);
/* A field's value, or NULL. */
const char *ipk_trec_get(const struct ipk_trec *rec, const char *name);
/* 1 if some diagnostic's text contains needle. */
int ipk_tset_has_diag(const struct ipk_tset *set, const char *needle);
/* Prints the records (for debugging a failing test). */
void ipk_tset_dump(const struct ipk_tset *set);

/* One member of a zip written by ipk_test_zip(). */
struct ipk_zent {
	const char *name;   /* member path */
	const void *data;   /* content (files) */
	size_t len;         /* bytes; (size_t)-1: strlen(data) */
	int type;           /* 0 file, 1 symbolic link (data = target), 2 dir */
};
/*
 * Writes a zip with libarchive.  options is passed to
 * archive_write_set_options() (e.g. "zip:encryption=zipcrypt"), may be NULL;
 * passphrase may be NULL.  Returns 0 or -1.
 */
int ipk_test_zip(const char *path, const struct ipk_zent *ents, size_t n,
    const char *options, const char *passphrase);
/* A fresh temporary folder (mkdtemp), in a static rotating buffer. */
const char *ipk_test_tmpdir(void);

/*
 * Encodes UTF-8 text in charset with iconv ("UTF-16LE" gets a byte order
 * mark, as WMIC and PowerShell write it; "CP850", "CP932", "CP437"...).
 * The result is malloc'ed; *len gets its size.
 */
char *ipk_test_iconv(const char *utf8, const char *charset, size_t *len);
/* Parses utf8 text encoded in charset as member `member`. */
struct ipk_tset *ipk_test_parse_enc(const char *member, const char *utf8,
    const char *charset);
/* UTF-8 to UTF-16LE with a byte order mark (malloc'ed). */
void *ipk_test_utf16le(const char *utf8, size_t *len);

/* Reads a whole file; NULL on failure.  *len gets its size. */
char *ipk_test_slurp(const char *path, size_t *len);

/* Asserts that rec has field name equal to want. */
#define ck_assert_field(rec, name, want) do { \
	const struct ipk_trec *ck_r_ = (rec); \
	ck_assert_ptr_nonnull(ck_r_); \
	ck_assert_ptr_nonnull(ipk_trec_get(ck_r_, (name))); \
	ck_assert_str_eq(ipk_trec_get(ck_r_, (name)), (want)); \
} while (0)

/* A main() that runs one suite and exits non-zero on any failure. */
#define IPK_TEST_MAIN(suite_fn) \
int main(void) \
{ \
	SRunner *sr = srunner_create(suite_fn()); \
	int nf; \
	srunner_run_all(sr, CK_NORMAL); \
	nf = srunner_ntests_failed(sr); \
	srunner_free(sr); \
	return nf == 0 ? 0 : 1; \
}

#endif
