import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A complete response the fast path writes itself.
public struct FastResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: ByteBuffer

    public init(status: HTTPResponse.Status = .ok, headers: HTTPFields, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Answers a request synchronously on the event loop, or returns nil to leave it to Hummingbird.
/// Gets the request head and the socket peer. Must not block.
public typealias FastAnswerer = @Sendable (HTTPRequest, SocketAddress?) -> FastResponse?

/// A handler in each HTTP/1 connection's pipeline, after NIOHTTP1's parser and the HTTP types
/// codec and after Hummingbird's connection-state handler (which so still sees every request and
/// response: idle timeout, graceful close). A request `answerer` can answer from memory is
/// answered here, on the event loop, without a task, a router or an async channel; every other
/// request passes through whole to Hummingbird.
///
/// Order on a pipelined connection: while a request passed to Hummingbird has not had its
/// response's end written, every later request is passed too (Hummingbird answers in order), so a
/// fast answer never overtakes a slow one. A request with `Connection: close` is always passed
/// (Hummingbird closes after its response). An answered request's body and end are swallowed.
public final class FastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let answerer: FastAnswerer
    private var peer: SocketAddress?
    /// Requests passed to Hummingbird whose response has not ended yet.
    private var passedOpen = 0
    /// The answer to the request being read (its body and end are dropped), written at its end.
    private var answering: FastResponse?
    private var swallowing = false
    private var unflushed = false

    public init(answerer: @escaping FastAnswerer) {
        self.answerer = answerer
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if passedOpen == 0, Self.keepsAlive(request), let answer = answerer(request, peer) {
                answering = answer
                swallowing = true
                return
            }
            passedOpen += 1
            context.fireChannelRead(data)
        case .body:
            if !swallowing { context.fireChannelRead(data) }
        case .end:
            guard swallowing else { return context.fireChannelRead(data) }
            swallowing = false
            if let answer = answering {
                answering = nil
                write(answer, context: context)
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
        if case .end = unwrapOutboundIn(data) { passedOpen = max(0, passedOpen - 1) }
        context.write(data, promise: promise)
    }

    /// No `Connection` header, or `keep-alive`: Hummingbird keeps the connection open after it.
    static func keepsAlive(_ request: HTTPRequest) -> Bool {
        guard let value = request.headerFields[.connection] else { return true }
        return value.lowercased() == "keep-alive"
    }

    private func write(_ answer: FastResponse, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: answer.headers))), promise: nil)
        if answer.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(answer.body)), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        unflushed = true
    }
}
