#!/bin/bash
# check-slurm: the Slurm engine of tools/sweep against a real one-node Slurm on localhost.
#
#   bash tests/check_slurm.sh BUILD OUT SEED
#
# Writes a one-node slurm.conf (no cgroups: proctrack/linuxproc, task/none, select/cons_tres;
# state and spool folders in a temporary directory), starts munged (unless one runs),
# slurmctld and slurmd, submits two checker tables in quick mode through `sweep --engine
# slurm` (one sbatch --array job of shards + one afterok assembly job each), waits for them,
# runs the same tables locally in one process, compares them apart from timing columns, and
# stops every daemon it started.  If a daemon cannot start, prints SKIPPED with the daemon's
# own error line and exits 1 (0 if SLURM_OPTIONAL=1).  Needs root (as CI and `make deps`).
set -u
B=$1
OUT=$2
SEED=$3
TABLES="prop3_krylov ldr_reconstruction"
optional=${SLURM_OPTIONAL:-0}
T=$(mktemp -d /tmp/check-slurm.XXXXXX)
started=""

stop_daemons() {
  for d in slurmd slurmctld; do
    [ -f "$T/$d.pid" ] && kill "$(cat "$T/$d.pid")" 2>/dev/null
  done
  case $started in *munged*) [ -f "$T/munged.pid" ] && kill "$(cat "$T/munged.pid")" 2>/dev/null ;; esac
  sleep 0.5
  for d in slurmd slurmctld; do
    [ -f "$T/$d.pid" ] && kill -KILL "$(cat "$T/$d.pid")" 2>/dev/null
  done
  rm -rf "$T"
}
trap stop_daemons EXIT
trap 'exit 2' INT TERM

skip() {
  echo "check-slurm: SKIPPED: $1"
  [ -n "${2:-}" ] && echo "check-slurm: $2"
  if [ "$optional" = 1 ]; then exit 0; fi
  echo "check-slurm: (set SLURM_OPTIONAL=1 to let a machine without Slurm pass)" >&2
  exit 1
}

for t in slurmctld slurmd sbatch scontrol munged; do
  command -v $t >/dev/null || PATH=$PATH:/usr/sbin
  command -v $t >/dev/null || skip "$t not installed (make deps installs slurm-wlm and munge)"
done
[ "$(id -u)" = 0 ] || skip "check-slurm starts daemons and needs root"

host=$(hostname -s)
cpus=$(nproc)
# ports away from the defaults, so that a system Slurm or another run does not collide
base=$((17000 + ($$ % 500) * 2))
mkdir -p "$T/state" "$T/spool" "$T/log" "$T/jobs"
cat > "$T/slurm.conf" <<EOF
ClusterName=testbed
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
MinJobAge=600
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$T/slurm.conf

# munge: reuse a running munged, else start one (socket folder owned by munge)
if munge -n </dev/null >/dev/null 2>&1; then
  echo "check-slurm: munged already running"
else
  mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null && chmod 0755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    (command -v mungekey >/dev/null && mungekey --create --keyfile=/etc/munge/munge.key) \
      || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
  fi
  if ! munged --force --pid-file="$T/munged.pid" > "$T/log/munged.out" 2>&1; then
    skip "munged did not start" "$(grep -m1 -i 'error' "$T/log/munged.out" || head -1 "$T/log/munged.out")"
  fi
  started="$started munged"
  for i in $(seq 1 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
fi

t0=$(date +%s.%N)
if ! slurmctld -f "$T/slurm.conf" > "$T/log/slurmctld.out" 2>&1; then
  skip "slurmctld did not start" "$(grep -m1 -i 'error\|fatal' "$T/log/slurmctld.log" "$T/log/slurmctld.out" 2>/dev/null | head -1)"
fi
started="$started slurmctld"
if ! slurmd -f "$T/slurm.conf" > "$T/log/slurmd.out" 2>&1; then
  skip "slurmd did not start" "$(grep -m1 -i 'error\|fatal' "$T/log/slurmd.log" "$T/log/slurmd.out" 2>/dev/null | head -1)"
fi
started="$started slurmd"
state=""
for i in $(seq 1 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -1)
  case $state in idle*|mixed*|allocated*) break ;; esac
  sleep 0.5
done
case $state in
idle*|mixed*|allocated*) ;;
*) skip "the node did not come up (state '$state')" \
     "$(grep -h -m1 -i 'error\|fatal' "$T/log/slurmctld.log" "$T/log/slurmd.log" 2>/dev/null | head -1)" ;;
esac
printf 'check-slurm: munged, slurmctld, slurmd up on %s (%s CPUs) in %.1f s (Slurm %s)\n' \
  "$host" "$cpus" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(sinfo -V | sed 's/slurm //')"

rm -rf "$OUT"
mkdir -p "$OUT/slurm" "$OUT/local"
A="--quick --quiet --seed $SEED"
pids=""
for t in $TABLES; do
  $B/tools/sweep --engine slurm --shards 3 --cpus-per-task 1 --partition debug --time 10 \
    --cells "$T/cells" --log-dir "$T/jobs" --wait -- "$B/proofs_check/$t" $A --out "$OUT/slurm" \
    > "$OUT/$t.sweep" 2>&1 &
  pids="$pids $!"
done
ts=$(date +%s.%N)
for t in $TABLES; do
  "$B/proofs_check/$t" $A --fresh --cells "$T/local-cells" --out "$OUT/local" > "$OUT/$t.local" 2>&1
done
failed=0
for p in $pids; do wait $p || failed=1; done
printf 'check-slurm: both tables through Slurm in %.1f s\n' "$(echo "$(date +%s.%N) - $ts" | bc)"
for t in $TABLES; do grep '^sweep:' "$OUT/$t.sweep" | sed 's/^/check-slurm: /'; done
if [ $failed = 1 ]; then
  for t in $TABLES; do cat "$OUT/$t.sweep"; done
  for f in "$T"/jobs/*; do echo "== $f"; tail -5 "$f"; done
  echo "check-slurm: FAIL: a Slurm job did not complete"
  exit 1
fi
passed=0
for f in "$OUT"/local/*.md "$OUT"/local/*.csv; do
  b=$(basename "$f")
  if $B/tools/sweep compare "$f" "$OUT/slurm/$b"; then passed=$((passed + 1)); else failed=1; fi
done
if [ $failed = 1 ]; then
  echo "check-slurm: $passed passed, 1 failed"
  exit 1
fi
echo "check-slurm: $passed passed, 0 failed (tables through Slurm = local tables, timing columns aside)"
