/*
 * mail.h - e-mail drafts (.eml) the clerk can send or that SMTP sends: reminders now,
 * receipts with the mail intake. Written with GMime, so that Vietnamese subjects,
 * names and bodies are encoded as RFC 2047 and 2045 require.
 */
#ifndef BAOCAO_MAIL_H
#define BAOCAO_MAIL_H

#include <glib.h>

/* Write a text/plain UTF-8 message to path (atomically). from and to are "Name <addr>"
 * or plain addresses; date is unix seconds. FALSE with error when it cannot be written. */
gboolean mail_write_draft(const char *path, const char *from, const char *to_name,
                          const char *to_addr, const char *subject, const char *body,
                          gint64 date, GError **error);

/* A message to write (mail_write_message). Strings are UTF-8; only from, subject and
 * body are required. */
typedef struct {
	const char *from;          /* "Name <addr>" or a bare address */
	const char *to_name;       /* may be NULL */
	const char *to_addr;
	const char *subject;
	const char *body;
	gint64 date;               /* unix seconds */
	const char *message_id;    /* without <>; NULL: made from the content */
	const char *in_reply_to;   /* the Message-ID answered (without <>), or NULL */
	const char *references;    /* the References header of a reply ("<a> <b>"), or NULL */
	gboolean auto_reply;       /* mark it "Auto-Submitted: auto-replied" (RFC 3834) */
} MailDraft;

/* Write d as a text/plain UTF-8 message to path (atomically; the folder is made).
 * FALSE with error when it cannot be written. */
gboolean mail_write_message(const char *path, const MailDraft *d, GError **error);

/* The bare address of "Name <addr>" (g_free), or NULL when there is none. */
char *mail_address(const char *mailbox);

/* Send the message in eml_path from `from` to `to` (bare addresses) through the SMTP
 * server at url (smtp:// or smtps://; libcurl, STARTTLS when offered). user and password
 * may be NULL. FALSE with error when it was not accepted. */
gboolean mail_send(const char *url, const char *user, const char *password, const char *from,
                   const char *to, const char *eml_path, GError **error);

/* The SMTP password: BAOCAO_SMTP_PASSWORD from the environment, else the first line of
 * the file, which must be readable by its owner only. NULL (no error) when neither is
 * given; NULL with error when the file is unreadable or open to others. */
char *mail_password(const char *file, GError **error);

/* A password: the environment variable env_name when set and not empty, else the first
 * line of file, which must be readable by its owner only ("what" names it in errors:
 * "SMTP", "IMAP"). NULL (no error) when neither is given; NULL with error when the file
 * is unreadable or open to others. */
char *mail_secret(const char *env_name, const char *file, const char *what, GError **error);

#endif
