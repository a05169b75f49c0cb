/*
 * fuzz_evtx.c - the EVTX parser (parsers/event_log.c, evtx_chunk.c,
 * evtx_binxml.c, evtx_values.c), through the reader with a fixed member
 * name so every input goes to this parser (fuzz_member.c spreads inputs
 * over all parsers).  The input is the member's bytes: a 4 KiB "ElfFile\0"
 * header, then 64 KiB "ElfChnk\0" chunks holding records ("\x2a\x2a\0\0",
 * size, id, FILETIME, binary XML with templates and string tables reached
 * by offsets). Every offset, size and count in it is hostile; the parser
 * must stay in bounds, end, and report what it could not read.
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

	if (ipk_package_open_memory(&pkg, "Security event log/Security.evtx", data, size, NULL,
	    NULL) != CM_OK)
		abort();
	ipk_package_parse(pkg, on_record, on_diag, &sum);
	ipk_package_free(&pkg);
	return 0;
}
