import COpenSSL
import Foundation

/// scrypt cost parameters: N = 2^logN, block size r, parallelism p.
public struct ScryptParameters: Sendable, Hashable {
    public var logN: Int
    public var r: Int
    public var p: Int

    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N = 2^14, r = 8, p = 1: 16 MiB of memory and about 60 ms per hash on this class of machine
    /// (2^15 measured 120 ms on a busy 2-core host).
    public static let standard = ScryptParameters(logN: 14, r: 8, p: 1)
    /// Cheap parameters for tests only (N = 2^10).
    public static let testing = ScryptParameters(logN: 10, r: 8, p: 1)

    /// Memory scrypt needs (128·r·(N+p+2) bytes) plus slack; OpenSSL refuses calls above `maxmem`.
    var maxMemory: UInt64 { UInt64(128 * r) * (UInt64(1) << UInt64(logN) + UInt64(p) + 2) + (1 << 20) }

    func check() throws {
        guard (1...24).contains(logN) else { throw SecretsError.invalidParameters("logN \(logN) is outside 1...24") }
        guard (1...64).contains(r) else { throw SecretsError.invalidParameters("r \(r) is outside 1...64") }
        guard (1...16).contains(p) else { throw SecretsError.invalidParameters("p \(p) is outside 1...16") }
    }
}

/// Salted, slow password hashes with scrypt (OpenSSL `EVP_PBE_scrypt`).
///
/// Encoded form: `scrypt$<logN>$<r>$<p>$<base64 salt>$<base64 hash>` (standard base64, no
/// padding), so parameters can be raised later and old hashes still verify.
public struct PasswordHasher: Sendable {
    public var parameters: ScryptParameters
    static let saltLength = 16
    static let hashLength = 32

    public init(parameters: ScryptParameters = .standard) {
        self.parameters = parameters
    }

    /// Hashes `password` with a fresh random 16-byte salt.
    public func hash(_ password: String) throws -> String {
        try parameters.check()
        let salt = try SecureRandom.bytes(Self.saltLength)
        let key = try Self.derive(password: password, salt: salt, parameters: parameters, length: Self.hashLength)
        return ["scrypt", String(parameters.logN), String(parameters.r), String(parameters.p),
                Self.b64(salt), Self.b64(key)].joined(separator: "$")
    }

    /// True when `password` matches `encoded`. Uses the parameters stored in `encoded` and compares
    /// in constant time. A malformed `encoded` throws.
    public func verify(_ password: String, against encoded: String) throws -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt" else { throw SecretsError.malformedHash("expected 6 '$'-separated fields starting with scrypt") }
        guard let logN = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]) else {
            throw SecretsError.malformedHash("parameters are not numbers")
        }
        let params = ScryptParameters(logN: logN, r: r, p: p)
        try params.check()
        guard let salt = Base64URL.decode(String(parts[4])), let expected = Base64URL.decode(String(parts[5])),
              !salt.isEmpty, !expected.isEmpty else {
            throw SecretsError.malformedHash("salt or hash is not base64")
        }
        let key = try Self.derive(password: password, salt: salt, parameters: params, length: expected.count)
        return Digest.constantTimeEqual(key, expected)
    }

    /// True when `encoded` was made with weaker parameters than the current ones (re-hash at next login).
    public func needsRehash(_ encoded: String) -> Bool {
        let parts = encoded.split(separator: "$")
        guard parts.count == 6, let logN = Int(parts[1]) else { return true }
        return logN < parameters.logN
    }

    static func derive(password: String, salt: [UInt8], parameters: ScryptParameters, length: Int) throws -> [UInt8] {
        // utf8CString is NUL-terminated, so its base address is never nil, even for an empty password.
        let pass = password.utf8CString
        let passLength = pass.count - 1
        var key = [UInt8](repeating: 0, count: length)
        let ok = pass.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                key.withUnsafeMutableBufferPointer { k in
                    EVP_PBE_scrypt(pw.baseAddress, passLength, s.baseAddress, s.count,
                                   UInt64(1) << UInt64(parameters.logN), UInt64(parameters.r), UInt64(parameters.p),
                                   parameters.maxMemory, k.baseAddress, k.count)
                }
            }
        }
        guard ok == 1 else { throw SecretsError.openssl("EVP_PBE_scrypt") }
        return key
    }

    static func b64(_ bytes: [UInt8]) -> String {
        var s = Data(bytes).base64EncodedString()
        while s.hasSuffix("=") { s.removeLast() }
        return s
    }
}
