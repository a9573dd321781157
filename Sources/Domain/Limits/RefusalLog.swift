import Foundation

/// Decides whether a refusal is worth a log line: at most one per source per `interval`, so a
/// flood from one address writes one line a minute, not one per packet. Holds at most
/// `capacity` sources; beyond that the one logged longest ago is forgotten (one at a time).
/// Not thread-safe: the owner keeps it behind its lock or on its event loop.
public struct RefusalLog: Sendable {
    public let interval: TimeInterval
    public let capacity: Int
    private var lastLogged: [String: Date] = [:]

    public init(interval: TimeInterval = 60, capacity: Int = 1024) {
        self.interval = interval
        self.capacity = max(1, capacity)
    }

    /// True when a refusal for `source` should be logged now (and remembers that it was).
    public mutating func shouldLog(_ source: String, now: Date = Date()) -> Bool {
        if let last = lastLogged[source], now.timeIntervalSince(last) < interval { return false }
        if lastLogged[source] == nil, lastLogged.count >= capacity {
            lastLogged = lastLogged.filter { now.timeIntervalSince($0.value) < interval }
            if lastLogged.count >= capacity, let oldest = lastLogged.min(by: { $0.value < $1.value }) {
                lastLogged.removeValue(forKey: oldest.key)
            }
        }
        lastLogged[source] = now
        return true
    }

    /// Sources remembered right now.
    public var count: Int { lastLogged.count }
}
