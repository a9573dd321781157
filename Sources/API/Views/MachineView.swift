import Domain
import Foundation
import Services

/// A machine as the API shows it: secrets (CHAP secret, IPMI password) are write-only, so the
/// view says only whether CHAP is on.
public struct MachineView: Encodable, Sendable {
    public struct PowerView: Encodable, Sendable {
        var driver: PowerDriverKind
        var wolBroadcast: IPv4Address?
        var agentShutdownFirst: Bool
        var ipmiHost: String?
        var ipmiUser: String?
        var webhookURL: String?
        var mcuid: String?
        /// What this machine's driver can be asked for (`wol`: only `on`).
        var actions: [PowerAction]
    }

    var id: Int64
    var name: String
    var mac: MACAddress
    var ip: IPv4Address?
    var defaultBootItem: Int64?
    var bootItems: [Int64]
    var diskMode: DiskMode
    var superWorkstation: Bool
    var group: String
    var power: PowerView
    var allowBoot: Bool
    var status: MachineStatus
    var lastBootAt: Date?
    var lastBootPhase: BootPhase?
    var notes: String
    var chap: Bool
    var createdAt: Date
    var updatedAt: Date
    var revision: Int64
    /// Its disks on the storage (lists and GET of one machine; absent elsewhere).
    var disk: MachineDiskState?

    /// The machine with its disk state.
    public init(_ m: Machine, disk: MachineDiskState?) {
        self.init(m)
        self.disk = disk
    }

    public init(_ m: Machine) {
        id = m.id
        name = m.name
        mac = m.mac
        ip = m.ip
        defaultBootItem = m.defaultBootItem
        bootItems = m.bootItems
        diskMode = m.diskMode
        superWorkstation = m.superWorkstation
        group = m.group
        power = PowerView(driver: m.power.driver, wolBroadcast: m.power.wolBroadcast,
                          agentShutdownFirst: m.power.agentShutdownFirst, ipmiHost: m.power.ipmiHost,
                          ipmiUser: m.power.ipmiUser, webhookURL: m.power.webhookURL, mcuid: m.power.mcuid,
                          actions: m.power.driver.actions)
        allowBoot = m.allowBoot
        status = m.status
        lastBootAt = m.lastBootAt
        lastBootPhase = m.lastBootPhase
        notes = m.notes
        chap = m.chapSecret != nil
        createdAt = m.createdAt
        updatedAt = m.updatedAt
        revision = m.revision
    }
}
