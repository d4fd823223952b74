/*
 * read_html.c - stage 2 reader for HTML, above all Word's "Save as web page" output
 * (often sent with a .doc name: read.c sniffs the bytes, not the name).
 *
 * Flow: cap the size; take the charset from a byte-order mark, else from a meta tag
 * in the head, else UTF-8 when the bytes are valid UTF-8 and windows-1252 otherwise
 * (which keeps TCVN3 bytes recoverable); convert to UTF-8 ourselves with GIConv,
 * bad bytes becoming U+FFFD; then parse with libxml2's HTML parser
 * (HTML_PARSE_NONET, no error output, the document's own encoding hints ignored since
 * the text is already UTF-8). The parser never fetches anything and knows only HTML's
 * predefined entities.
 *
 * Main choice: the DOM is walked without recursion (first child, next sibling, parent)
 * with an explicit frame per depth, a depth bound (deeper elements are dropped with a
 * warning) and a node-count cap. Each frame carries what CSS would inherit: bold
 * (b, strong, th, h1-h6, font-weight), centring (align=center, text-align:center,
 * <center>) and the legacy font family (font-family in a style attribute or
 * <font face>, .VnTime and VNI-Times as read_docx.c decides them). Block elements
 * (p, div, h1-h6, li, ...) end and begin paragraphs; white space collapses as a
 * browser does (pre keeps it); br is a line break. Tables become grids with colspan
 * and rowspan placed as browsers do. Word's own markers are honoured: its conditional
 * XML is a comment and so never read, divs with mso-element:header/footer go to the
 * margins and footnote or comment divs to the notes, and hidden text (display:none,
 * mso-hide:all) is dropped, along with script, style, head and form controls' code.
 */
#include "read.h"

#include <errno.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "docbuild.h"
#include "vntext.h"

/* Caps of this reader on top of read.h's and docbuild.h's (paragraph bytes, grid
 * positions, columns; paragraphs and tables are built with docbuild.c). */
#define MAX_HTML_BYTES      (32u * 1024 * 1024) /* an HTML file */
#define MAX_DEPTH           256                 /* element nesting walked */
#define MAX_NODES           2000000u            /* DOM nodes visited */
#define MAX_TABLE_DEPTH     32u                 /* tables inside tables */
#define MAX_BLOCKS          1000000u            /* paragraphs, tables and cells per file */
#define MAX_ROWS            100000u             /* rows of one table */
#define MAX_SPAN            1000u               /* colspan, rowspan */
#define CHARSET_SCAN_BYTES  4096u               /* head searched for a meta charset */

/* ====================================================================================
 * Charset and conversion
 * ================================================================================== */

/* The charset a meta tag declares in the head of the file, or NULL. */
static char *meta_charset(const guint8 *data, gsize len)
{
	gsize n = MIN(len, (gsize) CHARSET_SCAN_BYTES);
	g_autofree char *head = g_ascii_strdown((const char *) data, (gssize) n);
	/* g_ascii_strdown stops at a NUL byte: fine, a head with NULs has no meta */
	for (const char *p = strstr(head, "charset"); p != NULL; p = strstr(p + 7, "charset")) {
		const char *q = p + 7;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '"' || *q == '\'')
			q++;
		gsize k = 0;
		while (k < 40 && (g_ascii_isalnum(q[k]) || q[k] == '-' || q[k] == '_' || q[k] == '.' ||
		                  q[k] == ':'))
			k++;
		if (k > 0)
			return g_strndup(q, k);
	}
	return NULL;
}

/* Convert to UTF-8 with iconv; a byte the charset does not define becomes U+FFFD.
 * NULL when iconv does not know the charset. */
static char *convert_lenient(const guint8 *data, gsize len, const char *charset, gsize *out_len)
{
	GIConv cd = g_iconv_open("UTF-8", charset);
	if (cd == (GIConv) -1)
		return NULL;
	GString *out = g_string_sized_new(len + len / 2 + 16);
	char buf[8192];
	gchar *in = (gchar *) data;
	gsize in_left = len;
	while (in_left > 0) {
		gchar *o = buf;
		gsize o_left = sizeof buf;
		gsize rc = g_iconv(cd, &in, &in_left, &o, &o_left);
		g_string_append_len(out, buf, (gssize) (sizeof buf - o_left));
		if (rc == (gsize) -1 && errno != E2BIG) {
			/* EILSEQ or EINVAL (cut at the end): one byte is lost, shown as U+FFFD */
			g_string_append(out, "\xEF\xBF\xBD");
			in++;
			in_left--;
			g_iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	gchar *o = buf;
	gsize o_left = sizeof buf;
	g_iconv(cd, NULL, NULL, &o, &o_left);
	g_string_append_len(out, buf, (gssize) (sizeof buf - o_left));
	g_iconv_close(cd);
	*out_len = out->len;
	return g_string_free(out, FALSE);
}

/* UTF-8 with at most a few bad bytes: more well-formed multi-byte sequences than bytes
 * that fit none (a cp1252 page has hardly any of the former). */
static gboolean looks_utf8(const guint8 *d, gsize len)
{
	gsize good = 0, bad = 0;
	for (gsize i = 0; i < len;) {
		if (d[i] < 0x80) {
			i++;
			continue;
		}
		gsize rest = len - i, k = MIN(rest, (gsize) 4);
		const gchar *end = NULL;
		g_utf8_validate((const gchar *) d + i, (gssize) k, &end);
		gsize ok = (gsize) ((const guint8 *) end - (d + i));
		if (ok > 0) {
			/* the valid prefix holds at least one multi-byte character */
			good++;
			i += ok;
		} else {
			bad++;
			i++;
		}
	}
	return bad == 0 || good > bad;
}

/* The file as UTF-8 without a byte-order mark. */
static char *html_utf8(const guint8 *data, gsize len, gsize *out_len)
{
	const char *charset = NULL;
	g_autofree char *meta = NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		charset = "UTF-8";
	} else if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
		data += 2;
		len -= 2;
		charset = "UTF-16LE";
	} else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0) {
		data += 2;
		len -= 2;
		charset = "UTF-16BE";
	} else {
		meta = meta_charset(data, len);
		if (meta != NULL && (g_ascii_strcasecmp(meta, "utf-8") == 0 ||
		                     g_ascii_strcasecmp(meta, "utf8") == 0))
			charset = "UTF-8";
		else if (meta != NULL && g_str_has_prefix(meta, "utf-16"))
			charset = "UTF-8";  /* a meta cannot declare UTF-16 in ASCII-readable text */
		else if (meta != NULL)
			charset = meta;
		else
			charset = looks_utf8(data, len) ? "UTF-8" : "WINDOWS-1252";
	}
	if (strcmp(charset, "UTF-8") == 0) {
		char *s = g_utf8_make_valid((const char *) data, (gssize) len);
		*out_len = strlen(s);
		return s;
	}
	char *s = convert_lenient(data, len, charset, out_len);
	if (s == NULL)  /* a charset iconv does not know: read it as windows-1252 */
		s = convert_lenient(data, len, "WINDOWS-1252", out_len);
	return s;
}

/* ====================================================================================
 * Inline CSS
 * ================================================================================== */

/* Value of one property in a style attribute ("a:b; font-weight:bold"), trimmed and
 * unquoted, or NULL. */
static char *css_value(const char *style, const char *prop)
{
	if (style == NULL)
		return NULL;
	gsize n = strlen(prop);
	for (const char *p = style; (p = strstr(p, prop)) != NULL; p += n) {
		if (p != style && !(p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' ||
		                    p[-1] == '\r' || p[-1] == '{'))
			continue;
		const char *q = p + n;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q != ':')
			continue;
		q++;
		const char *end = strchr(q, ';');
		g_autofree char *v = end != NULL ? g_strndup(q, (gsize) (end - q)) : g_strdup(q);
		for (char *c = v; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		g_strstrip(v);
		return g_steal_pointer(&v);
	}
	return NULL;
}

static signed char weight_bold(const char *v)
{
	if (v == NULL)
		return -1;
	if (g_ascii_strncasecmp(v, "bold", 4) == 0)
		return 1;
	if (g_ascii_isdigit(v[0]))
		return g_ascii_strtoull(v, NULL, 10) >= 600;
	return 0;
}

/* ====================================================================================
 * The walk
 * ================================================================================== */

typedef struct {
	gboolean bold, centered, pre;
	VnEncoding enc;
	int list;            /* 0, 'u' (ul) or 'o' (ol) */
	char list_type;      /* ol type: '1', 'a', 'A', 'i', 'I' */
	int list_count;
	int action;          /* what leaving this element does */
	gboolean item;       /* an li: its label does not outlive it */
} Frame;

enum { A_NONE, A_BLOCK, A_TABLE, A_ROW, A_CELL, A_CONTAINER };

typedef struct {
	GPtrArray *blocks;   /* borrowed */
	DocPart part;
	DbPara *para;
	gboolean centered;   /* alignment of the open paragraph */
	char *label;         /* list label for the next paragraph */
} Container;

typedef struct {
	Doc *doc;
	Frame frames[MAX_DEPTH + 2];
	GArray *containers;  /* Container */
	GPtrArray *tables;   /* DbTable* */
	guint blocks;
	guint64 grid;
	guint nodes;
	gboolean deep_warned;
} Html;

static void container_clear(gpointer p)
{
	Container *c = p;
	db_para_free(c->para);
	g_free(c->label);
}

static Container *container(Html *h)
{
	return &g_array_index(h->containers, Container, h->containers->len - 1);
}

static gboolean count_block(Html *h, GError **error)
{
	if (++h->blocks > MAX_BLOCKS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u paragraphs, tables and cells in the HTML file", MAX_BLOCKS);
		return FALSE;
	}
	return TRUE;
}

/* End the open paragraph of the innermost container; one with no text is dropped. */
static gboolean para_close(Html *h, GError **error)
{
	Container *c = container(h);
	if (c->para == NULL)
		return TRUE;
	DocBlock *b = db_para_finish(c->para, h->doc, c->centered);
	g_clear_pointer(&c->para, db_para_free);
	/* &nbsp; padding at either end (now a plain space) is layout, not text */
	char *t = b->para.text, *e = t + strlen(t);
	while (e > t && e[-1] == ' ')
		*--e = '\0';
	if (t[0] == ' ')
		memmove(t, t + strspn(t, " "), strlen(t + strspn(t, " ")) + 1);
	if (b->para.text[0] == '\0' && b->para.num_label == NULL) {
		doc_block_free(b);
		return TRUE;
	}
	if (!count_block(h, error)) {
		doc_block_free(b);
		return FALSE;
	}
	g_ptr_array_add(c->blocks, b);
	return TRUE;
}

static DbPara *para_open(Html *h, const Frame *f)
{
	Container *c = container(h);
	if (c->para == NULL) {
		c->para = db_para_new(c->part, FALSE);
		c->para->label = g_steal_pointer(&c->label);
		c->centered = f->centered;
	}
	return c->para;
}

/* Word's downlevel-revealed conditionals ("<![if !supportLists]>", "<![endif]>") are
 * text to libxml2: drop the markers, keep what they enclose. */
static char *strip_conditionals(const char *t)
{
	GString *out = g_string_new(NULL);
	const char *p = t, *m;
	while ((m = strstr(p, "<![")) != NULL) {
		const char *end = strstr(m, "]>");
		if (end == NULL)
			break;
		g_string_append_len(out, p, m - p);
		p = end + 2;
	}
	g_string_append(out, p);
	return g_string_free(out, FALSE);
}

static gboolean put_text(Html *h, const Frame *f, const char *t, GError **error)
{
	g_autofree char *clean = strstr(t, "<![") != NULL ? strip_conditionals(t) : NULL;
	if (clean != NULL)
		t = clean;
	Container *c = container(h);
	if (c->para == NULL) {
		/* white space alone does not start a paragraph */
		const char *q = t;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f')
			q++;
		if (*q == '\0' && !f->pre)
			return TRUE;
	}
	DbPara *p = para_open(h, f);
	GString *buf = g_string_new(NULL);
	for (const char *q = t; *q; q++) {
		gboolean ws = *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f';
		if (ws && !f->pre) {
			if (!p->last_ws)
				g_string_append_c(buf, ' ');
			p->last_ws = TRUE;
		} else {
			g_string_append_c(buf, *q == '\r' ? '\n' : *q);
			p->last_ws = FALSE;
		}
	}
	gboolean ok = db_para_put(p, h->doc, buf->str, buf->len, f->enc, f->bold, "the HTML file", error);
	g_string_free(buf, TRUE);
	return ok;
}

static gboolean name_is(const xmlNode *n, const char *name)
{
	return n->name != NULL && g_ascii_strcasecmp((const char *) n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL && g_ascii_strcasecmp((const char *) a->name, name) == 0) {
			xmlChar *v = xmlNodeGetContent((const xmlNode *) a);
			char *s = g_strdup(v != NULL ? (const char *) v : "");
			xmlFree(v);
			return s;
		}
	return NULL;
}

static guint attr_span(const xmlNode *n, const char *name)
{
	g_autofree char *v = attr(n, name);
	if (v == NULL)
		return 1;
	guint64 k = g_ascii_strtoull(g_strstrip(v), NULL, 10);
	return (guint) CLAMP(k, 1, MAX_SPAN);
}

static gboolean is_block(const xmlNode *n)
{
	static const char *const names[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote",
		"pre", "address", "center", "caption", "section", "article", "header", "footer",
		"nav", "aside", "main", "figure", "figcaption", "ul", "ol", "dl", "hr", "body",
		"form", "fieldset", "legend",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (name_is(n, names[i]))
			return TRUE;
	return FALSE;
}

static gboolean is_skipped(const xmlNode *n)
{
	static const char *const names[] = {
		"script", "style", "head", "title", "noscript", "template", "object", "embed",
		"applet", "iframe", "select", "textarea", "button", "svg", "math", "xml", "noframes",
		"map", "video", "audio", "canvas",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (name_is(n, names[i]))
			return TRUE;
	return FALSE;
}

static void list_label(Frame *lf, Container *c)
{
	g_clear_pointer(&c->label, g_free);
	if (lf->list == 'u') {
		c->label = g_strdup("-");
		return;
	}
	int n = ++lf->list_count;
	GString *out = g_string_new(NULL);
	if ((lf->list_type == 'a' || lf->list_type == 'A') && n >= 1 && n <= 26)
		g_string_append_c(out, (char) (lf->list_type + n - 1));
	else if ((lf->list_type == 'i' || lf->list_type == 'I') && n >= 1 && n < 40) {
		static const char *const r[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
		static const char *const x[] = { "", "x", "xx", "xxx" };
		g_string_append(out, x[n / 10]);
		g_string_append(out, r[n % 10]);
		if (lf->list_type == 'I')
			for (gsize k = 0; k < out->len; k++)
				out->str[k] = g_ascii_toupper(out->str[k]);
	} else
		g_string_append_printf(out, "%d", n);
	g_string_append_c(out, '.');
	c->label = g_string_free(out, FALSE);
}

static gboolean table_close(Html *h, GError **error)
{
	DbTable *t = g_ptr_array_steal_index(h->tables, h->tables->len - 1);
	gboolean ok = count_block(h, error);
	DocBlock *b = ok ? db_grid_build(t, container(h)->part, &h->grid, "the HTML file", error) : NULL;
	db_table_free(t);
	if (b != NULL)
		g_ptr_array_add(container(h)->blocks, b);
	return ok && (error == NULL || *error == NULL);
}

/* An element starts: set up its frame (inherited from the parent) and say whether its
 * children are walked. */
static gboolean element_enter(Html *h, const xmlNode *n, int depth, gboolean *descend,
                              GError **error)
{
	Frame *f = &h->frames[depth];
	*f = depth > 0 ? h->frames[depth - 1] : (Frame) { 0 };
	f->action = A_NONE;
	f->item = FALSE;
	f->list = 0;
	*descend = FALSE;
	if (is_skipped(n))
		return TRUE;
	g_autofree char *style = attr(n, "style");
	g_autofree char *display = css_value(style, "display");
	g_autofree char *hide = css_value(style, "mso-hide");
	if ((display != NULL && g_ascii_strcasecmp(display, "none") == 0) ||
	    (hide != NULL && g_ascii_strcasecmp(hide, "all") == 0))
		return TRUE;
	*descend = TRUE;

	/* inherited properties */
	g_autofree char *weight = css_value(style, "font-weight");
	signed char b = weight_bold(weight);
	if (b >= 0)
		f->bold = b;
	else if (name_is(n, "b") || name_is(n, "strong") || name_is(n, "th") ||
	         (n->name != NULL && g_ascii_tolower(n->name[0]) == 'h' && n->name[1] >= '1' &&
	          n->name[1] <= '6' && n->name[2] == '\0'))
		f->bold = TRUE;
	g_autofree char *family = css_value(style, "font-family");
	g_autofree char *face = name_is(n, "font") ? attr(n, "face") : NULL;
	if (family != NULL || face != NULL)
		f->enc = db_font_encoding(family != NULL ? family : face);
	g_autofree char *align = attr(n, "align");
	g_autofree char *talign = css_value(style, "text-align");
	/* a table's or image's align attribute places it; it does not align text */
	const char *al = talign != NULL ? talign
	                 : name_is(n, "table") || name_is(n, "img") ? NULL : align;
	if (name_is(n, "center"))
		f->centered = TRUE;
	else if (al != NULL)
		f->centered = g_ascii_strcasecmp(al, "center") == 0 ||
		              g_ascii_strcasecmp(al, "middle") == 0;
	if (name_is(n, "pre"))
		f->pre = TRUE;

	/* structure */
	g_autofree char *element = css_value(style, "mso-element");
	if (element != NULL && name_is(n, "div") &&
	    (g_str_has_prefix(element, "header") || g_str_has_prefix(element, "footer") ||
	     strcmp(element, "footnote") == 0 || strcmp(element, "endnote") == 0 ||
	     strcmp(element, "comment") == 0)) {
		if (!para_close(h, error))
			return FALSE;
		gboolean margin = element[0] == 'h' || (element[0] == 'f' && element[4] == 'e');
		Container c = { margin ? h->doc->margins : h->doc->notes,
		                element[0] == 'h' ? PART_HEADER
		                : (element[0] == 'f' && element[4] == 'e') ? PART_FOOTER : PART_NOTE,
		                NULL, FALSE, NULL };
		g_array_append_val(h->containers, c);
		f->action = A_CONTAINER;
		return TRUE;
	}
	if (name_is(n, "table")) {
		if (!para_close(h, error))
			return FALSE;
		if (h->tables->len >= MAX_TABLE_DEPTH) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "tables nested deeper than %u in the HTML file", MAX_TABLE_DEPTH);
			return FALSE;
		}
		DbTable *t = db_table_new(h->tables->len);
		t->row_start = G_MAXUINT;  /* no row open */
		g_ptr_array_add(h->tables, t);
		f->action = A_TABLE;
		return TRUE;
	}
	DbTable *t = h->tables->len > 0 ? h->tables->pdata[h->tables->len - 1] : NULL;
	if (name_is(n, "tr") && t != NULL) {
		if (t->n_rows >= MAX_ROWS) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "table of more than %u rows in the HTML file", MAX_ROWS);
			return FALSE;
		}
		if (!para_close(h, error))
			return FALSE;
		t->n_rows++;
		t->row_start = t->cells->len;
		f->action = A_ROW;
		return TRUE;
	}
	if ((name_is(n, "td") || name_is(n, "th")) && t != NULL) {
		if (!para_close(h, error) || !count_block(h, error))
			return FALSE;
		if (t->row_start == G_MAXUINT || t->n_rows == 0) {
			t->n_rows++;  /* a cell outside any tr starts a row */
			t->row_start = t->cells->len;
		}
		DocCell *cell = g_new0(DocCell, 1);
		cell->blocks = doc_block_array_new();
		cell->row = t->n_rows - 1;
		cell->colspan = attr_span(n, "colspan");
		g_autofree char *rs = attr(n, "rowspan");
		cell->rowspan = rs != NULL && g_ascii_strtoull(g_strstrip(rs), NULL, 10) == 0
		                ? MAX_SPAN : attr_span(n, "rowspan");
		DbCell rec = { cell, DB_MERGE_NONE, TRUE };
		g_array_append_val(t->cells, rec);
		Container c = { cell->blocks, container(h)->part, NULL, FALSE, NULL };
		g_array_append_val(h->containers, c);
		f->action = A_CELL;
		return TRUE;
	}
	if (name_is(n, "ul") || name_is(n, "ol")) {
		f->list = name_is(n, "ul") ? 'u' : 'o';
		g_autofree char *type = attr(n, "type");
		g_autofree char *start = attr(n, "start");
		f->list_type = type != NULL && strchr("aAiI", type[0]) != NULL && type[0] ? type[0] : '1';
		f->list_count = start != NULL ? (int) CLAMP(g_ascii_strtoll(start, NULL, 10), 1, 100000) - 1 : 0;
	}
	if (name_is(n, "br")) {
		DbPara *p = para_open(h, f);
		p->last_ws = TRUE;
		return db_para_put(p, h->doc, "\n", 1, f->enc, f->bold, "the HTML file", error);
	}
	if (is_block(n)) {
		if (!para_close(h, error))
			return FALSE;
		f->action = A_BLOCK;
		if (name_is(n, "li")) {
			f->item = TRUE;
			for (int d = depth - 1; d >= 0; d--)
				if (h->frames[d].list != 0) {
					list_label(&h->frames[d], container(h));
					break;
				}
		}
	}
	return TRUE;
}

static gboolean element_leave(Html *h, int depth, GError **error)
{
	Frame *f = &h->frames[depth];
	switch (f->action) {
	case A_BLOCK:
		if (!para_close(h, error))
			return FALSE;
		if (f->item)
			g_clear_pointer(&container(h)->label, g_free);
		return TRUE;
	case A_CONTAINER:
	case A_CELL:
		if (!para_close(h, error))
			return FALSE;
		if (h->containers->len > 1)
			g_array_set_size(h->containers, h->containers->len - 1);
		return TRUE;
	case A_ROW:
		return para_close(h, error);
	case A_TABLE:
		return para_close(h, error) && table_close(h, error);
	default:
		return TRUE;
	}
}

/* Walk the tree from root without recursion. */
static gboolean html_walk(Html *h, xmlNode *root, GError **error)
{
	xmlNode *n = root;
	int depth = 0;
	while (n != NULL) {
		if (++h->nodes > MAX_NODES) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "HTML file of more than %u elements and text nodes", MAX_NODES);
			return FALSE;
		}
		gboolean descend = FALSE;
		if (n->type == XML_ELEMENT_NODE) {
			if (!element_enter(h, n, depth, &descend, error))
				return FALSE;
			if (descend && n->children != NULL && depth >= MAX_DEPTH) {
				if (!h->deep_warned)
					g_ptr_array_add(h->doc->warnings,
					                g_strdup_printf("elements nested deeper than %d were left out",
					                                MAX_DEPTH));
				h->deep_warned = TRUE;
				descend = FALSE;
			}
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		           n->content != NULL && depth > 0) {
			if (!put_text(h, &h->frames[depth - 1], (const char *) n->content, error))
				return FALSE;
		}
		if (descend && n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && !element_leave(h, depth, error))
			return FALSE;
		/* next sibling, or up to the first ancestor that has one */
		while (n != NULL && n != root && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n != NULL && n->type == XML_ELEMENT_NODE && !element_leave(h, depth, error))
				return FALSE;
		}
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
	return TRUE;
}

/* ====================================================================================
 * html_read
 * ================================================================================== */

static void xml_silent(void *ctx, const char *msg, ...)
{
	(void) ctx;
	(void) msg;
}

Doc *html_read(const guint8 *data, gsize len, GError **error)
{
	if (data == NULL || len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_EMPTY, "file is empty");
		return NULL;
	}
	if (len > MAX_HTML_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "HTML file of %" G_GSIZE_FORMAT
		            " MB, over the %u MB cap", len >> 20, MAX_HTML_BYTES >> 20);
		return NULL;
	}
	gsize ulen = 0;
	g_autofree char *utf8 = html_utf8(data, len, &ulen);
	if (utf8 == NULL || ulen > G_MAXINT) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "HTML file cannot be converted to UTF-8");
		return NULL;
	}
	/* libxml2 reports some errors through its generic handler, which prints */
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_silent);
	htmlDocPtr dom = htmlReadMemory(utf8, (int) ulen, NULL, "UTF-8",
	                                HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	                                HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	                                HTML_PARSE_NODEFDTD);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	xmlNode *root = dom != NULL ? xmlDocGetRootElement(dom) : NULL;
	if (root == NULL) {
		if (dom != NULL)
			xmlFreeDoc(dom);
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "HTML file has no element to read");
		return NULL;
	}
	Html h = { 0 };
	h.doc = doc_new("html");
	h.containers = g_array_new(FALSE, TRUE, sizeof(Container));
	g_array_set_clear_func(h.containers, container_clear);
	h.tables = g_ptr_array_new_with_free_func(db_table_free);
	Container base = { h.doc->body, PART_BODY, NULL, FALSE, NULL };
	g_array_append_val(h.containers, base);
	gboolean ok = html_walk(&h, root, error);
	/* close what the walk left open (it stops early only on an error) */
	while (ok && h.containers->len > 0) {
		ok = para_close(&h, error);
		if (h.containers->len == 1)
			break;
		g_array_set_size(h.containers, h.containers->len - 1);
	}
	while (ok && h.tables->len > 0)
		ok = table_close(&h, error);
	g_array_unref(h.containers);
	g_ptr_array_unref(h.tables);
	xmlFreeDoc(dom);
	if (!ok) {
		doc_free(h.doc);
		return NULL;
	}
	return h.doc;
}
