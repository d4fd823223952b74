/*
 * classify.c - stage 3: what a document is, whose it is and for which period.
 *
 * The title block decides the kind: an upper-case type word ("BÁO CÁO", "KẾ HOẠCH",
 * ...) near the top, preceded by the header. A "BÁO CÁO" whose title block holds every
 * recognition key of a form (e.g. "66-NQ/TW") is that form's mandated report; any other
 * document with a header or a number is an official "document"; the rest is unknown.
 * Everything above the type word is the header: the issuer is read from its upper-case
 * lines that are not the Party or State title, the number or the place-and-date line.
 * The unit comes from the inbox sub-folder, else from the issuer matched against the
 * roster; the period from the "Kỳ báo cáo" line, else from the document date.
 */
#include <string.h>
#include "common.h"
#include "extract.h"
#include "symbols.h"
#include "vntext.h"

/* Document types (keys) and how they are printed in sentence case. */
static const char *const type_keys[] = {
	"nghi quyet", "quyet dinh", "chi thi", "ket luan", "quy che", "quy dinh", "thong tri",
	"huong dan", "thong bao", "thong cao", "bao cao", "ke hoach", "chuong trinh", "de an",
	"phuong an", "du an", "to trinh", "bien ban", "cong van", "cong dien", "giay moi",
	"giay gioi thieu", "nghi dinh", "thong tu", "luat", "phap lenh", "an le", "quy hoach",
	"tuyen bo", "loi keu goi", "phu luc", NULL
};

/* The type key a line starts with, or NULL. The line must be in capitals. */
static const char *line_type(const Line *l)
{
	if (!l->upper || l->table)
		return NULL;
	for (const char *const *k = type_keys; *k; k++) {
		gsize n = strlen(*k);
		if (strncmp(l->key, *k, n) == 0 && (l->key[n] == '\0' || l->key[n] == ' '))
			return *k;
	}
	return NULL;
}

static gboolean is_title_rule(const char *key)
{
	gsize n = strspn(key, "-_.* ");
	return n >= 3 && key[n] == '\0';
}

static gboolean is_heading_title(const char *key)
{
	return strcmp(key, "dang cong san viet nam") == 0 ||
	       g_str_has_prefix(key, "cong hoa xa hoi chu nghia viet nam") ||
	       g_str_has_prefix(key, "doc lap - tu do - hanh phuc") ||
	       g_str_has_prefix(key, "doc lap-tu do-hanh phuc");
}

static gboolean is_number_line(const char *key)
{
	return g_str_has_prefix(key, "so ") || g_str_has_prefix(key, "so:") ||
	       strcmp(key, "so") == 0;
}

/* "Hải Phòng, ngày 17 tháng 10 năm 2025": place and, when filled in, the date. */
static gboolean place_date(const Line *l, char **place, GDate *date, gboolean *has_date)
{
	const char *comma = strchr(l->text, ',');
	const char *kcomma = strchr(l->key, ',');
	if (!comma || !kcomma)
		return FALSE;
	const char *after = kcomma + 1;
	while (*after == ' ')
		after++;
	if (!g_str_has_prefix(after, "ngay"))
		return FALSE;
	gsize plen = comma - l->text;
	if (plen < 2 || plen > 60)
		return FALSE;
	*place = g_strstrip(g_strndup(l->text, plen));
	int y, m, d;
	*has_date = vn_find_date(l->text, &y, &m, &d);
	if (*has_date) {
		g_date_clear(date, 1);
		g_date_set_dmy(date, d, m, y);
	}
	return TRUE;
}

/* An issuer printed in capitals, as a name is written in a sentence: "ỦY BAN NHÂN DÂN
 * THÀNH PHỐ HÀ NỘI" -> "Ủy ban nhân dân thành phố Hà Nội", the place-name as the place
 * line writes it. Text in mixed case is kept as printed. */
static char *issuer_case(const char *text, const Field *place)
{
	g_autofree char *down = g_utf8_strdown(text, -1);
	g_autofree char *up = g_utf8_strup(text, -1);
	if (strcmp(text, up) != 0 || strcmp(text, down) == 0)
		return g_strdup(text);
	char *out = vn_sentence_case(text);
	if (place && place->value && *place->value) {
		g_autofree char *pdown = g_utf8_strdown(place->value, -1);
		g_autofree char *odown = g_utf8_strdown(out, -1);
		const char *at = strstr(odown, pdown);
		gsize n = strlen(place->value);
		if (at && strlen(pdown) == n && strlen(odown) == strlen(out))
			memcpy(out + (at - odown), place->value, n);
	}
	return out;
}

/* Read the header lines [0, end): issuer, number, place, date. */
static void read_header(Reading *rd, guint end, gboolean *party, gboolean *state, GDate *date,
                        gboolean *has_date)
{
	const DocView *v = rd->view;
	Record *rec = rd->rec;
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	*has_date = FALSE;
	*party = FALSE;
	*state = FALSE;
	gboolean place_seen = FALSE;

	for (guint i = 0; i < end; i++) {
		const Line *l = docview_line(v, i);
		double conf = l->layout_id ? 0.99 : 0.95;
		if (l->table)
			continue;
		if (is_heading_title(l->key)) {
			*party |= strcmp(l->key, "dang cong san viet nam") == 0;
			*state |= strcmp(l->key, "dang cong san viet nam") != 0;
			continue;
		}
		char *place = NULL;
		gboolean hd = FALSE;
		if (!place_seen && place_date(l, &place, date, &hd)) {
			place_seen = TRUE;
			*has_date = hd;
			record_set_field(rec, "place", place, conf, "header");
			if (hd) {
				g_autofree char *iso = date_iso(date);
				record_set_field(rec, "doc_date", iso, conf, "header");
			}
			g_free(place);
			continue;
		}
		if (is_number_line(l->key)) {
			if (!record_field(rec, "doc_number")) {
				g_autofree char *n = find_doc_number(l->text);
				if (n)
					record_set_field(rec, "doc_number", n, conf, "header");
			}
			continue;
		}
		if (strcmp(l->key, "*") == 0 || is_title_rule(l->key))
			continue;
		if (l->upper && g_utf8_strlen(l->text, -1) <= 120 && !line_type(l))
			g_ptr_array_add(names, l->text);
	}

	/* Without a Party or State title, a number or a place-and-date line there is no
	 * header: capitals at the top of a page are then a heading, not an issuer. */
	if (!*party && !place_seen && !record_field(rec, "doc_number") && !*state)
		return;

	/* The issuer: the best roster match over single lines and runs of lines; else
	 * every name line but the first (the superior body) joined. */
	const Unit *best = NULL;
	double best_conf = 0;
	for (guint i = 0; i < names->len; i++) {
		GString *run = g_string_new(NULL);
		for (guint j = i; j < names->len && j < i + 3; j++) {
			if (run->len)
				g_string_append_c(run, ' ');
			g_string_append(run, names->pdata[j]);
			double c = 0;
			const Unit *u = rules_match_unit(rd->rules, run->str, &c);
			if (u && c > best_conf) {
				best = u;
				best_conf = c;
			}
		}
		g_string_free(run, TRUE);
	}
	if (best) {
		record_set_field(rec, "issuer", best->name, best_conf, "header");
		g_free(rec->unit);
		rec->unit = g_strdup(best->code);
	} else if (names->len) {
		/* the first line is the superior body, unless it is a body's kind alone that
		 * the next line completes ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HÀ NỘI") */
		g_autofree char *first = vn_key(names->pdata[0]);
		gboolean bare = !strcmp(first, "uy ban nhan dan") || !strcmp(first, "hoi dong nhan dan");
		guint from = names->len >= 2 && !bare ? 1 : 0;
		GString *s = g_string_new(NULL);
		for (guint j = from; j < names->len && j < from + 2; j++) {
			if (s->len)
				g_string_append_c(s, ' ');
			g_string_append(s, names->pdata[j]);
		}
		g_autofree char *issuer = issuer_case(s->str, record_field(rec, "place"));
		record_set_field(rec, "issuer", issuer, 0.8, "header");
		g_string_free(s, TRUE);
	}
}

/* Documents that open without the usual header, in the forms official texts take:
 *  - an annex, "Phụ lục I" then its title and "(Kèm theo Nghị định số 30/2020/NĐ-CP
 *    ngày 05 tháng 3 năm 2020 của Chính phủ)": the number, date and issuer are those of
 *    the document it belongs to;
 *  - a title that cites itself, "Án lệ số 21/2018/AL về ...", with "Được <body> thông
 *    qua ngày ..." below it;
 *  - a letter whose head was cut off, starting at "Kính gửi:" / "gửi:".
 * Fields already read from a real header are kept. */
static void read_headless(Reading *rd)
{
	const DocView *v = rd->view;
	Record *rec = rd->rec;
	const Line *first = docview_line(v, 0);
	if (!first)
		return;
	static GRegex *attached, *cited, *adopted;
	if (g_once_init_enter(&attached)) {
		g_once_init_leave(&cited, g_regex_new(
			"^(\\S+(?:\\s+\\S+)?)\\s+số\\s+(\\d[\\w./-]*[/-][\\w./-]*)\\s*(.*)$",
			G_REGEX_CASELESS, 0, NULL));
		g_once_init_leave(&adopted, g_regex_new(
			"^Được\\s+(.+?)\\s+(?:thông qua|ban hành|ký)\\s+ngày",
			0, 0, NULL));
		g_once_init_leave(&attached, g_regex_new(
			"^\\(?\\s*(?:Ban hành\\s+)?[Kk]èm theo\\s+(.+?)\\s+số\\s+(\\S+?),?\\s+ngày.*?"
			"\\s+của\\s+(.+?)\\s*\\)?\\s*$", 0, 0, NULL));
	}
	if (g_str_has_prefix(first->key, "phu luc")) {
		record_set_field(rec, "doc_type", "Phụ lục", 0.9, "title");
		GString *title = g_string_new(NULL);
		for (guint i = 1; i < v->lines->len && i < 12; i++) {
			const Line *l = docview_line(v, i);
			/* the annex may span lines: "(Kèm theo Nghị định số ..." / "ngày ... )" */
			g_autofree char *joined = i + 1 < v->lines->len && !strchr(l->text, ')')
				? g_strconcat(l->text, " ", docview_line(v, i + 1)->text, NULL)
				: g_strdup(l->text);
			g_autoptr(GMatchInfo) m = NULL;
			if (g_regex_match(attached, joined, 0, &m)) {
				g_autofree char *num = g_match_info_fetch(m, 2);
				g_autofree char *issuer = g_match_info_fetch(m, 3);
				g_autofree char *n = find_doc_number(num);
				record_set_field(rec, "doc_number", n ? n : num, 0.85, "annex line");
				record_set_field(rec, "issuer", issuer, 0.85, "annex line");
				int y, mo, d;
				if (vn_find_date(joined, &y, &mo, &d)) {
					g_autofree char *iso = g_strdup_printf("%04d-%02d-%02d", y, mo, d);
					record_set_field(rec, "doc_date", iso, 0.85, "annex line");
				}
				break;
			}
			if (l->upper)
				g_string_append_printf(title, "%s%s", title->len ? " " : "", l->text);
		}
		if (title->len)
			record_set_field(rec, "title", title->str, 0.85, "title");
		g_string_free(title, TRUE);
		return;
	}
	g_autoptr(GMatchInfo) m = NULL;
	if (g_regex_match(cited, first->text, 0, &m)) {
		g_autofree char *type = g_match_info_fetch(m, 1);
		g_autofree char *tkey = vn_key(type);
		if (g_strv_contains(type_keys, tkey)) {
			g_autofree char *num = g_match_info_fetch(m, 2);
			g_autofree char *rest = g_match_info_fetch(m, 3);
			g_autofree char *dt = vn_sentence_case(type);
			record_set_field(rec, "doc_type", dt, 0.9, "title");
			record_set_field(rec, "doc_number", num, 0.9, "title");
			if (*rest)
				record_set_field(rec, "title", rest, 0.9, "title");
			for (guint i = 1; i < v->lines->len && i < 4; i++) {
				const Line *l = docview_line(v, i);
				g_autoptr(GMatchInfo) a = NULL;
				int y, mo, d;
				if (!g_regex_match(adopted, l->text, 0, &a))
					continue;
				g_autofree char *by = g_match_info_fetch(a, 1);
				record_set_field(rec, "issuer", by, 0.85, "adoption line");
				if (vn_find_date(l->text, &y, &mo, &d)) {
					g_autofree char *iso = g_strdup_printf("%04d-%02d-%02d", y, mo, d);
					record_set_field(rec, "doc_date", iso, 0.85, "adoption line");
				}
				break;
			}
			return;
		}
	}
	if (g_str_has_prefix(first->key, "kinh gui") || g_str_has_prefix(first->key, "gui:")) {
		record_set_field(rec, "doc_type", "Công văn", 0.6, "salutation");
		record_add_finding(rec, "header-missing", SEV_WARNING, NULL,
		                   "Văn bản không có phần đầu (cơ quan ban hành, số và ký hiệu, ngày "
		                   "ban hành); có thể là bản dự thảo hoặc bản bị cắt mất trang đầu.");
	}
}

/* A công văn has no type line: its header says what it is about under the number,
 * "V/v tham gia ý kiến ..." (về việc). The subject after "V/v" in the first `upto`
 * lines, up to the end of its cell; NULL when there is none. */
static char *subject_line(const DocView *v, guint upto)
{
	for (guint i = 0; i < v->lines->len && i < upto; i++) {
		const char *t = docview_line(v, i)->text;
		for (const char *p = t; (p = strstr(p, "/")) != NULL; p++) {
			if (p == t || p - t < 1 || (p[-1] != 'V' && p[-1] != 'v') ||
			    (p[1] != 'v' && p[1] != 'V') || (p - 1 > t && !g_ascii_isspace(p[-2])))
				continue;
			const char *s = p + 2;
			s += strspn(s, " :.");
			gsize n = strcspn(s, "\t");
			g_autofree char *subject = g_strstrip(g_strndup(s, n));
			if (g_utf8_strlen(subject, -1) >= 4)
				return g_steal_pointer(&subject);
		}
	}
	return NULL;
}

/* The first line with a type word within the first lines; -1 when none. */
static int find_type_line(const DocView *v)
{
	for (guint i = 0; i < v->lines->len && i < 60; i++)
		if (line_type(docview_line(v, i)))
			return (int)i;
	return -1;
}

/* Lines of the title block after the type line: the summary, up to the rule "-----",
 * a "Kính gửi" or "Căn cứ" line, a section heading, or six lines. */
static guint title_end(const DocView *v, guint from)
{
	guint i = from;
	gboolean sentence_case = FALSE;
	for (; i < v->lines->len && i < from + 8; i++) {
		const Line *l = docview_line(v, i);
		if (is_title_rule(l->key))
			return i + 1;
		/* a heading in capitals after the summary's sentence case: the rule under the
		 * title was lost (a scan) or never drawn */
		if (sentence_case && l->upper && !l->table)
			return i;
		sentence_case = sentence_case || !l->upper;
		/* a body paragraph starts with a capital ("Thực hiện ..."); a summary line of
		 * the title does not ("thực hiện Nghị quyết ...") */
		const char *text = l->text, *key = l->key;
		if ((text[0] == '-' || text[0] == '+') && text[1] == ' ') {
			text += 2; /* a bulleted "- Căn cứ ..." */
			key += strspn(key, "-+ ");
		}
		gboolean capital = g_unichar_isupper(g_utf8_get_char(text));
		if (l->table || g_str_has_prefix(key, "kinh gui") ||
		    (capital && (g_str_has_prefix(key, "can cu") ||
		                 g_str_has_prefix(key, "thuc hien "))) ||
		    g_regex_match_simple("^(i|ii|iii|iv|v|1)[.)] ", l->key, 0, 0) ||
		    (l->conf < 1.0 && g_regex_match_simple("^[ivxlh|]{1,4}[.):] ", l->key, 0, 0)))
			return i;  /* "I. ...", which OCR also reads "l. ...", "Il. ..." */
	}
	return i;
}

static gboolean is_period_label(const Forms *forms, const char *key)
{
	for (guint i = 0; forms && i < forms->forms->len; i++)
		if (g_str_has_prefix(key, ((FormDef *)forms->forms->pdata[i])->period_label_key))
			return TRUE;
	return FALSE;
}

static gboolean form_matches(const FormDef *f, const char *type_key, const char *title_key)
{
	if (strcmp(type_key, f->type_key) != 0)
		return FALSE;
	for (char **k = f->recognise_keys; *k; k++)
		if (!strstr(title_key, *k))
			return FALSE;
	return TRUE;
}

void classify_document(Reading *rd)
{
	const DocView *v = rd->view;
	Record *rec = rd->rec;
	int t = find_type_line(v);
	guint header_end = t >= 0 ? (guint)t : MIN(v->lines->len, 12u);
	gboolean party = FALSE, state = FALSE, has_date = FALSE;
	GDate date;
	g_date_clear(&date, 1);
	read_header(rd, header_end, &party, &state, &date, &has_date);
	if (t < 0) {
		g_autofree char *subject = subject_line(v, header_end);
		if (subject) {
			record_set_field(rec, "doc_type", "Công văn", 0.8, "V/v line");
			record_set_field(rec, "title", subject, 0.8, "V/v line");
		} else {
			read_headless(rd);
		}
	}
	rd->type_line = t;
	rd->body_start = header_end;

	g_autofree char *period_text = NULL;
	if (t >= 0) {
		const Line *tl = docview_line(v, t);
		const char *tk = line_type(tl);
		guint end = title_end(v, t + 1);
		rd->body_start = end;
		GString *title = g_string_new(NULL), *tkey = g_string_new(tl->key);
		/* words of the type line after the type itself belong to the title */
		guint type_words = 1;
		for (const char *c = tk; *c; c++)
			type_words += *c == ' ';
		g_auto(GStrv) words = g_strsplit(tl->text, " ", -1);
		if (g_strv_length(words) > type_words)
			g_string_append(title, tl->text + (strlen(tl->text) -
			                strlen(strstr(tl->text, words[type_words]))));
		for (guint i = t + 1; i < end; i++) {
			const Line *l = docview_line(v, i);
			g_string_append_printf(tkey, " %s", l->key);
			if (is_title_rule(l->key))
				continue;
			if (is_period_label(rd->forms, l->key)) {
				const char *colon = strchr(l->text, ':');
				period_text = g_strdup(colon ? colon + 1 : l->text);
				continue;
			}
			if (title->len)
				g_string_append_c(title, ' ');
			g_string_append(title, l->text);
		}
		/* the type word as printed, in sentence case */
		g_autoptr(GString) type = g_string_new(NULL);
		for (guint w = 0; w < type_words && words[w]; w++)
			g_string_append_printf(type, "%s%s", w ? " " : "", words[w]);
		g_autofree char *doc_type = vn_sentence_case(type->str);
		record_set_field(rec, "doc_type", doc_type, 0.95, "title");
		if (title->len)
			record_set_field(rec, "title", title->str, 0.9, "title");
		for (guint i = 0; rd->forms && i < rd->forms->forms->len; i++) {
			const FormDef *f = rd->forms->forms->pdata[i];
			if (form_matches(f, tk, tkey->str)) {
				rd->form = f;
				break;
			}
		}
		g_string_free(title, TRUE);
		g_string_free(tkey, TRUE);
	}

	/* a clerk's "assign --form" decides the form whatever the title says */
	if (rd->ov && rd->ov->form) {
		for (guint i = 0; rd->forms && i < rd->forms->forms->len; i++)
			if (strcmp(((FormDef *)rd->forms->forms->pdata[i])->id, rd->ov->form) == 0)
				rd->form = rd->forms->forms->pdata[i];
		if (rd->form && rd->type_line < 0)
			rd->body_start = 0;
	}
	/* a workbook with the form's indicator table, sent without its cover letter (or not
	 * paired with it, pair.h): the indicator part of a report */
	gboolean sheet = !rd->form && rd->doc->format &&
	                 (!strcmp(rd->doc->format, "xlsx") || !strcmp(rd->doc->format, "ods"));
	if (sheet && (rd->form = extract_table_form(rd)) != NULL) {
		rd->body_start = 0;
		record_add_finding(rec, "workbook-alone", SEV_WARNING, NULL,
		                   "Tệp bảng tính này chỉ có bảng số liệu các chỉ số, không kèm báo cáo; "
		                   "hệ thống đã đọc các chỉ số và ghi nhận như một báo cáo chưa đầy đủ. "
		                   "Đề nghị đơn vị gửi báo cáo kèm theo bảng số liệu này.");
	}
	if (rd->form) {
		rec->kind = g_strdup("report");
		rec->form = g_strdup(rd->form->id);
		record_set_field(rec, "doc_type", NULL, 0, NULL);
		record_set_field(rec, "title", NULL, 0, NULL);
	} else if (t >= 0 || record_field(rec, "doc_number") || record_field(rec, "doc_type")) {
		rec->kind = g_strdup("document");
	} else {
		rec->kind = g_strdup("unknown");
	}

	/* unit: the clerk's word, else the folder; the header confirms it, or conflicts */
	const Unit *folder = rules_unit(rd->rules, rd->ov && rd->ov->unit ? rd->ov->unit
	                                                                  : rd->folder_unit);
	if (folder) {
		if (rec->unit && strcmp(rec->unit, folder->code) != 0 && rd->form)
			record_add_finding(rec, "unit-conflict", SEV_WARNING, "unit",
			                   "Báo cáo nằm trong thư mục của %s nhưng phần đầu văn bản ghi "
			                   "đơn vị ban hành là %s; hệ thống tạm ghi nhận theo thư mục, "
			                   "đề nghị kiểm tra lại.", folder->name,
			                   rules_unit(rd->rules, rec->unit)->name);
		if (!rec->unit || rd->form) {
			g_free(rec->unit);
			rec->unit = g_strdup(folder->code);
		}
		if (!record_field(rec, "issuer") && rd->form)
			record_set_field(rec, "issuer", folder->name, 0.7, "inbox folder");
	}
	if (!rd->form)
		return;
	if (!rec->unit)
		record_add_finding(rec, "unit-unknown", SEV_ERROR, "unit",
		                   "Không xác định được đơn vị gửi báo cáo (không có trong danh sách "
		                   "đơn vị hoặc phần đầu văn bản không ghi rõ).");

	/* period: the clerk's word, the "Kỳ báo cáo" line, else the document date */
	if (rd->ov && rd->ov->period)
		rec->period = g_strdup(rd->ov->period);
	else if (period_text)
		rec->period = vn_parse_period(period_text);
	if (rec->period) {
		record_set_field(rec, "period", rec->period, 0.99, "title");
	} else if (has_date) {
		rec->period = g_strdup_printf("%04d-%02d", g_date_get_year(&date), g_date_get_month(&date));
		record_set_field(rec, "period", rec->period, 0.6, "document date");
		g_autofree char *desc = period_describe(rec->period);
		record_add_finding(rec, "period-from-date", SEV_WARNING, "period",
		                   "Không tìm thấy dòng \"Kỳ báo cáo\"; kỳ báo cáo được xác định theo "
		                   "ngày ban hành văn bản là %s, đề nghị kiểm tra lại.", desc);
	} else {
		record_add_finding(rec, "period-unknown", SEV_ERROR, "period",
		                   "Không xác định được kỳ báo cáo (thiếu dòng \"Kỳ báo cáo\" và "
		                   "ngày ban hành).");
	}
}
