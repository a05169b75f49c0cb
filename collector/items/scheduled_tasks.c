/*
 * scheduled_tasks.c - data point "scheduled_tasks": every task of the Task
 * Scheduler, written in the English 28-column form of
 * `schtasks /query /fo csv /v` into "Scheduled tasks/ScheduledTasks.csv"
 * (UTF-8, every field quoted, one row per trigger):
 *
 *   "HostName","TaskName","Next Run Time","Status","Logon Mode",...
 *   "HOST","\IRTestTask","N/A","Ready","Interactive/Background","N/A","0","EvilCorp","C:\evil\task.exe -x",...
 *
 * Tasks are found by walking the XML files under %SystemRoot%\System32\Tasks
 * (the registration XML; this also finds tasks the COM enumeration hides,
 * and works under wine 8.0 whose IRegisteredTaskCollection is a stub).  The
 * run state, last run time, last result and next run time come from the
 * Task Scheduler COM API (ITaskService::GetFolder + ITaskFolder::GetTask);
 * without it those columns read "Unknown"/"N/A".  Dates are local times in
 * schtasks' US form ("9/7/2026 10:02:33 PM").  The XML is read with a small
 * bounded scanner (no DTDs, no entities but the five predefined and
 * numeric ones): a task file over 1 MiB is reported and skipped.
 */
#define COBJMACROS
#include "../col.h"

#include <objbase.h>
#include <oleauto.h>
#include <sddl.h>
#include <taskschd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cm_limits.h"

static const char *const header[28] = {
	"HostName", "TaskName", "Next Run Time", "Status", "Logon Mode",
	"Last Run Time", "Last Result", "Author", "Task To Run", "Start In",
	"Comment", "Scheduled Task State", "Idle Time", "Power Management",
	"Run As User", "Delete Task If Not Rescheduled",
	"Stop Task If Runs X Hours and X Mins", "Schedule", "Schedule Type",
	"Start Time", "Start Date", "End Date", "Days", "Months",
	"Repeat: Every", "Repeat: Until: Time", "Repeat: Until: Duration",
	"Repeat: Stop If Still Running"
};

struct ctx {
	struct col_job *j;
	struct col_out *o;
	ITaskService *ts;      /* NULL when COM is not available */
	int tasks, skipped;
};

/* ---- a small XML scanner ---- */

/*
 * Finds the first element <tag> in [p, end).  Sets its content range and
 * returns the position after it, or NULL.  <tag/> has empty content.
 */
static const char *
elem(const char *p, const char *end, const char *tag, const char **cb,
    const char **ce)
{
	size_t tl = strlen(tag);
	const char *q, *gt;

	for (q = p; q != NULL && q + tl + 2 <= end; q++) {
		q = memchr(q, '<', (size_t)(end - q));
		if (q == NULL || q + tl + 2 > end)
			return NULL;
		if (strncmp(q + 1, tag, tl) != 0 || (q[tl + 1] != '>' &&
		    q[tl + 1] != ' ' && q[tl + 1] != '/' && q[tl + 1] != '\t' &&
		    q[tl + 1] != '\r' && q[tl + 1] != '\n'))
			continue;
		gt = memchr(q, '>', (size_t)(end - q));
		if (gt == NULL)
			return NULL;
		if (gt[-1] == '/') {
			*cb = *ce = gt + 1;
			return gt + 1;
		}
		{
			char close[80];
			const char *c = gt + 1;
			size_t cl;

			cl = (size_t)snprintf(close, sizeof(close), "</%s>", tag);
			while (c + cl <= end) {
				c = memchr(c, '<', (size_t)(end - c));
				if (c == NULL || c + cl > end)
					return NULL;
				if (strncmp(c, close, cl) == 0) {
					*cb = gt + 1;
					*ce = c;
					return c + cl;
				}
				c++;
			}
		}
		return NULL;
	}
	return NULL;
}

/* Unescaped, trimmed text of [b, e) into out. */
static void
text_of(const char *b, const char *e, char *out, size_t outsz)
{
	size_t o = 0;

	while (b < e && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	while (b < e && o + 5 < outsz) {
		if (*b == '&') {
			const char *semi = memchr(b, ';', (size_t)(e - b));
			size_t n = semi != NULL ? (size_t)(semi - b) : 0;

			if (n == 3 && strncmp(b, "&lt", 3) == 0)
				out[o++] = '<';
			else if (n == 3 && strncmp(b, "&gt", 3) == 0)
				out[o++] = '>';
			else if (n == 4 && strncmp(b, "&amp", 4) == 0)
				out[o++] = '&';
			else if (n == 5 && strncmp(b, "&quot", 5) == 0)
				out[o++] = '"';
			else if (n == 5 && strncmp(b, "&apos", 5) == 0)
				out[o++] = '\'';
			else if (n >= 3 && n < 12 && b[1] == '#') {
				unsigned long cp = b[2] == 'x' ?
				    strtoul(b + 3, NULL, 16) :
				    strtoul(b + 2, NULL, 10);

				if (cp == 0 || cp > 0x10FFFF)
					cp = 0xFFFD;
				if (cp < 0x80) {
					out[o++] = (char)cp;
				} else if (cp < 0x800) {
					out[o++] = (char)(0xC0 | (cp >> 6));
					out[o++] = (char)(0x80 | (cp & 0x3F));
				} else if (cp < 0x10000) {
					out[o++] = (char)(0xE0 | (cp >> 12));
					out[o++] = (char)(0x80 |
					    ((cp >> 6) & 0x3F));
					out[o++] = (char)(0x80 | (cp & 0x3F));
				} else {
					out[o++] = (char)(0xF0 | (cp >> 18));
					out[o++] = (char)(0x80 |
					    ((cp >> 12) & 0x3F));
					out[o++] = (char)(0x80 |
					    ((cp >> 6) & 0x3F));
					out[o++] = (char)(0x80 | (cp & 0x3F));
				}
			} else {
				out[o++] = '&';
				b++;
				continue;
			}
			b = semi + 1;
			continue;
		}
		out[o++] = *b++;
	}
	out[o] = '\0';
}

/* Text of the first <tag> in [p, end) into out; 1 if found. */
static int
get(const char *p, const char *end, const char *tag, char *out,
    size_t outsz)
{
	const char *cb, *ce;

	out[0] = '\0';
	if (p == NULL || elem(p, end, tag, &cb, &ce) == NULL)
		return 0;
	text_of(cb, ce, out, outsz);
	return 1;
}

/* "PT72H" / "P1DT2H30M" -> hours and minutes; 0 if not a duration. */
static int
duration(const char *s, long *hours, long *mins)
{
	long v, h = 0, m = 0, d = 0;
	int t = 0;

	if (*s++ != 'P')
		return 0;
	while (*s != '\0') {
		if (*s == 'T') {
			t = 1;
			s++;
			continue;
		}
		v = strtol(s, (char **)&s, 10);
		switch (*s) {
		case 'D': d = v; break;
		case 'H': h = v; break;
		case 'M': if (t) m = v; else d += v * 30; break;
		case 'W': d += v * 7; break;
		case 'S': break;
		case 'Y': d += v * 365; break;
		default: return 0;
		}
		s++;
	}
	*hours = d * 24 + h;
	*mins = m;
	return 1;
}

/* ---- COM state ---- */

struct live {
	char status[32];
	char last_run[48];
	char last_result[32];
	char next_run[48];
};

static void
date_text(DATE d, char *out, size_t outsz)
{
	SYSTEMTIME st;
	unsigned h12;

	/* 0 (or a date before 1990) means "never" */
	if (d < 32874.0 || !VariantTimeToSystemTime(d, &st)) {
		snprintf(out, outsz, "N/A");
		return;
	}
	h12 = st.wHour % 12 == 0 ? 12 : st.wHour % 12;
	snprintf(out, outsz, "%u/%u/%04u %u:%02u:%02u %s", st.wMonth, st.wDay,
	    st.wYear, h12, st.wMinute, st.wSecond, st.wHour < 12 ? "AM" : "PM");
}

static void
live_state(struct ctx *c, const wchar_t *folder, const wchar_t *name,
    struct live *lv)
{
	static const char *const states[] = { "Unknown", "Disabled", "Queued",
	    "Ready", "Running" };
	ITaskFolder *f = NULL;
	IRegisteredTask *t = NULL;
	BSTR bf, bn;
	TASK_STATE st;
	DATE d;
	LONG res;

	snprintf(lv->status, sizeof(lv->status), "Unknown");
	snprintf(lv->last_run, sizeof(lv->last_run), "N/A");
	snprintf(lv->next_run, sizeof(lv->next_run), "N/A");
	lv->last_result[0] = '\0';
	if (c->ts == NULL)
		return;
	bf = SysAllocString(folder[0] != L'\0' ? folder : L"\\");
	bn = SysAllocString(name);
	if (SUCCEEDED(ITaskService_GetFolder(c->ts, bf, &f)) && f != NULL &&
	    SUCCEEDED(ITaskFolder_GetTask(f, bn, &t)) && t != NULL) {
		if (SUCCEEDED(IRegisteredTask_get_State(t, &st)))
			snprintf(lv->status, sizeof(lv->status), "%s",
			    (unsigned)st < 5 ? states[st] : "Unknown");
		if (SUCCEEDED(IRegisteredTask_get_LastRunTime(t, &d)))
			date_text(d, lv->last_run, sizeof(lv->last_run));
		if (SUCCEEDED(IRegisteredTask_get_LastTaskResult(t, &res)))
			snprintf(lv->last_result, sizeof(lv->last_result),
			    "%ld", (long)res);
		if (SUCCEEDED(IRegisteredTask_get_NextRunTime(t, &d)))
			date_text(d, lv->next_run, sizeof(lv->next_run));
	}
	if (t != NULL)
		IRegisteredTask_Release(t);
	if (f != NULL)
		ITaskFolder_Release(f);
	SysFreeString(bf);
	SysFreeString(bn);
}

/* ---- one task ---- */

static void
run_as(const char *id, char *out, size_t outsz)
{
	PSID sid = NULL;
	wchar_t *w;
	char name[300];
	char *bs;

	snprintf(out, outsz, "%s", id[0] != '\0' ? id : "N/A");
	if (strncmp(id, "S-1-", 4) != 0 || (w = col_wide(id)) == NULL)
		return;
	if (ConvertStringSidToSidW(w, &sid)) {
		col_sid_name(sid, name, sizeof(name));
		bs = strchr(name, '\\');
		if (bs != NULL && (strncmp(name, "NT AUTHORITY\\", 13) == 0 ||
		    strncmp(name, "BUILTIN\\", 8) == 0))
			snprintf(out, outsz, "%s", bs + 1);
		else
			snprintf(out, outsz, "%s", name);
		LocalFree(sid);
	}
	free(w);
}

static const char *
schedule_type(const char *tag, const char *b, const char *e)
{
	const char *cb, *ce;

	if (strcmp(tag, "TimeTrigger") == 0)
		return "One Time Only";
	if (strcmp(tag, "CalendarTrigger") == 0) {
		if (elem(b, e, "ScheduleByDay", &cb, &ce) != NULL)
			return "Daily";
		if (elem(b, e, "ScheduleByWeek", &cb, &ce) != NULL)
			return "Weekly";
		return "Monthly";
	}
	if (strcmp(tag, "LogonTrigger") == 0)
		return "At logon time";
	if (strcmp(tag, "BootTrigger") == 0)
		return "At system start up";
	if (strcmp(tag, "IdleTrigger") == 0)
		return "At idle time";
	if (strcmp(tag, "EventTrigger") == 0)
		return "When an event occurs";
	if (strcmp(tag, "RegistrationTrigger") == 0)
		return "At task creation/modification";
	if (strcmp(tag, "SessionStateChangeTrigger") == 0)
		return "On session state change";
	return "Unknown";
}

static void
put_row(struct ctx *c, const char *const f[28])
{
	int k;

	for (k = 0; k < 28; k++)
		col_csv(c->o, f[k], 1, k == 27);
	c->j->rows++;
}

static void
one_task(struct ctx *c, const char *xml, size_t len, const wchar_t *folder,
    const wchar_t *name, const char *taskname)
{
	const char *end = xml + len, *ab, *ae, *tb, *te, *sb, *se, *pb, *pe;
	const char *p, *cb, *ce;
	char author[512], desc[1024], cmd[4096], args[4096], wd[1024];
	char user[300], runas[300], logon[64], enabled[16], etl[32];
	char batt1[16], batt2[16], tmp[64], toRun[8300], power[64];
	char stoptask[32], startb[64], st_time[32], st_date[32], every[64];
	char until[64], endb[64], end_date[32];
	const char *f[28];
	struct live lv;
	int actions = 0, execs = 0, triggers = 0;
	long h, m;

	get(xml, end, "Author", author, sizeof(author));
	get(xml, end, "Description", desc, sizeof(desc));
	cmd[0] = args[0] = wd[0] = '\0';
	if (elem(xml, end, "Actions", &ab, &ae) != NULL) {
		static const char *const others[] = { "ComHandler", "SendEmail",
		    "ShowMessage" };
		const char *q = ab;
		size_t k;

		while ((q = elem(q, ae, "Exec", &cb, &ce)) != NULL) {
			if (actions++ == 0) {
				get(cb, ce, "Command", cmd, sizeof(cmd));
				get(cb, ce, "Arguments", args, sizeof(args));
				get(cb, ce, "WorkingDirectory", wd, sizeof(wd));
			}
		}
		execs = actions;
		for (k = 0; k < 3; k++) {
			q = ab;
			while ((q = elem(q, ae, others[k], &cb, &ce)) != NULL)
				actions++;
		}
	}
	if (actions > 1)
		snprintf(toRun, sizeof(toRun), "Multiple actions");
	else if (execs == 1 && cmd[0] != '\0')
		snprintf(toRun, sizeof(toRun), "%s%s%s", cmd, args[0] ? " " : "",
		    args);
	else if (actions == 1 && execs == 0)
		snprintf(toRun, sizeof(toRun), "COM handler");
	else
		snprintf(toRun, sizeof(toRun), "N/A");
	user[0] = logon[0] = '\0';
	if (elem(xml, end, "Principal", &pb, &pe) != NULL) {
		if (!get(pb, pe, "UserId", user, sizeof(user)))
			get(pb, pe, "GroupId", user, sizeof(user));
		get(pb, pe, "LogonType", logon, sizeof(logon));
	}
	run_as(user, runas, sizeof(runas));
	snprintf(enabled, sizeof(enabled), "Enabled");
	snprintf(stoptask, sizeof(stoptask), "72:00:00");
	snprintf(batt1, sizeof(batt1), "true");
	snprintf(batt2, sizeof(batt2), "true");
	if (elem(xml, end, "Settings", &sb, &se) != NULL) {
		if (get(sb, se, "Enabled", tmp, sizeof(tmp)) &&
		    strcmp(tmp, "false") == 0)
			snprintf(enabled, sizeof(enabled), "Disabled");
		if (get(sb, se, "ExecutionTimeLimit", etl, sizeof(etl))) {
			if (strcmp(etl, "PT0S") == 0)
				snprintf(stoptask, sizeof(stoptask),
				    "Disabled");
			else if (duration(etl, &h, &m))
				snprintf(stoptask, sizeof(stoptask),
				    "%ld:%02ld:00", h, m);
		}
		get(sb, se, "DisallowStartIfOnBatteries", batt1, sizeof(batt1));
		get(sb, se, "StopIfGoingOnBatteries", batt2, sizeof(batt2));
	}
	snprintf(power, sizeof(power), "%s%s%s",
	    strcmp(batt2, "false") != 0 ? "Stop On Battery Mode" : "",
	    strcmp(batt2, "false") != 0 && strcmp(batt1, "false") != 0 ?
	    ", " : "",
	    strcmp(batt1, "false") != 0 ? "No Start On Batteries" : "");
	live_state(c, folder, name, &lv);

	f[0] = c->j->opt->host;
	f[1] = taskname;
	f[2] = lv.next_run;
	f[3] = lv.status;
	f[4] = strcmp(logon, "InteractiveToken") == 0 ? "Interactive only" :
	    strcmp(logon, "S4U") == 0 ? "Background only" :
	    "Interactive/Background";
	f[5] = lv.last_run;
	f[6] = lv.last_result;
	f[7] = author[0] ? author : "N/A";
	f[8] = toRun;
	f[9] = wd[0] ? wd : "N/A";
	f[10] = desc[0] ? desc : "N/A";
	f[11] = enabled;
	f[12] = strstr(xml, "<RunOnlyIfIdle>true") != NULL ? "Enabled" :
	    "Disabled";
	f[13] = power;
	f[14] = runas;
	f[15] = strstr(xml, "<DeleteExpiredTaskAfter") != NULL ? "Enabled" :
	    "Disabled";
	f[16] = stoptask;
	f[17] = "Scheduling data is not available in this format.";

	if (elem(xml, end, "Triggers", &tb, &te) != NULL) {
		for (p = tb; p < te;) {
			char tag[64];
			const char *nb, *q2;
			size_t tl = 0;

			p = memchr(p, '<', (size_t)(te - p));
			if (p == NULL)
				break;
			if (p[1] == '/' || p[1] == '!' || p[1] == '?') {
				p++;
				continue;
			}
			nb = p + 1;
			while (nb + tl < te && tl < sizeof(tag) - 1 &&
			    nb[tl] != '>' && nb[tl] != ' ' && nb[tl] != '/' &&
			    nb[tl] != '\r' && nb[tl] != '\n' && nb[tl] != '\t')
				tl++;
			memcpy(tag, nb, tl);
			tag[tl] = '\0';
			q2 = elem(p, te, tag, &cb, &ce);
			if (q2 == NULL || tl == 0)
				break;
			triggers++;
			st_time[0] = st_date[0] = end_date[0] = '\0';
			snprintf(every, sizeof(every), "Disabled");
			snprintf(until, sizeof(until), "Disabled");
			if (get(cb, ce, "StartBoundary", startb,
			    sizeof(startb))) {
				int Y, M, D, hh, mm, ss;

				if (sscanf(startb, "%d-%d-%dT%d:%d:%d", &Y, &M,
				    &D, &hh, &mm, &ss) == 6) {
					snprintf(st_date, sizeof(st_date),
					    "%d/%d/%04d", M, D, Y);
					snprintf(st_time, sizeof(st_time),
					    "%d:%02d:%02d %s", hh % 12 == 0 ?
					    12 : hh % 12, mm, ss, hh < 12 ?
					    "AM" : "PM");
				}
			}
			if (get(cb, ce, "EndBoundary", endb, sizeof(endb))) {
				int Y, M, D;

				if (sscanf(endb, "%d-%d-%d", &Y, &M, &D) == 3)
					snprintf(end_date, sizeof(end_date),
					    "%d/%d/%04d", M, D, Y);
			}
			if (get(cb, ce, "Interval", tmp, sizeof(tmp)) &&
			    duration(tmp, &h, &m))
				snprintf(every, sizeof(every), "%ld Hour(s), "
				    "%ld Minute(s)", h, m);
			if (get(cb, ce, "Duration", tmp, sizeof(tmp)) &&
			    duration(tmp, &h, &m))
				snprintf(until, sizeof(until), "%ld Hour(s), "
				    "%ld Minute(s)", h, m);
			f[18] = schedule_type(tag, cb, ce);
			f[19] = st_time[0] ? st_time : "N/A";
			f[20] = st_date[0] ? st_date : "N/A";
			f[21] = end_date[0] ? end_date : "N/A";
			f[22] = "N/A";
			f[23] = "N/A";
			f[24] = every;
			f[25] = "None";
			f[26] = until;
			f[27] = "Disabled";
			put_row(c, f);
			p = q2;
		}
	}
	if (triggers == 0) {
		f[18] = "On demand only";
		f[19] = f[20] = f[21] = f[22] = f[23] = "N/A";
		f[24] = f[26] = "Disabled";
		f[25] = "None";
		f[27] = "Disabled";
		put_row(c, f);
	}
	c->tasks++;
}

/* Reads a task file into UTF-8; caller frees; NULL on failure. */
static char *
read_xml(const wchar_t *path, size_t *len, DWORD *err)
{
	HANDLE h;
	DWORD size, got = 0;
	unsigned char *raw;
	char *s;

	*err = 0;
	h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
	    NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		*err = GetLastError();
		return NULL;
	}
	size = GetFileSize(h, NULL);
	if (size == INVALID_FILE_SIZE || size > CM_MAX_COLLECT_TASK_XML) {
		CloseHandle(h);
		*err = ERROR_FILE_TOO_LARGE;
		return NULL;
	}
	raw = malloc((size_t)size + 4);
	if (raw == NULL || !ReadFile(h, raw, size, &got, NULL)) {
		*err = raw == NULL ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
		free(raw);
		CloseHandle(h);
		return NULL;
	}
	CloseHandle(h);
	memset(raw + got, 0, 4);
	if (got >= 2 && raw[0] == 0xFF && raw[1] == 0xFE)
		s = col_u8((const wchar_t *)(raw + 2), (int)((got - 2) / 2));
	else if (got >= 2 && raw[1] == 0 && raw[0] != 0)
		s = col_u8((const wchar_t *)raw, (int)(got / 2));
	else if (got >= 3 && raw[0] == 0xEF && raw[1] == 0xBB &&
	    raw[2] == 0xBF)
		s = strdup((char *)raw + 3);
	else
		s = strdup((char *)raw);
	free(raw);
	if (s == NULL) {
		*err = ERROR_NOT_ENOUGH_MEMORY;
		return NULL;
	}
	*len = strlen(s);
	return s;
}

/* Walks root\rel recursively; rel is the task folder ("" or "\A\B"). */
static void
walk(struct ctx *c, const wchar_t *root, const wchar_t *rel, int depth)
{
	WIN32_FIND_DATAW fd;
	wchar_t *dir, *pat;
	HANDLE h;

	dir = malloc((wcslen(root) + wcslen(rel) + 2) * sizeof(wchar_t));
	if (dir == NULL)
		return;
	wcscpy(dir, root);
	wcscat(dir, rel);
	pat = col_wjoin(dir, L"*");
	h = pat != NULL ? FindFirstFileExW(pat, FindExInfoBasic, &fd,
	    FindExSearchNameMatch, NULL, 0) : INVALID_HANDLE_VALUE;
	free(pat);
	if (h == INVALID_HANDLE_VALUE) {
		free(dir);
		return;
	}
	do {
		wchar_t *sub;

		if (wcscmp(fd.cFileName, L".") == 0 ||
		    wcscmp(fd.cFileName, L"..") == 0)
			continue;
		sub = malloc((wcslen(rel) + wcslen(fd.cFileName) + 2) *
		    sizeof(wchar_t));
		if (sub == NULL)
			continue;
		wcscpy(sub, rel);
		wcscat(sub, L"\\");
		wcscat(sub, fd.cFileName);
		if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
			if (depth < CM_MAX_DIR_DEPTH && !(fd.dwFileAttributes &
			    FILE_ATTRIBUTE_REPARSE_POINT))
				walk(c, root, sub, depth + 1);
		} else {
			wchar_t *file = col_wjoin(dir, fd.cFileName);
			char *tn = col_u8(sub, -1);
			size_t len = 0;
			DWORD err = 0;
			char *xml = file != NULL ? read_xml(file, &len, &err) :
			    NULL;

			if (xml != NULL) {
				one_task(c, xml, len, rel, fd.cFileName, tn);
				free(xml);
			} else {
				c->skipped++;
				col_fail(c->j, COL_PARTIAL, err, "cannot read "
				    "task file %s (error %lu)", tn,
				    (unsigned long)err);
			}
			free(tn);
			free(file);
		}
		free(sub);
	} while (!c->o->full && FindNextFileW(h, &fd));
	FindClose(h);
	free(dir);
}

int
col_scheduled_tasks(struct col_job *j)
{
	struct ctx c;
	wchar_t *root;
	VARIANT empty;
	HRESULT hr;
	int k;
	DWORD attr;

	memset(&c, 0, sizeof(c));
	c.j = j;
	c.o = col_text(j, col_item_path(j->item));
	if (c.o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	root = col_expand(L"%SystemRoot%\\System32\\Tasks");
	if (root == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	hr = CoCreateInstance(&CLSID_TaskScheduler, NULL, CLSCTX_INPROC_SERVER,
	    &IID_ITaskService, (void **)&c.ts);
	if (SUCCEEDED(hr) && c.ts != NULL) {
		VariantInit(&empty);
		hr = ITaskService_Connect(c.ts, empty, empty, empty, empty);
		if (FAILED(hr)) {
			ITaskService_Release(c.ts);
			c.ts = NULL;
		}
	} else {
		c.ts = NULL;
	}
	if (c.ts == NULL)
		col_fail(j, COL_PARTIAL, (unsigned long)hr, "Task Scheduler COM "
		    "unavailable (HRESULT 0x%08lX): state and run times are "
		    "missing", (unsigned long)hr);
	for (k = 0; k < 28; k++)
		col_csv(c.o, header[k], 1, k == 27);
	attr = GetFileAttributesW(root);
	if (attr == INVALID_FILE_ATTRIBUTES) {
		DWORD e = GetLastError();

		free(root);
		if (c.ts != NULL)
			ITaskService_Release(c.ts);
		return col_fail(j, COL_FAILED, e, "cannot open the Tasks folder "
		    "(error %lu)", (unsigned long)e);
	}
	walk(&c, root, L"", 0);
	free(root);
	if (c.tasks == 0 && c.skipped == 0) {
		/* what schtasks prints when there is none */
		cm_buf_reset(&c.o->buf);
		col_puts(c.o, "INFO: There are no scheduled tasks presently "
		    "available at your access level.\r\n");
	}
	if (c.ts != NULL)
		ITaskService_Release(c.ts);
	return COL_OK;
}
