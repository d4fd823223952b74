/*
 * gen_docx.c - deterministic generator of labelled DOCX test fixtures for baocao.
 *
 * It writes filled copies of the mandated report (templates/REPORT-66.md), official documents
 * that units issue (plans, resolutions, notices) and hostile or broken files into OUTDIR/inbox/,
 * and the labels the pipeline should produce for each of them into OUTDIR/truth.json
 * (format in tests/gen/README.md); tests/gen/eval.c compares an export with those labels.
 * Four modes: "e2e" writes a fixed set of named cases, one per variation axis and scenario;
 * "e2e-pdf" a few fixed cases as text PDF, scans, TIFF, PNG and photo; "eval" writes N reports
 * and documents that mix the axes at random, plus, with --formats, more in the other formats;
 * "bad" writes the broken files only.
 *
 * The main choice: every file is generated from a small model (struct Report) plus a Style, a
 * set of variation axes taken from one table (axis_defs), and the labels are computed from the
 * same model, never parsed back from the output.  Text goes through one function (doc_text)
 * that applies the old tone placement and the legacy encodings (TCVN3, VNI, NFD), so the labels
 * keep the canonical Unicode the generator meant.  Everything is reproducible: a seeded
 * splitmix64 generator, fixed zip entry times (TZ forced to UTC for libzip's DOS times) and
 * fixed received times (file mtimes), so the same seed gives byte-identical output.  The
 * formats other than DOCX run the same writer functions in "layout mode" (Doc.lay): instead of
 * XML they record a neutral layout that render_pdf.c lays out, draws and degrades; the DOCX
 * path is untouched by it.  OpenDocument text (Doc.odt) runs them once more into a libxml2
 * tree; the "xlsx" items are a DOCX cover with the indicators in a libxlsxwriter workbook beside
 * it, the "zip" items DOCX or PDF members of a zipped folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "render_pdf.h"

#define GENERATOR_NAME "baocao tests/gen/gen_docx 1"
#define DEFAULT_SEED 66
#define DEFAULT_COUNT 300
#define DEFAULT_PER_FORMAT 20
#define ZIP_ENTRY_TIME ((time_t)1735689600) /* 2025-01-01 00:00:00 UTC, every zip entry */
#define ADHOC_REQUEST "45-CV/UBKTTU"
#define BOMB_SIZE (G_GUINT64_CONSTANT(300) << 20)
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define ODF_NS "urn:oasis:names:tc:opendocument:xmlns:"
#define ODF_MIME "application/vnd.oasis.opendocument.text"

/* ------------------------------------------------------------------------------------------ */
/* Pseudo-random numbers: splitmix64, so nothing depends on rand() or the clock.               */

typedef struct {
	guint64 state;
} Rng;

static guint64 rng_next(Rng *r)
{
	guint64 z = (r->state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static guint rng_below(Rng *r, guint n)
{
	g_assert(n > 0);
	return (guint)(rng_next(r) % n);
}

/* A number in [lo, hi]. */
static int rng_range(Rng *r, int lo, int hi)
{
	g_assert(hi >= lo);
	return lo + (int)rng_below(r, (guint)(hi - lo + 1));
}

static gboolean rng_permille(Rng *r, guint p)
{
	return rng_below(r, 1000) < p;
}

#define RNG_PICK(r, arr) ((arr)[rng_below((r), G_N_ELEMENTS(arr))])

/* ------------------------------------------------------------------------------------------ */
/* Reference data: the roster (templates/units.csv), the tasks, the indicators.                */

#define TASKS_BASE "1.1;1.2;1.3"

typedef struct {
	const char *code;
	const char *name;  /* roster "name" column: the issuer label */
	const char *group;
	const char *tasks; /* ';'-separated codes */
	const char *alias; /* first alias of the roster */
} Unit;

static const Unit roster[] = {
	{ "DU-CCQD", "Đảng ủy Các cơ quan Đảng thành phố", "co-quan",
	  TASKS_BASE ";2.1.1;2.1.2;2.1.3;2.1.4;2.1.5;2.1.6", "Đảng bộ Các cơ quan Đảng thành phố" },
	{ "DU-UBND", "Đảng ủy Ủy ban nhân dân thành phố", "co-quan",
	  TASKS_BASE ";2.1.1;2.1.2;2.1.3;2.1.4;2.1.5;2.1.6", "Đảng bộ UBND thành phố" },
	{ "DU-STP", "Đảng ủy Sở Tư pháp", "noi-chinh",
	  TASKS_BASE ";2.2.1;2.2.2;2.2.3;2.2.4;2.2.5", "Đảng bộ Sở Tư pháp" },
	{ "DU-CATP", "Đảng ủy Công an thành phố", "noi-chinh",
	  TASKS_BASE ";2.2.1;2.2.2;2.2.3;2.2.4;2.2.5", "Đảng bộ Công an thành phố" },
	{ "DU-TAND", "Đảng ủy Tòa án nhân dân thành phố", "noi-chinh",
	  TASKS_BASE ";2.2.1;2.2.2;2.2.3;2.2.4;2.2.5", "Đảng bộ Tòa án nhân dân thành phố" },
	{ "DU-VKSND", "Đảng ủy Viện kiểm sát nhân dân thành phố", "noi-chinh",
	  TASKS_BASE ";2.2.1;2.2.2;2.2.3;2.2.4;2.2.5", "Đảng bộ Viện kiểm sát nhân dân thành phố" },
	{ "DU-HDND", "Đảng bộ Hội đồng nhân dân thành phố", "hdnd",
	  TASKS_BASE ";2.3.1;2.3.2;2.3.3;2.3.4;2.3.5;2.3.6", "Đảng ủy HĐND thành phố" },
	{ "DU-MTTQ", "Đảng bộ Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "mttq",
	  TASKS_BASE ";2.4.1;2.4.2;2.4.3;2.4.4;2.4.5;2.4.6", "Đảng bộ UBMTTQ Việt Nam thành phố" },
	{ "DU-QSTP", "Đảng ủy Quân sự thành phố", "luc-luong-vu-trang", TASKS_BASE,
	  "Đảng bộ Quân sự thành phố" },
	{ "DU-BDBP", "Đảng ủy Bộ đội Biên phòng thành phố", "luc-luong-vu-trang", TASKS_BASE,
	  "Đảng bộ Bộ đội Biên phòng thành phố" },
	{ "DU-STC", "Đảng ủy Sở Tài chính", "so-nganh", TASKS_BASE, "Đảng bộ Sở Tài chính" },
	{ "DU-SNV", "Đảng ủy Sở Nội vụ", "so-nganh", TASKS_BASE, "Đảng bộ Sở Nội vụ" },
	{ "DU-SKHCN", "Đảng ủy Sở Khoa học và Công nghệ", "so-nganh", TASKS_BASE,
	  "Đảng bộ Sở Khoa học và Công nghệ" },
	{ "DU-HONGBANG", "Đảng ủy phường Hồng Bàng", "xa-phuong", TASKS_BASE, "Đảng bộ phường Hồng Bàng" },
	{ "DU-NGOQUYEN", "Đảng ủy phường Ngô Quyền", "xa-phuong", TASKS_BASE, "Đảng bộ phường Ngô Quyền" },
	{ "DU-LECHAN", "Đảng ủy phường Lê Chân", "xa-phuong", TASKS_BASE, "Đảng bộ phường Lê Chân" },
	{ "DU-HAIAN", "Đảng ủy phường Hải An", "xa-phuong", TASKS_BASE, "Đảng bộ phường Hải An" },
	{ "DU-KIENAN", "Đảng ủy phường Kiến An", "xa-phuong", TASKS_BASE, "Đảng bộ phường Kiến An" },
	{ "DU-DOSON", "Đảng ủy phường Đồ Sơn", "xa-phuong", TASKS_BASE, "Đảng bộ phường Đồ Sơn" },
	{ "DU-DUONGKINH", "Đảng ủy phường Dương Kinh", "xa-phuong", TASKS_BASE, "Đảng bộ phường Dương Kinh" },
	{ "DU-THANHDONG", "Đảng ủy phường Thành Đông", "xa-phuong", TASKS_BASE, "Đảng bộ phường Thành Đông" },
	{ "DU-CATHAI", "Đảng ủy đặc khu Cát Hải", "xa-phuong", TASKS_BASE, "Đảng bộ đặc khu Cát Hải" },
	{ "DU-BACHLONGVI", "Đảng ủy đặc khu Bạch Long Vĩ", "xa-phuong", TASKS_BASE,
	  "Đảng bộ đặc khu Bạch Long Vĩ" },
	{ "DU-ANLAO", "Đảng ủy xã An Lão", "xa-phuong", TASKS_BASE, "Đảng bộ xã An Lão" },
};

static const Unit *unit_by_code(const char *code)
{
	for (gsize i = 0; i < G_N_ELEMENTS(roster); i++)
		if (strcmp(roster[i].code, code) == 0)
			return &roster[i];
	g_error("no roster unit %s", code);
	return NULL;
}

/* Task wording as a unit would copy it from the action programme (seed 001, II.1 and II.2). */
typedef struct {
	const char *code;
	const char *wording;
} Task;

static const Task task_defs[] = {
	{ "1.1", "Lãnh đạo, chỉ đạo tuyên truyền, quán triệt Nghị quyết số 66-NQ/TW đến toàn thể cán bộ, đảng viên, công chức, viên chức, gắn với nhiệm vụ chính trị của cơ quan, đơn vị" },
	{ "1.2", "Tuyên truyền thường xuyên, liên tục bằng nhiều hình thức phong phú, kết hợp trực tiếp và trực tuyến, phát huy các phương tiện thông tin đại chúng, bản tin nội bộ, cổng thông tin điện tử" },
	{ "1.3", "Gắn quán triệt nghị quyết với xây dựng chương trình hành động, kế hoạch cụ thể; đề cao trách nhiệm nêu gương của cán bộ lãnh đạo, quản lý" },
	{ "2.1.1", "Tham mưu, đề xuất giải pháp thiết thực bảo đảm sự lãnh đạo toàn diện, trực tiếp của Đảng trong công tác xây dựng và thi hành pháp luật" },
	{ "2.1.2", "Đổi mới phương thức nghiên cứu, tham mưu, bảo đảm định hướng chính sách vừa đáp ứng yêu cầu quản lý nhà nước, vừa khuyến khích sáng tạo" },
	{ "2.1.3", "Tăng cường bồi dưỡng, cập nhật kiến thức gắn với chương trình đào tạo cán bộ" },
	{ "2.1.4", "Đẩy mạnh tuyên truyền, phổ biến nội dung nghị quyết và các chủ trương, chính sách pháp luật mới đến cán bộ, đảng viên và nhân dân" },
	{ "2.1.5", "Ứng dụng công nghệ số, trí tuệ nhân tạo trong công tác tham mưu, giảng dạy, truyền thông" },
	{ "2.1.6", "Đề xuất cơ chế, giải pháp huy động, phân bổ, quản lý và sử dụng nguồn lực tài chính phục vụ công tác xây dựng và thi hành pháp luật" },
	{ "2.2.1", "Tham mưu, đề xuất các giải pháp đột phá bảo đảm sự lãnh đạo toàn diện, trực tiếp của Đảng trong hoạt động nội chính, tư pháp" },
	{ "2.2.2", "Rà soát hệ thống văn bản pháp luật hiện hành, kiến nghị sửa đổi, bổ sung, thay thế hoặc bãi bỏ những quy định chồng chéo, mâu thuẫn" },
	{ "2.2.3", "Đẩy mạnh ứng dụng chuyển đổi số, số hóa hồ sơ, áp dụng công nghệ hiện đại hỗ trợ hoạt động tố tụng, kiểm sát, giám sát" },
	{ "2.2.4", "Hợp tác quốc tế, nghiên cứu, trao đổi kinh nghiệm về tư pháp và pháp luật quốc tế" },
	{ "2.2.5", "Triển khai các giải pháp đột phá nâng cao hiệu lực, hiệu quả thi hành pháp luật; đẩy mạnh cải cách tư pháp gắn với chuyển đổi số" },
	{ "2.3.1", "Đổi mới tư duy, nâng cao chất lượng xây dựng và ban hành nghị quyết của Hội đồng nhân dân" },
	{ "2.3.2", "Quyết định những vấn đề quan trọng của thành phố, nhất là chính sách phát triển kinh tế - xã hội, an sinh xã hội" },
	{ "2.3.3", "Tăng cường giám sát việc thực hiện pháp luật, nghị quyết của Hội đồng nhân dân trong các lĩnh vực đất đai, ngân sách, đầu tư công" },
	{ "2.3.4", "Đa dạng hóa hình thức huy động trí tuệ chuyên gia, nhà khoa học; mở rộng tham vấn ý kiến nhân dân, cử tri trước khi ban hành nghị quyết" },
	{ "2.3.5", "Ứng dụng công nghệ số trong tổ chức kỳ họp, tiếp xúc cử tri, lấy ý kiến nhân dân; từng bước xây dựng HĐND điện tử" },
	{ "2.3.6", "Giám sát việc bảo đảm nguồn lực tài chính, cơ sở vật chất cho công tác xây dựng và thi hành pháp luật" },
	{ "2.4.1", "Thông tin, tuyên truyền, vận động đoàn viên, hội viên và nhân dân tham gia xây dựng, hoàn thiện hệ thống pháp luật" },
	{ "2.4.2", "Phát huy vai trò giám sát, phản biện xã hội trong những lĩnh vực liên quan trực tiếp đến quyền, lợi ích hợp pháp của nhân dân" },
	{ "2.4.3", "Phản ánh tâm tư, nguyện vọng, kiến nghị chính đáng của đoàn viên, hội viên và nhân dân đến các cơ quan của Đảng, Nhà nước" },
	{ "2.4.4", "Phối hợp phổ biến, giáo dục pháp luật; xây dựng, nhân rộng mô hình điểm về giám sát cộng đồng trong thực thi pháp luật" },
	{ "2.4.5", "Đổi mới phương thức vận động quần chúng, ứng dụng công nghệ số, mạng xã hội" },
	{ "2.4.6", "Tham gia góp ý các dự thảo chính sách pháp luật về cơ chế tài chính, quản trị số và đời sống nhân dân" },
};

static const Task *task_by_code(const char *code)
{
	for (gsize i = 0; i < G_N_ELEMENTS(task_defs); i++)
		if (strcmp(task_defs[i].code, code) == 0)
			return &task_defs[i];
	g_error("no task %s", code);
	return NULL;
}

static const char *const task_statuses[] = { "Hoàn thành", "Đang thực hiện", "Chưa thực hiện",
					     "Không phát sinh" };
static const char *const invalid_statuses[] = { "Đang triển khai", "Chậm tiến độ" };

typedef struct {
	const char *code, *label, *unit, *short_unit;
	int month_max; /* a plausible monthly maximum */
	gboolean money;
} IndicatorDef;

#define N_IND 10
static const IndicatorDef ind_defs[N_IND] = {
	{ "CS01", "Số hội nghị quán triệt, tuyên truyền Nghị quyết", "hội nghị", "hội nghị", 4, FALSE },
	{ "CS02", "Số lượt cán bộ, đảng viên được quán triệt", "lượt người", "lượt", 1500, FALSE },
	{ "CS03", "Số văn bản lãnh đạo, chỉ đạo được ban hành", "văn bản", "văn bản", 3, FALSE },
	{ "CS04", "Số văn bản quy phạm pháp luật được rà soát", "văn bản", "văn bản", 40, FALSE },
	{ "CS05", "Số văn bản kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ", "văn bản", "văn bản", 8, FALSE },
	{ "CS06", "Số lớp bồi dưỡng, tập huấn kiến thức pháp luật", "lớp", "lớp", 4, FALSE },
	{ "CS07", "Số cuộc kiểm tra, giám sát việc thi hành pháp luật", "cuộc", "cuộc", 5, FALSE },
	{ "CS08", "Số tổ chức, cá nhân vi phạm được phát hiện", "trường hợp", "trường hợp", 3, FALSE },
	{ "CS09", "Số hồ sơ, thủ tục được số hóa", "hồ sơ", "hồ sơ", 2000, FALSE },
	{ "CS10", "Kinh phí bảo đảm cho công tác xây dựng và thi hành pháp luật", "triệu đồng",
	  "triệu đồng", 60, TRUE },
};

static const char *const section_titles[5] = {
	"CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TUYÊN TRUYỀN",
	"KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
	"CÁC CHỈ SỐ GIÁM SÁT",
	"KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
	"ĐỀ XUẤT, KIẾN NGHỊ",
};
static const char *const roman[] = { "I", "II", "III", "IV", "V" };

/* Text pools; ASCII punctuation only, so that every line encodes in TCVN3 and VNI. */
static const char *const leadership_pool[] = {
	"Ban Thường vụ Đảng ủy đã ban hành kế hoạch, văn bản chỉ đạo triển khai thực hiện Nghị quyết số 66-NQ/TW đến các chi bộ trực thuộc.",
	"Trong kỳ, Đảng ủy tổ chức quán triệt, tuyên truyền Nghị quyết bằng hình thức trực tiếp kết hợp trực tuyến, bảo đảm đến toàn thể cán bộ, đảng viên.",
	"Các chi bộ trực thuộc đã xây dựng kế hoạch cụ thể, gắn việc học tập Nghị quyết với nhiệm vụ chính trị của từng cơ quan, đơn vị.",
	"Công tác tuyên truyền được thực hiện thường xuyên trên bản tin nội bộ, cổng thông tin điện tử và các nhóm mạng xã hội của cơ quan.",
	"Ủy ban Kiểm tra Đảng ủy đã lồng ghép nội dung giám sát việc thực hiện Nghị quyết vào chương trình kiểm tra, giám sát năm 2025.",
	"Người đứng đầu cấp ủy, cơ quan trực tiếp chỉ đạo, phân công rõ trách nhiệm, tiến độ và sản phẩm của từng nhiệm vụ.",
};
static const char *const difficulty_pool[] = {
	"Một số chi bộ trực thuộc chưa chủ động xây dựng kế hoạch cụ thể để triển khai Nghị quyết.",
	"Việc số hóa hồ sơ còn chậm do hạ tầng công nghệ thông tin chưa đồng bộ.",
	"Kinh phí bảo đảm cho công tác phổ biến, giáo dục pháp luật còn hạn chế.",
	"Đội ngũ cán bộ làm công tác pháp chế còn mỏng, phần lớn kiêm nhiệm.",
	"Nguyên nhân: khối lượng công việc lớn, thời gian triển khai ngắn, một số văn bản hướng dẫn ban hành chậm.",
	"Phần mềm giám sát mới đưa vào sử dụng, cán bộ phụ trách chưa thành thạo.",
};
static const char *const proposal_pool[] = {
	"Đề nghị Ủy ban Kiểm tra Thành ủy sớm ban hành hướng dẫn thống nhất về mẫu biểu báo cáo định kỳ.",
	"Đề nghị Thành ủy quan tâm bố trí kinh phí cho công tác chuyển đổi số.",
	"Kiến nghị tổ chức tập huấn sử dụng phần mềm giám sát cho cán bộ phụ trách.",
	"Đề nghị Sở Tư pháp phối hợp hướng dẫn rà soát văn bản quy phạm pháp luật.",
	"Đề nghị bổ sung biên chế cán bộ làm công tác pháp chế cho các cơ quan, đơn vị.",
};
static const char *const recipients[] = {
	"- Ủy ban Kiểm tra Thành ủy,",
	"- Ban Thường vụ Thành ủy (để báo cáo),",
	"- Các đồng chí Đảng ủy viên,",
	"- Các chi bộ trực thuộc,",
	"- Lưu Văn phòng Đảng ủy.",
};
static const char *const family_names[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ",
					     "Bùi", "Đặng", "Ngô", "Dương", "Phan", "Đinh", "Lương" };
static const char *const middle_names[] = { "Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu",
					     "Ngọc", "Thu", "Mạnh", "Xuân" };
static const char *const given_names[] = { "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng",
					    "Hương", "Lan", "Long", "Mai", "Nam", "Phương", "Quân",
					    "Sơn", "Tâm", "Thắng", "Thủy", "Trang", "Tuấn", "Việt",
					    "Yến", "Hòa", "Khoa", "Thúy" };

/* Official documents a unit issues (kind "document"). */
typedef struct {
	const char *word;          /* type word as printed, upper case */
	const char *type_sentence; /* the label: sentence case */
	const char *abbr;          /* in the number: "12-KH/ĐU" */
	const char *titles[3][2];  /* summary lines under the type word */
	const char *headings[3];
	const char *body[3];
} PaperDef;

static const PaperDef paper_defs[] = {
	{ "KẾ HOẠCH", "Kế hoạch", "KH",
	  { { "thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị",
	      "về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới" },
	    { "tuyên truyền, phổ biến Nghị quyết số 66-NQ/TW của Bộ Chính trị",
	      "trong cán bộ, đảng viên năm 2025" },
	    { "giám sát việc triển khai thực hiện Nghị quyết số 66-NQ/TW", "tại các chi bộ trực thuộc" } },
	  { "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN" },
	  { "Quán triệt sâu sắc, tạo sự thống nhất cao về nhận thức và hành động của cán bộ, đảng viên trong thực hiện Nghị quyết.",
	    "Các chi bộ tổ chức học tập, quán triệt Nghị quyết; rà soát, kiến nghị sửa đổi các quy định không còn phù hợp; đẩy mạnh chuyển đổi số trong hoạt động của cơ quan.",
	    "Văn phòng Đảng ủy chủ trì, phối hợp theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Ban Thường vụ Đảng ủy." } },
	{ "NGHỊ QUYẾT", "Nghị quyết", "NQ",
	  { { "về lãnh đạo thực hiện Nghị quyết số 66-NQ/TW của Bộ Chính trị",
	      "về đổi mới công tác xây dựng và thi hành pháp luật" },
	    { "về tăng cường sự lãnh đạo của Đảng ủy đối với công tác",
	      "xây dựng và thi hành pháp luật giai đoạn 2025 - 2030" },
	    { "về nâng cao hiệu quả công tác phổ biến, giáo dục pháp luật", "trong Đảng bộ" } },
	  { "TÌNH HÌNH VÀ NGUYÊN NHÂN", "MỤC TIÊU, NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN" },
	  { "Thời gian qua, công tác xây dựng và thi hành pháp luật trong Đảng bộ đạt nhiều kết quả tích cực, song vẫn còn hạn chế.",
	    "Nâng cao nhận thức, trách nhiệm của cấp ủy, người đứng đầu; bảo đảm mỗi nhiệm vụ có đơn vị chủ trì, thời hạn và sản phẩm cụ thể.",
	    "Các chi bộ trực thuộc xây dựng kế hoạch thực hiện Nghị quyết; Ủy ban Kiểm tra Đảng ủy giúp Ban Thường vụ theo dõi, kiểm tra, giám sát." } },
	{ "THÔNG BÁO", "Thông báo", "TB",
	  { { "kết luận của Ban Thường vụ Đảng ủy về việc", "triển khai Nghị quyết số 66-NQ/TW" },
	    { "kết luận của Ban Thường vụ Đảng ủy", "về công tác phổ biến, giáo dục pháp luật" },
	    { "ý kiến chỉ đạo của Thường trực Đảng ủy", "về rà soát văn bản quy phạm pháp luật" } },
	  { "ĐÁNH GIÁ CHUNG", "NHIỆM VỤ TRỌNG TÂM", "GIAO NHIỆM VỤ" },
	  { "Ban Thường vụ Đảng ủy ghi nhận các chi bộ đã chủ động triển khai, bước đầu đạt kết quả.",
	    "Tiếp tục quán triệt Nghị quyết; hoàn thành việc rà soát văn bản; chuẩn bị nội dung sơ kết.",
	    "Văn phòng Đảng ủy theo dõi, đôn đốc và báo cáo kết quả với Thường trực Đảng ủy." } },
};
enum { PAPER_PLAN, PAPER_RESOLUTION, PAPER_NOTICE };

/* ------------------------------------------------------------------------------------------ */
/* Variation axes: one table names every axis, its style key and value, and how often the      */
/* eval mode picks it (per mille).  Values of one key exclude each other; 0 is the default.   */

typedef enum {
	K_RETYPED,   /* header as plain paragraphs */
	K_SO_COLON,  /* "Số: 15-BC/ĐU" */
	K_SENTENCE,  /* sentence-case headings */
	K_NUMBERING, /* 0 roman, 1 arabic, 2 none, 3 automatic (numbering.xml) */
	K_SLASH,     /* "tháng 10/2025", "quý 4/2025" */
	K_IND,       /* 0 table, 1 text lines, 2 reordered, 3 extra column, 4 merged header */
	K_PLAIN,     /* numbers without thousands separator */
	K_CODE,      /* 0 "2.2.3", 1 "2.2(3)", 2 "2.2 (3)", 3 "II.2.2(3)", 4 no code */
	K_STATUS,    /* 0 canonical, 1 lower case, 2 without diacritics */
	K_SDT,       /* content controls around fields */
	K_ENC,       /* 0 Unicode, 1 NFD, 2 TCVN3, 3 VNI */
	K_OLDTONE,   /* "uỷ", "hoà" */
	K_ISSUER,    /* 0 upper case, 1 without diacritics, 2 roster alias */
	K_KT,        /* "K/T BÍ THƯ" then "PHÓ BÍ THƯ" */
	K_SPLIT,     /* the task table split in two, the second part without its header */
	K_COUNT
} StyleKey;

enum { NUMBERING_ROMAN, NUMBERING_ARABIC, NUMBERING_NONE, NUMBERING_AUTO };
enum { IND_TABLE, IND_TEXT, IND_REORDERED, IND_EXTRA, IND_MERGED };
enum { CODE_CANONICAL, CODE_PAREN, CODE_PAREN_SPACE, CODE_ROMAN, CODE_NONE };
enum { STATUS_CANONICAL, STATUS_LOWER, STATUS_NODIAC };
enum { ENC_UNICODE, ENC_NFD, ENC_TCVN3, ENC_VNI };
enum { ISSUER_UPPER, ISSUER_NODIAC, ISSUER_ALIAS };

typedef struct {
	int v[K_COUNT];
} Style;

typedef struct {
	const char *axis;
	StyleKey key;
	int value;
	guint permille; /* eval frequency */
} AxisDef;

static const AxisDef axis_defs[] = {
	{ "retyped", K_RETYPED, 1, 200 },
	{ "so-colon", K_SO_COLON, 1, 200 },
	{ "sentence-headings", K_SENTENCE, 1, 150 },
	{ "num-arabic", K_NUMBERING, NUMBERING_ARABIC, 100 },
	{ "num-none", K_NUMBERING, NUMBERING_NONE, 100 },
	{ "num-auto", K_NUMBERING, NUMBERING_AUTO, 100 },
	{ "period-slash", K_SLASH, 1, 300 },
	{ "ind-text", K_IND, IND_TEXT, 150 },
	{ "ind-reordered", K_IND, IND_REORDERED, 100 },
	{ "ind-extra", K_IND, IND_EXTRA, 100 },
	{ "ind-merged", K_IND, IND_MERGED, 100 },
	{ "numbers-plain", K_PLAIN, 1, 200 },
	{ "code-paren", K_CODE, CODE_PAREN, 100 },
	{ "code-paren-space", K_CODE, CODE_PAREN_SPACE, 100 },
	{ "code-roman", K_CODE, CODE_ROMAN, 100 },
	{ "code-none", K_CODE, CODE_NONE, 100 },
	{ "status-lower", K_STATUS, STATUS_LOWER, 100 },
	{ "status-nodiac", K_STATUS, STATUS_NODIAC, 100 },
	{ "sdt", K_SDT, 1, 150 },
	{ "nfd", K_ENC, ENC_NFD, 100 },
	{ "tcvn3", K_ENC, ENC_TCVN3, 100 },
	{ "vni", K_ENC, ENC_VNI, 100 },
	{ "oldtone", K_OLDTONE, 1, 150 },
	{ "issuer-nodiac", K_ISSUER, ISSUER_NODIAC, 100 },
	{ "issuer-alias", K_ISSUER, ISSUER_ALIAS, 100 },
	{ "kt-signer", K_KT, 1, 200 },
	{ "tasks-split", K_SPLIT, 1, 100 },
};

/* The style named by '+'-joined axes ("" or "canonical" for the default). */
static Style style_from_axes(const char *axes)
{
	Style st = { { 0 } };
	g_auto(GStrv) parts = g_strsplit(axes, "+", -1);
	for (char **p = parts; *p; p++) {
		gboolean found = **p == '\0' || strcmp(*p, "canonical") == 0;
		for (gsize i = 0; i < G_N_ELEMENTS(axis_defs) && !found; i++)
			if (strcmp(axis_defs[i].axis, *p) == 0) {
				st.v[axis_defs[i].key] = axis_defs[i].value;
				found = TRUE;
			}
		if (!found)
			g_error("unknown axis '%s'", *p);
	}
	return st;
}

static Style style_random(Rng *r)
{
	Style st = { { 0 } };
	for (int key = 0; key < K_COUNT; key++) {
		guint roll = rng_below(r, 1000), acc = 0;
		for (gsize i = 0; i < G_N_ELEMENTS(axis_defs); i++) {
			if ((int)axis_defs[i].key != key)
				continue;
			acc += axis_defs[i].permille;
			if (roll < acc) {
				st.v[key] = axis_defs[i].value;
				break;
			}
		}
	}
	return st;
}

/* Append the axes this style uses to a list of axis names. */
static void style_axes(const Style *st, GPtrArray *axes)
{
	for (gsize i = 0; i < G_N_ELEMENTS(axis_defs); i++)
		if (st->v[axis_defs[i].key] == axis_defs[i].value)
			g_ptr_array_add(axes, (gpointer)axis_defs[i].axis);
}

/* ------------------------------------------------------------------------------------------ */
/* Periods and the 2025 calendar (REPORT-66.md section 9).                                     */

typedef enum { P_MONTH, P_QUARTER, P_HALF, P_YEAR, P_ADHOC } PeriodKind;

typedef struct {
	PeriodKind kind;
	int year;
	int num; /* month 1-12 or quarter 1-4 */
} Period;

static Period period_parse(const char *s)
{
	Period p = { P_MONTH, 2025, 0 };
	if (g_str_has_prefix(s, "adhoc:")) {
		p.kind = P_ADHOC;
		return p;
	}
	p.year = (int)g_ascii_strtoll(s, NULL, 10);
	if (strlen(s) == 4)
		p.kind = P_YEAR;
	else if (s[5] == 'Q') {
		p.kind = P_QUARTER;
		p.num = s[6] - '0';
	} else if (s[5] == 'H')
		p.kind = P_HALF;
	else
		p.num = (int)g_ascii_strtoll(s + 5, NULL, 10);
	return p;
}

static char *period_code(const Period *p)
{
	switch (p->kind) {
	case P_MONTH: return g_strdup_printf("%d-%02d", p->year, p->num);
	case P_QUARTER: return g_strdup_printf("%d-Q%d", p->year, p->num);
	case P_HALF: return g_strdup_printf("%d-H1", p->year);
	case P_YEAR: return g_strdup_printf("%d", p->year);
	case P_ADHOC: return g_strdup("adhoc:" ADHOC_REQUEST);
	}
	g_assert_not_reached();
}

/* The period as printed after "Kỳ báo cáo:" (REPORT-66.md section 2). */
static char *period_text(const Period *p, gboolean slash)
{
	switch (p->kind) {
	case P_MONTH:
		return slash ? g_strdup_printf("tháng %d/%d", p->num, p->year)
			     : g_strdup_printf("tháng %d năm %d", p->num, p->year);
	case P_QUARTER:
		return slash ? g_strdup_printf("quý %d/%d", p->num, p->year)
			     : g_strdup_printf("quý %s năm %d", roman[p->num - 1], p->year);
	case P_HALF: return g_strdup_printf("6 tháng đầu năm %d", p->year);
	case P_YEAR: return g_strdup_printf("năm %d", p->year);
	case P_ADHOC: return g_strdup("đột xuất theo Công văn số " ADHOC_REQUEST);
	}
	g_assert_not_reached();
}

static const char *period_axis(const Period *p)
{
	static const char *const names[] = { NULL, "period-quarter", "period-h1", "period-year",
					     "period-adhoc" };
	return names[p->kind];
}

/* How many months the period covers, and how many months of the year precede it. */
static int period_months(const Period *p)
{
	static const int months[] = { 1, 3, 6, 12, 1 };
	return months[p->kind];
}

static int period_prior_months(const Period *p)
{
	switch (p->kind) {
	case P_MONTH: return p->num - 1;
	case P_QUARTER: return 3 * (p->num - 1);
	case P_ADHOC: return 9;
	default: return 0;
	}
}

/* Public holidays of 2025 as month*100+day (Tết 25/01-02/02, Giỗ Tổ 07/4, 30/4-04/5, 30/8-02/9). */
static const int holidays_2025[] = { 101, 125, 126, 127, 128, 129, 130, 131, 201, 202, 407,
				     430, 501, 502, 503, 504, 830, 831, 901, 902 };

static gboolean is_working_day(const GDate *d)
{
	GDateWeekday wd = g_date_get_weekday(d);
	if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
		return FALSE;
	if (g_date_get_year(d) != 2025)
		return TRUE;
	int md = g_date_get_month(d) * 100 + g_date_get_day(d);
	for (gsize i = 0; i < G_N_ELEMENTS(holidays_2025); i++)
		if (holidays_2025[i] == md)
			return FALSE;
	return TRUE;
}

/* The due date: the 20th of the period's last month (the ad hoc request: 10/11/2025), moved
 * to the next working day. */
static void period_due(const Period *p, GDate *due)
{
	switch (p->kind) {
	case P_MONTH: g_date_set_dmy(due, 20, p->num, p->year); break;
	case P_QUARTER: g_date_set_dmy(due, 20, 3 * p->num, p->year); break;
	case P_HALF: g_date_set_dmy(due, 20, 6, p->year); break;
	case P_YEAR: g_date_set_dmy(due, 20, 12, p->year); break;
	case P_ADHOC: g_date_set_dmy(due, 10, 11, 2025); break;
	}
	while (!is_working_day(due))
		g_date_add_days(due, 1);
}

/* "ngày 17 tháng 10 năm 2025": days below 10 and months below 3 zero-padded (HD 36). */
static char *date_long(const GDate *d)
{
	return g_strdup_printf("ngày %02d tháng %s%d năm %d", g_date_get_day(d),
			       g_date_get_month(d) < 3 ? "0" : "", g_date_get_month(d),
			       g_date_get_year(d));
}

static char *date_iso(const GDate *d)
{
	return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(d), g_date_get_month(d),
			       g_date_get_day(d));
}

/* Seconds since the epoch of a local time in Hải Phòng (UTC+7). */
static gint64 local_epoch(const GDate *d, int hour, int minute)
{
	GTimeZone *tz = g_time_zone_new_offset(7 * 3600);
	GDateTime *dt = g_date_time_new(tz, g_date_get_year(d), g_date_get_month(d),
					g_date_get_day(d), hour, minute, 0);
	gint64 t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	g_time_zone_unref(tz);
	return t;
}

static char *epoch_iso(gint64 t)
{
	GTimeZone *tz = g_time_zone_new_offset(7 * 3600);
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GDateTime *dt = g_date_time_to_timezone(utc, tz);
	char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
	g_date_time_unref(dt);
	g_date_time_unref(utc);
	g_time_zone_unref(tz);
	return s;
}

/* ------------------------------------------------------------------------------------------ */
/* Text transforms: case, diacritics, old tone placement.                                      */

static gboolean is_tone_mark(gunichar c)
{
	return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

/* Old tone placement: the tone of a syllable-final oa, oe or uy moves to the second vowel
 * ("hòa" -> "hoà", "thủy" -> "thuỷ"; "quý" and "hoàn" do not change). */
static char *text_oldtone(const char *s)
{
	g_autofree char *nfd = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
	glong n = 0;
	g_autofree gunichar *u = g_utf8_to_ucs4_fast(nfd, -1, &n);
	for (glong i = 0; i + 2 < n; i++) {
		gunichar b1 = g_unichar_tolower(u[i]), t = u[i + 1], b2 = g_unichar_tolower(u[i + 2]);
		if (!is_tone_mark(t))
			continue;
		gboolean cluster = (b1 == 'o' && (b2 == 'a' || b2 == 'e')) ||
				   (b1 == 'u' && b2 == 'y' && !(i > 0 && g_unichar_tolower(u[i - 1]) == 'q'));
		if (!cluster)
			continue;
		if (i + 3 < n && (g_unichar_isalpha(u[i + 3]) || g_unichar_ismark(u[i + 3])))
			continue;
		u[i + 1] = u[i + 2];
		u[i + 2] = t;
		i += 2;
	}
	g_autofree char *out = g_ucs4_to_utf8(u, n, NULL, NULL, NULL);
	return g_utf8_normalize(out, -1, G_NORMALIZE_NFC);
}

/* Without diacritics: "ĐẢNG ỦY" -> "DANG UY". */
static char *text_strip(const char *s)
{
	g_autofree char *nfd = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
	GString *out = g_string_new(NULL);
	for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_ismark(c))
			continue;
		if (c == 0x111)
			c = 'd';
		else if (c == 0x110)
			c = 'D';
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* "CÔNG TÁC LÃNH ĐẠO" -> "Công tác lãnh đạo". */
static char *text_sentence(const char *s)
{
	g_autofree char *low = g_utf8_strdown(s, -1);
	gunichar first = g_unichar_toupper(g_utf8_get_char(low));
	GString *out = g_string_new(NULL);
	g_string_append_unichar(out, first);
	g_string_append(out, g_utf8_next_char(low));
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Legacy encodings (DOMAIN.md section 3).  A legacy byte is stored in the DOCX as the Latin-1  */
/* character of the same value, which is what Word does with these 8-bit fonts.                */

/* TCVN3 (VN3): per vowel the bytes of: plain, huyền, hỏi, ngã, sắc, nặng.  Only lower-case
 * toned letters exist; the ".VnTimeH" font shows the same codes as capitals. */
static const struct {
	const char *letters[6];
	guint8 bytes[6];
} tcvn3_rows[] = {
	{ { "a", "à", "ả", "ã", "á", "ạ" }, { 'a', 0xB5, 0xB6, 0xB7, 0xB8, 0xB9 } },
	{ { "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ" }, { 0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6 } },
	{ { "â", "ầ", "ẩ", "ẫ", "ấ", "ậ" }, { 0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB } },
	{ { "e", "è", "ẻ", "ẽ", "é", "ẹ" }, { 'e', 0xCC, 0xCE, 0xCF, 0xD0, 0xD1 } },
	{ { "ê", "ề", "ể", "ễ", "ế", "ệ" }, { 0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6 } },
	{ { "i", "ì", "ỉ", "ĩ", "í", "ị" }, { 'i', 0xD7, 0xD8, 0xDC, 0xDD, 0xDE } },
	{ { "o", "ò", "ỏ", "õ", "ó", "ọ" }, { 'o', 0xDF, 0xE1, 0xE2, 0xE3, 0xE4 } },
	{ { "ô", "ồ", "ổ", "ỗ", "ố", "ộ" }, { 0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9 } },
	{ { "ơ", "ờ", "ở", "ỡ", "ớ", "ợ" }, { 0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE } },
	{ { "u", "ù", "ủ", "ũ", "ú", "ụ" }, { 'u', 0xEF, 0xF1, 0xF2, 0xF3, 0xF4 } },
	{ { "ư", "ừ", "ử", "ữ", "ứ", "ự" }, { 0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9 } },
	{ { "y", "ỳ", "ỷ", "ỹ", "ý", "ỵ" }, { 'y', 0xFA, 0xFB, 0xFC, 0xFD, 0xFE } },
};

/* The letters without tone: đ and the seven capitals VN3 does have. */
static const struct {
	const char *letter;
	guint8 byte;
} tcvn3_singles[] = {
	{ "đ", 0xAE }, { "Đ", 0xA7 }, { "Ă", 0xA1 }, { "Â", 0xA2 },
	{ "Ê", 0xA3 }, { "Ô", 0xA4 }, { "Ơ", 0xA5 }, { "Ư", 0xA6 },
};

/* The TCVN3 byte of c, or -1 when VN3 has none (capital toned letters). */
static int tcvn3_byte(gunichar c)
{
	if (c < 0x80)
		return (int)c;
	for (gsize i = 0; i < G_N_ELEMENTS(tcvn3_rows); i++)
		for (int j = 0; j < 6; j++)
			if (g_utf8_get_char(tcvn3_rows[i].letters[j]) == c)
				return tcvn3_rows[i].bytes[j];
	for (gsize i = 0; i < G_N_ELEMENTS(tcvn3_singles); i++)
		if (g_utf8_get_char(tcvn3_singles[i].letter) == c)
			return tcvn3_singles[i].byte;
	return -1;
}

typedef struct {
	const char *font; /* NULL: the document's Unicode font */
	GString *text;
} Segment;

static void segments_add(GPtrArray *segs, const char *font, gunichar c)
{
	Segment *last = segs->len ? g_ptr_array_index(segs, segs->len - 1) : NULL;
	if (!last || g_strcmp0(last->font, font) != 0) {
		last = g_new0(Segment, 1);
		last->font = font;
		last->text = g_string_new(NULL);
		g_ptr_array_add(segs, last);
	}
	g_string_append_unichar(last->text, c);
}

static void segment_free(gpointer p)
{
	Segment *s = p;
	g_string_free(s->text, TRUE);
	g_free(s);
}

static gboolean has_lower(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_unichar_islower(g_utf8_get_char(p)))
			return TRUE;
	return FALSE;
}

static gboolean has_non_ascii(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((guchar)*p >= 0x80)
			return TRUE;
	return FALSE;
}

/* TCVN3 runs: an all-capitals line goes whole into ".VnTimeH" (as lower-case codes); in other
 * lines only the capital toned letters switch to ".VnTimeH", as a typist of the time did. */
static void encode_tcvn3(const char *s, GPtrArray *segs)
{
	gboolean all_caps = !has_lower(s) && has_non_ascii(s);
	g_autofree char *low = all_caps ? g_utf8_strdown(s, -1) : g_strdup(s);
	for (const char *p = low; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		int b = tcvn3_byte(c);
		if (b >= 0) {
			segments_add(segs, all_caps ? ".VnTimeH" : ".VnTime", (gunichar)b);
			continue;
		}
		b = g_unichar_isupper(c) ? tcvn3_byte(g_unichar_tolower(c)) : -1;
		if (b < 0)
			g_error("cannot write U+%04X in TCVN3", c);
		segments_add(segs, ".VnTimeH", (gunichar)b);
	}
}

/* VNI-Windows: a base letter followed by one mark byte; đ, ơ, ư and the toned i are single
 * bytes.  Capitals use the mark bytes minus 0x20. */
static void encode_vni_char(GString *out, gunichar c)
{
	static const guint8 tone_mark[6] = { 0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF }; /* -,sắc,huyền,hỏi,ngã,nặng */
	static const guint8 circ[6] = { 0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4 };
	static const guint8 breve[6] = { 0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB };
	static const guint8 toned_i[6] = { 'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2 };
	if (c < 0x80) {
		g_string_append_c(out, (char)c);
		return;
	}
	if (c == 0x111 || c == 0x110) {
		g_string_append_unichar(out, c == 0x111 ? 0xF1 : 0xD1);
		return;
	}
	gunichar d[4] = { 0 };
	gsize n = g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d));
	gunichar base = d[0], modifier = 0;
	int tone = 0;
	for (gsize i = 1; i < n; i++) {
		switch (d[i]) {
		case 0x301: tone = 1; break;
		case 0x300: tone = 2; break;
		case 0x309: tone = 3; break;
		case 0x303: tone = 4; break;
		case 0x323: tone = 5; break;
		case 0x302: case 0x306: case 0x31B: modifier = d[i]; break;
		default: g_error("cannot write U+%04X in VNI", c);
		}
	}
	gboolean upper = g_unichar_isupper(base);
	guint8 shift = upper ? 0x20 : 0;
	gunichar lb = g_unichar_tolower(base);
	if (base >= 0x80 || !strchr("aeiouy", (int)lb))
		g_error("cannot write U+%04X in VNI", c);
	if (lb == 'i' && tone) {
		g_string_append_unichar(out, (gunichar)(toned_i[tone] - shift));
	} else if (lb == 'y' && tone == 5) {
		g_string_append_unichar(out, (gunichar)(0xEE - shift));
	} else if (modifier == 0x31B) {
		g_string_append_unichar(out, (gunichar)((lb == 'o' ? 0xF4 : 0xF6) - shift));
		if (tone)
			g_string_append_unichar(out, (gunichar)(tone_mark[tone] - shift));
	} else if (modifier == 0x302) {
		g_string_append_c(out, (char)base);
		g_string_append_unichar(out, (gunichar)(circ[tone] - shift));
	} else if (modifier == 0x306) {
		g_string_append_c(out, (char)base);
		g_string_append_unichar(out, (gunichar)(breve[tone] - shift));
	} else {
		g_string_append_c(out, (char)base);
		if (tone)
			g_string_append_unichar(out, (gunichar)(tone_mark[tone] - shift));
	}
}

static char *encode_vni(const char *s)
{
	g_autofree char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	GString *out = g_string_new(NULL);
	for (const char *p = nfc; *p; p = g_utf8_next_char(p))
		encode_vni_char(out, g_utf8_get_char(p));
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Numbers in Vietnamese notation.  Values are kept in quarters (value * 4) so that money like */
/* 12,5 or 48,75 stays exact in binary and in the labels.                                      */

static char *fmt_quarters(gint64 q, gboolean plain)
{
	static const char *const frac[] = { "", ",25", ",5", ",75" };
	gboolean neg = q < 0;
	guint64 a = (guint64)(neg ? -q : q);
	g_autofree char *digits = g_strdup_printf("%" G_GUINT64_FORMAT, a / 4);
	GString *out = g_string_new(neg ? "-" : "");
	gsize len = strlen(digits);
	for (gsize i = 0; i < len; i++) {
		if (!plain && i > 0 && (len - i) % 3 == 0)
			g_string_append_c(out, '.');
		g_string_append_c(out, digits[i]);
	}
	g_string_append(out, frac[a % 4]);
	return g_string_free(out, FALSE);
}

static char *fmt_int(gint64 v, gboolean plain)
{
	return fmt_quarters(v * 4, plain);
}

/* ------------------------------------------------------------------------------------------ */
/* The model of one generated file.                                                             */

typedef struct {
	char *number; /* "12-KH/ĐU" */
	GDate date;
	const char *summary;
} IssuedRow;

typedef struct {
	const Task *task;
	int status;            /* index in task_statuses, or -1: invalid_text */
	const char *invalid_text;
	char *result;
} TaskRow;

typedef struct {
	gboolean has_period, has_ytd;
	gint64 period_q, ytd_q; /* value * 4 */
} IndValue;

typedef struct {
	int paper;                 /* -1: the mandated report; else index in paper_defs */
	const Unit *header_unit;   /* the unit the header names */
	Period period;
	int doc_no;
	GDate doc_date;
	Style st;
	GPtrArray *leadership;     /* char* */
	GArray *issued;            /* IssuedRow */
	GArray *tasks;             /* TaskRow */
	IndValue ind[N_IND];
	GPtrArray *difficulties;   /* char*; NULL when section IV is missing */
	GPtrArray *proposals;      /* char*; NULL when section V is missing */
	gboolean missing_section[5];
	const char *authority;     /* "T/M BAN THƯỜNG VỤ" */
	const char *signer_title;  /* "PHÓ BÍ THƯ" */
	char *signer;              /* NULL: no name printed */
	int blank_lines;           /* under the title, where the signature goes */
	int title_idx;             /* documents: which summary */
	int note_seed;             /* "Ghi chú" column contents */
	gboolean ind_workbook;     /* section III points to a workbook sent with the report */
} Report;

static void issued_row_clear(gpointer p)
{
	g_free(((IssuedRow *)p)->number);
}

static void task_row_clear(gpointer p)
{
	g_free(((TaskRow *)p)->result);
}

static Report *report_new(void)
{
	Report *r = g_new0(Report, 1);
	r->paper = -1;
	r->leadership = g_ptr_array_new_with_free_func(g_free);
	r->issued = g_array_new(FALSE, TRUE, sizeof(IssuedRow));
	g_array_set_clear_func(r->issued, issued_row_clear);
	r->tasks = g_array_new(FALSE, TRUE, sizeof(TaskRow));
	g_array_set_clear_func(r->tasks, task_row_clear);
	return r;
}

static void report_free(Report *r)
{
	if (!r)
		return;
	g_ptr_array_unref(r->leadership);
	g_array_unref(r->issued);
	g_array_unref(r->tasks);
	if (r->difficulties)
		g_ptr_array_unref(r->difficulties);
	if (r->proposals)
		g_ptr_array_unref(r->proposals);
	g_free(r->signer);
	g_free(r);
}

static char *random_name(Rng *rng)
{
	return g_strdup_printf("%s %s %s", RNG_PICK(rng, family_names), RNG_PICK(rng, middle_names),
			       RNG_PICK(rng, given_names));
}

/* A result line for a task, with its numbers in the report's notation. */
static char *random_result(Rng *rng, int status, gboolean plain)
{
	if (status == 2)
		return g_strdup(rng_permille(rng, 500) ? "Dự kiến triển khai trong kỳ tới" : "");
	if (status == 3)
		return g_strdup(rng_permille(rng, 500) ? "Không phát sinh nhiệm vụ trong kỳ" : "");
	g_autofree char *big = fmt_int(rng_range(rng, 120, 2600), plain);
	switch (rng_below(rng, 6)) {
	case 0: return g_strdup_printf("Tổ chức %d hội nghị quán triệt cho %s lượt cán bộ, đảng viên",
				       rng_range(rng, 1, 4), big);
	case 1: return g_strdup_printf("Ban hành %d văn bản chỉ đạo, hướng dẫn", rng_range(rng, 1, 5));
	case 2: return g_strdup_printf("Đăng tải %d tin, bài trên cổng thông tin điện tử", rng_range(rng, 3, 40));
	case 3: return g_strdup_printf("Rà soát %d văn bản, kiến nghị sửa đổi %d văn bản",
				       rng_range(rng, 5, 60), rng_range(rng, 1, 5));
	case 4: return g_strdup_printf("Số hóa %s hồ sơ", big);
	default: return g_strdup_printf("Mở %d lớp bồi dưỡng kiến thức pháp luật", rng_range(rng, 1, 4));
	}
}

static GPtrArray *random_paragraphs(Rng *rng, const char *const *pool, gsize n_pool, int lo, int hi,
				    gboolean bullets)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	int n = rng_range(rng, lo, hi);
	guint start = rng_below(rng, (guint)n_pool);
	for (int i = 0; i < n && i < (int)n_pool; i++) {
		const char *s = pool[(start + (guint)i) % n_pool];
		g_ptr_array_add(out, bullets ? g_strconcat("- ", s, NULL) : g_strdup(s));
	}
	return out;
}

static void random_signature(Rng *rng, Report *r)
{
	r->authority = rng_permille(rng, 800) ? "T/M BAN THƯỜNG VỤ" : "T/M ĐẢNG ỦY";
	r->signer_title = (r->st.v[K_KT] || rng_permille(rng, 500)) ? "PHÓ BÍ THƯ" : "BÍ THƯ";
	r->signer = random_name(rng);
	r->blank_lines = rng_range(rng, 1, 3);
}

/* A complete, valid report of `unit` for `period`, dated `doc_date`. */
static Report *report_generate(Rng *rng, const Unit *unit, Period period, const GDate *doc_date,
			       Style st)
{
	Report *r = report_new();
	gboolean plain = st.v[K_PLAIN];
	/* Keep only the axes that show in this report, so that the case string stays true. */
	if (period.kind != P_MONTH && period.kind != P_QUARTER)
		st.v[K_SLASH] = 0;
	if (strcmp(unit->tasks, TASKS_BASE) == 0 &&
	    (st.v[K_CODE] == CODE_PAREN || st.v[K_CODE] == CODE_PAREN_SPACE))
		st.v[K_CODE] = CODE_CANONICAL;
	r->header_unit = unit;
	r->period = period;
	r->doc_no = rng_range(rng, 3, 98);
	r->doc_date = *doc_date;
	r->st = st;

	int n_lead = rng_range(rng, 2, 3);
	guint start = rng_below(rng, G_N_ELEMENTS(leadership_pool));
	for (int i = 0; i < n_lead; i++)
		g_ptr_array_add(r->leadership,
				g_strdup(leadership_pool[(start + (guint)i) % G_N_ELEMENTS(leadership_pool)]));

	int n_issued = rng_range(rng, 0, 3);
	for (int i = 0; i < n_issued; i++) {
		static const char *const summaries[][2] = {
			{ "KH", "Kế hoạch thực hiện Nghị quyết số 66-NQ/TW của Bộ Chính trị" },
			{ "CV", "Công văn chỉ đạo tuyên truyền, quán triệt Nghị quyết số 66-NQ/TW" },
			{ "TB", "Thông báo kết luận của Ban Thường vụ về rà soát văn bản" },
			{ "HD", "Hướng dẫn các chi bộ xây dựng kế hoạch thực hiện Nghị quyết" },
		};
		IssuedRow row = { 0 };
		guint k = ((guint)i + rng_below(rng, 4)) % G_N_ELEMENTS(summaries);
		row.number = g_strdup_printf("%02d-%s/ĐU", rng_range(rng, 1, 60), summaries[k][0]);
		row.date = *doc_date;
		g_date_subtract_days(&row.date, (guint)rng_range(rng, 2, 25));
		row.summary = summaries[k][1];
		g_array_append_val(r->issued, row);
	}

	g_auto(GStrv) codes = g_strsplit(unit->tasks, ";", -1);
	for (char **c = codes; *c; c++) {
		TaskRow row = { 0 };
		guint roll = rng_below(rng, 100);
		row.task = task_by_code(*c);
		row.status = roll < 35 ? 0 : roll < 80 ? 1 : roll < 90 ? 2 : 3;
		row.result = random_result(rng, row.status, plain);
		g_array_append_val(r->tasks, row);
	}

	int months = period_months(&period), prior = period_prior_months(&period);
	for (int i = 0; i < N_IND; i++) {
		const IndicatorDef *def = &ind_defs[i];
		IndValue *v = &r->ind[i];
		gint64 p = rng_permille(rng, 150) ? 0 : rng_range(rng, 0, def->month_max * months);
		gint64 before = prior ? rng_range(rng, 0, def->month_max * prior) : 0;
		if (i == 2)
			p = n_issued;
		v->has_period = v->has_ytd = TRUE;
		v->period_q = p * 4;
		v->ytd_q = (p + before) * 4;
		if (def->money) {
			static const int fracs[] = { 0, 0, 2, 2, 1, 3 };
			int f = RNG_PICK(rng, fracs);
			v->period_q += f;
			v->ytd_q += f + (before ? (int)rng_below(rng, 4) : 0);
		}
	}

	r->difficulties = rng_permille(rng, 150) ? NULL
		: random_paragraphs(rng, difficulty_pool, G_N_ELEMENTS(difficulty_pool), 1, 3,
				    rng_permille(rng, 400));
	if (!r->difficulties) {
		r->difficulties = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(r->difficulties, g_strdup("Không có."));
	}
	r->proposals = rng_permille(rng, 200) ? NULL
		: random_paragraphs(rng, proposal_pool, G_N_ELEMENTS(proposal_pool), 1, 2,
				    rng_permille(rng, 400));
	if (!r->proposals) {
		r->proposals = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(r->proposals, g_strdup("Không có."));
	}
	random_signature(rng, r);
	r->note_seed = (int)rng_below(rng, 1000);
	return r;
}

/* An official document (plan, resolution, notice) issued by `unit`. */
static Report *paper_generate(Rng *rng, int paper, const Unit *unit, const GDate *doc_date, Style st)
{
	Report *r = report_new();
	r->paper = paper;
	r->header_unit = unit;
	r->doc_no = rng_range(rng, 1, 40);
	r->doc_date = *doc_date;
	st.v[K_IND] = IND_TABLE;
	st.v[K_CODE] = CODE_CANONICAL;
	st.v[K_STATUS] = STATUS_CANONICAL;
	st.v[K_SLASH] = 0;
	st.v[K_PLAIN] = 0;
	r->st = st;
	r->title_idx = (int)rng_below(rng, 3);
	random_signature(rng, r);
	if (paper == PAPER_RESOLUTION) {
		r->authority = "T/M ĐẢNG ỦY";
		if (!st.v[K_KT])
			r->signer_title = "BÍ THƯ";
	}
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* WordprocessingML writer on top of xmlTextWriter.                                             */

typedef enum { AL_LEFT, AL_CENTER, AL_RIGHT, AL_BOTH } Align;

typedef struct {
	gboolean b, i, u;
	int sz; /* half-points; 0: the default 14 pt */
} RunFmt;

static const RunFmt F_PLAIN = { FALSE, FALSE, FALSE, 0 };
static const RunFmt F_BOLD = { TRUE, FALSE, FALSE, 0 };
static const RunFmt F_ITALIC = { FALSE, TRUE, FALSE, 0 };
static const RunFmt F_SMALL = { FALSE, FALSE, FALSE, 24 };
static const RunFmt F_SMALL_BOLD = { TRUE, FALSE, FALSE, 24 };

typedef struct Odt Odt;

/* The writer: WordprocessingML through xmlTextWriter or, with `lay` set, the same primitives
 * recorded into a neutral layout for render_pdf.c, or, with `odt` set, written as OpenDocument
 * text (odt_* below); `open` then tracks the open elements so that el_end() knows which block
 * ends. */
typedef struct {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	const Style *st;
	int sdt_id;
	RLayout *lay;
	Odt *odt;
	GPtrArray *open; /* const char*: element names, in layout and OpenDocument mode */
} Doc;

static void odt_para_begin(Odt *o, Align al, gboolean numbered);
static void odt_run(Odt *o, RunFmt f, const char *font, const char *text);
static void odt_table_begin(Odt *o, const int *widths, int n, gboolean ruled);
static void odt_row_begin(Odt *o, gboolean header);
static void odt_cell_begin(Odt *o, int span, int vmerge);
static void odt_end(Odt *o, const char *name);

static void xw(int rc)
{
	if (rc < 0)
		g_error("xmlTextWriter failed");
}

static void el_start(Doc *d, const char *name)
{
	if (d->lay || d->odt) {
		g_ptr_array_add(d->open, (gpointer)name);
		return;
	}
	xw(xmlTextWriterStartElement(d->w, BAD_CAST name));
}

static void el_end(Doc *d)
{
	if (d->lay || d->odt) {
		g_assert(d->open->len > 0);
		const char *name = g_ptr_array_steal_index(d->open, d->open->len - 1);
		if (d->odt)
			odt_end(d->odt, name);
		else if (strcmp(name, "w:p") == 0)
			rl_para_end(d->lay);
		else if (strcmp(name, "w:tc") == 0)
			rl_cell_end(d->lay);
		else if (strcmp(name, "w:tr") == 0)
			rl_row_end(d->lay);
		else if (strcmp(name, "w:tbl") == 0)
			rl_table_end(d->lay);
		return;
	}
	xw(xmlTextWriterEndElement(d->w));
}

static void el_attr(Doc *d, const char *name, const char *value)
{
	if (d->lay || d->odt)
		return;
	xw(xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST value));
}

/* An empty element with an optional w:val: <w:b/>, <w:jc w:val="center"/>. */
static void el_val(Doc *d, const char *name, const char *val)
{
	el_start(d, name);
	if (val)
		el_attr(d, "w:val", val);
	el_end(d);
}

static void el_val_int(Doc *d, const char *name, int val)
{
	char buf[32];
	g_snprintf(buf, sizeof buf, "%d", val);
	el_val(d, name, buf);
}

static void doc_open(Doc *d, const Style *st)
{
	memset(d, 0, sizeof *d);
	d->st = st;
	d->buf = xmlBufferCreate();
	d->w = xmlNewTextWriterMemory(d->buf, 0);
	if (!d->buf || !d->w)
		g_error("cannot create an XML writer");
	xw(xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", "yes"));
}

/* Finish the XML and return its bytes. */
static GBytes *doc_close(Doc *d)
{
	xw(xmlTextWriterEndDocument(d->w));
	xmlFreeTextWriter(d->w);
	GBytes *b = g_bytes_new(xmlBufferContent(d->buf), (gsize)xmlBufferLength(d->buf));
	xmlBufferFree(d->buf);
	return b;
}

static const char *doc_font(const Doc *d)
{
	switch (d->st->v[K_ENC]) {
	case ENC_TCVN3: return ".VnTime";
	case ENC_VNI: return "VNI-Times";
	default: return "Times New Roman";
	}
}

static void write_run(Doc *d, RunFmt f, const char *font, const char *text)
{
	if (d->lay) {
		rl_run(d->lay, f.b, f.i, f.u, f.sz, text);
		return;
	}
	if (d->odt) {
		odt_run(d->odt, f, font, text);
		return;
	}
	el_start(d, "w:r");
	el_start(d, "w:rPr");
	el_start(d, "w:rFonts");
	el_attr(d, "w:ascii", font);
	el_attr(d, "w:hAnsi", font);
	el_attr(d, "w:cs", font);
	el_end(d);
	if (f.b)
		el_val(d, "w:b", NULL);
	if (f.i)
		el_val(d, "w:i", NULL);
	if (f.u)
		el_val(d, "w:u", "single");
	if (f.sz) {
		el_val_int(d, "w:sz", f.sz);
		el_val_int(d, "w:szCs", f.sz);
	}
	el_end(d);
	el_start(d, "w:t");
	el_attr(d, "xml:space", "preserve");
	xw(xmlTextWriterWriteString(d->w, BAD_CAST text));
	el_end(d);
	el_end(d);
}

/* Text as the document's style prints it: old tone placement, then the encoding. */
static void doc_text(Doc *d, RunFmt f, const char *text)
{
	if (!*text)
		return;
	g_autofree char *t = d->st->v[K_OLDTONE] ? text_oldtone(text) : g_strdup(text);
	switch (d->st->v[K_ENC]) {
	case ENC_NFD: {
		g_autofree char *nfd = g_utf8_normalize(t, -1, G_NORMALIZE_NFD);
		write_run(d, f, doc_font(d), nfd);
		break;
	}
	case ENC_TCVN3: {
		g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func(segment_free);
		encode_tcvn3(t, segs);
		for (guint i = 0; i < segs->len; i++) {
			Segment *s = g_ptr_array_index(segs, i);
			write_run(d, f, s->font, s->text->str);
		}
		break;
	}
	case ENC_VNI: {
		g_autofree char *vni = encode_vni(t);
		write_run(d, f, doc_font(d), vni);
		break;
	}
	default:
		write_run(d, f, doc_font(d), t);
	}
}

/* A run-level content control (w:sdt) tagged with a field name, when the style uses them. */
static void doc_field(Doc *d, RunFmt f, const char *tag, const char *text)
{
	if (!d->st->v[K_SDT] || !tag || d->lay || d->odt) {
		doc_text(d, f, text);
		return;
	}
	el_start(d, "w:sdt");
	el_start(d, "w:sdtPr");
	el_val(d, "w:alias", tag);
	el_val(d, "w:tag", tag);
	el_val_int(d, "w:id", 100 + d->sdt_id++);
	el_end(d);
	el_start(d, "w:sdtContent");
	doc_text(d, f, text);
	el_end(d);
	el_end(d);
}

static void para_begin(Doc *d, Align al, gboolean numbered)
{
	static const char *const jc[] = { "left", "center", "right", "both" };
	if (d->lay)
		rl_para_begin(d->lay, (RAlign)al, numbered);
	if (d->odt)
		odt_para_begin(d->odt, al, numbered);
	el_start(d, "w:p");
	el_start(d, "w:pPr");
	if (numbered) {
		el_start(d, "w:numPr");
		el_val(d, "w:ilvl", "0");
		el_val(d, "w:numId", "1");
		el_end(d);
	}
	el_start(d, "w:spacing");
	el_attr(d, "w:before", "0");
	el_attr(d, "w:after", "60");
	el_end(d);
	el_val(d, "w:jc", jc[al]);
	el_end(d);
}

static void para_end(Doc *d)
{
	el_end(d);
}

static void para(Doc *d, Align al, RunFmt f, const char *text)
{
	para_begin(d, al, FALSE);
	doc_text(d, f, text);
	para_end(d);
}

static void table_begin(Doc *d, const int *widths, int n, gboolean borders)
{
	static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH",
					     "w:insideV" };
	if (d->lay)
		rl_table_begin(d->lay, widths, n, borders);
	if (d->odt)
		odt_table_begin(d->odt, widths, n, borders);
	el_start(d, "w:tbl");
	el_start(d, "w:tblPr");
	el_start(d, "w:tblW");
	el_attr(d, "w:w", "0");
	el_attr(d, "w:type", "auto");
	el_end(d);
	el_start(d, "w:tblBorders");
	for (gsize i = 0; i < G_N_ELEMENTS(sides); i++) {
		el_start(d, sides[i]);
		el_attr(d, "w:val", borders ? "single" : "nil");
		if (borders) {
			el_attr(d, "w:sz", "4");
			el_attr(d, "w:space", "0");
			el_attr(d, "w:color", "000000");
		}
		el_end(d);
	}
	el_end(d);
	el_start(d, "w:tblLayout");
	el_attr(d, "w:type", "fixed");
	el_end(d);
	el_end(d);
	el_start(d, "w:tblGrid");
	for (int i = 0; i < n; i++) {
		char buf[16];
		g_snprintf(buf, sizeof buf, "%d", widths[i]);
		el_start(d, "w:gridCol");
		el_attr(d, "w:w", buf);
		el_end(d);
	}
	el_end(d);
}

static void row_begin(Doc *d, gboolean header)
{
	if (d->lay)
		rl_row_begin(d->lay, header);
	if (d->odt)
		odt_row_begin(d->odt, header);
	el_start(d, "w:tr");
	if (header) {
		el_start(d, "w:trPr");
		el_val(d, "w:tblHeader", NULL);
		el_end(d);
	}
}

enum { VM_NONE, VM_RESTART, VM_CONTINUE };
G_STATIC_ASSERT((int)VM_CONTINUE == RVM_CONTINUE && (int)VM_RESTART == RVM_RESTART);
G_STATIC_ASSERT((int)AL_BOTH == RA_BOTH && (int)AL_RIGHT == RA_RIGHT && (int)AL_CENTER == RA_CENTER);

static void cell_begin(Doc *d, int width, int span, int vmerge)
{
	char buf[16];
	if (d->lay)
		rl_cell_begin(d->lay, width, span, vmerge);
	if (d->odt)
		odt_cell_begin(d->odt, span, vmerge);
	el_start(d, "w:tc");
	el_start(d, "w:tcPr");
	g_snprintf(buf, sizeof buf, "%d", width);
	el_start(d, "w:tcW");
	el_attr(d, "w:w", buf);
	el_attr(d, "w:type", "dxa");
	el_end(d);
	if (span > 1)
		el_val_int(d, "w:gridSpan", span);
	if (vmerge == VM_RESTART)
		el_val(d, "w:vMerge", "restart");
	else if (vmerge == VM_CONTINUE)
		el_val(d, "w:vMerge", NULL);
	el_end(d);
}

/* A cell with one paragraph; `tag` wraps the text in a content control. */
static void cell_text(Doc *d, int width, Align al, RunFmt f, const char *text, const char *tag)
{
	cell_begin(d, width, 1, VM_NONE);
	para_begin(d, al, FALSE);
	doc_field(d, f, tag, text);
	para_end(d);
	el_end(d);
}

/* ------------------------------------------------------------------------------------------ */
/* The report, one function per block (REPORT-66.md sections 1 to 7).                         */

static char *issuer_line(const Report *r)
{
	g_autofree char *up = g_utf8_strup(r->header_unit->name, -1);
	switch (r->st.v[K_ISSUER]) {
	case ISSUER_NODIAC: return text_strip(up);
	case ISSUER_ALIAS: return g_utf8_strup(r->header_unit->alias, -1);
	default: return g_steal_pointer(&up);
	}
}

static char *doc_number(const Report *r)
{
	const char *abbr = r->paper < 0 ? "BC" : paper_defs[r->paper].abbr;
	return g_strdup_printf("%02d-%s/ĐU", r->doc_no, abbr);
}

static void write_header_left(Doc *d, const Report *r)
{
	g_autofree char *issuer = issuer_line(r);
	g_autofree char *number = doc_number(r);
	para(d, AL_CENTER, F_PLAIN, "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG");
	para_begin(d, AL_CENTER, FALSE);
	doc_field(d, F_BOLD, "issuer", issuer);
	para_end(d);
	para(d, AL_CENTER, F_PLAIN, "*");
	para_begin(d, AL_CENTER, FALSE);
	doc_text(d, F_PLAIN, r->st.v[K_SO_COLON] ? "Số: " : "Số ");
	doc_field(d, F_PLAIN, "doc_number", number);
	para_end(d);
}

static void write_header_right(Doc *d, const Report *r)
{
	static const RunFmt title = { TRUE, FALSE, TRUE, 30 };
	g_autofree char *date = date_long(&r->doc_date);
	para(d, AL_CENTER, title, "ĐẢNG CỘNG SẢN VIỆT NAM");
	para_begin(d, AL_RIGHT, FALSE);
	doc_text(d, F_ITALIC, "Hải Phòng, ");
	doc_field(d, F_ITALIC, "doc_date", date);
	para_end(d);
}

/* Section 1: a two-column borderless table, or plain paragraphs when retyped. */
static void write_header(Doc *d, const Report *r)
{
	static const int widths[] = { 4200, 5100 };
	if (r->st.v[K_RETYPED]) {
		write_header_left(d, r);
		write_header_right(d, r);
		return;
	}
	table_begin(d, widths, 2, FALSE);
	row_begin(d, FALSE);
	cell_begin(d, widths[0], 1, VM_NONE);
	write_header_left(d, r);
	el_end(d);
	cell_begin(d, widths[1], 1, VM_NONE);
	write_header_right(d, r);
	el_end(d);
	el_end(d);
	el_end(d);
}

/* Section 2: the title block. */
static void write_title(Doc *d, const Report *r)
{
	static const RunFmt big = { TRUE, FALSE, FALSE, 32 };
	g_autofree char *period = period_text(&r->period, r->st.v[K_SLASH]);
	para(d, AL_CENTER, F_PLAIN, "");
	para(d, AL_CENTER, big, "BÁO CÁO");
	para(d, AL_CENTER, F_BOLD,
	     "kết quả thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị");
	para(d, AL_CENTER, F_BOLD,
	     "về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới");
	para_begin(d, AL_CENTER, FALSE);
	doc_text(d, F_ITALIC, "Kỳ báo cáo: ");
	doc_field(d, F_ITALIC, "period", period);
	para_end(d);
	para(d, AL_CENTER, F_PLAIN, "-----");
}

/* A section heading, numbered as the style says; idx 0..4 for I..V. */
static void write_heading(Doc *d, const Report *r, int idx, const char *title)
{
	g_autofree char *text = r->st.v[K_SENTENCE] ? text_sentence(title) : g_strdup(title);
	g_autofree char *line = NULL;
	switch (r->st.v[K_NUMBERING]) {
	case NUMBERING_ARABIC: line = g_strdup_printf("%d. %s", idx + 1, text); break;
	case NUMBERING_NONE:
	case NUMBERING_AUTO: line = g_strdup(text); break;
	default: line = g_strdup_printf("%s. %s", roman[idx], text);
	}
	para_begin(d, AL_BOTH, r->st.v[K_NUMBERING] == NUMBERING_AUTO);
	doc_text(d, F_BOLD, line);
	para_end(d);
}

static void write_paragraphs(Doc *d, const GPtrArray *paras)
{
	for (guint i = 0; i < paras->len; i++)
		para(d, AL_BOTH, F_PLAIN, g_ptr_array_index(paras, i));
}

/* Section I: narrative and the table of issued documents. */
static void write_section_leadership(Doc *d, const Report *r)
{
	static const int widths[] = { 600, 1700, 1600, 5400 };
	static const char *const head[] = { "TT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung" };
	write_heading(d, r, 0, section_titles[0]);
	write_paragraphs(d, r->leadership);
	if (r->issued->len == 0) {
		para(d, AL_BOTH, F_PLAIN, "Trong kỳ, Đảng ủy không ban hành văn bản lãnh đạo, chỉ đạo mới.");
		return;
	}
	para(d, AL_BOTH, F_PLAIN, "Các văn bản lãnh đạo, chỉ đạo đã ban hành trong kỳ:");
	table_begin(d, widths, 4, TRUE);
	row_begin(d, TRUE);
	for (int c = 0; c < 4; c++)
		cell_text(d, widths[c], AL_CENTER, F_SMALL_BOLD, head[c], NULL);
	el_end(d);
	for (guint i = 0; i < r->issued->len; i++) {
		const IssuedRow *row = &g_array_index(r->issued, IssuedRow, i);
		g_autofree char *tt = g_strdup_printf("%u", i + 1);
		g_autofree char *date = g_strdup_printf("%02d/%02d/%d", g_date_get_day(&row->date),
							g_date_get_month(&row->date),
							g_date_get_year(&row->date));
		row_begin(d, FALSE);
		cell_text(d, widths[0], AL_CENTER, F_SMALL, tt, NULL);
		cell_text(d, widths[1], AL_CENTER, F_SMALL, row->number, NULL);
		cell_text(d, widths[2], AL_CENTER, F_SMALL, date, NULL);
		cell_text(d, widths[3], AL_LEFT, F_SMALL, row->summary, NULL);
		el_end(d);
	}
	el_end(d);
}

static char *task_code_text(const char *code, int form)
{
	g_auto(GStrv) p = g_strsplit(code, ".", -1);
	gboolean sub = g_strv_length(p) == 3;
	switch (form) {
	case CODE_PAREN: return sub ? g_strdup_printf("%s.%s(%s)", p[0], p[1], p[2]) : g_strdup(code);
	case CODE_PAREN_SPACE: return sub ? g_strdup_printf("%s.%s (%s)", p[0], p[1], p[2]) : g_strdup(code);
	case CODE_ROMAN: return sub ? g_strdup_printf("II.%s.%s(%s)", p[0], p[1], p[2])
				    : g_strdup_printf("II.%s", code);
	default: return g_strdup(code);
	}
}

static char *status_text(const TaskRow *row, int form)
{
	const char *s = row->status < 0 ? row->invalid_text : task_statuses[row->status];
	switch (form) {
	case STATUS_LOWER: return g_utf8_strdown(s, -1);
	case STATUS_NODIAC: return text_strip(s);
	default: return g_strdup(s);
	}
}

/* Section II: one row per task; the code column goes when the style leaves codes out. */
static void write_section_tasks(Doc *d, const Report *r)
{
	static const int widths_code[] = { 500, 1100, 3900, 1500, 2300 };
	static const int widths_nocode[] = { 500, 5000, 1500, 2300 };
	static const char *const head[] = { "TT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Tình trạng",
					    "Sản phẩm, kết quả" };
	gboolean with_code = r->st.v[K_CODE] != CODE_NONE;
	const int *widths = with_code ? widths_code : widths_nocode;
	int n = with_code ? 5 : 4;
	write_heading(d, r, 1, section_titles[1]);
	table_begin(d, widths, n, TRUE);
	row_begin(d, TRUE);
	for (int c = 0, w = 0; c < 5; c++) {
		if (c == 1 && !with_code)
			continue;
		cell_text(d, widths[w++], AL_CENTER, F_SMALL_BOLD, head[c], NULL);
	}
	el_end(d);
	for (guint i = 0; i < r->tasks->len; i++) {
		const TaskRow *row = &g_array_index(r->tasks, TaskRow, i);
		g_autofree char *tt = g_strdup_printf("%u", i + 1);
		if (r->st.v[K_SPLIT] && i == r->tasks->len / 2 && i > 0) {
			/* a writer split the table here: an empty paragraph, then the rest of
			 * the rows as a table of their own */
			el_end(d);
			para(d, AL_LEFT, F_PLAIN, "");
			table_begin(d, widths, n, TRUE);
		}
		g_autofree char *code = task_code_text(row->task->code, r->st.v[K_CODE]);
		g_autofree char *status = status_text(row, r->st.v[K_STATUS]);
		int w = 0;
		row_begin(d, FALSE);
		cell_text(d, widths[w++], AL_CENTER, F_SMALL, tt, NULL);
		if (with_code)
			cell_text(d, widths[w++], AL_CENTER, F_SMALL, code, NULL);
		cell_text(d, widths[w++], AL_BOTH, F_SMALL, row->task->wording, NULL);
		cell_text(d, widths[w++], AL_CENTER, F_SMALL, status, NULL);
		cell_text(d, widths[w++], AL_LEFT, F_SMALL, row->result, NULL);
		el_end(d);
	}
	el_end(d);
}

typedef enum { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_PERIOD, COL_YTD, COL_NOTE } IndCol;

static char *ind_value_text(const Report *r, int i, gboolean ytd)
{
	const IndValue *v = &r->ind[i];
	if (ytd ? !v->has_ytd : !v->has_period)
		return g_strdup("");
	return fmt_quarters(ytd ? v->ytd_q : v->period_q, r->st.v[K_PLAIN]);
}

static const char *ind_col_head(IndCol c)
{
	static const char *const heads[] = { "TT", "Mã", "Chỉ số", "Đơn vị tính", "Trong kỳ",
					     "Lũy kế từ đầu năm", "Ghi chú" };
	return heads[c];
}

static int ind_col_width(IndCol c)
{
	static const int widths[] = { 500, 800, 3600, 1200, 1100, 1300, 1100 };
	return widths[c];
}

static void write_indicator_table(Doc *d, const Report *r)
{
	static const IndCol canonical[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_PERIOD, COL_YTD };
	static const IndCol reordered[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_YTD, COL_PERIOD };
	static const IndCol extra[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_PERIOD, COL_YTD, COL_NOTE };
	static const char *const notes[] = { "", "", "Tăng so với kỳ trước", "Ước thực hiện", "" };
	int layout = r->st.v[K_IND];
	const IndCol *cols = layout == IND_REORDERED ? reordered : layout == IND_EXTRA ? extra : canonical;
	int n = layout == IND_EXTRA ? 7 : 6;
	int widths[7];
	for (int c = 0; c < n; c++)
		widths[c] = ind_col_width(cols[c]);
	table_begin(d, widths, n, TRUE);
	if (layout == IND_MERGED) {
		/* Row 1: the label columns merged down, "Kết quả" over the two value columns. */
		row_begin(d, TRUE);
		for (int c = 0; c < n; c++) {
			if (cols[c] == COL_YTD)
				continue;
			gboolean value = cols[c] == COL_PERIOD;
			cell_begin(d, value ? widths[c] + widths[c + 1] : widths[c], value ? 2 : 1,
				   value ? VM_NONE : VM_RESTART);
			para(d, AL_CENTER, F_SMALL_BOLD, value ? "Kết quả" : ind_col_head(cols[c]));
			el_end(d);
		}
		el_end(d);
		row_begin(d, TRUE);
		for (int c = 0; c < n; c++) {
			if (cols[c] == COL_PERIOD || cols[c] == COL_YTD) {
				cell_text(d, widths[c], AL_CENTER, F_SMALL_BOLD, ind_col_head(cols[c]), NULL);
				continue;
			}
			cell_begin(d, widths[c], 1, VM_CONTINUE);
			para(d, AL_CENTER, F_SMALL, "");
			el_end(d);
		}
		el_end(d);
	} else {
		row_begin(d, TRUE);
		for (int c = 0; c < n; c++)
			cell_text(d, widths[c], AL_CENTER, F_SMALL_BOLD, ind_col_head(cols[c]), NULL);
		el_end(d);
	}
	for (int i = 0; i < N_IND; i++) {
		const IndicatorDef *def = &ind_defs[i];
		row_begin(d, FALSE);
		for (int c = 0; c < n; c++) {
			g_autofree char *text = NULL;
			g_autofree char *tag = NULL;
			Align al = AL_CENTER;
			switch (cols[c]) {
			case COL_TT: text = g_strdup_printf("%d", i + 1); break;
			case COL_CODE: text = g_strdup(def->code); break;
			case COL_LABEL: text = g_strdup(def->label); al = AL_LEFT; break;
			case COL_UNIT: text = g_strdup(def->unit); break;
			case COL_PERIOD:
				text = ind_value_text(r, i, FALSE);
				tag = g_strdup_printf("%s.period", def->code);
				break;
			case COL_YTD:
				text = ind_value_text(r, i, TRUE);
				tag = g_strdup_printf("%s.ytd", def->code);
				break;
			case COL_NOTE:
				text = g_strdup(notes[(r->note_seed + i) % (int)G_N_ELEMENTS(notes)]);
				break;
			}
			cell_text(d, widths[c], al, F_SMALL, text, tag);
		}
		el_end(d);
	}
	el_end(d);
}

/* Indicators as text lines: "- CS01. label: 2 hội nghị (lũy kế từ đầu năm: 9)" or, without
 * the code, "label: 1.250 lượt; lũy kế 3.400".  A missing value drops the line. */
static void write_indicator_lines(Doc *d, const Report *r)
{
	para(d, AL_BOTH, F_PLAIN, "Kết quả thực hiện các chỉ số giám sát trong kỳ như sau:");
	for (int i = 0; i < N_IND; i++) {
		const IndicatorDef *def = &ind_defs[i];
		const IndValue *v = &r->ind[i];
		if (!v->has_period || !v->has_ytd)
			continue;
		g_autofree char *p = ind_value_text(r, i, FALSE);
		g_autofree char *y = ind_value_text(r, i, TRUE);
		g_autofree char *ptag = g_strdup_printf("%s.period", def->code);
		g_autofree char *ytag = g_strdup_printf("%s.ytd", def->code);
		gboolean with_code = ((r->note_seed >> i) & 1) == 0;
		para_begin(d, AL_BOTH, FALSE);
		if (with_code) {
			g_autofree char *lead = g_strdup_printf("- %s. %s: ", def->code, def->label);
			g_autofree char *unit = g_strdup_printf(" %s (lũy kế từ đầu năm: ", def->unit);
			doc_text(d, F_PLAIN, lead);
			doc_field(d, F_PLAIN, ptag, p);
			doc_text(d, F_PLAIN, unit);
			doc_field(d, F_PLAIN, ytag, y);
			doc_text(d, F_PLAIN, ")");
		} else {
			g_autofree char *lead = g_strdup_printf("%s: ", def->label);
			g_autofree char *unit = g_strdup_printf(" %s; lũy kế ", def->short_unit);
			doc_text(d, F_PLAIN, lead);
			doc_field(d, F_PLAIN, ptag, p);
			doc_text(d, F_PLAIN, unit);
			doc_field(d, F_PLAIN, ytag, y);
		}
		para_end(d);
	}
}

/* Section III. */
static void write_section_indicators(Doc *d, const Report *r)
{
	write_heading(d, r, 2, section_titles[2]);
	if (r->ind_workbook)
		para(d, AL_BOTH, F_PLAIN, "Số liệu các chỉ số giám sát trong kỳ tại Phụ lục (tệp Excel) gửi kèm theo báo cáo này.");
	else if (r->st.v[K_IND] == IND_TEXT)
		write_indicator_lines(d, r);
	else
		write_indicator_table(d, r);
}

/* Sections IV and V. */
static void write_section_text(Doc *d, const Report *r, int idx, const GPtrArray *paras)
{
	write_heading(d, r, idx, section_titles[idx]);
	write_paragraphs(d, paras);
}

/* Section 7: recipients on the left, the signature block on the right. */
static void write_closing(Doc *d, const Report *r)
{
	static const int widths[] = { 4600, 4700 };
	static const RunFmt recip_head = { TRUE, TRUE, TRUE, 24 };
	para(d, AL_LEFT, F_PLAIN, "");
	table_begin(d, widths, 2, FALSE);
	row_begin(d, FALSE);
	cell_begin(d, widths[0], 1, VM_NONE);
	para(d, AL_LEFT, recip_head, "Nơi nhận:");
	for (gsize i = 0; i < G_N_ELEMENTS(recipients); i++)
		para(d, AL_LEFT, F_SMALL, recipients[i]);
	el_end(d);
	cell_begin(d, widths[1], 1, VM_NONE);
	para(d, AL_CENTER, F_BOLD, r->authority);
	if (r->st.v[K_KT])
		para(d, AL_CENTER, F_BOLD, "K/T BÍ THƯ");
	para(d, AL_CENTER, F_PLAIN, r->signer_title);
	for (int i = 0; i < r->blank_lines; i++)
		para(d, AL_CENTER, F_PLAIN, "");
	if (r->signer) {
		para_begin(d, AL_CENTER, FALSE);
		doc_field(d, F_BOLD, "signer_name", r->signer);
		para_end(d);
	}
	el_end(d);
	el_end(d);
	el_end(d);
}

static void write_report_body(Doc *d, const Report *r)
{
	write_header(d, r);
	write_title(d, r);
	if (!r->missing_section[0])
		write_section_leadership(d, r);
	if (!r->missing_section[1])
		write_section_tasks(d, r);
	if (!r->missing_section[2])
		write_section_indicators(d, r);
	if (!r->missing_section[3])
		write_section_text(d, r, 3, r->difficulties);
	if (!r->missing_section[4])
		write_section_text(d, r, 4, r->proposals);
	write_closing(d, r);
}

/* A plan, resolution or notice: the same header and closing, its own title and body. */
static void write_paper_body(Doc *d, const Report *r)
{
	static const RunFmt big = { TRUE, FALSE, FALSE, 32 };
	const PaperDef *def = &paper_defs[r->paper];
	g_autofree char *type = g_utf8_strdown(def->type_sentence, -1);
	g_autofree char *intro = g_strdup_printf(
		"Thực hiện Chương trình hành động số 06-CTr/TU ngày 24/9/2025 của Ban Thường vụ Thành ủy về thực hiện Nghị quyết số 66-NQ/TW, ngày 30/4/2025 của Bộ Chính trị, Ban Thường vụ %s ban hành %s như sau:",
		r->header_unit->name, type);
	write_header(d, r);
	para(d, AL_CENTER, F_PLAIN, "");
	para(d, AL_CENTER, big, def->word);
	para(d, AL_CENTER, F_BOLD, def->titles[r->title_idx][0]);
	para(d, AL_CENTER, F_BOLD, def->titles[r->title_idx][1]);
	para(d, AL_CENTER, F_PLAIN, "-----");
	para(d, AL_BOTH, F_PLAIN, intro);
	for (int i = 0; i < 3; i++) {
		write_heading(d, r, i, def->headings[i]);
		para(d, AL_BOTH, F_PLAIN, def->body[i]);
	}
	write_closing(d, r);
}

/* word/document.xml of a report or a document. */
static GBytes *build_document_xml(const Report *r)
{
	Doc d;
	doc_open(&d, &r->st);
	el_start(&d, "w:document");
	el_attr(&d, "xmlns:w", W_NS);
	el_attr(&d, "xmlns:r", R_NS);
	el_start(&d, "w:body");
	if (r->paper < 0)
		write_report_body(&d, r);
	else
		write_paper_body(&d, r);
	el_start(&d, "w:sectPr");
	el_start(&d, "w:pgSz");
	el_attr(&d, "w:w", "11906");
	el_attr(&d, "w:h", "16838");
	el_end(&d);
	el_start(&d, "w:pgMar");
	el_attr(&d, "w:top", "1134");
	el_attr(&d, "w:right", "850");
	el_attr(&d, "w:bottom", "1134");
	el_attr(&d, "w:left", "1701");
	el_attr(&d, "w:header", "720");
	el_attr(&d, "w:footer", "720");
	el_attr(&d, "w:gutter", "0");
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

/* The same document recorded for render_pdf.c: the writer functions above in layout mode. */
static RLayout *build_layout(const Report *r)
{
	Doc d;
	memset(&d, 0, sizeof d);
	d.st = &r->st;
	d.lay = rl_new();
	d.open = g_ptr_array_new();
	if (r->paper < 0)
		write_report_body(&d, r);
	else
		write_paper_body(&d, r);
	g_assert(d.open->len == 0);
	g_ptr_array_unref(d.open);
	return d.lay;
}

/* A hostile word/document.xml: a DTD with an external entity, used in the text. */
static GBytes *build_hostile_document_xml(void)
{
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	xw(xmlTextWriterStartDTD(d.w, BAD_CAST "w:document", NULL, NULL));
	xw(xmlTextWriterWriteDTDExternalEntity(d.w, 0, BAD_CAST "x", NULL,
					       BAD_CAST "file:///etc/passwd", NULL));
	xw(xmlTextWriterEndDTD(d.w));
	el_start(&d, "w:document");
	el_attr(&d, "xmlns:w", W_NS);
	el_start(&d, "w:body");
	para(&d, AL_CENTER, F_BOLD, "BÁO CÁO");
	el_start(&d, "w:p");
	el_start(&d, "w:r");
	el_start(&d, "w:t");
	xw(xmlTextWriterWriteRaw(d.w, BAD_CAST "&x;"));
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

static GBytes *build_styles_xml(const Style *st)
{
	Doc d;
	doc_open(&d, st);
	const char *font = doc_font(&d);
	el_start(&d, "w:styles");
	el_attr(&d, "xmlns:w", W_NS);
	el_start(&d, "w:docDefaults");
	el_start(&d, "w:rPrDefault");
	el_start(&d, "w:rPr");
	el_start(&d, "w:rFonts");
	el_attr(&d, "w:ascii", font);
	el_attr(&d, "w:hAnsi", font);
	el_attr(&d, "w:cs", font);
	el_end(&d);
	el_val(&d, "w:sz", "28");
	el_val(&d, "w:szCs", "28");
	el_val(&d, "w:lang", "vi-VN");
	el_end(&d);
	el_end(&d);
	el_start(&d, "w:pPrDefault");
	el_start(&d, "w:pPr");
	el_start(&d, "w:spacing");
	el_attr(&d, "w:after", "120");
	el_attr(&d, "w:line", "300");
	el_attr(&d, "w:lineRule", "auto");
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_start(&d, "w:style");
	el_attr(&d, "w:type", "paragraph");
	el_attr(&d, "w:default", "1");
	el_attr(&d, "w:styleId", "Normal");
	el_val(&d, "w:name", "Normal");
	el_val(&d, "w:qFormat", NULL);
	el_end(&d);
	el_start(&d, "w:style");
	el_attr(&d, "w:type", "table");
	el_attr(&d, "w:default", "1");
	el_attr(&d, "w:styleId", "TableNormal");
	el_val(&d, "w:name", "Normal Table");
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

/* Upper-case Roman numbering "I.", "II." for section headings without numbers in the text. */
static GBytes *build_numbering_xml(void)
{
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	el_start(&d, "w:numbering");
	el_attr(&d, "xmlns:w", W_NS);
	el_start(&d, "w:abstractNum");
	el_attr(&d, "w:abstractNumId", "0");
	el_val(&d, "w:multiLevelType", "singleLevel");
	el_start(&d, "w:lvl");
	el_attr(&d, "w:ilvl", "0");
	el_val(&d, "w:start", "1");
	el_val(&d, "w:numFmt", "upperRoman");
	el_val(&d, "w:lvlText", "%1.");
	el_val(&d, "w:lvlJc", "left");
	el_end(&d);
	el_end(&d);
	el_start(&d, "w:num");
	el_attr(&d, "w:numId", "1");
	el_val(&d, "w:abstractNumId", "0");
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

static GBytes *build_content_types(gboolean numbering)
{
	static const char *const overrides[][2] = {
		{ "/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" },
		{ "/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml" },
		{ "/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml" },
	};
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	el_start(&d, "Types");
	el_attr(&d, "xmlns", CT_NS);
	el_start(&d, "Default");
	el_attr(&d, "Extension", "rels");
	el_attr(&d, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
	el_end(&d);
	el_start(&d, "Default");
	el_attr(&d, "Extension", "xml");
	el_attr(&d, "ContentType", "application/xml");
	el_end(&d);
	for (gsize i = 0; i < (numbering ? 3u : 2u); i++) {
		el_start(&d, "Override");
		el_attr(&d, "PartName", overrides[i][0]);
		el_attr(&d, "ContentType", overrides[i][1]);
		el_end(&d);
	}
	el_end(&d);
	return doc_close(&d);
}

/* A relationships part; rels is a list of (type, target) pairs. */
static GBytes *build_rels(const char *const (*rels)[2], int n)
{
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	el_start(&d, "Relationships");
	el_attr(&d, "xmlns", PKG_REL_NS);
	for (int i = 0; i < n; i++) {
		char id[16];
		g_autofree char *type = g_strconcat(REL_TYPE, rels[i][0], NULL);
		g_snprintf(id, sizeof id, "rId%d", i + 1);
		el_start(&d, "Relationship");
		el_attr(&d, "Id", id);
		el_attr(&d, "Type", type);
		el_attr(&d, "Target", rels[i][1]);
		el_end(&d);
	}
	el_end(&d);
	return doc_close(&d);
}

/* ------------------------------------------------------------------------------------------ */
/* Packaging with libzip, in memory, with fixed entry times.                                    */

typedef struct {
	guint64 total, pos;
} BombSource;

/* A libzip source that yields `total` bytes of 'A' without holding them in memory. */
static zip_int64_t bomb_source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	BombSource *s = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		guint64 n = MIN(len, s->total - s->pos);
		memset(data, 'A', n);
		s->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = s->total;
		st->mtime = ZIP_ENTRY_TIME;
		st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(NULL, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

typedef struct {
	const char *name;
	GBytes *data;        /* NULL with bomb set */
	gboolean stored;     /* no compression */
	BombSource *bomb;
} ZipPart;

static void zip_check(int ok, zip_t *za, const char *what)
{
	if (!ok)
		g_error("libzip: %s: %s", what, za ? zip_strerror(za) : "?");
}

/* The archive bytes of the parts, in order. */
static GBytes *zip_build(const ZipPart *parts, int n)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		g_error("libzip: %s", zip_error_strerror(&ze));
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		g_error("libzip: %s", zip_error_strerror(&ze));
	for (int i = 0; i < n; i++) {
		zip_source_t *s;
		if (!parts[i].data && !parts[i].bomb) { /* a folder */
			zip_int64_t idx = zip_dir_add(za, parts[i].name, ZIP_FL_ENC_UTF_8);
			zip_check(idx >= 0, za, parts[i].name);
			zip_check(zip_file_set_mtime(za, (zip_uint64_t)idx, ZIP_ENTRY_TIME, 0) == 0, za, "mtime");
			continue;
		}
		if (parts[i].bomb) {
			s = zip_source_function(za, bomb_source_cb, parts[i].bomb);
		} else {
			gsize len = 0;
			const void *data = g_bytes_get_data(parts[i].data, &len);
			s = zip_source_buffer(za, data, len, 0);
		}
		zip_check(s != NULL, za, "source");
		zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_OVERWRITE);
		if (idx < 0) {
			zip_source_free(s);
			zip_check(FALSE, za, parts[i].name);
		}
		zip_check(zip_set_file_compression(za, (zip_uint64_t)idx,
						   parts[i].stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
						   parts[i].stored ? 0 : 9) == 0, za, "compression");
		zip_check(zip_file_set_mtime(za, (zip_uint64_t)idx, ZIP_ENTRY_TIME, 0) == 0, za, "mtime");
	}
	if (zip_close(za) != 0)
		g_error("libzip: close: %s", zip_strerror(za));
	zip_stat_t st;
	zip_check(zip_source_open(src) == 0 && zip_source_stat(src, &st) == 0, NULL, "reopen");
	guint8 *buf = g_malloc(st.size ? st.size : 1);
	zip_int64_t got = zip_source_read(src, buf, st.size);
	zip_check(got == (zip_int64_t)st.size, NULL, "read back");
	zip_source_close(src);
	zip_source_free(src);
	return g_bytes_new_take(buf, st.size);
}

/* The DOCX package of a given document.xml. */
static GBytes *package_docx(GBytes *document, const Style *st, gboolean numbering, gboolean stored,
			    BombSource *bomb)
{
	static const char *const root_rels[][2] = { { "officeDocument", "word/document.xml" } };
	static const char *const doc_rels[][2] = { { "styles", "styles.xml" },
						   { "numbering", "numbering.xml" } };
	g_autoptr(GBytes) ct = build_content_types(numbering);
	g_autoptr(GBytes) rels = build_rels(root_rels, 1);
	g_autoptr(GBytes) drels = build_rels(doc_rels, numbering ? 2 : 1);
	g_autoptr(GBytes) styles = build_styles_xml(st);
	g_autoptr(GBytes) num = numbering ? build_numbering_xml() : NULL;
	ZipPart parts[6] = {
		{ "[Content_Types].xml", ct, FALSE, NULL },
		{ "_rels/.rels", rels, FALSE, NULL },
		{ "word/document.xml", document, stored, bomb },
		{ "word/_rels/document.xml.rels", drels, FALSE, NULL },
		{ "word/styles.xml", styles, FALSE, NULL },
		{ "word/numbering.xml", num, FALSE, NULL },
	};
	return zip_build(parts, numbering ? 6 : 5);
}

static GBytes *report_docx(const Report *r)
{
	g_autoptr(GBytes) doc = build_document_xml(r);
	return package_docx(doc, &r->st, r->st.v[K_NUMBERING] == NUMBERING_AUTO, FALSE, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* OpenDocument text: the writer functions above with Doc.odt set build content.xml as a       */
/* libxml2 tree (a vertical merge learns how many rows it spans only when they come), with the */
/* automatic styles the runs, paragraphs, tables and cells need, named in order of first use.  */

struct Odt {
	xmlDocPtr doc;
	xmlNsPtr ns_office, ns_style, ns_text, ns_table, ns_fo, ns_svg;
	xmlNodePtr fonts, autos, body; /* office:font-face-decls, office:automatic-styles, office:text */
	xmlNodePtr para;               /* the open text:p */
	xmlNodePtr table, header_rows, row, cell;
	xmlNodePtr restart[8];         /* per column: the cell whose vertical merge is still open */
	int col, span;                 /* the open cell's first column and width in columns */
	int n_tables;
	gboolean ruled, lists;         /* the open table has borders; a numbered list was written */
	gboolean space;                /* the open paragraph is empty or ends with a space */
	GHashTable *styles;            /* key -> style name */
	GHashTable *fonts_used;        /* font name -> itself */
	int n_para, n_text;
};

static xmlNodePtr odt_node(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
	return xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

static void odt_prop(xmlNodePtr node, xmlNsPtr ns, const char *name, const char *value)
{
	xmlNewNsProp(node, ns, BAD_CAST name, BAD_CAST value);
}

/* twips as centimetres, "2.646cm" */
static char *odt_cm(int twips)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	return g_strconcat(g_ascii_formatd(buf, sizeof buf, "%.3f", twips / 567.0), "cm", NULL);
}

static void odt_font_face(xmlNodePtr decls, xmlNsPtr ns_style, xmlNsPtr ns_svg, const char *font)
{
	g_autofree char *family = g_strdup_printf("'%s'", font);
	xmlNodePtr f = odt_node(decls, ns_style, "font-face");
	odt_prop(f, ns_style, "name", font);
	odt_prop(f, ns_svg, "font-family", family);
	odt_prop(f, ns_style, "font-family-generic", "roman");
	odt_prop(f, ns_style, "font-pitch", "variable");
}

/* A new automatic style: <style:style style:name=NAME style:family=FAMILY>. */
static xmlNodePtr odt_style(Odt *o, const char *name, const char *family)
{
	xmlNodePtr s = odt_node(o->autos, o->ns_style, "style");
	odt_prop(s, o->ns_style, "name", name);
	odt_prop(s, o->ns_style, "family", family);
	return s;
}

/* The paragraph style of an alignment. */
static const char *odt_para_style(Odt *o, Align al)
{
	static const char *const align[] = { "start", "center", "end", "justify" };
	const char *key = align[al];
	const char *name = g_hash_table_lookup(o->styles, key);
	if (name)
		return name;
	char *n = g_strdup_printf("P%d", ++o->n_para);
	xmlNodePtr s = odt_style(o, n, "paragraph");
	odt_prop(s, o->ns_style, "parent-style-name", "Standard");
	xmlNodePtr pp = odt_node(s, o->ns_style, "paragraph-properties");
	odt_prop(pp, o->ns_fo, "text-align", align[al]);
	odt_prop(pp, o->ns_fo, "margin-top", "0cm");
	odt_prop(pp, o->ns_fo, "margin-bottom", "0.106cm");
	g_hash_table_insert(o->styles, g_strdup(key), n);
	return n;
}

/* The text style of a run format in a font. */
static const char *odt_text_style(Odt *o, RunFmt f, const char *font)
{
	g_autofree char *key = g_strdup_printf("T|%d|%d|%d|%d|%s", f.b, f.i, f.u, f.sz, font);
	const char *name = g_hash_table_lookup(o->styles, key);
	if (name)
		return name;
	char *n = g_strdup_printf("T%d", ++o->n_text);
	xmlNodePtr s = odt_style(o, n, "text");
	xmlNodePtr tp = odt_node(s, o->ns_style, "text-properties");
	odt_prop(tp, o->ns_style, "font-name", font);
	if (f.sz) {
		g_autofree char *pt = g_strdup_printf("%d%spt", f.sz / 2, f.sz % 2 ? ".5" : "");
		odt_prop(tp, o->ns_fo, "font-size", pt);
	}
	if (f.b)
		odt_prop(tp, o->ns_fo, "font-weight", "bold");
	if (f.i)
		odt_prop(tp, o->ns_fo, "font-style", "italic");
	if (f.u) {
		odt_prop(tp, o->ns_style, "text-underline-style", "solid");
		odt_prop(tp, o->ns_style, "text-underline-width", "auto");
		odt_prop(tp, o->ns_style, "text-underline-color", "font-color");
	}
	if (!g_hash_table_contains(o->fonts_used, font)) {
		g_hash_table_add(o->fonts_used, g_strdup(font));
		odt_font_face(o->fonts, o->ns_style, o->ns_svg, font);
	}
	g_hash_table_insert(o->styles, g_steal_pointer(&key), n);
	return n;
}

/* The cell style of a ruled or borderless table. */
static const char *odt_cell_style(Odt *o, gboolean ruled)
{
	const char *name = ruled ? "CellRuled" : "CellPlain";
	if (g_hash_table_contains(o->styles, name))
		return name;
	xmlNodePtr s = odt_style(o, name, "table-cell");
	xmlNodePtr cp = odt_node(s, o->ns_style, "table-cell-properties");
	odt_prop(cp, o->ns_fo, "border", ruled ? "0.5pt solid #000000" : "none");
	odt_prop(cp, o->ns_fo, "padding", ruled ? "0.071cm" : "0cm");
	g_hash_table_insert(o->styles, g_strdup(name), g_strdup(name));
	return name;
}

/* Where a paragraph or table goes: the open cell or the body. */
static xmlNodePtr odt_parent(Odt *o)
{
	return o->cell ? o->cell : o->body;
}

static void odt_para_begin(Odt *o, Align al, gboolean numbered)
{
	xmlNodePtr parent = odt_parent(o);
	if (numbered) {
		/* upper-Roman numbering, continued from the previous numbered heading */
		xmlNodePtr list = odt_node(parent, o->ns_text, "list");
		odt_prop(list, o->ns_text, "style-name", "LRoman");
		if (o->lists)
			odt_prop(list, o->ns_text, "continue-numbering", "true");
		o->lists = TRUE;
		parent = odt_node(list, o->ns_text, "list-item");
	}
	o->para = odt_node(parent, o->ns_text, "p");
	odt_prop(o->para, o->ns_text, "style-name", odt_para_style(o, al));
	o->space = TRUE;
}

/* Text in ODF's white-space rules: a space after a space (or at the start of the paragraph)
 * is text:s, a tab text:tab, a line break text:line-break. */
static void odt_text(Odt *o, xmlNodePtr span, const char *text)
{
	GString *pending = g_string_new(NULL);
	for (const char *p = text; *p; p++) {
		if (*p != ' ' && *p != '\t' && *p != '\n') {
			g_string_append_c(pending, *p);
			o->space = FALSE;
			continue;
		}
		if (*p == ' ' && !o->space) {
			g_string_append_c(pending, ' ');
			o->space = TRUE;
			continue;
		}
		if (pending->len) {
			xmlAddChild(span, xmlNewText(BAD_CAST pending->str));
			g_string_truncate(pending, 0);
		}
		if (*p == ' ') {
			int n = 1;
			while (p[1] == ' ') {
				n++;
				p++;
			}
			xmlNodePtr s = odt_node(span, o->ns_text, "s");
			if (n > 1) {
				char buf[16];
				g_snprintf(buf, sizeof buf, "%d", n);
				odt_prop(s, o->ns_text, "c", buf);
			}
		} else {
			odt_node(span, o->ns_text, *p == '\t' ? "tab" : "line-break");
			o->space = FALSE;
		}
	}
	if (pending->len)
		xmlAddChild(span, xmlNewText(BAD_CAST pending->str));
	g_string_free(pending, TRUE);
}

static void odt_run(Odt *o, RunFmt f, const char *font, const char *text)
{
	g_assert(o->para);
	xmlNodePtr span = odt_node(o->para, o->ns_text, "span");
	odt_prop(span, o->ns_text, "style-name", odt_text_style(o, f, font));
	odt_text(o, span, text);
}

static void odt_table_begin(Odt *o, const int *widths, int n, gboolean ruled)
{
	g_assert(!o->table && n <= (int)G_N_ELEMENTS(o->restart));
	int total = 0;
	for (int i = 0; i < n; i++)
		total += widths[i];
	g_autofree char *name = g_strdup_printf("Table%d", ++o->n_tables);
	g_autofree char *width = odt_cm(total);
	xmlNodePtr s = odt_style(o, name, "table");
	xmlNodePtr tp = odt_node(s, o->ns_style, "table-properties");
	odt_prop(tp, o->ns_style, "width", width);
	odt_prop(tp, o->ns_table, "align", "left");
	o->table = odt_node(odt_parent(o), o->ns_table, "table");
	odt_prop(o->table, o->ns_table, "name", name);
	odt_prop(o->table, o->ns_table, "style-name", name);
	for (int i = 0; i < n; i++) {
		g_autofree char *cname = g_strdup_printf("%s.C%d", name, i + 1);
		g_autofree char *cw = odt_cm(widths[i]);
		xmlNodePtr cs = odt_style(o, cname, "table-column");
		odt_prop(odt_node(cs, o->ns_style, "table-column-properties"), o->ns_style,
			 "column-width", cw);
		odt_prop(odt_node(o->table, o->ns_table, "table-column"), o->ns_table, "style-name", cname);
	}
	o->ruled = ruled;
	o->header_rows = NULL;
	memset(o->restart, 0, sizeof o->restart);
}

static void odt_row_begin(Odt *o, gboolean header)
{
	g_assert(o->table);
	xmlNodePtr parent = o->table;
	if (header) {
		if (!o->header_rows)
			o->header_rows = odt_node(o->table, o->ns_table, "table-header-rows");
		parent = o->header_rows;
	}
	o->row = odt_node(parent, o->ns_table, "table-row");
	o->col = 0;
}

/* A cell; a continued vertical merge is a covered cell that lengthens the merge above it. */
static void odt_cell_begin(Odt *o, int span, int vmerge)
{
	g_assert(o->row && o->col + span <= (int)G_N_ELEMENTS(o->restart));
	o->span = span;
	if (vmerge == VM_CONTINUE && o->restart[o->col]) {
		xmlNodePtr top = o->restart[o->col];
		xmlChar *rows = xmlGetNsProp(top, BAD_CAST "number-rows-spanned", o->ns_table->href);
		char buf[16];
		g_snprintf(buf, sizeof buf, "%d", atoi((const char *)rows) + 1);
		xmlSetNsProp(top, o->ns_table, BAD_CAST "number-rows-spanned", BAD_CAST buf);
		xmlFree(rows);
		o->cell = odt_node(o->row, o->ns_table, "covered-table-cell");
		return;
	}
	o->cell = odt_node(o->row, o->ns_table, "table-cell");
	odt_prop(o->cell, o->ns_table, "style-name", odt_cell_style(o, o->ruled));
	if (span > 1) {
		char buf[16];
		g_snprintf(buf, sizeof buf, "%d", span);
		odt_prop(o->cell, o->ns_table, "number-columns-spanned", buf);
	}
	if (vmerge == VM_RESTART)
		odt_prop(o->cell, o->ns_table, "number-rows-spanned", "1");
	odt_prop(o->cell, o->ns_office, "value-type", "string");
	for (int c = 0; c < span; c++)
		o->restart[o->col + c] = vmerge == VM_RESTART ? o->cell : NULL;
}

/* The end of a block the writer functions opened (their DOCX element names). */
static void odt_end(Odt *o, const char *name)
{
	if (strcmp(name, "w:p") == 0) {
		o->para = NULL;
	} else if (strcmp(name, "w:tc") == 0) {
		for (int k = 1; k < o->span; k++)
			odt_node(o->row, o->ns_table, "covered-table-cell");
		o->col += o->span;
		o->cell = NULL;
	} else if (strcmp(name, "w:tr") == 0) {
		o->row = NULL;
	} else if (strcmp(name, "w:tbl") == 0) {
		o->table = NULL;
	}
}

static GBytes *odt_dump(xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 0);
	if (!mem)
		g_error("cannot serialise an OpenDocument part");
	GBytes *b = g_bytes_new(mem, (gsize)len);
	xmlFree(mem);
	return b;
}

/* content.xml of a report or a document. */
static GBytes *build_odt_content(const Report *r)
{
	static const char *const prefixes[] = { "office", "style", "text", "table", "fo", "svg" };
	static const char *const uris[] = { ODF_NS "office:1.0", ODF_NS "style:1.0", ODF_NS "text:1.0",
					    ODF_NS "table:1.0", ODF_NS "xsl-fo-compatible:1.0",
					    ODF_NS "svg-compatible:1.0" };
	Odt o;
	memset(&o, 0, sizeof o);
	o.doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(o.doc, NULL, BAD_CAST "document-content", NULL);
	xmlDocSetRootElement(o.doc, root);
	xmlNsPtr ns[G_N_ELEMENTS(prefixes)];
	for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++)
		ns[i] = xmlNewNs(root, BAD_CAST uris[i], BAD_CAST prefixes[i]);
	xmlSetNs(root, ns[0]);
	o.ns_office = ns[0];
	o.ns_style = ns[1];
	o.ns_text = ns[2];
	o.ns_table = ns[3];
	o.ns_fo = ns[4];
	o.ns_svg = ns[5];
	xmlNewNsProp(root, ns[0], BAD_CAST "version", BAD_CAST "1.2");
	o.fonts = odt_node(root, ns[0], "font-face-decls");
	o.autos = odt_node(root, ns[0], "automatic-styles");
	o.body = odt_node(odt_node(root, ns[0], "body"), ns[0], "text");
	o.styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	o.fonts_used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	/* the list style of automatic numbering: "I.", "II." */
	xmlNodePtr list = odt_node(o.autos, o.ns_text, "list-style");
	odt_prop(list, o.ns_style, "name", "LRoman");
	xmlNodePtr lvl = odt_node(list, o.ns_text, "list-level-style-number");
	odt_prop(lvl, o.ns_text, "level", "1");
	odt_prop(lvl, o.ns_style, "num-format", "I");
	odt_prop(lvl, o.ns_style, "num-suffix", ".");
	xmlNodePtr lp = odt_node(lvl, o.ns_style, "list-level-properties");
	odt_prop(lp, o.ns_text, "list-level-position-and-space-mode", "label-alignment");
	xmlNodePtr la = odt_node(lp, o.ns_style, "list-level-label-alignment");
	odt_prop(la, o.ns_text, "label-followed-by", "space");

	Doc d;
	memset(&d, 0, sizeof d);
	d.st = &r->st;
	d.odt = &o;
	d.open = g_ptr_array_new();
	if (r->paper < 0)
		write_report_body(&d, r);
	else
		write_paper_body(&d, r);
	g_assert(d.open->len == 0);
	g_ptr_array_unref(d.open);
	GBytes *out = odt_dump(o.doc);
	g_hash_table_unref(o.styles);
	g_hash_table_unref(o.fonts_used);
	xmlFreeDoc(o.doc);
	return out;
}

/* styles.xml: the default font (the document's, as in the DOCX), the paragraph style
 * "Standard" and an A4 master page with the DOCX's margins. */
static GBytes *build_odt_styles(const Style *st)
{
	Doc d;
	doc_open(&d, st);
	const char *font = doc_font(&d);
	g_autofree char *family = g_strdup_printf("'%s'", font);
	el_start(&d, "office:document-styles");
	el_attr(&d, "xmlns:office", ODF_NS "office:1.0");
	el_attr(&d, "xmlns:style", ODF_NS "style:1.0");
	el_attr(&d, "xmlns:text", ODF_NS "text:1.0");
	el_attr(&d, "xmlns:fo", ODF_NS "xsl-fo-compatible:1.0");
	el_attr(&d, "xmlns:svg", ODF_NS "svg-compatible:1.0");
	el_attr(&d, "office:version", "1.2");
	el_start(&d, "office:font-face-decls");
	el_start(&d, "style:font-face");
	el_attr(&d, "style:name", font);
	el_attr(&d, "svg:font-family", family);
	el_attr(&d, "style:font-family-generic", "roman");
	el_attr(&d, "style:font-pitch", "variable");
	el_end(&d);
	el_end(&d);
	el_start(&d, "office:styles");
	el_start(&d, "style:default-style");
	el_attr(&d, "style:family", "paragraph");
	el_start(&d, "style:paragraph-properties");
	el_attr(&d, "fo:margin-bottom", "0.212cm");
	el_attr(&d, "fo:line-height", "125%");
	el_end(&d);
	el_start(&d, "style:text-properties");
	el_attr(&d, "style:font-name", font);
	el_attr(&d, "fo:font-size", "14pt");
	el_attr(&d, "fo:language", "vi");
	el_attr(&d, "fo:country", "VN");
	el_end(&d);
	el_end(&d);
	el_start(&d, "style:style");
	el_attr(&d, "style:name", "Standard");
	el_attr(&d, "style:family", "paragraph");
	el_attr(&d, "style:class", "text");
	el_end(&d);
	el_end(&d);
	el_start(&d, "office:automatic-styles");
	el_start(&d, "style:page-layout");
	el_attr(&d, "style:name", "pm1");
	el_start(&d, "style:page-layout-properties");
	el_attr(&d, "fo:page-width", "21.001cm");
	el_attr(&d, "fo:page-height", "29.7cm");
	el_attr(&d, "style:print-orientation", "portrait");
	el_attr(&d, "fo:margin-top", "2cm");
	el_attr(&d, "fo:margin-bottom", "2cm");
	el_attr(&d, "fo:margin-left", "3cm");
	el_attr(&d, "fo:margin-right", "1.5cm");
	el_end(&d);
	el_end(&d);
	el_end(&d);
	el_start(&d, "office:master-styles");
	el_start(&d, "style:master-page");
	el_attr(&d, "style:name", "Standard");
	el_attr(&d, "style:page-layout-name", "pm1");
	el_end(&d);
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

static GBytes *build_odt_meta(void)
{
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	el_start(&d, "office:document-meta");
	el_attr(&d, "xmlns:office", ODF_NS "office:1.0");
	el_attr(&d, "xmlns:meta", ODF_NS "meta:1.0");
	el_attr(&d, "office:version", "1.2");
	el_start(&d, "office:meta");
	el_start(&d, "meta:generator");
	xw(xmlTextWriterWriteString(d.w, BAD_CAST GENERATOR_NAME));
	el_end(&d);
	el_start(&d, "meta:creation-date");
	xw(xmlTextWriterWriteString(d.w, BAD_CAST "2025-01-01T00:00:00"));
	el_end(&d);
	el_end(&d);
	el_end(&d);
	return doc_close(&d);
}

static GBytes *build_odt_manifest(void)
{
	static const char *const entries[][2] = {
		{ "/", ODF_MIME }, { "content.xml", "text/xml" }, { "styles.xml", "text/xml" },
		{ "meta.xml", "text/xml" },
	};
	Style st = { { 0 } };
	Doc d;
	doc_open(&d, &st);
	el_start(&d, "manifest:manifest");
	el_attr(&d, "xmlns:manifest", ODF_NS "manifest:1.0");
	el_attr(&d, "manifest:version", "1.2");
	for (gsize i = 0; i < G_N_ELEMENTS(entries); i++) {
		el_start(&d, "manifest:file-entry");
		el_attr(&d, "manifest:full-path", entries[i][0]);
		if (i == 0)
			el_attr(&d, "manifest:version", "1.2");
		el_attr(&d, "manifest:media-type", entries[i][1]);
		el_end(&d);
	}
	el_end(&d);
	return doc_close(&d);
}

/* The .odt package: mimetype first and stored, then the parts. */
static GBytes *report_odt(const Report *r)
{
	g_autoptr(GBytes) mime = g_bytes_new_static(ODF_MIME, strlen(ODF_MIME));
	g_autoptr(GBytes) content = build_odt_content(r);
	g_autoptr(GBytes) styles = build_odt_styles(&r->st);
	g_autoptr(GBytes) meta = build_odt_meta();
	g_autoptr(GBytes) manifest = build_odt_manifest();
	ZipPart parts[5] = {
		{ "mimetype", mime, TRUE, NULL },
		{ "content.xml", content, FALSE, NULL },
		{ "styles.xml", styles, FALSE, NULL },
		{ "meta.xml", meta, FALSE, NULL },
		{ "META-INF/manifest.xml", manifest, FALSE, NULL },
	};
	return zip_build(parts, 5);
}

/* ------------------------------------------------------------------------------------------ */
/* The indicator workbook an xlsx item sends beside its cover letter (libxlsxwriter).          */

/* Header words of the indicator columns, each among those forms/bc-nq66.conf accepts. */
static const char *const wb_tt_heads[] = { "STT", "TT" };
static const char *const wb_code_heads[] = { "Mã chỉ số", "Mã số", "Mã" };
static const char *const wb_label_heads[] = { "Chỉ số", "Tên chỉ số", "Nội dung chỉ số" };
static const char *const wb_unit_heads[] = { "Đơn vị tính", "ĐVT" };
static const char *const wb_period_heads[] = { "Trong kỳ", "Số liệu trong kỳ", "Kết quả trong kỳ" };
static const char *const wb_ytd_heads[] = { "Lũy kế từ đầu năm", "Lũy kế", "Cộng dồn từ đầu năm" };

static void lxw_check(lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR)
		g_error("libxlsxwriter: %s: %s", what, lxw_strerror(e));
}

/* NAME-chi-so.xlsx: a title, "(Kèm theo Báo cáo số ... ngày dd/mm/yyyy của ...)", an empty
 * row, the header (two rows with "Kết quả" merged over the values when the style's indicator
 * layout is ind-merged; the values swapped with ind-reordered; a "Ghi chú" column with
 * ind-extra), then one row per indicator, the values as numbers, an empty value a blank cell.
 * `seed` picks the header words. */
static GBytes *build_indicator_workbook(const Report *r, guint64 seed)
{
	Rng rng = { seed };
	int layout = r->st.v[K_IND];
	const char *heads[7] = { RNG_PICK(&rng, wb_tt_heads), RNG_PICK(&rng, wb_code_heads),
				 RNG_PICK(&rng, wb_label_heads), RNG_PICK(&rng, wb_unit_heads),
				 RNG_PICK(&rng, wb_period_heads), RNG_PICK(&rng, wb_ytd_heads), "Ghi chú" };
	static const IndCol canonical[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_PERIOD, COL_YTD };
	static const IndCol reordered[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_YTD, COL_PERIOD };
	static const IndCol extra[] = { COL_TT, COL_CODE, COL_LABEL, COL_UNIT, COL_PERIOD, COL_YTD, COL_NOTE };
	static const char *const notes[] = { "", "", "Tăng so với kỳ trước", "Ước thực hiện", "" };
	static const double col_widths[] = { 6, 11, 52, 13, 13, 15, 20 };
	const IndCol *cols = layout == IND_REORDERED ? reordered : layout == IND_EXTRA ? extra : canonical;
	int n = layout == IND_EXTRA ? 7 : 6;
	gboolean merged = layout == IND_MERGED;
	const char *value_head = rng_permille(&rng, 500) ? "Kết quả" : "Số liệu";

	g_autofree char *tmp = NULL;
	g_autoptr(GError) err = NULL;
	int fd = g_file_open_tmp("gen_docx-XXXXXX.xlsx", &tmp, &err);
	if (fd < 0)
		g_error("cannot create a temporary file: %s", err->message);
	close(fd);
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb)
		g_error("libxlsxwriter: cannot create '%s'", tmp);
	char book_title[] = "Bảng số liệu các chỉ số";
	g_autofree char *author = g_strdup(r->header_unit->name);
	lxw_doc_properties props = { .title = book_title, .author = author, .created = ZIP_ENTRY_TIME };
	lxw_check(workbook_set_properties(wb, &props), "properties");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ số");
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_align(title, LXW_ALIGN_CENTER);
	format_set_font_name(title, "Times New Roman");
	lxw_format *sub = workbook_add_format(wb);
	format_set_italic(sub);
	format_set_align(sub, LXW_ALIGN_CENTER);
	format_set_font_name(sub, "Times New Roman");
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(head);
	format_set_font_name(head, "Times New Roman");
	lxw_format *text = workbook_add_format(wb);
	format_set_border(text, LXW_BORDER_THIN);
	format_set_text_wrap(text);
	format_set_font_name(text, "Times New Roman");
	lxw_format *center = workbook_add_format(wb);
	format_set_border(center, LXW_BORDER_THIN);
	format_set_align(center, LXW_ALIGN_CENTER);
	format_set_font_name(center, "Times New Roman");
	lxw_format *count = workbook_add_format(wb);
	format_set_border(count, LXW_BORDER_THIN);
	format_set_num_format(count, "#,##0");
	format_set_font_name(count, "Times New Roman");
	lxw_format *money = workbook_add_format(wb);
	format_set_border(money, LXW_BORDER_THIN);
	format_set_num_format(money, "#,##0.00");
	format_set_font_name(money, "Times New Roman");

	for (int c = 0; c < n; c++)
		lxw_check(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_widths[cols[c]], NULL),
			  "column");
	g_autofree char *number = doc_number(r);
	g_autofree char *subtitle = g_strdup_printf("(Kèm theo Báo cáo số %s ngày %02d/%02d/%d của %s)",
						    number, g_date_get_day(&r->doc_date),
						    g_date_get_month(&r->doc_date),
						    g_date_get_year(&r->doc_date), r->header_unit->name);
	lxw_check(worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(n - 1), "BẢNG SỐ LIỆU CÁC CHỈ SỐ", title),
		  "title");
	lxw_check(worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(n - 1), subtitle, sub), "subtitle");
	lxw_row_t row = 3;
	if (merged) {
		for (int c = 0; c < n; c++) {
			if (cols[c] == COL_PERIOD || cols[c] == COL_YTD)
				continue;
			lxw_check(worksheet_merge_range(ws, row, (lxw_col_t)c, row + 1, (lxw_col_t)c,
							heads[cols[c]], head), "header");
		}
		for (int c = 0; c + 1 < n; c++)
			if (cols[c] == COL_PERIOD || cols[c] == COL_YTD) {
				lxw_check(worksheet_merge_range(ws, row, (lxw_col_t)c, row, (lxw_col_t)(c + 1),
								value_head, head), "header");
				break;
			}
		row++;
		for (int c = 0; c < n; c++)
			if (cols[c] == COL_PERIOD || cols[c] == COL_YTD)
				lxw_check(worksheet_write_string(ws, row, (lxw_col_t)c, heads[cols[c]], head),
					  "header");
	} else {
		for (int c = 0; c < n; c++)
			lxw_check(worksheet_write_string(ws, row, (lxw_col_t)c, heads[cols[c]], head), "header");
	}
	row++;
	for (int i = 0; i < N_IND; i++, row++) {
		const IndicatorDef *def = &ind_defs[i];
		const IndValue *v = &r->ind[i];
		for (int c = 0; c < n; c++) {
			lxw_col_t col = (lxw_col_t)c;
			lxw_format *vf = def->money ? money : count;
			lxw_error e = LXW_NO_ERROR;
			switch (cols[c]) {
			case COL_TT: e = worksheet_write_number(ws, row, col, i + 1, center); break;
			case COL_CODE: e = worksheet_write_string(ws, row, col, def->code, center); break;
			case COL_LABEL: e = worksheet_write_string(ws, row, col, def->label, text); break;
			case COL_UNIT: e = worksheet_write_string(ws, row, col, def->unit, center); break;
			case COL_PERIOD:
				e = v->has_period ? worksheet_write_number(ws, row, col, (double)v->period_q / 4.0, vf)
						  : worksheet_write_blank(ws, row, col, vf);
				break;
			case COL_YTD:
				e = v->has_ytd ? worksheet_write_number(ws, row, col, (double)v->ytd_q / 4.0, vf)
					       : worksheet_write_blank(ws, row, col, vf);
				break;
			case COL_NOTE: {
				const char *note = notes[(r->note_seed + i) % (int)G_N_ELEMENTS(notes)];
				e = *note ? worksheet_write_string(ws, row, col, note, text)
					  : worksheet_write_blank(ws, row, col, text);
				break;
			}
			}
			lxw_check(e, "cell");
		}
	}
	lxw_check(workbook_close(wb), "close");
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(tmp, &data, &len, &err))
		g_error("cannot read back '%s': %s", tmp, err->message);
	g_unlink(tmp);
	return g_bytes_new_take(data, len);
}

/* ------------------------------------------------------------------------------------------ */
/* Broken and hostile files.                                                                    */

static guint32 crc32_update(guint32 crc, const guint8 *p, gsize n)
{
	crc = ~crc;
	for (gsize i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void put_be32(GByteArray *a, guint32 v)
{
	guint8 b[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(a, b, 4);
}

static void png_chunk(GByteArray *out, const char *type, const guint8 *data, guint32 len)
{
	GByteArray *c = g_byte_array_new();
	g_byte_array_append(c, (const guint8 *)type, 4);
	if (len)
		g_byte_array_append(c, data, len);
	put_be32(out, len);
	g_byte_array_append(out, c->data, c->len);
	put_be32(out, crc32_update(0, c->data, c->len));
	g_byte_array_unref(c);
}

/* A valid 1x1 white greyscale PNG: IHDR, one stored zlib block, IEND. */
static GBytes *build_png(void)
{
	static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
	static const guint8 ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0 };
	const guint8 raw[2] = { 0x00, 0xFF }; /* filter byte, one pixel */
	guint32 a = 1, b = 0;
	for (gsize i = 0; i < sizeof raw; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	guint32 adler = (b << 16) | a;
	guint8 idat[13] = { 0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, raw[0], raw[1],
			    (guint8)(adler >> 24), (guint8)(adler >> 16), (guint8)(adler >> 8), (guint8)adler };
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, sig, sizeof sig);
	png_chunk(out, "IHDR", ihdr, sizeof ihdr);
	png_chunk(out, "IDAT", idat, sizeof idat);
	png_chunk(out, "IEND", NULL, 0);
	return g_byte_array_free_to_bytes(out);
}

/* A copy of a DOCX (document.xml stored) with one byte of that entry's data flipped: the XML
 * stays well-formed, the CRC no longer matches. */
static GBytes *build_crc_error(const Report *r)
{
	g_autoptr(GBytes) doc = build_document_xml(r);
	g_autoptr(GBytes) zip = package_docx(doc, &r->st, FALSE, TRUE, NULL);
	gsize len = 0;
	const guint8 *p = g_bytes_get_data(zip, &len);
	guint8 *copy = g_memdup2(p, len);
	static const char name[] = "word/document.xml";
	for (gsize off = 0; off + 30 < len; off++) {
		if (memcmp(copy + off, "PK\3\4", 4) != 0)
			continue;
		gsize nlen = copy[off + 26] | (copy[off + 27] << 8);
		gsize xlen = copy[off + 28] | (copy[off + 29] << 8);
		if (nlen != sizeof name - 1 || memcmp(copy + off + 30, name, nlen) != 0)
			continue;
		gsize data = off + 30 + nlen + xlen;
		for (gsize k = data; k + 8 <= len; k++)
			if (memcmp(copy + k, "66-NQ/TW", 8) == 0) {
				copy[k] ^= 0x01; /* '6' -> '7' */
				return g_bytes_new_take(copy, len);
			}
		break;
	}
	g_error("no text to damage in word/document.xml");
	return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The corpus: items with their labels.                                                         */

typedef struct {
	char *name;      /* file name, the key in truth.json */
	char *path;      /* relative to inbox/ */
	GPtrArray *axes; /* const char* (static strings) */
	const char *kind;    /* NULL: json null */
	const char *status;
	const Unit *unit;    /* the effective unit; NULL: null */
	char *period;        /* NULL: null */
	gboolean has_timeliness; /* write timeliness and days_late */
	const char *timeliness;
	int days_late;           /* -1: not written (documents, quarantined files) */
	gboolean has_content;    /* write fields, indicators, tasks, documents */
	Report *rep;
	gboolean conflict;
	GPtrArray *findings;     /* const char* */
	gint64 received;
	GBytes *bytes;
	RFormat format;
	char *text;              /* scans: the reference text (OUT/text/<name>.txt) */
	int pages;               /* rendered formats: pages of the printed document */
	char *member;            /* in a zip (path names the archive): the member's path in it */
} Item;

/* A file written beside the labelled ones, with no label of its own (a workbook beside its
 * cover letter, the zip archive that holds labelled members). */
typedef struct {
	char *path; /* relative to inbox/ */
	GBytes *bytes;
	gint64 received;
} ExtraFile;

static void extra_free(gpointer p)
{
	ExtraFile *e = p;
	g_free(e->path);
	g_bytes_unref(e->bytes);
	g_free(e);
}

static Item *item_new(const char *name, const char *folder, gint64 received)
{
	Item *it = g_new0(Item, 1);
	it->name = g_strdup(name);
	it->path = folder ? g_strdup_printf("%s/%s", folder, name) : g_strdup(name);
	it->axes = g_ptr_array_new();
	it->findings = g_ptr_array_new();
	it->received = received;
	return it;
}

static void item_free(gpointer p)
{
	Item *it = p;
	g_free(it->name);
	g_free(it->path);
	g_ptr_array_unref(it->axes);
	g_free(it->period);
	report_free(it->rep);
	g_ptr_array_unref(it->findings);
	if (it->bytes)
		g_bytes_unref(it->bytes);
	g_free(it->text);
	g_free(it->member);
	g_free(it);
}

typedef struct {
	Rng rng;
	guint64 seed;
	const char *mode;
	GPtrArray *items;  /* Item* */
	GPtrArray *extras; /* ExtraFile* */
	gboolean dry;      /* draw the items and their labels, write no file */
} Corpus;

static void corpus_add_extra(Corpus *c, const char *folder, const char *name, GBytes *bytes,
			     gint64 received)
{
	ExtraFile *e = g_new0(ExtraFile, 1);
	e->path = folder ? g_strdup_printf("%s/%s", folder, name) : g_strdup(name);
	e->bytes = bytes;
	e->received = received;
	g_ptr_array_add(c->extras, e);
}

/* Findings, status and timeliness of a report item from its model; superseded and duplicate
 * are set later over the whole corpus. */
static void item_judge_report(Item *it)
{
	const Report *r = it->rep;
	gboolean error = FALSE;
	it->kind = "report";
	it->has_content = TRUE;
	it->period = period_code(&r->period);
	if (!r->signer) {
		g_ptr_array_add(it->findings, (gpointer)"field-missing");
		error = TRUE;
	}
	for (int s = 0; s < 5; s++)
		if (r->missing_section[s]) {
			g_ptr_array_add(it->findings, (gpointer)"section-missing");
			error = TRUE;
			break;
		}
	gboolean missing = FALSE, negative = FALSE, below = FALSE;
	for (int i = 0; i < N_IND; i++) {
		const IndValue *v = &r->ind[i];
		gboolean shown = !r->missing_section[2] &&
				 (r->st.v[K_IND] != IND_TEXT || (v->has_period && v->has_ytd));
		if (!shown || !v->has_period)
			missing = TRUE;
		else if (v->period_q < 0)
			negative = TRUE;
		else if (v->has_ytd && v->ytd_q < v->period_q)
			below = TRUE;
	}
	if (missing)
		g_ptr_array_add(it->findings, (gpointer)"indicator-missing");
	if (negative)
		g_ptr_array_add(it->findings, (gpointer)"indicator-negative");
	if (below)
		g_ptr_array_add(it->findings, (gpointer)"indicator-ytd-below-period");
	error |= missing || negative || below;
	g_auto(GStrv) codes = g_strsplit(it->unit->tasks, ";", -1);
	gboolean task_missing = FALSE, invalid = FALSE;
	for (char **c = codes; *c; c++) {
		gboolean found = FALSE;
		for (guint i = 0; i < r->tasks->len && !r->missing_section[1]; i++)
			if (strcmp(g_array_index(r->tasks, TaskRow, i).task->code, *c) == 0)
				found = TRUE;
		task_missing |= !found;
	}
	for (guint i = 0; i < r->tasks->len && !r->missing_section[1]; i++)
		invalid |= g_array_index(r->tasks, TaskRow, i).status < 0;
	if (task_missing)
		g_ptr_array_add(it->findings, (gpointer)"task-missing");
	if (invalid)
		g_ptr_array_add(it->findings, (gpointer)"task-status-invalid");
	error |= task_missing || invalid;
	if (it->conflict)
		g_ptr_array_add(it->findings, (gpointer)"unit-conflict");

	GDate due, got;
	period_due(&r->period, &due);
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(it->received + 7 * 3600);
	g_date_set_dmy(&got, (GDateDay)g_date_time_get_day_of_month(utc),
		       (GDateMonth)g_date_time_get_month(utc), (GDateYear)g_date_time_get_year(utc));
	int late = g_date_days_between(&due, &got);
	it->has_timeliness = TRUE;
	it->timeliness = late > 0 ? "late" : "on_time";
	it->days_late = late > 0 ? late : 0;
	if (late > 0) {
		g_ptr_array_add(it->findings, (gpointer)"late");
		g_ptr_array_add(it->axes, (gpointer)"late");
	}
	/* The document's date against its period, as REPORT-66.md's windows imply: a
	 * report is not dated before its data window opens (the 15th of the month before
	 * the period) nor more than 90 days after its due date. */
	if (r->period.kind != P_ADHOC) {
		int m0 = r->period.kind == P_MONTH ? r->period.num
		         : r->period.kind == P_QUARTER ? 3 * r->period.num - 2 : 1;
		GDate open, close = due;
		g_date_set_dmy(&open, 15, (GDateMonth)(m0 == 1 ? 12 : m0 - 1),
			       (GDateYear)(m0 == 1 ? r->period.year - 1 : r->period.year));
		g_date_add_days(&close, 90);
		if (g_date_compare(&r->doc_date, &open) < 0 || g_date_compare(&r->doc_date, &close) > 0)
			g_ptr_array_add(it->findings, (gpointer)"period-date-mismatch");
	}
	it->status = error ? "incomplete" : "accepted";
	if (error)
		g_ptr_array_add(it->axes, (gpointer)"incomplete");
}

static void item_judge_paper(Item *it)
{
	it->kind = "document";
	it->status = "accepted";
	it->has_content = TRUE;
	it->has_timeliness = TRUE;
	it->timeliness = NULL;
	it->days_late = -1; /* not written */
}

/* The style a format can print: legacy encodings, NFD and content controls exist only in a
 * DOCX; scans drop the old tone placement too, so that OCR is not judged on it. */
static Style style_for_format(Style st, RFormat f)
{
	if (f == RF_DOCX || f == RF_ZIP) /* a zip's members are styled for their own format */
		return st;
	if (f == RF_XLSX) { /* a DOCX cover; the indicators are a table in the workbook */
		if (st.v[K_IND] == IND_TEXT)
			st.v[K_IND] = IND_TABLE;
		return st;
	}
	if (f == RF_ODT) { /* fonts and NFD exist in OpenDocument; content controls do not */
		st.v[K_SDT] = 0;
		return st;
	}
	st.v[K_ENC] = ENC_UNICODE;
	st.v[K_SDT] = 0;
	if (rformat_is_scan(f))
		st.v[K_OLDTONE] = 0;
	return st;
}

/* The signing time a signing tool stamps: some minutes before the file was received. */
static char *sign_time(gint64 received, guint64 seed)
{
	GTimeZone *tz = g_time_zone_new_offset(7 * 3600);
	GDateTime *utc = g_date_time_new_from_unix_utc(received - 600 - (gint64)(seed % 6600));
	GDateTime *dt = g_date_time_to_timezone(utc, tz);
	char *s = g_date_time_format(dt, "%d.%m.%Y %H:%M:%S +07:00");
	g_date_time_unref(dt);
	g_date_time_unref(utc);
	g_time_zone_unref(tz);
	return s;
}

/* The file of a report or document in a format other than DOCX (render_pdf.c). */
static void item_render(Item *it, guint64 seed)
{
	RLayout *lay = build_layout(it->rep);
	g_autofree char *when = sign_time(it->received, seed);
	RenderOptions opt = { it->format, seed, it->rep->header_unit->name, when };
	RenderResult res;
	render_document(lay, &opt, &res);
	rl_free(lay);
	it->bytes = res.bytes;
	it->pages = res.pages;
	if (rformat_is_scan(it->format))
		it->text = res.text;
	else
		g_free(res.text);
}

/* A new report or document item in format `fmt`: generates the file bytes and the labels;
 * `seed` drives the degradations of a scan. */
static Item *corpus_add_as(Corpus *c, const char *name, const char *folder, Report *r,
			   gint64 received, const char *scenario, RFormat fmt, guint64 seed)
{
	Item *it = item_new(name, folder, received);
	it->rep = r;
	it->format = fmt;
	r->st = style_for_format(r->st, fmt);
	it->unit = folder ? unit_by_code(folder) : r->header_unit;
	it->conflict = it->unit != r->header_unit;
	if (fmt != RF_DOCX)
		g_ptr_array_add(it->axes, (gpointer)rformat_name(fmt));
	style_axes(&r->st, it->axes);
	if (r->paper < 0) {
		const char *pa = period_axis(&r->period);
		if (pa)
			g_ptr_array_add(it->axes, (gpointer)pa);
	} else {
		g_ptr_array_add(it->axes, (gpointer)"document");
	}
	if (!folder)
		g_ptr_array_add(it->axes, (gpointer)"no-folder");
	if (it->conflict)
		g_ptr_array_add(it->axes, (gpointer)"unit-conflict");
	if (scenario)
		g_ptr_array_add(it->axes, (gpointer)scenario);
	if (r->paper < 0)
		item_judge_report(it);
	else
		item_judge_paper(it);
	if (c->dry || fmt == RF_ZIP) {
		/* no file, or the zip's builder packs the member */
	} else if (fmt == RF_DOCX) {
		it->bytes = report_docx(r);
	} else if (fmt == RF_ODT) {
		it->bytes = report_odt(r);
	} else if (fmt == RF_XLSX) {
		g_autofree char *stem = g_strndup(name, strlen(name) - strlen(".docx"));
		g_autofree char *book = g_strconcat(stem, "-chi-so.xlsx", NULL);
		r->ind_workbook = TRUE;
		it->bytes = report_docx(r);
		corpus_add_extra(c, folder, book, build_indicator_workbook(r, seed), received);
	} else {
		item_render(it, seed);
	}
	g_ptr_array_add(c->items, it);
	return it;
}

/* A new DOCX report or document item. */
static Item *corpus_add(Corpus *c, const char *name, const char *folder, Report *r, gint64 received,
			const char *scenario)
{
	return corpus_add_as(c, name, folder, r, received, scenario, RF_DOCX, 0);
}

/* A byte-identical copy of `orig` received later. */
static Item *corpus_add_duplicate(Corpus *c, const Item *orig, const char *name, gint64 received)
{
	const char *slash = strrchr(orig->path, '/');
	g_autofree char *folder = slash ? g_strndup(orig->path, (gsize)(slash - orig->path)) : NULL;
	Item *it = item_new(name, folder, received);
	g_ptr_array_add(it->axes, (gpointer)"duplicate");
	it->kind = orig->kind;
	it->status = "duplicate";
	it->unit = orig->unit;
	it->period = g_strdup(orig->period);
	it->has_timeliness = orig->has_timeliness && orig->timeliness;
	it->timeliness = orig->timeliness;
	it->days_late = orig->days_late;
	g_ptr_array_add(it->findings, (gpointer)"duplicate");
	it->bytes = g_bytes_ref(orig->bytes);
	g_ptr_array_add(c->items, it);
	return it;
}

/* A quarantined file. */
static Item *corpus_add_bad(Corpus *c, const char *name, const char *axis, const char *finding,
			    GBytes *bytes, gint64 received)
{
	Item *it = item_new(name, NULL, received);
	g_ptr_array_add(it->axes, (gpointer)axis);
	it->status = "quarantined";
	it->has_timeliness = TRUE;
	it->days_late = -1;
	g_ptr_array_add(it->findings, (gpointer)finding);
	it->bytes = bytes;
	g_ptr_array_add(c->items, it);
	return it;
}

/* Reports of the same unit and period: all but the last received are superseded. */
static void corpus_mark_superseded(Corpus *c)
{
	for (guint i = 0; i < c->items->len; i++) {
		Item *a = g_ptr_array_index(c->items, i);
		if (g_strcmp0(a->kind, "report") != 0 || !a->rep)
			continue;
		for (guint j = 0; j < c->items->len; j++) {
			Item *b = g_ptr_array_index(c->items, j);
			if (i == j || g_strcmp0(b->kind, "report") != 0 || !b->rep || a->unit != b->unit ||
			    g_strcmp0(a->period, b->period) != 0 || b->received <= a->received)
				continue;
			a->status = "superseded";
			g_ptr_array_add(a->findings, (gpointer)"superseded");
			break;
		}
	}
}

/* The six broken files. */
static void corpus_add_bad_set(Corpus *c, gint64 received)
{
	GDate dd;
	g_date_set_dmy(&dd, 10, 10, 2025);
	Report *base = report_generate(&c->rng, unit_by_code("DU-STP"), period_parse("2025-10"), &dd,
				       style_from_axes(""));
	GBytes *valid = report_docx(base);
	gsize len = g_bytes_get_size(valid);
	corpus_add_bad(c, "bad-truncated.docx", "bad-truncated", "file-truncated",
		       g_bytes_new_from_bytes(valid, 0, len * 6 / 10), received);
	corpus_add_bad(c, "bad-empty.docx", "bad-empty", "file-empty", g_bytes_new(NULL, 0), received + 60);
	corpus_add_bad(c, "bad-png.docx", "bad-png", "file-empty", build_png(), received + 120);
	{
		g_autoptr(GBytes) doc = build_hostile_document_xml();
		corpus_add_bad(c, "bad-xxe.docx", "bad-xxe", "file-hostile",
			       package_docx(doc, &base->st, FALSE, FALSE, NULL), received + 180);
	}
	{
		BombSource bomb = { BOMB_SIZE, 0 };
		corpus_add_bad(c, "bad-bomb.docx", "bad-bomb", "file-bomb",
			       package_docx(NULL, &base->st, FALSE, FALSE, &bomb), received + 240);
	}
	corpus_add_bad(c, "bad-crc.docx", "bad-crc", "file-corrupt", build_crc_error(base), received + 300);
	g_bytes_unref(valid);
	report_free(base);
}

/* ------------------------------------------------------------------------------------------ */
/* e2e: the fixed named cases.                                                                  */

typedef enum {
	E_PLAIN = 0,
	E_CANONICAL_VALUES = 1 << 0, /* the values REPORT-66.md and EXPORT.md show */
	E_INCOMPLETE = 1 << 1,
	E_WEEKEND = 1 << 2,
	E_RESUBMISSION = 1 << 3,
	E_NUMBERS = 1 << 4,
} E2eFlags;

typedef struct {
	const char *name;
	const char *folder;   /* NULL: top of the inbox */
	const char *unit;     /* the unit the header names */
	const char *period;
	const char *axes;
	int day, month, hour, minute; /* received, 2025, local time */
	guint flags;
} E2eCase;

/* Every received time is on or before 2025-11-04, so that a run "now" in early November
 * (tests/e2e.sh) sees no file from the future. */
static const E2eCase e2e_cases[] = {
	{ "01-canonical.docx", "DU-STP", "DU-STP", "2025-10", "", 18, 10, 9, 30, E_CANONICAL_VALUES },
	{ "02-retyped.docx", "DU-TAND", "DU-TAND", "2025-10", "retyped", 17, 10, 10, 5, 0 },
	{ "03-so-colon.docx", "DU-VKSND", "DU-VKSND", "2025-10", "so-colon", 16, 10, 14, 20, 0 },
	{ "04-sentence-headings.docx", "DU-HDND", "DU-HDND", "2025-10", "sentence-headings", 15, 10, 8, 45, 0 },
	{ "05-num-arabic.docx", "DU-MTTQ", "DU-MTTQ", "2025-10", "num-arabic", 17, 10, 15, 10, 0 },
	{ "06-num-none.docx", "DU-CCQD", "DU-CCQD", "2025-10", "num-none", 16, 10, 9, 0, 0 },
	{ "07-num-auto.docx", "DU-UBND", "DU-UBND", "2025-10", "num-auto", 14, 10, 11, 15, 0 },
	{ "08-period-month-slash.docx", "DU-QSTP", "DU-QSTP", "2025-10", "period-slash", 17, 10, 16, 0, 0 },
	{ "09-period-quarter.docx", "DU-STP", "DU-STP", "2025-Q3", "", 16, 9, 9, 40, 0 },
	{ "10-period-quarter-num.docx", "DU-CATP", "DU-CATP", "2025-Q3", "period-slash", 17, 9, 10, 30, 0 },
	{ "11-period-h1.docx", "DU-TAND", "DU-TAND", "2025-H1", "", 16, 6, 14, 0, 0 },
	{ "12-period-year.docx", "DU-VKSND", "DU-VKSND", "2025", "", 4, 11, 8, 30, 0 },
	{ "13-period-adhoc.docx", "DU-HDND", "DU-HDND", "adhoc:" ADHOC_REQUEST, "", 3, 11, 15, 45, 0 },
	{ "14-indicators-text.docx", "DU-BDBP", "DU-BDBP", "2025-10", "ind-text", 16, 10, 9, 15, 0 },
	{ "15-table-reordered.docx", "DU-STC", "DU-STC", "2025-10", "ind-reordered", 17, 10, 13, 30, 0 },
	{ "16-table-extra.docx", "DU-SNV", "DU-SNV", "2025-10", "ind-extra", 15, 10, 10, 50, 0 },
	{ "17-table-merged.docx", "DU-SKHCN", "DU-SKHCN", "2025-10", "ind-merged", 16, 10, 16, 20, 0 },
	{ "18-numbers.docx", "DU-HONGBANG", "DU-HONGBANG", "2025-10", "numbers-plain", 17, 10, 8, 10, E_NUMBERS },
	{ "19-task-code-paren.docx", "DU-STP", "DU-STP", "2025-09", "code-paren+tasks-split", 17, 9, 9, 30, 0 },
	{ "20-task-code-paren-space.docx", "DU-TAND", "DU-TAND", "2025-09", "code-paren-space", 18, 9, 10, 0, 0 },
	{ "21-task-code-roman.docx", "DU-VKSND", "DU-VKSND", "2025-09", "code-roman", 15, 9, 15, 0, 0 },
	{ "22-task-code-none.docx", "DU-CATP", "DU-CATP", "2025-09", "code-none", 19, 9, 8, 0, 0 },
	{ "23-status-lower.docx", "DU-HDND", "DU-HDND", "2025-09", "status-lower", 17, 9, 11, 0, 0 },
	{ "24-status-nodiac.docx", "DU-MTTQ", "DU-MTTQ", "2025-09", "status-nodiac", 18, 9, 14, 30, 0 },
	{ "25-sdt.docx", "DU-CCQD", "DU-CCQD", "2025-09", "sdt", 16, 9, 9, 50, 0 },
	{ "26-tcvn3.docx", "DU-LECHAN", "DU-LECHAN", "2025-10", "tcvn3", 16, 10, 10, 40, 0 },
	{ "27-vni.docx", "DU-KIENAN", "DU-KIENAN", "2025-10", "vni", 17, 10, 15, 5, 0 },
	{ "28-nfd-oldtone.docx", "DU-DOSON", "DU-DOSON", "2025-10", "nfd+oldtone", 15, 10, 9, 20, 0 },
	{ "29-issuer-nodiac.docx", "DU-DUONGKINH", "DU-DUONGKINH", "2025-10", "issuer-nodiac", 16, 10, 14, 10, 0 },
	{ "30-issuer-alias.docx", "DU-THANHDONG", "DU-THANHDONG", "2025-10", "issuer-alias+kt-signer", 17, 10, 8, 55, 0 },
	{ "31-incomplete.docx", "DU-CATHAI", "DU-CATHAI", "2025-10", "", 17, 10, 16, 40, E_INCOMPLETE },
	{ "32-late.docx", "DU-BACHLONGVI", "DU-BACHLONGVI", "2025-10", "", 23, 10, 10, 15, 0 },
	{ "33-weekend-due.docx", "DU-HONGBANG", "DU-HONGBANG", "2025-09", "", 21, 9, 20, 30, E_WEEKEND },
	{ "34-resubmission-first.docx", "DU-ANLAO", "DU-ANLAO", "2025-10", "", 14, 10, 9, 10, E_RESUBMISSION },
	{ "35-resubmission-second.docx", "DU-ANLAO", "DU-ANLAO", "2025-10", "", 17, 10, 15, 25, E_RESUBMISSION },
	{ "36-unit-conflict.docx", "DU-CATP", "DU-STP", "2025-10", "", 17, 10, 11, 35, 0 },
	{ "37-header-only.docx", NULL, "DU-HAIAN", "2025-10", "", 16, 10, 15, 55, 0 },
	/* a March report sent and dated in October: late, and its date does not fit */
	{ "41-period-mismatch.docx", "DU-STC", "DU-STC", "2025-03", "", 20, 10, 9, 0, 0 },
};

static gint64 e2e_time(int day, int month, int hour, int minute)
{
	GDate d;
	g_date_set_dmy(&d, (GDateDay)day, (GDateMonth)month, 2025);
	return local_epoch(&d, hour, minute);
}

/* The values the templates show: CS01 2 (9), CS02 1.250 (3.400), CS10 12,5 (48,5); number
 * 15-BC/ĐU; signed PHÓ BÍ THƯ Nguyễn Văn An; issued 12-KH/ĐU on 15/10/2025. */
static void e2e_canonical_values(Report *r)
{
	r->doc_no = 15;
	r->ind[0] = (IndValue){ TRUE, TRUE, 2 * 4, 9 * 4 };
	r->ind[1] = (IndValue){ TRUE, TRUE, 1250 * 4, 3400 * 4 };
	r->ind[9] = (IndValue){ TRUE, TRUE, 50, 194 };
	g_array_set_size(r->issued, 0);
	IssuedRow row = { g_strdup("12-KH/ĐU"), { 0 }, "Kế hoạch thực hiện Nghị quyết số 66-NQ/TW của Bộ Chính trị" };
	g_date_set_dmy(&row.date, 15, 10, 2025);
	g_array_append_val(r->issued, row);
	r->ind[2] = (IndValue){ TRUE, TRUE, 1 * 4, 4 * 4 };
	r->authority = "T/M BAN THƯỜNG VỤ";
	r->signer_title = "PHÓ BÍ THƯ";
	g_free(r->signer);
	r->signer = g_strdup("Nguyễn Văn An");
}

/* Missing CS05 period value, no section IV, no task 1.3, no signer name. */
static void e2e_make_incomplete(Report *r)
{
	r->ind[4].has_period = FALSE;
	r->missing_section[3] = TRUE;
	g_array_remove_index(r->tasks, r->tasks->len - 1);
	g_clear_pointer(&r->signer, g_free);
}

static void build_e2e(Corpus *c)
{
	Item *canonical = NULL;
	for (gsize i = 0; i < G_N_ELEMENTS(e2e_cases); i++) {
		const E2eCase *e = &e2e_cases[i];
		gint64 recv = e2e_time(e->day, e->month, e->hour, e->minute);
		GDate dd;
		g_date_set_dmy(&dd, (GDateDay)e->day, (GDateMonth)e->month, 2025);
		g_date_subtract_days(&dd, e->flags & E_WEEKEND ? 2 : 1);
		Report *r = report_generate(&c->rng, unit_by_code(e->unit), period_parse(e->period), &dd,
					    style_from_axes(e->axes));
		const char *scenario = NULL;
		if (e->flags & E_CANONICAL_VALUES)
			e2e_canonical_values(r);
		if (e->flags & E_INCOMPLETE)
			e2e_make_incomplete(r);
		if (e->flags & E_WEEKEND)
			scenario = "weekend-due";
		if (e->flags & E_RESUBMISSION)
			scenario = "resubmission";
		if (e->flags & E_NUMBERS) {
			r->ind[1] = (IndValue){ TRUE, TRUE, 1250 * 4, 4815 * 4 };
			r->ind[8] = (IndValue){ TRUE, TRUE, 2040 * 4, 10250 * 4 };
			r->ind[9] = (IndValue){ TRUE, TRUE, 50, 1003 };
		}
		Item *it = corpus_add(c, e->name, e->folder, r, recv, scenario);
		if (e->flags & E_CANONICAL_VALUES)
			canonical = it;
	}
	g_assert(canonical);
	corpus_add_duplicate(c, canonical, "38-duplicate.docx", e2e_time(19, 10, 8, 40));

	GDate dd;
	g_date_set_dmy(&dd, 15, 10, 2025);
	Report *plan = paper_generate(&c->rng, PAPER_PLAN, unit_by_code("DU-STP"), &dd, style_from_axes(""));
	plan->doc_no = 12;
	plan->title_idx = 0;
	corpus_add(c, "39-document-plan.docx", "DU-STP", plan, e2e_time(16, 10, 10, 20), "plan");
	g_date_set_dmy(&dd, 10, 10, 2025);
	Report *res = paper_generate(&c->rng, PAPER_RESOLUTION, unit_by_code("DU-LECHAN"), &dd,
				     style_from_axes(""));
	res->doc_no = 5;
	corpus_add(c, "40-document-resolution.docx", NULL, res, e2e_time(13, 10, 14, 45), "resolution");
	corpus_add_bad_set(c, e2e_time(16, 10, 7, 0));
}

/* ------------------------------------------------------------------------------------------ */
/* eval: N files mixing the axes; each unit reports once per period except resubmissions.     */

static Period random_period(Rng *rng)
{
	Period p = { P_MONTH, 2025, 0 };
	guint roll = rng_below(rng, 100);
	if (roll < 62) {
		p.num = rng_range(rng, 1, 12);
	} else if (roll < 80) {
		p.kind = P_QUARTER;
		p.num = rng_range(rng, 1, 4);
	} else if (roll < 87) {
		p.kind = P_HALF;
	} else if (roll < 94) {
		p.kind = P_YEAR;
	} else {
		p.kind = P_ADHOC;
	}
	return p;
}

/* A received time: 1-10 days before the due date, or 2-25 days after it (never past 2025). */
static gint64 random_received(Rng *rng, const Period *p, gboolean late, GDate *doc_date)
{
	GDate due, got, end;
	period_due(p, &due);
	g_date_set_dmy(&end, 31, 12, 2025);
	got = due;
	int room = g_date_days_between(&due, &end);
	if (late && room >= 2)
		g_date_add_days(&got, (guint)rng_range(rng, 2, MIN(25, room)));
	else
		g_date_subtract_days(&got, (guint)rng_range(rng, 1, 10));
	*doc_date = got;
	g_date_subtract_days(doc_date, (guint)rng_range(rng, 0, 3));
	return local_epoch(&got, rng_range(rng, 7, 17), rng_range(rng, 0, 59));
}

/* One or two defects that make a report incomplete. */
static void random_defects(Rng *rng, Report *r)
{
	int n = rng_range(rng, 1, 2);
	gboolean used[N_IND] = { FALSE };
	for (int k = 0; k < n; k++) {
		int i = rng_range(rng, 0, N_IND - 1);
		if (used[i])
			continue;
		IndValue *v = &r->ind[i];
		switch (rng_below(rng, 7)) {
		case 0:
			v->has_period = FALSE;
			v->has_ytd = rng_permille(rng, 500);
			used[i] = TRUE;
			break;
		case 1: r->missing_section[3 + rng_below(rng, 2)] = TRUE; break;
		case 2:
			if (r->tasks->len > 1)
				g_array_remove_index(r->tasks, rng_below(rng, r->tasks->len));
			else
				g_clear_pointer(&r->signer, g_free);
			break;
		case 3: g_clear_pointer(&r->signer, g_free); break;
		case 4:
			v->period_q = -4 * rng_range(rng, 1, 5);
			used[i] = TRUE;
			break;
		case 5:
			if (v->period_q < 8)
				v->period_q = 4 * rng_range(rng, 2, 9);
			v->ytd_q = v->period_q - 4 * rng_range(rng, 1, (int)(v->period_q / 4));
			used[i] = TRUE;
			break;
		default: {
			TaskRow *row = &g_array_index(r->tasks, TaskRow, rng_below(rng, r->tasks->len));
			row->status = -1;
			row->invalid_text = RNG_PICK(rng, invalid_statuses);
		}
		}
	}
}

static const Unit *random_same_group(Rng *rng, const Unit *u)
{
	const Unit *others[G_N_ELEMENTS(roster)];
	guint n = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(roster); i++)
		if (&roster[i] != u && strcmp(roster[i].group, u->group) == 0)
			others[n++] = &roster[i];
	return n ? others[rng_below(rng, n)] : NULL;
}

static void build_eval(Corpus *c, int count)
{
	Rng *rng = &c->rng;
	GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int made = 0, attempts = 0;
	while (made < count && attempts++ < count * 50) {
		char name[32];
		g_snprintf(name, sizeof name, "tep-%04d.docx", made + 1);
		guint roll = rng_below(rng, 100);
		Style st = style_random(rng);
		if (roll < 10) { /* an official document */
			const Unit *u = &RNG_PICK(rng, roster);
			GDate dd, got;
			g_date_set_dmy(&dd, 1, 1, 2025);
			g_date_add_days(&dd, (guint)rng_range(rng, 5, 330));
			got = dd;
			g_date_add_days(&got, (guint)rng_range(rng, 1, 5));
			Report *r = paper_generate(rng, (int)rng_below(rng, G_N_ELEMENTS(paper_defs)), u, &dd, st);
			corpus_add(c, name, rng_permille(rng, 600) ? u->code : NULL, r,
				   local_epoch(&got, rng_range(rng, 7, 17), rng_range(rng, 0, 59)), NULL);
			made++;
			continue;
		}
		if (roll < 13 && c->items->len > 0) { /* a duplicate of an earlier accepted report */
			Item *orig = g_ptr_array_index(c->items, rng_below(rng, c->items->len));
			GDate due;
			if (!orig->rep || orig->rep->paper >= 0 || strcmp(orig->status, "accepted") != 0 ||
			    g_ptr_array_find_with_equal_func(orig->axes, "resubmission", g_str_equal, NULL))
				continue;
			period_due(&orig->rep->period, &due);
			gint64 when = orig->received + 86400 + 600 * rng_range(rng, 0, 30);
			if (when >= local_epoch(&due, 23, 0))
				continue;
			corpus_add_duplicate(c, orig, name, when);
			made++;
			continue;
		}
		gboolean resubmit = roll < 17 && made + 2 <= count;
		Period p = random_period(rng);
		const Unit *u = &RNG_PICK(rng, roster);
		g_autofree char *pc = period_code(&p);
		g_autofree char *key = g_strdup_printf("%s|%s", u->code, pc);
		if (g_hash_table_contains(used, key))
			continue;
		g_hash_table_add(used, g_strdup(key));
		const Unit *header = u;
		const char *folder = u->code;
		guint place = rng_below(rng, 100);
		if (place < 25)
			folder = NULL;
		else if (place < 31 && random_same_group(rng, u))
			header = random_same_group(rng, u);
		if (resubmit) {
			GDate due, d1, d2;
			period_due(&p, &due);
			d1 = due;
			g_date_subtract_days(&d1, (guint)rng_range(rng, 6, 10));
			d2 = due;
			g_date_subtract_days(&d2, (guint)rng_range(rng, 1, 4));
			Report *r1 = report_generate(rng, header, p, &d1, st);
			Report *r2 = report_generate(rng, header, p, &d2, st);
			r2->doc_no = r1->doc_no;
			corpus_add(c, name, folder, r1, local_epoch(&d1, 9, rng_range(rng, 0, 59)), "resubmission");
			g_snprintf(name, sizeof name, "tep-%04d.docx", made + 2);
			corpus_add(c, name, folder, r2, local_epoch(&d2, 15, rng_range(rng, 0, 59)), "resubmission");
			made += 2;
			continue;
		}
		GDate dd;
		gint64 recv = random_received(rng, &p, rng_permille(rng, 200), &dd);
		Report *r = report_generate(rng, header, p, &dd, st);
		if (rng_permille(rng, 150))
			random_defects(rng, r);
		corpus_add(c, name, folder, r, recv, NULL);
		made++;
	}
	g_hash_table_unref(used);
	if (made < count)
		fprintf(stderr, "gen_docx: only %d distinct files fit the roster and periods\n", made);
}

/* ------------------------------------------------------------------------------------------ */
/* eval --formats: N more items per format other than DOCX, each format from its own random   */
/* stream, so that adding a format changes neither the DOCX items nor the other formats.       */

static guint64 fnv1a(const char *s)
{
	guint64 h = G_GUINT64_CONSTANT(14695981039346656037);
	for (; *s; s++)
		h = (h ^ (guchar)*s) * G_GUINT64_CONSTANT(1099511628211);
	return h;
}

/* The formats that carry multi-page reports; every unit and period belongs to one of them, so
 * that two formats never write the same unit's report for the same period (which would make
 * one of them superseded, depending on which formats were asked for). */
static const RFormat report_formats[] = { RF_PDF, RF_SCAN300, RF_SCAN200, RF_TIFF, RF_MIXED,
					  RF_SIGNEDSCAN };

/* The formats gen_docx writes itself share the keys that neither DOCX nor the formats above
 * use (whether those are asked for or not: eval_taken_keys), split by another hash. */
static const RFormat own_formats[] = { RF_ODT, RF_XLSX, RF_ZIP };

static gboolean key_owned_by(const char *key, RFormat f)
{
	if (f >= RF_ODT)
		return own_formats[(fnv1a(key) >> 32) % G_N_ELEMENTS(own_formats)] == f;
	return report_formats[fnv1a(key) % G_N_ELEMENTS(report_formats)] == f;
}

/* An official document of a random unit in format f. */
static void eval_add_paper(Corpus *c, Rng *rng, const char *name, RFormat f, Style st)
{
	const Unit *u = &RNG_PICK(rng, roster);
	GDate dd, got;
	g_date_set_dmy(&dd, 1, 1, 2025);
	g_date_add_days(&dd, (guint)rng_range(rng, 5, 330));
	got = dd;
	g_date_add_days(&got, (guint)rng_range(rng, 1, 5));
	Report *r = paper_generate(rng, (int)rng_below(rng, G_N_ELEMENTS(paper_defs)), u, &dd, st);
	const char *folder = rng_permille(rng, 600) ? u->code : NULL;
	gint64 when = local_epoch(&got, rng_range(rng, 7, 17), rng_range(rng, 0, 59));
	Item *it = corpus_add_as(c, name, folder, r, when, NULL, f, rng_next(rng));
	if (!c->dry && rformat_one_page(f) && it->pages != 1)
		g_error("gen_docx: %s: a document of %d pages for a one-page format", name, it->pages);
}

/* "unit|period" of every report in the corpus. */
static GHashTable *corpus_report_keys(const Corpus *c)
{
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < c->items->len; i++) {
		const Item *it = g_ptr_array_index(c->items, i);
		if (it->rep && it->rep->paper < 0)
			g_hash_table_add(keys, g_strdup_printf("%s|%s", it->unit->code, it->period));
	}
	return keys;
}

/* per_format items in format f, avoiding the units and periods in docx_keys and, for the
 * formats gen_docx writes itself, in taken. */
static void build_eval_format(Corpus *c, RFormat f, int per_format, GHashTable *docx_keys,
			      GHashTable *taken)
{
	const char *fname = rformat_name(f);
	Rng stream = { (guint64)c->seed ^ fnv1a(fname) };
	Rng *rng = &stream;
	rng_next(rng);
	GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int made = 0;
	for (int k = 1; k <= per_format; k++) {
		char name[48];
		g_snprintf(name, sizeof name, "eval-%s-%04d.%s", fname, k, rformat_extension(f));
		Style st = style_random(rng);
		gboolean paper = rformat_one_page(f) ||
				 (f != RF_MIXED && f != RF_XLSX && rng_below(rng, 100) < 15);
		Period p = { P_MONTH, 2025, 0 };
		const Unit *u = NULL;
		for (int attempt = 0; !paper && attempt < 400; attempt++) {
			Period cand = random_period(rng);
			const Unit *cu = &RNG_PICK(rng, roster);
			g_autofree char *pc = period_code(&cand);
			g_autofree char *key = g_strdup_printf("%s|%s", cu->code, pc);
			if (!key_owned_by(key, f) || g_hash_table_contains(used, key) ||
			    g_hash_table_contains(docx_keys, key) || (taken && g_hash_table_contains(taken, key)))
				continue;
			g_hash_table_add(used, g_steal_pointer(&key));
			p = cand;
			u = cu;
			break;
		}
		if (!paper && !u) {
			if (f == RF_MIXED || f == RF_XLSX)
				break; /* a mixed file needs a report of two pages or more, a workbook
					* a report */
			paper = TRUE;
		}
		if (paper) {
			eval_add_paper(c, rng, name, f, st);
			made++;
			continue;
		}
		const Unit *header = u;
		const char *folder = u->code;
		guint place = rng_below(rng, 100);
		if (place < 25)
			folder = NULL;
		else if (place < 31 && random_same_group(rng, u))
			header = random_same_group(rng, u);
		GDate dd;
		gint64 recv = random_received(rng, &p, rng_permille(rng, 200), &dd);
		Report *r = report_generate(rng, header, p, &dd, st);
		if (rng_permille(rng, 150))
			random_defects(rng, r);
		corpus_add_as(c, name, folder, r, recv, NULL, f, rng_next(rng));
		made++;
	}
	g_hash_table_unref(used);
	if (made < per_format && !c->dry)
		fprintf(stderr, "gen_docx: only %d %s files fit the roster and periods\n", made, fname);
}

/* The keys the DOCX items and the rendered formats' items use, whether or not those formats
 * are asked for: the rendered formats are drawn again without writing anything. */
static GHashTable *eval_taken_keys(const Corpus *c, int per_format, GHashTable *docx_keys)
{
	Corpus dry = { { 0 }, c->seed, c->mode, g_ptr_array_new_with_free_func(item_free),
		       g_ptr_array_new_with_free_func(extra_free), TRUE };
	for (gsize i = 0; i < G_N_ELEMENTS(report_formats); i++)
		build_eval_format(&dry, report_formats[i], per_format, docx_keys, NULL);
	GHashTable *taken = corpus_report_keys(&dry);
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, docx_keys);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_hash_table_add(taken, g_strdup(key));
	g_ptr_array_unref(dry.items);
	g_ptr_array_unref(dry.extras);
	return taken;
}

/* eval --formats zip: per_format archives NAME.zip, each holding a folder NAME/ with a report
 * (a DOCX, or a text PDF one time in four; an official document instead one time in seven)
 * and up to two documents the same unit issued (DOCX), named NAME/NAME-bao-cao.docx,
 * NAME/NAME-ke-hoach.docx and so on.  Every member is labelled under its own name, received
 * when the archive was, with the unit of the folder the archive sits in. */
static void build_eval_zip(Corpus *c, int per_format, GHashTable *taken)
{
	static const char *const paper_names[] = { "ke-hoach", "nghi-quyet", "thong-bao" };
	Rng stream = { (guint64)c->seed ^ fnv1a("zip") };
	Rng *rng = &stream;
	rng_next(rng);
	GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int k = 1; k <= per_format; k++) {
		char stem[32];
		g_snprintf(stem, sizeof stem, "eval-zip-%04d", k);
		Style st = style_random(rng);
		int n_files = rng_range(rng, 1, 3);
		gboolean report = rng_below(rng, 100) < 85;
		gboolean as_pdf = rng_below(rng, 4) == 0;
		Period p = { P_MONTH, 2025, 0 };
		const Unit *u = NULL;
		for (int attempt = 0; report && attempt < 400; attempt++) {
			Period cand = random_period(rng);
			const Unit *cu = &RNG_PICK(rng, roster);
			g_autofree char *pc = period_code(&cand);
			g_autofree char *key = g_strdup_printf("%s|%s", cu->code, pc);
			if (!key_owned_by(key, RF_ZIP) || g_hash_table_contains(used, key) ||
			    g_hash_table_contains(taken, key))
				continue;
			g_hash_table_add(used, g_steal_pointer(&key));
			p = cand;
			u = cu;
			break;
		}
		report = report && u;
		const Unit *header = u;
		const char *folder = NULL;
		GDate dd;
		gint64 recv;
		if (report) {
			guint place = rng_below(rng, 100);
			folder = place < 25 ? NULL : u->code;
			if (place >= 25 && place < 31 && random_same_group(rng, u))
				header = random_same_group(rng, u);
			recv = random_received(rng, &p, rng_permille(rng, 200), &dd);
		} else {
			GDate got;
			header = u = &RNG_PICK(rng, roster);
			g_date_set_dmy(&dd, 1, 1, 2025);
			g_date_add_days(&dd, (guint)rng_range(rng, 25, 330));
			got = dd;
			g_date_add_days(&got, (guint)rng_range(rng, 1, 5));
			folder = rng_permille(rng, 600) ? u->code : NULL;
			recv = local_epoch(&got, rng_range(rng, 7, 17), rng_range(rng, 0, 59));
		}
		/* the documents come from the unit the archive is filed under */
		const Unit *issuer = folder ? unit_by_code(folder) : header;
		g_autofree char *dir = g_strconcat(stem, "/", NULL);
		g_autofree char *zip_name = g_strconcat(stem, ".zip", NULL);
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *members = g_ptr_array_new(); /* Item*, whose bytes the archive holds */
		guint first_paper = rng_below(rng, G_N_ELEMENTS(paper_defs));
		for (int m = 0; m < n_files; m++) {
			Item *it;
			if (m == 0 && report) {
				Report *r = report_generate(rng, header, p, &dd, st);
				if (rng_permille(rng, 150))
					random_defects(rng, r);
				if (as_pdf)
					r->st = style_for_format(r->st, RF_PDF);
				g_autofree char *base = g_strconcat(stem, "-bao-cao.", as_pdf ? "pdf" : "docx", NULL);
				it = corpus_add_as(c, base, folder, r, recv, NULL, RF_ZIP, 0);
				if (as_pdf)
					g_ptr_array_add(it->axes, (gpointer)"member-pdf");
			} else {
				int kind = (int)((first_paper + (guint)m) % G_N_ELEMENTS(paper_defs));
				GDate pd = dd;
				g_date_subtract_days(&pd, (guint)rng_range(rng, 2, 20));
				Report *r = paper_generate(rng, kind, issuer, &pd, st);
				g_autofree char *base = g_strconcat(stem, "-", paper_names[kind], ".docx", NULL);
				it = corpus_add_as(c, base, folder, r, recv, NULL, RF_ZIP, 0);
			}
			it->member = g_strconcat(dir, it->name, NULL);
			g_free(it->path);
			it->path = folder ? g_strdup_printf("%s/%s", folder, zip_name) : g_strdup(zip_name);
			g_ptr_array_add(names, g_strdup(it->member));
			g_ptr_array_add(members, it);
		}
		if (!c->dry) {
			ZipPart *parts = g_new0(ZipPart, members->len + 1);
			GBytes **data = g_new0(GBytes *, members->len);
			parts[0].name = dir; /* the folder's own entry */
			for (guint m = 0; m < members->len; m++) {
				Item *it = g_ptr_array_index(members, m);
				if (g_str_has_suffix(it->name, ".pdf")) {
					RLayout *lay = build_layout(it->rep);
					RenderOptions opt = { RF_PDF, 0, NULL, NULL };
					RenderResult res;
					render_document(lay, &opt, &res);
					rl_free(lay);
					g_free(res.text);
					data[m] = res.bytes;
				} else {
					data[m] = report_docx(it->rep);
				}
				parts[m + 1] = (ZipPart){ g_ptr_array_index(names, m), data[m], FALSE, NULL };
			}
			corpus_add_extra(c, folder, zip_name, zip_build(parts, (int)members->len + 1), recv);
			for (guint m = 0; m < members->len; m++)
				g_bytes_unref(data[m]);
			g_free(data);
			g_free(parts);
		}
		g_ptr_array_unref(members);
		g_ptr_array_unref(names);
	}
	g_hash_table_unref(used);
}

/* ------------------------------------------------------------------------------------------ */
/* e2e-pdf: a small fixed set in the other formats (OCR costs about 2 s a page in the tests).  */

typedef struct {
	const char *name;
	RFormat format;
	int paper;          /* -1: a report of 2025-10 */
	const char *unit;
	int pages;          /* what the case promises */
	int day, month, hour, minute;
} E2ePdfCase;

static const E2ePdfCase e2e_pdf_cases[] = {
	{ "01-pdf-report.pdf", RF_PDF, -1, "DU-STC", 2, 16, 10, 9, 10 },
	{ "02-scan300-report.pdf", RF_SCAN300, -1, "DU-SNV", 2, 17, 10, 10, 20 },
	{ "03-signedscan-document.pdf", RF_SIGNEDSCAN, PAPER_PLAN, "DU-HAIAN", 1, 15, 10, 14, 5 },
	{ "04-png-document.png", RF_PNG, PAPER_NOTICE, "DU-KIENAN", 1, 14, 10, 8, 40 },
	{ "05-tiff-report.tif", RF_TIFF, -1, "DU-DOSON", 2, 17, 10, 15, 30 },
	{ "06-mixed-report.pdf", RF_MIXED, -1, "DU-LECHAN", 2, 16, 10, 11, 0 },
	{ "07-photo-document.jpg", RF_PHOTO, PAPER_RESOLUTION, "DU-NGOQUYEN", 1, 13, 10, 16, 45 },
};

/* A short report: two leadership paragraphs, at most one issued document, one difficulty and
 * one proposal (a scan page costs OCR time in the tests). */
static void report_compact(Report *r)
{
	if (r->leadership->len > 2)
		g_ptr_array_set_size(r->leadership, 2);
	if (r->issued->len > 1)
		g_array_set_size(r->issued, 1);
	if (r->difficulties->len > 1)
		g_ptr_array_set_size(r->difficulties, 1);
	if (r->proposals->len > 1)
		g_ptr_array_set_size(r->proposals, 1);
}

/* Each case's model is drawn again until it prints on the pages the case promises, so that
 * any seed gives the same shape of fixture. */
static void build_e2e_pdf(Corpus *c)
{
	for (gsize i = 0; i < G_N_ELEMENTS(e2e_pdf_cases); i++) {
		const E2ePdfCase *e = &e2e_pdf_cases[i];
		gint64 recv = e2e_time(e->day, e->month, e->hour, e->minute);
		GDate dd;
		g_date_set_dmy(&dd, (GDateDay)e->day, (GDateMonth)e->month, 2025);
		g_date_subtract_days(&dd, 1);
		const Unit *u = unit_by_code(e->unit);
		Report *r = NULL;
		for (int attempt = 0;; attempt++) {
			r = e->paper < 0
				? report_generate(&c->rng, u, period_parse("2025-10"), &dd, style_from_axes(""))
				: paper_generate(&c->rng, e->paper, u, &dd, style_from_axes(""));
			if (e->paper < 0)
				report_compact(r);
			RLayout *lay = build_layout(r);
			int pages = rl_page_count(lay);
			rl_free(lay);
			if (pages == e->pages)
				break;
			if (attempt == 50)
				g_error("gen_docx: %s does not fit on %d pages", e->name, e->pages);
			report_free(r);
		}
		corpus_add_as(c, e->name, e->unit, r, recv, NULL, e->format, rng_next(&c->rng));
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Output: the files with their received times, and truth.json.                                */

static void json_add_string_or_null(JsonBuilder *b, const char *key, const char *value)
{
	json_builder_set_member_name(b, key);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

static void json_add_quarters(JsonBuilder *b, const char *key, gboolean has, gint64 q)
{
	json_builder_set_member_name(b, key);
	if (!has)
		json_builder_add_null_value(b);
	else if (q % 4 == 0)
		json_builder_add_int_value(b, q / 4);
	else
		json_builder_add_double_value(b, (double)q / 4.0);
}

/* Free text as the document prints it (old tone placement included), paragraphs joined by "\n". */
static char *printed_text(const Report *r, const char *s)
{
	return r->st.v[K_OLDTONE] ? text_oldtone(s) : g_strdup(s);
}

static void json_add_text_field(JsonBuilder *b, const Report *r, const char *key, const char *value)
{
	g_autofree char *t = printed_text(r, value);
	json_builder_set_member_name(b, key);
	json_builder_add_string_value(b, t);
}

static void json_add_paragraphs(JsonBuilder *b, const Report *r, const char *key, const GPtrArray *paras)
{
	GString *joined = g_string_new(NULL);
	for (guint i = 0; i < paras->len; i++) {
		if (i)
			g_string_append_c(joined, '\n');
		g_string_append(joined, g_ptr_array_index(paras, i));
	}
	json_add_text_field(b, r, key, joined->str);
	g_string_free(joined, TRUE);
}

static void truth_fields(JsonBuilder *b, const Report *r)
{
	g_autofree char *number = doc_number(r);
	g_autofree char *date = date_iso(&r->doc_date);
	json_builder_set_member_name(b, "fields");
	json_builder_begin_object(b);
	if (r->paper >= 0) {
		const PaperDef *def = &paper_defs[r->paper];
		g_autofree char *title = g_strconcat(def->titles[r->title_idx][0], " ",
						     def->titles[r->title_idx][1], NULL);
		json_add_text_field(b, r, "doc_type", def->type_sentence);
		json_add_text_field(b, r, "title", title);
	}
	json_add_string_or_null(b, "issuer", r->header_unit->name);
	json_add_string_or_null(b, "doc_number", number);
	json_add_string_or_null(b, "doc_date", date);
	json_add_string_or_null(b, "place", "Hải Phòng");
	json_add_string_or_null(b, "signer_title", r->signer_title);
	if (r->signer)
		json_add_text_field(b, r, "signer_name", r->signer);
	if (r->paper < 0 && !r->missing_section[3])
		json_add_paragraphs(b, r, "difficulties", r->difficulties);
	if (r->paper < 0 && !r->missing_section[4])
		json_add_paragraphs(b, r, "proposals", r->proposals);
	json_builder_end_object(b);
}

static void truth_report_content(JsonBuilder *b, const Report *r)
{
	json_builder_set_member_name(b, "indicators");
	json_builder_begin_object(b);
	for (int i = 0; i < N_IND && !r->missing_section[2]; i++) {
		const IndValue *v = &r->ind[i];
		if (!v->has_period && !v->has_ytd)
			continue;
		if (r->st.v[K_IND] == IND_TEXT && !(v->has_period && v->has_ytd))
			continue;
		json_builder_set_member_name(b, ind_defs[i].code);
		json_builder_begin_object(b);
		json_add_quarters(b, "period_value", v->has_period, v->period_q);
		json_add_quarters(b, "ytd_value", v->has_ytd, v->ytd_q);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "tasks");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->tasks->len && !r->missing_section[1]; i++) {
		const TaskRow *row = &g_array_index(r->tasks, TaskRow, i);
		json_builder_begin_object(b);
		json_add_string_or_null(b, "code", row->task->code);
		/* a valid status is labelled canonical; an invalid one as the document prints it */
		g_autofree char *printed = status_text(row, r->st.v[K_STATUS]);
		json_add_string_or_null(b, "status", row->status < 0 ? printed
								      : task_statuses[row->status]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "issued_documents");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->issued->len && !r->missing_section[0]; i++) {
		const IssuedRow *row = &g_array_index(r->issued, IssuedRow, i);
		g_autofree char *date = date_iso(&row->date);
		json_builder_begin_object(b);
		json_add_string_or_null(b, "doc_number", row->number);
		json_add_string_or_null(b, "doc_date", date);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static char *item_case(const Item *it)
{
	if (it->axes->len == 0)
		return g_strdup("canonical");
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < it->axes->len; i++) {
		if (i)
			g_string_append_c(s, '+');
		g_string_append(s, g_ptr_array_index(it->axes, i));
	}
	return g_string_free(s, FALSE);
}

static void truth_item(JsonBuilder *b, const Item *it)
{
	g_autofree char *casestr = item_case(it);
	g_autofree char *received = epoch_iso(it->received);
	json_builder_set_member_name(b, it->name);
	json_builder_begin_object(b);
	json_add_string_or_null(b, "case", casestr);
	json_add_string_or_null(b, "path", it->path);
	if (it->member)
		json_add_string_or_null(b, "member", it->member);
	json_add_string_or_null(b, "format", rformat_name(it->format));
	if (it->format != RF_DOCX && it->format < RF_ODT && it->bytes) {
		json_builder_set_member_name(b, "pages");
		json_builder_add_int_value(b, it->pages);
	}
	if (it->text) {
		g_autofree char *text = g_strconcat("text/", it->name, ".txt", NULL);
		json_add_string_or_null(b, "text", text);
	}
	json_add_string_or_null(b, "received_at", received);
	json_add_string_or_null(b, "kind", it->kind);
	json_add_string_or_null(b, "status", it->status);
	json_add_string_or_null(b, "unit", it->unit ? it->unit->code : NULL);
	json_add_string_or_null(b, "period", it->period);
	if (it->has_timeliness) {
		json_add_string_or_null(b, "timeliness", it->timeliness);
		if (it->days_late >= 0) {
			json_builder_set_member_name(b, "days_late");
			json_builder_add_int_value(b, it->days_late);
		}
	}
	if (it->has_content) {
		truth_fields(b, it->rep);
		if (it->rep->paper < 0)
			truth_report_content(b, it->rep);
	}
	json_builder_set_member_name(b, "finding_codes");
	json_builder_begin_array(b);
	for (guint i = 0; i < it->findings->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(it->findings, i));
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static void write_truth(const Corpus *c, const char *outdir)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_add_string_or_null(b, "generator", GENERATOR_NAME);
	json_builder_set_member_name(b, "seed");
	json_builder_add_int_value(b, (gint64)c->seed);
	json_add_string_or_null(b, "mode", c->mode);
	json_builder_set_member_name(b, "files");
	json_builder_begin_object(b);
	for (guint i = 0; i < c->items->len; i++)
		truth_item(b, g_ptr_array_index(c->items, i));
	json_builder_end_object(b);
	json_builder_end_object(b);
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	g_autofree char *text = json_generator_to_data(gen, NULL);
	g_autofree char *path = g_build_filename(outdir, "truth.json", NULL);
	g_autofree char *with_nl = g_strconcat(text, "\n", NULL);
	g_autoptr(GError) err = NULL;
	if (!g_file_set_contents(path, with_nl, -1, &err))
		g_error("cannot write '%s': %s", path, err->message);
}

static void write_file(const char *inbox, const char *rel, GBytes *bytes, gint64 received)
{
	g_autofree char *path = g_build_filename(inbox, rel, NULL);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autoptr(GError) err = NULL;
	if (g_mkdir_with_parents(dir, 0755) != 0)
		g_error("cannot create '%s': %s", dir, g_strerror(errno));
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	if (!g_file_set_contents(path, data ? data : "", (gssize)len, &err))
		g_error("cannot write '%s': %s", path, err->message);
	struct timespec times[2] = { { (time_t)received, 0 }, { (time_t)received, 0 } };
	if (utimensat(AT_FDCWD, path, times, 0) != 0)
		g_error("cannot set the time of '%s': %s", path, g_strerror(errno));
}

/* The labelled files (not the members of a zip: the archive is an extra file), then the
 * extra files. */
static void write_files(const Corpus *c, const char *inbox)
{
	for (guint i = 0; i < c->items->len; i++) {
		const Item *it = g_ptr_array_index(c->items, i);
		if (!it->member)
			write_file(inbox, it->path, it->bytes, it->received);
	}
	for (guint i = 0; i < c->extras->len; i++) {
		const ExtraFile *e = g_ptr_array_index(c->extras, i);
		write_file(inbox, e->path, e->bytes, e->received);
	}
}

/* The reference texts of the scans: OUTDIR/text/<file name>.txt. */
static void write_texts(const Corpus *c, const char *outdir)
{
	g_autofree char *dir = g_build_filename(outdir, "text", NULL);
	for (guint i = 0; i < c->items->len; i++) {
		const Item *it = g_ptr_array_index(c->items, i);
		if (!it->text)
			continue;
		if (g_mkdir_with_parents(dir, 0755) != 0)
			g_error("cannot create '%s': %s", dir, g_strerror(errno));
		g_autofree char *base = g_strconcat(it->name, ".txt", NULL);
		g_autofree char *path = g_build_filename(dir, base, NULL);
		g_autoptr(GError) err = NULL;
		if (!g_file_set_contents(path, it->text, -1, &err))
			g_error("cannot write '%s': %s", path, err->message);
	}
}

static gboolean dir_is_empty(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (!d)
		return TRUE;
	gboolean empty = g_dir_read_name(d) == NULL;
	g_dir_close(d);
	return empty;
}

int main(int argc, char **argv)
{
	gint64 seed = DEFAULT_SEED;
	int count = DEFAULT_COUNT, per_format = DEFAULT_PER_FORMAT;
	g_autofree char *formats = NULL;
	GOptionEntry entries[] = {
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "files to write in eval mode (300)", "N" },
		{ "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "seed of the generator (66)", "S" },
		{ "formats", 'f', 0, G_OPTION_ARG_STRING, &formats,
		  "eval: formats to write, comma-separated (docx): docx,pdf,scan300,scan200,photo,tiff,png,mixed,signedscan,odt,xlsx,zip",
		  "LIST" },
		{ "per-format", 'p', 0, G_OPTION_ARG_INT, &per_format,
		  "eval: files per format other than docx (20)", "N" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("e2e|e2e-pdf|eval|bad OUTDIR");
	g_option_context_set_summary(ctx, "Write labelled fixtures (DOCX, PDF, scans, photos, ODT, workbooks, zips) to OUTDIR/inbox and OUTDIR/truth.json.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	gboolean want[RF_COUNT] = { FALSE };
	gboolean ok = g_option_context_parse(ctx, &argc, &argv, &err) && argc == 3 && count >= 0 &&
		      per_format >= 0 &&
		      (strcmp(argv[1], "e2e") == 0 || strcmp(argv[1], "eval") == 0 ||
		       strcmp(argv[1], "bad") == 0 || strcmp(argv[1], "e2e-pdf") == 0);
	want[RF_DOCX] = TRUE;
	if (ok && formats) {
		g_auto(GStrv) names = g_strsplit(formats, ",", -1);
		want[RF_DOCX] = FALSE;
		for (char **n = names; *n && ok; n++) {
			int f = rformat_parse(g_strstrip(*n));
			if (f < 0)
				fprintf(stderr, "gen_docx: unknown format '%s'\n", *n);
			else
				want[f] = TRUE;
			ok = f >= 0;
		}
		ok = ok && strcmp(argv[1], "eval") == 0;
	}
	if (!ok) {
		fprintf(stderr, "usage: gen_docx e2e|e2e-pdf|eval|bad OUTDIR [--count N] [--seed S] "
				"[--formats LIST] [--per-format N]%s%s\n",
			err ? ": " : "", err ? err->message : "");
		return 2;
	}
	/* libzip turns entry times into DOS times with localtime(): fix the zone. */
	g_setenv("TZ", "UTC", TRUE);
	tzset();
	xmlInitParser();

	const char *outdir = argv[2];
	g_autofree char *inbox = g_build_filename(outdir, "inbox", NULL);
	if (!dir_is_empty(inbox)) {
		fprintf(stderr, "gen_docx: '%s' is not empty; remove it first\n", inbox);
		return 2;
	}
	if (g_mkdir_with_parents(inbox, 0755) != 0) {
		fprintf(stderr, "gen_docx: cannot create '%s': %s\n", inbox, g_strerror(errno));
		return 2;
	}
	Corpus c = { { (guint64)seed }, (guint64)seed, argv[1], g_ptr_array_new_with_free_func(item_free),
		     g_ptr_array_new_with_free_func(extra_free), FALSE };
	if (strcmp(c.mode, "e2e") == 0) {
		build_e2e(&c);
	} else if (strcmp(c.mode, "e2e-pdf") == 0) {
		build_e2e_pdf(&c);
	} else if (strcmp(c.mode, "eval") == 0) {
		/* the DOCX items are drawn whether written or not, so that the units and periods
		 * the other formats avoid stay the same */
		build_eval(&c, count);
		GHashTable *docx_keys = corpus_report_keys(&c);
		if (!want[RF_DOCX])
			g_ptr_array_set_size(c.items, 0);
		GHashTable *taken = NULL;
		for (int f = RF_DOCX + 1; f < RF_COUNT; f++) {
			if (!want[f])
				continue;
			if (f >= RF_ODT && !taken)
				taken = eval_taken_keys(&c, per_format, docx_keys);
			if (f == RF_ZIP)
				build_eval_zip(&c, per_format, taken);
			else
				build_eval_format(&c, (RFormat)f, per_format, docx_keys, f >= RF_ODT ? taken : NULL);
		}
		if (taken)
			g_hash_table_unref(taken);
		g_hash_table_unref(docx_keys);
	} else {
		corpus_add_bad_set(&c, e2e_time(16, 10, 7, 0));
	}
	corpus_mark_superseded(&c);
	write_files(&c, inbox);
	write_texts(&c, outdir);
	write_truth(&c, outdir);
	printf("gen_docx: %u files in %s, labels in %s/truth.json\n", c.items->len, inbox, outdir);
	g_ptr_array_unref(c.items);
	g_ptr_array_unref(c.extras);
	xmlCleanupParser();
	return 0;
}
