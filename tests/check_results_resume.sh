#!/bin/sh
# check-results-resume: `make results` (or a subset of its targets) killed with SIGTERM after
# AFTER seconds and run again; the rerun must reuse every cell stored before the kill
# (issue 18).  Not part of `make check`: the full run takes the better part of an hour.
#
#   sh tests/check_results_resume.sh BUILD WORK AFTER [JOBS] [TARGET...]
#
# The runs happen in a scratch copy of the tree, WORK/tree (sources, results/, the build
# folder's objects and programs; a fresh, empty cell store; data-cache/ linked), so results/,
# build/cells and build/mutants of the checkout are never touched.  No TARGET: `make results`;
# otherwise `make TARGET...` (names of RESULT_TARGETS, e.g. prop2 lu-network mutants).  JOBS
# is make's -j (default 1, as `make results`).
#   1. the first run starts in its own process group; after AFTER seconds its make gets
#      SIGTERM (as `kill PID` or a Slurm time limit does); the cells each program stored so
#      far are counted (WORK/tree/BUILD/cells/PROGRAM/*.cell, mutants included);
#   2. the same command runs again to the end;
#   3. per program, from its "NAME: cells: C computed, R reused" line (run_mutants prints the
#      same): the cells stored before the kill, reused and computed.  PASS when every program
#      reused exactly the cells stored before the kill; the table is printed and kept in
#      WORK/resume-report.md.
# Exit status: 0 PASS, 1 a stored cell was not reused (or the rerun failed), 2 bad usage, or
# the first run ended before the kill (choose a smaller AFTER).
set -u
[ $# -ge 3 ] || { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
B=$1
W=$2/results-resume
AFTER=$3
shift 3
JOBS=1
case "${1:-}" in ''|*[!0-9]*) ;; *) JOBS=$1; shift ;; esac
case "$AFTER" in ''|*[!0-9]*) echo "check-results-resume: AFTER must be a number of seconds" >&2; exit 2 ;; esac
case "$B" in /*) echo "check-results-resume: BUILD must be relative to the repository root" >&2; exit 2 ;; esac
if [ $# -gt 0 ]; then GOALS="$*"; else GOALS=results; fi
ROOT=$(pwd)
T=$W/tree
rm -rf "$W"
mkdir -p "$T/$B"
echo "check-results-resume: copying the tree to $T"
cp -a Makefile algebra experiments proofs_check tools tests results "$T/"
for x in obj libalgebra.a libexperiments.a libtools.a proofs_check experiments tools tests; do
  [ -e "$B/$x" ] && cp -a "$B/$x" "$T/$B/"
done
[ -d data-cache ] && ln -s "$ROOT/data-cache" "$T/data-cache"
MAKE_CMD="make --no-print-directory -C $T BUILD=$B -j$JOBS $GOALS"
count_store() { # count_store: "PROGRAM N" per store folder
  for d in "$T/$B"/cells/*/; do
    [ -d "$d" ] && echo "$(basename "$d") $(find "$d" -name '*.cell' | wc -l)"
  done
}

# ---- 1. the first run, killed after AFTER seconds
t0=$(date +%s)
setsid $MAKE_CMD > "$W/first.log" 2>&1 &
pid=$!
i=0
while [ $i -lt "$AFTER" ] && kill -0 $pid 2>/dev/null; do sleep 1; i=$((i + 1)); done
if ! kill -0 $pid 2>/dev/null; then
  echo "check-results-resume: the first run ended after $i s, before the kill at $AFTER s; choose a smaller AFTER" >&2
  exit 2
fi
kill -TERM $pid
wait $pid
rc1=$?
sleep 1
# whatever of the group still runs is reported (and ended): a killed run must stop its workers
# (zombies are dead: a killed worker whose parent is gone waits for PID 1 to reap it)
left=$(ps -o stat= --sid $pid 2>/dev/null | grep -vc '^Z')
if [ "$left" -gt 0 ]; then
  ps -o pid,ppid,stat,etime,args --sid $pid > "$W/left-running" 2>/dev/null
  kill -KILL -- -$pid 2>/dev/null
fi
count_store > "$W/stored-before"
stored=$(awk '{ s += $2 } END { print s + 0 }' "$W/stored-before")
echo "check-results-resume: first run: make $GOALS killed with SIGTERM after $AFTER s (exit $rc1); $stored cells stored; processes left running: $left"

# ---- 2. the rerun
t1=$(date +%s)
$MAKE_CMD > "$W/second.log" 2>&1
rc2=$?
t2=$(date +%s)
echo "check-results-resume: second run: make $GOALS, exit $rc2, $((t2 - t1)) s (log $W/second.log)"

# ---- 3. per program
sed -n 's/^\([A-Za-z0-9_]*\): cells: \([0-9]*\) computed, \([0-9]*\) reused.*/\1 \2 \3/p' "$W/second.log" > "$W/counts"
fail=0
{
  echo "# Kill and resume: make $GOALS"
  echo
  echo "- first run killed with SIGTERM after $AFTER s; second run $((t2 - t1)) s, exit $rc2"
  echo
  echo "| program | cells stored before the kill | reused by the rerun | computed by the rerun | every stored cell reused |"
  echo "| --- | --- | --- | --- | --- |"
  while read -r prog computed reused; do
    name=$prog
    [ "$prog" = run_mutants ] && name=mutants
    before=$(awk -v p="$name" '$1 == p { print $2 }' "$W/stored-before")
    before=${before:-0}
    if [ "$reused" = "$before" ]; then okc=yes; else okc=NO; fi
    echo "| $prog | $before | $reused | $computed | $okc |"
  done < "$W/counts"
} > "$W/resume-report.md"
cat "$W/resume-report.md"
grep -q '| NO |$' "$W/resume-report.md" && fail=1
# a store filled before the kill by a program that printed no line in the rerun
while read -r name n; do
  p=$name
  [ "$name" = mutants ] && p=run_mutants
  grep -q "^$p " "$W/counts" || { echo "check-results-resume: $name stored $n cells but printed no cells line in the rerun" >&2; fail=1; }
done < "$W/stored-before"
reused=$(awk '{ s += $3 } END { print s + 0 }' "$W/counts")
computed=$(awk '{ s += $2 } END { print s + 0 }' "$W/counts")
[ "$rc2" = 0 ] || { echo "check-results-resume: the rerun exited $rc2 (see $W/second.log)" >&2; fail=1; }
[ "$left" = 0 ] || { echo "check-results-resume: $left processes of the killed run were still running 1 s after SIGTERM" >&2; fail=1; }
if [ $fail = 0 ] && [ "$stored" -gt 0 ]; then
  echo "check-results-resume: PASS: the rerun reused all $stored cells stored before the kill and computed $computed (report: $W/resume-report.md)"
  exit 0
fi
[ "$stored" -gt 0 ] || echo "check-results-resume: no cell was stored before the kill; choose a larger AFTER" >&2
echo "check-results-resume: FAIL: $stored cells stored before the kill, $reused reused, $computed computed" >&2
exit 1
