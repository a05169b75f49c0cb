/*
 * cmd_analyze.c - `invpkg analyze` (one package: findings and threat level)
 * and `invpkg hunt` (rules over event logs or packages, one finding per
 * matching record).
 */
#include "cli.h"

#include <errno.h>
#include <strings.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

FILE *
cli_open_out(struct cli *cli)
{
	FILE *fp;

	if (cli->out == NULL || strcmp(cli->out, "-") == 0)
		return stdout;
	fp = fopen(cli->out, "wb");
	if (fp == NULL)
		fprintf(stderr, "invpkg: %s: %s\n", cli->out, strerror(errno));
	return fp;
}

int
cli_close_out(struct cli *cli, FILE *fp)
{
	int bad = ferror(fp);

	if (fp != stdout)
		bad |= fclose(fp) != 0;
	else
		bad |= fflush(fp) != 0;
	if (bad) {
		fprintf(stderr, "invpkg: %s: write error\n", cli->out ? cli->out :
		    "standard output");
		cli->write_failed = 1;
	}
	return bad ? -1 : 0;
}

static int
use_color(const struct cli *cli, FILE *fp)
{
	const char *nc = getenv("NO_COLOR");

	if (cli->color >= 0)
		return cli->color;
	if (nc != NULL && nc[0] != '\0')
		return 0;
	return isatty(fileno(fp));
}

/*
 * A progress line on stderr while a package is read, on a terminal only:
 * "invpkg: 123 members, 45.6 MiB: Security event log/Security.evtx".
 * At most ten updates a second; cleared when the analysis ends.
 */
static void
progress(void *user, unsigned long members, unsigned long long bytes,
    const char *member)
{
	static struct timespec last;
	struct timespec now;

	(void)user;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) /
	    1000000 < 100)
		return;
	last = now;
	fprintf(stderr, "\r\033[Kinvpkg: %lu members, %.1f MiB: %.60s", members,
	    (double)bytes / (1024.0 * 1024.0), member);
	fflush(stderr);
}

void
cli_progress_setup(struct cli *cli)
{
	if (!cli->quiet && isatty(fileno(stderr))) {
		cli->aopt.parse.progress = progress;
		cli->aopt.parse.progress_user = cli;
	}
}

void
cli_progress_done(struct cli *cli)
{
	if (cli->aopt.parse.progress != NULL) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

static int
level_exit(int level)
{
	return level <= 1 ? 0 : EXIT_LEVEL_BASE + level;
}

static int
write_csv_dir(struct cli *cli, struct ipk_analysis *a)
{
	char path[4096];
	FILE *fp;
	int rc = 0;

	if (mkdir(cli->out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "invpkg: %s: %s\n", cli->out, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/findings.csv", cli->out);
	fp = fopen(path, "wb");
	if (fp == NULL || ipk_analysis_write_findings_csv(fp, a,
	    cli->show_suppressed) != 0 || fclose(fp) != 0) {
		fprintf(stderr, "invpkg: %s: cannot write\n", path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/timeline.csv", cli->out);
	fp = fopen(path, "wb");
	if (fp == NULL || ipk_analysis_write_timeline(fp, a, "csv", NULL) != 0 ||
	    fclose(fp) != 0) {
		fprintf(stderr, "invpkg: %s: cannot write\n", path);
		rc = -1;
	}
	return rc;
}

/* "+02:00", "-0530", "Z", "UTC" → minutes east; -1 if not understood. */
static int
parse_tz(const char *s, int *minutes)
{
	int h, m = 0, sign;

	if (strcmp(s, "Z") == 0 || strcasecmp(s, "UTC") == 0) {
		*minutes = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || sscanf(s + 1, "%2d", &h) != 1)
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (s[3] == ':' ? sscanf(s + 4, "%2d", &m) != 1 :
	    (s[3] != '\0' && sscanf(s + 3, "%2d", &m) != 1))
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

int
cmd_timeline(struct cli *cli, int argc, char **argv)
{
	struct ipk_analysis *a = NULL;
	struct ipk_timeline_options o;
	struct cm_error err;
	FILE *fp;

	if (argc != 1) {
		fprintf(stderr, "invpkg: timeline takes one PACKAGE\n");
		return EXIT_USAGE;
	}
	if (cli->format == NULL)
		cli->format = "csv";
	if (strcmp(cli->format, "csv") != 0 && strcmp(cli->format, "jsonl") != 0) {
		fprintf(stderr, "invpkg: timeline: unknown format '%s' (csv or "
		    "jsonl)\n", cli->format);
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	o.from = cli->from;
	o.to = cli->to;
	if (cli->tz != NULL && parse_tz(cli->tz, &o.tz_minutes) != 0) {
		fprintf(stderr, "invpkg: --tz takes an offset like +02:00 or "
		    "UTC\n");
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	if (ipk_analyze(&a, argv[0], &cli->aopt, cli_diag, cli, &err) ==
	    CM_FATAL) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_analysis_free(&a);
		return EXIT_FATAL;
	}
	ipk_analysis_write_timeline(fp, a, cli->format, &o);
	cli_close_out(cli, fp);
	ipk_analysis_free(&a);
	return cli->write_failed ? EXIT_FATAL : 0;
}

int
cmd_analyze(struct cli *cli, int argc, char **argv)
{
	struct ipk_analysis *a = NULL;
	struct cm_error err;
	FILE *fp;
	int rc, level;

	if (argc != 1) {
		fprintf(stderr, "invpkg: analyze takes one PACKAGE\n");
		return EXIT_USAGE;
	}
	if (cli->format == NULL)
		cli->format = "text";
	if (strcmp(cli->format, "text") != 0 && strcmp(cli->format, "json") != 0 &&
	    strcmp(cli->format, "jsonl") != 0 && strcmp(cli->format, "csv") != 0 &&
	    strcmp(cli->format, "xlsx") != 0 && strcmp(cli->format, "html") != 0) {
		fprintf(stderr, "invpkg: analyze: unknown format '%s' (text, json, "
		    "jsonl, csv, xlsx or html)\n", cli->format);
		return EXIT_USAGE;
	}
	if (strcmp(cli->format, "xlsx") == 0 && cli->out == NULL) {
		fprintf(stderr, "invpkg: analyze: --format xlsx needs -o FILE\n");
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	cli_progress_setup(cli);
	rc = ipk_analyze(&a, argv[0], &cli->aopt, cli_diag, cli, &err);
	cli_progress_done(cli);
	if (rc == CM_FATAL) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	if (strcmp(cli->format, "xlsx") == 0) {
		if (ipk_analysis_write_xlsx(cli->out, a, cli->show_suppressed,
		    &err) != CM_OK) {
			fprintf(stderr, "invpkg: %s\n", err.msg);
			ipk_analysis_free(&a);
			return EXIT_FATAL;
		}
	} else if (strcmp(cli->format, "csv") == 0 && cli->out != NULL) {
		/* A folder: findings.csv and timeline.csv. */
		if (write_csv_dir(cli, a) != 0) {
			ipk_analysis_free(&a);
			return EXIT_FATAL;
		}
	} else {
		fp = cli_open_out(cli);
		if (fp == NULL) {
			ipk_analysis_free(&a);
			return EXIT_FATAL;
		}
		if (strcmp(cli->format, "json") == 0)
			ipk_analysis_write_json(fp, a, cli->show_suppressed);
		else if (strcmp(cli->format, "jsonl") == 0)
			ipk_analysis_write_jsonl(fp, a, cli->show_suppressed);
		else if (strcmp(cli->format, "csv") == 0)
			ipk_analysis_write_findings_csv(fp, a, cli->show_suppressed);
		else if (strcmp(cli->format, "html") == 0)
			ipk_analysis_write_html(fp, a, cli->show_suppressed);
		else
			ipk_analysis_write_text(fp, a, use_color(cli, fp),
			    cli->show_suppressed);
		cli_close_out(cli, fp);
	}
	level = ipk_analysis_verdict(a)->threat_level;
	ipk_analysis_free(&a);
	if (cli->write_failed)
		return EXIT_FATAL;
	return level_exit(level);
}

/* One finding of hunt, in the chosen format. */
static void
hunt_finding(FILE *fp, const char *fmt, const char *file,
    const struct ipk_finding *f, int *first)
{
	const struct ipk_record *r = f->record;
	size_t i;

	if (strcmp(fmt, "text") == 0) {
		fprintf(fp, "%s:%s:%lu [%s] %s (%s)", file, r->member, r->line,
		    f->level, f->title, f->rule_id);
		if (f->time != NULL)
			fprintf(fp, " %s", f->time);
		putc('\n', fp);
		return;
	}
	if (strcmp(fmt, "json") == 0)
		fputs(*first ? "\n" : ",\n", fp);
	*first = 0;
	fputs("{\"file\":", fp);
	ipk_json_string(fp, file, strlen(file));
	fputs(",\"rule_id\":", fp);
	ipk_json_string(fp, f->rule_id, strlen(f->rule_id));
	fputs(",\"title\":", fp);
	ipk_json_string(fp, f->title, strlen(f->title));
	fprintf(fp, ",\"level\":\"%s\",\"tags\":[", f->level);
	for (i = 0; i < f->ntags; i++) {
		if (i > 0)
			putc(',', fp);
		ipk_json_string(fp, f->tags[i], strlen(f->tags[i]));
	}
	fputs("],\"record\":", fp);
	/* The record as parse writes it, without its newline. */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (mem != NULL) {
			ipk_write_jsonl(mem, r);
			fclose(mem);
			if (len > 0 && buf[len - 1] == '\n')
				len--;
			fwrite(buf, 1, len, fp);
			free(buf);
		}
	}
	fputs(strcmp(fmt, "jsonl") == 0 ? "}\n" : "}", fp);
}

int
cmd_hunt(struct cli *cli, int argc, char **argv)
{
	struct ipk_ruleset *rs = NULL;
	struct cm_error err;
	FILE *fp;
	int i, worst = 1, failed = 0, first = 1;
	unsigned long loaded, unsupported, total = 0;

	if (argc < 1) {
		fprintf(stderr, "invpkg: hunt takes one or more FILE\n");
		return EXIT_USAGE;
	}
	if (cli->format == NULL)
		cli->format = "text";
	if (strcmp(cli->format, "text") != 0 && strcmp(cli->format, "json") != 0
	    && strcmp(cli->format, "jsonl") != 0) {
		fprintf(stderr, "invpkg: hunt: unknown format '%s' (text, json "
		    "or jsonl)\n", cli->format);
		return EXIT_USAGE;
	}
	cm_error_clear(&err);
	/* With --rules, only those rules (unless the pack is asked for). */
	if (ipk_ruleset_new(&rs, cli->nrules == 0 ? !cli->aopt.no_builtin_rules :
	    0, cli->rules, cli_diag, cli, &err) != CM_OK) {
		fprintf(stderr, "invpkg: %s\n", err.msg);
		return EXIT_FATAL;
	}
	ipk_ruleset_counts(rs, &loaded, &unsupported);
	if (!cli->quiet)
		fprintf(stderr, "invpkg: hunt: %lu rules loaded, %lu unsupported\n",
		    loaded, unsupported);
	fp = cli_open_out(cli);
	if (fp == NULL) {
		ipk_ruleset_free(&rs);
		return EXIT_FATAL;
	}
	if (strcmp(cli->format, "json") == 0)
		fputs("[", fp);
	cli->aopt.ruleset = rs;
	cli->aopt.keep_self_noise = 1;   /* hunt reports every match */
	for (i = 0; i < argc; i++) {
		struct ipk_analysis *a = NULL;
		const struct ipk_finding *f;
		size_t n, k;
		int lvl;

		if (ipk_analyze(&a, argv[i], &cli->aopt, cli_diag, cli, &err) ==
		    CM_FATAL) {
			fprintf(stderr, "invpkg: %s\n", err.msg);
			failed = 1;
			cm_error_clear(&err);
			continue;
		}
		f = ipk_analysis_findings(a, &n);
		for (k = 0; k < n; k++) {
			if (f[k].suppressed != NULL && !cli->show_suppressed)
				continue;
			hunt_finding(fp, cli->format, argv[i], &f[k], &first);
			total++;
		}
		lvl = ipk_analysis_verdict(a)->threat_level;
		if (lvl > worst)
			worst = lvl;
		ipk_analysis_free(&a);
	}
	if (strcmp(cli->format, "json") == 0)
		fputs(first ? "]\n" : "\n]\n", fp);
	cli_close_out(cli, fp);
	if (!cli->quiet)
		fprintf(stderr, "invpkg: hunt: %lu finding(s) in %d file(s)\n",
		    total, argc);
	ipk_ruleset_free(&rs);
	if (failed || cli->write_failed)
		return EXIT_FATAL;
	return level_exit(worst);
}
