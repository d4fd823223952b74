#!/bin/sh
# tests/outputs.sh - the consolidated outputs of a period, checked by their consumers.
#
# On the e2e fixture: every output of outbox/2025-10 exists; the compiled figures agree
# with the export counted another way; the consolidated DOCX, dropped into the inbox of
# the level above (whose roster lists the compiling body), is read back as a report with
# the same values; the fillable template, filled in, is read at 100%; LibreOffice opens
# the DOCX and the XLSX (converted headless to text and CSV) and finds the totals and
# unit names; Chromium renders the HTML page without console errors and not blank.
# Prints TAP lines. Environment: BUILD, PROG. LibreOffice and Chromium are installed
# from Debian when missing (as root).
. tests/lib.sh
export BAOCAO_NOW=2025-11-05T02:00:00+07:00
R="$T/root"
O="$R/outbox/2025-10"
bc() { "$here/$PROG" -C "$R" --forms "$here/forms" --rules "$here/rules" "$@"; }

"$BUILD/gen_docx" e2e "$R" >/dev/null || { nok "generator runs"; exit 1; }
rm -f "$R/inbox/bad-bomb.docx"
bc -q run --settle 0 2>/dev/null
for f in submissions.json indicators.csv summary.json bao-cao-tong-hop.docx tong-hop.xlsx; do
	check "outbox/2025-10/$f is written" "[ -s \"$O/$f\" ]"
done
check "a feedback note per unit that owes the period" '[ "$(ls "$O/feedback" | wc -l)" -eq 24 ]'

# the compiled figures against the export, counted independently with jq
exp_received=$(jq '[.submissions[] | select(.kind == "report" and .status != "superseded" and .status != "duplicate" and .unit != null) | .unit] | unique | length' "$O/submissions.json")
check "received = units with a current report ($exp_received)" \
	"[ \"\$(jq .received \"$O/summary.json\")\" -eq $exp_received ]"
check "expected = the roster (24), missing = expected - received" \
	'[ "$(jq .expected "$O/summary.json")" -eq 24 ] && [ "$(jq ".missing == .expected - .received" "$O/summary.json")" = true ]'
check "rates within 100%" '[ "$(jq ".reporting_rate <= 100 and .on_time_rate <= .reporting_rate" "$O/summary.json")" = true ]'
cs02=$(jq '[.submissions[] | select(.kind == "report" and .status != "superseded" and .status != "duplicate") | .indicators.CS02.period_value // 0] | add' "$O/submissions.json")
check "CS02 total = the sum over current reports ($cs02)" \
	"[ \"\$(jq .indicators.CS02.period_value \"$O/summary.json\")\" = \"$cs02\" ] || [ \"\$(jq '.indicators.CS02.period_value == $cs02' \"$O/summary.json\")\" = true ]"

# round trip: the level above reads the consolidated report back
L="$T/level2"
mkdir -p "$L/inbox/UBKTTU" "$L/rules"
cp "$here/rules"/* "$L/rules/"
sed -i 's/^signer-name =.*/signer-name = Lê Văn Minh/' "$L/rules/body.conf"
printf 'UBKTTU,Ủy ban Kiểm tra Thành ủy,co-quan,1.1;1.2;1.3,ubkt@haiphong.example,\n' >>"$L/rules/units.csv"
"$here/$PROG" -q -C "$R" --forms "$here/forms" --rules "$L/rules" run --settle 0 2>/dev/null  # nothing new
rm -rf "$R/outbox" && "$here/$PROG" -q -C "$R" --forms "$here/forms" --rules "$L/rules" run --settle 0 2>/dev/null
cp "$O/bao-cao-tong-hop.docx" "$L/inbox/UBKTTU/"
touch -d '2025-11-06 09:00' "$L/inbox/UBKTTU/bao-cao-tong-hop.docx"
"$here/$PROG" -q -C "$L" --forms "$here/forms" --rules "$L/rules" run --settle 0 2>/dev/null
"$here/$PROG" -C "$L" --forms "$here/forms" --rules "$L/rules" export >"$T/l2.json"
S='.submissions[0]'
check "round trip: a report of the compiling body for the period" \
	"[ \"\$(jq -r \"$S.kind + \\\" \\\" + $S.unit + \\\" \\\" + $S.period\" \"$T/l2.json\")\" = 'report UBKTTU 2025-10' ]"
check "round trip: every indicator total equal" \
	"jq -e --slurpfile s \"$O/summary.json\" '.submissions[0].indicators as \$got | \$s[0].indicators as \$want | [\$want | keys[]] | length == 10 and all(\$got[.].period_value == \$want[.].period_value and \$got[.].ytd_value == \$want[.].ytd_value)' \"$T/l2.json\" >/dev/null"
check "round trip: issuer, place, date and signer equal" \
	"jq -e '$S.fields | .issuer.value == \"Ủy ban Kiểm tra Thành ủy\" and .place.value == \"Hải Phòng\" and .doc_date.value == \"2025-11-05\" and .signer_name.value == \"Lê Văn Minh\" and .signer_title.value == \"CHỦ NHIỆM\"' \"$T/l2.json\" >/dev/null"
check "round trip: every task of the period with one status" \
	"[ \"\$(jq \"$S.tasks | length\" \"$T/l2.json\")\" -eq \"\$(grep -c '^[0-9]' \"$here/rules/tasks.csv\")\" ]"
check "round trip: difficulties and proposals quoted and attributed" \
	"jq -e '$S.fields.difficulties.value | test(\"Đảng ủy .*: “\")' \"$T/l2.json\" >/dev/null"

# the fillable template, filled in by a unit, is read at 100%
"$here/$PROG" -q --forms "$here/forms" --rules "$here/rules" template --out "$T/tpl.docx"
mkdir -p "$T/tpl" "$T/filled/inbox/DU-STP"
(cd "$T/tpl" && unzip -q "$T/tpl.docx" && sed -i \
	-e 's/\[TÊN CẤP ỦY CẤP TRÊN\]/ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG/' -e 's/\[TÊN ĐƠN VỊ\]/ĐẢNG ỦY SỞ TƯ PHÁP/' \
	-e 's/\[số, ký hiệu\]/21-BC\/ĐU/' -e 's/\[địa danh\]/Hải Phòng/' -e 's/\[ngày\]/17/' \
	-e 's/\[tháng\]/10/' -e 's/\[năm\]/2025/' \
	-e 's/\[tháng 10 năm 2025 \/ quý IV năm 2025 \/ năm 2025\]/tháng 10 năm 2025/' \
	-e 's/\[CHỨC VỤ\]/PHÓ BÍ THƯ/' -e 's/\[Họ và tên\]/Nguyễn Văn An/' \
	-e 's/\[tình trạng\]/Hoàn thành/g' -e 's/\[sản phẩm, kết quả\]/Đã triển khai/g' \
	-e 's/\[Khó khăn[^]]*\]/Không có./' -e 's/\[Đề xuất[^]]*\]/Không có./' \
	-e 's/\[Tình hình lãnh đạo[^]]*\]/Đã quán triệt Nghị quyết./' word/document.xml &&
	for i in 1 2 3 4 5 6 7 8 9 10; do c=$(printf 'CS%02d' $i); \
		sed -i -e "s/\[$c trong kỳ\]/$((i * 3))/" -e "s/\[$c lũy kế\]/1.$((i + 100))/" word/document.xml; done &&
	zip -q -r "$T/filled/inbox/DU-STP/mau-da-dien.docx" .)
touch -d '2025-10-18 09:00' "$T/filled/inbox/DU-STP/mau-da-dien.docx"
"$here/$PROG" -q -C "$T/filled" --forms "$here/forms" --rules "$here/rules" run --settle 0 2>/dev/null
"$here/$PROG" -C "$T/filled" --forms "$here/forms" --rules "$here/rules" export >"$T/filled.json"
check "template: the filled report is accepted" "jq -e '$S.status == \"accepted\" and $S.kind == \"report\"' \"$T/filled.json\" >/dev/null"
check "template: every field read from its control, confidence 1" \
	"jq -e '$S.fields | [.issuer, .doc_number, .doc_date, .signer_title, .signer_name, .difficulties, .proposals] | all(.confidence == 1)' \"$T/filled.json\" >/dev/null && jq -e '$S.fields | .issuer.value == \"Đảng ủy Sở Tư pháp\" and .doc_number.value == \"21-BC/ĐU\" and .doc_date.value == \"2025-10-17\" and .signer_name.value == \"Nguyễn Văn An\"' \"$T/filled.json\" >/dev/null"
check "template: every indicator exact" \
	"jq -e '.submissions[0].indicators as \$got | [range(1;11)] | all(. as \$i | \$got[(if \$i < 10 then \"CS0\" else \"CS\" end) + (\$i|tostring)] | .period_value == \$i * 3 and .ytd_value == 1100 + \$i and .confidence == 1)' \"$T/filled.json\" >/dev/null"

# real consumers: LibreOffice opens the DOCX and the XLSX
command -v soffice >/dev/null || need libreoffice-writer-nogui libreoffice-calc-nogui
if command -v soffice >/dev/null; then
	P="-env:UserInstallation=file://$T/lo"
	(cd "$T" && timeout 180 soffice $P --headless --convert-to txt:Text "$O/bao-cao-tong-hop.docx" >/dev/null 2>&1)
	(cd "$T" && timeout 180 soffice $P --headless --convert-to pdf "$O/bao-cao-tong-hop.docx" >/dev/null 2>&1)
	(cd "$T" && timeout 180 soffice $P --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$O/tong-hop.xlsx" >/dev/null 2>&1)
	check "LibreOffice converts the DOCX to PDF" '[ -s "$T/bao-cao-tong-hop.pdf" ]'
	total=$(jq -r '.indicators.CS02.period_value | floor' "$O/summary.json" | sed ':a;s/\B[0-9]\{3\}\>/.&/;ta')
	check "and its text holds the CS02 total ($total) and the unit names" \
		'grep -q "ĐẢNG CỘNG SẢN VIỆT NAM" "$T/bao-cao-tong-hop.txt" && grep -q "$total" "$T/bao-cao-tong-hop.txt" && grep -q "Đảng ủy Sở Tư pháp" "$T/bao-cao-tong-hop.txt"'
	check "LibreOffice reads the XLSX (status sheet as CSV) with the units" \
		'[ -s "$T/tong-hop.csv" ] && grep -q "DU-STP" "$T/tong-hop.csv" && grep -q "Đảng ủy Sở Tư pháp" "$T/tong-hop.csv"'
else
	nok "LibreOffice is available to open the outputs"
fi
# levels: units below a parent in the roster get their own consolidated outputs, and
# the rates roll up to the top
LV="$T/levels"
mkdir -p "$LV/rules"
cp "$here/rules"/* "$LV/rules/"
sed -i '1s/$/,parent/; 2,$s/$/,/' "$LV/rules/units.csv"
for u in DU-HONGBANG DU-NGOQUYEN DU-LECHAN; do sed -i "s/^\($u,.*\),\$/\1,DU-CCQD/" "$LV/rules/units.csv"; done
rm -rf "$R/outbox"
"$here/$PROG" -q -C "$R" --forms "$here/forms" --rules "$LV/rules" run --settle 0 2>/dev/null
D="$O/levels/DU-CCQD"
check "a parent unit gets its level's outputs" \
	'[ -s "$D/bao-cao-tong-hop.docx" ] && [ -s "$D/tong-hop.xlsx" ] && [ -s "$D/index.html" ] && [ -s "$D/summary.json" ]'
check "over the units below it only (3)" '[ "$(jq .expected "$D/summary.json")" -eq 3 ]'
check "and the top level still counts every unit (rates roll up)" '[ "$(jq .expected "$O/summary.json")" -eq 24 ]'
printf 'DU-X,X,g,1.1,x@x,,DU-NOPE\n' >>"$LV/rules/units.csv"
"$here/$PROG" -C "$R" --forms "$here/forms" --rules "$LV/rules" check 2>"$T/lv.err"
check "an unknown parent is refused with file and line" 'grep -q "units.csv:26: unit DU-X: parent .DU-NOPE." "$T/lv.err"'
sed -i '$d' "$LV/rules/units.csv"
sed -i 's/^\(DU-CCQD,.*\),$/\1,DU-HONGBANG/' "$LV/rules/units.csv"
"$here/$PROG" -C "$R" --forms "$here/forms" --rules "$LV/rules" check 2>"$T/lv2.err"
check "a cycle of parents is refused" 'grep -q "form a cycle" "$T/lv2.err"'

# a real browser: Chromium renders the period page, no console errors, not blank
command -v chromium >/dev/null || need chromium
check "outbox/2025-10/index.html and outbox/index.html are written" '[ -s "$O/index.html" ] && [ -s "$R/outbox/index.html" ]'
check "the page loads nothing from outside and runs no script" \
	'! grep -q -E "<script|src=\"http|<link|url\(" "$O/index.html"'
if command -v chromium >/dev/null; then
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$T/chrome" \
		--enable-logging=stderr --v=0 --hide-scrollbars --window-size=1280,1600 \
		--screenshot="$T/page.png" "file://$O/index.html" 2>"$T/chrome.log" >/dev/null
	check "Chromium renders the page with no console error" \
		'[ -s "$T/page.png" ] && ! grep -q -E "CONSOLE|Uncaught|Refused to" "$T/chrome.log"'
	# a blank white page compresses to almost nothing; the dashboard does not
	check "and the screenshot is not blank ($(stat -c %s "$T/page.png" 2>/dev/null) bytes)" \
		'[ "$(stat -c %s "$T/page.png")" -gt 40000 ]'
else
	nok "Chromium is available to render the page"
fi
exit 0
