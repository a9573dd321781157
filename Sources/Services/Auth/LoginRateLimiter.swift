import Domain
import Foundation

/// Counts login attempts per username + client address in a sliding window. In memory: a
/// restart forgets the counts, which only ever gives an attacker `max` more guesses.
///
/// - Atomic: `attempt` checks and counts under one lock before the password is verified, so
///   40 concurrent guesses get `max` tries, not 40; a success forgets the key again.
/// - Bounded: a fixed-size table keyed by a hash of the (length-capped) username and the
///   address; when full, the least recently used key makes room (never a wholesale clear, which
///   would hand every attacker fresh guesses).
final class LoginRateLimiter: Sendable {
    let max: Int
    let window: TimeInterval
    let capacity: Int
    private let table: Locked<[UInt64: Entry]>
    /// Per-process random seed: keys cannot be precomputed to collide.
    private let seed: UInt64

    struct Entry {
        /// Attempts within the window, oldest first (at most `max`).
        var attempts: [Date]
        var lastUsed: Date
    }

    /// Usernames are capped at this many characters before hashing (a 1 MiB name costs no memory).
    static let keyedNameLength = 256

    init(max: Int, window: TimeInterval, capacity: Int = 10_000) {
        self.max = Swift.max(1, max)
        self.window = window
        self.capacity = Swift.max(1, capacity)
        self.table = Locked([:])
        self.seed = UInt64.random(in: .min ... .max)
    }

    /// The table key for `username` (case-insensitive, capped) from `remote`.
    func key(username: String, remote: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(seed)
        hasher.combine(String(username.prefix(Self.keyedNameLength)).lowercased())
        hasher.combine(String(remote.prefix(64)))
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// Counts one attempt for `key`, or returns the seconds until one is allowed again.
    func attempt(_ key: UInt64, now: Date) -> Int? {
        table.withLock { all in
            var entry = all[key] ?? Entry(attempts: [], lastUsed: now)
            entry.attempts.removeAll { now.timeIntervalSince($0) >= window }
            entry.lastUsed = now
            if entry.attempts.count >= max, let oldest = entry.attempts.first {
                all[key] = entry
                return Swift.max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            entry.attempts.append(now)
            if all[key] == nil, all.count >= capacity { evictLeastRecentlyUsed(&all, now: now) }
            all[key] = entry
            return nil
        }
    }

    /// The attempt succeeded: the key starts afresh.
    func succeeded(_ key: UInt64) { table.withLock { _ = $0.removeValue(forKey: key) } }

    /// Keys held (at most `capacity`).
    var count: Int { table.withLock { $0.count } }

    /// Drops the entry used longest ago (one; expired entries first go all at once, since
    /// they hold nothing an attacker could reuse).
    private func evictLeastRecentlyUsed(_ all: inout [UInt64: Entry], now: Date) {
        all = all.filter { now.timeIntervalSince($0.value.lastUsed) < window }
        guard all.count >= capacity, let oldest = all.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return }
        all.removeValue(forKey: oldest.key)
    }
}
