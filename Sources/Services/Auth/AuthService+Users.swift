import Domain
import Foundation
import Store

extension AuthService {
    /// Every user, by name (password hashes included: doors must not show them).
    public func users() async throws -> [User] {
        try await context.read { tx in try tx.allUsers() }
    }

    public func user(id: Int64) async throws -> User {
        guard let u = try await context.read({ tx in try tx.user(id: id) }) else { throw ServiceError.notFound(.userNotFound, "user \(id)") }
        return u
    }

    /// Creates a user; `username`, `password` and `role` are required.
    public func createUser(_ input: UserInput, by caller: Caller) async throws -> User {
        try authorize(caller, needs: .admin)
        var errors = FieldErrorsBox()
        let name = errors.check("username") { try Validate.username(input.username ?? "") }
        let role = Self.parseRole(input.role, errors: &errors, required: true)
        if let p = input.password { Self.checkPassword(p, field: "password", errors: &errors) } else { errors.add("password", "password is required") }
        let now = context.now
        return try await context.audited(caller, "user.create", "user") {
            try errors.throwIfAny()
            let hash = try hashPassword(input.password ?? "")
            let (user, event) = try await context.write { tx in
                guard let name, let role else { throw ServiceError.internal("unreachable") }
                if try tx.user(named: name) != nil { throw ServiceError.conflict(.userNameTaken, "a user named \(Validate.shown(name)) already exists") }
                let u = try tx.insertUser(User(username: name, role: role, passwordHash: hash, createdAt: now))
                return (u, try tx.insertEvent(context.event(caller, "user.create", "user/\(u.id)", .success, "username=\(name) role=\(role.rawValue)")))
            }
            context.events.publish(event)
            return user
        }
    }

    /// Changes role and/or password (and/or name) of user `id`. The last admin cannot lose the role.
    public func updateUser(id: Int64, _ input: UserInput, by caller: Caller) async throws -> User {
        try authorize(caller, needs: .admin)
        var errors = FieldErrorsBox()
        let name: String? = input.username.flatMap { n in errors.check("username") { try Validate.username(n) } }
        let role = Self.parseRole(input.role, errors: &errors, required: false)
        if let p = input.password { Self.checkPassword(p, field: "password", errors: &errors) }
        return try await context.audited(caller, "user.update", "user/\(id)") {
            try errors.throwIfAny()
            let hash = try input.password.map { try hashPassword($0) }
            let (user, event) = try await context.write { tx in
                guard var u = try tx.user(id: id) else { throw ServiceError.notFound(.userNotFound, "user \(id)") }
                if let role, role != .admin, u.role == .admin, try tx.userCount(role: .admin) <= 1 {
                    throw ServiceError.conflict(.userLastAdmin, "\(u.username) is the last admin and must stay admin")
                }
                if let name, let other = try tx.user(named: name), other.id != id {
                    throw ServiceError.conflict(.userNameTaken, "a user named \(Validate.shown(name)) already exists")
                }
                u.username = name ?? u.username
                u.role = role ?? u.role
                if let hash {
                    u.passwordHash = hash
                    try tx.deleteSessions(userID: id)
                }
                try tx.updateUser(u)
                var detail = "username=\(u.username) role=\(u.role.rawValue)"
                if hash != nil { detail += " password changed" }
                return (u, try tx.insertEvent(context.event(caller, "user.update", "user/\(id)", .success, detail)))
            }
            context.events.publish(event)
            return user
        }
    }

    /// Deletes user `id` with its sessions and tokens; the last admin cannot be deleted.
    @discardableResult
    public func deleteUser(id: Int64, by caller: Caller) async throws -> Bool {
        try authorize(caller, needs: .admin)
        return try await context.audited(caller, "user.delete", "user/\(id)") {
            let event: Event? = try await context.write { tx in
                guard let u = try tx.user(id: id) else { return nil }
                if u.role == .admin, try tx.userCount(role: .admin) <= 1 {
                    throw ServiceError.conflict(.userLastAdmin, "\(u.username) is the last admin and cannot be deleted")
                }
                try tx.deleteUser(id: id)
                return try tx.insertEvent(context.event(caller, "user.delete", "user/\(id)", .success, "username=\(u.username)"))
            }
            guard let event else { return false }
            context.events.publish(event)
            return true
        }
    }

    /// Sets `username`'s password, creating the user as admin when missing (the CLI's way back in).
    public func setPassword(username: String, password: String) async throws {
        var errors = FieldErrorsBox()
        let name = errors.check("username") { try Validate.username(username) }
        Self.checkPassword(password, field: "password", errors: &errors)
        try errors.throwIfAny()
        let hash = try hashPassword(password)
        let now = context.now
        let event: Event = try await context.write { tx in
            guard let name else { throw ServiceError.internal("unreachable") }
            if var u = try tx.user(named: name) {
                u.passwordHash = hash
                try tx.updateUser(u)
                try tx.deleteSessions(userID: u.id)
                return try tx.insertEvent(context.event(.system, "user.password", "user/\(u.id)", .success, "set from the command line"))
            }
            let u = try tx.insertUser(User(username: name, role: .admin, passwordHash: hash, createdAt: now))
            return try tx.insertEvent(context.event(.system, "user.create", "user/\(u.id)", .success, "created from the command line as admin"))
        }
        context.events.publish(event)
    }

    /// Changes the caller's own password after checking the current one; ends their other sessions.
    public func changePassword(of caller: Caller, current: String, new: String, keepSession sessionID: String? = nil) async throws {
        guard let userID = caller.userID else { throw ServiceError.forbidden("\(caller.name) has no password") }
        var errors = FieldErrorsBox()
        Self.checkPassword(new, field: "newPassword", errors: &errors)
        try await context.audited(caller, "user.password", "user/\(userID)") {
            // Each check of the current password counts, like a login (per user).
            let key = passwordChanges.key(username: "#\(userID)", remote: "password-change")
            if let seconds = passwordChanges.attempt(key, now: context.now) {
                throw ServiceError.rateLimited(retryAfterSeconds: seconds)
            }
            guard let user = try await context.read({ tx in try tx.user(id: userID) }) else { throw ServiceError.unauthorized }
            guard try verify(current, against: user.passwordHash) else {
                throw ServiceError.invalid("currentPassword", "the current password is wrong")
            }
            passwordChanges.succeeded(key)
            try errors.throwIfAny()
            let hash = try hashPassword(new)
            let keep = try sessionID.map { try SecretMaker.hash($0) }
            let event: Event = try await context.write { tx in
                guard var u = try tx.user(id: userID) else { throw ServiceError.unauthorized }
                u.passwordHash = hash
                try tx.updateUser(u)
                try tx.deleteSessions(userID: userID, except: keep)
                return try tx.insertEvent(context.event(caller, "user.password", "user/\(userID)", .success, "own password changed"))
            }
            context.events.publish(event)
        }
    }

    static func parseRole(_ text: String?, errors: inout FieldErrorsBox, required: Bool) -> UserRole? {
        guard let text else {
            if required { errors.add("role", "role is required") }
            return nil
        }
        guard let role = UserRole(rawValue: text) else {
            errors.add("role", "role must be admin, operator or viewer")
            return nil
        }
        return role
    }
}
