import AcceptPause
import Domain
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with disklessd's limits in front of it (byte level,
/// before the HTTP decoder): the connection caps (`ConnectionRefusalHandler`) and the idle
/// timeout. The header-read timeout runs from the connection's start or the last response until a
/// complete request head has arrived: Hummingbird's own idle timeout, or with a fast path the
/// `FastPathHandler`'s (the same rule).
public struct LimitedHTTP1Channel: ServerChildChannel {
    public typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let gate: HTTPConnectionGate
    let idleTimeout: TimeAmount
    /// Makes the connection's `FastPathHandler` (right after the request decoder; it then keeps the
    /// header-read timeout, and `inner` runs without one), or nil.
    var fastPath: (@Sendable () -> FastPathHandler)?
    let headerTimeout: TimeAmount
    let logger: Logger

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let gate = gate, idle = idleTimeout, log = self.logger, header = headerTimeout
        let front: EventLoopFuture<Void> = channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(ConnectionRefusalHandler(gate: gate, logger: log))
            try sync.addHandler(IdleStateHandler(allTimeout: idle))
            try sync.addHandler(IdleCloser())
        }
        let makeFastPath = fastPath
        return front.flatMap { inner.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
            if let makeFastPath {
                let sync = channel.pipeline.syncOperations
                let encoder = try sync.context(handlerType: HTTPResponseEncoder.self)
                let decoder = try sync.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
                let writer = RawResponseWriter()
                try sync.addHandler(writer, position: .before(encoder.handler))
                let handler = makeFastPath()
                handler.writer = writer
                handler.headerTimeout = header
                try sync.addHandler(handler, position: .after(decoder.handler))
            }
            return value
        }
    }

    public func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// The HTTP server with the `limits` settings applied.
public struct HTTPServerLimits: Sendable {
    public let gate: HTTPConnectionGate
    public let headerTimeout: TimeAmount
    public let idleTimeout: TimeAmount

    /// The `limits` section, and `http.trustedProxies` (exempt from the per-client cap).
    public init(settings: Settings) {
        self.init(limits: settings.limits, trustedProxies: settings.http.trustedProxies)
    }

    public init(limits: LimitSettings, trustedProxies: [IPv4Address]) {
        gate = HTTPConnectionGate(maxConnections: limits.httpMaxConnections, maxPerClient: limits.httpMaxConnectionsPerClient,
                                  trustedProxies: trustedProxies)
        headerTimeout = .seconds(Int64(limits.httpHeaderTimeoutSeconds))
        idleTimeout = .seconds(Int64(limits.httpIdleTimeoutSeconds))
    }

    /// `Application(server:)`: HTTP/1 behind the caps and timeouts; `fastPath` (made per
    /// connection) answers before Hummingbird what it can (`FastPathHandler`).
    public func server(logger: Logger, fastPath: (@Sendable () -> FastPathHandler)? = nil) -> HTTPServerBuilder {
        let gate = gate, header = headerTimeout, idle = idleTimeout
        return HTTPServerBuilder { responder in
            // With a fast path, the header-read timeout is its own (Hummingbird never sees its answers).
            LimitedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: fastPath == nil ? header : nil)),
                                gate: gate, idleTimeout: idle, fastPath: fastPath, headerTimeout: header, logger: logger)
        }
    }

    /// `ApplicationConfiguration(backlog:)`: room for a café's PCs connecting in the same moment.
    /// Hummingbird's default of 256 overflowed in the boot storm (500 connections opened at once:
    /// 131–179 overflows, each a client waiting for the kernel's 1 s SYN retry); the kernel caps it
    /// at `net.core.somaxconn` (4096 by default).
    public static let listenBacklog = 1024

    /// `ApplicationConfiguration(availableConnectionsDelegate:)`: stop accepting at the hard cap.
    public var connectionsDelegate: any AvailableConnectionsDelegate { HardConnectionCap(gate: gate) }
}
