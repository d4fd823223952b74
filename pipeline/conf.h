/*
 * conf.h - reading the data files of forms/ and rules/ with errors that name the file
 * and the line.
 *
 * The clerk's IT staff edit these files by hand, so every mistake must point at its
 * line. Key files are parsed by GLib's GKeyFile; conf_line() finds the line of a group
 * or key afterwards for errors GKeyFile cannot know about (a bad date, an unknown task
 * code). CSV files (the roster) are split here, since GLib has no CSV reader: RFC 4180
 * quoting, one record per line (no line breaks inside fields), UTF-8.
 */
#ifndef BAOCAO_CONF_H
#define BAOCAO_CONF_H

#include <glib.h>

#define CONF_ERROR (conf_error_quark())
GQuark conf_error_quark(void);
enum { CONF_ERR_IO, CONF_ERR_SYNTAX, CONF_ERR_VALUE };

typedef struct {
	char *path;       /* as given */
	char *text;       /* whole file, UTF-8 checked */
	GKeyFile *kf;     /* NULL for CSV files */
} ConfFile;

/* Load a key file. On failure returns NULL and sets error "FILE:LINE: what". */
ConfFile *conf_load_keyfile(const char *path, GError **error);
/* Load a text file (UTF-8 checked) without parsing it. */
ConfFile *conf_load_text(const char *path, GError **error);
void conf_free(ConfFile *cf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ConfFile, conf_free)

/* Line (1-based) of key in group, or of the group header when key is NULL; 0 if absent. */
guint conf_line(const ConfFile *cf, const char *group, const char *key);

/* Set error CONF_ERR_VALUE as "PATH:LINE: message" (no line part when line is 0). */
void conf_set_error(GError **error, const ConfFile *cf, guint line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

/* The ';'-separated list at group/key, NFC-normalised and trimmed, empty items dropped.
 * NULL (no error) when the key is absent. */
char **conf_get_list(const ConfFile *cf, const char *group, const char *key);
/* The trimmed, NFC-normalised string at group/key, or NULL when absent. */
char *conf_get_string(const ConfFile *cf, const char *group, const char *key);

/* Split a CSV file into records: a GPtrArray of GStrv (one per data line; blank lines and
 * lines starting with '#' skipped), with line numbers in *lines (1-based). Returns FALSE
 * and sets error on an unterminated quote. */
gboolean conf_csv_parse(const ConfFile *cf, GPtrArray **records, GArray **lines,
                        GError **error);

/* Load and split a CSV file in one step: *cf, *records and *lines are set on success
 * (the caller frees them); on failure nothing is left to free. */
gboolean conf_load_csv(const char *path, ConfFile **cf, GPtrArray **records, GArray **lines,
                       GError **error);

#endif
