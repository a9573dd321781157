import Domain
import Foundation

/// A console login. `id` is the cookie value; only its SHA-256 is stored, so it is known only
/// right after login (and to the holder of the cookie).
public struct AuthSession: Sendable, Hashable {
    /// The session id (cookie value `disklessd_session`).
    public var id: String
    public var userID: Int64
    public var username: String
    public var role: UserRole
    /// Must come back in the `X-CSRF-Token` header of cookie-authenticated writes.
    public var csrfToken: String
    /// Sliding: every use moves it to now + the session lifetime.
    public var expiresAt: Date

    public init(id: String, userID: Int64, username: String, role: UserRole, csrfToken: String, expiresAt: Date) {
        self.id = id
        self.userID = userID
        self.username = username
        self.role = role
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }

    /// Who acts through this session.
    public var caller: Caller { Caller(name: username, role: role, userID: userID) }
}

/// A new API token: the secret is shown exactly once, here.
public struct CreatedToken: Sendable, Hashable {
    public var token: APIToken
    /// The bearer secret (`dlt_…`); only its SHA-256 is stored.
    public var secret: String

    public init(token: APIToken, secret: String) {
        self.token = token
        self.secret = secret
    }
}

/// What a client sends to create or change a user.
public struct UserInput: Codable, Sendable, Hashable {
    public var username: String?
    /// Required on create; nil on update keeps the password.
    public var password: String?
    /// `admin`, `operator` or `viewer`.
    public var role: String?

    public init(username: String? = nil, password: String? = nil, role: String? = nil) {
        self.username = username
        self.password = password
        self.role = role
    }
}
