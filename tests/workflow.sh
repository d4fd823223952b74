#!/bin/sh
# tests/workflow.sh - the clerk's verbs on a fixture store: review, set, assign, requeue,
# reject, log, request, remind, and a roster with a closed unit. Each check looks at the
# store through the export, status or the files written. Prints TAP lines.
# Environment: BUILD, PROG.
. tests/lib.sh
export BAOCAO_NOW=2025-11-05T02:00:00+07:00
R="$T/root"
bc() { "$here/$PROG" -C "$R" --forms "$here/forms" --rules "$T/rules" "$@"; }
# the id of a file in the export, and one of its values
idof() { bc export | tr -d '\n' | sed 's/},  *{ *"id"/}\n{"id"/g' | grep "\"file\" : \"$1\"" | sed 's/.*"id" : \([0-9]*\).*/\1/' | head -n 1; }
sub() { bc export | tr -d '\n' | sed 's/},  *{ *"id"/}\n{"id"/g' | grep "\"file\" : \"$1\"" | head -n 1; }

cp -r "$here/rules" "$T/rules"
"$BUILD/gen_docx" e2e "$R" >/dev/null || { nok "generator runs"; exit 1; }
# a report citing a request declared with `request add`, not in rules/
mkdir -p "$T/x" && (cd "$T/x" && unzip -q "$R/inbox/DU-HDND/13-period-adhoc.docx" &&
	sed -i 's/45-CV\/UBKTTU/46-CV\/UBKTTU/g' word/document.xml && zip -q -r ../46-adhoc.docx .)
mkdir -p "$R/inbox/DU-MTTQ" && cp "$T/x/../46-adhoc.docx" "$R/inbox/DU-MTTQ/46-adhoc.docx"
touch -d '2025-11-01 09:00' "$R/inbox/DU-MTTQ/46-adhoc.docx"
bc -q request add 46-CV/UBKTTU --date 2025-10-28 --due 2025-11-12 --units DU-MTTQ,DU-HDND \
	--title "Báo cáo nhanh" 2>/dev/null
rc=$?
check "request add declares a request (exit $rc)" '[ $rc -eq 0 ]'
bc request add 46-CV/UBKTTU --date 2025-10-28 --due 2025-11-12 2>"$T/dup.err"
rc=$?
check "the same request twice is refused (exit $rc)" '[ $rc -eq 2 ] && grep -q "declared twice" "$T/dup.err"'
bc request add 47-CV/UBKTTU --date 2025-10-28 --due 2025-11-12 --units DU-NOPE 2>"$T/bad.err"
rc=$?
check "a request naming an unknown unit is refused (exit $rc)" '[ $rc -eq 2 ] && grep -q "DU-NOPE" "$T/bad.err"'
check "request list shows it" 'bc request list | grep -q "adhoc:46-CV/UBKTTU"'

bc -q run --settle 0 2>/dev/null
check "a report citing the request is filed under its period" \
	'sub 46-adhoc.docx | grep -q "\"period\" : \"adhoc:46-CV/UBKTTU\""'
bc status adhoc:46-CV/UBKTTU >"$T/adhoc.txt"
check "the request's period expects only the units it names" \
	'grep -q "Tổng cộng: 2 đơn vị phải báo cáo; đã nộp 1" "$T/adhoc.txt"'

# review: the queue lists what needs a person with the command that fixes it
bc review >"$T/review.txt"
rc=$?
check "review exits 1 while items wait (got $rc)" '[ $rc -eq 1 ]'
conflict=$(idof 36-unit-conflict.docx)
check "review shows the unit conflict with its fix" "grep -q \"baocao assign $conflict --unit\" \"$T/review.txt\""
check "review shows quarantined files with their reason" 'grep -q "tệp bị cách ly: .*DTD declared" "$T/review.txt"'

# set: a correction, with who and when, that survives requeue
inc=$(idof 31-incomplete.docx)
bc -q set "$inc" CS05.period 3 --note "gửi bổ sung qua điện thoại"
check "set stores the value, manual, confidence 1" \
	'sub 31-incomplete.docx | grep -q "\"CS05\" : {.*\"period_value\" : 3,.*\"confidence\" : 1.0,.*\"manual\" : true"'
check "the finding it answered is gone" '! sub 31-incomplete.docx | grep -q "indicator-missing"'
bc -q set "$inc" signer_name "Trần Thị Bình"
bc -q requeue "$inc"
check "corrections survive requeue" \
	'sub 31-incomplete.docx | grep -q "\"period_value\" : 3," && sub 31-incomplete.docx | grep -q "Trần Thị Bình"'
check "findings are recomputed (no signer finding)" '! sub 31-incomplete.docx | grep -q "signer_name\", *\"message"'
bc set "$inc" nosuchfield x 2>"$T/e1"; rc1=$?
bc set 99999 doc_number x 2>"$T/e2"; rc2=$?
bc set "$inc" CS05.period "mười" 2>"$T/e3"; rc3=$?
bc set "$inc" task:2.2.3 "Gần xong" 2>"$T/e4"; rc4=$?
check "a wrong field, id or value: exit 2 with a clear message" \
	'[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] && grep -q "no field" "$T/e1" && grep -q "no submission 99999" "$T/e2" && grep -q "not a number" "$T/e3" && grep -q "not a task status" "$T/e4"'

# assign: the clerk settles a conflict; the file is read again as that unit
bc -q assign "$conflict" --unit DU-STP
check "assign --unit settles the conflict" \
	'sub 36-unit-conflict.docx | grep -q "\"unit\" : \"DU-STP\"" && ! sub 36-unit-conflict.docx | grep -q "\"code\" : \"unit-conflict\""'
plan=$(idof 39-document-plan.docx)
bc -q assign "$plan" --form bc-nq66 --period 2025-10
check "assign --form reads a document as the mandated report" \
	'sub 39-document-plan.docx | grep -q "\"kind\" : \"report\""'
check "assign of a bad period is refused" '! bc assign "$plan" --period 2025-13 2>/dev/null'

# reject: kept, not accepted, the reason given
late=$(idof 32-late.docx)
bc -q reject "$late" --reason "Báo cáo không có chữ ký"
check "reject keeps the file, no longer accepted, with the reason" \
	'sub 32-late.docx | grep -q "\"status\" : \"incomplete\"" && sub 32-late.docx | grep -q "Báo cáo không có chữ ký"'
check "a rejected file leaves the review queue" "! bc review | grep -q \"^\\[$late\\]\""

# log: every event of a file's history
bc log "$inc" >"$T/log.txt"
check "log shows received, archived, extracted, corrected, requeued, exported" \
	'for e in received archived extracted corrected requeued exported; do grep -q " $e " "$T/log.txt" || exit 1; done'
bc -q run --settle 0
check "the next run puts the corrections in the outbox" \
	'grep -q "\"manual\" : true" "$R/outbox/2025-10/submissions.json"'

# remind: due within N days or overdue, once per unit, period and stage
bc remind --days 7 >"$T/remind1.txt" 2>/dev/null
rc=$?
count=$(ls "$R/outbox/mail" | wc -l)
check "remind writes drafts for units that owe a report (exit $rc, $count drafts)" '[ $rc -eq 1 ] && [ "$count" -gt 10 ]'
check "no reminder for a unit that sent its report" '! grep -q "^DU-STP *2025-10 " "$T/remind1.txt"'
missing=$(bc status 2025-10 | grep "chưa nộp" | head -n 1 | cut -d' ' -f1)
check "an overdue reminder for a unit that did not ($missing)" \
	'[ -n "$missing" ] && grep -q "^$missing *2025-10 *overdue" "$T/remind1.txt"'
check "a before-due reminder for the request due soon" 'grep -q "adhoc:45-CV/UBKTTU *before" "$T/remind1.txt"'
eml="$R/outbox/mail/2025-10-$missing-overdue.eml"
mailbox=$(grep "^$missing," "$T/rules/units.csv" | cut -d, -f5)
check "the draft is a MIME message to the unit's mailbox, subject encoded" \
	'grep -q "^To: " "$eml" && grep -q "<$mailbox>" "$eml" && grep -qi "^Subject: =?utf-8?" "$eml" && grep -qi "^Content-Type: text/plain; charset=utf-8" "$eml" && ! awk "length > 998" "$eml" | grep -q . '
bc remind --days 7 >"$T/remind2.txt" 2>/dev/null
rc=$?
check "remind again writes nothing new (exit $rc)" '[ $rc -eq 0 ] && [ ! -s "$T/remind2.txt" ] && [ "$(ls "$R/outbox/mail" | wc -l)" -eq "$count" ]'

# with an SMTP server configured, the reminders are sent, each once: a real server
# (Debian's aiosmtpd) on loopback, delivering into a Maildir
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need python3-aiosmtpd
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	port=$((20000 + $$ % 20000))
	mkdir -p "$T/maildir/tmp" "$T/maildir/new" "$T/maildir/cur"
	/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$T/maildir" \
		>"$T/smtpd.log" 2>&1 &
	smtpd=$!
	sleep 1.5
	printf '[mail]\nfrom = Ủy ban Kiểm tra Thành ủy <ubkt@haiphong.example>\nsmtp = smtp://127.0.0.1:%s\n' "$port" >"$R/baocao.conf"
	bc -q remind --days 7 >/dev/null 2>"$T/send.err"
	got=$(ls "$T/maildir/new" 2>/dev/null | wc -l)
	check "remind sends every reminder written by SMTP ($got of $count)" '[ "$got" -eq "$count" ]'
	check "the server got a proper message to a unit's mailbox" \
		'grep -l "^To: " "$T/maildir/new/"* | head -n 1 | xargs grep -q "@haiphong.example>"'
	bc -q remind --days 7 >/dev/null 2>&1
	check "and never sends one twice" '[ "$(ls "$T/maildir/new" | wc -l)" -eq "$got" ]'
	printf 'secret\n' >"$T/pw"; chmod 644 "$T/pw"
	printf 'smtp-password-file = %s\n' "$T/pw" >>"$R/baocao.conf"
	bc remind --days 7 >/dev/null 2>"$T/pw.err"; rc=$?
	check "a password file others can read is refused (exit $rc)" \
		'[ $rc -eq 2 ] && grep -q "owner only" "$T/pw.err"'
	kill "$smtpd" 2>/dev/null; wait "$smtpd" 2>/dev/null
	rm -f "$R/baocao.conf"
else
	nok "an SMTP server (python3-aiosmtpd) is available for the sending test"
fi

# roster changes: a unit closed before the period leaves the denominator
sed -i '1s/$/,opened,closed/; 2,$s/$/,,/' "$T/rules/units.csv"
sed -i 's/^\(DU-STP,.*\),,$/\1,,2025-09-15/' "$T/rules/units.csv"
bc status 2025-10 >"$T/status.txt"
check "a closed unit leaves the expected set" 'grep -q "Tổng cộng: 23 đơn vị phải báo cáo" "$T/status.txt"'
check "rates stay within 100%" '! grep -E "Tỷ lệ báo cáo (1[0-9][1-9]|[2-9][0-9][0-9])" "$T/status.txt"'
stp=$(idof 01-canonical.docx)
bc -q requeue "$stp"
check "its report is kept and flagged" 'sub 01-canonical.docx | grep -q "unit-closed"'
bc remind --days 7 >"$T/remind3.txt" 2>/dev/null
check "a closed unit gets no reminders" '! grep -q "^DU-STP " "$T/remind3.txt"'
for v in review set assign requeue reject log request remind; do
	bc "$v" --help >/dev/null 2>&1 || { nok "$v --help"; continue; }
done
ok "every verb has --help"
exit 0
