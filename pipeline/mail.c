/*
 * mail.c - writing e-mail drafts with GMime (see mail.h).
 */
#include <gmime/gmime.h>
#include "common.h"
#include "mail.h"

gboolean mail_write_draft(const char *path, const char *from, const char *to_name,
                          const char *to_addr, const char *subject, const char *body,
                          gint64 date, GError **error)
{
	static gsize initialised;
	if (g_once_init_enter(&initialised)) {
		g_mime_init();
		g_once_init_leave(&initialised, 1);
	}
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
	g_mime_text_part_set_text(text, body);  /* picks the charset and transfer encoding */
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(text));
	g_object_unref(text);
	g_autofree char *out = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
	g_object_unref(msg);
	g_autofree char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	return g_file_set_contents_full(path, out, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
