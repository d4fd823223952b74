/*
 * run.c - the nightly run (see run.h): the mailbox, the inbox, reading, the batch checks,
 * the receipts, the outbox. Reading happens in worker processes (worker.c); this file
 * stores what they return, one transaction per document, in the parent. A run with
 * nothing new touches neither the batch checks nor the outbox, so an idle run on a large
 * store costs a directory listing and a few queries (and, with a mailbox, one look at it).
 */
#include <string.h>
#include "common.h"
#include "compile.h"
#include "archive.h"
#include "imap.h"
#include "ingest.h"
#include "receipt.h"
#include "run.h"
#include "worker.h"
#include "correct.h"
#include "pair.h"
#include "process.h"

typedef struct {
	App *app;
	RunStats *stats;
	GArray *pairs;       /* Pair: workbooks given to a letter's reading */
	GArray *alone;       /* gint64: workbooks its letter did not take, to read alone */
} RunCtx;

/* The workbook given with this letter's reading, or 0. */
static gint64 workbook_of(const RunCtx *ctx, gint64 letter)
{
	for (guint i = 0; ctx->pairs && i < ctx->pairs->len; i++)
		if (g_array_index(ctx->pairs, Pair, i).letter == letter)
			return g_array_index(ctx->pairs, Pair, i).workbook;
	return 0;
}

static gboolean is_paired_workbook(const RunCtx *ctx, gint64 id)
{
	for (guint i = 0; ctx->pairs && i < ctx->pairs->len; i++)
		if (g_array_index(ctx->pairs, Pair, i).workbook == id)
			return TRUE;
	return FALSE;
}

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
	gint64 wb = it->companion_path ? workbook_of(ctx, it->id) : 0;
	if (wb && !out->companion_type) {
		g_array_append_val(ctx->alone, wb);  /* unreadable, or no table: read alone */
		wb = 0;
	}
	g_autofree char *part_detail = wb ? g_strdup_printf("%s read as part of submission %"
	                                                    G_GINT64_FORMAT, it->companion_name,
	                                                    it->id) : NULL;
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
	              (!wb || (store_set_part(st, wb, it->id, out->companion_type, error) &&
	                       store_event(st, wb, "part", part_detail, error) &&
	                       store_event(st, it->id, "annex", part_detail, error))) &&
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
		ctx->stats->annexed += wb != 0;
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
	g_free(it->companion_path);
	g_free(it->companion_name);
	g_free(it);
}

/* Work items for ids: the clerk's overrides, and the workbook to read with a letter. */
static GPtrArray *work_items(App *app, const RunCtx *ctx, GArray *ids)
{
	GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	for (guint i = 0; i < ids->len; i++) {
		g_autoptr(Submission) s = store_get(app->store, g_array_index(ids, gint64, i));
		if (!s)
			continue;
		WorkItem *it = g_new0(WorkItem, 1);
		it->id = s->id;
		it->path = archive_path(&app->cfg, s->sha256);
		it->name = g_strdup(s->file);
		it->folder_unit = g_strdup(s->folder_unit);
		it->received_at = s->received_at;
		g_autoptr(GPtrArray) corrections = store_corrections(app->store, s->id);
		Overrides ov;
		correct_overrides(corrections, &ov);
		it->unit = g_strdup(ov.unit);
		it->period = g_strdup(ov.period);
		it->form = g_strdup(ov.form);
		gint64 wb = workbook_of(ctx, s->id);
		g_autoptr(Submission) w = wb ? store_get(app->store, wb) : NULL;
		if (w) {
			it->companion_path = archive_path(&app->cfg, w->sha256);
			it->companion_name = g_strdup(w->file);
		}
		g_ptr_array_add(items, it);
	}
	return items;
}

gboolean run_read(App *app, GArray *ids, RunStats *stats, GError **error)
{
	g_autoptr(GArray) pairs = pair_workbooks(app->store, &app->cfg, ids);
	g_autoptr(GArray) alone = g_array_new(FALSE, FALSE, sizeof(gint64));
	RunCtx ctx = { app, stats, pairs, alone };
	/* the pending files but the paired workbooks, and the letters read in an earlier
	 * run that now get their workbook */
	g_autoptr(GArray) first = g_array_new(FALSE, FALSE, sizeof(gint64));
	for (guint i = 0; i < ids->len; i++)
		if (!is_paired_workbook(&ctx, g_array_index(ids, gint64, i)))
			g_array_append_val(first, g_array_index(ids, gint64, i));
	for (guint i = 0; i < pairs->len; i++) {
		gint64 letter = g_array_index(pairs, Pair, i).letter;
		gboolean listed = FALSE;
		for (guint k = 0; k < first->len && !listed; k++)
			listed = g_array_index(first, gint64, k) == letter;
		if (!listed)
			g_array_append_val(first, letter);
	}
	g_autoptr(GPtrArray) items = work_items(app, &ctx, first);
	if (!worker_run(items, &app->limits, app->forms, app->rules, store_outcome, &ctx, error))
		return FALSE;
	if (!alone->len)
		return TRUE;
	ctx.pairs = NULL;
	g_autoptr(GPtrArray) rest = work_items(app, &ctx, alone);
	return worker_run(rest, &app->limits, app->forms, app->rules, store_outcome, &ctx, error);
}

/* The configured mailbox, if any. A server that cannot be reached does not stop the
 * run (the inbox still has to be read); a store or archive that cannot be written does. */
static gboolean fetch_mail(App *app, RunStats *stats, GError **error)
{
	if (!app->cfg.imap_url)
		return TRUE;
	ImapStats ms;
	g_autoptr(GError) err = NULL;
	gboolean ok = imap_fetch(app, &ms, &err);
	stats->fetched = stats->messages = ms.messages;
	stats->taken += ms.parts;
	stats->duplicates += ms.duplicates;
	if (ok)
		return TRUE;
	if (err->domain != IMAP_ERROR) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	log_msg(LOG_ERROR, "%s; the rest of the run goes on, the next run fetches again",
	        err->message);
	stats->mail_failed++;
	return TRUE;
}

/* Receipts: written (a failure stops the run), then sent (a failure does not). */
static gboolean receipts(App *app, RunStats *stats, gboolean write, GError **error)
{
	ReceiptStats rs = { 0 };
	if (write && !receipts_write(app, &rs, error))
		return FALSE;
	receipts_send(app, &rs);
	stats->receipts += rs.written;
	stats->receipts_sent += rs.sent;
	stats->mail_failed += rs.send_failed;
	return TRUE;
}

gboolean run_pipeline(App *app, RunStats *stats, GError **error)
{
	memset(stats, 0, sizeof *stats);
	if (!fetch_mail(app, stats, error))
		return FALSE;
	IngestStats is = { 0 };
	gboolean ok = ingest_inbox(&app->cfg, app->store, app->rules, &app->limits, &is, error);
	stats->taken += is.taken;
	stats->duplicates += is.duplicates;
	stats->waiting = is.waiting;
	stats->skipped = is.skipped;
	stats->failed = is.failed;
	stats->messages += is.messages;
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
	g_autoptr(GArray) owed = store_pending_receipts(app->store);
	if (g_strcmp0(needed, "1") != 0 && g_strcmp0(compiled_on, today_iso) == 0 &&
	    g_file_test(app->cfg.outbox, G_FILE_TEST_IS_DIR) && !owed->len)
		return receipts(app, stats, FALSE, error);  /* nothing new today: only unsent mail */
	if (!validate_batch(app->store, app->rules, error))
		return FALSE;
	if (g_mkdir_with_parents(app->cfg.outbox, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ACCES, "cannot create outbox '%s'",
		            app->cfg.outbox);
		return FALSE;
	}
	/* the receipts say what the store says once every document is read and checked */
	if (!receipts(app, stats, TRUE, error))
		return FALSE;
	stats->periods = compile_outbox(app->store, app->rules, app->forms, app->cfg.outbox, error);
	return stats->periods >= 0 && store_set_meta(app->store, "compile-needed", "0", error) &&
	       store_set_meta(app->store, "compiled-on", today_iso, error);
}
