/*
 * app.c - open what a command needs (see app.h). The run lock is an flock() on
 * "<store>.lock", so a crashed run never leaves a stale lock behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "app.h"
#include "common.h"

char *opt_root, *opt_config, *opt_inbox, *opt_outbox, *opt_forms, *opt_rules, *opt_store,
     *opt_archive;

static gboolean take_lock(App *app, gboolean wait, GError **error)
{
	g_autofree char *path = g_strconcat(app->cfg.store, ".lock", NULL);
	app->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (app->lock_fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create lock '%s': %s", path, g_strerror(errno));
		return FALSE;
	}
	if (flock(app->lock_fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
		            "another baocao run holds '%s'; try again when it has finished "
		            "(or use --wait)", path);
		close(app->lock_fd);
		app->lock_fd = -1;
		return FALSE;
	}
	return TRUE;
}

static gboolean app_try_open(App *app, int flags, GError **error)
{
	memset(app, 0, sizeof *app);
	app->lock_fd = -1;
	app->limits = (WorkerLimits)WORKER_LIMITS_DEFAULT;
	app->cfg.settle_seconds = G_MAXUINT;
	app->cfg.inbox = g_strdup(opt_inbox);
	app->cfg.outbox = g_strdup(opt_outbox);
	app->cfg.forms = g_strdup(opt_forms);
	app->cfg.rules = g_strdup(opt_rules);
	app->cfg.store = g_strdup(opt_store);
	app->cfg.archive = g_strdup(opt_archive);
	const char *root = opt_root ? opt_root : ".";
	g_autofree char *conf = opt_config ? g_strdup(opt_config)
	                                   : g_build_filename(root, "baocao.conf", NULL);
	if (!opt_config && !g_file_test(conf, G_FILE_TEST_EXISTS))
		g_clear_pointer(&conf, g_free);
	if (!config_load(&app->cfg, conf, root, error))
		return FALSE;
	if (!(app->forms = forms_load(app->cfg.forms, error)) ||
	    !(app->rules = rules_load(app->cfg.rules, error)))
		return FALSE;
	if ((flags & APP_LOCK) && !take_lock(app, flags & APP_WAIT, error))
		return FALSE;
	if (flags & APP_STORE) {
		if (!(flags & APP_LOCK) && !g_file_test(app->cfg.store, G_FILE_TEST_EXISTS)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			            "no store at '%s': run 'baocao run' first", app->cfg.store);
			return FALSE;
		}
		if (!(app->store = store_open(app->cfg.store, error)))
			return FALSE;
		/* ad-hoc requests declared with `baocao request add` join those of rules/ */
		g_autoptr(GPtrArray) reqs = store_requests(app->store);
		for (guint i = 0; i < reqs->len; i++) {
			char **q = reqs->pdata[i];
			if (!rules_add_request(app->rules, q[0], q[1], q[2], q[3], q[4], error))
				return FALSE;
		}
	}
	return TRUE;
}

gboolean app_open(App *app, int flags)
{
	g_autoptr(GError) err = NULL;
	if (app_try_open(app, flags, &err))
		return TRUE;
	log_msg(LOG_ERROR, "%s", err->message);
	app_close(app);
	return FALSE;
}

void app_close(App *app)
{
	g_clear_pointer(&app->store, store_close);
	g_clear_pointer(&app->forms, forms_free);
	g_clear_pointer(&app->rules, rules_free);
	if (app->lock_fd >= 0)
		close(app->lock_fd);
	config_clear(&app->cfg);
}

Submission *app_find_submission(App *app, const char *what, GError **error)
{
	char *end = NULL;
	gint64 id = g_ascii_strtoll(what, &end, 10);
	if (end && *end == '\0' && id > 0) {
		Submission *s = store_get(app->store, id);
		if (!s)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no submission %s", what);
		return s;
	}
	g_autoptr(GPtrArray) all = store_list(app->store, NULL);
	Submission *found = NULL;
	for (guint i = all->len; i-- > 0;) {
		Submission *s = all->pdata[i];
		if (strcmp(s->file, what) == 0 || strcmp(s->path, what) == 0) {
			found = g_ptr_array_steal_index(all, i);
			break;
		}
	}
	if (!found)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            "no submission with id or file name '%s' (see 'baocao status')", what);
	return found;
}

