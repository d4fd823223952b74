/*
 * fuzz_conf.c - libFuzzer target: the forms and rules loaders on any file content. The
 * first byte chooses which file of a copy of rules/ (or the form of forms/) the rest
 * replaces; the loader must either accept it or fail with a message, never crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "forms.h"
#include "rules.h"

static char *rules_dir, *forms_dir;
static const char *const rule_files[] = { "units.csv", "tasks.csv", "calendar.conf",
                                          "holidays-2025.txt", "body.conf" };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void copy_into(const char *from, const char *to_dir, const char *name)
{
	g_autofree char *src = g_build_filename(from, name, NULL);
	g_autofree char *dst = g_build_filename(to_dir, name, NULL);
	g_autofree char *text = NULL;
	gsize len;
	if (!g_file_get_contents(src, &text, &len, NULL) ||
	    !g_file_set_contents(dst, text, len, NULL))
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rules_dir = g_dir_make_tmp("fuzz-rules-XXXXXX", NULL);
	forms_dir = g_dir_make_tmp("fuzz-forms-XXXXXX", NULL);
	for (guint i = 0; i < G_N_ELEMENTS(rule_files); i++)
		copy_into("rules", rules_dir, rule_files[i]);
	copy_into("forms", forms_dir, "bc-nq66.conf");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	guint which = data[0] % (G_N_ELEMENTS(rule_files) + 1);
	gboolean form = which == G_N_ELEMENTS(rule_files);
	const char *dir = form ? forms_dir : rules_dir;
	const char *name = form ? "bc-nq66.conf" : rule_files[which];
	g_autofree char *path = g_build_filename(dir, name, NULL);
	if (!g_file_set_contents(path, (const char *)data + 1, size - 1, NULL))
		abort();
	GError *err = NULL;
	if (form) {
		Forms *f = forms_load(forms_dir, &err);
		forms_free(f);
		copy_into("forms", forms_dir, name);
	} else {
		Rules *r = rules_load(rules_dir, &err);
		rules_free(r);
		copy_into("rules", rules_dir, name);
	}
	if (err && !strchr(err->message, ':'))
		__builtin_trap();  /* every error names its file */
	g_clear_error(&err);
	return 0;
}
