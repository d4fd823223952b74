/*
 * compile.c - stage 6: per-period outputs (see compile.h). For now: the export of the
 * period (submissions.json) and a CSV of units by indicators (indicators.csv), one row
 * per roster unit, from the unit's current report (neither superseded nor a duplicate).
 */
#include <errno.h>
#include <string.h>
#include "common.h"
#include "compile.h"
#include "export.h"

char *compile_period_dir(const char *period)
{
	GString *s = g_string_new(NULL);
	for (const char *p = period; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == ':' || c == '/' || c == '\\' || c < 0x20 || (c == '.' && p == period))
			g_string_append_c(s, '-');
		else
			g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

static gboolean write_atomic(const char *dir, const char *name, const char *data,
                             GError **error)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	if (fault_point("outbox write")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot write '%s': no space left on device (injected fault)", path);
		return FALSE;
	}
	return g_file_set_contents_full(path, data, -1,
	                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
	                                0644, error);
}

static void csv_cell(GString *out, const char *v)
{
	if (!v)
		return;
	if (strpbrk(v, ",\"\n\r")) {
		g_string_append_c(out, '"');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				g_string_append_c(out, '"');
			g_string_append_c(out, *p);
		}
		g_string_append_c(out, '"');
	} else
		g_string_append(out, v);
}

static void csv_num(GString *out, gboolean has, double v)
{
	if (has)
		g_string_append_printf(out, "%.15g", v);
}

static char *indicators_csv(Store *st, const Rules *rules, const char *period)
{
	static const char *const codes[] = { "CS01", "CS02", "CS03", "CS04", "CS05", "CS06",
	                                     "CS07", "CS08", "CS09", "CS10" };
	GString *out = g_string_new("unit,name,submission,file,status,timeliness");
	for (guint i = 0; i < G_N_ELEMENTS(codes); i++)
		g_string_append_printf(out, ",%s", codes[i]);
	for (guint i = 0; i < G_N_ELEMENTS(codes); i++)
		g_string_append_printf(out, ",%s_ytd", codes[i]);
	g_string_append_c(out, '\n');
	g_autoptr(GPtrArray) subs = store_list(st, period);
	for (guint u = 0; u < rules->units->len; u++) {
		const Unit *unit = rules->units->pdata[u];
		const Submission *cur = NULL;
		for (guint i = 0; i < subs->len; i++) {
			const Submission *s = subs->pdata[i];
			if (g_strcmp0(s->unit, unit->code) == 0 && g_strcmp0(s->kind, "report") == 0 &&
			    !s->superseded_by && !s->duplicate_of &&
			    g_strcmp0(s->state, "read") == 0)
				cur = s;
		}
		csv_cell(out, unit->code);
		g_string_append_c(out, ',');
		csv_cell(out, unit->name);
		if (!cur) {
			g_string_append(out, ",,,missing,");
			for (guint i = 0; i < 2 * G_N_ELEMENTS(codes); i++)
				g_string_append_c(out, ',');
			g_string_append_c(out, '\n');
			continue;
		}
		g_autoptr(Record) rec = store_load_record(st, cur->id);
		g_string_append_printf(out, ",%" G_GINT64_FORMAT ",", cur->id);
		csv_cell(out, cur->file);
		g_string_append_c(out, ',');
		csv_cell(out, cur->status);
		g_string_append_c(out, ',');
		csv_cell(out, cur->timeliness);
		for (guint i = 0; i < G_N_ELEMENTS(codes); i++) {
			const IndicatorValue *v = record_indicator_get(rec, codes[i]);
			g_string_append_c(out, ',');
			csv_num(out, v && v->has_period, v ? v->period_value : 0);
		}
		for (guint i = 0; i < G_N_ELEMENTS(codes); i++) {
			const IndicatorValue *v = record_indicator_get(rec, codes[i]);
			g_string_append_c(out, ',');
			csv_num(out, v && v->has_ytd, v ? v->ytd_value : 0);
		}
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

int compile_outbox(Store *st, const Rules *rules, const char *outbox, GError **error)
{
	g_autoptr(GPtrArray) periods = store_periods(st);
	for (guint i = 0; i < periods->len; i++) {
		const char *period = periods->pdata[i];
		g_autofree char *name = compile_period_dir(period);
		g_autofree char *dir = g_build_filename(outbox, name, NULL);
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			            "cannot create '%s': %s", dir, g_strerror(errno));
			return -1;
		}
		g_autofree char *json = export_json(st, period);
		g_autofree char *csv = indicators_csv(st, rules, period);
		if (!write_atomic(dir, "submissions.json", json, error) ||
		    !write_atomic(dir, "indicators.csv", csv, error))
			return -1;
		/* each submission's history says where it went */
		g_autoptr(GPtrArray) subs = store_list(st, period);
		g_autofree char *where = g_strdup_printf("outbox/%s/", name);
		gboolean ok = store_begin(st, error);
		for (guint k = 0; ok && k < subs->len; k++)
			ok = store_event(st, ((Submission *)subs->pdata[k])->id, "exported", where, error);
		if (!ok || !store_commit(st, error)) {
			store_rollback(st);
			return -1;
		}
	}
	return (int)periods->len;
}
