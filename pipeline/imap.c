/*
 * imap.c - fetching reports from an IMAP mailbox (see imap.h).
 *
 * libcurl makes the connection: TCP, TLS for imaps:// (STARTTLS when an imap:// server
 * offers it), the greeting and the login with whatever SASL mechanism the server
 * prefers. The few commands after the login are sent here over that connection
 * (CURLOPT_CONNECT_ONLY, curl_easy_send/recv), because the libcurl of Debian 12 (7.88)
 * fetches a message only with "UID FETCH n BODY[]", which marks it \Seen on the server
 * the moment it is read, before anything is safe; and it cannot hand back a custom
 * command's literal. Here a message is read with BODY.PEEK[], and \Seen (or the move)
 * comes only after the store has committed it. Every answer of the server is bounded:
 * a line at 1 MB, a literal at the message cap (all the literals of one response
 * together too), a UID at 2^32 - 1, a listing at a million messages, a silence at 60
 * seconds (imap_parse.h).
 *
 * The commands and the reading of their answers see the connection only as an ImapWire
 * (imap_parse.h): curl's here, a buffer in memory in the unit tests and the fuzz target.
 *
 * The mailbox's UIDVALIDITY and the last UID taken are a state value of the store,
 * written in the same transaction as the message, so a message is fetched again only
 * when it was not committed.
 */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include "archive.h"
#include "common.h"
#include "imap.h"
#include "imap_parse.h"
#include "ingest_mail.h"
#include "mail.h"
#include "mailin.h"

G_DEFINE_QUARK(baocao-imap-error-quark, imap_error)

#define IMAP_TIMEOUT_MS  60000

struct ImapConn {
	ImapWire wire;
	GByteArray *in;      /* received, not yet consumed */
	guint tag;
	char *where;         /* "imap://host:port/FOLDER", for messages */
	gboolean has_move, has_uidplus;
};

/* One response: its text (literals stay as "{N}" in it) and each literal's bytes. */
typedef struct {
	GString *text;
	GPtrArray *lits;     /* GBytes* */
} Resp;

/* An untagged response to a command; FALSE with error stops the command. */
typedef gboolean (*Untagged)(ImapConn *c, const Resp *r, gpointer user, GError **error);

ImapConn *imap_conn_new(const ImapWire *wire, const char *where)
{
	ImapConn *c = g_new0(ImapConn, 1);
	c->wire = *wire;
	c->in = g_byte_array_new();
	c->where = g_strdup(where);
	return c;
}

void imap_conn_free(ImapConn *c)
{
	if (!c)
		return;
	g_byte_array_unref(c->in);
	g_free(c->where);
	g_free(c);
}

/* More bytes from the server into c->in. */
static gboolean fill(ImapConn *c, GError **error)
{
	guint8 buf[65536];
	gssize n = c->wire.recv(c->wire.io, buf, sizeof buf, error);
	if (n < 0)
		return FALSE;
	if (n == 0) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
		            "the mail server %s closed the connection", c->where);
		return FALSE;
	}
	g_byte_array_append(c->in, buf, MIN((gsize)n, sizeof buf));
	return TRUE;
}

/* One line (without its CRLF) appended to out. */
static gboolean read_line(ImapConn *c, GString *out, GError **error)
{
	gsize scanned = 0;
	for (;;) {
		guint8 *nl = c->in->len > scanned ? memchr(c->in->data + scanned, '\n',
		                                           c->in->len - scanned) : NULL;
		if (nl) {
			gsize n = nl - c->in->data;
			gsize keep = n && c->in->data[n - 1] == '\r' ? n - 1 : n;
			g_string_append_len(out, (const char *)c->in->data, keep);
			g_byte_array_remove_range(c->in, 0, n + 1);
			return TRUE;
		}
		scanned = c->in->len;
		if (c->in->len > IMAP_LINE_CAP) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s sent a line over %u bytes", c->where, IMAP_LINE_CAP);
			return FALSE;
		}
		if (!fill(c, error))
			return FALSE;
	}
}

/* Whether the line, from from on, ends with the announce of a literal: "{N}" (RFC 3501;
 * "{N+}" is taken too), N only digits. Its size into *n, G_MAXUINT64 when the digits do
 * not fit in 64 bits; the digits themselves into *digits, *ndigits. */
static gboolean literal_at_end(const GString *line, gsize from, guint64 *n,
                               const char **digits, int *ndigits)
{
	const char *s = line->str + from, *end = line->str + line->len;
	if (end - s < 3 || end[-1] != '}')
		return FALSE;
	const char *last = end[-2] == '+' ? end - 2 : end - 1, *p = last;
	while (p > s && g_ascii_isdigit(p[-1]))
		p--;
	if (p == last || p == s || p[-1] != '{')
		return FALSE;
	guint64 v = 0;
	for (const char *q = p; q < last; q++) {
		guint d = *q - '0';
		v = v > (G_MAXUINT64 - d) / 10 ? G_MAXUINT64 : v * 10 + d;
	}
	*n = v;
	*digits = p;
	*ndigits = (int)MIN(last - p, 40);
	return TRUE;
}

/* One response: a line and the literals it announces, at most lit_cap bytes together. */
static gboolean read_response(ImapConn *c, Resp *r, gsize lit_cap, GError **error)
{
	g_string_truncate(r->text, 0);
	g_ptr_array_set_size(r->lits, 0);
	gsize total = 0;
	for (;;) {
		gsize from = r->text->len;
		if (!read_line(c, r->text, error))
			return FALSE;
		guint64 n;
		const char *digits;
		int nd;
		if (!literal_at_end(r->text, from, &n, &digits, &nd))
			return TRUE;
		if (n > lit_cap - total) {
			if (total)
				g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
				            "the mail server %s sent literals of more than %" G_GSIZE_FORMAT
				            " bytes in one response", c->where, lit_cap);
			else
				g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
				            "the mail server %s sent %.*s bytes at once, over the cap of %"
				            G_GSIZE_FORMAT, c->where, nd, digits, lit_cap);
			return FALSE;
		}
		if (r->lits->len >= IMAP_MAX_LITERALS) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s sent more than %u literals in one response",
			            c->where, IMAP_MAX_LITERALS);
			return FALSE;
		}
		while (c->in->len < n)
			if (!fill(c, error))
				return FALSE;
		g_ptr_array_add(r->lits, g_bytes_new(c->in->data, n));
		g_byte_array_remove_range(c->in, 0, n);
		total += n;
		if (r->text->len > IMAP_LINE_CAP) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s sent a response over %u bytes", c->where,
			            IMAP_LINE_CAP);
			return FALSE;
		}
	}
}

/* Send one command and read its responses up to its tagged end; each untagged one goes
 * to each(). FALSE with error when the server refuses it or the connection fails. */
static gboolean command(ImapConn *c, Untagged each, gpointer user, gsize lit_cap,
                        GError **error, const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static gboolean command(ImapConn *c, Untagged each, gpointer user, gsize lit_cap,
                        GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *tag = g_strdup_printf("b%04u", ++c->tag);
	g_autofree char *line = g_strdup_printf("%s %s\r\n", tag, cmd);
	if (!c->wire.send(c->wire.io, line, strlen(line), error))
		return FALSE;
	Resp r = { g_string_new(NULL), g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
	gboolean ok = FALSE;
	gsize tl = strlen(tag);
	gboolean logout = strcmp(cmd, "LOGOUT") == 0;
	while (read_response(c, &r, lit_cap, error)) {
		const char *t = r.text->str;
		if (g_str_has_prefix(t, "* ")) {
			/* BYE: the server is closing the connection (expected only for LOGOUT) */
			if (!logout && g_ascii_strncasecmp(t + 2, "BYE", 3) == 0 &&
			    (t[5] == ' ' || t[5] == '\0')) {
				g_autofree char *shown = g_utf8_make_valid(t + 2, MIN(strlen(t + 2), 300));
				g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
				            "the mail server %s closed the connection: %s", c->where, shown);
				break;
			}
			if (each && !each(c, &r, user, error))
				break;
			continue;
		}
		if (strncmp(t, tag, tl) == 0 && t[tl] == ' ') {
			const char *status = t + tl + 1;
			ok = g_ascii_strncasecmp(status, "OK", 2) == 0 &&
			     (status[2] == ' ' || status[2] == '\0');
			if (!ok) {
				g_autofree char *shown = g_utf8_make_valid(status, MIN(strlen(status), 300));
				/* "SELECT", "UID FETCH" */
				gsize vl = strcspn(cmd, " ");
				if (vl == 3 && g_ascii_strncasecmp(cmd, "UID ", 4) == 0)
					vl += 1 + strcspn(cmd + 4, " ");
				g_autofree char *verb = g_strndup(cmd, vl);
				g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
				            "the mail server %s refused %s: %s", c->where, verb, shown);
			}
			break;
		}
		/* continuation requests and anything else: not expected here */
		if (t[0] == '+') {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s asked for more than was sent", c->where);
			break;
		}
	}
	g_string_free(r.text, TRUE);
	g_ptr_array_unref(r.lits);
	return ok;
}

/* "INBOX" as an IMAP quoted string. */
static char *quoted(const char *s)
{
	GString *q = g_string_new("\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(q, '\\');
		g_string_append_c(q, *s);
	}
	g_string_append_c(q, '"');
	return g_string_free(q, FALSE);
}

/* A folder name the server can be given as a quoted string: printable ASCII (a name
 * with other characters would need modified UTF-7, RFC 3501 5.1.3). */
static gboolean folder_ok(const char *s)
{
	if (!*s)
		return FALSE;
	for (; *s; s++)
		if ((guchar)*s < 0x20 || (guchar)*s >= 0x7f)
			return FALSE;
	return TRUE;
}

/* The decimal number at p: only digits, ended by anything but a letter or a digit, at
 * most max (at most G_MAXINT64); else -1. */
static gint64 number_at(const char *p, guint64 max)
{
	if (!g_ascii_isdigit(*p))
		return -1;
	guint64 v = 0;
	for (; g_ascii_isdigit(*p); p++) {
		guint d = *p - '0';
		if (max < d || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	return g_ascii_isalnum(*p) ? -1 : (gint64)v;
}

/* The number after "WORD " in text (an item of a FETCH response), at most max, or -1. */
static gint64 number_after(const char *text, const char *word, guint64 max)
{
	gsize n = strlen(word);
	for (const char *p = text; *p; p++)
		if ((p == text || p[-1] == ' ' || p[-1] == '(') && g_ascii_strncasecmp(p, word, n) == 0 &&
		    p[n] == ' ' && g_ascii_isdigit(p[n + 1]))
			return number_at(p + n + 1, max);
	return -1;
}

/* n digits at p, or -1. */
static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!g_ascii_isdigit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* ------------------------------------------------------------------------------------
 * Responses
 * ---------------------------------------------------------------------------------- */

static gboolean on_capability(ImapConn *c, const Resp *r, gpointer user, GError **error)
{
	if (!g_str_has_prefix(r->text->str, "* CAPABILITY "))
		return TRUE;
	g_auto(GStrv) caps = g_strsplit(r->text->str + 13, " ", -1);
	for (char **p = caps; *p; p++) {
		c->has_move = c->has_move || g_ascii_strcasecmp(*p, "MOVE") == 0;
		c->has_uidplus = c->has_uidplus || g_ascii_strcasecmp(*p, "UIDPLUS") == 0;
	}
	return TRUE;
}

static gboolean on_select(ImapConn *c, const Resp *r, gpointer user, GError **error)
{
	gint64 *uidvalidity = user;
	const char *t = r->text->str;
	if (g_ascii_strncasecmp(t, "* OK [UIDVALIDITY ", 18) == 0) {
		gint64 v = number_at(t + 18, IMAP_MAX_UID);
		*uidvalidity = v > 0 ? v : 0;
	}
	return TRUE;
}

/* The INTERNALDATE of a FETCH response ("18-Oct-2025 09:30:00 +0700", RFC 3501, the day
 * maybe " 5"): when the server received the message. Unix seconds, or 0. */
static gint64 internal_date(const char *text)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	                                      "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *q = strstr(text, "INTERNALDATE \"");
	if (!q)
		return 0;
	q += 14;
	/* each part is checked before the next is looked at: nothing is read past the end */
	int d = q[0] == ' ' ? digits(q + 1, 1) : digits(q, 2);
	if (d < 0 || q[2] != '-')
		return 0;
	int m = -1;
	for (int i = 0; i < 12; i++)
		if (g_ascii_strncasecmp(q + 3, months[i], 3) == 0)
			m = i;
	if (m < 0 || q[6] != '-')
		return 0;
	int y = digits(q + 7, 4);
	if (y < 0 || q[11] != ' ')
		return 0;
	int h = digits(q + 12, 2);
	if (h < 0 || q[14] != ':')
		return 0;
	int mi = digits(q + 15, 2);
	if (mi < 0 || q[17] != ':')
		return 0;
	int se = digits(q + 18, 2);
	if (se < 0 || q[20] != ' ' || (q[21] != '+' && q[21] != '-'))
		return 0;
	int oh = digits(q + 22, 2);
	int om = oh < 0 ? -1 : digits(q + 24, 2);
	if (om < 0 || oh > 23 || om > 59)
		return 0;
	g_autoptr(GTimeZone) tz = g_time_zone_new_offset((q[21] == '-' ? -1 : 1) *
	                                                 (oh * 3600 + om * 60));
	/* g_date_time_new() refuses a date that does not exist */
	g_autoptr(GDateTime) t = g_date_time_new(tz, y, m + 1, d, h, mi, se);
	return t ? g_date_time_to_unix(t) : 0;
}

static gboolean on_list(ImapConn *c, const Resp *r, gpointer user, GError **error)
{
	GArray *out = user;
	if (!strstr(r->text->str, " FETCH ("))
		return TRUE;
	ImapListed l = { number_after(r->text->str, "UID", IMAP_MAX_UID),
	                 number_after(r->text->str, "RFC822.SIZE", G_MAXINT64),
	                 internal_date(r->text->str) };
	if (l.uid <= 0)
		return TRUE;
	if (out->len >= IMAP_MAX_LISTED) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
		            "the mail server %s listed more than %u messages", c->where, IMAP_MAX_LISTED);
		return FALSE;
	}
	g_array_append_val(out, l);
	return TRUE;
}

typedef struct {
	gint64 uid;
	GBytes *body;
} Fetched;

/* The first literal of the FETCH response of the message asked for. */
static gboolean on_body(ImapConn *c, const Resp *r, gpointer user, GError **error)
{
	Fetched *f = user;
	if (strstr(r->text->str, " FETCH (") &&
	    number_after(r->text->str, "UID", IMAP_MAX_UID) == f->uid && r->lits->len && !f->body)
		f->body = g_bytes_ref(r->lits->pdata[0]);
	return TRUE;
}

static int by_uid(gconstpointer a, gconstpointer b)
{
	gint64 x = ((const ImapListed *)a)->uid, y = ((const ImapListed *)b)->uid;
	return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------------------------
 * Commands
 * ---------------------------------------------------------------------------------- */

gboolean imap_conn_capability(ImapConn *c, GError **error)
{
	return command(c, on_capability, NULL, 0, error, "CAPABILITY");
}

gboolean imap_conn_select(ImapConn *c, const char *folder, gint64 *uidvalidity,
                          GError **error)
{
	*uidvalidity = 0;
	g_autofree char *q = quoted(folder);
	if (!command(c, on_select, uidvalidity, 0, error, "SELECT %s", q))
		return FALSE;
	if (*uidvalidity <= 0) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
		            "the mail server %s gave no UIDVALIDITY for the folder %s: its UIDs "
		            "cannot be trusted", c->where, q);
		return FALSE;
	}
	return TRUE;
}

GArray *imap_conn_list(ImapConn *c, gint64 last, GError **error)
{
	g_autoptr(GArray) listed = g_array_new(FALSE, FALSE, sizeof(ImapListed));
	if (last < 0 || last > IMAP_MAX_UID)
		last = 0;
	if (last == IMAP_MAX_UID)
		return g_steal_pointer(&listed);
	if (!command(c, on_list, listed, 0, error, "UID FETCH %" G_GINT64_FORMAT
	             ":* (UID RFC822.SIZE INTERNALDATE)", last + 1))
		return NULL;
	g_array_sort(listed, by_uid);
	/* "n:*" always names the last message, even when its UID is below n; a UID the
	 * server named twice is taken once */
	guint kept = 0;
	for (guint i = 0; i < listed->len; i++) {
		const ImapListed *l = &g_array_index(listed, ImapListed, i);
		if (l->uid <= last || (kept && g_array_index(listed, ImapListed, kept - 1).uid == l->uid))
			continue;
		g_array_index(listed, ImapListed, kept++) = *l;
	}
	g_array_set_size(listed, kept);
	return g_steal_pointer(&listed);
}

gboolean imap_conn_body(ImapConn *c, gint64 uid, gboolean header_only, GBytes **out,
                        GError **error)
{
	Fetched f = { uid, NULL };
	gboolean ok = header_only ?
		command(c, on_body, &f, IMAP_LINE_CAP, error, "UID FETCH %" G_GINT64_FORMAT
		        " (UID BODY.PEEK[HEADER])", uid) :
		command(c, on_body, &f, MAILIN_MAX_BYTES, error, "UID FETCH %" G_GINT64_FORMAT
		        " (UID BODY.PEEK[])", uid);
	if (!ok && f.body) {
		g_bytes_unref(f.body);
		f.body = NULL;
	}
	*out = f.body;
	return ok;
}

gboolean imap_conn_mark(ImapConn *c, gint64 uid, const char *move_to, GError **error)
{
	if (!move_to)
		return command(c, NULL, NULL, 0, error, "UID STORE %" G_GINT64_FORMAT
		               " +FLAGS.SILENT (\\Seen)", uid);
	g_autofree char *q = quoted(move_to);
	if (c->has_move)
		return command(c, NULL, NULL, 0, error, "UID MOVE %" G_GINT64_FORMAT " %s", uid, q);
	/* without MOVE: copy, flag deleted, and expunge only this message (UIDPLUS) */
	return command(c, NULL, NULL, 0, error, "UID COPY %" G_GINT64_FORMAT " %s", uid, q) &&
	       command(c, NULL, NULL, 0, error, "UID STORE %" G_GINT64_FORMAT
	               " +FLAGS.SILENT (\\Seen \\Deleted)", uid) &&
	       (!c->has_uidplus || command(c, NULL, NULL, 0, error, "UID EXPUNGE %"
	                                   G_GINT64_FORMAT, uid));
}

void imap_conn_logout(ImapConn *c)
{
	command(c, NULL, NULL, 0, NULL, "LOGOUT");
}

/* ------------------------------------------------------------------------------------
 * The connection: curl's
 * ---------------------------------------------------------------------------------- */

typedef struct {
	CURL *curl;
	curl_socket_t sock;
	const char *where;
} CurlWire;

static gssize curl_wire_recv(gpointer io, guint8 *buf, gsize cap, GError **error)
{
	CurlWire *w = io;
	for (;;) {
		size_t n = 0;
		CURLcode rc = curl_easy_recv(w->curl, buf, cap, &n);
		if (rc == CURLE_OK)
			return (gssize)MIN(n, cap);  /* 0: closed */
		if (rc != CURLE_AGAIN) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s closed the connection: %s", w->where,
			            curl_easy_strerror(rc));
			return -1;
		}
		struct pollfd p = { .fd = w->sock, .events = POLLIN };
		int r = poll(&p, 1, IMAP_TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s did not answer for %d s", w->where,
			            IMAP_TIMEOUT_MS / 1000);
			return -1;
		}
	}
}

static gboolean curl_wire_send(gpointer io, const char *data, gsize len, GError **error)
{
	CurlWire *w = io;
	for (gsize off = 0; off < len;) {
		size_t n = 0;
		CURLcode rc = curl_easy_send(w->curl, data + off, len - off, &n);
		if (rc == CURLE_OK) {
			off += n;
			continue;
		}
		if (rc != CURLE_AGAIN) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "cannot talk to the mail server %s: %s", w->where, curl_easy_strerror(rc));
			return FALSE;
		}
		struct pollfd p = { .fd = w->sock, .events = POLLOUT };
		if (poll(&p, 1, IMAP_TIMEOUT_MS) == 0) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s does not take what is sent", w->where);
			return FALSE;
		}
	}
	return TRUE;
}

/* ------------------------------------------------------------------------------------
 * The fetch
 * ---------------------------------------------------------------------------------- */

/* Connect and log in with curl (w, which the caller cleans up), then ask for the
 * server's capabilities. The session, or NULL with error "cannot reach the mailbox ...". */
static ImapConn *imap_open(CurlWire *w, const char *url, const char *user,
                           const char *password, char **folder, GError **error)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	gboolean parsed = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	                  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	                  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	                  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	if (parsed && curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK)
		path = NULL;
	g_autofree char *base = parsed ? g_strdup_printf("%s://%s:%s/", scheme, host, port) : NULL;
	const char *p = path ? path : "/";
	while (*p == '/')
		p++;
	g_autofree char *name = g_strndup(p, strcspn(p, ";/"));
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	if (!parsed) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_CONFIG,
		            "cannot reach the mailbox: '%s' is not an imap:// or imaps:// address", url);
		return NULL;
	}
	*folder = g_strdup(*name ? name : "INBOX");
	if (!folder_ok(*folder)) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_CONFIG,
		            "cannot use the mailbox '%s': name the folder in plain ASCII, as the server "
		            "lists it", url);
		return NULL;
	}
	w->where = url;
	w->curl = curl_easy_init();
	char err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(w->curl, CURLOPT_URL, base);
	curl_easy_setopt(w->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(w->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(w->curl, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(w->curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(w->curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(w->curl, CURLOPT_NOSIGNAL, 1L);
	if (user)
		curl_easy_setopt(w->curl, CURLOPT_USERNAME, user);
	if (password)
		curl_easy_setopt(w->curl, CURLOPT_PASSWORD, password);
	CURLcode rc = curl_easy_perform(w->curl);
	if (rc != CURLE_OK) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER, "cannot reach the mailbox %s: %s",
		            url, *err ? err : curl_easy_strerror(rc));
		return NULL;
	}
	curl_easy_setopt(w->curl, CURLOPT_ERRORBUFFER, NULL);
	if (curl_easy_getinfo(w->curl, CURLINFO_ACTIVESOCKET, &w->sock) != CURLE_OK ||
	    w->sock == CURL_SOCKET_BAD) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
		            "cannot reach the mailbox %s: no connection", url);
		return NULL;
	}
	ImapWire wire = { curl_wire_recv, curl_wire_send, w };
	g_autoptr(ImapConn) c = imap_conn_new(&wire, url);
	return imap_conn_capability(c, error) ? g_steal_pointer(&c) : NULL;
}

static gboolean record_marked(Store *st, gint64 id, GError **error)
{
	if (!store_begin(st, error))
		return FALSE;
	if (!store_set_message_marked(st, id, error) || !store_commit(st, error)) {
		store_rollback(st);
		return FALSE;
	}
	return TRUE;
}

/* A message over the cap: its header only is fetched and archived, and the message is
 * recorded with a finding (its receipt tells the sender); the body stays on the server,
 * unread, for the clerk. */
static gboolean record_too_large(App *app, ImapConn *c, const ImapListed *l, MailSource *src,
                                 MailTaken *taken, GError **error)
{
	log_msg(LOG_WARN, "message UID %" G_GINT64_FORMAT " of %s is %.1f MB, over the %u MB cap: "
	        "recorded, and left unread on the server", l->uid, src->origin,
	        l->size / 1048576.0, MAILIN_MAX_BYTES >> 20);
	g_autoptr(GBytes) header = NULL;
	if (!imap_conn_body(c, l->uid, TRUE, &header, error))
		return FALSE;
	gsize len = 0;
	const guint8 *data = header ? g_bytes_get_data(header, &len) : NULL;
	if (!data)
		data = (const guint8 *)"";
	g_autofree char *sha = NULL;
	src->full_size = l->size;
	src->uid = 0;  /* nothing to mark: it stays unread */
	return archive_bytes(&app->cfg, data, len, &sha, error) &&
	       ingest_message(&app->cfg, app->store, app->rules, &app->limits, sha, data, len, src,
	                      taken, error);
}

gboolean imap_fetch(App *app, ImapStats *stats, GError **error)
{
	memset(stats, 0, sizeof *stats);
	const Config *cfg = &app->cfg;
	g_autoptr(GError) perr = NULL;
	g_autofree char *password = mail_secret("BAOCAO_IMAP_PASSWORD", cfg->imap_password_file,
	                                        "IMAP", &perr);
	if (perr) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_CONFIG, "%s", perr->message);
		return FALSE;
	}
	if (!cfg->imap_user || !password) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_CONFIG,
		            "the mailbox %s needs [imap] user and a password ([imap] password-file or "
		            "BAOCAO_IMAP_PASSWORD)", cfg->imap_url);
		return FALSE;
	}
	if (g_mkdir_with_parents(cfg->archive, 0700) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create archive '%s': %s", cfg->archive, g_strerror(errno));
		return FALSE;
	}
	CurlWire w = { NULL, CURL_SOCKET_BAD, cfg->imap_url };
	g_autofree char *folder = NULL;
	log_msg(LOG_DEBUG, "connecting to %s", cfg->imap_url);
	gint64 uidvalidity = 0;
	ImapConn *c = imap_open(&w, cfg->imap_url, cfg->imap_user, password, &folder, error);
	if (!c || !imap_conn_select(c, folder, &uidvalidity, error)) {
		imap_conn_free(c);
		if (w.curl)
			curl_easy_cleanup(w.curl);
		return FALSE;
	}
	/* the state: "<uidvalidity> <last uid>" for this mailbox and user */
	g_autofree char *key = g_strdup_printf("imap %s %s", cfg->imap_url, cfg->imap_user);
	g_autofree char *state = store_get_meta(app->store, key);
	gint64 known_validity = 0, last = 0;
	if (state)
		sscanf(state, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &known_validity, &last);
	if (last < 0 || last > IMAP_MAX_UID)
		last = 0;
	if (known_validity && known_validity != uidvalidity) {
		log_msg(LOG_WARN, "the UIDVALIDITY of %s changed (%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
		        "): every message is looked at again; those already taken are recognised by "
		        "their content", cfg->imap_url, known_validity, uidvalidity);
		last = 0;
	}
	gboolean ok = TRUE;
	/* messages a stopped fetch committed but did not mark */
	g_autoptr(GArray) unmarked = store_unmarked_messages(app->store, cfg->imap_url, uidvalidity);
	for (guint i = 0; ok && i < unmarked->len; i++) {
		const MessageUid *mu = &g_array_index(unmarked, MessageUid, i);
		ok = imap_conn_mark(c, mu->uid, cfg->imap_move_to, error) &&
		     record_marked(app->store, mu->id, error);
		stats->marked += ok;
	}
	g_autoptr(GArray) listed = ok ? imap_conn_list(c, last, error) : NULL;
	ok = listed != NULL;
	stats->found = ok ? listed->len : 0;
	if (ok && stats->found)
		log_msg(LOG_INFO, "%s: %u new message%s", cfg->imap_url, stats->found,
		        stats->found == 1 ? "" : "s");
	for (guint i = 0; ok && i < listed->len; i++) {
		const ImapListed *l = &g_array_index(listed, ImapListed, i);
		progress("fetching mail", i + 1, stats->found);
		g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
		                                         uidvalidity, l->uid);
		MailSource src = { .origin = cfg->imap_url, .file_time = l->internal,
		                   .server_time = TRUE, .uidvalidity = uidvalidity, .uid = l->uid,
		                   .meta_key = key, .meta_value = value };
		MailTaken taken;
		if (l->size > (gint64)MAILIN_MAX_BYTES) {
			ok = record_too_large(app, c, l, &src, &taken, error);
			stats->too_large += ok;
			continue;
		}
		g_autoptr(GBytes) body = NULL;
		ok = imap_conn_body(c, l->uid, FALSE, &body, error);
		if (ok && !body) {
			log_msg(LOG_WARN, "message UID %" G_GINT64_FORMAT " of %s is gone from the server",
			        l->uid, cfg->imap_url);
			continue;
		}
		gsize len = 0;
		const guint8 *data = ok ? g_bytes_get_data(body, &len) : NULL;
		g_autofree char *sha = NULL;
		ok = ok && archive_bytes(cfg, data ? data : (const guint8 *)"", len, &sha, error) &&
		     ingest_message(cfg, app->store, app->rules, &app->limits, sha, data, len, &src,
		                    &taken, error);
		if (!ok)
			break;
		stats->messages += !taken.known;
		stats->known += taken.known;
		stats->parts += taken.parts;
		stats->duplicates += taken.duplicates;
		/* only now, with every part committed, may the server call it done */
		if (fault_point("message recorded, not yet marked on the server")) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "cannot mark message UID %" G_GINT64_FORMAT " on %s (injected fault)",
			            l->uid, cfg->imap_url);
			ok = FALSE;
			break;
		}
		ok = imap_conn_mark(c, l->uid, cfg->imap_move_to, error) &&
		     record_marked(app->store, taken.id, error);
		stats->marked += ok;
	}
	progress_end();
	if (ok)
		imap_conn_logout(c);
	imap_conn_free(c);
	curl_easy_cleanup(w.curl);
	return ok;
}
