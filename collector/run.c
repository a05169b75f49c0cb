/*
 * run.c - runs one data point as a job in a worker thread with its own time
 * limit, then writes the job's outputs into the zip.
 *
 * The worker initialises COM (multithreaded) for the items that use it and
 * runs in background mode (low CPU and I/O priority).  If the worker does
 * not finish in time, the job is abandoned: its memory is never freed or
 * read again, so the worker may go on writing into it harmlessly; the data
 * point is recorded as "timeout" and its file holds the reason.  A data point
 * that ends without output of its own gets a file holding its reason
 * ("invpkg-collect: not collected: ..."), so every data point leaves a file.
 */
#include "colzip.h"

#include <objbase.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile LONG abandoned_jobs;

int
col_run_abandoned(void)
{
	return abandoned_jobs != 0;
}

static DWORD WINAPI
worker(void *arg)
{
	struct col_job *j = arg;
	HRESULT hr;
	int st;

	SetThreadPriority(GetCurrentThread(), THREAD_MODE_BACKGROUND_BEGIN);
	hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
	st = j->item->fn(j);
	if (st > j->status)
		j->status = st;
	if (SUCCEEDED(hr))
		CoUninitialize();
	col_now(&j->end);
	InterlockedExchange(&j->done, 1);
	return 0;
}

static void
free_outs(struct col_out *o)
{
	struct col_out *next;

	for (; o != NULL; o = next) {
		next = o->next;
		free(o->path);
		free(o->src);
		cm_buf_free(&o->buf);
		free(o);
	}
}

/* Writes one reason file for a job that left none. */
static int
write_reason(struct col_zip *z, struct col_result *r, const char *path)
{
	char line[700];
	const char *final;
	unsigned long long w;
	int n;

	n = snprintf(line, sizeof(line), "invpkg-collect: not collected: %s\r\n",
	    r->reason[0] != '\0' ? r->reason : col_status_name(r->status));
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)strlen(line);
	if (col_zip_add_mem(z, path, line, (size_t)n, &final, &w) != 0)
		return -1;
	r->bytes += w;
	if (r->outfile == NULL)
		r->outfile = strdup(final);
	return 0;
}

int
col_run_item(const struct col_item *item, const struct col_opts *opt,
    DWORD ms, struct col_zip *z, struct col_result *r)
{
	struct col_job *j;
	struct col_out *o;
	const char *primary = col_item_path(item), *final;
	unsigned long long w;
	HANDLE th;
	DWORD wr, err;
	int trunc, rc;

	memset(r, 0, sizeof(*r));
	r->item = item;
	r->ran = 1;
	col_now(&r->start);
	j = calloc(1, sizeof(*j));
	if (j == NULL) {
		r->status = COL_FAILED;
		r->code = ERROR_NOT_ENOUGH_MEMORY;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		r->end = r->start;
		return write_reason(z, r, primary);
	}
	j->item = item;
	j->opt = opt;
	j->tail = &j->outs;
	j->start = r->start;
	th = CreateThread(NULL, 0, worker, j, 0, NULL);
	if (th == NULL) {
		err = GetLastError();
		free(j);
		r->status = COL_FAILED;
		r->code = err;
		snprintf(r->reason, sizeof(r->reason), "CreateThread failed "
		    "(error %lu)", (unsigned long)err);
		col_now(&r->end);
		return write_reason(z, r, primary);
	}
	wr = WaitForSingleObject(th, ms);
	if (wr != WAIT_OBJECT_0) {
		/* Abandoned: j stays allocated for the worker; never read. */
		InterlockedExchange(&j->abandoned, 1);
		InterlockedIncrement(&abandoned_jobs);
		CloseHandle(th);
		col_now(&r->end);
		r->status = COL_TIMEOUT;
		r->code = WAIT_TIMEOUT;
		snprintf(r->reason, sizeof(r->reason), "timed out after %.1f s "
		    "(%s); the worker thread was abandoned", ms / 1000.0,
		    item->command);
		return write_reason(z, r, primary);
	}
	CloseHandle(th);
	r->end = j->end;
	r->status = j->status;
	r->code = j->code;
	r->rows = j->rows;
	snprintf(r->reason, sizeof(r->reason), "%s", j->reason);
	if (r->status == COL_OK && r->rows == 0)
		r->status = COL_EMPTY;
	rc = 0;
	for (o = j->outs; o != NULL && rc == 0; o = o->next) {
		if (o->src != NULL) {
			int fr = col_zip_add_file(z, o->path, o->src,
			    opt->max_bytes, &final, &w, &trunc, &err);

			if (o->src_delete)
				DeleteFileW(o->src);
			if (fr < 0) {
				rc = -1;
				break;
			}
			if (fr > 0) {
				char msg[256];

				col_errtext(err, msg, sizeof(msg));
				if (r->status < COL_PARTIAL) {
					r->status = COL_PARTIAL;
					r->code = err;
					snprintf(r->reason, sizeof(r->reason),
					    "cannot read %s: %s", o->path, msg);
				}
				continue;
			}
			if (trunc && r->status < COL_TRUNCATED) {
				r->status = COL_TRUNCATED;
				snprintf(r->reason, sizeof(r->reason), "%s cut "
				    "at %llu bytes (--max-bytes)", o->path,
				    opt->max_bytes);
			}
		} else {
			if (o->full && r->status < COL_TRUNCATED) {
				r->status = COL_TRUNCATED;
				snprintf(r->reason, sizeof(r->reason), "%s cut "
				    "at %llu bytes (--max-bytes)", o->path,
				    (unsigned long long)o->buf.max);
			}
			if (col_zip_add_mem(z, o->path, cm_buf_str(&o->buf),
			    o->buf.len, &final, &w) != 0) {
				rc = -1;
				break;
			}
		}
		r->bytes += w;
		if (r->outfile == NULL || strcmp(o->path, primary) == 0) {
			free(r->outfile);
			r->outfile = strdup(final);
		}
	}
	/* Staged files of outputs not written must not stay behind. */
	for (; o != NULL; o = o->next)
		if (o->src != NULL && o->src_delete)
			DeleteFileW(o->src);
	if (rc == 0 && j->outs == NULL)
		rc = write_reason(z, r, primary);
	free_outs(j->outs);
	free(j);
	return rc;
}
