/*
 * archive.h - the content-addressed archive of originals: every file and every e-mail
 * message exactly as received, and every attachment as taken out of its message, named
 * by the SHA-256 of its bytes (archive/xx/<sha256>, owner-only).
 *
 * An object is written to a temporary file, fsynced and renamed into place, so the
 * archive never holds half an object; writing the same bytes twice costs nothing more.
 * An object no store row names (a run stopped between the two) is harmless.
 */
#ifndef BAOCAO_ARCHIVE_H
#define BAOCAO_ARCHIVE_H

#include "config.h"

/* Path of the archived object of a hash (g_free). */
char *archive_path(const Config *cfg, const char *sha256);

/* Copy everything readable from fd into the archive, hashing it. On success *sha256
 * (g_free) is the hex digest and *size the byte count; FALSE with error ("cannot write
 * to archive '...': ...") when the archive cannot be written or fd read. */
gboolean archive_fd(const Config *cfg, int fd, char **sha256, gint64 *size, GError **error);

/* Store len bytes at data in the archive (nothing is written when the object is already
 * there). *sha256 as for archive_fd. */
gboolean archive_bytes(const Config *cfg, const guint8 *data, gsize len, char **sha256,
                       GError **error);

#endif
