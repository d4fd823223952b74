#!/bin/sh
# tests/eval.sh - make eval: per-field accuracy on a generated, labelled corpus, by format,
# and the OCR character error rate on the scans.
#
# EVAL_COUNT DOCX items (300) plus EVAL_PER_FORMAT items (20) of each other format in
# EVAL_FORMATS: text PDF, scans at 300 and 200 dpi, phone photos, TIFF, PNG, mixed and
# signed scans, OpenDocument text (odt), a cover letter with its indicators in a workbook
# beside it (xlsx) and zipped folders of reports and documents (zip). The "by case axis"
# rows named after a format are that format's accuracy.
# The character error rate compares what baocao read from each scanned file (show --text)
# with the text the generator printed (tests/gen/cer.c: edit distance over characters,
# white space collapsed).
set -u
E=build/eval-run
N=${EVAL_COUNT:-300}
PER=${EVAL_PER_FORMAT:-20}
FORMATS=${EVAL_FORMATS:-docx,pdf,scan300,scan200,photo,tiff,png,mixed,signedscan,odt,xlsx,zip}
rm -rf "$E"
mkdir -p "$E"
build/gen_docx eval "$E" --count "$N" --seed 1 --formats "$FORMATS" --per-format "$PER" \
	>/dev/null || exit 2
files=$(find "$E/inbox" -type f | wc -l)
echo "eval: $files files ($N DOCX, $PER per other format: $FORMATS) on $(nproc) cores"
start=$(date +%s)
BAOCAO_NOW=2026-01-05T02:00:00+07:00 ./baocao -q -C "$E" --forms forms --rules rules run --settle 0
echo "eval: run took $(( $(date +%s) - start )) s"
BAOCAO_NOW=2026-01-05T02:00:00+07:00 ./baocao -C "$E" --forms forms --rules rules export --json >"$E/export.json"
build/eval "$E/truth.json" "$E/export.json"

# character error rate per scanned format
jq -r '.files | to_entries[] | select(.value.text != null) |
       [.key, .value.format, .value.text] | @tsv' "$E/truth.json" >"$E/scans.tsv"
: >"$E/cer.tsv"
while IFS="$(printf '\t')" read -r name format ref; do
	./baocao -C "$E" --forms forms --rules rules show --text "$name" >"$E/hyp.txt" 2>/dev/null </dev/null || continue
	build/cer "$E/$ref" "$E/hyp.txt" | sed "s/^/$format /" >>"$E/cer.tsv"
done <"$E/scans.tsv"
echo "OCR character error rate (edit distance / characters of the printed text)"
awk '{ split($2, c, "="); split($3, e, "="); chars[$1] += c[2]; edits[$1] += e[2]; n[$1]++ }
     END { for (f in n) printf "  %-12s %3d files  %6.2f%%\n", f, n[f], 100 * edits[f] / chars[f] }' \
	"$E/cer.tsv" | sort
