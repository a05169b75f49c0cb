/*
 * system_info.c - `systeminfo` output (System Information/
 * SystemInformation.txt), and the localized-date and display-column
 * helpers of system_info.h.
 *
 *   Host Name:                 CORP-FIN-03
 *   OS Version:                10.0.26200 N/A Build 26200
 *   System Boot Time:          9/7/2026, 10:02:33 PM
 *   Hotfix(s):                 2 Hotfix(s) Installed.
 *                              [01]: KB5031356
 *                              [02]: KB5032007
 *
 * Labels are localized ("Nom de l'hôte:", "ホスト名:") and mapped to
 * canonical fields through aliases.tsv (table "system_info").  Values start
 * at one column for the whole output (27 in English, 44 in French, 24 in
 * Japanese, counted in character cells); some labels hold a colon
 * themselves ("Virtual Memory: Max Size:") and the longest French ones
 * leave a single blank before the value, so the label ends at the colon
 * whose value starts nearest to that column.  Indented lines continue the
 * label above: "[01]: ..." items of the Hotfix(s), Processor(s) and Network
 * Card(s) lists, or more text.  The output makes one record.
 */
#include "ipk_private.h"
#include "system_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* display columns                                                        */

static size_t
cp_cells(unsigned long cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6))
		return 2;
	return 1;
}

size_t
ipk_cells_offset(const char *s, size_t n, size_t cells, size_t *got)
{
	size_t i = 0, c = 0;

	while (i < n && c < cells) {
		unsigned long cp;
		size_t k = cm_utf8_get((const unsigned char *)s + i, n - i, &cp);

		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		c += cp_cells(cp);
		i += k;
	}
	if (got != NULL)
		*got = c;
	return i;
}

size_t
ipk_cells(const char *s, size_t n)
{
	size_t c;

	ipk_cells_offset(s, n, (size_t)-1, &c);
	return c;
}

int
ipk_prompt_line(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' &&
	    s[0] <= 'z')) || s[1] != ':' || s[2] != '\\')
		return 0;
	for (i = 3; i < n; i++) {
		if (s[i] == '>')
			return 1;
		if (s[i] == '<' || s[i] == '|' || s[i] == '"' || s[i] == '*' ||
		    s[i] == '?' || s[i] == ':')
			return 0;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* localized dates                                                        */

/* Width of a blank at s[i] (space, tab, NBSP, NNBSP), or 0. */
static size_t
blank_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;

	if (i >= n)
		return 0;
	if (u[i] == ' ' || u[i] == '\t')
		return 1;
	if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0xA0)
		return 2;
	if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0xAF)
		return 3;
	if (u[i] == 0xE3 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0x80)
		return 3;
	/* U+200E LEFT-TO-RIGHT MARK, which some tools put inside dates. */
	if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0x8E)
		return 3;
	return 0;
}

static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
	size_t w;

	while ((w = blank_at(s, n, i)) > 0)
		i += w;
	return i;
}

/* Reads 1..maxd digits at s[i]; returns the digits read (0 if none). */
static size_t
digits(const char *s, size_t n, size_t i, size_t maxd, int *v)
{
	size_t k = 0;
	int x = 0;

	while (i + k < n && s[i + k] >= '0' && s[i + k] <= '9') {
		if (k == maxd)
			return 0;      /* too many digits: not this field */
		x = x * 10 + (s[i + k] - '0');
		k++;
	}
	*v = x;
	return k;
}

/* An AM/PM marker at s[i]: its length, *pm = 1 for PM; 0 if none. */
static size_t
ampm_at(const char *s, size_t n, size_t i, int *pm)
{
	static const struct { const char *t; int pm; } m[] = {
		{ "a.m.", 0 }, { "p.m.", 1 }, { "am", 0 }, { "pm", 1 },
		{ "\xe5\x8d\x88\xe5\x89\x8d", 0 },   /* 午前 */
		{ "\xe5\x8d\x88\xe5\xbe\x8c", 1 },   /* 午後 */
		{ "\xec\x98\xa4\xec\xa0\x84", 0 },   /* 오전 */
		{ "\xec\x98\xa4\xed\x9b\x84", 1 },   /* 오후 */
	};
	size_t k;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		size_t len = strlen(m[k].t), e = i + len;

		if (e > n || !ipk_prefix_ci(s + i, n - i, m[k].t))
			continue;
		/* Must end the word. */
		if (e < n && blank_at(s, n, e) == 0 && s[e] != ',')
			continue;
		*pm = m[k].pm;
		return len;
	}
	return 0;
}

/* "h:mm[:ss]" at s[i]; returns its length or 0. */
static size_t
time_at(const char *s, size_t n, size_t i, struct ipk_dt *dt)
{
	size_t k, p = i;
	int v;

	k = digits(s, n, p, 2, &v);
	if (k == 0 || p + k >= n || s[p + k] != ':')
		return 0;
	dt->hh = v;
	p += k + 1;
	if (digits(s, n, p, 2, &v) != 2)
		return 0;
	dt->mm = v;
	p += 2;
	dt->ss = -1;
	if (p + 2 < n && s[p] == ':' && digits(s, n, p + 1, 2, &v) == 2) {
		dt->ss = v;
		p += 3;
		/* Fractions of a second are read and dropped. */
		if (p < n && (s[p] == '.' || s[p] == ',') && p + 1 < n &&
		    s[p + 1] >= '0' && s[p + 1] <= '9') {
			p++;
			while (p < n && s[p] >= '0' && s[p] <= '9')
				p++;
		}
	}
	if (p < n && s[p] >= '0' && s[p] <= '9')
		return 0;
	return p - i;
}

size_t
ipk_dt_scan(const char *s, size_t n, struct ipk_dt *dt)
{
	size_t i = 0, k, k0, date_end, t;
	char sep;
	int v, pm;

	memset(dt, 0, sizeof(*dt));
	dt->ss = -1;
	k0 = digits(s, n, i, 4, &v);
	if (k0 == 0 || i + k0 >= n)
		return 0;
	dt->n[0] = v;
	dt->year_first = k0 == 4;
	i += k0;
	sep = s[i];
	if (sep != '/' && sep != '.' && sep != '-')
		return 0;
	i++;
	k = digits(s, n, i, 2, &v);
	if (k == 0 || i + k >= n || s[i + k] != sep)
		return 0;
	dt->n[1] = v;
	i += k + 1;
	k = digits(s, n, i, dt->year_first ? 2 : 4, &v);
	if (k == 0 || (!dt->year_first && k != 2 && k != 4) ||
	    (dt->year_first && k0 != 4))
		return 0;
	if (!dt->year_first && (k0 > 2))
		return 0;
	dt->n[2] = v;
	i += k;
	if (sep == '.' && i < n && s[i] == '.')
		i++;            /* "07.09.2026." */
	date_end = i;
	if (i < n && s[i] >= '0' && s[i] <= '9')
		return 0;

	/* The time, after a comma and/or blanks. */
	if (i < n && s[i] == ',')
		i++;
	if (i < n && s[i] == 'T' && sep == '-')
		i++;            /* ISO 8601 "2026-08-14T19:25:24" */
	else if (skip_blanks(s, n, i) == i)
		return date_end;
	i = skip_blanks(s, n, i);
	pm = -1;
	if ((k = ampm_at(s, n, i, &v)) > 0) {
		pm = v;
		i = skip_blanks(s, n, i + k);
	}
	t = time_at(s, n, i, dt);
	if (t == 0)
		return date_end;
	i += t;
	dt->has_time = 1;
	if (pm < 0) {
		size_t j = skip_blanks(s, n, i);

		if ((k = ampm_at(s, n, j, &v)) > 0) {
			pm = v;
			i = j + k;
		} else if (i < n && (s[i] == 'a' || s[i] == 'p') &&
		    (i + 1 >= n || blank_at(s, n, i + 1) > 0)) {
			/* Old `dir`: "10:02p". */
			pm = s[i] == 'p';
			i++;
		}
	}
	if (pm >= 0)
		dt->ampm = pm ? 2 : 1;
	/* "Z" of an ISO 8601 UTC time is read, not kept: the caller knows. */
	if (sep == '-' && i < n && s[i] == 'Z')
		i++;
	return i;
}

int
ipk_dt_order(const struct ipk_dt *dt)
{
	if (dt->year_first)
		return IPK_DO_YMD;
	if (dt->n[0] > 12 && dt->n[1] <= 12)
		return IPK_DO_DMY;
	if (dt->n[1] > 12 && dt->n[0] <= 12)
		return IPK_DO_MDY;
	return IPK_DO_UNKNOWN;
}

int
ipk_dt_iso(const struct ipk_dt *dt, int order, char *out, size_t outsz)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, h, own = ipk_dt_order(dt);

	if (outsz > 0)
		out[0] = '\0';
	if (outsz < 20)
		return 0;
	if (own != IPK_DO_UNKNOWN)
		order = own;
	if (order == IPK_DO_YMD) {
		if (!dt->year_first)
			return 0;
		y = dt->n[0];
		m = dt->n[1];
		d = dt->n[2];
	} else if (order == IPK_DO_MDY || order == IPK_DO_DMY) {
		if (dt->year_first)
			return 0;
		m = order == IPK_DO_MDY ? dt->n[0] : dt->n[1];
		d = order == IPK_DO_MDY ? dt->n[1] : dt->n[0];
		y = dt->n[2];
		if (y < 100)
			y += 2000;
	} else {
		return 0;
	}
	if (y < 1601 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (!dt->has_time) {
		snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
		return 1;
	}
	h = dt->hh;
	if (dt->ampm != 0) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + (dt->ampm == 2 ? 12 : 0);
	}
	if (h > 23 || dt->mm > 59 || dt->ss > 60)
		return 0;
	if (dt->ss >= 0)
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h,
		    dt->mm, dt->ss);
	else
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d", y, m, d, h,
		    dt->mm);
	return 1;
}

int
ipk_locale_order(const char *s, size_t n)
{
	static const char *const mdy[] = { "en-us", "en-ph", "es-us", NULL };
	char code[16];
	size_t i, k = 0;

	ipk_trim(&s, &n);
	for (i = 0; i < n && s[i] != ';' && k + 1 < sizeof(code); i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + ('a' - 'A'));
		if (!((c >= 'a' && c <= 'z') || c == '-'))
			return IPK_DO_UNKNOWN;
		code[k++] = c;
	}
	code[k] = '\0';
	if (k < 2 || i >= n || s[i] != ';')
		return IPK_DO_UNKNOWN;
	for (i = 0; mdy[i] != NULL; i++)
		if (strcmp(code, mdy[i]) == 0)
			return IPK_DO_MDY;
	/*
	 * Every other locale writes day before month, or year first (which
	 * dates prove by themselves).
	 */
	return IPK_DO_DMY;
}

/* ---------------------------------------------------------------------- */
/* the parser                                                             */

static const char *const fields[] = {
	"host_name", "os_name", "os_version", "os_build", "os_manufacturer",
	"os_configuration", "os_build_type", "registered_owner",
	"registered_organization", "product_id", "install_date_raw",
	"install_date", "boot_time_raw", "boot_time", "system_manufacturer",
	"system_model", "system_type", "processors", "bios_version",
	"windows_directory", "system_directory", "boot_device",
	"system_locale", "input_locale", "time_zone", "total_memory",
	"total_memory_mb", "available_memory", "virtual_memory_max",
	"virtual_memory_available", "virtual_memory_in_use",
	"page_file_locations", "domain", "logon_server", "hotfixes",
	"network_cards", "ip_addresses", "hyperv_requirements", "other", NULL
};

/* The labels systeminfo prints, by canonical name (aliases.tsv). */
enum slot_id {
	S_HOST, S_OS_NAME, S_OS_VERSION, S_OS_MANUF, S_OS_CONF, S_OS_BUILD_TYPE,
	S_OWNER, S_ORG, S_PRODUCT, S_INSTALL, S_BOOT, S_SYS_MANUF, S_MODEL,
	S_SYS_TYPE, S_PROCESSORS, S_BIOS, S_WINDIR, S_SYSDIR, S_BOOTDEV,
	S_SYS_LOCALE, S_IN_LOCALE, S_TZ, S_TOTAL_MEM, S_AVAIL_MEM, S_VM_MAX,
	S_VM_AVAIL, S_VM_USE, S_PAGEFILE, S_DOMAIN, S_LOGON, S_HOTFIXES,
	S_NICS, S_HYPERV, S_OTHER, S_IPS, NSLOTS
};

static const char *const slot_names[NSLOTS] = {
	"host_name", "os_name", "os_version", "os_manufacturer",
	"os_configuration", "os_build_type", "registered_owner",
	"registered_organization", "product_id", "install_date", "boot_time",
	"system_manufacturer", "system_model", "system_type", "processors",
	"bios_version", "windows_directory", "system_directory", "boot_device",
	"system_locale", "input_locale", "time_zone", "total_memory",
	"available_memory", "virtual_memory_max", "virtual_memory_available",
	"virtual_memory_in_use", "page_file_locations", "domain",
	"logon_server", "hotfixes", "network_cards", "hyperv_requirements",
	"other", "ip_addresses"
};

#define IS_LIST(s) ((s) == S_PROCESSORS || (s) == S_HOTFIXES || \
	(s) == S_NICS || (s) == S_OTHER || (s) == S_IPS)

struct slot {
	int seen;              /* the label was read */
	struct cm_buf val;     /* value (continuations joined by "; ") */
	struct cm_buf items;   /* list items, each followed by a NUL */
	size_t nitems;         /* list items */
};

struct sinfo {
	struct ipk_pctx *c;
	struct slot s[NSLOTS];
	int cur;               /* slot of the label being continued, or -1 */
	size_t first_indent;   /* indent of the block's first item line */
	struct cm_buf card;    /* network card being assembled */
	int card_open;         /* card holds a name */
	int card_details;      /* details appended to the card */
	int card_ips;          /* addresses appended to the card */
	unsigned long first_line; /* first label line */
	size_t labels;         /* label lines read */
};

static int
slot_of(const char *canon)
{
	int i;

	for (i = 0; i < NSLOTS; i++)
		if (strcmp(slot_names[i], canon) == 0)
			return i;
	return -1;
}

/* A colon (ASCII or full-width) at s[i]: its length, or 0. */
static size_t
colon_at(const char *s, size_t n, size_t i)
{
	if (s[i] == ':')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xEF &&
	    (unsigned char)s[i + 1] == 0xBC && (unsigned char)s[i + 2] == 0x9A)
		return 3;
	return 0;
}

/*
 * Finds where the label of line s[0..n) ends.  Candidates are colons
 * followed by a blank or the end of the line; with a known value column
 * vcol (cells), the candidate whose value starts nearest to it wins,
 * otherwise the first followed by two blanks, otherwise the first.
 * Returns 1 and the label and value slices, or 0 if the line has no
 * candidate.
 */
static int
split_label(const char *s, size_t n, size_t vcol, const char **lab,
    size_t *labn, const char **val, size_t *valn, size_t *valcol,
    int *two_blanks)
{
	size_t i, best = (size_t)-1, bestdist = (size_t)-1, bestvs = 0;
	size_t first = (size_t)-1, firstvs = 0, two = (size_t)-1, twovs = 0;
	size_t cpos = 0, ccells = 0;

	for (i = 0; i < n; i++) {
		size_t k = colon_at(s, n, i), vs, vc, dist;

		if (k == 0)
			continue;
		if (i + k < n && blank_at(s, n, i + k) == 0)
			continue;
		if (i == 0)
			continue;
		vs = skip_blanks(s, n, i + k);
		/* Cells counted on from the last candidate: linear per line. */
		ccells += ipk_cells(s + cpos, vs - cpos);
		cpos = vs;
		vc = ccells;
		if (first == (size_t)-1) {
			first = i;
			firstvs = vs;
		}
		if (two == (size_t)-1 && (vs >= n || vs - (i + k) >= 2)) {
			two = i;
			twovs = vs;
		}
		if (vcol > 0) {
			dist = vc > vcol ? vc - vcol : vcol - vc;
			if (dist < bestdist) {
				bestdist = dist;
				best = i;
				bestvs = vs;
			}
		}
	}
	if (first == (size_t)-1)
		return 0;
	if (best == (size_t)-1) {
		if (two != (size_t)-1) {
			best = two;
			bestvs = twovs;
		} else {
			best = first;
			bestvs = firstvs;
		}
	}
	*lab = s;
	*labn = best;
	ipk_trim(lab, labn);
	*val = s + bestvs;
	*valn = n - bestvs;
	ipk_trim(val, valn);
	if (valcol != NULL)
		*valcol = ipk_cells(s, bestvs);
	if (two_blanks != NULL)
		*two_blanks = best == two;
	return *labn > 0;
}

static int
add_item(struct slot *sl, const char *v, size_t n)
{
	if (sl->nitems >= CM_MAX_LIST_ITEMS)
		return CM_WARN;
	if (cm_buf_add(&sl->items, v, n) != CM_OK ||
	    cm_buf_addc(&sl->items, '\0') != CM_OK)
		return CM_WARN;
	sl->nitems++;
	return CM_OK;
}

/* Appends text to the last item of a list (its NUL moves). */
static int
extend_item(struct slot *sl, const char *v, size_t n)
{
	if (sl->nitems == 0)
		return add_item(sl, v, n);
	cm_buf_truncate(&sl->items, sl->items.len - 1);
	if (cm_buf_add(&sl->items, "; ", 2) != CM_OK ||
	    cm_buf_add(&sl->items, v, n) != CM_OK) {
		cm_buf_addc(&sl->items, '\0');
		return CM_WARN;
	}
	return cm_buf_addc(&sl->items, '\0');
}

static int
append_value(struct slot *sl, const char *v, size_t n)
{
	if (n == 0)
		return CM_OK;
	if (sl->val.len > 0 && cm_buf_add(&sl->val, "; ", 2) != CM_OK)
		return CM_WARN;
	return cm_buf_add(&sl->val, v, n);
}

static void
card_flush(struct sinfo *si)
{
	if (!si->card_open)
		return;
	if (si->card_details)
		cm_buf_addc(&si->card, ')');
	if (add_item(&si->s[S_NICS], si->card.p, si->card.len) != CM_OK)
		ipk_note(si->c, 0, "network card list cut");
	cm_buf_reset(&si->card);
	si->card_open = 0;
	si->card_details = 0;
	si->card_ips = 0;
}

static void
card_detail(struct sinfo *si, const char *v, size_t n)
{
	if (!si->card_open)
		return;
	cm_buf_adds(&si->card, si->card_details ? "; " : " (");
	cm_buf_add(&si->card, v, n);
	si->card_details = 1;
}

/* "[01]: text" or "[01] : text": sets the text and returns 1. */
static int
bracket_item(const char *s, size_t n, const char **t, size_t *tn)
{
	size_t i = 1, k;

	if (n < 3 || s[0] != '[')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 1 || i >= n || s[i] != ']')
		return 0;
	i++;
	i = skip_blanks(s, n, i);
	if (i >= n || (k = colon_at(s, n, i)) == 0)
		return 0;
	*t = s + i + k;
	*tn = n - i - k;
	ipk_trim(t, tn);
	return 1;
}

/* An indented line continuing the label above. */
static int
continuation(struct sinfo *si, unsigned long lineno, const char *line,
    size_t n)
{
	const char *t = line, *item;
	size_t tn = n, itemn, indent;
	struct slot *sl;
	int first_level;

	if (si->cur < 0)
		return ipk_warn(si->c, lineno, "indented line before any label: "
		    "'%.*s'", (int)(n > 60 ? 60 : n), line);
	ipk_trim(&t, &tn);
	indent = ipk_cells(line, (size_t)(t - line));
	if (si->first_indent == 0)
		si->first_indent = indent;
	first_level = indent <= si->first_indent;
	sl = &si->s[si->cur];

	if (si->cur == S_NICS) {
		if (bracket_item(t, tn, &item, &itemn)) {
			if (first_level) {
				card_flush(si);
				cm_buf_add(&si->card, item, itemn);
				si->card_open = 1;
			} else {
				/* An address of the card's "IP address(es)". */
				add_item(&si->s[S_IPS], item, itemn);
				if (si->card_open) {
					cm_buf_adds(&si->card, si->card_ips ?
					    ", " : " ");
					cm_buf_add(&si->card, item, itemn);
					si->card_ips = 1;
				}
			}
		} else {
			const char *lab, *val;
			size_t labn, valn;

			/* "Connection Name: Ethernet0", "IP address(es)" */
			if (split_label(t, tn, 0, &lab, &labn, &val, &valn, NULL,
			    NULL)) {
				char tmp[512];
				int k = snprintf(tmp, sizeof(tmp), "%.*s: %.*s",
				    (int)(labn > 200 ? 200 : labn), lab,
				    (int)(valn > 300 ? 300 : valn), val);

				card_detail(si, tmp, (size_t)k < sizeof(tmp) ?
				    (size_t)k : sizeof(tmp) - 1);
			} else {
				card_detail(si, t, tn);
				cm_buf_addc(&si->card, ':');
			}
			si->card_ips = 0;
		}
		return CM_OK;
	}
	if (bracket_item(t, tn, &item, &itemn) && IS_LIST(si->cur) &&
	    si->cur != S_OTHER) {
		if (add_item(sl, item, itemn) != CM_OK)
			ipk_note(si->c, lineno, "%s list cut",
			    slot_names[si->cur]);
		return CM_OK;
	}
	if (si->cur == S_OTHER)
		return extend_item(sl, t, tn) == CM_OK ? CM_OK :
		    ipk_warn(si->c, lineno, "value too long; line skipped");
	if (append_value(sl, t, tn) != CM_OK)
		return ipk_warn(si->c, lineno, "value too long; line skipped");
	return CM_OK;
}

static int
label_line(struct sinfo *si, unsigned long lineno, const char *line,
    size_t n, size_t vcol)
{
	const char *lab, *val;
	size_t labn, valn;
	const char *canon;
	int id;
	struct slot *sl;

	if (!split_label(line, n, vcol, &lab, &labn, &val, &valn, NULL, NULL))
		return ipk_warn(si->c, lineno, "not a 'Label: value' line: "
		    "'%.*s'", (int)(n > 60 ? 60 : n), line);
	if (si->cur == S_NICS)
		card_flush(si);
	si->first_indent = 0;
	si->labels++;
	if (si->first_line == 0)
		si->first_line = lineno;
	canon = ipk_alias("system_info", lab, labn);
	id = canon != NULL ? slot_of(canon) : -1;
	if (id < 0 || id == S_OTHER || id == S_IPS) {
		char tmp[1024];
		int k = snprintf(tmp, sizeof(tmp), "%.*s: %.*s",
		    (int)(labn > 300 ? 300 : labn), lab,
		    (int)(valn > 600 ? 600 : valn), val);

		si->cur = S_OTHER;
		add_item(&si->s[S_OTHER], tmp, (size_t)k < sizeof(tmp) ?
		    (size_t)k : sizeof(tmp) - 1);
		return CM_OK;
	}
	sl = &si->s[id];
	if (sl->seen) {
		si->cur = -1;
		return ipk_warn(si->c, lineno, "label '%.*s' seen twice; the "
		    "first value is kept", (int)(labn > 60 ? 60 : labn), lab);
	}
	sl->seen = 1;
	si->cur = id;
	/* A list's own line holds its count ("2 Hotfix(s) Installed."). */
	if (IS_LIST(id))
		return CM_OK;
	return append_value(sl, val, valn);
}

/* The most common value column of the label lines, 0 if none. */
static size_t
value_column(const char *text, size_t len)
{
	size_t hist[160], i, best = 0;
	struct ipk_lines l;
	const char *line;
	size_t n;

	memset(hist, 0, sizeof(hist));
	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *lab, *val;
		size_t labn, valn, vc;
		int two;

		if (n == 0 || blank_at(line, n, 0) > 0)
			continue;
		if (split_label(line, n, 0, &lab, &labn, &val, &valn, &vc,
		    &two) && two && valn > 0 && vc < 160)
			hist[vc]++;
	}
	for (i = 1; i < 160; i++)
		if (hist[i] > hist[best])
			best = i;
	return hist[best] > 0 ? best : 0;
}

/* "10.0.26200 N/A Build 26200" -> "26200". */
static int
os_build(const char *v, size_t n, const char **b, size_t *bn)
{
	size_t i = 0, start, dots;

	while (i < n) {
		while (i < n && !(v[i] >= '0' && v[i] <= '9'))
			i++;
		start = i;
		dots = 0;
		while (i < n && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
			dots += v[i++] == '.';
		if (dots >= 2) {
			size_t j = start, seen = 0;

			while (seen < 2)
				seen += v[j++] == '.';
			*b = v + j;
			*bn = 0;
			while (j + *bn < i && v[j + *bn] != '.')
				(*bn)++;
			return *bn > 0;
		}
	}
	return 0;
}

/* "16,265 MB", "4095 Mo", "8 191 Mo": the number of megabytes. */
static int
megabytes(const char *v, size_t n, long long *mb)
{
	long long x = 0;
	size_t i = 0, nd = 0, w;

	while (i < n) {
		if (v[i] >= '0' && v[i] <= '9') {
			if (x > 1000000000000LL)
				return 0;
			x = x * 10 + (v[i] - '0');
			nd++;
			i++;
		} else if ((v[i] == ',' || v[i] == '.') && nd > 0) {
			i++;
		} else if ((w = blank_at(v, n, i)) > 0 && nd > 0 && i + w < n &&
		    v[i + w] >= '0' && v[i + w] <= '9') {
			i += w;        /* "8 191" */
		} else {
			break;
		}
	}
	if (nd == 0)
		return 0;
	i = skip_blanks(v, n, i);
	if (i + 2 > n || !(ipk_prefix_ci(v + i, n - i, "mb") ||
	    ipk_prefix_ci(v + i, n - i, "mo")))
		return 0;
	*mb = x;
	return 1;
}

static void
emit_str(struct ipk_pctx *c, const char *name, const struct slot *sl)
{
	if (sl->seen || sl->val.len > 0)
		ipk_rec_trim(c, name, cm_buf_str(&sl->val), sl->val.len);
}

static void
emit_list(struct ipk_pctx *c, const char *name, const struct slot *sl,
    int always)
{
	size_t i = 0, k;
	const char *p = cm_buf_str(&sl->items);

	if (sl->nitems == 0 && !always)
		return;
	ipk_rec_list_begin(c, name);
	for (k = 0; k < sl->nitems && i < sl->items.len; k++) {
		size_t len = strlen(p + i);

		ipk_rec_list_add(c, p + i, len);
		i += len + 1;
	}
	ipk_rec_list_end(c);
}

static void
emit_date(struct ipk_pctx *c, const char *raw_name, const char *iso_name,
    const struct slot *sl, int order)
{
	struct ipk_dt dt;
	char iso[24];
	const char *v = cm_buf_str(&sl->val);

	if (!sl->seen)
		return;
	ipk_rec_trim(c, raw_name, v, sl->val.len);
	if (ipk_dt_scan(v, sl->val.len, &dt) > 0 &&
	    ipk_dt_iso(&dt, order, iso, sizeof(iso)))
		ipk_rec_str(c, iso_name, iso, (size_t)-1);
}

/* The date order the output proves, or its system locale's. */
static int
date_order(const struct sinfo *si)
{
	static const int ids[] = { S_INSTALL, S_BOOT, S_BIOS };
	int order = IPK_DO_UNKNOWN;
	size_t k;

	for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		const struct slot *sl = &si->s[ids[k]];
		const char *v = cm_buf_str(&sl->val);
		size_t n = sl->val.len, i;
		struct ipk_dt dt;
		int o;

		/* The BIOS date follows the BIOS name: look for it. */
		for (i = 0; i < n; i++) {
			if ((i == 0 || v[i - 1] == ' ') &&
			    ipk_dt_scan(v + i, n - i, &dt) > 0)
				break;
		}
		if (i >= n)
			continue;
		o = ipk_dt_order(&dt);
		if (o == IPK_DO_MDY || o == IPK_DO_DMY) {
			if (order != IPK_DO_UNKNOWN && order != o)
				return IPK_DO_UNKNOWN;   /* contradiction */
			order = o;
		}
	}
	if (order != IPK_DO_UNKNOWN)
		return order;
	return ipk_locale_order(cm_buf_str(&si->s[S_SYS_LOCALE].val),
	    si->s[S_SYS_LOCALE].val.len);
}

static int
emit(struct sinfo *si)
{
	struct ipk_pctx *c = si->c;
	const struct slot *s = si->s;
	const char *b;
	size_t bn;
	long long mb;
	int order = date_order(si);

	ipk_rec_begin(c, si->first_line);
	emit_str(c, "host_name", &s[S_HOST]);
	emit_str(c, "os_name", &s[S_OS_NAME]);
	emit_str(c, "os_version", &s[S_OS_VERSION]);
	if (os_build(cm_buf_str(&s[S_OS_VERSION].val), s[S_OS_VERSION].val.len,
	    &b, &bn))
		ipk_rec_str(c, "os_build", b, bn);
	emit_str(c, "os_manufacturer", &s[S_OS_MANUF]);
	emit_str(c, "os_configuration", &s[S_OS_CONF]);
	emit_str(c, "os_build_type", &s[S_OS_BUILD_TYPE]);
	emit_str(c, "registered_owner", &s[S_OWNER]);
	emit_str(c, "registered_organization", &s[S_ORG]);
	emit_str(c, "product_id", &s[S_PRODUCT]);
	emit_date(c, "install_date_raw", "install_date", &s[S_INSTALL], order);
	emit_date(c, "boot_time_raw", "boot_time", &s[S_BOOT], order);
	emit_str(c, "system_manufacturer", &s[S_SYS_MANUF]);
	emit_str(c, "system_model", &s[S_MODEL]);
	emit_str(c, "system_type", &s[S_SYS_TYPE]);
	emit_list(c, "processors", &s[S_PROCESSORS], s[S_PROCESSORS].seen);
	emit_str(c, "bios_version", &s[S_BIOS]);
	emit_str(c, "windows_directory", &s[S_WINDIR]);
	emit_str(c, "system_directory", &s[S_SYSDIR]);
	emit_str(c, "boot_device", &s[S_BOOTDEV]);
	emit_str(c, "system_locale", &s[S_SYS_LOCALE]);
	emit_str(c, "input_locale", &s[S_IN_LOCALE]);
	emit_str(c, "time_zone", &s[S_TZ]);
	emit_str(c, "total_memory", &s[S_TOTAL_MEM]);
	if (megabytes(cm_buf_str(&s[S_TOTAL_MEM].val), s[S_TOTAL_MEM].val.len,
	    &mb))
		ipk_rec_int(c, "total_memory_mb", mb);
	emit_str(c, "available_memory", &s[S_AVAIL_MEM]);
	emit_str(c, "virtual_memory_max", &s[S_VM_MAX]);
	emit_str(c, "virtual_memory_available", &s[S_VM_AVAIL]);
	emit_str(c, "virtual_memory_in_use", &s[S_VM_USE]);
	emit_str(c, "page_file_locations", &s[S_PAGEFILE]);
	emit_str(c, "domain", &s[S_DOMAIN]);
	emit_str(c, "logon_server", &s[S_LOGON]);
	emit_list(c, "hotfixes", &s[S_HOTFIXES], s[S_HOTFIXES].seen);
	emit_list(c, "network_cards", &s[S_NICS], s[S_NICS].seen);
	emit_list(c, "ip_addresses", &s[S_IPS], s[S_NICS].seen);
	emit_str(c, "hyperv_requirements", &s[S_HYPERV]);
	emit_list(c, "other", &s[S_OTHER], 0);
	return ipk_rec_emit(c);
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, seen = 0, known = 0, key = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 80) {
		const char *lab, *val, *canon;
		size_t labn, valn;

		if (ipk_blank(line, n) || blank_at(line, n, 0) > 0)
			continue;
		seen++;
		if (!split_label(line, n, 0, &lab, &labn, &val, &valn, NULL,
		    NULL))
			continue;
		canon = ipk_alias("system_info", lab, labn);
		if (canon == NULL)
			continue;
		known++;
		if (strcmp(canon, "host_name") == 0 ||
		    strcmp(canon, "os_name") == 0 ||
		    strcmp(canon, "os_version") == 0 ||
		    strcmp(canon, "boot_time") == 0)
			key++;
	}
	if (key >= 2 && known >= 5)
		return 95;
	if (key >= 1 && known >= 3)
		return 60;
	if (known >= 2)
		return 25;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct sinfo *si;
	struct ipk_lines l;
	const char *line;
	size_t n, vcol, i;
	int rc = CM_OK;

	si = calloc(1, sizeof(*si));
	if (si == NULL)
		return ipk_fail(c, 0, "out of memory");
	si->c = c;
	si->cur = -1;
	for (i = 0; i < NSLOTS; i++) {
		cm_buf_init(&si->s[i].val, CM_MAX_FIELD);
		cm_buf_init(&si->s[i].items, CM_MAX_FIELD);
	}
	cm_buf_init(&si->card, 16384);
	vcol = value_column(text, len);

	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		int r;

		if (ipk_blank(line, n) || ipk_prompt_line(line, n))
			continue;
		if (blank_at(line, n, 0) > 0)
			r = continuation(si, l.lineno, line, n);
		else
			r = label_line(si, l.lineno, line, n, vcol);
		rc = cm_rc_worst(rc, r);
	}
	card_flush(si);
	if (si->labels == 0)
		rc = ipk_fail(c, 0, "no systeminfo label found");
	else if (emit(si) == CM_FATAL)
		rc = CM_FATAL;
	for (i = 0; i < NSLOTS; i++) {
		cm_buf_free(&si->s[i].val);
		cm_buf_free(&si->s[i].items);
	}
	cm_buf_free(&si->card);
	free(si);
	return rc;
}

const struct ipk_parser ipk_parser_system_info = {
	.name = "system_info",
	.kind = "system_info",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
