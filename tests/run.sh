#!/bin/sh
# tests/run.sh - every test of one build: the unit test programs given as arguments,
# then the end-to-end tests (tests/e2e.sh), the real-corpus tests (tests/corpus.sh) and
# the PDF and scan tests (tests/scans.sh), the crash-safety tests (tests/kill.sh), the
# clerk's verbs, the outputs, the golden files, reports by e-mail (tests/mail.sh) and
# archives and workbooks (tests/formats.sh)
# on the real binary. Prints one closing line "N passed, N failed"; exits 1 on failure.
# Environment: BUILD (object folder), PROG (the baocao binary).
set -u
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {  # count <output file> : adds the cmocka or TAP results of one program
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	tp=$(grep -c '^ok ' "$1")
	tf=$(grep -c '^not ok ' "$1")
	passed=$((passed + ${p:-0} + tp))
	failed=$((failed + ${f:-0} + tf))
}

for t in "$@"; do
	corpus=""  # a replay program takes its fuzz target's saved corpus
	case "$t" in */replay_*) corpus="tests/fuzz/corpus/${t##*/replay_}" ;; esac
	if "$t" $corpus >"$log" 2>&1; then :; else
		echo "FAILED: $t"; cat "$log"
		grep -q 'FAILED  \]' "$log" || failed=$((failed + 1))
	fi
	count "$log"
	echo "$(basename "$t"): $(sed -n 's/^\[  PASSED  \] //p; s/^ok [0-9]* - //p' "$log" | tail -n 1)"
done

for s in tests/e2e.sh tests/corpus.sh tests/scans.sh tests/kill.sh tests/workflow.sh tests/outputs.sh tests/golden.sh tests/mail.sh tests/formats.sh; do
	BUILD=$BUILD PROG=$PROG sh "$s" >"$log" 2>&1
	rc=$?
	# a failed check and the lines that explain it
	awk '/^not ok/ {p = 20; print; next} /^#/ && p > 0 {p--; print; next} {p = 0}' "$log"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log"; then
		echo "FAILED: $s (exit $rc)"; tail -n 20 "$log"; failed=$((failed + 1))
	fi
	count "$log"
	echo "$s: $(grep -c '^ok ' "$log") checks passed"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
