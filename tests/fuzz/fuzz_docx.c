/*
 * fuzz_docx.c - libFuzzer target: any bytes through sniffing, the DOCX reader, the line
 * view, classification, extraction and validation (process_bytes), as the pipeline does
 * with a file from the inbox. Run from the repository root (it loads forms/ and rules/).
 */
#include <stdint.h>
#include <stdlib.h>
#include "process.h"

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
	Outcome out;
	process_bytes(data, size, "fuzz.docx", NULL, NULL, NULL, forms, rules, &out);
	process_finish(&out, NULL, forms, rules, 1760000000);
	outcome_clear(&out);
	return 0;
}
