/*
 * cmd_check.c - `baocao check`: load forms/ and rules/ and report the first mistake
 * with its file and line, or a one-line summary.
 */
#include <stdio.h>
#include "app.h"
#include "common.h"

int cmd_check(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("- check forms/ and rules/");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 1) {
		log_msg(LOG_ERROR, "check: %s", err ? err->message : "unexpected argument");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, 0)) {
		return EXIT_FAILED;
	}
	printf("forms: %u (%s); roster: %u units, %u tasks; %u holidays; %u ad-hoc requests\n",
	       app.forms->forms->len, app.cfg.forms, app.rules->units->len, app.rules->tasks->len,
	       g_hash_table_size(app.rules->holidays), app.rules->requests->len);
	app_close(&app);
	return EXIT_CLEAN;
}
