import Domain
import Foundation
import Logging

/// How expensive password hashes are. Tests use `.testing` so they run fast.
public enum PasswordCost: Sendable, Hashable {
    /// scrypt N = 2^14, r = 8, p = 1 (about 60 ms per hash).
    case standard
    /// scrypt N = 2^10: for tests only.
    case testing
}

/// What the services need besides the database.
public struct ServiceConfig: Sendable {
    /// The data directory (`disklessd.sqlite`, `disks/`, `tftp/`, `http/`).
    public var dataDir: String
    /// The clock; tests inject a fixed or advancing one.
    public var now: @Sendable () -> Date
    public var passwordCost: PasswordCost
    /// Sessions expire this long after their last use (sliding).
    public var sessionLifetime: TimeInterval
    /// Failed logins per username + address within `loginWindow` before `.rateLimited`.
    public var maxFailedLogins: Int
    public var loginWindow: TimeInterval
    public var logger: Logger
    /// The settings until the first save. `serve` puts this host's address in (the interface
    /// `dhcp.interface` names, else the first one up) instead of `Settings()`'s 192.168.1.2.
    public var defaultSettings: Settings = Settings()
    /// The IPv4 address of an interface (`""`: the first one up, not loopback) and its name; nil
    /// when there is none. `serve` reads the host's (getifaddrs); tests have none.
    public var interfaceAddress: @Sendable (String) -> (name: String, address: IPv4Address)? = { _ in nil }
    /// The port of the boot endpoints, for the effective public base URL.
    public var listenPort: Int = DefaultPorts.http

    public init(dataDir: String, now: @escaping @Sendable () -> Date = { Date() }, passwordCost: PasswordCost = .standard,
                sessionLifetime: TimeInterval = 12 * 3600, maxFailedLogins: Int = 5, loginWindow: TimeInterval = 300,
                logger: Logger = Logger(label: "disklessd.services")) {
        self.dataDir = dataDir
        self.now = now
        self.passwordCost = passwordCost
        self.sessionLifetime = sessionLifetime
        self.maxFailedLogins = maxFailedLogins
        self.loginWindow = loginWindow
        self.logger = logger
    }
}
