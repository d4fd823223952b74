/*
 * imap_parse.h - the IMAP commands imap_fetch() sends after the login and the reading of
 * the server's answers to them, over any connection: curl's in production (imap.c), a
 * buffer in memory in the unit tests (tests/unit/test_imap.c) and the fuzz target
 * (tests/fuzz/fuzz_imap.c). The rest of the pipeline calls imap_fetch() (imap.h) only.
 *
 * Everything the server says is untrusted. A line is at most IMAP_LINE_CAP bytes; a
 * literal ("{N}" and N bytes) at most the cap of its command, and so are all the
 * literals of one response together, of which there are at most IMAP_MAX_LITERALS; a
 * UID or UIDVALIDITY is a number from 1 to 2^32 - 1 (RFC 3501 nz-number), anything else
 * is not one; a listing names at most IMAP_MAX_LISTED messages.
 */
#ifndef BAOCAO_IMAP_PARSE_H
#define BAOCAO_IMAP_PARSE_H

#include <glib.h>
#include "imap.h"

#define IMAP_LINE_CAP      (1024 * 1024)  /* a line of the server; a header fetched alone */
#define IMAP_MAX_LITERALS  1000u          /* literals in one response */
#define IMAP_MAX_LISTED    1000000u       /* messages in one listing */
#define IMAP_MAX_UID       G_MAXUINT32    /* the largest UID, UIDVALIDITY */

/* The connection as the commands see it; both functions get io as their first argument.
 * recv waits for the server's next bytes and puts between 1 and cap of them into buf:
 *   it returns how many (never more than cap), 0 when the server has closed the
 *   connection and nothing more will come, or -1 with error set (a silence, a broken
 *   connection: the message says so and names the server). It does not block forever.
 * send writes all len bytes of data and returns TRUE, or FALSE with error set. */
typedef struct {
	gssize (*recv)(gpointer io, guint8 *buf, gsize cap, GError **error);
	gboolean (*send)(gpointer io, const char *data, gsize len, GError **error);
	gpointer io;
} ImapWire;

/* A session on a server after the login. */
typedef struct ImapConn ImapConn;

/* A message named by the listing. */
typedef struct {
	gint64 uid;        /* 1 to IMAP_MAX_UID */
	gint64 size;       /* its RFC822.SIZE, or -1 when the server did not say */
	gint64 internal;   /* its INTERNALDATE in Unix seconds, or 0 when not given or not valid */
} ImapListed;

/* A session over wire (copied; wire->io must outlive it). where names the server in
 * messages ("imap://host:port/FOLDER"). Nothing is sent or read yet. */
ImapConn *imap_conn_new(const ImapWire *wire, const char *where);
void imap_conn_free(ImapConn *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ImapConn, imap_conn_free)

/* Each of these sends one command (tagged b0001, b0002, ... in the session's order) and
 * reads the server's responses up to its tagged one; untagged ones a command does not
 * expect are passed over. Each fails with IMAP_ERROR, IMAP_ERR_SERVER when the server
 * answers NO or BAD ("the mail server URL refused VERB: NO text", its text made valid
 * UTF-8, at most 300 bytes), says BYE, asks for a continuation, sends a line, a literal
 * or a response over its cap, or closes the connection; and with the wire's own error. */

/* CAPABILITY: whether the server can MOVE and has UIDPLUS, for imap_conn_mark(). */
gboolean imap_conn_capability(ImapConn *c, GError **error);

/* SELECT folder (printable ASCII, quoted here): its UIDVALIDITY into *uidvalidity. An
 * error too when the server does not give one ("* OK [UIDVALIDITY n]"). */
gboolean imap_conn_select(ImapConn *c, const char *folder, gint64 *uidvalidity,
                          GError **error);

/* UID FETCH last+1:* (UID RFC822.SIZE INTERNALDATE): the messages whose UID is above last
 * (a new GArray of ImapListed in increasing UID order, each UID once), or NULL with
 * error. A last outside 0..IMAP_MAX_UID is taken as 0; at IMAP_MAX_UID nothing is asked. */
GArray *imap_conn_list(ImapConn *c, gint64 last, GError **error);

/* UID FETCH uid (UID BODY.PEEK[]), or with header_only (UID BODY.PEEK[HEADER]): the
 * message's bytes, which the server does not mark \Seen, into *out: at most
 * MAILIN_MAX_BYTES (IMAP_LINE_CAP for a header), or NULL when the server sent none (the
 * message is gone). FALSE with error, *out NULL. */
gboolean imap_conn_body(ImapConn *c, gint64 uid, gboolean header_only, GBytes **out,
                        GError **error);

/* The message is done: \Seen, or with move_to moved to that folder (UID MOVE; without
 * MOVE, copied, flagged \Seen \Deleted and, with UIDPLUS, expunged alone). */
gboolean imap_conn_mark(ImapConn *c, gint64 uid, const char *move_to, GError **error);

/* LOGOUT, its answer read; errors are of no consequence and not returned. */
void imap_conn_logout(ImapConn *c);

#endif
