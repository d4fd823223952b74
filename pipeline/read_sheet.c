/*
 * read_sheet.c - stage 2 reader for workbooks: XLSX (SpreadsheetML in an OPC package)
 * and ODS (OpenDocument spreadsheet).
 *
 * Units send the indicator table of their report as a workbook, so a sheet must come out
 * as the same Doc a word processor's table gives. The rule, per sheet (workbook order,
 * hidden sheets skipped, at most MAX_SHEETS): the used range is the box around every
 * cell with text (never the file's own <dimension>); from its top, each row with exactly
 * one non-empty cell is a title and becomes a body paragraph (rows with none are
 * skipped); from the first row with two or more non-empty cells to the end of the used
 * range, the sheet is one DocTable, trimmed to the columns that hold text there and
 * widened to merged areas that start with text. Inside the table a row with no text and
 * no merged area over it is dropped. A merged area (XLSX <mergeCell>, ODS
 * number-columns/rows-spanned) is one DocCell over all its grid positions, like DOCX
 * gridSpan and vMerge; text under it other than its top-left cell's is dropped, as the
 * spreadsheet shows it.
 *
 * Cell text is what the spreadsheet shows, in the notation vn_parse_number() reads back:
 * a number as plain digits with a decimal comma ("1250", "12,5", "-0,25"; no grouping,
 * no exponent for ordinary magnitudes), whatever its display format, except that a cell
 * whose format is a date shows dd/mm/yyyy (a time-only format HH:MM). Shared and inline
 * strings (rich runs concatenated, phonetic runs dropped, _xHHHH_ escapes decoded),
 * booleans (TRUE/FALSE), errors ("#DIV/0!") and formulas by their cached value. ODS
 * float, percentage and currency cells use office:value, dates office:date-value, other
 * cells their text:p paragraphs. TCVN3/VNI text typed without a Unicode font is decoded
 * by vntext's guess, as in DOCX.
 *
 * Safety: the zip is vetted by package.h and every XML part is scanned for a DTD before
 * any parse, then streamed through xmlsafe.h. Nothing the file says about sizes is
 * trusted: only cells with text are stored (an ODS row or cell repeated a million times
 * costs nothing while it is empty), and a sheet whose used range is over MAX_COLS columns
 * or MAX_GRID_CELLS positions, or that stores over MAX_CELLS cells, is refused as a bomb.
 */
#include "read.h"

#include <math.h>
#include <string.h>

#include "package.h"
#include "vntext.h"
#include "xmlsafe.h"

/* Caps of this reader on top of read.h's. */
#define MAX_SHEETS       32u            /* visible sheets read per workbook */
#define MAX_CELLS        100000u        /* cells with text stored per sheet */
#define MAX_GRID_CELLS   100000u        /* positions of a sheet's used range */
#define MAX_COLS         1000u          /* columns of a sheet's used range */
#define MAX_ROW          1048576u       /* the spreadsheets' own limits */
#define MAX_COL          16384u
#define MAX_MERGES       10000u         /* merged areas kept per sheet */
#define MAX_STRINGS      1000000u       /* shared strings */
#define MAX_CELL_BYTES   (64u * 1024)   /* text of one cell */
#define MAX_XFS          65536u         /* cell formats (cellXfs) kept */

/* ====================================================================================
 * A sheet as read: cells with text, merged areas. Both formats fill one of these.
 * ================================================================================== */

typedef struct {
	guint row, col;   /* 0-based */
	char *text;       /* non-empty, normalised */
} SheetCell;

typedef struct {
	guint r1, c1, r2, c2;  /* inclusive, 0-based */
} Merge;

typedef struct {
	char *name;
	const char *part;  /* for messages (not owned) */
	GArray *cells;     /* SheetCell; a later cell at the same position wins */
	GArray *merges;    /* Merge */
	gboolean merges_dropped;
} Sheet;

static void sheet_init(Sheet *sh, const char *name, const char *part)
{
	sh->name = g_strdup(name != NULL ? name : "");
	sh->part = part;
	sh->cells = g_array_new(FALSE, FALSE, sizeof(SheetCell));
	sh->merges = g_array_new(FALSE, FALSE, sizeof(Merge));
	sh->merges_dropped = FALSE;
}

static void sheet_clear(Sheet *sh)
{
	if (sh->cells != NULL) {
		for (guint i = 0; i < sh->cells->len; i++)
			g_free(g_array_index(sh->cells, SheetCell, i).text);
		g_array_unref(sh->cells);
	}
	if (sh->merges != NULL)
		g_array_unref(sh->merges);
	g_free(sh->name);
	memset(sh, 0, sizeof *sh);
}

static gboolean sheet_bomb(Sheet *sh, GError **error, const char *what)
{
	g_set_error(error, READ_ERROR, READ_ERR_BOMB, "sheet '%s' (%s) %s", sh->name, sh->part,
	            what);
	return FALSE;
}

/* Store a cell's text (taken); empty text is dropped for free. */
static gboolean sheet_put(Sheet *sh, guint row, guint col, char *text, GError **error)
{
	if (text == NULL || text[0] == '\0') {
		g_free(text);
		return TRUE;
	}
	if (row >= MAX_ROW || col >= MAX_COL) {
		g_free(text);
		g_autofree char *m = g_strdup_printf("has a cell beyond row %u or column %u", MAX_ROW,
		                                     MAX_COL);
		return sheet_bomb(sh, error, m);
	}
	if (sh->cells->len >= MAX_CELLS) {
		g_free(text);
		g_autofree char *m = g_strdup_printf("holds more than %u cells with text, over the cap",
		                                     MAX_CELLS);
		return sheet_bomb(sh, error, m);
	}
	SheetCell c = { row, col, text };
	g_array_append_val(sh->cells, c);
	return TRUE;
}

static void sheet_merge(Sheet *sh, guint r1, guint c1, guint r2, guint c2)
{
	if (r2 < r1 || c2 < c1 || (r1 == r2 && c1 == c2) || r1 >= MAX_ROW || c1 >= MAX_COL)
		return;
	if (sh->merges->len >= MAX_MERGES) {
		sh->merges_dropped = TRUE;
		return;
	}
	Merge m = { r1, c1, MIN(r2, MAX_ROW - 1), MIN(c2, MAX_COL - 1) };
	g_array_append_val(sh->merges, m);
}

/* ====================================================================================
 * From a Sheet to title paragraphs and one table.
 * ================================================================================== */

/* Text as a cell's paragraphs: one per line. */
static DocCell *cell_new(const char *text, guint row, guint col, guint rowspan, guint colspan)
{
	DocCell *cell = g_new0(DocCell, 1);
	cell->blocks = doc_block_array_new();
	cell->row = row;
	cell->col = col;
	cell->rowspan = rowspan;
	cell->colspan = colspan;
	g_auto(GStrv) lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	if (lines[0] == NULL)
		g_ptr_array_add(cell->blocks, doc_block_new_para(PART_BODY, ""));
	for (guint i = 0; lines[i] != NULL; i++)
		g_ptr_array_add(cell->blocks, doc_block_new_para(PART_BODY, lines[i]));
	return cell;
}

static gboolean sheet_emit(Doc *doc, Sheet *sh, GError **error)
{
	GArray *cells = sh->cells;
	if (cells->len == 0)
		return TRUE;
	guint rmin = G_MAXUINT, rmax = 0, cmin = G_MAXUINT, cmax = 0;
	for (guint i = 0; i < cells->len; i++) {
		const SheetCell *c = &g_array_index(cells, SheetCell, i);
		rmin = MIN(rmin, c->row);
		rmax = MAX(rmax, c->row);
		cmin = MIN(cmin, c->col);
		cmax = MAX(cmax, c->col);
	}
	guint64 rows = (guint64) rmax - rmin + 1, cols = (guint64) cmax - cmin + 1;
	if (cols > MAX_COLS || rows * cols > MAX_GRID_CELLS) {
		g_autofree char *m = g_strdup_printf(
			"uses %" G_GUINT64_FORMAT " rows by %" G_GUINT64_FORMAT " columns, over the cap of "
			"%u cells or %u columns", rows, cols, MAX_GRID_CELLS, MAX_COLS);
		return sheet_bomb(sh, error, m);
	}
	/* Box of texts (borrowed), and how many cells with text each row has. */
	g_autofree const char **box = g_new0(const char *, rows * cols);
	g_autofree guint *per_row = g_new0(guint, rows);
	for (guint i = 0; i < cells->len; i++) {
		const SheetCell *c = &g_array_index(cells, SheetCell, i);
		const char **slot = &box[(gsize) (c->row - rmin) * cols + (c->col - cmin)];
		if (*slot == NULL)
			per_row[c->row - rmin]++;
		*slot = c->text;
	}
#define BOX(r, c) box[(gsize) ((r) - rmin) * cols + ((c) - cmin)]

	/* Titles: rows with one cell with text, above the first row with two or more. */
	guint t0 = rmin;
	for (; t0 <= rmax && per_row[t0 - rmin] <= 1; t0++) {
		if (per_row[t0 - rmin] == 0)
			continue;
		for (guint c = cmin; c <= cmax; c++)
			if (BOX(t0, c) != NULL) {
				g_ptr_array_add(doc->body, doc_block_new_para(PART_BODY, BOX(t0, c)));
				break;
			}
	}
	if (t0 > rmax)
		return TRUE;

	/* The table's columns: those with text in its rows, widened by merged areas that
	 * start with text there (clipped to the used range's caps). */
	guint c0 = G_MAXUINT, c1 = 0;
	for (guint r = t0; r <= rmax; r++)
		for (guint c = cmin; c <= cmax; c++)
			if (BOX(r, c) != NULL) {
				c0 = MIN(c0, c);
				c1 = MAX(c1, c);
			}
	guint r1 = rmax, tc1 = c1;
#define STARTS_WITH_TEXT(m) ((m)->r1 >= t0 && (m)->r1 <= rmax && (m)->c1 >= c0 && \
                             (m)->c1 <= tc1 && BOX((m)->r1, (m)->c1) != NULL)
	for (guint i = 0; i < sh->merges->len; i++) {
		const Merge *m = &g_array_index(sh->merges, Merge, i);
		if (!STARTS_WITH_TEXT(m))
			continue;
		c1 = MAX(c1, MIN(m->c2, c0 + MAX_COLS - 1));
		r1 = MAX(r1, MIN(m->r2, rmax + 1000));
	}
	guint n_cols = c1 - c0 + 1, span_rows = r1 - t0 + 1;
	if ((guint64) span_rows * n_cols > MAX_GRID_CELLS) {
		g_autofree char *m = g_strdup_printf("has a table of %u rows by %u columns, over the "
		                                     "%u-cell cap", span_rows, n_cols, MAX_GRID_CELLS);
		return sheet_bomb(sh, error, m);
	}
	/* Rows kept: with text, or under a merged area that starts with text. */
	g_autofree gint *new_row = g_new(gint, span_rows);
	g_autofree gboolean *keep = g_new0(gboolean, span_rows);
	for (guint r = t0; r <= rmax; r++)
		for (guint c = c0; c <= tc1 && !keep[r - t0]; c++)
			keep[r - t0] = BOX(r, c) != NULL;
	for (guint i = 0; i < sh->merges->len; i++) {
		const Merge *m = &g_array_index(sh->merges, Merge, i);
		if (!STARTS_WITH_TEXT(m))
			continue;
		for (guint r = m->r1; r <= MIN(m->r2, r1); r++)
			keep[r - t0] = TRUE;
	}
	guint n_rows = 0;
	for (guint r = 0; r < span_rows; r++)
		new_row[r] = keep[r] ? (gint) n_rows++ : -1;

	DocBlock *b = doc_block_new_table(PART_BODY, n_rows, n_cols, 0);
	DocTable *t = &b->table;
	for (guint i = 0; i < sh->merges->len; i++) {
		const Merge *m = &g_array_index(sh->merges, Merge, i);
		guint mr1 = MAX(m->r1, t0), mr2 = MIN(m->r2, r1);
		guint mc1 = MAX(m->c1, c0), mc2 = MIN(m->c2, c1);
		if (mr1 > mr2 || mc1 > mc2)
			continue;
		gint top = -1, bottom = -1;
		for (guint r = mr1; r <= mr2; r++)
			if (new_row[r - t0] >= 0) {
				if (top < 0)
					top = new_row[r - t0];
				bottom = new_row[r - t0];
			}
		if (top < 0 || (top == bottom && mc1 == mc2))
			continue;
		gboolean free_area = TRUE;
		for (gint r = top; r <= bottom && free_area; r++)
			for (guint c = mc1; c <= mc2 && free_area; c++)
				free_area = t->grid[(gsize) r * n_cols + (c - c0)] == NULL;
		if (!free_area)
			continue;  /* overlapping merges: the first one wins */
		const char *text = STARTS_WITH_TEXT(m) ? BOX(m->r1, m->c1) : NULL;
		DocCell *cell = cell_new(text, (guint) top, mc1 - c0, (guint) (bottom - top + 1),
		                         mc2 - mc1 + 1);
		g_ptr_array_add(t->cells, cell);
		for (gint r = top; r <= bottom; r++)
			for (guint c = mc1; c <= mc2; c++)
				t->grid[(gsize) r * n_cols + (c - c0)] = cell;
	}
	for (guint r = t0; r <= r1; r++) {
		if (new_row[r - t0] < 0)
			continue;
		guint nr = (guint) new_row[r - t0];
		for (guint c = c0; c <= c1; c++) {
			DocCell **slot = &t->grid[(gsize) nr * n_cols + (c - c0)];
			if (*slot != NULL)
				continue;
			const char *text = r <= rmax && c >= cmin && c <= cmax ? BOX(r, c) : NULL;
			*slot = cell_new(text, nr, c - c0, 1, 1);
			g_ptr_array_add(t->cells, *slot);
		}
	}
#undef STARTS_WITH_TEXT
#undef BOX
	g_ptr_array_add(doc->body, b);
	if (sh->merges_dropped)
		g_ptr_array_add(doc->warnings, g_strdup_printf("sheet '%s': more than %u merged "
		                                               "areas, the rest ignored", sh->name,
		                                               MAX_MERGES));
	return TRUE;
}

/* ====================================================================================
 * Cell values as text.
 * ================================================================================== */

/* A number in Vietnamese notation: "1250", "12,5", "-0,25". At most 15 significant
 * digits (what a double holds), so 0.1 + 0.2 shows as "0,3". */
static char *number_text(double v)
{
	if (!isfinite(v))
		return g_strdup("#NUM!");
	if (v == 0)
		return g_strdup("0");
	char buf[G_ASCII_DTOSTR_BUF_SIZE + 400];
	double a = fabs(v);
	if (a >= 1e15 || v == floor(v)) {
		g_snprintf(buf, sizeof buf, "%.0f", v);
		return g_strdup(buf);
	}
	g_ascii_formatd(buf, sizeof buf, "%.15g", v);
	if (strchr(buf, 'e') != NULL) {
		/* a small fraction: fixed notation with 15 significant digits */
		char fmt[16];
		g_snprintf(fmt, sizeof fmt, "%%.%df", CLAMP(14 - (int) floor(log10(a)), 1, 340));
		g_ascii_formatd(buf, sizeof buf, fmt, v);
		char *end = buf + strlen(buf);
		while (end > buf && end[-1] == '0')
			*--end = '\0';
		if (end > buf && end[-1] == '.')
			*--end = '\0';
	}
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	if (strcmp(buf, "-0") == 0)
		return g_strdup("0");
	return g_strdup(buf);
}

/* A decimal from the file ("12.5", "1E3"), C locale; FALSE when it is not one. */
static gboolean parse_double(const char *s, double *out)
{
	if (s == NULL)
		return FALSE;
	while (g_ascii_isspace(*s))
		s++;
	if (*s == '\0')
		return FALSE;
	char *end = NULL;
	double v = g_ascii_strtod(s, &end);
	while (end != NULL && g_ascii_isspace(*end))
		end++;
	if (end == NULL || *end != '\0' || !isfinite(v))
		return FALSE;
	*out = v;
	return TRUE;
}

static char *dmy_text(int y, int m, int d)
{
	return g_strdup_printf("%02d/%02d/%04d", d, m, y);
}

/* An Excel serial day number as dd/mm/yyyy, or NULL when out of range. 1900 system:
 * serial 1 is 1 Jan 1900 and 60 the 29 Feb 1900 Excel believes in; 1904 system:
 * serial 0 is 1 Jan 1904. */
static char *serial_date_text(double v, gboolean date1904)
{
	if (!(v >= 0 && v < 2958466))
		return NULL;
	gint64 days = (gint64) floor(v);
	if (!date1904 && days == 60)
		return g_strdup("29/02/1900");
	if (!date1904 && days < 1)
		return NULL;
	GDate *d = date1904 ? g_date_new_dmy(1, G_DATE_JANUARY, 1904)
	                    : g_date_new_dmy(days < 60 ? 31 : 30, G_DATE_DECEMBER, 1899);
	g_date_add_days(d, (guint) days);
	char *s = dmy_text(g_date_get_year(d), g_date_get_month(d), g_date_get_day(d));
	g_date_free(d);
	return s;
}

static char *serial_time_text(double v)
{
	if (!(v >= 0 && v < 1e7))
		return NULL;
	gint64 secs = (gint64) llround((v - floor(v)) * 86400.0);
	if (secs >= 86400)
		secs = 86399;
	return g_strdup_printf("%02d:%02d", (int) (secs / 3600), (int) (secs / 60 % 60));
}

/* "2025-10-17", "2025-10-17T08:30:00": dd/mm/yyyy, or NULL. */
static char *iso_date_text(const char *s)
{
	int y, m, d;
	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !g_date_valid_dmy((GDateDay) CLAMP(d, 0, 31), (GDateMonth) CLAMP(m, 0, 12),
	                      (GDateYear) CLAMP(y, 0, 9999)))
		return NULL;
	return dmy_text(y, m, d);
}

/* Text that came from the file as a string: legacy TCVN3/VNI decoded by the guess,
 * then normalised. Sets *legacy when decoded. */
static char *string_text(const char *raw, gboolean *legacy)
{
	VnEncoding enc = vn_guess_legacy(raw);
	if (enc != VN_ENC_UNICODE) {
		g_autofree char *dec = vn_decode_legacy(raw, enc);
		if (dec != NULL) {
			*legacy = TRUE;
			return vn_normalize(dec, -1);
		}
	}
	return vn_normalize(raw, -1);
}

/* Append text to a cell buffer within MAX_CELL_BYTES. */
static void cell_append(GString *s, const char *text, gsize n)
{
	if (s->len >= MAX_CELL_BYTES)
		return;
	g_string_append_len(s, text, (gssize) MIN(n, MAX_CELL_BYTES - s->len));
}

/* OOXML ST_Xstring escapes: "_x000D_" is a carriage return, "_x005F_" an underscore. */
static char *xstring_decode(const char *s)
{
	if (strstr(s, "_x") == NULL)
		return g_strdup(s);
	GString *out = g_string_sized_new(strlen(s));
	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) &&
		    g_ascii_isxdigit(p[4]) && g_ascii_isxdigit(p[5]) && p[6] == '_') {
			gunichar u = (gunichar) g_ascii_strtoull(p + 2, NULL, 16);
			/* a carriage return is dropped: Excel pairs it with a line feed */
			if (u != '\r' && u != 0 && g_unichar_validate(u))
				g_string_append_unichar(out, u);
			p += 6;
			continue;
		}
		g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

static gboolean is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

/* Non-negative decimal attribute clamped to [lo, hi], or def. */
static guint64 attr_count(XmlSafe *x, const char *local, guint64 lo, guint64 hi, guint64 def)
{
	g_autofree char *v = xmlsafe_attr(x, local);
	if (v == NULL)
		return def;
	g_strstrip(v);
	if (v[0] < '0' || v[0] > '9')
		return def;
	guint64 n = 0;
	for (const char *p = v; *p >= '0' && *p <= '9'; p++)
		n = n > hi ? n : n * 10 + (guint64) (*p - '0');
	return CLAMP(n, lo, hi);
}

/* ====================================================================================
 * XLSX
 * ================================================================================== */

typedef struct {
	Package *pkg;
	Doc *doc;
	GPtrArray *strings;   /* shared strings, normalised */
	GArray *xf_kind;      /* guint8 per cellXfs entry: 0 number, 1 date, 2 time */
	gboolean date1904;
	gboolean legacy;
} Xlsx;

typedef struct {
	char *id, *type, *target;  /* type: last segment; target NULL when it leaves */
} XRel;

static void xrel_free(gpointer p)
{
	XRel *r = p;
	g_free(r->id);
	g_free(r->type);
	g_free(r->target);
	g_free(r);
}

/* Relationships of the part whose folder is dir; an empty array when there are none. */
static GPtrArray *xrels_read(Package *pkg, const char *rels_part, const char *dir,
                             GError **error)
{
	g_autoptr(GPtrArray) rels = g_ptr_array_new_with_free_func(xrel_free);
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, rels_part, &keep, error);
	if (x == NULL)
		return error != NULL && *error != NULL ? NULL : g_steal_pointer(&rels);
	int r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT ||
		    strcmp(xmlsafe_name(x), "Relationship") != 0 || rels->len >= READ_MAX_ZIP_ENTRIES)
			continue;
		g_autofree char *type = xmlsafe_attr(x, "Type");
		g_autofree char *target = xmlsafe_attr(x, "Target");
		g_autofree char *mode = xmlsafe_attr(x, "TargetMode");
		if (type == NULL || target == NULL ||
		    (mode != NULL && g_ascii_strcasecmp(mode, "External") == 0))
			continue;
		XRel *rel = g_new0(XRel, 1);
		const char *slash = strrchr(type, '/');
		rel->type = g_strdup(slash != NULL ? slash + 1 : type);
		rel->id = xmlsafe_attr(x, "Id");
		char *hash = strchr(target, '#');
		if (hash != NULL)
			*hash = '\0';
		g_autofree char *un = g_uri_unescape_string(target, NULL);
		const char *use = un != NULL ? un : target;
		if (strchr(use, '\\') == NULL) {
			g_autofree char *joined = use[0] == '/' ? g_strdup(use)
			                                        : g_strconcat(dir, "/", use, NULL);
			rel->target = package_path_normalize(joined);
		}
		g_ptr_array_add(rels, rel);
	}
	return r < 0 ? NULL : g_steal_pointer(&rels);
}

static const XRel *xrels_by_type(const GPtrArray *rels, const char *type)
{
	for (guint i = 0; i < rels->len; i++) {
		const XRel *r = rels->pdata[i];
		if (strcmp(r->type, type) == 0)
			return r;
	}
	return NULL;
}

static const XRel *xrels_by_id(const GPtrArray *rels, const char *id)
{
	for (guint i = 0; id != NULL && i < rels->len; i++) {
		const XRel *r = rels->pdata[i];
		if (r->id != NULL && strcmp(r->id, id) == 0)
			return r;
	}
	return NULL;
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels", and its folder. */
static char *rels_part_of(const char *part, char **dir_out)
{
	const char *slash = strrchr(part, '/');
	g_autofree char *dir = slash != NULL ? g_strndup(part, (gsize) (slash - part)) : g_strdup("");
	char *rels = g_strdup_printf("%s%s_rels/%s.rels", dir, dir[0] ? "/" : "",
	                             slash != NULL ? slash + 1 : part);
	*dir_out = g_steal_pointer(&dir);
	return rels;
}

/* Rich text of an <si> or <is>: every <t> outside phonetic runs (<rPh>). Call on the
 * element; returns at its end. */
static char *rich_text_read(XmlSafe *x, GError **error)
{
	if (xmlsafe_is_empty(x))
		return g_strdup("");
	int base = xmlsafe_depth(x), r, in_t = -1, skip = -1;
	g_autoptr(GString) s = g_string_new(NULL);
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth == base)
				break;
			if (depth == skip)
				skip = -1;
			if (depth == in_t)
				in_t = -1;
			continue;
		}
		if (skip >= 0)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = xmlsafe_name(x);
			if (strcmp(name, "rPh") == 0 || strcmp(name, "phoneticPr") == 0) {
				if (!xmlsafe_is_empty(x))
					skip = depth;
			} else if (strcmp(name, "t") == 0 && !xmlsafe_is_empty(x)) {
				in_t = depth;
			}
		} else if (in_t >= 0 && is_text_node(type)) {
			const char *v = xmlsafe_value(x);
			if (v != NULL)
				cell_append(s, v, strlen(v));
		}
	}
	if (r < 0)
		return NULL;
	if (r == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "%s ends inside a string",
		            xmlsafe_part(x));
		return NULL;
	}
	return xstring_decode(s->str);
}

static gboolean shared_strings_read(Xlsx *xl, const char *part, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(xl->pkg, part, &keep, error);
	if (x == NULL)
		return error == NULL || *error == NULL;
	int r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT || strcmp(xmlsafe_name(x), "si") != 0)
			continue;
		if (xl->strings->len >= MAX_STRINGS) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "%s holds more than %u shared strings, over the cap", part, MAX_STRINGS);
			return FALSE;
		}
		g_autofree char *raw = rich_text_read(x, error);
		if (raw == NULL)
			return FALSE;
		g_ptr_array_add(xl->strings, string_text(raw, &xl->legacy));
	}
	return r == 0;
}

/* Kind of a number format: 1 date, 2 time only, 0 anything else. Quoted text,
 * backslash-escaped characters and [bracketed] parts (colours, conditions, locales,
 * elapsed time) do not count. */
static guint8 format_code_kind(const char *code)
{
	gboolean date = FALSE, time = FALSE;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			if (q == NULL)
				break;
			p = q;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1] == '\0')
				break;
			p++;
		} else if (*p == '[') {
			const char *q = strchr(p + 1, ']');
			if (q == NULL)
				break;
			p = q;
		} else if (*p == ';') {
			break;  /* the positive section decides */
		} else {
			char c = g_ascii_tolower(*p);
			if (c == 'y' || c == 'd')
				date = TRUE;
			else if (c == 'h' || c == 's')
				time = TRUE;
		}
	}
	return date ? 1 : time ? 2 : 0;
}

static guint8 builtin_format_kind(guint64 id)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return 1;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return 2;
	return 0;
}

static gboolean styles_read(Xlsx *xl, const char *part, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(xl->pkg, part, &keep, error);
	if (x == NULL)
		return error == NULL || *error == NULL;
	g_autoptr(GHashTable) custom = g_hash_table_new(g_direct_hash, g_direct_equal);
	int r, in_xfs = -1;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		const char *name = xmlsafe_name(x);
		if (type == XML_READER_TYPE_END_ELEMENT && depth == in_xfs)
			in_xfs = -1;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(name, "numFmt") == 0 && g_hash_table_size(custom) < MAX_XFS) {
			guint64 id = attr_count(x, "numFmtId", 0, G_MAXUINT32, G_MAXUINT32);
			g_autofree char *code = xmlsafe_attr(x, "formatCode");
			if (id < G_MAXUINT32 && code != NULL)
				g_hash_table_insert(custom, GUINT_TO_POINTER((guint) id + 1),
				                    GUINT_TO_POINTER((guint) format_code_kind(code) + 1));
		} else if (strcmp(name, "cellXfs") == 0) {
			in_xfs = xmlsafe_is_empty(x) ? -1 : depth;
		} else if (in_xfs >= 0 && depth == in_xfs + 1 && strcmp(name, "xf") == 0 &&
		           xl->xf_kind->len < MAX_XFS) {
			guint64 id = attr_count(x, "numFmtId", 0, G_MAXUINT32, 0);
			gpointer k = g_hash_table_lookup(custom, GUINT_TO_POINTER((guint) id + 1));
			guint8 kind = k != NULL ? (guint8) (GPOINTER_TO_UINT(k) - 1) : builtin_format_kind(id);
			g_array_append_val(xl->xf_kind, kind);
		}
	}
	return r == 0;
}

/* "B3" -> row 2, column 1. Row or column may be missing ("B", "3"). FALSE when the
 * reference is not one or is past the spreadsheet limits. */
static gboolean cell_ref_parse(const char *ref, gint64 *row, gint64 *col)
{
	const char *p = ref;
	gint64 c = 0, r = 0;
	int letters = 0, digits = 0;
	while (*p == '$')
		p++;
	for (; g_ascii_isalpha(*p); p++) {
		if (++letters > 3)
			return FALSE;
		c = c * 26 + (g_ascii_toupper(*p) - 'A' + 1);
	}
	while (*p == '$')
		p++;
	for (; g_ascii_isdigit(*p); p++) {
		if (++digits > 7)
			return FALSE;
		r = r * 10 + (*p - '0');
	}
	if (*p != '\0' || (letters == 0 && digits == 0) || c > MAX_COL || r > MAX_ROW ||
	    (digits > 0 && r == 0))
		return FALSE;
	*col = letters ? c - 1 : -1;
	*row = digits ? r - 1 : -1;
	return TRUE;
}

typedef struct {
	gint64 row, col;     /* of the cell being read */
	char *t;             /* its type attribute */
	guint64 xf;
	GString *v;          /* <v> text */
	char *inline_text;   /* <is> text */
	gboolean has_v;
} XCell;

static char *xcell_text(Xlsx *xl, XCell *c)
{
	const char *t = c->t != NULL ? c->t : "n";
	if (strcmp(t, "inlineStr") == 0) {
		if (c->inline_text != NULL)
			return string_text(c->inline_text, &xl->legacy);
		t = "str";
	}
	if (!c->has_v)
		return NULL;
	const char *v = c->v->str;
	if (strcmp(t, "s") == 0) {
		g_autofree char *s = g_strdup(v);
		guint64 i = G_MAXUINT64;
		if (!g_ascii_string_to_unsigned(g_strstrip(s), 10, 0, G_MAXUINT32, &i, NULL) ||
		    i >= xl->strings->len)
			return NULL;
		return g_strdup(xl->strings->pdata[i]);
	}
	if (strcmp(t, "b") == 0)
		return g_strdup(strtol(v, NULL, 10) != 0 ? "TRUE" : "FALSE");
	if (strcmp(t, "d") == 0) {
		char *d = iso_date_text(v);
		return d != NULL ? d : vn_normalize(v, -1);
	}
	if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0) {
		g_autofree char *dec = xstring_decode(v);
		return string_text(dec, &xl->legacy);
	}
	double num;
	if (!parse_double(v, &num))
		return vn_normalize(v, -1);
	guint8 kind = c->xf < xl->xf_kind->len ? g_array_index(xl->xf_kind, guint8, c->xf) : 0;
	char *s = kind == 1 ? serial_date_text(num, xl->date1904)
	        : kind == 2 ? serial_time_text(num) : NULL;
	return s != NULL ? s : number_text(num);
}

static gboolean merge_ref_parse(const char *ref, Merge *m)
{
	g_auto(GStrv) ends = g_strsplit(ref, ":", 3);
	gint64 r1, c1, r2, c2;
	if (ends[0] == NULL || ends[1] == NULL || ends[2] != NULL ||
	    !cell_ref_parse(g_strstrip(ends[0]), &r1, &c1) ||
	    !cell_ref_parse(g_strstrip(ends[1]), &r2, &c2) || r1 < 0 || c1 < 0 || r2 < 0 || c2 < 0)
		return FALSE;
	m->r1 = (guint) MIN(r1, r2);
	m->r2 = (guint) MAX(r1, r2);
	m->c1 = (guint) MIN(c1, c2);
	m->c2 = (guint) MAX(c1, c2);
	return TRUE;
}

static gboolean worksheet_read(Xlsx *xl, Sheet *sh, const char *part, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(xl->pkg, part, &keep, error);
	if (x == NULL) {
		if (error != NULL && *error == NULL)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "sheet '%s' part %s is missing from the package", sh->name, part);
		return FALSE;
	}
	gint64 row = -1, col = -1;
	int in_cell = -1, in_v = -1, r = 0;
	XCell c = { 0 };
	c.v = g_string_new(NULL);
	gboolean ok = TRUE;
	while (ok && (r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		const char *name = xmlsafe_name(x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth == in_v)
				in_v = -1;
			if (depth == in_cell) {
				in_cell = -1;
				ok = sheet_put(sh, (guint) row, (guint) col, xcell_text(xl, &c), error);
			}
			continue;
		}
		if (in_v >= 0 && is_text_node(type)) {
			const char *v = xmlsafe_value(x);
			if (v != NULL)
				cell_append(c.v, v, strlen(v));
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (in_cell >= 0) {
			if (strcmp(name, "v") == 0) {
				c.has_v = TRUE;
				if (!xmlsafe_is_empty(x))
					in_v = depth;
			} else if (strcmp(name, "is") == 0 && c.inline_text == NULL) {
				c.inline_text = rich_text_read(x, error);
				ok = c.inline_text != NULL;
			}
			continue;
		}
		if (strcmp(name, "row") == 0) {
			g_autofree char *rr = xmlsafe_attr(x, "r");
			gint64 n;
			row = rr != NULL && g_ascii_string_to_signed(g_strstrip(rr), 10, 1, MAX_ROW, &n, NULL)
			      ? n - 1 : row + 1;
			col = -1;
		} else if (strcmp(name, "c") == 0) {
			g_autofree char *ref = xmlsafe_attr(x, "r");
			gint64 rr = -1, cc = -1;
			if (ref != NULL && cell_ref_parse(g_strstrip(ref), &rr, &cc)) {
				if (rr >= 0)
					row = rr;
				col = cc >= 0 ? cc : col + 1;
			} else {
				col++;
			}
			if (row < 0)
				row = 0;
			if (row >= MAX_ROW || col >= MAX_COL) {
				g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
				            "sheet '%s' (%s) has a cell past row %u or column %u", sh->name,
				            part, MAX_ROW, MAX_COL);
				ok = FALSE;
				break;
			}
			g_free(c.t);
			g_free(c.inline_text);
			c.t = xmlsafe_attr(x, "t");
			c.inline_text = NULL;
			c.xf = attr_count(x, "s", 0, G_MAXUINT32, 0);
			c.has_v = FALSE;
			g_string_truncate(c.v, 0);
			c.row = row;
			c.col = col;
			if (xmlsafe_is_empty(x))
				ok = sheet_put(sh, (guint) row, (guint) col, xcell_text(xl, &c), error);
			else
				in_cell = depth;
		} else if (strcmp(name, "mergeCell") == 0) {
			g_autofree char *ref = xmlsafe_attr(x, "ref");
			Merge m;
			if (ref != NULL && merge_ref_parse(ref, &m))
				sheet_merge(sh, m.r1, m.c1, m.r2, m.c2);
		}
	}
	g_free(c.t);
	g_free(c.inline_text);
	g_string_free(c.v, TRUE);
	if (!ok)
		return FALSE;
	return r == 0;
}

typedef struct {
	char *name, *rid;
	gboolean hidden;
} XSheetRef;

static void xsheetref_clear(gpointer p)
{
	XSheetRef *s = p;
	g_free(s->name);
	g_free(s->rid);
}

static gboolean xlsx_read(Xlsx *xl, const char *wb, GError **error)
{
	g_autofree char *dir = NULL;
	g_autofree char *rels_part = rels_part_of(wb, &dir);
	g_autoptr(GPtrArray) rels = xrels_read(xl->pkg, rels_part, dir, error);
	if (rels == NULL)
		return FALSE;
	static const char *const followed[] = { "sharedStrings", "styles", "worksheet" };
	for (guint i = 0; i < rels->len; i++) {
		const XRel *rel = rels->pdata[i];
		for (gsize k = 0; k < G_N_ELEMENTS(followed); k++)
			if (rel->target == NULL && strcmp(rel->type, followed[k]) == 0) {
				g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
				            "%s target of %s leaves the package", rel->type, wb);
				return FALSE;
			}
	}
	const XRel *rel;
	if ((rel = xrels_by_type(rels, "sharedStrings")) != NULL &&
	    !shared_strings_read(xl, rel->target, error))
		return FALSE;
	if ((rel = xrels_by_type(rels, "styles")) != NULL && !styles_read(xl, rel->target, error))
		return FALSE;

	/* The sheets in workbook order. */
	g_autoptr(GArray) refs = g_array_new(FALSE, TRUE, sizeof(XSheetRef));
	g_array_set_clear_func(refs, xsheetref_clear);
	{
		g_autoptr(GBytes) keep = NULL;
		g_autoptr(XmlSafe) x = package_xml_open(xl->pkg, wb, &keep, error);
		if (x == NULL)
			return FALSE;
		int r;
		while ((r = xmlsafe_read(x, error)) == 1) {
			if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT)
				continue;
			const char *name = xmlsafe_name(x);
			if (strcmp(name, "workbookPr") == 0) {
				g_autofree char *v = xmlsafe_attr(x, "date1904");
				xl->date1904 = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
			} else if (strcmp(name, "sheet") == 0 && refs->len < READ_MAX_ZIP_ENTRIES) {
				XSheetRef s = { 0 };
				g_autofree char *state = xmlsafe_attr(x, "state");
				s.name = xmlsafe_attr(x, "name");
				s.rid = xmlsafe_attr(x, "id");
				s.hidden = state != NULL && g_ascii_strcasecmp(state, "visible") != 0;
				g_array_append_val(refs, s);
			}
		}
		if (r < 0)
			return FALSE;
	}
	guint n_visible = 0, n_sheets = 0;
	for (guint i = 0; i < refs->len; i++) {
		XSheetRef *s = &g_array_index(refs, XSheetRef, i);
		rel = xrels_by_id(rels, s->rid);
		if (rel == NULL || strcmp(rel->type, "worksheet") != 0)
			continue;  /* a chart or dialog sheet, or a dangling id */
		n_sheets++;
		if (s->hidden)
			continue;
		if (++n_visible > MAX_SHEETS)
			continue;
		g_autofree char *shown = g_utf8_make_valid(s->name != NULL ? s->name : "", -1);
		Sheet sh;
		sheet_init(&sh, shown, rel->target);
		gboolean ok = worksheet_read(xl, &sh, rel->target, error) &&
		              sheet_emit(xl->doc, &sh, error);
		sheet_clear(&sh);
		if (!ok)
			return FALSE;
	}
	if (n_sheets == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "XLSX workbook %s lists no worksheet", wb);
		return FALSE;
	}
	if (n_visible > MAX_SHEETS)
		g_ptr_array_add(xl->doc->warnings, g_strdup_printf(
			"workbook has %u visible sheets; only the first %u were read", n_visible, MAX_SHEETS));
	if (xl->legacy)
		xl->doc->legacy_runs++;
	return TRUE;
}

/* The workbook part: the officeDocument relationship, else xl/workbook.xml. NULL with
 * error set when the package holds none. */
static char *workbook_find(Package *pkg, GError **error)
{
	g_autoptr(GPtrArray) rels = xrels_read(pkg, "_rels/.rels", "", error);
	if (rels == NULL)
		return NULL;
	const XRel *r = xrels_by_type(rels, "officeDocument");
	if (r != NULL && r->target == NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
		            "main part target of _rels/.rels leaves the package");
		return NULL;
	}
	const char *name = r != NULL ? r->target : "xl/workbook.xml";
	g_autoptr(GError) miss = NULL;
	const PackageEntry *e = package_find(pkg, name, &miss);
	if (miss != NULL) {
		g_propagate_error(error, g_steal_pointer(&miss));
		return NULL;
	}
	if (e == NULL && r != NULL && package_find(pkg, "xl/workbook.xml", NULL) != NULL)
		return g_strdup("xl/workbook.xml");
	if (e == NULL) {
		if (r != NULL)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "main part %s is missing from the package", r->target);
		else
			g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "zip archive holds no workbook (%u entries)", package_n_entries(pkg));
		return NULL;
	}
	if (g_str_has_suffix(name, ".bin")) {
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "binary workbooks (.xlsb, main part %s) are not read; save the workbook "
		            "as .xlsx", name);
		return NULL;
	}
	if (g_str_has_prefix(name, "word/") || g_str_has_prefix(name, "ppt/")) {
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "package holds %s, not a workbook (main part %s)",
		            name[0] == 'w' ? "a Word document" : "a presentation", name);
		return NULL;
	}
	return g_strdup(name);
}

/* ====================================================================================
 * ODS: content.xml
 * ================================================================================== */

typedef struct {
	Doc *doc;
	GHashTable *hidden_styles;  /* table style names with table:display="false" */
	gboolean legacy;
} Ods;

/* Text of an ODS cell's paragraphs (text:p, text:h), annotations skipped. Call on the
 * cell element; returns at its end. */
static char *ods_cell_text(XmlSafe *x, GError **error)
{
	int base = xmlsafe_depth(x), r, skip = -1, paras = 0;
	g_autoptr(GString) s = g_string_new(NULL);
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth == base)
				break;
			if (depth == skip)
				skip = -1;
			continue;
		}
		if (skip >= 0)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = xmlsafe_name(x);
			if (strcmp(name, "annotation") == 0 || strcmp(name, "table") == 0 ||
			    strcmp(name, "note") == 0) {
				if (!xmlsafe_is_empty(x))
					skip = depth;
			} else if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
				if (paras++ > 0)
					cell_append(s, "\n", 1);
			} else if (strcmp(name, "s") == 0) {
				guint64 n = attr_count(x, "c", 1, 1000, 1);
				for (guint64 i = 0; i < n; i++)
					cell_append(s, " ", 1);
			} else if (strcmp(name, "tab") == 0) {
				cell_append(s, "\t", 1);
			} else if (strcmp(name, "line-break") == 0) {
				cell_append(s, "\n", 1);
			}
		} else if (is_text_node(type) && type != XML_READER_TYPE_WHITESPACE) {
			const char *v = xmlsafe_value(x);
			if (v != NULL)
				cell_append(s, v, strlen(v));
		}
	}
	if (r < 0)
		return NULL;
	if (r == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "%s ends inside a cell",
		            xmlsafe_part(x));
		return NULL;
	}
	return g_string_free(g_steal_pointer(&s), FALSE);
}

/* The value of the table-cell element x is on, as text (NULL for none), and its text
 * paragraphs read to the end of the element. */
static char *ods_cell_read(Ods *o, XmlSafe *x, GError **error, gboolean *failed)
{
	g_autofree char *vtype = xmlsafe_attr(x, "value-type");
	g_autofree char *value = NULL;
	char *shown = NULL;
	*failed = FALSE;
	if (vtype != NULL && (strcmp(vtype, "float") == 0 || strcmp(vtype, "percentage") == 0 ||
	                      strcmp(vtype, "currency") == 0)) {
		value = xmlsafe_attr(x, "value");
		double v;
		if (parse_double(value, &v))
			shown = number_text(v);
	} else if (vtype != NULL && strcmp(vtype, "date") == 0) {
		value = xmlsafe_attr(x, "date-value");
		shown = iso_date_text(value);
	}
	g_autofree char *text = NULL;
	if (!xmlsafe_is_empty(x)) {
		text = ods_cell_text(x, error);
		if (text == NULL) {
			g_free(shown);
			*failed = TRUE;
			return NULL;
		}
	}
	if (shown != NULL)
		return shown;
	return text != NULL ? string_text(text, &o->legacy) : NULL;
}

/* Copy the cells stored for rows [from, from + n) into the next copies rows below. */
static gboolean ods_repeat_rows(Sheet *sh, guint first_cell, guint row, guint64 copies,
                                GError **error)
{
	guint n = sh->cells->len - first_cell;
	if (n == 0 || copies == 0)
		return TRUE;
	if (row + copies >= MAX_ROW || sh->cells->len + n * copies > MAX_CELLS) {
		g_autofree char *m = g_strdup_printf(
			"repeats a row with text %" G_GUINT64_FORMAT " times, over the cap of %u cells",
			copies + 1, MAX_CELLS);
		return sheet_bomb(sh, error, m);
	}
	for (guint64 k = 1; k <= copies; k++)
		for (guint i = 0; i < n; i++) {
			SheetCell c = g_array_index(sh->cells, SheetCell, first_cell + i);
			c.row = (guint) (row + k);
			c.text = g_strdup(c.text);
			g_array_append_val(sh->cells, c);
		}
	return TRUE;
}

static gboolean ods_table_read(Ods *o, XmlSafe *x, Sheet *sh, GError **error)
{
	int base = xmlsafe_depth(x), r, skip = -1, in_row = -1;
	guint64 row = 0, col = 0, row_repeat = 1;
	guint row_first_cell = 0;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth == base)
				return TRUE;
			if (depth == skip)
				skip = -1;
			if (depth == in_row) {
				in_row = -1;
				if (!ods_repeat_rows(sh, row_first_cell, (guint) MIN(row, MAX_ROW), row_repeat - 1,
				                     error))
					return FALSE;
				row += row_repeat;
			}
			continue;
		}
		if (skip >= 0 || type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = xmlsafe_name(x);
		if (strcmp(name, "table-row") == 0 && in_row < 0) {
			row_repeat = attr_count(x, "number-rows-repeated", 1, (guint64) MAX_ROW * 4, 1);
			col = 0;
			row_first_cell = sh->cells->len;
			if (xmlsafe_is_empty(x))
				row += row_repeat;
			else
				in_row = depth;
		} else if (in_row >= 0 && (strcmp(name, "table-cell") == 0 ||
		                           strcmp(name, "covered-table-cell") == 0)) {
			guint64 rep = attr_count(x, "number-columns-repeated", 1, (guint64) MAX_COL * 64, 1);
			if (name[0] == 'c') {
				if (!xmlsafe_is_empty(x))
					skip = depth;
				col += rep;
				continue;
			}
			guint64 cspan = attr_count(x, "number-columns-spanned", 1, MAX_COL, 1);
			guint64 rspan = attr_count(x, "number-rows-spanned", 1, MAX_ROW, 1);
			gboolean failed;
			char *text = ods_cell_read(o, x, error, &failed);
			if (failed)
				return FALSE;
			if (text != NULL && text[0] != '\0' &&
			    (col + rep > MAX_COL || row >= MAX_ROW || col + rep > MAX_COLS * 64)) {
				g_free(text);
				g_autofree char *m = g_strdup_printf(
					"has text in a cell repeated %" G_GUINT64_FORMAT " times at column %"
					G_GUINT64_FORMAT ", over the cap of %u columns", rep, col + 1, MAX_COLS);
				return sheet_bomb(sh, error, m);
			}
			for (guint64 k = 0; k < rep && col + k < MAX_COL && row < MAX_ROW; k++) {
				if ((cspan > 1 || rspan > 1) && k < MAX_MERGES)
					sheet_merge(sh, (guint) row, (guint) (col + k), (guint) (row + rspan - 1),
					            (guint) (col + k + cspan - 1));
				if (text == NULL || text[0] == '\0')
					break;
				if (!sheet_put(sh, (guint) row, (guint) (col + k), g_strdup(text), error)) {
					g_free(text);
					return FALSE;
				}
			}
			g_free(text);
			col += rep;
		} else if (strcmp(name, "table") == 0 || strcmp(name, "shapes") == 0 ||
		           strcmp(name, "named-expressions") == 0 || strcmp(name, "annotation") == 0) {
			if (!xmlsafe_is_empty(x))
				skip = depth;  /* a table nested in a cell, drawings, names */
		}
	}
	if (r == 0)
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "%s ends inside sheet '%s'",
		            xmlsafe_part(x), sh->name);
	return FALSE;
}

static gboolean ods_read(Ods *o, Package *pkg, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, "content.xml", &keep, error);
	if (x == NULL) {
		if (error != NULL && *error == NULL)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "OpenDocument spreadsheet has no content.xml");
		return FALSE;
	}
	int r, in_style = -1;
	char *style_name = NULL;
	guint n_visible = 0;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (type == XML_READER_TYPE_END_ELEMENT && depth == in_style) {
			in_style = -1;
			g_clear_pointer(&style_name, g_free);
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = xmlsafe_name(x);
		if (strcmp(name, "style") == 0 && !xmlsafe_is_empty(x)) {
			g_autofree char *family = xmlsafe_attr(x, "family");
			if (family != NULL && strcmp(family, "table") == 0) {
				g_free(style_name);
				style_name = xmlsafe_attr(x, "name");
				in_style = depth;
			}
		} else if (in_style >= 0 && strcmp(name, "table-properties") == 0 && style_name != NULL) {
			g_autofree char *display = xmlsafe_attr(x, "display");
			if (display != NULL && strcmp(display, "false") == 0 &&
			    g_hash_table_size(o->hidden_styles) < MAX_MERGES)
				g_hash_table_add(o->hidden_styles, g_strdup(style_name));
		} else if (strcmp(name, "table") == 0) {
			g_autofree char *tname = xmlsafe_attr(x, "name");
			g_autofree char *tstyle = xmlsafe_attr(x, "style-name");
			if (xmlsafe_is_empty(x))
				continue;
			gboolean hidden = tstyle != NULL && g_hash_table_contains(o->hidden_styles, tstyle);
			if (hidden || ++n_visible > MAX_SHEETS) {
				/* skip the whole table */
				int d = depth, rr;
				while ((rr = xmlsafe_read(x, error)) == 1)
					if (xmlsafe_type(x) == XML_READER_TYPE_END_ELEMENT && xmlsafe_depth(x) == d)
						break;
				if (rr != 1) {
					r = rr;
					break;
				}
				continue;
			}
			g_autofree char *shown = g_utf8_make_valid(tname != NULL ? tname : "", -1);
			Sheet sh;
			sheet_init(&sh, shown, "content.xml");
			gboolean ok = ods_table_read(o, x, &sh, error) && sheet_emit(o->doc, &sh, error);
			sheet_clear(&sh);
			if (!ok) {
				g_free(style_name);
				return FALSE;
			}
		}
	}
	g_free(style_name);
	if (r < 0)
		return FALSE;
	if (n_visible > MAX_SHEETS)
		g_ptr_array_add(o->doc->warnings, g_strdup_printf(
			"workbook has %u visible sheets; only the first %u were read", n_visible, MAX_SHEETS));
	if (o->legacy)
		o->doc->legacy_runs++;
	return TRUE;
}

/* ====================================================================================
 * Entry point
 * ================================================================================== */

#define ODS_MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"

Doc *sheet_read(const guint8 *data, gsize len, GError **error)
{
	if (data == NULL || len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_EMPTY, "file is empty");
		return NULL;
	}
	if (len > READ_MAX_FILE_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "file is %" G_GSIZE_FORMAT
		            " MB, over the %u MB cap", len >> 20, READ_MAX_FILE_BYTES >> 20);
		return NULL;
	}
	g_autoptr(Package) pkg = package_open(data, len, error);
	if (pkg == NULL || !package_scan_dtd(pkg, error))
		return NULL;

	g_autoptr(GError) err = NULL;
	g_autoptr(GBytes) mt = package_read(pkg, "mimetype", &err);
	if (err != NULL) {
		g_propagate_error(error, g_steal_pointer(&err));
		return NULL;
	}
	if (mt != NULL) {
		gsize n;
		const char *p = g_bytes_get_data(mt, &n);
		g_autofree char *mime = g_strstrip(g_strndup(p, MIN(n, (gsize) 200)));
		if (strcmp(mime, ODS_MIMETYPE) != 0 && strcmp(mime, ODS_MIMETYPE "-template") != 0) {
			g_autofree char *shown = g_utf8_make_valid(mime, -1);
			g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "OpenDocument file of type '%s' is not a spreadsheet", shown);
			return NULL;
		}
		g_autoptr(Doc) doc = doc_new("ods");
		Ods o = { doc, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), FALSE };
		gboolean ok = ods_read(&o, pkg, error);
		g_hash_table_unref(o.hidden_styles);
		return ok ? g_steal_pointer(&doc) : NULL;
	}

	g_autofree char *wb = workbook_find(pkg, error);
	if (wb == NULL)
		return NULL;
	g_autoptr(Doc) doc = doc_new("xlsx");
	Xlsx xl = { 0 };
	xl.pkg = pkg;
	xl.doc = doc;
	xl.strings = g_ptr_array_new_with_free_func(g_free);
	xl.xf_kind = g_array_new(FALSE, FALSE, sizeof(guint8));
	gboolean ok = xlsx_read(&xl, wb, error);
	g_ptr_array_unref(xl.strings);
	g_array_unref(xl.xf_kind);
	return ok ? g_steal_pointer(&doc) : NULL;
}
