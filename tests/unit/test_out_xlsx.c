/*
 * test_out_xlsx.c - the period workbook (out_xlsx.c). A Summary is made by hand over the
 * real forms/ and rules/ (no store), written, then opened as a zip: four sheets with
 * their Vietnamese names, unit names and states as text, numbers as numbers, rates as
 * fractions, SUM totals that carry their value, and hostile text made safe. Then the
 * failures: a missing folder and an injected fault before the rename leave no file and
 * no temporary file behind, and never touch the file already at the path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zip.h>
#include <glib/gstdio.h>
#include "forms.h"
#include "out_xlsx.h"
#include "record.h"
#include "rules.h"
#include "summary.h"

static Forms *forms;
static Rules *rules;
static char *dir;

static Summary *empty_summary(void)
{
	Summary *s = summary_new("2025-10", forms->forms->pdata[0]);
	s->generated_at = 1760929200;   /* 2025-10-20T10:00:00+07:00 */
	return s;
}

static UnitLine *add_line(Summary *s, const char *code, gboolean expected, UnitState state)
{
	UnitLine *l = g_new0(UnitLine, 1);
	l->unit = rules_unit(rules, code);
	assert_non_null(l->unit);
	l->expected = expected;
	l->state = state;
	g_ptr_array_add(s->units, l);
	return l;
}

static void add_report(UnitLine *l, gint64 id, const char *file, gboolean accepted, int days_late)
{
	l->sub = g_new0(Submission, 1);
	l->sub->id = id;
	l->sub->file = g_strdup(file);
	l->sub->status = g_strdup(accepted ? "accepted" : "incomplete");
	l->sub->timeliness = g_strdup(days_late > 0 ? "late" : "on_time");
	l->sub->days_late = days_late > 0 ? days_late : 0;
	l->complete = accepted;
	l->rec = record_new();
}

static void set_ind(UnitLine *l, const char *code, gboolean has_p, double p, gboolean has_y,
                    double y)
{
	IndicatorValue *v = record_indicator(l->rec, code);
	v->has_period = has_p;
	v->period_value = p;
	v->has_ytd = has_y;
	v->ytd_value = y;
}

static void add_warning(Summary *s, const char *unit, gint64 sub, const char *code,
                        Severity sev, const char *message)
{
	Warning *w = g_new0(Warning, 1);
	w->unit = unit ? rules_unit(rules, unit) : NULL;
	w->submission = sub;
	w->code = g_strdup(code);
	w->severity = sev;
	w->message = g_strdup(message);
	g_ptr_array_add(s->warnings, w);
}

/* Four units owe the period: one on time, one 3 days late and incomplete, two missing;
 * a fifth does not owe it and sent a report anyway (listed, not summed). */
static Summary *sample_summary(void)
{
	Summary *s = empty_summary();
	s->due = g_strdup("2025-10-20");
	UnitLine *l = add_line(s, "DU-CCQD", TRUE, UNIT_ON_TIME);
	add_report(l, 41, "BC-CCQD-thang10.docx", TRUE, 0);
	set_ind(l, "CS01", TRUE, 3, TRUE, 12);
	set_ind(l, "CS02", TRUE, 1250, TRUE, 4800.5);
	l = add_line(s, "DU-UBND", TRUE, UNIT_LATE);
	add_report(l, 57, "UBND_bao_cao.pdf", FALSE, 3);
	set_ind(l, "CS01", TRUE, 2, TRUE, 7);
	set_ind(l, "CS02", TRUE, 0.5, FALSE, 0);
	add_line(s, "DU-STP", TRUE, UNIT_MISSING);
	add_line(s, "DU-CATP", TRUE, UNIT_MISSING);
	l = add_line(s, "DU-TAND", FALSE, UNIT_ON_TIME);
	add_report(l, 60, "TAND.docx", TRUE, 0);
	set_ind(l, "CS01", TRUE, 100, FALSE, 0);

	s->expected = 4;
	s->received = 2;
	s->on_time = 1;
	s->late = 1;
	s->missing = 2;
	s->incomplete = 1;
	s->reporting_rate = 50;
	s->on_time_rate = 25;
	s->total_period[0] = 5, s->has_total[0] = TRUE;
	s->total_ytd[0] = 19, s->has_total_ytd[0] = TRUE;
	s->total_period[1] = 1250.5, s->has_total[1] = TRUE;
	s->total_ytd[1] = 4800.5, s->has_total_ytd[1] = TRUE;

	GroupLine *g = g_new0(GroupLine, 1);
	g->group = g_strdup("co-quan");
	g->expected = 2, g->received = 2, g->on_time = 1;
	g->reporting_rate = 100, g->on_time_rate = 50;
	g->total_period[0] = 5, g->has_total[0] = TRUE;
	g->total_period[1] = 1250.5, g->has_total[1] = TRUE;
	g_ptr_array_add(s->groups, g);

	TaskLine *t = g_new0(TaskLine, 1);
	t->code = g_strdup("2.2.3");
	t->wording = g_strdup("Nâng cao chất lượng công tác xây dựng, thẩm định văn bản");
	t->count[0] = 1, t->count[1] = 1;
	t->reported = 2;
	g_ptr_array_add(s->tasks, t);

	add_warning(s, "DU-STP", 0, "missing", SEV_ERROR, "Đảng ủy Sở Tư pháp chưa nộp báo cáo.");
	add_warning(s, "DU-UBND", 57, "late", SEV_WARNING,
	            "Đảng ủy Ủy ban nhân dân thành phố nộp muộn 3 ngày.");
	/* text read from a file: a control character and a byte that is not UTF-8 */
	add_warning(s, NULL, 60, "note", SEV_INFO, "Ghi chú\001lạ \xff hết");
	return s;
}

/* The bytes of one part of the zip at path, or NULL when it has no such part. */
static char *zip_part(const char *path, const char *name)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(z);
	zip_stat_t st;
	char *data = NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		assert_non_null(f);
		data = g_malloc0(st.size + 1);
		assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(z);
	return data;
}

static guint count_prefix(const char *path, const char *prefix)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(z);
	guint n = 0;
	for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++)
		if (g_str_has_prefix(zip_get_name(z, i, 0), prefix))
			n++;
	zip_close(z);
	return n;
}

/* Entries of the test folder whose name holds ".tmp-". */
static guint leftovers(const char *folder)
{
	g_autoptr(GDir) d = g_dir_open(folder, 0, NULL);
	assert_non_null(d);
	guint n = 0;
	for (const char *name; (name = g_dir_read_name(d));)
		if (strstr(name, ".tmp-"))
			n++;
	return n;
}

static void contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found", needle);
}

/* Runs first: BAOCAO_TEST_FAIL_AT=1 (set in main) fails the first fault point, the one
 * before the rename. The old file stays whole and nothing else is left. */
static void test_injected_fault_keeps_old(void **state G_GNUC_UNUSED)
{
	g_autofree char *path = g_build_filename(dir, "old.xlsx", NULL);
	assert_true(g_file_set_contents(path, "old", -1, NULL));
	Summary *s = sample_summary();
	g_autoptr(GError) err = NULL;
	assert_false(out_xlsx_write(s, path, &err));
	assert_non_null(err);
	assert_true(g_str_has_prefix(err->message, "cannot write '"));
	g_autofree char *back = NULL;
	assert_true(g_file_get_contents(path, &back, NULL, NULL));
	assert_string_equal(back, "old");
	assert_int_equal(leftovers(dir), 0);
	g_unlink(path);
	summary_free(s);
}

static void test_workbook(void **state G_GNUC_UNUSED)
{
	g_autofree char *path = g_build_filename(dir, "2025-10.xlsx", NULL);
	assert_true(g_file_set_contents(path, "an older workbook", -1, NULL));
	Summary *s = sample_summary();
	g_autoptr(GError) err = NULL;
	if (!out_xlsx_write(s, path, &err))
		fail_msg("%s", err->message);
	assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	assert_int_equal(leftovers(dir), 0);

	g_autofree char *wb = zip_part(path, "xl/workbook.xml");
	assert_non_null(wb);
	contains(wb, "name=\"Tình hình nộp\"");
	contains(wb, "name=\"Chỉ số\"");
	contains(wb, "name=\"Nhiệm vụ\"");
	contains(wb, "name=\"Phát hiện\"");
	assert_int_equal(count_prefix(path, "xl/worksheets/sheet"), 4);

	g_autofree char *ss = zip_part(path, "xl/sharedStrings.xml");
	assert_non_null(ss);
	contains(ss, "Tình hình nộp báo cáo kỳ tháng 10 năm 2025");
	contains(ss, "Đảng ủy Sở Tư pháp");
	contains(ss, summary_group_name("co-quan"));
	contains(ss, "Đúng hạn");
	contains(ss, "Muộn 3 ngày");
	contains(ss, "Chưa nộp");
	contains(ss, "Chưa đầy đủ");
	contains(ss, "Đạt");
	contains(ss, "CS01 Trong kỳ");
	contains(ss, "CS02 Lũy kế");
	contains(ss, "Tổng cộng");
	contains(ss, "Theo khối");
	contains(ss, "Hoàn thành");           /* a status of the form, as a column */
	contains(ss, "Số đơn vị báo cáo");
	contains(ss, "Cảnh báo");
	contains(ss, "Ghi chú lạ \xef\xbf\xbd hết");   /* control -> space, bad byte -> U+FFFD */
	contains(ss, "20/10/2025");
	assert_null(strstr(ss, "_x0001_"));

	g_autofree char *status = zip_part(path, "xl/worksheets/sheet1.xml");
	assert_non_null(status);
	contains(status, "<autoFilter ref=\"A2:I7\"/>");
	contains(status, "<pane ySplit=\"2\"");
	contains(status, "<v>57</v>");        /* the submission number, as a number */
	contains(status, "<v>0.5</v>");       /* reporting rate 50% */
	contains(status, "<v>0.25</v>");      /* on-time rate 25% */
	contains(status, "<cols>");

	/* Totals sum the units that owe the period (rows 2-3), not DU-TAND's 100, and carry
	 * their value for readers that do not recalculate. */
	g_autofree char *ind = zip_part(path, "xl/worksheets/sheet2.xml");
	assert_non_null(ind);
	contains(ind, "<v>1250</v>");
	contains(ind, "<v>4800.5</v>");
	contains(ind, "<v>100</v>");
	contains(ind, "<f>SUM(C2:C3)</f><v>5</v>");
	contains(ind, "<f>SUM(D2:D3)</f><v>19</v>");
	contains(ind, "<f>SUM(E2:E3)</f><v>1250.5</v>");
	contains(ind, "<autoFilter ref=\"A1:");

	g_autofree char *styles = zip_part(path, "xl/styles.xml");
	assert_non_null(styles);
	contains(styles, "formatCode=\"#,##0.##\"");
	contains(styles, "formatCode=\"0.0%\"");

	g_autofree char *core = zip_part(path, "docProps/core.xml");
	assert_non_null(core);
	contains(core, "Báo cáo tổng hợp kỳ tháng 10 năm 2025");
	summary_free(s);
}

/* No units, tasks or warnings: still four sheets with their headers. */
static void test_empty_summary(void **state G_GNUC_UNUSED)
{
	g_autofree char *path = g_build_filename(dir, "empty.xlsx", NULL);
	Summary *s = empty_summary();
	g_autoptr(GError) err = NULL;
	if (!out_xlsx_write(s, path, &err))
		fail_msg("%s", err->message);
	assert_int_equal(count_prefix(path, "xl/worksheets/sheet"), 4);
	g_autofree char *ind = zip_part(path, "xl/worksheets/sheet2.xml");
	assert_null(strstr(ind, "<f>"));
	summary_free(s);
}

/* Text longer than a cell can hold is cut, not refused. */
static void test_long_text(void **state G_GNUC_UNUSED)
{
	g_autofree char *path = g_build_filename(dir, "long.xlsx", NULL);
	Summary *s = empty_summary();
	g_autofree char *longer = g_strnfill(40000, 'a');
	add_warning(s, NULL, 0, "long", SEV_INFO, longer);
	g_autoptr(GError) err = NULL;
	if (!out_xlsx_write(s, path, &err))
		fail_msg("%s", err->message);
	g_autofree char *ss = zip_part(path, "xl/sharedStrings.xml");
	g_autofree char *cut = g_strnfill(32767, 'a');
	contains(ss, cut);
	assert_null(strstr(ss, longer));
	summary_free(s);
}

static void test_missing_folder(void **state G_GNUC_UNUSED)
{
	g_autofree char *folder = g_build_filename(dir, "no-such-folder", NULL);
	g_autofree char *path = g_build_filename(folder, "x.xlsx", NULL);
	Summary *s = sample_summary();
	g_autoptr(GError) err = NULL;
	assert_false(out_xlsx_write(s, path, &err));
	assert_non_null(err);
	g_autofree char *want = g_strdup_printf("cannot write '%s': ", path);
	assert_true(g_str_has_prefix(err->message, want));
	assert_null(strchr(err->message, '\n'));
	assert_false(g_file_test(folder, G_FILE_TEST_EXISTS));
	assert_int_equal(leftovers(dir), 0);
	summary_free(s);
}

static int setup(void **state G_GNUC_UNUSED)
{
	g_autoptr(GError) err = NULL;
	forms = forms_load("forms", &err);
	if (forms)
		rules = rules_load("rules", &err);
	if (!forms || !rules) {
		fprintf(stderr, "%s\n", err->message);
		return -1;
	}
	dir = g_dir_make_tmp("test_out_xlsx-XXXXXX", &err);
	return dir ? 0 : -1;
}

static int teardown(void **state G_GNUC_UNUSED)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		g_autofree char *p = g_build_filename(dir, name, NULL);
		g_unlink(p);
	}
	g_rmdir(dir);
	g_free(dir);
	rules_free(rules);
	forms_free(forms);
	return 0;
}

int main(void)
{
	g_setenv("BAOCAO_TEST_FAIL_AT", "1", TRUE);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injected_fault_keeps_old),
		cmocka_unit_test(test_workbook),
		cmocka_unit_test(test_empty_summary),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_missing_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
