/*
 * vntext.h - Vietnamese text: normalisation, legacy encodings, matching keys, and the
 * number, date and period notations of official documents.
 *
 * Every string that enters the pipeline passes vn_normalize() once (NFC, eth folded to
 * Đ, odd spaces made plain). Comparisons between what a document says and what forms/
 * and rules/ say go through vn_key(), which is blind to case, diacritics and tone
 * placement, so "ĐẢNG ỦY", "Đảng uỷ" and "dang uy" all meet. Legacy TCVN3 (ABC) and VNI
 * runs are decoded from the code points Word stored for their bytes.
 * All functions are pure and thread-safe; returned strings are g_free()d by the caller.
 */
#ifndef BAOCAO_VNTEXT_H
#define BAOCAO_VNTEXT_H

#include <glib.h>

/* Valid UTF-8 in NFC; U+00D0/U+00F0 (eth) folded to Đ/đ; NBSP, thin and other Unicode
 * spaces to ' '; zero-width characters and soft hyphens removed; invalid UTF-8 bytes
 * replaced by U+FFFD. len may be -1 for NUL-terminated. Never NULL. */
char *vn_normalize(const char *s, gssize len);

/* Same text with the tone mark of the clusters oa, oe, uy (and qu+vowel) moved to one
 * canonical vowel, so "uỷ"/"ủy", "hoà"/"hòa", "khoẻ"/"khỏe" become identical strings.
 * Case is kept. Input must be NFC. */
char *vn_canon_tone(const char *s);

/* s without its tone marks (acute, grave, hook above, tilde, dot below), NFC; the
 * letters' own marks stay: "Đỉnh" -> "Đinh", "phố" -> "phô". NULL for invalid UTF-8. */
char *vn_toneless(const char *s);

/* Matching key: lower case, every diacritic removed (đ -> d), runs of white space
 * collapsed to one ' ', leading/trailing space trimmed; punctuation is kept.
 * "Đảng uỷ  Sở Tư pháp" -> "dang uy so tu phap". */
char *vn_key(const char *s);

/* TRUE when the key of haystack contains the key of needle as whole words.
 * An empty needle matches nothing. */
gboolean vn_key_contains(const char *haystack_key, const char *needle_key);

typedef enum {
	VN_ENC_UNICODE = 0,
	VN_ENC_TCVN3,       /* ".VnTime", ".VnArial", ... */
	VN_ENC_TCVN3_CAPS,  /* ".VnTimeH", ".VnArialH", ...: decode then upper-case */
	VN_ENC_VNI,         /* "VNI-Times", "VNI-Helve", ... */
} VnEncoding;

/* Legacy family of a font name (w:rFonts ascii/hAnsi); VN_ENC_UNICODE for any other. */
VnEncoding vn_font_encoding(const char *font_name);

/* Decode a run stored in a legacy font. s is the UTF-8 text Word wrote: each code point
 * stands for one byte (Latin-1 / cp1252 mapping, or U+F0xx for symbol-charset fonts).
 * Returns NFC UTF-8. Characters that cannot stand for a byte are kept as they are.
 * Decode (and guess) on the raw run text, before vn_normalize(): that deletes U+00AD
 * and folds U+00D0, which are TCVN3's "ư" and "é". */
char *vn_decode_legacy(const char *s, VnEncoding enc);

/* Guess whether text with no legacy font is TCVN3 or VNI mojibake ("§¶ng Céng s¶n",
 * "Ñaûng Coäng saûn"); VN_ENC_UNICODE when it looks like real Unicode text. */
VnEncoding vn_guess_legacy(const char *s);

/* Vietnamese number notation: "1.250" = 1250, "12,5" = 12.5, "1.250,75", "1 250",
 * "0", optional sign '-'. Surrounding space allowed; anything else fails.
 * Returns TRUE and sets *out on success. */
gboolean vn_parse_number(const char *s, double *out);

/* Find the first number in s (as above) and return TRUE with its value, and the byte
 * offsets of where it starts and ends (end exclusive), when the pointers are non-NULL. */
gboolean vn_find_number(const char *s, double *out, gsize *start, gsize *end);

/* Dates: "ngày 30 tháng 4 năm 2025", "30/4/2025", "30-4-2025", "30.4.2025",
 * "ngày 03 tháng 02 năm 2018". Searches s for the first date; TRUE with y/m/d set when a
 * valid calendar date is found. */
gboolean vn_find_date(const char *s, int *y, int *m, int *d);

/* Reporting period from text such as "tháng 10 năm 2025", "tháng 10/2025",
 * "quý IV năm 2025", "quý 4/2025", "6 tháng đầu năm 2025", "6 tháng cuối năm 2025",
 * "năm 2025", "đột xuất theo Công văn số 45-CV/UBKTTU".
 * Returns "2025-10", "2025-Q4", "2025-H1", "2025-H2", "2025", "adhoc:45-CV/UBKTTU",
 * or NULL when s names no period. Matching is blind to case and diacritics.
 * Ad hoc wins over the others, then month, quarter, half year, year; "adhoc:" alone
 * when the request number is missing. */
char *vn_parse_period(const char *s);

/* "ĐẢNG ỦY SỞ TƯ PHÁP" -> "Đảng ủy sở tư pháp": first letter upper, rest lower. */
char *vn_sentence_case(const char *s);

#endif
