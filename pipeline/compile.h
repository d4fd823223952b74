/*
 * compile.h - stage 6: the outputs of each period in outbox/<period>/, from the store
 * alone, each file written atomically (temporary file, then rename).
 */
#ifndef BAOCAO_COMPILE_H
#define BAOCAO_COMPILE_H

#include "rules.h"
#include "store.h"

/* Folder name of a period: "2025-10", "adhoc-45-CV-UBKTTU" (g_free). */
char *compile_period_dir(const char *period);

/* Rewrite outbox/<period>/ for every period with submissions. Returns the number of
 * periods written, or -1 with error when the outbox cannot be written. */
int compile_outbox(Store *st, const Rules *rules, const char *outbox, GError **error);

#endif
