/*
 * fuzz_text.c - libFuzzer target: the text normalisation, the legacy-encoding
 * converters and the number, date and period parsers of vntext.c, on any bytes.
 */
#include <stdint.h>
#include <string.h>
#include "vntext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = g_strndup((const char *)data, size);  /* stops at a NUL, as C strings do */
	char *norm = vn_normalize((const char *)data, (gssize)size);
	char *tone = vn_canon_tone(norm);
	char *key = vn_key(norm);
	char *sent = vn_sentence_case(norm);
	(void)vn_key_contains(key, "dang uy");
	(void)vn_font_encoding(raw);
	(void)vn_guess_legacy(raw);
	if (g_utf8_validate(raw, -1, NULL)) {
		char *t = vn_decode_legacy(raw, VN_ENC_TCVN3);
		char *h = vn_decode_legacy(raw, VN_ENC_TCVN3_CAPS);
		char *v = vn_decode_legacy(raw, VN_ENC_VNI);
		g_free(t);
		g_free(h);
		g_free(v);
	}
	double d;
	gsize a, b;
	int y, m, dd;
	(void)vn_parse_number(norm, &d);
	if (vn_find_number(norm, &d, &a, &b) && (a > b || b > strlen(norm)))
		__builtin_trap();
	if (vn_find_date(norm, &y, &m, &dd) && !g_date_valid_dmy(dd, m, y))
		__builtin_trap();
	char *p = vn_parse_period(norm);
	g_free(p);
	g_free(raw);
	g_free(norm);
	g_free(tone);
	g_free(key);
	g_free(sent);
	return 0;
}
