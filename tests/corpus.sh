#!/bin/sh
# tests/corpus.sh - every real file of ../shared/corpus through the real binary.
#
# The files are used in place: copied at test time into a scratch inbox (the run removes
# what it takes in), never into the repository. tests/corpus/truth.json holds what each
# must give, written by reading the documents: the official documents are read as
# documents with their number, date and issuer; other projects' edge cases are read and
# found to be neither report nor document; every hostile or broken file is quarantined
# with its precise reason. Nothing may be lost: one submission per file.
# Prints TAP-style lines. Environment: BUILD, PROG, BAOCAO_CORPUS (default ../shared/corpus).
. tests/lib.sh
CORPUS=${BAOCAO_CORPUS:-../shared/corpus}
if [ ! -d "$CORPUS" ]; then
	nok "corpus folder $CORPUS exists"
	exit 1
fi
mkdir -p "$T/inbox"
find "$CORPUS" -type f ! -name '*.md' -exec cp {} "$T/inbox/" \;
touch -d '2025-10-10 09:00' "$T/inbox"/*
files=$(ls "$T/inbox" | wc -l)
bc() { "$here/$PROG" -C "$T" --forms "$here/forms" --rules "$here/rules" "$@"; }

start=$(date +%s)
bc -q run --settle 0 2>"$T/run.err"
rc=$?
secs=$(( $(date +%s) - start ))
check "run over $files real files exits 1 (quarantined files), got $rc, in $secs s" '[ $rc -eq 1 ]'
check "no crash, no sanitizer report" '! grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$T/run.err"'
check "readers print nothing of their own (libpng, Poppler, Leptonica)" \
	'! grep -v "^baocao: " "$T/run.err" | grep -q .'
check "inbox emptied" '[ -z "$(ls "$T/inbox")" ]'
bc export --json >"$T/export.json"
subs=$(grep -c '"sha256"' "$T/export.json")
check "one submission per file: nothing lost ($subs of $files)" '[ "$subs" -eq "$files" ]'
if "$BUILD/eval" tests/corpus/truth.json "$T/export.json" --strict >"$T/eval.out" 2>&1; then
	ok "every corpus file gives what tests/corpus/truth.json says"
else
	nok "every corpus file gives what tests/corpus/truth.json says"
	grep -v '^  ' "$T/eval.out" | sed 's/^/# /' | head -40
	# what the pipeline said about each file that differs
	for f in $(grep -v '^  ' "$T/eval.out" | sed -n 's/^\([^:]*\): .*/\1/p' | sort -u | grep -v '^eval$'); do
		jq -r --arg f "$f" '.submissions[] | select(.file == $f) | "# \(.file): \(.findings | map(.message) | join(" / "))"' "$T/export.json"
	done | head -20
fi
check "both Word 97-2003 .doc files are read (neither is quarantined)" \
	'[ "$(jq "[.submissions[] | select(.file == \"UBND_QD15_2010.DOC\" or .file == \"vn_TCVN3_Party-selfreview_2011.doc\") | select(.status != \"quarantined\")] | length" "$T/export.json")" -eq 2 ]'
quarantined=$(jq '[.submissions[] | select(.status == "quarantined")] | length' "$T/export.json")
check "each of the $quarantined quarantine messages gives the technical reason" \
	'[ "$(grep -c "tệp được cách ly.*(" "$T/export.json")" -eq "$quarantined" ] && [ "$quarantined" -ge 20 ]'
exit 0
