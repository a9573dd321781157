#!/usr/bin/env bash
# make-disks.sh OUTDIR [uefi]: builds the e2e test disks (64 MiB sparse raw; iPXE's CHS guess
# fails under 8 MiB).
#   bios.img  MBR boot code: prints BOOTED-OK, reads LBA 2 and prints DISK-WAS-CLEAN or
#             DISK-WAS-DIRTY, writes the DIRTY mark to LBA 2 through INT 13h (iPXE's SAN
#             drive), prints WRITE-OK, then leaves QEMU through isa-debug-exit (status 33).
#             A reset-on-boot machine must say CLEAN at every boot; a persistent one DIRTY
#             from its second boot on.
#   local.img a "local" disk whose boot code prints LOCAL-DISK-BOOTED; blank.img all zeros.
#   efi.img   GPT-less MBR disk with an ESP holding \EFI\BOOT\BOOTX64.EFI that prints
#             UEFI-BOOTED-OK and powers the VM off (needs gnu-efi, mtools, fdisk).
set -euo pipefail
out=$1; mode=${2:-}
b=$out/build; mkdir -p "$b"

cat > "$b/mbr.S" <<'ASM'
.code16
.globl _start
_start: cli; xor %ax,%ax; mov %ax,%ds; mov %ax,%es; mov %ax,%ss; mov $0x7c00,%sp; sti
  mov %dl,drv
  mov $m_boot,%si; call puts
  mov $0x0201,%ax; mov $0x0003,%cx; xor %dh,%dh; mov drv,%dl; mov $0x8000,%bx; int $0x13   # read LBA 2
  jc readfail
  cmpb $'D',0x8000; jne 1f
  mov $m_dirty,%si; call puts; jmp 2f
1: mov $m_clean,%si; call puts
2: mov $0x0301,%ax; mov $0x0003,%cx; xor %dh,%dh; mov drv,%dl; mov $mark,%bx; int $0x13     # write LBA 2
  jc writefail
  mov $m_written,%si; call puts; jmp done
readfail: mov $m_rfail,%si; call puts; jmp done
writefail: mov $m_wfail,%si; call puts
done: mov $0xf4,%dx; mov $0x10,%al; out %al,%dx      # isa-debug-exit -> qemu status 33
3: hlt; jmp 3b
puts: lodsb; test %al,%al; jz 9f; mov %al,%bl; mov $0x3fd,%dx
8: in %dx,%al; test $0x20,%al; jz 8b; mov $0x3f8,%dx; mov %bl,%al; out %al,%dx; jmp puts
9: ret
drv: .byte 0
m_boot: .asciz "\r\nBOOTED-OK from iSCSI MBR\r\n"
m_clean: .asciz "DISK-WAS-CLEAN\r\n"
m_dirty: .asciz "DISK-WAS-DIRTY\r\n"
m_written: .asciz "WRITE-OK\r\n"
m_rfail: .asciz "INT13-READ-FAILED\r\n"
m_wfail: .asciz "INT13-WRITE-FAILED\r\n"
mark: .ascii "DIRTY"
.org 510
.word 0xaa55
ASM
as --32 -o "$b/mbr.o" "$b/mbr.S"
ld -m elf_i386 -Ttext 0x7c00 --oformat binary -e _start -o "$b/mbr.bin" "$b/mbr.o"
rm -f "$out/bios.img"; truncate -s 64M "$out/bios.img"
dd if="$b/mbr.bin" of="$out/bios.img" conv=notrunc status=none

# local.img: the PC's own local disk (a second QEMU disk, not iSCSI): prints LOCAL-DISK-BOOTED and
# leaves QEMU (status 33). blank.img: no boot signature, so `sanboot` of it fails after the
# drives were hooked (the failed iSCSI boot the `local` item must recover from).
cat > "$b/local.S" <<'ASM'
.code16
.globl _start
_start: cli; xor %ax,%ax; mov %ax,%ds; mov %ax,%ss; mov $0x7c00,%sp; sti
  mov $msg,%si
1: lodsb; test %al,%al; jz 3f; mov %al,%bl; mov $0x3fd,%dx
2: in %dx,%al; test $0x20,%al; jz 2b; mov $0x3f8,%dx; mov %bl,%al; out %al,%dx; jmp 1b
3: mov $0xf4,%dx; mov $0x10,%al; out %al,%dx
4: hlt; jmp 4b
msg: .asciz "\r\nLOCAL-DISK-BOOTED from the local disk\r\n"
.org 510
.word 0xaa55
ASM
as --32 -o "$b/local.o" "$b/local.S"
ld -m elf_i386 -Ttext 0x7c00 --oformat binary -e _start -o "$b/local.bin" "$b/local.o"
rm -f "$out/local.img" "$out/blank.img"; truncate -s 64M "$out/local.img" "$out/blank.img"
dd if="$b/local.bin" of="$out/local.img" conv=notrunc status=none

[ "$mode" = uefi ] || exit 0
cat > "$b/hello.c" <<'C'
#include <efi.h>
#include <efilib.h>
EFI_STATUS EFIAPI efi_main(EFI_HANDLE img, EFI_SYSTEM_TABLE *st) {
  InitializeLib(img, st);
  Print(L"\r\nUEFI-BOOTED-OK from iSCSI ESP\r\n");
  uefi_call_wrapper(st->RuntimeServices->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
  return EFI_SUCCESS;
}
C
gcc -I/usr/include/efi -I/usr/include/efi/x86_64 -fpic -ffreestanding -fno-stack-protector -fshort-wchar \
    -mno-red-zone -maccumulate-outgoing-args -DEFI_FUNCTION_WRAPPER -c "$b/hello.c" -o "$b/hello.o"
ld -shared -Bsymbolic -T/usr/lib/elf_x86_64_efi.lds /usr/lib/crt0-efi-x86_64.o "$b/hello.o" \
   -o "$b/hello.so" -L/usr/lib -lgnuefi -lefi
objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym -j .rel -j .rela -j '.rel.*' \
   -j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 "$b/hello.so" "$b/BOOTX64.EFI"
rm -f "$out/efi.img"; truncate -s 64M "$out/efi.img"
echo 'start=2048, type=ef' | sfdisk -q "$out/efi.img"
mformat -i "$out/efi.img@@1M" -T 129024 -h 64 -s 32 -F -v ESP ::
mmd -i "$out/efi.img@@1M" ::/EFI ::/EFI/BOOT
mcopy -i "$out/efi.img@@1M" "$b/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
