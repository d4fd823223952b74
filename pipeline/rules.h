/*
 * rules.h - what the authority decides and keeps in rules/: the roster of reporting units
 * (units.csv), the tasks of the action programme (tasks.csv), deadlines and ad-hoc
 * requests (calendar.conf), and public holidays (holidays-<year>.txt).
 *
 * Loaded once at start-up and read-only afterwards. A mistake in any file makes
 * rules_load() fail with "file:line: what is wrong"; nothing is guessed.
 */
#ifndef BAOCAO_RULES_H
#define BAOCAO_RULES_H

#include <glib.h>

typedef struct {
	char *code;       /* "DU-STP" */
	char *name;       /* "Đảng ủy Sở Tư pháp" */
	char *group;      /* "noi-chinh" */
	char *email;      /* sending mailbox, may be "" */
	char **tasks;     /* task codes the unit reports on */
	char **aliases;   /* other names */
	char **cores;     /* match keys of name and aliases, "Đảng ủy/Đảng bộ" prefix removed */
	GDate opened, closed;  /* optional columns; invalid (cleared) when not given */
	char *parent;     /* optional column: the code of the unit it reports to, or NULL */
} Unit;

typedef struct {
	char *code;       /* "2.2.3" */
	char *wording;
	char *key;        /* vn_key(wording) */
} TaskDef;

typedef struct {
	char *number;     /* "45-CV/UBKTTU" */
	GDate date, due;
	char **units;     /* codes, or NULL for every unit */
	char *title;
} Request;

/* The body that compiles the consolidated report (rules/body.conf). */
typedef struct {
	char *name, *superior, *symbol, *place, *authority, *signer_title, *signer_name;
	char **recipients;
} Body;

typedef struct {
	GPtrArray *units;        /* Unit*, roster order */
	GHashTable *unit_by_code;/* upper-case code -> Unit* */
	GPtrArray *tasks;        /* TaskDef* */
	GHashTable *task_by_code;
	guint due_day[4];        /* month, quarter, half-year, year */
	GHashTable *holidays;    /* julian day -> name */
	GHashTable *workdays;    /* julian day -> name (weekend days worked) */
	GPtrArray *requests;     /* Request* */
	char *expected_from;     /* first expected period, "2025-10" */
	char **expected_kinds;   /* "month", "quarter", ... */
	Body body;
} Rules;

/* Load every rules file of dir. Returns NULL with error ("file:line: ...") on a mistake. */
Rules *rules_load(const char *dir, GError **error);
void rules_free(Rules *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Rules, rules_free)

/* TRUE when unit u is below the unit coded `above` in the roster's tree (its child,
 * grandchild, ...). */
gboolean rules_unit_under(const Rules *r, const Unit *u, const char *above);
/* TRUE when some unit has u as its parent. */
gboolean rules_unit_has_children(const Rules *r, const Unit *u);

/* The unit with this code (case-insensitive), or NULL. */
const Unit *rules_unit(const Rules *r, const char *code);

/* The unit whose roster mailbox (the email column; several may be separated by ';' or
 * ',') is address, compared without regard to case, or NULL. */
const Unit *rules_unit_by_email(const Rules *r, const char *address);

/* The roster unit an issuer text names ("ĐẢNG ỦY SỞ TƯ PHÁP", "Dang bo So Tu phap"),
 * or NULL. *confidence (may be NULL) is 0.99 for an exact name/alias, less for a
 * containment match. */
const Unit *rules_match_unit(const Rules *r, const char *text, double *confidence);

/* The task a code names, or NULL. */
const TaskDef *rules_task(const Rules *r, const char *code);
/* The task whose wording best matches text, or NULL when none is close enough. */
const TaskDef *rules_match_task(const Rules *r, const char *text, double *confidence);

/* TRUE when the unit must report for the period: open on some day of it (opened on or
 * before its last day, not closed before its first), and, for an ad-hoc period, named
 * by the request. */
gboolean rules_unit_expected(const Rules *r, const Unit *u, const char *period);

/* Add an ad-hoc request declared with `baocao request add` (dates YYYY-MM-DD, units
 * comma-separated codes or "" for all). FALSE with error when it is malformed or its
 * number is already declared in rules/. */
gboolean rules_add_request(Rules *r, const char *number, const char *date, const char *due,
                           const char *units, const char *title, GError **error);

/* The periods units owe up to and including date today: every period of the kinds of
 * [expected] from its first period whose due date is at most `ahead` days after today,
 * and every ad-hoc request. Sorted (g_ptr_array of char*). */
GPtrArray *rules_expected_periods(const Rules *r, const GDate *today, guint ahead);

/* Ad-hoc request by number (key comparison), or NULL. */
const Request *rules_request(const Rules *r, const char *number);

/* TRUE when d is a working day: Monday to Friday and no holiday, or a declared workday. */
gboolean rules_is_workday(const Rules *r, const GDate *d);

/* Due date of a period ("2025-10", "2025-Q4", "2025-H1", "2025", "adhoc:N"), already
 * moved to the next working day. FALSE when the period is malformed or the request is
 * unknown. */
gboolean rules_due_date(const Rules *r, const char *period, GDate *due);

/* First and last calendar day of a periodic period (not adhoc). */
gboolean period_bounds(const char *period, GDate *first, GDate *last);

/* Vietnamese name of a period: "tháng 10 năm 2025", "quý IV năm 2025", ... (g_free). */
char *period_describe(const char *period);

#endif
