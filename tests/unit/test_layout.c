/*
 * test_layout.c - words with boxes into paragraphs and tables (pipeline/layout.c).
 *
 * Pages are built by hand in points: every character 6 pt wide, every word 12 pt high,
 * lines 16 pt apart, a text area from x = 60 to x = 540. Each test states the layout a
 * real page has (the two-column header, a ruled table, justified paragraphs, a running
 * page number) and checks the Doc that comes out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "layout.h"

#define CW 6.0f
#define H 12.0f

/* Put the words of text on line y from x, one space (CW) between words; returns the
 * x where the text ends. Extra spaces in text widen the gaps. */
static float put(LayoutPage *p, float x, float y, const char *text)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	for (char **w = words; *w; w++) {
		if (**w == '\0') {
			x += CW;
			continue;
		}
		float w_len = CW * (float) g_utf8_strlen(*w, -1);
		layout_page_add(p, *w, x, y, x + w_len, y + H, 1.0f, FALSE);
		x += w_len + CW;
	}
	return x - CW;
}

/* Justified: the words spread so the line ends at x1. */
static void put_justified(LayoutPage *p, float x0, float x1, float y, const char *text)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	guint n = g_strv_length(words);
	float len = 0;
	for (guint i = 0; i < n; i++)
		len += CW * (float) g_utf8_strlen(words[i], -1);
	float gap = n > 1 ? (x1 - x0 - len) / (float) (n - 1) : 0;
	/* as a word processor justifies: spaces stretched a little, not blown up */
	gap = CLAMP(gap, CW, 1.3f * CW);
	float x = x0;
	for (guint i = 0; i < n; i++) {
		float w_len = CW * (float) g_utf8_strlen(words[i], -1);
		layout_page_add(p, words[i], x, y, x + w_len, y + H, 1.0f, FALSE);
		x += w_len + gap;
	}
}

static const DocBlock *block(const Doc *d, guint i)
{
	assert_true(i < d->body->len);
	return d->body->pdata[i];
}

static char *cell(const DocBlock *b, guint r, guint c)
{
	assert_int_equal(b->type, BLOCK_TABLE);
	return doc_cell_text(doc_table_cell(&b->table, r, c));
}

static void test_header_two_columns(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	put(p, 80, 60, "ĐẢNG BỘ THÀNH PHỐ");
	put(p, 330, 60, "ĐẢNG CỘNG SẢN VIỆT NAM");
	put(p, 90, 76, "ĐẢNG ỦY SỞ X");
	put(p, 120, 92, "*");
	put(p, 310, 92, "Hải Phòng, ngày      tháng 10 năm 2025");
	put(p, 80, 108, "Số:      -BC/ĐU");
	put(p, 279, 140, "BÁO CÁO");
	put_justified(p, 60, 540, 172, "Thực hiện kế hoạch của Ban Thường vụ, Đảng ủy báo cáo như sau");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	const DocBlock *t = block(d, 0);
	assert_int_equal(t->type, BLOCK_TABLE);
	assert_int_equal(t->table.n_cols, 2);
	g_autofree char *left = cell(t, 0, 0), *right = cell(t, 0, 1);
	/* one paragraph per printed line, the blank number kept inside its line */
	assert_string_equal(left, "ĐẢNG BỘ THÀNH PHỐ\nĐẢNG ỦY SỞ X\n*\nSố: -BC/ĐU");
	assert_string_equal(right, "ĐẢNG CỘNG SẢN VIỆT NAM\nHải Phòng, ngày tháng 10 năm 2025");
	/* the centred title ends the header */
	assert_int_equal(block(d, 1)->type, BLOCK_PARA);
	assert_string_equal(block(d, 1)->para.text, "BÁO CÁO");
	assert_true(block(d, 1)->para.centered);
}

static void test_paragraphs(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	put_justified(p, 90, 540, 100, "Ban Thường vụ Đảng ủy đã tổ chức hội nghị quán triệt Nghị quyết số 66-");
	put(p, 60, 116, "NQ/TW đến các chi bộ.");
	put_justified(p, 90, 540, 132, "Công tác tuyên truyền được thực hiện thường xuyên, liên tục, kịp thời,");
	put(p, 60, 148, "trên bản tin nội bộ.");
	put(p, 60, 164, "- Đề nghị hướng dẫn rà soát văn bản.");
	put(p, 60, 180, "- Đề nghị bố trí kinh phí.");
	put(p, 294, 800, "2");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	assert_int_equal(d->body->len, 4);
	/* the symbol cut at the line end is joined without a space */
	assert_string_equal(block(d, 0)->para.text,
	                    "Ban Thường vụ Đảng ủy đã tổ chức hội nghị quán triệt Nghị quyết số 66-NQ/TW đến các chi bộ.");
	assert_string_equal(block(d, 1)->para.text,
	                    "Công tác tuyên truyền được thực hiện thường xuyên, liên tục, kịp thời, trên bản tin nội bộ.");
	assert_string_equal(block(d, 2)->para.text, "- Đề nghị hướng dẫn rà soát văn bản.");
	assert_string_equal(block(d, 3)->para.text, "- Đề nghị bố trí kinh phí.");
	/* the running page number is gone */
	for (guint i = 0; i < d->body->len; i++)
		assert_null(strstr(block(d, i)->para.text, " 2"));
}

static void test_table_wrapped_cells(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	put(p, 62, 100, "TT");
	put(p, 90, 100, "Mã");
	put(p, 130, 100, "Chỉ số");
	put(p, 380, 100, "Trong kỳ");
	put(p, 460, 100, "Lũy kế");
	put(p, 66, 120, "1");
	put(p, 90, 120, "CS01");
	put_justified(p, 130, 360, 120, "Số hội nghị quán triệt, tuyên");
	put(p, 400, 120, "3");
	put(p, 470, 120, "17");
	put(p, 130, 136, "truyền Nghị quyết");
	put(p, 66, 156, "2");
	put(p, 90, 156, "CS09");
	put(p, 130, 156, "Số hồ sơ được số hóa");
	put(p, 390, 156, "1.322");
	put(p, 466, 156, "6.389");
	put(p, 60, 190, "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	const DocBlock *t = block(d, 0);
	assert_int_equal(t->table.n_cols, 5);
	assert_int_equal(t->table.n_rows, 3);
	g_autofree char *label = cell(t, 1, 2), *v1 = cell(t, 1, 3), *v2 = cell(t, 2, 3),
	                *y2 = cell(t, 2, 4), *code = cell(t, 2, 1);
	assert_string_equal(label, "Số hội nghị quán triệt, tuyên truyền Nghị quyết");
	assert_string_equal(v1, "3");
	assert_string_equal(code, "CS09");
	assert_string_equal(v2, "1.322");
	assert_string_equal(y2, "6.389");
	/* the heading after the table is not a row of it */
	assert_int_equal(block(d, 1)->type, BLOCK_PARA);
	assert_string_equal(block(d, 1)->para.text, "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN");
}

/* A scan of a ruled table carried on from the page before (no header row): the OCRed
 * words of a justified cell stand as far apart as the cells do (gaps of 1.5 H), and the
 * next line of the cell runs across those gaps; only the vertical rules split the row.
 * The heading above, whose "III." OCR read as "IH.", spaced out like a row, is no row. */
static void test_scanned_ruled_table(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	static const float rules[] = { 58, 86, 126, 372, 452, 540 };
	for (guint i = 0; i < G_N_ELEMENTS(rules); i++) {
		LayoutRule r = { rules[i], 96, 180 };
		g_array_append_val(p->vrules, r);
	}
	put(p, 60, 80, "IH.   CÁC   CHỈ SỐ GIÁM SÁT");
	put(p, 66, 100, "1");
	put(p, 90, 100, "CS01");
	put(p, 130, 100, "Số   hội   nghị   quán   triệt,   tuyên");
	put(p, 400, 100, "3");
	put(p, 470, 100, "17");
	put(p, 130, 116, "truyền Nghị quyết trong toàn Đảng bộ");
	put(p, 66, 136, "2");
	put(p, 90, 136, "CS09");
	put(p, 130, 136, "Số   hồ   sơ   được   số   hóa");
	put(p, 390, 136, "1.322");
	put(p, 466, 136, "6.389");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	assert_int_equal(block(d, 0)->type, BLOCK_PARA);
	assert_string_equal(block(d, 0)->para.text, "IH. CÁC CHỈ SỐ GIÁM SÁT");
	const DocBlock *t = block(d, 1);
	assert_int_equal(t->table.n_cols, 5);
	assert_int_equal(t->table.n_rows, 2);
	g_autofree char *label = cell(t, 0, 2), *v1 = cell(t, 0, 3), *y2 = cell(t, 1, 4);
	assert_string_equal(label, "Số hội nghị quán triệt, tuyên truyền Nghị quyết trong toàn Đảng bộ");
	assert_string_equal(v1, "3");
	assert_string_equal(y2, "6.389");
}

/* A text-layer task table whose result column has words in one row only (the other
 * fifteen tasks have no product yet): still a column of its own, not part of the status; and
 * the heading "3. CÁC CHỈ SỐ GIÁM SÁT" right under the table is no row of it. */
static void test_sparse_column_and_numbered_heading(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	put(p, 62, 100, "TT");
	put(p, 130, 100, "Nội dung nhiệm vụ");
	put(p, 370, 100, "Tình trạng");
	put(p, 444, 100, "Sản phẩm");
	static const char *const tasks[] = { "Lãnh đạo, chỉ đạo tuyên truyền", "Tuyên truyền thường xuyên",
	                                     "Gắn quán triệt nghị quyết", "Đổi mới phương thức",
	                                     "Tăng cường bồi dưỡng", "Đẩy mạnh tuyên truyền",
	                                     "Ứng dụng công nghệ số", "Đề xuất cơ chế, giải pháp",
	                                     "Rà soát hệ thống văn bản" };
	float y = 120;
	for (guint i = 0; i < 16; i++, y += 20) {
		char n[4];
		g_snprintf(n, sizeof n, "%u", i + 1);
		put(p, 66, y, n);
		put(p, 130, y, tasks[i % G_N_ELEMENTS(tasks)]);
		put(p, 370, y, i == 4 ? "Hoàn thành" : "Chưa thực");
		if (i == 4)
			put(p, 444, y, "Số hóa 880 hồ sơ");
	}
	put(p, 60, y + 6, "3. CÁC CHỈ SỐ GIÁM SÁT");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	const DocBlock *t = block(d, 0);
	assert_int_equal(t->table.n_cols, 4);
	assert_int_equal(t->table.n_rows, 17);
	g_autofree char *status = cell(t, 5, 2), *result = cell(t, 5, 3), *head = cell(t, 0, 3);
	assert_string_equal(status, "Hoàn thành");
	assert_string_equal(result, "Số hóa 880 hồ sơ");
	assert_string_equal(head, "Sản phẩm");
	assert_int_equal(block(d, 1)->type, BLOCK_PARA);
	assert_string_equal(block(d, 1)->para.text, "3. CÁC CHỈ SỐ GIÁM SÁT");
}

static void test_justified_line_is_no_table(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(595, 842);
	put_justified(p, 90, 540, 100, "Theo đề nghị của Bộ Tài chính tại các Công văn số 1060/BTC-QLGCS và");
	put_justified(p, 60, 540, 116, "nội dung các Công văn số 1187/BTC-ĐT ngày 24/01/2025 về việc xin ý kiến dự");
	put(p, 60, 132, "các Công văn nêu trên.");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p);
	assert_int_equal(d->body->len, 1);
	assert_int_equal(block(d, 0)->type, BLOCK_PARA);
	assert_string_equal(block(d, 0)->para.text,
	                    "Theo đề nghị của Bộ Tài chính tại các Công văn số 1060/BTC-QLGCS và nội dung "
	                    "các Công văn số 1187/BTC-ĐT ngày 24/01/2025 về việc xin ý kiến dự các Công văn "
	                    "nêu trên.");
}

static void test_paragraph_across_pages(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p1 = layout_page_new(595, 842);
	g_autoptr(LayoutPage) p2 = layout_page_new(595, 842);
	put(p1, 60, 100, "Mở đầu.");
	put_justified(p1, 90, 540, 116, "Đội ngũ cán bộ làm công tác pháp chế của các cơ quan còn mỏng, phần");
	put(p2, 60, 60, "lớn kiêm nhiệm.");
	put(p2, 60, 76, "- Ý kiến khác.");
	g_autoptr(Doc) d = doc_new("pdf");
	layout_append_page(d, p1);
	layout_append_page(d, p2);
	assert_int_equal(d->body->len, 3);
	assert_string_equal(block(d, 1)->para.text,
	                    "Đội ngũ cán bộ làm công tác pháp chế của các cơ quan còn mỏng, phần lớn kiêm nhiệm.");
	assert_string_equal(block(d, 2)->para.text, "- Ý kiến khác.");
}

static void test_low_confidence_reaches_paragraph(void **state)
{
	(void) state;
	g_autoptr(LayoutPage) p = layout_page_new(2480, 3508);
	layout_page_add(p, "Số", 300, 400, 360, 450, 0.96f, FALSE);
	layout_page_add(p, "6O-BC/ĐU", 380, 400, 600, 450, 0.41f, FALSE);
	layout_page_add(p, "", 700, 400, 720, 450, 0.1f, FALSE); /* empty words are ignored */
	g_autoptr(Doc) d = doc_new("image");
	layout_append_page(d, p);
	assert_int_equal(d->body->len, 1);
	assert_string_equal(block(d, 0)->para.text, "Số 6O-BC/ĐU");
	assert_true(block(d, 0)->para.conf < 0.42f && block(d, 0)->para.conf > 0.40f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_two_columns),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_table_wrapped_cells),
		cmocka_unit_test(test_justified_line_is_no_table),
		cmocka_unit_test(test_scanned_ruled_table),
		cmocka_unit_test(test_sparse_column_and_numbered_heading),
		cmocka_unit_test(test_paragraph_across_pages),
		cmocka_unit_test(test_low_confidence_reaches_paragraph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
