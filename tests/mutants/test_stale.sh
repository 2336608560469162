#!/bin/sh
# test_stale.sh -- the mutation runner refuses a stale mutant (its fragment found 0 or 2 times
# in the file) and names it, before building anything; a valid list passes --check-only.
# Cheap (no build): run by `make check` as check-mutants-runner.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runner="$here/run_mutants.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mutants_stale.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
printf 'int twice = 1; int twice2 = 1;\nint once = 2;\n' > "$tmp/src/a.c"
fails=0
expect() { # expect NAME WANT_RC GREP_PATTERN LIST_TEXT
    printf '%s\n' "$4" > "$tmp/list.txt"
    out=$("$runner" --root "$tmp" --list "$tmp/list.txt" --check-only 2>&1)
    rc=$?
    if [ "$rc" != "$2" ] || ! printf '%s\n' "$out" | grep -q -- "$3"; then
        echo "test_stale: $1: expected exit $2 and a message matching '$3', got exit $rc: $out" >&2
        fails=$((fails + 1))
    fi
}
expect "valid list" 0 "1 mutants, every fragment found exactly once" \
    "ok_one | src/a.c | int once = 2; | int once = 3; | a changed constant"
expect "fragment found 0 times" 2 "mutant 'gone': fragment 'int never = 0;' occurs 0 times in src/a.c" \
    "gone | src/a.c | int never = 0; | int never = 1; | a line that no longer exists"
expect "fragment found 2 times" 2 "mutant 'ambiguous': fragment '= 1;' occurs 2 times in src/a.c" \
    "ambiguous | src/a.c | = 1; | = 2; | an ambiguous fragment"
expect "missing file" 2 "mutant 'nofile': src/b.c: no such file" \
    "nofile | src/b.c | x | y | a file that moved"
expect "stale among valid ones" 2 "1 bad mutant line" \
    "ok_one | src/a.c | int once = 2; | int once = 3; | fine
gone | src/a.c | int never = 0; | int never = 1; | stale"
expect "duplicate id" 2 "mutant 'ok_one': duplicate id" \
    "ok_one | src/a.c | int once = 2; | int once = 3; | fine
ok_one | src/a.c | int once = 2; | int once = 4; | again"
expect "malformed line" 2 "expected 'id | file | fragment" \
    "short | src/a.c | int once = 2;"
# the file must not have been touched by --check-only
grep -q 'int once = 2;' "$tmp/src/a.c" || { echo "test_stale: --check-only modified the source" >&2; fails=$((fails + 1)); }
if [ "$fails" -gt 0 ]; then echo "test_stale: $fails case(s) failed" >&2; exit 1; fi
echo "test_stale: the runner rejects stale, ambiguous, missing, duplicate and malformed mutants (7 cases)"
