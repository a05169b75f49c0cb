/*
 * wmi_subscriptions.c - data point "wmi_subscriptions" (beyond Microsoft's
 * package): permanent WMI event subscriptions, a fileless persistence
 * mechanism.  Instances of __EventFilter, __EventConsumer (all consumer
 * classes, e.g. CommandLineEventConsumer, ActiveScriptEventConsumer) and
 * __FilterToConsumerBinding in root\subscription are written as MOF text
 * (IWbemClassObject::GetObjectText) into
 * "WMI subscriptions/WmiSubscriptions.txt":
 *
 *   // __EventFilter: 1 instance(s)
 *
 *   instance of __EventFilter
 *   {
 *   	Name = "evil";
 *   	Query = "SELECT * FROM __InstanceModificationEvent ...";
 *   	...
 *   };
 *
 * Each enumeration step waits at most 10 s (IEnumWbemClassObject::Next),
 * inside the data point's own time limit.  Where WMI lacks the namespace or
 * classes (wine 8.0), the status is "unsupported" with the HRESULT.
 */
#define COBJMACROS
#include "../col.h"

#include <objbase.h>
#include <oleauto.h>
#include <wbemcli.h>
#include <stdio.h>
#include <stdlib.h>

static const wchar_t *const classes[] = {
	L"__EventFilter", L"__EventConsumer", L"__FilterToConsumerBinding",
	NULL
};

/* Writes the instances of one class; returns S_OK or the failure. */
static HRESULT
dump_class(struct col_job *j, struct col_out *o, IWbemServices *svc,
    const wchar_t *cls)
{
	wchar_t q[128];
	BSTR lang, query;
	IEnumWbemClassObject *en = NULL;
	IWbemClassObject *obj;
	ULONG got;
	HRESULT hr;
	struct col_out tmp;
	long n = 0;
	char *c8 = col_u8(cls, -1);

	_snwprintf(q, 127, L"SELECT * FROM %ls", cls);
	q[127] = L'\0';
	lang = SysAllocString(L"WQL");
	query = SysAllocString(q);
	hr = IWbemServices_ExecQuery(svc, lang, query, WBEM_FLAG_FORWARD_ONLY |
	    WBEM_FLAG_RETURN_IMMEDIATELY, NULL, &en);
	SysFreeString(lang);
	SysFreeString(query);
	if (FAILED(hr) || en == NULL) {
		col_printf(o, "// %s: ExecQuery failed with HRESULT 0x%08lX\r\n"
		    "\r\n", c8, (unsigned long)hr);
		free(c8);
		return FAILED(hr) ? hr : E_FAIL;
	}
	/* Instances go to a side buffer so the count can come first. */
	cm_buf_init(&tmp.buf, o->buf.max);
	tmp.full = 0;
	for (;;) {
		BSTR text = NULL;

		obj = NULL;
		got = 0;
		hr = IEnumWbemClassObject_Next(en, 10000, 1, &obj, &got);
		if (hr != WBEM_S_NO_ERROR || got == 0)
			break;
		if (SUCCEEDED(IWbemClassObject_GetObjectText(obj, 0, &text)) &&
		    text != NULL) {
			col_putw(&tmp, text, (int)SysStringLen(text));
			col_nl(&tmp);
			SysFreeString(text);
		}
		IWbemClassObject_Release(obj);
		n++;
		j->rows++;
	}
	IEnumWbemClassObject_Release(en);
	col_printf(o, "// %s: %ld instance(s)%s\r\n\r\n", c8, n,
	    hr == WBEM_S_TIMEDOUT ? " (enumeration timed out)" : "");
	col_putn(o, cm_buf_str(&tmp.buf), tmp.buf.len);
	if (tmp.full)
		o->full = 1;
	cm_buf_free(&tmp.buf);
	free(c8);
	if (hr == WBEM_S_TIMEDOUT)
		return (HRESULT)WBEM_S_TIMEDOUT;
	return FAILED(hr) ? hr : S_OK;
}

int
col_wmi_subscriptions(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	IWbemLocator *loc = NULL;
	IWbemServices *svc = NULL;
	BSTR ns;
	HRESULT hr, worst = S_OK;
	char line[300];
	size_t i;
	int fails = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	hr = CoCreateInstance(&CLSID_WbemLocator, NULL, CLSCTX_INPROC_SERVER,
	    &IID_IWbemLocator, (void **)&loc);
	if (FAILED(hr)) {
		snprintf(line, sizeof(line), "CoCreateInstance(WbemLocator) "
		    "failed with HRESULT 0x%08lX", (unsigned long)hr);
		col_put_reason(o, line);
		return col_fail(j, col_classify((unsigned long)hr),
		    (unsigned long)hr, "%s", line);
	}
	ns = SysAllocString(L"ROOT\\subscription");
	hr = IWbemLocator_ConnectServer(loc, ns, NULL, NULL, NULL, 0, NULL, NULL,
	    &svc);
	SysFreeString(ns);
	if (FAILED(hr) || svc == NULL) {
		IWbemLocator_Release(loc);
		snprintf(line, sizeof(line), "IWbemLocator::ConnectServer"
		    "(ROOT\\subscription) failed with HRESULT 0x%08lX",
		    (unsigned long)hr);
		col_put_reason(o, line);
		return col_fail(j, col_classify((unsigned long)hr),
		    (unsigned long)hr, "%s", line);
	}
	CoSetProxyBlanket((IUnknown *)svc, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE,
	    NULL, RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE, NULL,
	    EOAC_NONE);
	for (i = 0; classes[i] != NULL; i++) {
		hr = dump_class(j, o, svc, classes[i]);
		if (hr != S_OK) {
			fails++;
			if (worst == S_OK)
				worst = hr;
		}
	}
	IWbemServices_Release(svc);
	IWbemLocator_Release(loc);
	if (fails == 3 && FAILED(worst)) {
		snprintf(line, sizeof(line), "ExecQuery failed for every class "
		    "(first HRESULT 0x%08lX)", (unsigned long)worst);
		col_put_reason(o, line);
		return col_fail(j, col_classify((unsigned long)worst),
		    (unsigned long)worst, "%s", line);
	}
	if (fails > 0)
		return col_fail(j, COL_PARTIAL, (unsigned long)worst,
		    "some classes could not be enumerated (HRESULT 0x%08lX)",
		    (unsigned long)worst);
	return COL_OK;
}
