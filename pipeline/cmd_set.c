/*
 * cmd_set.c - `baocao set ID FIELD VALUE [--note TEXT]`: a clerk's correction of one
 * value. It is stored with who and when, laid over every later reading, and the file is
 * read again at once so that findings and status follow.
 */
#include "app.h"
#include "clerk.h"
#include "common.h"
#include "correct.h"

int cmd_set(int argc, char **argv)
{
	char *note = NULL;
	GOptionEntry entries[] = {
		{ "note", 0, 0, G_OPTION_ARG_STRING, &note, "why (kept with the correction)", "TEXT" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID FIELD VALUE - correct one value");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autofree char *fields = g_strdup_printf(
		"FIELD is one of: %s.\nExamples: baocao set 17 doc_number 15-BC/ĐU\n"
		"          baocao set 17 CS05.period 3 --note \"số liệu gửi bổ sung qua điện thoại\"\n"
		"          baocao set 17 task:2.2.3 \"Hoàn thành\"", correct_field_names());
	g_option_context_set_description(ctx, fields);
	g_autoptr(GError) err = NULL;
	g_autofree char *note_owned = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 4) {
		log_msg(LOG_ERROR, "set: %s", err ? err->message : "give ID FIELD VALUE (see 'baocao set --help')");
		g_free(note);
		return EXIT_FAILED;
	}
	note_owned = note;
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | APP_WAIT))
		return EXIT_FAILED;
	g_autoptr(Submission) s = app_find_submission(&app, argv[1], &err);
	g_autofree char *canon = NULL;
	int rc = EXIT_FAILED;
	if (!s)
		log_msg(LOG_ERROR, "%s", err->message);
	else if (!correct_check(argv[2], argv[3], app.forms, app.rules, &canon, &err))
		log_msg(LOG_ERROR, "set: %s", err->message);
	else {
		const char *pairs[] = { argv[2], canon, NULL };
		rc = app_correct_and_reread(&app, s, pairs, note_owned, "corrected");
		if (rc == EXIT_CLEAN)
			log_msg(LOG_INFO, "submission %" G_GINT64_FORMAT ": %s set to '%s'", s->id, argv[2], canon);
	}
	app_close(&app);
	return rc;
}
