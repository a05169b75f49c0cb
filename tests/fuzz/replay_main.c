/*
 * replay_main.c - runs a fuzz target over files, so every target is built
 * and exercised by the normal test suite without libFuzzer (as dav1d's
 * tests/libfuzzer/main.c does).  Arguments are files or folders (walked
 * recursively, in sorted order); each file is one input.  A crash or an
 * abort() in the target fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long ninputs;

/* Inputs larger than this are not replayed (the fuzzer uses small ones). */
#define REPLAY_MAX (64 * 1024 * 1024)

static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: cannot open\n", path);
		return -1;
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	if (n < 0 || n > REPLAY_MAX) {
		fclose(fp);
		return 0;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	ninputs++;
	return 0;
}

static int
replay(const char *path)
{
	struct stat st;
	struct dirent **list;
	int n, i, rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: not found\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	n = scandir(path, &list, NULL, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char sub[4096];

		if (list[i]->d_name[0] != '.' && snprintf(sub, sizeof(sub),
		    "%s/%s", path, list[i]->d_name) < (int)sizeof(sub) &&
		    replay(sub) != 0)
			rc = -1;
		free(list[i]);
	}
	free(list);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		if (replay(argv[i]) != 0)
			rc = 1;
	printf("replayed %lu inputs\n", ninputs);
	if (ninputs == 0) {
		fprintf(stderr, "replay: no input found\n");
		return 1;
	}
	return rc;
}
