/*
 * imap.h - reports by e-mail from an IMAP mailbox ([imap] in the configuration): every
 * new message fetched into the archive and the store, then marked \Seen (or moved) on
 * the server, never before its attachments are committed.
 */
#ifndef BAOCAO_IMAP_H
#define BAOCAO_IMAP_H

#include "app.h"

/* Errors of the mailbox itself; a store or archive error keeps its own domain. */
#define IMAP_ERROR (imap_error_quark())
GQuark imap_error_quark(void);
enum {
	IMAP_ERR_CONFIG,   /* no user, no password, a password file open to others, a bad URL */
	IMAP_ERR_SERVER,   /* unreachable, login refused, folder refused, connection lost */
};

typedef struct {
	guint found;       /* messages on the server not fetched before */
	guint messages;    /* taken into the store */
	guint known;       /* already in the store (the same bytes): only marked */
	guint too_large;   /* over MAILIN_MAX_BYTES: recorded, left unread on the server */
	guint parts;       /* submissions recorded */
	guint duplicates;  /* of which the same bytes had already been received */
	guint marked;      /* marked \Seen or moved on the server */
} ImapStats;

/* Fetch the new messages of the configured mailbox (app->cfg.imap_url). The server is
 * asked for messages whose UID is above the last one taken (remembered in the store with
 * the mailbox's UIDVALIDITY; when that changes, every message is looked at again and
 * those already taken are recognised: the same bytes, or the same Message-ID with the
 * same attachments). Each message is archived and
 * recorded in one transaction (ingest_mail.c), the mailbox's last UID with it, and only
 * then marked on the server; one committed by a fetch stopped before marking it is
 * marked by the next. FALSE with error when the configuration is incomplete or the
 * server cannot be reached, refuses the login or the folder or drops the connection
 * (IMAP_ERROR: "cannot reach the mailbox ...: ..."), or the store or archive fail (their
 * own errors): what was committed before stays committed. */
gboolean imap_fetch(App *app, ImapStats *stats, GError **error);

#endif
