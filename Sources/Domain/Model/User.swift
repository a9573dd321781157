import struct Foundation.Date

public enum UserRole: String, Codable, Sendable, CaseIterable {
    /// Everything, including users and tokens.
    case admin
    /// Machines, images, boot items, power; not users or settings.
    case operator_ = "operator"
    /// Read only.
    case viewer
}

public struct User: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var username: String
    public var role: UserRole
    /// Encoded password hash (`scrypt$N$r$p$salt$hash`); never leaves the server.
    public var passwordHash: String
    public var createdAt: Date

    public init(id: Int64 = 0, username: String, role: UserRole, passwordHash: String, createdAt: Date = Date()) {
        self.id = id
        self.username = username
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A bearer token for scripts. Only a hash of the secret is stored.
public struct APIToken: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var userID: Int64
    public var tokenHash: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64 = 0, name: String, userID: Int64, tokenHash: String, createdAt: Date = Date(),
                lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.userID = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}
