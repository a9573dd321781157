import Domain
import Foundation
import GRDB

extension StoreTx {
    /// Every user, by name.
    public func allUsers() throws -> [User] {
        try users(where: "1", [])
    }

    public func user(id: Int64) throws -> User? {
        try users(where: "id = ?", [id]).first
    }

    /// The user named `username` (case-insensitive), or nil.
    public func user(named username: String) throws -> User? {
        try users(where: "username = ?", [username]).first
    }

    /// Number of users with `role`.
    public func userCount(role: UserRole? = nil) throws -> Int {
        if let role {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = ?", arguments: [role.rawValue]) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0
    }

    public func insertUser(_ user: User) throws -> User {
        try db.execute(sql: "INSERT INTO users (username, role, passwordHash, createdAt) VALUES (?, ?, ?, ?)",
                       arguments: [user.username, user.role.rawValue, user.passwordHash, user.createdAt])
        var stored = user
        stored.id = db.lastInsertedRowID
        return stored
    }

    @discardableResult
    public func updateUser(_ user: User) throws -> Bool {
        try db.execute(sql: "UPDATE users SET username = ?, role = ?, passwordHash = ? WHERE id = ?",
                       arguments: [user.username, user.role.rawValue, user.passwordHash, user.id])
        return db.changesCount > 0
    }

    /// Deletes user `id` with its tokens and sessions.
    @discardableResult
    public func deleteUser(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    private func users(where condition: String, _ args: Arguments) throws -> [User] {
        try Row.fetchAll(db, sql: "SELECT * FROM users WHERE \(condition) ORDER BY username COLLATE NOCASE",
                         arguments: StatementArguments(args)).map { row in
            User(id: try row.value("id"), username: try row.value("username"), role: try row.enumValue("role"),
                 passwordHash: try row.value("passwordHash"), createdAt: try row.value("createdAt"))
        }
    }

    // MARK: - API tokens

    public func insertToken(_ token: APIToken) throws -> APIToken {
        try db.execute(sql: "INSERT INTO api_tokens (name, userId, tokenHash, createdAt, lastUsedAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: [token.name, token.userID, token.tokenHash, token.createdAt, token.lastUsedAt])
        var stored = token
        stored.id = db.lastInsertedRowID
        return stored
    }

    /// Tokens of `userID`, or of everyone when nil.
    public func tokens(userID: Int64?) throws -> [APIToken] {
        let rows = if let userID {
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens WHERE userId = ? ORDER BY id", arguments: [userID])
        } else {
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY id")
        }
        return try rows.map(token(row:))
    }

    public func token(hash: String) throws -> APIToken? {
        try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE tokenHash = ?", arguments: [hash]).map(token(row:))
    }

    public func token(id: Int64) throws -> APIToken? {
        try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]).map(token(row:))
    }

    public func touchToken(id: Int64, at time: Date) throws {
        try db.execute(sql: "UPDATE api_tokens SET lastUsedAt = ? WHERE id = ?", arguments: [time, id])
    }

    @discardableResult
    public func deleteToken(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM api_tokens WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    private func token(row: Row) throws -> APIToken {
        APIToken(id: try row.value("id"), name: try row.value("name"), userID: try row.value("userId"),
                 tokenHash: try row.value("tokenHash"), createdAt: try row.value("createdAt"), lastUsedAt: row.optional("lastUsedAt"))
    }
}
