/*
 * config.h - where things are: the folders and the store, from the command line, an
 * optional configuration file (baocao.conf), and the defaults relative to the current
 * folder. See README "Configuration".
 */
#ifndef BAOCAO_CONFIG_H
#define BAOCAO_CONFIG_H

#include <glib.h>

typedef struct {
	char *inbox, *outbox, *forms, *rules, *store, *archive;
	guint settle_seconds;  /* a file changed more recently than this waits */
	char *mail_from;       /* sender of reminders and receipts ([mail] from) */
	char *smtp_url;        /* [mail] smtp: smtp://host:port or smtps://host:port, or NULL */
	char *smtp_user;       /* [mail] smtp-user, or NULL */
	char *smtp_password_file; /* [mail] smtp-password-file (owner-only), or NULL */
	char *imap_url;        /* [imap] url: imap(s)://host[:port]/FOLDER, or NULL: no mailbox */
	char *imap_user;       /* [imap] user, or NULL */
	char *imap_password_file; /* [imap] password-file (owner-only), or NULL */
	char *imap_move_to;    /* [imap] after = move:FOLDER; NULL for "seen" (the default) */
} Config;

/* Fill unset members of cfg from the file at path (when non-NULL; relative paths in it
 * are relative to its folder), then from the defaults under root. FALSE with error
 * ("FILE:LINE: ...") when the file is unreadable, has an unknown key in [paths] or
 * [imap], or an [imap] value that cannot be right. */
gboolean config_load(Config *cfg, const char *path, const char *root, GError **error);
void config_clear(Config *cfg);

#endif
