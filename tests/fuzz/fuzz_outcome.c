/*
 * fuzz_outcome.c - libFuzzer target: the parent's parser of a reading child's answer
 * (outcome_from_json). A child runs on hostile input and may be subverted, so what it
 * sends is untrusted too.
 */
#include <stdint.h>
#include "process.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Outcome o;
	if (outcome_from_json((const char *)data, size, &o)) {
		char *again = outcome_to_json(&o);
		g_free(again);
	}
	outcome_clear(&o);
	return 0;
}
