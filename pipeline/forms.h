/*
 * forms.h - form definitions of forms/<name>.conf: how to recognise a mandated report, its
 * sections, tables and indicators, with every label already turned into a match key
 * (vn_key) so the extractor compares keys only.
 */
#ifndef BAOCAO_FORMS_H
#define BAOCAO_FORMS_H

#include <glib.h>

typedef struct {
	char *roman;          /* "I" .. "V" */
	char *field;          /* field that stores the text under the heading, or NULL */
	gboolean required;
	char **heading_keys;  /* accepted headings, as keys */
	char *heading;        /* the first accepted heading as written, for messages */
} SectionDef;

typedef struct {
	char *code;           /* "CS01" */
	char *label;
	char *label_key;
	char *unit;
} IndicatorDef;

/* Column labels of one table, as keys, by column role. */
typedef struct {
	char **roles;         /* role names, e.g. "code", "status" */
	char ***labels;       /* per role: NULL-terminated list of keys */
	guint n_roles;
} TableDef;

typedef struct {
	char *id;             /* "bc-nq66" */
	char *name;
	char *type_key;       /* key of the type word, "bao cao" */
	char **recognise_keys;
	char *period_label_key;
	char **required;      /* field names */
	GPtrArray *sections;  /* SectionDef* in order */
	TableDef issued, tasks, indicators_table;
	char **statuses;      /* canonical task statuses */
	char **status_keys;
	GPtrArray *indicators;/* IndicatorDef* */
} FormDef;

typedef struct {
	GPtrArray *forms;     /* FormDef* */
} Forms;

/* Load every *.conf of dir. NULL with error ("file:line: ...") on a mistake. */
Forms *forms_load(const char *dir, GError **error);
void forms_free(Forms *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Forms, forms_free)

/* Keys for a column role of a table definition, or NULL. */
char **tabledef_labels(const TableDef *t, const char *role);

#endif
