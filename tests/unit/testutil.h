/*
 * testutil.h - helpers the unit tests share: the real-file corpus, zip packages built in
 * memory, lookups into a Doc with their assertions, and damaged-input runs.
 *
 * Header-only on purpose: each tests/unit/test_*.c is linked on its own against
 * libbaocao.a, so everything here is static (and marked unused, since no test uses all
 * of it). The corpus is ../shared/corpus, or BAOCAO_CORPUS when set and not empty; tests
 * run from the repository root, and a test that needs the corpus is skipped when the
 * folder is not there at all.
 */
#ifndef BAOCAO_TESTUTIL_H
#define BAOCAO_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <glib.h>
#include <zip.h>

#include "doc.h"
#include "read.h"

/* ====================================================================================
 * The corpus of real files
 * ================================================================================== */

/* The corpus folder (static or the environment's string, not owned). */
G_GNUC_UNUSED static const char *corpus_dir(void)
{
	const char *env = g_getenv("BAOCAO_CORPUS");
	return env != NULL && env[0] != '\0' ? env : "../shared/corpus";
}

/* Contents of the corpus file rel (a path inside the corpus); skips the test when the
 * corpus is not there at all, fails it when the file cannot be read. */
G_GNUC_UNUSED static GBytes *corpus_bytes(const char *rel)
{
	if (!g_file_test(corpus_dir(), G_FILE_TEST_IS_DIR)) {
		print_message("corpus not found at %s: skipped\n", corpus_dir());
		skip();
	}
	g_autofree char *path = g_build_filename(corpus_dir(), rel, NULL);
	gchar *data = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &data, &len, &err))
		fail_msg("cannot read corpus file %s: %s", path, err->message);
	return g_bytes_new_take(data, len);
}

/* ====================================================================================
 * Zip packages in memory (libzip)
 * ================================================================================== */

G_GNUC_UNUSED static GBytes *zip_build_va(gboolean store_mimetype, const char *first,
                                          va_list ap)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (const char *name = first; name != NULL; name = va_arg(ap, const char *)) {
		const char *content = va_arg(ap, const char *);
		zip_source_t *fs = zip_source_buffer(za, content, strlen(content), 0);
		assert_non_null(fs);
		zip_int64_t idx = zip_file_add(za, name, fs, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (store_mimetype && strcmp(name, "mimetype") == 0)
			zip_set_file_compression(za, (zip_uint64_t) idx, ZIP_CM_STORE, 0);
	}
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	zip_stat_init(&st);
	assert_int_equal(zip_source_stat(src, &st), 0);
	guint8 *buf = g_malloc(st.size + 1);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t) st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return g_bytes_new_take(buf, st.size);
}

/* A zip of name/content pairs (NUL-terminated strings; the list ends with a NULL name),
 * as new bytes; every entry deflated. Fails the test if libzip refuses anything. */
G_GNUC_UNUSED static GBytes *zip_build(const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	GBytes *b = zip_build_va(FALSE, first, ap);
	va_end(ap);
	return b;
}

/* The same, but an entry named "mimetype" is stored uncompressed, as OpenDocument
 * packages have it. */
G_GNUC_UNUSED static GBytes *zip_build_odf(const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	GBytes *b = zip_build_va(TRUE, first, ap);
	va_end(ap);
	return b;
}

/* ====================================================================================
 * Looking into a Doc
 * ================================================================================== */

/* Block i of blocks, which must be there and be a paragraph (or a table). */
G_GNUC_UNUSED static const DocPara *para_at(GPtrArray *blocks, guint i)
{
	assert_true(i < blocks->len);
	const DocBlock *b = blocks->pdata[i];
	assert_int_equal(b->type, BLOCK_PARA);
	return &b->para;
}

G_GNUC_UNUSED static const DocTable *table_at(GPtrArray *blocks, guint i)
{
	assert_true(i < blocks->len);
	const DocBlock *b = blocks->pdata[i];
	assert_int_equal(b->type, BLOCK_TABLE);
	return &b->table;
}

/* The same in the body of doc. */
G_GNUC_UNUSED static const DocPara *body_para(const Doc *doc, guint i)
{
	return para_at(doc->body, i);
}

G_GNUC_UNUSED static const DocTable *body_table(const Doc *doc, guint i)
{
	return table_at(doc->body, i);
}

/* New text of the cell at grid position (r, c), which must be covered. */
G_GNUC_UNUSED static char *cell_text(const DocTable *t, guint r, guint c)
{
	const DocCell *cell = doc_table_cell(t, r, c);
	assert_non_null(cell);
	return doc_cell_text(cell);
}

/* A reader's error: set, in READ_ERROR, with code, and in_message (unless NULL) in its
 * message. */
G_GNUC_UNUSED static void assert_read_error(const GError *err, ReadErrorCode code,
                                            const char *in_message)
{
	assert_non_null(err);
	if (err->domain != READ_ERROR || err->code != (int) code)
		fail_msg("expected code %d, got %d: %s", code, err->code, err->message);
	if (in_message != NULL && strstr(err->message, in_message) == NULL)
		fail_msg("message '%s' lacks '%s'", err->message, in_message);
}

/* ====================================================================================
 * Damaged inputs
 * ================================================================================== */

/* Count what a reader made of one damaged input: a Doc (its text is made, so every
 * part of it is walked, then it is freed) in *docs, else an error, which must be set,
 * in *errors. Takes doc. */
G_GNUC_UNUSED static void mutant_count(Doc *doc, const GError *err, guint *docs,
                                        guint *errors)
{
	if (doc != NULL) {
		(*docs)++;
		g_free(doc_to_text(doc));
		doc_free(doc);
	} else {
		assert_non_null(err);
		(*errors)++;
	}
}

typedef Doc *(*TestReadFn)(const guint8 *data, gsize len, GError **error);

/* 500 damaged variants of the text file valid, each given to read_fn and counted with
 * mutant_count(): the first 200 cut to a random length in [min_len, len), the others
 * with 1 to 5 bytes replaced, by a random byte in odd rounds and by one of the
 * characters of alphabet (the format's syntax) in even ones. seed makes it repeatable. */
G_GNUC_UNUSED static void mutations_text(const char *valid, guint32 seed, gint32 min_len,
                                         const char *alphabet, TestReadFn read_fn,
                                         guint *docs, guint *errors)
{
	gsize len = strlen(valid);
	gint32 n_alpha = (gint32) strlen(alphabet);
	guint8 *buf = g_malloc(len);
	GRand *rnd = g_rand_new_with_seed(seed);
	for (guint i = 0; i < 500; i++) {
		memcpy(buf, valid, len);
		gsize n = len;
		if (i < 200)
			n = (gsize) g_rand_int_range(rnd, min_len, (gint32) len);
		else
			for (int k = 0; k < 1 + (int) (i % 5); k++)
				buf[g_rand_int_range(rnd, 0, (gint32) len)] = (guint8) (i % 2
					? g_rand_int_range(rnd, 0, 256)
					: alphabet[g_rand_int_range(rnd, 0, n_alpha)]);
		g_autoptr(GError) err = NULL;
		Doc *doc = read_fn(buf, n, &err);
		mutant_count(doc, err, docs, errors);
	}
	g_rand_free(rnd);
	g_free(buf);
	print_message("mutations: %u docs, %u errors\n", *docs, *errors);
}

#endif
