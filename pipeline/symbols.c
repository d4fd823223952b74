/*
 * symbols.c - the numbers and codes that official documents write: a document's number
 * and symbol ("Số: 15-BC/ĐU", "05/QĐ-UBND", "09/2019/NĐ-CP") and a task code of the
 * action programme in any of the forms units write ("2.2.3", "2.2(3)", "II.2.2 (3)").
 * Patterns follow DOMAIN.md section 1.4; the Party and State families differ in where
 * the hyphen and the slash go.
 */
#include <string.h>
#include "symbols.h"
#include "vntext.h"

static GRegex *regex(const char *pattern)
{
	return g_regex_new(pattern, 0, 0, NULL);
}

char *find_doc_number(const char *text)
{
	static GRegex *party, *state;
	if (g_once_init_enter(&party)) {
		g_once_init_leave(&state, regex(
			"(\\d{1,5})(?:\\s*/\\s*(\\d{4}))?\\s*/\\s*([\\p{Lu}][\\p{Lu}\\p{Ll}]{0,4})"
			"-([\\p{Lu}][\\p{Lu}\\p{Ll}0-9]*(?:-[\\p{Lu}][\\p{Lu}\\p{Ll}0-9]*)*)"));
		g_once_init_leave(&party, regex(
			"(\\d{1,5})\\s*-\\s*(NQ|QĐi|QĐ|CTr|CT|KL|QC|TTr|TT|HD|BC|KH|TB|TC|CV|BB|BS|ĐA|PA|DA"
			"|GGT|GM|GNP|PG|PC|PB|TrS|SL|QyĐ)\\s*/\\s*([\\p{Lu}][\\p{Lu}\\p{Ll}0-9]*"
			"(?:-[\\p{Lu}][\\p{Lu}\\p{Ll}0-9]*)*)"));
	}
	/* fold dashes first: "15–BC/ĐU" */
	g_autoptr(GString) t = g_string_new(text);
	g_string_replace(t, "–", "-", 0);
	g_string_replace(t, "—", "-", 0);
	g_autoptr(GMatchInfo) m = NULL;
	if (g_regex_match(party, t->str, 0, &m)) {
		g_autofree char *n = g_match_info_fetch(m, 1);
		g_autofree char *ty = g_match_info_fetch(m, 2);
		g_autofree char *is = g_match_info_fetch(m, 3);
		/* "ĐĐU": OCR doubled the first letter of a committee's "ĐU", "TU", "HU" */
		gunichar c0 = g_utf8_get_char(is);
		const char *second = g_utf8_next_char(is);
		if (g_utf8_get_char(second) == c0 && strcmp(g_utf8_next_char(second), "U") == 0)
			return g_strdup_printf("%s-%s/%s", n, ty, second);
		return g_strdup_printf("%s-%s/%s", n, ty, is);
	}
	g_clear_pointer(&m, g_match_info_free);
	if (g_regex_match(state, t->str, 0, &m)) {
		g_autofree char *n = g_match_info_fetch(m, 1);
		g_autofree char *y = g_match_info_fetch(m, 2);
		g_autofree char *ty = g_match_info_fetch(m, 3);
		g_autofree char *is = g_match_info_fetch(m, 4);
		return *y ? g_strdup_printf("%s/%s/%s-%s", n, y, ty, is)
		          : g_strdup_printf("%s/%s-%s", n, ty, is);
	}
	return NULL;
}

char *normalize_task_code(const char *text)
{
	static GRegex *re;
	if (g_once_init_enter(&re))
		g_once_init_leave(&re, g_regex_new(
			"^\\s*(?:(?:i|ii|iii|iv)\\s*\\.\\s*)?(\\d{1,2})\\s*\\.\\s*(\\d{1,2})"
			"(?:\\s*\\.\\s*(\\d{1,2})|\\s*\\(\\s*(\\d{1,2})\\s*\\))?\\s*\\.?\\s*$",
			0, 0, NULL));
	g_autofree char *k = vn_key(text);
	g_autoptr(GMatchInfo) m = NULL;
	if (!g_regex_match(re, k, 0, &m))
		return NULL;
	g_autofree char *a = g_match_info_fetch(m, 1), *b = g_match_info_fetch(m, 2);
	g_autofree char *c = g_match_info_fetch(m, 3), *d = g_match_info_fetch(m, 4);
	const char *third = c && *c ? c : d && *d ? d : NULL;
	int ia = g_ascii_strtoll(a, NULL, 10), ib = g_ascii_strtoll(b, NULL, 10);
	return third ? g_strdup_printf("%d.%d.%d", ia, ib, (int)g_ascii_strtoll(third, NULL, 10))
	             : g_strdup_printf("%d.%d", ia, ib);
}

