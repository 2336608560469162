#!/bin/sh
# srchash.sh -- the code version of a linked program: a hash of the sources compiled into it
# (issue 18; read by algebra/report/code_version.c, format in algebra/report/cells.h).
#
#   sh tools/srchash.sh PROGRAM TRACE LINK_FLAGS [--list] -- OBJECT...
#
# TRACE is the linker's `-t -t` output for PROGRAM: one line per input file, "(ARCHIVE)MEMBER"
# for an archive member it loaded.  The objects the linker really used are the plain .o lines
# and the archive members, mapped to the OBJECT list (the objects the archives were built
# from, matched by file name; a name matching several objects takes them all).  For each used
# object X.o the compiler's X.d (-MMD) lists its .c file and every header it includes; X.flags
# (written by the compile rule) holds the compiler command and flags it was compiled with.
#
# The manifest hashed is, sorted: "source <sha256> <path>" for each listed file (paths
# relative to the repository root, the current folder), "flags <object source> <flags>" for
# each object, and one "compiler <first line of CC --version>" (CC = the first word of
# LINK_FLAGS, the link command's compiler and flags).  The hex digest (first 32 digits of its sha256) is written atomically to
# PROGRAM.srchash.  Nothing else (object files, paths of the checkout, time) enters it, so
# two builds of the same sources with the same compiler and flags agree wherever they are.
# --list prints the manifest instead (for debugging: which files make the version).
# On any failure PROGRAM.srchash is removed (the program then falls back to its executable
# hash and says so) and the reason is printed; the exit status is 0 (the link stands).
set -u
export LC_ALL=C # one sort order everywhere
prog=$1
trace=$2
linkflags=$3
shift 3
list=0
[ "${1:-}" = --list ] && { list=1; shift; }
[ "${1:-}" = -- ] && shift
out=$prog.srchash
tmp=$out.tmp.$$
root=$(pwd)
fail() {
    rm -f "$out" "$tmp" "$tmp.m" "$tmp.f" "$tmp.o" "$tmp.r"
    echo "srchash: $prog: $*; the program will use its executable hash as code version" >&2
    exit 0
}
[ $list = 1 ] && out=$prog.srchash-list # --list leaves the sidecar alone
rm -f "$out"
[ -r "$trace" ] || fail "no linker trace $trace"
objs=$(printf '%s\n' "$@")
# the objects used: plain objects of this tree, and archive members mapped to their objects
used=$(while IFS= read -r l; do
    case "$l" in
    /* | \(/*) ;;                           # system files and archives (crt, libgcc, ...)
    \(*\)*.o)
        m=${l#*)}
        hit=$(printf '%s\n' "$objs" | awk -v m="$m" '{ n = split($0, p, "/"); if (p[n] == m) print }')
        [ -n "$hit" ] || { echo "?$l"; continue; }
        printf '%s\n' "$hit" ;;
    *.o) echo "$l" ;;
    esac
done < "$trace" | sort -u)
case "$used" in *'?'*) fail "archive member not among the known objects: $(printf '%s\n' "$used" | grep '^?' | head -1)" ;; esac
[ -n "$used" ] || fail "no object in the linker trace"
cc=${linkflags%% *}
ccid=$($cc --version 2>/dev/null | head -1)
[ -n "$ccid" ] || fail "'$cc --version' printed nothing"
: > "$tmp.f" || fail "cannot write $tmp.f"
{
    echo "compiler $ccid"
    for o in $used; do
        d=${o%.o}.d
        [ -r "$d" ] || { echo "!missing $d (object $o)"; continue; }
        # the first rule of the .d file: "X.o: a.c b.h \" ... (continuation lines joined)
        awk 'NR == 1 || cont { cont = sub(/\\$/, ""); print; if (!cont) exit }' "$d" \
            | sed '1s/^[^:]*://' | tr ' ' '\n' | grep -v '^$' > "$tmp.o"
        cat "$tmp.o" >> "$tmp.f"
        src=$(realpath -m --relative-to="$root" "$(head -1 "$tmp.o")")
        fl=${o%.o}.flags
        if [ -r "$fl" ]; then echo "flags $src $(cat "$fl")"; else echo "!missing $fl"; fi
    done
    # every listed file once, by its path relative to the repository root
    : > "$tmp.o"
    for f in $(sort -u "$tmp.f"); do
        if [ -r "$f" ]; then echo "$f" >> "$tmp.o"; else echo "!missing $f"; fi
    done
    realpath -m --relative-to="$root" $(cat "$tmp.o") > "$tmp.r"
    sha256sum $(cat "$tmp.o") | cut -c1-64 | paste -d ' ' - "$tmp.r" | sed 's/^/source /'
} | sort -u > "$tmp.m" || fail "cannot write $tmp.m"
rm -f "$tmp.f" "$tmp.o" "$tmp.r"
bad=$(grep -m1 '^!' "$tmp.m")
[ -z "$bad" ] || fail "${bad#!}"
if [ $list = 1 ]; then
    cat "$tmp.m"
    rm -f "$tmp.m"
    exit 0
fi
sha256sum < "$tmp.m" | cut -c1-32 > "$tmp" && mv "$tmp" "$out" || fail "cannot write $out"
rm -f "$tmp.m"
