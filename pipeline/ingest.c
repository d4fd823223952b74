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
 *
 * E-mail dropped in the inbox is taken apart instead of being a submission itself: a
 * message file (whose bytes are a message, whatever its name), an mbox file (messages
 * one after the other, each starting with a "From " line) and a Maildir folder (one
 * with cur/, new/ and tmp/: the messages of cur/ and new/). The file is archived as it
 * is, then each message goes through ingest_mail.c, one transaction each; the file
 * leaves the inbox when all its messages are committed. A message recorded before (the
 * same bytes) is not taken twice, which is also how a file whose messages were
 * committed by a run stopped before removing it is recognised.
 *
 * A zip archive (a zipped folder; not an Office package, whose bytes are a zip too) goes
 * the same way as a message with attachments: archived as it is, unpacked in a child
 * under the zip caps, each file a submission linked to it. One that must not be unpacked
 * (a path that escapes, a link, an encrypted or oversized member, an archive inside it)
 * is not partly taken: it becomes one submission, quarantined with the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "archive.h"
#include "common.h"
#include "ingest.h"
#include "ingest_mail.h"
#include "mailin.h"
#include "read.h"

/* What every step of one inbox walk needs. */
typedef struct {
	const Config *cfg;
	Store *st;
	const Rules *rules;
	const WorkerLimits *limits;
	IngestStats *stats;
} Inbox;

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

/* What the first bytes of a file say it is: e-mail (a message or an mbox) and zip
 * archives are taken apart, everything else is one submission. The bytes decide, not
 * the name: a document named ".eml" or ".zip" is still read as the document it is. A zip
 * is told from an Office package by its central directory, which sits at the end: the
 * whole file is mapped to sniff it (read_sniff inflates nothing). */
static FileType container_type(int fd, const char *name, gint64 size)
{
	guint8 head[4096];
	ssize_t n = pread(fd, head, sizeof head, 0);
	if (n <= 0)
		return FT_UNKNOWN;
	FileType t = read_sniff(head, n, name);
	if (t == FT_EML || n < 4 || memcmp(head, "PK", 2) != 0 || size > READ_MAX_FILE_BYTES)
		return t;
	g_autoptr(GMappedFile) mf = g_mapped_file_new_from_fd(fd, FALSE, NULL);
	if (!mf)
		return t;
	return read_sniff((const guint8 *)g_mapped_file_get_contents(mf),
	                  g_mapped_file_get_length(mf), name);
}

/* The length of a message's header (up to its first empty line), at most 256 KB. */
static gsize header_length(const guint8 *data, gsize len)
{
	gsize cap = MIN(len, (gsize)256 * 1024);
	for (gsize i = 0; i + 1 < cap; i++)
		if (data[i] == '\n' && (data[i + 1] == '\n' ||
		                        (data[i + 1] == '\r' && i + 2 < cap && data[i + 2] == '\n')))
			return i + 1;
	return cap;
}

/* The messages of a mail file archived as sha: each into the store, then the file out
 * of the inbox. */
static gboolean take_mail(const Inbox *in, const char *path, const char *rel, const char *sha,
                          gint64 size, gint64 mtime, GError **error)
{
	g_autofree char *apath = archive_path(in->cfg, sha);
	g_autoptr(GError) err = NULL;
	g_autoptr(GMappedFile) mf = size ? g_mapped_file_new(apath, FALSE, &err) : NULL;
	if (size && !mf) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot read back '%s' from the "
		            "archive: %s", rel, err->message);
		return FALSE;
	}
	const guint8 *data = mf ? (const guint8 *)g_mapped_file_get_contents(mf) : (const guint8 *)"";
	gsize len = mf ? g_mapped_file_get_length(mf) : 0;
	MailSource src = { .origin = rel, .folder_unit = folder_unit(in->rules, rel),
	                   .file_time = mtime };
	MailTaken taken;
	if (!mailin_is_mbox(data, len)) {
		gsize given = len;
		if (len > MAILIN_MAX_BYTES) {  /* over the cap: its header only, for the receipt */
			given = header_length(data, len);
			src.full_size = len;
		}
		if (!ingest_message(in->cfg, in->st, in->rules, in->limits, sha, data, given, &src,
		                    &taken, error))
			return FALSE;
		if (taken.known)
			log_msg(LOG_INFO, "'%s' is a message taken before (message %" G_GINT64_FORMAT
			        "): removed from the inbox", rel, taken.id);
		in->stats->messages += !taken.known;
		in->stats->taken += taken.parts;
		in->stats->duplicates += taken.duplicates;
	} else {
		g_autoptr(GArray) spans = mailin_mbox_split(data, len);
		for (guint i = 0; i < spans->len; i++) {
			const MailSpan *sp = &g_array_index(spans, MailSpan, i);
			g_autofree char *origin = g_strdup_printf("%s#%u", rel, i + 1);
			g_autofree char *msha = NULL;
			src.origin = origin;
			gsize given = sp->length;
			src.full_size = 0;
			if (given > MAILIN_MAX_BYTES) {
				given = header_length(data + sp->offset, sp->length);
				src.full_size = sp->length;
			}
			if (!archive_bytes(in->cfg, data + sp->offset, sp->length, &msha, error) ||
			    !ingest_message(in->cfg, in->st, in->rules, in->limits, msha,
			                    data + sp->offset, given, &src, &taken, error))
				return FALSE;
			in->stats->messages += !taken.known;
			in->stats->taken += taken.parts;
			in->stats->duplicates += taken.duplicates;
		}
	}
	if (fault_point("recorded, not yet removed from the inbox")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot remove '%s' from the "
		            "inbox: input/output error (injected fault)", rel);
		return FALSE;
	}
	if (unlink(path) != 0)
		log_msg(LOG_WARN, "cannot remove '%s' from the inbox (it is safe in the store): %s",
		        path, g_strerror(errno));
	log_msg(LOG_DEBUG, "took the e-mail in '%s'", rel);
	return TRUE;
}

/* A zip archive archived as sha: its files into the store as the parts of one archive
 * row, then the archive out of the inbox. *refused set (why, to be freed) when it must
 * not be unpacked: nothing recorded, the caller takes it as one file. */
static gboolean take_archive(const Inbox *in, const char *path, const char *rel,
                             const char *sha, gint64 size, gint64 mtime, char **refused,
                             GError **error)
{
	g_autofree char *apath = archive_path(in->cfg, sha);
	g_autoptr(GError) err = NULL;
	g_autoptr(GMappedFile) mf = g_mapped_file_new(apath, FALSE, &err);
	if (!mf) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot read back '%s' from the "
		            "archive: %s", rel, err->message);
		return FALSE;
	}
	MailSource src = { .origin = rel, .folder_unit = folder_unit(in->rules, rel),
	                   .file_time = mtime, .archive = TRUE };
	MailTaken taken;
	if (!ingest_message(in->cfg, in->st, in->rules, in->limits, sha,
	                    (const guint8 *)g_mapped_file_get_contents(mf),
	                    g_mapped_file_get_length(mf), &src, &taken, error))
		return FALSE;
	if (taken.refused) {
		*refused = taken.refusal ? taken.refusal : g_strdup("");
		return TRUE;
	}
	if (taken.known)
		log_msg(LOG_INFO, "'%s' is an archive taken before: removed from the inbox", rel);
	in->stats->taken += taken.parts;
	in->stats->duplicates += taken.duplicates;
	if (fault_point("recorded, not yet removed from the inbox")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot remove '%s' from the "
		            "inbox: input/output error (injected fault)", rel);
		return FALSE;
	}
	if (unlink(path) != 0)
		log_msg(LOG_WARN, "cannot remove '%s' from the inbox (it is safe in the store): %s",
		        path, g_strerror(errno));
	log_msg(LOG_DEBUG, "took the archive '%s': %u file%s", rel, taken.parts,
	        taken.parts == 1 ? "" : "s");
	return TRUE;
}

/* Take one file (mail: it is mail whatever its bytes, as in a Maildir). Returns FALSE
 * only on a fatal (store/archive) error. */
static gboolean take_file(const Inbox *in, const char *path, const char *raw_rel,
                          gboolean mail, GError **error)
{
	const Config *cfg = in->cfg;
	Store *st = in->st;
	const Rules *rules = in->rules;
	IngestStats *stats = in->stats;
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
	g_autofree char *base = g_path_get_basename(rel);
	gint64 size = 0;
	g_autoptr(GError) err = NULL;
	FileType ctype = mail ? FT_EML : container_type(fd, base, (gint64)before.st_size);
	mail = mail || ctype == FT_EML;
	if (!archive_fd(cfg, fd, &sha, &size, &err)) {
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
	if (mail)
		return take_mail(in, path, rel, sha, size, before.st_mtime, error);
	g_autofree char *refused = NULL;
	if (ctype == FT_ZIP && size <= (gint64)READ_MAX_FILE_BYTES) {
		if (!take_archive(in, path, rel, sha, size, before.st_mtime, &refused, error))
			return FALSE;
		if (!refused)
			return TRUE;
		/* not to be unpacked: one submission, quarantined with the reader's reason */
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
	Submission sub = {
		.sha256 = sha, .file = base, .path = (char *)rel, .source = (char *)"folder",
		.received_at = received, .size = size,
		.folder_unit = (char *)folder_unit(rules, rel), .state = (char *)"received",
	};
	gint64 orig = store_find_sha(st, sha);
	g_autoptr(Record) dup = record_new();
	if (refused)
		record_add_finding(dup, "archive-not-unpacked", SEV_WARNING, NULL,
		                   "Tệp nén không được giải nén: %s", refused);
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
	    (dup->findings->len && !store_set_findings(st, sub.id, "ingest", dup, error)) ||
	    !store_commit(st, error)) {
		store_rollback(st);
		return FALSE;
	}
	stats->taken++;
	stats->duplicates += orig != 0;
	if (fault_point("recorded, not yet removed from the inbox")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot remove '%s' from the "
		            "inbox: input/output error (injected fault)", rel);
		return FALSE;
	}
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

/* A Maildir: a folder with cur/, new/ and tmp/. */
static gboolean is_maildir(const char *dir)
{
	static const char *const subs[] = { "cur", "new", "tmp" };
	for (guint i = 0; i < G_N_ELEMENTS(subs); i++) {
		g_autofree char *p = g_build_filename(dir, subs[i], NULL);
		struct stat sb;
		if (lstat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return FALSE;
	}
	return TRUE;
}

static gboolean walk(const Inbox *in, const char *dir, const char *rel, guint depth,
                     gboolean mail, GError **error);

/* The messages of a Maildir: new/ and cur/ (tmp/ holds deliveries in progress). */
static gboolean walk_maildir(const Inbox *in, const char *dir, const char *rel, guint depth,
                             GError **error)
{
	static const char *const subs[] = { "new", "cur" };
	for (guint i = 0; i < G_N_ELEMENTS(subs); i++) {
		g_autofree char *path = g_build_filename(dir, subs[i], NULL);
		g_autofree char *r = *rel ? g_strconcat(rel, "/", subs[i], NULL) : g_strdup(subs[i]);
		if (!walk(in, path, r, depth + 1, TRUE, error))
			return FALSE;
	}
	return TRUE;
}

/* Take every file under dir; with mail, every file is an e-mail message (a Maildir's). */
static gboolean walk(const Inbox *in, const char *dir, const char *rel, guint depth,
                     gboolean mail, GError **error)
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
	gboolean maildir = !mail && is_maildir(dir);
	if (maildir && !walk_maildir(in, dir, rel, depth, error))
		return FALSE;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(dh)))
		g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		if (name[0] == '.' || (depth == 0 && strcmp(name, "README") == 0))
			continue;  /* hidden files: editors' and copiers' temporaries */
		if (maildir && (!strcmp(name, "cur") || !strcmp(name, "new") || !strcmp(name, "tmp")))
			continue;  /* taken above */
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autofree char *r = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		struct stat sb;
		if (lstat(path, &sb) != 0)
			continue;
		if (S_ISLNK(sb.st_mode) || (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))) {
			log_msg(LOG_WARN, "'%s' is a symbolic link or special file: left in place, not read",
			        r);
			in->stats->skipped++;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (mail)
				continue;  /* a Maildir's cur/ and new/ hold only messages */
			if (depth >= 16) {
				log_msg(LOG_WARN, "'%s' is nested too deep: left in place", r);
				continue;
			}
			if (!walk(in, path, r, depth + 1, FALSE, error))
				return FALSE;
			continue;
		}
		if (!take_file(in, path, r, mail, error))
			return FALSE;
	}
	return TRUE;
}

gboolean ingest_inbox(const Config *cfg, Store *st, const Rules *rules,
                      const WorkerLimits *limits, IngestStats *stats, GError **error)
{
	if (g_mkdir_with_parents(cfg->archive, 0700) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create archive '%s': %s", cfg->archive, g_strerror(errno));
		return FALSE;
	}
	Inbox in = { cfg, st, rules, limits, stats };
	return walk(&in, cfg->inbox, "", 0, FALSE, error);
}
