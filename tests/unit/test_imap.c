/*
 * test_imap.c - the IMAP commands of imap.c and the reading of the server's answers
 * (imap_parse.h), driven from memory: a Dovecot session as imap_fetch() has it (the
 * UIDVALIDITY, the listing, the bytes of each message with CRLF and "{N}" inside, the
 * marking), the commands sent, and what an untrusted server may say: a literal over the
 * cap or past 2^64, NO and BAD, BYE, a continuation request, numbers out of their range,
 * no UIDVALIDITY, a connection that ends mid-line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "imap_parse.h"
#include "mailin.h"

#define WHERE "imap://127.0.0.1:143/INBOX"

/* The server's side of a session in memory, in pieces of at most piece bytes; what the
 * client sends is kept. */
typedef struct {
	const char *data;
	gsize len, off, piece;
	GString *sent;
} Memory;

static gssize mem_recv(gpointer io, guint8 *buf, gsize cap, GError **error)
{
	Memory *m = io;
	gsize n = MIN(MIN(cap, m->piece), m->len - m->off);
	memcpy(buf, m->data + m->off, n);
	m->off += n;
	return n;
}

static gboolean mem_send(gpointer io, const char *data, gsize len, GError **error)
{
	Memory *m = io;
	g_string_append_len(m->sent, data, len);
	return TRUE;
}

static Memory memory(const char *server, gsize len, gsize piece)
{
	Memory m = { server, len, 0, piece, g_string_new(NULL) };
	return m;
}

static const char *capability =
	"* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ IDLE UIDPLUS MOVE\r\n"
	"b0001 OK Capability completed (0.001 + 0.000 secs).\r\n";

static const char *selected =
	"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
	"* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
	"* 3 EXISTS\r\n"
	"* 0 RECENT\r\n"
	"* OK [UNSEEN 1] First unseen.\r\n"
	"* OK [UIDVALIDITY 1761000123] UIDs valid\r\n"
	"* OK [UIDNEXT 8] Predicted next UID\r\n"
	"b0002 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n";

/* the first message: CRLF, a line like a tagged answer and a "{N}" inside it */
static const char msg1[] =
	"From: dangbo.stp@haiphong.example\r\nSubject: {12}\r\n\r\nK\xc3\xadnh g\xe1\xbb\xadi.\r\n"
	"b0004 OK not the end\r\n* BYE not this either\r\n";

/* The whole session of a fetch: CAPABILITY, SELECT, the listing (unsorted, a UID twice,
 * UID 2 at or below the last taken), the two messages, their marking and LOGOUT. */
static char *session(void)
{
	return g_strdup_printf(
		"* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n"
		"%s%s"
		"* 3 FETCH (UID 7 RFC822.SIZE 24 INTERNALDATE \" 5-Nov-2025 01:02:03 +0000\")\r\n"
		"* 1 FETCH (UID 2 RFC822.SIZE 10 INTERNALDATE \"17-Oct-2025 08:00:00 +0700\")\r\n"
		"* 2 FETCH (UID 4 RFC822.SIZE %zu INTERNALDATE \"18-Oct-2025 09:30:00 +0700\")\r\n"
		"* 3 FETCH (UID 7 RFC822.SIZE 24)\r\n"
		"b0003 OK Fetch completed (0.001 + 0.000 secs).\r\n"
		"* 2 FETCH (UID 4 BODY[] {%zu}\r\n%s)\r\n"
		"b0004 OK Fetch completed (0.002 + 0.000 secs).\r\n"
		"* 2 FETCH (FLAGS (\\Seen) UID 4)\r\n"
		"b0005 OK Store completed.\r\n"
		"* 3 FETCH (UID 7 FLAGS (\\Seen) BODY[] {24}\r\nSubject: b\r\n\r\nsecond\r\n\r\n)\r\n"
		"b0006 OK Fetch completed.\r\n"
		"* OK [COPYUID 1761000124 7 1] Moved UIDs.\r\n* 3 EXPUNGE\r\n"
		"b0007 OK Move completed.\r\n"
		"* BYE Logging out\r\nb0008 OK Logout completed (0.001 + 0.000 secs).\r\n",
		capability, selected, sizeof msg1 - 1, sizeof msg1 - 1, msg1);
}

static void check_session(gsize piece)
{
	g_autofree char *server = session();
	Memory m = memory(server, strlen(server), piece);
	ImapWire wire = { mem_recv, mem_send, &m };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, WHERE);
	g_autoptr(GError) err = NULL;
	gint64 uidvalidity = 0;
	assert_true(imap_conn_capability(c, &err));
	assert_true(imap_conn_select(c, "INBOX", &uidvalidity, &err));
	assert_int_equal(uidvalidity, 1761000123);
	g_autoptr(GArray) listed = imap_conn_list(c, 2, &err);
	assert_non_null(listed);
	assert_int_equal(listed->len, 2);
	const ImapListed *a = &g_array_index(listed, ImapListed, 0);
	const ImapListed *b = &g_array_index(listed, ImapListed, 1);
	assert_int_equal(a->uid, 4);
	assert_int_equal(a->size, sizeof msg1 - 1);
	assert_int_equal(a->internal, 1760754600);  /* 2025-10-18 02:30:00 UTC */
	assert_int_equal(b->uid, 7);
	assert_int_equal(b->internal, 1762304523);  /* 2025-11-05 01:02:03 UTC */

	g_autoptr(GBytes) body = NULL;
	assert_true(imap_conn_body(c, 4, FALSE, &body, &err));
	assert_non_null(body);
	gsize len = 0;
	const char *data = g_bytes_get_data(body, &len);
	assert_int_equal(len, sizeof msg1 - 1);
	assert_memory_equal(data, msg1, len);
	assert_true(imap_conn_mark(c, 4, NULL, &err));

	g_autoptr(GBytes) body2 = NULL;
	assert_true(imap_conn_body(c, 7, FALSE, &body2, &err));
	data = g_bytes_get_data(body2, &len);
	assert_int_equal(len, 24);
	assert_memory_equal(data, "Subject: b\r\n\r\nsecond\r\n\r\n", 24);
	assert_true(imap_conn_mark(c, 7, "Da-xu-ly", &err));  /* the server can MOVE */
	imap_conn_logout(c);
	assert_null(err);
	assert_int_equal(m.off, m.len);
	assert_string_equal(m.sent->str,
	                    "b0001 CAPABILITY\r\n"
	                    "b0002 SELECT \"INBOX\"\r\n"
	                    "b0003 UID FETCH 3:* (UID RFC822.SIZE INTERNALDATE)\r\n"
	                    "b0004 UID FETCH 4 (UID BODY.PEEK[])\r\n"
	                    "b0005 UID STORE 4 +FLAGS.SILENT (\\Seen)\r\n"
	                    "b0006 UID FETCH 7 (UID BODY.PEEK[])\r\n"
	                    "b0007 UID MOVE 7 \"Da-xu-ly\"\r\n"
	                    "b0008 LOGOUT\r\n");
	g_string_free(m.sent, TRUE);
}

static void test_session(void **state)
{
	check_session(65536);
}

/* the same, the bytes coming one at a time and in odd pieces */
static void test_session_in_pieces(void **state)
{
	check_session(1);
	check_session(7);
}

/* Run a session of CAPABILITY and SELECT on server, then the listing above 0 and the
 * body of UID 1; FALSE with *err at the first failure. */
static gboolean run(const char *server, gsize len, GError **err)
{
	Memory m = memory(server, len, 65536);
	ImapWire wire = { mem_recv, mem_send, &m };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, WHERE);
	gint64 uidvalidity;
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GArray) listed = NULL;
	gboolean ok = imap_conn_capability(c, err) &&
	              imap_conn_select(c, "INBOX", &uidvalidity, err) &&
	              (listed = imap_conn_list(c, 0, err)) &&
	              imap_conn_body(c, 1, FALSE, &body, err);
	g_string_free(m.sent, TRUE);
	return ok;
}

static gboolean run_text(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static GError *last_error;

/* run() on capability, selected and the rest printed from fmt; the error in last_error */
static gboolean run_text(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *rest = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *server = g_strconcat(capability, selected, rest, NULL);
	g_clear_error(&last_error);
	return run(server, strlen(server), &last_error);
}

static void assert_error(const char *part)
{
	assert_non_null(last_error);
	assert_true(g_error_matches(last_error, IMAP_ERROR, IMAP_ERR_SERVER));
	if (!strstr(last_error->message, part))
		fail_msg("'%s' not in '%s'", part, last_error->message);
}

#define LISTED "* 1 FETCH (UID 1 RFC822.SIZE 5)\r\nb0003 OK Fetch completed.\r\n"

static void test_literal_over_cap(void **state)
{
	/* refused from the announce alone: nothing is waited for or kept */
	assert_false(run_text(LISTED "* 1 FETCH (UID 1 BODY[] {%u}\r\nFrom: a\r\n",
	                      MAILIN_MAX_BYTES + 1));
	assert_error("the mail server " WHERE " sent 167772161 bytes at once, over the cap of "
	             "167772160");
	assert_false(run_text(LISTED "* 1 FETCH (UID 1 BODY[] {99999999999999999999999}\r\nx\r\n"));
	assert_error("sent 99999999999999999999999 bytes at once, over the cap");
	/* two literals within the cap each, over it together */
	assert_false(run_text(LISTED "* 1 FETCH (UID 1 BODY[] {3}\r\nabc X {%u}\r\n",
	                      MAILIN_MAX_BYTES - 2));
	assert_error("sent literals of more than 167772160 bytes in one response");
	/* the listing takes no literal at all */
	assert_false(run_text("* 1 FETCH (UID 1 INTERNALDATE {26}\r\n"
	                      "18-Oct-2025 09:30:00 +0700)\r\nb0003 OK\r\n"));
	assert_error("sent 26 bytes at once, over the cap of 0");
	/* a thousand literals in one response, and no more */
	GString *many = g_string_new(LISTED "* 1 FETCH (UID 1 BODY[] {1}\r\na");
	for (int i = 0; i < 1001; i++)
		g_string_append(many, " X {0}\r\n");
	g_string_append(many, ")\r\nb0004 OK\r\n");
	assert_false(run_text("%s", many->str));
	assert_error("more than 1000 literals in one response");
	g_string_free(many, TRUE);
	/* a header fetched alone is held to a line's cap */
	Memory m = memory("* 1 FETCH (UID 9 BODY[HEADER] {1048577}\r\n", 41, 65536);
	ImapWire wire = { mem_recv, mem_send, &m };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, WHERE);
	GBytes *header = NULL;
	g_clear_error(&last_error);
	assert_false(imap_conn_body(c, 9, TRUE, &header, &last_error));
	assert_null(header);
	assert_error("sent 1048577 bytes at once, over the cap of 1048576");
	g_string_free(m.sent, TRUE);
}

static void test_refused(void **state)
{
	g_autofree char *server = g_strconcat(capability, "b0002 NO Mailbox doesn't exist: "
	                                      "Khong-co (0.001 + 0.000 secs).\r\n", NULL);
	g_clear_error(&last_error);
	assert_false(run(server, strlen(server), &last_error));
	assert_error("the mail server " WHERE " refused SELECT: NO Mailbox doesn't exist: "
	             "Khong-co (0.001 + 0.000 secs).");
	assert_false(run_text("b0003 BAD Error in IMAP command UID FETCH: Invalid uidset\r\n"));
	assert_error("refused UID FETCH: BAD Error in IMAP command UID FETCH: Invalid uidset");
	/* OKAY is not OK; the server's text is made valid UTF-8 */
	const char *okay = "b0001 OKAY \xc3\x28 fine\r\n";
	g_clear_error(&last_error);
	assert_false(run(okay, strlen(okay), &last_error));
	assert_error("refused CAPABILITY: OKAY \xef\xbf\xbd( fine");
	assert_false(run_text("* 1 FETCH (UID 1 RFC822.SIZE 3)\r\n* BYE Server shutting down.\r\n"));
	assert_error("closed the connection: BYE Server shutting down.");
	assert_false(run_text("+ Ready for literal data\r\n"));
	assert_error("asked for more than was sent");
	assert_false(run_text(LISTED "* 1 FETCH (UID 1 BODY[] {10}\r\nFrom: a"));
	assert_error("the mail server " WHERE " closed the connection");
	assert_false(run_text(LISTED "* 1 FETCH (UID 1 BODY[] {3}\r\nabc)\r\nb0004 OK"));
	assert_error("closed the connection");
	g_clear_error(&last_error);
}

static void test_numbers(void **state)
{
	/* no UIDVALIDITY, or none in its range: the UIDs cannot be trusted */
	const char *bad[] = { "* OK [UIDNEXT 4] next\r\n", "* OK [UIDVALIDITY 0] zero\r\n",
	                      "* OK [UIDVALIDITY 4294967296] over\r\n",
	                      "* OK [UIDVALIDITY -5] negative\r\n",
	                      "* OK [UIDVALIDITY 12x] not a number\r\n",
	                      "* NO [UIDVALIDITY 12] not an OK\r\n" };
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *server = g_strconcat(capability, bad[i], "b0002 OK Select completed.\r\n",
		                                      NULL);
		g_clear_error(&last_error);
		assert_false(run(server, strlen(server), &last_error));
		assert_error("gave no UIDVALIDITY for the folder \"INBOX\"");
	}
	/* UIDs out of their range are not UIDs; sizes past 2^63 are no size */
	Memory m = memory(NULL, 0, 65536);
	g_autofree char *server = g_strconcat(
		"* 1 FETCH (UID -1 RFC822.SIZE 10)\r\n* 2 FETCH (UID 0 RFC822.SIZE 10)\r\n"
		"* 3 FETCH (UID 4294967296 RFC822.SIZE 10)\r\n"
		"* 4 FETCH (UID 99999999999999999999999 RFC822.SIZE 10)\r\n"
		"* 5 FETCH (UID 12abc RFC822.SIZE 10)\r\n"
		"* 6 FETCH (UID 4294967295 RFC822.SIZE 99999999999999999999 INTERNALDATE "
		"\"31-Feb-2025 09:30:00 +0700\")\r\n"
		"* 7 FETCH (UID 3 RFC822.SIZE -5 INTERNALDATE \"18-Oct-2025 09:30:00 +9900\")\r\n"
		"b0001 OK Fetch completed.\r\n", NULL);
	m.data = server;
	m.len = strlen(server);
	ImapWire wire = { mem_recv, mem_send, &m };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, WHERE);
	g_autoptr(GError) err = NULL;
	g_autoptr(GArray) listed = imap_conn_list(c, -7, &err);
	assert_non_null(listed);
	assert_int_equal(listed->len, 2);
	const ImapListed *a = &g_array_index(listed, ImapListed, 0);
	const ImapListed *b = &g_array_index(listed, ImapListed, 1);
	assert_int_equal(a->uid, 3);
	assert_int_equal(a->size, -1);
	assert_int_equal(a->internal, 0);
	assert_int_equal(b->uid, 4294967295);
	assert_int_equal(b->size, -1);
	assert_int_equal(b->internal, 0);
	assert_string_equal(m.sent->str, "b0001 UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE)\r\n");
	/* at the last UID there can be nothing new: nothing is asked */
	g_autoptr(GArray) none = imap_conn_list(c, 4294967295, &err);
	assert_non_null(none);
	assert_int_equal(none->len, 0);
	assert_int_equal(m.sent->len, strlen("b0001 UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE)\r\n"));
	g_string_free(m.sent, TRUE);
}

/* A message gone from the server: no bytes and no error; a message over the cap: its
 * header; a server without MOVE: copy, flag, expunge. */
static void test_gone_header_and_move(void **state)
{
	const char *server =
		"* CAPABILITY IMAP4rev1 UIDPLUS\r\nb0001 OK\r\n"
		"b0002 OK Fetch completed.\r\n"
		"* 1 FETCH (UID 9 BODY[HEADER] {14}\r\nSubject: h\r\n\r\n)\r\nb0003 OK\r\n"
		"b0004 OK [COPYUID 5 9 1] Copy completed.\r\nb0005 OK\r\nb0006 OK\r\n";
	Memory m = memory(server, strlen(server), 65536);
	ImapWire wire = { mem_recv, mem_send, &m };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, WHERE);
	g_autoptr(GError) err = NULL;
	GBytes *body = NULL;
	assert_true(imap_conn_capability(c, &err));
	assert_true(imap_conn_body(c, 8, FALSE, &body, &err));
	assert_null(body);
	assert_true(imap_conn_body(c, 9, TRUE, &body, &err));
	assert_int_equal(g_bytes_get_size(body), 14);
	g_bytes_unref(body);
	assert_true(imap_conn_mark(c, 9, "Da \"xu\" ly", &err));
	assert_string_equal(m.sent->str,
	                    "b0001 CAPABILITY\r\n"
	                    "b0002 UID FETCH 8 (UID BODY.PEEK[])\r\n"
	                    "b0003 UID FETCH 9 (UID BODY.PEEK[HEADER])\r\n"
	                    "b0004 UID COPY 9 \"Da \\\"xu\\\" ly\"\r\n"
	                    "b0005 UID STORE 9 +FLAGS.SILENT (\\Seen \\Deleted)\r\n"
	                    "b0006 UID EXPUNGE 9\r\n");
	g_string_free(m.sent, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_session_in_pieces),
		cmocka_unit_test(test_literal_over_cap),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_gone_header_and_move),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	g_clear_error(&last_error);
	return rc;
}
