/*
 * cmd_fetch_mail.c - `baocao fetch-mail [--wait]`: take the new messages of the mailbox
 * configured in [imap] into the archive and the store, marking each on the server once
 * it is committed. Their documents are read, and their receipts written, by the next
 * `baocao run` (which also fetches by itself when [imap] is set). Exit 0 when the
 * mailbox was fetched, 2 when it could not be (the message says why; what was committed
 * stays, and the next fetch goes on from there).
 */
#include "app.h"
#include "common.h"
#include "imap.h"

int cmd_fetch_mail(int argc, char **argv)
{
	gboolean wait = FALSE;
	GOptionEntry entries[] = {
		{ "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "wait for a run in progress to finish instead of exiting", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- take the new messages of the mailbox");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Fetches the messages of the IMAP mailbox of [imap] (url, user, password-file, after)\n"
		"not taken before, keeps each in the archive, records each attachment as a submission,\n"
		"then marks the message \\Seen (or moves it, after = move:FOLDER) on the server. The\n"
		"password comes from [imap] password-file (owner-only) or BAOCAO_IMAP_PASSWORD.\n"
		"The next 'baocao run' reads the documents and writes the receipts.\n"
		"Exit status: 0 fetched, 2 could not fetch (the message says why).");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 1) {
		log_msg(LOG_ERROR, "fetch-mail: %s", err ? err->message : "unexpected argument");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | (wait ? APP_WAIT : 0)))
		return EXIT_FAILED;
	if (!app.cfg.imap_url) {
		log_msg(LOG_ERROR, "fetch-mail: no mailbox is configured: add [imap] with url, user and "
		        "password-file to the configuration file (see README)");
		app_close(&app);
		return EXIT_FAILED;
	}
	ImapStats ms;
	gboolean ok = imap_fetch(&app, &ms, &err);
	log_msg(ok ? LOG_INFO : LOG_ERROR,
	        "fetch-mail %s: %u new message%s, %u taken (%u attachment%s, %u duplicate),"
	        " %u taken before, %u over the size cap; %u marked on the server",
	        ok ? "done" : "stopped", ms.found, ms.found == 1 ? "" : "s", ms.messages, ms.parts,
	        ms.parts == 1 ? "" : "s", ms.duplicates, ms.known, ms.too_large, ms.marked);
	app_close(&app);
	if (!ok) {
		log_msg(LOG_ERROR, "%s", err->message);
		return EXIT_FAILED;
	}
	return EXIT_CLEAN;
}
