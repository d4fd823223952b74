/*
 * read_image.c - PNG, JPEG and (multi-page) TIFF pages, read by OCR.
 *
 * Leptonica decodes the image (its header is checked against the pixel cap before any
 * pixel is decoded); ocr.c turns each page upright, deskews and reads it; layout.c
 * rebuilds the paragraphs and tables. A resolution below 100 dpi in the file (a phone's
 * "72 dpi") is not believed: the page is then taken to be A4 and its resolution derived
 * from its size. A TIFF gives at most OCR_MAX_PAGES pages; the rest are named in a
 * warning.
 */
#include <string.h>
#include <leptonica/allheaders.h>
#include "common.h"
#include "ocr.h"
#include "read.h"

static int believable_dpi(PIX *pix)
{
	int x = pixGetXRes(pix);
	return x >= 100 && x <= 1200 ? x : 0;
}

static Doc *image_read_muted(const guint8 *data, gsize len, GError **error);

Doc *image_read(const guint8 *data, gsize len, GError **error)
{
	int saved = read_mute_stderr();
	Doc *doc = image_read_muted(data, len, error);
	read_unmute_stderr(saved);
	return doc;
}

static Doc *image_read_muted(const guint8 *data, gsize len, GError **error)
{
	setMsgSeverity(L_SEVERITY_NONE);
	l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
	if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
	    h <= 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "image header cannot be read");
		return NULL;
	}
	if ((guint64) w * (guint64) h > 4ull * OCR_MAX_PIXELS) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "image is %d x %d pixels, over the %u-megapixel cap", w, h,
		            4u * OCR_MAX_PIXELS / 1000000u);
		return NULL;
	}
	g_autoptr(GPtrArray) pixes = g_ptr_array_new();
	g_autoptr(GArray) dpis = g_array_new(FALSE, FALSE, sizeof(int));
	guint skipped = 0;
	gboolean tiff = format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_G3 ||
	                format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS ||
	                format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG;
	if (tiff) {
		size_t offset = 0;
		for (guint page = 0; page < READ_MAX_PAGES; page++) {
			PIX *p = pixReadMemFromMultipageTiff(data, len, &offset);
			if (p == NULL)
				break;
			if (pixes->len >= OCR_MAX_PAGES ||
			    (guint64) pixGetWidth(p) * pixGetHeight(p) > 4ull * OCR_MAX_PIXELS) {
				skipped++;
				pixDestroy(&p);
			} else {
				int dpi = believable_dpi(p);
				g_ptr_array_add(pixes, p);
				g_array_append_val(dpis, dpi);
			}
			if (offset == 0)
				break;
		}
	} else {
		PIX *p = pixReadMem(data, len);
		if (p != NULL) {
			int dpi = believable_dpi(p);
			g_ptr_array_add(pixes, p);
			g_array_append_val(dpis, dpi);
		}
	}
	if (pixes->len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "image cannot be decoded");
		return NULL;
	}
	GPtrArray *pages = NULL;
	Doc *doc = doc_new("image");
	OcrOptions opt = { 0, 0 };
	gboolean ok = ocr_pages(pixes, (const int *) dpis->data, &opt, &pages, doc->warnings, error);
	for (guint i = 0; i < pixes->len; i++) {
		PIX *p = pixes->pdata[i];
		pixDestroy(&p);
	}
	if (!ok) {
		doc_free(doc);
		return NULL;
	}
	doc->pages = pages->len + skipped;
	doc->pages_ocr = pages->len;
	for (guint i = 0; i < pages->len; i++)
		layout_append_page(doc, pages->pdata[i]);
	g_ptr_array_unref(pages);
	if (doc->body->len == 0) {
		g_set_error(error, READ_ERROR, READ_ERR_EMPTY,
		            "image of %d x %d pixels holds no text that could be read", w, h);
		doc_free(doc);
		return NULL;
	}
	if (skipped)
		g_ptr_array_add(doc->warnings,
		                g_strdup_printf("%u pages of the image were not read (over the %u-page or pixel cap)",
		                                skipped, OCR_MAX_PAGES));
	return doc;
}
