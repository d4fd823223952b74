/*
 * summary.h - one period compiled from the store, the model every output writer reads.
 *
 * Who owed a report for the period (rules_unit_expected), who sent one (the current
 * report: neither superseded nor a duplicate), the DHIS2 rates, indicator totals over
 * the units and by group, task progress by code, difficulties and proposals per unit,
 * and the warnings. Rates follow DHIS2: reporting rate = reports received from units
 * that owe the period / units that owe it; on-time rate = those received on time / the
 * same denominator; a unit that does not owe the period counts in neither, so no rate
 * can pass 100%. Writers (out_docx.c, out_xlsx.c, out_html.c, feedback) never touch the
 * store: they get a Summary.
 */
#ifndef BAOCAO_SUMMARY_H
#define BAOCAO_SUMMARY_H

#include "forms.h"
#include "record.h"
#include "rules.h"
#include "store.h"

#define SUMMARY_MAX_IND 32

typedef enum {
	UNIT_ON_TIME,        /* its report arrived by the due date */
	UNIT_LATE,           /* it arrived after the due date */
	UNIT_MISSING,        /* it owes the period and sent nothing */
	UNIT_NOT_EXPECTED,   /* it does not owe this period (closed, not named by a request) */
} UnitState;

typedef struct {
	const Unit *unit;
	gboolean expected;       /* the unit owes this period */
	Submission *sub;         /* its current report, or NULL (owned) */
	Record *rec;             /* what was read from it, or NULL (owned) */
	UnitState state;
	gboolean complete;       /* its report is accepted (status "accepted") */
} UnitLine;

typedef struct {
	char *group;             /* roster group, e.g. "noi-chinh" */
	guint expected, received, on_time;
	double reporting_rate, on_time_rate;       /* percent */
	double total_period[SUMMARY_MAX_IND];      /* over the group's current reports */
	gboolean has_total[SUMMARY_MAX_IND];
} GroupLine;

typedef struct {
	char *code;              /* "2.2.3" */
	char *wording;
	guint count[8];          /* units reporting each status, in the form's status order */
	guint reported;          /* units that reported the task at all */
} TaskLine;

typedef struct {
	const Unit *unit;        /* may be NULL */
	gint64 submission;       /* 0 when about a missing report */
	char *code;              /* "missing", "late", "incomplete", or a finding code */
	Severity severity;
	char *message;           /* Vietnamese */
} Warning;

typedef struct {
	char *period;            /* "2025-10" */
	char *name;              /* "tháng 10 năm 2025" */
	char *due;               /* "2025-10-20", or NULL when no deadline is known */
	const FormDef *form;     /* the form compiled (indicators, statuses) */
	guint expected, received, on_time, late, missing, incomplete;
	double reporting_rate, on_time_rate;       /* percent, in [0, 100] */
	GPtrArray *units;        /* UnitLine*, every roster unit in roster order */
	GPtrArray *groups;       /* GroupLine*, in order of first appearance in the roster */
	guint n_ind;             /* form->indicators->len, at most SUMMARY_MAX_IND */
	double total_period[SUMMARY_MAX_IND], total_ytd[SUMMARY_MAX_IND];
	gboolean has_total[SUMMARY_MAX_IND], has_total_ytd[SUMMARY_MAX_IND];
	GPtrArray *tasks;        /* TaskLine*, in the order of rules/tasks.csv, reported ones only */
	GPtrArray *warnings;     /* Warning*: missing, late, incomplete, then error findings */
	GPtrArray *others;       /* Submission*: documents, unrecognised and quarantined files */
	gint64 generated_at;     /* clock_now() */
} Summary;

/* An empty Summary of the period for form: the name of the period, every array created
 * with the free function of its elements, generated_at = clock_now(). Writers' tests
 * fill it by hand; summary_free() frees what they added. */
Summary *summary_new(const char *period, const FormDef *form);

/* Compile the period from the store over every roster unit, or, when `under` is a unit
 * code, over the units below that unit in the roster's tree (its level's report).
 * forms: the first form is compiled. */
Summary *summary_build(Store *st, const Rules *rules, const Forms *forms, const char *period,
                       const char *under);
void summary_free(Summary *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Summary, summary_free)

/* Vietnamese label of a roster group ("noi-chinh" -> "Khối nội chính"), static. */
const char *summary_group_name(const char *group);

/* "1.250", "12,5": a number the Vietnamese way (g_free). */
char *summary_number_vn(double v);

#endif
