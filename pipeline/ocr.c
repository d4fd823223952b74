/*
 * ocr.c - Leptonica page clean-up and Tesseract recognition (see ocr.h).
 *
 * One page goes: grey (8 bpp) -> scaled to about 300 dpi when it has less, or down to the
 * pixel cap -> background levelled (stains, grey paper, uneven light) -> binarised ->
 * turned upright (Leptonica's text-orientation test, which needs a 1-bpp page) ->
 * deskewed -> long horizontal and vertical strokes (table rules, borders) taken out and
 * the horizontal ones kept as row separators -> Tesseract `vie`, automatic page
 * segmentation, with a deadline. Words come back with their boxes and confidences; the
 * layout is rebuilt by layout.c, not taken from Tesseract's blocks, so text layers and
 * scans are read by the same rules.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include "common.h"
#include "ocr.h"
#include "photo.h"
#include "vntext.h"
#include "read.h"

#define RULE_INCHES 0.40f   /* a stroke this long is a rule, not a letter */

typedef struct {
	GPtrArray *pixes;
	const int *dpi;
	guint page_seconds;
	gint next;              /* atomic: next page to take */
	LayoutPage **pages;
	char **warnings;
	gboolean init_failed;
} Job;

static void quiet_leptonica(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		setMsgSeverity(L_SEVERITY_NONE);
		g_once_init_leave(&once, 1);
	}
}

/* Tesseract keeps some settings (debug_file among them) in globals that Init and
 * SetVariable write: two threads starting their Tesseract at once race on them. Starting
 * one goes under this lock. */
static GMutex init_lock;

static TessBaseAPI *tess_new(void)
{
	g_mutex_lock(&init_lock);
	TessBaseAPI *api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, "vie") != 0) {
		TessBaseAPIDelete(api);
		g_mutex_unlock(&init_lock);
		return NULL;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	/* letters Vietnamese never uses, which the `vie` model still produces */
	TessBaseAPISetVariable(api, "tessedit_char_blacklist", "öïäëüčřšžßœæåøñçÿ|¦©®¬");
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	g_mutex_unlock(&init_lock);
	return api;
}

/* Tesseracts loaded once and kept for the next pages of the process: loading `vie`
 * takes most of a second, one Tesseract at a time (init_lock), which a reader of several
 * scans, and the second core, would otherwise pay again and again. Under init_lock. */
static GPtrArray *idle;

static TessBaseAPI *tess_take(void)
{
	g_mutex_lock(&init_lock);
	TessBaseAPI *api = idle && idle->len ? g_ptr_array_steal_index(idle, idle->len - 1) : NULL;
	g_mutex_unlock(&init_lock);
	return api ? api : tess_new();
}

static void tess_give(TessBaseAPI *api)
{
	g_mutex_lock(&init_lock);
	if (idle == NULL)
		idle = g_ptr_array_new();
	g_ptr_array_add(idle, api);
	g_mutex_unlock(&init_lock);
}

gboolean ocr_available(void)
{
	TessBaseAPI *api = tess_take();
	if (api == NULL)
		return FALSE;
	tess_give(api);
	return TRUE;
}

/* Resolution of a page whose file does not say: assume the page is A4. */
static int guess_dpi(const PIX *pix)
{
	int w = pixGetWidth(pix), h = pixGetHeight(pix);
	int dpi = (int) (MAX(w, h) / 11.69f + 0.5f);
	return CLAMP(dpi, 70, 600);
}

/* The 8-bpp page at a resolution Tesseract reads well and within the pixel cap. */
static PIX *prepare_grey(PIX *src, int *dpi)
{
	PIX *g = pixConvertTo8(src, FALSE);
	if (g == NULL)
		return NULL;
	float w = (float) pixGetWidth(g), h = (float) pixGetHeight(g);
	float scale = 1.0f;
	if (*dpi > 0 && *dpi < 250)
		scale = (float) OCR_DPI / (float) *dpi;
	if (w * h * scale * scale > (float) OCR_MAX_PIXELS)
		scale = sqrtf((float) OCR_MAX_PIXELS / (w * h));
	if (scale < 0.98f || scale > 1.02f) {
		PIX *s = scale > 1 ? pixScaleGrayLI(g, scale, scale) : pixScale(g, scale, scale);
		pixDestroy(&g);
		if (s == NULL)
			return NULL;
		g = s;
		*dpi = (int) ((float) *dpi * scale + 0.5f);
	}
	return g;
}

/* The recogniser writes Icelandic eth (Ð ð, U+00D0/U+00F0) for Vietnamese đ (U+0110
 * U+0111): same two bytes long in UTF-8, replaced in place. */
static void vietnamese_letters(char *s)
{
	for (char *p = s; p && p[0] && p[1]; p++) {
		if ((guchar) p[0] == 0xC3 && (guchar) p[1] == 0x90) {
			p[0] = (char) 0xC4;
			p[1] = (char) 0x90;
		} else if ((guchar) p[0] == 0xC3 && (guchar) p[1] == 0xB0) {
			p[0] = (char) 0xC4;
			p[1] = (char) 0x91;
		}
	}
}

/* Tesseract's `vie` model confuses the tone marks: the hook above with the acute ("phố
 * biến" for "phổ biến", "kiếm tra" for "kiểm tra"), a mark added or lost ("chỉ bộ" for
 * "chi bộ", "Đê nghị" for "Đề nghị"; DOMAIN.md section 5). Pairs of words that official
 * documents use all the time are put right when OCR gave them with other tone marks on
 * the same letters, and only as pairs: "bố" alone is a word, "bố sung" is not. Two
 * phrases of the list that differ only by their tones would make a pair ambiguous; it
 * is then left as read. */
static const char *const common_pairs[] = {
	"phổ biến", "bổ sung", "cụ thể", "kiểm tra", "sửa đổi", "đổi mới", "chuyển đổi",
	"tổ chức", "tổng hợp", "thể chế", "thủ tục", "cổng thông", "đảng viên", "bảo đảm",
	"đảm bảo", "kiểm sát", "thẩm quyền", "bổ nhiệm", "chủ động", "chủ trì", "đẩy mạnh",
	"cải cách", "triển khai", "kỷ luật", "thể hiện", "Đảng ủy", "đảng ủy", "Thành ủy",
	"quản lý", "tổng kết", "thủ trưởng", "hỗ trợ", "phổ cập", "bổ trợ", "cải thiện",
	"thể thao", "thể dục", "tổ dân", "kể từ", "hiểu biết", "kiểm điểm", "điểm mới",
	"giảm thiểu", "tối thiểu", "tiểu ban", "cơ sở", "chuyển số", "Ủy ban", "ủy ban",
	"chi bộ", "Chi bộ", "đề nghị", "Đề nghị", "đề xuất", "Đề xuất", "nghị quyết",
	"Nghị quyết", "chính trị", "Chính trị", "thực hiện", "tuyên truyền", "quán triệt",
	"văn bản", "pháp luật", "cán bộ", "hồ sơ", "số hóa", "ban hành", "lãnh đạo",
	"chỉ đạo", "trực thuộc", "hướng dẫn", "kế hoạch", "Hoàn thành", "hoàn thành",
	"nhiệm vụ", "giám sát", "kiến nghị", "Kiến nghị", "khó khăn", "vướng mắc",
	"nguyên nhân", "Nguyên nhân", "bồi dưỡng", "tập huấn", "kiến thức", "phối hợp",
	"đơn vị", "cơ quan", "công tác", "xây dựng", "thi hành", "hạn chế", "đồng bộ",
	"công nghệ", "thông tin", "hạ tầng", "Kinh phí", "kinh phí", "biên chế", "pháp chế",
	"Thường vụ", "thường vụ", "Bí thư", "báo cáo", "Báo cáo", "đảng viên", "chỉ số",
	"hội nghị", "phần mềm", "sử dụng", "ứng dụng", "nhân dân", "Nhân dân", "Sở Tư",
	"Tư pháp", "tư pháp", "Kiểm tra", "nội dung", "chủ trương", "chính sách",
	"phát hiện", "vi phạm", "rà soát", "thành thạo", "phụ trách", "kiêm nhiệm",
	"thống nhất", "mẫu biểu", "định kỳ", "thường xuyên", "liên tục", "trực tuyến",
	"trực tiếp", "đại chúng", "điện tử", "nội bộ", "nguồn lực", "tài chính",
	"huy động", "phân bổ", "giải pháp", "cơ chế", "nhà nước", "Nhà nước", "sáng tạo",
	"khuyến khích", "đào tạo", "cập nhật", "tăng cường", "Tăng cường", "Đổi mới",
	"nghiên cứu", "tham mưu", "toàn diện", "kỷ nguyên", "Bộ Chính", "Việt Nam",
	"Cộng sản", "CỘNG SẢN", "Đang thực", "đầu năm", "Lũy kế", "lũy kế", NULL
};

static GHashTable *pair_table(void)
{
	static GHashTable *by_key;   /* toneless pair -> the pair, or "" when ambiguous */
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (const char *const *p = common_pairs; *p; p++) {
			char *k = vn_toneless(*p);
			const char *had = g_hash_table_lookup(t, k);
			g_hash_table_replace(t, k, (gpointer) (had && strcmp(had, *p) ? "" : *p));
		}
		by_key = t;
		g_once_init_leave(&once, 1);
	}
	return by_key;
}

/* Put right the pairs of common_pairs that OCR gave with other tones, in a page's words
 * (consecutive words on one line); punctuation around the pair stays. */
static void fix_common_pairs(LayoutPage *lp)
{
	GHashTable *by_key = pair_table();
	static const char punct[] = ".,;:!?)\"";
	for (guint i = 0; i + 1 < lp->words->len; i++) {
		LayoutWord *a = &g_array_index(lp->words, LayoutWord, i);
		LayoutWord *b = &g_array_index(lp->words, LayoutWord, i + 1);
		if (b->x0 < a->x1 || b->y0 > a->y1 || b->y1 < a->y0)
			continue; /* not the next word on the same line */
		gsize lead = strspn(a->text, "(\"");
		gsize bn = strlen(b->text);
		while (bn > 1 && strchr(punct, b->text[bn - 1]))
			bn--;
		g_autofree char *pair = g_strdup_printf("%s %.*s", a->text + lead, (int) bn, b->text);
		g_autofree char *key = vn_toneless(pair);
		const char *right = key ? g_hash_table_lookup(by_key, key) : NULL;
		if (right == NULL || *right == '\0' || strcmp(right, pair) == 0)
			continue;
		const char *sp = strchr(right, ' ');
		char *na = g_strdup_printf("%.*s%.*s", (int) lead, a->text, (int) (sp - right), right);
		char *nb = g_strconcat(sp + 1, b->text + bn, NULL);
		g_free(a->text);
		g_free(b->text);
		a->text = na;
		b->text = nb;
	}
}

typedef struct {
	int x0, x1, y;
} HRule;

/* Horizontal rules of a 1-bpp page: the y of each long horizontal stroke, into lp, and
 * with their extent into hr. */
static void find_rules(PIX *hlines, LayoutPage *lp, GArray *hr, int min_len)
{
	BOXA *boxes = pixConnCompBB(hlines, 8);
	if (boxes == NULL)
		return;
	for (int i = 0; i < boxaGetCount(boxes); i++) {
		int x, y, w, h;
		if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) == 0 && w >= 2 * min_len) {
			float yc = (float) y + (float) h / 2;
			g_array_append_val(lp->rules, yc);
			HRule r = { x, x + w, y + h / 2 };
			g_array_append_val(hr, r);
		}
	}
	boxaDestroy(&boxes);
}

static int cmp_hrule(const void *a, const void *b)
{
	return ((const HRule *) a)->y - ((const HRule *) b)->y;
}

static int cmp_vrule(const void *a, const void *b)
{
	float x = ((const LayoutRule *) a)->x, y = ((const LayoutRule *) b)->x;
	return (x > y) - (x < y);
}

/* Has the cell a word worth keeping (a letter or digit, read with some confidence)?
 * If not, the doubtful words in it are dropped, to be read again. */
static gboolean cell_read_well(LayoutPage *lp, int x0, int y0, int x1, int y1)
{
	gboolean good = FALSE;
	for (guint i = 0; i < lp->words->len && !good; i++) {
		const LayoutWord *w = &g_array_index(lp->words, LayoutWord, i);
		float cx = (w->x0 + w->x1) / 2, cy = (w->y0 + w->y1) / 2;
		if (cx <= x0 || cx >= x1 || cy <= y0 || cy >= y1 || w->conf < 0.5f)
			continue;
		for (const char *p = w->text; *p && !good; p = g_utf8_next_char(p))
			good = g_unichar_isalnum(g_utf8_get_char(p));
	}
	if (good)
		return TRUE;
	for (guint i = lp->words->len; i-- > 0;) {
		LayoutWord *w = &g_array_index(lp->words, LayoutWord, i);
		float cx = (w->x0 + w->x1) / 2, cy = (w->y0 + w->y1) / 2;
		if (cx > x0 && cx < x1 && cy > y0 && cy < y1) {
			g_free(w->text);
			g_array_remove_index(lp->words, i);
		}
	}
	return FALSE;
}

/* Recognise what Tesseract's current image holds in the rectangle as one line of text,
 * adding its words to lp. */
static void read_rect(TessBaseAPI *api, LayoutPage *lp, int x, int y, int w, int h)
{
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetRectangle(api, x, y, w, h);
	if (TessBaseAPIRecognize(api, NULL) == 0) {
		TessResultIterator *it = TessBaseAPIGetIterator(api);
		if (it != NULL) {
			const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
			do {
				char *txt = TessResultIteratorGetUTF8Text(it, RIL_WORD);
				int l, t, r, b;
				if (txt != NULL && g_utf8_validate(txt, -1, NULL) &&
				    TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)) {
					g_autofree char *nfc = g_utf8_normalize(txt, -1, G_NORMALIZE_NFC);
					vietnamese_letters(nfc);
					float conf = TessResultIteratorConfidence(it, RIL_WORD) / 100.0f;
					layout_page_add(lp, nfc, (float) l, (float) t, (float) r, (float) b, conf,
					                FALSE);
				}
				TessDeleteText(txt);
			} while (TessResultIteratorNext(it, RIL_WORD));
			TessResultIteratorDelete(it);
		}
	}
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
}

/* The words whose centres lie in the rectangle, their texts joined and their lowest
 * confidence; FALSE when there is none. */
static gboolean cell_words(const LayoutPage *lp, int x0, int y0, int x1, int y1, GString *text,
                           float *conf)
{
	*conf = 1;
	g_string_truncate(text, 0);
	for (guint i = 0; i < lp->words->len; i++) {
		const LayoutWord *w = &g_array_index(lp->words, LayoutWord, i);
		float cx = (w->x0 + w->x1) / 2, cy = (w->y0 + w->y1) / 2;
		if (cx <= x0 || cx >= x1 || cy <= y0 || cy >= y1)
			continue;
		g_string_append(text, w->text);
		*conf = MIN(*conf, w->conf);
	}
	return text->len > 0;
}

/* Does a cell's reading look like a number read badly: digits with letters that look
 * like digits ("1O7", "5l"), or a letter or two alone that digits look like ("H" for 11,
 * "Đ" for 5)? Digits alone are left as read, however unsure: read again, they come out
 * other digits as often as right, and a low confidence already asks for review. */
static gboolean doubtful_number(const char *text)
{
	static const char digitish[] = "OoIil|HSsBZzgqDT";
	gsize digits = 0, alike = 0, chars = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		chars++;
		if (g_ascii_isdigit(c))
			digits++;
		else if ((c < 0x80 && strchr(digitish, (int) c)) || c == 0x110 || c == 0x111)
			alike++;
		else if (c >= 0x80 || !strchr(".,-_'", (int) c))
			return FALSE;  /* a letter no digit looks like: a word */
	}
	return chars <= 14 && alike > 0 && (digits > 0 || (alike <= 2 && chars <= 3));
}

/* Read the rectangle again as a number (digits, separators and a minus only), and
 * keep that reading, with its own confidence, in place of the cell's words (old_conf is
 * theirs, for the debugging line). */
static void reread_number(TessBaseAPI *api, LayoutPage *lp, int x, int y, int w, int h,
                          float old_conf)
{
	g_autofree char *txt = NULL;
	float conf = 0;
	int l = 0, t = 0, r = 0, b = 0;
	/* around the ink the page's reading found, as one word: a lone digit in a wide cell
	 * read as a line comes out as nothing */
	float bx0 = G_MAXFLOAT, by0 = G_MAXFLOAT, bx1 = 0, by1 = 0;
	for (guint i = 0; i < lp->words->len; i++) {
		const LayoutWord *wd = &g_array_index(lp->words, LayoutWord, i);
		float cx = (wd->x0 + wd->x1) / 2, cy = (wd->y0 + wd->y1) / 2;
		if (cx > x && cx < x + w && cy > y && cy < y + h) {
			bx0 = MIN(bx0, wd->x0), by0 = MIN(by0, wd->y0);
			bx1 = MAX(bx1, wd->x1), by1 = MAX(by1, wd->y1);
		}
	}
	if (bx1 > bx0) {
		float m = (by1 - by0) / 2;
		int nx = MAX(x, (int) (bx0 - m)), ny = MAX(y, (int) (by0 - m / 2));
		w = MIN(x + w, (int) (bx1 + m)) - nx, h = MIN(y + h, (int) (by1 + m / 2)) - ny;
		x = nx, y = ny;
	}
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789.,-");
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_WORD);
	TessBaseAPISetRectangle(api, x, y, w, h);
	if (w > 0 && h > 0 && TessBaseAPIRecognize(api, NULL) == 0) {
		TessResultIterator *it = TessBaseAPIGetIterator(api);
		if (it != NULL) {
			const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
			char *one = TessResultIteratorGetUTF8Text(it, RIL_TEXTLINE);
			if (one != NULL && TessPageIteratorBoundingBox(pit, RIL_TEXTLINE, &l, &t, &r, &b)) {
				txt = g_strstrip(g_strdup(one));
				conf = TessResultIteratorConfidence(it, RIL_TEXTLINE) / 100.0f;
			}
			TessDeleteText(one);
			TessResultIteratorDelete(it);
		}
	}
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
		fprintf(stderr, "ocr: cell at %d,%d read again as a number: \"%s\" (%.2f, before %.2f)\n",
		        x, y, txt ? txt : "", conf, old_conf);
	/* the page's reading was no number at all: this one, however unsure (its confidence
	 * asks for review), is better than a value missing */
	if (txt == NULL || *txt == '\0' || strchr(txt, ' ') || !g_ascii_isdigit(txt[strspn(txt, "-")]))
		return;
	for (guint i = lp->words->len; i-- > 0;) {
		LayoutWord *wd = &g_array_index(lp->words, LayoutWord, i);
		float cx = (wd->x0 + wd->x1) / 2, cy = (wd->y0 + wd->y1) / 2;
		if (cx > x && cx < x + w && cy > y && cy < y + h) {
			g_free(wd->text);
			g_array_remove_index(lp->words, i);
		}
	}
	layout_page_add(lp, txt, (float) l, (float) t, (float) r, (float) b, conf, FALSE);
}

/* Cells of a ruled table that the page's recognition left empty, or filled only with
 * doubtful marks, though they hold ink: page segmentation drops short numbers alone in
 * narrow cells, the very values a report is for. Each such cell is read again alone, as
 * one line. */
static void reread_empty_cells(TessBaseAPI *api, PIX *bin, LayoutPage *lp, GArray *hr, int dpi)
{
	if (hr->len < 2 || lp->vrules->len < 2)
		return;
	g_array_sort(hr, cmp_hrule);
	g_autoptr(GArray) vr = g_array_copy(lp->vrules);
	g_array_sort(vr, cmp_vrule);
	int tol = MAX(dpi / 30, 4), inset = MAX(dpi / 75, 3);
	guint budget = 200; /* cells per page */
	g_autoptr(GString) cell = g_string_new(NULL);
	for (guint j = 0; j + 1 < hr->len && budget; j++) {
		const HRule *top = &g_array_index(hr, HRule, j), *bot = &g_array_index(hr, HRule, j + 1);
		if (bot->y - top->y < dpi / 10 || bot->y - top->y > dpi)
			continue; /* not one row of text */
		float last_x = -1;
		for (guint i = 0; i < vr->len && budget; i++) {
			const LayoutRule *l = &g_array_index(vr, LayoutRule, i);
			if (l->y0 > top->y + tol || l->y1 < bot->y - tol)
				continue;
			if (last_x >= 0 && l->x - last_x > dpi / 8 && last_x >= top->x0 - tol &&
			    l->x <= top->x1 + tol) {
				int x0 = (int) last_x + inset, x1 = (int) l->x - inset;
				int y0 = top->y + inset, y1 = bot->y - inset;
				float conf;
				if (cell_words(lp, x0, y0, x1, y1, cell, &conf) &&
				    doubtful_number(cell->str)) {
					reread_number(api, lp, x0, y0, x1 - x0, y1 - y0, conf);
					budget--;
				} else if (!cell_read_well(lp, x0, y0, x1, y1)) {
					BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
					l_int32 ink = 0;
					pixCountPixelsInRect(bin, box, &ink, NULL);
					boxDestroy(&box);
					if (ink > (dpi * dpi) / 3000) {
						read_rect(api, lp, x0, y0, x1 - x0, y1 - y0);
						budget--;
					}
				}
			}
			last_x = l->x;
		}
	}
}

/* Vertical rules of a 1-bpp page: where each long vertical stroke stands. */
static void find_vrules(PIX *vlines, LayoutPage *lp, int min_len)
{
	BOXA *boxes = pixConnCompBB(vlines, 8);
	if (boxes == NULL)
		return;
	for (int i = 0; i < boxaGetCount(boxes); i++) {
		int x, y, w, h;
		if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) == 0 && h >= min_len) {
			LayoutRule r = { (float) x + (float) w / 2, (float) y, (float) (y + h) };
			g_array_append_val(lp->vrules, r);
		}
	}
	boxaDestroy(&boxes);
}

/* Clean one page and recognise it. Returns the words; *warning is set when the page
 * could not be read fully. */
/* Deskew a 1-bpp page, take its rules out (kept in lp and hr), and recognise it. */
static LayoutPage *recognise(TessBaseAPI *api, PIX *bin, int dpi, guint page_seconds,
                             char **warning, float *mean_conf)
{
	PIX *straight = pixDeskew(bin, 0);
	if (straight != NULL) {
		pixDestroy(&bin);
		bin = straight;
	}
	int len = (int) (RULE_INCHES * (float) dpi);
	PIX *h = pixOpenBrick(NULL, bin, len, 1);
	PIX *v = pixOpenBrick(NULL, bin, 1, len);
	LayoutPage *lp = layout_page_new((float) pixGetWidth(bin), (float) pixGetHeight(bin));
	g_autoptr(GArray) hr = g_array_new(FALSE, FALSE, sizeof(HRule));
	if (h != NULL && v != NULL) {
		find_rules(h, lp, hr, len);
		find_vrules(v, lp, len);
		PIX *mask = pixOr(NULL, h, v);
		PIX *fat = mask ? pixDilateBrick(NULL, mask, 3, 3) : NULL;
		if (fat != NULL)
			pixSubtract(bin, bin, fat);
		pixDestroy(&mask);
		pixDestroy(&fat);
	}
	pixDestroy(&h);
	pixDestroy(&v);
	pixSetResolution(bin, dpi, dpi);

	TessBaseAPISetImage2(api, bin);
	TessBaseAPISetSourceResolution(api, dpi);
	ETEXT_DESC *monitor = TessMonitorCreate();
	TessMonitorSetDeadlineMSecs(monitor, (int) (page_seconds ? page_seconds : 60) * 1000);
	if (TessBaseAPIRecognize(api, monitor) != 0)
		*warning = g_strdup_printf("OCR stopped at the %u s limit or failed",
		                           page_seconds ? page_seconds : 60);
	TessMonitorDelete(monitor);

	double sum = 0;
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (it != NULL) {
		const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
		do {
			char *txt = TessResultIteratorGetUTF8Text(it, RIL_WORD);
			int l, t, r, b;
			if (txt != NULL && TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)) {
				float conf = TessResultIteratorConfidence(it, RIL_WORD) / 100.0f;
				g_autofree char *nfc = g_utf8_validate(txt, -1, NULL)
				                           ? g_utf8_normalize(txt, -1, G_NORMALIZE_NFC)
				                           : NULL;
				vietnamese_letters(nfc);
				if (nfc != NULL) {
					layout_page_add(lp, nfc, (float) l, (float) t, (float) r, (float) b,
					                conf, FALSE);
					sum += conf;
				}
			}
			TessDeleteText(txt);
		} while (TessResultIteratorNext(it, RIL_WORD));
		TessResultIteratorDelete(it);
	}
	*mean_conf = lp->words->len ? (float) (sum / lp->words->len) : 0;
	if (*warning == NULL)
		reread_empty_cells(api, bin, lp, hr, dpi);
	fix_common_pairs(lp);
	TessBaseAPIClear(api);
	pixDestroy(&bin);
	return lp;
}

/* Which way up is the page? Tesseract's orientation detection (the `osd` data), asked
 * only when the first reading came out as garbage: a phone photo taken sideways. Returns
 * the clockwise quarter turns that set it upright, 0 when unsure. */
static int upright_turns(TessBaseAPI **osd, PIX *bin, int dpi)
{
	/* the legacy engine behind orientation detection keeps state of its own that two
	 * threads must not share: the whole detection goes under the lock (it is rare) */
	g_mutex_lock(&init_lock);
	if (*osd == NULL) {
		*osd = TessBaseAPICreate();
		if (TessBaseAPIInit2(*osd, NULL, "osd", OEM_TESSERACT_ONLY) != 0) {
			TessBaseAPIDelete(*osd);
			*osd = NULL;
			g_mutex_unlock(&init_lock);
			return 0;
		}
		TessBaseAPISetVariable(*osd, "debug_file", "/dev/null");
		TessBaseAPISetPageSegMode(*osd, PSM_OSD_ONLY);
	}
	TessBaseAPISetImage2(*osd, bin);
	TessBaseAPISetSourceResolution(*osd, dpi);
	int deg = 0;
	float conf = 0, script_conf = 0;
	const char *script = NULL;
	int turns = 0;
	if (TessBaseAPIDetectOrientationScript(*osd, &deg, &conf, &script, &script_conf) &&
	    conf > 2.0f && deg % 90 == 0)
		turns = ((360 - deg) / 90) % 4;
	/* script points into Tesseract's own tables: not to be freed, whatever capi.h says
	 * (freeing it corrupted the heap and crashed the reader at the end) */
	(void) script;
	TessBaseAPIClear(*osd);
	g_mutex_unlock(&init_lock);
	return turns;
}

/* Did the page come out sideways? Most longer words then stand taller than wide:
 * Tesseract reads the columns of a page lying on its side as short vertical lines. */
static gboolean looks_sideways(const LayoutPage *lp)
{
	guint longer = 0, tall = 0;
	for (guint i = 0; i < lp->words->len; i++) {
		const LayoutWord *w = &g_array_index(lp->words, LayoutWord, i);
		if (g_utf8_strlen(w->text, -1) < 4)
			continue;
		longer++;
		tall += w->y1 - w->y0 > w->x1 - w->x0;
	}
	return longer >= 8 && 2 * tall > longer;
}

/* Read the page turned by each of the quarter turns in turns[] (0 ends the list) and
 * keep the surest reading, the first one (lp, mean) included. */
static LayoutPage *best_turn(TessBaseAPI *api, PIX *bin, int dpi, guint page_seconds,
                             const int *turns, LayoutPage *lp, float mean, char **warning)
{
	for (const int *t = turns; *t; t++) {
		PIX *turned = pixRotateOrth(bin, *t);
		float mean2 = 0;
		char *warning2 = NULL;
		LayoutPage *lp2 = turned ? recognise(api, turned, dpi, page_seconds, &warning2, &mean2)
		                         : NULL;
		if (lp2 != NULL && (mean2 > mean || (looks_sideways(lp) && !looks_sideways(lp2)))) {
			layout_page_free(lp);
			g_free(*warning);
			lp = lp2;
			mean = mean2;
			*warning = warning2;
		} else {
			if (lp2 != NULL)
				layout_page_free(lp2);
			g_free(warning2);
		}
	}
	return lp;
}

/* Clean one page and recognise it. Returns the words; *warning is set when the page
 * could not be read fully. */
static LayoutPage *ocr_one(TessBaseAPI *api, TessBaseAPI **osd, PIX *src, int dpi,
                           guint page_seconds, char **warning)
{
	/* a photo (no resolution recorded) of a sheet on a desk: the sheet alone, flat */
	PIX *flat = dpi <= 0 ? photo_flatten(src) : NULL;
	if (flat != NULL)
		src = flat;
	if (dpi <= 0)
		dpi = guess_dpi(src);
	PIX *grey = prepare_grey(src, &dpi);
	pixDestroy(&flat);
	if (grey == NULL) {
		*warning = g_strdup("image could not be converted to grey");
		return layout_page_new(1, 1);
	}
	PIX *norm = pixBackgroundNormSimple(grey, NULL, NULL);
	PIX *bin = pixThresholdToBinary(norm ? norm : grey, 150);
	pixDestroy(&norm);
	pixDestroy(&grey);
	if (bin == NULL) {
		*warning = g_strdup("image could not be binarised");
		return layout_page_new(1, 1);
	}
	float upconf = 0, leftconf = 0;
	int rotation = 0;
	PIX *up = pixOrientCorrect(bin, 7.0f, 2.5f, &upconf, &leftconf, &rotation, 0);
	if (up != NULL) {
		pixDestroy(&bin);
		bin = up;
	}
	float mean = 0;
	LayoutPage *lp = recognise(api, pixClone(bin), dpi, page_seconds, warning, &mean);
	gboolean sideways = *warning == NULL && looks_sideways(lp);
	if (*warning == NULL && (mean < 0.6f || lp->words->len < 8 || sideways)) {
		int turns = upright_turns(osd, bin, dpi);
		/* a page on its side that orientation detection could not place: both ways */
		int list[3] = { turns, 0, 0 };
		if (sideways && turns % 2 == 0) {
			list[0] = 1;
			list[1] = 3;
		}
		lp = best_turn(api, bin, dpi, page_seconds, list, lp, mean, warning);
	}
	pixDestroy(&bin);
	return lp;
}

static gpointer ocr_thread(gpointer data)
{
	Job *job = data;
	TessBaseAPI *api = NULL, *osd = NULL;
	for (;;) {
		gint i = g_atomic_int_add(&job->next, 1);
		if (i >= (gint) job->pixes->len)
			break;
		if (api == NULL && (api = tess_take()) == NULL) {
			job->init_failed = TRUE;
			break;
		}
		job->pages[i] = ocr_one(api, &osd, job->pixes->pdata[i], job->dpi ? job->dpi[i] : 0,
		                        job->page_seconds, &job->warnings[i]);
	}
	if (api != NULL)
		tess_give(api);
	g_mutex_lock(&init_lock);
	if (osd != NULL) {
		TessBaseAPIEnd(osd);
		TessBaseAPIDelete(osd);
	}
	g_mutex_unlock(&init_lock);
	return NULL;
}

gboolean ocr_pages(GPtrArray *pixes, const int *dpi, const OcrOptions *opt,
                   GPtrArray **pages_out, GPtrArray *warnings, GError **error)
{
	quiet_leptonica();
	guint n = pixes->len;
	Job job = { pixes, dpi, opt ? opt->page_seconds : 0, 0, g_new0(LayoutPage *, n),
	            g_new0(char *, n), FALSE };
	guint threads = opt && opt->threads ? opt->threads : (guint) g_get_num_processors();
	const char *env = g_getenv("BAOCAO_OCR_THREADS");
	if (env != NULL && g_ascii_strtoull(env, NULL, 10) > 0)
		threads = (guint) g_ascii_strtoull(env, NULL, 10);
	threads = CLAMP(threads, 1, MAX(n, 1));
	if (threads == 1) {
		ocr_thread(&job);
	} else {
		GThread **t = g_new(GThread *, threads);
		for (guint i = 0; i < threads; i++)
			t[i] = g_thread_new("ocr", ocr_thread, &job);
		for (guint i = 0; i < threads; i++)
			g_thread_join(t[i]);
		g_free(t);
	}
	GPtrArray *pages = g_ptr_array_new_with_free_func((GDestroyNotify) layout_page_free);
	for (guint i = 0; i < n; i++) {
		g_ptr_array_add(pages, job.pages[i] ? job.pages[i] : layout_page_new(1, 1));
		if (job.warnings[i] != NULL && warnings != NULL)
			g_ptr_array_add(warnings, g_strdup_printf("page %u: %s", i + 1, job.warnings[i]));
		g_free(job.warnings[i]);
	}
	g_free(job.pages);
	g_free(job.warnings);
	if (job.init_failed) {
		g_ptr_array_unref(pages);
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "OCR is not available: Tesseract could not load the 'vie' language data");
		return FALSE;
	}
	*pages_out = pages;
	return TRUE;
}
