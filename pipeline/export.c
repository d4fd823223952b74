/*
 * export.c - the JSON export (templates/EXPORT.md) with json-glib.
 *
 * The keys and meanings of EXPORT.md are the contract; we add "where" (the place a value
 * was read), "due_date", and for a submission that came by e-mail "mail": the message it
 * came in (sender, subject, Message-ID, Date:), for a file unpacked from a zip archive
 * dropped in the inbox "archive": the archive (its inbox name and sha256), and for a
 * letter that came with an indicator workbook "parts": the workbook, which is read into
 * the letter's submission and not listed on its own (pair.h). Internal
 * fields (names starting with '_') are not exported.
 * A duplicate carries the kind, unit and period of the submission whose bytes it repeats;
 * an indicator with no value at all is left out.
 */
#include <math.h>
#include <string.h>
#include "common.h"
#include "export.h"

static void add_str(JsonBuilder *b, const char *key, const char *v)
{
	json_builder_set_member_name(b, key);
	if (v)
		json_builder_add_string_value(b, v);
	else
		json_builder_add_null_value(b);
}

/* Whole numbers print as integers, others as decimals. */
static void add_num(JsonBuilder *b, const char *key, double v)
{
	json_builder_set_member_name(b, key);
	if (fabs(v) < 9e15 && v == floor(v))
		json_builder_add_int_value(b, (gint64)v);
	else
		json_builder_add_double_value(b, v);
}

static void add_conf(JsonBuilder *b, double c)
{
	json_builder_set_member_name(b, "confidence");
	json_builder_add_double_value(b, round(c * 100) / 100);
}

/* A value a clerk set says so ("manual": true). */
static void add_manual(JsonBuilder *b, const char *where)
{
	if (where && g_str_has_prefix(where, "manual")) {
		json_builder_set_member_name(b, "manual");
		json_builder_add_boolean_value(b, TRUE);
	}
}

JsonNode *export_submission(Store *st, const Submission *s)
{
	g_autoptr(Record) rec = store_load_record(st, s->id);
	g_autoptr(Submission) orig = s->duplicate_of ? store_get(st, s->duplicate_of) : NULL;
	const Submission *like = orig ? orig : s;
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "id");
	json_builder_add_int_value(b, s->id);
	add_str(b, "file", s->file);
	add_str(b, "path", s->path);
	add_str(b, "sha256", s->sha256);
	add_str(b, "source", s->source);
	g_autofree char *recv = clock_iso(s->received_at);
	add_str(b, "received_at", recv);
	add_str(b, "file_type", s->file_type);
	add_str(b, "kind", like->kind);
	add_str(b, "form", like->form);
	add_str(b, "unit", like->unit);
	add_str(b, "period", like->period);
	add_str(b, "status", s->status ? s->status : "received");
	add_str(b, "timeliness", s->timeliness);
	json_builder_set_member_name(b, "days_late");
	if (s->days_late >= 0)
		json_builder_add_int_value(b, s->days_late);
	else
		json_builder_add_null_value(b);
	add_str(b, "due_date", s->due_date);
	if (s->duplicate_of) {
		json_builder_set_member_name(b, "duplicate_of");
		json_builder_add_int_value(b, s->duplicate_of);
	}
	if (s->superseded_by) {
		json_builder_set_member_name(b, "superseded_by");
		json_builder_add_int_value(b, s->superseded_by);
	}
	g_autoptr(MessageRow) m = s->message_id ? store_get_message(st, s->message_id) : NULL;
	g_autoptr(GPtrArray) parts = store_parts(st, s->id);
	if (parts->len) {
		json_builder_set_member_name(b, "parts");
		json_builder_begin_array(b);
		for (guint i = 0; i < parts->len; i++) {
			const Submission *p = parts->pdata[i];
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "id");
			json_builder_add_int_value(b, p->id);
			add_str(b, "file", p->file);
			add_str(b, "sha256", p->sha256);
			add_str(b, "file_type", p->file_type);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
	}
	if (m && m->archive) {
		json_builder_set_member_name(b, "archive");
		json_builder_begin_object(b);
		add_str(b, "file", m->origin);
		add_str(b, "sha256", m->sha256);
		json_builder_end_object(b);
	} else if (m) {
		json_builder_set_member_name(b, "mail");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "message");
		json_builder_add_int_value(b, m->id);
		add_str(b, "from", m->sender);
		add_str(b, "subject", m->subject);
		add_str(b, "message_id", m->message_id);
		g_autofree char *date = m->date ? clock_iso(m->date) : NULL;
		add_str(b, "date", date);
		json_builder_end_object(b);
	}

	json_builder_set_member_name(b, "fields");
	json_builder_begin_object(b);
	for (guint i = 0; i < rec->fields->len; i++) {
		const Field *f = rec->fields->pdata[i];
		if (f->name[0] == '_' || strcmp(f->name, "period") == 0)
			continue;
		json_builder_set_member_name(b, f->name);
		json_builder_begin_object(b);
		add_str(b, "value", f->value);
		add_conf(b, f->confidence);
		if (f->where)
			add_str(b, "where", f->where);
		add_manual(b, f->where);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);

	json_builder_set_member_name(b, "indicators");
	json_builder_begin_object(b);
	for (guint i = 0; i < rec->indicators->len; i++) {
		const IndicatorValue *v = rec->indicators->pdata[i];
		if (!v->has_period && !v->has_ytd)
			continue;
		json_builder_set_member_name(b, v->code);
		json_builder_begin_object(b);
		if (v->has_period)
			add_num(b, "period_value", v->period_value);
		if (v->has_ytd)
			add_num(b, "ytd_value", v->ytd_value);
		add_conf(b, v->confidence);
		if (v->where)
			add_str(b, "where", v->where);
		add_manual(b, v->where);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);

	json_builder_set_member_name(b, "tasks");
	json_builder_begin_array(b);
	for (guint i = 0; i < rec->tasks->len; i++) {
		const TaskRow *t = rec->tasks->pdata[i];
		json_builder_begin_object(b);
		add_str(b, "code", t->code);
		add_str(b, "status", t->status);
		add_str(b, "result", t->result);
		add_conf(b, t->confidence);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);

	json_builder_set_member_name(b, "issued_documents");
	json_builder_begin_array(b);
	for (guint i = 0; i < rec->issued->len; i++) {
		const IssuedDoc *d = rec->issued->pdata[i];
		json_builder_begin_object(b);
		add_str(b, "doc_number", d->doc_number);
		add_str(b, "doc_date", d->doc_date);
		add_str(b, "summary", d->summary);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);

	json_builder_set_member_name(b, "findings");
	json_builder_begin_array(b);
	for (guint i = 0; i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		json_builder_begin_object(b);
		add_str(b, "code", f->code);
		add_str(b, "severity", severity_name(f->severity));
		add_str(b, "field", f->field);
		add_str(b, "message", f->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

char *export_json(Store *st, const char *period)
{
	g_autoptr(GPtrArray) subs = store_list(st, period);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	g_autofree char *now = clock_iso(clock_now());
	add_str(b, "generated_at", now);
	if (period)
		add_str(b, "period", period);
	json_builder_set_member_name(b, "submissions");
	json_builder_begin_array(b);
	for (guint i = 0; i < subs->len; i++)
		if (!((Submission *)subs->pdata[i])->part_of)  /* listed under its letter */
			json_builder_add_value(b, export_submission(st, subs->pdata[i]));
	json_builder_end_array(b);
	json_builder_end_object(b);
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	json_generator_set_root(gen, root);
	char *out = json_generator_to_data(gen, NULL);
	char *nl = g_strconcat(out, "\n", NULL);
	g_free(out);
	return nl;
}
