/*
 * process.h - stages 2 to 5 for one archived file: read, classify, extract, validate.
 *
 * process_bytes() is a pure function of the bytes, the file's name and inbox folder,
 * the forms and the rules: it never touches the store, so it can run anywhere (the
 * run, a re-read, a child process). A file that cannot be read yields a Record of kind
 * NULL with exactly one "file-*" finding saying why.
 */
#ifndef BAOCAO_PROCESS_H
#define BAOCAO_PROCESS_H

#include "forms.h"
#include "record.h"
#include "rules.h"
#include "validate.h"

typedef struct {
	Record *rec;
	const char *file_type;   /* static name from read.h */
	gboolean quarantined;
	Timeliness tl;
} Outcome;

void outcome_clear(Outcome *o);

void process_bytes(const guint8 *data, gsize len, const char *name, const char *folder_unit,
                   gint64 received_at, const Forms *forms, const Rules *rules, Outcome *out);

/* An Outcome as JSON and back (outcome_json.c), to cross a process boundary.
 * outcome_from_json() fills *o (clear it with outcome_clear) and returns FALSE when the
 * text is not a well-formed outcome. */
char *outcome_to_json(const Outcome *o);
gboolean outcome_from_json(const char *json, gsize len, Outcome *o);

#endif
