#!/bin/sh
# tests/golden.sh - golden tests: the export and the text of every output of a period,
# on the e2e fixture with a fixed clock, compared with reviewed files in tests/golden/.
# After a deliberate change, GOLDEN_UPDATE=1 sh tests/golden.sh rewrites them; read the
# diff (git diff tests/golden) before committing it. Prints TAP lines.
. tests/lib.sh
export BAOCAO_NOW=2025-11-05T02:00:00+07:00
R="$T/root"
O="$R/outbox/2025-10"
"$BUILD/gen_docx" e2e "$R" >/dev/null || { nok "generator runs"; exit 1; }
rm -f "$R/inbox/bad-bomb.docx"
"$here/$PROG" -q -C "$R" --forms "$here/forms" --rules "$here/rules" run --settle 0 2>/dev/null
"$here/$PROG" -C "$R" --forms "$here/forms" --rules "$here/rules" export >"$T/export.json"

# the text of an Office part: one line per paragraph, the runs' text joined
office_text() {  # office_text FILE PART
	unzip -p "$1" "$2" | sed -e 's/<\/w:p>/\n/g; s/<\/si>/\n/g; s/<w:br\/>/ /g; s/<w:tab\/>/ /g' \
		-e 's/<[^>]*>//g' | sed '/^[[:space:]]*$/d'
}
html_text() { sed -e 's/<style>.*<\/style>//; s/<[^>]*>/ /g; s/&nbsp;/ /g' "$1" | tr -s ' \t' ' ' | sed 's/^ //; /^ *$/d'; }

office_text "$O/bao-cao-tong-hop.docx" word/document.xml >"$T/consolidated.txt"
office_text "$O/feedback/DU-CATHAI.docx" word/document.xml >"$T/feedback-DU-CATHAI.txt"
office_text "$O/tong-hop.xlsx" xl/sharedStrings.xml >"$T/workbook-strings.txt"
html_text "$O/index.html" >"$T/page.txt"
cp "$O/summary.json" "$T/summary.json"

for f in export.json summary.json consolidated.txt feedback-DU-CATHAI.txt workbook-strings.txt page.txt; do
	if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
		cp "$T/$f" "tests/golden/$f"
	fi
	if cmp -s "$T/$f" "tests/golden/$f"; then
		ok "$f equals tests/golden/$f"
	else
		nok "$f equals tests/golden/$f"
		diff "tests/golden/$f" "$T/$f" | head -10 | sed 's/^/# /'
	fi
done
exit 0
