import Domain
import Foundation
import Services
import Testing

@Suite struct AuthServiceTests {
    @Test func bootstrapCreatesAdminOnce() async throws {
        let s = try ServiceContainer.temporary()
        let report = try await s.startUp()
        let password = try #require(report.adminPassword)
        #expect(password.count == 20)
        #expect(try await s.auth.bootstrap() == nil)
        let session = try await s.auth.login(username: "admin", password: password, remote: "127.0.0.1")
        #expect(session.role == .admin)
        #expect(!session.csrfToken.isEmpty)
        let events = try await s.events.list(action: "user.create")
        #expect(events.total == 1)
        #expect(!events.items.contains { $0.detail.contains(password) }, "never log a password")
    }

    @Test func wrongPasswordAndUnknownUserAreUnauthorizedAndLogged() async throws {
        let s = try ServiceContainer.temporary()
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        #expect(await thrownError { _ = try await s.auth.login(username: "alice", password: "wrong-pass", remote: "10.0.0.9") } == .unauthorized)
        #expect(await thrownError { _ = try await s.auth.login(username: "bob", password: "s3cret-pass", remote: "10.0.0.9") } == .unauthorized)
        let failures = try await s.events.list(action: "session.login", outcome: "failure")
        #expect(failures.total == 2)
        #expect(failures.items.allSatisfy { !$0.detail.contains("wrong-pass") })
    }

    @Test func failedLoginsAreRateLimitedPerUserAndAddress() async throws {
        let clock = TestClock()
        let s = try ServiceContainer.temporary(now: { clock.now })
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        for _ in 0..<5 {
            #expect(await thrownError { _ = try await s.auth.login(username: "alice", password: "nope-nope", remote: "10.0.0.9") } == .unauthorized)
        }
        let limited = await thrownError { _ = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "10.0.0.9") }
        guard case .rateLimited(let seconds) = limited else { Issue.record("expected 429, got \(String(describing: limited))"); return }
        #expect(seconds > 0 && seconds <= 300)
        // Another address is not blocked; after the window the first one is free again.
        _ = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "10.0.0.10")
        clock.advance(301)
        _ = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "10.0.0.9")
    }

    @Test func sessionsSlideAndExpire() async throws {
        let clock = TestClock()
        let s = try ServiceContainer.temporary(now: { clock.now })
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let login = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r")
        clock.advance(11 * 3600)
        let again = try await s.auth.session(id: login.id)
        #expect(again.username == "alice")
        #expect(again.csrfToken == login.csrfToken)
        clock.advance(11 * 3600)
        _ = try await s.auth.session(id: login.id) // still alive: the last use moved the expiry
        clock.advance(12 * 3600 + 1)
        #expect(await thrownError { _ = try await s.auth.session(id: login.id) } == .unauthorized)
        #expect(await thrownError { _ = try await s.auth.session(id: "forged") } == .unauthorized)
    }

    @Test func logoutEndsTheSession() async throws {
        let s = try ServiceContainer.temporary()
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let login = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r")
        try await s.auth.logout(id: login.id)
        try await s.auth.logout(id: login.id)
        #expect(await thrownError { _ = try await s.auth.session(id: login.id) } == .unauthorized)
    }

    @Test func tokensAreShownOnceStoredHashedAndVerify() async throws {
        let s = try ServiceContainer.temporary()
        let alice = try await s.auth.createUser(UserInput(username: "alice", password: "s3cret-pass", role: "operator"), by: admin)
        let caller = Caller(name: "alice", role: .operator_, userID: alice.id)
        let created = try await s.auth.createToken(name: "ci", by: caller)
        #expect(created.secret.hasPrefix("dlt_"))
        #expect(created.token.tokenHash != created.secret)
        #expect(created.token.tokenHash.count == 64)
        let verified = try await s.auth.verifyToken(created.secret)
        #expect(verified == Caller(name: "token:ci", role: .operator_, userID: alice.id))
        #expect(await thrownError { _ = try await s.auth.verifyToken(created.secret + "x") } == .unauthorized)
        #expect(try await s.auth.tokens(for: caller).map(\.name) == ["ci"])
        #expect(try await s.auth.deleteToken(id: created.token.id, by: caller))
        #expect(await thrownError { _ = try await s.auth.verifyToken(created.secret) } == .unauthorized)
    }

    @Test func rolesAreEnforcedAndTheLastAdminStays() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.startUp()
        let viewer = Caller(name: "v", role: .viewer, userID: 99)
        #expect(throws: ServiceError.self) { try s.auth.authorize(viewer, needs: .operator_) }
        try s.auth.authorize(admin, needs: .operator_)
        let e = await thrownError { _ = try await s.auth.createUser(UserInput(username: "x", password: "longenough", role: "admin"), by: viewer) }
        guard case .forbidden = e else { Issue.record("expected 403, got \(String(describing: e))"); return }
        let users = try await s.auth.users()
        let adminUser = try #require(users.first { $0.username == "admin" })
        guard case .conflict = await thrownError({ try await s.auth.deleteUser(id: adminUser.id, by: admin) }) else {
            Issue.record("deleting the last admin must be a conflict"); return
        }
        guard case .conflict = await thrownError({ _ = try await s.auth.updateUser(id: adminUser.id, UserInput(role: "viewer"), by: admin) }) else {
            Issue.record("demoting the last admin must be a conflict"); return
        }
        let second = try await s.auth.createUser(UserInput(username: "root2", password: "longenough", role: "admin"), by: admin)
        #expect(try await s.auth.deleteUser(id: adminUser.id, by: admin))
        #expect(try await s.auth.users().map(\.username) == [second.username])
    }

    @Test func userInputIsValidated() async throws {
        let s = try ServiceContainer.temporary()
        let fields = await invalidFields { _ = try await s.auth.createUser(UserInput(username: "a b", password: "short", role: "root"), by: admin) }
        #expect(Set(fields) == ["username", "password", "role"])
    }

    @Test func changingOwnPasswordNeedsTheCurrentOne() async throws {
        let s = try ServiceContainer.temporary()
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let login = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r")
        let other = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r2")
        #expect(await invalidFields { try await s.auth.changePassword(of: login.caller, current: "bad-guess", new: "n3w-password") } == ["currentPassword"])
        try await s.auth.changePassword(of: login.caller, current: "s3cret-pass", new: "n3w-password", keepSession: login.id)
        _ = try await s.auth.session(id: login.id)
        #expect(await thrownError { _ = try await s.auth.session(id: other.id) } == .unauthorized)
        _ = try await s.auth.login(username: "alice", password: "n3w-password", remote: "r")
    }
}
