/*
 * layout.c - words with boxes into paragraphs and tables (see layout.h for the rules).
 *
 * Everything is measured against H, the median height of the page's words, so the same
 * thresholds hold for a text layer in points and a 300-dpi scan in pixels. The choices
 * that matter: a segment break is a horizontal gap wider than SEG_GAP*H (a justified
 * space stays below it, a cell border and its padding do not); a table needs a gutter
 * that its lines leave free, and ends at a line that covers every gutter, at a line
 * centred on the page (the title after the header) or at a wide vertical gap; columns
 * are the connected groups of segments that overlap from line to line, a segment that
 * overlaps two segments of one other line being a merged cell.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "layout.h"
#include "vntext.h"

#define SEG_GAP      0.70f   /* horizontal gap (in H) that splits a line into segments */
#define LINE_TOL     0.50f   /* vertical centre distance (in H) within one line */
#define MIN_GUTTER   0.25f   /* narrowest gutter (in H) that still separates columns */
#define CUT_GUTTER   0.50f   /* ... when a table run is followed line by line */
#define INDENT       0.80f   /* first-line indent (in H) that starts a paragraph */
#define SHORT_LINE   2.50f   /* a line ending this far (in H) before the margin ends a paragraph */
#define PARA_GAP     1.60f   /* vertical step (in line pitches) that starts a paragraph */
#define TABLE_GAP    2.80f   /* vertical step (in line pitches) that ends a table */
#define SIGN_GAP     8.00f   /* ... except above a signer's name (in line pitches) */
#define RULED_GAP    3.00f   /* a gap (in H) that splits a line inside a ruled table anyway */

LayoutPage *layout_page_new(float width, float height)
{
	LayoutPage *p = g_new0(LayoutPage, 1);
	p->width = width;
	p->height = height;
	p->words = g_array_new(FALSE, FALSE, sizeof(LayoutWord));
	p->rules = g_array_new(FALSE, FALSE, sizeof(float));
	p->vrules = g_array_new(FALSE, FALSE, sizeof(LayoutRule));
	return p;
}

void layout_page_free(LayoutPage *p)
{
	if (p == NULL)
		return;
	for (guint i = 0; i < p->words->len; i++)
		g_free(g_array_index(p->words, LayoutWord, i).text);
	g_array_unref(p->words);
	g_array_unref(p->rules);
	g_array_unref(p->vrules);
	g_free(p);
}

void layout_page_add(LayoutPage *p, const char *text, float x0, float y0, float x1, float y1,
                     float conf, gboolean bold)
{
	if (text == NULL)
		return;
	while (g_ascii_isspace(*text))
		text++;
	if (*text == '\0' || !(x1 >= x0) || !(y1 >= y0) || !isfinite(x0) || !isfinite(y0) ||
	    !isfinite(x1) || !isfinite(y1))
		return;
	LayoutWord w = { g_strdup(text), x0, y0, x1, y1, CLAMP(conf, 0.0f, 1.0f), bold };
	g_strchomp(w.text);
	g_array_append_val(p->words, w);
}

gsize layout_page_chars(const LayoutPage *p)
{
	gsize n = 0;
	for (guint i = 0; i < p->words->len; i++)
		n += g_utf8_strlen(g_array_index(p->words, LayoutWord, i).text, -1);
	return n;
}

/* ---- lines and segments ------------------------------------------------------------ */

typedef struct {
	guint first, n;          /* words of the line: order[first .. first+n) */
	float x0, x1;
} Seg;

typedef struct {
	guint first, n;          /* into the page's word order */
	float x0, x1, y0, y1, yc;
	guint seg_first, n_segs; /* into the segment array */
	gboolean drop;           /* a running page number */
} PLine;

typedef struct {
	const LayoutPage *page;
	const LayoutWord *w;     /* the page's words */
	guint *order;            /* word indices, line by line, left to right */
	GArray *lines;           /* PLine */
	GArray *segs;            /* Seg */
	float H;                 /* median word height */
	float pitch;             /* median distance between line tops */
	float left, right;       /* text area */
} Page;

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *) a, y = *(const float *) b;
	return (x > y) - (x < y);
}

static const LayoutWord *g_words_for_sort;

static int cmp_word_yc(const void *a, const void *b)
{
	const LayoutWord *x = &g_words_for_sort[*(const guint *) a];
	const LayoutWord *y = &g_words_for_sort[*(const guint *) b];
	float cx = x->y0 + x->y1, cy = y->y0 + y->y1;
	if (cx != cy)
		return (cx > cy) - (cx < cy);
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int cmp_word_x(const void *a, const void *b)
{
	const LayoutWord *x = &g_words_for_sort[*(const guint *) a];
	const LayoutWord *y = &g_words_for_sort[*(const guint *) b];
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static float median(GArray *vals)
{
	if (vals->len == 0)
		return 0;
	g_array_sort(vals, cmp_float);
	return g_array_index(vals, float, vals->len / 2);
}

static gboolean is_page_number(const char *s)
{
	while (*s == '-' || *s == ' ')
		s++;
	int digits = 0;
	while (g_ascii_isdigit(*s)) {
		s++;
		digits++;
	}
	while (*s == '-' || *s == ' ')
		s++;
	return *s == '\0' && digits >= 1 && digits <= 3;
}

/* Does line l stand in a scanned ruled table: two vertical rules or more beside it,
 * running on above and below it? (A rule that ends on the line is a table's border
 * that took the "I" of the heading under the table along.) */
static gboolean ruled(const Page *pg, const PLine *l)
{
	const GArray *vr = pg->page->vrules;
	float reach = 0.75f * pg->H;  /* half a line's height, and a quarter more */
	guint beside = 0;
	for (guint i = 0; i < vr->len && beside < 2; i++) {
		const LayoutRule *r = &g_array_index(vr, LayoutRule, i);
		beside += r->y0 <= l->yc - reach && r->y1 >= l->yc + reach;
	}
	return beside >= 2;
}

/* Does the gap from x0 to x1 in line l split it into segments? Wider than SEG_GAP*H, as a
 * rule; but inside a scanned ruled table (two or more vertical rules beside the line) only
 * where a rule stands in the gap, or where it is very wide: a justified line of OCRed
 * words has gaps as wide as a cell's padding. */
static gboolean seg_break(const Page *pg, const PLine *l, float x0, float x1)
{
	float gap = x1 - x0;
	if (gap <= SEG_GAP * pg->H)
		return FALSE;
	if (gap > RULED_GAP * pg->H || !ruled(pg, l))
		return TRUE;
	const GArray *vr = pg->page->vrules;
	for (guint i = 0; i < vr->len; i++) {
		const LayoutRule *r = &g_array_index(vr, LayoutRule, i);
		if (r->y0 <= l->yc && r->y1 >= l->yc && r->x >= x0 - 0.3f * pg->H &&
		    r->x <= x1 + 0.3f * pg->H)
			return TRUE;
	}
	return FALSE;
}

static void page_build_lines(Page *pg)
{
	const LayoutPage *p = pg->page;
	guint n = p->words->len;
	pg->w = (const LayoutWord *) p->words->data;
	pg->order = g_new(guint, n);
	for (guint i = 0; i < n; i++)
		pg->order[i] = i;
	/* qsort has no user pointer: the comparators read this, set only here */
	g_words_for_sort = pg->w;
	qsort(pg->order, n, sizeof(guint), cmp_word_yc);

	g_autoptr(GArray) hs = g_array_sized_new(FALSE, FALSE, sizeof(float), n);
	for (guint i = 0; i < n; i++) {
		float h = pg->w[i].y1 - pg->w[i].y0;
		g_array_append_val(hs, h);
	}
	pg->H = MAX(median(hs), 1e-3f);

	pg->lines = g_array_new(FALSE, TRUE, sizeof(PLine));
	for (guint i = 0; i < n;) {
		PLine l = { .first = i };
		float sum = 0;
		guint j = i;
		for (; j < n; j++) {
			const LayoutWord *w = &pg->w[pg->order[j]];
			float yc = (w->y0 + w->y1) / 2;
			if (j > i && yc - sum / (float) (j - i) > LINE_TOL * pg->H)
				break;
			sum += yc;
		}
		l.n = j - i;
		l.yc = sum / (float) l.n;
		g_array_append_val(pg->lines, l);
		i = j;
	}

	pg->segs = g_array_new(FALSE, TRUE, sizeof(Seg));
	for (guint li = 0; li < pg->lines->len; li++) {
		PLine *l = &g_array_index(pg->lines, PLine, li);
		g_words_for_sort = pg->w;
		qsort(pg->order + l->first, l->n, sizeof(guint), cmp_word_x);
		l->x0 = l->y0 = G_MAXFLOAT;
		l->x1 = l->y1 = -G_MAXFLOAT;
		l->seg_first = pg->segs->len;
		Seg s = { l->first, 0, 0, 0 };
		for (guint k = 0; k < l->n; k++) {
			const LayoutWord *w = &pg->w[pg->order[l->first + k]];
			l->x0 = MIN(l->x0, w->x0);
			l->x1 = MAX(l->x1, w->x1);
			l->y0 = MIN(l->y0, w->y0);
			l->y1 = MAX(l->y1, w->y1);
			if (s.n > 0 && seg_break(pg, l, s.x1, w->x0)) {
				g_array_append_val(pg->segs, s);
				s = (Seg) { l->first + k, 0, 0, 0 };
			}
			if (s.n == 0)
				s.x0 = w->x0;
			s.x1 = MAX(s.x1, w->x1);
			s.n++;
		}
		g_array_append_val(pg->segs, s);
		l->n_segs = pg->segs->len - l->seg_first;
		if (l->n == 1 && is_page_number(pg->w[pg->order[l->first]].text) &&
		    (l->y0 > 0.88f * p->height || l->y1 < 0.10f * p->height))
			l->drop = TRUE;
	}

	g_autoptr(GArray) steps = g_array_new(FALSE, FALSE, sizeof(float));
	g_autoptr(GArray) lefts = g_array_new(FALSE, FALSE, sizeof(float));
	g_autoptr(GArray) rights = g_array_new(FALSE, FALSE, sizeof(float));
	for (guint li = 0; li < pg->lines->len; li++) {
		const PLine *l = &g_array_index(pg->lines, PLine, li);
		if (l->drop)
			continue;
		g_array_append_val(lefts, l->x0);
		g_array_append_val(rights, l->x1);
		if (li > 0) {
			float d = l->y0 - g_array_index(pg->lines, PLine, li - 1).y0;
			if (d > 0.5f * pg->H)
				g_array_append_val(steps, d);
		}
	}
	pg->pitch = steps->len ? median(steps) : 1.2f * pg->H;
	pg->pitch = CLAMP(pg->pitch, pg->H, 3 * pg->H);
	/* the text area: the 5th and 95th percentiles of line ends resist a stray stamp */
	g_array_sort(lefts, cmp_float);
	g_array_sort(rights, cmp_float);
	pg->left = lefts->len ? g_array_index(lefts, float, lefts->len / 20) : 0;
	pg->right = rights->len ? g_array_index(rights, float, rights->len - 1 - rights->len / 20)
	                        : pg->page->width;
}

static const Seg *seg_at(const Page *pg, guint i)
{
	return &g_array_index(pg->segs, Seg, i);
}

static const PLine *line_at(const Page *pg, guint i)
{
	return &g_array_index(pg->lines, PLine, i);
}

/* Is the line a single segment centred on the text area and clearly narrower? */
static gboolean line_centered(const Page *pg, const PLine *l)
{
	float width = pg->right - pg->left;
	float c = (l->x0 + l->x1) / 2, mid = (pg->left + pg->right) / 2;
	return l->n_segs == 1 && fabsf(c - mid) < 0.04f * width && l->x1 - l->x0 < 0.8f * width &&
	       l->x0 - pg->left > 2 * pg->H;
}

/* ---- text of words ------------------------------------------------------------------ */

/* A word that ends a line and continues on the next without a space: "66-", "NQ/". */
static gboolean joins_next(const char *word)
{
	gsize n = strlen(word);
	if (n < 2)
		return FALSE;
	char last = word[n - 1], before = word[n - 2];
	return (last == '-' || last == '/') && (g_ascii_isalnum(before) || (guchar) before >= 0x80);
}

typedef struct {
	GString *text;
	float conf;
	guint bold, words;
} Acc;

static void acc_init(Acc *a)
{
	a->text = g_string_new(NULL);
	a->conf = 1.0f;
	a->bold = a->words = 0;
}

/* Append words [first, first+n) of the order; new_line says they start a new line. */
static void acc_words(Acc *a, const Page *pg, guint first, guint n, gboolean new_line)
{
	for (guint k = 0; k < n; k++) {
		const LayoutWord *w = &pg->w[pg->order[first + k]];
		if (a->text->len > 0) {
			gboolean glue = new_line && k == 0 && a->text->len > 1 &&
			                (a->text->str[a->text->len - 1] == '-' ||
			                 a->text->str[a->text->len - 1] == '/');
			if (glue) {
				/* only a symbol ("66-", "NQ/"), not a dash standing alone */
				const char *sp = strrchr(a->text->str, ' ');
				glue = joins_next(sp ? sp + 1 : a->text->str);
			}
			if (!glue)
				g_string_append_c(a->text, ' ');
		}
		g_string_append(a->text, w->text);
		a->conf = MIN(a->conf, w->conf);
		a->bold += w->bold ? 1 : 0;
		a->words++;
	}
}

static DocBlock *acc_para(Acc *a)
{
	DocBlock *b = doc_block_new_para(PART_BODY, a->text->str);
	b->para.conf = a->conf;
	b->para.bold = a->words > 0 && a->bold * 2 > a->words;
	g_string_free(a->text, TRUE);
	a->text = NULL;
	return b;
}

/* ---- tables --------------------------------------------------------------------------- */

typedef struct {
	float x0, x1;
} Span;

/* Remove what the line's words cover from the gutters; FALSE when none would remain, or
 * when one piece of the line lies across most of them (a heading after the table), in
 * which case gutters is left unchanged. */
static gboolean gutters_cut(const Page *pg, const PLine *l, GArray *gutters)
{
	guint crossed = 0;
	for (guint g = 0; g < gutters->len; g++) {
		const Span *sp = &g_array_index(gutters, Span, g);
		for (guint s = 0; s < l->n_segs; s++) {
			const Seg *sg = seg_at(pg, l->seg_first + s);
			if (sg->x0 <= sp->x0 && sg->x1 >= sp->x1)
				crossed++;
		}
	}
	if (crossed >= 2 && crossed * 2 >= gutters->len)
		return FALSE;
	/* a gutter narrows to what the line's words leave free; in a scanned ruled table, to
	 * what its segments leave free: OCRed words stand a wide space apart, and the
	 * spaces between the words of one cell are no gutters */
	gboolean by_segs = ruled(pg, l);
	guint n_blocks = by_segs ? l->n_segs : l->n;
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(Span));
	for (guint g = 0; g < gutters->len; g++) {
		GArray *parts = g_array_new(FALSE, FALSE, sizeof(Span));
		g_array_append_val(parts, g_array_index(gutters, Span, g));
		for (guint k = 0; k < n_blocks; k++) {
			const Seg *sg = by_segs ? seg_at(pg, l->seg_first + k) : NULL;
			const LayoutWord *wd = by_segs ? NULL : &pg->w[pg->order[l->first + k]];
			const Span blk = by_segs ? (Span) { sg->x0, sg->x1 } : (Span) { wd->x0, wd->x1 };
			const Span *w = &blk;
			GArray *next = g_array_new(FALSE, FALSE, sizeof(Span));
			for (guint q = 0; q < parts->len; q++) {
				Span sp = g_array_index(parts, Span, q);
				if (w->x1 <= sp.x0 || w->x0 >= sp.x1) {
					g_array_append_val(next, sp);
					continue;
				}
				/* what is left beside a word must be wider than a space */
				Span a = { sp.x0, w->x0 }, b = { w->x1, sp.x1 };
				if (a.x1 - a.x0 >= CUT_GUTTER * pg->H)
					g_array_append_val(next, a);
				if (b.x1 - b.x0 >= CUT_GUTTER * pg->H)
					g_array_append_val(next, b);
			}
			g_array_unref(parts);
			parts = next;
		}
		g_array_append_vals(out, parts->data, parts->len);
		g_array_unref(parts);
	}
	if (out->len == 0)
		return FALSE;
	g_array_set_size(gutters, 0);
	g_array_append_vals(gutters, out->data, out->len);
	return TRUE;
}

static void gutters_of(const Page *pg, const PLine *l, GArray *gutters)
{
	g_array_set_size(gutters, 0);
	for (guint s = 0; s + 1 < l->n_segs; s++) {
		Span g = { seg_at(pg, l->seg_first + s)->x1, seg_at(pg, l->seg_first + s + 1)->x0 };
		g_array_append_val(gutters, g);
	}
}

/* "II.", also as OCR reads it ("Il.", "IH.", "H."): never "1." or "a)" */
static gboolean roman_heading(const char *w)
{
	gsize n = strspn(w, "IVXlH|");
	return n > 0 && (w[n] == '.' || w[n] == ')') && w[n + 1] == '\0';
}

/* Is line l a section heading: "II. ..." (roman_heading), or "3. CÁC CHỈ SỐ GIÁM SÁT",
 * a number and a dot then capitals only, in one run of text, or "4. Khó khăn, ..." with
 * its number in bold (a row's number in a table has no dot, and is not bold)? */
static gboolean section_heading(const Page *pg, const PLine *l)
{
	const LayoutWord *first = &pg->w[pg->order[l->first]];
	const char *w0 = first->text;
	if (roman_heading(w0))
		return TRUE;
	gsize d = strspn(w0, "0123456789");
	if (d == 0 || d > 2 || strcmp(w0 + d, ".") != 0 || l->n < 3)
		return FALSE;
	if (first->bold)
		return TRUE;
	if (l->n_segs != 1)
		return FALSE;
	for (guint k = 1; k < l->n; k++)
		for (const char *p = pg->w[pg->order[l->first + k]].text; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (g_unichar_isalpha(c) && !g_unichar_isupper(c))
				return FALSE;
		}
	return TRUE;
}

/* Does the line start the closing block ("Nơi nhận:") or name a signing authority
 * ("TM.", "KT.", "TL.", "Q.") in one of its segments? */
static gboolean signs(const Page *pg, const PLine *l)
{
	static const char *const marks[] = { "noi", "tm", "tm.", "t/m", "kt", "kt.", "k/t", "tl",
	                                     "tl.", "q.", NULL };
	for (guint s = 0; s < l->n_segs; s++) {
		g_autofree char *key = vn_key(pg->w[pg->order[seg_at(pg, l->seg_first + s)->first]].text);
		for (const char *const *m = marks; *m; m++)
			if (strcmp(key, *m) == 0)
				return TRUE;
	}
	return FALSE;
}

/* The end (exclusive) of the table that starts at line `from`, which has two or more
 * segments, or `from` when the run is no table. */
static guint table_end(const Page *pg, guint from, gboolean continuing)
{
	g_autoptr(GArray) gutters = g_array_new(FALSE, FALSE, sizeof(Span));
	if (section_heading(pg, line_at(pg, from)))
		return from;  /* "III. CÁC CHỈ SỐ" spaced out is a heading, not a table's row */
	gutters_of(pg, line_at(pg, from), gutters);
	guint multi = 1, max_segs = line_at(pg, from)->n_segs;
	guint end = from + 1;
	float last_y0 = line_at(pg, from)->y0;
	gboolean signing = signs(pg, line_at(pg, from));
	/* a scanned ruled table ends where its vertical rules end */
	gboolean in_rules = ruled(pg, line_at(pg, from));
	for (; end < pg->lines->len; end++) {
		const PLine *l = line_at(pg, end);
		if (l->drop)
			break;
		float step = l->y0 - last_y0;
		g_autofree char *key = vn_key(pg->w[pg->order[l->first]].text);
		g_autofree char *key2 = l->n > 1 ? vn_key(pg->w[pg->order[l->first + 1]].text) : NULL;
		if (strcmp(key, "kinh") == 0 && key2 && g_str_has_prefix(key2, "gui"))
			break; /* "Kính gửi:" follows the header, it is not in it */
		if (section_heading(pg, l))
			break; /* "II. KẾT QUẢ ...": the next section, not a row */
		/* the space left for a signature, above the signer's name in the right column */
		gboolean signature = signing && gutters->len == 1 && l->n_segs == 1 &&
		                     l->x0 >= g_array_index(gutters, Span, 0).x0 &&
		                     step <= SIGN_GAP * pg->pitch;
		if (step > TABLE_GAP * pg->pitch && !signature) {
			if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
				fprintf(stderr, "layout: line %u is too far below the table\n", end);
			break;
		}
		if (line_centered(pg, l) && gutters->len == 1) {
			if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
				fprintf(stderr, "layout: line %u is centred under one gutter\n", end);
			break;
		}
		if (in_rules && !ruled(pg, l)) {
			if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
				fprintf(stderr, "layout: line %u is below the table's rules\n", end);
			break;
		}
		if (!gutters_cut(pg, l, gutters)) {
			if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
				fprintf(stderr, "layout: line %u crosses the table's gutters\n", end);
			break;
		}
		last_y0 = l->y0;
		signing = signing || signs(pg, l);
		if (l->n_segs >= 2)
			multi++;
		max_segs = MAX(max_segs, l->n_segs);
	}
	/* one line with gaps is a justified line, not a table; unless it carries on the
	 * table the previous page ended with */
	if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
		fprintf(stderr, "layout: run from line %u to %u, %u lines with gaps%s\n", from, end,
		        multi, continuing ? ", continuing" : "");
	if (multi < 2 && !(continuing && max_segs >= 3))
		return from;
	return end;
}


typedef struct {
	guint line;          /* which line */
	guint first, n;      /* its words: order[first .. first+n) */
	float x0, x1;
	guint c0, c1;        /* columns covered */
} Piece;

/* A gutter inside one line that most other lines of the run cover with text is a blank
 * inside a cell ("Số:      /TB-UBND", a date with the day left blank), not a column
 * border: join the two pieces it separates. So is a gap right after "Số:", "ngày" or
 * "tháng", left for the number and date written in when the document is registered.
 * A gutter that other lines share stays. */
static gboolean ends_blank_label(const Page *pg, const Piece *p)
{
	g_autofree char *key = vn_key(pg->w[pg->order[p->first + p->n - 1]].text);
	if (strcmp(key, "so:") == 0 || strcmp(key, "so") == 0)
		return p->n == 1; /* "Số:" alone, not "Chỉ số" */
	if (strcmp(key, "ngay") != 0 && strcmp(key, "thang") != 0)
		return FALSE;
	/* "Hải Phòng, ngày": a place-and-date line, not a header cell */
	for (guint k = 0; k + 1 < p->n; k++)
		if (strchr(pg->w[pg->order[p->first + k]].text, ','))
			return TRUE;
	return FALSE;
}

static void join_blank_gutters(const Page *pg, GArray *pieces)
{
	for (guint i = 0; i + 1 < pieces->len;) {
		Piece *a = &g_array_index(pieces, Piece, i), *b = &g_array_index(pieces, Piece, i + 1);
		if (a->line != b->line) {
			i++;
			continue;
		}
		/* lines with one piece over the gutter, lines with a gutter of their own there */
		guint against = 0, with = 1;
		float lo = a->x1, hi = b->x0, mid = (lo + hi) / 2;
		for (guint j = 0; j < pieces->len;) {
			guint line = g_array_index(pieces, Piece, j).line;
			gboolean over = FALSE, left = FALSE, right = FALSE, in = FALSE;
			for (; j < pieces->len && g_array_index(pieces, Piece, j).line == line; j++) {
				const Piece *p = &g_array_index(pieces, Piece, j);
				if (p->x0 <= lo && p->x1 >= hi)
					over = TRUE;
				else if (p->x0 <= mid && p->x1 >= mid)
					in = TRUE;
				else if (p->x1 < mid)
					left = TRUE;
				else
					right = TRUE;
			}
			if (line == a->line)
				continue;
			if (over)
				against++;
			else if (left && right && !in)
				with++;
		}
		if (against > with || ends_blank_label(pg, a)) {
			a->x1 = b->x1;
			a->c1 = MAX(a->c1, b->c1);
			a->n += b->n;
			g_array_remove_index(pieces, i + 1);
		} else {
			i++;
		}
	}
}

/* How many lines of the run have a word whose middle is in the column. */
static guint col_lines(const Page *pg, guint from, guint to, const Span *col)
{
	guint n = 0;
	for (guint li = from; li < to; li++) {
		const PLine *l = line_at(pg, li);
		for (guint k = 0; k < l->n; k++) {
			const LayoutWord *w = &pg->w[pg->order[l->first + k]];
			float mid = (w->x0 + w->x1) / 2;
			if (mid >= col->x0 && mid <= col->x1) {
				n++;
				break;
			}
		}
	}
	return n;
}

/* The columns of a table run: the gutters are the vertical strips that (almost) no word
 * of its lines covers. Counting words, not segments, lets a justified line's wide spaces
 * vary from line to line while a cell border stays put; a few lines may cross a gutter
 * (a header cell merged over two columns). */
static GArray *table_columns(const Page *pg, guint from, guint to)
{
	float x0 = G_MAXFLOAT, x1 = -G_MAXFLOAT;
	for (guint li = from; li < to; li++) {
		x0 = MIN(x0, line_at(pg, li)->x0);
		x1 = MAX(x1, line_at(pg, li)->x1);
	}
	/* a scan shows its cell borders: those rules that stand beside most of the run are
	 * the columns' edges */
	float ty0 = line_at(pg, from)->y0, ty1 = line_at(pg, to - 1)->y1;
	g_autoptr(GArray) xs = g_array_new(FALSE, FALSE, sizeof(float));
	for (guint i = 0; i < pg->page->vrules->len; i++) {
		const LayoutRule *r = &g_array_index(pg->page->vrules, LayoutRule, i);
		float cover = MIN(r->y1, ty1) - MAX(r->y0, ty0);
		if (cover > 0.6f * (ty1 - ty0))
			g_array_append_val(xs, r->x);
	}
	if (xs->len >= 3) {
		g_array_sort(xs, cmp_float);
		GArray *cols = g_array_new(FALSE, FALSE, sizeof(Span));
		for (guint i = 0; i + 1 < xs->len; i++) {
			Span c = { g_array_index(xs, float, i), g_array_index(xs, float, i + 1) };
			if (c.x1 - c.x0 > pg->H)
				g_array_append_val(cols, c);
		}
		if (cols->len >= 2)
			return cols;
		g_array_unref(cols);
	}
	float bin = 0.1f * pg->H;
	guint nb = (guint) ((x1 - x0) / bin) + 2;
	if (nb > 20000) {
		bin = (x1 - x0) / 19998.0f;
		nb = 20000;
	}
	guint *count = g_new0(guint, nb);
	guint8 *mark = g_new(guint8, nb);
	for (guint li = from; li < to; li++) {
		const PLine *l = line_at(pg, li);
		memset(mark, 0, nb);
		for (guint k = 0; k < l->n; k++) {
			const LayoutWord *w = &pg->w[pg->order[l->first + k]];
			guint b0 = (guint) ((w->x0 - x0) / bin), b1 = (guint) ((w->x1 - x0) / bin);
			for (guint b = b0; b <= b1 && b < nb; b++)
				mark[b] = 1;
		}
		for (guint b = 0; b < nb; b++)
			count[b] += mark[b];
	}
	/* a long table may have a few lines across a gutter (merged header cells); but a
	 * column only a few lines have words in (results given for two tasks of ten) stands
	 * apart, with empty space on both sides, where a crossed gutter touches its columns */
	guint allowed = (to - from) / 8;
	guint8 *dense = g_new0(guint8, nb);
	for (guint b = 0; b < nb; b++)
		dense[b] = count[b] > allowed;
	for (guint b = 0; b < nb;) {
		if (count[b] == 0) {
			b++;
			continue;
		}
		guint e = b;
		gboolean any = FALSE;
		for (; e < nb && count[e] > 0; e++)
			any = any || dense[e];
		if (!any)
			memset(dense + b, 1, e - b);
		b = e;
	}
	GArray *cols = g_array_new(FALSE, FALSE, sizeof(Span));
	Span cur = { x0, x0 };
	gboolean in_col = FALSE;
	guint gap_bins = 0, min_gap = (guint) (MIN_GUTTER * pg->H / bin) + 1;
	for (guint b = 0; b < nb; b++) {
		float x = x0 + (float) b * bin;
		if (dense[b]) {
			if (!in_col) {
				if (cols->len > 0 && gap_bins < min_gap) {
					/* too narrow to be a gutter: the column goes on */
					cur = g_array_index(cols, Span, cols->len - 1);
					g_array_remove_index(cols, cols->len - 1);
				} else {
					cur.x0 = x;
				}
				in_col = TRUE;
			}
			cur.x1 = x + bin;
			gap_bins = 0;
		} else {
			if (in_col) {
				g_array_append_val(cols, cur);
				in_col = FALSE;
			}
			gap_bins++;
		}
	}
	if (in_col)
		g_array_append_val(cols, cur);
	g_free(count);
	g_free(mark);
	g_free(dense);
	/* a gutter that no line shows as a wide gap, or beside a column only one line
	 * has words in, is where short lines happen to leave
	 * space, not a border: keep it only where two lines (one in a two-line run) have a
	 * segment break across it */
	guint multi = 0;
	for (guint li = from; li < to; li++)
		multi += line_at(pg, li)->n_segs >= 2;
	guint need = CLAMP(multi, 1, 2);
	if (g_getenv("BAOCAO_DEBUG_LAYOUT")) {
		fprintf(stderr, "layout: table lines %u-%u, columns by coverage:", from, to);
		for (guint c = 0; c < cols->len; c++)
			fprintf(stderr, " %.0f-%.0f", g_array_index(cols, Span, c).x0,
			        g_array_index(cols, Span, c).x1);
		fputc('\n', stderr);
	}
	for (guint c = 0; c + 1 < cols->len;) {
		float g0 = g_array_index(cols, Span, c).x1, g1 = g_array_index(cols, Span, c + 1).x0;
		guint seen = 0;
		for (guint li = from; li < to; li++) {
			const PLine *l = line_at(pg, li);
			for (guint sgi = 0; sgi + 1 < l->n_segs; sgi++) {
				float a = seg_at(pg, l->seg_first + sgi)->x1;
				float b = seg_at(pg, l->seg_first + sgi + 1)->x0;
				if (a <= g1 && b >= g0) {
					seen++;
					break;
				}
			}
		}
		if (seen >= need && col_lines(pg, from, to, &g_array_index(cols, Span, c)) >= need &&
		    col_lines(pg, from, to, &g_array_index(cols, Span, c + 1)) >= need) {
			c++;
			continue;
		}
		g_array_index(cols, Span, c).x1 = g_array_index(cols, Span, c + 1).x1;
		g_array_remove_index(cols, c + 1);
	}
	return cols;
}

static void emit_table(const Page *pg, guint from, guint to, const DocTable *prev,
                       GPtrArray *out)
{
	/* a table carried over from the previous page keeps that page's columns */
	g_autoptr(GArray) cols = NULL;
	if (prev != NULL && prev->col_x != NULL) {
		cols = g_array_new(FALSE, FALSE, sizeof(Span));
		for (guint c = 0; c < prev->n_cols; c++) {
			float w = pg->page->width;
			Span sp = { prev->col_x[2 * c] * w, prev->col_x[2 * c + 1] * w };
			g_array_append_val(cols, sp);
		}
	} else {
		cols = table_columns(pg, from, to);
	}
	if (cols->len == 0) {
		Span all = { 0, pg->page->width };
		g_array_append_val(cols, all);
	}
	guint nc = cols->len;
	/* each line's words cut at the gutters: a piece per cell, a word over a gutter
	 * makes its piece span both columns */
	g_autoptr(GArray) pieces = g_array_new(FALSE, TRUE, sizeof(Piece));
	for (guint li = from; li < to; li++) {
		const PLine *l = line_at(pg, li);
		Piece pc = { li, l->first, 0, 0, 0, 0, 0 };
		for (guint k = 0; k < l->n; k++) {
			const LayoutWord *w = &pg->w[pg->order[l->first + k]];
			/* the column the word overlaps most, else the nearest; a word that reaches
			 * well into two columns spans them */
			guint c0 = 0, c1 = 0;
			float best = -G_MAXFLOAT, width = MAX(w->x1 - w->x0, 1e-3f);
			for (guint c = 0; c < nc; c++) {
				const Span *col = &g_array_index(cols, Span, c);
				float ov = MIN(w->x1, col->x1) - MAX(w->x0, col->x0); /* < 0: distance */
				if (ov > best) {
					best = ov;
					c0 = c;
				}
			}
			c1 = c0;
			for (guint c = 0; c < nc; c++) {
				const Span *col = &g_array_index(cols, Span, c);
				float ov = MIN(w->x1, col->x1) - MAX(w->x0, col->x0);
				if (c != c0 && ov > 0.25f * width && ov > 0.5f * pg->H) {
					c0 = MIN(c0, c);
					c1 = MAX(c1, c);
				}
			}
			if (pc.n > 0 && c0 > pc.c1) {
				g_array_append_val(pieces, pc);
				pc = (Piece) { li, l->first + k, 0, 0, 0, 0, 0 };
			}
			if (pc.n == 0) {
				pc.x0 = w->x0;
				pc.c0 = c0;
				pc.c1 = c1;
			}
			pc.x1 = MAX(pc.x1, w->x1);
			pc.c1 = MAX(pc.c1, c1);
			pc.n++;
		}
		if (pc.n > 0)
			g_array_append_val(pieces, pc);
	}
	if (nc <= 2)
		join_blank_gutters(pg, pieces); /* a header's blanks; a data table's cells stay */
	guint n = pieces->len;

	gboolean layout = nc <= 2;
	/* rows: one for a layout table; else a new row where the first column has text, at
	 * a horizontal rule of the scan, or (no first column to go by) at a multi-cell line */
	guint *row_of_line = g_new0(guint, to - from);
	guint n_rows = 1;
	if (!layout) {
		guint col0_lines = 0, multi_lines = 0;
		for (guint li = from; li < to; li++) {
			gboolean has0 = FALSE;
			for (guint i = 0; i < n; i++) {
				const Piece *pc = &g_array_index(pieces, Piece, i);
				if (pc->line == li && pc->c0 == 0)
					has0 = TRUE;
			}
			col0_lines += has0;
			guint np = 0;
			for (guint i = 0; i < n; i++)
				np += g_array_index(pieces, Piece, i).line == li;
			multi_lines += np >= 2;
		}
		const GArray *rules = pg->page->rules;
		guint rules_in = 0;
		for (guint r = 0; r < rules->len; r++) {
			float y = g_array_index(rules, float, r);
			if (y > line_at(pg, from)->y0 && y < line_at(pg, to - 1)->y1)
				rules_in++;
		}
		n_rows = 0;
		for (guint li = from; li < to; li++) {
			const PLine *l = line_at(pg, li);
			gboolean starts = li == from;
			if (!starts && rules_in > 0) {
				const PLine *above = line_at(pg, li - 1);
				for (guint r = 0; r < rules->len; r++) {
					float y = g_array_index(rules, float, r);
					if (y > (above->y0 + above->y1) / 2 && y < (l->y0 + l->y1) / 2)
						starts = TRUE;
				}
			} else if (!starts && (col0_lines >= 2 || (prev != NULL && col0_lines >= 1))) {
				for (guint i = 0; i < n; i++) {
					const Piece *pc = &g_array_index(pieces, Piece, i);
					if (pc->line == li && pc->c0 == 0)
						starts = TRUE;
				}
			} else if (!starts) {
				guint np = 0;
				for (guint i = 0; i < n; i++)
					np += g_array_index(pieces, Piece, i).line == li;
				starts = np >= 2;
			}
			if (starts)
				n_rows++;
			row_of_line[li - from] = n_rows - 1;
		}
	}

	DocBlock *tb = doc_block_new_table(PART_BODY, n_rows, nc, 0);
	DocTable *t = &tb->table;
	t->col_x = g_new(float, 2 * nc);
	for (guint c = 0; c < nc; c++) {
		float w = MAX(pg->page->width, 1.0f);
		t->col_x[2 * c] = c < cols->len ? g_array_index(cols, Span, c).x0 / w : 0;
		t->col_x[2 * c + 1] = c < cols->len ? g_array_index(cols, Span, c).x1 / w : 0;
	}
	/* the column range each row's cell takes: a merged cell when a spanner leads it */
	for (guint r = 0; r < n_rows; r++) {
		for (guint c = 0; c < nc;) {
			guint c1 = c;
			for (guint i = 0; i < n; i++) {
				const Piece *pc = &g_array_index(pieces, Piece, i);
				if (!layout && row_of_line[pc->line - from] == r && pc->c0 == c)
					c1 = MAX(c1, MIN(pc->c1, nc - 1));
			}
			/* a cell may not swallow a column another piece of the row starts in */
			for (guint i = 0; i < n; i++) {
				const Piece *pc = &g_array_index(pieces, Piece, i);
				if (!layout && row_of_line[pc->line - from] == r && pc->c0 > c && pc->c0 <= c1)
					c1 = pc->c0 - 1;
			}
			DocCell *cell = g_new0(DocCell, 1);
			cell->blocks = doc_block_array_new();
			cell->row = r;
			cell->col = c;
			cell->rowspan = 1;
			cell->colspan = c1 - c + 1;
			g_ptr_array_add(t->cells, cell);
			for (guint k = c; k <= c1; k++)
				t->grid[(gsize) r * nc + k] = cell;
			c = c1 + 1;
		}
	}
	/* fill the cells: layout cells get a paragraph per line, data cells one paragraph */
	for (guint r = 0; r < n_rows; r++)
		for (guint c = 0; c < nc; c++) {
			DocCell *cell = t->grid[(gsize) r * nc + c];
			if (cell->col != c)
				continue;
			Acc a = { 0 };
			guint last_line = G_MAXUINT;
			for (guint i = 0; i < n; i++) {
				const Piece *pc = &g_array_index(pieces, Piece, i);
				guint pr = layout ? 0 : row_of_line[pc->line - from];
				guint pcol = pc->c0;
				if (layout && pc->c1 != pc->c0) {
					/* a line across a layout table belongs where its middle is */
					const Piece *s = pc;
					const Span *c1s = &g_array_index(cols, Span, MIN(1, cols->len - 1));
					pcol = (s->x0 + s->x1) / 2 >= c1s->x0 ? MIN(1, nc - 1) : 0;
				}
				if (pr != r || MIN(pcol, nc - 1) < cell->col ||
				    MIN(pcol, nc - 1) > cell->col + cell->colspan - 1)
					continue;
				if (layout && a.text != NULL)
					g_ptr_array_add(cell->blocks, acc_para(&a));
				if (a.text == NULL)
					acc_init(&a);
				acc_words(&a, pg, pc->first, pc->n, pc->line != last_line);
				last_line = pc->line;
			}
			if (a.text != NULL)
				g_ptr_array_add(cell->blocks, acc_para(&a));
		}
	g_free(row_of_line);
	g_ptr_array_add(out, tb);
}

/* ---- paragraphs ------------------------------------------------------------------------ */

static gboolean starts_item(const char *s)
{
	static const char *const bullets[] = { "-", "+", "•", "–", "—", "*", "·", NULL };
	for (const char *const *b = bullets; *b; b++)
		if (g_str_has_prefix(s, *b))
			return TRUE;
	/* "I.", "IV.", "1.", "2.1.", "a)", "(3)", "Điều 5" is not needed */
	const char *p = s;
	if (*p == '(')
		p++;
	const char *q = p;
	while (*q == 'I' || *q == 'V' || *q == 'X')
		q++;
	if (q > p && (*q == '.' || *q == ')'))
		return TRUE;
	q = p;
	while (g_ascii_isdigit(*q) || (*q == '.' && q > p && g_ascii_isdigit(q[1])))
		q++;
	if (q > p && (*q == '.' || *q == ')'))
		return TRUE;
	if (g_ascii_islower(*p) && p[1] == ')')
		return TRUE;
	if (g_str_has_prefix(p, "đ)"))
		return TRUE;
	return FALSE;
}

typedef struct {
	Acc acc;
	float x0, last_x1, last_y0;
	gboolean centered, open;
	gboolean is_item;         /* the paragraph began with a bullet or a number */
} ParaState;

static void para_flush(ParaState *ps, const Page *pg, GPtrArray *out, gboolean page_end)
{
	if (!ps->open)
		return;
	DocBlock *b = acc_para(&ps->acc);
	b->para.centered = ps->centered;
	b->para.runs_on = page_end && !ps->centered && ps->last_x1 > pg->right - SHORT_LINE * pg->H;
	g_ptr_array_add(out, b);
	ps->open = FALSE;
}

static void para_line(ParaState *ps, const Page *pg, const PLine *l, GPtrArray *out,
                      gboolean *first_para_continues)
{
	const LayoutWord *w0 = &pg->w[pg->order[l->first]];
	gboolean centered = line_centered(pg, l);
	gboolean item = starts_item(w0->text) && l->n > 1; /* "15)" alone ends a bracket */
	/* a line that ends a sentence short of the margin, then one that starts with a
	 * capital: two items of a list, not one paragraph wrapped */
	gboolean sentence = FALSE;
	if (ps->open && ps->acc.text->len > 0 &&
	    (ps->is_item || ps->last_x1 < pg->right - 1.0f * pg->H)) {
		char last = ps->acc.text->str[ps->acc.text->len - 1];
		sentence = (last == '.' || last == ';' || last == ':' || last == ')') &&
		           g_unichar_isupper(g_utf8_get_char(w0->text));
	}
	gboolean start = !ps->open || centered || ps->centered || item || sentence ||
	                 l->x0 > ps->x0 + INDENT * pg->H ||
	                 ps->last_x1 < pg->right - SHORT_LINE * pg->H ||
	                 l->y0 - ps->last_y0 > PARA_GAP * pg->pitch ||
	                 l->x0 < ps->x0 - 4 * pg->H;
	if (!ps->open && first_para_continues != NULL)
		*first_para_continues = !centered && !item && l->x0 < pg->left + INDENT * pg->H;
	if (start) {
		para_flush(ps, pg, out, FALSE);
		acc_init(&ps->acc);
		ps->open = TRUE;
		ps->centered = centered;
		ps->is_item = item;
		ps->x0 = l->x0;
	} else if (ps->x0 > l->x0) {
		ps->x0 = l->x0; /* the body after an indented first line */
	}
	acc_words(&ps->acc, pg, l->first, l->n, TRUE);
	ps->last_x1 = l->x1;
	ps->last_y0 = l->y0;
}

/* Lines at the top of a page that only finish cells of the table the previous page
 * ended with (a status "hiện" whose "Đang thực" was above the page break): each of
 * their segments lies inside one column, not the first, of that table. Their text goes
 * on in the table's last row. Returns how many lines were taken. */
static guint cut_row_lines(const Page *pg, DocBlock *last)
{
	if (last->type != BLOCK_TABLE || last->table.col_x == NULL || last->table.n_rows == 0)
		return 0;
	DocTable *t = &last->table;
	guint li = 0;
	for (; li < pg->lines->len; li++) {
		const PLine *l = line_at(pg, li);
		if (l->drop)
			continue;
		int at[8];
		if (l->n_segs > G_N_ELEMENTS(at) ||
		    section_heading(pg, l))
			break;
		gboolean fits = TRUE;
		for (guint s = 0; s < l->n_segs && fits; s++) {
			const Seg *sg = seg_at(pg, l->seg_first + s);
			at[s] = -1;
			for (guint c = 1; c < t->n_cols; c++)
				if (sg->x0 >= t->col_x[2 * c] * pg->page->width - pg->H &&
				    sg->x1 <= t->col_x[2 * c + 1] * pg->page->width + pg->H)
					at[s] = (int) c;
			fits = at[s] > 0;
		}
		if (!fits)
			break;
		for (guint s = 0; s < l->n_segs; s++) {
			const Seg *sg = seg_at(pg, l->seg_first + s);
			DocCell *cell = doc_table_cell(t, t->n_rows - 1, (guint) at[s]);
			if (cell == NULL)
				continue;
			Acc a;
			acc_init(&a);
			acc_words(&a, pg, sg->first, sg->n, TRUE);
			DocBlock *para = cell->blocks->len ? cell->blocks->pdata[cell->blocks->len - 1] : NULL;
			if (para != NULL && para->type == BLOCK_PARA) {
				char *joined = g_strconcat(para->para.text, " ", a.text->str, NULL);
				g_free(para->para.text);
				para->para.text = joined;
				para->para.conf = MIN(para->para.conf, a.conf);
				g_string_free(a.text, TRUE);
			} else {
				g_ptr_array_add(cell->blocks, acc_para(&a));
			}
		}
	}
	return li;
}

/* BAOCAO_DEBUG_LAYOUT=1: the lines and segments of each page on stderr. */
static void debug_lines(const Page *pg)
{
	fprintf(stderr, "layout: page %.0f x %.0f, H %.1f, pitch %.1f, text %.0f-%.0f\n",
	        pg->page->width, pg->page->height, pg->H, pg->pitch, pg->left, pg->right);
	for (guint li = 0; li < pg->lines->len; li++) {
		const PLine *l = line_at(pg, li);
		fprintf(stderr, "  y %5.0f-%5.0f%s", l->y0, l->y1, l->drop ? " drop" : "");
		for (guint s = 0; s < l->n_segs; s++) {
			const Seg *sg = seg_at(pg, l->seg_first + s);
			fprintf(stderr, " | %.0f-%.0f:", sg->x0, sg->x1);
			for (guint k = 0; k < sg->n; k++)
				fprintf(stderr, " %s", pg->w[pg->order[sg->first + k]].text);
		}
		fputc('\n', stderr);
	}
}

/* Does table b, first on its page, continue table a, last on the previous page? */
static gboolean table_continues(const DocBlock *a, const DocBlock *b)
{
	return a->type == BLOCK_TABLE && b->type == BLOCK_TABLE && a->table.n_cols > 2 &&
	       a->table.n_cols == b->table.n_cols;
}

/* Is cell (r, c) of t empty? */
static gboolean cell_empty(const DocTable *t, guint r, guint c)
{
	const DocCell *cell = doc_table_cell(t, r, c);
	return cell == NULL || cell->blocks->len == 0;
}

/* The first row of b, whose first cell is empty, is the end of a's last row cut by the
 * page break: its cells' text goes on in a's last row, and the row is dropped from b. */
static void table_join_cut_row(DocTable *ta, DocTable *tb)
{
	if (ta->n_rows == 0 || tb->n_rows == 0 || !cell_empty(tb, 0, 0))
		return;
	for (guint c = 0; c < tb->n_cols; c++) {
		DocCell *from = doc_table_cell(tb, 0, c), *to = doc_table_cell(ta, ta->n_rows - 1, c);
		if (from == NULL || to == NULL || from->row != 0 || from->blocks->len == 0)
			continue;
		g_autofree char *more = doc_cell_text(from);
		for (char *p = more; *p; p++)
			if (*p == '\n')
				*p = ' ';
		DocBlock *para = to->blocks->len ? to->blocks->pdata[to->blocks->len - 1] : NULL;
		if (para != NULL && para->type == BLOCK_PARA) {
			char *joined = g_strconcat(para->para.text, " ", more, NULL);
			g_free(para->para.text);
			para->para.text = joined;
			para->para.conf = MIN(para->para.conf, doc_cell_conf(from));
		} else {
			g_ptr_array_add(to->blocks, doc_block_new_para(PART_BODY, more));
		}
	}
	/* drop row 0 of b: its cells are those whose top row is 0 */
	for (guint i = tb->cells->len; i-- > 0;) {
		DocCell *c = tb->cells->pdata[i];
		if (c->row == 0)
			g_ptr_array_remove_index(tb->cells, i);
		else
			c->row--;
	}
	memmove(tb->grid, tb->grid + tb->n_cols, sizeof(DocCell *) * (tb->n_rows - 1) * tb->n_cols);
	tb->n_rows--;
}

/* Move the rows of b under those of a; b is left empty. */
static void table_append_rows(DocBlock *a, DocBlock *b)
{
	DocTable *ta = &a->table, *tb = &b->table;
	table_join_cut_row(ta, tb);
	guint rows = ta->n_rows + tb->n_rows, nc = ta->n_cols;
	DocCell **grid = g_new0(DocCell *, (gsize) rows * nc);
	memcpy(grid, ta->grid, sizeof(DocCell *) * ta->n_rows * nc);
	memcpy(grid + (gsize) ta->n_rows * nc, tb->grid, sizeof(DocCell *) * tb->n_rows * nc);
	for (guint i = 0; i < tb->cells->len; i++) {
		DocCell *c = tb->cells->pdata[i];
		c->row += ta->n_rows;
		g_ptr_array_add(ta->cells, c);
	}
	g_ptr_array_set_free_func(tb->cells, NULL);
	g_ptr_array_set_size(tb->cells, 0);
	g_free(ta->grid);
	ta->grid = grid;
	ta->n_rows = rows;
}

void layout_append_page(Doc *doc, const LayoutPage *p)
{
	if (p->words->len == 0)
		return;
	Page pg = { .page = p };
	page_build_lines(&pg);

	if (g_getenv("BAOCAO_DEBUG_LAYOUT"))
		debug_lines(&pg);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify) doc_block_free);
	ParaState ps = { 0 };
	gboolean first_continues = FALSE, first_seen = FALSE;
	guint li0 = doc->body->len ? cut_row_lines(&pg, doc->body->pdata[doc->body->len - 1]) : 0;
	first_seen = li0 > 0;
	for (guint li = li0; li < pg.lines->len;) {
		const PLine *l = line_at(&pg, li);
		if (l->drop) {
			li++;
			continue;
		}
		gboolean continuing = !first_seen && doc->body->len > 0 &&
		                      ((DocBlock *) doc->body->pdata[doc->body->len - 1])->type == BLOCK_TABLE &&
		                      ((DocBlock *) doc->body->pdata[doc->body->len - 1])->table.n_cols > 2;
		guint end = l->n_segs >= 2 ? table_end(&pg, li, continuing) : li;
		if (end > li) {
			para_flush(&ps, &pg, out, FALSE);
			const DocBlock *last = doc->body->len ? doc->body->pdata[doc->body->len - 1] : NULL;
			emit_table(&pg, li, end, continuing ? &last->table : NULL, out);
			first_seen = TRUE;
			li = end;
			continue;
		}
		para_line(&ps, &pg, l, out, first_seen ? NULL : &first_continues);
		first_seen = TRUE;
		li++;
	}
	para_flush(&ps, &pg, out, TRUE);

	/* a paragraph cut by the page break goes on where it stopped; so does a table whose
	 * rows carry on at the top of the next page */
	guint start = 0;
	if (out->len > 0 && doc->body->len > 0 &&
	    table_continues(doc->body->pdata[doc->body->len - 1], out->pdata[0])) {
		table_append_rows(doc->body->pdata[doc->body->len - 1], out->pdata[0]);
		start = 1;
	} else if (first_continues && out->len > 0 && doc->body->len > 0) {
		DocBlock *prev = doc->body->pdata[doc->body->len - 1];
		DocBlock *next = out->pdata[0];
		if (prev->type == BLOCK_PARA && prev->para.runs_on && next->type == BLOCK_PARA &&
		    !next->para.centered) {
			char *joined = g_strconcat(prev->para.text, " ", next->para.text, NULL);
			g_free(prev->para.text);
			prev->para.text = joined;
			prev->para.conf = MIN(prev->para.conf, next->para.conf);
			prev->para.runs_on = next->para.runs_on;
			start = 1;
		}
	}
	for (guint i = start; i < out->len; i++)
		g_ptr_array_add(doc->body, out->pdata[i]);
	/* the blocks now belong to doc->body */
	g_ptr_array_set_free_func(out, NULL);
	if (start == 1)
		doc_block_free(out->pdata[0]);

	g_free(pg.order);
	g_array_unref(pg.lines);
	g_array_unref(pg.segs);
}
