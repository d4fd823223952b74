/*
 * gen_mail.c - deterministic e-mail fixtures for tests/mail.sh, built around the DOCX
 * files of `gen_docx e2e`.
 *
 *     gen_mail [--no-large] E2E_ROOT ROSTER OUT
 *
 * E2E_ROOT is where `gen_docx e2e` wrote (its inbox/ is read, never changed); ROSTER is
 * rules/units.csv (for the units' mailboxes). OUT must not exist. Written:
 *
 *   OUT/mail/inbox/    messages to drop in an inbox: .eml files (several attachments,
 *                      RFC 2047 and RFC 2231 Vietnamese names, inline parts, a forwarded
 *                      message, a zip, a zip with "../../" in it, an unknown sender,
 *                      malformed MIME, hundreds of parts, an attachment over the size
 *                      cap, no attachment, a message that crashes its reader under the
 *                      test hook), a Maildir folder and an mbox file
 *   OUT/folder/inbox/  the same documents dropped in unit folders as files, each with the
 *                      received time of the message it is in: the reference the e-mailed
 *                      copies must equal
 *   OUT/imap/          messages to deliver to an IMAP server (NN.eml), in order
 *
 * --no-large leaves out the message with a 100 MB attachment (tests/kill.sh copies the
 * inbox for every run it kills).
 *
 * Messages are written by hand rather than by GMime, so that the encodings are exactly
 * the unusual ones units' mail programs produce: base64 in '='-terminated chunks, names
 * split into several encoded words, RFC 2231 continuations, broken parts. Every received
 * time is a DOCX's own mtime (the folder's received time), so the e-mailed report and
 * the dropped one have the same deadline outcome.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <zip.h>

static const char *e2e_root, *out_root;
static gboolean no_large;
static GHashTable *mailbox_of;  /* unit code -> address */
static GPtrArray *docs_read;    /* Doc*, freed at the end */

static G_NORETURN void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "gen_mail: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* The roster's mailboxes: code and email columns of units.csv (no quoted commas there). */
static void load_roster(const char *path)
{
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		die("cannot read %s", path);
	mailbox_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (char **l = lines + 1; *l; l++) {
		g_auto(GStrv) f = g_strsplit(*l, ",", -1);
		if (g_strv_length(f) > 4 && *f[4])
			g_hash_table_insert(mailbox_of, g_strdup(f[0]), g_strdup(f[4]));
	}
}

static const char *mailbox(const char *unit)
{
	const char *a = g_hash_table_lookup(mailbox_of, unit);
	if (!a)
		die("no mailbox for %s in the roster", unit);
	return a;
}

/* A DOCX of the e2e corpus: its bytes and its mtime (the folder's received time). */
typedef struct {
	char *rel;         /* "DU-STP/01-canonical.docx" */
	char *base;
	GBytes *data;
	gint64 mtime;
} Doc;

static Doc *doc(const char *rel)
{
	g_autofree char *path = g_build_filename(e2e_root, "inbox", rel, NULL);
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		die("cannot read %s (run gen_docx e2e first)", path);
	GStatBuf sb;
	g_stat(path, &sb);
	Doc *d = g_new0(Doc, 1);
	d->rel = g_strdup(rel);
	d->base = g_path_get_basename(rel);
	d->data = g_bytes_new_take(data, len);
	d->mtime = sb.st_mtime;
	g_ptr_array_add(docs_read, d);
	return d;
}

static void doc_free(Doc *d)
{
	g_free(d->rel);
	g_free(d->base);
	g_bytes_unref(d->data);
	g_free(d);
}

static void set_mtime(const char *path, gint64 t)
{
	struct utimbuf u = { (time_t)t, (time_t)t };
	if (utime(path, &u) != 0)
		die("cannot set the time of %s", path);
}

static void write_file(const char *path, const void *data, gsize len, gint64 mtime)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	if (!g_file_set_contents(path, data, len, NULL))
		die("cannot write %s", path);
	if (mtime)
		set_mtime(path, mtime);
}

/* The reference: the document dropped in the folder, received when the message was. */
static void drop(const Doc *d, const char *folder, gint64 received)
{
	g_autofree char *path = folder
		? g_build_filename(out_root, "folder", "inbox", folder, d->base, NULL)
		: g_build_filename(out_root, "folder", "inbox", d->base, NULL);
	gsize len;
	const void *data = g_bytes_get_data(d->data, &len);
	write_file(path, data, len, received);
}

/* ------------------------------------------------------------------------------------
 * Writing MIME by hand
 * ---------------------------------------------------------------------------------- */

static char *rfc2822_date(gint64 t)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_offset(7 * 3600);
	g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
	g_autoptr(GDateTime) l = g_date_time_to_timezone(u, tz);
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	                                      "Aug", "Sep", "Oct", "Nov", "Dec" };
	return g_strdup_printf("%s, %d %s %d %02d:%02d:%02d +0700",
	                       days[g_date_time_get_day_of_week(l) - 1],
	                       g_date_time_get_day_of_month(l), months[g_date_time_get_month(l) - 1],
	                       g_date_time_get_year(l), g_date_time_get_hour(l),
	                       g_date_time_get_minute(l), g_date_time_get_second(l));
}

/* Base64 in lines of 76 characters. */
static void b64_lines(GString *m, const guint8 *d, gsize n)
{
	g_autofree char *b = g_base64_encode(d, n);
	for (gsize i = 0, len = strlen(b); i < len; i += 76)
		g_string_append_printf(m, "%.76s\r\n", b + i);
}

/* Base64 of each `chunk` bytes on its own, '='-padded: what GMime 3.2.13 cuts (#150). */
static void b64_chunked(GString *m, const guint8 *d, gsize n, gsize chunk)
{
	for (gsize off = 0; off < n; off += chunk) {
		g_autofree char *b = g_base64_encode(d + off, MIN(chunk, n - off));
		for (gsize i = 0, len = strlen(b); i < len; i += 76)
			g_string_append_printf(m, "%.76s\r\n", b + i);
	}
}

/* text as RFC 2047 base64 encoded words of about `piece` bytes each (cut at characters),
 * folded: several words in a row, the case GMime 3.2.13 decodes wrong (#133). */
static char *encoded_words(const char *text, gsize piece)
{
	GString *out = g_string_new(NULL);
	const char *p = text;
	while (*p) {
		const char *e = p;
		while (*e && (gsize)(e - p) < piece)
			e = g_utf8_next_char(e);
		g_autofree char *b = g_base64_encode((const guchar *)p, e - p);
		g_string_append_printf(out, "%s=?UTF-8?B?%s?=", out->len ? "\r\n " : "", b);
		p = e;
	}
	return g_string_free(out, FALSE);
}

/* A parameter as RFC 2231 continuations: name*0*=UTF-8''...; name*1*=... */
static char *rfc2231(const char *name, const char *text, gsize piece)
{
	GString *out = g_string_new(NULL);
	const char *p = text;
	for (int i = 0; *p; i++) {
		const char *e = p;
		while (*e && (gsize)(e - p) < piece)
			e = g_utf8_next_char(e);
		g_string_append_printf(out, ";\r\n %s*%d*=%s", name, i, i == 0 ? "UTF-8''" : "");
		for (const char *c = p; c < e; c++) {
			guchar ch = *c;
			if (g_ascii_isalnum(ch) || strchr("-._", ch))
				g_string_append_c(out, ch);
			else
				g_string_append_printf(out, "%%%02X", ch);
		}
		p = e;
	}
	return g_string_free(out, FALSE);
}

typedef struct {
	GString *m;
	char *boundary;
} Mail;

/* Headers of a message. received 0: no Received:; date 0: no Date:. */
static Mail mail_start(const char *from, const char *subject_words, const char *id,
                       gint64 received, gint64 date, const char *extra)
{
	Mail mail = { g_string_new(NULL), g_strdup_printf("=_bc_%s", id) };
	GString *m = mail.m;
	if (received) {
		g_autofree char *r = rfc2822_date(received);
		g_autofree char *older = rfc2822_date(received - 600);
		/* the topmost Received: is the authority's own server; the one below is not */
		g_string_append_printf(m, "Received: from mx.donvi.example (mx.donvi.example [192.0.2.7])\r\n"
		                          "\tby mail.haiphong.example with ESMTPS id %s;\r\n\t%s\r\n", id, r);
		g_string_append_printf(m, "Received: from [10.0.0.5] by mx.donvi.example; %s\r\n", older);
	}
	g_string_append_printf(m, "From: %s\r\nTo: =?UTF-8?B?4bumeSBiYW4gS2nhu4NtIHRyYQ==?= <ubkt@haiphong.example>\r\n", from);
	if (subject_words)
		g_string_append_printf(m, "Subject: %s\r\n", subject_words);
	if (date) {
		g_autofree char *d = rfc2822_date(date);
		g_string_append_printf(m, "Date: %s\r\n", d);
	}
	g_string_append_printf(m, "Message-ID: <%s@donvi.example>\r\nMIME-Version: 1.0\r\n", id);
	if (extra)
		g_string_append(m, extra);
	g_string_append_printf(m, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	                          "This is a multi-part message in MIME format.\r\n", mail.boundary);
	return mail;
}

static void mail_text(Mail *mail, const char *text)
{
	g_string_append_printf(mail->m, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	                                "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
	                       mail->boundary, text);
}

/* An attachment; disposition "attachment" or "inline"; name_params the raw parameter
 * text after the disposition (";\r\n filename=..."); chunk > 0: '='-chunked base64. */
static void mail_part(Mail *mail, const char *type, const char *disposition,
                      const char *name_params, GBytes *data, gsize chunk)
{
	gsize n;
	const guint8 *d = g_bytes_get_data(data, &n);
	g_string_append_printf(mail->m, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n"
	                                "Content-Disposition: %s%s\r\n\r\n",
	                       mail->boundary, type, disposition, name_params);
	if (chunk)
		b64_chunked(mail->m, d, n, chunk);
	else
		b64_lines(mail->m, d, n);
}

static GString *mail_end(Mail *mail)
{
	g_string_append_printf(mail->m, "--%s--\r\n", mail->boundary);
	g_free(mail->boundary);
	return mail->m;
}

static const char DOCX_TYPE[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

static char *plain_name(const char *name)
{
	return g_strdup_printf(";\r\n filename=\"%s\"", name);
}

static void save(GString *m, const char *sub, const char *name, gint64 mtime)
{
	g_autofree char *path = g_build_filename(out_root, sub, name, NULL);
	write_file(path, m->str, m->len, mtime);
	g_string_free(m, TRUE);
}

/* A zip of (name, bytes) pairs, made with libzip in a scratch file. */
static GBytes *make_zip(const char *const *names, GBytes *const *datas, guint n)
{
	g_autofree char *path = g_build_filename(out_root, "scratch.zip", NULL);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		die("cannot create a zip");
	for (guint i = 0; i < n; i++) {
		gsize len;
		const void *d = g_bytes_get_data(datas[i], &len);
		zip_source_t *src = zip_source_buffer(za, d, len, 0);
		zip_int64_t idx = zip_file_add(za, names[i], src, ZIP_FL_ENC_UTF_8);
		if (idx < 0)
			die("cannot add %s to a zip: %s", names[i], zip_strerror(za));
		zip_file_set_mtime(za, idx, 1735689600, 0);
	}
	if (zip_close(za) != 0)
		die("cannot write a zip");
	char *data = NULL;
	gsize len = 0;
	g_file_get_contents(path, &data, &len, NULL);
	g_unlink(path);
	return g_bytes_new_take(data, len);
}

/* ------------------------------------------------------------------------------------
 * The messages
 * ---------------------------------------------------------------------------------- */

static char *from_unit(const char *unit, const char *name)
{
	g_autofree char *words = encoded_words(name, 12);
	return g_strdup_printf("%s <%s>", words, mailbox(unit));
}

static void inbox_messages(void)
{
	/* 01: two attachments, an RFC 2231 name in continuations and an RFC 2047 name in
	 * several encoded words; the second in '='-chunked base64 */
	Doc *a = doc("DU-STP/01-canonical.docx"), *b = doc("DU-STP/39-document-plan.docx");
	{
		g_autofree char *from = from_unit("DU-STP", "Văn phòng Đảng ủy Sở Tư pháp");
		g_autofree char *subj = encoded_words("Báo cáo tháng 10 và kế hoạch số 12", 10);
		Mail m = mail_start(from, subj, "01-hai-tep", a->mtime, a->mtime - 3600, NULL);
		mail_text(&m, "Kính gửi Ủy ban Kiểm tra,\r\nĐơn vị gửi báo cáo tháng 10 và kế hoạch.\r\n");
		g_autofree char *n1 = rfc2231("filename", "Báo cáo tháng 10 - Sở Tư pháp.docx", 14);
		mail_part(&m, DOCX_TYPE, "attachment", n1, a->data, 0);
		g_autofree char *w = encoded_words("Kế hoạch số 12-KH/ĐU.docx", 7);
		g_autofree char *n2 = g_strdup_printf(";\r\n filename=\"%s\"", w);
		mail_part(&m, DOCX_TYPE, "attachment", n2, b->data, 1000);
		save(mail_end(&m), "mail/inbox", "01-hai-tep.eml", 0);
		drop(a, "DU-STP", a->mtime);
		drop(b, "DU-STP", a->mtime);
	}
	/* 02: an inline attachment, an HTML body with a logo it shows (not a document) */
	Doc *c = doc("DU-TAND/02-retyped.docx");
	{
		g_autofree char *from = from_unit("DU-TAND", "Đảng ủy Tòa án nhân dân");
		Mail m = mail_start(from, "Bao cao thang 10", "02-inline", c->mtime, c->mtime, NULL);
		static const guint8 png[] = {
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
			0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
			0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
			0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05, 0x18, 0xd8, 0x4e, 0x00,
			0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
		};
		g_autofree char *logo = g_base64_encode(png, sizeof png);
		g_string_append_printf(m.m,
			"--%s\r\nContent-Type: multipart/related; boundary=\"rel-02\"\r\n\r\n"
			"--rel-02\r\nContent-Type: multipart/alternative; boundary=\"alt-02\"\r\n\r\n"
			"--alt-02\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nBáo cáo kèm theo.\r\n"
			"--alt-02\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
			"<p>Báo cáo kèm theo.</p><img src=\"cid:logo@x\">\r\n--alt-02--\r\n"
			"--rel-02\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-ID: <logo@x>\r\n"
			"Content-Disposition: inline; filename=\"logo.png\"\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--rel-02--\r\n", m.boundary, logo);
		g_autofree char *n = plain_name("02-retyped.docx");
		mail_part(&m, DOCX_TYPE, "inline", n, c->data, 0);
		save(mail_end(&m), "mail/inbox", "02-inline.eml", 0);
		drop(c, "DU-TAND", c->mtime);
	}
	/* 03: a forwarded message (message/rfc822) whose attachment is the report */
	Doc *d = doc("DU-CATP/10-period-quarter-num.docx");
	{
		g_autofree char *from = from_unit("DU-CATP", "Văn phòng Đảng ủy Công an thành phố");
		Mail m = mail_start(from, "Fwd: Bao cao quy", "03-chuyen-tiep", d->mtime, d->mtime, NULL);
		mail_text(&m, "Chuyển tiếp báo cáo của đơn vị.\r\n");
		Mail inner = mail_start("=?UTF-8?B?TmfGsOG7nWkgc2/huqFu?= <nguoisoan@catp.example>",
		                        "Bao cao quy IV", "03-goc", 0, d->mtime - 86400, NULL);
		mail_text(&inner, "Dự thảo đã duyệt.\r\n");
		g_autofree char *n = plain_name("10-period-quarter-num.docx");
		mail_part(&inner, DOCX_TYPE, "attachment", n, d->data, 0);
		GString *im = mail_end(&inner);
		g_string_append_printf(m.m, "--%s\r\nContent-Type: message/rfc822\r\n"
		                            "Content-Disposition: attachment; filename=\"Bao cao quy IV.eml\"\r\n\r\n%s\r\n",
		                       m.boundary, im->str);
		g_string_free(im, TRUE);
		save(mail_end(&m), "mail/inbox", "03-chuyen-tiep.eml", 0);
		drop(d, "DU-CATP", d->mtime);
	}
	/* 04: a zip of two reports, with macOS junk */
	Doc *e = doc("DU-HDND/04-sentence-headings.docx"), *f = doc("DU-HDND/23-status-lower.docx");
	{
		const char *names[] = { "ho-so/04-sentence-headings.docx", "ho-so/23-status-lower.docx",
		                        "__MACOSX/ho-so/._04-sentence-headings.docx" };
		GBytes *junk = g_bytes_new_static("\0\5\26\7", 4);
		GBytes *datas[] = { e->data, f->data, junk };
		g_autoptr(GBytes) zip = make_zip(names, datas, 3);
		g_bytes_unref(junk);
		g_autofree char *from = from_unit("DU-HDND", "Đảng ủy HĐND thành phố");
		Mail m = mail_start(from, "Ho so nen", "04-nen", e->mtime, e->mtime, NULL);
		g_autofree char *n = plain_name("ho-so.zip");
		mail_part(&m, "application/zip", "attachment", n, zip, 0);
		save(mail_end(&m), "mail/inbox", "04-nen.eml", 0);
		drop(e, "DU-HDND", e->mtime);
		drop(f, "DU-HDND", e->mtime);
	}
	/* 05: a zip with a member named "../../thoat.docx": refused, the other taken */
	Doc *g = doc("DU-MTTQ/05-num-arabic.docx"), *h = doc("DU-MTTQ/24-status-nodiac.docx");
	{
		const char *names[] = { "../../thoat.docx", "05-num-arabic.docx" };
		GBytes *datas[] = { h->data, g->data };
		g_autoptr(GBytes) zip = make_zip(names, datas, 2);
		g_autofree char *from = from_unit("DU-MTTQ", "Đảng đoàn MTTQ");
		Mail m = mail_start(from, "Tai lieu", "05-zip-slip", g->mtime, g->mtime, NULL);
		g_autofree char *n = plain_name("tai-lieu.zip");
		mail_part(&m, "application/zip", "attachment", n, zip, 0);
		save(mail_end(&m), "mail/inbox", "05-zip-slip.eml", 0);
		drop(g, "DU-MTTQ", g->mtime);
	}
	/* 06: a sender not in the roster: the unit comes from the document's header */
	Doc *k = doc("37-header-only.docx");
	{
		Mail m = mail_start("=?UTF-8?Q?Nguy=E1=BB=85n_V=C4=83n_A?= <nguyenvana@gmail.example>",
		                    "Bao cao", "06-la", k->mtime, k->mtime, NULL);
		g_autofree char *n = plain_name("37-header-only.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, k->data, 0);
		save(mail_end(&m), "mail/inbox", "06-la.eml", 0);
		drop(k, NULL, k->mtime);
	}
	/* 07: malformed: a part whose base64 has foreign bytes, and no closing boundary */
	Doc *l = doc("DU-SNV/16-table-extra.docx");
	{
		g_autofree char *from = from_unit("DU-SNV", "Đảng ủy Sở Nội vụ");
		Mail m = mail_start(from, "Bao cao (loi)", "07-hong", l->mtime, l->mtime, NULL);
		mail_text(&m, "Gửi kèm báo cáo.\r\n");
		g_autofree char *n = plain_name("16-table-extra.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, l->data, 0);
		g_string_append_printf(m.m, "--%s\r\nContent-Type: application/pdf\r\n"
		                            "Content-Transfer-Encoding: base64\r\n"
		                            "Content-Disposition: attachment; filename=\"hong.pdf\"\r\n\r\n"
		                            "JVBERi0xLjQK%%%%$$##@@!!\r\nAAAA####\r\n", m.boundary);
		/* the message stops here: no closing boundary */
		GString *s = m.m;
		g_free(m.boundary);
		save(s, "mail/inbox", "07-hong.eml", 0);
		drop(l, "DU-SNV", l->mtime);
	}
	/* 08: hundreds of parts: the report first, 250 text notes, then one more file that
	 * is past the cap */
	Doc *q = doc("DU-QSTP/08-period-month-slash.docx");
	{
		g_autofree char *from = from_unit("DU-QSTP", "Đảng ủy Quận");
		Mail m = mail_start(from, "Nhieu phan", "08-nhieu-phan", q->mtime, q->mtime, NULL);
		g_autofree char *n = plain_name("08-period-month-slash.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, q->data, 0);
		for (int i = 1; i <= 250; i++)
			g_string_append_printf(m.m, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
			                            "Ghi chú số %d.\r\n", m.boundary, i);
		GBytes *late = g_bytes_new_static("%PDF-1.4\n", 9);
		g_autofree char *n2 = plain_name("sau-cung.pdf");
		mail_part(&m, "application/pdf", "attachment", n2, late, 0);
		g_bytes_unref(late);
		save(mail_end(&m), "mail/inbox", "08-nhieu-phan.eml", 0);
		drop(q, "DU-QSTP", q->mtime);
	}
	/* 09: an attachment over the 100 MB cap beside a report */
	Doc *r = doc("DU-UBND/07-num-auto.docx");
	if (!no_large) {
		g_autofree char *from = from_unit("DU-UBND", "Đảng ủy UBND thành phố");
		Mail m = mail_start(from, "Qua lon", "09-qua-lon", r->mtime, r->mtime, NULL);
		g_autofree char *n = plain_name("07-num-auto.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, r->data, 0);
		gsize big = (gsize)100 * 1024 * 1024 + 4096;
		guint8 *zeros = g_malloc0(big);
		memcpy(zeros, "%PDF-1.4\n", 9);
		GBytes *huge = g_bytes_new_take(zeros, big);
		g_autofree char *n2 = plain_name("ban-scan.pdf");
		mail_part(&m, "application/pdf", "attachment", n2, huge, 0);
		g_bytes_unref(huge);
		save(mail_end(&m), "mail/inbox", "09-qua-lon.eml", 0);
		drop(r, "DU-UBND", r->mtime);
	}
	/* 10: no attachment, no Received: (received_at is the Date:) */
	{
		g_autofree char *from = from_unit("DU-SNV", "Đảng ủy Sở Nội vụ");
		Mail m = mail_start(from, "Hoi ve mau bao cao", "10-khong-dinh-kem", 0, l->mtime + 7200,
		                    NULL);
		mail_text(&m, "Xin hỏi mẫu báo cáo quý IV.\r\n");
		save(mail_end(&m), "mail/inbox", "10-khong-dinh-kem.eml", 0);
	}
	/* 11: a message whose reader crashes (tests/mail.sh sets BAOCAO_TEST_FAULT) */
	{
		g_autofree char *from = from_unit("DU-SNV", "Đảng ủy Sở Nội vụ");
		Mail m = mail_start(from, "Loi bo doc", "11-loi-bo-doc", l->mtime, l->mtime,
		                    "X-Baocao-Test: crash\r\n");
		GBytes *x = g_bytes_new_static("%PDF-1.4\n", 9);
		g_autofree char *n = plain_name("x.pdf");
		mail_part(&m, "application/pdf", "attachment", n, x, 0);
		g_bytes_unref(x);
		save(mail_end(&m), "mail/inbox", "11-loi-bo-doc.eml", 0);
	}
}

/* A Maildir (new/ with a Received: message, cur/ with neither Received: nor Date:, so
 * its file's mtime is the received time) and an mbox of three messages. */
static void maildir_and_mbox(void)
{
	Doc *a = doc("DU-STC/15-table-reordered.docx"), *b = doc("DU-SKHCN/17-table-merged.docx");
	{
		g_autofree char *from = from_unit("DU-STC", "Đảng ủy Sở Tài chính");
		Mail m = mail_start(from, "Bao cao", "md-1", a->mtime, a->mtime, NULL);
		g_autofree char *n = plain_name("15-table-reordered.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, a->data, 0);
		save(mail_end(&m), "mail/inbox/hop-thu/new", "1761000000.M1P1.mail", 0);
		drop(a, "DU-STC", a->mtime);
	}
	{
		g_autofree char *from = from_unit("DU-SKHCN", "Đảng ủy Sở Khoa học");
		Mail m = mail_start(from, "Bao cao", "md-2", 0, 0, NULL);
		g_autofree char *n = plain_name("17-table-merged.docx");
		mail_part(&m, DOCX_TYPE, "attachment", n, b->data, 0);
		save(mail_end(&m), "mail/inbox/hop-thu/cur", "1761000001.M2P1.mail:2,S", b->mtime);
		drop(b, "DU-SKHCN", b->mtime);
	}
	g_autofree char *tmp = g_build_filename(out_root, "mail", "inbox", "hop-thu", "tmp", NULL);
	g_mkdir_with_parents(tmp, 0755);

	static const char *const docs[][2] = {
		{ "DU-DOSON/28-nfd-oldtone.docx", "DU-DOSON" },
		{ "DU-KIENAN/27-vni.docx", "DU-KIENAN" },
		{ "DU-LECHAN/26-tcvn3.docx", "DU-LECHAN" },
	};
	GString *box = g_string_new(NULL);
	for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
		Doc *d = doc(docs[i][0]);
		g_autofree char *from = from_unit(docs[i][1], "Văn phòng");
		g_autofree char *id = g_strdup_printf("mbox-%u", i + 1);
		/* the second has no Received: its Date: is the received time */
		Mail m = mail_start(from, "Bao cao", id, i == 1 ? 0 : d->mtime, d->mtime, NULL);
		mail_text(&m, "From the unit: the report is attached.\r\n");
		g_autofree char *n = plain_name(d->base);
		mail_part(&m, DOCX_TYPE, "attachment", n, d->data, 0);
		GString *s = mail_end(&m);
		g_string_append_printf(box, "From %s Sat Oct 18 09:30:00 2025\n", mailbox(docs[i][1]));
		/* an mbox stores lines with LF */
		g_auto(GStrv) lines = g_strsplit(s->str, "\r\n", -1);
		g_autofree char *lf = g_strjoinv("\n", lines);
		g_string_append_printf(box, "%s\n", lf);
		g_string_free(s, TRUE);
		drop(d, docs[i][1], d->mtime);
	}
	save(box, "mail/inbox", "hop-thu.mbox", 0);
}

/* Messages for the IMAP server, in the order they are delivered. */
static void imap_messages(void)
{
	static const char *const docs[][2] = {
		{ "DU-BDBP/14-indicators-text.docx", "DU-BDBP" },
		{ "DU-CATHAI/31-incomplete.docx", "DU-CATHAI" },
		{ "DU-BACHLONGVI/32-late.docx", "DU-BACHLONGVI" },
		{ "DU-HONGBANG/18-numbers.docx", "DU-HONGBANG" },
		{ "DU-DUONGKINH/29-issuer-nodiac.docx", "DU-DUONGKINH" },
		{ "DU-THANHDONG/30-issuer-alias.docx", "DU-THANHDONG" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
		Doc *d = doc(docs[i][0]);
		g_autofree char *from = from_unit(docs[i][1], "Văn phòng Đảng ủy");
		g_autofree char *id = g_strdup_printf("imap-%u", i + 1);
		g_autofree char *subj = encoded_words("Báo cáo kết quả thực hiện Nghị quyết 66", 9);
		Mail m = mail_start(from, subj, id, d->mtime, d->mtime - 600, NULL);
		mail_text(&m, "Kính gửi Ủy ban Kiểm tra.\r\n");
		g_autofree char *n = rfc2231("filename", d->base, 12);
		mail_part(&m, DOCX_TYPE, "attachment", n, d->data, i % 2 ? 998 : 0);
		g_autofree char *name = g_strdup_printf("%02u.eml", i + 1);
		save(mail_end(&m), "imap", name, 0);
		drop(d, docs[i][1], d->mtime);
	}
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "--no-large") == 0) {
		no_large = TRUE;
		argv++;
		argc--;
	}
	if (argc != 4)
		die("usage: gen_mail [--no-large] E2E_ROOT ROSTER OUT");
	e2e_root = argv[1];
	out_root = argv[3];
	if (g_file_test(out_root, G_FILE_TEST_EXISTS))
		die("%s exists", out_root);
	load_roster(argv[2]);
	docs_read = g_ptr_array_new_with_free_func((GDestroyNotify)doc_free);
	inbox_messages();
	maildir_and_mbox();
	imap_messages();
	g_ptr_array_unref(docs_read);
	g_hash_table_unref(mailbox_of);
	return 0;
}
