/*
 * correct.c - checking and applying a clerk's corrections (see correct.h).
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "correct.h"
#include "vntext.h"

static const char *const text_fields[] = {
	"issuer", "doc_number", "doc_date", "place", "signer_title", "signer_name",
	"leadership_text", "difficulties", "proposals", "recipients", "doc_type", "title", NULL
};

const char *correct_field_names(void)
{
	return "issuer, doc_number, doc_date, place, signer_title, signer_name, leadership_text, "
	       "difficulties, proposals, recipients, doc_type, title, CS01.period .. CS10.ytd, "
	       "task:<code> (its status)";
}

static gboolean fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean fail(GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *m = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, m);
	return FALSE;
}

static const FormDef *any_form_with_indicator(const Forms *forms, const char *code)
{
	for (guint i = 0; i < forms->forms->len; i++) {
		const FormDef *f = forms->forms->pdata[i];
		for (guint j = 0; j < f->indicators->len; j++)
			if (strcmp(((IndicatorDef *)f->indicators->pdata[j])->code, code) == 0)
				return f;
	}
	return NULL;
}

gboolean correct_check(const char *field, const char *value, const Forms *forms,
                       const Rules *rules, char **canon, GError **error)
{
	g_autofree char *v = vn_normalize(value, -1);
	g_strstrip(v);
	*canon = NULL;
	if (strcmp(field, "doc_date") == 0) {
		int y, m, d;
		if (!vn_find_date(v, &y, &m, &d) &&
		    !(sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy(d, m, y)))
			return fail(error, "'%s' is not a date (write 2025-10-17 or 17/10/2025)", value);
		*canon = g_strdup_printf("%04d-%02d-%02d", y, m, d);
		return TRUE;
	}
	if (g_strv_contains(text_fields, field)) {
		if (!*v)
			return fail(error, "the value of %s is empty", field);
		*canon = g_steal_pointer(&v);
		return TRUE;
	}
	if (g_str_has_prefix(field, "CS") && (g_str_has_suffix(field, ".period") ||
	                                     g_str_has_suffix(field, ".ytd"))) {
		g_autofree char *code = g_strndup(field, strchr(field, '.') - field);
		double n;
		if (!any_form_with_indicator(forms, code))
			return fail(error, "no form has an indicator %s", code);
		if (!vn_parse_number(v, &n) || n < 0)
			return fail(error, "'%s' is not a number of zero or more (write 1.250 or 12,5)", value);
		*canon = g_strdup_printf("%.15g", n);
		return TRUE;
	}
	if (g_str_has_prefix(field, "task:")) {
		if (!rules_task(rules, field + 5))
			return fail(error, "no task %s in rules/tasks.csv", field + 5);
		g_autofree char *k = vn_key(v);
		for (guint i = 0; i < forms->forms->len; i++) {
			const FormDef *f = forms->forms->pdata[i];
			for (guint j = 0; f->status_keys[j]; j++)
				if (strcmp(k, f->status_keys[j]) == 0) {
					*canon = g_strdup(f->statuses[j]);
					return TRUE;
				}
		}
		return fail(error, "'%s' is not a task status (Hoàn thành, Đang thực hiện, Chưa thực "
		            "hiện, Không phát sinh)", value);
	}
	if (strcmp(field, "unit") == 0) {
		const Unit *u = rules_unit(rules, v);
		if (!u)
			return fail(error, "no unit '%s' in the roster (rules/units.csv)", value);
		*canon = g_strdup(u->code);
		return TRUE;
	}
	if (strcmp(field, "period") == 0) {
		GDate a, b;
		if (g_str_has_prefix(v, "adhoc:") ? !rules_request(rules, v + 6) : !period_bounds(v, &a, &b))
			return fail(error, "'%s' is not a period (2025-10, 2025-Q4, 2025-H1, 2025, or "
			            "adhoc:<number> of a declared request)", value);
		*canon = g_steal_pointer(&v);
		return TRUE;
	}
	if (strcmp(field, "form") == 0) {
		for (guint i = 0; i < forms->forms->len; i++)
			if (strcmp(((FormDef *)forms->forms->pdata[i])->id, v) == 0) {
				*canon = g_steal_pointer(&v);
				return TRUE;
			}
		return fail(error, "no form '%s' in forms/", value);
	}
	if (strcmp(field, "rejected") == 0) {
		*canon = g_steal_pointer(&v);
		return TRUE;
	}
	return fail(error, "no field '%s'; a clerk can set: %s", field, correct_field_names());
}

void correct_overrides(GPtrArray *corrections, Overrides *ov)
{
	memset(ov, 0, sizeof *ov);
	for (guint i = 0; corrections && i < corrections->len; i++) {
		const Correction *c = corrections->pdata[i];
		if (strcmp(c->field, "unit") == 0)
			ov->unit = c->value;
		else if (strcmp(c->field, "period") == 0)
			ov->period = c->value;
		else if (strcmp(c->field, "form") == 0)
			ov->form = c->value;
	}
}

/* Drop the findings with one of these codes (and, when field is given, that field). */
static void drop_findings(Record *rec, const char *const *codes, const char *field)
{
	for (guint i = rec->findings->len; i-- > 0;) {
		const Finding *f = rec->findings->pdata[i];
		if (g_strv_contains(codes, f->code) && (!field || g_strcmp0(f->field, field) == 0))
			g_ptr_array_remove_index(rec->findings, i);
	}
}

void correct_apply(Record *rec, GPtrArray *corrections)
{
	for (guint i = 0; corrections && i < corrections->len; i++) {
		const Correction *c = corrections->pdata[i];
		g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(c->at);
		g_autofree char *day = g_date_time_format(t, "%Y-%m-%d");
		g_autofree char *where = g_strdup_printf("manual correction by %s on %s", c->who, day);
		if (g_strv_contains(text_fields, c->field)) {
			record_set_field(rec, c->field, c->value, 1.0, where);
		} else if (g_str_has_prefix(c->field, "CS")) {
			g_autofree char *code = g_strndup(c->field, strchr(c->field, '.') - c->field);
			IndicatorValue *v = record_indicator(rec, code);
			double n = g_ascii_strtod(c->value, NULL);
			if (g_str_has_suffix(c->field, ".ytd")) {
				v->has_ytd = TRUE;
				v->ytd_value = n;
			} else {
				v->has_period = TRUE;
				v->period_value = n;
			}
			v->confidence = 1.0;
			g_free(v->where);
			v->where = g_strdup(where);
			static const char *const moot[] = { "indicator-unreadable", NULL };
			drop_findings(rec, moot, code);
		} else if (g_str_has_prefix(c->field, "task:")) {
			TaskRow *row = NULL;
			for (guint j = 0; j < rec->tasks->len && !row; j++)
				if (strcmp(((TaskRow *)rec->tasks->pdata[j])->code, c->field + 5) == 0)
					row = rec->tasks->pdata[j];
			if (!row) {
				record_add_task(rec, c->field + 5, c->value, TRUE, NULL, 1.0);
			} else {
				g_free(row->status);
				row->status = g_strdup(c->value);
				row->status_valid = TRUE;
				row->confidence = 1.0;
			}
		} else if (strcmp(c->field, "unit") == 0) {
			g_free(rec->unit);
			rec->unit = g_strdup(c->value);
			static const char *const moot[] = { "unit-unknown", "unit-conflict", NULL };
			drop_findings(rec, moot, NULL);
		} else if (strcmp(c->field, "period") == 0) {
			g_free(rec->period);
			rec->period = g_strdup(c->value);
			record_set_field(rec, "period", c->value, 1.0, where);
			static const char *const moot[] = { "period-unknown", "period-from-date", NULL };
			drop_findings(rec, moot, NULL);
		} else if (strcmp(c->field, "rejected") == 0) {
			record_add_finding(rec, "rejected", SEV_ERROR, NULL,
			                   "Văn thư đã không chấp nhận hồ sơ này (%s, ngày %s): %s",
			                   c->who, day, c->value);
		}
	}
}
