#!/usr/bin/env bash
# run_mutants.sh -- mutation testing (issue 15 point 2): apply each source mutation of
# tests/mutants/mutants.txt in its own copy of the tree, rebuild at object level, run the
# quick checkers and the Criterion unit tests, and record which command kills the mutant.
#
#   tests/mutants/run_mutants.sh [--seed N] [--out DIR] [--jobs N] [--timeout S]
#                                [--only ID[,ID...] | --rerun ID[,ID...]] [--list FILE] [--root DIR]
#                                [--cells DIR] [--fresh] [--work DIR] [--commands C[,C...]]
#                                [--check-only] [--quiet]
#
# Each mutant lives in WORK/ID (--work, default BUILD/mutants): a copy of the sources and `cp -a` of the object tree
# (never hard links: gcc rewrites objects in place), so `make` rebuilds only the mutated
# object, the archive and the links.  A mutant stops at its first failing command; a command
# that runs longer than --timeout seconds counts as killed ("timeout").  The unmutated tree
# runs the same commands first (baseline): if one of them fails, nothing is decided (exit 2).
#
# mutants.txt: one mutant per line, fields separated by " | ":
#   id | file | exact line fragment | replacement | what it simulates [| equivalent: reason]
# The fragment must occur exactly once in the file: 0 or 2+ occurrences is a stale mutant and
# stops the run (exit 2) naming it, so a stale mutant is never silently "survived".
#
# Cells (issue 18): the baseline and each mutant's verdict are cells of a store (--cells, default
# BUILD/cells/mutants; the cell file format of algebra/report/cells.h, written and read by
# `sweep cell`), so a rerun after a kill reuses every finished verdict.  A mutant's description
# is its line (id, file, fragment, replacement), the hash of the unmutated file it mutates, and
# the run identity: seed, timeout, the commands in order and the code version of each command's
# program (PROGRAM.srchash: a hash of every source linked into it, so any change to a linked
# source, test or checker gives new keys).  --fresh computes every cell again (and stores it).
# A damaged cell file is named and recomputed.  The run prints "cells: C computed, R reused".
# --commands runs only the named commands (in that order; for tests of the runner).
#
# --only runs the named mutants and tabulates only them.  --rerun runs the named mutants again
# (e.g. after adding a test for a survivor) and tabulates every mutant, the others from their
# result of the previous run in WORK/ID (refused if a mutant changed since); the
# header names the re-run mutants.
# Writes OUT/mutation.md and OUT/mutation.csv atomically.  Exit status: 0 every
# non-equivalent mutant killed (and no mutant marked equivalent killed), 1 otherwise,
# 2 bad usage, a stale or malformed mutant line, a failing baseline or a mutant that does not
# build.
set -u

usage() {
    sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'
}

SEED=1
OUT=results
JOBS=2
TMO=300
ONLY=""
RERUN=0
LIST=""
ROOT=""
CHECK_ONLY=0
QUIET=0
CELLS=""
FRESH=0
WORK=""
ONLY_COMMANDS=""
while [ $# -gt 0 ]; do
    case "$1" in
    --seed) SEED=${2:-}; shift 2 ;;
    --out) OUT=${2:-}; shift 2 ;;
    --jobs) JOBS=${2:-}; shift 2 ;;
    --timeout) TMO=${2:-}; shift 2 ;;
    --only) ONLY=${2:-}; shift 2 ;;
    --rerun) ONLY=${2:-}; RERUN=1; shift 2 ;;
    --list) LIST=${2:-}; shift 2 ;;
    --root) ROOT=${2:-}; shift 2 ;;
    --check-only) CHECK_ONLY=1; shift ;;
    --cells) CELLS=${2:-}; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    --work) WORK=${2:-}; shift 2 ;;
    --commands) ONLY_COMMANDS=${2:-}; shift 2 ;;
    --quiet) QUIET=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_mutants: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for v in "$SEED" "$JOBS" "$TMO"; do
    case "$v" in ''|*[!0-9]*) echo "run_mutants: --seed, --jobs and --timeout expect non-negative integers" >&2; exit 2 ;; esac
done
[ "$JOBS" -ge 1 ] || JOBS=1

HERE=$(cd "$(dirname "$0")" && pwd)
[ -n "$ROOT" ] || ROOT=$(cd "$HERE/../.." && pwd)
[ -n "$LIST" ] || LIST="$ROOT/tests/mutants/mutants.txt"
[ -f "$LIST" ] || { echo "run_mutants: $LIST: no such file" >&2; exit 2; }
LIST=$(cd "$(dirname "$LIST")" && pwd)/$(basename "$LIST")
cd "$ROOT" || exit 2
BUILD=${BUILD:-build}
[ -n "$WORK" ] || WORK=$BUILD/mutants
[ -n "$CELLS" ] || CELLS=$BUILD/cells/mutants
SWEEP=$BUILD/tools/sweep
SEP=$'\x1f'

# Occurrences of the literal string FIND (environment) in FILE, counting several per line.
count_occurrences() {
    FIND="$2" awk 'BEGIN { f = ENVIRON["FIND"]; n = 0 }
        { s = $0; while ((i = index(s, f)) > 0) { n++; s = substr(s, i + length(f)) } }
        END { print n }' "$1"
}

# Replace the (single) occurrence of FIND by REPL in FILE, in place.
apply_mutation() {
    FIND="$2" REPL="$3" awk 'BEGIN { f = ENVIRON["FIND"]; r = ENVIRON["REPL"] }
        !done && (i = index($0, f)) > 0 { $0 = substr($0, 1, i - 1) r substr($0, i + length(f)); done = 1 }
        { print }' "$1" > "$1.mutant" && mv "$1.mutant" "$1"
}

# ---------------------------------------------------------------- parse and validate the list
ids=(); files=(); finds=(); repls=(); whats=(); equivs=()
errors=0
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case "$line" in ''|'#'*) continue ;; esac
    split=$(printf '%s\n' "$line" | awk -v sep="$SEP" '{ gsub(/ \| /, sep); print }')
    IFS="$SEP" read -r id file find repl what equiv extra <<< "$split"
    trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
    id=$(trim "${id:-}"); file=$(trim "${file:-}"); find=$(trim "${find:-}")
    repl=$(trim "${repl:-}"); what=$(trim "${what:-}"); equiv=$(trim "${equiv:-}")
    where="$(basename "$LIST"):$lineno"
    if [ -n "${extra:-}" ] || [ -z "$id" ] || [ -z "$file" ] || [ -z "$find" ] || [ -z "$what" ]; then
        echo "run_mutants: $where: mutant '${id:-?}': expected 'id | file | fragment | replacement | what it simulates [| equivalent: reason]'" >&2
        errors=$((errors + 1)); continue
    fi
    case "$id" in *[!A-Za-z0-9_-]*) echo "run_mutants: $where: mutant '$id': id may hold letters, digits, '_' and '-' only" >&2; errors=$((errors + 1)); continue ;; esac
    if [ -n "$equiv" ] && [ "${equiv#equivalent: }" = "$equiv" ]; then
        echo "run_mutants: $where: mutant '$id': sixth field must read 'equivalent: reason'" >&2
        errors=$((errors + 1)); continue
    fi
    for seen in "${ids[@]+"${ids[@]}"}"; do
        if [ "$seen" = "$id" ]; then
            echo "run_mutants: $where: mutant '$id': duplicate id" >&2; errors=$((errors + 1)); continue 2
        fi
    done
    if [ ! -f "$file" ]; then
        echo "run_mutants: $where: mutant '$id': $file: no such file (stale mutant)" >&2
        errors=$((errors + 1)); continue
    fi
    n=$(count_occurrences "$file" "$find")
    if [ "$n" != 1 ]; then
        echo "run_mutants: $where: mutant '$id': fragment '$find' occurs $n times in $file, must occur exactly once (stale mutant)" >&2
        errors=$((errors + 1)); continue
    fi
    if [ "$find" = "$repl" ]; then
        echo "run_mutants: $where: mutant '$id': the replacement equals the fragment" >&2
        errors=$((errors + 1)); continue
    fi
    ids+=("$id"); files+=("$file"); finds+=("$find"); repls+=("$repl"); whats+=("$what")
    equivs+=("${equiv#equivalent: }")
done < "$LIST"
if [ "$errors" -gt 0 ]; then
    echo "run_mutants: $errors bad mutant line(s) in $LIST; nothing run, nothing written" >&2
    exit 2
fi
if [ ${#ids[@]} -eq 0 ]; then
    echo "run_mutants: $LIST holds no mutant" >&2
    exit 2
fi
if [ "$CHECK_ONLY" = 1 ]; then
    echo "run_mutants: ${#ids[@]} mutants, every fragment found exactly once"
    exit 0
fi

# what a previous result must have been computed for: the file, fragment and replacement
signature() { printf '%s\n%s\n%s\n' "${files[$1]}" "${finds[$1]}" "${repls[$1]}" | cksum | cut -d' ' -f1; }
selected=()
for k in "${!ids[@]}"; do
    if [ -z "$ONLY" ] || [[ ",$ONLY," == *",${ids[$k]},"* ]]; then selected+=("$k"); fi
done
[ ${#selected[@]} -gt 0 ] || { echo "run_mutants: --only/--rerun '$ONLY' names no mutant of $LIST" >&2; exit 2; }
tabulated=("${selected[@]}")
if [ "$RERUN" = 1 ]; then
    tabulated=("${!ids[@]}")
    for k in "${!ids[@]}"; do
        [[ ",$ONLY," == *",${ids[$k]},"* ]] && continue
        r="$WORK/${ids[$k]}/result.tsv"
        if [ ! -f "$r" ] || [ "$(cut -f4 "$r")" != "$(signature "$k")" ]; then
            echo "run_mutants: --rerun: mutant '${ids[$k]}' has no result of the same mutation in $r; run the whole list" >&2
            exit 2
        fi
    done
fi

progress() {
    if [ "$QUIET" = 0 ] && [ -t 2 ]; then printf '\rrun_mutants: %s\033[K' "$*" >&2; fi
}

# ---------------------------------------------------------------- the unmutated tree, once
t_start=$(date +%s.%N)
progress "building the unmutated tree"
# the checkers (a fixed order: cheap first, the slow prop1 last; checkers added later run
# before the unit tests), then the Criterion binary
ORDER="prop3_krylov ldr_reconstruction toeplitz_lu equivariant_check circuits_kmatrix"
CHECKERS=""
for c in $ORDER; do [ -f "proofs_check/$c.c" ] && CHECKERS="$CHECKERS $c"; done
for f in proofs_check/*.c; do
    c=$(basename "$f" .c)
    case " $ORDER prop1_closure " in *" $c "*) ;; *) CHECKERS="$CHECKERS $c" ;; esac
done
COMMANDS="$CHECKERS unit"
[ -f proofs_check/prop1_closure.c ] && COMMANDS="$COMMANDS prop1_closure"
if [ -n "$ONLY_COMMANDS" ]; then
    for c in $(echo "$ONLY_COMMANDS" | tr ',' ' '); do
        case " $COMMANDS " in *" $c "*) ;; *) echo "run_mutants: --commands: '$c' is not one of: $COMMANDS" >&2; exit 2 ;; esac
    done
    COMMANDS=$(echo "$ONLY_COMMANDS" | tr ',' ' ')
fi
program_of() { if [ "$1" = unit ]; then echo "$BUILD/tests/unit"; else echo "$BUILD/proofs_check/$1"; fi; }
TARGETS="$SWEEP"
for c in $COMMANDS; do TARGETS="$TARGETS $(program_of "$c")"; done
mkdir -p "$WORK"
if ! make --no-print-directory -j"$JOBS" BUILD="$BUILD" $TARGETS > "$WORK/baseline_build.log" 2>&1; then
    echo "run_mutants: the unmutated tree does not build (see $WORK/baseline_build.log)" >&2
    exit 2
fi
# the run identity of every cell: what a verdict depends on besides the mutant itself
RUNID="seed $SEED; timeout $TMO; commands $(echo $COMMANDS | tr ' ' ','); code"
for c in $COMMANDS; do
    p=$(program_of "$c")
    if [ -s "$p.srchash" ]; then v="src-$(cat "$p.srchash")"; else v="exe-$(sha256sum < "$p" | cut -c1-32)"; fi
    RUNID="$RUNID $c=$v"
done

# timed CMD...: run CMD under `timeout` (its own process group, so a hang ends with every
# worker the command forked); the group is recorded so that an interrupted run ends it too.
timed() {
    timeout -k 10 "$TMO" "$@" &
    local pid=$!
    echo "$pid" >> "$GROUPFILE"
    wait "$pid"
}

# run_commands DIR LOGDIR [MAKELOG]: every command in order on the tree in DIR (its BUILD
# folder); prints "killed<TAB>by" at the first failure, "survived<TAB>-" when all pass.  With
# MAKELOG, each binary is (re)linked just before its command runs (a mutant killed early
# links nothing more); a link failure prints "error<TAB>does not build: ...".
run_commands() {
    local dir="$1" logs="$2" makelog="${3:-}" cmd rc log first bin
    mkdir -p "$logs" "$dir/$BUILD/check-results" "$logs/out"
    for cmd in $COMMANDS; do
        log="$logs/$cmd.log"
        if [ -n "$makelog" ]; then
            if [ "$cmd" = unit ]; then bin="$BUILD/tests/unit"; else bin="$BUILD/proofs_check/$cmd"; fi
            timed make --no-print-directory -C "$dir" BUILD="$BUILD" "$bin" >> "$makelog" 2>&1
            rc=$?
            if [ "$rc" != 0 ]; then
                if [ "$rc" = 124 ]; then printf 'error\tbuild timeout (%s s)\n' "$TMO"
                else printf 'error\tdoes not build: %s\n' "$(grep -m1 'error:' "$makelog" | cut -c1-140)"; fi
                return
            fi
        fi
        if [ "$cmd" = unit ]; then
            (cd "$dir/$BUILD/check-results" && timed ../tests/unit --jobs 1 --fail-fast) > "$log" 2>&1
        else
            timed "$dir/$BUILD/proofs_check/$cmd" --quick --quiet --seed "$SEED" --out "$logs/out" > "$log" 2>&1
        fi
        rc=$?
        [ "$rc" = 0 ] && continue
        if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
            printf 'killed\t%s: timeout (%s s)\n' "$cmd" "$TMO"; return
        fi
        if [ "$cmd" = unit ]; then
            first=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -m1 -E '^\[FAIL\] ' | sed 's/^\[FAIL\] //; s/: *(.*$//; s/:$//')
            printf 'killed\tunit: %s\n' "${first:-exit $rc}"
        elif [ "$rc" -gt 128 ]; then
            printf 'killed\t%s: signal %d\n' "$cmd" $((rc - 128))
        else
            first=$(grep -m1 -E '^  (FAILS|NOT DETECTED) ' "$log" | sed 's/^  //; s/  */ /g' | cut -c1-90)
            [ -n "$first" ] || first="exit $rc: $(grep -v '^ ' "$log" | grep -m1 -iE 'error|fail|expect|cannot|not ' | cut -c1-90)"
            printf 'killed\t%s: %s\n' "$cmd" "$first"
        fi
        return
    done
    printf 'survived\t-\n'
}

# an interrupted run ends the command groups it started (and nothing else)
case "$WORK" in /*) GROUPFILE="$WORK/.groups" ;; *) GROUPFILE="$ROOT/$WORK/.groups" ;; esac
rm -f "$GROUPFILE"
on_signal() {
    trap - INT TERM
    [ -f "$GROUPFILE" ] && while read -r g; do kill -- "-$g" 2>/dev/null; done < "$GROUPFILE"
    kill $(jobs -p) 2>/dev/null
    echo "run_mutants: interrupted; nothing written" >&2
    exit 2
}
trap on_signal INT TERM

# cell_get DESC FILE: the stored records of DESC into FILE (0), or 1 (absent, damaged: named
# on stderr, or --fresh); cell_put DESC FILE stores FILE as the cell DESC.
cell_get() {
    [ "$FRESH" = 0 ] || return 1
    "$SWEEP" cell get "$CELLS" "$1" > "$2.tmp" && mv "$2.tmp" "$2" && return 0
    rm -f "$2.tmp"
    return 1
}
cell_put() {
    "$SWEEP" cell put "$CELLS" "$1" "$2" || echo "run_mutants: could not store the cell of $2" >&2
}
OUTCOMES=$WORK/.outcomes
rm -rf "$OUTCOMES"
mkdir -p "$OUTCOMES"

progress "baseline: every command on the unmutated tree"
base_desc="run_mutants; baseline; $RUNID"
if cell_get "$base_desc" "$WORK/baseline.tsv"; then
    IFS=$'\t' read -r baseline t_baseline < "$WORK/baseline.tsv"
    echo reused > "$OUTCOMES/.baseline"
else
    baseline=$(run_commands "." "$WORK/baseline")
    if [ "${baseline%%$'\t'*}" != survived ]; then
        echo "run_mutants: the unmutated tree fails ($(printf '%s' "$baseline" | cut -f2)); logs in $WORK/baseline" >&2
        exit 2
    fi
    t_baseline=$(echo "$(date +%s.%N) - $t_start" | bc)
    printf 'survived\t%s\n' "$t_baseline" > "$WORK/baseline.tsv"
    cell_put "$base_desc" "$WORK/baseline.tsv"
    echo computed > "$OUTCOMES/.baseline"
fi

# ---------------------------------------------------------------- one mutant
mutant_desc() {
    printf 'run_mutants; mutant %s | %s | %s | %s; unmutated %s; %s' "${ids[$1]}" "${files[$1]}" \
        "${finds[$1]}" "${repls[$1]}" "$(sha256sum < "${files[$1]}" | cut -c1-32)" "$RUNID"
}
run_one() {
    local k="$1" id="${ids[$1]}" d="$WORK/${ids[$1]}" t0 rc res desc
    desc=$(mutant_desc "$k")
    mkdir -p "$d"
    if cell_get "$desc" "$d/result.tsv"; then
        echo reused > "$OUTCOMES/$id"
        return
    fi
    t0=$(date +%s.%N)
    rm -rf "$d"
    mkdir -p "$d/$BUILD"
    cp -a Makefile algebra experiments proofs_check tools tests "$d/"
    for x in obj libalgebra.a libexperiments.a libtools.a proofs_check tests; do
        [ -e "$BUILD/$x" ] && cp -a "$BUILD/$x" "$d/$BUILD/"
    done
    apply_mutation "$d/${files[$k]}" "${finds[$k]}" "${repls[$k]}"
    if cmp -s "${files[$k]}" "$d/${files[$k]}"; then
        res=$(printf 'error\tmutation not applied')
    else
        res=$(run_commands "$d" "$d/logs" "$d/build.log")
    fi
    printf '%s\t%s\t%s\n' "$res" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(signature "$k")" > "$d/result.tsv"
    # a verdict is a cell once known (a build error may be the machine's: not stored)
    case "$res" in killed*|survived*) cell_put "$desc" "$d/result.tsv" ;; esac
    echo computed > "$OUTCOMES/$id"
    # keep the logs, drop the copied tree (a few MB per mutant)
    rm -rf "$d/$BUILD" "$d/algebra" "$d/experiments" "$d/proofs_check" "$d/tools" "$d/tests" "$d/Makefile"
}

running=0
done_count=0
total=${#selected[@]}
for k in "${selected[@]}"; do
    progress "mutant ${ids[$k]} ($((done_count + running + 1))/$total)"
    run_one "$k" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
        done_count=$((done_count + 1))
    fi
done
wait
progress "writing the tables"
[ "$QUIET" = 0 ] && [ -t 2 ] && printf '\n' >&2

# ---------------------------------------------------------------- the tables
t_wall=$(echo "$(date +%s.%N) - $t_start" | bc)
times > "$WORK/times.txt"
cpu=$(tail -1 "$WORK/times.txt" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); s += a[1] * 60 + a[2] } printf "%.1f", s }')
md_cell() { printf '%s' "$1" | sed 's/|/\\|/g'; }
csv_cell() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

killed=0; survived=0; equiv_ok=0; equiv_killed=0; errs=0
rows_md=""; rows_csv=""
for k in "${tabulated[@]}"; do
    id=${ids[$k]}
    r="$WORK/$id/result.tsv"
    if [ -f "$r" ]; then IFS=$'\t' read -r st by secs sig < "$r"; else st=error; by="no result"; secs=0; fi
    eq=${equivs[$k]}
    what=${whats[$k]}
    case "$st" in
    killed)
        if [ -n "$eq" ]; then status="killed (marked equivalent: the reason is wrong)"; equiv_killed=$((equiv_killed + 1))
        else status=killed; killed=$((killed + 1)); fi ;;
    survived)
        if [ -n "$eq" ]; then status=equivalent; what="$what (equivalent: $eq)"; equiv_ok=$((equiv_ok + 1))
        else status=survived; survived=$((survived + 1)); fi ;;
    *) status="error"; errs=$((errs + 1)) ;;
    esac
    secs=$(printf '%.1f' "$secs")
    rows_md="$rows_md| $id | \`${files[$k]}\` | $(md_cell "$what") | $status | $(md_cell "$by") | $secs |"$'\n'
    rows_csv="$rows_csv$(csv_cell "$id"),$(csv_cell "${files[$k]}"),$(csv_cell "$what"),$(csv_cell "$status"),$(csv_cell "$by"),$secs"$'\n'
done
nonequiv=$((killed + survived + errs))
if [ "$survived" = 0 ] && [ "$equiv_killed" = 0 ] && [ "$errs" = 0 ]; then verdict="PASS"; else verdict="FAIL"; fi
verdict="$verdict: $killed/$nonequiv non-equivalent mutants killed, $equiv_ok equivalent (built and run: they survive)"
[ "$equiv_killed" -gt 0 ] && verdict="$verdict, $equiv_killed marked equivalent but killed"
[ "$errs" -gt 0 ] && verdict="$verdict, $errs not built or not applied"
libs="$(gcc --version | head -1)"
[ -x "$BUILD/proofs_check/prop3_krylov" ] && libs="$libs; $(grep -m1 '^- libraries:' "$WORK/baseline/out/prop3_krylov.md" 2>/dev/null | sed 's/^- libraries: //')"
scope="all of $(basename "$LIST")"
[ -n "$ONLY" ] && [ "$RERUN" = 0 ] && scope="only $ONLY"
[ "$RERUN" = 1 ] && scope="$scope; re-run after the full run: $(echo "$ONLY" | sed 's/,/, /g'), the others from the full run"

mkdir -p "$OUT"
tmp_md="$OUT/.mutation.md.tmp.$$"; tmp_csv="$OUT/.mutation.csv.tmp.$$"
{
    echo "# Mutation testing: every non-equivalent source mutation is killed"
    echo
    echo "- statement: issue 15 point 2: every non-equivalent mutant killed (a mutant is killed when a quick checker or a unit test fails on it)"
    echo "- verdict: $verdict"
    echo "- seed: $SEED"
    echo "- mode: per mutant: a copy of the sources and of the object tree, object-level rebuild, then in order: $(echo $COMMANDS | sed 's/ /, /g') (checkers with --quick --quiet --seed $SEED; unit = the Criterion binary, --jobs 1 --fail-fast); the first failure stops the mutant; $TMO s timeout per command (a hang counts as killed); $JOBS mutants in parallel"
    echo "- command: tests/mutants/run_mutants.sh --seed $SEED --out $OUT --jobs $JOBS --timeout $TMO${ONLY_COMMANDS:+ --commands $ONLY_COMMANDS}${ONLY:+ $([ "$RERUN" = 1 ] && echo --rerun || echo --only) $ONLY}"
    echo "- mutants: tests/mutants/mutants.txt ($scope: ${#tabulated[@]} mutants; fields: id, file, exact fragment, replacement, what it simulates, 'equivalent: reason')"
    echo "- baseline: the unmutated tree passes every command ($(printf '%.1f' "$t_baseline") s)"
    echo "- libraries: $libs"
    echo "- wall time: $(printf '%.1f' "$t_wall") s; CPU time (children): $cpu s"
    echo
    echo "## Mutants"
    echo
    echo "| id | file | what it simulates | status | killed by | seconds |"
    echo "| --- | --- | --- | --- | --- | --- |"
    printf '%s' "$rows_md"
} > "$tmp_md"
{
    echo "# title: Mutation testing: every non-equivalent source mutation is killed"
    echo "# statement: issue 15 point 2: every non-equivalent mutant killed"
    echo "# verdict: $verdict"
    echo "# seed: $SEED"
    echo "id,file,what it simulates,status,killed by,seconds"
    printf '%s' "$rows_csv"
} > "$tmp_csv"
mv "$tmp_md" "$OUT/mutation.md" && mv "$tmp_csv" "$OUT/mutation.csv"
n_reused=$(cat "$OUTCOMES"/* "$OUTCOMES/.baseline" 2>/dev/null | grep -c '^reused')
n_computed=$(cat "$OUTCOMES"/* "$OUTCOMES/.baseline" 2>/dev/null | grep -c '^computed')
echo "run_mutants: cells: $n_computed computed, $n_reused reused from the store $CELLS (the baseline and $total mutants)"
echo "run_mutants: $verdict, $(printf '%.1f' "$t_wall") s -> $OUT/mutation.md"
if [ "$errs" -gt 0 ]; then exit 2; fi
[ "${verdict%%:*}" = PASS ] || exit 1
exit 0
