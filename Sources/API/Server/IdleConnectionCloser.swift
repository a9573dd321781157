import NIOCore

/// Closes a connection when `IdleStateHandler` reports no bytes in either direction for its
/// timeout (a stalled upload, a dead peer). Long downloads and the event stream keep writing,
/// so they never count as idle.
final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

@available(*, unavailable)
extension IdleConnectionCloser: Sendable {}
