/*
 * read.c - stage 2, the front door: what is this file, and who reads it.
 *
 * read_sniff() looks only at bytes: magic numbers, and for zip files the names in the
 * central directory (or, when a truncated zip has none, in the local headers), never
 * inflating anything. The file name is used only where bytes cannot decide (a Word
 * owner file). read_document() then takes the reader from one table, readers[]: a new
 * format adds its file and one row. Every zip-based type goes through docx_read(),
 * whose container checks (bomb caps, DTD scan, path checks) run before it refuses a
 * package that holds no Word document, so a hostile XLSX is reported as hostile and
 * not merely as unsupported. Old OLE2 compound files get a short directory walk to tell
 * an encrypted OOXML package from a Word 97-2003 document.
 */
#include "read.h"

#include <string.h>

G_DEFINE_QUARK(baocao-read-error-quark, read_error)

const char *file_type_name(FileType t)
{
	switch (t) {
	case FT_EMPTY: return "empty";
	case FT_DOCX: return "docx";
	case FT_XLSX: return "xlsx";
	case FT_PPTX: return "pptx";
	case FT_ODF: return "odf";
	case FT_ZIP: return "zip";
	case FT_OLE: return "ole";
	case FT_PDF: return "pdf";
	case FT_PNG: return "png";
	case FT_JPEG: return "jpeg";
	case FT_TIFF: return "tiff";
	case FT_RTF: return "rtf";
	case FT_HTML: return "html";
	case FT_EML: return "eml";
	case FT_TEXT: return "text";
	case FT_OWNER_FILE: return "owner-file";
	case FT_ARCHIVE: return "archive";
	case FT_UNKNOWN: return "unknown";
	}
	return "unknown";
}

/* ------------------------------------------------------------------------------------
 * Little-endian field access, bounds checked by the callers.
 * ---------------------------------------------------------------------------------- */

static guint16 le16(const guint8 *p)
{
	return (guint16) (p[0] | (p[1] << 8));
}

static guint32 le32(const guint8 *p)
{
	return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) |
	       ((guint32) p[3] << 24);
}

static guint64 le64(const guint8 *p)
{
	return (guint64) le32(p) | ((guint64) le32(p + 4) << 32);
}

/* memmem() without _GNU_SOURCE. */
static const guint8 *bytes_find(const guint8 *hay, gsize len, const void *needle, gsize n)
{
	const guint8 *p = hay, *end = hay + len;
	while (n > 0 && (gsize) (end - p) >= n) {
		const guint8 *q = memchr(p, *(const guint8 *) needle, (gsize) (end - p) - n + 1);
		if (q == NULL)
			return NULL;
		if (memcmp(q, needle, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

static gboolean has_prefix(const guint8 *data, gsize len, const char *magic, gsize n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* ------------------------------------------------------------------------------------
 * Zip: names from the central directory, or from local headers when it is missing.
 * ---------------------------------------------------------------------------------- */

typedef struct {
	gboolean content_types, rels, word, xl, ppt, mimetype;
	guint names;
} ZipNames;

static void zip_names_note(ZipNames *z, const guint8 *name, gsize n)
{
	z->names++;
	if (n == 19 && g_ascii_strncasecmp((const char *) name, "[Content_Types].xml", 19) == 0)
		z->content_types = TRUE;
	else if (n == 11 && g_ascii_strncasecmp((const char *) name, "_rels/.rels", 11) == 0)
		z->rels = TRUE;
	else if (n == 8 && memcmp(name, "mimetype", 8) == 0)
		z->mimetype = TRUE;
	else if (n > 5 && g_ascii_strncasecmp((const char *) name, "word/", 5) == 0)
		z->word = TRUE;
	else if (n > 3 && g_ascii_strncasecmp((const char *) name, "xl/", 3) == 0)
		z->xl = TRUE;
	else if (n > 4 && g_ascii_strncasecmp((const char *) name, "ppt/", 4) == 0)
		z->ppt = TRUE;
}

/* Offset of the end-of-central-directory record, or -1. */
static gssize zip_find_eocd(const guint8 *data, gsize len)
{
	if (len < 22)
		return -1;
	gsize lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (gsize i = len - 22 + 1; i-- > lowest;)
		if (data[i] == 'P' && memcmp(data + i, "PK\5\6", 4) == 0)
			return (gssize) i;
	return -1;
}

static gboolean zip_scan_central(const guint8 *data, gsize len, ZipNames *z)
{
	gssize e = zip_find_eocd(data, len);
	if (e < 0)
		return FALSE;
	guint64 cd_size = le32(data + e + 12), cd_off = le32(data + e + 16);
	if (cd_off == 0xFFFFFFFFu && e >= 20 && memcmp(data + e - 20, "PK\6\7", 4) == 0) {
		guint64 z64 = le64(data + e - 20 + 8);
		if (z64 > len || len - z64 < 56 || memcmp(data + z64, "PK\6\6", 4) != 0)
			return FALSE;
		cd_size = le64(data + z64 + 40);
		cd_off = le64(data + z64 + 48);
	}
	if (cd_off > len || cd_size > len - cd_off)
		return FALSE;
	guint64 p = cd_off, end = cd_off + cd_size;
	while (p + 46 <= end && z->names < READ_MAX_ZIP_ENTRIES) {
		if (memcmp(data + p, "PK\1\2", 4) != 0)
			break;
		guint64 n = le16(data + p + 28), extra = le16(data + p + 30),
		        comment = le16(data + p + 32);
		if (p + 46 + n > end)
			break;
		zip_names_note(z, data + p + 46, n);
		p += 46 + n + extra + comment;
	}
	return z->names > 0;
}

/* A zip whose end is cut off still has its local headers: good enough to sniff. */
static void zip_scan_local(const guint8 *data, gsize len, ZipNames *z)
{
	gsize p = 0;
	while (p + 30 <= len && z->names < 256) {
		const guint8 *hit = bytes_find(data + p, len - p, "PK\3\4", 4);
		if (hit == NULL)
			break;
		p = (gsize) (hit - data);
		if (p + 30 > len)
			break;
		gsize n = le16(data + p + 26);
		if (p + 30 + n > len)
			break;
		zip_names_note(z, data + p + 30, n);
		p += 30 + n;
	}
}

static FileType sniff_zip(const guint8 *data, gsize len)
{
	ZipNames z = { 0 };
	if (!zip_scan_central(data, len, &z))
		zip_scan_local(data, len, &z);
	if (z.word && (z.content_types || z.rels))
		return FT_DOCX;
	if (z.xl && z.content_types)
		return FT_XLSX;
	if (z.ppt && z.content_types)
		return FT_PPTX;
	if (z.mimetype)
		return FT_ODF;
	return FT_ZIP;
}

/* ------------------------------------------------------------------------------------
 * Text-like files: HTML, e-mail, plain text.
 * ---------------------------------------------------------------------------------- */

#define SNIFF_HEAD 4096

/* The first bytes as lower-case ASCII-ish text: BOM dropped, UTF-16 narrowed. */
static char *text_head(const guint8 *data, gsize len)
{
	gsize n = MIN(len, (gsize) SNIFF_HEAD);
	GString *s = g_string_sized_new(n);
	if (n >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
		gboolean le = data[0] == 0xFF;
		for (gsize i = 2; i + 1 < n; i += 2) {
			guint16 u = le ? le16(data + i) : (guint16) ((data[i] << 8) | data[i + 1]);
			g_string_append_c(s, u < 0x80 ? g_ascii_tolower((char) u) : '?');
		}
	} else {
		gsize i = has_prefix(data, n, "\xEF\xBB\xBF", 3) ? 3 : 0;
		for (; i < n; i++)
			g_string_append_c(s, data[i] == 0 ? '\1' : g_ascii_tolower((char) data[i]));
	}
	return g_string_free(s, FALSE);
}

static gboolean looks_html(const char *head)
{
	const char *p = head;
	/* Skip white space, an XML declaration, comments and a doctype. */
	for (int guard = 0; guard < 16; guard++) {
		while (g_ascii_isspace(*p))
			p++;
		if (g_str_has_prefix(p, "<!doctype html"))
			return TRUE;
		if (g_str_has_prefix(p, "<?xml") || g_str_has_prefix(p, "<!--") ||
		    g_str_has_prefix(p, "<!doctype")) {
			const char *end = strchr(p, '>');
			if (end == NULL)
				return FALSE;
			p = end + 1;
			continue;
		}
		break;
	}
	static const char *const tags[] = { "<html", "<head", "<body", "<meta", "<title" };
	for (gsize i = 0; i < G_N_ELEMENTS(tags); i++)
		if (g_str_has_prefix(p, tags[i]))
			return TRUE;
	return FALSE;
}

/* Mail headers: the first line is a header (or an mbox "From " line) and at least two
 * well-known header names open lines before the first empty line. */
static gboolean looks_eml(const char *head)
{
	static const char *const names[] = {
		"from:", "to:", "subject:", "date:", "received:", "return-path:", "message-id:",
		"mime-version:", "delivered-to:", "content-type:", "reply-to:", "cc:",
	};
	const char *p = head;
	if (!g_str_has_prefix(p, "from ")) {
		const char *q = p;
		while (g_ascii_isalnum(*q) || *q == '-')
			q++;
		if (q == p || *q != ':')
			return FALSE;
	}
	guint known = 0;
	while (*p != '\0') {
		if (*p == '\r' || *p == '\n')
			break;  /* empty line: end of the header block */
		for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
			if (g_str_has_prefix(p, names[i])) {
				known++;
				break;
			}
		const char *nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return known >= 2;
}

/* Plain text: no NUL or other control bytes, valid UTF-8 apart from a cut last
 * character, and enough of it to be a document (a 3-byte "pdf" is not). */
static gboolean looks_text(const guint8 *data, gsize len)
{
	gsize n = MIN(len, (gsize) SNIFF_HEAD), visible = 0;
	for (gsize i = 0; i < n; i++) {
		guint8 c = data[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return FALSE;
		if (!g_ascii_isspace(c))
			visible++;
	}
	const char *end = NULL;
	if (!g_utf8_validate((const char *) data, (gssize) n, &end)) {
		/* Only a character cut by the end of the window is forgiven. */
		gsize good = (gsize) ((const guint8 *) end - data);
		if (n == len || n - good >= 4)
			return FALSE;
	}
	return visible >= 16;
}

/* ------------------------------------------------------------------------------------
 * Word owner file ("~$name.docx"): one byte of name length, the ANSI user name padded
 * to 54 bytes, then a 16-bit length and the same name in UTF-16LE; 162 bytes in all.
 * ---------------------------------------------------------------------------------- */

static gboolean looks_owner_file(const guint8 *data, gsize len, const char *name)
{
	if (len >= 56 && len <= 1024) {
		guint n = data[0];
		if (n >= 1 && n <= 53 && len >= 56 + 2 * (gsize) n && le16(data + 54) == n) {
			gboolean same = TRUE;
			for (guint i = 0; i < n && same; i++) {
				guint8 a = data[1 + i];
				guint16 u = le16(data + 56 + 2 * i);
				same = a >= 0x20 && (a >= 0x80 || u == a);
			}
			if (same)
				return TRUE;
		}
	}
	if (name != NULL && len <= 1024) {
		const char *base = strrchr(name, '/');
		base = base != NULL ? base + 1 : name;
		return g_str_has_prefix(base, "~$");
	}
	return FALSE;
}

/* ------------------------------------------------------------------------------------
 * Sniffing
 * ---------------------------------------------------------------------------------- */

static gboolean all_space(const guint8 *data, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if (!g_ascii_isspace(data[i]))
			return FALSE;
	return TRUE;
}

FileType read_sniff(const guint8 *data, gsize len, const char *name)
{
	if (data == NULL || len == 0 || all_space(data, len))
		return FT_EMPTY;
	if (has_prefix(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return FT_OLE;
	if (has_prefix(data, len, "PK\3\4", 4) || has_prefix(data, len, "PK\5\6", 4) ||
	    has_prefix(data, len, "PK\7\x08", 4))
		return sniff_zip(data, len);
	if (bytes_find(data, MIN(len, (gsize) 1024), "%PDF-", 5) != NULL)
		return FT_PDF;
	if (has_prefix(data, len, "\x89PNG\r\n\x1A\n", 8))
		return FT_PNG;
	if (has_prefix(data, len, "\xFF\xD8\xFF", 3))
		return FT_JPEG;
	if (has_prefix(data, len, "II*\0", 4) || has_prefix(data, len, "MM\0*", 4))
		return FT_TIFF;
	if (has_prefix(data, len, "{\\rtf", 5))
		return FT_RTF;
	if (has_prefix(data, len, "7z\xBC\xAF\x27\x1C", 6) || has_prefix(data, len, "Rar!\x1A\x07", 6) ||
	    has_prefix(data, len, "\x1F\x8B", 2))
		return FT_ARCHIVE;
	if (looks_owner_file(data, len, name))
		return FT_OWNER_FILE;

	g_autofree char *head = text_head(data, len);
	if (looks_html(head))
		return FT_HTML;
	if (looks_eml(head))
		return FT_EML;
	if (has_prefix(data, len, "\xFF\xFE", 2) || has_prefix(data, len, "\xFE\xFF", 2))
		return FT_TEXT;
	if (looks_text(data, len))
		return FT_TEXT;
	return FT_UNKNOWN;
}

/* ------------------------------------------------------------------------------------
 * OLE2 compound files: walk the directory for the stream names.
 * ---------------------------------------------------------------------------------- */

enum {
	OLE_WORD = 1 << 0,
	OLE_EXCEL = 1 << 1,
	OLE_POWERPOINT = 1 << 2,
	OLE_ENCRYPTED = 1 << 3,
};

#define OLE_END 0xFFFFFFFEu

typedef struct {
	const guint8 *data;
	gsize len;
	guint shift;
	GArray *difat;  /* guint32: the sectors holding the FAT */
} OleFile;

static const guint8 *ole_sector(const OleFile *o, guint32 s)
{
	guint64 off = ((guint64) s + 1) << o->shift;
	if (s >= 0xFFFFFFFAu || off > o->len || o->len - off < ((guint64) 1 << o->shift))
		return NULL;
	return o->data + off;
}

static guint32 ole_next(const OleFile *o, guint32 s)
{
	guint per = (1u << o->shift) / 4;
	guint32 idx = s / per;
	if (idx >= o->difat->len)
		return OLE_END;
	const guint8 *fat = ole_sector(o, g_array_index(o->difat, guint32, idx));
	return fat != NULL ? le32(fat + 4 * (s % per)) : OLE_END;
}

static guint ole_name_flags(const guint8 *entry)
{
	static const struct { const char *name; guint flag; } known[] = {
		{ "WordDocument", OLE_WORD }, { "Workbook", OLE_EXCEL }, { "Book", OLE_EXCEL },
		{ "PowerPoint Document", OLE_POWERPOINT }, { "EncryptionInfo", OLE_ENCRYPTED },
		{ "EncryptedPackage", OLE_ENCRYPTED },
	};
	char name[33];
	guint n = MIN(le16(entry + 64) / 2u, 32u), i;
	for (i = 0; i < n; i++) {
		guint16 u = le16(entry + 2 * i);
		if (u == 0)
			break;
		name[i] = u < 0x80 ? (char) u : '?';
	}
	name[i] = '\0';
	for (gsize k = 0; k < G_N_ELEMENTS(known); k++)
		if (strcmp(name, known[k].name) == 0)
			return known[k].flag;
	return 0;
}

/* Flags of the streams found; -1 when the header or directory chain is unusable. */
static int ole_streams(const guint8 *data, gsize len)
{
	if (len < 512)
		return -1;
	OleFile o = { data, len, le16(data + 0x1E), NULL };
	if (o.shift != 9 && o.shift != 12)
		return -1;
	guint64 n_sectors = (len >> o.shift);
	g_autoptr(GArray) difat = g_array_new(FALSE, FALSE, sizeof(guint32));
	o.difat = difat;
	for (guint i = 0; i < 109; i++) {
		guint32 s = le32(data + 0x4C + 4 * i);
		if (s >= 0xFFFFFFFAu)
			break;
		g_array_append_val(difat, s);
	}
	guint32 ds = le32(data + 0x44);
	guint per = (1u << o.shift) / 4;
	for (guint64 steps = 0; ds < 0xFFFFFFFAu && steps < n_sectors; steps++) {
		const guint8 *sec = ole_sector(&o, ds);
		if (sec == NULL)
			break;
		for (guint i = 0; i + 1 < per; i++) {
			guint32 s = le32(sec + 4 * i);
			if (s < 0xFFFFFFFAu)
				g_array_append_val(difat, s);
		}
		ds = le32(sec + 4 * (per - 1));
	}
	int flags = 0;
	gboolean any = FALSE;
	guint32 s = le32(data + 0x30);
	for (guint64 steps = 0; s < 0xFFFFFFFAu && steps < n_sectors; steps++) {
		const guint8 *sec = ole_sector(&o, s);
		if (sec == NULL)
			break;
		any = TRUE;
		for (guint off = 0; off + 128 <= (1u << o.shift); off += 128)
			flags |= (int) ole_name_flags(sec + off);
		s = ole_next(&o, s);
	}
	return any ? flags : -1;
}

static gboolean utf16_search(const guint8 *data, gsize len, const char *ascii)
{
	gsize n = strlen(ascii);
	g_autofree guint8 *pat = g_malloc(2 * n);
	for (gsize i = 0; i < n; i++) {
		pat[2 * i] = (guint8) ascii[i];
		pat[2 * i + 1] = 0;
	}
	return bytes_find(data, len, pat, 2 * n) != NULL;
}

/* An OLE2 compound file: an encrypted Office package, a legacy Excel or PowerPoint file
 * (refused, named), or a Word 97-2003 document (doc_read). */
static Doc *ole_read(const guint8 *data, gsize len, GError **error)
{
	int flags = ole_streams(data, len);
	if (flags < 0)  /* broken directory: fall back to a plain search for the name */
		flags = utf16_search(data, len, "EncryptionInfo") ? OLE_ENCRYPTED : OLE_WORD;
	if (flags & OLE_ENCRYPTED)
		g_set_error(error, READ_ERROR, READ_ERR_ENCRYPTED, "password-protected Office document");
	else if ((flags & OLE_EXCEL) && !(flags & OLE_WORD))
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "legacy Excel 97-2003 binary (.xls) files are not read; save the workbook as .xlsx");
	else if ((flags & OLE_POWERPOINT) && !(flags & OLE_WORD))
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
		            "legacy PowerPoint 97-2003 binary (.ppt) files are not read");
	else
		return doc_read(data, len, error);
	return NULL;
}

/* ------------------------------------------------------------------------------------
 * The reader table
 * ---------------------------------------------------------------------------------- */

typedef Doc *(*ReaderFn)(const guint8 *data, gsize len, GError **error);

struct reader {
	FileType type;
	ReaderFn read;        /* NULL: refused with code and message */
	ReadErrorCode code;
	const char *message;
};

static const struct reader readers[] = {
	{ FT_DOCX, docx_read, 0, NULL },
	{ FT_XLSX, sheet_read, 0, NULL },
	{ FT_ODF, odt_read, 0, NULL },
	/* Zip-based types without a reader of their own: docx_read vets the container
	 * (caps, DTDs) and then refuses them as unsupported, naming what they are. */
	{ FT_PPTX, docx_read, 0, NULL },
	{ FT_ZIP, docx_read, 0, NULL },
	{ FT_OLE, ole_read, 0, NULL },
	{ FT_EMPTY, NULL, READ_ERR_EMPTY, "file is empty" },
	{ FT_PDF, pdf_read, 0, NULL },
	{ FT_PNG, image_read, 0, NULL },
	{ FT_JPEG, image_read, 0, NULL },
	{ FT_TIFF, image_read, 0, NULL },
	{ FT_RTF, rtf_read, 0, NULL },
	{ FT_HTML, html_read, 0, NULL },
	{ FT_EML, NULL, READ_ERR_UNSUPPORTED, "e-mail messages are not read as documents" },
	{ FT_TEXT, NULL, READ_ERR_UNSUPPORTED, "plain text files are not read yet" },
	{ FT_OWNER_FILE, NULL, READ_ERR_UNSUPPORTED, "Word owner (lock) file, not a document" },
	/* no Debian library we would trust with hostile input unpacks these (libarchive's
	 * RAR and 7-Zip readers have a long CVE history); units can send a .zip */
	{ FT_ARCHIVE, NULL, READ_ERR_UNSUPPORTED,
	  "7-Zip, RAR and gzip archives are not unpacked; send the files themselves or a .zip" },
};

Doc *read_document(const guint8 *data, gsize len, const char *name, FileType *type_out,
                   GError **error)
{
	FileType t = read_sniff(data, len, name);
	if (type_out != NULL)
		*type_out = t;
	if (len > READ_MAX_FILE_BYTES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "file is %" G_GSIZE_FORMAT
		            " MB, over the %u MB cap", len >> 20, READ_MAX_FILE_BYTES >> 20);
		return NULL;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(readers); i++) {
		const struct reader *r = &readers[i];
		if (r->type != t)
			continue;
		if (r->read == NULL) {
			g_set_error_literal(error, READ_ERROR, r->code, r->message);
			return NULL;
		}
		Doc *doc = r->read(data, len, error);
		/* A plain zip that turns out to hold a Word package was a DOCX after all. */
		if (doc != NULL && type_out != NULL && t == FT_ZIP)
			*type_out = FT_DOCX;
		return doc;
	}
	g_autoptr(GString) start = g_string_new(NULL);
	for (gsize i = 0; i < MIN(len, (gsize) 8); i++)
		g_string_append_printf(start, "%s%02x", i ? " " : "", data[i]);
	g_set_error(error, READ_ERROR, READ_ERR_UNKNOWN,
	            "unknown file type (first bytes %s)", start->str);
	return NULL;
}
