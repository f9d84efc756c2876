# Shared helpers of the CLI test scripts (source it): failure counting and expectations.

failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE PATTERN CMD...: runs CMD, checks the exit code and that stdout+stderr match PATTERN.
expect() {
    local code="$1" pattern="$2"
    shift 2
    local out rc
    out="$("$@" 2>&1)"
    rc=$?
    [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code. Output: $out"
    echo "$out" | grep -q -- "$pattern" || fail "'$*' output lacks '$pattern'. Output: $out"
}
