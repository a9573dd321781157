import Domain
import Foundation
import Store
import Telemetry

extension MachineService {
    /// Records that `mac` reached `phase` of the boot chain. A known machine becomes `booting`
    /// with lastBootAt/lastBootPhase set; at the `script` phase (the boot event) the provisioner
    /// resets its disk when its mode asks for it. An unknown MAC is recorded as discovered.
    /// - Parameter source: who reported it, for the discovery rate limit (default: the client
    ///   address, or the phase name when there is none: DHCP DISCOVERs come from 0.0.0.0).
    /// - Returns: the machine after the update, or nil for an unknown MAC.
    @discardableResult
    public func recordBootPhase(mac: MACAddress, phase: BootPhase, ip: IPv4Address? = nil,
                                platform: String? = nil, source: String? = nil) async throws -> Machine? {
        let now = context.now
        let result: (Machine?, Event?) = try await context.write { tx in
            guard var m = try tx.machine(mac: mac) else {
                try discoveries.record(tx, mac: mac, ip: ip, via: phase.rawValue, platform: platform, at: now,
                                       source: source ?? ip?.description ?? phase.rawValue, logger: context.config.logger)
                return (nil, nil)
            }
            try tx.updateMachineStatus(id: m.id, status: .booting, phase: phase, bootAt: now)
            m.status = .booting
            m.lastBootPhase = phase
            m.lastBootAt = now
            var detail = "mac=\(mac)"
            if let ip { detail += " ip=\(ip)" }
            let e = try tx.insertEvent(context.event(.boot, "boot.\(phase.rawValue)", "machine/\(m.id)", .success, detail))
            return (m, e)
        }
        if let event = result.1 { context.events.publish(event) }
        Telemetry.bootEvent(phase: phase.rawValue, known: result.0 != nil)
        guard let machine = result.0 else { return nil }
        if phase == .script {
            await context.provision(.boot, "machine.reset", "machine/\(machine.id)") { try await $0.bootEvent(machine: machine) }
        }
        return machine
    }

    /// The boot event of a known machine that may boot, on the boot script's path: the record
    /// (`booting`, phase `script`, a `boot.script` event) goes to `bootPhases`, written within
    /// its interval; the disk reset, when the machine's mode asks for it and its menu carries
    /// iSCSI disks (`items`: every boot item), runs before this returns. A failed reset is a
    /// failure event and the machine keeps its old disk.
    /// - Returns: the machine as the record makes it.
    public func recordBootScript(machine: Machine, items: [BootItem], ip: IPv4Address? = nil) async -> Machine {
        let booted = recordBootScriptEntry(machine: machine, ip: ip)
        if Self.hasDisks(machine, items: items) {
            await context.provision(.boot, "machine.reset", "machine/\(machine.id)") { try await $0.bootEvent(machine: booted) }
        }
        return booted
    }

    /// The same boot event without any await, for the boot fast path, which serves only machines
    /// whose menu carries no iSCSI disk (`FastBootScript`): nothing goes to the provisioner.
    func recordFastBootScript(machine: Machine, ip: IPv4Address?) {
        _ = recordBootScriptEntry(machine: machine, ip: ip)
    }

    /// Queues the record (`bootPhases`) and counts it; returns the machine as the record makes it.
    private func recordBootScriptEntry(machine: Machine, ip: IPv4Address?) -> Machine {
        let now = context.now
        bootPhases.add(machine: machine, phase: .script, ip: ip, at: now)
        Telemetry.bootEvent(phase: BootPhase.script.rawValue, known: true)
        var booted = machine
        booted.status = .booting
        booted.lastBootPhase = .script
        booted.lastBootAt = now
        return booted
    }

    /// Whether `machine`'s menu carries iSCSI disks (`items`: every boot item).
    public static func hasDisks(_ machine: Machine, items: [BootItem]) -> Bool {
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return !MachineDisks.images(machine: machine, items: byID).isEmpty
    }
}
