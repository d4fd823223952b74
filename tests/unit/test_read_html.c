/*
 * test_read_html.c - unit tests for the HTML reader (read_html.c).
 *
 * The real example is Word's "Save as web page" output sent with a .doc name
 * (../shared/corpus/bad_inputs/html-disguised-as-doc_Ke_hoach_tap_huan.doc, read in
 * place; BAOCAO_CORPUS overrides the folder): it must read as a document with its
 * title, week line and the schedule table. Small pages written here cover the rest:
 * colspan and rowspan, a windows-1258 meta charset, a UTF-16 page, TCVN3 text in a
 * .VnTime font-family or <font face>, Word's header and footnote divs, what must never
 * show (script, style, head, conditional XML, hidden text), and caps. A last test
 * truncates and flips bytes of a valid page: a Doc or an error, never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "doc.h"
#include "read.h"

#include "testutil.h"

static Doc *html_doc_len(const char *html, gsize len)
{
	g_autoptr(GError) err = NULL;
	FileType type;
	Doc *doc = read_document((const guint8 *) html, len, "x.htm", &type, &err);
	if (doc == NULL)
		fail_msg("read failed: %s", err->message);
	assert_int_equal(type, FT_HTML);
	assert_string_equal(doc->format, "html");
	return doc;
}

static Doc *html_doc(const char *html)
{
	return html_doc_len(html, strlen(html));
}

static void test_word_web_page(void **state)
{
	(void) state;
	g_autoptr(GBytes) b = corpus_bytes("bad_inputs/html-disguised-as-doc_Ke_hoach_tap_huan.doc");
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	g_autoptr(GError) err = NULL;
	FileType type;
	g_autoptr(Doc) doc = read_document(data, len, "html-disguised-as-doc_Ke_hoach_tap_huan.doc",
	                                   &type, &err);
	assert_int_equal(type, FT_HTML);
	if (doc == NULL)
		fail_msg("read failed: %s", err->message);
	assert_string_equal(doc->format, "html");
	/* the title block: centred, bold, the &nbsp; padding gone */
	const DocPara *title = para_at(doc->body, 0);
	assert_string_equal(title->text, "LỊCH LÀM VIỆC CÁ NHÂN");
	assert_true(title->centered);
	const DocPara *week = para_at(doc->body, 1);
	assert_non_null(strstr(week->text, "52 (26/12/2011 --> 01/01/2012)"));
	assert_true(week->centered);
	/* the schedule: a day cell spans its morning and afternoon rows */
	const DocTable *t = table_at(doc->body, 2);
	assert_int_equal(t->n_cols, 3);
	assert_int_equal(t->n_rows, 14);
	const DocCell *monday = doc_table_cell(t, 0, 0);
	assert_int_equal(monday->rowspan, 2);
	assert_ptr_equal(monday, doc_table_cell(t, 1, 0));
	g_autofree char *day = doc_cell_text(monday);
	assert_non_null(strstr(day, "Thứ hai"));
	assert_non_null(strstr(day, "26/12/2011"));
	g_autofree char *task = doc_cell_text(doc_table_cell(t, 0, 2));
	assert_string_equal(task, "Họp giao ban");
	g_autofree char *all = doc_to_text(doc);
	assert_non_null(strstr(all, "Chủ nhật"));
	/* nothing of the head, the conditional XML or the style sheet */
	assert_null(strstr(all, "TOSHIBA"));
	assert_null(strstr(all, "Microsoft"));
	assert_null(strstr(all, "mso-"));
	assert_null(strstr(all, "MsoNormal"));
	assert_null(strstr(all, "<!"));
}

static void test_structure(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = html_doc(
		"<!DOCTYPE html><html><head><title>Không hiện</title>"
		"<style>p { color: red }</style><script>document.write('<p>script</p>')</script></head>"
		"<body><!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>AI</o:Author></o:DocumentProperties></xml><![endif]-->"
		"<div style='mso-element:header' id=h1><p class=MsoHeader align=center>ĐẢNG BỘ TỈNH</p></div>"
		"<h1>Tiêu   đề\n lớn</h1>"
		"<p align=center>Căn giữa <b>đậm</b></p>"
		"<p style='text-align:center;font-weight:700'>Giữa đậm</p>"
		"<div>Trong div<p>đoạn con</p>sau đoạn</div>"
		"<p>Dòng một<br>dòng hai<span style='display:none'>ẨN</span><span style='mso-hide:all'>ẨN</span></p>"
		"<p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp; </span></span><![endif]>Mục một</p>"
		"<ul><li>chấm</li></ul><ol start=3><li>ba</li><li>bốn</li></ol>"
		"<pre>a   b\n c</pre>"
		"<p>Chú thích<a href='#_ftn1'>[1]</a></p>"
		"<div style='mso-element:footnote-list'><div style='mso-element:footnote' id=ftn1><p>[1] Ghi chú</p></div></div>"
		"<select><option>lựa</option></select><textarea>gõ</textarea>"
		"</body></html>");
	GPtrArray *b = doc->body;
	assert_string_equal(para_at(b, 0)->text, "Tiêu đề lớn");
	assert_true(para_at(b, 0)->bold);
	assert_string_equal(para_at(b, 1)->text, "Căn giữa đậm");
	assert_true(para_at(b, 1)->centered);
	assert_false(para_at(b, 1)->bold);
	assert_true(para_at(b, 2)->centered);
	assert_true(para_at(b, 2)->bold);
	assert_string_equal(para_at(b, 3)->text, "Trong div");
	assert_string_equal(para_at(b, 4)->text, "đoạn con");
	assert_string_equal(para_at(b, 5)->text, "sau đoạn");
	assert_string_equal(para_at(b, 6)->text, "Dòng một\ndòng hai");
	/* Word's list label (in a downlevel-revealed conditional) stays, the markers go */
	assert_true(g_str_has_prefix(para_at(b, 7)->text, "1."));
	assert_true(g_str_has_suffix(para_at(b, 7)->text, " Mục một"));
	assert_string_equal(para_at(b, 8)->num_label, "-");
	assert_string_equal(para_at(b, 9)->num_label, "3.");
	assert_string_equal(para_at(b, 10)->num_label, "4.");
	assert_string_equal(para_at(b, 11)->text, "a   b\n c");
	assert_int_equal(doc->margins->len, 1);
	const DocBlock *h = doc->margins->pdata[0];
	assert_int_equal(h->part, PART_HEADER);
	assert_string_equal(h->para.text, "ĐẢNG BỘ TỈNH");
	assert_true(h->para.centered);
	assert_int_equal(doc->notes->len, 1);
	assert_string_equal(((const DocBlock *) doc->notes->pdata[0])->para.text, "[1] Ghi chú");
	g_autofree char *all = doc_to_text(doc);
	assert_null(strstr(all, "Không hiện"));
	assert_null(strstr(all, "script"));
	assert_null(strstr(all, "color"));
	assert_null(strstr(all, "AI"));
	assert_null(strstr(all, "ẨN"));
	assert_null(strstr(all, "<!"));
	assert_null(strstr(all, "lựa"));
}

static void test_tables(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = html_doc(
		"<html><body><table border=1><caption>Bảng 1</caption>"
		"<thead><tr><th colspan=2>Gộp</th><th>C</th></tr></thead>"
		"<tbody><tr><td rowspan=2>Dọc</td><td>b</td><td>c</td></tr>"
		"<tr><td>e<table><tr><td>n1</td><td>n2</td></tr></table></td><td>f</td></tr>"
		"<tr><td colspan=99999>rộng</td></tr>"
		"<tr><td rowspan=0>hết</td><td>g</td></tr><tr><td>h</td></tr></tbody></table>"
		"<p>Sau</p></body></html>");
	GPtrArray *b = doc->body;
	assert_string_equal(para_at(b, 0)->text, "Bảng 1");
	const DocTable *t = table_at(b, 1);
	assert_int_equal(t->n_rows, 6);
	assert_int_equal(t->n_cols, 512);  /* colspan 99999 clipped to the column cap */
	const DocCell *g = doc_table_cell(t, 0, 0);
	assert_int_equal(g->colspan, 2);
	assert_ptr_equal(g, doc_table_cell(t, 0, 1));
	g_autofree char *gt = doc_cell_text(g);
	assert_string_equal(gt, "Gộp");
	const DocBlock *gp = g->blocks->pdata[0];
	assert_true(gp->para.bold);
	const DocCell *v = doc_table_cell(t, 1, 0);
	assert_int_equal(v->rowspan, 2);
	assert_ptr_equal(v, doc_table_cell(t, 2, 0));
	g_autofree char *e = doc_cell_text(doc_table_cell(t, 2, 1));
	assert_string_equal(e, "e\nn1\tn2");
	const DocBlock *nested = doc_table_cell(t, 2, 1)->blocks->pdata[1];
	assert_int_equal(nested->type, BLOCK_TABLE);
	assert_int_equal(nested->table.depth, 1);
	g_autofree char *f = doc_cell_text(doc_table_cell(t, 2, 2));
	assert_string_equal(f, "f");
	/* rowspan=0 runs to the end of the table */
	assert_ptr_equal(doc_table_cell(t, 4, 0), doc_table_cell(t, 5, 0));
	g_autofree char *hh = doc_cell_text(doc_table_cell(t, 5, 1));
	assert_string_equal(hh, "h");
	assert_string_equal(para_at(b, 2)->text, "Sau");
}

static void test_charsets_and_legacy(void **state)
{
	(void) state;
	/* windows-1258: combining tone bytes */
	g_autoptr(Doc) d1 = html_doc("<html><head><meta http-equiv=Content-Type content=\"text/html; "
	                             "charset=windows-1258\"></head><body><p>Vi\xEA\xF2t Nam, "
	                             "\xD0\xE3ng</p></body></html>");
	assert_string_equal(para_at(d1->body, 0)->text, "Việt Nam, Đăng");
	/* HTML5 meta charset, VNI and TCVN3 fonts by style and by <font face> */
	g_autoptr(Doc) d2 = html_doc("<meta charset=\"iso-8859-1\"><p><span style='font-family:\".VnTime\",serif'>"
	                             "\xA7\xB6ng C\xE9ng s\xB6n</span></p>"
	                             "<p><font face=\"VNI-Times\">\xD1\x61\xFBng</font></p>"
	                             "<p style=\"font-family:'.VnTimeH'\">\xA7\xB6ng</p>"
	                             "<p>\xA7\xB6ng C\xE9ng s\xB6n Vi\xD6t Nam</p><p>caf\xE9 ordinaire</p>");
	assert_string_equal(para_at(d2->body, 0)->text, "Đảng Cộng sản");
	assert_true(para_at(d2->body, 0)->legacy);
	assert_string_equal(para_at(d2->body, 1)->text, "Đảng");
	assert_string_equal(para_at(d2->body, 2)->text, "ĐẢNG");
	assert_string_equal(para_at(d2->body, 3)->text, "Đảng Cộng sản Việt Nam");
	assert_string_equal(para_at(d2->body, 4)->text, "café ordinaire");
	assert_false(para_at(d2->body, 4)->legacy);
	assert_true(d2->legacy_runs >= 4);
	/* no declaration, not UTF-8: windows-1252 */
	g_autoptr(Doc) d3 = html_doc("<html><body><p>na\xEFve \x93quoted\x94</p></body></html>");
	assert_string_equal(para_at(d3->body, 0)->text, "naïve \u201Cquoted\u201D");
	/* UTF-8 with a bad byte: kept readable */
	g_autoptr(Doc) d4 = html_doc("<html><body><p>Đảng \xFF ủy</p></body></html>");
	assert_non_null(strstr(para_at(d4->body, 0)->text, "Đảng"));
	assert_non_null(strstr(para_at(d4->body, 0)->text, "ủy"));
}

static void test_utf16(void **state)
{
	(void) state;
	static const char src[] = "<html><body><p>Thành ủy</p></body></html>";
	gsize n = 0;
	g_autofree char *u16 = g_convert(src, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
	g_autofree char *buf = g_malloc(n + 2);
	memcpy(buf, "\xFF\xFE", 2);
	memcpy(buf + 2, u16, n);
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = html_read((const guint8 *) buf, n + 2, &err);
	assert_non_null(doc);
	assert_string_equal(para_at(doc->body, 0)->text, "Thành ủy");
}

static void test_caps(void **state)
{
	(void) state;
	/* 100,000 nested divs and 50 nested tables: a Doc or an error, no deep recursion */
	GString *deep = g_string_new("<html><body>");
	for (int i = 0; i < 100000; i++)
		g_string_append(deep, "<div>");
	g_string_append(deep, "x</body></html>");
	g_autoptr(GError) e1 = NULL;
	Doc *d1 = html_read((const guint8 *) deep->str, deep->len, &e1);
	assert_true(d1 != NULL || e1 != NULL);
	doc_free(d1);
	g_string_free(deep, TRUE);

	GString *tables = g_string_new("<html><body>");
	for (int i = 0; i < 50; i++)
		g_string_append(tables, "<table><tr><td>");
	g_string_append(tables, "x</body></html>");
	g_autoptr(GError) e2 = NULL;
	g_autoptr(Doc) d2 = html_read((const guint8 *) tables->str, tables->len, &e2);
	g_string_free(tables, TRUE);
	assert_null(d2);
	assert_int_equal(e2->code, READ_ERR_BOMB);

	g_autoptr(GError) e3 = NULL;
	g_autoptr(Doc) d3 = html_read((const guint8 *) "<html>", 6, &e3);
	assert_true(d3 != NULL || e3->code == READ_ERR_CORRUPT);
}

/* Truncations and byte flips of a valid page: a Doc or an error, never a crash. */
static void test_mutations(void **state)
{
	(void) state;
	static const char valid[] =
		"<html><head><meta charset=utf-8><style>x{}</style></head><body>"
		"<div style='mso-element:header'><p align=center>H</p></div>"
		"<p style='text-align:center'><b>Tiêu đề</b></p><table><tr><td colspan=2 rowspan=2>a<td>b"
		"<tr><td>c<table><tr><td rowspan=3>n</table><tr><td>d<td>e</table>"
		"<ol type=i><li>x<li>y</ol><p><font face='.VnTime'>\xC2\xA7\xC2\xB6ng</font><br>z</p>"
		"<![if !supportLists]>1.<![endif]><pre> p </pre></body></html>";
	guint docs = 0, errors = 0;
	mutations_text(valid, 11, 1, "<>/='\" ", html_read, &docs, &errors);
	assert_int_equal(docs + errors, 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_web_page),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_charsets_and_legacy),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
