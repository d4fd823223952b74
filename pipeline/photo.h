/*
 * photo.h - a phone photo of a sheet on a desk, flattened.
 *
 * A page photographed with a phone is a light quadrilateral on a darker desk: turned a
 * little, and narrower at the edge farther from the lens (keystone). OCR reads the text
 * of such a page, but lines that converge are no longer lines of one height, and the
 * layout (header columns, table rows) falls apart. photo_flatten() finds the sheet and
 * maps its four corners back onto a rectangle.
 */
#ifndef BAOCAO_PHOTO_H
#define BAOCAO_PHOTO_H

#include <leptonica/allheaders.h>

/* The sheet of src (any depth) as an upright 8-bpp rectangle, or NULL when src does not
 * show a sheet on a darker ground (a scan, a crop of a page, a blank image): then the
 * caller goes on with src itself. The quarter turn of a sideways photo is left to the
 * orientation step. */
PIX *photo_flatten(PIX *src);

#endif
