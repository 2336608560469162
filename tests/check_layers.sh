#!/bin/sh
# check_layers.sh LAYERS OBJDIR -- which object file uses which, from nm: every undefined
# symbol of an object is resolved to the object that defines it.  Fails (exit 1) on a circle
# of files that use each other, on a use of a higher layer or of a peer folder, and on an
# object whose folder LAYERS does not list.  Prints one line per finding.
set -eu
layers=$1
objdir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$objdir" -name '*.o' ! -path '*/fuzz/*' | sort > "$tmp/objs"
[ -s "$tmp/objs" ] || { echo "check-layers: no object files under $objdir (build first)" >&2; exit 2; }
while read -r o; do
  f=${o#"$objdir"/}; f=${f%.o}
  nm -g --defined-only "$o" | awk -v f="$f" 'NF == 3 && $2 ~ /[TDBRCVW]/ && $3 != "main" {print $3, f}'
done < "$tmp/objs" | sort > "$tmp/defs"
while read -r o; do
  f=${o#"$objdir"/}; f=${f%.o}
  nm -u "$o" | awk -v f="$f" '{print $NF, f}'
done < "$tmp/objs" | sort > "$tmp/uses"
# symbols defined twice make the answer ambiguous: report them
awk '{c[$1]++; w[$1] = w[$1] " " $2} END {for (s in c) if (c[s] > 1) print "check-layers: " s " defined in" w[s]}' \
  "$tmp/defs" > "$tmp/dups"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u > "$tmp/edges"
status=0
if [ -s "$tmp/dups" ]; then cat "$tmp/dups"; status=1; fi
# rank of each folder
awk '!/^#/ && NF {r++; for (i = 1; i <= NF; i++) print $i, r}' "$layers" > "$tmp/ranks"
awk -v ranks="$tmp/ranks" '
  BEGIN { while ((getline l < ranks) > 0) { split(l, a, " "); rank[a[1]] = a[2] } }
  function dir(f) { sub(/\/[^\/]*$/, "", f); return f }
  { u = dir($1); d = dir($2)
    if (!(u in rank)) { print "check-layers: " $1 ": folder " u " is not in the layers list"; bad = 1; next }
    if (!(d in rank)) { print "check-layers: " $2 ": folder " d " is not in the layers list"; bad = 1; next }
    if (u != d && rank[d] >= rank[u]) {
      print "check-layers: " $1 " uses " $2 " (" d " is " (rank[d] == rank[u] ? "a peer of " : "above ") u ")"; bad = 1 } }
  END { exit bad }' "$tmp/edges" || status=1
# the same rule for #include "folder/name.h" between the source folders (a header can make a
# lower folder depend on a higher one without any call)
for d in $(awk '!/^#/ && NF {for (i = 1; i <= NF; i++) print $i}' "$layers"); do
  for f in "$d"/*.c "$d"/*.h; do
    [ -f "$f" ] || continue
    sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
      for root in algebra experiments .; do
        if [ -f "$root/$inc" ]; then t="$root/$inc"; t=${t#./}; echo "${f%.*} ${t%.*}"; break; fi
      done
    done
  done
done | awk '$1 != $2' | sort -u > "$tmp/includes"
awk -v ranks="$tmp/ranks" '
  BEGIN { while ((getline l < ranks) > 0) { split(l, a, " "); rank[a[1]] = a[2] } }
  function dir(f) { sub(/\/[^\/]*$/, "", f); return f }
  { u = dir($1); d = dir($2)
    if (!(u in rank) || !(d in rank)) next
    if (u != d && rank[d] >= rank[u]) {
      print "check-layers: " $1 " includes " $2 ".h (" d " is " (rank[d] == rank[u] ? "a peer of " : "above ") u ")"; bad = 1 } }
  END { exit bad }' "$tmp/includes" || status=1
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/loops"; then
  echo "check-layers: circle of files that use each other:"; grep -v 'input contains a loop' "$tmp/loops" | sed 's/^tsort: /  /'
  status=1
fi
nobj=$(wc -l < "$tmp/objs"); nedge=$(wc -l < "$tmp/edges")
if [ $status -eq 0 ]; then
  echo "check-layers: $nobj objects, $nedge uses, $(wc -l < "$tmp/includes") includes; no circle, no upward or peer use"
fi
exit $status
