/// The one settings document. Every section has defaults that run on any machine.
public struct Settings: Codable, Sendable, Hashable {
    public var storage: StorageSettings
    public var dhcp: DHCPSettings
    public var tftp: TFTPSettings
    public var http: HTTPSettings
    public var iscsi: ISCSISettings
    public var thrift: ThriftSettings
    public var power: PowerSettings
    public var tools: ToolsSettings
    public var limits: LimitSettings
    public var metrics: MetricsSettings
    public var revision: Int64

    public init(storage: StorageSettings = .init(), dhcp: DHCPSettings = .init(), tftp: TFTPSettings = .init(),
                http: HTTPSettings = .init(), iscsi: ISCSISettings = .init(), thrift: ThriftSettings = .init(),
                power: PowerSettings = .init(), tools: ToolsSettings = .init(), limits: LimitSettings = .init(), metrics: MetricsSettings = .init(),
                revision: Int64 = 1) {
        self.storage = storage
        self.dhcp = dhcp
        self.tftp = tftp
        self.http = http
        self.iscsi = iscsi
        self.thrift = thrift
        self.power = power
        self.tools = tools
        self.limits = limits
        self.metrics = metrics
        self.revision = revision
    }
}

public enum StorageDriverKind: String, Codable, Sendable, CaseIterable { case file, lvm }

public struct StorageSettings: Codable, Sendable, Hashable {
    public var driver: StorageDriverKind
    /// lvm: volume group.
    public var volumeGroup: String
    /// lvm: thin pool in the volume group; empty selects classic (thick snapshot) mode.
    public var thinPool: String
    /// file: root directory of image files; empty means `<data-dir>/disks`.
    public var fileRoot: String
    /// lvm classic mode: copy-on-write size of each snapshot, in MiB.
    public var snapshotSizeMiB: Int
    /// Directories `POST /images/{id}/import` may read regular files from (absolute, symlinks out
    /// of them refused); empty = `<data-dir>/import`, created at start.
    public var importRoots: [String]
    /// Directories whose block devices may be imported (`/dev/vg0`); empty = no device imports.
    public var importDeviceRoots: [String]

    public init(driver: StorageDriverKind = .file, volumeGroup: String = "disklessd", thinPool: String = "pool",
                fileRoot: String = "", snapshotSizeMiB: Int = 10240, importRoots: [String] = [],
                importDeviceRoots: [String] = []) {
        self.driver = driver
        self.volumeGroup = volumeGroup
        self.thinPool = thinPool
        self.fileRoot = fileRoot
        self.snapshotSizeMiB = snapshotSizeMiB
        self.importRoots = importRoots
        self.importDeviceRoots = importDeviceRoots
    }
}

public enum DHCPMode: String, Codable, Sendable, CaseIterable {
    /// Built-in ProxyDHCP next to the site's own DHCP server.
    case proxy
    /// Generate a dnsmasq config.
    case dnsmasq
    /// Generate an isc-dhcp-server config.
    case isc
    case off
}

public struct DHCPSettings: Codable, Sendable, Hashable {
    public var mode: DHCPMode
    public var networkName: String
    /// Interface ProxyDHCP binds to; empty = all.
    public var interface: String
    public var subnet: IPv4Address
    public var subnetMask: IPv4Address
    public var rangeStart: IPv4Address
    public var rangeEnd: IPv4Address
    public var routers: [IPv4Address]
    public var dnsServers: [IPv4Address]
    public var broadcastAddress: IPv4Address
    /// Overrides the BIOS boot file name handed out by generated configs; empty = tftp.biosBootFile.
    public var bootFilename: String
    /// The TFTP server clients are sent to (siaddr); nil = iscsi.serverAddress.
    public var nextServer: IPv4Address?
    /// Where generated dnsmasq / isc configs are written (absolute), and the reload command vector.
    public var configPath: String
    public var reloadCommand: [String]

    public init(mode: DHCPMode = .off, networkName: String = "lan", interface: String = "",
                subnet: IPv4Address = IPv4Address(192, 168, 1, 0), subnetMask: IPv4Address = IPv4Address(255, 255, 255, 0),
                rangeStart: IPv4Address = IPv4Address(192, 168, 1, 100), rangeEnd: IPv4Address = IPv4Address(192, 168, 1, 200),
                routers: [IPv4Address] = [IPv4Address(192, 168, 1, 1)], dnsServers: [IPv4Address] = [IPv4Address(192, 168, 1, 1)],
                broadcastAddress: IPv4Address = IPv4Address(192, 168, 1, 255), bootFilename: String = "",
                nextServer: IPv4Address? = nil, configPath: String = "", reloadCommand: [String] = []) {
        self.mode = mode
        self.networkName = networkName
        self.interface = interface
        self.subnet = subnet
        self.subnetMask = subnetMask
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.routers = routers
        self.dnsServers = dnsServers
        self.broadcastAddress = broadcastAddress
        self.bootFilename = bootFilename
        self.nextServer = nextServer
        self.configPath = configPath
        self.reloadCommand = reloadCommand
    }
}

public struct TFTPSettings: Codable, Sendable, Hashable {
    public var builtIn: Bool
    /// Root directory served; empty = `<data-dir>/tftp` (seeded from Debian's ipxe package).
    public var root: String
    public var port: Int
    public var biosBootFile: String
    public var uefiBootFile: String

    public init(builtIn: Bool = true, root: String = "", port: Int = DefaultPorts.tftp, biosBootFile: String = "undionly.kpxe",
                uefiBootFile: String = "ipxe.efi") {
        self.builtIn = builtIn
        self.root = root
        self.port = port
        self.biosBootFile = biosBootFile
        self.uefiBootFile = uefiBootFile
    }
}

public struct HTTPSettings: Codable, Sendable, Hashable {
    /// Root of boot assets served under `/assets/` and of the seed-compatible `ipxe/` export;
    /// empty = `<data-dir>/http`.
    public var rootPath: String
    /// The URL clients use to reach the boot endpoints (`http://192.168.1.2:8050`); empty = derived
    /// from iscsi.serverAddress and the listen port.
    public var publicBaseURL: String
    /// iPXE menu timeout in seconds.
    public var menuTimeoutSeconds: Int
    /// Write the seed-compatible `ipxe/` files after every change.
    public var exportFiles: Bool
    public var directoryListing: Bool
    /// Reverse proxies whose `X-Forwarded-For` names the real client (login limits, logs);
    /// from anyone else the header is ignored. Empty = trust no one.
    public var trustedProxies: [IPv4Address]
    /// Off (the default): a machine's boot event (disk reset) and its CHAP secret are only for a
    /// request from the machine itself (the kernel's neighbour table maps the client address to
    /// the machine's MAC); anyone else gets its script without secrets and no reset. On: any
    /// address may trigger any machine's boot event, for labs and benchmarks where clients are
    /// not on the server's LAN (docs/security.md).
    public var trustAnyBootClient: Bool
    /// A second TCP port serving only the unauthenticated boot endpoints and `/healthz` (for a LAN
    /// interface that should not reach the console); 0 = the `--boot-port` flag's, or none. A
    /// change rebinds it live.
    public var bootPort: Int

    public init(rootPath: String = "", publicBaseURL: String = "", menuTimeoutSeconds: Int = 5,
                exportFiles: Bool = false, directoryListing: Bool = false, trustedProxies: [IPv4Address] = [],
                trustAnyBootClient: Bool = false, bootPort: Int = 0) {
        self.rootPath = rootPath
        self.publicBaseURL = publicBaseURL
        self.menuTimeoutSeconds = menuTimeoutSeconds
        self.exportFiles = exportFiles
        self.directoryListing = directoryListing
        self.trustedProxies = trustedProxies
        self.trustAnyBootClient = trustAnyBootClient
        self.bootPort = bootPort
    }
}

extension HTTPSettings {
    /// `trustedProxies`, `trustAnyBootClient` and `bootPort` may be missing (documents saved before they existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rootPath: try c.decode(String.self, forKey: .rootPath),
                  publicBaseURL: try c.decode(String.self, forKey: .publicBaseURL),
                  menuTimeoutSeconds: try c.decode(Int.self, forKey: .menuTimeoutSeconds),
                  exportFiles: try c.decode(Bool.self, forKey: .exportFiles),
                  directoryListing: try c.decode(Bool.self, forKey: .directoryListing),
                  trustedProxies: try c.decodeIfPresent([IPv4Address].self, forKey: .trustedProxies) ?? [],
                  trustAnyBootClient: try c.decodeIfPresent(Bool.self, forKey: .trustAnyBootClient) ?? false,
                  bootPort: try c.decodeIfPresent(Int.self, forKey: .bootPort) ?? 0)
    }
}

public enum TargetDriverKind: String, Codable, Sendable, CaseIterable {
    /// Pick LIO when configfs is mounted, tgt when tgtd answers, else the built-in target.
    case auto
    case lio, tgt
    /// disklessd's own target (`disklessd target`): machine disks are the image version (shared,
    /// read-only) plus a per-machine overlay; a reset drops the overlay.
    case builtin
}

public struct ISCSISettings: Codable, Sendable, Hashable {
    public var driver: TargetDriverKind
    /// Address clients reach the portal at (and the default next-server).
    public var serverAddress: IPv4Address
    public var portalPort: Int
    /// Initiator IQN used when a machine has none of its own; empty = `<targetPrefix>:client.<mac>`.
    public var globalInitiatorIQN: String
    public var targetPrefix: String
    public var chap: Bool
    /// The built-in target's overlays (driver `builtin`, or `auto` picking it).
    public var builtin: BuiltinTargetSettings

    public init(driver: TargetDriverKind = .auto, serverAddress: IPv4Address = IPv4Address(192, 168, 1, 2),
                portalPort: Int = DefaultPorts.iscsi, globalInitiatorIQN: String = "", targetPrefix: String = "iqn.2022-10.org.dbc.iscsi",
                chap: Bool = false, builtin: BuiltinTargetSettings = .init()) {
        self.driver = driver
        self.serverAddress = serverAddress
        self.portalPort = portalPort
        self.globalInitiatorIQN = globalInitiatorIQN
        self.targetPrefix = targetPrefix
        self.chap = chap
        self.builtin = builtin
    }
}

public struct ThriftSettings: Codable, Sendable, Hashable {
    public var enabled: Bool
    /// Loopback by default: the port has no authentication of its own, so a LAN address needs
    /// a non-empty `allowedClients` (settings validation refuses it otherwise).
    public var listenAddress: String
    public var port: Int
    /// Addresses allowed to connect besides loopback (always allowed); empty = loopback only.
    public var allowedClients: [IPv4Address]
    /// Port of the agent in the client OS.
    public var agentPort: Int
    public var agentTimeoutSeconds: Int

    public init(enabled: Bool = true, listenAddress: String = "127.0.0.1", port: Int = DefaultPorts.thrift,
                allowedClients: [IPv4Address] = [], agentPort: Int = DefaultPorts.agent, agentTimeoutSeconds: Int = 3) {
        self.enabled = enabled
        self.listenAddress = listenAddress
        self.port = port
        self.allowedClients = allowedClients
        self.agentPort = agentPort
        self.agentTimeoutSeconds = agentTimeoutSeconds
    }
}

public struct PowerSettings: Codable, Sendable, Hashable {
    public var defaultDriver: PowerDriverKind
    /// Seconds power-off waits for the OS to shut down before it forces.
    public var gracefulTimeoutSeconds: Int
    public var ipmitoolPath: String
    /// The Smyoo cloud account of the `smyoo` driver.
    public var smyoo: SmyooSettings

    public init(defaultDriver: PowerDriverKind = .wol, gracefulTimeoutSeconds: Int = 60,
                ipmitoolPath: String = "/usr/bin/ipmitool", smyoo: SmyooSettings = .init()) {
        self.defaultDriver = defaultDriver
        self.gracefulTimeoutSeconds = gracefulTimeoutSeconds
        self.ipmitoolPath = ipmitoolPath
        self.smyoo = smyoo
    }

    /// Settings saved before the `smyoo` section existed decode with its defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(defaultDriver: try c.decode(PowerDriverKind.self, forKey: .defaultDriver),
                  gracefulTimeoutSeconds: try c.decode(Int.self, forKey: .gracefulTimeoutSeconds),
                  ipmitoolPath: try c.decode(String.self, forKey: .ipmitoolPath),
                  smyoo: try c.decodeIfPresent(SmyooSettings.self, forKey: .smyoo) ?? .init())
    }
}
