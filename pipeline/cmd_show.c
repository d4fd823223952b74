/*
 * cmd_show.c - `baocao show ID|FILE [--text]`: everything known about one submission:
 * where it came from, what was read with confidences and places, the findings and the
 * history. --text prints the text the reader found, as the later stages saw it.
 */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "common.h"
#include "archive.h"
#include "ingest.h"
#include "read.h"

static int show_text(App *app, const Submission *s)
{
	g_autofree char *path = archive_path(&app->cfg, s->sha256);
	g_autoptr(GMappedFile) mf = g_mapped_file_new(path, FALSE, NULL);
	if (!mf) {
		log_msg(LOG_ERROR, "the original of submission %" G_GINT64_FORMAT " is not in the archive ('%s')",
		        s->id, path);
		return EXIT_FAILED;
	}
	g_autoptr(GError) err = NULL;
	FileType ft;
	g_autoptr(Doc) doc = read_document((const guint8 *)g_mapped_file_get_contents(mf),
	                                   g_mapped_file_get_length(mf), s->file, &ft, &err);
	if (!doc) {
		log_msg(LOG_ERROR, "cannot read '%s': %s", s->file, err->message);
		return EXIT_FINDINGS;
	}
	g_autofree char *text = doc_to_text(doc);
	fputs(text, stdout);
	return EXIT_CLEAN;
}

int cmd_show(int argc, char **argv)
{
	gboolean text = FALSE;
	GOptionEntry entries[] = {
		{ "text", 0, 0, G_OPTION_ARG_NONE, &text, "print the text read from the file", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID|FILE - what was read from a submission");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
		log_msg(LOG_ERROR, "show: %s", err ? err->message : "give one submission id or file name");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE)) {
		return EXIT_FAILED;
	}
	g_autoptr(Submission) s = app_find_submission(&app, argv[1], &err);
	if (!s) {
		log_msg(LOG_ERROR, "%s", err->message);
		app_close(&app);
		return EXIT_FAILED;
	}
	if (text) {
		int rc = show_text(&app, s);
		app_close(&app);
		return rc;
	}
	g_autoptr(Record) rec = store_load_record(app.store, s->id);
	g_autofree char *recv = clock_iso(s->received_at);
	printf("Hồ sơ %" G_GINT64_FORMAT ": %s\n", s->id, s->file);
	printf("  nguồn: %s, thư mục: %s, nhận lúc: %s\n", s->source, s->path, recv);
	printf("  sha256: %s, %" G_GINT64_FORMAT " byte, loại tệp: %s\n", s->sha256, s->size,
	       s->file_type ? s->file_type : "-");
	printf("  loại: %s%s%s, đơn vị: %s, kỳ: %s\n", s->kind ? s->kind : "-",
	       s->form ? " " : "", s->form ? s->form : "", s->unit ? s->unit : "-",
	       s->period ? s->period : "-");
	printf("  trạng thái: %s, thời hạn: %s", s->status ? s->status : "-",
	       s->timeliness ? s->timeliness : "-");
	if (s->days_late > 0)
		printf(" (%d ngày)", s->days_late);
	if (s->due_date)
		printf(", hạn nộp: %s", s->due_date);
	printf("\n");
	g_autoptr(MessageRow) m = s->message_id ? store_get_message(app.store, s->message_id) : NULL;
	if (m && m->archive) {
		printf("  giải nén từ tệp nén: %s (sha256 %s)\n", m->origin, m->sha256);
	} else if (m) {
		g_autofree char *sent = m->date ? clock_iso(m->date) : NULL;
		printf("  thư điện tử %" G_GINT64_FORMAT ": từ %s%s%s%s, tiêu đề \"%s\"\n", m->id,
		       m->sender_name ? m->sender_name : "", m->sender_name ? " <" : "",
		       m->sender ? m->sender : "(không rõ)", m->sender_name ? ">" : "",
		       m->subject ? m->subject : "");
		printf("    Message-ID: <%s>, ngày gửi ghi trong thư: %s, nhận qua: %s\n",
		       m->message_id ? m->message_id : "-", sent ? sent : "-", m->origin);
		if (m->receipt && *m->receipt)
			printf("    thư xác nhận: %s\n", m->receipt);
		g_autoptr(Record) notes = store_message_findings(app.store, m->id);
		for (guint i = 0; i < notes->findings->len; i++) {
			const Finding *f = notes->findings->pdata[i];
			printf("    [%s] %s: %s\n", severity_name(f->severity), f->code, f->message);
		}
	}
	if (s->duplicate_of)
		printf("  trùng với hồ sơ %" G_GINT64_FORMAT "\n", s->duplicate_of);
	if (s->superseded_by)
		printf("  đã được thay thế bởi hồ sơ %" G_GINT64_FORMAT "\n", s->superseded_by);
	if (rec->fields->len)
		printf("\nCác trường (độ tin cậy, nơi đọc):\n");
	for (guint i = 0; i < rec->fields->len; i++) {
		const Field *f = rec->fields->pdata[i];
		if (f->name[0] == '_')
			continue;
		g_autofree char *one = g_strdup(f->value);
		for (char *p = one; *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (g_utf8_strlen(one, -1) > 90) {
			char *cut = g_utf8_offset_to_pointer(one, 87);
			memcpy(cut, "...", 4);
		}
		printf("  %-16s %s  (%.2f, %s)\n", f->name, one, f->confidence, f->where ? f->where : "-");
	}
	if (rec->indicators->len)
		printf("\nChỉ số:            Trong kỳ   Lũy kế\n");
	for (guint i = 0; i < rec->indicators->len; i++) {
		const IndicatorValue *v = rec->indicators->pdata[i];
		char p[32] = "-", y[32] = "-";
		if (v->has_period)
			g_snprintf(p, sizeof p, "%g", v->period_value);
		if (v->has_ytd)
			g_snprintf(y, sizeof y, "%g", v->ytd_value);
		printf("  %-16s %9s %9s  (%.2f, %s)\n", v->code, p, y, v->confidence,
		       v->where ? v->where : "-");
	}
	if (rec->tasks->len)
		printf("\nNhiệm vụ:\n");
	for (guint i = 0; i < rec->tasks->len; i++) {
		const TaskRow *t = rec->tasks->pdata[i];
		printf("  %-8s %-18s %s\n", t->code, t->status ? t->status : "-", t->result ? t->result : "");
	}
	if (rec->issued->len)
		printf("\nVăn bản đã ban hành:\n");
	for (guint i = 0; i < rec->issued->len; i++) {
		const IssuedDoc *d = rec->issued->pdata[i];
		printf("  %-14s %-10s %s\n", d->doc_number ? d->doc_number : "-",
		       d->doc_date ? d->doc_date : "-", d->summary ? d->summary : "");
	}
	if (rec->findings->len)
		printf("\nPhát hiện:\n");
	for (guint i = 0; i < rec->findings->len; i++) {
		const Finding *f = rec->findings->pdata[i];
		printf("  [%s] %s%s%s: %s\n", severity_name(f->severity), f->code, f->field ? " " : "",
		       f->field ? f->field : "", f->message);
	}
	g_autoptr(GPtrArray) ev = store_events(app.store, s->id);
	printf("\nLịch sử:\n");
	for (guint i = 0; i < ev->len; i++) {
		char **e = ev->pdata[i];
		printf("  %s  %-12s %s\n", e[0], e[1], e[2] ? e[2] : "");
	}
	app_close(&app);
	return EXIT_CLEAN;
}
