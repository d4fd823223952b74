/*
 * common.h - what every stage shares: the clock and time zone of the authority
 * (UTC+7), the one logging call, and the progress line.
 */
#ifndef BAOCAO_COMMON_H
#define BAOCAO_COMMON_H

#include <glib.h>

/* Seconds since the epoch now; the environment variable BAOCAO_NOW (ISO 8601 with an
 * offset, or seconds) fixes it, so that tests and re-runs produce identical outputs. */
gint64 clock_now(void);

/* The authority's time zone, UTC+7 (owned, do not unref). */
GTimeZone *clock_tz(void);
/* "2025-10-18T09:30:00+07:00" for unix seconds t (g_free). */
char *clock_iso(gint64 t);
/* Local (UTC+7) calendar date of unix seconds t. */
void clock_date(gint64 t, GDate *d);
/* "YYYY-MM-DD" of a GDate (g_free). */
char *date_iso(const GDate *d);
/* "DD/MM/YYYY" of a GDate, for the clerk (g_free). */
char *date_vn(const GDate *d);

/* A name (of a file, a folder, an attachment) as the store, the export and the clerk
 * see it: valid UTF-8 in NFC, control characters replaced by U+FFFD (g_free). The raw
 * bytes are never used as a path again. */
char *display_name(const char *raw);

typedef enum { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG } LogLevel;
/* Set by the command line: LOG_WARN with -q, LOG_DEBUG with -v. */
extern LogLevel log_level;
/* One line on standard error, "baocao: " first. */
void log_msg(LogLevel level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* A progress line on standard error, rewritten in place, only when it is a terminal. */
void progress(const char *what, guint done, guint total);
void progress_end(void);

/* Test hook for the kill and fault tests (tests/kill.sh): every place where a run
 * commits or writes something passes a numbered fault point. With BAOCAO_TEST_KILL_AT=N
 * the process kills itself (SIGKILL) at the Nth point; with BAOCAO_TEST_FAIL_AT=N the
 * Nth point returns TRUE and its caller fails as on a full disk. Without either, it
 * only counts (fault_points() says how many were passed). */
gboolean fault_point(const char *where);
guint fault_points(void);

#endif
