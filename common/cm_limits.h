/*
 * cm_limits.h - every hard limit of invpkg in one place.
 *
 * Packages come from machines that may be compromised, so every byte the
 * analyzer reads may have been shaped by an attacker.  Each limit below
 * bounds the memory or the time one hostile input can cost.  A limit that is
 * reached never stops the run: the member, line or row is reported with the
 * limit's name and the rest of the package is still read.
 *
 * Each value can be overridden at build time (-DCM_MAX_LINE=...).  The
 * limits of the analysis, the Sigma engine and batch scans keep their
 * IPK_ names; the collector's are CM_MAX_COLLECT_*.
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

/*
 * Largest binary member read whole: a Prefetch file (under 1 MiB), the
 * collection summary workbook (.xls/.xlsx, a row per data point).
 */
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

/* --- parsers ----------------------------------------------------------- */

/*
 * EVTX binary XML (parsers/evtx_binxml.c).  A template definition can refer
 * to itself or fan out, so the work of one record is bounded as well as its
 * memory: element nesting in one fragment (Event > EventData > Data is 3
 * deep), template instances nested in instances (a BinXml value holds
 * one), operations run for one record (about 100 usual) and for one chunk
 * (about 10000 usual).  Past a bound the record is skipped with a warning.
 */
#ifndef CM_MAX_EVTX_ELEM_DEPTH
#define CM_MAX_EVTX_ELEM_DEPTH 64
#endif
#ifndef CM_MAX_EVTX_NEST
#define CM_MAX_EVTX_NEST 16
#endif
#ifndef CM_EVTX_RECORD_BUDGET
#define CM_EVTX_RECORD_BUDGET (1u << 18)
#endif
#ifndef CM_EVTX_CHUNK_BUDGET
#define CM_EVTX_CHUNK_BUDGET (1u << 22)
#endif

/*
 * Bytes of the EVTX chunk arena (names and compiled templates of a chunk)
 * and of the per-record scratch arena, each; and operations or text parts
 * of one compiled template.  A chunk is 64 KiB, so what real data puts
 * there is a small multiple of that; these stop a chunk whose templates
 * expand without end.
 */
#ifndef CM_MAX_EVTX_ARENA
#define CM_MAX_EVTX_ARENA (32u * 1024 * 1024)
#endif
#ifndef CM_MAX_EVTX_COMPILE
#define CM_MAX_EVTX_COMPILE 262144
#endif

/*
 * Output of one LZXPRESS Huffman decompression (compressed Prefetch files),
 * whatever the header declares: a Prefetch file is under 1 MiB, and
 * CM_MAX_SMALL_BINARY caps the member at 16 MiB.
 */
#ifndef IPK_LZXH_MAX_OUTPUT
#define IPK_LZXH_MAX_OUTPUT (64 * 1024 * 1024)
#endif

/*
 * CollectionSummaryReport.xls: the largest part of an .xlsx read (shared
 * strings, one worksheet), and cells read from one BIFF8 sheet (more are
 * reported and dropped).  The real report is one sheet, a row per data
 * point (a few dozen).
 */
#ifndef IPK_XLSX_MAX_PART
#define IPK_XLSX_MAX_PART (32 * 1024 * 1024)
#endif
#ifndef IPK_BIFF_MAX_CELLS
#define IPK_BIFF_MAX_CELLS 1000000
#endif

/*
 * Windows tables (parsers/wintable.c): surplus cells a row may be rejoined
 * from when free text held the delimiter (a real row has a few; the repair
 * costs time per surplus cell), and physical lines one raw-quoted row may
 * span (a task comment with line breaks has a few), so a broken quote
 * cannot swallow the rest of the file.
 */
#ifndef CM_MAX_WINTABLE_EXTRA
#define CM_MAX_WINTABLE_EXTRA 256
#endif
#ifndef CM_MAX_WINTABLE_JOIN
#define CM_MAX_WINTABLE_JOIN 64
#endif

/*
 * Prefetch list lines: bytes looked back from ".pf" for the file name (255
 * UTF-16 units are at most 765 bytes of UTF-8) and for its path, so a
 * hostile line costs linear time.
 */
#ifndef CM_MAX_PREFETCH_LIST_NAME
#define CM_MAX_PREFETCH_LIST_NAME 1024
#endif
#ifndef CM_MAX_PREFETCH_LIST_PATH_BACK
#define CM_MAX_PREFETCH_LIST_PATH_BACK 4096
#endif

/*
 * Columns of a firewall log's #Fields line (version 1.5 has 17), and of a
 * PowerShell Get-SmbSession table (a handful are shown): the column
 * tables are arrays of this size.
 */
#ifndef CM_MAX_FIREWALL_COLS
#define CM_MAX_FIREWALL_COLS 64
#endif
#ifndef CM_MAX_SMB_INBOUND_COLS
#define CM_MAX_SMB_INBOUND_COLS 24
#endif

/*
 * Values kept per list field of one ipconfig block (an adapter has a few
 * DNS servers and addresses); the rest are reported and dropped.
 */
#ifndef CM_MAX_IPCONFIG_VALUES
#define CM_MAX_IPCONFIG_VALUES 32
#endif

/*
 * Values kept per Uninstall key of a `reg query` of installed programs
 * (only those with a canonical name, of which there are 20).
 */
#ifndef CM_MAX_INSTALLED_PROGRAMS_VALUES
#define CM_MAX_INSTALLED_PROGRAMS_VALUES 32
#endif

/*
 * Blank-separated tokens read from one `query user` line (a real one has
 * 6 to 9: user, session, id, state, idle time, logon date and time).
 */
#ifndef CM_MAX_LOGGED_ON_USERS_TOKENS
#define CM_MAX_LOGGED_ON_USERS_TOKENS 32
#endif

/*
 * Local group names remembered from `net localgroup` output, to skip list
 * entries that have their own block (a host has a few dozen groups).
 */
#ifndef CM_MAX_LOCAL_GROUPS_NAMED
#define CM_MAX_LOCAL_GROUPS_NAMED 10000
#endif

/* --- analysis ---------------------------------------------------------- */

/*
 * Records and bytes one analysis keeps.  Snapshot artifacts of a real
 * package are some 10^4 records; events are kept only when a rule matched
 * or they belong on the timeline, so 2 million records and 1 GiB bound a
 * hostile package without touching real ones.
 */
#ifndef IPK_MAX_STORED_RECORDS
#define IPK_MAX_STORED_RECORDS 2000000
#endif
#ifndef IPK_MAX_STORED_BYTES
#define IPK_MAX_STORED_BYTES (1024UL * 1024 * 1024)
#endif

/* Findings kept per package; the rest are counted. */
#ifndef IPK_MAX_FINDINGS
#define IPK_MAX_FINDINGS 100000
#endif

/* Entries in one allowlist; bytes of one allowlist file. */
#ifndef IPK_MAX_ALLOW_ENTRIES
#define IPK_MAX_ALLOW_ENTRIES 10000
#endif
#ifndef IPK_MAX_ALLOW_FILE
#define IPK_MAX_ALLOW_FILE (4 * 1024 * 1024)
#endif

/* --- Sigma rules (rules may come from third parties: hostile too) ------ */

/* Largest rule file read, in bytes.  SigmaHQ's largest Windows rule (the
 * vulnerable driver hash list) is under 300 KiB. */
#ifndef IPK_SIGMA_MAX_RULE_FILE
#define IPK_SIGMA_MAX_RULE_FILE (4 * 1024 * 1024)
#endif

/* Values of one rule after expansion (base64offset makes 3 of one); the
 * vulnerable driver hash list has about 4400.  Bounds compile time and
 * memory. */
#ifndef IPK_SIGMA_MAX_VALUES
#define IPK_SIGMA_MAX_VALUES 50000
#endif

/* Search identifiers (selection, filter...) in one rule: the condition is
 * evaluated with one memo slot per identifier on the stack. */
#ifndef IPK_SIGMA_MAX_DETECTIONS
#define IPK_SIGMA_MAX_DETECTIONS 256
#endif

/* Bytes of one `|re` pattern; SigmaHQ's longest is under 700. */
#ifndef IPK_SIGMA_MAX_RE
#define IPK_SIGMA_MAX_RE 8192
#endif

/* PCRE2 match limit for one regex on one value: stops catastrophic
 * backtracking on hostile values (counted as a regex error, no match). */
#ifndef IPK_SIGMA_RE_MATCH_LIMIT
#define IPK_SIGMA_RE_MATCH_LIMIT 1000000
#endif

/* Bytes of a condition and nesting of parentheses/not in it. */
#ifndef IPK_SIGMA_MAX_CONDITION
#define IPK_SIGMA_MAX_CONDITION 4096
#endif
#ifndef IPK_SIGMA_MAX_COND_DEPTH
#define IPK_SIGMA_MAX_COND_DEPTH 64
#endif

/* Literals the prefilter keeps for one rule (a rule matching any of 3000
 * emoji has that many); past this the rule is simply always evaluated. */
#ifndef IPK_SIGMA_MAX_ANCHORS
#define IPK_SIGMA_MAX_ANCHORS 4096
#endif

/* Rules in one set, and files looked at when loading a folder. */
#ifndef IPK_SIGMA_MAX_RULES
#define IPK_SIGMA_MAX_RULES 100000
#endif

/* --- batch scans ------------------------------------------------------- */

/*
 * Observables kept per package: a real package yields some 10^3 (every
 * service, task, Temp file, Prefetch entry, address); past this bound the
 * rest are counted and dropped so a hostile package cannot fill the store.
 */
#ifndef IPK_BATCH_MAX_OBSERVABLES
#define IPK_BATCH_MAX_OBSERVABLES 200000
#endif
/*
 * Findings of one rule kept per package in the store, the most severe and
 * earliest first.  A file server's Security log can hold thousands of
 * share accesses that one rule flags alike; the store is an index across
 * hosts, `invpkg analyze PACKAGE` lists them all.  The rest are counted
 * (packages.findings_dropped), and observables still come from every one.
 */
#ifndef IPK_BATCH_MAX_FINDINGS_PER_RULE
#define IPK_BATCH_MAX_FINDINGS_PER_RULE 100
#endif
/* Findings kept per package in the store, all rules together. */
#ifndef IPK_BATCH_MAX_FINDINGS
#define IPK_BATCH_MAX_FINDINGS 20000
#endif
/* Worker threads at most, whatever --jobs says. */
#ifndef IPK_BATCH_MAX_JOBS
#define IPK_BATCH_MAX_JOBS 256
#endif
/*
 * Longest value (with its detail) that becomes an observable, in bytes: a
 * path is at most 32767 UTF-16 units but the values worth correlating are
 * names, addresses and paths of a few hundred bytes; longer ones (a
 * command line stuffed with padding) are left out of the store.
 */
#ifndef IPK_BATCH_MAX_VALUE
#define IPK_BATCH_MAX_VALUE 2048
#endif
/*
 * Entries of one folder `invpkg scan` reads (while walking for packages,
 * and hashing a folder package).  An archive folder holds thousands of
 * packages; past this bound the folder is reported and its remaining
 * entries are not read.
 */
#ifndef IPK_BATCH_MAX_DIR_ENTRIES
#define IPK_BATCH_MAX_DIR_ENTRIES 1000000
#endif

/* --- the collector (the host it runs on may be compromised) ------------ */

/*
 * Largest memory output of one data point, whatever --max-bytes says: the
 * largest real outputs are a few MiB; an append past the cap marks the
 * output "truncated".
 */
#ifndef CM_MAX_COLLECT_MEM
#define CM_MAX_COLLECT_MEM (256ULL * 1024 * 1024)
#endif

/* Largest scheduled task XML file read (a real one is a few KiB). */
#ifndef CM_MAX_COLLECT_TASK_XML
#define CM_MAX_COLLECT_TASK_XML (1024 * 1024)
#endif

/* Prefetch files copied (Windows keeps at most 1024). */
#ifndef CM_MAX_COLLECT_PREFETCH
#define CM_MAX_COLLECT_PREFETCH 10000
#endif

/*
 * Data bytes shown for one registry value (the rest is "...(cut)"): a
 * string keeps 32768 UTF-16 units, so the longest command line (32767)
 * fits; and keys visited by one `reg query /s` (the autorun keys of a real
 * host are a few dozen).
 */
#ifndef CM_MAX_COLLECT_REG_DATA
#define CM_MAX_COLLECT_REG_DATA (64 * 1024)
#endif
#ifndef CM_MAX_COLLECT_REG_KEYS
#define CM_MAX_COLLECT_REG_KEYS 50000
#endif

#if CM_MAX_LINE > CM_MAX_TEXT_MEMBER
#error "CM_MAX_LINE must not exceed CM_MAX_TEXT_MEMBER"
#endif
#if CM_MAX_FIELD > CM_MAX_RECORD
#error "CM_MAX_FIELD must not exceed CM_MAX_RECORD"
#endif

#endif
