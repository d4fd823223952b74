/*
 * bench_pdf.c - how fast baocao reads text PDFs and OCRs scanned pages, in one process,
 * files loaded in memory first. Run from the repository root (it loads forms/, rules/).
 *
 *   bench_pdf pdf RUNS FILE...
 *       pdf_read() on every file, RUNS passes; then process_bytes() + process_finish()
 *       (read, classify, extract, validate) on the same files. Prints one line:
 *       "PAGES OCR_PAGES READ_PAGES_PER_S FULL_PAGES_PER_S" (medians over the passes).
 *   bench_pdf ocr RUNS THREADS IMAGE...
 *       ocr_pages() with OcrOptions.threads = THREADS on the images (decoded first),
 *       RUNS passes. Prints "PAGES S_PER_PAGE WORDS CPU_S_PER_PAGE": median wall-clock
 *       seconds per page, the words read on the last pass (a check that OCR did read
 *       something), and median processor seconds (user + system, all threads) per page,
 *       which a busy machine disturbs less than the wall clock.
 *   bench_pdf grey IN OUT.png
 *       IN (any image Leptonica reads) as an 8-bit grey PNG at 300 dpi, for the peer.
 *
 * OCR needs OMP_THREAD_LIMIT=1 in the environment when the program starts (ocr.h):
 * `ocr` refuses to run without it rather than print figures four times too slow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <leptonica/allheaders.h>
#include "ocr.h"
#include "process.h"
#include "read.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return (n % 2) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static int parse_runs(const char *s)
{
	return (int)CLAMP(g_ascii_strtoll(s, NULL, 10), 1, 1000);
}

static int bench_pdf(int runs, int nfiles, char **names)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(Forms) forms = forms_load("forms", &err);
	g_autoptr(Rules) rules = forms ? rules_load("rules", &err) : NULL;
	if (!forms || !rules) {
		fprintf(stderr, "bench_pdf: %s\n", err->message);
		return 2;
	}
	GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (int i = 0; i < nfiles; i++) {
		char *data;
		gsize len;
		if (!g_file_get_contents(names[i], &data, &len, NULL)) {
			fprintf(stderr, "bench_pdf: cannot read %s\n", names[i]);
			return 2;
		}
		g_ptr_array_add(files, g_bytes_new_take(data, len));
	}
	guint pages = 0, ocr = 0;
	double *read_rate = g_new(double, runs), *full_rate = g_new(double, runs);
	for (int r = 0; r < runs; r++) {
		guint pg = 0;
		gint64 t0 = g_get_monotonic_time();
		for (guint i = 0; i < files->len; i++) {
			gsize len;
			const guint8 *d = g_bytes_get_data(files->pdata[i], &len);
			g_autoptr(GError) e = NULL;
			Doc *doc = pdf_read(d, len, &e);
			if (doc == NULL) {
				fprintf(stderr, "bench_pdf: %s: %s\n", names[i], e->message);
				return 1;
			}
			pg += doc->pages;
			if (r == 0)
				ocr += doc->pages_ocr;
			doc_free(doc);
		}
		double secs = (g_get_monotonic_time() - t0) / 1e6;
		read_rate[r] = pg / secs;
		pages = pg;
	}
	for (int r = 0; r < runs; r++) {
		gint64 t0 = g_get_monotonic_time();
		for (guint i = 0; i < files->len; i++) {
			gsize len;
			const guint8 *d = g_bytes_get_data(files->pdata[i], &len);
			Outcome out;
			process_bytes(d, len, "bench.pdf", NULL, NULL, NULL, forms, rules, &out);
			process_finish(&out, NULL, forms, rules, 1760000000);
			outcome_clear(&out);
		}
		double secs = (g_get_monotonic_time() - t0) / 1e6;
		full_rate[r] = pages / secs;
	}
	printf("%u %u %.1f %.1f\n", pages, ocr, median(read_rate, runs), median(full_rate, runs));
	g_free(read_rate);
	g_free(full_rate);
	g_ptr_array_unref(files);
	return 0;
}

static int bench_ocr(int runs, guint threads, int nfiles, char **names)
{
	if (g_getenv("OMP_THREAD_LIMIT") == NULL) {
		fprintf(stderr, "bench_pdf: start me with OMP_THREAD_LIMIT=1 in the environment\n");
		return 2;
	}
	setMsgSeverity(L_SEVERITY_NONE);
	GPtrArray *pixes = g_ptr_array_new();
	GArray *dpis = g_array_new(FALSE, FALSE, sizeof(int));
	for (int i = 0; i < nfiles; i++) {
		PIX *p = pixRead(names[i]);
		if (p == NULL) {
			fprintf(stderr, "bench_pdf: cannot read image %s\n", names[i]);
			return 2;
		}
		int dpi = pixGetXRes(p);
		g_ptr_array_add(pixes, p);
		g_array_append_val(dpis, dpi);
	}
	OcrOptions opt = { threads, 0 };
	double *spp = g_new(double, runs), *cpp = g_new(double, runs);
	guint words = 0;
	for (int r = 0; r < runs; r++) {
		GPtrArray *pages = NULL;
		g_autoptr(GError) e = NULL;
		double c0 = cpu_seconds();
		gint64 t0 = g_get_monotonic_time();
		if (!ocr_pages(pixes, (const int *)dpis->data, &opt, &pages, NULL, &e)) {
			fprintf(stderr, "bench_pdf: %s\n", e->message);
			return 1;
		}
		double secs = (g_get_monotonic_time() - t0) / 1e6;
		spp[r] = secs / pixes->len;
		cpp[r] = (cpu_seconds() - c0) / pixes->len;
		words = 0;
		for (guint i = 0; i < pages->len; i++)
			words += ((LayoutPage *)pages->pdata[i])->words->len;
		g_ptr_array_unref(pages);
	}
	printf("%u %.3f %u %.3f\n", pixes->len, median(spp, runs), words, median(cpp, runs));
	g_free(spp);
	g_free(cpp);
	for (guint i = 0; i < pixes->len; i++) {
		PIX *p = pixes->pdata[i];
		pixDestroy(&p);
	}
	g_ptr_array_unref(pixes);
	g_array_unref(dpis);
	return 0;
}

static int grey(const char *in, const char *out)
{
	setMsgSeverity(L_SEVERITY_NONE);
	PIX *p = pixRead(in);
	PIX *g = p ? pixConvertTo8(p, FALSE) : NULL;
	int rc = 2;
	if (g != NULL) {
		pixSetResolution(g, 300, 300);
		rc = pixWrite(out, g, IFF_PNG) == 0 ? 0 : 2;
	}
	if (rc != 0)
		fprintf(stderr, "bench_pdf: cannot convert %s to %s\n", in, out);
	pixDestroy(&g);
	pixDestroy(&p);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && g_str_equal(argv[1], "pdf"))
		return bench_pdf(parse_runs(argv[2]), argc - 3, argv + 3);
	if (argc >= 5 && g_str_equal(argv[1], "ocr"))
		return bench_ocr(parse_runs(argv[2]), (guint)CLAMP(atoi(argv[3]), 1, 64), argc - 4,
		                 argv + 4);
	if (argc == 4 && g_str_equal(argv[1], "grey"))
		return grey(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_pdf pdf RUNS FILE... | ocr RUNS THREADS IMAGE... | "
	                "grey IN OUT.png\n");
	return 2;
}
