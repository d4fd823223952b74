/*
 * docview.c - the line view of a Doc (see docview.h for the layout-table rule).
 */
#include <string.h>
#include "docview.h"
#include "vntext.h"

static void line_free(Line *l)
{
	g_free(l->text);
	g_free(l->key);
	g_free(l);
}

void docview_free(DocView *v)
{
	if (!v)
		return;
	g_ptr_array_unref(v->lines);
	g_ptr_array_unref(v->tables);
	g_array_unref(v->table_line);
	g_free(v);
}

gboolean text_is_upper(const char *s)
{
	gboolean letters = FALSE;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_islower(c))
			return FALSE;
		if (g_unichar_isupper(c))
			letters = TRUE;
	}
	return letters;
}

static void add_line(DocView *v, const char *text, const DocPara *p, const DocTable *table,
                     guint row, int column, guint layout_id, float conf)
{
	g_autofree char *t = g_strstrip(g_strdup(text));
	if (*t == '\0')
		return;
	/* tabs separate words in retyped headers; treat them as spaces */
	for (char *c = t; *c; c++)
		if (*c == '\t')
			*c = ' ';
	Line *l = g_new0(Line, 1);
	l->text = g_steal_pointer(&t);
	l->key = vn_key(l->text);
	l->table = table;
	l->row = row;
	l->column = column;
	l->layout_id = layout_id;
	l->conf = conf;
	if (p) {
		l->centered = p->centered;
		l->bold = p->bold;
		l->numbered = p->num_label != NULL;
	}
	l->upper = text_is_upper(l->text);
	g_ptr_array_add(v->lines, l);
}

static void add_para(DocView *v, const DocPara *p, int column, guint layout_id)
{
	g_autofree char *full = p->num_label && *p->num_label
		? g_strconcat(p->num_label, " ", p->text, NULL) : g_strdup(p->text);
	g_auto(GStrv) parts = g_strsplit(full, "\n", -1);
	for (char **s = parts; *s; s++)
		add_line(v, *s, p, NULL, 0, column, layout_id, p->conf);
}

static void add_blocks(DocView *v, GPtrArray *blocks, int column, guint layout_id);

static gboolean column_empty(const DocTable *t, guint c)
{
	for (guint r = 0; r < t->n_rows; r++) {
		DocCell *cell = doc_table_cell(t, r, c);
		if (!cell)
			continue;
		g_autofree char *txt = doc_cell_text(cell);
		if (*g_strstrip(txt))
			return FALSE;
	}
	return TRUE;
}

static void add_table(DocView *v, const DocTable *t)
{
	guint used = 0;
	for (guint c = 0; c < t->n_cols; c++)
		used += !column_empty(t, c);
	if (used <= 2 && t->n_rows <= 12) {
		guint id = ++v->n_layouts;
		for (guint c = 0; c < t->n_cols; c++) {
			for (guint r = 0; r < t->n_rows; r++) {
				DocCell *cell = doc_table_cell(t, r, c);
				if (!cell || cell->row != r || cell->col != c)
					continue;  /* empty, or a merged position seen already */
				add_blocks(v, cell->blocks, (int)c, id);
			}
		}
		return;
	}
	guint idx = v->lines->len;
	g_ptr_array_add(v->tables, (gpointer)t);
	g_array_append_val(v->table_line, idx);
	for (guint r = 0; r < t->n_rows; r++) {
		GString *row = g_string_new(NULL);
		DocCell *prev = NULL;
		float conf = 1.0f;
		for (guint c = 0; c < t->n_cols; c++) {
			DocCell *cell = doc_table_cell(t, r, c);
			if (!cell || cell == prev)
				continue;
			prev = cell;
			conf = MIN(conf, doc_cell_conf(cell));
			g_autofree char *txt = doc_cell_text(cell);
			for (char *p = txt; *p; p++)
				if (*p == '\n' || *p == '\t')
					*p = ' ';
			if (row->len)
				g_string_append(row, " | ");
			g_string_append(row, g_strstrip(txt));
		}
		add_line(v, row->str, NULL, t, r, -1, 0, conf);
		g_string_free(row, TRUE);
		/* nested data tables become tables of their own */
		for (guint c = 0; c < t->n_cols; c++) {
			DocCell *cell = doc_table_cell(t, r, c);
			if (!cell || cell->row != r || cell->col != c)
				continue;
			for (guint i = 0; i < cell->blocks->len; i++) {
				const DocBlock *b = cell->blocks->pdata[i];
				if (b->type == BLOCK_TABLE) {
					guint at = v->lines->len;
					g_ptr_array_add(v->tables, (gpointer)&b->table);
					g_array_append_val(v->table_line, at);
				}
			}
		}
	}
}

static void add_blocks(DocView *v, GPtrArray *blocks, int column, guint layout_id)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_PARA)
			add_para(v, &b->para, column, layout_id);
		else
			add_table(v, &b->table);
	}
}

DocView *docview_new(const Doc *doc)
{
	DocView *v = g_new0(DocView, 1);
	v->lines = g_ptr_array_new_with_free_func((GDestroyNotify)line_free);
	v->tables = g_ptr_array_new();
	v->table_line = g_array_new(FALSE, FALSE, sizeof(guint));
	add_blocks(v, doc->body, -1, 0);
	return v;
}
