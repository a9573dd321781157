import BootHTTP
import Foundation
import Testing

@Suite struct RateLimiterTests {
    /// A clock the test moves by hand.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Date(timeIntervalSince1970: 1_000_000)
        var now: Date { lock.withLock { value } }
        func advance(_ s: TimeInterval) { lock.withLock { value += s } }
    }

    @Test func aClientOverItsBurstIsRefusedUntilTokensRefill() async {
        let clock = Clock()
        let limiter = RateLimiter(burst: 3, perSecond: 1, now: { clock.now })
        for _ in 0..<3 { #expect(await limiter.allow("10.0.0.5")) }
        #expect(await limiter.allow("10.0.0.5") == false)
        #expect(await limiter.allow("10.0.0.6"), "another client has its own bucket")
        clock.advance(1)
        #expect(await limiter.allow("10.0.0.5"))
        #expect(await limiter.allow("10.0.0.5") == false)
    }
}

@Suite struct RateLimiterTableTests {
    @Test func theTableNeverHoldsMoreThanItsCapacity() async {
        let limiter = RateLimiter(burst: 5, perSecond: 0, capacity: 100)
        for i in 0..<1000 { #expect(await limiter.allow("10.0.\(i / 256).\(i % 256)")) }
        #expect(await limiter.count == 100)
        #expect(await limiter.evictions == 900)
    }

    @Test func theLeastRecentlySeenAddressMakesRoomOneAtATime() async {
        let limiter = RateLimiter(burst: 2, perSecond: 0, capacity: 3)
        for c in ["a", "b", "c"] { _ = await limiter.allow(c) }
        _ = await limiter.allow("a")  // a is now the most recent; b the oldest
        _ = await limiter.allow("d")
        #expect(await tracked(limiter, ["a", "b", "c", "d", "e"]) == ["a", "c", "d"])
        #expect(await limiter.evictions == 1)
        _ = await limiter.allow("e")  // c was the oldest now
        #expect(await tracked(limiter, ["a", "b", "c", "d", "e"]) == ["a", "d", "e"])
    }

    func tracked(_ limiter: RateLimiter, _ names: [String]) async -> [String] {
        var out: [String] = []
        for n in names where await limiter.tracks(n) { out.append(n) }
        return out
    }

    @Test func aHammeringClientStaysLimitedWhileManyOthersAreServed() async {
        let limiter = RateLimiter(burst: 120, perSecond: 0, capacity: 4096)
        var hammer = 0
        for _ in 0..<1000 where await limiter.allow("10.9.9.9") { hammer += 1 }
        #expect(hammer == 120)
        // 500 PCs, a handful of requests each, interleaved with the hammer: none is refused,
        // and the hammer (still in the table) gets nothing more.
        for round in 0..<5 {
            for pc in 0..<500 { #expect(await limiter.allow("10.1.\(pc / 256).\(pc % 256)"), "round \(round) pc \(pc)") }
            #expect(await limiter.allow("10.9.9.9") == false)
        }
        #expect(await limiter.count == 501)
    }

    @Test func longClientKeysAreCapped() async {
        let limiter = RateLimiter(burst: 1, perSecond: 0, capacity: 8)
        let long = String(repeating: "x", count: 100_000)
        #expect(await limiter.allow(long))
        #expect(await limiter.allow(long + "y") == false, "the first 64 characters name the client")
    }
}
