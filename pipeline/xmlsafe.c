/*
 * xmlsafe.c - a guarded xmlTextReader for XML that comes from outside.
 *
 * Main choice: refuse instead of neutralise. The reader runs with XML_PARSE_NONET and
 * without XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR, so nothing is fetched
 * and no entity is expanded; on top of that, the first DOCTYPE or entity node ends the
 * read with READ_ERR_HOSTILE. Office never writes a DTD into a package part, so a part
 * that has one was made by hand, and saying so is more useful to the clerk than
 * quietly reading around it. libxml2's own messages are silenced (NOERROR, NOWARNING)
 * and caught with a structured handler, which keeps the first error and its line for
 * the GError.
 */
#include "xmlsafe.h"

#include <string.h>

#include "read.h"

struct xml_safe {
	xmlTextReaderPtr reader;
	char *part;
	char *first_error;   /* first libxml2 error message, cleaned up */
	int first_line;
};

/* libxml2 prints what its input layer finds (a part declaring an encoding its bytes do
 * not follow: "encoding error : input conversion failed") through the generic handler,
 * not the reader's; the reason that counts is the reader's error. */
static void generic_quiet(void *ctx, const char *msg, ...)
{
	(void) ctx;
	(void) msg;
}

static gpointer parser_init(gpointer unused)
{
	(void) unused;
	xmlInitParser();
	return NULL;
}

/* Keep the first error: later ones are usually consequences of it. */
static void error_keep(void *arg, xmlErrorPtr e)
{
	XmlSafe *x = arg;
	/* Namespace complaints (an undeclared prefix) do not stop the parse: ignore. */
	if (e == NULL || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE ||
	    x->first_error != NULL)
		return;
	char *msg = g_strdup(e->message != NULL ? e->message : "malformed xml");
	g_strstrip(msg);
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (g_ascii_isupper(msg[0]) && !g_ascii_isupper(msg[1]))
		msg[0] = g_ascii_tolower(msg[0]);
	x->first_error = msg;
	x->first_line = e->line;
}

XmlSafe *xmlsafe_open(const guint8 *data, gsize len, const char *part, GError **error)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, parser_init, NULL);
	xmlSetGenericErrorFunc(NULL, generic_quiet);  /* per thread in libxml2 */

	if (len > G_MAXINT) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "%s is over 2 GB", part);
		return NULL;
	}
	/* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or XML_PARSE_HUGE. */
	int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	              XML_PARSE_NOCDATA;
	XmlSafe *x = g_new0(XmlSafe, 1);
	x->part = g_strdup(part);
	x->reader = xmlReaderForMemory((const char *) data, (int) len, part, NULL, options);
	if (x->reader == NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "cannot start xml reader on %s",
		            part);
		xmlsafe_free(x);
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(x->reader, error_keep, x);
	return x;
}

void xmlsafe_free(XmlSafe *x)
{
	if (x == NULL)
		return;
	if (x->reader != NULL)
		xmlFreeTextReader(x->reader);
	g_free(x->part);
	g_free(x->first_error);
	g_free(x);
}

int xmlsafe_read(XmlSafe *x, GError **error)
{
	int r = xmlTextReaderRead(x->reader);
	if (r < 0) {
		if (x->first_error != NULL && x->first_line > 0)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "xml error in %s line %d: %s", x->part, x->first_line,
			            x->first_error);
		else if (x->first_error != NULL)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "xml error in %s: %s",
			            x->part, x->first_error);
		else
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "xml error in %s line %d", x->part,
			            xmlTextReaderGetParserLineNumber(x->reader));
		return -1;
	}
	if (r == 0)
		return 0;
	switch (xmlTextReaderNodeType(x->reader)) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		g_set_error(error, READ_ERROR, READ_ERR_HOSTILE, "DTD declared in %s", x->part);
		return -1;
	case XML_READER_TYPE_ENTITY:
	case XML_READER_TYPE_ENTITY_REFERENCE:
		g_set_error(error, READ_ERROR, READ_ERR_HOSTILE, "entity used in %s line %d",
		            x->part, xmlTextReaderGetParserLineNumber(x->reader));
		return -1;
	default:
		break;
	}
	if (xmlTextReaderDepth(x->reader) > XMLSAFE_MAX_DEPTH) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "xml elements nested deeper than %d in %s", XMLSAFE_MAX_DEPTH, x->part);
		return -1;
	}
	return 1;
}

xmlTextReaderPtr xmlsafe_reader(XmlSafe *x)
{
	return x->reader;
}

int xmlsafe_type(XmlSafe *x)
{
	return xmlTextReaderNodeType(x->reader);
}

int xmlsafe_depth(XmlSafe *x)
{
	return xmlTextReaderDepth(x->reader);
}

gboolean xmlsafe_is_empty(XmlSafe *x)
{
	return xmlTextReaderIsEmptyElement(x->reader) == 1;
}

const char *xmlsafe_name(XmlSafe *x)
{
	const xmlChar *s = xmlTextReaderConstLocalName(x->reader);
	return s != NULL ? (const char *) s : "";
}

const char *xmlsafe_ns(XmlSafe *x)
{
	const xmlChar *s = xmlTextReaderConstNamespaceUri(x->reader);
	return s != NULL ? (const char *) s : "";
}

const char *xmlsafe_value(XmlSafe *x)
{
	return (const char *) xmlTextReaderConstValue(x->reader);
}

char *xmlsafe_attr(XmlSafe *x, const char *local)
{
	xmlTextReaderPtr r = x->reader;
	char *found = NULL;
	if (xmlTextReaderHasAttributes(r) != 1)
		return NULL;
	for (int ok = xmlTextReaderMoveToFirstAttribute(r); ok == 1;
	     ok = xmlTextReaderMoveToNextAttribute(r)) {
		if (xmlTextReaderIsNamespaceDecl(r) == 1)
			continue;
		const xmlChar *name = xmlTextReaderConstLocalName(r);
		if (name != NULL && strcmp((const char *) name, local) == 0) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			found = g_strdup(v != NULL ? (const char *) v : "");
			break;
		}
	}
	xmlTextReaderMoveToElement(r);
	return found;
}

const char *xmlsafe_part(XmlSafe *x)
{
	return x->part;
}
