/*
 * fuzz_html.c - libFuzzer target: any bytes through the HTML reader (html_read) and the
 * document's text view; bytes that sniff as HTML also go through the whole processing
 * (process_bytes: reading, classification, extraction, validation) as the pipeline
 * does with a file from the inbox. Run from the repository root (it loads forms/ and
 * rules/).
 */
#include <stdint.h>
#include <stdlib.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *err = NULL;
	Doc *doc = html_read(data, size, &err);
	if (doc != NULL) {
		g_free(doc_to_text(doc));
		doc_free(doc);
	} else if (err == NULL || err->domain != READ_ERROR) {
		abort();  /* a refusal always says why */
	}
	g_clear_error(&err);
	if (read_sniff(data, size, "fuzz.htm") == FT_HTML) {
		Outcome out;
		process_bytes(data, size, "fuzz.htm", NULL, NULL, NULL, forms, rules, &out);
		process_finish(&out, NULL, forms, rules, 1760000000);
		outcome_clear(&out);
	}
	return 0;
}
