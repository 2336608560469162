#!/bin/sh
# test_cells.sh -- `make mutants` through cells (issue 18): two cheap mutants with one command
# (prop3_krylov --quick), run three times on one store:
#   1. a fresh store: the baseline and both mutants are computed;
#   2. the same run again: all three reused, the same table (the wall-time line aside);
#   3. one mutant's cell file damaged: it is named and recomputed, the other two reused, the
#      same verdicts.
#
#   sh tests/mutants/test_cells.sh BUILD WORK
set -u
B=$1
W=$2/mutants-cells-test
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../check_lib.sh"
check_begin test-mutant-cells "$W"
run() { # run N: the runner on the two mutants, log in $W/runN.log, table in $W/outN
    BUILD=$B "$here/run_mutants.sh" --only report_negative_inverted,ldr_sylvester_plus \
        --commands prop3_krylov --work "$W/work" --cells "$W/cells" --out "$W/out" --quiet \
        > "$W/run$1.log" 2>&1
    echo $? > "$W/rc$1"
    rm -rf "$W/out$1" && cp -r "$W/out" "$W/out$1"
}
counts() { sed -n 's/^run_mutants: cells: \([0-9]*\) computed, \([0-9]*\) reused.*/\1 \2/p' "$W/run$1.log"; }
rows() { sed -n 's/^| \([a-z_]*\) | .* | \(killed\|survived\) | .* | [0-9.]* |$/\1 \2/p' "$W/out$1/mutation.md"; }
check_run() { # check_run N WANT_COUNTS WHAT
    if [ "$(cat "$W/rc$1")" = 0 ] && [ "$(counts "$1")" = "$2" ] && [ "$(rows "$1" | wc -l)" = 2 ]; then
        ok "$3 (cells computed, reused: $2)"
    else
        cat "$W/run$1.log" >&2
        bad "$3: exit $(cat "$W/rc$1"), cells computed, reused '$(counts "$1")', expected '$2'"
    fi
}
run 1
check_run 1 "3 0" "fresh store: the baseline and 2 mutants computed, both killed"
run 2
check_run 2 "0 3" "rerun: every verdict reused"
if grep -v '^- wall time' "$W/out1/mutation.md" > "$W/t1" && grep -v '^- wall time' "$W/out2/mutation.md" > "$W/t2" \
   && cmp -s "$W/t1" "$W/t2"; then
  ok "the reused run's table equals the computed one (wall time aside)"
else
  diff "$W/t1" "$W/t2" >&2
  bad "the reused run's table differs"
fi
cell=$(grep -l "mutant ldr_sylvester_plus" "$W"/cells/*.cell | head -1)
if [ -n "$cell" ]; then
  sed -i 's/^killed/kilLed/' "$cell"
  run 3
  check_run 3 "1 2" "damaged cell: recomputed, the other two reused"
  grep -q "checksum mismatch; not used" "$W/run3.log" && ok "the damaged cell is named" || bad "the damaged cell is not named"
  [ "$(rows 1)" = "$(rows 3)" ] && ok "same verdicts after the recomputation: $(rows 3 | tr '\n' ' ')" || bad "verdicts differ: $(rows 3)"
else
  bad "no cell file of mutant ldr_sylvester_plus in $W/cells"
fi
check_end clean
