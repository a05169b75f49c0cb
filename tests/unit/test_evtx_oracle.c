/*
 * test_evtx_oracle.c - the EVTX parser checked record for record against
 * libevtx.
 *
 * For every .evtx under ../shared/fixtures/evtx-attack-samples/ and
 * ../shared/fixtures/sigma/regression_data/, the records our parser yields
 * must equal what libevtx's `evtxexport -f xml FILE` prints: same number of
 * records in the same order, and for each the EventRecordID, EventID,
 * TimeCreated, the other System fields and every EventData value (and
 * UserData leaf).  Fields must match both ways: nothing missing, nothing
 * extra.  evtxexport (Debian package libevtx-utils) must be installed; the
 * test fails without it.
 *
 * evtxexport prints XML:
 *
 *   <Event xmlns="...">
 *     <System>
 *       <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{...}"/>
 *       <EventID>4720</EventID>
 *       ...
 *     <EventData>
 *       <Data Name="TargetUserName">$</Data>
 *
 * The few places where libevtx writes a value differently from Windows
 * (and from us) are normalised in same_value(), each with its reason.
 */
#include "ipk_test.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- a small XML reader for evtxexport's output ------------------------ */

struct xnode {
	char *name;
	size_t nattr;
	char **anames;
	char **avals;
	char *text;               /* direct text, entities resolved */
	size_t nkids;
	struct xnode **kids;
};

static void
xfree(struct xnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nattr; i++) {
		free(n->anames[i]);
		free(n->avals[i]);
	}
	for (i = 0; i < n->nkids; i++)
		xfree(n->kids[i]);
	free(n->anames);
	free(n->avals);
	free(n->kids);
	free(n->name);
	free(n->text);
	free(n);
}

/* Appends s[0..n) to *dst with entities resolved. */
static void
append_text(char **dst, size_t *dlen, const char *s, size_t n)
{
	char *d = realloc(*dst, *dlen + n + 1);
	size_t i;

	ck_assert_ptr_nonnull(d);
	*dst = d;
	for (i = 0; i < n; i++) {
		if (s[i] == '&') {
			static const struct {
				const char *e;
				char c;
			} ents[] = {
				{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
				{ "&quot;", '"' }, { "&apos;", '\'' },
			};
			size_t k;
			int done = 0;

			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				size_t el = strlen(ents[k].e);

				if (n - i >= el && memcmp(s + i, ents[k].e, el) == 0) {
					d[(*dlen)++] = ents[k].c;
					i += el - 1;
					done = 1;
					break;
				}
			}
			if (done)
				continue;
		}
		d[(*dlen)++] = s[i];
	}
	d[*dlen] = '\0';
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Parses the element starting at *pp ('<'); NULL on malformed input. */
static struct xnode *
xparse(const char **pp, const char *end)
{
	const char *p = *pp, *q;
	struct xnode *n = calloc(1, sizeof(*n));
	size_t tlen = 0;

	ck_assert_ptr_nonnull(n);
	p++;
	for (q = p; q < end && !isspace((unsigned char)*q) && *q != '/' &&
	    *q != '>'; q++)
		;
	n->name = xstrndup(p, (size_t)(q - p));
	p = q;
	/* Attributes. */
	for (;;) {
		const char *an, *av;
		size_t anl;
		char *v = NULL;
		size_t vl = 0;

		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end)
			goto bad;
		if (*p == '/' || *p == '>')
			break;
		an = p;
		while (p < end && *p != '=')
			p++;
		anl = (size_t)(p - an);
		if (end - p < 2 || p[1] != '"')
			goto bad;
		p += 2;
		av = p;
		while (p < end && *p != '"')
			p++;
		if (p >= end)
			goto bad;
		append_text(&v, &vl, av, (size_t)(p - av));
		if (v == NULL)
			v = xstrndup("", 0);
		p++;
		n->anames = realloc(n->anames, (n->nattr + 1) * sizeof(char *));
		n->avals = realloc(n->avals, (n->nattr + 1) * sizeof(char *));
		n->anames[n->nattr] = xstrndup(an, anl);
		n->avals[n->nattr] = v;
		n->nattr++;
	}
	if (*p == '/') {
		if (end - p < 2 || p[1] != '>')
			goto bad;
		*pp = p + 2;
		n->text = xstrndup("", 0);
		return n;
	}
	p++;
	n->text = xstrndup("", 0);
	/* Content up to the end tag. */
	for (;;) {
		const char *t = p;

		while (p < end && *p != '<')
			p++;
		if (p >= end)
			goto bad;
		append_text(&n->text, &tlen, t, (size_t)(p - t));
		if (p + 1 < end && p[1] == '/') {
			p = memchr(p, '>', (size_t)(end - p));
			if (p == NULL)
				goto bad;
			*pp = p + 1;
			return n;
		}
		{
			struct xnode *k = xparse(&p, end);

			if (k == NULL)
				goto bad;
			n->kids = realloc(n->kids, (n->nkids + 1) *
			    sizeof(*n->kids));
			n->kids[n->nkids++] = k;
		}
	}
bad:
	xfree(n);
	return NULL;
}

static const char *
xattr(const struct xnode *n, const char *name)
{
	size_t i;

	for (i = 0; n != NULL && i < n->nattr; i++)
		if (strcmp(n->anames[i], name) == 0)
			return n->avals[i];
	return NULL;
}

static const struct xnode *
xkid(const struct xnode *n, const char *name)
{
	size_t i;

	for (i = 0; n != NULL && i < n->nkids; i++)
		if (strcmp(n->kids[i]->name, name) == 0)
			return n->kids[i];
	return NULL;
}

/* --- expected fields of one oracle event ------------------------------- */

struct kv {
	char *name;
	char *value;
};

struct fieldset {
	struct kv *f;
	size_t n;
};

static int
fs_has(const struct fieldset *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].name, name) == 0)
			return 1;
	return 0;
}

/* Adds name=value, renaming a repeated name to name_2, name_3... */
static void
fs_add(struct fieldset *fs, const char *name, const char *value)
{
	char buf[1024];
	unsigned k;

	snprintf(buf, sizeof(buf), "%s", name);
	for (k = 2; fs_has(fs, buf); k++)
		snprintf(buf, sizeof(buf), "%s_%u", name, k);
	fs->f = realloc(fs->f, (fs->n + 1) * sizeof(*fs->f));
	ck_assert_ptr_nonnull(fs->f);
	fs->f[fs->n].name = strdup(buf);
	fs->f[fs->n].value = strdup(value);
	fs->n++;
}

static void
fs_free(struct fieldset *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->f[i].name);
		free(fs->f[i].value);
	}
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

/* UserData: every leaf element below the wrapper is a field. */
static void
userdata_leaves(struct fieldset *fs, const struct xnode *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		const struct xnode *k = n->kids[i];

		if (k->nkids > 0) {
			userdata_leaves(fs, k);
		} else if (strcmp(k->name, "Data") == 0 &&
		    xattr(k, "Name") != NULL && xattr(k, "Name")[0] != '\0') {
			fs_add(fs, xattr(k, "Name"), k->text);
		} else {
			fs_add(fs, k->name, k->text);
		}
	}
}

/* The field name of an EventData child: Name="..." of a <Data>. */
static const char *
data_name(const struct xnode *k)
{
	const char *name = xattr(k, "Name");

	if (strcmp(k->name, "Data") != 0)
		return k->name;
	return name != NULL && name[0] != '\0' ? name : "Data";
}

/* The fields our parser should give for an oracle <Event>. */
static void
expected_fields(const struct xnode *ev, struct fieldset *fs)
{
	const struct xnode *sys = xkid(ev, "System"), *n;
	static const char *const texts[] = {
		"EventID", "EventRecordID", "Channel", "Computer", "Level",
		"Task", "Opcode", "Keywords",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((n = xkid(sys, texts[i])) != NULL && n->text[0] != '\0')
			fs_add(fs, texts[i], n->text);
	if (xattr(xkid(sys, "Provider"), "Name") != NULL)
		fs_add(fs, "Provider", xattr(xkid(sys, "Provider"), "Name"));
	if (xattr(xkid(sys, "TimeCreated"), "SystemTime") != NULL)
		fs_add(fs, "TimeCreated",
		    xattr(xkid(sys, "TimeCreated"), "SystemTime"));
	if (xattr(xkid(sys, "Execution"), "ProcessID") != NULL)
		fs_add(fs, "ProcessID", xattr(xkid(sys, "Execution"),
		    "ProcessID"));
	if (xattr(xkid(sys, "Execution"), "ThreadID") != NULL)
		fs_add(fs, "ThreadID", xattr(xkid(sys, "Execution"),
		    "ThreadID"));
	if (xattr(xkid(sys, "Security"), "UserID") != NULL)
		fs_add(fs, "UserID", xattr(xkid(sys, "Security"), "UserID"));
	if ((n = xkid(ev, "EventData")) != NULL) {
		for (i = 0; i < n->nkids; i++) {
			const struct xnode *k = n->kids[i];
			const char *name = data_name(k);
			char *joined = strdup(k->text);

			/*
			 * An array value: libevtx repeats the element for each
			 * item, we give one list field, whose items the test
			 * support joins with newlines.  Join consecutive
			 * elements of the same name the same way.
			 */
			while (i + 1 < n->nkids &&
			    strcmp(data_name(n->kids[i + 1]), name) == 0 &&
			    strcmp(name, "Data") != 0) {
				size_t jl = strlen(joined);
				const char *t = n->kids[++i]->text;

				joined = realloc(joined, jl + strlen(t) + 2);
				joined[jl] = '\n';
				strcpy(joined + jl + 1, t);
			}
			fs_add(fs, name, joined);
			free(joined);
		}
	}
	if ((n = xkid(ev, "UserData")) != NULL) {
		for (i = 0; i < n->nkids; i++)
			userdata_leaves(fs, n->kids[i]);
	}
}

/* --- comparing ------------------------------------------------------------ */

static int
is_hex(const char *s, size_t n, int lower_only)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]) || (s[i] >= 'a' && s[i] <= 'f'))
			continue;
		if (!lower_only && s[i] >= 'A' && s[i] <= 'F')
			continue;
		return 0;
	}
	return n > 0;
}

/*
 * 1 if our value equals libevtx's, allowing only for these differences of
 * representation (never of content):
 */
static int
same_value(const char *name, const char *ours, const char *theirs)
{
	size_t ol = strlen(ours), tl = strlen(theirs);

	if (strcmp(ours, theirs) == 0)
		return 1;
	/*
	 * Time: libevtx prints 9 fraction digits, "2020-09-16T09:31:19.
	 * 133272400Z"; a FILETIME counts 100 ns, so the last two are always
	 * "00".  We print the 7 digits Windows shows.  Equal if theirs is
	 * ours with "00" before the Z.
	 */
	if (tl == ol + 2 && ol >= 9 && ours[ol - 1] == 'Z' &&
	    theirs[tl - 1] == 'Z' && memcmp(theirs + tl - 3, "00", 2) == 0 &&
	    memcmp(ours, theirs, ol - 1) == 0 && ours[ol - 9] == '.')
		return 1;
	/*
	 * HexInt32/HexInt64: libevtx zero-pads to 8 or 16 digits
	 * ("0x00000000000003e7"); Windows, Sigma rules and we write
	 * "0x3e7".  Equal if theirs has exactly 8 or 16 hex digits, ours
	 * 1-16 lower-case ones, and both are the same number.
	 */
	if (tl > 2 && ol > 2 && memcmp(theirs, "0x", 2) == 0 &&
	    memcmp(ours, "0x", 2) == 0 && (tl == 10 || tl == 18) &&
	    ol <= 18 && is_hex(theirs + 2, tl - 2, 0) &&
	    is_hex(ours + 2, ol - 2, 1) && (ol == 3 || ours[2] != '0') &&
	    strtoull(theirs + 2, NULL, 16) == strtoull(ours + 2, NULL, 16))
		return 1;
	/*
	 * Arrays: the items (one per line, see expected_fields()) compare
	 * one by one as above.
	 */
	if (strchr(ours, '\n') != NULL && strchr(theirs, '\n') != NULL) {
		char *a = strdup(ours), *b = strdup(theirs), *pa = a, *pb = b;
		int same = 1;

		for (;;) {
			char *ea = strchr(pa, '\n'), *eb = strchr(pb, '\n');

			if ((ea == NULL) != (eb == NULL)) {
				same = 0;
				break;
			}
			if (ea != NULL) {
				*ea = '\0';
				*eb = '\0';
			}
			if (!same_value(name, pa, pb)) {
				same = 0;
				break;
			}
			if (ea == NULL)
				break;
			pa = ea + 1;
			pb = eb + 1;
		}
		free(a);
		free(b);
		return same;
	}
	return 0;
}

struct tally {
	unsigned long files;
	unsigned long records;
	unsigned long fields;
	unsigned long mismatches;
};

static void
report(struct tally *t, const char *path, unsigned long i, const char *what)
{
	t->mismatches++;
	if (t->mismatches <= 30)
		fprintf(stderr, "MISMATCH %s record #%lu: %s\n", path, i, what);
}

/* Reads all of a command's output. */
static char *
run_capture(const char *cmd, size_t *len, int *status)
{
	FILE *fp = popen(cmd, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0, k;

	ck_assert_ptr_nonnull(fp);
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
		k = fread(buf + n, 1, cap - n, fp);
		if (k == 0)
			break;
		n += k;
	}
	buf[n] = '\0';
	*status = pclose(fp);
	*len = n;
	return buf;
}

/* 'path' quoted for the shell. */
static void
shell_quote(char *out, size_t outlen, const char *s)
{
	size_t k = 0;

	out[k++] = '\'';
	for (; *s != '\0' && k + 6 < outlen; s++) {
		if (*s == '\'') {
			memcpy(out + k, "'\\''", 4);
			k += 4;
		} else {
			out[k++] = *s;
		}
	}
	out[k++] = '\'';
	out[k] = '\0';
}

static void
compare_file(struct tally *t, const char *path)
{
	char q[8192], cmd[8300];
	char *out;
	const char *p, *end;
	size_t len, i = 0, nours;
	int status;
	struct ipk_tset *ours = ipk_test_parse(path, NULL);

	t->files++;
	shell_quote(q, sizeof(q), path);
	snprintf(cmd, sizeof(cmd), "evtxexport -f xml %s 2>/dev/null", q);
	out = run_capture(cmd, &len, &status);
	ck_assert_msg(status == 0, "evtxexport failed on %s", path);
	nours = ipk_tset_count(ours, "event");
	p = out;
	end = out + len;
	for (;;) {
		struct xnode *ev;
		struct fieldset fs = { NULL, 0 };
		const struct ipk_trec *r;
		size_t k;
		char what[2048];

		p = strstr(p, "<Event ");
		if (p == NULL)
			break;
		ev = xparse(&p, end);
		if (ev == NULL) {
			report(t, path, i, "evtxexport output not parsed");
			break;
		}
		r = ipk_tset_nth(ours, "event", i);
		i++;
		if (r == NULL) {
			xfree(ev);
			continue;
		}
		t->records++;
		expected_fields(ev, &fs);
		for (k = 0; k < fs.n; k++) {
			const char *v = ipk_trec_get(r, fs.f[k].name);

			t->fields++;
			if (v == NULL) {
				snprintf(what, sizeof(what), "field %s='%.300s' "
				    "missing", fs.f[k].name, fs.f[k].value);
				report(t, path, i, what);
			} else if (!same_value(fs.f[k].name, v, fs.f[k].value)) {
				snprintf(what, sizeof(what), "field %s: ours "
				    "'%.300s', libevtx '%.300s'", fs.f[k].name, v,
				    fs.f[k].value);
				report(t, path, i, what);
			}
		}
		for (k = 0; k < r->n; k++) {
			if (!fs_has(&fs, r->names[k])) {
				snprintf(what, sizeof(what), "extra field "
				    "%s='%.300s'", r->names[k], r->values[k]);
				report(t, path, i, what);
			}
		}
		fs_free(&fs);
		xfree(ev);
	}
	if (i != nours) {
		char what[128];

		snprintf(what, sizeof(what), "libevtx has %zu records, we have "
		    "%zu", i, nours);
		report(t, path, i, what);
	}
	free(out);
	ipk_tset_free(ours);
}

/* --- finding the files ---------------------------------------------------- */

static char **found;
static size_t nfound;

/* Collects every .evtx below dir (depth-bounded). */
static void
walk(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t n = strlen(e->d_name);

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 16) {
			walk(path, depth + 1);
		} else if (S_ISREG(st.st_mode) && n > 5 &&
		    strcmp(e->d_name + n - 5, ".evtx") == 0) {
			found = realloc(found, (nfound + 1) * sizeof(char *));
			ck_assert_ptr_nonnull(found);
			found[nfound++] = strdup(path);
		}
	}
	closedir(d);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_evtx_oracle_all)
{
	static const char *const dirs[] = {
		"fixtures/evtx-attack-samples", "fixtures/sigma/regression_data",
	};
	struct tally t;
	size_t i, len;
	int status;
	char *v;

	memset(&t, 0, sizeof(t));
	v = run_capture("evtxexport -V 2>&1", &len, &status);
	ck_assert_msg(status == 0 && strstr(v, "evtxexport") != NULL,
	    "evtxexport not found: install libevtx-utils");
	free(v);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		walk(ipk_test_path(ipk_test_shared(), dirs[i]), 0);
	qsort(found, nfound, sizeof(char *), cmpstr);
	for (i = 0; i < nfound; i++) {
		compare_file(&t, found[i]);
		free(found[i]);
	}
	free(found);
	fprintf(stderr, "evtx oracle: %lu files, %lu records compared, %lu "
	    "fields compared, %lu mismatches\n", t.files, t.records, t.fields,
	    t.mismatches);
	ck_assert_uint_gt(t.files, 300);
	ck_assert_uint_gt(t.records, 3000);
	ck_assert_uint_eq(t.mismatches, 0);
}
END_TEST

static Suite *
evtx_oracle_suite(void)
{
	Suite *s = suite_create("evtx_oracle");
	TCase *tc = tcase_create("evtx_oracle");

	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_evtx_oracle_all);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(evtx_oracle_suite)
