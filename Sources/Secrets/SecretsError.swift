/// What can go wrong in `Secrets`: OpenSSL refused a call, or an encoded hash is malformed.
public enum SecretsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An OpenSSL call failed; the associated value names the call.
    case openssl(String)
    /// A stored password hash could not be parsed.
    case malformedHash(String)
    /// Parameters outside what scrypt accepts.
    case invalidParameters(String)

    public var description: String {
        switch self {
        case .openssl(let call): "openssl call \(call) failed"
        case .malformedHash(let why): "malformed password hash: \(why)"
        case .invalidParameters(let why): "invalid scrypt parameters: \(why)"
        }
    }
}
