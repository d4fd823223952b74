/*
 * store.h - the SQLite store, the single source of truth (the only file with SQL).
 *
 * One row per received file (a "submission"), with the values, indicators, tasks,
 * issued documents and findings read from it, and an append-only event log; one row per
 * e-mail message that brought submissions (or brought none: it still gets a receipt). Every
 * statement is prepared once from one table; every unit of work is one transaction
 * (store_begin / store_commit); the schema version is PRAGMA user_version. The file is
 * created readable by its owner only, in WAL mode.
 */
#ifndef BAOCAO_STORE_H
#define BAOCAO_STORE_H

#include <glib.h>
#include "record.h"

typedef struct Store Store;

#define STORE_ERROR (store_error_quark())
GQuark store_error_quark(void);
enum { STORE_ERR_OPEN, STORE_ERR_SQL, STORE_ERR_BUSY, STORE_ERR_FULL, STORE_ERR_VERSION };

typedef struct {
	gint64 id;
	char *sha256;
	char *file;          /* original file name */
	char *path;          /* path under the inbox it came from */
	char *source;        /* "folder" or "email" */
	gint64 received_at;  /* unix seconds */
	gint64 size;
	char *folder_unit;   /* unit code said by the inbox sub-folder, or NULL */
	char *state;         /* "received", "read", "quarantined", "duplicate", "part" */
	char *file_type;
	char *kind, *form, *unit, *period;
	char *status;        /* accepted, incomplete, superseded, duplicate, quarantined, unrecognised */
	char *timeliness;    /* on_time, late or NULL */
	int days_late;       /* -1 when no deadline applies */
	char *due_date;      /* YYYY-MM-DD or NULL */
	gint64 duplicate_of; /* 0 when none */
	gint64 superseded_by;
	gint64 message_id;   /* the message it came in (MessageRow id), 0 for a folder drop */
	gint64 part_of;      /* a workbook read as part of this cover letter's submission
	                        (state "part", nothing of its own), else 0 */
} Submission;

void submission_free(Submission *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Submission, submission_free)

/* Open (creating and migrating as needed) the store at path. NULL with error when it
 * cannot be opened, is locked by another program, or is of a newer schema. */
Store *store_open(const char *path, GError **error);
void store_close(Store *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Store, store_close)

gboolean store_begin(Store *st, GError **error);
gboolean store_commit(Store *st, GError **error);
void store_rollback(Store *st);

/* Id of the earliest non-duplicate submission with this hash, or 0. */
gint64 store_find_sha(Store *st, const char *sha256);
/* TRUE when this exact file (hash, path and mtime) was already taken in. */
gboolean store_seen_file(Store *st, const char *sha256, const char *path, gint64 received_at);

/* Insert a new submission; sets s->id. Inside a transaction. */
gboolean store_add_submission(Store *st, Submission *s, GError **error);

/* Submission by id, or NULL. */
Submission *store_get(Store *st, gint64 id);
/* Submissions in id order; period may be NULL for all. */
GPtrArray *store_list(Store *st, const char *period);
/* Ids in state "received": read but not yet processed. */
GArray *store_pending(Store *st);
/* Periods that have at least one submission, sorted. */
GPtrArray *store_periods(Store *st);

/* Replace everything read from submission id by rec (fields, indicators, tasks, issued
 * documents, findings of the read stage) and set its state, type, kind, form, unit and
 * period. Inside a transaction. */
gboolean store_save_record(Store *st, gint64 id, const char *state, const char *file_type,
                           const Record *rec, GError **error);
/* Everything read from submission id (fields, ... and all findings). */
Record *store_load_record(Store *st, gint64 id);

/* Set the outcome columns of a submission. */
gboolean store_set_outcome(Store *st, gint64 id, const char *status, const char *timeliness,
                           int days_late, const char *due_date, gint64 superseded_by,
                           GError **error);
/* Replace the findings of one stage ("ingest", "batch") of a submission. */
gboolean store_set_findings(Store *st, gint64 id, const char *stage, const Record *rec,
                            GError **error);

/* Append to the event log of a submission (0 for the run itself). */
gboolean store_event(Store *st, gint64 id, const char *event, const char *detail,
                     GError **error);
/* Events of a submission: GPtrArray of GStrv {at (ISO), event, detail}. */
GPtrArray *store_events(Store *st, gint64 id);

/* A clerk's correction of one field of a submission (cmd_set.c, cmd_assign.c). */
typedef struct {
	char *field;   /* "doc_number", "CS05.period", "task:2.2.3", "unit", "rejected", ... */
	char *value;
	char *note;
	char *who;
	gint64 at;
} Correction;

/* Record a correction (inside a transaction). The latest for a field wins. */
gboolean store_add_correction(Store *st, gint64 id, const char *field, const char *value,
                              const char *note, const char *who, GError **error);
/* The corrections of a submission, oldest first (Correction*). */
GPtrArray *store_corrections(Store *st, gint64 id);

/* Ad-hoc requests declared with `baocao request add`: rows {number, date, due, units
 * (comma-separated or ""), title}. Adding a number twice fails. */
gboolean store_add_request(Store *st, const char *number, const char *date, const char *due,
                           const char *units, const char *title, const char *who,
                           GError **error);
GPtrArray *store_requests(Store *st);

/* Reminders: TRUE when this unit was reminded of this period at this stage. */
gboolean store_reminded(Store *st, const char *unit, const char *period, const char *stage);
gboolean store_add_reminder(Store *st, const char *unit, const char *period, const char *stage,
                            const char *file, GError **error);

/* Reminders written but not yet sent: rows {file, unit}. */
GPtrArray *store_unsent_reminders(Store *st);
/* Record that the message in file was accepted by the SMTP server. */
gboolean store_mark_sent(Store *st, const char *file, const char *recipient, GError **error);

/* Record the workbook id as read into its cover letter's submission (inside a
 * transaction): state "part", part_of = cover, its own reading cleared. */
gboolean store_set_part(Store *st, gint64 id, gint64 cover, const char *file_type,
                        GError **error);
/* The workbooks read into a cover letter's submission, by id (Submission*). */
GPtrArray *store_parts(Store *st, gint64 cover);
/* Folder drops (no message) received between from and to, not duplicates, by id. */
GPtrArray *store_near(Store *st, gint64 from, gint64 to);

/* Put a read or quarantined submission back in the queue to be read again. */
gboolean store_requeue(Store *st, gint64 id, GError **error);

/* One e-mail message taken in (ingest_mail.c), or a zip archive dropped in the inbox
 * (archive set: no headers, no receipt). Its attachments or files are submissions whose
 * message_id is its id. */
typedef struct {
	gint64 id;
	char *sha256;        /* of the message's bytes, archived like any file */
	char *origin;        /* inbox path of the file it came in, or the IMAP mailbox URL */
	char *message_id;    /* Message-ID without the angle brackets, or NULL */
	char *sender;        /* bare address, lower case, or NULL */
	char *sender_name;   /* display name, or NULL */
	char *subject;       /* decoded, NFC, or NULL */
	char *refs;          /* its References (for the reply's References), or NULL */
	gint64 date;         /* its Date:, 0 when absent */
	gint64 received_at;  /* the server's receive time, else Date:, else the file's mtime */
	char *unit;          /* roster unit of the sender's mailbox, or NULL */
	gint64 uidvalidity, uid;  /* where it was on the IMAP server; 0 for a file */
	gboolean auto_reply; /* an automatic message (bounce, auto-reply, list): no receipt */
	char *receipt;       /* the receipt written (path); "" when none is due; NULL: pending */
	char *receipt_to;    /* address the receipt is to be sent to by SMTP, or NULL */
	gboolean marked;     /* IMAP: marked \Seen or moved on the server */
	gboolean archive;    /* a zip archive from the inbox, not an e-mail message */
} MessageRow;

void message_row_free(MessageRow *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MessageRow, message_row_free)

/* Insert a message; sets m->id. Inside a transaction. */
gboolean store_add_message(Store *st, MessageRow *m, GError **error);
/* Message by id, or NULL. */
MessageRow *store_get_message(Store *st, gint64 id);
/* Id of the first message with these exact bytes, or 0. */
gint64 store_find_message(Store *st, const char *sha256);
/* Ids of the messages with this Message-ID (without <>), oldest first. */
GArray *store_find_message_id(Store *st, const char *message_id);
/* Record what was wrong with a message (only rec's findings; once, inside the
 * transaction that adds it). */
gboolean store_set_message_findings(Store *st, gint64 id, const Record *rec, GError **error);
/* What was wrong with a message (a Record holding only findings). */
Record *store_message_findings(Store *st, gint64 id);
/* The submissions that came in a message, in order. */
GPtrArray *store_message_submissions(Store *st, gint64 id);
/* Ids of messages with no receipt yet, all of whose submissions have been read. */
GArray *store_pending_receipts(Store *st);
/* Record the receipt of a message: file ("" when none is due) and the address to send it
 * to (NULL: a draft for the clerk only). */
gboolean store_set_receipt(Store *st, gint64 id, const char *file, const char *send_to,
                           GError **error);
/* Receipts to send that the SMTP server has not accepted yet: rows {file, address}. */
GPtrArray *store_unsent_receipts(Store *st);

/* Ids of messages with findings whose receipt has not been sent (nobody has told the
 * sender), oldest received first. */
GArray *store_messages_to_review(Store *st);

/* IMAP: record that a message was marked (\Seen or moved) on the server. */
gboolean store_set_message_marked(Store *st, gint64 id, GError **error);
typedef struct {
	gint64 id, uid;
} MessageUid;
/* IMAP: messages of this mailbox and UIDVALIDITY committed but not yet marked on the
 * server (a run stopped in between), as MessageUid, by UID. */
GArray *store_unmarked_messages(Store *st, const char *origin, gint64 uidvalidity);

/* A value of the store's own state table (g_free), or NULL when unset. */
char *store_get_meta(Store *st, const char *key);
/* Set it; inside or outside a transaction. */
gboolean store_set_meta(Store *st, const char *key, const char *value, GError **error);

#endif
