/// The version an iPXE binary carries. iPXE links its build name, product short name and version
/// as neighbouring C strings: `ipxe.efi\0iPXE\0…\01.21.1+ (g1234a)\0` (Debian's builds:
/// `1.0.0+git-20190125.36a4c85-5.1`). Uncompressed images (`ipxe.efi`, `snponly.efi`) keep them
/// readable; compressed ones (`undionly.kpxe`, `ipxe.pxe`) do not, and give nil.
public struct IPXEVersionString: Sendable, Hashable, Codable {
    public var version: String
    /// The build's own name (`ipxe.efi`, `snponly.efi`), when found before the product name.
    public var buildName: String?

    public init(version: String, buildName: String? = nil) {
        self.version = version
        self.buildName = buildName
    }

    /// The first `iPXE` product string followed (after NUL padding) by a version string.
    public static func find(in bytes: [UInt8]) -> IPXEVersionString? {
        let needle: [UInt8] = [0x00] + Array("iPXE".utf8) + [0x00]
        var start = 0
        while let hit = firstIndex(of: needle, in: bytes, from: start) {
            start = hit + 1
            var i = hit + needle.count
            while i < bytes.count, bytes[i] == 0, i < hit + needle.count + 16 { i += 1 }
            guard let version = cString(bytes, at: i), let first = version.unicodeScalars.first,
                  ("0"..."9").contains(first), version.contains("."), version.count <= 64 else { continue }
            return IPXEVersionString(version: version, buildName: stringEnding(bytes, at: hit))
        }
        return nil
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == first, bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The printable NUL-terminated string starting at `offset`, nil when empty or not printable.
    static func cString(_ b: [UInt8], at offset: Int) -> String? {
        var end = offset
        while end < b.count, b[end] != 0 {
            guard b[end] >= 0x20, b[end] < 0x7F, end - offset < 80 else { return nil }
            end += 1
        }
        guard end > offset, end < b.count else { return nil }
        return String(decoding: b[offset..<end], as: UTF8.self)
    }

    /// The printable string that ends just before the NUL at `nul` (and starts after another NUL).
    static func stringEnding(_ b: [UInt8], at nul: Int) -> String? {
        var start = nul
        while start > 0, b[start - 1] >= 0x20, b[start - 1] < 0x7F, nul - start < 64 { start -= 1 }
        guard start < nul, start > 0, b[start - 1] == 0 else { return nil }
        return String(decoding: b[start..<nul], as: UTF8.self)
    }
}
