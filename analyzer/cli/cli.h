/*
 * cli.h - what the `invpkg` command's files share: the options of a run
 * and the exit statuses.
 */
#ifndef IPK_CLI_H
#define IPK_CLI_H

#include <stdio.h>

#include "invpkg.h"

#define EXIT_WARN 1      /* parse: done, with warnings */
#define EXIT_USAGE 2     /* usage error */
#define EXIT_FATAL 3     /* input unreadable or output unwritable */
/* analyze and hunt: 0 for threat level 1, else 10 + the threat level. */
#define EXIT_LEVEL_BASE 10

#define CLI_MAX_LIST 64  /* --rules and --allowlist given at most this often */

struct cli {
	const char *format;        /* output format, NULL: the command's default */
	const char *out;           /* -o */
	int quiet;                 /* -q */
	int color;                 /* -1 auto, 0 never, 1 always */
	int show_suppressed;       /* --show-suppressed */
	struct ipk_analyze_options aopt; /* analysis options */
	const char *rules[CLI_MAX_LIST + 1];      /* --rules, NULL-ended */
	size_t nrules;
	const char *allow[CLI_MAX_LIST + 1];      /* --allowlist, NULL-ended */
	size_t nallow;
	const char *from;          /* timeline --from */
	const char *to;            /* timeline --to */
	const char *tz;            /* timeline --tz */
	const char *db;            /* batch: --db (the store) */
	unsigned jobs;             /* scan --jobs, 0: one per core */
	unsigned shard;            /* scan --shard K/N: K */
	unsigned nshards;          /* and N */
	int force;                 /* scan --force */
	FILE *fp;                  /* output stream */
	struct ipk_csvset *csv;    /* csv output */
	int write_failed;          /* an output write failed */
};

void cli_diag(void *user, const struct ipk_diag *d);
FILE *cli_open_out(struct cli *cli);
int cli_close_out(struct cli *cli, FILE *fp);
int cmd_analyze(struct cli *cli, int argc, char **argv);
int cmd_hunt(struct cli *cli, int argc, char **argv);
int cmd_timeline(struct cli *cli, int argc, char **argv);
int cmd_scan(struct cli *cli, int argc, char **argv);
int cmd_hosts(struct cli *cli, int argc, char **argv);
int cmd_ioc(struct cli *cli, int argc, char **argv);
int cmd_graph(struct cli *cli, int argc, char **argv);
int cmd_merge(struct cli *cli, int argc, char **argv);
/* A progress line on stderr when it is a terminal (and not -q). */
void cli_progress_setup(struct cli *cli);
void cli_progress_done(struct cli *cli);

#endif
