/*
 * bench_read.c - how fast baocao reads DOCX files and extracts the form's fields, in one
 * process, without the store: read, line view, classify, extract, validate (the work
 * of one reading child). Usage: bench_read RUNS FILE...  Prints the median documents
 * per second over RUNS passes. Run from the repository root (it loads forms/, rules/).
 */
#include <stdio.h>
#include <stdlib.h>
#include "process.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_read RUNS FILE...\n");
		return 2;
	}
	int runs = (int)CLAMP(g_ascii_strtoll(argv[1], NULL, 10), 1, 1000);
	g_autoptr(GError) err = NULL;
	g_autoptr(Forms) forms = forms_load("forms", &err);
	g_autoptr(Rules) rules = forms ? rules_load("rules", &err) : NULL;
	if (!forms || !rules) {
		fprintf(stderr, "bench_read: %s\n", err->message);
		return 2;
	}
	/* files in memory first: we measure reading, not the disk */
	GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (int i = 2; i < argc; i++) {
		char *data;
		gsize len;
		if (g_file_get_contents(argv[i], &data, &len, NULL))
			g_ptr_array_add(files, g_bytes_new_take(data, len));
	}
	double *rate = g_new(double, runs);
	for (int r = 0; r < runs; r++) {
		gint64 t0 = g_get_monotonic_time();
		for (guint i = 0; i < files->len; i++) {
			gsize len;
			const guint8 *d = g_bytes_get_data(files->pdata[i], &len);
			Outcome out;
			process_bytes(d, len, "bench.docx", NULL, NULL, NULL, forms, rules, &out);
			process_finish(&out, NULL, forms, rules, 1760000000);
			outcome_clear(&out);
		}
		double secs = (g_get_monotonic_time() - t0) / 1e6;
		rate[r] = files->len / secs;
	}
	qsort(rate, runs, sizeof *rate, cmp_double);
	printf("%.1f\n", rate[runs / 2]);
	g_free(rate);
	g_ptr_array_unref(files);
	return 0;
}
