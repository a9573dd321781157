import Domain
import Logging
import Render

extension BootService {
    /// The tools menu of `machine`: super workstations (or every machine with
    /// `tools.forAllMachines`) that have an iSCSI item get WinPE and the Linux installer on the
    /// disk of their default item (of their first iSCSI item when the default is another kind).
    func tools(for machine: Machine, entries: [MachineBootPlan.Entry], settings: ToolsSettings, baseURL: String) -> BootTools? {
        guard machine.superWorkstation || settings.forAllMachines else { return nil }
        let iscsi = entries.filter { $0.iscsi != nil }
        guard let entry = iscsi.first(where: { $0.item.id == machine.defaultBootItem }) ?? iscsi.first,
              let disks = entry.iscsi else { return nil }
        return BootTools(disks: disks, winpePath: settings.winpePath, installerKernel: settings.installerKernel,
                         installerInitrd: settings.installerInitrd, preseedURL: "\(baseURL)/preseed/\(machine.mac.hexraw).cfg",
                         installerArgs: settings.installerArgs)
    }

    /// The installer's preseed for the machine with `mac`, or nil when it has no tools menu
    /// (unknown, no iSCSI item, not a super workstation). Logged and recorded as `boot.preseed`:
    /// the proof that the installer reached disklessd.
    public func preseed(forMAC mac: MACAddress, host: String? = nil) async throws -> String? {
        let settings = try await services.settings.get()
        guard let machine = try await services.machines.byMAC(mac) else {
            logger.info("preseed asked for an unknown machine", metadata: ["mac": "\(mac)"])
            return nil
        }
        let plan = try await plan(for: machine, settings: settings, baseURL: baseURL(settings, host: host))
        guard let tools = plan.tools else {
            logger.info("preseed asked for a machine without the tools menu", metadata: ["mac": "\(mac)", "machine": "\(machine.name)"])
            return nil
        }
        let text = try InstallerPreseed.render(machine: machine, disks: tools.disks, mirror: settings.tools.installerMirror)
        let detail = "installer answers: install onto \(tools.disks.targetIQN) LUN \(tools.disks.osLUN)"
        logger.notice("installer fetched its preseed", metadata: ["mac": "\(mac)", "machine": "\(machine.name)",
                                                                 "target": "\(tools.disks.targetIQN)"])
        _ = try? await services.events.record(Event(actor: "boot", action: "boot.preseed", subject: "machine/\(machine.id)",
                                                    outcome: .success, detail: detail))
        return text
    }
}
