/*
 * record.c - the per-submission record (see record.h): small constructors and lookups.
 */
#include <string.h>
#include "record.h"

static void field_free(Field *f)
{
	g_free(f->name);
	g_free(f->value);
	g_free(f->where);
	g_free(f);
}

static void indicator_free(IndicatorValue *v)
{
	g_free(v->where);
	g_free(v);
}

static void task_free(TaskRow *t)
{
	g_free(t->code);
	g_free(t->status);
	g_free(t->result);
	g_free(t);
}

static void issued_free(IssuedDoc *d)
{
	g_free(d->doc_number);
	g_free(d->doc_date);
	g_free(d->summary);
	g_free(d);
}

static void finding_free(Finding *f)
{
	g_free(f->code);
	g_free(f->field);
	g_free(f->message);
	g_free(f);
}

Record *record_new(void)
{
	Record *r = g_new0(Record, 1);
	r->fields = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
	r->indicators = g_ptr_array_new_with_free_func((GDestroyNotify)indicator_free);
	r->tasks = g_ptr_array_new_with_free_func((GDestroyNotify)task_free);
	r->issued = g_ptr_array_new_with_free_func((GDestroyNotify)issued_free);
	r->findings = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	return r;
}

void record_free(Record *r)
{
	if (!r)
		return;
	g_free(r->kind);
	g_free(r->form);
	g_free(r->unit);
	g_free(r->period);
	g_ptr_array_unref(r->fields);
	g_ptr_array_unref(r->indicators);
	g_ptr_array_unref(r->tasks);
	g_ptr_array_unref(r->issued);
	g_ptr_array_unref(r->findings);
	g_free(r);
}

void record_set_field(Record *r, const char *name, const char *value, double confidence,
                      const char *where)
{
	for (guint i = 0; i < r->fields->len; i++) {
		Field *f = r->fields->pdata[i];
		if (strcmp(f->name, name) == 0) {
			g_ptr_array_remove_index(r->fields, i);
			break;
		}
	}
	if (!value)
		return;
	Field *f = g_new0(Field, 1);
	f->name = g_strdup(name);
	f->value = g_strdup(value);
	f->confidence = CLAMP(confidence, 0.0, 1.0);
	f->where = g_strdup(where);
	g_ptr_array_add(r->fields, f);
}

const Field *record_field(const Record *r, const char *name)
{
	for (guint i = 0; i < r->fields->len; i++) {
		const Field *f = r->fields->pdata[i];
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

const char *record_value(const Record *r, const char *name)
{
	const Field *f = record_field(r, name);
	return f ? f->value : NULL;
}

const IndicatorValue *record_indicator_get(const Record *r, const char *code)
{
	for (guint i = 0; i < r->indicators->len; i++) {
		const IndicatorValue *v = r->indicators->pdata[i];
		if (strcmp(v->code, code) == 0)
			return v;
	}
	return NULL;
}

IndicatorValue *record_indicator(Record *r, const char *code)
{
	IndicatorValue *v = (IndicatorValue *)record_indicator_get(r, code);
	if (v)
		return v;
	v = g_new0(IndicatorValue, 1);
	g_strlcpy(v->code, code, sizeof v->code);
	g_ptr_array_add(r->indicators, v);
	return v;
}

void record_add_task(Record *r, const char *code, const char *status, gboolean valid,
                     const char *result, double confidence)
{
	TaskRow *t = g_new0(TaskRow, 1);
	t->code = g_strdup(code);
	t->status = g_strdup(status);
	t->status_valid = valid;
	t->result = g_strdup(result);
	t->confidence = confidence;
	g_ptr_array_add(r->tasks, t);
}

void record_add_issued(Record *r, const char *number, const char *date, const char *summary)
{
	IssuedDoc *d = g_new0(IssuedDoc, 1);
	d->doc_number = g_strdup(number);
	d->doc_date = g_strdup(date);
	d->summary = g_strdup(summary);
	g_ptr_array_add(r->issued, d);
}

void record_add_finding(Record *r, const char *code, Severity sev, const char *field,
                        const char *fmt, ...)
{
	va_list ap;
	Finding *f = g_new0(Finding, 1);
	f->code = g_strdup(code);
	f->severity = sev;
	f->field = g_strdup(field);
	va_start(ap, fmt);
	f->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(r->findings, f);
}

gboolean record_has_finding(const Record *r, const char *code)
{
	for (guint i = 0; i < r->findings->len; i++)
		if (strcmp(((Finding *)r->findings->pdata[i])->code, code) == 0)
			return TRUE;
	return FALSE;
}

int record_worst(const Record *r)
{
	int w = -1;
	for (guint i = 0; i < r->findings->len; i++)
		w = MAX(w, (int)((Finding *)r->findings->pdata[i])->severity);
	return w;
}

const char *severity_name(Severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "info";
	}
}

Severity severity_from_name(const char *s)
{
	if (g_strcmp0(s, "error") == 0)
		return SEV_ERROR;
	if (g_strcmp0(s, "warning") == 0)
		return SEV_WARNING;
	return SEV_INFO;
}
