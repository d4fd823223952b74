/*
 * outcome_json.c - an Outcome (process.h) to JSON and back, so that a document can be
 * read in a child process and its result handed to the parent through a pipe. The
 * parent trusts nothing it did not check: a malformed answer is a crashed reader.
 */
#include <string.h>
#include <json-glib/json-glib.h>
#include "process.h"
#include "read.h"

static void put_str(JsonBuilder *b, const char *k, const char *v)
{
	json_builder_set_member_name(b, k);
	if (v)
		json_builder_add_string_value(b, v);
	else
		json_builder_add_null_value(b);
}

static void put_num(JsonBuilder *b, const char *k, double v)
{
	json_builder_set_member_name(b, k);
	json_builder_add_double_value(b, v);
}

char *outcome_to_json(const Outcome *o)
{
	const Record *r = o->rec;
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	put_str(b, "file_type", o->file_type);
	json_builder_set_member_name(b, "quarantined");
	json_builder_add_boolean_value(b, o->quarantined);
	put_str(b, "companion_type", o->companion_type);
	put_str(b, "timeliness", o->tl.timeliness);
	put_num(b, "days_late", o->tl.days_late);
	put_str(b, "due_date", o->tl.due_date);
	put_str(b, "kind", r->kind);
	put_str(b, "form", r->form);
	put_str(b, "unit", r->unit);
	put_str(b, "period", r->period);
	json_builder_set_member_name(b, "fields");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->fields->len; i++) {
		const Field *f = r->fields->pdata[i];
		json_builder_begin_object(b);
		put_str(b, "name", f->name);
		put_str(b, "value", f->value);
		put_num(b, "confidence", f->confidence);
		put_str(b, "where", f->where);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "indicators");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->indicators->len; i++) {
		const IndicatorValue *v = r->indicators->pdata[i];
		json_builder_begin_object(b);
		put_str(b, "code", v->code);
		if (v->has_period)
			put_num(b, "period", v->period_value);
		if (v->has_ytd)
			put_num(b, "ytd", v->ytd_value);
		put_num(b, "confidence", v->confidence);
		put_str(b, "where", v->where);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "tasks");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->tasks->len; i++) {
		const TaskRow *t = r->tasks->pdata[i];
		json_builder_begin_object(b);
		put_str(b, "code", t->code);
		put_str(b, "status", t->status);
		json_builder_set_member_name(b, "valid");
		json_builder_add_boolean_value(b, t->status_valid);
		put_str(b, "result", t->result);
		put_num(b, "confidence", t->confidence);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "issued");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->issued->len; i++) {
		const IssuedDoc *d = r->issued->pdata[i];
		json_builder_begin_object(b);
		put_str(b, "number", d->doc_number);
		put_str(b, "date", d->doc_date);
		put_str(b, "summary", d->summary);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "findings");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->findings->len; i++) {
		const Finding *f = r->findings->pdata[i];
		json_builder_begin_object(b);
		put_str(b, "code", f->code);
		put_num(b, "severity", f->severity);
		put_str(b, "field", f->field);
		put_str(b, "message", f->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	return json_to_string(root, FALSE);
}

static const char *get_str(JsonObject *o, const char *k)
{
	JsonNode *n = json_object_get_member(o, k);
	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
		? json_node_get_string(n) : NULL;
}

static double get_num(JsonObject *o, const char *k, gboolean *has)
{
	JsonNode *n = json_object_get_member(o, k);
	gboolean ok = n && JSON_NODE_HOLDS_VALUE(n) &&
	              (json_node_get_value_type(n) == G_TYPE_DOUBLE ||
	               json_node_get_value_type(n) == G_TYPE_INT64);
	if (has)
		*has = ok;
	return ok ? json_node_get_double(n) : 0;
}

static JsonArray *get_arr(JsonObject *o, const char *k)
{
	JsonNode *n = json_object_get_member(o, k);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

/* Each element of a, when it is an object. */
#define FOR_OBJECTS(a, i, o) \
	for (guint i = 0; a && i < json_array_get_length(a); i++) \
		for (JsonObject *o = JSON_NODE_HOLDS_OBJECT(json_array_get_element(a, i)) \
		     ? json_array_get_object_element(a, i) : NULL; o; o = NULL)

gboolean outcome_from_json(const char *json, gsize len, Outcome *o)
{
	g_autoptr(JsonParser) p = json_parser_new();
	memset(o, 0, sizeof *o);
	o->tl.days_late = -1;
	if (!json_parser_load_from_data(p, json, len, NULL))
		return FALSE;
	JsonNode *root = json_parser_get_root(p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root))
		return FALSE;
	JsonObject *top = json_node_get_object(root);
	Record *r = o->rec = record_new();
	const char *ft = get_str(top, "file_type");
	o->file_type = file_type_name(FT_UNKNOWN);
	for (int t = 0; t <= FT_UNKNOWN; t++)
		if (ft && strcmp(ft, file_type_name(t)) == 0)
			o->file_type = file_type_name(t);
	const char *comp = get_str(top, "companion_type");
	for (int t = 0; comp && t <= FT_UNKNOWN; t++)
		if (strcmp(comp, file_type_name(t)) == 0)
			o->companion_type = file_type_name(t);
	JsonNode *qn = json_object_get_member(top, "quarantined");
	o->quarantined = qn && JSON_NODE_HOLDS_VALUE(qn) && json_node_get_boolean(qn);
	o->tl.timeliness = g_strdup(get_str(top, "timeliness"));
	o->tl.days_late = (int)get_num(top, "days_late", NULL);
	o->tl.due_date = g_strdup(get_str(top, "due_date"));
	r->kind = g_strdup(get_str(top, "kind"));
	r->form = g_strdup(get_str(top, "form"));
	r->unit = g_strdup(get_str(top, "unit"));
	r->period = g_strdup(get_str(top, "period"));
	JsonArray *a = get_arr(top, "fields");
	FOR_OBJECTS(a, i, f)
		if (get_str(f, "name") && get_str(f, "value"))
			record_set_field(r, get_str(f, "name"), get_str(f, "value"),
			                 get_num(f, "confidence", NULL), get_str(f, "where"));
	a = get_arr(top, "indicators");
	FOR_OBJECTS(a, i, v) {
		const char *code = get_str(v, "code");
		if (!code || strlen(code) >= sizeof(((IndicatorValue *)0)->code))
			continue;
		IndicatorValue *iv = record_indicator(r, code);
		iv->period_value = get_num(v, "period", &iv->has_period);
		iv->ytd_value = get_num(v, "ytd", &iv->has_ytd);
		iv->confidence = get_num(v, "confidence", NULL);
		iv->where = g_strdup(get_str(v, "where"));
	}
	a = get_arr(top, "tasks");
	FOR_OBJECTS(a, i, t) {
		JsonNode *vn = json_object_get_member(t, "valid");
		record_add_task(r, get_str(t, "code"), get_str(t, "status"),
		                vn && JSON_NODE_HOLDS_VALUE(vn) && json_node_get_boolean(vn),
		                get_str(t, "result"), get_num(t, "confidence", NULL));
	}
	a = get_arr(top, "issued");
	FOR_OBJECTS(a, i, d)
		record_add_issued(r, get_str(d, "number"), get_str(d, "date"), get_str(d, "summary"));
	a = get_arr(top, "findings");
	FOR_OBJECTS(a, i, f) {
		const char *code = get_str(f, "code");
		if (code)
			record_add_finding(r, code, CLAMP((int)get_num(f, "severity", NULL), 0, 2),
			                   get_str(f, "field"), "%s",
			                   get_str(f, "message") ? get_str(f, "message") : "");
	}
	return TRUE;
}
