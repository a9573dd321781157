/// Errors of the ProxyDHCP module.
public enum ProxyDHCPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A value does not fit its field in the packet.
    case fieldTooLong(String, String)
    /// The socket could not be set up; the message names the call and the value.
    case socket(String)
    /// The configuration cannot produce valid replies.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .fieldTooLong(let field, let value): "dhcp \(field) too long: \(value.debugDescription)"
        case .socket(let message): message
        case .invalidConfiguration(let message): message
        }
    }
}
