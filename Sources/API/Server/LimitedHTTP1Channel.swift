import AcceptPause
import Domain
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with disklessd's limits in front of it (byte level,
/// before the HTTP decoder): the connection caps (`ConnectionRefusalHandler`) and the idle
/// timeout. The header-read timeout is Hummingbird's own idle timeout, which runs from the
/// connection's start or the last response until a complete request head has arrived.
public struct LimitedHTTP1Channel: ServerChildChannel {
    public typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let gate: HTTPConnectionGate
    let idleTimeout: TimeAmount
    /// Handlers placed after Hummingbird's connection-state handler (which then still sees every
    /// request and response), before the request reaches the router: the boot fast path.
    var afterStateHandler: @Sendable () -> [any RemovableChannelHandler] = { [] }
    let logger: Logger

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let gate = gate, idle = idleTimeout, log = self.logger
        let front: EventLoopFuture<Void> = channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(ConnectionRefusalHandler(gate: gate, logger: log))
            try sync.addHandler(IdleStateHandler(allTimeout: idle))
            try sync.addHandler(IdleCloser())
        }
        let extra = afterStateHandler
        return front.flatMap { inner.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
            let handlers = extra()
            if !handlers.isEmpty {
                let sync = channel.pipeline.syncOperations
                let state = try sync.context(handlerType: HTTPConnectionStateHandler.self)
                try sync.addHandlers(handlers, position: .after(state.handler))
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

    /// `Application(server:)`: HTTP/1 behind the caps and timeouts; `handlers` (made per
    /// connection) answer before the router what they can (`LimitedHTTP1Channel.afterStateHandler`).
    public func server(logger: Logger, handlers: @escaping @Sendable () -> [any RemovableChannelHandler] = { [] }) -> HTTPServerBuilder {
        let gate = gate, header = headerTimeout, idle = idleTimeout
        return HTTPServerBuilder { responder in
            LimitedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: header)),
                                gate: gate, idleTimeout: idle, afterStateHandler: handlers, logger: logger)
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
