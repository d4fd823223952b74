/*
 * package.c - a received zip, vetted once: the container under every zip-based reader
 * (DOCX, ODT, XLSX, ODS) and the archives dropped in the inbox.
 *
 * package_open() applies every cap that needs no inflation (entry count, declared sizes,
 * compression ratio) and notes each entry whose name is unsafe or repeated;
 * package_inflate() counts the bytes really inflated against the caps, never the sizes
 * the zip declares; package_scan_dtd() refuses a package with a DTD or an entity
 * declaration in the head of any XML part, before any part is parsed. Unsafe names are
 * never followed: asking for the part that such a name would be taken for is refused.
 */
#include "package.h"

#include <string.h>

#include "read.h"

struct package {
	zip_t *zip;
	GArray *entries;        /* PackageEntry */
	GHashTable *by_name;    /* lower-case name -> position in entries + 1 */
	GHashTable *by_odd;     /* what an unsafe name would be taken for -> its position + 1 */
	guint64 inflated;       /* bytes inflated so far, every part */
};

void package_free(Package *pkg)
{
	if (pkg == NULL)
		return;
	if (pkg->zip != NULL)
		zip_discard(pkg->zip);
	if (pkg->entries != NULL) {
		for (guint i = 0; i < pkg->entries->len; i++)
			g_free(g_array_index(pkg->entries, PackageEntry, i).name);
		g_array_unref(pkg->entries);
	}
	if (pkg->by_name != NULL)
		g_hash_table_unref(pkg->by_name);
	if (pkg->by_odd != NULL)
		g_hash_table_unref(pkg->by_odd);
	g_free(pkg);
}

/* "546 GB", "2.5 MB", "7448 bytes": decimal units, for messages. */
char *package_size_text(guint64 n)
{
	if (n >= 10000000000ull)
		return g_strdup_printf("%" G_GUINT64_FORMAT " GB", (n + 500000000) / 1000000000);
	if (n >= 1000000000ull)
		return g_strdup_printf("%.1f GB", (double) n / 1e9);
	if (n >= 10000000ull)
		return g_strdup_printf("%" G_GUINT64_FORMAT " MB", (n + 500000) / 1000000);
	if (n >= 1000000ull)
		return g_strdup_printf("%.1f MB", (double) n / 1e6);
	return g_strdup_printf("%" G_GUINT64_FORMAT " bytes", n);
}

gboolean package_name_is_odd(const char *n)
{
	return n[0] == '/' || strchr(n, '\\') != NULL || strstr(n, "..") != NULL ||
	       (g_ascii_isalpha(n[0]) && n[1] == ':');
}

gboolean package_name_is_xml(const char *n)
{
	gsize len = strlen(n);
	return (len >= 4 && g_ascii_strcasecmp(n + len - 4, ".xml") == 0) ||
	       (len >= 5 && g_ascii_strcasecmp(n + len - 5, ".rels") == 0);
}

static void package_open_error(GError **error, const guint8 *data, gsize len, int ze)
{
	switch (ze) {
	case ZIP_ER_NOZIP:
		if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
			g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED,
			            "truncated zip: end of central directory not found");
		else
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "not a zip archive");
		break;
	case ZIP_ER_INCONS:
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
		            "inconsistent zip archive: central directory does not match the entries");
		break;
	case ZIP_ER_MULTIDISK:
		g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED, "multi-volume zip archive");
		break;
	case ZIP_ER_MEMORY:
		g_set_error(error, READ_ERROR, READ_ERR_LIMIT, "out of memory opening the zip");
		break;
	default: {
		zip_error_t ze2;
		zip_error_init_with_code(&ze2, ze);
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "cannot open zip: %s",
		            zip_error_strerror(&ze2));
		zip_error_fini(&ze2);
		break;
	}
	}
}

/* What an unsafe entry name would be taken for by a lenient unzipper: backslashes as
 * slashes, no drive letter, no leading slash, ".." that climbs out dropped. */
static char *odd_name_target(const char *name)
{
	g_autofree char *s = g_strdelimit(g_strdup(name), "\\", '/');
	const char *p = s;
	if (g_ascii_isalpha(p[0]) && p[1] == ':')
		p += 2;
	g_auto(GStrv) parts = g_strsplit(p, "/", -1);
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; parts[i] != NULL; i++) {
		if (parts[i][0] == '\0' || strcmp(parts[i], ".") == 0)
			continue;
		if (strcmp(parts[i], "..") == 0) {
			if (out->len > 0)
				g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		g_ptr_array_add(out, parts[i]);
	}
	g_ptr_array_add(out, NULL);
	char *res = g_strjoinv("/", (char **) out->pdata);
	g_ptr_array_free(out, TRUE);
	return res;
}

/* Open the zip and apply every cap that needs no inflation. */
Package *package_open(const guint8 *data, gsize len, GError **error)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		g_set_error(error, READ_ERROR, READ_ERR_LIMIT, "cannot wrap the file for libzip");
		return NULL;
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (za == NULL) {
		package_open_error(error, data, len, zip_error_code_zip(&ze));
		zip_error_fini(&ze);
		zip_source_free(src);
		return NULL;
	}
	zip_error_fini(&ze);

	g_autoptr(Package) pkg = g_new0(Package, 1);
	pkg->zip = za;
	pkg->entries = g_array_new(FALSE, TRUE, sizeof(PackageEntry));
	pkg->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	pkg->by_odd = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n < 0 || (guint64) n > READ_MAX_ZIP_ENTRIES) {
		g_set_error(error, READ_ERROR, READ_ERR_BOMB, "zip has %" G_GINT64_FORMAT
		            " entries, over the %u cap", (gint64) n, READ_MAX_ZIP_ENTRIES);
		return NULL;
	}
	/* The total is reported first (it says most about a bomb), then the first entry
	 * over the part or ratio cap. */
	guint64 total = 0;
	g_autoptr(GError) entry_error = NULL;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t) i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT,
			            "zip entry %" G_GINT64_FORMAT " has no readable header", (gint64) i);
			return NULL;
		}
		PackageEntry e = { 0 };
		e.name = g_strdup(st.name);
		e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
		e.csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
		e.index = (zip_uint64_t) i;
		e.odd = package_name_is_odd(e.name);
		g_array_append_val(pkg->entries, e);
		total = total > G_MAXUINT64 - e.size ? G_MAXUINT64 : total + e.size;

		if (entry_error == NULL && package_name_is_xml(e.name) && e.size > READ_MAX_PART_BYTES) {
			g_autofree char *sz = package_size_text(e.size);
			g_set_error(&entry_error, READ_ERROR, READ_ERR_BOMB,
			            "zip entry '%s' declares %s, over the %u MB cap", e.name, sz,
			            READ_MAX_PART_BYTES >> 20);
		}
		if (entry_error == NULL && e.size > PACKAGE_RATIO_MIN_BYTES &&
		    e.size / READ_MAX_RATIO > e.csize) {
			g_autofree char *sz = package_size_text(e.size);
			g_set_error(&entry_error, READ_ERROR, READ_ERR_BOMB,
			            "zip entry '%s' inflates %" G_GUINT64_FORMAT " times (%" G_GUINT64_FORMAT
			            " bytes to %s), over the %u ratio cap", e.name,
			            e.csize ? e.size / e.csize : e.size, e.csize, sz, READ_MAX_RATIO);
		}
		char *key = g_ascii_strdown(e.name, -1);
		gpointer prev = g_hash_table_lookup(pkg->by_name, key);
		if (prev != NULL) {
			g_array_index(pkg->entries, PackageEntry, GPOINTER_TO_UINT(prev) - 1).dup = TRUE;
			g_array_index(pkg->entries, PackageEntry, pkg->entries->len - 1).dup = TRUE;
			g_free(key);
		} else {
			g_hash_table_insert(pkg->by_name, key, GUINT_TO_POINTER(pkg->entries->len));
		}
		if (e.odd) {
			char *target = odd_name_target(e.name);
			char *lower = g_ascii_strdown(target, -1);
			g_free(target);
			if (g_hash_table_contains(pkg->by_odd, lower))
				g_free(lower);
			else
				g_hash_table_insert(pkg->by_odd, lower, GUINT_TO_POINTER(pkg->entries->len));
		}
	}
	if (total > READ_MAX_TOTAL_BYTES) {
		g_autofree char *sz = package_size_text(total);
		g_set_error(error, READ_ERROR, READ_ERR_BOMB,
		            "zip declares %s uncompressed in %" G_GINT64_FORMAT
		            " entries, over the %u MB cap", sz, (gint64) n, READ_MAX_TOTAL_BYTES >> 20);
		return NULL;
	}
	if (entry_error != NULL) {
		g_propagate_error(error, g_steal_pointer(&entry_error));
		return NULL;
	}
	return g_steal_pointer(&pkg);
}

/* "a/b/../c" -> "a/c"; NULL when ".." climbs out of the package. */
char *package_path_normalize(const char *path)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	GPtrArray *out = g_ptr_array_new();
	gboolean ok = TRUE;
	for (guint i = 0; parts[i] != NULL; i++) {
		if (parts[i][0] == '\0' || strcmp(parts[i], ".") == 0)
			continue;
		if (strcmp(parts[i], "..") == 0) {
			if (out->len == 0) {
				ok = FALSE;
				break;
			}
			g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		g_ptr_array_add(out, parts[i]);
	}
	g_ptr_array_add(out, NULL);
	char *res = ok ? g_strjoinv("/", (char **) out->pdata) : NULL;
	g_ptr_array_free(out, TRUE);
	return res;
}

/* The entry named name (a normalised part name), or NULL with error unset when the
 * package has none; NULL with error set when only an unsafe or ambiguous entry matches. */
const PackageEntry *package_find(Package *pkg, const char *name, GError **error)
{
	g_autofree char *key = g_ascii_strdown(name, -1);
	gpointer pos = g_hash_table_lookup(pkg->by_name, key);
	if (pos != NULL) {
		const PackageEntry *e = &g_array_index(pkg->entries, PackageEntry, GPOINTER_TO_UINT(pos) - 1);
		if (e->dup) {
			g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
			            "zip has two entries named '%s'", e->name);
			return NULL;
		}
		return e;
	}
	/* An unsafe name that would stand for this part is refused, not followed. */
	pos = g_hash_table_lookup(pkg->by_odd, key);
	if (pos != NULL) {
		const PackageEntry *e = &g_array_index(pkg->entries, PackageEntry, GPOINTER_TO_UINT(pos) - 1);
		g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
		            "zip entry name '%s' is not a safe path", e->name);
	}
	return NULL;
}

static void package_inflate_error(GError **error, zip_file_t *zf, const char *name)
{
	zip_error_t *ze = zip_file_get_error(zf);
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_CRC:
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "CRC error in %s", name);
		break;
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "bad compressed data in %s", name);
		break;
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
		g_set_error(error, READ_ERROR, READ_ERR_TRUNCATED, "zip entry %s ends early", name);
		break;
	default:
		g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "cannot inflate %s: %s", name,
		            zip_error_strerror(ze));
		break;
	}
}

/* Inflate an entry: all of it (head_only FALSE, capped at READ_MAX_PART_BYTES) or its
 * first PACKAGE_DTD_SCAN_BYTES. Real bytes are counted, never the declared size. */
GBytes *package_inflate(Package *pkg, const PackageEntry *e, gboolean head_only,
                               GError **error)
{
	zip_file_t *zf = zip_fopen_index(pkg->zip, e->index, 0);
	if (zf == NULL) {
		zip_error_t *ze = zip_get_error(pkg->zip);
		int code = zip_error_code_zip(ze);
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
			g_set_error(error, READ_ERROR, READ_ERR_ENCRYPTED,
			            "zip entry %s is password-protected", e->name);
		else if (code == ZIP_ER_COMPNOTSUPP || code == ZIP_ER_ENCRNOTSUPP)
			g_set_error(error, READ_ERROR, READ_ERR_UNSUPPORTED,
			            "zip entry %s uses an unsupported compression or encryption", e->name);
		else
			g_set_error(error, READ_ERROR, READ_ERR_CORRUPT, "cannot open zip entry %s: %s",
			            e->name, zip_error_strerror(ze));
		zip_error_clear(pkg->zip);
		return NULL;
	}
	guint64 cap = head_only ? PACKAGE_DTD_SCAN_BYTES : READ_MAX_PART_BYTES;
	GByteArray *buf = g_byte_array_sized_new((guint) MIN(e->size, (guint64) 1 << 20) + 1);
	guint8 chunk[65536];
	for (;;) {
		guint64 want = MIN((guint64) sizeof chunk, cap + 1 - buf->len);
		if (head_only && want == 0)
			break;
		zip_int64_t got = zip_fread(zf, chunk, want);
		if (got < 0) {
			package_inflate_error(error, zf, e->name);
			zip_fclose(zf);
			g_byte_array_unref(buf);
			return NULL;
		}
		if (got == 0)
			break;
		pkg->inflated += (guint64) got;
		g_byte_array_append(buf, chunk, (guint) got);
		if (head_only && buf->len >= cap) {
			g_byte_array_set_size(buf, (guint) cap);
			break;
		}
		if (buf->len > cap) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "zip entry %s inflates to more than %u MB, over the cap", e->name,
			            READ_MAX_PART_BYTES >> 20);
			zip_fclose(zf);
			g_byte_array_unref(buf);
			return NULL;
		}
		if (pkg->inflated > READ_MAX_TOTAL_BYTES) {
			g_set_error(error, READ_ERROR, READ_ERR_BOMB,
			            "zip entries inflate to more than %u MB in all (at %s)",
			            READ_MAX_TOTAL_BYTES >> 20, e->name);
			zip_fclose(zf);
			g_byte_array_unref(buf);
			return NULL;
		}
	}
	zip_fclose(zf);
	return g_byte_array_free_to_bytes(buf);
}

/* Inflate a part by name; NULL with error unset when the package has no such part. */
GBytes *package_read(Package *pkg, const char *name, GError **error)
{
	const PackageEntry *e = package_find(pkg, name, error);
	if (e == NULL)
		return NULL;
	return package_inflate(pkg, e, FALSE, error);
}

static gboolean bytes_contain(const guint8 *hay, gsize len, const char *needle, gsize n,
                              gsize step, gsize phase)
{
	/* needle is ASCII; step 1 for 8-bit text, 2 for UTF-16 (phase picks LE or BE). */
	if (len < n * step)
		return FALSE;
	for (gsize i = 0; i + n * step <= len; i++) {
		gsize k = 0;
		for (; k < n; k++) {
			guint8 c = hay[i + k * step + (step == 2 ? phase : 0)];
			if (g_ascii_toupper(c) != needle[k])
				break;
			if (step == 2 && hay[i + k * step + (1 - phase)] != 0)
				break;
		}
		if (k == n)
			return TRUE;
	}
	return FALSE;
}

/* Before any parsing: a DTD or entity declaration in the head of any XML part makes the
 * whole package hostile, whether or not we would read that part. */
gboolean package_scan_dtd(Package *pkg, GError **error)
{
	for (guint i = 0; i < pkg->entries->len; i++) {
		const PackageEntry *e = &g_array_index(pkg->entries, PackageEntry, i);
		if (!package_name_is_xml(e->name))
			continue;
		g_autoptr(GBytes) head = package_inflate(pkg, e, TRUE, error);
		if (head == NULL)
			return FALSE;
		gsize n;
		const guint8 *p = g_bytes_get_data(head, &n);
		for (gsize step = 1; step <= 2; step++)
			for (gsize phase = 0; phase < step; phase++) {
				if (bytes_contain(p, n, "<!DOCTYPE", 9, step, phase)) {
					g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
					            "DTD declared in %s", e->name);
					return FALSE;
				}
				if (bytes_contain(p, n, "<!ENTITY", 8, step, phase)) {
					g_set_error(error, READ_ERROR, READ_ERR_HOSTILE,
					            "entity declared in %s", e->name);
					return FALSE;
				}
			}
	}
	return TRUE;
}

guint package_n_entries(const Package *pkg)
{
	return pkg->entries->len;
}

const PackageEntry *package_entry(const Package *pkg, guint i)
{
	return i < pkg->entries->len ? &g_array_index(pkg->entries, PackageEntry, i) : NULL;
}

gboolean package_has(const Package *pkg, const char *name)
{
	g_autofree char *key = g_ascii_strdown(name, -1);
	return g_hash_table_contains(pkg->by_name, key);
}

XmlSafe *package_xml_open(Package *pkg, const char *part, GBytes **keep, GError **error)
{
	GBytes *b = package_read(pkg, part, error);
	if (b == NULL)
		return NULL;
	gsize n;
	const guint8 *p = g_bytes_get_data(b, &n);
	XmlSafe *x = xmlsafe_open(p, n, part, error);
	if (x == NULL) {
		g_bytes_unref(b);
		return NULL;
	}
	*keep = b;
	return x;
}
