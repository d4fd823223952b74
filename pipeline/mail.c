/*
 * mail.c - writing e-mail drafts with GMime (see mail.h).
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
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

gboolean mail_write_draft(const char *path, const char *from, const char *to_name,
                          const char *to_addr, const char *subject, const char *body,
                          gint64 date, GError **error)
{
	mail_init();
	GMimeMessage *msg = g_mime_message_new(TRUE);  /* GMime 3.2 declares no autoptr */
	InternetAddressList *f = internet_address_list_parse(NULL, from);
	if (f) {
		internet_address_list_append(g_mime_message_get_from(msg), f);
		g_object_unref(f);
	}
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, to_name, to_addr);
	g_mime_message_set_subject(msg, subject, "utf-8");
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(date);
	g_autoptr(GDateTime) local = g_date_time_to_timezone(when, clock_tz());
	g_mime_message_set_date(msg, local);
	g_mime_message_set_message_id(msg, NULL);
	GMimeTextPart *text = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(text, body);  /* UTF-8 */
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

char *mail_password(const char *file, GError **error)
{
	const char *env = g_getenv("BAOCAO_SMTP_PASSWORD");
	if (env && *env)
		return g_strdup(env);
	if (!file)
		return NULL;
	struct stat sb;
	if (stat(file, &sb) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot read the SMTP password file '%s': %s", file, g_strerror(errno));
		return NULL;
	}
	if (sb.st_mode & 077) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
		            "the SMTP password file '%s' must be readable by its owner only (chmod 600)", file);
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
