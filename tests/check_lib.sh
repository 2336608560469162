# check_lib.sh -- sourced by the shell checks (check-cells, check-resume, check-srchash,
# test-mutant-cells): a fresh work folder, pass/fail counters and the summary line.
#
#   . tests/check_lib.sh
#   check_begin NAME DIR     # DIR emptied and created; ok/bad print "NAME: ok|FAIL ..."
#   ...
#   check_end [clean]        # "NAME: P passed, F failed"; clean: remove DIR when all passed;
#                            # the status is 0 exactly when nothing failed
check_begin() {
  CHECK_NAME=$1
  CHECK_DIR=$2
  rm -rf "$CHECK_DIR"
  mkdir -p "$CHECK_DIR"
  passed=0
  failed=0
}
ok() { echo "$CHECK_NAME: ok   $*"; passed=$((passed + 1)); }
bad() { echo "$CHECK_NAME: FAIL $*" >&2; failed=$((failed + 1)); }
check_end() {
  echo "$CHECK_NAME: $passed passed, $failed failed"
  [ "${1:-}" = clean ] && [ $failed = 0 ] && rm -rf "$CHECK_DIR"
  [ $failed = 0 ]
}
