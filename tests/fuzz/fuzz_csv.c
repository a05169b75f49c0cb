/*
 * fuzz_csv.c - the CSV reader (analyzer/lib/csv.c over libcsv): every row
 * handed to the consumer must have between 1 and CM_MAX_FIELDS cells, each
 * NUL-terminated at its stated length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipk_private.h"

static int
row(void *user, unsigned long line, size_t ncells, char *const *cells,
    const size_t *lens)
{
	size_t i;

	(void)user;
	if (ncells == 0 || ncells > CM_MAX_FIELDS || line == 0)
		abort();
	for (i = 0; i < ncells; i++)
		if (cells[i][lens[i]] != '\0')
			abort();
	return CM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ipk_csv_parse(NULL, (const char *)data, size, ',', row, NULL);
	ipk_csv_probe((const char *)data, size, 3);
	return 0;
}
