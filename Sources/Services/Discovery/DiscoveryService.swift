import Domain
import Foundation
import Store
import Telemetry

/// MAC addresses that tried to boot but are not registered, and turning them into machines.
public struct DiscoveryService: Sendable {
    let context: ServiceContext
    let machines: MachineService

    init(context: ServiceContext, machines: MachineService) {
        self.context = context
        self.machines = machines
    }

    /// Records that unknown `mac` was seen (`via` = `dhcp`, `tftp`, `script`); refreshes lastSeenAt.
    /// A MAC that belongs to a machine is ignored; new MACs are limited per source (`DiscoveryGate`).
    public func record(mac: MACAddress, ip: IPv4Address?, via: String, platform: String? = nil) async throws {
        let now = context.now
        let via = String(via.prefix(32).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        let platform = platform.map { String($0.prefix(32).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) }
        let gate = machines.discoveries, logger = context.config.logger
        let recorded = try await context.write { tx in
            guard try tx.machine(mac: mac) == nil else { return false }
            try gate.record(tx, mac: mac, ip: ip, via: via, platform: platform, at: now,
                            source: ip?.description ?? via, logger: logger)
            return true
        }
        if recorded { Telemetry.bootEvent(phase: via, known: false) }
    }

    /// Every discovered machine, most recently seen first.
    public func list() async throws -> [DiscoveredMachine] {
        try await context.read { tx in try tx.discovered() }
    }

    /// Creates a machine for discovered `mac` (named `name`, or `pc-<last 6 hex digits>`) and
    /// forgets the discovery. `.notFound` when the MAC was never seen.
    public func register(mac: MACAddress, name: String? = nil, by caller: Caller) async throws -> Machine {
        guard let seen = try await context.read({ tx in try tx.discovered(mac: mac) }) else {
            throw ServiceError.notFound(.discoveredNotFound, "discovered machine \(mac)")
        }
        let chosen = (name?.isEmpty ?? true) ? "pc-\(mac.hexraw.suffix(6))" : name ?? ""
        let machine = try await machines.create(MachineInput(name: chosen, mac: mac.description, notes: "registered from discovery (last seen via \(seen.via))"), by: caller)
        try await context.write { tx in _ = try tx.deleteDiscovered(mac: mac) }
        return machine
    }

    /// Forgets discovered `mac`. Idempotent; returns false when it was not there.
    @discardableResult
    public func remove(mac: MACAddress, by caller: Caller) async throws -> Bool {
        let event: Event? = try await context.write { tx in
            guard try tx.deleteDiscovered(mac: mac) else { return nil }
            return try tx.insertEvent(context.event(caller, "discovered.delete", "mac/\(mac.hexraw)"))
        }
        guard let event else { return false }
        context.events.publish(event)
        return true
    }
}
