/*
 * cmd_assign.c - `baocao assign ID [--unit U] [--period P] [--form F]`: say what a
 * submission is when the machine could not (or told it wrong). The file is read again
 * as that form, for that unit and period.
 */
#include "app.h"
#include "clerk.h"
#include "common.h"
#include "correct.h"

int cmd_assign(int argc, char **argv)
{
	char *unit = NULL, *period = NULL, *form = NULL, *note = NULL;
	GOptionEntry entries[] = {
		{ "unit", 0, 0, G_OPTION_ARG_STRING, &unit, "the roster code of the unit that sent it", "U" },
		{ "period", 0, 0, G_OPTION_ARG_STRING, &period, "2025-10, 2025-Q4, 2025-H1, 2025 or adhoc:<number>", "P" },
		{ "form", 0, 0, G_OPTION_ARG_STRING, &form, "the form it is (bc-nq66)", "F" },
		{ "note", 0, 0, G_OPTION_ARG_STRING, &note, "why", "TEXT" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID - say which unit, period and form a submission is");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
	g_autofree char *u = unit, *p = period, *f = form, *n = note;
	if (!parsed || argc != 2 || (!u && !p && !f)) {
		log_msg(LOG_ERROR, "assign: %s", err ? err->message
		        : "give ID and at least one of --unit, --period, --form");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | APP_WAIT))
		return EXIT_FAILED;
	g_autoptr(Submission) s = app_find_submission(&app, argv[1], &err);
	if (!s) {
		log_msg(LOG_ERROR, "%s", err->message);
		app_close(&app);
		return EXIT_FAILED;
	}
	const char *names[] = { "unit", "period", "form" };
	const char *values[] = { u, p, f };
	char *canon[3] = { NULL, NULL, NULL };
	const char *pairs[7] = { NULL };
	guint np = 0;
	int rc = EXIT_CLEAN;
	for (guint i = 0; i < 3 && rc == EXIT_CLEAN; i++) {
		if (!values[i])
			continue;
		if (!correct_check(names[i], values[i], app.forms, app.rules, &canon[i], &err)) {
			log_msg(LOG_ERROR, "assign: %s", err->message);
			rc = EXIT_FAILED;
			break;
		}
		pairs[np++] = names[i];
		pairs[np++] = canon[i];
	}
	if (rc == EXIT_CLEAN)
		rc = app_correct_and_reread(&app, s, pairs, n, "assigned");
	if (rc == EXIT_CLEAN) {
		g_autoptr(Submission) now = store_get(app.store, s->id);
		log_msg(LOG_INFO, "submission %" G_GINT64_FORMAT ": %s %s, unit %s, period %s, status %s",
		        s->id, now->kind ? now->kind : "-", now->form ? now->form : "",
		        now->unit ? now->unit : "-", now->period ? now->period : "-",
		        now->status ? now->status : "-");
	}
	for (guint i = 0; i < 3; i++)
		g_free(canon[i]);
	app_close(&app);
	return rc;
}
