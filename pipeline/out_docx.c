/*
 * out_docx.c - the Word outputs (see out_docx.h), on docx_writer.c.
 *
 * The consolidated report follows HD 36-HD/VPTW: a two-column borderless header (the
 * superior body and the issuing body in capitals, "*", the number line; "ĐẢNG CỘNG SẢN
 * VIỆT NAM" underlined and the place and date in italics), the centred title block, the
 * body in 14 pt, the signature block beside "Nơi nhận". Its sections are those of the
 * form, in the form's wording, and its tables use the form's column labels, so the same
 * pipeline one level up reads every value back.
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "docx_writer.h"
#include "out_docx.h"
#include "vntext.h"

#define BODY_PT 14

static char *upper(const char *s)
{
	return g_utf8_strup(s ? s : "", -1);
}

static char *date_words(gint64 t)
{
	GDate d;
	clock_date(t, &d);
	int day = g_date_get_day(&d), month = g_date_get_month(&d);
	return g_strdup_printf("ngày %02d tháng %s%d năm %d", day, month < 3 ? "0" : "", month,
	                       g_date_get_year(&d));
}

static char *pct_vn(double v)
{
	g_autofree char *s = g_strdup_printf("%.1f", v);
	g_strdelimit(s, ".", ',');
	return g_strdup_printf("%s%%", s);
}

/* Header block: superior and issuing body left, Party title and place-date right. */
static void header_block(DocxWriter *w, const Body *b, const char *number_line, gint64 when)
{
	g_autofree char *sup = upper(b->superior), *name = upper(b->name);
	g_autofree char *date = date_words(when);
	g_autofree char *left = g_strdup_printf("^^%s\n^^**%s\n^^*\n^^%s", sup ? sup : "", name,
	                                        number_line);
	g_autofree char *right = g_strdup_printf("^^**!!++++ĐẢNG CỘNG SẢN VIỆT NAM\n^^__%s, %s",
	                                         b->place, date);
	const char *cells[] = { left, right };
	const guint widths[] = { 4900, 4455 };
	docx_table(w, 1, 2, cells, 0, widths, NULL, 13, TRUE);
}

static void title_block(DocxWriter *w, const char *type, const char *const *lines)
{
	docx_para(w, type, 16, DW_BOLD | DW_CENTER, NULL);
	for (guint i = 0; lines[i]; i++)
		docx_para(w, lines[i], BODY_PT, DW_BOLD | DW_CENTER, NULL);
	docx_para(w, "-----", BODY_PT, DW_CENTER, NULL);
}

static void signature_block(DocxWriter *w, const Body *b)
{
	GString *left = g_string_new("**__Nơi nhận:");
	for (guint i = 0; b->recipients[i]; i++)
		g_string_append_printf(left, "\n- %s%s", b->recipients[i],
		                       b->recipients[i + 1] ? "," : ".");
	g_autofree char *right = g_strdup_printf("^^**%s\n^^**%s\n\n\n\n^^**%s",
	                                         b->authority ? b->authority : "",
	                                         b->signer_title ? b->signer_title : "",
	                                         b->signer_name ? b->signer_name : "");
	const char *cells[] = { left->str, right };
	const guint widths[] = { 4677, 4678 };
	docx_table(w, 1, 2, cells, 0, widths, NULL, 12, TRUE);
	g_string_free(left, TRUE);
}

static const char *status_for(const TaskLine *t, const FormDef *f)
{
	/* one status for the body from its units': all done, all n/a, none started, else
	 * under way */
	guint done = 0, na = 0, not_started = 0;
	for (guint j = 0; j < 8 && f->statuses[j]; j++) {
		g_autofree char *k = vn_key(f->statuses[j]);
		if (!strcmp(k, "hoan thanh"))
			done = t->count[j];
		else if (!strcmp(k, "khong phat sinh"))
			na = t->count[j];
		else if (!strcmp(k, "chua thuc hien"))
			not_started = t->count[j];
	}
	if (t->reported && done == t->reported)
		return "Hoàn thành";
	if (t->reported && na == t->reported)
		return "Không phát sinh";
	if (t->reported && not_started + na == t->reported)
		return "Chưa thực hiện";
	return "Đang thực hiện";
}

static const SectionDef *section(const FormDef *f, const char *roman)
{
	for (guint i = 0; i < f->sections->len; i++)
		if (!strcmp(((SectionDef *)f->sections->pdata[i])->roman, roman))
			return f->sections->pdata[i];
	return NULL;
}

static void heading(DocxWriter *w, const FormDef *f, const char *roman)
{
	const SectionDef *s = section(f, roman);
	g_autofree char *h = upper(s ? s->heading : "");
	g_autofree char *line = g_strdup_printf("%s. %s", roman, h);
	docx_para(w, line, BODY_PT, DW_BOLD | DW_JUSTIFY, NULL);
}

/* Difficulties or proposals of every unit, quoted and attributed. */
static void quoted(DocxWriter *w, const Summary *s, const char *field)
{
	guint n = 0;
	for (guint u = 0; u < s->units->len; u++) {
		const UnitLine *l = s->units->pdata[u];
		const char *v = l->rec ? record_value(l->rec, field) : NULL;
		if (!l->expected || !v || !*v)
			continue;
		g_autofree char *k = vn_key(v);
		if (g_str_has_prefix(k, "khong co"))
			continue;
		g_autofree char *one = g_strdup(v);
		g_strdelimit(one, "\n", ' ');
		g_autofree char *p = g_strdup_printf("- %s: “%s”", l->unit->name, g_strstrip(one));
		docx_para(w, p, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
		n++;
	}
	if (!n)
		docx_para(w, "Không có.", BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
}

gboolean out_docx_consolidated(const Summary *s, const Body *b, const char *path,
                               GError **error)
{
	const FormDef *f = s->form;
	g_autofree char *title = g_strdup_printf("Báo cáo tổng hợp kỳ %s", s->name);
	g_autoptr(DocxWriter) w = docx_writer_new(title);
	g_autofree char *number = g_strdup_printf("Số      -BC/%s", b->symbol);
	header_block(w, b, number, s->generated_at);
	g_autofree char *period_line = g_strdup_printf("Kỳ báo cáo: %s", s->name);
	const char *lines[] = { "kết quả thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị",
	                        "về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới",
	                        period_line, NULL };
	title_block(w, "BÁO CÁO", lines);

	/* I: the submission situation and the warnings, then the (empty) table of documents */
	heading(w, f, "I");
	g_autofree char *rr = pct_vn(s->reporting_rate), *ro = pct_vn(s->on_time_rate);
	g_autofree char *due = NULL;
	if (s->due) {
		int y, m, d;
		if (sscanf(s->due, "%d-%d-%d", &y, &m, &d) == 3)
			due = g_strdup_printf(", hạn nộp ngày %02d/%02d/%04d", d, m, y);
	}
	g_autofree char *situation = g_strdup_printf(
		"Kỳ %s%s, có %u đơn vị phải báo cáo; đã nhận %u báo cáo (tỷ lệ báo cáo %s), trong đó "
		"%u báo cáo đúng hạn (tỷ lệ đúng hạn %s) và %u báo cáo muộn; %u đơn vị chưa nộp; "
		"%u báo cáo chưa đầy đủ theo mẫu.", s->name, due ? due : "", s->expected, s->received,
		rr, s->on_time, ro, s->late, s->missing, s->incomplete);
	docx_para(w, situation, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
	if (s->warnings->len) {
		docx_para(w, "Những vấn đề cần lưu ý:", BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
		for (guint i = 0; i < s->warnings->len; i++) {
			const Warning *wa = s->warnings->pdata[i];
			g_autofree char *p = g_strdup_printf("- %s", wa->message);
			docx_para(w, p, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
		}
	}
	{
		const char *cells[] = { "TT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung" };
		const guint widths[] = { 700, 2000, 1800, 4855 };
		docx_table(w, 1, 4, cells, 1, widths, NULL, 13, FALSE);
	}

	/* II: task progress, one status for the body per task */
	heading(w, f, "II");
	{
		guint rows = s->tasks->len + 1;
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		const char *head[] = { "TT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Tình trạng", "Sản phẩm, kết quả" };
		for (guint c = 0; c < 5; c++)
			g_ptr_array_add(cells, g_strdup(head[c]));
		for (guint i = 0; i < s->tasks->len; i++) {
			const TaskLine *t = s->tasks->pdata[i];
			GString *res = g_string_new(NULL);
			for (guint j = 0; j < 8 && f->statuses[j]; j++)
				if (t->count[j])
					g_string_append_printf(res, "%s%s: %u", res->len ? "; " : "", f->statuses[j],
					                        t->count[j]);
			g_string_append_printf(res, " (%u đơn vị báo cáo)", t->reported);
			g_ptr_array_add(cells, g_strdup_printf("%u", i + 1));
			g_ptr_array_add(cells, g_strdup(t->code));
			g_ptr_array_add(cells, g_strdup(t->wording));
			g_ptr_array_add(cells, g_strdup(status_for(t, f)));
			g_ptr_array_add(cells, g_string_free(res, FALSE));
		}
		const guint widths[] = { 600, 1100, 3955, 1600, 2100 };
		docx_table(w, rows, 5, (const char *const *)cells->pdata, 1, widths, NULL, 12, FALSE);
	}

	/* III: indicator totals, then by group */
	heading(w, f, "III");
	{
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		const char *head[] = { "TT", "Mã", "Chỉ số", "Đơn vị tính", "Trong kỳ", "Lũy kế từ đầu năm" };
		for (guint c = 0; c < 6; c++)
			g_ptr_array_add(cells, g_strdup(head[c]));
		for (guint k = 0; k < s->n_ind; k++) {
			const IndicatorDef *d = f->indicators->pdata[k];
			g_ptr_array_add(cells, g_strdup_printf("%u", k + 1));
			g_ptr_array_add(cells, g_strdup(d->code));
			g_ptr_array_add(cells, g_strdup(d->label));
			g_ptr_array_add(cells, g_strdup(d->unit ? d->unit : ""));
			g_ptr_array_add(cells, s->has_total[k] ? summary_number_vn(s->total_period[k]) : g_strdup(""));
			g_ptr_array_add(cells, s->has_total_ytd[k] ? summary_number_vn(s->total_ytd[k]) : g_strdup(""));
		}
		const guint widths[] = { 500, 800, 3555, 1300, 1500, 1700 };
		docx_table(w, s->n_ind + 1, 6, (const char *const *)cells->pdata, 1, widths, NULL, 12, FALSE);
	}
	docx_para(w, "Kết quả trong kỳ theo khối đơn vị:", BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
	{
		guint cols = 4 + s->n_ind;
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(cells, g_strdup("Khối đơn vị"));
		g_ptr_array_add(cells, g_strdup("Phải nộp"));
		g_ptr_array_add(cells, g_strdup("Đã nộp"));
		g_ptr_array_add(cells, g_strdup("Đúng hạn"));
		for (guint k = 0; k < s->n_ind; k++)
			g_ptr_array_add(cells, g_strdup(((IndicatorDef *)f->indicators->pdata[k])->code));
		for (guint i = 0; i < s->groups->len; i++) {
			const GroupLine *g = s->groups->pdata[i];
			g_ptr_array_add(cells, g_strdup(summary_group_name(g->group)));
			g_ptr_array_add(cells, g_strdup_printf("%u", g->expected));
			g_ptr_array_add(cells, g_strdup_printf("%u", g->received));
			g_ptr_array_add(cells, g_strdup_printf("%u", g->on_time));
			for (guint k = 0; k < s->n_ind; k++)
				g_ptr_array_add(cells, g->has_total[k] ? summary_number_vn(g->total_period[k]) : g_strdup(""));
		}
		docx_table(w, s->groups->len + 1, cols, (const char *const *)cells->pdata, 1, NULL,
		           NULL, 9, FALSE);
	}

	heading(w, f, "IV");
	quoted(w, s, "difficulties");
	heading(w, f, "V");
	quoted(w, s, "proposals");
	signature_block(w, b);

	/* appendix: one row per unit */
	docx_para(w, "PHỤ LỤC", BODY_PT, DW_BOLD | DW_CENTER | DW_PAGE_BREAK, NULL);
	g_autofree char *ap = g_strdup_printf("Tình hình báo cáo và số liệu trong kỳ của từng đơn vị, kỳ %s", s->name);
	docx_para(w, ap, BODY_PT, DW_ITALIC | DW_CENTER, NULL);
	{
		guint cols = 3 + s->n_ind;
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(cells, g_strdup("Đơn vị"));
		g_ptr_array_add(cells, g_strdup("Tình hình nộp"));
		g_ptr_array_add(cells, g_strdup("Đầy đủ"));
		for (guint k = 0; k < s->n_ind; k++)
			g_ptr_array_add(cells, g_strdup(((IndicatorDef *)f->indicators->pdata[k])->code));
		for (guint u = 0; u < s->units->len; u++) {
			const UnitLine *l = s->units->pdata[u];
			g_ptr_array_add(cells, g_strdup(l->unit->name));
			g_ptr_array_add(cells, l->state == UNIT_ON_TIME ? g_strdup("Đúng hạn")
			                : l->state == UNIT_LATE ? g_strdup_printf("Muộn %d ngày", l->sub->days_late)
			                : l->state == UNIT_MISSING ? g_strdup("Chưa nộp") : g_strdup("Không phải nộp"));
			g_ptr_array_add(cells, g_strdup(!l->sub ? "" : l->complete ? "Đạt" : "Chưa đầy đủ"));
			for (guint k = 0; k < s->n_ind; k++) {
				const IndicatorValue *v = l->rec ? record_indicator_get(l->rec,
				                          ((IndicatorDef *)f->indicators->pdata[k])->code) : NULL;
				g_ptr_array_add(cells, v && v->has_period ? summary_number_vn(v->period_value) : g_strdup(""));
			}
		}
		docx_table(w, s->units->len + 1, cols, (const char *const *)cells->pdata, 1, NULL, NULL,
		           9, FALSE);
	}
	return docx_writer_save(w, path, error);
}

gboolean out_docx_feedback(const Summary *s, const UnitLine *l, const Body *b,
                           const char *path, GError **error)
{
	g_autofree char *title = g_strdup_printf("Phản hồi báo cáo kỳ %s của %s", s->name, l->unit->name);
	g_autoptr(DocxWriter) w = docx_writer_new(title);
	g_autofree char *number = g_strdup_printf("Số      -CV/%s", b->symbol);
	header_block(w, b, number, s->generated_at);
	g_autofree char *about = g_strdup_printf("về báo cáo kết quả thực hiện Nghị quyết số 66-NQ/TW kỳ %s", s->name);
	const char *lines[] = { about, NULL };
	title_block(w, "PHIẾU PHẢN HỒI", lines);
	g_autofree char *to = g_strdup_printf("Kính gửi: %s.", l->unit->name);
	docx_para(w, to, BODY_PT, DW_CENTER, NULL);
	if (!l->sub) {
		g_autofree char *p = l->expected
			? g_strdup_printf("Đến nay, %s chưa nhận được báo cáo kỳ %s của đơn vị%s. Đề nghị "
			                  "đơn vị gửi báo cáo theo mẫu trong thời gian sớm nhất.",
			                  b->name, s->name, s->due ? " (đã quá hạn nộp)" : "")
			: g_strdup_printf("Kỳ %s đơn vị không thuộc diện phải báo cáo.", s->name);
		docx_para(w, p, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
	} else {
		g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(l->sub->received_at);
		g_autoptr(GDateTime) local = g_date_time_to_timezone(utc, clock_tz());
		g_autofree char *when = g_date_time_format(local, "ngày %d/%m/%Y lúc %H:%M");
		g_autofree char *p = g_strdup_printf(
			"%s đã nhận báo cáo của đơn vị (tệp \"%s\", %s), %s. Báo cáo %s.",
			b->name, l->sub->file, when,
			l->state == UNIT_LATE ? "nộp muộn so với hạn" : "nộp đúng hạn",
			l->complete ? "đã đầy đủ theo mẫu" : "chưa đầy đủ theo mẫu");
		docx_para(w, p, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
		guint n = 0;
		for (guint i = 0; l->rec && i < l->rec->findings->len; i++) {
			const Finding *f = l->rec->findings->pdata[i];
			if (f->severity == SEV_INFO)
				continue;
			if (!n++)
				docx_para(w, "Những nội dung đề nghị đơn vị bổ sung, điều chỉnh:", BODY_PT,
				          DW_JUSTIFY | DW_INDENT, NULL);
			g_autofree char *item = g_strdup_printf("- %s", f->message);
			docx_para(w, item, BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
		}
		docx_para(w, n ? "Đề nghị đơn vị gửi lại báo cáo đã bổ sung (bản gửi sau sẽ thay thế bản trước)."
		               : "Cảm ơn đơn vị đã thực hiện tốt chế độ báo cáo.",
		          BODY_PT, DW_JUSTIFY | DW_INDENT, NULL);
	}
	signature_block(w, b);
	return docx_writer_save(w, path, error);
}

gboolean out_docx_template(const FormDef *f, const Rules *rules, const char *path,
                           GError **error)
{
	g_autoptr(DocxWriter) w = docx_writer_new(f->name);
	/* the header: the unit fills its own names in the tagged lines */
	const char *hcells[] = {
		"^^[TÊN CẤP ỦY CẤP TRÊN]\n{issuer}^^**[TÊN ĐƠN VỊ]\n^^*\n{doc_number}^^Số [số, ký hiệu]",
		"^^**!!++ĐẢNG CỘNG SẢN VIỆT NAM\n{doc_date}^^__[địa danh], ngày [ngày] tháng [tháng] năm [năm]" };
	const guint widths[] = { 4200, 5155 };
	docx_table(w, 1, 2, hcells, 0, widths, NULL, BODY_PT, TRUE);
	docx_para(w, "BÁO CÁO", 16, DW_BOLD | DW_CENTER, NULL);
	docx_para(w, "kết quả thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị", BODY_PT, DW_BOLD | DW_CENTER, NULL);
	docx_para(w, "về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới", BODY_PT, DW_BOLD | DW_CENTER, NULL);
	docx_para(w, "Kỳ báo cáo: [tháng 10 năm 2025 / quý IV năm 2025 / năm 2025]", BODY_PT, DW_BOLD | DW_CENTER, "period");
	docx_para(w, "-----", BODY_PT, DW_CENTER, NULL);
	heading(w, f, "I");
	docx_para(w, "[Tình hình lãnh đạo, chỉ đạo, quán triệt, tuyên truyền trong kỳ]", BODY_PT, DW_JUSTIFY | DW_INDENT, "leadership_text");
	{
		const char *cells[] = { "TT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung" };
		const guint wd[] = { 700, 2000, 1800, 4855 };
		docx_table(w, 1, 4, cells, 1, wd, NULL, 13, FALSE);
	}
	heading(w, f, "II");
	{
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		const char *head[] = { "TT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Tình trạng", "Sản phẩm, kết quả" };
		for (guint c = 0; c < 5; c++)
			g_ptr_array_add(cells, g_strdup(head[c]));
		for (guint i = 0; i < rules->tasks->len; i++) {
			const TaskDef *t = rules->tasks->pdata[i];
			g_ptr_array_add(cells, g_strdup_printf("%u", i + 1));
			g_ptr_array_add(cells, g_strdup(t->code));
			g_ptr_array_add(cells, g_strdup(t->wording));
			g_ptr_array_add(cells, g_strdup("[tình trạng]"));
			g_ptr_array_add(cells, g_strdup("[sản phẩm, kết quả]"));
		}
		const guint wd[] = { 600, 1100, 3955, 1600, 2100 };
		docx_table(w, rules->tasks->len + 1, 5, (const char *const *)cells->pdata, 1, wd, NULL, 12, FALSE);
	}
	heading(w, f, "III");
	{
		guint n = f->indicators->len;
		g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func(g_free);
		const char *head[] = { "TT", "Mã", "Chỉ số", "Đơn vị tính", "Trong kỳ", "Lũy kế từ đầu năm" };
		for (guint c = 0; c < 6; c++) {
			g_ptr_array_add(cells, g_strdup(head[c]));
			g_ptr_array_add(tags, NULL);
		}
		for (guint k = 0; k < n; k++) {
			const IndicatorDef *d = f->indicators->pdata[k];
			g_ptr_array_add(cells, g_strdup_printf("%u", k + 1));
			g_ptr_array_add(cells, g_strdup(d->code));
			g_ptr_array_add(cells, g_strdup(d->label));
			g_ptr_array_add(cells, g_strdup(d->unit ? d->unit : ""));
			g_ptr_array_add(cells, g_strdup_printf("[%s trong kỳ]", d->code));
			g_ptr_array_add(cells, g_strdup_printf("[%s lũy kế]", d->code));
			for (guint c = 0; c < 4; c++)
				g_ptr_array_add(tags, NULL);
			g_ptr_array_add(tags, g_strdup_printf("%s.period", d->code));
			g_ptr_array_add(tags, g_strdup_printf("%s.ytd", d->code));
		}
		const guint wd[] = { 500, 800, 3555, 1300, 1500, 1700 };
		docx_table(w, n + 1, 6, (const char *const *)cells->pdata, 1, wd,
		           (const char *const *)tags->pdata, 12, FALSE);
	}
	heading(w, f, "IV");
	docx_para(w, "[Khó khăn, vướng mắc và nguyên nhân; ghi \"Không có.\" nếu không có]", BODY_PT, DW_JUSTIFY | DW_INDENT, "difficulties");
	heading(w, f, "V");
	docx_para(w, "[Đề xuất, kiến nghị; ghi \"Không có.\" nếu không có]", BODY_PT, DW_JUSTIFY | DW_INDENT, "proposals");
	{
		const char *cells[] = { "**__Nơi nhận:\n- Ủy ban Kiểm tra Thành ủy,\n- Lưu Văn phòng Đảng ủy.",
		                        "^^**T/M BAN THƯỜNG VỤ\n{signer_title}^^**[CHỨC VỤ]\n\n\n\n{signer_name}^^**[Họ và tên]" };
		const guint wd[] = { 4677, 4678 };
		docx_table(w, 1, 2, cells, 0, wd, NULL, 12, TRUE);
	}
	return docx_writer_save(w, path, error);
}
