/*
 * conf.c - data files of forms/ and rules/: key files through GKeyFile, CSV by a small
 * splitter, and errors that carry "file:line:". See conf.h.
 */
#include <string.h>
#include "conf.h"
#include "vntext.h"

G_DEFINE_QUARK(baocao-conf-error-quark, conf_error)

ConfFile *conf_load_text(const char *path, GError **error)
{
	g_autoptr(GError) err = NULL;
	char *text = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		g_set_error(error, CONF_ERROR, CONF_ERR_IO, "cannot read '%s': %s", path,
		            err->message);
		return NULL;
	}
	const char *bad = NULL;
	if (!g_utf8_validate(text, len, &bad)) {
		guint line = 1;
		for (const char *p = text; p < bad; p++)
			line += (*p == '\n');
		g_set_error(error, CONF_ERROR, CONF_ERR_SYNTAX,
		            "%s:%u: not valid UTF-8 (save the file as UTF-8)", path, line);
		g_free(text);
		return NULL;
	}
	ConfFile *cf = g_new0(ConfFile, 1);
	cf->path = g_strdup(path);
	cf->text = text;
	return cf;
}

ConfFile *conf_load_keyfile(const char *path, GError **error)
{
	ConfFile *cf = conf_load_text(path, error);
	if (!cf)
		return NULL;
	g_autoptr(GError) err = NULL;
	cf->kf = g_key_file_new();
	g_key_file_set_list_separator(cf->kf, ';');
	if (!g_key_file_load_from_data(cf->kf, cf->text, -1, G_KEY_FILE_NONE, &err)) {
		/* GKeyFile says "Key file contains line “x” which is not ..." without a
		 * number; find the offending line ourselves. */
		guint line = 0, n = 0;
		g_auto(GStrv) lines = g_strsplit(cf->text, "\n", -1);
		for (char **l = lines; *l; l++) {
			n++;
			g_autofree char *t = g_strstrip(g_strdup(*l));
			if (*t == '\0' || *t == '#')
				continue;
			if (*t == '[' ? t[strlen(t) - 1] != ']' : strchr(t, '=') == NULL) {
				line = n;
				break;
			}
		}
		g_set_error(error, CONF_ERROR, CONF_ERR_SYNTAX, "%s:%u: %s", path, line,
		            line ? "expected '[group]' or 'key = value'" : err->message);
		conf_free(cf);
		return NULL;
	}
	return cf;
}

void conf_free(ConfFile *cf)
{
	if (!cf)
		return;
	if (cf->kf)
		g_key_file_free(cf->kf);
	g_free(cf->path);
	g_free(cf->text);
	g_free(cf);
}

guint conf_line(const ConfFile *cf, const char *group, const char *key)
{
	g_auto(GStrv) lines = g_strsplit(cf->text, "\n", -1);
	gboolean in_group = (group == NULL);
	guint n = 0;
	for (char **l = lines; *l; l++) {
		n++;
		g_autofree char *t = g_strstrip(g_strdup(*l));
		if (*t == '[') {
			g_autofree char *name = g_strndup(t + 1, strlen(t) > 1 ? strlen(t) - 2 : 0);
			in_group = group && strcmp(name, group) == 0;
			if (in_group && !key)
				return n;
			continue;
		}
		if (!in_group || !key)
			continue;
		const char *eq = strchr(t, '=');
		if (!eq)
			continue;
		g_autofree char *k = g_strstrip(g_strndup(t, eq - t));
		if (strcmp(k, key) == 0)
			return n;
	}
	return 0;
}

void conf_set_error(GError **error, const ConfFile *cf, guint line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line)
		g_set_error(error, CONF_ERROR, CONF_ERR_VALUE, "%s:%u: %s", cf->path, line, msg);
	else
		g_set_error(error, CONF_ERROR, CONF_ERR_VALUE, "%s: %s", cf->path, msg);
}

char *conf_get_string(const ConfFile *cf, const char *group, const char *key)
{
	g_autofree char *raw = g_key_file_get_string(cf->kf, group, key, NULL);
	if (!raw)
		return NULL;
	return vn_normalize(g_strstrip(raw), -1);
}

char **conf_get_list(const ConfFile *cf, const char *group, const char *key)
{
	g_autofree char *raw = g_key_file_get_value(cf->kf, group, key, NULL);
	if (!raw)
		return NULL;
	g_auto(GStrv) parts = g_strsplit(raw, ";", -1);
	GPtrArray *out = g_ptr_array_new();
	for (char **p = parts; *p; p++) {
		char *t = g_strstrip(*p);
		if (*t)
			g_ptr_array_add(out, vn_normalize(t, -1));
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

/* Split one CSV line; returns NULL on an unterminated quote. */
static char **csv_split(const char *line)
{
	GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);
	gboolean quoted = FALSE;
	const char *p = line;

	for (;;) {
		char c = *p;
		if (quoted) {
			if (c == '\0') {
				g_string_free(cur, TRUE);
				g_ptr_array_free(fields, TRUE);
				return NULL;
			}
			if (c == '"' && p[1] == '"') {
				g_string_append_c(cur, '"');
				p += 2;
				continue;
			}
			if (c == '"')
				quoted = FALSE;
			else
				g_string_append_c(cur, c);
			p++;
			continue;
		}
		if (c == '"' && cur->len == 0) {
			quoted = TRUE;
			p++;
			continue;
		}
		if (c == ',' || c == '\0' || c == '\r') {
			g_ptr_array_add(fields, vn_normalize(g_strstrip(cur->str), -1));
			g_string_truncate(cur, 0);
			if (c != ',')
				break;
			p++;
			continue;
		}
		g_string_append_c(cur, c);
		p++;
	}
	g_string_free(cur, TRUE);
	g_ptr_array_add(fields, NULL);
	return (char **)g_ptr_array_free(fields, FALSE);
}

gboolean conf_csv_parse(const ConfFile *cf, GPtrArray **records, GArray **lines,
                        GError **error)
{
	g_auto(GStrv) ls = g_strsplit(cf->text, "\n", -1);
	GPtrArray *recs = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(guint));
	guint n = 0;

	for (char **l = ls; *l; l++) {
		n++;
		const char *t = *l;
		if (n == 1 && g_str_has_prefix(t, "\xEF\xBB\xBF"))
			t += 3;
		g_autofree char *trim = g_strstrip(g_strdup(t));
		if (*trim == '\0' || *trim == '#')
			continue;
		char **f = csv_split(t);
		if (!f) {
			conf_set_error(error, cf, n, "unterminated quote");
			g_ptr_array_free(recs, TRUE);
			g_array_free(nums, TRUE);
			return FALSE;
		}
		g_ptr_array_add(recs, f);
		g_array_append_val(nums, n);
	}
	*records = recs;
	*lines = nums;
	return TRUE;
}

gboolean conf_load_csv(const char *path, ConfFile **cf, GPtrArray **records, GArray **lines,
                       GError **error)
{
	*cf = conf_load_text(path, error);
	if (!*cf)
		return FALSE;
	if (!conf_csv_parse(*cf, records, lines, error)) {
		g_clear_pointer(cf, conf_free);
		return FALSE;
	}
	return TRUE;
}
