/*
 * summary.c - compile one period from the store (see summary.h for the model and the
 * DHIS2 definitions of the rates).
 */
#include <math.h>
#include <string.h>
#include "common.h"
#include "summary.h"

const char *summary_group_name(const char *group)
{
	static const char *const map[][2] = {
		{ "co-quan", "Khối cơ quan Đảng, chính quyền" }, { "noi-chinh", "Khối nội chính" },
		{ "hdnd", "Khối Hội đồng nhân dân" }, { "mttq", "Khối Mặt trận Tổ quốc" },
		{ "luc-luong-vu-trang", "Khối lực lượng vũ trang" }, { "so-nganh", "Khối sở, ngành" },
		{ "xa-phuong", "Khối xã, phường" },
	};
	for (guint i = 0; group && i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i][0], group) == 0)
			return map[i][1];
	return group ? group : "";
}

char *summary_number_vn(double v)
{
	/* round to hundredths first, so that 1,999 carries into 2 */
	v = round(v * 100) / 100;
	gboolean neg = v < 0;
	double a = fabs(v);
	double whole = floor(a);
	double frac = a - whole;
	g_autofree char *digits = g_strdup_printf("%.0f", whole);
	GString *s = g_string_new(neg ? "-" : "");
	gsize n = strlen(digits);
	for (gsize i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			g_string_append_c(s, '.');
		g_string_append_c(s, digits[i]);
	}
	if (frac > 1e-9) {
		g_autofree char *f = g_strdup_printf("%.2f", frac);   /* "0.25" */
		char *p = f + 2;
		gsize l = strlen(p);
		while (l && p[l - 1] == '0')
			p[--l] = '\0';
		if (l)
			g_string_append_printf(s, ",%s", p);
	}
	return g_string_free(s, FALSE);
}

static void unitline_free(UnitLine *u)
{
	submission_free(u->sub);
	if (u->rec)
		record_free(u->rec);
	g_free(u);
}

static void groupline_free(GroupLine *g)
{
	g_free(g->group);
	g_free(g);
}

static void taskline_free(TaskLine *t)
{
	g_free(t->code);
	g_free(t->wording);
	g_free(t);
}

static void warning_free(Warning *w)
{
	g_free(w->code);
	g_free(w->message);
	g_free(w);
}

void summary_free(Summary *s)
{
	if (!s)
		return;
	g_free(s->period);
	g_free(s->name);
	g_free(s->due);
	g_clear_pointer(&s->units, g_ptr_array_unref);
	g_clear_pointer(&s->groups, g_ptr_array_unref);
	g_clear_pointer(&s->tasks, g_ptr_array_unref);
	g_clear_pointer(&s->warnings, g_ptr_array_unref);
	g_clear_pointer(&s->others, g_ptr_array_unref);
	g_free(s);
}

Summary *summary_new(const char *period, const FormDef *form)
{
	Summary *s = g_new0(Summary, 1);
	s->period = g_strdup(period);
	s->name = period_describe(period);
	s->form = form;
	s->n_ind = MIN(form->indicators->len, SUMMARY_MAX_IND);
	s->units = g_ptr_array_new_with_free_func((GDestroyNotify)unitline_free);
	s->groups = g_ptr_array_new_with_free_func((GDestroyNotify)groupline_free);
	s->tasks = g_ptr_array_new_with_free_func((GDestroyNotify)taskline_free);
	s->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)warning_free);
	s->others = g_ptr_array_new_with_free_func((GDestroyNotify)submission_free);
	s->generated_at = clock_now();
	return s;
}

static double pct(guint a, guint b)
{
	return b ? MIN(100.0, 100.0 * a / b) : 0;
}

static void warn(Summary *s, const Unit *u, gint64 sub, const char *code, Severity sev,
                 const char *fmt, ...) G_GNUC_PRINTF(6, 7);
static void warn(Summary *s, const Unit *u, gint64 sub, const char *code, Severity sev,
                 const char *fmt, ...)
{
	va_list ap;
	Warning *w = g_new0(Warning, 1);
	w->unit = u;
	w->submission = sub;
	w->code = g_strdup(code);
	w->severity = sev;
	va_start(ap, fmt);
	w->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(s->warnings, w);
}

static GroupLine *group_for(Summary *s, const char *group)
{
	for (guint i = 0; i < s->groups->len; i++) {
		GroupLine *g = s->groups->pdata[i];
		if (g_strcmp0(g->group, group) == 0)
			return g;
	}
	GroupLine *g = g_new0(GroupLine, 1);
	g->group = g_strdup(group);
	g_ptr_array_add(s->groups, g);
	return g;
}

Summary *summary_build(Store *st, const Rules *rules, const Forms *forms, const char *period,
                       const char *under)
{
	Summary *s = summary_new(period, forms->forms->pdata[0]);
	GDate due;
	if (rules_due_date(rules, period, &due))
		s->due = date_iso(&due);

	g_autoptr(GPtrArray) subs = store_list(st, period);
	for (guint i = 0; i < subs->len; i++) {
		Submission *sub = subs->pdata[i];
		gboolean roster_report = g_strcmp0(sub->kind, "report") == 0 && rules_unit(rules, sub->unit);
		if (!roster_report && !sub->duplicate_of)
			g_ptr_array_add(s->others, g_ptr_array_steal_index(subs, i--));
	}
	for (guint u = 0; u < rules->units->len; u++) {
		const Unit *unit = rules->units->pdata[u];
		if (under && !rules_unit_under(rules, unit, under))
			continue;
		UnitLine *line = g_new0(UnitLine, 1);
		line->unit = unit;
		line->expected = rules_unit_expected(rules, unit, period);
		for (guint i = 0; i < subs->len; i++) {
			Submission *sub = subs->pdata[i];
			if (g_strcmp0(sub->unit, unit->code) == 0 && g_strcmp0(sub->kind, "report") == 0 &&
			    !sub->superseded_by && !sub->duplicate_of && g_strcmp0(sub->state, "read") == 0)
				line->sub = sub;  /* the latest current one */
		}
		if (line->sub) {
			for (guint i = 0; i < subs->len; i++)
				if (subs->pdata[i] == line->sub)
					g_ptr_array_steal_index(subs, i);
			line->rec = store_load_record(st, line->sub->id);
			line->complete = g_strcmp0(line->sub->status, "accepted") == 0;
			line->state = g_strcmp0(line->sub->timeliness, "late") == 0 ? UNIT_LATE : UNIT_ON_TIME;
		} else
			line->state = line->expected ? UNIT_MISSING : UNIT_NOT_EXPECTED;
		g_ptr_array_add(s->units, line);

		GroupLine *g = group_for(s, unit->group);
		if (!line->expected)
			continue;
		s->expected++;
		g->expected++;
		if (line->state == UNIT_MISSING) {
			s->missing++;
			warn(s, unit, 0, "missing", SEV_ERROR, "%s chưa nộp báo cáo.", unit->name);
			continue;
		}
		s->received++;
		g->received++;
		if (line->state == UNIT_ON_TIME) {
			s->on_time++;
			g->on_time++;
		} else {
			s->late++;
			warn(s, unit, line->sub->id, "late", SEV_WARNING, "%s nộp muộn %d ngày.", unit->name,
			     line->sub->days_late);
		}
		if (!line->complete) {
			s->incomplete++;
			warn(s, unit, line->sub->id, "incomplete", SEV_ERROR,
			     "Báo cáo của %s chưa đầy đủ.", unit->name);
		}
		for (guint k = 0; k < s->n_ind; k++) {
			const IndicatorDef *d = s->form->indicators->pdata[k];
			const IndicatorValue *v = record_indicator_get(line->rec, d->code);
			if (v && v->has_period) {
				s->total_period[k] += v->period_value;
				s->has_total[k] = TRUE;
				g->total_period[k] += v->period_value;
				g->has_total[k] = TRUE;
			}
			if (v && v->has_ytd) {
				s->total_ytd[k] += v->ytd_value;
				s->has_total_ytd[k] = TRUE;
			}
		}
	}
	s->reporting_rate = pct(s->received, s->expected);
	s->on_time_rate = pct(s->on_time, s->expected);
	for (guint i = 0; i < s->groups->len; i++) {
		GroupLine *g = s->groups->pdata[i];
		g->reporting_rate = pct(g->received, g->expected);
		g->on_time_rate = pct(g->on_time, g->expected);
	}
	/* error findings of the current reports, after the missing/late/incomplete lines */
	for (guint u = 0; u < s->units->len; u++) {
		const UnitLine *line = s->units->pdata[u];
		for (guint k = 0; line->rec && k < line->rec->findings->len; k++) {
			const Finding *f = line->rec->findings->pdata[k];
			if (f->severity == SEV_ERROR)
				warn(s, line->unit, line->sub->id, f->code, f->severity, "%s: %s",
				     line->unit->name, f->message);
		}
	}
	/* task progress: how many units report each status, per task code */
	for (guint t = 0; t < rules->tasks->len; t++) {
		const TaskDef *td = rules->tasks->pdata[t];
		TaskLine *tl = g_new0(TaskLine, 1);
		tl->code = g_strdup(td->code);
		tl->wording = g_strdup(td->wording);
		for (guint u = 0; u < s->units->len; u++) {
			const UnitLine *line = s->units->pdata[u];
			for (guint k = 0; line->expected && line->rec && k < line->rec->tasks->len; k++) {
				const TaskRow *row = line->rec->tasks->pdata[k];
				if (strcmp(row->code, td->code) != 0)
					continue;
				tl->reported++;
				for (guint j = 0; j < 8 && s->form->statuses[j]; j++)
					if (row->status_valid && g_strcmp0(row->status, s->form->statuses[j]) == 0)
						tl->count[j]++;
			}
		}
		if (tl->reported)
			g_ptr_array_add(s->tasks, tl);
		else
			taskline_free(tl);
	}
	return s;
}
