/*
 * docbuild.c - the pieces every reader builds a Doc with, written once for the readers
 * that build their paragraphs and tables the same way (read_rtf.c, read_html.c,
 * read_odt.c), with the small text tests and the paragraph's mojibake guess also used
 * by read_doc.c and read_docx.c.
 *
 * A paragraph is a list of decoded runs (DbSeg): a run in a TCVN3 or VNI font is
 * decoded when it closes, as read_docx.c does, and the runs in Unicode fonts wait for
 * the end of the paragraph, where they are decoded together if the whole paragraph
 * reads as mojibake (a document that lost its font names). A table is a list of cells
 * with their positions and spans as the file gives them; db_grid_build() lays them on
 * the rectangular grid of doc.h, clipping spans instead of letting them overlap and
 * keeping the text of every cell that has to give way. The caps are in docbuild.h.
 */
#include "docbuild.h"

#include <string.h>

#include "read.h"

static void seg_clear(gpointer p)
{
	g_free(((DbSeg *) p)->text);
}

void db_doc_cell_free(DocCell *c)
{
	if (c == NULL)
		return;
	g_ptr_array_unref(c->blocks);
	g_free(c->sdt_tag);
	g_free(c);
}

static void cell_clear(gpointer p)
{
	db_doc_cell_free(((DbCell *) p)->cell);
}

void db_para_free(gpointer p)
{
	DbPara *pa = p;
	if (pa == NULL)
		return;
	g_array_unref(pa->segs);
	if (pa->run != NULL)
		g_string_free(pa->run, TRUE);
	g_free(pa->style);
	g_free(pa->label);
	if (pa->pending != NULL)
		g_ptr_array_unref(pa->pending);
	g_free(pa);
}

DbTable *db_table_new(guint depth)
{
	DbTable *t = g_new0(DbTable, 1);
	t->cells = g_array_new(FALSE, TRUE, sizeof(DbCell));
	g_array_set_clear_func(t->cells, cell_clear);
	t->depth = depth;
	return t;
}

void db_table_free(gpointer p)
{
	DbTable *t = p;
	g_array_unref(t->cells);
	g_free(t);
}

gboolean db_legacy_bytes(const char *t)
{
	static const gunichar cp1252[] = {
		0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
		0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178,
	};
	for (const char *p = t; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c <= 0xFF || (c >= 0xF020 && c <= 0xF0FF))
			continue;
		gboolean found = FALSE;
		for (gsize i = 0; i < G_N_ELEMENTS(cp1252) && !found; i++)
			found = cp1252[i] == c;
		if (!found)
			return FALSE;
	}
	return TRUE;
}

gboolean db_ascii(const char *t)
{
	for (const char *p = t; *p; p++)
		if ((guchar) *p >= 0x80)
			return FALSE;
	return TRUE;
}

guint64 db_visible_chars(const char *t)
{
	guint64 n = 0;
	for (const char *p = t; *p; p = g_utf8_next_char(p))
		if (!g_unichar_isspace(g_utf8_get_char(p)))
			n++;
	return n;
}

/* The first name of a font list ("VnTime;Times New Roman", "'.VnTime', serif"),
 * quotes removed. */
VnEncoding db_font_encoding(const char *font)
{
	if (font == NULL)
		return VN_ENC_UNICODE;
	g_autofree char *f = g_strdup(font);
	char *cut = strpbrk(f, ";,");
	if (cut != NULL)
		*cut = '\0';
	g_strstrip(f);
	char *s = f;
	gsize n = strlen(s);
	if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
		s[n - 1] = '\0';
		s++;
	}
	return vn_font_encoding(s);
}

DbPara *db_para_new(DocPart part, gboolean in_textbox)
{
	DbPara *p = g_new0(DbPara, 1);
	p->segs = db_segs_new();
	p->part = part;
	p->in_textbox = in_textbox;
	p->last_ws = TRUE;
	return p;
}

static void para_flush(DbPara *p, Doc *doc)
{
	if (p->run == NULL)
		return;
	g_autofree char *text = g_string_free(g_steal_pointer(&p->run), FALSE);
	if (text[0] == '\0')
		return;
	DbSeg seg = { NULL, p->run_enc == VN_ENC_UNICODE };
	if (p->run_enc != VN_ENC_UNICODE && db_legacy_bytes(text)) {
		seg.text = vn_decode_legacy(text, p->run_enc);
		if (strcmp(seg.text, text) != 0) {
			doc->legacy_runs++;
			p->legacy = TRUE;
		}
	} else {
		seg.text = g_steal_pointer(&text);
	}
	guint64 n = db_visible_chars(seg.text);
	p->chars += n;
	if (p->run_bold)
		p->bold_chars += n;
	g_array_append_val(p->segs, seg);
}

gboolean db_para_put(DbPara *p, Doc *doc, const char *t, gsize n, VnEncoding enc,
                     gboolean bold, const char *where, GError **error)
{
	if (n == 0)
		return TRUE;
	if (p->bytes + n > DOCBUILD_MAX_PARA_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "paragraph of more than %u KB of text in %s", DOCBUILD_MAX_PARA_BYTES >> 10,
		            where);
		return FALSE;
	}
	if (p->run != NULL && (p->run_enc != enc || p->run_bold != bold))
		para_flush(p, doc);
	if (p->run == NULL) {
		p->run = g_string_new(NULL);
		p->run_enc = enc;
		p->run_bold = bold;
	}
	g_string_append_len(p->run, t, (gssize) n);
	p->bytes += n;
	return TRUE;
}

GArray *db_segs_new(void)
{
	GArray *segs = g_array_new(FALSE, TRUE, sizeof(DbSeg));
	g_array_set_clear_func(segs, seg_clear);
	return segs;
}

GString *db_guess_segments(const GArray *segs, gsize bytes, Doc *doc, gboolean *legacy)
{
	/* Guess only when some run could be decoded at all: real Vietnamese Unicode (ạ, ơ,
	 * ...) is never legacy bytes, so most paragraphs skip the guess. */
	GString *uni = g_string_new(NULL);
	gboolean candidate = FALSE;
	for (guint i = 0; i < segs->len; i++) {
		const DbSeg *seg = &g_array_index(segs, DbSeg, i);
		if (!seg->unicode_font)
			continue;
		g_string_append(uni, seg->text);
		candidate = candidate || (!db_ascii(seg->text) && db_legacy_bytes(seg->text));
	}
	VnEncoding guess = candidate ? vn_guess_legacy(uni->str) : VN_ENC_UNICODE;
	g_string_free(uni, TRUE);
	GString *out = g_string_sized_new(bytes + 1);
	for (guint i = 0; i < segs->len; i++) {
		const DbSeg *seg = &g_array_index(segs, DbSeg, i);
		if (seg->unicode_font && guess != VN_ENC_UNICODE && db_legacy_bytes(seg->text)) {
			g_autofree char *dec = vn_decode_legacy(seg->text, guess);
			if (strcmp(dec, seg->text) != 0) {
				doc->legacy_runs++;
				*legacy = TRUE;
			}
			g_string_append(out, dec);
		} else {
			g_string_append(out, seg->text);
		}
	}
	return out;
}

DocBlock *db_para_finish(DbPara *p, Doc *doc, gboolean centered)
{
	para_flush(p, doc);
	GString *out = db_guess_segments(p->segs, p->bytes, doc, &p->legacy);
	/* Collapsed white space leaves at most one space at the end. */
	if (out->len > 0 && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	DocBlock *b = doc_block_new_para(p->part, NULL);
	g_free(b->para.text);
	b->para.text = vn_normalize(out->str, (gssize) out->len);
	g_string_free(out, TRUE);
	b->para.num_label = g_steal_pointer(&p->label);
	b->para.style = g_strdup(p->style);
	b->para.bold = p->chars > 0 && p->bold_chars * 2 > p->chars;
	b->para.centered = centered;
	b->para.in_textbox = p->in_textbox;
	b->para.legacy = p->legacy;
	return b;
}

gboolean db_cell_has_text(const DocCell *c)
{
	for (guint i = 0; i < c->blocks->len; i++) {
		const DocBlock *b = c->blocks->pdata[i];
		if (b->type == BLOCK_TABLE || b->para.text[0] != '\0')
			return TRUE;
	}
	return FALSE;
}

void db_blocks_move(GPtrArray *dst, GPtrArray *src)
{
	if (src == NULL || src->len == 0)
		return;
	gsize n = 0;
	gpointer *v = g_ptr_array_steal(src, &n);
	for (gsize i = 0; i < n; i++)
		g_ptr_array_add(dst, v[i]);
	g_free(v);
}

/* A cell that disappears into the one holding its position keeps its text there. */
void db_cell_merge_into(DocCell *into, DocCell *gone)
{
	if (into != NULL && db_cell_has_text(gone))
		db_blocks_move(into->blocks, gone->blocks);
	db_doc_cell_free(gone);
}

gboolean db_row_span_free(GPtrArray *row, guint c, guint n)
{
	for (guint j = c; j < c + n; j++)
		if (j < row->len && row->pdata[j] != NULL)
			return FALSE;
	return TRUE;
}

void db_row_fill(GPtrArray *row, guint c, guint n, DocCell *cell)
{
	if (row->len < c + n)
		g_ptr_array_set_size(row, (gint) (c + n));
	for (guint j = c; j < c + n; j++)
		row->pdata[j] = cell;
}

/* Resolve the cells into a rectangular grid. A cell has an explicit column (ODF, RTF)
 * or takes the first free one after the previous cell of its row (HTML). A cell whose
 * position is already taken (a covered cell, or a span that overlaps) gives its text,
 * if any, to the cell that holds the position; a continuation (DB_MERGE_UP, DB_MERGE_LEFT)
 * extends the cell above or to the left. Spans are clipped rather than overlap. */
DocBlock *db_grid_build(DbTable *t, DocPart part, guint64 *grid_total, const char *where,
                        GError **error)
{
	guint n_rows = t->n_rows, n_cols = 0;
	if (n_rows == 0 || t->cells->len == 0)
		return NULL;
	GPtrArray **rows = g_new0(GPtrArray *, n_rows);
	guint *cursor = g_new0(guint, n_rows);
	for (guint r = 0; r < n_rows; r++)
		rows[r] = g_ptr_array_new();
	GPtrArray *placed = g_ptr_array_new();
	for (guint i = 0; i < t->cells->len; i++) {
		DbCell *rec = &g_array_index(t->cells, DbCell, i);
		DocCell *cell = g_steal_pointer(&rec->cell);
		guint r = cell->row, c = cell->col;
		if (r >= n_rows) {
			db_doc_cell_free(cell);
			continue;
		}
		GPtrArray *row = rows[r];
		if (rec->auto_col)
			for (c = cursor[r]; c < row->len && row->pdata[c] != NULL; c++)
				;
		if (c >= DOCBUILD_MAX_COLS) {
			db_cell_merge_into(row->len > 0 ? row->pdata[row->len - 1] : NULL, cell);
			continue;
		}
		DocCell *owner = c < row->len ? row->pdata[c] : NULL;
		if (owner != NULL) {
			db_cell_merge_into(owner, cell);
			continue;
		}
		if (rec->merge == DB_MERGE_UP && r > 0) {
			DocCell *up = c < rows[r - 1]->len ? rows[r - 1]->pdata[c] : NULL;
			if (up != NULL && up->col == c && up->row + up->rowspan == r &&
			    db_row_span_free(row, c, up->colspan)) {
				up->rowspan++;
				db_row_fill(row, c, up->colspan, up);
				cursor[r] = c + up->colspan;
				db_cell_merge_into(up, cell);
				continue;
			}
		} else if (rec->merge == DB_MERGE_LEFT && c > 0) {
			DocCell *left = c - 1 < row->len ? row->pdata[c - 1] : NULL;
			if (left != NULL && left->row == r && left->rowspan == 1 &&
			    left->col + left->colspan == c) {
				left->colspan++;
				db_row_fill(row, c, 1, left);
				cursor[r] = c + 1;
				n_cols = MAX(n_cols, c + 1);
				db_cell_merge_into(left, cell);
				continue;
			}
		}
		guint cs = MAX(1u, MIN(cell->colspan, DOCBUILD_MAX_COLS - c));
		guint rs = MAX(1u, MIN(cell->rowspan, n_rows - r));
		if (rec->merge != DB_MERGE_NONE)
			cs = rs = 1;
		for (guint k = 1; k < cs; k++)
			if (c + k < row->len && row->pdata[c + k] != NULL) {
				cs = k;
				break;
			}
		for (guint k = 1; k < rs; k++)
			if (!db_row_span_free(rows[r + k], c, cs)) {
				rs = k;
				break;
			}
		cell->row = r;
		cell->col = c;
		cell->rowspan = rs;
		cell->colspan = cs;
		for (guint k = 0; k < rs; k++)
			db_row_fill(rows[r + k], c, cs, cell);
		cursor[r] = c + cs;
		n_cols = MAX(n_cols, c + cs);
		g_ptr_array_add(placed, cell);
	}
	DocBlock *b = NULL;
	if (n_cols == 0) {
		/* nothing placed */
	} else if ((guint64) n_rows * n_cols > DOCBUILD_MAX_GRID_CELLS ||
	           (*grid_total += (guint64) n_rows * n_cols) > DOCBUILD_MAX_GRID_CELLS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "tables of more than %u cells in all in %s", DOCBUILD_MAX_GRID_CELLS, where);
	} else {
		b = doc_block_new_table(part, n_rows, n_cols, t->depth);
		for (guint r = 0; r < n_rows; r++)
			for (guint j = 0; j < rows[r]->len; j++)
				b->table.grid[(gsize) r * n_cols + j] = rows[r]->pdata[j];
		for (guint i = 0; i < placed->len; i++)
			g_ptr_array_add(b->table.cells, placed->pdata[i]);
		g_ptr_array_set_size(placed, 0);
	}
	for (guint i = 0; i < placed->len; i++)
		db_doc_cell_free(placed->pdata[i]);
	g_ptr_array_unref(placed);
	for (guint r = 0; r < n_rows; r++)
		g_ptr_array_unref(rows[r]);
	g_free(rows);
	g_free(cursor);
	return b;
}
