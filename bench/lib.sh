# Shared helpers for the bench/ scripts (sourced, not run). Everything runs inside one private
# network namespace (loopback only), so ports never clash with other developers' servers.
# Each script: `source "$(dirname "$0")/lib.sh"`, then `bench_init NAME`.
set -uo pipefail
BENCH_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROOT=$(cd "$BENCH_HERE/.." && pwd)
BENCH_OUT=${DISKLESSD_BENCH_OUTPUT:-${DISKLESSD_TEST_OUTPUT:-$BENCH_ROOT/test-output}/bench}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-30}     # seconds per wrk / client run
PIDS=() DPID="" NS="" W="" TOK=""

blog() { printf '[%(%T)T] %s\n' -1 "$*" >&2; }
bskip() { echo "$BENCH_NAME: skipped: $*"; exit 77; }
# Bounded wait: bwait SECONDS COMMAND...
bwait() { local n=$(( $1 * 10 )); shift; for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
X() { ip netns exec "$NS" "$@"; }

bench_cleanup() {
    set +e
    [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    sleep 0.3
    [ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    # A script's own (tgtd, mounts): before `wait`, which would wait for a tgtd forever.
    declare -F bench_extra_cleanup >/dev/null && bench_extra_cleanup
    wait 2>/dev/null
    [ -n "$W" ] && cp "$W"/*.log "$BENCH_OUT/$BENCH_NAME/" 2>/dev/null
    [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
    [ -n "$W" ] && rm -rf "$W"
}

# bench_init NAME: checks root, makes the work dir, the netns and the results file.
bench_init() {
    BENCH_NAME=$1
    [ "$(id -u)" = 0 ] || bskip "needs root (private network namespace)"
    for c in ip curl jq; do command -v "$c" >/dev/null || bskip "$c is missing (scripts/install-deps bench)"; done
    mkdir -p "$BENCH_OUT/$BENCH_NAME"
    W=$(mktemp -d /tmp/disklessd-bench.XXXXXX); chmod 755 "$W"
    NS=dlb$(printf '%04x' $RANDOM)
    ip netns add "$NS" && ip -n "$NS" link set lo up || { echo "$BENCH_NAME: cannot make a netns"; exit 1; }
    trap bench_cleanup EXIT
    BIN=${DISKLESSD_BIN:-}
    if [ -z "$BIN" ]; then
        local rel; rel="$(cd "$BENCH_ROOT" && swift build -c release --show-bin-path 2>/dev/null)/disklessd"
        if [ -x "$rel" ]; then BIN=$rel
        else BIN="$(cd "$BENCH_ROOT" && swift build --show-bin-path)/disklessd"; fi
    fi
    [ -x "$BIN" ] || (cd "$BENCH_ROOT" && swift build --product disklessd >/dev/null) || { echo "$BENCH_NAME: building disklessd failed"; exit 1; }
    case "$BIN" in *release*) BUILD=release ;; *) BUILD=debug ;; esac
    blog "$BENCH_NAME: disklessd $BUILD build ($BIN), netns $NS, work dir $W"
}

# start_disklessd LOGNAME: serve on 127.0.0.1:8050 inside the netns; sets DPID.
start_disklessd() {  # DISKLESSD_BOOT_RATE: all bench clients share 127.0.0.1
    DISKLESSD_BOOT_RATE=${DISKLESSD_BOOT_RATE:-1000000,1000000} ip netns exec "$NS" "$BIN" serve --data-dir "$W/data" --host "${BENCH_HOST:-127.0.0.1}" --port 8050 --web-root "" --log-level warning \
        >"$W/$1.log" 2>&1 &
    DPID=$!
    bwait 30 X curl -sf http://127.0.0.1:8050/healthz || { tail -20 "$W/$1.log"; echo "$BENCH_NAME: disklessd did not start"; exit 1; }
}
stop_disklessd() { kill "$DPID"; bwait 10 bash -c "! kill -0 $DPID"; kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; DPID=""; }

# make_admin: user + API token in $TOK (disklessd must be stopped for `user add`, then is started).
make_admin() {
    mkdir -p "$W/data"
    echo 'bench-pass-0123456789' | "$BIN" user add bench --role admin --password-stdin --data-dir "$W/data" >/dev/null \
        || { echo "$BENCH_NAME: disklessd user add failed"; exit 1; }
    start_disklessd serve1
    X curl -s -c "$W/cookies" -H 'Content-Type: application/json' \
        -d '{"username":"bench","password":"bench-pass-0123456789"}' http://127.0.0.1:8050/api/v1/session >"$W/session.json"
    local csrf; csrf=$(jq -r .csrfToken "$W/session.json")
    TOK=$(X curl -s -b "$W/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
          -d '{"name":"bench"}' http://127.0.0.1:8050/api/v1/tokens | jq -r .token)
    [ -n "$TOK" ] && [ "$TOK" != null ] || { echo "$BENCH_NAME: could not get an API token"; exit 1; }
    # Every bench client is 127.0.0.1, never the machine it asks for: let any address trigger a
    # machine's boot event (reset, CHAP secret), as a lab would (docs/security.md).
    local rev; rev=$(api GET settings | jq -r .revision)
    api GET settings | jq '.http.trustAnyBootClient = true' >"$W/settings-trust.json"
    api PUT settings -H "If-Match: \"$rev\"" -H 'Content-Type: application/json' --data @"$W/settings-trust.json" >/dev/null
    [ "$(cat "$W/status")" = 200 ] || { cat "$W/body"; echo "$BENCH_NAME: PUT settings (trustAnyBootClient) failed"; exit 1; }
}
# api METHOD PATH [curl args...] -> body on stdout, status in $W/status
api() {
    local m=$1 p=$2; shift 2
    X curl -s -o "$W/body" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $TOK" "$@" \
        "http://127.0.0.1:8050/api/v1/$p" >"$W/status"
    cat "$W/body"
}

# cpu_ticks PID: utime+stime in clock ticks from /proc/PID/stat (fields 14, 15).
cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# result NAME METRIC VALUE: one line for bench/run's table.
result() { printf '%s\t%s\t%s\n' "$BENCH_NAME" "$1" "$2" | tee -a "$BENCH_OUT/results.tsv"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# row SCENARIO DISKLESSD PEER RATIO GOAL MET: one row of bench/run's summary table (table.tsv).
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$BENCH_OUT/table.tsv"; }
# meets VALUE OP LIMIT (OP: le, lt, ge, gt) -> yes / no / n/a (a value that is not a number).
meets() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        if (v !~ /^[0-9.]+$/) { print "n/a"; exit }
        ok = (op == "le" && v + 0 <= l + 0) || (op == "lt" && v + 0 < l + 0) ||
             (op == "ge" && v + 0 >= l + 0) || (op == "gt" && v + 0 > l + 0)
        print (ok ? "yes" : "no") }'
}
# cpu_tree PID: ticks of PID plus its direct children (nginx workers).
cpu_tree() { local t; t=$(cpu_ticks "$1"); for c in $(pgrep -P "$1"); do t=$((t + $(cpu_ticks "$c"))); done; echo "$t"; }
