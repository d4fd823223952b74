# tests/lib.sh - what every end-to-end test script starts with: strict variables, the
# build to test (BUILD, PROG), a scratch folder removed at exit ($T), and TAP-style
# "ok N - what" / "not ok N - what" lines. check WHAT EXPR evaluates EXPR.
set -u
BUILD=${BUILD:-build}
PROG=${PROG:-./baocao}
here=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
