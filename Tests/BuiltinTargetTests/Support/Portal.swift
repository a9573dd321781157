@testable import BuiltinTarget
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The real portal (TargetConnectionHandler on a TCP listener, port 0) serving one target whose
/// LUN 0 is a 4 MiB file of zeros, for tests that speak iSCSI to it over loopback.
final class Portal: Sendable {
    static let targetName = "iqn.2026-12.org.disklessd.test:portal"
    static let initiatorA = "iqn.2026-12.org.disklessd.test:client.a"
    static let initiatorB = "iqn.2026-12.org.disklessd.test:client.b"

    let pool: NIOThreadPool
    let channel: any Channel
    let port: Int
    let unit: LogicalUnit
    let file: String

    private init(pool: NIOThreadPool, channel: any Channel, unit: LogicalUnit, file: String) {
        self.pool = pool
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.unit = unit
        self.file = file
    }

    static func start() async throws -> Portal {
        let file = NSTemporaryDirectory() + "portal-\(UUID().uuidString).img"
        FileManager.default.createFile(atPath: file, contents: Data(count: 4 << 20))
        let unit = LogicalUnit(number: 0, device: try FileDisk(path: file, readOnly: false), identity: targetName)
        let registry = TargetRegistry()
        registry.put(ExportedTarget(access: TargetAccess(iqn: targetName, initiators: [initiatorA, initiatorB]), units: [unit]))
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        let logger = Logger(label: "portal-test")
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TargetConnectionHandler(registry: registry, pool: pool, limits: TargetLimits(), logger: logger))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return Portal(pool: pool, channel: channel, unit: unit, file: file)
    }

    func stop() async throws {
        try await channel.close()
        try await pool.shutdownGracefully()
        try? FileManager.default.removeItem(atPath: file)
    }

    func initiator(_ name: String = Portal.initiatorA, isid: UInt8 = 1) throws -> TestInitiator {
        try TestInitiator(port: port, initiator: name, target: Self.targetName, isid: isid)
    }
}
