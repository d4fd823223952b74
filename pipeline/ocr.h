/*
 * ocr.h - page images to words with boxes: Leptonica clean-up, Tesseract `vie`.
 *
 * ocr_pages() takes page images (any depth; Leptonica PIX) and returns, for each, a
 * LayoutPage of the words Tesseract read, in the pixel coordinates of the cleaned page,
 * each with Tesseract's confidence, plus the horizontal table rules found on it. Before
 * recognition each page is turned upright (0/90/180/270), deskewed, its background
 * levelled to white, and its table rules removed (they confuse the recogniser and are
 * kept as row separators instead). Pages are shared among up to `threads` threads, one
 * Tesseract per thread (never shared), each page under a time limit.
 *
 * Tesseract's own OpenMP threads must be off (OMP_THREAD_LIMIT=1 set before the process
 * starts; main.c sees to it), or two cores run four times slower.
 */
#ifndef BAOCAO_OCR_H
#define BAOCAO_OCR_H

#include <glib.h>
#include "layout.h"

struct Pix;

/* Caps on what an image may cost. */
#define OCR_MAX_PIXELS     (60u * 1000 * 1000) /* one page image, after any scaling */
#define OCR_MAX_PAGES      60u                 /* pages OCRed in one document */
#define OCR_DPI            300                 /* resolution pages are rendered at */

typedef struct {
	guint threads;          /* 0 = number of cores */
	guint page_seconds;     /* Tesseract's deadline per page; 0 = 60 */
} OcrOptions;

/* OCR every image of pixes (struct Pix*, borrowed; `dpi` gives each one's resolution,
 * 0 when unknown). Returns one LayoutPage* per image (never NULL: an image that failed
 * or ran out of time gives the words read so far, maybe none) and, in warnings
 * (char*, may be NULL), one line per page that could not be read fully. FALSE with
 * error only when Tesseract cannot start at all (no `vie` data). */
gboolean ocr_pages(GPtrArray *pixes, const int *dpi, const OcrOptions *opt,
                   GPtrArray **pages_out, GPtrArray *warnings, GError **error);

/* Is Tesseract with the `vie` data available? (For tests and `baocao check`.) */
gboolean ocr_available(void);

#endif
