/*
 * compile.h - stage 6: the outputs of each period in outbox/<period>/, from the store
 * alone, each file written atomically (temporary file, then rename).
 */
#ifndef BAOCAO_COMPILE_H
#define BAOCAO_COMPILE_H

#include "forms.h"
#include "rules.h"
#include "store.h"

/* Folder name of a period: "2025-10", "adhoc-45-CV-UBKTTU" (g_free). */
char *compile_period_dir(const char *period);

/* Rewrite outbox/<period>/ for every period that has submissions or that units owe by
 * now: submissions.json (the export), indicators.csv, summary.json (the compiled
 * figures), the consolidated report (DOCX), the workbook (XLSX), the page (HTML), and
 * one feedback note per unit (feedback/<unit>.docx); then outbox/index.html across the
 * periods. Returns the number of periods written, or -1 with error. */
int compile_outbox(Store *st, const Rules *rules, const Forms *forms, const char *outbox,
                   GError **error);

#endif
