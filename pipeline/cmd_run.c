/*
 * cmd_run.c - `baocao run`: the nightly job. One summary line; exit 0 when clean, 1 when
 * files were quarantined or reports have findings, 2 when the run could not run.
 */
#include <stdio.h>
#include "app.h"
#include "common.h"
#include "run.h"

int cmd_run(int argc, char **argv)
{
	gboolean wait = FALSE;
	gint settle = -1, jobs = -1, time_limit = -1, memory = -1;
	GOptionEntry entries[] = {
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "files read at once (default: the number of cores)", "N" },
		{ "time-limit", 0, 0, G_OPTION_ARG_INT, &time_limit, "seconds a file may take to read before it is quarantined (default 120)", "S" },
		{ "memory-limit", 0, 0, G_OPTION_ARG_INT, &memory, "megabytes a reader may use (default 2048)", "MB" },
		{ "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "wait for another run to finish instead of exiting", NULL },
		{ "settle", 0, 0, G_OPTION_ARG_INT, &settle, "seconds a file must be unchanged before it is taken (default 5)", "S" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- take in the inbox and compile the outbox");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Takes every file of the inbox (recursively) that has not changed for a few seconds,\n"
		"keeps the original in the archive, reads and checks it, and rewrites outbox/<period>/.\n"
		"A sub-folder named after a unit code says which unit sent the files in it.\n"
		"E-mail in the inbox (.eml, mbox, Maildir) and, with [imap] in the configuration,\n"
		"the mailbox are taken apart: each attachment is a submission, and each message\n"
		"gets a receipt in outbox/mail/ (sent when [mail] smtp is set).\n"
		"Exit status: 0 clean, 1 findings or quarantined files, 2 could not run (or the\n"
		"mailbox or the SMTP server failed; the rest of the run was done).");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 1) {
		log_msg(LOG_ERROR, "run: %s", err ? err->message : "unexpected argument");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | (wait ? APP_WAIT : 0))) {
		return EXIT_FAILED;
	}
	if (settle >= 0)
		app.cfg.settle_seconds = settle;
	if (jobs > 0)
		app.limits.jobs = jobs;
	if (time_limit > 0) {
		app.limits.wall_seconds = time_limit;
		app.limits.cpu_seconds = MIN(app.limits.cpu_seconds, (guint)time_limit);
	}
	if (memory >= 0)
		app.limits.memory_mb = memory;
	RunStats rs;
	gboolean ok = run_pipeline(&app, &rs, &err);
	app_close(&app);
	if (g_getenv("BAOCAO_TEST_COUNT_POINTS"))
		fprintf(stderr, "fault points: %u\n", fault_points());
	log_msg(ok ? LOG_INFO : LOG_ERROR,
	        "run %s: %u new file%s (%u duplicate), %u read, %u quarantined, %u with findings,"
	        " %u waiting; outbox: %d period%s",
	        ok ? "done" : "stopped", rs.taken, rs.taken == 1 ? "" : "s", rs.duplicates, rs.read,
	        rs.quarantined, rs.with_findings, rs.waiting, MAX(rs.periods, 0),
	        rs.periods == 1 ? "" : "s");
	if (rs.annexed)
		log_msg(LOG_INFO, "%u workbook%s read as part of the letter%s they came with",
		        rs.annexed, rs.annexed == 1 ? "" : "s", rs.annexed == 1 ? "" : "s");
	if (rs.messages || rs.receipts || rs.receipts_sent)
		log_msg(LOG_INFO, "mail: %u message%s taken (%u from the mailbox), %u receipt%s written,"
		        " %u sent", rs.messages, rs.messages == 1 ? "" : "s", rs.fetched, rs.receipts,
		        rs.receipts == 1 ? "" : "s", rs.receipts_sent);
	if (!ok) {
		log_msg(LOG_ERROR, "%s", err->message);
		return EXIT_FAILED;
	}
	if (rs.mail_failed)
		return EXIT_FAILED;  /* said above: the mailbox or the SMTP server failed */
	return (rs.quarantined || rs.with_findings || rs.failed) ? EXIT_FINDINGS : EXIT_CLEAN;
}
