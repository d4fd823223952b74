/*
 * ingest_mail.h - stage 1 for e-mail: one message, from the inbox or from the IMAP
 * mailbox, into the archive and the store.
 *
 * The message's own bytes are archived first by the caller (like any file). It is then
 * taken apart (mailin.c) in a child process under the readers' limits, since a message
 * is as hostile as any file: a crash or a hang in the MIME parser costs that message a
 * finding, not the night's run. The child archives each attachment and answers with
 * what it found; the parent records the message, one submission per attachment
 * (source "email", the unit of the sender's roster mailbox) and the findings, in one
 * transaction. Only then may the caller remove the file or mark the message on the
 * server. A zip archive dropped in the inbox goes the same way (src->archive): its files
 * become submissions linked to it, unless it must not be unpacked (taken->refused).
 */
#ifndef BAOCAO_INGEST_MAIL_H
#define BAOCAO_INGEST_MAIL_H

#include "config.h"
#include "rules.h"
#include "store.h"
#include "worker.h"

/* Where a message came from. */
typedef struct {
	const char *origin;       /* "thu.eml", "hop-thu/new/1700.M1.host", "hop.mbox#2", or the
	                             IMAP mailbox URL; attachments' paths start with it */
	const char *folder_unit;  /* unit of the inbox sub-folder, or NULL */
	gint64 file_time;         /* the file's mtime, or the IMAP server's INTERNALDATE */
	gboolean server_time;     /* file_time is the server's receive time (IMAP) */
	gint64 uidvalidity, uid;  /* where it is on the IMAP server, or 0 */
	const char *meta_key;     /* a store state value set in the same transaction (the */
	const char *meta_value;   /* mailbox's last UID), or NULL */
	gint64 full_size;         /* set when the bytes given are only the header of a message
	                             of this size, over MAILIN_MAX_BYTES, that is not opened */
	gboolean archive;         /* the bytes are a zip archive from the inbox, not a message:
	                             its files are the "attachments" (source "folder", received
	                             at file_time, no sender, no receipt) */
} MailSource;

/* What became of a message. */
typedef struct {
	gint64 id;                /* its row (MessageRow id) */
	gboolean known;           /* taken before (id is that message): nothing new recorded */
	guint parts;              /* submissions recorded */
	guint duplicates;         /* of which the same bytes had already been received */
	gboolean refused;         /* archive: not unpacked (hostile, broken, nested, empty);
	                             nothing recorded, the caller takes it as a plain file */
	char *refusal;            /* then why, in Vietnamese for the clerk (caller frees) */
} MailTaken;

/* Take the message whose bytes (data, len) are archived as sha256 apart and record it
 * with its attachments in one transaction, unless it was taken before: the same bytes, or
 * the same Message-ID with the same attachments (headers rewritten by a server or a mail
 * program). Then only src->meta_key is set, and taken->known says so. A message over MAILIN_MAX_BYTES
 * is given by its header only (src->full_size says its size) and recorded with a
 * finding, without attachments. FALSE with error only when the run cannot go on
 * (archive or store). */
gboolean ingest_message(const Config *cfg, Store *st, const Rules *rules,
                        const WorkerLimits *limits, const char *sha256, const guint8 *data,
                        gsize len, const MailSource *src, MailTaken *taken, GError **error);

#endif
