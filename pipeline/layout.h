/*
 * layout.h - words with their boxes on a page, rebuilt into the blocks of a Doc.
 *
 * A PDF text layer and an OCR engine both give words with positions, not paragraphs and
 * tables. layout.c turns one page of such words into Doc blocks in reading order, the
 * same way for both, so classify.c and extract.c never know where the text came from:
 *
 *   - words are grouped into lines by their vertical position, lines into segments at
 *     wide horizontal gaps (a cell border or a column gutter is wide, a space is not);
 *   - a run of lines whose segments leave a common vertical gutter is a table: its
 *     columns come from the segments that overlap from line to line (a cell spanning two
 *     columns, as a merged header, is recognised as such), its rows start where the
 *     first column has text or, on scans, at a horizontal rule; a table of at most two
 *     columns (the two-column header, the signature block) keeps one paragraph per line
 *     in each cell, which docview.c then reads column by column;
 *   - other lines are joined into paragraphs: a line continues the previous one unless
 *     it is indented, starts a bullet or a numbering, follows a short line or a wide
 *     vertical gap; a symbol broken at the line end ("66-" / "NQ/TW") is joined without
 *     a space; a lone page number at the top or bottom of the page is dropped.
 *
 * Coordinates are in any unit (points for PDF, pixels for OCR) with y growing downward.
 */
#ifndef BAOCAO_LAYOUT_H
#define BAOCAO_LAYOUT_H

#include <glib.h>
#include "doc.h"

typedef struct {
	char *text;               /* one word, NFC UTF-8, no white space */
	float x0, y0, x1, y1;     /* its box */
	float conf;               /* [0, 1]; 1 for a text layer */
	gboolean bold;
} LayoutWord;

typedef struct {
	float width, height;      /* the page, in the words' unit */
	GArray *words;            /* LayoutWord */
	GArray *rules;            /* float: y of horizontal rules found on a scan, or empty */
	GArray *vrules;           /* LayoutRule: vertical rules found on a scan, or empty */
} LayoutPage;

typedef struct {
	float x, y0, y1;          /* a vertical table rule: where it stands, from and to */
} LayoutRule;

LayoutPage *layout_page_new(float width, float height);
void layout_page_free(LayoutPage *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LayoutPage, layout_page_free)

/* Add a word (text copied; empty or white-space-only text is ignored). */
void layout_page_add(LayoutPage *p, const char *text, float x0, float y0, float x1, float y1,
                     float conf, gboolean bold);

/* Append the page's blocks to doc->body. A paragraph cut by the page break is joined to
 * the one before it when the previous page's last block was a paragraph that ran to the
 * right margin. */
void layout_append_page(Doc *doc, const LayoutPage *p);

/* Number of characters (not bytes) in the words of a page: the size of its text. */
gsize layout_page_chars(const LayoutPage *p);

#endif
