import COpenSSL

/// Cryptographically secure random bytes and tokens from OpenSSL's `RAND_bytes`.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let ok = buffer.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { throw SecretsError.openssl("RAND_bytes") }
        return buffer
    }

    /// A URL-safe token (base64url without padding) carrying `byteCount` random bytes.
    /// 32 bytes give 43 characters and 256 bits of entropy.
    public static func token(byteCount: Int = 32) throws -> String {
        Base64URL.encode(try bytes(byteCount))
    }

    /// A random string of `length` characters drawn from `alphabet` without modulo bias.
    /// Used for CHAP secrets and first-start passwords that people may have to type.
    public static func string(length: Int, alphabet: [Character] = alphanumeric) throws -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256, "alphabet must hold 1 to 256 characters")
        // Reject bytes above the largest multiple of the alphabet size so every character is equally likely.
        let limit = 256 - 256 % alphabet.count
        var out = ""
        while out.count < length {
            for b in try bytes(length * 2) where Int(b) < limit && out.count < length {
                out.append(alphabet[Int(b) % alphabet.count])
            }
        }
        return out
    }

    /// Letters and digits without look-alikes is not needed here: secrets are pasted, not read aloud.
    public static let alphanumeric: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
}
