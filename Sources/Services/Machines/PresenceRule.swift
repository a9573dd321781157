import Domain
import Foundation

/// Whether a machine is up, from what disklessd can see of it: an iSCSI session on its target
/// (its root disk: a running diskless PC always holds one), a recent agent heartbeat, and how
/// long ago its last boot began. Pure: the watcher feeds it observations and applies the result.
public struct PresenceRule: Sendable, Hashable {
    /// A `booting` machine with neither a session nor a heartbeat this long after its last boot
    /// phase is `offline` (the boot failed or the PC was switched off mid-boot).
    public var bootTimeout: TimeInterval
    /// An agent heartbeat keeps a machine `online` this long.
    public var heartbeatTimeout: TimeInterval

    public init(bootTimeout: TimeInterval = 600, heartbeatTimeout: TimeInterval = 90) {
        self.bootTimeout = bootTimeout
        self.heartbeatTimeout = heartbeatTimeout
    }

    /// What a machine looks like right now.
    public struct Observation: Sendable, Hashable {
        public var status: MachineStatus
        public var lastBootAt: Date?
        public var hasSession: Bool
        public var lastHeartbeat: Date?

        public init(status: MachineStatus, lastBootAt: Date?, hasSession: Bool, lastHeartbeat: Date?) {
            self.status = status
            self.lastBootAt = lastBootAt
            self.hasSession = hasSession
            self.lastHeartbeat = lastHeartbeat
        }
    }

    /// The new status and why, or nil when the status stays.
    public func transition(_ o: Observation, now: Date) -> (status: MachineStatus, reason: String)? {
        let heartbeat = o.lastHeartbeat.map { now.timeIntervalSince($0) <= heartbeatTimeout } ?? false
        if o.hasSession || heartbeat {
            guard o.status != .online else { return nil }
            return (.online, o.hasSession ? "iSCSI session open" : "agent heartbeat")
        }
        switch o.status {
        case .online:
            return (.offline, "no iSCSI session and no agent heartbeat")
        case .booting:
            let started = o.lastBootAt ?? .distantPast
            guard now.timeIntervalSince(started) > bootTimeout else { return nil }
            return (.offline, "boot did not reach the iSCSI disk within \(Int(bootTimeout)) s")
        case .offline, .unknown:
            return nil
        }
    }
}
