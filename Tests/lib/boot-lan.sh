# Tests/lib/boot-lan.sh — sourced by the boot tiers (e2e-boot, os-boot): a two-host LAN in network
# namespaces with real firmware clients booting through `disklessd serve`.
#
#   router netns ($NSR): bridge br0 holding the clients' taps (tap0..) + dnsmasq as the site's
#                        plain DHCP server (no PXE), with an RA-only IPv6 prefix (iPXE otherwise
#                        waits 16 s for router adverts)
#   server netns ($NSS): veth "vs" ($SRV) into the bridge; a private tgtd (control port $CTL,
#                        portal $SRV:3260) and disklessd serve (ProxyDHCP, TFTP, HTTP on $PORT);
#                        with LAN_TARGET=builtin no tgtd: serve starts `disklessd target` itself
#                        (portal :3260, control socket $W/data/target/control.sock)
#
# The caller sets TIER (name in messages) and W (its scratch dir, mode 755: dnsmasq runs as
# nobody) before sourcing, then calls lan_up, tgtd_up, disklessd_start/api_login, and lan_cleanup
# from its EXIT trap. Background `ip netns exec` itself, never a function wrapping it: `$!` would
# be a subshell whose kill leaves the program running.
tag=$(printf '%04x' $((RANDOM)))
while [ -e "/run/netns/dlr$tag" ] || [ -e "/run/netns/dls$tag" ]; do tag=$(printf '%04x' $((RANDOM))); done
NSR=dlr$tag NSS=dls$tag CTL=$((21000 + RANDOM % 9000)) PORT=8050
# tgtd's control port is a unix socket named after it, shared by every tgtd on the host.
for _ in $(seq 20); do [ -e "/var/run/tgtd/socket.$CTL" ] || break; CTL=$((21000 + RANDOM % 9000)); done
SRV=10.77.0.1 ROUTER=10.77.0.254 PREFIX=iqn.2022-10.org.dbc.iscsi
XR="ip netns exec $NSR" XS="ip netns exec $NSS"
PIDS=() DPID="" TGTPID="" fail=0 tok=""
# The target driver the tiers' settings choose: tgt (a private tgtd) or builtin (disklessd's own).
LAN_TARGET=${LAN_TARGET:-tgt}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-90}

log() { printf '[%(%T)T] %s\n' -1 "$*"; }
bad() { log "FAIL: $*"; fail=1; }
# Bounded wait: wait_for SECONDS COMMAND...
wait_for() { local n=$(( $1 * 10 )); shift; for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
# gone PID...: every one has exited (a zombie not yet reaped counts: kill -0 still finds it).
gone() { local p; for p; do [ ! -e "/proc/$p" ] || grep -q ') Z' "/proc/$p/stat" 2>/dev/null || return 1; done; }
seconds_since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

# The debug (or whatever `swift build` made) disklessd binary; built when missing.
disklessd_bin() {
    local root=$1 bin
    bin="$(cd "$root" && swift build --show-bin-path)/disklessd"
    [ -x "$bin" ] || (cd "$root" && swift build --product disklessd >/dev/null) || { echo "$TIER: building disklessd failed" >&2; return 1; }
    echo "$bin"
}

# lan_up NTAPS: both namespaces, the bridge with taps tap0..tap{NTAPS-1}, the router's dnsmasq.
lan_up() {
    ip netns add "$NSR"; ip netns add "$NSS"
    ip -n "$NSR" link set lo up; ip -n "$NSS" link set lo up
    ip -n "$NSR" link add br0 type bridge forward_delay 0
    ip -n "$NSR" addr add $ROUTER/24 dev br0
    ip -n "$NSR" addr add fd77::1/64 dev br0 nodad
    ip -n "$NSR" link set br0 up
    local i
    for i in $(seq 0 $(( $1 - 1 ))); do
        ip -n "$NSR" tuntap add dev "tap$i" mode tap
        ip -n "$NSR" link set "tap$i" master br0 up
    done
    ip -n "$NSR" link add vr type veth peer name vs netns "$NSS"
    ip -n "$NSR" link set vr master br0 up
    ip -n "$NSS" addr add $SRV/24 dev vs
    ip -n "$NSS" link set vs up
    cat >"$W/run/router-dnsmasq.conf" <<EOF
port=0
interface=br0
bind-interfaces
log-dhcp
no-ping
dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h
dhcp-option=option:router,$ROUTER
dhcp-leasefile=$W/run/router.leases
enable-ra
dhcp-range=fd77::,ra-only,64
EOF
    $XR dnsmasq --keep-in-foreground --conf-file="$W/run/router-dnsmasq.conf" --pid-file="$W/run/router.pid" \
        --log-facility="$W/run/router-dnsmasq.log" & PIDS+=($!)
}

tgtd_up() {
    [ "$LAN_TARGET" = builtin ] && return 0
    $XS tgtd -f -C "$CTL" --iscsi portal=$SRV:3260 >"$W/run/tgtd.log" 2>&1 & TGTPID=$!
    wait_for 10 $XS bash -c "exec 3<>/dev/tcp/$SRV/3260" || { echo "$TIER: tgtd did not start"; return 1; }
}
tgt_show() { tgtadm -C "$CTL" --lld iscsi --op show --mode target; }
# targets_show: the targets disklessd made, as its driver lists them (GET /api/v1/targets).
targets_show() {
    if [ "$LAN_TARGET" = builtin ]; then api GET targets | jq -r '.items[] | "\(.iqn) luns=\([.luns[] | "\(.lun):\(.backing)"] | join(",")) initiators=\(.initiators | join(",")) sessions=\(.sessions)"'
    else tgt_show; fi
}

# disklessd_start LOGNAME: serve in the server netns on $SRV:$PORT (data in $W/data).
disklessd_start() {
    DISKLESSD_TGT_CONTROL_PORT=$CTL $XS "$bin" serve --data-dir "$W/data" --port $PORT --web-root "" \
        >"$W/data/$1.log" 2>&1 &
    DPID=$!
    wait_for 20 $XS curl -sf "http://$SRV:$PORT/healthz" || { tail -20 "$W/data/$1.log"; echo "$TIER: disklessd did not start"; return 1; }
}
disklessd_stop() { kill "$DPID"; wait_for 10 gone "$DPID"; kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; DPID=""; }

api() {  # METHOD PATH [JSON] -> body on stdout, status in $W/run/status
    local m=$1 p=$2; shift 2
    $XS curl -s -m 60 -o "$W/run/body" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $tok" \
        -H 'Content-Type: application/json' ${1:+--data "$1"} "http://$SRV:$PORT/api/v1/$p" >"$W/run/status"
    cat "$W/run/body"
}
status() { cat "$W/run/status"; }

# api_login USER: adds an admin user (before the first start), logs in, makes an API token ($tok).
api_user_add() { echo "$1-pass-0123456789" | "$bin" user add "$1" --role admin --password-stdin --data-dir "$W/data" >/dev/null \
    || { echo "$TIER: disklessd user add failed"; return 1; }; }
api_login() {
    $XS curl -s -c "$W/run/cookies" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$1-pass-0123456789\"}" "http://$SRV:$PORT/api/v1/session" >"$W/run/session.json"
    local csrf; csrf=$(jq -r .csrfToken "$W/run/session.json")
    tok=$($XS curl -s -b "$W/run/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
          -d "{\"name\":\"$1\"}" "http://$SRV:$PORT/api/v1/tokens" | jq -r .token)
    [ -n "$tok" ] && [ "$tok" != null ] || { echo "$TIER: could not get an API token"; return 1; }
}

# tftp_seed_ipxe: Debian's iPXE binaries as real files in disklessd's TFTP root.
tftp_seed_ipxe() {
    local f
    for f in undionly.kpxe ipxe.efi; do
        # Debian's /usr/lib/ipxe/ipxe.efi is a symlink to /boot; a copied link points out of the TFTP
        # root, which the TFTP server rightly refuses: keep real files only.
        [ -L "$W/data/tftp/$f" ] && log "note: the seeded tftp/$f is a symlink out of the root; replaced by a copy"
        rm -f "$W/data/tftp/$f"; cp -L "/usr/lib/ipxe/$f" "$W/data/tftp/$f"
    done
    chmod -R a+rX "$W/data/tftp"
}

# settings_lan TFTP-BUILTIN(true|false): proxy DHCP on "vs", $LAN_TARGET on $SRV:3260, this LAN's network.
settings_lan() {
    local rev; rev=$(api GET settings | jq -r .revision)
    # Server-side import reads only inside import roots: the tiers' disks are in $W/images.
    api GET settings | jq --arg srv $SRV --arg root "$W/data/tftp" --arg images "$W/images" --argjson builtin "$1" --arg driver "$LAN_TARGET" '
        .iscsi.serverAddress = $srv | .iscsi.driver = $driver | .iscsi.portalPort = 3260 |
        .http.publicBaseURL = "" | .http.menuTimeoutSeconds = 1 |
        .dhcp.mode = "proxy" | .dhcp.interface = "vs" | .dhcp.subnet = "10.77.0.0" | .dhcp.subnetMask = "255.255.255.0" |
        .dhcp.rangeStart = "10.77.0.100" | .dhcp.rangeEnd = "10.77.0.150" | .dhcp.routers = ["10.77.0.254"] |
        .dhcp.dnsServers = ["10.77.0.254"] | .dhcp.broadcastAddress = "10.77.0.255" |
        .tftp.builtIn = $builtin | .tftp.root = $root | .storage.importRoots = [$images]' >"$W/run/settings.json"
    $XS curl -s -o "$W/run/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $tok" -H "If-Match: \"$rev\"" \
        -H 'Content-Type: application/json' --data @"$W/run/settings.json" "http://$SRV:$PORT/api/v1/settings" >"$W/run/status"
    [ "$(status)" = 200 ] || { cat "$W/run/body"; echo; echo "$TIER: PUT settings failed ($(status))"; return 1; }
}

# job_commit IMAGE-ID JOB-ID SECONDS: waits for the import/upload job, then commits version 1.
job_commit() {
    local state
    for _ in $(seq $(( $3 * 10 ))); do
        state=$(api GET "jobs/$2" | jq -r .state)
        if [ "$state" = succeeded ]; then
            # The import fills the working copy; the commit makes it a version, what machines boot.
            api POST "images/$1/commit" "{\"note\":\"$TIER\"}" >/dev/null
            case $(status) in 2??) return 0 ;; esac
            echo "$TIER: commit of image $1 failed ($(status)): $(cat "$W/run/body")" >&2; return 1
        fi
        [ "$state" = failed ] && { echo "$TIER: job $2 for image $1 failed: $(cat "$W/run/body")" >&2; return 1; }
        sleep 0.1
    done
    echo "$TIER: job $2 for image $1 did not finish in $3 s" >&2; return 1
}

machine() {  # name mac item diskMode -> machine id on stdout
    api POST machines "{\"name\":\"$1\",\"mac\":\"$2\",\"bootItems\":[$3],\"defaultBootItem\":$3,\"diskMode\":\"$4\"}" >/dev/null
    [ "$(status)" = 201 ] || { echo "$TIER: POST machines $1: $(cat "$W/run/body")" >&2; return 1; }
    jq -r .id "$W/run/body"
}

# qemu_bios TAP MAC SERIAL-LOG [QEMU ARGS...]: a TCG PC with the e1000's iPXE ROM, bounded by
# $QEMU_TIMEOUT; the exit status is QEMU's (124 on timeout).
qemu_bios() {
    local tap=$1 mac=$2 serial=$3; shift 3
    timeout "$QEMU_TIMEOUT" $XR qemu-system-x86_64 -accel tcg -nographic -monitor none -no-reboot -boot n \
        -netdev tap,id=n0,ifname="$tap",script=no,downscript=no -device e1000,netdev=n0,mac="$mac" "$@" >"$serial" 2>&1
}
clean_log() { sed 's/\x1b\[[0-9;?=]*[a-zA-Z]//g' "$1" | tr -d '\r' | grep -av '^\s*$'; }

# lan_cleanup: disklessd, tgtd (it ignores SIGTERM: delete its targets and the system), the other
# background programs, the namespaces. Call from the EXIT trap, then copy artefacts and remove $W.
lan_cleanup() {
    set +e
    [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
    if [ -n "$TGTPID" ]; then
        local t
        for t in $(tgt_show 2>/dev/null | sed -n 's/^Target \([0-9]*\):.*/\1/p'); do
            tgtadm -C "$CTL" --lld iscsi --op delete --mode target --tid "$t" --force >/dev/null 2>&1
        done
        tgtadm -C "$CTL" --lld iscsi --op delete --mode system >/dev/null 2>&1
    fi
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait_for 5 gone "${PIDS[@]}" $DPID $TGTPID
    for p in "${PIDS[@]}" $DPID $TGTPID; do kill -9 "$p" 2>/dev/null; done
    # Whatever still runs in the namespaces (a client still booting): by its id.
    local left; left=$(ip netns pids "$NSR" 2>/dev/null; ip netns pids "$NSS" 2>/dev/null)
    if [ -n "$left" ]; then
        kill $left 2>/dev/null
        wait_for 5 gone $left
        kill -9 $left 2>/dev/null
    fi
    wait 2>/dev/null
    ip netns del "$NSR" 2>/dev/null; ip netns del "$NSS" 2>/dev/null
}
