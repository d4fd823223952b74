/*
 * out_html.h - the static HTML pages of stage 6: one page per period (outbox/<period>/
 * index.html) that a clerk opens in a browser or prints, and one index across periods.
 *
 * Each page is a single self-contained HTML5 file in UTF-8: the style sheet is inline,
 * the charts are inline SVG drawn here, and nothing is fetched from anywhere (no script,
 * no font, no image, no link outside the outbox). Every piece of text that comes from
 * the data (unit names, file names, finding messages, difficulties) is escaped, because
 * it was read from documents nobody here wrote. The writers read a Summary only, never
 * the store.
 */
#ifndef BAOCAO_OUT_HTML_H
#define BAOCAO_OUT_HTML_H

#include <glib.h>
#include "summary.h"

/* The page of one period: path is e.g. outbox/2025-10/index.html.
 * Writes the file atomically (a temporary file, then a rename, mode 0644): on failure
 * it returns FALSE with error set and leaves any earlier page at path untouched. The
 * folder of path must exist. */
gboolean out_html_period(const Summary *s, const char *path, GError **error);

/* The index across periods: links to each period's page (href "<dir>/index.html" where
 * dir is given per period), a table of the periods with expected/received/rates, and the
 * trend chart over the periods (reporting and on-time rate per period, in order given).
 * periods and dirs have n entries each (n may be 0); dirs[i] is a folder name relative
 * to the folder of path. Written atomically like out_html_period(); FALSE with error
 * on failure. */
gboolean out_html_index(const Summary *const *periods, const char *const *dirs, guint n,
                        const char *path, GError **error);

#endif
