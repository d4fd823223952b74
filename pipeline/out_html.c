/*
 * out_html.c - the HTML page of a period and the index across periods (see out_html.h),
 * written in stage 6 from a Summary.
 *
 * The whole page is built in one GString. Data reaches it only through put_text() (that
 * is g_markup_escape_text()) or as a number we format ourselves; everything printed
 * directly is a constant of this file. The charts are SVG drawn here on integer
 * coordinates inside a viewBox, so that they scale to any screen and to paper and do not
 * depend on the locale's decimal sign. There is no script: the page must work opened
 * from a shared folder with no network, and a Content-Security-Policy forbids any script
 * or outside resource should escaping ever be missed.
 */
#include <math.h>
#include <string.h>
#include "common.h"
#include "out_html.h"

#define COL_RATE    "#1f5fa8"   /* reporting rate */
#define COL_ONTIME  "#2e7d32"   /* on-time rate */
#define COL_IND     "#8b2c2c"   /* indicator totals */

static const char page_css[] =
	"*{box-sizing:border-box}"
	"body{margin:0;background:#fff;color:#1a1a1a;font-family:\"Times New Roman\",Times,"
	"\"Liberation Serif\",\"DejaVu Serif\",serif;font-size:16px;line-height:1.45}"
	"main{max-width:1180px;margin:0 auto;padding:22px 28px 36px}"
	"header.top{border-bottom:3px double #8b0000;padding-bottom:10px;margin-bottom:14px}"
	"h1{font-size:27px;margin:0 0 4px;color:#8b0000}"
	"h2{font-size:20px;margin:30px 0 10px;padding-bottom:3px;border-bottom:1px solid #bbb;"
	"color:#222}"
	"h3{font-size:17px;margin:18px 0 6px}"
	".sub{font-size:17px;margin:0 0 4px}"
	".meta{color:#444;margin:2px 0}"
	".note{color:#555;font-size:14px;margin:4px 0 10px}"
	"nav.toc{margin:10px 0 4px;font-size:15px}"
	"nav.toc a{margin-right:14px;color:#1f4f8a;white-space:nowrap}"
	".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:10px 0}"
	".card{border:1px solid #c8c8c8;border-left:6px solid #1f5fa8;background:#f8fafc;"
	"padding:8px 12px}"
	".card .v{font-size:28px;font-weight:bold;line-height:1.2}"
	".card .k{color:#333}"
	".card.c-good{border-left-color:#2e7d32}.card.c-warn{border-left-color:#c77700}"
	".card.c-bad{border-left-color:#b3261e}.card.c-bad .v{color:#a11b12}"
	".card.c-rate{background:#eef4fb}"
	"table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:15px}"
	"th,td{border:1px solid #b5b5b5;padding:4px 7px;text-align:left;vertical-align:top}"
	"th{background:#e9edf2;font-weight:bold}"
	"tbody tr:nth-child(even){background:#f7f7f7}"
	"td.n,th.n{text-align:right}td.n{white-space:nowrap;font-variant-numeric:tabular-nums}"
	"td.c,th.c{text-align:center}"
	"td.file{overflow-wrap:anywhere;font-size:14px}"
	"table.units{table-layout:fixed}"
	"col.w-stt{width:5%}col.w-code{width:13%}col.w-name{width:23%}col.w-group{width:15%}"
	"col.w-state{width:11%}col.w-status{width:10%}col.w-day{width:10%}col.w-file{width:13%}"
	"td.text{white-space:pre-line}"
	"code{font-family:\"Times New Roman\",Times,serif;font-weight:bold}"
	".ok,.bad{white-space:nowrap}"
	".st{display:inline-block;padding:0 7px;border-radius:3px;font-weight:bold;"
	"white-space:nowrap}"
	".st-on{background:#e2f1e3;color:#1b5e20}.st-late{background:#fff0d2;color:#7d4300}"
	".st-miss{background:#fde2df;color:#a11b12}.st-na{background:#ececec;color:#555}"
	".ok{color:#1b5e20;font-weight:bold}.bad{color:#a11b12;font-weight:bold}"
	".none{color:#777}"
	"tr.sev-error td{background:#fdeceb}tr.sev-warning td{background:#fff7e6}"
	".sev{font-weight:bold;white-space:nowrap}"
	"tr.sev-error .sev{color:#a11b12}tr.sev-warning .sev{color:#7d4300}"
	".chart{margin:8px 0 16px}"
	".chart svg{display:block;max-width:100%;height:auto}"
	"svg text{font-family:\"Times New Roman\",Times,serif}"
	"footer{margin-top:30px;border-top:1px solid #bbb;padding-top:6px;color:#555;"
	"font-size:14px}"
	"@media screen and (max-width:760px){.cards{grid-template-columns:repeat(2,1fr)}"
	"main{padding:12px}}"
	"@page{size:A4;margin:14mm 12mm}"
	"@media print{body{font-size:11pt}main{max-width:none;padding:0}"
	"nav.toc{display:none}a{color:inherit;text-decoration:none}"
	"h2,h3{break-after:avoid;page-break-after:avoid}"
	"table,tr,.chart,.cards,.card{break-inside:avoid;page-break-inside:avoid}"
	"table.long{break-inside:auto;page-break-inside:auto}"
	"thead{display:table-header-group}table{font-size:10pt}.st,.ok,.bad{white-space:normal}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/* Appends s escaped for HTML text and attribute values (and for SVG text); NULL appends
 * nothing. g_markup_escape_text() wants valid UTF-8, so broken text is repaired first. */
static void put_text(GString *out, const char *s)
{
	if (!s)
		return;
	g_autofree char *valid = g_utf8_validate(s, -1, NULL) ? NULL : g_utf8_make_valid(s, -1);
	g_autofree char *esc = g_markup_escape_text(valid ? valid : s, -1);
	g_string_append(out, esc);
}

/* s cut to at most max characters, "…" marking a cut (g_free). */
static char *clip(const char *s, glong max)
{
	g_autofree char *valid = g_utf8_make_valid(s ? s : "", -1);
	if (g_utf8_strlen(valid, -1) <= max)
		return g_steal_pointer(&valid);
	g_autofree char *head = g_utf8_substring(valid, 0, max - 1);
	return g_strconcat(head, "…", NULL);
}

static void put_num(GString *out, double v)
{
	g_autofree char *n = summary_number_vn(v);
	put_text(out, n);
}

static void put_count(GString *out, guint v)
{
	put_num(out, (double)v);
}

/* "86,4%": a rate in percent with one decimal and the decimal comma, whatever the
 * locale (g_free). */
static char *pct_text(double v)
{
	if (isnan(v))
		return g_strdup("—");
	if (v == 0)
		v = 0;     /* no "-0,0%" */
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(buf, sizeof buf, "%.1f", v);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	return g_strconcat(buf, "%", NULL);
}

static void put_pct(GString *out, double v)
{
	g_autofree char *p = pct_text(v);
	put_text(out, p);
}

/* "2025-10-20" -> "20/10/2025"; anything else is shown as it is. */
static void put_date_iso(GString *out, const char *iso)
{
	if (!iso || !*iso) {
		g_string_append(out, "chưa xác định");
		return;
	}
	gboolean ok = strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(iso[i]))
			ok = FALSE;
	if (!ok) {
		put_text(out, iso);
		return;
	}
	g_string_append_len(out, iso + 8, 2);
	g_string_append_c(out, '/');
	g_string_append_len(out, iso + 5, 2);
	g_string_append_c(out, '/');
	g_string_append_len(out, iso, 4);
}

/* Unix seconds as the authority's local date, "18/10/2025". */
static void put_day(GString *out, gint64 t)
{
	if (t <= 0) {
		g_string_append(out, "—");
		return;
	}
	GDate d;
	clock_date(t, &d);
	g_autofree char *s = date_vn(&d);
	put_text(out, s);
}

/* "09:30 ngày 18/10/2025" in the authority's time zone. */
static void put_moment(GString *out, gint64 t)
{
	g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
	if (!u)
		return;
	g_autoptr(GDateTime) l = g_date_time_to_timezone(u, clock_tz());
	g_string_append_printf(out, "%02d:%02d ngày %02d/%02d/%04d",
	                       g_date_time_get_hour(l), g_date_time_get_minute(l),
	                       g_date_time_get_day_of_month(l), g_date_time_get_month(l),
	                       g_date_time_get_year(l));
}

/* The clerk's word for a code of the store, or NULL when there is none. */
static const char *lookup_vn(const char *const (*table)[2], gsize n, const char *code)
{
	for (gsize i = 0; code && i < n; i++)
		if (strcmp(table[i][0], code) == 0)
			return table[i][1];
	return NULL;
}

static const char *const kind_names[][2] = {
	{ "report", "Báo cáo" },
	{ "document", "Văn bản" },
	{ "unknown", "Không nhận dạng được" },
};

static const char *const status_names[][2] = {
	{ "accepted", "Đạt" },
	{ "incomplete", "Chưa đầy đủ" },
	{ "superseded", "Đã được thay thế" },
	{ "duplicate", "Trùng lặp" },
	{ "quarantined", "Cách ly" },
	{ "unrecognised", "Không nhận dạng được" },
	{ "received", "Chờ đọc" },
	{ "read", "Đã đọc" },
};

static void put_code_vn(GString *out, const char *const (*table)[2], gsize n,
                        const char *code)
{
	const char *vn = lookup_vn(table, n, code);
	if (vn)
		g_string_append(out, vn);
	else if (code)
		put_text(out, code);
	else
		g_string_append(out, "—");
}

static void page_open(GString *out, const char *title_a, const char *title_b)
{
	g_string_append(out,
		"<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n"
		"<meta name=\"generator\" content=\"baocao\">\n<title>");
	put_text(out, title_a);
	put_text(out, title_b);
	g_string_append(out, "</title>\n<style>");
	g_string_append(out, page_css);
	g_string_append(out, "</style>\n</head>\n<body>\n<main>\n");
}

static void page_close(GString *out, gint64 generated_at)
{
	g_string_append(out, "<footer>Trang do chương trình baocao lập tự động");
	if (generated_at > 0) {
		g_string_append(out, " lúc ");
		put_moment(out, generated_at);
	}
	g_string_append(out, " từ các báo cáo đã nhận; không sửa trực tiếp trang này."
	                "</footer>\n</main>\n</body>\n</html>\n");
}

static gboolean page_write(const GString *out, const char *path, GError **error)
{
	return g_file_set_contents_full(path, out->str, (gssize)out->len,
	                                G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* ---- charts ---------------------------------------------------------------------- */

static void svg_open(GString *out, int w, int h, const char *label)
{
	g_string_append_printf(out, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
	                       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	                       "aria-label=\"", w, h, w, h);
	put_text(out, label);
	g_string_append(out, "\">\n");
}

static void svg_close(GString *out)
{
	g_string_append(out, "</svg></div>\n");
}

/* A legend entry: a coloured square and its label, at x, y (baseline). */
static void svg_legend(GString *out, int x, int y, const char *colour, const char *label)
{
	g_string_append_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
	                       "<text x=\"%d\" y=\"%d\" font-size=\"15\">", x, y - 12, colour,
	                       x + 20, y);
	put_text(out, label);
	g_string_append(out, "</text>\n");
}

/* One horizontal bar of a rate with its value at its end and a tooltip. */
static void svg_rate_bar(GString *out, int x, int y, int w_full, int h, double rate,
                         const char *colour, const char *tip)
{
	double r = isnan(rate) ? 0 : CLAMP(rate, 0, 100);
	int w = (int)lround(r * w_full / 100.0);
	g_string_append_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
	                       "<title>", x, y, w, h, colour);
	put_text(out, tip);
	g_string_append_printf(out, "</title></rect><text x=\"%d\" y=\"%d\" font-size=\"14\">",
	                       x + w + 6, y + h - 3);
	put_pct(out, rate);
	g_string_append(out, "</text>\n");
}

/* Chart 1: reporting and on-time rate of each group, 0 to 100%. */
static void chart_groups(GString *out, const Summary *s)
{
	const int label_w = 290, plot_w = 560, band = 46, bar = 16, top = 34, W = 920;
	guint n = s->groups ? s->groups->len : 0;
	int H = top + (int)n * band + 30;
	svg_open(out, W, H, "Tỷ lệ báo cáo và tỷ lệ đúng hạn theo khối");
	svg_legend(out, label_w, 18, COL_RATE, "Tỷ lệ báo cáo");
	svg_legend(out, label_w + 170, 18, COL_ONTIME, "Tỷ lệ đúng hạn");
	int bottom = top + (int)n * band;
	for (int k = 0; k <= 4; k++) {
		int x = label_w + k * plot_w / 4;
		g_string_append_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		                       "stroke=\"%s\" stroke-width=\"1\"/>"
		                       "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\" "
		                       "fill=\"#444\">%d%%</text>\n",
		                       x, top - 4, x, bottom, k == 0 ? "#666" : "#d6d6d6",
		                       x, bottom + 18, k * 25);
	}
	for (guint i = 0; i < n; i++) {
		const GroupLine *g = s->groups->pdata[i];
		const char *name = summary_group_name(g->group);
		g_autofree char *shown = clip(name ? name : g->group, 38);
		int y = top + (int)i * band + 6;
		g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"15\" "
		                       "text-anchor=\"end\">", label_w - 10, y + bar + 5);
		put_text(out, shown);
		g_string_append(out, "</text>\n");
		if (g->expected == 0) {
			g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
			                       "fill=\"#666\">không có đơn vị phải nộp</text>\n",
			                       label_w + 8, y + bar + 5);
			continue;
		}
		g_autofree char *r = pct_text(g->reporting_rate);
		g_autofree char *o = pct_text(g->on_time_rate);
		g_autofree char *tip_r = g_strdup_printf("%s: tỷ lệ báo cáo %s (%u/%u đơn vị)",
		                                         name ? name : g->group, r, g->received,
		                                         g->expected);
		g_autofree char *tip_o = g_strdup_printf("%s: tỷ lệ đúng hạn %s (%u/%u đơn vị)",
		                                         name ? name : g->group, o, g->on_time,
		                                         g->expected);
		svg_rate_bar(out, label_w, y, plot_w, bar, g->reporting_rate, COL_RATE, tip_r);
		svg_rate_bar(out, label_w, y + bar + 3, plot_w, bar, g->on_time_rate, COL_ONTIME,
		             tip_o);
	}
	svg_close(out);
}

/* A step of 1, 2 or 5 times a power of ten, so that about five steps cover v. */
static double nice_step(double v)
{
	double raw = v / 5;
	double e = pow(10, floor(log10(raw)));
	double f = raw / e;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
}

static guint indicator_count(const Summary *s)
{
	if (!s->form || !s->form->indicators)
		return 0;
	return MIN(MIN(s->n_ind, s->form->indicators->len), SUMMARY_MAX_IND);
}

/* Chart 2: the period total of each indicator, one bar per indicator. */
static void chart_indicators(GString *out, const Summary *s)
{
	const int label_w = 390, plot_w = 420, band = 30, bar = 18, top = 10, W = 960;
	guint n = indicator_count(s);
	double max = 0;
	for (guint i = 0; i < n; i++)
		if (s->has_total[i] && s->total_period[i] > max)
			max = s->total_period[i];
	double step = max > 0 ? nice_step(max) : 1;
	int ticks = max > 0 ? (int)ceil(max / step - 1e-9) : 1;
	double scale = ticks * step;
	int bottom = top + (int)n * band;
	int H = bottom + 28;
	svg_open(out, W, H, "Tổng số liệu trong kỳ của các chỉ số giám sát");
	for (int k = 0; k <= ticks; k++) {
		int x = label_w + (int)lround((double)k * plot_w / ticks);
		g_string_append_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		                       "stroke=\"%s\" stroke-width=\"1\"/>"
		                       "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\" "
		                       "fill=\"#444\">", x, top, x, bottom,
		                       k == 0 ? "#666" : "#d6d6d6", x, bottom + 18);
		put_num(out, k * step);
		g_string_append(out, "</text>\n");
	}
	for (guint i = 0; i < n; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		int y = top + (int)i * band + (band - bar) / 2;
		g_autofree char *label = clip(d->label, 52);
		g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
		                       "text-anchor=\"end\"><tspan font-weight=\"bold\">",
		                       label_w - 10, y + bar - 4);
		put_text(out, d->code);
		g_string_append(out, "</tspan> ");
		put_text(out, label);
		g_string_append(out, "</text>\n");
		if (!s->has_total[i]) {
			g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
			                       "fill=\"#666\">chưa có số liệu</text>\n",
			                       label_w + 8, y + bar - 4);
			continue;
		}
		double v = MAX(s->total_period[i], 0);
		int w = (int)lround(v * plot_w / scale);
		g_string_append_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		                       "fill=\"%s\"><title>", label_w, y, w, bar, COL_IND);
		put_text(out, d->code);
		g_string_append(out, " ");
		put_text(out, d->label);
		g_string_append(out, ": ");
		put_num(out, s->total_period[i]);
		g_string_append(out, " ");
		put_text(out, d->unit);
		g_string_append_printf(out, "</title></rect><text x=\"%d\" y=\"%d\" font-size=\"14\">",
		                       label_w + w + 6, y + bar - 4);
		put_num(out, s->total_period[i]);
		g_string_append(out, " ");
		put_text(out, d->unit);
		g_string_append(out, "</text>\n");
	}
	svg_close(out);
}

/* The trend over the periods: one line for the reporting rate, one for the on-time rate.
 * The width stays near a screen's; with many periods the labels tilt and the values
 * are left to the tooltips and the table. */
static void chart_trend(GString *out, const Summary *const *periods, guint n)
{
	const int left = 64, right = 30, top = 52, plot_h = 220, pad = 40;
	int step = n > 1 ? CLAMP(820 / (int)(n - 1), 24, 240) : 0;
	int plot_w = n > 1 ? step * (int)(n - 1) + 2 * pad : 2 * pad + 320;
	int W = left + plot_w + right;
	gboolean tilt = n > 1 && step < 90;
	gboolean values = n == 1 || step >= 50;
	int bottom = top + plot_h;
	int H = bottom + (tilt ? 100 : 40);
	svg_open(out, W, H, "Tỷ lệ báo cáo và tỷ lệ đúng hạn qua các kỳ");
	svg_legend(out, left, 20, COL_RATE, "Tỷ lệ báo cáo");
	svg_legend(out, left + 170, 20, COL_ONTIME, "Tỷ lệ đúng hạn");
	for (int k = 0; k <= 5; k++) {
		int y = bottom - k * plot_h / 5;
		g_string_append_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		                       "stroke=\"%s\" stroke-width=\"1\"/>"
		                       "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"end\" "
		                       "fill=\"#444\">%d%%</text>\n",
		                       left, y, left + plot_w, y, k == 0 ? "#666" : "#d6d6d6",
		                       left - 8, y + 5, k * 20);
	}
	for (int line = 0; line < 2; line++) {
		const char *colour = line == 0 ? COL_RATE : COL_ONTIME;
		g_autoptr(GString) pts = g_string_new(NULL);
		g_autoptr(GString) marks = g_string_new(NULL);
		for (guint i = 0; i < n; i++) {
			const Summary *s = periods[i];
			double rate = line == 0 ? s->reporting_rate : s->on_time_rate;
			double r = isnan(rate) ? 0 : CLAMP(rate, 0, 100);
			int x = n > 1 ? left + pad + (int)i * step : left + plot_w / 2;
			int y = bottom - (int)lround(r * plot_h / 100.0);
			g_string_append_printf(pts, "%s%d,%d", i ? " " : "", x, y);
			g_string_append_printf(marks, "<circle cx=\"%d\" cy=\"%d\" r=\"4.5\" "
			                       "fill=\"%s\"><title>", x, y, colour);
			put_text(marks, s->name ? s->name : s->period);
			g_string_append(marks, line == 0 ? ": tỷ lệ báo cáo " : ": tỷ lệ đúng hạn ");
			put_pct(marks, rate);
			g_string_append(marks, "</title></circle>\n");
			if (!values)
				continue;
			/* the reporting rate is never below the on-time rate: its value goes
			 * above the point, the other below */
			g_string_append_printf(marks, "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
			                       "text-anchor=\"middle\" fill=\"%s\">", x,
			                       line == 0 ? y - 9 : y + 19, colour);
			put_pct(marks, rate);
			g_string_append(marks, "</text>\n");
		}
		if (n > 1)
			g_string_append_printf(out, "<polyline fill=\"none\" stroke=\"%s\" "
			                       "stroke-width=\"2.5\" points=\"%s\"/>\n", colour,
			                       pts->str);
		g_string_append(out, marks->str);
	}
	for (guint i = 0; i < n; i++) {
		int x = n > 1 ? left + pad + (int)i * step : left + plot_w / 2;
		g_autofree char *label = clip(periods[i]->period, 16);
		if (tilt)
			g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
			                       "text-anchor=\"end\" transform=\"rotate(-40 %d %d)\">",
			                       x, bottom + 20, x, bottom + 20);
		else
			g_string_append_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
			                       "text-anchor=\"middle\">", x, bottom + 22);
		put_text(out, label);
		g_string_append(out, "</text>\n");
	}
	svg_close(out);
}

/* ---- the period page --------------------------------------------------------------- */

static void put_card(GString *out, const char *cls, const char *label, const char *value)
{
	g_string_append_printf(out, "<div class=\"card %s\"><div class=\"v\">", cls);
	put_text(out, value);
	g_string_append(out, "</div><div class=\"k\">");
	put_text(out, label);
	g_string_append(out, "</div></div>\n");
}

static void put_count_card(GString *out, const char *cls, const char *label, guint v)
{
	g_autofree char *n = summary_number_vn((double)v);
	put_card(out, cls, label, n);
}

static void section_overview(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"tong-quan\">I. Tổng quan tình hình nộp báo cáo</h2>\n"
	                "<div class=\"cards\">\n");
	put_count_card(out, "", "Phải nộp", s->expected);
	put_count_card(out, "", "Đã nộp", s->received);
	put_count_card(out, "c-good", "Đúng hạn", s->on_time);
	put_count_card(out, s->late ? "c-warn" : "", "Muộn", s->late);
	put_count_card(out, s->missing ? "c-bad" : "", "Chưa nộp", s->missing);
	put_count_card(out, s->incomplete ? "c-warn" : "", "Chưa đầy đủ", s->incomplete);
	g_autofree char *r = pct_text(s->reporting_rate);
	g_autofree char *o = pct_text(s->on_time_rate);
	put_card(out, "c-rate", "Tỷ lệ báo cáo", r);
	put_card(out, "c-rate c-good", "Tỷ lệ đúng hạn", o);
	g_string_append(out, "</div>\n<p class=\"note\">Tỷ lệ báo cáo = số báo cáo đã nhận của "
	                "các đơn vị phải nộp / số đơn vị phải nộp; tỷ lệ đúng hạn = số báo cáo nộp "
	                "đúng hạn / số đơn vị phải nộp. Đơn vị không phải nộp kỳ này không được "
	                "tính.</p>\n");

	g_string_append(out, "<h3>Theo khối</h3>\n");
	if (!s->groups || s->groups->len == 0) {
		g_string_append(out, "<p class=\"none\">Không có khối nào.</p>\n");
		return;
	}
	chart_groups(out, s);
	g_string_append(out, "<table><thead><tr><th>Khối</th><th class=\"n\">Phải nộp</th>"
	                "<th class=\"n\">Đã nộp</th><th class=\"n\">Đúng hạn</th>"
	                "<th class=\"n\">Tỷ lệ báo cáo</th><th class=\"n\">Tỷ lệ đúng hạn</th>"
	                "</tr></thead><tbody>\n");
	for (guint i = 0; i < s->groups->len; i++) {
		const GroupLine *g = s->groups->pdata[i];
		const char *name = summary_group_name(g->group);
		g_string_append(out, "<tr><td>");
		put_text(out, name ? name : g->group);
		g_string_append(out, "</td><td class=\"n\">");
		put_count(out, g->expected);
		g_string_append(out, "</td><td class=\"n\">");
		put_count(out, g->received);
		g_string_append(out, "</td><td class=\"n\">");
		put_count(out, g->on_time);
		g_string_append(out, "</td><td class=\"n\">");
		put_pct(out, g->reporting_rate);
		g_string_append(out, "</td><td class=\"n\">");
		put_pct(out, g->on_time_rate);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
}

static void put_unit_state(GString *out, const UnitLine *l)
{
	switch (l->state) {
	case UNIT_ON_TIME:
		g_string_append(out, "<span class=\"st st-on\">Đúng hạn</span>");
		break;
	case UNIT_LATE:
		if (l->sub && l->sub->days_late > 0)
			g_string_append_printf(out, "<span class=\"st st-late\">Muộn %d ngày</span>",
			                       l->sub->days_late);
		else
			g_string_append(out, "<span class=\"st st-late\">Muộn</span>");
		break;
	case UNIT_MISSING:
		g_string_append(out, "<span class=\"st st-miss\">Chưa nộp</span>");
		break;
	case UNIT_NOT_EXPECTED:
	default:
		g_string_append(out, "<span class=\"st st-na\">Không phải nộp</span>");
		break;
	}
}

static void section_units(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"don-vi\">II. Tình hình nộp báo cáo của các đơn vị</h2>\n");
	if (!s->units || s->units->len == 0) {
		g_string_append(out, "<p class=\"none\">Danh sách đơn vị trống.</p>\n");
		return;
	}
	g_string_append(out, "<table class=\"units long\"><colgroup><col class=\"w-stt\">"
	                "<col class=\"w-code\"><col class=\"w-name\"><col class=\"w-group\">"
	                "<col class=\"w-state\"><col class=\"w-status\"><col class=\"w-day\">"
	                "<col class=\"w-file\"></colgroup>"
	                "<thead><tr><th class=\"n\">STT</th><th>Mã</th>"
	                "<th>Tên đơn vị</th><th>Khối</th><th>Tình trạng</th><th>Trạng thái</th>"
	                "<th>Ngày nhận</th><th>Tệp</th></tr></thead><tbody>\n");
	for (guint i = 0; i < s->units->len; i++) {
		const UnitLine *l = s->units->pdata[i];
		const char *group = l->unit ? summary_group_name(l->unit->group) : NULL;
		g_string_append_printf(out, "<tr><td class=\"n\">%u</td><td>", i + 1);
		put_text(out, l->unit ? l->unit->code : NULL);
		g_string_append(out, "</td><td>");
		put_text(out, l->unit ? l->unit->name : NULL);
		g_string_append(out, "</td><td>");
		put_text(out, group ? group : (l->unit ? l->unit->group : NULL));
		g_string_append(out, "</td><td>");
		put_unit_state(out, l);
		g_string_append(out, "</td><td>");
		if (!l->sub)
			g_string_append(out, "<span class=\"none\">—</span>");
		else if (l->complete)
			g_string_append(out, "<span class=\"ok\">Đạt</span>");
		else
			g_string_append(out, "<span class=\"bad\">Chưa đầy đủ</span>");
		g_string_append(out, "</td><td class=\"n\">");
		if (l->sub)
			put_day(out, l->sub->received_at);
		g_string_append(out, "</td><td class=\"file\">");
		if (l->sub)
			put_text(out, l->sub->file);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
}

static const char *severity_vn(Severity sev)
{
	switch (sev) {
	case SEV_ERROR: return "Lỗi";
	case SEV_WARNING: return "Cảnh báo";
	case SEV_INFO:
	default: return "Lưu ý";
	}
}

static const char *severity_class(Severity sev)
{
	switch (sev) {
	case SEV_ERROR: return "sev-error";
	case SEV_WARNING: return "sev-warning";
	case SEV_INFO:
	default: return "sev-info";
	}
}

/* The warnings, errors first, each severity in the Summary's order. */
static void section_warnings(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"canh-bao\">III. Cảnh báo</h2>\n");
	if (!s->warnings || s->warnings->len == 0) {
		g_string_append(out, "<p class=\"none\">Không có cảnh báo.</p>\n");
		return;
	}
	g_string_append(out, "<table class=\"long\"><thead><tr><th>Mức độ</th><th>Đơn vị</th><th>Mã</th>"
	                "<th>Nội dung</th></tr></thead><tbody>\n");
	static const Severity order[] = { SEV_ERROR, SEV_WARNING, SEV_INFO };
	for (gsize k = 0; k < G_N_ELEMENTS(order); k++) {
		for (guint i = 0; i < s->warnings->len; i++) {
			const Warning *w = s->warnings->pdata[i];
			gboolean known = w->severity == SEV_ERROR || w->severity == SEV_WARNING;
			if (known ? w->severity != order[k] : order[k] != SEV_INFO)
				continue;
			g_string_append_printf(out, "<tr class=\"%s\"><td class=\"sev\">%s</td><td>",
			                       severity_class(w->severity), severity_vn(w->severity));
			if (w->unit)
				put_text(out, w->unit->name);
			else
				g_string_append(out, "—");
			g_string_append(out, "</td><td><code>");
			put_text(out, w->code);
			g_string_append(out, "</code></td><td>");
			put_text(out, w->message);
			g_string_append(out, "</td></tr>\n");
		}
	}
	g_string_append(out, "</tbody></table>\n");
}

static void put_total(GString *out, gboolean has, double v)
{
	if (has)
		put_num(out, v);
	else
		g_string_append(out, "<span class=\"none\">—</span>");
}

static void section_indicators(GString *out, const Summary *s)
{
	guint n = indicator_count(s);
	g_string_append(out, "<h2 id=\"chi-so\">IV. Các chỉ số giám sát</h2>\n");
	if (n == 0) {
		g_string_append(out, "<p class=\"none\">Biểu mẫu không có chỉ số.</p>\n");
		return;
	}
	g_string_append(out, "<p class=\"note\">Cộng từ báo cáo hiện hành của các đơn vị "
	                "đã nộp.</p>\n");
	chart_indicators(out, s);
	g_string_append(out, "<table><thead><tr><th>Mã</th><th>Chỉ số</th><th>Đơn vị tính</th>"
	                "<th class=\"n\">Trong kỳ</th><th class=\"n\">Lũy kế từ đầu năm</th>"
	                "</tr></thead><tbody>\n");
	for (guint i = 0; i < n; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		g_string_append(out, "<tr><td><code>");
		put_text(out, d->code);
		g_string_append(out, "</code></td><td>");
		put_text(out, d->label);
		g_string_append(out, "</td><td>");
		put_text(out, d->unit);
		g_string_append(out, "</td><td class=\"n\">");
		put_total(out, s->has_total[i], s->total_period[i]);
		g_string_append(out, "</td><td class=\"n\">");
		put_total(out, s->has_total_ytd[i], s->total_ytd[i]);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");

	if (!s->groups || s->groups->len == 0)
		return;
	g_string_append(out, "<h3>Số liệu trong kỳ theo khối</h3>\n<table><thead><tr>"
	                "<th>Khối</th>");
	for (guint i = 0; i < n; i++) {
		const IndicatorDef *d = s->form->indicators->pdata[i];
		g_string_append(out, "<th class=\"n\">");
		put_text(out, d->code);
		g_string_append(out, "</th>");
	}
	g_string_append(out, "</tr></thead><tbody>\n");
	for (guint g = 0; g < s->groups->len; g++) {
		const GroupLine *gl = s->groups->pdata[g];
		const char *name = summary_group_name(gl->group);
		g_string_append(out, "<tr><td>");
		put_text(out, name ? name : gl->group);
		g_string_append(out, "</td>");
		for (guint i = 0; i < n; i++) {
			g_string_append(out, "<td class=\"n\">");
			put_total(out, gl->has_total[i], gl->total_period[i]);
			g_string_append(out, "</td>");
		}
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
}

static void section_tasks(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"nhiem-vu\">V. Tiến độ thực hiện nhiệm vụ</h2>\n");
	if (!s->tasks || s->tasks->len == 0) {
		g_string_append(out, "<p class=\"none\">Chưa có đơn vị nào báo cáo tiến độ nhiệm vụ."
		                "</p>\n");
		return;
	}
	guint n_status = 0;
	if (s->form && s->form->statuses)
		n_status = MIN(g_strv_length(s->form->statuses), 8);
	g_string_append(out, "<p class=\"note\">Số đơn vị báo cáo mỗi tình trạng.</p>\n"
	                "<table class=\"long\"><thead><tr><th>Mã</th><th>Nhiệm vụ</th>");
	for (guint k = 0; k < n_status; k++) {
		g_string_append(out, "<th class=\"n\">");
		put_text(out, s->form->statuses[k]);
		g_string_append(out, "</th>");
	}
	g_string_append(out, "<th class=\"n\">Số đơn vị báo cáo</th></tr></thead><tbody>\n");
	for (guint i = 0; i < s->tasks->len; i++) {
		const TaskLine *t = s->tasks->pdata[i];
		g_string_append(out, "<tr><td><code>");
		put_text(out, t->code);
		g_string_append(out, "</code></td><td>");
		put_text(out, t->wording);
		g_string_append(out, "</td>");
		for (guint k = 0; k < n_status; k++) {
			g_string_append(out, "<td class=\"n\">");
			put_count(out, t->count[k]);
			g_string_append(out, "</td>");
		}
		g_string_append(out, "<td class=\"n\">");
		put_count(out, t->reported);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
}

/* Difficulties and proposals as each unit wrote them (sections IV and V of its report). */
static void section_difficulties(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"kho-khan\">VI. Khó khăn, vướng mắc và đề xuất, "
	                "kiến nghị của các đơn vị</h2>\n");
	guint shown = 0;
	for (guint i = 0; s->units && i < s->units->len; i++) {
		const UnitLine *l = s->units->pdata[i];
		const char *dif = l->rec ? record_value(l->rec, "difficulties") : NULL;
		const char *pro = l->rec ? record_value(l->rec, "proposals") : NULL;
		if ((!dif || !*dif) && (!pro || !*pro))
			continue;
		if (shown++ == 0)
			g_string_append(out, "<table class=\"long\"><thead><tr><th>Đơn vị</th>"
			                "<th>Khó khăn, vướng mắc</th><th>Đề xuất, kiến nghị</th>"
			                "</tr></thead><tbody>\n");
		g_string_append(out, "<tr><td>");
		put_text(out, l->unit ? l->unit->name : NULL);
		g_string_append(out, "</td><td class=\"text\">");
		put_text(out, dif);
		g_string_append(out, "</td><td class=\"text\">");
		put_text(out, pro);
		g_string_append(out, "</td></tr>\n");
	}
	if (shown)
		g_string_append(out, "</tbody></table>\n");
	else
		g_string_append(out, "<p class=\"none\">Không có đơn vị nào nêu khó khăn hoặc "
		                "đề xuất.</p>\n");
}

static void section_others(GString *out, const Summary *s)
{
	g_string_append(out, "<h2 id=\"tep-khac\">VII. Các tệp khác (văn bản, tệp không nhận "
	                "dạng được, tệp bị cách ly)</h2>\n");
	if (!s->others || s->others->len == 0) {
		g_string_append(out, "<p class=\"none\">Không có tệp nào khác.</p>\n");
		return;
	}
	g_string_append(out, "<table class=\"long\"><thead><tr><th>Tệp</th><th>Loại</th><th>Tình trạng</th>"
	                "<th>Đơn vị</th><th>Ngày nhận</th></tr></thead><tbody>\n");
	for (guint i = 0; i < s->others->len; i++) {
		const Submission *o = s->others->pdata[i];
		g_string_append(out, "<tr><td class=\"file\">");
		put_text(out, o->file);
		g_string_append(out, "</td><td>");
		put_code_vn(out, kind_names, G_N_ELEMENTS(kind_names), o->kind);
		g_string_append(out, "</td><td>");
		put_code_vn(out, status_names, G_N_ELEMENTS(status_names),
		            o->status ? o->status : o->state);
		g_string_append(out, "</td><td>");
		if (o->unit)
			put_text(out, o->unit);
		else
			g_string_append(out, "<span class=\"none\">—</span>");
		g_string_append(out, "</td><td class=\"n\">");
		put_day(out, o->received_at);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
}

gboolean out_html_period(const Summary *s, const char *path, GError **error)
{
	g_return_val_if_fail(s != NULL, FALSE);
	g_return_val_if_fail(path != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	const char *name = s->name ? s->name : s->period;
	g_autoptr(GString) out = g_string_sized_new(64 * 1024);
	page_open(out, "Báo cáo tổng hợp kỳ ", name);
	g_string_append(out, "<header class=\"top\"><h1>Báo cáo tổng hợp kỳ ");
	put_text(out, name);
	g_string_append(out, "</h1>\n");
	if (s->form && s->form->name) {
		g_string_append(out, "<p class=\"sub\">");
		put_text(out, s->form->name);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "<p class=\"meta\">Mã kỳ: <b>");
	put_text(out, s->period);
	g_string_append(out, "</b> · Hạn nộp: <b>");
	put_date_iso(out, s->due);
	g_string_append(out, "</b></p>\n<nav class=\"toc\">"
	                "<a href=\"#tong-quan\">Tổng quan</a><a href=\"#don-vi\">Đơn vị</a>"
	                "<a href=\"#canh-bao\">Cảnh báo</a><a href=\"#chi-so\">Chỉ số</a>"
	                "<a href=\"#nhiem-vu\">Nhiệm vụ</a><a href=\"#kho-khan\">Khó khăn, "
	                "đề xuất</a><a href=\"#tep-khac\">Tệp khác</a>"
	                "<a href=\"../index.html\">Các kỳ khác</a></nav>\n</header>\n");
	section_overview(out, s);
	section_units(out, s);
	section_warnings(out, s);
	section_indicators(out, s);
	section_tasks(out, s);
	section_difficulties(out, s);
	section_others(out, s);
	page_close(out, s->generated_at);
	return page_write(out, path, error);
}

/* ---- the index across periods ------------------------------------------------------- */

/* href of a period's page: dir percent-encoded whole, '/' and ':' included, so that it
 * stays a relative path inside the outbox whatever it holds. */
static void put_period_href(GString *out, const char *dir)
{
	g_autofree char *valid = g_utf8_make_valid(dir ? dir : "", -1);
	g_autofree char *enc = g_uri_escape_string(valid, NULL, TRUE);
	put_text(out, enc);
	g_string_append(out, "/index.html");
}

gboolean out_html_index(const Summary *const *periods, const char *const *dirs, guint n,
                        const char *path, GError **error)
{
	g_return_val_if_fail(n == 0 || (periods != NULL && dirs != NULL), FALSE);
	g_return_val_if_fail(path != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	g_autoptr(GString) out = g_string_sized_new(16 * 1024);
	gint64 generated_at = 0;
	const FormDef *form = NULL;
	for (guint i = 0; i < n; i++) {
		g_return_val_if_fail(periods[i] != NULL, FALSE);
		generated_at = MAX(generated_at, periods[i]->generated_at);
		if (!form)
			form = periods[i]->form;
	}
	page_open(out, "Báo cáo tổng hợp qua các kỳ", NULL);
	g_string_append(out, "<header class=\"top\"><h1>Báo cáo tổng hợp qua các kỳ</h1>\n");
	if (form && form->name) {
		g_string_append(out, "<p class=\"sub\">");
		put_text(out, form->name);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</header>\n");
	if (n == 0) {
		g_string_append(out, "<p class=\"none\">Chưa có kỳ báo cáo nào.</p>\n");
		page_close(out, generated_at);
		return page_write(out, path, error);
	}

	g_string_append(out, "<h2>Tỷ lệ báo cáo và tỷ lệ đúng hạn qua các kỳ</h2>\n");
	chart_trend(out, periods, n);
	g_string_append(out, "<h2>Các kỳ báo cáo</h2>\n<p class=\"note\">Bấm vào tên kỳ để xem "
	                "trang tổng hợp của kỳ đó.</p>\n"
	                "<table class=\"long\"><thead><tr><th>Kỳ báo cáo</th><th>Hạn nộp</th>"
	                "<th class=\"n\">Phải nộp</th><th class=\"n\">Đã nộp</th>"
	                "<th class=\"n\">Đúng hạn</th><th class=\"n\">Muộn</th>"
	                "<th class=\"n\">Chưa nộp</th><th class=\"n\">Chưa đầy đủ</th>"
	                "<th class=\"n\">Tỷ lệ báo cáo</th><th class=\"n\">Tỷ lệ đúng hạn</th>"
	                "</tr></thead><tbody>\n");
	for (guint i = 0; i < n; i++) {
		const Summary *s = periods[i];
		g_string_append(out, "<tr><td><a href=\"");
		put_period_href(out, dirs[i]);
		g_string_append(out, "\">");
		put_text(out, s->name ? s->name : s->period);
		g_string_append(out, "</a> <span class=\"none\">(");
		put_text(out, s->period);
		g_string_append(out, ")</span></td><td class=\"n\">");
		put_date_iso(out, s->due);
		guint counts[] = { s->expected, s->received, s->on_time, s->late, s->missing,
		                   s->incomplete };
		for (gsize k = 0; k < G_N_ELEMENTS(counts); k++) {
			g_string_append(out, "</td><td class=\"n\">");
			put_count(out, counts[k]);
		}
		g_string_append(out, "</td><td class=\"n\">");
		put_pct(out, s->reporting_rate);
		g_string_append(out, "</td><td class=\"n\">");
		put_pct(out, s->on_time_rate);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody></table>\n");
	page_close(out, generated_at);
	return page_write(out, path, error);
}
