/*
 * installed_programs.c - installed programs (Installed programs/
 * InstalledPrograms.csv), from any of the producers seen:
 *
 *   wmic product get ... /format:csv (UTF-16LE, a blank line, then)
 *     Node,Caption,Description,IdentifyingNumber,InstallDate,...,Vendor,Version
 *     HOST,7-Zip 23.01 (x64 edition),...,{23170F69-40C1-2702-2301-000001000000},20230115,...
 *   Get-CimInstance Win32_Product | Export-Csv, or an export of the
 *   Uninstall keys ("DisplayName","DisplayVersion","Publisher",...);
 *   reg query "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall" /s
 *     HKEY_LOCAL_MACHINE\...\Uninstall\{23170F69-40C1-2702-2301-000001000000}
 *         DisplayName    REG_SZ    7-Zip 23.01 (x64 edition)
 *
 * One "installed_programs" record per product.  Column headers and value
 * names map to fields through aliases.tsv (table installed_programs), so
 * both WMI (Name, Vendor, Version) and Uninstall (DisplayName, Publisher,
 * DisplayVersion) spellings work.  An Uninstall subkey without DisplayName
 * is not listed by Windows either (updates, components) and is skipped.
 */
#include "ipk_private.h"
#include "regquery.h"
#include "wintable.h"
#include "wintime.h"

#include <string.h>

static const char *const fields[] = {
	"name", "version", "vendor", "install_date", "install_date_raw",
	"install_location", "install_source", "identifying_number",
	"package_name", "package_code", "local_package", "language",
	"install_state", "description", "uninstall_string", "registry_key",
	"user_sid", "view", "host", NULL
};

/* Fields copied as they are, in record order (after the dates). */
static const char *const plain_after_date[] = {
	"install_location", "install_source", NULL
};
static const char *const plain_after_id[] = {
	"package_name", "package_code", "local_package", "language",
	"install_state", "description", "uninstall_string", NULL
};

static const struct ipk_wt_col cols[] = {
	/* free text, in order of preference for surplus commas */
	{ "name", IPK_WT_TEXT },
	{ "caption", IPK_WT_TEXT },
	{ "description", IPK_WT_TEXT },
	{ "vendor", IPK_WT_TEXT },
	{ "install_location", IPK_WT_TEXT },
	{ "install_source", IPK_WT_TEXT },
	{ "package_name", IPK_WT_TEXT },
	{ "local_package", IPK_WT_TEXT },
	{ "package_cache", IPK_WT_TEXT },
	{ "uninstall_string", IPK_WT_TEXT },
	/* shaped */
	{ "host", IPK_WT_WORD },
	{ "identifying_number", IPK_WT_GUID },
	{ "package_code", IPK_WT_GUID },
	{ "install_date", IPK_WT_TIME },
	{ "install_date2", IPK_WT_TIME },
	{ "install_state", IPK_WT_INT },
	{ "language", IPK_WT_INT },
	{ "version", IPK_WT_WORD },
	{ NULL, IPK_WT_ANY }
};

static const struct ipk_wt_spec spec = {
	.table = "installed_programs",
	.cols = cols,
	.min_known = 2,
};

/* A value source: CSV row or registry key. */
typedef int (*getter_fn)(const void *src, const char *canon, const char **v,
    size_t *n);

static void
add_plain(struct ipk_pctx *c, getter_fn get, const void *src,
    const char *const *names)
{
	const char *v;
	size_t n;

	for (; *names != NULL; names++)
		if (get(src, *names, &v, &n))
			ipk_rec_trim(c, *names, v, n);
}

/*
 * Emits one program.  key/key_len: the registry key (registry dumps), or
 * NULL.  Returns as ipk_rec_emit().
 */
static int
emit_program(struct ipk_pctx *c, unsigned long line, getter_fn get,
    const void *src, const char *key, size_t key_len, int order)
{
	const char *v;
	size_t n;

	ipk_rec_begin(c, line);
	if (get(src, "name", &v, &n) || get(src, "caption", &v, &n))
		ipk_rec_trim(c, "name", v, n);
	if (get(src, "version", &v, &n))
		ipk_rec_trim(c, "version", v, n);
	if (get(src, "vendor", &v, &n))
		ipk_rec_trim(c, "vendor", v, n);
	if (get(src, "install_date", &v, &n) ||
	    get(src, "install_date2", &v, &n))
		ipk_rec_time(c, "install_date", "install_date_raw", v, n,
		    order);
	add_plain(c, get, src, plain_after_date);
	if (get(src, "identifying_number", &v, &n))
		ipk_rec_trim(c, "identifying_number", v, n);
	else if (get(src, "key_name", &v, &n) && ipk_wt_is_guid(v, n))
		ipk_rec_str(c, "identifying_number", v, n);
	add_plain(c, get, src, plain_after_id);
	if (key != NULL) {
		const char *hive, *sid;
		size_t sid_len;
		int wow32;

		ipk_reg_key_parts(key, key_len, &hive, &sid, &sid_len, &wow32);
		ipk_rec_str(c, "registry_key", key, key_len);
		if (sid != NULL)
			ipk_rec_str(c, "user_sid", sid, sid_len);
		ipk_rec_str(c, "view", wow32 ? "32" : "64", (size_t)-1);
	}
	if (get(src, "host", &v, &n))
		ipk_rec_trim(c, "host", v, n);
	return ipk_rec_emit(c);
}

/* --- CSV ---------------------------------------------------------------- */

struct csvctx {
	struct ipk_pctx *c;
	int order;
};

static int
row_get(const void *src, const char *canon, const char **v, size_t *n)
{
	return ipk_wt_get(src, canon, v, n);
}

static int
on_row(void *user, const struct ipk_wt_row *row)
{
	struct csvctx *x = user;
	const char *v;
	size_t n;

	if (!ipk_wt_get(row, "name", &v, &n) &&
	    !ipk_wt_get(row, "caption", &v, &n) &&
	    !ipk_wt_get(row, "identifying_number", &v, &n))
		return ipk_warn(x->c, row->line, "row names no program; "
		    "skipped");
	return emit_program(x->c, row->line, row_get, row, NULL, 0, x->order);
}

/* --- reg query of the Uninstall keys ----------------------------------- */

struct regprog {
	const char *key;             /* the product's key */
	size_t key_len;
	unsigned long line;          /* line of the key */
	size_t n;                    /* values kept */
	/* their field names */
	const char *canon[CM_MAX_INSTALLED_PROGRAMS_VALUES];
	const char *v[CM_MAX_INSTALLED_PROGRAMS_VALUES];
	size_t vn[CM_MAX_INSTALLED_PROGRAMS_VALUES];
};

static int
reg_get(const void *src, const char *canon, const char **v, size_t *n)
{
	const struct regprog *p = src;
	size_t i;

	if (strcmp(canon, "key_name") == 0) {
		ipk_reg_key_leaf(p->key, p->key_len, v, n);
		return *n > 0;
	}
	for (i = 0; i < p->n; i++) {
		if (strcmp(p->canon[i], canon) == 0) {
			const char *s = p->v[i];
			size_t k = p->vn[i];

			ipk_trim(&s, &k);
			if (k == 0)
				continue;
			*v = s;
			*n = k;
			return 1;
		}
	}
	return 0;
}

static int
flush_prog(struct ipk_pctx *c, struct regprog *p, int order)
{
	const char *v;
	size_t n;
	int rc = CM_OK;

	if (p->key != NULL && reg_get(p, "name", &v, &n))
		rc = emit_program(c, p->line, reg_get, p, p->key, p->key_len,
		    order);
	memset(p, 0, sizeof(*p));
	return rc;
}

/* 1 if key is a product key: ...\Uninstall\<product>. */
static int
product_key(const char *key, size_t n)
{
	const char *leaf;
	size_t ln, pn;

	ipk_reg_key_leaf(key, n, &leaf, &ln);
	if (ln == 0 || leaf == key)
		return 0;
	pn = (size_t)(leaf - key) - 1;
	return pn >= 9 && ipk_eq_ci(key + pn - 9, 9, "Uninstall") &&
	    (pn == 9 || key[pn - 10] == '\\');
}

static int
parse_registry(struct ipk_pctx *c, const char *text, size_t len, int order)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	struct regprog p;
	int rc = CM_OK;

	memset(&p, 0, sizeof(p));
	ipk_regq_init(&r, text, len, c);
	while (ipk_regq_next(&r, &it)) {
		const char *canon;

		switch (it.kind) {
		case IPK_REG_KEY:
			if (flush_prog(c, &p, order) == CM_FATAL)
				return CM_FATAL;
			if (product_key(it.key, it.key_len)) {
				p.key = it.key;
				p.key_len = it.key_len;
				p.line = it.line;
			}
			break;
		case IPK_REG_VALUE:
			if (p.key == NULL)
				break;     /* the Uninstall key, or deeper */
			canon = ipk_alias("installed_programs", it.name,
			    it.name_len);
			if (canon != NULL &&
			    p.n < CM_MAX_INSTALLED_PROGRAMS_VALUES) {
				p.canon[p.n] = canon;
				p.v[p.n] = it.data;
				p.vn[p.n] = it.data_len;
				p.n++;
			}
			break;
		case IPK_REG_GAP:
			if (flush_prog(c, &p, order) == CM_FATAL)
				return CM_FATAL;
			if (ipk_gap(c, it.line, it.gap_status, it.text,
			    it.text_len) == CM_FATAL)
				return CM_FATAL;
			break;
		case IPK_REG_BANNER:
		case IPK_REG_SUMMARY:
			break;
		case IPK_REG_OTHER:
			rc = ipk_warn(c, it.line, "not a reg query line: "
			    "'%.*s'",
			    ipk_excerpt_len(it.text, it.text_len, 60), it.text);
			break;
		}
	}
	if (flush_prog(c, &p, order) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

/* Product keys with a DisplayName among the first lines. */
static size_t
reg_products(const char *text, size_t len)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	size_t seen = 0, found = 0;
	int in_product = 0;

	ipk_regq_init(&r, text, len, NULL);
	while (seen < 400 && ipk_regq_next(&r, &it)) {
		seen++;
		if (it.kind == IPK_REG_KEY)
			in_product = product_key(it.key, it.key_len);
		else if (it.kind == IPK_REG_VALUE && in_product &&
		    ipk_eq_ci(it.name, it.name_len, "DisplayName"))
			found++;
	}
	return found;
}

static int
probe(const char *text, size_t len)
{
	static const char *const distinctive[] = {
		"identifying_number", "vendor", "version", "install_location",
		"install_source", "package_name", "uninstall_string",
		"local_package", NULL
	};
	struct ipk_wt_head h;
	const char *const *d;
	size_t k = 0;

	if (ipk_regq_probe(text, len, NULL, NULL) > 0)
		return reg_products(text, len) > 0 ? 85 : 0;
	if (!ipk_wt_head(text, len, &spec, &h))
		return 0;
	for (d = distinctive; *d != NULL; d++)
		k += ipk_wt_head_has(&h, *d);
	if (ipk_wt_head_has(&h, "name") && k >= 2)
		return 90;
	if (ipk_wt_head_has(&h, "name") && k == 1)
		return 60;
	return k >= 3 ? 50 : 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct csvctx x;
	int order = ipk_date_order_scan(text, len);

	if (ipk_regq_probe(text, len, NULL, NULL) > 0)
		return parse_registry(c, text, len, order);
	x.c = c;
	x.order = order;
	return ipk_wt_parse(c, text, len, &spec, on_row, &x);
}

const struct ipk_parser ipk_parser_installed_programs = {
	.name = "installed_programs",
	.kind = "installed_programs",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
