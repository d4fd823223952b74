/*
 * validate.c - stage 5: what is missing, wrong or late (see validate.h).
 *
 * Every finding has a stable code, a severity, the field it concerns and a message in
 * Vietnamese for the clerk. An "error" finding makes a report incomplete; a "warning"
 * (late, a unit conflict, a period read from the date) leaves it accepted. Timeliness
 * compares the local (UTC+7) date of receipt with the due date of rules/, moved over
 * weekends and holidays; days_late counts calendar days after the due date.
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "validate.h"

void timeliness_clear(Timeliness *t)
{
	g_clear_pointer(&t->timeliness, g_free);
	g_clear_pointer(&t->due_date, g_free);
	t->days_late = -1;
}

static const char *field_label(const char *name)
{
	static const char *const map[][2] = {
		{ "issuer", "tên cơ quan ban hành" }, { "doc_number", "số, ký hiệu văn bản" },
		{ "doc_date", "ngày ban hành" }, { "period", "kỳ báo cáo" },
		{ "signer_name", "họ tên người ký" }, { "signer_title", "chức vụ người ký" },
		{ "place", "địa danh" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i][0], name) == 0)
			return map[i][1];
	return name;
}

static void check_required(Record *rec, const FormDef *form)
{
	for (char **f = form->required; *f; f++) {
		if (strcmp(*f, "period") == 0 ? rec->period != NULL : record_value(rec, *f) != NULL)
			continue;
		if (strcmp(*f, "period") == 0)
			continue;  /* classify already said period-unknown */
		record_add_finding(rec, "field-missing", SEV_ERROR, *f,
		                   "Báo cáo thiếu %s.", field_label(*f));
	}
	const char *present = record_value(rec, "_sections");
	g_auto(GStrv) found = g_strsplit(present ? present : "", ",", -1);
	for (guint i = 0; i < form->sections->len; i++) {
		const SectionDef *s = form->sections->pdata[i];
		if (!s->required || g_strv_contains((const char *const *)found, s->roman))
			continue;
		g_autofree char *field = g_strdup_printf("section-%s", s->roman);
		record_add_finding(rec, "section-missing", SEV_ERROR, field,
		                   "Báo cáo thiếu mục %s (phần \"%s\" theo mẫu).", s->roman,
		                   s->heading);
	}
}

/* Values read from a scan with low confidence go to the clerk rather than pass. */
#define REVIEW_BELOW 0.80

static void check_confidence(Record *rec, const FormDef *form)
{
	if (!record_has_finding(rec, "ocr"))
		return; /* text from the file itself is as sure as the rules that read it */
	for (char **f = form->required; *f; f++) {
		const Field *fd = record_field(rec, *f);
		if (fd && fd->value && fd->confidence < REVIEW_BELOW)
			record_add_finding(rec, "needs-review", SEV_WARNING, *f,
			                   "Trường %s (\"%s\") đọc từ bản quét chưa chắc chắn (độ tin cậy "
			                   "%.0f%%); đề nghị đối chiếu với bản gốc.", field_label(*f),
			                   fd->value, fd->confidence * 100);
	}
	for (guint i = 0; i < rec->indicators->len; i++) {
		const IndicatorValue *v = rec->indicators->pdata[i];
		if ((v->has_period || v->has_ytd) && v->confidence < REVIEW_BELOW)
			record_add_finding(rec, "needs-review", SEV_WARNING, v->code,
			                   "Chỉ số %s đọc từ bản quét chưa chắc chắn (độ tin cậy %.0f%%); "
			                   "đề nghị đối chiếu với bản gốc.", v->code, v->confidence * 100);
	}
}

static void check_indicators(Record *rec, const FormDef *form)
{
	for (guint i = 0; i < form->indicators->len; i++) {
		const IndicatorDef *d = form->indicators->pdata[i];
		const IndicatorValue *v = record_indicator_get(rec, d->code);
		if (!v || !v->has_period) {
			if (!record_has_finding(rec, "indicator-unreadable") || !v)
				record_add_finding(rec, "indicator-missing", SEV_ERROR, d->code,
				                   "Thiếu giá trị chỉ số %s (Trong kỳ): %s.", d->code, d->label);
			continue;
		}
		if (v->period_value < 0 || (v->has_ytd && v->ytd_value < 0))
			record_add_finding(rec, "indicator-negative", SEV_ERROR, d->code,
			                   "Chỉ số %s có giá trị âm; số liệu chỉ số phải lớn hơn hoặc "
			                   "bằng 0.", d->code);
		else if (v->has_ytd && v->ytd_value < v->period_value)
			record_add_finding(rec, "indicator-ytd-below-period", SEV_ERROR, d->code,
			                   "Chỉ số %s: số lũy kế từ đầu năm (%g) nhỏ hơn số trong kỳ (%g).",
			                   d->code, v->ytd_value, v->period_value);
	}
}

static void check_tasks(Record *rec, const Rules *rules)
{
	const Unit *u = rules_unit(rules, rec->unit);
	if (!u)
		return;
	for (char **code = u->tasks; *code; code++) {
		const TaskRow *row = NULL;
		for (guint i = 0; i < rec->tasks->len && !row; i++)
			if (strcmp(((TaskRow *)rec->tasks->pdata[i])->code, *code) == 0)
				row = rec->tasks->pdata[i];
		if (!row)
			record_add_finding(rec, "task-missing", SEV_ERROR, *code,
			                   "Chưa báo cáo nhiệm vụ %s được giao cho đơn vị.", *code);
		else if (!row->status_valid)
			record_add_finding(rec, "task-status-invalid", SEV_ERROR, *code,
			                   "Nhiệm vụ %s ghi tình trạng \"%s\", không thuộc các tình trạng "
			                   "theo mẫu (Hoàn thành, Đang thực hiện, Chưa thực hiện, Không "
			                   "phát sinh).", *code, row->status ? row->status : "");
	}
}

static void check_deadline(Record *rec, const Rules *rules, gint64 received_at, Timeliness *tl)
{
	GDate due, got;
	if (!rec->period)
		return;
	if (!rules_due_date(rules, rec->period, &due)) {
		record_add_finding(rec, "deadline-unknown", SEV_WARNING, "period",
		                   "Không tìm thấy hạn nộp cho kỳ %s trong quy định (rules/); chưa "
		                   "đánh giá được việc nộp đúng hạn.", rec->period);
		return;
	}
	clock_date(received_at, &got);
	tl->due_date = date_iso(&due);
	int late = g_date_days_between(&due, &got);
	if (late > 0) {
		tl->timeliness = g_strdup("late");
		tl->days_late = late;
		g_autofree char *d = date_vn(&due);
		record_add_finding(rec, "late", SEV_WARNING, "received_at",
		                   "Báo cáo nộp muộn %d ngày so với hạn nộp %s.", late, d);
	} else {
		tl->timeliness = g_strdup("on_time");
		tl->days_late = 0;
	}
}

/* A report is written during or after its period, and before long after its due date:
 * a date before the data window opens (the 15th of the month before the period) or
 * more than 90 days after the due date says the period or the date is wrong. */
static void check_period_date(Record *rec, const Rules *rules)
{
	const char *date = record_value(rec, "doc_date");
	GDate first, last, due, d;
	int y, m, dd;
	if (!date || !rec->period || sscanf(date, "%d-%d-%d", &y, &m, &dd) != 3 ||
	    !g_date_valid_dmy(dd, m, y) || !period_bounds(rec->period, &first, &last) ||
	    !rules_due_date(rules, rec->period, &due))
		return;
	if (record_has_finding(rec, "period-from-date"))
		return;  /* the period was taken from this very date */
	g_date_clear(&d, 1);
	g_date_set_dmy(&d, dd, m, y);
	g_date_subtract_months(&first, 1);
	g_date_set_day(&first, 15);
	g_date_add_days(&due, 90);
	if (g_date_compare(&d, &first) < 0 || g_date_compare(&d, &due) > 0) {
		g_autofree char *desc = period_describe(rec->period);
		g_autofree char *dv = date_vn(&d);
		record_add_finding(rec, "period-date-mismatch", SEV_WARNING, "period",
		                   "Ngày ban hành %s không phù hợp với kỳ báo cáo %s; đề nghị kiểm "
		                   "tra lại kỳ báo cáo hoặc ngày của văn bản.", dv, desc);
	}
}

/* A report of a period in which its unit was not open (merged, closed) is kept, and
 * flagged: it does not count towards the period's rates. */
static void check_unit_open(Record *rec, const Rules *rules)
{
	const Unit *u = rules_unit(rules, rec->unit);
	if (!u || !rec->period || rules_unit_expected(rules, u, rec->period))
		return;
	if (g_str_has_prefix(rec->period, "adhoc:") && rules_request(rules, rec->period + 6) &&
	    !g_date_valid(&u->closed) && !g_date_valid(&u->opened))
		return;  /* a unit the request did not name may still answer it */
	record_add_finding(rec, "unit-closed", SEV_WARNING, "unit",
	                   "%s không thuộc danh sách đơn vị phải báo cáo kỳ này (đã giải thể, sáp "
	                   "nhập hoặc chưa thành lập); báo cáo được lưu nhưng không tính vào tỷ lệ.",
	                   u->name);
}

/* A scanned document (not a report) whose number or date could not be read: often
 * written in by hand after printing ("Số: 4# /CT-UBND", "ngày #6 tháng 3"). Not
 * guessed: the clerk is asked to look. */
static void check_scanned_header(Record *rec)
{
	static const char *const fields[] = { "doc_number", "doc_date", NULL };
	if (!record_has_finding(rec, "ocr"))
		return;
	for (const char *const *f = fields; *f; f++) {
		const Field *fd = record_field(rec, *f);
		if (!fd || !fd->value)
			record_add_finding(rec, "needs-review", SEV_WARNING, *f,
			                   "Không đọc được %s trên bản quét (có thể được viết tay); đề "
			                   "nghị đối chiếu với bản gốc và ghi lại bằng lệnh baocao set.",
			                   field_label(*f));
	}
}

void validate_record(Record *rec, const FormDef *form, const Rules *rules,
                     gint64 received_at, Timeliness *tl)
{
	tl->timeliness = NULL;
	tl->due_date = NULL;
	tl->days_late = -1;
	if (g_strcmp0(rec->kind, "document") == 0)
		check_scanned_header(rec);
	if (!form || g_strcmp0(rec->kind, "report") != 0)
		return;
	check_required(rec, form);
	check_confidence(rec, form);
	check_indicators(rec, form);
	check_tasks(rec, rules);
	check_unit_open(rec, rules);
	check_period_date(rec, rules);
	check_deadline(rec, rules, received_at, tl);
}

/* Status of a submission from its state, kind and findings. */
static const char *status_of(Store *st, const Submission *s)
{
	if (g_strcmp0(s->state, "quarantined") == 0)
		return "quarantined";
	if (g_strcmp0(s->state, "duplicate") == 0)
		return "duplicate";
	if (g_strcmp0(s->state, "received") == 0)
		return NULL;
	g_autoptr(Record) rec = store_load_record(st, s->id);
	if (record_has_finding(rec, "rejected"))
		return "incomplete";  /* a clerk refused it: not accepted, whatever it is */
	if (g_strcmp0(s->kind, "unknown") == 0)
		return "unrecognised";
	if (g_strcmp0(s->kind, "document") == 0)
		return "accepted";
	for (guint i = 0; i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		if (f->severity == SEV_ERROR && strcmp(f->code, "superseded") != 0)
			return "incomplete";
	}
	return "accepted";
}

gboolean validate_batch(Store *st, const Rules *rules, GError **error)
{
	g_autoptr(GPtrArray) subs = store_list(st, NULL);
	g_autoptr(GHashTable) by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
	for (guint i = 0; i < subs->len; i++)
		g_hash_table_insert(by_id, &((Submission *)subs->pdata[i])->id, subs->pdata[i]);
	/* the latest report of each unit, form and period wins */
	g_autoptr(GHashTable) latest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < subs->len; i++) {
		Submission *s = subs->pdata[i];
		if (g_strcmp0(s->state, "read") != 0 || g_strcmp0(s->kind, "report") != 0 ||
		    !s->unit || !s->period || !s->form)
			continue;
		char *key = g_strdup_printf("%s\x1f%s\x1f%s", s->unit, s->form, s->period);
		Submission *cur = g_hash_table_lookup(latest, key);
		if (!cur || s->received_at > cur->received_at ||
		    (s->received_at == cur->received_at && s->id > cur->id))
			g_hash_table_replace(latest, key, s);
		else
			g_free(key);
	}
	if (!store_begin(st, error))
		return FALSE;
	for (guint i = 0; i < subs->len; i++) {
		Submission *s = subs->pdata[i];
		gint64 by = 0;
		g_autoptr(Record) batch = record_new();
		if (g_strcmp0(s->state, "read") == 0 && g_strcmp0(s->kind, "report") == 0 &&
		    s->unit && s->period && s->form) {
			g_autofree char *key = g_strdup_printf("%s\x1f%s\x1f%s", s->unit, s->form, s->period);
			Submission *cur = g_hash_table_lookup(latest, key);
			if (cur && cur != s) {
				by = cur->id;
				g_autofree char *when = clock_iso(cur->received_at);
				record_add_finding(batch, "superseded", SEV_INFO, NULL,
				                   "Báo cáo này đã được thay thế bởi báo cáo gửi sau (hồ sơ số "
				                   "%" G_GINT64_FORMAT ", tệp \"%s\", nhận lúc %s).",
				                   cur->id, cur->file, when);
			}
		}
		const char *status = by ? "superseded" : status_of(st, s);
		Timeliness tl = { g_strdup(s->timeliness), s->days_late, g_strdup(s->due_date) };
		const Submission *orig = s->duplicate_of
			? g_hash_table_lookup(by_id, &s->duplicate_of) : NULL;
		if (orig && g_strcmp0(orig->kind, "report") == 0 && orig->period) {
			g_autoptr(Record) scratch = record_new();
			scratch->period = g_strdup(orig->period);
			timeliness_clear(&tl);
			check_deadline(scratch, rules, s->received_at, &tl);
		}
		gboolean ok = store_set_findings(st, s->id, "batch", batch, error) &&
		              store_set_outcome(st, s->id, status, tl.timeliness, tl.days_late,
		                                tl.due_date, by, error);
		if (ok && by && by != s->superseded_by) {
			g_autofree char *detail = g_strdup_printf("by submission %" G_GINT64_FORMAT, by);
			ok = store_event(st, s->id, "superseded", detail, error);
		}
		timeliness_clear(&tl);
		if (!ok) {
			store_rollback(st);
			return FALSE;
		}
	}
	return store_commit(st, error);
}
