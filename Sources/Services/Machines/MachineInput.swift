import Domain

/// What a client sends to create or replace a machine. Everything but `name` and `mac` is
/// optional with a default. Values arrive as text so validation can name the bad field.
public struct MachineInput: Codable, Sendable, Hashable {
    public var name: String
    public var mac: String
    /// Empty or nil = no fixed address.
    public var ip: String?
    /// Boot item chosen when the menu times out. Alone (empty `bootItems`) it makes a one-item menu.
    public var defaultBootItem: Int64?
    /// The boot menu, in order.
    public var bootItems: [Int64]?
    /// `resetOnBoot` (default) or `persistent`.
    public var diskMode: String?
    public var superWorkstation: Bool?
    public var group: String?
    public var power: PowerInput?
    public var allowBoot: Bool?
    public var notes: String?
    /// True turns per-machine CHAP on (a 16-character secret is generated; an existing one is kept).
    public var chap: Bool?

    public init(name: String, mac: String, ip: String? = nil, defaultBootItem: Int64? = nil, bootItems: [Int64]? = nil,
                diskMode: String? = nil, superWorkstation: Bool? = nil, group: String? = nil, power: PowerInput? = nil,
                allowBoot: Bool? = nil, notes: String? = nil, chap: Bool? = nil) {
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
        self.notes = notes
        self.chap = chap
    }

    /// The input that reproduces `machine` (secrets are write-only and left out; they are kept on update).
    public init(_ machine: Machine) {
        self.init(name: machine.name, mac: machine.mac.description, ip: machine.ip?.description,
                  defaultBootItem: machine.defaultBootItem, bootItems: machine.bootItems,
                  diskMode: machine.diskMode.rawValue, superWorkstation: machine.superWorkstation, group: machine.group,
                  power: PowerInput(machine.power), allowBoot: machine.allowBoot, notes: machine.notes,
                  chap: machine.chapSecret != nil)
    }
}

/// Power settings as sent by a client. `ipmiPassword` is write-only: nil keeps the stored one.
public struct PowerInput: Codable, Sendable, Hashable {
    /// `none`, `wol` (default), `agent`, `ipmi`, `webhook`, `smyoo`.
    public var driver: String?
    public var wolBroadcast: String?
    public var agentShutdownFirst: Bool?
    public var ipmiHost: String?
    public var ipmiUser: String?
    public var ipmiPassword: String?
    public var webhookURL: String?
    /// Smyoo card id; nil or empty matches the card by name (`mcuname` = machine name).
    public var mcuid: String?

    public init(driver: String? = nil, wolBroadcast: String? = nil, agentShutdownFirst: Bool? = nil, ipmiHost: String? = nil,
                ipmiUser: String? = nil, ipmiPassword: String? = nil, webhookURL: String? = nil, mcuid: String? = nil) {
        self.driver = driver
        self.wolBroadcast = wolBroadcast
        self.agentShutdownFirst = agentShutdownFirst
        self.ipmiHost = ipmiHost
        self.ipmiUser = ipmiUser
        self.ipmiPassword = ipmiPassword
        self.webhookURL = webhookURL
        self.mcuid = mcuid
    }

    public init(_ p: PowerConfig) {
        self.init(driver: p.driver.rawValue, wolBroadcast: p.wolBroadcast?.description, agentShutdownFirst: p.agentShutdownFirst,
                  ipmiHost: p.ipmiHost, ipmiUser: p.ipmiUser, ipmiPassword: nil, webhookURL: p.webhookURL, mcuid: p.mcuid)
    }
}
