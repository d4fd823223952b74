/*
 * test_rules.c - rules/ and forms/ loading, due dates, unit and task matching, and the
 * errors a mistake in a data file gives (file and line).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <glib/gstdio.h>
#include "common.h"
#include "conf.h"
#include "extract.h"
#include "symbols.h"
#include "forms.h"
#include "rules.h"

static Rules *rules;

static int setup(void **state)
{
	g_autoptr(GError) err = NULL;
	rules = rules_load("rules", &err);
	if (!rules)
		fprintf(stderr, "%s\n", err->message);
	return rules ? 0 : -1;
}

static int teardown(void **state)
{
	rules_free(rules);
	return 0;
}

static void due_is(const char *period, const char *want)
{
	GDate d;
	assert_true(rules_due_date(rules, period, &d));
	g_autofree char *got = date_iso(&d);
	assert_string_equal(got, want);
}

static void test_due_dates(void **state)
{
	due_is("2025-10", "2025-10-20");   /* Monday */
	due_is("2025-09", "2025-09-22");   /* Saturday 20th moves to Monday */
	due_is("2025-12", "2025-12-22");   /* Saturday */
	due_is("2025-Q4", "2025-12-22");
	due_is("2025-Q3", "2025-09-22");
	due_is("2025-H1", "2025-06-20");   /* Friday */
	due_is("2025", "2025-12-22");
	due_is("2026-02", "2026-02-23");   /* Friday 20 is Tết, then the weekend */
	due_is("adhoc:45-CV/UBKTTU", "2025-11-10");
	GDate d;
	assert_false(rules_due_date(rules, "2025-13", &d));
	assert_false(rules_due_date(rules, "adhoc:99-CV/XX", &d));
	assert_false(rules_due_date(rules, "garbage", &d));
}

static void test_workdays(void **state)
{
	GDate d;
	g_date_clear(&d, 1);
	g_date_set_dmy(&d, 26, 4, 2025);   /* a Saturday worked in 2025 */
	assert_true(rules_is_workday(rules, &d));
	g_date_set_dmy(&d, 2, 9, 2025);    /* Quốc khánh */
	assert_false(rules_is_workday(rules, &d));
	g_date_set_dmy(&d, 3, 9, 2025);
	assert_true(rules_is_workday(rules, &d));
}

static void test_unit_matching(void **state)
{
	double c = 0;
	const Unit *u = rules_match_unit(rules, "ĐẢNG ỦY SỞ TƯ PHÁP", &c);
	assert_non_null(u);
	assert_string_equal(u->code, "DU-STP");
	assert_true(c > 0.95);
	u = rules_match_unit(rules, "DANG BO SO TU PHAP", &c);
	assert_non_null(u);
	assert_string_equal(u->code, "DU-STP");
	u = rules_match_unit(rules, "Đảng uỷ UBND thành phố", NULL);
	assert_non_null(u);
	assert_string_equal(u->code, "DU-UBND");
	u = rules_match_unit(rules, "ĐẢNG ỦY PHƯỜNG ĐỒ SƠN", NULL);
	assert_non_null(u);
	assert_string_equal(u->code, "DU-DOSON");
	assert_null(rules_match_unit(rules, "THÀNH ỦY HẢI PHÒNG", NULL));
	assert_null(rules_match_unit(rules, "", NULL));
	assert_non_null(rules_unit(rules, "du-stp"));
	assert_null(rules_unit(rules, "DU-NONE"));
}

static void test_task_matching(void **state)
{
	assert_non_null(rules_task(rules, "2.2.3"));
	double c;
	const TaskDef *t = rules_match_task(rules, "Đẩy mạnh ứng dụng chuyển đổi số, số hóa hồ sơ, "
	                                    "áp dụng các công nghệ hiện đại hỗ trợ hoạt động tố tụng", &c);
	assert_non_null(t);
	assert_string_equal(t->code, "2.2.3");
	assert_null(rules_match_task(rules, "Một việc không có trong chương trình", &c));
}

static void test_task_codes(void **state)
{
	static const char *const cases[][2] = {
		{ "2.2.3", "2.2.3" }, { "2.2(3)", "2.2.3" }, { "2.2 (3)", "2.2.3" },
		{ "II.2.2(3)", "2.2.3" }, { "1.1", "1.1" }, { "II.1.2", "1.2" }, { " 2.4.6. ", "2.4.6" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = normalize_task_code(cases[i][0]);
		assert_non_null(got);
		assert_string_equal(got, cases[i][1]);
	}
	assert_null(normalize_task_code("Hoàn thành"));
	assert_null(normalize_task_code(""));
}

static void test_doc_numbers(void **state)
{
	static const char *const cases[][2] = {
		{ "Số 15-BC/ĐU", "15-BC/ĐU" }, { "Số: 15 - BC/ĐU", "15-BC/ĐU" },
		{ "Số 12–KH/ĐU", "12-KH/ĐU" }, { "Số: 05/QĐ-UBND", "05/QĐ-UBND" },
		{ "Số: 09/2019/NĐ-CP", "09/2019/NĐ-CP" }, { "357-CV/BTCTU", "357-CV/BTCTU" },
		{ "Số 05-QĐi/TW", "05-QĐi/TW" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = find_doc_number(cases[i][0]);
		assert_non_null(got);
		assert_string_equal(got, cases[i][1]);
	}
	assert_null(find_doc_number("Số     -KH/TU"));  /* blank number in a draft */
}

static void test_forms_load(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Forms) f = forms_load("forms", &err);
	assert_non_null(f);
	const FormDef *d = f->forms->pdata[0];
	assert_string_equal(d->id, "bc-nq66");
	assert_int_equal(d->sections->len, 5);
	assert_int_equal(d->indicators->len, 10);
	assert_string_equal(d->type_key, "bao cao");
}

/* Write a rules folder with one file changed, and expect an error naming file:line. */
static void expect_rules_error(const char *file, const char *content, const char *want)
{
	g_autofree char *dir = g_dir_make_tmp("baocao-rules-XXXXXX", NULL);
	const char *names[] = { "units.csv", "tasks.csv", "calendar.conf", "holidays-2025.txt",
	                        "body.conf" };
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *src = g_build_filename("rules", names[i], NULL);
		g_autofree char *dst = g_build_filename(dir, names[i], NULL);
		g_autofree char *text = NULL;
		if (strcmp(names[i], file) == 0)
			text = g_strdup(content);
		else
			assert_true(g_file_get_contents(src, &text, NULL, NULL));
		assert_true(g_file_set_contents(dst, text, -1, NULL));
	}
	g_autoptr(GError) err = NULL;
	Rules *r = rules_load(dir, &err);
	assert_null(r);
	assert_non_null(err);
	if (!strstr(err->message, want))
		fail_msg("expected '%s' in '%s'", want, err->message);
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *p = g_build_filename(dir, names[i], NULL);
		g_remove(p);
	}
	g_rmdir(dir);
}

static void test_rules_errors(void **state)
{
	expect_rules_error("holidays-2025.txt", "# x\n2025-01-01 holiday Tết\n2025-02-30 holiday X\n",
	                   "holidays-2025.txt:3:");
	expect_rules_error("holidays-2025.txt", "2025-04-28 workday Monday\n", "is not a Saturday");
	expect_rules_error("calendar.conf", "[deadlines]\nmonth = 40\nquarter = 20\nhalf-year = 20\nyear = 20\n",
	                   "calendar.conf:2:");
	expect_rules_error("calendar.conf", "[deadlines]\nmonth = 20\nquarter = 20\nhalf-year = 20\nyear = 20\n"
	                   "[request 1-CV/X]\ndate = 2025-01-01\n", "needs due");
	expect_rules_error("units.csv", "code,name,group,tasks,email,aliases\nDU-A,A,g,9.9,a@b,\n",
	                   "units.csv:2: unit DU-A: task '9.9'");
	expect_rules_error("units.csv", "code,name,group,tasks,email,aliases\nDU-A,\"A,g,1.1,a@b,\n",
	                   "units.csv:2: unterminated quote");
	expect_rules_error("tasks.csv", "code,wording\nx.y,abc\n", "tasks.csv:2:");
	expect_rules_error("calendar.conf", "[deadlines\nmonth = 20\n", "calendar.conf:1:");
	expect_rules_error("body.conf", "[body]\nname = UBKT\n", "body.conf:1: [body] needs");
}

static void test_period_describe(void **state)
{
	g_autofree char *a = period_describe("2025-Q4");
	g_autofree char *b = period_describe("2025-H1");
	g_autofree char *c = period_describe("2025-10");
	assert_string_equal(a, "quý IV năm 2025");
	assert_string_equal(b, "6 tháng đầu năm 2025");
	assert_string_equal(c, "tháng 10 năm 2025");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_workdays),
		cmocka_unit_test(test_unit_matching),
		cmocka_unit_test(test_task_matching),
		cmocka_unit_test(test_task_codes),
		cmocka_unit_test(test_doc_numbers),
		cmocka_unit_test(test_forms_load),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_period_describe),
	};
	return cmocka_run_group_tests_name("rules", tests, setup, teardown);
}
