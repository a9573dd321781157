import Domain
import Foundation
import GRDB

/// A login session as stored: the SHA-256 of its id (the cookie value is never stored).
public struct StoredSession: Sendable, Hashable {
    public var idHash: String
    public var userID: Int64
    public var csrfToken: String
    public var remote: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(idHash: String, userID: Int64, csrfToken: String, remote: String, createdAt: Date, expiresAt: Date) {
        self.idHash = idHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.remote = remote
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension StoreTx {
    public func insertSession(_ s: StoredSession) throws {
        try db.execute(sql: "INSERT INTO sessions (idHash, userId, csrfToken, remote, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [s.idHash, s.userID, s.csrfToken, s.remote, s.createdAt, s.expiresAt])
    }

    public func session(idHash: String) throws -> StoredSession? {
        try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE idHash = ?", arguments: [idHash]).map { row in
            StoredSession(idHash: try row.value("idHash"), userID: try row.value("userId"), csrfToken: try row.value("csrfToken"),
                          remote: try row.value("remote"), createdAt: try row.value("createdAt"), expiresAt: try row.value("expiresAt"))
        }
    }

    public func extendSession(idHash: String, until expiry: Date) throws {
        try db.execute(sql: "UPDATE sessions SET expiresAt = ? WHERE idHash = ?", arguments: [expiry, idHash])
    }

    @discardableResult
    public func deleteSession(idHash: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM sessions WHERE idHash = ?", arguments: [idHash])
        return db.changesCount > 0
    }

    /// Ends every session of `userID` (after a password change or role change).
    public func deleteSessions(userID: Int64, except keep: String? = nil) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE userId = ? AND idHash IS NOT ?", arguments: [userID, keep])
    }

    /// Removes sessions that expired before `now`.
    public func deleteExpiredSessions(now: Date) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE expiresAt < ?", arguments: [now])
    }
}
