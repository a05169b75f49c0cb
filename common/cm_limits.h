/*
 * cm_limits.h - every hard limit of invpkg in one place.
 *
 * Packages come from machines that may be compromised, so every byte the
 * analyzer reads may have been shaped by an attacker.  Each limit below
 * bounds the memory or the time one hostile input can cost.  A limit that is
 * reached never stops the run: the member, line or row is reported with the
 * limit's name and the rest of the package is still read.
 *
 * Each value can be overridden at build time (-DCM_MAX_LINE=...).
 */
#ifndef CM_LIMITS_H
#define CM_LIMITS_H

/*
 * Longest text line a parser sees, in bytes after decoding to UTF-8.  The
 * longest legitimate lines are command lines in process and task CSVs
 * (Windows caps a command line at 32767 UTF-16 units, up to 96 KiB in
 * UTF-8).  Longer lines are reported and skipped.
 */
#ifndef CM_MAX_LINE
#define CM_MAX_LINE (128 * 1024)
#endif

/*
 * Largest text member read into memory, in bytes before decoding.  The
 * largest text artifacts of real packages (scheduled tasks CSV of a server,
 * `dir /s` of a busy Temp folder) are a few MiB.  Decoding can triple the
 * size (UTF-16 CJK to UTF-8), so the decoded text is capped at 3 times this.
 */
#ifndef CM_MAX_TEXT_MEMBER
#define CM_MAX_TEXT_MEMBER (64 * 1024 * 1024)
#endif

/*
 * Largest member streamed through a binary parser (EVTX), in bytes.  Binary
 * members are streamed, so this bounds time, not memory.  A Security log
 * can be configured up to 4 GiB (its wrap size); we allow 16 GiB.
 */
#ifndef CM_MAX_BINARY_MEMBER
#define CM_MAX_BINARY_MEMBER (16ULL * 1024 * 1024 * 1024)
#endif

/* Largest binary member read whole (a Prefetch file is under 1 MiB). */
#ifndef CM_MAX_SMALL_BINARY
#define CM_MAX_SMALL_BINARY (16 * 1024 * 1024)
#endif

/*
 * Members per package.  A package has a few hundred members (one per
 * Prefetch file); 100000 leaves room for odd ones and stops a zip of
 * millions of empty entries.
 */
#ifndef CM_MAX_MEMBERS
#define CM_MAX_MEMBERS 100000
#endif

/*
 * Total uncompressed bytes read from one package, and the largest ratio of
 * uncompressed to compressed size for a zip member: defences against zip
 * bombs.  Text compresses about 10:1 and an EVTX about 20:1; a ratio past
 * 1000 is only seen in crafted files.
 */
#ifndef CM_MAX_PACKAGE_BYTES
#define CM_MAX_PACKAGE_BYTES (32ULL * 1024 * 1024 * 1024)
#endif
#ifndef CM_MAX_RATIO
#define CM_MAX_RATIO 1000
#endif

/* Longest member path kept, in bytes (Windows long paths are 32767 units). */
#ifndef CM_MAX_PATH
#define CM_MAX_PATH 4096
#endif

/* Fields in one record or columns in one CSV row. */
#ifndef CM_MAX_FIELDS
#define CM_MAX_FIELDS 512
#endif

/* Bytes of one field value (a command line, an EVTX binary blob as hex). */
#ifndef CM_MAX_FIELD
#define CM_MAX_FIELD (256 * 1024)
#endif

/* Bytes of all fields of one record together. */
#ifndef CM_MAX_RECORD
#define CM_MAX_RECORD (4 * 1024 * 1024)
#endif

/* Items in one list-valued field (files referenced by a Prefetch entry). */
#ifndef CM_MAX_LIST_ITEMS
#define CM_MAX_LIST_ITEMS 65536
#endif

/*
 * Warnings reported per member.  A garbage member can produce one warning
 * per line; after this many the rest are only counted.
 */
#ifndef CM_MAX_WARNINGS_PER_MEMBER
#define CM_MAX_WARNINGS_PER_MEMBER 20
#endif

/* Depth of folders walked in an extracted package. */
#ifndef CM_MAX_DIR_DEPTH
#define CM_MAX_DIR_DEPTH 16
#endif

#if CM_MAX_LINE > CM_MAX_TEXT_MEMBER
#error "CM_MAX_LINE must not exceed CM_MAX_TEXT_MEMBER"
#endif
#if CM_MAX_FIELD > CM_MAX_RECORD
#error "CM_MAX_FIELD must not exceed CM_MAX_RECORD"
#endif

#endif
