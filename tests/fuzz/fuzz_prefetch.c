/*
 * fuzz_prefetch.c - the Prefetch parser (parsers/prefetch.c) and its
 * LZXPRESS Huffman decompressor, through the reader with a fixed member
 * name so every input goes to this parser (fuzz_member.c spreads inputs
 * over all parsers).  The input is the member's bytes: a Windows 10/11
 * "MAM\x04" header (8 bytes: magic and the uncompressed size) and the
 * compressed stream, or an uncompressed "SCCA" file (versions 17, 23, 26,
 * 30: header, file metrics, trace chains, filename strings, volumes, each
 * reached by offsets and counts). Every offset, size and count in it is
 * hostile; the parser must stay in bounds, end, and report what it could
 * not read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invpkg.h"

static int
on_record(void *user, const struct ipk_record *rec)
{
	size_t i, *sum = user;

	/* Touch every byte the consumer may read. */
	for (i = 0; i < rec->nfields; i++)
		*sum += strlen(rec->fields[i].name) +
		    strlen(rec->fields[i].value) + rec->fields[i].len;
	return 0;
}

static void
on_diag(void *user, const struct ipk_diag *d)
{
	size_t *sum = user;

	if (d->message == NULL)
		abort();
	*sum += strlen(d->message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_package *pkg = NULL;
	size_t sum = 0;

	if (ipk_package_open_memory(&pkg, "Prefetch files/CMD.EXE-0BD30981.pf", data, size, NULL,
	    NULL) != CM_OK)
		abort();
	ipk_package_parse(pkg, on_record, on_diag, &sum);
	ipk_package_free(&pkg);
	return 0;
}
