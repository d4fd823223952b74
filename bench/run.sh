#!/bin/sh
# bench/run.sh - make bench: baocao side by side with the tools a user would otherwise use,
# in one run, medians over several runs. Rewrites bench/results.md and bench/results.json.
# Environment: BENCH_DOCS (pipeline corpus size, default 1000), BENCH_RUNS (default 3),
# BENCH_OCR_PAGES (scanned pages OCRed in row 3, default 8), BENCH_OCR_RUNS (passes of
# row 3, default BENCH_RUNS; OCR is slow).
# A benchmark, not a test: nothing in make test depends on these figures.
set -u
BUILD=${BUILD:-build}
N=${BENCH_DOCS:-1000}
RUNS=${BENCH_RUNS:-3}
OCR_PAGES=${BENCH_OCR_PAGES:-8}
OCR_RUNS=${BENCH_OCR_RUNS:-$RUNS}
here=$(pwd)
W=build/bench
rm -rf "$W"
mkdir -p "$W"
export BAOCAO_NOW=2026-01-05T02:00:00+07:00
unset BAOCAO_OCR_THREADS   # it would override the threads row 3 asks ocr_pages() for
cores=$(nproc)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
say() { echo "bench: $*" >&2; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now() { date +%s.%N; }

# the peers, from Debian, when missing
if [ "$(id -u)" = 0 ]; then
	for p in pandoc docx2txt poppler-utils time tesseract-ocr tesseract-ocr-vie; do
		dpkg -s "$p" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null 2>&1
	done
fi

# The mixed corpus of row 4: mostly DOCX and text PDF, some scans (4%; OCR costs about a
# second a page). The generator writes as many files of each non-DOCX format, so the scans
# come from a second run with the same seed and --count (the DOCX items are drawn, not
# written, so that the scans avoid their units and periods): each format draws from its
# own generator and owns its own units and periods, so the two runs make one corpus.
nscan=$((N * 4 / 100)); [ "$nscan" -ge 1 ] || nscan=1
npdf=$((N * 36 / 100)); [ "$npdf" -ge 1 ] || npdf=1
nd=$((N - npdf - nscan)); [ "$nd" -ge 1 ] || nd=1
say "generating $N mixed submissions ($nd DOCX, $npdf text PDF, $nscan scans) and a 10,000-document store corpus"
"$BUILD/gen_docx" eval "$W/c1000" --count "$nd" --seed 7 --formats docx,pdf --per-format "$npdf" >/dev/null
"$BUILD/gen_docx" eval "$W/cscan" --count "$nd" --seed 7 --formats scan300 --per-format "$nscan" >/dev/null
mkdir -p "$W/mixed"
cp -a "$W/c1000/inbox/." "$W/mixed/"
cp -a "$W/cscan/inbox/." "$W/mixed/"
nmixed=$(find "$W/mixed" -type f | wc -l)
nmix_pdf=$(find "$W/mixed" -name 'eval-pdf-*' | wc -l)
nmix_scan=$(find "$W/mixed" -name 'eval-scan300-*' | wc -l)
nmix_scan_pages=0
for f in $(find "$W/mixed" -name 'eval-scan300-*'); do
	nmix_scan_pages=$((nmix_scan_pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
done
mix_kinds=$(jq -r '.files[] | "\(.format) \(.kind)"' "$W/c1000/truth.json" "$W/cscan/truth.json" 2>/dev/null |
	sort | uniq -c | awk '{printf "%s%s %s %s", (NR > 1 ? ", " : ""), $1, $2, $3 "s"}')
"$BUILD/gen_docx" eval "$W/c10k" --count 10000 --seed 8 >/dev/null
find "$W/c1000/inbox" -name '*.docx' | sort >"$W/docx.list"
ndocx=$(wc -l <"$W/docx.list")

# 1. reading DOCX to text: ours (read and extract, in one process) against pandoc, docx2txt
say "1. DOCX: ours on $ndocx files, pandoc and docx2txt on samples"
ours=$("$BUILD/bench_read" "$RUNS" $(cat "$W/docx.list"))
head -n 30 "$W/docx.list" >"$W/sample30"
head -n 100 "$W/docx.list" >"$W/sample100"
pandoc_rates=""
d2t_rates=""
for r in $(seq "$RUNS"); do
	t0=$(now); while read -r f; do pandoc -t plain "$f" >/dev/null 2>&1; done <"$W/sample30"; t1=$(now)
	pandoc_rates="$pandoc_rates $(awk "BEGIN{print 30 / ($t1 - $t0)}")"
	t0=$(now); while read -r f; do docx2txt "$f" - >/dev/null 2>&1; done <"$W/sample100"; t1=$(now)
	d2t_rates="$d2t_rates $(awk "BEGIN{print 100 / ($t1 - $t0)}")"
done
pandoc=$(echo $pandoc_rates | tr ' ' '\n' | median)
d2t=$(echo $d2t_rates | tr ' ' '\n' | median)

# 2. text PDF pages: ours (pdf_read, in one process, files in memory) against pdftotext
# (one process per file, as a user runs it), on the real multi-page PDFs of the corpus
pdfdir=../shared/corpus/vn_official/pdf_text
pdf_rate=null; pdf_full=null; pdftotext_rate=null; pdf_pages=0; pdf_files=0; pdf_ocr=0
if [ -d "$pdfdir" ] && command -v pdftotext >/dev/null; then
	find "$pdfdir" -name '*.pdf' | sort >"$W/pdf.list"
	pdf_files=$(wc -l <"$W/pdf.list")
	while read -r f; do
		pdf_pages=$((pdf_pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
	done <"$W/pdf.list"
	say "2. text PDF: $pdf_files files, $pdf_pages pages, ours and pdftotext"
	set -- $("$BUILD/bench_pdf" pdf "$RUNS" $(cat "$W/pdf.list"))
	if [ $# -eq 4 ]; then
		[ "$1" = "$pdf_pages" ] || say "2. pdf_read counted $1 pages, pdfinfo $pdf_pages"
		pdf_ocr=$2; pdf_rate=$3; pdf_full=$4
	fi
	rates=""
	for r in $(seq "$RUNS"); do
		t0=$(now); while read -r f; do pdftotext "$f" - >/dev/null 2>&1; done <"$W/pdf.list"; t1=$(now)
		rates="$rates $(awk "BEGIN{print $pdf_pages / ($t1 - $t0)}")"
	done
	pdftotext_rate=$(echo $rates | tr ' ' '\n' | median)
fi

# 3. OCR: ours (ocr_pages, in one process, images decoded first) with 1 and 2 threads,
# against the tesseract command on the same 8-bit grey 300-dpi PNG pages, one process per
# page. OMP_THREAD_LIMIT=1 must be in the environment when each program starts (ocr.h).
say "3. OCR: $OCR_PAGES scanned pages, ours with 1 and 2 threads, tesseract one and two at a time"
"$BUILD/gen_docx" eval "$W/cocr" --count 1 --seed 9 --formats scan300 --per-format "$OCR_PAGES" >/dev/null
mkdir -p "$W/png"
find "$W/cocr/inbox" -name '*.pdf' | sort | while read -r f; do
	pdftoppm -r 300 -gray -png "$f" "$W/png/$(basename "$f" .pdf)"
done
# pdftoppm -gray -png still writes RGB: made 8-bit grey, as a scanner gives it
ls "$W/png/"*.png | sort | head -n "$OCR_PAGES" >"$W/png.list"
while read -r f; do "$BUILD/bench_pdf" grey "$f" "$f"; done <"$W/png.list"
ocr_n=$(wc -l <"$W/png.list")
ocr1=null; ocr2=null; ocr_speedup=null; tess1=null; tess2=null; ocr_words=0
ocr1_cpu=null; tess1_cpu=null
if [ "$ocr_n" -ge 1 ] && command -v tesseract >/dev/null; then
	# one pass of each in turn, so that a busy moment of the machine hits all four alike
	# processor seconds (user + system) too: a busy machine disturbs them less
	o1s=""; o2s=""; t1s=""; t2s=""; o1c=""; t1c=""
	for r in $(seq "$OCR_RUNS"); do
		set -- $(OMP_THREAD_LIMIT=1 "$BUILD/bench_pdf" ocr 1 1 $(cat "$W/png.list"))
		[ $# -eq 4 ] && { o1s="$o1s $2"; ocr_words=$3; o1c="$o1c $4"; }
		set -- $(OMP_THREAD_LIMIT=1 "$BUILD/bench_pdf" ocr 1 2 $(cat "$W/png.list"))
		[ $# -eq 4 ] && o2s="$o2s $2"
		OMP_THREAD_LIMIT=1 /usr/bin/time -f "%e %U %S" -o "$W/tess.time" sh -c \
			'while read -r f; do tesseract "$f" - -l vie >/dev/null 2>&1; done' <"$W/png.list"
		set -- $(tail -n 1 "$W/tess.time")
		t1s="$t1s $(awk "BEGIN{print $1 / $ocr_n}")"
		t1c="$t1c $(awk "BEGIN{print ($2 + $3) / $ocr_n}")"
		t0=$(now); OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract {} - -l vie <"$W/png.list" >/dev/null 2>&1; t1=$(now)
		t2s="$t2s $(awk "BEGIN{print ($t1 - $t0) / $ocr_n}")"
	done
	[ -n "$o1s" ] && ocr1=$(echo $o1s | tr ' ' '\n' | median)
	[ -n "$o2s" ] && ocr2=$(echo $o2s | tr ' ' '\n' | median)
	[ -n "$o1c" ] && ocr1_cpu=$(echo $o1c | tr ' ' '\n' | median)
	[ -n "$t1c" ] && tess1_cpu=$(echo $t1c | tr ' ' '\n' | median)
	[ "$ocr1" = null ] || [ "$ocr2" = null ] || ocr_speedup=$(awk "BEGIN{printf \"%.2f\", $ocr1 / $ocr2}")
	tess1=$(echo $t1s | tr ' ' '\n' | median)
	tess2=$(echo $t2s | tr ' ' '\n' | median)
fi

# 4 and 7. the whole pipeline, and how it grows: 100, 1,000, 10,000 documents.
# Peak memory twice: GNU time's maximum resident size (the largest single process, the
# parent or one reading child), and the sum over the parent and its reading children,
# sampled every 0.2 s.
tree_rss() {  # tree_rss PID -> kB resident in PID's descendants
	ps -e -o pid=,ppid=,rss= | awk -v root="$1" '{ p[$1] = $2; r[$1] = $3 }
		END { for (i in p) { j = p[i]; while (j != root && (j in p) && j > 1) j = p[j]
		      if (j == root) s += r[i] } print s + 0 }'
}
run_pipeline() {  # run_pipeline SRC_INBOX COUNT NAME -> "seconds rss_kb summed_rss_kb"
	root="$W/run-$3"
	rm -rf "$root"; mkdir -p "$root/inbox"
	find "$1" -type f | sort | head -n "$2" | while read -r f; do
		rel=${f#"$1"/}; mkdir -p "$root/inbox/$(dirname "$rel")"; cp -p "$f" "$root/inbox/$rel"
	done
	rm -f "$W/done.$3"
	( /usr/bin/time -f "%e %M" -o "$W/time.$3" ./baocao -q -C "$root" --forms forms --rules rules run --settle 0 2>/dev/null; touch "$W/done.$3" ) &
	sub=$!
	peak=0
	while [ ! -e "$W/done.$3" ]; do
		t=$(tree_rss "$sub"); [ "$t" -gt "$peak" ] && peak=$t
		sleep 0.2
	done
	wait "$sub"
	echo "$(tail -n 1 "$W/time.$3") $peak"
}
say "4. the whole pipeline on $nmixed mixed submissions"
set -- $(run_pipeline "$W/mixed" "$nmixed" mixed)
pipe_s=$1; pipe_rss=$2; pipe_tot=$3
pipe_rate=$(awk "BEGIN{print $nmixed / $pipe_s}")
./baocao -q -C "$W/run-mixed" --forms forms --rules rules export 2>/dev/null >"$W/mixed-export.json"
mix_status=$(jq -r '[.submissions[] | ((.file | capture("eval-(?<f>[a-z0-9]+)-").f // "docx") + " " + .status)]
	| group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$W/mixed-export.json" 2>/dev/null)
say "7. growth: 100, 1,000 and 10,000 DOCX documents"
set -- $(run_pipeline "$W/c10k/inbox" 100 100); g100_s=$1; g100_rss=$2
set -- $(run_pipeline "$W/c10k/inbox" 1000 1000); g1k_s=$1; g1k_rss=$2
set -- $(run_pipeline "$W/c10k/inbox" 10000 10000); g10k_s=$1; g10k_rss=$2

# 5. a run with nothing new on the 10,000-document store
say "5. idle run on 10,000 documents"
idle=""
for r in $(seq "$RUNS"); do
	t0=$(now); ./baocao -q -C "$W/run-10000" --forms forms --rules rules run --settle 0 2>/dev/null; t1=$(now)
	idle="$idle $(awk "BEGIN{print $t1 - $t0}")"
done
idle_s=$(echo $idle | tr ' ' '\n' | median)
/usr/bin/time -f "%M" -o "$W/idle.rss" ./baocao -q -C "$W/run-10000" --forms forms --rules rules run --settle 0 2>/dev/null
idle_rss=$(tail -n 1 "$W/idle.rss")

# 6. compiling the outputs of a period with 120 units
say "6. compile a period of 120 units"
C="$W/c120"
mkdir -p "$C/rules" "$C/inbox"
cp rules/* "$C/rules/"
canon=$(find "$W/c1000/inbox" -name '*.docx' | head -n 1)
for i in $(seq 1 96); do
	code=$(printf 'DU-X%03d' "$i")
	printf '%s,Đảng ủy đơn vị %03d,xa-phuong,1.1;1.2;1.3,x%03d@haiphong.example,\n' "$code" "$i" "$i" >>"$C/rules/units.csv"
done
tail -n +2 "$C/rules/units.csv" | cut -d, -f1 | while read -r code; do
	mkdir -p "$C/inbox/$code"
	cp "$canon" "$C/inbox/$code/bc.docx"
	echo "$code" | zip -q -z "$C/inbox/$code/bc.docx"   # a comment: other bytes, same report
	touch -d '2025-10-15 09:00' "$C/inbox/$code/bc.docx"
done
units=$(($(wc -l <"$C/rules/units.csv") - 1))
./baocao -q -C "$C" --forms forms --rules "$C/rules" run --settle 0 2>/dev/null
comp=""
for r in $(seq "$RUNS"); do
	rm -rf "$C/outbox"
	t0=$(now); ./baocao -q -C "$C" --forms forms --rules "$C/rules" run --settle 0 2>/dev/null; t1=$(now)
	comp="$comp $(awk "BEGIN{print $t1 - $t0}")"
done
comp_s=$(echo $comp | tr ' ' '\n' | median)

load1=$(cut -d' ' -f1-3 /proc/loadavg)
ratio() { awk "BEGIN{ if (\"$1\" != \"null\" && \"$2\" != \"null\" && $2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"; }
r1() { [ "$1" = null ] && echo null || awk "BEGIN{printf \"%.1f\", $1}"; }
r2() { [ "$1" = null ] && echo null || awk "BEGIN{printf \"%.2f\", $1}"; }
r3() { [ "$1" = null ] && echo null || awk "BEGIN{printf \"%.3f\", $1}"; }
ours=$(r1 "$ours"); pandoc=$(r1 "$pandoc"); d2t=$(r1 "$d2t"); pipe_rate=$(r1 "$pipe_rate")
pdf_rate=$(r1 "$pdf_rate"); pdf_full=$(r1 "$pdf_full"); pdftotext_rate=$(r1 "$pdftotext_rate")
ocr1=$(r2 "$ocr1"); ocr2=$(r2 "$ocr2"); tess1=$(r2 "$tess1"); tess2=$(r2 "$tess2")
ocr1_cpu=$(r2 "$ocr1_cpu"); tess1_cpu=$(r2 "$tess1_cpu")
tess_speedup=$(ratio "$tess1" "$tess2")
idle_s=$(r3 "$idle_s"); comp_s=$(r3 "$comp_s")
mb() { awk "BEGIN{printf \"%.0f\", $1 / 1024}"; }
# the issue's targets: met, not met, or not measured
verdict() {  # verdict VALUE OP LIMIT
	case "$1" in null|-|"") echo "not measured"; return ;; esac
	awk "BEGIN{ print ($1 $2 $3) ? \"met\" : \"NOT met\" }"
}
pdf_ratio=$(ratio "$pdf_rate" "$pdftotext_rate")
ocr_time_ratio=$(ratio "$ocr1" "$tess1")
cat >bench/results.md <<EOF2
# make bench

Measured on $(date -u +%Y-%m-%d) on this machine: $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);
load average (1, 5, 15 min) $load0 at the start, $load1 at the end (the machine is shared:
above $cores, other work was running and the figures are pessimistic, OCR most of all).
Medians of $RUNS runs ($OCR_RUNS for OCR); every figure of a row measured in the same run.

| what | baocao | peer | ratio |
|---|---|---|---|
| 1. DOCX read and fields extracted, docs/s | $ours | pandoc -t plain: $pandoc | $(ratio "$ours" "$pandoc")× |
| 1. DOCX, docs/s | $ours | docx2txt: $d2t | $(ratio "$ours" "$d2t")× |
| 2. text PDF read (words rebuilt into lines, paragraphs, tables), pages/s | $pdf_rate | pdftotext: $pdftotext_rate | ${pdf_ratio}× |
| 2. text PDF read, classified, fields extracted, pages/s | $pdf_full | pdftotext: $pdftotext_rate | $(ratio "$pdf_full" "$pdftotext_rate")× |
| 3. OCR, s/page, 1 core | $ocr1 | tesseract -l vie, one page at a time: $tess1 | ${ocr_time_ratio}× the time |
| 3. OCR, processor s/page (user + system), 1 core | $ocr1_cpu | tesseract, one page at a time: $tess1_cpu | $(ratio "$ocr1_cpu" "$tess1_cpu")× the time |
| 3. OCR, s/page, 2 cores | $ocr2 | tesseract, two pages at a time: $tess2 | $(ratio "$ocr2" "$tess2")× the time |
| 3. OCR throughput, 2 cores against 1 | ${ocr_speedup}× | tesseract: ${tess_speedup}× | - |
| 4. whole pipeline, $nmixed mixed submissions, subs/s | $pipe_rate subs/s, peak $(mb "$pipe_rss") MB (largest process), $(mb "$pipe_tot") MB (all processes) | - | - |
| 5. run with nothing new, 10,000 stored documents | $idle_s s, peak $(mb "$idle_rss") MB | - | - |
| 6. compile a period of $units units (all outputs) | $comp_s s | - | - |
| 7. growth: 100 documents | $g100_s s, peak $(mb "$g100_rss") MB | | |
| 7. growth: 1,000 documents | $g1k_s s, peak $(mb "$g1k_rss") MB | | |
| 7. growth: 10,000 documents | $g10k_s s, peak $(mb "$g10k_rss") MB | | |

Targets (issue 8):
- text PDF at least 0.8 times the pages per second of pdftotext: ${pdf_ratio}×, $(verdict "$pdf_ratio" '>=' 0.8);
- OCR no more than 10% slower per page than the tesseract command: ${ocr_time_ratio}× the time, $(verdict "$ocr_time_ratio" '<=' 1.1);
- OCR at least 1.8 times the throughput on two cores as on one: ${ocr_speedup}×, $(verdict "$ocr_speedup" '>=' 1.8).

What each row ran:
- 1: ours is \`bench/bench_read\` (read, classify, extract, validate, in one process, files in
  memory first) on the $(wc -l <"$W/docx.list") DOCX files of the row 4 corpus; pandoc on 30 and docx2txt on 100 of them,
  one process per file.
- 2: the $pdf_files real PDFs of \`../shared/corpus/vn_official/pdf_text/\`, $pdf_pages pages ($pdf_ocr of them
  OCRed by us). Ours is \`bench/bench_pdf pdf\`: \`pdf_read()\` in one process, files in memory
  first; the second line adds classification, extraction and validation (\`process_bytes()\`).
  pdftotext runs once per file, one process per file, as a user runs it.
- 3: $ocr_n pages of generated \`scan300\` PDFs (seed 9) rendered by \`pdftoppm -r 300\` and made
  8-bit grey PNG. Ours is \`bench/bench_pdf ocr\`: \`ocr_pages()\` with 1, then 2 threads, images
  decoded first, one Tesseract per thread per call; it also turns pages upright, deskews,
  levels the background, removes table rules and reads empty table cells again. The peer is
  \`tesseract PAGE.png - -l vie\`, one process per page (start and \`vie\` loading included),
  one after another, then two at a time (\`xargs -P2\`). OMP_THREAD_LIMIT=1 for both; the four
  take turns, one pass each, $OCR_RUNS times. Our OCR
  read $ocr_words words on the last pass.
- 4: \`gen_docx eval\` seed 7: $((nmixed - nmix_pdf - nmix_scan)) DOCX, $nmix_pdf text PDF and $nmix_scan \`scan300\` PDFs ($nmix_scan_pages scanned
  pages) through \`baocao run\` (ingest, read, extract, validate, store, compile): ${mix_kinds:-?}
  (the generator gives the other formats only the units and periods the DOCX reports leave,
  so most of their files are one-page official documents rather than reports). Status of
  what was stored, by format: ${mix_status:-unknown}. Peak memory is GNU time's (the largest single process) and the sum over the
  parent and its reading children, sampled every 0.2 s.
- 5, 7: generated DOCX only (seed 8), the first 100, 1,000 and 10,000 files. 6: one DOCX report copied
  to $units unit folders.
EOF2
cat >bench/results.json <<EOF2
{
  "cores": $cores,
  "load_average_start": "$load0",
  "load_average_end": "$load1",
  "docx_docs_per_s": $ours,
  "pandoc_docs_per_s": $pandoc,
  "docx2txt_docs_per_s": $d2t,
  "pdf_pages_per_s": $pdf_rate,
  "pdf_extract_pages_per_s": $pdf_full,
  "pdftotext_pages_per_s": $pdftotext_rate,
  "pdf_pages": $pdf_pages,
  "ocr_pages": $ocr_n,
  "ocr_s_per_page_1core": $ocr1,
  "ocr_s_per_page_2cores": $ocr2,
  "tesseract_s_per_page_1core": $tess1,
  "tesseract_s_per_page_2procs": $tess2,
  "ocr_cpu_s_per_page_1core": $ocr1_cpu,
  "tesseract_cpu_s_per_page_1core": $tess1_cpu,
  "ocr_speedup_2cores": $ocr_speedup,
  "pipeline_submissions": { "total": $nmixed, "docx": $((nmixed - nmix_pdf - nmix_scan)), "pdf": $nmix_pdf, "scan300": $nmix_scan, "scanned_pages": $nmix_scan_pages },
  "pipeline_subs_per_s": $pipe_rate,
  "pipeline_peak_rss_mb": $(mb "$pipe_rss"),
  "pipeline_peak_rss_all_processes_mb": $(mb "$pipe_tot"),
  "idle_run_10k_s": $idle_s,
  "compile_120_units_s": $comp_s,
  "rss_mb_by_docs": { "100": $(mb "$g100_rss"), "1000": $(mb "$g1k_rss"), "10000": $(mb "$g10k_rss") }
}
EOF2
cat bench/results.md
