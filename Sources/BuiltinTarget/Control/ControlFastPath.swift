import Foundation
import NIOCore

/// Answers a control connection's `reset` and unchanged `apply` / `applyAndReset` on its event
/// loop (`TargetBook.answerAtOnce`); every other line goes on to the connection's control task
/// and the `TargetTable` actor. Answers keep the order of the requests: a line is answered here
/// only when no earlier line is still with the task (each answer the task writes passes here
/// outbound and is counted). Nothing is answered here before the peer was checked (`open`).
final class ControlFastPath: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let book: TargetBook
    /// Set on the event loop once the peer may control the target.
    var open = false
    /// Lines handed to the control task and not answered yet.
    var withTask = 0

    init(book: TargetBook) {
        self.book = book
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        if open, withTask == 0,
           let request = try? JSONDecoder().decode(ControlRequest.self, from: Data(line.readableBytesView)),
           let response = book.answerAtOnce(request),
           var answer = try? JSONEncoder().encode(response) {
            answer.append(0x0a)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: answer)), promise: nil)
            return
        }
        withTask += 1
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        withTask = max(0, withTask - 1)
        context.write(data, promise: promise)
    }

    /// Lets `channel`'s fast path answer (after the peer check passed).
    static func open(_ channel: any Channel) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: ControlFastPath.self).open = true
        }.get()
    }
}
