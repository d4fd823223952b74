/*
 * test_worker.c - the reading processes: an outcome survives the trip through JSON,
 * malformed answers are refused, a missing original is reported, and reading in
 * children gives what reading in-process gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "forms.h"
#include "process.h"
#include "read.h"
#include "rules.h"
#include "worker.h"

static void test_json_round_trip(void **state)
{
	Outcome o = { 0 };
	o.rec = record_new();
	o.file_type = file_type_name(FT_DOCX);
	o.tl.timeliness = g_strdup("late");
	o.tl.days_late = 3;
	o.tl.due_date = g_strdup("2025-10-20");
	o.rec->kind = g_strdup("report");
	o.rec->unit = g_strdup("DU-STP");
	record_set_field(o.rec, "signer_name", "Nguyễn Văn An", 0.95, "signature block");
	IndicatorValue *v = record_indicator(o.rec, "CS10");
	v->has_period = TRUE;
	v->period_value = 12.5;
	record_add_task(o.rec, "2.2.3", "Đang thực hiện", TRUE, "Số hóa \"1.250\" hồ sơ", 0.99);
	record_add_issued(o.rec, "12-KH/ĐU", "2025-10-15", "Kế hoạch");
	record_add_finding(o.rec, "late", SEV_WARNING, "received_at", "muộn %d ngày", 3);
	g_autofree char *json = outcome_to_json(&o);
	Outcome back;
	assert_true(outcome_from_json(json, strlen(json), &back));
	assert_string_equal(back.file_type, "docx");
	assert_string_equal(back.tl.timeliness, "late");
	assert_int_equal(back.tl.days_late, 3);
	assert_string_equal(back.rec->unit, "DU-STP");
	assert_string_equal(record_value(back.rec, "signer_name"), "Nguyễn Văn An");
	const IndicatorValue *bv = record_indicator_get(back.rec, "CS10");
	assert_true(bv && bv->has_period && !bv->has_ytd && bv->period_value == 12.5);
	assert_string_equal(((TaskRow *)back.rec->tasks->pdata[0])->result, "Số hóa \"1.250\" hồ sơ");
	assert_int_equal(((Finding *)back.rec->findings->pdata[0])->severity, SEV_WARNING);
	assert_null(back.rec->form);
	outcome_clear(&o);
	outcome_clear(&back);
}

static void test_json_refused(void **state)
{
	static const char *const bad[] = { "", "[]", "{\"fields\":", "null", "\x01\x02" };
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		Outcome o;
		assert_false(outcome_from_json(bad[i], strlen(bad[i]), &o));
		outcome_clear(&o);
	}
	/* well-formed but odd: unknown types, wrong member types are ignored, not trusted */
	const char *odd = "{\"file_type\":\"exe\",\"fields\":[{\"name\":1},{\"name\":\"x\",\"value\":\"y\"}],"
	                  "\"indicators\":[{\"code\":\"CS0123456789\"}],\"findings\":[{\"code\":\"c\",\"severity\":9}]}";
	Outcome o;
	assert_true(outcome_from_json(odd, strlen(odd), &o));
	assert_string_equal(o.file_type, "unknown");
	assert_int_equal(o.rec->fields->len, 1);
	assert_int_equal(o.rec->indicators->len, 0);
	assert_int_equal(((Finding *)o.rec->findings->pdata[0])->severity, SEV_ERROR);
	outcome_clear(&o);
}

typedef struct {
	GPtrArray *outs;  /* char* JSON per item id */
} Collect;

static gboolean collect(const WorkItem *it, Outcome *out, gpointer user, GError **error)
{
	Collect *c = user;
	g_ptr_array_index(c->outs, it->id) = outcome_to_json(out);
	return TRUE;
}

static GPtrArray *run_items(GPtrArray *items, const Forms *forms, const Rules *rules)
{
	Collect c = { g_ptr_array_new_with_free_func(g_free) };
	g_ptr_array_set_size(c.outs, items->len);
	WorkerLimits lim = WORKER_LIMITS_DEFAULT;
	lim.jobs = 2;
	g_autoptr(GError) err = NULL;
	assert_true(worker_run(items, &lim, forms, rules, collect, &c, &err));
	return c.outs;
}

static void test_children_match_in_process(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Forms) forms = forms_load("forms", &err);
	g_autoptr(Rules) rules = rules_load("rules", &err);
	assert_non_null(forms);
	assert_non_null(rules);
	const char *corpus = g_getenv("BAOCAO_CORPUS") ? g_getenv("BAOCAO_CORPUS") : "../shared/corpus";
	const char *names[] = { "vn_official/docx/AnLe21-TANDTC_court-precedent.docx",
	                        "bad_inputs/docx_XXE_ExternalEntityInText.docx",
	                        "no/such/file.docx" };
	g_autoptr(GPtrArray) items = g_ptr_array_new();
	WorkItem its[G_N_ELEMENTS(names)];
	g_autofree char *p0 = g_build_filename(corpus, names[0], NULL);
	g_autofree char *p1 = g_build_filename(corpus, names[1], NULL);
	g_autofree char *p2 = g_build_filename(corpus, names[2], NULL);
	char *paths[] = { p0, p1, p2 };
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		its[i] = (WorkItem){ .id = i, .path = paths[i], .name = (char *)names[i],
		                     .received_at = 1760000000 };
		g_ptr_array_add(items, &its[i]);
	}
	g_autoptr(GPtrArray) forked = run_items(items, forms, rules);
	g_setenv("BAOCAO_NO_FORK", "1", TRUE);
	g_autoptr(GPtrArray) inproc = run_items(items, forms, rules);
	g_unsetenv("BAOCAO_NO_FORK");
	for (guint i = 0; i < items->len; i++)
		assert_string_equal(forked->pdata[i], inproc->pdata[i]);
	assert_non_null(strstr(forked->pdata[0], "21/2018/AL"));
	assert_non_null(strstr(forked->pdata[1], "file-hostile"));
	assert_non_null(strstr(forked->pdata[2], "file-missing"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_refused),
		cmocka_unit_test(test_children_match_in_process),
	};
	return cmocka_run_group_tests_name("worker", tests, NULL, NULL);
}
