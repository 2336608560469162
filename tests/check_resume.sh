#!/bin/sh
# check-resume: the trainer drivers through cells (issue 18), in quick mode with small options.
#
#   sh tests/check_resume.sh BUILD OUT SEED
#
# 1. Sharded: each driver's cells run as 3 shards (tools/sweep, local engine) into a fresh
#    store and --assemble writes its tables (and plots).
# 2. Killed and resumed: the same drivers run one after the other into one output folder, as
#    `make results` runs them; once about half of their cells are stored, the whole run is
#    killed (SIGTERM to its process group, as ^C or `kill` of make does) and started again.
#    The rerun must reuse exactly the cells stored before the kill ("cells: N computed, M
#    reused" lines of the drivers) and compute only the others; the number reused is printed.
# 3. The resumed tables equal the assembled ones apart from timing columns (trainer_speed:
#    its verdicts depend on timing, so its assembled table is compared with a second
#    --assemble from the same store instead).
set -u
B=$1
OUT=$2
SEED=$3
W=$OUT/resume-test
SWEEP=$B/tools/sweep
. "$(dirname "$0")/check_lib.sh"
check_begin check-resume "$W"
export OPENBLAS_NUM_THREADS=1

# name|options (quick mode plus small budgets: the cells, not the accuracy, are under test)
DRIVERS="table1_accuracy|--train 200 --test 200 --seeds 1
sample_complexity|--train 200 --test 200 --seeds 1
vc_capacity|--epochs 10
lu_mlp|--seeds 1
train_smoke|
trainer_speed|--train 100
learned_lu_fmm|--plots 1 --iters 100"
A="--quick --quiet --seed $SEED"

# ---- 1. shards + assembly
echo "$DRIVERS" | while IFS='|' read -r n o; do
  $SWEEP -j 2 --shards 3 --workers 1 --cells "$W/sharded-store/$n" --fresh -- \
    "$B/experiments/$n" $A $o --out "$W/sharded" > "$W/$n.sweep" 2>&1
  rc=$? # trainer_speed: exit 1 when a timing ratio misses its target on a loaded machine
  if [ $rc -ge 2 ] || { [ $rc = 1 ] && [ "$n" != trainer_speed ]; }; then
    cat "$W/$n.sweep" >&2
    echo "$n (exit $rc)" >> "$W/sweep-failures"
  fi
done
[ -e "$W/sweep-failures" ] && bad "sweep failed: $(cat "$W/sweep-failures" | tr '\n' ' ')"
ls "$W"/sharded/learned_lu_*_training.png >/dev/null 2>&1 \
  && ok "learned_lu_fmm: plots written by the assembly from the cells' side outputs" \
  || bad "learned_lu_fmm: no plot after the assembly"

# ---- 2. the sequence, killed half-way and run again
# the sequence as a script of its own, run in its own process group (killed as a whole)
{
  echo "$DRIVERS" | while IFS='|' read -r n o; do
    echo "\"$B/experiments/$n\" $A $o --cells \"$W/store/$n\" --out \"$W/resumed\""
  done
} > "$W/run_all.sh"
count_cells() { find "$W/store" -name '*.cell' 2>/dev/null | wc -l; }
total=$(find "$W/sharded-store" -name '*.cell' | wc -l) # every cell of the sharded runs (their logs may interleave)
setsid sh "$W/run_all.sh" > "$W/first.log" 2>&1 &
pid=$!
half=$((total / 2))
for i in $(seq 1 3000); do
  [ "$(count_cells)" -ge "$half" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.2
done
kill -TERM -$pid 2>/dev/null
wait $pid 2>/dev/null
sleep 0.3
before=$(count_cells)
sh "$W/run_all.sh" > "$W/second.log" 2>&1
reused=$(sed -n 's/.*cells: [0-9]* computed, \([0-9]*\) reused.*/\1/p' "$W/second.log" | awk '{s += $1} END {print s + 0}')
computed=$(sed -n 's/.*cells: \([0-9]*\) computed, [0-9]* reused.*/\1/p' "$W/second.log" | awk '{s += $1} END {print s + 0}')
echo "check-resume: killed after $before of $total cells; the rerun reused $reused and computed $computed"
if [ "$before" -gt 0 ] && [ "$before" -lt "$total" ] && [ "$reused" = "$before" ] \
   && [ $((reused + computed)) = "$total" ] && ! grep -q corrupt "$W/second.log"; then
  ok "killed half-way and rerun: $reused cells reused, $computed computed, none recomputed"
else
  cat "$W/second.log" >&2
  bad "resume: $before cells before the rerun, reused $reused, computed $computed, total $total"
fi

# ---- 3. resumed tables = assembled tables
for t in "$W"/sharded/*.md; do
  base=$(basename "$t" .md)
  case $base in
  trainer_speed)
    "$B/experiments/trainer_speed" $A --train 100 --cells "$W/sharded-store/trainer_speed" --assemble \
      --out "$W/reassembled" > "$W/reassemble.log" 2>&1
    a=$W/reassembled/$base ;;
  *) a=$W/resumed/$base ;;
  esac
  if $SWEEP compare "$t" "$a.md" >/dev/null && $SWEEP compare "$W/sharded/$base.csv" "$a.csv" >/dev/null; then
    ok "$base: assembled from 3 shards = $( [ "$base" = trainer_speed ] && echo "reassembled from the store" || echo "killed-and-resumed run") (timing columns aside)"
  else
    $SWEEP compare "$t" "$a.md"
    bad "$base: tables differ"
  fi
done
[ "$(ls "$W"/sharded/*.md 2>/dev/null | wc -l)" -ge 8 ] || bad "fewer than 8 assembled tables in $W/sharded"

check_end
