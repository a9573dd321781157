import Domain
import Logging
import NIOCore

/// First handler of every HTTP connection. Counts it in the `HTTPConnectionGate`; over a cap it
/// answers the first request itself (raw bytes, before the HTTP decoder: 503 when the server is
/// full, 429 when this client holds its share; both with Retry-After), half-closes and drops
/// whatever else arrives until the peer closes or `lingerSeconds` pass.
final class ConnectionRefusalHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let gate: HTTPConnectionGate
    private let logger: Logger
    private var peer = "unknown"
    private var refusal: ConnectionCounts.Verdict?
    private var counted = false
    private var answered = false
    static let retryAfterSeconds = 5
    static let lingerSeconds: Int64 = 2

    init(gate: HTTPConnectionGate, logger: Logger) {
        self.gate = gate
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
        let (verdict, log) = gate.open(peer)
        if verdict == .accepted {
            counted = true
            return
        }
        refusal = verdict
        if log {
            logger.warning("http: connection refused, too many connections (logged once a minute per client)",
                           metadata: ["peer": "\(peer)", "limit": "\(verdict == .overClient ? "per client" : "total")"])
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Self.lingerSeconds)) { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func release() {
        guard counted else { return }
        counted = false
        gate.close(peer)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let refusal else { return context.fireChannelRead(data) }
        guard !answered else { return }
        answered = true
        let response = Self.response(for: refusal)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: response)), promise: nil)
        context.close(mode: .output, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refusal != nil, let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    static func response(for verdict: ConnectionCounts.Verdict) -> String {
        let (status, body) = verdict == .overClient
            ? ("429 Too Many Requests", "too many connections from this address, try again later\n")
            : ("503 Service Unavailable", "server busy: too many connections, try again later\n")
        return "HTTP/1.1 \(status)\r\nRetry-After: \(retryAfterSeconds)\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }
}

@available(*, unavailable)
extension ConnectionRefusalHandler: Sendable {}
