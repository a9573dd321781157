import Domain
import Foundation
import Logging
import Secrets
import Store

/// Users, console sessions, API tokens and role checks.
public struct AuthService: Sendable {
    let context: ServiceContext
    let hasher: PasswordHasher
    let limiter: LoginRateLimiter
    /// Own-password changes per user: a stolen session cannot brute-force the current password.
    let passwordChanges: LoginRateLimiter
    let refusals = Locked(RefusalLog())
    /// Verified against when the user does not exist, so timing does not tell which names exist.
    let dummyHash: String

    init(context: ServiceContext) {
        self.context = context
        self.hasher = PasswordHasher(parameters: context.config.passwordCost == .testing ? .testing : .standard)
        self.limiter = LoginRateLimiter(max: context.config.maxFailedLogins, window: context.config.loginWindow)
        self.passwordChanges = LoginRateLimiter(max: context.config.maxFailedLogins, window: context.config.loginWindow)
        self.dummyHash = (try? hasher.hash("disklessd-dummy")) ?? "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    }

    static let minimumPasswordLength = 8

    /// On first start (no users at all) creates `admin` with a random password and returns it so
    /// the app can log it once. Returns nil when users exist.
    public func bootstrap() async throws -> String? {
        let password = try SecretMaker.password()
        let hash = try hashPassword(password)
        let now = context.now
        let created: Event? = try await context.write { tx in
            guard try tx.userCount() == 0 else { return nil }
            let u = try tx.insertUser(User(username: "admin", role: .admin, passwordHash: hash, createdAt: now))
            return try tx.insertEvent(context.event(.system, "user.create", "user/\(u.id)", .success, "first start: admin created"))
        }
        guard let created else { return nil }
        context.events.publish(created)
        return password
    }

    /// Checks `caller` has at least `role`; `.forbidden` otherwise.
    public func authorize(_ caller: Caller, needs role: UserRole) throws {
        guard caller.role.includes(role) else {
            throw ServiceError.forbidden("\(caller.name) is \(caller.role.rawValue); this needs \(role.rawValue)")
        }
    }

    // MARK: - sessions

    /// Checks `password` and opens a session. Wrong credentials are `.unauthorized` (the same
    /// for unknown users), logged as failure events; too many failures for this username and
    /// address within the window are `.rateLimited`.
    public func login(username: String, password: String, remote: String) async throws -> AuthSession {
        let now = context.now
        let remote = String(remote.prefix(64))
        let key = limiter.key(username: username, remote: remote)
        let shownName = (try? Validate.username(username)) ?? "invalid-name"
        // Counted before the (slow) password check, atomically: concurrent guesses cannot all
        // pass the check first and be counted later.
        if let seconds = limiter.attempt(key, now: now) {
            // A flood of refused guesses leaves one log line and one event per address a minute.
            if refusals.withLock({ $0.shouldLog(remote, now: now) }) {
                context.config.logger.warning("login rate limited (logged once a minute per address)",
                                              metadata: ["user": "\(shownName)", "remote": "\(remote)"])
                await context.events.recordQuietly(context.event(Caller(name: shownName, role: .viewer), "session.login",
                                                                 "user/\(shownName)", .failure, "rate limited from \(remote)"))
            }
            throw ServiceError.rateLimited(retryAfterSeconds: seconds)
        }
        let user = try await context.read { tx in try tx.user(named: username) }
        let ok = try verify(password, against: user?.passwordHash ?? dummyHash) && user != nil
        guard ok, let user else {
            await context.events.recordQuietly(context.event(Caller(name: shownName, role: .viewer), "session.login", "user/\(shownName)",
                                                             .failure, "wrong user name or password from \(remote)"))
            throw ServiceError.unauthorized
        }
        limiter.succeeded(key)
        let id = try SecretMaker.token()
        let stored = StoredSession(idHash: try SecretMaker.hash(id), userID: user.id, csrfToken: try SecretMaker.token(),
                                   remote: remote, createdAt: now, expiresAt: now.addingTimeInterval(context.config.sessionLifetime))
        let event: Event = try await context.write { tx in
            try tx.deleteExpiredSessions(now: now)
            try tx.insertSession(stored)
            return try tx.insertEvent(context.event(Caller(name: user.username, role: user.role), "session.login", "user/\(user.id)",
                                                    .success, "from \(remote)"))
        }
        context.events.publish(event)
        return AuthSession(id: id, userID: user.id, username: user.username, role: user.role, csrfToken: stored.csrfToken,
                           expiresAt: stored.expiresAt)
    }

    /// The live session for cookie value `id`, its expiry slid forward; `.unauthorized` when
    /// unknown or expired.
    public func session(id: String) async throws -> AuthSession {
        guard !id.isEmpty, id.count <= 128 else { throw ServiceError.unauthorized }
        let hash = try SecretMaker.hash(id)
        let now = context.now
        let lifetime = context.config.sessionLifetime
        let stored: (StoredSession, User)?? = try await context.read { tx in
            guard let s = try tx.session(idHash: hash) else { return nil }
            guard s.expiresAt > now, let user = try tx.user(id: s.userID) else { return .some(nil) }
            return (s, user)
        }
        guard let stored else { throw ServiceError.unauthorized }
        guard let (session, user) = stored else {
            _ = try? await context.write { tx in try tx.deleteSession(idHash: hash) }
            throw ServiceError.unauthorized
        }
        // Slide the expiry, but write at most once a minute per session: every API call reads
        // the session, and the database has one writer.
        var expiry = session.expiresAt
        if now.addingTimeInterval(lifetime).timeIntervalSince(session.expiresAt) >= 60 {
            let slid = now.addingTimeInterval(lifetime)
            try await context.write { tx in try tx.extendSession(idHash: hash, until: slid) }
            expiry = slid
        }
        return AuthSession(id: id, userID: user.id, username: user.username, role: user.role, csrfToken: session.csrfToken,
                           expiresAt: expiry)
    }

    /// Ends session `id`. Idempotent.
    public func logout(id: String) async throws {
        let hash = try SecretMaker.hash(id)
        let event: Event? = try await context.write { tx in
            guard let s = try tx.session(idHash: hash) else { return nil }
            try tx.deleteSession(idHash: hash)
            let name = try tx.user(id: s.userID)?.username ?? "user/\(s.userID)"
            return try tx.insertEvent(context.event(Caller(name: name, role: .viewer), "session.logout", "user/\(s.userID)"))
        }
        if let event { context.events.publish(event) }
    }

    /// The address a request is counted and logged under: the socket peer, or the client a
    /// trusted proxy (settings.http.trustedProxies) names in `X-Forwarded-For`.
    public func clientAddress(peer: String, forwardedFor: String?) async -> String {
        guard forwardedFor != nil, let settings = try? await context.read({ tx in try tx.settings() }) else {
            return String(peer.prefix(64))
        }
        return ForwardedClient.resolve(peer: peer, forwardedFor: forwardedFor, trusted: settings.http.trustedProxies)
    }

    // MARK: - passwords

    func hashPassword(_ password: String) throws -> String {
        do { return try hasher.hash(password) } catch { throw ServiceError.internal("password hashing failed") }
    }

    func verify(_ password: String, against hash: String) throws -> Bool {
        do { return try hasher.verify(password, against: hash) } catch { return false }
    }

    static func checkPassword(_ password: String, field: String, errors: inout FieldErrorsBox) {
        if password.count < minimumPasswordLength {
            errors.add(field, "password must be at least \(minimumPasswordLength) characters")
        } else if password.count > 1024 {
            errors.add(field, "password must be at most 1024 characters")
        } else if Validate.hasControlCharacters(password) {
            errors.add(field, "password must not contain control characters")
        }
    }
}
