import Domain
import Foundation
import Store
import Telemetry

/// One machine's status change by `applyPresence`.
public struct PresenceChange: Sendable, Hashable {
    public var machineID: Int64
    public var name: String
    public var from: MachineStatus
    public var to: MachineStatus
    public var reason: String
}

extension MachineService {
    /// Moves machines between `booting`, `online` and `offline` by `rule`: `sessions` holds the
    /// names of machines with an iSCSI session now, `heartbeats` the last agent answer by machine
    /// id. Each change is a `machine.online` / `machine.offline` event (and so an SSE message).
    /// Status is an observation: the machine's revision does not change.
    @discardableResult
    public func applyPresence(sessions: Set<String>, heartbeats: [Int64: Date],
                              rule: PresenceRule = PresenceRule()) async throws -> [PresenceChange] {
        let now = context.now
        let lowered = Set(sessions.map { $0.lowercased() })
        let fresh = Set(heartbeats.filter { now.timeIntervalSince($0.value) <= rule.heartbeatTimeout }.keys)
        let (changes, events, counts) = try await context.write { tx in
            var changes: [PresenceChange] = []
            var events: [Event] = []
            for row in try tx.machinesForPresence(names: lowered, ids: fresh) {
                let observed = PresenceRule.Observation(status: row.status, lastBootAt: row.lastBootAt,
                                                        hasSession: lowered.contains(row.name.lowercased()),
                                                        lastHeartbeat: heartbeats[row.id])
                guard let (status, reason) = rule.transition(observed, now: now) else { continue }
                try tx.updateMachineStatus(id: row.id, status: status)
                changes.append(PresenceChange(machineID: row.id, name: row.name, from: row.status, to: status, reason: reason))
                events.append(try tx.insertEvent(context.event(.system, "machine.\(status.rawValue)", "machine/\(row.id)",
                                                               .success, "\(row.name): \(row.status.rawValue) → \(status.rawValue): \(reason)")))
            }
            return (changes, events, try tx.machineCountsByStatus())
        }
        for event in events { context.events.publish(event) }
        for status in MachineStatus.allCases { Telemetry.machines(status: status.rawValue, count: counts[status] ?? 0) }
        return changes
    }
}
