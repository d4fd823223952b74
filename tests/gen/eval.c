/*
 * eval.c - measures how well a baocao export matches the labels of a generated corpus.
 *
 * gen_docx writes OUTDIR/truth.json next to the files it generates; the pipeline reads the
 * files and writes its export (templates/EXPORT.md).  This program matches the two by file
 * name and counts one check per labelled value: kind, unit, period, status, timeliness,
 * days_late, each field, each indicator value, each task, each issued document, and the set of
 * finding codes.  It prints the accuracy per check, per variation axis of the corpus (the
 * '+'-separated "case" of each file) and overall; --strict also lists every mismatch and makes
 * any mismatch fail the run.
 *
 * Rules, kept deliberately simple so that a failure is easy to read: a key absent from a truth
 * entry is not checked; a null in the truth expects null or nothing; text (fields, task
 * statuses, document numbers) is compared after NFC and whitespace collapsing, everything
 * else exactly; numbers within 1e-9.  A labelled file missing from the export fails all its
 * checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct {
	int correct, total;
} Score;

typedef struct {
	GHashTable *by_check; /* name -> Score* */
	GHashTable *by_axis;  /* axis -> Score* */
	Score all, fields;
	gboolean strict;
	int mismatches;
} Tally;

/* What is being checked for one file: its name and the axes its checks count under. */
typedef struct {
	Tally *tally;
	const char *file;
	char **axes;
	gboolean missing; /* not in the export: every check fails */
} FileCtx;

static Score *score_get(GHashTable *h, const char *key)
{
	Score *s = g_hash_table_lookup(h, key);
	if (!s) {
		s = g_new0(Score, 1);
		g_hash_table_insert(h, g_strdup(key), s);
	}
	return s;
}

static void score_add(Score *s, gboolean ok)
{
	s->total++;
	s->correct += ok ? 1 : 0;
}

/* Count one check; with --strict print it when it failed. */
static void record(FileCtx *f, const char *check, const char *detail, gboolean ok,
		   const char *expected, const char *got)
{
	Tally *t = f->tally;
	ok = ok && !f->missing;
	score_add(score_get(t->by_check, check), ok);
	score_add(&t->all, ok);
	if (g_str_has_prefix(check, "field:"))
		score_add(&t->fields, ok);
	for (char **a = f->axes; *a; a++)
		score_add(score_get(t->by_axis, *a), ok);
	if (ok)
		return;
	t->mismatches++;
	if (t->strict && !f->missing)
		printf("%s: %s%s%s: expected %s, got %s\n", f->file, check, detail ? " " : "",
			detail ? detail : "", expected, got);
}

/* NFC, whitespace (including no-break spaces) collapsed to one space, trimmed. */
static char *text_key(const char *s)
{
	g_autofree char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	if (!nfc)
		return g_strdup(s); /* not UTF-8: compare as is */
	GString *out = g_string_new(NULL);
	gboolean space = FALSE;
	for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || c == 0xA0 || c == 0x202F || c == 0x2007) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

static gboolean node_is_null(JsonNode *n)
{
	return !n || JSON_NODE_HOLDS_NULL(n);
}

static gboolean node_is_number(JsonNode *n)
{
	if (!n || !JSON_NODE_HOLDS_VALUE(n))
		return FALSE;
	GType t = json_node_get_value_type(n);
	return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static const char *node_string(JsonNode *n)
{
	if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
		return json_node_get_string(n);
	return NULL;
}

/* A value for messages: "absent", null, a number, or a quoted string. */
static char *node_show(JsonNode *n)
{
	if (!n)
		return g_strdup("(absent)");
	if (JSON_NODE_HOLDS_NULL(n))
		return g_strdup("null");
	if (node_is_number(n)) {
		double d = json_node_get_double(n);
		if (d > -1e15 && d < 1e15 && d == (double)(gint64)d)
			return g_strdup_printf("%.0f", d);
		return g_strdup_printf("%.10g", d);
	}
	if (node_string(n))
		return g_strdup_printf("\"%s\"", node_string(n));
	if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN)
		return g_strdup(json_node_get_boolean(n) ? "true" : "false");
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_root(gen, n);
	return json_generator_to_data(gen, NULL);
}

static JsonNode *member(JsonObject *o, const char *name)
{
	return o && json_object_has_member(o, name) ? json_object_get_member(o, name) : NULL;
}

static JsonObject *member_object(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *member_array(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

/* Does the export value match the truth value?  Text compares normalised when `text`. */
static gboolean values_match(JsonNode *want, JsonNode *got, gboolean text)
{
	if (node_is_null(want))
		return node_is_null(got);
	if (node_is_number(want))
	{
		if (!node_is_number(got))
			return FALSE;
		double diff = json_node_get_double(want) - json_node_get_double(got);
		return diff < 1e-9 && diff > -1e-9;
	}
	const char *w = node_string(want), *g = node_string(got);
	if (!w || !g)
		return FALSE;
	if (!text)
		return strcmp(w, g) == 0;
	g_autofree char *kw = text_key(w);
	g_autofree char *kg = text_key(g);
	return strcmp(kw, kg) == 0;
}

static void check_value(FileCtx *f, const char *check, const char *detail, JsonNode *want,
			JsonNode *got, gboolean text)
{
	gboolean ok = values_match(want, got, text);
	g_autofree char *w = node_show(want);
	g_autofree char *g = node_show(got);
	record(f, check, detail, ok, w, g);
}

static void check_fields(FileCtx *f, JsonObject *truth, JsonObject *sub)
{
	JsonObject *want = member_object(truth, "fields");
	JsonObject *got = member_object(sub, "fields");
	if (!want)
		return;
	g_autoptr(GList) names = json_object_get_members(want);
	for (GList *l = names; l; l = l->next) {
		const char *name = l->data;
		g_autofree char *check = g_strconcat("field:", name, NULL);
		JsonObject *field = member_object(got, name);
		JsonNode *value = field ? member(field, "value") : member(got, name);
		check_value(f, check, NULL, member(want, name), value, TRUE);
	}
}

static void check_indicators(FileCtx *f, JsonObject *truth, JsonObject *sub)
{
	static const char *const keys[][2] = { { "period_value", "indicator.period" },
					       { "ytd_value", "indicator.ytd" } };
	JsonObject *want = member_object(truth, "indicators");
	JsonObject *got = member_object(sub, "indicators");
	if (!want)
		return;
	g_autoptr(GList) codes = json_object_get_members(want);
	for (GList *l = codes; l; l = l->next) {
		const char *code = l->data;
		JsonObject *w = member_object(want, code);
		JsonObject *g = member_object(got, code);
		for (gsize k = 0; k < G_N_ELEMENTS(keys); k++)
			if (member(w, keys[k][0]))
				check_value(f, keys[k][1], code, member(w, keys[k][0]), member(g, keys[k][0]),
					    FALSE);
	}
}

/* Each labelled task must appear in the export with its code and the same status. */
static void check_tasks(FileCtx *f, JsonObject *truth, JsonObject *sub)
{
	JsonArray *want = member_array(truth, "tasks");
	JsonArray *got = member_array(sub, "tasks");
	for (guint i = 0; want && i < json_array_get_length(want); i++) {
		JsonObject *w = json_array_get_object_element(want, i);
		JsonNode *code = member(w, "code"), *status = member(w, "status");
		JsonNode *seen = NULL;
		gboolean ok = FALSE;
		for (guint j = 0; got && j < json_array_get_length(got) && !ok; j++) {
			JsonNode *e = json_array_get_element(got, j);
			JsonObject *g = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
			if (!g || !values_match(code, member(g, "code"), TRUE))
				continue;
			seen = member(g, "status");
			ok = values_match(status, seen, TRUE);
		}
		const char *c = node_string(code) ? node_string(code) : "?";
		g_autofree char *w_show = node_show(status);
		g_autofree char *g_show = seen ? node_show(seen) : g_strdup("(no such task)");
		record(f, "task", c, ok, w_show, g_show);
	}
}

/* Each labelled issued document must appear with the same number and date. */
static void check_issued(FileCtx *f, JsonObject *truth, JsonObject *sub)
{
	JsonArray *want = member_array(truth, "issued_documents");
	JsonArray *got = member_array(sub, "issued_documents");
	for (guint i = 0; want && i < json_array_get_length(want); i++) {
		JsonObject *w = json_array_get_object_element(want, i);
		JsonNode *number = member(w, "doc_number"), *date = member(w, "doc_date");
		gboolean ok = FALSE;
		for (guint j = 0; got && j < json_array_get_length(got) && !ok; j++) {
			JsonNode *e = json_array_get_element(got, j);
			JsonObject *g = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
			ok = g && values_match(number, member(g, "doc_number"), TRUE) &&
			     values_match(date, member(g, "doc_date"), FALSE);
		}
		g_autofree char *n_show = node_show(number);
		g_autofree char *d_show = node_show(date);
		g_autofree char *expected = g_strdup_printf("%s of %s", n_show, d_show);
		record(f, "issued_document", node_string(number), ok, expected,
		       ok ? expected : "(not in the export)");
	}
}

/* For g_ptr_array_sort: the elements are pointers to strings. */
static int compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* For g_list_sort: the elements are strings. */
static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(a, b);
}

/* A comma-joined list of sorted strings, without repeats. */
static char *join_sorted(const GPtrArray *codes)
{
	GString *s = g_string_new("[");
	const char *prev = NULL;
	for (guint i = 0; i < codes->len; i++) {
		const char *c = g_ptr_array_index(codes, i);
		if (prev && strcmp(prev, c) == 0)
			continue;
		if (prev)
			g_string_append(s, ", ");
		g_string_append(s, c);
		prev = c;
	}
	g_string_append_c(s, ']');
	return g_string_free(s, FALSE);
}


static void check_findings(FileCtx *f, JsonObject *truth, JsonObject *sub)
{
	JsonArray *want = member_array(truth, "finding_codes");
	JsonArray *got = member_array(sub, "findings");
	if (!want)
		return;
	g_autoptr(GPtrArray) w = g_ptr_array_new();
	g_autoptr(GPtrArray) g = g_ptr_array_new();
	for (guint i = 0; i < json_array_get_length(want); i++) {
		const char *c = json_array_get_string_element(want, i);
		if (c)
			g_ptr_array_add(w, (gpointer)c);
	}
	for (guint i = 0; got && i < json_array_get_length(got); i++) {
		JsonNode *e = json_array_get_element(got, i);
		JsonObject *o = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
		const char *c = node_string(member(o, "code"));
		/* notes about how a file was read (OCR used, a digital signature, a value to
		 * review) depend on the reading, not on the labels: compared only when the
		 * truth names them */
		gboolean note = c && (strcmp(c, "ocr") == 0 || strcmp(c, "pdf-signed") == 0 ||
		                      strcmp(c, "needs-review") == 0);
		if (c && note) {
			gboolean wanted = FALSE;
			for (guint k = 0; k < w->len; k++)
				wanted = wanted || strcmp(w->pdata[k], c) == 0;
			if (!wanted)
				continue;
		}
		if (c)
			g_ptr_array_add(g, (gpointer)c);
	}
	g_ptr_array_sort(w, compare_strings);
	g_ptr_array_sort(g, compare_strings);
	g_autofree char *ws = join_sorted(w);
	g_autofree char *gs = join_sorted(g);
	record(f, "findings", NULL, strcmp(ws, gs) == 0, ws, gs);
}

static void check_file(Tally *t, const char *name, JsonObject *truth, JsonObject *sub)
{
	static const char *const top[][2] = { { "kind", "kind" }, { "unit", "unit" },
					      { "period", "period" }, { "status", "status" },
					      { "timeliness", "timeliness" }, { "days_late", "days_late" } };
	const char *casestr = node_string(member(truth, "case"));
	g_auto(GStrv) axes = g_strsplit(casestr ? casestr : "unlabelled", "+", -1);
	FileCtx f = { t, name, axes, sub == NULL };
	for (gsize i = 0; i < G_N_ELEMENTS(top); i++)
		if (member(truth, top[i][0]))
			check_value(&f, top[i][1], NULL, member(truth, top[i][0]), member(sub, top[i][0]),
				    FALSE);
	check_fields(&f, truth, sub);
	check_indicators(&f, truth, sub);
	check_tasks(&f, truth, sub);
	check_issued(&f, truth, sub);
	check_findings(&f, truth, sub);
}

static JsonNode *load_json(const char *path)
{
	g_autoptr(JsonParser) p = json_parser_new();
	g_autoptr(GError) err = NULL;
	if (!json_parser_load_from_file(p, path, &err)) {
		fprintf(stderr, "eval: cannot read '%s': %s\n", path, err->message);
		return NULL;
	}
	JsonNode *root = json_parser_get_root(p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		fprintf(stderr, "eval: '%s' is not a JSON object\n", path);
		return NULL;
	}
	return json_node_copy(root);
}

/* Order of the check table: the top-level checks, fields by name, then the rest. */
static int check_rank(const char *name)
{
	static const char *const order[] = { "kind", "unit", "period", "status", "timeliness",
					     "days_late", "field:", "indicator.period",
					     "indicator.ytd", "task", "issued_document", "findings" };
	for (gsize i = 0; i < G_N_ELEMENTS(order); i++)
		if (strcmp(name, order[i]) == 0 ||
		    (g_str_has_suffix(order[i], ":") && g_str_has_prefix(name, order[i])))
			return (int)i;
	return (int)G_N_ELEMENTS(order);
}

static int compare_checks(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = check_rank(x), ry = check_rank(y);
	return rx != ry ? rx - ry : strcmp(x, y);
}

static void print_row(const char *name, const Score *s)
{
	printf("  %-28s %6d / %-6d %6.1f%%\n", name, s->correct, s->total,
		s->total ? 100.0 * s->correct / s->total : 0.0);
}

static void print_table(const char *title, GHashTable *h, GCompareFunc cmp)
{
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, cmp);
	printf("%s\n", title);
	for (guint i = 0; i < keys->len; i++)
		print_row(g_ptr_array_index(keys, i), g_hash_table_lookup(h, g_ptr_array_index(keys, i)));
}

int main(int argc, char **argv)
{
	gboolean strict = FALSE, quiet = FALSE;
	GOptionEntry entries[] = {
		{ "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "list every mismatch; exit 1 if any", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only the overall accuracy", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("TRUTH.json EXPORT.json");
	g_option_context_set_summary(ctx, "Compare a baocao export with the labels written by gen_docx.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 3) {
		fprintf(stderr, "usage: eval TRUTH.json EXPORT.json [--strict] [--quiet]%s%s\n",
			   err ? ": " : "", err ? err->message : "");
		return 2;
	}
	g_autoptr(JsonNode) truth_root = load_json(argv[1]);
	g_autoptr(JsonNode) export_root = load_json(argv[2]);
	if (!truth_root || !export_root)
		return 2;
	JsonObject *files = member_object(json_node_get_object(truth_root), "files");
	JsonArray *subs = member_array(json_node_get_object(export_root), "submissions");
	if (!files || !subs) {
		fprintf(stderr, "eval: '%s' needs \"files\" and '%s' needs \"submissions\"\n", argv[1], argv[2]);
		return 2;
	}

	/* The export's submissions by file name (the base name, first one wins). */
	g_autoptr(GHashTable) by_file = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < json_array_get_length(subs); i++) {
		JsonNode *e = json_array_get_element(subs, i);
		JsonObject *o = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
		const char *file = node_string(member(o, "file"));
		if (!file)
			continue;
		g_autofree char *base = g_path_get_basename(file);
		if (!g_hash_table_contains(by_file, base))
			g_hash_table_insert(by_file, g_steal_pointer(&base), o);
	}

	Tally t = { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		    { 0, 0 }, { 0, 0 }, strict, 0 };
	int n_files = 0, n_missing = 0;
	g_autoptr(GList) names = json_object_get_members(files);
	names = g_list_sort(names, compare_names);
	for (GList *l = names; l; l = l->next) {
		const char *name = l->data;
		JsonObject *truth = member_object(files, name);
		JsonObject *sub = g_hash_table_lookup(by_file, name);
		if (!truth)
			continue;
		n_files++;
		if (!sub) {
			n_missing++;
			if (strict)
				printf("%s: not in the export (all its checks fail)\n", name);
		}
		check_file(&t, name, truth, sub);
	}

	if (!quiet) {
		printf("eval: %d labelled files, %u submissions in the export, %d labelled files missing\n",
			n_files, json_array_get_length(subs), n_missing);
		print_table("by check                       correct / total   accuracy", t.by_check,
			    compare_checks);
		print_table("by case axis", t.by_axis, compare_strings);
	}
	print_row("overall (all checks)", &t.all);
	print_row("fields (field:*)", &t.fields);
	g_hash_table_unref(t.by_check);
	g_hash_table_unref(t.by_axis);
	return strict && (t.mismatches > 0 || n_missing > 0) ? 1 : 0;
}
