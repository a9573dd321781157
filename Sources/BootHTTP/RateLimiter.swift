import Foundation

/// A token bucket per client address: each address may make `burst` requests at once and
/// `perSecond` more every second. The boot endpoints have no authentication, so this keeps one
/// misbehaving client (or a loop in a script) from starving the others, while every other
/// address keeps its own full bucket (500 PCs booting at once never share one).
///
/// Memory is bounded: at most `capacity` addresses are tracked, in a fixed table ordered by last
/// use. A new address beyond it takes the slot of the least recently seen one (one at a time;
/// never a wholesale clear, which would hand a hammering client a fresh bucket). An evicted
/// address that comes back starts with a full bucket, which it could have refilled anyway while
/// `capacity` other addresses were being served.
///
/// A class behind a lock, not an actor: the boot fast path asks it on an event loop, and on the
/// slow path an actor cost an executor hop per request. The critical section is a dictionary
/// lookup and a few stores.
public final class RateLimiter: @unchecked Sendable {
    /// One tracked address, linked into the last-use order by slot index (-1 = none).
    private struct Slot {
        var client: String
        var tokens: Double
        var updated: Date
        var newer: Int
        var older: Int
    }

    private let burst: Double
    private let perSecond: Double
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    /// Addresses tracked at most.
    public let capacity: Int
    private var slots: [Slot] = []
    private var index: [String: Int] = [:]
    /// Most and least recently used slot (-1 when empty).
    private var newest = -1
    private var oldest = -1
    /// Addresses dropped to make room, since start (for tests and metrics).
    private var evicted = 0

    /// - Parameters:
    ///   - burst: requests allowed back to back.
    ///   - perSecond: sustained requests per second.
    ///   - capacity: addresses tracked at most (default 4096: a café's PCs many times over).
    ///   - now: the clock (tests pass their own).
    public init(burst: Int = 120, perSecond: Double = 20, capacity: Int = 4096,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.burst = Double(max(1, burst))
        self.perSecond = max(0, perSecond)
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// Takes one token for `client` (at most 64 characters are kept); false when it has none left
    /// (answer 429).
    public func allow(_ client: String) -> Bool {
        let client = String(client.prefix(64))
        let t = now()
        lock.lock()
        defer { lock.unlock() }
        let i = slot(for: client, at: t)
        var s = slots[i]
        s.tokens = min(burst, s.tokens + max(0, t.timeIntervalSince(s.updated)) * perSecond)
        s.updated = t
        let allowed = s.tokens >= 1
        if allowed { s.tokens -= 1 }
        slots[i] = s
        return allowed
    }

    /// Addresses tracked right now (never more than `capacity`).
    public var count: Int { locked { index.count } }

    /// Addresses dropped to make room, since start (for tests and metrics).
    public var evictions: Int { locked { evicted } }

    /// Whether `client` is tracked (has a bucket) right now.
    public func tracks(_ client: String) -> Bool { locked { index[String(client.prefix(64))] != nil } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// The slot of `client`, made the most recently used; a new one starts with a full bucket.
    private func slot(for client: String, at t: Date) -> Int {
        if let i = index[client] {
            unlink(i)
            pushNewest(i)
            return i
        }
        let fresh = Slot(client: client, tokens: burst, updated: t, newer: -1, older: -1)
        let i: Int
        if slots.count < capacity {
            i = slots.count
            slots.append(fresh)
        } else {
            i = oldest
            unlink(i)
            index.removeValue(forKey: slots[i].client)
            evicted += 1
            slots[i] = fresh
        }
        index[client] = i
        pushNewest(i)
        return i
    }

    private func unlink(_ i: Int) {
        let (newer, older) = (slots[i].newer, slots[i].older)
        if newer >= 0 { slots[newer].older = older } else { newest = older }
        if older >= 0 { slots[older].newer = newer } else { oldest = newer }
        slots[i].newer = -1
        slots[i].older = -1
    }

    private func pushNewest(_ i: Int) {
        slots[i].older = newest
        slots[i].newer = -1
        if newest >= 0 { slots[newest].newer = i }
        newest = i
        if oldest < 0 { oldest = i }
    }
}
