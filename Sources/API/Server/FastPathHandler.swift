import Domain
import NIOCore
import NIOHTTP1

/// The client of one connection, worked out once when it opens (not per request): the socket
/// peer's IPv4 address (nil for IPv6 and Unix sockets; an IPv4-mapped IPv6 peer counts as IPv4)
/// and its text, the rate-limit key.
public struct FastPeer: Sendable {
    public let address: IPv4Address?
    public let text: String?

    init(_ socket: SocketAddress?) {
        let text = socket?.ipAddress
        let plain = text.map { $0.hasPrefix("::ffff:") ? String($0.dropFirst(7)) : $0 }
        self.address = plain.flatMap { IPv4Address($0) }
        self.text = self.address == nil ? text : plain
    }
}

/// Answers a request synchronously on the event loop with the whole response (status line,
/// headers, body) as bytes, or returns nil to leave it to Hummingbird. Gets the request head, the
/// connection's client and the channel's allocator. Must not block.
public typealias FastAnswerer = @Sendable (HTTPRequestHead, FastPeer, ByteBufferAllocator) -> ByteBuffer?

/// A handler in each HTTP/1 connection's pipeline right after NIOHTTP1's request decoder, before
/// the HTTP types codec and Hummingbird: a request `answerer` can answer from memory is answered
/// here, on the event loop, and its response bytes are written straight to the socket side of
/// the pipeline (`RawResponseWriter`, before NIOHTTP1's response encoder); every other request
/// passes through whole to Hummingbird. The profile of a boot storm showed the HTTP types
/// conversions, Hummingbird's connection-state handler and the response encoder costing more per
/// fast answer than the answer itself.
///
/// Because Hummingbird's connection-state handler never sees a fast answer, this handler keeps
/// the connection's header-read timeout itself (Hummingbird's runs with none): the connection is
/// closed when no request part has arrived for `headerTimeout` since it opened or since its last
/// response, unless a request passed to Hummingbird is still being answered. The same rule as
/// Hummingbird's `HTTPConnectionStateHandler`, which still handles graceful shutdown.
///
/// Order on a pipelined connection: while a request passed to Hummingbird has not had its
/// response's end written, every later request is passed too (Hummingbird answers in order), so a
/// fast answer never overtakes a slow one. Only an HTTP/1.1 request that keeps the connection
/// alive is answered here (Hummingbird closes after a `Connection: close` one). An answered
/// request's body and end are swallowed.
public final class FastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias InboundOut = HTTPServerRequestPart
    public typealias OutboundIn = HTTPServerResponsePart
    public typealias OutboundOut = HTTPServerResponsePart

    private let answerer: FastAnswerer?
    /// Where answers are written: the position before the response encoder (set at set-up).
    var writer: RawResponseWriter?
    var headerTimeout: TimeAmount?
    private var peer = FastPeer(nil)
    /// Requests passed to Hummingbird whose response has not ended yet.
    private var passedOpen = 0
    /// A request's head has arrived and its end not yet.
    private var reading = false
    /// The last request part read or response ended.
    private var lastActive = NIODeadline.now()
    private var timer: Scheduled<Void>?
    /// The answer to the request being read (its body and end are dropped), written at its end.
    private var answering: ByteBuffer?
    private var swallowing = false
    private var unflushed = false

    /// - Parameter answerer: nil keeps only the header-read timeout (a port without fast answers).
    public init(answerer: FastAnswerer?) {
        self.answerer = answerer
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        peer = FastPeer(context.channel.remoteAddress)
        lastActive = .now()
        if context.channel.isActive { armTimer(context, at: lastActive) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    public func channelActive(context: ChannelHandlerContext) {
        if peer.text == nil { peer = FastPeer(context.channel.remoteAddress) }
        lastActive = .now()
        armTimer(context, at: lastActive)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActive = .now()
        switch unwrapInboundIn(data) {
        case .head(let head):
            reading = true
            if passedOpen == 0, head.version == .http1_1, head.isKeepAlive, let answerer, writer?.context != nil,
               let answer = answerer(head, peer, context.channel.allocator) {
                answering = answer
                swallowing = true
                return
            }
            passedOpen += 1
            context.fireChannelRead(data)
        case .body:
            if !swallowing { context.fireChannelRead(data) }
        case .end:
            reading = false
            guard swallowing else { return context.fireChannelRead(data) }
            swallowing = false
            if let answer = answering, let out = writer?.context {
                answering = nil
                out.write(NIOAny(answer), promise: nil)
                unflushed = true
            }
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            passedOpen = max(0, passedOpen - 1)
            if passedOpen == 0 { lastActive = .now() }
        }
        context.write(data, promise: promise)
    }

    // MARK: header-read timeout

    private func armTimer(_ context: ChannelHandlerContext, at start: NIODeadline) {
        guard let headerTimeout, timer == nil else { return }
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: start + headerTimeout) { [self] in
            timer = nil
            timedOut(context)
        }
    }

    private func timedOut(_ context: ChannelHandlerContext) {
        guard let headerTimeout, context.channel.isActive else { return }
        let now = NIODeadline.now()
        if !reading, passedOpen > 0 {
            armTimer(context, at: now)   // a request is being answered: look again later
        } else if now >= lastActive + headerTimeout {
            context.close(promise: nil)
        } else {
            armTimer(context, at: lastActive)
        }
    }
}

/// Marks the place before NIOHTTP1's response encoder, where `FastPathHandler` writes its
/// already-encoded answers; passes everything through.
final class RawResponseWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = NIOAny
    private(set) var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }
}
