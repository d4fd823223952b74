/*
 * docbuild.h - the pieces every reader builds a Doc with: paragraphs made of runs with
 * the legacy-font decoding and guess of read_docx.c, and tables resolved into the
 * rectangular grid of doc.h.
 *
 * Contract: a reader opens a DbPara, puts text into it run by run with the run's font
 * encoding and weight (db_para_put), and turns it into a DocBlock (db_para_finish). A
 * run in a TCVN3 or VNI font is decoded when it is flushed; the runs in Unicode fonts
 * are decoded together when the whole paragraph reads as TCVN3/VNI mojibake. Each
 * decoded run counts in doc->legacy_runs. A table is collected as DbCell records in a
 * DbTable and resolved by db_grid_build(). The caps below are enforced here and raise
 * READ_ERROR / READ_ERR_BOMB with a message naming the "where" the reader gives.
 * read_doc.c and read_docx.c keep their own paragraph builders (styles, numbering,
 * content controls) and share only the small helpers and db_guess_segments().
 */
#ifndef BAOCAO_DOCBUILD_H
#define BAOCAO_DOCBUILD_H

#include <glib.h>

#include "doc.h"
#include "vntext.h"

#define DOCBUILD_MAX_PARA_BYTES  (1024u * 1024)  /* text of one paragraph */
#define DOCBUILD_MAX_GRID_CELLS  4000000u        /* table grid positions per file */
#define DOCBUILD_MAX_COLS        512u            /* columns of one table */

/* ---- text ---------------------------------------------------------------------- */

/* TRUE when every character of the UTF-8 string t could be a byte of a legacy 8-bit
 * font as Word stores it (Latin-1, the cp1252 extras, U+F020-U+F0FF): real Vietnamese
 * Unicode letters such as U+1EA1 mean the run is Unicode whatever its font says. */
gboolean db_legacy_bytes(const char *t);

/* TRUE when t has no byte over 0x7F. */
gboolean db_ascii(const char *t);

/* The characters of the UTF-8 string t that are not white space (g_unichar_isspace),
 * as weights for "most of the text is bold". */
guint64 db_visible_chars(const char *t);

/* Legacy family of a font list ("VnTime;Times New Roman", "'.VnTime', serif"): of its
 * first name, quotes removed (vn_font_encoding()). NULL gives VN_ENC_UNICODE. */
VnEncoding db_font_encoding(const char *font);

/* ---- paragraphs ------------------------------------------------------------------ */

/* One run of a paragraph, decoded: text (owned) and whether its font was a Unicode one,
 * so that the paragraph's mojibake guess may still apply to it. */
typedef struct {
	char *text;
	gboolean unicode_font;
} DbSeg;

/* A new empty GArray of DbSeg that frees each segment's text. */
GArray *db_segs_new(void);

/* The text of a paragraph's segments joined, with the Unicode-font ones decoded as a
 * group when together they read as TCVN3/VNI mojibake (vn_guess_legacy(), asked only
 * when some such segment is non-ASCII legacy bytes). bytes is a size hint. Each segment
 * the decoding changes adds one to doc->legacy_runs and sets *legacy to TRUE. Returns a
 * new GString, not yet normalized; segs is left as it was. */
GString *db_guess_segments(const GArray *segs, gsize bytes, Doc *doc, gboolean *legacy);

/* A paragraph being built. The reader sets style and label (owned, given to the block
 * by db_para_finish()) and may use last_ws (white-space collapsing, TRUE at the start)
 * and pending (DocBlock* the reader places after the paragraph, e.g. text boxes; freed
 * by db_para_free() unless taken). The other fields belong to db_para_put(). */
typedef struct {
	GArray *segs;          /* DbSeg */
	GString *run;          /* open run; its font encoding and weight */
	VnEncoding run_enc;
	gboolean run_bold;
	gsize bytes;
	guint64 chars, bold_chars;
	char *style;
	char *label;
	gboolean in_textbox, legacy, last_ws;
	DocPart part;
	GPtrArray *pending;    /* text-box blocks, placed after the paragraph */
} DbPara;

/* A new paragraph in part; in_textbox is copied to the block. Free with db_para_free(). */
DbPara *db_para_new(DocPart part, gboolean in_textbox);

/* Free a DbPara (gpointer, so that it can be a GPtrArray's free function); NULL is
 * allowed. */
void db_para_free(gpointer p);

/* Append n bytes of UTF-8 text t in font encoding enc, bold or not. A change of encoding
 * or weight closes the open run (decoding it when enc is a legacy one). FALSE with
 * error set (READ_ERROR, READ_ERR_BOMB, message naming where) when the paragraph would
 * pass DOCBUILD_MAX_PARA_BYTES. */
gboolean db_para_put(DbPara *p, Doc *doc, const char *t, gsize n, VnEncoding enc,
                     gboolean bold, const char *where, GError **error);

/* The finished paragraph as a new block (caller owns it): the open run closed, the
 * mojibake guess applied (db_guess_segments()), one trailing space dropped, text in NFC
 * (vn_normalize()); the label is moved to the block, the style copied; bold when more
 * than half of the visible characters are. p stays the caller's to free. */
DocBlock *db_para_finish(DbPara *p, Doc *doc, gboolean centered);

/* ---- tables ---------------------------------------------------------------------- */

/* How a cell record joins its neighbours: DB_MERGE_COVERED is a covered position (its
 * text, if any, goes to the cell holding it), DB_MERGE_UP and DB_MERGE_LEFT continue
 * the cell above or to the left. */
enum { DB_MERGE_NONE, DB_MERGE_COVERED, DB_MERGE_UP, DB_MERGE_LEFT };

/* A cell as read, before the grid is known. */
typedef struct {
	DocCell *cell;         /* row, col (unless auto_col), rowspan, colspan set; owned */
	int merge;             /* DB_MERGE_* */
	gboolean auto_col;     /* take the first free column after the row's previous cell */
} DbCell;

/* A table being read. */
typedef struct {
	GArray *cells;         /* DbCell */
	guint n_rows, col;     /* rows so far; next column of the open row */
	guint row_start;       /* index in cells where the open row starts */
	guint depth;
	guint row_repeat;      /* repetition of the open row */
} DbTable;

/* Free a DocCell not (or no longer) owned by a table; NULL is allowed. */
void db_doc_cell_free(DocCell *c);

/* A new empty table at nesting depth (0 for a top-level table); the other fields are
 * zero. Free with db_table_free(), which frees the cells still in it. */
DbTable *db_table_new(guint depth);
void db_table_free(gpointer p);

/* TRUE when the cell holds a table or a paragraph with text. */
gboolean db_cell_has_text(const DocCell *c);

/* Move every block of src (may be NULL) to the end of dst, in order. */
void db_blocks_move(GPtrArray *dst, GPtrArray *src);

/* Free gone, first moving its blocks into into (may be NULL) when it has any text. */
void db_cell_merge_into(DocCell *into, DocCell *gone);

/* A grid row (GPtrArray of DocCell*, NULL where free): TRUE when positions [c, c + n)
 * are free (or past its end); db_row_fill() makes them all point to cell, growing the
 * row as needed. */
gboolean db_row_span_free(GPtrArray *row, guint c, guint n);
void db_row_fill(GPtrArray *row, guint c, guint n, DocCell *cell);

/* Resolve t's cells into a new table block in part (the caller owns it), taking every
 * DocCell out of t->cells. A cell has an explicit column (ODF, RTF) or takes the first
 * free one after the previous cell of its row (HTML). A cell whose position is already
 * taken (a covered cell, or a span that overlaps) gives its text, if any, to the cell
 * that holds the position; a continuation (DB_MERGE_UP, DB_MERGE_LEFT) extends the cell
 * above or to the left. Spans are clipped rather than overlap; columns past
 * DOCBUILD_MAX_COLS merge into the row's last cell. NULL when nothing was placed, or
 * with error set (READ_ERROR, READ_ERR_BOMB, naming where) when this table or
 * *grid_total, the grid positions of the file so far (updated), passes
 * DOCBUILD_MAX_GRID_CELLS. */
DocBlock *db_grid_build(DbTable *t, DocPart part, guint64 *grid_total, const char *where,
                        GError **error);

#endif
