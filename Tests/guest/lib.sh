# Helpers of the guest tier (sourced by run): step timing, the REST client, the kernel-view helper,
# iSCSI reads and writes from the host, and the QEMU boot client.
# Globals the caller sets: OUT (artefact dir), SERIAL (guest serial log), REST_PORT, ISCSI_PORT,
# HELPER_PORT, TOKEN (after login).

T0=$SECONDS
say() { printf '[guest %4ds] %s\n' "$((SECONDS - T0))" "$*"; }

# Prints the tail of the guest's serial log (what failed in the guest).
serial_tail() {
    echo "---- last lines of the guest serial log ($SERIAL) ----"
    tr -d '\r' < "$SERIAL" 2>/dev/null | grep -av '^\s*$' | tail -"${1:-40}"
    echo "----"
}

fail() { say "FAIL: $*"; serial_tail; exit 1; }

# step "title" function args…: runs one step and prints its duration (kept in STEP_TIMES for the
# summary); a failing step ends the tier with the tail of the guest's serial log.
STEP_TIMES=()
step() {
    local title=$1; shift
    local t=$SECONDS rc=0
    say "step: $title"
    "$@" || rc=$?
    [ $rc -eq 0 ] || fail "$title (status $rc, $((SECONDS - t)) s)${MISSING:+: $MISSING}"
    say "  ok: $title ($((SECONDS - t)) s)"
    STEP_TIMES+=("$(printf '%4d s  %s' "$((SECONDS - t))" "$title")")
}

# api METHOD PATH [JSON]: sets STATUS and BODY; never fails by itself.
api() {
    local method=$1 path=$2 data=${3:-}
    local args=(-sS -m 120 -o "$OUT/response.json" -w '%{http_code}' -X "$method"
                -H 'Accept: application/json')
    [ -n "${TOKEN:-}" ] && args+=(-H "Authorization: Bearer $TOKEN")
    [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
    [ -n "${IF_MATCH:-}" ] && args+=(-H "If-Match: $IF_MATCH")
    STATUS=$(curl "${args[@]}" "http://127.0.0.1:$REST_PORT$path" 2>>"$OUT/curl.log") || STATUS=000
    BODY=$(cat "$OUT/response.json" 2>/dev/null || true)
    printf '%s %s %s -> %s %s\n' "$method" "$path" "$data" "$STATUS" "$BODY" >> "$OUT/rest.log"
}

# must METHOD PATH [JSON]: like api, but a non-2xx answer fails the step with the problem document.
must() {
    api "$@"
    case $STATUS in 2??) return 0 ;; esac
    say "  $1 $2 answered $STATUS: $BODY"
    return 1
}

# jq over the last body.
jb() { jq -r "$@" <<<"$BODY"; }

# wait_job ID: polls a job until it ends (at most 300 s); fails unless it succeeded.
wait_job() {
    local id=$1 i state
    for ((i = 0; i < 300; i++)); do
        must GET "/api/v1/jobs/$id" || return
        state=$(jb .state)
        case $state in
            succeeded) return 0 ;;
            failed|cancelled) say "  job $id $state: $(jb .message)"; return 1 ;;
        esac
        sleep 1
    done
    say "  job $id still $state after 300 s"; return 1
}

# kview lvs|lio|dmsetup [LABEL]: the guest kernel's own view, kept as an artefact; sets KVIEW.
kview() {
    KVIEW=$(curl -sS -m 240 "http://127.0.0.1:$HELPER_PORT/cgi-bin/$1" 2>&1) || { say "  kernel-view helper: $KVIEW"; return 1; }
    printf '== %s %s\n%s\n' "$1" "${2:-}" "$KVIEW" >> "$OUT/kernel-view.txt"
}

# lv_attr NAME: the LV's attribute string from the kernel view ("" when the LV does not exist).
lv_attr() { kview lvs "$1" >/dev/null; awk -F'|' -v n="$1" '$1 == n {print $2}' <<<"$KVIEW"; }
lv_origin() { awk -F'|' -v n="$1" '$1 == n {print $4}' <<<"$KVIEW"; }

# qio IQN INITIATOR qemu-io-command…: runs qemu-io against LUN ${LUN:-0} of a guest target via the
# port forward, logging in with CHAP when CHAP_USER and CHAP_SECRET are set.
qio() {
    local iqn=$1 ini=$2; shift 2
    local cmds=() c auth=""
    for c in "$@"; do cmds+=(-c "$c"); done
    [ -n "${CHAP_USER:-}" ] && auth=",user=$CHAP_USER,password=$CHAP_SECRET"
    timeout 60 qemu-io --image-opts "${cmds[@]}" \
        "driver=iscsi,transport=tcp,portal=127.0.0.1:$ISCSI_PORT,target=$iqn,lun=${LUN:-0},initiator-name=$ini$auth"
}

# read_marker IQN INITIATOR: prints the text stored in sector 1 (what the boot code prints).
read_marker() {
    qio "$1" "$2" 'read -v 512 64' | awk '/^[0-9a-f]+:/ {for (i = 2; i <= 17; i++) printf "%s", $i}' \
        | xxd -r -p | tr -d '\r' | tr '\0' '\n' | head -1
}

# write_marker IQN INITIATOR TEXT: writes TEXT as the sector-1 marker.
write_marker() {
    local f=$OUT/marker.bin
    printf '%s\r\n\0' "$3" > "$f"; truncate -s 512 "$f"
    qio "$1" "$2" "write -s $f 512 512" >/dev/null
}
