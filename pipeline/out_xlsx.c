/*
 * out_xlsx.c - the workbook of a period (see out_xlsx.h), one of the writers of stage 6
 * beside out_docx.c and out_html.c; it reads a Summary and never the store.
 *
 * Main choices. Values are cells of their own type: numbers as numbers, codes such as
 * "2.2.3" as text, rates as fractions under "0.0%". An xlsx number format cannot carry
 * a locale, so numbers use "#,##0" (whole) or "#,##0.##" and Excel draws them with the
 * reader's separators: "1.250,5" on a Vietnamese system. The whole format is chosen per
 * cell because "#,##0.##" leaves a dangling separator ("12.") on whole numbers. The
 * totals are SUM formulas whose cached value is the sum of the cells written, that is
 * exactly what Excel would compute, because libxlsxwriter would otherwise store 0 and a
 * reader that does not recalculate would see 0. Writes to a sheet go through small
 * helpers that remember the first libxlsxwriter error and the widest text of each column,
 * so the sheets read as a list of cells and the widths fit at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>
#include "common.h"
#include "out_xlsx.h"

#define WIDTH_MIN 6
#define WIDTH_MAX 60
#define CELL_TEXT_MAX 32767   /* Excel's limit on the characters of one cell */
#define FONT_NAME "Times New Roman"
#define FONT_SIZE 12

typedef struct {
	lxw_workbook *wb;
	lxw_format *title, *head, *text, *wrap, *label;
	lxw_format *whole, *decimal, *whole_bold, *decimal_bold, *percent, *id;
	lxw_error err;            /* the first error of any call, LXW_NO_ERROR while none */
} Book;

typedef struct {
	Book *book;
	lxw_worksheet *ws;
	GArray *width;            /* guint per column: widest cell, in characters */
} Sheet;

static void book_note(Book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

static lxw_format *book_format(Book *b, gboolean bold, const char *num_format)
{
	lxw_format *f = workbook_add_format(b->wb);
	format_set_font_name(f, FONT_NAME);
	format_set_font_size(f, FONT_SIZE);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (bold)
		format_set_bold(f);
	if (num_format)
		format_set_num_format(f, num_format);
	return f;
}

static void book_formats(Book *b)
{
	b->text = book_format(b, FALSE, NULL);
	b->label = book_format(b, TRUE, NULL);
	b->wrap = book_format(b, FALSE, NULL);
	format_set_text_wrap(b->wrap);
	b->title = book_format(b, TRUE, NULL);
	format_set_font_size(b->title, FONT_SIZE + 2);
	b->head = book_format(b, TRUE, NULL);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_CENTER);
	format_set_bg_color(b->head, 0xD9D9D9);
	format_set_border(b->head, LXW_BORDER_THIN);
	/* Excel replaces ',' and '.' of a format by the reader's separators. */
	b->whole = book_format(b, FALSE, "#,##0");
	b->decimal = book_format(b, FALSE, "#,##0.##");
	b->whole_bold = book_format(b, TRUE, "#,##0");
	b->decimal_bold = book_format(b, TRUE, "#,##0.##");
	b->percent = book_format(b, FALSE, "0.0%");
	b->id = book_format(b, FALSE, "0");   /* a file number, not a quantity: no grouping */
}

static Sheet sheet_new(Book *b, const char *name)
{
	Sheet sh = { b, workbook_add_worksheet(b->wb, name), g_array_new(FALSE, TRUE, sizeof(guint)) };
	if (!sh.ws)
		book_note(b, LXW_ERROR_PARAMETER_VALIDATION);
	return sh;
}

static void sheet_fit(Sheet *sh, lxw_col_t col, guint chars)
{
	if (col >= sh->width->len)
		g_array_set_size(sh->width, col + 1);
	guint *w = &g_array_index(sh->width, guint, col);
	if (chars > *w)
		*w = chars;
}

/* Set the column widths from the widest cells, then forget them. */
static void sheet_finish(Sheet *sh)
{
	for (guint c = 0; sh->ws && c < sh->width->len; c++) {
		guint w = g_array_index(sh->width, guint, c) + 2;
		book_note(sh->book, worksheet_set_column(sh->ws, c, c, CLAMP(w, WIDTH_MIN, WIDTH_MAX),
		                                         NULL));
	}
	g_array_free(sh->width, TRUE);
	sh->width = NULL;
}

/* Text fit for a cell: valid UTF-8, no control characters but tab and line feed, at
 * most Excel's length. Text read from received files may hold anything. */
static char *clean_text(const char *s)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	GString *out = g_string_sized_new(strlen(valid));
	guint n = 0;
	for (const char *p = valid; *p && n < CELL_TEXT_MAX; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || c == 0xFFFE || c == 0xFFFF)
			c = ' ';
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* Widest line of a text, in characters. */
static guint text_chars(const char *s)
{
	guint best = 0;
	for (const char *p = s; *p;) {
		const char *nl = strchr(p, '\n');
		gsize len = nl ? (gsize)(nl - p) : strlen(p);
		guint n = (guint)g_utf8_strlen(p, (gssize)len);
		best = MAX(best, n);
		p += len + (nl ? 1 : 0);
	}
	return best;
}

static void cell_text(Sheet *sh, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	if (!sh->ws || !s || !*s)
		return;
	g_autofree char *t = clean_text(s);
	book_note(sh->book, worksheet_write_string(sh->ws, row, col, t, f ? f : sh->book->text));
	sheet_fit(sh, col, text_chars(t));
}

/* A header cell: a little wider, for the autofilter button. */
static void cell_head(Sheet *sh, lxw_row_t row, lxw_col_t col, const char *s)
{
	cell_text(sh, row, col, s, sh->book->head);
	sheet_fit(sh, col, text_chars(s) + 2);
}

static gboolean is_whole(double v)
{
	return fabs(v) < 1e15 && v == floor(v);
}

/* Characters of v as Excel draws it under our formats: "1.250.000", "-12,5". */
static guint number_chars(double v)
{
	g_autofree char *t = g_strdup_printf(is_whole(v) ? "%.0f" : "%.2f", fabs(v));
	guint digits = (guint)strcspn(t, ".");
	return digits + (digits - 1) / 3 + (is_whole(v) ? 0 : 3) + (v < 0 ? 1 : 0);
}

static lxw_format *number_format(Book *b, double v, gboolean bold)
{
	if (is_whole(v))
		return bold ? b->whole_bold : b->whole;
	return bold ? b->decimal_bold : b->decimal;
}

static void cell_number(Sheet *sh, lxw_row_t row, lxw_col_t col, double v, gboolean bold)
{
	if (!sh->ws || !isfinite(v))
		return;
	book_note(sh->book, worksheet_write_number(sh->ws, row, col, v,
	                                           number_format(sh->book, v, bold)));
	sheet_fit(sh, col, number_chars(v));
}

/* A submission number: a number a clerk can sort, drawn without grouping. */
static void cell_id(Sheet *sh, lxw_row_t row, lxw_col_t col, gint64 id)
{
	if (!sh->ws || id <= 0)
		return;
	book_note(sh->book, worksheet_write_number(sh->ws, row, col, (double)id, sh->book->id));
	g_autofree char *t = g_strdup_printf("%" G_GINT64_FORMAT, id);
	sheet_fit(sh, col, (guint)strlen(t));
}

/* percent in [0, 100], stored as the fraction Excel's "%" formats expect. */
static void cell_percent(Sheet *sh, lxw_row_t row, lxw_col_t col, double percent)
{
	if (!sh->ws || !isfinite(percent))
		return;
	book_note(sh->book, worksheet_write_number(sh->ws, row, col, percent / 100.0,
	                                           sh->book->percent));
	sheet_fit(sh, col, 6);
}

/* =SUM over rows first..last of col, with its value v cached in the file. */
static void cell_sum(Sheet *sh, lxw_row_t row, lxw_col_t col, lxw_row_t first, lxw_row_t last,
                     double v)
{
	if (!sh->ws)
		return;
	char name[LXW_MAX_CELL_NAME_LENGTH];
	lxw_col_to_name(name, col, LXW_FALSE);
	g_autofree char *formula = g_strdup_printf("=SUM(%s%u:%s%u)", name, first + 1, name, last + 1);
	book_note(sh->book, worksheet_write_formula_num(sh->ws, row, col, formula,
	                                                number_format(sh->book, v, TRUE), v));
	sheet_fit(sh, col, number_chars(v));
}

static void sheet_frame(Sheet *sh, lxw_row_t head, lxw_row_t last, lxw_col_t ncols,
                        lxw_col_t frozen_cols)
{
	if (!sh->ws || ncols == 0)
		return;
	worksheet_freeze_panes(sh->ws, head + 1, frozen_cols);
	book_note(sh->book, worksheet_autofilter(sh->ws, head, 0, MAX(last, head), ncols - 1));
}

static const char *period_name(const Summary *s)
{
	return s->name ? s->name : s->period ? s->period : "";
}

static const char *group_name(const Unit *u)
{
	const char *g = u && u->group ? summary_group_name(u->group) : NULL;
	return g ? g : u && u->group ? u->group : "";
}

/* "20/10/2025" from "2025-10-20", or NULL when it is not such a date (g_free). */
static char *date_text(const char *iso)
{
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return NULL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(iso[i]))
			return NULL;
	return g_strdup_printf("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static char *state_text(const UnitLine *l)
{
	switch (l->state) {
	case UNIT_ON_TIME:
		return g_strdup("Đúng hạn");
	case UNIT_LATE:
		if (l->sub && l->sub->days_late > 0)
			return g_strdup_printf("Muộn %d ngày", l->sub->days_late);
		return g_strdup("Muộn");
	case UNIT_MISSING:
		return g_strdup("Chưa nộp");
	case UNIT_NOT_EXPECTED:
		break;
	}
	return g_strdup("Không phải nộp");
}

static const char *severity_text(Severity sev)
{
	switch (sev) {
	case SEV_ERROR:
		return "Lỗi";
	case SEV_WARNING:
		return "Cảnh báo";
	case SEV_INFO:
		break;
	}
	return "Thông tin";
}

static void write_status(Book *b, const Summary *s)
{
	static const char *const heads[] = { "Mã đơn vị", "Tên đơn vị", "Khối", "Phải nộp",
	                                     "Đã nộp", "Tình trạng", "Hồ sơ số", "Tệp",
	                                     "Trạng thái" };
	const lxw_col_t ncols = G_N_ELEMENTS(heads);
	Sheet sh = sheet_new(b, "Tình hình nộp");
	if (sh.ws) {
		g_autofree char *title = g_strdup_printf("Tình hình nộp báo cáo kỳ %s", period_name(s));
		g_autofree char *t = clean_text(title);
		book_note(b, worksheet_merge_range(sh.ws, 0, 0, 0, ncols - 1, t, b->title));
	}
	for (lxw_col_t c = 0; c < ncols; c++)
		cell_head(&sh, 1, c, heads[c]);
	lxw_row_t row = 2;
	for (guint i = 0; s->units && i < s->units->len; i++, row++) {
		const UnitLine *l = s->units->pdata[i];
		g_autofree char *state = state_text(l);
		cell_text(&sh, row, 0, l->unit ? l->unit->code : NULL, NULL);
		cell_text(&sh, row, 1, l->unit ? l->unit->name : NULL, NULL);
		cell_text(&sh, row, 2, group_name(l->unit), NULL);
		cell_text(&sh, row, 3, l->expected ? "Có" : "Không", NULL);
		cell_text(&sh, row, 4, l->sub ? "Có" : "Không", NULL);
		cell_text(&sh, row, 5, state, NULL);
		if (l->sub) {
			cell_id(&sh, row, 6, l->sub->id);
			cell_text(&sh, row, 7, l->sub->file, NULL);
			cell_text(&sh, row, 8, l->complete ? "Đạt" : "Chưa đầy đủ", NULL);
		}
	}
	sheet_frame(&sh, 1, row - 1, ncols, 0);

	/* The counts under the table, labels in the wide name column. */
	row++;
	cell_text(&sh, row++, 1, "Tổng hợp", b->label);
	const struct { const char *label; guint n; } counts[] = {
		{ "Số đơn vị phải nộp", s->expected },
		{ "Số báo cáo đã nhận", s->received },
		{ "Nộp đúng hạn", s->on_time },
		{ "Nộp muộn", s->late },
		{ "Chưa nộp", s->missing },
		{ "Chưa đầy đủ", s->incomplete },
	};
	for (guint i = 0; i < G_N_ELEMENTS(counts); i++, row++) {
		cell_text(&sh, row, 1, counts[i].label, NULL);
		cell_number(&sh, row, 2, counts[i].n, FALSE);
	}
	cell_text(&sh, row, 1, "Tỷ lệ nộp báo cáo", NULL);
	cell_percent(&sh, row++, 2, s->reporting_rate);
	cell_text(&sh, row, 1, "Tỷ lệ nộp đúng hạn", NULL);
	cell_percent(&sh, row++, 2, s->on_time_rate);
	g_autofree char *due = date_text(s->due);
	if (due) {
		cell_text(&sh, row, 1, "Hạn nộp", NULL);
		cell_text(&sh, row++, 2, due, NULL);
	}
	sheet_finish(&sh);
}

static guint indicator_count(const Summary *s)
{
	if (!s->form || !s->form->indicators)
		return 0;
	return MIN(MIN(s->n_ind, s->form->indicators->len), SUMMARY_MAX_IND);
}

/* One unit's values; adds them to sum (period, year-to-date, per indicator). */
static void indicator_row(Sheet *sh, lxw_row_t row, const Summary *s, const UnitLine *l,
                          guint n, double *sum)
{
	cell_text(sh, row, 0, l->unit ? l->unit->code : NULL, NULL);
	cell_text(sh, row, 1, l->unit ? l->unit->name : NULL, NULL);
	for (guint i = 0; i < n; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		const IndicatorValue *v = record_indicator_get(l->rec, d->code);
		if (v && v->has_period && isfinite(v->period_value)) {
			cell_number(sh, row, 2 + 2 * i, v->period_value, FALSE);
			sum[2 * i] += v->period_value;
		}
		if (v && v->has_ytd && isfinite(v->ytd_value)) {
			cell_number(sh, row, 3 + 2 * i, v->ytd_value, FALSE);
			sum[2 * i + 1] += v->ytd_value;
		}
	}
}

static void write_indicators(Book *b, const Summary *s)
{
	const guint n = indicator_count(s);
	const lxw_col_t ncols = 2 + 2 * n;
	Sheet sh = sheet_new(b, "Chỉ số");
	cell_head(&sh, 0, 0, "Mã đơn vị");
	cell_head(&sh, 0, 1, "Tên đơn vị");
	for (guint i = 0; i < n; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		g_autofree char *p = g_strdup_printf("%s Trong kỳ", d->code);
		g_autofree char *y = g_strdup_printf("%s Lũy kế", d->code);
		cell_head(&sh, 0, 2 + 2 * i, p);
		cell_head(&sh, 0, 3 + 2 * i, y);
	}
	/* The rows summed are the reports of units that owe the period, as in the Summary's
	 * totals; a report from a unit that does not owe it is listed apart below. */
	double sum[2 * SUMMARY_MAX_IND] = { 0 }, ignored[2 * SUMMARY_MAX_IND] = { 0 };
	lxw_row_t row = 1;
	for (guint u = 0; s->units && u < s->units->len; u++) {
		const UnitLine *l = s->units->pdata[u];
		if (l->rec && l->expected)
			indicator_row(&sh, row++, s, l, n, sum);
	}
	const lxw_row_t last = row - 1;
	sheet_frame(&sh, 0, last, ncols, 2);

	cell_text(&sh, row, 1, "Tổng cộng", b->label);
	for (guint i = 0; i < n && last >= 1; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		if ((s->has_total[i] && fabs(s->total_period[i] - sum[2 * i]) > 1e-6) ||
		    (s->has_total_ytd[i] && fabs(s->total_ytd[i] - sum[2 * i + 1]) > 1e-6))
			log_msg(LOG_WARN, "xlsx: the total of %s differs from the sum of the units",
			        d->code);
		cell_sum(&sh, row, 2 + 2 * i, 1, last, sum[2 * i]);
		cell_sum(&sh, row, 3 + 2 * i, 1, last, sum[2 * i + 1]);
	}
	gboolean apart = FALSE;
	for (guint u = 0; s->units && u < s->units->len; u++) {
		const UnitLine *l = s->units->pdata[u];
		if (!l->rec || l->expected)
			continue;
		if (!apart) {
			row += 2;
			cell_text(&sh, row, 1, "Đơn vị không phải nộp (không cộng vào tổng)", b->label);
			apart = TRUE;
		}
		indicator_row(&sh, ++row, s, l, n, ignored);
	}
	row += 2;

	cell_text(&sh, row++, 1, "Theo khối", b->label);
	for (guint g = 0; s->groups && g < s->groups->len; g++, row++) {
		const GroupLine *gl = s->groups->pdata[g];
		const char *name = gl->group ? summary_group_name(gl->group) : NULL;
		cell_text(&sh, row, 1, name ? name : gl->group, NULL);
		for (guint i = 0; i < n; i++)
			if (gl->has_total[i])
				cell_number(&sh, row, 2 + 2 * i, gl->total_period[i], FALSE);
	}
	row++;

	/* What the codes mean; left out of the widths, the text runs over empty cells. */
	GArray *keep = g_array_copy(sh.width);
	cell_text(&sh, row++, 1, "Chỉ số", b->label);
	for (guint i = 0; i < n; i++, row++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		g_autofree char *what = d->unit && *d->unit
		                        ? g_strdup_printf("%s (%s)", d->label, d->unit)
		                        : g_strdup(d->label ? d->label : "");
		cell_text(&sh, row, 0, d->code, NULL);
		cell_text(&sh, row, 1, what, NULL);
	}
	g_array_free(sh.width, TRUE);
	sh.width = keep;
	sheet_finish(&sh);
}

static void write_tasks(Book *b, const Summary *s)
{
	const guint ns = s->form && s->form->statuses
	                 ? MIN(g_strv_length(s->form->statuses), G_N_ELEMENTS(((TaskLine *)0)->count))
	                 : 0;
	const lxw_col_t ncols = 3 + ns;
	Sheet sh = sheet_new(b, "Nhiệm vụ");
	cell_head(&sh, 0, 0, "Mã nhiệm vụ");
	cell_head(&sh, 0, 1, "Nội dung");
	for (guint k = 0; k < ns; k++)
		cell_head(&sh, 0, 2 + k, s->form->statuses[k]);
	cell_head(&sh, 0, 2 + ns, "Số đơn vị báo cáo");
	lxw_row_t row = 1;
	for (guint i = 0; s->tasks && i < s->tasks->len; i++, row++) {
		const TaskLine *t = s->tasks->pdata[i];
		cell_text(&sh, row, 0, t->code, NULL);
		cell_text(&sh, row, 1, t->wording, b->wrap);
		for (guint k = 0; k < ns; k++)
			cell_number(&sh, row, 2 + k, t->count[k], FALSE);
		cell_number(&sh, row, 2 + ns, t->reported, FALSE);
	}
	sheet_frame(&sh, 0, row - 1, ncols, 0);
	sheet_finish(&sh);
}

static void write_findings(Book *b, const Summary *s)
{
	static const char *const heads[] = { "Đơn vị", "Hồ sơ số", "Mã", "Mức độ", "Nội dung" };
	Sheet sh = sheet_new(b, "Phát hiện");
	for (lxw_col_t c = 0; c < G_N_ELEMENTS(heads); c++)
		cell_head(&sh, 0, c, heads[c]);
	lxw_row_t row = 1;
	for (guint i = 0; s->warnings && i < s->warnings->len; i++, row++) {
		const Warning *w = s->warnings->pdata[i];
		cell_text(&sh, row, 0, w->unit ? w->unit->name : NULL, NULL);
		cell_id(&sh, row, 1, w->submission);
		cell_text(&sh, row, 2, w->code, NULL);
		cell_text(&sh, row, 3, severity_text(w->severity), NULL);
		cell_text(&sh, row, 4, w->message, b->wrap);
	}
	sheet_frame(&sh, 0, row - 1, G_N_ELEMENTS(heads), 0);
	sheet_finish(&sh);
}

static void set_properties(Book *b, const Summary *s)
{
	g_autofree char *title = g_strdup_printf("Báo cáo tổng hợp kỳ %s", period_name(s));
	g_autofree char *subject = g_strdup(s->form && s->form->name ? s->form->name : "");
	g_autofree char *author = g_strdup("baocao");
	lxw_doc_properties p = {
		.title = title,
		.subject = subject,
		.author = author,
		/* a fixed date (BAOCAO_NOW) gives the same bytes on a re-run */
		.created = s->generated_at > 0 ? (time_t)s->generated_at : 0,
	};
	book_note(b, workbook_set_properties(b->wb, &p));
}

/* "error creating output xlsx file" from lxw_strerror's sentence (g_free). */
static char *lxw_message(lxw_error e)
{
	char *m = g_strdup(lxw_strerror(e));
	gsize len = strlen(m);
	while (len > 0 && (m[len - 1] == '.' || g_ascii_isspace(m[len - 1])))
		m[--len] = '\0';
	if (len > 1 && g_ascii_isupper(m[0]) && !g_ascii_isupper(m[1]))
		m[0] = g_ascii_tolower(m[0]);
	return m;
}

static void set_errno_error(GError **error, const char *path, int e)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write '%s': %s",
	            path, g_strerror(e));
}

/* Flush the finished temporary file to disk before it takes the final name. */
static gboolean sync_file(const char *tmp, const char *path, GError **error)
{
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		set_errno_error(error, path, errno);
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	close(fd);
	return TRUE;
}

gboolean out_xlsx_write(const Summary *s, const char *path, GError **error)
{
	g_autofree char *tmp = g_strconcat(path, ".tmp-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0) {
		set_errno_error(error, path, errno);
		return FALSE;
	}
	close(fd);

	/* libxlsxwriter's own scratch files go beside the output, not to /tmp. */
	g_autofree char *dir = g_path_get_dirname(path);
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = dir };
	Book b = { .wb = workbook_new_opt(tmp, &opt) };
	if (!b.wb) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "cannot write '%s': out of memory",
		            path);
		g_unlink(tmp);
		return FALSE;
	}
	book_formats(&b);
	set_properties(&b, s);
	write_status(&b, s);
	write_indicators(&b, s);
	write_tasks(&b, s);
	write_findings(&b, s);
	book_note(&b, workbook_close(b.wb));   /* frees the workbook, error or not */
	if (b.err != LXW_NO_ERROR) {
		g_autofree char *m = lxw_message(b.err);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write '%s': %s", path, m);
		g_unlink(tmp);
		return FALSE;
	}
	if (!sync_file(tmp, path, error)) {
		g_unlink(tmp);
		return FALSE;
	}
	if (fault_point("outbox write")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot write '%s': no space left on device (injected fault)", path);
		g_unlink(tmp);
		return FALSE;
	}
	if (rename(tmp, path) < 0) {
		set_errno_error(error, path, errno);
		g_unlink(tmp);
		return FALSE;
	}
	return TRUE;
}
