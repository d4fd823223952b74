/*
 * read_docx.c - stage 2 reader for DOCX (WordprocessingML in an OPC zip package).
 *
 * Flow: vet the zip (entry count, declared sizes, compression ratio) before inflating
 * anything; scan the head of every XML part for a DTD; follow _rels/.rels to the main
 * part (any path; [Content_Types].xml as fallback); read theme, styles and numbering as
 * far as fonts, bold/italic, alignment and list labels need; then stream the main
 * part, the headers and footers, and the notes through one story parser.
 *
 * Main choice: one streaming pass per part with an explicit, bounded stack instead of
 * a DOM and recursion. Every element gets a frame at its depth (at most
 * XMLSAFE_MAX_DEPTH), structure (paragraph, table, row, cell, text box) has its own
 * small stack, and whatever must not reach the text (deleted runs, field codes, the
 * second branch of mc:AlternateContent, property-change history) is skipped as a
 * subtree. Elements are matched by local name within a namespace class, so strict
 * OOXML and odd prefixes read the same as transitional files.
 *
 * Text decisions follow what Word shows after accepting all changes: insertions and
 * moves-to kept, deletions and moves-from dropped, a deleted paragraph mark joins the
 * paragraph to the next; field results kept, field codes dropped; legacy form fields
 * show their result (a check box as a ballot box). Legacy TCVN3/VNI text is decided per
 * run from the run's effective font, then per paragraph by vntext's guess.
 */
#include "read.h"

#include <string.h>
#include <zip.h>

#include "docbuild.h"
#include "package.h"
#include "vntext.h"
#include "xmlsafe.h"

/* Caps of this reader on top of read.h's. */
#define MAX_TABLE_DEPTH     32u                 /* tables inside tables */
#define MAX_FIELD_DEPTH     64u                 /* nested complex fields */
#define MAX_PARA_BYTES      (1024u * 1024)      /* text of one paragraph */
#define MAX_BLOCKS          1000000u            /* paragraphs, tables and cells per file */
#define MAX_GRID_CELLS      4000000u            /* table grid positions per file */
#define MAX_SPAN            1000u               /* gridSpan, gridBefore, gridAfter */
#define MAX_STYLE_CHAIN     16                  /* basedOn links followed */
#define MAX_NUM_DEFS        10000u              /* w:num and w:abstractNum kept */
#define MAX_INSTR_BYTES     4096u               /* field instruction kept per field */

/* ====================================================================================
 * XML helpers shared by the small parsers and the story parser.
 * ================================================================================== */

typedef enum { NS_OTHER, NS_W, NS_MC, NS_MATH } NsClass;

/* WordprocessingML main (transitional or strict) and no namespace at all count as W:
 * elements are matched by local name, whatever the prefix. */
static NsClass ns_class(const char *uri)
{
	if (uri == NULL || uri[0] == '\0')
		return NS_W;
	if (g_str_has_suffix(uri, "/wordprocessingml/2006/main") ||
	    g_str_has_suffix(uri, "/ooxml/wordprocessingml/main"))
		return NS_W;
	if (g_str_has_suffix(uri, "/markup-compatibility/2006"))
		return NS_MC;
	if (g_str_has_suffix(uri, "/officeDocument/2006/math") ||
	    g_str_has_suffix(uri, "/ooxml/officeDocument/math"))
		return NS_MATH;
	return NS_OTHER;
}

static gboolean onoff(const char *v)
{
	if (v == NULL)
		return TRUE;
	return !(strcmp(v, "0") == 0 || g_ascii_strcasecmp(v, "false") == 0 ||
	         g_ascii_strcasecmp(v, "off") == 0 || g_ascii_strcasecmp(v, "none") == 0);
}

/* Decimal attribute value in [lo, hi], or def. */
static gint64 attr_int(XmlSafe *x, const char *local, gint64 lo, gint64 hi, gint64 def)
{
	g_autofree char *v = xmlsafe_attr(x, local);
	gint64 n;
	if (v == NULL || !g_ascii_string_to_signed(g_strstrip(v), 10, lo, hi, &n, NULL))
		return def;
	return n;
}

/* ====================================================================================
 * [Content_Types].xml and relationships
 * ================================================================================== */

typedef enum { MAIN_UNKNOWN, MAIN_WORD, MAIN_SHEET, MAIN_SLIDES } MainKind;

static MainKind content_type_kind(const char *ct)
{
	if (ct == NULL || !strstr(ct, ".main+xml"))
		return MAIN_UNKNOWN;
	if (strstr(ct, "wordprocessingml") || strstr(ct, "ms-word."))
		return MAIN_WORD;
	if (strstr(ct, "spreadsheetml") || strstr(ct, "ms-excel."))
		return MAIN_SHEET;
	if (strstr(ct, "presentationml") || strstr(ct, "ms-powerpoint."))
		return MAIN_SLIDES;
	return MAIN_UNKNOWN;
}

/* Part name (no leading '/', lower case) -> content type, from Override elements. */
static GHashTable *content_types_read(Package *pkg, GError **error)
{
	g_autoptr(GHashTable) map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, "[Content_Types].xml", &keep, error);
	if (x == NULL)
		return error != NULL && *error != NULL ? NULL : g_steal_pointer(&map);
	int r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT ||
		    strcmp(xmlsafe_name(x), "Override") != 0)
			continue;
		g_autofree char *pn = xmlsafe_attr(x, "PartName");
		char *ct = xmlsafe_attr(x, "ContentType");
		if (pn == NULL || ct == NULL || g_hash_table_size(map) >= READ_MAX_ZIP_ENTRIES) {
			g_free(ct);
			continue;
		}
		const char *p = pn;
		while (*p == '/')
			p++;
		g_hash_table_replace(map, g_ascii_strdown(p, -1), ct);
	}
	return r < 0 ? NULL : g_steal_pointer(&map);
}

typedef struct {
	char *type;     /* last segment of the type URI: "officeDocument", "header", ... */
	char *target;   /* resolved part name, or NULL when it escapes the package */
	char *raw;      /* Target as written */
} Rel;

static void rel_free(gpointer p)
{
	Rel *r = p;
	g_free(r->type);
	g_free(r->target);
	g_free(r->raw);
	g_free(r);
}

/* Resolve a relationship target against the folder of the source part ("" for the
 * package root). NULL when the result would leave the package. */
static char *target_resolve(const char *source_dir, const char *target)
{
	g_autofree char *t = g_strdup(target);
	char *hash = strchr(t, '#');
	if (hash != NULL)
		*hash = '\0';
	g_autofree char *un = g_uri_unescape_string(t, NULL);
	const char *use = un != NULL ? un : t;
	if (strchr(use, '\\') != NULL)
		return NULL;
	g_autofree char *joined = use[0] == '/' ? g_strdup(use)
	                                        : g_strconcat(source_dir, "/", use, NULL);
	return package_path_normalize(joined);
}

/* Relationships of a part, from its rels part; an empty array when there is none. */
static GPtrArray *rels_read(Package *pkg, const char *rels_part, const char *source_dir,
                            GError **error)
{
	g_autoptr(GPtrArray) rels = g_ptr_array_new_with_free_func(rel_free);
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, rels_part, &keep, error);
	if (x == NULL)
		return error != NULL && *error != NULL ? NULL : g_steal_pointer(&rels);
	int r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		if (xmlsafe_type(x) != XML_READER_TYPE_ELEMENT ||
		    strcmp(xmlsafe_name(x), "Relationship") != 0 || rels->len >= READ_MAX_ZIP_ENTRIES)
			continue;
		g_autofree char *type = xmlsafe_attr(x, "Type");
		g_autofree char *target = xmlsafe_attr(x, "Target");
		g_autofree char *mode = xmlsafe_attr(x, "TargetMode");
		if (type == NULL || target == NULL ||
		    (mode != NULL && g_ascii_strcasecmp(mode, "External") == 0))
			continue;
		const char *slash = strrchr(type, '/');
		Rel *rel = g_new0(Rel, 1);
		rel->type = g_strdup(slash != NULL ? slash + 1 : type);
		rel->target = target_resolve(source_dir, target);
		rel->raw = g_steal_pointer(&target);
		g_ptr_array_add(rels, rel);
	}
	return r < 0 ? NULL : g_steal_pointer(&rels);
}

static const Rel *rels_find(const GPtrArray *rels, const char *type)
{
	for (guint i = 0; i < rels->len; i++) {
		const Rel *r = rels->pdata[i];
		if (strcmp(r->type, type) == 0)
			return r;
	}
	return NULL;
}

/* ====================================================================================
 * Theme fonts: only the two Latin typefaces (major for headings, minor for body).
 * ================================================================================== */

typedef struct {
	char *major, *minor;
} Theme;

static void theme_clear(Theme *t)
{
	g_clear_pointer(&t->major, g_free);
	g_clear_pointer(&t->minor, g_free);
}

static gboolean theme_read(Package *pkg, const char *part, Theme *th, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, part, &keep, error);
	if (x == NULL)
		return error == NULL || *error == NULL;
	int r, in_font = 0, font_depth = -1;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		const char *name = xmlsafe_name(x);
		if (type == XML_READER_TYPE_END_ELEMENT && depth == font_depth) {
			in_font = 0;
			font_depth = -1;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(name, "majorFont") == 0 || strcmp(name, "minorFont") == 0) {
			in_font = name[1] == 'a' ? 1 : 2;
			font_depth = xmlsafe_is_empty(x) ? -1 : depth;
		} else if (in_font && strcmp(name, "latin") == 0) {
			char **slot = in_font == 1 ? &th->major : &th->minor;
			if (*slot == NULL)
				*slot = xmlsafe_attr(x, "typeface");
		}
	}
	return r == 0;
}

static const char *theme_font(const Theme *th, const char *theme_name)
{
	if (theme_name == NULL)
		return NULL;
	if (g_str_has_prefix(theme_name, "major"))
		return th->major;
	if (g_str_has_prefix(theme_name, "minor"))
		return th->minor;
	return NULL;
}

/* The font a w:rFonts element names for Latin text: a theme attribute wins over the
 * explicit name, ascii over hAnsi. Newly allocated, or NULL when it names none. */
static char *rfonts_latin(XmlSafe *x, const Theme *th)
{
	static const char *const order[][2] = { { "asciiTheme", "ascii" }, { "hAnsiTheme", "hAnsi" } };
	for (gsize i = 0; i < G_N_ELEMENTS(order); i++) {
		g_autofree char *thm = xmlsafe_attr(x, order[i][0]);
		const char *f = theme_font(th, thm);
		if (f != NULL)
			return g_strdup(f);
		char *name = xmlsafe_attr(x, order[i][1]);
		if (name != NULL && name[0] != '\0')
			return name;
		g_free(name);
	}
	return NULL;
}

/* ====================================================================================
 * Styles: per style only what the text needs (font for legacy detection, bold, italic,
 * centring, list numbering), resolved along the basedOn chain.
 * ================================================================================== */

typedef struct {
	char *id, *based_on;
	char *font;            /* NULL: inherit */
	signed char bold, italic, centered;  /* -1: inherit */
	int num_id, ilvl;      /* -1: inherit; num_id 0 switches numbering off */
} Style;

typedef struct {
	GHashTable *by_id;     /* id -> Style* */
	char *default_para;    /* id of the default paragraph style */
	char *default_char;    /* id of the default character style */
	char *font;            /* docDefaults */
	signed char bold, italic;
} Styles;

static void style_free(gpointer p)
{
	Style *s = p;
	g_free(s->id);
	g_free(s->based_on);
	g_free(s->font);
	g_free(s);
}

static void styles_init(Styles *st)
{
	memset(st, 0, sizeof *st);
	st->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, style_free);
	st->bold = st->italic = -1;
}

static void styles_clear(Styles *st)
{
	if (st->by_id != NULL)
		g_hash_table_unref(st->by_id);
	g_free(st->default_para);
	g_free(st->default_char);
	g_free(st->font);
	memset(st, 0, sizeof *st);
}

typedef enum {
	SX_NONE, SX_STYLE, SX_DEFAULTS, SX_PPR, SX_RPR, SX_NUMPR,
} StyleCtx;

static gboolean styles_read(Package *pkg, const char *part, const Theme *th, Styles *st,
                            GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, part, &keep, error);
	if (x == NULL)
		return *error == NULL;
	StyleCtx ctx[XMLSAFE_MAX_DEPTH + 2];
	Style *cur = NULL;        /* style being read, or NULL inside docDefaults */
	gboolean in_defaults = FALSE;
	int skip = -1, r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == skip)
				skip = -1;
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (ctx[depth] == SX_STYLE)
				cur = NULL;
			else if (ctx[depth] == SX_DEFAULTS)
				in_defaults = FALSE;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = xmlsafe_name(x);
		StyleCtx parent = depth > 0 ? ctx[depth - 1] : SX_NONE;
		StyleCtx me = SX_NONE;
		gboolean empty = xmlsafe_is_empty(x);
		if (ns_class(xmlsafe_ns(x)) != NS_W) {
			ctx[depth] = SX_NONE;
			if (!empty)
				skip = depth;
			continue;
		}
		if (strcmp(name, "style") == 0 && depth == 1 &&
		    g_hash_table_size(st->by_id) < MAX_NUM_DEFS) {
			g_autofree char *id = xmlsafe_attr(x, "styleId");
			g_autofree char *stype = xmlsafe_attr(x, "type");
			g_autofree char *def = xmlsafe_attr(x, "default");
			if (id != NULL && !g_hash_table_contains(st->by_id, id)) {
				cur = g_new0(Style, 1);
				cur->id = g_steal_pointer(&id);
				cur->bold = cur->italic = cur->centered = -1;
				cur->num_id = cur->ilvl = -1;
				g_hash_table_insert(st->by_id, cur->id, cur);
				if (def != NULL && onoff(def) && stype != NULL) {
					char **slot = strcmp(stype, "paragraph") == 0 ? &st->default_para
					            : strcmp(stype, "character") == 0 ? &st->default_char : NULL;
					if (slot != NULL && *slot == NULL)
						*slot = g_strdup(cur->id);
				}
				me = SX_STYLE;
			} else if (!empty) {
				skip = depth;
			}
		} else if (strcmp(name, "docDefaults") == 0) {
			in_defaults = TRUE;
			me = SX_DEFAULTS;
		} else if (strcmp(name, "rPrDefault") == 0 || strcmp(name, "pPrDefault") == 0) {
			me = parent;
		} else if (g_str_has_suffix(name, "Change") || strcmp(name, "tblStylePr") == 0) {
			if (!empty)
				skip = depth;  /* old properties, or conditional table formatting */
		} else if ((parent == SX_STYLE || parent == SX_DEFAULTS) && strcmp(name, "basedOn") == 0) {
			if (cur != NULL && cur->based_on == NULL)
				cur->based_on = xmlsafe_attr(x, "val");
		} else if ((parent == SX_STYLE || parent == SX_DEFAULTS) && strcmp(name, "pPr") == 0) {
			me = SX_PPR;
		} else if ((parent == SX_STYLE || parent == SX_DEFAULTS || parent == SX_PPR) &&
		           strcmp(name, "rPr") == 0) {
			me = parent == SX_PPR ? SX_NONE : SX_RPR;
		} else if (parent == SX_PPR && strcmp(name, "numPr") == 0) {
			me = SX_NUMPR;
		} else if (parent == SX_NUMPR && cur != NULL && strcmp(name, "numId") == 0) {
			cur->num_id = (int) attr_int(x, "val", 0, G_MAXINT, -1);
		} else if (parent == SX_NUMPR && cur != NULL && strcmp(name, "ilvl") == 0) {
			cur->ilvl = (int) attr_int(x, "val", 0, 8, -1);
		} else if (parent == SX_PPR && cur != NULL && strcmp(name, "jc") == 0) {
			g_autofree char *v = xmlsafe_attr(x, "val");
			cur->centered = v != NULL && strcmp(v, "center") == 0;
		} else if (parent == SX_RPR && strcmp(name, "rFonts") == 0) {
			char *f = rfonts_latin(x, th);
			char **slot = cur != NULL ? &cur->font : in_defaults ? &st->font : NULL;
			if (slot != NULL && f != NULL) {
				g_free(*slot);
				*slot = f;
			} else {
				g_free(f);
			}
		} else if (parent == SX_RPR && (strcmp(name, "b") == 0 || strcmp(name, "i") == 0)) {
			g_autofree char *v = xmlsafe_attr(x, "val");
			signed char on = onoff(v) ? 1 : 0;
			if (cur != NULL)
				*(name[0] == 'b' ? &cur->bold : &cur->italic) = on;
			else if (in_defaults)
				*(name[0] == 'b' ? &st->bold : &st->italic) = on;
		}
		ctx[depth] = me;
		if (empty && me == SX_STYLE)
			cur = NULL;
		if (empty && me == SX_DEFAULTS)
			in_defaults = FALSE;
	}
	return r == 0;
}

static const Style *styles_get(const Styles *st, const char *id)
{
	return id != NULL && st->by_id != NULL ? g_hash_table_lookup(st->by_id, id) : NULL;
}

/* Walk a style and its basedOn ancestors; the first that sets the field wins. */
static const char *styles_font(const Styles *st, const char *id)
{
	const Style *s = styles_get(st, id);
	for (int i = 0; s != NULL && i < MAX_STYLE_CHAIN; i++, s = styles_get(st, s->based_on))
		if (s->font != NULL)
			return s->font;
	return NULL;
}

static int styles_flag(const Styles *st, const char *id, gsize offset)
{
	const Style *s = styles_get(st, id);
	for (int i = 0; s != NULL && i < MAX_STYLE_CHAIN; i++, s = styles_get(st, s->based_on)) {
		signed char v = *(const signed char *) ((const char *) s + offset);
		if (v >= 0)
			return v;
	}
	return -1;
}

static void styles_numbering(const Styles *st, const char *id, int *num_id, int *ilvl)
{
	*num_id = *ilvl = -1;
	const Style *s = styles_get(st, id);
	for (int i = 0; s != NULL && i < MAX_STYLE_CHAIN; i++, s = styles_get(st, s->based_on)) {
		if (*ilvl < 0 && s->ilvl >= 0)
			*ilvl = s->ilvl;
		if (s->num_id >= 0) {
			*num_id = s->num_id;
			return;
		}
	}
}

/* ====================================================================================
 * Numbering: numbering.xml definitions and the counters that render "1.2.", "a)", "-".
 * ================================================================================== */

typedef struct {
	gboolean set;
	int start;
	char *fmt;        /* numFmt: decimal, upperRoman, bullet, ... */
	char *text;       /* lvlText: "%1.%2." */
	char *pstyle;     /* paragraph style linked to this level */
	int restart;      /* lvlRestart: -1 default, 0 never */
	gboolean legal;   /* isLgl: show every level in decimal */
} Level;

typedef struct {
	Level lvl[9];
	char *num_style_link;  /* levels live in the list this numbering style points to */
} AbstractNum;

typedef struct {
	int abstract_id;
	int start_override[9];  /* -1: none */
	Level lvl[9];           /* lvlOverride/lvl replacing the abstract level */
} Num;

typedef struct {
	int count[9];
	gboolean started[9];
} Counters;

typedef struct {
	GHashTable *abstracts;  /* int id -> AbstractNum* */
	GHashTable *nums;       /* int id -> Num* */
} Numbering;

/* Counters of one story: per abstract list, and which w:num have applied their
 * start overrides. */
typedef struct {
	GHashTable *counters;   /* int abstract id -> Counters* */
	GHashTable *num_seen;   /* int num id -> present */
} NumState;

static void level_clear(Level *l)
{
	g_free(l->fmt);
	g_free(l->text);
	g_free(l->pstyle);
	memset(l, 0, sizeof *l);
}

static void abstract_free(gpointer p)
{
	AbstractNum *a = p;
	for (int i = 0; i < 9; i++)
		level_clear(&a->lvl[i]);
	g_free(a->num_style_link);
	g_free(a);
}

static void num_free(gpointer p)
{
	Num *n = p;
	for (int i = 0; i < 9; i++)
		level_clear(&n->lvl[i]);
	g_free(n);
}

static void numbering_init(Numbering *nb)
{
	nb->abstracts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, abstract_free);
	nb->nums = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, num_free);
}

static void numbering_clear(Numbering *nb)
{
	g_clear_pointer(&nb->abstracts, g_hash_table_unref);
	g_clear_pointer(&nb->nums, g_hash_table_unref);
}

static void num_state_init(NumState *ns)
{
	ns->counters = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	ns->num_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static void num_state_clear(NumState *ns)
{
	g_clear_pointer(&ns->counters, g_hash_table_unref);
	g_clear_pointer(&ns->num_seen, g_hash_table_unref);
}

typedef enum { NX_NONE, NX_ABSTRACT, NX_NUM, NX_OVERRIDE, NX_LVL } NumCtx;

static gboolean numbering_read(Package *pkg, const char *part, Numbering *nb, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(pkg, part, &keep, error);
	if (x == NULL)
		return *error == NULL;
	NumCtx ctx[XMLSAFE_MAX_DEPTH + 2];
	AbstractNum *abs = NULL;
	Num *num = NULL;
	Level *lvl = NULL;
	int ov_level = -1, skip = -1, r;
	while ((r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == skip)
				skip = -1;
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			switch (ctx[depth]) {
			case NX_ABSTRACT: abs = NULL; break;
			case NX_NUM: num = NULL; break;
			case NX_OVERRIDE: ov_level = -1; break;
			case NX_LVL: lvl = NULL; break;
			default: break;
			}
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = xmlsafe_name(x);
		NumCtx parent = depth > 0 ? ctx[depth - 1] : NX_NONE, me = NX_NONE;
		gboolean empty = xmlsafe_is_empty(x);
		if (ns_class(xmlsafe_ns(x)) != NS_W || g_str_has_suffix(name, "Change")) {
			ctx[depth] = NX_NONE;
			if (!empty)
				skip = depth;
			continue;
		}
		if (depth == 1 && strcmp(name, "abstractNum") == 0) {
			gint64 id = attr_int(x, "abstractNumId", 0, G_MAXINT, -1);
			if (id >= 0 && g_hash_table_size(nb->abstracts) < MAX_NUM_DEFS &&
			    !g_hash_table_contains(nb->abstracts, GINT_TO_POINTER(id))) {
				abs = g_new0(AbstractNum, 1);
				g_hash_table_insert(nb->abstracts, GINT_TO_POINTER(id), abs);
				me = NX_ABSTRACT;
			} else if (!empty) {
				skip = depth;
			}
		} else if (depth == 1 && strcmp(name, "num") == 0) {
			gint64 id = attr_int(x, "numId", 0, G_MAXINT, -1);
			if (id >= 0 && g_hash_table_size(nb->nums) < MAX_NUM_DEFS &&
			    !g_hash_table_contains(nb->nums, GINT_TO_POINTER(id))) {
				num = g_new0(Num, 1);
				num->abstract_id = -1;
				for (int i = 0; i < 9; i++)
					num->start_override[i] = -1;
				g_hash_table_insert(nb->nums, GINT_TO_POINTER(id), num);
				me = NX_NUM;
			} else if (!empty) {
				skip = depth;
			}
		} else if (parent == NX_ABSTRACT && strcmp(name, "numStyleLink") == 0) {
			if (abs->num_style_link == NULL)
				abs->num_style_link = xmlsafe_attr(x, "val");
		} else if (parent == NX_NUM && strcmp(name, "abstractNumId") == 0) {
			num->abstract_id = (int) attr_int(x, "val", 0, G_MAXINT, -1);
		} else if (parent == NX_NUM && strcmp(name, "lvlOverride") == 0) {
			ov_level = (int) attr_int(x, "ilvl", 0, 8, -1);
			me = ov_level >= 0 ? NX_OVERRIDE : NX_NONE;
			if (ov_level < 0 && !empty)
				skip = depth;
		} else if (parent == NX_OVERRIDE && strcmp(name, "startOverride") == 0) {
			num->start_override[ov_level] = (int) attr_int(x, "val", 0, G_MAXINT, 0);
		} else if ((parent == NX_ABSTRACT || parent == NX_OVERRIDE) && strcmp(name, "lvl") == 0) {
			int il = parent == NX_OVERRIDE ? ov_level : (int) attr_int(x, "ilvl", 0, 8, -1);
			if (il >= 0) {
				lvl = parent == NX_OVERRIDE ? &num->lvl[il] : &abs->lvl[il];
				level_clear(lvl);
				lvl->set = TRUE;
				lvl->start = 1;
				lvl->restart = -1;
				me = NX_LVL;
			} else if (!empty) {
				skip = depth;
			}
		} else if (parent == NX_LVL) {
			if (strcmp(name, "start") == 0)
				lvl->start = (int) attr_int(x, "val", 0, G_MAXINT, 1);
			else if (strcmp(name, "numFmt") == 0 && lvl->fmt == NULL)
				lvl->fmt = xmlsafe_attr(x, "val");
			else if (strcmp(name, "lvlText") == 0 && lvl->text == NULL)
				lvl->text = xmlsafe_attr(x, "val");
			else if (strcmp(name, "pStyle") == 0 && lvl->pstyle == NULL)
				lvl->pstyle = xmlsafe_attr(x, "val");
			else if (strcmp(name, "lvlRestart") == 0)
				lvl->restart = (int) attr_int(x, "val", 0, 9, -1);
			else if (strcmp(name, "isLgl") == 0) {
				g_autofree char *v = xmlsafe_attr(x, "val");
				lvl->legal = onoff(v);
			} else if (!empty) {
				skip = depth;  /* pPr, rPr of the label: not needed */
			}
		}
		ctx[depth] = me;
		if (empty) {
			switch (me) {
			case NX_ABSTRACT: abs = NULL; break;
			case NX_NUM: num = NULL; break;
			case NX_OVERRIDE: ov_level = -1; break;
			case NX_LVL: lvl = NULL; break;
			default: break;
			}
		}
	}
	return r == 0;
}

/* The abstract list of a w:num, following numStyleLink through a numbering style. */
static AbstractNum *numbering_abstract(const Numbering *nb, const Styles *st, const Num *num,
                                       int *abstract_id)
{
	int id = num->abstract_id;
	for (int hop = 0; hop < 4; hop++) {
		AbstractNum *a = g_hash_table_lookup(nb->abstracts, GINT_TO_POINTER(id));
		if (a == NULL)
			return NULL;
		*abstract_id = id;
		if (a->num_style_link == NULL)
			return a;
		int link_num, link_lvl;
		styles_numbering(st, a->num_style_link, &link_num, &link_lvl);
		const Num *n2 = link_num > 0
		                ? g_hash_table_lookup(nb->nums, GINT_TO_POINTER(link_num)) : NULL;
		if (n2 == NULL || n2->abstract_id == id)
			return a;
		id = n2->abstract_id;
	}
	return NULL;
}

static void roman_append(GString *out, int n, gboolean upper)
{
	static const struct { int v; const char *s; } t[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		{ 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	if (n <= 0 || n >= 4000) {
		g_string_append_printf(out, "%d", n);
		return;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(t); i++)
		while (n >= t[i].v) {
			for (const char *p = t[i].s; *p; p++)
				g_string_append_c(out, upper ? g_ascii_toupper(*p) : *p);
			n -= t[i].v;
		}
}

/* One number in a level's format. Letters repeat past Z as Word does: AA, BB, ... */
static void number_append(GString *out, int n, const char *fmt)
{
	if (fmt == NULL || strcmp(fmt, "decimal") == 0) {
		g_string_append_printf(out, "%d", n);
	} else if (strcmp(fmt, "decimalZero") == 0) {
		g_string_append_printf(out, "%02d", n);
	} else if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) {
		roman_append(out, n, fmt[0] == 'u');
	} else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) {
		if (n <= 0 || n > 780) {
			g_string_append_printf(out, "%d", n);
			return;
		}
		char c = (char) ((fmt[0] == 'u' ? 'A' : 'a') + (n - 1) % 26);
		for (int k = 0; k <= (n - 1) / 26; k++)
			g_string_append_c(out, c);
	} else if (strcmp(fmt, "none") == 0) {
		/* nothing */
	} else {
		g_string_append_printf(out, "%d", n);
	}
}

/* Advance the counters for a numbered paragraph and render its label; NULL when the
 * list is unknown or the label is empty. */
static char *numbering_label(const Numbering *nb, const Styles *st, NumState *ns, int num_id,
                             int ilvl)
{
	if (num_id <= 0 || ilvl < 0 || ilvl > 8 || nb->nums == NULL)
		return NULL;
	const Num *num = g_hash_table_lookup(nb->nums, GINT_TO_POINTER(num_id));
	if (num == NULL)
		return NULL;
	int abs_id = -1;
	const AbstractNum *abs = numbering_abstract(nb, st, num, &abs_id);
	if (abs == NULL)
		return NULL;
	const Level *lv[9];
	for (int i = 0; i < 9; i++)
		lv[i] = num->lvl[i].set ? &num->lvl[i] : &abs->lvl[i];

	Counters *c = g_hash_table_lookup(ns->counters, GINT_TO_POINTER(abs_id));
	if (c == NULL) {
		c = g_new0(Counters, 1);
		g_hash_table_insert(ns->counters, GINT_TO_POINTER(abs_id), c);
	}
	if (!g_hash_table_contains(ns->num_seen, GINT_TO_POINTER(num_id))) {
		/* A w:num with start overrides restarts the shared list where it says so. */
		g_hash_table_add(ns->num_seen, GINT_TO_POINTER(num_id));
		for (int i = 0; i < 9; i++)
			if (num->start_override[i] >= 0 || num->lvl[i].set) {
				c->started[i] = TRUE;
				c->count[i] = (num->start_override[i] >= 0 ? num->start_override[i]
				                                            : lv[i]->start) - 1;
			}
	}
	if (!c->started[ilvl]) {
		c->started[ilvl] = TRUE;
		c->count[ilvl] = lv[ilvl]->set ? lv[ilvl]->start : 1;
	} else if (c->count[ilvl] < G_MAXINT) {
		c->count[ilvl]++;
	}
	for (int k = ilvl + 1; k < 9; k++)
		if (lv[k]->restart != 0 && (lv[k]->restart < 0 || lv[k]->restart > ilvl))
			c->started[k] = FALSE;

	const Level *me = lv[ilvl];
	if (me->fmt != NULL && strcmp(me->fmt, "bullet") == 0)
		return g_strdup("-");
	if (me->text == NULL)
		return NULL;
	GString *out = g_string_new(NULL);
	for (const char *p = me->text; *p; p++) {
		if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int v = c->started[k] ? c->count[k] : (lv[k]->set ? lv[k]->start : 1);
			const char *fmt = me->legal && k < ilvl ? "decimal" : lv[k]->fmt;
			if (fmt != NULL && strcmp(fmt, "bullet") == 0)
				fmt = "decimal";
			number_append(out, v, fmt);
			p++;
		} else {
			g_string_append_c(out, *p);
		}
		if (out->len > 256)
			break;
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* ====================================================================================
 * The reader's shared state for one file.
 * ================================================================================== */

typedef struct {
	Package *pkg;
	Doc *doc;
	Theme theme;
	Styles styles;
	Numbering numbering;
	guint blocks;      /* paragraphs, tables and cells made so far */
	guint64 grid;      /* table grid positions made so far */
} Docx;

/* ====================================================================================
 * Story parser: the body of document.xml, a header, a footer, the notes.
 * ================================================================================== */

typedef enum {
	F_OTHER, F_P, F_PPR, F_PRPR, F_NUMPR, F_R, F_RPR, F_T, F_INSTR,
	F_FLDCHAR, F_FFDATA, F_CHECKBOX, F_DDLIST,
	F_TBL, F_TR, F_TRPR, F_TC, F_TCPR, F_SDT, F_SDTPR, F_ALT, F_MC, F_TXBX,
} FrameKind;

typedef struct {
	FrameKind kind;
	gboolean alt_taken;   /* F_ALT: one branch has been read */
} Frame;

/* Where finished blocks go: the story's array, a cell's, or a paragraph's text boxes. */
typedef struct {
	GPtrArray *blocks;        /* borrowed */
	gboolean in_textbox;
	guint field_depth;        /* fields open when it started (text boxes close theirs) */
	GString *carry;           /* text of paragraphs whose mark was deleted: joins the next */
	gboolean carry_legacy, carry_in_textbox;
	GPtrArray *carry_pending; /* text boxes of the carried paragraphs */
} Container;

typedef struct {
	GArray *segs;             /* DbSeg, one per run */
	gsize bytes;
	char *style;
	int num_id, ilvl;         /* from pPr; -1 when not given */
	signed char centered;     /* from pPr; -1 when not given */
	gboolean mark_deleted;
	guint64 chars, bold_chars, italic_chars;
	gboolean legacy;
	GString *run;             /* text of the open run, NULL between runs */
	char *run_font, *run_style;
	signed char run_b, run_i;
	guint tagged_sdts;        /* tagged content controls inside the paragraph */
	char *run_sdt_tag;
	char *enclosing_tag;      /* innermost tagged content control around it */
	gboolean in_textbox;
	GPtrArray *pending;       /* text-box blocks, placed after the paragraph */
} ParaBuilder;

enum { VM_NONE, VM_RESTART, VM_CONTINUE };

typedef struct {
	DocCell *cell;            /* owned until the grid is built */
	guint span;
	int vmerge;
	gboolean hmerge_continue;
} Slot;

typedef struct {
	GArray *slots;            /* Slot */
	guint before, after;
	gboolean deleted;
} Row;

typedef struct {
	GPtrArray *rows;          /* Row* */
	guint depth;
} TableBuilder;

enum { SDT_BLOCK, SDT_RUN, SDT_CELL, SDT_ROW };

typedef struct {
	char *tag, *alias;
	int level;
	TableBuilder *table;      /* for cell and row level */
	ParaBuilder *para;        /* for run level */
	gboolean placeholder;
} Sdt;

typedef struct {
	gboolean result;          /* past fldChar separate */
	gboolean emitted;         /* result text was shown */
	GString *instr;
	gboolean checkbox;        /* w:ffData has a w:checkBox */
	int cb_checked, cb_default;  /* -1: not given */
	GPtrArray *entries;       /* drop-down list entries */
	int dd_result, dd_default;
} Field;

typedef struct {
	Docx *dx;
	DocPart part;
	const char *part_name;
	NumState nums;
	Frame frames[XMLSAFE_MAX_DEPTH + 2];
	FrameKind structs[XMLSAFE_MAX_DEPTH + 2];
	int n_structs;
	GArray *containers;       /* Container */
	GPtrArray *paras;         /* ParaBuilder* */
	GPtrArray *tables;        /* TableBuilder* */
	GArray *sdts;             /* Sdt */
	GArray *fields;           /* Field */
	guint hidden_fields;      /* fields still in their instruction part */
	guint placeholders;       /* content controls showing placeholder text */
	int skip;                 /* depth of the subtree being skipped, or -1 */
} Story;

static void para_builder_free(gpointer p)
{
	ParaBuilder *pb = p;
	if (pb == NULL)
		return;
	g_array_unref(pb->segs);
	g_free(pb->style);
	if (pb->run != NULL)
		g_string_free(pb->run, TRUE);
	g_free(pb->run_font);
	g_free(pb->run_style);
	g_free(pb->run_sdt_tag);
	g_free(pb->enclosing_tag);
	if (pb->pending != NULL)
		g_ptr_array_unref(pb->pending);
	g_free(pb);
}

static void row_free(gpointer p)
{
	Row *row = p;
	for (guint i = 0; i < row->slots->len; i++) {
		DocCell *c = g_array_index(row->slots, Slot, i).cell;
		if (c != NULL) {
			g_ptr_array_unref(c->blocks);
			g_free(c->sdt_tag);
			g_free(c);
		}
	}
	g_array_unref(row->slots);
	g_free(row);
}

static void table_builder_free(gpointer p)
{
	TableBuilder *tb = p;
	g_ptr_array_unref(tb->rows);
	g_free(tb);
}

static void sdt_clear(gpointer p)
{
	Sdt *s = p;
	g_free(s->tag);
	g_free(s->alias);
}

static void field_clear(gpointer p)
{
	Field *f = p;
	if (f->instr != NULL)
		g_string_free(f->instr, TRUE);
	if (f->entries != NULL)
		g_ptr_array_unref(f->entries);
}

static void container_clear(gpointer p)
{
	Container *c = p;
	if (c->carry != NULL)
		g_string_free(c->carry, TRUE);
	if (c->carry_pending != NULL)
		g_ptr_array_unref(c->carry_pending);
}

static void story_init(Story *s, Docx *dx, DocPart part, const char *part_name,
                       GPtrArray *out)
{
	memset(s, 0, sizeof *s);
	s->dx = dx;
	s->part = part;
	s->part_name = part_name;
	num_state_init(&s->nums);
	s->containers = g_array_new(FALSE, TRUE, sizeof(Container));
	g_array_set_clear_func(s->containers, container_clear);
	s->paras = g_ptr_array_new_with_free_func(para_builder_free);
	s->tables = g_ptr_array_new_with_free_func(table_builder_free);
	s->sdts = g_array_new(FALSE, TRUE, sizeof(Sdt));
	g_array_set_clear_func(s->sdts, sdt_clear);
	s->fields = g_array_new(FALSE, TRUE, sizeof(Field));
	g_array_set_clear_func(s->fields, field_clear);
	s->skip = -1;
	Container base = { out, FALSE, 0, NULL, FALSE, FALSE, NULL };
	g_array_append_val(s->containers, base);
}

static void story_clear(Story *s)
{
	/* Containers borrow from paragraphs and cells: release them first. */
	g_array_unref(s->containers);
	g_ptr_array_unref(s->paras);
	g_ptr_array_unref(s->tables);
	g_array_unref(s->sdts);
	g_array_unref(s->fields);
	num_state_clear(&s->nums);
}

static Container *story_container(Story *s)
{
	return &g_array_index(s->containers, Container, s->containers->len - 1);
}

static FrameKind story_struct(const Story *s)
{
	return s->n_structs > 0 ? s->structs[s->n_structs - 1] : F_OTHER;
}

/* The paragraph text goes to: only when the innermost structure is a paragraph. */
static ParaBuilder *story_para(Story *s)
{
	if (story_struct(s) != F_P || s->paras->len == 0)
		return NULL;
	return s->paras->pdata[s->paras->len - 1];
}

static TableBuilder *story_table(Story *s)
{
	return s->tables->len > 0 ? s->tables->pdata[s->tables->len - 1] : NULL;
}

static gboolean story_count_block(Story *s, GError **error)
{
	if (++s->dx->blocks > MAX_BLOCKS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u paragraphs, tables and cells (at %s)", MAX_BLOCKS,
		            s->part_name);
		return FALSE;
	}
	return TRUE;
}

static void blocks_move(GPtrArray *dst, GPtrArray *src)
{
	if (src == NULL || src->len == 0)
		return;
	gsize n = 0;
	gpointer *v = g_ptr_array_steal(src, &n);
	for (gsize i = 0; i < n; i++)
		g_ptr_array_add(dst, v[i]);
	g_free(v);
}

/* A carried paragraph (deleted mark) that meets no next paragraph stands alone. */
static void container_flush_carry(Container *c, DocPart part)
{
	if (c->carry == NULL)
		return;
	DocBlock *b = doc_block_new_para(part, c->carry->str);
	b->para.legacy = c->carry_legacy;
	b->para.in_textbox = c->carry_in_textbox;
	c->carry_legacy = FALSE;
	g_string_free(g_steal_pointer(&c->carry), TRUE);
	g_ptr_array_add(c->blocks, b);
	blocks_move(c->blocks, c->carry_pending);
	g_clear_pointer(&c->carry_pending, g_ptr_array_unref);
}

static void story_fields_close_to(Story *s, guint depth)
{
	while (s->fields->len > depth) {
		Field *f = &g_array_index(s->fields, Field, s->fields->len - 1);
		if (!f->result)
			s->hidden_fields--;
		g_array_set_size(s->fields, s->fields->len - 1);
	}
}

static void story_container_push(Story *s, GPtrArray *blocks, gboolean in_textbox)
{
	Container c = { blocks, in_textbox, s->fields->len, NULL, FALSE, FALSE, NULL };
	g_array_append_val(s->containers, c);
}

static void story_container_pop(Story *s, gboolean close_fields)
{
	if (s->containers->len <= 1)
		return;
	Container *c = story_container(s);
	container_flush_carry(c, s->part);
	if (close_fields)
		story_fields_close_to(s, c->field_depth);
	g_array_set_size(s->containers, s->containers->len - 1);
}

/* Innermost tagged content control: any level, or only cell/row level of table t. */
static const char *story_sdt_tag(Story *s, TableBuilder *t)
{
	for (guint i = s->sdts->len; i-- > 0;) {
		const Sdt *sd = &g_array_index(s->sdts, Sdt, i);
		const char *tag = sd->tag != NULL ? sd->tag : sd->alias;
		if (t != NULL && !(sd->table == t && (sd->level == SDT_CELL || sd->level == SDT_ROW)))
			continue;
		if (tag != NULL)
			return tag;
	}
	return NULL;
}

/* ---- text ------------------------------------------------------------------------ */

static gboolean story_emit(Story *s, const char *t, gsize n, GError **error)
{
	if (s->hidden_fields > 0 || s->placeholders > 0 || n == 0)
		return TRUE;
	ParaBuilder *p = story_para(s);
	if (p == NULL || p->run == NULL)
		return TRUE;
	if (p->bytes + n > MAX_PARA_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "paragraph of more than %u KB of text in %s", MAX_PARA_BYTES >> 10,
		            s->part_name);
		return FALSE;
	}
	p->bytes += n;
	g_string_append_len(p->run, t, (gssize) n);
	if (s->fields->len > 0)
		g_array_index(s->fields, Field, s->fields->len - 1).emitted = TRUE;
	return TRUE;
}

static VnEncoding font_encoding(const char *font)
{
	if (font == NULL)
		return VN_ENC_UNICODE;
	/* LibreOffice writes alternatives as "UVnTime;Times New Roman": the first counts. */
	const char *semi = strchr(font, ';');
	if (semi == NULL)
		return vn_font_encoding(font);
	g_autofree char *first = g_strndup(font, (gsize) (semi - font));
	return vn_font_encoding(first);
}

static const char *para_style_id(const Story *s, const ParaBuilder *p)
{
	return p->style != NULL ? p->style : s->dx->styles.default_para;
}

/* Close the open run: decide its font, decode legacy text, count bold and italic. */
static void story_run_flush(Story *s, ParaBuilder *p)
{
	if (p->run == NULL)
		return;
	g_autofree char *text = g_string_free(g_steal_pointer(&p->run), FALSE);
	const Styles *st = &s->dx->styles;
	const char *pstyle = para_style_id(s, p);
	if (text[0] != '\0') {
		const char *font = p->run_font;
		if (font == NULL)
			font = styles_font(st, p->run_style);
		if (font == NULL)
			font = styles_font(st, pstyle);
		if (font == NULL)
			font = st->font;
		VnEncoding enc = font_encoding(font);
		DbSeg seg = { NULL, enc == VN_ENC_UNICODE };
		if (enc != VN_ENC_UNICODE && db_legacy_bytes(text)) {
			char *dec = vn_decode_legacy(text, enc);
			if (strcmp(dec, text) != 0) {
				s->dx->doc->legacy_runs++;
				p->legacy = TRUE;
			}
			seg.text = dec;
		} else {
			seg.text = g_steal_pointer(&text);
		}
		int b = p->run_b >= 0 ? p->run_b : styles_flag(st, p->run_style, G_STRUCT_OFFSET(Style, bold));
		if (b < 0)
			b = styles_flag(st, pstyle, G_STRUCT_OFFSET(Style, bold));
		if (b < 0)
			b = st->bold;
		int i = p->run_i >= 0 ? p->run_i : styles_flag(st, p->run_style, G_STRUCT_OFFSET(Style, italic));
		if (i < 0)
			i = styles_flag(st, pstyle, G_STRUCT_OFFSET(Style, italic));
		if (i < 0)
			i = st->italic;
		guint64 n = db_visible_chars(seg.text);
		p->chars += n;
		if (b > 0)
			p->bold_chars += n;
		if (i > 0)
			p->italic_chars += n;
		g_array_append_val(p->segs, seg);
	}
	g_clear_pointer(&p->run_font, g_free);
	g_clear_pointer(&p->run_style, g_free);
	p->run_b = p->run_i = -1;
}

/* The paragraph's text: runs in a Unicode font are decoded as a group when the whole
 * paragraph reads as TCVN3/VNI mojibake (a document that lost its font names). */
static char *story_para_text(Story *s, ParaBuilder *p)
{
	GString *out = db_guess_segments(p->segs, p->bytes, s->dx->doc, &p->legacy);
	char *res = vn_normalize(out->str, (gssize) out->len);
	g_string_free(out, TRUE);
	return res;
}

/* Level of the list that a paragraph style is linked to (w:lvl/w:pStyle), or -1. */
static int numbering_level_for_style(const Numbering *nb, const Styles *st, int num_id,
                                     const char *style)
{
	const Num *num = style != NULL && nb->nums != NULL
	                 ? g_hash_table_lookup(nb->nums, GINT_TO_POINTER(num_id)) : NULL;
	int abs_id;
	const AbstractNum *a = num != NULL ? numbering_abstract(nb, st, num, &abs_id) : NULL;
	for (int i = 0; a != NULL && i < 9; i++)
		if (a->lvl[i].pstyle != NULL && strcmp(a->lvl[i].pstyle, style) == 0)
			return i;
	return -1;
}

static char *story_para_label(Story *s, const ParaBuilder *p)
{
	const Styles *st = &s->dx->styles;
	const char *pstyle = para_style_id(s, p);
	int num_id = p->num_id, ilvl = p->ilvl;
	if (num_id < 0) {
		int sn, sl;
		styles_numbering(st, pstyle, &sn, &sl);
		num_id = sn;
		if (ilvl < 0)
			ilvl = sl;
		if (ilvl < 0 && num_id > 0)
			ilvl = numbering_level_for_style(&s->dx->numbering, st, num_id, pstyle);
	}
	if (ilvl < 0)
		ilvl = 0;
	return numbering_label(&s->dx->numbering, st, &s->nums, num_id, ilvl);
}

static void story_para_begin(Story *s)
{
	ParaBuilder *p = g_new0(ParaBuilder, 1);
	p->segs = db_segs_new();
	p->num_id = p->ilvl = -1;
	p->centered = -1;
	p->run_b = p->run_i = -1;
	p->in_textbox = story_container(s)->in_textbox;
	p->enclosing_tag = g_strdup(story_sdt_tag(s, NULL));
	g_ptr_array_add(s->paras, p);
}

static gboolean story_para_end(Story *s, GError **error)
{
	if (s->paras->len == 0)
		return TRUE;
	ParaBuilder *p = g_ptr_array_steal_index(s->paras, s->paras->len - 1);
	g_autoptr(GPtrArray) pending = NULL;
	story_run_flush(s, p);
	char *text = story_para_text(s, p);
	Container *c = story_container(s);
	pending = g_steal_pointer(&p->pending);

	gsize carried = c->carry != NULL ? c->carry->len : 0;
	if (carried + strlen(text) > MAX_PARA_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "paragraph of more than %u KB of text in %s", MAX_PARA_BYTES >> 10,
		            s->part_name);
		g_free(text);
		para_builder_free(p);
		return FALSE;
	}
	if (p->mark_deleted) {
		/* Accepting the deletion of the paragraph mark joins it to the next one. */
		if (c->carry == NULL) {
			c->carry = g_string_new(NULL);
			c->carry_in_textbox = p->in_textbox;
		}
		g_string_append(c->carry, text);
		g_free(text);
		c->carry_legacy |= p->legacy;
		if (pending != NULL) {
			if (c->carry_pending == NULL)
				c->carry_pending = doc_block_array_new();
			blocks_move(c->carry_pending, pending);
		}
		para_builder_free(p);
		return TRUE;
	}

	if (!story_count_block(s, error)) {
		g_free(text);
		para_builder_free(p);
		return FALSE;
	}
	DocBlock *b = doc_block_new_para(s->part, NULL);
	DocPara *dp = &b->para;
	g_free(dp->text);
	dp->text = text;
	gboolean legacy = p->legacy;
	GPtrArray *carry_pending = NULL;
	if (c->carry != NULL) {
		g_string_append(c->carry, dp->text);
		g_free(dp->text);
		dp->text = g_string_free(g_steal_pointer(&c->carry), FALSE);
		legacy |= c->carry_legacy;
		c->carry_legacy = FALSE;
		carry_pending = g_steal_pointer(&c->carry_pending);
	}
	dp->num_label = story_para_label(s, p);
	dp->style = g_strdup(p->style);
	dp->sdt_tag = g_strdup(p->tagged_sdts == 1 ? p->run_sdt_tag : p->enclosing_tag);
	dp->bold = p->chars > 0 && p->bold_chars * 2 > p->chars;
	dp->italic = p->chars > 0 && p->italic_chars * 2 > p->chars;
	int centered = p->centered >= 0 ? p->centered
	               : styles_flag(&s->dx->styles, para_style_id(s, p),
	                             G_STRUCT_OFFSET(Style, centered));
	dp->centered = centered > 0;
	dp->in_textbox = p->in_textbox;
	dp->legacy = legacy;
	g_ptr_array_add(c->blocks, b);
	if (carry_pending != NULL) {
		blocks_move(c->blocks, carry_pending);
		g_ptr_array_unref(carry_pending);
	}
	blocks_move(c->blocks, pending);
	para_builder_free(p);
	return TRUE;
}

/* ---- tables ---------------------------------------------------------------------- */

static Row *story_row(Story *s)
{
	TableBuilder *t = story_table(s);
	return t != NULL && t->rows->len > 0 ? t->rows->pdata[t->rows->len - 1] : NULL;
}

static Slot *story_slot(Story *s)
{
	Row *row = story_row(s);
	return row != NULL && row->slots->len > 0
	       ? &g_array_index(row->slots, Slot, row->slots->len - 1) : NULL;
}

static gboolean story_table_begin(Story *s, GError **error)
{
	if (s->tables->len >= MAX_TABLE_DEPTH) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "tables nested deeper than %u in %s", MAX_TABLE_DEPTH, s->part_name);
		return FALSE;
	}
	container_flush_carry(story_container(s), s->part);
	TableBuilder *t = g_new0(TableBuilder, 1);
	t->rows = g_ptr_array_new_with_free_func(row_free);
	t->depth = s->tables->len;
	g_ptr_array_add(s->tables, t);
	return TRUE;
}

static void story_row_begin(Story *s)
{
	Row *row = g_new0(Row, 1);
	row->slots = g_array_new(FALSE, TRUE, sizeof(Slot));
	g_ptr_array_add(story_table(s)->rows, row);
}

static gboolean story_cell_begin(Story *s, GError **error)
{
	if (!story_count_block(s, error))
		return FALSE;
	DocCell *cell = g_new0(DocCell, 1);
	cell->blocks = doc_block_array_new();
	cell->sdt_tag = g_strdup(story_sdt_tag(s, story_table(s)));
	Slot slot = { cell, 1, VM_NONE, FALSE };
	Row *row = story_row(s);
	g_array_append_val(row->slots, slot);
	story_container_push(s, cell->blocks, story_container(s)->in_textbox);
	return TRUE;
}

static gboolean cell_has_text(const DocCell *c)
{
	for (guint i = 0; i < c->blocks->len; i++) {
		const DocBlock *b = c->blocks->pdata[i];
		if (b->type == BLOCK_TABLE || b->para.text[0] != '\0')
			return TRUE;
	}
	return FALSE;
}

/* A continuation cell of a merge disappears into the cell it continues; any text it
 * had (Word keeps none, other writers might) is moved rather than lost. */
static void cell_merge_into(DocCell *into, DocCell *gone)
{
	if (cell_has_text(gone))
		blocks_move(into->blocks, gone->blocks);
	g_ptr_array_unref(gone->blocks);
	g_free(gone->sdt_tag);
	g_free(gone);
}

/* Resolve rows of cells (gridBefore/After, gridSpan, vMerge, hMerge) into the grid. */
static gboolean story_table_end(Story *s, GError **error)
{
	TableBuilder *t = g_ptr_array_steal_index(s->tables, s->tables->len - 1);
	guint n_rows = 0, n_cols = 0;
	for (guint r = 0; r < t->rows->len; r++) {
		Row *row = t->rows->pdata[r];
		if (row->deleted)
			continue;
		guint w = row->before + row->after;
		for (guint i = 0; i < row->slots->len; i++)
			w += g_array_index(row->slots, Slot, i).span;
		n_cols = MAX(n_cols, w);
		n_rows++;
	}
	if (n_rows == 0 || n_cols == 0) {
		table_builder_free(t);
		return TRUE;
	}
	if ((guint64) n_rows * n_cols > MAX_GRID_CELLS ||
	    (s->dx->grid += (guint64) n_rows * n_cols) > MAX_GRID_CELLS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "tables of more than %u cells in all in %s", MAX_GRID_CELLS, s->part_name);
		table_builder_free(t);
		return FALSE;
	}
	if (!story_count_block(s, error)) {
		table_builder_free(t);
		return FALSE;
	}
	DocBlock *b = doc_block_new_table(s->part, n_rows, n_cols, t->depth);
	DocTable *dt = &b->table;
	guint r = 0;
	for (guint ri = 0; ri < t->rows->len; ri++) {
		Row *row = t->rows->pdata[ri];
		if (row->deleted)
			continue;
		guint c = row->before;
		for (guint i = 0; i < row->slots->len; i++) {
			Slot *sl = &g_array_index(row->slots, Slot, i);
			guint span = MIN(sl->span, n_cols - c);
			DocCell *above = r > 0 ? dt->grid[(gsize) (r - 1) * n_cols + c] : NULL;
			DocCell *left = c > 0 ? dt->grid[(gsize) r * n_cols + c - 1] : NULL;
			DocCell *cell = g_steal_pointer(&sl->cell);
			if (sl->vmerge == VM_CONTINUE && above != NULL && above->col == c) {
				above->rowspan = r - above->row + 1;
				cell_merge_into(above, cell);
				cell = above;
			} else if (sl->hmerge_continue && left != NULL && left->row == r &&
			           left->rowspan == 1) {
				left->colspan += span;
				cell_merge_into(left, cell);
				cell = left;
			} else {
				cell->row = r;
				cell->col = c;
				cell->rowspan = 1;
				cell->colspan = span;
				g_ptr_array_add(dt->cells, cell);
			}
			for (guint k = c; k < c + span; k++)
				dt->grid[(gsize) r * n_cols + k] = cell;
			c += span;
		}
		r++;
	}
	table_builder_free(t);
	g_ptr_array_add(story_container(s)->blocks, b);
	return TRUE;
}

/* ---- content controls and fields --------------------------------------------------- */

static void story_sdt_begin(Story *s)
{
	Sdt sd = { 0 };
	switch (story_struct(s)) {
	case F_P: sd.level = SDT_RUN; sd.para = story_para(s); break;
	case F_TR: sd.level = SDT_CELL; sd.table = story_table(s); break;
	case F_TBL: sd.level = SDT_ROW; sd.table = story_table(s); break;
	default: sd.level = SDT_BLOCK; break;
	}
	g_array_append_val(s->sdts, sd);
}

static void story_sdt_end(Story *s)
{
	if (s->sdts->len == 0)
		return;
	Sdt *sd = &g_array_index(s->sdts, Sdt, s->sdts->len - 1);
	if (sd->placeholder)
		s->placeholders--;
	const char *tag = sd->tag != NULL ? sd->tag : sd->alias;
	if (sd->level == SDT_RUN && tag != NULL && s->paras->len > 0 &&
	    s->paras->pdata[s->paras->len - 1] == sd->para) {
		sd->para->tagged_sdts++;
		if (sd->para->run_sdt_tag == NULL)
			sd->para->run_sdt_tag = g_strdup(tag);
	}
	g_array_set_size(s->sdts, s->sdts->len - 1);
}

static Field *story_field(Story *s)
{
	return s->fields->len > 0 ? &g_array_index(s->fields, Field, s->fields->len - 1) : NULL;
}

static gboolean story_fldchar(Story *s, XmlSafe *x, GError **error)
{
	g_autofree char *type = xmlsafe_attr(x, "fldCharType");
	if (type == NULL)
		return TRUE;
	if (strcmp(type, "begin") == 0) {
		if (s->fields->len >= MAX_FIELD_DEPTH) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "fields nested deeper than %u in %s", MAX_FIELD_DEPTH, s->part_name);
			return FALSE;
		}
		Field f = { FALSE, FALSE, g_string_new(NULL), FALSE, -1, -1, NULL, -1, -1 };
		g_array_append_val(s->fields, f);
		s->hidden_fields++;
	} else if (strcmp(type, "separate") == 0) {
		Field *f = story_field(s);
		if (f != NULL && !f->result) {
			f->result = TRUE;
			s->hidden_fields--;
		}
	} else if (strcmp(type, "end") == 0 && s->fields->len > 0) {
		Field f = *story_field(s);
		f.instr = NULL;
		f.entries = NULL;
		Field *top = story_field(s);
		g_autoptr(GString) instr = g_steal_pointer(&top->instr);
		g_autoptr(GPtrArray) entries = g_steal_pointer(&top->entries);
		story_fields_close_to(s, s->fields->len - 1);
		if (f.emitted)
			return TRUE;
		/* Legacy form fields: a check box shows its state, a drop-down its choice. */
		const char *code = instr->str;
		while (*code == ' ')
			code++;
		if (g_str_has_prefix(code, "FORMCHECKBOX") && f.checkbox) {
			gboolean on = f.cb_checked >= 0 ? f.cb_checked > 0 : f.cb_default > 0;
			return story_emit(s, on ? "\xE2\x98\x92" : "\xE2\x98\x90", 3, error);
		}
		if (g_str_has_prefix(code, "FORMDROPDOWN") && entries != NULL && entries->len > 0) {
			int k = f.dd_result >= 0 ? f.dd_result : f.dd_default >= 0 ? f.dd_default : 0;
			const char *v = (guint) k < entries->len ? entries->pdata[k] : entries->pdata[0];
			return story_emit(s, v, strlen(v), error);
		}
	}
	return TRUE;
}

/* Children of w:ffData: check box state and drop-down entries, into the open field. */
static void story_ffdata(Story *s, XmlSafe *x, FrameKind parent, const char *name)
{
	Field *f = story_field(s);
	if (f == NULL || f->result)
		return;
	g_autofree char *v = xmlsafe_attr(x, "val");
	if (parent == F_CHECKBOX) {
		if (strcmp(name, "checked") == 0)
			f->cb_checked = onoff(v) ? 1 : 0;
		else if (strcmp(name, "default") == 0)
			f->cb_default = onoff(v) ? 1 : 0;
	} else if (parent == F_DDLIST) {
		gint64 n;
		if (strcmp(name, "listEntry") == 0 && v != NULL) {
			if (f->entries == NULL)
				f->entries = g_ptr_array_new_with_free_func(g_free);
			if (f->entries->len < 64)
				g_ptr_array_add(f->entries, g_steal_pointer(&v));
		} else if (strcmp(name, "result") == 0 && v != NULL &&
		           g_ascii_string_to_signed(v, 10, 0, 63, &n, NULL)) {
			f->dd_result = (int) n;
		} else if (strcmp(name, "default") == 0 && v != NULL &&
		           g_ascii_string_to_signed(v, 10, 0, 63, &n, NULL)) {
			f->dd_default = (int) n;
		}
	}
}

/* ---- the element dispatcher -------------------------------------------------------- */

static gboolean story_end(Story *s, int depth, GError **error);

/* Elements whose whole subtree never reaches the text. */
static gboolean skipped_w_element(const char *name)
{
	static const char *const names[] = {
		"del", "moveFrom", "delText", "delInstrText", "sectPr", "sdtEndPr",
		"footnoteReference", "endnoteReference", "commentReference", "annotationRef",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(name, names[i]) == 0)
			return TRUE;
	/* pPrChange, rPrChange, tblPrChange, ...: the properties before a tracked change. */
	return g_str_has_suffix(name, "Change");
}

static void story_struct_push(Story *s, FrameKind k)
{
	s->structs[s->n_structs++] = k;
}

static gboolean story_start_w(Story *s, XmlSafe *x, const char *name, FrameKind parent,
                              Frame *fr, gboolean *skip, GError **error)
{
	FrameKind st = story_struct(s);
	ParaBuilder *p = story_para(s);

	/* Property containers and their children. */
	if (parent == F_PPR && p != NULL) {
		if (strcmp(name, "pStyle") == 0) {
			if (p->style == NULL)
				p->style = xmlsafe_attr(x, "val");
		} else if (strcmp(name, "numPr") == 0) {
			fr->kind = F_NUMPR;
		} else if (strcmp(name, "jc") == 0) {
			g_autofree char *v = xmlsafe_attr(x, "val");
			p->centered = v != NULL && strcmp(v, "center") == 0;
		} else if (strcmp(name, "rPr") == 0) {
			fr->kind = F_PRPR;
		} else {
			*skip = skipped_w_element(name);
		}
		return TRUE;
	}
	if (parent == F_NUMPR && p != NULL) {
		if (strcmp(name, "numId") == 0)
			p->num_id = (int) attr_int(x, "val", 0, G_MAXINT, -1);
		else if (strcmp(name, "ilvl") == 0)
			p->ilvl = (int) attr_int(x, "val", 0, 8, -1);
		return TRUE;
	}
	if (parent == F_PRPR && p != NULL) {
		if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0)
			p->mark_deleted = TRUE;
		*skip = TRUE;
		return TRUE;
	}
	if (parent == F_RPR && p != NULL) {
		if (strcmp(name, "rFonts") == 0) {
			char *f = rfonts_latin(x, &s->dx->theme);
			if (f != NULL) {
				g_free(p->run_font);
				p->run_font = f;
			}
		} else if (strcmp(name, "rStyle") == 0) {
			g_free(p->run_style);
			p->run_style = xmlsafe_attr(x, "val");
		} else if (strcmp(name, "b") == 0 || strcmp(name, "i") == 0) {
			g_autofree char *v = xmlsafe_attr(x, "val");
			*(name[0] == 'b' ? &p->run_b : &p->run_i) = onoff(v) ? 1 : 0;
		}
		*skip = TRUE;
		return TRUE;
	}
	if (parent == F_TRPR) {
		Row *row = story_row(s);
		if (row != NULL && strcmp(name, "gridBefore") == 0)
			row->before = (guint) attr_int(x, "val", 0, MAX_SPAN, 0);
		else if (row != NULL && strcmp(name, "gridAfter") == 0)
			row->after = (guint) attr_int(x, "val", 0, MAX_SPAN, 0);
		else if (row != NULL && strcmp(name, "del") == 0)
			row->deleted = TRUE;
		*skip = TRUE;
		return TRUE;
	}
	if (parent == F_TCPR) {
		Slot *sl = story_slot(s);
		g_autofree char *v = xmlsafe_attr(x, "val");
		if (sl != NULL && strcmp(name, "gridSpan") == 0)
			sl->span = (guint) attr_int(x, "val", 1, MAX_SPAN, 1);
		else if (sl != NULL && strcmp(name, "vMerge") == 0)
			sl->vmerge = v != NULL && strcmp(v, "restart") == 0 ? VM_RESTART : VM_CONTINUE;
		else if (sl != NULL && strcmp(name, "hMerge") == 0)
			sl->hmerge_continue = !(v != NULL && strcmp(v, "restart") == 0);
		*skip = TRUE;
		return TRUE;
	}
	if (parent == F_SDTPR) {
		Sdt *sd = &g_array_index(s->sdts, Sdt, s->sdts->len - 1);
		g_autofree char *v = xmlsafe_attr(x, "val");
		if (strcmp(name, "tag") == 0 && sd->tag == NULL && v != NULL && v[0] != '\0')
			sd->tag = g_steal_pointer(&v);
		else if (strcmp(name, "alias") == 0 && sd->alias == NULL && v != NULL && v[0] != '\0')
			sd->alias = g_steal_pointer(&v);
		else if (strcmp(name, "showingPlcHdr") == 0 && !sd->placeholder && onoff(v)) {
			sd->placeholder = TRUE;
			s->placeholders++;
		}
		*skip = TRUE;
		return TRUE;
	}
	if (parent == F_FLDCHAR || parent == F_FFDATA || parent == F_CHECKBOX ||
	    parent == F_DDLIST) {
		if (parent == F_FLDCHAR && strcmp(name, "ffData") == 0)
			fr->kind = F_FFDATA;
		else if (parent == F_FFDATA && strcmp(name, "checkBox") == 0) {
			fr->kind = F_CHECKBOX;
			if (story_field(s) != NULL)
				story_field(s)->checkbox = TRUE;
		} else if (parent == F_FFDATA && strcmp(name, "ddList") == 0)
			fr->kind = F_DDLIST;
		else if (parent == F_CHECKBOX || parent == F_DDLIST)
			story_ffdata(s, x, parent, name);
		else
			*skip = TRUE;
		return TRUE;
	}

	/* Run content. */
	if (parent == F_R && p != NULL) {
		if (strcmp(name, "rPr") == 0) {
			fr->kind = F_RPR;
		} else if (strcmp(name, "t") == 0) {
			fr->kind = F_T;
		} else if (strcmp(name, "instrText") == 0) {
			fr->kind = F_INSTR;
		} else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0) {
			return story_emit(s, "\t", 1, error);
		} else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
			return story_emit(s, "\n", 1, error);
		} else if (strcmp(name, "noBreakHyphen") == 0) {
			return story_emit(s, "-", 1, error);
		} else if (strcmp(name, "sym") == 0) {
			g_autofree char *ch = xmlsafe_attr(x, "char");
			guint64 cp;
			/* Symbol-font code points (F0xx) and the private use area are no text. */
			if (ch != NULL && g_ascii_string_to_unsigned(ch, 16, 0x20, 0x10FFFF, &cp, NULL) &&
			    !(cp >= 0xE000 && cp <= 0xF8FF) && g_unichar_validate((gunichar) cp)) {
				char buf[8];
				return story_emit(s, buf, (gsize) g_unichar_to_utf8((gunichar) cp, buf), error);
			}
		} else if (strcmp(name, "fldChar") == 0) {
			fr->kind = F_FLDCHAR;
			return story_fldchar(s, x, error);
		} else {
			*skip = skipped_w_element(name);
		}
		return TRUE;
	}

	/* Structure. */
	if (strcmp(name, "p") == 0 && st != F_TBL && st != F_TR) {
		fr->kind = F_P;
		story_struct_push(s, F_P);
		story_para_begin(s);
		return TRUE;
	}
	if (strcmp(name, "pPr") == 0 && parent == F_P) {
		fr->kind = F_PPR;
	} else if (strcmp(name, "r") == 0 && p != NULL) {
		story_run_flush(s, p);  /* a run inside a run (malformed): close the outer one */
		p->run = g_string_new(NULL);
		fr->kind = F_R;
	} else if (strcmp(name, "tbl") == 0 && st != F_P && st != F_TBL && st != F_TR) {
		fr->kind = F_TBL;
		story_struct_push(s, F_TBL);
		return story_table_begin(s, error);
	} else if (strcmp(name, "tr") == 0 && st == F_TBL) {
		fr->kind = F_TR;
		story_struct_push(s, F_TR);
		story_row_begin(s);
	} else if (strcmp(name, "trPr") == 0 && parent == F_TR) {
		fr->kind = F_TRPR;
	} else if (strcmp(name, "tc") == 0 && st == F_TR) {
		fr->kind = F_TC;
		story_struct_push(s, F_TC);
		return story_cell_begin(s, error);
	} else if (strcmp(name, "tcPr") == 0 && parent == F_TC) {
		fr->kind = F_TCPR;
	} else if (strcmp(name, "sdt") == 0) {
		fr->kind = F_SDT;
		story_sdt_begin(s);
	} else if (strcmp(name, "sdtPr") == 0 && parent == F_SDT) {
		fr->kind = F_SDTPR;
	} else if (strcmp(name, "txbxContent") == 0 && st != F_TBL && st != F_TR) {
		fr->kind = F_TXBX;
		GPtrArray *target = story_container(s)->blocks;
		if (p != NULL) {
			if (p->pending == NULL)
				p->pending = doc_block_array_new();
			target = p->pending;
		}
		story_struct_push(s, F_TXBX);
		story_container_push(s, target, TRUE);
	} else if (strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0) {
		g_autofree char *type = xmlsafe_attr(x, "type");
		*skip = type != NULL && strcmp(type, "normal") != 0;  /* separators */
	} else {
		*skip = skipped_w_element(name);
	}
	return TRUE;
}

/* Kind of the nearest enclosing frame, looking through mc:AlternateContent and the
 * branch being read, so that <w:r><mc:AlternateContent><mc:Choice><w:sym/> is run
 * content like <w:r><w:sym/>. */
static FrameKind story_parent(const Story *s, int depth)
{
	for (int d = depth - 1; d >= 0; d--)
		if (s->frames[d].kind != F_ALT && s->frames[d].kind != F_MC)
			return s->frames[d].kind;
	return F_OTHER;
}

static gboolean story_start(Story *s, XmlSafe *x, GError **error)
{
	int depth = xmlsafe_depth(x);
	gboolean empty = xmlsafe_is_empty(x);
	const char *name = xmlsafe_name(x);
	FrameKind up = depth > 0 ? s->frames[depth - 1].kind : F_OTHER;
	FrameKind parent = story_parent(s, depth);
	Frame *fr = &s->frames[depth];
	fr->kind = F_OTHER;
	fr->alt_taken = FALSE;
	gboolean skip = FALSE;

	switch (ns_class(xmlsafe_ns(x))) {
	case NS_W:
		if (!story_start_w(s, x, name, parent, fr, &skip, error))
			return FALSE;
		break;
	case NS_MC:
		/* Read one branch of mc:AlternateContent: the first Choice, else Fallback. */
		if (strcmp(name, "AlternateContent") == 0) {
			fr->kind = F_ALT;
		} else if (up == F_ALT && (strcmp(name, "Choice") == 0 ||
		                           strcmp(name, "Fallback") == 0)) {
			Frame *alt = &s->frames[depth - 1];
			skip = alt->alt_taken;
			alt->alt_taken = TRUE;
			fr->kind = F_MC;
		}
		break;
	case NS_MATH:
		if (strcmp(name, "r") == 0 && story_para(s) != NULL) {
			ParaBuilder *p = story_para(s);
			story_run_flush(s, p);
			p->run = g_string_new(NULL);
			fr->kind = F_R;
		} else if (strcmp(name, "t") == 0 && parent == F_R) {
			fr->kind = F_T;
		}
		break;
	default:
		break;
	}
	if (empty)
		return skip ? TRUE : story_end(s, depth, error);
	if (skip)
		s->skip = depth;
	return TRUE;
}

static gboolean story_end(Story *s, int depth, GError **error)
{
	Frame *fr = &s->frames[depth];
	FrameKind k = fr->kind;
	fr->kind = F_OTHER;
	switch (k) {
	case F_P:
		s->n_structs--;
		return story_para_end(s, error);
	case F_R: {
		ParaBuilder *p = story_para(s);
		if (p != NULL)
			story_run_flush(s, p);
		return TRUE;
	}
	case F_TBL:
		s->n_structs--;
		return story_table_end(s, error);
	case F_TR:
		s->n_structs--;
		return TRUE;
	case F_TC:
		s->n_structs--;
		story_container_pop(s, FALSE);
		return TRUE;
	case F_TXBX:
		s->n_structs--;
		story_container_pop(s, TRUE);
		return TRUE;
	case F_SDT:
		story_sdt_end(s);
		return TRUE;
	default:
		return TRUE;
	}
}

static gboolean story_text(Story *s, XmlSafe *x, GError **error)
{
	int depth = xmlsafe_depth(x);
	FrameKind parent = story_parent(s, depth);
	const char *v = xmlsafe_value(x);
	if (v == NULL)
		return TRUE;
	if (parent == F_T)
		return story_emit(s, v, strlen(v), error);
	if (parent == F_INSTR) {
		Field *f = story_field(s);
		if (f != NULL && !f->result && f->instr->len < MAX_INSTR_BYTES)
			g_string_append_len(f->instr, v, (gssize) MIN(strlen(v), MAX_INSTR_BYTES));
	}
	return TRUE;
}

static MainKind root_kind(const char *name)
{
	if (strcmp(name, "workbook") == 0)
		return MAIN_SHEET;
	if (strcmp(name, "presentation") == 0)
		return MAIN_SLIDES;
	return MAIN_UNKNOWN;
}

/* Read one story part into out. For the main part a root other than w:document makes
 * the file unsupported; other parts with an unexpected root are left out. */
static gboolean story_read(Docx *dx, const char *part, DocPart dpart, GPtrArray *out,
                           gboolean main_part, GError **error)
{
	g_autoptr(GBytes) keep = NULL;
	GError *err = NULL;
	g_autoptr(XmlSafe) x = package_xml_open(dx->pkg, part, &keep, &err);
	if (x == NULL) {
		if (err != NULL) {
			g_propagate_error(error, err);
			return FALSE;
		}
		if (main_part) {
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "main part %s is missing from the package", part);
			return FALSE;
		}
		return TRUE;
	}
	Story s;
	story_init(&s, dx, dpart, part, out);
	gboolean ok = TRUE, root_seen = FALSE;
	int r;
	while (ok && (r = xmlsafe_read(x, error)) == 1) {
		int type = xmlsafe_type(x), depth = xmlsafe_depth(x);
		if (s.skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == s.skip)
				s.skip = -1;
			continue;
		}
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if (!root_seen) {
				root_seen = TRUE;
				const char *name = xmlsafe_name(x);
				static const char *const roots[] = {
					"document", "hdr", "ftr", "footnotes", "endnotes", "comments",
				};
				gboolean known = FALSE;
				for (gsize i = 0; i < G_N_ELEMENTS(roots) && !known; i++)
					known = strcmp(name, roots[i]) == 0;
				if (!known || (main_part && strcmp(name, "document") != 0)) {
					MainKind k = root_kind(name);
					if (main_part && k == MAIN_SHEET)
						g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
						            "XLSX spreadsheets are not read yet (main part %s)", part);
					else if (main_part && k == MAIN_SLIDES)
						g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
						            "PPTX presentations are not read yet (main part %s)", part);
					else if (main_part)
						g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
						            "main part %s is not a Word document (root element '%s')",
						            part, name);
					story_clear(&s);
					return !main_part;
				}
			}
			ok = story_start(&s, x, error);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			ok = story_end(&s, depth, error);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			ok = story_text(&s, x, error);
			break;
		default:
			break;
		}
	}
	if (ok && r < 0)
		ok = FALSE;
	if (ok)
		container_flush_carry(story_container(&s), dpart);
	story_clear(&s);
	return ok;
}

/* ====================================================================================
 * docx_read
 * ================================================================================== */

static void docx_clear(Docx *dx)
{
	theme_clear(&dx->theme);
	styles_clear(&dx->styles);
	numbering_clear(&dx->numbering);
	package_free(dx->pkg);
	if (dx->doc != NULL)
		doc_free(dx->doc);
}

/* Why a package with no Word main part cannot be read, as an UNSUPPORTED error. */
static void package_refuse(Package *pkg, GHashTable *ct, GError **error)
{
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, ct);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		MainKind k = content_type_kind(value);
		if (k == MAIN_SHEET) {
			g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "XLSX spreadsheets are not read yet (main part %s)", (char *) key);
			return;
		}
		if (k == MAIN_SLIDES) {
			g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "PPTX presentations are not read yet (main part %s)", (char *) key);
			return;
		}
	}
	if (package_has(pkg, "mimetype")) {
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "OpenDocument files are not read yet");
		return;
	}
	/* An archive is unpacked one day (archives are a later reader); one whose names
	 * climb out of the folder they are unpacked into, or start at the root, is a
	 * zip-slip attack whatever else it holds. */
	for (guint i = 0; i < package_n_entries(pkg); i++) {
		const PackageEntry *e = package_entry(pkg, i);
		if (!e->odd)
			continue;
		g_autofree char *slashed = g_strdelimit(g_strdup(e->name), "\\", '/');
		g_autofree char *norm = package_path_normalize(slashed);
		if (norm == NULL || slashed[0] == '/' || (g_ascii_isalpha(slashed[0]) && slashed[1] == ':')) {
			g_autofree char *shown = g_utf8_make_valid(e->name, MIN(strlen(e->name), 80));
			g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
			            "zip entry '%s' would be unpacked outside its folder (zip slip)", shown);
			return;
		}
	}
	g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
	            "zip archive holds no Word document (%u entries)", package_n_entries(pkg));
}

/* The main part's name: the officeDocument relationship, else a Word main content type
 * in [Content_Types].xml. NULL with error set when there is none. */
static char *main_part_find(Package *pkg, GHashTable *ct, GError **error)
{
	g_autoptr(GPtrArray) rels = rels_read(pkg, "_rels/.rels", "", error);
	if (rels == NULL)
		return NULL;
	const Rel *r = rels_find(rels, "officeDocument");
	if (r != NULL && r->target == NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
		            "main part target '%s' leaves the package", r->raw);
		return NULL;
	}
	if (r != NULL) {
		g_autoptr(GError) miss = NULL;
		const PackageEntry *e = package_find(pkg, r->target, &miss);
		if (miss != NULL) {
			g_propagate_error(error, g_steal_pointer(&miss));
			return NULL;
		}
		if (e != NULL)
			return g_strdup(r->target);
	}
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, ct);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (content_type_kind(value) == MAIN_WORD)
			return g_strdup(key);
	if (r != NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "main part %s is missing from the package", r->target);
		return NULL;
	}
	package_refuse(pkg, ct, error);
	return NULL;
}

static gboolean docx_read_stories(Docx *dx, const char *main, GError **error)
{
	const char *slash = strrchr(main, '/');
	g_autofree char *dir = slash != NULL ? g_strndup(main, (gsize) (slash - main)) : g_strdup("");
	g_autofree char *rels_part = g_strdup_printf("%s%s_rels/%s.rels", dir, dir[0] ? "/" : "",
	                                             slash != NULL ? slash + 1 : main);
	g_autoptr(GPtrArray) rels = rels_read(dx->pkg, rels_part, dir, error);
	if (rels == NULL)
		return FALSE;

	/* Every part named by a relationship we follow must stay inside the package. */
	static const char *const followed[] = {
		"theme", "styles", "numbering", "header", "footer", "footnotes", "endnotes", "comments",
	};
	for (guint i = 0; i < rels->len; i++) {
		const Rel *r = rels->pdata[i];
		for (gsize k = 0; k < G_N_ELEMENTS(followed); k++)
			if (strcmp(r->type, followed[k]) == 0 && r->target == NULL) {
				g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
				            "%s target '%s' leaves the package", r->type, r->raw);
				return FALSE;
			}
	}
	const Rel *r;
	if ((r = rels_find(rels, "theme")) != NULL && !theme_read(dx->pkg, r->target, &dx->theme, error))
		return FALSE;
	if ((r = rels_find(rels, "styles")) != NULL &&
	    !styles_read(dx->pkg, r->target, &dx->theme, &dx->styles, error))
		return FALSE;
	if ((r = rels_find(rels, "numbering")) != NULL &&
	    !numbering_read(dx->pkg, r->target, &dx->numbering, error))
		return FALSE;

	if (!story_read(dx, main, PART_BODY, dx->doc->body, TRUE, error))
		return FALSE;

	static const struct { const char *type; DocPart part; gboolean margin; } stories[] = {
		{ "header", PART_HEADER, TRUE }, { "footer", PART_FOOTER, TRUE },
		{ "footnotes", PART_NOTE, FALSE }, { "endnotes", PART_NOTE, FALSE },
		{ "comments", PART_NOTE, FALSE },
	};
	g_autoptr(GHashTable) done = g_hash_table_new(g_str_hash, g_str_equal);
	for (gsize k = 0; k < G_N_ELEMENTS(stories); k++)
		for (guint i = 0; i < rels->len; i++) {
			r = rels->pdata[i];
			if (strcmp(r->type, stories[k].type) != 0 || g_hash_table_contains(done, r->target))
				continue;
			g_hash_table_add(done, r->target);
			GPtrArray *out = stories[k].margin ? dx->doc->margins : dx->doc->notes;
			if (!story_read(dx, r->target, stories[k].part, out, FALSE, error))
				return FALSE;
		}
	return TRUE;
}

Doc *docx_read(const guint8 *data, gsize len, GError **error)
{
	g_autoptr(GError) err = NULL;
	if (data == NULL || len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_EMPTY, "file is empty");
		return NULL;
	}
	if (len > READ_MAX_FILE_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "file is %" G_GSIZE_FORMAT
		            " MB, over the %u MB cap", len >> 20, READ_MAX_FILE_BYTES >> 20);
		return NULL;
	}
	Docx dx = { 0 };
	styles_init(&dx.styles);
	numbering_init(&dx.numbering);
	dx.pkg = package_open(data, len, &err);
	g_autofree char *main = NULL;
	g_autoptr(GHashTable) ct = NULL;
	if (dx.pkg != NULL && package_scan_dtd(dx.pkg, &err) &&
	    (ct = content_types_read(dx.pkg, &err)) != NULL &&
	    (main = main_part_find(dx.pkg, ct, &err)) != NULL) {
		g_autofree char *key = g_ascii_strdown(main, -1);
		MainKind k = content_type_kind(g_hash_table_lookup(ct, key));
		if (k == MAIN_SHEET || k == MAIN_SLIDES) {
			g_set_error(&err, READ_ERROR, READ_ERR_UNSUPPORTED, "%s are not read yet (main part %s)",
			            k == MAIN_SHEET ? "XLSX spreadsheets" : "PPTX presentations", main);
		} else {
			dx.doc = doc_new("docx");
			if (docx_read_stories(&dx, main, &err)) {
				Doc *doc = g_steal_pointer(&dx.doc);
				docx_clear(&dx);
				return doc;
			}
		}
	}
	g_assert(err != NULL);
	g_propagate_error(error, g_steal_pointer(&err));
	docx_clear(&dx);
	return NULL;
}
