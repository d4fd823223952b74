/*
 * common.c - clock, time zone, logging and progress (see common.h).
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "common.h"

LogLevel log_level = LOG_INFO;

gint64 clock_now(void)
{
	const char *fixed = g_getenv("BAOCAO_NOW");
	if (fixed && *fixed) {
		g_autoptr(GDateTime) t = g_date_time_new_from_iso8601(fixed, clock_tz());
		if (t)
			return g_date_time_to_unix(t);
		gint64 s = g_ascii_strtoll(fixed, NULL, 10);
		if (s > 0)
			return s;
	}
	return g_get_real_time() / G_USEC_PER_SEC;
}

GTimeZone *clock_tz(void)
{
	static GTimeZone *tz;
	if (g_once_init_enter(&tz))
		g_once_init_leave(&tz, g_time_zone_new_offset(7 * 3600));
	return tz;
}

char *clock_iso(gint64 t)
{
	g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
	g_autoptr(GDateTime) l = g_date_time_to_timezone(u, clock_tz());
	return g_date_time_format(l, "%Y-%m-%dT%H:%M:%S%:z");
}

void clock_date(gint64 t, GDate *d)
{
	g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
	g_autoptr(GDateTime) l = g_date_time_to_timezone(u, clock_tz());
	g_date_clear(d, 1);
	g_date_set_dmy(d, g_date_time_get_day_of_month(l), g_date_time_get_month(l),
	               g_date_time_get_year(l));
}

char *date_iso(const GDate *d)
{
	return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(d), g_date_get_month(d),
	                       g_date_get_day(d));
}

char *date_vn(const GDate *d)
{
	return g_strdup_printf("%02d/%02d/%04d", g_date_get_day(d), g_date_get_month(d),
	                       g_date_get_year(d));
}

static gboolean progress_shown;

void log_msg(LogLevel level, const char *fmt, ...)
{
	if (level > log_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = FALSE;
	}
	static const char *prefix[] = { "error: ", "warning: ", "", "" };
	fprintf(stderr, "baocao: %s%s\n", prefix[level], msg);
}

void progress(const char *what, guint done, guint total)
{
	if (log_level < LOG_INFO || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r\033[Kbaocao: %s %u/%u", what, done, total);
	fflush(stderr);
	progress_shown = TRUE;
}

void progress_end(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = FALSE;
	}
}

static guint points_passed;

gboolean fault_point(const char *where)
{
	static gint64 kill_at = -1, fail_at = -1;
	if (kill_at < 0) {
		const char *k = g_getenv("BAOCAO_TEST_KILL_AT"), *f = g_getenv("BAOCAO_TEST_FAIL_AT");
		kill_at = k ? g_ascii_strtoll(k, NULL, 10) : 0;
		fail_at = f ? g_ascii_strtoll(f, NULL, 10) : 0;
	}
	points_passed++;
	if (kill_at && points_passed == (guint)kill_at) {
		log_msg(LOG_DEBUG, "test: killed at fault point %u (%s)", points_passed, where);
		raise(SIGKILL);
	}
	if (fail_at && points_passed == (guint)fail_at) {
		log_msg(LOG_DEBUG, "test: failing at fault point %u (%s)", points_passed, where);
		return TRUE;
	}
	return FALSE;
}

guint fault_points(void)
{
	return points_passed;
}

char *display_name(const char *raw)
{
	g_autofree char *valid = g_utf8_make_valid(raw, -1);
	g_autofree char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	GString *s = g_string_new(NULL);
	for (const char *p = nfc ? nfc : valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c))
			g_string_append_unichar(s, 0xFFFD);
		else
			g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}
