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
