/*
 * bench_lzxh.c - throughput of the LZXPRESS Huffman decompressor
 * (analyzer/lib/parsers/lzxpress.c) on compressed Prefetch files.
 *
 *   bench_lzxh ROUNDS FILE.pf...     (files starting with "MAM\x04")
 *
 * Prints, per file and in total, the decompressed megabytes per second
 * over ROUNDS decompressions.  Built and run by bench/prefetch/run.sh.
 */
#include "parsers/lzxpress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	double total_bytes = 0, total_secs = 0;
	int rounds, i, r;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_lzxh ROUNDS FILE.pf...\n");
		return 2;
	}
	rounds = atoi(argv[1]);
	for (i = 2; i < argc; i++) {
		static unsigned char in[4 << 20];
		unsigned char *out;
		size_t n, size;
		double t0, dt;
		FILE *fp = fopen(argv[i], "rb");

		if (fp == NULL)
			continue;
		n = fread(in, 1, sizeof(in), fp);
		fclose(fp);
		if (n < 8 || memcmp(in, "MAM\x04", 4) != 0)
			continue;
		size = (size_t)in[4] | (size_t)in[5] << 8 |
		    (size_t)in[6] << 16 | (size_t)in[7] << 24;
		out = malloc(size);
		if (out == NULL)
			return 1;
		t0 = now();
		for (r = 0; r < rounds; r++) {
			if (ipk_lzxh_decompress(in + 8, n - 8, out, size,
			    NULL) != IPK_LZXH_OK) {
				fprintf(stderr, "%s: damaged\n", argv[i]);
				return 1;
			}
		}
		dt = now() - t0;
		printf("%-60s %8zu -> %8zu bytes  %7.1f MB/s\n", argv[i], n,
		    size, (double)size * rounds / dt / 1e6);
		total_bytes += (double)size * rounds;
		total_secs += dt;
		free(out);
	}
	if (total_secs > 0)
		printf("total: %.1f MB decompressed in %.3f s: %.1f MB/s\n",
		    total_bytes / 1e6, total_secs, total_bytes / total_secs / 1e6);
	return 0;
}
