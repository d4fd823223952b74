/*
 * ingest.h - stage 1: take every stable file of the inbox into the archive and the store.
 */
#ifndef BAOCAO_INGEST_H
#define BAOCAO_INGEST_H

#include "config.h"
#include "rules.h"
#include "store.h"
#include "worker.h"

typedef struct {
	guint taken;       /* new submissions recorded */
	guint duplicates;  /* of which the same bytes were already received */
	guint waiting;     /* files still changing, left for the next run */
	guint skipped;     /* symbolic links and special files, left in place */
	guint failed;      /* files that could not be taken (left in place) */
	guint messages;    /* e-mail messages taken apart (their attachments are in taken) */
} IngestStats;

/* Walk cfg->inbox recursively. For each regular file not changed for settle_seconds:
 * hash it while copying it into the archive (archive/xx/<sha256>, owner-only), record
 * it in one transaction, then remove it from the inbox. E-mail (message files, mbox
 * files, Maildir folders) is taken apart into one submission per attachment, each
 * message in a child process under limits. A file is never removed before the store
 * has committed it. Returns FALSE only when the run cannot go on (store or archive
 * unusable); problems with single files are logged and counted. */
gboolean ingest_inbox(const Config *cfg, Store *st, const Rules *rules,
                      const WorkerLimits *limits, IngestStats *stats, GError **error);

#endif
