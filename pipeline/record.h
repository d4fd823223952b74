/*
 * record.h - what the pipeline knows about one submission after reading it: its kind,
 * form, unit and period, every extracted value with a confidence and the place it was
 * read, and the findings. classify.c and extract.c fill it, validate.c adds findings,
 * store.c saves and loads it, export.c prints it.
 */
#ifndef BAOCAO_RECORD_H
#define BAOCAO_RECORD_H

#include <glib.h>

typedef struct {
	char *name;
	char *value;
	double confidence;   /* [0, 1]; 1 for a content-control tag */
	char *where;         /* "header", "title", "section IV", "content control doc_number" */
} Field;

typedef struct {
	char code[8];        /* "CS01" */
	gboolean has_period, has_ytd;
	double period_value, ytd_value;
	double confidence;
	char *where;
} IndicatorValue;

typedef struct {
	char *code;          /* canonical "2.2.3" */
	char *status;        /* canonical status, or the text as written when not one */
	char *result;
	double confidence;
	gboolean status_valid;
} TaskRow;

typedef struct {
	char *doc_number;
	char *doc_date;      /* "YYYY-MM-DD" or NULL */
	char *summary;
} IssuedDoc;

typedef enum { SEV_INFO, SEV_WARNING, SEV_ERROR } Severity;

typedef struct {
	char *code;          /* stable: "indicator-missing", "file-bomb", ... */
	Severity severity;
	char *field;         /* or NULL */
	char *message;       /* Vietnamese, for the clerk */
} Finding;

typedef struct {
	char *kind;          /* "report", "document", "unknown" */
	char *form;          /* "bc-nq66" or NULL */
	char *unit;          /* roster code or NULL */
	char *period;        /* "2025-10", ... or NULL */
	GPtrArray *fields;       /* Field* */
	GPtrArray *indicators;   /* IndicatorValue* */
	GPtrArray *tasks;        /* TaskRow* */
	GPtrArray *issued;       /* IssuedDoc* */
	GPtrArray *findings;     /* Finding* */
} Record;

Record *record_new(void);
void record_free(Record *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Record, record_free)

/* Set (replace) a field. value is copied; NULL value removes the field. */
void record_set_field(Record *r, const char *name, const char *value, double confidence,
                      const char *where);
/* The field, or NULL. */
const Field *record_field(const Record *r, const char *name);
const char *record_value(const Record *r, const char *name);

/* The indicator with this code, created empty when absent. */
IndicatorValue *record_indicator(Record *r, const char *code);
const IndicatorValue *record_indicator_get(const Record *r, const char *code);

void record_add_task(Record *r, const char *code, const char *status, gboolean valid,
                     const char *result, double confidence);
void record_add_issued(Record *r, const char *number, const char *date, const char *summary);

/* Add a finding; message is printf-style Vietnamese. */
void record_add_finding(Record *r, const char *code, Severity sev, const char *field,
                        const char *fmt, ...) G_GNUC_PRINTF(5, 6);
gboolean record_has_finding(const Record *r, const char *code);
/* Worst severity among findings, or -1 when none. */
int record_worst(const Record *r);

const char *severity_name(Severity s);
Severity severity_from_name(const char *s);

#endif
