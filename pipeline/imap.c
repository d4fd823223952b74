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
 * a line at 1 MB, a literal at the message cap, a silence at 60 seconds.
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
#include "ingest_mail.h"
#include "mail.h"
#include "mailin.h"

G_DEFINE_QUARK(baocao-imap-error-quark, imap_error)

#define IMAP_TIMEOUT_MS  60000
#define IMAP_LINE_CAP    (1024 * 1024)

typedef struct {
	CURL *curl;
	curl_socket_t sock;
	GByteArray *in;      /* received, not yet consumed */
	guint tag;
	char *where;         /* "imap://host:port/FOLDER", for messages */
	gboolean has_move, has_uidplus;
} Imap;

/* One response: its text (literals stay as "{N}" in it) and each literal's bytes. */
typedef struct {
	GString *text;
	GPtrArray *lits;     /* GBytes* */
} Resp;

typedef void (*Untagged)(Imap *c, const Resp *r, gpointer user);

static void imap_close(Imap *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	if (c->in)
		g_byte_array_unref(c->in);
	g_free(c->where);
	memset(c, 0, sizeof *c);
}

/* More bytes from the server into c->in. */
static gboolean fill(Imap *c, GError **error)
{
	for (;;) {
		guint8 buf[65536];
		size_t n = 0;
		CURLcode rc = curl_easy_recv(c->curl, buf, sizeof buf, &n);
		if (rc == CURLE_OK && n > 0) {
			g_byte_array_append(c->in, buf, n);
			return TRUE;
		}
		if (rc == CURLE_OK || (rc != CURLE_AGAIN)) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s closed the connection%s%s", c->where,
			            rc == CURLE_OK ? "" : ": ", rc == CURLE_OK ? "" : curl_easy_strerror(rc));
			return FALSE;
		}
		struct pollfd p = { .fd = c->sock, .events = POLLIN };
		int r = poll(&p, 1, IMAP_TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s did not answer for %d s", c->where,
			            IMAP_TIMEOUT_MS / 1000);
			return FALSE;
		}
	}
}

/* One line (without its CRLF) appended to out. */
static gboolean read_line(Imap *c, GString *out, GError **error)
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

/* The size of the literal announced at the end of line ("... {123}"), or -1. */
static gint64 literal_at_end(const GString *line, gsize from)
{
	const char *s = line->str + from, *end = line->str + line->len;
	if (end - s < 3 || end[-1] != '}')
		return -1;
	const char *open = end - 2;
	while (open > s && *open != '{')
		open--;
	if (*open != '{')
		return -1;
	char *stop = NULL;
	gint64 n = g_ascii_strtoll(open + 1, &stop, 10);
	if (stop == open + 1 || (*stop != '}' && !(*stop == '+' && stop[1] == '}')) || n < 0)
		return -1;
	return n;
}

/* One response: a line and the literals it announces, each at most lit_cap bytes. */
static gboolean read_response(Imap *c, Resp *r, gsize lit_cap, GError **error)
{
	g_string_truncate(r->text, 0);
	g_ptr_array_set_size(r->lits, 0);
	for (;;) {
		gsize from = r->text->len;
		if (!read_line(c, r->text, error))
			return FALSE;
		gint64 n = literal_at_end(r->text, from);
		if (n < 0)
			return TRUE;
		if ((guint64)n > lit_cap) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s sent %" G_GINT64_FORMAT " bytes at once, over the "
			            "cap of %" G_GSIZE_FORMAT, c->where, n, lit_cap);
			return FALSE;
		}
		while (c->in->len < (guint64)n)
			if (!fill(c, error))
				return FALSE;
		g_ptr_array_add(r->lits, g_bytes_new(c->in->data, n));
		g_byte_array_remove_range(c->in, 0, n);
		if (r->text->len > IMAP_LINE_CAP) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s sent a response over %u bytes", c->where,
			            IMAP_LINE_CAP);
			return FALSE;
		}
	}
}

static gboolean send_all(Imap *c, const char *data, gsize len, GError **error)
{
	for (gsize off = 0; off < len;) {
		size_t n = 0;
		CURLcode rc = curl_easy_send(c->curl, data + off, len - off, &n);
		if (rc == CURLE_OK) {
			off += n;
			continue;
		}
		if (rc != CURLE_AGAIN) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "cannot talk to the mail server %s: %s", c->where, curl_easy_strerror(rc));
			return FALSE;
		}
		struct pollfd p = { .fd = c->sock, .events = POLLOUT };
		if (poll(&p, 1, IMAP_TIMEOUT_MS) == 0) {
			g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
			            "the mail server %s does not take what is sent", c->where);
			return FALSE;
		}
	}
	return TRUE;
}

/* Send one command and read its responses up to its tagged end; each untagged one goes
 * to each(). FALSE with error when the server refuses it or the connection fails. */
static gboolean command(Imap *c, Untagged each, gpointer user, gsize lit_cap, GError **error,
                        const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static gboolean command(Imap *c, Untagged each, gpointer user, gsize lit_cap, GError **error,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *tag = g_strdup_printf("b%04u", ++c->tag);
	g_autofree char *line = g_strdup_printf("%s %s\r\n", tag, cmd);
	if (!send_all(c, line, strlen(line), error))
		return FALSE;
	Resp r = { g_string_new(NULL), g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
	gboolean ok = FALSE;
	gsize tl = strlen(tag);
	while (read_response(c, &r, lit_cap, error)) {
		if (g_str_has_prefix(r.text->str, "* ")) {
			if (each)
				each(c, &r, user);
			continue;
		}
		if (strncmp(r.text->str, tag, tl) == 0 && r.text->str[tl] == ' ') {
			const char *status = r.text->str + tl + 1;
			ok = g_ascii_strncasecmp(status, "OK", 2) == 0;
			if (!ok) {
				g_autofree char *shown = g_utf8_make_valid(status, MIN(strlen(status), 300));
				g_autofree char *verb = g_strndup(cmd, strcspn(cmd, " "));
				g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
				            "the mail server %s refused %s: %s", c->where, verb, shown);
			}
			break;
		}
		/* continuation requests and anything else: not expected here */
		if (r.text->str[0] == '+') {
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

/* The number after "WORD " in text (an item of a FETCH response), or -1. */
static gint64 number_after(const char *text, const char *word)
{
	gsize n = strlen(word);
	for (const char *p = text; *p; p++)
		if ((p == text || p[-1] == ' ' || p[-1] == '(') && g_ascii_strncasecmp(p, word, n) == 0 &&
		    p[n] == ' ' && g_ascii_isdigit(p[n + 1]))
			return g_ascii_strtoll(p + n + 1, NULL, 10);
	return -1;
}

/* ------------------------------------------------------------------------------------
 * Responses
 * ---------------------------------------------------------------------------------- */

static void on_capability(Imap *c, const Resp *r, gpointer user)
{
	if (!g_str_has_prefix(r->text->str, "* CAPABILITY "))
		return;
	g_auto(GStrv) caps = g_strsplit(r->text->str + 13, " ", -1);
	for (char **p = caps; *p; p++) {
		c->has_move = c->has_move || g_ascii_strcasecmp(*p, "MOVE") == 0;
		c->has_uidplus = c->has_uidplus || g_ascii_strcasecmp(*p, "UIDPLUS") == 0;
	}
}

static void on_select(Imap *c, const Resp *r, gpointer user)
{
	gint64 *uidvalidity = user;
	const char *p = strstr(r->text->str, "[UIDVALIDITY ");
	if (p)
		*uidvalidity = g_ascii_strtoll(p + 13, NULL, 10);
}

typedef struct {
	gint64 uid, size, internal;
} Listed;

/* The INTERNALDATE of a FETCH response ("18-Oct-2025 09:30:00 +0700", RFC 3501): when
 * the server received the message. Unix seconds, or 0. */
static gint64 internal_date(const char *text)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	                                      "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *q = strstr(text, "INTERNALDATE \"");
	int d, y, h, mi, se, oh, om;
	char mon[4], sign;
	if (!q || sscanf(q + 14, "%d-%3s-%d %d:%d:%d %c%2d%2d", &d, mon, &y, &h, &mi, &se, &sign,
	                 &oh, &om) != 9 || (sign != '+' && sign != '-'))
		return 0;
	for (int m = 0; m < 12; m++)
		if (g_ascii_strcasecmp(mon, months[m]) == 0) {
			g_autoptr(GTimeZone) tz = g_time_zone_new_offset((sign == '-' ? -1 : 1) *
			                                                 (oh * 3600 + om * 60));
			g_autoptr(GDateTime) t = g_date_time_new(tz, y, m + 1, d, h, mi, se);
			return t ? g_date_time_to_unix(t) : 0;
		}
	return 0;
}

static void on_list(Imap *c, const Resp *r, gpointer user)
{
	GArray *out = user;
	if (!strstr(r->text->str, " FETCH ("))
		return;
	Listed l = { number_after(r->text->str, "UID"), number_after(r->text->str, "RFC822.SIZE"),
	             internal_date(r->text->str) };
	if (l.uid > 0)
		g_array_append_val(out, l);
}

typedef struct {
	gint64 uid;
	GBytes *body;
} Fetched;

static void on_body(Imap *c, const Resp *r, gpointer user)
{
	Fetched *f = user;
	if (!strstr(r->text->str, " FETCH (") || number_after(r->text->str, "UID") != f->uid ||
	    !r->lits->len || f->body)
		return;
	f->body = g_bytes_ref(r->lits->pdata[0]);
}

static int by_uid(gconstpointer a, gconstpointer b)
{
	gint64 x = ((const Listed *)a)->uid, y = ((const Listed *)b)->uid;
	return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------------------------
 * The fetch
 * ---------------------------------------------------------------------------------- */

/* Connect and log in. FALSE with error "cannot reach the mailbox ...". */
static gboolean imap_open(Imap *c, const char *url, const char *user, const char *password,
                          char **folder, GError **error)
{
	memset(c, 0, sizeof *c);
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
		return FALSE;
	}
	*folder = g_strdup(*name ? name : "INBOX");
	if (!folder_ok(*folder)) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_CONFIG,
		            "cannot use the mailbox '%s': name the folder in plain ASCII, as the server "
		            "lists it", url);
		return FALSE;
	}
	c->where = g_strdup(url);
	c->in = g_byte_array_new();
	c->curl = curl_easy_init();
	char err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c->curl, CURLOPT_URL, base);
	curl_easy_setopt(c->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	if (user)
		curl_easy_setopt(c->curl, CURLOPT_USERNAME, user);
	if (password)
		curl_easy_setopt(c->curl, CURLOPT_PASSWORD, password);
	CURLcode rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER, "cannot reach the mailbox %s: %s",
		            url, *err ? err : curl_easy_strerror(rc));
		return FALSE;
	}
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, NULL);
	if (curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &c->sock) != CURLE_OK ||
	    c->sock == CURL_SOCKET_BAD) {
		g_set_error(error, IMAP_ERROR, IMAP_ERR_SERVER,
		            "cannot reach the mailbox %s: no connection", url);
		return FALSE;
	}
	return command(c, on_capability, NULL, 0, error, "CAPABILITY");
}

/* Mark one message as done on the server: \Seen, or moved to the folder. */
static gboolean mark(Imap *c, gint64 uid, const char *move_to, GError **error)
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

typedef struct {
	gint64 uid;
	GBytes *header;
} FetchedHeader;

static void on_header(Imap *c, const Resp *r, gpointer user)
{
	FetchedHeader *f = user;
	if (strstr(r->text->str, " FETCH (") && number_after(r->text->str, "UID") == f->uid &&
	    r->lits->len && !f->header)
		f->header = g_bytes_ref(r->lits->pdata[0]);
}

/* A message over the cap: its header only is fetched and archived, and the message is
 * recorded with a finding (its receipt tells the sender); the body stays on the server,
 * unread, for the clerk. */
static gboolean record_too_large(App *app, Imap *c, const Listed *l, MailSource *src,
                                 MailTaken *taken, GError **error)
{
	log_msg(LOG_WARN, "message UID %" G_GINT64_FORMAT " of %s is %.1f MB, over the %u MB cap: "
	        "recorded, and left unread on the server", l->uid, src->origin,
	        l->size / 1048576.0, MAILIN_MAX_BYTES >> 20);
	FetchedHeader f = { l->uid, NULL };
	if (!command(c, on_header, &f, IMAP_LINE_CAP, error, "UID FETCH %" G_GINT64_FORMAT
	             " (UID BODY.PEEK[HEADER])", l->uid))
		return FALSE;
	gsize len = 0;
	const guint8 *data = f.header ? g_bytes_get_data(f.header, &len) : (const guint8 *)"";
	g_autofree char *sha = NULL;
	src->full_size = l->size;
	src->uid = 0;  /* nothing to mark: it stays unread */
	gboolean ok = archive_bytes(&app->cfg, data, len, &sha, error) &&
	              ingest_message(&app->cfg, app->store, app->rules, &app->limits, sha, data,
	                             len, src, taken, error);
	if (f.header)
		g_bytes_unref(f.header);
	return ok;
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
	Imap c;
	g_autofree char *folder = NULL;
	log_msg(LOG_DEBUG, "connecting to %s", cfg->imap_url);
	gint64 uidvalidity = 0;
	g_autofree char *qfolder = NULL;
	if (!imap_open(&c, cfg->imap_url, cfg->imap_user, password, &folder, error) ||
	    !command(&c, on_select, &uidvalidity, 0, error, "SELECT %s",
	             (qfolder = quoted(folder)))) {
		imap_close(&c);
		return FALSE;
	}
	/* the state: "<uidvalidity> <last uid>" for this mailbox and user */
	g_autofree char *key = g_strdup_printf("imap %s %s", cfg->imap_url, cfg->imap_user);
	g_autofree char *state = store_get_meta(app->store, key);
	gint64 known_validity = 0, last = 0;
	if (state)
		sscanf(state, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &known_validity, &last);
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
		ok = mark(&c, mu->uid, cfg->imap_move_to, error) &&
		     record_marked(app->store, mu->id, error);
		stats->marked += ok;
	}
	g_autoptr(GArray) listed = g_array_new(FALSE, FALSE, sizeof(Listed));
	ok = ok && command(&c, on_list, listed, 0, error, "UID FETCH %" G_GINT64_FORMAT
	                   ":* (UID RFC822.SIZE INTERNALDATE)", last + 1);
	g_array_sort(listed, by_uid);
	/* "n:*" always names the last message, even when its UID is below n */
	guint first = 0;
	while (first < listed->len && g_array_index(listed, Listed, first).uid <= last)
		first++;
	stats->found = ok ? listed->len - first : 0;
	if (ok && stats->found)
		log_msg(LOG_INFO, "%s: %u new message%s", cfg->imap_url, stats->found,
		        stats->found == 1 ? "" : "s");
	for (guint i = first; ok && i < listed->len; i++) {
		const Listed *l = &g_array_index(listed, Listed, i);
		progress("fetching mail", i - first + 1, stats->found);
		g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
		                                         uidvalidity, l->uid);
		MailSource src = { .origin = cfg->imap_url, .file_time = l->internal,
		                   .server_time = TRUE, .uidvalidity = uidvalidity, .uid = l->uid,
		                   .meta_key = key, .meta_value = value };
		MailTaken taken;
		if (l->size > (gint64)MAILIN_MAX_BYTES) {
			ok = record_too_large(app, &c, l, &src, &taken, error);
			stats->too_large += ok;
			continue;
		}
		Fetched f = { l->uid, NULL };
		ok = command(&c, on_body, &f, MAILIN_MAX_BYTES, error, "UID FETCH %" G_GINT64_FORMAT
		             " (UID BODY.PEEK[])", l->uid);
		if (ok && !f.body) {
			log_msg(LOG_WARN, "message UID %" G_GINT64_FORMAT " of %s is gone from the server",
			        l->uid, cfg->imap_url);
			continue;
		}
		gsize len = 0;
		const guint8 *data = ok ? g_bytes_get_data(f.body, &len) : NULL;
		g_autofree char *sha = NULL;
		ok = ok && archive_bytes(cfg, data ? data : (const guint8 *)"", len, &sha, error) &&
		     ingest_message(cfg, app->store, app->rules, &app->limits, sha, data, len, &src,
		                    &taken, error);
		if (f.body)
			g_bytes_unref(f.body);
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
		ok = mark(&c, l->uid, cfg->imap_move_to, error) &&
		     record_marked(app->store, taken.id, error);
		stats->marked += ok;
	}
	progress_end();
	if (ok)
		command(&c, NULL, NULL, 0, NULL, "LOGOUT");
	imap_close(&c);
	return ok;
}
