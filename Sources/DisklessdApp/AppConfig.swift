import BootHTTP
import Domain
import Foundation
import Logging

/// Everything the composition root needs to start disklessd. Built by the CLI from flags and
/// environment, by tests in memory (port 0, temp data dir).
public struct AppConfig: Sendable {
    /// Holds `disklessd.sqlite`, `disks/`, `tftp/`, `http/`.
    public var dataDir: String
    /// Listen address of the API, console and boot endpoints.
    public var host: String
    /// 0 picks a free port (tests); `App.run(onListening:)` reports the bound one.
    public var port: Int
    /// An optional second port that serves only the unauthenticated boot endpoints (for a LAN
    /// interface that should not expose the console).
    public var bootOnlyPort: Int?
    public var logLevel: Logger.Level
    /// The console's files; nil disables the console.
    public var webRoot: String?
    /// Start the built-in UDP servers (TFTP, ProxyDHCP) and the Thrift port. Tests that only
    /// need HTTP turn this off so they bind nothing else.
    public var startNetworkServices: Bool
    /// The boot endpoints' per-address rate limit (`DISKLESSD_BOOT_RATE`).
    public var bootRateLimit: BootRateLimit
    /// The `disklessd` executable, to run `disklessd target` as a child when the built-in target
    /// driver is chosen and no built-in target answers; nil never starts one (tests).
    public var targetExecutable: String?
    /// Makes ProxyDHCP's bound UDP sockets (address, port, interface); nil = the standard one.
    /// Tests pass one that creates them inside a network namespace.
    public var proxyDHCPSocket: (@Sendable (_ address: String, _ port: Int, _ interface: String) throws -> CInt)?

    public init(dataDir: String = AppConfig.defaultDataDir, host: String = "0.0.0.0", port: Int = DefaultPorts.http,
                bootOnlyPort: Int? = nil, logLevel: Logger.Level = .info, webRoot: String? = "web",
                startNetworkServices: Bool = true, bootRateLimit: BootRateLimit = BootRateLimit(), targetExecutable: String? = nil,
                proxyDHCPSocket: (@Sendable (_ address: String, _ port: Int, _ interface: String) throws -> CInt)? = nil) {
        self.dataDir = dataDir
        self.host = host
        self.port = port
        self.bootOnlyPort = bootOnlyPort
        self.logLevel = logLevel
        self.webRoot = webRoot
        self.startNetworkServices = startNetworkServices
        self.bootRateLimit = bootRateLimit
        self.targetExecutable = targetExecutable
        self.proxyDHCPSocket = proxyDHCPSocket
    }

    /// `DISKLESSD_BOOT_RATE` of this process, or the defaults; throws on a malformed value so
    /// `serve` refuses to start instead of running with limits the operator did not ask for.
    public static func bootRateLimitFromEnvironment() throws(BootRateLimitError) -> BootRateLimit {
        try BootRateLimit.fromEnvironment()
    }

    /// `/var/lib/disklessd` as root, `./data` otherwise.
    public static var defaultDataDir: String { getuid() == 0 ? "/var/lib/disklessd" : "./data" }

    /// The SQLite database file inside the data directory.
    public var databasePath: String { (dataDir as NSString).appendingPathComponent("disklessd.sqlite") }
}
