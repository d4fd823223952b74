/*
 * pair.c - which pending indicator workbook goes with which cover letter (see pair.h).
 *
 * Only the bytes say what is a workbook (the name may lie either way). Candidates are
 * taken from the store: the other files of the same message or archive, or the folder
 * drops of the same inbox folder received within PAIR_WINDOW of the workbook. A candidate
 * must be a document that may be a report: not a workbook itself, not a duplicate, not
 * quarantined, not already a part, and either not read yet or read as a report.
 */
#include "pair.h"

#include <string.h>

#include "archive.h"
#include "read.h"

#define PAIR_WINDOW (2 * 86400)   /* seconds between a folder drop and its letter */

gboolean pair_is_workbook(const guint8 *data, gsize len)
{
	FileType t = read_sniff(data, len, NULL);
	if (t == FT_XLSX)
		return TRUE;
	/* an OpenDocument file says its kind in its first, stored entry "mimetype" */
	static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";
	return t == FT_ODF && len > 38 + sizeof ods - 1 &&
	       memmem(data, MIN(len, (gsize)256), ods, sizeof ods - 1) != NULL;
}

static gboolean file_is_workbook(const Config *cfg, const Submission *s)
{
	g_autofree char *path = archive_path(cfg, s->sha256);
	g_autoptr(GMappedFile) mf = g_mapped_file_new(path, FALSE, NULL);
	if (!mf || g_mapped_file_get_length(mf) > READ_MAX_FILE_BYTES)
		return FALSE;
	return pair_is_workbook((const guint8 *)g_mapped_file_get_contents(mf),
	                        g_mapped_file_get_length(mf));
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path ? path : "", '/');
	return slash ? g_strndup(path, slash - path) : g_strdup("");
}

/* The file name without its extension, lower case. */
static char *stem(const char *file)
{
	g_autofree char *down = g_utf8_strdown(file ? file : "", -1);
	char *dot = strrchr(down, '.');
	if (dot && dot != down)
		*dot = '\0';
	return g_steal_pointer(&down);
}

/* "bao-cao-t10" and "bao-cao-t10-chi-so": one name starts with the other. */
static gboolean names_go_together(const char *a, const char *b)
{
	g_autofree char *sa = stem(a), *sb = stem(b);
	gsize la = strlen(sa), lb = strlen(sb);
	return la >= 3 && lb >= 3 && strncmp(sa, sb, MIN(la, lb)) == 0;
}

static gboolean may_be_letter(const Config *cfg, const Submission *c, const Submission *w)
{
	if (c->id == w->id || c->duplicate_of || c->part_of)
		return FALSE;
	if (g_strcmp0(c->state, "received") != 0 && g_strcmp0(c->kind, "report") != 0)
		return FALSE;
	return !file_is_workbook(cfg, c);
}

static gint64 letter_for(Store *st, const Config *cfg, const Submission *w)
{
	g_autoptr(GPtrArray) near = w->message_id
		? store_message_submissions(st, w->message_id)
		: store_near(st, w->received_at - PAIR_WINDOW, w->received_at + PAIR_WINDOW);
	g_autofree char *wdir = dir_of(w->path);
	g_autoptr(GPtrArray) cand = g_ptr_array_new();
	for (guint i = 0; i < near->len; i++) {
		Submission *c = near->pdata[i];
		if (!w->message_id) {
			g_autofree char *cdir = dir_of(c->path);
			if (strcmp(cdir, wdir) != 0)
				continue;
		}
		if (may_be_letter(cfg, c, w))
			g_ptr_array_add(cand, c);
	}
	if (cand->len == 1)
		return ((Submission *)cand->pdata[0])->id;
	for (guint i = 0; i < cand->len; i++)
		if (names_go_together(((Submission *)cand->pdata[i])->file, w->file))
			return ((Submission *)cand->pdata[i])->id;
	return 0;
}

GArray *pair_workbooks(Store *st, const Config *cfg, GArray *pending)
{
	GArray *pairs = g_array_new(FALSE, FALSE, sizeof(Pair));
	/* a letter read again (requeued by the clerk) keeps the workbook it holds */
	for (guint i = 0; i < pending->len; i++) {
		gint64 id = g_array_index(pending, gint64, i);
		g_autoptr(GPtrArray) parts = store_parts(st, id);
		if (parts->len) {
			Pair p = { ((Submission *)parts->pdata[0])->id, id };
			g_array_append_val(pairs, p);
		}
	}
	for (guint i = 0; i < pending->len; i++) {
		g_autoptr(Submission) w = store_get(st, g_array_index(pending, gint64, i));
		if (!w || w->duplicate_of || !file_is_workbook(cfg, w))
			continue;
		gint64 letter = letter_for(st, cfg, w);
		gboolean taken = FALSE;  /* a letter takes one workbook */
		for (guint k = 0; k < pairs->len && !taken; k++)
			taken = g_array_index(pairs, Pair, k).letter == letter;
		if (letter && !taken) {
			Pair p = { w->id, letter };
			g_array_append_val(pairs, p);
		}
	}
	return pairs;
}
