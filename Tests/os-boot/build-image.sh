#!/usr/bin/env bash
# build-image.sh CACHE-DIR IMAGE: builds IMAGE, a raw BIOS disk (1 GiB sparse) holding a minimal
# Debian 12 whose root lives on an iSCSI LUN.
#
#   disk:   MBR label, partition 1 (ext4, from 1 MiB) filled with `mke2fs -d` (no loop, no mount),
#           GRUB i386-pc: boot.img in the MBR, core.img in the MBR gap (what grub-bios-setup does)
#   boot:   iPXE sanboot -> GRUB -> Debian's kernel + initramfs with open-iscsi's hook in iBFT mode
#           (ISCSI_AUTO=true: iscsistart -b logs in with what iPXE wrote) -> root on the LUN
#   proof:  osboot-proof.service prints `OSBOOT-MARKER boot_id=... target=<iqn>` on ttyS0, writes
#           /var/lib/osboot/proof-<boot_id> to the root filesystem, syncs, powers off
#
# Needs root, debootstrap, e2fsprogs (mke2fs -d), fdisk (sfdisk), curl. Debian packages come from
# the mirror apt uses (OSBOOT_MIRROR overrides). Exit 0 built, 77 the packages cannot be fetched
# (reason printed), else failed. The .debs and the debootstrapped tree stay in CACHE-DIR (debs/,
# rootfs-<hash of the package list>.tar): a rebuild after a change to this script starts from them.
set -euo pipefail
cache=$1 img=$2
MB=1024
SUITE=bookworm
INCLUDE=systemd-sysv,udev,kmod,e2fsprogs,linux-image-amd64,open-iscsi,initramfs-tools,zstd,busybox,grub-pc-bin
UUID=6f5b0b6e-15c5-4c1e-9a55-0500b0071000   # fixed: the image is the same at every build

log() { printf '[%(%T)T] build-image: %s\n' -1 "$*"; }
[ "$(id -u)" = 0 ] || { echo "build-image: needs root (debootstrap, chroot)"; exit 1; }
for t in debootstrap mke2fs sfdisk chroot curl; do
    command -v "$t" >/dev/null || { echo "build-image: $t is missing (scripts/install-deps test)"; exit 1; }
done
mirror=${OSBOOT_MIRROR:-$(grep -rhoE '(URIs:|^deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | awk '{print $2}' | head -1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
curl -sf -m 30 -o /dev/null "${mirror%/}/dists/$SUITE/Release" \
    || { echo "build-image: cannot fetch ${mirror%/}/dists/$SUITE/Release: debootstrap's packages are out of reach"; exit 77; }

mkdir -p "$cache/debs" "$(dirname "$img")"
W=$(mktemp -d /var/tmp/disklessd-osboot-build.XXXXXX)
R=$W/rootfs
proc_mounted=0
cleanup() { set +e; [ $proc_mounted = 1 ] && umount "$R/proc"; rm -rf "$W"; }
trap cleanup EXIT

# ---------- 1. base tree: debootstrap once, then reuse its tarball ----------
tar=$cache/rootfs-$SUITE-$(echo "$INCLUDE" | md5sum | cut -c1-8).tar
if [ ! -s "$tar" ]; then
    log "debootstrap --variant=minbase $SUITE from $mirror"
    if ! debootstrap --variant=minbase --cache-dir="$(cd "$cache/debs" && pwd)" --include="$INCLUDE" \
            "$SUITE" "$R" "$mirror" >"$W/debootstrap.log" 2>&1; then
        tail -20 "$W/debootstrap.log"
        grep -qiE "couldn.t download|failed to download|couldn.t retrieve|failed getting release|could not resolve|temporary failure" "$W/debootstrap.log" \
            && { echo "build-image: debootstrap could not fetch its packages from $mirror"; exit 77; }
        echo "build-image: debootstrap failed"; exit 1
    fi
    tar --numeric-owner --xattrs -C "$R" -cf "$tar.part" . && mv "$tar.part" "$tar"
else
    log "reusing the debootstrapped tree $tar"
    mkdir -p "$R"; tar --numeric-owner --xattrs -C "$R" -xf "$tar"
fi
kver=$(ls "$R/lib/modules" | sort -V | tail -1)
log "kernel $kver"

# ---------- 2. the OS: identity, fstab, iSCSI root from the iBFT, the proof unit ----------
echo osboot >"$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 osboot\n' >"$R/etc/hosts"
printf 'UUID=%s / ext4 errors=remount-ro 0 1\n' "$UUID" >"$R/etc/fstab"
printf 'ISCSI_AUTO=true\n' >"$R/etc/iscsi/iscsi.initramfs"
# small initramfs: network drivers (+ the iSCSI modules from open-iscsi's hook) + SCSI disk;
# FSTYPE so that the fsck hook adds e2fsck
printf 'MODULES=netboot\nFSTYPE=ext4\n' >"$R/etc/initramfs-tools/conf.d/osboot"
printf 'sd_mod\n' >>"$R/etc/initramfs-tools/modules"
cat >"$R/usr/local/sbin/osboot-proof" <<'EOF'
#!/bin/sh
# Proves the OS runs with its root on iSCSI: a proof file on the root fs, a marker on ttyS0.
bid=$(cat /proc/sys/kernel/random/boot_id)
rootdev=$(findmnt -no SOURCE /)
disk=/dev/$(lsblk -no PKNAME "$rootdev" 2>/dev/null | head -1)
path=$(for l in /dev/disk/by-path/*; do [ "$(readlink -f "$l")" = "$disk" ] && basename "$l"; done | head -1)
tgt=$(cat /sys/class/iscsi_session/session*/targetname 2>/dev/null | head -1)
mkdir -p /var/lib/osboot
{ echo "boot_id=$bid"; echo "root=$rootdev disk=$disk by-path=$path target=$tgt";
  echo "uptime=$(cut -d' ' -f1 /proc/uptime)"; echo "kernel=$(uname -r)"; } >/var/lib/osboot/proof-$bid
sync
echo "OSBOOT-MARKER boot_id=$bid root=$rootdev by-path=$path target=$tgt uptime=$(cut -d' ' -f1 /proc/uptime)" >/dev/ttyS0
systemctl --no-block poweroff
EOF
chmod 755 "$R/usr/local/sbin/osboot-proof"
cat >"$R/etc/systemd/system/osboot-proof.service" <<'EOF'
[Unit]
Description=osboot: prove the OS runs with its root on iSCSI
After=local-fs.target systemd-remount-fs.service iscsid.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/osboot-proof

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/osboot-proof.service "$R/etc/systemd/system/multi-user.target.wants/osboot-proof.service"
mount -t proc proc "$R/proc"; proc_mounted=1
log "update-initramfs"
chroot "$R" update-initramfs -u -k "$kver" >"$W/initramfs.log" 2>&1 || { tail -20 "$W/initramfs.log"; exit 1; }
umount "$R/proc"; proc_mounted=0
ln -sf "vmlinuz-$kver" "$R/boot/vmlinuz"; ln -sf "initrd.img-$kver" "$R/boot/initrd.img"
rm -rf "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*_* "$R"/tmp/* 2>/dev/null || true

# ---------- 3. GRUB for BIOS: modules + config in /boot/grub, core.img with a fixed prefix ----------
G=$R/usr/lib/grub/i386-pc
mkdir -p "$R/boot/grub/i386-pc"
cp "$G"/*.mod "$G"/*.lst "$R/boot/grub/i386-pc/"
cat >"$R/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
menuentry 'Debian (root on iSCSI)' {
  echo 'osboot: GRUB loading Linux from the SAN disk'
  linux /boot/vmlinuz root=UUID=$UUID ro console=ttyS0,115200 net.ifnames=0
  initrd /boot/initrd.img
}
EOF
chroot "$R" grub-mkimage -O i386-pc -o /tmp/core.img -p '(hd0,msdos1)/boot/grub' \
    biosdisk part_msdos ext2 normal configfile linux serial terminal echo test
mv "$R/tmp/core.img" "$W/core.img"
core_sectors=$(( ($(stat -c %s "$W/core.img") + 511) / 512 ))
[ "$core_sectors" -lt 2047 ] || { echo "build-image: core.img ($core_sectors sectors) does not fit the MBR gap"; exit 1; }

# ---------- 4. the disk: MBR label, ext4 from the tree at 1 MiB, GRUB in the MBR + gap ----------
log "image $MB MiB -> $img"
truncate -s "${MB}M" "$W/disk.img"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$W/disk.img"
truncate -s "$((MB - 1))M" "$W/p1.img"
mke2fs -q -t ext4 -L osroot -U "$UUID" -d "$R" "$W/p1.img" >"$W/mke2fs.log" 2>&1 || { cat "$W/mke2fs.log"; exit 1; }
dd if="$W/p1.img" of="$W/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$G/boot.img" of="$W/disk.img" bs=440 count=1 conv=notrunc status=none   # keeps the partition table
dd if="$W/core.img" of="$W/disk.img" bs=512 seek=1 conv=notrunc status=none    # diskboot's blocklist: LBA 1..
mv "$W/disk.img" "$img.part" && mv "$img.part" "$img"
log "done: $(du -h --apparent-size "$img" | cut -f1) image, $(du -h "$img" | cut -f1) used," \
    "initrd $(du -h "$R/boot/initrd.img-$kver" | cut -f1), core.img $core_sectors sectors"
