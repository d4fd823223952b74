/*
 * fuzz_mail.c - libFuzzer target: any bytes as an e-mail message (mailin_parse: GMime,
 * the part walk, encoded names, zip attachments under their caps), as an mbox file
 * (mailin_mbox_split), and as a header value (mailin_decode_header). What comes out
 * must hold whatever went in: names non-empty, valid UTF-8 and never a path; no more
 * parts than the cap; sizes within it; spans inside the input.
 */
#include <stdint.h>
#include <string.h>
#include "mailin.h"
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MailMessage *m = mailin_parse(data, size);
	if (m->parts->len > MAILIN_MAX_PARTS)
		__builtin_trap();
	for (guint i = 0; i < m->parts->len; i++) {
		const MailPart *p = m->parts->pdata[i];
		if (!*p->name || !g_utf8_validate(p->name, -1, NULL) || strchr(p->name, '/') ||
		    strchr(p->name, '\\') || !g_utf8_validate(p->where, -1, NULL) ||
		    g_bytes_get_size(p->data) > READ_MAX_FILE_BYTES)
			__builtin_trap();
	}
	if ((m->subject && !g_utf8_validate(m->subject, -1, NULL)) ||
	    (m->from_addr && (strchr(m->from_addr, ' ') || !strchr(m->from_addr, '@'))))
		__builtin_trap();
	mail_message_free(m);

	GArray *spans = mailin_mbox_split(data, size);
	for (guint i = 0; i < spans->len; i++) {
		const MailSpan *s = &g_array_index(spans, MailSpan, i);
		if (s->offset > size || s->length > size - s->offset)
			__builtin_trap();
	}
	g_array_unref(spans);

	char *line = g_strndup((const char *)data, MIN(size, (size_t)2048));
	char *text = mailin_decode_header(line);
	if (!g_utf8_validate(text, -1, NULL))
		__builtin_trap();
	g_free(text);
	g_free(line);
	return 0;
}
