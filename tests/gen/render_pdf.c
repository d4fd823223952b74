/*
 * render_pdf.c - gen_docx's second backend: a document recorded as an RLayout (render_pdf.h)
 * written as a text PDF, a scanned PDF, a phone photo, a TIFF or a PNG.
 *
 * Three steps.  Layout: every top-level paragraph line and every table row becomes a "unit", a
 * strip of the page with its Pango lines, its rules and its reference text; units are placed
 * on A4 pages top to bottom, a unit that does not fit goes to the next page, headings and table
 * header rows stay with what follows.  Text PDF: the units drawn with Pango on a cairo PDF
 * surface (fixed metadata, so the bytes depend only on the layout).  Images: that PDF rendered
 * by Poppler to 8-bit grey and degraded with Leptonica plus a seeded splitmix64 generator
 * (skew, paper tone, noise, blur, JPEG artefacts, binarisation, a quarter turn, keystone and
 * uneven light for photos), then wrapped again: JPEG pages in a cairo PDF (the JPEG bytes
 * embedded as they are, through CAIRO_MIME_TYPE_JPEG), a G4 TIFF, a PNG or a bare JPEG.
 */
#include "render_pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <allheaders.h>

#define PT_PER_MM (72.0 / 25.4)
#define PAGE_W (210.0 * PT_PER_MM)
#define PAGE_H (297.0 * PT_PER_MM)
#define MARGIN_L (30.0 * PT_PER_MM)
#define MARGIN_R (15.0 * PT_PER_MM)
#define MARGIN_T (20.0 * PT_PER_MM)
#define MARGIN_B (20.0 * PT_PER_MM)
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define BODY_BOTTOM (PAGE_H - MARGIN_B)
#define FONT_PREFERRED "Liberation Serif"
#define FONT_FALLBACK "DejaVu Serif"
#define BODY_PT 13.0
#define BOX_PT 12.0
#define LINE_FACTOR 1.08 /* line advance over Pango's logical line height */
#define PARA_AFTER 3.0   /* the DOCX's w:after="60" */
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 2.0
#define RULE_W 0.6
#define PDF_CREATOR "baocao tests/gen/gen_docx"
#define PDF_DATE "2025-01-01T00:00:00+07:00"

/* ------------------------------------------------------------------------------------------ */
/* Formats.                                                                                     */

static const struct {
	const char *name, *ext;
	gboolean scan, one_page;
} format_defs[RF_COUNT] = {
	[RF_DOCX] = { "docx", "docx", FALSE, FALSE },
	[RF_PDF] = { "pdf", "pdf", FALSE, FALSE },
	[RF_SCAN300] = { "scan300", "pdf", TRUE, FALSE },
	[RF_SCAN200] = { "scan200", "pdf", TRUE, FALSE },
	[RF_PHOTO] = { "photo", "jpg", TRUE, TRUE },
	[RF_TIFF] = { "tiff", "tif", TRUE, FALSE },
	[RF_PNG] = { "png", "png", TRUE, TRUE },
	[RF_MIXED] = { "mixed", "pdf", TRUE, FALSE },
	[RF_SIGNEDSCAN] = { "signedscan", "pdf", TRUE, FALSE },
	[RF_ODT] = { "odt", "odt", FALSE, FALSE },
	[RF_XLSX] = { "xlsx", "docx", FALSE, FALSE },
	[RF_ZIP] = { "zip", "zip", FALSE, FALSE },
};

const char *rformat_name(RFormat f)
{
	return format_defs[f].name;
}

const char *rformat_extension(RFormat f)
{
	return format_defs[f].ext;
}

int rformat_parse(const char *name)
{
	for (int f = 0; f < RF_COUNT; f++)
		if (strcmp(format_defs[f].name, name) == 0)
			return f;
	return -1;
}

gboolean rformat_is_scan(RFormat f)
{
	return format_defs[f].scan;
}

gboolean rformat_one_page(RFormat f)
{
	return format_defs[f].one_page;
}

/* ------------------------------------------------------------------------------------------ */
/* Pseudo-random numbers for the degradations (splitmix64, as in gen_docx.c).                  */

typedef struct {
	guint64 state;
} Prng;

static guint64 prng_next(Prng *r)
{
	guint64 z = (r->state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* A number in [lo, hi]. */
static int prng_range(Prng *r, int lo, int hi)
{
	return lo + (int)(prng_next(r) % (guint64)(hi - lo + 1));
}

/* A number in [lo, hi), in steps of 1/1000 of the range. */
static double prng_real(Prng *r, double lo, double hi)
{
	return lo + (hi - lo) * (double)(prng_next(r) % 1000) / 1000.0;
}

static double prng_sign(Prng *r)
{
	return (prng_next(r) & 1) ? 1.0 : -1.0;
}

/* ------------------------------------------------------------------------------------------ */
/* The recorded document.                                                                       */

typedef struct {
	guint start, end; /* bytes of Para.text */
	gboolean b, i, u;
	int hp;
} Span;

typedef struct {
	RAlign al;
	gboolean numbered;
	GString *text;
	GArray *spans; /* Span */
} Para;

typedef struct {
	int width, span, vmerge;
	GPtrArray *paras; /* Para* */
} Cell;

typedef struct {
	gboolean header;
	GPtrArray *cells; /* Cell* */
} Row;

typedef struct {
	int *widths, n;
	gboolean ruled;
	GPtrArray *rows; /* Row* */
} Table;

typedef struct {
	Para *para; /* one of the two */
	Table *table;
} Block;

/* Laid out: a strip of a page. */
typedef struct {
	PangoLayout *layout;
	int line;
	double x, y; /* the line's left end on its baseline, from the unit's top-left */
} LineOp;

typedef struct {
	double x0, y0, x1, y1;
} RuleOp;

typedef struct {
	double h;           /* advance */
	gboolean keep_next; /* on the same page as the next unit */
	GArray *lines;      /* LineOp */
	GArray *rules;      /* RuleOp */
	GString *text;      /* reference lines, each '\n'-terminated */
} Unit;

typedef struct {
	guint unit;
	double y;
} Placed;

struct RLayout {
	GPtrArray *blocks; /* Block* */
	Table *table;      /* open elements */
	Row *row;
	Cell *cell;
	Para *para;
	/* the layout, made once */
	gboolean laid_out;
	PangoFontMap *fontmap;
	PangoContext *ctx;
	const char *family;
	GPtrArray *layouts; /* PangoLayout*, owned */
	GPtrArray *units;   /* Unit* */
	GPtrArray *pages;   /* GArray of Placed */
};

static void para_free(gpointer p)
{
	Para *para = p;
	g_string_free(para->text, TRUE);
	g_array_unref(para->spans);
	g_free(para);
}

static void cell_free(gpointer p)
{
	Cell *c = p;
	g_ptr_array_unref(c->paras);
	g_free(c);
}

static void row_free(gpointer p)
{
	Row *r = p;
	g_ptr_array_unref(r->cells);
	g_free(r);
}

static void block_free(gpointer p)
{
	Block *b = p;
	if (b->para)
		para_free(b->para);
	if (b->table) {
		g_free(b->table->widths);
		g_ptr_array_unref(b->table->rows);
		g_free(b->table);
	}
	g_free(b);
}

static void unit_free(gpointer p)
{
	Unit *u = p;
	g_array_unref(u->lines);
	g_array_unref(u->rules);
	g_string_free(u->text, TRUE);
	g_free(u);
}

RLayout *rl_new(void)
{
	RLayout *rl = g_new0(RLayout, 1);
	rl->blocks = g_ptr_array_new_with_free_func(block_free);
	return rl;
}

void rl_free(RLayout *rl)
{
	if (!rl)
		return;
	g_ptr_array_unref(rl->blocks);
	if (rl->laid_out) {
		g_ptr_array_unref(rl->units);
		g_ptr_array_unref(rl->pages);
		g_ptr_array_unref(rl->layouts);
		g_object_unref(rl->ctx);
		g_object_unref(rl->fontmap);
	}
	g_free(rl);
}

void rl_para_begin(RLayout *rl, RAlign al, gboolean numbered)
{
	if (rl->para || rl->laid_out)
		g_error("render_pdf: paragraph inside a paragraph");
	Para *p = g_new0(Para, 1);
	p->al = al;
	p->numbered = numbered;
	p->text = g_string_new(NULL);
	p->spans = g_array_new(FALSE, TRUE, sizeof(Span));
	if (rl->cell) {
		g_ptr_array_add(rl->cell->paras, p);
	} else {
		if (rl->table)
			g_error("render_pdf: paragraph in a table outside a cell");
		Block *b = g_new0(Block, 1);
		b->para = p;
		g_ptr_array_add(rl->blocks, b);
	}
	rl->para = p;
}

void rl_run(RLayout *rl, gboolean bold, gboolean italic, gboolean underline, int half_points,
	    const char *text)
{
	if (!rl->para)
		g_error("render_pdf: text outside a paragraph");
	g_autofree char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
	if (!nfc || !*nfc)
		return;
	Span s = { (guint)rl->para->text->len, 0, bold, italic, underline, half_points };
	g_string_append(rl->para->text, nfc);
	s.end = (guint)rl->para->text->len;
	g_array_append_val(rl->para->spans, s);
}

void rl_para_end(RLayout *rl)
{
	if (!rl->para)
		g_error("render_pdf: no paragraph to end");
	rl->para = NULL;
}

void rl_table_begin(RLayout *rl, const int *widths, int n, gboolean ruled)
{
	if (rl->table || rl->para)
		g_error("render_pdf: nested tables are not supported");
	Table *t = g_new0(Table, 1);
	t->widths = g_memdup2(widths, sizeof(int) * (gsize)n);
	t->n = n;
	t->ruled = ruled;
	t->rows = g_ptr_array_new_with_free_func(row_free);
	Block *b = g_new0(Block, 1);
	b->table = t;
	g_ptr_array_add(rl->blocks, b);
	rl->table = t;
}

void rl_row_begin(RLayout *rl, gboolean header)
{
	if (!rl->table || rl->row)
		g_error("render_pdf: row outside a table");
	Row *r = g_new0(Row, 1);
	r->header = header;
	r->cells = g_ptr_array_new_with_free_func(cell_free);
	g_ptr_array_add(rl->table->rows, r);
	rl->row = r;
}

void rl_cell_begin(RLayout *rl, int width, int span, int vmerge)
{
	if (!rl->row || rl->cell)
		g_error("render_pdf: cell outside a row");
	Cell *c = g_new0(Cell, 1);
	c->width = width;
	c->span = span;
	c->vmerge = vmerge;
	c->paras = g_ptr_array_new_with_free_func(para_free);
	g_ptr_array_add(rl->row->cells, c);
	rl->cell = c;
}

void rl_cell_end(RLayout *rl)
{
	if (!rl->cell || rl->para)
		g_error("render_pdf: no cell to end");
	rl->cell = NULL;
}

void rl_row_end(RLayout *rl)
{
	if (!rl->row || rl->cell)
		g_error("render_pdf: no row to end");
	rl->row = NULL;
}

void rl_table_end(RLayout *rl)
{
	if (!rl->table || rl->row)
		g_error("render_pdf: no table to end");
	rl->table = NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Layout.                                                                                      */

/* Point size of a run; `body` is the size of runs without one: BODY_PT, or BOX_PT in the
 * borderless header and signature tables (a 210-point column holds "ĐẢNG BỘ THÀNH PHỐ HẢI
 * PHÒNG" on one line at 12 points, as official documents print it). */
static double size_pt(int half_points, double body)
{
	switch (half_points) {
	case 0: return body;      /* body, header lines */
	case 24: return 12.0;     /* tables, recipients */
	case 30: return 13.0;     /* "ĐẢNG CỘNG SẢN VIỆT NAM" */
	case 32: return 15.0;     /* "BÁO CÁO" */
	default: return half_points / 2.0;
	}
}

static char *roman_numeral(int n)
{
	static const char *const ones[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	static const char *const tens[] = { "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" };
	return g_strconcat(tens[(n / 10) % 10], ones[n % 10], NULL);
}

/* Liberation Serif when it has every Vietnamese letter (fonts-liberation2 does, the 1.07
 * fonts-liberation does not: Pango would then mix in DejaVu glyphs inside words), else DejaVu
 * Serif for the whole document. */
static const char *font_family(PangoContext *ctx)
{
	static const char *chosen;
	static const char viet[] = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";
	if (chosen)
		return chosen;
	chosen = FONT_FALLBACK;
	PangoFontDescription *fd = pango_font_description_from_string(FONT_PREFERRED " 13");
	PangoFont *font = pango_context_load_font(ctx, fd);
	pango_font_description_free(fd);
	if (!font)
		return chosen;
	PangoFontDescription *got = pango_font_describe(font);
	gboolean ok = g_strcmp0(pango_font_description_get_family(got), FONT_PREFERRED) == 0;
	pango_font_description_free(got);
	PangoCoverage *cov = pango_font_get_coverage(font, pango_language_from_string("vi"));
	for (const char *p = viet; ok && *p; p = g_utf8_next_char(p))
		ok = pango_coverage_get(cov, (int)g_utf8_get_char(p)) == PANGO_COVERAGE_EXACT;
	g_object_unref(cov);
	g_object_unref(font);
	if (ok)
		chosen = FONT_PREFERRED;
	return chosen;
}

/* DejaVu Serif is about a tenth wider than Times: set 10% smaller, a line holds what it would
 * in Times and the pages break about where they would. */
static PangoFontDescription *font_desc(RLayout *rl, double pt)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, rl->family);
	if (strcmp(rl->family, FONT_PREFERRED) != 0)
		pt *= 0.9;
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	return fd;
}

static void layout_context(RLayout *rl)
{
	rl->fontmap = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(rl->fontmap), 72.0);
	rl->ctx = pango_font_map_create_context(rl->fontmap);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(rl->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(rl->ctx, FALSE);
	pango_context_set_language(rl->ctx, pango_language_from_string("vi"));
	rl->family = font_family(rl->ctx);
	PangoFontDescription *fd = font_desc(rl, BODY_PT);
	pango_context_set_font_description(rl->ctx, fd);
	pango_font_description_free(fd);
}

/* A Pango layout of a paragraph `width` points wide; `prefix` (the automatic number) takes the
 * format of the first run.  The layout is kept by rl. */
static PangoLayout *para_layout(RLayout *rl, const Para *p, double width, const char *prefix,
				double body)
{
	PangoLayout *lay = pango_layout_new(rl->ctx);
	g_ptr_array_add(rl->layouts, lay);
	PangoFontDescription *fd = font_desc(rl, body);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	GString *text = g_string_new(prefix ? prefix : "");
	guint off = (guint)text->len;
	g_string_append(text, p->text->str);
	pango_layout_set_text(lay, text->str, (int)text->len);
	PangoAttrList *attrs = pango_attr_list_new();
	for (guint i = 0; i < p->spans->len; i++) {
		const Span *s = &g_array_index(p->spans, Span, i);
		guint start = i == 0 ? 0 : s->start + off, end = s->end + off;
		PangoAttribute *a = pango_attr_size_new_absolute((int)(size_pt(s->hp, body) * PANGO_SCALE));
		a->start_index = start;
		a->end_index = end;
		pango_attr_list_insert(attrs, a);
		if (s->b) {
			a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			a->start_index = start;
			a->end_index = end;
			pango_attr_list_insert(attrs, a);
		}
		if (s->i) {
			a = pango_attr_style_new(PANGO_STYLE_ITALIC);
			a->start_index = start;
			a->end_index = end;
			pango_attr_list_insert(attrs, a);
		}
		if (s->u) {
			a = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
			a->start_index = start;
			a->end_index = end;
			pango_attr_list_insert(attrs, a);
		}
	}
	pango_layout_set_attributes(lay, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(lay, FALSE);
	static const PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT,
						 PANGO_ALIGN_LEFT };
	pango_layout_set_alignment(lay, aligns[p->al]);
	pango_layout_set_justify(lay, p->al == RA_BOTH);
	g_string_free(text, TRUE);
	return lay;
}

typedef struct {
	double x, ascent, height; /* x from the layout's left; ascent and advance of the line */
	char *text;               /* the line's text, trimmed */
} LineInfo;

/* The lines of a laid out paragraph. */
static GArray *layout_lines(PangoLayout *lay)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(LineInfo));
	const char *text = pango_layout_get_text(lay);
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical, own;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		pango_layout_line_get_extents(line, NULL, &own);
		int baseline = pango_layout_iter_get_baseline(it);
		LineInfo li;
		li.x = (double)(logical.x - own.x) / PANGO_SCALE;
		li.ascent = (double)(baseline - logical.y) / PANGO_SCALE;
		li.height = (double)logical.height / PANGO_SCALE * LINE_FACTOR;
		li.text = g_strstrip(g_strndup(text + line->start_index, (gsize)line->length));
		g_array_append_val(out, li);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return out;
}

static void line_infos_free(GArray *a)
{
	for (guint i = 0; i < a->len; i++)
		g_free(g_array_index(a, LineInfo, i).text);
	g_array_unref(a);
}

static Unit *unit_new(void)
{
	Unit *u = g_new0(Unit, 1);
	u->lines = g_array_new(FALSE, TRUE, sizeof(LineOp));
	u->rules = g_array_new(FALSE, TRUE, sizeof(RuleOp));
	u->text = g_string_new(NULL);
	return u;
}

static void unit_rule(Unit *u, double x0, double y0, double x1, double y1)
{
	RuleOp r = { x0, y0, x1, y1 };
	g_array_append_val(u->rules, r);
}

static gboolean para_all_bold(const Para *p)
{
	if (p->spans->len == 0)
		return FALSE;
	for (guint i = 0; i < p->spans->len; i++)
		if (!g_array_index(p->spans, Span, i).b)
			return FALSE;
	return TRUE;
}

/* A top-level paragraph: one unit per line; headings and titles keep with what follows. */
static void layout_para(RLayout *rl, const Para *p, int *number)
{
	g_autofree char *prefix = NULL;
	if (p->numbered) {
		g_autofree char *r = roman_numeral(++*number);
		prefix = g_strconcat(r, ". ", NULL);
	}
	PangoLayout *lay = para_layout(rl, p, TEXT_W, prefix, BODY_PT);
	GArray *lines = layout_lines(lay);
	gboolean keep = para_all_bold(p);
	for (guint i = 0; i < lines->len; i++) {
		const LineInfo *li = &g_array_index(lines, LineInfo, i);
		Unit *u = unit_new();
		LineOp op = { lay, (int)i, MARGIN_L + li->x, li->ascent };
		g_array_append_val(u->lines, op);
		u->h = li->height + (i + 1 == lines->len ? PARA_AFTER : 0.0);
		u->keep_next = keep;
		if (*li->text)
			g_string_append_printf(u->text, "%s\n", li->text);
		g_ptr_array_add(rl->units, u);
	}
	line_infos_free(lines);
}

/* The whole text of a cell's paragraphs, joined by spaces. */
static void cell_flat_text(const Cell *c, GString *out)
{
	for (guint i = 0; i < c->paras->len; i++) {
		const Para *p = g_ptr_array_index(c->paras, i);
		g_autofree char *t = g_strstrip(g_strdup(p->text->str));
		if (!*t)
			continue;
		if (out->len && out->str[out->len - 1] != ' ')
			g_string_append_c(out, ' ');
		g_string_append(out, t);
	}
}

/* A table row: one unit. */
static void layout_row(RLayout *rl, const Table *t, guint ri, double scale, gboolean last)
{
	const Row *row = g_ptr_array_index(t->rows, ri);
	Unit *u = unit_new();
	double x = MARGIN_L, h = 0;
	GString *flat = g_string_new(NULL);
	double *xs = g_new0(double, row->cells->len + 1);
	for (guint ci = 0; ci < row->cells->len; ci++) {
		const Cell *c = g_ptr_array_index(row->cells, ci);
		double w = c->width / 20.0 * scale, y = CELL_PAD_Y;
		xs[ci] = x;
		if (c->vmerge != RVM_CONTINUE) {
			for (guint pi = 0; pi < c->paras->len; pi++) {
				const Para *p = g_ptr_array_index(c->paras, pi);
				PangoLayout *lay = para_layout(rl, p, w - 2 * CELL_PAD_X, NULL,
							       t->ruled ? BODY_PT : BOX_PT);
				GArray *lines = layout_lines(lay);
				for (guint i = 0; i < lines->len; i++) {
					const LineInfo *li = &g_array_index(lines, LineInfo, i);
					LineOp op = { lay, (int)i, x + CELL_PAD_X + li->x, y + li->ascent };
					g_array_append_val(u->lines, op);
					y += li->height;
					if (!t->ruled && *li->text)
						g_string_append_printf(u->text, "%s\n", li->text);
				}
				line_infos_free(lines);
				if (pi + 1 < c->paras->len)
					y += PARA_AFTER;
			}
			if (t->ruled) {
				GString *ct = g_string_new(NULL);
				cell_flat_text(c, ct);
				if (ct->len) {
					if (flat->len)
						g_string_append_c(flat, ' ');
					g_string_append(flat, ct->str);
				}
				g_string_free(ct, TRUE);
			}
		}
		h = MAX(h, y + CELL_PAD_Y);
		x += w;
	}
	xs[row->cells->len] = x;
	if (t->ruled) {
		for (guint ci = 0; ci < row->cells->len; ci++) {
			const Cell *c = g_ptr_array_index(row->cells, ci);
			unit_rule(u, xs[ci], 0, xs[ci], h);
			unit_rule(u, xs[ci + 1], 0, xs[ci + 1], h);
			if (c->vmerge != RVM_CONTINUE)
				unit_rule(u, xs[ci], 0, xs[ci + 1], 0);
			if (c->vmerge != RVM_RESTART)
				unit_rule(u, xs[ci], h, xs[ci + 1], h);
		}
		if (flat->len)
			g_string_append_printf(u->text, "%s\n", flat->str);
	}
	u->h = h + (last && t->ruled ? PARA_AFTER : 0.0);
	u->keep_next = row->header;
	g_free(xs);
	g_string_free(flat, TRUE);
	g_ptr_array_add(rl->units, u);
}

static void layout_table(RLayout *rl, const Table *t)
{
	double total = 0;
	for (int i = 0; i < t->n; i++)
		total += t->widths[i] / 20.0;
	double scale = total > TEXT_W ? TEXT_W / total : 1.0;
	for (guint ri = 0; ri < t->rows->len; ri++)
		layout_row(rl, t, ri, scale, ri + 1 == t->rows->len);
}

static void layout_document(RLayout *rl)
{
	if (rl->laid_out)
		return;
	if (rl->para || rl->table)
		g_error("render_pdf: the document is not finished");
	rl->laid_out = TRUE;
	layout_context(rl);
	rl->layouts = g_ptr_array_new_with_free_func(g_object_unref);
	rl->units = g_ptr_array_new_with_free_func(unit_free);
	rl->pages = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	int number = 0;
	for (guint i = 0; i < rl->blocks->len; i++) {
		const Block *b = g_ptr_array_index(rl->blocks, i);
		if (b->para)
			layout_para(rl, b->para, &number);
		else
			layout_table(rl, b->table);
	}
	/* The room a unit needs: itself plus what it keeps with, unless that is a page or more. */
	guint n = rl->units->len;
	double *need = g_new0(double, n + 1);
	for (guint i = n; i-- > 0;) {
		const Unit *u = g_ptr_array_index(rl->units, i);
		need[i] = u->h + (u->keep_next && i + 1 < n ? need[i + 1] : 0.0);
		if (need[i] > (BODY_BOTTOM - MARGIN_T) / 2)
			need[i] = u->h;
	}
	GArray *page = NULL;
	double y = MARGIN_T;
	for (guint i = 0; i < n; i++) {
		const Unit *u = g_ptr_array_index(rl->units, i);
		if (!page || (page->len > 0 && y + need[i] - PARA_AFTER > BODY_BOTTOM)) {
			page = g_array_new(FALSE, TRUE, sizeof(Placed));
			g_ptr_array_add(rl->pages, page);
			y = MARGIN_T;
		}
		Placed pl = { i, y };
		g_array_append_val(page, pl);
		y += u->h;
	}
	if (!page)
		g_ptr_array_add(rl->pages, g_array_new(FALSE, TRUE, sizeof(Placed)));
	g_free(need);
}

int rl_page_count(RLayout *rl)
{
	layout_document(rl);
	return (int)rl->pages->len;
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing.                                                                                     */

static PangoLayout *simple_layout(RLayout *rl, const char *text, double pt)
{
	PangoLayout *lay = pango_layout_new(rl->ctx);
	PangoFontDescription *fd = font_desc(rl, pt);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(lay, text, -1);
	return lay;
}

static void draw_page(RLayout *rl, cairo_t *cr, guint pi)
{
	const GArray *page = g_ptr_array_index(rl->pages, pi);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, RULE_W);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
	for (guint k = 0; k < page->len; k++) {
		const Placed *pl = &g_array_index(page, Placed, k);
		const Unit *u = g_ptr_array_index(rl->units, pl->unit);
		for (guint i = 0; i < u->lines->len; i++) {
			const LineOp *op = &g_array_index(u->lines, LineOp, i);
			cairo_move_to(cr, op->x, pl->y + op->y);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(op->layout, op->line));
		}
		for (guint i = 0; i < u->rules->len; i++) {
			const RuleOp *r = &g_array_index(u->rules, RuleOp, i);
			cairo_move_to(cr, r->x0, pl->y + r->y0);
			cairo_line_to(cr, r->x1, pl->y + r->y1);
		}
		cairo_stroke(cr);
	}
	if (pi > 0) { /* the page number, centered in the bottom margin */
		char num[16];
		g_snprintf(num, sizeof num, "%u", pi + 1);
		PangoLayout *lay = simple_layout(rl, num, BODY_PT);
		int w = 0, h = 0;
		pango_layout_get_size(lay, &w, &h);
		cairo_move_to(cr, MARGIN_L + (TEXT_W - (double)w / PANGO_SCALE) / 2,
			      PAGE_H - MARGIN_B / 2 - (double)h / PANGO_SCALE / 2);
		pango_cairo_show_layout(cr, lay);
		g_object_unref(lay);
	}
	cairo_restore(cr);
}

/* The reference text of one page. */
static void page_text(RLayout *rl, guint pi, GString *out)
{
	const GArray *page = g_ptr_array_index(rl->pages, pi);
	for (guint k = 0; k < page->len; k++) {
		const Unit *u = g_ptr_array_index(rl->units, g_array_index(page, Placed, k).unit);
		g_string_append(out, u->text->str);
	}
	if (pi > 0)
		g_string_append_printf(out, "%u\n", pi + 1);
}

/* The signature box a signing tool stamps in the top right corner of page 1: real text. */
static void draw_signature(RLayout *rl, cairo_t *cr, const RenderOptions *opt, GString *text)
{
	g_autofree char *l1 = g_strdup_printf("Ký bởi: %s", opt->sign_name ? opt->sign_name : "");
	g_autofree char *l2 = g_strdup_printf("Thời gian ký: %s", opt->sign_time ? opt->sign_time : "");
	g_autofree char *both = g_strconcat(l1, "\n", l2, NULL);
	PangoLayout *lay = simple_layout(rl, both, 8.0);
	int w = 0, h = 0;
	pango_layout_get_size(lay, &w, &h);
	double bw = (double)w / PANGO_SCALE + 8, bh = (double)h / PANGO_SCALE + 6;
	double x = PAGE_W - MARGIN_R - bw, y = 5.0 * PT_PER_MM;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.05, 0.15, 0.6);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, x, y, bw, bh);
	cairo_stroke(cr);
	cairo_move_to(cr, x + 4, y + 3);
	pango_cairo_show_layout(cr, lay);
	cairo_restore(cr);
	g_object_unref(lay);
	g_string_append_printf(text, "%s\n%s\n", l1, l2);
}

/* ------------------------------------------------------------------------------------------ */
/* PDF surfaces in memory.                                                                      */

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *pdf_surface_new(GByteArray *buf)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, buf, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, PDF_CREATOR);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
	return s;
}

static GBytes *pdf_surface_finish(cairo_surface_t *s, GByteArray *buf)
{
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		g_error("render_pdf: cairo: %s", cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return g_byte_array_free_to_bytes(buf);
}

static GBytes *text_pdf(RLayout *rl)
{
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s = pdf_surface_new(buf);
	cairo_t *cr = cairo_create(s);
	for (guint pi = 0; pi < rl->pages->len; pi++) {
		draw_page(rl, cr, pi);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	return pdf_surface_finish(s, buf);
}

/* ------------------------------------------------------------------------------------------ */
/* Images.                                                                                      */

/* Page `pi` of a PDF as 8-bit grey at `dpi`, on white. */
static PIX *raster_page(PopplerDocument *doc, int pi, int dpi)
{
	PopplerPage *page = poppler_document_get_page(doc, pi);
	if (!page)
		g_error("render_pdf: no page %d", pi);
	int w = (int)lround(PAGE_W * dpi / 72.0), h = (int)lround(PAGE_H * dpi / 72.0);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72.0, dpi / 72.0);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	g_object_unref(page);
	PIX *pix = pixCreate(w, h, 8);
	const guint8 *src = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	l_uint32 *dst = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		const guint32 *s = (const guint32 *)(const void *)(src + (gsize)y * (gsize)stride);
		l_uint32 *line = dst + (gsize)y * (gsize)wpl;
		for (int x = 0; x < w; x++) {
			guint32 p = s[x];
			guint v = (((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8;
			SET_DATA_BYTE(line, x, v);
		}
	}
	cairo_surface_destroy(img);
	pixSetResolution(pix, dpi, dpi);
	return pix;
}

static PIX *take(PIX *old, PIX *new_pix)
{
	if (!new_pix)
		g_error("render_pdf: leptonica failed");
	pixDestroy(&old);
	return new_pix;
}

/* Paper tone and noise: v * paper / 255 plus a small triangular noise. */
static void paper_and_noise(PIX *pix, Prng *r, int paper, int amplitude)
{
	int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
	l_uint32 *data = pixGetData(pix);
	guint64 bits = 0;
	int left = 0;
	for (int y = 0; y < h; y++) {
		l_uint32 *line = data + (gsize)y * (gsize)wpl;
		for (int x = 0; x < w; x++) {
			if (left == 0) {
				bits = prng_next(r);
				left = 4;
			}
			int n1 = (int)(bits & 0xFF), n2 = (int)((bits >> 8) & 0xFF);
			bits >>= 16;
			left--;
			int noise = ((n1 + n2 - 255) * amplitude) / 255;
			int v = (int)GET_DATA_BYTE(line, x) * paper / 255 + noise;
			SET_DATA_BYTE(line, x, CLAMP(v, 0, 255));
		}
	}
}

static double radians(double deg)
{
	return deg * G_PI / 180.0;
}

typedef struct {
	int paper, noise, quality;
	gboolean blur;
} ScanLook;

static ScanLook scan_look(Prng *r)
{
	ScanLook k;
	k.paper = prng_range(r, 225, 245);
	k.noise = prng_range(r, 6, 14);
	k.quality = prng_range(r, 55, 85);
	k.blur = prng_range(r, 0, 99) < 40;
	return k;
}

/* A scanned page: skewed 0.2 to 2 degrees either way, maybe blurred, paper tone and noise. */
static PIX *degrade_scan(PIX *pix, Prng *r, const ScanLook *k)
{
	double deg = prng_real(r, 0.2, 2.0) * prng_sign(r);
	pix = take(pix, pixRotate(pix, (float)radians(deg), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
	if (k->blur)
		pix = take(pix, pixBlockconv(pix, 1, 1));
	paper_and_noise(pix, r, k->paper, k->noise);
	return pix;
}

static GBytes *lept_bytes(l_uint8 *data, size_t size)
{
	GBytes *b = g_bytes_new(data, size);
	lept_free(data);
	return b;
}

static GBytes *jpeg_bytes(PIX *pix, int quality)
{
	l_uint8 *data = NULL;
	size_t size = 0;
	if (pixWriteMemJpeg(&data, &size, pix, quality, 0) != 0)
		g_error("render_pdf: JPEG encoding failed");
	return lept_bytes(data, size);
}

/* One page of an image PDF: the grey image at its resolution, embedded as its JPEG bytes. */
static void pdf_image_page(cairo_t *cr, PIX *pix, GBytes *jpeg)
{
	int w = pixGetWidth(pix), h = pixGetHeight(pix), dpi = pixGetXRes(pix), wpl = pixGetWpl(pix);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	guint8 *dst = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	const l_uint32 *data = pixGetData(pix);
	cairo_surface_flush(img);
	for (int y = 0; y < h; y++) {
		guint32 *d = (guint32 *)(void *)(dst + (gsize)y * (gsize)stride);
		const l_uint32 *line = data + (gsize)y * (gsize)wpl;
		for (int x = 0; x < w; x++) {
			guint32 v = GET_DATA_BYTE(line, x);
			d[x] = (v << 16) | (v << 8) | v;
		}
	}
	cairo_surface_mark_dirty(img);
	gsize len = 0;
	const guint8 *jp = g_bytes_get_data(jpeg, &len);
	guint8 *copy = g_memdup2(jp, len);
	cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, copy, len, g_free, copy);
	cairo_save(cr);
	cairo_scale(cr, 72.0 / dpi, 72.0 / dpi);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

/* scan300, scan200, mixed, signedscan: a PDF of JPEG pages (page 1 as text for mixed). */
static GBytes *scan_pdf(RLayout *rl, PopplerDocument *doc, const RenderOptions *opt, int dpi,
			Prng *r, GString *sign_text)
{
	ScanLook look = scan_look(r);
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s = pdf_surface_new(buf);
	cairo_t *cr = cairo_create(s);
	for (guint pi = 0; pi < rl->pages->len; pi++) {
		if (opt->format == RF_MIXED && pi == 0) {
			draw_page(rl, cr, pi);
		} else {
			PIX *pix = degrade_scan(raster_page(doc, (int)pi, dpi), r, &look);
			GBytes *jpeg = jpeg_bytes(pix, look.quality);
			pdf_image_page(cr, pix, jpeg);
			g_bytes_unref(jpeg);
			pixDestroy(&pix);
		}
		if (opt->format == RF_SIGNEDSCAN && pi == 0)
			draw_signature(rl, cr, opt, sign_text);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	return pdf_surface_finish(s, buf);
}

/* Every page binarised, slightly skewed, in one multi-page G4 TIFF at 300 dpi. */
static GBytes *tiff_pages(RLayout *rl, PopplerDocument *doc, Prng *r)
{
	PIXA *pixa = pixaCreate((int)rl->pages->len);
	int thresh = prng_range(r, 140, 175);
	for (guint pi = 0; pi < rl->pages->len; pi++) {
		PIX *pix = raster_page(doc, (int)pi, 300);
		double deg = prng_real(r, 0.2, 1.2) * prng_sign(r);
		pix = take(pix, pixRotate(pix, (float)radians(deg), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
		paper_and_noise(pix, r, 250, 20);
		pix = take(pix, pixThresholdToBinary(pix, thresh));
		pixSetResolution(pix, 300, 300);
		pixaAddPix(pixa, pix, L_INSERT);
	}
	l_uint8 *data = NULL;
	size_t size = 0;
	if (pixaWriteMemMultipageTiff(&data, &size, pixa) != 0)
		g_error("render_pdf: TIFF encoding failed");
	pixaDestroy(&pixa);
	return lept_bytes(data, size);
}

/* Page 1 as 8-bit grey PNG, 300 dpi recorded. */
static GBytes *png_page(PopplerDocument *doc)
{
	PIX *pix = raster_page(doc, 0, 300);
	l_uint8 *data = NULL;
	size_t size = 0;
	if (pixWriteMemPng(&data, &size, pix, 0.0) != 0)
		g_error("render_pdf: PNG encoding failed");
	pixDestroy(&pix);
	return lept_bytes(data, size);
}

/* Page 1 photographed with a phone: 200-250 dpi, a quarter turn, 1-3 degrees of skew and a mild
 * keystone in one projective transform, the desk around it, light falling off across the
 * sheet, a warm tint, JPEG quality 70 and no resolution recorded. */
static GBytes *photo_page(PopplerDocument *doc, Prng *r)
{
	int dpi = prng_range(r, 200, 250);
	PIX *pix = raster_page(doc, 0, dpi);
	pix = take(pix, pixRotateOrth(pix, (prng_next(r) & 1) ? 1 : 3));
	int desk = prng_range(r, 70, 120);
	int border = pixGetWidth(pix) / 12;
	int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
	pix = take(pix, pixAddBorder(pix, border, (l_uint32)desk));
	int w = pixGetWidth(pix), h = pixGetHeight(pix);
	/* the sheet's corners: top-left, top-right, bottom-left, bottom-right */
	double sx[4] = { border, border + pw, border, border + pw };
	double sy[4] = { border, border, border + ph, border + ph };
	double deg = prng_real(r, 1.0, 3.0) * prng_sign(r), a = radians(deg);
	double key = prng_real(r, 0.02, 0.05) * pw; /* the far edge looks shorter */
	int far_edge = prng_range(r, 0, 3);         /* 0 top, 1 bottom, 2 left, 3 right */
	PTA *ptas = ptaCreate(4), *ptad = ptaCreate(4);
	double cx = w / 2.0, cy = h / 2.0;
	for (int i = 0; i < 4; i++) {
		double x = sx[i], y = sy[i];
		gboolean on_far = (far_edge == 0 && i < 2) || (far_edge == 1 && i >= 2) ||
				  (far_edge == 2 && (i % 2) == 0) || (far_edge == 3 && (i % 2) == 1);
		if (on_far && far_edge < 2)
			x += (i % 2 == 0) ? key : -key;
		else if (on_far)
			y += (i < 2) ? key : -key;
		double dx = x - cx, dy = y - cy;
		ptaAddPt(ptas, (float)sx[i], (float)sy[i]);
		ptaAddPt(ptad, (float)(cx + dx * cos(a) - dy * sin(a)), (float)(cy + dx * sin(a) + dy * cos(a)));
	}
	pix = take(pix, pixProjectivePtaGray(pix, ptad, ptas, (l_uint8)desk));
	ptaDestroy(&ptas);
	ptaDestroy(&ptad);
	/* light: brightest at one corner region, down by 15-35% at the opposite side */
	double dir = prng_real(r, 0, 2 * G_PI), drop = prng_real(r, 0.15, 0.35);
	double ux = cos(dir), uy = sin(dir), span = fabs(ux) * w + fabs(uy) * h;
	double base = (ux < 0 ? -ux * w : 0) + (uy < 0 ? -uy * h : 0);
	PIX *rgb = pixCreate(w, h, 32);
	l_uint32 *src = pixGetData(pix), *dst = pixGetData(rgb);
	int wpl = pixGetWpl(pix), wpl32 = pixGetWpl(rgb);
	guint64 bits = 0;
	int left = 0;
	for (int y = 0; y < h; y++) {
		const l_uint32 *line = src + (gsize)y * (gsize)wpl;
		l_uint32 *out = dst + (gsize)y * (gsize)wpl32;
		for (int x = 0; x < w; x++) {
			if (left == 0) {
				bits = prng_next(r);
				left = 8;
			}
			int noise = (int)(bits & 0xFF) / 32 - 4;
			bits >>= 8;
			left--;
			double t = (base + ux * x + uy * y) / span;
			double v = GET_DATA_BYTE(line, x) * (1.0 - drop * t) + noise;
			int rv = CLAMP((int)v, 0, 255), gv = CLAMP((int)(v * 0.96), 0, 255),
			    bv = CLAMP((int)(v * 0.86), 0, 255);
			composeRGBPixel(rv, gv, bv, &out[x]);
		}
	}
	pixDestroy(&pix);
	pixSetResolution(rgb, 0, 0);
	GBytes *jpeg = jpeg_bytes(rgb, 70);
	pixDestroy(&rgb);
	return jpeg;
}

/* ------------------------------------------------------------------------------------------ */

void render_document(RLayout *rl, const RenderOptions *opt, RenderResult *out)
{
	if (opt->format <= RF_DOCX || opt->format >= RF_ODT)
		g_error("render_pdf: format %d is not rendered here", (int)opt->format);
	layout_document(rl);
	memset(out, 0, sizeof *out);
	out->pages = (int)rl->pages->len;
	GBytes *pdf = text_pdf(rl);
	if (opt->format == RF_PDF) {
		out->bytes = pdf;
		GString *t = g_string_new(NULL);
		for (guint pi = 0; pi < rl->pages->len; pi++)
			page_text(rl, pi, t);
		out->text = g_string_free(t, FALSE);
		return;
	}
	static gboolean lept_quiet;
	if (!lept_quiet) {
		setMsgSeverity(L_SEVERITY_ERROR);
		lept_quiet = TRUE;
	}
	GError *err = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(pdf, NULL, &err);
	if (!doc)
		g_error("render_pdf: poppler cannot read its own PDF: %s", err->message);
	Prng r = { opt->seed };
	GString *text = g_string_new(NULL);
	guint shown = rformat_one_page(opt->format) ? 1 : rl->pages->len;
	switch (opt->format) {
	case RF_SCAN300:
	case RF_MIXED:
	case RF_SIGNEDSCAN:
		out->bytes = scan_pdf(rl, doc, opt, 300, &r, text);
		break;
	case RF_SCAN200: out->bytes = scan_pdf(rl, doc, opt, 200, &r, text); break;
	case RF_TIFF: out->bytes = tiff_pages(rl, doc, &r); break;
	case RF_PNG: out->bytes = png_page(doc); break;
	case RF_PHOTO: out->bytes = photo_page(doc, &r); break;
	default: g_assert_not_reached();
	}
	for (guint pi = 0; pi < shown; pi++)
		page_text(rl, pi, text);
	out->text = g_string_free(text, FALSE);
	g_object_unref(doc);
	g_bytes_unref(pdf);
}
