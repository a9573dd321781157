import Secrets

/// Random secrets the services hand out, in the shapes their consumers need.
enum SecretMaker {
    /// A 16-character CHAP secret: LIO and Windows accept 12–16 characters; letters and digits
    /// only, so it is safe in configfs and iPXE scripts.
    static func chapSecret() throws -> String {
        do { return try SecureRandom.string(length: 16) } catch { throw ServiceError.internal("random generator failed") }
    }

    /// A first-start password people can copy: 20 letters and digits.
    static func password() throws -> String {
        do { return try SecureRandom.string(length: 20) } catch { throw ServiceError.internal("random generator failed") }
    }

    /// A URL-safe random token with 256 bits of entropy.
    static func token() throws -> String {
        do { return try SecureRandom.token() } catch { throw ServiceError.internal("random generator failed") }
    }

    /// SHA-256 hex of a token or session id: what the database stores.
    static func hash(_ secret: String) throws -> String {
        do { return try Digest.sha256Hex(secret) } catch { throw ServiceError.internal("hash failed") }
    }
}
