/*
 * compile.c - stage 6: per-period outputs (see compile.h). Every output of a period is
 * drawn from one Summary (summary.c) built from the store; each file is written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include "common.h"
#include "compile.h"
#include "export.h"
#include "out_docx.h"
#include "out_html.h"
#include "out_xlsx.h"
#include "summary.h"

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

/* Make the renames in dir durable. GLib syncs each file, but its sync of the folder
 * after the rename is best effort and silent; one sync per folder, checked, here. */
static gboolean sync_dir(const char *dir, GError **error)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot sync '%s': %s", dir,
		            g_strerror(e));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	close(fd);
	return TRUE;
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

/* The compiled figures of a period, for tools (and the round-trip test). */
static char *summary_json(const Summary *s)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
#define STR(k, v) do { json_builder_set_member_name(b, k); if (v) json_builder_add_string_value(b, v); else json_builder_add_null_value(b); } while (0)
#define INT(k, v) do { json_builder_set_member_name(b, k); json_builder_add_int_value(b, v); } while (0)
#define DBL(k, v) do { json_builder_set_member_name(b, k); json_builder_add_double_value(b, v); } while (0)
	STR("period", s->period);
	STR("name", s->name);
	STR("due_date", s->due);
	INT("expected", s->expected);
	INT("received", s->received);
	INT("on_time", s->on_time);
	INT("late", s->late);
	INT("missing", s->missing);
	INT("incomplete", s->incomplete);
	DBL("reporting_rate", s->reporting_rate);
	DBL("on_time_rate", s->on_time_rate);
	json_builder_set_member_name(b, "indicators");
	json_builder_begin_object(b);
	for (guint k = 0; k < s->n_ind; k++) {
		json_builder_set_member_name(b, ((IndicatorDef *)s->form->indicators->pdata[k])->code);
		json_builder_begin_object(b);
		if (s->has_total[k])
			DBL("period_value", s->total_period[k]);
		if (s->has_total_ytd[k])
			DBL("ytd_value", s->total_ytd[k]);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "units");
	json_builder_begin_array(b);
	static const char *const states[] = { "on_time", "late", "missing", "not_expected" };
	for (guint u = 0; u < s->units->len; u++) {
		const UnitLine *l = s->units->pdata[u];
		json_builder_begin_object(b);
		STR("unit", l->unit->code);
		STR("state", states[l->state]);
		json_builder_set_member_name(b, "submission");
		if (l->sub)
			json_builder_add_int_value(b, l->sub->id);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "complete");
		json_builder_add_boolean_value(b, l->complete);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
#undef STR
#undef INT
#undef DBL
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	return json_generator_to_data(gen, NULL);
}

/* Temporary files a run killed while writing left behind ("tong-hop.xlsx.tmp-XXXXXX"):
 * the outputs they were to become are written again now. */
static void remove_stale_temporaries(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		const char *t = strstr(name, ".tmp-");
		if (t && strlen(t) == 11) {
			g_autofree char *path = g_build_filename(dir, name, NULL);
			unlink(path);
		}
	}
}

/* The report of each level of the roster's tree: every unit that has units below it
 * gets, in levels/<code>/, the consolidated outputs over those units, issued in its own
 * name; the period's main outputs cover every unit, so rates roll up. */
static gboolean compile_levels(Store *st, const Rules *rules, const Forms *forms,
                               const char *period, const char *dir, GError **error)
{
	for (guint i = 0; i < rules->units->len; i++) {
		const Unit *node = rules->units->pdata[i];
		if (!rules_unit_has_children(rules, node))
			continue;
		g_autoptr(Summary) s = summary_build(st, rules, forms, period, node->code);
		g_autofree char *ldir = g_build_filename(dir, "levels", node->code, NULL);
		if (g_mkdir_with_parents(ldir, 0755) != 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			            "cannot create '%s': %s", ldir, g_strerror(errno));
			return FALSE;
		}
		remove_stale_temporaries(ldir);
		Body b = rules->body;
		b.name = node->name;
		b.symbol = (char *)"ĐU";
		b.authority = (char *)"T/M BAN THƯỜNG VỤ";
		b.signer_title = (char *)"BÍ THƯ";
		b.signer_name = NULL;
		g_autofree char *sum = summary_json(s);
		g_autofree char *docx = g_build_filename(ldir, "bao-cao-tong-hop.docx", NULL);
		g_autofree char *xlsx = g_build_filename(ldir, "tong-hop.xlsx", NULL);
		g_autofree char *html = g_build_filename(ldir, "index.html", NULL);
		if (!write_atomic(ldir, "summary.json", sum, error) ||
		    !out_docx_consolidated(s, &b, docx, error) || !out_xlsx_write(s, xlsx, error) ||
		    !out_html_period(s, html, error) || !sync_dir(ldir, error))
			return FALSE;
	}
	return TRUE;
}

/* Every output of one period. */
static gboolean compile_period(Store *st, const Rules *rules, const Forms *forms,
                               const char *period, const char *dir, GError **error)
{
	remove_stale_temporaries(dir);
	g_autoptr(Summary) s = summary_build(st, rules, forms, period, NULL);
	g_autofree char *json = export_json(st, period);
	g_autofree char *csv = indicators_csv(st, rules, period);
	g_autofree char *sum = summary_json(s);
	g_autofree char *docx = g_build_filename(dir, "bao-cao-tong-hop.docx", NULL);
	g_autofree char *xlsx = g_build_filename(dir, "tong-hop.xlsx", NULL);
	g_autofree char *html = g_build_filename(dir, "index.html", NULL);
	if (!write_atomic(dir, "submissions.json", json, error) ||
	    !write_atomic(dir, "indicators.csv", csv, error) ||
	    !write_atomic(dir, "summary.json", sum, error) ||
	    fault_point("outbox write") ||
	    !out_docx_consolidated(s, &rules->body, docx, error) ||
	    !out_xlsx_write(s, xlsx, error) || !out_html_period(s, html, error))
		return FALSE;
	g_autofree char *fdir = g_build_filename(dir, "feedback", NULL);
	if (g_mkdir_with_parents(fdir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot create '%s': %s",
		            fdir, g_strerror(errno));
		return FALSE;
	}
	if (!compile_levels(st, rules, forms, period, dir, error))
		return FALSE;
	for (guint u = 0; u < s->units->len; u++) {
		const UnitLine *l = s->units->pdata[u];
		if (!l->expected && !l->sub)
			continue;
		g_autofree char *name = g_strdup_printf("%s.docx", l->unit->code);
		g_autofree char *path = g_build_filename(fdir, name, NULL);
		if (!out_docx_feedback(s, l, &rules->body, path, error))
			return FALSE;
	}
	return sync_dir(fdir, error) && sync_dir(dir, error);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

int compile_outbox(Store *st, const Rules *rules, const Forms *forms, const char *outbox,
                   GError **error)
{
	/* the periods with submissions, and those units owe by now */
	g_autoptr(GPtrArray) periods = store_periods(st);
	GDate today;
	clock_date(clock_now(), &today);
	g_autoptr(GPtrArray) owed = rules_expected_periods(rules, &today, 0);
	for (guint i = 0; i < owed->len; i++)
		if (!g_ptr_array_find_with_equal_func(periods, owed->pdata[i], g_str_equal, NULL))
			g_ptr_array_add(periods, g_strdup(owed->pdata[i]));
	g_ptr_array_sort(periods, cmp_str);
	g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < periods->len; i++) {
		const char *period = periods->pdata[i];
		g_autofree char *name = compile_period_dir(period);
		g_autofree char *dir = g_build_filename(outbox, name, NULL);
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			            "cannot create '%s': %s", dir, g_strerror(errno));
			return -1;
		}
		if (!compile_period(st, rules, forms, period, dir, error))
			return -1;
		g_ptr_array_add(dirs, g_strdup(name));
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
	/* the index across periods, with the trend of the rates */
	g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func((GDestroyNotify)summary_free);
	for (guint i = 0; i < periods->len; i++)
		g_ptr_array_add(sums, summary_build(st, rules, forms, periods->pdata[i], NULL));
	g_autofree char *index = g_build_filename(outbox, "index.html", NULL);
	if (!out_html_index((const Summary *const *)sums->pdata, (const char *const *)dirs->pdata,
	                    sums->len, index, error) || !sync_dir(outbox, error))
		return -1;
	return (int)periods->len;
}
