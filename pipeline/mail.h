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

#endif
