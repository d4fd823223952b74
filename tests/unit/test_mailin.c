/*
 * test_mailin.c - taking e-mail apart (mailin.c): encoded Vietnamese names (RFC 2047 in
 * several words, RFC 2231 continuations), inline and forwarded attachments, zip
 * attachments with and without unsafe names, the caps on parts and nesting, GMime's
 * chunked-base64 bug, the headers that say who and when, malformed input, and mbox
 * files. Every message is built here in memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zip.h>
#include "mailin.h"

static MailMessage *parse(const char *text)
{
	return mailin_parse((const guint8 *)text, strlen(text));
}

static const MailPart *part(const MailMessage *m, guint i)
{
	assert_true(i < m->parts->len);
	return m->parts->pdata[i];
}

static const char *part_text(const MailMessage *m, guint i)
{
	static char buf[256];
	gsize n = 0;
	const char *d = g_bytes_get_data(part(m, i)->data, &n);
	g_strlcpy(buf, d ? d : "", MIN(n + 1, sizeof buf));
	return buf;
}

static gboolean has_finding(const MailMessage *m, const char *code)
{
	return record_has_finding(m->notes, code);
}

/* A multipart/mixed message with a text body and the given raw parts. */
static char *mixed(const char *headers, const char *parts)
{
	return g_strdup_printf("From: Don vi <dangbo.stp@haiphong.example>\r\n"
	                       "Subject: Bao cao\r\n%sMIME-Version: 1.0\r\n"
	                       "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
	                       "--B\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nKính gửi.\r\n"
	                       "%s--B--\r\n", headers, parts);
}

static void test_decode_header(void **state)
{
	g_autofree char *a = mailin_decode_header("=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IHdvcmxk?=");
	assert_string_equal(a, "Hello world");  /* GMime 3.2.13 alone gives "Hello" */
	g_autofree char *b = mailin_decode_header("=?UTF-8?Q?Nguy=E1=BB=85n_V=C4=83n_A?=");
	assert_string_equal(b, "Nguyễn Văn A");
	g_autofree char *c = mailin_decode_header("Re: =?UTF-8?B?QsOhbyBjw6Fv?= tháng 10");
	assert_string_equal(c, "Re: Báo cáo tháng 10");
	/* folded words, and NFD text made NFC */
	g_autofree char *d = mailin_decode_header("=?UTF-8?B?QsOhbw==?=\r\n =?UTF-8?B?IGPDoW8=?=");
	assert_string_equal(d, "Báo cáo");
	g_autofree char *e = mailin_decode_header("Ba\xcc\x81o ca\xcc\x81o");
	assert_string_equal(e, "Báo cáo");
	/* a word in Windows-1258, and text that is no encoded word */
	g_autofree char *f = mailin_decode_header("=?windows-1258?Q?B=E1o_c=E1o?=");
	assert_string_equal(f, "Báo cáo");
	g_autofree char *g = mailin_decode_header("=?bad =?x?Z?y?= ok");
	assert_string_equal(g, "=?bad =?x?Z?y?= ok");
	assert_null(mailin_decode_header(NULL));
}

static void test_names(void **state)
{
	g_autofree char *msg = mixed("",
		/* RFC 2047 name in several base64 words, each padded (GMime #133) */
		"--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment;\r\n filename=\"=?UTF-8?B?S+G6vyBob+G6oWNo?=\r\n"
		" =?UTF-8?B?IHPhu5EgMTItS0gv?= =?UTF-8?B?xJBVLmRvY3g=?=\"\r\n\r\nYQ==\r\n"
		/* RFC 2231 continuations, inline */
		"--B\r\nContent-Type: application/octet-stream\r\n"
		"Content-Disposition: inline;\r\n filename*0*=UTF-8''B%C3%A1o%20c%C3%A1o%20;\r\n"
		" filename*1*=th%C3%A1ng%2010.docx\r\n\r\nb\r\n"
		/* a Windows path, and a name in Content-Type only */
		"--B\r\nContent-Type: application/pdf; name=\"C:\\\\Tai lieu\\\\scan.pdf\"\r\n\r\nc\r\n"
		/* no name at all */
		"--B\r\nContent-Type: application/pdf\r\n\r\nd\r\n");
	g_autoptr(MailMessage) m = parse(msg);
	assert_int_equal(m->parts->len, 4);
	assert_string_equal(part(m, 0)->name, "Kế hoạch số 12-KH_ĐU.docx");
	assert_string_equal(part_text(m, 0), "a");
	assert_string_equal(part(m, 1)->name, "Báo cáo tháng 10.docx");
	assert_string_equal(part(m, 2)->name, "scan.pdf");
	assert_string_equal(part(m, 2)->content_type, "application/pdf");
	assert_string_equal(part(m, 3)->name, "tep-dinh-kem-1.pdf");
	assert_int_equal(m->bodies, 1);
	for (guint i = 0; i < m->parts->len; i++)
		assert_null(strchr(part(m, i)->name, '/'));
}

static void test_inline_related_signature(void **state)
{
	g_autofree char *msg = mixed("",
		"--B\r\nContent-Type: multipart/related; boundary=\"R\"\r\n\r\n"
		"--R\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:logo\">\r\n"
		"--R\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-ID: <logo>\r\n"
		"Content-Disposition: inline; filename=\"logo.png\"\r\n\r\nPNG\r\n"
		"--R\r\nContent-Type: image/jpeg\r\nContent-ID: <scan>\r\n"
		"Content-Disposition: attachment; filename=\"scan.jpg\"\r\n\r\nJPG\r\n--R--\r\n"
		"--B\r\nContent-Type: image/jpeg\r\nContent-Disposition: inline\r\n\r\nphoto\r\n"
		"--B\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n\r\nsig\r\n");
	g_autoptr(MailMessage) m = parse(msg);
	/* the logo the HTML shows is no document; the scan marked as attachment and the
	 * inline photo are; the signature is not */
	assert_int_equal(m->parts->len, 2);
	assert_string_equal(part(m, 0)->name, "scan.jpg");
	assert_string_equal(part(m, 1)->name, "tep-dinh-kem-1.jpg");
	assert_string_equal(part_text(m, 1), "photo");
	assert_int_equal(m->bodies, 2);
}

static void test_forwarded(void **state)
{
	g_autofree char *msg = mixed("",
		"--B\r\nContent-Type: message/rfc822\r\n\r\n"
		"From: a@b.example\r\nSubject: goc\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"I\"\r\n\r\n"
		"--I\r\nContent-Type: text/plain\r\n\r\nxin gui\r\n"
		"--I\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"bc.pdf\"\r\n\r\n"
		"%PDF\r\n--I--\r\n\r\n"
		"--B\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"Fwd.eml\"\r\n\r\n"
		"From: c@d.example\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\n\r\n%PDF2\r\n");
	g_autoptr(MailMessage) m = parse(msg);
	assert_int_equal(m->parts->len, 2);
	assert_string_equal(part(m, 0)->name, "bc.pdf");
	assert_string_equal(part(m, 0)->where, "thư chuyển tiếp/bc.pdf");
	assert_string_equal(part(m, 1)->where, "Fwd.eml/x.pdf");
	/* the sender is the outer message's */
	assert_string_equal(m->from_addr, "dangbo.stp@haiphong.example");
}

/* A zip of name/content pairs (NULL-terminated), as base64. */
static char *zip_base64(const char *first, ...)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	va_list ap;
	va_start(ap, first);
	for (const char *name = first; name; name = va_arg(ap, const char *)) {
		const char *content = va_arg(ap, const char *);
		zip_source_t *fs = zip_source_buffer(za, content, strlen(content), 0);
		assert_true(zip_file_add(za, name, fs, ZIP_FL_ENC_UTF_8) >= 0);
	}
	va_end(ap);
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	zip_stat_init(&st);
	zip_source_stat(src, &st);
	guint8 *buf = g_malloc(st.size);
	zip_source_open(src);
	zip_source_read(src, buf, st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	char *b64 = g_base64_encode(buf, st.size);
	g_free(buf);
	return b64;
}

static void test_zip(void **state)
{
	g_autofree char *z = zip_base64("ho-so/bao-cao.docx", "one", "../../thoat.docx", "evil",
	                                "/etc/cron.d/x", "abs", "C:\\x.docx", "drive",
	                                "__MACOSX/ho-so/._bao-cao.docx", "junk", "ho-so/",
	                                "", "ke-hoach.pdf", "two", NULL);
	g_autofree char *parts = g_strdup_printf(
		"--B\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"ho-so.zip\"\r\n\r\n%s\r\n"
		"--B\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; "
		"filename=\"hong.zip\"\r\n\r\nPK\003\004 not really a zip\r\n", z);
	g_autofree char *msg = mixed("", parts);
	g_autoptr(MailMessage) m = parse(msg);
	assert_int_equal(m->parts->len, 3);
	assert_string_equal(part(m, 0)->name, "bao-cao.docx");
	assert_string_equal(part(m, 0)->where, "ho-so.zip/ho-so/bao-cao.docx");
	assert_string_equal(part_text(m, 0), "one");
	assert_string_equal(part(m, 1)->name, "ke-hoach.pdf");
	/* a zip libzip cannot open is taken as it is, for the reader to judge */
	assert_string_equal(part(m, 2)->name, "hong.zip");
	assert_true(has_finding(m, "mail-zip-unsafe"));
	guint unsafe = 0;
	for (guint i = 0; i < m->notes->findings->len; i++)
		unsafe += !strcmp(((Finding *)m->notes->findings->pdata[i])->code, "mail-zip-unsafe");
	assert_int_equal(unsafe, 3);
}

static void test_caps(void **state)
{
	/* 300 parts: the first 200 are looked at, then a finding */
	GString *p = g_string_new(NULL);
	for (int i = 0; i < 300; i++)
		g_string_append_printf(p, "--B\r\nContent-Type: application/pdf\r\n"
		                          "Content-Disposition: attachment; filename=\"%03d.pdf\"\r\n\r\n%d\r\n", i, i);
	g_autofree char *msg = mixed("", p->str);
	g_string_free(p, TRUE);
	g_autoptr(MailMessage) m = parse(msg);
	assert_true(has_finding(m, "mail-too-many-parts"));
	assert_int_equal(m->parts->len + m->bodies, MAILIN_MAX_PARTS);
	assert_string_equal(part(m, 0)->name, "000.pdf");

	/* multiparts nested past the depth cap */
	GString *deep = g_string_new("From: a@b.example\r\nMIME-Version: 1.0\r\n");
	for (int i = 0; i < 30; i++)
		g_string_append_printf(deep, "Content-Type: multipart/mixed; boundary=\"L%d\"\r\n\r\n--L%d\r\n", i, i);
	g_string_append(deep, "Content-Type: application/pdf; name=\"sau.pdf\"\r\n\r\nx\r\n");
	for (int i = 29; i >= 0; i--)
		g_string_append_printf(deep, "--L%d--\r\n", i);
	g_autoptr(MailMessage) d = mailin_parse((const guint8 *)deep->str, deep->len);
	g_string_free(deep, TRUE);
	assert_int_equal(d->parts->len, 0);
	assert_true(has_finding(d, "mail-too-deep") || has_finding(d, "mail-malformed"));
}

static void test_chunked_base64(void **state)
{
	/* base64 in '='-terminated chunks: GMime 3.2.13 alone gives "VI" (#150) */
	g_autofree char *msg = mixed("",
		"--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"v.bin\"\r\n\r\nVkk=UlU=Uw==\r\n"
		"--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"hong.bin\"\r\n\r\nQUJD%%%RA==\r\n");
	g_autoptr(MailMessage) m = parse(msg);
	assert_int_equal(m->parts->len, 2);
	assert_string_equal(part_text(m, 0), "VIRUS");
	assert_false(has_finding(m, "mail-part-damaged") && m->notes->findings->len > 1);
	assert_string_equal(part_text(m, 1), "ABCD");
	assert_true(has_finding(m, "mail-part-damaged"));
}

static void test_headers(void **state)
{
	const char *msg =
		"Received: from mx by mail.haiphong.example; Sat, 18 Oct 2025 09:30:00 +0700\r\n"
		"Received: from inner by mx; Fri, 17 Oct 2025 08:00:00 +0700\r\n"
		"From: =?UTF-8?B?xJDhuqNuZw==?= =?UTF-8?B?IOG7p3kgU+G7nw==?= <DangBo.STP@HaiPhong.Example>\r\n"
		"Subject: =?UTF-8?B?QsOhbyBjw6Fv?=\r\nDate: Sat, 18 Oct 2025 09:00:00 +0700\r\n"
		"Message-ID: <abc@donvi.example>\r\nReferences: <r1@x> <r2@x>\r\n\r\nbody\r\n";
	g_autoptr(MailMessage) m = parse(msg);
	assert_string_equal(m->from_addr, "dangbo.stp@haiphong.example");
	assert_string_equal(m->from_name, "Đảng ủy Sở");
	assert_string_equal(m->subject, "Báo cáo");
	assert_string_equal(m->message_id, "abc@donvi.example");
	assert_string_equal(m->reply_refs, "<r1@x> <r2@x> <abc@donvi.example>");
	assert_int_equal(m->received, 1760754600);  /* the topmost Received: */
	assert_int_equal(m->date, 1760752800);
	assert_false(m->auto_sent);
	assert_int_equal(m->parts->len, 0);
	assert_int_equal(m->bodies, 1);

	static const char *const automatic[] = {
		"From: a@b.example\r\nAuto-Submitted: auto-replied\r\n\r\nx",
		"From: MAILER-DAEMON@b.example\r\n\r\nx",
		"From: a@b.example\r\nPrecedence: bulk\r\n\r\nx",
		"From: a@b.example\r\nList-Id: <l.b.example>\r\n\r\nx",
	};
	for (guint i = 0; i < G_N_ELEMENTS(automatic); i++) {
		g_autoptr(MailMessage) a = parse(automatic[i]);
		assert_true(a->auto_sent);
	}
	g_autoptr(MailMessage) no = parse("From: a@b.example\r\nAuto-Submitted: no\r\n\r\nx");
	assert_false(no->auto_sent);
	/* no sender address, an absurd date, a Received: without a date */
	g_autoptr(MailMessage) odd = parse("From: not an address\r\nDate: Mon, 1 Jan 1900 00:00:00 +0000\r\n"
	                                   "Received: from x by y\r\n\r\nx");
	assert_null(odd->from_addr);
	assert_int_equal(odd->date, 0);
	assert_int_equal(odd->received, 0);
}

static void test_malformed(void **state)
{
	static const char *const inputs[] = {
		"",
		"\x01\x02\x03 not mail at all \xff\xfe",
		"Content-Type: multipart/mixed\r\n\r\n--x\r\n",
		"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: application/pdf; "
		"name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0",
		"From: a@b.example\r\nContent-Type: message/rfc822\r\n\r\n",
		"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n----\r\n",
	};
	for (guint i = 0; i < G_N_ELEMENTS(inputs); i++) {
		g_autoptr(MailMessage) m = parse(inputs[i]);
		assert_non_null(m);
		for (guint j = 0; j < m->parts->len; j++)
			assert_true(*part(m, j)->name && g_utf8_validate(part(m, j)->name, -1, NULL));
	}
	g_autoptr(MailMessage) empty = parse("");
	assert_true(has_finding(empty, "mail-malformed"));
	/* a truncated multipart: what came is taken, and a finding says the rest is missing */
	g_autoptr(MailMessage) cut = parse(inputs[3]);
	assert_int_equal(cut->parts->len, 1);
	assert_string_equal(part(cut, 0)->name, "a.pdf");
	assert_true(has_finding(cut, "mail-malformed"));
}

static void test_mbox(void **state)
{
	const char *box =
		"From a@b.example Sat Oct 18 09:30:00 2025\n"
		"From: a@b.example\nSubject: one\n\nFrom the unit: see attached\n\n"
		"From b@b.example Sat Oct 18 10:30:00 2025\n"
		"From: b@b.example\nSubject: two\n\nbody two\n\n"
		"From c@b.example Sat Oct 18 11:30:00 2025\r\n"
		"From: c@b.example\r\n\r\nthree\r\n";
	gsize len = strlen(box);
	assert_true(mailin_is_mbox((const guint8 *)box, len));
	g_autoptr(GArray) spans = mailin_mbox_split((const guint8 *)box, len);
	assert_int_equal(spans->len, 3);
	const MailSpan *s0 = &g_array_index(spans, MailSpan, 0);
	g_autofree char *first = g_strndup(box + s0->offset, s0->length);
	assert_string_equal(first, "From: a@b.example\nSubject: one\n\nFrom the unit: see attached\n");
	const MailSpan *s2 = &g_array_index(spans, MailSpan, 2);
	assert_true(s2->offset + s2->length == len);
	g_autoptr(MailMessage) m = mailin_parse((const guint8 *)box + s2->offset, s2->length);
	assert_string_equal(m->from_addr, "c@b.example");
	/* a file that is no mbox is one message */
	assert_false(mailin_is_mbox((const guint8 *)"From: x\n\n", 9));
	g_autoptr(GArray) one = mailin_mbox_split((const guint8 *)"From: x\n\n", 9);
	assert_int_equal(one->len, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_header),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_inline_related_signature),
		cmocka_unit_test(test_forwarded),
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_chunked_base64),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_mbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
