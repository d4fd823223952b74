#!/bin/sh
# bench/run.sh - make bench: baocao side by side with the tools a user would otherwise use,
# in one run, medians over several runs. Rewrites bench/results.md and bench/results.json.
# Environment: BENCH_DOCS (pipeline corpus size, default 1000), BENCH_RUNS (default 3).
# A benchmark, not a test: nothing in make test depends on these figures.
set -u
BUILD=${BUILD:-build}
N=${BENCH_DOCS:-1000}
RUNS=${BENCH_RUNS:-3}
here=$(pwd)
W=build/bench
rm -rf "$W"
mkdir -p "$W"
export BAOCAO_NOW=2026-01-05T02:00:00+07:00
cores=$(nproc)
say() { echo "bench: $*" >&2; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now() { date +%s.%N; }

# the peers, from Debian, when missing
if [ "$(id -u)" = 0 ]; then
	for p in pandoc docx2txt poppler-utils time; do
		dpkg -s "$p" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null 2>&1
	done
fi

say "generating $N submissions and a 10,000-document store corpus"
"$BUILD/gen_docx" eval "$W/c1000" --count "$N" --seed 7 >/dev/null
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

# 2. text PDF pages: the peer only, until the PDF reader lands
pdf=../shared/corpus/vn_official/pdf_text/Dang_QD294-QD-TW_2025.pdf
pdftotext_rate=null
if [ -f "$pdf" ] && command -v pdftotext >/dev/null; then
	pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
	rates=""
	for r in $(seq "$RUNS"); do
		t0=$(now); pdftotext "$pdf" - >/dev/null 2>&1; t1=$(now)
		rates="$rates $(awk "BEGIN{print $pages / ($t1 - $t0)}")"
	done
	pdftotext_rate=$(echo $rates | tr ' ' '\n' | median)
fi

# 4 and 7. the whole pipeline, and how it grows: 100, 1,000, 10,000 documents
run_pipeline() {  # run_pipeline SRC_INBOX COUNT -> "seconds rss_kb"
	root="$W/run-$2"
	rm -rf "$root"; mkdir -p "$root/inbox"
	find "$1" -type f | sort | head -n "$2" | while read -r f; do
		rel=${f#"$1"/}; mkdir -p "$root/inbox/$(dirname "$rel")"; cp -p "$f" "$root/inbox/$rel"
	done
	/usr/bin/time -f "%e %M" -o "$W/time.$2" ./baocao -q -C "$root" --forms forms --rules rules run --settle 0 2>/dev/null
	tail -n 1 "$W/time.$2"
}
say "4. the whole pipeline on $N submissions"
set -- $(run_pipeline "$W/c1000/inbox" "$N")
pipe_s=$1; pipe_rss=$2
pipe_rate=$(awk "BEGIN{print $N / $pipe_s}")
say "7. growth: 100 and 10,000 documents"
set -- $(run_pipeline "$W/c10k/inbox" 100); g100_s=$1; g100_rss=$2
set -- $(run_pipeline "$W/c10k/inbox" 10000); g10k_s=$1; g10k_rss=$2

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

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", $1 / $2; else print \"-\" }"; }
r1() { awk "BEGIN{printf \"%.1f\", $1}"; }
r3() { awk "BEGIN{printf \"%.3f\", $1}"; }
ours=$(r1 "$ours"); pandoc=$(r1 "$pandoc"); d2t=$(r1 "$d2t"); pipe_rate=$(r1 "$pipe_rate")
[ "$pdftotext_rate" = null ] || pdftotext_rate=$(r1 "$pdftotext_rate")
idle_s=$(r3 "$idle_s"); comp_s=$(r3 "$comp_s")
mb() { awk "BEGIN{printf \"%.0f\", $1 / 1024}"; }
cat >bench/results.md <<EOF2
# make bench

Measured on $(date -u +%Y-%m-%d) on this machine: $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo).
Medians of $RUNS runs; every figure of a row measured in the same run. Corpus: generated
DOCX reports and documents (\`tests/gen/gen_docx eval\`, seeds 7 and 8).

| what | baocao | peer | ratio |
|---|---|---|---|
| 1. DOCX read and fields extracted, docs/s | $ours | pandoc -t plain: $pandoc | $(ratio "$ours" "$pandoc")× |
| 1. DOCX, docs/s | $ours | docx2txt: $d2t | $(ratio "$ours" "$d2t")× |
| 2. text PDF, pages/s | not yet (PDF reader, issue 3) | pdftotext: $pdftotext_rate | - |
| 3. OCR, s/page | not yet (OCR, issue 3) | - | - |
| 4. whole pipeline, $N submissions (all DOCX for now) | $pipe_rate subs/s, peak $(mb "$pipe_rss") MB | - | - |
| 5. run with nothing new, 10,000 stored documents | $idle_s s, peak $(mb "$idle_rss") MB | - | - |
| 6. compile a period of $units units (all outputs) | $comp_s s | - | - |
| 7. growth: 100 documents | $g100_s s, peak $(mb "$g100_rss") MB | | |
| 7. growth: $N documents | $pipe_s s, peak $(mb "$pipe_rss") MB | | |
| 7. growth: 10,000 documents | $g10k_s s, peak $(mb "$g10k_rss") MB | | |
EOF2
cat >bench/results.json <<EOF2
{
  "cores": $cores,
  "docx_docs_per_s": $ours,
  "pandoc_docs_per_s": $pandoc,
  "docx2txt_docs_per_s": $d2t,
  "pdf_pages_per_s": null,
  "pdftotext_pages_per_s": $pdftotext_rate,
  "ocr_s_per_page_1core": null,
  "tesseract_s_per_page_1core": null,
  "ocr_speedup_2cores": null,
  "pipeline_subs_per_s": $pipe_rate,
  "pipeline_peak_rss_mb": $(mb "$pipe_rss"),
  "idle_run_10k_s": $idle_s,
  "compile_120_units_s": $comp_s,
  "rss_mb_by_docs": { "100": $(mb "$g100_rss"), "$N": $(mb "$pipe_rss"), "10000": $(mb "$g10k_rss") }
}
EOF2
cat bench/results.md
