import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The control socket connection a `ControlClient` keeps open: made on first use, replaced after
/// it closes. Requests are written as they come (pipelined); `ControlReplyHandler` hands each
/// answer line to the oldest request still waiting.
final class ControlConnection: Sendable {
    enum Failure: Error, CustomStringConvertible {
        /// The connection closed before the answer came.
        case lost
        case timedOut(TimeAmount)

        var description: String {
            switch self {
            case .lost: "the control connection closed before the answer"
            case .timedOut(let t): "no answer on the control socket within \(t.nanoseconds / 1_000_000_000) s"
            }
        }
    }

    let path: String
    let timeout: TimeAmount
    let group: any EventLoopGroup
    let current = NIOLockedValueBox<EventLoopFuture<any Channel>?>(nil)

    init(path: String, timeout: TimeAmount, group: any EventLoopGroup) {
        self.path = path
        self.timeout = timeout
        self.group = group
    }

    /// Writes `line` (one request) and waits for its answer line. A connect failure is
    /// `ControlClient.ClientError.unreachable`; a connection that closes first is `Failure.lost`.
    func roundTrip(_ line: [UInt8]) async throws -> ByteBuffer {
        let channel: any Channel
        do { channel = try await self.channel().get() } catch { throw ControlClient.ClientError.unreachable(path, error) }
        let reply = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let timeout = self.timeout
        let path = self.path
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            // The answers of a connection pair up in order: one that never came spoils it.
            reply.fail(ControlClient.ClientError.unreachable(path, Failure.timedOut(timeout)))
            channel.close(promise: nil)
        }
        reply.futureResult.whenComplete { _ in timer.cancel() }
        channel.writeAndFlush(ControlReplyHandler.Request(line: ByteBuffer(bytes: line), reply: reply), promise: nil)
        return try await reply.futureResult.get()
    }

    /// The open connection, or a new one (concurrent callers share one connect).
    func channel() -> EventLoopFuture<any Channel> {
        let (future, isNew): (EventLoopFuture<any Channel>, Bool) = current.withLockedValue { current in
            if let current { return (current, false) }
            let made = ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maxLength: 64 << 20)))
                        try channel.pipeline.syncOperations.addHandler(ControlReplyHandler())
                    }
                }
                .connect(unixDomainSocketPath: path)
            current = made
            return (made, true)
        }
        if isNew {   // outside the lock: callbacks of a completed future may run at once
            future.whenComplete { [weak self] result in
                switch result {
                case .success(let channel): channel.closeFuture.whenComplete { [weak self] _ in self?.forget(future) }
                case .failure: self?.forget(future)
                }
            }
        }
        return future
    }

    /// The connection now kept (nil: none yet, or it closed).
    var kept: EventLoopFuture<any Channel>? { current.withLockedValue { $0 } }

    func forget(_ future: EventLoopFuture<any Channel>) {
        current.withLockedValue { if $0 === future { $0 = nil } }
    }

    func close() {
        let future = current.withLockedValue { current in defer { current = nil }; return current }
        future?.whenSuccess { $0.close(promise: nil) }
    }

    /// The last client copy is gone: its connection goes too.
    deinit { close() }
}

/// Pairs answer lines with requests in the order they were written; fails every waiting request
/// when the connection ends.
final class ControlReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    struct Request: Sendable {
        var line: ByteBuffer
        var reply: EventLoopPromise<ByteBuffer>
    }

    var waiting = CircularBuffer<EventLoopPromise<ByteBuffer>>()
    var closed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            request.reply.fail(ControlConnection.Failure.lost)
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        waiting.append(request.reply)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { _ in
            request.reply.fail(ControlConnection.Failure.lost)
            context.close(promise: nil)
        }
        written.futureResult.cascade(to: promise)
        context.write(wrapOutboundOut(request.line), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        waiting.popFirst()?.succeed(line)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        while let reply = waiting.popFirst() { reply.fail(ControlConnection.Failure.lost) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
