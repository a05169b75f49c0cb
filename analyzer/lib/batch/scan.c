/*
 * scan.c - `invpkg scan`: finds the packages under the paths given, keeps
 * this shard's, hashes each one, skips those already in the store with
 * the same analysis configuration, analyses the rest on a pool of worker
 * threads and writes the results to the store from the calling thread.
 *
 *   paths ──walk──> items (sorted) ──shard──> queue of indexes
 *   worker i: own rule set; hash → skip? → ipk_analyze → compact result
 *   caller:   results queue (bounded) → store, one transaction each;
 *             progress; then correlation
 *
 * Workers share nothing but the index counter, the set of hashes claimed
 * in this scan (two paths with one content are analysed once) and the
 * results queue, all under one mutex.  The queue holds at most two
 * results per worker, so memory does not grow with the number of packages.
 *
 * A package is: a file given by name; a *.zip found in a folder; a folder
 * holding an extracted package (a child folder named like a package's
 * data point, e.g. "Services" or "System Information", or a collection
 * summary file; also one level down in a GUID-named folder).  Its shard is
 * FNV-1a-64(path relative to the folder given, or its file name) mod N,
 * so every machine running the same command over the same tree picks the
 * same packages without reading the others'.
 */
#include "batch.h"
#include "../ipk_private.h"
#include "cm_layout.h"
#include "cm_limits.h"
#include "cm_hash.h"
#include "cm_sha256.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern const struct ipk_blob ipk_rule_blobs[];

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Sorted names of dir, hidden ones left out.  -1 if it cannot be read, 1
 * if not every name could be kept (IPK_BATCH_MAX_DIR_ENTRIES, or out of
 * memory), 0 otherwise.
 */
static int
list_dir(const char *dir, char ***out, size_t *n)
{
	int cut = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (*n >= IPK_BATCH_MAX_DIR_ENTRIES) {
			cut = 1;
			break;
		}
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **p = realloc(names, nc * sizeof(*p));

			if (p == NULL) {
				cut = 1;
				break;
			}
			names = p;
			cap = nc;
		}
		if ((names[*n] = strdup(e->d_name)) == NULL) {
			cut = 1;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_str);
	*out = names;
	return cut;
}

static char *
join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* --- Hashes ------------------------------------------------------------ */

static int
hash_file(struct cm_sha256 *h, const char *path, int64_t *size)
{
	unsigned char buf[1 << 16];
	FILE *fp = fopen(path, "rb");
	size_t k;
	int bad;

	if (fp == NULL)
		return -1;
	while ((k = fread(buf, 1, sizeof(buf), fp)) > 0) {
		cm_sha256_update(h, buf, k);
		if (size != NULL)
			*size += (int64_t)k;
	}
	bad = ferror(fp);
	fclose(fp);
	return bad ? -1 : 0;
}

static int
is_rule_name(const char *n)
{
	size_t l = strlen(n);

	return (l > 4 && strcmp(n + l - 4, ".yml") == 0) ||
	    (l > 5 && strcmp(n + l - 5, ".yaml") == 0);
}

/*
 * Hashes the files of a folder in name order: "relative path NUL size
 * NUL" then the bytes.  rules_only: only *.yml and *.yaml files (as the
 * rule loader reads a folder).
 */
static int
hash_tree(struct cm_sha256 *h, const char *dir, const char *rel, int depth,
    int rules_only, int64_t *size)
{
	char **names;
	size_t n, i;
	int rc = 0;

	if (depth > CM_MAX_DIR_DEPTH)
		return -1;
	if ((rc = list_dir(dir, &names, &n)) != 0) {
		/* A folder only partly listed cannot be identified. */
		if (rc > 0) {
			free_names(names, n);
			errno = EFBIG;
		}
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		char *path = join(dir, names[i]);
		char *r = rel[0] != '\0' ? join(rel, names[i]) : strdup(names[i]);
		struct stat st;

		if (path == NULL || r == NULL)
			rc = -1;
		else if (lstat(path, &st) != 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = hash_tree(h, path, r, depth + 1, rules_only, size);
		else if (S_ISREG(st.st_mode) && (!rules_only ||
		    is_rule_name(names[i]))) {
			char head[64];
			int k = snprintf(head, sizeof(head), "%lld",
			    (long long)st.st_size);

			cm_sha256_update(h, r, strlen(r) + 1);
			cm_sha256_update(h, head, (size_t)k + 1);
			rc = hash_file(h, path, size);
		}
		free(path);
		free(r);
	}
	free_names(names, n);
	return rc;
}

/* A file's bytes, or a folder's tree, into h. */
static int
hash_path(struct cm_sha256 *h, const char *path, int rules_only,
    int64_t *size)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return hash_tree(h, path, "", 0, rules_only, size);
	return hash_file(h, path, size);
}

static void
hash_blobs(struct cm_sha256 *h, const struct ipk_blob *b)
{
	char len[32];

	for (; b != NULL && b->name != NULL; b++) {
		int k = snprintf(len, sizeof(len), "%zu", b->len);

		cm_sha256_update(h, b->name, strlen(b->name) + 1);
		cm_sha256_update(h, len, (size_t)k + 1);
		cm_sha256_update(h, b->data, b->len);
	}
}

int
ipk_batch_config_hash(const struct ipk_analyze_options *opt, char out[65],
    struct cm_error *err)
{
	static const struct ipk_analyze_options dflt;
	struct cm_sha256 h;
	char head[256];
	size_t i;
	int k;

	if (opt == NULL)
		opt = &dflt;
	cm_sha256_init(&h);
	k = snprintf(head, sizeof(head), "invpkg %s store %s builtin %d "
	    "self-noise %d codepage %d skip-binary %d", IPK_VERSION,
	    IPK_STORE_SCHEMA, !opt->no_builtin_rules, !opt->keep_self_noise,
	    opt->parse.codepage, opt->parse.skip_binary);
	cm_sha256_update(&h, head, (size_t)k + 1);
	if (!opt->no_builtin_rules)
		hash_blobs(&h, ipk_rule_blobs);
	hash_blobs(&h, ipk_data_blobs);
	for (i = 0; opt->rules != NULL && opt->rules[i] != NULL; i++) {
		cm_sha256_update(&h, "rules", 6);
		if (hash_path(&h, opt->rules[i], 1, NULL) != 0)
			return cm_error_set(err, CM_FATAL, "%s: cannot read rules",
			    opt->rules[i]);
	}
	for (i = 0; opt->allowlists != NULL && opt->allowlists[i] != NULL;
	    i++) {
		cm_sha256_update(&h, "allowlist", 10);
		if (hash_path(&h, opt->allowlists[i], 0, NULL) != 0)
			return cm_error_set(err, CM_FATAL, "%s: cannot read "
			    "allowlist", opt->allowlists[i]);
	}
	cm_sha256_hex(&h, out);
	return CM_OK;
}

/* --- Walk -------------------------------------------------------------- */

struct item {
	char *path;                /* as it will be opened */
	char *rel;                 /* what the shard is computed from */
};

struct walk {
	struct item *v;            /* packages found */
	size_t n;                  /* used */
	size_t cap;                /* allocated */
	unsigned long missing;     /* paths that could not be read */
	const struct ipk_scan_options *opt;
	dev_t dev[CM_MAX_DIR_DEPTH + 2]; /* folders being walked, outermost */
	ino_t ino[CM_MAX_DIR_DEPTH + 2]; /* first: a link to one is a loop */
};

static void
walk_diag(struct walk *w, const char *path, const char *msg)
{
	struct ipk_diag d;

	if (w->opt->diag == NULL)
		return;
	d.level = CM_FAILED;
	d.package = path;
	d.member = NULL;
	d.line = 0;
	d.message = msg;
	w->opt->diag(w->opt->user, &d);
}

static int
add_item(struct walk *w, const char *path, const char *rel)
{
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 256;
		struct item *p = realloc(w->v, nc * sizeof(*p));

		if (p == NULL)
			return -1;
		w->v = p;
		w->cap = nc;
	}
	w->v[w->n].path = strdup(path);
	w->v[w->n].rel = strdup(rel);
	if (w->v[w->n].path == NULL || w->v[w->n].rel == NULL) {
		free(w->v[w->n].path);
		free(w->v[w->n].rel);
		return -1;
	}
	w->n++;
	return 0;
}

static int
is_zip_name(const char *n)
{
	size_t l = strlen(n);

	return l > 4 && strcasecmp(n + l - 4, ".zip") == 0;
}

static int
is_guid(const char *n)
{
	size_t i;

	if (strlen(n) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (n[i] != '-')
				return 0;
		} else if (!((n[i] >= '0' && n[i] <= '9') ||
		    (n[i] >= 'a' && n[i] <= 'f') || (n[i] >= 'A' && n[i] <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

/* A child folder named like one of a package's data points. */
static int
is_layout_folder(const char *name)
{
	const struct cm_layout_item *it;
	char a[256], b[256];

	cm_name_norm(name, (size_t)-1, a, sizeof(a));
	if (a[0] == '\0')
		return 0;
	if (strcmp(a, "smbsession") == 0 || strcmp(a, "prefetchfiles") == 0)
		return 1;
	for (it = cm_layout; it->id != NULL; it++) {
		if (it->folder == NULL || it->folder[0] == '\0')
			continue;
		cm_name_norm(it->folder, (size_t)-1, b, sizeof(b));
		if (strcmp(a, b) == 0)
			return 1;
	}
	return 0;
}

/* A top-level file of a package: the collection summary or a manifest. */
static int
is_summary_file(const char *name)
{
	const struct cm_layout_item *it;

	if (is_zip_name(name))
		return 0;
	it = cm_layout_match(name, NULL);
	return it != NULL && (strcmp(it->id, "collection_summary") == 0 ||
	    strcmp(it->id, "manifest") == 0);
}

/* 1 if dir holds an extracted package (see the top of this file). */
static int
is_package_dir(const char *dir, int depth)
{
	char **names;
	size_t n, i;
	int yes = 0;

	if (list_dir(dir, &names, &n) < 0)
		return 0;
	for (i = 0; i < n && !yes; i++) {
		char *p = join(dir, names[i]);
		struct stat st;

		if (p == NULL)
			break;
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				yes = is_layout_folder(names[i]) ||
				    (depth == 0 && is_guid(names[i]) &&
				    is_package_dir(p, 1));
			else if (S_ISREG(st.st_mode))
				yes = is_summary_file(names[i]);
		}
		free(p);
	}
	free_names(names, n);
	return yes;
}

static int
walk_dir(struct walk *w, const char *dir, const char *rel, int depth)
{
	char **names;
	size_t n, i;
	int rc = 0;

	if (depth > CM_MAX_DIR_DEPTH) {
		walk_diag(w, dir, "folders nested too deep; not walked further");
		w->missing++;
		return 0;
	}
	switch (list_dir(dir, &names, &n)) {
	case -1:
		walk_diag(w, dir, strerror(errno));
		w->missing++;
		return 0;
	case 1:
		/* Scan what was listed; the folder counts as failed. */
		walk_diag(w, dir, "more entries than IPK_BATCH_MAX_DIR_ENTRIES "
		    "(or out of memory); the rest are not scanned");
		w->missing++;
		break;
	}
	for (i = 0; i < n && rc == 0; i++) {
		char *p = join(dir, names[i]);
		char *r = rel[0] != '\0' ? join(rel, names[i]) : strdup(names[i]);
		struct stat st;

		if (p == NULL || r == NULL) {
			rc = -1;
		} else if (stat(p, &st) != 0) {
			/* a dangling link: nothing to read */
		} else if (S_ISDIR(st.st_mode)) {
			int k, loop = 0;

			/* A link back to a folder being walked is not followed. */
			for (k = 0; k <= depth; k++)
				if (w->dev[k] == st.st_dev && w->ino[k] == st.st_ino)
					loop = 1;
			if (!loop && is_package_dir(p, 0)) {
				rc = add_item(w, p, r);
			} else if (!loop) {
				/* depth <= CM_MAX_DIR_DEPTH here: room for one more */
				w->dev[depth + 1] = st.st_dev;
				w->ino[depth + 1] = st.st_ino;
				rc = walk_dir(w, p, r, depth + 1);
			}
		} else if (S_ISREG(st.st_mode) && is_zip_name(names[i])) {
			rc = add_item(w, p, r);
		}
		free(p);
		free(r);
	}
	free_names(names, n);
	return rc;
}

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : p;
}

static int
walk_arg(struct walk *w, const char *arg)
{
	struct stat st;
	char *clean;
	size_t n;
	int rc;

	if (stat(arg, &st) != 0) {
		walk_diag(w, arg, strerror(errno));
		w->missing++;
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return add_item(w, arg, base_name(arg));
	/* "dir/" and "dir" walk the same tree. */
	clean = strdup(arg);
	if (clean == NULL)
		return -1;
	n = strlen(clean);
	while (n > 1 && clean[n - 1] == '/')
		clean[--n] = '\0';
	if (is_package_dir(clean, 0)) {
		rc = add_item(w, clean, base_name(clean));
	} else {
		w->dev[0] = st.st_dev;
		w->ino[0] = st.st_ino;
		rc = walk_dir(w, clean, "", 0);
	}
	free(clean);
	return rc;
}

static int
cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->path,
	    ((const struct item *)b)->path);
}

/* --- Workers ----------------------------------------------------------- */

struct scan {
	const struct ipk_scan_options *opt;
	struct item *items;        /* this shard's packages */
	size_t nitems;
	struct bt_known *known;    /* stored with this configuration, by hash */
	size_t nknown;
	struct bt_known **by_path; /* the same, by path */
	char config[65];           /* the configuration hash */
	pthread_mutex_t mu;        /* guards what follows */
	pthread_cond_t have_result;/* a result was queued, or a worker ended */
	pthread_cond_t have_room;  /* the queue has room */
	size_t next;               /* next item to take */
	int stop;                  /* the writer failed: take no more */
	struct bt_result *qhead;   /* results waiting for the writer */
	struct bt_result *qtail;
	size_t qlen;
	size_t qcap;
	size_t running;            /* workers still running */
	char (*claimed)[65];       /* hashes taken in this scan (open table) */
	size_t nclaimed_slots;     /* a power of two, > 2 * items */
	pthread_mutex_t diag_mu;   /* one diagnostic or progress call at once */
};

struct worker {
	struct scan *sc;
	unsigned long warnings;    /* of the package in hand */
	unsigned long damaged;     /* its failed diagnostics */
	const char *path;          /* the package in hand */
};

static void
worker_diag(void *user, const struct ipk_diag *d)
{
	struct worker *w = user;
	struct scan *sc = w->sc;

	if (d->level == CM_WARN)
		w->warnings++;
	else
		w->damaged++;
	if (sc->opt->diag == NULL)
		return;
	pthread_mutex_lock(&sc->diag_mu);
	sc->opt->diag(sc->opt->user, d);
	pthread_mutex_unlock(&sc->diag_mu);
}

static int
is_known(const struct scan *sc, const char *sha)
{
	size_t lo = 0, hi = sc->nknown;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sc->known[mid].sha256, sha);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The stored package last seen at path, or NULL. */
static const struct bt_known *
known_path(const struct scan *sc, const char *path)
{
	size_t lo = 0, hi = sc->nknown;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sc->by_path[mid]->path, path);

		if (c == 0)
			return sc->by_path[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
cmp_known_path(const void *a, const void *b)
{
	return strcmp((*(struct bt_known *const *)a)->path,
	    (*(struct bt_known *const *)b)->path);
}

/* 1 if another package of this scan already took sha (sc->mu held). */
static int
claim(struct scan *sc, const char *sha)
{
	size_t k = (size_t)cm_fnv1a64(sha) & (sc->nclaimed_slots - 1);

	while (sc->claimed[k][0] != '\0') {
		if (strcmp(sc->claimed[k], sha) == 0)
			return 1;
		k = (k + 1) & (sc->nclaimed_slots - 1);
	}
	memcpy(sc->claimed[k], sha, 65);
	return 0;
}

static void
push(struct scan *sc, struct bt_result *r)
{
	pthread_mutex_lock(&sc->mu);
	while (sc->qlen >= sc->qcap && !sc->stop)
		pthread_cond_wait(&sc->have_room, &sc->mu);
	r->next = NULL;
	if (sc->qtail != NULL)
		sc->qtail->next = r;
	else
		sc->qhead = r;
	sc->qtail = r;
	sc->qlen++;
	pthread_cond_signal(&sc->have_result);
	pthread_mutex_unlock(&sc->mu);
}

/* 1 if a file named *.zip starts like a zip (a local header or an empty
 * archive's end record). */
static int
zip_magic(const char *path)
{
	unsigned char b[4];
	struct stat st;
	FILE *fp;
	int ok;

	if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))
		return 1;          /* a folder named .zip: the reader decides */
	fp = fopen(path, "rb");
	if (fp == NULL)
		return 0;
	ok = fread(b, 1, 4, fp) == 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
	fclose(fp);
	return ok;
}

static void
analyse_one(struct scan *sc, struct worker *w, struct ipk_ruleset *rs,
    struct bt_result *r)
{
	struct ipk_analyze_options aopt = sc->opt->analyze;
	struct ipk_analysis *a = NULL;
	struct cm_sha256 h;
	struct cm_error err;
	struct stat st;
	int dup;

	cm_error_clear(&err);
	/*
	 * A zip stored from this path with the same size and modification
	 * time is not read again (as make and rsync judge files); --force,
	 * or any change of the file, reads and hashes it.
	 */
	if (stat(r->path, &st) == 0 && S_ISREG(st.st_mode)) {
		const struct bt_known *k;

		r->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 +
		    st.st_mtim.tv_nsec;
		if (r->mtime == 0)
			r->mtime = 1;  /* 0 means a folder */
		k = sc->opt->force ? NULL : known_path(sc, r->path);
		if (k != NULL && k->mtime == r->mtime && k->size == st.st_size) {
			memcpy(r->sha256, k->sha256, 65);
			r->size = k->size;
			r->status = IPK_SCAN_SKIPPED;
			return;
		}
	}
	cm_sha256_init(&h);
	if (hash_path(&h, r->path, 0, &r->size) != 0) {
		r->status = IPK_SCAN_FAILED;
		snprintf(r->error, sizeof(r->error), "%s: cannot be read: %s",
		    r->path, strerror(errno));
		return;
	}
	cm_sha256_hex(&h, r->sha256);
	if (is_zip_name(r->path) && !zip_magic(r->path)) {
		/* The reader would take it as a lone artifact file. */
		r->status = IPK_SCAN_FAILED;
		snprintf(r->error, sizeof(r->error), "%s: not a zip archive",
		    r->path);
		return;
	}
	if (!sc->opt->force && is_known(sc, r->sha256)) {
		r->status = IPK_SCAN_SKIPPED;
		return;
	}
	pthread_mutex_lock(&sc->mu);
	dup = claim(sc, r->sha256);
	pthread_mutex_unlock(&sc->mu);
	if (dup) {
		r->status = IPK_SCAN_DUPLICATE;
		return;
	}
	if (rs == NULL) {
		r->status = IPK_SCAN_FAILED;
		snprintf(r->error, sizeof(r->error), "%s: rules could not be "
		    "compiled for this worker (out of memory)", r->path);
		return;
	}
	aopt.ruleset = rs;
	if (ipk_analyze(&a, r->path, &aopt, worker_diag, w, &err) == CM_FATAL) {
		r->status = IPK_SCAN_FAILED;
		snprintf(r->error, sizeof(r->error), "%s", err.msg);
		return;
	}
	r->status = IPK_SCAN_ANALYZED;
	if (bt_result_fill(r, a) != 0) {
		r->status = IPK_SCAN_FAILED;
		snprintf(r->error, sizeof(r->error), "%s: out of memory while "
		    "storing the results", r->path);
	}
	ipk_analysis_free(&a);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct scan *sc = w->sc;
	const struct ipk_analyze_options *ao = &sc->opt->analyze;
	struct ipk_ruleset *rs = NULL;
	struct cm_error err;

	cm_error_clear(&err);
	/* Each worker its own rules: a rule set is not thread-safe. */
	if (ipk_ruleset_new(&rs, !ao->no_builtin_rules, ao->rules, NULL, NULL,
	    &err) != CM_OK)
		rs = NULL;
	for (;;) {
		struct bt_result *r;
		size_t i;
		double t0;

		pthread_mutex_lock(&sc->mu);
		if (sc->stop || sc->next >= sc->nitems) {
			pthread_mutex_unlock(&sc->mu);
			break;
		}
		i = sc->next++;
		pthread_mutex_unlock(&sc->mu);
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			break;   /* the writer sees the worker end */
		r->path = sc->items[i].path;
		w->path = r->path;
		w->warnings = 0;
		w->damaged = 0;
		t0 = now_s();
		analyse_one(sc, w, rs, r);
		r->seconds = now_s() - t0;
		r->warnings = w->warnings;
		r->damaged = w->damaged;
		push(sc, r);
	}
	ipk_ruleset_free(&rs);
	pthread_mutex_lock(&sc->mu);
	sc->running--;
	pthread_cond_signal(&sc->have_result);
	pthread_mutex_unlock(&sc->mu);
	return NULL;
}

/* --- The writer (the caller's thread) ---------------------------------- */

static void
progress(struct scan *sc, struct ipk_scan_progress *p, double t0)
{
	if (sc->opt->progress == NULL)
		return;
	p->elapsed = now_s() - t0;
	p->rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
	p->eta = p->done > 0 && p->rate > 0 ? (double)(p->total - p->done) /
	    p->rate : -1;
	pthread_mutex_lock(&sc->diag_mu);
	sc->opt->progress(sc->opt->user, p);
	pthread_mutex_unlock(&sc->diag_mu);
}

static void
report_failure(struct scan *sc, const struct bt_result *r)
{
	struct ipk_diag d;

	if (sc->opt->diag == NULL)
		return;
	d.level = CM_FAILED;
	d.package = r->path;
	d.member = NULL;
	d.line = 0;
	d.message = r->error;
	/* The message names the package too: say it once. */
	if (strncmp(r->error, r->path, strlen(r->path)) == 0 &&
	    strncmp(r->error + strlen(r->path), ": ", 2) == 0)
		d.message = r->error + strlen(r->path) + 2;
	pthread_mutex_lock(&sc->diag_mu);
	sc->opt->diag(sc->opt->user, &d);
	pthread_mutex_unlock(&sc->diag_mu);
}

/* Writes one result; -1 when the store cannot be written. */
static int
write_result(struct ipk_store *st, struct scan *sc, struct bt_result *r,
    struct ipk_scan_summary *sum, struct ipk_scan_progress *p,
    struct cm_error *err)
{
	struct ipk_scan_item it;
	int rc = 0;

	p->done++;
	switch (r->status) {
	case IPK_SCAN_ANALYZED:
		p->analyzed++;
		sum->analyzed++;
		if (r->damaged > 0)
			sum->damaged++;
		break;
	case IPK_SCAN_SKIPPED:
		p->skipped++;
		sum->skipped++;
		break;
	case IPK_SCAN_DUPLICATE:
		p->skipped++;
		sum->duplicates++;
		break;
	default:
		p->failed++;
		sum->failed++;
		break;
	}
	if (r->status == IPK_SCAN_FAILED) {
		report_failure(sc, r);
		rc = bt_store_failure(st, r->path, r->sha256, r->error, err);
	} else if (r->status != IPK_SCAN_DUPLICATE) {
		rc = bt_store_result(st, r, sc->config, err);
	}
	if (sc->opt->on_item != NULL) {
		memset(&it, 0, sizeof(it));
		it.path = r->path;
		it.sha256 = r->sha256;
		it.status = r->status;
		it.error = r->status == IPK_SCAN_FAILED ? r->error : NULL;
		it.host = r->host != NULL ? r->host : "";
		it.threat_level = r->status == IPK_SCAN_ANALYZED ? r->level : 0;
		it.warnings = r->warnings;
		it.damaged = r->damaged;
		it.seconds = r->seconds;
		pthread_mutex_lock(&sc->diag_mu);
		sc->opt->on_item(sc->opt->user, &it);
		pthread_mutex_unlock(&sc->diag_mu);
	}
	return rc;
}

static int
worst_host(void *user, const struct ipk_host_info *h)
{
	int *worst = user;

	if (h->threat_level > *worst)
		*worst = h->threat_level;
	return 0;
}

static unsigned
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

static int
run_pool(struct ipk_store *st, struct scan *sc, struct ipk_scan_summary *sum,
    struct cm_error *err)
{
	struct ipk_scan_progress p;
	struct worker *ws;
	pthread_t *tids;
	unsigned jobs = sc->opt->jobs ? sc->opt->jobs : default_jobs(), i;
	double t0 = now_s(), last = 0;
	int failed_store = 0;

	if (jobs > IPK_BATCH_MAX_JOBS)
		jobs = IPK_BATCH_MAX_JOBS;
	if (jobs > sc->nitems)
		jobs = sc->nitems > 0 ? (unsigned)sc->nitems : 1;
	memset(&p, 0, sizeof(p));
	p.total = sc->nitems;
	ws = calloc(jobs, sizeof(*ws));
	tids = calloc(jobs, sizeof(*tids));
	if (ws == NULL || tids == NULL) {
		free(ws);
		free(tids);
		return cm_error_set(err, CM_FATAL, "out of memory"), -1;
	}
	sc->qcap = 2 * (size_t)jobs;
	for (i = 0; i < jobs; i++) {
		ws[i].sc = sc;
		pthread_mutex_lock(&sc->mu);
		sc->running++;
		pthread_mutex_unlock(&sc->mu);
		if (pthread_create(&tids[i], NULL, worker_main, &ws[i]) != 0) {
			pthread_mutex_lock(&sc->mu);
			sc->running--;
			pthread_mutex_unlock(&sc->mu);
			break;
		}
	}
	jobs = i;
	if (jobs == 0) {
		free(ws);
		free(tids);
		return cm_error_set(err, CM_FATAL, "cannot start a worker "
		    "thread"), -1;
	}
	progress(sc, &p, t0);
	for (;;) {
		struct bt_result *batch, *r;
		int finished;

		pthread_mutex_lock(&sc->mu);
		while (sc->qhead == NULL && sc->running > 0) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 200 * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			if (pthread_cond_timedwait(&sc->have_result, &sc->mu,
			    &ts) != 0)
				break;
		}
		batch = sc->qhead;
		sc->qhead = sc->qtail = NULL;
		sc->qlen = 0;
		finished = batch == NULL && sc->running == 0;
		pthread_cond_broadcast(&sc->have_room);
		pthread_mutex_unlock(&sc->mu);
		while ((r = batch) != NULL) {
			batch = r->next;
			if (!failed_store && write_result(st, sc, r, sum, &p,
			    err) != 0) {
				/* Stop the workers; drain what they hold. */
				failed_store = 1;
				pthread_mutex_lock(&sc->mu);
				sc->stop = 1;
				pthread_cond_broadcast(&sc->have_room);
				pthread_mutex_unlock(&sc->mu);
			}
			bt_result_free(r);
		}
		if (finished)
			break;
		if (now_s() - last >= 0.1) {
			progress(sc, &p, t0);
			last = now_s();
		}
	}
	for (i = 0; i < jobs; i++)
		pthread_join(tids[i], NULL);
	if (bt_store_flush(st, failed_store ? NULL : err) != 0 && !failed_store)
		failed_store = 1;
	/* Packages a worker could not take (out of memory) count as failed. */
	if (!failed_store && p.done < p.total) {
		sum->failed += p.total - p.done;
		p.failed += p.total - p.done;
		p.done = p.total;
	}
	progress(sc, &p, t0);
	free(ws);
	free(tids);
	return failed_store ? -1 : 0;
}

int
ipk_scan(struct ipk_store *st, const char *const *paths, size_t npaths,
    const struct ipk_scan_options *opt, struct ipk_scan_summary *sum,
    struct cm_error *err)
{
	struct ipk_ruleset *rs = NULL;
	struct walk w;
	struct scan sc;
	double t0 = now_s();
	size_t i, k;
	int rc = CM_OK, worst = 0;

	memset(sum, 0, sizeof(*sum));
	memset(&w, 0, sizeof(w));
	memset(&sc, 0, sizeof(sc));
	w.opt = opt;
	sc.opt = opt;
	if (opt->nshards > 1 && (opt->shard < 1 || opt->shard > opt->nshards))
		return cm_error_set(err, CM_FATAL, "shard %u of %u: must be "
		    "1..%u", opt->shard, opt->nshards, opt->nshards);
	if (ipk_batch_config_hash(&opt->analyze, sc.config, err) != CM_OK)
		return CM_FATAL;
	/* Compile the rules once here, to report their problems once. */
	if (ipk_ruleset_new(&rs, !opt->analyze.no_builtin_rules,
	    opt->analyze.rules, opt->diag, opt->user, err) != CM_OK)
		return CM_FATAL;
	ipk_ruleset_free(&rs);
	for (i = 0; i < npaths; i++)
		if (walk_arg(&w, paths[i]) != 0) {
			rc = cm_error_set(err, CM_FATAL, "out of memory");
			goto out;
		}
	if (w.n > 1)
		qsort(w.v, w.n, sizeof(*w.v), cmp_item);
	sum->found = w.n;
	/* Keep this shard's items (in place; the others are freed). */
	for (i = k = 0; i < w.n; i++) {
		if (opt->nshards > 1 &&
		    cm_fnv1a64(w.v[i].rel) % opt->nshards != opt->shard - 1) {
			free(w.v[i].path);
			free(w.v[i].rel);
			continue;
		}
		w.v[k++] = w.v[i];
	}
	w.n = k;
	sum->in_shard = w.n;
	sum->failed = w.missing;
	sc.items = w.v;
	sc.nitems = w.n;
	for (sc.nclaimed_slots = 16; sc.nclaimed_slots < 2 * w.n + 2;)
		sc.nclaimed_slots *= 2;
	sc.claimed = calloc(sc.nclaimed_slots, sizeof(*sc.claimed));
	if (sc.claimed == NULL) {
		rc = cm_error_set(err, CM_FATAL, "out of memory");
		goto out;
	}
	if (bt_store_begin_scan(st, err) != 0 ||
	    bt_store_known(st, sc.config, &sc.known, &sc.nknown, err) != 0) {
		rc = CM_FATAL;
		goto out;
	}
	sc.by_path = malloc((sc.nknown + 1) * sizeof(*sc.by_path));
	if (sc.by_path == NULL) {
		rc = cm_error_set(err, CM_FATAL, "out of memory");
		goto out;
	}
	for (i = 0; i < sc.nknown; i++)
		sc.by_path[i] = &sc.known[i];
	if (sc.nknown > 1)
		qsort(sc.by_path, sc.nknown, sizeof(*sc.by_path), cmp_known_path);
	pthread_mutex_init(&sc.mu, NULL);
	pthread_mutex_init(&sc.diag_mu, NULL);
	pthread_cond_init(&sc.have_result, NULL);
	pthread_cond_init(&sc.have_room, NULL);
	if (run_pool(st, &sc, sum, err) != 0)
		rc = CM_FATAL;
	pthread_mutex_destroy(&sc.mu);
	pthread_mutex_destroy(&sc.diag_mu);
	pthread_cond_destroy(&sc.have_result);
	pthread_cond_destroy(&sc.have_room);
	if (rc == CM_OK && ipk_store_correlate(st, err) != CM_OK)
		rc = CM_FATAL;
	if (rc == CM_OK && ipk_store_hosts(st, 1, worst_host, &worst, err) < 0)
		rc = CM_FATAL;
	sum->worst_level = worst;
	if (rc == CM_OK && sum->failed > 0)
		rc = CM_WARN;
out:
	for (i = 0; i < w.n; i++) {
		free(w.v[i].path);
		free(w.v[i].rel);
	}
	free(w.v);
	bt_known_free(sc.known, sc.nknown);
	free(sc.by_path);
	free(sc.claimed);
	sum->seconds = now_s() - t0;
	return rc;
}
