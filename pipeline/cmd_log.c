/*
 * cmd_log.c - `baocao log ID|FILE`: every event in a submission's history, oldest first:
 * received, archived, extracted or quarantined, corrected, assigned, requeued,
 * rejected, superseded, exported.
 */
#include <stdio.h>
#include "app.h"
#include "common.h"

int cmd_log(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID|FILE - the history of a submission");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
		log_msg(LOG_ERROR, "log: %s", err ? err->message : "give one submission id or file name");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE))
		return EXIT_FAILED;
	g_autoptr(Submission) s = app_find_submission(&app, argv[1], &err);
	if (!s) {
		log_msg(LOG_ERROR, "%s", err->message);
		app_close(&app);
		return EXIT_FAILED;
	}
	printf("Hồ sơ %" G_GINT64_FORMAT ": %s\n", s->id, s->path);
	g_autoptr(GPtrArray) ev = store_events(app.store, s->id);
	for (guint i = 0; i < ev->len; i++) {
		char **e = ev->pdata[i];
		printf("%s  %-12s %s\n", e[0], e[1], e[2] ? e[2] : "");
	}
	app_close(&app);
	return EXIT_CLEAN;
}
