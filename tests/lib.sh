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
# need PACKAGE...: install Debian packages when missing (as root), refreshing the package
# lists once if the first try fails (a fresh machine's lists may be stale)
need() {
	[ "$(id -u)" = 0 ] || return 0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}
