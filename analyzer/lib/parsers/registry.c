/*
 * registry.c - the table of every parser, and the schemas of the kinds the
 * reader adds itself ("member", "gap").  Adding a parser takes its file
 * under parsers/, one line here and one in meson.build.
 */
#include "ipk_private.h"

#include <pthread.h>
#include <string.h>

#define X(name) extern const struct ipk_parser ipk_parser_##name;
#include "parser_list.h"
#undef X

const struct ipk_parser *const ipk_parsers[] = {
#define X(name) &ipk_parser_##name,
#include "parser_list.h"
#undef X
	NULL
};

static const char *const member_fields[] = {
	"path", "size", "sha256", "artifact", "encoding", "status", "records",
	"skipped", "problem", NULL
};

static const char *const gap_fields[] = {
	"artifact", "status", "reason", NULL
};

const struct ipk_parser *
ipk_parser_find(const char *name)
{
	const struct ipk_parser *const *p;

	for (p = ipk_parsers; *p != NULL; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

const char *const *
ipk_kind_fields(const char *kind)
{
	const struct ipk_parser *const *p;

	if (strcmp(kind, "member") == 0)
		return member_fields;
	if (strcmp(kind, "gap") == 0)
		return gap_fields;
	for (p = ipk_parsers; *p != NULL; p++)
		if (strcmp((*p)->kind, kind) == 0)
			return (*p)->fields;
	return NULL;
}

static const char *kinds[sizeof(ipk_parsers) / sizeof(ipk_parsers[0]) + 2];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void
fill_kinds(void)
{
	size_t i, k = 0, j;

	kinds[k++] = "member";
	kinds[k++] = "gap";
	for (i = 0; ipk_parsers[i] != NULL; i++) {
		for (j = 0; j < k; j++)
			if (strcmp(kinds[j], ipk_parsers[i]->kind) == 0)
				break;
		if (j == k)
			kinds[k++] = ipk_parsers[i]->kind;
	}
}

const char *const *
ipk_kinds(void)
{
	/* Filled once, safely when batch workers call it at the same time. */
	pthread_once(&kinds_once, fill_kinds);
	return kinds;
}

const struct ipk_field *
ipk_record_field(const struct ipk_record *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i].name, name) == 0)
			return &rec->fields[i];
	return NULL;
}

const char *
ipk_record_get(const struct ipk_record *rec, const char *name)
{
	const struct ipk_field *f = ipk_record_field(rec, name);

	return f != NULL ? f->value : NULL;
}
