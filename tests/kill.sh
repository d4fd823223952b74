#!/bin/sh
# tests/kill.sh - crash safety and fault injection on the real binary.
#
# A clean run over the e2e fixture inbox (and a few e-mail messages, and a zipped folder
# with a letter and its workbook) is the reference; it also counts the run's
# fault points (every commit and every write, see fault_point() in common.h). Then, for
# a spread of those points: kill the run there with SIGKILL (BAOCAO_TEST_KILL_AT), or make
# the write fail as on a full disk (BAOCAO_TEST_FAIL_AT); check that every original is in
# the archive or still in the inbox, that no output is half written, and that the failed
# run said so with exit 2; run again; check PRAGMA integrity_check and that the export
# equals the reference. Then the same with real system calls failing (write, rename,
# fsync as on a full disk, by the LD_PRELOAD shim tests/fault/shim.c) at a spread of
# their calls, and allocations of the main process failing (not under AddressSanitizer).
# Prints TAP lines. Environment: BUILD, PROG, KILL_STEP (default 6).
. tests/lib.sh
STEP=${KILL_STEP:-6}
export BAOCAO_NOW=2025-11-05T02:00:00+07:00
bc() { root=$1; shift; "$here/$PROG" -q -C "$root" --forms "$here/forms" --rules "$here/rules" "$@"; }

"$BUILD/gen_docx" e2e "$T/fixture" >/dev/null || { nok "generator runs"; exit 1; }
rm -f "$T/fixture/inbox/bad-bomb.docx"   # 300 MB to inflate per try; the corpus test has bombs
# e-mail too: a message with two attachments, one with a zip, one without attachments
# (it gets a receipt all the same) and an mbox file; their documents are copies of the
# folder's, so the folder's copies come second, as duplicates
"$BUILD/gen_mail" --no-large "$T/fixture" "$here/rules/units.csv" "$T/mail" || { nok "gen_mail runs"; exit 1; }
for f in 01-hai-tep.eml 04-nen.eml 10-khong-dinh-kem.eml hop-thu.mbox; do
	cp -p "$T/mail/mail/inbox/$f" "$T/fixture/inbox/$f"
done
# a zipped folder holding a cover letter and its indicator workbook (unpacked, then paired)
"$BUILD/gen_docx" eval "$T/wb" --count 0 --seed 3 --formats xlsx --per-format 1 >/dev/null &&
	mkdir -p "$T/wbz/ho-so" && find "$T/wb/inbox" -type f -exec cp {} "$T/wbz/ho-so/" \; &&
	(cd "$T/wbz" && zip -q -r "$T/fixture/inbox/ho-so-chi-so.zip" ho-so) ||
	{ nok "a zipped letter and workbook for the fixture"; exit 1; }
(cd "$T/fixture/inbox" && find . -type f -exec sha256sum {} + | sort -k2) >"$T/sums"

fresh() { rm -rf "$1"; mkdir -p "$1"; cp -a "$T/fixture/inbox" "$1/inbox"; }
fresh "$T/ref"
points=$(BAOCAO_TEST_COUNT_POINTS=1 bc "$T/ref" run --settle 0 2>&1 | sed -n 's/^fault points: //p')
bc "$T/ref" export --json >"$T/ref.json"
if [ -z "$points" ] || [ "$points" -lt 50 ]; then nok "the reference run counts its fault points ($points)"; exit 1; fi
ok "reference run passes $points fault points"

# Every original is in the archive, or still in the inbox under its name.
nothing_lost() {
	while read -r sum name; do
		[ -f "$1/archive/$(echo "$sum" | cut -c1-2)/$sum" ] && continue
		[ -f "$1/inbox/$name" ] && [ "$(sha256sum <"$1/inbox/$name" | cut -d' ' -f1)" = "$sum" ] && continue
		echo "# lost: $name"
		return 1
	done <"$T/sums"
}

# No output is half written: every submissions.json is complete JSON.
outputs_whole() {
	for f in $(find "$1/outbox" -name submissions.json 2>/dev/null); do
		tail -c 3 "$f" | grep -q '}' || { echo "# half written: $f"; return 1; }
	done
}

try() {  # try kill|fail POINT
	mode=$1 p=$2 r="$T/$1-$2"
	fresh "$r"
	if [ "$mode" = malloc ]; then
		# the Nth allocation of the main process fails (tests/fault/alloc.c): GLib stops
		# the program on the spot (SIGTRAP or SIGABRT), or a library reports it and the
		# run stops with exit 2 saying so, or it is absorbed. libxlsxwriter 1.1.5 does not
		# check one of its allocations (worksheet_write_string) and dies of SIGSEGV
		# there. Any of these is then held to what a crash is held to below.
		LD_PRELOAD="$here/$BUILD/faultalloc.so" BAOCAO_ALLOC_FAIL="$p" \
			bc "$r" run --settle 0 2>"$r.err"
		rc=$?
		first_rc=$rc
		case $rc in
		0|1|133|134|139) ;;
		2) grep -q -i "memory" "$r.err" || { echo "# exit 2 without saying memory ran out:"; grep -v quarantined "$r.err" | head -3 | sed 's/^/# /'; return 1; } ;;
		*) echo "# a failed allocation ended the run with $rc"; grep -v quarantined "$r.err" | head -3 | sed 's/^/# /'; return 1 ;;
		esac
	elif [ "$mode" = write ] || [ "$mode" = rename ] || [ "$mode" = fsync ]; then
		# a real system call fails as on a full disk (tests/fault/shim.c)
		ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$here/$BUILD/faultshim.so" \
			BAOCAO_SHIM="$mode:$p" bc "$r" run --settle 0 2>"$r.err"
		rc=$?
		# Every failure must stop the run with exit 2 and say why, with one exception:
		# GLib's sync of a folder after a rename is best effort and silent, so such an
		# fsync failure cannot reach the program; the run then goes on, and below it must
		# still have lost nothing and equal a clean run (compile.c syncs every output
		# folder itself afterwards, checked).
		first_rc=$rc
		if [ $rc -ne 2 ] && ! { [ "$mode" = fsync ] && [ $rc -le 1 ]; }; then
			echo "# run with a failed $mode exited $rc, not 2"; head -3 "$r.err" | sed 's/^/# /'; return 1
		fi
		[ $rc -ne 2 ] || grep -q -i -E "no space left|disk is full|disk I/O error" "$r.err" ||
			{ echo "# no clear message:"; head -3 "$r.err" | sed 's/^/# /'; return 1; }
	elif [ "$mode" = kill ]; then
		BAOCAO_TEST_KILL_AT=$p bc "$r" run --settle 0 2>/dev/null
		rc=$?
		[ $rc -eq 137 ] || [ $rc -ne 0 ] || { echo "# run was not killed (exit $rc)"; return 1; }
	else
		BAOCAO_TEST_FAIL_AT=$p bc "$r" run --settle 0 2>"$r.err"
		rc=$?
		[ $rc -eq 2 ] || { echo "# failed run exited $rc, not 2"; return 1; }
		grep -q "injected fault" "$r.err" || { echo "# no clear message"; return 1; }
	fi
	nothing_lost "$r" || return 1
	outputs_whole "$r" || return 1
	bc "$r" run --settle 0 2>/dev/null
	rc=$?
	[ $rc -le 1 ] || { echo "# the next run failed with $rc"; return 1; }
	[ -z "$(find "$r/inbox" -type f)" ] || { echo "# inbox not emptied by the next run"; return 1; }
	check=$(sqlite3 "$r/baocao.db" 'PRAGMA integrity_check')
	[ "$check" = ok ] || { echo "# integrity_check: $check"; return 1; }
	bc "$r" export --json >"$r.json"
	cmp -s "$T/ref.json" "$r.json" || { echo "# export differs:"; diff "$T/ref.json" "$r.json" | head -8 | sed 's/^/# /'; return 1; }
	[ -z "$(find "$r/outbox" -name '*.json.*' -o -name '*.csv.*')" ] || { echo "# temporary files left in the outbox"; return 1; }
	diff -r -x README "$T/ref/outbox" "$r/outbox" >/dev/null || { echo "# outbox differs from a clean run's:"; diff -rq "$T/ref/outbox" "$r/outbox" | head -4 | sed 's/^/# /'; return 1; }
	rm -rf "$r"
}

p=1
while [ "$p" -le "$points" ]; do
	if try kill "$p"; then ok "killed at point $p of $points: nothing lost, next run equals a clean run"
	else nok "killed at point $p of $points"; fi
	q=$((p + STEP / 2))
	if [ "$q" -le "$points" ]; then
		if try fail "$q"; then ok "write failed at point $q: exit 2, nothing lost, next run equals a clean run"
		else nok "write failed at point $q"; fi
	fi
	p=$((p + STEP))
done
if try kill "$points"; then ok "killed at the last point ($points)"; else nok "killed at the last point ($points)"; fi

# real system calls failing below the libraries: the Nth write, rename or fsync of the run
if [ -f "$here/$BUILD/faultshim.so" ]; then
	rm -f "$T/counts"
	fresh "$T/count"
	ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$here/$BUILD/faultshim.so" \
		BAOCAO_SHIM_COUNT="$T/counts" bc "$T/count" run --settle 0 2>/dev/null
	for kind in write rename fsync; do
		total=$(awk -v k=$kind '$1 == k {s += $2} END {print s + 0}' "$T/counts")
		[ "$total" -gt 0 ] || { nok "the run makes $kind calls to fail"; continue; }
		for frac in 1 7 23 41 59 73 89 97; do
			q=$(( (total * frac + 99) / 100 ))
			if try "$kind" "$q"; then
				how=$([ "$first_rc" = 2 ] && echo "stopped with exit 2 and the cause" || echo "absorbed (GLib's silent folder sync)")
				ok "$kind $q of $total fails: $how, nothing lost, next run equals a clean run"
			else nok "$kind $q of $total fails"; fi
		done
	done
else
	nok "the system-call fault shim is built ($BUILD/faultshim.so)"
fi

# allocations failing in the main process, at a spread of points (not with
# AddressSanitizer, whose allocator the shim cannot stand in front of)
case $BUILD in
*san*) ;;
*)
	rm -f "$T/allocs"
	fresh "$T/count-alloc"
	LD_PRELOAD="$here/$BUILD/faultalloc.so" BAOCAO_ALLOC_COUNT="$T/allocs" \
		bc "$T/count-alloc" run --settle 0 2>/dev/null
	total=$(awk '$1 == "malloc" {s = $2} END {print s + 0}' "$T/allocs" 2>/dev/null)
	if [ "${total:-0}" -gt 0 ]; then
		for frac in 2 11 29 43 61 79 91 99; do
			q=$(( (total * frac + 99) / 100 ))
			if try malloc "$q"; then
				case $first_rc in
				2) how="stopped with exit 2 saying memory ran out" ;;
				133|134|139) how="stopped as by a crash" ;;
				*) how="absorbed" ;;
				esac
				ok "allocation $q of $total fails: $how, nothing lost, next run equals a clean run"
			else nok "allocation $q of $total fails"; fi
		done
	else
		nok "the run's allocations are counted"
	fi
	;;
esac
exit 0
