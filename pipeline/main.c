/*
 * main.c - the command line: global options, then a verb from the table below. Each
 * verb is a thin function in cmd_<verb>.c. Exit status: 0 clean, 1 ran with findings
 * or quarantined files, 2 could not run.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "app.h"
#include "common.h"

#define BAOCAO_VERSION "0.1.0"

static const struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} verbs[] = {
	{ "run", cmd_run, "take in the inbox, read and check every new file, rewrite the outbox" },
	{ "fetch-mail", cmd_fetch_mail, "take the new messages of the IMAP mailbox ([imap])" },
	{ "status", cmd_status, "what every unit sent for a period, and what is missing" },
	{ "show", cmd_show, "what was read from one submission, with confidences and findings" },
	{ "export", cmd_export, "the JSON export of every submission (templates/EXPORT.md)" },
	{ "review", cmd_review, "the queue of what needs a person, oldest first" },
	{ "set", cmd_set, "correct one field of a submission: set ID FIELD VALUE" },
	{ "assign", cmd_assign, "say which unit, period and form a submission is" },
	{ "requeue", cmd_requeue, "read a submission again (after a reader improved)" },
	{ "reject", cmd_reject, "refuse a submission, with the reason" },
	{ "log", cmd_log, "every event in the history of a submission" },
	{ "request", cmd_request, "declare or list ad-hoc report requests" },
	{ "remind", cmd_remind, "write reminders to units whose report is due or overdue" },
	{ "template", cmd_template, "write the fillable report template (DOCX) to send to units" },
	{ "check", cmd_check, "check forms/ and rules/ and say what is wrong" },
};

static void usage(FILE *to)
{
	fprintf(to,
	        "usage: baocao [OPTIONS] COMMAND [ARGS]\n\n"
	        "Reads the periodic reports units send in, checks them and compiles each period.\n\n"
	        "Commands:\n");
	for (guint i = 0; i < G_N_ELEMENTS(verbs); i++)
		fprintf(to, "  %-11s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(to,
	        "\nOptions (before the command):\n"
	        "  -C, --root DIR     folder holding inbox/, outbox/, forms/, rules/, baocao.db (default .)\n"
	        "  -c, --config FILE  configuration file (default ROOT/baocao.conf when present)\n"
	        "      --inbox DIR    --outbox DIR  --forms DIR  --rules DIR\n"
	        "      --store FILE   --archive DIR   override one location\n"
	        "  -q, --quiet        only warnings and errors\n"
	        "  -v, --verbose      say what is done with every file\n"
	        "      --version      print the version\n\n"
	        "'baocao COMMAND --help' describes a command. Exit status: 0 clean, 1 findings or\n"
	        "quarantined files, 2 could not run.\n");
}

/* Tesseract's OpenMP reads OMP_THREAD_LIMIT when the library is loaded, before main():
 * with its threads on, two cores OCR four times slower (ocr.h). Set it and start again;
 * if the program cannot be started again it goes on, only slower. */
static void omp_one_thread(char **argv)
{
	if (g_getenv("OMP_THREAD_LIMIT") != NULL)
		return;
	g_setenv("OMP_THREAD_LIMIT", "1", TRUE);
	execv("/proc/self/exe", argv);
}

int main(int argc, char **argv)
{
	omp_one_thread(argv);
	setlocale(LC_ALL, "");
	gboolean quiet = FALSE, verbose = FALSE, version = FALSE;
	GOptionEntry entries[] = {
		{ "root", 'C', 0, G_OPTION_ARG_FILENAME, &opt_root, NULL, NULL },
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config, NULL, NULL },
		{ "inbox", 0, 0, G_OPTION_ARG_FILENAME, &opt_inbox, NULL, NULL },
		{ "outbox", 0, 0, G_OPTION_ARG_FILENAME, &opt_outbox, NULL, NULL },
		{ "forms", 0, 0, G_OPTION_ARG_FILENAME, &opt_forms, NULL, NULL },
		{ "rules", 0, 0, G_OPTION_ARG_FILENAME, &opt_rules, NULL, NULL },
		{ "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, NULL, NULL },
		{ "archive", 0, 0, G_OPTION_ARG_FILENAME, &opt_archive, NULL, NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, NULL, NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, NULL, NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version, NULL, NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_set_strict_posix(ctx, TRUE);  /* stop at the verb */
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	                 strcmp(argv[1], "help") == 0)) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		log_msg(LOG_ERROR, "%s (see 'baocao --help')", err->message);
		return EXIT_FAILED;
	}
	if (version) {
		printf("baocao %s\n", BAOCAO_VERSION);
		return EXIT_CLEAN;
	}
	log_level = quiet ? LOG_WARN : verbose ? LOG_DEBUG : LOG_INFO;
	if (argc < 2) {
		usage(stderr);
		return EXIT_FAILED;
	}
	for (guint i = 0; i < G_N_ELEMENTS(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(argc - 1, argv + 1);
	log_msg(LOG_ERROR, "unknown command '%s' (see 'baocao --help')", argv[1]);
	return EXIT_FAILED;
}
