# The guest VM and the boot client (sourced by run). Globals: OUT, WORK, SERIAL, BIN, CACHE.

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# vm_build: kernel + base layer from the cache, the disklessd layer for this binary, one initrd.
vm_build() {
    local lines rc=0
    lines=$("$HERE/build-base.sh" "$CACHE" 2>"$OUT/build-base.log") || rc=$?
    [ $rc -eq 77 ] && skip "$(tail -1 "$OUT/build-base.log")"
    [ $rc -eq 0 ] || { cat "$OUT/build-base.log"; return 1; }
    KERNEL=$(sed -n 1p <<<"$lines"); local base; base=$(sed -n 2p <<<"$lines")
    "$HERE/make-disk.sh" "$WORK/test-disk.img" "$MARKER_V1" || return 1
    "$HERE/make-disk.sh" "$WORK/data-disk.img" "$MARKER_DATA" || return 1
    "$HERE/build-app.sh" "$WORK/app.cpio.gz" "$BIN" "$WORK/disklessd.env" "$WORK/test-disk.img" "$WORK/data-disk.img" || return 1
    cat "$base" "$WORK/app.cpio.gz" > "$WORK/initrd"
    say "  kernel $(basename "$KERNEL" | sed 's/^vmlinuz-//') $(du -h "$KERNEL" | cut -f1), initrd $(du -h "$WORK/initrd" | cut -f1) (base $(du -h "$base" | cut -f1))"
}

# vm_start: TCG guest, 2 vCPU, 2 GiB, a sparse 2 GiB virtio disk for the thin pool; host ports
# forward to disklessd (8050), the LIO portal (3260) and the kernel-view helper (8099).
vm_start() {
    local try
    truncate -s 2G "$WORK/pv.img"
    for try in 1 2 3; do
        REST_PORT=$(free_port); ISCSI_PORT=$(free_port); HELPER_PORT=$(free_port)
        : > "$SERIAL"
        qemu-system-x86_64 -accel tcg -smp 2 -m 2048 -display none -monitor none -no-reboot \
            -serial "file:$SERIAL" -kernel "$KERNEL" -initrd "$WORK/initrd" \
            -append "console=ttyS0 panic=-1 quiet loglevel=3" \
            -drive "file=$WORK/pv.img,format=raw,if=virtio,cache=unsafe" \
            -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$REST_PORT-10.0.2.15:8050,hostfwd=tcp:127.0.0.1:$ISCSI_PORT-10.0.2.15:3260,hostfwd=tcp:127.0.0.1:$HELPER_PORT-10.0.2.15:8099" \
            -device virtio-net-pci,netdev=n0 2>"$OUT/qemu-guest.err" &
        VM_PID=$!
        sleep 2
        kill -0 "$VM_PID" 2>/dev/null && break
        say "  qemu did not start (try $try): $(cat "$OUT/qemu-guest.err")"; VM_PID=""
    done
    [ -n "$VM_PID" ] || return 1
    say "  ports: REST $REST_PORT, iSCSI $ISCSI_PORT, kernel-view helper $HELPER_PORT"
    local i
    for ((i = 0; i < 300; i++)); do
        grep -aq GUEST-READY "$SERIAL" && break
        kill -0 "$VM_PID" 2>/dev/null || { say "  guest exited"; return 1; }
        sleep 1
    done
    grep -aq GUEST-READY "$SERIAL" || { say "  guest not ready after 300 s"; return 1; }
    grep -aq 'modprobe .* failed\|thin pool setup failed' "$SERIAL" && { say "  guest set-up failed"; return 1; }
    grep -aq DISKLESSD-STARTED "$SERIAL" || { say "  disklessd did not start in the guest"; return 1; }
    return 0
}

vm_stop() {
    [ -n "${VM_PID:-}" ] || return 0
    kill "$VM_PID" 2>/dev/null; wait "$VM_PID" 2>/dev/null; VM_PID=""
}

# client_boot NAME MAC MARKER: a BIOS QEMU client (iPXE ROM) boots like a real one: TFTP boot.ipxe
# chains disklessd's /boot.ipxe (the boot event), which sanboots the machine's LIO target. The
# client's 10.0.2.15 (disklessd, as the guest's address) is forwarded to the host ports.
client_boot() {
    local name=$1 mac=$2 marker=$3 dir=$OUT/client-$1 rc=0
    mkdir -p "$dir/tftp"
    printf '#!ipxe\necho CLIENT-IPXE-OK\nchain http://10.0.2.15:8050/boot.ipxe || echo CHAIN-FAILED\n' > "$dir/tftp/boot.ipxe"
    timeout 240 qemu-system-x86_64 -accel tcg -m 256 -nographic -monitor none -no-reboot -boot n \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -netdev "user,id=n0,dhcpstart=10.0.2.20,tftp=$dir/tftp,bootfile=boot.ipxe,guestfwd=tcp:10.0.2.15:8050-cmd:busybox nc 127.0.0.1 $REST_PORT,guestfwd=tcp:10.0.2.15:3260-cmd:busybox nc 127.0.0.1 $ISCSI_PORT" \
        -device "e1000,netdev=n0,mac=$mac" > "$dir/serial.log" 2>&1 </dev/null &
    CLIENT_PID=$!; wait "$CLIENT_PID" || rc=$?; CLIENT_PID=""
    if [ $rc -eq 33 ] && grep -aq "$marker" "$dir/serial.log"; then
        say "  client $name booted its disk and printed $marker"
        return 0
    fi
    say "  client $name: qemu status $rc (33 = booted), marker $marker not seen; its serial log:"
    sed 's/\x1b\[[0-9;?=]*[a-zA-Z]//g' "$dir/serial.log" | tr -d '\r' | grep -av '^\s*$' | tail -15
    return 1
}
