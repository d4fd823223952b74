#!/bin/sh
# tests/demo.sh - make demo: a scratch root with sample submissions, one run, the status.
set -u
D=build/demo
rm -rf "$D"
mkdir -p "$D"
build/gen_docx e2e "$D" >/dev/null || exit 2
echo "== sample inbox: $(find "$D/inbox" -type f | wc -l) files in $D/inbox"
./baocao -C "$D" --forms forms --rules rules run --settle 0
echo "== exit status $? (1: some reports have findings or files were quarantined, as intended)"
./baocao -C "$D" --forms forms --rules rules status 2025-10
echo
echo "== outputs: $D/outbox/<period>/: bao-cao-tong-hop.docx (the consolidated report),"
echo "   tong-hop.xlsx, index.html (open $D/outbox/index.html in a browser), feedback/<unit>.docx,"
echo "   submissions.json, summary.json, indicators.csv"
ls "$D/outbox"
echo "== try: ./baocao -C $D show 1    ./baocao -C $D export --json | less"
