import Foundation

/// A token bucket per client address: each address may make `burst` requests at once and
/// `perSecond` more every second. The boot endpoints have no authentication, so this keeps one
/// misbehaving client (or a loop in a script) from starving the others.
public actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let burst: Double
    private let perSecond: Double
    private let now: @Sendable () -> Date
    private var buckets: [String: Bucket] = [:]
    /// Addresses tracked at most; idle (full) buckets are dropped beyond this.
    private let maxClients = 4096

    /// - Parameters:
    ///   - burst: requests allowed back to back.
    ///   - perSecond: sustained requests per second.
    ///   - now: the clock (tests pass their own).
    public init(burst: Int = 120, perSecond: Double = 20, now: @escaping @Sendable () -> Date = { Date() }) {
        self.burst = Double(max(1, burst))
        self.perSecond = max(0, perSecond)
        self.now = now
    }

    /// Takes one token for `client`; false when it has none left (answer 429).
    public func allow(_ client: String) -> Bool {
        let t = now()
        var bucket = buckets[client] ?? Bucket(tokens: burst, updated: t)
        bucket.tokens = min(burst, bucket.tokens + max(0, t.timeIntervalSince(bucket.updated)) * perSecond)
        bucket.updated = t
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[client] = bucket
        if buckets.count > maxClients { prune(at: t) }
        return allowed
    }

    private func prune(at t: Date) {
        buckets = buckets.filter { _, b in b.tokens + t.timeIntervalSince(b.updated) * perSecond < burst }
        if buckets.count > maxClients { buckets.removeAll() }
    }
}
