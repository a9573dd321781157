import Domain
import Foundation
import Logging
import Telemetry

/// Turns iSCSI logins the target driver reports into the `iscsiLogin` boot phase: every few
/// seconds it lists the targets (`TargetDriver.listTargets`) and, for each session that was not
/// there at the previous look, records the phase for the machine the target belongs to. Then
/// it judges presence: a machine with a session is `online`, one without (and without an agent
/// heartbeat) `offline`, a `booting` one past the boot timeout `offline` (`PresenceRule`).
/// Targets are named `<prefix>:<host part>` (`ISCSINames.target`), so the name leads back to
/// the machine.
public struct ISCSILoginWatcher: Sendable {
    let services: ServiceContainer
    let driver: any TargetDriver
    let interval: Duration
    let presence: PresenceRule
    let logger: Logger

    public init(services: ServiceContainer, driver: any TargetDriver, interval: Duration = .seconds(3),
                presence: PresenceRule = PresenceRule(), logger: Logger = Logger(label: "disklessd.iscsi-logins")) {
        self.services = services
        self.driver = driver
        self.interval = interval
        self.presence = presence
        self.logger = logger
    }

    /// Looks until the task is cancelled. A failing look is logged and retried at the next tick;
    /// presence is only judged from a listing that worked (no listing is not "no sessions").
    public func run() async {
        var seen: Set<String> = []
        while !Task.isCancelled {
            do {
                seen = try await look(previous: seen)
                try await judgePresence(sessions: seen)
            } catch {
                logger.debug("listing iSCSI sessions failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Online / offline from the sessions of one look (`<target iqn> <initiator>`), the agents'
    /// heartbeats and the boot timeout of `presence`.
    public func judgePresence(sessions: Set<String>) async throws {
        Telemetry.iscsiSessions(sessions.count)
        let prefix = try await services.settings.get().iscsi.targetPrefix + ":"
        let names = Set(sessions.compactMap { key -> String? in
            guard let iqn = key.split(separator: " ").first, iqn.hasPrefix(prefix) else { return nil }
            return String(iqn.dropFirst(prefix.count))
        })
        for change in try await services.machines.applyPresence(sessions: names, heartbeats: services.heartbeats.snapshot,
                                                                rule: presence) {
            logger.info("machine \(change.to.rawValue)", metadata: ["machine": "\(change.name)", "reason": "\(change.reason)"])
        }
    }

    /// One look: records the phase for sessions not in `previous`; returns the sessions now seen
    /// (`<target iqn> <initiator>`).
    public func look(previous: Set<String>) async throws -> Set<String> {
        let settings = try await services.settings.get()
        let prefix = settings.iscsi.targetPrefix + ":"
        var now: Set<String> = []
        for target in try await driver.listTargets(prefix: prefix) {
            for session in target.sessions {
                let key = target.iqn + " " + session.initiator
                now.insert(key)
                guard !previous.contains(key) else { continue }
                let name = String(target.iqn.dropFirst(prefix.count))
                guard let machine = try await services.machines.byTargetHostPart(name) else { continue }
                let ip = session.address.flatMap { IPv4Address(String($0.split(separator: ":").first ?? "")) }
                try await services.machines.recordBootPhase(mac: machine.mac, phase: .iscsiLogin, ip: ip)
                logger.info("iSCSI login", metadata: ["machine": "\(machine.name)", "initiator": "\(session.initiator)"])
            }
        }
        return now
    }
}
