import Foundation

/// Counts failed logins per username + address in a sliding window. In memory: a restart
/// forgets the counts, which only ever gives an attacker `max` more guesses.
final class LoginRateLimiter: Sendable {
    let max: Int
    let window: TimeInterval
    private let failures = Locked<[String: [Date]]>([:])

    init(max: Int, window: TimeInterval) {
        self.max = max
        self.window = window
    }

    static func key(username: String, remote: String) -> String { username.lowercased() + "|" + remote }

    /// Seconds until the next attempt is allowed, or nil when it is allowed now.
    func retryAfter(_ key: String, now: Date) -> Int? {
        failures.withLock { all in
            let recent = (all[key] ?? []).filter { now.timeIntervalSince($0) < window }
            all[key] = recent.isEmpty ? nil : recent
            guard recent.count >= max, let oldest = recent.first else { return nil }
            return Swift.max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    func recordFailure(_ key: String, now: Date) {
        failures.withLock { all in
            // Bound memory: a flood of distinct keys drops the oldest entries wholesale.
            if all.count > 10_000 { all.removeAll() }
            all[key, default: []].append(now)
        }
    }

    func reset(_ key: String) { failures.withLock { _ = $0.removeValue(forKey: key) } }
}
