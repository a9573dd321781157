import Domain
import Foundation
import Logging

/// Turns iSCSI logins the target driver reports into the `iscsiLogin` boot phase: every few
/// seconds it lists the targets (`TargetDriver.listTargets`) and, for each session that was not
/// there at the previous look, records the phase for the machine the target belongs to.
/// Targets are named `<prefix>:<host part>` (`ISCSINames.target`), so the name leads back to
/// the machine.
public struct ISCSILoginWatcher: Sendable {
    let services: ServiceContainer
    let driver: any TargetDriver
    let interval: Duration
    let logger: Logger

    public init(services: ServiceContainer, driver: any TargetDriver, interval: Duration = .seconds(3),
                logger: Logger = Logger(label: "disklessd.iscsi-logins")) {
        self.services = services
        self.driver = driver
        self.interval = interval
        self.logger = logger
    }

    /// Looks until the task is cancelled. A failing look is logged and retried at the next tick.
    public func run() async {
        var seen: Set<String> = []
        while !Task.isCancelled {
            do { seen = try await look(previous: seen) } catch {
                logger.debug("listing iSCSI sessions failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
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
