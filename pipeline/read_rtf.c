/*
 * read_rtf.c - stage 2 reader for RTF (Word's Rich Text Format).
 *
 * No Debian C library reads RTF, so this is a small tokenizer of its own: groups with
 * their character and paragraph state on an explicit stack (depth capped, never
 * recursion), control words with parameters, control symbols, \'hh bytes and \binN.
 * Text is decoded as Word would show it: 8-bit bytes through the code page of the
 * current font's \fcharset (163 is CP1258 Vietnamese) or else the document's
 * \ansicpg, converted with GIConv; \uN escapes are read and their \ucN fallback
 * characters skipped; a run in a font whose name is TCVN3 or VNI (.VnTime, VNI-Times)
 * keeps its bytes as Latin-1 code points and is decoded with vn_decode_legacy(), and
 * text in other fonts is judged per paragraph by vntext's mojibake guess, as in
 * read_docx.c.
 *
 * Main choices: destinations that never show (font and colour tables, style sheet,
 * info, pictures, objects, theme data, every {\*\...} group, ...) are tokenized but
 * dropped; headers and footers go to the margins and footnotes to the notes, each as
 * its own context with its own open paragraph, so a footnote in the middle of a body
 * paragraph does not cut it. Tables follow Word's model: \intbl paragraphs collect in
 * a cell until \cell, \row ends a row, and the table ends at the first paragraph
 * without \intbl; \clmrg and \clvmrg continue the cell to the left or above. Nested
 * tables (\itap 2 and more) are flattened into the outer cell: \nestcell is a tab and
 * \nestrow a line break. A file that does not start with {\rtf, or ends before its
 * groups close, is refused as corrupt or truncated.
 */
#include "read.h"

#include <string.h>

#include "docbuild.h"
#include "vntext.h"

/* Caps of this reader on top of read.h's and docbuild.h's (paragraph bytes, grid
 * positions, columns; paragraphs and tables are built with docbuild.c). */
#define MAX_GROUP_DEPTH     256u                /* nested { } groups */
#define MAX_BLOCKS          1000000u            /* paragraphs, tables and cells per file */
#define MAX_ROWS            100000u             /* rows of one table */
#define MAX_FONTS           4096u               /* font table entries */
#define MAX_FONT_NAME       128u                /* bytes of a font name */
#define MAX_CONTEXTS        64u                 /* headers and notes open at once */
#define MAX_WORD            32                  /* letters of a control word */

/* ====================================================================================
 * The tokenizer's state
 * ================================================================================== */

typedef struct {
	char *name;
	VnEncoding enc;      /* TCVN3/VNI font: bytes are decoded as legacy text */
	int codepage;        /* from \fcharset; 0: the document's \ansicpg */
	gboolean symbol;     /* \fcharset2: bytes stand for themselves */
} FontDef;

typedef enum { D_TEXT, D_SKIP, D_FONTTBL } Dest;

typedef struct {
	Dest dest;
	int font;            /* \fN, -1 none */
	int uc;              /* \ucN: fallback characters after \uN */
	gboolean bold, centered, intbl;
	guint itap;
	guint ctx;           /* index of the context this group writes to */
} GState;

/* Where text goes: the body, a header or footer, a footnote. */
typedef struct {
	GPtrArray *blocks;   /* borrowed */
	DocPart part;
	DbPara *para;        /* open paragraph, or NULL */
	DbTable *table;      /* open table, or NULL */
	DocCell *cell;       /* open cell of the table, or NULL */
	gboolean need_row;   /* the next cell starts a row */
	GArray *rowdef;      /* int merge kind per \cellx of the current row definition */
	guint depth;         /* group depth that opened it */
} Ctx;

typedef struct {
	const guint8 *data;
	gsize len, pos;
	Doc *doc;
	GHashTable *fonts;   /* int -> FontDef* */
	FontDef *font_def;   /* entry being read in the font table */
	int ansicpg, deff;
	GState stack[MAX_GROUP_DEPTH + 1];
	guint depth;         /* open groups; stack[depth] is the current state */
	GArray *ctxs;        /* Ctx */
	GByteArray *bytes;   /* pending 8-bit text, all in one font and weight */
	int bytes_font;
	gboolean bytes_bold;
	int skip_chars;      /* fallback characters still to skip after \uN */
	gunichar high;       /* a high surrogate waiting for its pair */
	gboolean group_start;/* no control word seen yet in the open group */
	gboolean star;       /* the open group started with \* */
	int pending_merge;   /* merge kind for the next \cellx */
	GHashTable *iconvs;  /* code page -> GIConv (or NULL when unknown) */
	guint blocks;
	guint64 grid;
} Rtf;

static void fontdef_free(gpointer p)
{
	FontDef *f = p;
	g_free(f->name);
	g_free(f);
}

static void iconv_free(gpointer p)
{
	if (p != NULL)
		g_iconv_close((GIConv) p);
}

static void ctx_clear(gpointer p)
{
	Ctx *c = p;
	db_para_free(c->para);
	if (c->table != NULL)
		db_table_free(c->table);
	db_doc_cell_free(c->cell);
	g_array_unref(c->rowdef);
}

static GState *gs(Rtf *r)
{
	return &r->stack[r->depth];
}

static Ctx *ctx(Rtf *r)
{
	return &g_array_index(r->ctxs, Ctx, gs(r)->ctx);
}

static gboolean count_block(Rtf *r, GError **error)
{
	if (++r->blocks > MAX_BLOCKS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u paragraphs, tables and cells in the RTF file", MAX_BLOCKS);
		return FALSE;
	}
	return TRUE;
}

/* ====================================================================================
 * Text: bytes through code pages, legacy fonts, \uN
 * ================================================================================== */

/* Windows code page of an RTF \fcharset; 0 for the document's own. */
static int charset_codepage(int charset)
{
	static const int map[][2] = {
		{ 0, 0 }, { 1, 0 }, { 77, 10000 }, { 128, 932 }, { 129, 949 }, { 130, 1361 },
		{ 134, 936 }, { 136, 950 }, { 161, 1253 }, { 162, 1254 }, { 163, 1258 },
		{ 177, 1255 }, { 178, 1256 }, { 186, 1257 }, { 204, 1251 }, { 222, 874 },
		{ 238, 1250 }, { 254, 437 }, { 255, 850 },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (map[i][0] == charset)
			return map[i][1];
	return 0;
}

static const FontDef *font_of(Rtf *r, int f)
{
	return f >= 0 ? g_hash_table_lookup(r->fonts, GINT_TO_POINTER(f)) : NULL;
}

/* A GIConv from a code page to UTF-8, opened once; NULL when iconv lacks it. */
static GIConv codepage_iconv(Rtf *r, int cp)
{
	gpointer key = GINT_TO_POINTER(cp), val;
	if (g_hash_table_lookup_extended(r->iconvs, key, NULL, &val))
		return (GIConv) val;
	char name[32];
	if (cp == 10000)
		g_strlcpy(name, "MACINTOSH", sizeof name);
	else
		g_snprintf(name, sizeof name, "CP%d", cp);
	GIConv cd = g_iconv_open("UTF-8", name);
	if (cd == (GIConv) -1) {
		g_snprintf(name, sizeof name, "WINDOWS-%d", cp);
		cd = g_iconv_open("UTF-8", name);
	}
	if (cd == (GIConv) -1)
		cd = NULL;
	g_hash_table_insert(r->iconvs, key, cd);
	return cd;
}

/* Bytes as the code points Word writes for a legacy 8-bit font: Latin-1, with
 * cp1252's characters for 0x80-0x9F where it has one. */
static void bytes_as_latin(GString *out, const guint8 *b, gsize n, GIConv cp1252)
{
	for (gsize i = 0; i < n; i++) {
		if (b[i] >= 0x80 && b[i] < 0xA0 && cp1252 != NULL) {
			g_autofree char *u = g_convert_with_iconv((const char *) &b[i], 1, cp1252, NULL,
			                                          NULL, NULL);
			if (u != NULL) {
				g_string_append(out, u);
				continue;
			}
		}
		g_string_append_unichar(out, b[i]);
	}
}

static DbPara *ensure_para(Rtf *r, GError **error);

/* Convert the pending bytes and put them in the open paragraph. */
static gboolean bytes_flush(Rtf *r, GError **error)
{
	if (r->bytes->len == 0)
		return TRUE;
	const FontDef *f = font_of(r, r->bytes_font);
	VnEncoding enc = f != NULL ? f->enc : VN_ENC_UNICODE;
	GString *out = g_string_new(NULL);
	if (enc != VN_ENC_UNICODE || (f != NULL && f->symbol)) {
		bytes_as_latin(out, r->bytes->data, r->bytes->len, codepage_iconv(r, 1252));
	} else {
		int cp = f != NULL && f->codepage != 0 ? f->codepage : r->ansicpg;
		GIConv cd = codepage_iconv(r, cp);
		char *u = cd != NULL ? g_convert_with_iconv((const char *) r->bytes->data,
		                                            (gssize) r->bytes->len, cd, NULL, NULL, NULL)
		                     : NULL;
		if (u != NULL) {
			g_string_append(out, u);
			g_free(u);
		} else {
			/* unknown code page or bytes it does not define: keep them readable */
			if (cd != NULL)
				g_iconv(cd, NULL, NULL, NULL, NULL);
			bytes_as_latin(out, r->bytes->data, r->bytes->len, codepage_iconv(r, 1252));
		}
	}
	g_byte_array_set_size(r->bytes, 0);
	DbPara *p = ensure_para(r, error);
	gboolean ok = p != NULL &&
	              db_para_put(p, r->doc, out->str, out->len, enc, r->bytes_bold, "the RTF file", error);
	g_string_free(out, TRUE);
	return ok;
}

static gboolean emit_byte(Rtf *r, guint8 b, GError **error)
{
	if (r->skip_chars > 0) {
		r->skip_chars--;
		return TRUE;
	}
	if (gs(r)->dest == D_FONTTBL) {
		FontDef *f = r->font_def;
		if (f == NULL)
			return TRUE;
		if (b == ';') {
			r->font_def = NULL;
			return TRUE;
		}
		gsize n = f->name != NULL ? strlen(f->name) : 0;
		if (n < MAX_FONT_NAME && b >= 0x20) {
			char c[2] = { (char) b, 0 };
			char *name = g_strconcat(f->name != NULL ? f->name : "", c, NULL);
			g_free(f->name);
			f->name = name;
			f->enc = db_font_encoding(name);
		}
		return TRUE;
	}
	if (gs(r)->dest != D_TEXT)
		return TRUE;
	if (r->bytes->len > 0 && (r->bytes_font != gs(r)->font || r->bytes_bold != gs(r)->bold))
		if (!bytes_flush(r, error))
			return FALSE;
	if (r->bytes->len == 0) {
		r->bytes_font = gs(r)->font;
		r->bytes_bold = gs(r)->bold;
	}
	if (r->bytes->len >= DOCBUILD_MAX_PARA_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "paragraph of more than %u KB of text in the RTF file", DOCBUILD_MAX_PARA_BYTES >> 10);
		return FALSE;
	}
	g_byte_array_append(r->bytes, &b, 1);
	return TRUE;
}

/* UTF-8 text from a control word (\uN, \emdash, \tab, ...) in the current font. */
static gboolean emit_text(Rtf *r, const char *t, GError **error)
{
	if (gs(r)->dest != D_TEXT)
		return TRUE;
	if (!bytes_flush(r, error))
		return FALSE;
	DbPara *p = ensure_para(r, error);
	if (p == NULL)
		return FALSE;
	const FontDef *f = font_of(r, gs(r)->font);
	return db_para_put(p, r->doc, t, strlen(t), f != NULL ? f->enc : VN_ENC_UNICODE, gs(r)->bold,
	                "the RTF file", error);
}

static gboolean emit_unicode(Rtf *r, int param, GError **error)
{
	gunichar c = (gunichar) (param < 0 ? param + 65536 : param);
	r->skip_chars = gs(r)->uc;
	if (c >= 0xD800 && c < 0xDC00) {
		r->high = c;
		return TRUE;
	}
	if (c >= 0xDC00 && c < 0xE000) {
		if (r->high == 0)
			return TRUE;
		c = 0x10000 + ((r->high - 0xD800) << 10) + (c - 0xDC00);
	}
	r->high = 0;
	if (c == 0 || !g_unichar_validate(c))
		return TRUE;
	char buf[8] = { 0 };
	g_unichar_to_utf8(c, buf);
	return emit_text(r, buf, error);
}

/* ====================================================================================
 * Paragraphs and tables of a context
 * ================================================================================== */

static gboolean table_end(Rtf *r, Ctx *c, GError **error);

static gboolean cell_open(Rtf *r, Ctx *c, GError **error)
{
	if (c->cell != NULL)
		return TRUE;
	if (c->table == NULL) {
		c->table = db_table_new(0);
		c->need_row = TRUE;
	}
	DbTable *t = c->table;
	if (c->need_row) {
		if (t->n_rows >= MAX_ROWS) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "table of more than %u rows in the RTF file", MAX_ROWS);
			return FALSE;
		}
		t->n_rows++;
		t->col = 0;
		c->need_row = FALSE;
	}
	if (!count_block(r, error))
		return FALSE;
	c->cell = g_new0(DocCell, 1);
	c->cell->blocks = doc_block_array_new();
	c->cell->row = t->n_rows - 1;
	c->cell->col = t->col;
	c->cell->rowspan = c->cell->colspan = 1;
	return TRUE;
}

/* The open paragraph of the current context; starting one ends a table when the
 * paragraph is not in it, or starts a cell when it is. */
static DbPara *ensure_para(Rtf *r, GError **error)
{
	Ctx *c = ctx(r);
	if (c->para != NULL)
		return c->para;
	gboolean in_table = gs(r)->intbl || gs(r)->itap > 0;
	if (!in_table && c->table != NULL && !table_end(r, c, error))
		return NULL;
	if (in_table && !cell_open(r, c, error))
		return NULL;
	c->para = db_para_new(c->part, FALSE);
	return c->para;
}

static gboolean para_end(Rtf *r, GError **error)
{
	if (!bytes_flush(r, error))
		return FALSE;
	Ctx *c = ctx(r);
	if (c->para == NULL && ensure_para(r, error) == NULL)
		return FALSE;
	if (!count_block(r, error))
		return FALSE;
	DocBlock *b = db_para_finish(c->para, r->doc, gs(r)->centered);
	g_clear_pointer(&c->para, db_para_free);
	if (c->part == PART_NOTE) {
		/* the space after the note's own reference mark */
		char *t = b->para.text;
		memmove(t, t + strspn(t, " "), strlen(t + strspn(t, " ")) + 1);
	}
	g_ptr_array_add(c->cell != NULL ? c->cell->blocks : c->blocks, b);
	return TRUE;
}

static gboolean cell_end(Rtf *r, GError **error)
{
	Ctx *c = ctx(r);
	if (!bytes_flush(r, error))
		return FALSE;
	gboolean had_para = c->para != NULL;
	if (had_para && c->cell == NULL) {
		/* a paragraph begun outside the table ends here as the cell's text */
		DbPara *p = g_steal_pointer(&c->para);
		if (!cell_open(r, c, error)) {
			db_para_free(p);
			return FALSE;
		}
		c->para = p;
	}
	if (had_para && !para_end(r, error))
		return FALSE;
	if (!cell_open(r, c, error))
		return FALSE;
	DbTable *t = c->table;
	int merge = t->col < c->rowdef->len ? g_array_index(c->rowdef, int, t->col) : DB_MERGE_NONE;
	DbCell rec = { g_steal_pointer(&c->cell), merge, FALSE };
	g_array_append_val(t->cells, rec);
	if (t->col < DOCBUILD_MAX_COLS)
		t->col++;
	return TRUE;
}

static gboolean row_end(Rtf *r, GError **error)
{
	Ctx *c = ctx(r);
	if (!bytes_flush(r, error))
		return FALSE;
	if (c->para != NULL && !cell_end(r, error))
		return FALSE;
	if (c->cell != NULL && !cell_end(r, error))
		return FALSE;
	if (c->table != NULL)
		c->need_row = TRUE;
	return TRUE;
}

static gboolean table_end(Rtf *r, Ctx *c, GError **error)
{
	if (c->table == NULL)
		return TRUE;
	if (c->cell != NULL) {
		DbCell rec = { g_steal_pointer(&c->cell), DB_MERGE_NONE, FALSE };
		g_array_append_val(c->table->cells, rec);
	}
	DbTable *t = g_steal_pointer(&c->table);
	gboolean ok = count_block(r, error);
	DocBlock *b = ok ? db_grid_build(t, c->part, &r->grid, "the RTF file", error) : NULL;
	db_table_free(t);
	if (b != NULL)
		g_ptr_array_add(c->blocks, b);
	return ok && (error == NULL || *error == NULL);
}

/* A context ends: its open paragraph (if it has text) and table are kept. */
static gboolean ctx_finish(Rtf *r, Ctx *c, GError **error)
{
	if (c->para != NULL) {
		DocBlock *b = db_para_finish(c->para, r->doc, FALSE);
		g_clear_pointer(&c->para, db_para_free);
		if (b->para.text[0] == '\0')
			doc_block_free(b);
		else
			g_ptr_array_add(c->cell != NULL ? c->cell->blocks : c->blocks, b);
	}
	return table_end(r, c, error);
}

static gboolean ctx_push(Rtf *r, GPtrArray *blocks, DocPart part, GError **error)
{
	if (r->ctxs->len >= MAX_CONTEXTS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u headers and notes inside each other in the RTF file",
		            MAX_CONTEXTS);
		return FALSE;
	}
	Ctx c = { blocks, part, NULL, NULL, NULL, TRUE, g_array_new(FALSE, TRUE, sizeof(int)),
	          r->depth };
	g_array_append_val(r->ctxs, c);
	GState *g = gs(r);
	g->ctx = r->ctxs->len - 1;
	g->intbl = g->centered = g->bold = FALSE;
	g->itap = 0;
	return TRUE;
}

/* ====================================================================================
 * Control words
 * ================================================================================== */

/* Destinations whose text never shows. */
static gboolean skipped_destination(const char *w)
{
	static const char *const names[] = {
		"colortbl", "stylesheet", "info", "pict", "object", "objdata", "themedata",
		"datastore", "colorschememapping", "latentstyles", "listtable",
		"listoverridetable", "rsidtbl", "generator", "xmlnstbl", "filetbl", "revtbl",
		"fldinst", "bkmkstart", "bkmkend", "nonshppict", "shp", "shpinst", "xe", "tc",
		"tcn", "template", "userprops", "docvar", "pn", "ftnsep", "ftnsepc", "aftnsep",
		"aftnsepc", "atnid", "atnauthor", "annotation", "atrfstart", "atrfend",
		"mmathPr", "private", "pgdsctbl", "oldcprops", "oldpprops", "oldtprops",
		"oldsprops", "protusertbl", "passwordhash", "fchars", "lchars", "sp", "sn", "sv",
		"do", "wgrffmtfilter", "mhtmltag", "htmltag", "defchp", "defpap", "panose",
		"falt", "keycode", "formfield", "ffname", "fontemb", "fontfile", "blipuid",
		"listpicture", "bliptag", "nonesttables", "factoidname", "comment", "title", "subject", "author",
		"operator", "keywords", "doccomm", "company", "category", "manager", "hlinkbase",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(w, names[i]) == 0)
			return TRUE;
	return FALSE;
}

static gboolean control_word(Rtf *r, const char *w, gboolean has_param, int param,
                             GError **error)
{
	GState *g = gs(r);
	gboolean first = r->group_start;
	r->group_start = FALSE;
	if (r->skip_chars > 0) {
		r->skip_chars--;
		return TRUE;
	}
	if (g->dest == D_SKIP)
		return TRUE;
	if (strcmp(w, "bin") == 0)
		return TRUE;  /* the caller skips the bytes */
	if (!bytes_flush(r, error))
		return FALSE;
	if (first && (r->star || skipped_destination(w))) {
		g->dest = D_SKIP;
		return TRUE;
	}
	if (g->dest == D_FONTTBL) {
		if (strcmp(w, "f") == 0 && has_param) {
			FontDef *f = g_hash_table_lookup(r->fonts, GINT_TO_POINTER(param));
			if (f == NULL && g_hash_table_size(r->fonts) < MAX_FONTS) {
				f = g_new0(FontDef, 1);
				g_hash_table_insert(r->fonts, GINT_TO_POINTER(param), f);
			}
			r->font_def = f;
		} else if (strcmp(w, "fcharset") == 0 && r->font_def != NULL) {
			r->font_def->codepage = charset_codepage(param);
			r->font_def->symbol = param == 2;
		}
		return TRUE;
	}
	if (strcmp(w, "fonttbl") == 0) {
		g->dest = D_FONTTBL;
		return TRUE;
	}
	if (strncmp(w, "header", 6) == 0 || strncmp(w, "footer", 6) == 0) {
		if (strcmp(w + 6, "") != 0 && strcmp(w + 6, "l") != 0 && strcmp(w + 6, "r") != 0 &&
		    strcmp(w + 6, "f") != 0)
			return TRUE;  /* \headery, \footery: page geometry */
		return ctx_push(r, r->doc->margins, w[0] == 'h' ? PART_HEADER : PART_FOOTER, error);
	}
	if (strcmp(w, "footnote") == 0)
		return ctx_push(r, r->doc->notes, PART_NOTE, error);

	static const struct { const char *w; const char *text; } symbols[] = {
		{ "line", "\n" }, { "tab", "\t" }, { "emdash", "\u2014" }, { "endash", "\u2013" },
		{ "bullet", "\u2022" }, { "lquote", "\u2018" }, { "rquote", "\u2019" },
		{ "ldblquote", "\u201C" }, { "rdblquote", "\u201D" }, { "emspace", " " },
		{ "enspace", " " }, { "qmspace", " " }, { "nestcell", "\t" }, { "nestrow", "\n" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(symbols); i++)
		if (strcmp(w, symbols[i].w) == 0)
			return emit_text(r, symbols[i].text, error);

	if (strcmp(w, "par") == 0 || strcmp(w, "sect") == 0)
		return para_end(r, error);
	if (strcmp(w, "cell") == 0)
		return cell_end(r, error);
	if (strcmp(w, "row") == 0)
		return row_end(r, error);
	if (strcmp(w, "u") == 0 && has_param)
		return emit_unicode(r, param, error);
	if (strcmp(w, "uc") == 0)
		g->uc = CLAMP(param, 0, 16);
	else if (strcmp(w, "b") == 0)
		g->bold = !has_param || param != 0;
	else if (strcmp(w, "plain") == 0) {
		g->bold = FALSE;
		g->font = r->deff;
	} else if (strcmp(w, "f") == 0 && has_param)
		g->font = param;
	else if (strcmp(w, "pard") == 0) {
		g->centered = g->intbl = FALSE;
		g->itap = 0;
	} else if (strcmp(w, "qc") == 0)
		g->centered = TRUE;
	else if (strcmp(w, "ql") == 0 || strcmp(w, "qr") == 0 || strcmp(w, "qj") == 0 ||
	         strcmp(w, "qd") == 0)
		g->centered = FALSE;
	else if (strcmp(w, "intbl") == 0)
		g->intbl = TRUE;
	else if (strcmp(w, "itap") == 0)
		g->itap = (guint) CLAMP(param, 0, 64);
	else if (strcmp(w, "trowd") == 0) {
		g_array_set_size(ctx(r)->rowdef, 0);
		r->pending_merge = DB_MERGE_NONE;
	} else if (strcmp(w, "clmrg") == 0)
		r->pending_merge = DB_MERGE_LEFT;
	else if (strcmp(w, "clvmrg") == 0)
		r->pending_merge = DB_MERGE_UP;
	else if (strcmp(w, "cellx") == 0) {
		GArray *def = ctx(r)->rowdef;
		if (def->len < DOCBUILD_MAX_COLS)
			g_array_append_val(def, r->pending_merge);
		r->pending_merge = DB_MERGE_NONE;
	} else if (strcmp(w, "ansicpg") == 0 && param > 0)
		r->ansicpg = param;
	else if (strcmp(w, "mac") == 0)
		r->ansicpg = 10000;
	else if (strcmp(w, "pc") == 0)
		r->ansicpg = 437;
	else if (strcmp(w, "pca") == 0)
		r->ansicpg = 850;
	else if (strcmp(w, "deff") == 0)
		r->deff = param;
	return TRUE;
}

/* ====================================================================================
 * The tokenizer
 * ================================================================================== */

static gboolean group_open(Rtf *r, GError **error)
{
	if (r->depth >= MAX_GROUP_DEPTH) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "RTF groups nested deeper than %u (at byte %" G_GSIZE_FORMAT ")",
		            MAX_GROUP_DEPTH, r->pos);
		return FALSE;
	}
	if (!bytes_flush(r, error))
		return FALSE;
	r->stack[r->depth + 1] = r->stack[r->depth];
	r->depth++;
	r->group_start = TRUE;
	r->star = FALSE;
	r->skip_chars = 0;
	return TRUE;
}

static gboolean group_close(Rtf *r, GError **error)
{
	if (!bytes_flush(r, error))
		return FALSE;
	if (gs(r)->dest == D_FONTTBL)
		r->font_def = NULL;
	/* a header, footer or note ends with the group that opened it */
	while (r->ctxs->len > 1 &&
	       g_array_index(r->ctxs, Ctx, r->ctxs->len - 1).depth >= r->depth) {
		Ctx *c = &g_array_index(r->ctxs, Ctx, r->ctxs->len - 1);
		if (!ctx_finish(r, c, error))
			return FALSE;
		g_array_set_size(r->ctxs, r->ctxs->len - 1);
	}
	r->depth--;
	r->group_start = FALSE;
	r->star = FALSE;
	r->skip_chars = 0;
	return TRUE;
}

static gboolean rtf_parse(Rtf *r, GError **error)
{
	const guint8 *d = r->data;
	gsize n = r->len;
	gboolean started = FALSE;
	while (r->pos < n) {
		guint8 c = d[r->pos];
		if (c == '{') {
			r->pos++;
			if (!group_open(r, error))
				return FALSE;
			started = TRUE;
		} else if (c == '}') {
			r->pos++;
			if (r->depth == 0)
				return TRUE;  /* stray close after the end: ignore */
			if (!group_close(r, error))
				return FALSE;
			if (r->depth == 0 && started)
				return TRUE;  /* the document's group is closed: the rest is ignored */
		} else if (c == '\\') {
			if (r->pos + 1 >= n)
				break;
			guint8 s = d[r->pos + 1];
			if (g_ascii_isalpha(s)) {
				char w[MAX_WORD + 1];
				int k = 0;
				r->pos++;
				while (r->pos < n && g_ascii_isalpha(d[r->pos])) {
					if (k < MAX_WORD)
						w[k++] = (char) d[r->pos];
					r->pos++;
				}
				w[k] = '\0';
				gboolean has_param = FALSE, neg = FALSE;
				gint64 param = 0;
				if (r->pos < n && d[r->pos] == '-' && r->pos + 1 < n &&
				    g_ascii_isdigit(d[r->pos + 1])) {
					neg = TRUE;
					r->pos++;
				}
				for (int digits = 0; r->pos < n && g_ascii_isdigit(d[r->pos]); digits++) {
					if (digits < 10)
						param = param * 10 + (d[r->pos] - '0');
					has_param = TRUE;
					r->pos++;
				}
				param = CLAMP(neg ? -param : param, G_MININT32, G_MAXINT32);
				if (r->pos < n && d[r->pos] == ' ')
					r->pos++;
				if (strcmp(w, "bin") == 0 && has_param && param > 0) {
					if ((guint64) param > n - r->pos) {
						g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED,
						            "RTF ends inside \\bin data of %" G_GINT64_FORMAT
						            " bytes (at byte %" G_GSIZE_FORMAT ")", param, r->pos);
						return FALSE;
					}
					r->pos += (gsize) param;
				}
				if (!control_word(r, w, has_param, (int) param, error))
					return FALSE;
			} else if (s == '\'') {
				r->pos += 2;
				if (r->pos + 2 > n)
					break;
				int hi = g_ascii_xdigit_value((char) d[r->pos]);
				int lo = g_ascii_xdigit_value((char) d[r->pos + 1]);
				r->pos += 2;
				r->group_start = FALSE;
				if (hi >= 0 && lo >= 0 && gs(r)->dest != D_SKIP &&
				    !emit_byte(r, (guint8) (hi * 16 + lo), error))
					return FALSE;
			} else {
				r->pos += 2;
				if (s == '*') {
					if (r->group_start)
						r->star = TRUE;
					continue;
				}
				r->group_start = FALSE;
				if (gs(r)->dest == D_SKIP)
					continue;
				if (r->skip_chars > 0) {
					r->skip_chars--;
					continue;
				}
				gboolean ok = TRUE;
				if (s == '\\' || s == '{' || s == '}')
					ok = emit_byte(r, s, error);
				else if (s == '~')
					ok = emit_text(r, "\u00A0", error);
				else if (s == '_')
					ok = emit_text(r, "\u2011", error);
				else if (s == '\n' || s == '\r')
					ok = para_end(r, error);
				if (!ok)
					return FALSE;
			}
		} else {
			r->pos++;
			if (c == '\r' || c == '\n' || r->depth == 0)
				continue;
			r->group_start = FALSE;
			if (gs(r)->dest == D_SKIP)
				continue;
			if (c == '\t') {
				if (!emit_text(r, "\t", error))
					return FALSE;
			} else if (c >= 0x20 || c == 0) {
				if (c != 0 && !emit_byte(r, c, error))
					return FALSE;
			}
		}
	}
	g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED,
	            "RTF ends before %u open group%s close (at byte %" G_GSIZE_FORMAT ")",
	            r->depth, r->depth == 1 ? "" : "s", n);
	return FALSE;
}

/* ====================================================================================
 * rtf_read
 * ================================================================================== */

Doc *rtf_read(const guint8 *data, gsize len, GError **error)
{
	if (data == NULL || len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_EMPTY, "file is empty");
		return NULL;
	}
	if (len > READ_MAX_FILE_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "file is %" G_GSIZE_FORMAT
		            " MB, over the %u MB cap", len >> 20, READ_MAX_FILE_BYTES >> 20);
		return NULL;
	}
	if (len < 5 || memcmp(data, "{\\rtf", 5) != 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "not an RTF file: it does not start with {\\rtf");
		return NULL;
	}
	Rtf r = { 0 };
	r.data = data;
	r.len = len;
	r.doc = doc_new("rtf");
	r.fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, fontdef_free);
	r.iconvs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, iconv_free);
	r.bytes = g_byte_array_new();
	r.ansicpg = 1252;
	r.deff = -1;
	r.stack[0].font = -1;
	r.stack[0].uc = 1;
	r.ctxs = g_array_new(FALSE, TRUE, sizeof(Ctx));
	g_array_set_clear_func(r.ctxs, ctx_clear);
	Ctx body = { r.doc->body, PART_BODY, NULL, NULL, NULL, TRUE,
	             g_array_new(FALSE, TRUE, sizeof(int)), 0 };
	g_array_append_val(r.ctxs, body);

	gboolean ok = rtf_parse(&r, error);
	if (ok) {
		while (r.ctxs->len > 0 && ok) {
			ok = ctx_finish(&r, &g_array_index(r.ctxs, Ctx, r.ctxs->len - 1), error);
			g_array_set_size(r.ctxs, r.ctxs->len - 1);
		}
	}
	g_array_unref(r.ctxs);
	g_hash_table_unref(r.fonts);
	g_hash_table_unref(r.iconvs);
	g_byte_array_unref(r.bytes);
	if (!ok) {
		doc_free(r.doc);
		return NULL;
	}
	return r.doc;
}
