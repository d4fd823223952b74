/*
 * out_xlsx.h - the workbook of one period (stage 6), written from a Summary with
 * libxlsxwriter: four sheets for the clerk, "Tình hình nộp" (who owed, who sent, on time
 * or how late, accepted or not, and the DHIS2 rates), "Chỉ số" (indicators per unit with
 * SUM totals, then by group), "Nhiệm vụ" (units per task status) and "Phát hiện" (the
 * warnings).
 *
 * Its main choice: numbers are stored as numbers (with an Excel number format, so the
 * reader's own locale draws "1.250,5"), and every formula carries its computed value,
 * so a consumer that never recalculates still reads the totals. The file appears whole
 * or not at all: it is written under a temporary name beside the target, then renamed.
 */
#ifndef BAOCAO_OUT_XLSX_H
#define BAOCAO_OUT_XLSX_H

#include <glib.h>
#include "summary.h"

/* Write the workbook of s to path, replacing any file there. The workbook is built in
 * path + ".tmp-XXXXXX" in the same folder, flushed to disk, then renamed over path, so
 * a reader sees the old file or the new one, never half of one. Returns TRUE on
 * success. On failure returns FALSE with error set ("cannot write 'x.xlsx': ..."), the
 * temporary file removed and whatever was at path left as it was. s is only read. */
gboolean out_xlsx_write(const Summary *s, const char *path, GError **error);

#endif
