/*
 * process.c - one file through stages 2-5 (see process.h). The reader's error code
 * becomes the quarantine finding; its precise technical reason is kept in the message
 * after the clerk's Vietnamese sentence.
 */
#include <string.h>
#include "extract.h"
#include "process.h"
#include "read.h"

void outcome_clear(Outcome *o)
{
	g_clear_pointer(&o->rec, record_free);
	timeliness_clear(&o->tl);
}

static void quarantine(Outcome *out, const GError *err)
{
	static const struct { int code; const char *finding, *text; } map[] = {
		{ READ_ERR_EMPTY, "file-empty", "Tệp rỗng, không có nội dung" },
		{ READ_ERR_UNKNOWN, "file-unknown-type", "Không nhận dạng được loại tệp" },
		{ READ_ERR_UNSUPPORTED, "file-unsupported", "Loại tệp này chưa được hệ thống đọc" },
		{ READ_ERR_TRUNCATED, "file-truncated", "Tệp bị cắt cụt, không đầy đủ" },
		{ READ_ERR_CORRUPT, "file-corrupt", "Tệp bị hỏng" },
		{ READ_ERR_ENCRYPTED, "file-encrypted", "Tệp được đặt mật khẩu, không mở được" },
		{ READ_ERR_BOMB, "file-bomb", "Tệp vượt giới hạn kích thước an toàn khi giải nén" },
		{ READ_ERR_HOSTILE, "file-hostile", "Tệp chứa thành phần không an toàn" },
		{ READ_ERR_LIMIT, "file-limit", "Đọc tệp vượt giới hạn thời gian hoặc bộ nhớ" },
		{ READ_ERR_CRASH, "file-crash", "Bộ đọc tệp gặp sự cố" },
	};
	const char *code = "file-corrupt", *text = "Không đọc được tệp";
	for (guint i = 0; i < G_N_ELEMENTS(map); i++)
		if (err->domain == READ_ERROR && err->code == map[i].code) {
			code = map[i].finding;
			text = map[i].text;
		}
	record_add_finding(out->rec, code, SEV_ERROR, "file",
	                   "%s; tệp được cách ly, đề nghị đơn vị gửi lại bản đúng. (%s)",
	                   text, err->message);
	out->quarantined = TRUE;
}

/* What the reader could tell beyond the text: a digital signature, pages read by OCR,
 * pages it could not read fully. */
static void reading_notes(const Doc *doc, Record *rec)
{
	if (doc->signer != NULL) {
		if (*doc->signer)
			record_add_finding(rec, "pdf-signed", SEV_INFO, NULL,
			                   "Tệp PDF có chữ ký số của: %s.", doc->signer);
		else
			record_add_finding(rec, "pdf-signed", SEV_INFO, NULL, "Tệp PDF có chữ ký số.");
	}
	if (doc->pages_ocr > 0)
		record_add_finding(rec, "ocr", SEV_INFO, NULL,
		                   "Đã nhận dạng chữ (OCR) %u trên %u trang của bản quét; các giá trị "
		                   "đọc được với độ tin cậy thấp được đánh dấu để kiểm tra lại.",
		                   doc->pages_ocr, doc->pages);
	for (guint i = 0; i < doc->warnings->len; i++)
		record_add_finding(rec, "read-partial", SEV_WARNING, NULL,
		                   "Tệp chỉ đọc được một phần, đề nghị kiểm tra lại. (%s)",
		                   (const char *) doc->warnings->pdata[i]);
}

/* The companion's blocks after the document's, when it reads and holds a table. */
static const char *add_companion(Doc *doc, const Companion *comp)
{
	FileType ct = FT_UNKNOWN;
	g_autoptr(GError) err = NULL;
	g_autoptr(Doc) extra = read_document(comp->data, comp->len, comp->name, &ct, &err);
	if (!extra)
		return NULL;
	gboolean table = FALSE;
	for (guint i = 0; i < extra->body->len && !table; i++)
		table = ((DocBlock *)extra->body->pdata[i])->type == BLOCK_TABLE;
	if (!table)
		return NULL;
	for (guint i = 0; i < extra->body->len; i++)
		g_ptr_array_add(doc->body, extra->body->pdata[i]);
	g_ptr_array_set_free_func(extra->body, NULL);
	g_ptr_array_set_size(extra->body, 0);
	return file_type_name(ct);
}

void process_bytes(const guint8 *data, gsize len, const char *name, const char *folder_unit,
                   const Companion *comp, const Overrides *ov, const Forms *forms,
                   const Rules *rules, Outcome *out)
{
	memset(out, 0, sizeof *out);
	out->tl.days_late = -1;
	out->rec = record_new();
	g_autoptr(GError) err = NULL;
	FileType ft = FT_UNKNOWN;
	g_autoptr(Doc) doc = read_document(data, len, name, &ft, &err);
	out->file_type = file_type_name(ft);
	if (!doc) {
		quarantine(out, err);
		return;
	}
	if (comp)
		out->companion_type = add_companion(doc, comp);
	g_autoptr(DocView) view = docview_new(doc);
	Reading rd = {
		.doc = doc, .view = view, .forms = forms, .rules = rules, .ov = ov,
		.folder_unit = folder_unit, .type_line = -1, .rec = out->rec,
	};
	classify_document(&rd);
	extract_fields(&rd);
	reading_notes(doc, out->rec);
}

void process_finish(Outcome *out, GPtrArray *corrections, const Forms *forms,
                    const Rules *rules, gint64 received_at)
{
	correct_apply(out->rec, corrections);
	if (out->quarantined)
		return;
	const FormDef *form = NULL;
	for (guint i = 0; forms && out->rec->form && i < forms->forms->len; i++)
		if (strcmp(((FormDef *)forms->forms->pdata[i])->id, out->rec->form) == 0)
			form = forms->forms->pdata[i];
	timeliness_clear(&out->tl);
	validate_record(out->rec, form, rules, received_at, &out->tl);
}
