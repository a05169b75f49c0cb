/*
 * fuzz_zip.c - a whole package as zip bytes: the libarchive walk, the
 * fallback from the central directory to the local headers, hostile names,
 * and every member through the parsers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invpkg.h"

static int
on_record(void *user, const struct ipk_record *rec)
{
	size_t i, *sum = user;

	for (i = 0; i < rec->nfields; i++)
		*sum += rec->fields[i].len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_package *pkg = NULL;
	size_t sum = 0;

	if (ipk_package_open_memory(&pkg, "fuzz.zip", data, size, NULL,
	    NULL) != CM_OK)
		abort();
	ipk_package_parse(pkg, on_record, NULL, &sum);
	ipk_package_free(&pkg);
	return 0;
}
