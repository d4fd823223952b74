/*
 * photo.c - a phone photo of a sheet on a desk, flattened (see photo.h).
 *
 * On a copy scaled down to about 800 pixels, the grey levels are split in two (Otsu):
 * the sheet is the largest light component. It counts as a photographed sheet only when
 * the desk shows at three corners of the image at least (a scan is light to its
 * edges) and the sheet fills a good part of the image. Its corners are the extreme
 * points of that component along the diagonals; the full image is then mapped by the
 * projective transform that sends them to a rectangle as wide and tall as the sheet's
 * edges are long on average, a little inside the edges so that no strip of desk is left
 * to pass for a table rule.
 */
#include <glib.h>
#include <math.h>
#include "photo.h"

#define WORK_SIZE   800.0f  /* longest side of the copy the sheet is looked for on */
#define MIN_SHARE   0.30f   /* the sheet covers at least this share of the image */
#define INSET       0.008f  /* of the sheet's width, cut off each edge */

typedef struct {
	float x, y;
} Pt;

static float dist(Pt a, Pt b)
{
	return hypotf(a.x - b.x, a.y - b.y);
}

/* Is the w x h corner region of the 1-bpp sheet mask at (x, y) mostly desk? */
static gboolean desk_at(PIX *sheet, int x, int y, int w, int h)
{
	BOX *b = boxCreate(x, y, w, h);
	l_int32 lit = 0;
	pixCountPixelsInRect(sheet, b, &lit, NULL);
	boxDestroy(&b);
	return lit * 4 < w * h;
}

/* The four corners of the largest light component of the mask: top-left, top-right,
 * bottom-left, bottom-right. FALSE when there is no component worth the name. */
static gboolean sheet_corners(PIX *mask, Pt c[4])
{
	PIXA *pixa = NULL;
	BOXA *boxa = pixConnComp(mask, &pixa, 8);
	if (boxa == NULL || pixa == NULL) {
		boxaDestroy(&boxa);
		pixaDestroy(&pixa);
		return FALSE;
	}
	int best = -1;
	l_int32 best_area = 0;
	for (int i = 0; i < boxaGetCount(boxa); i++) {
		l_int32 x, y, w, h;
		if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 && w * h > best_area) {
			best_area = w * h;
			best = i;
		}
	}
	gboolean ok = FALSE;
	if (best >= 0 &&
	    (float) best_area >= MIN_SHARE * (float) (pixGetWidth(mask) * pixGetHeight(mask))) {
		l_int32 bx, by, bw, bh;
		boxaGetBoxGeometry(boxa, best, &bx, &by, &bw, &bh);
		PIX *comp = pixaGetPix(pixa, best, L_CLONE);
		float sum_min = G_MAXFLOAT, sum_max = -G_MAXFLOAT;
		float dif_min = G_MAXFLOAT, dif_max = -G_MAXFLOAT;
		l_uint32 *data = pixGetData(comp);
		int wpl = pixGetWpl(comp);
		for (int y = 0; y < bh; y++) {
			const l_uint32 *line = data + (gsize) y * (gsize) wpl;
			for (int x = 0; x < bw; x++) {
				if (!GET_DATA_BIT(line, x))
					continue;
				float px = (float) (bx + x), py = (float) (by + y);
				if (px + py < sum_min)
					sum_min = px + py, c[0] = (Pt) { px, py };
				if (px + py > sum_max)
					sum_max = px + py, c[3] = (Pt) { px, py };
				if (px - py > dif_max)
					dif_max = px - py, c[1] = (Pt) { px, py };
				if (px - py < dif_min)
					dif_min = px - py, c[2] = (Pt) { px, py };
			}
		}
		pixDestroy(&comp);
		ok = sum_max > sum_min;
	}
	boxaDestroy(&boxa);
	pixaDestroy(&pixa);
	return ok;
}

PIX *photo_flatten(PIX *src)
{
	PIX *grey = pixConvertTo8(src, FALSE);
	if (grey == NULL)
		return NULL;
	int w = pixGetWidth(grey), h = pixGetHeight(grey);
	float f = MIN(1.0f, WORK_SIZE / (float) MAX(w, h));
	PIX *small = f < 1.0f ? pixScaleAreaMap(grey, f, f) : pixClone(grey);
	PIX *mask = NULL;
	NUMA *hist = small ? pixGetGrayHistogram(small, 1) : NULL;
	l_int32 split = 0;
	if (hist != NULL && numaSplitDistribution(hist, 0.1f, &split, NULL, NULL, NULL, NULL, NULL) == 0)
		mask = pixThresholdToBinary(small, split + 1);  /* 1 = darker than the split */
	numaDestroy(&hist);
	PIX *out = NULL;
	if (mask != NULL) {
		pixInvert(mask, mask);  /* 1 = light: the sheet, and the text's holes in it */
		int sw = pixGetWidth(mask), sh = pixGetHeight(mask);
		int cw = MAX(sw / 25, 2), ch = MAX(sh / 25, 2);
		int desk = desk_at(mask, 0, 0, cw, ch) + desk_at(mask, sw - cw, 0, cw, ch) +
		           desk_at(mask, 0, sh - ch, cw, ch) + desk_at(mask, sw - cw, sh - ch, cw, ch);
		Pt c[4];
		if (desk >= 3 && sheet_corners(mask, c)) {
			for (int i = 0; i < 4; i++)
				c[i].x /= f, c[i].y /= f;
			float W = (dist(c[0], c[1]) + dist(c[2], c[3])) / 2;
			float H = (dist(c[0], c[2]) + dist(c[1], c[3])) / 2;
			float m = INSET * W;
			if (W > 0.3f * (float) w && H > 0.3f * (float) h && W <= (float) w + 1 &&
			    H <= (float) h + 1) {
				PTA *ptas = ptaCreate(4), *ptad = ptaCreate(4);
				for (int i = 0; i < 4; i++) {
					ptaAddPt(ptas, c[i].x, c[i].y);
					ptaAddPt(ptad, (i % 2 ? W - 1 + m : -m), (i < 2 ? -m : H - 1 + m));
				}
				PIX *flat = pixProjectivePtaGray(grey, ptad, ptas, 255);
				ptaDestroy(&ptas);
				ptaDestroy(&ptad);
				if (flat != NULL) {
					BOX *keep = boxCreate(0, 0, (int) W, (int) H);
					out = pixClipRectangle(flat, keep, NULL);
					boxDestroy(&keep);
					pixDestroy(&flat);
				}
			}
		}
	}
	pixDestroy(&mask);
	pixDestroy(&small);
	pixDestroy(&grey);
	return out;
}
