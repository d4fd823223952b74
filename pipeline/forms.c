/*
 * forms.c - load and check the form definitions of forms/ (see forms.h and
 * forms/bc-nq66.conf for the format).
 */
#include <string.h>
#include "forms.h"
#include "conf.h"
#include "vntext.h"

static void section_free(SectionDef *s)
{
	g_free(s->roman);
	g_free(s->field);
	g_strfreev(s->heading_keys);
	g_free(s->heading);
	g_free(s);
}

static void indicator_free(IndicatorDef *d)
{
	g_free(d->code);
	g_free(d->label);
	g_free(d->label_key);
	g_free(d->unit);
	g_free(d);
}

static void tabledef_clear(TableDef *t)
{
	for (guint i = 0; i < t->n_roles; i++)
		g_strfreev(t->labels[i]);
	g_free(t->labels);
	g_strfreev(t->roles);
}

static void formdef_free(FormDef *f)
{
	g_free(f->id);
	g_free(f->name);
	g_free(f->type_key);
	g_strfreev(f->recognise_keys);
	g_free(f->period_label_key);
	g_strfreev(f->required);
	g_ptr_array_unref(f->sections);
	tabledef_clear(&f->issued);
	tabledef_clear(&f->tasks);
	tabledef_clear(&f->indicators_table);
	g_strfreev(f->statuses);
	g_strfreev(f->status_keys);
	g_ptr_array_unref(f->indicators);
	g_free(f);
}

void forms_free(Forms *f)
{
	if (!f)
		return;
	g_ptr_array_unref(f->forms);
	g_free(f);
}

static char **keys_of(char **list)
{
	guint n = list ? g_strv_length(list) : 0;
	char **out = g_new0(char *, n + 1);
	for (guint i = 0; i < n; i++)
		out[i] = vn_key(list[i]);
	return out;
}

char **tabledef_labels(const TableDef *t, const char *role)
{
	for (guint i = 0; i < t->n_roles; i++)
		if (strcmp(t->roles[i], role) == 0)
			return t->labels[i];
	return NULL;
}

/* Read group "table NAME" with the given roles, all required. */
static gboolean load_table(const ConfFile *cf, const char *name, const char *const *roles,
                           TableDef *t, GError **error)
{
	g_autofree char *group = g_strconcat("table ", name, NULL);
	if (!g_key_file_has_group(cf->kf, group)) {
		conf_set_error(error, cf, 0, "missing group [%s]", group);
		return FALSE;
	}
	t->n_roles = g_strv_length((char **)roles);
	t->roles = g_strdupv((char **)roles);
	t->labels = g_new0(char **, t->n_roles);
	for (guint i = 0; i < t->n_roles; i++) {
		g_auto(GStrv) l = conf_get_list(cf, group, roles[i]);
		if (!l || !*l) {
			conf_set_error(error, cf, conf_line(cf, group, NULL),
			               "[%s] needs '%s = label;label...'", group, roles[i]);
			return FALSE;
		}
		t->labels[i] = keys_of(l);
	}
	return TRUE;
}

static const char *const known_fields[] = {
	"issuer", "doc_number", "doc_date", "place", "period", "signer_title", "signer_name",
	"leadership_text", "difficulties", "proposals", "recipients", NULL
};

static FormDef *form_load(const char *path, GError **error)
{
	g_autoptr(ConfFile) cf = conf_load_keyfile(path, error);
	if (!cf)
		return NULL;
	g_auto(GStrv) groups = NULL;
	gsize ng = 0;
	FormDef *f = g_new0(FormDef, 1);
	f->sections = g_ptr_array_new_with_free_func((GDestroyNotify)section_free);
	f->indicators = g_ptr_array_new_with_free_func((GDestroyNotify)indicator_free);

	f->id = conf_get_string(cf, "form", "id");
	f->name = conf_get_string(cf, "form", "name");
	g_autofree char *type = conf_get_string(cf, "form", "type");
	g_autofree char *plabel = conf_get_string(cf, "form", "period-label");
	g_auto(GStrv) recog = conf_get_list(cf, "form", "recognise");
	f->required = conf_get_list(cf, "form", "required");
	if (!f->id || !type || !plabel || !recog || !f->required) {
		conf_set_error(error, cf, conf_line(cf, "form", NULL),
		               "[form] needs id, type, recognise, period-label and required");
		goto fail;
	}
	for (char **r = f->required; *r; r++)
		if (!g_strv_contains(known_fields, *r)) {
			conf_set_error(error, cf, conf_line(cf, "form", "required"),
			               "unknown field '%s' in required", *r);
			goto fail;
		}
	f->type_key = vn_key(type);
	f->period_label_key = vn_key(plabel);
	f->recognise_keys = keys_of(recog);

	ng = 0;
	groups = g_key_file_get_groups(cf->kf, &ng);
	for (gsize i = 0; i < ng; i++) {
		const char *g = groups[i];
		guint line = conf_line(cf, g, NULL);
		if (g_str_has_prefix(g, "section ")) {
			SectionDef *s = g_new0(SectionDef, 1);
			g_ptr_array_add(f->sections, s);
			s->roman = g_strdup(g + 8);
			g_auto(GStrv) h = conf_get_list(cf, g, "heading");
			if (!h || !*h) {
				conf_set_error(error, cf, line, "[%s] needs heading = ...", g);
				goto fail;
			}
			s->heading_keys = keys_of(h);
			s->heading = g_strdup(h[0]);
			s->field = conf_get_string(cf, g, "field");
			if (s->field && !g_strv_contains(known_fields, s->field)) {
				conf_set_error(error, cf, conf_line(cf, g, "field"),
				               "unknown field '%s'", s->field);
				goto fail;
			}
			g_autoptr(GError) e = NULL;
			s->required = g_key_file_get_boolean(cf->kf, g, "required", &e);
			if (e && !g_error_matches(e, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)) {
				conf_set_error(error, cf, conf_line(cf, g, "required"),
				               "required must be true or false");
				goto fail;
			}
		} else if (g_str_has_prefix(g, "indicator ")) {
			IndicatorDef *d = g_new0(IndicatorDef, 1);
			g_ptr_array_add(f->indicators, d);
			d->code = g_strdup(g + 10);
			d->label = conf_get_string(cf, g, "label");
			d->unit = conf_get_string(cf, g, "unit");
			if (!d->label) {
				conf_set_error(error, cf, line, "[%s] needs label = ...", g);
				goto fail;
			}
			d->label_key = vn_key(d->label);
		} else if (strcmp(g, "form") != 0 && !g_str_has_prefix(g, "table ")) {
			conf_set_error(error, cf, line, "unknown group [%s]", g);
			goto fail;
		}
	}
	if (f->sections->len == 0 || f->indicators->len == 0) {
		conf_set_error(error, cf, 0, "a form needs [section ...] and [indicator ...] groups");
		goto fail;
	}
	static const char *const issued_roles[] = { "number", "date", "summary", NULL };
	static const char *const task_roles[] = { "code", "content", "status", "result", NULL };
	static const char *const ind_roles[] = { "code", "label", "unit", "period", "ytd", NULL };
	if (!load_table(cf, "issued_documents", issued_roles, &f->issued, error) ||
	    !load_table(cf, "tasks", task_roles, &f->tasks, error) ||
	    !load_table(cf, "indicators", ind_roles, &f->indicators_table, error))
		goto fail;
	f->statuses = conf_get_list(cf, "table tasks", "statuses");
	if (!f->statuses || !*f->statuses) {
		conf_set_error(error, cf, conf_line(cf, "table tasks", NULL),
		               "[table tasks] needs statuses = ...");
		goto fail;
	}
	f->status_keys = keys_of(f->statuses);
	return f;
fail:
	formdef_free(f);
	return NULL;
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

Forms *forms_load(const char *dir, GError **error)
{
	g_autoptr(GDir) dh = g_dir_open(dir, 0, error);
	if (!dh)
		return NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(dh)))
		if (g_str_has_suffix(n, ".conf"))
			g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_names);
	g_autoptr(Forms) fs = g_new0(Forms, 1);
	fs->forms = g_ptr_array_new_with_free_func((GDestroyNotify)formdef_free);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
		FormDef *f = form_load(path, error);
		if (!f)
			return NULL;
		g_ptr_array_add(fs->forms, f);
	}
	if (fs->forms->len == 0) {
		g_set_error(error, CONF_ERROR, CONF_ERR_VALUE, "%s: no form definition (*.conf)", dir);
		return NULL;
	}
	return g_steal_pointer(&fs);
}
