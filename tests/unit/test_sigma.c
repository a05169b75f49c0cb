/*
 * test_sigma.c - the Sigma engine on hand-made rules and records: loading
 * (errors with lines, unsupported features with reasons), every value
 * modifier, conditions, keywords, list fields, log source mapping (Sysmon,
 * Security 4688 aliases, PowerShell, snapshot kinds), sets (folders,
 * embedded blobs, diagnostics, stopping) and hostile rules.
 */
#include "ipk_test.h"
#include "ipk_private.h"
#include "sigma/sigma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- records built by hand ------------------------------------------------------ */

struct trec {
	struct ipk_field f[64];
	size_t n;
	struct ipk_record r;
};

static void
tr_init(struct trec *t, const char *kind)
{
	memset(t, 0, sizeof(*t));
	t->r.kind = kind;
	t->r.member = "test";
	t->r.line = 1;
	t->r.fields = t->f;
}

static void
tr_str(struct trec *t, const char *name, const char *v)
{
	struct ipk_field *f = &t->f[t->n++];

	f->name = name;
	f->value = v;
	f->len = strlen(v);
	f->type = IPK_V_STR;
	f->nitems = 1;
	t->r.nfields = t->n;
}

static void
tr_int(struct trec *t, const char *name, const char *v)
{
	tr_str(t, name, v);
	t->f[t->n - 1].type = IPK_V_INT;
}

/* items: NUL-separated, total bytes len including the NULs */
static void
tr_list(struct trec *t, const char *name, const char *items, size_t len,
    size_t nitems)
{
	struct ipk_field *f = &t->f[t->n++];

	f->name = name;
	f->value = items;
	f->len = len;
	f->type = IPK_V_LIST;
	f->nitems = nitems;
	t->r.nfields = t->n;
}

static void
tr_event(struct trec *t, const char *channel, const char *eid)
{
	tr_init(t, "event");
	tr_int(t, "EventID", eid);
	tr_str(t, "Channel", channel);
}

#define SYSMON "Microsoft-Windows-Sysmon/Operational"

/* --- helpers ----------------------------------------------------------------------- */

static struct ipk_sigma_rule *
load_ok(const char *yaml)
{
	struct ipk_sigma_rule *r = NULL;
	struct ipk_sigma_error err;
	int rc = ipk_sigma_rule_load(&r, yaml, strlen(yaml), "t.yml", &err);

	if (rc != CM_OK)
		fprintf(stderr, "load: %s\n", err.msg);
	ck_assert_int_eq(rc, CM_OK);
	ck_assert_ptr_nonnull(r);
	return r;
}

static int
load_fail(const char *yaml, struct ipk_sigma_error *err)
{
	struct ipk_sigma_rule *r = (struct ipk_sigma_rule *)1;
	int rc = ipk_sigma_rule_load(&r, yaml, strlen(yaml), "bad.yml", err);

	ck_assert_ptr_null(r);
	ck_assert_int_eq(rc, err->rc);
	return rc;
}

static int
count_cb(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	(void)rule;
	(void)rec;
	(*(int *)user)++;
	return 0;
}

/* How many times the rule matches the record (0 or 1), the same with and
 * without the literal prefilter. */
static int
hits(const char *yaml, const struct ipk_record *rec)
{
	int n[2] = { 0, 0 }, pf, rc;

	for (pf = 0; pf < 2; pf++) {
		struct ipk_sigma_set *s = ipk_sigma_set_new();

		ipk_sigma_set_prefilter(s, pf);
		ck_assert_int_eq(ipk_sigma_set_add(s, load_ok(yaml)), CM_OK);
		rc = ipk_sigma_set_match(s, rec, count_cb, &n[pf]);
		ck_assert_int_eq(rc, n[pf]);
		ipk_sigma_set_free(&s);
		ck_assert_ptr_null(s);
	}
	ck_assert_int_eq(n[0], n[1]);
	return n[1];
}

/* A process_creation rule around one detection body. */
static char rulebuf[8192];

static const char *
pc(const char *detection)
{
	snprintf(rulebuf, sizeof(rulebuf),
	    "title: t\nlogsource:\n    category: process_creation\n"
	    "    product: windows\ndetection:\n%s", detection);
	return rulebuf;
}

static void
sysmon1(struct trec *t)
{
	tr_event(t, SYSMON, "1");
	tr_str(t, "Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\"
	    "powershell.exe");
	tr_str(t, "CommandLine", "powershell.exe -NoP -enc SQBFAFgA /c \"x*y\"");
	tr_str(t, "ParentImage", "C:\\Windows\\explorer.exe");
	tr_str(t, "User", "CORP\\alice");
	tr_str(t, "IntegrityLevel", "High");
	tr_str(t, "OriginalFileName", "");
	tr_int(t, "ProcessId", "4242");
}

/* --- loading --------------------------------------------------------------------------- */

START_TEST(test_load_meta)
{
	const char *y =
	    "title: Whoami Execution\n"
	    "id: 8c3f1a2b-0000-4000-8000-000000000001\n"
	    "status: test\n"
	    "description: Detects whoami\n"
	    "author: Someone\n"
	    "date: 2024-01-02\n"
	    "tags:\n    - attack.discovery\n    - attack.t1033\n"
	    "references:\n    - https://example.com/a\n"
	    "logsource:\n    category: Process_Creation\n    product: windows\n"
	    "detection:\n    selection:\n        Image|endswith: '\\whoami.exe'\n"
	    "    condition: selection\n"
	    "falsepositives: Admins\n"
	    "level: High\n";
	struct ipk_sigma_rule *r = load_ok(y);
	const struct ipk_sigma_meta *m = ipk_sigma_rule_meta(r);

	ck_assert_str_eq(m->title, "Whoami Execution");
	ck_assert_str_eq(m->id, "8c3f1a2b-0000-4000-8000-000000000001");
	ck_assert_str_eq(m->status, "test");
	ck_assert_str_eq(m->level, "high");
	ck_assert_str_eq(m->author, "Someone");
	ck_assert_str_eq(m->date, "2024-01-02");
	ck_assert_str_eq(m->category, "process_creation");
	ck_assert_str_eq(m->product, "windows");
	ck_assert_ptr_null(m->service);
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_str_eq(m->tags[1], "attack.t1033");
	ck_assert_uint_eq(m->nreferences, 1);
	ck_assert_uint_eq(m->nfalsepositives, 1);
	ck_assert_str_eq(m->falsepositives[0], "Admins");
	ck_assert_str_eq(m->file, "t.yml");
	ipk_sigma_rule_free(&r);
	ck_assert_ptr_null(r);
}
END_TEST

START_TEST(test_load_errors)
{
	struct ipk_sigma_error e;

	/* YAML syntax error, with its line */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows\n"
	    "detection:\n  a: [\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "yaml");
	ck_assert_ptr_nonnull(strstr(e.msg, "bad.yml:"));
	ck_assert_uint_gt(e.line, 0);
	/* no condition */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: b\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "condition");
	ck_assert_str_eq(e.msg, "bad.yml:3: detection has no condition");
	/* unknown identifier in the condition, reported at its line */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: b\n    condition: sel and "
	    "nope\n", &e), CM_FAILED);
	ck_assert_str_eq(e.msg, "bad.yml:6: condition: unknown search "
	    "identifier 'nope'");
	/*
	 * YAML aliases that point back at their own selection: the loader
	 * walks a fixed depth, so they are a value of the wrong shape, not
	 * a loop.
	 */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel: &a\n        A:\n            - b\n"
	    "            - *a\n        B: *a\n    condition: sel\n", &e),
	    CM_FAILED);
	ck_assert_str_eq(e.msg, "bad.yml:4: a value must be a scalar or a "
	    "list of scalars");
	/* a pattern that matches nothing */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: b\n    condition: 1 of filter_*\n",
	    &e), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "'filter_*' matches no search"));
	/* duplicate key inside a selection */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: b\n        A: c\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_str_eq(e.msg, "bad.yml:6: duplicate key 'A'");
	/* no title; no logsource; empty file; condition syntax */
	ck_assert_int_eq(load_fail("logsource: {product: windows}\n"
	    "detection:\n    sel: x\n    condition: sel\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "title");
	ck_assert_int_eq(load_fail("title: t\ndetection:\n    sel: x\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "logsource");
	ck_assert_int_eq(load_fail("", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel: x\n    condition: (sel\n", &e), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "missing ')'"));
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel: x\n    condition: sel sel\n", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel: x\n    condition: sel*\n", &e), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "needs '1 of' or 'all of'"));
	/* bad values */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|re: '(unclosed'\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "regex");
	ck_assert_uint_eq(e.line, 5);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|cidr: '10.0.0.0/33'\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "cidr");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|gt: abc\n    condition: sel\n",
	    &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|exists: yes please\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|contains|startswith: x\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|contains|base64: x\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|base64: 'a*'\n"
	    "    condition: sel\n", &e), CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: []\n    condition: sel\n", &e),
	    CM_FAILED);
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A: {b: c}\n    condition: sel\n", &e),
	    CM_FAILED);
}
END_TEST

START_TEST(test_load_unsupported)
{
	struct ipk_sigma_error e;

	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        EventID: 4625\n"
	    "    timeframe: 5m\n    condition: sel | count() by IpAddress > 5\n",
	    &e), CM_WARN);
	ck_assert_str_eq(e.reason, "aggregation");
	ck_assert_ptr_nonnull(strstr(e.msg, "unsupported: aggregation"));
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    a: x\n    b: y\n    condition: a near b\n", &e),
	    CM_WARN);
	ck_assert_str_eq(e.reason, "near");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    a: x\n    b: y\n    condition: 2 of them\n", &e),
	    CM_WARN);
	ck_assert_str_eq(e.reason, "x-of");
	ck_assert_int_eq(load_fail("title: c\ncorrelation:\n    type: event_count\n"
	    "    rules: [a]\n", &e), CM_WARN);
	ck_assert_str_eq(e.reason, "correlation");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    a: x\n    condition: a\n---\ntitle: u\n", &e),
	    CM_WARN);
	ck_assert_str_eq(e.reason, "multi-document");
	ck_assert_int_eq(load_fail("action: global\ntitle: t\n", &e), CM_WARN);
	ck_assert_str_eq(e.reason, "collection");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        User|expand: '%Admins%'\n"
	    "    condition: sel\n", &e), CM_WARN);
	ck_assert_str_eq(e.reason, "expand");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|frobnicate: x\n"
	    "    condition: sel\n", &e), CM_WARN);
	ck_assert_str_eq(e.reason, "modifier");
	ck_assert_ptr_nonnull(strstr(e.msg, "'frobnicate'"));
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|wide: x\n    condition: sel\n", &e),
	    CM_WARN);
	ck_assert_str_eq(e.reason, "utf16");
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    sel:\n        A|hour: 3\n    condition: sel\n", &e),
	    CM_WARN);
	ck_assert_str_eq(e.reason, "time-modifier");
}
END_TEST

/* --- values ------------------------------------------------------------------------------ */

START_TEST(test_match_strings)
{
	struct trec t;

	sysmon1(&t);
	/* default: whole value, case-insensitive */
	ck_assert_int_eq(hits(pc("    s:\n        User: 'corp\\ALICE'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        User: 'corp\\alic'\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        Image|endswith: "
	    "'\\POWERSHELL.EXE'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Image|startswith: "
	    "'c:\\windows\\'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Image|startswith: "
	    "'\\windows\\'\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains: "
	    "' -NOP '\n    condition: s\n"), &t.r), 1);
	/* cased */
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|cased: "
	    "' -NOP '\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|cased: "
	    "' -NoP '\n    condition: s\n"), &t.r), 1);
	/* wildcards: * and ? (? is one character) */
	ck_assert_int_eq(hits(pc("    s:\n        Image: "
	    "'c:\\windows\\\\*\\powershell.exe'\n    condition: s\n"), &t.r), 1);
	/* ... while a single backslash escapes the star: a literal '*' */
	ck_assert_int_eq(hits(pc("    s:\n        Image: "
	    "'c:\\windows\\*\\powershell.exe'\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        Image: "
	    "'*\\v?.0\\\\*'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Image: "
	    "'*\\v??.0\\\\*'\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        User: '*'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Missing: '*'\n"
	    "    condition: s\n"), &t.r), 0);
	/* escaping: \* is a star, \\* a backslash then a wildcard */
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains: "
	    "'\"x\\*y\"'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains: "
	    "'\"x\\*z'\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        User: 'corp\\\\*'\n"
	    "    condition: s\n"), &t.r), 1);
	/* a plain backslash before another character stays */
	ck_assert_int_eq(hits(pc("    s:\n        ParentImage: "
	    "'C:\\Windows\\explorer.exe'\n    condition: s\n"), &t.r), 1);
	/* lists are OR, |all is AND */
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains:\n"
	    "            - 'nothere'\n            - '-enc'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|all:\n"
	    "            - 'nothere'\n            - '-enc'\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|all:\n"
	    "            - '-nop'\n            - '-enc'\n"
	    "    condition: s\n"), &t.r), 1);
	/* maps are AND */
	ck_assert_int_eq(hits(pc("    s:\n        User: 'corp\\alice'\n"
	    "        IntegrityLevel: Medium\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        User: 'corp\\alice'\n"
	    "        IntegrityLevel: high\n    condition: s\n"), &t.r), 1);
	/* lists of maps are OR */
	ck_assert_int_eq(hits(pc("    s:\n        - User: bob\n"
	    "        - IntegrityLevel: high\n    condition: s\n"), &t.r), 1);
	/* neq */
	ck_assert_int_eq(hits(pc("    s:\n        IntegrityLevel|neq: high\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        IntegrityLevel|neq:\n"
	    "            - low\n            - medium\n    condition: s\n"),
	    &t.r), 1);
}
END_TEST

START_TEST(test_match_null_exists_numbers)
{
	struct trec t;

	sysmon1(&t);
	/* null: absent or empty; '' only empty */
	ck_assert_int_eq(hits(pc("    s:\n        Missing: null\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        OriginalFileName: null\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        User: null\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        OriginalFileName: ''\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Missing: ''\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        User|exists: true\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Missing|exists: true\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        Missing|exists: false\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        OriginalFileName|exists: "
	    "false\n    condition: s\n"), &t.r), 0);
	/* numbers: YAML integers also compare numerically */
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId: 4242\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        EventID: 1\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        EventID: '01'\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId|gt: 4241\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId|gt: 4242\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId|gte: 4242\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId|lt: 4242.5\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        ProcessId|lte: 4241\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        User|lt: 5\n"
	    "    condition: s\n"), &t.r), 0);
}
END_TEST

START_TEST(test_match_re)
{
	struct trec t;

	sysmon1(&t);
	/* re searches anywhere and is case-sensitive */
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|re: "
	    "'-[Ee]nc\\s+[A-Za-z0-9+/=]{8,}'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|re: '-NOP'\n"
	    "    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|re|i: '-NOP'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|re: '(?i)-NOP'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Image|re: '^C:\\\\Windows'\n"
	    "    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        Image|re: '^Windows'\n"
	    "    condition: s\n"), &t.r), 0);
}
END_TEST

START_TEST(test_match_windash)
{
	struct trec t;
	static const char *const dashes[] = {
		"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95"
	};
	char cl[64];
	size_t i;

	for (i = 0; i < 5; i++) {
		tr_event(&t, SYSMON, "1");
		snprintf(cl, sizeof(cl), "net user x %sadd", dashes[i]);
		tr_str(&t, "CommandLine", cl);
		ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|"
		    "windash: ' -add'\n    condition: s\n"), &t.r), 1);
		ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains: "
		    "' -add'\n    condition: s\n"), &t.r), i == 0);
	}
	/* a dash inside a word is not a switch: only \B[-/]\b changes */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", "tool.exe x/y");
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|contains|windash: "
	    "'x-y'\n    condition: s\n"), &t.r), 0);
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", "a.exe /s /q");
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|windash: "
	    "'a.exe -s -q'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|windash|endswith: "
	    "' -s'\n    condition: s\n"), &t.r), 0);
}
END_TEST

START_TEST(test_match_base64)
{
	struct trec t;

	/* "Invoke-Mimikatz" at each offset inside base64 text */
	tr_event(&t, SYSMON, "1");
	/* base64("IEX Invoke-Mimikatz") = SUVYIEludm9rZS1NaW1pa2F0eg== */
	tr_str(&t, "CommandLine", "powershell -e SUVYIEludm9rZS1NaW1pa2F0eg==");
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|base64offset|"
	    "contains: 'Invoke-Mimikatz'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|base64offset|"
	    "contains: 'Invoke-Mimikittens'\n    condition: s\n"), &t.r), 0);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|base64|contains: "
	    "'IEX Invoke-Mimikatz'\n    condition: s\n"), &t.r), 1);
	/* base64 text is compared case-sensitively */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", "powershell -e suvyieludm9rzs1naw1pa2f0eg==");
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|base64offset|"
	    "contains: 'Invoke-Mimikatz'\n    condition: s\n"), &t.r), 0);
	/* UTF-16LE then base64 (PowerShell -EncodedCommand):
	 * base64(utf16le("whoami")) = dwBoAG8AYQBtAGkA */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", "powershell -enc dwBoAG8AYQBtAGkA");
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|wide|base64offset|"
	    "contains: 'whoami'\n    condition: s\n"), &t.r), 1);
	ck_assert_int_eq(hits(pc("    s:\n        CommandLine|base64offset|"
	    "contains: 'whoami'\n    condition: s\n"), &t.r), 0);
}
END_TEST

START_TEST(test_match_cidr)
{
	struct trec t;
	const char *r4 = "title: t\nlogsource: {category: network_connection, "
	    "product: windows}\ndetection:\n    s:\n        DestinationIp|cidr:\n"
	    "            - '10.0.0.0/8'\n            - '192.168.1.128/25'\n"
	    "    condition: s\n";
	const char *r6 = "title: t\nlogsource: {category: network_connection, "
	    "product: windows}\ndetection:\n    s:\n        DestinationIp|cidr: "
	    "'fe80::/10'\n    condition: s\n";
	static const struct {
		const char *ip;
		int v4, v6;
	} cases[] = {
		{ "10.1.2.3", 1, 0 },
		{ "11.1.2.3", 0, 0 },
		{ "192.168.1.200", 1, 0 },
		{ "192.168.1.100", 0, 0 },
		{ "::ffff:10.9.9.9", 1, 0 },
		{ "fe80:0:0:0:1c2b:3d4e:5f60:7182", 0, 1 },
		{ "fe80::1%12", 0, 1 },
		{ "fec0::1", 0, 0 },
		{ "not an ip", 0, 0 },
		{ "10.1.2", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tr_event(&t, SYSMON, "3");
		tr_str(&t, "DestinationIp", cases[i].ip);
		ck_assert_msg(hits(r4, &t.r) == cases[i].v4, "v4 %s", cases[i].ip);
		ck_assert_msg(hits(r6, &t.r) == cases[i].v6, "v6 %s", cases[i].ip);
	}
}
END_TEST

START_TEST(test_match_fieldref_keywords_lists)
{
	struct trec t;
	static const char items[] = "C:\\a.dll\0C:\\Temp\\evil.dll\0";

	/* fieldref: the file deleted is the process's own image */
	tr_event(&t, SYSMON, "23");
	tr_str(&t, "Image", "C:\\Temp\\x.exe");
	tr_str(&t, "TargetFilename", "c:\\temp\\X.EXE");
	ck_assert_int_eq(hits("title: t\nlogsource: {category: file_delete, "
	    "product: windows}\ndetection:\n    s:\n        TargetFilename|"
	    "fieldref: Image\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: file_delete, "
	    "product: windows}\ndetection:\n    s:\n        TargetFilename|"
	    "fieldref|cased: Image\n    condition: s\n", &t.r), 0);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: file_delete, "
	    "product: windows}\ndetection:\n    s:\n        TargetFilename|"
	    "fieldref|endswith: Missing\n    condition: s\n", &t.r), 0);
	/* keywords search every field value; '|all' needs each of them */
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    k:\n        - 'TEMP\\x'\n        - nothing\n"
	    "    condition: k\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    k:\n        '|all':\n            - 'temp\\x'\n"
	    "            - nothing\n    condition: k\n", &t.r), 0);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    k:\n        '|all':\n            - 'temp\\x'\n"
	    "            - 'sysmon/op'\n    condition: k\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    k: 'X.EXE'\n    condition: k\n", &t.r), 1);
	/* a list field matches when one item does */
	tr_init(&t, "prefetch");
	tr_str(&t, "executable", "RUNDLL32.EXE");
	tr_list(&t, "files", items, sizeof(items) - 1, 2);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows, "
	    "category: invpkg_prefetch}\ndetection:\n    s:\n        files|"
	    "endswith: '\\temp\\evil.dll'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows, "
	    "category: invpkg_prefetch}\ndetection:\n    s:\n        files: "
	    "'c:\\a.dll'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows, "
	    "category: invpkg_prefetch}\ndetection:\n    s:\n        files|"
	    "contains|all:\n            - 'a.dll'\n            - 'evil'\n"
	    "    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows, "
	    "category: invpkg_prefetch}\ndetection:\n    s:\n        files: "
	    "'c:\\'\n    condition: s\n", &t.r), 0);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows, "
	    "category: invpkg_prefetch}\ndetection:\n    k:\n        - 'evil.dll'\n"
	    "    condition: k\n", &t.r), 1);
}
END_TEST

/* --- conditions -------------------------------------------------------------------------- */

START_TEST(test_conditions)
{
	struct trec t;
	static const struct {
		const char *cond;
		int want;
	} cases[] = {
		{ "sel_a", 1 },
		{ "sel_b", 0 },
		{ "not sel_b", 1 },
		{ "NOT sel_a", 0 },
		{ "sel_a and sel_b", 0 },
		{ "sel_a or sel_b", 1 },
		{ "sel_a or sel_b and filter_y", 1 },
		{ "sel_b and sel_a or filter_x", 1 },
		{ "(sel_b or sel_a) and not filter_x", 0 },
		{ "sel_a and not (sel_b or filter_x)", 0 },
		{ "sel_a and not (sel_b or filter_y)", 1 },
		{ "1 of sel_*", 1 },
		{ "all of sel_*", 0 },
		{ "all of sel_a*", 1 },
		{ "1 of sel_* and not 1 of filter_*", 0 },
		{ "1 of sel_* and not all of filter_*", 1 },
		{ "1 of them", 1 },
		{ "all of them", 0 },
		{ "all of *x", 1 },
		{ "all of them or _hidden", 1 },
		{ "not not sel_a", 1 },
		{ "sel_a and ((((sel_a))))", 1 },
	};
	size_t i;
	char det[1024];

	sysmon1(&t);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(det, sizeof(det),
		    "    sel_a:\n        User: 'corp\\alice'\n"
		    "    sel_b:\n        User: bob\n"
		    "    filter_x:\n        IntegrityLevel: high\n"
		    "    filter_y:\n        IntegrityLevel: low\n"
		    "    _hidden:\n        User|exists: true\n"
		    "    condition: %s\n", cases[i].cond);
		ck_assert_msg(hits(pc(det), &t.r) == cases[i].want, "%s",
		    cases[i].cond);
	}
	/* "all of them" skips identifiers starting with '_' */
	ck_assert_int_eq(hits(pc("    a:\n        User: 'corp\\alice'\n"
	    "    _b:\n        User: nobody\n    condition: all of them\n"),
	    &t.r), 1);
	/* a list of conditions is OR-ed */
	ck_assert_int_eq(hits(pc("    a:\n        User: nobody\n"
	    "    b:\n        IntegrityLevel: high\n    condition:\n"
	    "        - a\n        - b\n"), &t.r), 1);
	/* an identifier may be called "all" */
	ck_assert_int_eq(hits(pc("    all:\n        User: 'corp\\alice'\n"
	    "    condition: all and not 1 of x*\n    x1:\n        User: y\n"),
	    &t.r), 1);
}
END_TEST

/* --- log sources ----------------------------------------------------------------------------- */

START_TEST(test_logsource_mapping)
{
	struct trec t;
	char ls[8][96];
	size_t n;
	const char *img = "title: t\nlogsource: {category: process_creation, "
	    "product: windows}\ndetection:\n    s:\n        Image|endswith: "
	    "'\\cmd.exe'\n        ParentImage|endswith: '\\w3wp.exe'\n"
	    "        User: 'corp\\bob'\n    condition: s\n";
	const char *sec = "title: t\nlogsource: {service: security, "
	    "product: windows}\ndetection:\n    s:\n        EventID: 4688\n"
	    "        NewProcessName|endswith: '\\cmd.exe'\n    condition: s\n";
	const char *sysmon_svc = "title: t\nlogsource: {service: sysmon, "
	    "product: windows}\ndetection:\n    s:\n        Image|endswith: "
	    "'\\cmd.exe'\n    condition: s\n";

	/* Sysmon 1 */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "Image", "C:\\Windows\\System32\\cmd.exe");
	tr_str(&t, "ParentImage", "C:\\inetpub\\w3wp.exe");
	tr_str(&t, "User", "CORP\\bob");
	ck_assert_int_eq(hits(img, &t.r), 1);
	ck_assert_int_eq(hits(sysmon_svc, &t.r), 1);
	ck_assert_int_eq(hits(sec, &t.r), 0);
	n = ipk_sigma_record_logsources(&t.r, ls, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ls[0], "windows/-/sysmon");
	ck_assert_str_eq(ls[1], "windows/process_creation/sysmon");
	/* the same from Security 4688, through the field aliases */
	tr_event(&t, "Security", "4688");
	tr_str(&t, "NewProcessName", "C:\\Windows\\System32\\cmd.exe");
	tr_str(&t, "ParentProcessName", "C:\\inetpub\\w3wp.exe");
	tr_str(&t, "SubjectUserName", "corp\\bob");
	tr_str(&t, "CommandLine", "cmd /c whoami");
	ck_assert_int_eq(hits(img, &t.r), 1);
	ck_assert_int_eq(hits(sec, &t.r), 1);
	ck_assert_int_eq(hits(sysmon_svc, &t.r), 0);
	/* ... but a Security rule does not see Sigma names through aliases */
	ck_assert_int_eq(hits("title: t\nlogsource: {service: security, "
	    "product: windows}\ndetection:\n    s:\n        Image|endswith: "
	    "'\\cmd.exe'\n    condition: s\n", &t.r), 0);
	n = ipk_sigma_record_logsources(&t.r, ls, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ls[1], "windows/process_creation/security");
	/* other Security events are not process creation */
	tr_event(&t, "security", "4624");
	tr_str(&t, "NewProcessName", "C:\\Windows\\System32\\cmd.exe");
	tr_str(&t, "ParentProcessName", "C:\\inetpub\\w3wp.exe");
	tr_str(&t, "SubjectUserName", "corp\\bob");
	ck_assert_int_eq(hits(img, &t.r), 0);
	/* the wrong Sysmon event */
	tr_event(&t, SYSMON, "3");
	tr_str(&t, "Image", "C:\\Windows\\System32\\cmd.exe");
	tr_str(&t, "ParentImage", "C:\\inetpub\\w3wp.exe");
	tr_str(&t, "User", "CORP\\bob");
	ck_assert_int_eq(hits(img, &t.r), 0);
	ck_assert_int_eq(hits(sysmon_svc, &t.r), 1);
	/* Provider_Name (Sigma's System attribute name) reads Provider */
	tr_event(&t, "System", "7045");
	tr_str(&t, "Provider", "Service Control Manager");
	tr_str(&t, "ImagePath", "%COMSPEC% /c echo x > \\\\.\\pipe\\y");
	ck_assert_int_eq(hits("title: t\nlogsource: {service: system, "
	    "product: windows}\ndetection:\n    s:\n        Provider_Name: "
	    "'Service Control Manager'\n        EventID: 7045\n"
	    "        ImagePath|contains: 'pipe'\n    condition: s\n", &t.r), 1);
	/* an event alias is only read when the record lacks the name */
	tr_event(&t, "System", "7045");
	tr_str(&t, "Provider", "B");
	tr_str(&t, "Provider_Name", "A");
	tr_int(&t, "ProcessID", "640");
	ck_assert_int_eq(hits("title: t\nlogsource: {service: system, "
	    "product: windows}\ndetection:\n    s:\n        Provider_Name: A\n"
	    "        Execution_ProcessID: 640\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {service: system, "
	    "product: windows}\ndetection:\n    s:\n        Provider_Name: B\n"
	    "    condition: s\n", &t.r), 0);
	/* a 4688 alias is read first */
	tr_event(&t, "Security", "4688");
	tr_str(&t, "Image", "C:\\odd\\cmd.exe");
	tr_str(&t, "NewProcessName", "C:\\Windows\\System32\\whoami.exe");
	ck_assert_int_eq(hits("title: t\nlogsource: {category: process_creation, "
	    "product: windows}\ndetection:\n    s:\n        Image|endswith: "
	    "'\\whoami.exe'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: process_creation, "
	    "product: windows}\ndetection:\n    s:\n        Image|startswith: "
	    "'C:\\odd'\n    condition: s\n", &t.r), 0);
	/* PowerShell script blocks */
	tr_event(&t, "Microsoft-Windows-PowerShell/Operational", "4104");
	tr_str(&t, "ScriptBlockText", "Invoke-Mimikatz -DumpCreds");
	ck_assert_int_eq(hits("title: t\nlogsource: {category: ps_script, "
	    "product: windows}\ndetection:\n    s:\n        ScriptBlockText|"
	    "contains: 'invoke-mimikatz'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: ps_module, "
	    "product: windows}\ndetection:\n    s:\n        ScriptBlockText|"
	    "contains: 'invoke-mimikatz'\n    condition: s\n", &t.r), 0);
	/* registry: EventType picks add or delete for Sysmon 12 */
	tr_event(&t, SYSMON, "12");
	tr_str(&t, "EventType", "DeleteKey");
	tr_str(&t, "TargetObject", "HKLM\\SOFTWARE\\x");
	ck_assert_int_eq(hits("title: t\nlogsource: {category: registry_delete, "
	    "product: windows}\ndetection:\n    s:\n        TargetObject|"
	    "startswith: 'HKLM\\'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: registry_add, "
	    "product: windows}\ndetection:\n    s:\n        TargetObject|"
	    "startswith: 'HKLM\\'\n    condition: s\n", &t.r), 0);
	ck_assert_int_eq(hits("title: t\nlogsource: {category: registry_event, "
	    "product: windows}\ndetection:\n    s:\n        TargetObject|"
	    "startswith: 'HKLM\\'\n    condition: s\n", &t.r), 1);
	/* snapshot kinds: category invpkg_<kind>; never an event source */
	tr_init(&t, "member");
	tr_str(&t, "path", "Autoruns/Run.txt");
	tr_str(&t, "status", "ok");
	ck_assert_int_eq(hits("title: t\nlogsource: {category: invpkg_member, "
	    "product: windows}\ndetection:\n    s:\n        path|startswith: "
	    "'autoruns/'\n    condition: s\n", &t.r), 1);
	ck_assert_int_eq(hits(img, &t.r), 0);
	n = ipk_sigma_record_logsources(&t.r, ls, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ls[0], "windows/invpkg_member/-");
	/* a rule for another product loads but never matches */
	ck_assert_int_eq(hits("title: t\nlogsource: {product: linux, "
	    "category: invpkg_member}\ndetection:\n    s:\n        status: ok\n"
	    "    condition: s\n", &t.r), 0);
	/* a rule with only a product sees every record */
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    s:\n        status: ok\n    condition: s\n",
	    &t.r), 1);
}
END_TEST

/* --- sets -------------------------------------------------------------------------------------- */

struct diags {
	int n;
	int warn, failed;
	char first[512];
	char last[512];
	char reasons[512];
};

static void
diag_cb(void *user, const struct ipk_sigma_diag *d)
{
	struct diags *g = user;
	size_t l = strlen(g->reasons);

	g->n++;
	if (d->level == CM_WARN)
		g->warn++;
	else
		g->failed++;
	snprintf(g->last, sizeof(g->last), "%s|%lu|%s", d->file, d->line,
	    d->message);
	if (g->n == 1)
		snprintf(g->first, sizeof(g->first), "%s", g->last);
	snprintf(g->reasons + l, sizeof(g->reasons) - l, "%s%s", l ? "," : "",
	    d->reason);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static const char rule_a[] = "title: A\nid: a\nlogsource: {product: windows, "
    "category: process_creation}\ndetection:\n    s:\n        Image|endswith: "
    "'\\cmd.exe'\n    condition: s\nlevel: high\n";
static const char rule_b[] = "title: B\nid: b\nlogsource: {product: windows, "
    "service: sysmon}\ndetection:\n    s:\n        EventID: 1\n"
    "    condition: s\n";
static const char rule_bad[] = "title: Bad\nlogsource: {product: windows}\n"
    "detection:\n    s: x\n";
static const char rule_unsup[] = "title: U\nlogsource: {product: windows}\n"
    "detection:\n    s: x\n    condition: s | count() > 3\n";
static const char rule_dead[] = "title: D\nlogsource: {product: windows, "
    "category: file_access}\ndetection:\n    s: x\n    condition: s\n";

struct order {
	char ids[8][8];
	int n;
	int stop_after;
};

static int
order_cb(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	struct order *o = user;

	(void)rec;
	snprintf(o->ids[o->n++], 8, "%s", ipk_sigma_rule_meta(rule)->id);
	return o->stop_after > 0 && o->n >= o->stop_after;
}

START_TEST(test_set_path_and_blobs)
{
	char dir[256], sub[300], path[400];
	struct ipk_sigma_set *s = ipk_sigma_set_new();
	struct ipk_sigma_stats st;
	struct diags g;
	struct order o;
	struct trec t;
	int rc;
	const struct ipk_blob blobs[] = {
		{ "b.yml", (const unsigned char *)rule_b, sizeof(rule_b) - 1 },
		{ "readme.txt", (const unsigned char *)"x", 1 },
		{ "dead.yaml", (const unsigned char *)rule_dead,
		  sizeof(rule_dead) - 1 },
		{ NULL, NULL, 0 }
	};

	snprintf(dir, sizeof(dir), "/tmp/ipk_sigma_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/a.yml", sub);
	write_file(path, rule_a);
	snprintf(path, sizeof(path), "%s/bad.yml", dir);
	write_file(path, rule_bad);
	snprintf(path, sizeof(path), "%s/u.yml", dir);
	write_file(path, rule_unsup);
	snprintf(path, sizeof(path), "%s/notes.md", dir);
	write_file(path, "not a rule");
	snprintf(path, sizeof(path), "%s/.hidden.yml", dir);
	write_file(path, rule_bad);

	memset(&g, 0, sizeof(g));
	rc = ipk_sigma_set_load_path(s, dir, diag_cb, &g);
	ck_assert_int_eq(rc, CM_WARN);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.failed, 1);
	ck_assert_int_eq(g.warn, 1);
	/* files in name order: bad.yml, sub/a.yml, u.yml */
	ck_assert_str_eq(g.reasons, "condition,aggregation");
	/* File and line come apart from the message, not again inside it. */
	ck_assert_msg(strstr(g.first, "/bad.yml|3|detection has no condition")
	    != NULL && strstr(g.first, "bad.yml:") == NULL, "%s", g.first);
	ck_assert_ptr_nonnull(strstr(g.last, "u.yml|5|unsupported: "));
	ck_assert_uint_eq(ipk_sigma_set_count(s), 1);
	ck_assert_str_eq(ipk_sigma_rule_meta(ipk_sigma_set_rule(s, 0))->title,
	    "A");
	ck_assert_ptr_null(ipk_sigma_set_rule(s, 1));

	memset(&g, 0, sizeof(g));
	rc = ipk_sigma_set_load_blobs(s, blobs, diag_cb, &g);
	ck_assert_int_eq(rc, CM_OK);
	ck_assert_int_eq(g.n, 1);
	ck_assert_str_eq(g.reasons, "logsource");
	ck_assert_ptr_nonnull(strstr(g.last, "dead.yaml|0|logsource "
	    "product=windows category=file_access"));
	ipk_sigma_set_stats(s, &st);
	ck_assert_uint_eq(st.loaded, 3);
	ck_assert_uint_eq(st.unsupported, 1);
	ck_assert_uint_eq(st.errors, 1);
	ck_assert_uint_eq(st.dead, 1);

	/* a Sysmon process creation meets A (category) and B (service), in
	 * the order they were added */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "Image", "C:\\Windows\\System32\\cmd.exe");
	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(ipk_sigma_set_match(s, &t.r, order_cb, &o), 2);
	ck_assert_int_eq(o.n, 2);
	ck_assert_str_eq(o.ids[0], "a");
	ck_assert_str_eq(o.ids[1], "b");
	memset(&o, 0, sizeof(o));
	o.stop_after = 1;
	ck_assert_int_eq(ipk_sigma_set_match(s, &t.r, order_cb, &o), CM_FATAL);
	ck_assert_int_eq(o.n, 1);
	/* NULL callback: only counted */
	ck_assert_int_eq(ipk_sigma_set_match(s, &t.r, NULL, NULL), 2);

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), "%s/none", dir);
	ck_assert_int_eq(ipk_sigma_set_load_path(s, path, diag_cb, &g),
	    CM_FAILED);
	ck_assert_str_eq(g.reasons, "io");
	/* one file by path */
	snprintf(path, sizeof(path), "%s/sub/a.yml", dir);
	ck_assert_int_eq(ipk_sigma_set_load_path(s, path, NULL, NULL), CM_OK);
	ck_assert_uint_eq(ipk_sigma_set_count(s), 4);
	ipk_sigma_set_free(&s);
	ck_assert_ptr_null(s);
	ipk_sigma_set_free(&s);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* One set, many records: the per-record caches must not leak between
 * records (lowered values, field slots). */
START_TEST(test_set_many_records)
{
	struct ipk_sigma_set *s = ipk_sigma_set_new();
	struct trec t;
	char img[64];
	int i, total = 0;

	ck_assert_int_eq(ipk_sigma_set_load_buffer(s, rule_a, sizeof(rule_a) - 1,
	    "a.yml", NULL, NULL), CM_OK);
	for (i = 0; i < 1000; i++) {
		tr_event(&t, SYSMON, "1");
		if (i % 2)
			tr_str(&t, "User", "x");   /* shifts field positions */
		snprintf(img, sizeof(img), "C:\\x\\%s.EXE",
		    i % 10 == 0 ? "CMD" : "calc");
		tr_str(&t, "Image", img);
		total += ipk_sigma_set_match(s, &t.r, NULL, NULL);
	}
	ck_assert_int_eq(total, 100);
	ipk_sigma_set_free(&s);
}
END_TEST

/* --- hostile rules and values ------------------------------------------------------------------ */

START_TEST(test_hostile)
{
	struct ipk_sigma_error e;
	struct ipk_sigma_set *s;
	struct ipk_sigma_stats st;
	struct trec t;
	char *big, *p;
	size_t i;

	/* a YAML alias cycle and aliases fanning out */
	ck_assert_int_eq(load_fail("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    s: &a [*a]\n    condition: s\n", &e), CM_FAILED);
	big = malloc(1 << 20);
	p = big;
	p += sprintf(p, "title: t\nlogsource: {product: windows}\ndetection:\n"
	    "    s:\n        A: &v [");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, "%sv%zu", i ? ", " : "", i);
	p += sprintf(p, "]\n");
	for (i = 0; i < 60; i++)
		p += sprintf(p, "    s%zu:\n        A: *v\n", i);
	p += sprintf(p, "    condition: 1 of s*\n");
	ck_assert_int_eq(load_fail(big, &e), CM_FAILED);
	ck_assert_str_eq(e.reason, "limit");
	/* deep parentheses */
	p = big;
	p += sprintf(p, "title: t\nlogsource: {product: windows}\ndetection:\n"
	    "    s: x\n    condition: ");
	for (i = 0; i < 100; i++)
		*p++ = '(';
	p += sprintf(p, "s");
	for (i = 0; i < 100; i++)
		*p++ = ')';
	*p++ = '\n';
	*p = 0;
	ck_assert_int_eq(load_fail(big, &e), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "nested too deeply"));
	/* binary junk */
	for (i = 0; i < 4096; i++)
		big[i] = (char)(i * 7 + 3);
	ck_assert_int_ne(ipk_sigma_rule_load(&(struct ipk_sigma_rule *){ NULL },
	    big, 4096, "junk", &e), CM_OK);
	/* catastrophic backtracking is stopped and counted, not hung */
	s = ipk_sigma_set_new();
	p = (char *)pc("    s:\n        CommandLine|re: '^(a+)+$'\n"
	    "    condition: s\n");
	ck_assert_int_eq(ipk_sigma_set_load_buffer(s, p, strlen(p), "re.yml",
	    NULL, NULL), CM_OK);
	memset(big, 'a', 5000);
	big[5000] = '!';
	big[5001] = 0;
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", big);
	ck_assert_int_eq(ipk_sigma_set_match(s, &t.r, NULL, NULL), 0);
	ipk_sigma_set_stats(s, &st);
	ck_assert_uint_eq(st.regex_errors, 1);
	/* invalid UTF-8 in a value does not upset the UTF-8 regex */
	tr_event(&t, SYSMON, "1");
	tr_str(&t, "CommandLine", "a\xff\xfe\xc3 b");
	ck_assert_int_eq(ipk_sigma_set_match(s, &t.r, NULL, NULL), 0);
	ipk_sigma_set_free(&s);
	/* records without fields, kind or odd types */
	tr_init(&t, "event");
	ck_assert_int_eq(hits(pc("    s:\n        A: null\n    condition: s\n"),
	    &t.r), 0);
	ck_assert_int_eq(hits("title: t\nlogsource: {product: windows}\n"
	    "detection:\n    s:\n        A: null\n    condition: s\n", &t.r), 1);
	free(big);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sigma");
	TCase *tc = tcase_create("engine");

	tcase_add_test(tc, test_load_meta);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_load_unsupported);
	tcase_add_test(tc, test_match_strings);
	tcase_add_test(tc, test_match_null_exists_numbers);
	tcase_add_test(tc, test_match_re);
	tcase_add_test(tc, test_match_windash);
	tcase_add_test(tc, test_match_base64);
	tcase_add_test(tc, test_match_cidr);
	tcase_add_test(tc, test_match_fieldref_keywords_lists);
	tcase_add_test(tc, test_conditions);
	tcase_add_test(tc, test_logsource_mapping);
	tcase_add_test(tc, test_set_path_and_blobs);
	tcase_add_test(tc, test_set_many_records);
	tcase_add_test(tc, test_hostile);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(suite)
