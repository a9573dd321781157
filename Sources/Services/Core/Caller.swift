import Domain

/// Who performs an action: shown as the event actor and checked against roles.
public struct Caller: Sendable, Hashable, CustomStringConvertible {
    /// `admin`, `token:<name>`, `thrift:<peer>`, `boot`, `system`.
    public var name: String
    public var role: UserRole
    /// The user behind a session or token, when there is one.
    public var userID: Int64?

    public init(name: String, role: UserRole, userID: Int64? = nil) {
        self.name = name
        self.role = role
        self.userID = userID
    }

    /// disklessd itself (start-up, reconciler, jobs).
    public static let system = Caller(name: "system", role: .admin)
    /// The unauthenticated boot chain (ProxyDHCP, TFTP, boot scripts).
    public static let boot = Caller(name: "boot", role: .viewer)

    /// A dbc controller on the Thrift port (`thrift:<peer>`); allowed to operate machines.
    public static func thrift(peer: String) -> Caller { Caller(name: "thrift:\(peer)", role: .operator_) }

    public var description: String { name }
}

extension UserRole {
    /// admin > operator > viewer.
    public var rank: Int {
        switch self {
        case .viewer: 0
        case .operator_: 1
        case .admin: 2
        }
    }

    /// True when this role may do what `needed` may do.
    public func includes(_ needed: UserRole) -> Bool { rank >= needed.rank }
}
