/*
 * clerk.c - what the clerk's verbs share (cmd_set.c, cmd_assign.c, cmd_reject.c,
 * cmd_requeue.c): record corrections with who made them, then read the file again with
 * them so that findings, status and the export follow at once.
 */
#include "clerk.h"
#include "common.h"
#include "run.h"
#include "validate.h"

const char *app_who(void)
{
	const char *u = g_getenv("SUDO_USER");
	return u && *u ? u : g_get_user_name();
}

int app_correct_and_reread(App *app, const Submission *s, const char *const *pairs,
                           const char *note, const char *event)
{
	g_autoptr(GError) err = NULL;
	GString *detail = g_string_new(NULL);
	gboolean ok = store_begin(app->store, &err);
	for (guint i = 0; ok && pairs[i]; i += 2) {
		ok = store_add_correction(app->store, s->id, pairs[i], pairs[i + 1], note, app_who(), &err);
		g_string_append_printf(detail, "%s%s = %s", detail->len ? ", " : "", pairs[i], pairs[i + 1]);
	}
	if (note && *note)
		g_string_append_printf(detail, " (%s)", note);
	g_string_append_printf(detail, "%sby %s", detail->len ? " " : "", app_who());
	ok = ok && store_event(app->store, s->id, event, detail->str, &err) &&
	     store_requeue(app->store, s->id, &err) && store_commit(app->store, &err);
	g_string_free(detail, TRUE);
	if (!ok) {
		store_rollback(app->store);
		log_msg(LOG_ERROR, "%s", err->message);
		return EXIT_FAILED;
	}
	if (g_strcmp0(s->state, "duplicate") == 0)
		return EXIT_CLEAN;  /* a duplicate is not read; its original carries the values */
	RunStats rs = { 0 };
	g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_array_append_val(ids, s->id);
	if (!run_read(app, ids, &rs, &err) || !validate_batch(app->store, app->rules, &err)) {
		log_msg(LOG_ERROR, "%s", err->message);
		return EXIT_FAILED;
	}
	return EXIT_CLEAN;
}
