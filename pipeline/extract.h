/*
 * extract.h - stages 3 and 4: classify a document (classify.c) and extract the fields
 * of its form (extract.c), from the line view of docview.h into a Record.
 *
 * Both stages share one Reading: the view, the form and rules, and the landmarks
 * classify finds (where the title block and the body start) that extract reads from.
 * Neither touches the store; both only add to reading->rec.
 */
#ifndef BAOCAO_EXTRACT_H
#define BAOCAO_EXTRACT_H

#include "docview.h"
#include "forms.h"
#include "record.h"
#include "rules.h"
#include "correct.h"

typedef struct {
	const Doc *doc;
	const DocView *view;
	const Forms *forms;
	const Rules *rules;
	const char *folder_unit;  /* unit code said by the inbox sub-folder, or NULL */
	const Overrides *ov;      /* what the clerk said it is (may be NULL) */
	const FormDef *form;      /* set by classify for a mandated report */
	int type_line;            /* line of the type word ("BÁO CÁO"), -1 when none */
	guint body_start;         /* first line after the title block */
	Record *rec;
} Reading;

/* Stage 3: kind, form, unit and period, and the header fields (issuer, doc_number,
 * place, doc_date, doc_type, title). Adds findings unit-conflict, unit-unknown,
 * period-from-date, period-unknown. */
void classify_document(Reading *rd);

/* The form whose indicator table heads one of the document's tables, or NULL: how a
 * workbook that came without its cover letter is still read as the indicator part of
 * that form's report. */
const FormDef *extract_table_form(const Reading *rd);

/* Stage 4: for a report, the sections, tables and indicators of the form; for any
 * document, the signature block and recipients. Then the values of tagged content
 * controls, which are exact. */
void extract_fields(Reading *rd);

#endif
