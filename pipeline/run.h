/*
 * run.h - the nightly run: ingest, then read/classify/extract/validate every new
 * submission (one transaction each), then the batch checks, then the outbox.
 */
#ifndef BAOCAO_RUN_H
#define BAOCAO_RUN_H

#include "app.h"

typedef struct {
	guint taken, duplicates, waiting, skipped, failed;  /* ingest */
	guint read, quarantined, with_findings;             /* processing */
	int periods;                                        /* outbox periods written */
} RunStats;

/* One run. FALSE with error when it could not run (store, archive, outbox). */
gboolean run_pipeline(App *app, RunStats *stats, GError **error);

/* Read, classify, extract and validate the submissions ids from their archived
 * originals (in worker processes), replacing what was read before, one transaction
 * each. */
gboolean run_read(App *app, GArray *ids, RunStats *stats, GError **error);

#endif
