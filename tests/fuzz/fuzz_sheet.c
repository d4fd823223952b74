/*
 * fuzz_sheet.c - libFuzzer target for the workbook reader (read_sheet.c). Run from the
 * repository root (it loads forms/ and rules/). Seeds: tests/fuzz/corpus/sheet/.
 *
 * Mutated zip bytes mostly fail their CRC before any XML is parsed, so each input is
 * used three ways: as a whole file through sheet_read and then through sniffing,
 * classification, extraction and validation (process_bytes) as the pipeline does with a
 * workbook from the inbox; and, packed here with libzip, as the content.xml of an ODS
 * and as the worksheet of an XLSX, so the sheet parsers see the mutated XML itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "process.h"
#include "read.h"

static Forms *forms;
static Rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	forms = forms_load("forms", NULL);
	rules = rules_load("rules", NULL);
	if (!forms || !rules)
		abort();
	return 0;
}

static void read_one(const guint8 *data, gsize len)
{
	GError *err = NULL;
	Doc *doc = sheet_read(data, len, &err);
	if ((doc == NULL) == (err == NULL))
		abort();  /* a Doc, or an error: never both, never neither */
	if (doc != NULL) {
		g_free(doc_to_text(doc));
		doc_free(doc);
	}
	g_clear_error(&err);
}

/* A zip of name/content pairs; the last content is the fuzz input (len bytes). */
static void read_packed(const char *const *parts, gsize n_parts, const uint8_t *data,
                        size_t size)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (src == NULL)
		return;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (za == NULL) {
		zip_source_free(src);
		return;
	}
	for (gsize i = 0; i + 1 < n_parts; i += 2) {
		gboolean last = i + 2 >= n_parts;
		const void *p = last ? (const void *) data : parts[i + 1];
		zip_uint64_t n = last ? size : strlen(parts[i + 1]);
		zip_source_t *fs = zip_source_buffer(za, p, n, 0);
		if (fs == NULL || zip_file_add(za, parts[i], fs, 0) < 0)
			zip_source_free(fs);
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		zip_source_free(src);
		return;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		guint8 *buf = g_malloc(st.size + 1);
		if (zip_source_read(src, buf, st.size) == (zip_int64_t) st.size)
			read_one(buf, st.size);
		g_free(buf);
		zip_source_close(src);
	}
	zip_source_free(src);
}

static const char *const ods_parts[] = {
	"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
	"content.xml", NULL,
};

static const char *const xlsx_parts[] = {
	"[Content_Types].xml", "<Types/>",
	"_rels/.rels",
	"<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>",
	"xl/workbook.xml", "<workbook><sheets><sheet name=\"S\" r:id=\"r1\" xmlns:r=\"r\"/></sheets></workbook>",
	"xl/_rels/workbook.xml.rels",
	"<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
	"<Relationship Id=\"r2\" Type=\"x/sharedStrings\" Target=\"t.xml\"/>"
	"<Relationship Id=\"r3\" Type=\"x/styles\" Target=\"st.xml\"/></Relationships>",
	"xl/t.xml", "<sst><si><t>Mã</t></si><si><r><t>Chỉ </t></r><r><t>số</t></r></si></sst>",
	"xl/st.xml", "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>",
	"xl/s.xml", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_one(data, size);
	if (size > 0 && data[0] == '<') {
		read_packed(ods_parts, G_N_ELEMENTS(ods_parts), data, size);
		read_packed(xlsx_parts, G_N_ELEMENTS(xlsx_parts), data, size);
	}
	Outcome out;
	process_bytes(data, size, "fuzz.xlsx", NULL, NULL, NULL, forms, rules, &out);
	process_finish(&out, NULL, forms, rules, 1760000000);
	outcome_clear(&out);
	return 0;
}
