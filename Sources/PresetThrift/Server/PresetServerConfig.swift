import Domain
import ThriftCodec

/// Where and how the Preset server listens.
public struct PresetServerConfig: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound port is reported through `onBound`.
    public var port: Int
    /// Addresses allowed to connect; empty = everyone. Loopback is always allowed.
    public var allowedClients: [IPv4Address]
    /// A connection that sends nothing for this long is closed.
    public var idleTimeoutSeconds: Int64
    public var limits: ThriftLimits

    public init(host: String = "0.0.0.0", port: Int = DefaultPorts.thrift, allowedClients: [IPv4Address] = [],
                idleTimeoutSeconds: Int64 = 120, limits: ThriftLimits = .default) {
        self.host = host
        self.port = port
        self.allowedClients = allowedClients
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.limits = limits
    }

    /// The config the `thrift` settings section describes.
    public init(settings: ThriftSettings) {
        self.init(host: settings.listenAddress, port: settings.port, allowedClients: settings.allowedClients)
    }

    /// Whether a peer may talk to the server. `peer` is its address as text (IPv4 or IPv6).
    public func allows(peer: String?) -> Bool {
        guard let peer else { return false }
        if peer == "::1" || peer == "127.0.0.1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.") { return true }
        if allowedClients.isEmpty { return true }
        let v4 = peer.hasPrefix("::ffff:") ? String(peer.dropFirst(7)) : peer
        guard let address = IPv4Address(v4) else { return false }
        return allowedClients.contains(address)
    }
}
