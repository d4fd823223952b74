/*
 * fuzz_imap.c - libFuzzer target: any bytes as what an IMAP server says after the login
 * (imap_parse.h), read from memory by the commands imap_fetch() sends, in its order:
 * CAPABILITY, SELECT, the marking of a message a stopped fetch left unmarked, the
 * listing, then for each message listed its body (or its header alone when the listing
 * says it is over the cap) and its marking, and LOGOUT. The first byte chooses how the
 * fetch goes: bit 0 moves the messages instead of marking them \Seen, bit 1 makes 2 the
 * last UID taken before, bit 2 leaves UID 1 unmarked, bits 3-5 the size of the pieces the
 * bytes come in. What comes out must hold: a UIDVALIDITY and UIDs from 1 to 2^32 - 1,
 * listed in increasing order above the last UID, each once; a body within its cap; a
 * failure with an IMAP error whose message is valid UTF-8.
 */
#include <stdint.h>
#include <string.h>
#include "imap_parse.h"
#include "mailin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	const guint8 *data;
	gsize len, off, piece;
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
	return TRUE;
}

/* A failed command: an IMAP error with a message that can be shown. */
static void failed(GError *err)
{
	if (!err || err->domain != IMAP_ERROR || !g_utf8_validate(err->message, -1, NULL))
		__builtin_trap();
	g_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const gsize pieces[] = { 65536, 1, 3, 7, 16, 100, 1000, 4096 };
	if (size < 1)
		return 0;
	guint opts = data[0];
	const char *move_to = opts & 1 ? "Da-xu-ly" : NULL;
	gint64 last = opts & 2 ? 2 : 0;
	Memory m = { data + 1, size - 1, 0, pieces[(opts >> 3) & 7] };
	ImapWire wire = { mem_recv, mem_send, &m };
	ImapConn *c = imap_conn_new(&wire, "imap://127.0.0.1:143/INBOX");
	GError *err = NULL;
	gint64 uidvalidity = -1;
	if (!imap_conn_capability(c, &err) || !imap_conn_select(c, "INBOX", &uidvalidity, &err) ||
	    ((opts & 4) && !imap_conn_mark(c, 1, move_to, &err))) {
		failed(err);
		imap_conn_free(c);
		return 0;
	}
	if (uidvalidity < 1 || uidvalidity > IMAP_MAX_UID)
		__builtin_trap();
	GArray *listed = imap_conn_list(c, last, &err);
	if (!listed) {
		failed(err);
		imap_conn_free(c);
		return 0;
	}
	if (listed->len > IMAP_MAX_LISTED)
		__builtin_trap();
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < listed->len; i++) {
		const ImapListed *l = &g_array_index(listed, ImapListed, i);
		if (l->uid <= last || l->uid > IMAP_MAX_UID || l->size < -1 ||
		    (i && l->uid <= g_array_index(listed, ImapListed, i - 1).uid))
			__builtin_trap();
		gboolean header = l->size > (gint64)MAILIN_MAX_BYTES;
		GBytes *body = NULL;
		ok = imap_conn_body(c, l->uid, header, &body, &err);
		if (!ok) {
			if (body)
				__builtin_trap();
			failed(err);
			break;
		}
		if (body && g_bytes_get_size(body) > (header ? (gsize)IMAP_LINE_CAP : MAILIN_MAX_BYTES))
			__builtin_trap();
		if (body && !header) {
			ok = imap_conn_mark(c, l->uid, move_to, &err);
			if (!ok)
				failed(err);
		}
		if (body)
			g_bytes_unref(body);
	}
	if (ok)
		imap_conn_logout(c);
	g_array_unref(listed);
	imap_conn_free(c);
	return 0;
}
