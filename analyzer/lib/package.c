/*
 * package.c - opening a package and walking its members.
 *
 * A package is a zip (read with libarchive, streamed, never extracted), a
 * folder holding an extracted package, or any other file, taken as a
 * package of one member (so `invpkg parse Security.evtx` works).  A zip is
 * first read through its central directory; if that fails part way (a
 * truncated or damaged zip), it is read again through the local headers,
 * skipping the members already read, so one damaged region does not hide
 * the rest.  Symbolic links, encrypted members, duplicate names and names
 * that climb out of the package are reported; nothing is ever written.
 */
#include "ipk_member.h"
#include "cm_hash.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <locale.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- a set of member names (duplicates, and resuming a damaged zip) --- */

struct nameset {
	uint64_t *h;      /* FNV-1a hashes, 0 = empty */
	size_t cap;       /* slots, a power of two */
	size_t n;         /* used */
};

static uint64_t
fnv(const char *s)
{
	uint64_t h = cm_fnv1a64(s);

	return h != 0 ? h : 1;     /* 0 marks an empty slot */
}

/* Returns 1 if added, 0 if already there, -1 on memory failure. */
static int
nameset_add(struct nameset *ns, const char *name)
{
	uint64_t h = fnv(name);
	size_t i;

	if ((ns->n + 1) * 2 > ns->cap) {
		size_t ncap = ns->cap ? ns->cap * 2 : 256, j;
		uint64_t *nh = calloc(ncap, sizeof(*nh));

		if (nh == NULL)
			return -1;
		for (j = 0; j < ns->cap; j++) {
			if (ns->h[j] == 0)
				continue;
			i = ns->h[j] & (ncap - 1);
			while (nh[i] != 0)
				i = (i + 1) & (ncap - 1);
			nh[i] = ns->h[j];
		}
		free(ns->h);
		ns->h = nh;
		ns->cap = ncap;
	}
	i = h & (ns->cap - 1);
	while (ns->h[i] != 0) {
		if (ns->h[i] == h)
			return 0;
		i = (i + 1) & (ns->cap - 1);
	}
	ns->h[i] = h;
	ns->n++;
	return 1;
}

static int
nameset_has(const struct nameset *ns, const char *name)
{
	uint64_t h = fnv(name);
	size_t i;

	if (ns->cap == 0)
		return 0;
	i = h & (ns->cap - 1);
	while (ns->h[i] != 0) {
		if (ns->h[i] == h)
			return 1;
		i = (i + 1) & (ns->cap - 1);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */

int
ipk_package_open(struct ipk_package **out, const char *path,
    const struct ipk_options *opt, struct cm_error *err)
{
	struct ipk_package *pkg;
	struct stat st;
	unsigned char magic[4] = { 0 };
	FILE *fp;

	*out = NULL;
	if (stat(path, &st) != 0)
		return cm_error_set(err, CM_FATAL, "%s: %s", path,
		    strerror(errno));
	pkg = calloc(1, sizeof(*pkg));
	if (pkg == NULL || (pkg->path = strdup(path)) == NULL) {
		free(pkg);
		return cm_error_set(err, CM_FATAL, "%s: out of memory", path);
	}
	if (opt != NULL)
		pkg->opt = *opt;
	if (S_ISDIR(st.st_mode)) {
		pkg->is_dir = 1;
	} else if (S_ISREG(st.st_mode)) {
		fp = fopen(path, "rb");
		if (fp == NULL) {
			ipk_package_free(&pkg);
			return cm_error_set(err, CM_FATAL, "%s: %s", path,
			    strerror(errno));
		}
		pkg->archive_size = (uint64_t)st.st_size;
		if (fread(magic, 1, 4, fp) == 4 && magic[0] == 'P' &&
		    magic[1] == 'K' && (magic[2] == 3 || magic[2] == 5 ||
		    magic[2] == 7))
			pkg->is_zip = 1;
		fclose(fp);
	} else {
		ipk_package_free(&pkg);
		return cm_error_set(err, CM_FATAL, "%s: not a file or folder",
		    path);
	}
	*out = pkg;
	return CM_OK;
}

int
ipk_package_open_memory(struct ipk_package **out, const char *name,
    const void *data, size_t len, const struct ipk_options *opt,
    struct cm_error *err)
{
	struct ipk_package *pkg;
	const unsigned char *m = data;

	*out = NULL;
	pkg = calloc(1, sizeof(*pkg));
	if (pkg == NULL || (pkg->path = strdup(name)) == NULL) {
		free(pkg);
		return cm_error_set(err, CM_FATAL, "%s: out of memory", name);
	}
	if (opt != NULL)
		pkg->opt = *opt;
	pkg->mem = data;
	pkg->memlen = len;
	pkg->archive_size = len;
	if (len >= 4 && m[0] == 'P' && m[1] == 'K' && (m[2] == 3 ||
	    m[2] == 5 || m[2] == 7))
		pkg->is_zip = 1;
	*out = pkg;
	return CM_OK;
}

void
ipk_package_free(struct ipk_package **ppkg)
{
	struct ipk_package *pkg;

	if (ppkg == NULL || *ppkg == NULL)
		return;
	pkg = *ppkg;
	free(pkg->path);
	free(pkg->tallies);
	free(pkg);
	*ppkg = NULL;
}

const struct ipk_tally *
ipk_package_tally(const struct ipk_package *pkg, size_t *count)
{
	*count = pkg->ntallies;
	return pkg->tallies;
}

/* Reports names that are absolute or climb out with "..". */
static void
check_name(struct ipk_package *pkg, const char *name)
{
	const char *p = name;

	if (name[0] == '/' || name[0] == '\\' ||
	    (name[0] != '\0' && name[1] == ':'))
		ipk_pkg_diag(pkg, CM_WARN, name, 0, "absolute member name "
		    "(never extracted, read in place)");
	while ((p = strstr(p, "..")) != NULL) {
		if ((p == name || p[-1] == '/' || p[-1] == '\\') &&
		    (p[2] == '\0' || p[2] == '/' || p[2] == '\\')) {
			ipk_pkg_diag(pkg, CM_WARN, name, 0, "member name climbs "
			    "out of the package with '..' (never extracted, "
			    "read in place)");
			break;
		}
		p += 2;
	}
}

static int
too_many(struct ipk_package *pkg)
{
	if (pkg->members < CM_MAX_MEMBERS)
		return 0;
	ipk_pkg_diag(pkg, CM_FAILED, NULL, 0, "more than %d members "
	    "(CM_MAX_MEMBERS); the rest are not read", CM_MAX_MEMBERS);
	return 1;
}

/*
 * One pass over the zip.  seekable selects the central-directory reader.
 * Members already in `done` are skipped.  Returns CM_OK when the pass got
 * to the end, CM_FAILED when the archive broke (*broken gets the message),
 * CM_FATAL when the consumer stopped.
 */
static int
zip_pass(struct ipk_package *pkg, int seekable, struct nameset *done,
    char *broken, size_t brokensz)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *ent;
	int r, rc = CM_OK;

	if (ar == NULL)
		return CM_FATAL;
	if (seekable)
		archive_read_support_format_zip_seekable(ar);
	else
		archive_read_support_format_zip_streamable(ar);
	if ((pkg->mem != NULL ? archive_read_open_memory(ar, pkg->mem,
	    pkg->memlen) : archive_read_open_filename(ar, pkg->path, 65536)) !=
	    ARCHIVE_OK) {
		snprintf(broken, brokensz, "%s", archive_error_string(ar) ?
		    archive_error_string(ar) : "cannot open");
		archive_read_free(ar);
		return CM_FAILED;
	}
	for (;;) {
		struct ipk_source src;
		const char *name;
		char namebuf[CM_MAX_PATH];
		int added;

		r = archive_read_next_header(ar, &ent);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL) {
			snprintf(broken, brokensz, "%s",
			    archive_error_string(ar) ? archive_error_string(ar) :
			    "damaged archive");
			rc = CM_FAILED;
			break;
		}
		name = archive_entry_pathname_utf8(ent);
		if (name == NULL)
			name = archive_entry_pathname(ent);
		if (name == NULL)
			name = "(unnamed)";
		snprintf(namebuf, sizeof(namebuf), "%s", name);
		if (r == ARCHIVE_WARN)
			ipk_pkg_diag(pkg, CM_WARN, namebuf, 0, "%s",
			    archive_error_string(ar) ? archive_error_string(ar) :
			    "archive warning");
		if (archive_entry_filetype(ent) == AE_IFDIR)
			continue;
		if (nameset_has(done, namebuf) && !seekable)
			continue;
		added = nameset_add(done, namebuf);
		if (added == 0) {
			ipk_pkg_diag(pkg, CM_WARN, namebuf, 0, "duplicate member "
			    "name; this copy is read too");
		}
		if (too_many(pkg))
			break;
		pkg->members++;
		check_name(pkg, namebuf);
		if (archive_entry_filetype(ent) == AE_IFLNK) {
			char why[CM_MAX_PATH + 64];

			snprintf(why, sizeof(why), "symbolic link to '%s' not "
			    "followed", archive_entry_symlink(ent) ?
			    archive_entry_symlink(ent) : "");
			ipk_pkg_diag(pkg, CM_WARN, namebuf, 0, "%s", why);
			if (ipk_member_listed(pkg, namebuf, "symlink", why) ==
			    CM_FATAL) {
				rc = CM_FATAL;
				break;
			}
			continue;
		}
		if (archive_entry_is_encrypted(ent)) {
			static const char why[] = "encrypted member "
			    "(password-protected zip); its content cannot be read";

			ipk_pkg_diag(pkg, CM_WARN, namebuf, 0, "%s", why);
			if (ipk_member_listed(pkg, namebuf, "encrypted", why) ==
			    CM_FATAL) {
				rc = CM_FATAL;
				break;
			}
			continue;
		}
		memset(&src, 0, sizeof(src));
		src.ar = ar;
		src.declared = archive_entry_size_is_set(ent) ?
		    (uint64_t)archive_entry_size(ent) : 0;
		/* libarchive does not expose a member's compressed size; the
		 * ratio check uses the whole archive's size, an upper bound. */
		src.compressed = pkg->archive_size;
		if (ipk_member_read(pkg, namebuf, &src) == CM_FATAL) {
			rc = CM_FATAL;
			break;
		}
	}
	archive_read_free(ar);
	return rc;
}

static int read_zip_in_locale(struct ipk_package *pkg,
    struct nameset *pdone, char *broken, size_t brokensz);

/*
 * libarchive converts member names to the current locale's charset; in
 * the C locale a name like "Utilisateurs du Bureau à distance.txt" cannot
 * be converted and comes back unnamed.  The reader therefore runs in a
 * UTF-8 locale of its own thread (uselocale), whatever the caller's
 * locale is, so names arrive as the UTF-8 the zip holds.
 */
static locale_t
utf8_locale(void)
{
	static const char *const names[] = { "C.UTF-8", "C.utf8",
	    "en_US.UTF-8", "UTF-8", NULL };
	locale_t loc = (locale_t)0;
	size_t i;

	for (i = 0; names[i] != NULL && loc == (locale_t)0; i++)
		loc = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
	return loc;
}

static int
read_zip(struct ipk_package *pkg)
{
	struct nameset done = { NULL, 0, 0 };
	char broken[512] = "";
	int rc;
	locale_t loc = utf8_locale(), old = (locale_t)0;

	if (loc != (locale_t)0)
		old = uselocale(loc);
	rc = read_zip_in_locale(pkg, &done, broken, sizeof(broken));
	if (loc != (locale_t)0) {
		uselocale(old);
		freelocale(loc);
	}
	free(done.h);
	return rc;
}

static int
read_zip_in_locale(struct ipk_package *pkg, struct nameset *pdone,
    char *broken, size_t brokensz)
{
	int rc;

	rc = zip_pass(pkg, 1, pdone, broken, brokensz);
	if (rc == CM_FAILED) {
		char broken2[512] = "";

		ipk_pkg_diag(pkg, CM_WARN, NULL, 0, "zip central directory "
		    "unreadable (%s); reading the local headers instead", broken);
		rc = zip_pass(pkg, 0, pdone, broken2, sizeof(broken2));
		if (rc == CM_FAILED)
			ipk_pkg_diag(pkg, CM_FAILED, NULL, 0, "zip damaged: %s; "
			    "members after this point are lost", broken2);
	}
	return rc == CM_FATAL ? CM_FATAL : CM_OK;
}

static int
read_file_member(struct ipk_package *pkg, const char *fullpath,
    const char *name)
{
	struct ipk_source src;
	struct stat st;
	int rc;

	memset(&src, 0, sizeof(src));
	if (lstat(fullpath, &st) == 0 && S_ISLNK(st.st_mode)) {
		ipk_pkg_diag(pkg, CM_WARN, name, 0, "symbolic link not followed");
		return CM_OK;
	}
	src.fp = fopen(fullpath, "rb");
	if (src.fp == NULL) {
		ipk_pkg_diag(pkg, CM_FAILED, name, 0, "cannot open: %s",
		    strerror(errno));
		return CM_OK;
	}
	if (fstat(fileno(src.fp), &st) == 0)
		src.declared = (uint64_t)st.st_size;
	pkg->members++;
	rc = ipk_member_read(pkg, name, &src);
	fclose(src.fp);
	return rc == CM_FATAL ? CM_FATAL : CM_OK;
}

static int
walk_dir(struct ipk_package *pkg, const char *dir, const char *rel,
    int depth)
{
	struct dirent **list = NULL;
	int n, i, rc = CM_OK;

	if (depth > CM_MAX_DIR_DEPTH) {
		ipk_pkg_diag(pkg, CM_WARN, rel, 0, "folders nested deeper than "
		    "%d (CM_MAX_DIR_DEPTH); not read", CM_MAX_DIR_DEPTH);
		return CM_OK;
	}
	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		ipk_pkg_diag(pkg, CM_FAILED, rel[0] ? rel : NULL, 0,
		    "cannot read folder: %s", strerror(errno));
		return CM_OK;
	}
	for (i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		char full[CM_MAX_PATH], sub[CM_MAX_PATH];
		struct stat st;

		if (rc == CM_FATAL || strcmp(e, ".") == 0 ||
		    strcmp(e, "..") == 0)
			continue;
		if (snprintf(full, sizeof(full), "%s/%s", dir, e) >=
		    (int)sizeof(full) || snprintf(sub, sizeof(sub), "%s%s%s",
		    rel, rel[0] ? "/" : "", e) >= (int)sizeof(sub)) {
			ipk_pkg_diag(pkg, CM_WARN, e, 0, "path longer than %d "
			    "bytes (CM_MAX_PATH); not read", CM_MAX_PATH);
			continue;
		}
		if (lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = walk_dir(pkg, full, sub, depth + 1);
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			if (too_many(pkg))
				break;
			rc = read_file_member(pkg, full, sub);
		}
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

int
ipk_package_parse(struct ipk_package *pkg, ipk_record_fn on_record,
    ipk_diag_fn on_diag, void *user)
{
	int rc;

	pkg->on_record = on_record;
	pkg->on_diag = on_diag;
	pkg->user = user;
	pkg->worst = CM_OK;
	pkg->members = 0;
	pkg->total_bytes = 0;
	pkg->ntallies = 0;
	if (pkg->is_dir) {
		rc = walk_dir(pkg, pkg->path, "", 0);
	} else if (pkg->is_zip) {
		rc = read_zip(pkg);
	} else if (pkg->mem != NULL) {
		struct ipk_source src;
		const char *base = strrchr(pkg->path, '/');

		pkg->single = 1;
		memset(&src, 0, sizeof(src));
		src.mem = pkg->mem;
		src.memlen = pkg->memlen;
		src.declared = pkg->memlen;
		pkg->members++;
		rc = ipk_member_read(pkg, base ? base + 1 : pkg->path, &src);
	} else {
		const char *base = strrchr(pkg->path, '/');

		pkg->single = 1;
		rc = read_file_member(pkg, pkg->path, base ? base + 1 :
		    pkg->path);
	}
	if (rc == CM_FATAL)
		return CM_FATAL;
	return pkg->worst < CM_OK ? CM_WARN : CM_OK;
}
