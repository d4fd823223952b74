/*
 * test_docx.c - unit tests for stage 2 reading: read_sniff(), read_document() and the
 * DOCX reader (read_docx.c, xmlsafe.c), and the document model's text views (doc.c).
 *
 * Two kinds of input. Real files from ../shared/corpus (BAOCAO_CORPUS overrides the
 * path; tests run from the repository root) are read in place: DOCX edge cases from
 * other projects' test suites, real Vietnamese official documents and hostile files;
 * for each, a few strings that must or must not come out, or the error it must give.
 * Small packages built here in memory (libzip) cover what no corpus file has: legacy
 * TCVN3/VNI runs, list numbering, caps and hostile XML in unusual places.
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

/* ====================================================================================
 * Helpers
 * ================================================================================== */

/* Read a corpus file with read_document(). (How long it takes is for make bench; a
 * reader that hangs is stopped by the worker's limits, tested in tests/e2e.sh.) */
static Doc *corpus_read(const char *rel, FileType *type, GError **error)
{
	g_autoptr(GBytes) b = corpus_bytes(rel);
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	const char *base = strrchr(rel, '/');
	return read_document(data, len, base != NULL ? base + 1 : rel, type, error);
}

static Doc *corpus_doc(const char *rel)
{
	g_autoptr(GError) err = NULL;
	Doc *doc = corpus_read(rel, NULL, &err);
	if (doc == NULL)
		fail_msg("%s: %s", rel, err->message);
	return doc;
}

static void corpus_expect_error(const char *rel, ReadErrorCode code, const char *in_message)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read(rel, NULL, &err);
	assert_null(doc);
	assert_non_null(err);
	if (err->domain != READ_ERROR || err->code != (int) code)
		fail_msg("%s: expected code %d, got %d: %s", rel, code, err->code, err->message);
	if (in_message != NULL && strstr(err->message, in_message) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", rel, err->message, in_message);
}

static guint count_of(const char *hay, const char *needle)
{
	guint n = 0;
	gsize len = strlen(needle);
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + len, needle))
		n++;
	return n;
}

#define assert_has(text, needle)                                                        \
	do {                                                                            \
		if (strstr((text), (needle)) == NULL)                                   \
			fail_msg("text lacks '%s'", (needle));                          \
	} while (0)

#define assert_lacks(text, needle)                                                      \
	do {                                                                            \
		if (strstr((text), (needle)) != NULL)                                   \
			fail_msg("text has '%s'", (needle));                            \
	} while (0)

/* Text of one list of blocks, as doc_to_text would print it. */
static char *blocks_text(GPtrArray *blocks)
{
	Doc tmp = { 0 };
	tmp.body = blocks;
	tmp.margins = g_ptr_array_new();
	tmp.notes = g_ptr_array_new();
	char *t = doc_to_text(&tmp);
	g_ptr_array_unref(tmp.margins);
	g_ptr_array_unref(tmp.notes);
	return t;
}

/* First paragraph (searching into tables) whose text contains needle. */
static const DocPara *find_para_in(GPtrArray *blocks, const char *needle)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_PARA) {
			if (strstr(b->para.text, needle) != NULL)
				return &b->para;
			continue;
		}
		for (guint c = 0; c < b->table.cells->len; c++) {
			const DocCell *cell = b->table.cells->pdata[c];
			const DocPara *p = find_para_in(cell->blocks, needle);
			if (p != NULL)
				return p;
		}
	}
	return NULL;
}

static const DocPara *find_para(const Doc *doc, const char *needle)
{
	const DocPara *p = find_para_in(doc->body, needle);
	if (p == NULL)
		fail_msg("no paragraph with '%s'", needle);
	return p;
}

/* First table (depth-first, nested ones too) for which pred holds. */
static const DocTable *find_table_in(GPtrArray *blocks, gboolean (*pred)(const DocTable *, gconstpointer),
                                     gconstpointer arg)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type != BLOCK_TABLE)
			continue;
		if (pred(&b->table, arg))
			return &b->table;
		for (guint c = 0; c < b->table.cells->len; c++) {
			const DocCell *cell = b->table.cells->pdata[c];
			const DocTable *t = find_table_in(cell->blocks, pred, arg);
			if (t != NULL)
				return t;
		}
	}
	return NULL;
}

static gboolean table_any(const DocTable *t, gconstpointer arg)
{
	(void) t;
	(void) arg;
	return TRUE;
}

static gboolean table_has_text(const DocTable *t, gconstpointer needle)
{
	for (guint c = 0; c < t->cells->len; c++) {
		g_autofree char *txt = doc_cell_text(t->cells->pdata[c]);
		if (strstr(txt, needle) != NULL)
			return TRUE;
	}
	return FALSE;
}

static guint max_table_depth(GPtrArray *blocks)
{
	guint best = 0;
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type != BLOCK_TABLE)
			continue;
		best = MAX(best, b->table.depth + 1);
		for (guint c = 0; c < b->table.cells->len; c++)
			best = MAX(best, max_table_depth(((DocCell *) b->table.cells->pdata[c])->blocks));
	}
	return best;
}

static char *cell_text_at(const DocTable *t, guint r, guint c)
{
	const DocCell *cell = doc_table_cell(t, r, c);
	if (cell == NULL)
		fail_msg("no cell at (%u,%u)", r, c);
	return doc_cell_text(cell);
}

static void assert_nfc(const char *s)
{
	g_autofree char *n = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	assert_non_null(n);
	assert_string_equal(n, s);
}

/* ---- building small packages in memory ---------------------------------------------- */

static const char CT[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"</Types>";

static const char ROOT_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DOC_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS \
	" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define DOC_CLOSE "</w:body></w:document>"

/* A package with this document.xml body, and optional styles and numbering parts. */
static GBytes *docx_build(const char *body, const char *styles, const char *numbering)
{
	g_autofree char *doc = g_strconcat(DOC_OPEN, body, DOC_CLOSE, NULL);
	GString *rels = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	if (styles != NULL)
		g_string_append(rels, "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
	if (numbering != NULL)
		g_string_append(rels, "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>");
	g_string_append(rels, "</Relationships>");
	g_autofree char *st = styles != NULL
		? g_strconcat("<?xml version=\"1.0\"?><w:styles " W_NS ">", styles, "</w:styles>", NULL)
		: NULL;
	g_autofree char *nb = numbering != NULL
		? g_strconcat("<?xml version=\"1.0\"?><w:numbering " W_NS ">", numbering, "</w:numbering>", NULL)
		: NULL;
	GBytes *b;
	if (st != NULL && nb != NULL)
		b = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
		              "word/document.xml", doc, "word/_rels/document.xml.rels", rels->str,
		              "word/styles.xml", st, "word/numbering.xml", nb, NULL);
	else if (st != NULL)
		b = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
		              "word/document.xml", doc, "word/_rels/document.xml.rels", rels->str,
		              "word/styles.xml", st, NULL);
	else if (nb != NULL)
		b = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
		              "word/document.xml", doc, "word/_rels/document.xml.rels", rels->str,
		              "word/numbering.xml", nb, NULL);
	else
		b = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
		              "word/document.xml", doc, "word/_rels/document.xml.rels", rels->str, NULL);
	g_string_free(rels, TRUE);
	return b;
}

static Doc *bytes_read(GBytes *b, GError **error)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	return docx_read(data, len, error);
}

static Doc *build_read(const char *body, const char *styles, const char *numbering)
{
	g_autoptr(GBytes) b = docx_build(body, styles, numbering);
	g_autoptr(GError) err = NULL;
	Doc *doc = bytes_read(b, &err);
	if (doc == NULL)
		fail_msg("synthetic docx: %s", err->message);
	return doc;
}

static void build_expect_error(GBytes *b, ReadErrorCode code, const char *in_message)
{
	g_autoptr(GError) err = NULL;
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	g_autoptr(Doc) doc = read_document(data, len, "x.docx", NULL, &err);
	assert_null(doc);
	assert_non_null(err);
	if (err->code != (int) code)
		fail_msg("expected code %d, got %d: %s", code, err->code, err->message);
	if (in_message != NULL && strstr(err->message, in_message) == NULL)
		fail_msg("message '%s' lacks '%s'", err->message, in_message);
}

/* ====================================================================================
 * Sniffing
 * ================================================================================== */

static void test_sniff_magic(void **state)
{
	(void) state;
#define B(lit) lit, sizeof(lit) - 1
	static const struct { const char *bytes; gsize len; FileType type; } cases[] = {
		{ B(""), FT_EMPTY },
		{ B(" \r\n\t "), FT_EMPTY },
		{ B("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), FT_PDF },
		{ B("\r\n%PDF-1.4\n"), FT_PDF },
		{ B("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"), FT_PNG },
		{ B("\xFF\xD8\xFF\xE0\0\x10JFIF"), FT_JPEG },
		{ B("II*\0\x08\0\0\0"), FT_TIFF },
		{ B("MM\0*\0\0\0\x08"), FT_TIFF },
		{ B("{\\rtf1\\ansi\\deff0 {\\fonttbl}"), FT_RTF },
		{ B("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), FT_OLE },
		{ B("\xEF\xBB\xBF<html xmlns:o=\"urn:x\"><head>"), FT_HTML },
		{ B("<!DOCTYPE html>\n<html><body>x</body></html>"), FT_HTML },
		{ B("<?xml version=\"1.0\"?>\n<!-- saved -->\n<HTML><BODY>x"), FT_HTML },
		{ B("From: a@b.vn\r\nTo: c@d.vn\r\nSubject: Bao cao\r\n\r\nbody"), FT_EML },
		{ B("Báo cáo kết quả công tác kiểm tra quý IV năm 2025\n"), FT_TEXT },
		{ B("pdf"), FT_UNKNOWN },
		{ B("\x01\x02\x03\x04\x05\x06\x07\x08\x09"), FT_UNKNOWN },
	};
#undef B
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		FileType t = read_sniff((const guint8 *) cases[i].bytes, cases[i].len, NULL);
		if (t != cases[i].type)
			fail_msg("case %zu: got %s, want %s", i, file_type_name(t),
			         file_type_name(cases[i].type));
	}
}

static void test_sniff_zip_kinds(void **state)
{
	(void) state;
	g_autoptr(GBytes) docx = zip_build("[Content_Types].xml", CT, "word/document.xml", "<x/>", NULL);
	g_autoptr(GBytes) xlsx = zip_build("[Content_Types].xml", CT, "xl/workbook.xml", "<x/>", NULL);
	g_autoptr(GBytes) pptx = zip_build("[Content_Types].xml", CT, "ppt/presentation.xml", "<x/>", NULL);
	g_autoptr(GBytes) odt = zip_build("mimetype", "application/vnd.oasis.opendocument.text",
	                                  "content.xml", "<x/>", NULL);
	g_autoptr(GBytes) zip = zip_build("a.txt", "hello", NULL);
	struct { GBytes *b; FileType t; } cases[] = {
		{ docx, FT_DOCX }, { xlsx, FT_XLSX }, { pptx, FT_PPTX }, { odt, FT_ODF }, { zip, FT_ZIP },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		gsize len;
		const guint8 *d = g_bytes_get_data(cases[i].b, &len);
		assert_int_equal(read_sniff(d, len, NULL), cases[i].t);
		/* Cut the central directory off: the local headers still tell. */
		if (cases[i].t != FT_ZIP)
			assert_int_equal(read_sniff(d, len - 30, NULL), cases[i].t);
	}
}

static void test_sniff_owner_file_and_names(void **state)
{
	(void) state;
	guint8 owner[162] = { 0 };
	owner[0] = 5;
	memcpy(owner + 1, "ADMIN", 5);
	owner[54] = 5;
	for (int i = 0; i < 5; i++)
		owner[56 + 2 * i] = (guint8) "ADMIN"[i];
	assert_int_equal(read_sniff(owner, sizeof owner, "report.docx"), FT_OWNER_FILE);
	/* Bytes that decide nothing: the "~$" name breaks the tie. */
	guint8 junk[40];
	memset(junk, 0x07, sizeof junk);
	assert_int_equal(read_sniff(junk, sizeof junk, NULL), FT_UNKNOWN);
	assert_int_equal(read_sniff(junk, sizeof junk, "inbox/~$bao-cao.docx"), FT_OWNER_FILE);
	/* The name never overrides the bytes. */
	assert_int_equal(read_sniff((const guint8 *) "%PDF-1.4", 8, "x.docx"), FT_PDF);
	assert_string_equal(file_type_name(FT_DOCX), "docx");
	assert_string_equal(file_type_name(FT_OWNER_FILE), "owner-file");
}

static void test_read_document_refusals(void **state)
{
	(void) state;
	static const struct { const char *bytes; gsize len; ReadErrorCode code; const char *msg; } cases[] = {
		{ "", 0, READ_ERR_EMPTY, NULL },
		{ "%PDF-1.4\n", 9, READ_ERR_CORRUPT, "PDF cannot be opened" },
		{ "\x89PNG\r\n\x1A\n\0\0", 10, READ_ERR_CORRUPT, "image header cannot be read" },
		{ "{\\rtf1 x", 8, READ_ERR_TRUNCATED, "RTF ends" },
		{ "\x01\x02\x03", 3, READ_ERR_UNKNOWN, NULL },
		{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, READ_ERR_TRUNCATED, "OLE2 compound file" },
		{ "7z\xBC\xAF\x27\x1C\0\x04", 8, READ_ERR_UNSUPPORTED, "7-Zip, RAR and gzip archives" },
		{ "Rar!\x1A\x07\x01\0", 8, READ_ERR_UNSUPPORTED, "not unpacked" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) err = NULL;
		FileType t;
		g_autoptr(Doc) doc = read_document((const guint8 *) cases[i].bytes, cases[i].len,
		                                   NULL, &t, &err);
		assert_null(doc);
		assert_non_null(err);
		assert_int_equal(err->code, cases[i].code);
		if (cases[i].msg != NULL)
			assert_non_null(strstr(err->message, cases[i].msg));
	}
}

/* ====================================================================================
 * Corpus: docx_edge
 * ================================================================================== */

static void test_edge_legacy_forms(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/docx4j_LegacyForms.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "Text form field ");
	assert_has(t, "Checkbox \xE2\x98\x90");   /* unchecked legacy check box: ☐ */
	assert_has(t, "ActiveX");
	assert_lacks(t, "FORMTEXT");
	assert_lacks(t, "FORMCHECKBOX");
	assert_lacks(t, "FORMDROPDOWN");
}

static void test_edge_invoice_databinding(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/docx4j_invoice_OpenDoPE-databinding.docx");
	const DocPara *p = find_para(doc, "Joe Bloggs");
	assert_string_equal(p->sdt_tag, "od:xpath=x1&customer name=customer name");
	const DocTable *t = find_table_in(doc->body, table_any, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 2);
	assert_int_equal(t->n_cols, 2);
	g_autofree char *apples = cell_text_at(t, 1, 0);
	assert_string_equal(apples, "apples");
	assert_string_equal(doc_table_cell(t, 1, 0)->sdt_tag, "Description=Description&od:xpath=x3");
	assert_string_equal(doc_table_cell(t, 1, 1)->sdt_tag, "price=price&od:xpath=x4&od:finish=t_db");
	assert_null(doc_table_cell(t, 0, 0)->sdt_tag);
	/* Comments are notes, never body. */
	g_autofree char *body = blocks_text(doc->body);
	g_autofree char *notes = blocks_text(doc->notes);
	assert_has(notes, "surrounded by a content control");
	assert_lacks(body, "surrounded by a content control");
	assert_int_equal(((DocBlock *) doc->notes->pdata[0])->part, PART_NOTE);
}

static void test_edge_alternate_content_header(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/docx4j_mcAlternateContent-in-header.docx");
	g_autofree char *body = blocks_text(doc->body);
	g_autofree char *margins = blocks_text(doc->margins);
	assert_has(margins, "Transmittal: ${tr.out.ecs_trans_number_GIBBA}");
	assert_has(margins, "Page 1 of 1");
	assert_lacks(margins, "NUMPAGES");
	assert_lacks(body, "Transmittal");
	gboolean footer = FALSE;
	for (guint i = 0; i < doc->margins->len; i++) {
		const DocBlock *b = doc->margins->pdata[i];
		assert_true(b->part == PART_HEADER || b->part == PART_FOOTER);
		if (b->type == BLOCK_PARA && strstr(b->para.text, "Transmittal") != NULL)
			footer = b->part == PART_FOOTER;
	}
	assert_true(footer);
}

static void test_edge_utf8_bom(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/mammoth_utf8-bom.docx");
	assert_string_equal(body_para(doc, 0)->text, "This XML has a byte order mark.");
}

static void test_edge_sdt_cell(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/oxsdk_sdtCell.docx");
	const DocTable *t = find_table_in(doc->body, table_any, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 4);
	assert_int_equal(t->n_cols, 3);
	g_autofree char *a = cell_text_at(t, 0, 0);
	g_autofree char *b = cell_text_at(t, 0, 1);
	assert_string_equal(a, "This is an sdtCell.");
	assert_string_equal(b, "This is another sdtCell.");
	/* These cell-level controls carry neither w:tag nor w:alias. */
	assert_null(doc_table_cell(t, 0, 0)->sdt_tag);
	assert_null(doc_table_cell(t, 0, 1)->sdt_tag);
}

static void test_edge_sdt_databinding(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/oxsdk_sdtDataBinding.docx");
	assert_string_equal(body_para(doc, 0)->text, "Text");
}

static void test_edge_strict_fldsimple(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/oxsdk_strict_fldSimple-bookmark.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "\xE2\x80\x9CVariableX\xE2\x80\x9D is a bookmark name");
	assert_has(t, "1.00000000");
	assert_lacks(t, "<> 40");
	assert_lacks(t, "\\#");
}

static void test_edge_strict_table(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/oxsdk_strict_tblLayout.docx");
	const DocBlock *b = doc->body->pdata[0];
	assert_int_equal(b->type, BLOCK_TABLE);
	assert_int_equal(b->table.n_rows, 1);
	assert_int_equal(b->table.n_cols, 1);
	assert_int_equal(b->table.depth, 0);
}

static void test_edge_alternate_path(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_alternate_document_path.docx");
	assert_string_equal(body_para(doc, 0)->text, "Test");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "This is italic, bold, underlined");
}

static void test_edge_nested_instr(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_nested_instrText.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "Foundations of Analysis, 1/16/18 8:40:00 AM, 2nd Edition");
	assert_lacks(t, "HYPERLINK");
	assert_lacks(t, "CREATEDATE");
	assert_lacks(t, "books.google.com");
}

static void test_edge_nested_sdt(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_nested_sdt.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_int_equal(count_of(t, "Test Paragraph1"), 1);
	assert_int_equal(count_of(t, "Test Paragraph2"), 1);
	assert_int_equal(count_of(t, "Test Paragraph3"), 1);
}

static void test_edge_ns0_prefix(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_ns0-reference.docx");
	assert_int_equal(doc->body->len, 1);
	assert_string_equal(body_para(doc, 0)->text, "ref");
}

static void test_edge_paragraph_mark_deleted(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_paragraph_insertion_deletion.docx");
	/* Mark of "This is a" inserted (kept); mark of " split" deleted: it joins the next. */
	assert_int_equal(doc->body->len, 2);
	assert_string_equal(body_para(doc, 0)->text, "This is a");
	assert_string_equal(body_para(doc, 1)->text, " splitParagraph.");
}

static void test_edge_sdt_elements(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_sdt_elements.docx");
	const DocTable *t = find_table_in(doc->body, table_any, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 2);
	assert_int_equal(t->n_cols, 3);
	const DocCell *c = doc_table_cell(t, 1, 1);
	assert_string_equal(c->sdt_tag, "Content type");
	g_autofree char *txt = doc_cell_text(c);
	assert_string_equal(txt, "Body copy");
	assert_null(doc_table_cell(t, 1, 0)->sdt_tag);
	assert_string_equal(find_para(doc, "Body copy")->sdt_tag, "Content type");
	/* Three headers and three footers, all in margins. */
	guint headers = 0, footers = 0;
	for (guint i = 0; i < doc->margins->len; i++) {
		const DocBlock *b = doc->margins->pdata[i];
		headers += b->part == PART_HEADER;
		footers += b->part == PART_FOOTER;
	}
	assert_int_equal(headers, 3);
	assert_int_equal(footers, 3);
}

static void test_edge_sdt_in_footnote(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_sdt_in_footnote.docx");
	g_autofree char *body = blocks_text(doc->body);
	assert_has(body, "Lorem ipsum dolor sit amet.");
	assert_lacks(body, "Bitzios");
	const DocPara *p = find_para_in(doc->notes, "Vgl. Bitzios u. a.: Dissonance");
	assert_non_null(p);
	assert_true(g_str_has_prefix(p->sdt_tag, "CitaviPlaceholder#8db84158"));
	assert_null(strstr(p->text, "ADDIN"));
	assert_int_equal(doc->notes->len, 1);  /* separator footnotes skipped */
}

static void test_edge_table_gridbefore(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_table_gridbefore.docx");
	const DocTable *t = find_table_in(doc->body, table_any, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 16);
	assert_int_equal(t->n_cols, 11);
	assert_null(doc_table_cell(t, 0, 0));   /* gridBefore leaves the first column empty */
	const DocCell *bits = doc_table_cell(t, 0, 1);
	assert_non_null(bits);
	assert_int_equal(bits->colspan, 8);
	assert_ptr_equal(doc_table_cell(t, 0, 8), bits);
	g_autofree char *bt = doc_cell_text(bits);
	assert_string_equal(bt, "Bits");
	g_autofree char *text = cell_text_at(t, 3, 10);
	assert_string_equal(text, "TEXT");
	/* The one row without gridBefore starts with a two-column cell. */
	const DocCell *coded = doc_table_cell(t, 12, 0);
	assert_non_null(coded);
	assert_int_equal(coded->colspan, 2);
	g_autofree char *ct = cell_text_at(t, 12, 10);
	assert_string_equal(ct, "CODED TEXT");
	const DocCell *last = doc_table_cell(t, 15, 1);
	assert_non_null(last);
	assert_int_equal(last->colspan, 10);
	assert_null(doc_table_cell(t, 15, 0));
}

static void test_edge_table_rowspan(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_table_header_rowspan.docx");
	const DocTable *t = find_table_in(doc->body, table_any, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 11);
	assert_int_equal(t->n_cols, 8);
	const DocCell *a = doc_table_cell(t, 0, 0);
	assert_int_equal(a->rowspan, 2);
	assert_int_equal(a->colspan, 1);
	assert_ptr_equal(doc_table_cell(t, 1, 0), a);
	const DocCell *e = doc_table_cell(t, 0, 4);
	assert_int_equal(e->colspan, 3);
	assert_ptr_equal(doc_table_cell(t, 0, 6), e);
	g_autofree char *g = cell_text_at(t, 1, 4);
	assert_string_equal(g, "G");
	const DocCell *f = doc_table_cell(t, 0, 7);
	assert_int_equal(f->rowspan, 2);
	assert_ptr_equal(doc_table_cell(t, 1, 7), f);
	g_autofree char *ft = doc_cell_text(f);
	assert_string_equal(ft, "F");
	g_autofree char *eight = cell_text_at(t, 10, 7);
	assert_string_equal(eight, "8");
	/* 8 header cells, 3 in the second row, 9 rows of 8. */
	assert_int_equal(t->cells->len, 6 + 3 + 9 * 8);
	g_autofree char *txt = doc_to_text(doc);
	assert_has(txt, "A\tB\tC\tD\tE\t\t\tF\n\t\t\t\tG\tH\tI\t\n");
}

static void test_edge_text_in_shape(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_text_in_shape_format.docx");
	g_autofree char *t = doc_to_text(doc);
	/* Each text box is in mc:Choice and again in mc:Fallback: read once. */
	assert_int_equal(count_of(t, "Valter Kiisk"), 1);
	assert_int_equal(count_of(t, "Last update: May 1, 2017"), 1);
	assert_int_equal(count_of(t, "Institute of Physics, University of Tartu"), 1);
	assert_lacks(t, "SAVEDATE");
	assert_lacks(t, "STYLEREF");
	const DocPara *p = find_para(doc, "Valter Kiisk");
	assert_true(p->in_textbox);
	/* The anchoring paragraph comes first, its text boxes right after it. */
	assert_false(body_para(doc, 0)->in_textbox);
	assert_true(body_para(doc, 1)->in_textbox);
	g_autofree char *margins = blocks_text(doc->margins);
	assert_has(margins, "Error! No text of specified style in document.");
	g_autofree char *body = blocks_text(doc->body);
	assert_lacks(body, "Error! No text");
}

static void test_edge_track_changes_move(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/pandoc_track_changes_move.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_int_equal(count_of(t, "Here is the text to be moved."), 1);
	assert_has(t, "Here is some text.\n\nHere is the text to be moved.\n\nHere is some more text.");
}

static void test_edge_macro_docm(void **state)
{
	(void) state;
	FileType type;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read("docx_edge/poi_SimpleMacro.docm", &type, &err);
	assert_non_null(doc);
	assert_int_equal(type, FT_DOCX);
	assert_string_equal(body_para(doc, 0)->text, "This is a macro word processing document");
	assert_string_equal(doc->format, "docx");
}

static void test_edge_checkboxes(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/poi_checkboxes_legacy-FORMCHECKBOX.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_lacks(t, "FORMCHECKBOX");
	const DocPara *un = find_para(doc, "unchecked: \xE2\x98\x90");
	assert_string_equal(un->num_label, "-");   /* a bullet list item */
	assert_non_null(find_para(doc, "Or checked: \xE2\x98\x92"));
	assert_has(t, "\xE2\x98\x90\t\xE2\x98\x92\n");   /* the table row */
	assert_has(t, "\xE2\x98\x92\xE2\x98\x90\xE2\x98\x92");  /* in sequence */
}

static gboolean table_depth_is(const DocTable *t, gconstpointer depth)
{
	return t->depth == GPOINTER_TO_UINT(depth);
}

static void test_edge_nested_tables(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/poi_drawing_nested-tables-depth4.docx");
	assert_int_equal(max_table_depth(doc->body), 4);
	const DocTable *deep = find_table_in(doc->body, table_depth_is, GUINT_TO_POINTER(3));
	assert_non_null(deep);
	assert_true(table_has_text(deep, "Cbonds"));
	const DocTable *with = find_table_in(doc->body, table_has_text, "Cbonds");
	assert_non_null(with);
	assert_int_equal(with->depth, 0);  /* the outermost table holds it too, nested */
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "МОНИТОРИНГ СМИ");
	assert_has(t, "Cbonds");
}

static void test_edge_empty_body(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/poi_empty-body_LibreOffice-watermark-header.docx");
	g_autofree char *body = blocks_text(doc->body);
	g_strstrip(body);
	assert_string_equal(body, "");
	assert_true(doc->margins->len >= 1);
	assert_int_equal(((DocBlock *) doc->margins->pdata[0])->part, PART_HEADER);
}

static void test_edge_encrypted(void **state)
{
	(void) state;
	FileType type;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read("docx_edge/poi_encrypted_password-is-pass.docx", &type, &err);
	assert_null(doc);
	assert_int_equal(type, FT_OLE);
	assert_int_equal(err->code, READ_ERR_ENCRYPTED);
}

static void test_edge_google_docs(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("docx_edge/vn_GoogleDocs+WPS_roundtrip_embedded-fonts.docx");
	assert_string_equal(body_para(doc, 0)->text, "KIẾN TRÚC TỔNG THỂ");
	const DocPara *p = find_para(doc, "AuthService – login, JWT");
	assert_string_equal(p->num_label, "-");
	assert_string_equal(find_para(doc, "Đăng nhập, cấp JWT")->num_label, "-");
	g_autofree char *t = doc_to_text(doc);
	assert_nfc(t);
	assert_int_equal(doc->legacy_runs, 0);
}

static void test_edge_tcvn3_doc(void **state)
{
	(void) state;
	/* A Word 97-2003 file despite the folder: read by read_doc.c (test_read_doc.c). */
	FileType type;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read("docx_edge/vn_TCVN3_Party-selfreview_2011.doc", &type, &err);
	if (doc == NULL)
		fail_msg("not read: %s", err->message);
	assert_int_equal(type, FT_OLE);
	assert_string_equal(doc->format, "doc");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "ĐẢNG CỘNG SẢN VIỆT NAM");
	assert_true(doc->legacy_runs > 0);
}

/* ====================================================================================
 * Corpus: vn_official
 * ================================================================================== */

static void test_vn_court_precedent(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("vn_official/docx/AnLe21-TANDTC_court-precedent.docx");
	assert_true(g_str_has_prefix(body_para(doc, 0)->text, "Án lệ số 21/2018/AL về lỗi và thiệt hại"));
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "Quyết định số 269/QĐ-CA ngày 06 tháng 11 năm 2018");
	assert_nfc(t);
	assert_int_equal(doc->legacy_runs, 0);
}

static void test_vn_cong_van_fragment(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("vn_official/docx/BTTTT_cong-van_du-thao-fragment_2012.docx");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "gửi: \t- Các Bộ, Cơ quan ngang Bộ");
	assert_has(t, "công văn số 3364/BTTTT-ƯDCNTT ngày 17/10/2008");
	assert_nfc(t);
}

static void test_vn_nd30_annex1(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("vn_official/docx/ND30-2020_PhuLuc1_the-thuc_LibreOffice.docx");
	g_autofree char *body = blocks_text(doc->body);
	assert_has(body, "THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH");
	assert_has(body, "4. Phông chữ: Phông chữ tiếng Việt Times New Roman");
	g_autofree char *notes = blocks_text(doc->notes);
	assert_has(notes, "Cỡ chữ trong cùng một văn bản tăng, giảm phải thống nhất");
	assert_lacks(body, "Cỡ chữ trong cùng một văn bản tăng");
	assert_true(doc->margins->len > 0);
	/* .VnTime is declared in styles, but every run with text names Times New Roman. */
	assert_int_equal(doc->legacy_runs, 0);
	assert_nfc(body);
}

static void test_vn_nd30_annex3_numbering(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("vn_official/docx/ND30-2020_PhuLuc3_mau-van-ban_LibreOffice.docx");
	const DocTable *t = find_table_in(doc->body, table_has_text, "Chữ viết tắt");
	assert_non_null(t);
	g_autofree char *h = cell_text_at(t, 0, 0);
	assert_string_equal(h, "STT");
	/* The STT column is automatic numbering: the label is not in the runs. */
	const DocCell *c1 = doc_table_cell(t, 1, 0);
	assert_string_equal(((DocBlock *) c1->blocks->pdata[0])->para.num_label, "1.");
	assert_string_equal(((DocBlock *) c1->blocks->pdata[0])->para.text, "");
	const DocCell *c27 = doc_table_cell(t, 27, 0);
	assert_string_equal(((DocBlock *) c27->blocks->pdata[0])->para.num_label, "27.");
	g_autofree char *pb = cell_text_at(t, 27, 1);
	assert_string_equal(pb, "Phiếu báo");
	/* The copies' list is another w:num: it starts again at 1. */
	g_autofree char *sy = cell_text_at(t, 29, 1);
	assert_string_equal(sy, "Bản sao y");
	const DocCell *c29 = doc_table_cell(t, 29, 0);
	assert_string_equal(((DocBlock *) c29->blocks->pdata[0])->para.num_label, "1.");
	g_autofree char *txt = doc_to_text(doc);
	assert_has(txt, "1. \tNghị quyết (cá biệt)\tNQ\n");
	assert_int_equal(doc->legacy_runs, 0);
}

static void test_vn_legacy_doc(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = corpus_doc("vn_official/legacy_doc/UBND_QD15_2010.DOC");
	assert_string_equal(doc->format, "doc");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "Số: 15/2010/QĐ-UBND");
	assert_int_equal(doc->legacy_runs, 0);
}

/* ====================================================================================
 * Corpus: bad_inputs
 * ================================================================================== */

static void test_bad_hostile_xml(void **state)
{
	(void) state;
	corpus_expect_error("bad_inputs/docx_XXE_ExternalEntityInText.docx", READ_ERR_HOSTILE,
	                    "DTD declared in word/document.xml");
	corpus_expect_error("bad_inputs/docx_DTD-in-rels_PackageRelsHasEntities.docx",
	                    READ_ERR_HOSTILE, "_rels/.rels");
	corpus_expect_error("bad_inputs/docx_DTD-in-ContentTypes.docx", READ_ERR_HOSTILE,
	                    "[Content_Types].xml");
	corpus_expect_error("bad_inputs/ooxml_billion-laughs_poc-xmlbomb.xlsx", READ_ERR_HOSTILE,
	                    "xl/sharedStrings.xml");
}

static void test_bad_truncated_and_crc(void **state)
{
	(void) state;
	FileType type;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read("bad_inputs/docx_truncated62886.docx", &type, &err);
	assert_null(doc);
	assert_int_equal(type, FT_DOCX);   /* sniffed from the local headers */
	assert_int_equal(err->code, READ_ERR_TRUNCATED);
	assert_non_null(strstr(err->message, "end of central directory"));
	corpus_expect_error("bad_inputs/docx_clusterfuzz_bad-CRC.docx", READ_ERR_CORRUPT,
	                    "CRC error in word/theme/theme1.xml");
}

static void test_bad_bombs(void **state)
{
	(void) state;
	corpus_expect_error("bad_inputs/zip_overlap-bomb_zbsm-variant_546GB.zip", READ_ERR_BOMB,
	                    "zip declares 546 GB uncompressed in 251 entries, over the 256 MB cap");
	corpus_expect_error("bad_inputs/ooxml_high-ratio-bomb.xlsx", READ_ERR_BOMB,
	                    "xl/styles.xml");
}

static void test_bad_small_and_disguised(void **state)
{
	(void) state;
	FileType type;
	g_autoptr(GError) e1 = NULL;
	g_autoptr(Doc) d1 = corpus_read("bad_inputs/word-owner-lockfile_tilde-dollar.docx", &type, &e1);
	assert_null(d1);
	assert_int_equal(type, FT_OWNER_FILE);
	assert_int_equal(e1->code, READ_ERR_UNSUPPORTED);
	assert_non_null(strstr(e1->message, "owner"));

	corpus_expect_error("bad_inputs/empty-0-bytes_215QD.doc", READ_ERR_EMPTY, NULL);

	const char *tiny[] = { "bad_inputs/fake-pdf_3-bytes.pdf", "bad_inputs/truncated-pdf_2-bytes-CRLF.pdf" };
	for (gsize i = 0; i < G_N_ELEMENTS(tiny); i++) {
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = corpus_read(tiny[i], &type, &err);
		assert_null(doc);
		assert_true(type == FT_EMPTY || type == FT_UNKNOWN);
		assert_true(err->code == READ_ERR_EMPTY || err->code == READ_ERR_UNKNOWN);
	}

	/* Word's "save as web page" sent as .doc: sniffed as HTML and read by html_read */
	g_autoptr(GError) e2 = NULL;
	g_autoptr(Doc) d2 = corpus_read("bad_inputs/html-disguised-as-doc_Ke_hoach_tap_huan.doc", &type, &e2);
	assert_int_equal(type, FT_HTML);
	if (d2 == NULL)
		fail_msg("HTML as .doc: %s", e2->message);
	assert_string_equal(d2->format, "html");
	g_autofree char *t2 = doc_to_text(d2);
	assert_non_null(strstr(t2, "LỊCH LÀM VIỆC CÁ NHÂN"));
}

static void test_bad_zip_slip_and_recursive(void **state)
{
	(void) state;
	/* entries that climb out of their folder are an attack: hostile, the entry named */
	const char *slips[][2] = {
		{ "bad_inputs/zip-slip_unix.zip", "../../" },
		{ "bad_inputs/zip-slip_windows.zip", "..\\" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(slips); i++) {
		FileType type;
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = corpus_read(slips[i][0], &type, &err);
		assert_null(doc);
		assert_int_equal(type, FT_ZIP);
		assert_int_equal(err->code, READ_ERR_HOSTILE);
		assert_non_null(strstr(err->message, "zip slip"));
		assert_non_null(strstr(err->message, slips[i][1]));
	}
	/* nested archives: nothing is inflated; an archive that holds no document */
	FileType type;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = corpus_read("bad_inputs/zip_recursive-bomb_Challenge9.zip", &type, &err);
	assert_null(doc);
	assert_int_equal(type, FT_ZIP);
	assert_int_equal(err->code, READ_ERR_UNSUPPORTED);
	assert_non_null(strstr(err->message, "no Word document"));
}

/* Every corpus file is read or refused with an error, quickly, never crashing. */
static void test_corpus_every_file(void **state)
{
	(void) state;
	/* PDFs and scans are read end to end, with their labels, by tests/corpus.sh */
	const char *dirs[] = { "docx_edge", "vn_official/docx", "vn_official/legacy_doc",
	                       "bad_inputs" };
	guint files = 0;
	for (gsize d = 0; d < G_N_ELEMENTS(dirs); d++) {
		if (!g_file_test(corpus_dir(), G_FILE_TEST_IS_DIR))
			skip();
		g_autofree char *path = g_build_filename(corpus_dir(), dirs[d], NULL);
		g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
		if (dir == NULL)
			fail_msg("cannot list %s", path);
		const char *name;
		while ((name = g_dir_read_name(dir)) != NULL) {
			g_autofree char *rel = g_build_filename(dirs[d], name, NULL);
			g_autoptr(GError) err = NULL;
			FileType type;
			g_autoptr(Doc) doc = corpus_read(rel, &type, &err);
			assert_true((doc != NULL) != (err != NULL));
			if (err != NULL) {
				assert_true(err->domain == READ_ERROR);
				assert_non_null(err->message);
				assert_null(strchr(err->message, '\n'));
			} else {
				g_autofree char *t = doc_to_text(doc);
				assert_true(g_utf8_validate(t, -1, NULL));
			}
			files++;
		}
	}
	assert_true(files >= 40);
}

/* ====================================================================================
 * Synthetic packages
 * ================================================================================== */

static void test_legacy_run_fonts(void **state)
{
	(void) state;
	static const char styles[] =
		"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"/></w:rPr></w:rPrDefault></w:docDefaults>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Old\"><w:basedOn w:val=\"Base\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"VniChar\"><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr></w:style>";
	static const char body[] =
		/* 0: run font .VnTime */
		"<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr><w:t>\xC2\xA7\xC2\xB6ng C\xC3\xA9ng s\xC2\xB6n Vi\xC3\x96t Nam</w:t></w:r></w:p>"
		/* 1: paragraph style chain gives .VnTime; a Unicode run in Arial stays */
		"<w:p><w:pPr><w:pStyle w:val=\"Old\"/></w:pPr><w:r><w:t>Th\xC2\xB5nh \xC3\xB1y</w:t></w:r>"
		"<w:r><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/></w:rPr><w:t> – Hà Nội</w:t></w:r></w:p>"
		/* 2: character style gives VNI */
		"<w:p><w:r><w:rPr><w:rStyle w:val=\"VniChar\"/></w:rPr><w:t>\xC3\x91\x61\xC3\xBBng</w:t></w:r></w:p>"
		/* 3: .VnTimeH: capitals */
		"<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTimeH\" w:hAnsi=\".VnTimeH\"/></w:rPr><w:t>b\xC2\xB8o c\xC2\xB8o</w:t></w:r></w:p>"
		/* 4: legacy font but real Unicode letters: left alone */
		"<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr><w:t>Đảng bộ</w:t></w:r></w:p>"
		/* 5: font names lost: Times New Roman run, mojibake text, decided per paragraph */
		"<w:p><w:r><w:t>\xC2\xA7\xC2\xB6ng C\xC3\xA9ng s\xC2\xB6n Vi\xC3\x96t Nam</w:t></w:r></w:p>"
		/* 6: plain Unicode, nothing to do */
		"<w:p><w:r><w:t>Báo cáo quý IV</w:t></w:r></w:p>";
	g_autoptr(Doc) doc = build_read(body, styles, NULL);
	assert_string_equal(body_para(doc, 0)->text, "Đảng Cộng sản Việt Nam");
	assert_true(body_para(doc, 0)->legacy);
	assert_string_equal(body_para(doc, 1)->text, "Thành ủy – Hà Nội");
	assert_true(body_para(doc, 1)->legacy);
	assert_string_equal(body_para(doc, 2)->text, "Đảng");
	assert_string_equal(body_para(doc, 3)->text, "BÁO CÁO");
	assert_string_equal(body_para(doc, 4)->text, "Đảng bộ");
	assert_false(body_para(doc, 4)->legacy);
	assert_string_equal(body_para(doc, 5)->text, "Đảng Cộng sản Việt Nam");
	assert_true(body_para(doc, 5)->legacy);
	assert_string_equal(body_para(doc, 6)->text, "Báo cáo quý IV");
	assert_false(body_para(doc, 6)->legacy);
	assert_int_equal(doc->legacy_runs, 5);
}

static void test_legacy_theme_font(void **state)
{
	(void) state;
	/* The body font comes from the theme (asciiTheme), and the theme says .VnTime. */
	g_autoptr(GBytes) b = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
		"word/document.xml", DOC_OPEN
		"<w:p><w:r><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:ascii=\"Arial\"/></w:rPr>"
		"<w:t>NghÞ quyÕt</w:t></w:r></w:p>"
		/* a theme name wins over the explicit one, both ways */
		"<w:p><w:r><w:rPr><w:rFonts w:asciiTheme=\"majorHAnsi\" w:ascii=\".VnTime\"/></w:rPr>"
		"<w:t>NghÞ</w:t></w:r></w:p>" DOC_CLOSE,
		"word/_rels/document.xml.rels",
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"t\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/></Relationships>",
		"word/theme/theme1.xml",
		"<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:themeElements><a:fontScheme>"
		"<a:majorFont><a:latin typeface=\"Times New Roman\"/></a:majorFont>"
		"<a:minorFont><a:latin typeface=\".VnTime\"/></a:minorFont>"
		"</a:fontScheme></a:themeElements></a:theme>", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = bytes_read(b, &err);
	assert_non_null(doc);
	assert_string_equal(body_para(doc, 0)->text, "Nghị quyết");
	assert_string_equal(body_para(doc, 1)->text, "NghÞ");
	assert_int_equal(doc->legacy_runs, 1);
}

static void test_nfc_and_spaces(void **state)
{
	(void) state;
	/* Decomposed input comes out NFC; an NBSP becomes a space (vn_normalize). */
	g_autoptr(Doc) doc = build_read("<w:p><w:r><w:t>Ho\xCC\x80\x61\xC2\xA0" "binh</w:t></w:r></w:p>",
	                                NULL, NULL);
	assert_string_equal(body_para(doc, 0)->text, "Hòa binh");
}

static void test_numbering_labels(void **state)
{
	(void) state;
	static const char numbering[] =
		"<w:abstractNum w:abstractNumId=\"0\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.\"/></w:lvl>"
		"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%3)\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"1\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"3\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1)\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"2\">"
		"<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xEF\x82\xB7\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"%2.\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
		"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
		"<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"10\"/></w:lvlOverride></w:num>"
		"<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>";
	static const char styles[] =
		"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:basedOn w:val=\"Heading1\"/><w:pPr><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr></w:style>";
#define NP(id, lvl, text) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" lvl "\"/><w:numId w:val=\"" id "\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define SP(style, text) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
	static const char body[] =
		SP("Heading1", "Kết quả")       /* I. */
		SP("Heading2", "Ưu điểm")       /* I.1. */
		NP("1", "2", "a")               /* (a) */
		NP("1", "2", "b")               /* (b) */
		SP("Heading2", "Hạn chế")       /* I.2. */
		NP("1", "2", "c")               /* (a): restarted by the level above */
		SP("Heading1", "Phương hướng")  /* II. */
		SP("Heading2", "Nhiệm vụ")      /* II.1. */
		NP("2", "0", "x")               /* 3) */
		NP("2", "0", "y")               /* 4) */
		NP("3", "0", "z")               /* 10): start override */
		NP("4", "0", "dot")             /* - */
		NP("4", "1", "A")               /* A. */
		NP("4", "1", "B")               /* B. */
		NP("0", "0", "off")             /* numId 0: no numbering */
		"<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>plain</w:t></w:r></w:p>";
	g_autoptr(Doc) doc = build_read(body, styles, numbering);
	static const char *const want[] = {
		"I.", "I.1.", "(a)", "(b)", "I.2.", "(a)", "II.", "II.1.", "3)", "4)", "10)", "-", "A.",
		"B.", NULL, NULL,
	};
	assert_int_equal(doc->body->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const DocPara *p = body_para(doc, i);
		if (want[i] == NULL && p->num_label != NULL)
			fail_msg("paragraph %u: label '%s', want none", i, p->num_label);
		if (want[i] != NULL && (p->num_label == NULL || strcmp(p->num_label, want[i]) != 0))
			fail_msg("paragraph %u: label '%s', want '%s'", i,
			         p->num_label ? p->num_label : "(none)", want[i]);
	}
	assert_string_equal(body_para(doc, 0)->style, "Heading1");
	g_autofree char *t = doc_to_text(doc);
	assert_has(t, "I.1. Ưu điểm\n");
#undef NP
#undef SP
}

static void test_fields_and_changes(void **state)
{
	(void) state;
	static const char body[] =
		"<w:p><w:r><w:t xml:space=\"preserve\">Ngày </w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText> IF </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>hidden-nested</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:r><w:instrText> = 1 </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>30</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:ins w:id=\"1\"><w:r><w:t xml:space=\"preserve\"> tháng 4</w:t></w:r></w:ins>"
		"<w:del w:id=\"2\"><w:r><w:delText> tháng 5</w:delText></w:r></w:del>"
		"<w:moveTo w:id=\"3\"><w:r><w:t xml:space=\"preserve\"> năm 2025</w:t></w:r></w:moveTo>"
		"<w:moveFrom w:id=\"4\"><w:r><w:t>MOVED-AWAY</w:t></w:r></w:moveFrom>"
		"<w:fldSimple w:instr=\" PAGE \"><w:r><w:t xml:space=\"preserve\"> (7)</w:t></w:r></w:fldSimple>"
		"<w:r><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t><w:noBreakHyphen/><w:t>c</w:t>"
		"<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/><w:sym w:font=\"Arial\" w:char=\"00A9\"/></w:r></w:p>"
		/* A deleted table row disappears. */
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>keep</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:trPr><w:del w:id=\"5\"/></w:trPr><w:tc><w:p><w:r><w:t>gone</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		/* Run properties: bold by w:b, not bold by w:b w:val=\"0\"; centred. */
		"<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>BÁO CÁO</w:t></w:r>"
		"<w:r><w:rPr><w:b w:val=\"0\"/><w:i/></w:rPr><w:t>x</w:t></w:r></w:p>"
		/* A property-change record holds old properties: ignored. */
		"<w:p><w:r><w:rPr><w:rPrChange w:id=\"6\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>not bold</w:t></w:r></w:p>";
	g_autoptr(Doc) doc = build_read(body, NULL, NULL);
	const DocPara *p = body_para(doc, 0);
	assert_string_equal(p->text, "Ngày 30 tháng 4 năm 2025 (7)\ta\nb-c\xC2\xA9");
	const DocBlock *tb = doc->body->pdata[1];
	assert_int_equal(tb->type, BLOCK_TABLE);
	assert_int_equal(tb->table.n_rows, 1);
	const DocPara *h = body_para(doc, 2);
	assert_true(h->bold);
	assert_false(h->italic);
	assert_true(h->centered);
	assert_false(body_para(doc, 3)->bold);
}

static void test_alternate_content_and_textbox(void **state)
{
	(void) state;
	static const char body[] =
		"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent>"
		"<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>in box</w:t></w:r></w:p>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>box cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		"</w:txbxContent></w:drawing></mc:Choice>"
		"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>in box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
		"</mc:AlternateContent></w:r><w:r><w:t> after</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>next</w:t></w:r></w:p>"
		/* Only a Fallback: it is read. */
		"<w:p><w:r><mc:AlternateContent><mc:Fallback><w:t>fallback text</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>";
	g_autoptr(Doc) doc = build_read(body, NULL, NULL);
	assert_int_equal(doc->body->len, 5);
	assert_string_equal(body_para(doc, 0)->text, "anchor after");
	assert_false(body_para(doc, 0)->in_textbox);
	assert_string_equal(body_para(doc, 1)->text, "in box");
	assert_true(body_para(doc, 1)->in_textbox);
	const DocBlock *t = doc->body->pdata[2];
	assert_int_equal(t->type, BLOCK_TABLE);
	const DocCell *c = doc_table_cell(&t->table, 0, 0);
	assert_true(((DocBlock *) c->blocks->pdata[0])->para.in_textbox);
	assert_string_equal(body_para(doc, 3)->text, "next");
	assert_string_equal(body_para(doc, 4)->text, "fallback text");
}

static void test_sdt_levels(void **state)
{
	(void) state;
	static const char body[] =
		/* one tagged run-level control: the paragraph takes its tag */
		"<w:p><w:r><w:t>Số: </w:t></w:r><w:sdt><w:sdtPr><w:tag w:val=\"doc_number\"/></w:sdtPr>"
		"<w:sdtContent><w:r><w:t>45-CV/UBKTTU</w:t></w:r></w:sdtContent></w:sdt></w:p>"
		/* two tagged ones: no single tag, the block-level one around wins */
		"<w:sdt><w:sdtPr><w:alias w:val=\"outer\"/></w:sdtPr><w:sdtContent>"
		"<w:p><w:sdt><w:sdtPr><w:tag w:val=\"a\"/></w:sdtPr><w:sdtContent><w:r><w:t>1</w:t></w:r></w:sdtContent></w:sdt>"
		"<w:sdt><w:sdtPr><w:tag w:val=\"b\"/></w:sdtPr><w:sdtContent><w:r><w:t>2</w:t></w:r></w:sdtContent></w:sdt></w:p>"
		"</w:sdtContent></w:sdt>"
		/* placeholder text of an empty control is not content */
		"<w:p><w:sdt><w:sdtPr><w:tag w:val=\"signer\"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
		"<w:r><w:t>Click here to enter text.</w:t></w:r></w:sdtContent></w:sdt></w:p>"
		/* row-level and cell-level controls */
		"<w:tbl><w:sdt><w:sdtPr><w:tag w:val=\"row\"/></w:sdtPr><w:sdtContent><w:tr>"
		"<w:tc><w:p><w:r><w:t>r1</w:t></w:r></w:p></w:tc>"
		"<w:sdt><w:sdtPr><w:tag w:val=\"cell\"/></w:sdtPr><w:sdtContent><w:tc><w:p><w:r><w:t>c2</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>"
		"</w:tr></w:sdtContent></w:sdt></w:tbl>";
	g_autoptr(Doc) doc = build_read(body, NULL, NULL);
	assert_string_equal(body_para(doc, 0)->text, "Số: 45-CV/UBKTTU");
	assert_string_equal(body_para(doc, 0)->sdt_tag, "doc_number");
	assert_string_equal(body_para(doc, 1)->text, "12");
	assert_string_equal(body_para(doc, 1)->sdt_tag, "outer");
	assert_string_equal(body_para(doc, 2)->text, "");
	assert_string_equal(body_para(doc, 2)->sdt_tag, "signer");
	const DocTable *t = &((DocBlock *) doc->body->pdata[3])->table;
	assert_string_equal(doc_table_cell(t, 0, 0)->sdt_tag, "row");
	assert_string_equal(doc_table_cell(t, 0, 1)->sdt_tag, "cell");
}

static void test_hmerge_and_nesting(void **state)
{
	(void) state;
	static const char body[] =
		"<w:tbl><w:tr><w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>z</w:t></w:r></w:p>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		"</w:tc></w:tr></w:tbl>";
	g_autoptr(Doc) doc = build_read(body, NULL, NULL);
	const DocTable *t = &((DocBlock *) doc->body->pdata[0])->table;
	assert_int_equal(t->n_cols, 3);
	assert_int_equal(doc_table_cell(t, 0, 0)->colspan, 2);
	assert_ptr_equal(doc_table_cell(t, 0, 1), doc_table_cell(t, 0, 0));
	g_autofree char *z = cell_text_at(t, 0, 2);
	assert_string_equal(z, "z\ninner\tcell");
	const DocBlock *inner = doc_table_cell(t, 0, 2)->blocks->pdata[1];
	assert_int_equal(inner->type, BLOCK_TABLE);
	assert_int_equal(inner->table.depth, 1);
	g_autofree char *txt = doc_to_text(doc);
	assert_string_equal(txt, "wide\t\tz inner cell\n");
}

static void test_caps_and_hostile_parts(void **state)
{
	(void) state;
	/* Tables nested past the cap. */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 40; i++)
		g_string_append(deep, "<w:tbl><w:tr><w:tc>");
	g_string_append(deep, "<w:p/>");
	for (int i = 0; i < 40; i++)
		g_string_append(deep, "</w:tc></w:tr></w:tbl>");
	g_autoptr(GBytes) b1 = docx_build(deep->str, NULL, NULL);
	g_string_free(deep, TRUE);
	build_expect_error(b1, READ_ERR_BOMB, "nested deeper than 32");

	/* Elements nested past libxml2's and our depth limit. */
	GString *elems = g_string_new(NULL);
	for (int i = 0; i < 300; i++)
		g_string_append(elems, "<w:customXml>");
	for (int i = 0; i < 300; i++)
		g_string_append(elems, "</w:customXml>");
	g_autoptr(GBytes) b2 = docx_build(elems->str, NULL, NULL);
	g_string_free(elems, TRUE);
	{
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = bytes_read(b2, &err);
		assert_null(doc);
		assert_true(err->code == READ_ERR_BOMB || err->code == READ_ERR_CORRUPT);
	}

	/* Not well-formed: corrupt, with part and line. */
	g_autoptr(GBytes) b3 = docx_build("<w:p>\n<w:r></w:p>", NULL, NULL);
	build_expect_error(b3, READ_ERR_CORRUPT, "word/document.xml line 2");

	/* A DTD hidden after the 8 KB the package scan looks at, in a part we parse. */
	GString *late = g_string_new("<?xml version=\"1.0\"?><!--");
	for (int i = 0; i < 1200; i++)
		g_string_append(late, "padding ");
	g_string_append(late, "--><!DOCTYPE w:styles [<!ENTITY x \"y\">]><w:styles " W_NS "/>");
	g_autoptr(GBytes) b4 = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
	                                 "word/document.xml", DOC_OPEN "<w:p/>" DOC_CLOSE,
	                                 "word/_rels/document.xml.rels",
	                                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	                                 "<Relationship Id=\"r\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/styles\" Target=\"styles.xml\"/></Relationships>",
	                                 "word/styles.xml", late->str, NULL);
	g_string_free(late, TRUE);
	build_expect_error(b4, READ_ERR_HOSTILE, "DTD declared in word/styles.xml");

	/* A main part that climbs out of the package. */
	g_autoptr(GBytes) b5 = zip_build("[Content_Types].xml", CT, "_rels/.rels",
	                                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	                                 "<Relationship Id=\"r\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"../../evil.xml\"/></Relationships>",
	                                 "word/document.xml", DOC_OPEN DOC_CLOSE, NULL);
	build_expect_error(b5, READ_ERR_HOSTILE, "leaves the package");

	/* The part we need exists only under an unsafe name. */
	g_autoptr(GBytes) b6 = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
	                                 "word\\document.xml", DOC_OPEN DOC_CLOSE, NULL);
	build_expect_error(b6, READ_ERR_HOSTILE, "not a safe path");

	/* Strict namespace main relationship, main part at an odd absolute path. */
	g_autoptr(GBytes) b7 = zip_build("_rels/.rels",
	                                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	                                 "<Relationship Id=\"r\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" Target=\"/main/Body.xml\"/></Relationships>",
	                                 "main/Body.xml",
	                                 "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><w:body><w:p><w:r><w:t>strict</w:t></w:r></w:p></w:body></w:document>",
	                                 NULL);
	{
		g_autoptr(GError) err = NULL;
		FileType type;
		gsize len;
		const guint8 *d = g_bytes_get_data(b7, &len);
		g_autoptr(Doc) doc = read_document(d, len, NULL, &type, &err);
		assert_non_null(doc);
		assert_int_equal(type, FT_DOCX);   /* sniffed as a plain zip, read as a DOCX */
		assert_string_equal(body_para(doc, 0)->text, "strict");
	}

	/* Content types fallback: no package relationship at all. */
	g_autoptr(GBytes) b8 = zip_build("[Content_Types].xml", CT,
	                                 "word/document.xml", DOC_OPEN "<w:p><w:r><w:t>ct</w:t></w:r></w:p>" DOC_CLOSE,
	                                 NULL);
	{
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = bytes_read(b8, &err);
		assert_non_null(doc);
		assert_string_equal(body_para(doc, 0)->text, "ct");
	}

	/* A spreadsheet package goes to sheet_read; one without a worksheet is corrupt. */
	g_autoptr(GBytes) b9 = zip_build("[Content_Types].xml",
	                                 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	                                 "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>",
	                                 "_rels/.rels",
	                                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	                                 "<Relationship Id=\"r\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
	                                 "xl/workbook.xml", "<workbook/>", NULL);
	build_expect_error(b9, READ_ERR_CORRUPT, "lists no worksheet");

	/* Two entries with one name. */
	g_autoptr(GBytes) b10 = zip_build("[Content_Types].xml", CT, "_rels/.rels", ROOT_RELS,
	                                  "word/document.xml", DOC_OPEN DOC_CLOSE,
	                                  "Word/Document.xml", DOC_OPEN DOC_CLOSE, NULL);
	build_expect_error(b10, READ_ERR_HOSTILE, "two entries");
}

static void test_paragraph_cap(void **state)
{
	(void) state;
	/* Pseudo-random letters, so the part does not trip the compression-ratio cap. */
	GString *big = g_string_new("<w:p><w:r><w:t>");
	GRand *rng = g_rand_new_with_seed(42);
	for (int i = 0; i < 1100 * 1024; i++)
		g_string_append_c(big, (char) ('a' + g_rand_int_range(rng, 0, 26)));
	g_rand_free(rng);
	g_string_append(big, "</w:t></w:r></w:p>");
	g_autoptr(GBytes) b = docx_build(big->str, NULL, NULL);
	g_string_free(big, TRUE);
	build_expect_error(b, READ_ERR_BOMB, "paragraph");
}

static void test_doc_model(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = doc_new("docx");
	DocBlock *p = doc_block_new_para(PART_BODY, NULL);
	assert_string_equal(p->para.text, "");
	p->para.num_label = g_strdup("1.");
	g_free(p->para.text);
	p->para.text = g_strdup("Mục một");
	g_ptr_array_add(doc->body, p);
	DocBlock *t = doc_block_new_table(PART_BODY, 2, 2, 0);
	DocCell *c = g_new0(DocCell, 1);
	c->blocks = doc_block_array_new();
	g_ptr_array_add(c->blocks, doc_block_new_para(PART_BODY, "a\nb"));
	c->rowspan = 2;
	c->colspan = 1;
	g_ptr_array_add(t->table.cells, c);
	t->table.grid[0] = t->table.grid[2] = c;
	g_ptr_array_add(doc->body, t);
	g_ptr_array_add(doc->margins, doc_block_new_para(PART_HEADER, "đầu trang"));
	g_ptr_array_add(doc->notes, doc_block_new_para(PART_NOTE, "chú thích"));
	assert_ptr_equal(doc_table_cell(&t->table, 1, 0), c);
	assert_null(doc_table_cell(&t->table, 0, 1));
	assert_null(doc_table_cell(&t->table, 2, 0));
	g_autofree char *ct = doc_cell_text(c);
	assert_string_equal(ct, "a\nb");
	g_autofree char *txt = doc_to_text(doc);
	assert_string_equal(txt, "1. Mục một\na b\t\n\t\nđầu trang\nchú thích\n");
	g_autofree char *none = doc_cell_text(NULL);
	assert_string_equal(none, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_magic),
		cmocka_unit_test(test_sniff_zip_kinds),
		cmocka_unit_test(test_sniff_owner_file_and_names),
		cmocka_unit_test(test_read_document_refusals),
		cmocka_unit_test(test_edge_legacy_forms),
		cmocka_unit_test(test_edge_invoice_databinding),
		cmocka_unit_test(test_edge_alternate_content_header),
		cmocka_unit_test(test_edge_utf8_bom),
		cmocka_unit_test(test_edge_sdt_cell),
		cmocka_unit_test(test_edge_sdt_databinding),
		cmocka_unit_test(test_edge_strict_fldsimple),
		cmocka_unit_test(test_edge_strict_table),
		cmocka_unit_test(test_edge_alternate_path),
		cmocka_unit_test(test_edge_nested_instr),
		cmocka_unit_test(test_edge_nested_sdt),
		cmocka_unit_test(test_edge_ns0_prefix),
		cmocka_unit_test(test_edge_paragraph_mark_deleted),
		cmocka_unit_test(test_edge_sdt_elements),
		cmocka_unit_test(test_edge_sdt_in_footnote),
		cmocka_unit_test(test_edge_table_gridbefore),
		cmocka_unit_test(test_edge_table_rowspan),
		cmocka_unit_test(test_edge_text_in_shape),
		cmocka_unit_test(test_edge_track_changes_move),
		cmocka_unit_test(test_edge_macro_docm),
		cmocka_unit_test(test_edge_checkboxes),
		cmocka_unit_test(test_edge_nested_tables),
		cmocka_unit_test(test_edge_empty_body),
		cmocka_unit_test(test_edge_encrypted),
		cmocka_unit_test(test_edge_google_docs),
		cmocka_unit_test(test_edge_tcvn3_doc),
		cmocka_unit_test(test_vn_court_precedent),
		cmocka_unit_test(test_vn_cong_van_fragment),
		cmocka_unit_test(test_vn_nd30_annex1),
		cmocka_unit_test(test_vn_nd30_annex3_numbering),
		cmocka_unit_test(test_vn_legacy_doc),
		cmocka_unit_test(test_bad_hostile_xml),
		cmocka_unit_test(test_bad_truncated_and_crc),
		cmocka_unit_test(test_bad_bombs),
		cmocka_unit_test(test_bad_small_and_disguised),
		cmocka_unit_test(test_bad_zip_slip_and_recursive),
		cmocka_unit_test(test_corpus_every_file),
		cmocka_unit_test(test_legacy_run_fonts),
		cmocka_unit_test(test_legacy_theme_font),
		cmocka_unit_test(test_nfc_and_spaces),
		cmocka_unit_test(test_numbering_labels),
		cmocka_unit_test(test_fields_and_changes),
		cmocka_unit_test(test_alternate_content_and_textbox),
		cmocka_unit_test(test_sdt_levels),
		cmocka_unit_test(test_hmerge_and_nesting),
		cmocka_unit_test(test_caps_and_hostile_parts),
		cmocka_unit_test(test_paragraph_cap),
		cmocka_unit_test(test_doc_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
