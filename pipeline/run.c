/*
 * run.c - the nightly run (see run.h). Reading happens in worker processes (worker.c);
 * this file stores what they return, one transaction per document, in the parent. A run
 * with nothing new touches neither the batch checks nor the outbox, so an idle run on a
 * large store costs a directory listing and one query.
 */
#include <string.h>
#include "common.h"
#include "compile.h"
#include "ingest.h"
#include "run.h"
#include "worker.h"
#include "correct.h"
#include "process.h"

typedef struct {
	App *app;
	RunStats *stats;
} RunCtx;

/* Store what was read from one submission, replacing what was read before. */
static gboolean store_outcome(const WorkItem *it, Outcome *out, gpointer user, GError **error)
{
	RunCtx *ctx = user;
	Store *st = ctx->app->store;
	if (fault_point("store a reading")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot store what was read from '%s': no space left on device (injected fault)",
		            it->name);
		return FALSE;
	}
	g_autoptr(GPtrArray) corrections = store_corrections(st, it->id);
	process_finish(out, corrections, ctx->app->forms, ctx->app->rules, it->received_at);
	const Finding *first = out->rec->findings->len ? out->rec->findings->pdata[0] : NULL;
	const char *state = out->quarantined ? "quarantined" : "read";
	g_autofree char *detail = out->quarantined && first
		? g_strdup(first->message)
		: g_strdup_printf("%s: %s %s", out->file_type, out->rec->kind ? out->rec->kind : "",
		                  out->rec->form ? out->rec->form : "");
	gboolean ok = store_begin(st, error) &&
	              store_save_record(st, it->id, state, out->file_type, out->rec, error) &&
	              store_set_outcome(st, it->id, out->quarantined ? "quarantined" : NULL,
	                                out->tl.timeliness, out->tl.days_late, out->tl.due_date, 0,
	                                error) &&
	              store_event(st, it->id, out->quarantined ? "quarantined" : "extracted",
	                          detail, error) &&
	              store_commit(st, error);
	if (!ok) {
		store_rollback(st);
		return FALSE;
	}
	if (out->quarantined) {
		ctx->stats->quarantined++;
		log_msg(LOG_WARN, "quarantined '%s': %s", it->name, first ? first->message : "");
	} else {
		ctx->stats->read++;
		ctx->stats->with_findings += record_worst(out->rec) >= SEV_WARNING;
	}
	return TRUE;
}

static void item_free(WorkItem *it)
{
	g_free(it->path);
	g_free(it->name);
	g_free(it->folder_unit);
	g_free(it->unit);
	g_free(it->period);
	g_free(it->form);
	g_free(it);
}

gboolean run_read(App *app, GArray *ids, RunStats *stats, GError **error)
{
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	for (guint i = 0; i < ids->len; i++) {
		g_autoptr(Submission) s = store_get(app->store, g_array_index(ids, gint64, i));
		if (!s)
			continue;
		WorkItem *it = g_new0(WorkItem, 1);
		it->id = s->id;
		it->path = ingest_archive_path(&app->cfg, s->sha256);
		it->name = g_strdup(s->file);
		it->folder_unit = g_strdup(s->folder_unit);
		it->received_at = s->received_at;
		g_autoptr(GPtrArray) corrections = store_corrections(app->store, s->id);
		Overrides ov;
		correct_overrides(corrections, &ov);
		it->unit = g_strdup(ov.unit);
		it->period = g_strdup(ov.period);
		it->form = g_strdup(ov.form);
		g_ptr_array_add(items, it);
	}
	RunCtx ctx = { app, stats };
	return worker_run(items, &app->limits, app->forms, app->rules, store_outcome, &ctx, error);
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
	if (pending->len && !run_read(app, pending, stats, error))
		return FALSE;
	stats->periods = 0;
	/* the store remembers whether the outbox is behind it, so a run killed between its
	 * last document and its last output is finished by the next one */
	/* Which units are late or missing changes with the date even when nothing arrives,
	 * so the outbox is also rewritten by the first run of each day. */
	g_autofree char *needed = store_get_meta(app->store, "compile-needed");
	g_autofree char *compiled_on = store_get_meta(app->store, "compiled-on");
	GDate today;
	clock_date(clock_now(), &today);
	g_autofree char *today_iso = date_iso(&today);
	if (g_strcmp0(needed, "1") != 0 && g_strcmp0(compiled_on, today_iso) == 0 &&
	    g_file_test(app->cfg.outbox, G_FILE_TEST_IS_DIR))
		return TRUE;  /* nothing new today, and the outbox is up to date */
	if (!validate_batch(app->store, app->rules, error))
		return FALSE;
	if (g_mkdir_with_parents(app->cfg.outbox, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ACCES, "cannot create outbox '%s'",
		            app->cfg.outbox);
		return FALSE;
	}
	stats->periods = compile_outbox(app->store, app->rules, app->forms, app->cfg.outbox, error);
	return stats->periods >= 0 && store_set_meta(app->store, "compile-needed", "0", error) &&
	       store_set_meta(app->store, "compiled-on", today_iso, error);
}
