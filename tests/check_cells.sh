#!/bin/sh
# check-cells: every checker's table assembled from shards equals its single-process table
# (apart from the timing columns), and the cell store survives faults.  The same for the
# experiment drivers that run through cells (krylov_accuracy), against their own reference.
#
#   sh tests/check_cells.sh BUILD REF SEED
#
# REF holds the single-process quick tables of every checker (written by check-checkers with
# --fresh).  For each checker the shards 0/2 and 1/2 run into a fresh store, --assemble writes
# the table, and `sweep compare` compares .md and .csv with REF.  Engines: manual shards for
# prop1_closure (with the SIGKILL fault below), GNU parallel for prop3_krylov when installed,
# the sweep local engine for the others.  Faults:
#   SIGKILL  shard 0/2 of prop1_closure killed mid-cell: no partial cell file (the rerun finds
#            no corrupt file and reuses every finished cell), the rerun completes the table;
#   SIGTERM  to a prop1_closure run with 2 workers: every worker is gone within 1 s;
#   corrupt  prop3_krylov's store with one truncated, one altered and one deleted cell file:
#            --assemble fails naming them; a rerun recomputes exactly those 3 and the table
#            equals the reference again.
set -u
B=$1
REF=$2
SEED=$3
W=$REF/cells-test
SWEEP=$B/tools/sweep
. "$(dirname "$0")/check_lib.sh"
check_begin check-cells "$W"

# compare_tables NAME DIR [REFDIR]: every table DIR/*.md (and .csv) against REFDIR (default REF)
compare_tables() {
  found=0
  R=${3:-$REF}
  for t in "$2"/*.md; do
    [ -f "$t" ] || continue
    found=1
    base=$(basename "$t" .md)
    if $SWEEP compare "$R/$base.md" "$t" >/dev/null && $SWEEP compare "$R/$base.csv" "$2/$base.csv" >/dev/null; then
      ok "$1: assembled $base.md/.csv = single-process table (timing columns aside)"
    else
      $SWEEP compare "$R/$base.md" "$t"; $SWEEP compare "$R/$base.csv" "$2/$base.csv"
      bad "$1: assembled table differs from the single-process table"
    fi
  done
  [ $found = 1 ] || bad "$1: no assembled table in $2"
}

# is_gone PID: the process no longer exists (or is a zombie waiting to be reaped)
is_gone() {
  st=$(ps -o stat= -p "$1" 2>/dev/null)
  [ -z "$st" ] || case "$st" in Z*) true ;; *) false ;; esac
}

A="--quick --quiet --seed $SEED"
for c in "$B"/proofs_check/*; do
  [ -x "$c" ] || continue
  n=$(basename "$c")
  st=$W/store-$n
  out=$W/assembled-$n
  case $n in
  prop1_closure)
    # SIGKILL shard 0 mid-cell (in-process: the cell being computed dies with it)
    $c $A --cells "$st" --shard 0/2 --workers 1 > "$W/$n.killed" 2>&1 &
    pid=$!
    sleep 4
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    before=$(ls "$st" | grep -c '\.cell$')
    $c $A --cells "$st" --shard 0/2 --workers 1 > "$W/$n.shard0" 2> "$W/$n.shard0.err" &
    p0=$!
    $c $A --cells "$st" --shard 1/2 --workers 1 > "$W/$n.shard1" 2> "$W/$n.shard1.err"
    r1=$?
    wait $p0
    r0=$?
    reused=$(sed -n 's/.*computed, \([0-9]*\) reused.*/\1/p' "$W/$n.shard0")
    if [ $r0 = 0 ] && [ $r1 = 0 ] && ! grep -q corrupt "$W/$n.shard0.err" && [ "$reused" = "$before" ]; then
      ok "$n: SIGKILL mid-cell left $before finished cells and no partial one; the rerun reused $reused"
    else
      cat "$W/$n.shard0.err" >&2
      bad "$n: rerun after SIGKILL (exit $r0/$r1, $before cells before, reused '$reused')"
    fi
    $c $A --cells "$st" --assemble --out "$out" > "$W/$n.assemble" 2>&1
    ;;
  prop3_krylov)
    if command -v parallel >/dev/null; then
      $SWEEP --engine parallel -j 2 --shards 3 --workers 1 --cells "$st" --fresh -- $c $A --out "$out" > "$W/$n.sweep" 2>&1
    else
      echo "check-cells: GNU parallel not installed: local engine for $n"
      $SWEEP -j 2 --workers 1 --cells "$st" --fresh -- $c $A --out "$out" > "$W/$n.sweep" 2>&1
    fi
    ;;
  *)
    $SWEEP -j 2 --workers 1 --cells "$st" --fresh -- $c $A --out "$out" > "$W/$n.sweep" 2>&1
    ;;
  esac
  compare_tables "$n" "$out"
done

# ---- the experiment drivers that run through cells: their own single-process reference
for n in krylov_accuracy; do
  c=$B/experiments/$n
  $c $A --fresh --cells "$W/ref-store-$n" --out "$W/ref-$n" > "$W/$n.ref" 2>&1
  $SWEEP -j 2 --shards 3 --workers 1 --cells "$W/store-$n" --fresh -- $c $A --out "$W/assembled-$n" > "$W/$n.sweep" 2>&1
  compare_tables "$n" "$W/assembled-$n" "$W/ref-$n"
done

# ---- SIGTERM to a parent with workers: the workers go at once
c=$B/proofs_check/prop1_closure
$c $A --fresh --workers 2 --cells "$W/store-term" --out "$W/term" > "$W/term.log" 2>&1 &
pid=$!
kids=""
for i in $(seq 1 100); do
  kids=$(ps -o pid= --ppid $pid 2>/dev/null | tr -d ' ' | tr '\n' ' ')
  [ "$(echo $kids | wc -w)" -ge 2 ] && break
  sleep 0.1
done
sleep 1
kill -TERM $pid
wait $pid
rc=$?
gone=1
sleep 0.2
for k in $kids; do
  for i in 1 2 3 4 5 6 7 8; do is_gone $k && break; sleep 0.1; done
  is_gone $k || gone=0
done
if [ -n "$kids" ] && [ $gone = 1 ] && [ $rc = 143 ] && [ ! -e "$W/term/prop1_closure.md" ]; then
  ok "SIGTERM to prop1_closure (workers $kids): exit 143, every worker gone within 1 s, no table"
else
  bad "SIGTERM: workers '$kids' gone=$gone exit=$rc"
  for k in $kids; do kill -KILL $k 2>/dev/null; done
fi

# ---- corrupt, truncated and missing cell files
c=$B/proofs_check/prop3_krylov
st=$W/store-prop3_krylov
set -- $(ls "$st"/*.cell | head -3)
if [ $# = 3 ]; then
  head -c 60 "$1" > "$W/trunc" && cat "$W/trunc" > "$1"
  sed -i '5s/./X/' "$2"
  rm -f "$3"
  $c $A --cells "$st" --assemble --out "$W/corrupt" > "$W/corrupt.log" 2>&1
  rc=$?
  if [ $rc = 2 ] && grep -q "3 cells missing" "$W/corrupt.log" && grep -q "truncated" "$W/corrupt.log" \
     && grep -q "checksum mismatch" "$W/corrupt.log" && [ ! -e "$W/corrupt/prop3_krylov.md" ]; then
    ok "prop3_krylov: --assemble refuses a truncated, an altered and a missing cell (exit 2, names them)"
  else
    cat "$W/corrupt.log" >&2
    bad "prop3_krylov: --assemble with damaged cells (exit $rc)"
  fi
  $c $A --cells "$st" --out "$W/corrupt" > "$W/corrupt2.log" 2>&1
  if grep -q "cells: 3 computed" "$W/corrupt2.log" && [ "$(grep -c 'is corrupt' "$W/corrupt2.log")" = 2 ]; then
    ok "prop3_krylov: the rerun recomputed exactly the 3 damaged cells"
  else
    cat "$W/corrupt2.log" >&2
    bad "prop3_krylov: rerun after damage"
  fi
  compare_tables "prop3_krylov after repair" "$W/corrupt"
else
  bad "prop3_krylov: store has fewer than 3 cells"
fi

check_end
