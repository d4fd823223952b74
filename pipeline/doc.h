/*
 * doc.h - the document model every reader produces and every later stage reads.
 *
 * A reader (read_docx.c, and later PDF, OCR, ...) turns the bytes of one file into a
 * Doc: an ordered list of blocks (paragraphs and tables) for the body, and separate
 * lists for headers/footers and notes, so running heads never leak into the body.
 * Text is always valid UTF-8 in NFC with legacy encodings already converted; a
 * paragraph's automatic numbering label (from numbering.xml) is kept apart from its text.
 * Tables are resolved into a rectangular grid: a cell merged across columns (gridSpan)
 * or rows (vMerge) occupies several grid positions that all point to the same DocCell.
 */
#ifndef BAOCAO_DOC_H
#define BAOCAO_DOC_H

#include <glib.h>

typedef enum { BLOCK_PARA, BLOCK_TABLE } DocBlockType;

/* Where a block lives in the source document. */
typedef enum {
	PART_BODY,
	PART_HEADER,     /* page header (running head) */
	PART_FOOTER,
	PART_NOTE,       /* footnote, endnote or comment */
} DocPart;

typedef struct DocBlock DocBlock;

typedef struct {
	char *text;       /* NFC UTF-8; w:br and w:cr as '\n', w:tab as '\t'; never NULL */
	char *num_label;  /* rendered automatic numbering ("I.", "1.2.", "(3)", "-"), or NULL */
	char *style;      /* paragraph style id, or NULL */
	char *sdt_tag;    /* tag (w:tag, else w:alias) of the innermost content control that
	                     holds this whole paragraph or is inside it, or NULL */
	guint bold : 1;       /* most of the text is bold */
	guint italic : 1;     /* most of the text is italic */
	guint centered : 1;   /* paragraph alignment is center */
	guint in_textbox : 1; /* came from a text box / shape */
	guint legacy : 1;     /* at least one run was converted from TCVN3 or VNI */
	guint runs_on : 1;    /* layout.c: its last line ran to the right margin, so the
	                         next page may continue it */
	float conf;           /* [0, 1]: the lowest confidence of the words it was read from
	                         (OCR); 1 for text that was in the file */
} DocPara;

typedef struct {
	GPtrArray *blocks;   /* DocBlock*: the cell's paragraphs and nested tables, in order */
	char *sdt_tag;       /* content control around the cell, or NULL */
	guint row, col;      /* top-left grid position */
	guint rowspan, colspan;
} DocCell;

typedef struct {
	guint n_rows, n_cols;
	DocCell **grid;      /* n_rows * n_cols, row-major; merged positions share a cell;
	                        a position no cell covers (ragged rows) is NULL */
	GPtrArray *cells;    /* owns every DocCell once */
	guint depth;         /* 0 for a top-level table, 1 for a table in a cell, ... */
	float *col_x;        /* layout.c: where each column stood on the page, 2 * n_cols
	                        floats (from, to) as fractions of the page's width, so a
	                        table carried over a page break can be continued; NULL from
	                        word processors */
} DocTable;

struct DocBlock {
	DocBlockType type;
	DocPart part;
	union {
		DocPara para;
		DocTable table;
	};
};

typedef struct {
	GPtrArray *body;     /* DocBlock*, the main story in reading order */
	GPtrArray *margins;  /* DocBlock*, headers and footers (part says which) */
	GPtrArray *notes;    /* DocBlock*, footnotes, endnotes, comments */
	guint legacy_runs;   /* how many runs were converted from TCVN3/VNI */
	char *format;        /* "docx", ... (static string, not owned) */
	guint pages;         /* pages of a PDF or image file (0 for word processors) */
	guint pages_ocr;     /* of which were read by OCR */
	char *signer;        /* a digitally signed PDF: the signer's name as the signature
	                        gives it ("" when signed but unnamed), else NULL */
	GPtrArray *warnings; /* char*: what the reader could not do fully (English, one line
	                        each), e.g. "page 3: OCR time limit" */
} Doc;

Doc *doc_new(const char *format);
void doc_free(Doc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Doc, doc_free)

/* Constructors used by readers. The returned block is owned by the caller until it is
 * appended to a GPtrArray created with doc_block_array_new(). */
DocBlock *doc_block_new_para(DocPart part, const char *text);
DocBlock *doc_block_new_table(DocPart part, guint n_rows, guint n_cols, guint depth);
void doc_block_free(DocBlock *b);
GPtrArray *doc_block_array_new(void);

/* Cell at grid position (r, c), or NULL when out of range or uncovered. */
DocCell *doc_table_cell(const DocTable *t, guint r, guint c);

/* Newly allocated plain text of a cell: its paragraphs joined by '\n', nested tables'
 * cells joined by '\t' per row and '\n' per row. Never NULL. */
char *doc_cell_text(const DocCell *cell);

/* The lowest confidence of a cell's paragraphs (1 for an empty cell or a text layer). */
float doc_cell_conf(const DocCell *cell);

/* Newly allocated plain text of the whole document (body, then margins, then notes):
 * one line per paragraph with its numbering label, one line per table row with cells
 * separated by '\t'. Used by tests and by `baocao show --text`. */
char *doc_to_text(const Doc *doc);

#endif
