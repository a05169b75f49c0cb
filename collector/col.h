/*
 * col.h - the invpkg collector's shared declarations: the data point table,
 * the job a data point fills, its outputs, and the helpers items use.
 *
 * A data point (struct col_item, one line of the table in items.c) runs as
 * a job in its own worker thread (run.c).  The job never touches the zip: it
 * fills outputs, each either a memory buffer (text it generated) or a file
 * to stream (a Prefetch file, an exported log).  The main thread writes the
 * outputs of a finished job into the zip; a job that passes its time limit is
 * abandoned with everything it holds, so a stuck API cannot corrupt the zip
 * or stop the collection.
 *
 * Text outputs are UTF-8 with CRLF line ends, written in the shape of the
 * Windows tool Microsoft's package runs for that data point (reg query,
 * netstat -anob, ipconfig /all, dir /a /q /s...), so the same parsers read
 * both packages.  Ownership: a job owns its outputs until the runner takes
 * them; strings returned by col_u8()/col_wdup() belong to the caller (free()).
 */
#ifndef COL_H
#define COL_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <stdarg.h>
#include <stddef.h>

#include "cm_buf.h"

/* Status of a data point, as written in the summaries. */
enum col_status {
	COL_OK = 0,          /* collected, with data */
	COL_EMPTY,           /* collected, nothing there */
	COL_TRUNCATED,       /* an output reached --max-bytes */
	COL_PARTIAL,         /* part of the data point failed (see reason) */
	COL_UNSUPPORTED,     /* the API is not implemented on this system */
	COL_FAILED,          /* the API failed */
	COL_TIMEOUT,         /* passed its time limit; abandoned */
	COL_EXCLUDED,        /* not run: --include/--exclude */
	COL_SKIPPED          /* not run: --total-timeout reached */
};

/* "ok", "empty", "truncated", ... */
const char *col_status_name(int st);
/* 1 for statuses that make the exit status 1. */
int col_status_bad(int st);

struct col_job;
typedef int (*col_fn)(struct col_job *j);

struct col_item {
	const char *id;      /* data point id: --include names, summary rows */
	const char *layout;  /* cm_layout id naming folder/file, or NULL */
	const char *folder;  /* own folder when layout is NULL */
	const char *file;    /* own primary file name when layout is NULL */
	const char *command; /* the API used, for the summary's Command column */
	const char *title;   /* for --list */
	col_fn fn;
};

/* The table (items.c), ended by an entry whose id is NULL. */
extern const struct col_item col_items[];

/* "Folder/File" of an item's primary output (static storage per item; the
   main thread calls it for every item before any job starts). */
const char *col_item_path(const struct col_item *it);
/* The folder of an item ("" for the package root). */
const char *col_item_folder(const struct col_item *it);

/* Options shared by every job (read-only while jobs run). */
struct col_opts {
	DWORD step_ms;                 /* time limit of one data point */
	DWORD total_ms;                /* time limit of the whole run */
	unsigned long long max_bytes;  /* largest output file */
	wchar_t stage_dir[MAX_PATH];   /* folder of the zip: staging of exports */
	char host[256];                /* computer name, UTF-8 */
};

/* One output file of a job. */
struct col_out {
	struct col_out *next;
	char *path;          /* entry name in the zip, UTF-8, '/' separated */
	struct cm_buf buf;   /* the content, when src is NULL */
	int full;            /* an append failed: the content is cut short */
	wchar_t *src;        /* a file to stream into the zip, or NULL */
	int src_delete;      /* delete src after streaming (a staged export) */
};

struct col_job {
	const struct col_item *item;
	const struct col_opts *opt;
	struct col_out *outs;          /* outputs in creation order */
	struct col_out **tail;
	long long rows;                /* records written (rows, values...) */
	int status;                    /* enum col_status */
	unsigned long code;            /* Win32 error or HRESULT, 0 if none */
	char reason[512];              /* UTF-8, why status is not ok */
	unsigned seq;                  /* staging file counter */
	/* Set by the runner. */
	volatile LONG done;            /* the worker has returned */
	volatile LONG abandoned;       /* timed out: nobody reads the job */
	FILETIME start, end;           /* UTC */
	unsigned long long bytes;      /* bytes written to the zip */
};

/* ---- outputs (job.c) ---- */

/* A new memory output named path; NULL if out of memory. */
struct col_out *col_text(struct col_job *j, const char *path);
/* A file output: src streamed into the zip as path.  Returns 0 or -1. */
int col_file(struct col_job *j, const char *path, const wchar_t *src,
    int delete_after);
/* Appending; on failure o->full is set and the text is dropped. */
void col_puts(struct col_out *o, const char *s);
void col_putn(struct col_out *o, const char *s, size_t n);
void col_printf(struct col_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void col_vprintf(struct col_out *o, const char *fmt, va_list ap);
/* Appends a wide string converted to UTF-8 (n = -1: up to the NUL). */
void col_putw(struct col_out *o, const wchar_t *w, int n);
/* Appends "\r\n". */
void col_nl(struct col_out *o);
/* Appends a CSV field (quoted when quote is set or it needs it), then a
   comma or, when last, CRLF. */
void col_csv(struct col_out *o, const char *s, int quote, int last);

/*
 * Records the status and reason of the job (the first reason is kept) and
 * returns status, so items can `return col_fail(j, COL_FAILED, e, "...")`.
 */
int col_fail(struct col_job *j, int status, unsigned long code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* COL_UNSUPPORTED for "not implemented" codes, else COL_FAILED. */
int col_classify(unsigned long code);
/* Writes the "nothing collected" line that the analyzer reads as a gap:
   "invpkg-collect: not collected: <reason>". */
void col_put_reason(struct col_out *o, const char *reason);

/* ---- Windows helpers (win.c) ---- */

/* UTF-8 copy of a wide string (n = -1: up to the NUL); never NULL. */
char *col_u8(const wchar_t *w, int n);
/* Wide copy of a UTF-8 string; NULL if out of memory. */
wchar_t *col_wide(const char *s);
wchar_t *col_wdup(const wchar_t *w);
/* Wide path join "a\b"; caller frees. */
wchar_t *col_wjoin(const wchar_t *a, const wchar_t *b);
/* The system's message for a Win32 error or HRESULT, UTF-8. */
void col_errtext(unsigned long code, char *out, size_t outsz);
/* Expands %VARS%; caller frees. */
wchar_t *col_expand(const wchar_t *s);

/* Times.  All take a UTC FILETIME. */
void col_now(FILETIME *ft);
/* 2026-08-14T19:25:24Z */
void col_time_iso(const FILETIME *ft, char out[32]);
/* Local time, US English forms of the tools:
   COL_T_SCHTASKS "9/7/2026 10:02:33 PM", COL_T_SYSINFO "9/7/2026, 10:02:33 PM",
   COL_T_DIR "09/07/2026  10:02 PM", COL_T_QUSER "9/7/2026 10:02 PM",
   COL_T_WMI "20260907220233.123456+120" (local with UTC offset, minutes). */
enum { COL_T_SCHTASKS, COL_T_SYSINFO, COL_T_DIR, COL_T_QUSER, COL_T_WMI };
void col_time_local(const FILETIME *ft, int style, char *out, size_t outsz);
/* Unix seconds to FILETIME. */
void col_unix_to_ft(unsigned long long t, FILETIME *ft);
/* Thousands-separated decimal, "12,345". */
void col_thousands(unsigned long long v, char *out, size_t outsz);

/* Names an account SID "DOMAIN\name" (or the SID string). */
void col_sid_name(PSID sid, char *out, size_t outsz);

/* ---- registry (reg.c) ---- */

/* reg.exe's text for a missing key. */
#define COL_REG_NOT_FOUND \
	"ERROR: The system was unable to find the specified registry key or value."
/*
 * Writes `reg query "<shown>" [/s]` output for root\subkey opened with
 * view (KEY_WOW64_64KEY or KEY_WOW64_32KEY): the key line, its values as
 * "    Name    REG_TYPE    data", a blank line, then subkeys when recurse.
 * A missing key gives the key line and COL_REG_NOT_FOUND.  Adds the number
 * of values to *rows.  Returns ERROR_SUCCESS, or the error opening the key.
 */
LONG col_reg_query(struct col_out *o, HKEY root, const wchar_t *subkey,
    REGSAM view, const char *shown, int recurse, long long *rows);
/* A string value (REG_SZ/REG_EXPAND_SZ, not expanded); caller frees. */
wchar_t *col_reg_str(HKEY root, const wchar_t *subkey, const wchar_t *value,
    REGSAM view);
/* A DWORD value; returns 0 and sets *v, or an error. */
LONG col_reg_dword(HKEY root, const wchar_t *subkey, const wchar_t *value,
    REGSAM view, DWORD *v);

/* Loaded user hives under HKEY_USERS (not the *_Classes ones). */
struct col_strv {
	wchar_t **v;
	size_t n;
};
void col_strv_free(struct col_strv *s);
int col_strv_add(struct col_strv *s, const wchar_t *w);
LONG col_hku_sids(struct col_strv *out);
/* Subkey names of a key; returns ERROR_SUCCESS or the open error. */
LONG col_reg_subkeys(HKEY root, const wchar_t *subkey, REGSAM view,
    struct col_strv *out);

/* User profiles from ProfileList: sids[i] and expanded paths[i]. */
LONG col_profiles(struct col_strv *sids, struct col_strv *paths);

/* ---- directory listings (dirlist.c) ---- */

struct col_dirstat {
	unsigned long long files, dirs, bytes;
};
/*
 * Writes a `dir /a /q [/s]` listing of dir (owner column, local times,
 * "Directory of" blocks, per-folder and final totals).  When dir does not
 * exist, writes "The system cannot find the path specified." and returns the
 * error; otherwise returns 0.  Recursion skips reparse points and stops at
 * CM_MAX_DIR_DEPTH.
 */
DWORD col_dir_list(struct col_out *o, const wchar_t *dir, int recurse,
    struct col_dirstat *st);

/* ---- network address text (net.c) ---- */

/* Dotted IPv4 of an address in network byte order. */
void col_ip4(DWORD addr, char out[16]);
/* IPv6 text (RFC 5952, as Windows prints it), "%scope" appended when
   scope is not 0. */
void col_ip6(const BYTE a[16], DWORD scope, char out[64]);
/* Text of an AF_INET or AF_INET6 socket address ("" for others). */
void col_sockaddr(const void *sa, char *out, size_t outsz);
/*
 * Writes an ipconfig-style label: indent spaces, the label, then " . . ."
 * up to width characters, then " : " ("   Host Name . . . . : ").
 */
void col_label(struct col_out *o, int indent, const char *label, int width);
/* Process image names and service names by PID, for netstat -b lines. */
struct col_pidnames;
struct col_pidnames *col_pidnames_new(void);
/* Image name of pid or NULL; service name when pid hosts exactly one. */
const char *col_pid_image(struct col_pidnames *p, DWORD pid);
const char *col_pid_service(struct col_pidnames *p, DWORD pid);
void col_pidnames_free(struct col_pidnames *p);

/* ---- items (items/<id>.c) ---- */
int col_autoruns(struct col_job *j);
int col_startup_folders(struct col_job *j);
int col_installed_programs(struct col_job *j);
int col_connections(struct col_job *j);
int col_arp(struct col_job *j);
int col_ipv6_neighbors(struct col_job *j);
int col_dns_cache(struct col_job *j);
int col_ipconfig(struct col_job *j);
int col_firewall_log(struct col_job *j);
int col_prefetch(struct col_job *j);
int col_processes(struct col_job *j);
int col_scheduled_tasks(struct col_job *j);
int col_security_log(struct col_job *j);
int col_event_logs(struct col_job *j);
int col_services(struct col_job *j);
int col_smb_inbound(struct col_job *j);
int col_smb_outbound(struct col_job *j);
int col_system_info(struct col_job *j);
int col_temp_files(struct col_job *j);
int col_local_groups(struct col_job *j);
int col_logged_on_users(struct col_job *j);
int col_defender_logs(struct col_job *j);
int col_wmi_subscriptions(struct col_job *j);

/* ---- event log export (evt.c), shared by the two log items ---- */
/*
 * Exports channel into a staging file beside the zip and adds it as
 * folder/file.  Returns 0, or the Win32 error (with *how telling which API
 * failed, UTF-8).  A TRUE from BackupEventLogW is trusted only when the file
 * exists and starts with the EVTX magic.
 */
DWORD col_export_log(struct col_job *j, const wchar_t *channel,
    const char *entry, char *how, size_t howsz);

#endif
