#!/bin/sh
# check-srchash: the code version in cell keys is a hash of the sources linked into a program
# (tools/srchash.sh, issue 18), not of its executable.
#
#   sh tests/check_srchash.sh BUILD WORK SEED
#
# Two copies of the tree at different paths (sources, and the object tree copied as
# `make mutants` does, so only the links run) build prop3_krylov:
#   1. both copies and BUILD give the same PROGRAM.srchash, and a run in copy B reuses every
#      cell copy A stored (same keys across checkout folders);
#   2. a comment appended to a source that is linked in (algebra/report/cells.c) changes it;
#   3. a comment appended to a library source that is NOT linked in (picked from the linker's
#      trace) leaves it unchanged;
#   4. without the sidecar the program falls back to its executable hash and its table header
#      says so.
set -u
B=$1
W=$2/srchash-test
SEED=$3
P=proofs_check/prop3_krylov
. "$(dirname "$0")/check_lib.sh"
check_begin check-srchash "$W"
mkdir -p "$W/a" "$W/copy-b"
case "$B" in /*) echo "check-srchash: BUILD must be relative to the repository root" >&2; exit 2 ;; esac
[ -s "$B/$P.srchash" ] || { echo "check-srchash: $B/$P.srchash missing (make all first)" >&2; exit 1; }
for d in "$W/a" "$W/copy-b"; do
  cp -a Makefile algebra experiments proofs_check tools tests "$d/"
  mkdir -p "$d/$B"
  cp -a "$B/obj" "$B/libalgebra.a" "$B/libexperiments.a" "$d/$B/"
  make --no-print-directory -C "$d" BUILD="$B" "$B/$P" > "$d/build.log" 2>&1 \
    || { cat "$d/build.log" >&2; bad "copy $d does not build"; }
done
h0=$(cat "$B/$P.srchash")
ha=$(cat "$W/a/$B/$P.srchash" 2>/dev/null)
hb=$(cat "$W/copy-b/$B/$P.srchash" 2>/dev/null)
if [ -n "$ha" ] && [ "$ha" = "$h0" ] && [ "$hb" = "$h0" ]; then
  ok "same sources in $W/a, $W/copy-b and . -> same code version $h0"
else
  bad "code versions differ across folders: . $h0, a $ha, copy-b $hb"
fi
A_RUN="--quick --quiet --seed $SEED --cells $W/store"
(cd "$W/a" && "$B/$P" $A_RUN --out "$W/out-a") > "$W/run-a.log" 2>&1
(cd "$W/copy-b" && "$B/$P" $A_RUN --out "$W/out-b") > "$W/run-b.log" 2>&1
stored=$(find "$W/store" -name '*.cell' | wc -l)
if grep -q "cells: 0 computed, $stored reused" "$W/run-b.log" && [ "$stored" -gt 0 ]; then
  ok "the build in copy-b reused all $stored cells stored by the build in a"
else
  cat "$W/run-a.log" "$W/run-b.log" >&2
  bad "copy-b did not reuse the $stored cells of copy a"
fi

# 2. a linked source changes (a comment only)
echo "/* a comment */" >> "$W/copy-b/algebra/report/cells.c"
make --no-print-directory -C "$W/copy-b" BUILD="$B" "$B/$P" > "$W/copy-b/build2.log" 2>&1 \
  || bad "copy-b does not rebuild"
hb2=$(cat "$W/copy-b/$B/$P.srchash" 2>/dev/null)
if [ -n "$hb2" ] && [ "$hb2" != "$h0" ]; then
  ok "a comment in algebra/report/cells.c (linked) changes the code version ($hb2)"
else
  bad "a comment in a linked source left the code version at '$hb2'"
fi

# 3. a library source that the linker did not use
all=$(cd "$W/a" && ls algebra/*/*.c experiments/*/*.c)
objs=$(cd "$W/a" && for f in $all; do echo "$B/obj/${f%.c}.o"; done)
linked=$(cd "$W/a" && sh tools/srchash.sh "$B/$P" "$B/$P.trace" "${CC:-gcc}" --list -- $objs | sed -n 's/^flags \([^ ]*\) .*/\1/p')
[ "$(printf '%s\n' "$linked" | grep -c .)" -gt 5 ] || bad "the linker trace of $P names too few sources: $linked"
unused=""
for f in $all; do
  printf '%s\n' "$linked" | grep -qx "$f" || { unused=$f; break; }
done
if [ -z "$unused" ]; then
  bad "every library source is linked into $P: no unlinked source to change"
else
  echo "/* a comment */" >> "$W/a/$unused"
  make --no-print-directory -C "$W/a" BUILD="$B" "$B/$P" > "$W/a/build2.log" 2>&1 || bad "copy a does not rebuild"
  ha2=$(cat "$W/a/$B/$P.srchash" 2>/dev/null)
  if grep -q "$unused" "$W/a/build2.log" && [ "$ha2" = "$h0" ]; then
    ok "$unused (rebuilt into the archive, not linked into $P) leaves the code version at $h0"
  else
    bad "changing $unused (not linked) gave code version '$ha2', not $h0 (or it was not rebuilt)"
  fi
fi

# 4. the fallback, named in the table header
rm -f "$W/a/$B/$P.srchash"
(cd "$W/a" && "$B/$P" --quick --quiet --fresh --seed "$SEED" --cells "$W/store-fallback" --out "$W/out-fallback") \
  > "$W/run-fallback.log" 2>&1
if grep -q "^- code version: executable [0-9a-f]\{32\} (fallback: prop3_krylov.srchash" "$W/out-fallback/prop3_krylov.md" \
   && grep -q "^- code version: sources $h0 " "$W/out-a/prop3_krylov.md" \
   && grep -q "code exe-" "$W"/store-fallback/*.cell; then
  ok "without the sidecar: executable hash, named in the table header and the cell descriptions"
else
  grep "code version" "$W/out-fallback/prop3_krylov.md" "$W/out-a/prop3_krylov.md" >&2
  bad "the fallback is not named in the table header"
fi

check_end clean
