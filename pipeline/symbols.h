/*
 * symbols.h - parsing the numbers and codes of official documents (see symbols.c).
 */
#ifndef BAOCAO_SYMBOLS_H
#define BAOCAO_SYMBOLS_H

#include <glib.h>

/* Number and symbol in text ("Số: 15-BC/ĐU" -> "15-BC/ĐU"), Party or State form, or
 * NULL. Spaces inside are removed and dashes folded. */
char *find_doc_number(const char *text);

/* A task code in any written form ("2.2.3", "2.2(3)", "II.2.2 (3)", "1.1") in canonical
 * form, or NULL. */
char *normalize_task_code(const char *text);

#endif
