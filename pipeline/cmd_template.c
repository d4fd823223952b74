/*
 * cmd_template.c - `baocao template [--out FILE]`: the mandated report as a DOCX for the
 * authority to send out. Its fields sit in content controls tagged with the field names,
 * so a report filled in it is read exactly.
 */
#include "app.h"
#include "common.h"
#include "out_docx.h"

int cmd_template(int argc, char **argv)
{
	char *out = NULL;
	GOptionEntry entries[] = {
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "where to write it (default mau-bao-cao-nq66.docx)", "FILE" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- write the fillable report template");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
	g_autofree char *path = out ? out : g_strdup("mau-bao-cao-nq66.docx");
	if (!parsed || argc != 1) {
		log_msg(LOG_ERROR, "template: %s", err ? err->message : "unexpected argument");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, 0))
		return EXIT_FAILED;
	gboolean ok = out_docx_template(app.forms->forms->pdata[0], app.rules, path, &err);
	if (ok)
		log_msg(LOG_INFO, "template written to %s", path);
	else
		log_msg(LOG_ERROR, "template: %s", err->message);
	app_close(&app);
	return ok ? EXIT_CLEAN : EXIT_FAILED;
}
