/*
 * correct.h - a clerk's corrections, between extraction and validation.
 *
 * Machines misread, so a clerk can set any field (`baocao set`) or say which unit,
 * period and form a file is (`baocao assign`), or reject it (`baocao reject`). The
 * corrections are kept apart in the store and laid over every reading of the file, so
 * a re-extraction never overwrites them; a corrected value has confidence 1 and says
 * who set it. Unit, period and form reach the reading child as Overrides, because they
 * decide how the document is read.
 */
#ifndef BAOCAO_CORRECT_H
#define BAOCAO_CORRECT_H

#include "forms.h"
#include "record.h"
#include "rules.h"
#include "store.h"

typedef struct {
	const char *unit, *period, *form;   /* NULL when not forced */
} Overrides;

/* Check that a clerk may set field to value, and give the value in canonical form in
 * *canon (g_free): a date as YYYY-MM-DD, a number as a plain decimal, a task status as
 * the form writes it, a unit code as the roster writes it. FALSE with error (a sentence
 * for the clerk, in English like every program message) otherwise. */
gboolean correct_check(const char *field, const char *value, const Forms *forms,
                       const Rules *rules, char **canon, GError **error);

/* The names a clerk may set, for help and error messages (static). */
const char *correct_field_names(void);

/* The latest unit, period and form of the corrections (pointers into them). */
void correct_overrides(GPtrArray *corrections, Overrides *ov);

/* Lay the corrections over a reading: values set with confidence 1 and a "manual" place,
 * findings they answer removed, a rejection turned into an error finding. */
void correct_apply(Record *rec, GPtrArray *corrections);

#endif
