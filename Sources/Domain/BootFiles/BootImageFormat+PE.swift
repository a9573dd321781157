extension BootImageFormat {
    /// Reads the PE/COFF headers behind an `MZ` stub: machine, optional-header magic, subsystem and
    /// the security data directory (index 4), whose file offset and size locate the Authenticode
    /// certificate table (WIN_CERTIFICATE, type 2 = PKCS#7 signed data).
    static func portableExecutable(_ b: [UInt8], fileSize: Int) -> BootImageFormat {
        guard let peOffset = b.u32(0x3C).map(Int.init), peOffset + 24 <= b.count,
              b.u32(peOffset) == 0x0000_4550 else {
            return other("a DOS MZ executable without a PE header")
        }
        let machine = b.u16(peOffset + 4) ?? 0
        let optional = peOffset + 24
        guard let magic = b.u16(optional), magic == 0x10B || magic == 0x20B, let subsystem = b.u16(optional + 68) else {
            return other("a PE/COFF object without an optional header")
        }
        let format = magic == 0x20B ? "PE32+" : "PE32"
        let arch = machineName(machine)
        guard subsystem == 10 else {
            return other("\(format) \(subsystemName(subsystem)) (\(arch)), not an EFI application")
        }
        // Data directories follow NumberOfRvaAndSizes: at +92/+96 (PE32) or +108/+112 (PE32+).
        let countOffset = optional + (magic == 0x20B ? 108 : 92)
        let directories = countOffset + 4
        var signatureBytes = 0
        if let count = b.u32(countOffset), count > 4,
           let tableOffset = b.u32(directories + 4 * 8).map(Int.init), let tableSize = b.u32(directories + 4 * 8 + 4).map(Int.init),
           tableSize >= 8, tableOffset > 0, tableOffset + tableSize <= fileSize {
            // When the table lies inside what was read, its first certificate must be PKCS#7 signed data.
            if tableOffset + 8 <= b.count {
                if b.u16(tableOffset + 6) == 0x0002 { signatureBytes = tableSize }
            } else {
                signatureBytes = tableSize
            }
        }
        return BootImageFormat(kind: .efiApplication, description: "\(format) EFI application (\(arch))",
                               signed: signatureBytes > 0, signatureBytes: signatureBytes)
    }

    static func machineName(_ m: UInt16) -> String {
        switch m {
        case 0x8664: "x86-64"
        case 0x014C: "x86 32-bit"
        case 0xAA64: "ARM64"
        case 0x01C2, 0x01C4: "ARM"
        case 0x5064: "RISC-V 64"
        default: "machine 0x" + String(m, radix: 16)
        }
    }

    static func subsystemName(_ s: UInt16) -> String {
        switch s {
        case 2: "Windows GUI program"
        case 3: "Windows console program"
        case 11: "EFI boot-service driver"
        case 12: "EFI runtime driver"
        case 13: "EFI ROM image"
        default: "image of subsystem \(s)"
        }
    }
}

extension [UInt8] {
    /// Little-endian 16-bit value at `offset`, nil past the end.
    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= count else { return nil }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    /// Little-endian 32-bit value at `offset`, nil past the end.
    func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }
}
