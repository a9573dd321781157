import Domain
import Foundation
import NIOConcurrencyHelpers

/// The Thrift port's connection caps (in total and per client address) and its refusal log:
/// one lock around `ConnectionCounts` and `RefusalLog`.
final class ThriftConnectionGate: Sendable {
    private struct State {
        var counts: ConnectionCounts
        var refusals = RefusalLog()
    }

    private let state: NIOLockedValueBox<State>

    init(maxConnections: Int, maxPerClient: Int) {
        state = NIOLockedValueBox(State(counts: ConnectionCounts(maxTotal: maxConnections, maxPerClient: maxPerClient)))
    }

    /// Counts a new connection from `peer`; otherwise returns why not and whether to log it.
    /// Loopback (a controller on this machine) skips the per-client cap, never the total.
    func open(_ peer: String) -> (verdict: ConnectionCounts.Verdict, log: Bool) {
        let exempt = PresetServerConfig.isLoopback(peer)
        return state.withLockedValue { s in
            let verdict = s.counts.open(peer, exempt: exempt)
            return (verdict, verdict != .accepted && s.refusals.shouldLog(peer))
        }
    }

    func close(_ peer: String) { state.withLockedValue { $0.counts.close(peer) } }

    /// Connections open right now.
    var total: Int { state.withLockedValue { $0.counts.total } }
}
