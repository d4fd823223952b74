/*
 * receipt.c - the receipt for each e-mail message (see receipt.h).
 *
 * A receipt is written once the message's documents have all been read and the batch
 * has been validated, so what it says is what the store says: each attachment's
 * status, its findings in their own Vietnamese words (without the technical reason a
 * quarantine finding carries for the clerk), the unit and period recognised, and what
 * was wrong with the message itself. The file name and the Message-ID depend only on the
 * message and the run's clock, so a receipt rewritten after a crash is the same file.
 * Nothing goes back to automatic mail (bounces, auto-replies, lists: RFC 3834), and a
 * receipt to an address that is not a roster mailbox is sent only when the message
 * brought a recognised document: spam with a forged sender gets a draft, not a reply.
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "mail.h"
#include "receipt.h"

/* "lúc 09 giờ 30 ngày 18/10/2025" */
static char *when_vn(gint64 t)
{
	g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
	g_autoptr(GDateTime) l = g_date_time_to_timezone(u, clock_tz());
	return g_date_time_format(l, "lúc %H giờ %M ngày %d/%m/%Y");
}

/* "DD/MM/YYYY" of "YYYY-MM-DD". */
static char *date_vn_iso(const char *iso)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		return g_strdup(iso ? iso : "");
	return g_strdup_printf("%02d/%02d/%04d", d, m, y);
}

/* A finding's message for the sender: a quarantine's technical reason left out. */
static char *for_sender(const Finding *f)
{
	char *text = g_strdup(f->message);
	gsize n = strlen(text);
	char *open = g_str_has_prefix(f->code, "file-") && n && text[n - 1] == ')'
		? g_strrstr(text, " (") : NULL;
	if (open)
		*open = '\0';
	return text;
}

static const char *unit_name(const Rules *rules, const char *code)
{
	const Unit *u = rules_unit(rules, code);
	return u ? u->name : code;
}

/* The findings worth telling the sender (their count when out is NULL), one line each. */
static guint list_findings(GString *out, const Record *rec, Severity min)
{
	static const char *const told_elsewhere[] = { "sender-unknown", "duplicate", "superseded",
	                                              NULL };
	guint n = 0;
	for (guint i = 0; rec && i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		if (f->severity < min || g_strv_contains(told_elsewhere, f->code))
			continue;
		n++;
		if (out) {
			g_autofree char *t = for_sender(f);
			g_string_append_printf(out, "   - %s\n", t);
		}
	}
	return n;
}

/* What became of one attachment, as one numbered item. */
static void describe(GString *out, guint n, const Submission *s, const Record *rec,
                     const Rules *rules)
{
	g_string_append_printf(out, "%u. %s: ", n, s->file);
	const char *status = s->status ? s->status : "";
	g_autofree char *period = s->period ? period_describe(s->period) : NULL;
	const char *unit = s->unit ? unit_name(rules, s->unit) : NULL;
	if (!strcmp(status, "quarantined")) {
		const Finding *f = rec && rec->findings->len ? rec->findings->pdata[0] : NULL;
		g_autofree char *why = f ? for_sender(f) : g_strdup("tệp không đọc được");
		g_string_append_printf(out, "chưa tiếp nhận được. %s\n", why);
		return;
	}
	if (!strcmp(status, "duplicate")) {
		g_string_append(out, "trùng hoàn toàn với tệp đơn vị đã gửi trước đó; không xử lý lại.\n");
		return;
	}
	if (!strcmp(status, "unrecognised")) {
		g_string_append(out, "đã nhận, nhưng không nhận ra đây là báo cáo theo mẫu hay văn "
		                      "bản của đơn vị; đề nghị kiểm tra lại tệp.\n");
		return;
	}
	if (g_strcmp0(s->kind, "document") == 0) {
		const char *type = record_value(rec, "doc_type");
		const char *number = record_value(rec, "doc_number");
		g_string_append_printf(out, "đã tiếp nhận %s%s%s", type ? type : "văn bản",
		                       number ? " số " : "", number ? number : "");
		if (unit)
			g_string_append_printf(out, " của %s", unit);
		g_string_append(out, ".\n");
		if (list_findings(NULL, rec, SEV_WARNING)) {
			g_string_append(out, "   Đề nghị lưu ý:\n");
			list_findings(out, rec, SEV_WARNING);
		}
		return;
	}
	gboolean incomplete = !strcmp(status, "incomplete");
	g_string_append_printf(out, "%s báo cáo%s%s%s%s", incomplete ? "đã nhận" : "đã tiếp nhận",
	                       period ? " kỳ " : "", period ? period : "",
	                       unit ? " của " : "", unit ? unit : "");
	g_autofree char *when = NULL;
	if (g_strcmp0(s->timeliness, "on_time") == 0) {
		when = g_strdup("nộp đúng hạn");
	} else if (g_strcmp0(s->timeliness, "late") == 0) {
		g_autofree char *due = date_vn_iso(s->due_date);
		when = g_strdup_printf("nộp muộn %d ngày so với hạn %s", MAX(s->days_late, 0), due);
	}
	if (incomplete) {
		g_string_append_printf(out, "%s%s. Báo cáo chưa đầy đủ hoặc có điểm chưa đúng; đề nghị "
		                            "đơn vị bổ sung, sửa và gửi lại:\n", when ? ", " : "",
		                       when ? when : "");
		list_findings(out, rec, SEV_WARNING);
		return;
	}
	if (!strcmp(status, "superseded"))
		g_string_append(out, "; đã có báo cáo gửi sau thay thế.\n");
	else
		g_string_append_printf(out, ": báo cáo đầy đủ%s%s.\n", when ? ", " : "", when ? when : "");
	if (list_findings(NULL, rec, SEV_WARNING)) {
		g_string_append(out, "   Đề nghị lưu ý:\n");
		list_findings(out, rec, SEV_WARNING);
	}
}

char *receipt_text(const MessageRow *m, GPtrArray *subs, GPtrArray *records,
                   const Record *notes, const Rules *rules, char **subject)
{
	GString *out = g_string_new(NULL);
	const char *to = m->unit ? unit_name(rules, m->unit)
	               : m->sender_name ? m->sender_name : m->sender;
	g_autofree char *when = when_vn(m->received_at);
	g_string_append_printf(out, "Kính gửi: %s,\n\n", to ? to : "đồng chí");
	g_string_append_printf(out, "%s đã nhận được thư của %s gửi %s", rules->body.name
	                       ? rules->body.name : "Ủy ban Kiểm tra",
	                       m->unit ? "đơn vị" : "đồng chí", when);
	if (m->subject && *m->subject)
		g_string_append_printf(out, ", tiêu đề \"%s\"", m->subject);
	g_string_append(out, ".\n\n");
	if (!subs->len) {
		g_string_append(out, "Thư không có tệp đính kèm nào được tiếp nhận, nên chưa có báo "
		                      "cáo nào được ghi nhận. Đề nghị đơn vị gửi lại thư có đính kèm "
		                      "tệp báo cáo.\n");
	} else {
		g_string_append_printf(out, "Thư có %u tệp đính kèm:\n\n", subs->len);
		for (guint i = 0; i < subs->len; i++)
			describe(out, i + 1, subs->pdata[i], records->pdata[i], rules);
	}
	if (notes && notes->findings->len) {
		g_string_append(out, "\nLưu ý về thư:\n");
		for (guint i = 0; i < notes->findings->len; i++) {
			const Finding *f = notes->findings->pdata[i];
			g_string_append_printf(out, "- %s\n", f->message);
		}
	}
	if (m->unit)
		g_string_append_printf(out, "\nĐơn vị gửi được ghi nhận là %s, theo địa chỉ thư %s.\n",
		                       unit_name(rules, m->unit), m->sender);
	else if (m->sender)
		g_string_append_printf(out, "\nĐịa chỉ thư %s chưa có trong danh sách hộp thư của các "
		                            "đơn vị, nên đơn vị gửi được xác định theo nội dung văn bản. "
		                            "Nếu đây là hộp thư mới của đơn vị, đề nghị thông báo để Ủy "
		                            "ban Kiểm tra cập nhật.\n", m->sender);
	g_string_append_printf(out, "\nThư này do hệ thống tiếp nhận báo cáo gửi tự động; nếu có "
	                            "điểm chưa đúng, xin vui lòng trả lời thư này.\n\n"
	                            "Trân trọng./.\n%s\n", rules->body.name ? rules->body.name
	                                                                   : "Ủy ban Kiểm tra");
	if (m->subject && *m->subject)
		*subject = g_ascii_strncasecmp(m->subject, "re:", 3) == 0
			? g_strdup(m->subject) : g_strdup_printf("Re: %s", m->subject);
	else {
		g_autofree char *day = when_vn(m->received_at);
		*subject = g_strdup_printf("Xác nhận tiếp nhận thư gửi %s", day);
	}
	return g_string_free(out, FALSE);
}

/* TRUE when the message is one no receipt must go back to. */
static gboolean no_receipt(App *app, const MessageRow *m, const char **why)
{
	g_autofree char *ours = mail_address(app->cfg.mail_from);
	if (!m->sender)
		*why = "it has no sender address";
	else if (m->auto_reply)
		*why = "it is an automatic message";
	else if (ours && g_ascii_strcasecmp(ours, m->sender) == 0)
		*why = "it comes from our own address";
	else
		return FALSE;
	return TRUE;
}

/* Write and record the receipt of message id. */
static gboolean write_one(App *app, gint64 id, const char *maildir, ReceiptStats *stats,
                          GError **error)
{
	g_autoptr(MessageRow) m = store_get_message(app->store, id);
	if (!m)
		return TRUE;
	const char *why = NULL;
	if (no_receipt(app, m, &why)) {
		log_msg(LOG_DEBUG, "no receipt for message %" G_GINT64_FORMAT ": %s", id, why);
		if (!store_begin(app->store, error))
			return FALSE;
		if (!store_set_receipt(app->store, id, "", NULL, error) ||
		    !store_commit(app->store, error)) {
			store_rollback(app->store);
			return FALSE;
		}
		return TRUE;
	}
	g_autoptr(GPtrArray) subs = store_message_submissions(app->store, id);
	g_autoptr(GPtrArray) recs = g_ptr_array_new_with_free_func((GDestroyNotify)record_free);
	gboolean recognised = FALSE;
	for (guint i = 0; i < subs->len; i++) {
		const Submission *s = subs->pdata[i];
		g_ptr_array_add(recs, store_load_record(app->store, s->id));
		recognised = recognised || g_strcmp0(s->kind, "report") == 0 ||
		             g_strcmp0(s->kind, "document") == 0;
	}
	g_autoptr(Record) notes = store_message_findings(app->store, id);
	g_autofree char *subject = NULL;
	g_autofree char *body = receipt_text(m, subs, recs, notes, app->rules, &subject);
	g_autofree char *name = g_strdup_printf("receipt-%06" G_GINT64_FORMAT "-%s.eml", id,
	                                        m->unit ? m->unit : "unknown");
	g_autofree char *path = g_build_filename(maildir, name, NULL);
	MailDraft d = {
		.from = app->cfg.mail_from, .to_name = m->sender_name, .to_addr = m->sender,
		.subject = subject, .body = body, .date = clock_now(), .in_reply_to = m->message_id,
		.references = m->refs, .auto_reply = TRUE,
	};
	/* a receipt for an address outside the roster goes out only for a real document */
	const char *send_to = m->unit || recognised ? m->sender : NULL;
	if (!mail_write_message(path, &d, error))
		return FALSE;
	if (fault_point("receipt written, not yet recorded")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot record the receipt '%s': no space left on device (injected fault)", path);
		return FALSE;
	}
	if (!store_begin(app->store, error))
		return FALSE;
	if (!store_set_receipt(app->store, id, path, send_to, error) ||
	    !store_commit(app->store, error)) {
		store_rollback(app->store);
		return FALSE;
	}
	stats->written++;
	if (!send_to) {
		stats->drafts++;
		log_msg(LOG_INFO, "receipt to %s (not a roster mailbox) left as a draft: %s",
		        m->sender, path);
	}
	return TRUE;
}

gboolean receipts_write(App *app, ReceiptStats *stats, GError **error)
{
	g_autoptr(GArray) ids = store_pending_receipts(app->store);
	g_autofree char *maildir = g_build_filename(app->cfg.outbox, "mail", NULL);
	for (guint i = 0; i < ids->len; i++)
		if (!write_one(app, g_array_index(ids, gint64, i), maildir, stats, error))
			return FALSE;
	if (stats->written)
		log_msg(LOG_INFO, "%u receipt%s written to %s", stats->written,
		        stats->written == 1 ? "" : "s", maildir);
	return TRUE;
}

void receipts_send(App *app, ReceiptStats *stats)
{
	if (!app->cfg.smtp_url)
		return;
	g_autoptr(GPtrArray) unsent = store_unsent_receipts(app->store);
	if (!unsent->len)
		return;
	g_autoptr(GError) err = NULL;
	g_autofree char *password = mail_password(app->cfg.smtp_password_file, &err);
	g_autofree char *from = mail_address(app->cfg.mail_from);
	if (err || !from) {
		log_msg(LOG_ERROR, "cannot send receipts: %s", err ? err->message
		        : "no address in [mail] from");
		stats->send_failed += unsent->len;
		return;
	}
	for (guint i = 0; i < unsent->len; i++) {
		char **r = unsent->pdata[i];
		if (!mail_send(app->cfg.smtp_url, app->cfg.smtp_user, password, from, r[1], r[0], &err) ||
		    !store_mark_sent(app->store, r[0], r[1], &err)) {
			log_msg(LOG_ERROR, "%s (it will be sent by the next run)", err->message);
			g_clear_error(&err);
			stats->send_failed++;
			continue;
		}
		stats->sent++;
	}
	log_msg(LOG_INFO, "%u receipt%s sent through %s", stats->sent, stats->sent == 1 ? "" : "s",
	        app->cfg.smtp_url);
}
