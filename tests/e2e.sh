#!/bin/sh
# tests/e2e.sh - end-to-end tests of the real binary on generated fixture inboxes.
#
# The generator (tests/gen/gen_docx) writes an inbox of named cases and truth.json, the
# values a correct reading gives; tests/gen/eval compares baocao's export with it and
# must find no mismatch. Then: the run's exit status, the inbox emptied, the originals
# archived, the outbox written, a second run changing nothing, a file still being
# written waiting, broken rules stopping the program with file:line, the run lock.
# Prints TAP-style "ok" / "not ok" lines. Environment: BUILD, PROG.
. tests/lib.sh

# B runs the binary; with BAOCAO_VALGRIND=1 (make valgrind) under valgrind, whose
# errors turn into exit status 99 and fail the checks
B() {
	if [ "${BAOCAO_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			"$here/$PROG" "$@"
	else
		"$here/$PROG" "$@"
	fi
}
bc() { B -C "$T/root" --forms "$here/forms" --rules "$here/rules" "$@"; }
export BAOCAO_NOW=2025-11-05T02:00:00+07:00

mkdir -p "$T/root"
"$BUILD/gen_docx" e2e "$T/root" >/dev/null || { nok "generator runs"; exit 1; }
files=$(find "$T/root/inbox" -type f | wc -l)
check "generator wrote an inbox ($files files)" '[ "$files" -gt 20 ]'

bc -q run --settle 0 2>"$T/run.err"
rc=$?
check "run with findings and quarantined files exits 1 (got $rc)" '[ $rc -eq 1 ]'
check "inbox emptied" '[ -z "$(find "$T/root/inbox" -type f)" ]'
archived=$(find "$T/root/archive" -type f | wc -l)
dups=$(grep -c '"duplicate"' "$T/root/truth.json" || true)
check "every distinct original archived ($archived)" '[ "$archived" -ge $((files - dups)) ]'
check "archive is owner-only" '[ "$(stat -c %a "$T/root/archive")" = 700 ]'
check "store is owner-only" '[ "$(stat -c %a "$T/root/baocao.db")" = 600 ]'

bc export --json >"$T/export.json"
check "export is written" '[ -s "$T/export.json" ]'
subs=$(grep -c '"sha256"' "$T/export.json")
check "one submission per file ($subs of $files)" '[ "$subs" -eq "$files" ]'
if "$BUILD/eval" "$T/root/truth.json" "$T/export.json" --strict >"$T/eval.out" 2>&1; then
	ok "export matches truth.json on every case"
else
	nok "export matches truth.json on every case"
	sed 's/^/# /' "$T/eval.out" | grep -v '^# *$' | head -60
fi

check "outbox has 2025-10/submissions.json" '[ -s "$T/root/outbox/2025-10/submissions.json" ]'
check "outbox has 2025-10/indicators.csv with every unit" \
	'[ "$(wc -l <"$T/root/outbox/2025-10/indicators.csv")" -eq 25 ]'
check "outbox has no temporary files" '[ -z "$(find "$T/root/outbox" -name "*.tmp" -o -name ".goutputstream*")" ]'

bc -q run --settle 0
rc=$?
check "second run with nothing new exits 0 (got $rc)" '[ $rc -eq 0 ]'
bc export --json >"$T/export2.json"
check "second run changes nothing" 'cmp -s "$T/export.json" "$T/export2.json"'

# the first run of a new day rewrites the outbox (who is late changes with the date)
rm -f "$T/root/outbox/2025-10/indicators.csv"
bc -q run --settle 0
check "a second run the same day leaves the outbox alone" '[ ! -f "$T/root/outbox/2025-10/indicators.csv" ]'
BAOCAO_NOW=2025-11-06T02:00:00+07:00 bc -q run --settle 0
check "the first run of the next day rewrites it" '[ -f "$T/root/outbox/2025-10/indicators.csv" ]'

# the same bytes again under another name are a duplicate
first=$(find "$T/root/archive" -type f | head -n 1)
cp "$first" "$T/root/inbox/copy-again.docx"
touch -d '2025-10-30 10:00' "$T/root/inbox/copy-again.docx"
bc -q run --settle 0
bc export --json >"$T/export3.json"
check "re-sent bytes are a duplicate" \
	'grep -A12 "\"copy-again.docx\"" "$T/export3.json" | grep -q "\"status\" : \"duplicate\""'

# a file still being written waits for the next run
echo "partial" >"$T/root/inbox/being-copied.docx"
bc -q run 2>/dev/null
check "a file changed seconds ago waits in the inbox" '[ -f "$T/root/inbox/being-copied.docx" ]'
rm -f "$T/root/inbox/being-copied.docx"

bc status 2025-10 >"$T/status.out"
check "status lists every roster unit" '[ "$(grep -c "^DU-" "$T/status.out")" -eq 24 ]'
check "status says who has not sent" 'grep -q "chưa nộp" "$T/status.out"'
id=$(grep -m1 '"id"' "$T/export.json" | tr -dc 0-9)
check "show by id" 'bc show "$id" | grep -q "sha256"'
bc show 99999 2>"$T/show.err"
rc=$?
check "show of an unknown id exits 2 with a message (got $rc)" '[ $rc -eq 2 ] && grep -q "no submission" "$T/show.err"'

# a reader that crashes or hangs costs one quarantined file, and the run goes on
# (not under valgrind, which reads in-process: see make valgrind)
if [ "${BAOCAO_VALGRIND:-}" != 1 ]; then
mkdir -p "$T/fault/inbox"
echo x >"$T/fault/inbox/fault-crash.docx"
echo y >"$T/fault/inbox/fault-hang.docx"
echo z >"$T/fault/inbox/fault-exit.docx"
cp "$first" "$T/fault/inbox/fine.docx"
touch -d '2025-10-20 10:00' "$T/fault/inbox"/*
BAOCAO_TEST_FAULT=1 B -q -C "$T/fault" --forms "$here/forms" --rules "$here/rules" \
	run --settle 0 --time-limit 2 2>"$T/fault.err"
rc=$?
B -C "$T/fault" --forms "$here/forms" --rules "$here/rules" export --json >"$T/fault.json"
check "crashing and hanging readers: the run finishes with exit 1 (got $rc)" '[ $rc -eq 1 ]'
check "a crashed reader quarantines its file with the signal" \
	'grep -q "reader crashed: signal 11" "$T/fault.json"'
check "a hanging reader is stopped at the time limit" 'grep -q "time limit 2 s" "$T/fault.json"'
check "a reader that exits with an error is quarantined" \
	'grep -q "reader ended abnormally (exit status 7)" "$T/fault.json"'
check "the other file is read" '[ "$(grep -c "\"status\" : \"quarantined\"" "$T/fault.json")" -eq 3 ]'

fi

# hostile names and links: a symlink is never followed (not even to a real report), a
# name with control characters or invalid UTF-8 is taken with a printable name
mkdir -p "$T/names/inbox/DU-STP"
ln -s /etc/passwd "$T/names/inbox/passwd.docx"
ln -s "$T/root/archive" "$T/names/inbox/DU-STP/linked-folder"
cp "$first" "$T/names/inbox/DU-STP/$(printf 'bao\001cao\377.docx')"
touch -d '2025-10-20 10:00' "$T/names/inbox/DU-STP/"*
B -q -C "$T/names" --forms "$here/forms" --rules "$here/rules" run --settle 0 2>"$T/names.err"
B -C "$T/names" --forms "$here/forms" --rules "$here/rules" export --json >"$T/names.json"
check "symbolic links are left in place, not followed" \
	'[ -L "$T/names/inbox/passwd.docx" ] && [ -L "$T/names/inbox/DU-STP/linked-folder" ] && grep -q "symbolic link" "$T/names.err"'
check "nothing behind a link reached the archive" '[ "$(find "$T/names/archive" -type f | wc -l)" -eq 1 ]'
check "a name with control bytes and invalid UTF-8 is taken, printable" \
	'grep -q "\"file\" : \"bao�cao�.docx\"" "$T/names.json"'

# the store held by another program: a clear message and exit 2, the inbox untouched
if command -v sqlite3 >/dev/null; then
	mkdir -p "$T/locked/inbox"
	cp "$first" "$T/locked/inbox/x.docx"
	touch -d '2025-10-20 10:00' "$T/locked/inbox/x.docx"
	B -q -C "$T/locked" --forms "$here/forms" --rules "$here/rules" check >/dev/null
	sqlite3 "$T/locked/baocao.db" 'CREATE TABLE IF NOT EXISTS t(x); BEGIN EXCLUSIVE; INSERT INTO t VALUES(1); SELECT 1 FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 40000000) SELECT count(*) FROM c);' >/dev/null 2>&1 &
	sleep 0.5
	B -C "$T/locked" --forms "$here/forms" --rules "$here/rules" run --settle 0 2>"$T/locked.err"
	rc=$?
	wait
	check "a store locked by another program: exit 2 (got $rc)" '[ $rc -eq 2 ]'
	check "and a message that says so" 'grep -q "locked by another program" "$T/locked.err"'
	check "and the inbox untouched" '[ -f "$T/locked/inbox/x.docx" ]'
fi

# a mistake in rules/ stops the program, naming file and line
cp -r "$here/rules" "$T/badrules"
printf '2025-13-01 holiday Bad\n' >>"$T/badrules/holidays-2025.txt"
B -C "$T/root" --forms "$here/forms" --rules "$T/badrules" run 2>"$T/bad.err"
rc=$?
check "broken rules: exit 2 (got $rc)" '[ $rc -eq 2 ]'
check "broken rules: message names file and line" \
	'grep -q "holidays-2025.txt:[0-9][0-9]*:" "$T/bad.err"'

# two runs at once: the second says so and exits 2
if command -v flock >/dev/null; then
	flock "$T/root/baocao.db.lock" sleep 3 &
	sleep 0.5
	bc run 2>"$T/lock.err"
	rc=$?
	wait
	check "a second run at the same time exits 2 (got $rc)" '[ $rc -eq 2 ]'
	check "and says another run holds the lock" 'grep -q "another baocao run" "$T/lock.err"'
fi

# no store yet: clear message, exit 2
B -C "$T/empty" --forms "$here/forms" --rules "$here/rules" status 2>"$T/nostore.err"
rc=$?
check "status without a store exits 2 (got $rc)" '[ $rc -eq 2 ]'
exit 0
