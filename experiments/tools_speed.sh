#!/bin/sh
# tools_speed.sh -- `make tools-speed` (part of `make bench`): the real `ldr` and `lincircuit`
# binaries on inputs of the size of real layers (issue 14, item 5), wall time and peak memory
# (/usr/bin/time) of each command, next to the issue's limit.  Writes OUT/tools_speed.md and
# OUT/tools_speed.csv.  Inputs are generated here (awk with srand(SEED)): same seed, same inputs.
# Usage: sh experiments/tools_speed.sh BUILD OUT SEED
set -u
BUILD=${1:-build}
OUT=${2:-results}
SEED=${3:-1}
W=$BUILD/tools_speed
LDR=$BUILD/tools/ldr
LC=$BUILD/tools/lincircuit
mkdir -p "$W" "$OUT"
rm -f "$W"/*.mtx "$W"/*.lc "$W"/rows.txt
start=$(date +%s)

# n x n integer matrix: Toeplitz (entries c[i-j]) or random, entries in [-9, 9]
gen_matrix() { # kind n file
    awk -v kind="$1" -v n="$2" -v seed="$SEED" 'BEGIN {
        srand(seed); print "%%MatrixMarket matrix array integer general"; print n, n;
        for (k = 0; k < 2 * n; k++) c[k] = int(rand() * 19) - 9;
        for (j = 0; j < n; j++) for (i = 0; i < n; i++)
            print (kind == "toeplitz" ? c[i - j + n - 1] : int(rand() * 19) - 9) }' > "$3"
}

# m x n integer table, column-major, entry k (0-based) = EXPR in awk (rand() seeded SEED + OFF)
gen_table() { # m n file off expr
    awk -v m="$1" -v n="$2" -v seed="$SEED" -v off="$4" 'BEGIN {
        srand(seed + off); print "%%MatrixMarket matrix array integer general"; print m, n;
        for (k = 0; k < m * n; k++) print '"$5"' }' > "$3"
}

# measure LABEL SIZE LIMIT_S LIMIT_MB CMD...: one row (wall and CPU = user + system seconds,
# memory peak RSS); the limit is on wall time, and a row over it in wall time but within it in
# CPU time says so (the machine is shared: wall time then mostly waits for a core)
measure() {
    label=$1 size=$2 lim_s=$3 lim_mb=$4
    shift 4
    /usr/bin/time -f "%e %M %U %S" -o "$W/time.txt" "$@" > "$W/out.txt" 2> "$W/err.txt"
    rc=$?
    secs=$(tail -1 "$W/time.txt" | cut -d' ' -f1)
    mb=$(tail -1 "$W/time.txt" | awk '{printf "%.0f", $2 / 1024}')
    cpu=$(tail -1 "$W/time.txt" | awk '{printf "%.2f", $3 + $4}')
    if [ $rc -ne 0 ]; then
        verdict="exit $rc: $(head -1 "$W/err.txt" | sed 's/|/\//g' | cut -c1-120)"
    elif [ "$lim_s" = "-" ]; then
        verdict="measured"
    elif awk -v s="$secs" -v m="$mb" -v ls="$lim_s" -v lm="$lim_mb" \
        'BEGIN { exit !(s <= ls && (lm == "-" || m <= lm)) }'; then
        verdict="within the limit"
    elif awk -v s="$cpu" -v m="$mb" -v ls="$lim_s" -v lm="$lim_mb" \
        'BEGIN { exit !(s <= ls && (lm == "-" || m <= lm)) }'; then
        verdict="over the limit in wall time, within it in CPU time"
    else
        verdict="over the limit"
    fi
    echo "$label|$size|$*|$secs|$cpu|$mb|$lim_s|$lim_mb|$verdict" | sed "s|$BUILD/tools/||; s|$W/||g" >> "$W/rows.txt"
}

skip() { # LABEL SIZE LIMIT_S REASON
    echo "$1|$2|-|-|-|-|$3|-|skipped: $4" >> "$W/rows.txt"
}

gen_matrix toeplitz 2000 "$W/toeplitz2000.mtx"
gen_matrix random 2000 "$W/random2000.mtx"
gen_matrix toeplitz 1000 "$W/toeplitz1000.mtx"
measure "ldr rank, Toeplitz" "n = 2000" 5 - $LDR rank "$W/toeplitz2000.mtx" -A Z:1 -B Z:-1 --form sylvester
measure "ldr rank, random integer" "n = 2000" 5 - $LDR rank "$W/random2000.mtx" -A Z:1 -B Z:-1 --form sylvester
# ldr reconstruct at n = 1000: the generators of a Toeplitz matrix (written by ldr rank), and
# random integer generators of width 16 for each structured family; diagonal entries
# distinct (odd against even), subdiagonal weights +-1 (larger weights make the exact
# solution itself thousands of bits per entry: tools/ldr/README.md, cost)
$LDR rank "$W/toeplitz1000.mtx" -A Z:1 -B Z:-1 --form sylvester --generators "$W/G1000.mtx" "$W/H1000.mtx" > /dev/null 2>&1
gen_table 1000 16 "$W/G16.mtx" 11 "int(rand() * 19) - 9"
gen_table 1000 16 "$W/H16.mtx" 12 "int(rand() * 19) - 9"
gen_table 1000 1 "$W/d_odd.mtx" 13 "2 * k + 1"
gen_table 1000 1 "$W/d_even.mtx" 14 "-2 * k"
gen_table 1000 1 "$W/d_sign.mtx" 15 "rand() < 0.5 ? -1 : 1"
gen_table 999 1 "$W/w1.mtx" 16 "rand() < 0.5 ? -1 : 1"
gen_table 999 1 "$W/w2.mtx" 17 "rand() < 0.5 ? -1 : 1"
measure "ldr reconstruct, Z_f pair, Toeplitz r = 2, --compare" "n = 1000" 5 - $LDR reconstruct -A Z:1 -B Z:-1 -G "$W/G1000.mtx" -H "$W/H1000.mtx" --compare "$W/toeplitz1000.mtx" -o "$W/M_t.mtx"
measure "ldr reconstruct, Z_f pair r = 16" "n = 1000" 5 - $LDR reconstruct -A Z:1 -B Z:-1 -G "$W/G16.mtx" -H "$W/H16.mtx" -o "$W/M_z.mtx"
measure "ldr reconstruct, diagonal pair (Cauchy-like) r = 16" "n = 1000" 5 - $LDR reconstruct -A diag:"$W/d_odd.mtx" -B diag:"$W/d_even.mtx" -G "$W/G16.mtx" -H "$W/H16.mtx" -o "$W/M_d.mtx"
measure "ldr reconstruct, subdiagonal+corner pair r = 16" "n = 1000" 5 - $LDR reconstruct -A subdiag:"$W/w1.mtx":2 -B subdiag:"$W/w2.mtx":-1 -G "$W/G16.mtx" -H "$W/H16.mtx" -o "$W/M_s.mtx"
measure "ldr reconstruct, diagonal (+-1) and Z_2 r = 16" "n = 1000" 5 - $LDR reconstruct -A diag:"$W/d_sign.mtx" -B Z:2 -G "$W/G16.mtx" -H "$W/H16.mtx" -o "$W/M_v.mtx"
# a general tridiagonal pair has no shift recurrence: the dense exact solve (sylvester.h), and
# the exact solution of generic data has entries of O(n^2) bits (denominator: the resultant
# of the characteristic polynomials), so only a small size is measured
gen_table 32 3 "$W/tri_a.mtx" 18 "(int(rand() * 9) + 1) * (rand() < 0.5 ? -1 : 1)"
gen_table 32 3 "$W/tri_b.mtx" 19 "(int(rand() * 9) + 1) * (rand() < 0.5 ? -1 : 1)"
gen_table 32 2 "$W/G32.mtx" 20 "int(rand() * 19) - 9"
gen_table 32 2 "$W/H32.mtx" 21 "int(rand() * 19) - 9"
measure "ldr reconstruct, tridiagonal pair r = 2 (dense exact solve)" "n = 32" - - $LDR reconstruct -A tridiag:"$W/tri_a.mtx" -B tridiag:"$W/tri_b.mtx" -G "$W/G32.mtx" -H "$W/H32.mtx" -o "$W/M_tri.mtx"
for n in 1024 4096 16384; do
    measure "lincircuit gen fft" "N = $n" 60 2048 $LC gen fft $n "$W/fft$n.lc"
done
# N = 128 is the largest FFT that sparse and kmatrix check densely by default (m n phi(N) = 2^20)
$LC gen fft 128 "$W/fft128.lc" > /dev/null 2>&1
measure "lincircuit sparse (exact dense check)" "N = 128" 60 2048 $LC sparse "$W/fft128.lc" --check dense
measure "lincircuit kmatrix (exact dense check)" "N = 128" 60 2048 $LC kmatrix "$W/fft128.lc" --check dense
measure "lincircuit sparse (random check mod p)" "N = 128" 60 2048 $LC sparse "$W/fft128.lc" --check random --seed "$SEED"
measure "lincircuit kmatrix (random check mod p)" "N = 128" 60 2048 $LC kmatrix "$W/fft128.lc" --check random --seed "$SEED"
for n in 4096 16384; do
    measure "lincircuit info" "N = $n" 60 2048 $LC info "$W/fft$n.lc"
    measure "lincircuit transpose" "N = $n" 60 2048 $LC transpose "$W/fft$n.lc" "$W/fft${n}T.lc"
    measure "lincircuit sparse (random check mod p)" "N = $n" 60 2048 $LC sparse "$W/fft$n.lc" --seed "$SEED"
    measure "lincircuit kmatrix (random check mod p)" "N = $n" 60 2048 $LC kmatrix "$W/fft$n.lc" --seed "$SEED"
done

wall=$(( $(date +%s) - start ))
nrows=$(wc -l < "$W/rows.txt")
within=$(grep -c '|within the limit$' "$W/rows.txt")
limited=$(awk -F'|' '$7 != "-"' "$W/rows.txt" | wc -l)
{
    echo "# Tools on inputs of real size: wall time and peak memory"
    echo
    echo "- statement: issue 14, item 5 (sizes of real layers: ldr rank n = 2000 <= 5 s, ldr reconstruct n = 1000 <= 5 s, lincircuit FFT 16384 <= 60 s and 2 GB)"
    echo "- verdict: MEASURED: $nrows measured rows, $within of $limited rows with a limit within it"
    echo "- seed: $SEED"
    echo "- command: sh experiments/tools_speed.sh $BUILD $OUT $SEED"
    echo "- inputs: integer entries in [-9, 9] (awk srand(seed)); FFT circuits from lincircuit gen"
    echo "- machine: $(nproc) cores, shared; wall time: $wall s"
    echo
    echo "| tool, command | size | command line | seconds | CPU seconds | peak MB | limit s | limit MB | verdict |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    sed 's/|/ | /g; s/^/| /; s/$/ |/' "$W/rows.txt"
    echo
    echo "Wall seconds, CPU seconds (user + system) and peak resident memory of the whole command (reading, computing, checking, writing), measured by /usr/bin/time on a machine shared with other jobs: compare rows of one run, not runs; the limits are on wall time, and a row whose wall time is inflated by waiting for a core says so when its CPU time is within the limit."
    echo "'exit 2' rows are inputs refused by a stated limit before anything is allocated (tools/lincircuit/README.md)."
    echo "No baseline runs in this table; the exact rank's speed-up against fraction-free elimination is in ldr_rank_bench.md."
} > "$OUT/tools_speed.md"
{
    echo "# tools_speed: issue 14 item 5; seed $SEED"
    echo "label,size,command,seconds,cpu_seconds,peak_mb,limit_s,limit_mb,verdict"
    awk -F'|' '{ for (i = 1; i <= NF; i++) { gsub(/"/, "\"\"", $i); printf "%s\"%s\"", (i > 1 ? "," : ""), $i } print "" }' "$W/rows.txt"
} > "$OUT/tools_speed.csv"
echo "tools_speed: $nrows rows -> $OUT/tools_speed.md"
