/*
 * worker.c - the reading processes (see worker.h).
 *
 * The parent keeps up to `jobs` children; each child maps its archived file, runs
 * process_bytes() and writes the Outcome as JSON to its pipe, then _exit()s without
 * touching anything the parent owns (no atexit handlers, no SQLite). The parent polls
 * the pipes, kills a child past its wall-clock deadline or past the output cap, and
 * turns every abnormal end into a quarantine finding that says what happened
 * ("reader crashed: signal 11 (Segmentation fault)", "time limit 120 s").
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"
#include "read.h"
#include "worker.h"

#define OUTPUT_CAP (64u * 1024 * 1024)

typedef struct {
	const WorkItem *item;
	pid_t pid;
	int fd;
	GByteArray *out;
	gint64 deadline;     /* monotonic microseconds */
	guint cpu_seconds, wall_seconds;  /* this child's limits */
	gboolean killed_time, killed_size;
} Child;

/* May the file need OCR (a PDF or an image)? Then its reader gets OCR_TIME_FACTOR times
 * the limits: a scanned report of 30 pages is minutes of honest work, not a hang (each
 * page also has its own deadline in ocr.c). Only the first bytes are looked at. */
#define OCR_TIME_FACTOR 10

static gboolean may_need_ocr(const char *path)
{
	guint8 head[16] = { 0 };
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return FALSE;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	FileType t = read_sniff(head, n, NULL);
	return t == FT_PDF || t == FT_PNG || t == FT_JPEG || t == FT_TIFF;
}

static void read_in_process(const WorkItem *it, const Forms *forms, const Rules *rules,
                            Outcome *out)
{
	g_autoptr(GMappedFile) mf = g_mapped_file_new(it->path, FALSE, NULL);
	if (!mf) {
		memset(out, 0, sizeof *out);
		out->rec = record_new();
		out->quarantined = TRUE;
		out->file_type = file_type_name(FT_UNKNOWN);
		out->tl.days_late = -1;
		record_add_finding(out->rec, "file-missing", SEV_ERROR, "file",
		                   "Không tìm thấy bản gốc của tệp trong kho lưu trữ (%s).", it->path);
		return;
	}
	Overrides ov = { it->unit, it->period, it->form };
	g_autoptr(GMappedFile) cf = it->companion_path
		? g_mapped_file_new(it->companion_path, FALSE, NULL) : NULL;
	Companion comp = {
		cf ? (const guint8 *)g_mapped_file_get_contents(cf) : NULL,
		cf ? g_mapped_file_get_length(cf) : 0, it->companion_name,
	};
	process_bytes((const guint8 *)g_mapped_file_get_contents(mf), g_mapped_file_get_length(mf),
	              it->name, it->folder_unit, cf ? &comp : NULL, &ov, forms, rules, out);
}

/* The child keeps nothing of the parent's but its answer pipe: not the store, not the
 * run's lock (a reader outliving a killed run would otherwise hold it), not a mailbox's
 * connection; it dies with the parent, and gets the limits. */
void worker_confine(int fd, const WorkerLimits *lim, guint cpu_seconds)
{
	if (fd > 3)
		close_range(3, (unsigned) fd - 1, 0);
	close_range((unsigned) fd + 1, ~0U, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	struct rlimit cpu = { cpu_seconds, cpu_seconds + 1 };
	setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__)
	if (lim->memory_mb) {
		rlim_t bytes = (rlim_t)lim->memory_mb * 1024 * 1024;
		struct rlimit as = { bytes, bytes };
		setrlimit(RLIMIT_AS, &as);
	}
#endif
	struct rlimit core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &core);
}

void worker_answer(int fd, const void *data, gsize len)
{
	const guint8 *p = data;
	for (gsize off = 0; off < len;) {
		ssize_t w = write(fd, p + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			_exit(3);
		off += (gsize) w;
	}
	_exit(0);
}

/* In the child: limits, read, answer, exit. Never returns. */
static void child_main(const WorkItem *it, const WorkerLimits *lim, guint cpu_seconds,
                       const Forms *forms, const Rules *rules, int fd)
{
	worker_confine(fd, lim, cpu_seconds);
	const char *fault = g_getenv("BAOCAO_TEST_FAULT");
	if (fault && strstr(it->name, "fault-")) {
		/* test hook (tests/e2e.sh): misbehave on files named for it */
		if (strstr(it->name, "fault-crash")) {
			signal(SIGSEGV, SIG_DFL);  /* a real death by signal, sanitizers or not */
			raise(SIGSEGV);
		}
		if (strstr(it->name, "fault-exit"))
			_exit(7);
		if (strstr(it->name, "fault-hang"))
			for (;;)
				pause();
		if (strstr(it->name, "fault-spin"))
			for (volatile unsigned long i = 0;; i++)
				;
	}
	Outcome out;
	read_in_process(it, forms, rules, &out);
	g_autofree char *json = outcome_to_json(&out);
	worker_answer(fd, json, strlen(json));
}

static void quarantine_for(Outcome *out, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

static void quarantine_for(Outcome *out, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	memset(out, 0, sizeof *out);
	out->rec = record_new();
	out->quarantined = TRUE;
	out->file_type = file_type_name(FT_UNKNOWN);
	out->tl.days_late = -1;
	const char *vn = strcmp(code, "file-limit") == 0
		? "Đọc tệp vượt giới hạn thời gian hoặc bộ nhớ" : "Bộ đọc tệp gặp sự cố";
	record_add_finding(out->rec, code, SEV_ERROR, "file",
	                   "%s; tệp được cách ly, đề nghị đơn vị gửi lại bản đúng. (%s)", vn, why);
}

/* Turn a finished child into an Outcome. */
static void child_outcome(Child *c, int status, const WorkerLimits *lim, Outcome *out)
{
	memset(out, 0, sizeof *out);
	out->tl.days_late = -1;
	if (c->killed_time) {
		quarantine_for(out, "file-limit", "time limit %u s", c->wall_seconds);
		return;
	}
	if (c->killed_size) {
		quarantine_for(out, "file-limit", "the reader's answer exceeded %u MB", OUTPUT_CAP >> 20);
		return;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGXCPU || sig == SIGKILL)
			quarantine_for(out, "file-limit", "CPU time limit %u s", c->cpu_seconds);
		else
			quarantine_for(out, "file-crash", "reader crashed: signal %d (%s)%s", sig,
			               g_strsignal(sig), sig == SIGABRT && lim->memory_mb
			               ? ", perhaps over the memory limit" : "");
		return;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    !outcome_from_json((const char *)c->out->data, c->out->len, out)) {
		outcome_clear(out);
		quarantine_for(out, "file-crash", "reader ended abnormally (exit status %d)",
		               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
}

static guint default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (guint)n : 1;
}

gboolean worker_run(GPtrArray *items, const WorkerLimits *limits, const Forms *forms,
                    const Rules *rules, WorkDone done, gpointer user, GError **error)
{
	WorkerLimits lim = *limits;
	if (!lim.jobs)
		lim.jobs = default_jobs();
	if (g_strcmp0(g_getenv("BAOCAO_NO_FORK"), "1") == 0) {
		for (guint i = 0; i < items->len; i++) {
			Outcome out;
			read_in_process(items->pdata[i], forms, rules, &out);
			gboolean ok = done(items->pdata[i], &out, user, error);
			outcome_clear(&out);
			progress("reading", i + 1, items->len);
			if (!ok)
				return FALSE;
		}
		progress_end();
		return TRUE;
	}
	Child *kids = g_new0(Child, lim.jobs);
	guint next = 0, running = 0, finished = 0;
	gboolean ok = TRUE;
	fflush(NULL);
	while (ok && (next < items->len || running > 0)) {
		/* start children while there are slots */
		while (next < items->len && running < lim.jobs) {
			int p[2];
			if (pipe(p) != 0) {
				g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
				            "cannot start a reader: %s", g_strerror(errno));
				ok = FALSE;
				break;
			}
			const WorkItem *it = items->pdata[next];
			guint factor = may_need_ocr(it->path) ? OCR_TIME_FACTOR : 1;
			guint cpu_s = lim.cpu_seconds * factor, wall_s = lim.wall_seconds * factor;
			pid_t pid = fork();
			if (pid < 0) {
				close(p[0]);
				close(p[1]);
				g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
				            "cannot start a reader: %s", g_strerror(errno));
				ok = FALSE;
				break;
			}
			if (pid == 0) {
				close(p[0]);
				child_main(it, &lim, cpu_s, forms, rules, p[1]);
			}
			close(p[1]);
			guint slot = 0;
			while (kids[slot].pid)
				slot++;
			kids[slot] = (Child){ .item = items->pdata[next], .pid = pid, .fd = p[0],
			                      .out = g_byte_array_new(),
			                      .cpu_seconds = cpu_s, .wall_seconds = wall_s,
			                      .deadline = g_get_monotonic_time() +
			                                  (gint64)wall_s * G_USEC_PER_SEC };
			next++;
			running++;
		}
		if (!ok || running == 0)
			break;
		/* wait for output, an end of file, or the nearest deadline */
		struct pollfd *pfd = g_new0(struct pollfd, lim.jobs);
		guint *idx = g_new0(guint, lim.jobs), n = 0;
		gint64 now = g_get_monotonic_time(), wait = G_MAXINT64;
		for (guint k = 0; k < lim.jobs; k++)
			if (kids[k].pid && kids[k].fd >= 0) {
				pfd[n] = (struct pollfd){ .fd = kids[k].fd, .events = POLLIN };
				idx[n++] = k;
				wait = MIN(wait, kids[k].deadline - now);
			}
		int timeout = (int)CLAMP(wait / 1000, 0, 1000);
		int r = poll(pfd, n, timeout);
		for (guint j = 0; r > 0 && j < n; j++) {
			Child *c = &kids[idx[j]];
			if (!(pfd[j].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			guint8 buf[65536];
			ssize_t got = read(c->fd, buf, sizeof buf);
			if (got > 0) {
				g_byte_array_append(c->out, buf, got);
				if (c->out->len > OUTPUT_CAP) {
					c->killed_size = TRUE;
					kill(c->pid, SIGKILL);
					close(c->fd);
					c->fd = -1;
				}
			} else if (got == 0 || (got < 0 && errno != EINTR)) {
				close(c->fd);
				c->fd = -1;
			}
		}
		g_free(pfd);
		g_free(idx);
		/* deadlines, then reap children whose pipe is closed */
		now = g_get_monotonic_time();
		for (guint k = 0; ok && k < lim.jobs; k++) {
			Child *c = &kids[k];
			if (!c->pid)
				continue;
			if (c->fd >= 0 && now > c->deadline) {
				c->killed_time = TRUE;
				kill(c->pid, SIGKILL);
				close(c->fd);
				c->fd = -1;
			}
			if (c->fd >= 0)
				continue;
			int status = 0;
			while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
				;
			Outcome out;
			child_outcome(c, status, &lim, &out);
			ok = done(c->item, &out, user, error);
			outcome_clear(&out);
			g_byte_array_unref(c->out);
			memset(c, 0, sizeof *c);
			c->fd = -1;
			running--;
			progress("reading", ++finished, items->len);
		}
	}
	/* on failure, stop the children still running */
	for (guint k = 0; k < lim.jobs; k++)
		if (kids[k].pid) {
			kill(kids[k].pid, SIGKILL);
			waitpid(kids[k].pid, NULL, 0);
			if (kids[k].fd >= 0)
				close(kids[k].fd);
			g_byte_array_unref(kids[k].out);
		}
	g_free(kids);
	progress_end();
	return ok;
}
