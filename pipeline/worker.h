/*
 * worker.h - read documents in child processes, in parallel, each under limits.
 *
 * Every file from outside is hostile until read. A reader that crashes, loops or eats
 * memory must cost one quarantined file, not the night's run: each document is read by
 * a forked child with a CPU-time and an address-space limit, watched by the parent with
 * a wall-clock deadline, and its result comes back as JSON through a pipe. Up to `jobs`
 * children run at once. The parent alone touches the store.
 */
#ifndef BAOCAO_WORKER_H
#define BAOCAO_WORKER_H

#include "forms.h"
#include "process.h"
#include "rules.h"

typedef struct {
	guint jobs;             /* children at once; 0 = number of cores */
	guint cpu_seconds;      /* RLIMIT_CPU of a child */
	guint wall_seconds;     /* the parent kills a child after this */
	guint memory_mb;        /* RLIMIT_AS of a child; 0 = none */
} WorkerLimits;

#define WORKER_LIMITS_DEFAULT { 0, 60, 120, 2048 }

typedef struct {
	gint64 id;              /* the caller's handle */
	char *path;             /* the archived original */
	char *name;             /* original file name */
	char *folder_unit;
	gint64 received_at;
	char *unit, *period, *form;   /* the clerk's overrides, or NULL */
	char *companion_path;   /* an indicator workbook to read into the same document */
	char *companion_name;   /* (process.h, Companion), or NULL */
} WorkItem;

/* Called in the parent, in completion order, once per item; out is cleared after. */
typedef gboolean (*WorkDone)(const WorkItem *item, Outcome *out, gpointer user, GError **error);

/* Read every item. Returns FALSE only when done() fails (its error is passed on) or a
 * child cannot be started at all. With BAOCAO_NO_FORK=1 in the environment, items are
 * read in this process (for debuggers). */
gboolean worker_run(GPtrArray *items, const WorkerLimits *limits, const Forms *forms,
                    const Rules *rules, WorkDone done, gpointer user, GError **error);

/* In a forked child: close every descriptor but fd, die with the parent, and apply the
 * CPU (cpu_seconds), address-space and core-size limits. */
void worker_confine(int fd, const WorkerLimits *lim, guint cpu_seconds);

/* In a forked child: write the whole answer to fd, then _exit(0); _exit(3) when the
 * parent is gone. Never returns. */
G_NORETURN void worker_answer(int fd, const void *data, gsize len);

#endif
