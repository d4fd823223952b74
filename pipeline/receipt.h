/*
 * receipt.h - the reply to every e-mail that brought reports: which files were received,
 * for each whether it was accepted or what is missing or wrong, and the unit and period
 * recognised. Written after the documents are read and validated, as a ready .eml in
 * outbox/mail/; sent by SMTP when a server is configured, each once.
 */
#ifndef BAOCAO_RECEIPT_H
#define BAOCAO_RECEIPT_H

#include "app.h"

typedef struct {
	guint written;     /* receipts written to outbox/mail/ */
	guint drafts;      /* of which left for the clerk to send (sender not in the roster) */
	guint sent;        /* receipts the SMTP server accepted */
	guint send_failed; /* receipts that could not be sent (the next run tries again) */
} ReceiptStats;

/* Write the receipt of every message whose documents have all been read, and record
 * it (one transaction each; a message with no sender address or an automatic one gets
 * none). FALSE with error when the outbox or the store cannot be written. */
gboolean receipts_write(App *app, ReceiptStats *stats, GError **error);

/* With an SMTP server configured ([mail] smtp), send every receipt written and not yet
 * accepted by it, and record each once accepted. Failures are logged and counted in
 * stats->send_failed, never fatal: the next run sends what is left. */
void receipts_send(App *app, ReceiptStats *stats);

/* The text of the receipt of message m (subject in *subject, g_free both): m's
 * submissions with what was read from each (records, in the same order) and what was
 * wrong with the message itself (notes). */
char *receipt_text(const MessageRow *m, GPtrArray *subs, GPtrArray *records,
                   const Record *notes, const Rules *rules, char **subject);

#endif
