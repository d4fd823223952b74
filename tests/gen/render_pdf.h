/*
 * render_pdf.h - the second output backend of tests/gen/gen_docx: the same documents as text
 * PDFs, scanned PDFs, phone photos, TIFFs and PNGs.
 *
 * Contract.  gen_docx.c describes a document once, through the same small writer primitives
 * that produce its DOCX (paragraphs made of formatted runs, tables of rows of cells), and
 * records them into an RLayout with the rl_* calls below: a neutral list of blocks, nothing
 * DOCX-specific in it (content controls are not recorded, automatic numbering is a flag).
 * render_document() lays that list out on A4 portrait pages as an official document (left
 * margin 30 mm, right 15 mm, top and bottom 20 mm, Liberation Serif or DejaVu Serif, ruled
 * tables, a page number at the bottom of pages 2 and later) with Pango and cairo, and writes it
 * in the requested format; a scan is the text PDF rendered by Poppler, degraded by Leptonica
 * with a pseudo-random generator seeded from RenderOptions.seed, and wrapped again.  The same
 * layout and seed give the same bytes.  render_document() also returns the reference text, what
 * a perfect OCR would read: one line per printed paragraph line or ruled-table row (cells
 * joined by a space), the columns of a borderless table one after the other, the page number
 * of pages 2+, and the signature box of a signedscan first.  Fatal errors abort (g_error): this
 * is a test-fixture generator.
 */
#ifndef BAOCAO_RENDER_PDF_H
#define BAOCAO_RENDER_PDF_H

#include <glib.h>

/* The output formats; RF_DOCX and RF_ODT onwards are gen_docx's own and not rendered here. */
typedef enum {
	RF_DOCX,
	RF_PDF,        /* text PDF */
	RF_SCAN300,    /* image-only PDF, 300 dpi grey JPEG pages, skewed and noisy */
	RF_SCAN200,    /* the same at 200 dpi */
	RF_PHOTO,      /* JPEG of page 1, rotated a quarter turn, keystoned, uneven light, no DPI */
	RF_TIFF,       /* every page binarised, CCITT G4, multi-page TIFF, 300 dpi */
	RF_PNG,        /* page 1 as 8-bit grey PNG, 300 dpi */
	RF_MIXED,      /* page 1 text, pages 2+ scanned as in RF_SCAN300 */
	RF_SIGNEDSCAN, /* RF_SCAN300 plus a small real text layer on page 1: the signature box */
	/* written by gen_docx itself, never rendered here: */
	RF_ODT,        /* OpenDocument text */
	RF_XLSX,       /* a DOCX cover letter with its indicators in a workbook beside it */
	RF_ZIP,        /* a zipped folder of DOCX (or text PDF) reports and documents */
	RF_COUNT
} RFormat;

const char *rformat_name(RFormat f);      /* "pdf", "scan300", ... */
const char *rformat_extension(RFormat f); /* "pdf", "jpg", "tif", "png", "docx" */
int rformat_parse(const char *name);      /* an RFormat, or -1 */
gboolean rformat_is_scan(RFormat f);      /* some page is an image: a reference text is due */
gboolean rformat_one_page(RFormat f);     /* only page 1 is written: one-page documents only */

/* Paragraph alignment, in gen_docx's order (left, center, right, justified). */
typedef enum { RA_LEFT, RA_CENTER, RA_RIGHT, RA_BOTH } RAlign;
/* Vertical merge of a table cell (w:vMerge): none, first cell, continued from above. */
enum { RVM_NONE, RVM_RESTART, RVM_CONTINUE };

typedef struct RLayout RLayout;

RLayout *rl_new(void);
void rl_free(RLayout *rl);
/* A paragraph at the top level or in the open cell; numbered: upper-Roman "I. ", "II. " ... */
void rl_para_begin(RLayout *rl, RAlign al, gboolean numbered);
/* A run of text (UTF-8) in the open paragraph; half_points 0 is the body size. */
void rl_run(RLayout *rl, gboolean bold, gboolean italic, gboolean underline, int half_points,
	    const char *text);
void rl_para_end(RLayout *rl);
/* A table; widths in twips (1/20 pt); ruled: every cell has borders, else none. */
void rl_table_begin(RLayout *rl, const int *widths, int n, gboolean ruled);
void rl_row_begin(RLayout *rl, gboolean header);
void rl_cell_begin(RLayout *rl, int width, int span, int vmerge);
void rl_cell_end(RLayout *rl);
void rl_row_end(RLayout *rl);
void rl_table_end(RLayout *rl);

/* Pages of the laid out document (lays it out the first time). */
int rl_page_count(RLayout *rl);

typedef struct {
	RFormat format;
	guint64 seed;          /* the degradations: angles, noise, blur, JPEG quality */
	const char *sign_name; /* RF_SIGNEDSCAN: "Ký bởi: <sign_name>" */
	const char *sign_time; /* RF_SIGNEDSCAN: "dd.mm.yyyy hh:mm:ss +07:00" */
} RenderOptions;

typedef struct {
	GBytes *bytes; /* the file */
	char *text;    /* the reference text, '\n'-terminated lines (g_free) */
	int pages;     /* pages of the document; the file holds 1 of them for one-page formats */
} RenderResult;

void render_document(RLayout *rl, const RenderOptions *opt, RenderResult *out);

#endif
