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

# expect_ctrl_c PATTERN OUT CMD...: starts CMD, sends SIGINT after 3 s, and checks Ctrl-C's
# contract: exit code 130, a message matching PATTERN, and nothing left at OUT.
expect_ctrl_c() {
    local pattern="$1" out="$2" log
    shift 2
    log="$(mktemp)"
    "$@" 2> "$log" &
    local pid=$!
    sleep 3
    kill -INT "$pid"
    wait "$pid"
    local rc=$?
    [ "$rc" -eq 130 ] || fail "Ctrl-C of '$*': exit code $rc, expected 130 ($(cat "$log"))"
    grep -q -- "$pattern" "$log" || fail "Ctrl-C of '$*': no '$pattern' message: $(cat "$log")"
    [ -e "$out" ] && fail "Ctrl-C of '$*' left $out behind"
    rm -f "$log"
}
