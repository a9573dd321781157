#!/usr/bin/env bash
# Builds the guest's second initramfs layer (the kernel unpacks concatenated archives in order):
# PID 1, the disklessd control script and kernel-view helper, the disklessd binary (stripped)
# with every shared library it links (Swift runtime, Foundation, sqlite, OpenSSL, liblvm2cmd …),
# and the 64 MiB test disks to import (/srv/test-disk.img bootable, /srv/data-disk.img a data disk).
#
#   build-app.sh OUT.cpio.gz DISKLESSD-BINARY ENV-FILE TEST-DISK DATA-DISK
set -euo pipefail
out=$1; bin=$2; envfile=$3; disk=$4; datadisk=$5
here=$(cd "$(dirname "$0")" && pwd)
r=$(mktemp -d); trap 'rm -rf "$r"' EXIT
mkdir -p "$r"/{etc/guest,www/cgi-bin,usr/bin,lib/x86_64-linux-gnu,lib64,srv,var/lib/disklessd,root}

install -m 755 "$here/guest/init" "$r/init"
install -m 755 "$here/guest/disklessd-ctl" "$r/etc/guest/disklessd-ctl"
install -m 644 "$envfile" "$r/etc/guest/disklessd.env"
install -m 755 "$here"/guest/cgi-bin/* "$r/www/cgi-bin/"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$r/etc/passwd"
printf 'root:x:0:\n' > "$r/etc/group"
printf '127.0.0.1 localhost\n10.0.2.15 disklessd-guest\n' > "$r/etc/hosts"

strip -o "$r/usr/bin/disklessd" "$bin" 2>/dev/null || cp "$bin" "$r/usr/bin/disklessd"
chmod 755 "$r/usr/bin/disklessd"
# Every library in the guest's default search path (the binary's RUNPATH names the host's toolchain).
missing=$(ldd "$bin" | awk '/not found/{print $1}')
[ -z "$missing" ] || { echo "build-app: libraries not found for $bin: $missing" >&2; exit 1; }
for l in $(ldd "$bin" | awk '/=>/{print $3}' | sort -u); do
    case "$l" in
        /opt/*|*swift*) strip --strip-debug -o "$r/lib/x86_64-linux-gnu/$(basename "$l")" "$l" ;;
        *) cp -L "$l" "$r/lib/x86_64-linux-gnu/" ;;
    esac
done
cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
cp --sparse=always "$disk" "$r/srv/test-disk.img"
cp --sparse=always "$datadisk" "$r/srv/data-disk.img"

(cd "$r" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
