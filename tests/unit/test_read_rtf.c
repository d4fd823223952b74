/*
 * test_read_rtf.c - unit tests for the RTF reader (read_rtf.c).
 *
 * RTF is text, so each test is a string: \uN escapes with their \ucN fallbacks, \'hh
 * bytes in a CP1258 font and in a .VnTime font, destinations that must not show, a
 * header and a footnote, tables with merged cells, and the refusals (not RTF, ends
 * early, groups nested past the cap). A last test truncates and flips bytes of a valid
 * file: a Doc or an error, never a crash (run it under ASan too).
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

#define FONTS "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}{\\f1\\fnil\\fcharset0 .VnTime;}" \
	"{\\f2\\froman\\fcharset163 Times New Roman;}{\\f3\\fnil .VnTimeH;}{\\f4\\fnil VNI-Times;}" \
	"{\\f5\\fswiss\\fcharset204{\\*\\panose 020b0604020202020204}Arial{\\*\\falt Helv};}}"

static Doc *rtf_doc(const char *rtf)
{
	g_autoptr(GError) err = NULL;
	FileType type;
	Doc *doc = read_document((const guint8 *) rtf, strlen(rtf), "x.rtf", &type, &err);
	assert_int_equal(type, FT_RTF);
	if (doc == NULL)
		fail_msg("read failed: %s", err->message);
	assert_string_equal(doc->format, "rtf");
	return doc;
}

static void expect_error(const char *rtf, gsize len, ReadErrorCode code, const char *in_message)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = rtf_read((const guint8 *) rtf, len, &err);
	assert_null(doc);
	assert_read_error(err, code, in_message);
}

static void test_text_and_encodings(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = rtf_doc("{\\rtf1\\ansi\\ansicpg1252\\deff0 " FONTS
		"{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}"
		"{\\info{\\title Ti\\'eau \\'f0\\'ea\\'ec}{\\author Ai}}"
		"{\\*\\generator Riched20;}{\\*\\themedata 0102}{\\*\\datastore 0105}"
		"\\pard\\qc\\b\\uc1 \\u272?\\u7843?ng b\\u7897? t\\u7881?nh\\par\n"
		"\\pard\\plain\\uc2 C\\u7897?\\'3f ng\\u7911?x\\par\n"
		"\\pard\\plain\\f2 Vi\\'ea\\'f2t Nam ch\\'e2\\'ecm\\par\n"
		"\\pard\\plain\\f1 \\'a7\\'b6ng C\\'e9ng s\\'b6n\\par\n"
		"\\pard\\plain\\f3 \\'a7\\'b6ng \\'a7\\'b6ng\\par\n"
		"\\pard\\plain\\f4 Ba\\'f8n\\par\n"
		"\\pard\\plain\\'a7\\'b6ng C\\'e9ng s\\'b6n Vi\\'d6t Nam\\par\n"
		"\\pard\\plain\\f5 \\'cc\\'e8\\'f0\\par\n"
		"\\pard\\plain A\\tab B\\line C\\~D\\emdash E\\{F\\}G\\\\H\\par\n"
		"{\\pict\\wmetafile8\\picw10 0102ab}{\\*\\shppict{\\pict\\bin3 {{{}}"
		"{\\field{\\*\\fldinst{ HYPERLINK \"http://x\" }}{\\fldrslt{link}}}\\par\n"
		"}");
	GPtrArray *b = doc->body;
	assert_string_equal(para_at(b, 0)->text, "Đảng bộ tỉnh");
	assert_true(para_at(b, 0)->bold);
	assert_true(para_at(b, 0)->centered);
	/* \uc2: two fallback characters skipped, whether a \'hh or letters */
	assert_string_equal(para_at(b, 1)->text, "Cộ ngủ");
	assert_false(para_at(b, 1)->bold);
	/* \fcharset163: CP1258 with its combining tone bytes, through iconv */
	assert_string_equal(para_at(b, 2)->text, "Việt Nam chấm");
	assert_false(para_at(b, 2)->legacy);
	assert_string_equal(para_at(b, 3)->text, "Đảng Cộng sản");
	assert_true(para_at(b, 3)->legacy);
	assert_string_equal(para_at(b, 4)->text, "ĐẢNG ĐẢNG");
	assert_string_equal(para_at(b, 5)->text, "Bàn");
	/* no legacy font, but TCVN3 mojibake: the per-paragraph guess */
	assert_string_equal(para_at(b, 6)->text, "Đảng Cộng sản Việt Nam");
	assert_true(para_at(b, 6)->legacy);
	assert_string_equal(para_at(b, 7)->text, "Мир");
	assert_string_equal(para_at(b, 8)->text, "A\tB\nC D\u2014E{F}G\\H");
	assert_string_equal(para_at(b, 9)->text, "link");
	g_autofree char *all = doc_to_text(doc);
	assert_null(strstr(all, "Normal"));
	assert_null(strstr(all, "Times"));
	assert_null(strstr(all, "Tiêu"));
	assert_null(strstr(all, "HYPERLINK"));
	assert_null(strstr(all, "0102"));
	assert_null(strstr(all, "Riched"));
	assert_true(doc->legacy_runs >= 4);
}

static void test_margins_and_notes(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = rtf_doc("{\\rtf1\\ansi " FONTS
		"{\\header \\pard\\qc\\plain\\f1 \\'a7\\'b6ng b\\'e9\\par}"
		"{\\footerf \\pard Trang 1\\par}"
		"\\pard Th\\u226?n b\\u224?i{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} Ghi ch\\u250?\\par} ti\\u7871?p.\\par"
		"}");
	assert_int_equal(doc->body->len, 1);
	assert_string_equal(para_at(doc->body, 0)->text, "Thân bài tiếp.");
	assert_int_equal(doc->margins->len, 2);
	const DocBlock *h = doc->margins->pdata[0], *f = doc->margins->pdata[1];
	assert_int_equal(h->part, PART_HEADER);
	assert_string_equal(h->para.text, "Đảng bộ");
	assert_true(h->para.centered);
	assert_int_equal(f->part, PART_FOOTER);
	assert_int_equal(doc->notes->len, 1);
	const DocBlock *n = doc->notes->pdata[0];
	assert_int_equal(n->part, PART_NOTE);
	assert_string_equal(n->para.text, "Ghi chú");
}

static void test_tables(void **state)
{
	(void) state;
	g_autoptr(Doc) doc = rtf_doc("{\\rtf1\\ansi " FONTS
		"\\pard Tr\\u432?\\u7899?c\\par"
		"\\trowd\\trgaph108\\clvmgf\\cellx2000\\clmgf\\cellx4000\\clmrg\\cellx6000\\cellx8000"
		"\\pard\\intbl\\qc A\\cell B\\cell\\cell D1\\par D2\\cell\\row"
		"\\trowd\\trgaph108\\clvmrg\\cellx2000\\cellx4000\\cellx6000\\cellx8000"
		"\\pard\\intbl\\cell b\\cell c\\cell"
		"\\pard\\intbl\\itap2 n1\\nestcell n2\\nestcell{\\*\\nesttableprops\\trowd\\cellx100\\nestrow}{\\nonesttables\\par}"
		"\\pard\\intbl\\itap1 d\\cell\\row"
		"\\pard Sau\\par}");
	GPtrArray *b = doc->body;
	assert_int_equal(b->len, 3);
	assert_string_equal(para_at(b, 0)->text, "Trước");
	const DocBlock *tb = b->pdata[1];
	assert_int_equal(tb->type, BLOCK_TABLE);
	const DocTable *t = &tb->table;
	assert_int_equal(t->n_rows, 2);
	assert_int_equal(t->n_cols, 4);
	/* vertical merge of column 0, horizontal merge of columns 1-2 */
	assert_ptr_equal(doc_table_cell(t, 0, 0), doc_table_cell(t, 1, 0));
	assert_int_equal(doc_table_cell(t, 0, 0)->rowspan, 2);
	assert_ptr_equal(doc_table_cell(t, 0, 1), doc_table_cell(t, 0, 2));
	assert_int_equal(doc_table_cell(t, 0, 1)->colspan, 2);
	g_autofree char *a = doc_cell_text(doc_table_cell(t, 0, 0));
	assert_string_equal(a, "A");
	g_autofree char *d = doc_cell_text(doc_table_cell(t, 0, 3));
	assert_string_equal(d, "D1\nD2");
	const DocBlock *ab = doc_table_cell(t, 0, 0)->blocks->pdata[0];
	assert_true(ab->para.centered);
	/* nested cells are flattened into the outer cell */
	g_autofree char *n = doc_cell_text(doc_table_cell(t, 1, 3));
	assert_non_null(strstr(n, "n1\tn2"));
	assert_non_null(strstr(n, "d"));
	assert_string_equal(para_at(b, 2)->text, "Sau");
}

static void test_refusals(void **state)
{
	(void) state;
	static const char notrtf[] = "{\\rtx1 hello}";
	expect_error(notrtf, strlen(notrtf), READ_ERR_CORRUPT, "{\\rtf");
	static const char cut[] = "{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\pard Hello";
	expect_error(cut, strlen(cut), READ_ERR_TRUNCATED, "open group");
	static const char cutbin[] = "{\\rtf1{\\pict\\bin100 abc}}";
	expect_error(cutbin, strlen(cutbin), READ_ERR_TRUNCATED, "\\bin");
	expect_error("{\\rtf", 5, READ_ERR_TRUNCATED, NULL);

	/* groups nested a million deep: an error, not a crash or a deep stack */
	gsize n = 1000000;
	GString *deep = g_string_new("{\\rtf1 ");
	for (gsize i = 0; i < n; i++)
		g_string_append_c(deep, '{');
	g_string_append(deep, "x");
	for (gsize i = 0; i < n + 1; i++)
		g_string_append_c(deep, '}');
	expect_error(deep->str, deep->len, READ_ERR_BOMB, "nested deeper");
	g_string_free(deep, TRUE);

	/* within the cap it reads */
	GString *ok = g_string_new("{\\rtf1 ");
	for (int i = 0; i < 200; i++)
		g_string_append(ok, "{\\b ");
	g_string_append(ok, "deep");
	for (int i = 0; i < 200; i++)
		g_string_append_c(ok, '}');
	g_string_append(ok, "\\par}");
	g_autoptr(Doc) doc = rtf_doc(ok->str);
	g_string_free(ok, TRUE);
	assert_string_equal(para_at(doc->body, 0)->text, "deep");
	assert_true(para_at(doc->body, 0)->bold);
}

/* What the pipeline does with a file named m.rtf: sniff, then read. */
static Doc *read_named_rtf(const guint8 *data, gsize len, GError **error)
{
	return read_document(data, len, "m.rtf", NULL, error);
}

/* Truncations and byte flips of a valid file: a Doc or an error, never a crash. */
static void test_mutations(void **state)
{
	(void) state;
	static const char valid[] = "{\\rtf1\\ansi\\ansicpg1258\\deff0 " FONTS
		"{\\header \\pard\\qc H\\par}\\pard\\qc\\b\\uc1 \\u272?\\u7843?ng\\par"
		"\\pard\\plain\\f1 \\'a7\\'b6ng{\\footnote\\pard n\\par}\\par"
		"\\trowd\\clvmgf\\cellx100\\clmgf\\cellx200\\clmrg\\cellx300"
		"\\pard\\intbl a\\cell b\\cell c\\cell\\row\\trowd\\clvmrg\\cellx100\\cellx200\\cellx300"
		"\\pard\\intbl\\cell\\itap2 x\\nestcell{\\*\\nesttableprops\\nestrow}\\cell e\\cell\\row"
		"{\\pict\\bin2 }}\\pard\\f2 Vi\\'ea\\'f2t\\par}";
	guint docs = 0, errors = 0;
	mutations_text(valid, 7, 0, "{}\\'*0u-", read_named_rtf, &docs, &errors);
	assert_int_equal(docs + errors, 500);
	assert_true(docs > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_encodings),
		cmocka_unit_test(test_margins_and_notes),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
