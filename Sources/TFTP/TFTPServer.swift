import Domain
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Where and how a `TFTPServer` listens and what it serves.
public struct TFTPServerConfiguration: Sendable {
    /// Address to bind (`0.0.0.0` for every interface); transfer ports bind the same address.
    public var host: String
    /// The request port: 69, or 0 for an ephemeral port (tests).
    public var port: Int
    /// The served directory.
    public var rootPath: String
    public var limits: TFTPLimits

    public init(host: String = "0.0.0.0", port: Int = DefaultPorts.tftp, rootPath: String, limits: TFTPLimits = TFTPLimits()) {
        self.host = host
        self.port = port
        self.rootPath = rootPath
        self.limits = limits
    }
}

/// A read-only TFTP server: one listening channel for requests and one new channel per transfer.
public final class TFTPServer: Sendable {
    public let configuration: TFTPServerConfiguration
    private let group: any EventLoopGroup
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let onTransfer: @Sendable (TFTPTransferReport) -> Void
    private let state: NIOLockedValueBox<State>

    private struct State {
        var listener: (any Channel)?
        var transfers: [ObjectIdentifier: any Channel] = [:]
        var budget: TFTPBudget
    }

    /// - Parameters:
    ///   - onTransfer: called once per finished or refused transfer, on an event loop thread.
    public init(configuration: TFTPServerConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                threadPool: NIOThreadPool = .singleton, logger: Logger = Logger(label: "disklessd.tftp"),
                onTransfer: @escaping @Sendable (TFTPTransferReport) -> Void = { _ in }) {
        self.configuration = configuration
        self.state = NIOLockedValueBox(State(budget: TFTPBudget(limits: configuration.limits)))
        self.group = group
        self.threadPool = threadPool
        self.logger = logger
        self.onTransfer = { report in
            report.recordMetrics()
            onTransfer(report)
        }
    }

    /// Binds the request port and starts serving; returns the bound address (useful with port 0).
    @discardableResult
    public func start() async throws -> SocketAddress {
        let root = try TFTPRoot(path: configuration.rootPath)
        let limits = configuration.limits
        let logger = self.logger
        let report = self.onTransfer
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = TFTPListenerHandler(root: root, limits: limits, admit: { [self] client, readAhead in
                        self.state.withLockedValue { $0.budget.admit(client: client, readAhead: readAhead) }
                    }, startTransfer: { [self] accepted in
                        self.startTransfer(accepted)
                    }, report: report, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        state.withLockedValue { $0.listener = channel }
        guard let address = channel.localAddress else { throw TFTPError.io("tftp listener has no local address") }
        logger.info("tftp: serving", metadata: ["address": "\(address)", "root": "\(root.resolvedPath)"])
        return address
    }

    /// Stops listening and ends the transfers in flight.
    public func stop() async {
        let (listener, transfers) = state.withLockedValue { state in
            defer { state.listener = nil; state.transfers = [:] }
            return (state.listener, Array(state.transfers.values))
        }
        for channel in transfers { try? await channel.close() }
        try? await listener?.close()
    }

    /// Number of transfers in flight.
    public var activeTransfers: Int { state.withLockedValue { $0.transfers.count } }

    /// Transfers admitted and not yet ended, and the read-ahead bytes they reserved.
    public var reserved: (transfers: Int, readAheadBytes: Int) {
        state.withLockedValue { ($0.budget.transfers, $0.budget.readAheadBytes) }
    }

    /// Gives back a transfer's reservation when it ends (however it ends).
    private func release(_ accepted: TFTPListenerHandler.Accepted) {
        let client = accepted.client.ipAddress ?? "\(accepted.client)"
        state.withLockedValue { $0.budget.release(client: client, readAhead: accepted.readAhead) }
    }

    /// Binds a new ephemeral port for one transfer (RFC 1350: a new TID per transfer).
    private func startTransfer(_ accepted: TFTPListenerHandler.Accepted) {
        let reader = accepted.reader
        let threadPool = self.threadPool
        let readBlocks: TFTPTransferHandler.BlockReader = { offset, length, loop in
            threadPool.runIfActive(eventLoop: loop) {
                try reader.read(offset: offset, length: length, allocator: ByteBufferAllocator())
            }
        }
        let logger = self.logger
        let report = self.onTransfer
        DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = TFTPTransferHandler(transfer: accepted.transfer, client: accepted.client,
                                                      fileName: accepted.fileName, readBlocks: readBlocks,
                                                      report: report, logger: logger,
                                                      segmentation: System.supportsUDPSegmentationOffload,
                                                      maxLifetime: .seconds(Int64(self.configuration.limits.maxTransferSeconds)))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: configuration.host, port: 0)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    let id = ObjectIdentifier(channel)
                    self.state.withLockedValue { $0.transfers[id] = channel }
                    channel.closeFuture.whenComplete { _ in
                        reader.close()
                        self.state.withLockedValue { _ = $0.transfers.removeValue(forKey: id) }
                        self.release(accepted)
                    }
                case .failure(let error):
                    reader.close()
                    self.release(accepted)
                    logger.error("tftp: cannot bind a transfer port", metadata: ["error": "\(error)"])
                    report(TFTPTransferReport(client: accepted.client, fileName: accepted.fileName, bytes: 0,
                                              outcome: .failed(message: "cannot bind a transfer port: \(error)")))
                }
            }
    }
}
