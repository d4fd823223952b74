/*
 * cmd_reject.c - `baocao reject ID --reason TEXT`: the clerk refuses a submission. It is
 * kept, with an error finding that gives the reason, and no longer counts as accepted.
 */
#include "app.h"
#include "clerk.h"
#include "common.h"

int cmd_reject(int argc, char **argv)
{
	char *reason = NULL;
	GOptionEntry entries[] = {
		{ "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "why it is refused (for the unit's feedback)", "TEXT" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID --reason TEXT - refuse a submission");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
	g_autofree char *r = reason;
	if (!parsed || argc != 2 || !r || !*g_strstrip(r)) {
		log_msg(LOG_ERROR, "reject: %s", err ? err->message : "give ID and --reason TEXT");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | APP_WAIT))
		return EXIT_FAILED;
	g_autoptr(Submission) s = app_find_submission(&app, argv[1], &err);
	int rc = EXIT_FAILED;
	if (!s)
		log_msg(LOG_ERROR, "%s", err->message);
	else {
		const char *pairs[] = { "rejected", r, NULL };
		rc = app_correct_and_reread(&app, s, pairs, NULL, "rejected");
		if (rc == EXIT_CLEAN)
			log_msg(LOG_INFO, "submission %" G_GINT64_FORMAT " rejected", s->id);
	}
	app_close(&app);
	return rc;
}
