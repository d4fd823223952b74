/*
 * fuzz_odt.c - libFuzzer target for the OpenDocument text reader (odt_read).
 *
 * A mutated zip almost never passes its CRC checks, so the first byte of an input
 * says what the rest is: 'z' a whole package (read as it is, then through the whole
 * processing as the pipeline does with a file from the inbox), 'c' a content.xml and
 * 's' a styles.xml, each zipped here with a fixed mimetype and a small fixed other
 * part, so that the mutations reach the XML and the story reader. Run from the
 * repository root (it loads forms/ and rules/).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "process.h"
#include "read.h"

static Forms *forms;
static Rules *rules;

static const char content_min[] =
	"<?xml version=\"1.0\"?><office:document-content "
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
	"<text:p text:style-name=\"Standard\">x</text:p></office:text></office:body></office:document-content>";
static const char styles_min[] =
	"<?xml version=\"1.0\"?><office:document-styles "
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"><office:styles>"
	"<style:style style:name=\"Standard\" style:family=\"paragraph\"/></office:styles></office:document-styles>";

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

/* A package of mimetype, content.xml and styles.xml; NULL when libzip fails. */
static GBytes *package(const uint8_t *content, size_t clen, const uint8_t *styles, size_t slen)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	GBytes *out = NULL;
	if (src == NULL)
		return NULL;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (za != NULL) {
		static const char mime[] = "application/vnd.oasis.opendocument.text";
		zip_source_t *m = zip_source_buffer(za, mime, strlen(mime), 0);
		zip_source_t *c = zip_source_buffer(za, content, clen, 0);
		zip_source_t *s = zip_source_buffer(za, styles, slen, 0);
		zip_file_add(za, "mimetype", m, 0);
		zip_file_add(za, "content.xml", c, 0);
		zip_file_add(za, "styles.xml", s, 0);
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_close(za) == 0 && zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
			guint8 *buf = g_malloc(st.size + 1);
			if (zip_source_read(src, buf, st.size) == (zip_int64_t) st.size)
				out = g_bytes_new_take(buf, st.size);
			else
				g_free(buf);
			zip_source_close(src);
		} else {
			zip_discard(za);
		}
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char mode = (char) data[0];
	data++;
	size--;
	GBytes *pkg = NULL;
	if (mode == 'c')
		pkg = package(data, size, (const uint8_t *) styles_min, strlen(styles_min));
	else if (mode == 's')
		pkg = package((const uint8_t *) content_min, strlen(content_min), data, size);
	else if (mode == 'z')
		pkg = g_bytes_new_static(data, size);
	if (pkg == NULL)
		return 0;
	gsize len;
	const guint8 *p = g_bytes_get_data(pkg, &len);
	GError *err = NULL;
	Doc *doc = odt_read(p, len, &err);
	if (doc != NULL) {
		g_free(doc_to_text(doc));
		doc_free(doc);
	} else if (err == NULL || err->domain != READ_ERROR) {
		abort();  /* a refusal always says why */
	}
	g_clear_error(&err);
	if (mode == 'z') {
		Outcome out;
		process_bytes(p, len, "fuzz.odt", NULL, NULL, NULL, forms, rules, &out);
		process_finish(&out, NULL, forms, rules, 1760000000);
		outcome_clear(&out);
	}
	g_bytes_unref(pkg);
	return 0;
}
