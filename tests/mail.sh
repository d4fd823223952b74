#!/bin/sh
# tests/mail.sh - reports by e-mail, end to end on the real binary.
#
# tests/gen/gen_mail builds messages around gen_docx's e2e documents, and the same
# documents dropped as files in unit folders with the same received times. Both inboxes
# are run; every e-mailed document must come out of the export exactly as its dropped
# copy (but for id, name, path and source), with the unit of the sender's roster mailbox
# and the received time of the server's Received: header. Then the bad mail: zip slip,
# malformed MIME, hundreds of parts, an attachment over the cap, a crashing reader. Then
# a real Dovecot (IMAP) on loopback: fetch-mail, \Seen only after the commit, a second
# fetch that takes nothing, a fetch killed midway and finished by the next, a server that
# is down, passwords, a changed UIDVALIDITY, after = move; and the receipts sent to a
# real SMTP receiver (aiosmtpd), each once. Prints TAP lines. Environment: BUILD, PROG.
. tests/lib.sh
export BAOCAO_NOW=2025-11-05T02:00:00+07:00
bc() { root=$1; shift; "$here/$PROG" -C "$root" --forms "$here/forms" --rules "$here/rules" "$@"; }
sub() { jq -c --arg f "$2" '.submissions[] | select(.file == $f)' "$1"; }
q() { sqlite3 "$1/baocao.db" "$2"; }
# the body of a quoted-printable message file, decoded
qp_decode() {
	sed '1,/^\r\{0,1\}$/d' "$1" | tr -d '\r' | LC_ALL=C awk '
	function hex(h,  i, v) { v = 0; for (i = 1; i <= 2; i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1; return v }
	{ line = $0; soft = sub(/=$/, "", line); out = ""
	  while (match(line, /=[0-9A-F][0-9A-F]/)) {
		out = out substr(line, 1, RSTART - 1) sprintf("%c", hex(substr(line, RSTART + 1, 2)))
		line = substr(line, RSTART + 3)
	  }
	  printf "%s%s", out line, soft ? "" : "\n" }'
}
# the unfolded header NAME of a message file
hdr() {
	sed '/^\r\{0,1\}$/q' "$2" | tr -d '\r' | awk '/^[ \t]/ { sub(/^[ \t]+/, " "); line = line $0; next }
		{ if (line != "") print line; line = $0 } END { print line }' | grep -i "^$1:"
}
servers=""
stop_servers() { for p in $servers; do kill "$p" 2>/dev/null; done; [ -f "$T/dovecot/run/master.pid" ] && kill "$(cat "$T/dovecot/run/master.pid")" 2>/dev/null; sleep 0.3; }
trap 'stop_servers; rm -rf "$T"' EXIT

"$BUILD/gen_docx" e2e "$T/e2e" >/dev/null || { nok "gen_docx runs"; exit 1; }
"$BUILD/gen_mail" "$T/e2e" "$here/rules/units.csv" "$T/fx" || { nok "gen_mail runs"; exit 1; }
ok "the generators wrote $(ls "$T/fx/mail/inbox" | wc -l) mail drops and $(ls "$T/fx/imap" | wc -l) messages for IMAP"

# --- the same documents, dropped as files and sent by e-mail ---------------------------
mkdir -p "$T/folder" "$T/mail"
cp -a "$T/fx/folder/inbox" "$T/folder/inbox"
bc "$T/folder" -q run --settle 0 2>/dev/null
bc "$T/folder" export >"$T/folder.json"
cp -a "$T/fx/mail/inbox" "$T/mail/inbox"
echo "half delivered" >"$T/mail/inbox/hop-thu/tmp/1761000002.M3P1.mail"
(cd "$T/fx/mail/inbox" && find . -type f -exec sha256sum {} + | sort -k2) >"$T/mail.sums"
BAOCAO_TEST_FAULT=1 bc "$T/mail" -q run --settle 0 2>"$T/mail.err"
rc=$?
bc "$T/mail" export >"$T/mail.json"
check "a run over .eml, Maildir and mbox drops exits 1: it ran, with findings (got $rc)" '[ $rc -eq 1 ]'
check "every message left the inbox; a Maildir's tmp/ is left alone" \
	'[ "$(find "$T/mail/inbox" -type f)" = "$T/mail/inbox/hop-thu/tmp/1761000002.M3P1.mail" ]'
lost=0
while read -r sum name; do
	[ -f "$T/mail/archive/$(echo "$sum" | cut -c1-2)/$sum" ] || { echo "# not archived: $name"; lost=1; }
done <"$T/mail.sums"
check "every message file is kept in the archive as it came" '[ $lost -eq 0 ]'
check "each mbox message is archived on its own too" \
	"[ \$(q '$T/mail' \"SELECT count(*) FROM messages WHERE origin LIKE 'hop-thu.mbox#%'\") -eq 3 ] && for s in \$(q '$T/mail' \"SELECT sha256 FROM messages WHERE origin LIKE 'hop-thu.mbox#%'\"); do [ -f '$T/mail/archive/'\$(echo \$s | cut -c1-2)/\$s ] || exit 1; done"
check "17 attachments became submissions, every one from e-mail" \
	'[ "$(jq "[.submissions[] | select(.source == \"email\")] | length" "$T/mail.json")" -eq 17 ] && [ "$(jq ".submissions | length" "$T/mail.json")" -eq 17 ]'

# an e-mailed document equals its dropped copy: every key but id, file, path and source
# (received_at included), findings included but for sender-unknown; "mail" is only theirs
norm='del(.id, .file, .path, .source, .mail) | .findings |= map(select(.code != "sender-unknown"))'
jq -S "[.submissions[] | select(.status != \"quarantined\") | $norm] | sort_by(.sha256)" "$T/mail.json" >"$T/a.json"
jq -S --slurpfile m "$T/a.json" "[.submissions[] | select(.sha256 as \$s | \$m[0] | map(.sha256) | index(\$s)) | $norm] | sort_by(.sha256)" "$T/folder.json" >"$T/b.json"
if [ "$(jq length "$T/a.json")" -eq 16 ] && diff "$T/a.json" "$T/b.json" >"$T/ab.diff"; then
	ok "16 e-mailed documents come out exactly as their copies dropped in the unit folders"
else
	nok "16 e-mailed documents come out exactly as their copies dropped in the unit folders"
	head -30 "$T/ab.diff" | sed 's/^/# /'
fi
check "the unit comes from the sender's roster mailbox" \
	'sub "$T/mail.json" 02-retyped.docx | grep -q "\"unit\":\"DU-TAND\"" && [ "$(q "$T/mail" "SELECT unit FROM messages WHERE origin = '"'"'02-inline.eml'"'"'")" = DU-TAND ]'
check "received_at is the topmost Received: time, not the Date: an hour before it" \
	'sub "$T/mail.json" "Báo cáo tháng 10 - Sở Tư pháp.docx" | grep -q "\"received_at\":\"2025-10-18T09:30:00+07:00\"" && [ "$(q "$T/mail" "SELECT received_at - date FROM messages WHERE origin = '"'"'01-hai-tep.eml'"'"'")" -eq 3600 ]'
check "without Received:, the Date:; without either, the file's time" \
	'[ "$(sub "$T/mail.json" 27-vni.docx | jq -r .received_at)" = "$(sub "$T/folder.json" 27-vni.docx | jq -r .received_at)" ] && [ "$(sub "$T/mail.json" 17-table-merged.docx | jq -r .received_at)" = "$(sub "$T/folder.json" 17-table-merged.docx | jq -r .received_at)" ]'
check "RFC 2231 and RFC 2047 Vietnamese names come out whole, in NFC" \
	'sub "$T/mail.json" "Báo cáo tháng 10 - Sở Tư pháp.docx" | grep -q DU-STP && sub "$T/mail.json" "Kế hoạch số 12-KH_ĐU.docx" | grep -q "\"kind\":\"document\""'
check "an inline attachment is taken; the logo the HTML body shows is not" \
	'sub "$T/mail.json" 02-retyped.docx | grep -q accepted && ! grep -q logo.png "$T/mail.json"'
check "the attachment of a forwarded message is taken" \
	'sub "$T/mail.json" 10-period-quarter-num.docx | grep -q "03-chuyen-tiep.eml/Bao cao quy IV.eml/10-period-quarter-num.docx"'
check "the documents in a zip attachment are taken, the macOS junk is not" \
	'sub "$T/mail.json" 23-status-lower.docx | grep -q "04-nen.eml/ho-so.zip/" && ! grep -q "\._04" "$T/mail.json"'
check "a zip member named ../../thoat.docx is refused with a finding, its sibling taken" \
	'! grep -q thoat "$T/mail.json" && sub "$T/mail.json" 05-num-arabic.docx | grep -q accepted && q "$T/mail" "SELECT message FROM message_findings WHERE code = '"'"'mail-zip-unsafe'"'"'" | grep -q "../../thoat.docx"'
check "an unknown sender: the unit from the document, with a finding saying so" \
	'sub "$T/mail.json" 37-header-only.docx | grep -q "\"unit\":\"DU-HAIAN\"" && sub "$T/mail.json" 37-header-only.docx | grep -q "\"code\":\"sender-unknown\".*nguyenvana@gmail.example"'
check "malformed MIME: findings, the good attachment read, the broken one quarantined" \
	'sub "$T/mail.json" 16-table-extra.docx | grep -q accepted && sub "$T/mail.json" hong.pdf | grep -q quarantined && [ "$(q "$T/mail" "SELECT group_concat(code) FROM message_findings f JOIN messages m ON m.id = f.msg_id WHERE m.origin = '"'"'07-hong.eml'"'"'")" = "mail-part-damaged,mail-malformed" ]'
check "hundreds of parts: the first taken, the rest not, and a finding" \
	'sub "$T/mail.json" 08-period-month-slash.docx | grep -q accepted && ! grep -q sau-cung "$T/mail.json" && q "$T/mail" "SELECT code FROM message_findings" | grep -q "^mail-too-many-parts$"'
check "an attachment over 100 MB is refused with a finding, the report beside it read" \
	'sub "$T/mail.json" 07-num-auto.docx | grep -q accepted && ! grep -q ban-scan "$T/mail.json" && q "$T/mail" "SELECT message FROM message_findings WHERE code = '"'"'mail-part-too-large'"'"'" | grep -q "ban-scan.pdf"'
check "a reader that crashes on a message costs that message a finding, not the run" \
	'grep -q "mail reader failed" "$T/mail.err" && [ "$(q "$T/mail" "SELECT count(*) FROM message_findings WHERE code = '"'"'mail-crash'"'"'")" -eq 1 ]'
check "the export says which message a submission came in" \
	'sub "$T/mail.json" 02-retyped.docx | jq -e ".mail.from == \"dangbo.toaan@haiphong.example\" and .mail.message_id == \"02-inline@donvi.example\" and .mail.subject == \"Bao cao thang 10\"" >/dev/null'
check "the store links every e-mailed submission to its message" \
	'[ "$(q "$T/mail" "SELECT count(*) FROM submissions WHERE message_id IS NULL")" -eq 0 ] && [ "$(q "$T/mail" "SELECT count(*) FROM messages")" -eq 16 ]'
bc "$T/mail" show "Báo cáo tháng 10 - Sở Tư pháp.docx" >"$T/show.txt"
check "show names the message a submission came in" \
	'grep -q "dangbo.stp@haiphong.example" "$T/show.txt" && grep -q "01-hai-tep@donvi.example" "$T/show.txt"'
bc "$T/mail" review >"$T/review.txt"
check "review lists the messages whose problems need a person" \
	'grep -q "tai-lieu.zip" "$T/review.txt" && grep -q "11-loi-bo-doc.eml" "$T/review.txt"'

# receipts: one per message with a sender, replying to it, in Vietnamese
ls "$T/mail/outbox/mail" >"$T/receipts.txt" 2>/dev/null
check "a receipt for each of the 15 messages with a sender in outbox/mail/" '[ "$(wc -l <"$T/receipts.txt")" -eq 15 ]'
r1="$T/mail/outbox/mail/$(grep -- '-000001-' "$T/receipts.txt")"
qp_decode "$r1" >"$T/r1.txt"
check "a receipt replies to its message (To, In-Reply-To, References, Re: subject)" \
	'hdr To "$r1" | grep -q "<dangbo.stp@haiphong.example>" && hdr In-Reply-To "$r1" | grep -q "<01-hai-tep@donvi.example>" && hdr References "$r1" | grep -q "<01-hai-tep@donvi.example>" && hdr Auto-Submitted "$r1" | grep -q auto-replied && hdr Subject "$r1" | grep -q "^Subject: Re: "'
check "it says which files came and what became of each, the unit and the period" \
	'grep -q "^Kính gửi: Đảng ủy Sở Tư pháp,$" "$T/r1.txt" && grep -q "Báo cáo tháng 10 - Sở Tư pháp.docx: đã tiếp nhận báo cáo kỳ tháng 10 năm 2025 của Đảng ủy Sở Tư pháp: báo cáo đầy đủ, nộp đúng hạn" "$T/r1.txt" && grep -q "Kế hoạch số 12-KH_ĐU.docx: đã tiếp nhận" "$T/r1.txt"'
qp_decode "$T/mail/outbox/mail/$(grep -- '-000007-' "$T/receipts.txt")" >"$T/r7.txt"
check "what could not be taken is said, in the findings' own words" \
	'grep -q "hong.pdf: chưa tiếp nhận được" "$T/r7.txt" && grep -q "Thư không đúng cấu trúc MIME" "$T/r7.txt" && ! grep -q "PDF files are not read" "$T/r7.txt"'
qp_decode "$T/mail/outbox/mail/$(grep -- '-000010-' "$T/receipts.txt")" >"$T/r10.txt"
check "a message without attachments gets a receipt saying nothing was attached" \
	'grep -q "Thư không có tệp đính kèm nào" "$T/r10.txt"'
check "a receipt to an address outside the roster is sent only for a real document" \
	'[ "$(q "$T/mail" "SELECT count(*) FROM messages WHERE receipt_to IS NULL AND receipt <> '"'"''"'"'")" -eq 0 ] && [ "$(q "$T/mail" "SELECT receipt_to FROM messages WHERE origin = '"'"'06-la.eml'"'"'")" = nguyenvana@gmail.example ]'
cp -r "$T/mail/outbox/mail" "$T/receipts-before"
bc "$T/mail" -q run --settle 0 2>/dev/null
bc "$T/mail" export >"$T/mail2.json"
check "a second run changes nothing and writes no receipt again" \
	'cmp -s "$T/mail.json" "$T/mail2.json" && diff -r "$T/receipts-before" "$T/mail/outbox/mail" >/dev/null'

# the same message dropped again is not taken twice, nor with a header rewritten
cp "$T/fx/mail/inbox/01-hai-tep.eml" "$T/mail/inbox/again.eml"
{ printf 'X-Saved-By: a mail program\r\n'; cat "$T/fx/mail/inbox/03-chuyen-tiep.eml"; } >"$T/mail/inbox/resaved.eml"
bc "$T/mail" -q run --settle 0 2>/dev/null
check "a message dropped twice is taken once, even with its headers rewritten" \
	'[ ! -f "$T/mail/inbox/again.eml" ] && [ ! -f "$T/mail/inbox/resaved.eml" ] && [ "$(q "$T/mail" "SELECT count(*) FROM messages")" -eq 16 ] && [ "$(bc "$T/mail" export | jq ".submissions | length")" -eq 17 ]'

# --- IMAP: a real Dovecot on loopback --------------------------------------------------
command -v dovecot >/dev/null || need dovecot-imapd
command -v dovecot >/dev/null || { nok "Dovecot (dovecot-imapd) is available"; exit 0; }
chmod 755 "$T"
D="$T/dovecot"
mkdir -p "$D" "$T/imap/ubkt/cur" "$T/imap/ubkt/new" "$T/imap/ubkt/tmp"
if [ "$(id -u)" = 0 ]; then
	# Dovecot runs nothing as root: mail as nobody, logins as its own dovenull
	mail_user=nobody; login_user=dovenull; internal_user=dovecot
else
	mail_user=$(id -un); login_user=$mail_user; internal_user=$mail_user
fi
muid=$(id -u "$mail_user"); mgid=$(id -g "$mail_user")
[ "$(id -u)" = 0 ] && chown -R "$muid:$mgid" "$T/imap"
printf 'ubkt:{PLAIN}mat-khau-thu\n' >"$D/passwd"
imap_port=$((30000 + $$ % 20000))
dovecot_conf() {
	cat >"$D/dovecot.conf" <<EOF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
info_log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $(id -gn "$internal_user")
first_valid_uid = $muid
first_valid_gid = $mgid
mail_location = maildir:$T/imap/%u
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  chroot =
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = static
  args = uid=$muid gid=$mgid home=$T/imap/%u
}
EOF
}
imap() { curl -s --max-time 10 "imap://127.0.0.1:$imap_port/${2:-INBOX}" -u ubkt:mat-khau-thu -X "$1"; }
dovecot_up() {
	for try in 1 2 3 4 5; do
		dovecot_conf
		dovecot -c "$D/dovecot.conf" 2>>"$D/start.err"
		for w in 1 2 3 4 5 6 7 8 9 10; do
			imap NOOP >/dev/null 2>&1 && return 0
			sleep 0.3
		done
		[ -f "$D/run/master.pid" ] && kill "$(cat "$D/run/master.pid")" 2>/dev/null
		sleep 0.3
		imap_port=$((imap_port + 1))
	done
	return 1
}
dovecot_down() {
	[ -f "$D/run/master.pid" ] && kill "$(cat "$D/run/master.pid")" 2>/dev/null
	for w in 1 2 3 4 5 6 7 8 9 10; do imap NOOP >/dev/null 2>&1 || return 0; sleep 0.3; done
}
deliver() {  # deliver N...: messages of gen_mail's imap/ set into the Maildir
	for k in "$@"; do
		f="$T/imap/ubkt/new/17610000$k.M${k}P1.test"
		cp "$T/fx/imap/$k.eml" "$f"
		[ "$(id -u)" = 0 ] && chown "$muid:$mgid" "$f"
	done
	true
}
seen() { imap 'UID FETCH 1:* (FLAGS)' | grep -c 'Seen'; }
if ! dovecot_up; then
	nok "a throwaway Dovecot starts on 127.0.0.1"; sed 's/^/# /' "$D/start.err" "$D/dovecot.log" 2>/dev/null | tail -5
	exit 0
fi
ok "a throwaway Dovecot listens on 127.0.0.1:$imap_port"

R="$T/imaproot"
mkdir -p "$R/inbox"
printf 'mat-khau-thu\n' >"$R/imap-password"
chmod 600 "$R/imap-password"
imap_conf() {
	printf '[imap]\nurl = imap://127.0.0.1:%s/INBOX\nuser = ubkt\npassword-file = imap-password\n%s' \
		"$imap_port" "${1:-}" >"$R/baocao.conf"
}
imap_conf
deliver 01 02 03
check "three new messages, none seen yet" '[ "$(seen)" -eq 0 ]'
bc "$R" fetch-mail >"$T/f1.out" 2>"$T/f1.err"
rc=$?
check "fetch-mail takes them (exit $rc)" \
	'[ $rc -eq 0 ] && grep -q "3 new messages, 3 taken (3 attachments" "$T/f1.err"'
check "each is in the store with its UID and UIDVALIDITY, its attachment a submission" \
	'[ "$(q "$R" "SELECT group_concat(uid) FROM messages WHERE uidvalidity > 0")" = "1,2,3" ] && [ "$(q "$R" "SELECT count(*) FROM submissions WHERE source = '"'"'email'"'"' AND state = '"'"'received'"'"'")" -eq 3 ]'
check "and only then \\Seen on the server" '[ "$(seen)" -eq 3 ] && [ "$(q "$R" "SELECT sum(marked) FROM messages")" -eq 3 ]'
bc "$R" fetch-mail 2>"$T/f2.err"
check "a second fetch takes nothing" \
	'grep -q "0 new messages, 0 taken" "$T/f2.err" && [ "$(q "$R" "SELECT count(*) FROM messages")" -eq 3 ]'

# killed between the commit of message 4 and its \Seen: the next fetch finishes it
deliver 04 05
BAOCAO_TEST_KILL_AT=3 bc "$R" -q fetch-mail 2>/dev/null
rc=$?
check "a fetch killed after committing a message (exit $rc) has not marked it" \
	'[ $rc -ne 0 ] && [ "$(q "$R" "SELECT count(*) FROM messages")" -eq 4 ] && [ "$(q "$R" "SELECT marked FROM messages WHERE uid = 4")" -eq 0 ] && [ "$(seen)" -eq 3 ]'
bc "$R" -q fetch-mail 2>/dev/null
rc=$?
check "the next fetch marks it and takes the rest, without duplicates (exit $rc)" \
	'[ $rc -eq 0 ] && [ "$(seen)" -eq 5 ] && [ "$(q "$R" "SELECT count(*) FROM messages")" -eq 5 ] && [ "$(q "$R" "SELECT count(*) FROM submissions")" -eq 5 ] && [ "$(q "$R" "SELECT count(*) FROM submissions WHERE state = '"'"'duplicate'"'"'")" -eq 0 ]'
BAOCAO_TEST_FAIL_AT=3 bc "$R" fetch-mail 2>"$T/f3.err"
rc=$?
check "nothing new: no fault point reached, nothing to fail (exit $rc)" '[ $rc -eq 0 ]'

# a server that is down: exit 2 with the cause, nothing half-done
cp "$R/baocao.db" "$T/before-down.db"
dovecot_down
bc "$R" fetch-mail 2>"$T/down.err"
rc=$?
check "a server that is down: exit 2 with the cause (got $rc)" \
	'[ $rc -eq 2 ] && grep -q "cannot reach the mailbox imap://127.0.0.1:$imap_port/INBOX: .*onnect" "$T/down.err"'
check "and the store is as it was" \
	'[ "$(sqlite3 "$T/before-down.db" "SELECT count(*) FROM messages")" = "$(q "$R" "SELECT count(*) FROM messages")" ] && [ "$(q "$R" "PRAGMA integrity_check")" = ok ]'
bc "$R" run --settle 0 >/dev/null 2>"$T/rundown.err"
rc=$?
check "a run whose mailbox is down still reads the inbox, and exits 2 saying why (got $rc)" \
	'[ $rc -eq 2 ] && grep -q "cannot reach the mailbox" "$T/rundown.err" && grep -q "run done: 0 new files (0 duplicate), 5 read" "$T/rundown.err"'
dovecot_up || { nok "Dovecot starts again"; exit 0; }
imap_conf

# credentials: an owner-only file or the environment, never the command line
chmod 644 "$R/imap-password"
bc "$R" fetch-mail 2>"$T/pw.err"
rc=$?
check "a password file others can read is refused (exit $rc)" '[ $rc -eq 2 ] && grep -q "owner only" "$T/pw.err"'
chmod 600 "$R/imap-password"
printf '[imap]\nurl = imap://127.0.0.1:%s/INBOX\nuser = ubkt\n' "$imap_port" >"$R/baocao.conf"
BAOCAO_IMAP_PASSWORD=mat-khau-thu bc "$R" fetch-mail 2>"$T/env.err"
rc=$?
check "the password from BAOCAO_IMAP_PASSWORD (exit $rc)" '[ $rc -eq 0 ]'
BAOCAO_IMAP_PASSWORD=sai bc "$R" fetch-mail 2>"$T/bad.err"
rc=$?
check "a wrong password: exit 2 with the server's refusal (got $rc)" \
	'[ $rc -eq 2 ] && grep -q -i "cannot reach the mailbox.*login" "$T/bad.err"'
bc "$R" fetch-mail 2>"$T/nopw.err"
rc=$?
check "no password at all: exit 2 saying what to set (got $rc)" '[ $rc -eq 2 ] && grep -q "password-file or BAOCAO_IMAP_PASSWORD" "$T/nopw.err"'

# the nightly run fetches by itself, reads, and sends each receipt once by SMTP
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need python3-aiosmtpd
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	smtp_port=$((imap_port + 7))
	mkdir -p "$T/sent/tmp" "$T/sent/new" "$T/sent/cur"
	/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$T/sent" \
		>"$T/smtpd.log" 2>&1 &
	servers="$servers $!"
	sleep 1.5
	imap_conf "[mail]
from = Ủy ban Kiểm tra Thành ủy <ubkt@haiphong.example>
smtp = smtp://127.0.0.1:$smtp_port
"
	deliver 06
	bc "$R" run --settle 0 >/dev/null 2>"$T/run.err"
	rc=$?
	sent=$(ls "$T/sent/new" | wc -l)
	# five receipts were written by the run above (no SMTP server then): now all go
	check "run fetches the new message, reads it and sends all six receipts (exit $rc, $sent sent)" \
		'[ $rc -le 1 ] && [ "$sent" -eq 6 ] && [ "$(seen)" -eq 6 ] && grep -q "1 receipt written, 6 sent" "$T/run.err"'
	got=$(grep -l "^In-Reply-To: <imap-2@donvi.example>" "$T/sent/new/"* | head -n 1)
	[ -n "$got" ] && qp_decode "$got" >"$T/r-imap2.txt"
	check "the receipt of an incomplete report says what to complete" \
		'[ -n "$got" ] && hdr To "$got" | grep -q "dangbo.cathai@haiphong.example" && grep -q "chưa đầy đủ hoặc có điểm chưa đúng" "$T/r-imap2.txt" && grep -q "^   - " "$T/r-imap2.txt"'
	bc "$R" export >"$T/imap.json"
	jq -S "[.submissions[] | $norm] | sort_by(.sha256)" "$T/imap.json" >"$T/ia.json"
	jq -S --slurpfile m "$T/ia.json" "[.submissions[] | select(.sha256 as \$s | \$m[0] | map(.sha256) | index(\$s)) | $norm] | sort_by(.sha256)" "$T/folder.json" >"$T/ib.json"
	check "documents fetched by IMAP come out exactly as their dropped copies" \
		'[ "$(jq length "$T/ia.json")" -eq 6 ] && diff "$T/ia.json" "$T/ib.json" >/dev/null'
	bc "$R" run --settle 0 >/dev/null 2>&1
	check "and never sends a receipt twice" '[ "$(ls "$T/sent/new" | wc -l)" -eq 6 ]'
else
	nok "an SMTP server (python3-aiosmtpd) is available for the receipts"
fi

# a new UIDVALIDITY: every message looked at again, none taken twice
dovecot_down
rm -f "$T/imap/ubkt/dovecot-uidlist" "$T/imap/ubkt/dovecot.index"* "$T/imap/ubkt/dovecot-uidvalidity"*
sleep 1  # Dovecot makes the new UIDVALIDITY from the clock
dovecot_up || { nok "Dovecot starts again"; exit 0; }
imap_conf
bc "$R" fetch-mail 2>"$T/uv.err"
rc=$?
check "after a UIDVALIDITY change nothing is taken twice (exit $rc)" \
	'[ $rc -eq 0 ] && grep -q "UIDVALIDITY of .* changed" "$T/uv.err" && grep -q "6 new messages, 0 taken (0 attachments, 0 duplicate), 6 taken before" "$T/uv.err" && [ "$(q "$R" "SELECT count(*) FROM messages")" -eq 6 ] && [ "$(q "$R" "SELECT count(*) FROM submissions")" -eq 6 ]'

# after = move:FOLDER
imap 'CREATE Da-xu-ly' >/dev/null
sed 's/imap-1@donvi/imap-7@donvi/' "$T/fx/imap/01.eml" >"$T/fx/imap/07.eml"
deliver 07
imap_conf "after = move:Da-xu-ly
"
bc "$R" fetch-mail 2>"$T/mv.err"
rc=$?
inbox_left=$(imap 'UID SEARCH ALL' | tr -cd '0-9 ' | wc -w)
moved=$(imap 'UID SEARCH ALL' Da-xu-ly | tr -cd '0-9 ' | wc -w)
check "after = move:Da-xu-ly moves the message once it is committed (exit $rc)" \
	'[ $rc -eq 0 ] && [ "$moved" -eq 1 ] && [ "$inbox_left" -eq 6 ] && [ "$(q "$R" "SELECT count(*) FROM messages")" -eq 7 ]'
printf '[imap]\nurl = imap://127.0.0.1:%s/Khong-co\nuser = ubkt\npassword-file = imap-password\n' "$imap_port" >"$R/baocao.conf"
bc "$R" fetch-mail 2>"$T/nofolder.err"
rc=$?
check "a folder the server does not have: exit 2 with the server's answer (got $rc)" \
	'[ $rc -eq 2 ] && grep -q "refused SELECT: NO .*Khong-co" "$T/nofolder.err"'
printf '[imap]\nurl = imap://127.0.0.1:%s/INBOX\nuser = ubkt\nafter = delete\n' "$imap_port" >"$R/baocao.conf"
bc "$R" fetch-mail 2>"$T/cf.err"
rc=$?
check "a wrong [imap] setting stops with the file and the line (exit $rc)" \
	'[ $rc -eq 2 ] && grep -q "baocao.conf:4: .*after must be" "$T/cf.err"'
rm -f "$R/baocao.conf"
bc "$R" fetch-mail 2>"$T/none.err"
rc=$?
check "fetch-mail without a mailbox says what to configure (exit $rc)" '[ $rc -eq 2 ] && grep -q "no mailbox is configured" "$T/none.err"'
bc "$R" fetch-mail --help >/dev/null 2>&1 && ok "fetch-mail --help" || nok "fetch-mail --help"
exit 0
