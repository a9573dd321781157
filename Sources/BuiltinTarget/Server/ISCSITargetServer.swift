import AcceptPause
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The iSCSI portal: a TCP listener whose connections each run a `TargetConnectionHandler`,
/// with a small thread pool for the disks' blocking I/O.
public struct ISCSITargetServer: Service {
    public let host: String
    public let port: Int
    public let registry: TargetRegistry
    public let limits: TargetLimits
    public let ioThreads: Int
    public let logger: Logger
    let group: any EventLoopGroup
    let onBound: (@Sendable (Int) -> Void)?

    public init(host: String, port: Int, registry: TargetRegistry, limits: TargetLimits = TargetLimits(), ioThreads: Int = 8,
                logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                onBound: (@Sendable (Int) -> Void)? = nil) {
        self.host = host
        self.port = port
        self.registry = registry
        self.limits = limits
        self.ioThreads = ioThreads
        self.logger = logger
        self.group = group
        self.onBound = onBound
    }

    public func run() async throws {
        let pool = NIOThreadPool(numberOfThreads: ioThreads)
        pool.start()
        let registry = self.registry, limits = self.limits, logger = self.logger
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                // Out of descriptors (EMFILE): stop accepting for a second instead of spinning.
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler())
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            TargetConnectionHandler(registry: registry, pool: pool, limits: limits, logger: logger))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        let bound = channel.localAddress?.port ?? port
        logger.notice("iscsi: portal listening", metadata: ["address": "\(host):\(bound)"])
        onBound?(bound)
        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        for target in registry.all { target.dropSessions() }
        try? await pool.shutdownGracefully()
    }
}
