/*
 * cmd_requeue.c - `baocao requeue ID...`: read submissions again from their archived
 * originals (after a reader improved), keeping the clerk's corrections.
 */
#include "app.h"
#include "clerk.h"
#include "common.h"

int cmd_requeue(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID... - read submissions again");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc < 2) {
		log_msg(LOG_ERROR, "requeue: %s", err ? err->message : "give at least one ID");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | APP_WAIT))
		return EXIT_FAILED;
	int rc = EXIT_CLEAN;
	for (int i = 1; i < argc && rc == EXIT_CLEAN; i++) {
		g_autoptr(Submission) s = app_find_submission(&app, argv[i], &err);
		if (!s) {
			log_msg(LOG_ERROR, "%s", err->message);
			rc = EXIT_FAILED;
			break;
		}
		const char *none[] = { NULL };
		rc = app_correct_and_reread(&app, s, none, NULL, "requeued");
		if (rc == EXIT_CLEAN) {
			g_autoptr(Submission) now = store_get(app.store, s->id);
			log_msg(LOG_INFO, "submission %" G_GINT64_FORMAT " read again: %s", s->id,
			        now->status ? now->status : "-");
		}
	}
	app_close(&app);
	return rc;
}
