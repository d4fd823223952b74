/*
 * run.h - the nightly run: the mailbox (when one is configured) and the inbox, then
 * read/classify/extract/validate every new submission (one transaction each), then the
 * batch checks, then the receipts to e-mailed reports, then the outbox.
 */
#ifndef BAOCAO_RUN_H
#define BAOCAO_RUN_H

#include "app.h"

typedef struct {
	guint taken, duplicates, waiting, skipped, failed;  /* ingest */
	guint read, quarantined, with_findings;             /* processing */
	guint annexed;                /* workbooks read as part of their letter */
	int periods;                                        /* outbox periods written */
	guint messages, fetched;      /* e-mail messages taken (of which from the mailbox) */
	guint receipts, receipts_sent;  /* receipts written, and sent by SMTP */
	guint mail_failed;            /* the mailbox could not be fetched, or receipts not sent:
	                                 the rest of the run was done, the next run retries */
} RunStats;

/* One run. FALSE with error when it could not run (store, archive, outbox). A mailbox
 * that cannot be fetched or a receipt that cannot be sent does not stop it: it is logged
 * and counted in stats->mail_failed. */
gboolean run_pipeline(App *app, RunStats *stats, GError **error);

/* Read, classify, extract and validate the submissions ids from their archived
 * originals (in worker processes), replacing what was read before, one transaction
 * each. */
gboolean run_read(App *app, GArray *ids, RunStats *stats, GError **error);

#endif
