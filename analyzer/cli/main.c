/*
 * main.c - the `invpkg` command: a thin front-end on libinvpkg.
 *
 * It parses options, calls the library and prints what the library hands
 * back.  Exit status (all commands): 0 success, 1 done with warnings (rows
 * or members skipped; see stderr), 2 usage error, 3 the input could not be
 * read at all.
 */
#include "cli.h"
#include "cm_enc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


static void
usage(FILE *fp)
{
	fputs(
"usage: invpkg parse PACKAGE [--format jsonl|csv] [-o PATH] [options]\n"
"       invpkg analyze PACKAGE [--format text|json|jsonl|csv|xlsx|html]\n"
"                      [-o FILE] [options]\n"
"       invpkg hunt FILE... [--rules PATH] [--format text|json|jsonl]\n"
"       invpkg timeline PACKAGE [--format csv|jsonl] [--from T] [--to T]\n"
"                       [--tz OFFSET]\n"
"       invpkg scan PATH... [--db FILE] [--jobs N] [--shard K/N] [--force]\n"
"       invpkg hosts [--db FILE] [--format text|json]\n"
"       invpkg ioc VALUE [--db FILE] [--format text|json]\n"
"       invpkg graph [--db FILE] [--format dot|html] [-o FILE]\n"
"       invpkg merge OUT.db IN.db...\n"
"       invpkg --version | --help\n"
"\n"
"PACKAGE is an investigation package (.zip), a folder of an extracted\n"
"package, or a single artifact file (e.g. Security.evtx, a .pf file).\n"
"\n"
"parse: write every normalised record of the package.\n"
"  --format jsonl    one JSON object per line (default)\n"
"  --format csv      one CSV file per artifact kind (UTF-8 with BOM)\n"
"  -o PATH           jsonl: a file (or a folder to hold records.jsonl);\n"
"                    csv: the folder to write (default: invpkg-parse)\n"
"  --codepage CP     decode text members as CP (850, cp932, utf-16le...)\n"
"                    instead of detecting each member's encoding\n"
"  --skip-binary     list binary members (EVTX, Prefetch) without parsing\n"
"  -q, --quiet       no warnings and no tally on stderr\n"
"\n"
"analyze: the findings and the threat level (1-4) of a package.\n"
"  --format text     for people (default); json: one object; jsonl: one\n"
"                    finding per line; csv: findings (with -o DIR:\n"
"                    DIR/findings.csv and DIR/timeline.csv); xlsx: a\n"
"                    workbook (needs -o FILE); html: one self-contained\n"
"                    page\n"
"  -o FILE           write there instead of standard output\n"
"  --rules PATH      more Sigma rules (a file or a folder; repeatable)\n"
"  --no-builtin-rules  only the rules given with --rules\n"
"  --allowlist FILE  suppress known-good findings (repeatable)\n"
"  --show-suppressed list suppressed findings too\n"
"  --keep-self-noise do not suppress the collection's own traces\n"
"  --color WHEN      auto (default; NO_COLOR respected), always, never\n"
"\n"
"timeline: one time-ordered view across artifacts (UTC by default).\n"
"  --from T, --to T  ISO 8601 bounds (2026-09-07, 2026-09-07T22:00Z)\n"
"  --tz OFFSET       print times at this offset (+02:00, -05:00, UTC)\n"
"\n"
"hunt: run Sigma rules over event logs or packages, one finding per\n"
"matching record.  --rules PATH (default: the built-in rules),\n"
"--format text|json|jsonl, -o FILE.  A rule that cannot be evaluated\n"
"is named on stderr with the word 'unsupported' and the reason.\n"
"\n"
"scan: analyse every package under PATH (zips, package folders) in\n"
"parallel into the store (--db, default invpkg.db), skipping packages\n"
"unchanged since the last scan, then correlate hosts (level 4).\n"
"  --jobs N          worker threads (default: one per core)\n"
"  --shard K/N       only shard K of N (for many machines; then merge)\n"
"  --force           analyse unchanged packages again\n"
"hosts, ioc, graph: query the store; merge: combine stores (docs/batch.md).\n"
"\n"
"Exit status: 0 read cleanly (analyze, hunt: threat level 1), 1 read\n"
"with warnings (parse), 2 usage error, 3 input unreadable; analyze and\n"
"hunt: 12, 13, 14 for threat level 2, 3, 4; scan: 3 if a package\n"
"failed, else as analyze for the worst host; ioc: 1 if not found.\n",
	    fp);
}

void
cli_diag(void *user, const struct ipk_diag *d)
{
	struct cli *cli = user;

	if (cli->quiet && d->level > CM_FAILED)
		return;
	fprintf(stderr, "invpkg: %s: %s", cm_rc_name(d->level), d->package);
	if (d->member != NULL)
		fprintf(stderr, ": %s", d->member);
	if (d->line > 0)
		fprintf(stderr, ":%lu", d->line);
	fprintf(stderr, ": %s\n", d->message);
}

static int
on_record(void *user, const struct ipk_record *rec)
{
	struct cli *cli = user;
	struct cm_error err;

	cm_error_clear(&err);
	if (cli->csv != NULL) {
		if (ipk_csvset_write(cli->csv, rec, &err) != CM_OK) {
			fprintf(stderr, "invpkg: %s\n", err.msg);
			cli->write_failed = 1;
			return 1;
		}
		return 0;
	}
	if (ipk_write_jsonl(cli->fp, rec) != 0) {
		fprintf(stderr, "invpkg: write error: %s\n", strerror(errno));
		cli->write_failed = 1;
		return 1;
	}
	return 0;
}

static void
print_tally(FILE *fp, const struct ipk_package *pkg, int csv)
{
	const struct ipk_tally *t;
	size_t n, i;

	t = ipk_package_tally(pkg, &n);
	if (csv)
		fputs("\xEF\xBB\xBFkind,members,records,skipped,warnings,"
		    "failures,first_problem\r\n", fp);
	else
		fprintf(fp, "%-20s %7s %9s %8s %8s  %s\n", "kind", "members",
		    "records", "skipped", "failed", "first problem");
	for (i = 0; i < n; i++) {
		if (csv) {
			fprintf(fp, "%s,%lu,%lu,%lu,%lu,%lu,", t[i].kind,
			    t[i].members, t[i].records, t[i].skipped,
			    t[i].warnings, t[i].failures);
			ipk_json_string(fp, t[i].first_problem,
			    strlen(t[i].first_problem));
			fputs("\r\n", fp);
		} else {
			fprintf(fp, "%-20s %7lu %9lu %8lu %8lu  %s\n", t[i].kind,
			    t[i].members, t[i].records, t[i].skipped,
			    t[i].failures, t[i].first_problem);
		}
	}
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
cmd_parse(struct cli *cli, const char *path)
{
	struct ipk_package *pkg = NULL;
	struct cm_error err;
	char buf[4096];
	const char *dir = NULL;
	int rc;

	if (cli->format == NULL)
		cli->format = "jsonl";
	if (strcmp(cli->format, "jsonl") != 0 && strcmp(cli->format, "csv") != 0) {
		fprintf(stderr, "invpkg: parse: unknown format '%s' (jsonl or "
		    "csv)\n", cli->format);
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	if (ipk_package_open(&pkg, path, &cli->aopt.parse, &err) != CM_OK) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	cli->fp = stdout;
	if (strcmp(cli->format, "csv") == 0) {
		dir = cli->out != NULL ? cli->out : "invpkg-parse";
		if (ipk_csvset_open(&cli->csv, dir, &err) != CM_OK) {
			fprintf(stderr, "invpkg: %s\n", err.msg);
			ipk_package_free(&pkg);
			return EXIT_FATAL;
		}
	} else if (cli->out != NULL) {
		const char *file = cli->out;

		if (is_dir(cli->out)) {
			dir = cli->out;
			snprintf(buf, sizeof(buf), "%s/records.jsonl", dir);
			file = buf;
		}
		cli->fp = fopen(file, "wb");
		if (cli->fp == NULL) {
			fprintf(stderr, "invpkg: %s: %s\n", file, strerror(errno));
			ipk_package_free(&pkg);
			return EXIT_FATAL;
		}
	}
	rc = ipk_package_parse(pkg, on_record, cli_diag, cli);
	if (cli->csv != NULL)
		ipk_csvset_free(&cli->csv);
	if (cli->fp != stdout && fclose(cli->fp) != 0)
		cli->write_failed = 1;
	if (fflush(stdout) != 0)
		cli->write_failed = 1;
	if (!cli->quiet)
		print_tally(stderr, pkg, 0);
	if (dir != NULL) {
		FILE *tf;

		snprintf(buf, sizeof(buf), "%s/tally.csv", dir);
		tf = fopen(buf, "wb");
		if (tf != NULL) {
			print_tally(tf, pkg, 1);
			fclose(tf);
		}
	}
	ipk_package_free(&pkg);
	if (cli->write_failed || rc == CM_FATAL)
		return EXIT_FATAL;
	return rc == CM_OK ? 0 : EXIT_WARN;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "codepage", required_argument, NULL, 'c' },
		{ "skip-binary", no_argument, NULL, 'B' },
		{ "rules", required_argument, NULL, 'r' },
		{ "no-builtin-rules", no_argument, NULL, 'N' },
		{ "allowlist", required_argument, NULL, 'a' },
		{ "show-suppressed", no_argument, NULL, 'S' },
		{ "keep-self-noise", no_argument, NULL, 'K' },
		{ "color", required_argument, NULL, 'C' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "tz", required_argument, NULL, 'Z' },
		{ "db", required_argument, NULL, 'D' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'E' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli;
	const char *cmd;
	char junk;
	int ch;

	memset(&cli, 0, sizeof(cli));
	cli.color = -1;
	while ((ch = getopt_long(argc, argv, "+f:o:qhV", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			return 0;
		}
		if (ch == 'V') {
			printf("invpkg %s\n", IPK_VERSION);
			return 0;
		}
		usage(stderr);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	/* Rescan from the command on (glibc: optind 0 resets getopt). */
	argc -= optind;
	argv += optind;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "f:o:j:qhV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			cli.format = optarg;
			break;
		case 'o':
			cli.out = optarg;
			break;
		case 'c':
			cli.aopt.parse.codepage = cm_cp_parse(optarg);
			if (cli.aopt.parse.codepage < 0) {
				fprintf(stderr, "invpkg: unknown code page '%s'\n",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'B':
			cli.aopt.parse.skip_binary = 1;
			break;
		case 'r':
			if (cli.nrules >= CLI_MAX_LIST) {
				fprintf(stderr, "invpkg: too many --rules\n");
				return EXIT_USAGE;
			}
			cli.rules[cli.nrules++] = optarg;
			break;
		case 'N':
			cli.aopt.no_builtin_rules = 1;
			break;
		case 'a':
			if (cli.nallow >= CLI_MAX_LIST) {
				fprintf(stderr, "invpkg: too many --allowlist\n");
				return EXIT_USAGE;
			}
			cli.allow[cli.nallow++] = optarg;
			break;
		case 'S':
			cli.show_suppressed = 1;
			break;
		case 'F':
			cli.from = optarg;
			break;
		case 'T':
			cli.to = optarg;
			break;
		case 'Z':
			cli.tz = optarg;
			break;
		case 'D':
			cli.db = optarg;
			break;
		case 'j':
			if (sscanf(optarg, "%u%c", &cli.jobs, &junk) != 1 ||
			    cli.jobs == 0) {
				fprintf(stderr, "invpkg: --jobs takes a number >= 1\n");
				return EXIT_USAGE;
			}
			break;
		case 'k':
			if (sscanf(optarg, "%u/%u%c", &cli.shard, &cli.nshards,
			    &junk) != 2 || cli.nshards == 0 || cli.shard < 1 ||
			    cli.shard > cli.nshards) {
				fprintf(stderr, "invpkg: --shard takes K/N with 1 <= K "
				    "<= N\n");
				return EXIT_USAGE;
			}
			break;
		case 'E':
			cli.force = 1;
			break;
		case 'K':
			cli.aopt.keep_self_noise = 1;
			break;
		case 'C':
			if (strcmp(optarg, "auto") == 0)
				cli.color = -1;
			else if (strcmp(optarg, "always") == 0)
				cli.color = 1;
			else if (strcmp(optarg, "never") == 0)
				cli.color = 0;
			else {
				fprintf(stderr, "invpkg: --color auto, always or "
				    "never\n");
				return EXIT_USAGE;
			}
			break;
		case 'q':
			cli.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	cli.aopt.rules = cli.rules;
	cli.aopt.allowlists = cli.allow;
	if (strcmp(cmd, "parse") == 0) {
		if (optind != argc - 1) {
			fprintf(stderr, "invpkg: parse takes one PACKAGE\n");
			return EXIT_USAGE;
		}
		return cmd_parse(&cli, argv[optind]);
	}
#if defined(IPK_HAVE_ANALYZE)
	if (strcmp(cmd, "analyze") == 0 || strcmp(cmd, "analyse") == 0)
		return cmd_analyze(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "hunt") == 0)
		return cmd_hunt(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "timeline") == 0)
		return cmd_timeline(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "scan") == 0)
		return cmd_scan(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "hosts") == 0)
		return cmd_hosts(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "ioc") == 0)
		return cmd_ioc(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "graph") == 0)
		return cmd_graph(&cli, argc - optind, argv + optind);
	if (strcmp(cmd, "merge") == 0)
		return cmd_merge(&cli, argc - optind, argv + optind);
#endif
	fprintf(stderr, "invpkg: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
