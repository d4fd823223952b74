#!/bin/sh
# tests/scans.sh - PDFs, scans and photos through the real binary.
#
# The generator's e2e-pdf set (tests/gen/README.md) holds one report or document per
# format: a text PDF, a 300-dpi scan, a scan whose text layer is only a signature box, a
# PNG, a two-page TIFF, a PDF with a text page and a scanned page, a phone photo. What
# must hold, whatever OCR misreads: nothing lost; every file's kind, unit and period
# right; the text PDF read exactly as labelled and without OCR; OCR exactly on the pages
# that need it. Then the caps: a PDF over the page cap and an image over the pixel cap
# are quarantined with the reason, a PDF without cross-reference table is repaired.
# Prints TAP-style lines. Environment: BUILD, PROG.
. tests/lib.sh
bc() { "$here/$PROG" -C "$T" --forms "$here/forms" --rules "$here/rules" "$@"; }

ASAN_OPTIONS=detect_leaks=0 "$BUILD/gen_docx" e2e-pdf "$T/g" >/dev/null || { nok "gen_docx e2e-pdf"; exit 1; }
cp -a "$T/g/inbox" "$T/inbox"
files=$(find "$T/inbox" -type f | wc -l)
BAOCAO_NOW=2025-11-20T08:00:00+07:00 bc -q run --settle 0 2>"$T/run.err"
rc=$?
check "run over the $files files ends (exit $rc)" '[ $rc -le 1 ]'
check "no crash, no sanitizer report, no library noise" '! grep -v "^baocao: " "$T/run.err" | grep -q .'
BAOCAO_NOW=2025-11-20T08:00:00+07:00 bc export --json >"$T/export.json"
subs=$(jq '.submissions | length' "$T/export.json")
check "one submission per file: nothing lost ($subs of $files)" '[ "$subs" -eq "$files" ]'

# kind, unit and period of every file, whatever the format
jq '.files |= with_entries(.value |= {case, path, received_at, kind, unit, period})' \
	"$T/g/truth.json" >"$T/ids.json"
if "$BUILD/eval" "$T/ids.json" "$T/export.json" --strict >"$T/ids.out" 2>&1; then
	ok "kind, unit and period right for every format"
else
	nok "kind, unit and period right for every format"; grep -v '^  ' "$T/ids.out" | sed 's/^/# /' | head
fi

# the text PDF: every label, exactly
pdf=$(jq -r '.files | to_entries[] | select(.value.format == "pdf") | .key' "$T/g/truth.json")
jq --arg f "$pdf" '.files |= with_entries(select(.key == $f))' "$T/g/truth.json" >"$T/pdf.json"
if "$BUILD/eval" "$T/pdf.json" "$T/export.json" --strict >"$T/pdf.out" 2>&1; then
	ok "the text PDF gives every label ($pdf)"
else
	nok "the text PDF gives every label ($pdf)"; grep -v '^  ' "$T/pdf.out" | sed 's/^/# /' | head
fi

codes() { jq -r --arg f "$1" '.submissions[] | select(.file == $f) | [.findings[].code] | join(" ")' "$T/export.json"; }
message() { jq -r --arg f "$1" --arg c "$2" '.submissions[] | select(.file == $f) | .findings[] | select(.code == $c) | .message' "$T/export.json"; }
name_of() { jq -r --arg f "$1" '.files | to_entries[] | select(.value.format == $f) | .key' "$T/g/truth.json"; }
check "no page of the text PDF is OCRed" '! codes "$pdf" | grep -qw ocr'
signed=$(name_of signedscan)
check "a scan whose text layer is only a signature box is OCRed" 'codes "$signed" | grep -qw ocr'
mixed=$(name_of mixed)
check "a mixed PDF: only its scanned page is OCRed ($(message "$mixed" ocr | cut -c1-40))" \
	'message "$mixed" ocr | grep -q "OCR) 1 trên 2 trang"'
tiff=$(name_of tiff)
check "both pages of the TIFF are read" 'message "$tiff" ocr | grep -q "OCR) 2 trên 2 trang"'
photo=$(name_of photo)
check "the phone photo (turned 90 degrees, no resolution) is read as a document" \
	'[ "$(jq -r --arg f "$photo" ".submissions[] | select(.file == \$f) | .kind" "$T/export.json")" = document ]'

# caps and repairs, on files written here
mkdir -p "$T/caps/inbox"
awk 'BEGIN {
	n = 501; printf "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n";
	printf "2 0 obj << /Type /Pages /Count %d /Kids [", n;
	for (i = 0; i < n; i++) printf " %d 0 R", i + 3;
	printf " ] >> endobj\n";
	for (i = 0; i < n; i++)
		printf "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n", i + 3;
	printf "trailer << /Root 1 0 R >>\n%%%%EOF\n" }' >"$T/caps/inbox/many-pages.pdf"
/usr/bin/python3 - "$T/caps/inbox/huge.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
"$here/$PROG" -C "$T/caps" --forms "$here/forms" --rules "$here/rules" -q run --settle 0 2>/dev/null
"$here/$PROG" -C "$T/caps" --forms "$here/forms" --rules "$here/rules" export --json >"$T/caps.json"
capmsg() { jq -r --arg f "$1" '.submissions[] | select(.file == $f) | .findings[0].message' "$T/caps.json"; }
check "a PDF of 501 pages without cross-reference table is repaired and refused by the page cap" \
	'capmsg many-pages.pdf | grep -q "501 pages, over the 500-page cap"'
check "an image of 100000 x 100000 pixels is refused before decoding" \
	'capmsg huge.png | grep -q "100000 x 100000 pixels, over the"'
exit 0
