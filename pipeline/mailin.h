/*
 * mailin.h - stage 1 for e-mail: taking a message apart (GMime). Who sent it, when the
 * mail server received it, and every attachment as bytes under a safe display name.
 *
 * mailin_parse() is a pure function of the message's bytes (no store, no files, no
 * clock), so it runs in a child process (ingest_mail.c), in the unit tests and under the
 * fuzzer alike. It never fails: what it cannot take is left out with a finding in
 * Vietnamese saying what and why, for the clerk and for the receipt to the sender.
 *
 * What is an attachment: every leaf part with a file name, or with
 * "Content-Disposition: attachment", or that is not text, whatever its disposition
 * (attachment or inline), including the parts of forwarded messages (message/rfc822)
 * and the documents inside a zip attachment. Not attachments: the text and HTML bodies,
 * signatures (S/MIME, OpenPGP), and the images an HTML body shows (image parts with a
 * Content-ID inside multipart/related, unless marked as attachments).
 */
#ifndef BAOCAO_MAILIN_H
#define BAOCAO_MAILIN_H

#include <glib.h>
#include "record.h"

#define MAILIN_MAX_BYTES   (160u * 1024 * 1024) /* a message taken apart; larger ones are kept, not opened */
#define MAILIN_MAX_PARTS   200u   /* leaf parts and zip members looked at in one message */
#define MAILIN_MAX_DEPTH   12u    /* multiparts and forwarded messages inside each other */

typedef struct {
	char *name;          /* display name: NFC, no folder, no control characters, never empty */
	char *where;         /* its place in the message: "bao-cao.docx", "ho-so.zip/bao-cao.docx",
	                        "thư chuyển tiếp/bao-cao.docx" */
	char *content_type;  /* "application/pdf" as declared, lower case */
	GBytes *data;        /* the decoded bytes (at most READ_MAX_FILE_BYTES) */
} MailPart;

typedef struct {
	char *from_addr;     /* bare address of From:, lower case, or NULL */
	char *from_name;     /* its display name, decoded, or NULL */
	char *subject;       /* decoded encoded word by encoded word, NFC, or NULL */
	char *message_id;    /* without <>, or NULL */
	char *reply_refs;    /* References for a reply: "<a> <b> <this message>", or NULL */
	gint64 date;         /* Date:, unix seconds, 0 when absent or unreadable */
	gint64 received;     /* the date after the last ';' of the topmost Received:, or 0 */
	gboolean auto_sent;  /* an automatic message (Auto-Submitted, Precedence bulk, list,
	                        mailer-daemon): nothing must be sent back to it */
	guint bodies;        /* text parts that were the message's body, not attachments */
	GPtrArray *parts;    /* MailPart*, in the order of the message */
	Record *notes;       /* findings only: what could not be taken, and why */
	gboolean refused;    /* mailin_parse_archive: the archive is not unpacked at all
	                        (notes say why) and must be read as the file it is */
} MailMessage;

/* Take apart the message in data. Never NULL; free with mail_message_free(). */
MailMessage *mailin_parse(const guint8 *data, gsize len);
/* The files of a zip archive dropped in the inbox (name: its inbox name), as the parts of
 * a message without headers, under the same caps as a zip attachment. Stricter than a
 * zip attachment: a member with an unsafe name or a link, an encrypted member, one over a
 * cap, more than MAILIN_MAX_PARTS members or an archive inside the archive refuse the
 * whole archive (refused, no parts), which is then quarantined as one file with the
 * reader's reason. Folders and junk (__MACOSX/, Thumbs.db, .DS_Store) are skipped. */
MailMessage *mailin_parse_archive(const guint8 *data, gsize len, const char *name);
void mail_message_free(MailMessage *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MailMessage, mail_message_free)

/* A header value with RFC 2047 encoded words decoded one by one (GMime 3.2.13 loses text
 * when several base64 words follow each other, its bug #133), unfolded, valid UTF-8 in
 * NFC. NULL for NULL. */
char *mailin_decode_header(const char *raw);

typedef struct {
	gsize offset, length;
} MailSpan;

/* The messages of an mbox file: a GArray of MailSpan, each message's bytes without its
 * "From " separator line. A file that does not start with "From " is one message. */
GArray *mailin_mbox_split(const guint8 *data, gsize len);

/* TRUE when the bytes are an mbox file (they start with a "From " separator line). */
gboolean mailin_is_mbox(const guint8 *data, gsize len);

#endif
