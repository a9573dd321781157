import Domain
import Foundation
import Store

extension AuthService {
    /// Prefix of every API token secret, so leaked tokens are easy to grep for.
    public static let tokenPrefix = "dlt_"

    /// Creates an API token for the caller's user; the secret is returned once and stored hashed.
    public func createToken(name: String, by caller: Caller) async throws -> CreatedToken {
        guard let userID = caller.userID else { throw ServiceError.forbidden("\(caller.name) cannot own tokens") }
        let now = context.now
        return try await context.audited(caller, "token.create", "token") {
            let name = try Validate.resourceName(name, field: "name")
            let secret = Self.tokenPrefix + (try SecretMaker.token())
            let hash = try SecretMaker.hash(secret)
            let (token, event) = try await context.write { tx in
                if try tx.tokens(userID: userID).contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    throw ServiceError.conflict(.tokenNameTaken, "you already have a token named \(Validate.shown(name))")
                }
                let t = try tx.insertToken(APIToken(name: name, userID: userID, tokenHash: hash, createdAt: now))
                return (t, try tx.insertEvent(context.event(caller, "token.create", "token/\(t.id)", .success, "name=\(name)")))
            }
            context.events.publish(event)
            return CreatedToken(token: token, secret: secret)
        }
    }

    /// Tokens of the caller; an admin sees everyone's.
    public func tokens(for caller: Caller) async throws -> [APIToken] {
        let userID = caller.role == .admin ? nil : caller.userID
        if caller.role != .admin && userID == nil { return [] }
        return try await context.read { tx in try tx.tokens(userID: userID) }
    }

    /// Deletes token `id`: the caller's own, or any for an admin. Missing → false.
    @discardableResult
    public func deleteToken(id: Int64, by caller: Caller) async throws -> Bool {
        let isAdmin = caller.role == .admin
        let event: Event? = try await context.write { tx in
            guard let t = try tx.token(id: id) else { return nil }
            guard isAdmin || t.userID == caller.userID else { throw ServiceError.notFound(.tokenNotFound, "token \(id)") }
            try tx.deleteToken(id: id)
            return try tx.insertEvent(context.event(caller, "token.delete", "token/\(id)", .success, "name=\(t.name)"))
        }
        guard let event else { return false }
        context.events.publish(event)
        return true
    }

    /// The caller behind bearer `secret` (`token:<name>` with its user's role); `.unauthorized`
    /// when unknown.
    public func verifyToken(_ secret: String) async throws -> Caller {
        guard secret.hasPrefix(Self.tokenPrefix), secret.count <= 128 else { throw ServiceError.unauthorized }
        let hash = try SecretMaker.hash(secret)
        let now = context.now
        let found: (APIToken, User)? = try await context.read { tx in
            guard let t = try tx.token(hash: hash), let user = try tx.user(id: t.userID) else { return nil }
            return (t, user)
        }
        guard let (token, user) = found else { throw ServiceError.unauthorized }
        // lastUsedAt is informational; refresh it at most once a minute to spare the one writer.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await context.write { tx in try tx.touchToken(id: token.id, at: now) }
        }
        return Caller(name: "token:\(token.name)", role: user.role, userID: user.id)
    }
}
