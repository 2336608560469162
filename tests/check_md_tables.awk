# check_md_tables.awk FILE... -- every Markdown table has as many cells in each row as in its
# header row.  A cell boundary is an unescaped '|'; '\|' and '|' inside `code` do not count.
# Prints FILE:LINE: reason for each malformed row; exits 1 if any.
function cells(line,    n, i, c, code, prev) {
  n = 0; code = 0; prev = ""
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (c == "`") code = !code
    else if (c == "|" && !code && prev != "\\") n++
    prev = c
  }
  return n - 1   # a row is |a|b|c|: boundaries - 1 cells
}
# 1 if some cell of the row is empty or blank
function emptycell(line,    t) {
  t = line; gsub(/\\\|/, "x", t); gsub(/`[^`]*`/, "x", t)
  return t ~ /\|[ \t]*\|/
}
FNR == 1 { intable = 0 }
/^[ \t]*\|/ {
  if (!intable) {
    intable = 1; want = cells($0); hdr = FNR
    if (emptycell($0)) { printf "%s:%d: a header cell is empty (an unescaped | inside a column name?)\n", FILENAME, FNR; bad = 1 }
    next
  }
  got = cells($0)
  if (got != want) {
    printf "%s:%d: %d cells, the header at line %d has %d\n", FILENAME, FNR, got, hdr, want
    bad = 1
  }
  next
}
{ intable = 0 }
END { exit bad }
