/*
 * fuzz_layout.c - libFuzzer target: layout.c's rebuilding of paragraphs and tables from
 * words with boxes, as a PDF text layer or OCR hands them over, on any words anywhere.
 *
 * The input is read as pages of words. Each word is 10 bytes of geometry and confidence
 * then its text: x, y, width, height (16-bit each, so words can overlap, touch, be empty
 * or sit off the page), confidence and flags (1 byte each), a length byte and that many
 * bytes of text (invalid UTF-8 is made valid, as readers do). A flags byte with bit 7 set
 * starts a new page; bit 6 adds a horizontal rule, bit 5 a vertical rule at the word.
 * Every page goes through layout_append_page(); the Doc is then viewed as lines
 * (docview.c) and as text, and its tables must be well formed.
 */
#include <stdint.h>
#include <string.h>
#include "docview.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static guint16 u16(const uint8_t *p)
{
	return (guint16) (p[0] | (p[1] << 8));
}

static void check_tables(const GPtrArray *blocks)
{
	for (guint i = 0; i < blocks->len; i++) {
		const DocBlock *b = blocks->pdata[i];
		if (b->type != BLOCK_TABLE)
			continue;
		const DocTable *t = &b->table;
		for (guint r = 0; r < t->n_rows; r++)
			for (guint c = 0; c < t->n_cols; c++) {
				const DocCell *cell = doc_table_cell(t, r, c);
				if (cell == NULL || cell->row > r || cell->col > c ||
				    cell->col + cell->colspan <= c)
					__builtin_trap();
				check_tables(cell->blocks);
			}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Doc *doc = doc_new("pdf");
	LayoutPage *page = layout_page_new(2480, 3508);
	guint pages = 0;
	size_t i = 0;
	while (i + 11 <= size && pages < 8) {
		const uint8_t *p = data + i;
		float x = u16(p), y = u16(p + 2), w = u16(p + 4) % 2000, h = u16(p + 6) % 400;
		float conf = p[8] / 255.0f;
		uint8_t flags = p[9], len = p[10];
		i += 11;
		if (len > size - i)
			len = (uint8_t) (size - i);
		char *text = g_utf8_make_valid((const char *) data + i, len);
		i += len;
		if (flags & 0x80) {
			layout_append_page(doc, page);
			layout_page_free(page);
			page = layout_page_new(2480, 3508);
			pages++;
		}
		if (flags & 0x40) {
			float ry = y + h;
			g_array_append_val(page->rules, ry);
		}
		if (flags & 0x20) {
			LayoutRule r = { x, y, y + h * 8 };
			g_array_append_val(page->vrules, r);
		}
		layout_page_add(page, text, x, y, x + w, y + h, conf, flags & 1);
		g_free(text);
	}
	layout_append_page(doc, page);
	layout_page_free(page);
	check_tables(doc->body);
	DocView *v = docview_new(doc);
	docview_free(v);
	char *txt = doc_to_text(doc);
	if (!g_utf8_validate(txt, -1, NULL))
		__builtin_trap();
	g_free(txt);
	doc_free(doc);
	return 0;
}
