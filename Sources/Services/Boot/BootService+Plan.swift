import Domain
import Render

extension BootService {
    /// Resolves `machine`'s menu into what the renderer needs: its boot items in order, and for
    /// iSCSI items the target, initiator, CHAP and LUNs (`MachineDisks` order from `firstLUN`).
    public func plan(for machine: Machine, settings: Settings, baseURL explicitBase: String? = nil,
                     assetsURL explicitAssets: String? = nil) async throws -> MachineBootPlan {
        plan(for: machine, settings: settings, items: try await services.bootItems.list(), baseURL: explicitBase,
             assetsURL: explicitAssets)
    }

    /// `plan(for:settings:)` over boot items the caller already read (`items`: every boot item).
    func plan(for machine: Machine, settings: Settings, items all: [BootItem], baseURL explicitBase: String? = nil,
              assetsURL explicitAssets: String? = nil) -> MachineBootPlan {
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let lunBase = firstLUN
        let iscsi = settings.iscsi
        let target = ISCSINames.target(prefix: iscsi.targetPrefix, machineName: machine.name)
        let initiator = ISCSINames.initiator(prefix: iscsi.targetPrefix, mac: machine.mac, global: iscsi.globalInitiatorIQN)
        let chap = iscsi.chap
            ? machine.chapSecret.map { CHAPCredentials(username: ISCSINames.chapUser(initiator: initiator), secret: $0) } : nil
        let lunOrder = MachineDisks.images(machine: machine, items: byID)

        var entries: [MachineBootPlan.Entry] = []
        for id in machine.bootItems {
            guard let item = byID[id] else { continue }
            var disks: ISCSIDisks?
            if item.kind == .iscsi, let os = item.osImage, let osIndex = lunOrder.firstIndex(of: os) {
                disks = ISCSIDisks(server: iscsi.serverAddress, port: iscsi.portalPort, targetIQN: target,
                                   initiatorIQN: initiator, chap: chap, osLUN: lunBase + osIndex,
                                   dataLUNs: item.dataImages.compactMap { lunOrder.firstIndex(of: $0).map { lunBase + $0 } })
            }
            entries.append(.init(item: item, iscsi: disks))
        }
        let base = explicitBase ?? baseURL(settings)
        return MachineBootPlan(machine: machine, entries: entries, defaultItem: machine.defaultBootItem,
                               menuTimeoutSeconds: settings.http.menuTimeoutSeconds, baseURL: base,
                               assetsURL: explicitAssets ?? base + "/assets",
                               tools: tools(for: machine, entries: entries, settings: settings.tools, baseURL: base))
    }
}
