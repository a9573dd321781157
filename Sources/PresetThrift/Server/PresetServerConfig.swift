import Domain
import ThriftCodec

/// Where and how the Preset server listens.
public struct PresetServerConfig: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound port is reported through `onBound`.
    public var port: Int
    /// Addresses allowed to connect besides loopback (always allowed); empty = loopback only.
    public var allowedClients: [IPv4Address]
    /// A connection that sends nothing for this long is closed.
    public var idleTimeoutSeconds: Int64
    public var limits: ThriftLimits
    /// Connections open at once in total and per client address; more are refused.
    public var maxConnections: Int
    public var maxConnectionsPerClient: Int

    public init(host: String = "127.0.0.1", port: Int = DefaultPorts.thrift, allowedClients: [IPv4Address] = [],
                idleTimeoutSeconds: Int64 = 120, limits: ThriftLimits = Self.serverLimits,
                maxConnections: Int = 128, maxConnectionsPerClient: Int = 16) {
        self.host = host
        self.port = port
        self.allowedClients = allowedClients
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.limits = limits
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
    }

    /// The config the `thrift` and `limits` settings sections describe.
    public init(settings: ThriftSettings, limits: LimitSettings = LimitSettings()) {
        self.init(host: settings.listenAddress, port: settings.port, allowedClients: settings.allowedClients,
                  maxConnections: limits.thriftMaxConnections, maxConnectionsPerClient: limits.thriftMaxConnectionsPerClient)
    }

    /// Preset messages are a few hundred bytes: 256 KiB per message bounds what one connection
    /// can make the server buffer (the decoder's buffer never holds more than one message).
    public static let serverLimits = ThriftLimits(maxMessageSize: 256 << 10, maxStringSize: 64 << 10)

    /// Whether a peer may talk to the server. `peer` is its address as text (IPv4 or IPv6).
    public func allows(peer: String?) -> Bool {
        guard let peer else { return false }
        if Self.isLoopback(peer) { return true }
        let v4 = peer.hasPrefix("::ffff:") ? String(peer.dropFirst(7)) : peer
        guard let address = IPv4Address(v4) else { return false }
        return allowedClients.contains(address)
    }

    /// Whether `peer` (an address as text) is this machine.
    static func isLoopback(_ peer: String) -> Bool {
        peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.")
    }
}
