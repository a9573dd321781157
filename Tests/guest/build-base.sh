#!/usr/bin/env bash
# Builds (or finds in the cache) the guest's kernel and base initramfs layer: busybox, lvm2
# (lvm, dmsetup) with their libraries, lvm.conf for a udev-less guest, and Debian's kernel modules
# for virtio, device-mapper thin/snapshot, configfs and LIO iSCSI.
#
#   build-base.sh CACHE_DIR     prints two lines: the kernel path and the base layer path.
# Exit 77 (with the reason on stderr) when the kernel package cannot be downloaded.
set -euo pipefail
cache=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$cache/dl"

# The newest Debian 6.1 kernel package apt knows; a cached .deb is reused when apt has no lists.
kernel_pkg() { apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1; }
pkg=$(kernel_pkg)
# A fresh machine (CI) may have no package lists yet: fetch them once when allowed to.
if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ] && ! ls "$cache"/dl/linux-image-6.1.0-*-amd64_*.deb >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    pkg=$(kernel_pkg)
fi
deb=""
if [ -n "$pkg" ]; then
    deb=$(ls "$cache/dl/${pkg}_"*.deb 2>/dev/null | tail -1 || true)
    if [ -z "$deb" ]; then
        (cd "$cache/dl" && apt-get download -q "$pkg" >/dev/null 2>&1) || true
        deb=$(ls "$cache/dl/${pkg}_"*.deb 2>/dev/null | tail -1 || true)
    fi
fi
[ -n "$deb" ] || deb=$(ls "$cache"/dl/linux-image-6.1.0-*-amd64_*.deb 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$deb" ]; then
    echo "no Debian linux-image-6.1.0-*-amd64 package could be downloaded (apt-get download failed)" >&2
    exit 77
fi
kv=$(basename "$deb" | sed -E 's/^linux-image-(6\.1\.0-[0-9]+-amd64)_.*/\1/')

# Content key: the kernel package, this script, the host's busybox and lvm2 binaries.
key=$( (basename "$deb"; cat "$0"; sha256sum /bin/busybox /usr/sbin/lvm /usr/sbin/dmsetup) | sha256sum | cut -c1-16)
out="$cache/base-$key"
if [ -f "$out/base.cpio.gz" ] && [ -f "$out/vmlinuz" ]; then
    echo "$out/vmlinuz"; echo "$out/base.cpio.gz"; exit 0
fi

work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
kp=$work/kpkg; r=$work/rootfs
dpkg-deb -x "$deb" "$kp"
depmod -b "$kp" "$kv"

mkdir -p "$r"/{bin,sbin,etc/lvm,proc,sys,dev,run/lock/lvm,tmp,var/log,lib/modules/$kv,lib64,lib/x86_64-linux-gnu}
cp /bin/busybox "$r/bin/"
for a in $("$r/bin/busybox" --list); do [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"; done
cp /usr/sbin/lvm /usr/sbin/dmsetup "$r/sbin/"
for l in $(ldd /bin/busybox /usr/sbin/lvm /usr/sbin/dmsetup | awk '/=>/{print $3}' | sort -u); do
    cp -L "$l" "$r/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
ln -sf ../bin/busybox "$r/sbin/modprobe"
for c in pvcreate pvs vgcreate vgs vgchange lvcreate lvs lvremove lvchange lvconvert lvextend lvrename; do
    ln -s lvm "$r/sbin/$c"
done

mods="crc32c_generic virtio_pci virtio_blk virtio_net dm-mod dm-snapshot dm-thin-pool dm-bufio configfs
      target_core_mod target_core_iblock target_core_file iscsi_target_mod"
for m in $mods; do
    for f in $(modprobe -d "$kp" -S "$kv" --show-depends "$m" | awk '/^insmod/{print $2}'); do
        rel=${f#"$kp"/}; mkdir -p "$r/$(dirname "$rel")"; cp "$f" "$r/$rel"
    done
done
cp "$kp/lib/modules/$kv"/modules.* "$r/lib/modules/$kv/" 2>/dev/null || true

# No udev in the guest: LVM makes the /dev nodes itself and never waits for udev.
cat > "$r/etc/lvm/lvm.conf" <<'CONF'
devices { obtain_device_list_from_udev = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
global { use_lvmetad = 0 thin_check_executable = "" event_activation = 0 }
CONF

(cd "$r" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$work/base.cpio.gz"
cp "$kp/boot/vmlinuz-$kv" "$work/vmlinuz"
mkdir -p "$out.tmp"; mv "$work/base.cpio.gz" "$work/vmlinuz" "$out.tmp/"
rm -rf "$out"; mv "$out.tmp" "$out"
echo "$out/vmlinuz"; echo "$out/base.cpio.gz"
