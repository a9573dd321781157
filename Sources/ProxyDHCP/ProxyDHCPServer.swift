import Domain
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The built-in ProxyDHCP: two UDP sockets (67 and the PXE port 4011) answering PXE clients
/// with next-server and boot file, never with an address.
public final class ProxyDHCPServer: Sendable {
    public let configuration: ProxyDHCPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let policy: @Sendable (MACAddress) async -> BootPolicy
    private let onDecision: @Sendable (ProxyDHCPEvent) -> Void
    private let channels = NIOLockedValueBox<[any Channel]>([])
    private let makeSocket: SocketFactory

    /// Creates a bound UDP socket for (address, port, interface). The default sets the options
    /// ProxyDHCP needs; tests pass one that creates it inside a network namespace.
    public typealias SocketFactory = @Sendable (_ address: String, _ port: Int, _ interface: String) throws -> CInt

    /// The default factory: SO_REUSEADDR, SO_BROADCAST, SO_BINDTODEVICE (`ProxyDHCPSocket`).
    /// Tests call it from inside a network namespace.
    public static let standardSocket: SocketFactory = { address, port, interface in
        try ProxyDHCPSocket.make(address: address, port: port, interface: interface)
    }

    /// - Parameters:
    ///   - policy: the app's lookup: `.denied` for machines registered with allowBoot == false.
    ///   - onDecision: called for every PXE request seen (answered or not).
    public init(configuration: ProxyDHCPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "disklessd.proxydhcp"),
                policy: @escaping @Sendable (MACAddress) async -> BootPolicy,
                onDecision: @escaping @Sendable (ProxyDHCPEvent) -> Void = { _ in },
                makeSocket: SocketFactory? = nil) {
        self.makeSocket = makeSocket ?? Self.standardSocket
        self.configuration = configuration
        self.group = group
        self.logger = logger
        self.policy = policy
        self.onDecision = { event in
            event.recordMetrics()
            onDecision(event)
        }
    }

    /// Binds both ports; returns the bound addresses (DHCP, PXE) — useful with port 0.
    @discardableResult
    public func start() async throws -> (dhcp: SocketAddress, pxe: SocketAddress) {
        let config = try configuration.validated()
        let responder = ProxyDHCPResponder(configuration: config)
        var bound: [SocketAddress] = []
        for (port, kind) in [(config.dhcpPort, ProxyDHCPResponder.Port.dhcp), (config.pxePort, .pxe)] {
            let fd = try makeSocket(config.bindAddress, port, config.interface)
            let policy = self.policy, onDecision = self.onDecision, logger = self.logger
            let channel = try await DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ProxyDHCPHandler(responder: responder, port: kind, policy: policy, onDecision: onDecision, logger: logger))
                    }
                }
                .withBoundSocket(fd).get()
            channels.withLockedValue { $0.append(channel) }
            guard let address = channel.localAddress else { throw ProxyDHCPError.socket("proxydhcp socket has no local address") }
            bound.append(address)
        }
        logger.info("proxydhcp: serving", metadata: ["dhcp": "\(bound[0])", "pxe": "\(bound[1])",
                                                      "interface": "\(config.interface)", "next-server": "\(config.nextServer)"])
        return (bound[0], bound[1])
    }

    /// Closes both sockets.
    public func stop() async {
        let open = channels.withLockedValue { channels in
            defer { channels = [] }
            return channels
        }
        for channel in open { try? await channel.close() }
    }
}
