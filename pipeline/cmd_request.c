/*
 * cmd_request.c - `baocao request add NUMBER --date D --due D [--units U,U] [--title T]`
 * and `baocao request list`: ad-hoc report requests. A request opens the period
 * adhoc:<NUMBER> with its expected units; reports whose "Kỳ báo cáo" cites it are filed
 * under it. Requests can also be declared in rules/calendar.conf.
 */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "clerk.h"
#include "common.h"
#include "vntext.h"

int cmd_request(int argc, char **argv)
{
	char *date = NULL, *due = NULL, *units = NULL, *title = NULL;
	GOptionEntry entries[] = {
		{ "date", 0, 0, G_OPTION_ARG_STRING, &date, "date of the request (YYYY-MM-DD)", "D" },
		{ "due", 0, 0, G_OPTION_ARG_STRING, &due, "due date of the reports (YYYY-MM-DD)", "D" },
		{ "units", 0, 0, G_OPTION_ARG_STRING, &units, "unit codes, comma-separated (default: every unit)", "U,U" },
		{ "title", 0, 0, G_OPTION_ARG_STRING, &title, "what is asked", "T" },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("add NUMBER | list - ad-hoc report requests");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Example: baocao request add 45-CV/UBKTTU --date 2025-10-25 --due 2025-11-10 \\\n"
		"             --title \"Báo cáo nhanh kết quả triển khai Nghị quyết 66\"");
	g_autoptr(GError) err = NULL;
	gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
	g_autofree char *d = date, *du = due, *u = units, *t = title;
	gboolean add = parsed && argc == 3 && strcmp(argv[1], "add") == 0;
	gboolean list = parsed && argc == 2 && strcmp(argv[1], "list") == 0;
	if (!add && !list) {
		log_msg(LOG_ERROR, "request: %s", err ? err->message : "use 'request add NUMBER ...' or 'request list'");
		return EXIT_FAILED;
	}
	if (add && (!d || !du)) {
		log_msg(LOG_ERROR, "request add: --date and --due are required");
		return EXIT_FAILED;
	}
	App app;
	if (!app_open(&app, APP_STORE | (add ? APP_LOCK | APP_WAIT : 0)))
		return EXIT_FAILED;
	int rc = EXIT_CLEAN;
	if (add) {
		g_autofree char *number = vn_normalize(argv[2], -1);
		g_strstrip(number);
		/* check it against the rules before it is stored */
		if (!*number || !rules_add_request(app.rules, number, d, du, u ? u : "", t, &err) ||
		    !store_add_request(app.store, number, d, du, u ? u : "", t, app_who(), &err)) {
			log_msg(LOG_ERROR, "request add: %s", err ? err->message : "the number is empty");
			rc = EXIT_FAILED;
		} else
			printf("request %s declared: period adhoc:%s, due %s\n", number, number, du);
	} else {
		for (guint i = 0; i < app.rules->requests->len; i++) {
			const Request *q = app.rules->requests->pdata[i];
			g_autofree char *dd = date_vn(&q->date), *dv = date_vn(&q->due);
			g_autofree char *who = q->units ? g_strjoinv(",", q->units) : g_strdup("mọi đơn vị");
			printf("adhoc:%-20s ngày %s, hạn %s, %s%s%s\n", q->number, dd, dv, who,
			       q->title ? ": " : "", q->title ? q->title : "");
		}
	}
	app_close(&app);
	return rc;
}
