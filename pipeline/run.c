/*
 * run.c - the nightly run (see run.h). A run with nothing new touches neither the
 * batch checks nor the outbox, so an idle run on a large store costs a directory
 * listing and one query.
 */
#include <string.h>
#include "common.h"
#include "compile.h"
#include "ingest.h"
#include "process.h"
#include "read.h"
#include "run.h"

gboolean run_process_one(App *app, gint64 id, RunStats *stats, GError **error)
{
	g_autoptr(Submission) s = store_get(app->store, id);
	if (!s)
		return TRUE;
	g_autofree char *path = ingest_archive_path(&app->cfg, s->sha256);
	g_autoptr(GMappedFile) mf = g_mapped_file_new(path, FALSE, NULL);
	Outcome out;
	if (!mf) {
		/* the original is gone from the archive: say so, keep the record */
		memset(&out, 0, sizeof out);
		out.rec = record_new();
		out.quarantined = TRUE;
		out.file_type = "unknown";
		out.tl.days_late = -1;
		record_add_finding(out.rec, "file-missing", SEV_ERROR, "file",
		                   "Không tìm thấy bản gốc của tệp trong kho lưu trữ (%s).", path);
	} else {
		process_bytes((const guint8 *)g_mapped_file_get_contents(mf),
		              g_mapped_file_get_length(mf), s->file, s->folder_unit, s->received_at,
		              app->forms, app->rules, &out);
	}
	const char *state = out.quarantined ? "quarantined" : "read";
	g_autofree char *detail = out.quarantined
		? g_strdup(((Finding *)out.rec->findings->pdata[0])->message)
		: g_strdup_printf("%s: %s %s", out.file_type, out.rec->kind,
		                  out.rec->form ? out.rec->form : "");
	gboolean ok = store_begin(app->store, error) &&
	              store_save_record(app->store, id, state, out.file_type, out.rec, error) &&
	              store_set_outcome(app->store, id, out.quarantined ? "quarantined" : NULL,
	                                out.tl.timeliness, out.tl.days_late, out.tl.due_date, 0,
	                                error) &&
	              store_event(app->store, id, out.quarantined ? "quarantined" : "extracted",
	                          detail, error) &&
	              store_commit(app->store, error);
	if (!ok)
		store_rollback(app->store);
	else if (out.quarantined) {
		stats->quarantined++;
		log_msg(LOG_WARN, "quarantined '%s': %s", s->path,
		        ((Finding *)out.rec->findings->pdata[0])->message);
	} else {
		stats->read++;
		stats->with_findings += record_worst(out.rec) >= SEV_WARNING;
	}
	outcome_clear(&out);
	return ok;
}

gboolean run_pipeline(App *app, RunStats *stats, GError **error)
{
	memset(stats, 0, sizeof *stats);
	IngestStats is = { 0 };
	gboolean ok = ingest_inbox(&app->cfg, app->store, app->rules, &is, error);
	stats->taken = is.taken;
	stats->duplicates = is.duplicates;
	stats->waiting = is.waiting;
	stats->skipped = is.skipped;
	stats->failed = is.failed;
	if (!ok)
		return FALSE;

	g_autoptr(GArray) pending = store_pending(app->store);
	for (guint i = 0; i < pending->len; i++) {
		progress("reading", i + 1, pending->len);
		if (!run_process_one(app, g_array_index(pending, gint64, i), stats, error)) {
			progress_end();
			return FALSE;
		}
	}
	progress_end();
	stats->periods = 0;
	if (stats->taken == 0 && pending->len == 0) {
		/* nothing new; rewrite the outbox only if it is missing */
		if (g_file_test(app->cfg.outbox, G_FILE_TEST_IS_DIR))
			return TRUE;
	}
	if (!validate_batch(app->store, app->rules, error))
		return FALSE;
	if (g_mkdir_with_parents(app->cfg.outbox, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ACCES, "cannot create outbox '%s'",
		            app->cfg.outbox);
		return FALSE;
	}
	stats->periods = compile_outbox(app->store, app->rules, app->cfg.outbox, error);
	return stats->periods >= 0;
}
