/*
 * regquery.c - reading `reg query "<key>" /s` output (see regquery.h).
 *
 *   HKEY_USERS\S-1-5-21-1-2-3-1001\Software\Microsoft\Windows\CurrentVersion\Run
 *       OneDrive    REG_SZ    "C:\Users\a\AppData\Local\Microsoft\OneDrive\OneDrive.exe" /background
 *
 * Localized parts: the name reg.exe prints for a key's default value
 * ("(Default)", "(par défaut)", "(既定)": aliases.tsv, table autoruns,
 * "@default"), the /f summary line (table autoruns, "@end_of_search") and
 * the error texts (gaps.tsv).  Everything else is keyed on structure.
 */
#include "ipk_private.h"
#include "regquery.h"

#include <string.h>

static int
blank_char(char c)
{
	return c == ' ' || c == '\t';
}

static int
type_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The hives reg.exe prints, and their short names. */
static const struct {
	const char *longname;
	const char *shortname;
} hives[] = {
	{ "HKEY_LOCAL_MACHINE", "HKLM" },
	{ "HKEY_CURRENT_USER", "HKCU" },
	{ "HKEY_USERS", "HKU" },
	{ "HKEY_CLASSES_ROOT", "HKCR" },
	{ "HKEY_CURRENT_CONFIG", "HKCC" },
};

/* Length of the hive component at s if it is a known hive, else 0. */
static size_t
hive_at(const char *s, size_t n, const char **shortname)
{
	size_t i, k;

	for (i = 0; i < sizeof(hives) / sizeof(hives[0]); i++) {
		const char *names[2];
		size_t j;

		names[0] = hives[i].longname;
		names[1] = hives[i].shortname;
		for (j = 0; j < 2; j++) {
			k = strlen(names[j]);
			if (n >= k && ipk_prefix_ci(s, n, names[j]) &&
			    (n == k || s[k] == '\\')) {
				if (shortname != NULL)
					*shortname = hives[i].shortname;
				return k;
			}
		}
	}
	return 0;
}

int
ipk_reg_is_key(const char *s, size_t n)
{
	size_t k;

	if (n == 0 || blank_char(s[0]))
		return 0;
	k = hive_at(s, n, NULL);
	if (k == 0)
		return 0;
	/* "HKEY_LOCAL_MACHINE" alone, or followed by a path. */
	return 1;
}

void
ipk_reg_key_parts(const char *key, size_t n, const char **hive,
    const char **sid, size_t *sid_len, int *wow32)
{
	const char *shortname = "";
	size_t k = hive_at(key, n, &shortname);

	*hive = k > 0 ? shortname : "";
	*sid = NULL;
	*sid_len = 0;
	if (k > 0 && strcmp(shortname, "HKU") == 0 && k < n) {
		const char *s = key + k + 1;
		size_t m = 0, rest = n - k - 1;

		while (m < rest && s[m] != '\\')
			m++;
		if (m > 4 && ipk_prefix_ci(s, m, "S-1-")) {
			if (m > 8 && ipk_eq_ci(s + m - 8, 8, "_Classes"))
				m -= 8;
			*sid = s;
			*sid_len = m;
		}
	}
	*wow32 = ipk_reg_key_has(key, n, "Wow6432Node");
}

void
ipk_reg_key_leaf(const char *key, size_t n, const char **leaf,
    size_t *leaf_len)
{
	size_t i = n;

	while (i > 0 && key[i - 1] != '\\')
		i--;
	*leaf = key + i;
	*leaf_len = n - i;
}

int
ipk_reg_key_has(const char *key, size_t n, const char *component)
{
	size_t m = strlen(component), i;

	for (i = 0; i + m <= n; i++) {
		if ((i == 0 || key[i - 1] == '\\') &&
		    ipk_prefix_ci(key + i, n - i, component) &&
		    (i + m == n || key[i + m] == '\\'))
			return 1;
	}
	return 0;
}

/*
 * Splits an indented value line.  Returns 1 and fills the name, type and
 * data of it, or 0 if the line has no REG_ type between blanks.
 */
static int
split_value(const char *s, size_t n, struct ipk_reg_item *it)
{
	size_t start, i;

	if (n == 0 || !blank_char(s[0]))
		return 0;
	/* reg.exe indents with 4 spaces; other producers with any blanks. */
	if (n >= 4 && memcmp(s, "    ", 4) == 0)
		start = 4;
	else
		for (start = 0; start < n && blank_char(s[start]); start++)
			;
	for (i = start > 0 ? start : 1; i + 4 < n; i++) {
		size_t t, nend;

		if (memcmp(s + i, "REG_", 4) != 0 || !blank_char(s[i - 1]))
			continue;
		/* Two blanks (or a tab) before it, unless the name is empty. */
		if (i > start && !(s[i - 1] == '\t' || (i >= 2 &&
		    blank_char(s[i - 2]))))
			continue;
		for (t = i + 4; t < n && type_char(s[t]); t++)
			;
		if (t == i + 4 || (t < n && !blank_char(s[t])))
			continue;
		/* The name: up to the separator before the type. */
		nend = i;
		if (nend >= start + 4 && memcmp(s + nend - 4, "    ", 4) == 0)
			nend -= 4;
		else
			while (nend > start && blank_char(s[nend - 1]))
				nend--;
		if (nend < start)
			nend = start;
		it->name = s + start;
		it->name_len = nend - start;
		it->type = s + i;
		it->type_len = t - i;
		/* The data: after exactly 4 spaces, or after any blanks. */
		if (t + 4 <= n && memcmp(s + t, "    ", 4) == 0)
			t += 4;
		else
			while (t < n && blank_char(s[t]))
				t++;
		it->data = s + t;
		it->data_len = n - t;
		return 1;
	}
	return 0;
}

static int
is_default_name(const char *s, size_t n)
{
	const char *canon;

	if (n < 3 || s[0] != '(' || s[n - 1] != ')')
		return 0;
	canon = ipk_alias("autoruns", s, n);
	return canon != NULL && strcmp(canon, "@default") == 0;
}

/* "End of search: 2 match(es) found." in any language. */
static int
is_summary(const char *s, size_t n)
{
	size_t i;
	const char *canon;

	for (i = 0; i < n && s[i] != ':'; i++)
		;
	/* Full-width colon in Japanese. */
	if (i == n) {
		for (i = 0; i + 2 < n; i++)
			if ((unsigned char)s[i] == 0xEF &&
			    (unsigned char)s[i + 1] == 0xBC &&
			    (unsigned char)s[i + 2] == 0x9A)
				break;
		if (i + 2 >= n)
			return 0;
	}
	canon = ipk_alias("autoruns", s, i);
	return canon != NULL && strcmp(canon, "@end_of_search") == 0;
}

/* A collector's line that names a key: returns 1 and the path. */
static int
banner_key(const char *s, size_t n, const char **key, size_t *key_len)
{
	size_t i, e;

	for (i = 1; i < n; i++) {
		if ((s[i - 1] == ' ' || s[i - 1] == '"' || s[i - 1] == '\t' ||
		    s[i - 1] == '[' || s[i - 1] == '=') &&
		    hive_at(s + i, n - i, NULL) > 0)
			break;
	}
	if (i >= n)
		return 0;
	e = i;
	while (e < n && s[e] != '"' && s[e] != ']' &&
	    !(s[e] == ' ' && e + 1 < n && s[e + 1] == '/'))
		e++;
	while (e > i && blank_char(s[e - 1]))
		e--;
	*key = s + i;
	*key_len = e - i;
	return 1;
}

void
ipk_regq_init(struct ipk_regq *r, const char *text, size_t len,
    struct ipk_pctx *ctx)
{
	memset(r, 0, sizeof(*r));
	ipk_lines_init(&r->l, text, len, ctx);
}

/* What a line would be, without side effects (for continuation). */
static int
line_is_other(const char *s, size_t n)
{
	struct ipk_reg_item tmp;

	if (ipk_blank(s, n) || ipk_reg_is_key(s, n))
		return 0;
	if (split_value(s, n, &tmp))
		return 0;
	if (ipk_gap_phrase(s, n, NULL) != NULL)
		return 0;
	/* An indented line naming a type is a broken value line, not data. */
	if (blank_char(s[0]) && ipk_contains_ci(s, n, " REG_"))
		return 0;
	return 1;
}

static int
is_string_type(const char *t, size_t n)
{
	return ipk_eq_ci(t, n, "REG_SZ") || ipk_eq_ci(t, n, "REG_EXPAND_SZ") ||
	    ipk_eq_ci(t, n, "REG_MULTI_SZ");
}

int
ipk_regq_next(struct ipk_regq *r, struct ipk_reg_item *it)
{
	const char *s;
	size_t n;

	for (;;) {
		if (!ipk_lines_next(&r->l, &s, &n))
			return 0;
		memset(it, 0, sizeof(*it));
		it->line = r->l.lineno;
		it->last_line = r->l.lineno;
		it->key = r->key;
		it->key_len = r->key_len;
		it->text = s;
		it->text_len = n;
		if (ipk_blank(s, n)) {
			r->in_key = 0;
			continue;
		}
		if (ipk_reg_is_key(s, n)) {
			ipk_trim(&s, &n);
			r->key = s;
			r->key_len = n;
			r->in_key = 1;
			it->kind = IPK_REG_KEY;
			it->key = s;
			it->key_len = n;
			return 1;
		}
		if (split_value(s, n, it)) {
			it->kind = IPK_REG_VALUE;
			it->is_default = is_default_name(it->name,
			    it->name_len);
			/*
			 * String data with line breaks: the lines up to a blank
			 * line or one of another shape belong to it.
			 */
			if (is_string_type(it->type, it->type_len)) {
				for (;;) {
					struct ipk_lines save = r->l;
					const char *s2, *bk;
					size_t n2, bkn;

					if (!ipk_lines_next(&r->l, &s2, &n2))
						break;
					if (!line_is_other(s2, n2) ||
					    banner_key(s2, n2, &bk, &bkn)) {
						r->l = save;
						break;
					}
					it->data_len = (size_t)(s2 + n2 -
					    it->data);
					it->last_line = r->l.lineno;
				}
			}
			return 1;
		}
		ipk_trim(&s, &n);
		it->text = s;
		it->text_len = n;
		it->gap_status = ipk_gap_phrase(s, n, &it->gap_phrase);
		if (it->gap_status != NULL) {
			it->kind = IPK_REG_GAP;
			return 1;
		}
		if (is_summary(s, n)) {
			it->kind = IPK_REG_SUMMARY;
			return 1;
		}
		if (banner_key(s, n, &it->key, &it->key_len)) {
			it->kind = IPK_REG_BANNER;
			return 1;
		}
		it->kind = IPK_REG_OTHER;
		return 1;
	}
}

int
ipk_regq_probe(const char *text, size_t len, size_t *nkeys, size_t *nvalues)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	size_t keys = 0, values = 0, other = 0, seen = 0;
	int score = 0;

	ipk_regq_init(&r, text, len, NULL);
	while (seen < 400 && ipk_regq_next(&r, &it)) {
		seen++;
		switch (it.kind) {
		case IPK_REG_KEY:
			keys++;
			break;
		case IPK_REG_VALUE:
			if (it.key != NULL)
				values++;
			else
				other++;
			break;
		case IPK_REG_OTHER:
			other++;
			break;
		default:
			break;
		}
	}
	if (keys > 0 && values > 0)
		score = other * 4 <= keys + values ? 90 : 60;
	else if (keys > 0)
		score = other <= keys ? 40 : 20;
	if (nkeys != NULL)
		*nkeys = keys;
	if (nvalues != NULL)
		*nvalues = values;
	return score;
}
