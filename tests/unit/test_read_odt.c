/*
 * test_read_odt.c - unit tests for the OpenDocument text reader (read_odt.c).
 *
 * Small packages are built here in memory with libzip: a content.xml and a styles.xml
 * around a body given by each test, so each feature (spans in a TCVN3 font, styles and
 * their parents, lists, merged and repeated table cells, headers, notes, tracked
 * changes) and each refusal (DTD, encryption, other ODF kinds, caps) is checked on its
 * own. A last test truncates and flips bytes of a valid package: the reader must give a
 * Doc or an error, never crash (run it under ASan too).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <zip.h>

#include "doc.h"
#include "read.h"

#include "testutil.h"

#define NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
	"xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

#define MIME_TEXT "application/vnd.oasis.opendocument.text"

static const char manifest_plain[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
	"<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" MIME_TEXT "\"/>"
	"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
	"</manifest:manifest>";

/* Common styles: a .VnTime paragraph style, a bold centred title style, a default. */
static const char styles_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles " NS ">"
	"<office:font-face-decls><style:font-face style:name=\"VnTime\" svg:font-family=\"'.VnTime'\"/>"
	"<style:font-face style:name=\"Times\" svg:font-family=\"'Times New Roman'\"/></office:font-face-decls>"
	"<office:styles>"
	"<style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Times\"/></style:default-style>"
	"<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
	"<style:style style:name=\"Legacy\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
	"<style:text-properties style:font-name=\"VnTime\"/></style:style>"
	"<style:style style:name=\"Title\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
	"<style:paragraph-properties fo:text-align=\"center\"/><style:text-properties fo:font-weight=\"bold\"/></style:style>"
	"<text:list-style style:name=\"Num\"><text:list-level-style-number text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/>"
	"<text:list-level-style-number text:level=\"2\" style:num-format=\"a\" style:num-suffix=\")\"/></text:list-style>"
	"<text:list-style style:name=\"Bul\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"•\"/></text:list-style>"
	"</office:styles>"
	"<office:automatic-styles><style:style style:name=\"MP1\" style:family=\"paragraph\">"
	"<style:paragraph-properties fo:text-align=\"center\"/></style:style></office:automatic-styles>"
	"<office:master-styles><style:master-page style:name=\"Standard\">"
	"<style:header><text:p text:style-name=\"MP1\">ĐẢNG BỘ TỈNH X</text:p></style:header>"
	"<style:header-left><text:p>LEFT HEADER</text:p></style:header-left>"
	"<style:footer><text:p>Trang <text:page-number>1</text:page-number></text:p></style:footer>"
	"</style:master-page></office:master-styles></office:document-styles>";

/* content.xml around a body; autos are extra automatic styles. */
static char *content_xml(const char *autos, const char *body)
{
	return g_strconcat("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " NS ">"
		"<office:font-face-decls><style:font-face style:name=\"VNI\" svg:font-family=\"VNI-Times\"/></office:font-face-decls>"
		"<office:automatic-styles>"
		"<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties style:font-name=\"VnTime\"/></style:style>"
		"<style:style style:name=\"T2\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
		"<style:style style:name=\"T3\" style:family=\"text\"><style:text-properties style:font-name=\"VNI\"/></style:style>"
		"<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Title\"/>",
		autos != NULL ? autos : "",
		"</office:automatic-styles><office:body><office:text>", body,
		"</office:text></office:body></office:document-content>", NULL);
}

static GBytes *odt_build(const char *autos, const char *body)
{
	g_autofree char *content = content_xml(autos, body);
	return zip_build_odf("mimetype", MIME_TEXT, "META-INF/manifest.xml", manifest_plain,
	                 "styles.xml", styles_xml, "content.xml", content, NULL);
}

static Doc *bytes_read(GBytes *b, FileType *type, GError **error)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	return read_document(data, len, "x.odt", type, error);
}

static Doc *build_read(const char *body)
{
	g_autoptr(GBytes) b = odt_build(NULL, body);
	g_autoptr(GError) err = NULL;
	FileType type;
	Doc *doc = bytes_read(b, &type, &err);
	if (doc == NULL)
		fail_msg("read failed: %s", err->message);
	assert_int_equal(type, FT_ODF);
	assert_string_equal(doc->format, "odt");
	return doc;
}

static void expect_error(GBytes *b, ReadErrorCode code, const char *in_message)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = bytes_read(b, NULL, &err);
	assert_null(doc);
	assert_read_error(err, code, in_message);
}

/* ==================================================================================== */

static void test_paragraphs_and_fonts(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = build_read(
		"<text:sequence-decls><text:sequence-decl text:name=\"Table\"/></text:sequence-decls>"
		"<text:h text:style-name=\"P1\" text:outline-level=\"1\">BÁO CÁO</text:h>"
		"<text:p text:style-name=\"Standard\">Một<text:s text:c=\"3\"/>hai<text:tab/>ba<text:line-break/>bốn\n   năm</text:p>"
		"<text:p>Ban <text:span text:style-name=\"T1\">Th\xC6\xB0\xC6\xA1ng vô</text:span></text:p>"
		"<text:p text:style-name=\"Legacy\">\xC2\xA7\xC2\xB6ng C\xC3\xA9ng s\xC2\xB6n</text:p>"
		"<text:p><text:span text:style-name=\"T2\">in đậm toàn bộ</text:span> x</text:p>"
		"<text:p><text:span text:style-name=\"T3\">\xC3\x91\x61\xC3\xBBng</text:span></text:p>"
		"<text:p>\xC2\xA7\xC2\xB6ng C\xC3\xA9ng s\xC2\xB6n ViÖt Nam</text:p>");
	const DocPara *h = body_para(doc, 0);
	assert_string_equal(h->text, "BÁO CÁO");
	assert_true(h->bold);
	assert_true(h->centered);
	assert_string_equal(body_para(doc, 1)->text, "Một   hai\tba\nbốn năm");
	assert_false(body_para(doc, 1)->centered);
	/* "Thương vô" typed as Unicode in a .VnTime span is left alone (real Unicode) */
	assert_string_equal(body_para(doc, 2)->text, "Ban Thương vô");
	/* a paragraph style with a TCVN3 font, through its parent chain */
	assert_string_equal(body_para(doc, 3)->text, "Đảng Cộng sản");
	assert_true(body_para(doc, 3)->legacy);
	assert_true(body_para(doc, 4)->bold);
	assert_string_equal(body_para(doc, 5)->text, "Đảng");
	assert_true(body_para(doc, 5)->legacy);
	/* no legacy font, but TCVN3 mojibake: decided per paragraph */
	assert_string_equal(body_para(doc, 6)->text, "Đảng Cộng sản Việt Nam");
	assert_true(doc->legacy_runs >= 3);
}

static void test_lists(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = build_read(
		"<text:list text:style-name=\"Num\">"
		"<text:list-item><text:p>Một</text:p>"
		"<text:list><text:list-item><text:p>Con</text:p></text:list-item>"
		"<text:list-item><text:p>Con hai</text:p></text:list-item></text:list></text:list-item>"
		"<text:list-item><text:p>Hai</text:p><text:p>tiếp</text:p></text:list-item></text:list>"
		"<text:list text:style-name=\"Bul\"><text:list-item><text:p>Chấm</text:p></text:list-item></text:list>");
	assert_string_equal(body_para(doc, 0)->num_label, "1.");
	assert_string_equal(body_para(doc, 1)->num_label, "a)");
	assert_string_equal(body_para(doc, 2)->num_label, "b)");
	assert_string_equal(body_para(doc, 3)->num_label, "2.");
	assert_string_equal(body_para(doc, 3)->text, "Hai");
	assert_null(body_para(doc, 4)->num_label);
	assert_string_equal(body_para(doc, 5)->num_label, "-");
}

static void test_tables(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = build_read(
		"<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"3\"/>"
		"<table:table-header-rows><table:table-row>"
		"<table:table-cell table:number-columns-spanned=\"2\"><text:p>Gộp ngang</text:p></table:table-cell>"
		"<table:covered-table-cell/>"
		"<table:table-cell><text:p>C</text:p></table:table-cell></table:table-row></table:table-header-rows>"
		"<table:table-row>"
		"<table:table-cell table:number-rows-spanned=\"2\"><text:p>Gộp dọc</text:p></table:table-cell>"
		"<table:table-cell table:number-columns-repeated=\"2\"><text:p>x</text:p></table:table-cell></table:table-row>"
		"<table:table-row><table:covered-table-cell/>"
		"<table:table-cell><text:p>y</text:p>"
		"<table:table><table:table-row><table:table-cell><text:p>n1</text:p></table:table-cell>"
		"<table:table-cell><text:p>n2</text:p></table:table-cell></table:table-row></table:table>"
		"</table:table-cell><table:table-cell/></table:table-row>"
		"<table:table-row table:number-rows-repeated=\"2\"><table:table-cell><text:p>r</text:p></table:table-cell>"
		"<table:table-cell table:number-columns-repeated=\"2\"/></table:table-row>"
		"</table:table><text:p>Sau bảng</text:p>");
	const DocTable *t = body_table(doc, 0);
	assert_int_equal(t->n_rows, 5);
	assert_int_equal(t->n_cols, 3);
	assert_ptr_equal(doc_table_cell(t, 0, 0), doc_table_cell(t, 0, 1));
	assert_int_equal(doc_table_cell(t, 0, 0)->colspan, 2);
	assert_ptr_equal(doc_table_cell(t, 1, 0), doc_table_cell(t, 2, 0));
	assert_int_equal(doc_table_cell(t, 1, 0)->rowspan, 2);
	g_autofree char *a = cell_text(t, 1, 0);
	assert_string_equal(a, "Gộp dọc");
	g_autofree char *x1 = cell_text(t, 1, 1), *x2 = cell_text(t, 1, 2);
	assert_string_equal(x1, "x");
	assert_string_equal(x2, "x");
	const DocCell *nested = doc_table_cell(t, 2, 1);
	assert_int_equal(nested->blocks->len, 2);
	const DocBlock *nb = nested->blocks->pdata[1];
	assert_int_equal(nb->type, BLOCK_TABLE);
	assert_int_equal(nb->table.depth, 1);
	assert_int_equal(nb->table.n_cols, 2);
	g_autofree char *r4 = cell_text(t, 4, 0);
	assert_string_equal(r4, "r");
	assert_string_equal(body_para(doc, 1)->text, "Sau bảng");
}

static void test_margins_notes_changes(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = build_read(
		"<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>"
		"<office:change-info><dc:creator>A</dc:creator></office:change-info>"
		"<text:p>CHỮ ĐÃ XOÁ</text:p></text:deletion></text:changed-region></text:tracked-changes>"
		"<text:p>Văn bản<text:change text:change-id=\"c1\"/> có chú thích"
		"<text:note text:id=\"n1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
		"<text:note-body><text:p>Nội dung chú thích</text:p></text:note-body></text:note> tiếp.</text:p>"
		"<text:p><draw:frame><svg:title>MÔ TẢ ẢNH</svg:title><draw:text-box><text:p>Trong khung</text:p></draw:text-box></draw:frame>Ngoài"
		"<loext:content-control xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\"> ô</loext:content-control></text:p>"
		"<text:p>A<office:annotation><dc:creator>B</dc:creator><text:p>Ý kiến</text:p></office:annotation></text:p>");
	g_autofree char *all = doc_to_text(doc);
	assert_null(strstr(all, "XOÁ"));
	assert_null(strstr(all, "MÔ TẢ"));
	assert_string_equal(body_para(doc, 0)->text, "Văn bản có chú thích tiếp.");
	assert_string_equal(body_para(doc, 1)->text, "Ngoài ô");
	assert_string_equal(body_para(doc, 2)->text, "Trong khung");
	assert_true(body_para(doc, 2)->in_textbox);
	assert_int_equal(doc->notes->len, 2);
	const DocBlock *n0 = doc->notes->pdata[0];
	assert_string_equal(n0->para.text, "Nội dung chú thích");
	assert_int_equal(n0->part, PART_NOTE);
	/* header (centred by its automatic style) and footer; the left-page header is not
	 * read twice */
	assert_int_equal(doc->margins->len, 2);
	const DocBlock *m0 = doc->margins->pdata[0], *m1 = doc->margins->pdata[1];
	assert_int_equal(m0->part, PART_HEADER);
	assert_string_equal(m0->para.text, "ĐẢNG BỘ TỈNH X");
	assert_true(m0->para.centered);
	assert_int_equal(m1->part, PART_FOOTER);
	assert_string_equal(m1->para.text, "Trang 1");
}

static void test_refusals(void **state)
{
	(void) state;
	/* a DTD in content.xml */
	g_autoptr(GBytes) dtd = zip_build_odf("mimetype", MIME_TEXT, "content.xml",
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><office:document-content " NS
		"><office:body><office:text><text:p>&a;</text:p></office:text></office:body></office:document-content>", NULL);
	expect_error(dtd, READ_ERR_HOSTILE, NULL);

	/* an encrypted package */
	g_autoptr(GBytes) enc = zip_build_odf("mimetype", MIME_TEXT, "META-INF/manifest.xml",
		"<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
		"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
		"<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">"
		"<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\"/></manifest:encryption-data>"
		"</manifest:file-entry></manifest:manifest>", "content.xml", "\x01\x02garbage", NULL);
	expect_error(enc, READ_ERR_ENCRYPTED, "content.xml");

	/* other OpenDocument kinds are named */
	g_autoptr(GBytes) odp = zip_build_odf("mimetype", "application/vnd.oasis.opendocument.presentation",
	                                  "content.xml", "<x/>", NULL);
	expect_error(odp, READ_ERR_UNSUPPORTED, "presentation");

	/* a body that is not text, and a missing content.xml */
	g_autoptr(GBytes) nocontent = zip_build_odf("mimetype", MIME_TEXT, "styles.xml", styles_xml, NULL);
	expect_error(nocontent, READ_ERR_CORRUPT, "content.xml");

	/* a spreadsheet is handed to sheet_read: whatever it says, it is not the text reader */
	g_autoptr(GBytes) ods = zip_build_odf("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml", "<?xml version=\"1.0\"?><office:document-content " NS "><office:body>"
		"<office:spreadsheet><table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>a</text:p>"
		"</table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>"
		"</table:table></office:spreadsheet></office:body></office:document-content>", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) sheet = bytes_read(ods, NULL, &err);
	if (sheet != NULL)
		assert_string_not_equal(sheet->format, "odt");
	else
		assert_null(strstr(err->message, "office:spreadsheet"));

	/* not well-formed */
	g_autoptr(GBytes) bad = odt_build(NULL, "<text:p>open");
	expect_error(bad, READ_ERR_CORRUPT, "content.xml");
}

static void test_caps(void **state)
{
	(void) state;
	/* a million repeated columns and rows are capped, not allocated */
	g_autoptr(Doc) doc = build_read(
		"<table:table><table:table-row table:number-rows-repeated=\"1000000\">"
		"<table:table-cell table:number-columns-repeated=\"1000000\"><text:p>z</text:p></table:table-cell>"
		"</table:table-row></table:table>");
	const DocTable *t = body_table(doc, 0);
	assert_true(t->n_cols <= 512);
	assert_true(t->n_rows <= 1000);

	/* spans beyond the table are clipped */
	g_autoptr(Doc) d2 = build_read(
		"<table:table><table:table-row><table:table-cell table:number-columns-spanned=\"999999\" "
		"table:number-rows-spanned=\"999999\"><text:p>big</text:p></table:table-cell></table:table-row>"
		"<table:table-row><table:table-cell><text:p>under</text:p></table:table-cell></table:table-row></table:table>");
	const DocTable *t2 = body_table(d2, 0);
	assert_int_equal(t2->n_rows, 2);
	g_autofree char *all = doc_to_text(d2);
	assert_non_null(strstr(all, "under"));

	/* deep nesting of spans: past the XML depth limit, an error not a crash */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 400; i++)
		g_string_append(deep, "<text:span>");
	g_string_append(deep, "x");
	for (int i = 0; i < 400; i++)
		g_string_append(deep, "</text:span>");
	g_autofree char *body = g_strconcat("<text:p>", deep->str, "</text:p>", NULL);
	g_string_free(deep, TRUE);
	g_autoptr(GBytes) b = odt_build(NULL, body);
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) d3 = bytes_read(b, NULL, &err);
	assert_null(d3);
	if (err->code != READ_ERR_BOMB && err->code != READ_ERR_CORRUPT)
		fail_msg("deep nesting gave code %d: %s", err->code, err->message);
}

/* Truncations and byte flips of a valid package, and of its content.xml before it is
 * zipped (so that the XML parser and the story reader see damage the zip's CRC would
 * otherwise catch): a Doc or an error, never a crash. */
static void test_mutations(void **state)
{
	(void) state;
	static const char body[] =
		"<text:p text:style-name=\"P1\">Tiêu đề <text:span text:style-name=\"T1\">\xC2\xA7\xC2\xB6ng</text:span></text:p>"
		"<table:table><table:table-row><table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"3\"><text:p>a</text:p></table:table-cell>"
		"<table:covered-table-cell table:number-columns-repeated=\"3\"/></table:table-row>"
		"<table:table-row table:number-rows-repeated=\"4\"><table:table-cell><text:p>b<text:note><text:note-body><text:p>n</text:p></text:note-body></text:note></text:p>"
		"<table:table><table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>"
		"</table:table-cell></table:table-row></table:table>"
		"<text:list text:style-name=\"Num\"><text:list-item><text:p>m<text:s text:c=\"2\"/><text:tab/></text:p>"
		"<text:list><text:list-item><text:p>k</text:p></text:list-item></text:list></text:list-item></text:list>";
	g_autoptr(GBytes) b = odt_build(NULL, body);
	g_autofree char *content = content_xml(NULL, body);
	gsize len, clen = strlen(content);
	const guint8 *orig = g_bytes_get_data(b, &len);
	guint8 *buf = g_malloc(MAX(len, clen) + 1);
	guint docs = 0, errors = 0;
	GRand *rnd = g_rand_new_with_seed(42);
	for (guint i = 0; i < 600; i++) {
		gboolean xml = i >= 300;
		const guint8 *src = xml ? (const guint8 *) content : orig;
		gsize slen = xml ? clen : len, n = slen;
		memcpy(buf, src, slen);
		if (i % 300 < 100) {
			n = (gsize) g_rand_int_range(rnd, 0, (gint32) slen);
		} else {
			for (int k = 0; k < 1 + (int) (i % 4); k++)
				buf[g_rand_int_range(rnd, 0, (gint32) slen)] ^= (guint8) g_rand_int_range(rnd, 1, 256);
		}
		g_autoptr(GBytes) pkg = NULL;
		const guint8 *data = buf;
		if (xml) {
			buf[n] = '\0';
			pkg = zip_build_odf("mimetype", MIME_TEXT, "styles.xml", styles_xml, "content.xml",
			                (const char *) buf, NULL);
			data = g_bytes_get_data(pkg, &n);
		}
		g_autoptr(GError) err = NULL;
		Doc *doc = read_document(data, n, "m.odt", NULL, &err);
		if (doc == NULL) {
			assert_non_null(err);
			assert_int_equal(err->domain, READ_ERROR);
		}
		mutant_count(doc, err, &docs, &errors);
	}
	g_rand_free(rnd);
	g_free(buf);
	print_message("mutations: %u docs, %u errors\n", docs, errors);
	assert_int_equal(docs + errors, 600);
	assert_true(docs > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_and_fonts),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_margins_notes_changes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
