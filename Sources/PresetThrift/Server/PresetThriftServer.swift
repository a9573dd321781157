import AcceptPause
import Domain
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import ThriftCodec

/// The dbc door: a TCP server speaking the Preset service. Each connection is served in its own
/// task, one request at a time (Thrift clients wait for each answer); connections run in
/// parallel, so a slow forwarded call never blocks other clients (the prototype's hang).
public struct PresetThriftServer: Service {
    public let config: PresetServerConfig
    public let dispatcher: PresetDispatcher
    public let logger: Logger
    let group: any EventLoopGroup
    let onBound: (@Sendable (Int) -> Void)?
    let currentAllowedClients: (@Sendable () async -> [IPv4Address])?
    let gate: ThriftConnectionGate

    /// - Parameters:
    ///   - onBound: called with the bound port once the server listens.
    ///   - currentAllowedClients: read for every new connection (the settings as they are now);
    ///     nil uses `config.allowedClients`.
    public init(config: PresetServerConfig, dispatcher: PresetDispatcher, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                onBound: (@Sendable (Int) -> Void)? = nil,
                currentAllowedClients: (@Sendable () async -> [IPv4Address])? = nil) {
        self.config = config
        self.dispatcher = dispatcher
        self.logger = logger
        self.group = group
        self.onBound = onBound
        self.currentAllowedClients = currentAllowedClients
        self.gate = ThriftConnectionGate(maxConnections: config.maxConnections, maxPerClient: config.maxConnectionsPerClient)
    }

    /// The bound listening socket: `serve` it; closing its channel stops accepting.
    public typealias Listener = NIOAsyncChannel<NIOAsyncChannel<ThriftInbound, ByteBuffer>, Never>

    public func run() async throws {
        let server = try await bind()
        try await withGracefulShutdownHandler {
            try await serve(server)
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Binds `config.host:config.port` (throws when it is taken) and reports the bound port.
    public func bind() async throws -> Listener {
        let limits = config.limits
        let idle = config.idleTimeoutSeconds
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            // Out of descriptors (EMFILE): stop accepting for a second instead of spinning.
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler())
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that sends its request and shuts down its write side still gets the answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: config.host, port: config.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(IdleStateHandler(readTimeout: .seconds(idle)))
                    // The buffer holds at most one message (plus what one read brings).
                    try sync.addHandler(ByteToMessageHandler(ThriftFrameDecoder(limits: limits),
                                                             maximumBufferSize: limits.maxMessageSize + 65_536))
                    try sync.addHandler(IdleCloser())
                    return try NIOAsyncChannel<ThriftInbound, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? config.port
        logger.info("thrift: listening", metadata: ["address": "\(config.host):\(port)"])
        onBound?(port)
        return server
    }

    /// Accepts connections until the listener's channel closes, each served in its own task;
    /// returns when the last connection ends.
    public func serve(_ server: Listener) async throws {
        try await withThrowingDiscardingTaskGroup { tasks in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    tasks.addTask { await serve(connection) }
                }
            }
        }
    }

    /// Serves one connection until the peer closes, goes idle or sends something malformed.
    func serve(_ connection: NIOAsyncChannel<ThriftInbound, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.ipAddress
        var rules = config
        if let currentAllowedClients { rules.allowedClients = await currentAllowedClients() }
        guard rules.allows(peer: peer) else {
            logger.notice("thrift: refused a client that is not allowed", metadata: ["peer": "\(peer ?? "?")"])
            try? await connection.channel.close()
            return
        }
        let address = peer ?? "unknown"
        let (verdict, logRefusal) = gate.open(address)
        guard verdict == .accepted else {
            if logRefusal {
                logger.warning("thrift: connection refused, too many connections (logged once a minute per client)",
                               metadata: ["peer": "\(address)", "limit": "\(verdict == .overClient ? "per client" : "total")"])
            }
            await refuseBusy(connection)
            return
        }
        defer { gate.close(address) }
        let actor = "thrift:\(address)"
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await item in inbound {
                    switch item {
                    case .message(let bytes, let transport):
                        guard let reply = await dispatcher.respond(to: bytes, actor: actor) else { continue }
                        try await outbound.write(ByteBuffer(bytes: transport.wrap(reply)))
                    case .malformed(let why, let transport):
                        logger.notice("thrift: malformed input, closing", metadata: ["peer": "\(peer ?? "?")", "why": "\(why)"])
                        let exception = PresetReply.applicationException(TApplicationException(.protocolError, why))
                        let bytes = exception.encode(name: "", sequenceID: 0)
                        try await outbound.write(ByteBuffer(bytes: (transport ?? .buffered).wrap(bytes)))
                        return
                    }
                }
            }
        } catch {
            logger.debug("thrift: connection ended", metadata: ["peer": "\(peer ?? "?")", "error": "\(error)"])
        }
    }

    /// Answers the first call of a connection over the cap with a Thrift error result (an
    /// application exception "server busy") and closes; a peer that sends nothing within
    /// `refusalWaitSeconds` is closed without one.
    func refuseBusy(_ connection: NIOAsyncChannel<ThriftInbound, ByteBuffer>) async {
        try? await connection.executeThenClose { inbound, outbound in
            let first: ThriftInbound? = await withTaskGroup(of: ThriftInbound?.self) { group in
                group.addTask {
                    var items = inbound.makeAsyncIterator()
                    return try? await items.next()
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(Self.refusalWaitSeconds))
                    return nil
                }
                let winner = await group.next() ?? nil
                group.cancelAll()
                return winner
            }
            guard case .message(let bytes, let transport) = first else { return }
            var reader = ThriftReader(bytes, limits: config.limits)
            let header = try? reader.readMessageHeader()
            let busy = PresetReply.applicationException(
                TApplicationException(.internalError, "server busy: too many connections, try again later"))
            let reply = busy.encode(name: header?.name ?? "", sequenceID: header?.sequenceID ?? 0, strict: header?.strict ?? true)
            try await outbound.write(ByteBuffer(bytes: transport.wrap(reply)))
        }
    }

    static let refusalWaitSeconds = 5
}
