#!/bin/sh
# tests/formats.sh - the containers units send besides a single document, end to end on
# the real binary: a zipped folder dropped in the inbox (each file a submission linked to
# the archive; junk skipped; the same archive twice taken once), archives that must not
# be unpacked (a path that escapes, a link, an encrypted member, an archive inside an
# archive: one quarantined submission each, nothing taken from them), and an indicator
# workbook paired with its cover letter into one submission. Prints TAP lines.
# Environment: BUILD, PROG.
. tests/lib.sh
[ -n "${KEEP:-}" ] && { T=$KEEP; rm -rf "$T"; mkdir -p "$T"; trap - EXIT; }
export BAOCAO_NOW=2026-01-05T02:00:00+07:00
R="$T/root"
bc() { "$here/$PROG" -C "$R" --forms "$here/forms" --rules "$here/rules" "$@"; }
ex() { bc export --json; }
# jq over the submission whose file is $1
subj() { ex | jq -c --arg f "$1" "[.submissions[] | select(.file == \$f)] | .[0] | $2"; }

"$BUILD/gen_docx" eval "$T/gen" --count 3 --seed 11 >/dev/null || { nok "generator runs"; exit 1; }
set -- $(cd "$T/gen/inbox" && find . -name '*.docx' | sort)
[ $# -ge 3 ] || { nok "generator wrote 3 reports"; exit 1; }

# a zipped folder in a unit's folder: two reports, a macOS fork and a thumbnail file
mkdir -p "$T/z/ho-so-thang/__MACOSX" "$R/inbox/DU-STP"
cp "$T/gen/inbox/$1" "$T/z/ho-so-thang/a-bao-cao.docx"
cp "$T/gen/inbox/$2" "$T/z/ho-so-thang/b-bao-cao.docx"
printf 'junk' >"$T/z/ho-so-thang/Thumbs.db"
printf 'fork' >"$T/z/ho-so-thang/__MACOSX/._a-bao-cao.docx"
(cd "$T/z" && zip -q -r "$R/inbox/DU-STP/ho-so-thang.zip" ho-so-thang)
cp "$R/inbox/DU-STP/ho-so-thang.zip" "$T/again.zip"
touch -d '2025-12-03 10:15 +0700' "$R/inbox/DU-STP/ho-so-thang.zip"

# archives that must not be unpacked
mkdir -p "$T/bad" && cp "$T/gen/inbox/$3" "$T/bad/c-bao-cao.docx"
(cd "$T/bad" && ln -s /etc/passwd lien-ket && zip -q -y "$R/inbox/co-lien-ket.zip" c-bao-cao.docx lien-ket)
(cd "$T/bad" && zip -q -P matkhau "$R/inbox/mat-khau.zip" c-bao-cao.docx)
(cd "$T/bad" && zip -q "$T/bad/trong.zip" c-bao-cao.docx && zip -q "$R/inbox/long-nhau.zip" trong.zip)
cp "$here/../shared/corpus/bad_inputs/zip-slip_unix.zip" "$R/inbox/thoat-ra.zip" 2>/dev/null ||
	python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("../../thoat.docx","x"); z.close()' "$R/inbox/thoat-ra.zip"
touch -d '2025-12-03 10:15 +0700' "$R/inbox"/*.zip

bc -q run --settle 0 2>"$T/run.err"
rc=$?
check "a run over archives exits 1 (some quarantined), got $rc" '[ $rc -eq 1 ]'
check "no crash, no sanitizer report" '! grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$T/run.err"'
check "the inbox is emptied" '[ -z "$(find "$R/inbox" -type f)" ]'
check "each report in the zipped folder is a submission of its own" \
	'[ "$(subj a-bao-cao.docx .kind)" = "\"report\"" ] && [ "$(subj b-bao-cao.docx .kind)" = "\"report\"" ]'
check "they are linked to the archive they came in" \
	'[ "$(subj a-bao-cao.docx .archive.file)" = "\"DU-STP/ho-so-thang.zip\"" ] && [ "$(subj b-bao-cao.docx ".archive.sha256 | length")" = 64 ]'
check "they came from the folder, received when the archive was dropped" \
	'[ "$(subj a-bao-cao.docx .source)" = "\"folder\"" ] && subj b-bao-cao.docx .received_at | grep -q "2025-12-03T10:15:00+07:00"'
check "junk (Thumbs.db, __MACOSX) is not taken" \
	'[ "$(ex | jq "[.submissions[] | select(.file | test(\"Thumbs|^\\\\._\"))] | length")" = 0 ]'
check "bc show says where a file was unpacked from" \
	'bc show "$(subj a-bao-cao.docx .id)" | grep -q "giải nén từ tệp nén: DU-STP/ho-so-thang.zip"'
for z in co-lien-ket mat-khau long-nhau thoat-ra; do
	check "$z.zip is one quarantined submission, nothing taken from it" \
		'[ "$(subj $z.zip .status)" = "\"quarantined\"" ] && subj $z.zip "[.findings[].code]" | grep -q archive-not-unpacked'
done
check "no file of a refused archive became a submission" \
	'[ "$(ex | jq "[.submissions[] | select(.file == \"c-bao-cao.docx\" or .file == \"trong.zip\")] | length")" = 0 ]'
check "the reasons are given in Vietnamese" \
	'subj long-nhau.zip "[.findings[].message]" | grep -q "lồng nhau" && subj co-lien-ket.zip "[.findings[].message]" | grep -q "liên kết tượng trưng" && subj mat-khau.zip "[.findings[].message]" | grep -q "mật khẩu"'
total=$(ex | jq '.submissions | length')
check "six submissions in all ($total)" '[ "$total" -eq 6 ]'

# the same archive again: taken before, nothing new
cp "$T/again.zip" "$R/inbox/DU-STP/lan-hai.zip"
touch -d '2025-12-04 08:00 +0700' "$R/inbox/DU-STP/lan-hai.zip"
bc -q run --settle 0 2>/dev/null
check "the same archive dropped again adds nothing and leaves the inbox" \
	'[ "$(ex | jq ".submissions | length")" -eq "$total" ] && [ -z "$(find "$R/inbox" -type f)" ]'
# an indicator workbook beside its cover letter: in a unit folder, at the inbox root and
# zipped together; and a workbook that came with no letter
"$BUILD/gen_docx" eval "$T/genx" --count 0 --seed 5 --formats xlsx --per-format 4 >/dev/null ||
	{ nok "generator writes workbooks"; exit 1; }
set -- $(cd "$T/genx/inbox" && find . -name '*.docx' | sort)
[ $# -ge 4 ] || { nok "generator wrote 4 letters"; exit 1; }
mkdir -p "$R/inbox/DU-HDND" "$T/zx/ho-so-chi-so"
cp "$T/genx/inbox/$1" "$R/inbox/DU-HDND/la-thu-1.docx"
cp "$T/genx/inbox/${1%.docx}-chi-so.xlsx" "$R/inbox/DU-HDND/la-thu-1-chi-so.xlsx"
cp "$T/genx/inbox/$2" "$R/inbox/la-thu-2.docx"
cp "$T/genx/inbox/${2%.docx}-chi-so.xlsx" "$R/inbox/phu-luc-2.xlsx"
cp "$T/genx/inbox/$3" "$T/zx/ho-so-chi-so/la-thu-3.docx"
cp "$T/genx/inbox/${3%.docx}-chi-so.xlsx" "$T/zx/ho-so-chi-so/la-thu-3-chi-so.xlsx"
(cd "$T/zx" && zip -q -r "$R/inbox/DU-HDND/ho-so-chi-so.zip" ho-so-chi-so)
mkdir -p "$R/inbox/DU-MTTQ"
cp "$T/genx/inbox/${4%.docx}-chi-so.xlsx" "$T/lone.xlsx"
touch -d '2025-12-10 09:00 +0700' "$R/inbox/DU-HDND"/* "$R/inbox"/*.docx "$R/inbox"/*.xlsx
bc -q run --settle 0 2>"$T/run2.err"
for k in 1 2 3; do
	check "la-thu-$k.docx holds its workbook as a part, with the ten indicators read from it" \
		'subj la-thu-$k.docx "[.parts[].file_type] | join(\",\")" | grep -q xlsx && [ "$(subj la-thu-$k.docx ".indicators | length")" -eq 10 ]'
done
check "a paired workbook is not listed as a submission of its own" \
	'[ "$(ex | jq "[.submissions[] | select(.file | endswith(\".xlsx\"))] | length")" -eq 0 ]'
check "bc log tells the workbook was read as part of its letter" \
	'bc log "$(subj la-thu-1.docx .id)" | grep -q "la-thu-1-chi-so.xlsx read as part of submission"'
id1=$(subj la-thu-1.docx .id)
bc -q requeue "$id1" 2>/dev/null && bc -q run --settle 0 2>/dev/null
check "a letter read again keeps its workbook and its indicators" \
	'[ "$(subj la-thu-1.docx ".indicators | length")" -eq 10 ] && [ "$(subj la-thu-1.docx ".parts | length")" -eq 1 ]'
cp "$T/lone.xlsx" "$R/inbox/DU-MTTQ/chi-so-rieng.xlsx"
touch -d '2025-12-20 09:00 +0700' "$R/inbox/DU-MTTQ/chi-so-rieng.xlsx"
bc -q run --settle 0 2>/dev/null
check "a workbook that came without a letter is an incomplete report of its own, indicators read" \
	'[ "$(subj chi-so-rieng.xlsx .status)" = "\"incomplete\"" ] && [ "$(subj chi-so-rieng.xlsx ".indicators | length")" -eq 10 ] && subj chi-so-rieng.xlsx "[.findings[].code]" | grep -q workbook-alone'
check "no crash, no sanitizer report with workbooks" '! grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$T/run2.err"'
exit 0
