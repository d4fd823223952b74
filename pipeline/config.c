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
	memset(cfg, 0, sizeof *cfg);
}
