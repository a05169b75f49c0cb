/*
 * autoruns.c - autostart (ASEP) registry keys as `reg query "<key>" /s`
 * prints them: one file per key in Microsoft's documented layout
 * (Autoruns/<name>), or all keys concatenated in Autoruns.txt.
 *
 *   HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run
 *       SecurityHealth    REG_EXPAND_SZ    %windir%\system32\SecurityHealthSystray.exe
 *
 *   ERROR: The system was unable to find the specified registry key or value.
 *
 * One "autoruns" record per value.  An error text inside the file (a key
 * that does not exist, in any language of gaps.tsv) becomes a "gap" record,
 * naming the key when the collector echoed it before the error.  A file
 * holding nothing but the error is turned into a gap by the reader before
 * this parser sees it.
 */
#include "ipk_private.h"
#include "regquery.h"
#include "wintable.h"

#include <string.h>

static const char *const fields[] = {
	"hive", "key", "user_sid", "view", "value_name", "type", "data",
	"data_list", NULL
};

/*
 * Registry dumps that belong to other parsers: mapped drives
 * (HKU\<SID>\Network\<drive>) and the Uninstall keys (installed programs).
 * Autoruns still takes them when the member is named like an autoruns file,
 * but does not claim them by content.
 */
static int
probe(const char *text, size_t len)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	size_t keys = 0, network = 0, uninstall = 0, seen = 0;
	int score = ipk_regq_probe(text, len, NULL, NULL);

	if (score == 0)
		return 0;
	ipk_regq_init(&r, text, len, NULL);
	while (seen < 400 && ipk_regq_next(&r, &it)) {
		seen++;
		if (it.kind != IPK_REG_KEY)
			continue;
		keys++;
		if (ipk_reg_key_has(it.key, it.key_len, "Network"))
			network++;
		else if (ipk_reg_key_has(it.key, it.key_len, "Uninstall"))
			uninstall++;
	}
	if (keys > 0 && (network == keys || uninstall == keys))
		return 30;
	return score;
}

/* A gap inside the file: a key that could not be read. */
static int
inline_gap(struct ipk_pctx *c, const struct ipk_reg_item *it,
    const char *key, size_t key_len)
{
	ipk_rec_begin_kind(c, "gap", it->line);
	ipk_rec_str(c, "artifact", "autoruns", (size_t)-1);
	ipk_rec_str(c, "status", it->gap_status, (size_t)-1);
	ipk_rec_str(c, "reason", it->text, it->text_len);
	if (key != NULL)
		ipk_rec_str(c, "key", key, key_len);
	return ipk_rec_emit(c);
}

/* REG_MULTI_SZ data as reg.exe prints it: items joined by a literal "\0". */
static void
multi_list(struct ipk_pctx *c, const char *d, size_t n)
{
	size_t start = 0, i;

	ipk_rec_list_begin(c, "data_list");
	for (i = 0; i + 1 < n; i++) {
		if (d[i] == '\\' && d[i + 1] == '0') {
			if (i > start)
				ipk_rec_list_add(c, d + start, i - start);
			start = i + 2;
			i++;
		}
	}
	if (start < n)
		ipk_rec_list_add(c, d + start, n - start);
	ipk_rec_list_end(c);
}

static int
emit_value(struct ipk_pctx *c, const struct ipk_reg_item *it)
{
	const char *hive, *sid;
	size_t sid_len;
	int wow32;

	ipk_reg_key_parts(it->key, it->key_len, &hive, &sid, &sid_len, &wow32);
	ipk_rec_begin(c, it->line);
	ipk_rec_str(c, "hive", hive, (size_t)-1);
	ipk_rec_str(c, "key", it->key, it->key_len);
	if (sid != NULL)
		ipk_rec_str(c, "user_sid", sid, sid_len);
	ipk_rec_str(c, "view", wow32 ? "32" : "64", (size_t)-1);
	if (it->is_default)
		ipk_rec_str(c, "value_name", "(Default)", (size_t)-1);
	else
		ipk_rec_str(c, "value_name", it->name, it->name_len);
	ipk_rec_str(c, "type", it->type, it->type_len);
	ipk_rec_str(c, "data", it->data, it->data_len);
	if (ipk_eq_ci(it->type, it->type_len, "REG_MULTI_SZ"))
		multi_list(c, it->data, it->data_len);
	return ipk_rec_emit(c);
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_regq r;
	struct ipk_reg_item it;
	const char *banner = NULL;
	size_t banner_len = 0;
	int rc = CM_OK;

	ipk_regq_init(&r, text, len, c);
	while (ipk_regq_next(&r, &it)) {
		int e = CM_OK;

		switch (it.kind) {
		case IPK_REG_KEY:
			banner = NULL;
			break;
		case IPK_REG_VALUE:
			if (it.key == NULL) {
				rc = ipk_warn(c, it.line, "registry value "
				    "before any key line: '%.*s'",
				    ipk_excerpt_len(it.text, it.text_len, 60),
				    it.text);
				break;
			}
			e = emit_value(c, &it);
			break;
		case IPK_REG_GAP:
			e = inline_gap(c, &it, banner, banner_len);
			banner = NULL;
			break;
		case IPK_REG_BANNER:
			banner = it.key;
			banner_len = it.key_len;
			break;
		case IPK_REG_SUMMARY:
			break;
		case IPK_REG_OTHER:
			rc = ipk_warn(c, it.line, "not a reg query line: "
			    "'%.*s'",
			    ipk_excerpt_len(it.text, it.text_len, 60), it.text);
			break;
		}
		if (e == CM_FATAL)
			return CM_FATAL;
	}
	return rc;
}

const struct ipk_parser ipk_parser_autoruns = {
	.name = "autoruns",
	.kind = "autoruns",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
