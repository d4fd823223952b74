/*
 * pair.h - an indicator workbook and the cover letter it came with.
 *
 * Units often send the indicator table of their report as a spreadsheet beside a short
 * report or cover letter. The two make one submission: the workbook is read into the
 * letter's document, after it, as an annex (process.h, Companion), and recorded as a
 * part of the letter's submission (store_set_part). pair_workbooks() decides, before
 * reading, which pending workbook goes with which letter:
 *   - a workbook that came in a message or a zipped folder goes with a document of the
 *     same message or archive;
 *   - a workbook dropped in a folder goes with a document dropped in the same folder
 *     within two days of it;
 * and, when there are several such documents, with the one whose file name starts like
 * the workbook's ("bao-cao-t10.docx", "bao-cao-t10-chi-so.xlsx"), else with none. A letter
 * takes one workbook; a workbook that goes with nothing is read as a file of its own.
 */
#ifndef BAOCAO_PAIR_H
#define BAOCAO_PAIR_H

#include "config.h"
#include "store.h"

/* TRUE when the bytes are an XLSX or ODS workbook. */
gboolean pair_is_workbook(const guint8 *data, gsize len);

typedef struct {
	gint64 workbook, letter;
} Pair;

/* For the pending submissions (ids), the workbooks to read into a letter (GArray of
 * Pair). The letter may be pending or read in an earlier run. */
GArray *pair_workbooks(Store *st, const Config *cfg, GArray *pending);

#endif
