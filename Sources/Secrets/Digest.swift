import COpenSSL

/// SHA-256 and HMAC-SHA256 through OpenSSL. Tokens and session ids are stored as their SHA-256,
/// so a leaked database does not hand out working credentials.
public enum Digest {
    /// SHA-256 of `data`.
    public static func sha256(_ data: [UInt8]) throws -> [UInt8] {
        try digest(data, EVP_sha256(), length: 32, name: "sha256")
    }

    /// MD5 of `data`: only for protocols that fix it, such as iSCSI CHAP (RFC 1994, RFC 7143 §12.1.3).
    public static func md5(_ data: [UInt8]) throws -> [UInt8] {
        try digest(data, EVP_md5(), length: 16, name: "md5")
    }

    private static func digest(_ data: [UInt8], _ md: OpaquePointer?, length expected: UInt32, name: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { EVP_Digest(input.baseAddress, input.count, $0.baseAddress, &length, md, nil) }
        }
        guard ok == 1, length == expected else { throw SecretsError.openssl("EVP_Digest(\(name))") }
        return Array(out.prefix(Int(expected)))
    }

    /// SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits.
    public static func sha256Hex(_ text: String) throws -> String {
        hex(try sha256(Array(text.utf8)))
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL reads the key pointer even for an empty key; give it a valid one.
        let keyBytes = key.isEmpty ? [UInt8(0)] : key
        let result = keyBytes.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), d.baseAddress, d.count, o.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else { throw SecretsError.openssl("HMAC") }
        return Array(out.prefix(32))
    }

    /// Compares two byte strings in time that depends only on their length.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        return s
    }
}
