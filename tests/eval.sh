#!/bin/sh
# tests/eval.sh - make eval: per-field accuracy on a generated, labelled DOCX corpus.
set -u
E=build/eval-run
N=${EVAL_COUNT:-300}
rm -rf "$E"
mkdir -p "$E"
build/gen_docx eval "$E" --count "$N" --seed 1 >/dev/null || exit 2
BAOCAO_NOW=2026-01-05T02:00:00+07:00 ./baocao -q -C "$E" --forms forms --rules rules run --settle 0
BAOCAO_NOW=2026-01-05T02:00:00+07:00 ./baocao -C "$E" --forms forms --rules rules export --json >"$E/export.json"
build/eval "$E/truth.json" "$E/export.json"
