import Domain
import Foundation

/// When each machine's agent last answered (in memory: a restart forgets, and the next answer or
/// iSCSI session tells again). `PresenceRule` keeps a machine online while its heartbeat is fresh.
public final class HeartbeatBook: Sendable {
    private let beats = Locked<[Int64: Date]>([:])

    public init() {}

    /// Records that machine `id`'s agent answered at `time`.
    public func beat(machine id: Int64, at time: Date = Date()) {
        beats.withLock { $0[id] = time }
    }

    /// The last heartbeat of every machine that had one.
    public var snapshot: [Int64: Date] { beats.withLock { $0 } }
}
