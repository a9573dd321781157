import Domain

/// Where an iSCSI boot item's disks are: the machine's target and the LUN of each disk.
/// The LUN numbers come from the target driver (`TargetDriver.firstLUN`: 1 for tgt, 0 for LIO).
public struct ISCSIDisks: Sendable, Hashable {
    /// Portal address and port the client connects to.
    public var server: IPv4Address
    public var port: Int
    public var targetIQN: String
    /// The IQN the script sets as `initiator-iqn`; the target's ACL admits only this one.
    public var initiatorIQN: String
    /// CHAP credentials iPXE sends (`username` / `password`), nil when CHAP is off.
    public var chap: CHAPCredentials?
    /// LUN of the OS disk (`sanboot`).
    public var osLUN: Int
    /// LUNs of the data disks (`sanhook`), in the boot item's order.
    public var dataLUNs: [Int]

    public init(server: IPv4Address, port: Int = DefaultPorts.iscsi, targetIQN: String, initiatorIQN: String,
                chap: CHAPCredentials? = nil, osLUN: Int, dataLUNs: [Int] = []) {
        self.server = server
        self.port = port
        self.targetIQN = targetIQN
        self.initiatorIQN = initiatorIQN
        self.chap = chap
        self.osLUN = osLUN
        self.dataLUNs = dataLUNs
    }
}

/// Everything one machine's iPXE script is made of, resolved by the service layer from the
/// database and settings. The renderer only formats it.
public struct MachineBootPlan: Sendable, Hashable {
    /// One menu entry: a boot item, plus its disks when it is an iSCSI item.
    public struct Entry: Sendable, Hashable {
        public var item: BootItem
        public var iscsi: ISCSIDisks?

        public init(item: BootItem, iscsi: ISCSIDisks? = nil) {
            self.item = item
            self.iscsi = iscsi
        }
    }

    public var machine: Machine
    /// The menu, in order.
    public var entries: [Entry]
    /// The item `choose` selects when the menu times out; nil = the first entry.
    public var defaultItem: Int64?
    public var menuTimeoutSeconds: Int
    /// Base of the boot endpoints (`http://192.168.1.2:8050`), used to fetch the script again.
    public var baseURL: String
    /// Base URL that relative asset paths (kernels, wimboot files) are appended to.
    public var assetsURL: String
    /// The tools menu (super workstations, or all machines by setting); nil = none.
    public var tools: BootTools?

    public init(machine: Machine, entries: [Entry], defaultItem: Int64? = nil, menuTimeoutSeconds: Int = 5,
                baseURL: String, assetsURL: String, tools: BootTools? = nil) {
        self.machine = machine
        self.entries = entries
        self.defaultItem = defaultItem
        self.menuTimeoutSeconds = menuTimeoutSeconds
        self.baseURL = baseURL
        self.assetsURL = assetsURL
        self.tools = tools
    }
}
