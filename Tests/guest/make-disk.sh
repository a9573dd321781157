#!/usr/bin/env bash
# Writes a 64 MiB bootable raw disk: its MBR boot code prints "BOOTED-OK from MBR", reads LBA 1
# through INT 13h and prints what it holds (the marker), then exits QEMU via isa-debug-exit
# (QEMU exit status 33).   make-disk.sh OUT.img MARKER
set -euo pipefail
out=$1; marker=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/mbr.S" <<'ASM'
.code16
.globl _start
_start: cli; xor %ax,%ax; mov %ax,%ds; mov %ax,%es; mov %ax,%ss; mov $0x7c00,%sp; sti
  mov %dl,drv
  mov $m1,%si; call puts
  mov $0x0201,%ax; mov $0x0002,%cx; xor %dh,%dh; mov drv,%dl; mov $0x8000,%bx; int $0x13
  jc 1f; mov $0x8000,%si; call puts; jmp 2f
1: mov $m2,%si; call puts
2: mov $0xf4,%dx; mov $0x10,%al; out %al,%dx
3: hlt; jmp 3b
puts: lodsb; test %al,%al; jz 9f; mov %al,%bl; mov $0x3fd,%dx
8: in %dx,%al; test $0x20,%al; jz 8b; mov $0x3f8,%dx; mov %bl,%al; out %al,%dx; jmp puts
9: ret
drv: .byte 0
m1: .asciz "\r\nBOOTED-OK from MBR\r\n"
m2: .asciz "INT13-READ-FAILED\r\n"
.org 510
.word 0xaa55
ASM
as --32 -o "$work/mbr.o" "$work/mbr.S"
ld -m elf_i386 -Ttext 0x7c00 --oformat binary -e _start -o "$work/mbr.bin" "$work/mbr.o"
# 64 MiB: under 8 MiB iPXE's CHS geometry guess fails with an I/O error.
truncate -s 64M "$work/disk.img"
dd if="$work/mbr.bin" of="$work/disk.img" conv=notrunc status=none
printf '%s\r\n\0' "$marker" | dd of="$work/disk.img" bs=512 seek=1 conv=notrunc status=none
mv "$work/disk.img" "$out"
