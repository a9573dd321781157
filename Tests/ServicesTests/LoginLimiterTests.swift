import Domain
import Foundation
@testable import Services
import Testing

@Suite struct LoginLimiterTests {
    @Test func concurrentAttemptsAreCountedAtomically() async {
        let limiter = LoginRateLimiter(max: 5, window: 300)
        let key = limiter.key(username: "admin", remote: "10.0.0.9")
        let now = Date()
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { limiter.attempt(key, now: now) == nil } }
            var n = 0
            for await ok in group where ok { n += 1 }
            return n
        }
        #expect(allowed == 5)
    }

    @Test func fortyConcurrentWrongLoginsAreMostlyRateLimited() async throws {
        let s = try ServiceContainer.temporary()
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let outcomes = await withTaskGroup(of: ServiceError?.self) { group in
            for _ in 0..<40 {
                group.addTask { await thrownError { _ = try await s.auth.login(username: "alice", password: "nope-nope", remote: "10.0.0.9") } }
            }
            var all: [ServiceError?] = []
            for await o in group { all.append(o) }
            return all
        }
        let unauthorized = outcomes.filter { $0 == .unauthorized }.count
        let limited = outcomes.filter { if case .rateLimited = $0 { true } else { false } }.count
        #expect(unauthorized == 5)
        #expect(limited == 35)
        // The flood left one "rate limited" event, not 35.
        let events = try await s.events.list(action: "session.login", outcome: "failure")
        #expect(events.items.filter { $0.detail.contains("rate limited") }.count == 1)
    }

    @Test func hugeUsernamesShareOneBoundedKey() {
        let limiter = LoginRateLimiter(max: 5, window: 300, capacity: 100)
        let huge = String(repeating: "x", count: 1 << 20)
        #expect(limiter.key(username: huge, remote: "a") == limiter.key(username: huge + "y", remote: "a"),
                "names are capped before hashing")
        #expect(limiter.key(username: "Admin", remote: "a") == limiter.key(username: "admin", remote: "a"))
        #expect(limiter.key(username: "admin", remote: "a") != limiter.key(username: "admin", remote: "b"))
    }

    @Test func aFullTableEvictsOneKeyNotAll() {
        let limiter = LoginRateLimiter(max: 2, window: 300, capacity: 10)
        let t0 = Date()
        for i in 0..<10 {
            let k = limiter.key(username: "user\(i)", remote: "r")
            _ = limiter.attempt(k, now: t0.addingTimeInterval(Double(i)))
            _ = limiter.attempt(k, now: t0.addingTimeInterval(Double(i)))
        }
        #expect(limiter.count == 10)
        _ = limiter.attempt(limiter.key(username: "newcomer", remote: "r"), now: t0.addingTimeInterval(20))
        #expect(limiter.count == 10)
        // user0 (least recently used) made room; user1…user9 are still locked out.
        for i in 1..<10 {
            #expect(limiter.attempt(limiter.key(username: "user\(i)", remote: "r"), now: t0.addingTimeInterval(21)) != nil)
        }
        #expect(limiter.attempt(limiter.key(username: "user0", remote: "r"), now: t0.addingTimeInterval(22)) == nil)
    }

    @Test func successForgetsTheKey() {
        let limiter = LoginRateLimiter(max: 2, window: 300)
        let k = limiter.key(username: "alice", remote: "r")
        _ = limiter.attempt(k, now: Date())
        limiter.succeeded(k)
        #expect(limiter.count == 0)
    }

    @Test func ownPasswordChangeIsRateLimited() async throws {
        let s = try ServiceContainer.temporary()
        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let login = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r")
        let caller = Caller(name: "alice", role: .admin, userID: login.userID)
        for _ in 0..<5 {
            let e = await thrownError { try await s.auth.changePassword(of: caller, current: "guess-guess", new: "n3w-password") }
            #expect(e != nil)
            if case .rateLimited = e { Issue.record("limited too early") }
        }
        let limited = await thrownError { try await s.auth.changePassword(of: caller, current: "s3cret-pass", new: "n3w-password") }
        guard case .rateLimited = limited else { Issue.record("expected 429, got \(String(describing: limited))"); return }
    }

    @Test func clientAddressTrustsForwardedForOnlyFromConfiguredProxies() async throws {
        let s = try ServiceContainer.temporary()
        #expect(await s.auth.clientAddress(peer: "10.0.0.1", forwardedFor: "192.168.1.50") == "10.0.0.1")
        var settings = try await s.settings.get()
        settings.http.trustedProxies = [IPv4Address(10, 0, 0, 1)]
        _ = try await s.settings.update(settings, by: admin)
        #expect(await s.auth.clientAddress(peer: "10.0.0.1", forwardedFor: "192.168.1.50") == "192.168.1.50")
        #expect(await s.auth.clientAddress(peer: "10.0.0.7", forwardedFor: "192.168.1.50") == "10.0.0.7")
    }
}
