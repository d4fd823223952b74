/*
 * mailin.c - taking an e-mail message apart (see mailin.h).
 *
 * GMime parses the MIME structure; this file walks it and decides what is a document.
 * Two bugs of GMime 3.2.13 (Debian 12) are worked around here rather than trusted:
 * several base64 encoded words in a row lose all but the first (#133), so headers and
 * RFC 2047 file names are decoded word by word; and a base64 body in '='-terminated
 * chunks is cut at the first '=' (#150), so base64 parts are decoded again with GLib and
 * the longer result kept. Zip attachments are opened with libzip under the same caps as
 * Office packages (read.h): counts, sizes and ratios checked before and while inflating,
 * names with ".." or absolute paths refused one by one, nothing ever written to disk.
 */
#include <string.h>
#include <sys/stat.h>
#include <zip.h>
#include <gmime/gmime.h>
#include "common.h"
#include "mailin.h"
#include "read.h"

/* GMime once, before any of its functions. */
static void mailin_init(void)
{
	static gsize initialised;
	if (g_once_init_enter(&initialised)) {
		g_mime_init();
		g_once_init_leave(&initialised, 1);
	}
}

/* ------------------------------------------------------------------------------------
 * Header text
 * ---------------------------------------------------------------------------------- */

/* The next RFC 2047 encoded word ("=?charset?B|Q?text?=") at or after p: its start, and
 * its end in *end; NULL when there is none. */
static const char *next_encoded_word(const char *p, const char **end)
{
	for (const char *s = strstr(p, "=?"); s; s = strstr(s + 1, "=?")) {
		const char *q = s + 2, *cs = q;
		while (*q && *q != '?' && !g_ascii_isspace(*q))
			q++;
		if (*q != '?' || q == cs || q - cs > 64)
			continue;
		q++;
		if (!strchr("BbQq", *q) || !*q || q[1] != '?')
			continue;
		q += 2;
		const char *text = q;
		while (*q && !(q[0] == '?' && q[1] == '=') && !g_ascii_isspace(*q))
			q++;
		if (q[0] != '?' || q[1] != '=' || q == text)
			continue;
		*end = q + 2;
		return s;
	}
	return NULL;
}

static gboolean all_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!g_ascii_isspace(*p))
			return FALSE;
	return TRUE;
}

/* Text outside encoded words: kept when it is UTF-8, else converted by GMime's fallback
 * charsets. */
static void append_plain(GString *out, const char *p, gsize n)
{
	g_autofree char *seg = g_strndup(p, n);
	if (g_utf8_validate(seg, -1, NULL)) {
		g_string_append(out, seg);
		return;
	}
	g_autofree char *conv = g_mime_utils_header_decode_text(NULL, seg);
	g_string_append(out, conv ? conv : seg);
}

char *mailin_decode_header(const char *raw)
{
	if (!raw)
		return NULL;
	mailin_init();
	GString *out = g_string_new(NULL);
	const char *p = raw, *end = NULL;
	gboolean after_word = FALSE;
	while (*p) {
		const char *w = next_encoded_word(p, &end);
		const char *stop = w ? w : p + strlen(p);
		/* white space between two encoded words is not part of the text (RFC 2047 6.2) */
		if (stop > p && !(after_word && w && all_blank(p, stop)))
			append_plain(out, p, stop - p);
		if (!w)
			break;
		g_autofree char *word = g_strndup(w, end - w);
		g_autofree char *dec = g_mime_utils_header_decode_text(NULL, word);
		g_string_append(out, dec ? dec : word);
		after_word = TRUE;
		p = end;
	}
	/* unfold: control characters and runs of white space become one space */
	GString *flat = g_string_new(NULL);
	for (gsize i = 0; i < out->len; i++) {
		char c = out->str[i];
		gboolean space = (guchar)c < 0x20 || c == 0x7f || c == ' ';
		if (!space)
			g_string_append_c(flat, c);
		else if (flat->len && flat->str[flat->len - 1] != ' ')
			g_string_append_c(flat, ' ');
	}
	g_string_free(out, TRUE);
	g_autofree char *valid = g_utf8_make_valid(g_strstrip(flat->str), -1);
	g_string_free(flat, TRUE);
	char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	return nfc ? nfc : g_strdup(valid);
}

/* Raw (undecoded) value of header name of obj, or NULL. */
static const char *raw_header(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h = hl ? g_mime_header_list_get_header(hl, name) : NULL;
	return h ? g_mime_header_get_raw_value(h) : NULL;
}

/* The value of parameter `name` (not its RFC 2231 "name*" forms) in a raw structured
 * header ("attachment; filename=\"x\""), unquoted, or NULL. */
static char *raw_param(const char *raw, const char *name)
{
	if (!raw)
		return NULL;
	gsize nlen = strlen(name);
	const char *p = raw;
	gboolean in_quote = FALSE;
	/* skip the type or disposition token */
	for (; *p && (in_quote || *p != ';'); p++)
		if (*p == '"')
			in_quote = !in_quote;
	while (*p == ';') {
		p++;
		while (g_ascii_isspace(*p))
			p++;
		const char *attr = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		const char *attr_end = p;
		while (attr_end > attr && g_ascii_isspace(attr_end[-1]))
			attr_end--;
		gboolean match = (gsize)(attr_end - attr) == nlen &&
		                 g_ascii_strncasecmp(attr, name, nlen) == 0;
		if (*p != '=')
			continue;
		p++;
		while (g_ascii_isspace(*p))
			p++;
		GString *v = g_string_new(NULL);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				g_string_append_c(v, *p);
			}
			if (*p == '"')
				p++;
			while (*p && *p != ';')
				p++;
		} else {
			while (*p && *p != ';')
				g_string_append_c(v, *p++);
			g_strchomp(v->str);
			v->len = strlen(v->str);
		}
		if (match)
			return g_string_free(v, FALSE);
		g_string_free(v, TRUE);
	}
	return NULL;
}

/* A date within reason (1990 to 2200), as unix seconds, or 0. */
static gint64 sane_time(GDateTime *t)
{
	if (!t)
		return 0;
	int y = g_date_time_get_year(t);
	return y >= 1990 && y <= 2200 ? g_date_time_to_unix(t) : 0;
}

/* The time the topmost Received: header gives (after its last ';'), or 0. */
static gint64 received_time(GMimeObject *msg)
{
	const char *raw = raw_header(msg, "Received");
	const char *semi = raw ? strrchr(raw, ';') : NULL;
	if (!semi)
		return 0;
	g_autofree char *text = g_strstrip(g_strdup(semi + 1));
	g_autoptr(GDateTime) t = g_mime_utils_header_decode_date(text);
	return sane_time(t);
}

/* "<a> <b>" tokens of a References / In-Reply-To value. */
static void add_msg_ids(GPtrArray *ids, const char *raw)
{
	for (const char *p = raw ? strchr(raw, '<') : NULL; p; p = strchr(p, '<')) {
		const char *e = strchr(p, '>');
		if (!e)
			break;
		gboolean clean = e - p > 2 && e - p < 250;
		for (const char *c = p + 1; clean && c < e; c++)
			if ((guchar)*c <= ' ' || (guchar)*c >= 0x7f || *c == '<')
				clean = FALSE;
		if (clean)
			g_ptr_array_add(ids, g_strndup(p, e - p + 1));
		p = e + 1;
	}
}

static void read_headers(MailMessage *m, GMimeMessage *msg)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	InternetAddressList *from = g_mime_message_get_from(msg);
	for (int i = 0; from && i < internet_address_list_length(from); i++) {
		InternetAddress *a = internet_address_list_get_address(from, i);
		if (!INTERNET_ADDRESS_IS_MAILBOX(a))
			continue;
		const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
		gboolean clean = addr && strchr(addr, '@') && strlen(addr) < 250;
		for (const char *c = addr; clean && *c; c++)
			if ((guchar)*c <= ' ' || (guchar)*c >= 0x7f || strchr("<>\"(),;:\\[]", *c))
				clean = FALSE;
		if (clean) {
			m->from_addr = g_ascii_strdown(addr, -1);
			break;
		}
	}
	/* the display name from the raw header: GMime's own decoding loses words (#133) */
	g_autofree char *from_text = mailin_decode_header(raw_header(obj, "From"));
	if (from_text && m->from_addr) {
		char *lt = strrchr(from_text, '<');
		if (lt) {
			*lt = '\0';
			g_strstrip(from_text);
			gsize n = strlen(from_text);
			if (n >= 2 && from_text[0] == '"' && from_text[n - 1] == '"') {
				from_text[n - 1] = '\0';
				memmove(from_text, from_text + 1, n - 1);
			}
			if (*from_text)
				m->from_name = g_strdup(from_text);
		}
	}
	m->subject = mailin_decode_header(raw_header(obj, "Subject"));
	const char *mid = g_mime_message_get_message_id(msg);
	if (mid && *mid && strlen(mid) < 500) {
		g_autofree char *v = g_utf8_make_valid(mid, -1);
		g_strdelimit(v, "<> \t\r\n", '_');
		m->message_id = g_steal_pointer(&v);
	}
	g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
	add_msg_ids(ids, raw_header(obj, "References"));
	if (!ids->len)
		add_msg_ids(ids, raw_header(obj, "In-Reply-To"));
	if (m->message_id)
		g_ptr_array_add(ids, g_strdup_printf("<%s>", m->message_id));
	if (ids->len) {
		GString *r = g_string_new(NULL);
		for (guint i = ids->len > 10 ? ids->len - 10 : 0; i < ids->len; i++)
			g_string_append_printf(r, "%s%s", r->len ? " " : "", (char *)ids->pdata[i]);
		m->reply_refs = g_string_free(r, FALSE);
	}
	m->date = sane_time(g_mime_message_get_date(msg));
	m->received = received_time(obj);

	const char *auto_sub = g_mime_object_get_header(obj, "Auto-Submitted");
	const char *prec = g_mime_object_get_header(obj, "Precedence");
	const char *rpath = g_mime_object_get_header(obj, "Return-Path");
	while (auto_sub && g_ascii_isspace(*auto_sub))
		auto_sub++;
	m->auto_sent = (auto_sub && g_ascii_strncasecmp(auto_sub, "no", 2) != 0) ||
	               (prec && (strstr(prec, "bulk") || strstr(prec, "junk") || strstr(prec, "list"))) ||
	               g_mime_object_get_header(obj, "List-Id") ||
	               g_mime_object_get_header(obj, "X-Autoreply") ||
	               g_mime_object_get_header(obj, "X-Autorespond") ||
	               (rpath && strstr(rpath, "<>")) ||
	               (m->from_addr && (g_str_has_prefix(m->from_addr, "mailer-daemon@") ||
	                                 g_str_has_prefix(m->from_addr, "postmaster@")));
}

/* ------------------------------------------------------------------------------------
 * Parts
 * ---------------------------------------------------------------------------------- */

typedef struct {
	MailMessage *m;
	guint seen;          /* leaf parts and zip members looked at */
	gboolean capped;     /* MAILIN_MAX_PARTS reached (finding given) */
	gboolean too_deep;   /* MAILIN_MAX_DEPTH reached (finding given) */
	guint unnamed;       /* names given to parts that had none */
	GString *malformed;  /* what GMime's parser found wrong, for one finding */
	gboolean whole;      /* an archive from the inbox: anything skipped refuses it all */
} Walk;

/* One more part to look at; FALSE (and a finding, once) past the cap. */
static gboolean count_part(Walk *w)
{
	if (w->seen < MAILIN_MAX_PARTS) {
		w->seen++;
		return TRUE;
	}
	w->m->refused |= w->whole;
	if (!w->capped) {
		w->capped = TRUE;
		record_add_finding(w->m->notes, "mail-too-many-parts", SEV_WARNING, NULL,
		                   "Thư có quá nhiều phần (hơn %u phần); chỉ %u phần đầu được xem xét, "
		                   "các tệp đính kèm sau đó không được tiếp nhận. Đề nghị gửi các tệp "
		                   "còn lại trong một thư khác.", MAILIN_MAX_PARTS, MAILIN_MAX_PARTS);
	}
	return FALSE;
}

static char *human_size(guint64 n)
{
	return n >= 1024 * 1024 ? g_strdup_printf("%.1f MB", n / 1048576.0)
	                        : g_strdup_printf("%.1f KB", n / 1024.0);
}

/* An extension for a part that came without a name. */
static const char *extension_for(const char *type)
{
	static const struct { const char *type, *ext; } map[] = {
		{ "application/pdf", ".pdf" },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx" },
		{ "application/msword", ".doc" },
		{ "application/vnd.oasis.opendocument.text", ".odt" },
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx" },
		{ "application/zip", ".zip" },
		{ "image/jpeg", ".jpg" },
		{ "image/png", ".png" },
		{ "image/tiff", ".tif" },
		{ "message/rfc822", ".eml" },
		{ "text/plain", ".txt" },
		{ "text/html", ".html" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(map); i++)
		if (g_ascii_strcasecmp(type, map[i].type) == 0)
			return map[i].ext;
	return "";
}

/* A display name from what the sender wrote: NFC, no control characters, at most 200
 * characters; or "tep-dinh-kem-N.ext". A name that is a Windows path (old mail programs
 * send "C:\Documents\x.docx") keeps its last component; a '/' left in it (document numbers
 * such as "12-KH/ĐU" are written so) becomes '_', so that no name looks like a path. */
static char *safe_name(Walk *w, const char *given, const char *type)
{
	if (given) {
		const char *base = given;
		for (const char *c = given; *c; c++)
			if (*c == '\\')
				base = c + 1;
		g_autofree char *shown = display_name(base);
		g_strdelimit(shown, "/", '_');
		g_strstrip(shown);
		if (g_utf8_strlen(shown, -1) > 200)
			*g_utf8_offset_to_pointer(shown, 200) = '\0';
		if (*shown && strcmp(shown, ".") != 0 && strcmp(shown, "..") != 0)
			return g_steal_pointer(&shown);
	}
	return g_strdup_printf("tep-dinh-kem-%u%s", ++w->unnamed, extension_for(type));
}

/* The file name of a part: RFC 2231 and plain names as GMime decodes them, RFC 2047
 * names decoded again word by word. NULL when it has none. */
static char *part_filename(GMimeObject *obj)
{
	static const char *const where[][2] = {
		{ "Content-Disposition", "filename" }, { "Content-Type", "name" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(where); i++) {
		g_autofree char *raw = raw_param(raw_header(obj, where[i][0]), where[i][1]);
		if (raw && strstr(raw, "=?"))
			return mailin_decode_header(raw);
	}
	const char *name = GMIME_IS_PART(obj) ? g_mime_part_get_filename(GMIME_PART(obj)) : NULL;
	if (!name || !*name)
		name = g_mime_object_get_content_disposition_parameter(obj, "filename");
	if (!name || !*name)
		name = g_mime_object_get_content_type_parameter(obj, "name");
	return name && *name ? g_strdup(name) : NULL;
}

static void add_part(Walk *w, const char *name, const char *where, const char *type,
                     GBytes *data)
{
	MailPart *p = g_new0(MailPart, 1);
	p->name = g_strdup(name);
	p->where = g_strdup(where);
	g_autofree char *valid = g_utf8_make_valid(type, -1);
	p->content_type = g_ascii_strdown(valid, -1);
	p->data = g_bytes_ref(data);
	g_ptr_array_add(w->m->parts, p);
}

static void part_free(MailPart *p)
{
	g_free(p->name);
	g_free(p->where);
	g_free(p->content_type);
	g_bytes_unref(p->data);
	g_free(p);
}

/* A zip member name that would leave the folder it is unpacked in. */
static gboolean unsafe_member(const char *name)
{
	if (name[0] == '/' || name[0] == '\\' || (g_ascii_isalpha(name[0]) && name[1] == ':'))
		return TRUE;
	g_auto(GStrv) parts = g_strsplit_set(name, "/\\", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0)
			return TRUE;
	return FALSE;
}

/* Members of junk no one sends on purpose (macOS resource forks, Windows thumbnails). */
static gboolean junk_member(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return g_str_has_prefix(name, "__MACOSX/") || strstr(name, "/__MACOSX/") != NULL ||
	       g_str_has_prefix(base, "._") || strcmp(base, ".DS_Store") == 0 ||
	       g_ascii_strcasecmp(base, "Thumbs.db") == 0 || g_ascii_strcasecmp(base, "desktop.ini") == 0;
}

/* The documents inside a zip attachment. FALSE when it is no zip libzip can open: the
 * caller then takes the attachment itself, and the reader says what is wrong with it. */
static gboolean take_zip(Walk *w, const char *zname, const char *where, GBytes *bytes)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
	zip_error_fini(&zerr);
	if (!za) {
		if (src)
			zip_source_free(src);
		return FALSE;
	}
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n < 0 || (guint64)n > READ_MAX_ZIP_ENTRIES) {
		record_add_finding(w->m->notes, "mail-zip-bomb", SEV_WARNING, NULL,
		                   "Tệp nén \"%s\" có quá nhiều tệp (%" G_GINT64_FORMAT "); tệp nén "
		                   "không được giải nén.", zname, (gint64)n);
		w->m->refused |= w->whole;
		zip_close(za);
		return TRUE;
	}
	guint64 total = 0;
	for (zip_int64_t i = 0; i < n && !w->m->refused; i++) {
		const char *raw = zip_get_name(za, i, ZIP_FL_ENC_GUESS);
		if (!raw)
			continue;
		g_autofree char *mname = display_name(raw);
		gsize ml = strlen(mname);
		if (ml == 0 || mname[ml - 1] == '/' || junk_member(mname))
			continue;  /* folders, and files nobody sent on purpose */
		if (!count_part(w))
			break;
		zip_uint8_t opsys;
		zip_uint32_t attr;
		gboolean link = zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0 &&
		                opsys == ZIP_OPSYS_UNIX && S_ISLNK(attr >> 16);
		if (unsafe_member(mname) || link) {
			record_add_finding(w->m->notes, "mail-zip-unsafe", SEV_WARNING, NULL,
			                   "Tệp nén \"%s\" chứa tên tệp không an toàn \"%s\" (%s)%s",
			                   zname, mname, link ? "liên kết tượng trưng"
			                                      : "đường dẫn ra ngoài thư mục giải nén",
			                   w->whole ? "." : "; tệp này bị bỏ qua, các tệp khác trong tệp "
			                                    "nén vẫn được tiếp nhận.");
			w->m->refused |= w->whole;
			continue;
		}
		zip_stat_t zs;
		zip_stat_init(&zs);
		if (zip_stat_index(za, i, 0, &zs) != 0)
			continue;
		if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
			record_add_finding(w->m->notes, "mail-zip-encrypted", SEV_WARNING, NULL,
			                   "Tệp \"%s\" trong tệp nén \"%s\" được đặt mật khẩu nên không mở "
			                   "được; đề nghị gửi bản không đặt mật khẩu.", mname, zname);
			w->m->refused |= w->whole;
			continue;
		}
		guint64 declared = (zs.valid & ZIP_STAT_SIZE) ? zs.size : 0;
		guint64 packed = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
		const char *why = NULL;
		if (declared > READ_MAX_FILE_BYTES)
			why = "quá dung lượng cho phép";
		else if (total + declared > READ_MAX_TOTAL_BYTES)
			why = "tổng dung lượng giải nén quá lớn";
		else if (declared > 1024 * 1024 && declared / MAX(packed, 1) > READ_MAX_RATIO)
			why = "tỷ lệ nén bất thường";
		GByteArray *buf = NULL;
		if (!why) {
			zip_file_t *zf = zip_fopen_index(za, i, 0);
			buf = g_byte_array_new();
			guint8 chunk[65536];
			zip_int64_t got = 0;
			/* the declared size is not trusted: the real bytes count against the caps */
			while (zf && (got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
				if (buf->len + (guint64)got > READ_MAX_FILE_BYTES ||
				    total + buf->len + (guint64)got > READ_MAX_TOTAL_BYTES) {
					why = "quá dung lượng cho phép";
					break;
				}
				g_byte_array_append(buf, chunk, got);
			}
			if (!why && (!zf || got < 0))
				why = "tệp bị hỏng, không giải nén được";
			if (zf)
				zip_fclose(zf);
		}
		if (why) {
			record_add_finding(w->m->notes, "mail-zip-bomb", SEV_WARNING, NULL,
			                   "Tệp \"%s\" trong tệp nén \"%s\" không được tiếp nhận (%s).",
			                   mname, zname, why);
			w->m->refused |= w->whole;
			if (buf)
				g_byte_array_unref(buf);
			continue;
		}
		total += buf->len;
		g_autoptr(GBytes) member = g_byte_array_free_to_bytes(buf);
		if (w->whole && read_sniff(g_bytes_get_data(member, NULL), g_bytes_get_size(member),
		                           mname) == FT_ZIP) {
			/* an archive in an archive is how recursive bombs are built; a folder
			 * zipped by a clerk has none */
			record_add_finding(w->m->notes, "zip-nested", SEV_WARNING, NULL,
			                   "Tệp nén \"%s\" chứa một tệp nén khác (\"%s\"); tệp nén lồng "
			                   "nhau không được giải nén.", zname, mname);
			w->m->refused = TRUE;
			continue;
		}
		const char *slash = strrchr(mname, '/');
		g_autofree char *name = safe_name(w, slash ? slash + 1 : mname, "");
		g_autofree char *mwhere = *where ? g_strconcat(where, "/", mname, NULL) : g_strdup(mname);
		add_part(w, name, mwhere, "application/octet-stream", member);
	}
	zip_close(za);
	return TRUE;
}

/* The decoded content of a leaf part; *damaged when its base64 had foreign bytes. */
static GBytes *part_content(GMimePart *part, gboolean *damaged)
{
	*damaged = FALSE;
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return g_bytes_new(NULL, 0);
	GMimeStream *out = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, out);
	GByteArray *dec = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(out), FALSE);
	g_object_unref(out);
	GBytes *result = g_byte_array_free_to_bytes(dec);
	GMimeStream *raw = g_mime_data_wrapper_get_stream(w);
	if (g_mime_data_wrapper_get_encoding(w) != GMIME_CONTENT_ENCODING_BASE64 || !raw)
		return result;
	/* GMime 3.2.13 stops at the first '=' of base64 sent in '='-terminated chunks (#150):
	 * when the raw text has base64 after a '=', decode it again with GLib and keep the
	 * longer. The same pass notes bytes that have no place in base64. */
	gboolean padded = FALSE, chunked = FALSE;
	char buf[65536];
	gssize n;
	g_mime_stream_reset(raw);
	while ((n = g_mime_stream_read(raw, buf, sizeof buf)) > 0)
		for (gssize i = 0; i < n; i++) {
			guchar c = buf[i];
			if (c == '=')
				padded = TRUE;
			else if (g_ascii_isalnum(c) || c == '+' || c == '/')
				chunked = chunked || padded;
			else if (!g_ascii_isspace(c))
				*damaged = TRUE;
		}
	if (!chunked)
		return result;
	GByteArray *plain = g_byte_array_new();
	gint state = 0;
	guint save = 0;
	g_mime_stream_reset(raw);
	while ((n = g_mime_stream_read(raw, buf, sizeof buf)) > 0) {
		guint had = plain->len;
		g_byte_array_set_size(plain, had + n / 4 * 3 + 3);
		plain->len = had + g_base64_decode_step(buf, n, plain->data + had, &state, &save);
	}
	if (plain->len > g_bytes_get_size(result)) {
		g_bytes_unref(result);
		return g_byte_array_free_to_bytes(plain);
	}
	g_byte_array_unref(plain);
	return result;
}

static void walk(Walk *w, GMimeObject *obj, const char *prefix, guint depth, gboolean related);

/* A leaf part: a document, or the body. */
static void walk_leaf(Walk *w, GMimeObject *obj, const char *prefix, gboolean related)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	g_autofree char *type = ct ? g_mime_content_type_get_mime_type(ct)
	                           : g_strdup("application/octet-stream");
	g_autofree char *ltype = g_ascii_strdown(type, -1);
	if (strcmp(ltype, "application/pkcs7-signature") == 0 ||
	    strcmp(ltype, "application/x-pkcs7-signature") == 0 ||
	    strcmp(ltype, "application/pgp-signature") == 0)
		return;  /* a signature, not a document */
	if (!count_part(w))
		return;
	const char *disp = g_mime_object_get_disposition(obj);
	gboolean attach_disp = disp && g_ascii_strcasecmp(disp, "attachment") == 0;
	g_autofree char *given = part_filename(obj);
	gboolean text = g_str_has_prefix(ltype, "text/");
	if (!given && !attach_disp && text) {
		w->m->bodies++;
		return;
	}
	if (related && g_str_has_prefix(ltype, "image/") && !attach_disp &&
	    g_mime_object_get_content_id(obj))
		return;  /* a picture the HTML body shows (a logo in a signature) */
	g_autofree char *name = safe_name(w, given, ltype);
	g_autofree char *where = *prefix ? g_strconcat(prefix, "/", name, NULL) : g_strdup(name);
	gboolean damaged = FALSE;
	g_autoptr(GBytes) data = GMIME_IS_PART(obj) ? part_content(GMIME_PART(obj), &damaged)
	                                            : g_bytes_new(NULL, 0);
	gsize size = g_bytes_get_size(data);
	if (size > READ_MAX_FILE_BYTES) {
		g_autofree char *hs = human_size(size);
		record_add_finding(w->m->notes, "mail-part-too-large", SEV_WARNING, NULL,
		                   "Tệp đính kèm \"%s\" (%s) vượt quá giới hạn %u MB nên không được tiếp "
		                   "nhận; đề nghị gửi bản có dung lượng nhỏ hơn.", name, hs,
		                   READ_MAX_FILE_BYTES / (1024 * 1024));
		return;
	}
	if (damaged)
		record_add_finding(w->m->notes, "mail-part-damaged", SEV_WARNING, NULL,
		                   "Tệp đính kèm \"%s\" bị lỗi mã hóa khi truyền (base64 có ký tự không "
		                   "hợp lệ); nội dung có thể không đầy đủ.", name);
	gsize len = 0;
	const guint8 *bytes = g_bytes_get_data(data, &len);
	if (read_sniff(bytes, len, name) == FT_ZIP) {
		w->seen--;  /* the zip is a container; its members are counted instead */
		if (take_zip(w, name, where, data))
			return;
		w->seen++;
	}
	add_part(w, name, where, ltype, data);
}

static void walk(Walk *w, GMimeObject *obj, const char *prefix, guint depth, gboolean related)
{
	if (!obj || w->capped)
		return;
	if (depth > MAILIN_MAX_DEPTH) {
		if (!w->too_deep)
			record_add_finding(w->m->notes, "mail-too-deep", SEV_WARNING, NULL,
			                   "Thư có các phần lồng nhau quá %u cấp; các phần sâu hơn không "
			                   "được xem xét.", MAILIN_MAX_DEPTH);
		w->too_deep = TRUE;
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		gboolean rel = ct && g_mime_content_type_is_type(ct, "multipart", "related");
		for (int i = 0; i < g_mime_multipart_get_count(mp) && !w->capped; i++)
			walk(w, g_mime_multipart_get_part(mp, i), prefix, depth + 1, rel);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (!inner)
			return;
		g_autofree char *given = part_filename(obj);
		g_autofree char *label = given ? safe_name(w, given, "message/rfc822")
		                               : g_strdup("thư chuyển tiếp");
		g_autofree char *inner_prefix = *prefix ? g_strconcat(prefix, "/", label, NULL)
		                                        : g_strdup(label);
		walk(w, g_mime_message_get_mime_part(inner), inner_prefix, depth + 1, FALSE);
	} else if (GMIME_IS_PART(obj)) {
		walk_leaf(w, obj, prefix, related);
	}
}

/* GMime's parser reports what it found wrong; the serious ones make one finding. */
static void parser_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
                           gpointer user)
{
	static const struct { GMimeParserWarning code; const char *text; } serious[] = {
		{ GMIME_WARN_TRUNCATED_MESSAGE, "thư bị cắt cụt" },
		{ GMIME_WARN_MALFORMED_MESSAGE, "thư sai cấu trúc" },
		{ GMIME_WARN_MALFORMED_MULTIPART, "có phần nhiều thành phần nhưng không chứa phần nào" },
		{ GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, "thiếu ranh giới giữa các phần" },
		{ GMIME_CRIT_INVALID_HEADER_NAME, "có dòng tiêu đề không hợp lệ" },
		{ GMIME_CRIT_NESTING_OVERFLOW, "các phần lồng nhau quá sâu" },
		{ GMIME_WARN_PART_WITHOUT_CONTENT, "có phần không có nội dung" },
		{ GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT, "có phần không có tiêu đề và nội dung" },
	};
	Walk *w = user;
	for (guint i = 0; i < G_N_ELEMENTS(serious); i++)
		if (serious[i].code == code && !strstr(w->malformed->str, serious[i].text))
			g_string_append_printf(w->malformed, "%s%s", w->malformed->len ? "; " : "",
			                       serious[i].text);
}

MailMessage *mailin_parse(const guint8 *data, gsize len)
{
	mailin_init();
	MailMessage *m = g_new0(MailMessage, 1);
	m->parts = g_ptr_array_new_with_free_func((GDestroyNotify)part_free);
	m->notes = record_new();
	Walk w = { .m = m, .malformed = g_string_new(NULL) };
	GMimeParserOptions *opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(opts, parser_warning, &w);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	GMimeMessage *msg = len ? g_mime_parser_construct_message(parser, opts) : NULL;
	g_object_unref(parser);
	if (msg) {
		read_headers(m, msg);
		walk(&w, g_mime_message_get_mime_part(msg), "", 0, FALSE);
		g_object_unref(msg);
	} else {
		g_string_assign(w.malformed, "không đọc được phần đầu thư");
	}
	g_mime_parser_options_free(opts);
	if (w.malformed->len)
		record_add_finding(m->notes, "mail-malformed", SEV_WARNING, NULL,
		                   "Thư không đúng cấu trúc MIME (%s); những phần đọc được vẫn được "
		                   "tiếp nhận, đề nghị đơn vị kiểm tra lại các tệp đính kèm.",
		                   w.malformed->str);
	g_string_free(w.malformed, TRUE);
	return m;
}

MailMessage *mailin_parse_archive(const guint8 *data, gsize len, const char *name)
{
	MailMessage *m = g_new0(MailMessage, 1);
	m->parts = g_ptr_array_new_with_free_func((GDestroyNotify)part_free);
	m->notes = record_new();
	Walk w = { .m = m, .malformed = g_string_new(NULL), .whole = TRUE };
	g_autoptr(GBytes) bytes = g_bytes_new_static(len ? data : (const guint8 *)"", len);
	g_autofree char *base = g_path_get_basename(name && *name ? name : "tep-nen.zip");
	g_autofree char *shown = display_name(base);
	if (!take_zip(&w, shown, "", bytes)) {
		record_add_finding(m->notes, "zip-unreadable", SEV_WARNING, NULL,
		                   "Không mở được tệp nén \"%s\".", shown);
		m->refused = TRUE;
	} else if (m->parts->len == 0 && !m->refused) {
		record_add_finding(m->notes, "zip-empty", SEV_WARNING, NULL,
		                   "Tệp nén \"%s\" không chứa tệp nào.", shown);
		m->refused = TRUE;
	}
	if (m->refused)
		g_ptr_array_set_size(m->parts, 0);
	g_string_free(w.malformed, TRUE);
	return m;
}

void mail_message_free(MailMessage *m)
{
	if (!m)
		return;
	g_free(m->from_addr);
	g_free(m->from_name);
	g_free(m->subject);
	g_free(m->message_id);
	g_free(m->reply_refs);
	g_ptr_array_unref(m->parts);
	record_free(m->notes);
	g_free(m);
}

/* ------------------------------------------------------------------------------------
 * mbox
 * ---------------------------------------------------------------------------------- */

/* A "From " separator line at p (up to end): "From SENDER DATE", the date ending with a
 * year. */
static gboolean separator_line(const guint8 *p, const guint8 *end)
{
	if (end - p < 5 || memcmp(p, "From ", 5) != 0)
		return FALSE;
	const guint8 *e = p;
	while (e < end && *e != '\n')
		e++;
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e - p >= 9 && g_ascii_isdigit(e[-1]) && g_ascii_isdigit(e[-2]) &&
	       g_ascii_isdigit(e[-3]) && g_ascii_isdigit(e[-4]);
}

gboolean mailin_is_mbox(const guint8 *data, gsize len)
{
	return separator_line(data, data + len);
}

GArray *mailin_mbox_split(const guint8 *data, gsize len)
{
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(MailSpan));
	const guint8 *end = data + len;
	if (!mailin_is_mbox(data, len)) {
		MailSpan s = { 0, len };
		g_array_append_val(spans, s);
		return spans;
	}
	const guint8 *start = NULL;  /* of the current message */
	gboolean blank_before = TRUE;
	for (const guint8 *line = data; line < end;) {
		const guint8 *nl = memchr(line, '\n', end - line);
		const guint8 *next = nl ? nl + 1 : end;
		/* a separator: a well-formed "From " line after an empty line */
		if ((blank_before || line == data) && separator_line(line, end)) {
			if (start) {
				const guint8 *stop = line;
				/* the empty line before a separator belongs to the mbox, not the message */
				if (stop - start >= 2 && stop[-1] == '\n' && stop[-2] == '\n')
					stop--;
				else if (stop - start >= 3 && stop[-1] == '\n' && stop[-2] == '\r' && stop[-3] == '\n')
					stop -= 2;
				MailSpan s = { start - data, stop - start };
				g_array_append_val(spans, s);
			}
			start = next;
		}
		blank_before = next - line <= 2 && (line[0] == '\n' || line[0] == '\r');
		line = next;
	}
	if (start && start < end) {
		MailSpan s = { start - data, end - start };
		g_array_append_val(spans, s);
	}
	return spans;
}
