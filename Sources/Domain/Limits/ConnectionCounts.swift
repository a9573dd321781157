/// Open connections in total and per client address, against two caps. Pure bookkeeping: the
/// server asks `open` for every accepted connection and calls `close` when it ends. Memory is
/// bounded by the open connections (a client at zero is forgotten).
public struct ConnectionCounts: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        case accepted
        /// Every client together holds `maxTotal`: answer "busy" (HTTP 503).
        case overTotal
        /// This client holds `maxPerClient`: answer "too many" (HTTP 429).
        case overClient
    }

    public let maxTotal: Int
    public let maxPerClient: Int
    public private(set) var total = 0
    private var perClient: [String: Int] = [:]

    public init(maxTotal: Int, maxPerClient: Int) {
        self.maxTotal = max(1, maxTotal)
        self.maxPerClient = max(1, maxPerClient)
    }

    /// Counts a new connection from `client` when both caps allow it. `exempt` clients (a
    /// trusted reverse proxy speaks for many) skip the per-client cap, never the total.
    public mutating func open(_ client: String, exempt: Bool = false) -> Verdict {
        guard total < maxTotal else { return .overTotal }
        let held = perClient[client, default: 0]
        guard exempt || held < maxPerClient else { return .overClient }
        total += 1
        perClient[client] = held + 1
        return .accepted
    }

    /// Ends a connection `open` accepted.
    public mutating func close(_ client: String) {
        guard let held = perClient[client] else { return }
        total -= 1
        perClient[client] = held > 1 ? held - 1 : nil
    }

    /// Connections `client` holds.
    public func held(by client: String) -> Int { perClient[client, default: 0] }
}
