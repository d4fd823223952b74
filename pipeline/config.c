/*
 * config.c - resolve the folders of a run (see config.h). Precedence: command-line
 * options, then the configuration file, then "<root>/inbox", "<root>/baocao.db", ...
 */
#include <string.h>
#include "conf.h"
#include "config.h"

static void set_from(char **slot, const ConfFile *cf, const char *key, const char *base)
{
	if (*slot)
		return;
	g_autofree char *v = conf_get_string(cf, "paths", key);
	if (v && *v)
		*slot = g_path_is_absolute(v) ? g_strdup(v) : g_build_filename(base, v, NULL);
}

/* [imap]: the mailbox fetch-mail and run take reports from. */
static gboolean imap_load(Config *cfg, const ConfFile *cf, const char *base, GError **error)
{
	static const char *const keys[] = { "url", "user", "password-file", "password_file",
	                                     "after", NULL };
	gsize nk = 0;
	g_auto(GStrv) present = g_key_file_get_keys(cf->kf, "imap", &nk, NULL);
	for (gsize i = 0; i < nk; i++)
		if (!g_strv_contains(keys, present[i])) {
			conf_set_error(error, cf, conf_line(cf, "imap", present[i]),
			               "unknown key '%s' in [imap] (url, user, password-file, after)",
			               present[i]);
			return FALSE;
		}
	if (!nk)
		return TRUE;
	g_autofree char *url = conf_get_string(cf, "imap", "url");
	if (!url || !(g_str_has_prefix(url, "imap://") || g_str_has_prefix(url, "imaps://"))) {
		conf_set_error(error, cf, conf_line(cf, "imap", url ? "url" : NULL),
		               "[imap] url must be imap://HOST[:PORT]/FOLDER or imaps://HOST[:PORT]/FOLDER");
		return FALSE;
	}
	if (strchr(url, '@')) {
		conf_set_error(error, cf, conf_line(cf, "imap", "url"),
		               "[imap] url must not hold a user or password: use the keys user and "
		               "password-file");
		return FALSE;
	}
	cfg->imap_url = g_steal_pointer(&url);
	cfg->imap_user = conf_get_string(cf, "imap", "user");
	g_autofree char *pw = conf_get_string(cf, "imap", "password-file");
	if (!pw)
		pw = conf_get_string(cf, "imap", "password_file");
	if (pw && *pw)
		cfg->imap_password_file = g_path_is_absolute(pw) ? g_strdup(pw)
		                                                 : g_build_filename(base, pw, NULL);
	g_autofree char *after = conf_get_string(cf, "imap", "after");
	if (after && g_str_has_prefix(after, "move:") && after[5]) {
		cfg->imap_move_to = g_strdup(after + 5);
	} else if (after && strcmp(after, "seen") != 0) {
		conf_set_error(error, cf, conf_line(cf, "imap", "after"),
		               "[imap] after must be 'seen' or 'move:FOLDER', not '%s'", after);
		return FALSE;
	}
	return TRUE;
}

gboolean config_load(Config *cfg, const char *path, const char *root, GError **error)
{
	static const char *const keys[] = { "inbox", "outbox", "forms", "rules", "store", "archive" };
	char **slots[] = { &cfg->inbox, &cfg->outbox, &cfg->forms, &cfg->rules, &cfg->store,
	                   &cfg->archive };
	if (path) {
		g_autoptr(ConfFile) cf = conf_load_keyfile(path, error);
		if (!cf)
			return FALSE;
		g_autofree char *base = g_path_get_dirname(path);
		gsize nk = 0;
		g_auto(GStrv) present = g_key_file_get_keys(cf->kf, "paths", &nk, NULL);
		for (gsize i = 0; i < nk; i++)
			if (!g_strv_contains(keys, present[i])) {
				conf_set_error(error, cf, conf_line(cf, "paths", present[i]),
				               "unknown key '%s' in [paths]", present[i]);
				return FALSE;
			}
		for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
			set_from(slots[i], cf, keys[i], base);
		if (!imap_load(cfg, cf, base, error))
			return FALSE;
		if (!cfg->mail_from)
			cfg->mail_from = conf_get_string(cf, "mail", "from");
		cfg->smtp_url = conf_get_string(cf, "mail", "smtp");
		cfg->smtp_user = conf_get_string(cf, "mail", "smtp-user");
		g_autofree char *pw = conf_get_string(cf, "mail", "smtp-password-file");
		if (pw && *pw)
			cfg->smtp_password_file = g_path_is_absolute(pw) ? g_strdup(pw)
			                                                 : g_build_filename(base, pw, NULL);
		g_autoptr(GError) e = NULL;
		gint s = g_key_file_get_integer(cf->kf, "run", "settle-seconds", &e);
		if (!e && cfg->settle_seconds == G_MAXUINT)
			cfg->settle_seconds = MAX(s, 0);
	}
	static const char *const defaults[] = { "inbox", "outbox", "forms", "rules", "baocao.db",
	                                        "archive" };
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
		if (!*slots[i])
			*slots[i] = g_build_filename(root, defaults[i], NULL);
	if (cfg->settle_seconds == G_MAXUINT)
		cfg->settle_seconds = 5;
	if (!cfg->mail_from)
		cfg->mail_from = g_strdup("Ủy ban Kiểm tra <ubkt@localhost>");
	return TRUE;
}

void config_clear(Config *cfg)
{
	g_free(cfg->inbox);
	g_free(cfg->outbox);
	g_free(cfg->forms);
	g_free(cfg->rules);
	g_free(cfg->store);
	g_free(cfg->archive);
	g_free(cfg->mail_from);
	g_free(cfg->smtp_url);
	g_free(cfg->smtp_user);
	g_free(cfg->smtp_password_file);
	g_free(cfg->imap_url);
	g_free(cfg->imap_user);
	g_free(cfg->imap_password_file);
	g_free(cfg->imap_move_to);
	memset(cfg, 0, sizeof *cfg);
}
