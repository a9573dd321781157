# The guest scenario (sourced by run): every step goes through disklessd's REST API, then reads
# the kernel's own view. Globals from run/lib.sh/vm.sh.

MARKER_V1=DISKLESSD-IMAGE-V1-OK
MARKER_V2=DISKLESSD-IMAGE-V2-OK
MARKER_DATA=DISKLESSD-DATA-DISK-OK
PRIVATE=MACHINE1-PRIVATE-WRITE
PREFIX=iqn.2022-10.org.dbc.iscsi
M1_MAC=52:54:00:d1:00:01; M2_MAC=52:54:00:d1:00:02
M1_IQN=$PREFIX:ws01; M2_IQN=$PREFIX:ws02
M1_INI=$PREFIX:client.525400d10001; M2_INI=$PREFIX:client.525400d10002
ADMIN_PASSWORD=guest-tier-$RANDOM-$RANDOM

# What the guest's disklessd-ctl runs: serve's arguments and how the admin password is set.
scenario_env() {
    local dd="--data-dir /var/lib/disklessd"
    printf 'DL_SERVE_ARGS="%s --host 0.0.0.0 --port 8050 --http-only"\n' "$dd"
    printf 'DL_SERVE_ENV="DISKLESSD_WEB_ROOT="\n'    # empty: no console in the guest
    # First start: make the admin user with a known password (or set it when serve already made it).
    printf 'DL_PASSWORD_SETUP="echo %s | /usr/bin/disklessd user add admin --role admin --password-stdin %s || echo %s | /usr/bin/disklessd user set-password admin --password-stdin %s"\n' \
        "$ADMIN_PASSWORD" "$dd" "$ADMIN_PASSWORD" "$dd"
}

s_login() {
    local jar=$OUT/cookies.txt
    STATUS=$(curl -sS -m 30 -c "$jar" -o "$OUT/response.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "http://127.0.0.1:$REST_PORT/api/v1/session")
    [ "$STATUS" = 200 ] || { say "  login answered $STATUS: $(cat "$OUT/response.json")"; return 1; }
    local csrf; csrf=$(jq -r .csrfToken "$OUT/response.json")
    STATUS=$(curl -sS -m 30 -b "$jar" -o "$OUT/response.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "X-CSRF-Token: $csrf" --data-binary '{"name":"guest-tier"}' "http://127.0.0.1:$REST_PORT/api/v1/tokens")
    case $STATUS in 2??) ;; *) say "  token answered $STATUS: $(cat "$OUT/response.json")"; return 1 ;; esac
    TOKEN=$(jq -r .token "$OUT/response.json")
    [ -n "$TOKEN" ] && [ "$TOKEN" != null ]
}

# Settings: lvm on dlvg/pool, lio with the portal on the guest's address; boot URLs the client uses.
s_settings() {
    must GET /api/v1/settings || return
    local doc; doc=$(jb '.storage.driver = "lvm" | .storage.volumeGroup = "dlvg" | .storage.thinPool = "pool"
        | .iscsi.driver = "lio" | .iscsi.serverAddress = "10.0.2.15" | .iscsi.portalPort = 3260
        | .iscsi.targetPrefix = "'"$PREFIX"'" | .http.publicBaseURL = "http://10.0.2.15:8050" | .http.menuTimeoutSeconds = 0
        | .storage.importRoots = ["/srv"]
        | .http.trustAnyBootClient = true
')
    # trustAnyBootClient: the client reaches disklessd through QEMU user networking and a
    # forwarding `nc`, so its requests come from a relay, never from its own MAC on a LAN.
    IF_MATCH="\"$(jb .revision)\"" must PUT /api/v1/settings "$doc" || return
    must GET /api/v1/storage || return
    if [ "$(jb .driver)" != lvm ]; then
        say "  storage driver is $(jb .driver) after PUT: restarting disklessd to apply"
        kview restart "apply settings" || return 1
        must GET /api/v1/storage || return
    fi
    say "  storage: $BODY"
    [ "$(jb .driver)" = lvm ] && [ "$(jb .available)" = true ] || return 1
    must GET /api/v1/targets || return
    say "  targets: driver $(jb .driver), available $(jb .available) $(jb '.reason // ""')"
    [ "$(jb .driver)" = lio ] && [ "$(jb .available)" = true ]
}

s_image() {
    must POST /api/v1/images '{"name":"golden","kind":"os","sizeMiB":64,"description":"guest tier test disk"}' || return
    IMG=$(jb .id); WORKLV=dl_img${IMG}_work
    local a; a=$(lv_attr "$WORKLV")
    say "  image $IMG; kernel: $WORKLV attr '$a'"
    [[ $a == V* ]] || { say "  $WORKLV is not a thin volume in the kernel's view"; return 1; }
}

s_import() {
    must POST "/api/v1/images/$IMG/import" '{"path":"/srv/test-disk.img"}' || return
    local job; job=$(jb '.id // .job.id // .jobId')
    wait_job "$job" || return 1
    kview lvs import; say "  kernel: $(grep "^$WORKLV|" <<<"$KVIEW")"
    kview markers import
    grep -q "^$WORKLV $MARKER_V1\$" <<<"$KVIEW" || { say "  kernel: $WORKLV holds '$(grep "^$WORKLV" <<<"$KVIEW")'"; return 1; }
}

s_resize() {
    must GET "/api/v1/images/$IMG" || return
    IF_MATCH="\"$(jb .revision)\"" must PUT "/api/v1/images/$IMG" '{"name":"golden","kind":"os","sizeMiB":96,"description":"guest tier test disk"}' || return
    kview lvs resize
    local size; size=$(awk -F'|' -v n="$WORKLV" '$1 == n {print $3}' <<<"$KVIEW")
    say "  kernel: $WORKLV is $size bytes"
    [ "$size" = $((96 << 20)) ]
}

# commit N NOTE: a new version; the kernel holds it as a read-only thin snapshot of the working copy.
commit() {
    must POST "/api/v1/images/$IMG/commit" "{\"note\":\"$2\"}" || return
    local v=dl_img${IMG}_v$1 a
    kview lvs "$v" || return 1
    a=$(awk -F'|' -v n="$v" '$1 == n {print $2}' <<<"$KVIEW")
    say "  kernel: $v attr '$a' origin '$(lv_origin "$v")'"
    [[ $a == V* ]] && [ "${a:1:1}" = r ] || { say "  $v is not a read-only thin snapshot"; return 1; }
}
s_commit_v1() { commit 1 "first version"; }

s_boot_item() {
    must POST /api/v1/boot-items "{\"name\":\"golden\",\"label\":\"Golden image\",\"kind\":\"iscsi\",\"osImage\":$IMG,\"dataImages\":[]}" || return
    BI=$(jb .id)
}

machine_json() {  # name mac superWorkstation
    printf '{"name":"%s","mac":"%s","diskMode":"resetOnBoot","superWorkstation":%s,"defaultBootItem":%s,"bootItems":[%s]}' \
        "$1" "$2" "$3" "$BI" "$BI"
}

# check_target IQN INITIATOR LV: the kernel exports LV as LUN 0 of IQN to INITIATOR only, on the portal.
check_target() {
    kview lio "$1" || return 1
    local lun; lun=$(awk -v t="$1" '$1 == "lun" && $2 == t && $3 == 0 {print $4}' <<<"$KVIEW")
    grep -q "^target $1 enable=1" <<<"$KVIEW" || { say "  kernel: no enabled target $1"; return 1; }
    grep -q "^portal $1 10.0.2.15:3260" <<<"$KVIEW" || { say "  kernel: $1 has no portal 10.0.2.15:3260"; return 1; }
    grep -q "^acl $1 $2 0" <<<"$KVIEW" || { say "  kernel: $1 has no ACL for $2"; return 1; }
    [[ $lun == */dlvg/$3 || $lun == */dlvg-$3 ]] || { say "  kernel: LUN 0 of $1 is '$lun', not $3"; return 1; }
    say "  kernel: $1 LUN 0 -> $lun, ACL $2"
}

# check_disk LV ORIGIN-REGEX: a thin snapshot of ORIGIN, writable, active.
check_disk() {
    kview lvs "$1" || return 1
    local a o; a=$(awk -F'|' -v n="$1" '$1 == n {print $2}' <<<"$KVIEW"); o=$(lv_origin "$1")
    say "  kernel: $1 attr '$a' origin '$o'"
    [[ $a == V* ]] && [ "${a:1:1}" = w ] && [ "${a:4:1}" = a ] && [[ $o =~ ^$2$ ]]
}

s_machines() {
    must POST /api/v1/machines "$(machine_json ws01 "$M1_MAC" false)" || return; M1=$(jb .id)
    must POST /api/v1/machines "$(machine_json ws02 "$M2_MAC" false)" || return; M2=$(jb .id)
    M1_LV=dl_m${M1}_img$IMG; M2_LV=dl_m${M2}_img$IMG
    if [ -z "$(lv_attr "$M1_LV")" ]; then
        say "  no disk after create: POST /api/v1/reconcile"; must POST /api/v1/reconcile || return
        say "  reconcile: $BODY"
    fi
    check_disk "$M1_LV" "dl_img${IMG}_v1" && check_disk "$M2_LV" "dl_img${IMG}_v1" || return 1
    check_target "$M1_IQN" "$M1_INI" "$M1_LV" && check_target "$M2_IQN" "$M2_INI" "$M2_LV" || return 1
    must GET /api/v1/targets && say "  disklessd's view: $(jb '[.items[] | "\(.iqn) luns=\(.luns | length) initiators=\(.initiators | join("+"))"] | join(", ")')"
}

# A write by machine 1 (over iSCSI from the host, as machine 1's initiator) is not seen by machine 2.
s_isolation() {
    write_marker "$M1_IQN" "$M1_INI" "$PRIVATE" || return 1
    local m1 m2; m1=$(read_marker "$M1_IQN" "$M1_INI"); m2=$(read_marker "$M2_IQN" "$M2_INI")
    say "  machine 1 reads '$m1', machine 2 reads '$m2'"
    [ "$m1" = "$PRIVATE" ] && [ "$m2" = "$MARKER_V1" ] || return 1
    # The ACL: machine 2's initiator may not open machine 1's disk.
    if qio "$M1_IQN" "$M2_INI" 'read 0 512' >/dev/null 2>&1; then say "  machine 2's initiator opened machine 1's disk"; return 1; fi
    kview lvs isolation; say "  kernel: $(grep "^$M1_LV|" <<<"$KVIEW")"
}

s_reset() {
    must POST "/api/v1/machines/$M1/reset" || return
    say "  disklessd: $(grep -a 'machine disks reset' "$SERIAL" | tail -1 | grep -o 'milliseconds=[0-9.]*') (lvremove, thin snapshot, lvchange -ay -K, LIO backstore)"
    local m1; m1=$(read_marker "$M1_IQN" "$M1_INI"); say "  machine 1 reads '$m1' after reset"
    [ "$m1" = "$MARKER_V1" ] && check_disk "$M1_LV" "dl_img${IMG}_v1" && check_target "$M1_IQN" "$M1_INI" "$M1_LV"
}

# The boot event resets a resetOnBoot disk: the private write is gone when the client boots.
s_client_boot() {
    TOKEN_SAVED=$TOKEN; TOKEN=""; api GET /boot.ipxe; TOKEN=$TOKEN_SAVED
    [ "$STATUS" = 200 ] || { say "  GET /boot.ipxe answered $STATUS"; return 1; }
    CHAP_USER=${M1_CHAP_USER:-} CHAP_SECRET=${M1_CHAP_SECRET:-} write_marker "$M1_IQN" "$M1_INI" "$PRIVATE" || return 1
    client_boot "${1:-ws01}" "$M1_MAC" "$2" || return 1
    # A third argument: a line iPXE must have printed (the data disk hooked as 0x81).
    if [ -n "${3:-}" ]; then
        grep -aq "$3" "$OUT/client-$1/serial.log" || { say "  client $1 did not print '$3'"; return 1; }
        say "  client $1: $3"
    fi
    must GET "/api/v1/machines/$M1" && say "  machine 1: status $(jb .status), last boot $(jb .lastBootAt) ($(jb .lastBootPhase))"
}

# set_super MACHINE NAME MAC true|false: PUT the machine with superWorkstation switched.
set_super() {
    must GET "/api/v1/machines/$1" || return
    IF_MATCH="\"$(jb .revision)\"" must PUT "/api/v1/machines/$1" "$(machine_json "$2" "$3" "$4")"
}

# Super workstation: machine 2 writes the image's working copy; commit makes version 2, which
# machine 1 gets at its next reset.
s_super() {
    set_super "$M2" ws02 "$M2_MAC" true || return 1
    kview lio super; local lun; lun=$(awk -v t="$M2_IQN" '$1 == "lun" && $2 == t && $3 == 0 {print $4}' <<<"$KVIEW")
    say "  kernel: super workstation's LUN 0 -> $lun"
    [[ $lun == */dlvg/$WORKLV || $lun == */dlvg-$WORKLV ]] || { say "  expected the working copy $WORKLV"; return 1; }
    write_marker "$M2_IQN" "$M2_INI" "$MARKER_V2" || return 1
    commit 2 "second version" || return 1
    set_super "$M2" ws02 "$M2_MAC" false || return 1
    check_target "$M2_IQN" "$M2_INI" "$M2_LV" || return 1
    must POST "/api/v1/machines/$M1/reset" || return
    local m1; m1=$(read_marker "$M1_IQN" "$M1_INI"); say "  machine 1 reads '$m1' after reset"
    [ "$m1" = "$MARKER_V2" ] && check_disk "$M1_LV" "dl_img${IMG}_v2"
}

# restart|reboot: disklessd stopped, LIO emptied (reboot: every LV deactivated too, the VG
# activated again as a boot does); disklessd restores disks and targets from its database.
s_restart() {
    # What the disks hold before: machine 1 as it is, machine 2 with a private write. A restart or
    # reboot is no boot event: both must read the same afterwards.
    local b1 b2=MACHINE2-KEEPS-${1^^}
    b1=$(read_marker "$M1_IQN" "$M1_INI")
    write_marker "$M2_IQN" "$M2_INI" "$b2" || return 1
    kview "$1" || return 1
    say "  guest: $(tr '\n' ';' <<<"$KVIEW")"
    grep -q '^lio wiped: 0 targets, 0 backstore' <<<"$KVIEW" || { say "  LIO was not wiped"; return 1; }
    grep -q '^started' <<<"$KVIEW" || return 1
    # A reboot leaves thin snapshots inactive (activation-skip flag): the start-up reconcile must
    # have activated them (lvchange -ay -K) before restoring the targets.
    if [ "$1" = reboot ]; then
        grep -q "^active after vgchange: .*dl_m${M1}_img" <<<"$KVIEW" && { say "  the reboot left machine disks active: nothing was proven"; return 1; }
    fi
    say "  start-up reconcile: $(grep -a 'storage reconciled at start-up' "$SERIAL" | tail -1 | tr -d '\r' | cut -d' ' -f3-)"
    # Machine 2's origin may be gone: a version can be deleted while a disk cloned from it lives on.
    check_disk "$M1_LV" "dl_img${IMG}_v[12]" && check_disk "$M2_LV" "(dl_img${IMG}_v[12])?" || return 1
    check_target "$M1_IQN" "$M1_INI" "$M1_LV" && check_target "$M2_IQN" "$M2_INI" "$M2_LV" || return 1
    local m1 m2
    m1=$(read_marker "$M1_IQN" "$M1_INI"); m2=$(read_marker "$M2_IQN" "$M2_INI"); say "  machine 1 reads '$m1', machine 2 '$m2'"
    [ "$m1" = "$b1" ] && [ "$m2" = "$b2" ]
}

# Roll back to version 1, then delete version 2.
s_rollback() {
    must POST "/api/v1/images/$IMG/rollback" '{"version":1}' || return
    must POST "/api/v1/machines/$M1/reset" || return
    local m1; m1=$(read_marker "$M1_IQN" "$M1_INI"); say "  machine 1 reads '$m1' after rollback + reset"
    [ "$m1" = "$MARKER_V1" ] && check_disk "$M1_LV" "dl_img${IMG}_v1" || return 1
    must DELETE "/api/v1/images/$IMG/versions/2" || return
    [ -z "$(lv_attr "dl_img${IMG}_v2")" ] || { say "  kernel: dl_img${IMG}_v2 still there"; return 1; }
    say "  kernel: dl_img${IMG}_v2 removed"
}

# gone IQN LV: the kernel has neither the target, nor a backstore on LV, nor LV itself.
gone() {
    kview lio "gone $1" || return 1
    local lio=$KVIEW
    grep -q "^target $1 " <<<"$lio" && { say "  kernel: target $1 still there"; return 1; }
    grep -q "$2" <<<"$lio" && { say "  kernel: a backstore still uses $2"; return 1; }
    [ -z "$(lv_attr "$2")" ] || { say "  kernel: $2 still there"; return 1; }
    say "  kernel: $1 and $2 gone"
}

s_delete() {
    must DELETE "/api/v1/machines/$M2" && gone "$M2_IQN" "$M2_LV" || return
    must DELETE "/api/v1/machines/$M1" && gone "$M1_IQN" "$M1_LV" || return
    must DELETE "/api/v1/boot-items/$BI" || return
    must DELETE "/api/v1/images/$IMG" || return
    must DELETE "/api/v1/images/$DATA" || return
    kview lvs "after delete"
    grep -q '^dl_' <<<"$KVIEW" && { say "  kernel: LVs left: $(grep '^dl_' <<<"$KVIEW" | tr '\n' ';')"; return 1; }
    kview lio "after delete"
    [ -z "$KVIEW" ] || { say "  kernel: LIO still holds: $(tr '\n' ';' <<<"$KVIEW")"; return 1; }
    say "  kernel: no dl_ volume, no target, no backstore left"
}

s_reconcile() {
    must POST /api/v1/reconcile || return
    say "  reconcile: $BODY"
    [ "$(jb '.errors | length')" = 0 ]
}

scenario() {
    step "log in as admin, make an API token" s_login
    step "settings: storage lvm (dlvg/pool), targets lio" s_settings
    step "create a 64 MiB image (thin volume)" s_image
    step "import the bootable test disk from a server path" s_import
    step "grow the image to 96 MiB (lvextend)" s_resize
    step "commit version 1 (read-only thin snapshot)" s_commit_v1
    step "create an iSCSI boot item" s_boot_item
    step "create two resetOnBoot machines: disks + LIO targets" s_machines
    step "a write by machine 1 is invisible to machine 2" s_isolation
    step "reset machine 1: the write is gone" s_reset
    step "QEMU client boots machine 1 from LIO (boot event resets the disk)" s_client_boot ws01-a "$MARKER_V1"
    step "super workstation: machine 2 edits, commit version 2" s_super
    step "restart disklessd with LIO wiped: targets come back" s_restart restart
    step "QEMU client boots machine 1 again after the restart" s_client_boot ws01-b "$MARKER_V2"
    step "roll back to version 1, delete version 2" s_rollback
    step "upload a disk through the API into a thin volume" s_upload
    step "as after a reboot: LIO wiped, every LV deactivated; disks + targets come back" s_restart reboot
    step "QEMU client boots machine 1 again after the reboot" s_client_boot ws01-c "$MARKER_V1"
    step "super workstation discards its changes (working copy reset)" s_discard
    step "a data image as a second LUN of every machine's target" s_data_disk
    step "QEMU client sanhooks the data disk and boots machine 1" s_client_boot ws01-d "$MARKER_V1" "Registered SAN device 0x81"
    step "CHAP per machine: only the machine's credentials log in" s_chap
    step "QEMU client boots machine 1 with its CHAP credentials" s_client_boot ws01-e "$MARKER_V1"
    step "delete machines, boot item and image" s_delete
    step "classic LVM (no thin pool): linear image, copied version, thick snapshot disk" s_classic
    step "file storage driver under LIO: fileio backstore" s_file_driver
    step "reconcile finds nothing to do" s_reconcile
}

# Streamed upload into a volume (PUT content), checked by what the kernel's device holds.
s_upload() {
    must POST /api/v1/images '{"name":"uploaded","kind":"data","sizeMiB":64}' || return
    UP=$(jb .id)
    STATUS=$(curl -sS -m 300 -o "$OUT/response.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/octet-stream' --upload-file "$WORK/test-disk.img" \
        "http://127.0.0.1:$REST_PORT/api/v1/images/$UP/content")
    BODY=$(cat "$OUT/response.json")
    case $STATUS in 2??) ;; *) say "  upload answered $STATUS: $BODY"; return 1 ;; esac
    wait_job "$(jb .id)" || return 1
    say "  upload job: $(jb '"\(.bytesDone) of \(.bytesTotal) bytes"')"
    kview markers upload
    grep -q "^dl_img${UP}_work $MARKER_V1\$" <<<"$KVIEW" || { say "  kernel: dl_img${UP}_work holds: $(grep "^dl_img${UP}_work" <<<"$KVIEW")"; return 1; }
    must DELETE "/api/v1/images/$UP" || return
    [ -z "$(lv_attr "dl_img${UP}_work")" ] || { say "  kernel: dl_img${UP}_work still there"; return 1; }
}

# Super workstation, a write to the working copy, discard: the working copy is the current version
# again (resetVolume of the working copy: lvremove + thin snapshot + lvchange -ay -K).
s_discard() {
    set_super "$M2" ws02 "$M2_MAC" true || return 1
    write_marker "$M2_IQN" "$M2_INI" DISCARD-ME || return 1
    kview markers "before discard"; say "  kernel: $(grep "^$WORKLV " <<<"$KVIEW")"
    grep -q "^$WORKLV DISCARD-ME\$" <<<"$KVIEW" || return 1
    must POST "/api/v1/images/$IMG/discard" || return
    kview markers "after discard"; say "  kernel: $(grep "^$WORKLV " <<<"$KVIEW")"
    grep -q "^$WORKLV $MARKER_V1\$" <<<"$KVIEW" || return 1
    kview lvs discard; say "  kernel: $(grep "^$WORKLV|" <<<"$KVIEW")"
    set_super "$M2" ws02 "$M2_MAC" false || return 1
    check_target "$M2_IQN" "$M2_INI" "$M2_LV"
}

# A data image (its own marker), committed, added to the boot item: every machine's target gets
# a second LUN on the machine's own snapshot of it.
s_data_disk() {
    must POST /api/v1/images '{"name":"data","kind":"data","sizeMiB":64,"description":"guest tier data disk"}' || return
    DATA=$(jb .id)
    must POST "/api/v1/images/$DATA/import" '{"path":"/srv/data-disk.img"}' || return
    wait_job "$(jb '.id // .job.id // .jobId')" || return 1
    must POST "/api/v1/images/$DATA/commit" '{"note":"data v1"}' || return
    must GET "/api/v1/boot-items/$BI" || return
    IF_MATCH="\"$(jb .revision)\"" must PUT "/api/v1/boot-items/$BI" \
        "{\"name\":\"golden\",\"label\":\"Golden image\",\"kind\":\"iscsi\",\"osImage\":$IMG,\"dataImages\":[$DATA]}" || return
    M1_DATA_LV=dl_m${M1}_img$DATA
    check_disk "$M1_DATA_LV" "dl_img${DATA}_v1" && check_disk "dl_m${M2}_img$DATA" "dl_img${DATA}_v1" || return 1
    kview lio "data disk" || return 1
    local lun1; lun1=$(awk -v t="$M1_IQN" '$1 == "lun" && $2 == t && $3 == 1 {print $4}' <<<"$KVIEW")
    say "  kernel: $M1_IQN LUN 1 -> $lun1"
    [[ $lun1 == */dlvg/$M1_DATA_LV || $lun1 == */dlvg-$M1_DATA_LV ]] || return 1
    grep -q "^acl $M1_IQN $M1_INI 1" <<<"$KVIEW" || { say "  kernel: the ACL does not map LUN 1"; return 1; }
    local d; d=$(LUN=1 read_marker "$M1_IQN" "$M1_INI"); say "  machine 1 reads '$d' on LUN 1"
    [ "$d" = "$MARKER_DATA" ]
}

# settings iscsi.chap on + machine 1 chap: the target asks for CHAP; the machine's credentials
# (from its boot script, as iPXE gets them) log in, none or a wrong secret do not.
s_chap() {
    local m2; m2=$(read_marker "$M2_IQN" "$M2_INI")
    must GET /api/v1/settings || return
    IF_MATCH="\"$(jb .revision)\"" must PUT /api/v1/settings "$(jb '.iscsi.chap = true')" || return
    must GET "/api/v1/machines/$M1" || return
    IF_MATCH="\"$(jb .revision)\"" must PUT "/api/v1/machines/$M1" "$(machine_json ws01 "$M1_MAC" false | jq -c '.chap = true')" || return
    kview lio chap || return 1
    grep -q "^target $M1_IQN enable=1 auth=1" <<<"$KVIEW" && grep -q "^acl $M1_IQN $M1_INI 0 chap=1" <<<"$KVIEW" \
        || { say "  kernel: $M1_IQN does not ask for CHAP: $(grep " $M1_IQN " <<<"$KVIEW" | tr '\n' ';')"; return 1; }
    must GET "/api/v1/boot-items/$BI/preview?machine=$M1" || return
    M1_CHAP_USER=$(awk '$1 == "set" && $2 == "username" {print $3}' <<<"$BODY")
    M1_CHAP_SECRET=$(awk '$1 == "set" && $2 == "password" {print $3}' <<<"$BODY")
    say "  boot script: username $M1_CHAP_USER, a ${#M1_CHAP_SECRET}-character secret"
    [ -n "$M1_CHAP_USER" ] && [ -n "$M1_CHAP_SECRET" ] || return 1
    local m1; m1=$(CHAP_USER=$M1_CHAP_USER CHAP_SECRET=$M1_CHAP_SECRET read_marker "$M1_IQN" "$M1_INI")
    say "  with the credentials machine 1 reads '$m1'"
    [ "$m1" = "$MARKER_V1" ] || return 1
    if qio "$M1_IQN" "$M1_INI" 'read 0 512' >/dev/null 2>&1; then say "  logged in without CHAP"; return 1; fi
    if CHAP_USER=$M1_CHAP_USER CHAP_SECRET=wrong-secret-123 qio "$M1_IQN" "$M1_INI" 'read 0 512' >/dev/null 2>&1; then
        say "  logged in with a wrong secret"; return 1
    fi
    say "  without credentials or with a wrong secret: login refused"
    # Machine 2 (no CHAP secret of its own) still logs in without, to the same disk.
    [ "$(read_marker "$M2_IQN" "$M2_INI")" = "$m2" ] || { say "  machine 2 lost its disk"; return 1; }
}

# The default set-up of a host with configfs: the file driver (sparse files; tmpfs in the guest, so
# no reflink) under LIO, whose backstores are then fileio. One machine: its target exports its
# file, a write is gone after reset, and deleting everything leaves configfs empty.
s_file_driver() {
    must GET /api/v1/settings || return
    IF_MATCH="\"$(jb .revision)\"" must PUT /api/v1/settings "$(jb '.storage.driver = "file" | .storage.fileRoot = ""')" || return
    must GET /api/v1/storage || return
    if [ "$(jb .driver)" != file ]; then kview restart "file driver" || return 1; must GET /api/v1/storage || return; fi
    say "  storage: $BODY"
    [ "$(jb .driver)" = file ] || return 1
    must POST /api/v1/images '{"name":"filed","kind":"os","sizeMiB":64}' || return
    local fimg; fimg=$(jb .id)
    must POST "/api/v1/images/$fimg/import" '{"path":"/srv/test-disk.img"}' || return
    wait_job "$(jb '.id // .job.id // .jobId')" || return 1
    must POST "/api/v1/images/$fimg/commit" '{"note":"v1"}' || return
    must POST /api/v1/boot-items "{\"name\":\"filed\",\"label\":\"File image\",\"kind\":\"iscsi\",\"osImage\":$fimg,\"dataImages\":[]}" || return
    local bi; bi=$(jb .id)
    must POST /api/v1/machines "{\"name\":\"ws03\",\"mac\":\"52:54:00:d1:00:03\",\"diskMode\":\"resetOnBoot\",\"defaultBootItem\":$bi,\"bootItems\":[$bi]}" || return
    local m3; m3=$(jb .id)
    local iqn=$PREFIX:ws03 ini=$PREFIX:client.525400d10003 file=dl_m${m3}_img$fimg.img
    kview lio fileio || return 1
    local lun; lun=$(awk -v t="$iqn" '$1 == "lun" && $2 == t && $3 == 0 {print $4}' <<<"$KVIEW")
    say "  kernel: $iqn LUN 0 -> $lun; $(grep "^backstore fileio" <<<"$KVIEW" | tr '\n' ';')"
    [[ $lun == */$file ]] && grep -q "^backstore fileio_[0-9]*/[^ ]* [^ ]*/$file enable=1" <<<"$KVIEW" || return 1
    write_marker "$iqn" "$ini" "$PRIVATE" || return 1
    [ "$(read_marker "$iqn" "$ini")" = "$PRIVATE" ] || { say "  the write did not reach the file"; return 1; }
    must POST "/api/v1/machines/$m3/reset" || return
    local m; m=$(read_marker "$iqn" "$ini"); say "  ws03 reads '$m' after reset"
    [ "$m" = "$MARKER_V1" ] || return 1
    must DELETE "/api/v1/machines/$m3" && must DELETE "/api/v1/boot-items/$bi" && must DELETE "/api/v1/images/$fimg" || return
    kview lio "after file delete"
    [ -z "$KVIEW" ] || { say "  kernel: LIO still holds: $(tr '\n' ';' <<<"$KVIEW")"; return 1; }
    say "  kernel: no target, no fileio backstore left"
}

# Classic LVM mode (the same VG, no thin pool): the image is a linear LV, a version a full copy
# made read-only, a machine disk a thick snapshot (16 MiB COW) of it, exported by LIO; reset and
# delete work on thick snapshots too.
s_classic() {
    must GET /api/v1/settings || return
    IF_MATCH="\"$(jb .revision)\"" must PUT /api/v1/settings "$(jb '.storage.thinPool = "" | .storage.snapshotSizeMiB = 16')" || return
    kview restart "classic lvm" || return 1
    must GET /api/v1/storage || return
    say "  storage: $BODY"
    [ "$(jb .driver)" = lvm ] && jb '.notes[]' | grep -q classic || { say "  not in classic mode"; return 1; }
    must POST /api/v1/images '{"name":"classic","kind":"os","sizeMiB":64}' || return
    local ci; ci=$(jb .id)
    must POST "/api/v1/images/$ci/import" '{"path":"/srv/test-disk.img"}' || return
    wait_job "$(jb '.id // .job.id // .jobId')" || return 1
    must POST "/api/v1/images/$ci/commit" '{"note":"v1"}' || return
    must POST /api/v1/boot-items "{\"name\":\"classic\",\"label\":\"Classic\",\"kind\":\"iscsi\",\"osImage\":$ci,\"dataImages\":[]}" || return
    local bi; bi=$(jb .id)
    must POST /api/v1/machines "{\"name\":\"ws04\",\"mac\":\"52:54:00:d1:00:04\",\"diskMode\":\"resetOnBoot\",\"defaultBootItem\":$bi,\"bootItems\":[$bi]}" || return
    local m4; m4=$(jb .id)
    local iqn=$PREFIX:ws04 ini=$PREFIX:client.525400d10004 work=dl_img${ci}_work v=dl_img${ci}_v1 disk=dl_m${m4}_img$ci
    kview lvs classic || return 1
    local aw av ad; aw=$(awk -F'|' -v n="$work" '$1 == n {print $2}' <<<"$KVIEW"); av=$(awk -F'|' -v n="$v" '$1 == n {print $2}' <<<"$KVIEW")
    ad=$(awk -F'|' -v n="$disk" '$1 == n {print $2}' <<<"$KVIEW")
    say "  kernel: $work '$aw', $v '$av', $disk '$ad' origin '$(lv_origin "$disk")'"
    # lv_attr: '-' linear, 'o' origin of a thick snapshot, 's' thick snapshot; then 'w'/'r'.
    [[ $aw == -w* ]] && [[ $av == [-o]r* ]] && [[ $ad == sw* ]] && [ "$(lv_origin "$disk")" = "$v" ] || return 1
    kview markers classic; grep -q "^$v $MARKER_V1\$" <<<"$KVIEW" || { say "  kernel: $v holds '$(grep "^$v " <<<"$KVIEW")'"; return 1; }
    check_target "$iqn" "$ini" "$disk" || return 1
    write_marker "$iqn" "$ini" "$PRIVATE" || return 1
    [ "$(read_marker "$iqn" "$ini")" = "$PRIVATE" ] || return 1
    must POST "/api/v1/machines/$m4/reset" || return
    local m; m=$(read_marker "$iqn" "$ini"); say "  ws04 reads '$m' after reset"
    [ "$m" = "$MARKER_V1" ] || return 1
    must DELETE "/api/v1/machines/$m4" && must DELETE "/api/v1/boot-items/$bi" && must DELETE "/api/v1/images/$ci" || return
    kview lvs "after classic delete"
    grep -q '^dl_' <<<"$KVIEW" && { say "  kernel: LVs left: $(grep '^dl_' <<<"$KVIEW" | tr '\n' ';')"; return 1; }
    kview lio "after classic delete"
    [ -z "$KVIEW" ] || { say "  kernel: LIO still holds: $(tr '\n' ';' <<<"$KVIEW")"; return 1; }
    say "  kernel: no dl_ volume, no target left"
}
