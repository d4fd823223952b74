/*
 * ingest.c - stage 1: from the inbox to the archive and the store.
 *
 * The order of operations is what keeps reports from being lost: copy the bytes into
 * a temporary file in the archive while hashing them, fsync it, rename it to its hash,
 * then record the submission in one transaction, and only after COMMIT remove the file
 * from the inbox. A crash at any point leaves either the file in the inbox (and at worst
 * an unreferenced archive object, harmless since it is named by its content) or a
 * committed submission whose inbox copy is recognised on the next run (same hash, path
 * and time) and removed then. Symbolic links are never followed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "ingest.h"

char *ingest_archive_path(const Config *cfg, const char *sha256)
{
	char sub[3] = { sha256[0], sha256[1], 0 };
	return g_build_filename(cfg->archive, sub, sha256, NULL);
}

/* Copy fd into the archive, hashing; on success *sha is the hex digest. */
static gboolean archive_copy(const Config *cfg, int fd, char **sha, gint64 *size, GError **error)
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
	dest = ingest_archive_path(cfg, *sha);
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

/* The roster unit named by the first folder of rel, or NULL. */
static const char *folder_unit(const Rules *rules, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash)
		return NULL;
	g_autofree char *first = g_strndup(rel, slash - rel);
	const Unit *u = rules_unit(rules, first);
	return u ? u->code : NULL;
}

/* A name as the store, the export and the clerk see it: valid UTF-8 in NFC, control
 * characters replaced. The bytes of the name on disk are never needed again. */
static char *display_name(const char *raw)
{
	g_autofree char *valid = g_utf8_make_valid(raw, -1);
	g_autofree char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	GString *s = g_string_new(NULL);
	for (const char *p = nfc ? nfc : valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c))
			g_string_append_unichar(s, 0xFFFD);
		else
			g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

/* Take one file. Returns FALSE only on a fatal (store/archive) error. */
static gboolean take_file(const Config *cfg, Store *st, const Rules *rules, const char *path,
                          const char *raw_rel, IngestStats *stats, GError **error)
{
	g_autofree char *rel = display_name(raw_rel);
	/* the real clock, not clock_now(): stability is about the file system */
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	struct stat before, after;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
		log_msg(LOG_WARN, "cannot open '%s': %s", path, fd < 0 ? g_strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		stats->failed++;
		return TRUE;
	}
	if (now - (gint64)before.st_mtime < (gint64)cfg->settle_seconds) {
		close(fd);
		stats->waiting++;
		log_msg(LOG_DEBUG, "'%s' changed less than %u s ago; it waits for the next run",
		        rel, cfg->settle_seconds);
		return TRUE;
	}
	g_autofree char *sha = NULL;
	gint64 size = 0;
	g_autoptr(GError) err = NULL;
	if (!archive_copy(cfg, fd, &sha, &size, &err)) {
		close(fd);
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;  /* an archive we cannot write to stops the run */
	}
	fstat(fd, &after);
	close(fd);
	if (after.st_size != before.st_size || after.st_mtime != before.st_mtime) {
		stats->waiting++;  /* it changed while we read it */
		return TRUE;
	}
	if (fault_point("archived, not yet recorded")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot record '%s': no space left on device (injected fault)", rel);
		return FALSE;
	}
	gint64 received = before.st_mtime;
	if (store_seen_file(st, sha, rel, received)) {
		/* committed by an earlier run that stopped before removing it */
		if (unlink(path) != 0)
			log_msg(LOG_WARN, "cannot remove '%s' from the inbox: %s", path, g_strerror(errno));
		return TRUE;
	}
	g_autofree char *base = g_path_get_basename(rel);
	Submission sub = {
		.sha256 = sha, .file = base, .path = (char *)rel, .source = (char *)"folder",
		.received_at = received, .size = size,
		.folder_unit = (char *)folder_unit(rules, rel), .state = (char *)"received",
	};
	gint64 orig = store_find_sha(st, sha);
	g_autoptr(Record) dup = record_new();
	if (orig) {
		g_autoptr(Submission) o = store_get(st, orig);
		sub.state = (char *)"duplicate";
		sub.status = (char *)"duplicate";
		sub.duplicate_of = orig;
		record_add_finding(dup, "duplicate", SEV_INFO, NULL,
		                   "Tệp trùng nội dung với tệp \"%s\" đã nhận trước đó (hồ sơ số %"
		                   G_GINT64_FORMAT "); không xử lý lại.", o->file, orig);
	}
	g_autofree char *detail = g_strdup_printf("%s (%" G_GINT64_FORMAT " bytes, sha256 %s)",
	                                          rel, size, sha);
	if (!store_begin(st, error))
		return FALSE;
	if (!store_add_submission(st, &sub, error) ||
	    !store_event(st, sub.id, "received", detail, error) ||
	    !store_event(st, sub.id, "archived", sha, error) ||
	    (orig && !store_event(st, sub.id, "duplicate", base, error)) ||
	    (orig && !store_set_findings(st, sub.id, "ingest", dup, error)) ||
	    !store_commit(st, error)) {
		store_rollback(st);
		return FALSE;
	}
	stats->taken++;
	stats->duplicates += orig != 0;
	fault_point("recorded, not yet removed from the inbox");
	if (unlink(path) != 0)
		log_msg(LOG_WARN, "cannot remove '%s' from the inbox (it is safe in the store): %s",
		        path, g_strerror(errno));
	log_msg(LOG_DEBUG, "took '%s' as submission %" G_GINT64_FORMAT, rel, sub.id);
	return TRUE;
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean walk(const Config *cfg, Store *st, const Rules *rules, const char *dir,
                     const char *rel, guint depth, IngestStats *stats, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GDir) dh = g_dir_open(dir, 0, &err);
	if (!dh) {
		if (depth == 0) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot read inbox '%s': %s",
			            dir, err->message);
			return FALSE;
		}
		log_msg(LOG_WARN, "cannot read folder '%s': %s", dir, err->message);
		return TRUE;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(dh)))
		g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		if (name[0] == '.' || (depth == 0 && strcmp(name, "README") == 0))
			continue;  /* hidden files: editors' and copiers' temporaries */
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autofree char *r = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		struct stat sb;
		if (lstat(path, &sb) != 0)
			continue;
		if (S_ISLNK(sb.st_mode) || (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))) {
			log_msg(LOG_WARN, "'%s' is a symbolic link or special file: left in place, not read",
			        r);
			stats->skipped++;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (depth >= 16) {
				log_msg(LOG_WARN, "'%s' is nested too deep: left in place", r);
				continue;
			}
			if (!walk(cfg, st, rules, path, r, depth + 1, stats, error))
				return FALSE;
			continue;
		}
		if (!take_file(cfg, st, rules, path, r, stats, error))
			return FALSE;
	}
	return TRUE;
}

gboolean ingest_inbox(const Config *cfg, Store *st, const Rules *rules, IngestStats *stats,
                      GError **error)
{
	if (g_mkdir_with_parents(cfg->archive, 0700) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create archive '%s': %s", cfg->archive, g_strerror(errno));
		return FALSE;
	}
	return walk(cfg, st, rules, cfg->inbox, "", 0, stats, error);
}
