/*
 * ingest_mail.c - one e-mail message into the archive and the store (see ingest_mail.h).
 *
 * The child that takes a message apart answers with a GVariant: the headers that matter,
 * each attachment as (name, place, type, sha256, size) once it is safe in the archive,
 * and the findings. GVariant, because its deserialiser is built to take untrusted data:
 * whatever the child sends, the parent reads well-typed values or defaults. A child that
 * dies, overruns its limits or answers nonsense leaves the message recorded with a
 * finding and without attachments; its original is in the archive, so nothing is lost.
 * An archive the child cannot write to is a system error, passed on as such.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "archive.h"
#include "common.h"
#include "ingest_mail.h"
#include "mailin.h"

/* headers, attachments (name, where, type, sha256, size), findings (code, severity,
 * message), and the archive error ("" when none) */
#define TAKEN_TYPE "(sssssxxbua(ssssx)a(sys)sb)"
#define ANSWER_CAP (16u * 1024 * 1024)

/* A message taken apart, its attachments in the archive. */
typedef struct {
	char *from_addr, *from_name, *subject, *message_id, *reply_refs;
	gint64 date, received;
	gboolean auto_sent;
	guint bodies;
	GPtrArray *parts;   /* Part* */
	Record *notes;
	gboolean refused;   /* an archive not to be unpacked (mailin_parse_archive) */
} Taken;

typedef struct {
	char *name, *where, *content_type, *sha256;
	gint64 size;
} Part;

static void part_free(Part *p)
{
	g_free(p->name);
	g_free(p->where);
	g_free(p->content_type);
	g_free(p->sha256);
	g_free(p);
}

static void taken_init(Taken *t)
{
	memset(t, 0, sizeof *t);
	t->parts = g_ptr_array_new_with_free_func((GDestroyNotify)part_free);
	t->notes = record_new();
}

static void taken_clear(Taken *t)
{
	g_free(t->from_addr);
	g_free(t->from_name);
	g_free(t->subject);
	g_free(t->message_id);
	g_free(t->reply_refs);
	g_clear_pointer(&t->parts, g_ptr_array_unref);
	g_clear_pointer(&t->notes, record_free);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static char *or_null(const char *s)
{
	return s && *s ? g_strdup(s) : NULL;
}

/* Take the message apart here and archive its attachments. FALSE with error only when
 * the archive cannot be written. */
static gboolean take_here(const Config *cfg, const char *archive, const guint8 *data,
                          gsize len, Taken *t, GError **error)
{
	g_autoptr(MailMessage) m = archive ? mailin_parse_archive(data, len, archive)
	                                   : mailin_parse(data, len);
	t->refused = m->refused;
	t->from_addr = or_null(m->from_addr);
	t->from_name = or_null(m->from_name);
	t->subject = or_null(m->subject);
	t->message_id = or_null(m->message_id);
	t->reply_refs = or_null(m->reply_refs);
	t->date = m->date;
	t->received = m->received;
	t->auto_sent = m->auto_sent;
	t->bodies = m->bodies;
	for (guint i = 0; i < m->notes->findings->len; i++) {
		const Finding *f = m->notes->findings->pdata[i];
		record_add_finding(t->notes, f->code, f->severity, NULL, "%s", f->message);
	}
	for (guint i = 0; i < m->parts->len; i++) {
		const MailPart *mp = m->parts->pdata[i];
		gsize n = 0;
		const guint8 *bytes = g_bytes_get_data(mp->data, &n);
		Part *p = g_new0(Part, 1);
		p->name = g_strdup(mp->name);
		p->where = g_strdup(mp->where);
		p->content_type = g_strdup(mp->content_type);
		p->size = n;
		g_ptr_array_add(t->parts, p);
		if (!archive_bytes(cfg, bytes ? bytes : (const guint8 *)"", n, &p->sha256, error))
			return FALSE;
	}
	return TRUE;
}

static GVariant *taken_to_variant(const Taken *t, const char *archive_error)
{
	GVariantBuilder parts, notes;
	g_variant_builder_init(&parts, G_VARIANT_TYPE("a(ssssx)"));
	for (guint i = 0; i < t->parts->len; i++) {
		const Part *p = t->parts->pdata[i];
		if (p->sha256)
			g_variant_builder_add(&parts, "(ssssx)", p->name, p->where, p->content_type,
			                      p->sha256, p->size);
	}
	g_variant_builder_init(&notes, G_VARIANT_TYPE("a(sys)"));
	for (guint i = 0; i < t->notes->findings->len; i++) {
		const Finding *f = t->notes->findings->pdata[i];
		g_variant_builder_add(&notes, "(sys)", f->code, (guchar)f->severity, f->message);
	}
	return g_variant_new(TAKEN_TYPE, or_empty(t->from_addr), or_empty(t->from_name),
	                     or_empty(t->subject), or_empty(t->message_id),
	                     or_empty(t->reply_refs), t->date, t->received, t->auto_sent,
	                     t->bodies, &parts, &notes, or_empty(archive_error), t->refused);
}

/* Read a child's answer. Every string is checked: GVariant gives well-typed values, not
 * necessarily sensible ones. FALSE when it is not an answer at all. */
static gboolean taken_from_variant(GVariant *v, Taken *t, char **archive_error)
{
	if (!g_variant_is_of_type(v, G_VARIANT_TYPE(TAKEN_TYPE)))
		return FALSE;
	const char *from, *name, *subject, *mid, *refs, *aerr;
	gboolean auto_sent, refused;
	g_autoptr(GVariantIter) parts = NULL, notes = NULL;
	g_variant_get(v, "(&s&s&s&s&sxxbua(ssssx)a(sys)&sb)", &from, &name, &subject, &mid, &refs,
	              &t->date, &t->received, &auto_sent, &t->bodies, &parts, &notes, &aerr,
	              &refused);
	t->auto_sent = auto_sent;
	t->refused = refused;
	t->from_addr = or_null(from);
	t->from_name = or_null(name);
	t->subject = or_null(subject);
	t->message_id = or_null(mid);
	t->reply_refs = or_null(refs);
	*archive_error = or_null(aerr);
	const char *pn, *pw, *pt, *ps;
	gint64 size;
	while (g_variant_iter_next(parts, "(&s&s&s&sx)", &pn, &pw, &pt, &ps, &size)) {
		if (strlen(ps) != 64 || strspn(ps, "0123456789abcdef") != 64 || !*pn || size < 0)
			return FALSE;
		Part *p = g_new0(Part, 1);
		p->name = g_strdup(pn);
		p->where = g_strdup(pw);
		p->content_type = g_strdup(pt);
		p->sha256 = g_strdup(ps);
		p->size = size;
		g_ptr_array_add(t->parts, p);
	}
	const char *code, *msg;
	guchar sev;
	while (g_variant_iter_next(notes, "(&sy&s)", &code, &sev, &msg))
		record_add_finding(t->notes, code, MIN(sev, SEV_ERROR), NULL, "%s", msg);
	return TRUE;
}

/* In the child: limits, take apart, answer, exit. Never returns. */
static void child_main(const Config *cfg, const WorkerLimits *lim, const char *archive,
                       const guint8 *data, gsize len, int fd)
{
	worker_confine(fd, lim, lim->cpu_seconds);
	/* test hook (tests/mail.sh): a message carrying this header crashes its child */
	if (g_getenv("BAOCAO_TEST_FAULT") && g_strstr_len((const char *)data, MIN(len, 4096),
	                                                  "X-Baocao-Test: crash")) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	Taken t;
	taken_init(&t);
	g_autoptr(GError) err = NULL;
	take_here(cfg, archive, data, len, &t, &err);
	g_autoptr(GVariant) v = g_variant_ref_sink(taken_to_variant(&t, err ? err->message : NULL));
	worker_answer(fd, g_variant_get_data(v), g_variant_get_size(v));
}

static void failed_child(Taken *t, const char *why)
{
	t->refused = TRUE;  /* an archive is then quarantined as the file it is */
	record_add_finding(t->notes, "mail-crash", SEV_WARNING, NULL,
	                   "Hệ thống không tách được các tệp đính kèm của thư này (%s); thư gốc "
	                   "được lưu nguyên vẹn, đề nghị đơn vị gửi lại các tệp trong thư khác.", why);
}

/* Take the message apart in a child process under the readers' limits. FALSE with
 * error only when the archive cannot be written or no child can be started. */
static gboolean take_isolated(const Config *cfg, const WorkerLimits *lim, const char *origin,
                              const char *archive, const guint8 *data, gsize len, Taken *t,
                              GError **error)
{
	if (g_strcmp0(g_getenv("BAOCAO_NO_FORK"), "1") == 0)
		return take_here(cfg, archive, data, len, t, error);
	int p[2];
	if (pipe(p) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot start the mail reader: %s", g_strerror(errno));
		return FALSE;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot start the mail reader: %s", g_strerror(errno));
		return FALSE;
	}
	if (pid == 0) {
		close(p[0]);
		child_main(cfg, lim, archive, data, len, p[1]);
	}
	close(p[1]);
	g_autoptr(GByteArray) answer = g_byte_array_new();
	gint64 deadline = g_get_monotonic_time() + (gint64)lim->wall_seconds * G_USEC_PER_SEC;
	gboolean killed_time = FALSE, killed_size = FALSE;
	for (;;) {
		gint64 left = deadline - g_get_monotonic_time();
		if (left <= 0) {
			killed_time = TRUE;
			break;
		}
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		int r = poll(&pfd, 1, (int)MIN(left / 1000 + 1, 1000));
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		guint8 buf[65536];
		ssize_t got = read(p[0], buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		g_byte_array_append(answer, buf, got);
		if (answer->len > ANSWER_CAP) {
			killed_size = TRUE;
			break;
		}
	}
	close(p[0]);
	if (killed_time || killed_size)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (killed_time) {
		log_msg(LOG_WARN, "the mail reader was stopped on '%s': time limit %u s", origin,
		        lim->wall_seconds);
		g_autofree char *why = g_strdup_printf("quá thời gian %u giây", lim->wall_seconds);
		failed_child(t, why);
		return TRUE;
	}
	if (killed_size || WIFSIGNALED(status) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		g_autofree char *why = WIFSIGNALED(status)
			? g_strdup_printf("bộ đọc thư gặp sự cố: tín hiệu %d", WTERMSIG(status))
			: g_strdup("bộ đọc thư dừng bất thường");
		log_msg(LOG_WARN, "the mail reader failed on '%s': %s", origin,
		        WIFSIGNALED(status) ? g_strsignal(WTERMSIG(status)) : "abnormal end");
		failed_child(t, why);
		return TRUE;
	}
	g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes(g_steal_pointer(&answer));
	g_autoptr(GVariant) v = g_variant_ref_sink(
		g_variant_new_from_bytes(G_VARIANT_TYPE(TAKEN_TYPE), bytes, FALSE));
	g_autofree char *archive_error = NULL;
	Taken got;
	taken_init(&got);
	if (!taken_from_variant(v, &got, &archive_error)) {
		taken_clear(&got);
		failed_child(t, "bộ đọc thư trả lời sai định dạng");
		return TRUE;
	}
	taken_clear(t);
	*t = got;
	if (archive_error) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "%s", archive_error);
		return FALSE;
	}
	return TRUE;
}

/* The message recorded before with the same Message-ID and the same attachments (the
 * same bytes, in the same order), or 0: the same message whose headers a server or a
 * mail program rewrote (a mailbox rebuilt under a new UIDVALIDITY, a message saved
 * twice). */
static gint64 same_message(Store *st, const Taken *t)
{
	if (!t->message_id)
		return 0;
	g_autoptr(GArray) ids = store_find_message_id(st, t->message_id);
	for (guint i = 0; i < ids->len; i++) {
		gint64 id = g_array_index(ids, gint64, i);
		g_autoptr(GPtrArray) subs = store_message_submissions(st, id);
		gboolean same = subs->len == t->parts->len;
		for (guint k = 0; same && k < subs->len; k++)
			same = strcmp(((Submission *)subs->pdata[k])->sha256,
			              ((Part *)t->parts->pdata[k])->sha256) == 0;
		if (same)
			return id;
	}
	return 0;
}

/* For a message taken before, only the mailbox's state moves on (src->meta_key). */
static gboolean state_only(Store *st, const MailSource *src, GError **error)
{
	if (!src->meta_key)
		return TRUE;
	if (!store_begin(st, error))
		return FALSE;
	if (!store_set_meta(st, src->meta_key, src->meta_value, error) || !store_commit(st, error)) {
		store_rollback(st);
		return FALSE;
	}
	return TRUE;
}

/* A time to believe: set, and not in the future by more than a day. */
static gboolean believable(gint64 t, gint64 now)
{
	return t > 0 && t <= now + 86400;
}

static void add_sender_finding(Record *rec, const Taken *t, const char *folder_unit,
                               const Rules *rules)
{
	const Unit *folder = rules_unit(rules, folder_unit);
	g_autofree char *how = folder
		? g_strdup_printf("theo thư mục %s", folder->code)
		: g_strdup("theo nội dung văn bản");
	if (t->from_addr)
		record_add_finding(rec, "sender-unknown", SEV_WARNING, "unit",
		                   "Thư được gửi từ địa chỉ %s, không phải hộp thư của đơn vị nào trong "
		                   "danh sách; đơn vị gửi được xác định %s, đề nghị kiểm tra lại.",
		                   t->from_addr, how);
	else
		record_add_finding(rec, "sender-unknown", SEV_WARNING, "unit",
		                   "Thư không ghi rõ địa chỉ người gửi; đơn vị gửi được xác định %s, "
		                   "đề nghị kiểm tra lại.", how);
}

gboolean ingest_message(const Config *cfg, Store *st, const Rules *rules,
                        const WorkerLimits *limits, const char *sha256, const guint8 *data,
                        gsize len, const MailSource *src, MailTaken *taken, GError **error)
{
	memset(taken, 0, sizeof *taken);
	taken->id = store_find_message(st, sha256);
	if (taken->id) {
		taken->known = TRUE;
		log_msg(LOG_DEBUG, "message '%s' was taken before (message %" G_GINT64_FORMAT ")",
		        src->origin, taken->id);
		return state_only(st, src, error);
	}
	Taken t;
	taken_init(&t);
	g_assert(len <= MAILIN_MAX_BYTES);  /* a larger message comes as its header only */
	if (!take_isolated(cfg, limits, src->origin, src->archive ? src->origin : NULL,
	                   data ? data : (const guint8 *)"", data ? len : 0, &t, error)) {
		taken_clear(&t);
		return FALSE;
	}
	if (src->archive && t.refused) {
		GString *why = g_string_new(NULL);
		for (guint i = 0; i < t.notes->findings->len; i++)
			g_string_append_printf(why, "%s%s", why->len ? " " : "",
			                       ((Finding *)t.notes->findings->pdata[i])->message);
		log_msg(LOG_INFO, "'%s' is not unpacked: %s", src->origin, why->str);
		taken->refused = TRUE;
		taken->refusal = g_string_free(why, FALSE);
		taken_clear(&t);
		return TRUE;
	}
	if (src->full_size > (gint64)MAILIN_MAX_BYTES) {
		/* only its header was given: what it says, and why nothing else was taken */
		g_ptr_array_set_size(t.parts, 0);
		g_autofree char *size = g_strdup_printf("%.1f MB", src->full_size / 1048576.0);
		record_add_finding(t.notes, "mail-too-large", SEV_WARNING, NULL,
		                   "Thư có dung lượng %s, vượt quá giới hạn %u MB nên không được mở; "
		                   "đề nghị gửi các tệp trong nhiều thư nhỏ hơn.", size,
		                   MAILIN_MAX_BYTES / (1024 * 1024));
	}
	gint64 same = same_message(st, &t);
	if (same) {
		log_msg(LOG_DEBUG, "message '%s' is message %" G_GINT64_FORMAT " again (Message-ID %s)",
		        src->origin, same, t.message_id);
		taken_clear(&t);
		taken->id = same;
		taken->known = TRUE;
		return state_only(st, src, error);
	}
	const Unit *unit = src->archive ? NULL : rules_unit_by_email(rules, t.from_addr);
	const char *unit_hint = unit ? unit->code : src->folder_unit;
	gint64 now = clock_now();
	gint64 received = src->archive ? src->file_time
	                : believable(t.received, now) ? t.received
	                : src->server_time && src->file_time ? src->file_time
	                : believable(t.date, now) ? t.date : src->file_time;
	if (fault_point("message archived, not yet recorded")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
		            "cannot record '%s': no space left on device (injected fault)", src->origin);
		taken_clear(&t);
		return FALSE;
	}
	MessageRow row = {
		.sha256 = (char *)sha256, .origin = (char *)src->origin, .message_id = t.message_id,
		.sender = t.from_addr, .sender_name = t.from_name, .subject = t.subject,
		.refs = t.reply_refs, .date = t.date, .received_at = received,
		.unit = unit ? unit->code : NULL, .uidvalidity = src->uidvalidity, .uid = src->uid,
		.auto_reply = t.auto_sent, .archive = src->archive,
	};
	gboolean ok = store_begin(st, error) && store_add_message(st, &row, error) &&
	              store_set_message_findings(st, row.id, t.notes, error);
	for (guint i = 0; ok && i < t.parts->len; i++) {
		const Part *p = t.parts->pdata[i];
		g_autofree char *path = g_strconcat(src->origin, "/", p->where, NULL);
		Submission sub = {
			.sha256 = p->sha256, .file = p->name, .path = path,
			.source = (char *)(src->archive ? "folder" : "email"),
			.received_at = received, .size = p->size, .folder_unit = (char *)unit_hint,
			.state = (char *)"received", .message_id = row.id,
		};
		g_autoptr(Record) notes = record_new();
		gint64 orig = store_find_sha(st, p->sha256);
		if (orig) {
			g_autoptr(Submission) o = store_get(st, orig);
			sub.state = sub.status = (char *)"duplicate";
			sub.duplicate_of = orig;
			record_add_finding(notes, "duplicate", SEV_INFO, NULL,
			                   "Tệp trùng nội dung với tệp \"%s\" đã nhận trước đó (hồ sơ số %"
			                   G_GINT64_FORMAT "); không xử lý lại.", o ? o->file : "", orig);
		}
		if (!unit && !src->archive)
			add_sender_finding(notes, &t, src->folder_unit, rules);
		g_autofree char *detail = src->archive
			? g_strdup_printf("%s (%" G_GINT64_FORMAT " bytes, sha256 %s), unpacked from "
			                  "the archive %s", path, p->size, p->sha256, sha256)
			: g_strdup_printf("%s (%" G_GINT64_FORMAT " bytes, sha256 %s), by e-mail from %s",
			                  path, p->size, p->sha256,
			                  t.from_addr ? t.from_addr : "an unknown sender");
		ok = store_add_submission(st, &sub, error) &&
		     store_event(st, sub.id, "received", detail, error) &&
		     store_event(st, sub.id, "archived", p->sha256, error) &&
		     (!orig || store_event(st, sub.id, "duplicate", p->name, error)) &&
		     (!notes->findings->len || store_set_findings(st, sub.id, "ingest", notes, error));
		taken->parts++;
		taken->duplicates += orig != 0;
	}
	ok = ok && (!src->meta_key || store_set_meta(st, src->meta_key, src->meta_value, error)) &&
	     store_commit(st, error);
	if (!ok) {
		store_rollback(st);
		taken->parts = taken->duplicates = 0;
	} else {
		taken->id = row.id;
		log_msg(LOG_DEBUG, "took message '%s' from %s: %u attachment%s", src->origin,
		        t.from_addr ? t.from_addr : "?", taken->parts, taken->parts == 1 ? "" : "s");
	}
	taken_clear(&t);
	return ok;
}
