/*
 * test_read_doc.c - unit tests for the Word 97-2003 binary reader (read_doc.c).
 *
 * Two kinds of input. The two real .doc files of ../shared/corpus (BAOCAO_CORPUS
 * overrides the path; skipped when the corpus is absent) are read in place: a Unicode
 * People's Committee decision and a TCVN3 (.VnTime) Party self-review, with strings that
 * must and must not come out, their tables, and every prefix and a few hundred byte-flipped
 * variants that must give a Doc or an error, never a crash. Small Word 97 documents
 * built here (FIB, piece table, font table, CHPX/PAPX pages in an OLE2 file written with
 * libgsf) cover what the corpus lacks: a table, a VNI run, TCVN3 in an 8-bit piece, a
 * field, encryption and Word 95. With BAOCAO_WRITE_DOC_SEEDS=dir the built documents are
 * also written there (the fuzz seeds in tests/fuzz/corpus/doc/ came from it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-output-memory.h>

#include "doc.h"
#include "read.h"

#include "testutil.h"

/* libgsf 1.14.50 loses a directory entry when gsf_infile_msole_new() gives up on some
 * damaged directories (seen by fuzzing); that leak is the library's, not the reader's. */
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);

/* Full stacks for allocations, so that the suppression below can see libgsf's frame. */
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:gsf_infile_msole_new\n";
}

/* ====================================================================================
 * Helpers
 * ================================================================================== */

static Doc *read_bytes(GBytes *b, GError **error)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	FileType type;
	Doc *doc = read_document(data, len, "file.doc", &type, error);
	if (doc != NULL)
		assert_int_equal(type, FT_OLE);
	return doc;
}

static Doc *must_read(GBytes *b)
{
	g_autoptr(GError) err = NULL;
	Doc *doc = read_bytes(b, &err);
	if (doc == NULL)
		fail_msg("not read: %s", err->message);
	assert_string_equal(doc->format, "doc");
	return doc;
}

static void assert_has(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL)
		fail_msg("'%s' not found in:\n%s", needle, text);
}

static void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle) != NULL)
		fail_msg("'%s' should not be in the text", needle);
}

static void assert_nfc(const char *t)
{
	assert_true(g_utf8_validate(t, -1, NULL));
	g_autofree char *n = g_utf8_normalize(t, -1, G_NORMALIZE_NFC);
	assert_string_equal(n, t);
}

static const DocTable *nth_table(const GPtrArray *blocks, guint n)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_TABLE && n-- == 0)
			return &b->table;
	}
	fail_msg("no table %u", n);
	return NULL;
}

static const DocPara *find_para(const GPtrArray *blocks, const char *prefix)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_PARA && g_str_has_prefix(b->para.text, prefix))
			return &b->para;
	}
	fail_msg("no paragraph starting with '%s'", prefix);
	return NULL;
}

/* Prefixes at a spread of lengths and byte-flipped copies: each gives a Doc or an error
 * of READ_ERROR, never a crash (ASan build: make BUILD=build-doc-san SANITIZE=1). */
static void damage(GBytes *b, guint flips)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(b, &len);
	guint read = 0, refused = 0;
	for (gsize cut = 0; cut < len; cut += cut < 4096 ? 97 : 1531) {
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = doc_read(data, cut, &err);
		if (doc == NULL) {
			assert_non_null(err);
			assert_true(err->domain == READ_ERROR);
			refused++;
		} else {
			read++;
		}
	}
	g_autofree guint8 *copy = g_memdup2(data, len);
	GRand *rnd = g_rand_new_with_seed(1234);
	for (guint i = 0; i < flips; i++) {
		memcpy(copy, data, len);
		guint n = 1 + g_rand_int_range(rnd, 0, 8);
		for (guint k = 0; k < n; k++) {
			/* mostly the streams' first bytes (FIB, tables), some anywhere */
			gsize at = g_rand_boolean(rnd) ? (gsize) g_rand_int_range(rnd, 0, (gint32) len)
			                               : (gsize) g_rand_int_range(rnd, 512, (gint32) MIN(len, 8192));
			copy[at] = (guint8) g_rand_int_range(rnd, 0, 256);
		}
		g_autoptr(GError) err = NULL;
		g_autoptr(Doc) doc = doc_read(copy, len, &err);
		if (doc == NULL) {
			assert_non_null(err);
			assert_true(err->domain == READ_ERROR);
			refused++;
		} else {
			g_autofree char *t = doc_to_text(doc);
			assert_true(g_utf8_validate(t, -1, NULL));
			read++;
		}
	}
	g_rand_free(rnd);
	print_message("damaged variants: %u read, %u refused\n", read, refused);
}

/* ====================================================================================
 * A minimal Word 97 document builder
 * ================================================================================== */

typedef struct {
	const char *text;   /* UTF-8; '\r' ends a paragraph, '\a' (0x07) a cell or row,
	                       0x13/0x14/0x15 are field marks */
	int font;           /* index into the font table, -1 none */
	gboolean bold;
} TRun;

typedef struct {
	gboolean in_table, ttp, center;
} TPap;

typedef struct {
	const TRun *runs;
	guint n_runs;
	const TPap *paps;   /* one per paragraph mark, in order; NULL: plain paragraphs */
	guint n_paps;
	const char *const *fonts;
	guint n_fonts;
	gboolean compressed; /* 8-bit piece (code points must be <= 0xFF) */
	guint16 flags;       /* extra FIB flags (0x0100 encrypted) */
	guint16 nfib;        /* 0: 0xC1 */
} TDoc;

static void put16(GByteArray *a, gsize at, guint16 v)
{
	if (a->len < at + 2)
		g_byte_array_set_size(a, (guint) (at + 2));
	a->data[at] = v & 0xFF;
	a->data[at + 1] = v >> 8;
}

static void put32(GByteArray *a, gsize at, guint32 v)
{
	put16(a, at, v & 0xFFFF);
	put16(a, at + 2, v >> 16);
}

static void zero_to(GByteArray *a, gsize n)
{
	gsize old = a->len;
	if (n > old) {
		g_byte_array_set_size(a, (guint) n);
		memset(a->data + old, 0, n - old);
	}
}

static void ole_put(GsfOutfile *ole, const char *name, const GByteArray *a)
{
	GsfOutput *child = gsf_outfile_new_child(ole, name, FALSE);
	assert_non_null(child);
	assert_true(gsf_output_write(child, a->len, a->data));
	assert_true(gsf_output_close(child));
	g_object_unref(child);
}

static GBytes *build_doc(const TDoc *t)
{
	enum { TEXT_FC = 1024, FIB_LW = 64, FIB_BLOB = 154, N_FCLCB = 93 };
	g_autoptr(GByteArray) wd = g_byte_array_new();
	g_autoptr(GByteArray) tb = g_byte_array_new();
	zero_to(wd, TEXT_FC);
	/* text, and where each run and paragraph starts (in FC) */
	guint32 run_fc[64], para_fc[256];
	guint n_marks = 0, n_chars = 0;
	guint unit = t->compressed ? 1 : 2;
	para_fc[0] = TEXT_FC;
	assert_true(t->n_runs < 64);
	for (guint r = 0; r < t->n_runs; r++) {
		run_fc[r] = TEXT_FC + n_chars * unit;
		for (const char *p = t->runs[r].text; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			gsize at = TEXT_FC + n_chars * unit;
			if (t->compressed) {
				assert_true(c <= 0xFF);
				zero_to(wd, at + 1);
				wd->data[at] = (guint8) c;
			} else {
				put16(wd, at, (guint16) c);
			}
			n_chars++;
			if (c == '\r' || c == 0x07) {
				assert_true(n_marks < 255);
				para_fc[++n_marks] = TEXT_FC + n_chars * unit;
			}
		}
	}
	guint32 text_end = TEXT_FC + n_chars * unit;
	run_fc[t->n_runs] = text_end;
	/* CHPX page: one run per TRun */
	gsize chpx_page = (text_end + 511) / 512 * 512;
	zero_to(wd, chpx_page + 512);
	guint8 *pg = wd->data + chpx_page;
	gsize top = 511;
	for (guint r = 0; r <= t->n_runs; r++) {
		guint32 v = run_fc[r];
		memcpy(pg + 4 * r, (guint8[]) { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 }, 4);
	}
	for (guint r = 0; r < t->n_runs; r++) {
		guint8 g[16];
		gsize n = 0;
		if (t->runs[r].font >= 0) {
			guint16 f = (guint16) t->runs[r].font;
			g[n++] = 0x4F; g[n++] = 0x4A; g[n++] = f & 0xFF; g[n++] = f >> 8;
			g[n++] = 0x51; g[n++] = 0x4A; g[n++] = f & 0xFF; g[n++] = f >> 8;
		}
		if (t->runs[r].bold) {
			g[n++] = 0x35; g[n++] = 0x08; g[n++] = 1;
		}
		if (n == 0)
			continue;
		top = (top - n - 1) & ~(gsize) 1;
		pg[top] = (guint8) n;
		memcpy(pg + top + 1, g, n);
		pg[4 * (t->n_runs + 1) + r] = (guint8) (top / 2);
	}
	pg[511] = (guint8) t->n_runs;
	/* PAPX page: one entry per paragraph */
	gsize papx_page = chpx_page + 512;
	zero_to(wd, papx_page + 512);
	pg = wd->data + papx_page;
	top = 511;
	for (guint i = 0; i <= n_marks; i++) {
		guint32 v = para_fc[i];
		memcpy(pg + 4 * i, (guint8[]) { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 }, 4);
	}
	for (guint i = 0; i < n_marks; i++) {
		TPap pap = t->paps != NULL && i < t->n_paps ? t->paps[i] : (TPap) { 0 };
		guint8 g[16] = { 0, 0 };   /* istd 0 */
		gsize n = 2;
		if (pap.in_table) { g[n++] = 0x16; g[n++] = 0x24; g[n++] = 1; }
		if (pap.ttp) { g[n++] = 0x17; g[n++] = 0x24; g[n++] = 1; }
		if (pap.center) { g[n++] = 0x61; g[n++] = 0x24; g[n++] = 1; }
		gsize words = (n + 1) / 2;
		top = (top - 2 - 2 * words) & ~(gsize) 1;
		pg[top] = 0;
		pg[top + 1] = (guint8) words;
		memcpy(pg + top + 2, g, n);
		pg[4 * (n_marks + 1) + 13 * i] = (guint8) (top / 2);
	}
	pg[511] = (guint8) n_marks;

	/* table stream: CLX, fonts, the two bin tables */
	guint32 fc_lcb[N_FCLCB][2] = { { 0 } };
	gsize at = 0;
	put16(tb, at, 0x0002 | 0);   /* clxt 2, then lcb */
	tb->data[at] = 2;
	zero_to(tb, at + 5);
	put32(tb, at + 1, 16);
	put32(tb, at + 5, 0);
	put32(tb, at + 9, n_chars);
	put16(tb, at + 13, 0);
	put32(tb, at + 15, t->compressed ? (TEXT_FC * 2) | 0x40000000u : TEXT_FC);
	put16(tb, at + 19, 0);
	fc_lcb[33][0] = 0;
	fc_lcb[33][1] = 21;
	at = 32;
	zero_to(tb, at);
	fc_lcb[15][0] = (guint32) at;
	put16(tb, at, (guint16) t->n_fonts);
	put16(tb, at + 2, 0);
	gsize p = at + 4;
	for (guint f = 0; f < t->n_fonts; f++) {
		glong nu = 0;
		g_autofree gunichar2 *u = g_utf8_to_utf16(t->fonts[f], -1, NULL, &nu, NULL);
		gsize total = 40 + 2 * ((gsize) nu + 1);
		zero_to(tb, p + total);
		tb->data[p] = (guint8) (total - 1);
		for (glong k = 0; k < nu; k++)
			put16(tb, p + 40 + 2 * k, u[k]);
		p += total;
	}
	fc_lcb[15][1] = (guint32) (p - at);
	at = (p + 3) & ~(gsize) 3;
	zero_to(tb, at);
	for (guint k = 0; k < 2; k++) {
		fc_lcb[12 + k][0] = (guint32) at;
		fc_lcb[12 + k][1] = 12;
		put32(tb, at, TEXT_FC);
		put32(tb, at + 4, text_end);
		put32(tb, at + 8, (guint32) ((k == 0 ? chpx_page : papx_page) / 512));
		at += 12;
	}

	/* FIB */
	put16(wd, 0, 0xA5EC);
	put16(wd, 2, t->nfib != 0 ? t->nfib : 0x00C1);
	put16(wd, 10, 0x0200 | t->flags);   /* 1Table */
	put16(wd, 32, 14);
	put16(wd, 62, 22);
	put32(wd, FIB_LW, (guint32) wd->len);
	put32(wd, FIB_LW + 12, n_chars);
	put16(wd, 152, N_FCLCB);
	for (guint i = 0; i < N_FCLCB; i++) {
		put32(wd, FIB_BLOB + 8 * i, fc_lcb[i][0]);
		put32(wd, FIB_BLOB + 8 * i + 4, fc_lcb[i][1]);
	}

	GsfOutput *mem = gsf_output_memory_new();
	g_autoptr(GError) err = NULL;
	GsfOutfile *ole = gsf_outfile_msole_new(mem);
	assert_non_null(ole);
	ole_put(ole, "WordDocument", wd);
	ole_put(ole, "1Table", tb);
	assert_true(gsf_output_close(GSF_OUTPUT(ole)));
	g_object_unref(ole);
	GBytes *out = g_bytes_new(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
	                          (gsize) gsf_output_size(mem));
	g_object_unref(mem);
	return out;
}

/* The built document, also saved as a fuzz seed when BAOCAO_WRITE_DOC_SEEDS is set. */
static GBytes *built(const TDoc *t, const char *seed_name)
{
	GBytes *b = build_doc(t);
	const char *dir = g_getenv("BAOCAO_WRITE_DOC_SEEDS");
	if (dir != NULL && dir[0] != '\0') {
		g_autofree char *path = g_build_filename(dir, seed_name, NULL);
		gsize len;
		const char *data = g_bytes_get_data(b, &len);
		assert_true(g_file_set_contents(path, data, (gssize) len, NULL));
	}
	return b;
}

/* ====================================================================================
 * Corpus files
 * ================================================================================== */

static void test_corpus_ubnd_decision(void **state)
{
	(void) state;
	g_autoptr(GBytes) b = corpus_bytes("vn_official/legacy_doc/UBND_QD15_2010.DOC");
	g_autoptr(Doc) doc = must_read(b);
	g_autofree char *t = doc_to_text(doc);
	assert_nfc(t);
	assert_has(t, "QUYẾT ĐỊNH\n");
	assert_has(t, "Ban hành Quy định về quản lý, cung cấp, sử dụng Internet");
	assert_has(t, "Căn cứ Luật tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;");
	assert_has(t, "Điều 1. Ban hành kèm theo quyết định này “Quy định về quản lý");
	assert_has(t, "Ngô Thị Thanh Hằng");
	assert_lacks(t, "Ð");          /* U+00D0, the eth of bad conversions */
	assert_lacks(t, "§");
	assert_lacks(t, "PAGE");       /* the footer's page-number field code */
	assert_lacks(t, "\x07");
	assert_int_equal(doc->legacy_runs, 0);
	/* the heading is a 2x2 table */
	const DocTable *head = nth_table(doc->body, 0);
	assert_int_equal(head->n_rows, 2);
	assert_int_equal(head->n_cols, 2);
	g_autofree char *c00 = cell_text(head, 0, 0);
	g_autofree char *c01 = cell_text(head, 0, 1);
	g_autofree char *c10 = cell_text(head, 1, 0);
	g_autofree char *c11 = cell_text(head, 1, 1);
	assert_true(g_str_has_prefix(c00, "ỦY BAN NHÂN DÂN"));
	assert_has(c00, "THÀNH PHỐ HÀ NỘI");
	assert_true(g_str_has_prefix(c01, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"));
	assert_has(c10, "Số: 15/2010/QĐ-UBND");
	assert_has(c11, "Hà Nội, ngày 26 tháng 04 năm 2010");
	/* the signature block is a 1x2 table */
	const DocTable *sig = nth_table(doc->body, 1);
	assert_int_equal(sig->n_rows, 1);
	assert_int_equal(sig->n_cols, 2);
	g_autofree char *s0 = cell_text(sig, 0, 0);
	g_autofree char *s1 = cell_text(sig, 0, 1);
	assert_has(s0, "Nơi nhận:");
	assert_has(s1, "TM. ỦY BAN NHÂN DÂN");
	const DocPara *qd = find_para(doc->body, "QUYẾT ĐỊNH");
	assert_true(qd->bold);
	assert_true(qd->centered);
	/* page number in the footer, from the PAGE field's result */
	assert_true(doc->margins->len > 0);
	assert_int_equal(((DocBlock *) doc->margins->pdata[0])->part, PART_FOOTER);
}

static void test_corpus_tcvn3_selfreview(void **state)
{
	(void) state;
	g_autoptr(GBytes) b = corpus_bytes("docx_edge/vn_TCVN3_Party-selfreview_2011.doc");
	g_autoptr(Doc) doc = must_read(b);
	g_autofree char *t = doc_to_text(doc);
	assert_nfc(t);
	assert_has(t, "ĐẢNG BỘ CƠ QUAN UBND");        /* .VnTimeH: decoded, upper case */
	assert_has(t, "ĐẢNG CỘNG SẢN VIỆT NAM");
	assert_has(t, "CHI BỘ THANH TRA");
	assert_has(t, "Lệ Thuỷ, ngày  29  tháng 11 năm 2011");
	assert_has(t, "BẢN TỰ  KIỂM ĐIỂM");
	assert_has(t, "ĐÁNH GIÁ CHẤT LƯỢNG ĐẢNG VIÊN");
	assert_has(t, "Chức vụ hiện nay: Phó Chánh thanh tra huyện Lệ Thuỷ");
	assert_has(t, "theo quy định số 76-QĐ/TW ngày 15/6/2000 của Bộ Chính trị");
	assert_has(t, "Đảng viên đủ tư cách hoàn thành tốt nhiệm vụ");
	assert_lacks(t, "§¶ng");
	assert_lacks(t, "ng\u00b5y");
	assert_lacks(t, "Ð");
	assert_true(doc->legacy_runs >= 20);
	const DocPara *title = find_para(doc->body, "BẢN TỰ");
	assert_true(title->legacy);
	assert_true(title->centered);
	assert_true(title->bold);
	const DocTable *sig = nth_table(doc->body, 0);
	assert_int_equal(sig->n_rows, 1);
	assert_int_equal(sig->n_cols, 2);
	g_autofree char *s1 = cell_text(sig, 0, 1);
	assert_has(s1, "NGƯỜI TỰ KIỂM ĐIỂM");
	assert_has(s1, "CHÂU MINH PHÚ");
	/* the form's label sits in the header */
	g_autofree char *m = NULL;
	gboolean found = FALSE;
	for (guint i = 0; i < doc->margins->len; i++) {
		const DocBlock *blk = doc->margins->pdata[i];
		if (blk->type == BLOCK_PARA && strcmp(blk->para.text, "Mẫu 01-ĐGCL") == 0)
			found = blk->part == PART_HEADER;
	}
	assert_true(found);
}

static void test_corpus_damaged(void **state)
{
	(void) state;
	g_autoptr(GBytes) a = corpus_bytes("vn_official/legacy_doc/UBND_QD15_2010.DOC");
	g_autoptr(GBytes) b = corpus_bytes("docx_edge/vn_TCVN3_Party-selfreview_2011.doc");
	damage(a, 250);
	damage(b, 250);
}

/* ====================================================================================
 * Built documents
 * ================================================================================== */

static const char *const fonts3[] = { "Times New Roman", ".VnTime", "VNI-Times", ".VnTimeH" };

static void test_built_table(void **state)
{
	(void) state;
	const TRun runs[] = {
		{ "Báo cáo tháng 10\r", 0, TRUE },
		{ "Chỉ tiêu\aKết quả\a\a", 0, FALSE },
		{ "Đảng viên mới\a12\a\a", 0, FALSE },
		{ "Hết.\r", 0, FALSE },
	};
	const TPap paps[] = {
		{ FALSE, FALSE, TRUE },
		{ TRUE, FALSE, FALSE }, { TRUE, FALSE, FALSE }, { TRUE, TRUE, FALSE },
		{ TRUE, FALSE, FALSE }, { TRUE, FALSE, FALSE }, { TRUE, TRUE, FALSE },
		{ FALSE, FALSE, FALSE },
	};
	TDoc td = { runs, G_N_ELEMENTS(runs), paps, G_N_ELEMENTS(paps), fonts3, 4, FALSE, 0, 0 };
	g_autoptr(GBytes) b = built(&td, "table.doc");
	g_autoptr(Doc) doc = must_read(b);
	assert_int_equal(doc->body->len, 3);
	const DocBlock *first = doc->body->pdata[0];
	assert_string_equal(first->para.text, "Báo cáo tháng 10");
	assert_true(first->para.bold);
	assert_true(first->para.centered);
	const DocTable *tab = nth_table(doc->body, 0);
	assert_int_equal(tab->n_rows, 2);
	assert_int_equal(tab->n_cols, 2);
	g_autofree char *c00 = cell_text(tab, 0, 0);
	g_autofree char *c11 = cell_text(tab, 1, 1);
	assert_string_equal(c00, "Chỉ tiêu");
	assert_string_equal(c11, "12");
	assert_string_equal(((DocBlock *) doc->body->pdata[2])->para.text, "Hết.");
	damage(b, 100);
}

static void test_built_legacy_runs(void **state)
{
	(void) state;
	/* UTF-16 piece: a VNI run ("Ñaûng boä" = Đảng bộ), a TCVN3 run, a Unicode run,
	 * and a .VnTimeH run that comes out in capitals. */
	const TRun runs[] = {
		{ "Ñaûng boä", 2, FALSE },
		{ " ", 0, FALSE },
		{ "\u00a7\u00b6ng c\u00e9ng s\u00b6n", 1, FALSE },
		{ " – Việt Nam\r", 0, FALSE },
		{ "b\u00b8o c\u00b8o\r", 3, TRUE },
		{ "Plain text\r", 0, FALSE },
	};
	TDoc td = { runs, G_N_ELEMENTS(runs), NULL, 0, fonts3, 4, FALSE, 0, 0 };
	g_autoptr(GBytes) b = built(&td, "legacy.doc");
	g_autoptr(Doc) doc = must_read(b);
	assert_int_equal(doc->body->len, 3);
	const DocPara *p = &((DocBlock *) doc->body->pdata[0])->para;
	assert_string_equal(p->text, "Đảng bộ Đảng cộng sản – Việt Nam");
	assert_true(p->legacy);
	const DocPara *caps = &((DocBlock *) doc->body->pdata[1])->para;
	assert_string_equal(caps->text, "BÁO CÁO");
	assert_true(caps->bold);
	assert_false(((DocBlock *) doc->body->pdata[2])->para.legacy);
	assert_int_equal(doc->legacy_runs, 3);
}

static void test_built_compressed_tcvn3(void **state)
{
	(void) state;
	/* 8-bit piece: TCVN3 bytes as Word stores them; one paragraph lost its font and is
	 * recognised by the guess. */
	const TRun runs[] = {
		{ "Ngh\u00de quy\u00d5t\r", 1, FALSE },
		{ "\u00a7\u00b6ng c\u00e9ng s\u00b6n Vi\u00d6t Nam\r", 0, FALSE },
		{ "Caf\u00e9 \xc2\x80 5\r", 0, FALSE },
	};
	TDoc td = { runs, G_N_ELEMENTS(runs), NULL, 0, fonts3, 4, TRUE, 0, 0 };
	g_autoptr(GBytes) b = built(&td, "compressed.doc");
	g_autoptr(Doc) doc = must_read(b);
	assert_int_equal(doc->body->len, 3);
	assert_string_equal(((DocBlock *) doc->body->pdata[0])->para.text, "Nghị quyết");
	assert_string_equal(((DocBlock *) doc->body->pdata[1])->para.text, "Đảng cộng sản Việt Nam");
	assert_true(((DocBlock *) doc->body->pdata[1])->para.legacy);
	/* plain cp1252 text stays: 0x80 is the euro sign */
	assert_string_equal(((DocBlock *) doc->body->pdata[2])->para.text, "Café € 5");
	assert_int_equal(doc->legacy_runs, 2);
}

static void test_built_field(void **state)
{
	(void) state;
	const TRun runs[] = {
		{ "Trang \x13 PAGE \\* MERGEFORMAT \x14" "3\x15 của \x13 NUMPAGES \x15" "5\r", 0, FALSE },
		{ "Xem \x13 HYPERLINK \"http://x\" \x14" "đây \x13 REF a \x14" "(1)\x15\x15.\r", 0, FALSE },
	};
	TDoc td = { runs, G_N_ELEMENTS(runs), NULL, 0, fonts3, 4, FALSE, 0, 0 };
	g_autoptr(GBytes) b = built(&td, "field.doc");
	g_autoptr(Doc) doc = must_read(b);
	assert_int_equal(doc->body->len, 2);
	assert_string_equal(((DocBlock *) doc->body->pdata[0])->para.text, "Trang 3 của 5");
	assert_string_equal(((DocBlock *) doc->body->pdata[1])->para.text, "Xem đây (1).");
}

static void test_built_refused(void **state)
{
	(void) state;
	const TRun runs[] = { { "Mật\r", 0, FALSE } };
	TDoc enc = { runs, 1, NULL, 0, fonts3, 4, FALSE, 0x0100, 0 };
	g_autoptr(GBytes) b = built(&enc, "encrypted.doc");
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) doc = read_bytes(b, &err);
	assert_null(doc);
	assert_int_equal(err->code, READ_ERR_ENCRYPTED);
	assert_string_equal(err->message, "password-protected Word document");

	TDoc obf = { runs, 1, NULL, 0, fonts3, 4, FALSE, 0x8000, 0 };
	g_autoptr(GBytes) b2 = build_doc(&obf);
	g_autoptr(GError) err2 = NULL;
	g_autoptr(Doc) doc2 = read_bytes(b2, &err2);
	assert_null(doc2);
	assert_int_equal(err2->code, READ_ERR_ENCRYPTED);

	TDoc w95 = { runs, 1, NULL, 0, fonts3, 4, FALSE, 0, 104 };
	g_autoptr(GBytes) b3 = built(&w95, "word95.doc");
	g_autoptr(GError) err3 = NULL;
	g_autoptr(Doc) doc3 = read_bytes(b3, &err3);
	assert_null(doc3);
	assert_int_equal(err3->code, READ_ERR_UNSUPPORTED);
	assert_has(err3->message, "nFib 104");

	/* an OLE2 file whose WordDocument stream is not a FIB */
	GsfOutput *mem = gsf_output_memory_new();
	GsfOutfile *ole = gsf_outfile_msole_new(mem);
	g_autoptr(GByteArray) junk = g_byte_array_new();
	zero_to(junk, 600);
	ole_put(ole, "WordDocument", junk);
	gsf_output_close(GSF_OUTPUT(ole));
	g_object_unref(ole);
	g_autoptr(GError) err4 = NULL;
	g_autoptr(Doc) doc4 = doc_read(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
	                                (gsize) gsf_output_size(mem), &err4);
	g_object_unref(mem);
	assert_null(doc4);
	assert_int_equal(err4->code, READ_ERR_CORRUPT);
	assert_has(err4->message, "FIB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_ubnd_decision),
		cmocka_unit_test(test_corpus_tcvn3_selfreview),
		cmocka_unit_test(test_corpus_damaged),
		cmocka_unit_test(test_built_table),
		cmocka_unit_test(test_built_legacy_runs),
		cmocka_unit_test(test_built_compressed_tcvn3),
		cmocka_unit_test(test_built_field),
		cmocka_unit_test(test_built_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
