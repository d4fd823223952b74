/*
 * read_pdf.c - PDF reader: Poppler's text layer where it is good, OCR where it is not.
 *
 * Each page's text layer is taken as characters with their boxes (never Poppler's plain
 * text, which glues table cells: "15 | 7" comes out "157") and rebuilt into words: a word
 * ends at white space or at a gap between two characters. A run in a TCVN3 or VNI font
 * (by font name, or by the look of the text when the font says nothing) is decoded. The
 * page then goes through layout.c like a scan's words would.
 *
 * A page is OCRed instead when its text layer is unusable: no text, too little text on a
 * page that is mostly an image (a scan with only a digital signature's "Ký bởi: ..." box
 * in its layer is the common case), or text that is mostly not letters (a font without
 * a Unicode map). Such pages are rendered at 300 dpi with cairo and handed to ocr.c in
 * batches, so memory stays bounded whatever the page count.
 *
 * Caps: READ_MAX_PAGES pages per file, OCR_MAX_PAGES pages OCRed (the rest are named in a
 * warning), OCR_MAX_PIXELS per rendered page. A password-protected file is refused with
 * that reason; an empty user password opens; a broken cross-reference table is left to
 * Poppler's repair. A digital signature is recorded with its signer's name.
 */
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <poppler.h>
#include "common.h"
#include "ocr.h"
#include "read.h"
#include "vntext.h"

#define MIN_TEXT_CHARS   40     /* fewer real characters than this: maybe a scan */
#define MIN_GOOD_RATIO   0.85   /* share of plausible characters in a good layer */
#define CHAR_GAP         0.30   /* gap between characters (in char heights) that splits */

/* Poppler reports syntax errors of damaged files on stderr; the reason that matters is
 * what this reader returns. Silence it unless BAOCAO_DEBUG is set. */
int read_mute_stderr(void)
{
	if (g_getenv("BAOCAO_DEBUG"))
		return -1;
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return -1;
	}
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

void read_unmute_stderr(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* Is c a character a Vietnamese text layer plausibly holds? */
static gboolean plausible(gunichar c)
{
	if (c < 0x20)
		return FALSE;
	if (c < 0x250)
		return TRUE; /* Latin, Latin-1, Latin Extended-A/B */
	if (c >= 0x300 && c < 0x370)
		return TRUE; /* combining marks */
	if (c >= 0x1E00 && c < 0x1F00)
		return TRUE; /* Latin Extended Additional: most Vietnamese letters */
	if (c >= 0x2000 && c < 0x2070)
		return TRUE; /* punctuation */
	return c == 0x2116 || c == 0x2022 || c == 0x25CF || c == 0x2212;
}

/* Font name without the subset tag ("ABCDEF+.VnTime" -> ".VnTime"). */
static const char *font_base(const char *name)
{
	if (name == NULL)
		return "";
	const char *plus = strchr(name, '+');
	return plus && plus - name == 6 ? plus + 1 : name;
}

static gboolean font_bold(const char *name)
{
	return name && (strstr(name, "Bold") || strstr(name, "bold") || strstr(name, "Black") ||
	                strstr(name, "Heavy") || strstr(name, ",B"));
}

typedef struct {
	GString *text;
	double x0, y0, x1, y1;
	VnEncoding enc;
	gboolean bold;
} WordAcc;

static void word_flush(WordAcc *w, LayoutPage *lp, gboolean *legacy)
{
	if (w->text->len == 0)
		return;
	g_autofree char *decoded = NULL;
	const char *s = w->text->str;
	if (w->enc != VN_ENC_UNICODE) {
		decoded = vn_decode_legacy(s, w->enc);
		s = decoded;
		*legacy = TRUE;
	}
	g_autofree char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	layout_page_add(lp, nfc ? nfc : s, (float) w->x0, (float) w->y0, (float) w->x1,
	                (float) w->y1, 1.0f, w->bold);
	g_string_truncate(w->text, 0);
}

typedef struct {
	LayoutPage *lp;
	gsize chars, good, content; /* characters; plausible ones; outside a signature box */
	gboolean legacy;
} PageText;

/* Lines a digital signature's appearance adds to a scanned page. */
static gboolean signature_line(const char *key)
{
	static const char *const starts[] = {
		"ky boi", "ky ngay", "thoi gian ky", "nguoi ky", "signed by", "signature",
		"co quan:", "email:", "to chuc:", "chuc vu:", NULL
	};
	for (const char *const *s = starts; *s; s++)
		if (g_str_has_prefix(key, *s))
			return TRUE;
	return FALSE;
}

static void page_text(PopplerPage *page, PageText *pt)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	pt->lp = layout_page_new((float) pw, (float) ph);
	g_autofree char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint n_rects = 0;
	if (text == NULL || !poppler_page_get_text_layout(page, &rects, &n_rects)) {
		g_free(rects);
		return;
	}
	GList *attrs = poppler_page_get_text_attributes(page);
	GList *attr = attrs;
	WordAcc w = { g_string_new(NULL), 0, 0, 0, 0, VN_ENC_UNICODE, FALSE };
	GString *line = g_string_new(NULL);
	gsize line_chars = 0;
	guint i = 0;
	for (const char *p = text; *p && i < n_rects; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		const PopplerRectangle *r = &rects[i];
		while (attr && ((PopplerTextAttributes *) attr->data)->end_index < (int) i)
			attr = attr->next;
		const PopplerTextAttributes *a =
			attr && ((PopplerTextAttributes *) attr->data)->start_index <= (int) i
				? attr->data : NULL;
		if (c == '\n') {
			/* a line of the layer: does it belong to a signature box? */
			g_autofree char *key = vn_key(line->str);
			if (!signature_line(key))
				pt->content += line_chars;
			g_string_truncate(line, 0);
			line_chars = 0;
		}
		if (g_unichar_isspace(c) || c == 0xFFFD || c == 0) {
			word_flush(&w, pt->lp, &pt->legacy);
			if (c == ' ' || c == '\t')
				g_string_append_c(line, ' ');
			continue;
		}
		pt->chars++;
		line_chars++;
		if (plausible(c))
			pt->good++;
		g_string_append_unichar(line, c);
		double h = MAX(r->y2 - r->y1, 1.0);
		if (w.text->len > 0 &&
		    (r->x1 - w.x1 > CHAR_GAP * h || r->x1 < w.x0 - h ||
		     fabs((r->y1 + r->y2) / 2 - (w.y0 + w.y1) / 2) > 0.5 * h))
			word_flush(&w, pt->lp, &pt->legacy);
		if (w.text->len == 0) {
			w.x0 = r->x1;
			w.y0 = r->y1;
			w.x1 = r->x2;
			w.y1 = r->y2;
			const char *font = a ? font_base(a->font_name) : "";
			w.enc = vn_font_encoding(font);
			w.bold = font_bold(font);
		}
		g_string_append_unichar(w.text, c);
		w.x0 = MIN(w.x0, r->x1);
		w.y0 = MIN(w.y0, r->y1);
		w.x1 = MAX(w.x1, r->x2);
		w.y1 = MAX(w.y1, r->y2);
	}
	word_flush(&w, pt->lp, &pt->legacy);
	g_autofree char *key = vn_key(line->str);
	if (!signature_line(key))
		pt->content += line_chars;
	g_string_free(line, TRUE);
	g_string_free(w.text, TRUE);
	poppler_page_free_text_attributes(attrs);
	g_free(rects);
}

/* TCVN3 or VNI text in a font whose name does not say so: decode every word. */
static void page_decode_guessed(PageText *pt)
{
	GString *all = g_string_new(NULL);
	for (guint i = 0; i < pt->lp->words->len; i++) {
		g_string_append(all, g_array_index(pt->lp->words, LayoutWord, i).text);
		g_string_append_c(all, ' ');
	}
	VnEncoding enc = vn_guess_legacy(all->str);
	g_string_free(all, TRUE);
	if (enc == VN_ENC_UNICODE)
		return;
	for (guint i = 0; i < pt->lp->words->len; i++) {
		LayoutWord *w = &g_array_index(pt->lp->words, LayoutWord, i);
		char *d = vn_decode_legacy(w->text, enc);
		g_free(w->text);
		w->text = d;
	}
	pt->legacy = TRUE;
}

/* Share of the page covered by images. */
static double image_cover(PopplerPage *page)
{
	double pw, ph, area = 0;
	poppler_page_get_size(page, &pw, &ph);
	GList *maps = poppler_page_get_image_mapping(page);
	for (GList *m = maps; m; m = m->next) {
		const PopplerImageMapping *im = m->data;
		double w = MIN(im->area.x2, pw) - MAX(im->area.x1, 0);
		double h = MIN(im->area.y2, ph) - MAX(im->area.y1, 0);
		if (w > 0 && h > 0)
			area += w * h;
	}
	poppler_page_free_image_mapping(maps);
	return pw > 0 && ph > 0 ? MIN(area / (pw * ph), 1.0) : 0;
}

/* The page rendered to 8-bit grey at `dpi` (lowered to keep under the pixel cap). */
static PIX *render_page(PopplerPage *page, int *dpi)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	double scale = *dpi / 72.0;
	if (pw * ph * scale * scale > OCR_MAX_PIXELS)
		scale = sqrt(OCR_MAX_PIXELS / (pw * ph));
	int w = (int) (pw * scale), h = (int) (ph * scale);
	if (w < 16 || h < 16)
		return NULL;
	*dpi = (int) (scale * 72.0 + 0.5);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1); /* image surfaces start transparent black */
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	PIX *pix = pixCreate(w, h, 8);
	if (pix != NULL) {
		const guint8 *src = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		l_uint32 *data = pixGetData(pix);
		int wpl = pixGetWpl(pix);
		for (int y = 0; y < h; y++) {
			const guint32 *row = (const guint32 *) (src + (gsize) y * stride);
			l_uint32 *line = data + (gsize) y * wpl;
			for (int x = 0; x < w; x++) {
				guint32 px = row[x];
				guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
				SET_DATA_BYTE(line, x, (r * 299 + g * 587 + b * 114) / 1000);
			}
		}
		pixSetResolution(pix, *dpi, *dpi);
	}
	cairo_surface_destroy(s);
	return pix;
}

static void record_signature(PopplerDocument *pd, Doc *doc)
{
	if (poppler_document_get_n_signatures(pd) <= 0)
		return;
	doc->signer = g_strdup("");
	GList *fields = poppler_document_get_signature_fields(pd);
	for (GList *f = fields; f; f = f->next) {
		g_autoptr(GError) err = NULL;
		PopplerSignatureInfo *si = poppler_form_field_signature_validate_sync(
			f->data, (PopplerSignatureValidationFlags) 0, NULL, &err);
		const char *name = si ? poppler_signature_info_get_signer_name(si) : NULL;
		if (name != NULL && *name && g_utf8_validate(name, -1, NULL) && *doc->signer == '\0') {
			g_free(doc->signer);
			doc->signer = g_utf8_make_valid(name, MIN(strlen(name), 200));
		}
		if (si)
			poppler_signature_info_free(si);
	}
	g_list_free_full(fields, g_object_unref);
}

/* OCR the rendered pages of a batch and put their words in place. */
static gboolean ocr_batch(GPtrArray *pix, GArray *dpis, GArray *which, LayoutPage **pages,
                          Doc *doc, GError **error)
{
	if (pix->len == 0)
		return TRUE;
	GPtrArray *out = NULL;
	g_autoptr(GPtrArray) warn = g_ptr_array_new_with_free_func(g_free);
	OcrOptions opt = { 0, 0 };
	gboolean ok = ocr_pages(pix, (const int *) dpis->data, &opt, &out, warn, error);
	if (ok) {
		for (guint i = 0; i < out->len; i++) {
			guint pg = g_array_index(which, guint, i);
			layout_page_free(pages[pg]);
			pages[pg] = out->pdata[i];
			out->pdata[i] = NULL;
		}
		g_ptr_array_set_free_func(out, NULL);
		g_ptr_array_unref(out);
		for (guint i = 0; i < warn->len; i++) {
			/* ocr_pages counts from 1 within the batch; name the page of the file */
			const char *w = warn->pdata[i];
			guint k = (guint) g_ascii_strtoull(w + 5, NULL, 10);
			const char *rest = strchr(w, ':');
			if (k >= 1 && k <= which->len && rest)
				g_ptr_array_add(doc->warnings,
				                g_strdup_printf("page %u%s",
				                                g_array_index(which, guint, k - 1) + 1, rest));
		}
	}
	for (guint i = 0; i < pix->len; i++) {
		PIX *p = pix->pdata[i];
		pixDestroy(&p);
	}
	g_ptr_array_set_size(pix, 0);
	g_array_set_size(dpis, 0);
	g_array_set_size(which, 0);
	return ok;
}

Doc *pdf_read(const guint8 *data, gsize len, GError **error)
{
	int saved = read_mute_stderr();
	g_autoptr(GBytes) bytes = g_bytes_new_static(data, len);
	g_autoptr(GError) perr = NULL;
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &perr);
	if (pd == NULL) {
		read_unmute_stderr(saved);
		if (g_error_matches(perr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
			g_set_error(error, READ_ERROR, READ_ERR_ENCRYPTED,
			            "PDF is protected by a password");
		else
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "PDF cannot be opened: %s",
			            perr ? perr->message : "unknown error");
		return NULL;
	}
	int n = poppler_document_get_n_pages(pd);
	if (n <= 0 || (guint) n > READ_MAX_PAGES) {
		read_unmute_stderr(saved);
		if (n <= 0)
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "PDF has no pages");
		else
			g_set_error(error, READ_ERROR, READ_ERR_BOMB, "PDF has %d pages, over the %u-page cap",
			            n, READ_MAX_PAGES);
		g_object_unref(pd);
		return NULL;
	}
	Doc *doc = doc_new("pdf");
	doc->pages = (guint) n;
	record_signature(pd, doc);

	LayoutPage **pages = g_new0(LayoutPage *, n);
	guint threads = MAX(g_get_num_processors(), 1);
	g_autoptr(GPtrArray) pix = g_ptr_array_new();
	g_autoptr(GArray) dpis = g_array_new(FALSE, FALSE, sizeof(int));
	g_autoptr(GArray) which = g_array_new(FALSE, FALSE, sizeof(guint));
	gboolean ok = TRUE;
	guint skipped = 0;
	for (int i = 0; i < n && ok; i++) {
		PopplerPage *page = poppler_document_get_page(pd, i);
		if (page == NULL) {
			pages[i] = layout_page_new(1, 1);
			g_ptr_array_add(doc->warnings, g_strdup_printf("page %d cannot be loaded", i + 1));
			continue;
		}
		PageText pt = { 0 };
		page_text(page, &pt);
		if (!pt.legacy && pt.chars > 0)
			page_decode_guessed(&pt);
		gboolean garbage = pt.chars > 0 && (double) pt.good < MIN_GOOD_RATIO * (double) pt.chars;
		gboolean scan = pt.content < MIN_TEXT_CHARS && image_cover(page) > 0.3;
		gboolean need_ocr = garbage || scan || (pt.chars == 0 && image_cover(page) > 0.05);
		if (pt.legacy)
			doc->legacy_runs++;
		pages[i] = pt.lp;
		if (need_ocr && doc->pages_ocr >= OCR_MAX_PAGES) {
			skipped++;
		} else if (need_ocr) {
			int dpi = OCR_DPI;
			PIX *p = render_page(page, &dpi);
			if (p != NULL) {
				g_ptr_array_add(pix, p);
				g_array_append_val(dpis, dpi);
				guint pi = (guint) i;
				g_array_append_val(which, pi);
				doc->pages_ocr++;
			}
		}
		g_object_unref(page);
		if (pix->len >= 2 * threads)
			ok = ocr_batch(pix, dpis, which, pages, doc, error);
	}
	if (ok)
		ok = ocr_batch(pix, dpis, which, pages, doc, error);
	for (guint i = 0; i < pix->len; i++) {
		PIX *p = pix->pdata[i];
		pixDestroy(&p);
	}
	if (skipped)
		g_ptr_array_add(doc->warnings,
		                g_strdup_printf("%u scanned pages beyond the first %u were not OCRed",
		                                skipped, OCR_MAX_PAGES));
	for (int i = 0; i < n; i++) {
		if (ok && pages[i])
			layout_append_page(doc, pages[i]);
		layout_page_free(pages[i]);
	}
	g_free(pages);
	g_object_unref(pd);
	read_unmute_stderr(saved);
	if (ok && doc->body->len == 0) {
		/* nothing to read on any page: a damaged or deliberately empty file */
		GString *why = g_string_new(NULL);
		for (guint i = 0; i < MIN(doc->warnings->len, 3); i++)
			g_string_append_printf(why, "; %s", (const char *) doc->warnings->pdata[i]);
		g_set_error(error, READ_ERROR, doc->warnings->len ? READ_ERR_CORRUPT : READ_ERR_EMPTY,
		            "PDF has no readable text or image on its %d page%s%s", n, n == 1 ? "" : "s",
		            why->str);
		g_string_free(why, TRUE);
		ok = FALSE;
	}
	if (!ok) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}
