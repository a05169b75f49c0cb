/*
 * cm_layout.h - the one definition of the investigation package layout.
 *
 * Each data point of a package has an id (which is also the artifact kind
 * the analyzer gives its records), the folder and file name Microsoft's
 * documented layout uses (what our collector writes), and the name patterns
 * under which packages have been seen to hold it (what the analyzer
 * accepts).  The collector and the analyzer both read this table, so a name
 * is changed in one place.
 *
 * Patterns are matched against "<parent>/<file>" with both parts
 * normalised by cm_name_norm(): ASCII letters lower-cased, every other ASCII
 * character but '*' dropped, other bytes kept.  So "Scheduled Tasks/
 * ScheduledTasks.csv" is "scheduledtasks/scheduledtaskscsv".  A member at
 * the top of a package has the parent "".  '*' matches any run of
 * characters.  Names only nominate a parser: the parser's content probe
 * confirms it, and a member whose name says nothing is still probed.
 */
#ifndef CM_LAYOUT_H
#define CM_LAYOUT_H

#include <stddef.h>

struct cm_layout_item {
	const char *id;          /* artifact kind: "autoruns", "services"... */
	const char *title;       /* for people: "Autoruns (ASEP registry keys)" */
	const char *folder;      /* Microsoft's folder name (collector writes it) */
	const char *file;        /* the file name our collector writes */
	const char *const *match;/* normalised "parent/file" patterns, NULL-ended */
};

/* The table, terminated by an entry whose id is NULL. */
extern const struct cm_layout_item cm_layout[];

/* Looks an item up by id; NULL if there is none. */
const struct cm_layout_item *cm_layout_find(const char *id);

/*
 * Writes the normalised form of s[0..n) (n = (size_t)-1: up to the NUL) to
 * out, at most outsz-1 bytes and a NUL.  Returns the length written.
 */
size_t cm_name_norm(const char *s, size_t n, char *out, size_t outsz);

/* 1 if the NUL-terminated str matches the glob pat ('*' only). */
int cm_glob_match(const char *pat, const char *str);

/*
 * Normalises a member path ('/' or '\\' separated) into "<parent>/<file>"
 * as the patterns expect.  Returns the length written.
 */
size_t cm_layout_key(const char *path, char *out, size_t outsz);

/*
 * The first item whose patterns match the member path, or NULL.  *second,
 * if not NULL, receives the next matching item (two items claiming one
 * name is worth reporting), or NULL.
 */
const struct cm_layout_item *cm_layout_match(const char *path,
    const struct cm_layout_item **second);

#endif
