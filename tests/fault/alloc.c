/*
 * alloc.c - an LD_PRELOAD library for tests/kill.sh: it makes the Nth allocation
 * (malloc, calloc or realloc) of the main process fail, so that what happens when memory
 * runs out is seen for real: GLib stops the program at once (as a crash, which the store
 * survives), SQLite and libxml2 report it and baocao must stop cleanly. The reading
 * children the main process forks are left alone: a reader that dies of it costs a
 * quarantined file, which is its own, already tested, outcome.
 *
 * BAOCAO_ALLOC_FAIL=N chooses the allocation; BAOCAO_ALLOC_COUNT=FILE writes how many
 * the main process made, at exit. glibc's own entry points are called underneath, so no
 * symbol lookup (which allocates) is needed. Not for a build with AddressSanitizer,
 * which owns malloc: kill.sh skips it there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static unsigned long count, fail_at;
static pid_t main_pid;  /* 0 until set up: nothing is counted */

/* With BAOCAO_ALLOC_TRACE, where a segmentation fault happened. */
static void on_segv(int sig)
{
	void *frames[32];
	backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

__attribute__((constructor)) static void alloc_init(void)
{
	if (getenv("BAOCAO_ALLOC_TRACE"))
		signal(SIGSEGV, on_segv);
	const char *v = getenv("BAOCAO_ALLOC_FAIL");
	fail_at = v ? strtoul(v, NULL, 10) : 0;
	if (fail_at || getenv("BAOCAO_ALLOC_COUNT"))
		main_pid = getpid();
}

__attribute__((destructor)) static void alloc_report(void)
{
	const char *f = getenv("BAOCAO_ALLOC_COUNT");
	if (f == NULL || main_pid == 0 || getpid() != main_pid)
		return;
	FILE *out = fopen(f, "a");
	if (out) {
		fprintf(out, "malloc %lu\n", count);
		fclose(out);
	}
}

/* TRUE when this allocation is the one to fail. */
static int fails(void)
{
	if (main_pid == 0 || getpid() != main_pid || ++count != fail_at)
		return 0;
	if (getenv("BAOCAO_ALLOC_TRACE")) {  /* where the failed allocation came from */
		void *frames[24];
		backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
	}
	return 1;
}

void *malloc(size_t n)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}
