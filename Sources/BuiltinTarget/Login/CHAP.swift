import Secrets

/// CHAP with MD5 as iSCSI uses it (RFC 7143 §12.1.3, RFC 1994): response = MD5(id ‖ secret ‖ challenge).
/// Binary values travel as `0x` hex or `0b` base64.
enum CHAP {
    static func response(id: UInt8, secret: String, challenge: [UInt8]) throws -> [UInt8] {
        try Digest.md5([id] + Array(secret.utf8) + challenge)
    }

    static func encode(_ bytes: [UInt8]) -> String { "0x" + Digest.hex(bytes) }

    static func decode(_ text: String) -> [UInt8]? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let hex = Array(text.utf8.dropFirst(2))
            guard !hex.isEmpty, hex.count % 2 == 0, hex.count <= 2048 else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(hex.count / 2)
            var i = 0
            while i < hex.count {
                guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            }
            return out
        }
        if text.hasPrefix("0b") || text.hasPrefix("0B") {
            return base64Decode(String(text.dropFirst(2)))
        }
        return nil
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func base64Decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var lookup = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { lookup[Int(c)] = UInt8(i) }
        var bits = 0, value = 0
        var out: [UInt8] = []
        for c in text.utf8 where c != UInt8(ascii: "=") {
            let v = lookup[Int(c)]
            guard v != 0xff else { return nil }
            value = value << 6 | Int(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((value >> bits) & 0xff))
            }
        }
        return out.isEmpty ? nil : out
    }
}
