import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Encrypts short secrets for storage (CHAP secrets, IPMI passwords, webhook URLs) with
/// AES-256-GCM under a key kept in a file next to the database, so a copied database file alone
/// holds no usable secret. Sealed form: `enc:v1:` + base64url(12-byte nonce ‖ ciphertext ‖ 16-byte tag).
public struct SecretBox: Sendable {
    static let prefix = "enc:v1:"
    static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16
    private let key: [UInt8]

    public init(key: [UInt8]) throws {
        guard key.count == Self.keyLength else { throw SecretsError.keyFile("a secret key is \(Self.keyLength) bytes, not \(key.count)") }
        self.key = key
    }

    /// Whether `text` is in sealed form (anything else is a plain value from before encryption).
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// Seals `plain` with a fresh random nonce.
    public func seal(_ plain: String) throws -> String {
        let nonce = try SecureRandom.bytes(Self.nonceLength)
        let (cipher, tag) = try crypt(encrypt: true, Array(plain.utf8), nonce: nonce, tag: nil)
        return Self.prefix + Base64URL.encode(nonce + cipher + tag)
    }

    /// Opens a sealed value; a plain value (no prefix) is returned as it is. A wrong key or a
    /// changed value throws.
    public func open(_ text: String) throws -> String {
        guard Self.isSealed(text) else { return text }
        guard let bytes = Base64URL.decode(String(text.dropFirst(Self.prefix.count))),
              bytes.count >= Self.nonceLength + Self.tagLength else {
            throw SecretsError.sealed("malformed")
        }
        let nonce = Array(bytes.prefix(Self.nonceLength))
        let tag = Array(bytes.suffix(Self.tagLength))
        let cipher = Array(bytes.dropFirst(Self.nonceLength).dropLast(Self.tagLength))
        let (plain, _) = try crypt(encrypt: false, cipher, nonce: nonce, tag: tag)
        return String(decoding: plain, as: UTF8.self)
    }

    /// One AES-256-GCM pass; decryption checks `tag` (a mismatch throws).
    private func crypt(encrypt: Bool, _ input: [UInt8], nonce: [UInt8], tag: [UInt8]?) throws -> ([UInt8], [UInt8]) {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw SecretsError.openssl("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let op: String = encrypt ? "EVP_Encrypt" : "EVP_Decrypt"
        var ok = encrypt ? EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil)
                         : EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil)
        guard ok == 1, EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonce.count), nil) == 1 else {
            throw SecretsError.openssl(op + "Init")
        }
        ok = encrypt ? EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) : EVP_DecryptInit_ex(ctx, nil, nil, key, nonce)
        guard ok == 1 else { throw SecretsError.openssl(op + "Init") }
        var out = [UInt8](repeating: 0, count: input.count + 16)
        var length: Int32 = 0
        if !input.isEmpty {
            ok = encrypt ? EVP_EncryptUpdate(ctx, &out, &length, input, Int32(input.count))
                         : EVP_DecryptUpdate(ctx, &out, &length, input, Int32(input.count))
            guard ok == 1 else { throw SecretsError.openssl(op + "Update") }
        }
        var total = Int(length)
        var outTag = tag ?? [UInt8](repeating: 0, count: Self.tagLength)
        if !encrypt {
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), &outTag) == 1 else {
                throw SecretsError.openssl("EVP_CTRL_GCM_SET_TAG")
            }
        }
        var finalLength: Int32 = 0
        ok = out.withUnsafeMutableBufferPointer { buffer in
            encrypt ? EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + total, &finalLength)
                    : EVP_DecryptFinal_ex(ctx, buffer.baseAddress! + total, &finalLength)
        }
        guard ok == 1 else {
            if encrypt { throw SecretsError.openssl("EVP_EncryptFinal") }
            throw SecretsError.sealed("does not open with this key (another key file, or a changed value)")
        }
        total += Int(finalLength)
        if encrypt {
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &outTag) == 1 else {
                throw SecretsError.openssl("EVP_CTRL_GCM_GET_TAG")
            }
        }
        return (Array(out.prefix(total)), outTag)
    }
}
