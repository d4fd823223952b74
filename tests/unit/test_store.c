/*
 * test_store.c - the SQLite store: round trip of a record, duplicates by hash, events,
 * owner-only permissions, and refusing a store of a newer schema.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "store.h"

static char *tmpdir, *dbpath;

static int setup(void **state)
{
	tmpdir = g_dir_make_tmp("baocao-store-XXXXXX", NULL);
	dbpath = g_build_filename(tmpdir, "t.db", NULL);
	return 0;
}

static int teardown(void **state)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	for (guint i = 0; i < 3; i++) {
		g_autofree char *p = g_strconcat(dbpath, suffix[i], NULL);
		g_remove(p);
	}
	g_rmdir(tmpdir);
	g_free(dbpath);
	g_free(tmpdir);
	return 0;
}

static void test_round_trip(void **state)
{
	g_autoptr(GError) err = NULL;
	Store *st = store_open(dbpath, &err);
	assert_non_null(st);
	struct stat sb;
	assert_int_equal(stat(dbpath, &sb), 0);
	assert_int_equal(sb.st_mode & 0077, 0);

	Submission s = { .sha256 = (char *)"ab12", .file = (char *)"x.docx",
	                 .path = (char *)"DU-STP/x.docx", .source = (char *)"folder",
	                 .received_at = 1760754600, .size = 10, .state = (char *)"received" };
	assert_true(store_begin(st, &err));
	assert_true(store_add_submission(st, &s, &err));
	assert_true(store_event(st, s.id, "received", "x", &err));
	assert_true(store_commit(st, &err));
	assert_int_equal(store_find_sha(st, "ab12"), s.id);
	assert_int_equal(store_find_sha(st, "cd34"), 0);
	assert_true(store_seen_file(st, "ab12", "DU-STP/x.docx", 1760754600));
	assert_false(store_seen_file(st, "ab12", "DU-STP/x.docx", 1760754601));

	g_autoptr(Record) r = record_new();
	r->kind = g_strdup("report");
	r->form = g_strdup("bc-nq66");
	r->unit = g_strdup("DU-STP");
	r->period = g_strdup("2025-10");
	record_set_field(r, "doc_number", "15-BC/ĐU", 0.99, "header");
	IndicatorValue *v = record_indicator(r, "CS02");
	v->has_period = TRUE;
	v->period_value = 1250;
	v->confidence = 0.9;
	record_add_task(r, "2.2.3", "Hoàn thành", TRUE, "Số hóa 1.250 hồ sơ", 0.99);
	record_add_issued(r, "12-KH/ĐU", "2025-10-15", "Kế hoạch");
	record_add_finding(r, "indicator-missing", SEV_ERROR, "CS05", "Thiếu %s", "CS05");
	assert_true(store_begin(st, &err));
	assert_true(store_save_record(st, s.id, "read", "docx", r, &err));
	assert_true(store_commit(st, &err));

	g_autoptr(Record) back = store_load_record(st, s.id);
	assert_string_equal(back->kind, "report");
	assert_string_equal(record_value(back, "doc_number"), "15-BC/ĐU");
	const IndicatorValue *bv = record_indicator_get(back, "CS02");
	assert_non_null(bv);
	assert_true(bv->has_period);
	assert_false(bv->has_ytd);
	assert_true(bv->period_value == 1250);
	assert_int_equal(back->tasks->len, 1);
	assert_int_equal(back->issued->len, 1);
	assert_int_equal(back->findings->len, 1);
	assert_string_equal(((Finding *)back->findings->pdata[0])->message, "Thiếu CS05");

	/* saving again replaces, never duplicates */
	assert_true(store_begin(st, &err));
	assert_true(store_save_record(st, s.id, "read", "docx", r, &err));
	assert_true(store_commit(st, &err));
	g_autoptr(Record) again = store_load_record(st, s.id);
	assert_int_equal(again->tasks->len, 1);
	assert_int_equal(again->findings->len, 1);

	g_autoptr(GPtrArray) ev = store_events(st, s.id);
	assert_int_equal(ev->len, 1);
	g_autoptr(GPtrArray) periods = store_periods(st);
	assert_int_equal(periods->len, 1);
	store_close(st);
}

static void test_newer_schema(void **state)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	g_autoptr(GError) err = NULL;
	Store *st = store_open(dbpath, &err);
	assert_null(st);
	assert_true(g_error_matches(err, STORE_ERROR, STORE_ERR_VERSION));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_newer_schema),
	};
	return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
