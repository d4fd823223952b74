/*
 * cmd_export.c - `baocao export --json [--period P]`: the export of EXPORT.md on stdout.
 */
#include <stdio.h>
#include "app.h"
#include "common.h"
#include "export.h"

int cmd_export(int argc, char **argv)
{
	gboolean json = FALSE;
	char *period = NULL;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON (the only format, and the default)", NULL },
		{ "period", 0, 0, G_OPTION_ARG_STRING, &period, "only this period (2025-10, 2025-Q4, ...)", "P" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- print the JSON export of the store");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 1) {
		log_msg(LOG_ERROR, "export: %s", err ? err->message : "unexpected argument");
		g_free(period);
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE)) {
		g_free(period);
		return EXIT_FAILED;
	}
	g_autofree char *out = export_json(app.store, period);
	fputs(out, stdout);
	app_close(&app);
	g_free(period);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_FAILED;
}
