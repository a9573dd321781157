import Domain
import Foundation
import NIOConcurrencyHelpers

/// The HTTP port's connection caps: `ConnectionCounts` (served connections, in total and per
/// client address; trusted proxies skip the per-client cap) behind one lock, the refusal log, and
/// a hard cap on accepted sockets (served + being refused) at which the server stops accepting,
/// so descriptors never run out.
public final class HTTPConnectionGate: Sendable {
    private struct State {
        var counts: ConnectionCounts
        var refusals = RefusalLog()
        var accepted = 0
    }

    private let state: NIOLockedValueBox<State>
    let trustedProxies: Set<String>
    /// Accepted sockets at most (served and being refused together).
    public let hardCap: Int

    public init(maxConnections: Int, maxPerClient: Int, trustedProxies: [IPv4Address] = []) {
        state = NIOLockedValueBox(State(counts: ConnectionCounts(maxTotal: maxConnections, maxPerClient: maxPerClient)))
        self.trustedProxies = Set(trustedProxies.map(\.description))
        hardCap = maxConnections + maxConnections / 8 + 16
    }

    /// Counts a connection from `peer` to be served; otherwise why not and whether to log it.
    func open(_ peer: String) -> (verdict: ConnectionCounts.Verdict, log: Bool) {
        let exempt = trustedProxies.contains(peer)
        return state.withLockedValue { s in
            let verdict = s.counts.open(peer, exempt: exempt)
            return (verdict, verdict != .accepted && s.refusals.shouldLog(peer))
        }
    }

    func close(_ peer: String) { state.withLockedValue { $0.counts.close(peer) } }

    func socketAccepted() { state.withLockedValue { $0.accepted += 1 } }
    func socketClosed() { state.withLockedValue { $0.accepted -= 1 } }
    var acceptingSockets: Bool { state.withLockedValue { $0.accepted < hardCap } }

    /// Connections being served right now.
    public var served: Int { state.withLockedValue { $0.counts.total } }
}
