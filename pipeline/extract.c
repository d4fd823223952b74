/*
 * extract.c - stage 4: the fields of the form, each with a confidence and a place.
 *
 * How labels are matched. Everything is compared on match keys (vntext.h): no case,
 * no diacritics, no tone placement, so a unit that retyped "LŨY KẾ" as "Luy ke" still
 * matches. Section headings are found in the form's order, after their numbering ("I.",
 * "1.", "a)") is removed; a heading is a short line that starts with an accepted
 * wording, and is numbered, bold or in capitals unless it is the wording exactly.
 * Tables are recognised by their header rows, not their position: each column takes the
 * role (code, status, period value, ...) whose label it contains as whole words, the
 * longest label winning, over one, two or three header rows, so merged two-row headers,
 * reordered and extra columns all resolve. Indicators typed as text lines are read in
 * section III: the code or the label says which indicator, the first number after the
 * label is the period's value, the first number after "lũy kế" the year-to-date value.
 * A tagged content control is exact and overrides what the layout said.
 */
#include <string.h>
#include "common.h"
#include "extract.h"
#include "symbols.h"
#include "vntext.h"

enum { CONF_TABLE = 99, CONF_TEXT = 90, CONF_GUESS = 70 };
#define C(x) ((x) / 100.0)

/* ---- small matching helpers ------------------------------------------------------ */

/* Key with leading numbering removed ("i. ", "2.", "a) ", "phan i -"). */
static const char *strip_numbering(const char *key)
{
	static GRegex *re;
	if (g_once_init_enter(&re))
		g_once_init_leave(&re, g_regex_new("^(?:phan\\s+)?(?:[ivx]{1,4}|[ivxlh|]{1,4}(?=[.)])|\\d{1,2}|[a-z])"
		                                   "\\s*[.):-]\\s*", 0, 0, NULL));
	g_autoptr(GMatchInfo) m = NULL;
	if (g_regex_match(re, key, 0, &m)) {
		int end = 0;
		g_match_info_fetch_pos(m, 0, NULL, &end);
		return key + end;
	}
	return key;
}

/* Share of the words (2+ letters) of label found in text, both keys. */
static double overlap(const char *text, const char *label)
{
	g_auto(GStrv) words = g_strsplit_set(label, " ,.;:()/-", -1);
	guint n = 0, hit = 0;
	for (char **w = words; *w; w++) {
		if (strlen(*w) < 2)
			continue;
		n++;
		hit += vn_key_contains(text, *w);
	}
	return n ? (double)hit / n : 0;
}

static gboolean is_sig_auth(const char *key)
{
	static const char *const p[] = { "t/m ", "k/t ", "t/l ", "tm. ", "kt. ", "tl. ", "tuq. ",
	                                 "q. ", "tm.", "kt.", "tl.", NULL };
	for (const char *const *s = p; *s; s++)
		if (g_str_has_prefix(key, *s))
			return TRUE;
	return FALSE;
}

/* OCR gives a common family name other tones ("Đỉnh" for "Đinh", "Hổ" for "Hồ"): the
 * first word of a name read from a scan, when it is a family name but for its tones,
 * becomes that name. */
static char *fix_family_name(const char *name)
{
	static const char *const family[] = {
		"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
		"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Trịnh", "Lương",
		"Mai", "Cao", "Tạ", "Hà", "Lâm", "Chu", "Lưu", "Tô", "Quách", "Trương", "Thái",
		"Kiều", "Đào", "Tăng", "Triệu", "Vương", "Lại", "Diệp", "Châu", "Hứa", "Tống",
		"Phùng", "Doãn", "Mạc", "Nghiêm", "Lục", "Giáp", "Thân", "Nông", "Hầu", NULL
	};
	const char *sp = strchr(name, ' ');
	if (sp == NULL)
		return g_strdup(name);
	g_autofree char *first = g_strndup(name, (gsize) (sp - name));
	g_autofree char *key = vn_toneless(first);
	for (const char *const *f = family; key && *f; f++) {
		g_autofree char *fk = vn_toneless(*f);
		if (strcmp(key, fk) == 0)
			return g_strconcat(*f, sp, NULL);
	}
	return g_strdup(name);
}

/* A line's text as a name: from a scan, without the specks OCR read around it
 * ("_ Phạm Trường Thọ", "Nguyễn Văn An ."). */
static char *scan_name(const Line *l)
{
	if (l->conf >= 1.0)
		return g_strdup(l->text);
	const char *p = l->text;
	while (*p && (g_ascii_ispunct(*p) || *p == ' '))
		p++;
	char *t = g_strdup(p);
	gsize n = strlen(t);
	while (n && (g_ascii_ispunct(t[n - 1]) || t[n - 1] == ' '))
		t[--n] = '\0';
	return t;
}

/* "Nguyễn Văn An": two to six words, each a capital then lower-case letters. */
static gboolean is_name(const char *text)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	guint n = 0;
	for (char **w = words; *w; w++) {
		if (!**w)
			continue;
		n++;
		gboolean first = TRUE;
		for (const char *p = *w; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (!g_unichar_isalpha(c) || g_unichar_get_script(c) != G_UNICODE_SCRIPT_LATIN)
				return FALSE;
			if (first ? !g_unichar_isupper(c) : !g_unichar_islower(c))
				return FALSE;
			first = FALSE;
		}
	}
	return n >= 2 && n <= 6;
}

static gboolean is_bullet(const char *text)
{
	return g_str_has_prefix(text, "-") || g_str_has_prefix(text, "–") ||
	       g_str_has_prefix(text, "+") || g_str_has_prefix(text, "•");
}

/* Text of a list item without its bullet and final ",", ";" or ".". */
static char *item_text(const char *text)
{
	const char *p = text;
	if (is_bullet(p))
		p = g_utf8_next_char(p);
	g_autofree char *t = g_strstrip(g_strdup(p));
	gsize n = strlen(t);
	while (n && strchr(",;.", t[n - 1]))
		t[--n] = '\0';
	return g_strstrip(g_steal_pointer(&t));
}

/* ---- sections ---------------------------------------------------------------------- */

typedef struct {
	int at[16];      /* heading line of each section of the form, -1 when absent */
	guint n;
	guint end;       /* where the closing block starts */
} Sections;

static gboolean heading_matches(const Line *l, const SectionDef *s)
{
	if (l->table || g_utf8_strlen(l->text, -1) > 160)
		return FALSE;
	const char *k = strip_numbering(l->key);
	gboolean had_number = k != l->key || l->numbered;
	if (!had_number && l->conf < 1.0) {
		/* OCR reads "III." as "HIIL", "IIl", "lI:": a first word of such strokes only */
		gsize n = strspn(k, "ivxlh|1");
		if (n > 0 && n <= 5 && strspn(k + n, ".:;,") + n < strlen(k) &&
		    k[n + strspn(k + n, ".:;,")] == ' ') {
			k += n + strspn(k + n, ".:;, ");
			had_number = TRUE;
		}
	}
	for (char **h = s->heading_keys; *h; h++) {
		gsize n = strlen(*h);
		if (strncmp(k, *h, n) != 0)
			continue;
		const char *rest = k + n;
		if (strspn(rest, " .:;,") == strlen(rest))
			return TRUE;  /* the wording exactly */
		if ((rest[0] == ' ' || rest[0] == ',') && strlen(rest) <= 40 &&
		    (had_number || l->upper || l->bold))
			return TRUE;
	}
	return FALSE;
}

static void find_sections(const Reading *rd, Sections *s)
{
	const DocView *v = rd->view;
	GPtrArray *defs = rd->form->sections;
	s->n = MIN(defs->len, G_N_ELEMENTS(s->at));
	guint from = rd->body_start;
	for (guint i = 0; i < s->n; i++) {
		s->at[i] = -1;
		for (guint j = from; j < v->lines->len; j++)
			if (heading_matches(docview_line(v, j), defs->pdata[i])) {
				s->at[i] = (int)j;
				from = j + 1;
				break;
			}
	}
	/* the closing block: "Nơi nhận", a signing authority, or a layout table after the
	 * last section heading */
	s->end = v->lines->len;
	for (guint j = from; j < v->lines->len; j++) {
		const Line *l = docview_line(v, j);
		if (g_str_has_prefix(l->key, "noi nhan") || is_sig_auth(l->key) ||
		    (l->layout_id && j > from)) {
			s->end = j;
			break;
		}
	}
}

/* First line after section i's heading and the line where its text ends. */
static void section_range(const Sections *s, guint i, guint *from, guint *to)
{
	*from = s->at[i] + 1;
	*to = s->end;
	for (guint k = i + 1; k < s->n; k++)
		if (s->at[k] >= 0) {
			*to = s->at[k];
			break;
		}
}

static void read_section_texts(Reading *rd, const Sections *s)
{
	GString *present = g_string_new(NULL);
	for (guint i = 0; i < s->n; i++) {
		const SectionDef *def = rd->form->sections->pdata[i];
		if (s->at[i] < 0)
			continue;
		g_string_append_printf(present, "%s%s", present->len ? "," : "", def->roman);
		if (!def->field)
			continue;
		guint from, to;
		section_range(s, i, &from, &to);
		GString *text = g_string_new(NULL);
		for (guint j = from; j < to; j++) {
			const Line *l = docview_line(rd->view, j);
			if (l->table)
				continue;
			if (text->len)
				g_string_append_c(text, '\n');
			g_string_append(text, l->text);
		}
		g_autofree char *where = g_strdup_printf("section %s", def->roman);
		record_set_field(rd->rec, def->field, text->str, C(CONF_TEXT), where);
		g_string_free(text, TRUE);
	}
	/* internal: which sections were found, for validate.c */
	record_set_field(rd->rec, "_sections", present->str, 1, NULL);
	g_string_free(present, TRUE);
}

/* ---- tables ------------------------------------------------------------------------ */

#define MAX_ROLES 8

/* The key without its spaces: OCR loses some ("Trongkỳ", "Đơnvị tính"). */
static char *despace(const char *key)
{
	char *out = g_malloc(strlen(key) + 1), *o = out;
	for (const char *p = key; *p; p++)
		if (*p != ' ')
			*o++ = *p;
	*o = '\0';
	return out;
}

/* Does a header holding hk_tight (despaced) contain the label of several words, even
 * with the spaces lost? One-word labels must match as words (vn_key_contains). */
static gboolean tight_contains(const char *hk_tight, const char *label)
{
	if (!strchr(label, ' '))
		return FALSE;
	g_autofree char *lt = despace(label);
	return strstr(hk_tight, lt) != NULL;
}

/* Map each role of def to a column of t using header rows [0, h). */
static void map_columns(const DocTable *t, const TableDef *def, guint h, int *col, gsize *score)
{
	for (guint r = 0; r < def->n_roles; r++) {
		col[r] = -1;
		score[r] = 0;
	}
	for (guint c = 0; c < t->n_cols; c++) {
		GString *hk = g_string_new(NULL);
		DocCell *prev = NULL;
		for (guint r = 0; r < h && r < t->n_rows; r++) {
			DocCell *cell = doc_table_cell(t, r, c);
			if (!cell || cell == prev)
				continue;
			prev = cell;
			g_autofree char *txt = doc_cell_text(cell);
			g_autofree char *k = vn_key(txt);
			g_string_append_printf(hk, "%s%s", hk->len ? " " : "", k);
		}
		int best_role = -1;
		gsize best = 0;
		g_autofree char *hk_tight = despace(hk->str);
		for (guint r = 0; r < def->n_roles; r++)
			for (char **lab = def->labels[r]; *lab; lab++)
				if (strlen(*lab) > best &&
				    (vn_key_contains(hk->str, *lab) || tight_contains(hk_tight, *lab))) {
					best = strlen(*lab);
					best_role = (int)r;
				}
		if (best_role >= 0 && best > score[best_role]) {
			col[best_role] = (int)c;
			score[best_role] = best;
		}
		g_string_free(hk, TRUE);
	}
}

static int role_index(const TableDef *def, const char *role)
{
	for (guint r = 0; r < def->n_roles; r++)
		if (strcmp(def->roles[r], role) == 0)
			return (int)r;
	return -1;
}

static gboolean any_mapped(const TableDef *def, const int *col, const char *const *roles)
{
	for (const char *const *n = roles; *n; n++)
		if (col[role_index(def, *n)] >= 0)
			return TRUE;
	return FALSE;
}

/* TRUE when a cell of row r holds a number: then it is a data row, not a header. */
static gboolean row_has_number(const DocTable *t, guint r)
{
	for (guint c = 0; c < t->n_cols; c++) {
		DocCell *cell = doc_table_cell(t, r, c);
		if (!cell || cell->row != r)
			continue;
		g_autofree char *txt = doc_cell_text(cell);
		double v;
		if (vn_parse_number(g_strstrip(txt), &v))
			return TRUE;
	}
	return FALSE;
}

/* Find the header height (1..3) at which each group of roles has one role mapped; the
 * header never reaches into the data rows. */
static guint table_header(const DocTable *t, const TableDef *def, const char *const *need1,
                          const char *const *need2, int *col)
{
	gsize score[MAX_ROLES];
	guint max_h = 1;
	while (max_h < 3 && max_h < t->n_rows && !row_has_number(t, max_h))
		max_h++;
	for (guint h = 1; h <= max_h && h < t->n_rows; h++) {
		map_columns(t, def, h, col, score);
		if (any_mapped(def, col, need1) && any_mapped(def, col, need2))
			return h;
	}
	return 0;
}

/* The last table read as one of the form's tables: a table right after it without a
 * header of its own, with as many columns, carries its rows on (a table cut by a page
 * break, or split in two by the writer). */
typedef enum { TK_NONE, TK_INDICATORS, TK_TASKS, TK_ISSUED } TableKind;
typedef struct {
	TableKind kind;
	guint n_cols;
	int col[MAX_ROLES];
	double guessed;     /* the indicator table's guessed period column's confidence */
} LastTable;

/* Header height of t as a table of this kind, with its column map in col; 0 with the
 * previous table's map when t carries that table on; -1 when t is not of this kind. */
static int header_or_carry(const DocTable *t, const TableDef *def, const char *const *need1,
                           const char *const *need2, TableKind kind, const LastTable *last,
                           int *col)
{
	guint h = table_header(t, def, need1, need2, col);
	if (h)
		return (int) h;
	if (last && last->kind == kind && last->n_cols == t->n_cols) {
		memcpy(col, last->col, sizeof last->col);
		return 0;
	}
	return -1;
}

static void remember(LastTable *last, TableKind kind, const DocTable *t, const int *col,
                     double guessed)
{
	if (!last)
		return;
	last->kind = kind;
	last->n_cols = t->n_cols;
	memcpy(last->col, col, sizeof last->col);
	last->guessed = guessed;
}

static char *cell_at(const DocTable *t, guint r, int c)
{
	if (c < 0)
		return g_strdup("");
	DocCell *cell = doc_table_cell(t, r, (guint)c);
	if (!cell)
		return g_strdup("");
	char *txt = doc_cell_text(cell);
	for (char *p = txt; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return g_strstrip(txt);
}

/* OCR reads digits of a code as look-alike letters ("CS0G", "CSO1", "CS1O"): after a
 * "cs" (or "c5"), letters that look like digits are taken as those digits. */
static char *code_digits(const char *key)
{
	char *out = g_strdup(key);
	for (char *p = out; (p = strstr(p, "c")) != NULL; p++) {
		if (p[1] != 's' && p[1] != '5')
			continue;
		if (p > out && g_ascii_isalnum(p[-1]))
			continue;
		/* only a token that is all digits once mapped: "CSDL" stays a word */
		static const char from[] = "oqilzsgb", to[] = "00112568";
		char *q = p + 2, *end = q;
		while (*end && *end != ' ' && end - q < 3 && (g_ascii_isdigit(*end) || strchr(from, *end)))
			end++;
		if (end == q || (*end && *end != ' ' && *end != '.' && *end != ':' && *end != ','))
			continue;
		for (; q < end; q++) {
			const char *at = strchr(from, *q);
			if (at != NULL)
				*q = to[at - from];
		}
	}
	return out;
}

static const IndicatorDef *indicator_by_code_key(const FormDef *f, const char *raw_key)
{
	g_autofree char *key = code_digits(raw_key);
	static GRegex *re;
	if (g_once_init_enter(&re))
		g_once_init_leave(&re, g_regex_new("(?<![a-z0-9])c[s5]\\s*[0o]?(\\d{1,2})(?![0-9])",
		                                   0, 0, NULL));
	g_autoptr(GMatchInfo) m = NULL;
	if (!g_regex_match(re, key, 0, &m))
		return NULL;
	g_autofree char *n = g_match_info_fetch(m, 1);
	char code[8];
	g_snprintf(code, sizeof code, "CS%02d", (int)g_ascii_strtoll(n, NULL, 10));
	for (guint i = 0; i < f->indicators->len; i++) {
		const IndicatorDef *d = f->indicators->pdata[i];
		if (strcmp(d->code, code) == 0)
			return d;
	}
	return NULL;
}

static const IndicatorDef *indicator_by_label(const FormDef *f, const char *key, double min)
{
	const IndicatorDef *best = NULL;
	double best_s = 0;
	for (guint i = 0; i < f->indicators->len; i++) {
		const IndicatorDef *d = f->indicators->pdata[i];
		double s = vn_key_contains(key, d->label_key) ? 1.0 : overlap(key, d->label_key);
		if (s > best_s) {
			best_s = s;
			best = d;
		}
	}
	return best_s >= min ? best : NULL;
}

/* Parse an indicator cell: TRUE with *v when it holds a number; *blank when empty. */
static gboolean value_cell(const char *text, double *v, gboolean *blank)
{
	g_autofree char *k = vn_key(text);
	*blank = *k == '\0' || strcmp(k, "-") == 0 || strcmp(k, "x") == 0 || strcmp(k, "...") == 0;
	if (*blank)
		return FALSE;
	return vn_parse_number(k, v) || vn_find_number(k, v, NULL, NULL);
}

static void set_indicator_value(Reading *rd, const IndicatorDef *d, gboolean ytd,
                                const char *text, double conf, const char *where)
{
	double v;
	gboolean blank;
	if (!value_cell(text, &v, &blank)) {
		if (!blank)
			record_add_finding(rd->rec, "indicator-unreadable", SEV_ERROR, d->code,
			                   "Không đọc được giá trị chỉ số %s (%s): \"%s\".", d->code,
			                   ytd ? "Lũy kế từ đầu năm" : "Trong kỳ", text);
		return;
	}
	IndicatorValue *iv = record_indicator(rd->rec, d->code);
	if (ytd) {
		iv->has_ytd = TRUE;
		iv->ytd_value = v;
	} else {
		iv->has_period = TRUE;
		iv->period_value = v;
	}
	iv->confidence = iv->confidence > 0 ? MIN(iv->confidence, conf) : conf;
	g_free(iv->where);
	iv->where = g_strdup(where);
}

/* Confidence of the words of cell (r, c); 1 when there is no such cell. */
static double cell_conf(const DocTable *t, guint r, int c)
{
	return c < 0 ? 1.0 : doc_cell_conf(doc_table_cell(t, r, (guint) c));
}

static gboolean read_indicator_table(Reading *rd, const DocTable *t, LastTable *last)
{
	const TableDef *def = &rd->form->indicators_table;
	static const char *const ids[] = { "code", "label", NULL };
	static const char *const values[] = { "period", "ytd", NULL };
	int col[MAX_ROLES];
	int hh = header_or_carry(t, def, ids, values, TK_INDICATORS, last, col);
	if (hh < 0)
		return FALSE;
	guint h = (guint) hh;
	int cp = col[role_index(def, "period")], cy = col[role_index(def, "ytd")];
	int cc = col[role_index(def, "code")], cl = col[role_index(def, "label")];
	/* a header cell OCR could not read ("~" for "Trong kỳ"): the form puts the period's
	 * value just before the year-to-date one; take that column, at a confidence low
	 * enough for the clerk to be asked to look */
	double guessed = h ? 1.0 : last->guessed;
	if (h && cp < 0 && cy > 0 && rd->doc->pages_ocr > 0) {
		gboolean free_col = TRUE;
		for (guint r = 0; r < def->n_roles; r++)
			free_col = free_col && col[r] != cy - 1;
		if (free_col) {
			cp = cy - 1;
			guessed = C(CONF_GUESS);
		}
	}
	/* and a year-to-date header OCR misread ("Ly kể từ đầu năm"): the column after the
	 * period's */
	if (h && cy < 0 && cp >= 0 && (guint) cp + 1 < t->n_cols && rd->doc->pages_ocr > 0) {
		gboolean free_col = TRUE;
		for (guint r = 0; r < def->n_roles; r++)
			free_col = free_col && col[r] != cp + 1;
		if (free_col) {
			cy = cp + 1;
			guessed = C(CONF_GUESS);
		}
	}
	guint found = 0;
	for (guint r = h; r < t->n_rows; r++) {
		g_autofree char *code = cell_at(t, r, cc), *label = cell_at(t, r, cl);
		g_autofree char *ck = vn_key(code), *lk = vn_key(label);
		const IndicatorDef *d = indicator_by_code_key(rd->form, ck);
		double conf = MIN(C(CONF_TABLE), guessed);
		if (!d && (d = indicator_by_label(rd->form, lk, 0.75)))
			conf = MIN(0.9, guessed);
		if (!d || record_indicator_get(rd->rec, d->code))
			continue;
		found++;
		g_autofree char *pv = cell_at(t, r, cp), *yv = cell_at(t, r, cy);
		/* read from a scan: no surer than the words of the cells it came from */
		double cid = MIN(cell_conf(t, r, cc), cell_conf(t, r, cl));
		if (cc < 0 || cl < 0)
			cid = cc >= 0 ? cell_conf(t, r, cc) : cell_conf(t, r, cl);
		set_indicator_value(rd, d, FALSE, pv, MIN(conf, MIN(cid, cell_conf(t, r, cp))),
		                    "indicator table");
		set_indicator_value(rd, d, TRUE, yv, MIN(conf, MIN(cid, cell_conf(t, r, cy))),
		                    "indicator table");
		record_indicator(rd->rec, d->code);
	}
	if (found > 0 || h > 0) {  /* its header says what it is, even with no row read */
		col[role_index(def, "period")] = cp;
		col[role_index(def, "ytd")] = cy;
		remember(last, TK_INDICATORS, t, col, guessed);
	}
	return found > 0 || h > 0;
}

/* Equal once spaces and stray marks are ignored: OCR drops or adds spaces
 * ("Hoànthành") and reads specks of the cell as punctuation ("Đang thực ' hiện -"). */
static gboolean same_but_spaces(const char *a, const char *b)
{
	g_autofree char *x = despace(a), *y = despace(b);
	char *o = x;
	for (const char *p = x; *p; p++)
		if (!g_ascii_ispunct(*p))
			*o++ = *p;
	*o = '\0';
	return strcmp(x, y) == 0;
}

static gboolean read_task_table(Reading *rd, const DocTable *t, LastTable *last)
{
	const TableDef *def = &rd->form->tasks;
	static const char *const all[] = { "status", NULL };
	static const char *const any[] = { "code", "content", NULL };  /* both groups needed */
	int col[MAX_ROLES];
	int hh = header_or_carry(t, def, all, any, TK_TASKS, last, col);
	if (hh < 0)
		return FALSE;
	guint h = (guint) hh;
	int cc = col[role_index(def, "code")], cn = col[role_index(def, "content")];
	int cs = col[role_index(def, "status")], cr = col[role_index(def, "result")];
	guint found = 0;
	for (guint r = h; r < t->n_rows; r++) {
		g_autofree char *code = cell_at(t, r, cc), *content = cell_at(t, r, cn);
		g_autofree char *status = cell_at(t, r, cs), *result = cell_at(t, r, cr);
		g_autofree char *canon = normalize_task_code(code);
		double conf = C(CONF_TABLE);
		const TaskDef *td = rules_task(rd->rules, canon);
		if (!td && *content)
			td = rules_match_task(rd->rules, content, &conf);
		if (!td)
			continue;
		found++;
		g_autofree char *sk = vn_key(status);
		const char *canon_status = NULL;
		for (guint i = 0; rd->form->status_keys[i]; i++)
			if (strcmp(sk, rd->form->status_keys[i]) == 0 ||
			    same_but_spaces(sk, rd->form->status_keys[i]) ||
			    (*sk && vn_key_contains(sk, rd->form->status_keys[i]) &&
			     strlen(sk) < strlen(rd->form->status_keys[i]) + 12))
				canon_status = rd->form->statuses[i];
		record_add_task(rd->rec, td->code, canon_status ? canon_status : status,
		                canon_status != NULL, result, conf);
	}
	if (found > 0 || h > 0)
		remember(last, TK_TASKS, t, col, 1.0);
	return found > 0 || h > 0;
}

static gboolean read_issued_table(Reading *rd, const DocTable *t, LastTable *last)
{
	const TableDef *def = &rd->form->issued;
	static const char *const all[] = { "number", NULL };
	static const char *const any[] = { "date", "summary", NULL };  /* both groups needed */
	int col[MAX_ROLES];
	int hh = header_or_carry(t, def, all, any, TK_ISSUED, last, col);
	if (hh < 0)
		return FALSE;
	guint h = (guint) hh;
	int cn = col[role_index(def, "number")], cd = col[role_index(def, "date")];
	int cs = col[role_index(def, "summary")];
	guint found = 0;
	for (guint r = h; r < t->n_rows; r++) {
		g_autofree char *num = cell_at(t, r, cn), *date = cell_at(t, r, cd);
		g_autofree char *sum = cell_at(t, r, cs);
		if (!*num && !*sum)
			continue;
		g_autofree char *n = find_doc_number(num);
		if (h == 0 && !n)
			continue;  /* a carried-on table's rows must look like the list's */
		int y, m, d;
		g_autofree char *iso = vn_find_date(date, &y, &m, &d)
			? g_strdup_printf("%04d-%02d-%02d", y, m, d) : NULL;
		record_add_issued(rd->rec, n ? n : num, iso, sum);
		found++;
	}
	if (found > 0 || h > 0)
		remember(last, TK_ISSUED, t, col, 1.0);
	return found > 0 || h > 0;
}

/* ---- indicators written as text ---------------------------------------------------- */

static void split_ytd(const char *rest, double *pv, gboolean *has_p, double *yv, gboolean *has_y)
{
	static const char *const marks[] = { "luy ke", "cong don", NULL };
	const char *cut = NULL;
	for (const char *const *m = marks; *m && !cut; m++)
		cut = strstr(rest, *m);
	g_autofree char *before = cut ? g_strndup(rest, cut - rest) : g_strdup(rest);
	*has_p = vn_find_number(before, pv, NULL, NULL);
	*has_y = cut && vn_find_number(cut, yv, NULL, NULL);
}

static void read_indicator_lines(Reading *rd, guint from, guint to)
{
	for (guint j = from; j < to; j++) {
		const Line *l = docview_line(rd->view, j);
		if (l->table)
			continue;
		const char *k = strip_numbering(l->key);
		const IndicatorDef *d = indicator_by_code_key(rd->form, k);
		double conf = 0.95;
		if (!d) {
			d = indicator_by_label(rd->form, k, 0.8);
			conf = 0.85;
		}
		if (!d || record_indicator_get(rd->rec, d->code))
			continue;
		const char *colon = strchr(k, ':');
		const char *rest = colon ? colon + 1 : k;
		if (!colon) {
			/* no colon: numbers after the code or label */
			const char *at = strstr(k, d->label_key);
			rest = at ? at + strlen(d->label_key) : k;
			if (!at) {
				g_autofree char *lower = g_ascii_strdown(d->code, -1);
				const char *c = strstr(k, lower);
				rest = c ? c + strlen(lower) : k;
			}
		}
		double pv = 0, yv = 0;
		gboolean hp, hy;
		split_ytd(rest, &pv, &hp, &yv, &hy);
		if (!hp && !hy)
			continue;
		IndicatorValue *iv = record_indicator(rd->rec, d->code);
		iv->has_period = hp;
		iv->period_value = pv;
		iv->has_ytd = hy;
		iv->ytd_value = yv;
		iv->confidence = conf;
		iv->where = g_strdup("section III text");
	}
}

/* ---- closing block --------------------------------------------------------------- */

static void read_closing(Reading *rd, guint from)
{
	const DocView *v = rd->view;
	guint n = v->lines->len;
	/* recipients */
	for (guint j = from; j < n; j++) {
		const Line *l = docview_line(v, j);
		if (!g_str_has_prefix(l->key, "noi nhan"))
			continue;
		GString *items = g_string_new(NULL);
		const char *colon = strchr(l->text, ':');
		if (colon && *g_strchug((char *)colon + 1) != '\0') {
			g_autofree char *it = item_text(colon + 1);
			g_string_append(items, it);
		}
		for (guint i = j + 1; i < n; i++) {
			const Line *m = docview_line(v, i);
			if (!is_bullet(m->text))
				break;
			g_autofree char *it = item_text(m->text);
			g_string_append_printf(items, "%s%s", items->len ? "\n" : "", it);
		}
		if (items->len)
			record_set_field(rd->rec, "recipients", items->str, C(CONF_TEXT), "closing");
		g_string_free(items, TRUE);
		break;
	}
	/* signer: after the signing authority (T/M, K/T, ...), the position lines in
	 * capitals, then the name; without an authority line, the last name in the
	 * document and the capitals line above it */
	int auth = -1;
	for (guint j = from; j < n; j++)
		if (is_sig_auth(docview_line(v, j)->key)) {
			auth = (int)j;
			break;
		}
	guint start = auth >= 0 ? (guint)auth + 1 : from;
	guint block = auth >= 0 ? docview_line(v, auth)->layout_id : 0;
	int name_at = -1, title_at = -1;
	for (guint j = start; j < n; j++) {
		const Line *l = docview_line(v, j);
		if (block && l->layout_id != block)
			break;  /* the signature block ends with its layout table */
		if (l->table || is_bullet(l->text) || g_str_has_prefix(l->key, "noi nhan") ||
		    g_str_has_prefix(l->text, "("))
			continue;
		g_autofree char *bare = scan_name(l);
		if (is_name(bare)) {
			name_at = (int)j;
			if (auth >= 0)
				break;
		} else if (l->upper && !is_sig_auth(l->key) && g_utf8_strlen(l->text, -1) <= 60) {
			if (auth >= 0 && name_at < 0)
				title_at = (int)j;  /* the last position line before the name */
			else if (auth < 0)
				title_at = (int)j, name_at = -1;
		}
	}
	double conf = auth >= 0 ? 0.95 : 0.75;
	if (name_at >= 0) {
		const Line *nl = docview_line(v, name_at);
		g_autofree char *bare = scan_name(nl);
		g_autofree char *name = nl->conf < 1.0 ? fix_family_name(bare) : g_strdup(bare);
		record_set_field(rd->rec, "signer_name", name, conf, "signature block");
	}
	if (title_at < 0 && auth >= 0) {
		/* "K/T BÍ THƯ" with nothing after it: the position is in the authority line */
		const char *t = docview_line(v, auth)->text, *sp = strchr(t, ' ');
		if (sp && name_at >= 0)
			record_set_field(rd->rec, "signer_title", sp + 1, conf, "signature block");
		return;
	}
	if (title_at >= 0 && (name_at < 0 || title_at < name_at || auth >= 0))
		record_set_field(rd->rec, "signer_title", docview_line(v, title_at)->text, conf,
		                 "signature block");
}

/* ---- content controls ------------------------------------------------------------ */

static void apply_tag(Reading *rd, const char *tag, const char *text)
{
	Record *rec = rd->rec;
	g_autofree char *where = g_strdup_printf("content control %s", tag);
	g_autofree char *t = g_strstrip(g_strdup(text));
	if (!*t)
		return;
	if (strcmp(tag, "doc_number") == 0) {
		g_autofree char *n = find_doc_number(t);
		if (n)
			record_set_field(rec, "doc_number", n, 1, where);
	} else if (strcmp(tag, "doc_date") == 0) {
		int y, m, d;
		if (vn_find_date(t, &y, &m, &d)) {
			g_autofree char *iso = g_strdup_printf("%04d-%02d-%02d", y, m, d);
			record_set_field(rec, "doc_date", iso, 1, where);
		}
	} else if (strcmp(tag, "period") == 0 && rd->form) {
		const char *colon = strchr(t, ':');
		char *p = vn_parse_period(colon ? colon + 1 : t);
		if (p) {
			g_free(rec->period);
			rec->period = p;
			record_set_field(rec, "period", p, 1, where);
		}
	} else if (strcmp(tag, "issuer") == 0) {
		double c;
		const Unit *u = rules_match_unit(rd->rules, t, &c);
		record_set_field(rec, "issuer", u ? u->name : t, 1, where);
	} else if (g_str_has_prefix(tag, "CS") && rd->form) {
		g_auto(GStrv) parts = g_strsplit(tag, ".", 2);
		const IndicatorDef *d = NULL;
		for (guint i = 0; i < rd->form->indicators->len && !d; i++)
			if (strcmp(((IndicatorDef *)rd->form->indicators->pdata[i])->code, parts[0]) == 0)
				d = rd->form->indicators->pdata[i];
		if (d && parts[1]) {
			set_indicator_value(rd, d, strcmp(parts[1], "ytd") == 0, t, 1, where);
			IndicatorValue *iv = record_indicator(rd->rec, d->code);
			iv->confidence = 1.0;  /* a tagged control is exact, whatever the table said */
		}
	} else if (strcmp(tag, "place") == 0 || strcmp(tag, "signer_name") == 0 ||
	           strcmp(tag, "leadership_text") == 0 ||
	           strcmp(tag, "signer_title") == 0 || strcmp(tag, "difficulties") == 0 ||
	           strcmp(tag, "proposals") == 0) {
		record_set_field(rec, tag, t, 1, where);
	}
}

static void apply_tags_in(Reading *rd, GPtrArray *blocks)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_PARA) {
			if (b->para.sdt_tag)
				apply_tag(rd, b->para.sdt_tag, b->para.text);
			continue;
		}
		for (guint c = 0; c < b->table.cells->len; c++) {
			DocCell *cell = b->table.cells->pdata[c];
			if (cell->sdt_tag) {
				g_autofree char *txt = doc_cell_text(cell);
				apply_tag(rd, cell->sdt_tag, txt);
			}
			apply_tags_in(rd, cell->blocks);
		}
	}
}

/* ---- the stage ---------------------------------------------------------------------- */

/* The line a field's value was read from: the first that holds the value as printed,
 * or for a date or period (stored in ISO form) the first that names a day or the
 * period label. */
static const Line *field_line(const Reading *rd, const Field *f)
{
	const DocView *v = rd->view;
	gboolean date = strcmp(f->name, "doc_date") == 0, period = strcmp(f->name, "period") == 0;
	for (guint i = 0; i < v->lines->len; i++) {
		const Line *l = docview_line(v, i);
		if (date ? strstr(l->key, "ngay ") && strstr(l->key, "thang")
		         : period ? strstr(l->key, "ky bao cao") != NULL
		                  : f->value && *f->value && strstr(l->text, f->value) != NULL)
			return l;
	}
	return NULL;
}

/* A value read by OCR is no surer than the words it came from. */
static void fields_from_scan(Reading *rd)
{
	if (rd->doc->pages_ocr == 0)
		return;
	for (guint i = 0; i < rd->rec->fields->len; i++) {
		Field *f = rd->rec->fields->pdata[i];
		const Line *l = f->name[0] == '_' ? NULL : field_line(rd, f);
		if (l != NULL)
			f->confidence = MIN(f->confidence, (double) l->conf);
	}
}

const FormDef *extract_table_form(const Reading *rd)
{
	static const char *const ids[] = { "code", "label", NULL };
	static const char *const values[] = { "period", "ytd", NULL };
	for (guint k = 0; rd->forms && k < rd->forms->forms->len; k++) {
		const FormDef *f = rd->forms->forms->pdata[k];
		for (guint i = 0; i < rd->view->tables->len; i++) {
			int col[MAX_ROLES];
			if (table_header(rd->view->tables->pdata[i], &f->indicators_table, ids, values, col))
				return f;
		}
	}
	return NULL;
}

void extract_fields(Reading *rd)
{
	guint closing_from = rd->body_start;
	if (rd->form) {
		Sections s;
		find_sections(rd, &s);
		read_section_texts(rd, &s);
		LastTable last = { TK_NONE };
		for (guint i = 0; i < rd->view->tables->len; i++) {
			const DocTable *t = rd->view->tables->pdata[i];
			if (!read_indicator_table(rd, t, &last) && !read_task_table(rd, t, &last) &&
			    !read_issued_table(rd, t, &last))
				last.kind = TK_NONE;
		}
		/* indicators typed as text, in section III (or anywhere when it is missing) */
		guint from = rd->body_start, to = s.end;
		for (guint i = 0; i < s.n; i++) {
			const SectionDef *def = rd->form->sections->pdata[i];
			if (strcmp(def->roman, "III") == 0 && s.at[i] >= 0)
				section_range(&s, i, &from, &to);
		}
		read_indicator_lines(rd, from, to);
		closing_from = s.end;
	}
	if (g_strcmp0(rd->rec->kind, "unknown") != 0)
		read_closing(rd, closing_from);
	apply_tags_in(rd, rd->doc->body);
	fields_from_scan(rd);
}
