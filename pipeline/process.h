/*
 * process.h - stages 2 to 5 for one archived file.
 *
 * process_bytes() reads, classifies and extracts: a pure function of the bytes, the
 * file's name and inbox folder, the clerk's overrides, the forms and the rules. It never
 * touches the store, so it runs in a reading child (worker.c). A file that cannot be
 * read yields a Record of kind NULL with exactly one "file-*" finding saying why.
 * process_finish() then lays the clerk's corrections over the reading and validates it,
 * in the parent, which alone has the store.
 */
#ifndef BAOCAO_PROCESS_H
#define BAOCAO_PROCESS_H

#include "forms.h"
#include "record.h"
#include "rules.h"
#include "validate.h"
#include "correct.h"

typedef struct {
	Record *rec;
	const char *file_type;   /* static name from read.h */
	gboolean quarantined;
	Timeliness tl;
	const char *companion_type;  /* the companion was read into the document: its type
	                                (static name from read.h); NULL when it was not */
} Outcome;

/* A second file read into the same document: the indicator workbook a unit sends beside
 * its cover letter (run.c pairs them). It is used when it reads and holds a table; its
 * blocks then follow the cover letter's, as an annex would. */
typedef struct {
	const guint8 *data;
	gsize len;
	const char *name;
} Companion;

void outcome_clear(Outcome *o);

void process_bytes(const guint8 *data, gsize len, const char *name, const char *folder_unit,
                   const Companion *comp, const Overrides *ov, const Forms *forms,
                   const Rules *rules, Outcome *out);

/* Corrections (may be NULL), then the findings of validate.c and the timeliness. */
void process_finish(Outcome *out, GPtrArray *corrections, const Forms *forms,
                    const Rules *rules, gint64 received_at);

/* An Outcome as JSON and back (outcome_json.c), to cross a process boundary.
 * outcome_from_json() fills *o (clear it with outcome_clear) and returns FALSE when the
 * text is not a well-formed outcome. */
char *outcome_to_json(const Outcome *o);
gboolean outcome_from_json(const char *json, gsize len, Outcome *o);

#endif
