/// What a boot file's bytes are, read from its headers: a UEFI application (PE/COFF), a BIOS PXE
/// boot program, or something else named by its magic. Pure parsing; reading the file is the
/// caller's job.
public struct BootImageFormat: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// PE/COFF with subsystem 10 (EFI application): what UEFI PXE firmware starts.
        case efiApplication
        /// Raw x86 real-mode code loaded at 0x7C00 by the PXE ROM (`undionly.kpxe`, `pxelinux.0`).
        case pxeProgram
        /// Anything else: an ELF file, an archive, a text file, an EFI driver, nothing at all.
        case other
    }

    public var kind: Kind
    /// Human description of what was found, e.g. `PE32+ EFI application (x86-64)`, `ELF file`.
    public var description: String
    /// EFI images: true when the PE security directory holds an Authenticode certificate table.
    public var signed: Bool?
    /// Size of that certificate table in bytes (0 when unsigned).
    public var signatureBytes: Int

    /// A PXE program is loaded below 640 KiB, from 0x7C00 on: anything bigger cannot be one.
    public static let maxPXEProgramBytes = 600 * 1024

    /// Identifies `bytes` (the whole file, or at least its first 64 KiB; `fileSize` is the size
    /// on disk so a partial read still judges the size and the certificate table's bounds).
    public static func identify(_ bytes: [UInt8], fileSize: Int) -> BootImageFormat {
        if fileSize == 0 { return other("an empty file") }
        if bytes.starts(with: [0x4D, 0x5A]) { return portableExecutable(bytes, fileSize: fileSize) }
        if let magic = knownMagic(bytes) { return other(magic) }
        if looksLikeText(bytes) {
            return other(bytes.starts(with: Array("#!ipxe".utf8)) ? "an iPXE script (text), not a boot program" : "a text file")
        }
        if fileSize > maxPXEProgramBytes {
            return other("binary data too large for a PXE boot program (more than \(maxPXEProgramBytes / 1024) KiB)")
        }
        return BootImageFormat(kind: .pxeProgram, description: "PXE boot program (x86 real mode)", signed: nil, signatureBytes: 0)
    }

    static func other(_ description: String) -> BootImageFormat {
        BootImageFormat(kind: .other, description: description, signed: nil, signatureBytes: 0)
    }

    /// Magic numbers of files that are surely not boot programs.
    static func knownMagic(_ b: [UInt8]) -> String? {
        if b.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "an ELF file (a Linux program or kernel module, not a boot program)" }
        if b.starts(with: [0x1F, 0x8B]) { return "gzip-compressed data" }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive" }
        if b.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "xz-compressed data" }
        if b.starts(with: Array("BZh".utf8)) { return "bzip2-compressed data" }
        if b.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "a PDF document" }
        for offset in [0x8001, 0x8801, 0x9001] where b.count >= offset + 5 && Array(b[offset..<offset + 5]) == Array("CD001".utf8) {
            return "an ISO 9660 CD image"
        }
        return nil
    }

    /// True when the first 512 bytes are printable ASCII or UTF-8 text with line breaks.
    static func looksLikeText(_ b: [UInt8]) -> Bool {
        let head = b.prefix(512)
        return !head.isEmpty && head.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
