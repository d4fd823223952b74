/*
 * read_doc.c - stage 2 reader for Word 97-2003 binary documents (.doc).
 *
 * Library choice: libgsf (GNOME, maintained, in Debian) opens the OLE2 compound file and
 * hands over the WordDocument and 0Table/1Table streams; everything inside them is
 * parsed here. libwv was tried on the corpus files and rejected: its last release is
 * from 2009, it has a CVE history, prints to stdout/stderr, and its text API flattens
 * runs before fonts are known, so a TCVN3 (.VnTime) document came out as raw bytes.
 *
 * Flow: FIB (refuse encrypted/obfuscated files and Word 6/95), the piece table (CLX) that
 * maps character positions to 8-bit ("compressed", cp1252) or UTF-16 text, the font
 * table (SttbfFfn), the style sheet (STSH: font, bold, italic, centring, basedOn), and the
 * character and paragraph property pages (CHPX/PAPX FKPs) as far as text needs them:
 * font index, bold, italic, special/deleted characters, alignment, table depth, cell and
 * row ends. One story engine turns a range of characters into blocks; it runs on the
 * main text, the text boxes, the header/footer stories (PlcfHdd) and the notes.
 *
 * Text decisions follow read_docx.c: field codes (0x13..0x14) dropped and results kept;
 * deleted (revision-marked) text dropped; each run in a TCVN3/VNI font decoded with
 * vn_decode_legacy(); a paragraph without a legacy font but with mojibake text decided by
 * vn_guess_legacy(). Tables (cell mark 0x07, row end by the TTP property, nested tables
 * by the itap depth) become rectangular grids, one cell per cell mark; merged cells are
 * not joined. Every offset, count and size found in the file is checked before use and
 * every loop is bounded by the caps below.
 */
#include "read.h"

#include <string.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-input-memory.h>

#include "docbuild.h"
#include "vntext.h"

/* Caps of this reader on top of read.h's. */
#define MAX_STREAM_BYTES    (64u * 1024 * 1024)  /* one OLE stream */
#define MAX_PIECES          100000u              /* piece table entries */
#define MAX_CHARS           (16u * 1024 * 1024)  /* characters read in all stories */
#define MAX_PARA_BYTES      (1024u * 1024)       /* text of one paragraph */
#define MAX_BLOCKS          1000000u             /* paragraphs, tables and cells per file */
#define MAX_GRID_CELLS      4000000u             /* table grid positions per file */
#define MAX_TABLE_DEPTH     32u                  /* tables inside tables */
#define MAX_FIELD_DEPTH     64u                  /* nested fields tracked */
#define MAX_FONTS           4096u
#define MAX_STYLES          4096u
#define MAX_STYLE_CHAIN     16                   /* basedOn links followed */
#define MAX_HDR_STORIES     6000u                /* header/footer stories */

#define NFIB_WORD97         0x00C0u              /* lowest nFib of Word 97 and later */
#define FKP_SIZE            512u

static guint16 le16(const guint8 *p)
{
	return (guint16) (p[0] | (p[1] << 8));
}

static guint32 le32(const guint8 *p)
{
	return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) |
	       ((guint32) p[3] << 24);
}

/* The cp1252 meaning of bytes 0x80-0x9F (0 where cp1252 leaves the byte undefined: the
 * byte stands for itself, as Word stores it). */
static gunichar cp1252_char(guint8 b)
{
	static const guint16 hi[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	};
	if (b >= 0x80 && b < 0xA0 && hi[b - 0x80] != 0)
		return hi[b - 0x80];
	return b;
}

/* ====================================================================================
 * The file: streams, FIB, pieces, fonts, styles
 * ================================================================================== */

typedef struct {
	guint32 cp, cp_end;   /* character positions [cp, cp_end) */
	guint32 fc;           /* byte offset of the first character in WordDocument */
	gboolean compressed;  /* 8-bit cp1252 text, else UTF-16LE */
} Piece;

/* Character properties; -1 means "not said here". */
typedef struct {
	int ftc0, ftc2;       /* font index for ASCII and for other (high ANSI) characters */
	int bold, italic;     /* 0, 1, or 0x80 (as style) / 0x81 (opposite of style) */
	int istd;             /* character style */
	gboolean spec;        /* special character (picture, symbol, note reference, ...) */
	gboolean deleted;     /* revision-marked deletion */
} Chp;

/* Paragraph properties of one paragraph mark. */
typedef struct {
	int istd;
	int jc;               /* alignment: 1 centre; -1 not said */
	gboolean in_table, ttp, inner_cell, inner_ttp;
	guint itap;           /* table depth (0 when not said) */
} Pap;

typedef struct {
	gboolean present;
	int base;             /* istdBase, -1 for none */
	int ftc0, ftc2, bold, italic, jc;   /* own values, -1 not said */
	/* resolved through the basedOn chain */
	gboolean resolved;
	int r_ftc0, r_ftc2, r_bold, r_italic, r_jc;
} Style;

typedef struct {
	GBytes *wd_bytes, *tb_bytes;
	const guint8 *wd, *tb;
	gsize wd_len, tb_len;
	guint32 ccp[7];       /* text, footnotes, headers, macros, comments, endnotes, text boxes */
	guint32 ccp_hdr_txbx;
	guint32 fc_lcb[64][2];
	guint n_fc_lcb;
	Piece *pieces;
	guint n_pieces;
	GPtrArray *fonts;     /* char* (NULL for an unreadable entry) */
	Style *styles;
	guint n_styles;
	int ftc_default0, ftc_default2;
	const guint8 *bte_chpx, *bte_papx;   /* (n+1) FCs, then n page numbers */
	guint n_bte_chpx, n_bte_papx;
	Doc *doc;
	guint64 blocks, grid, chars;
} Word;

enum { CCP_TEXT, CCP_FTN, CCP_HDD, CCP_MCR, CCP_ATN, CCP_EDN, CCP_TXBX };
enum { FL_STSHF = 1, FL_PLCFHDD = 11, FL_BTE_CHPX = 12, FL_BTE_PAPX = 13,
       FL_STTBFFFN = 15, FL_CLX = 33 };

static void word_clear(Word *w)
{
	g_clear_pointer(&w->wd_bytes, g_bytes_unref);
	g_clear_pointer(&w->tb_bytes, g_bytes_unref);
	g_clear_pointer(&w->pieces, g_free);
	g_clear_pointer(&w->fonts, g_ptr_array_unref);
	g_clear_pointer(&w->styles, g_free);
}

/* A structure in the table stream: pointer and length, or NULL when absent or when it
 * does not fit in the stream. */
static const guint8 *table_part(const Word *w, guint idx, gsize *len)
{
	*len = 0;
	if (idx >= w->n_fc_lcb)
		return NULL;
	guint32 fc = w->fc_lcb[idx][0], lcb = w->fc_lcb[idx][1];
	if (lcb == 0 || fc > w->tb_len || lcb > w->tb_len - fc)
		return NULL;
	*len = lcb;
	return w->tb + fc;
}

/* Read one stream fully. NULL with error unset when there is no such stream. */
static GBytes *stream_read(GsfInfile *ole, const char *name, gsize file_len, GError **error)
{
	GsfInput *in = gsf_infile_child_by_name(ole, name);
	if (in == NULL)
		return NULL;
	gsf_off_t size = gsf_input_size(in);
	if (size < 0 || (guint64) size > MAX_STREAM_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "OLE stream '%s' declares %" G_GINT64_FORMAT " bytes, over the %u MB cap",
		            name, (gint64) size, MAX_STREAM_BYTES >> 20);
		g_object_unref(in);
		return NULL;
	}
	if ((guint64) size > file_len) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "OLE stream '%s' declares %" G_GINT64_FORMAT " bytes in a file of %"
		            G_GSIZE_FORMAT, name, (gint64) size, file_len);
		g_object_unref(in);
		return NULL;
	}
	guint8 *buf = g_malloc((gsize) size + 1);
	if (size > 0 && gsf_input_read(in, (size_t) size, buf) == NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED,
		            "OLE stream '%s' (%" G_GINT64_FORMAT " bytes) cannot be read to its end",
		            name, (gint64) size);
		g_free(buf);
		g_object_unref(in);
		return NULL;
	}
	g_object_unref(in);
	return g_bytes_new_take(buf, (gsize) size);
}

/* FIB: version, encryption, counts of characters per story, the FC/LCB pairs. */
static gboolean fib_read(Word *w, gboolean *table1, GError **error)
{
	const guint8 *d = w->wd;
	if (w->wd_len < 34) {
		g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED,
		            "WordDocument stream of %" G_GSIZE_FORMAT " bytes is too short for a FIB",
		            w->wd_len);
		return FALSE;
	}
	guint16 ident = le16(d), nfib = le16(d + 2), flags = le16(d + 10);
	if (ident != 0xA5EC && ident != 0xA5DC) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "WordDocument stream does not start with a Word FIB (wIdent 0x%04X)", ident);
		return FALSE;
	}
	if (flags & 0x0100 || flags & 0x8000) {
		g_set_error(error, READ_ERROR, READ_ERR_ENCRYPTED, "password-protected Word document");
		return FALSE;
	}
	if (ident == 0xA5DC || nfib < NFIB_WORD97) {
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "Word 6.0/95 or older binary document (nFib %u); only Word 97-2003 .doc "
		            "files are read, save it as .docx", nfib);
		return FALSE;
	}
	*table1 = (flags & 0x0200) != 0;
	gsize pos = 32;
	guint csw = le16(d + pos);
	pos += 2 + (gsize) csw * 2;
	if (pos + 2 > w->wd_len)
		goto short_fib;
	guint cslw = le16(d + pos);
	gsize lw = pos + 2;
	pos = lw + (gsize) cslw * 4;
	if (cslw < 11 || pos + 2 > w->wd_len)
		goto short_fib;
	for (guint i = 0; i < 7; i++)
		w->ccp[i] = le32(d + lw + 4 * (3 + i));
	w->ccp_hdr_txbx = le32(d + lw + 4 * 10);
	guint n = le16(d + pos);
	pos += 2;
	n = MIN(n, G_N_ELEMENTS(w->fc_lcb));
	if (n <= FL_CLX || pos + (gsize) n * 8 > w->wd_len)
		goto short_fib;
	for (guint i = 0; i < n; i++) {
		w->fc_lcb[i][0] = le32(d + pos + 8 * i);
		w->fc_lcb[i][1] = le32(d + pos + 8 * i + 4);
	}
	w->n_fc_lcb = n;
	return TRUE;
short_fib:
	g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
	            "Word FIB is incomplete (stream of %" G_GSIZE_FORMAT " bytes)", w->wd_len);
	return FALSE;
}

/* The piece table: the Pcdt in the CLX, after any number of Prc (property) blocks. */
static gboolean pieces_read(Word *w, GError **error)
{
	gsize n;
	const guint8 *c = table_part(w, FL_CLX, &n);
	if (c == NULL) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "Word document has no piece table (CLX) inside its table stream");
		return FALSE;
	}
	gsize pos = 0;
	while (pos < n && c[pos] == 0x01) {   /* Prc: clxt, cbGrpprl, grpprl */
		if (pos + 3 > n)
			break;
		gint16 cb = (gint16) le16(c + pos + 1);
		if (cb < 0)
			break;
		pos += 3 + (gsize) cb;
	}
	if (pos + 5 > n || c[pos] != 0x02) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "Word piece table (CLX) has no piece descriptors");
		return FALSE;
	}
	guint32 lcb = le32(c + pos + 1);
	const guint8 *plc = c + pos + 5;
	if (lcb > n - pos - 5 || lcb < 16 || (lcb - 4) % 12 != 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "Word piece table of %u bytes does not fit its table stream", lcb);
		return FALSE;
	}
	guint np = (lcb - 4) / 12;
	if (np > MAX_PIECES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "Word piece table of %u pieces, over the cap of %u", np, MAX_PIECES);
		return FALSE;
	}
	w->pieces = g_new0(Piece, np);
	const guint8 *pcd = plc + 4 * ((gsize) np + 1);
	for (guint i = 0; i < np; i++) {
		Piece *p = &w->pieces[w->n_pieces];
		p->cp = le32(plc + 4 * i);
		p->cp_end = le32(plc + 4 * (i + 1));
		guint32 fcc = le32(pcd + 8 * i + 2);
		p->compressed = (fcc & 0x40000000u) != 0;
		p->fc = fcc & 0x3FFFFFFFu;
		if (p->compressed)
			p->fc /= 2;
		if (p->cp_end < p->cp || (w->n_pieces > 0 && p->cp < w->pieces[w->n_pieces - 1].cp_end)) {
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "Word piece table positions are out of order at piece %u", i);
			return FALSE;
		}
		guint64 bytes = (guint64) (p->cp_end - p->cp) * (p->compressed ? 1 : 2);
		if (p->fc > w->wd_len || bytes > w->wd_len - p->fc) {
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "Word piece %u points past the end of the WordDocument stream", i);
			return FALSE;
		}
		if (p->cp_end > p->cp)
			w->n_pieces++;
	}
	return TRUE;
}

/* SttbfFfn: the font names, indexed by the CHPX font numbers. */
static void fonts_read(Word *w)
{
	w->fonts = g_ptr_array_new_with_free_func(g_free);
	gsize n;
	const guint8 *s = table_part(w, FL_STTBFFFN, &n);
	if (s == NULL || n < 4)
		return;
	gsize pos = 0;
	guint count = le16(s);
	if (count == 0xFFFF) {   /* extended form: the real count follows */
		if (n < 6)
			return;
		count = le16(s + 2);
		pos = 2;
	}
	pos += 4;  /* cData, cbExtra */
	for (guint i = 0; i < count && i < MAX_FONTS && pos < n; i++) {
		gsize total = (gsize) s[pos] + 1;
		if (total > n - pos)
			break;
		const guint8 *e = s + pos;
		char *name = NULL;
		if (total > 42) {
			GString *g = g_string_new(NULL);
			for (gsize k = 40; k + 1 < total; k += 2) {
				gunichar ch = le16(e + k);
				if (ch == 0)
					break;
				if (ch >= 0xD800 && ch <= 0xDFFF)
					ch = 0xFFFD;
				g_string_append_unichar(g, ch);
			}
			name = g_string_free(g, FALSE);
		}
		g_ptr_array_add(w->fonts, name);
		pos += total;
	}
}

/* Walk a grpprl: the next sprm, its operand and the operand's size. FALSE at the end or
 * when the next sprm does not fit. */
static gboolean sprm_next(const guint8 *g, gsize n, gsize *pos, guint16 *sprm,
                          const guint8 **arg, gsize *alen)
{
	if (*pos > n || n - *pos < 2)
		return FALSE;
	guint16 s = le16(g + *pos);
	gsize p = *pos + 2, len;
	switch (s >> 13) {
	case 0: case 1: len = 1; break;
	case 2: case 4: case 5: len = 2; break;
	case 3: len = 4; break;
	case 7: len = 3; break;
	default:
		if (p >= n)
			return FALSE;
		if (s == 0xD608 || s == 0xD606) {          /* table definitions: 16-bit size */
			if (n - p < 2)
				return FALSE;
			len = (gsize) le16(g + p) + 1;
		} else if (s == 0xC615 && g[p] == 255) {   /* sprmPChgTabs, long form */
			gsize q = p + 1;
			if (q >= n)
				return FALSE;
			q += 1 + 4 * (gsize) g[q];
			if (q >= n)
				return FALSE;
			q += 1 + 3 * (gsize) g[q];
			len = q - p;
		} else {
			len = 1 + (gsize) g[p];
		}
	}
	if (len > n - p)
		return FALSE;
	*sprm = s;
	*arg = g + p;
	*alen = len;
	*pos = p + len;
	return TRUE;
}

static void chp_init(Chp *c)
{
	c->ftc0 = c->ftc2 = c->bold = c->italic = c->istd = -1;
	c->spec = c->deleted = FALSE;
}

static void chp_apply(Chp *c, const guint8 *g, gsize n)
{
	gsize pos = 0;
	guint16 s;
	const guint8 *a;
	gsize al;
	while (sprm_next(g, n, &pos, &s, &a, &al)) {
		switch (s) {
		case 0x0835: c->bold = a[0]; break;
		case 0x0836: c->italic = a[0]; break;
		case 0x4A4F: c->ftc0 = le16(a); break;
		case 0x4A51: c->ftc2 = le16(a); break;
		case 0x4A30: c->istd = le16(a); break;
		case 0x0855: c->spec = a[0] != 0; break;
		case 0x0800: c->deleted = a[0] != 0; break;
		default: break;
		}
	}
}

static void pap_apply(Pap *p, const guint8 *g, gsize n)
{
	gsize pos = 0;
	guint16 s;
	const guint8 *a;
	gsize al;
	while (sprm_next(g, n, &pos, &s, &a, &al)) {
		switch (s) {
		case 0x2403: case 0x2461: p->jc = a[0]; break;
		case 0x2416: p->in_table = a[0] != 0; break;
		case 0x2417: p->ttp = a[0] != 0; break;
		case 0x244B: p->inner_cell = a[0] != 0; break;
		case 0x244C: p->inner_ttp = a[0] != 0; break;
		case 0x6649: p->itap = MIN(le32(a), MAX_TABLE_DEPTH); break;
		case 0x4600: p->istd = le16(a); break;
		default: break;
		}
	}
}

/* STSH: per style its base and what text needs (fonts, bold, italic, alignment). */
static void styles_read(Word *w)
{
	w->ftc_default0 = w->ftc_default2 = -1;
	gsize n;
	const guint8 *s = table_part(w, FL_STSHF, &n);
	if (s == NULL || n < 2)
		return;
	gsize cb_stshi = le16(s);
	if (cb_stshi < 4 || cb_stshi > n - 2)
		return;
	const guint8 *si = s + 2;
	guint cstd = MIN((guint) le16(si), MAX_STYLES);
	gsize cb_base = le16(si + 2);
	if (cb_stshi >= 14)
		w->ftc_default0 = le16(si + 12);
	if (cb_stshi >= 18)
		w->ftc_default2 = le16(si + 16);
	if (cb_base < 10)
		return;
	w->styles = g_new0(Style, cstd);
	w->n_styles = cstd;
	gsize pos = 2 + cb_stshi;
	for (guint i = 0; i < cstd; i++) {
		if (pos > n || n - pos < 2)
			break;
		gsize cb = le16(s + pos);
		pos += 2;
		if (cb > n - pos)
			break;
		const guint8 *std = s + pos;
		pos += cb;
		Style *st = &w->styles[i];
		st->ftc0 = st->ftc2 = st->bold = st->italic = st->jc = -1;
		st->base = -1;
		if (cb < cb_base + 2)
			continue;
		st->present = TRUE;
		guint stk = le16(std + 2) & 0xF;
		guint base = le16(std + 2) >> 4;
		guint cupx = le16(std + 4) & 0xF;
		st->base = base == 0xFFF ? -1 : (int) base;
		gsize q = cb_base;
		gsize cch = le16(std + q);
		q += 2 + 2 * cch + 2;    /* name and its terminating NUL */
		for (guint u = 0; u < cupx && u < 3; u++) {
			if (q > cb || cb - q < 2)
				break;
			gsize len = le16(std + q);
			q += 2;
			if (len > cb - q)
				break;
			const guint8 *upx = std + q;
			q += len + (len & 1);
			gboolean chpx = (stk == 1 && u == 1) || (stk == 2 && u == 0) ||
			                (stk == 3 && u == 2);
			gboolean papx = (stk == 1 && u == 0);
			if (chpx) {
				Chp c;
				chp_init(&c);
				chp_apply(&c, upx, len);
				st->ftc0 = c.ftc0;
				st->ftc2 = c.ftc2;
				st->bold = c.bold;
				st->italic = c.italic;
			} else if (papx && len >= 2) {
				Pap p = { .jc = -1 };
				pap_apply(&p, upx + 2, len - 2);
				st->jc = p.jc;
			}
		}
	}
}

/* A toggle property (bold, italic) of a style, given the base's value. */
static int toggle(int own, int base)
{
	if (own == 0 || own == 1)
		return own;
	if (own == 0x80)
		return base;
	if (own == 0x81)
		return !base;
	return base;
}

static const Style *style_get(Word *w, int istd, int depth)
{
	if (istd < 0 || (guint) istd >= w->n_styles || !w->styles[istd].present)
		return NULL;
	Style *st = &w->styles[istd];
	if (st->resolved)
		return st;
	const Style *b = depth < MAX_STYLE_CHAIN && st->base != istd
	                 ? style_get(w, st->base, depth + 1) : NULL;
	st->r_ftc0 = st->ftc0 >= 0 ? st->ftc0 : b != NULL ? b->r_ftc0 : -1;
	st->r_ftc2 = st->ftc2 >= 0 ? st->ftc2 : b != NULL ? b->r_ftc2 : -1;
	st->r_jc = st->jc >= 0 ? st->jc : b != NULL ? b->r_jc : -1;
	st->r_bold = toggle(st->bold, b != NULL ? b->r_bold : 0);
	st->r_italic = toggle(st->italic, b != NULL ? b->r_italic : 0);
	st->resolved = TRUE;
	return st;
}

/* ====================================================================================
 * Property pages (FKP)
 * ================================================================================== */

/* The FKP page and the entry within it that holds fc: FALSE when none does. */
static gboolean fkp_find(const Word *w, const guint8 *bte, guint n_bte, guint32 fc,
                         gboolean papx, const guint8 **page_out, guint *idx, guint32 *from,
                         guint32 *to)
{
	if (bte == NULL || n_bte == 0 || fc < le32(bte) || fc >= le32(bte + 4 * n_bte))
		return FALSE;
	guint lo = 0, hi = n_bte;   /* bte[lo] <= fc < bte[hi] */
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (le32(bte + 4 * mid) <= fc)
			lo = mid;
		else
			hi = mid;
	}
	guint32 pn = le32(bte + 4 * ((gsize) n_bte + 1) + 4 * lo) & 0x3FFFFF;
	guint64 off = (guint64) pn * FKP_SIZE;
	if (off + FKP_SIZE > w->wd_len)
		return FALSE;
	const guint8 *page = w->wd + off;
	guint cnt = page[FKP_SIZE - 1];
	gsize entry = papx ? 13 : 1;
	if (cnt == 0 || 4 * ((gsize) cnt + 1) + entry * cnt > FKP_SIZE - 1)
		return FALSE;
	if (fc < le32(page) || fc >= le32(page + 4 * cnt))
		return FALSE;
	guint a = 0, b = cnt;
	while (b - a > 1) {
		guint mid = a + (b - a) / 2;
		if (le32(page + 4 * mid) <= fc)
			a = mid;
		else
			b = mid;
	}
	*page_out = page;
	*idx = a;
	*from = le32(page + 4 * a);
	*to = le32(page + 4 * (a + 1));
	return *to > *from;
}

/* Character run at fc: its properties and its FC range (a one-byte range when no run
 * covers fc). */
static void chpx_at(const Word *w, guint32 fc, Chp *c, guint32 *from, guint32 *to)
{
	chp_init(c);
	const guint8 *page;
	guint i;
	if (!fkp_find(w, w->bte_chpx, w->n_bte_chpx, fc, FALSE, &page, &i, from, to)) {
		*from = fc;
		*to = fc + 1;
		return;
	}
	guint cnt = page[FKP_SIZE - 1];
	gsize off = (gsize) page[4 * ((gsize) cnt + 1) + i] * 2;
	if (off == 0 || off >= FKP_SIZE - 1)
		return;
	gsize cb = page[off];
	if (cb > FKP_SIZE - 1 - off - 1)
		return;
	chp_apply(c, page + off + 1, cb);
}

static void papx_at(const Word *w, guint32 fc, Pap *p)
{
	memset(p, 0, sizeof *p);
	p->jc = -1;
	const guint8 *page;
	guint i;
	guint32 from, to;
	if (!fkp_find(w, w->bte_papx, w->n_bte_papx, fc, TRUE, &page, &i, &from, &to))
		return;
	guint cnt = page[FKP_SIZE - 1];
	gsize off = (gsize) page[4 * ((gsize) cnt + 1) + 13 * (gsize) i] * 2;
	if (off == 0 || off + 2 > FKP_SIZE - 1)
		return;
	gsize len;
	const guint8 *g;
	if (page[off] != 0) {
		len = 2 * (gsize) page[off] - 1;
		g = page + off + 1;
	} else {
		len = 2 * (gsize) page[off + 1];
		g = page + off + 2;
	}
	if (len < 2 || (gsize) (g - page) + len > FKP_SIZE - 1)
		return;
	p->istd = le16(g);
	pap_apply(p, g + 2, len - 2);
}

static void bte_read(const Word *w, guint idx, const guint8 **bte, guint *n_bte)
{
	gsize n;
	const guint8 *b = table_part(w, idx, &n);
	*bte = NULL;
	*n_bte = 0;
	if (b == NULL || n < 12 || (n - 4) % 8 != 0)
		return;
	*bte = b;
	*n_bte = (guint) ((n - 4) / 8);
}

/* ====================================================================================
 * Stories: characters to paragraphs and tables
 * ================================================================================== */

typedef struct {
	GArray *segs;             /* DbSeg */
	gsize bytes;
	guint64 chars, bold_chars, italic_chars;
	gboolean legacy;
	GString *run;             /* text of the open run */
	VnEncoding run_enc;
	gboolean run_bold, run_italic;
	gunichar high;            /* pending UTF-16 high surrogate, or 0 */
	gboolean any;             /* something was appended (even if dropped later) */
} Para;

typedef struct {
	GPtrArray *rows;          /* GPtrArray* of DocCell* */
	GPtrArray *row;           /* DocCell* of the open row, or NULL */
	GPtrArray *cell;          /* DocBlock* of the open cell, or NULL */
} Level;

typedef struct {
	Word *w;
	DocPart part;
	const char *name;
	GPtrArray *out;           /* borrowed */
	Para para;
	Level levels[MAX_TABLE_DEPTH + 1];
	guint depth;              /* tables open */
	gboolean in_textbox;
	guint8 fields[MAX_FIELD_DEPTH];   /* 1 while the field is in its code part */
	guint n_fields, fields_over, in_code;
	/* the current character run */
	gboolean run_valid;
	guint32 run_from, run_to;
	Chp chp;
	VnEncoding enc;
	gboolean bold, italic;
} Story;

static void para_reset(Para *p)
{
	if (p->segs == NULL) {
		p->segs = db_segs_new();
	}
	g_array_set_size(p->segs, 0);
	if (p->run == NULL)
		p->run = g_string_new(NULL);
	g_string_truncate(p->run, 0);
	p->bytes = 0;
	p->chars = p->bold_chars = p->italic_chars = 0;
	p->legacy = FALSE;
	p->high = 0;
	p->any = FALSE;
}

static void cells_free(gpointer p)
{
	GPtrArray *row = p;
	for (guint i = 0; i < row->len; i++) {
		DocCell *c = row->pdata[i];
		g_ptr_array_unref(c->blocks);
		g_free(c->sdt_tag);
		g_free(c);
	}
	g_ptr_array_free(row, TRUE);
}

static void level_clear(Level *l)
{
	g_clear_pointer(&l->rows, g_ptr_array_unref);
	if (l->row != NULL) {
		cells_free(l->row);
		l->row = NULL;
	}
	g_clear_pointer(&l->cell, g_ptr_array_unref);
}

static void story_init(Story *s, Word *w, DocPart part, const char *name, GPtrArray *out)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->part = part;
	s->name = name;
	s->out = out;
	para_reset(&s->para);
}

static void story_clear(Story *s)
{
	g_array_unref(s->para.segs);
	g_string_free(s->para.run, TRUE);
	for (guint i = 0; i <= MAX_TABLE_DEPTH; i++)
		level_clear(&s->levels[i]);
}

static gboolean story_count_block(Story *s, GError **error)
{
	if (++s->w->blocks > MAX_BLOCKS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u paragraphs, tables and cells (in the %s)", MAX_BLOCKS,
		            s->name);
		return FALSE;
	}
	return TRUE;
}

/* Where a finished block goes: the open cell of the innermost table, or the story. */
static GPtrArray *story_dest(Story *s)
{
	if (s->depth == 0)
		return s->out;
	Level *l = &s->levels[s->depth];
	if (l->cell == NULL)
		l->cell = doc_block_array_new();
	return l->cell;
}

static const char *font_name(const Word *w, int ftc)
{
	return ftc >= 0 && (guint) ftc < w->fonts->len ? w->fonts->pdata[ftc] : NULL;
}

/* Effective encoding, bold and italic of a run from its properties, its character style
 * and the paragraph's style. The paragraph style is the one of the paragraph mark, only
 * known at the end: the style of the run's own PAPX is looked up instead. */
static void story_run_attrs(Story *s, guint32 fc)
{
	Word *w = s->w;
	Pap pap;
	papx_at(w, fc, &pap);
	const Style *ps = style_get(w, pap.istd, 0);
	const Style *cs = style_get(w, s->chp.istd >= 0 ? s->chp.istd : 10, 0);
	if (cs != NULL && s->chp.istd < 0 && w->n_styles > 10 && cs == &w->styles[10] &&
	    cs->ftc0 < 0 && cs->bold < 0)
		cs = NULL;   /* "Default Paragraph Font" adds nothing */
	int f0 = s->chp.ftc0, f2 = s->chp.ftc2;
	if (f0 < 0 && cs != NULL)
		f0 = cs->r_ftc0;
	if (f2 < 0 && cs != NULL)
		f2 = cs->r_ftc2;
	if (f0 < 0 && ps != NULL)
		f0 = ps->r_ftc0;
	if (f2 < 0 && ps != NULL)
		f2 = ps->r_ftc2;
	if (f0 < 0)
		f0 = w->ftc_default0;
	if (f2 < 0)
		f2 = w->ftc_default2 >= 0 ? w->ftc_default2 : f0;
	VnEncoding e0 = vn_font_encoding(font_name(w, f0));
	VnEncoding e2 = vn_font_encoding(font_name(w, f2));
	s->enc = e0 != VN_ENC_UNICODE ? e0 : e2;
	int sb = cs != NULL && cs->r_bold ? 1 : ps != NULL ? ps->r_bold : 0;
	int si = cs != NULL && cs->r_italic ? 1 : ps != NULL ? ps->r_italic : 0;
	s->bold = toggle(s->chp.bold, sb) > 0;
	s->italic = toggle(s->chp.italic, si) > 0;
}

/* Close the open run: decode legacy text, count bold and italic. */
static void story_run_flush(Story *s)
{
	Para *p = &s->para;
	if (p->high != 0) {
		g_string_append_unichar(p->run, 0xFFFD);
		p->high = 0;
	}
	if (p->run->len == 0)
		return;
	char *text = g_strndup(p->run->str, p->run->len);
	g_string_truncate(p->run, 0);
	DbSeg seg = { NULL, p->run_enc == VN_ENC_UNICODE };
	if (p->run_enc != VN_ENC_UNICODE && db_legacy_bytes(text)) {
		char *dec = vn_decode_legacy(text, p->run_enc);
		if (strcmp(dec, text) != 0) {
			s->w->doc->legacy_runs++;
			p->legacy = TRUE;
		}
		g_free(text);
		seg.text = dec;
	} else {
		seg.text = text;
	}
	guint64 n = db_visible_chars(seg.text);
	p->chars += n;
	if (p->run_bold)
		p->bold_chars += n;
	if (p->run_italic)
		p->italic_chars += n;
	g_array_append_val(p->segs, seg);
}

/* The paragraph's text: runs in a Unicode font are decoded as a group when the whole
 * paragraph reads as TCVN3/VNI mojibake (a document that lost its font names). */
static char *story_para_text(Story *s)
{
	Para *p = &s->para;
	GString *out = db_guess_segments(p->segs, p->bytes, s->w->doc, &p->legacy);
	char *res = vn_normalize(out->str, (gssize) out->len);
	g_string_free(out, TRUE);
	return res;
}

static gboolean story_append(Story *s, gunichar ch, GError **error)
{
	Para *p = &s->para;
	p->any = TRUE;
	if (p->high != 0) {
		if (ch >= 0xDC00 && ch <= 0xDFFF) {
			ch = 0x10000 + ((p->high - 0xD800) << 10) + (ch - 0xDC00);
			p->high = 0;
		} else {
			g_string_append_unichar(p->run, 0xFFFD);
			p->high = 0;
		}
	}
	if (ch >= 0xD800 && ch <= 0xDBFF) {
		p->high = ch;
		return TRUE;
	}
	if (ch >= 0xDC00 && ch <= 0xDFFF)
		ch = 0xFFFD;
	gsize before = p->run->len;
	g_string_append_unichar(p->run, ch);
	p->bytes += p->run->len - before;
	if (p->bytes > MAX_PARA_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "paragraph of more than %u KB of text in the %s", MAX_PARA_BYTES >> 10,
		            s->name);
		return FALSE;
	}
	return TRUE;
}

/* Finish a table at level k (the innermost open one) into the blocks of level k-1. */
static gboolean story_table_end(Story *s, GError **error)
{
	guint k = s->depth;
	Level *l = &s->levels[k];
	/* An unterminated cell or row still counts. */
	if (l->cell != NULL) {
		if (l->row == NULL)
			l->row = g_ptr_array_new();
		DocCell *c = g_new0(DocCell, 1);
		c->blocks = g_steal_pointer(&l->cell);
		g_ptr_array_add(l->row, c);
	}
	if (l->row != NULL) {
		if (l->rows == NULL)
			l->rows = g_ptr_array_new_with_free_func(cells_free);
		g_ptr_array_add(l->rows, g_steal_pointer(&l->row));
	}
	g_autoptr(GPtrArray) rows = g_steal_pointer(&l->rows);
	s->depth--;
	if (rows == NULL)
		return TRUE;
	guint n_rows = rows->len, n_cols = 0;
	for (guint r = 0; r < n_rows; r++)
		n_cols = MAX(n_cols, ((GPtrArray *) rows->pdata[r])->len);
	if (n_cols == 0)
		return TRUE;
	guint64 cells = (guint64) n_rows * n_cols;
	if (cells > MAX_GRID_CELLS || (s->w->grid += cells) > MAX_GRID_CELLS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "tables of more than %u cells in all (in the %s)", MAX_GRID_CELLS, s->name);
		return FALSE;
	}
	if (!story_count_block(s, error))
		return FALSE;
	DocBlock *b = doc_block_new_table(s->part, n_rows, n_cols, k - 1);
	DocTable *t = &b->table;
	for (guint r = 0; r < n_rows; r++) {
		GPtrArray *row = rows->pdata[r];
		for (guint c = 0; c < row->len; c++) {
			DocCell *cell = row->pdata[c];
			cell->row = r;
			cell->col = c;
			cell->rowspan = cell->colspan = 1;
			g_ptr_array_add(t->cells, cell);
			t->grid[(gsize) r * n_cols + c] = cell;
		}
		g_ptr_array_set_size(row, 0);   /* the table owns the cells now */
	}
	g_ptr_array_add(story_dest(s), b);
	return TRUE;
}

static gboolean story_set_depth(Story *s, guint d, GError **error)
{
	while (s->depth > d)
		if (!story_table_end(s, error))
			return FALSE;
	while (s->depth < d) {
		/* a table opening inside a cell makes sure that cell exists */
		(void) story_dest(s);
		s->depth++;
	}
	return TRUE;
}

/* A paragraph mark (0x0D, 0x07 or a section/page break 0x0C) at fc. */
static gboolean story_para_end(Story *s, gunichar mark, guint32 fc, GError **error)
{
	Para *p = &s->para;
	story_run_flush(s);
	Pap pap;
	papx_at(s->w, fc, &pap);
	guint d = pap.itap > 0 ? pap.itap : pap.in_table ? 1 : 0;
	gboolean row_end = d == 1 ? pap.ttp : d > 1 && pap.inner_ttp;
	gboolean cell_end = !row_end && (d == 1 ? mark == 0x07 : d > 1 && pap.inner_cell);
	if (!story_set_depth(s, d, error))
		return FALSE;
	if (row_end) {
		Level *l = &s->levels[d];
		if (l->cell != NULL) {   /* a cell without its mark */
			if (l->row == NULL)
				l->row = g_ptr_array_new();
			DocCell *c = g_new0(DocCell, 1);
			c->blocks = g_steal_pointer(&l->cell);
			g_ptr_array_add(l->row, c);
		}
		if (l->row != NULL) {
			if (l->rows == NULL)
				l->rows = g_ptr_array_new_with_free_func(cells_free);
			g_ptr_array_add(l->rows, g_steal_pointer(&l->row));
		}
		para_reset(p);
		return TRUE;
	}
	if (!story_count_block(s, error))
		return FALSE;
	char *text = story_para_text(s);
	DocBlock *b = doc_block_new_para(s->part, NULL);
	g_free(b->para.text);
	b->para.text = text;
	b->para.bold = p->chars > 0 && p->bold_chars * 2 > p->chars;
	b->para.italic = p->chars > 0 && p->italic_chars * 2 > p->chars;
	const Style *ps = style_get(s->w, pap.istd, 0);
	int jc = pap.jc >= 0 ? pap.jc : ps != NULL ? ps->r_jc : -1;
	b->para.centered = jc == 1;
	b->para.legacy = p->legacy;
	b->para.in_textbox = s->in_textbox;
	g_ptr_array_add(story_dest(s), b);
	para_reset(p);
	if (cell_end) {
		Level *l = &s->levels[d];
		if (!story_count_block(s, error))
			return FALSE;
		if (l->row == NULL)
			l->row = g_ptr_array_new();
		DocCell *c = g_new0(DocCell, 1);
		c->blocks = g_steal_pointer(&l->cell);
		g_ptr_array_add(l->row, c);
	}
	return TRUE;
}

/* One character of the story at fc with the current run's properties. */
static gboolean story_char(Story *s, gunichar ch, guint32 fc, GError **error)
{
	switch (ch) {
	case 0x13:   /* field begin: its code follows */
		if (s->n_fields < MAX_FIELD_DEPTH) {
			s->fields[s->n_fields++] = 1;
			s->in_code++;
		} else {
			s->fields_over++;
		}
		return TRUE;
	case 0x14:   /* field separator: the result follows */
		if (s->fields_over == 0 && s->n_fields > 0 && s->fields[s->n_fields - 1]) {
			s->fields[s->n_fields - 1] = 0;
			s->in_code--;
		}
		return TRUE;
	case 0x15:   /* field end */
		if (s->fields_over > 0)
			s->fields_over--;
		else if (s->n_fields > 0 && s->fields[--s->n_fields])
			s->in_code--;
		return TRUE;
	case 0x0D:
		if (s->chp.deleted)
			return TRUE;   /* a deleted mark joins the paragraph to the next */
		return story_para_end(s, ch, fc, error);
	case 0x07:
		return story_para_end(s, ch, fc, error);
	case 0x0C:   /* page or section break */
		if (!s->para.any)
			return TRUE;
		return story_para_end(s, ch, fc, error);
	default:
		break;
	}
	if (s->in_code > 0 || s->chp.deleted)
		return TRUE;
	if (ch == 0x0B || ch == 0x0E)
		ch = '\n';
	else if (ch == 0x1E)
		ch = '-';
	else if (ch == 0x09)
		ch = '\t';
	else if (ch < 0x20 || s->chp.spec)
		return TRUE;   /* pictures, note references, symbols, optional hyphens */
	return story_append(s, ch, error);
}

/* Run the characters [from, to) through the story. */
static gboolean story_range(Story *s, guint32 from, guint32 to, GError **error)
{
	Word *w = s->w;
	if (from >= to)
		return TRUE;
	if (to - from > MAX_CHARS || (w->chars += to - from) > MAX_CHARS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "more than %u characters of text", MAX_CHARS);
		return FALSE;
	}
	/* first piece that ends after from */
	guint lo = 0, hi = w->n_pieces;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (w->pieces[mid].cp_end <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (guint i = lo; i < w->n_pieces && w->pieces[i].cp < to; i++) {
		const Piece *pc = &w->pieces[i];
		guint32 a = MAX(from, pc->cp), b = MIN(to, pc->cp_end);
		for (guint32 cp = a; cp < b; cp++) {
			guint32 fc;
			gunichar ch;
			if (pc->compressed) {
				fc = pc->fc + (cp - pc->cp);
				ch = cp1252_char(w->wd[fc]);
			} else {
				fc = pc->fc + 2 * (cp - pc->cp);
				ch = le16(w->wd + fc);
			}
			if (!s->run_valid || fc < s->run_from || fc >= s->run_to) {
				story_run_flush(s);
				chpx_at(w, fc, &s->chp, &s->run_from, &s->run_to);
				story_run_attrs(s, fc);
				s->run_valid = TRUE;
				s->para.run_enc = s->enc;
				s->para.run_bold = s->bold;
				s->para.run_italic = s->italic;
			}
			if (!story_char(s, ch, fc, error))
				return FALSE;
		}
	}
	return TRUE;
}

/* After the last range: a paragraph without its mark and open tables are kept. */
static gboolean story_finish(Story *s, GError **error)
{
	if (!story_set_depth(s, 0, error))
		return FALSE;
	story_run_flush(s);
	if (s->para.segs->len > 0) {
		if (!story_count_block(s, error))
			return FALSE;
		DocBlock *b = doc_block_new_para(s->part, NULL);
		g_free(b->para.text);
		b->para.text = story_para_text(s);
		b->para.legacy = s->para.legacy;
		b->para.in_textbox = s->in_textbox;
		g_ptr_array_add(s->out, b);
		para_reset(&s->para);
	}
	return TRUE;
}

/* Read [from, to) as one story into out. */
static gboolean story_read(Word *w, DocPart part, const char *name, gboolean textbox,
                           guint32 from, guint32 to, GPtrArray *out, GError **error)
{
	Story s;
	story_init(&s, w, part, name, out);
	s.in_textbox = textbox;
	gboolean ok = story_range(&s, from, to, error) && story_finish(&s, error);
	story_clear(&s);
	return ok;
}

/* Plain text of blocks, to tell repeated headers apart. */
static char *blocks_text(GPtrArray *blocks)
{
	Doc tmp = { 0 };
	tmp.body = blocks;
	tmp.margins = doc_block_array_new();
	tmp.notes = doc_block_array_new();
	char *t = doc_to_text(&tmp);
	g_ptr_array_unref(tmp.margins);
	g_ptr_array_unref(tmp.notes);
	return t;
}

/* Headers and footers: PlcfHdd gives the stories; 0-5 are note separators, then six per
 * section (even, odd header; even, odd footer; first-page header, footer). A story
 * repeated by later sections is kept once. */
static gboolean headers_read(Word *w, guint32 base, guint32 len, GError **error)
{
	gsize n;
	const guint8 *plc = table_part(w, FL_PLCFHDD, &n);
	if (plc == NULL || len == 0)
		return TRUE;
	guint ncp = (guint) MIN(n / 4, (gsize) MAX_HDR_STORIES + 1);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 6; i + 1 < ncp; i++) {
		guint32 a = le32(plc + 4 * i), b = le32(plc + 4 * (i + 1));
		if (b <= a || a >= len)
			continue;
		b = MIN(b, len);
		guint kind = (i - 6) % 6;
		DocPart part = kind == 0 || kind == 1 || kind == 4 ? PART_HEADER : PART_FOOTER;
		g_autoptr(GPtrArray) tmp = doc_block_array_new();
		if (!story_read(w, part, part == PART_HEADER ? "header" : "footer", FALSE,
		                base + a, base + b, tmp, error))
			return FALSE;
		char *t = blocks_text(tmp);
		g_strstrip(t);
		char *key = g_strdup_printf("%d:%s", part, t);
		g_free(t);
		if (strlen(key) <= 2 || g_hash_table_contains(seen, key)) {
			g_free(key);
			continue;
		}
		g_hash_table_add(seen, key);
		gsize k = 0;
		gpointer *v = g_ptr_array_steal(tmp, &k);
		for (gsize j = 0; j < k; j++)
			g_ptr_array_add(w->doc->margins, v[j]);
		g_free(v);
	}
	return TRUE;
}

static gboolean word_read(Word *w, GError **error)
{
	bte_read(w, FL_BTE_CHPX, &w->bte_chpx, &w->n_bte_chpx);
	bte_read(w, FL_BTE_PAPX, &w->bte_papx, &w->n_bte_papx);
	if (!pieces_read(w, error))
		return FALSE;
	fonts_read(w);
	styles_read(w);
	guint32 end = w->n_pieces > 0 ? w->pieces[w->n_pieces - 1].cp_end : 0;
	/* The stories follow each other in character positions. */
	guint32 at = 0;
	guint32 start[8];
	guint32 lens[8] = { w->ccp[CCP_TEXT], w->ccp[CCP_FTN], w->ccp[CCP_HDD], w->ccp[CCP_MCR],
	                    w->ccp[CCP_ATN], w->ccp[CCP_EDN], w->ccp[CCP_TXBX], w->ccp_hdr_txbx };
	for (guint i = 0; i < 8; i++) {
		start[i] = at;
		lens[i] = at < end ? MIN(lens[i], end - at) : 0;
		at += lens[i];
	}
	if (!story_read(w, PART_BODY, "main text", FALSE, 0, lens[0], w->doc->body, error))
		return FALSE;
	if (!story_read(w, PART_BODY, "text boxes", TRUE, start[6], start[6] + lens[6],
	                w->doc->body, error))
		return FALSE;
	if (!headers_read(w, start[2], lens[2], error))
		return FALSE;
	static const guint notes[] = { 1, 4, 5 };
	static const char *const note_names[] = { "footnotes", "comments", "endnotes" };
	for (guint i = 0; i < G_N_ELEMENTS(notes); i++)
		if (!story_read(w, PART_NOTE, note_names[i], FALSE, start[notes[i]],
		                start[notes[i]] + lens[notes[i]], w->doc->notes, error))
			return FALSE;
	if (w->n_bte_chpx == 0)
		g_ptr_array_add(w->doc->warnings,
		                g_strdup("no character properties (PlcfBteChpx): fonts unknown"));
	return TRUE;
}

Doc *doc_read(const guint8 *data, gsize len, GError **error)
{
	g_autoptr(GError) gerr = NULL;
	GError *err = NULL;
	int saved = read_mute_stderr();
	GsfInput *mem = gsf_input_memory_new(data, (gsf_off_t) len, FALSE);
	GsfInfile *ole = mem != NULL ? gsf_infile_msole_new(mem, &gerr) : NULL;
	Word w = { 0 };
	g_autoptr(Doc) doc = NULL;
	gboolean table1 = FALSE;
	if (ole == NULL) {
		if (len % 512 != 0 || len < 1536)
			g_set_error(&err, READ_ERROR, READ_ERR_TRUNCATED,
			            "OLE2 compound file of %" G_GSIZE_FORMAT " bytes ends early: %s", len,
			            gerr != NULL ? gerr->message : "cannot be opened");
		else
			g_set_error(&err, READ_ERROR, READ_ERR_CORRUPT, "damaged OLE2 compound file: %s",
			            gerr != NULL ? gerr->message : "cannot be opened");
		goto out;
	}
	w.wd_bytes = stream_read(ole, "WordDocument", len, &err);
	if (w.wd_bytes == NULL) {
		if (err == NULL)
			g_set_error(&err, READ_ERROR, READ_ERR_CORRUPT,
			            "OLE2 compound file has no WordDocument stream");
		goto out;
	}
	w.wd = g_bytes_get_data(w.wd_bytes, &w.wd_len);
	if (!fib_read(&w, &table1, &err))
		goto out;
	const char *tname = table1 ? "1Table" : "0Table";
	w.tb_bytes = stream_read(ole, tname, len, &err);
	if (w.tb_bytes == NULL) {
		if (err == NULL)
			g_set_error(&err, READ_ERROR, READ_ERR_CORRUPT,
			            "Word document lacks its table stream '%s'", tname);
		goto out;
	}
	w.tb = g_bytes_get_data(w.tb_bytes, &w.tb_len);
	doc = doc_new("doc");
	w.doc = doc;
	if (!word_read(&w, &err))
		g_clear_pointer(&doc, doc_free);
out:
	word_clear(&w);
	if (ole != NULL)
		g_object_unref(ole);
	if (mem != NULL)
		g_object_unref(mem);
	read_unmute_stderr(saved);
	if (err != NULL)
		g_propagate_error(error, err);
	return g_steal_pointer(&doc);
}
