/*
 * read.h - stage 2: from the bytes of a received file to a Doc.
 *
 * read_sniff() tells the real type from the bytes, never from the name. read_document()
 * picks the reader for that type from one table (read.c); a new input format adds its
 * file and one row there. A reader that fails sets a GError in READ_ERROR whose code
 * says why the file is quarantined and whose message is the precise technical reason
 * (English, one line, e.g. "zip entry 'word/document.xml' inflates to 546 GB, over the
 * 256 MB cap"). Readers never trust sizes, counts or names found in the file.
 */
#ifndef BAOCAO_READ_H
#define BAOCAO_READ_H

#include <glib.h>
#include "doc.h"

typedef enum {
	FT_EMPTY,      /* zero bytes, or only white space */
	FT_DOCX,       /* OOXML WordprocessingML package (.docx, .docm, strict) */
	FT_XLSX,       /* OOXML spreadsheet */
	FT_PPTX,
	FT_ODF,        /* OpenDocument (mimetype entry) */
	FT_ZIP,        /* any other zip archive */
	FT_OLE,        /* OLE2 compound file: .doc, .xls, encrypted OOXML */
	FT_PDF,
	FT_PNG, FT_JPEG, FT_TIFF,
	FT_RTF,
	FT_HTML,
	FT_EML,        /* an e-mail message */
	FT_TEXT,       /* plain text */
	FT_OWNER_FILE, /* Word's "~$name" owner/lock file */
	FT_ARCHIVE,    /* a 7-Zip, RAR or gzip archive: not unpacked (zip archives are) */
	FT_UNKNOWN,
} FileType;

/* Short lower-case name of a type ("docx", "pdf", ...), static. */
const char *file_type_name(FileType t);

/* Type of the bytes; name (may be NULL) only breaks ties the bytes leave open, such as a
 * Word owner file. Looks at most at the first few KB and, for zip files, the central
 * directory names (without inflating anything). */
FileType read_sniff(const guint8 *data, gsize len, const char *name);

#define READ_ERROR (read_error_quark())
GQuark read_error_quark(void);

typedef enum {
	READ_ERR_EMPTY,        /* nothing in the file */
	READ_ERR_UNKNOWN,      /* bytes of no known type */
	READ_ERR_UNSUPPORTED,  /* a known type no reader handles yet (message names it) */
	READ_ERR_TRUNCATED,    /* the container ends early */
	READ_ERR_CORRUPT,      /* checksum, structure or XML well-formedness error */
	READ_ERR_ENCRYPTED,    /* password protected */
	READ_ERR_BOMB,         /* over a size, count or compression-ratio cap */
	READ_ERR_HOSTILE,      /* DTD or entity declarations, path traversal, ... */
	READ_ERR_LIMIT,        /* time or memory limit of the reading process */
	READ_ERR_CRASH,        /* the reading process died */
} ReadErrorCode;

/* Caps applied to every container; see read_docx.c for how each is enforced. */
#define READ_MAX_FILE_BYTES     (100u * 1024 * 1024)  /* a received file */
#define READ_MAX_ZIP_ENTRIES    5000u
#define READ_MAX_PART_BYTES     (64u * 1024 * 1024)   /* one XML part, inflated */
#define READ_MAX_TOTAL_BYTES    (256u * 1024 * 1024)  /* all parts, inflated */
#define READ_MAX_RATIO          200u                  /* inflated/compressed, for parts over 1 MB */

#define READ_MAX_PAGES          500u   /* pages of a PDF or TIFF */

/* The readers: each returns a new Doc, or NULL with error set (READ_ERROR).
 * docx_read (read_docx.c): WordprocessingML. pdf_read (read_pdf.c): text layer, OCR for
 * pages without a usable one. image_read (read_image.c): PNG, JPEG, TIFF by OCR. */
Doc *docx_read(const guint8 *data, gsize len, GError **error);
Doc *pdf_read(const guint8 *data, gsize len, GError **error);
Doc *image_read(const guint8 *data, gsize len, GError **error);
/* doc_read (read_doc.c): Word 97-2003 binary in an OLE2 compound file, legacy fonts
 * converted as in DOCX. odt_read (read_odt.c): OpenDocument text; an OpenDocument
 * spreadsheet is handed to sheet_read. sheet_read (read_sheet.c): XLSX and ODS
 * workbooks, each sheet's used range as a table. rtf_read (read_rtf.c), html_read
 * (read_html.c): RTF, and HTML such as Word's "save as web page". */
Doc *doc_read(const guint8 *data, gsize len, GError **error);
Doc *odt_read(const guint8 *data, gsize len, GError **error);
Doc *sheet_read(const guint8 *data, gsize len, GError **error);
Doc *rtf_read(const guint8 *data, gsize len, GError **error);
Doc *html_read(const guint8 *data, gsize len, GError **error);

/* Libraries under the readers (Poppler, libpng, libtiff) print warnings about damaged
 * files on stderr; the reader's error is what counts. read_mute_stderr() points stderr
 * at /dev/null (unless BAOCAO_DEBUG is set) and returns what to pass to
 * read_unmute_stderr() to restore it. */
int read_mute_stderr(void);
void read_unmute_stderr(int saved);

/* Sniff, then read with the reader for the type. Returns a new Doc, or NULL with error
 * set: READ_ERR_UNSUPPORTED for known types without a reader, with the type named. */
Doc *read_document(const guint8 *data, gsize len, const char *name, FileType *type_out,
                   GError **error);

#endif
