/*
 * vntext.c - Vietnamese text: normalisation, legacy encodings, matching keys, and the
 * number, date and period notations of official documents.
 *
 * Everything here is a pure function of its input, so the readers, the extractor and
 * the validator can share it from any thread. The main choices:
 * - GLib does the Unicode work (NFC, case, decomposition, classes); this file only adds
 *   the Vietnamese facts: the vowel/tone grid, the TCVN3 and VNI byte tables (written
 *   from the byte facts in DOMAIN.md section 3 and checked against glibc's TCVN5712-1),
 *   and the notations of DOMAIN.md section 4.
 * - Matching works on keys (vn_key): lower case, no diacritics, one space. Dates and
 *   periods are found with GRegex on the key, so "ngay 30 thang 4 nam 2025" and
 *   "Ngày 30 tháng 4 năm 2025" are one pattern; when the original text is needed back
 *   (the ad-hoc request number), a byte map from key to source is kept.
 * - Tone canonicalisation puts the tone of the open clusters oa, oe, uy on the first
 *   vowel ("hòa", "khỏe", "thủy", "ủy"), the spelling the current templates use.
 * - Every pass is linear: one walk over the string with a GString; lookup tables and
 *   compiled regexes are built once (g_once) and then only read.
 */
#include "vntext.h"

#include <string.h>

/* ------------------------------------------------------------------------------------
 * The vowel grid: 12 vowel shapes x 2 cases x 6 tones.
 * Tone order: none, sắc, huyền, hỏi, ngã, nặng (the order of the UniKey tables).
 * ---------------------------------------------------------------------------------- */

enum { TONE_NONE, TONE_SAC, TONE_HUYEN, TONE_HOI, TONE_NGA, TONE_NANG, N_TONES };

/* Shape rows; the upper-case row of shape r is r + N_SHAPES. */
enum {
	SH_A, SH_AW, SH_AA, SH_E, SH_EE, SH_I, SH_O, SH_OO, SH_OW, SH_U, SH_UW, SH_Y,
	N_SHAPES
};

static const char *const vowel_rows[2 * N_SHAPES] = {
	"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
	"oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
	"AÁÀẢÃẠ", "ĂẮẰẲẴẶ", "ÂẤẦẨẪẬ", "EÉÈẺẼẸ", "ÊẾỀỂỄỆ", "IÍÌỈĨỊ",
	"OÓÒỎÕỌ", "ÔỐỒỔỖỘ", "ƠỚỜỞỠỢ", "UÚÙỦŨỤ", "ƯỨỪỬỮỰ", "YÝỲỶỸỴ",
};

/*
 * TCVN3 (VN3, "ABC") bytes 0xA0-0xFF, one row of 16 per line; ' ' = not a letter.
 * Only lower-case toned letters exist in VN3 (capitals come from the "H" fonts), plus
 * the untoned capitals Ă Â Ê Ô Ơ Ư Đ at A1-A7. The positions VN1/VN2 use for toned
 * capitals (AF, BA, BF, C0-C5, CD, D9-DB, E0, F0, FF) are decoded as those capitals
 * too: VN3 leaves them empty, so when they do occur the text is VN1/VN2. B0-B4 (VN1
 * combining marks) and 0x80-0x9F are kept as they are, because in a real VN3 run they
 * are the cp1252 quotes, dashes and signs the user typed.
 */
static const char *const tcvn3_rows[6] = {
	/* A0 */ " ĂÂÊÔƠƯĐăâêôơưđẰ",
	/* B0 */ "     àảãáạẲằẳẵắẴ",
	/* C0 */ "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ",
	/* D0 */ "éẹềểễếệìỉỄẾỒĩíịò",
	/* E0 */ "Ổỏõóọồổỗốộờởỡớợù",
	/* F0 */ "ỖủũúụừửữứựỳỷỹýỵỐ",
};

typedef struct {
	gunichar cp[2 * N_SHAPES][N_TONES];
	guint8 lat[0x200];      /* U+0000-01FF: row * N_TONES + tone + 1, 0 = no vowel */
	guint8 ext[0x60];       /* U+1EA0-1EFF, same coding */
	gunichar tcvn3[0x60];   /* bytes 0xA0-0xFF, 0 = keep */
} VnTables;

static VnTables vn_tables_storage;

static void tables_build(VnTables *t)
{
	for (int r = 0; r < 2 * N_SHAPES; r++) {
		const char *p = vowel_rows[r];
		for (int tone = 0; tone < N_TONES; tone++) {
			gunichar c = g_utf8_get_char(p);
			guint8 code = (guint8) (r * N_TONES + tone + 1);
			g_assert(c != 0);
			t->cp[r][tone] = c;
			if (c < G_N_ELEMENTS(t->lat))
				t->lat[c] = code;
			else if (c >= 0x1EA0 && c < 0x1F00)
				t->ext[c - 0x1EA0] = code;
			else
				g_assert_not_reached();
			p = g_utf8_next_char(p);
		}
		g_assert(*p == '\0');
	}
	for (int row = 0; row < 6; row++) {
		const char *p = tcvn3_rows[row];
		for (int col = 0; col < 16; col++) {
			gunichar c = g_utf8_get_char(p);
			t->tcvn3[row * 16 + col] = c == ' ' ? 0 : c;
			p = g_utf8_next_char(p);
		}
		g_assert(*p == '\0');
	}
}

static const VnTables *tables(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		tables_build(&vn_tables_storage);
		g_once_init_leave(&done, 1);
	}
	return &vn_tables_storage;
}

/* Splits a Vietnamese vowel into its row (shape and case) and tone; FALSE otherwise. */
static gboolean vowel_split(gunichar c, int *row, int *tone)
{
	const VnTables *t = tables();
	guint8 code = 0;

	if (c < G_N_ELEMENTS(t->lat))
		code = t->lat[c];
	else if (c >= 0x1EA0 && c < 0x1F00)
		code = t->ext[c - 0x1EA0];
	if (code == 0)
		return FALSE;
	*row = (code - 1) / N_TONES;
	*tone = (code - 1) % N_TONES;
	return TRUE;
}

static gunichar vowel_make(int row, int tone)
{
	return tables()->cp[row][tone];
}

static int row_shape(int row)
{
	return row % N_SHAPES;
}

static gboolean row_is_upper(int row)
{
	return row >= N_SHAPES;
}

/* ------------------------------------------------------------------------------------
 * vn_normalize
 * ---------------------------------------------------------------------------------- */

static gboolean is_odd_space(gunichar c)
{
	return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x202F || c == 0x205F || c == 0x3000;
}

static gboolean is_invisible(gunichar c)
{
	/* zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen */
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

/*
 * TRUE when c never composes with what precedes it and is never reordered (a starter
 * that is no second half of any canonical composition): Latin, Vietnamese, general
 * punctuation and symbols, CJK ideographs, Hangul syllables.
 */
static gboolean nfc_cut_before(gunichar c)
{
	return c < 0x300 || (c >= 0x1E00 && c < 0x1F00) || (c >= 0x2000 && c < 0x20D0) ||
	       (c >= 0x3400 && c < 0xA000) || (c >= 0xAC00 && c <= 0xD7A3);
}

/*
 * NFC of valid UTF-8 s[0..len), appended to out. g_utf8_normalize() in GLib 2.74 takes
 * quadratic time (6 s for 1 MB), so the text goes through in pieces of a few KB, each
 * cut just before a character that composes with nothing before it, so the NFC of the
 * pieces is the NFC of the whole.
 */
static void append_nfc(GString *out, const char *s, gsize len)
{
	enum { PIECE = 2048 };
	gsize at = 0;

	while (at < len) {
		gsize cut = len;
		if (len - at > PIECE) {
			cut = at + PIECE;
			while (cut < len && ((guchar) s[cut] & 0xC0) == 0x80)
				cut++;
			while (cut < len && !nfc_cut_before(g_utf8_get_char(s + cut)))
				cut = (gsize) (g_utf8_next_char(s + cut) - s);
		}
		g_autofree char *nfc = g_utf8_normalize(s + at, (gssize) (cut - at),
		                                        G_NORMALIZE_NFC);
		if (nfc != NULL)
			g_string_append(out, nfc);
		else
			g_string_append_len(out, s + at, (gssize) (cut - at));
		at = cut;
	}
}

static char *nfc_of(const char *s)
{
	gsize n = strlen(s);
	GString *out = g_string_sized_new(n + 1);
	append_nfc(out, s, n);
	return g_string_free(out, FALSE);
}

static gboolean all_plain_ascii(const char *s, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if ((guchar) s[i] >= 0x80 || s[i] == '\0')
			return FALSE;
	return TRUE;
}

char *vn_normalize(const char *s, gssize len)
{
	if (s == NULL)
		return g_strdup("");
	gsize n = len < 0 ? strlen(s) : (gsize) len;
	if (all_plain_ascii(s, n))
		return g_strndup(s, n);

	g_autofree char *valid = g_utf8_make_valid(s, (gssize) n);
	GString *out = g_string_sized_new(n + 8);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x80) {
			g_string_append_c(out, (char) c);
			continue;
		}
		if (is_invisible(c))
			continue;
		if (is_odd_space(c))
			c = ' ';
		else if (c == 0x00D0)
			c = 0x0110;
		else if (c == 0x00F0)
			c = 0x0111;
		g_string_append_unichar(out, c);
	}
	g_autofree char *mapped = g_string_free(out, FALSE);
	return nfc_of(mapped);
}

/* ------------------------------------------------------------------------------------
 * vn_canon_tone
 *
 * A syllable is initial consonants, a vowel nucleus and final consonants. Only the
 * two-vowel open nuclei oa, oe, uy have two accepted tone positions; we put the tone on
 * the first vowel. "qu" and "gi" before another vowel are consonants, so a tone written
 * on their u/i ("qúy", "gìa") is misplaced and goes to the nucleus ("quý", "già").
 * ---------------------------------------------------------------------------------- */

typedef struct {
	gunichar c;
	int row;        /* vowel row, -1 for a consonant */
	int tone;
} Letter;

static gboolean shape_has_mark(int shape)
{
	return shape == SH_AW || shape == SH_AA || shape == SH_EE || shape == SH_OO ||
	       shape == SH_OW || shape == SH_UW;
}

/* Where the tone of nucleus w[a..b) goes (standard rule), final consonant or not. */
static gsize nucleus_tone_pos(const Letter *w, gsize a, gsize b, gboolean has_final)
{
	for (gsize i = b; i > a; i--)
		if (shape_has_mark(row_shape(w[i - 1].row)))
			return i - 1;
	if (has_final || b - a == 1)
		return b - 1;
	return b - 2;
}

static void move_tone(Letter *w, gsize from, gsize to)
{
	if (from == to)
		return;
	w[to].tone = w[from].tone;
	w[from].tone = TONE_NONE;
	w[to].c = vowel_make(w[to].row, w[to].tone);
	w[from].c = vowel_make(w[from].row, TONE_NONE);
}

static void canon_word(Letter *w, gsize n)
{
	gsize v0 = 0;
	while (v0 < n && w[v0].row < 0)
		v0++;
	if (v0 == n)
		return;
	gsize v1 = v0;
	while (v1 < n && w[v1].row >= 0)
		v1++;
	if (v1 < n) {
		/* a second vowel group (glued syllables, foreign words): leave it alone */
		for (gsize i = v1; i < n; i++)
			if (w[i].row >= 0)
				return;
	}
	gboolean has_final = v1 < n;

	/* "qu" + vowel, "gi" + vowel: the u / i belongs to the initial */
	gunichar first = g_unichar_tolower(w[0].c);
	int s0 = row_shape(w[v0].row);
	if (v1 - v0 >= 2 && ((v0 == 1 && first == 'q' && s0 == SH_U) ||
	                     (v0 == 1 && first == 'g' && s0 == SH_I))) {
		if (w[v0].tone != TONE_NONE) {
			gsize to = nucleus_tone_pos(w, v0 + 1, v1, has_final);
			if (w[to].tone == TONE_NONE)
				move_tone(w, v0, to);
		}
		return;
	}

	if (v1 - v0 != 2 || has_final)
		return;
	int a = row_shape(w[v0].row), b = row_shape(w[v0 + 1].row);
	if ((a == SH_O && (b == SH_A || b == SH_E)) || (a == SH_U && b == SH_Y)) {
		if (w[v0 + 1].tone != TONE_NONE && w[v0].tone == TONE_NONE)
			move_tone(w, v0 + 1, v0);
	}
}

static void flush_word(GString *out, GArray *word)
{
	Letter *w = (Letter *) (void *) word->data;
	canon_word(w, word->len);
	for (guint i = 0; i < word->len; i++)
		g_string_append_unichar(out, w[i].c);
	g_array_set_size(word, 0);
}

char *vn_canon_tone(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	GString *out = g_string_sized_new(strlen(s));
	g_autoptr(GArray) word = g_array_new(FALSE, FALSE, sizeof(Letter));

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalpha(c)) {
			flush_word(out, word);
			g_string_append_unichar(out, c);
			continue;
		}
		Letter l = { c, -1, TONE_NONE };
		if (!vowel_split(c, &l.row, &l.tone))
			l.row = -1;
		g_array_append_val(word, l);
	}
	flush_word(out, word);
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------------------------
 * Keys
 * ---------------------------------------------------------------------------------- */

/* The letter c stripped of every diacritic, in lower case. */
static gunichar fold_char(gunichar c)
{
	if (c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0)
		return 'd';
	gunichar buf[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	if (g_unichar_fully_decompose(c, FALSE, buf, G_N_ELEMENTS(buf)) > 0)
		c = buf[0];
	return g_unichar_tolower(c);
}

/*
 * Builds the key of valid UTF-8 s. When map is non-NULL it receives, for every byte of
 * the key, the byte offset in s of the character that produced it.
 */
static char *fold_key(const char *s, GArray *map)
{
	GString *out = g_string_sized_new(strlen(s));
	gboolean space = FALSE;
	guint space_at = 0;

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		guint at = (guint) (p - s);
		if (c < 0x80 ? g_ascii_isspace(c) : g_unichar_isspace(c)) {
			if (!space)
				space_at = at;
			space = TRUE;
			continue;
		}
		if (c >= 0x80) {
			if (g_unichar_ismark(c) || g_unichar_type(c) == G_UNICODE_FORMAT)
				continue;
			c = fold_char(c);
		} else {
			c = (gunichar) g_ascii_tolower((char) c);
		}
		if (space && out->len > 0) {
			g_string_append_c(out, ' ');
			if (map)
				g_array_append_val(map, space_at);
		}
		space = FALSE;
		gsize before = out->len;
		g_string_append_unichar(out, c);
		if (map)
			for (gsize i = before; i < out->len; i++)
				g_array_append_val(map, at);
	}
	return g_string_free(out, FALSE);
}

char *vn_toneless(const char *s)
{
	g_autofree char *d = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
	if (d == NULL)
		return NULL;
	GString *out = g_string_sized_new(strlen(d));
	for (const char *p = d; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c != 0x300 && c != 0x301 && c != 0x303 && c != 0x309 && c != 0x323)
			g_string_append_unichar(out, c);
	}
	char *n = g_utf8_normalize(out->str, -1, G_NORMALIZE_NFC);
	g_string_free(out, TRUE);
	return n;
}

char *vn_key(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	if (!g_utf8_validate(s, -1, NULL)) {
		g_autofree char *valid = g_utf8_make_valid(s, -1);
		return fold_key(valid, NULL);
	}
	return fold_key(s, NULL);
}

static gboolean alnum_at(const char *p)
{
	return g_unichar_isalnum(g_utf8_get_char(p));
}

/*
 * A match needs a word boundary on each side where the needle itself starts or ends
 * with a letter or digit; a needle edge that is punctuation is its own boundary.
 * An empty needle names nothing and matches nothing.
 */
gboolean vn_key_contains(const char *haystack_key, const char *needle_key)
{
	if (haystack_key == NULL || needle_key == NULL || *needle_key == '\0')
		return FALSE;
	gsize nlen = strlen(needle_key);
	gboolean need_left = alnum_at(needle_key);
	gboolean need_right = alnum_at(g_utf8_prev_char(needle_key + nlen));

	for (const char *hit = strstr(haystack_key, needle_key); hit;
	     hit = strstr(g_utf8_next_char(hit), needle_key)) {
		if (need_left && hit > haystack_key &&
		    alnum_at(g_utf8_prev_char(hit)))
			continue;
		if (need_right && hit[nlen] != '\0' && alnum_at(hit + nlen))
			continue;
		return TRUE;
	}
	return FALSE;
}

/* ------------------------------------------------------------------------------------
 * Legacy encodings
 * ---------------------------------------------------------------------------------- */

VnEncoding vn_font_encoding(const char *font_name)
{
	if (font_name == NULL)
		return VN_ENC_UNICODE;
	while (g_ascii_isspace(*font_name))
		font_name++;
	gsize n = strlen(font_name);
	while (n > 0 && g_ascii_isspace(font_name[n - 1]))
		n--;
	if (n > 3 && g_ascii_strncasecmp(font_name, ".vn", 3) == 0)
		return font_name[n - 1] == 'H' ? VN_ENC_TCVN3_CAPS : VN_ENC_TCVN3;
	if (n > 4 && g_ascii_strncasecmp(font_name, "vni-", 4) == 0)
		return VN_ENC_VNI;
	return VN_ENC_UNICODE;
}

/* cp1252 0x80-0x9F: the code points Word writes for those bytes (0 = undefined). */
static const gunichar cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a code point of a legacy run stands for, or -1. */
static int legacy_byte(gunichar c)
{
	if (c <= 0xFF)
		return (int) c;
	if (c >= 0xF020 && c <= 0xF0FF)
		return (int) (c & 0xFF);
	for (int i = 0; i < 32; i++)
		if (cp1252_c1[i] == c)
			return 0x80 + i;
	return -1;
}

typedef struct {
	gunichar orig;
	int byte;
} LegacyUnit;

static GArray *legacy_units(const char *s)
{
	GArray *u = g_array_sized_new(FALSE, FALSE, sizeof(LegacyUnit), strlen(s));
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		LegacyUnit x = { g_utf8_get_char(p), 0 };
		x.byte = legacy_byte(x.orig);
		g_array_append_val(u, x);
	}
	return u;
}

static void decode_tcvn3(GString *out, const LegacyUnit *u, guint n)
{
	const VnTables *t = tables();
	for (guint i = 0; i < n; i++) {
		int b = u[i].byte;
		if (b >= 0 && b < 0x80)
			g_string_append_c(out, (char) b);
		else if (b >= 0xA0 && t->tcvn3[b - 0xA0] != 0)
			g_string_append_unichar(out, t->tcvn3[b - 0xA0]);
		else
			g_string_append_unichar(out, u[i].orig);
	}
}

/*
 * VNI: a base letter followed by one mark byte. Marks come in a lower-case and an
 * upper-case byte; either is accepted after either case of base, and the base decides
 * the case of the result.
 */
static int vni_tone_mark(int b)
{
	switch (b) {
	case 0xF9: case 0xD9: return TONE_SAC;
	case 0xF8: case 0xD8: return TONE_HUYEN;
	case 0xFB: case 0xDB: return TONE_HOI;
	case 0xF5: case 0xD5: return TONE_NGA;
	case 0xEF: case 0xCF: return TONE_NANG;
	default: return -1;
	}
}

/* â/ê/ô series on a, e, o: E2 E1 E0 E5 E3 E4 (upper C2 C1 C0 C5 C3 C4). */
static int vni_circumflex_mark(int b)
{
	switch (b) {
	case 0xE2: case 0xC2: return TONE_NONE;
	case 0xE1: case 0xC1: return TONE_SAC;
	case 0xE0: case 0xC0: return TONE_HUYEN;
	case 0xE5: case 0xC5: return TONE_HOI;
	case 0xE3: case 0xC3: return TONE_NGA;
	case 0xE4: case 0xC4: return TONE_NANG;
	default: return -1;
	}
}

/* ă series on a: EA E9 E8 FA FC EB (upper CA C9 C8 DA DC CB). */
static int vni_breve_mark(int b)
{
	switch (b) {
	case 0xEA: case 0xCA: return TONE_NONE;
	case 0xE9: case 0xC9: return TONE_SAC;
	case 0xE8: case 0xC8: return TONE_HUYEN;
	case 0xFA: case 0xDA: return TONE_HOI;
	case 0xFC: case 0xDC: return TONE_NGA;
	case 0xEB: case 0xCB: return TONE_NANG;
	default: return -1;
	}
}

/* Row of a byte that can carry a VNI mark (a e i o u y, ơ F4/D4, ư F6/D6), or -1. */
static int vni_base_row(int b)
{
	static const char lower[] = "aeiouy";
	static const int shapes[] = { SH_A, SH_E, SH_I, SH_O, SH_U, SH_Y };

	if (b < 0)
		return -1;
	const char *hit = b < 0x80 && b != 0 ? strchr(lower, g_ascii_tolower((char) b)) : NULL;
	if (hit != NULL)
		return shapes[hit - lower] + (g_ascii_isupper((char) b) ? N_SHAPES : 0);
	switch (b) {
	case 0xF4: return SH_OW;
	case 0xD4: return SH_OW + N_SHAPES;
	case 0xF6: return SH_UW;
	case 0xD6: return SH_UW + N_SHAPES;
	default: return -1;
	}
}

/* Single-byte VNI letters other than ơ/ư: đ and the toned i and y. */
static gunichar vni_single(int b)
{
	switch (b) {
	case 0xF1: return 0x0111;
	case 0xD1: return 0x0110;
	case 0xED: return vowel_make(SH_I, TONE_SAC);
	case 0xEC: return vowel_make(SH_I, TONE_HUYEN);
	case 0xE6: return vowel_make(SH_I, TONE_HOI);
	case 0xF3: return vowel_make(SH_I, TONE_NGA);
	case 0xF2: return vowel_make(SH_I, TONE_NANG);
	case 0xEE: return vowel_make(SH_Y, TONE_NANG);
	case 0xCD: return vowel_make(SH_I + N_SHAPES, TONE_SAC);
	case 0xCC: return vowel_make(SH_I + N_SHAPES, TONE_HUYEN);
	case 0xC6: return vowel_make(SH_I + N_SHAPES, TONE_HOI);
	case 0xD3: return vowel_make(SH_I + N_SHAPES, TONE_NGA);
	case 0xD2: return vowel_make(SH_I + N_SHAPES, TONE_NANG);
	case 0xCE: return vowel_make(SH_Y + N_SHAPES, TONE_NANG);
	default: return 0;
	}
}

/* Combines base row + the mark byte m into a letter; 0 when m is no mark for it. */
static gunichar vni_combine(int row, int m)
{
	int shape = row_shape(row), upper = row_is_upper(row) ? N_SHAPES : 0;
	int tone = vni_tone_mark(m);
	if (tone >= 0)
		return vowel_make(row, tone);
	tone = vni_circumflex_mark(m);
	if (tone >= 0 && (shape == SH_A || shape == SH_E || shape == SH_O)) {
		int to = shape == SH_A ? SH_AA : shape == SH_E ? SH_EE : SH_OO;
		return vowel_make(to + upper, tone);
	}
	tone = vni_breve_mark(m);
	if (tone >= 0 && shape == SH_A)
		return vowel_make(SH_AW + upper, tone);
	return 0;
}

static void decode_vni(GString *out, const LegacyUnit *u, guint n)
{
	for (guint i = 0; i < n; i++) {
		int b = u[i].byte;
		int row = vni_base_row(b);
		if (row >= 0) {
			gunichar c = i + 1 < n ? vni_combine(row, u[i + 1].byte) : 0;
			if (c != 0)
				i++;
			else
				c = vowel_make(row, TONE_NONE);
			g_string_append_unichar(out, c);
			continue;
		}
		gunichar single = vni_single(b);
		if (single != 0)
			g_string_append_unichar(out, single);
		else if (b >= 0 && b < 0x80)
			g_string_append_c(out, (char) b);
		else
			g_string_append_unichar(out, u[i].orig);
	}
}

char *vn_decode_legacy(const char *s, VnEncoding enc)
{
	if (s == NULL)
		return g_strdup("");
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	if (enc == VN_ENC_UNICODE)
		return vn_normalize(valid, -1);

	g_autoptr(GArray) units = legacy_units(valid);
	const LegacyUnit *u = (const LegacyUnit *) (const void *) units->data;
	GString *out = g_string_sized_new(strlen(valid) + 16);
	if (enc == VN_ENC_VNI)
		decode_vni(out, u, units->len);
	else
		decode_tcvn3(out, u, units->len);
	g_autofree char *decoded = g_string_free(out, FALSE);
	if (enc == VN_ENC_TCVN3_CAPS) {
		char *up = g_utf8_strup(decoded, -1);
		g_free(decoded);
		decoded = up;
	}
	return nfc_of(decoded);
}

/*
 * Guessing. Real Vietnamese Unicode uses from Latin-1 only the letters
 * ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ and their lower case; mojibake uses the other Latin-1 characters
 * inside words. We count evidence only inside words (next to a letter or another
 * Latin-1 character), so a stray "©" or "§ 3" counts nothing:
 * - TCVN3: Latin-1 signs A1-BF, and ÇçÐðÞþß×÷ (VNI never uses any of them); a Latin-1
 *   capital right after an ASCII lower-case letter ("ViÖt", "quyÕt").
 * - VNI: a mark byte that is no Vietnamese letter (ûïøäåëü, ÛÏØÄÅËÜ) after a vowel of
 *   the same case or after ô/ö (VNI ơ/ư); "öô" (ươ); ñ/Ñ opening a word before a vowel
 *   other than y (TCVN3 writes "ủy" as "ñy").
 * The text is mojibake when there are at least two pieces of evidence, at least one per
 * eight words, and more of them than genuine Vietnamese letters (ă đ ơ ư ĩ ũ, U+1EA0-
 * U+1EF9); the family with more evidence wins, ties going to TCVN3.
 */
static gboolean is_vi_latin1_letter(gunichar c)
{
	static const char letters[] = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
	if (c < 0xC0 || c > 0xFF)
		return FALSE;
	char buf[8];
	buf[g_unichar_to_utf8(c, buf)] = '\0';
	return strstr(letters, buf) != NULL;
}

static gboolean is_vi_only_letter(gunichar c)
{
	switch (c) {
	case 0x0102: case 0x0103: case 0x0110: case 0x0111: case 0x0128: case 0x0129:
	case 0x0168: case 0x0169: case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
		return TRUE;
	default:
		return c >= 0x1EA0 && c <= 0x1EF9;
	}
}

static gboolean is_ascii_alpha(gunichar c)
{
	return c < 0x80 && g_ascii_isalpha((char) c);
}

static gboolean is_wordish(gunichar c)
{
	return is_ascii_alpha(c) || (c >= 0xA1 && c <= 0xFF);
}

static gboolean in_set(gunichar c, const char *set)
{
	char buf[8];
	if (c < 0x80)
		return FALSE;
	buf[g_unichar_to_utf8(c, buf)] = '\0';
	return strstr(set, buf) != NULL;
}

static gboolean tcvn3_evidence(gunichar prev, gunichar c, gunichar next)
{
	if (!is_wordish(prev) && !is_wordish(next))
		return FALSE;
	if (c >= 0xA1 && c <= 0xBF)
		return TRUE;
	if (in_set(c, "ÇçÐðÞþß×÷"))
		return TRUE;
	return c >= 0xC0 && c <= 0xDE && prev < 0x80 && g_ascii_islower((char) prev);
}

static gboolean vni_evidence(gunichar prev, gunichar c, gunichar next)
{
	if (in_set(c, "ûïøäåëü"))
		return (prev != 0 && prev < 0x80 && strchr("aeiouy", (int) prev)) ||
		       prev == 0xF4 || prev == 0xF6;
	if (in_set(c, "ÛÏØÄÅËÜ"))
		return (prev != 0 && prev < 0x80 && strchr("AEIOUY", (int) prev)) ||
		       prev == 0xD4 || prev == 0xD6;
	if (c == 0xF6 && next == 0xF4)
		return TRUE;
	if ((c == 0xF1 || c == 0xD1) && !is_wordish(prev))
		return next != 0 && next < 0x80 && strchr("aeiouAEIOU", (int) next);
	return FALSE;
}

VnEncoding vn_guess_legacy(const char *s)
{
	if (s == NULL || all_plain_ascii(s, strlen(s)))
		return VN_ENC_UNICODE;
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	guint tcvn = 0, vni = 0, real = 0, words = 0;
	gunichar prev = ' ';
	gboolean in_word = FALSE;

	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		const char *q = g_utf8_next_char(p);
		gunichar next = *q ? g_utf8_get_char(q) : 0;
		if (g_unichar_isspace(c)) {
			in_word = FALSE;
		} else if (!in_word) {
			in_word = TRUE;
			words++;
		}
		if (is_vi_only_letter(c))
			real++;
		else if (c >= 0xA1 && c <= 0xFF && !is_vi_latin1_letter(c)) {
			if (vni_evidence(prev, c, next))
				vni++;
			else if (tcvn3_evidence(prev, c, next))
				tcvn++;
		} else if (c >= 0xC0 && c <= 0xDE && tcvn3_evidence(prev, c, next))
			tcvn++;
		prev = c;
	}
	guint ev = tcvn + vni;
	if (ev < 2 || ev * 8 < words || real >= ev)
		return VN_ENC_UNICODE;
	return vni > tcvn ? VN_ENC_VNI : VN_ENC_TCVN3;
}

/* ------------------------------------------------------------------------------------
 * Numbers
 *
 * Rules (Vietnamese notation, DOMAIN.md section 4):
 * - ',' is the decimal comma; '.' groups thousands, and so does a space, NBSP or
 *   narrow NBSP; groups after the first have exactly three digits, the first one to
 *   three, and one number uses one kind of grouping: "1.250", "1 250", "1.250,75".
 * - Leniency: a single '.' whose digits do not form a group of three is a decimal point
 *   ("1.25", "0.5"); with a ',' present it is an error. "1.2.3" is an error.
 * - A leading '-' is a sign only when it is not glued to a letter or digit.
 * vn_find_number also skips, without taking any part of them:
 * - tokens glued to a letter or digit ("CS01", "10km", "2025a"), except a trailing đ
 *   ("500.000đ");
 * - tokens glued through '.', '/', '-' or '(' to a letter or digit ("II.2",
 *   "10/2025", "30/4/2025", "45-CV", "2.2(3)");
 * - dotted codes that are no valid number ("2.2.3", "1.2.3");
 * - section numbers: a number with a decimal-point '.' followed by '.' ("1.1."), and a
 *   plain integer followed by '.' that opens its line ("1. Kết quả").
 * ---------------------------------------------------------------------------------- */

typedef enum { NUM_BAD, NUM_PLAIN, NUM_GROUPED, NUM_DOT_DECIMAL } NumKind;

/* Length of a grouping space (space, NBSP, U+202F) at p, or 0. */
static gsize group_space_len(const char *p)
{
	if (*p == ' ')
		return 1;
	if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
		return 2;
	if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xAF)
		return 3;
	return 0;
}

static gboolean three_digits_end(const char *p)
{
	return g_ascii_isdigit(p[0]) && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) &&
	       !g_ascii_isdigit(p[3]);
}

/*
 * Scans a numeral (digits joined by '.', ',' or grouping spaces) at p, which must be a
 * digit, and returns its end. A space joins only a group of exactly three digits, only
 * after a well-sized group and only before any '.' or ',' so "năm 2025 100" stays two
 * tokens.
 */
static const char *scan_numeral(const char *p)
{
	const char *g = p;
	gboolean first = TRUE, spaces_ok = TRUE;

	while (g_ascii_isdigit(*p))
		p++;
	for (;;) {
		gsize glen = (gsize) (p - g);
		gsize sl = group_space_len(p);
		if ((*p == '.' || *p == ',') && g_ascii_isdigit(p[1])) {
			spaces_ok = FALSE;
			g = ++p;
			while (g_ascii_isdigit(*p))
				p++;
		} else if (sl > 0 && spaces_ok && (first ? glen <= 3 : glen == 3) &&
		           three_digits_end(p + sl)) {
			g = p + sl;
			p = g + 3;
		} else {
			return p;
		}
		first = FALSE;
	}
}

/* Value of numeral [b, e) as scanned above; NUM_BAD when it breaks the rules. */
static NumKind numeral_value(const char *b, const char *e, gboolean neg, double *out)
{
	g_autoptr(GString) buf = g_string_new(neg ? "-" : "");
	const char *comma = memchr(b, ',', (gsize) (e - b));
	const char *int_end = comma ? comma : e;
	guint ngroups = 0, ndots = 0, nspaces = 0;
	gboolean sizes_ok = TRUE;
	gsize dot_off = 0;
	NumKind kind = NUM_PLAIN;

	for (const char *p = b; p < int_end;) {
		const char *g = p;
		while (p < int_end && g_ascii_isdigit(*p))
			p++;
		gsize glen = (gsize) (p - g);
		if (ngroups == 0 ? (glen < 1 || glen > 3) : glen != 3)
			sizes_ok = FALSE;
		g_string_append_len(buf, g, (gssize) glen);
		ngroups++;
		if (p < int_end) {
			if (*p == '.') {
				ndots++;
				dot_off = buf->len;
				p++;
			} else {
				nspaces++;
				p += group_space_len(p);
			}
		}
	}
	if (ngroups > 1) {
		if (ndots > 0 && nspaces > 0)
			return NUM_BAD;
		if (sizes_ok) {
			kind = NUM_GROUPED;
		} else if (ndots == 1 && comma == NULL) {
			/* lenient: "1.25" is one and a quarter */
			g_string_insert_c(buf, (gssize) dot_off, '.');
			kind = NUM_DOT_DECIMAL;
		} else {
			return NUM_BAD;
		}
	}
	if (comma != NULL) {
		const char *f = comma + 1;
		if (f >= e)
			return NUM_BAD;
		for (const char *p = f; p < e; p++)
			if (!g_ascii_isdigit(*p))
				return NUM_BAD;
		g_string_append_c(buf, '.');
		g_string_append_len(buf, f, (gssize) (e - f));
	}
	*out = g_ascii_strtod(buf->str, NULL);
	if (*out == 0)
		*out = 0;       /* "-0" is plain zero */
	return kind;
}

static gboolean is_trim_space(gunichar c)
{
	return g_unichar_isspace(c) || is_odd_space(c);
}

gboolean vn_parse_number(const char *s, double *out)
{
	if (s == NULL || !g_utf8_validate(s, -1, NULL))
		return FALSE;
	const char *b = s, *e = s + strlen(s);
	while (*b && is_trim_space(g_utf8_get_char(b)))
		b = g_utf8_next_char(b);
	while (e > b) {
		const char *pc = g_utf8_prev_char(e);
		if (!is_trim_space(g_utf8_get_char(pc)))
			break;
		e = pc;
	}
	gboolean neg = FALSE;
	if (b < e && *b == '-') {
		neg = TRUE;
		b++;
	}
	if (b >= e || !g_ascii_isdigit(*b) || scan_numeral(b) != e)
		return FALSE;
	double v = 0;
	if (numeral_value(b, e, neg, &v) == NUM_BAD)
		return FALSE;
	if (out)
		*out = v;
	return TRUE;
}

/* The character before p, or 0 at the start of s. */
static gunichar char_before(const char *s, const char *p)
{
	return p > s ? g_utf8_get_char(g_utf8_prev_char(p)) : 0;
}

static gboolean line_opens_at(const char *s, const char *p)
{
	while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return p == s || p[-1] == '\n' || p[-1] == '\r';
}

/* Decides whether numeral [b, e) in s is a number; sets *start (sign included). */
static gboolean number_here(const char *s, const char *b, const char *e, double *v,
                            const char **start)
{
	gunichar before = char_before(s, b);
	gboolean neg = FALSE;
	*start = b;
	if (before == '-') {
		gunichar bb = char_before(s, b - 1);
		if (g_unichar_isalnum(bb))
			return FALSE;
		neg = TRUE;
		*start = b - 1;
	} else if (g_unichar_isalnum(before)) {
		return FALSE;
	} else if (before == '.' || before == '/' || before == '(') {
		if (g_unichar_isalnum(char_before(s, b - 1)))
			return FALSE;
	}

	gunichar after = g_utf8_get_char(e);
	gunichar after2 = *e ? g_utf8_get_char(g_utf8_next_char(e)) : 0;
	if (g_unichar_isalnum(after) && after != 0x0111 && after != 0x0110)
		return FALSE;
	if ((after == '.' || after == '/' || after == '-' || after == '(') &&
	    g_unichar_isalnum(after2))
		return FALSE;

	NumKind kind = numeral_value(b, e, neg, v);
	if (kind == NUM_BAD)
		return FALSE;
	if (after == '.' && (kind == NUM_DOT_DECIMAL ||
	                     (kind == NUM_PLAIN && line_opens_at(s, *start))))
		return FALSE;
	return TRUE;
}

gboolean vn_find_number(const char *s, double *out, gsize *start, gsize *end)
{
	if (s == NULL || !g_utf8_validate(s, -1, NULL))
		return FALSE;
	for (const char *p = s; *p;) {
		if (!g_ascii_isdigit(*p)) {
			p++;
			continue;
		}
		const char *e = scan_numeral(p);
		const char *from = p;
		double v = 0;
		if (number_here(s, p, e, &v, &from)) {
			if (out)
				*out = v;
			if (start)
				*start = (gsize) (from - s);
			if (end)
				*end = (gsize) (e - s);
			return TRUE;
		}
		p = e;
	}
	return FALSE;
}

/* ------------------------------------------------------------------------------------
 * Dates and periods, matched on the key (lower case, no diacritics, single spaces).
 * ---------------------------------------------------------------------------------- */

/*
 * Compiled once, then shared read-only by all threads. No G_REGEX_OPTIMIZE: the PCRE2
 * JIT gains little on keys and makes valgrind report uninitialised reads in JIT code.
 */
static GRegex *regex_once(gsize *slot, const char *pattern)
{
	if (g_once_init_enter(slot)) {
		g_autoptr(GError) err = NULL;
		GRegex *re = g_regex_new(pattern, 0, 0, &err);
		if (re == NULL)
			g_error("vntext: bad pattern '%s': %s", pattern, err->message);
		g_once_init_leave(slot, (gsize) re);
	}
	return (GRegex *) *slot;
}

static int fetch_int(const GMatchInfo *mi, int group)
{
	g_autofree char *t = g_match_info_fetch(mi, group);
	if (t == NULL || *t == '\0')
		return -1;
	return (int) g_ascii_strtoll(t, NULL, 10);
}

/*
 * "ngày D tháng M năm Y" (also without diacritics, any spacing), D/M/Y (spaces allowed
 * around '/'), D-M-Y and D.M.Y with one separator. Years 1900-2199; the calendar is
 * checked and an impossible date ("31/2/2025") is skipped for the next one.
 * Groups: long form 1-3 (d m y), slash form 4-6, dot/dash form 7, 9, 10.
 */
static const char date_pattern[] =
	"\\bngay\\s*([0-9]{1,2})\\s*thang\\s*([0-9]{1,2})\\s*,?\\s*nam\\s*([0-9]{4})(?![0-9])"
	"|(?<![0-9])([0-9]{1,2})\\s*/\\s*([0-9]{1,2})\\s*/\\s*([0-9]{4})(?![0-9])"
	"|(?<![0-9])([0-9]{1,2})([.-])([0-9]{1,2})\\8([0-9]{4})(?![0-9])";

gboolean vn_find_date(const char *s, int *y, int *m, int *d)
{
	static gsize re_slot;
	if (s == NULL)
		return FALSE;
	GRegex *re = regex_once(&re_slot, date_pattern);
	g_autofree char *key = vn_key(s);
	g_autoptr(GMatchInfo) mi = NULL;
	gboolean found = FALSE;

	for (g_regex_match(re, key, 0, &mi); g_match_info_matches(mi);
	     g_match_info_next(mi, NULL)) {
		int dd = -1, mm = -1, yy = -1;
		for (int first = 1; first <= 7 && dd < 0; first += 3) {
			int base = first == 7 ? 7 : first;
			dd = fetch_int(mi, base);
			mm = fetch_int(mi, base == 7 ? 9 : base + 1);
			yy = fetch_int(mi, base == 7 ? 10 : base + 2);
		}
		if (dd < 1 || mm < 1 || yy < 1900 || yy > 2199 ||
		    !g_date_valid_dmy((GDateDay) dd, (GDateMonth) mm, (GDateYear) yy))
			continue;
		if (y)
			*y = yy;
		if (m)
			*m = mm;
		if (d)
			*d = dd;
		found = TRUE;
		break;
	}
	return found;
}

/* "tháng 10 năm 2025", "tháng 10/2025"; not the month of a date ("ngày 30 tháng 4"). */
static const char month_pattern[] =
	"(?<![0-9] )(?<![0-9])(?<!ngay )\\bthang\\s*([0-9]{1,2})\\s*(?:/|-|nam)\\s*"
	"([0-9]{4})(?![0-9])";
static const char quarter_pattern[] =
	"\\bquy\\s*(iv|iii|ii|i|[1-4])\\s*(?:/|-|nam)\\s*([0-9]{4})(?![0-9])";
/* "6 tháng đầu năm 2025", "sáu tháng cuối năm", "6 tháng năm 2025" (= first half). */
static const char half_pattern[] =
	"(?:(?<![0-9])0?6|\\bsau)\\s*thang\\s*(?:(dau|cuoi)\\s*)?nam(?:\\s*([0-9]{4})(?![0-9]))?";
/* A bare "năm 2025": not the year of a date, of "9 tháng năm", or of a blank date. */
static const char year_pattern[] =
	"(?<![0-9] )(?<!thang )(?<!thang dau )(?<!thang cuoi )(?<!\\. )(?<!\\.)(?<!… )"
	"\\bnam\\s*([0-9]{4})(?![0-9])";
static const char any_year_pattern[] = "(?<![0-9])(20[0-9]{2})(?![0-9])";
static const char adhoc_pattern[] = "\\bdot\\s*xuat\\b";
/* "số 45-CV/UBKTTU" (or "số 45"); else a bare code "45-CV/UBKTTU" holding a letter. */
static const char adhoc_so_pattern[] =
	"\\bso\\s*:?\\s*\\K[0-9]+(?:\\s*[-/][^\\s,;]*\\w)?";
static const char adhoc_code_pattern[] =
	"(?<![\\w/])[0-9]+\\s*[-/](?=[^\\s,;]*[a-z])[^\\s,;]*\\w";

static gboolean year_ok(int y)
{
	return y >= 2000 && y <= 2099;
}

static int quarter_value(const char *q)
{
	if (g_ascii_isdigit(q[0]))
		return q[0] - '0';
	if (strcmp(q, "iv") == 0)
		return 4;
	return (int) strlen(q);      /* i, ii, iii */
}

static char *find_month(GRegex *re, const char *key)
{
	g_autoptr(GMatchInfo) mi = NULL;
	for (g_regex_match(re, key, 0, &mi); g_match_info_matches(mi);
	     g_match_info_next(mi, NULL)) {
		int mo = fetch_int(mi, 1), yr = fetch_int(mi, 2);
		if (mo >= 1 && mo <= 12 && year_ok(yr))
			return g_strdup_printf("%04d-%02d", yr, mo);
	}
	return NULL;
}

static char *find_quarter(GRegex *re, const char *key)
{
	g_autoptr(GMatchInfo) mi = NULL;
	for (g_regex_match(re, key, 0, &mi); g_match_info_matches(mi);
	     g_match_info_next(mi, NULL)) {
		g_autofree char *q = g_match_info_fetch(mi, 1);
		int yr = fetch_int(mi, 2);
		if (year_ok(yr))
			return g_strdup_printf("%04d-Q%d", yr, quarter_value(q));
	}
	return NULL;
}

/* First acceptable year of pattern group 1 in key, or -1. */
static int first_year(GRegex *re, const char *key)
{
	g_autoptr(GMatchInfo) mi = NULL;
	for (g_regex_match(re, key, 0, &mi); g_match_info_matches(mi);
	     g_match_info_next(mi, NULL)) {
		int yr = fetch_int(mi, 1);
		if (year_ok(yr))
			return yr;
	}
	return -1;
}

/* The half of the first half-year phrase; its year, else the first year in the text. */
static char *find_half(GRegex *re, GRegex *any_year, const char *key)
{
	g_autoptr(GMatchInfo) mi = NULL;
	int half = 0, yr = -1;
	for (g_regex_match(re, key, 0, &mi); g_match_info_matches(mi) && yr < 0;
	     g_match_info_next(mi, NULL)) {
		g_autofree char *which = g_match_info_fetch(mi, 1);
		int y = fetch_int(mi, 2);
		if (half == 0)
			half = which != NULL && strcmp(which, "cuoi") == 0 ? 2 : 1;
		if (year_ok(y))
			yr = y;
	}
	if (half == 0)
		return NULL;
	if (yr < 0)
		yr = first_year(any_year, key);
	return yr < 0 ? NULL : g_strdup_printf("%04d-H%d", yr, half);
}

/* Byte range [*b, *e) of the first match of re in key from offset from; FALSE if none. */
static gboolean match_from(GRegex *re, const char *key, int from, int *b, int *e)
{
	g_autoptr(GMatchInfo) mi = NULL;
	if (!g_regex_match_full(re, key, -1, from, 0, &mi, NULL))
		return FALSE;
	return g_match_info_fetch_pos(mi, 0, b, e);
}

/*
 * "adhoc:<number>" for "đột xuất ... số 45-CV/UBKTTU": the request number after "số"
 * (else the first code after "đột xuất"), copied from the normalised text, so case and
 * Đ survive. "adhoc:" with no number when the text gives none.
 */
static char *find_adhoc(GRegex *re, GRegex *so_re, GRegex *code_re, const char *norm,
                        const char *key, GArray *map)
{
	int ms = 0, me = 0, ns = 0, ne = 0;
	if (!match_from(re, key, 0, &ms, &me))
		return NULL;
	if (!match_from(so_re, key, me, &ns, &ne) && !match_from(code_re, key, me, &ns, &ne))
		return g_strdup("adhoc:");
	const guint *at = (const guint *) (const void *) map->data;
	const char *from = norm + at[ns];
	const char *to = g_utf8_next_char(norm + at[ne - 1]);
	g_autofree char *number = vn_normalize(from, to - from);
	return g_strconcat("adhoc:", number, NULL);
}

char *vn_parse_period(const char *s)
{
	static gsize month_re, quarter_re, half_re, year_re, any_year_re, adhoc_re,
	             adhoc_so_re, adhoc_code_re;
	if (s == NULL)
		return NULL;
	g_autofree char *norm = vn_normalize(s, -1);
	g_autoptr(GArray) map = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autofree char *key = fold_key(norm, map);
	char *r;

	r = find_adhoc(regex_once(&adhoc_re, adhoc_pattern),
	               regex_once(&adhoc_so_re, adhoc_so_pattern),
	               regex_once(&adhoc_code_re, adhoc_code_pattern), norm, key, map);
	if (r == NULL)
		r = find_month(regex_once(&month_re, month_pattern), key);
	if (r == NULL)
		r = find_quarter(regex_once(&quarter_re, quarter_pattern), key);
	if (r == NULL)
		r = find_half(regex_once(&half_re, half_pattern),
		              regex_once(&any_year_re, any_year_pattern), key);
	if (r == NULL) {
		int yr = first_year(regex_once(&year_re, year_pattern), key);
		if (yr > 0)
			r = g_strdup_printf("%04d", yr);
	}
	return r;
}

/* ------------------------------------------------------------------------------------
 * Case
 * ---------------------------------------------------------------------------------- */

char *vn_sentence_case(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	g_autofree char *low = g_utf8_strdown(valid, -1);
	GString *out = g_string_sized_new(strlen(low) + 4);
	gboolean done = FALSE;

	for (const char *p = low; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!done && g_unichar_isalpha(c)) {
			c = g_unichar_toupper(c);
			done = TRUE;
		}
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}
