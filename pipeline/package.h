/*
 * package.h - a received zip archive, vetted before anything in it is inflated.
 *
 * Contract: package_open() refuses (READ_ERROR, READ_ERR_BOMB) a zip with more than
 * READ_MAX_ZIP_ENTRIES entries, whose declared sizes add up to more than
 * READ_MAX_TOTAL_BYTES, with an XML part declared over READ_MAX_PART_BYTES, or with an
 * entry over PACKAGE_RATIO_MIN_BYTES that inflates more than READ_MAX_RATIO times.
 * Inflation is capped again on the bytes really produced. Names are never trusted:
 * an entry that is absolute, climbs with "..", uses backslashes or a drive letter is
 * marked odd, and package_find() refuses it (READ_ERR_HOSTILE) rather than follow it,
 * as it refuses a name two entries share. The data given to package_open() must outlive
 * the package (it is not copied).
 */
#ifndef BAOCAO_PACKAGE_H
#define BAOCAO_PACKAGE_H

#include <glib.h>
#include <zip.h>

#include "xmlsafe.h"

#define PACKAGE_DTD_SCAN_BYTES   8192u            /* head of each XML part scanned for a DTD */
#define PACKAGE_RATIO_MIN_BYTES  (1024u * 1024)   /* the ratio cap applies above this size */

typedef struct {
	char *name;          /* as stored in the zip (not necessarily UTF-8) */
	guint64 size, csize; /* declared inflated and compressed sizes */
	zip_uint64_t index;
	gboolean odd;        /* "..", absolute, backslash or drive: refused if ever needed */
	gboolean dup;        /* another entry has the same name (ignoring case) */
} PackageEntry;

typedef struct package Package;

/* Open the zip in data and apply every cap that needs no inflation. NULL with error set
 * (READ_ERROR: TRUNCATED, CORRUPT, BOMB, UNSUPPORTED, LIMIT) when refused. */
Package *package_open(const guint8 *data, gsize len, GError **error);
void package_free(Package *pkg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Package, package_free)

/* The entries in the order of the central directory. */
guint package_n_entries(const Package *pkg);
const PackageEntry *package_entry(const Package *pkg, guint i);

/* TRUE when the package has an entry of exactly this name (ignoring case). */
gboolean package_has(const Package *pkg, const char *name);

/* FALSE with READ_ERR_HOSTILE when the head of any XML part declares a DTD or an entity. */
gboolean package_scan_dtd(Package *pkg, GError **error);

/* The entry named name (a normalised part name), or NULL with error unset when the
 * package has none; NULL with error set when only an unsafe or ambiguous entry matches. */
const PackageEntry *package_find(Package *pkg, const char *name, GError **error);

/* Inflate an entry: all of it (head_only FALSE, capped at READ_MAX_PART_BYTES) or its
 * first PACKAGE_DTD_SCAN_BYTES. Real bytes are counted against READ_MAX_TOTAL_BYTES. */
GBytes *package_inflate(Package *pkg, const PackageEntry *e, gboolean head_only,
                        GError **error);

/* Inflate a part by name; NULL with error unset when the package has no such part. */
GBytes *package_read(Package *pkg, const char *name, GError **error);

/* A part opened for streaming through xmlsafe.h; *keep holds its inflated bytes, to be
 * unreffed after the reader is freed. NULL with error unset when the package has no such
 * part; NULL with error set when it cannot be inflated or read. */
XmlSafe *package_xml_open(Package *pkg, const char *part, GBytes **keep, GError **error);

/* "a/b/../c" -> "a/c"; NULL when ".." climbs out of the package. */
char *package_path_normalize(const char *path);

/* An entry name that is absolute, climbs out, uses '\\' or a drive letter. */
gboolean package_name_is_odd(const char *name);
/* A name ending in .xml or .rels. */
gboolean package_name_is_xml(const char *name);

/* "546 GB", "2.5 MB", "7448 bytes": decimal units, for messages. */
char *package_size_text(guint64 n);

#endif
