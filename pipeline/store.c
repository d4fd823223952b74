/*
 * store.c - the SQLite store (see store.h).
 *
 * All SQL of the program is in the two tables below: the schema migrations, applied in
 * order up to SCHEMA_VERSION, and the statements, prepared once on first use. Values
 * are always bound, never pasted into SQL. A busy store (another program holding a
 * write lock) is waited for a few seconds, then reported as STORE_ERR_BUSY.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "store.h"

G_DEFINE_QUARK(baocao-store-error-quark, store_error)

#define SCHEMA_VERSION 6

static const char *const migrations[SCHEMA_VERSION] = {
	/* 1: the first schema */
	"CREATE TABLE submissions ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL, file TEXT NOT NULL, path TEXT NOT NULL,"
	"  source TEXT NOT NULL, received_at INTEGER NOT NULL, size INTEGER NOT NULL,"
	"  folder_unit TEXT, state TEXT NOT NULL, file_type TEXT,"
	"  kind TEXT, form TEXT, unit TEXT, period TEXT,"
	"  status TEXT, timeliness TEXT, days_late INTEGER, due_date TEXT,"
	"  duplicate_of INTEGER REFERENCES submissions(id),"
	"  superseded_by INTEGER REFERENCES submissions(id));"
	"CREATE INDEX submissions_sha ON submissions(sha256);"
	"CREATE INDEX submissions_state ON submissions(state);"
	"CREATE INDEX submissions_period ON submissions(period);"
	"CREATE TABLE fields (sub_id INTEGER NOT NULL REFERENCES submissions(id),"
	"  name TEXT NOT NULL, value TEXT, confidence REAL, location TEXT,"
	"  PRIMARY KEY (sub_id, name));"
	"CREATE TABLE indicators (sub_id INTEGER NOT NULL REFERENCES submissions(id),"
	"  code TEXT NOT NULL, period_value REAL, ytd_value REAL, confidence REAL,"
	"  location TEXT, PRIMARY KEY (sub_id, code));"
	"CREATE TABLE tasks (sub_id INTEGER NOT NULL REFERENCES submissions(id),"
	"  seq INTEGER NOT NULL, code TEXT, status TEXT, status_valid INTEGER,"
	"  result TEXT, confidence REAL, PRIMARY KEY (sub_id, seq));"
	"CREATE TABLE issued_documents (sub_id INTEGER NOT NULL REFERENCES submissions(id),"
	"  seq INTEGER NOT NULL, doc_number TEXT, doc_date TEXT, summary TEXT,"
	"  PRIMARY KEY (sub_id, seq));"
	"CREATE TABLE findings (sub_id INTEGER NOT NULL REFERENCES submissions(id),"
	"  seq INTEGER NOT NULL, stage TEXT NOT NULL, code TEXT NOT NULL,"
	"  severity TEXT NOT NULL, field TEXT, message TEXT NOT NULL,"
	"  PRIMARY KEY (sub_id, stage, seq));"
	"CREATE TABLE events (id INTEGER PRIMARY KEY, sub_id INTEGER NOT NULL,"
	"  at INTEGER NOT NULL, event TEXT NOT NULL, detail TEXT);"
	"CREATE INDEX events_sub ON events(sub_id);",
	/* 2: what a run still owes: "compile-needed" until the outbox is rewritten */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);",
	/* 3: the clerk's corrections, ad-hoc requests, reminders sent */
	"CREATE TABLE corrections (id INTEGER PRIMARY KEY,"
	"  sub_id INTEGER NOT NULL REFERENCES submissions(id), field TEXT NOT NULL, value TEXT,"
	"  note TEXT, who TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX corrections_sub ON corrections(sub_id);"
	"CREATE TABLE requests (number TEXT PRIMARY KEY, date TEXT NOT NULL, due TEXT NOT NULL,"
	"  units TEXT, title TEXT, who TEXT, at INTEGER);"
	"CREATE TABLE reminders (unit TEXT NOT NULL, period TEXT NOT NULL, stage TEXT NOT NULL,"
	"  at INTEGER NOT NULL, file TEXT, PRIMARY KEY (unit, period, stage));",
	/* 4: messages sent by SMTP, so that none goes twice */
	"CREATE TABLE sent_mail (file TEXT PRIMARY KEY, recipient TEXT, at INTEGER NOT NULL);",
	/* 5: reports by e-mail: the messages they came in, what was wrong with a message,
	 * and which message each submission came in */
	"CREATE TABLE messages (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, origin TEXT NOT NULL,"
	"  message_id TEXT, sender TEXT, sender_name TEXT, subject TEXT, refs TEXT, date INTEGER,"
	"  received_at INTEGER NOT NULL, unit TEXT, uidvalidity INTEGER, uid INTEGER,"
	"  auto_reply INTEGER NOT NULL DEFAULT 0, receipt TEXT, receipt_to TEXT,"
	"  marked INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);"
	"CREATE INDEX messages_sha ON messages(sha256);"
	"CREATE INDEX messages_receipt ON messages(receipt);"
	"CREATE INDEX messages_uid ON messages(origin, uidvalidity, uid);"
	"CREATE TABLE message_findings (msg_id INTEGER NOT NULL REFERENCES messages(id),"
	"  seq INTEGER NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,"
	"  PRIMARY KEY (msg_id, seq));"
	"ALTER TABLE submissions ADD COLUMN message_id INTEGER REFERENCES messages(id);"
	"CREATE INDEX submissions_message ON submissions(message_id);",
	/* 6: zip archives dropped in the inbox are recorded like messages: their files are
	 * submissions whose message_id is the archive's row */
	"ALTER TABLE messages ADD COLUMN archive INTEGER NOT NULL DEFAULT 0;"
	/* and an indicator workbook read as part of its cover letter's submission */
	"ALTER TABLE submissions ADD COLUMN part_of INTEGER REFERENCES submissions(id);"
	"CREATE INDEX submissions_part ON submissions(part_of);",
};

enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_FIND_SHA, Q_SEEN_FILE, Q_ADD_SUB, Q_GET_SUB, Q_LIST_ALL, Q_LIST_PERIOD, Q_PENDING,
	Q_PERIODS, Q_SET_READ, Q_DEL_FIELDS, Q_DEL_INDICATORS, Q_DEL_TASKS, Q_DEL_ISSUED,
	Q_DEL_FINDINGS_STAGE, Q_ADD_FIELD, Q_ADD_INDICATOR, Q_ADD_TASK, Q_ADD_ISSUED,
	Q_ADD_FINDING, Q_GET_FIELDS, Q_GET_INDICATORS, Q_GET_TASKS, Q_GET_ISSUED,
	Q_GET_FINDINGS, Q_SET_OUTCOME, Q_ADD_EVENT, Q_GET_EVENTS, Q_SET_META, Q_GET_META,
	Q_ADD_CORRECTION, Q_GET_CORRECTIONS, Q_ADD_REQUEST, Q_GET_REQUESTS, Q_REMINDED,
	Q_ADD_REMINDER, Q_REQUEUE, Q_UNSENT, Q_MARK_SENT,
	Q_ADD_MESSAGE, Q_GET_MESSAGE, Q_FIND_MESSAGE, Q_ADD_MSG_FINDING, Q_GET_MSG_FINDINGS,
	Q_LIST_MESSAGE_SUBS, Q_PENDING_RECEIPTS, Q_SET_RECEIPT, Q_UNSENT_RECEIPTS, Q_SET_MARKED,
	Q_UNMARKED, Q_MESSAGES_TO_REVIEW, Q_FIND_MESSAGE_ID, Q_SET_PART, Q_PARTS, Q_NEAR,
	Q_COUNT
};

#define SUB_COLUMNS "id, sha256, file, path, source, received_at, size, folder_unit, state," \
	" file_type, kind, form, unit, period, status, timeliness, days_late, due_date," \
	" duplicate_of, superseded_by, message_id, part_of"

#define MSG_COLUMNS "id, sha256, origin, message_id, sender, sender_name, subject, refs, date," \
	" received_at, unit, uidvalidity, uid, auto_reply, receipt, receipt_to, marked, archive"

static const char *const sql_text[Q_COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_FIND_SHA] = "SELECT id FROM submissions WHERE sha256 = ? AND duplicate_of IS NULL"
	               " ORDER BY id LIMIT 1",
	[Q_SEEN_FILE] = "SELECT 1 FROM submissions WHERE sha256 = ? AND path = ? AND received_at = ?",
	[Q_ADD_SUB] = "INSERT INTO submissions (sha256, file, path, source, received_at, size,"
	              " folder_unit, state, file_type, kind, unit, period, status, duplicate_of,"
	              " message_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[Q_GET_SUB] = "SELECT " SUB_COLUMNS " FROM submissions WHERE id = ?",
	[Q_LIST_ALL] = "SELECT " SUB_COLUMNS " FROM submissions ORDER BY id",
	[Q_LIST_PERIOD] = "SELECT " SUB_COLUMNS " FROM submissions s WHERE period = ?1"
	                  " OR (duplicate_of IS NOT NULL AND (SELECT period FROM submissions o"
	                  " WHERE o.id = s.duplicate_of) = ?1) ORDER BY id",
	[Q_PENDING] = "SELECT id FROM submissions WHERE state = 'received' ORDER BY id",
	[Q_PERIODS] = "SELECT DISTINCT period FROM submissions WHERE period IS NOT NULL ORDER BY period",
	[Q_SET_READ] = "UPDATE submissions SET state = ?, file_type = ?, kind = ?, form = ?,"
	               " unit = ?, period = ? WHERE id = ?",
	[Q_DEL_FIELDS] = "DELETE FROM fields WHERE sub_id = ?",
	[Q_DEL_INDICATORS] = "DELETE FROM indicators WHERE sub_id = ?",
	[Q_DEL_TASKS] = "DELETE FROM tasks WHERE sub_id = ?",
	[Q_DEL_ISSUED] = "DELETE FROM issued_documents WHERE sub_id = ?",
	[Q_DEL_FINDINGS_STAGE] = "DELETE FROM findings WHERE sub_id = ? AND stage = ?",
	[Q_ADD_FIELD] = "INSERT INTO fields VALUES (?,?,?,?,?)",
	[Q_ADD_INDICATOR] = "INSERT INTO indicators VALUES (?,?,?,?,?,?)",
	[Q_ADD_TASK] = "INSERT INTO tasks VALUES (?,?,?,?,?,?,?)",
	[Q_ADD_ISSUED] = "INSERT INTO issued_documents VALUES (?,?,?,?,?)",
	[Q_ADD_FINDING] = "INSERT INTO findings VALUES (?,?,?,?,?,?,?)",
	[Q_GET_FIELDS] = "SELECT name, value, confidence, location FROM fields WHERE sub_id = ?"
	                 " ORDER BY rowid",
	[Q_GET_INDICATORS] = "SELECT code, period_value, ytd_value, confidence, location"
	                     " FROM indicators WHERE sub_id = ? ORDER BY code",
	[Q_GET_TASKS] = "SELECT code, status, status_valid, result, confidence FROM tasks"
	                " WHERE sub_id = ? ORDER BY seq",
	[Q_GET_ISSUED] = "SELECT doc_number, doc_date, summary FROM issued_documents"
	                 " WHERE sub_id = ? ORDER BY seq",
	[Q_GET_FINDINGS] = "SELECT code, severity, field, message FROM findings WHERE sub_id = ?"
	                   " ORDER BY CASE stage WHEN 'read' THEN 0 WHEN 'ingest' THEN 1"
	                   " WHEN 'extract' THEN 2 ELSE 3 END, seq",
	[Q_SET_OUTCOME] = "UPDATE submissions SET status = ?, timeliness = ?, days_late = ?,"
	                  " due_date = ?, superseded_by = ? WHERE id = ?",
	[Q_ADD_EVENT] = "INSERT INTO events (sub_id, at, event, detail) VALUES (?,?,?,?)",
	[Q_GET_EVENTS] = "SELECT at, event, detail FROM events WHERE sub_id = ? ORDER BY id",
	[Q_SET_META] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
	[Q_GET_META] = "SELECT value FROM meta WHERE key = ?",
	[Q_ADD_CORRECTION] = "INSERT INTO corrections (sub_id, field, value, note, who, at)"
	                     " VALUES (?,?,?,?,?,?)",
	[Q_GET_CORRECTIONS] = "SELECT field, value, note, who, at FROM corrections"
	                      " WHERE sub_id = ? ORDER BY id",
	[Q_ADD_REQUEST] = "INSERT INTO requests VALUES (?,?,?,?,?,?,?)",
	[Q_GET_REQUESTS] = "SELECT number, date, due, units, title FROM requests ORDER BY date, number",
	[Q_REMINDED] = "SELECT 1 FROM reminders WHERE unit = ? AND period = ? AND stage = ?",
	[Q_ADD_REMINDER] = "INSERT INTO reminders VALUES (?,?,?,?,?)",
	[Q_UNSENT] = "SELECT r.file, r.unit FROM reminders r LEFT JOIN sent_mail m ON m.file = r.file"
	              " WHERE m.file IS NULL AND r.file IS NOT NULL ORDER BY r.at, r.file",
	[Q_MARK_SENT] = "INSERT OR IGNORE INTO sent_mail VALUES (?,?,?)",
	[Q_REQUEUE] = "UPDATE submissions SET state = 'received' WHERE id = ? AND state IN"
	              " ('read', 'quarantined')",
	[Q_ADD_MESSAGE] = "INSERT INTO messages (sha256, origin, message_id, sender, sender_name,"
	                  " subject, refs, date, received_at, unit, uidvalidity, uid, auto_reply, at,"
	                  " archive, receipt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[Q_GET_MESSAGE] = "SELECT " MSG_COLUMNS " FROM messages WHERE id = ?",
	[Q_FIND_MESSAGE] = "SELECT id FROM messages WHERE sha256 = ? ORDER BY id LIMIT 1",
	[Q_FIND_MESSAGE_ID] = "SELECT id FROM messages WHERE message_id = ? ORDER BY id",
	[Q_ADD_MSG_FINDING] = "INSERT INTO message_findings VALUES (?,?,?,?,?)",
	[Q_GET_MSG_FINDINGS] = "SELECT code, severity, message FROM message_findings"
	                       " WHERE msg_id = ? ORDER BY seq",
	[Q_LIST_MESSAGE_SUBS] = "SELECT " SUB_COLUMNS " FROM submissions WHERE message_id = ?"
	                        " ORDER BY id",
	[Q_PENDING_RECEIPTS] = "SELECT id FROM messages m WHERE receipt IS NULL AND NOT EXISTS"
	                       " (SELECT 1 FROM submissions s WHERE s.message_id = m.id AND"
	                       " s.state = 'received') ORDER BY id",
	[Q_SET_RECEIPT] = "UPDATE messages SET receipt = ?, receipt_to = ? WHERE id = ?",
	[Q_UNSENT_RECEIPTS] = "SELECT m.receipt, m.receipt_to FROM messages m LEFT JOIN sent_mail s"
	                      " ON s.file = m.receipt WHERE s.file IS NULL AND m.receipt_to IS NOT NULL"
	                      " AND m.receipt IS NOT NULL AND m.receipt <> '' ORDER BY m.id",
	[Q_SET_MARKED] = "UPDATE messages SET marked = 1 WHERE id = ?",
	[Q_MESSAGES_TO_REVIEW] = "SELECT DISTINCT m.id, m.received_at FROM messages m JOIN"
	                         " message_findings f ON f.msg_id = m.id LEFT JOIN sent_mail s"
	                         " ON s.file = m.receipt WHERE s.file IS NULL AND m.archive = 0"
	                         " ORDER BY m.received_at, m.id",
	[Q_SET_PART] = "UPDATE submissions SET part_of = ?, state = 'part', file_type = ?,"
	               " kind = NULL, form = NULL, unit = NULL, period = NULL, status = NULL,"
	               " timeliness = NULL, days_late = NULL, due_date = NULL WHERE id = ?",
	[Q_PARTS] = "SELECT " SUB_COLUMNS " FROM submissions WHERE part_of = ? ORDER BY id",
	[Q_NEAR] = "SELECT " SUB_COLUMNS " FROM submissions WHERE message_id IS NULL AND"
	           " received_at BETWEEN ? AND ? AND duplicate_of IS NULL ORDER BY id",
	[Q_UNMARKED] = "SELECT id, uid FROM messages WHERE origin = ? AND uidvalidity = ?"
	               " AND uid IS NOT NULL AND marked = 0 ORDER BY uid",
};

struct Store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_COUNT];
	char *path;
};

static gboolean sql_fail(Store *st, GError **error, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	int code = STORE_ERR_SQL;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		code = STORE_ERR_BUSY;
	else if ((rc & 0xff) == SQLITE_FULL)
		code = STORE_ERR_FULL;
	g_set_error(error, STORE_ERROR, code, "store '%s': %s: %s", st->path, what,
	            code == STORE_ERR_BUSY ? "locked by another program" : sqlite3_errmsg(st->db));
	return FALSE;
}

/* The prepared statement for q, reset and with bindings cleared. */
static sqlite3_stmt *q(Store *st, int which)
{
	sqlite3_stmt *s = st->stmt[which];
	if (!s) {
		int rc = sqlite3_prepare_v3(st->db, sql_text[which], -1, SQLITE_PREPARE_PERSISTENT,
		                            &st->stmt[which], NULL);
		g_assert(rc == SQLITE_OK || (g_printerr("sql: %s: %s\n", sql_text[which],
		                                        sqlite3_errmsg(st->db)), 0));
		s = st->stmt[which];
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* A bind that failed: checked by step_done(), so that a value is never stored as NULL
 * because it could not be bound. */
static int bind_failed;

/* Text is bound in place (SQLITE_STATIC): every statement is stepped and reset in the
 * function that binds it, while the caller's strings live, and binding then needs no
 * memory. A copy (SQLITE_TRANSIENT) could fail when memory runs out and leave NULL in
 * the row, silently. */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	int rc = v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
	if (rc != SQLITE_OK)
		bind_failed = rc;
}

static void bind_id(sqlite3_stmt *s, int i, gint64 v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? g_strdup((const char *)t) : NULL;
}

/* Run a statement that returns no rows. */
static gboolean step_done(Store *st, sqlite3_stmt *s, GError **error, const char *what)
{
	if (bind_failed) {
		g_set_error(error, STORE_ERROR, STORE_ERR_SQL, "%s: %s", what,
		            sqlite3_errstr(bind_failed));
		bind_failed = 0;
		sqlite3_reset(s);
		return FALSE;
	}
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sql_fail(st, error, what);
	return TRUE;
}

/* An error while opening: a store busy with another program says so plainly. */
static void open_failed(Store *st, GError **error, const char *detail)
{
	int rc = sqlite3_errcode(st->db) & 0xff;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		g_set_error(error, STORE_ERROR, STORE_ERR_BUSY,
		            "store '%s' is locked by another program; try again when it has finished",
		            st->path);
	else
		g_set_error(error, STORE_ERROR, STORE_ERR_OPEN, "cannot open store '%s': %s", st->path,
		            detail);
}

Store *store_open(const char *path, GError **error)
{
	/* create the file readable by its owner only before SQLite opens it */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		g_set_error(error, STORE_ERROR, STORE_ERR_OPEN, "cannot open store '%s': %s", path,
		            g_strerror(errno));
		return NULL;
	}
	close(fd);
	Store *st = g_new0(Store, 1);
	st->path = g_strdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		g_set_error(error, STORE_ERROR, STORE_ERR_OPEN, "cannot open store '%s': %s", path,
		            st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 5000);
	char *err = NULL;
	if (sqlite3_exec(st->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	                 " PRAGMA foreign_keys=ON;", NULL, NULL, &err) != SQLITE_OK) {
		open_failed(st, error, err);
		sqlite3_free(err);
		store_close(st);
		return NULL;
	}
	sqlite3_stmt *v;
	sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &v, NULL);
	int version = sqlite3_step(v) == SQLITE_ROW ? sqlite3_column_int(v, 0) : 0;
	sqlite3_finalize(v);
	if (version > SCHEMA_VERSION) {
		g_set_error(error, STORE_ERROR, STORE_ERR_VERSION,
		            "store '%s' has schema %d, newer than this program's %d: upgrade baocao",
		            path, version, SCHEMA_VERSION);
		store_close(st);
		return NULL;
	}
	for (int i = version; i < SCHEMA_VERSION; i++) {
		g_autofree char *sql = g_strdup_printf("BEGIN; %s PRAGMA user_version = %d; COMMIT;",
		                                       migrations[i], i + 1);
		if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
			g_autofree char *what = g_strdup_printf("cannot update it to schema %d: %s", i + 1, err);
			open_failed(st, error, what);
			sqlite3_free(err);
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			store_close(st);
			return NULL;
		}
	}
	return st;
}

void store_close(Store *st)
{
	if (!st)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db)
		sqlite3_close(st->db);
	g_free(st->path);
	g_free(st);
}

gboolean store_begin(Store *st, GError **error)
{
	return step_done(st, q(st, Q_BEGIN), error, "cannot start a transaction");
}

gboolean store_commit(Store *st, GError **error)
{
	if (fault_point("store commit")) {
		store_rollback(st);
		g_set_error(error, STORE_ERROR, STORE_ERR_FULL, "store '%s': cannot commit: %s",
		            st->path, "database or disk is full (injected fault)");
		return FALSE;
	}
	if (!step_done(st, q(st, Q_COMMIT), error, "cannot commit")) {
		store_rollback(st);
		return FALSE;
	}
	return TRUE;
}

void store_rollback(Store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64 store_find_sha(Store *st, const char *sha256)
{
	sqlite3_stmt *s = q(st, Q_FIND_SHA);
	bind_text(s, 1, sha256);
	gint64 id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

gboolean store_seen_file(Store *st, const char *sha256, const char *path, gint64 received_at)
{
	sqlite3_stmt *s = q(st, Q_SEEN_FILE);
	bind_text(s, 1, sha256);
	bind_text(s, 2, path);
	sqlite3_bind_int64(s, 3, received_at);
	gboolean seen = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return seen;
}

gboolean store_add_submission(Store *st, Submission *sub, GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_SUB);
	bind_text(s, 1, sub->sha256);
	bind_text(s, 2, sub->file);
	bind_text(s, 3, sub->path);
	bind_text(s, 4, sub->source);
	sqlite3_bind_int64(s, 5, sub->received_at);
	sqlite3_bind_int64(s, 6, sub->size);
	bind_text(s, 7, sub->folder_unit);
	bind_text(s, 8, sub->state);
	bind_text(s, 9, sub->file_type);
	bind_text(s, 10, sub->kind);
	bind_text(s, 11, sub->unit);
	bind_text(s, 12, sub->period);
	bind_text(s, 13, sub->status);
	bind_id(s, 14, sub->duplicate_of);
	bind_id(s, 15, sub->message_id);
	if (!step_done(st, s, error, "cannot record a submission"))
		return FALSE;
	sub->id = sqlite3_last_insert_rowid(st->db);
	return store_set_meta(st, "compile-needed", "1", error);
}

void submission_free(Submission *s)
{
	if (!s)
		return;
	g_free(s->sha256);
	g_free(s->file);
	g_free(s->path);
	g_free(s->source);
	g_free(s->folder_unit);
	g_free(s->state);
	g_free(s->file_type);
	g_free(s->kind);
	g_free(s->form);
	g_free(s->unit);
	g_free(s->period);
	g_free(s->status);
	g_free(s->timeliness);
	g_free(s->due_date);
	g_free(s);
}

static Submission *row_submission(sqlite3_stmt *s)
{
	Submission *sub = g_new0(Submission, 1);
	sub->id = sqlite3_column_int64(s, 0);
	sub->sha256 = col_text(s, 1);
	sub->file = col_text(s, 2);
	sub->path = col_text(s, 3);
	sub->source = col_text(s, 4);
	sub->received_at = sqlite3_column_int64(s, 5);
	sub->size = sqlite3_column_int64(s, 6);
	sub->folder_unit = col_text(s, 7);
	sub->state = col_text(s, 8);
	sub->file_type = col_text(s, 9);
	sub->kind = col_text(s, 10);
	sub->form = col_text(s, 11);
	sub->unit = col_text(s, 12);
	sub->period = col_text(s, 13);
	sub->status = col_text(s, 14);
	sub->timeliness = col_text(s, 15);
	sub->days_late = sqlite3_column_type(s, 16) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 16);
	sub->due_date = col_text(s, 17);
	sub->duplicate_of = sqlite3_column_int64(s, 18);
	sub->superseded_by = sqlite3_column_int64(s, 19);
	sub->message_id = sqlite3_column_int64(s, 20);
	sub->part_of = sqlite3_column_int64(s, 21);
	return sub;
}

Submission *store_get(Store *st, gint64 id)
{
	sqlite3_stmt *s = q(st, Q_GET_SUB);
	sqlite3_bind_int64(s, 1, id);
	Submission *sub = sqlite3_step(s) == SQLITE_ROW ? row_submission(s) : NULL;
	sqlite3_reset(s);
	return sub;
}

GPtrArray *store_list(Store *st, const char *period)
{
	sqlite3_stmt *s = q(st, period ? Q_LIST_PERIOD : Q_LIST_ALL);
	if (period)
		bind_text(s, 1, period);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)submission_free);
	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(out, row_submission(s));
	sqlite3_reset(s);
	return out;
}

GArray *store_pending(Store *st)
{
	sqlite3_stmt *s = q(st, Q_PENDING);
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	while (sqlite3_step(s) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(s, 0);
		g_array_append_val(ids, id);
	}
	sqlite3_reset(s);
	return ids;
}

GPtrArray *store_periods(Store *st)
{
	sqlite3_stmt *s = q(st, Q_PERIODS);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(out, col_text(s, 0));
	sqlite3_reset(s);
	return out;
}

static gboolean delete_for(Store *st, int which, gint64 id, GError **error)
{
	sqlite3_stmt *s = q(st, which);
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s, error, "cannot clear old values");
}

static gboolean add_findings(Store *st, gint64 id, const char *stage, const Record *rec,
                             GError **error)
{
	sqlite3_stmt *s = q(st, Q_DEL_FINDINGS_STAGE);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, stage);
	if (!step_done(st, s, error, "cannot clear old findings"))
		return FALSE;
	for (guint i = 0; rec && i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		s = q(st, Q_ADD_FINDING);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, i);
		bind_text(s, 3, stage);
		bind_text(s, 4, f->code);
		bind_text(s, 5, severity_name(f->severity));
		bind_text(s, 6, f->field);
		bind_text(s, 7, f->message);
		if (!step_done(st, s, error, "cannot record a finding"))
			return FALSE;
	}
	return TRUE;
}

gboolean store_save_record(Store *st, gint64 id, const char *state, const char *file_type,
                           const Record *rec, GError **error)
{
	if (!delete_for(st, Q_DEL_FIELDS, id, error) || !delete_for(st, Q_DEL_INDICATORS, id, error) ||
	    !delete_for(st, Q_DEL_TASKS, id, error) || !delete_for(st, Q_DEL_ISSUED, id, error))
		return FALSE;
	sqlite3_stmt *s = q(st, Q_SET_READ);
	bind_text(s, 1, state);
	bind_text(s, 2, file_type);
	bind_text(s, 3, rec->kind);
	bind_text(s, 4, rec->form);
	bind_text(s, 5, rec->unit);
	bind_text(s, 6, rec->period);
	sqlite3_bind_int64(s, 7, id);
	if (!step_done(st, s, error, "cannot update a submission") ||
	    !store_set_meta(st, "compile-needed", "1", error))
		return FALSE;
	for (guint i = 0; i < rec->fields->len; i++) {
		const Field *f = rec->fields->pdata[i];
		s = q(st, Q_ADD_FIELD);
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, f->name);
		bind_text(s, 3, f->value);
		sqlite3_bind_double(s, 4, f->confidence);
		bind_text(s, 5, f->where);
		if (!step_done(st, s, error, "cannot record a field"))
			return FALSE;
	}
	for (guint i = 0; i < rec->indicators->len; i++) {
		const IndicatorValue *v = rec->indicators->pdata[i];
		s = q(st, Q_ADD_INDICATOR);
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, v->code);
		if (v->has_period)
			sqlite3_bind_double(s, 3, v->period_value);
		if (v->has_ytd)
			sqlite3_bind_double(s, 4, v->ytd_value);
		sqlite3_bind_double(s, 5, v->confidence);
		bind_text(s, 6, v->where);
		if (!step_done(st, s, error, "cannot record an indicator"))
			return FALSE;
	}
	for (guint i = 0; i < rec->tasks->len; i++) {
		const TaskRow *t = rec->tasks->pdata[i];
		s = q(st, Q_ADD_TASK);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, i);
		bind_text(s, 3, t->code);
		bind_text(s, 4, t->status);
		sqlite3_bind_int(s, 5, t->status_valid);
		bind_text(s, 6, t->result);
		sqlite3_bind_double(s, 7, t->confidence);
		if (!step_done(st, s, error, "cannot record a task"))
			return FALSE;
	}
	for (guint i = 0; i < rec->issued->len; i++) {
		const IssuedDoc *d = rec->issued->pdata[i];
		s = q(st, Q_ADD_ISSUED);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, i);
		bind_text(s, 3, d->doc_number);
		bind_text(s, 4, d->doc_date);
		bind_text(s, 5, d->summary);
		if (!step_done(st, s, error, "cannot record an issued document"))
			return FALSE;
	}
	return add_findings(st, id, "read", rec, error);
}

gboolean store_set_findings(Store *st, gint64 id, const char *stage, const Record *rec,
                            GError **error)
{
	return add_findings(st, id, stage, rec, error);
}

Record *store_load_record(Store *st, gint64 id)
{
	Record *rec = record_new();
	Submission *sub = store_get(st, id);
	if (sub) {
		rec->kind = g_strdup(sub->kind);
		rec->form = g_strdup(sub->form);
		rec->unit = g_strdup(sub->unit);
		rec->period = g_strdup(sub->period);
		submission_free(sub);
	}
	sqlite3_stmt *s = q(st, Q_GET_FIELDS);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		record_set_field(rec, (const char *)sqlite3_column_text(s, 0),
		                 (const char *)sqlite3_column_text(s, 1), sqlite3_column_double(s, 2),
		                 (const char *)sqlite3_column_text(s, 3));
	sqlite3_reset(s);
	s = q(st, Q_GET_INDICATORS);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		IndicatorValue *v = record_indicator(rec, (const char *)sqlite3_column_text(s, 0));
		if ((v->has_period = sqlite3_column_type(s, 1) != SQLITE_NULL))
			v->period_value = sqlite3_column_double(s, 1);
		if ((v->has_ytd = sqlite3_column_type(s, 2) != SQLITE_NULL))
			v->ytd_value = sqlite3_column_double(s, 2);
		v->confidence = sqlite3_column_double(s, 3);
		v->where = col_text(s, 4);
	}
	sqlite3_reset(s);
	s = q(st, Q_GET_TASKS);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		record_add_task(rec, (const char *)sqlite3_column_text(s, 0),
		                (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 2),
		                (const char *)sqlite3_column_text(s, 3), sqlite3_column_double(s, 4));
	sqlite3_reset(s);
	s = q(st, Q_GET_ISSUED);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		record_add_issued(rec, (const char *)sqlite3_column_text(s, 0),
		                  (const char *)sqlite3_column_text(s, 1),
		                  (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	s = q(st, Q_GET_FINDINGS);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		record_add_finding(rec, (const char *)sqlite3_column_text(s, 0),
		                   severity_from_name((const char *)sqlite3_column_text(s, 1)),
		                   (const char *)sqlite3_column_text(s, 2), "%s",
		                   (const char *)sqlite3_column_text(s, 3));
	sqlite3_reset(s);
	return rec;
}

gboolean store_set_outcome(Store *st, gint64 id, const char *status, const char *timeliness,
                           int days_late, const char *due_date, gint64 superseded_by,
                           GError **error)
{
	sqlite3_stmt *s = q(st, Q_SET_OUTCOME);
	bind_text(s, 1, status);
	bind_text(s, 2, timeliness);
	if (days_late >= 0)
		sqlite3_bind_int(s, 3, days_late);
	bind_text(s, 4, due_date);
	bind_id(s, 5, superseded_by);
	sqlite3_bind_int64(s, 6, id);
	return step_done(st, s, error, "cannot update a status");
}

gboolean store_event(Store *st, gint64 id, const char *event, const char *detail,
                     GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_EVENT);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, g_get_real_time() / G_USEC_PER_SEC);
	bind_text(s, 3, event);
	bind_text(s, 4, detail);
	return step_done(st, s, error, "cannot log an event");
}

GPtrArray *store_events(Store *st, gint64 id)
{
	sqlite3_stmt *s = q(st, Q_GET_EVENTS);
	sqlite3_bind_int64(s, 1, id);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char **row = g_new0(char *, 4);
		row[0] = clock_iso(sqlite3_column_int64(s, 0));
		row[1] = col_text(s, 1);
		row[2] = col_text(s, 2);
		g_ptr_array_add(out, row);
	}
	sqlite3_reset(s);
	return out;
}

gboolean store_set_meta(Store *st, const char *key, const char *value, GError **error)
{
	sqlite3_stmt *s = q(st, Q_SET_META);
	bind_text(s, 1, key);
	bind_text(s, 2, value);
	return step_done(st, s, error, "cannot record the run's state");
}

char *store_get_meta(Store *st, const char *key)
{
	sqlite3_stmt *s = q(st, Q_GET_META);
	bind_text(s, 1, key);
	char *v = sqlite3_step(s) == SQLITE_ROW ? col_text(s, 0) : NULL;
	sqlite3_reset(s);
	return v;
}

gboolean store_add_correction(Store *st, gint64 id, const char *field, const char *value,
                              const char *note, const char *who, GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_CORRECTION);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, field);
	bind_text(s, 3, value);
	bind_text(s, 4, note);
	bind_text(s, 5, who);
	sqlite3_bind_int64(s, 6, g_get_real_time() / G_USEC_PER_SEC);
	return step_done(st, s, error, "cannot record a correction");
}

static void correction_free(Correction *c)
{
	g_free(c->field);
	g_free(c->value);
	g_free(c->note);
	g_free(c->who);
	g_free(c);
}

GPtrArray *store_corrections(Store *st, gint64 id)
{
	sqlite3_stmt *s = q(st, Q_GET_CORRECTIONS);
	sqlite3_bind_int64(s, 1, id);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)correction_free);
	while (sqlite3_step(s) == SQLITE_ROW) {
		Correction *c = g_new0(Correction, 1);
		c->field = col_text(s, 0);
		c->value = col_text(s, 1);
		c->note = col_text(s, 2);
		c->who = col_text(s, 3);
		c->at = sqlite3_column_int64(s, 4);
		g_ptr_array_add(out, c);
	}
	sqlite3_reset(s);
	return out;
}

gboolean store_add_request(Store *st, const char *number, const char *date, const char *due,
                           const char *units, const char *title, const char *who,
                           GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_REQUEST);
	bind_text(s, 1, number);
	bind_text(s, 2, date);
	bind_text(s, 3, due);
	bind_text(s, 4, units);
	bind_text(s, 5, title);
	bind_text(s, 6, who);
	sqlite3_bind_int64(s, 7, g_get_real_time() / G_USEC_PER_SEC);
	return step_done(st, s, error, "cannot record the request (is its number already declared?)");
}

GPtrArray *store_requests(Store *st)
{
	sqlite3_stmt *s = q(st, Q_GET_REQUESTS);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char **row = g_new0(char *, 6);
		for (int i = 0; i < 5; i++)
			row[i] = col_text(s, i);
		if (!row[3])
			row[3] = g_strdup("");
		if (!row[4])
			row[4] = g_strdup("");
		g_ptr_array_add(out, row);
	}
	sqlite3_reset(s);
	return out;
}

gboolean store_reminded(Store *st, const char *unit, const char *period, const char *stage)
{
	sqlite3_stmt *s = q(st, Q_REMINDED);
	bind_text(s, 1, unit);
	bind_text(s, 2, period);
	bind_text(s, 3, stage);
	gboolean yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return yes;
}

gboolean store_add_reminder(Store *st, const char *unit, const char *period, const char *stage,
                            const char *file, GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_REMINDER);
	bind_text(s, 1, unit);
	bind_text(s, 2, period);
	bind_text(s, 3, stage);
	sqlite3_bind_int64(s, 4, g_get_real_time() / G_USEC_PER_SEC);
	bind_text(s, 5, file);
	return step_done(st, s, error, "cannot record a reminder");
}

/* The first two text columns of every row of s, as NULL-terminated pairs. */
static GPtrArray *pairs_of(sqlite3_stmt *s)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char **row = g_new0(char *, 3);
		row[0] = col_text(s, 0);
		row[1] = col_text(s, 1);
		g_ptr_array_add(out, row);
	}
	sqlite3_reset(s);
	return out;
}

gboolean store_requeue(Store *st, gint64 id, GError **error)
{
	sqlite3_stmt *s = q(st, Q_REQUEUE);
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s, error, "cannot put a submission back in the queue");
}

GPtrArray *store_unsent_reminders(Store *st)
{
	return pairs_of(q(st, Q_UNSENT));
}

gboolean store_mark_sent(Store *st, const char *file, const char *recipient, GError **error)
{
	sqlite3_stmt *s = q(st, Q_MARK_SENT);
	bind_text(s, 1, file);
	bind_text(s, 2, recipient);
	sqlite3_bind_int64(s, 3, g_get_real_time() / G_USEC_PER_SEC);
	return step_done(st, s, error, "cannot record a sent message");
}

/* ------------------------------------------------------------------------------------
 * Messages: the e-mails reports came in (schema 5).
 * ---------------------------------------------------------------------------------- */

void message_row_free(MessageRow *m)
{
	if (!m)
		return;
	g_free(m->sha256);
	g_free(m->origin);
	g_free(m->message_id);
	g_free(m->sender);
	g_free(m->sender_name);
	g_free(m->subject);
	g_free(m->refs);
	g_free(m->unit);
	g_free(m->receipt);
	g_free(m->receipt_to);
	g_free(m);
}

gboolean store_add_message(Store *st, MessageRow *m, GError **error)
{
	sqlite3_stmt *s = q(st, Q_ADD_MESSAGE);
	bind_text(s, 1, m->sha256);
	bind_text(s, 2, m->origin);
	bind_text(s, 3, m->message_id);
	bind_text(s, 4, m->sender);
	bind_text(s, 5, m->sender_name);
	bind_text(s, 6, m->subject);
	bind_text(s, 7, m->refs);
	bind_id(s, 8, m->date);
	sqlite3_bind_int64(s, 9, m->received_at);
	bind_text(s, 10, m->unit);
	bind_id(s, 11, m->uidvalidity);
	bind_id(s, 12, m->uid);
	sqlite3_bind_int(s, 13, m->auto_reply ? 1 : 0);
	sqlite3_bind_int64(s, 14, g_get_real_time() / G_USEC_PER_SEC);
	sqlite3_bind_int(s, 15, m->archive ? 1 : 0);
	if (m->archive)  /* no receipt is owed for an archive: nobody to send it to */
		sqlite3_bind_text(s, 16, "", -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 16);
	if (!step_done(st, s, error, "cannot record a message"))
		return FALSE;
	m->id = sqlite3_last_insert_rowid(st->db);
	/* the receipt is written after the documents are read: the run owes a pass */
	return store_set_meta(st, "compile-needed", "1", error);
}

MessageRow *store_get_message(Store *st, gint64 id)
{
	sqlite3_stmt *s = q(st, Q_GET_MESSAGE);
	sqlite3_bind_int64(s, 1, id);
	MessageRow *m = NULL;
	if (sqlite3_step(s) == SQLITE_ROW) {
		m = g_new0(MessageRow, 1);
		m->id = sqlite3_column_int64(s, 0);
		m->sha256 = col_text(s, 1);
		m->origin = col_text(s, 2);
		m->message_id = col_text(s, 3);
		m->sender = col_text(s, 4);
		m->sender_name = col_text(s, 5);
		m->subject = col_text(s, 6);
		m->refs = col_text(s, 7);
		m->date = sqlite3_column_int64(s, 8);
		m->received_at = sqlite3_column_int64(s, 9);
		m->unit = col_text(s, 10);
		m->uidvalidity = sqlite3_column_int64(s, 11);
		m->uid = sqlite3_column_int64(s, 12);
		m->auto_reply = sqlite3_column_int(s, 13) != 0;
		m->receipt = col_text(s, 14);
		m->receipt_to = col_text(s, 15);
		m->marked = sqlite3_column_int(s, 16) != 0;
		m->archive = sqlite3_column_int(s, 17) != 0;
	}
	sqlite3_reset(s);
	return m;
}

gint64 store_find_message(Store *st, const char *sha256)
{
	sqlite3_stmt *s = q(st, Q_FIND_MESSAGE);
	bind_text(s, 1, sha256);
	gint64 id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

gboolean store_set_message_findings(Store *st, gint64 id, const Record *rec, GError **error)
{
	for (guint i = 0; rec && i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		sqlite3_stmt *s = q(st, Q_ADD_MSG_FINDING);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, i);
		bind_text(s, 3, f->code);
		bind_text(s, 4, severity_name(f->severity));
		bind_text(s, 5, f->message);
		if (!step_done(st, s, error, "cannot record a finding of a message"))
			return FALSE;
	}
	return TRUE;
}

Record *store_message_findings(Store *st, gint64 id)
{
	Record *rec = record_new();
	sqlite3_stmt *s = q(st, Q_GET_MSG_FINDINGS);
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		record_add_finding(rec, (const char *)sqlite3_column_text(s, 0),
		                   severity_from_name((const char *)sqlite3_column_text(s, 1)), NULL,
		                   "%s", (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	return rec;
}

GPtrArray *store_message_submissions(Store *st, gint64 id)
{
	sqlite3_stmt *s = q(st, Q_LIST_MESSAGE_SUBS);
	sqlite3_bind_int64(s, 1, id);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)submission_free);
	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(out, row_submission(s));
	sqlite3_reset(s);
	return out;
}

static GArray *ids_of(Store *st, sqlite3_stmt *s)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	while (sqlite3_step(s) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(s, 0);
		g_array_append_val(ids, id);
	}
	sqlite3_reset(s);
	return ids;
}

GArray *store_pending_receipts(Store *st)
{
	return ids_of(st, q(st, Q_PENDING_RECEIPTS));
}

gboolean store_set_receipt(Store *st, gint64 id, const char *file, const char *send_to,
                           GError **error)
{
	sqlite3_stmt *s = q(st, Q_SET_RECEIPT);
	bind_text(s, 1, file);
	bind_text(s, 2, send_to);
	sqlite3_bind_int64(s, 3, id);
	return step_done(st, s, error, "cannot record a receipt");
}

GPtrArray *store_unsent_receipts(Store *st)
{
	return pairs_of(q(st, Q_UNSENT_RECEIPTS));
}

gboolean store_set_message_marked(Store *st, gint64 id, GError **error)
{
	sqlite3_stmt *s = q(st, Q_SET_MARKED);
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s, error, "cannot record that a message was marked on the server");
}

GArray *store_unmarked_messages(Store *st, const char *origin, gint64 uidvalidity)
{
	sqlite3_stmt *s = q(st, Q_UNMARKED);
	bind_text(s, 1, origin);
	sqlite3_bind_int64(s, 2, uidvalidity);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(MessageUid));
	while (sqlite3_step(s) == SQLITE_ROW) {
		MessageUid row = { sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1) };
		g_array_append_val(out, row);
	}
	sqlite3_reset(s);
	return out;
}

GArray *store_messages_to_review(Store *st)
{
	return ids_of(st, q(st, Q_MESSAGES_TO_REVIEW));
}

GArray *store_find_message_id(Store *st, const char *message_id)
{
	sqlite3_stmt *s = q(st, Q_FIND_MESSAGE_ID);
	bind_text(s, 1, message_id);
	return ids_of(st, s);
}

gboolean store_set_part(Store *st, gint64 id, gint64 cover, const char *file_type,
                        GError **error)
{
	sqlite3_stmt *s = q(st, Q_SET_PART);
	sqlite3_bind_int64(s, 1, cover);
	bind_text(s, 2, file_type);
	sqlite3_bind_int64(s, 3, id);
	return step_done(st, s, error, "cannot record a workbook as part of its cover letter");
}

static GPtrArray *list_by(Store *st, int which, gint64 a, gint64 b, int n)
{
	sqlite3_stmt *s = q(st, which);
	sqlite3_bind_int64(s, 1, a);
	if (n > 1)
		sqlite3_bind_int64(s, 2, b);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)submission_free);
	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(out, row_submission(s));
	sqlite3_reset(s);
	return out;
}

GPtrArray *store_parts(Store *st, gint64 cover)
{
	return list_by(st, Q_PARTS, cover, 0, 1);
}

GPtrArray *store_near(Store *st, gint64 from, gint64 to)
{
	return list_by(st, Q_NEAR, from, to, 2);
}
