/*
 * fuzz_doc.c - libFuzzer target: any bytes through the Word 97-2003 reader (doc_read in
 * read_doc.c: OLE2 container by libgsf, FIB, piece table, fonts, styles, property pages,
 * stories) and the document model's text view. The reader is called directly, not
 * through sniffing, so that every input reaches the .doc parser; the seeds in
 * tests/fuzz/corpus/doc/ are small documents built by tests/unit/test_read_doc.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);

/* Full stacks for allocations, so that the suppression below can see libgsf's frame. */
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}


/* libgsf 1.14.50 loses a directory entry (about 130 bytes) when gsf_infile_msole_new()
 * gives up on some damaged directories; that leak is the library's, not the reader's. */
const char *__lsan_default_suppressions(void)
{
	return "leak:gsf_infile_msole_new\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *err = NULL;
	Doc *doc = doc_read(data, size, &err);
	if (doc != NULL) {
		char *t = doc_to_text(doc);
		if (!g_utf8_validate(t, -1, NULL))
			abort();
		g_free(t);
		doc_free(doc);
	} else if (err == NULL || err->domain != READ_ERROR) {
		abort();
	}
	g_clear_error(&err);
	return 0;
}
