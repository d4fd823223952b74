/*
 * test_vntext.c - unit tests for vntext.c: normalisation, tone placement, keys, legacy
 * TCVN3/VNI decoding and guessing, and the number, date and period notations.
 *
 * The TCVN3 expectations were produced by hand with glibc's iconv (TCVN5712-1) and the
 * VNI ones from the byte facts of DOMAIN.md section 3; mojibake inputs are written as
 * the characters Word stores for those bytes (Latin-1 / cp1252 / U+F0xx).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vntext.h"

/* Asserts that f(in) returns want, and frees the result. */
#define CHECK_STR(expr, want)                                   \
	do {                                                    \
		char *got_ = (expr);                            \
		assert_non_null(got_);                          \
		assert_string_equal(got_, (want));              \
		g_free(got_);                                   \
	} while (0)

/* The string Word stores for bytes: each byte as its Latin-1 code point. */
static char *latin1_of(const guchar *bytes, gsize n)
{
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < n; i++)
		g_string_append_unichar(s, bytes[i]);
	return g_string_free(s, FALSE);
}

static char *nfd(const char *s)
{
	return g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
}

/* ---------------------------------------------------------------- vn_normalize */

static void test_normalize_nfc(void **state G_GNUC_UNUSED)
{
	g_autofree char *d = nfd("Đảng Cộng sản Việt Nam, Thành ủy Hải Phòng");
	assert_string_not_equal(d, "Đảng Cộng sản Việt Nam, Thành ủy Hải Phòng");
	CHECK_STR(vn_normalize(d, -1), "Đảng Cộng sản Việt Nam, Thành ủy Hải Phòng");
	CHECK_STR(vn_normalize("plain ascii\ttext\n", -1), "plain ascii\ttext\n");
	CHECK_STR(vn_normalize("", -1), "");
	CHECK_STR(vn_normalize(NULL, -1), "");
}

static void test_normalize_long_nfd(void **state G_GNUC_UNUSED)
{
	/* long NFD text, with and without spaces: the pieces must join seamlessly */
	static const char *const words[] = { "Đảng Cộng sản Việt Nam ", "ĐẢNGỦYNGHỊQUYẾT" };
	for (gsize w = 0; w < G_N_ELEMENTS(words); w++) {
		GString *want = g_string_new(NULL);
		while (want->len < 100 * 1024)
			g_string_append(want, words[w]);
		g_autofree char *d = nfd(want->str);
		g_autofree char *got = vn_normalize(d, -1);
		assert_true(strcmp(got, want->str) == 0);
		g_string_free(want, TRUE);
	}
}

static void test_normalize_fold_and_spaces(void **state G_GNUC_UNUSED)
{
	/* eth to Đ/đ */
	CHECK_STR(vn_normalize("\xC3\x90\xE1\xBA\xA3ng \xC3\xB0\xC3\xA3", -1), "Đảng đã");
	/* NBSP, en quad, thin, hair, narrow NBSP, ideographic space */
	CHECK_STR(vn_normalize("a\xC2\xA0" "b\xE2\x80\x80" "c\xE2\x80\x89" "d\xE2\x80\x8A"
	                       "e\xE2\x80\xAF" "f\xE3\x80\x80" "g", -1),
	          "a b c d e f g");
	/* zero-width space/joiners, BOM and soft hyphen removed */
	CHECK_STR(vn_normalize("\xEF\xBB\xBFTh\xE2\x80\x8B\xC3\xA0nh\xE2\x80\x8C "
	                       "\xE1\xBB\xA7y\xE2\x80\x8D v\xC3\xA0 x\xC3\xA3\xC2\xAD h\xE1\xBB\x99i",
	                       -1),
	          "Thành ủy và xã hội");
	/* a zero-width space between a base and its mark must not block composition */
	CHECK_STR(vn_normalize("a\xE2\x80\x8B\xCC\x81", -1), "á");
	/* dashes are kept */
	CHECK_STR(vn_normalize("2021 – 2025 — hết", -1), "2021 – 2025 — hết");
}

static void test_normalize_invalid_and_len(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_normalize("a\xFF" "b\xC3", -1), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	CHECK_STR(vn_normalize("Thành ủy", 6), "Thành");     /* len in bytes */
	CHECK_STR(vn_normalize("abcdef", 3), "abc");
	/* a length that cuts a character in two leaves U+FFFD, never a broken byte */
	char *r = vn_normalize("Thành", 3);
	assert_true(g_utf8_validate(r, -1, NULL));
	assert_string_equal(r, "Th\xEF\xBF\xBD");
	g_free(r);
}

/* --------------------------------------------------------------- vn_canon_tone */

static void assert_same_tone(const char *a, const char *b)
{
	g_autofree char *ca = vn_canon_tone(a);
	g_autofree char *cb = vn_canon_tone(b);
	assert_string_equal(ca, cb);
}

static void test_canon_tone_pairs(void **state G_GNUC_UNUSED)
{
	assert_same_tone("uỷ", "ủy");
	assert_same_tone("hoà", "hòa");
	assert_same_tone("hoá", "hóa");
	assert_same_tone("khoẻ", "khỏe");
	assert_same_tone("thuỷ", "thủy");
	assert_same_tone("uý", "úy");
	assert_same_tone("Thành uỷ", "Thành ủy");
	assert_same_tone("Đảng uỷ", "Đảng ủy");
	assert_same_tone("hoạ", "họa");
	assert_same_tone("loã", "lõa");
	/* the chosen canonical form: tone on the first vowel */
	CHECK_STR(vn_canon_tone("Đảng uỷ, Thành uỷ; hoà bình, văn hoá, sức khoẻ"),
	          "Đảng ủy, Thành ủy; hòa bình, văn hóa, sức khỏe");
	CHECK_STR(vn_canon_tone("ủy hòa"), "ủy hòa");
}

static void test_canon_tone_case_and_fixed(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_canon_tone("ĐẢNG UỶ THUỶ LỢI"), "ĐẢNG ỦY THỦY LỢI");
	CHECK_STR(vn_canon_tone("Hoà Bình"), "Hòa Bình");
	CHECK_STR(vn_canon_tone("HOÀ"), "HÒA");
	CHECK_STR(vn_canon_tone("Uỷ ban"), "Ủy ban");
	/* a final consonant makes the position unambiguous: untouched */
	CHECK_STR(vn_canon_tone("hoàn toán thuyết khuyến hoạch"),
	          "hoàn toán thuyết khuyến hoạch");
	/* other nuclei are untouched */
	CHECK_STR(vn_canon_tone("ngoài khuỷu tuổi người thuế"),
	          "ngoài khuỷu tuổi người thuế");
	CHECK_STR(vn_canon_tone("abc 123, (x) – y"), "abc 123, (x) – y");
	CHECK_STR(vn_canon_tone(""), "");
}

static void test_canon_tone_qu_gi(void **state G_GNUC_UNUSED)
{
	/* in qu/gi + vowel the u/i belongs to the initial consonant */
	CHECK_STR(vn_canon_tone("quý"), "quý");
	CHECK_STR(vn_canon_tone("qúy"), "quý");
	CHECK_STR(vn_canon_tone("Qúy"), "Quý");
	CHECK_STR(vn_canon_tone("QÚY"), "QUÝ");
	CHECK_STR(vn_canon_tone("qùa"), "quà");
	CHECK_STR(vn_canon_tone("quà quả quyết quỳnh"), "quà quả quyết quỳnh");
	CHECK_STR(vn_canon_tone("gìa già gì gìn"), "già già gì gìn");
	assert_same_tone("qúy III", "quý III");
}

/* ---------------------------------------------------------------------- vn_key */

static void test_key_basic(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_key("Đảng uỷ  Sở Tư pháp"), "dang uy so tu phap");
	CHECK_STR(vn_key("ĐẢNG ỦY SỞ TƯ PHÁP"), "dang uy so tu phap");
	CHECK_STR(vn_key("  \tĐảng ủy\n\nSở   Tư pháp \r\n"), "dang uy so tu phap");
	CHECK_STR(vn_key("Số 12-KH/ĐU, ngày 15/10/2025."), "so 12-kh/du, ngay 15/10/2025.");
	CHECK_STR(vn_key("Nghị quyết số 66-NQ/TW (2025)"), "nghi quyet so 66-nq/tw (2025)");
	CHECK_STR(vn_key("ăâêôơưđ ĂÂÊÔƠƯĐ ỳỷỹýỵ"), "aaeooud aaeooud yyyyy");
	CHECK_STR(vn_key("\xC3\x90\xC3\xB0"), "dd");        /* eth */
	CHECK_STR(vn_key("a\xC2\xA0" "b\xE2\x80\x8B" "c"), "a bc");
	CHECK_STR(vn_key(""), "");
	CHECK_STR(vn_key("   "), "");
	CHECK_STR(vn_key(NULL), "");
}

static void test_key_nfd_and_tones(void **state G_GNUC_UNUSED)
{
	g_autofree char *d = nfd("Thành uỷ Hải Phòng");
	CHECK_STR(vn_key(d), "thanh uy hai phong");
	g_autofree char *k1 = vn_key("Đảng uỷ");
	g_autofree char *k2 = vn_key("đảng ủy");
	g_autofree char *k3 = vn_key("dang uy");
	assert_string_equal(k1, k2);
	assert_string_equal(k2, k3);
	/* invalid UTF-8 does not crash and gives valid UTF-8 */
	char *k = vn_key("ab\xFF" "c");
	assert_true(g_utf8_validate(k, -1, NULL));
	g_free(k);
}

/* Tone marks go, the letters' own marks stay: what OCR confuses is the tone. */
static void test_toneless(void **state G_GNUC_UNUSED)
{
	static const char *const cases[][2] = {
		{ "Đỉnh", "Đinh" }, { "phố biến", "phô biên" }, { "phổ biến", "phô biên" },
		{ "chỉ bộ", "chi bô" }, { "Ủy ban", "Uy ban" }, { "Thắng", "Thăng" },
		{ "Nghị quyết", "Nghi quyêt" }, { "ưỡn ẹo", "ươn eo" }, { "abc 123", "abc 123" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *t = vn_toneless(cases[i][0]);
		assert_string_equal(t, cases[i][1]);
	}
	/* NFD in, NFC out */
	g_autofree char *nfd = g_utf8_normalize("Đỉnh", -1, G_NORMALIZE_NFD);
	g_autofree char *t = vn_toneless(nfd);
	assert_string_equal(t, "Đinh");
	assert_null(vn_toneless("\xff\xfe"));
}

static void test_key_contains(void **state G_GNUC_UNUSED)
{
	assert_true(vn_key_contains("dang uy so tu phap", "so tu phap"));
	assert_true(vn_key_contains("dang uy so tu phap", "dang uy"));
	assert_true(vn_key_contains("dang uy so tu phap", "dang uy so tu phap"));
	assert_true(vn_key_contains("ban dan van tinh uy", "dan van"));
	assert_false(vn_key_contains("dang uy so tu phap", "tu pha"));
	assert_false(vn_key_contains("dang uy so tu phap", "ang uy"));
	assert_false(vn_key_contains("bandan van", "dan van"));
	assert_false(vn_key_contains("cs010", "cs01"));
	assert_true(vn_key_contains("cs01: 15", "cs01"));
	assert_true(vn_key_contains("xdan, dan", "dan"));     /* second occurrence */
	assert_true(vn_key_contains("so 12-kh/du ngay", "12-kh/du"));
	assert_true(vn_key_contains("(xem muc 2.2)", "muc 2.2"));
	assert_true(vn_key_contains("ii. ket qua", ". ket"));  /* punctuation edge */
	assert_false(vn_key_contains("dang uy", ""));
	assert_false(vn_key_contains("", "dang"));
	assert_false(vn_key_contains(NULL, "dang"));
	assert_false(vn_key_contains("dang", NULL));
}

/* ------------------------------------------------------------ vn_font_encoding */

static void test_font_encoding(void **state G_GNUC_UNUSED)
{
	assert_int_equal(vn_font_encoding(".VnTime"), VN_ENC_TCVN3);
	assert_int_equal(vn_font_encoding(".VnArial"), VN_ENC_TCVN3);
	assert_int_equal(vn_font_encoding(".VnCentury Schoolbook"), VN_ENC_TCVN3);
	assert_int_equal(vn_font_encoding(".VnAvant"), VN_ENC_TCVN3);
	assert_int_equal(vn_font_encoding(".VnTimeH"), VN_ENC_TCVN3_CAPS);
	assert_int_equal(vn_font_encoding(".VnArialH"), VN_ENC_TCVN3_CAPS);
	assert_int_equal(vn_font_encoding(".VnCentury SchoolbookH"), VN_ENC_TCVN3_CAPS);
	assert_int_equal(vn_font_encoding(" .VnTimeH "), VN_ENC_TCVN3_CAPS);
	assert_int_equal(vn_font_encoding("VNI-Times"), VN_ENC_VNI);
	assert_int_equal(vn_font_encoding("VNI-Helve"), VN_ENC_VNI);
	assert_int_equal(vn_font_encoding("vni-aptima"), VN_ENC_VNI);
	assert_int_equal(vn_font_encoding("Times New Roman"), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding("Arial"), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding("VnTime"), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding(".Vn"), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding("VNI"), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding(""), VN_ENC_UNICODE);
	assert_int_equal(vn_font_encoding(NULL), VN_ENC_UNICODE);
}

/* ------------------------------------------------------------ vn_decode_legacy */

static void test_decode_tcvn3_examples(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_decode_legacy("§¶ng Céng s¶n ViÖt Nam", VN_ENC_TCVN3),
	          "Đảng Cộng sản Việt Nam");
	CHECK_STR(vn_decode_legacy("Thµnh ñy H¶i Phßng", VN_ENC_TCVN3), "Thành ủy Hải Phòng");
	CHECK_STR(vn_decode_legacy("NghÞ quyÕt", VN_ENC_TCVN3), "Nghị quyết");
	CHECK_STR(vn_decode_legacy("ngµy 30 th¸ng 4 n¨m 2025", VN_ENC_TCVN3),
	          "ngày 30 tháng 4 năm 2025");
	/* ư is byte AD, which Word stores as a soft hyphen */
	CHECK_STR(vn_decode_legacy("Th\xC2\xAD\xC3\xAAng trùc", VN_ENC_TCVN3), "Thường trực");
	CHECK_STR(vn_decode_legacy("", VN_ENC_TCVN3), "");
	CHECK_STR(vn_decode_legacy(NULL, VN_ENC_TCVN3), "");
}

static void test_decode_tcvn3_full_table(void **state G_GNUC_UNUSED)
{
	/* every VN3 letter, bytes from iconv -t TCVN5712-1 */
	static const guchar bytes[] = {
		0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xbb, 0xbc, 0xbd, 0xbe, 0xc6, 0xc7, 0xc8, 0xc9,
		0xca, 0xcb, 0xcc, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
		0xd8, 0xdc, 0xdd, 0xde, 0xdf, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8,
		0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
		0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0x20, 0xa8, 0xa9, 0xaa, 0xab,
		0xac, 0xad, 0xae, 0x20, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	};
	static const char want[] =
		"àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
		" ăâêôơưđ ĂÂÊÔƠƯĐ";
	g_autofree char *in = latin1_of(bytes, sizeof bytes);
	CHECK_STR(vn_decode_legacy(in, VN_ENC_TCVN3), want);

	/* VN1/VN2 capital positions decode as capitals (iconv agrees) */
	static const guchar caps[] = { 0xaf, 0xba, 0xbf, 0xc0, 0xc4, 0xcd, 0xda, 0xe0, 0xf0, 0xff };
	g_autofree char *in2 = latin1_of(caps, sizeof caps);
	CHECK_STR(vn_decode_legacy(in2, VN_ENC_TCVN3), "ẰẲẴẮẤỂẾỔỖỐ");
}

static void test_decode_tcvn3_kept_and_symbol(void **state G_GNUC_UNUSED)
{
	/* ASCII, NBSP, cp1252 dashes and quotes, and real Unicode letters are kept */
	CHECK_STR(vn_decode_legacy("A-z 0-9 “a” – b\xC2\xA0" "c", VN_ENC_TCVN3),
	          "A-z 0-9 “a” – b\xC2\xA0" "c");
	CHECK_STR(vn_decode_legacy("Việt µ", VN_ENC_TCVN3), "Việt à");
	/* symbol-charset fonts: U+F0xx stands for byte xx */
	CHECK_STR(vn_decode_legacy("\xEF\x82\xA7\xEF\x82\xB6ng", VN_ENC_TCVN3), "Đảng");
	CHECK_STR(vn_decode_legacy("\xEF\x81\x81", VN_ENC_TCVN3), "A");
	/* U+F0xx below F020 is no byte: kept */
	CHECK_STR(vn_decode_legacy("\xEF\x80\x81", VN_ENC_TCVN3), "\xEF\x80\x81");
}

static void test_decode_tcvn3_caps(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_decode_legacy("§¶ng Céng s¶n ViÖt Nam", VN_ENC_TCVN3_CAPS),
	          "ĐẢNG CỘNG SẢN VIỆT NAM");
	CHECK_STR(vn_decode_legacy("b¸o c¸o", VN_ENC_TCVN3_CAPS), "BÁO CÁO");
	CHECK_STR(vn_decode_legacy("§¶ng", VN_ENC_UNICODE), "§¶ng");
}

static void test_decode_vni(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_decode_legacy("Ñaûng Coäng saûn Vieät Nam", VN_ENC_VNI),
	          "Đảng Cộng sản Việt Nam");
	CHECK_STR(vn_decode_legacy("Thaønh uûy", VN_ENC_VNI), "Thành ủy");
	CHECK_STR(vn_decode_legacy("ÑAÛNG COÄNG SAÛN", VN_ENC_VNI), "ĐẢNG CỘNG SẢN");
	CHECK_STR(vn_decode_legacy("UÛY BAN NHAÂN DAÂN", VN_ENC_VNI), "ỦY BAN NHÂN DÂN");
	CHECK_STR(vn_decode_legacy("NGHÒ QUYEÁT", VN_ENC_VNI), "NGHỊ QUYẾT");
	CHECK_STR(vn_decode_legacy("Thöôøng tröïc ñöôïc", VN_ENC_VNI), "Thường trực được");
	CHECK_STR(vn_decode_legacy("Quyeát ñònh Haûi Phoøng", VN_ENC_VNI), "Quyết định Hải Phòng");
	/* ă series, â/ê/ô series, i and y singles */
	CHECK_STR(vn_decode_legacy("naêm aé aè aú aü aë", VN_ENC_VNI), "năm ắ ằ ẳ ẵ ặ");
	CHECK_STR(vn_decode_legacy("aâ aá aà aå aã aä eâ eá oâ oä", VN_ENC_VNI),
	          "â ấ ầ ẩ ẫ ậ ê ế ô ộ");
	CHECK_STR(vn_decode_legacy("í ì æ ó ò î Í Ì Æ Ó Ò Î", VN_ENC_VNI),
	          "í ì ỉ ĩ ị ỵ Í Ì Ỉ Ĩ Ị Ỵ");
	CHECK_STR(vn_decode_legacy("yù yø yû yõ kyõ", VN_ENC_VNI), "ý ỳ ỷ ỹ kỹ");
	CHECK_STR(vn_decode_legacy("ô ôù Ô ÔØ ö öï Ö", VN_ENC_VNI), "ơ ớ Ơ Ờ ư ự Ư");
	CHECK_STR(vn_decode_legacy("AÊn Aên", VN_ENC_VNI), "Ăn Ăn");  /* mark of either case */
	/* a mark with no base, and e + ă mark, stay as they are */
	CHECK_STR(vn_decode_legacy("û 1é eé", VN_ENC_VNI), "û 1é eé");
	CHECK_STR(vn_decode_legacy("CS01 – 2.250", VN_ENC_VNI), "CS01 – 2.250");
}

/* ------------------------------------------------------------- vn_guess_legacy */

static void test_guess_positive(void **state G_GNUC_UNUSED)
{
	assert_int_equal(vn_guess_legacy("§¶ng Céng s¶n ViÖt Nam"), VN_ENC_TCVN3);
	assert_int_equal(vn_guess_legacy("Thµnh ñy H¶i Phßng"), VN_ENC_TCVN3);
	assert_int_equal(vn_guess_legacy("NghÞ quyÕt"), VN_ENC_TCVN3);
	assert_int_equal(vn_guess_legacy("ngµy th¸ng n¨m"), VN_ENC_TCVN3);
	assert_int_equal(vn_guess_legacy("B¸o c¸o kÕt qu¶ thùc hiÖn NghÞ quyÕt sè 66-NQ/TW "
	                                 "ngµy 30/4/2025 cña Bé ChÝnh trÞ"), VN_ENC_TCVN3);
	assert_int_equal(vn_guess_legacy("Ñaûng Coäng saûn Vieät Nam"), VN_ENC_VNI);
	assert_int_equal(vn_guess_legacy("Thaønh uûy"), VN_ENC_VNI);
	assert_int_equal(vn_guess_legacy("ÑAÛNG COÄNG SAÛN VIEÄT NAM"), VN_ENC_VNI);
	assert_int_equal(vn_guess_legacy("Thöôøng tröïc Thaønh uûy ñaõ chæ ñaïo"), VN_ENC_VNI);
}

static void test_guess_negative(void **state G_GNUC_UNUSED)
{
	assert_int_equal(vn_guess_legacy("Đảng Cộng sản Việt Nam"), VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("Thành ủy Hải Phòng, ngày 30 tháng 4 năm 2025"),
	                 VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("Tháng Ba, hoà bình, quá, thuê"), VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("ĐẢNG ỦY SỞ TƯ PHÁP"), VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("The quick brown fox jumps over the lazy dog."),
	                 VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("© 2025 Sở Tư pháp. Xem § 3 và §4, © ACME"),
	                 VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("Copyright ©ACME, all rights reserved §2."),
	                 VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("naïve café résumé, Müller"), VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy("1.250 – 99,4% “trích”"), VN_ENC_UNICODE);
	/* a long English paragraph with two stray signs stays Unicode */
	assert_int_equal(vn_guess_legacy("This report (©Office, §Rules) covers the "
	                                 "work of all units during the period and lists "
	                                 "the results of every task in the programme."),
	                 VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy(""), VN_ENC_UNICODE);
	assert_int_equal(vn_guess_legacy(NULL), VN_ENC_UNICODE);
}

/* ------------------------------------------------------------------- numbers */

static void assert_number(const char *s, double want)
{
	double v = -12345;
	if (!vn_parse_number(s, &v))
		fail_msg("vn_parse_number(\"%s\") failed", s);
	if (v != want)
		fail_msg("vn_parse_number(\"%s\") = %g, want %g", s, v, want);
}

static void test_parse_number_ok(void **state G_GNUC_UNUSED)
{
	assert_number("1.250", 1250);
	assert_number("12,5", 12.5);
	assert_number("1.250,75", 1250.75);
	assert_number("1 250", 1250);
	assert_number("1\xC2\xA0" "250", 1250);         /* NBSP */
	assert_number("1\xE2\x80\xAF" "250,5", 1250.5); /* narrow NBSP */
	assert_number("12 345 678", 12345678);
	assert_number("1.250.000", 1250000);
	assert_number("0", 0);
	assert_number("-3", -3);
	assert_number("-1.250,5", -1250.5);
	assert_number("99,4", 99.4);
	assert_number("1.25", 1.25);                    /* lenient decimal point */
	assert_number("0.5", 0.5);
	assert_number("  42 \t", 42);
	assert_number("\xC2\xA0" "7\xC2\xA0", 7);
	assert_number("007", 7);
	double v = 0;
	assert_true(vn_parse_number("5", NULL));        /* out may be NULL */
	assert_true(vn_parse_number("3.190", &v));
	assert_true(v == 3190);
}

static void test_parse_number_refused(void **state G_GNUC_UNUSED)
{
	static const char *const bad[] = {
		"1.2.3", "2.2.3", "1.1.", "1.", ",5", "1,", "1,2,3", "1.25,5", "1.250.00",
		"1 25", "12 5", "1.250 000", "1 250.000", "--3", "-", "+3", "- 3", "abc",
		"12a", "CS01", "1/2", "10%", "", "   ", "1e5", "0x10",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
		double v = 777;
		if (vn_parse_number(bad[i], &v))
			fail_msg("vn_parse_number(\"%s\") accepted (%g)", bad[i], v);
		assert_true(v == 777);          /* *out untouched on failure */
	}
	assert_false(vn_parse_number(NULL, NULL));
}

static void assert_find(const char *s, double want, const char *text)
{
	double v = 0;
	gsize b = 0, e = 0;
	if (!vn_find_number(s, &v, &b, &e))
		fail_msg("vn_find_number(\"%s\") found nothing", s);
	if (v != want)
		fail_msg("vn_find_number(\"%s\") = %g, want %g", s, v, want);
	g_autofree char *got = g_strndup(s + b, e - b);
	assert_string_equal(got, text);
}

static void test_find_number(void **state G_GNUC_UNUSED)
{
	assert_find("Số hóa 1.250 hồ sơ", 1250, "1.250");
	assert_find("99,4%", 99.4, "99,4");
	assert_find("Kinh phí: -3 triệu", -3, "-3");
	assert_find("(12,5)", 12.5, "12,5");
	assert_find("tổng 1 250 người", 1250, "1 250");
	assert_find("CS01: 15 hội nghị", 15, "15");
	assert_find("Mục 1.1. Kết quả: 20 văn bản", 20, "20");
	assert_find("Nhiệm vụ 2.2.3 đạt 99,4%", 99.4, "99,4");
	assert_find("II.2.2(3) Số hóa 7 hồ sơ", 7, "7");
	assert_find("1. Kết quả: 12", 12, "12");
	assert_find("Tổng cộng 5.", 5, "5");
	assert_find("Đã có 1.250.", 1250, "1.250");
	assert_find("ngày 30/4/2025 có 3 cuộc", 3, "3");
	assert_find("Công văn 45-CV/UBKTTU, 4 trường hợp", 4, "4");
	assert_find("giá 500.000đ", 500000, "500.000");
	assert_find("năm 2025 100 hồ sơ", 2025, "2025");
	assert_find("3.190 km²", 3190, "3.190");

	double v = 0;
	static const char *const none[] = {
		"CS01", "2.2.3", "1.1.", "mục 1.2.3.", "1. Kết quả", "  2. Nội dung",
		"30/4/2025", "45-CV/UBKTTU", "10km", "II.2.2(3)", "x-3", "không có", "",
		"2021-2025", "Phụ lục 2a",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(none); i++)
		if (vn_find_number(none[i], &v, NULL, NULL))
			fail_msg("vn_find_number(\"%s\") found %g", none[i], v);
	assert_false(vn_find_number(NULL, &v, NULL, NULL));
	assert_true(vn_find_number("x 8", NULL, NULL, NULL));
}

/* --------------------------------------------------------------------- dates */

static void assert_date(const char *s, int wy, int wm, int wd)
{
	int y = 0, m = 0, d = 0;
	if (!vn_find_date(s, &y, &m, &d))
		fail_msg("vn_find_date(\"%s\") found nothing", s);
	if (y != wy || m != wm || d != wd)
		fail_msg("vn_find_date(\"%s\") = %d-%d-%d", s, y, m, d);
}

static void test_find_date(void **state G_GNUC_UNUSED)
{
	assert_date("Hải Phòng, ngày 30 tháng 4 năm 2025", 2025, 4, 30);
	assert_date("ngày 03 tháng 02 năm 2018", 2018, 2, 3);
	assert_date("NGÀY 1 THÁNG 10 NĂM 2025", 2025, 10, 1);
	assert_date("ngay 30 thang 4 nam 2025", 2025, 4, 30);
	assert_date("ngày  30   tháng\t4\n năm   2025", 2025, 4, 30);
	assert_date("Nghị quyết số 66-NQ/TW ngày 30/4/2025", 2025, 4, 30);
	assert_date("24/9/2025", 2025, 9, 24);
	assert_date("30-4-2025", 2025, 4, 30);
	assert_date("01-10-1997", 1997, 10, 1);
	assert_date("30.4.2025", 2025, 4, 30);
	assert_date("ngày 05/03/2020.", 2020, 3, 5);
	assert_date("29/2/2024", 2024, 2, 29);
	g_autofree char *d = nfd("ngày 30 tháng 4 năm 2025");
	assert_date(d, 2025, 4, 30);
	/* invalid dates are skipped and the search goes on */
	assert_date("ngày 31/2/2025 (sai), đúng là 1/3/2025", 2025, 3, 1);
	assert_date("ngày 31 tháng 4 năm 2025, ngày 30 tháng 4 năm 2025", 2025, 4, 30);
	int y = 0;
	assert_true(vn_find_date("15/10/2025", &y, NULL, NULL));
	assert_int_equal(y, 2025);
}

static void test_find_date_refused(void **state G_GNUC_UNUSED)
{
	static const char *const none[] = {
		"ngày      tháng     năm 2025", "ngày ... tháng ... năm 2025",
		"31/2/2025", "29/2/2025", "0/4/2025", "12/13/2025", "30-4/2025",
		"Số 12/2025", "tháng 10/2025", "1.250.2025", "130/4/2025", "30/4/20256", "",
	};
	int y = 0, m = 0, d = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(none); i++)
		if (vn_find_date(none[i], &y, &m, &d))
			fail_msg("vn_find_date(\"%s\") = %d-%d-%d", none[i], y, m, d);
	assert_false(vn_find_date(NULL, &y, &m, &d));
}

/* ------------------------------------------------------------------- periods */

static void assert_period(const char *s, const char *want)
{
	g_autofree char *got = vn_parse_period(s);
	const char *shown = s != NULL ? s : "(null)";
	if (want == NULL && got != NULL)
		fail_msg("vn_parse_period(\"%s\") = \"%s\", want NULL", shown, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("vn_parse_period(\"%s\") = \"%s\", want \"%s\"", shown,
		         got ? got : "(null)", want);
}

static void test_period_month(void **state G_GNUC_UNUSED)
{
	assert_period("tháng 10 năm 2025", "2025-10");
	assert_period("tháng 10/2025", "2025-10");
	assert_period("Tháng 10/2025", "2025-10");
	assert_period("tháng 9 năm 2025", "2025-09");
	assert_period("Kỳ báo cáo: THÁNG 9 NĂM 2025", "2025-09");
	assert_period("thang 12 nam 2025", "2025-12");
	assert_period("tháng 01 / 2026", "2026-01");
	assert_period("tháng 13/2025", NULL);
	assert_period("tháng 0/2025", NULL);
	assert_period("tháng 10/1999", NULL);
	assert_period("tháng 10/2100", NULL);
}

static void test_period_quarter(void **state G_GNUC_UNUSED)
{
	assert_period("quý IV năm 2025", "2025-Q4");
	assert_period("quý 4/2025", "2025-Q4");
	assert_period("quý III/2025", "2025-Q3");
	assert_period("Quý 3 năm 2025", "2025-Q3");
	assert_period("quy IV nam 2025", "2025-Q4");
	assert_period("QUÝ I/2026", "2026-Q1");
	assert_period("quý II năm 2025", "2025-Q2");
	assert_period("quý 5/2025", NULL);
}

static void test_period_half_year_adhoc(void **state G_GNUC_UNUSED)
{
	assert_period("6 tháng đầu năm 2025", "2025-H1");
	assert_period("6 tháng cuối năm 2025", "2025-H2");
	assert_period("sáu tháng đầu năm 2025", "2025-H1");
	assert_period("Sáu tháng cuối năm 2025", "2025-H2");
	assert_period("06 tháng đầu năm 2025", "2025-H1");
	assert_period("Báo cáo sơ kết 6 tháng đầu năm (2025)", "2025-H1");
	assert_period("sáu tháng đầu năm", NULL);
	assert_period("16 tháng đầu năm 2025", NULL);     /* neither a half nor a year */
	assert_period("năm 2025", "2025");
	assert_period("Kỳ báo cáo: Năm 2025", "2025");
	assert_period("nam 2030", "2030");
	assert_period("đột xuất theo Công văn số 45-CV/UBKTTU", "adhoc:45-CV/UBKTTU");
	assert_period("Đột xuất theo Công văn số 12-CV/ĐU ngày 10/10/2025.", "adhoc:12-CV/ĐU");
	assert_period("dot xuat theo cong van so 45-CV/UBKTTU", "adhoc:45-CV/UBKTTU");
	assert_period("ĐỘT XUẤT THEO CÔNG VĂN SỐ 7-CV/UBKTTU", "adhoc:7-CV/UBKTTU");
	assert_period("đột xuất theo Công văn số 9-CV/\xC3\x90U", "adhoc:9-CV/ĐU");
	g_autofree char *d = nfd("đột xuất theo Công văn số 3-CV/ĐU");
	assert_period(d, "adhoc:3-CV/ĐU");
	assert_period("đột xuất (yêu cầu tại Công văn 45-CV/UBKTTU)", "adhoc:45-CV/UBKTTU");
	assert_period("đột xuất ngày 10/10/2025 theo Công văn số 45-CV/UBKTTU",
	              "adhoc:45-CV/UBKTTU");
	assert_period("báo cáo đột xuất", "adhoc:");
}

static void test_period_priority_and_none(void **state G_GNUC_UNUSED)
{
	/* month and quarter forms win over a bare year */
	assert_period("Năm 2025: báo cáo tháng 10/2025", "2025-10");
	assert_period("Năm 2025, quý IV/2025", "2025-Q4");
	assert_period("Báo cáo kết quả thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 "
	              "của Bộ Chính trị. Kỳ báo cáo: quý IV năm 2025", "2025-Q4");
	assert_period(NULL, NULL);
	assert_period("", NULL);
	assert_period("Báo cáo kết quả", NULL);
	assert_period("ngày 30 tháng 4 năm 2025", NULL);       /* a date, not a period */
	assert_period("ngày      tháng     năm 2025", NULL);   /* a blank date */
	assert_period("9 tháng năm 2025", NULL);               /* nine months: no form */
	assert_period("nhiệm kỳ 2025 - 2030", NULL);
	assert_period("năm 1999", NULL);
}

/* ------------------------------------------------------------- sentence case */

static void test_sentence_case(void **state G_GNUC_UNUSED)
{
	CHECK_STR(vn_sentence_case("ĐẢNG ỦY SỞ TƯ PHÁP"), "Đảng ủy sở tư pháp");
	CHECK_STR(vn_sentence_case("đảng ủy"), "Đảng ủy");
	CHECK_STR(vn_sentence_case("1. KẾT QUẢ THỰC HIỆN"), "1. Kết quả thực hiện");
	CHECK_STR(vn_sentence_case("ủY BAN"), "Ủy ban");
	CHECK_STR(vn_sentence_case(""), "");
	CHECK_STR(vn_sentence_case("123"), "123");
	CHECK_STR(vn_sentence_case(NULL), "");
}

/* --------------------------------------------------------- scale and threads */

static void test_one_megabyte(void **state G_GNUC_UNUSED)
{
	static const char chunk[] = "Đảng uỷ Sở Tư pháp, CS01 và mục 2.2.3 hoà\xC2\xA0" "bình. ";
	GString *big = g_string_new(NULL);
	while (big->len < 1024 * 1024)
		g_string_append(big, chunk);
	g_string_append(big, "tổng 1.250");
	gint64 t0 = g_get_monotonic_time();

	g_autofree char *norm = vn_normalize(big->str, (gssize) big->len);
	g_autofree char *key = vn_key(norm);
	g_autofree char *canon = vn_canon_tone(norm);
	double v = 0;
	gsize b = 0;
	assert_true(vn_find_number(norm, &v, &b, NULL));
	assert_true(v == 1250);
	assert_int_equal(vn_guess_legacy(norm), VN_ENC_UNICODE);
	assert_true(vn_key_contains(key, "tong 1.250"));
	g_autofree char *dec = vn_decode_legacy(norm, VN_ENC_VNI);
	g_autofree char *per = vn_parse_period(norm);
	assert_null(per);

	gint64 ms = (g_get_monotonic_time() - t0) / 1000;
	assert_true(g_str_has_prefix(key, "dang uy so tu phap, cs01 va muc 2.2.3 hoa binh."));
	assert_true(g_str_has_prefix(canon, "Đảng ủy Sở Tư pháp"));
	assert_string_equal(norm + b, "1.250");
	assert_true(g_str_has_prefix(dec, "Đảng uỷ Sở Tư pháp, CS01"));
	/* how long it took is make bench's business, not a test's: printed, not asserted */
	print_message("1 MB of text through every converter: %" G_GINT64_FORMAT " ms\n", ms);
	g_string_free(big, TRUE);
}

static gint thread_failures;

static gpointer thread_body(gpointer data G_GNUC_UNUSED)
{
	for (int i = 0; i < 50; i++) {
		g_autofree char *p = vn_parse_period("quý IV năm 2025");
		g_autofree char *t = vn_decode_legacy("§¶ng", VN_ENC_TCVN3);
		g_autofree char *c = vn_canon_tone("uỷ");
		if (g_strcmp0(p, "2025-Q4") != 0 || g_strcmp0(t, "Đảng") != 0 ||
		    g_strcmp0(c, "ủy") != 0)
			g_atomic_int_inc(&thread_failures);
	}
	return NULL;
}

static void test_threads(void **state G_GNUC_UNUSED)
{
	GThread *th[4];
	for (int i = 0; i < 4; i++)
		th[i] = g_thread_new("vntext", thread_body, NULL);
	for (int i = 0; i < 4; i++)
		g_thread_join(th[i]);
	assert_int_equal(g_atomic_int_get(&thread_failures), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_nfc),
		cmocka_unit_test(test_normalize_long_nfd),
		cmocka_unit_test(test_normalize_fold_and_spaces),
		cmocka_unit_test(test_normalize_invalid_and_len),
		cmocka_unit_test(test_canon_tone_pairs),
		cmocka_unit_test(test_canon_tone_case_and_fixed),
		cmocka_unit_test(test_canon_tone_qu_gi),
		cmocka_unit_test(test_key_basic),
		cmocka_unit_test(test_key_nfd_and_tones),
		cmocka_unit_test(test_key_contains),
		cmocka_unit_test(test_font_encoding),
		cmocka_unit_test(test_decode_tcvn3_examples),
		cmocka_unit_test(test_decode_tcvn3_full_table),
		cmocka_unit_test(test_decode_tcvn3_kept_and_symbol),
		cmocka_unit_test(test_decode_tcvn3_caps),
		cmocka_unit_test(test_decode_vni),
		cmocka_unit_test(test_guess_positive),
		cmocka_unit_test(test_guess_negative),
		cmocka_unit_test(test_parse_number_ok),
		cmocka_unit_test(test_parse_number_refused),
		cmocka_unit_test(test_find_number),
		cmocka_unit_test(test_find_date),
		cmocka_unit_test(test_find_date_refused),
		cmocka_unit_test(test_period_month),
		cmocka_unit_test(test_period_quarter),
		cmocka_unit_test(test_period_half_year_adhoc),
		cmocka_unit_test(test_period_priority_and_none),
		cmocka_unit_test(test_sentence_case),
		cmocka_unit_test(test_one_megabyte),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_toneless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
