/*
 * doc.c - the document model: constructors, destructors and plain-text views.
 *
 * Readers build a Doc out of DocBlocks; every later stage only reads it. The one choice
 * that matters here is ownership: a table owns each DocCell exactly once (in cells),
 * while the grid holds borrowed pointers, so a cell merged over several positions is
 * freed once. The text views (doc_cell_text, doc_to_text) flatten tables so that one
 * table row is one line, which is what tests and `baocao show --text` compare.
 */
#include "doc.h"

#include <string.h>

static void doc_cell_free(gpointer p)
{
	DocCell *cell = p;
	if (cell == NULL)
		return;
	if (cell->blocks != NULL)
		g_ptr_array_unref(cell->blocks);
	g_free(cell->sdt_tag);
	g_free(cell);
}

Doc *doc_new(const char *format)
{
	Doc *doc = g_new0(Doc, 1);
	doc->body = doc_block_array_new();
	doc->margins = doc_block_array_new();
	doc->notes = doc_block_array_new();
	doc->warnings = g_ptr_array_new_with_free_func(g_free);
	doc->format = (char *) format;
	return doc;
}

void doc_free(Doc *doc)
{
	if (doc == NULL)
		return;
	g_ptr_array_unref(doc->body);
	g_ptr_array_unref(doc->margins);
	g_ptr_array_unref(doc->notes);
	g_ptr_array_unref(doc->warnings);
	g_free(doc->signer);
	g_free(doc);
}

DocBlock *doc_block_new_para(DocPart part, const char *text)
{
	DocBlock *b = g_new0(DocBlock, 1);
	b->type = BLOCK_PARA;
	b->part = part;
	b->para.text = g_strdup(text != NULL ? text : "");
	b->para.conf = 1.0f;
	return b;
}

DocBlock *doc_block_new_table(DocPart part, guint n_rows, guint n_cols, guint depth)
{
	DocBlock *b = g_new0(DocBlock, 1);
	b->type = BLOCK_TABLE;
	b->part = part;
	b->table.n_rows = n_rows;
	b->table.n_cols = n_cols;
	b->table.depth = depth;
	b->table.cells = g_ptr_array_new_with_free_func(doc_cell_free);
	if (n_rows > 0 && n_cols > 0) {
		g_assert(n_cols <= G_MAXSIZE / sizeof(DocCell *) / n_rows);
		b->table.grid = g_new0(DocCell *, (gsize) n_rows * n_cols);
	}
	return b;
}

void doc_block_free(DocBlock *b)
{
	if (b == NULL)
		return;
	if (b->type == BLOCK_PARA) {
		g_free(b->para.text);
		g_free(b->para.num_label);
		g_free(b->para.style);
		g_free(b->para.sdt_tag);
	} else {
		g_free(b->table.grid);
		g_free(b->table.col_x);
		if (b->table.cells != NULL)
			g_ptr_array_unref(b->table.cells);
	}
	g_free(b);
}

GPtrArray *doc_block_array_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify) doc_block_free);
}

DocCell *doc_table_cell(const DocTable *t, guint r, guint c)
{
	if (t == NULL || t->grid == NULL || r >= t->n_rows || c >= t->n_cols)
		return NULL;
	return t->grid[(gsize) r * t->n_cols + c];
}

static void para_text_append(GString *out, const DocPara *p)
{
	if (p->num_label != NULL && *p->num_label != '\0') {
		g_string_append(out, p->num_label);
		g_string_append_c(out, ' ');
	}
	g_string_append(out, p->text);
}

/* Replace line and cell separators by spaces, so a cell stays on its row's line. */
static void flatten_separators(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
}

static void table_rows_append(GString *out, const DocTable *t, gboolean flatten);

static void blocks_append(GString *out, const GPtrArray *blocks, const char *sep)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (i > 0)
			g_string_append(out, sep);
		if (b->type == BLOCK_PARA)
			para_text_append(out, &b->para);
		else
			table_rows_append(out, &b->table, FALSE);
	}
}

/* Rows joined by '\n', cells by '\t'; a merged cell's text at its top-left position
 * only. With flatten, each cell's own line breaks become spaces (one line per row). */
static void table_rows_append(GString *out, const DocTable *t, gboolean flatten)
{
	for (guint r = 0; r < t->n_rows; r++) {
		if (r > 0)
			g_string_append_c(out, '\n');
		for (guint c = 0; c < t->n_cols; c++) {
			const DocCell *cell = doc_table_cell(t, r, c);
			if (c > 0)
				g_string_append_c(out, '\t');
			if (cell == NULL || cell->row != r || cell->col != c)
				continue;
			g_autofree char *txt = doc_cell_text(cell);
			if (flatten)
				flatten_separators(txt);
			g_string_append(out, txt);
		}
	}
}

float doc_cell_conf(const DocCell *cell)
{
	float conf = 1.0f;
	for (guint i = 0; cell != NULL && cell->blocks != NULL && i < cell->blocks->len; i++) {
		const DocBlock *b = cell->blocks->pdata[i];
		if (b->type == BLOCK_PARA)
			conf = MIN(conf, b->para.conf);
	}
	return conf;
}

char *doc_cell_text(const DocCell *cell)
{
	GString *out = g_string_new(NULL);
	if (cell != NULL && cell->blocks != NULL)
		blocks_append(out, cell->blocks, "\n");
	return g_string_free(out, FALSE);
}

static void doc_lines_append(GString *out, const GPtrArray *blocks)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type == BLOCK_PARA)
			para_text_append(out, &b->para);
		else
			table_rows_append(out, &b->table, TRUE);
		g_string_append_c(out, '\n');
	}
}

char *doc_to_text(const Doc *doc)
{
	GString *out = g_string_new(NULL);
	if (doc != NULL) {
		doc_lines_append(out, doc->body);
		doc_lines_append(out, doc->margins);
		doc_lines_append(out, doc->notes);
	}
	return g_string_free(out, FALSE);
}
