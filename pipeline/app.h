/*
 * app.h - what a command opens: the configuration, forms, rules, the store and the run
 * lock. Commands are thin: they parse their options, open an App, call stage code and
 * map the result to an exit status.
 */
#ifndef BAOCAO_APP_H
#define BAOCAO_APP_H

#include "config.h"
#include "forms.h"
#include "rules.h"
#include "store.h"
#include "worker.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_FAILED = 2 };

typedef struct {
	Config cfg;
	Forms *forms;
	Rules *rules;
	Store *store;
	int lock_fd;
	WorkerLimits limits;
} App;

/* Global options, set by main.c before a command runs. */
extern char *opt_root, *opt_config, *opt_inbox, *opt_outbox, *opt_forms, *opt_rules,
            *opt_store, *opt_archive;

enum { APP_STORE = 1, APP_LOCK = 2, APP_WAIT = 4 };

/* Resolve the configuration, load forms and rules, and with APP_STORE open the store;
 * with APP_LOCK take the run lock (APP_WAIT: wait for it). On failure prints the one
 * line that says why, releases what was opened and returns FALSE: the command then
 * exits with EXIT_FAILED. */
gboolean app_open(App *app, int flags);
void app_close(App *app);

/* The submission named by an id or a file name (original name or inbox path), or NULL
 * with error. */
Submission *app_find_submission(App *app, const char *what, GError **error);

/* Commands (cmd_*.c): argc/argv start at the verb; return an exit status. */
int cmd_run(int argc, char **argv);
int cmd_fetch_mail(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_assign(int argc, char **argv);
int cmd_requeue(int argc, char **argv);
int cmd_reject(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_remind(int argc, char **argv);
int cmd_template(int argc, char **argv);

#endif
