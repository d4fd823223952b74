/*
 * cmd_remind.c - `baocao remind [--days N]`: for every unit whose report for a period
 * is due within N days or overdue and has not arrived, a reminder (.eml draft) in
 * outbox/mail/, at most once per unit, period and stage (before the due date, overdue),
 * so that a nightly cron may call it. Exit 1 when reminders were written.
 */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "common.h"
#include "mail.h"

#define OVERDUE_WINDOW 90   /* days after the due date during which a reminder is due */

/* TRUE when the unit has a current report for the period. */
static gboolean has_report(GPtrArray *subs, const char *unit)
{
	for (guint i = 0; i < subs->len; i++) {
		const Submission *s = subs->pdata[i];
		if (g_strcmp0(s->unit, unit) == 0 && g_strcmp0(s->kind, "report") == 0 &&
		    !s->superseded_by && !s->duplicate_of)
			return TRUE;
	}
	return FALSE;
}

int cmd_remind(int argc, char **argv)
{
	gint days = 3;
	char *from = NULL;
	GOptionEntry entries[] = {
		{ "days", 0, 0, G_OPTION_ARG_INT, &days, "remind this many days before the due date (default 3)", "N" },
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from, "sender of the reminders (default: the inspection committee's address in baocao.conf [mail] from)", "ADDR" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- remind units whose report is due or overdue");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
	g_autofree char *sender = from;
	if (!parsed || argc != 1 || days < 0) {
		log_msg(LOG_ERROR, "remind: %s", err ? err->message : "unexpected argument");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | APP_LOCK | APP_WAIT))
		return EXIT_FAILED;
	if (!sender)
		sender = g_strdup(app.cfg.mail_from);
	GDate today;
	gint64 now = clock_now();
	clock_date(now, &today);
	g_autoptr(GPtrArray) periods = rules_expected_periods(app.rules, &today, days);
	g_autofree char *maildir = g_build_filename(app.cfg.outbox, "mail", NULL);
	guint written = 0;
	int rc = EXIT_CLEAN;
	for (guint p = 0; p < periods->len && rc != EXIT_FAILED; p++) {
		const char *period = periods->pdata[p];
		GDate due;
		if (!rules_due_date(app.rules, period, &due))
			continue;
		int left = g_date_days_between(&today, &due);
		const char *stage = left >= 0 && left <= days ? "before"
		                  : left < 0 && -left <= OVERDUE_WINDOW ? "overdue" : NULL;
		if (!stage)
			continue;
		g_autoptr(GPtrArray) subs = store_list(app.store, period);
		g_autofree char *desc = period_describe(period);
		g_autofree char *duev = date_vn(&due);
		for (guint u = 0; u < app.rules->units->len; u++) {
			const Unit *unit = app.rules->units->pdata[u];
			if (!rules_unit_expected(app.rules, unit, period) || has_report(subs, unit->code) ||
			    store_reminded(app.store, unit->code, period, stage))
				continue;
			g_autofree char *pdir = g_strdelimit(g_strdup(period), ":/", '-');
			g_autofree char *name = g_strdup_printf("%s-%s-%s.eml", pdir, unit->code, stage);
			g_autofree char *path = g_build_filename(maildir, name, NULL);
			g_autofree char *subject = !strcmp(stage, "before")
				? g_strdup_printf("Nhắc nộp báo cáo kết quả thực hiện Nghị quyết 66-NQ/TW kỳ %s "
				                  "(hạn %s)", desc, duev)
				: g_strdup_printf("Đề nghị nộp báo cáo kết quả thực hiện Nghị quyết 66-NQ/TW kỳ %s "
				                  "(đã quá hạn %s)", desc, duev);
			g_autofree char *when = !strcmp(stage, "before")
				? g_strdup_printf("có hạn nộp ngày %s (còn %d ngày)", duev, left)
				: g_strdup_printf("có hạn nộp ngày %s (đã quá hạn %d ngày)", duev, -left);
			g_autofree char *body = g_strdup_printf(
				"Kính gửi: %s,\n\n"
				"Báo cáo kết quả thực hiện Nghị quyết số 66-NQ/TW kỳ %s %s. Đến nay Ủy ban "
				"Kiểm tra chưa nhận được báo cáo của đơn vị.\n\n"
				"Đề nghị đồng chí phụ trách gửi báo cáo theo mẫu về Ủy ban Kiểm tra "
				"(qua thư điện tử hoặc thư mục dùng chung) trong thời gian sớm nhất. "
				"Nếu đơn vị đã gửi, xin vui lòng phản hồi thư này để chúng tôi kiểm tra lại.\n\n"
				"Trân trọng./.\n", unit->name, desc, when);
			if (!*unit->email) {
				log_msg(LOG_WARN, "unit %s has no mailbox in the roster; no reminder written", unit->code);
				continue;
			}
			if (!mail_write_draft(path, sender, unit->name, unit->email, subject, body, now, &err) ||
			    !store_add_reminder(app.store, unit->code, period, stage, path, &err)) {
				log_msg(LOG_ERROR, "remind: %s", err->message);
				rc = EXIT_FAILED;
				break;
			}
			printf("%-12s %-22s %-8s %s\n", unit->code, period, stage, path);
			written++;
		}
	}
	if (rc != EXIT_FAILED)
		log_msg(LOG_INFO, "remind: %u reminder%s written to %s", written, written == 1 ? "" : "s",
		        maildir);
	/* with an SMTP server configured, send every reminder not sent yet (also those a
	 * failed night left behind); each is recorded once the server has accepted it */
	if (rc != EXIT_FAILED && app.cfg.smtp_url) {
		g_autofree char *password = mail_password(app.cfg.smtp_password_file, &err);
		g_autofree char *from_addr = mail_address(sender);
		if (err) {
			log_msg(LOG_ERROR, "remind: %s", err->message);
			rc = EXIT_FAILED;
		} else if (!from_addr) {
			log_msg(LOG_ERROR, "remind: no address in the sender '%s'", sender);
			rc = EXIT_FAILED;
		}
		g_autoptr(GPtrArray) unsent = rc == EXIT_FAILED ? NULL : store_unsent_reminders(app.store);
		guint sent = 0;
		for (guint i = 0; unsent && i < unsent->len; i++) {
			char **r = unsent->pdata[i];
			const Unit *unit = rules_unit(app.rules, r[1]);
			if (!unit || !*unit->email)
				continue;
			if (!mail_send(app.cfg.smtp_url, app.cfg.smtp_user, password, from_addr, unit->email,
			               r[0], &err) ||
			    !store_mark_sent(app.store, r[0], unit->email, &err)) {
				log_msg(LOG_ERROR, "remind: %s (it will be sent by the next call)", err->message);
				g_clear_error(&err);
				rc = EXIT_FAILED;
				continue;
			}
			sent++;
		}
		log_msg(LOG_INFO, "remind: %u reminder%s sent through %s", sent, sent == 1 ? "" : "s",
		        app.cfg.smtp_url);
	}
	app_close(&app);
	return rc == EXIT_FAILED ? rc : written ? EXIT_FINDINGS : EXIT_CLEAN;
}
