/*
 * archive.c - the content-addressed archive of originals (see archive.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "archive.h"

char *archive_path(const Config *cfg, const char *sha256)
{
	char sub[3] = { sha256[0], sha256[1], 0 };
	return g_build_filename(cfg->archive, sub, sha256, NULL);
}

gboolean archive_fd(const Config *cfg, int fd, char **sha, gint64 *size, GError **error)
{
	g_autofree char *tmp = g_build_filename(cfg->archive, "tmp-XXXXXX", NULL);
	g_autofree char *dest = NULL, *dir = NULL;
	int out = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (out < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot write to archive '%s': %s", cfg->archive, g_strerror(errno));
		return FALSE;
	}
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 buf[65536];
	gint64 total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			            "read error: %s", g_strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		g_checksum_update(ck, buf, n);
		total += n;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
				            "cannot write to archive '%s': %s", cfg->archive, g_strerror(errno));
				goto fail;
			}
			off += w;
		}
	}
	if (fsync(out) != 0 || close(out) != 0) {
		out = -1;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot write to archive '%s': %s", cfg->archive, g_strerror(errno));
		goto fail;
	}
	out = -1;
	*sha = g_strdup(g_checksum_get_string(ck));
	*size = total;
	dest = archive_path(cfg, *sha);
	dir = g_path_get_dirname(dest);
	if (g_mkdir_with_parents(dir, 0700) != 0 ||
	    (g_file_test(dest, G_FILE_TEST_EXISTS) ? unlink(tmp) : rename(tmp, dest)) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot store '%s' in the archive: %s", dest, g_strerror(errno));
		g_clear_pointer(sha, g_free);
		goto fail;
	}
	return TRUE;
fail:
	if (out >= 0)
		close(out);
	unlink(tmp);
	return FALSE;
}

/* Write len bytes to out, then sync it. */
static gboolean write_all(int out, const guint8 *data, gsize len)
{
	for (gsize off = 0; off < len;) {
		ssize_t w = write(out, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return FALSE;
		off += w;
	}
	return fsync(out) == 0;
}

gboolean archive_bytes(const Config *cfg, const guint8 *data, gsize len, char **sha,
                       GError **error)
{
	g_autofree char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	g_autofree char *dest = archive_path(cfg, sum);
	if (g_file_test(dest, G_FILE_TEST_IS_REGULAR)) {
		*sha = g_steal_pointer(&sum);
		return TRUE;
	}
	g_autofree char *dir = g_path_get_dirname(dest);
	g_autofree char *tmp = g_build_filename(cfg->archive, "tmp-XXXXXX", NULL);
	int out = g_mkdir_with_parents(dir, 0700) == 0
		? g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600) : -1;
	if (out < 0 || !write_all(out, data, len) || close(out) != 0 || rename(tmp, dest) != 0) {
		int e = errno;
		if (out >= 0)
			unlink(tmp);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
		            "cannot write to archive '%s': %s", cfg->archive, g_strerror(e));
		return FALSE;
	}
	*sha = g_steal_pointer(&sum);
	return TRUE;
}
