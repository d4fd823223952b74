/*
 * mail.c - writing e-mail drafts with GMime and sending them with libcurl (see mail.h).
 * A draft without a given Message-ID gets one made from its content, so the same draft
 * written twice (a run stopped and started again) is the same file.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <gmime/gmime.h>
#include "common.h"
#include "mail.h"

/* GMime once, before any of its functions. */
static void mail_init(void)
{
	static gsize initialised;
	if (g_once_init_enter(&initialised)) {
		g_mime_init();
		g_once_init_leave(&initialised, 1);
	}
}

/* "<hash>@<domain of from>": the same message gets the same id, so that a draft
 * rewritten after a crash is the same file. */
static char *make_message_id(const MailDraft *d)
{
	g_autofree char *text = g_strdup_printf("%s\n%s\n%s\n%s\n%" G_GINT64_FORMAT,
	                                        d->to_addr ? d->to_addr : "", d->subject,
	                                        d->body, d->in_reply_to ? d->in_reply_to : "",
	                                        d->date);
	g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
	g_autofree char *from = mail_address(d->from);
	const char *at = from ? strrchr(from, '@') : NULL;
	return g_strdup_printf("%.32s.baocao@%s", sum, at && at[1] ? at + 1 : "localhost");
}

gboolean mail_write_message(const char *path, const MailDraft *d, GError **error)
{
	mail_init();
	GMimeMessage *msg = g_mime_message_new(TRUE);  /* GMime 3.2 declares no autoptr */
	InternetAddressList *f = internet_address_list_parse(NULL, d->from);
	if (f) {
		internet_address_list_append(g_mime_message_get_from(msg), f);
		g_object_unref(f);
	}
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, d->to_name, d->to_addr);
	g_mime_message_set_subject(msg, d->subject, "utf-8");
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(d->date);
	g_autoptr(GDateTime) local = g_date_time_to_timezone(when, clock_tz());
	g_mime_message_set_date(msg, local);
	g_autofree char *mid = d->message_id ? g_strdup(d->message_id) : make_message_id(d);
	g_mime_message_set_message_id(msg, mid);
	if (d->in_reply_to) {
		g_autofree char *v = g_strdup_printf("<%s>", d->in_reply_to);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", v, NULL);
	}
	if (d->references && *d->references)
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", d->references, NULL);
	if (d->auto_reply)
		g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-replied", NULL);
	GMimeTextPart *text = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(text, d->body);  /* UTF-8 */
	/* quoted-printable keeps every line under 76 characters, so any relay takes it */
	g_mime_part_set_content_encoding(GMIME_PART(text), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(text));
	g_object_unref(text);
	/* CRLF line ends: what RFC 5322 and SMTP expect of a message file */
	GMimeFormatOptions *fmt = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fmt, GMIME_NEWLINE_FORMAT_DOS);
	g_autofree char *out = g_mime_object_to_string(GMIME_OBJECT(msg), fmt);
	g_mime_format_options_free(fmt);
	g_object_unref(msg);
	g_autofree char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	return g_file_set_contents_full(path, out, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

gboolean mail_write_draft(const char *path, const char *from, const char *to_name,
                          const char *to_addr, const char *subject, const char *body,
                          gint64 date, GError **error)
{
	MailDraft d = { .from = from, .to_name = to_name, .to_addr = to_addr, .subject = subject,
	                .body = body, .date = date };
	return mail_write_message(path, &d, error);
}

char *mail_address(const char *mailbox)
{
	mail_init();
	InternetAddressList *l = internet_address_list_parse(NULL, mailbox);
	char *out = NULL;
	if (l && internet_address_list_length(l) > 0) {
		InternetAddress *a = internet_address_list_get_address(l, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			out = g_strdup(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
	}
	if (l)
		g_object_unref(l);
	return out;
}

char *mail_secret(const char *env_name, const char *file, const char *what, GError **error)
{
	const char *env = g_getenv(env_name);
	if (env && *env)
		return g_strdup(env);
	if (!file)
		return NULL;
	struct stat sb;
	if (stat(file, &sb) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot read the %s password file '%s': %s", what, file, g_strerror(errno));
		return NULL;
	}
	if (sb.st_mode & 077) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
		            "the %s password file '%s' must be readable by its owner only (chmod 600)",
		            what, file);
		return NULL;
	}
	char *text = NULL;
	if (!g_file_get_contents(file, &text, NULL, error))
		return NULL;
	char *nl = strpbrk(text, "\r\n");
	if (nl)
		*nl = '\0';
	return text;
}

char *mail_password(const char *file, GError **error)
{
	return mail_secret("BAOCAO_SMTP_PASSWORD", file, "SMTP", error);
}

gboolean mail_send(const char *url, const char *user, const char *password, const char *from,
                   const char *to, const char *eml_path, GError **error)
{
	FILE *f = fopen(eml_path, "rb");
	if (!f) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot read '%s': %s",
		            eml_path, g_strerror(errno));
		return FALSE;
	}
	CURL *c = curl_easy_init();
	g_autofree char *mail_from = g_strdup_printf("<%s>", from);
	g_autofree char *rcpt_to = g_strdup_printf("<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_to);
	char err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READDATA, f);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (user)
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
	if (password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, password);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot send '%s' to %s: %s",
		            eml_path, to, *err ? err : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	fclose(f);
	return rc == CURLE_OK;
}
