/// What can go wrong in `Secrets`: OpenSSL refused a call, or an encoded hash is malformed.
public enum SecretsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An OpenSSL call failed; the associated value names the call.
    case openssl(String)
    /// A stored password hash could not be parsed.
    case malformedHash(String)
    /// Parameters outside what scrypt accepts.
    case invalidParameters(String)
    /// The secret key file cannot be made or read, or is not a key.
    case keyFile(String)
    /// A sealed secret does not open (malformed, changed, or another key).
    case sealed(String)

    public var description: String {
        switch self {
        case .openssl(let call): "openssl call \(call) failed"
        case .malformedHash(let why): "malformed password hash: \(why)"
        case .invalidParameters(let why): "invalid scrypt parameters: \(why)"
        case .keyFile(let why): why
        case .sealed(let why): "sealed secret: \(why)"
        }
    }
}
