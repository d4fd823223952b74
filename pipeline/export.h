/*
 * export.h - the machine-readable export of templates/EXPORT.md, built from the store.
 */
#ifndef BAOCAO_EXPORT_H
#define BAOCAO_EXPORT_H

#include <json-glib/json-glib.h>
#include "store.h"

/* The export document for one period, or for every submission when period is NULL,
 * pretty-printed JSON (g_free). generated_at is clock_now(). */
char *export_json(Store *st, const char *period);

/* One submission as a JSON object (the element of "submissions"). */
JsonNode *export_submission(Store *st, const Submission *s);

#endif
