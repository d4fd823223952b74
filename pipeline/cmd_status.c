/*
 * cmd_status.c - `baocao status [PERIOD]`: one line per roster unit saying what it sent
 * for the period, on time or late, accepted or incomplete, and what is missing.
 */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "common.h"

static const char *status_vn(const char *s)
{
	static const char *const map[][2] = {
		{ "accepted", "đạt" }, { "incomplete", "chưa đầy đủ" }, { "superseded", "đã thay thế" },
		{ "duplicate", "trùng lặp" }, { "quarantined", "cách ly" },
		{ "unrecognised", "không nhận dạng" },
	};
	for (guint i = 0; s && i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i][0], s) == 0)
			return map[i][1];
	return s ? s : "-";
}

/* "indicator-missing CS05, task-missing 2.2.1" for the error and warning findings. */
static char *problems(Store *st, gint64 id)
{
	g_autoptr(Record) rec = store_load_record(st, id);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		if (f->severity == SEV_INFO)
			continue;
		g_string_append_printf(s, "%s%s%s%s", s->len ? ", " : "", f->code,
		                       f->field ? " " : "", f->field ? f->field : "");
	}
	return g_string_free(s, FALSE);
}

/* text padded with spaces to width characters (not bytes: Vietnamese letters take two
 * or three bytes each) */
static char *pad(const char *text, guint width)
{
	glong n = g_utf8_strlen(text, -1);
	GString *s = g_string_new(text);
	for (glong i = n; i < (glong)width; i++)
		g_string_append_c(s, ' ');
	return g_string_free(s, FALSE);
}

static void row(const char *unit, const char *id, const char *state, const char *when,
                const char *file, const char *problems)
{
	g_autofree char *a = pad(unit, 13), *b = pad(id, 6), *c = pad(state, 16);
	g_autofree char *d = pad(when, 14), *e = pad(file, 30);
	printf("%s %s %s %s %s %s\n", a, b, c, d, e, problems);
}

static char *pct_vn(double v)
{
	g_autofree char *s = g_strdup_printf("%.1f", v);
	return g_strdup_printf("%s%%", g_strdelimit(s, ".", ','));
}

int cmd_status(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("[PERIOD] - what every unit sent");
	g_option_context_set_description(ctx,
		"PERIOD is 2025-10, 2025-Q4, 2025-H1, 2025 or adhoc:<number>; by default the latest\n"
		"period that has submissions.");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 2) {
		log_msg(LOG_ERROR, "status: %s", err ? err->message : "too many arguments");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE)) {
		return EXIT_FAILED;
	}
	g_autofree char *period = NULL;
	if (argc == 2)
		period = g_strdup(argv[1]);
	else {
		g_autoptr(GPtrArray) ps = store_periods(app.store);
		period = ps->len ? g_strdup(ps->pdata[ps->len - 1]) : NULL;
	}
	if (!period) {
		printf("Chưa nhận được báo cáo nào.\n");
		app_close(&app);
		return EXIT_CLEAN;
	}
	GDate due;
	g_autofree char *desc = period_describe(period);
	if (rules_due_date(app.rules, period, &due)) {
		g_autofree char *d = date_vn(&due);
		printf("Kỳ báo cáo %s (%s), hạn nộp %s\n\n", desc, period, d);
	} else
		printf("Kỳ báo cáo %s (%s)\n\n", desc, period);
	g_autoptr(GPtrArray) subs = store_list(app.store, period);
	row("Đơn vị", "Hồ sơ", "Trạng thái", "Thời hạn", "Tệp", "Thiếu / sai");
	guint expected = 0, got = 0, on_time = 0, late = 0, incomplete = 0;
	for (guint u = 0; u < app.rules->units->len; u++) {
		const Unit *unit = app.rules->units->pdata[u];
		gboolean due_here = rules_unit_expected(app.rules, unit, period);
		expected += due_here;
		const Submission *cur = NULL;
		for (guint i = 0; i < subs->len; i++) {
			const Submission *s = subs->pdata[i];
			if (g_strcmp0(s->unit, unit->code) == 0 && g_strcmp0(s->kind, "report") == 0 &&
			    !s->superseded_by && !s->duplicate_of)
				cur = s;
		}
		if (!cur) {
			row(unit->code, "-", due_here ? "chưa nộp" : "không phải nộp", "-", "-", "");
			continue;
		}
		/* rates count only the units that owe this period, so they never pass 100% */
		if (due_here) {
			got++;
			on_time += g_strcmp0(cur->timeliness, "on_time") == 0;
			late += g_strcmp0(cur->timeliness, "late") == 0;
			incomplete += g_strcmp0(cur->status, "incomplete") == 0;
		}
		g_autofree char *when = g_strcmp0(cur->timeliness, "late") == 0
			? g_strdup_printf("muộn %d ngày", cur->days_late)
			: g_strdup(cur->timeliness ? "đúng hạn" : "-");
		g_autofree char *prob = problems(app.store, cur->id);
		g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, cur->id);
		row(unit->code, id, status_vn(cur->status), when, cur->file, prob);
	}
	/* what is not a report of a roster unit: documents, unknown, quarantined */
	guint others = 0;
	for (guint i = 0; i < subs->len; i++) {
		const Submission *s = subs->pdata[i];
		if (g_strcmp0(s->kind, "report") == 0 && s->unit)
			continue;
		others++;
	}
	printf("\nTổng cộng: %u đơn vị phải báo cáo; đã nộp %u (đúng hạn %u, muộn %u); chưa nộp %u; "
	       "chưa đầy đủ %u; tệp khác trong kỳ %u.\n", expected, got, on_time, late,
	       expected - got, incomplete, others);
	if (expected) {
		g_autofree char *r1 = pct_vn(100.0 * got / expected), *r2 = pct_vn(100.0 * on_time / expected);
		printf("Tỷ lệ báo cáo %s, tỷ lệ đúng hạn %s.\n", r1, r2);
	}
	app_close(&app);
	return EXIT_CLEAN;
}
