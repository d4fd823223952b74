/*
 * xmlsafe.h - the one way to read XML from a received file.
 *
 * Every XML part of a DOCX (and later ODT, XLSX) comes from outside and is read through
 * struct xml_safe: a streaming libxml2 xmlTextReader that never touches the network,
 * never loads or applies a DTD and never substitutes entities. A document type
 * declaration or an entity anywhere is refused as hostile rather than ignored, so an
 * XML bomb fails fast and visibly. Errors come back as GError in READ_ERROR, naming the
 * part and the line.
 */
#ifndef BAOCAO_XMLSAFE_H
#define BAOCAO_XMLSAFE_H

#include <glib.h>
#include <libxml/xmlreader.h>

/* Deepest element nesting accepted; libxml2's own limit without XML_PARSE_HUGE. */
#define XMLSAFE_MAX_DEPTH 256

typedef struct xml_safe XmlSafe;

/* Open a reader on len bytes of data (not copied: data must outlive the reader). part
 * names the source in messages ("word/document.xml"). A UTF-8 BOM or a UTF-16 encoding
 * is fine. Returns NULL with error set when libxml2 cannot start. */
XmlSafe *xmlsafe_open(const guint8 *data, gsize len, const char *part, GError **error);
void xmlsafe_free(XmlSafe *x);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(XmlSafe, xmlsafe_free)

/* Move to the next node. Returns 1 on a node, 0 at the end of the document, -1 with
 * error set: READ_ERR_HOSTILE for a DTD or entity, READ_ERR_CORRUPT when the part is
 * not well-formed, READ_ERR_BOMB past XMLSAFE_MAX_DEPTH. */
int xmlsafe_read(XmlSafe *x, GError **error);

/* The current node, for the xmlTextReader accessors (owned by x). */
xmlTextReaderPtr xmlsafe_reader(XmlSafe *x);

/* Node type (XML_READER_TYPE_*), element depth, and whether an element is empty
 * (<a/>: no END_ELEMENT follows). */
int xmlsafe_type(XmlSafe *x);
int xmlsafe_depth(XmlSafe *x);
gboolean xmlsafe_is_empty(XmlSafe *x);

/* Local name and namespace URI of the current node ("" when none; owned by x, valid
 * until the next read). */
const char *xmlsafe_name(XmlSafe *x);
const char *xmlsafe_ns(XmlSafe *x);

/* Text of a text, whitespace or CDATA node, or NULL (owned by x). */
const char *xmlsafe_value(XmlSafe *x);

/* Newly allocated value of the current element's attribute with this local name, in
 * any namespace or none (namespace declarations excluded), or NULL. */
char *xmlsafe_attr(XmlSafe *x, const char *local);

/* The part name given to xmlsafe_open (owned by x). */
const char *xmlsafe_part(XmlSafe *x);

#endif
