/*
 * docx_writer.c - WordprocessingML writer (see docx_writer.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <zip.h>
#include "common.h"
#include "docx_writer.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define TEXT_WIDTH 9355   /* A4 210 mm less 30 + 15 mm margins, in twips */

/* Every writer call goes through CK: one that fails (an allocation, mostly) marks the
 * document being written as failed, and docx_writer_finish() refuses to pack it. The
 * outputs are written by one thread at a time. */
static gboolean write_failed;
#define CK(call) do { if ((call) < 0) write_failed = TRUE; } while (0)

struct DocxWriter {
	xmlBufferPtr buf;
	xmlTextWriterPtr x;
	char *title;
	guint next_id;
};

DocxWriter *docx_writer_new(const char *title)
{
	DocxWriter *w = g_new0(DocxWriter, 1);
	write_failed = FALSE;
	w->buf = xmlBufferCreate();
	w->x = xmlNewTextWriterMemory(w->buf, 0);
	w->title = g_strdup(title);
	CK(xmlTextWriterStartDocument(w->x, NULL, "UTF-8", "yes"));
	CK(xmlTextWriterStartElement(w->x, BAD_CAST "w:document"));
	CK(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xmlns:w", BAD_CAST W_NS));
	CK(xmlTextWriterStartElement(w->x, BAD_CAST "w:body"));
	return w;
}

void docx_writer_free(DocxWriter *w)
{
	if (!w)
		return;
	if (w->x)
		xmlFreeTextWriter(w->x);
	if (w->buf)
		xmlBufferFree(w->buf);
	g_free(w->title);
	g_free(w);
}

static void el_val(xmlTextWriterPtr x, const char *name, const char *val)
{
	CK(xmlTextWriterStartElement(x, BAD_CAST name));
	if (val)
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:val", BAD_CAST val));
	CK(xmlTextWriterEndElement(x));
}

static void run_props(xmlTextWriterPtr x, double pt, int flags)
{
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:rPr"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:rFonts"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:ascii", BAD_CAST "Times New Roman"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:hAnsi", BAD_CAST "Times New Roman"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:cs", BAD_CAST "Times New Roman"));
	CK(xmlTextWriterEndElement(x));
	if (flags & DW_BOLD)
		el_val(x, "w:b", NULL);
	if (flags & DW_ITALIC)
		el_val(x, "w:i", NULL);
	if (flags & DW_UNDERLINE)
		el_val(x, "w:u", "single");
	g_autofree char *half = g_strdup_printf("%d", (int)(pt * 2 + 0.5));
	el_val(x, "w:sz", half);
	el_val(x, "w:szCs", half);
	CK(xmlTextWriterEndElement(x));
}

/* The runs of a text: line breaks become w:br. */
static void runs(xmlTextWriterPtr x, const char *text, double pt, int flags)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:r"));
	run_props(x, pt, flags);
	for (guint i = 0; lines[i]; i++) {
		if (i)
			el_val(x, "w:br", NULL);
		CK(xmlTextWriterStartElement(x, BAD_CAST "w:t"));
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST "xml:space", BAD_CAST "preserve"));
		CK(xmlTextWriterWriteString(x, BAD_CAST lines[i]));
		CK(xmlTextWriterEndElement(x));
	}
	CK(xmlTextWriterEndElement(x));
}

static void sdt_start(DocxWriter *w, const char *tag)
{
	xmlTextWriterPtr x = w->x;
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:sdt"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:sdtPr"));
	el_val(x, "w:alias", tag);
	el_val(x, "w:tag", tag);
	g_autofree char *id = g_strdup_printf("%u", ++w->next_id);
	el_val(x, "w:id", id);
	CK(xmlTextWriterEndElement(x));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:sdtContent"));
}

static void sdt_end(DocxWriter *w)
{
	CK(xmlTextWriterEndElement(w->x));
	CK(xmlTextWriterEndElement(w->x));
}

static void para(DocxWriter *w, const char *text, double pt, int flags, const char *tag)
{
	xmlTextWriterPtr x = w->x;
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:p"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:pPr"));
	if (flags & DW_PAGE_BREAK)
		el_val(x, "w:pageBreakBefore", NULL);
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:spacing"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:before", BAD_CAST "0"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:after", BAD_CAST (flags & DW_JUSTIFY ? "120" : "0")));
	CK(xmlTextWriterEndElement(x));
	if (flags & DW_INDENT) {
		CK(xmlTextWriterStartElement(x, BAD_CAST "w:ind"));
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:firstLine", BAD_CAST "567"));
		CK(xmlTextWriterEndElement(x));
	}
	el_val(x, "w:jc", flags & DW_CENTER ? "center" : flags & DW_JUSTIFY ? "both" : "left");
	run_props(x, pt, flags);
	CK(xmlTextWriterEndElement(x));
	if (tag)
		sdt_start(w, tag);
	runs(x, text, pt, flags);
	if (tag)
		sdt_end(w);
	CK(xmlTextWriterEndElement(x));
}

void docx_para(DocxWriter *w, const char *text, double pt, int flags, const char *tag)
{
	para(w, text, pt, flags, tag);
}

static void borders(xmlTextWriterPtr x, gboolean none)
{
	static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right",
	                                     "w:insideH", "w:insideV" };
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:tblBorders"));
	for (guint i = 0; i < G_N_ELEMENTS(sides); i++) {
		CK(xmlTextWriterStartElement(x, BAD_CAST sides[i]));
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:val", BAD_CAST (none ? "nil" : "single")));
		if (!none) {
			CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:sz", BAD_CAST "4"));
			CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:color", BAD_CAST "000000"));
		}
		CK(xmlTextWriterEndElement(x));
	}
	CK(xmlTextWriterEndElement(x));
}

void docx_table(DocxWriter *w, guint rows, guint cols, const char *const *cells,
                guint header_rows, const guint *widths, const char *const *tags,
                double pt, gboolean layout)
{
	xmlTextWriterPtr x = w->x;
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:tbl"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:tblPr"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:tblW"));
	g_autofree char *tw = g_strdup_printf("%d", TEXT_WIDTH);
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:w", BAD_CAST tw));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:type", BAD_CAST "dxa"));
	CK(xmlTextWriterEndElement(x));
	borders(x, layout);
	CK(xmlTextWriterEndElement(x));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:tblGrid"));
	for (guint c = 0; c < cols; c++) {
		g_autofree char *cw = g_strdup_printf("%u", widths ? widths[c] : TEXT_WIDTH / cols);
		CK(xmlTextWriterStartElement(x, BAD_CAST "w:gridCol"));
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:w", BAD_CAST cw));
		CK(xmlTextWriterEndElement(x));
	}
	CK(xmlTextWriterEndElement(x));
	for (guint r = 0; r < rows; r++) {
		CK(xmlTextWriterStartElement(x, BAD_CAST "w:tr"));
		if (r < header_rows) {
			CK(xmlTextWriterStartElement(x, BAD_CAST "w:trPr"));
			el_val(x, "w:tblHeader", NULL);
			CK(xmlTextWriterEndElement(x));
		}
		for (guint c = 0; c < cols; c++) {
			const char *text = cells[r * cols + c];
			const char *tag = tags ? tags[r * cols + c] : NULL;
			CK(xmlTextWriterStartElement(x, BAD_CAST "w:tc"));
			CK(xmlTextWriterStartElement(x, BAD_CAST "w:tcPr"));
			g_autofree char *cw = g_strdup_printf("%u", widths ? widths[c] : TEXT_WIDTH / cols);
			CK(xmlTextWriterStartElement(x, BAD_CAST "w:tcW"));
			CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:w", BAD_CAST cw));
			CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:type", BAD_CAST "dxa"));
			CK(xmlTextWriterEndElement(x));
			CK(xmlTextWriterEndElement(x));
			/* several paragraphs in a cell: one per line; a layout cell keeps its
			 * formatting marks "**" (bold), "__" (italic) and "^^" (centre) per line */
			g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
			for (guint i = 0; lines[i]; i++) {
				const char *l = lines[i];
				int flags = r < header_rows ? DW_BOLD | DW_CENTER : 0;
				double size = pt;
				g_autofree char *line_tag = NULL;
				for (;;) {
					if (*l == '{' && strchr(l, '}')) {
						line_tag = g_strndup(l + 1, strchr(l, '}') - l - 1);
						l = strchr(l, '}') + 1;
					} else if (g_str_has_prefix(l, "**")) flags |= DW_BOLD, l += 2;
					else if (g_str_has_prefix(l, "__")) flags |= DW_ITALIC, l += 2;
					else if (g_str_has_prefix(l, "^^")) flags |= DW_CENTER, l += 2;
					else if (g_str_has_prefix(l, "!!")) flags |= DW_UNDERLINE, l += 2;
					else if (g_str_has_prefix(l, "++")) size += 1, l += 2;
					else break;
				}
				para(w, l, size, flags, line_tag ? line_tag : i == 0 ? tag : NULL);
			}
			CK(xmlTextWriterEndElement(x));
		}
		CK(xmlTextWriterEndElement(x));
	}
	CK(xmlTextWriterEndElement(x));
	/* Word needs a paragraph between a table and what follows */
	para(w, "", 6, 0, NULL);
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"</Types>";

static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char doc_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
	"<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr>"
	"</w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
	"</w:styles>";

static gboolean add(zip_t *z, const char *name, const char *data, gsize len, GError **error)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	zip_int64_t idx = src ? zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) : -1;
	/* entries carry the run's time, so the same run writes the same bytes */
	if (idx >= 0)
		zip_file_set_mtime(z, (zip_uint64_t)idx, (time_t)clock_now(), 0);
	if (!src || idx < 0) {
		if (src)
			zip_source_free(src);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot build '%s': %s", name,
		            zip_strerror(z));
		return FALSE;
	}
	return TRUE;
}

GBytes *docx_writer_finish(DocxWriter *w, GError **error)
{
	/* the page: A4, margins of HD 36 */
	xmlTextWriterPtr x = w->x;
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:sectPr"));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:pgSz"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:w", BAD_CAST "11906"));
	CK(xmlTextWriterWriteAttribute(x, BAD_CAST "w:h", BAD_CAST "16838"));
	CK(xmlTextWriterEndElement(x));
	CK(xmlTextWriterStartElement(x, BAD_CAST "w:pgMar"));
	static const char *const m[][2] = { { "w:top", "1134" }, { "w:bottom", "1134" },
	                                    { "w:left", "1701" }, { "w:right", "851" },
	                                    { "w:header", "567" }, { "w:footer", "567" },
	                                    { "w:gutter", "0" } };
	for (guint i = 0; i < G_N_ELEMENTS(m); i++)
		CK(xmlTextWriterWriteAttribute(x, BAD_CAST m[i][0], BAD_CAST m[i][1]));
	CK(xmlTextWriterEndElement(x));
	CK(xmlTextWriterEndElement(x));
	CK(xmlTextWriterEndElement(x));  /* body */
	CK(xmlTextWriterEndElement(x));  /* document */
	CK(xmlTextWriterEndDocument(x));
	xmlFreeTextWriter(x);
	w->x = NULL;
	/* the writer's calls are not checked one by one: an allocation that failed midway
	 * leaves a document that does not parse, caught here before it is packed */
	xmlDocPtr check = xmlReadMemory((const char *)xmlBufferContent(w->buf),
	                                xmlBufferLength(w->buf), "document.xml", "UTF-8",
	                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (check == NULL || write_failed) {
		xmlFreeDoc(check);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
		            "cannot build a docx: its document could not be written whole (out of memory)");
		return NULL;
	}
	xmlFreeDoc(check);

	g_autofree char *core = NULL;
	{
		g_autofree char *t = g_markup_escape_text(w->title ? w->title : "", -1);
		core = g_strdup_printf(
			"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			"<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
			" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>%s</dc:title>"
			"<dc:creator>baocao</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>", t);
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
	if (!z) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot build a docx: %s",
		            zip_error_strerror(&ze));
		if (mem)
			zip_source_free(mem);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_source_keep(mem);
	gboolean ok = add(z, "[Content_Types].xml", content_types, strlen(content_types), error) &&
	              add(z, "_rels/.rels", root_rels, strlen(root_rels), error) &&
	              add(z, "word/_rels/document.xml.rels", doc_rels, strlen(doc_rels), error) &&
	              add(z, "word/styles.xml", styles, strlen(styles), error) &&
	              add(z, "docProps/core.xml", core, strlen(core), error) &&
	              add(z, "word/document.xml", (const char *)xmlBufferContent(w->buf),
	                  xmlBufferLength(w->buf), error);
	if (!ok || zip_close(z) < 0) {
		if (ok)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot build a docx: %s",
			            zip_strerror(z));
		zip_discard(z);
		zip_source_free(mem);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_stat_t st;
	GBytes *out = NULL;
	if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
		guint8 *data = g_malloc(st.size ? st.size : 1);
		zip_int64_t n = zip_source_read(mem, data, st.size);
		zip_source_close(mem);
		if (n == (zip_int64_t)st.size)
			out = g_bytes_new_take(data, st.size);
		else
			g_free(data);
	}
	zip_source_free(mem);
	zip_error_fini(&ze);
	if (!out)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot build a docx in memory");
	return out;
}

gboolean docx_writer_save(DocxWriter *w, const char *path, GError **error)
{
	g_autoptr(GBytes) bytes = docx_writer_finish(w, error);
	if (!bytes)
		return FALSE;
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	return g_file_set_contents_full(path, data, len,
	                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
	                                0644, error);
}
