# Sourced by the Windows test scripts (test-release.sh, test-installer.sh,
# test-msi.sh): one line per check, "ok" or "FAIL", counted; `summary NAME`
# prints the counts and fails if any check did.
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
absent() { [ ! -e "$1" ]; }
summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}
