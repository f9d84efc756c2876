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

# wait_for_sigint_handler PID: waits (up to 5 minutes) until process PID catches SIGINT (bit 2 of
# SigCgt in /proc/PID/status: its Ctrl-C handler is installed); fails if it ends first. A fixed
# sleep is not enough: under a sanitizer on a loaded machine, loading LibTorch and the models took
# longer than 3 s, and a SIGINT before the handler (ignored in a background job of a script) let
# the run finish with exit code 0.
wait_for_sigint_handler() {
    local pid="$1" state mask
    for _ in $(seq 3000); do
        read -r state mask < <(awk '/^State:/ {s = $2} /^SigCgt:/ {m = $2} END {print s, m}' "/proc/$pid/status" 2>/dev/null)
        [ -n "$mask" ] && [ "$state" != Z ] || return 1  # gone, or ended and not yet waited for
        (( (16#$mask >> 1) & 1 )) && return 0
        sleep 0.1
    done
    return 1
}

# expect_ctrl_c PATTERN OUT CMD...: starts CMD, sends SIGINT 1 s after its Ctrl-C handler is
# installed (mid-work for the long runs the tests start), and checks Ctrl-C's contract: exit code
# 130, a message matching PATTERN, and nothing left at OUT.
expect_ctrl_c() {
    local pattern="$1" out="$2" log
    shift 2
    log="$(mktemp)"
    "$@" 2> "$log" &
    local pid=$!
    wait_for_sigint_handler "$pid" || fail "'$*' ended before it caught SIGINT: $(cat "$log")"
    sleep 1
    kill -INT "$pid"
    wait "$pid"
    local rc=$?
    [ "$rc" -eq 130 ] || fail "Ctrl-C of '$*': exit code $rc, expected 130 ($(cat "$log"))"
    grep -q -- "$pattern" "$log" || fail "Ctrl-C of '$*': no '$pattern' message: $(cat "$log")"
    [ -e "$out" ] && fail "Ctrl-C of '$*' left $out behind"
    rm -f "$log"
}
