/*
 * read_odt.c - stage 2 reader for OpenDocument text (.odt, .ott) in a zip package.
 *
 * Flow: vet the zip through package.h (entry count, declared sizes, ratio) and look at
 * the mimetype entry: a spreadsheet goes to sheet_read(), other kinds than text are
 * refused by name. The manifest is read for encryption data (a password-protected
 * package stores content.xml encrypted), every XML part's head is scanned for a DTD,
 * then styles.xml (font faces, common and automatic styles, list styles, and the
 * master pages' headers and footers) and content.xml (its own font faces and automatic
 * styles, then the body) are each streamed once through xmlsafe.h.
 *
 * Main choice: as in read_docx.c, one streaming pass with a bounded frame per element
 * depth and small explicit stacks for paragraphs, tables and containers, never a DOM or
 * recursion. Text follows what LibreOffice shows with changes accepted: the tracked-
 * changes region (which holds deleted text) is skipped, white space collapses as ODF
 * says, text:s/tab/line-break give spaces, tabs and newlines. Tables keep ODF's explicit
 * model: every row lists each column position, either as a table:table-cell (which may
 * span) or a table:covered-table-cell, so grid columns come from counting, and repeated
 * cells and rows are copied only up to a cap (a hostile file asks for 1,000,000).
 * Fonts, bold and centring come from the style chain (span styles innermost first, then
 * the paragraph style and its parents, then the default style); a run in a TCVN3/VNI
 * font is decoded, and the rest is judged per paragraph by vntext's guess.
 */
#include "read.h"

#include <string.h>

#include "docbuild.h"
#include "package.h"
#include "vntext.h"
#include "xmlsafe.h"

/* Caps of this reader on top of read.h's and docbuild.h's (paragraph bytes, grid
 * positions, columns; paragraphs and tables are built with docbuild.c). */
#define MAX_TABLE_DEPTH     32u                 /* tables inside tables */
#define MAX_BLOCKS          1000000u            /* paragraphs, tables and cells per file */
#define MAX_ROWS            100000u             /* rows of one table */
#define MAX_SPAN            1000u               /* number-rows/columns-spanned */
#define MAX_ROW_REPEAT      1000u               /* copies of one repeated row */
#define MAX_STYLES          20000u              /* styles kept per file */
#define MAX_STYLE_CHAIN     16                  /* parent-style-name links followed */
#define MAX_SPACES          1000u               /* text:s text:c */
#define MAX_LIST_LEVELS     10

/* ====================================================================================
 * XML helpers
 * ================================================================================== */

typedef enum { NS_OTHER, NS_OFFICE, NS_TEXT, NS_TABLE, NS_STYLE, NS_DRAW, NS_MANIFEST } Ns;

static Ns ns_of(const char *uri)
{
	static const char base[] = "urn:oasis:names:tc:opendocument:xmlns:";
	if (uri == NULL || !g_str_has_prefix(uri, base))
		return NS_OTHER;
	const char *k = uri + sizeof base - 1;
	if (g_str_has_prefix(k, "office:"))
		return NS_OFFICE;
	if (g_str_has_prefix(k, "text:"))
		return NS_TEXT;
	if (g_str_has_prefix(k, "table:"))
		return NS_TABLE;
	if (g_str_has_prefix(k, "style:"))
		return NS_STYLE;
	if (g_str_has_prefix(k, "drawing:"))
		return NS_DRAW;
	if (g_str_has_prefix(k, "manifest:"))
		return NS_MANIFEST;
	return NS_OTHER;
}

static gint64 attr_int(XmlSafe *x, const char *local, gint64 lo, gint64 hi, gint64 def)
{
	g_autofree char *v = xmlsafe_attr(x, local);
	gint64 n;
	if (v == NULL || !g_ascii_string_to_signed(g_strstrip(v), 10, G_MININT64 / 2,
	                                           G_MAXINT64 / 2, &n, NULL))
		return def;
	return CLAMP(n, lo, hi);
}

/* ====================================================================================
 * Styles: fonts (through the font-face declarations), bold, centring, list levels.
 * ================================================================================== */

typedef struct {
	char kind;          /* 0 none, 'b' bullet, 'n' number */
	char fmt;           /* '1', 'a', 'A', 'i', 'I', or 0 for no number */
	char *prefix, *suffix;
	int start, display;
} ListLevel;

typedef struct {
	char *parent;
	char *font;            /* style:font-name (a face) or fo:font-family; NULL: inherit */
	gboolean font_is_face;
	signed char bold, centered;  /* -1: inherit */
	ListLevel *levels;     /* list styles: MAX_LIST_LEVELS levels */
} Style;

static void style_free(gpointer p)
{
	Style *s = p;
	g_free(s->parent);
	g_free(s->font);
	if (s->levels != NULL) {
		for (int i = 0; i < MAX_LIST_LEVELS; i++) {
			g_free(s->levels[i].prefix);
			g_free(s->levels[i].suffix);
		}
		g_free(s->levels);
	}
	g_free(s);
}

static GHashTable *style_table_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, style_free);
}

/* ====================================================================================
 * Repeated cells (paragraphs, tables and the grid are built with docbuild.c)
 * ================================================================================== */

/* A copy of a cell's paragraphs (a repeated cell or row); nested tables are not
 * copied. */
static DocCell *cell_copy(const DocCell *c)
{
	DocCell *n = g_new0(DocCell, 1);
	n->blocks = doc_block_array_new();
	n->rowspan = c->rowspan;
	n->colspan = c->colspan;
	n->row = c->row;
	n->col = c->col;
	for (guint i = 0; i < c->blocks->len; i++) {
		const DocBlock *b = c->blocks->pdata[i];
		if (b->type != BLOCK_PARA)
			continue;
		DocBlock *d = doc_block_new_para(b->part, b->para.text);
		d->para.num_label = g_strdup(b->para.num_label);
		d->para.style = g_strdup(b->para.style);
		d->para.bold = b->para.bold;
		d->para.centered = b->para.centered;
		d->para.legacy = b->para.legacy;
		g_ptr_array_add(n->blocks, d);
	}
	return n;
}

/* ====================================================================================
 * The reader's state for one file
 * ================================================================================== */

typedef struct {
	Package *pkg;
	Doc *doc;
	GHashTable *faces;       /* font-face name -> family */
	GHashTable *common;      /* "family:name" -> Style*, styles.xml office:styles */
	GHashTable *auto_styles; /* styles.xml office:automatic-styles */
	GHashTable *auto_content;/* content.xml office:automatic-styles */
	guint n_styles;
	guint blocks;
	guint64 grid;
} Odt;

static const Style *style_lookup(const Odt *o, GHashTable *autos, const char *family,
                                 const char *name)
{
	if (name == NULL)
		return NULL;
	g_autofree char *key = g_strconcat(family, ":", name, NULL);
	const Style *s = autos != NULL ? g_hash_table_lookup(autos, key) : NULL;
	return s != NULL ? s : g_hash_table_lookup(o->common, key);
}

/* Walk a style and its parents (automatic styles' parents are common styles). */
static const char *style_font(const Odt *o, GHashTable *autos, const char *family,
                              const char *name)
{
	const Style *s = style_lookup(o, autos, family, name);
	for (int i = 0; s != NULL && i < MAX_STYLE_CHAIN; i++) {
		if (s->font != NULL) {
			if (!s->font_is_face)
				return s->font;
			const char *fam = g_hash_table_lookup(o->faces, s->font);
			return fam != NULL ? fam : s->font;
		}
		s = style_lookup(o, autos, family, s->parent);
	}
	return NULL;
}

static int style_flag(const Odt *o, GHashTable *autos, const char *family, const char *name,
                      gsize offset)
{
	const Style *s = style_lookup(o, autos, family, name);
	for (int i = 0; s != NULL && i < MAX_STYLE_CHAIN; i++) {
		signed char v = *(const signed char *) ((const char *) s + offset);
		if (v >= 0)
			return v;
		s = style_lookup(o, autos, family, s->parent);
	}
	return -1;
}

/* ====================================================================================
 * Story parser: content.xml's office:text, a master page's header or footer.
 * ================================================================================== */

typedef enum {
	K_OTHER, K_P, K_SPAN, K_TABLE, K_ROW, K_CELL, K_NOTE, K_TEXTBOX, K_LIST, K_ITEM,
} Kind;

typedef struct {
	GPtrArray *blocks;     /* borrowed */
	DocPart part;
	gboolean in_textbox;
} Container;

typedef struct {
	char *style;           /* list style name (inherited from the outer list) */
	guint level;
} ListFrame;

typedef struct {
	Odt *o;
	GHashTable *autos;
	const char *part_name;
	Kind frames[XMLSAFE_MAX_DEPTH + 2];
	char *span_style[XMLSAFE_MAX_DEPTH + 2];
	guint cell_repeat[XMLSAFE_MAX_DEPTH + 2];
	Kind structs[XMLSAFE_MAX_DEPTH + 2];
	int n_structs;
	GPtrArray *paras;      /* DbPara* */
	GPtrArray *tables;     /* DbTable* */
	GArray *containers;    /* Container */
	GArray *lists;         /* ListFrame */
	int counters[MAX_LIST_LEVELS];
	char *label;           /* label for the next paragraph of a list item */
	int skip;
} Story;

static void listframe_clear(gpointer p)
{
	g_free(((ListFrame *) p)->style);
}

static void story_init(Story *s, Odt *o, GHashTable *autos, const char *part_name,
                       GPtrArray *out, DocPart part)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	s->autos = autos;
	s->part_name = part_name;
	s->paras = g_ptr_array_new_with_free_func(db_para_free);
	s->tables = g_ptr_array_new_with_free_func(db_table_free);
	s->containers = g_array_new(FALSE, TRUE, sizeof(Container));
	s->lists = g_array_new(FALSE, TRUE, sizeof(ListFrame));
	g_array_set_clear_func(s->lists, listframe_clear);
	s->skip = -1;
	Container base = { out, part, FALSE };
	g_array_append_val(s->containers, base);
}

static void story_clear(Story *s)
{
	g_array_unref(s->containers);
	g_ptr_array_unref(s->paras);
	g_ptr_array_unref(s->tables);
	g_array_unref(s->lists);
	for (gsize i = 0; i < G_N_ELEMENTS(s->span_style); i++)
		g_free(s->span_style[i]);
	g_free(s->label);
}

static Container *story_container(Story *s)
{
	return &g_array_index(s->containers, Container, s->containers->len - 1);
}

static Kind story_struct(const Story *s)
{
	return s->n_structs > 0 ? s->structs[s->n_structs - 1] : K_OTHER;
}

static DbPara *story_para(Story *s)
{
	return story_struct(s) == K_P && s->paras->len > 0 ? s->paras->pdata[s->paras->len - 1]
	                                                   : NULL;
}

static DbTable *story_table(Story *s)
{
	return s->tables->len > 0 ? s->tables->pdata[s->tables->len - 1] : NULL;
}

static gboolean story_count_block(Story *s, GError **error)
{
	if (++s->o->blocks > MAX_BLOCKS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u paragraphs, tables and cells (at %s)", MAX_BLOCKS,
		            s->part_name);
		return FALSE;
	}
	return TRUE;
}

/* Font and weight of text at depth: span styles innermost first, then the paragraph's. */
static void story_run_props(Story *s, int depth, const DbPara *p, VnEncoding *enc,
                            gboolean *bold)
{
	const char *font = NULL;
	int b = -1;
	for (int d = depth; d >= 0 && (font == NULL || b < 0); d--) {
		if (s->frames[d] == K_P)
			break;
		if (s->frames[d] != K_SPAN || s->span_style[d] == NULL)
			continue;
		if (font == NULL)
			font = style_font(s->o, s->autos, "text", s->span_style[d]);
		if (b < 0)
			b = style_flag(s->o, s->autos, "text", s->span_style[d], G_STRUCT_OFFSET(Style, bold));
	}
	if (font == NULL)
		font = style_font(s->o, s->autos, "paragraph", p->style);
	if (font == NULL)
		font = style_font(s->o, s->autos, "paragraph", "");
	if (b < 0)
		b = style_flag(s->o, s->autos, "paragraph", p->style, G_STRUCT_OFFSET(Style, bold));
	if (b < 0)
		b = style_flag(s->o, s->autos, "paragraph", "", G_STRUCT_OFFSET(Style, bold));
	*enc = db_font_encoding(font);
	*bold = b > 0;
}

/* Text of a text node inside a paragraph, with ODF's white-space collapsing. */
static gboolean story_text(Story *s, const char *t, int depth, GError **error)
{
	DbPara *p = story_para(s);
	if (p == NULL || t == NULL)
		return TRUE;
	VnEncoding enc;
	gboolean bold;
	story_run_props(s, depth, p, &enc, &bold);
	GString *buf = g_string_new(NULL);
	for (const char *q = t; *q; q++) {
		if (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') {
			if (!p->last_ws)
				g_string_append_c(buf, ' ');
			p->last_ws = TRUE;
		} else {
			g_string_append_c(buf, *q);
			p->last_ws = FALSE;
		}
	}
	gboolean ok = db_para_put(p, s->o->doc, buf->str, buf->len, enc, bold, s->part_name, error);
	g_string_free(buf, TRUE);
	return ok;
}

static gboolean story_literal(Story *s, const char *t, gsize n, int depth, GError **error)
{
	DbPara *p = story_para(s);
	if (p == NULL)
		return TRUE;
	VnEncoding enc;
	gboolean bold;
	story_run_props(s, depth, p, &enc, &bold);
	/* white space in the XML right after an explicit space, tab or break collapses */
	p->last_ws = TRUE;
	return db_para_put(p, s->o->doc, t, n, enc, bold, s->part_name, error);
}

static void number_append(GString *out, int n, char fmt)
{
	if (fmt == 'a' || fmt == 'A') {
		if (n <= 0 || n > 780) {
			g_string_append_printf(out, "%d", n);
			return;
		}
		for (int k = 0; k <= (n - 1) / 26; k++)
			g_string_append_c(out, (char) (fmt + (n - 1) % 26));
	} else if (fmt == 'i' || fmt == 'I') {
		static const struct { int v; const char *s; } t[] = {
			{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
			{ 90, "xc" }, { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" },
			{ 4, "iv" }, { 1, "i" },
		};
		if (n <= 0 || n >= 4000) {
			g_string_append_printf(out, "%d", n);
			return;
		}
		for (gsize i = 0; i < G_N_ELEMENTS(t); i++)
			for (; n >= t[i].v; n -= t[i].v)
				for (const char *q = t[i].s; *q; q++)
					g_string_append_c(out, fmt == 'I' ? g_ascii_toupper(*q) : *q);
	} else {
		g_string_append_printf(out, "%d", n);
	}
}

/* A list item starts: advance the counters of its level and render its label. */
static void story_list_item(Story *s)
{
	g_clear_pointer(&s->label, g_free);
	if (s->lists->len == 0)
		return;
	const ListFrame *lf = &g_array_index(s->lists, ListFrame, s->lists->len - 1);
	guint lv = MIN(lf->level, (guint) MAX_LIST_LEVELS - 1);
	const Style *ls = style_lookup(s->o, s->autos, "list", lf->style);
	const ListLevel *L = ls != NULL && ls->levels != NULL ? &ls->levels[lv] : NULL;
	int start = L != NULL && L->start > 0 ? L->start : 1;
	s->counters[lv] = s->counters[lv] > 0 ? s->counters[lv] + 1 : start;
	for (guint k = lv + 1; k < MAX_LIST_LEVELS; k++)
		s->counters[k] = 0;
	if (L == NULL || L->kind == 0)
		return;
	if (L->kind == 'b') {
		s->label = g_strdup("-");
		return;
	}
	GString *out = g_string_new(L->prefix);
	if (L->fmt != 0) {
		int shown = CLAMP(L->display, 1, (int) lv + 1);
		for (guint k = lv + 1 - (guint) shown; k <= lv; k++) {
			const ListLevel *Lk = &ls->levels[k];
			number_append(out, s->counters[k] > 0 ? s->counters[k] : 1,
			              k == lv ? L->fmt : (Lk->fmt != 0 ? Lk->fmt : '1'));
			if (k < lv)
				g_string_append_c(out, '.');
		}
	}
	if (L->suffix != NULL)
		g_string_append(out, L->suffix);
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return;
	}
	s->label = g_string_free(out, FALSE);
}

static gboolean story_para_end(Story *s, GError **error)
{
	if (s->paras->len == 0)
		return TRUE;
	DbPara *p = g_ptr_array_steal_index(s->paras, s->paras->len - 1);
	if (!story_count_block(s, error)) {
		db_para_free(p);
		return FALSE;
	}
	int c = style_flag(s->o, s->autos, "paragraph", p->style, G_STRUCT_OFFSET(Style, centered));
	if (c < 0)
		c = style_flag(s->o, s->autos, "paragraph", "", G_STRUCT_OFFSET(Style, centered));
	DocBlock *b = db_para_finish(p, s->o->doc, c > 0);
	Container *ct = story_container(s);
	g_ptr_array_add(ct->blocks, b);
	db_blocks_move(ct->blocks, p->pending);
	db_para_free(p);
	return TRUE;
}

static gboolean story_cell_begin(Story *s, XmlSafe *x, gboolean covered, GError **error)
{
	DbTable *t = story_table(s);
	if (!story_count_block(s, error))
		return FALSE;
	DocCell *cell = g_new0(DocCell, 1);
	cell->blocks = doc_block_array_new();
	cell->row = t->n_rows - 1;
	cell->col = t->col;
	cell->colspan = covered ? 1 : (guint) attr_int(x, "number-columns-spanned", 1, MAX_SPAN, 1);
	cell->rowspan = covered ? 1 : (guint) attr_int(x, "number-rows-spanned", 1, MAX_SPAN, 1);
	DbCell rec = { cell, covered ? DB_MERGE_COVERED : DB_MERGE_NONE, FALSE };
	g_array_append_val(t->cells, rec);
	Container c = { cell->blocks, story_container(s)->part, story_container(s)->in_textbox };
	g_array_append_val(s->containers, c);
	return TRUE;
}

/* The cell closes: copies for number-columns-repeated, up to the column cap. */
static gboolean story_cell_end(Story *s, guint repeat, GError **error)
{
	DbTable *t = story_table(s);
	if (s->containers->len > 1)
		g_array_set_size(s->containers, s->containers->len - 1);
	guint last = t->cells->len - 1;
	t->col++;
	for (guint k = 1; k < repeat && t->col < DOCBUILD_MAX_COLS; k++) {
		if (!story_count_block(s, error))
			return FALSE;
		const DbCell *src = &g_array_index(t->cells, DbCell, last);
		DbCell rec = { cell_copy(src->cell), src->merge, FALSE };
		rec.cell->col = t->col++;
		g_array_append_val(t->cells, rec);
	}
	t->col = MIN(t->col, DOCBUILD_MAX_COLS);
	return TRUE;
}

/* The row closes: copies for number-rows-repeated. */
static gboolean story_row_end(Story *s, GError **error)
{
	DbTable *t = story_table(s);
	guint first = t->row_start, n = t->cells->len - first;
	for (guint k = 1; k < t->row_repeat; k++) {
		if (t->n_rows >= MAX_ROWS || (guint64) (t->n_rows + 1) * MAX(t->col, 1u) > DOCBUILD_MAX_GRID_CELLS) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "a repeated table row makes more than %u cells in %s", DOCBUILD_MAX_GRID_CELLS,
			            s->part_name);
			return FALSE;
		}
		guint row = t->n_rows++;
		for (guint i = 0; i < n; i++) {
			if (!story_count_block(s, error))
				return FALSE;
			const DbCell *src = &g_array_index(t->cells, DbCell, first + i);
			DbCell rec = { cell_copy(src->cell), src->merge, FALSE };
			rec.cell->row = row;
			g_array_append_val(t->cells, rec);
		}
	}
	return TRUE;
}

static gboolean story_end(Story *s, int depth, GError **error);

/* Elements whose subtree never reaches the text. Elements of other namespaces are
 * read through (LibreOffice's loext:content-control and field:fieldmark hold text),
 * except descriptions, metadata, forms, scripts and formulas. */
static gboolean skipped(const char *uri, Ns ns, const char *name)
{
	static const char *const other[] = {
		"svg-compatible", "purl.org/dc", "MathML", ":form:", ":script:", "xforms", ":meta:",
		":chart:", ":dr3d:", ":presentation:",
	};
	if (ns == NS_OTHER) {
		for (gsize i = 0; uri != NULL && i < G_N_ELEMENTS(other); i++)
			if (strstr(uri, other[i]) != NULL)
				return TRUE;
		return FALSE;
	}
	static const char *const text_names[] = {
		"tracked-changes", "note-citation", "sequence-decls", "variable-decls",
		"user-field-decls", "dde-connection-decls", "alphabetical-index-source",
		"table-of-content-source", "illustration-index-source", "index-title-template",
		"bibliography-source", "user-index-source", "object-index-source",
		"table-index-source", "deletion",
	};
	if (ns == NS_TEXT) {
		for (gsize i = 0; i < G_N_ELEMENTS(text_names); i++)
			if (strcmp(name, text_names[i]) == 0)
				return TRUE;
		return FALSE;
	}
	if (ns == NS_TABLE)
		return strcmp(name, "table-columns") == 0 || strcmp(name, "table-column") == 0 ||
		       strcmp(name, "table-column-group") == 0 || strcmp(name, "tracked-changes") == 0;
	if (ns == NS_OFFICE)
		return strcmp(name, "forms") == 0 || strcmp(name, "binary-data") == 0 ||
		       strcmp(name, "event-listeners") == 0;
	if (ns == NS_DRAW)
		return strcmp(name, "image") == 0 || strcmp(name, "object") == 0 ||
		       strcmp(name, "object-ole") == 0;
	return FALSE;
}

static gboolean story_start(Story *s, XmlSafe *x, GError **error)
{
	int depth = xmlsafe_depth(x);
	Ns ns = ns_of(xmlsafe_ns(x));
	const char *name = xmlsafe_name(x);
	gboolean empty = xmlsafe_is_empty(x);
	Kind k = K_OTHER;
	g_clear_pointer(&s->span_style[depth], g_free);
	s->frames[depth] = K_OTHER;
	if (skipped(xmlsafe_ns(x), ns, name)) {
		if (!empty)
			s->skip = depth;
		return TRUE;
	}
	if (s->n_structs >= XMLSAFE_MAX_DEPTH) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "structure nested too deep in %s",
		            s->part_name);
		return FALSE;
	}
	Container *ct = story_container(s);
	if (ns == NS_TEXT && (strcmp(name, "p") == 0 || strcmp(name, "h") == 0)) {
		DbPara *p = db_para_new(ct->part, ct->in_textbox);
		p->style = xmlsafe_attr(x, "style-name");
		p->label = g_steal_pointer(&s->label);
		g_ptr_array_add(s->paras, p);
		k = K_P;
	} else if (ns == NS_TEXT && (strcmp(name, "span") == 0 || strcmp(name, "a") == 0)) {
		k = K_SPAN;
		s->span_style[depth] = xmlsafe_attr(x, "style-name");
	} else if (ns == NS_TEXT && strcmp(name, "s") == 0) {
		guint n = (guint) attr_int(x, "c", 1, MAX_SPACES, 1);
		char sp[MAX_SPACES];
		memset(sp, ' ', n);
		if (!story_literal(s, sp, n, depth, error))
			return FALSE;
	} else if (ns == NS_TEXT && strcmp(name, "tab") == 0) {
		if (!story_literal(s, "\t", 1, depth, error))
			return FALSE;
	} else if (ns == NS_TEXT && strcmp(name, "line-break") == 0) {
		if (!story_literal(s, "\n", 1, depth, error))
			return FALSE;
	} else if ((ns == NS_TEXT && strcmp(name, "note-body") == 0) ||
	           (ns == NS_OFFICE && strcmp(name, "annotation") == 0)) {
		Container c = { s->o->doc->notes, PART_NOTE, FALSE };
		g_array_append_val(s->containers, c);
		k = K_NOTE;
	} else if (ns == NS_DRAW && strcmp(name, "text-box") == 0) {
		DbPara *outer = story_para(s);
		GPtrArray *dst = ct->blocks;
		if (outer != NULL) {
			if (outer->pending == NULL)
				outer->pending = doc_block_array_new();
			dst = outer->pending;
		}
		Container c = { dst, ct->part, TRUE };
		g_array_append_val(s->containers, c);
		k = K_TEXTBOX;
	} else if (ns == NS_TEXT && strcmp(name, "list") == 0) {
		ListFrame lf = { xmlsafe_attr(x, "style-name"), 0 };
		if (s->lists->len > 0) {
			const ListFrame *up = &g_array_index(s->lists, ListFrame, s->lists->len - 1);
			lf.level = up->level + 1;
			if (lf.style == NULL)
				lf.style = g_strdup(up->style);
		} else {
			g_autofree char *cont = xmlsafe_attr(x, "continue-numbering");
			g_autofree char *cont_list = xmlsafe_attr(x, "continue-list");
			if ((cont == NULL || strcmp(cont, "true") != 0) && cont_list == NULL)
				memset(s->counters, 0, sizeof s->counters);
		}
		g_array_append_val(s->lists, lf);
		g_clear_pointer(&s->label, g_free);
		k = K_LIST;
	} else if (ns == NS_TEXT && strcmp(name, "list-item") == 0) {
		story_list_item(s);
		k = K_ITEM;
	} else if (ns == NS_TEXT && strcmp(name, "list-header") == 0) {
		g_clear_pointer(&s->label, g_free);
		k = K_ITEM;
	} else if (ns == NS_TABLE && strcmp(name, "table") == 0) {
		if (s->tables->len >= MAX_TABLE_DEPTH) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB, "tables nested deeper than %u in %s",
			            MAX_TABLE_DEPTH, s->part_name);
			return FALSE;
		}
		DbTable *t = db_table_new(s->tables->len);
		g_ptr_array_add(s->tables, t);
		k = K_TABLE;
	} else if (ns == NS_TABLE && strcmp(name, "table-row") == 0 && story_struct(s) == K_TABLE) {
		DbTable *t = story_table(s);
		if (t->n_rows >= MAX_ROWS) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB, "table of more than %u rows in %s",
			            MAX_ROWS, s->part_name);
			return FALSE;
		}
		t->n_rows++;
		t->col = 0;
		t->row_start = t->cells->len;
		t->row_repeat = (guint) attr_int(x, "number-rows-repeated", 1, MAX_ROW_REPEAT, 1);
		k = K_ROW;
	} else if (ns == NS_TABLE && (strcmp(name, "table-cell") == 0 ||
	                              strcmp(name, "covered-table-cell") == 0) &&
	           story_struct(s) == K_ROW) {
		DbTable *t = story_table(s);
		guint repeat = (guint) attr_int(x, "number-columns-repeated", 1, G_MAXINT, 1);
		if (t->col >= DOCBUILD_MAX_COLS) {
			/* past the column cap: the cell is dropped */
			if (!empty)
				s->skip = depth;
			return TRUE;
		}
		if (!story_cell_begin(s, x, name[0] == 'c', error))
			return FALSE;
		s->frames[depth] = K_CELL;
		s->structs[s->n_structs++] = K_CELL;
		s->cell_repeat[depth] = repeat;
		if (empty)
			return story_end(s, depth, error);
		return TRUE;
	}
	s->frames[depth] = k;
	if (k != K_OTHER && k != K_SPAN)
		s->structs[s->n_structs++] = k;
	if (empty)
		return story_end(s, depth, error);
	return TRUE;
}

static gboolean story_end(Story *s, int depth, GError **error)
{
	Kind k = s->frames[depth];
	s->frames[depth] = K_OTHER;
	if (k == K_OTHER || k == K_SPAN) {
		g_clear_pointer(&s->span_style[depth], g_free);
		return TRUE;
	}
	if (s->n_structs > 0)
		s->n_structs--;
	switch (k) {
	case K_P:
		return story_para_end(s, error);
	case K_NOTE:
	case K_TEXTBOX:
		if (s->containers->len > 1)
			g_array_set_size(s->containers, s->containers->len - 1);
		return TRUE;
	case K_LIST:
		if (s->lists->len > 0)
			g_array_set_size(s->lists, s->lists->len - 1);
		g_clear_pointer(&s->label, g_free);
		return TRUE;
	case K_ITEM:
		g_clear_pointer(&s->label, g_free);
		return TRUE;
	case K_CELL:
		return story_cell_end(s, MAX(s->cell_repeat[depth], 1u), error);
	case K_ROW:
		return story_row_end(s, error);
	case K_TABLE: {
		DbTable *t = g_ptr_array_steal_index(s->tables, s->tables->len - 1);
		if (!story_count_block(s, error)) {
			db_table_free(t);
			return FALSE;
		}
		DocBlock *b = db_grid_build(t, story_container(s)->part, &s->o->grid, s->part_name, error);
		db_table_free(t);
		if (b == NULL)
			return error == NULL || *error == NULL;
		g_ptr_array_add(story_container(s)->blocks, b);
		return TRUE;
	}
	default:
		return TRUE;
	}
}

/* ====================================================================================
 * One part: font faces and styles wherever they are, and the stories.
 * ================================================================================== */

typedef enum { R_NONE, R_FACES, R_STYLES, R_MASTER, R_BODY } Region;

/* fo:font-weight: bold, or a number of 600 and more. */
static signed char weight_bold(const char *v)
{
	if (v == NULL)
		return -1;
	if (strcmp(v, "bold") == 0)
		return 1;
	if (g_ascii_isdigit(v[0]))
		return g_ascii_strtoull(v, NULL, 10) >= 600;
	return 0;
}

static void style_props(XmlSafe *x, const char *name, Style *st)
{
	if (strcmp(name, "text-properties") == 0) {
		char *face = xmlsafe_attr(x, "font-name");
		char *fam = face == NULL ? xmlsafe_attr(x, "font-family") : NULL;
		if (face != NULL || fam != NULL) {
			g_free(st->font);
			st->font = face != NULL ? face : fam;
			st->font_is_face = face != NULL;
		}
		g_autofree char *w = xmlsafe_attr(x, "font-weight");
		signed char b = weight_bold(w);
		if (b >= 0)
			st->bold = b;
	} else if (strcmp(name, "paragraph-properties") == 0) {
		g_autofree char *a = xmlsafe_attr(x, "text-align");
		if (a != NULL)
			st->centered = strcmp(a, "center") == 0;
	}
}

static void list_level_read(XmlSafe *x, const char *name, Style *st)
{
	int lv = (int) attr_int(x, "level", 1, MAX_LIST_LEVELS, 1) - 1;
	ListLevel *L = &st->levels[lv];
	g_free(L->prefix);
	g_free(L->suffix);
	memset(L, 0, sizeof *L);
	if (strcmp(name, "list-level-style-bullet") == 0) {
		L->kind = 'b';
	} else if (strcmp(name, "list-level-style-number") == 0) {
		L->kind = 'n';
		g_autofree char *f = xmlsafe_attr(x, "num-format");
		L->fmt = f != NULL && strchr("1aAiI", f[0]) != NULL && f[0] != '\0' ? f[0] : 0;
		L->prefix = xmlsafe_attr(x, "num-prefix");
		L->suffix = xmlsafe_attr(x, "num-suffix");
		L->start = (int) attr_int(x, "start-value", 1, 100000, 1);
		L->display = (int) attr_int(x, "display-levels", 1, MAX_LIST_LEVELS, 1);
		if (L->prefix != NULL && strlen(L->prefix) > 16)
			L->prefix[16] = '\0';
		if (L->suffix != NULL && strlen(L->suffix) > 16)
			L->suffix[16] = '\0';
	}
}

static gboolean part_read(Odt *o, const char *part, gboolean is_styles, gboolean required,
                          GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	GError *err = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(o->pkg, part, &keep, &err);
	if (x == NULL) {
		if (err != NULL) {
			g_propagate_error(error, err);
			return FALSE;
		}
		if (required) {
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "%s is missing from the package",
			            part);
			return FALSE;
		}
		return TRUE;
	}
	Region region = R_NONE;
	int region_depth = -1, skip = -1, r;
	GHashTable *autos = is_styles ? o->auto_styles : o->auto_content;
	GHashTable *defs = NULL;      /* where styles of the open section go */
	Style *cur = NULL;
	int cur_depth = -1;
	gboolean story_on = FALSE, ok = TRUE, root_seen = FALSE;
	int story_depth = -1;
	Story s = { 0 };
	while (ok && (r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == skip)
				skip = -1;
			continue;
		}
		if (story_on) {
			if (s.skip >= 0) {
				if (type == XML_READER_TYPE_END_ELEMENT && depth == s.skip)
					s.skip = -1;
				continue;
			}
			if (type == XML_READER_TYPE_END_ELEMENT && depth == story_depth) {
				story_clear(&s);
				story_on = FALSE;
				continue;
			}
			switch (type) {
			case XML_READER_TYPE_ELEMENT:
				ok = story_start(&s, x, error);
				break;
			case XML_READER_TYPE_END_ELEMENT:
				ok = story_end(&s, depth, error);
				break;
			case XML_READER_TYPE_TEXT:
			case XML_READER_TYPE_CDATA:
			case XML_READER_TYPE_WHITESPACE:
			case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
				ok = story_text(&s, xmlsafe_value(x), depth, error);
				break;
			default:
				break;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth == cur_depth) {
				cur = NULL;
				cur_depth = -1;
			}
			if (depth == region_depth) {
				region = R_NONE;
				region_depth = -1;
			}
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		Ns ns = ns_of(xmlsafe_ns(x));
		const char *name = xmlsafe_name(x);
		gboolean empty = xmlsafe_is_empty(x);
		if (!root_seen) {
			root_seen = TRUE;
			if (ns != NS_OFFICE || (strcmp(name, "document-content") != 0 &&
			                        strcmp(name, "document-styles") != 0 &&
			                        strcmp(name, "document") != 0)) {
				g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
				            "%s is not an OpenDocument part (root element '%s')", part, name);
				return FALSE;
			}
			continue;
		}
		switch (region) {
		case R_NONE:
			if (ns == NS_OFFICE && strcmp(name, "font-face-decls") == 0) {
				region = R_FACES;
			} else if (ns == NS_OFFICE && strcmp(name, "styles") == 0) {
				region = R_STYLES;
				defs = o->common;
			} else if (ns == NS_OFFICE && strcmp(name, "automatic-styles") == 0) {
				region = R_STYLES;
				defs = autos;
			} else if (ns == NS_OFFICE && strcmp(name, "master-styles") == 0) {
				region = R_MASTER;
			} else if (ns == NS_OFFICE && strcmp(name, "body") == 0) {
				region = R_BODY;
			} else if (!empty) {
				skip = depth;  /* meta, settings, scripts */
				continue;
			}
			region_depth = empty ? -1 : depth;
			if (empty)
				region = R_NONE;
			break;
		case R_FACES:
			if (strcmp(name, "font-face") == 0) {
				char *fname = xmlsafe_attr(x, "name");
				char *fam = xmlsafe_attr(x, "font-family");
				if (fname != NULL && fam != NULL &&
				    g_hash_table_size(o->faces) < MAX_STYLES) {
					g_hash_table_replace(o->faces, fname, fam);
				} else {
					g_free(fname);
					g_free(fam);
				}
			}
			if (!empty)
				skip = depth;
			break;
		case R_STYLES:
			if (cur != NULL && depth == cur_depth + 1) {
				if (cur->levels != NULL && g_str_has_prefix(name, "list-level-style-"))
					list_level_read(x, name, cur);
				else
					style_props(x, name, cur);
				if (!empty)
					skip = depth;
				break;
			}
			if (cur == NULL && (strcmp(name, "style") == 0 ||
			                    strcmp(name, "default-style") == 0 ||
			                    strcmp(name, "list-style") == 0) &&
			    o->n_styles < MAX_STYLES) {
				gboolean is_default = strcmp(name, "default-style") == 0;
				gboolean is_list = strcmp(name, "list-style") == 0;
				g_autofree char *sname = is_default ? g_strdup("") : xmlsafe_attr(x, "name");
				g_autofree char *fam = is_list ? g_strdup("list") : xmlsafe_attr(x, "family");
				if (sname == NULL || fam == NULL) {
					if (!empty)
						skip = depth;
					break;
				}
				Style *st = g_new0(Style, 1);
				st->bold = st->centered = -1;
				st->parent = xmlsafe_attr(x, "parent-style-name");
				if (is_list)
					st->levels = g_new0(ListLevel, MAX_LIST_LEVELS);
				g_hash_table_replace(defs, g_strconcat(fam, ":", sname, NULL), st);
				o->n_styles++;
				if (!empty) {
					cur = st;
					cur_depth = depth;
				}
			} else if (!empty) {
				skip = depth;
			}
			break;
		case R_MASTER:
			if (depth == region_depth + 2 && ns == NS_STYLE &&
			    (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0)) {
				if (empty)
					break;
				story_init(&s, o, autos, part, o->doc->margins,
				           name[0] == 'h' ? PART_HEADER : PART_FOOTER);
				story_on = TRUE;
				story_depth = depth;
			} else if (depth > region_depth + 1 && !empty) {
				skip = depth;
			}
			break;
		case R_BODY:
			if (depth == region_depth + 1 && ns == NS_OFFICE && strcmp(name, "text") == 0) {
				if (empty)
					break;
				story_init(&s, o, autos, part, o->doc->body, PART_BODY);
				story_on = TRUE;
				story_depth = depth;
			} else if (depth == region_depth + 1 && ns == NS_OFFICE) {
				g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
				            "OpenDocument body is office:%s, not text", name);
				return FALSE;
			} else if (!empty) {
				skip = depth;
			}
			break;
		default:
			break;
		}
	}
	if (story_on)
		story_clear(&s);
	return ok && r == 0;
}

/* ====================================================================================
 * odt_read
 * ================================================================================== */

/* The kind an OpenDocument mimetype names, for messages. */
static const char *odf_kind(const char *mt)
{
	static const char *const kinds[][2] = {
		{ "presentation", "presentation" }, { "graphics", "drawing" },
		{ "formula", "formula" }, { "chart", "chart" }, { "image", "image" },
		{ "text-master", "master document" }, { "text-web", "web page" },
		{ "database", "database" },
	};
	const char *k = strrchr(mt, '.');
	for (gsize i = 0; k != NULL && i < G_N_ELEMENTS(kinds); i++)
		if (g_str_has_prefix(k + 1, kinds[i][0]))
			return kinds[i][1];
	return NULL;
}

/* The manifest: a package whose parts are encrypted cannot be read. */
static gboolean manifest_check(Package *pkg, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	GError *err = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, "META-INF/manifest.xml", &keep, &err);
	if (x == NULL) {
		if (err != NULL)
			g_propagate_error(error, err);
		return err == NULL;
	}
	g_autofree char *entry = NULL;
	int r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = xmlsafe_name(x);
		if (strcmp(name, "file-entry") == 0) {
			g_free(entry);
			entry = xmlsafe_attr(x, "full-path");
		} else if (strcmp(name, "encryption-data") == 0) {
			g_autofree char *shown = g_utf8_make_valid(entry != NULL ? entry : "?",
			                                           entry != NULL ? (gssize) MIN(strlen(entry), 80) : -1);
			g_set_error(error, READ_ERROR, READ_ERR_ENCRYPTED,
			            "OpenDocument file is password protected (%s is encrypted)", shown);
			return FALSE;
		}
	}
	return r == 0;
}

/* libxml2 reports some errors (an encoding it cannot convert, for one) through its
 * generic handler, which prints on stderr; the reader's GError says what counts. */
static void xml_silent(void *ctx, const char *msg, ...)
{
	(void) ctx;
	(void) msg;
}

static void odt_clear(Odt *o)
{
	package_free(o->pkg);
	if (o->doc != NULL)
		doc_free(o->doc);
	g_clear_pointer(&o->faces, g_hash_table_unref);
	g_clear_pointer(&o->common, g_hash_table_unref);
	g_clear_pointer(&o->auto_styles, g_hash_table_unref);
	g_clear_pointer(&o->auto_content, g_hash_table_unref);
}

Doc *odt_read(const guint8 *data, gsize len, GError **error)
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
	g_autoptr(GError) err = NULL;
	Odt o = { 0 };
	o.pkg = package_open(data, len, &err);
	if (o.pkg == NULL) {
		g_propagate_error(error, g_steal_pointer(&err));
		return NULL;
	}
	g_autoptr(GBytes) mt = package_read(o.pkg, "mimetype", &err);
	if (err != NULL) {
		g_propagate_error(error, g_steal_pointer(&err));
		odt_clear(&o);
		return NULL;
	}
	g_autofree char *mime = NULL;
	if (mt != NULL) {
		gsize n;
		const char *p = g_bytes_get_data(mt, &n);
		mime = g_strstrip(g_strndup(p, MIN(n, (gsize) 200)));
	}
	if (mime != NULL && (strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet") == 0 ||
	                     strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet-template") == 0)) {
		odt_clear(&o);
		return sheet_read(data, len, error);
	}
	if (mime != NULL && strcmp(mime, "application/vnd.oasis.opendocument.text") != 0 &&
	    strcmp(mime, "application/vnd.oasis.opendocument.text-template") != 0) {
		const char *kind = odf_kind(mime);
		g_autofree char *shown = g_utf8_make_valid(mime, -1);
		for (char *q = shown; *q; q++)
			if ((guchar) *q < 0x20)
				*q = '?';
		if (kind != NULL)
			g_set_error(&err, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "OpenDocument %s files are not read (mimetype %s)", kind, shown);
		else
			g_set_error(&err, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "OpenDocument package of type '%s' is not read", shown);
	} else if (mime == NULL && !package_has(o.pkg, "content.xml")) {
		g_set_error(&err, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "zip archive holds no OpenDocument text (no mimetype, no content.xml)");
	}
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_silent);
	gboolean ok = FALSE;
	if (err == NULL && manifest_check(o.pkg, &err) && package_scan_dtd(o.pkg, &err)) {
		o.doc = doc_new("odt");
		o.faces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		o.common = style_table_new();
		o.auto_styles = style_table_new();
		o.auto_content = style_table_new();
		/* styles.xml fills the common styles content.xml's automatic ones inherit. */
		ok = part_read(&o, "styles.xml", TRUE, FALSE, &err) &&
		     part_read(&o, "content.xml", FALSE, TRUE, &err);
	}
	xmlSetGenericErrorFunc(saved_ctx, saved);
	if (ok) {
		Doc *doc = g_steal_pointer(&o.doc);
		odt_clear(&o);
		return doc;
	}
	g_assert(err != NULL);
	g_propagate_error(error, g_steal_pointer(&err));
	odt_clear(&o);
	return NULL;
}
