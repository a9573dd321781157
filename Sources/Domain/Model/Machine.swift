import struct Foundation.Date

/// What happens to a machine's disk between boots.
public enum DiskMode: String, Codable, Sendable, CaseIterable {
    /// A fresh copy of the image's current version at every boot event.
    case resetOnBoot
    /// Writes are kept until the disk is reset by hand.
    case persistent
}

public enum MachineStatus: String, Codable, Sendable, CaseIterable {
    case offline, booting, online, unknown
}

/// The last step of the boot chain disklessd saw for a machine.
public enum BootPhase: String, Codable, Sendable, CaseIterable {
    case dhcp        // ProxyDHCP answered
    case tftp        // iPXE binary fetched over TFTP
    case script      // per-machine iPXE script served (the boot event)
    case iscsiLogin  // the target reported a session
    case asset       // a boot asset was fetched over HTTP
}

/// A client PC.
public struct Machine: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Host name (RFC 1123 label), unique, case-insensitive.
    public var name: String
    public var mac: MACAddress
    public var ip: IPv4Address?
    /// Boot item chosen when the menu times out; must be one of `bootItems` when the menu is not empty.
    public var defaultBootItem: Int64?
    /// The machine's boot menu, in order.
    public var bootItems: [Int64]
    public var diskMode: DiskMode
    /// Maintenance mode: this machine boots the image's working copy read-write.
    public var superWorkstation: Bool
    public var group: String
    public var power: PowerConfig
    /// False keeps ProxyDHCP silent for this machine and its script says so.
    public var allowBoot: Bool
    public var status: MachineStatus
    public var lastBootAt: Date?
    public var lastBootPhase: BootPhase?
    public var notes: String
    /// Per-machine CHAP secret (12–16 characters as LIO and Windows require) or nil when CHAP is off.
    public var chapSecret: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped on every update; the ETag of the resource.
    public var revision: Int64

    public init(id: Int64 = 0, name: String, mac: MACAddress, ip: IPv4Address? = nil, defaultBootItem: Int64? = nil,
                bootItems: [Int64] = [], diskMode: DiskMode = .resetOnBoot, superWorkstation: Bool = false,
                group: String = "", power: PowerConfig = PowerConfig(), allowBoot: Bool = true,
                status: MachineStatus = .unknown, lastBootAt: Date? = nil, lastBootPhase: BootPhase? = nil,
                notes: String = "", chapSecret: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date(),
                revision: Int64 = 1) {
        self.id = id
        self.name = name
        self.mac = mac
        self.ip = ip
        self.defaultBootItem = defaultBootItem
        self.bootItems = bootItems
        self.diskMode = diskMode
        self.superWorkstation = superWorkstation
        self.group = group
        self.power = power
        self.allowBoot = allowBoot
        self.status = status
        self.lastBootAt = lastBootAt
        self.lastBootPhase = lastBootPhase
        self.notes = notes
        self.chapSecret = chapSecret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revision = revision
    }
}

/// A MAC address that asked to boot but is not registered.
public struct DiscoveredMachine: Codable, Sendable, Hashable {
    public var mac: MACAddress
    public var ip: IPv4Address?
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    /// Where it was seen: `dhcp`, `tftp` or `script`, plus platform/arch when known (`efi`, `pcbios`).
    public var via: String
    public var platform: String?

    public init(mac: MACAddress, ip: IPv4Address? = nil, firstSeenAt: Date = Date(), lastSeenAt: Date = Date(),
                via: String, platform: String? = nil) {
        self.mac = mac
        self.ip = ip
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.via = via
        self.platform = platform
    }
}
