/*
 * cer.c - character error rate of a text read back (OCR, pdftotext) against its reference.
 *
 *     build/cer REF.txt HYP.txt   ->   chars=<n> edits=<e> cer=<100*e/n, 2 decimals>
 *
 * The reference is the OUT/text/<file>.txt that tests/gen/gen_docx writes for every scanned
 * item.  Both texts are normalised the same way before they are compared, so that only what a
 * reader got wrong counts: invalid UTF-8 replaced, NFC, every run of white space (newlines and
 * no-break spaces included) made one space, both ends trimmed.  The distance is Levenshtein's
 * over Unicode code points (insertion, deletion and substitution cost 1), computed with two
 * rows, so memory is linear; texts over 2 M code points (or files over 64 MB) are refused.  n counts the reference's
 * code points; an empty reference gives cer=0.00 against an empty text and 100.00 otherwise.
 * Exit status: 0, or 2 on bad usage, an unreadable file or a text too long.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#define MAX_CODE_POINTS (2u * 1000u * 1000u)
#define MAX_FILE_BYTES (64u << 20) /* before normalisation */

/* The normalised text of a file as code points; NULL (with a message) when it cannot be. */
static gunichar *load(const char *path, glong *len)
{
	g_autofree char *raw = NULL;
	gsize size = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &raw, &size, &err)) {
		fprintf(stderr, "cer: %s\n", err->message);
		return NULL;
	}
	if (size > MAX_FILE_BYTES) {
		fprintf(stderr, "cer: %s: larger than %u bytes\n", path, MAX_FILE_BYTES);
		return NULL;
	}
	g_autofree char *valid = g_utf8_make_valid(raw, (gssize)size);
	g_autofree char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	GString *out = g_string_sized_new(strlen(nfc));
	gboolean space = FALSE;
	for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c)) {
			space = TRUE;
			continue;
		}
		if (space && out->len)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_unichar(out, c);
	}
	glong n = g_utf8_strlen(out->str, (gssize)out->len);
	if ((gulong)n > MAX_CODE_POINTS) {
		fprintf(stderr, "cer: %s: more than %u code points\n", path, MAX_CODE_POINTS);
		g_string_free(out, TRUE);
		return NULL;
	}
	gunichar *u = g_utf8_to_ucs4_fast(out->str, (glong)out->len, len);
	g_string_free(out, TRUE);
	return u;
}

/* Levenshtein distance of a and b, with rows as long as the shorter one. */
static guint64 distance(const gunichar *a, glong na, const gunichar *b, glong nb)
{
	if (na < nb) {
		const gunichar *t = a;
		a = b;
		b = t;
		glong tn = na;
		na = nb;
		nb = tn;
	}
	guint32 *prev = g_new(guint32, (gsize)nb + 1), *cur = g_new(guint32, (gsize)nb + 1);
	for (glong j = 0; j <= nb; j++)
		prev[j] = (guint32)j;
	for (glong i = 1; i <= na; i++) {
		cur[0] = (guint32)i;
		for (glong j = 1; j <= nb; j++) {
			guint32 best = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u);
			best = MIN(best, prev[j] + 1u);
			best = MIN(best, cur[j - 1] + 1u);
			cur[j] = best;
		}
		guint32 *t = prev;
		prev = cur;
		cur = t;
	}
	guint64 d = prev[nb];
	g_free(prev);
	g_free(cur);
	return d;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: cer REF.txt HYP.txt\n");
		return 2;
	}
	glong nr = 0, nh = 0;
	g_autofree gunichar *ref = load(argv[1], &nr);
	if (!ref)
		return 2;
	g_autofree gunichar *hyp = load(argv[2], &nh);
	if (!hyp)
		return 2;
	guint64 edits = distance(ref, nr, hyp, nh);
	double cer = nr > 0 ? 100.0 * (double)edits / (double)nr : (edits ? 100.0 : 0.0);
	printf("chars=%ld edits=%" G_GUINT64_FORMAT " cer=%.2f\n", nr, edits, cer);
	return 0;
}
