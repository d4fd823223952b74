/*
 * docx_writer.h - writing WordprocessingML: the consolidated report, the units'
 * feedback and the fillable template all go through this one writer.
 *
 * The page is A4 with the margins of HD 36-HD/VPTW (top and bottom 20 mm, left 30 mm,
 * right 15 mm), Times New Roman; sizes are given per paragraph in points. Layout tables
 * (the header and signature blocks) have no borders; data tables have single borders.
 * A paragraph or a cell can sit in a content control with a tag, which is how the
 * template marks its fields. The package is built in memory with libxml2's
 * xmlTextWriter and libzip and written to a temporary file renamed into place.
 */
#ifndef BAOCAO_DOCX_WRITER_H
#define BAOCAO_DOCX_WRITER_H

#include <glib.h>

typedef struct DocxWriter DocxWriter;

enum {
	DW_BOLD = 1 << 0,
	DW_ITALIC = 1 << 1,
	DW_UNDERLINE = 1 << 2,
	DW_CENTER = 1 << 3,
	DW_JUSTIFY = 1 << 4,
	DW_INDENT = 1 << 5,       /* first line indented 1 cm */
	DW_PAGE_BREAK = 1 << 6,   /* start a new page before the paragraph */
};

DocxWriter *docx_writer_new(const char *title);
void docx_writer_free(DocxWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DocxWriter, docx_writer_free)

/* A paragraph of text (line breaks '\n' kept) in size pt with DW_* flags. When tag is
 * non-NULL the paragraph's text sits in a content control with that tag. */
void docx_para(DocxWriter *w, const char *text, double pt, int flags, const char *tag);

/* A table: rows x cols strings, row-major; cell text may hold '\n' for several
 * paragraphs. header_rows are bold. widths in twentieths of a point per column (may be
 * NULL for equal columns over the text width). tags (may be NULL) puts a cell's first
 * line in a content control. layout: no borders (header and signature blocks).
 * Each line of a cell may start with marks: "**" bold, "__" italic, "^^" centred,
 * "!!" underlined, "++" one point larger, "{tag}" in a content control of that tag. */
void docx_table(DocxWriter *w, guint rows, guint cols, const char *const *cells,
                guint header_rows, const guint *widths, const char *const *tags,
                double pt, gboolean layout);

/* The finished package as bytes (g_bytes_unref), or NULL with error. */
GBytes *docx_writer_finish(DocxWriter *w, GError **error);

/* Finish and write to path atomically (temporary file, then rename). */
gboolean docx_writer_save(DocxWriter *w, const char *path, GError **error);

#endif
