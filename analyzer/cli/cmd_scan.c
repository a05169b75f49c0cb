/*
 * cmd_scan.c - the batch commands on libinvpkg's store (invpkg_batch.h):
 *   invpkg scan PATH... [--db FILE] [--jobs N] [--shard K/N] [--force]
 *   invpkg hosts [--db FILE] [--format text|json]
 *   invpkg ioc VALUE [--db FILE] [--format text|json]
 *   invpkg graph [--db FILE] [--format dot|html] [-o FILE]
 *   invpkg merge OUT.db IN.db...
 * The store defaults to invpkg.db in the working folder (docs/batch.md).
 */
#include "cli.h"
#include "invpkg_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define DEFAULT_DB "invpkg.db"

struct scan_ui {
	struct cli *cli;
	int bar;                   /* a progress bar is on stderr */
	int drawn;                 /* the bar is on screen now */
};

static const char *
db_path(const struct cli *cli)
{
	return cli->db != NULL ? cli->db : DEFAULT_DB;
}

static void
clear_bar(struct scan_ui *ui)
{
	if (ui->drawn) {
		fputs("\r\033[K", stderr);
		ui->drawn = 0;
	}
}

/* Failures always; warnings are counted in the store, not printed. */
static void
scan_diag(void *user, const struct ipk_diag *d)
{
	struct scan_ui *ui = user;

	if (d->level == CM_WARN)
		return;
	clear_bar(ui);
	cli_diag(ui->cli, d);
}

static void
fmt_secs(char *out, size_t n, double s)
{
	if (s < 0)
		snprintf(out, n, "?");
	else if (s < 60)
		snprintf(out, n, "%.0fs", s);
	else if (s < 3600)
		snprintf(out, n, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(out, n, "%dh%02dm", (int)s / 3600, (int)s / 60 % 60);
}

static void
scan_progress(void *user, const struct ipk_scan_progress *p)
{
	struct scan_ui *ui = user;
	char bar[31], eta[32];
	size_t fill, i;

	if (!ui->bar)
		return;
	fill = p->total > 0 ? (size_t)(30.0 * (double)p->done /
	    (double)p->total) : 30;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[30] = '\0';
	fmt_secs(eta, sizeof(eta), p->eta);
	fprintf(stderr, "\r\033[K[%s] %lu/%lu  %.1f pkg/s  ETA %s", bar,
	    p->done, p->total, p->rate, eta);
	if (p->failed > 0)
		fprintf(stderr, "  %lu failed", p->failed);
	fflush(stderr);
	ui->drawn = 1;
}

static int
level_status(int level)
{
	return level <= 1 ? 0 : EXIT_LEVEL_BASE + level;
}

int
cmd_scan(struct cli *cli, int argc, char **argv)
{
	struct ipk_store *st = NULL;
	struct ipk_scan_options o;
	struct ipk_scan_summary sum;
	struct scan_ui ui;
	struct cm_error err;
	FILE *fp;
	int rc;

	if (argc < 1) {
		fprintf(stderr, "invpkg: scan takes one or more PATH\n");
		return EXIT_USAGE;
	}
	if (cli->format == NULL)
		cli->format = "text";
	if (strcmp(cli->format, "text") != 0 && strcmp(cli->format, "json") != 0) {
		fprintf(stderr, "invpkg: scan: unknown format '%s' (text or "
		    "json)\n", cli->format);
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	if (ipk_store_open(&st, db_path(cli), 1, &err) != CM_OK) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
#if defined(__GLIBC__)
	/*
	 * Each package's analysis allocates its record store and frees it
	 * all at the end.  glibc would give that memory back to the system
	 * and the next package would fault every page in again (a fifth of
	 * a scan's time): keep freed memory for the next package instead.
	 * Memory stays at the largest package's need, as it would at its peak.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
	memset(&ui, 0, sizeof(ui));
	ui.cli = cli;
	ui.bar = !cli->quiet && isatty(STDERR_FILENO);
	memset(&o, 0, sizeof(o));
	o.analyze = cli->aopt;
	o.jobs = cli->jobs;
	o.shard = cli->shard;
	o.nshards = cli->nshards;
	o.force = cli->force;
	o.diag = scan_diag;
	o.progress = scan_progress;
	o.user = &ui;
	rc = ipk_scan(st, (const char *const *)argv, (size_t)argc, &o, &sum,
	    &err);
	clear_bar(&ui);
	if (rc == CM_FATAL) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	if (!cli->quiet) {
		fprintf(stderr, "invpkg: scan: %lu package(s)", sum.in_shard);
		if (cli->nshards > 1)
			fprintf(stderr, " in shard %u/%u (of %lu found)", cli->shard,
			    cli->nshards, sum.found);
		fprintf(stderr, ": %lu analysed, %lu unchanged, %lu duplicate(s), "
		    "%lu failed", sum.analyzed, sum.skipped, sum.duplicates,
		    sum.failed);
		if (sum.damaged > 0)
			fprintf(stderr, ", %lu damaged (read in part)", sum.damaged);
		fprintf(stderr, ", in %.1f s; store %s\n", sum.seconds,
		    db_path(cli));
	}
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	if (ipk_store_write_hosts(fp, st, cli->format, 1, &err) != 0)
		fprintf(stderr, "invpkg: %s\n", err.msg);
	cli_close_out(cli, fp);
	ipk_store_close(&st);
	if (sum.failed > 0 || cli->write_failed)
		return EXIT_FATAL;
	return level_status(sum.worst_level);
}

/* Opens the existing store for a query command. */
static struct ipk_store *
open_existing(struct cli *cli)
{
	struct ipk_store *st = NULL;
	struct cm_error err;

	cm_error_clear(&err);
	if (access(db_path(cli), F_OK) != 0) {
		fprintf(stderr, "invpkg: %s: no store here (run invpkg scan, or "
		    "give --db FILE)\n", db_path(cli));
		return NULL;
	}
	if (ipk_store_open(&st, db_path(cli), 0, &err) != CM_OK)
		fprintf(stderr, "invpkg: %s\n", err.msg);
	return st;
}

static int
check_format(struct cli *cli, const char *cmd, const char *a, const char *b)
{
	if (cli->format == NULL)
		cli->format = a;
	if (strcmp(cli->format, a) != 0 && strcmp(cli->format, b) != 0) {
		fprintf(stderr, "invpkg: %s: unknown format '%s' (%s or %s)\n",
		    cmd, cli->format, a, b);
		return -1;
	}
	return 0;
}

int
cmd_hosts(struct cli *cli, int argc, char **argv)
{
	struct ipk_store *st;
	struct cm_error err;
	FILE *fp;
	int rc = 0;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "invpkg: hosts takes no PATH (use --db FILE)\n");
		return EXIT_USAGE;
	}
	if (check_format(cli, "hosts", "text", "json") != 0)
		return EXIT_USAGE;
	if ((st = open_existing(cli)) == NULL)
		return EXIT_FATAL;
	cm_error_clear(&err);
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	if (ipk_store_write_hosts(fp, st, cli->format, 0, &err) != 0) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		rc = EXIT_FATAL;
	}
	cli_close_out(cli, fp);
	ipk_store_close(&st);
	return rc != 0 || cli->write_failed ? EXIT_FATAL : 0;
}

int
cmd_ioc(struct cli *cli, int argc, char **argv)
{
	struct ipk_store *st;
	struct cm_error err;
	FILE *fp;
	long n;

	if (argc != 1) {
		fprintf(stderr, "invpkg: ioc takes one VALUE\n");
		return EXIT_USAGE;
	}
	if (check_format(cli, "ioc", "text", "json") != 0)
		return EXIT_USAGE;
	if ((st = open_existing(cli)) == NULL)
		return EXIT_FATAL;
	cm_error_clear(&err);
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	n = ipk_store_write_ioc(fp, st, argv[0], cli->format, &err);
	cli_close_out(cli, fp);
	ipk_store_close(&st);
	if (n < 0) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	if (!cli->quiet)
		fprintf(stderr, "invpkg: ioc: %ld sighting(s) of %s\n", n, argv[0]);
	if (cli->write_failed)
		return EXIT_FATAL;
	return n > 0 ? 0 : EXIT_WARN;
}

int
cmd_graph(struct cli *cli, int argc, char **argv)
{
	struct ipk_store *st;
	struct cm_error err;
	FILE *fp;
	int rc = 0;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "invpkg: graph takes no PATH (use --db FILE)\n");
		return EXIT_USAGE;
	}
	if (check_format(cli, "graph", "dot", "html") != 0)
		return EXIT_USAGE;
	if ((st = open_existing(cli)) == NULL)
		return EXIT_FATAL;
	cm_error_clear(&err);
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	if (ipk_store_write_graph(fp, st, cli->format, &err) != 0) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		rc = EXIT_FATAL;
	}
	cli_close_out(cli, fp);
	ipk_store_close(&st);
	return rc != 0 || cli->write_failed ? EXIT_FATAL : 0;
}

int
cmd_merge(struct cli *cli, int argc, char **argv)
{
	struct ipk_store *st = NULL;
	struct cm_error err;
	int i;
	long hosts;

	if (argc < 2) {
		fprintf(stderr, "invpkg: merge takes OUT.db and one or more "
		    "IN.db\n");
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	if (ipk_store_open(&st, argv[0], 1, &err) != CM_OK) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], argv[0]) == 0) {
			fprintf(stderr, "invpkg: merge: %s is the output\n", argv[i]);
			ipk_store_close(&st);
			return EXIT_USAGE;
		}
	}
	if (ipk_store_merge(st, (const char *const *)argv + 1,
	    (size_t)(argc - 1), &err) != CM_OK) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		ipk_store_close(&st);
		return EXIT_FATAL;
	}
	hosts = ipk_store_hosts(st, 0, NULL, NULL, &err);
	if (!cli->quiet && hosts >= 0)
		fprintf(stderr, "invpkg: merge: %d store(s) into %s: %ld host(s)\n",
		    argc - 1, argv[0], hosts);
	ipk_store_close(&st);
	return hosts < 0 ? EXIT_FATAL : 0;
}
