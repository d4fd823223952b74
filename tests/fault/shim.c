/*
 * shim.c - an LD_PRELOAD library for tests/syscalls.sh: it makes the Nth write, rename
 * or fsync on a regular file fail as on a full disk (ENOSPC), below every library the
 * program uses (SQLite, GLib, libzip, libxlsxwriter), so that the error paths run for
 * real. BAOCAO_SHIM=write:N | rename:N | fsync:N chooses the call; BAOCAO_SHIM_COUNT=FILE
 * writes how many of each were made, at exit. Pipes and terminals are never failed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <execinfo.h>

static unsigned long counts[3];     /* write, rename, fsync */
static int fail_kind = -1;
static unsigned long fail_at;

__attribute__((constructor)) static void shim_init(void)
{
	const char *v = getenv("BAOCAO_SHIM");
	static const char *const kinds[] = { "write:", "rename:", "fsync:" };
	for (int k = 0; v && k < 3; k++)
		if (strncmp(v, kinds[k], strlen(kinds[k])) == 0) {
			fail_kind = k;
			fail_at = strtoul(v + strlen(kinds[k]), NULL, 10);
		}
}

__attribute__((destructor)) static void shim_report(void)
{
	const char *f = getenv("BAOCAO_SHIM_COUNT");
	FILE *out = f ? fopen(f, "a") : NULL;
	if (out) {
		fprintf(out, "write %lu\nrename %lu\nfsync %lu\n", counts[0], counts[1], counts[2]);
		fclose(out);
	}
}

static int regular(int fd)
{
	struct stat sb;
	return fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* TRUE when this call is the one to fail. */
static int hit(int kind)
{
	if (++counts[kind] != fail_at || fail_kind != kind)
		return 0;
	if (getenv("BAOCAO_SHIM_TRACE")) {  /* where the failed call came from */
		void *frames[24];
		backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
	}
	return 1;
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (regular(fd) && hit(0)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	if (regular(fd) && hit(0)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64);
	if (regular(fd) && hit(0)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n, off);
}

int rename(const char *a, const char *b)
{
	REAL(rename);
	if (hit(1)) {
		errno = ENOSPC;
		return -1;
	}
	return real(a, b);
}

int fsync(int fd)
{
	REAL(fsync);
	if (hit(2)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	if (hit(2)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd);
}
