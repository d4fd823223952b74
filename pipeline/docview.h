/*
 * docview.h - a Doc seen as lines, the way classify.c and extract.c read it.
 *
 * Official documents put their header and signature block in borderless two-column
 * tables; read row by row those interleave ("THÀNH ỦY" / "ĐẢNG CỘNG SẢN VIỆT NAM" /
 * "*" / "Hải Phòng, ngày ..."). A table with at most two non-empty columns is therefore
 * a layout table and is read column by column, one line per paragraph. Any other table
 * is a data table: one line per row (cells joined by " | ") and kept whole for the
 * table readers. Paragraphs are split at line breaks; empty lines are dropped. Every
 * line carries its match key (vn_key) so callers never re-normalise.
 */
#ifndef BAOCAO_DOCVIEW_H
#define BAOCAO_DOCVIEW_H

#include <glib.h>
#include "doc.h"

typedef struct {
	char *text;            /* NFC, numbering label first, dashes kept, trimmed */
	char *key;             /* vn_key(text) */
	const DocTable *table; /* the data table of a row line, or NULL */
	guint row;             /* row of a row line */
	int column;            /* column of a line from a layout table, else -1 */
	guint layout_id;       /* which layout table (1-based), 0 when none */
	gboolean centered, bold, upper, numbered;
	float conf;            /* lowest word confidence (OCR), 1 for text from the file */
} Line;

typedef struct {
	GPtrArray *lines;      /* Line* */
	GPtrArray *tables;     /* const DocTable*, data tables in order (nested ones too) */
	GArray *table_line;    /* guint: index of the first line of each data table */
	guint n_layouts;       /* layout tables seen */
} DocView;

DocView *docview_new(const Doc *doc);
void docview_free(DocView *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DocView, docview_free)

static inline const Line *docview_line(const DocView *v, guint i)
{
	return i < v->lines->len ? v->lines->pdata[i] : NULL;
}

/* TRUE when the text has letters and none of them is lower case. */
gboolean text_is_upper(const char *s);

#endif
