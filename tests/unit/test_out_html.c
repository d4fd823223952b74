/*
 * test_out_html.c - unit tests for out_html.c: the page of a period and the index across
 * periods, written from a Summary built here by hand over the real form and roster.
 *
 * Hostile text (a script tag, '&', quotes) is planted where documents put text: a
 * finding message, file names, a unit's difficulties, a period folder name. The pages
 * must show it escaped only, load nothing from outside, and hold well-formed SVG.
 * With OUT_HTML_KEEP=<dir> the pages are left in dir (dir/2025-10/index.html and
 * dir/index.html) for a person to look at.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <glib/gstdio.h>

#include "out_html.h"

#define HOSTILE "<script>alert(1)</script> & \"x\""
#define HOSTILE_ESC "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
#define SVG_NS "http://www.w3.org/2000/svg"

typedef struct {
	Forms *forms;
	Rules *rules;
	Summary *s;
	Summary *older[2];       /* earlier periods, for the index */
	char *dir;
	gboolean keep;
} Fixture;

static Submission *sub_new(gint64 id, const char *file, const char *kind, const char *status,
                           int days_late)
{
	Submission *sub = g_new0(Submission, 1);
	sub->id = id;
	sub->file = g_strdup(file);
	sub->kind = g_strdup(kind);
	sub->status = g_strdup(status);
	sub->state = g_strdup("read");
	sub->days_late = days_late;
	sub->received_at = 1760927400;   /* 2025-10-20 09:30 +07 */
	return sub;
}

static void add_warning(Summary *s, const Unit *u, const char *code, Severity sev,
                        const char *message)
{
	Warning *w = g_new0(Warning, 1);
	w->unit = u;
	w->code = g_strdup(code);
	w->severity = sev;
	w->message = g_strdup(message);
	g_ptr_array_add(s->warnings, w);
}

static GroupLine *group_of(Summary *s, const char *group)
{
	for (guint i = 0; i < s->groups->len; i++) {
		GroupLine *g = s->groups->pdata[i];
		if (strcmp(g->group, group) == 0)
			return g;
	}
	GroupLine *g = g_new0(GroupLine, 1);
	g->group = g_strdup(group);
	g_ptr_array_add(s->groups, g);
	return g;
}

static double rate(guint part, guint whole)
{
	return whole ? 100.0 * part / whole : 0;
}

/* Every roster unit: the 3rd is late by 2 days with a hostile file name, every 4th is
 * missing, the last does not owe the period, every 5th report is incomplete. */
static Summary *build_summary(const Fixture *f)
{
	const FormDef *form = f->forms->forms->pdata[0];
	Summary *s = summary_new("2025-10", form);
	s->due = g_strdup("2025-10-20");
	s->generated_at = 1761100200;

	guint n = f->rules->units->len;
	for (guint i = 0; i < n; i++) {
		const Unit *u = f->rules->units->pdata[i];
		UnitLine *l = g_new0(UnitLine, 1);
		l->unit = u;
		l->expected = i + 1 < n;
		GroupLine *g = group_of(s, u->group);
		if (!l->expected) {
			l->state = UNIT_NOT_EXPECTED;
		} else if (i % 4 == 3) {
			l->state = UNIT_MISSING;
			s->missing++;
			add_warning(s, u, "missing", SEV_WARNING, "Đơn vị chưa nộp báo cáo kỳ này.");
		} else {
			g_autofree char *file = i == 2 ? g_strdup(HOSTILE ".docx")
			                               : g_strdup_printf("bao-cao-%s.docx", u->code);
			l->state = i == 2 ? UNIT_LATE : UNIT_ON_TIME;
			l->sub = sub_new(i + 1, file, "report", "accepted", i == 2 ? 2 : 0);
			l->complete = i % 5 != 4;
			l->rec = record_new();
			if (i == 2)
				record_set_field(l->rec, "difficulties", HOSTILE "\nThiếu cán bộ chuyên trách.",
				                 0.9, "section IV");
			if (i == 0)
				record_set_field(l->rec, "proposals",
				                 "Đề nghị tổ chức tập huấn nghiệp vụ cho cán bộ cơ sở.",
				                 0.9, "section V");
			s->received++;
			g->received++;
			if (i == 2) {
				s->late++;
			} else {
				s->on_time++;
				g->on_time++;
			}
			if (!l->complete)
				s->incomplete++;
		}
		if (l->expected) {
			s->expected++;
			g->expected++;
		}
		g_ptr_array_add(s->units, l);
	}
	s->reporting_rate = rate(s->received, s->expected);
	s->on_time_rate = rate(s->on_time, s->expected);
	for (guint i = 0; i < s->groups->len; i++) {
		GroupLine *g = s->groups->pdata[i];
		g->reporting_rate = rate(g->received, g->expected);
		g->on_time_rate = rate(g->on_time, g->expected);
	}

	s->n_ind = form->indicators->len;
	for (guint i = 0; i < s->n_ind; i++) {
		if (i + 1 == s->n_ind)
			continue;   /* the last indicator: nobody reported it */
		s->has_total[i] = s->has_total_ytd[i] = TRUE;
		s->total_period[i] = i == 1 ? 1250 : (double)(i * 7 + 3) + (i == 5 ? 0.5 : 0);
		s->total_ytd[i] = s->total_period[i] * 3;
		for (guint g = 0; g < s->groups->len; g++) {
			GroupLine *gl = s->groups->pdata[g];
			gl->has_total[i] = g % 3 != 2;
			gl->total_period[i] = s->total_period[i] / 4;
		}
	}

	static const char *const codes[] = { "1.1", "1.2", "2.2.3" };
	for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
		TaskLine *t = g_new0(TaskLine, 1);
		t->code = g_strdup(codes[i]);
		const TaskDef *d = rules_task(f->rules, codes[i]);
		t->wording = g_strdup(d ? d->wording : "Nhiệm vụ");
		t->count[0] = 5 + (guint)i;
		t->count[1] = 3;
		t->count[2] = (guint)i;
		t->count[3] = 1;
		t->reported = t->count[0] + t->count[1] + t->count[2] + t->count[3];
		g_ptr_array_add(s->tasks, t);
	}

	add_warning(s, f->rules->units->pdata[2], "late", SEV_WARNING,
	            "Báo cáo nộp muộn 2 ngày so với hạn 20/10/2025.");
	add_warning(s, f->rules->units->pdata[2], "indicator-negative", SEV_ERROR, HOSTILE);
	add_warning(s, NULL, "unit-unknown", SEV_INFO, "Không xác định được đơn vị gửi tệp.");

	Submission *o = sub_new(99, "quyet-dinh " HOSTILE ".pdf", "unknown", "quarantined", -1);
	g_ptr_array_add(s->others, o);
	g_ptr_array_add(s->others, sub_new(100, "ke-hoach-so-12.docx", "document", "accepted", -1));
	return s;
}

static Summary *older_summary(const Summary *like, const char *period, const char *name,
                              double reporting, double on_time)
{
	Summary *s = summary_new(period, like->form);
	g_free(s->name);
	s->name = g_strdup(name);
	s->expected = like->expected;
	s->received = (guint)(reporting * like->expected / 100 + 0.5);
	s->on_time = (guint)(on_time * like->expected / 100 + 0.5);
	s->late = s->received - s->on_time;
	s->missing = s->expected - s->received;
	s->reporting_rate = reporting;
	s->on_time_rate = on_time;
	return s;
}

static int setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	g_autoptr(GError) err = NULL;
	f->forms = forms_load("forms", &err);
	assert_null(err);
	assert_non_null(f->forms);
	f->rules = rules_load("rules", &err);
	assert_null(err);
	assert_non_null(f->rules);
	f->s = build_summary(f);
	f->older[0] = older_summary(f->s, "2025-08", "tháng 8 năm 2025", 60.0, 45.0);
	f->older[1] = older_summary(f->s, "2025-09", "tháng 9 năm 2025", 75.5, 70.26);
	const char *keep = g_getenv("OUT_HTML_KEEP");
	if (keep && *keep) {
		f->keep = TRUE;
		f->dir = g_strdup(keep);
		g_mkdir_with_parents(f->dir, 0755);
	} else {
		f->dir = g_dir_make_tmp("test_out_html-XXXXXX", &err);
		assert_null(err);
	}
	*state = f;
	return 0;
}

static void remove_tree(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(dir, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
			remove_tree(p);
		else
			g_unlink(p);
	}
	g_rmdir(dir);
}

static int teardown(void **state)
{
	Fixture *f = *state;
	if (!f->keep)
		remove_tree(f->dir);
	g_free(f->dir);
	summary_free(f->s);
	summary_free(f->older[0]);
	summary_free(f->older[1]);
	rules_free(f->rules);
	forms_free(f->forms);
	g_free(f);
	return 0;
}

static char *read_all(const char *path)
{
	char *data = NULL;
	g_autoptr(GError) err = NULL;
	assert_true(g_file_get_contents(path, &data, NULL, &err));
	assert_null(err);
	return data;
}

/* The page holds no script, no handler-bearing hostile markup, and refers to nothing
 * outside itself (the SVG namespace name is an identifier, not a fetch). */
static void assert_self_contained(const char *page)
{
	g_autofree char *lower = g_ascii_strdown(page, -1);
	assert_null(strstr(lower, "<script"));
	assert_null(strstr(lower, "src="));
	assert_null(strstr(lower, "url("));
	assert_null(strstr(lower, "@import"));
	assert_null(strstr(lower, "<link"));
	assert_null(strstr(lower, "<img"));
	assert_null(strstr(lower, "<iframe"));
	assert_null(strstr(lower, "javascript:"));
	g_auto(GStrv) parts = g_strsplit(lower, SVG_NS, -1);
	for (char **p = parts; *p; p++) {
		assert_null(strstr(*p, "http://"));
		assert_null(strstr(*p, "https://"));
		assert_null(strstr(*p, "href=\"//"));
	}
	assert_true(g_utf8_validate(page, -1, NULL));
	assert_non_null(strstr(page, "<!DOCTYPE html>"));
	assert_non_null(strstr(page, "<html lang=\"vi\">"));
	assert_non_null(strstr(page, "<meta charset=\"utf-8\">"));
}

/* Every <svg>...</svg> of the page parses as XML. */
static void assert_svg_well_formed(const char *page, guint want)
{
	static const GMarkupParser none = { 0 };
	guint n = 0;
	for (const char *p = strstr(page, "<svg"); p; p = strstr(p + 1, "<svg")) {
		const char *end = strstr(p, "</svg>");
		assert_non_null(end);
		end += strlen("</svg>");
		assert_non_null(g_strstr_len(p, end - p, "viewBox=\""));
		assert_non_null(g_strstr_len(p, end - p, "xmlns=\"" SVG_NS "\""));
		g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new(&none, 0, NULL, NULL);
		g_autoptr(GError) err = NULL;
		gboolean ok = g_markup_parse_context_parse(ctx, p, end - p, &err) &&
		              g_markup_parse_context_end_parse(ctx, &err);
		if (!ok)
			fail_msg("svg %u is not well-formed: %s", n, err->message);
		n++;
	}
	assert_int_equal(n, want);
}

static void test_period_page(void **state)
{
	Fixture *f = *state;
	g_autofree char *pdir = g_build_filename(f->dir, "2025-10", NULL);
	assert_int_equal(g_mkdir_with_parents(pdir, 0755), 0);
	g_autofree char *path = g_build_filename(pdir, "index.html", NULL);
	g_autoptr(GError) err = NULL;
	assert_true(out_html_period(f->s, path, &err));
	assert_null(err);
	g_autofree char *page = read_all(path);

	assert_self_contained(page);
	assert_svg_well_formed(page, 2);
	assert_non_null(strstr(page, "<title>Báo cáo tổng hợp kỳ tháng 10 năm 2025</title>"));
	assert_non_null(strstr(page, "Báo cáo tổng hợp kỳ tháng 10 năm 2025"));
	assert_non_null(strstr(page, "20/10/2025"));
	assert_non_null(strstr(page, "@media print"));
	assert_non_null(strstr(page, "Times New Roman"));

	/* the hostile text: escaped in the warning, the file names and the difficulties */
	assert_null(strstr(page, HOSTILE));
	assert_null(strstr(page, "<script"));
	const char *first = strstr(page, HOSTILE_ESC);
	assert_non_null(first);
	guint count = 0;
	for (const char *p = first; p; p = strstr(p + 1, HOSTILE_ESC))
		count++;
	assert_int_equal(count, 4);

	/* counts and rates: 23 owe, 18 sent, 17 on time */
	assert_int_equal(f->s->expected, 23);
	assert_int_equal(f->s->received, 18);
	assert_non_null(strstr(page, "78,3%"));    /* 18 / 23 */
	assert_non_null(strstr(page, "73,9%"));    /* 17 / 23 */
	assert_non_null(strstr(page, "Tỷ lệ báo cáo"));
	assert_non_null(strstr(page, "Tỷ lệ đúng hạn"));
	assert_non_null(strstr(page, "Chưa đầy đủ"));

	/* every unit, with its group and its state */
	for (guint i = 0; i < f->rules->units->len; i++) {
		const Unit *u = f->rules->units->pdata[i];
		assert_non_null(strstr(page, u->name));
	}
	assert_non_null(strstr(page, summary_group_name("noi-chinh")));
	assert_non_null(strstr(page, "Muộn 2 ngày"));
	assert_non_null(strstr(page, "st-late"));
	assert_non_null(strstr(page, "Chưa nộp"));
	assert_non_null(strstr(page, "Không phải nộp"));
	assert_non_null(strstr(page, "Đúng hạn"));

	/* indicators, Vietnamese numbers; the unreported one has no total */
	assert_non_null(strstr(page, "CS01"));
	g_autofree char *big = summary_number_vn(1250);
	assert_non_null(strstr(page, big));
	g_autofree char *frac = summary_number_vn(38.5);
	assert_non_null(strstr(page, frac));
	assert_non_null(strstr(page, "chưa có số liệu"));
	assert_non_null(strstr(page, "Lũy kế"));

	/* tasks with the form's statuses as columns */
	assert_non_null(strstr(page, "2.2.3"));
	assert_non_null(strstr(page, "Đang thực hiện"));

	/* warnings: the error comes before the warnings */
	const char *err_row = strstr(page, "<tr class=\"sev-error\"");
	const char *warn_row = strstr(page, "<tr class=\"sev-warning\"");
	const char *info_row = strstr(page, "<tr class=\"sev-info\"");
	assert_non_null(err_row);
	assert_non_null(warn_row);
	assert_non_null(info_row);
	assert_true(err_row < warn_row);
	assert_true(warn_row < info_row);
	assert_true(strstr(err_row, HOSTILE_ESC) < warn_row);

	/* the other files */
	assert_non_null(strstr(page, "Cách ly"));
	assert_non_null(strstr(page, "ke-hoach-so-12.docx"));
}

static void test_index_page(void **state)
{
	Fixture *f = *state;
	const Summary *periods[] = { f->older[0], f->older[1], f->s };
	const char *dirs[] = { "2025-08", "//evil.example/x?a=\"1\"", "2025-10" };
	g_autofree char *path = g_build_filename(f->dir, "index.html", NULL);
	g_autoptr(GError) err = NULL;
	assert_true(out_html_index(periods, dirs, G_N_ELEMENTS(periods), path, &err));
	assert_null(err);
	g_autofree char *page = read_all(path);

	assert_self_contained(page);
	assert_svg_well_formed(page, 1);
	assert_non_null(strstr(page, "Báo cáo tổng hợp"));
	assert_non_null(strstr(page, "href=\"2025-10/index.html\""));
	assert_non_null(strstr(page, "href=\"2025-08/index.html\""));
	/* a folder name cannot turn into an outside link */
	assert_non_null(strstr(page, "href=\"%2F%2Fevil.example%2Fx%3Fa%3D%221%22/index.html\""));
	assert_non_null(strstr(page, "tháng 9 năm 2025"));
	assert_non_null(strstr(page, "75,5%"));
	assert_non_null(strstr(page, "70,3%"));
	assert_non_null(strstr(page, "78,3%"));
	assert_non_null(strstr(page, "<polyline"));
	/* in the order given */
	const char *a = strstr(page, "2025-08/index.html");
	const char *b = strstr(page, "2025-10/index.html");
	assert_true(a < b);
}

static void test_index_empty(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = g_build_filename(f->dir, "empty.html", NULL);
	g_autoptr(GError) err = NULL;
	assert_true(out_html_index(NULL, NULL, 0, path, &err));
	g_autofree char *page = read_all(path);
	assert_self_contained(page);
	assert_non_null(strstr(page, "Chưa có kỳ báo cáo nào"));
	g_unlink(path);
}

static void test_missing_folder(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = g_build_filename(f->dir, "no-such-folder", "index.html", NULL);
	g_autoptr(GError) err = NULL;
	assert_false(out_html_period(f->s, path, &err));
	assert_non_null(err);
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	g_clear_error(&err);
	const Summary *periods[] = { f->s };
	const char *dirs[] = { "2025-10" };
	assert_false(out_html_index(periods, dirs, 1, path, &err));
	assert_non_null(err);
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* An empty period: no units, groups, tasks, warnings or others still makes a page. */
static void test_empty_period(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = g_build_filename(f->dir, "empty-period.html", NULL);
	Summary *s = older_summary(f->s, "adhoc:45-CV/UBKTTU", NULL, 0, 0);
	g_autoptr(GError) err = NULL;
	assert_true(out_html_period(s, path, &err));
	g_autofree char *page = read_all(path);
	assert_self_contained(page);
	assert_non_null(strstr(page, "Báo cáo tổng hợp kỳ adhoc:45-CV/UBKTTU"));
	assert_non_null(strstr(page, "chưa xác định"));
	assert_non_null(strstr(page, "Không có cảnh báo"));
	summary_free(s);
	g_unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_page),
		cmocka_unit_test(test_index_page),
		cmocka_unit_test(test_index_empty),
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_empty_period),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
