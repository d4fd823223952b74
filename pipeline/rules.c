/*
 * rules.c - the roster, the task list, deadlines and holidays of rules/ (see rules.h).
 *
 * Units are matched on the "core" of their names: the match key (no case, no
 * diacritics) with the leading "đảng ủy" / "đảng bộ" removed, because units write
 * either word for the same body ("Đảng bộ Sở Tư pháp" is "Đảng ủy Sở Tư pháp").
 */
#include <stdio.h>
#include <string.h>
#include "rules.h"
#include "conf.h"
#include "vntext.h"

static void unit_free(Unit *u)
{
	g_free(u->code);
	g_free(u->name);
	g_free(u->group);
	g_free(u->email);
	g_strfreev(u->tasks);
	g_strfreev(u->aliases);
	g_strfreev(u->cores);
	g_free(u->parent);
	g_free(u);
}

static void task_free(TaskDef *t)
{
	g_free(t->code);
	g_free(t->wording);
	g_free(t->key);
	g_free(t);
}

static void request_free(Request *q)
{
	g_free(q->number);
	g_strfreev(q->units);
	g_free(q->title);
	g_free(q);
}

void rules_free(Rules *r)
{
	if (!r)
		return;
	g_ptr_array_unref(r->units);
	g_hash_table_unref(r->unit_by_code);
	g_ptr_array_unref(r->tasks);
	g_hash_table_unref(r->task_by_code);
	g_hash_table_unref(r->holidays);
	g_hash_table_unref(r->workdays);
	g_ptr_array_unref(r->requests);
	g_free(r->expected_from);
	g_strfreev(r->expected_kinds);
	g_free(r->body.name);
	g_free(r->body.superior);
	g_free(r->body.symbol);
	g_free(r->body.place);
	g_free(r->body.authority);
	g_free(r->body.signer_title);
	g_free(r->body.signer_name);
	g_strfreev(r->body.recipients);
	g_free(r);
}

/* "dang uy so tu phap" -> "so tu phap" */
static char *name_core(const char *name)
{
	g_autofree char *k = vn_key(name);
	static const char *prefixes[] = { "dang uy ", "dang bo ", "du " };
	for (guint i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (g_str_has_prefix(k, prefixes[i]))
			return g_strdup(k + strlen(prefixes[i]));
	return g_steal_pointer(&k);
}

static gboolean is_task_code(const char *s)
{
	g_autoptr(GRegex) re = g_regex_new("^[0-9]+(\\.[0-9]+){1,3}$", 0, 0, NULL);
	return g_regex_match(re, s, 0, NULL);
}

static gboolean load_tasks(Rules *r, const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, "tasks.csv", NULL);
	g_autoptr(ConfFile) cf = NULL;
	GPtrArray *recs = NULL;
	GArray *lines = NULL;
	if (!conf_load_csv(path, &cf, &recs, &lines, error))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < recs->len; i++) {
		char **f = recs->pdata[i];
		guint line = g_array_index(lines, guint, i);
		if (i == 0 && g_strcmp0(f[0], "code") == 0)
			continue;
		if (g_strv_length(f) != 2) {
			conf_set_error(error, cf, line, "expected 2 columns (code,wording), found %u",
			               g_strv_length(f));
			ok = FALSE;
		} else if (!is_task_code(f[0])) {
			conf_set_error(error, cf, line, "'%s' is not a task code like 2.2.3", f[0]);
			ok = FALSE;
		} else if (g_hash_table_contains(r->task_by_code, f[0])) {
			conf_set_error(error, cf, line, "task %s is listed twice", f[0]);
			ok = FALSE;
		} else {
			TaskDef *t = g_new0(TaskDef, 1);
			t->code = g_strdup(f[0]);
			t->wording = g_strdup(f[1]);
			t->key = vn_key(f[1]);
			g_ptr_array_add(r->tasks, t);
			g_hash_table_insert(r->task_by_code, t->code, t);
		}
	}
	g_ptr_array_unref(recs);
	g_array_unref(lines);
	return ok;
}

static gboolean parse_iso_date(const char *s, GDate *d)
{
	int y, m, dd;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3)
		return FALSE;
	if (!g_date_valid_dmy(dd, m, y))
		return FALSE;
	g_date_clear(d, 1);
	g_date_set_dmy(d, dd, m, y);
	return TRUE;
}

static const char *const roster_columns[] = { "code", "name", "group", "tasks", "email", "aliases" };

static gboolean load_units(Rules *r, const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, "units.csv", NULL);
	g_autoptr(ConfFile) cf = NULL;
	GPtrArray *recs = NULL;
	GArray *lines = NULL;
	if (!conf_load_csv(path, &cf, &recs, &lines, error))
		return FALSE;
	gboolean ok = TRUE;
	guint ncols = G_N_ELEMENTS(roster_columns), col_opened = 0, col_closed = 0, col_parent = 0;
	if (recs->len == 0) {
		conf_set_error(error, cf, 0, "the roster is empty");
		ok = FALSE;
	}
	for (guint i = 0; ok && i < recs->len; i++) {
		char **f = recs->pdata[i];
		guint line = g_array_index(lines, guint, i);
		if (i == 0) {
			for (guint c = 0; ok && c < G_N_ELEMENTS(roster_columns); c++)
				if (g_strv_length(f) <= c || strcmp(f[c], roster_columns[c]) != 0) {
					conf_set_error(error, cf, line,
					               "header must be code,name,group,tasks,email,aliases "
					               "(then optionally opened,closed)");
					ok = FALSE;
				}
			ncols = g_strv_length(f);
			for (guint c = G_N_ELEMENTS(roster_columns); ok && c < ncols; c++) {
				if (strcmp(f[c], "opened") == 0)
					col_opened = c;
				else if (strcmp(f[c], "closed") == 0)
					col_closed = c;
				else if (strcmp(f[c], "parent") == 0)
					col_parent = c;
				else {
					conf_set_error(error, cf, line, "unknown column '%s' (opened, closed, parent)", f[c]);
					ok = FALSE;
				}
			}
			continue;
		}
		if (g_strv_length(f) != ncols) {
			conf_set_error(error, cf, line, "expected %u columns, found %u", ncols,
			               g_strv_length(f));
			ok = FALSE;
			break;
		}
		g_autofree char *ucode = g_ascii_strup(f[0], -1);
		if (!*f[0] || strspn(f[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(f[0])) {
			conf_set_error(error, cf, line, "unit code '%s' must be letters, digits, '-' or '_'", f[0]);
			ok = FALSE;
			break;
		}
		if (g_hash_table_contains(r->unit_by_code, ucode)) {
			conf_set_error(error, cf, line, "unit code %s is listed twice", f[0]);
			ok = FALSE;
			break;
		}
		if (!*f[1]) {
			conf_set_error(error, cf, line, "unit %s has no name", f[0]);
			ok = FALSE;
			break;
		}
		Unit *u = g_new0(Unit, 1);
		u->code = g_strdup(f[0]);
		u->name = g_strdup(f[1]);
		u->group = g_strdup(f[2]);
		u->email = g_strdup(f[4]);
		u->tasks = g_strsplit(f[3], ";", -1);
		u->aliases = g_strsplit(f[5], "|", -1);
		GPtrArray *cores = g_ptr_array_new();
		g_ptr_array_add(cores, name_core(u->name));
		for (char **a = u->aliases; *a; a++) {
			g_strstrip(*a);
			if (**a)
				g_ptr_array_add(cores, name_core(*a));
		}
		g_ptr_array_add(cores, NULL);
		u->cores = (char **)g_ptr_array_free(cores, FALSE);
		g_ptr_array_add(r->units, u);
		g_hash_table_insert(r->unit_by_code, g_steal_pointer(&ucode), u);
		g_date_clear(&u->opened, 1);
		g_date_clear(&u->closed, 1);
		if (col_parent && *f[col_parent])
			u->parent = g_ascii_strup(f[col_parent], -1);
		if ((col_opened && *f[col_opened] && !parse_iso_date(f[col_opened], &u->opened)) ||
		    (col_closed && *f[col_closed] && !parse_iso_date(f[col_closed], &u->closed))) {
			conf_set_error(error, cf, line, "unit %s: opened and closed must be dates "
			               "like 2025-07-01", u->code);
			ok = FALSE;
			break;
		}
		for (char **t = u->tasks; *t; t++) {
			g_strstrip(*t);
			if (!rules_task(r, *t)) {
				conf_set_error(error, cf, line, "unit %s: task '%s' is not in tasks.csv",
				               u->code, *t);
				ok = FALSE;
				break;
			}
		}
	}
	/* parents must be roster units, and the tree must have no cycle */
	for (guint i = 0; ok && i < r->units->len; i++) {
		const Unit *u = r->units->pdata[i];
		guint line = i + 1 < lines->len ? g_array_index(lines, guint, i + 1) : 0;
		if (u->parent && !rules_unit(r, u->parent)) {
			conf_set_error(error, cf, line, "unit %s: parent '%s' is not in the roster", u->code,
			               u->parent);
			ok = FALSE;
		}
		const Unit *p = u;
		for (guint depth = 0; ok && p && p->parent; depth++) {
			p = rules_unit(r, p->parent);
			if (p == u || depth > r->units->len) {
				conf_set_error(error, cf, line, "unit %s: its parents form a cycle", u->code);
				ok = FALSE;
			}
		}
	}
	g_ptr_array_unref(recs);
	g_array_unref(lines);
	return ok;
}


static gboolean load_holidays(Rules *r, const char *dir, GError **error)
{
	g_autoptr(GDir) dh = g_dir_open(dir, 0, error);
	if (!dh)
		return FALSE;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(dh)))
		if (g_str_has_prefix(n, "holidays-") && g_str_has_suffix(n, ".txt"))
			g_ptr_array_add(names, g_strdup(n));
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
		g_autoptr(ConfFile) cf = conf_load_text(path, error);
		if (!cf)
			return FALSE;
		g_auto(GStrv) lines = g_strsplit(cf->text, "\n", -1);
		guint ln = 0;
		for (char **l = lines; *l; l++) {
			ln++;
			g_autofree char *t = g_strstrip(g_strdup(*l));
			if (!*t || *t == '#')
				continue;
			g_auto(GStrv) w = g_regex_split_simple("\\s+", t, 0, 0);
			GDate d;
			if (g_strv_length(w) < 2 || !parse_iso_date(w[0], &d)) {
				conf_set_error(error, cf, ln, "expected 'YYYY-MM-DD holiday|workday name'");
				return FALSE;
			}
			g_autofree char *name = g_strjoinv(" ", w + 2);
			if (strcmp(w[1], "holiday") == 0)
				g_hash_table_insert(r->holidays, GUINT_TO_POINTER(g_date_get_julian(&d)),
				                    g_strdup(name));
			else if (strcmp(w[1], "workday") == 0) {
				GDateWeekday wd = g_date_get_weekday(&d);
				if (wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY) {
					conf_set_error(error, cf, ln, "%s is not a Saturday or Sunday", w[0]);
					return FALSE;
				}
				g_hash_table_insert(r->workdays, GUINT_TO_POINTER(g_date_get_julian(&d)),
				                    g_strdup(name));
			} else {
				conf_set_error(error, cf, ln, "kind must be 'holiday' or 'workday', not '%s'", w[1]);
				return FALSE;
			}
		}
	}
	return TRUE;
}

static gboolean load_calendar(Rules *r, const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, "calendar.conf", NULL);
	g_autoptr(ConfFile) cf = conf_load_keyfile(path, error);
	if (!cf)
		return FALSE;
	static const char *kinds[4] = { "month", "quarter", "half-year", "year" };
	for (guint i = 0; i < 4; i++) {
		g_autoptr(GError) err = NULL;
		gint v = g_key_file_get_integer(cf->kf, "deadlines", kinds[i], &err);
		if (err || v < 1 || v > 31) {
			conf_set_error(error, cf, conf_line(cf, "deadlines", kinds[i]) ?: conf_line(cf, "deadlines", NULL),
			               "[deadlines] %s must be a day of the month (1-31)", kinds[i]);
			return FALSE;
		}
		r->due_day[i] = v;
	}
	r->expected_from = conf_get_string(cf, "expected", "from");
	if (r->expected_from && !period_bounds(r->expected_from, &(GDate){0}, &(GDate){0})) {
		conf_set_error(error, cf, conf_line(cf, "expected", "from"),
		               "'%s' is not a period like 2025-10", r->expected_from);
		return FALSE;
	}
	r->expected_kinds = conf_get_list(cf, "expected", "kinds");
	if (!r->expected_kinds)
		r->expected_kinds = g_strsplit("month", ";", -1);
	for (char **k = r->expected_kinds; *k; k++)
		if (!g_strv_contains(kinds, *k) ) {
			conf_set_error(error, cf, conf_line(cf, "expected", "kinds"),
			               "unknown period kind '%s' (month, quarter, half-year, year)", *k);
			return FALSE;
		}

	gsize ng = 0;
	g_auto(GStrv) groups = g_key_file_get_groups(cf->kf, &ng);
	for (gsize i = 0; i < ng; i++) {
		const char *g = groups[i];
		if (!g_str_has_prefix(g, "request "))
			continue;
		guint line = conf_line(cf, g, NULL);
		Request *q = g_new0(Request, 1);
		g_ptr_array_add(r->requests, q);
		q->number = vn_normalize(g + strlen("request "), -1);
		g_strstrip(q->number);
		g_autofree char *date = conf_get_string(cf, g, "date");
		g_autofree char *due = conf_get_string(cf, g, "due");
		if (!parse_iso_date(date, &q->date)) {
			conf_set_error(error, cf, conf_line(cf, g, "date") ?: line,
			               "[%s] needs date = YYYY-MM-DD", g);
			return FALSE;
		}
		if (!parse_iso_date(due, &q->due)) {
			conf_set_error(error, cf, conf_line(cf, g, "due") ?: line,
			               "[%s] needs due = YYYY-MM-DD", g);
			return FALSE;
		}
		q->title = conf_get_string(cf, g, "title");
		g_auto(GStrv) units = conf_get_list(cf, g, "units");
		if (units && !(g_strv_length(units) == 1 && strcmp(units[0], "all") == 0)) {
			for (char **u = units; *u; u++)
				if (!rules_unit(r, *u)) {
					conf_set_error(error, cf, conf_line(cf, g, "units"),
					               "unit '%s' is not in units.csv", *u);
					return FALSE;
				}
			q->units = g_steal_pointer(&units);
		}
	}
	return TRUE;
}

static gboolean load_body(Rules *r, const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, "body.conf", NULL);
	g_autoptr(ConfFile) cf = conf_load_keyfile(path, error);
	if (!cf)
		return FALSE;
	Body *b = &r->body;
	b->name = conf_get_string(cf, "body", "name");
	b->superior = conf_get_string(cf, "body", "superior");
	b->symbol = conf_get_string(cf, "body", "symbol");
	b->place = conf_get_string(cf, "body", "place");
	b->authority = conf_get_string(cf, "body", "authority");
	b->signer_title = conf_get_string(cf, "body", "signer-title");
	b->signer_name = conf_get_string(cf, "body", "signer-name");
	b->recipients = conf_get_list(cf, "body", "recipients");
	if (!b->name || !*b->name || !b->symbol || !*b->symbol || !b->place || !*b->place) {
		conf_set_error(error, cf, conf_line(cf, "body", NULL),
		               "[body] needs name, symbol and place");
		return FALSE;
	}
	if (!b->recipients)
		b->recipients = g_new0(char *, 1);
	return TRUE;
}

Rules *rules_load(const char *dir, GError **error)
{
	g_autoptr(Rules) r = g_new0(Rules, 1);
	r->units = g_ptr_array_new_with_free_func((GDestroyNotify)unit_free);
	r->unit_by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	r->tasks = g_ptr_array_new_with_free_func((GDestroyNotify)task_free);
	r->task_by_code = g_hash_table_new(g_str_hash, g_str_equal);
	r->holidays = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	r->workdays = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	r->requests = g_ptr_array_new_with_free_func((GDestroyNotify)request_free);

	if (!load_tasks(r, dir, error) || !load_units(r, dir, error) ||
	    !load_holidays(r, dir, error) || !load_calendar(r, dir, error) ||
	    !load_body(r, dir, error))
		return NULL;
	return g_steal_pointer(&r);
}

const Unit *rules_unit(const Rules *r, const char *code)
{
	if (!code)
		return NULL;
	g_autofree char *u = g_ascii_strup(code, -1);
	return g_hash_table_lookup(r->unit_by_code, u);
}

const Unit *rules_unit_by_email(const Rules *r, const char *address)
{
	if (!address || !*address)
		return NULL;
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = r->units->pdata[i];
		g_auto(GStrv) list = g_strsplit_set(u->email, ";, ", -1);
		for (char **a = list; *a; a++)
			if (**a && g_ascii_strcasecmp(*a, address) == 0)
				return u;
	}
	return NULL;
}

const Unit *rules_match_unit(const Rules *r, const char *text, double *confidence)
{
	if (!text || !*text)
		return NULL;
	g_autofree char *core = name_core(text);
	/* Every roster unit is a Party organisation. A text that names no Party body
	 * ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI": the People's Committee itself) is not the Party
	 * committee inside that body: it is taken only when it is exactly a name or alias. */
	g_autofree char *key = vn_key(text);
	gboolean party = strcmp(core, key) != 0 || g_str_has_prefix(key, "chi bo ") ||
	                 g_str_has_prefix(key, "ban ");
	const Unit *best = NULL;
	double best_conf = 0;
	gsize best_len = 0;
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = r->units->pdata[i];
		for (char **c = u->cores; *c; c++) {
			double conf = 0;
			if (strcmp(core, *c) == 0)
				conf = 0.99;
			else if (party && vn_key_contains(core, *c))
				conf = 0.85;  /* "so tu phap thanh pho hai phong" holds "so tu phap" */
			if (conf > best_conf || (conf == best_conf && conf > 0 && strlen(*c) > best_len)) {
				best = u;
				best_conf = conf;
				best_len = strlen(*c);
			}
		}
	}
	if (confidence)
		*confidence = best_conf;
	return best;
}

const TaskDef *rules_task(const Rules *r, const char *code)
{
	return code ? g_hash_table_lookup(r->task_by_code, code) : NULL;
}

/* Share of the task wording's words (3+ letters) found in text. */
static double word_overlap(const char *text_key, const char *task_key)
{
	g_auto(GStrv) words = g_regex_split_simple("[^a-z0-9]+", task_key, 0, 0);
	guint n = 0, hit = 0;
	for (char **w = words; *w; w++) {
		if (strlen(*w) < 3)
			continue;
		n++;
		if (vn_key_contains(text_key, *w))
			hit++;
	}
	return n ? (double)hit / n : 0;
}

const TaskDef *rules_match_task(const Rules *r, const char *text, double *confidence)
{
	g_autofree char *k = vn_key(text);
	const TaskDef *best = NULL;
	double best_s = 0, second = 0;
	for (guint i = 0; i < r->tasks->len; i++) {
		const TaskDef *t = r->tasks->pdata[i];
		double s = word_overlap(k, t->key);
		if (s > best_s) {
			second = best_s;
			best_s = s;
			best = t;
		} else if (s > second)
			second = s;
	}
	/* a clear winner only: most of its words there, and well ahead of the next */
	if (best_s < 0.6 || best_s - second < 0.15)
		return NULL;
	if (confidence)
		*confidence = 0.6 + 0.35 * best_s;
	return best;
}

const Request *rules_request(const Rules *r, const char *number)
{
	g_autofree char *k = vn_key(number);
	for (guint i = 0; i < r->requests->len; i++) {
		const Request *q = r->requests->pdata[i];
		g_autofree char *qk = vn_key(q->number);
		if (strcmp(k, qk) == 0)
			return q;
	}
	return NULL;
}

gboolean rules_is_workday(const Rules *r, const GDate *d)
{
	gpointer j = GUINT_TO_POINTER(g_date_get_julian(d));
	if (g_hash_table_contains(r->workdays, j))
		return TRUE;
	GDateWeekday wd = g_date_get_weekday(d);
	if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
		return FALSE;
	return !g_hash_table_contains(r->holidays, j);
}

/* Parse a periodic period into year, first month and last month. */
static gboolean period_months(const char *p, int *year, int *m0, int *m1, int *kind)
{
	int y = 0, n = 0;
	char c = 0, tail = 0;
	if (!p)
		return FALSE;
	if (sscanf(p, "%4d-%2d%c", &y, &n, &tail) == 2 && strlen(p) == 7 && n >= 1 && n <= 12) {
		*m0 = *m1 = n;
		*kind = 0;
	} else if (sscanf(p, "%4d-%c%1d%c", &y, &c, &n, &tail) == 3 && strlen(p) == 7 &&
	           c == 'Q' && n >= 1 && n <= 4) {
		*m0 = 3 * n - 2;
		*m1 = 3 * n;
		*kind = 1;
	} else if (sscanf(p, "%4d-%c%1d%c", &y, &c, &n, &tail) == 3 && strlen(p) == 7 &&
	           c == 'H' && (n == 1 || n == 2)) {
		*m0 = n == 1 ? 1 : 7;
		*m1 = n == 1 ? 6 : 12;
		*kind = 2;
	} else if (sscanf(p, "%4d%c", &y, &tail) == 1 && strlen(p) == 4) {
		*m0 = 1;
		*m1 = 12;
		*kind = 3;
	} else
		return FALSE;
	if (y < 2000 || y > 2099)
		return FALSE;
	*year = y;
	return TRUE;
}

gboolean period_bounds(const char *period, GDate *first, GDate *last)
{
	int y, m0, m1, kind;
	if (!period_months(period, &y, &m0, &m1, &kind))
		return FALSE;
	g_date_clear(first, 1);
	g_date_clear(last, 1);
	g_date_set_dmy(first, 1, m0, y);
	g_date_set_dmy(last, g_date_get_days_in_month(m1, y), m1, y);
	return TRUE;
}

gboolean rules_due_date(const Rules *r, const char *period, GDate *due)
{
	g_date_clear(due, 1);
	if (period && g_str_has_prefix(period, "adhoc:")) {
		const Request *q = rules_request(r, period + 6);
		if (!q)
			return FALSE;
		*due = q->due;
	} else {
		int y, m0, m1, kind;
		if (!period_months(period, &y, &m0, &m1, &kind))
			return FALSE;
		guint day = MIN(r->due_day[kind], g_date_get_days_in_month(m1, y));
		g_date_set_dmy(due, day, m1, y);
	}
	for (int guard = 0; guard < 60 && !rules_is_workday(r, due); guard++)
		g_date_add_days(due, 1);
	return TRUE;
}

char *period_describe(const char *period)
{
	static const char *roman[] = { "I", "II", "III", "IV" };
	int y, m0, m1, kind;
	if (period && g_str_has_prefix(period, "adhoc:"))
		return g_strdup_printf("đột xuất theo văn bản số %s", period + 6);
	if (!period_months(period, &y, &m0, &m1, &kind))
		return g_strdup(period ? period : "không rõ");
	switch (kind) {
	case 0: return g_strdup_printf("tháng %d năm %d", m0, y);
	case 1: return g_strdup_printf("quý %s năm %d", roman[(m1 / 3) - 1], y);
	case 2: return g_strdup_printf("6 tháng %s năm %d", m0 == 1 ? "đầu" : "cuối", y);
	default: return g_strdup_printf("năm %d", y);
	}
}

gboolean rules_unit_expected(const Rules *r, const Unit *u, const char *period)
{
	GDate first, last;
	if (period && g_str_has_prefix(period, "adhoc:")) {
		const Request *q = rules_request(r, period + 6);
		if (!q || (q->units && !g_strv_contains((const char *const *)q->units, u->code)))
			return FALSE;
		first = last = q->date;
	} else if (!period_bounds(period, &first, &last))
		return FALSE;
	if (g_date_valid(&u->opened) && g_date_compare(&u->opened, &last) > 0)
		return FALSE;
	if (g_date_valid(&u->closed) && g_date_compare(&u->closed, &first) <= 0)
		return FALSE;
	return TRUE;
}

gboolean rules_add_request(Rules *r, const char *number, const char *date, const char *due,
                           const char *units, const char *title, GError **error)
{
	Request q = { 0 };
	if (rules_request(r, number)) {
		g_set_error(error, CONF_ERROR, CONF_ERR_VALUE, "request %s is declared twice", number);
		return FALSE;
	}
	if (!parse_iso_date(date, &q.date) || !parse_iso_date(due, &q.due)) {
		g_set_error(error, CONF_ERROR, CONF_ERR_VALUE,
		            "request %s: dates must be like 2025-10-25", number);
		return FALSE;
	}
	g_auto(GStrv) list = units && *units ? g_strsplit(units, ",", -1) : NULL;
	for (char **u = list; u && *u; u++) {
		g_strstrip(*u);
		if (!rules_unit(r, *u)) {
			g_set_error(error, CONF_ERROR, CONF_ERR_VALUE,
			            "request %s: no unit '%s' in the roster", number, *u);
			return FALSE;
		}
	}
	Request *n = g_new0(Request, 1);
	*n = q;
	n->number = g_strdup(number);
	n->title = g_strdup(title);
	n->units = g_steal_pointer(&list);
	g_ptr_array_add(r->requests, n);
	return TRUE;
}

GPtrArray *rules_expected_periods(const Rules *r, const GDate *today, guint ahead)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GDate from_first, from_last, limit = *today;
	g_date_add_days(&limit, ahead);
	if (r->expected_from && period_bounds(r->expected_from, &from_first, &from_last)) {
		static const char *const kinds[] = { "month", "quarter", "half-year", "year" };
		for (int y = g_date_get_year(&from_first); y <= g_date_get_year(&limit); y++) {
			for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
				if (!g_strv_contains((const char *const *)r->expected_kinds, kinds[k]))
					continue;
				guint n = k == 0 ? 12 : k == 1 ? 4 : k == 2 ? 2 : 1;
				for (guint i = 1; i <= n; i++) {
					g_autofree char *p = k == 0 ? g_strdup_printf("%d-%02u", y, i)
					                   : k == 1 ? g_strdup_printf("%d-Q%u", y, i)
					                   : k == 2 ? g_strdup_printf("%d-H%u", y, i)
					                   : g_strdup_printf("%d", y);
					GDate first, last, due;
					if (!period_bounds(p, &first, &last) || !rules_due_date(r, p, &due) ||
					    g_date_compare(&last, &from_first) < 0 || g_date_compare(&due, &limit) > 0)
						continue;
					g_ptr_array_add(out, g_steal_pointer(&p));
				}
			}
		}
	}
	for (guint i = 0; i < r->requests->len; i++)
		g_ptr_array_add(out, g_strconcat("adhoc:", ((Request *)r->requests->pdata[i])->number, NULL));
	return out;
}

gboolean rules_unit_under(const Rules *r, const Unit *u, const char *above)
{
	guint guard = 0;
	for (const Unit *p = rules_unit(r, u->parent); p && guard++ <= r->units->len;
	     p = rules_unit(r, p->parent))
		if (g_ascii_strcasecmp(p->code, above) == 0)
			return TRUE;
	return FALSE;
}

gboolean rules_unit_has_children(const Rules *r, const Unit *u)
{
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *c = r->units->pdata[i];
		if (c->parent && g_ascii_strcasecmp(c->parent, u->code) == 0)
			return TRUE;
	}
	return FALSE;
}
