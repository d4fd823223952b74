/*
 * cmd_review.c - `baocao review`: what needs a person, oldest first. Each item shows
 * the file, what was read and where, and the command that fixes it. Exit 0 when the
 * queue is empty, 1 when something waits.
 */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "archive.h"
#include "common.h"

#define LOW_CONFIDENCE 0.8

static void item(gboolean *header, const Submission *s, const char *what, const char *fix)
{
	if (!*header) {
		g_autofree char *when = clock_iso(s->received_at);
		printf("\n[%" G_GINT64_FORMAT "] %s  %s\n", s->id, when, s->path);
		*header = TRUE;
	}
	printf("    %s\n    sửa: %s\n", what, fix);
}

int cmd_review(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("- what needs a person, oldest first");
	g_option_context_set_description(ctx,
		"Lists quarantined and unrecognised files, reports whose unit or period could not\n"
		"be told or that conflict, unreadable or low-confidence values, with the command\n"
		"that fixes each; and e-mail messages with problems (attachments refused, a\n"
		"message that could not be taken apart) whose receipt has not been sent. Exit status: 0 nothing to review, 1 items wait, 2 could not run.");
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 1) {
		log_msg(LOG_ERROR, "review: %s", err ? err->message : "no arguments expected");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE))
		return EXIT_FAILED;
	g_autoptr(GPtrArray) subs = store_list(app.store, NULL);
	/* oldest received first */
	for (guint i = 1; i < subs->len; i++)
		for (guint j = i; j > 0 && ((Submission *)subs->pdata[j - 1])->received_at >
		                           ((Submission *)subs->pdata[j])->received_at; j--) {
			gpointer t = subs->pdata[j];
			subs->pdata[j] = subs->pdata[j - 1];
			subs->pdata[j - 1] = t;
		}
	guint items = 0, files = 0;
	for (guint i = 0; i < subs->len; i++) {
		const Submission *s = subs->pdata[i];
		if (s->duplicate_of || s->superseded_by)
			continue;
		g_autoptr(Record) rec = store_load_record(app.store, s->id);
		if (record_has_finding(rec, "rejected"))
			continue;
		gboolean header = FALSE;
		guint before = items;
		g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, s->id);
		if (g_strcmp0(s->state, "quarantined") == 0) {
			const Finding *f = rec->findings->len ? rec->findings->pdata[0] : NULL;
			g_autofree char *what = g_strdup_printf("tệp bị cách ly: %s", f ? f->message : "");
			g_autofree char *fix = g_strdup_printf("baocao requeue %s (khi bộ đọc đã hỗ trợ loại tệp này)"
			                                       " hoặc baocao reject %s --reason \"...\"", id, id);
			item(&header, s, what, fix);
			items++;
		} else if (g_strcmp0(s->kind, "unknown") == 0) {
			g_autofree char *fix = g_strdup_printf("baocao assign %s --unit <mã đơn vị> --period "
			                                       "<kỳ> --form bc-nq66, hoặc baocao reject %s "
			                                       "--reason \"...\"", id, id);
			item(&header, s, "không nhận dạng được là báo cáo theo mẫu hay văn bản", fix);
			items++;
		}
		for (guint k = 0; k < rec->findings->len; k++) {
			const Finding *f = rec->findings->pdata[k];
			g_autofree char *fix = NULL;
			if (!strcmp(f->code, "unit-unknown") || !strcmp(f->code, "unit-conflict"))
				fix = g_strdup_printf("baocao assign %s --unit <mã đơn vị>", id);
			else if (!strcmp(f->code, "period-unknown") || !strcmp(f->code, "period-from-date") ||
			         !strcmp(f->code, "period-date-mismatch"))
				fix = g_strdup_printf("baocao assign %s --period <kỳ, ví dụ 2025-10>", id);
			else if (!strcmp(f->code, "indicator-unreadable"))
				fix = g_strdup_printf("baocao set %s %s.period <giá trị>", id, f->field);
			else if (!strcmp(f->code, "task-status-invalid"))
				fix = g_strdup_printf("baocao set %s task:%s \"<Hoàn thành|Đang thực hiện|Chưa "
				                      "thực hiện|Không phát sinh>\"", id, f->field);
			if (!fix)
				continue;
			item(&header, s, f->message, fix);
			items++;
		}
		for (guint k = 0; k < rec->fields->len; k++) {
			const Field *f = rec->fields->pdata[k];
			if (f->name[0] == '_' || f->confidence >= LOW_CONFIDENCE ||
			    (f->where && g_str_has_prefix(f->where, "manual")))
				continue;
			g_autofree char *one = g_strdup(f->value);
			g_strdelimit(one, "\n\t", ' ');
			g_autofree char *what = g_strdup_printf("%s đọc được \"%.80s\" (độ tin cậy %.2f, tại %s)",
			                                        f->name, one, f->confidence,
			                                        f->where ? f->where : "-");
			g_autofree char *fix = g_strdup_printf("baocao set %s %s \"<giá trị đúng>\" (nếu sai)",
			                                       id, f->name);
			item(&header, s, what, fix);
			items++;
		}
		files += items > before;
	}
	/* what was wrong with an e-mail itself, when no receipt has told the sender */
	g_autoptr(GArray) msgs = store_messages_to_review(app.store);
	for (guint i = 0; i < msgs->len; i++) {
		gint64 mid = g_array_index(msgs, gint64, i);
		g_autoptr(MessageRow) m = store_get_message(app.store, mid);
		g_autoptr(Record) notes = store_message_findings(app.store, mid);
		if (!m)
			continue;
		g_autofree char *when = clock_iso(m->received_at);
		g_autofree char *orig = archive_path(&app.cfg, m->sha256);
		printf("\n[thư %" G_GINT64_FORMAT "] %s  %s  từ %s\n", mid, when, m->origin,
		       m->sender ? m->sender : "(không rõ người gửi)");
		for (guint k = 0; k < notes->findings->len; k++) {
			const Finding *f = notes->findings->pdata[k];
			printf("    %s\n", f->message);
			items++;
		}
		printf("    sửa: báo để đơn vị gửi lại%s%s (thư gốc: %s)\n", m->receipt && *m->receipt
		       ? ", kèm thư xác nhận " : "", m->receipt && *m->receipt ? m->receipt : "", orig);
		files++;
	}
	if (items)
		printf("\nCần xử lý: %u mục ở %u hồ sơ.\n", items, files);
	else
		printf("Không có hồ sơ nào cần xử lý.\n");
	app_close(&app);
	return items ? EXIT_FINDINGS : EXIT_CLEAN;
}
