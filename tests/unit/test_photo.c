/*
 * test_photo.c - a phone photo of a sheet, flattened (pipeline/photo.c).
 *
 * A white sheet with black bars for lines of text is drawn, then photographed the way
 * the fixture generator does it: put on a grey desk, turned two degrees and narrowed at
 * the top (keystone) by one projective transform. Flattened, it must come back as a
 * rectangle of about the sheet's size whose bars are level again; a scan (white to its
 * edges) and a blank grey image are left alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <cmocka.h>
#include <glib.h>
#include "photo.h"

#define SHEET_W 1200
#define SHEET_H 1700

/* The sheet: white, with black bars 12 px high every 60 px, from x 150 to 1050. */
static PIX *sheet(void)
{
	PIX *p = pixCreate(SHEET_W, SHEET_H, 8);
	pixSetAllArbitrary(p, 250);
	for (int y = 150; y + 12 < SHEET_H - 150; y += 60)
		pixRasterop(p, 150, y, 900, 12, PIX_CLR, NULL, 0, 0);
	return p;
}

/* The sheet photographed on a desk of grey level 90. */
static PIX *photographed(PIX *s)
{
	int border = 150;
	PIX *p = pixAddBorder(s, border, 90);
	float cx = (float) pixGetWidth(p) / 2, cy = (float) pixGetHeight(p) / 2;
	float a = 2.0f * (float) G_PI / 180.0f, key = 0.04f * SHEET_W;
	const float sx[4] = { border, border + SHEET_W, border, border + SHEET_W };
	const float sy[4] = { border, border, border + SHEET_H, border + SHEET_H };
	PTA *ptas = ptaCreate(4), *ptad = ptaCreate(4);
	for (int i = 0; i < 4; i++) {
		float x = sx[i] + (i == 0 ? key : i == 1 ? -key : 0), y = sy[i];
		float dx = x - cx, dy = y - cy;
		ptaAddPt(ptas, sx[i], sy[i]);
		ptaAddPt(ptad, cx + dx * cosf(a) - dy * sinf(a), cy + dx * sinf(a) + dy * cosf(a));
	}
	PIX *out = pixProjectivePtaGray(p, ptad, ptas, 90);
	ptaDestroy(&ptas);
	ptaDestroy(&ptad);
	pixDestroy(&p);
	return out;
}

/* How level the bars are: the share of rows that are almost all ink or almost all
 * paper between x 200 and 1000 of the flattened sheet (1 when every bar is level). */
static double levelness(PIX *flat)
{
	int w = pixGetWidth(flat), h = pixGetHeight(flat);
	int x0 = w * 200 / SHEET_W, x1 = w * 1000 / SHEET_W, clean = 0, rows = 0;
	for (int y = h / 10; y < h * 9 / 10; y++) {
		int dark = 0;
		for (int x = x0; x < x1; x++) {
			l_uint32 v;
			pixGetPixel(flat, x, y, &v);
			dark += v < 128;
		}
		rows++;
		clean += dark < (x1 - x0) / 20 || dark > (x1 - x0) * 19 / 20;
	}
	return (double) clean / rows;
}

static void test_photo_is_flattened(void **state)
{
	(void) state;
	PIX *s = sheet();
	PIX *photo = photographed(s);
	double before = levelness(photo);
	PIX *flat = photo_flatten(photo);
	assert_non_null(flat);
	assert_int_equal(pixGetDepth(flat), 8);
	/* about the sheet's size (the far edge was narrowed by 4 %, an edge is cut off) */
	assert_true(abs(pixGetWidth(flat) - SHEET_W) < SHEET_W / 20);
	assert_true(abs(pixGetHeight(flat) - SHEET_H) < SHEET_H / 20);
	double after = levelness(flat);
	assert_true(after > 0.9);
	assert_true(after > before + 0.2);
	pixDestroy(&flat);
	pixDestroy(&photo);
	pixDestroy(&s);
}

static void test_scan_and_blank_left_alone(void **state)
{
	(void) state;
	PIX *s = sheet();
	assert_null(photo_flatten(s));
	PIX *blank = pixCreate(800, 600, 8);
	pixSetAllArbitrary(blank, 90);
	assert_null(photo_flatten(blank));
	pixDestroy(&blank);
	pixDestroy(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_photo_is_flattened),
		cmocka_unit_test(test_scan_and_blank_left_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
