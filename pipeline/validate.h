/*
 * validate.h - stage 5: findings about a document (validate_record) and about the set
 * of submissions (validate_batch: later submissions supersede earlier ones, statuses).
 */
#ifndef BAOCAO_VALIDATE_H
#define BAOCAO_VALIDATE_H

#include "forms.h"
#include "record.h"
#include "rules.h"
#include "store.h"

typedef struct {
	char *timeliness;   /* "on_time", "late" or NULL */
	int days_late;      /* -1 when no deadline applies */
	char *due_date;     /* "YYYY-MM-DD" or NULL */
} Timeliness;

void timeliness_clear(Timeliness *t);

/* Add the findings of REPORT-66.md section 8 and the deadline checks to a report's
 * record; fill *tl. form is the report's form (NULL for a document: nothing is checked). */
void validate_record(Record *rec, const FormDef *form, const Rules *rules,
                     gint64 received_at, Timeliness *tl);

/* Recompute, for every submission, superseded_by and status, the "superseded" findings,
 * and the timeliness of duplicates (their own receipt against the period of the
 * submission they repeat). One transaction. */
gboolean validate_batch(Store *st, const Rules *rules, GError **error);

#endif
