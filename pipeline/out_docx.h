/*
 * out_docx.h - the Word outputs: the consolidated report of a period in the official
 * Party format, the feedback note to one unit, and the fillable template of the form.
 */
#ifndef BAOCAO_OUT_DOCX_H
#define BAOCAO_OUT_DOCX_H

#include "summary.h"

/* The consolidated report: a filled mandated report (REPORT-66.md) of the compiling body
 * (rules/body.conf), so that the level above reads it back as a report; with the
 * submission situation, indicator totals by unit group, task progress, difficulties and
 * proposals quoted per unit, warnings, and an appendix per unit. Written atomically. */
gboolean out_docx_consolidated(const Summary *s, const Body *body, const char *path,
                               GError **error);

/* The note to one unit: what was received, accepted or not, what is missing or wrong. */
gboolean out_docx_feedback(const Summary *s, const UnitLine *line, const Body *body,
                           const char *path, GError **error);

/* The mandated report as a DOCX whose fields sit in content controls tagged with the
 * field names (doc_number, doc_date, period, CS01.period, ...), with bracketed hints. */
gboolean out_docx_template(const FormDef *form, const Rules *rules, const char *path,
                           GError **error);

#endif
