/*
 * test_read_sheet.c - unit tests for the workbook reader (read_sheet.c): XLSX written
 * here with libxlsxwriter, ODS built here in memory with libzip, and the two hostile
 * XLSX files of ../shared/corpus (BAOCAO_CORPUS overrides the path) read in place.
 *
 * What is checked: the rule that turns a sheet into title paragraphs and one table
 * (shape, merged cells, dropped empty rows), cell texts in the notation vn_parse_number()
 * reads back, dates, formulas, hidden and second sheets, ODS repeats, covered and
 * spanned cells, the caps against repeat bombs, DTDs, and that damaged workbooks give a
 * Doc or an error, never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "doc.h"
#include "read.h"
#include "vntext.h"

#include "testutil.h"

/* ====================================================================================
 * Helpers
 * ================================================================================== */

/* The bytes of the workbook wb wrote to path (closed here), the file removed. */
static GBytes *xlsx_finish(lxw_workbook *wb, const char *path)
{
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	gchar *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	g_unlink(path);
	return g_bytes_new_take(data, len);
}

static char *temp_path(void)
{
	g_autoptr(GError) err = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("test-sheet-XXXXXX.xlsx", &path, &err);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"
#define ODS_OPEN \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
	"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\">" \
	"<office:automatic-styles>" \
	"<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>" \
	"<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>" \
	"</office:automatic-styles><office:body><office:spreadsheet>"
#define ODS_CLOSE "</office:spreadsheet></office:body></office:document-content>"

static GBytes *ods_build(const char *tables)
{
	g_autofree char *content = g_strconcat(ODS_OPEN, tables, ODS_CLOSE, NULL);
	return zip_build_odf("mimetype", ODS_MIME, "content.xml", content,
	                 "META-INF/manifest.xml", "<manifest/>", NULL);
}

static Doc *bytes_read(GBytes *b, GError **error)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	return sheet_read(data, len, error);
}

static Doc *must_read(GBytes *b)
{
	g_autoptr(GError) err = NULL;
	Doc *doc = bytes_read(b, &err);
	if (doc == NULL)
		fail_msg("read failed: %s", err->message);
	return doc;
}

static void expect_error(GBytes *b, ReadErrorCode code, const char *in_message)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = bytes_read(b, &err);
	assert_null(doc);
	assert_read_error(err, code, in_message);
}

/* The i-th body block, which must be of this type. */
static const DocBlock *body_block(const Doc *doc, guint i, DocBlockType type)
{
	if (i >= doc->body->len)
		fail_msg("body has %u blocks, wanted block %u", doc->body->len, i);
	const DocBlock *b = doc->body->pdata[i];
	assert_int_equal(b->type, type);
	return b;
}

static char *cell_at(const DocTable *t, guint r, guint c)
{
	const DocCell *cell = doc_table_cell(t, r, c);
	assert_non_null(cell);
	return doc_cell_text(cell);
}

static void assert_cell(const DocTable *t, guint r, guint c, const char *want)
{
	g_autofree char *got = cell_at(t, r, c);
	if (strcmp(got, want) != 0)
		fail_msg("cell (%u,%u) is '%s', wanted '%s'", r, c, got, want);
}

/* ====================================================================================
 * XLSX
 * ================================================================================== */

/* The indicator table as a unit lays it out: two title rows, a two-row header with
 * merged cells, numbers, a formula, a date, an empty row; a second sheet; a hidden one. */
static GBytes *indicator_workbook(void)
{
	g_autofree char *path = temp_path();
	lxw_workbook *wb = workbook_new(path);
	assert_non_null(wb);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	lxw_format *grouped = workbook_add_format(wb);
	format_set_num_format(grouped, "#,##0.00");

	lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ số");
	worksheet_merge_range(ws, 0, 0, 0, 5, "BẢNG SỐ LIỆU CÁC CHỈ SỐ", bold);
	worksheet_merge_range(ws, 1, 0, 1, 5,
	                      "(Kèm theo Báo cáo số 15-BC/ĐU ngày 17/10/2025 của Đảng ủy Sở Tư pháp)",
	                      NULL);
	worksheet_merge_range(ws, 3, 0, 4, 0, "STT", bold);
	worksheet_merge_range(ws, 3, 1, 4, 1, "Mã chỉ số", bold);
	worksheet_merge_range(ws, 3, 2, 4, 2, "Chỉ số", bold);
	worksheet_merge_range(ws, 3, 3, 4, 3, "Đơn vị tính", bold);
	worksheet_merge_range(ws, 3, 4, 3, 5, "Kết quả", bold);
	worksheet_write_string(ws, 4, 4, "Trong kỳ", bold);
	worksheet_write_string(ws, 4, 5, "Lũy kế từ đầu năm", bold);

	worksheet_write_number(ws, 5, 0, 1, NULL);
	worksheet_write_string(ws, 5, 1, "CS01", NULL);
	worksheet_write_string(ws, 5, 2, "Số hội nghị quán triệt, tuyên truyền Nghị quyết", NULL);
	worksheet_write_string(ws, 5, 3, "hội nghị", NULL);
	worksheet_write_number(ws, 5, 4, 0, NULL);
	worksheet_write_number(ws, 5, 5, 1250, grouped);

	worksheet_write_number(ws, 6, 0, 2, NULL);
	worksheet_write_string(ws, 6, 1, "CS10", NULL);
	worksheet_write_string(ws, 6, 2, "Kinh phí", NULL);
	worksheet_write_string(ws, 6, 3, "triệu đồng", NULL);
	worksheet_write_number(ws, 6, 4, 12.5, NULL);
	worksheet_write_formula_num(ws, 6, 5, "=E7*2", NULL, 25);

	worksheet_write_number(ws, 7, 0, 3, NULL);
	worksheet_write_string(ws, 7, 1, "Ngày", NULL);
	lxw_datetime d = { 2025, 10, 17, 0, 0, 0 };
	worksheet_write_datetime(ws, 7, 4, &d, date);
	worksheet_write_boolean(ws, 7, 5, 1, NULL);
	/* row 8 empty: dropped */
	worksheet_write_string(ws, 9, 1, "Dòng một\nDòng hai", NULL);
	worksheet_write_number(ws, 9, 4, -0.25, NULL);

	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "Ghi chú");
	worksheet_write_string(ws2, 2, 3, "Người lập", NULL);
	worksheet_write_string(ws2, 2, 4, "Nguyễn Văn A", NULL);

	lxw_worksheet *ws3 = workbook_add_worksheet(wb, "Ẩn");
	worksheet_write_string(ws3, 0, 0, "BÍ MẬT", NULL);
	worksheet_write_string(ws3, 0, 1, "không đọc", NULL);
	worksheet_hide(ws3);
	return xlsx_finish(wb, path);
}

static void test_xlsx_indicator_table(void **state)
{
	g_autoptr(GBytes) b = indicator_workbook();
	g_autoptr(Doc) doc = must_read(b);
	assert_string_equal(doc->format, "xlsx");
	assert_int_equal(doc->body->len, 4);
	assert_string_equal(body_block(doc, 0, BLOCK_PARA)->para.text, "BẢNG SỐ LIỆU CÁC CHỈ SỐ");
	assert_string_equal(body_block(doc, 1, BLOCK_PARA)->para.text,
	                    "(Kèm theo Báo cáo số 15-BC/ĐU ngày 17/10/2025 của Đảng ủy Sở Tư pháp)");
	const DocTable *t = &body_block(doc, 2, BLOCK_TABLE)->table;
	assert_int_equal(t->n_rows, 6);  /* 2 header rows, 3 rows, empty row dropped, 1 row */
	assert_int_equal(t->n_cols, 6);
	/* merged header cells */
	const DocCell *stt = doc_table_cell(t, 0, 0);
	assert_ptr_equal(stt, doc_table_cell(t, 1, 0));
	assert_int_equal(stt->rowspan, 2);
	assert_int_equal(stt->colspan, 1);
	const DocCell *kq = doc_table_cell(t, 0, 4);
	assert_ptr_equal(kq, doc_table_cell(t, 0, 5));
	assert_int_equal(kq->colspan, 2);
	assert_int_equal(kq->row, 0);
	assert_int_equal(kq->col, 4);
	assert_cell(t, 0, 4, "Kết quả");
	assert_cell(t, 1, 4, "Trong kỳ");
	assert_cell(t, 1, 5, "Lũy kế từ đầu năm");
	assert_cell(t, 0, 1, "Mã chỉ số");
	/* every position is covered; the table owns each cell once */
	for (guint i = 0; i < t->n_rows * t->n_cols; i++)
		assert_non_null(t->grid[i]);
	assert_int_equal(t->cells->len, 6 * 6 - 1 * 4 - 1);
	/* numbers in Vietnamese notation */
	assert_cell(t, 2, 0, "1");
	assert_cell(t, 2, 1, "CS01");
	assert_cell(t, 2, 4, "0");
	assert_cell(t, 2, 5, "1250");
	assert_cell(t, 3, 4, "12,5");
	assert_cell(t, 3, 5, "25");   /* formula: cached value */
	assert_cell(t, 4, 4, "17/10/2025");
	assert_cell(t, 4, 5, "TRUE");
	assert_cell(t, 4, 2, "");
	assert_cell(t, 5, 1, "Dòng một\nDòng hai");
	assert_cell(t, 5, 4, "-0,25");
	double v;
	g_autofree char *n1 = cell_at(t, 2, 5), *n2 = cell_at(t, 3, 4);
	assert_true(vn_parse_number(n1, &v) && v == 1250);
	assert_true(vn_parse_number(n2, &v) && v == 12.5);
	/* the second sheet: one row of two cells is a table */
	const DocTable *t2 = &body_block(doc, 3, BLOCK_TABLE)->table;
	assert_int_equal(t2->n_rows, 1);
	assert_int_equal(t2->n_cols, 2);
	assert_cell(t2, 0, 0, "Người lập");
	assert_cell(t2, 0, 1, "Nguyễn Văn A");
	/* the hidden sheet is not read */
	g_autofree char *all = doc_to_text(doc);
	assert_null(strstr(all, "BÍ MẬT"));
}

static void test_xlsx_through_read_document(void **state)
{
	g_autoptr(GBytes) b = indicator_workbook();
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	FileType ft;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = read_document(data, len, "bang-chi-so.xlsx", &ft, &err);
	assert_non_null(doc);
	assert_int_equal(ft, FT_XLSX);
	g_autofree char *text = doc_to_text(doc);
	assert_non_null(strstr(text, "CS01\tSố hội nghị quán triệt, tuyên truyền Nghị quyết\thội nghị\t0\t1250"));
}

static void test_xlsx_number_notation(void **state)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "0" }, { 1250, "1250" }, { 12.5, "12,5" }, { -0.25, "-0,25" },
		{ 1234567.5, "1234567,5" }, { 123456.789, "123456,789" }, { 0.1 + 0.2, "0,3" },
		{ 0.0000001, "0,0000001" }, { 1e20, "100000000000000000000" }, { -3, "-3" },
		{ 2.0 / 3.0, "0,666666666666667" },
	};
	g_autofree char *path = temp_path();
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		worksheet_write_string(ws, (lxw_row_t) i, 0, "x", NULL);
		worksheet_write_number(ws, (lxw_row_t) i, 1, cases[i].v, NULL);
	}
	g_autoptr(GBytes) b = xlsx_finish(wb, path);
	g_autoptr(Doc) doc = must_read(b);
	const DocTable *t = &body_block(doc, 0, BLOCK_TABLE)->table;
	assert_int_equal(t->n_rows, G_N_ELEMENTS(cases));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		assert_cell(t, i, 1, cases[i].want);
		g_autofree char *s = cell_at(t, i, 1);
		double v;
		if (!vn_parse_number(s, &v) || fabs(v - cases[i].v) > 1e-12 * MAX(1, fabs(cases[i].v)))
			fail_msg("'%s' does not read back as %.17g", s, cases[i].v);
	}
}

/* Parts written by hand: inline strings, rich text with phonetic runs, errors, a
 * formula string, cells without r, the 1904 date system and an ISO date cell. */
#define CT_XLSX "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"
#define ROOT_RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WB_RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>" \
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
#define WB(pr) "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"" \
	" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" pr \
	"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define SST "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
	"<si><t>Mã</t></si><si><r><rPr><b/></rPr><t>Chỉ </t></r><r><t>số</t></r><rPh sb=\"0\" eb=\"1\"><t>XX</t></rPh></si>" \
	"<si><t>a_x000D_b_x005F_x</t></si></sst>"
#define STYLES "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
	"<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"&quot;ngày&quot;\\ d/m/yyyy\"/>" \
	"<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00\"/></numFmts>" \
	"<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"20\"/></cellXfs></styleSheet>"

static GBytes *xlsx_parts(const char *workbook_pr, const char *sheet_data)
{
	g_autofree char *sheet = g_strconcat(
		"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<dimension ref=\"A1\"/><sheetData>", sheet_data, "</sheetData></worksheet>", NULL);
	g_autofree char *wb = g_strdup_printf(WB("%s"), workbook_pr);
	return zip_build_odf("[Content_Types].xml", CT_XLSX, "_rels/.rels", ROOT_RELS,
	                 "xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", WB_RELS,
	                 "xl/sharedStrings.xml", SST, "xl/styles.xml", STYLES,
	                 "xl/worksheets/sheet1.xml", sheet, NULL);
}

static void test_xlsx_cell_kinds(void **state)
{
	g_autoptr(GBytes) b = xlsx_parts("",
		"<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c>"
		"<c r=\"D2\" t=\"s\"><v>2</v></c><c r=\"E2\" t=\"s\"><v>99</v></c></row>"
		"<row><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> nội </t><r><t>tuyến</t></r></is></c>"
		"<c t=\"e\"><v>#DIV/0!</v></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>ghép</v></c>"
		"<c s=\"1\"><v>45947</v></c><c s=\"2\"><v>1250.5</v></c><c s=\"3\"><v>0.5</v></c></row>"
		"<row r=\"4\"><c r=\"b4\" t=\"d\"><v>2025-10-17T00:00:00</v></c><c r=\"$C$4\"><v>1.5E3</v></c>"
		"<c r=\"D4\" s=\"77\"><v>7</v></c><c r=\"E4\"><f>1/0</f></c></row>");
	g_autoptr(Doc) doc = must_read(b);
	const DocTable *t = &body_block(doc, 0, BLOCK_TABLE)->table;
	assert_int_equal(t->n_rows, 3);
	assert_int_equal(t->n_cols, 6);  /* A..F; column A has text in row 3 */
	assert_cell(t, 0, 1, "Mã");
	assert_cell(t, 0, 2, "Chỉ số");      /* rich runs joined, phonetic run dropped */
	assert_cell(t, 0, 3, "ab_x");        /* _x000D_ dropped, _x005F_ is '_' */
	assert_cell(t, 0, 4, "");            /* shared string index out of range */
	assert_cell(t, 1, 0, " nội tuyến");
	assert_cell(t, 1, 1, "#DIV/0!");
	assert_cell(t, 1, 2, "ghép");
	assert_cell(t, 1, 3, "17/10/2025");  /* custom date format with quoted text */
	assert_cell(t, 1, 4, "1250,5");      /* [Red] is not a date */
	assert_cell(t, 1, 5, "12:00");       /* built-in time format 20 */
	assert_cell(t, 2, 1, "17/10/2025");
	assert_cell(t, 2, 2, "1500");
	assert_cell(t, 2, 3, "7");           /* style index out of range: a number */
	assert_cell(t, 2, 4, "");

	g_autoptr(GBytes) b1904 = xlsx_parts("<workbookPr date1904=\"1\"/>",
		"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>44485</v></c></row>");
	g_autoptr(Doc) d1904 = must_read(b1904);
	const DocTable *t4 = &body_block(d1904, 0, BLOCK_TABLE)->table;
	assert_cell(t4, 0, 0, "01/01/1904");
	assert_cell(t4, 0, 1, "17/10/2025");
}

static void test_xlsx_titles_and_trim(void **state)
{
	/* titles anywhere above, columns trimmed to the table, a merge past the text widens it */
	g_autoptr(GBytes) b = xlsx_parts("",
		"<row r=\"3\"><c r=\"G3\" t=\"inlineStr\"><is><t>TIÊU ĐỀ</t></is></c></row>"
		"<row r=\"5\"><c r=\"C5\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"D5\" t=\"inlineStr\"><is><t>b</t></is></c></row>"
		"<row r=\"6\"><c r=\"C6\"><v>1</v></c></row>"
		"<row r=\"7\"><c r=\"H7\" t=\"inlineStr\"><is><t>ghi chú</t></is></c></row>");
	g_autoptr(Doc) doc = must_read(b);
	assert_int_equal(doc->body->len, 2);
	assert_string_equal(body_block(doc, 0, BLOCK_PARA)->para.text, "TIÊU ĐỀ");
	const DocTable *t = &body_block(doc, 1, BLOCK_TABLE)->table;
	assert_int_equal(t->n_rows, 3);
	assert_int_equal(t->n_cols, 6);  /* C..H */
	assert_cell(t, 0, 0, "a");
	assert_cell(t, 1, 0, "1");
	assert_cell(t, 2, 5, "ghi chú");

	/* a sheet of single cells is paragraphs only; an empty sheet adds nothing */
	g_autoptr(GBytes) b2 = xlsx_parts("",
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>một</t></is></c></row>"
		"<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>hai</t></is></c></row>");
	g_autoptr(Doc) d2 = must_read(b2);
	assert_int_equal(d2->body->len, 2);
	g_autoptr(GBytes) b3 = xlsx_parts("", "<row r=\"1\"><c r=\"A1\" s=\"1\"/></row>");
	g_autoptr(Doc) d3 = must_read(b3);
	assert_int_equal(d3->body->len, 0);
}

static void test_xlsx_refusals(void **state)
{
	/* a cell far away makes a used range over the cap */
	g_autoptr(GBytes) wide = xlsx_parts("",
		"<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>2</v></c></row>");
	expect_error(wide, READ_ERR_BOMB, "columns");
	g_autoptr(GBytes) tall = xlsx_parts("",
		"<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>1</v></c></row>"
		"<row r=\"1000000\"><c r=\"B1000000\"><v>2</v></c></row>");
	expect_error(tall, READ_ERR_BOMB, "over the cap");
	/* a cell reference past the limits, bad XML */
	g_autoptr(GBytes) past = xlsx_parts("", "<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>");
	g_autoptr(GError) e1 = NULL;
	g_autoptr(Doc) d1 = bytes_read(past, &e1);
	assert_true(d1 != NULL || e1 != NULL);
	g_autoptr(GBytes) bad = xlsx_parts("", "<row r=\"1\"><c r=\"A1\"><v>1</c></row>");
	expect_error(bad, READ_ERR_CORRUPT, "sheet1.xml");
	/* a DTD anywhere */
	g_autoptr(GBytes) dtd = zip_build_odf("[Content_Types].xml", CT_XLSX, "_rels/.rels", ROOT_RELS,
		"xl/workbook.xml", "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>",
		NULL);
	expect_error(dtd, READ_ERR_HOSTILE, "xl/workbook.xml");
	/* no workbook, a Word package, not a zip, an ODF text */
	g_autoptr(GBytes) none = zip_build_odf("a.txt", "hello", NULL);
	expect_error(none, READ_ERR_UNSUPPORTED, "no workbook");
	g_autoptr(GBytes) word = zip_build_odf("_rels/.rels",
		"<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
		"word/document.xml", "<document/>", NULL);
	expect_error(word, READ_ERR_UNSUPPORTED, "Word document");
	g_autoptr(GBytes) junk = g_bytes_new_static("not a zip at all, really", 24);
	expect_error(junk, READ_ERR_CORRUPT, "not a zip");
	g_autoptr(GBytes) odt = zip_build_odf("mimetype", "application/vnd.oasis.opendocument.text",
	                                  "content.xml", "<a/>", NULL);
	expect_error(odt, READ_ERR_UNSUPPORTED, "not a spreadsheet");
	g_autoptr(GBytes) empty = g_bytes_new_static("", 0);
	expect_error(empty, READ_ERR_EMPTY, NULL);
	/* a workbook without a worksheet */
	g_autoptr(GBytes) nosheet = zip_build_odf("[Content_Types].xml", CT_XLSX, "_rels/.rels", ROOT_RELS,
		"xl/workbook.xml", "<workbook/>", NULL);
	expect_error(nosheet, READ_ERR_CORRUPT, "lists no worksheet");
	/* a sheet whose target climbs out */
	g_autoptr(GBytes) climb = zip_build_odf("[Content_Types].xml", CT_XLSX, "_rels/.rels", ROOT_RELS,
		"xl/workbook.xml", WB(""), "xl/_rels/workbook.xml.rels",
		"<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"../../../etc/passwd\"/></Relationships>",
		NULL);
	expect_error(climb, READ_ERR_HOSTILE, "leaves the package");
}

/* Through the pipeline's front door (sniffed as type) and through sheet_read itself. */
static void corpus_expect(const char *rel, FileType type, ReadErrorCode code,
                          const char *in_message)
{
	g_autoptr(GBytes) b = corpus_bytes(rel);
	gsize len = g_bytes_get_size(b);
	FileType ft;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = read_document(g_bytes_get_data(b, NULL), len, rel, &ft, &err);
	assert_null(doc);
	assert_int_equal(ft, type);
	if (err->code != (int) code || strstr(err->message, in_message) == NULL)
		fail_msg("%s: got code %d '%s'", rel, err->code, err->message);
	expect_error(b, code, in_message);
}

static void test_xlsx_corpus_hostile(void **state)
{
	corpus_expect("bad_inputs/ooxml_billion-laughs_poc-xmlbomb.xlsx", FT_XLSX, READ_ERR_HOSTILE,
	              "declared in");
	/* a lone xl/styles.xml without [Content_Types].xml sniffs as a plain zip */
	corpus_expect("bad_inputs/ooxml_high-ratio-bomb.xlsx", FT_ZIP, READ_ERR_BOMB, "ratio cap");
}

/* ====================================================================================
 * ODS
 * ================================================================================== */

static void test_ods_table(void **state)
{
	g_autoptr(GBytes) b = ods_build(
		"<table:table table:name=\"Chỉ số\" table:style-name=\"ta1\">"
		"<table:table-column table:number-columns-repeated=\"1024\"/>"
		"<table:table-row><table:table-cell table:number-columns-spanned=\"4\" office:value-type=\"string\">"
		"<text:p>BẢNG SỐ LIỆU CÁC CHỈ SỐ</text:p></table:table-cell>"
		"<table:covered-table-cell table:number-columns-repeated=\"3\"/>"
		"<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>"
		"<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
		"<table:table-row>"
		"<table:table-cell table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>Mã</text:p></table:table-cell>"
		"<table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\"><text:p>Kết quả</text:p></table:table-cell>"
		"<table:covered-table-cell/>"
		"<table:table-cell office:value-type=\"string\"><text:p>Ghi<text:s text:c=\"2\"/>chú</text:p>"
		"<office:annotation><text:p>bình luận</text:p></office:annotation></table:table-cell>"
		"<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>"
		"<table:table-row><table:covered-table-cell/>"
		"<table:table-cell office:value-type=\"string\"><text:p>Trong kỳ</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"string\"><text:p>Lũy kế</text:p></table:table-cell>"
		"</table:table-row>"
		"<table:table-row-group><table:table-row table:number-rows-repeated=\"2\">"
		"<table:table-cell office:value-type=\"string\"><text:p>CS01</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"float\" office:value=\"1250\" calcext:value-type=\"float\"><text:p>1.250</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"percentage\" office:value=\"0.125\"><text:p>12,5%</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"date\" office:date-value=\"2025-10-17\"><text:p>17/10/25</text:p></table:table-cell>"
		"</table:table-row></table:table-row-group>"
		"<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
		"</table:table>"
		"<table:table table:name=\"Ẩn\" table:style-name=\"ta2\"><table:table-row>"
		"<table:table-cell office:value-type=\"string\"><text:p>BÍ MẬT</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
		"<table:table table:name=\"Hai\"><table:table-row>"
		"<table:table-cell table:number-columns-repeated=\"3\" office:value-type=\"float\" office:value=\"12.5\"/>"
		"</table:table-row></table:table>");
	g_autoptr(Doc) doc = must_read(b);
	assert_string_equal(doc->format, "ods");
	assert_int_equal(doc->body->len, 3);
	assert_string_equal(body_block(doc, 0, BLOCK_PARA)->para.text, "BẢNG SỐ LIỆU CÁC CHỈ SỐ");
	const DocTable *t = &body_block(doc, 1, BLOCK_TABLE)->table;
	assert_int_equal(t->n_rows, 4);
	assert_int_equal(t->n_cols, 4);
	assert_cell(t, 0, 0, "Mã");
	assert_ptr_equal(doc_table_cell(t, 0, 0), doc_table_cell(t, 1, 0));
	assert_ptr_equal(doc_table_cell(t, 0, 1), doc_table_cell(t, 0, 2));
	assert_cell(t, 0, 1, "Kết quả");
	assert_cell(t, 0, 3, "Ghi  chú");
	assert_cell(t, 1, 1, "Trong kỳ");
	assert_cell(t, 1, 2, "Lũy kế");
	assert_cell(t, 2, 0, "CS01");
	assert_cell(t, 2, 1, "1250");
	assert_cell(t, 2, 2, "0,125");
	assert_cell(t, 2, 3, "17/10/2025");
	assert_cell(t, 3, 1, "1250");  /* the repeated row */
	const DocTable *t2 = &body_block(doc, 2, BLOCK_TABLE)->table;
	assert_int_equal(t2->n_cols, 3);
	assert_cell(t2, 0, 2, "12,5");
	g_autofree char *all = doc_to_text(doc);
	assert_null(strstr(all, "BÍ MẬT"));
	assert_null(strstr(all, "bình luận"));
}

/* An ODS reaches sheet_read through the front door (sniffed as OpenDocument, handed
 * over by odt_read). */
static void test_ods_through_read_document(void **state)
{
	g_autoptr(GBytes) b = ods_build("<table:table table:name=\"A\"><table:table-row>"
		"<table:table-cell office:value-type=\"string\"><text:p>CS01</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"float\" office:value=\"1250\"/></table:table-row></table:table>");
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	FileType ft;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = read_document(data, len, "a.ods", &ft, &err);
	if (doc == NULL)
		fail_msg("%s", err->message);
	assert_int_equal(ft, FT_ODF);
	assert_string_equal(doc->format, "ods");
	g_autofree char *text = doc_to_text(doc);
	assert_string_equal(text, "CS01\t1250\n");
}

static void test_ods_bombs_and_hostile(void **state)
{
	/* a cell with text repeated a million times */
	g_autoptr(GBytes) wide = ods_build("<table:table table:name=\"B\"><table:table-row>"
		"<table:table-cell table:number-columns-repeated=\"1000000\" office:value-type=\"string\">"
		"<text:p>x</text:p></table:table-cell></table:table-row></table:table>");
	expect_error(wide, READ_ERR_BOMB, "repeated 1000000 times");
	/* a row with text repeated a million times */
	g_autoptr(GBytes) tall = ods_build("<table:table table:name=\"B\">"
		"<table:table-row table:number-rows-repeated=\"1000000\">"
		"<table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table>");
	expect_error(tall, READ_ERR_BOMB, "sheet 'B'");
	/* many repeats under the caps each, over the grid cap together */
	g_autoptr(GBytes) grid = ods_build("<table:table table:name=\"B\">"
		"<table:table-row table:number-rows-repeated=\"2000\">"
		"<table:table-cell table:number-columns-repeated=\"60\" office:value-type=\"float\" office:value=\"1\"/>"
		"</table:table-row></table:table>");
	expect_error(grid, READ_ERR_BOMB, "cap");
	/* empty repeats are free */
	g_autoptr(GBytes) free_rep = ods_build("<table:table table:name=\"B\">"
		"<table:table-row table:number-rows-repeated=\"1000000\">"
		"<table:table-cell table:number-columns-repeated=\"1000000\"/></table:table-row>"
		"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"string\"><text:p>b</text:p></table:table-cell></table:table-row>"
		"</table:table>");
	g_autoptr(Doc) d = must_read(free_rep);
	assert_int_equal(body_block(d, 0, BLOCK_TABLE)->table.n_rows, 1);
	/* a DTD */
	g_autoptr(GBytes) dtd = zip_build_odf("mimetype", ODS_MIME, "content.xml",
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>"
		"<office:document-content>&lol2;</office:document-content>", NULL);
	expect_error(dtd, READ_ERR_HOSTILE, "content.xml");
	/* no content.xml, bad XML */
	g_autoptr(GBytes) nocontent = zip_build_odf("mimetype", ODS_MIME, "styles.xml", "<a/>", NULL);
	expect_error(nocontent, READ_ERR_CORRUPT, "content.xml");
	g_autoptr(GBytes) bad = ods_build("<table:table><table:table-row></table:table>");
	expect_error(bad, READ_ERR_CORRUPT, "content.xml");
}

/* ====================================================================================
 * Damage: truncations and byte flips never crash.
 * ================================================================================== */

static void damage_all(GBytes *b)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	g_autofree guint8 *copy = g_memdup2(data, len);
	guint docs = 0, errors = 0;
	for (gsize cut = 0; cut < len; cut += 1 + len / 300) {
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = sheet_read(data, cut, &err);
		assert_true((doc != NULL) != (err != NULL));
		doc != NULL ? docs++ : errors++;
	}
	GRand *rnd = g_rand_new_with_seed(66);
	for (guint i = 0; i < 400; i++) {
		memcpy(copy, data, len);
		for (guint k = 0; k < 1 + i % 4; k++)
			copy[g_rand_int_range(rnd, 0, (gint32) len)] ^= (guint8) g_rand_int_range(rnd, 1, 256);
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = sheet_read(copy, len, &err);
		assert_true((doc != NULL) != (err != NULL));
		doc != NULL ? docs++ : errors++;
	}
	g_rand_free(rnd);
	print_message("damaged inputs: %u read, %u refused\n", docs, errors);
}

static void test_damage(void **state)
{
	g_autoptr(GBytes) x = indicator_workbook();
	damage_all(x);
	g_autoptr(GBytes) o = ods_build("<table:table table:name=\"A\"><table:table-row>"
		"<table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"2\" "
		"office:value-type=\"float\" office:value=\"12.5\"/><table:covered-table-cell/>"
		"<table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell>"
		"</table:table-row><table:table-row><table:covered-table-cell table:number-columns-repeated=\"2\"/>"
		"<table:table-cell office:value-type=\"string\"><text:p>b</text:p></table:table-cell>"
		"</table:table-row></table:table>");
	damage_all(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_indicator_table),
		cmocka_unit_test(test_xlsx_through_read_document),
		cmocka_unit_test(test_xlsx_number_notation),
		cmocka_unit_test(test_xlsx_cell_kinds),
		cmocka_unit_test(test_xlsx_titles_and_trim),
		cmocka_unit_test(test_xlsx_refusals),
		cmocka_unit_test(test_xlsx_corpus_hostile),
		cmocka_unit_test(test_ods_table),
		cmocka_unit_test(test_ods_through_read_document),
		cmocka_unit_test(test_ods_bombs_and_hostile),
		cmocka_unit_test(test_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
